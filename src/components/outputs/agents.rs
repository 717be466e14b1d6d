//! The Agents tab: the lightrun-agents chart's `javaAgents` values and the agent Secrets, with
//! the pin of the chain in the pool. The text and every decision (the pin, the host check, the
//! key left to fill) are the core's [`certlens_core::output::agents`]; the agent key typed here
//! stays in this component's state (never stored).

use certlens_core::output::{OutputKind, DEFAULT_AGENT_NAME, DEFAULT_AGENT_NAMESPACE, ROTATION_NOTE};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::block::OutputBlock;
use super::tabs::{ask_tab, text_input, TabProps};
use crate::engine_call::{AgentsOut, Call};
use crate::hooks::use_engine;
use super::{messages, problem};

#[component]
pub fn AgentsTab(props: &TabProps) -> Html {
    let host = use_state(String::new);
    let names = use_state(String::new);
    let namespace = use_state(String::new);
    let key = use_state(String::new);
    let set_key = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                key.set(t.value());
            }
        })
    };
    // Built by the engine (engine_call): the agent key travels in its own wiped buffer.
    let call = (!host.trim().is_empty()).then(|| Call::Agents {
        server_host: host.trim().to_string(),
        agents: names
            .split([',', ' '])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect(),
        namespace: Some(namespace.trim().to_string()).filter(|n| !n.is_empty()),
    });
    let agent_key = Some(zeroize::Zeroizing::new(key.trim().to_string())).filter(|k| !k.is_empty());
    let answer = use_engine(call.map(|call| (props.report.clone(), call, agent_key)), ask_tab::<AgentsOut>);
    html! {
        <>
            <p class="hint">{ "The Lightrun agents (the lightrun-agents chart of the Kubernetes operator) trust the server by pin: the SHA-256 of the public key of the first certificate of the server's tls.crt, which the backend advertises. They also check the host name." }</p>
            <p class="hint">{ ROTATION_NOTE }</p>
            <div class="form-grid">
                { text_input("agents-host", "Server host (serverHostname)", &host, "e.g. lightrun.example.com") }
                { text_input("agents-names", "Agents (names, comma separated)", &names, &format!("default {DEFAULT_AGENT_NAME}")) }
                { text_input("agents-namespace", "Agents' namespace", &namespace, &format!("default {DEFAULT_AGENT_NAMESPACE}")) }
                <label for="agents-key">{ "Agent key (lightrun_key, from the server's UI)" }
                    <input type="password" id="agents-key" value={(*key).clone()} oninput={set_key} placeholder="optional: left to fill when empty" spellcheck="false" autocomplete="off" />
                </label>
            </div>
            if host.trim().is_empty() {
                <p class="hint">{ "Give the host the agents connect to (general.lightrun_endpoint) to see their values." }</p>
            } else {
                { match answer {
                    None => html! {},
                    Some(Ok(a)) => html! {
                        <>
                            { messages(&a.warnings, &a.notes) }
                            <OutputBlock secret=true id={AttrValue::from("out-agents-values")} title="lightrun-agents values.yaml (javaAgents, apiKey + pinnedCertHash)" text={AttrValue::from(a.values_yaml.as_str().to_string())} filename={OutputKind::Agents.spec().file_name} />
                            <OutputBlock secret=true id={AttrValue::from("out-agents-secret")} title="Or: agent Secrets (kubectl apply)" text={AttrValue::from(a.secret_yaml.as_str().to_string())} filename={certlens_core::output::downloads::AGENT_SECRETS} />
                            <OutputBlock id={AttrValue::from("out-agents-existing")} title="…with values.yaml (existingSecret)" text={AttrValue::from(a.existing_values_yaml.clone())} filename={certlens_core::output::downloads::AGENTS_EXISTING_VALUES} />
                        </>
                    },
                    Some(Err(e)) => problem(e),
                } }
            }
        </>
    }
}

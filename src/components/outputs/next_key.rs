//! The Pins tab's "Plan the next key" (issue 29): the next key and its request made now, and
//! `certificate.security_pinned_hashes` = [current, next], so that the renewal with the new key
//! changes nothing the clients pin. Plan, pins, steps and the agents' note are the core's
//! (`make::next_key_plan`), made in an engine worker with its own `crypto.getRandomValues`, as
//! the Make panel's PKCS#12 file is.

use std::rc::Rc;

use certlens_core::make::KeyAlgorithm;
use certlens_core::Report;
use yew::prelude::*;

use super::block::OutputBlock;
use super::{messages, problem};
use crate::engine_call::{ask, Call, NextKey as NextKeyPlan};
use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct NextKeyProps {
    pub report: Shared<Report>,
}

/// ECDSA P-256: made in this tab at once (an RSA key would hold the page for seconds), and
/// the key type every client of the chart accepts.
const NEXT_KEY: KeyAlgorithm = KeyAlgorithm::EcdsaP256;

/// Made by the engine, in a worker (`engine_call.rs`), with the worker's own randomness.
async fn plan(report: &Report) -> Result<NextKeyPlan, String> {
    ask(report, Call::NextKey { key: NEXT_KEY }, None).await
}

#[component]
pub fn NextKeyPlanner(props: &NextKeyProps) -> Html {
    // Shared, so that a render does not copy the next key.
    let made = use_state(|| None::<Result<Rc<NextKeyPlan>, String>>);
    {
        // Another pool, another current pin: a plan made for the old one goes (key included).
        let made = made.clone();
        use_effect_with(props.report.clone(), move |_| made.set(None));
    }
    // The report shown now: a plan that comes back from the worker after the pool changed is
    // for the old pool, and is dropped.
    let shown_report = use_mut_ref(|| props.report.clone());
    *shown_report.borrow_mut() = props.report.clone();
    let onclick = {
        let (made, report) = (made.clone(), props.report.clone());
        Callback::from(move |_: MouseEvent| {
            let (made, report, shown_report) = (made.clone(), report.clone(), shown_report.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let p = plan(&report).await;
                if *shown_report.borrow() == report {
                    made.set(Some(p.map(Rc::new)));
                }
            });
        })
    };
    html! {
        <div class="next-key" id="next-key">
            <h4>{ "The next key, pinned ahead" }</h4>
            <p class="hint">{ format!("A new key changes the pin. Make the next key ({}) and its request now, deploy the values that list the current pin and the next one, and the renewal itself changes nothing the clients pin. The key is made in this tab and never leaves it.", NEXT_KEY.label()) }</p>
            <button type="button" class="plan-next-key" {onclick}>{ "Plan the next key" }</button>
            { match &*made {
                None => html! {},
                Some(Err(e)) => problem(e),
                Some(Ok(p)) => shown(p),
            } }
        </div>
    }
}

/// The plan: the pins, the steps (the agents' one pin among them; step 1 says "the values
/// below"), the values, the request and the key, each downloaded under the host's name.
fn shown(p: &NextKeyPlan) -> Html {
    let a = &p.pins;
    html! {
        <div class="next-key-plan" role="status">
            <table class="coverage pins-ahead">
                <thead><tr><th scope="col">{ "Pin" }</th><th scope="col">{ "SHA-256 of SPKI" }</th></tr></thead>
                <tbody>
                    <tr><td>{ format!("current: {} (served now)", a.current_label) }</td><td class="mono wrap">{ a.current.clone() }</td></tr>
                    <tr><td>{ "next: the new key" }</td><td class="mono wrap">{ a.next.clone() }</td></tr>
                </tbody>
            </table>
            { messages(&[], &a.notes) }
            <ol class="steps">
                for s in p.steps.iter() {
                    // The core numbers its steps for the CLI's plain text; the list numbers them here.
                    <li>{ s.split_once(". ").filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit())).map_or(s.as_str(), |(_, t)| t).to_string() }</li>
                }
            </ol>
            <OutputBlock id={AttrValue::from("out-pins-ahead")} title="certificate.security_pinned_hashes: current and next"
                text={AttrValue::from(a.yaml.clone())} filename={AttrValue::from(format!("{}-pins-ahead.yaml", p.name))} />
            <OutputBlock id={AttrValue::from("out-next-csr")} title={AttrValue::from(format!("The next key's request ({})", p.names.join(", ")))}
                text={AttrValue::from(p.csr_pem.clone())} filename={AttrValue::from(format!("{}-next.csr", p.name))} />
            <OutputBlock id={AttrValue::from("out-next-key")} title="The next key (keep it until the renewal)"
                text={AttrValue::from(p.key_pem.to_string())} filename={AttrValue::from(format!("{}-next.key", p.name))} secret={true} />
        </div>
    }
}

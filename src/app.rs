use web_sys::File;
use yew::prelude::*;

use crate::browser::files::read_files;
use crate::components::{
    Certificates, ChainView, DropZone, Findings, InputPanel, Keys, Names, PasswordPrompt, PinCheck,
    Pool, Welcome, WorkStatus,
};
use crate::components::{Doctor, InventoryPanel};
use crate::state::{Action, NameQuery, State};

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A callback that dispatches the action its argument makes.
fn dispatch<T: 'static>(
    state: &UseReducerHandle<State>,
    action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let d = state.dispatcher();
    Callback::from(move |x: T| d.dispatch(action(x)))
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| d.dispatch(Action::Now(now())));
    }
    crate::hooks::use_analysis(&state);
    {
        // What the user just added is shown: bring its first panel into view (the checklist,
        // the inventory or the findings), once; then tell the reducer it was done.
        let d = state.dispatcher();
        use_effect_with(state.to_reveal(), move |g| {
            if let Some(g) = *g {
                crate::browser::reveal::reveal("#doctor, #inventory, #findings");
                d.dispatch(Action::Revealed(g));
            }
        });
    }
    // Make's result goes here, at the top of the main column (see `Make::result_host`).
    let make_slot = use_node_ref();
    let on_files = {
        let d = state.dispatcher();
        Callback::from(move |list: Vec<File>| {
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let (inputs, errors) = read_files(list).await;
                d.dispatch(Action::Now(now()));
                d.dispatch(Action::AddFiles(inputs));
                d.dispatch(Action::FileErrors(errors));
            });
        })
    };
    let on_paste = {
        let d = state.dispatcher();
        Callback::from(move |text: String| {
            d.dispatch(Action::Now(now()));
            d.dispatch(Action::Paste(text))
        })
    };
    let example = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::Now(now()));
            d.dispatch(Action::LoadExample)
        })
    };
    let clear = dispatch(&state, |_: MouseEvent| Action::Clear);
    let on_password = dispatch(&state, Action::Password);
    let on_names = dispatch(&state, |q: NameQuery| Action::Names(q));
    let on_pins = dispatch(&state, Action::Pins);
    let on_made = {
        let d = state.dispatcher();
        Callback::from(
            move |(inputs, ca): (Vec<certlens_core::Input>, Option<String>)| {
                d.dispatch(Action::Now(now()));
                d.dispatch(Action::AddMade { inputs, ca });
            },
        )
    };
    let on_trust = dispatch(&state, Action::Trust);
    let on_untrust = dispatch(&state, Action::Untrust);
    let on_deployment = dispatch(&state, Action::Deployment);
    let on_hop = dispatch(&state, Action::Hop);
    let on_fix = dispatch(&state, Action::Fix);
    // A pool of only `List`s of Secrets has just the inventory: no pooled report to show.
    let pooled = state.inventory.is_none()
        || !state.report.errors.is_empty()
        || state.report.inputs.iter().any(|i| !i.blocks.is_empty());
    let report = state.report.clone();
    let loaded = !state.is_empty();
    // The report on screen is for an earlier pool until the worker's first answer.
    let stale = state.work.as_ref().is_some_and(|w| !w.shown);
    let has_certs = !report.certificates.is_empty()
        || !report.private_keys.is_empty()
        || !report.public_keys.is_empty();
    html! {
        <DropZone on_files={on_files.clone()}>
            <header class="top">
                <div class="brand">
                    <h1>{ "certlens" }</h1>
                    <p class="tagline">{ "TLS certificates, chains, keys and pins — and the exact values your Helm chart wants." }</p>
                </div>
                <div class="header-actions">
                    <button type="button" class="secondary" onclick={example.clone()}>{ "Load example" }</button>
                    if loaded {
                        <button type="button" class="secondary" onclick={clear.clone()}>{ "Clear all" }</button>
                    }
                </div>
            </header>
            <p class="privacy" role="note">
                <strong>{ "Nothing leaves this page. " }</strong>
                { "Files and pasted text are read by WebAssembly in this tab: no upload, no storage, no analytics. The page's Content-Security-Policy lets it connect only to the server it came from (to load its own files) and nowhere else, and it keeps working with the network unplugged." }
            </p>
            if loaded {
                <nav class="jump" aria-label="Sections">
                    if state.doctor.is_some() { <a href="#doctor">{ "Checklist" }</a> }
                    if state.inventory.is_some() { <a href="#inventory">{ "Inventory" }</a> }
                    // Only the sections on the page: a pool of only Lists has just the inventory.
                    if pooled {
                        <a href="#findings">{ "Findings" }</a>
                        if !report.certificates.is_empty() { <a href="#chain">{ "Chain" }</a><a href="#certificates">{ "Certificates" }</a> }
                        if !report.private_keys.is_empty() || !report.public_keys.is_empty() { <a href="#keys">{ "Keys" }</a> }
                        <a href="#names">{ "Names" }</a>
                        <a href="#pins">{ "Pins" }</a>
                        <a href="#outputs">{ "Outputs" }</a>
                    }
                </nav>
            }
            // For tests and assistive tech: which pool generation is shown, and whether the worker
            // is still busy with it.
            <main class={classes!((!loaded).then_some("empty"))} data-generation={state.generation.to_string()} data-busy={state.working().to_string()}>
                <div class="inputs-column">
                    <InputPanel {on_files} {on_paste} />
                    <crate::components::Make on_made={on_made} on_deployment={on_deployment.clone()} report={report.clone()} empty={!loaded} result_host={make_slot.clone()} fix={state.fix.clone()} />
                    <PasswordPrompt report={report.clone()} has_password={state.password.is_some()} {on_password} />
                    <Pool state={state.clone()} />
                    <crate::components::TrustedRoots trusted={state.trusted.clone()} {on_untrust} />
                </div>
                // Results only, in the wide column (inputs stay on the left); on a narrow screen
                // they come first (styles.css). The same element empty or not: Make's result,
                // placed in the slot before its certificates reach the pool, stays put.
                <div class={classes!("results-column", stale.then_some("stale"))} aria-busy={stale.to_string()}>
                    <div class="make-result-slot" ref={make_slot}></div>
                    if !loaded {
                        <Welcome on_example={example.clone()} />
                    } else {
                        <WorkStatus work={state.work.clone()} error={state.worker_error.clone()} inputs={state.inputs.len()} />
                        if let Some(d) = state.doctor.clone() {
                            <Doctor report={d.clone()} deployment={shown_deployment(&state, &d)} on_change={on_deployment.clone()} hop={state.hop.clone()} on_hop={on_hop.clone()} on_fix={on_fix.clone()} />
                        }
                        if let Some(inv) = state.inventory.clone() {
                            <InventoryPanel inventory={inv} />
                        }
                        if pooled {
                            <Findings report={report.clone()} checklist={state.doctor.as_ref().map(|d| d.summary.clone())} />
                            if has_certs {
                                <ChainView report={report.clone()} {on_trust} />
                                <Certificates report={report.clone()} />
                                <Keys report={report.clone()} />
                            }
                            <Names report={report.clone()} query={state.names.clone()} on_change={on_names} />
                            <PinCheck report={report.clone()} pins={AttrValue::from(state.pins.clone())} on_change={on_pins} />
                            <crate::components::Outputs report={report.clone()} chosen={state.chosen.clone()} fix={state.fix.clone()} />
                        }
                    }
                </div>
            </main>
            <footer class="foot">
                <p>{ "certlens runs offline. Verify a hosted copy against the release hashes in SECURITY.md." }</p>
            </footer>
        </DropZone>
    }
}

/// The release and namespace the checklist's fields show: the user's, else the namespace the
/// doctor took from the Secrets given.
fn shown_deployment(
    state: &crate::state::State,
    report: &certlens_core::DoctorReport,
) -> crate::state::Deployment {
    let mut d = state.deployment.clone();
    if state.chosen.is_none() && report.namespace_inferred {
        d.namespace = report.namespace.clone();
    }
    d
}

//! The Outputs panel: everything to paste into a values.yaml or apply with kubectl, each with
//! Copy and Download. One tab per output, each a component in [`tabs`] (the encryption-key tab
//! in [`encryption_key`], each output's Copy/Download/Show in [`block`]). All text comes from
//! `certlens_core::output`; the choices the user makes (key format, names) are kept by
//! [`crate::hooks::use_output_choices`], the tab here.

mod agents;
pub(crate) mod block;
mod encryption_key;
mod next_key;
mod tabs;

pub use block::{OutputBlock, OutputProps};
use agents::AgentsTab;
pub(crate) use encryption_key::EncryptionKeyTab;
use tabs::{CustomCaTab, InternalTlsTab, PinsTab, SecretTab, ValuesTab};

use certlens_core::output::{self as output, encryption_secret_name, OutputKind};
use certlens_core::Report;
use yew::prelude::*;

use crate::hooks::use_output_choices;
use crate::state::Shared;

/// The tabs are the core's outputs that have one ([`output::tabs`]): their titles and order
/// are the core's, so the page, the CLI and the JS module describe an output once.
type Tab = OutputKind;

#[derive(Properties, PartialEq)]
pub struct OutputsProps {
    pub report: Shared<Report>,
    /// The release and namespace the user gave elsewhere (doctor, Make): the fields follow it.
    #[prop_or_default]
    pub chosen: Option<crate::state::Deployment>,
    /// A checklist fix button pressed: the custom CA, the encryption key and the ordered chain
    /// are this panel's tabs, opened for the deployment (`chosen` follows the fix).
    #[prop_or_default]
    pub fix: Option<crate::state::FixRequest>,
}

pub(super) fn messages(warnings: &[String], notes: &[String]) -> Html {
    html! {
        <>
            for w in warnings.iter() { <p class="note warning">{ w.clone() }</p> }
            if !notes.is_empty() {
                <ul class="notes">
                    for n in notes.iter() { <li class="hint">{ n.clone() }</li> }
                </ul>
            }
        </>
    }
}

pub(super) fn problem(e: impl std::fmt::Display) -> Html {
    html! { <p class="note error" role="alert">{ e.to_string() }</p> }
}

#[component]
pub fn Outputs(props: &OutputsProps) -> Html {
    let tab = use_state(|| Tab::Values);
    let choices = use_output_choices(props.chosen.clone());
    // The tabs' engine calls keep this report packed (`engine_call::ask_kept`); it is dropped,
    // its decrypted keys zeroized, when the report is replaced or the panel goes.
    use_effect_with(props.report.clone(), |_| crate::engine_call::forget_packed);
    {
        let tab = tab.clone();
        use_effect_with(props.fix.clone(), move |fix| {
            use certlens_core::FixAction;
            let to = match fix.as_ref().map(|f| &f.action) {
                Some(FixAction::MakeCustomCa { .. }) => Some(Tab::CustomCa),
                Some(FixAction::MakeEncryptionKey { .. }) => Some(Tab::EncryptionKey),
                // The certificate.tls values write the served chain leaf → intermediate →
                // root, whatever order the pool holds it in.
                Some(FixAction::ReorderChain { .. }) => Some(Tab::Values),
                _ => None,
            };
            if let Some(t) = to {
                tab.set(t);
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("outputs"))
                {
                    el.scroll_into_view();
                }
            }
        });
    }
    let (report, c) = (props.report.clone(), choices.clone());
    let body = match *tab {
        Tab::Values => html! { <ValuesTab {report} choices={c} /> },
        Tab::Pins => html! { <PinsTab {report} choices={c} /> },
        Tab::Secret => html! { <SecretTab {report} choices={c} /> },
        Tab::InternalTls => html! { <InternalTlsTab {report} choices={c} /> },
        Tab::CustomCa => html! { <CustomCaTab {report} choices={c} /> },
        Tab::Agents => html! { <AgentsTab {report} choices={c} /> },
        Tab::EncryptionKey => {
            // A checklist fix ("Generate an encryption key") generates one on opening the tab.
            let generate_for = props.fix.as_ref().filter(|f| matches!(f.action, certlens_core::FixAction::MakeEncryptionKey { .. })).map(|f| f.id);
            html! { <EncryptionKeyTab secret_default={AttrValue::from(encryption_secret_name(&choices.release))} namespace={AttrValue::from(choices.namespace.trim().to_string())} {generate_for} /> }
        }
        // Outputs without a tab (the chain, key conversion, rotation) are shown inside others.
        _ => html! {},
    };

    html! {
        <section id="outputs" class="outputs" aria-labelledby="outputs-heading">
            <h2 id="outputs-heading">{ "Outputs for the Helm chart" }</h2>
            <div class="tabs" role="tablist">
                for spec in output::tabs() {
                    {{
                        let t = spec.kind;
                        let label = spec.title;
                        let selected = *tab == t;
                        let set = tab.clone();
                        html! {
                            <button type="button" role="tab" aria-selected={selected.to_string()} onclick={Callback::from(move |_: MouseEvent| set.set(t))}>{ label }</button>
                        }
                    }}
                }
            </div>
            <div role="tabpanel">{ body }</div>
            <crate::components::make::bundle::OwnBundle report={props.report.clone()}
                release={AttrValue::from(choices.release.trim().to_string())}
                namespace={AttrValue::from(choices.namespace.trim().to_string())} />
        </section>
    }
}

//! What the Make panel shows under its form: progress, an error, or what was made.

use std::rc::Rc;

use certlens_core::make::KeyAlgorithm;
use yew::prelude::*;

use super::bundle::BundleSection;
use crate::components::actions::DownloadButton;
use crate::components::outputs::block::OutputBlock;
use crate::make_job::MadeView;

/// Where a Make run stands.
#[derive(Clone, PartialEq)]
pub enum Status {
    Idle,
    Working {
        done: usize,
        total: usize,
        /// The key type generated; `None` for a same-key renewal (nothing is generated).
        key: Option<KeyAlgorithm>,
    },
    Failed(String),
    /// Shared, so that a render does not copy the keys made.
    Done(Rc<MadeView>),
    /// A PKCS#12 file was downloaded: what it holds.
    Downloaded(String),
}

#[derive(Properties, PartialEq)]
pub struct MakeResultProps {
    pub status: Status,
}

#[component]
pub fn MakeResult(props: &MakeResultProps) -> Html {
    match &props.status {
        Status::Idle => html! {},
        Status::Working { key: None, .. } => html! {
            <div class="make-progress" role="status" aria-live="polite">
                <progress />
                <span>{ "Signing the renewal request with your key…" }</span>
            </div>
        },
        Status::Working { done, total, key: Some(key) } => html! {
            <div class="make-progress" role="status" aria-live="polite">
                // Indeterminate until the first key is done: one RSA key is one long step.
                if *done == 0 { <progress /> } else { <progress max={total.to_string()} value={done.to_string()} /> }
                <span>{ format!("Generating keys: {done} of {total} ({}){}", key.label(), if key.is_slow() { " — RSA primes take a few seconds each" } else { "" }) }</span>
            </div>
        },
        Status::Failed(e) => html! { <p class="error make-error" role="alert">{ e.clone() }</p> },
        Status::Downloaded(m) => html! { <p class="make-summary" role="status">{ m.clone() }</p> },
        Status::Done(v) => html! { <MadeResult view={v.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct MadeResultProps {
    view: Rc<MadeView>,
}

/// The blocks made, and one download pair per service.
#[component]
fn MadeResult(props: &MadeResultProps) -> Html {
    let v = &props.view;
    html! {
        <div class="make-result">
            <BundleSection view={v.clone()} />
            <p class="make-summary" role="status">{ v.summary.clone() }</p>
            if let Some(p) = &v.pin_note {
                <p class="note pin-note">{ p.clone() }</p>
            }
            if !v.notes.is_empty() {
                <ul class="notes">
                    for n in v.notes.iter() { <li class="hint">{ n.clone() }</li> }
                </ul>
            }
            { for v.warnings.iter().map(|w| html! { <p class="warning">{ w.clone() }</p> }) }
            { for v.blocks.iter().map(|b| html! {
                <OutputBlock title={b.title.clone()} text={b.text.clone()} filename={b.filename.clone()}
                    note={b.note.clone().map(AttrValue::from)} secret={b.secret} />
            }) }
            if !v.pairs.is_empty() {
                <h4>{ "Certificates and keys, one pair per service" }</h4>
                <ul class="made-files">
                    { for v.pairs.iter().map(|p| html! {
                        <li data-name={p.name.clone()}>
                            <strong>{ p.name.clone() }</strong>{ format!(" — {}", p.role) }
                            <DownloadButton name={format!("{}.crt", p.name)} text={p.certificate_pem.clone()} />
                            <DownloadButton name={format!("{}.key", p.name)} text={p.key_pem.clone()} />
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

use certlens_core::pinlist::RotationState;
use certlens_core::Report;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct PinsProps {
    pub report: Shared<Report>,
    pub pins: AttrValue,
    pub on_change: Callback<String>,
}

/// Check a pasted `security_pinned_hashes` list against everything loaded.
#[component]
pub fn PinCheck(props: &PinsProps) -> Html {
    let oninput = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                cb.emit(t.value());
            }
        })
    };
    let r = &props.report;
    let from_values = props.pins.trim().is_empty() && r.pin_check.is_some();
    html! {
        <section id="pins" class="pins" aria-labelledby="pins-heading">
            <h2 id="pins-heading">{ "Pin check" }</h2>
            <p class="hint">{ "Paste certificate.security_pinned_hashes (YAML list, comma-separated, any case). Each pin is the SHA-256 of a SubjectPublicKeyInfo." }</p>
            <label for="pins-box" class="field-label">{ "Expected pins" }</label>
            <textarea id="pins-box" rows="3" spellcheck="false" value={props.pins.clone()} {oninput} placeholder="- 31b95a20…" />
            if from_values {
                <p class="hint">{ "Checking the pins found in the loaded values.yaml." }</p>
            }
            if let Some(pc) = &r.pin_check {
                <div class="pin-result">
                    <p class={classes!("rotation", if matches!(pc.rotation, RotationState::OldAndNew) { "ok" } else { "warning" })}>
                        { match pc.rotation {
                            RotationState::Empty => "No valid pin in the list.",
                            RotationState::SinglePin => "One pin only: no overlap for a key rotation.",
                            RotationState::OldAndNew => "Two pins: old and new key side by side, ready for rotation.",
                            RotationState::Multiple => "Several pins.",
                        } }
                    </p>
                    <ul class="pin-entries">
                        for (i, e) in pc.entries.iter().enumerate() {
                            <li class={classes!("pin-entry", if e.error.is_some() { "error" } else if pc.unmatched_entries.contains(&i) { "warning" } else { "ok" })}>
                                <code class="mono wrap">{ e.normalized.clone().unwrap_or_else(|| e.raw.clone()) }</code>
                                { " — " }
                                { entry_status(pc, i) }
                            </li>
                        }
                    </ul>
                    <ul class="pin-messages">
                        for m in pc.messages.iter() { <li>{ m.clone() }</li> }
                    </ul>
                </div>
            }
        </section>
    }
}

fn entry_status(pc: &certlens_core::pinlist::PinCheck, i: usize) -> String {
    let e = &pc.entries[i];
    if let Some(err) = &e.error {
        return err.clone();
    }
    match pc.matches.iter().find(|m| m.entry == i) {
        Some(m) if !m.targets.is_empty() => {
            format!("matches {} item(s) loaded here", m.targets.len())
        }
        _ => "matches nothing loaded here (the old or the next key?)".into(),
    }
}

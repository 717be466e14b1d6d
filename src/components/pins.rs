use certlens_core::output::{pin_verdict, PinLevel};
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
    // The verdict and every word of it are the core's: the CLI and the JS module say the same.
    let verdict = use_memo(props.report.clone(), |r| pin_verdict(r));
    html! {
        <section id="pins" class="pins" aria-labelledby="pins-heading">
            <h2 id="pins-heading">{ "Pin check" }</h2>
            <p class="hint">{ "Paste certificate.security_pinned_hashes (YAML list, comma-separated, any case). Each pin is the SHA-256 of a SubjectPublicKeyInfo." }</p>
            <label for="pins-box" class="field-label">{ "Expected pins" }</label>
            <textarea id="pins-box" rows="3" spellcheck="false" value={props.pins.clone()} {oninput} placeholder="- 31b95a20…" />
            if from_values {
                <p class="hint">{ "Checking the pins found in the loaded values.yaml." }</p>
            }
            if let Some(v) = &*verdict {
                <div class="pin-result">
                    // Error keeps the warning class the page always had, and adds its own colour.
                    <p class={classes!("rotation", level_class(v.level), (v.level == PinLevel::Error).then_some("warning"))}>{ v.headline.clone() }</p>
                    <ul class="pin-entries">
                        for e in v.entries.iter() {
                            <li class={classes!("pin-entry", level_class(e.level))}>
                                <code class="mono wrap">{ e.pin.clone() }</code>
                                { " — " }
                                { e.description.clone() }
                            </li>
                        }
                    </ul>
                    <ul class="pin-messages">
                        for m in v.notes.iter() { <li>{ m.clone() }</li> }
                    </ul>
                </div>
            }
        </section>
    }
}

fn level_class(level: PinLevel) -> &'static str {
    match level {
        PinLevel::Ok => "ok",
        PinLevel::Warning => "warning",
        PinLevel::Error => "error",
        // The core's enums are `#[non_exhaustive]`: a level added there shows plainly.
        _ => "muted",
    }
}

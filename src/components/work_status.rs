use certlens_core::Stage;
use yew::prelude::*;

use crate::state::Work;

#[derive(Properties, PartialEq)]
pub struct WorkStatusProps {
    pub work: Option<Work>,
    pub error: Option<String>,
    /// Number of inputs in the pool (for "Reading 3 inputs").
    pub inputs: usize,
}

fn count(n: usize) -> String {
    // 14400 → "14,400": long runs of digits are hard to read in a progress line.
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// What the worker is doing, with a progress bar; or why it stopped.
#[component]
pub fn WorkStatus(props: &WorkStatusProps) -> Html {
    if let Some(e) = &props.error {
        return html! {
            <p class="note error" role="alert">
                { format!("The analysis stopped: {e}. The page still works: remove the last input or reload to try again.") }
            </p>
        };
    }
    let Some(work) = &props.work else {
        return html! {};
    };
    let (text, value) = match work.progress {
        None => (
            format!(
                "Reading {} input{}…",
                props.inputs,
                if props.inputs == 1 { "" } else { "s" }
            ),
            None,
        ),
        Some(p) => {
            let frac = (p.total > 0).then(|| (p.done as f64 / p.total as f64).clamp(0.0, 1.0));
            let text = match p.stage {
                Stage::Reading => format!(
                    "Reading {} input{}…",
                    props.inputs,
                    if props.inputs == 1 { "" } else { "s" }
                ),
                Stage::Describing => {
                    format!("Describing blocks: {} of {}", count(p.done), count(p.total))
                }
                Stage::Checking => "Building chains and checking their signatures…".to_string(),
                Stage::SelfSignatures => format!(
                    "Checking each root's own signature: {} of {}",
                    count(p.done),
                    count(p.total)
                ),
                Stage::Secrets => format!(
                    "Inventory: {} of {} Secrets analysed",
                    count(p.done),
                    count(p.total)
                ),
                // The core's enums are `#[non_exhaustive]`: a stage added there reads plainly.
                _ => "Working…".to_string(),
            };
            let value = if p.stage == Stage::Checking {
                None
            } else {
                frac
            };
            (text, value)
        }
    };
    html! {
        <div class="work-status note info" role="status" aria-live="polite">
            <label for="work-progress">{ text }</label>
            if let Some(v) = value {
                <progress id="work-progress" max="1" value={format!("{v:.3}")}></progress>
            } else {
                <progress id="work-progress"></progress>
            }
            if work.shown {
                <span class="small-text muted">{ " Everything else below is final." }</span>
            }
        </div>
    }
}

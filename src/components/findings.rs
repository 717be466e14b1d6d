use certlens_core::{Finding, Severity};
use yew::prelude::*;

use crate::state::Shared;
use certlens_core::Report;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub report: Shared<Report>,
    /// The checklist's tally when one is shown: the count line says what each counts.
    #[prop_or_default]
    pub checklist: Option<certlens_core::Summary>,
}

fn severity(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("error", "Error"),
        Severity::Warning => ("warning", "Warning"),
        Severity::Info => ("info", "Info"),
        // The core's enums are `#[non_exhaustive]`: a severity added there shows as info.
        _ => ("info", "Info"),
    }
}

/// How many findings are listed before "Show all".
const FIRST: usize = 100;
/// More notes (info) than this are folded under one line.
const FOLD_INFO: usize = 3;

fn finding(r: &Report, f: &Finding) -> Html {
    // A finding told once for many certificates names the first few ("and 9,997 more").
    let names = certlens_core::grouped_certificates(r, f);
    html! {
        <li class={classes!("finding", severity(f.severity).0)} data-code={f.code.as_str()}>
            <span class={classes!("badge", severity(f.severity).0)}>{ severity(f.severity).1 }</span>
            <div>
                <p class="message">{ f.message.clone() }</p>
                if let Some(names) = names {
                    <p class="certificates">{ names }</p>
                }
                <p class="fix">{ format!("Fix: {}", f.fix) }</p>
            </div>
        </li>
    }
}

/// Everything worth telling the user, errors first, each with its fix.

#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    let all = use_state(|| false);
    let r = &props.report;
    let limit = if *all { usize::MAX } else { FIRST };
    let total = r.findings.len() + r.errors.len();
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    let (infos, serious): (Vec<&Finding>, Vec<&Finding>) = r
        .findings
        .iter()
        .partition(|f| f.severity == Severity::Info);
    let errors = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
        + r.errors.len();
    let warnings = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    // The core's line: beside the checklist it says that these are the certificates' own
    // findings and gives the checklist's tally, so "3 errors" here and "11 errors" there agree.
    let line = certlens_core::findings_summary(r, props.checklist.as_ref());
    let summary = if errors == 0 && warnings == 0 {
        html! { <p class="all-good">{ line }</p> }
    } else {
        html! { <p class="summary">{ line }</p> }
    };
    html! {
        <section id="findings" class="findings" aria-labelledby="findings-heading">
            <h2 id="findings-heading">{ "Findings" }</h2>
            { summary }
            <ul class="finding-list">
                for e in r.errors.iter().take(limit) {
                    <li class="finding error" data-code="read_error">
                        <span class="badge error">{ "Error" }</span>
                        <div><p class="message">{ e.message.clone() }</p></div>
                    </li>
                }
                for f in serious.iter().take(limit.saturating_sub(r.errors.len().min(limit))) { { finding(r, f) } }
                if infos.len() <= FOLD_INFO {
                    for f in infos.iter() { { finding(r, f) } }
                }
            </ul>
            // A trust store has dozens of notes (SHA-1 self-signatures of old roots...): they are
            // folded so errors and warnings stay in view.
            if infos.len() > FOLD_INFO {
                <details class="info-findings">
                    <summary>{ format!("{} notes (info)", infos.len()) }</summary>
                    <ul class="finding-list">
                        for f in infos.iter().take(limit) { { finding(r, f) } }
                    </ul>
                </details>
            }
            if total > limit {
                <button type="button" class="secondary" onclick={show_all}>{ format!("Show all {total} findings") }</button>
            }
        </section>
    }
}

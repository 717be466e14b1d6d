//! The deployment checklist: one verdict per setting of a values.yaml (or per Ingress `tls`
//! entry and cert-manager Certificate), worst first within each, with its fix. Verdicts and
//! their wording come from `certlens_core::doctor`.

use certlens_core::{DoctorReport, Verdict, VerdictLevel};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::actions::CopyButton;
use crate::state::{Deployment, Shared};

#[derive(Properties, PartialEq)]
pub struct DoctorProps {
    pub report: Shared<DoctorReport>,
    pub deployment: Deployment,
    pub on_change: Callback<Deployment>,
    /// The hop of the map the user opened, and how to open one.
    pub hop: Option<String>,
    pub on_hop: Callback<String>,
}

fn badge(level: VerdictLevel) -> (&'static str, &'static str) {
    match level {
        VerdictLevel::Ok => ("ok", "OK"),
        VerdictLevel::Warning => ("warning", "Warning"),
        VerdictLevel::Error => ("error", "Error"),
        VerdictLevel::NotChecked => ("info", "Not checked"),
        // The core's enums are `#[non_exhaustive]`: a level added there shows as a note.
        _ => ("info", "Note"),
    }
}

/// The row's class (not `error`: a plain `li.error` is styled as an error message).
fn row_class(level: VerdictLevel) -> &'static str {
    match level {
        VerdictLevel::Ok => "v-ok",
        VerdictLevel::Warning => "v-warning",
        VerdictLevel::Error => "v-error",
        VerdictLevel::NotChecked => "v-info",
        _ => "v-info",
    }
}

#[derive(Properties, PartialEq)]
struct SecretProps {
    what: AttrValue,
    value: AttrValue,
}

/// A secret a fix hands over (the corrected encryption key): blurred until "Show", like every
/// other key output (someone may be sharing their screen); Copy works either way.
#[component]
fn SecretValueView(props: &SecretProps) -> Html {
    let shown = use_state(|| false);
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(!*shown))
    };
    html! {
        <p class="fix secret-value">
            { format!("{}: ", props.what) }
            <code class={classes!("wrap", (!*shown).then_some("concealed"))}>{ props.value.clone() }</code>
            { " " }
            <button type="button" class="small secondary reveal" aria-pressed={(*shown).to_string()} onclick={toggle}>
                { if *shown { "Hide" } else { "Show" } }
            </button>
            <CopyButton text={props.value.clone()} what={props.what.clone()} />
        </p>
    }
}

fn verdict(i: usize, v: &Verdict, in_hop: bool) -> Html {
    let (class, word) = badge(v.level);
    let place = match v.line {
        Some(l) => format!("{}, line {l}", v.source),
        None => v.source.clone(),
    };
    html! {
        <li id={format!("verdict-{i}")} class={classes!("verdict", row_class(v.level), in_hop.then_some("in-hop"))} data-setting={v.setting.clone()} data-level={word}>
            <span class={classes!("badge", class)}>{ word }</span>
            <div class="verdict-body">
                <p class="setting"><code class="wrap">{ v.setting.clone() }</code>{ " " }<span class="muted small-text">{ place }</span></p>
                if v.problems.is_empty() {
                    <p class="message">{ v.summary.clone() }</p>
                }
                if !v.problems.is_empty() {
                    <ul class="problems">
                        for p in v.problems.iter() {
                            <li class={classes!("problem", row_class(p.level))}>
                                <p class="message">{ p.text.clone() }</p>
                                if let Some(f) = &p.fix {
                                    <p class="fix">{ format!("Fix: {f}") }</p>
                                }
                                if let Some(s) = p.secret.as_ref().filter(|s| s.value.is_some()) {
                                    <SecretValueView what={AttrValue::from(s.what.clone())} value={AttrValue::from(s.value.clone().unwrap_or_default())} />
                                }
                            </li>
                        }
                    </ul>
                }
                if !v.notes.is_empty() {
                    <details class="verdict-notes" open={in_hop}>
                        <summary>{ format!("What was checked ({})", v.notes.len()) }</summary>
                        <ul>
                            for n in v.notes.iter() { <li class="small-text wrap">{ n.clone() }</li> }
                        </ul>
                    </details>
                }
            </div>
        </li>
    }
}

/// The checklist, with the release and namespace it was checked for.
#[component]
pub fn Doctor(props: &DoctorProps) -> Html {
    let r = &props.report;
    let s = &r.summary;
    let rows: Vec<usize> = props
        .hop
        .as_ref()
        .and_then(|id| r.hops.iter().find(|h| &h.id == id))
        .map(|h| h.verdicts.clone())
        .unwrap_or_default();
    {
        // Bring the first row of the hop opened into view (the map sits above the list).
        let first = rows.first().copied();
        use_effect_with((props.hop.clone(), first), move |(_, first)| {
            if let Some(el) = first.and_then(|i| {
                web_sys::window()?
                    .document()?
                    .get_element_by_id(&format!("verdict-{i}"))
            }) {
                el.scroll_into_view();
            }
        });
    }
    let headline = if r.has_errors() {
        format!(
            "This deployment will fail: {} error{} to fix.",
            s.errors.max(r.errors.len()),
            if s.errors.max(r.errors.len()) == 1 {
                ""
            } else {
                "s"
            }
        )
    } else if s.not_checked > 0 {
        "No error found in what was given; some settings name Secrets that were not given."
            .to_string()
    } else if s.warnings > 0 {
        "No error; some settings need a look.".to_string()
    } else {
        "Every setting checked is right.".to_string()
    };
    let field = |which: &'static str| {
        let d = props.deployment.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = d.clone();
            if which == "release" {
                next.release = value.trim().to_string();
            } else {
                next.namespace = value.trim().to_string();
            }
            on_change.emit(next);
        })
    };
    html! {
        <section id="doctor" class="doctor" aria-labelledby="doctor-heading">
            <div class="section-head">
                <h2 id="doctor-heading">{ "Deployment checklist" }</h2>
                <span class="counts">
                    <span class="badge error">{ format!("{} error{}", s.errors, if s.errors == 1 { "" } else { "s" }) }</span>
                    { " " }<span class="badge warning">{ format!("{} warning{}", s.warnings, if s.warnings == 1 { "" } else { "s" }) }</span>
                    { " " }<span class="badge info">{ format!("{} not checked", s.not_checked) }</span>
                    { " " }<span class="badge ok">{ format!("{} ok", s.ok) }</span>
                </span>
            </div>
            <p class={classes!("summary", if r.has_errors() { "error-text" } else { "ok-text" })}>{ headline }</p>
            if r.modes.iter().any(|m| m == "values") {
                <div class="form-grid">
                    <label>{ "Helm release" }
                        <input type="text" id="doctor-release" value={props.deployment.release.clone()} onchange={field("release")} spellcheck="false" autocomplete="off" />
                    </label>
                    <label>{ "Namespace" }
                        <input type="text" id="doctor-namespace" value={props.deployment.namespace.clone()} onchange={field("namespace")} spellcheck="false" autocomplete="off" />
                    </label>
                    <span class="small-text muted">{
                        if r.namespace_inferred {
                            "The namespace is the one every Secret given names; type another to check against it. Service names and Secret lookups use these (CLI: --release, --namespace)."
                        } else {
                            "Service names and Secret lookups use these (CLI: --release, --namespace)."
                        }
                    }</span>
                </div>
            }
            <crate::components::hops::HopMap hops={r.hops.clone()} open={props.hop.clone()} on_hop={props.on_hop.clone()} />
            <ol class="verdict-list">
                for (i, v) in r.verdicts.iter().enumerate() { { verdict(i, v, rows.contains(&i)) } }
            </ol>
            for e in r.errors.iter() {
                <p class="note error" role="alert">{ e.clone() }</p>
            }
            if !r.unused.is_empty() {
                <details class="verdict-notes">
                    <summary>{ format!("Not used by the checklist ({})", r.unused.len()) }</summary>
                    <ul>
                        for u in r.unused.iter() { <li class="small-text wrap">{ u.clone() }</li> }
                    </ul>
                </details>
            }
        </section>
    }
}

//! The deployment checklist: one verdict per setting of a values.yaml (or per Ingress `tls`
//! entry and cert-manager Certificate). The core's tally on top, each count a link to its first
//! row; errors first, then warnings (the core's reading order), ok and not checked collapsed;
//! each row one line, its problems, fixes and notes expanding; the fixes certlens can do are
//! buttons. Verdicts, order and wording come from `certlens_core::doctor`.

use certlens_core::{DoctorReport, FixAction, Verdict, VerdictLevel};
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
    /// A fix button pressed: the page does the fix (`Action::Fix`).
    #[prop_or_default]
    pub on_fix: Callback<FixAction>,
    /// A prefix for every id the checklist sets (empty for the page's checklist). A second
    /// checklist on the page (the bundle's, in Make's result) needs its own, or the page's
    /// count links and its reveal would land on the other one's rows.
    #[prop_or_default]
    pub scope: AttrValue,
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

/// The button of a fix certlens can do (the core's `Problem.action`): the page does it, with
/// the release and namespace the action carries; no CLI command is shown here.
fn fix_button(a: &FixAction, on_fix: &Callback<FixAction>) -> Html {
    let kind = match a {
        FixAction::MakeInternalTls { .. } => "make_internal_tls",
        FixAction::MakeCustomCa { .. } => "make_custom_ca",
        FixAction::MakeEncryptionKey { .. } => "make_encryption_key",
        FixAction::ReorderChain { .. } => "reorder_chain",
        _ => "other",
    };
    let onclick = {
        let (a, on_fix) = (a.clone(), on_fix.clone());
        Callback::from(move |e: MouseEvent| {
            // The row's <summary> holds the button: do not toggle the row too.
            e.prevent_default();
            e.stop_propagation();
            on_fix.emit(a.clone())
        })
    };
    html! {
        <button type="button" class="small fix-action" data-kind={kind} {onclick}>{ a.label() }</button>
    }
}

/// One row: on one line its level, setting and one-line verdict, with the buttons of the
/// fixes certlens can do; the problems, fixes, notes and line expand below.
fn verdict(scope: &str, i: usize, v: &Verdict, in_hop: bool, on_fix: &Callback<FixAction>) -> Html {
    let (class, word) = badge(v.level);
    let place = match v.line {
        Some(l) => format!("{}, line {l}", v.source),
        None => v.source.clone(),
    };
    let mut actions: Vec<&FixAction> = Vec::new();
    for a in v.problems.iter().filter_map(|p| p.action.as_ref()) {
        if !actions.contains(&a) {
            actions.push(a);
        }
    }
    html! {
        <li id={format!("{scope}verdict-{i}")} class={classes!("verdict", row_class(v.level), in_hop.then_some("in-hop"))} data-setting={v.setting.clone()} data-level={word}>
            <details class="verdict-row" open={in_hop}>
                <summary class="verdict-line">
                    <span class={classes!("badge", class)}>{ word }</span>
                    <code class="setting-name" title={v.setting.clone()}>{ short_setting(&v.setting) }</code>
                    <span class="message one-line" title={v.summary.clone()}>{ v.summary.clone() }</span>
                    if !actions.is_empty() {
                        <span class="fix-actions">
                            for a in actions.iter() { { fix_button(a, on_fix) } }
                        </span>
                    }
                </summary>
                <div class="verdict-body">
                    <p class="setting"><code class="wrap">{ v.setting.clone() }</code>{ " " }<span class="muted small-text">{ place }</span></p>
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
            </details>
        </li>
    }
}

/// The setting as the one-line row shows it: long paths keep their end, which tells rows apart
/// (`…existing_certificates.keycloak`); the full path is the title and in the details.
fn short_setting(s: &str) -> String {
    const MAX: usize = 34;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let mut tail = String::new();
    for part in s.split('.').rev() {
        let next = if tail.is_empty() {
            part.to_string()
        } else {
            format!("{part}.{tail}")
        };
        if next.chars().count() > MAX && !tail.is_empty() {
            break;
        }
        tail = next;
    }
    format!("…{tail}")
}

/// The id of the collapsed part of the checklist (ok and not checked rows).
const REST: &str = "checklist-rest";

/// A count of the summary line, a link to the first row of its level. Rows in the collapsed
/// part open it first, so the link lands on a visible row.
fn count_link(scope: &str, n: usize, text: String, class: &'static str, first: Option<usize>, collapsed: bool) -> Html {
    let Some(first) = first.filter(|_| n > 0) else {
        return html! {};
    };
    let rest = format!("{scope}{REST}");
    let onclick = Callback::from(move |_: MouseEvent| {
        if collapsed {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&rest))
            {
                let _ = el.set_attribute("open", "");
            }
        }
    });
    html! {
        <a class={classes!("tally-link", class)} href={format!("#{scope}verdict-{first}")} data-count={n.to_string()} {onclick}>{ text }</a>
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
        // Bring the hop's first row on screen into view (the map sits below the list): the
        // first in the checklist's reading order, not in the hop's.
        let first = r
            .ordered()
            .into_iter()
            .map(|(i, _)| i)
            .find(|i| rows.contains(i));
        let scope = props.scope.clone();
        use_effect_with((props.hop.clone(), first), move |(_, first)| {
            if let Some(el) = first.and_then(|i| {
                web_sys::window()?
                    .document()?
                    .get_element_by_id(&format!("{scope}verdict-{i}"))
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
    let ordered = r.ordered();
    let first_of = |l: VerdictLevel| ordered.iter().find(|(_, v)| v.level == l).map(|(i, _)| *i);
    let (shown, rest): (Vec<_>, Vec<_>) = ordered
        .iter()
        .partition(|(_, v)| matches!(v.level, VerdictLevel::Error | VerdictLevel::Warning));
    let rest_open = rest.iter().any(|(i, _)| rows.contains(i));
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let dot = || html! { <span class="tally-dot" aria-hidden="true">{ " · " }</span> };
    let on_fix = props.on_fix.clone();
    let scope: &str = props.scope.as_str();
    html! {
        <section id={format!("{scope}doctor")} class="doctor" aria-labelledby={format!("{scope}doctor-heading")}>
            <div class="section-head">
                <h2 id={format!("{scope}doctor-heading")}>{ "Deployment checklist" }</h2>
                // The core's tally, each count a link to the first row of its level.
                <p class="checklist-tally" data-line={s.line()}>
                    { count_link(scope, s.errors, plural(s.errors, "error", "errors"), "error-text", first_of(VerdictLevel::Error), false) }
                    if s.errors > 0 && s.warnings > 0 { { dot() } }
                    { count_link(scope, s.warnings, plural(s.warnings, "warning", "warnings"), "warn-text", first_of(VerdictLevel::Warning), false) }
                    if s.errors + s.warnings > 0 && s.ok > 0 { { dot() } }
                    { count_link(scope, s.ok, format!("{} ok", s.ok), "ok-text", first_of(VerdictLevel::Ok), true) }
                    if s.errors + s.warnings + s.ok > 0 && s.not_checked > 0 { { dot() } }
                    { count_link(scope, s.not_checked, format!("{} not checked", s.not_checked), "muted", first_of(VerdictLevel::NotChecked), true) }
                </p>
            </div>
            <p class={classes!("summary", if r.has_errors() { "error-text" } else { "ok-text" })}>{ headline }</p>
            <ol class="verdict-list">
                for (i, v) in shown.iter() { { verdict(scope, *i, v, rows.contains(i), &on_fix) } }
            </ol>
            if !rest.is_empty() {
                <details id={format!("{scope}{REST}")} class="checklist-rest" open={rest_open}>
                    <summary>{ format!("{} ok · {} not checked: what was checked, and what needs a Secret to check", s.ok, s.not_checked) }</summary>
                    <ol class="verdict-list">
                        for (i, v) in rest.iter() { { verdict(scope, *i, v, rows.contains(i), &on_fix) } }
                    </ol>
                </details>
            }
            for e in r.errors.iter() {
                <p class="note error" role="alert">{ e.clone() }</p>
            }
            if r.modes.iter().any(|m| m == "values") {
                <div class="form-grid">
                    <label>{ "Helm release" }
                        <input type="text" id={format!("{scope}doctor-release")} value={props.deployment.release.clone()} onchange={field("release")} spellcheck="false" autocomplete="off" />
                    </label>
                    <label>{ "Namespace" }
                        <input type="text" id={format!("{scope}doctor-namespace")} value={props.deployment.namespace.clone()} onchange={field("namespace")} spellcheck="false" autocomplete="off" />
                    </label>
                    <span class="small-text muted">{
                        if r.namespace_inferred {
                            "The namespace is the one every Secret given names; type another to check against it. Service names, Secret lookups and the fixes use these."
                        } else {
                            "Service names, Secret lookups and the fixes use these."
                        }
                    }</span>
                </div>
            }
            <crate::components::hops::HopMap hops={r.hops.clone()} open={props.hop.clone()} on_hop={props.on_hop.clone()} scope={props.scope.clone()} />
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

use certlens_core::Report;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::{NameQuery, Shared, SERVICE_PRESETS};

#[derive(Properties, PartialEq)]
pub struct NamesProps {
    pub report: Shared<Report>,
    pub query: NameQuery,
    pub on_change: Callback<NameQuery>,
}

/// Which certificate covers each name, with the chart's internal services one click away.
#[component]
pub fn Names(props: &NamesProps) -> Html {
    let q = props.query.clone();
    let emit = |f: Box<dyn Fn(&mut NameQuery, String)>| {
        let q = q.clone();
        let cb = props.on_change.clone();
        move |v: String| {
            let mut next = q.clone();
            f(&mut next, v);
            cb.emit(next);
        }
    };
    let on_names = {
        let set = emit(Box::new(|q, v| q.names = v));
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                set(t.value());
            }
        })
    };
    let on_release = {
        let set = emit(Box::new(|q, v| q.release = v));
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                set(t.value());
            }
        })
    };
    let on_ns = {
        let set = emit(Box::new(|q, v| q.namespace = v));
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                set(t.value());
            }
        })
    };
    let preset = |key: &'static str, label: &'static str| {
        let checked = q.services.iter().any(|s| s == key);
        let q = q.clone();
        let cb = props.on_change.clone();
        let onchange = Callback::from(move |_: Event| {
            let mut next = q.clone();
            if checked {
                next.services.retain(|s| s != key);
            } else {
                next.services.push(key.to_string());
            }
            cb.emit(next);
        });
        html! {
            <label class="check">
                <input type="checkbox" {checked} {onchange} data-service={key} />
                { label }
            </label>
        }
    };
    let all_default = {
        let q = q.clone();
        let cb = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = q.clone();
            next.services = certlens_core::DEFAULT_INTERNAL_SERVICES
                .iter()
                .map(|s| s.to_string())
                .collect();
            cb.emit(next);
        })
    };
    let r = &props.report;
    html! {
        <section id="names" class="names" aria-labelledby="names-heading">
            <h2 id="names-heading">{ "Name coverage" }</h2>
            <p class="hint">{ "Does a certificate cover every name its clients use? Wildcards follow RFC 6125: one label, never the bare domain, never an IP address." }</p>
            <div class="names-grid">
                <div>
                    <label for="names-box" class="field-label">{ "Host names or IP addresses" }</label>
                    <textarea id="names-box" rows="3" spellcheck="false" value={q.names.clone()} oninput={on_names} placeholder="app.example.com, 10.0.0.1" />
                </div>
                <div>
                    <fieldset class="presets">
                        <legend>{ "Internal services of the chart" }</legend>
                        <div class="inline-fields">
                            <label>{ "Release " }<input type="text" id="release-name" value={q.release.clone()} oninput={on_release} size="12" /></label>
                            <label>{ "Namespace " }<input type="text" id="namespace" value={q.namespace.clone()} oninput={on_ns} size="12" placeholder={format!("e.g. {}", certlens_core::output::DEFAULT_RELEASE)} /></label>
                        </div>
                        <div class="checks">
                            for (key, label) in SERVICE_PRESETS.iter() {
                                { preset(key, label) }
                            }
                        </div>
                        <button type="button" class="small secondary" onclick={all_default}>{ "Check the default internal services" }</button>
                    </fieldset>
                </div>
            </div>
            if !r.names.is_empty() {
                <table class="coverage">
                    <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Covered" }</th><th scope="col">{ "By" }</th></tr></thead>
                    <tbody>
                        for n in r.names.iter() {
                            <tr class={if n.covered { "ok" } else if n.requested_by.is_some() { "warning" } else { "error" }} data-name={n.name.clone()}>
                                <td class="mono name">{ breakable(&n.name) }</td>
                                <td>{ if n.covered { "✓ covered" } else if n.requested_by.is_some() { "requested" } else { "✗ not covered" } }</td>
                                <td>
                                    if let (Some(c), Some(san)) = (n.certificate, &n.san) {
                                        <span class="mono">{ format!("#{c} via {san}") }</span>
                                    }
                                    if let Some(note) = &n.note { <span class="muted">{ format!(" {note}") }</span> }
                                    if !n.covered && n.note.is_none() { <span class="muted">{ "no SAN of the certificates loaded matches it" }</span> }
                                </td>
                            </tr>
                        }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// A host name that may wrap after each dot (and only there) on a narrow screen: table cells
/// size to their longest unbreakable run, so without these the table would overflow a phone.
fn breakable(name: &str) -> Html {
    html! {
        for part in name.split_inclusive('.') {
            { part.to_string() }<wbr />
        }
    }
}

//! The certificate inventory of a cluster's Secrets: a table soonest expiry first, a filter,
//! and the CSV, JSON and calendar exports (made by `certlens_core`).

use certlens_core::{inventory_csv, inventory_ics, ExpiryStatus, Inventory, InventoryRow};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::browser::download::download;
use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct InventoryProps {
    pub inventory: Shared<Inventory>,
}

/// Rows listed at first: a cluster has thousands, and the filter finds the rest.
const FIRST: usize = 200;

/// Rows added to the table per animation frame. One DOM update of hundreds of rows (with the
/// worker's answer decoded in the same task) kept a 2,000-Secret drop from painting for over
/// 100 ms (bench/app/inventory.mjs); a page of rows per frame keeps every frame short, and
/// "Show all" of thousands of rows fills in the same way.
const PAGE: usize = 40;

/// Calls `f` before the next paint (the browser's frame), once.
fn next_frame(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    if let Some(w) = web_sys::window() {
        let cb = wasm_bindgen::closure::Closure::once_into_js(f);
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

fn status(r: &InventoryRow) -> (&'static str, &'static str) {
    match r.status {
        ExpiryStatus::Expired => ("error", "expired"),
        ExpiryStatus::Expiring => ("warning", "expiring"),
        ExpiryStatus::NotYetValid => ("warning", "not yet valid"),
        ExpiryStatus::Valid => ("ok", "valid"),
        // The core's enums are `#[non_exhaustive]`: a status added there shows plainly.
        _ => ("muted", "unknown"),
    }
}

fn matches(r: &InventoryRow, text: &str, only: &str) -> bool {
    let keep = match only {
        "attention" => matches!(r.status, ExpiryStatus::Expired | ExpiryStatus::Expiring),
        "expired" => r.status == ExpiryStatus::Expired,
        "chain" => !r.chain_ok,
        "key" => r.key_ok == Some(false),
        _ => true,
    };
    if !keep {
        return false;
    }
    if text.is_empty() {
        return true;
    }
    let t = text.to_lowercase();
    [
        &r.namespace,
        &r.name,
        &r.key,
        &r.subject,
        &r.issuer,
        &r.secret_type,
    ]
    .iter()
    .any(|f| f.to_lowercase().contains(&t))
        || r.sans.iter().any(|s| {
            let s = s.to_lowercase();
            // A host typed in full finds the wildcard certificate that covers it.
            s.contains(&t)
                || s.strip_prefix('*').is_some_and(|suffix| {
                    t.strip_suffix(suffix)
                        .is_some_and(|label| !label.is_empty() && !label.contains('.'))
                })
        })
}

/// One line per certificate: expiry, status (with the chain's and the key's verdict when
/// either is wrong), the certificate and where it is; the rest on expand. Each cell stays on
/// one line (cut with an ellipsis, the full text as its title), so a long SAN list or issuer
/// never makes a row tall or the table wider than the column.
fn row(r: &InventoryRow, open: bool, on_toggle: Callback<String>) -> Html {
    let (class, word) = status(r);
    let who = r.common_name.clone().unwrap_or_else(|| r.subject.clone());
    let secret = if r.namespace.is_empty() {
        r.name.clone()
    } else {
        format!("{}/{}", r.namespace, r.name)
    };
    let id = format!("inv-{}", r.location.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let onclick = {
        let location = r.location.clone();
        Callback::from(move |_: MouseEvent| on_toggle.emit(location.clone()))
    };
    let problems = (!r.chain_ok, r.key_ok == Some(false));
    html! {
        <>
            <tr class={classes!("inv-row", class, open.then_some("open"))} data-ns={r.namespace.clone()} data-name={r.name.clone()} data-key={r.key.clone()}>
                <td class="expires">{ r.not_after.get(..10).unwrap_or(&r.not_after).to_string() }</td>
                <td class="num">{ r.days_left }</td>
                <td class="status">
                    <span class={classes!("badge", class)}>{ word }</span>
                    if problems.0 { { " " }<span class="badge error" title={r.chain.clone()}>{ "chain" }</span> }
                    if problems.1 { { " " }<span class="badge error" title={r.key_match.clone()}>{ "key" }</span> }
                </td>
                <td class="cert" title={r.subject.clone()}>{ who }</td>
                <td class="where" title={r.location.clone()}>{ secret }{ " " }<span class="mono muted">{ r.key.clone() }</span></td>
                <td class="more">
                    <button type="button" class="link" aria-expanded={open.to_string()} aria-controls={open.then(|| id.clone())} {onclick}>{ if open { "Less" } else { "Details" } }</button>
                </td>
            </tr>
            if open {
                <tr class="inv-detail" id={id}>
                    <td colspan="6">
                        <dl class="fields">
                            <dt>{ "Subject" }</dt><dd>{ r.subject.clone() }</dd>
                            <dt>{ "Issuer" }</dt><dd>{ r.issuer.clone() }</dd>
                            <dt>{ "Names" }</dt><dd>{ if r.sans.is_empty() { "none".to_string() } else { r.sans.join(", ") } }</dd>
                            <dt>{ "Valid" }</dt><dd>{ format!("{} to {}", r.not_before, r.not_after) }</dd>
                            <dt>{ "Chain" }</dt><dd class={classes!((!r.chain_ok).then_some("error-text"))}>{ r.chain.clone() }</dd>
                            <dt>{ "Private key" }</dt><dd class={classes!((r.key_ok == Some(false)).then_some("error-text"))}>{ r.key_match.clone() }</dd>
                            <dt>{ "Secret" }</dt><dd>{ format!("{} ({})", r.location, r.secret_type) }</dd>
                            <dt>{ "SHA-256" }</dt><dd class="mono">{ r.fingerprint_sha256.clone() }</dd>
                            <dt>{ "SPKI pin" }</dt><dd class="mono">{ r.spki_sha256.clone() }</dd>
                        </dl>
                    </td>
                </tr>
            }
        </>
    }
}

/// The summary line of the rows a filter keeps: the counts follow the filter.
fn summary(inv: &Inventory, shown: &[&InventoryRow], filtering: bool) -> (String, bool) {
    let attention = shown
        .iter()
        .filter(|r| matches!(r.status, ExpiryStatus::Expired | ExpiryStatus::Expiring))
        .count();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let text = if filtering {
        let secrets: std::collections::HashSet<(&str, &str)> = shown
            .iter()
            .map(|r| (r.namespace.as_str(), r.name.as_str()))
            .collect();
        format!(
            "{} of {} certificates match, in {} Secret{}; {} of them expired or expiring within {} days.",
            shown.len(),
            inv.rows.len(),
            secrets.len(),
            s(secrets.len()),
            attention,
            inv.warn_days
        )
    } else {
        format!(
            "{} certificate{} in {} of {} Secrets; {} expired or expiring within {} days. Each Secret is analysed on its own: chains never span Secrets.",
            inv.rows.len(), s(inv.rows.len()),
            inv.secrets_with_certificates, inv.secrets, attention, inv.warn_days
        )
    };
    (text, attention > 0)
}

#[component]
pub fn InventoryPanel(props: &InventoryProps) -> Html {
    let inv = &props.inventory;
    let text = use_state(String::new);
    let only = use_state(|| "all".to_string());
    let all = use_state(|| false);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_only = {
        let only = only.clone();
        Callback::from(move |e: Event| {
            only.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    // The rows opened (by location: unique per certificate, stable while filtering).
    let open = use_state(std::collections::HashSet::<String>::new);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |location: String| {
            let mut next = (*open).clone();
            if !next.remove(&location) {
                next.insert(location);
            }
            open.set(next);
        })
    };
    // How many rows the table holds so far (it grows a page per frame up to what is listed).
    let drawn = use_state_eq(|| PAGE);
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    // The downloads hold what the table shows: with a filter, only the rows it keeps.
    let filtering = !text.trim().is_empty() || *only != "all";
    let export = |kind: &'static str| {
        let inv = inv.clone();
        let (text, only) = ((*text).clone(), (*only).clone());
        Callback::from(move |_: MouseEvent| {
            let mut inv = (*inv).clone();
            inv.rows.retain(|r| matches(r, text.trim(), &only));
            let (name, body, mime) = match kind {
                "csv" => ("certificates.csv", inventory_csv(&inv), "text/csv"),
                "ics" => (
                    "certificate-expiry.ics",
                    inventory_ics(&inv),
                    "text/calendar",
                ),
                _ => ("certificates.json", inv.to_json(), "application/json"),
            };
            let _ = download(name, body.as_bytes(), mime);
        })
    };
    let shown: Vec<&InventoryRow> = inv
        .rows
        .iter()
        .filter(|r| matches(r, text.trim(), &only))
        .collect();
    let limit = if *all { usize::MAX } else { FIRST };
    let want = shown.len().min(limit);
    {
        // A new inventory starts again from one page; then one more page per frame.
        let drawn = drawn.clone();
        use_effect_with(inv.clone(), move |_| drawn.set(PAGE));
    }
    {
        let drawn = drawn.clone();
        use_effect_with((*drawn, want), move |(n, want)| {
            if n < want {
                let n = *n;
                next_frame(move || drawn.set(n + PAGE));
            }
        });
    }
    let (summary_text, attention) = summary(inv, &shown, filtering);
    html! {
        <section id="inventory" class="inventory" aria-labelledby="inventory-heading">
            <div class="section-head">
                <h2 id="inventory-heading">{ format!("Certificate inventory ({})", inv.rows.len()) }</h2>
                <div class="buttons">
                    <button type="button" class="secondary" onclick={export("csv")}>{ if filtering { "Download CSV (rows shown)" } else { "Download CSV" } }</button>
                    <button type="button" class="secondary" onclick={export("json")}>{ if filtering { "Download JSON (rows shown)" } else { "Download JSON" } }</button>
                    <button type="button" class="secondary" onclick={export("ics")}>{ if filtering { "Download calendar (rows shown)" } else { "Download calendar (.ics)" } }</button>
                </div>
            </div>
            <p class={classes!("summary", attention.then_some("error-text"))} id="inventory-summary">{ summary_text }</p>
            <div class="inventory-filters">
                <label class="filter">{ "Filter" }
                    <input type="search" id="inventory-filter" placeholder="namespace, Secret, subject, issuer, DNS name" oninput={on_text} spellcheck="false" autocomplete="off" />
                </label>
                <label>{ "Show" }
                    <select id="inventory-only" onchange={on_only}>
                        <option value="all" selected={*only == "all"}>{ "every certificate" }</option>
                        <option value="attention" selected={*only == "attention"}>{ "expired or expiring" }</option>
                        <option value="expired" selected={*only == "expired"}>{ "expired" }</option>
                        <option value="chain" selected={*only == "chain"}>{ "chain problems" }</option>
                        <option value="key" selected={*only == "key"}>{ "key mismatches" }</option>
                    </select>
                </label>
                <span class="small-text muted" id="inventory-count" role="status">{ format!("{} shown", shown.len().min(limit)) }{ if shown.len() > limit { format!(" of {}", shown.len()) } else { String::new() } }</span>
            </div>
            // Fixed column widths (table-layout: fixed): typing in the filter never reflows the
            // header, and nothing scrolls sideways.
            <table class="inventory-table">
                <colgroup>
                    <col class="c-expires" /><col class="c-days" /><col class="c-status" />
                    <col class="c-cert" /><col class="c-where" /><col class="c-more" />
                </colgroup>
                <thead>
                    <tr>
                        <th scope="col" class="expires">{ "Expires" }</th>
                        <th scope="col" class="num">{ "Days" }</th>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col">{ "Certificate" }</th>
                        <th scope="col" class="where">{ "Secret and key" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Details" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    for r in shown.iter().take(want.min(*drawn)) { { row(r, open.contains(&r.location), on_toggle.clone()) } }
                </tbody>
            </table>
            if shown.len() > limit {
                <button type="button" class="secondary" onclick={show_all}>{ format!("Show all {} rows", shown.len()) }</button>
            }
            if !inv.errors.is_empty() {
                <details class="verdict-notes" open={inv.errors.len() <= 5}>
                    <summary>{ format!("{} problem{} reading Secrets", inv.errors.len(), if inv.errors.len() == 1 { "" } else { "s" }) }</summary>
                    <ul class="inventory-errors">
                        for e in inv.errors.iter() {
                            <li class="error">{ format!("{}: {}", e.location, e.message) }</li>
                        }
                    </ul>
                </details>
            }
            for n in inv.notes.iter() {
                <p class="note warning">{ n.clone() }</p>
            }
        </section>
    }
}

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

/// Rows drawn at first: a cluster has thousands, and the filter finds the rest.
const FIRST: usize = 200;

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

/// `CN=Doctor Intermediate CA,O=...` → `Doctor Intermediate CA` (the full name is the title).
fn short_dn(dn: &str) -> String {
    dn.split(',')
        .find_map(|p| p.trim().strip_prefix("CN="))
        .unwrap_or(dn)
        .to_string()
}

fn row(r: &InventoryRow) -> Html {
    let (class, word) = status(r);
    let who = r.common_name.clone().unwrap_or_else(|| r.subject.clone());
    html! {
        <tr class={classes!("inv-row", class)} data-ns={r.namespace.clone()} data-name={r.name.clone()} data-key={r.key.clone()}>
            <td class="nowrap">{ r.not_after.get(..10).unwrap_or(&r.not_after).to_string() }</td>
            <td class="num">{ r.days_left }</td>
            <td><span class={classes!("badge", class)}>{ word }</span></td>
            <td>{ if r.namespace.is_empty() { r.name.clone() } else { format!("{}/{}", r.namespace, r.name) } }</td>
            <td class="mono">{ r.key.clone() }</td>
            <td title={r.subject.clone()}>{ who }</td>
            <td class={classes!("small-text", (!r.chain_ok).then_some("error-text"))}>{ r.chain.clone() }</td>
            <td class={classes!("small-text", (r.key_ok == Some(false)).then_some("error-text"))}>{ r.key_match.clone() }</td>
            <td class="small-text">{ r.sans.join(", ") }</td>
            <td class="small-text" title={r.issuer.clone()}>{ short_dn(&r.issuer) }</td>
        </tr>
    }
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
    let attention = inv.attention();
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
            <p class={classes!("summary", (attention > 0).then_some("error-text"))}>
                { format!(
                    "{} certificate{} in {} of {} Secrets; {} expired or expiring within {} days. Each Secret is analysed on its own: chains never span Secrets.",
                    inv.rows.len(), if inv.rows.len() == 1 { "" } else { "s" },
                    inv.secrets_with_certificates, inv.secrets, attention, inv.warn_days
                ) }
            </p>
            <div class="form-grid">
                <label>{ "Filter" }
                    <input type="search" id="inventory-filter" placeholder="namespace, name, subject, DNS name…" oninput={on_text} spellcheck="false" autocomplete="off" />
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
            <div class="table-scroll">
                <table class="inventory-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Expires" }</th>
                            <th scope="col">{ "Days" }</th>
                            <th scope="col">{ "Status" }</th>
                            <th scope="col">{ "Secret" }</th>
                            <th scope="col">{ "Key" }</th>
                            <th scope="col">{ "Subject" }</th>
                            <th scope="col">{ "Chain" }</th>
                            <th scope="col">{ "Private key" }</th>
                            <th scope="col">{ "Names" }</th>
                            <th scope="col">{ "Issuer" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        for r in shown.iter().take(limit) { { row(r) } }
                    </tbody>
                </table>
            </div>
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

//! A chain's path validation as the page shows it: the overall verdict as a badge, one compact
//! row per client family (who in a Lightrun deployment uses it, accept/reject, the rule, the
//! certificate it is about, the client's own error text), the anchor the path ends at, and a
//! "Trust this root" button for a self-signed root of the input nobody declared. Also the list
//! of declared roots with "Stop trusting".

use certlens_core::Report;
use certlens_core::{AnchorSource, Client, ClientVerdict, Outcome, Overall, PathValidation};
use yew::prelude::*;

use crate::state::TrustedRoot;

/// Who in a Lightrun deployment validates with this client family.
fn users(c: Client) -> &'static str {
    match c {
        Client::OpenSsl => "nginx router",
        Client::Java => "backend, Keycloak, agents",
        Client::Go => "kubectl, Helm",
        _ => "",
    }
}

/// The words of a chain's verdict: the core's (`output::verdict_text`), the same the CLI and the
/// JS module show, with the headline capitalised for a badge. One line per client, in
/// `Client::ALL` order.
pub fn verdict_words(report: &Report, v: &PathValidation) -> (String, Vec<String>) {
    let t = certlens_core::output::verdict_text(report, v);
    let mut chars = t.headline.chars();
    let headline = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    (headline, t.clients.into_iter().map(|c| c.text).collect())
}

fn outcome(o: Outcome) -> (&'static str, &'static str) {
    match o {
        Outcome::Accept => ("ok", "accepts"),
        Outcome::Reject => ("error", "rejects"),
        _ => ("neutral", "not checked"),
    }
}

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub report: crate::state::Shared<Report>,
    /// Index of the chain in the report.
    pub chain: usize,
    #[prop_or_default]
    pub on_trust: Callback<TrustedRoot>,
}

/// The verdict under one chain.
#[component]
pub fn ChainVerdict(props: &VerdictProps) -> Html {
    let r = &props.report;
    let Some(v) = r
        .chains
        .get(props.chain)
        .and_then(|ch| ch.validation.as_ref())
    else {
        return html! {};
    };
    let (overall, rows) = verdict_words(r, v);
    let cls = match v.overall {
        Overall::Works => "ok",
        Overall::Fails => "error",
        _ => "neutral",
    };
    let cert_name = |i: usize| {
        r.certificates
            .get(i)
            .map(certlens_core::short_name)
            .unwrap_or_default()
    };
    let offered = v
        .offered_anchor
        .and_then(|i| r.certificates.get(i).map(|c| (i, c)));
    html! {
        <div class="path-verdict" data-overall={format!("{:?}", v.overall).to_lowercase()}>
            <div class="path-overall">
                <span class={classes!("badge", "overall-badge", cls)}>{ overall }</span>
                if !v.names.is_empty() {
                    <span class="muted small-text">{ format!("for {}", v.names.join(", ")) }</span>
                }
            </div>
            <ul class="client-rows">
                for (c, text) in v.clients.iter().zip(rows) {
                    { client_row(c, text, &cert_name) }
                }
            </ul>
            if let Some(a) = &v.anchor {
                <p class="small-text path-anchor">
                    { "Ends at " }<strong>{ a.name.clone() }</strong>
                    { match a.source {
                        AnchorSource::Declared => " (a root you declared trusted)",
                        AnchorSource::RootStore => " (Mozilla's root store)",
                        _ => "",
                    } }
                </p>
            }
            if let Some((i, c)) = offered {
                <div class="offered-anchor note info" data-index={i.to_string()}>
                    <span>
                        { "The chain ends at " }<strong>{ certlens_core::short_name(c) }</strong>
                        { ", a self-signed root you gave but did not declare trusted. Trust it if it is your own CA." }
                    </span>
                    if let Some(root) = TrustedRoot::of(c, false) {
                        <button type="button" class="secondary trust-root" onclick={
                            let on_trust = props.on_trust.clone();
                            Callback::from(move |_: MouseEvent| on_trust.emit(root.clone()))
                        }>{ "Trust this root" }</button>
                    }
                </div>
            }
        </div>
    }
}

fn client_row(c: &ClientVerdict, text: String, cert_name: &dyn Fn(usize) -> String) -> Html {
    let (cls, word) = outcome(c.outcome);
    let who = users(c.client);
    html! {
        <li class={classes!("client-row", cls)} data-client={serde_json::to_value(c.client).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()} data-outcome={word}>
            <div class="client-name">
                <strong>{ capitalised(c.client.label()) }</strong>
                if !who.is_empty() { <span class="muted small-text">{ who }</span> }
            </div>
            <span class={classes!("badge", cls)}>{ word }</span>
            <div class="client-detail">
                <p class="client-text">{ text }</p>
                if c.outcome != Outcome::Accept {
                    if let Some(i) = c.certificate {
                        <p class="small-text muted">{ format!("About {}", cert_name(i)) }{ c.depth.map(|d| format!(" (depth {d})")).unwrap_or_default() }</p>
                    }
                    if let Some(e) = &c.error {
                        <code class="client-error">{ e.clone() }</code>
                    }
                }
            </div>
        </li>
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct TrustedProps {
    pub trusted: Vec<TrustedRoot>,
    pub on_untrust: Callback<String>,
}

/// The roots the user declared trusted, each with "Stop trusting".
#[component]
pub fn TrustedRoots(props: &TrustedProps) -> Html {
    if props.trusted.is_empty() {
        return html! {};
    }
    html! {
        <section class="trusted-roots" aria-labelledby="trusted-heading">
            <h2 id="trusted-heading">{ "Trusted roots" }</h2>
            <p class="hint">{ "Declared trusted in this tab only (with Mozilla's root store); chains ending at them can work. Clear all forgets them." }</p>
            <ul class="trusted-list">
                // A made CA is listed once the worker has read it (its name and fingerprint).
                for t in props.trusted.iter().filter(|t| !t.pending()) {
                    <li class="trusted-root" data-fingerprint={t.fingerprint_sha256.clone()}>
                        <div>
                            <strong class="wrap">{ t.name.clone() }</strong>
                            if t.made { <span class="badge info">{ "trusted because you made it here" }</span> }
                        </div>
                        <code class="mono wrap small-text">{ format!("SHA-256 {}", t.fingerprint_sha256) }</code>
                        <button type="button" class="secondary" onclick={
                            let on_untrust = props.on_untrust.clone();
                            let fp = t.fingerprint_sha256.clone();
                            Callback::from(move |_: MouseEvent| on_untrust.emit(fp.clone()))
                        }>{ "Stop trusting" }</button>
                    </li>
                }
            </ul>
        </section>
    }
}

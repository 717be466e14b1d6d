use certlens_core::Report;
use certlens_core::SignatureStatus;
use certlens_core::TrustVerdict;
use yew::prelude::*;

use crate::components::actions::DownloadButton;
use crate::components::certs::days_badge;
use crate::components::verdict::ChainVerdict;
use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct ChainProps {
    pub report: Shared<Report>,
    /// "Trust this root" on a chain's offered anchor.
    #[prop_or_default]
    pub on_trust: Callback<crate::state::TrustedRoot>,
}

fn status(s: &SignatureStatus) -> (&'static str, &'static str) {
    match s {
        SignatureStatus::Valid => ("ok", "signature valid"),
        SignatureStatus::Invalid => ("error", "signature INVALID"),
        SignatureStatus::Unsupported => ("warning", "signature cannot be checked here"),
        SignatureStatus::NotChecked => ("muted", "signature not checked yet"),
        // The core's enums are `#[non_exhaustive]`: a status added there shows plainly.
        _ => ("muted", "signature status unknown"),
    }
}

/// Chains shown before "Show the other N chains".
pub const CHAINS_AT_ONCE: usize = 10;

/// Chains as linked cards, leaf first, with what is wrong with them said plainly.
#[component]
pub fn ChainView(props: &ChainProps) -> Html {
    let all = use_state(|| false);
    let r = &props.report;
    // Once per report, not per render (the places of a 14,400-certificate pool); hooks come
    // before any early return.
    let in_one_place = use_memo(r.clone(), |r| certlens_core::duplicates_in_one_place(r));
    if r.certificates.is_empty() {
        return html! {};
    }
    // A CA bundle is a hundred chains of one root each: show the first few at once and the rest
    // on request, so the page is not busy drawing cards nobody asked for.
    let limit = if *all { usize::MAX } else { CHAINS_AT_ONCE };
    let hidden = r.chains.len().saturating_sub(limit);
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    let (twice_in_one_place, in_several_places): (Vec<_>, Vec<_>) = r
        .duplicates
        .iter()
        .zip(in_one_place.iter())
        .partition(|(_, one)| **one);
    let explained: std::collections::HashSet<usize> = r
        .chains
        .iter()
        .take(limit)
        .filter_map(|ch| ch.missing_issuer.as_ref())
        .flat_map(|m| m.not_it.iter().map(|n| n.certificate))
        .collect();
    let unexplained: Vec<usize> = r
        .unrelated
        .iter()
        .copied()
        .filter(|i| !explained.contains(i))
        .collect();
    let listed = |items: Vec<String>| certlens_core::first_ten(&items, "; ");
    let name = |g: &Vec<usize>| {
        g.first()
            .and_then(|&i| r.certificates.get(i))
            .map(certlens_core::short_name)
            .unwrap_or_default()
    };
    html! {
        <section id="chain" class="chains" aria-labelledby="chain-heading">
            <h2 id="chain-heading">{ if r.chains.len() == 1 { "Chain".to_string() } else { format!("Chains ({})", r.chains.len()) } }</h2>
            for (i, ch) in r.chains.iter().enumerate().take(limit) {
                { chain(&props.report, i, ch, &props.on_trust) }
            }
            if hidden > 0 {
                <button type="button" class="secondary" onclick={show_all}>{ format!("Show the other {hidden} chains") }</button>
            }
            // Copies in one place are a mistake (the findings say so); the same certificate in
            // two places (tls.crt and ca.crt) is only worth a note.
            if !twice_in_one_place.is_empty() {
                <p class="note warning">
                    { "Duplicates: " }
                    { listed(twice_in_one_place.iter().map(|(g, _)| format!("{} appears {} times", name(g), g.len())).collect()) }
                </p>
            }
            if !in_several_places.is_empty() {
                <p class="note">
                    { "Loaded from more than one place (shown once in each chain): " }
                    { listed(in_several_places.iter().map(|(g, _)| format!("{} ×{}", name(g), g.len())).collect()) }
                </p>
            }
            // A certificate a chain's "missing issuer" box already names ("... is not it") is
            // not listed again.
            if !unexplained.is_empty() {
                <p class="note warning">
                    { "Not part of any chain: " }
                    { listed(unexplained.iter().filter_map(|&i| r.certificates.get(i)).map(certlens_core::short_name).collect()) }
                </p>
            }
        </section>
    }
}

fn chain(
    report: &Shared<Report>,
    i: usize,
    ch: &certlens_core::Chain,
    on_trust: &Callback<crate::state::TrustedRoot>,
) -> Html {
    let r: &Report = report;
    let mut notes: Vec<(&str, String)> = Vec::new();
    if ch.misordered {
        notes.push(("error", "Misordered: the input lists these certificates in another order. Use the full chain below.".into()));
    }
    if ch.missing_intermediate {
        notes.push((
            "error",
            "Missing intermediate: the issuer of the last certificate is not in the input.".into(),
        ));
    }
    if ch.complete {
        notes.push(("ok", "Complete: ends in a self-signed root.".into()));
    }
    // The core decides what full-chain.crt holds (the root, by default) and words what is missing.
    let full =
        certlens_core::output::chain_pem(r, Some(i), certlens_core::output::DEFAULT_INCLUDE_ROOT)
            .ok();
    if !ch.complete && !ch.missing_intermediate {
        for w in full.iter().flat_map(|f| f.warnings.iter()) {
            notes.push(("info", w.clone()));
        }
    }
    // The trust verdict: the core's sentence (public root, private root, or issuer missing).
    // Not when the chain ends at a root the user declared: the verdict below says where it
    // ends, and "clients trust it only if given this root" would contradict the declaration
    // (the CLI hides its `trust:` line the same way).
    if let Some(t) = ch.trust.as_ref().filter(|_| ch.declared_anchor().is_none()) {
        let cls = match t.verdict {
            TrustVerdict::PublicRoot => "ok",
            TrustVerdict::PrivateRoot => "info",
            TrustVerdict::IssuerMissing if ch.missing_intermediate => "error",
            TrustVerdict::IssuerMissing => "warning",
            _ => "info",
        };
        notes.push((cls, format!("Trust: {}.", t.message)));
    }
    let pem = full.map(|f| f.pem).unwrap_or_default();
    let pem_no_root = certlens_core::output::chain_pem(r, Some(i), false)
        .map(|f| f.pem)
        .unwrap_or_default();
    let title = if r.chains.len() > 1 {
        format!("Chain {}", i + 1)
    } else {
        String::new()
    };
    html! {
        <div class="chain" data-chain={i.to_string()}>
            if !title.is_empty() { <h3>{ title }</h3> }
            <ul class="chain-notes">
                for (cls, n) in notes {
                    <li class={classes!("note", cls)}>{ n }</li>
                }
            </ul>
            <ChainVerdict report={report.clone()} chain={i} on_trust={on_trust.clone()} />
            if let Some(m) = &ch.missing_issuer {
                { missing_issuer(r, m) }
            }
            <ol class="chain-cards">
                for (pos, &idx) in ch.order.iter().enumerate() {
                    if let Some(c) = r.certificates.get(idx) {
                        <li class="chain-card" data-index={idx.to_string()}>
                            <div class="card-role">{ role(pos, ch.order.len(), c) }</div>
                            <div class="card-name">{ c.common_name.clone().unwrap_or_else(|| c.subject.clone()) }</div>
                            <div class="card-meta">
                                { days_badge(c) }
                                <span class="muted">{ format!("#{idx} · {} · {}", c.public_key.label(), c.signature_algorithm) }</span>
                            </div>
                            if pos + 1 == ch.order.len() {
                                if let Some(st) = &c.self_signature {
                                    <div class={classes!("card-selfsig", "small-text", status(st).0)}>
                                        { format!("own signature: {}", match st {
                                            SignatureStatus::Valid => "valid",
                                            SignatureStatus::Invalid => "INVALID",
                                            SignatureStatus::Unsupported => "cannot be checked here",
                                            SignatureStatus::NotChecked => "checking…",
                                            _ => "unknown",
                                        }) }
                                    </div>
                                }
                            }
                        </li>
                        if let Some(link) = ch.links.get(pos) {
                            <li class={classes!("chain-link", status(&link.signature).0)} aria-label={format!("{} by the next certificate", status(&link.signature).1)}>
                                <span>{ format!("↑ {} by #{}", status(&link.signature).1, link.parent) }</span>
                                if link.signature != SignatureStatus::Valid {
                                    <span class="muted">{ format!(" ({})", link.detail) }</span>
                                }
                            </li>
                        }
                    }
                }
            </ol>
            <div class="buttons">
                <DownloadButton name="full-chain.crt" text={pem} mime="application/x-pem-file" label={AttrValue::from("Download full-chain.crt")} />
                if ch.root_included && ch.order.len() > 1 {
                    <DownloadButton name="full-chain-no-root.crt" text={pem_no_root} mime="application/x-pem-file" label={AttrValue::from("… without the root")} />
                }
            </div>
        </div>
    }
}

/// What the chain misses: the issuer's name and key identifier, where its CA publishes it
/// (shown, never fetched), and which certificates of the input are not it.
fn missing_issuer(r: &Report, m: &certlens_core::MissingIssuer) -> Html {
    html! {
        <div class="missing-issuer note warning">
            <div>
                { "Missing issuer: " }<strong>{ m.subject.clone() }</strong>
                if let Some(k) = &m.authority_key_id {
                    { " · key identifier " }<code>{ k.clone() }</code>
                }
            </div>
            for url in &m.ca_issuers {
                <div class="small-text">{ "Its CA publishes it at " }<code>{ url.clone() }</code>{ " (the leaf's caIssuers URL)." }</div>
            }
            if !m.not_it.is_empty() {
                <ul class="not-it small-text">
                    for n in &m.not_it {
                        <li data-index={n.certificate.to_string()}>
                            { format!("{} is not it: {}", r.certificates.get(n.certificate).map(certlens_core::short_name).unwrap_or_default(), n.detail) }
                        </li>
                    }
                </ul>
            }
        </div>
    }
}

fn role(pos: usize, len: usize, c: &certlens_core::Certificate) -> &'static str {
    if len == 1 {
        if c.self_signed {
            "Self-signed"
        } else {
            "Certificate"
        }
    } else if pos == 0 {
        "Leaf"
    } else if pos + 1 == len && c.self_signed {
        "Root"
    } else {
        "Intermediate"
    }
}

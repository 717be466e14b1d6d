use certlens_core::output::conversion_targets;
use certlens_core::{Report, TargetFormat};
use yew::prelude::*;

use crate::components::actions::{download, CopyButton};
use crate::engine_call::{ask, Call, Pem};
use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct KeysProps {
    pub report: Shared<Report>,
}

/// Private and public keys: format, match, pin, conversion.
#[component]
pub fn Keys(props: &KeysProps) -> Html {
    let r = &props.report;
    let error = use_state(|| None::<String>);
    if r.private_keys.is_empty() && r.public_keys.is_empty() {
        return html! {};
    }
    html! {
        <section id="keys" class="keys" aria-labelledby="keys-heading">
            <h2 id="keys-heading">{ "Keys" }</h2>
            if let Some(e) = &*error { <p class="note error" role="alert">{ e.clone() }</p> }
            <ul class="key-list">
                for k in r.private_keys.iter() {
                    { private_key(r, k, error.setter()) }
                }
                for k in r.public_keys.iter() {
                    <li class="key" data-pin={k.spki_sha256.clone()}>
                        <div class="key-head">
                            <span class="badge neutral">{ format!("public key #{} · {}", k.index, k.format) }</span>
                            <strong>{ k.public_key.label() }</strong>
                            if let Some(s) = &k.subject { <span class="mono wrap">{ format!("CSR for {s}") }</span> }
                            <span class="muted small-text">{ k.location.clone() }</span>
                        </div>
                        <div class="digest">
                            <span class="muted">{ "SPKI pin " }</span>
                            <code class="mono wrap">{ k.spki_sha256.clone() }</code>
                            <CopyButton text={k.spki_sha256.clone()} what="SPKI pin" />
                        </div>
                        if let Some(c) = &k.csr { { csr_details(c) } }
                        { matches(r, &k.matches) }
                        if k.csr.is_some() {
                            { request_key(r, k.index) }
                        }
                    </li>
                }
            </ul>
        </section>
    }
}

/// What a CSR requests, its own signature, and the names checked against it.
fn csr_details(c: &certlens_core::CsrDetails) -> Html {
    let exts = c.extension_labels();
    let sig_ok = c.signature == certlens_core::SignatureStatus::Valid;
    html! {
        <div class="csr-details">
            <p><span class="muted">{ "Requests: " }</span>
                <span class="mono wrap">{ c.requested_names() }</span></p>
            if !exts.is_empty() { <p><span class="muted">{ "Extensions: " }</span>{ exts.join(", ") }</p> }
            if !c.key_usage.is_empty() || !c.extended_key_usage.is_empty() {
                <p><span class="muted">{ "Usage: " }</span>{ c.key_usage.iter().chain(c.extended_key_usage.iter()).cloned().collect::<Vec<_>>().join(", ") }</p>
            }
            <p class={classes!("csr-signature", if sig_ok { "ok" } else { "bad" })}>
                { if sig_ok { "Its own signature is valid" } else { "Its own signature does NOT verify" } }
                { format!(" ({})", c.signature_detail) }</p>
            for n in c.names.iter() {
                <p class={classes!("csr-name", if n.covered { "ok" } else { "bad" })}>
                    { format!("{}: {}", n.name, if n.covered { "requested" } else { "not requested" }) }</p>
            }
            for p in c.problems.iter() { <p class="note warning">{ p.clone() }</p> }
        </div>
    }
}

/// Whether the private key a certificate request was made with is loaded too.
fn request_key(r: &Report, index: usize) -> Html {
    let keys: Vec<String> = r
        .private_keys
        .iter()
        .filter(|k| k.requests.contains(&index))
        .map(|k| format!("#{}", k.index))
        .collect();
    if keys.is_empty() {
        html! { <p class="muted">{ "Its private key is not loaded (it is not needed to check the request)." }</p> }
    } else {
        html! { <p class="match ok">{ format!("Made with private key {} (loaded).", keys.join(", ")) }</p> }
    }
}

fn matches(r: &Report, m: &[usize]) -> Html {
    if m.is_empty() {
        return html! { <p class="match none">{ "Matches no certificate in the input." }</p> };
    }
    let names: Vec<String> = m
        .iter()
        .filter_map(|&i| r.certificates.get(i))
        .map(certlens_core::short_name)
        .collect();
    html! { <p class="match ok">{ format!("Matches certificate {}", names.join(", ")) }</p> }
}

fn private_key(
    r: &Shared<Report>,
    k: &certlens_core::PrivateKeyReport,
    error: UseStateSetter<Option<String>>,
) -> Html {
    // With several keys loaded, each download is named after its key.
    let several = r.private_keys.len() > 1;
    // The key's own card is the choice of key; which formats it can become is the core's.
    let conv = |to: TargetFormat| {
        let (label, file) = match to {
            TargetFormat::Pkcs8 => ("Download as PKCS#8", "tls.key"),
            TargetFormat::Pkcs1 => ("Download as PKCS#1", "tls-pkcs1.key"),
            TargetFormat::Sec1 => ("Download as SEC1", "tls-sec1.key"),
        };
        let file = if several {
            format!("key{}-{file}", k.index)
        } else {
            file.to_string()
        };
        let report = r.clone();
        let index = k.index;
        let error = error.clone();
        // Converting is the engine's work, done in a worker (`engine_call.rs`).
        let onclick = Callback::from(move |_: MouseEvent| {
            let (report, error, file) = (report.clone(), error.clone(), file.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let call = Call::ConvertKey { index, to };
                match ask::<Pem>(&report, call, None).await {
                    Ok(Pem(pem)) => {
                        error.set(None);
                        let _ = download(&file, pem.as_bytes(), "application/x-pem-file");
                    }
                    Err(e) => error.set(Some(format!("Cannot convert: {e}"))),
                }
            });
        });
        html! { <button type="button" class="small secondary" {onclick}>{ label }</button> }
    };
    let targets = conversion_targets(k);
    html! {
        <li class="key" data-format={k.format.as_str()}>
            <div class="key-head">
                <span class="badge neutral">{ format!("private key #{}", k.index) }</span>
                if let Some(pk) = &k.public_key { <strong>{ pk.label() }</strong> }
                <span class="muted small-text">{ k.location.clone() }</span>
            </div>
            <p class="muted">{ k.format_description.clone() }
                if let Some(e) = &k.encryption { { format!(" — encrypted: {e}") } }
            </p>
            if k.needs_password {
                <p class="note warning">{ "Encrypted: enter its password in the “Password needed” box to see the key, its pin and its certificate." }</p>
            } else {
                if let Some(pin) = &k.spki_sha256 {
                    <div class="digest">
                        <span class="muted">{ "SPKI pin " }</span>
                        <code class="mono wrap">{ pin.clone() }</code>
                        <CopyButton text={pin.clone()} what="SPKI pin" />
                    </div>
                }
                if k.matches.is_empty() && !k.requests.is_empty() {
                    <p class="match ok">{ format!(
                        "No certificate yet: this is the key of the certificate request (public key {}). Keep it: the certificate your CA issues from that request works only with it.",
                        k.requests.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
                    ) }</p>
                } else {
                    { matches(r, &k.matches) }
                }
            }
            // A locked key's note says what the warning above already says.
            if let (Some(n), false) = (&k.note, k.needs_password) { <p class="hint">{ n.clone() }</p> }
            if !targets.is_empty() {
                <div class="buttons">
                    for t in targets.iter() { { conv(*t) } }
                </div>
            }
        </li>
    }
}

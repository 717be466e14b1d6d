use certlens_core::SignatureStatus;
use certlens_core::ValidityStatus;
use certlens_core::{Certificate, Report};
use yew::prelude::*;

use crate::components::actions::CopyButton;
use crate::state::Shared;

/// "335 days left" / "expired" as a coloured badge.
pub fn days_badge(c: &Certificate) -> Html {
    let (cls, text) = match c.validity.status {
        ValidityStatus::Expired => (
            "error",
            format!("expired {} days ago", -c.validity.days_left),
        ),
        ValidityStatus::NotYetValid => ("error", "not yet valid".to_string()),
        ValidityStatus::Valid if c.validity.days_left < 30 => {
            ("warning", format!("{} days left", c.validity.days_left))
        }
        ValidityStatus::Valid => ("ok", format!("{} days left", c.validity.days_left)),
        // The core's enums are `#[non_exhaustive]`: a status added there shows plainly.
        _ => ("muted", format!("{} days left", c.validity.days_left)),
    };
    html! { <span class={classes!("badge", cls)}>{ text }</span> }
}

/// How digests are shown: hex (lower or upper case) or Base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestForm {
    HexLower,
    HexUpper,
    Base64,
}

impl DigestForm {
    pub fn show(self, hex: &str, b64: Option<&str>) -> String {
        match self {
            DigestForm::HexLower => hex.to_string(),
            DigestForm::HexUpper => hex.to_uppercase(),
            DigestForm::Base64 => b64.map(str::to_string).unwrap_or_else(|| hex_to_b64(hex)),
        }
    }
}

fn hex_to_b64(hex: &str) -> String {
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    certlens_core::b64::encode_standard(&bytes)
}

#[derive(Properties, PartialEq)]
pub struct DigestFormProps {
    pub form: DigestForm,
    pub on_change: Callback<DigestForm>,
}

#[component]
pub fn DigestFormToggle(props: &DigestFormProps) -> Html {
    let opt = |form: DigestForm, label: &'static str| {
        let cb = props.on_change.clone();
        let checked = props.form == form;
        html! {
            <label class="radio">
                <input type="radio" name="digest-form" checked={checked} onchange={Callback::from(move |_| cb.emit(form))} />
                { label }
            </label>
        }
    };
    html! {
        <fieldset class="digest-form">
            <legend>{ "Show pins and fingerprints as" }</legend>
            { opt(DigestForm::HexLower, "hex") }
            { opt(DigestForm::HexUpper, "HEX") }
            { opt(DigestForm::Base64, "Base64") }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct CertsProps {
    pub report: Shared<Report>,
}

/// One line per certificate, expandable to every field.
#[component]
pub fn Certificates(props: &CertsProps) -> Html {
    let form = use_state(|| DigestForm::HexLower);
    let r = &props.report;
    if r.certificates.is_empty() {
        return html! {};
    }
    let on_change = {
        let form = form.clone();
        Callback::from(move |f| form.set(f))
    };
    // Very large bundles: render the first rows at once and the rest on request, so a
    // 15,000-certificate file never produces 15,000 detail panels in one go.
    html! {
        <section id="certificates" class="certificates" aria-labelledby="certs-heading">
            <div class="section-head">
                <h2 id="certs-heading">{ format!("Certificates ({})", r.certificates.len()) }</h2>
                <DigestFormToggle form={*form} {on_change} />
            </div>
            <CertList report={props.report.clone()} form={*form} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CertListProps {
    report: Shared<Report>,
    form: DigestForm,
}

const PAGE: usize = 200;

#[component]
fn CertList(props: &CertListProps) -> Html {
    let shown = use_state(|| PAGE);
    let r = &props.report;
    let total = r.certificates.len();
    let more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE * 5))
    };
    html! {
        <>
            <ul class="cert-list">
                for c in r.certificates.iter().take(*shown) {
                    <CertRow key={c.index} report={props.report.clone()} index={c.index} form={props.form} />
                }
            </ul>
            if total > *shown {
                <button type="button" class="secondary" onclick={more}>{ format!("Show more ({} of {total} shown)", *shown) }</button>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    report: Shared<Report>,
    index: usize,
    form: DigestForm,
}

fn field(label: &str, value: Html) -> Html {
    html! { <><dt>{ label.to_string() }</dt><dd>{ value }</dd></> }
}

fn text_list(v: &[String]) -> Html {
    if v.is_empty() {
        html! { <span class="muted">{ "none" }</span> }
    } else {
        html! { <span class="mono wrap">{ v.join(", ") }</span> }
    }
}

fn digest(label: &str, value: String, what: &str) -> Html {
    html! {
        <>
            <dt>{ label.to_string() }</dt>
            <dd class="digest">
                <code class="mono wrap" data-digest={what.to_string()}>{ value.clone() }</code>
                <CopyButton text={value} what={AttrValue::from(label.to_string())} />
            </dd>
        </>
    }
}

fn summary(c: &certlens_core::Certificate, name: &str, role: &'static str) -> Html {
    html! {
        <>
            <span class="cert-no muted">{ format!("#{}", c.index) }</span>
            <span class="cert-name">{ name.to_string() }</span>
            { days_badge(c) }
            <span class="badge neutral">{ c.public_key.label() }</span>
            if !role.is_empty() { <span class="badge neutral">{ role }</span> }
            <span class="muted small-text">{ c.location.clone() }</span>
        </>
    }
}

#[component]
fn CertRow(props: &RowProps) -> Html {
    let Some(c) = props.report.certificates.get(props.index) else {
        return html! {};
    };
    let form = props.form;
    let name = c
        .common_name
        .clone()
        .or_else(|| c.san.dns.first().cloned())
        .unwrap_or_else(|| c.subject.clone());
    let role = if c.is_ca && c.self_signed {
        "root CA"
    } else if c.is_ca {
        "CA"
    } else if c.self_signed {
        "self-signed"
    } else {
        ""
    };
    let sig = c.self_signature.as_ref().map(|s| {
        let word = match s {
            SignatureStatus::Valid => "valid",
            SignatureStatus::Invalid => "INVALID",
            SignatureStatus::Unsupported => "cannot be checked here",
            SignatureStatus::NotChecked if c.self_signature_detail.is_some() => "not checked",
            SignatureStatus::NotChecked => "not checked yet",
            _ => "unknown",
        };
        // The verifier's reason, when it tried: a spent budget, a key too big, a bad signature.
        match &c.self_signature_detail {
            Some(d) => format!("{word} ({})", d.strip_prefix("not checked: ").unwrap_or(d)),
            None => word.to_string(),
        }
    });
    // The fields are built only while the row is open: a bundle of hundreds of roots then
    // renders hundreds of summary lines, not tens of thousands of nodes nobody looks at.
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target_dyn_into::<web_sys::HtmlDetailsElement>() {
                open.set(d.open());
            }
        })
    };
    if !*open {
        return html! {
            <li class="cert" data-index={c.index.to_string()} data-pin={c.spki_sha256.clone()}>
                <details {ontoggle}>
                    <summary>{ summary(c, &name, role) }</summary>
                </details>
            </li>
        };
    }
    html! {
        <li class="cert" data-index={c.index.to_string()} data-pin={c.spki_sha256.clone()}>
            <details open=true {ontoggle}>
                <summary>{ summary(c, &name, role) }</summary>
                <dl class="fields">
                    { field("Subject", html! { <span class="mono wrap">{ c.subject.clone() }</span> }) }
                    { field("Issuer", html! { <span class="mono wrap">{ c.issuer.clone() }</span> }) }
                    { field("Serial", html! { <span class="mono">{ c.serial_hex.clone() }</span> }) }
                    { field("Version", html! { { c.version } }) }
                    { field("Valid from", html! { { c.not_before.clone() } }) }
                    { field("Valid until", html! { <>{ c.not_after.clone() }{ " " }{ days_badge(c) }</> }) }
                    { field("DNS names", text_list(&c.san.dns)) }
                    { field("IP addresses", text_list(&c.san.ip)) }
                    if !c.san.email.is_empty() { { field("Emails", text_list(&c.san.email)) } }
                    if !c.san.uri.is_empty() { { field("URIs", text_list(&c.san.uri)) } }
                    if !c.san.other.is_empty() { { field("Other names", text_list(&c.san.other)) } }
                    { field("Public key", html! { { c.public_key.label() } }) }
                    { field("Signature", html! { { c.signature_algorithm.clone() } }) }
                    { field("Basic constraints", html! { {
                        match &c.basic_constraints {
                            Some(b) => format!("CA:{}{}{}", if b.ca { "TRUE" } else { "FALSE" }, b.path_len.map(|p| format!(", pathlen:{p}")).unwrap_or_default(), if b.critical { " (critical)" } else { "" }),
                            None => "absent".into(),
                        }
                    } }) }
                    { field("Key usage", text_list(&c.key_usage)) }
                    { field("Extended key usage", text_list(&c.extended_key_usage)) }
                    if let Some(s) = &c.subject_key_id { { field("Subject key ID", html! { <span class="mono wrap">{ s.clone() }</span> }) } }
                    if let Some(s) = &c.authority_key_id { { field("Authority key ID", html! { <span class="mono wrap">{ s.clone() }</span> }) } }
                    if !c.ca_issuer_urls.is_empty() { { field("CA issuers (not fetched)", text_list(&c.ca_issuer_urls)) } }
                    if !c.ocsp_urls.is_empty() { { field("OCSP (not fetched)", text_list(&c.ocsp_urls)) } }
                    if !c.crl_urls.is_empty() { { field("CRL (not fetched)", text_list(&c.crl_urls)) } }
                    { field("Extensions", text_list(&c.extensions.iter().map(certlens_core::Extension::label).collect::<Vec<_>>())) }
                    if let Some(s) = sig { { field("Self-signature", html! { { s } }) } }
                    { digest("SPKI pin (SHA-256)", form.show(&c.spki_sha256, Some(&c.spki_sha256_base64)), "spki") }
                    { digest("SHA-256 fingerprint", form.show(&c.fingerprint_sha256, None), "sha256") }
                    { digest("SHA-1 fingerprint", form.show(&c.fingerprint_sha1, None), "sha1") }
                </dl>
            </details>
        </li>
    }
}

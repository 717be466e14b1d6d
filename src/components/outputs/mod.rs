//! The Outputs panel (one tab per output; the encryption-key tab in [`encryption_key`], each
//! output's Copy/Download/Show in [`block`]): everything to paste into a values.yaml or apply with kubectl, each with
//! Copy and Download. All text comes from `certlens_core::output`; this file only holds the
//! choices the user makes (tab, key format, names) and shows the results.

pub(crate) mod block;
mod encryption_key;

pub use block::{OutputBlock, OutputProps};
use encryption_key::EncryptionKeyTab;

use certlens_core::output::{
    self as output, custom_ca, encryption_secret_name, internal_tls, pins, tls_secret, tls_values,
    CustomCaOptions, InternalTlsOptions, OutputKind, PinsOptions, TlsSecretOptions,
    TlsValuesOptions, DEFAULT_INCLUDE_ROOT, DEFAULT_RELEASE, DEFAULT_TLS_SECRET_NAME,
    LEAVE_ROOT_OUT_LABEL,
};
use certlens_core::{Report, TargetFormat};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::Shared;

/// The tabs are the core's outputs that have one ([`output::tabs`]): their titles and order
/// are the core's, so the page, the CLI and the JS module describe an output once.
type Tab = OutputKind;

#[derive(Properties, PartialEq)]
pub struct OutputsProps {
    pub report: Shared<Report>,
    /// The release and namespace the user gave elsewhere (doctor, Make): the fields follow it.
    #[prop_or_default]
    pub chosen: Option<crate::state::Deployment>,
}

fn text_input(id: &str, label: &str, value: &UseStateHandle<String>, placeholder: &str) -> Html {
    let v = value.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
            v.set(t.value());
        }
    });
    html! {
        <label for={id.to_string()}>{ label.to_string() }
            <input type="text" id={id.to_string()} value={(**value).clone()} {oninput} placeholder={placeholder.to_string()} spellcheck="false" autocomplete="off" />
        </label>
    }
}

fn checkbox(id: &str, label: &str, value: &UseStateHandle<bool>) -> Html {
    let v = value.clone();
    let onchange = Callback::from(move |_: Event| v.set(!*v));
    html! { <label class="check" for={id.to_string()}><input type="checkbox" id={id.to_string()} checked={**value} {onchange} />{ format!(" {label}") }</label> }
}

/// The key format: as given (default), or forced to PKCS#8 / PKCS#1.
fn key_format_select(value: &UseStateHandle<Option<TargetFormat>>) -> Html {
    let v = value.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(t) = e.target_dyn_into::<HtmlSelectElement>() {
            v.set(match t.value().as_str() {
                "pkcs8" => Some(TargetFormat::Pkcs8),
                "pkcs1" => Some(TargetFormat::Pkcs1),
                _ => None,
            });
        }
    });
    let current = match **value {
        Some(TargetFormat::Pkcs8) => "pkcs8",
        Some(TargetFormat::Pkcs1) => "pkcs1",
        _ => "as-given",
    };
    let opt = |v: &str, label: &str| html! { <option value={v.to_string()} selected={current == v}>{ label.to_string() }</option> };
    html! {
        <label for="opt-key-format">{ "Key format " }
            <select id="opt-key-format" {onchange}>
                { opt("as-given", "as given (PKCS#1 or PKCS#8; others become PKCS#8)") }
                { opt("pkcs8", "PKCS#8 (BEGIN PRIVATE KEY)") }
                { opt("pkcs1", "PKCS#1 (BEGIN RSA PRIVATE KEY)") }
            </select>
        </label>
    }
}

pub(super) fn messages(warnings: &[String], notes: &[String]) -> Html {
    html! {
        <>
            for w in warnings.iter() { <p class="note warning">{ w.clone() }</p> }
            if !notes.is_empty() {
                <ul class="notes">
                    for n in notes.iter() { <li class="hint">{ n.clone() }</li> }
                </ul>
            }
        </>
    }
}

pub(super) fn problem(e: impl std::fmt::Display) -> Html {
    html! { <p class="note error" role="alert">{ e.to_string() }</p> }
}

#[component]
pub fn Outputs(props: &OutputsProps) -> Html {
    let tab = use_state(|| Tab::Values);
    // None: the key as given (the core keeps PKCS#1/PKCS#8 and converts the rest).
    let key_format = use_state(|| None::<TargetFormat>);
    let leave_root_out = use_state(|| !DEFAULT_INCLUDE_ROOT);
    let old_pins = use_state(String::new);
    let secret_name = use_state(|| DEFAULT_TLS_SECRET_NAME.to_string());
    let namespace = use_state(String::new);
    let with_ca = use_state(|| false);
    let release = use_state(|| DEFAULT_RELEASE.to_string());
    let pins_b64 = use_state(|| false);
    {
        let (release, namespace) = (release.clone(), namespace.clone());
        use_effect_with(props.chosen.clone(), move |chosen| {
            if let Some(d) = chosen {
                release.set(d.release.clone());
                namespace.set(d.namespace.clone());
            }
        });
    }
    let r = &*props.report;

    let include_root = !*leave_root_out;
    let key_select = key_format_select(&key_format);
    let key_format = *key_format;
    let ns = (!namespace.trim().is_empty()).then(|| namespace.trim().to_string());
    let body = match *tab {
        Tab::Values => {
            let opts = TlsValuesOptions {
                include_root,
                key_format,
                old_pins: certlens_core::parse_pin_list(&old_pins)
                    .into_iter()
                    .filter_map(|p| p.normalized)
                    .collect(),
                release: Some(release.trim().to_string()).filter(|r| !r.is_empty()),
                ..TlsValuesOptions::default()
            };
            let set_old = {
                let old_pins = old_pins.clone();
                Callback::from(move |e: InputEvent| {
                    if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                        old_pins.set(t.value());
                    }
                })
            };
            html! {
                <>
                    <div class="form-grid">
                        { key_select.clone() }
                        { checkbox("opt-no-root", LEAVE_ROOT_OUT_LABEL, &leave_root_out) }
                    </div>
                    <label for="old-pins" class="field-label">{ "Key rotation: pins of the old key to keep (optional)" }</label>
                    <textarea id="old-pins" rows="2" spellcheck="false" value={(*old_pins).clone()} oninput={set_old} placeholder="64 hex digits per line" />
                    { match tls_values(r, &opts) {
                        Ok(v) => html! {
                            <>
                                { messages(&v.warnings, &v.notes) }
                                <OutputBlock secret=true id={AttrValue::from("out-values")} title="values.yaml (certificate)" text={AttrValue::from(v.yaml.as_str().to_string())} filename={OutputKind::Values.spec().file_name}
                                    note={AttrValue::from("Base64 of the PEM on one line, as the chart puts it verbatim under data: of a kubernetes.io/tls Secret.")} />
                                <OutputBlock id={AttrValue::from("out-crt")} title="certificate.tls.crt" text={AttrValue::from(v.crt_base64.clone())} filename="tls.crt.b64" />
                                <OutputBlock secret=true id={AttrValue::from("out-key")} title="certificate.tls.key" text={AttrValue::from(v.key_base64.as_str().to_string())} filename="tls.key.b64" />
                                <OutputBlock id={AttrValue::from("out-chain-pem")} title="full-chain.crt (PEM)" text={AttrValue::from(v.full_chain_pem.clone())} filename="full-chain.crt" />
                            </>
                        },
                        Err(e) => problem(e),
                    } }
                </>
            }
        }
        Tab::Pins => match pins(r, &PinsOptions { base64: *pins_b64 }) {
            Ok(p) => html! {
                <>
                    <div class="form-grid">{ checkbox("opt-pins-b64", "Show the Base64 forms (information only: the chart takes hex)", &pins_b64) }</div>
                    { messages(&[], &p.notes) }
                    if p.values_block {
                        <OutputBlock id={AttrValue::from("out-pins")} title="certificate.security_pinned_hashes" text={AttrValue::from(p.yaml.clone())} filename={OutputKind::Pins.spec().file_name} />
                    } else {
                        <OutputBlock id={AttrValue::from("out-pins-base64")} title="Pins in Base64 (information only, not for values.yaml)" text={AttrValue::from(p.yaml.clone())} filename="pins-base64.txt" />
                    }
                    <table class="coverage">
                        <thead><tr><th scope="col">{ "Key" }</th><th scope="col">{ "Pin (SHA-256 of SPKI)" }</th></tr></thead>
                        <tbody>
                            for item in p.all.iter() {
                                <tr><td>{ format!("{}{}", item.label, if item.leaf { " (leaf)" } else { "" }) }</td><td class="mono wrap">{ item.hex.clone() }</td></tr>
                            }
                        </tbody>
                    </table>
                </>
            },
            Err(e) => problem(e),
        },
        Tab::Secret => {
            let opts = TlsSecretOptions {
                namespace: ns.clone(),
                include_root,
                include_ca: *with_ca,
                key_format,
                ..TlsSecretOptions::named(secret_name.trim())
            };
            html! {
                <>
                    <div class="form-grid">
                        { text_input("secret-name", "Secret name", &secret_name, DEFAULT_TLS_SECRET_NAME) }
                        { text_input("secret-namespace", "Namespace", &namespace, &format!("e.g. {DEFAULT_RELEASE}")) }
                        { checkbox("opt-ca", "add ca.crt", &with_ca) }
                        { checkbox("opt-no-root2", LEAVE_ROOT_OUT_LABEL, &leave_root_out) }
                        { key_select }
                    </div>
                    { match tls_secret(r, &opts) {
                        Ok(s) => html! {
                            <>
                                { messages(&s.warnings, &s.notes) }
                                <OutputBlock secret=true id={AttrValue::from("out-secret")} title="kubernetes.io/tls Secret" text={AttrValue::from(s.yaml.as_str().to_string())} filename={AttrValue::from(format!("{}.yaml", s.name))} />
                                <OutputBlock id={AttrValue::from("out-kubectl")} title="kubectl" text={AttrValue::from(s.kubectl.clone())} filename="create-secret.sh"
                                    note={AttrValue::from("Uses the two files below: download them next to where you run kubectl.")} />
                                <OutputBlock id={AttrValue::from("out-existing")} title="values.yaml (use the existing Secret)" text={AttrValue::from(s.values_yaml.clone())} filename="values-existing-cert.yaml" />
                                <OutputBlock title="full-chain.crt" text={AttrValue::from(s.full_chain_pem.clone())} filename="full-chain.crt" />
                                <OutputBlock secret=true title="tls.key" text={AttrValue::from(s.key_pem.as_str().to_string())} filename="tls.key" />
                            </>
                        },
                        Err(e) => problem(e),
                    } }
                </>
            }
        }
        Tab::InternalTls => {
            let mut opts = InternalTlsOptions::new(release.trim(), namespace.trim());
            opts.include_root = include_root;
            html! {
                <>
                    <div class="form-grid">
                        { text_input("internal-release", "Release (full name)", &release, &format!("e.g. {DEFAULT_RELEASE}")) }
                        { text_input("internal-namespace", "Namespace", &namespace, &format!("e.g. {DEFAULT_RELEASE}")) }
                        { checkbox("opt-no-root3", LEAVE_ROOT_OUT_LABEL, &leave_root_out) }
                    </div>
                    { if namespace.trim().is_empty() {
                        html! { <p class="note info">{ "Enter the namespace of the release: the service names clients use (NAME.NAMESPACE.svc) depend on it." }</p>
                    } } else { match internal_tls(r, &opts) {
                        Ok(t) => html! {
                            <>
                                { messages(&t.warnings, &t.notes) }
                                <OutputBlock id={AttrValue::from("out-internal-values")} title="values.yaml (general.internal_tls)" text={AttrValue::from(t.values_yaml.clone())} filename="values-internal-tls.yaml" />
                                <OutputBlock secret=true id={AttrValue::from("out-internal-secrets")} title="Secrets, one per service" text={AttrValue::from(t.yaml.as_str().to_string())} filename={OutputKind::InternalTls.spec().file_name} />
                                <OutputBlock id={AttrValue::from("out-internal-ca")} title={AttrValue::from(format!("CA Secret {}", t.ca_secret_name))} text={AttrValue::from(t.ca_secret_yaml.clone())} filename="internal-ca-secret.yaml" />
                                <OutputBlock id={AttrValue::from("out-internal-custom-ca")} title="Optional: Keycloak trusts the internal CA (secrets.customCa)" text={AttrValue::from(t.custom_ca.values_yaml.clone())} filename="values-custom-ca.yaml" />
                            </>
                        },
                        Err(e) => problem(e),
                    } } }
                </>
            }
        }
        Tab::CustomCa => {
            let mut opts = CustomCaOptions::new(release.trim());
            opts.namespace = ns.clone();
            html! {
                <>
                    <p class="hint">{ "Keycloak trusts extra CAs (LDAP over TLS with a private CA, the internal TLS CA) only through secrets.customCa: the root of the chain in the input, or the CA certificates you added." }</p>
                    <div class="form-grid">
                        { text_input("customca-release", "Release (full name)", &release, &format!("e.g. {DEFAULT_RELEASE}")) }
                        { text_input("customca-namespace", "Namespace", &namespace, "optional") }
                    </div>
                    { match custom_ca(r, &opts) {
                        Ok(c) => html! {
                            <>
                                { messages(&c.warnings, &c.notes) }
                                <OutputBlock id={AttrValue::from("out-customca-values")} title="values.yaml (secrets.customCa.customCaCertificate)" text={AttrValue::from(c.values_yaml.clone())} filename="values-custom-ca.yaml" />
                                <OutputBlock id={AttrValue::from("out-customca-secret")} title={AttrValue::from(format!("Or: Secret {} (key custom-ca.pem)", c.secret_name))} text={AttrValue::from(c.secret_yaml.clone())} filename="custom-ca-secret.yaml" />
                                <OutputBlock id={AttrValue::from("out-customca-existing")} title="…with values.yaml (secrets.customCa.existingCaSecret)" text={AttrValue::from(c.existing_values_yaml.clone())} filename="values-custom-ca-existing.yaml" />
                            </>
                        },
                        Err(e) => problem(e),
                    } }
                </>
            }
        }
        Tab::EncryptionKey => {
            html! { <EncryptionKeyTab secret_default={AttrValue::from(encryption_secret_name(&release))} namespace={AttrValue::from(namespace.trim().to_string())} /> }
        }
        // Outputs without a tab (the chain, key conversion, rotation) are shown inside others.
        _ => html! {},
    };

    html! {
        <section id="outputs" class="outputs" aria-labelledby="outputs-heading">
            <h2 id="outputs-heading">{ "Outputs for the Helm chart" }</h2>
            <div class="tabs" role="tablist">
                for spec in output::tabs() {
                    {{
                        let t = spec.kind;
                        let label = spec.title;
                        let selected = *tab == t;
                        let set = tab.clone();
                        html! {
                            <button type="button" role="tab" aria-selected={selected.to_string()} onclick={Callback::from(move |_: MouseEvent| set.set(t))}>{ label }</button>
                        }
                    }}
                }
            </div>
            <div role="tabpanel">{ body }</div>
        </section>
    }
}

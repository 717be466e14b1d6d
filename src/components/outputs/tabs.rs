//! The Outputs panel's tabs, one component each. The choices they share live in
//! [`crate::hooks::OutputChoices`]; the text is the core's.

use certlens_core::output::{
    OutputKind, DEFAULT_RELEASE, DEFAULT_TLS_SECRET_NAME, LEAVE_ROOT_OUT_LABEL,
};
use certlens_core::{Report, TargetFormat};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::block::OutputBlock;
use super::{messages, problem};
use crate::engine_call::{ask_kept, Call, CustomCaOut, InternalOut, PinsOut, SecretOut, ValuesOut};
use crate::hooks::{use_engine, OutputChoices};
use crate::state::Shared;

/// A question for the engine about the pool's report: the call and, for the keystore
/// password, the text that travels in its own wiped buffer.
pub(super) type Ask = (Shared<Report>, Call, Option<zeroize::Zeroizing<String>>);

/// Asks the engine for a tab's text (engine_call): building it converts or encrypts keys,
/// code the UI binary does not carry.
pub(super) async fn ask_tab<T: serde::de::DeserializeOwned>((report, call, password): Ask) -> Result<T, String> {
    ask_kept(&report, call, password.as_deref().map(|p| p.as_str())).await
}

/// What every tab is given: the pool's report and the panel's choices.
#[derive(Properties, PartialEq)]
pub struct TabProps {
    pub report: Shared<Report>,
    pub choices: OutputChoices,
}

pub(super) fn text_input(id: &str, label: &str, value: &UseStateHandle<String>, placeholder: &str) -> Html {
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

/// certificate.tls in values.yaml, its two Base64 values and the full chain.
#[component]
pub fn ValuesTab(props: &TabProps) -> Html {
    let c = &props.choices;
    let keystore = use_state(|| None::<(zeroize::Zeroizing<String>, [u8; 32])>);
    let call = Call::Values {
        include_root: !*c.leave_root_out,
        key_format: *c.key_format,
        old_pins: certlens_core::parse_pin_list(&c.old_pins)
            .into_iter()
            .filter_map(|p| p.normalized)
            .collect(),
        release: Some(c.release.trim().to_string()).filter(|r| !r.is_empty()),
        salt_iv: keystore.as_ref().map(|(_, salt_iv)| *salt_iv),
    };
    let password = keystore.as_ref().map(|(p, _)| p.clone());
    let answer = use_engine(Some((props.report.clone(), call, password)), ask_tab::<ValuesOut>);
    // Fresh salt and IV each time the password changes (the core draws no randomness); the
    // password lives only in this component's state, never in storage.
    let set_keystore = {
        let keystore = keystore.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                let p = zeroize::Zeroizing::new(t.value());
                if p.is_empty() {
                    keystore.set(None);
                } else {
                    match crate::browser::random::random_32() {
                        Ok(b) => keystore.set(Some((p, b))),
                        Err(_) => keystore.set(None),
                    }
                }
            }
        })
    };
    let set_old = {
        let old_pins = c.old_pins.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                old_pins.set(t.value());
            }
        })
    };
    html! {
        <>
            <div class="form-grid">
                { key_format_select(&c.key_format) }
                { checkbox("opt-no-root", LEAVE_ROOT_OUT_LABEL, &c.leave_root_out) }
            </div>
            <label for="old-pins" class="field-label">{ "Key rotation: pins of the old key to keep (optional)" }</label>
            <textarea id="old-pins" rows="2" spellcheck="false" value={(*c.old_pins).clone()} oninput={set_old} placeholder="64 hex digits per line" />
            <label for="opt-keystore-password" class="field-label">{ "Keystore password (secrets.defaults.keystore_password, optional)" }</label>
            <input id="opt-keystore-password" type="password" autocomplete="new-password" oninput={set_keystore} />
            <p class="hint">{ if keystore.is_some() {
                "tls.key is written encrypted with this password (PKCS#8, AES-256-CBC) and the values set secrets.defaults.keystore_password to it: the backend's keystore and nginx open the key with it, so keep the two together."
            } else {
                "Empty: tls.key is written unencrypted, which is what the chart needs while secrets.defaults.keystore_password is empty (its default). An encrypted key with an empty keystore_password stops the backend and the router from starting."
            } }</p>
            { match answer {
                None => html! {},
                Some(Ok(v)) => html! {
                    <>
                        { messages(&v.warnings, &v.notes) }
                        <OutputBlock secret=true id={AttrValue::from("out-values")} title="values.yaml (certificate)" text={AttrValue::from(v.yaml.as_str().to_string())} filename={OutputKind::Values.spec().file_name}
                            note={AttrValue::from("Base64 of the PEM on one line, as the chart puts it verbatim under data: of a kubernetes.io/tls Secret.")} />
                        <OutputBlock id={AttrValue::from("out-crt")} title="certificate.tls.crt" text={AttrValue::from(v.crt_base64.clone())} filename="tls.crt.b64" />
                        <OutputBlock secret=true id={AttrValue::from("out-key")} title="certificate.tls.key" text={AttrValue::from(v.key_base64.as_str().to_string())} filename="tls.key.b64" />
                        <OutputBlock id={AttrValue::from("out-chain-pem")} title="full-chain.crt (PEM)" text={AttrValue::from(v.full_chain_pem.clone())} filename="full-chain.crt" />
                    </>
                },
                Some(Err(e)) => problem(e),
            } }
        </>
    }
}

/// certificate.security_pinned_hashes and every key's pin.
#[component]
pub fn PinsTab(props: &TabProps) -> Html {
    let pins_b64 = &props.choices.pins_b64;
    let call = Call::Pins { base64: **pins_b64 };
    let answer = use_engine(Some((props.report.clone(), call, None)), ask_tab::<PinsOut>);
    match answer {
        // The option stays on screen while the engine writes the pins.
        None => html! {
            <div class="form-grid">{ checkbox("opt-pins-b64", "Show the Base64 forms (information only: the chart takes hex)", pins_b64) }</div>
        },
        Some(Ok(p)) => html! {
            <>
                <div class="form-grid">{ checkbox("opt-pins-b64", "Show the Base64 forms (information only: the chart takes hex)", pins_b64) }</div>
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
                <super::next_key::NextKeyPlanner report={props.report.clone()} />
            </>
        },
        Some(Err(e)) => problem(e),
    }
}

/// A kubernetes.io/tls Secret, its kubectl command and the values that use it.
#[component]
pub fn SecretTab(props: &TabProps) -> Html {
    let c = &props.choices;
    let call = Call::Secret {
        name: c.secret_name.trim().to_string(),
        namespace: c.namespace(),
        include_root: !*c.leave_root_out,
        include_ca: *c.with_ca,
        key_format: *c.key_format,
    };
    let answer = use_engine(Some((props.report.clone(), call, None)), ask_tab::<SecretOut>);
    html! {
        <>
            <div class="form-grid">
                { text_input("secret-name", "Secret name", &c.secret_name, DEFAULT_TLS_SECRET_NAME) }
                { text_input("secret-namespace", "Namespace", &c.namespace, &format!("e.g. {DEFAULT_RELEASE}")) }
                { checkbox("opt-ca", "add ca.crt", &c.with_ca) }
                { checkbox("opt-no-root2", LEAVE_ROOT_OUT_LABEL, &c.leave_root_out) }
                { key_format_select(&c.key_format) }
            </div>
            { match answer {
                None => html! {},
                Some(Ok(s)) => html! {
                    <>
                        { messages(&s.warnings, &s.notes) }
                        <OutputBlock secret=true id={AttrValue::from("out-secret")} title="kubernetes.io/tls Secret" text={AttrValue::from(s.yaml.as_str().to_string())} filename={AttrValue::from(format!("{}.yaml", s.name))} />
                        <OutputBlock id={AttrValue::from("out-kubectl")} title="kubectl" text={AttrValue::from(s.kubectl.clone())} filename="create-secret.sh"
                            note={AttrValue::from("Uses the two files below: download them next to where you run kubectl.")} />
                        <OutputBlock id={AttrValue::from("out-existing")} title="values.yaml (use the existing Secret)" text={AttrValue::from(s.values_yaml.clone())} filename={certlens_core::output::downloads::EXISTING_CERT_VALUES} />
                        <OutputBlock title="full-chain.crt" text={AttrValue::from(s.full_chain_pem.clone())} filename="full-chain.crt" />
                        <OutputBlock secret=true title="tls.key" text={AttrValue::from(s.key_pem.as_str().to_string())} filename="tls.key" />
                    </>
                },
                Some(Err(e)) => problem(e),
            } }
        </>
    }
}

/// general.internal_tls: one Secret per service, the CA Secret and the values.
#[component]
pub fn InternalTlsTab(props: &TabProps) -> Html {
    let c = &props.choices;
    let call = (!c.namespace.trim().is_empty()).then(|| Call::Internal {
        release: c.release.trim().to_string(),
        namespace: c.namespace.trim().to_string(),
        include_root: !*c.leave_root_out,
    });
    let answer = use_engine(call.map(|call| (props.report.clone(), call, None)), ask_tab::<InternalOut>);
    html! {
        <>
            <div class="form-grid">
                { text_input("internal-release", "Release (full name)", &c.release, &format!("e.g. {DEFAULT_RELEASE}")) }
                { text_input("internal-namespace", "Namespace", &c.namespace, &format!("e.g. {DEFAULT_RELEASE}")) }
                { checkbox("opt-no-root3", LEAVE_ROOT_OUT_LABEL, &c.leave_root_out) }
            </div>
            { if c.namespace.trim().is_empty() {
                html! { <p class="note info">{ "Enter the namespace of the release: the service names clients use (NAME.NAMESPACE.svc) depend on it." }</p>
            } } else { match answer {
                None => html! {},
                Some(Ok(t)) => html! {
                    <>
                        { messages(&t.warnings, &t.notes) }
                        <OutputBlock id={AttrValue::from("out-internal-values")} title="values.yaml (general.internal_tls and secrets.customCa)" text={AttrValue::from(t.values_all.clone())} filename={certlens_core::output::downloads::INTERNAL_VALUES} />
                        <OutputBlock secret=true id={AttrValue::from("out-internal-secrets")} title="Secrets, one per service" text={AttrValue::from(t.yaml.as_str().to_string())} filename={OutputKind::InternalTls.spec().file_name} />
                        <OutputBlock id={AttrValue::from("out-internal-ca")} title={AttrValue::from(format!("CA Secret {}", t.ca_secret_name))} text={AttrValue::from(t.ca_secret_yaml.clone())} filename={certlens_core::output::downloads::INTERNAL_CA_SECRET} />
                    </>
                },
                Some(Err(e)) => problem(e),
            } } }
        </>
    }
}

/// secrets.customCa: the CA Keycloak is to trust, as values or as a Secret.
#[component]
pub fn CustomCaTab(props: &TabProps) -> Html {
    let c = &props.choices;
    let call = Call::CustomCa {
        release: c.release.trim().to_string(),
        namespace: c.namespace(),
    };
    let answer = use_engine(Some((props.report.clone(), call, None)), ask_tab::<CustomCaOut>);
    html! {
        <>
            <p class="hint">{ "Keycloak trusts extra CAs (LDAP over TLS with a private CA, the internal TLS CA) only through secrets.customCa: the root of the chain in the input, or the CA certificates you added." }</p>
            <div class="form-grid">
                { text_input("customca-release", "Release (full name)", &c.release, &format!("e.g. {DEFAULT_RELEASE}")) }
                { text_input("customca-namespace", "Namespace", &c.namespace, "optional") }
            </div>
            { match answer {
                None => html! {},
                Some(Ok(c)) => html! {
                    <>
                        { messages(&c.warnings, &c.notes) }
                        <OutputBlock id={AttrValue::from("out-customca-values")} title="values.yaml (secrets.customCa.customCaCertificate)" text={AttrValue::from(c.values_yaml.clone())} filename={certlens_core::output::OutputKind::CustomCa.spec().file_name} />
                        <OutputBlock id={AttrValue::from("out-customca-secret")} title={AttrValue::from(format!("Or: Secret {} (key custom-ca.pem)", c.secret_name))} text={AttrValue::from(c.secret_yaml.clone())} filename={certlens_core::output::downloads::CUSTOM_CA_SECRET} />
                        <OutputBlock id={AttrValue::from("out-customca-existing")} title="…with values.yaml (secrets.customCa.existingCaSecret)" text={AttrValue::from(c.existing_values_yaml.clone())} filename={certlens_core::output::downloads::CUSTOM_CA_EXISTING_VALUES} />
                    </>
                },
                Some(Err(e)) => problem(e),
            } }
        </>
    }
}

//! One-off calls from a component into the engine: a key converted, a PKCS#12 file, the next
//! key planned. Each is engine work (key parsing, encryption, key generation) that the page's UI
//! binary does not carry (Cargo.toml), so it runs in a worker of its own, started from the
//! loader's factory like the analysis and Make workers, and is stopped once it has answered.
//!
//! The report travels packed, as it came from the analysis worker ([`transport::pack`]): the
//! JSON, the certificates and the decrypted keys in two transferred buffers, which the worker
//! wipes once read. The answer holds key material, so it comes back as JSON in a transferred
//! buffer that the page wipes once read, and the password (PKCS#12) travels as its own buffer.
//! Where no worker can be started (component tests), a build with the `engine` feature answers
//! in the page.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use certlens_core::make::KeyAlgorithm;
use certlens_core::output::SecretText;
use certlens_core::{transport, Report, TargetFormat};

use crate::state::Shared;
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::{Deserialize, Deserializer, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, Worker};
use zeroize::Zeroizing;

/// What a component asks of the engine, about the report it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Call {
    /// Private key `index` of the report, unencrypted PEM in `to`.
    ConvertKey { index: usize, to: TargetFormat },
    /// A PKCS#12 file (`certlens_core::make::pkcs12_from_pool`); the password goes apart.
    Pkcs12 {
        chain: Option<usize>,
        friendly_name: Option<String>,
        include_chain: bool,
    },
    /// `certlens_core::make::next_key_plan` for the report's current certificate.
    NextKey { key: KeyAlgorithm },
    /// The Outputs' encryption-key tab: each key field checked (`certlens_core::enckey`) and the
    /// keys' Secret (`encryption_key_secret`, `encryption_key_rotation`, or
    /// `encryption_key_rotation_from` the existing backend Secret). The keys and the existing
    /// Secret are key material, so they travel in the password's wiped buffer
    /// ([`EncryptionSecrets`]); no report is sent. In the engine because it takes the YAML
    /// reader and writer and the key checks, which the UI binary otherwise never needs.
    EncryptionKey {
        secret_name: String,
        namespace: Option<String>,
    },
    /// `certlens_core::output::tls_values` (the Outputs' values tab). In the engine because it
    /// converts and may encrypt the key (PKCS#8 with the keystore password, which travels in
    /// the password's wiped buffer when `salt_iv` is given).
    Values {
        include_root: bool,
        key_format: Option<TargetFormat>,
        old_pins: Vec<String>,
        release: Option<String>,
        salt_iv: Option<[u8; 32]>,
    },
    /// `certlens_core::output::tls_secret` (the Outputs' Secret tab): it converts the key.
    Secret {
        name: String,
        namespace: Option<String>,
        include_root: bool,
        include_ca: bool,
        key_format: Option<TargetFormat>,
    },
    /// `certlens_core::output::pins` (the Outputs' pins tab): its YAML and Base64 forms.
    Pins { base64: bool },
    /// `certlens_core::output::internal_tls` (the Outputs' internal TLS tab).
    Internal {
        release: String,
        namespace: String,
        include_root: bool,
    },
    /// `certlens_core::output::custom_ca` (the Outputs' custom CA tab).
    CustomCa {
        release: String,
        namespace: Option<String>,
    },
    /// `certlens_core::output::agents` (the Outputs' agents tab); the agent key, when given,
    /// travels in the password's wiped buffer.
    Agents {
        server_host: String,
        agents: Vec<String>,
        namespace: Option<String>,
    },
}

/// One key's pin in the engine's `Pins`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PinItem {
    pub label: String,
    pub leaf: bool,
    pub hex: String,
}

/// The engine's `Pins`, as the Outputs' pins tab reads it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PinsOut {
    pub yaml: String,
    pub values_block: bool,
    pub all: Vec<PinItem>,
    pub notes: Vec<String>,
}

/// The engine's `InternalTls`, as the Outputs' internal TLS tab reads it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InternalOut {
    #[serde(deserialize_with = "secret")]
    pub yaml: SecretText,
    pub values_all: String,
    pub ca_secret_name: String,
    pub ca_secret_yaml: String,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// The engine's `CustomCa`, as the Outputs' custom CA tab reads it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomCaOut {
    pub values_yaml: String,
    pub secret_name: String,
    pub secret_yaml: String,
    pub existing_values_yaml: String,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// The engine's `Agents`, as the Outputs' agents tab reads it (the key wiped when dropped).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AgentsOut {
    #[serde(deserialize_with = "secret")]
    pub values_yaml: SecretText,
    #[serde(deserialize_with = "secret")]
    pub secret_yaml: SecretText,
    pub existing_values_yaml: String,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// The engine's `TlsValues`, as the Outputs' values tab reads it (the key wiped when dropped).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ValuesOut {
    #[serde(deserialize_with = "secret")]
    pub yaml: SecretText,
    pub crt_base64: String,
    #[serde(deserialize_with = "secret")]
    pub key_base64: SecretText,
    pub full_chain_pem: String,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// The engine's `TlsSecret`, as the Outputs' Secret tab reads it (the key wiped when dropped).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SecretOut {
    #[serde(deserialize_with = "secret")]
    pub yaml: SecretText,
    pub name: String,
    pub kubectl: String,
    pub values_yaml: String,
    pub full_chain_pem: String,
    #[serde(deserialize_with = "secret")]
    pub key_pem: SecretText,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

impl Call {
    /// Whether the engine needs the pool's report to answer.
    fn needs_report(&self) -> bool {
        !matches!(self, Call::EncryptionKey { .. })
    }
}

/// The key material of [`Call::EncryptionKey`], as JSON in the password's buffer.
#[derive(Serialize, Deserialize)]
pub struct EncryptionSecrets {
    pub existing: String,
    pub new: String,
    pub old: String,
}

/// The engine's `enckey::KeyCheck`, as the page reads it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct KeyCheck {
    pub ok: bool,
    pub normalized: Option<String>,
    pub problems: Vec<String>,
    pub hints: Vec<String>,
}

/// The answer to [`Call::EncryptionKey`]: each non-empty key field's check, and the keys when
/// a new key is given (or why not).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EncryptionAnswer {
    pub new_check: Option<KeyCheck>,
    pub old_check: Option<KeyCheck>,
    pub keys: Option<Result<RotatedKeys, String>>,
}

/// The engine's `EncryptionKeys`, as the page reads it (the keys wiped when dropped).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RotatedKeys {
    #[serde(deserialize_with = "secret")]
    pub secret_yaml: SecretText,
    pub values_yaml: String,
    #[serde(deserialize_with = "secret")]
    pub chart_managed_yaml: SecretText,
    pub notes: Vec<String>,
}

/// Key material read from the answer's JSON straight into a wiped buffer.
fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<SecretText, D::Error> {
    String::deserialize(d).map(|s| SecretText::from(Zeroizing::new(s)))
}

/// The engine's `Pkcs12Out`, as the page reads it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Pkcs12File {
    pub der: Vec<u8>,
    pub file_name: String,
    pub friendly_name: String,
    pub certificates: usize,
}

/// The engine's `PinnedAhead`, as the page reads it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PinsAhead {
    pub current: String,
    pub current_label: String,
    pub next: String,
    pub yaml: String,
    pub notes: Vec<String>,
}

/// The engine's `NextKeyPlan`, as the page reads it (the key wiped when dropped).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NextKey {
    pub name: String,
    #[serde(deserialize_with = "secret")]
    pub key_pem: SecretText,
    pub csr_pem: String,
    pub names: Vec<String>,
    pub pins: PinsAhead,
    pub steps: Vec<String>,
}

/// A converted key's PEM (wiped when dropped).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Pem(#[serde(deserialize_with = "secret")] pub SecretText);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(key), &value.into());
}

// ---------------------------------------------------------------------------------------------
// Engine side

/// The answer's JSON (each engine type serialises as the page's mirror above reads it).
#[cfg(feature = "engine")]
fn answer(report: Option<&Report>, call: &Call, password: &str) -> Result<String, String> {
    use certlens_core::make::{next_key_plan, pkcs12_from_pool, NextKeyOptions, Pkcs12Options};
    let json = |v: Result<String, serde_json::Error>| v.map_err(|e| e.to_string());
    if let Call::EncryptionKey {
        secret_name,
        namespace,
    } = call
    {
        use certlens_core::enckey::{check_key, KeyCheck};
        use certlens_core::output::{
            encryption_key_rotation, encryption_key_rotation_from, encryption_key_secret,
            EncryptionKeys, EncryptionSecretOptions,
        };
        #[derive(Serialize)]
        struct Out {
            new_check: Option<KeyCheck>,
            old_check: Option<KeyCheck>,
            keys: Option<Result<EncryptionKeys, String>>,
        }
        let s: EncryptionSecrets = serde_json::from_str(password).map_err(|e| e.to_string())?;
        let (existing, new, old) = (
            Zeroizing::new(s.existing),
            Zeroizing::new(s.new),
            Zeroizing::new(s.old),
        );
        let opts = EncryptionSecretOptions {
            secret_name: secret_name.clone(),
            namespace: namespace.clone(),
        };
        let keys = if new.trim().is_empty() {
            None
        } else if !existing.trim().is_empty() {
            Some(encryption_key_rotation_from(&existing, &new, &opts))
        } else if old.trim().is_empty() {
            Some(encryption_key_secret(&new, &opts))
        } else {
            Some(encryption_key_rotation(&old, &new, &opts))
        };
        let out = Out {
            new_check: (!new.trim().is_empty()).then(|| check_key(&new)),
            old_check: (!old.trim().is_empty()).then(|| check_key(&old)),
            keys: keys.map(|k| k.map_err(|e| e.to_string())),
        };
        return json(serde_json::to_string(&out));
    }
    let report = report.ok_or("no report was sent")?;
    match call {
        Call::ConvertKey { index, to } => {
            let c = certlens_core::output::convert_key(report, *index, *to)
                .map_err(|e| e.to_string())?;
            json(serde_json::to_string(&c.pem))
        }
        Call::Pkcs12 {
            chain,
            friendly_name,
            include_chain,
        } => {
            let seed = crate::browser::maker::seed()?;
            let mut opts = Pkcs12Options::with_password(password);
            opts.chain = *chain;
            opts.friendly_name = friendly_name.clone();
            opts.include_chain = *include_chain;
            let p = pkcs12_from_pool(report, &opts, &seed).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&p))
        }
        Call::NextKey { key } => {
            let seed = crate::browser::maker::seed()?;
            let opts = NextKeyOptions {
                key: *key,
                ..NextKeyOptions::default()
            };
            let p = next_key_plan(report, &opts, &seed).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&p))
        }
        Call::Values {
            include_root,
            key_format,
            old_pins,
            release,
            salt_iv,
        } => {
            use certlens_core::output::{tls_values, KeystorePassword, TlsValuesOptions};
            let opts = TlsValuesOptions {
                include_root: *include_root,
                key_format: *key_format,
                old_pins: old_pins.clone(),
                release: release.clone(),
                keystore_password: salt_iv.map(|salt_iv| KeystorePassword {
                    password: Zeroizing::new(password.to_string()),
                    salt_iv,
                }),
                ..TlsValuesOptions::default()
            };
            let v = tls_values(report, &opts).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&v))
        }
        Call::Secret {
            name,
            namespace,
            include_root,
            include_ca,
            key_format,
        } => {
            use certlens_core::output::{tls_secret, TlsSecretOptions};
            let opts = TlsSecretOptions {
                namespace: namespace.clone(),
                include_root: *include_root,
                include_ca: *include_ca,
                key_format: *key_format,
                ..TlsSecretOptions::named(name.clone())
            };
            let s = tls_secret(report, &opts).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&s))
        }
        Call::Pins { base64 } => {
            use certlens_core::output::{pins, PinsOptions};
            let p = pins(report, &PinsOptions { base64: *base64 }).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&p))
        }
        Call::Internal {
            release,
            namespace,
            include_root,
        } => {
            use certlens_core::output::{internal_tls, InternalTlsOptions};
            let mut opts = InternalTlsOptions::new(release.clone(), namespace.clone());
            opts.include_root = *include_root;
            let t = internal_tls(report, &opts).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&t))
        }
        Call::CustomCa { release, namespace } => {
            use certlens_core::output::{custom_ca, CustomCaOptions};
            let mut opts = CustomCaOptions::new(release.clone());
            opts.namespace = namespace.clone();
            let c = custom_ca(report, &opts).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&c))
        }
        Call::Agents {
            server_host,
            agents,
            namespace,
        } => {
            use certlens_core::output::{AgentsOptions, SecretText};
            let opts = AgentsOptions {
                server_host: server_host.clone(),
                agents: agents.clone(),
                namespace: namespace.clone(),
                lightrun_key: (!password.is_empty()).then(|| SecretText::new(password.to_string())),
                chain: None,
            };
            let a = certlens_core::output::agents(report, &opts).map_err(|e| e.to_string())?;
            json(serde_json::to_string(&a))
        }
        Call::EncryptionKey { .. } => Err("answered above".into()),
    }
}

/// Worker side: answers `{ call, json, certs, keys, password }` messages; `false` when the
/// message is not one.
pub fn handle(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> bool {
    let Some(call) = get(data, "call").as_string() else {
        return false;
    };
    let take = |key: &str| crate::browser::worker::take_bytes(get(data, key));
    let (certs, keys, password) = (take("certs"), take("keys"), take("password"));
    let json = get(data, "json").as_string().unwrap_or_default();
    let result = match serde_json::from_str::<Call>(&call) {
        Ok(call) if !call.needs_report() => run(None, &call, &password),
        Ok(call) => match transport::unpack(&json, &certs, &keys) {
            Ok(report) => run(Some(&report), &call, &password),
            Err(e) => Err(e.to_string()),
        },
        Err(e) => Err(format!("bad request: {e}")),
    };
    post_answer(scope, result);
    true
}

#[cfg(feature = "engine")]
fn run(report: Option<&Report>, call: &Call, password: &[u8]) -> Result<Zeroizing<String>, String> {
    let password = Zeroizing::new(String::from_utf8_lossy(password).into_owned());
    answer(report, call, &password).map(Zeroizing::new)
}

/// Only the engine binary (built with `engine`) reaches [`handle`].
#[cfg(not(feature = "engine"))]
fn run(_: Option<&Report>, _: &Call, _: &[u8]) -> Result<Zeroizing<String>, String> {
    Err("this build has no engine".into())
}

fn post_answer(scope: &DedicatedWorkerGlobalScope, result: Result<Zeroizing<String>, String>) {
    let msg = Object::new();
    set(&msg, "kind", "answer");
    match result {
        Ok(text) => {
            let bytes = Uint8Array::from(text.as_bytes());
            set(&msg, "answer", &bytes);
            let _ = scope.post_message_with_transfer(&msg, &Array::of1(&bytes.buffer()));
        }
        Err(e) => {
            set(&msg, "error", e);
            let _ = scope.post_message(&msg);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Page side

/// The worker's message and error handlers, kept alive until it has answered.
type Handlers = Rc<RefCell<Vec<Closure<dyn FnMut(JsValue)>>>>;

/// Asks the engine `call` about `report`; the answer's JSON is read as `T`.
pub async fn ask<T: serde::de::DeserializeOwned>(
    report: &Report,
    call: Call,
    password: Option<&str>,
) -> Result<T, String> {
    let text = answer_text(Some(Pool::Once(report)), call, password).await?;
    serde_json::from_slice::<T>(text.as_bytes()).map_err(|e| e.to_string())
}

/// [`ask`] for the Outputs tabs, which ask again at every change of their choices (each
/// keystroke in a name field): the report is packed once and kept for the next call about the
/// same report, where packing it each time held the page's thread ~200 ms per keystroke on a
/// pool of 14,400 certificates. The Outputs panel calls [`forget_packed`] when its report goes.
pub async fn ask_kept<T: serde::de::DeserializeOwned>(
    report: &Shared<Report>,
    call: Call,
    password: Option<&str>,
) -> Result<T, String> {
    let text = answer_text(Some(Pool::Kept(report)), call, password).await?;
    serde_json::from_slice::<T>(text.as_bytes()).map_err(|e| e.to_string())
}

/// Drops the report kept packed by [`ask_kept`] (its decrypted keys are zeroized): called when
/// the report the Outputs panel shows is replaced or the panel goes.
pub fn forget_packed() {
    KEPT.with(|k| k.borrow_mut().take());
}

thread_local! {
    /// The last report [`ask_kept`] packed, and the report it was packed from (held weakly, so
    /// that the report's allocation, and thus its address, stays unique while it is kept).
    static KEPT: RefCell<Option<(Weak<Report>, Rc<Packed>)>> = const { RefCell::new(None) };
}

/// A report packed for the engine ([`transport::pack`]), with its JSON already a JavaScript
/// string and its certificates a JavaScript array: turning a pool of 14,400 certificates'
/// JSON into a string for the page's JavaScript takes tens of milliseconds, once per report.
struct Packed {
    packed: transport::Packed,
    json: JsValue,
    certs: Uint8Array,
}

impl Packed {
    fn of(report: &Report) -> Rc<Packed> {
        let packed = transport::pack(report.clone());
        let json = JsValue::from_str(&packed.json);
        let certs = Uint8Array::from(packed.certs.as_slice());
        Rc::new(Packed { packed, json, certs })
    }
}

/// The report a call is about: packed for this call only, or kept packed for the next calls.
enum Pool<'a> {
    Once(&'a Report),
    Kept(&'a Shared<Report>),
}

impl Pool<'_> {
    fn report(&self) -> &Report {
        match self {
            Pool::Once(r) => r,
            Pool::Kept(r) => r,
        }
    }

    fn packed(&self) -> Rc<Packed> {
        match self {
            Pool::Once(r) => Packed::of(r),
            Pool::Kept(r) => KEPT.with(|k| {
                let mut k = k.borrow_mut();
                match &*k {
                    Some((of, packed)) if std::ptr::eq(of.as_ptr(), Rc::as_ptr(&r.0)) => packed.clone(),
                    _ => {
                        let packed = Packed::of(&r.0);
                        *k = Some((Rc::downgrade(&r.0), packed.clone()));
                        packed
                    }
                }
            }),
        }
    }
}

/// The encryption-key tab's checks and keys ([`Call::EncryptionKey`]).
pub async fn encryption_key(
    secrets: &EncryptionSecrets,
    secret_name: String,
    namespace: Option<String>,
) -> Result<EncryptionAnswer, String> {
    let secrets = Zeroizing::new(serde_json::to_string(secrets).map_err(|e| e.to_string())?);
    let call = Call::EncryptionKey {
        secret_name,
        namespace,
    };
    let text = answer_text(None, call, Some(&secrets)).await?;
    serde_json::from_slice::<EncryptionAnswer>(text.as_bytes()).map_err(|e| e.to_string())
}

async fn answer_text(
    report: Option<Pool<'_>>,
    call: Call,
    password: Option<&str>,
) -> Result<Zeroizing<String>, String> {
    let factory = get(&js_sys::global(), "certlensWorker");
    let Some(factory) = factory.dyn_ref::<js_sys::Function>() else {
        return in_page(report.as_ref().map(Pool::report), &call, password.unwrap_or_default());
    };
    let promise = factory
        .call0(&JsValue::NULL)
        .map_err(|_| "the worker could not start".to_string())?;
    let worker: Worker = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
        .await
        .map_err(|e| format!("the worker could not start: {}", message(&e)))?
        .dyn_into()
        .map_err(|_| "the loader did not return a worker".to_string())?;
    // Resolved by the worker's answer or its error; the handlers live until then.
    let handlers: Handlers = Rc::default();
    let answered = js_sys::Promise::new(&mut |resolve, reject| {
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &get(&e, "data"));
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let text = get(&e, "message")
                .as_string()
                .unwrap_or_else(|| "the worker stopped".into());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&text));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        handlers.borrow_mut().extend([on_message, on_error]);
    });
    // A call that needs no report sends none (empty JSON and buffers).
    let packed = report.as_ref().map(Pool::packed);
    let (json, certs, keys) = match &packed {
        // The JSON is handed over as the JavaScript string made once (posting copies it), the
        // certificates as a copy of the kept array (the copy is transferred).
        Some(p) => (
            p.json.clone(),
            p.certs.slice(0, p.certs.length()),
            Uint8Array::from(p.packed.keys.as_slice()),
        ),
        None => (JsValue::from_str(""), Uint8Array::new_with_length(0), Uint8Array::new_with_length(0)),
    };
    let msg = Object::new();
    set(
        &msg,
        "call",
        serde_json::to_string(&call).unwrap_or_default(),
    );
    set(&msg, "json", &json);
    set(&msg, "certs", &certs);
    set(&msg, "keys", &keys);
    let transfer = Array::of2(&certs.buffer(), &keys.buffer());
    if let Some(p) = password {
        let bytes = Uint8Array::from(p.as_bytes());
        set(&msg, "password", &bytes);
        transfer.push(&bytes.buffer());
    }
    let sent = worker.post_message_with_transfer(&msg, &transfer);
    let data = match sent {
        Ok(()) => wasm_bindgen_futures::JsFuture::from(answered)
            .await
            .map_err(|e| message(&e)),
        Err(e) => Err(message(&e)),
    };
    worker.terminate();
    drop(handlers);
    let data = data?;
    match get(&data, "answer").dyn_into::<Uint8Array>() {
        Ok(b) => {
            let text = Zeroizing::new(b.to_vec());
            b.fill(0, 0, b.length());
            String::from_utf8(text.to_vec())
                .map(Zeroizing::new)
                .map_err(|e| e.to_string())
        }
        Err(_) => Err(get(&data, "error")
            .as_string()
            .unwrap_or_else(|| "the worker failed".into())),
    }
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// No worker (component tests): answer here.
#[cfg(feature = "engine")]
fn in_page(report: Option<&Report>, call: &Call, password: &str) -> Result<Zeroizing<String>, String> {
    answer(report, call, password).map(Zeroizing::new)
}

/// The UI binary is only ever started by the loader, which always provides workers.
#[cfg(not(feature = "engine"))]
fn in_page(_: Option<&Report>, _: &Call, _: &str) -> Result<Zeroizing<String>, String> {
    Err("no worker to run this in: start the page through its loader".into())
}

//! certlens as a WebAssembly ES module (`wasm-bindgen --target web`): the same core as the
//! browser app and the CLI, for other pages and tools.
//!
//! This layer is thin on purpose: it turns JavaScript arguments into the core's types (serde
//! DTOs read with serde-wasm-bindgen, see [`options`]), calls the core, and turns the result
//! back into plain JavaScript objects with `serde_wasm_bindgen::Serializer::json_compatible()`,
//! so every result has exactly the fields and `snake_case` names of the JSON contract
//! (`docs/json-contract.md`): absent values are `null`, maps are plain objects. `inspect`'s
//! certificates take a faster road to the same shape ([`report`]). Failures go
//! through one helper, [`error::into_error`], and arrive as JavaScript `Error`s with the CLI's
//! message. Options are camelCase (`includeRoot`, `keyFormat`); unknown option names are
//! refused.
//!
//! Randomness (for [`generate_key`] and the encryption-key Secrets) comes from
//! `globalThis.crypto.getRandomValues`, which browsers and Node ≥ 19 provide.
#![forbid(unsafe_code)]

mod bundle;
mod deploy;
pub mod error;
pub mod input;
pub mod make;
pub mod options;
mod report;

use certlens_core::enckey;
use certlens_core::output;
use certlens_core::TargetFormat;
use certlens_core::{inspect as core_inspect, Report};
use js_sys::{Function, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use deploy::{doctor, inventory};
use error::{argument, into_error, Failure};

// Precise TypeScript types of every argument and result, appended to the generated .d.ts.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("types.d.ts");

/// A result as a plain JavaScript value with the JSON contract's shape.
pub(crate) fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, Failure> {
    Ok(v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

fn finish<T: Serialize>(r: Result<T, Failure>) -> Result<JsValue, JsValue> {
    r.and_then(|v| to_js(&v)).map_err(into_error)
}

/// Inspect with the password and `now` of an options object.
fn read_report(
    input: &JsValue,
    password: Option<String>,
    now: &JsValue,
) -> Result<Report, Failure> {
    let inputs = input::read(input)?;
    let opts = options::core_options(password, now)?;
    Ok(core_inspect(&inputs, &opts))
}

/// The version of certlens (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Read and describe everything in the input: the JSON contract's `Report`.
///
/// Never fails because of what the input holds (unreadable blocks are in `errors`, problems in
/// `findings`); it throws only for bad arguments.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn inspect(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InspectOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    inspect_report_as(&input, options)
        .and_then(|(r, detail)| report::to_js_report(r, detail))
        .map_err(into_error)
}

/// `inspect` with the options of [`InspectOptions`](options::InspectOptions).
fn inspect_report(input: &JsValue, options: Option<JsValue>) -> Result<Report, Failure> {
    inspect_report_as(input, options).map(|(r, _)| r)
}

/// [`inspect_report`] and how much of each certificate the caller asked for (`certificates`).
fn inspect_report_as(
    input: &JsValue,
    options: Option<JsValue>,
) -> Result<(Report, certlens_core::CertificateDetail), Failure> {
    let o: options::InspectOptions = options::read(options)?;
    // Checked before any work: a misspelt value is refused, not ignored.
    let detail = options::certificate_detail(o.certificates.as_deref())?;
    let inputs = input::read(input)?;
    let mut opts = options::core_options(o.password, &o.now)?;
    if let Some(v) = o.verify_signatures {
        opts.verify_signatures = v;
    }
    if let Some(v) = o.check_self_signatures {
        opts.check_self_signatures = v;
    }
    if let Some(d) = o.warn_days {
        opts.warn_days = d;
    }
    let mut names = o.names.unwrap_or_default();
    names.extend(certlens_core::expand_services(
        &o.services.unwrap_or_default(),
        o.namespace.as_deref(),
    ));
    opts.names = names;
    opts.expected_pins = o.expected_pins.map(|p| p.into_vec().join("\n"));
    opts.trust_anchors = options::trust_anchors(&o.trust_anchors.unwrap_or_default(), opts.now)?;
    // The summary's report skips what only the full description shows (the core's `detail`).
    opts.detail = detail;
    Ok((core_inspect(&inputs, &opts), detail))
}

/// Each chain's path validation in words, as the CLI and the page word it: the overall line,
/// one line per client, the anchor and the offered-anchor hint (`null` for a chain without a
/// validation, such as a CA bundle's). One entry per `report.chains`. Options as for `inspect`.
#[wasm_bindgen(js_name = chainVerdicts, unchecked_return_type = "(VerdictText | null)[]")]
pub fn chain_verdicts(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InspectOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    finish(inspect_report(&input, options).map(|r| {
        r.chains
            .iter()
            .map(|ch| ch.validation.as_ref().map(|v| output::verdict_text(&r, v)))
            .collect::<Vec<_>>()
    }))
}

/// The verdict on the pin list (`options.expectedPins`, else the list found in a values.yaml),
/// as the CLI's `check` and the page word it: a level, a headline and what each entry matches.
/// `null` when there is no list. Options as for `inspect`.
#[wasm_bindgen(js_name = pinVerdict, unchecked_return_type = "PinVerdict | null")]
pub fn pin_verdict(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InspectOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    finish(inspect_report(&input, options).map(|r| output::pin_verdict(&r)))
}

/// `certificate.tls.crt` / `.key` and `certificate.security_pinned_hashes` for values.yaml
/// (CLI: `certlens values`).
#[wasm_bindgen(js_name = tlsValues, unchecked_return_type = "TlsValues")]
pub fn tls_values(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TlsValuesOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::TlsValuesOptions = options::read(options)?;
        let opts = output::TlsValuesOptions {
            chain: o.chain,
            include_root: o.include_root.unwrap_or(output::DEFAULT_INCLUDE_ROOT),
            key_format: options::chart_key_format(o.key_format.as_deref())?,
            old_pins: o
                .old_pins
                .map(options::OneOrMany::into_vec)
                .unwrap_or_default(),
            allow_incomplete_chain: o.allow_incomplete_chain.unwrap_or(false),
            release: o.release,
            // Empty means "unencrypted", as in the chart; the salt and IV come from the
            // platform's secure random source, like every made key.
            keystore_password: match o.keystore_password.filter(|p| !p.is_empty()) {
                None => None,
                Some(p) => Some(output::KeystorePassword {
                    password: zeroize::Zeroizing::new(p),
                    salt_iv: random_32()?,
                }),
            },
        };
        let report = read_report(&input, o.password, &o.now)?;
        Ok(output::tls_values(&report, &opts)?)
    })())
}

/// A `kubernetes.io/tls` Secret and its `kubectl` line (CLI: `certlens secret`). The Secret's
/// name defaults to `lightrun-tls`, as in the CLI.
#[wasm_bindgen(js_name = tlsSecret, unchecked_return_type = "TlsSecret")]
pub fn tls_secret(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TlsSecretOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::TlsSecretOptions = options::read(options)?;
        let opts = output::TlsSecretOptions {
            name: o
                .name
                .unwrap_or_else(|| output::DEFAULT_TLS_SECRET_NAME.to_string()),
            namespace: o.namespace,
            chain: o.chain,
            include_root: o.include_root.unwrap_or(output::DEFAULT_INCLUDE_ROOT),
            include_ca: o.include_ca.unwrap_or(false),
            key_format: options::chart_key_format(o.key_format.as_deref())?,
            allow_incomplete_chain: o.allow_incomplete_chain.unwrap_or(false),
        };
        let report = read_report(&input, o.password, &o.now)?;
        Ok(output::tls_secret(&report, &opts)?)
    })())
}

/// Internal-TLS Secrets, the CA Secret and the `general.internal_tls` values
/// (CLI: `certlens internal-tls`). `release` and `namespace` are required.
#[wasm_bindgen(js_name = internalTls, unchecked_return_type = "InternalTls")]
pub fn internal_tls(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "InternalTlsOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::InternalTlsOptions = options::read(Some(options))?;
        let release = o.release.ok_or_else(|| {
            argument("internalTls needs options.release (the release's full name, e.g. lightrun)")
        })?;
        let namespace = o.namespace.ok_or_else(|| {
            argument("internalTls needs options.namespace (the release namespace)")
        })?;
        let opts = output::InternalTlsOptions {
            release,
            namespace,
            services: o.services.unwrap_or_default(),
            existing_secrets: o.existing_secrets.unwrap_or_default().into_iter().collect(),
            include_root: o.include_root.unwrap_or(output::DEFAULT_INCLUDE_ROOT),
            ca_secret_name: o.ca_secret_name,
            allow_incomplete_chain: o.allow_incomplete_chain.unwrap_or(false),
        };
        let report = read_report(&input, o.password, &o.now)?;
        Ok(output::internal_tls(&report, &opts)?)
    })())
}

/// `secrets.customCa` for Keycloak: the root of each chain in the input (or the CA
/// certificates given) as `customCaCertificate`, and the `existingCaSecret` alternative
/// (CLI: `certlens custom-ca`). A leaf alone throws `no_custom_ca`.
#[wasm_bindgen(js_name = customCa, unchecked_return_type = "CustomCa")]
pub fn custom_ca(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CustomCaOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::CustomCaOptions = options::read(options)?;
        let mut opts = output::CustomCaOptions::new(
            o.release
                .unwrap_or_else(|| output::DEFAULT_RELEASE.to_string()),
        );
        opts.namespace = o.namespace;
        opts.secret_name = o.secret_name;
        let report = read_report(&input, o.password, &o.now)?;
        Ok(output::custom_ca(&report, &opts)?)
    })())
}

/// The lightrun-agents chart's `javaAgents` values and agent Secrets, pinned to the chain's
/// leaf (CLI: `certlens agents`). `serverHost` is required; without `lightrunKey` the outputs
/// hold a marked value to replace and a warning says so.
#[wasm_bindgen(unchecked_return_type = "Agents")]
pub fn agents(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AgentsOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::AgentsOptions = options::read(Some(options))?;
        let host = o.server_host.ok_or_else(|| {
            argument("agents needs options.serverHost (the host the agents connect to)")
        })?;
        let opts = output::AgentsOptions {
            server_host: host,
            agents: o.agents.unwrap_or_default(),
            namespace: o.namespace,
            lightrun_key: o.lightrun_key.map(output::SecretText::new),
            chain: o.chain,
        };
        let report = read_report(&input, o.password, &o.now)?;
        Ok(output::agents(&report, &opts)?)
    })())
}

/// The `security_pinned_hashes` list and every pin of the input (CLI: `certlens pins`).
#[wasm_bindgen(unchecked_return_type = "Pins")]
pub fn pins(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PinsOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::PinsOptions = options::read(options)?;
        let report = read_report(&input, o.password, &o.now)?;
        Ok(output::pins(
            &report,
            &output::PinsOptions {
                base64: o.base64.unwrap_or(false),
            },
        )?)
    })())
}

/// The pins of the old side of a rotation (an old certificate, key or values.yaml), hex, to
/// pass as `tlsValues(..., { oldPins })`. Empty when the input holds nothing with a pin.
#[wasm_bindgen(js_name = oldSidePins, unchecked_return_type = "string[]")]
pub fn old_side_pins(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::ReadOptions = options::read(options)?;
        let report = read_report(&input, o.password, &o.now)?;
        Ok(output::old_side_pins(&report))
    })())
}

/// A private key of the input as unencrypted PEM in another format (CLI: `certlens
/// convert-key`). `key` is the 0-based index into `inspect(...).private_keys`; it may be left
/// out when the input holds exactly one private key.
#[wasm_bindgen(js_name = convertKey, unchecked_return_type = "ConvertedKey")]
pub fn convert_key(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConvertKeyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::ConvertKeyOptions = options::read(Some(options))?;
        let to = match o.to.as_deref() {
            Some(t) => options::key_format(Some(t), TargetFormat::Pkcs8)?,
            None => {
                return Err(argument(
                    "convertKey needs options.to: \"pkcs8\", \"pkcs1\" or \"sec1\"",
                ))
            }
        };
        let report = read_report(&input, o.password, &o.now)?;
        let index = output::choose_key(&report, o.key).map_err(|e| {
            Failure::Other(
                e.kind(),
                e.message(&output::KeyChoiceWords {
                    password: "options.password",
                    choose: "options.key",
                    list_prefix: "0-based: ",
                    first: 0,
                }),
            )
        })?;
        Ok(output::convert_key(&report, index, to)?)
    })())
}

/// The full chain as PEM, leaf → intermediates → root (CLI: `certlens chain`). The root is
/// included when the input holds it unless `includeRoot: false` (CLI `--no-root`); the core's
/// default, as for every output.
#[wasm_bindgen(js_name = chainPem)]
pub fn chain_pem(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChainPemOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    (|| {
        let o: options::ChainPemOptions = options::read(options)?;
        let report = read_report(&input, o.password, &o.now)?;
        output::chain_pem(
            &report,
            o.chain,
            o.include_root.unwrap_or(output::DEFAULT_INCLUDE_ROOT),
        )
        .map(|c| c.pem)
        .map_err(|e| Failure::Other("no_chain", e.to_string()))
    })()
    .map_err(into_error)
}

/// 32 bytes from `globalThis.crypto.getRandomValues`.
pub(crate) fn random_32() -> Result<[u8; 32], Failure> {
    let missing = || {
        Failure::Other(
            "no_randomness",
            "no crypto.getRandomValues in this JavaScript environment".to_string(),
        )
    };
    let crypto =
        Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| missing())?;
    if !crypto.is_object() {
        return Err(missing());
    }
    let get: Function = Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(missing)?;
    let buf = Uint8Array::new_with_length(32);
    get.call1(&crypto, &buf).map_err(|e| {
        Failure::Other(
            "no_randomness",
            format!(
                "crypto.getRandomValues failed: {}",
                e.as_string().unwrap_or_else(|| format!("{e:?}"))
            ),
        )
    })?;
    let mut out = [0u8; 32];
    buf.copy_to(&mut out);
    buf.fill(0, 0, 32);
    Ok(out)
}

fn new_key() -> Result<String, Failure> {
    let mut random = random_32()?;
    let key = enckey::encode_key(&random);
    zeroize::Zeroize::zeroize(&mut random);
    Ok(key)
}

/// A new backend encryption key: the Base64 of 32 random bytes, 44 characters, what
/// `openssl rand -base64 32` prints (CLI: `certlens keygen`).
#[wasm_bindgen(js_name = generateKey)]
pub fn generate_key() -> Result<String, JsValue> {
    new_key().map_err(into_error)
}

fn secret_options(o: &options::EncryptionKeyOptions) -> output::EncryptionSecretOptions {
    output::EncryptionSecretOptions {
        secret_name: o
            .secret_name
            .clone()
            .unwrap_or_else(|| output::DEFAULT_ENCRYPTION_SECRET_NAME.to_string()),
        namespace: o.namespace.clone(),
    }
}

/// The backend Secret fragment with `encryption-key-0`, the values that point the chart at
/// it, and the chart-managed alternative (CLI: `certlens keygen --secret-name N`). The key is
/// `options.key`, or a new one.
#[wasm_bindgen(js_name = encryptionKeySecret, unchecked_return_type = "EncryptionKeys")]
pub fn encryption_key_secret(
    #[wasm_bindgen(unchecked_optional_param_type = "EncryptionKeyOptions")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: options::EncryptionKeyOptions = options::read(options)?;
        let key = match &o.key {
            Some(k) => zeroize::Zeroizing::new(k.clone()),
            None => zeroize::Zeroizing::new(new_key()?),
        };
        Ok(output::encryption_key_secret(&key, &secret_options(&o))?)
    })())
}

/// A key rotation: `encryption-key-0` = `oldKey`, `encryption-key-1` = `options.key` or a new
/// key (CLI: `certlens keygen --rotate OLDKEY`).
#[wasm_bindgen(js_name = encryptionKeyRotation, unchecked_return_type = "EncryptionKeys")]
pub fn encryption_key_rotation(
    #[wasm_bindgen(js_name = oldKey)] old_key: String,
    #[wasm_bindgen(unchecked_optional_param_type = "EncryptionKeyOptions")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let old_key = zeroize::Zeroizing::new(old_key);
    finish((|| {
        let o: options::EncryptionKeyOptions = options::read(options)?;
        let new = match &o.key {
            Some(k) => zeroize::Zeroizing::new(k.clone()),
            None => zeroize::Zeroizing::new(new_key()?),
        };
        Ok(output::encryption_key_rotation(
            &old_key,
            &new,
            &secret_options(&o),
        )?)
    })())
}

/// A GitOps-safe rotation from the existing backend Secret (YAML or JSON, `stringData` or
/// `data`) or values file as text: every `encryption-key-N` it holds, plus `options.key` or a
/// new key as N+1 (CLI: `certlens keygen --rotate-from FILE`). Without `secretName`, the
/// Secret's own name (and namespace) is kept.
#[wasm_bindgen(js_name = encryptionKeyRotationFrom, unchecked_return_type = "EncryptionKeys")]
pub fn encryption_key_rotation_from(
    existing: String,
    #[wasm_bindgen(unchecked_optional_param_type = "EncryptionKeyOptions")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let existing = zeroize::Zeroizing::new(existing);
    finish((|| {
        let o: options::EncryptionKeyOptions = options::read(options)?;
        let new = match &o.key {
            Some(k) => zeroize::Zeroizing::new(k.clone()),
            None => zeroize::Zeroizing::new(new_key()?),
        };
        let opts = output::EncryptionSecretOptions {
            secret_name: o.secret_name.clone().unwrap_or_default(),
            namespace: o.namespace.clone(),
        };
        Ok(output::encryption_key_rotation_from(
            &existing, &new, &opts,
        )?)
    })())
}

/// Diagnose a pasted encryption key (CLI: `certlens keycheck`). Never throws for a bad key:
/// `ok` is false and `problems` say why.
#[wasm_bindgen(js_name = checkKey, unchecked_return_type = "KeyCheck")]
pub fn check_key(value: String) -> Result<JsValue, JsValue> {
    let value = zeroize::Zeroizing::new(value);
    finish(Ok(enckey::check_key(&value)))
}

//! `newSelfSigned`, `newInternalTls`, `newCsr` and `p12`: the CLI's `certlens new ...` and
//! `certlens p12`. The seed comes from `crypto.getRandomValues`; the core makes everything.

use certlens_core::make::{self, KeyAlgorithm, MakeError, Seed};
use js_sys::{Object, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::error::{argument, into_error, Failure};
use crate::{finish, options, read_report};

fn failure(e: MakeError) -> Failure {
    let kind = match &e {
        MakeError::Output(o) => return Failure::Output(o.clone()),
        MakeError::NoNames => "no_names",
        MakeError::InvalidName { .. } => "invalid_name",
        MakeError::TooManyNames { .. } => "too_many_names",
        MakeError::UnknownKeyAlgorithm { .. } => "invalid_argument",
        MakeError::InvalidValidity { .. } => "invalid_validity",
        MakeError::BadSeed => "no_randomness",
        MakeError::Pkcs12 { .. } => "pkcs12",
        MakeError::Encoding { .. } => "encoding",
        MakeError::Renewal { .. } => "renewal",
        // `MakeError` is `#[non_exhaustive]`: a kind added in the core reads as a plain error
        // here until it gets its own name.
        _ => "error",
    };
    Failure::Other(kind, e.to_string())
}

fn seed() -> Result<Seed, Failure> {
    Ok(Seed(crate::random_32()?))
}

fn key_type(k: Option<&str>) -> Result<KeyAlgorithm, Failure> {
    match k {
        None => Ok(KeyAlgorithm::default()),
        Some(k) => KeyAlgorithm::parse(k).map_err(|e| argument(e.to_string())),
    }
}

/// `newSelfSigned` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SelfSignedOptions {
    pub hosts: Option<Vec<String>>,
    pub key_type: Option<String>,
    pub days: Option<u32>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
}

/// A self-signed test certificate (SANs for every host, `general.lightrun_endpoint` first) and
/// its `certificate.tls` values, marked testing only (CLI: `certlens new self-signed`).
#[wasm_bindgen(js_name = newSelfSigned, unchecked_return_type = "SelfSigned")]
pub fn new_self_signed(
    #[wasm_bindgen(unchecked_param_type = "SelfSignedOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: SelfSignedOptions = options::read(Some(options))?;
        let hosts = o.hosts.unwrap_or_default();
        if hosts.iter().all(|h| h.trim().is_empty()) {
            return Err(argument(
                "newSelfSigned needs options.hosts (general.lightrun_endpoint first)",
            ));
        }
        let mut opts = make::SelfSignedOptions::new(hosts, options::now_seconds(&o.now)?);
        opts.key = key_type(o.key_type.as_deref())?;
        opts.days = o.days.unwrap_or(opts.days);
        make::self_signed(&opts, &seed()?).map_err(failure)
    })())
}

/// `newInternalTls` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InternalOptions {
    pub release: Option<String>,
    pub namespace: Option<String>,
    pub cluster_domain: Option<String>,
    pub main_hosts: Option<Vec<String>>,
    pub key_type: Option<String>,
    pub days: Option<u32>,
    pub ca_days: Option<u32>,
    pub name_constraints: Option<bool>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
}

/// A private CA and one certificate per Service the chart mounts, with the internal-TLS
/// Secrets, CA Secret, values and `secrets.customCa` (CLI: `certlens new internal-tls`).
/// `mainHosts` also makes the main certificate from the same CA.
#[wasm_bindgen(js_name = newInternalTls, unchecked_return_type = "MadeInternal")]
pub fn new_internal_tls(
    #[wasm_bindgen(unchecked_param_type = "NewInternalTlsOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: InternalOptions = options::read(Some(options))?;
        let release = o.release.ok_or_else(|| {
            argument(
                "newInternalTls needs options.release (the release's full name, e.g. lightrun)",
            )
        })?;
        let namespace = o.namespace.ok_or_else(|| {
            argument("newInternalTls needs options.namespace (the release namespace)")
        })?;
        let mut opts =
            make::InternalSetOptions::new(release, namespace, options::now_seconds(&o.now)?);
        if let Some(d) = o.cluster_domain {
            opts.cluster_domain = d;
        }
        opts.main_hosts = o.main_hosts.unwrap_or_default();
        opts.key = key_type(o.key_type.as_deref())?;
        opts.days = o.days.unwrap_or(make::DEFAULT_DAYS);
        opts.ca_days = o.ca_days.unwrap_or(make::DEFAULT_CA_DAYS);
        opts.name_constraints = o.name_constraints.unwrap_or(true);
        make::internal_tls_set(&opts, &seed()?, &mut |_, _| {}).map_err(failure)
    })())
}

/// `newCsr` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CsrOptions {
    pub hosts: Option<Vec<String>>,
    pub key_type: Option<String>,
    pub organization: Option<String>,
    pub organizational_unit: Option<String>,
    pub country: Option<String>,
}

/// A certificate signing request with the names in its extensionRequest, and its key (CLI:
/// `certlens new csr`).
#[wasm_bindgen(js_name = newCsr, unchecked_return_type = "MadeCsr")]
pub fn new_csr(
    #[wasm_bindgen(unchecked_param_type = "NewCsrOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: CsrOptions = options::read(Some(options))?;
        let opts = make::CsrOptions {
            names: o.hosts.unwrap_or_default(),
            key: key_type(o.key_type.as_deref())?,
            organization: o.organization,
            organizational_unit: o.organizational_unit,
            country: o.country,
        };
        make::csr(&opts, &seed()?).map_err(failure)
    })())
}

/// `renewalCsr` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenewalOptions {
    /// Names to request instead of the certificate's (required with a key alone).
    pub hosts: Option<Vec<String>>,
    /// The chain to renew when the input holds several (from 0).
    pub chain: Option<usize>,
    /// The password of an encrypted key or PKCS#12 file in the input.
    pub input_password: Option<String>,
}

/// A request made with the key of the input (and the certificate's subject and names): same
/// key, same pin; `pin_note` says so with the pin (CLI: `certlens new csr --key FILE --from
/// CERT`).
#[wasm_bindgen(js_name = renewalCsr, unchecked_return_type = "MadeRenewal")]
pub fn renewal_csr(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RenewalOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: RenewalOptions = options::read(Some(options))?;
        let report = read_report(&input, o.input_password, &JsValue::UNDEFINED)?;
        make::renewal_csr(
            &report,
            &make::RenewOptions {
                chain: o.chain,
                names: o.hosts.unwrap_or_default(),
            },
            &seed()?,
        )
        .map_err(failure)
    })())
}

/// `nextKey` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NextKeyOptions {
    pub hosts: Option<Vec<String>>,
    pub key_type: Option<String>,
    pub chain: Option<usize>,
    pub input_password: Option<String>,
}

/// The next key, its request, and `certificate.security_pinned_hashes` = [current, next] for
/// the input's current certificate (CLI: `certlens new next-key --from CERT`).
#[wasm_bindgen(js_name = nextKey, unchecked_return_type = "NextKeyPlan")]
pub fn next_key(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NextKeyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    finish((|| {
        let o: NextKeyOptions = options::read(Some(options))?;
        let report = read_report(&input, o.input_password, &JsValue::UNDEFINED)?;
        make::next_key_plan(
            &report,
            &make::NextKeyOptions {
                chain: o.chain,
                names: o.hosts.unwrap_or_default(),
                key: key_type(o.key_type.as_deref())?,
            },
            &seed()?,
        )
        .map_err(failure)
    })())
}

/// `p12` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct P12Options {
    /// The new file's password (required).
    pub password: Option<String>,
    /// The password of an encrypted key or PKCS#12 file in the input.
    pub input_password: Option<String>,
    pub name: Option<String>,
    pub chain: Option<usize>,
    pub leaf_only: Option<bool>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
}

/// A password-protected PKCS#12 file of the input's certificate and key (OpenSSL 3's default
/// algorithms): `{ bytes: Uint8Array, file_name, friendly_name, certificates }` (CLI:
/// `certlens p12`).
#[wasm_bindgen(unchecked_return_type = "Pkcs12File")]
pub fn p12(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "P12Options")] options: JsValue,
) -> Result<JsValue, JsValue> {
    (|| -> Result<JsValue, Failure> {
        let o: P12Options = options::read(Some(options))?;
        let password = o
            .password
            .ok_or_else(|| argument("p12 needs options.password (the new file's password)"))?;
        let report = read_report(&input, o.input_password, &o.now)?;
        let out = make::pkcs12_from_pool(
            &report,
            &make::Pkcs12Options {
                chain: o.chain,
                password: password.into(),
                friendly_name: o.name,
                include_chain: !o.leaf_only.unwrap_or(false),
            },
            &seed()?,
        )
        .map_err(failure)?;
        let obj = Object::new();
        let set = |k: &str, v: JsValue| Reflect::set(&obj, &JsValue::from_str(k), &v).map(|_| ());
        set("bytes", Uint8Array::from(out.der.as_slice()).into())
            .and_then(|_| set("file_name", JsValue::from_str(&out.file_name)))
            .and_then(|_| set("friendly_name", JsValue::from_str(&out.friendly_name)))
            .and_then(|_| set("certificates", JsValue::from_f64(out.certificates as f64)))
            .map_err(|_| Failure::Other("serialization", "could not build the result".into()))?;
        Ok(obj.into())
    })()
    .map_err(into_error)
}

//! A Lightrun values.yaml, setting by setting (`crate::chart` holds what the chart does with
//! each value). One file per group of settings: the main certificate and the endpoint, the pin
//! list, internal TLS, and the custom CA with the encryption keys.

mod internal;
mod main_cert;
mod pins;
mod secrets;

use yaml_rust2::Yaml;

use crate::chart::{self, path, CUSTOM_CA_KEY};
use crate::doctor::lines::line_of;
use crate::doctor::material::{self, check_pair, data_value, PairCheck, PairSpec};
use crate::inspect::pool;
use crate::input::k8s::{Secret, Section};
use crate::doctor::verdict::{Builder, Verdict};
use crate::doctor::{Docs, DoctorOptions, ValuesDoc};
use crate::input::yaml::at_path as at;
use crate::input::Input;
use crate::output::{backend_problem, cert_label};

use crate::doctor::GIVE_SECRET;

fn text_at(doc: &Yaml, path: &str) -> Option<String> {
    match at(doc, path) {
        Yaml::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn bool_at(doc: &Yaml, path: &str) -> Option<bool> {
    match at(doc, path) {
        Yaml::Boolean(b) => Some(*b),
        Yaml::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Yaml::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Where the certificate the backend serves (the `tls.crt` its init container reads the pin
/// from, and the router serves) comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ServedFrom {
    /// `certificate.tls.crt` and `.key`: the chart renders them into its own Secret.
    Values,
    /// A Secret the chart does not render and the pods mount: `certificate.existing_cert`
    /// (`named`), or, with `general.deploy_secrets.enabled: false`, the chart's default name.
    Secret { name: String, named: bool },
}

/// The one decision of which certificate the backend serves, asked by the values checklist
/// (`main_cert`) and by the agents' pin check (`agents`): two readings of the same values
/// once told different stories (the agents read `certificate.tls.crt` first, the chart does
/// not). The chart's rule: a set `existing_cert` wins over `certificate.tls` (the chart then
/// renders no certificate Secret), and with `deploy_secrets` off the chart renders no Secret
/// at all, so the pods mount `<release>-certificate`.
pub(crate) fn served_from(doc: &Yaml, release: &str) -> ServedFrom {
    let deploy = bool_at(doc, path::DEPLOY_SECRETS).unwrap_or(true);
    match text_at(doc, path::EXISTING_CERT) {
        Some(name) => ServedFrom::Secret {
            name: name.trim().to_string(),
            named: true,
        },
        None if !deploy => ServedFrom::Secret {
            name: chart::default_certificate_secret_name(release),
            named: false,
        },
        None => ServedFrom::Values,
    }
}

/// The certificate the backend serves, once found.
struct Served {
    /// Where it came from, for sentences.
    what: String,
    /// The certificate input's bytes (to pool them with a CA file).
    crt: Vec<u8>,
    check: PairCheck,
    /// Java's, Go's and browsers' verdicts on the chain for the public endpoint.
    validation: Option<crate::model::PathValidation>,
    /// The pin the backend advertises (of the first certificate of `tls.crt`).
    pin: Option<String>,
    /// Verdicts of the served certificate (its pin, the keystore password) that follow the
    /// certificate's and the key's own in the checklist.
    later: Vec<Verdict>,
}

struct Ctx<'a> {
    v: &'a ValuesDoc,
    docs: &'a Docs,
    opts: &'a DoctorOptions,
    release: String,
    namespace: String,
    out: Vec<Verdict>,
    /// What the map of hops names, learned while checking.
    facts: crate::doctor::hops::Facts,
}

impl Ctx<'_> {
    fn builder(&self, path: &str) -> Builder {
        let parts: Vec<&str> = path.split('.').collect();
        Builder::new(path, &self.v.source, line_of(&self.v.text, &parts))
    }

    fn text(&self, path: &str) -> Option<String> {
        text_at(&self.v.doc, path)
    }

    fn flag(&self, path: &str, default: bool) -> bool {
        bool_at(&self.v.doc, path).unwrap_or(default)
    }

    /// The Secret `name` of the release namespace, or a problem on `b` saying why not.
    fn secret(&self, b: &mut Builder, name: &str, what: &str) -> Option<&Secret> {
        let (same, other) = self.docs.secret(name, &self.namespace);
        if same.is_some() {
            return same;
        }
        match other {
            Some(o) => b.error(
                format!(
                    "Secret {name} was given in namespace {}, but the release is in {}: the pods look for it in {}",
                    o.namespace.as_deref().unwrap_or("?"),
                    self.namespace,
                    self.namespace
                ),
                format!("create {name} in namespace {} (or pass the release namespace you use)", self.namespace),
            ),
            None => b.not_checked(
                format!("{what}: Secret {name} must exist in namespace {}; {GIVE_SECRET}", self.namespace),
                format!("kubectl get secret {name} -n {} -o yaml > {name}.yaml, and drop it beside the values", self.namespace),
            ),
        }
        None
    }
}

/// An input named after where it was found, holding one Secret key's bytes.
fn secret_input(s: &Secret, key: &str, b: &mut Builder) -> Option<Input> {
    let e = s.entry(key)?;
    match &e.bytes {
        Ok(bytes) => Some(Input::new(
            format!("Secret {}, {}.{key}", s.name, e.section.as_str()),
            bytes.clone(),
        )),
        Err(detail) => {
            b.error(
                format!("Secret {}: data.{key} is not valid Base64: {detail}", s.name),
                "under `data:` every value is Base64 of the file (`base64 -w 0 FILE`); or put the PEM text under `stringData:`",
            );
            None
        }
    }
}

pub(crate) fn check(
    v: &ValuesDoc,
    docs: &Docs,
    opts: &DoctorOptions,
) -> (Vec<Verdict>, Vec<crate::doctor::hops::Hop>) {
    let mut cx = Ctx {
        v,
        docs,
        opts,
        release: opts.release.trim().to_string(),
        namespace: opts.namespace.trim().to_string(),
        out: Vec::new(),
        facts: Default::default(),
    };
    let served = main_cert::main_certificate(&mut cx);
    cx.facts.release = cx.release.clone();
    cx.facts.endpoint = cx.text(path::ENDPOINT);
    cx.facts.internal_tls = cx.flag(path::INTERNAL_TLS_ENABLED, false);
    cx.facts.verification = cx.flag(path::INTERNAL_VERIFICATION, true);
    cx.facts.generated = cx
        .text(path::INTERNAL_SOURCE)
        .is_some_and(|s| s != chart::SOURCE_EXISTING);
    cx.facts.custom_ca =
        cx.text(path::CUSTOM_CA_CERTIFICATE).is_some() || cx.text(path::CUSTOM_CA_EXISTING).is_some();
    if let Some(s) = &served {
        cx.facts.served = s.check.leaf().map(cert_label);
        cx.facts.pin = s.pin.clone();
        cx.facts.public_anchor = s
            .validation
            .as_ref()
            .and_then(|v| v.anchor.as_ref())
            .map(|a| a.name.clone());
    }
    main_cert::endpoint(&mut cx, served.as_ref());
    pins::pins(&mut cx, served.as_ref());
    internal::internal_tls(&mut cx, served.as_ref());
    secrets::custom_ca(&mut cx);
    secrets::encryption(&mut cx);
    let hops = crate::doctor::hops::hops(&cx.out, &cx.facts);
    (cx.out, hops)
}

//! `secrets.customCa`: the CA Keycloak trusts (LDAP over TLS with a private CA, or the internal
//! TLS CA). Two ways, only one of which may be set: `customCaCertificate` (one-line Base64 of the
//! CA PEM; the chart renders Secret `<fullname>-custom-ca-certificate` with key `custom-ca.pem`),
//! or `existingCaSecret` naming a Secret the user manages, with the same key.

use serde::Serialize;

use super::defaults::{custom_ca_secret_name, CUSTOM_CA_KEY};
use super::select::{self, cert_label};
use super::yaml::{commented_out, comments, emit, map, nest, s, secret};
use super::OutputError;
use crate::input::b64::encode_standard;
use crate::model::{Certificate, Report};

/// Options of [`custom_ca`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomCaOptions {
    /// The release's full name: the chart's Secret is `<fullname>-custom-ca-certificate`.
    pub release: String,
    /// The namespace of the Secret (the alternative); `None` leaves it out.
    pub namespace: Option<String>,
    /// The Secret's name for the `existingCaSecret` alternative; `None`:
    /// [`custom_ca_secret_name`] of the release.
    pub secret_name: Option<String>,
}

impl CustomCaOptions {
    /// Defaults for a release.
    pub fn new(release: impl Into<String>) -> Self {
        CustomCaOptions {
            release: release.into(),
            namespace: None,
            secret_name: None,
        }
    }
}

/// What `secrets.customCa` needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomCa {
    /// The CA certificates (PEM, one after the other): the content of `custom-ca.pem`.
    pub ca_pem: String,
    /// One-line Base64 of [`Self::ca_pem`]: `customCaCertificate`.
    pub ca_base64: String,
    /// The certificates used (indices into [`Report::certificates`]; empty when built from the
    /// internal CA PEM).
    pub certificates: Vec<usize>,
    /// `secrets.customCa.customCaCertificate` values fragment.
    pub values_yaml: String,
    /// The alternative: the Secret's name.
    pub secret_name: String,
    /// The alternative: an Opaque Secret with data key `custom-ca.pem`.
    pub secret_yaml: String,
    /// The alternative: `secrets.customCa.existingCaSecret` values fragment.
    pub existing_values_yaml: String,
    /// The values, then the alternative (Secret, `---`, values) commented out: what the CLI
    /// prints.
    pub text: String,
    /// What to know.
    pub notes: Vec<String>,
    /// What may be wrong (an intermediate instead of a root...).
    pub warnings: Vec<String>,
}

fn same(a: &Certificate, b: &Certificate) -> bool {
    a.spki_sha256 == b.spki_sha256 && a.subject == b.subject
}

/// The CA certificates of the pool: the root (or topmost CA) of each chain; a chain that is a
/// leaf alone contributes nothing.
fn cas(report: &Report) -> (Vec<&Certificate>, Vec<String>) {
    let mut out: Vec<&Certificate> = Vec::new();
    let mut warnings = Vec::new();
    for ch in &report.chains {
        let Some(top) = ch.order.last().and_then(|&i| report.certificates.get(i)) else {
            continue;
        };
        let root = top.self_signed || top.self_issued;
        if !(top.is_ca || (root && ch.order.len() > 1)) {
            continue;
        }
        if !root {
            warnings.push(format!(
                "the root CA is not in the input, so custom-ca.pem holds the intermediate {}; add the root ({}) if Keycloak must trust it as an anchor",
                cert_label(top),
                top.issuer
            ));
        }
        if !out.iter().any(|c| same(c, top)) {
            out.push(top);
        }
    }
    (out, warnings)
}

/// `secrets.customCa` from the pool: the root of each chain (or the CA certificates given).
/// A leaf alone is [`OutputError::NoCustomCa`].
pub fn custom_ca(report: &Report, opts: &CustomCaOptions) -> Result<CustomCa, OutputError> {
    let (certs, warnings) = cas(report);
    if certs.is_empty() {
        if report.certificates.is_empty() {
            select::choose_chain(report, None)?;
        }
        return Err(OutputError::NoCustomCa {
            certificates: report.certificates.iter().map(cert_label).collect(),
        });
    }
    let pem: String = certs
        .iter()
        .map(|c| crate::input::pem::encode("CERTIFICATE", &c.der))
        .collect();
    let labels: Vec<String> = certs.iter().map(|c| cert_label(c)).collect();
    let mut out = from_pem(&pem, &labels.join(" + "), opts)?;
    out.certificates = certs.iter().map(|c| c.index).collect();
    out.warnings = warnings;
    Ok(out)
}

/// `secrets.customCa` for CA certificates already in PEM (the internal TLS CA).
pub(crate) fn from_pem(
    pem: &str,
    label: &str,
    opts: &CustomCaOptions,
) -> Result<CustomCa, OutputError> {
    let fullname = select::k8s_name("release name", &opts.release, 63, false)?;
    let namespace = select::namespace(opts.namespace.as_deref())?;
    let secret_name = match &opts.secret_name {
        Some(n) if !n.trim().is_empty() => select::k8s_name("Secret name", n, 253, true)?,
        _ => custom_ca_secret_name(&fullname),
    };
    let ca_base64 = encode_standard(pem.as_bytes());
    let values = nest(
        &["secrets", "customCa"],
        map(vec![("customCaCertificate", s(&ca_base64))]),
    );
    let mut values_yaml = comments(&[
        format!("secrets.customCa for values.yaml, made by certlens: Keycloak trusts {label}."),
        format!("customCaCertificate is the Base64 of the CA PEM on one line; the chart renders Secret {} with key {CUSTOM_CA_KEY}.", custom_ca_secret_name(&fullname)),
        "Set only one of customCaCertificate and existingCaSecret.".to_string(),
        format!("{}.", super::CUSTOM_CA_NEEDS_DEPLOY_SECRETS),
    ]);
    values_yaml.push_str(&emit(&values, false)?);
    let doc = secret(
        &secret_name,
        namespace.as_deref(),
        "Opaque",
        "data",
        vec![(CUSTOM_CA_KEY.to_string(), s(&ca_base64))],
    );
    let mut secret_yaml = comments(&[format!(
        "Secret for secrets.customCa.existingCaSecret: {CUSTOM_CA_KEY} = {label}."
    )]);
    secret_yaml.push_str(&emit(&doc, true)?);
    let existing = nest(
        &["secrets", "customCa"],
        map(vec![("existingCaSecret", s(&secret_name))]),
    );
    let mut existing_values_yaml = comments(&[format!(
        "values.yaml: make Keycloak trust the CA of Secret {secret_name} (instead of customCaCertificate)."
    )]);
    existing_values_yaml.push_str(&emit(&existing, false)?);
    let alternative = format!("{secret_yaml}---\n{existing_values_yaml}");
    let text = format!(
        "{values_yaml}{}{}",
        comments(&["Alternative: a Secret you manage, and existingCaSecret pointing at it. Uncomment to use (and drop customCaCertificate)."]),
        commented_out(&alternative)
    );
    Ok(CustomCa {
        ca_pem: pem.to_string(),
        ca_base64,
        certificates: Vec::new(),
        values_yaml,
        secret_name,
        secret_yaml,
        existing_values_yaml,
        text,
        notes: vec![
            format!("Keycloak reads {CUSTOM_CA_KEY} from the Secret mounted at /opt/keycloak/conf/truststores"),
            "set either secrets.customCa.customCaCertificate or secrets.customCa.existingCaSecret, not both".to_string(),
        ],
        warnings: Vec::new(),
    })
}

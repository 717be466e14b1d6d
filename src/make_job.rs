//! The page's "Make" flow as a pure job: a request (what the form asked for), run with a seed
//! and "now" into a view (the blocks the panel shows, and the PEM inputs it adds to the pool).
//! It runs in the Web Worker (RSA primes take seconds), inline where no worker exists, and in
//! native tests. Every decision is `certlens_core::make`'s; this only arranges its results.

use certlens_core::make::{self, KeyAlgorithm, MakeError, Seed};
use certlens_core::output::{BundleChoices, BundleOptions, CertificateForm, DeploySecrets};
use serde::{Deserialize, Serialize};

pub use crate::renew_job::renewal_request;

/// What the form asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MakeRequest {
    /// A self-signed certificate for testing.
    SelfSigned {
        hosts: Vec<String>,
        key: KeyAlgorithm,
        days: u32,
    },
    /// A private CA and every internal service's certificate.
    Internal {
        release: String,
        namespace: String,
        cluster_domain: String,
        main_hosts: Vec<String>,
        key: KeyAlgorithm,
        name_constraints: bool,
    },
    /// A CSR and its key.
    Csr {
        hosts: Vec<String>,
        key: KeyAlgorithm,
        organization: String,
        organizational_unit: String,
        country: String,
    },
    /// A CSR made with the key the pool already has, for the certificate it serves: same
    /// names, same key, so the pin stays. The worker has no pool of its own: the page sends the
    /// chosen leaf and its key (see [`renewal_request`]).
    Renew {
        /// The certificate renewed, DER.
        certificate: Vec<u8>,
        /// Its key as the pool decrypted it: unencrypted PKCS#8 DER, wiped when dropped.
        key: Vec<u8>,
    },
    /// The deployable bundle of one's own certificates (the Outputs panel's pool): every
    /// certificate (DER) and every readable private key (PKCS#8 DER, wiped when dropped). The
    /// worker has no pool of its own; see [`bundle_request`].
    Bundle {
        certificates: Vec<Vec<u8>>,
        keys: Vec<Vec<u8>>,
        release: String,
        namespace: String,
        /// `general.lightrun_endpoint`.
        #[serde(default)]
        endpoint: Option<String>,
    },
}

/// The request that carries the pool's certificates and readable keys to the worker, to make
/// the bundle of one's own certificates; `None` when no key is readable (nothing to deploy).
pub fn bundle_request(
    report: &certlens_core::Report,
    release: &str,
    namespace: &str,
    endpoint: &str,
) -> Option<MakeRequest> {
    let keys: Vec<Vec<u8>> = report
        .private_keys
        .iter()
        .filter_map(|k| k.pkcs8.as_ref().map(|d| d.to_vec()))
        .collect();
    if keys.is_empty() || report.certificates.is_empty() {
        return None;
    }
    Some(MakeRequest::Bundle {
        certificates: report.certificates.iter().map(|c| c.der.clone()).collect(),
        keys,
        release: release.trim().to_string(),
        namespace: namespace.trim().to_string(),
        endpoint: Some(endpoint.trim().to_string()).filter(|e| !e.is_empty()),
    })
}

/// The bundles of one's own certificates, one per way of deploying them.
#[allow(clippy::too_many_arguments)]
fn run_own_bundle(
    certificates: &[Vec<u8>],
    keys: &[Vec<u8>],
    release: &str,
    namespace: &str,
    endpoint: Option<&str>,
    bundle_key: Option<[u8; 32]>,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let key = bundle_key.ok_or_else(|| MakeError::Encoding {
        what: "the bundle".to_string(),
        reason: "no random bytes for the encryption key".to_string(),
    })?;
    let mut inputs: Vec<certlens_core::Input> = certificates
        .iter()
        .enumerate()
        .map(|(i, d)| certlens_core::Input::new(format!("certificate #{i}"), d.clone()))
        .chain(
            keys.iter()
                .enumerate()
                .map(|(i, d)| certlens_core::Input::new(format!("private key #{i}"), d.clone())),
        )
        .collect();
    let report = certlens_core::inspect(&inputs, &certlens_core::Options::at(now));
    for i in &mut inputs {
        zeroize::Zeroize::zeroize(&mut i.bytes);
    }
    let mut bundles = Vec::new();
    for (label, choices) in bundle_variants() {
        let mut bo = BundleOptions::new(release, namespace, key);
        bo.endpoint = endpoint.map(str::to_string);
        bo.choices = choices;
        let b = certlens_core::bundle_of(&report, &bo, now).map_err(bundle_error)?;
        bundles.push(view_of(label, &b));
    }
    progress(1, 1);
    Ok(MadeView {
        summary: format!(
            "One deployable bundle of the certificates in the pool, for release {release} in namespace {namespace}."
        ),
        blocks: Vec::new(),
        pairs: Vec::new(),
        pool: Vec::new(),
        warnings: Vec::new(),
        trusted_ca: None,
        pin_note: None,
        notes: Vec::new(),
        bundles,
    })
}

fn bundle_error(e: certlens_core::output::BundleError) -> MakeError {
    match e {
        certlens_core::output::BundleError::Output(o) => MakeError::Output(o),
        other => MakeError::Encoding {
            what: "the bundle".to_string(),
            reason: other.to_string(),
        },
    }
}

impl Drop for MakeRequest {
    // The renewal carries the private key: wipe it, as the pool wipes its inputs.
    fn drop(&mut self) {
        match self {
            MakeRequest::Renew { key, .. } => zeroize::Zeroize::zeroize(key),
            MakeRequest::Bundle { keys, .. } => {
                for k in keys {
                    zeroize::Zeroize::zeroize(k);
                }
            }
            _ => {}
        }
    }
}

impl MakeRequest {
    /// How many keys it generates (for the progress bar).
    pub fn keys(&self) -> usize {
        match self {
            MakeRequest::Internal {
                release,
                namespace,
                main_hosts,
                ..
            } => make::internal_key_count(&make::InternalSetOptions {
                main_hosts: main_hosts.clone(),
                ..make::InternalSetOptions::new(release.clone(), namespace.clone(), 0)
            }),
            _ => 1,
        }
    }

    /// The key type generated; `None` for a renewal (it uses the key one has).
    pub fn key(&self) -> Option<KeyAlgorithm> {
        match self {
            MakeRequest::SelfSigned { key, .. }
            | MakeRequest::Internal { key, .. }
            | MakeRequest::Csr { key, .. } => Some(*key),
            MakeRequest::Renew { .. } | MakeRequest::Bundle { .. } => None,
        }
    }
}

/// One output block of the panel. A secret block's text is wiped when dropped and never
/// shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeBlock {
    pub title: String,
    pub text: String,
    pub filename: String,
    /// Holds a private key: blurred until Show.
    pub secret: bool,
    pub note: Option<String>,
}

/// A certificate and key to download, named per service. The key is wiped when dropped and
/// never shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadePair {
    /// `lightrun-frontend`.
    pub name: String,
    /// What it is for: "frontend, …", "CA".
    pub role: String,
    pub certificate_pem: String,
    pub key_pem: String,
}

/// What the panel shows after a run. Its PEM inputs (keys among them) are wiped when dropped,
/// and `Debug` shows none of its key material.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeView {
    /// One line saying what was made.
    pub summary: String,
    pub blocks: Vec<MadeBlock>,
    pub pairs: Vec<MadePair>,
    /// (input name, PEM) to add to the pool, so the other panels show them.
    pub pool: Vec<(String, String)>,
    pub warnings: Vec<String>,
    /// The private CA made (PEM): the page declares it trusted, since the user made it here.
    #[serde(default)]
    pub trusted_ca: Option<String>,
    /// What the result means for the pins (a same-key renewal: the pin stays, with the pin).
    #[serde(default)]
    pub pin_note: Option<String>,
    /// What else to know, one line each.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The deployable bundles of a private CA made with its main certificate, one per way of
    /// deploying it (the core's choices), each checked by the doctor. Empty otherwise.
    #[serde(default)]
    pub bundles: Vec<BundleView>,
}

/// One deployable bundle: its files, zip, commands, settings with their consequences and the
/// doctor's verdict. The zip and the files hold keys: wiped when dropped.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleView {
    /// How it deploys, for the choice list.
    pub label: String,
    pub files: Vec<MadeBlock>,
    pub zip_name: String,
    pub zip: Vec<u8>,
    pub commands: Vec<String>,
    /// (values path, chosen, consequence).
    pub choices: Vec<(String, String, String)>,
    pub pins: Vec<String>,
    pub verdict: String,
    pub passes: bool,
    pub doctor: certlens_core::DoctorReport,
}

impl std::fmt::Debug for BundleView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BundleView")
            .field("label", &self.label)
            .field("files", &self.files)
            .field("zip", &REDACTED)
            .field("verdict", &self.verdict)
            .finish()
    }
}

impl Drop for BundleView {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.zip);
    }
}

/// The ways a made deployment is offered, in order: the chart's defaults first.
fn bundle_variants() -> Vec<(&'static str, BundleChoices)> {
    let on = BundleChoices::fitting(DeploySecrets::On);
    vec![
        ("deploy_secrets on, certificate in the values (the chart's defaults)", on),
        (
            "deploy_secrets on, certificate as an existing_cert Secret",
            BundleChoices {
                certificate: CertificateForm::ExistingSecret,
                ..on
            },
        ),
        (
            "deploy_secrets off: every Secret yours, encryption key external (production, GitOps)",
            BundleChoices::fitting(DeploySecrets::Off),
        ),
    ]
}

/// What the panel shows of one bundle.
fn view_of(label: &str, b: &certlens_core::Bundle) -> BundleView {
    BundleView {
        label: label.to_string(),
        files: b
            .files
            .iter()
            .map(|f| MadeBlock {
                title: f.title.clone(),
                text: f.text.to_string(),
                filename: f.name.clone(),
                secret: f.secret,
                note: None,
            })
            .collect(),
        zip_name: b.zip_name.clone(),
        zip: b.zip.clone(),
        commands: b.commands.clone(),
        choices: b
            .choices
            .iter()
            .map(|c| (c.setting.clone(), c.chosen.clone(), c.consequence.clone()))
            .collect(),
        pins: b.pins.clone(),
        verdict: b.verdict.clone(),
        passes: b.passes,
        doctor: b.doctor.clone(),
    }
}

/// The bundles of a made private CA with its main certificate (see [`MadeView::bundles`]);
/// `key` is the backend encryption key's 32 random bytes.
fn made_bundles(
    m: &make::MadeInternal,
    o: &make::InternalSetOptions,
    key: [u8; 32],
) -> Result<Vec<BundleView>, MakeError> {
    let Some(endpoint) = o.main_hosts.first() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (label, choices) in bundle_variants() {
        let mut bo = BundleOptions::new(o.release.clone(), o.namespace.clone(), key);
        bo.endpoint = Some(endpoint.clone());
        bo.choices = choices;
        let b = certlens_core::bundle_of_made(m, &bo, o.now).map_err(bundle_error)?;
        out.push(view_of(label, &b));
    }
    Ok(out)
}

const REDACTED: &str = "<redacted>";

impl std::fmt::Debug for MadeBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MadeBlock")
            .field("title", &self.title)
            .field("text", if self.secret { &REDACTED } else { &self.text })
            .field("filename", &self.filename)
            .field("secret", &self.secret)
            .field("note", &self.note)
            .finish()
    }
}

impl Drop for MadeBlock {
    fn drop(&mut self) {
        if self.secret {
            zeroize::Zeroize::zeroize(&mut self.text);
        }
    }
}

impl std::fmt::Debug for MadePair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MadePair")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("certificate_pem", &self.certificate_pem)
            .field("key_pem", &REDACTED)
            .finish()
    }
}

impl Drop for MadePair {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.key_pem);
    }
}

impl std::fmt::Debug for MadeView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The pool's inputs hold the keys too: only their names are shown.
        let pool: Vec<&str> = self.pool.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("MadeView")
            .field("summary", &self.summary)
            .field("blocks", &self.blocks)
            .field("pairs", &self.pairs)
            .field("pool", &pool)
            .field("warnings", &self.warnings)
            .field("trusted_ca", &self.trusted_ca)
            .finish()
    }
}

impl Drop for MadeView {
    fn drop(&mut self) {
        for (_, pem) in &mut self.pool {
            zeroize::Zeroize::zeroize(pem);
        }
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a names field ("a.example.com, b.example.com" or one per line).
pub fn split_names(s: &str) -> Vec<String> {
    words(s)
}

/// Runs a request. `progress(done, total)` after each key.
pub fn run(
    req: &MakeRequest,
    seed: &Seed,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    run_with(req, seed, None, now, progress)
}

/// [`run`], with the 32 random bytes of the bundle's encryption key (a private CA with its main
/// certificate then comes with its deployable bundles, [`MadeView::bundles`]).
pub fn run_with(
    req: &MakeRequest,
    seed: &Seed,
    bundle_key: Option<[u8; 32]>,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    match req {
        MakeRequest::SelfSigned { hosts, key, days } => {
            run_self_signed(hosts, *key, *days, seed, now, progress)
        }
        MakeRequest::Internal {
            release,
            namespace,
            cluster_domain,
            main_hosts,
            key,
            name_constraints,
        } => {
            let mut o = make::InternalSetOptions::new(release.clone(), namespace.clone(), now);
            if !cluster_domain.trim().is_empty() {
                o.cluster_domain = cluster_domain.trim().to_string();
            }
            o.main_hosts = main_hosts.clone();
            o.key = *key;
            o.name_constraints = *name_constraints;
            run_internal(&o, seed, bundle_key, progress)
        }
        MakeRequest::Csr {
            hosts,
            key,
            organization,
            organizational_unit,
            country,
        } => {
            let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            let o = make::CsrOptions {
                names: hosts.clone(),
                key: *key,
                organization: opt(organization),
                organizational_unit: opt(organizational_unit),
                country: opt(country),
            };
            run_csr(&o, seed, progress)
        }
        MakeRequest::Renew { certificate, key } => {
            crate::renew_job::run_renewal(certificate, key, seed, now, progress)
        }
        MakeRequest::Bundle {
            certificates,
            keys,
            release,
            namespace,
            endpoint,
        } => run_own_bundle(
            certificates,
            keys,
            release,
            namespace,
            endpoint.as_deref(),
            bundle_key,
            now,
            progress,
        ),
    }
}

/// A self-signed certificate for testing: its values block and its download.
fn run_self_signed(
    hosts: &[String],
    key: KeyAlgorithm,
    days: u32,
    seed: &Seed,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let mut o = make::SelfSignedOptions::new(hosts.to_vec(), now);
    o.key = key;
    o.days = days;
    let s = make::self_signed(&o, seed)?;
    progress(1, 1);
    let n = &s.file.name;
    Ok(MadeView {
        summary: format!(
            "Testing only: a self-signed {} certificate for {}, valid {} days. Clients trust it only if told to.",
            key.label(),
            s.file.names.join(", "),
            days
        ),
        blocks: vec![
            MadeBlock {
                title: "certificate.tls values (testing only)".into(),
                text: s.values.yaml.to_string(),
                filename: certlens_core::output::downloads::MADE_SELF_SIGNED_VALUES.into(),
                secret: true,
                note: Some("Paste into values.yaml. The certificate is self-signed: for testing only.".into()),
            },
        ],
        pairs: vec![MadePair {
            name: n.clone(),
            role: "self-signed, testing only".into(),
            certificate_pem: s.file.certificate_pem.clone(),
            key_pem: s.file.key_pem.to_string(),
        }],
        pool: s.pool.clone(),
        warnings: s.values.warnings.clone(),
        trusted_ca: None,
        pin_note: None,
        notes: Vec::new(),
        bundles: Vec::new(),
    })
}

/// A private CA and every internal service's certificate (and the main one when asked).
fn run_internal(
    o: &make::InternalSetOptions,
    seed: &Seed,
    bundle_key: Option<[u8; 32]>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let m = make::internal_tls_set(o, seed, progress)?;
    let bundles = match bundle_key {
        Some(k) => made_bundles(&m, o, k)?,
        None => Vec::new(),
    };
    let t = &m.internal_tls;
    let blocks = internal_blocks(&m);
    let pairs = internal_pairs(&m);
    Ok(MadeView {
        summary: format!(
            "A private CA ({}) and {} service certificates{}, in the pool below and in the outputs. The CA is trusted in this tab because you made it here.",
            o.key.label(),
            m.services.len(),
            if m.main.is_some() { " and the main certificate" } else { "" }
        ),
        blocks,
        pairs,
        pool: m.pool.clone(),
        warnings: t.warnings.clone(),
        trusted_ca: Some(m.ca.certificate_pem.clone()),
        pin_note: None,
        notes: Vec::new(),
        bundles,
    })
}

/// The internal set's blocks: the Secrets, the values, and the CA's key.
fn internal_blocks(m: &make::MadeInternal) -> Vec<MadeBlock> {
    let t = &m.internal_tls;
    let mut values = t.values_all.clone();
    if let Some(v) = &m.main_values {
        values.push('\n');
        values.push_str(&v.yaml);
    }
    let mut blocks = vec![
        MadeBlock {
            title: "Secrets: the CA Secret and one Secret per service".into(),
            text: t.yaml.to_string(),
            filename: format!(
                "{}-internal-tls-secrets.yaml",
                m.ca.name.trim_end_matches("-internal-ca")
            ),
            secret: true,
            note: Some("kubectl apply -f this file in the release namespace.".into()),
        },
        MadeBlock {
            title: if m.main.is_some() {
                "Values: general.internal_tls, secrets.customCa and certificate.tls".into()
            } else {
                "Values: general.internal_tls and secrets.customCa".into()
            },
            text: values,
            // Not the Outputs tab's "values-internal-tls.yaml" (which holds no main key): the
            // browser would save one as "(1)" and the two are different files.
            filename: certlens_core::output::downloads::MADE_PRIVATE_CA_VALUES.into(),
            secret: m.main.is_some(),
            note: Some(
                "Merge into values.yaml. secrets.customCa makes Keycloak trust the new CA.".into(),
            ),
        },
    ];
    blocks.push(MadeBlock {
        title: "CA private key (keep it offline: it signs more certificates)".into(),
        text: m.ca.key_pem.to_string(),
        filename: format!("{}.key", m.ca.name),
        secret: true,
        note: None,
    });
    blocks
}

/// The internal set's downloads: the CA, each service, and the main certificate when made.
fn internal_pairs(m: &make::MadeInternal) -> Vec<MadePair> {
    let mut pairs = vec![MadePair {
        name: m.ca.name.clone(),
        role: "private CA".into(),
        certificate_pem: m.ca.certificate_pem.clone(),
        key_pem: m.ca.key_pem.to_string(),
    }];
    for s in &m.services {
        pairs.push(MadePair {
            name: s.file.name.clone(),
            role: s.keys.join(", "),
            certificate_pem: s.file.certificate_pem.clone(),
            key_pem: s.file.key_pem.to_string(),
        });
    }
    if let Some(f) = &m.main {
        pairs.push(MadePair {
            name: f.name.clone(),
            role: "main certificate (certificate.tls) and backend".into(),
            certificate_pem: f.certificate_pem.clone(),
            key_pem: f.key_pem.to_string(),
        });
    }
    pairs
}

/// A CSR and its key: both blocks, and the request added to the pool.
fn run_csr(
    o: &make::CsrOptions,
    seed: &Seed,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let c = make::csr(o, seed)?;
    progress(1, 1);
    Ok(MadeView {
        summary: format!(
            "A request for {} ({}). Send the .csr to your CA; keep the key: the certificate it returns needs it (drop both here then).",
            c.names.join(", "),
            c.subject
        ),
        blocks: vec![
            MadeBlock {
                title: "Certificate signing request".into(),
                text: c.csr_pem.clone(),
                filename: format!("{}.csr", c.name),
                secret: false,
                note: None,
            },
            MadeBlock {
                title: "Its private key".into(),
                text: c.key_pem.to_string(),
                filename: format!("{}.key", c.name),
                secret: true,
                note: None,
            },
        ],
        pairs: Vec::new(),
        pool: vec![(format!("{} (made, request)", c.name), c.csr_pem.clone())],
        warnings: Vec::new(),
        trusted_ca: None,
        pin_note: None,
        notes: Vec::new(),
        bundles: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made keys never show in `Debug` (a log line, a panic message): not a pair's key, not a
    /// secret block, not the pool's PEM inputs.
    #[test]
    fn debug_shows_no_key_material() {
        let req = MakeRequest::SelfSigned {
            hosts: vec!["lightrun.example.com".into()],
            key: KeyAlgorithm::EcdsaP256,
            days: 30,
        };
        let v = run(&req, &Seed([3; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
        let key = v.pairs[0].key_pem.clone();
        assert!(key.contains("PRIVATE KEY-----"), "{key}");
        let body = key.lines().nth(1).unwrap().to_string();
        let debug = format!("{v:?}");
        assert!(!debug.contains(&body), "{debug}");
        assert!(!debug.contains("PRIVATE KEY"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert!(debug.contains("lightrun.example.com"), "the rest is shown: {debug}");
    }

    #[test]
    fn internal_view_has_every_service_and_reads_back() {
        let req = MakeRequest::Internal {
            release: "lightrun".into(),
            namespace: "lr".into(),
            cluster_domain: String::new(),
            main_hosts: vec!["lightrun.example.com".into()],
            key: KeyAlgorithm::EcdsaP256,
            name_constraints: true,
        };
        assert_eq!(req.keys(), 8);
        let mut steps = 0;
        let v = run(&req, &Seed([1; 32]), 1_790_000_000, &mut |_, _| steps += 1).unwrap();
        assert_eq!(steps, 8);
        let names: Vec<&str> = v.pairs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "lightrun-internal-ca",
                "lightrun-frontend",
                "lightrun-keycloak",
                "lightrun-redis",
                "lightrun-mq",
                "lightrun-data-streamer",
                "lightrun-artifacts",
                "lightrun.example.com"
            ]
        );
        assert!(v.blocks[0].secret && v.blocks[0].text.contains("lightrun-keycloak-cluster-tls"));
        assert!(v.warnings.is_empty(), "{:?}", v.warnings);
        assert_eq!(v.pool.len(), 8);
        // The request round-trips through the worker's JSON.
        let j = serde_json::to_string(&req).unwrap();
        assert_eq!(serde_json::from_str::<MakeRequest>(&j).unwrap(), req);
    }

    /// A private CA with its main certificate comes with three bundles, each passing the
    /// doctor, with unique file names; without the encryption key's bytes, none.
    #[test]
    fn internal_view_comes_with_bundles_that_pass() {
        let req = MakeRequest::Internal {
            release: "lightrun".into(),
            namespace: "lr-prod".into(),
            cluster_domain: String::new(),
            main_hosts: vec!["lightrun.example.com".into()],
            key: KeyAlgorithm::EcdsaP256,
            name_constraints: true,
        };
        let v = run_with(&req, &Seed([1; 32]), Some([5; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
        assert_eq!(v.bundles.len(), 3);
        for b in &v.bundles {
            assert!(b.passes, "{}: {}", b.label, b.verdict);
            assert!(b.verdict.starts_with("This bundle passes every check"));
            assert_eq!(b.zip_name, "lightrun-bundle-lightrun-lr-prod.zip");
            assert_eq!(&b.zip[..4], b"PK\x03\x04");
            let names: Vec<&str> = b.files.iter().map(|f| f.filename.as_str()).collect();
            assert_eq!(names, ["lightrun-secrets.yaml", "lightrun-values.yaml", "README-apply.txt"]);
            assert_eq!(b.pins.len(), 1);
        }
        assert_eq!(v.bundles[2].choices[0].1, "false");
        let j = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<MadeView>(&j).unwrap(), v);
        let plain = run(&req, &Seed([1; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
        assert!(plain.bundles.is_empty());
        // Every download of the view has its own name.
        let mut all: Vec<&str> = v.blocks.iter().map(|b| b.filename.as_str()).collect();
        all.extend(v.bundles[0].files.iter().map(|f| f.filename.as_str()));
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "{all:?}");
    }

    /// One's own certificates (here: what a private CA made, read back as a pool) give the
    /// same three bundles through the worker's request; the keys travel as PKCS#8 DER.
    #[test]
    fn own_certificates_bundle_request_round_trips_and_passes() {
        let req = MakeRequest::Internal {
            release: "lightrun".into(),
            namespace: "lr-prod".into(),
            cluster_domain: String::new(),
            main_hosts: vec!["lightrun.example.com".into()],
            key: KeyAlgorithm::EcdsaP256,
            name_constraints: true,
        };
        let v = run(&req, &Seed([1; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
        let inputs: Vec<certlens_core::Input> = v
            .pool
            .iter()
            .map(|(n, t)| certlens_core::Input::new(n.clone(), t.as_bytes().to_vec()))
            .collect();
        let report = certlens_core::inspect(&inputs, &certlens_core::Options::at(1_790_000_000));
        let endpoint = certlens_core::output::suggested_endpoint(&report).unwrap();
        assert_eq!(endpoint, "lightrun.example.com");
        let b = bundle_request(&report, "lightrun", "lr-prod", &endpoint).unwrap();
        let j = serde_json::to_string(&b).unwrap();
        let b: MakeRequest = serde_json::from_str(&j).unwrap();
        let own = run_with(&b, &Seed([2; 32]), Some([3; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
        assert_eq!(own.bundles.len(), 3);
        for x in &own.bundles {
            let w: Vec<String> = x.doctor.verdicts.iter().filter(|v| v.level != certlens_core::VerdictLevel::Ok).map(|v| format!("{}: {}", v.setting, v.summary)).collect();
            assert!(x.passes, "{}: {} {w:?}", x.label, x.verdict);
            assert!(x.files.iter().any(|f| f.filename == "lightrun-values.yaml"));
        }
        // Without random bytes for the encryption key, no bundle is made up.
        assert!(run(&b, &Seed([2; 32]), 1_790_000_000, &mut |_, _| {}).is_err());
        // A pool without a readable key has nothing to deploy.
        let certs_only: Vec<certlens_core::Input> = inputs.into_iter().filter(|i| i.name.contains("CA")).collect();
        let r = certlens_core::inspect(&certs_only, &certlens_core::Options::at(1_790_000_000));
        assert!(bundle_request(&r, "lightrun", "lr-prod", "").is_none());
    }

    #[test]
    fn self_signed_view_is_marked_testing_only() {
        let req = MakeRequest::SelfSigned {
            hosts: split_names("lightrun.example.com, 10.0.0.1"),
            key: KeyAlgorithm::EcdsaP256,
            days: 397,
        };
        let v = run(&req, &Seed([2; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
        assert!(v.summary.starts_with("Testing only"));
        assert!(v.blocks[0].text.starts_with("# TESTING ONLY"));
        assert_eq!(v.pairs[0].name, "lightrun.example.com");
    }

    #[test]
    fn bad_names_are_an_error_not_a_certificate() {
        let req = MakeRequest::Csr {
            hosts: vec!["bad_name".into()],
            key: KeyAlgorithm::EcdsaP256,
            organization: String::new(),
            organizational_unit: String::new(),
            country: String::new(),
        };
        let e = run(&req, &Seed([3; 32]), 0, &mut |_, _| {}).unwrap_err();
        assert!(e.to_string().contains("bad_name"));
    }
}

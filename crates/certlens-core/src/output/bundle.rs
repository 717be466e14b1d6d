//! One deployable bundle: a single values file, one Secrets file and the commands that apply
//! them, built from the same writers the single outputs use ([`tls_values`], [`tls_secret`],
//! [`internal_tls`], [`encryption_key_secret`]) and merged into one consistent set.
//!
//! # Decisions
//!
//! * **Choices, not comments.** The three settings that decide which form each value takes
//!   (`general.deploy_secrets.enabled`, `certificate.existing_cert` or `certificate.tls`, the
//!   encryption key chart-managed or external) are typed ([`BundleChoices`]); each choice's
//!   consequence is one sentence here ([`Choice::consequence`]) that the page, the CLI and the JS
//!   module all show. A combination the chart refuses (chart 3.50.0, rendered) is an error
//!   naming why ([`BundleError::Conflict`]), never a file that fails later.
//! * **One form per value.** With `deploy_secrets` on (the chart's default) the custom CA goes
//!   inline (`customCaCertificate`) and the encryption key into
//!   `secrets.keysEncryption.userEncryptionKey`; with it off, the chart renders none of its
//!   Secrets, so the certificate must be `existing_cert`, the custom CA `existingCaSecret` and the
//!   encryption key a backend Secret the values name. The render fails with
//!   `customCaCertificate` and `deploy_secrets: false`; that is why the forms are tied.
//! * **Pins.** `security_pinned_hashes` holds the served leaf's pin (the first certificate of
//!   `tls.crt`, what the backend advertises), then the old pins of a rotation when given; never
//!   an internal service's leaf: clients of the public endpoint never see those.
//! * **Names.** The files' names are [`BUNDLE_FILES`]'s, one table: the page, the CLI and the
//!   zip use them as they are.
//! * **Values are merged as trees.** Each writer's values fragment is parsed back and merged
//!   key by key, so `general:` appears once; the explanations are comment lines at the top.

use serde::Serialize;
use yaml_rust2::yaml::Hash;
use yaml_rust2::{Yaml, YamlLoader};

use super::yaml::{comments, emit, list, map, s};
use super::{
    encryption_key_secret, internal_tls, select, tls_secret, tls_values, EncryptionSecretOptions,
    InternalTlsOptions, OutputError, SecretText, TlsSecretOptions, TlsValuesOptions,
};
use crate::chart::{self, path as paths};
use crate::model::Report;

/// The values file of the bundle.
pub const VALUES_FILE: &str = "lightrun-values.yaml";
/// The Secrets file of the bundle.
pub const SECRETS_FILE: &str = "lightrun-secrets.yaml";
/// The commands, with what each does.
pub const README_FILE: &str = "README-apply.txt";
/// Every file of a bundle, in the order they are applied: one table, so names never collide.
pub const BUNDLE_FILES: &[&str] = &[SECRETS_FILE, VALUES_FILE, README_FILE];

/// The chart, as its own README installs it.
pub const CHART_REFERENCE: &str = "oci://registry-1.docker.io/lightruncom/lightrun-helm-chart";

/// `general.deploy_secrets.enabled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploySecrets {
    /// `true` (the chart's default): the chart renders its Secrets from the values.
    #[default]
    On,
    /// `false`: the chart renders none; every Secret it reads must exist.
    Off,
}

/// Where the main certificate goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateForm {
    /// `certificate.tls.crt` / `.key` in the values: the chart makes the Secret.
    #[default]
    Values,
    /// `certificate.existing_cert` naming a `kubernetes.io/tls` Secret of the Secrets file.
    ExistingSecret,
}

/// Where the backend's encryption key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncryptionKeyForm {
    /// `secrets.keysEncryption.userEncryptionKey`: the chart puts it in the backend Secret.
    #[default]
    ChartManaged,
    /// `encryption-key-0` of a backend Secret you manage, named by
    /// `general.deploy_secrets.existing_secrets.backend`.
    External,
}

/// The bundle's three settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct BundleChoices {
    /// `general.deploy_secrets.enabled`.
    pub deploy_secrets: DeploySecrets,
    /// `certificate.tls` or `certificate.existing_cert`.
    pub certificate: CertificateForm,
    /// The encryption key chart-managed or external.
    pub encryption_key: EncryptionKeyForm,
}

impl BundleChoices {
    /// The choices that fit `deploy_secrets`: on keeps the certificate in the values and the
    /// key chart-managed; off needs `existing_cert` and an external key.
    pub fn fitting(deploy_secrets: DeploySecrets) -> Self {
        match deploy_secrets {
            DeploySecrets::On => BundleChoices::default(),
            DeploySecrets::Off => BundleChoices {
                deploy_secrets,
                certificate: CertificateForm::ExistingSecret,
                encryption_key: EncryptionKeyForm::External,
            },
        }
    }

    /// Why this combination does not render, when it does not.
    pub fn conflict(&self) -> Option<BundleError> {
        let off = self.deploy_secrets == DeploySecrets::Off;
        if off && self.certificate == CertificateForm::Values {
            return Some(BundleError::Conflict {
                setting: paths::TLS_CRT.to_string(),
                reason: "with deploy_secrets off the chart renders no Secret from certificate.tls and the pods mount a Secret that does not exist; choose existing_cert".to_string(),
            });
        }
        if off && self.encryption_key == EncryptionKeyForm::ChartManaged {
            return Some(BundleError::Conflict {
                setting: paths::USER_ENCRYPTION_KEY.to_string(),
                reason: "a chart-managed encryption key needs deploy_secrets on (the chart writes it into the backend Secret it renders); with deploy_secrets off choose an external key".to_string(),
            });
        }
        if !off && self.encryption_key == EncryptionKeyForm::External {
            return Some(BundleError::Conflict {
                setting: paths::EXISTING_BACKEND_SECRET.to_string(),
                reason: "an external backend Secret is read only with deploy_secrets off; with it on the chart renders its own backend Secret of the same name, so choose the chart-managed key or turn deploy_secrets off".to_string(),
            });
        }
        None
    }

    /// Each setting as chosen, with its consequence.
    pub fn lines(&self) -> Vec<Choice> {
        let on = self.deploy_secrets == DeploySecrets::On;
        vec![
            Choice {
                setting: paths::DEPLOY_SECRETS.to_string(),
                chosen: if on { "true" } else { "false" }.to_string(),
                consequence: deploy_secrets_consequence(self.deploy_secrets).to_string(),
            },
            Choice {
                setting: match self.certificate {
                    CertificateForm::Values => "certificate.tls",
                    CertificateForm::ExistingSecret => paths::EXISTING_CERT,
                }
                .to_string(),
                chosen: match self.certificate {
                    CertificateForm::Values => "certificate.tls (in the values)",
                    CertificateForm::ExistingSecret => "existing_cert (a Secret of the Secrets file)",
                }
                .to_string(),
                consequence: certificate_consequence(self.certificate).to_string(),
            },
            Choice {
                setting: match self.encryption_key {
                    EncryptionKeyForm::ChartManaged => paths::USER_ENCRYPTION_KEY,
                    EncryptionKeyForm::External => paths::EXISTING_BACKEND_SECRET,
                }
                .to_string(),
                chosen: match self.encryption_key {
                    EncryptionKeyForm::ChartManaged => "chart-managed",
                    EncryptionKeyForm::External => "external",
                }
                .to_string(),
                consequence: encryption_consequence(self.encryption_key).to_string(),
            },
        ]
    }
}

/// What `deploy_secrets` on or off means, in one sentence.
pub fn deploy_secrets_consequence(c: DeploySecrets) -> &'static str {
    match c {
        DeploySecrets::On => "The chart renders its Secrets (TLS, custom CA, backend with the encryption key) from these values: one helm command deploys everything, and the values file holds private keys, so keep it out of Git.",
        DeploySecrets::Off => "The chart renders none of its Secrets: the Secrets file holds the TLS, custom-CA and encryption-key Secrets, and you must add the backend Secret's other mandatory fields (database, Keycloak, license) and the Keycloak Secret before the pods can start.",
    }
}

/// What `certificate.tls` or `existing_cert` means, in one sentence.
pub fn certificate_consequence(c: CertificateForm) -> &'static str {
    match c {
        CertificateForm::Values => "The certificate and its key are Base64 in the values (certificate.tls); the chart makes their Secret, so renewing means editing the values and running helm upgrade.",
        CertificateForm::ExistingSecret => "The certificate and its key live in a kubernetes.io/tls Secret of the Secrets file that certificate.existing_cert names; renewing means replacing that Secret (cert-manager can own it) and restarting the pods.",
    }
}

/// What a chart-managed or external encryption key means, in one sentence.
pub fn encryption_consequence(c: EncryptionKeyForm) -> &'static str {
    match c {
        EncryptionKeyForm::ChartManaged => "The encryption key is in the values (userEncryptionKey) and the chart writes it into the backend Secret: fine for a first install or a test, not for production or GitOps; keep a copy, the data it encrypts is lost without it.",
        EncryptionKeyForm::External => "The encryption key is encryption-key-0 (stringData) of the backend Secret you manage, which the values name; it stays stable across renders (GitOps-safe), the vendor's recommendation for production.",
    }
}

/// One setting of the bundle and what choosing it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// The values path (`general.deploy_secrets.enabled`).
    pub setting: String,
    /// What was chosen, for a person.
    pub chosen: String,
    /// The consequence, one sentence (the same on every front end).
    pub consequence: String,
}

/// Options of [`bundle_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleOptions {
    /// The release (the chart's full name).
    pub release: String,
    /// The release namespace.
    pub namespace: String,
    /// `general.lightrun_endpoint`; `None`: not written (the main certificate's first DNS name
    /// is not guessed into it).
    pub endpoint: Option<String>,
    /// The three settings.
    pub choices: BundleChoices,
    /// The backend encryption key: 32 random bytes the caller drew.
    pub encryption_key: [u8; 32],
    /// Old pins to keep during a rotation (any form `security_pinned_hashes` accepts).
    pub old_pins: Vec<String>,
    /// Internal TLS: `None` decides from the pool (on when its certificates cover every service
    /// the chart mounts), `Some` forces it.
    pub internal_tls: Option<bool>,
    /// The TLS Secret's name with `existing_cert` (default [`chart::DEFAULT_TLS_SECRET_NAME`]).
    pub tls_secret_name: String,
}

impl BundleOptions {
    /// Defaults (the chart's default choices) for a release and namespace.
    pub fn new(release: impl Into<String>, namespace: impl Into<String>, key: [u8; 32]) -> Self {
        BundleOptions {
            release: release.into(),
            namespace: namespace.into(),
            endpoint: None,
            choices: BundleChoices::default(),
            encryption_key: key,
            old_pins: Vec::new(),
            internal_tls: None,
            tls_secret_name: chart::DEFAULT_TLS_SECRET_NAME.to_string(),
        }
    }
}

impl Drop for BundleOptions {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.encryption_key);
    }
}

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleFile {
    /// Its name, from [`BUNDLE_FILES`].
    pub name: String,
    /// What it holds, for a person.
    pub title: String,
    /// The text (may hold private keys: see [`Self::secret`]).
    pub text: SecretText,
    /// Holds private keys or the encryption key: blurred until Show, kept out of Git.
    pub secret: bool,
}

/// The bundle's files and commands, before the doctor has seen them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleFiles {
    /// The Secrets file (when there is a Secret to apply), the values file, the README.
    pub files: Vec<BundleFile>,
    /// The commands, in order.
    pub commands: Vec<String>,
    /// The settings as chosen, with their consequences.
    pub choices: Vec<Choice>,
    /// `security_pinned_hashes` as written: the served leaf's pin, then old pins.
    pub pins: Vec<String>,
    /// Whether `general.internal_tls` is in the values.
    pub internal_tls: bool,
    /// What may be wrong (from the writers).
    pub warnings: Vec<String>,
    /// What was done and why.
    pub notes: Vec<String>,
}

/// Why a bundle cannot be made. `Display` gives a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BundleError {
    /// A writer refused the material.
    Output(OutputError),
    /// Two settings the chart does not render together.
    Conflict {
        /// The values path at fault.
        setting: String,
        /// Why, and what to choose.
        reason: String,
    },
    /// The zip could not be written (never expected).
    Zip {
        /// The writer's message.
        reason: String,
    },
    /// The material could not be made.
    Make {
        /// Why.
        reason: String,
    },
}

impl core::fmt::Display for BundleError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BundleError::Output(e) => write!(f, "bundle: {e}"),
            BundleError::Conflict { setting, reason } => write!(f, "bundle: {setting}: {reason}"),
            BundleError::Zip { reason } => write!(f, "bundle: could not write the .zip: {reason}"),
            BundleError::Make { reason } => write!(f, "bundle: {reason}"),
        }
    }
}

impl std::error::Error for BundleError {}

impl From<OutputError> for BundleError {
    fn from(e: OutputError) -> Self {
        BundleError::Output(e)
    }
}

/// Merge `b` into `a`, key by key (maps merge, anything else is replaced).
fn merge(a: &mut Yaml, b: Yaml) {
    match (a, b) {
        (Yaml::Hash(ha), Yaml::Hash(hb)) => {
            for (k, v) in hb {
                match ha.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        ha.insert(k, v);
                    }
                }
            }
        }
        (slot, b) => *slot = b,
    }
}

/// A values fragment written by another output, back as a tree.
fn parse(fragment: &str) -> Result<Yaml, OutputError> {
    let docs = YamlLoader::load_from_str(fragment).map_err(|e| OutputError::Yaml {
        reason: e.to_string(),
    })?;
    let mut out = Yaml::Hash(Hash::new());
    for d in docs {
        merge(&mut out, d);
    }
    Ok(out)
}

/// Set `path` (dotted) to `value` in `root`.
fn set(root: &mut Yaml, path: &str, value: Yaml) {
    let mut tree = value;
    for k in path.rsplit('.') {
        tree = map(vec![(k, tree)]);
    }
    merge(root, tree);
}

/// The endpoint a front end offers by default for one's own certificates: the first DNS name
/// (not a wildcard) of the served leaf (the primary chain's), which the user sees and may
/// change before the bundle is made. `None` without such a name.
pub fn suggested_endpoint(report: &Report) -> Option<String> {
    let chain = crate::checks::report::primary_chain(report)?;
    let leaf = report
        .chains
        .get(chain)?
        .order
        .first()
        .and_then(|i| report.certificates.get(*i))?;
    leaf.san.dns.iter().find(|d| !d.contains('*')).cloned()
}

/// Whether internal TLS fits the pool: every mounted service is covered without a warning.
fn internal_fits(report: &Report, opts: &InternalTlsOptions) -> bool {
    internal_tls(report, opts).is_ok_and(|t| t.warnings.is_empty())
}

/// The bundle's files from the pool (see the module's decisions).
pub fn bundle_files(report: &Report, opts: &BundleOptions) -> Result<BundleFiles, BundleError> {
    if let Some(e) = opts.choices.conflict() {
        return Err(e);
    }
    let release = select::k8s_name("release name", &opts.release, 53, false)?;
    let ns = select::k8s_name("namespace", &opts.namespace, 63, false)?;
    let c = opts.choices;
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let mut values = Yaml::Hash(Hash::new());
    let mut secrets: Vec<String> = Vec::new();

    if let Some(e) = opts.endpoint.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        set(&mut values, paths::ENDPOINT, s(e));
    }
    set(
        &mut values,
        paths::DEPLOY_SECRETS,
        Yaml::Boolean(c.deploy_secrets == DeploySecrets::On),
    );

    // The main certificate: its values decide the pins (the served leaf's, then old ones).
    let tv = tls_values(
        report,
        &TlsValuesOptions {
            old_pins: opts.old_pins.clone(),
            release: Some(release.clone()),
            ..TlsValuesOptions::default()
        },
    )?;
    warnings.extend(tv.warnings.iter().cloned());
    match c.certificate {
        CertificateForm::Values => {
            set(&mut values, paths::TLS_CRT, s(&tv.crt_base64));
            set(&mut values, paths::TLS_KEY, s(&tv.key_base64));
        }
        CertificateForm::ExistingSecret => {
            let mut so = TlsSecretOptions::named(opts.tls_secret_name.clone());
            so.namespace = Some(ns.clone());
            so.chain = Some(tv.chain_index);
            let sec = tls_secret(report, &so)?;
            set(&mut values, paths::EXISTING_CERT, s(&sec.name));
            secrets.push(sec.yaml.to_string());
        }
    }
    set(&mut values, paths::PINNED_HASHES, list(&tv.pins));
    if tv.pins.len() > 1 {
        notes.push(format!("security_pinned_hashes holds the served certificate's pin and {} old pin(s) of the rotation: remove the old ones once every server serves the new key", tv.pins.len() - 1));
    }

    // Internal TLS, and the custom CA that makes Keycloak trust its CA.
    let io = InternalTlsOptions::new(release.clone(), ns.clone());
    let with_internal = opts.internal_tls.unwrap_or_else(|| internal_fits(report, &io));
    if with_internal {
        let t = internal_tls(report, &io)?;
        warnings.extend(t.warnings.iter().cloned());
        merge(&mut values, parse(&t.values_yaml)?);
        secrets.push(t.yaml.to_string());
        match c.deploy_secrets {
            DeploySecrets::On => {
                set(&mut values, paths::CUSTOM_CA_CERTIFICATE, s(&t.custom_ca.ca_base64));
            }
            DeploySecrets::Off => {
                set(&mut values, paths::CUSTOM_CA_EXISTING, s(&t.custom_ca.secret_name));
                secrets.push(t.custom_ca.secret_yaml.clone());
            }
        }
    } else {
        notes.push("no internal TLS: the pool has no certificate for each service the chart mounts (Make → Private CA makes them)".to_string());
    }

    // The encryption key.
    let key = crate::checks::enckey::encode_key(&opts.encryption_key);
    let key = SecretText::new(key);
    match c.encryption_key {
        EncryptionKeyForm::ChartManaged => {
            set(&mut values, paths::USER_ENCRYPTION_KEY, s(&key));
        }
        EncryptionKeyForm::External => {
            let name = chart::encryption_secret_name(&release);
            let k = encryption_key_secret(
                &key,
                &EncryptionSecretOptions {
                    secret_name: name.clone(),
                    namespace: Some(ns.clone()),
                },
            )?;
            set(&mut values, paths::EXISTING_BACKEND_SECRET, s(&name));
            secrets.push(k.secret_yaml.to_string());
        }
    }

    let choices = c.lines();
    let mut header = vec![
        format!("Lightrun TLS settings for release {release} in namespace {ns}, made by certlens as one bundle."),
        format!("Pass it after your own values: helm upgrade --install ... -f your-values.yaml -f {VALUES_FILE}"),
    ];
    for ch in &choices {
        header.push(format!("{} = {}: {}", ch.setting, ch.chosen, ch.consequence));
    }
    let mut values_text = comments(&header);
    values_text.push_str(&emit(&values, false)?);

    let mut files = Vec::new();
    if !secrets.is_empty() {
        let mut text = comments(&[format!(
            "The Secrets the values in {VALUES_FILE} name, for namespace {ns}. Apply before helm: kubectl apply -n {ns} -f {SECRETS_FILE}"
        )]);
        for doc in &secrets {
            text.push_str(doc);
            if !doc.ends_with('\n') {
                text.push('\n');
            }
        }
        files.push(BundleFile {
            name: SECRETS_FILE.to_string(),
            title: "Secrets (kubectl apply)".to_string(),
            text: SecretText::new(text),
            secret: true,
        });
    }
    files.push(BundleFile {
        name: VALUES_FILE.to_string(),
        title: "Values (helm -f)".to_string(),
        text: SecretText::new(values_text),
        secret: c.certificate == CertificateForm::Values
            || c.encryption_key == EncryptionKeyForm::ChartManaged,
    });
    let commands = commands(&release, &ns, !secrets.is_empty());
    files.push(BundleFile {
        name: README_FILE.to_string(),
        title: "How to apply".to_string(),
        text: SecretText::new(readme(&release, &ns, &commands, &choices)),
        secret: false,
    });
    Ok(BundleFiles {
        files,
        commands,
        choices,
        pins: tv.pins.clone(),
        internal_tls: with_internal,
        warnings,
        notes,
    })
}

/// The commands that apply the bundle, in order.
fn commands(release: &str, ns: &str, with_secrets: bool) -> Vec<String> {
    let mut out = vec![format!(
        "kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -"
    )];
    if with_secrets {
        out.push(format!("kubectl apply -n {ns} -f {SECRETS_FILE}"));
    }
    out.push(format!(
        "helm upgrade --install {release} {CHART_REFERENCE} -n {ns} -f {VALUES_FILE}"
    ));
    out
}

/// README-apply.txt: what the files are, the commands, the choices.
fn readme(release: &str, ns: &str, commands: &[String], choices: &[Choice]) -> String {
    let mut t = format!(
        "Lightrun TLS bundle for release {release}, namespace {ns} (made by certlens)\n\n\
         {SECRETS_FILE}  the Secrets the values name (holds private keys)\n\
         {VALUES_FILE}  the chart's TLS settings (give it after your own values file)\n\n\
         Apply, in this order:\n"
    );
    for c in commands {
        t.push_str("  ");
        t.push_str(c);
        t.push('\n');
    }
    t.push_str(&format!(
        "\nWith your other settings (license, database...) in your own values file, give both:\n  -f your-values.yaml -f {VALUES_FILE}\n(the last file wins, so the TLS settings here apply).\n\nSettings chosen:\n"
    ));
    for c in choices {
        t.push_str(&format!("  {} = {}\n    {}\n", c.setting, c.chosen, c.consequence));
    }
    t.push_str("\nCheck it again any time: drop these files on certlens (the doctor), or run\n  certlens doctor ");
    t.push_str(&format!("{VALUES_FILE} {SECRETS_FILE} --release {release} --namespace {ns}\n"));
    t
}

//! What the Lightrun Helm chart needs, produced from a [`Report`]: `certificate.tls` values,
//! `kubernetes.io/tls` Secrets (with the equivalent `kubectl` line), internal-TLS Secrets and
//! values, `security_pinned_hashes` lists, private-key conversions and backend encryption-key
//! Secrets.
//!
//! Every function is pure: it reads the report (built over the whole pool of inputs, in whatever
//! order they came) and returns a struct holding the rendered text *and* its structured parts,
//! so that the CLI can print it and the browser app can show and download each piece. Nothing
//! here panics, reads a clock or draws randomness (encryption keys are encoded from bytes the
//! caller drew).
//!
//! # Decisions
//!
//! * **Chain order and the root.** Certificates are written leaf → intermediates → root, as the
//!   chain analysis ordered them, whatever the input order. By default the root is **included**
//!   when the input holds it ([`DEFAULT_INCLUDE_ROOT`]): the vendor's documented procedure for
//!   `certificate.tls.crt` is the full chain certificate → intermediate → root, and values,
//!   Secret, chain and internal TLS all follow it. One option leaves it out: `include_root:
//!   false` (CLI `--no-root`, JS `includeRoot: false`, the page's "Leave the root out"; the old
//!   CLI `--with-root` is accepted and changes nothing). The header comment of each output says
//!   what `tls.crt` holds and why; when the input has no root, a warning and the header say so.
//!   The CA that clients must trust also goes into `ca.crt` (`include_ca`, internal TLS).
//! * **Which chain, which key.** Unless a chain is named, the chain whose leaf has a private key
//!   in the pool is used ([`crate::checks::report::primary_chain`]). The key is the one whose public
//!   key equals the leaf's; without it nothing is produced ([`OutputError::NoMatchingKey`]).
//!   A chain with a missing intermediate or a signature that does not verify is refused.
//! * **Which key `convert-key` converts.** The one named, else the only one; with several,
//!   none is guessed ([`choose_key`]).
//! * **Pin verdict.** Whether a checked pin list is good and why, in words, is
//!   [`pin_verdict`]'s alone: front ends show it, they do not judge the list themselves.
//! * **Key format.** The chart and the vendor's docs accept PKCS#1 or PKCS#8 (their example key
//!   is PKCS#1), so by default (`key_format: None`) an unencrypted PKCS#1 or PKCS#8 key is
//!   written **as given**; only what the chart does not accept (SEC1, encrypted PKCS#8,
//!   legacy-encrypted PEM, a key out of a PKCS#12 file) is converted, to unencrypted PKCS#8, and
//!   a note and the header comment say so. `Some(Pkcs8)` / `Some(Pkcs1)` (RSA only) force a
//!   format. SEC1 is offered by [`convert_key`] only. Internal TLS Secrets still get PKCS#8.
//! * **Base64.** Standard alphabet, padded, on one line (what `base64 -w 0` prints). The YAML
//!   emitter (yaml-rust2) never folds or wraps scalars; the tests check every value is one line.
//! * **YAML.** Built as [`yaml_rust2::Yaml`] trees and written by [`yaml_rust2::YamlEmitter`];
//!   keys keep a fixed, human order (`apiVersion`, `kind`, `metadata`, `type`, `data` /
//!   `stringData`). Explanations are `# ` comment lines put before the document (the emitter
//!   writes no comments). Values fragments have no `---` line, so they can be pasted into a
//!   values.yaml; manifests start with `---`, so several can be concatenated.
//! * **Secret names.** The TLS Secret is named by the caller; every front end defaults to
//!   [`DEFAULT_TLS_SECRET_NAME`] (`lightrun-tls`), the backend Secret to
//!   [`DEFAULT_ENCRYPTION_SECRET_NAME`]. Internal TLS Secrets are `<fullname>-<values key with '_' as '-'>-tls`
//!   (`lightrun-frontend-tls`, `lightrun-rabbitmq-tls`, `lightrun-data-streamer-tls`), and the CA
//!   Secret is `<fullname>-internal-ca` (key `ca.crt`) unless named.
//! * **Internal TLS.** Each service gets the chain (with its key) whose leaf covers most of the
//!   service's names `NAME`, `NAME.NS`, `NAME.NS.svc`; keys are PKCS#8. `keycloak_cluster` also
//!   gets `ca.crt`; its DNS names are not in the chart facts, so they are not checked.
//! * **Pins.** Hex (what the chart's list holds), leaf first; for a rotation the old side's pins
//!   follow. [`pins`] lists every leaf and every key that belongs to no certificate of the input
//!   (a next key, pinned ahead of the rotation).
//! * **Encryption keys.** Under `stringData` (the 44-character text as is). The Secret produced
//!   holds only the keys and says so in a comment at its top: the backend Secret has other
//!   mandatory fields.
//! * **Secrets in memory.** Key material is held in [`SecretText`] (zeroized on drop, redacted
//!   in `Debug`, serialised in full because the user asked for it).
#![deny(missing_docs)]

mod agents;
mod bundle;
mod bundle_zip;
mod catalog;
mod custom_ca;
mod defaults;
mod encryption;
mod internal;
mod keys;
mod pin_verdict;
mod pins;
pub(crate) mod select;
mod tls;
mod verdict;
mod yaml;
pub use yaml::hidden_char;

use serde::Serialize;
use zeroize::Zeroizing;

pub use agents::{
    agents, Agents, AgentsOptions, AGENT_INIT_IMAGE, DEFAULT_AGENT_NAME, DEFAULT_AGENT_NAMESPACE,
    KEY_TO_FILL, ROTATION_NOTE,
};
pub use bundle::{
    bundle_files, suggested_endpoint, certificate_consequence, deploy_secrets_consequence, encryption_consequence,
    BundleChoices, BundleError, BundleFile, BundleFiles, BundleOptions, CertificateForm, Choice,
    DeploySecrets, EncryptionKeyForm, BUNDLE_FILES, CHART_REFERENCE, README_FILE, SECRETS_FILE,
    VALUES_FILE,
};
pub use bundle_zip::{bundle_zip, zip_name};
pub use catalog::{download_names, downloads, tabs, Needs, OutputKind, OutputSpec, OUTPUTS};
pub use custom_ca::{custom_ca, CustomCa, CustomCaOptions};
pub use defaults::{
    custom_ca_secret_name, encryption_secret_name, CUSTOM_CA_KEY, DEFAULT_ENCRYPTION_SECRET_NAME,
    DEFAULT_INCLUDE_ROOT, DEFAULT_RELEASE, DEFAULT_TLS_SECRET_NAME, DEFAULT_WARN_DAYS,
    INTERNAL_TLS_MOUNTED_KEYS, LEAVE_ROOT_OUT_LABEL,
};
pub use defaults::{
    CERTIFICATE_TLS_NEEDS_DEPLOY_SECRETS, CUSTOM_CA_NEEDS_DEPLOY_SECRETS, DEPLOY_SECRETS_OFF,
    ENCRYPTION_KEYS_MOUNT,
};
pub use encryption::{
    encryption_key_rotation, encryption_key_rotation_from, encryption_key_secret,
    EncryptionKeyEntry, EncryptionKeys, EncryptionSecretOptions,
};
pub use internal::{internal_tls, InternalTls, InternalTlsOptions, ServiceTls};
pub use keys::{
    choose_key, conversion_targets, convert_key, ConvertedKey, KeyChoiceError, KeyChoiceWords,
};
pub use pin_verdict::{pin_verdict, PinEntryVerdict, PinLevel, PinVerdict};
pub use pins::{old_side_pins, pinned_ahead, pins, PinItem, PinnedAhead, Pins, PinsOptions};
pub use tls::{
    chain_pem, tls_secret, tls_values, ChainPem, KeystorePassword, TlsSecret, TlsSecretOptions,
    TlsValues, TlsValuesOptions,
};
pub use verdict::{verdict_text, ClientLine, PathVerdictLevel, VerdictText};

#[allow(unused_imports)]
use crate::model::Report;

// For the doctor: the backend verdict's one wording, and how certificates are named in it.
pub(crate) use internal::backend_problem;
pub(crate) use agents::host_part;
pub(crate) use select::cert_label;

/// Text that holds private key material: zeroized on drop, never printed by `Debug`, serialised
/// in full (the user asked for it).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    /// Wrap text that holds key material.
    pub fn new(text: String) -> Self {
        SecretText(Zeroizing::new(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl core::ops::Deref for SecretText {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl From<Zeroizing<String>> for SecretText {
    fn from(z: Zeroizing<String>) -> Self {
        SecretText(z)
    }
}

impl core::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SecretText(<{} characters, redacted>)", self.0.len())
    }
}

impl Serialize for SecretText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

/// The place of a certificate in a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChainRole {
    /// The server's own certificate (first).
    Leaf,
    /// A CA between the leaf and the root.
    Intermediate,
    /// The self-signed CA at the end of the chain.
    Root,
}

/// One certificate of the chain an output was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainMember {
    /// Index into [`Report::certificates`].
    pub index: usize,
    /// Leaf, intermediate or root.
    pub role: ChainRole,
    /// `#2 (example.test)`: the index and the CN (or subject).
    pub name: String,
    /// The subject (RFC 4514).
    pub subject: String,
    /// notAfter, RFC 3339.
    pub not_after: String,
    /// Whether this certificate is in the output (a root may be left out).
    pub included: bool,
}

/// Why an output cannot be produced. `Display` gives a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutputError {
    /// The pool holds no certificate.
    NoCertificate {
        /// Why, when something in the pool explains it (a password needed, unreadable blocks).
        hint: Option<String>,
    },
    /// The chain number asked for does not exist.
    NoSuchChain {
        /// The chain asked for (0-based).
        requested: usize,
        /// How many chains there are.
        available: usize,
    },
    /// No private key in the pool belongs to the leaf.
    NoMatchingKey {
        /// The leaf, e.g. `CN=example.test`.
        leaf: String,
        /// What the pool holds instead, when that helps.
        hint: Option<String>,
    },
    /// A key that is needed is encrypted and no (or a wrong) password was given.
    KeyLocked {
        /// Which key, e.g. `private key #0 (key.pem, block 1 (ENCRYPTED PRIVATE KEY))`.
        key: String,
        /// What the leaf is, when the key was looked for on its behalf.
        leaf: Option<String>,
    },
    /// The key is there but cannot be written in the format asked for.
    KeyUnusable {
        /// Which key.
        key: String,
        /// Why, e.g. "PKCS#1 holds only RSA keys; this is an Ed25519 key — use PKCS#8".
        reason: String,
    },
    /// The private key number asked for does not exist.
    NoSuchKey {
        /// The key asked for (0-based).
        requested: usize,
        /// How many private keys there are.
        available: usize,
    },
    /// The chain stops at a certificate whose issuer is not in the pool.
    MissingIntermediate {
        /// The last certificate of the chain.
        certificate: String,
        /// Its issuer's name: the certificate to add.
        issuer: String,
    },
    /// A signature in the chain does not verify.
    InvalidSignature {
        /// The certificate whose signature fails.
        certificate: String,
        /// The issuer whose key was used.
        issuer: String,
    },
    /// A CA certificate (`ca.crt`) was asked for and the chain has none.
    NoCaCertificate {
        /// The chain's last certificate.
        certificate: String,
    },
    /// A Kubernetes name (Secret, namespace, release) is not valid.
    InvalidName {
        /// "Secret name", "namespace", "release name".
        what: String,
        /// The value given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An old pin could not be read.
    InvalidPin {
        /// The entry as given.
        pin: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An internal-TLS service key that the chart does not have.
    UnknownService {
        /// The key given.
        service: String,
    },
    /// The key format asked for cannot be used here (SEC1 for the chart).
    UnsupportedKeyFormat {
        /// Why.
        reason: String,
    },
    /// Nothing in the pool has a public key to pin.
    NothingToPin,
    /// An encryption key is unusable, or old and new are the same.
    EncryptionKey {
        /// The diagnosis.
        reason: String,
    },
    /// Internal TLS with a narrowed service list: keys the chart still mounts would stay empty.
    InternalTlsIncomplete {
        /// The values keys left empty (`artifacts`, `keycloak_cluster`...).
        missing: Vec<String>,
    },
    /// Only a leaf certificate: `secrets.customCa` needs the CA that issued it.
    NoCustomCa {
        /// The leaf(s) given, e.g. `CN=example.test`.
        certificates: Vec<String>,
    },
    /// The YAML emitter failed (never expected).
    Yaml {
        /// The emitter's message.
        reason: String,
    },
}

impl core::fmt::Display for OutputError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            OutputError::NoCertificate { hint: None } => write!(f, "no certificate in the input; add the certificate file (PEM, DER, PKCS#7, PKCS#12 or a Secret)"),
            OutputError::NoCertificate { hint: Some(h) } => write!(f, "no certificate in the input ({h})"),
            OutputError::NoSuchChain { requested, available } => {
                write!(f, "there is no chain {}; the input has {available} chain{}", requested.saturating_add(1), if *available == 1 { "" } else { "s" })
            }
            OutputError::NoMatchingKey { leaf, hint } => {
                write!(f, "no private key matches the leaf certificate {leaf}; add the key file")?;
                if let Some(h) = hint {
                    write!(f, " ({h})")?;
                }
                Ok(())
            }
            OutputError::KeyLocked { key, leaf } => {
                write!(f, "{key} is encrypted; give its password (the page's password box, or --password-file) to use it")?;
                if let Some(l) = leaf {
                    write!(f, " for the leaf certificate {l}")?;
                }
                Ok(())
            }
            OutputError::KeyUnusable { key, reason } => write!(f, "{key} cannot be used: {reason}"),
            OutputError::NoSuchKey { requested, available } => write!(
                f,
                "there is no private key {}; the input has {available} private key{}",
                requested.saturating_add(1),
                if *available == 1 { "" } else { "s" }
            ),
            OutputError::MissingIntermediate { certificate, issuer } => write!(
                f,
                "the chain is missing its intermediate: the issuer of {certificate} ({issuer}) is not in the input; add the intermediate CA certificate (your CA's bundle has it)"
            ),
            OutputError::InvalidSignature { certificate, issuer } => write!(
                f,
                "the signature on {certificate} does not verify with the key of {issuer}; the chain is broken (get a fresh copy of the certificates from the issuer)"
            ),
            OutputError::NoCaCertificate { certificate } => write!(
                f,
                "a ca.crt was asked for, but the chain ends at {certificate}, which is not a CA certificate; add the issuing CA's certificate"
            ),
            OutputError::InvalidName { what, value, reason } => write!(f, "the {what} {value:?} {reason}"),
            OutputError::InvalidPin { pin, reason } => write!(f, "old pin {pin:?}: {reason}"),
            OutputError::UnknownService { service } => write!(
                f,
                "unknown internal TLS service {service:?}; the chart's keys are {}",
                crate::chart::INTERNAL_TLS_MOUNTED_KEYS.join(", ")
            ),
            OutputError::UnsupportedKeyFormat { reason } => write!(f, "{reason}"),
            OutputError::NothingToPin => write!(f, "nothing to pin: the input holds no certificate, private key or public key certlens can read"),
            OutputError::EncryptionKey { reason } => write!(f, "{reason}"),
            OutputError::InternalTlsIncomplete { missing } => write!(
                f,
                "internal TLS would leave {} of general.internal_tls.certificates.existing_certificates empty: the chart mounts {} anyway, with an empty secretName:, and the pod cannot start; add {} to the services (or name no service: all seven are filled), or name the Secret you already have for {}",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" },
                if missing.len() == 1 { "it" } else { "them" },
                if missing.len() == 1 { "it" } else { "each" }
            ),
            OutputError::NoCustomCa { certificates } => write!(
                f,
                "only a leaf certificate was given ({}): secrets.customCa needs the CA certificate that issued it (the root of its chain); add the CA certificate file",
                certificates.join(", ")
            ),
            OutputError::Yaml { reason } => write!(f, "could not write YAML: {reason}"),
        }
    }
}

impl std::error::Error for OutputError {}

//! The report: everything certlens found in one pool of inputs.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{
    Certificate, Chain, ChainExpiry, Finding, KeyFormat, NameCoverage, NotCheckedReason, PinCheck,
    PublicKeyDesc,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateKeyReport {
    pub index: usize,
    pub source: String,
    pub block: usize,
    pub location: String,
    /// `pkcs1`, `pkcs8`, `pkcs8_encrypted`, `sec1`, `pkcs1_legacy_encrypted`, `sec1_legacy_encrypted`, `dsa`, `openssh`, `pkcs12`...
    pub format: KeyFormat,
    pub format_description: String,
    pub encrypted: bool,
    pub encryption: Option<String>,
    pub needs_password: bool,
    pub public_key: Option<PublicKeyDesc>,
    pub spki_sha256: Option<String>,
    pub spki_sha256_base64: Option<String>,
    /// Indices of the certificates whose public key is this key's.
    pub matches: Vec<usize>,
    /// Indices of the public keys that are certificate requests (CSRs) made with this key:
    /// the key to install with the certificate the CA issues from that request.
    #[serde(default)]
    pub requests: Vec<usize>,
    pub note: Option<String>,
    /// Set when its public key (so its pin and its matches) was not derived because the pool's
    /// work budget was spent (`budget_spent`); `note` says so in words. Left out of the JSON
    /// when `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_checked: Option<NotCheckedReason>,
    /// Unencrypted PKCS#8 DER for conversions; never serialised.
    #[serde(skip)]
    pub pkcs8: Option<Zeroizing<Vec<u8>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyReport {
    pub index: usize,
    pub source: String,
    pub block: usize,
    pub location: String,
    /// `spki`, `pkcs1`, `openssh`, or `csr` (the public key of a certificate request).
    pub format: String,
    /// For a CSR: its subject.
    pub subject: Option<String>,
    pub public_key: PublicKeyDesc,
    pub spki_sha256: String,
    pub spki_sha256_base64: String,
    pub matches: Vec<usize>,
    /// For a CSR: what it requests, its own signature, the names checked against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<super::CsrDetails>,
}

/// Blocks that are recognised but carry no certificate or key (CRLs, parameters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherReport {
    pub source: String,
    pub block: usize,
    pub location: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReport {
    pub source: String,
    pub block: Option<usize>,
    pub label: Option<String>,
    /// What went wrong, as a type: what front ends and outputs decide on (the sentences below
    /// are for people and may be reworded).
    #[serde(default)]
    pub kind: ErrorKind,
    /// The whole sentence, location included: "chain.pem, block 3 (CERTIFICATE): missing END line".
    pub message: String,
    /// Only what is wrong, without the location.
    pub detail: String,
}

/// What kind of problem an [`ErrorReport`] is. Serialised in snake_case (`wrong_password`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    // ---- Reading: PEM framing
    /// A PEM block without its END line (cut short, or another BEGIN came first).
    PemMissingEnd,
    /// `-----END Y-----` closes `-----BEGIN X-----`.
    PemMismatchedEnd,
    /// A PEM body line that is not Base64.
    PemBadBase64,
    /// A PEM body line longer than any PEM writer makes.
    PemLineTooLong,
    /// A PEM block with no body.
    PemEmpty,
    // ---- Reading: the input as a whole
    /// The input is empty.
    EmptyInput,
    /// Neither PEM, DER, Base64 nor YAML/JSON with certificate material.
    Unrecognised,
    /// Base64 whose content is not certificate or key material.
    Base64NotMaterial,
    /// Base64 nested deeper than certlens decodes.
    Base64TooDeep,
    /// A value that should be Base64 and is not.
    BadBase64Value,
    /// YAML or JSON that cannot be parsed.
    Yaml,
    /// YAML or JSON without certificate material.
    NothingInYaml,
    /// An input over the size limit.
    TooLarge,
    /// More blocks than the limit.
    TooManyBlocks,
    // ---- Decryption (encrypted keys, PKCS#12)
    /// Encrypted, and no password was given.
    NeedPassword,
    /// The password given does not open it (or the data is corrupted).
    WrongPassword,
    /// An encryption scheme certlens does not implement.
    UnsupportedEncryption,
    /// A key-derivation cost over the limit: refused before any work.
    CostTooHigh,
    /// Encrypted data whose structure is broken.
    MalformedEncryption,
    // ---- Blocks
    /// A DER structure cut short.
    Truncated,
    /// Not a valid certificate.
    InvalidCertificate,
    /// A private or public key that cannot be read.
    InvalidKey,
    /// Not a valid certificate signing request.
    InvalidRequest,
    /// Not a valid PKCS#7 bundle, or one without certificates.
    InvalidPkcs7,
    /// A PKCS#12 file without anything certlens reads.
    EmptyPkcs12,
    /// The PEM label says one thing and the content is another.
    Mislabelled,
    /// DER data that is none of the things certlens reads.
    UnknownDer,
    /// A PEM label certlens does not read.
    UnknownLabel,
    /// Any other problem (and the kind of a report serialised before kinds existed).
    #[default]
    Other,
}

impl ErrorKind {
    /// A password is what is missing or wrong: what a password prompt is for.
    pub const fn is_password(self) -> bool {
        matches!(self, ErrorKind::NeedPassword | ErrorKind::WrongPassword)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockSummary {
    pub index: usize,
    pub label: String,
    pub path: Vec<String>,
    pub line: Option<usize>,
    pub size: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputReport {
    pub name: String,
    pub size: usize,
    pub blocks: Vec<BlockSummary>,
    pub errors: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinsFound {
    pub source: String,
    pub path: String,
    pub pins: Vec<String>,
}

/// Something that needs a password before it can be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locked {
    pub source: String,
    pub block: usize,
    pub location: String,
    pub what: String,
}

/// The JSON contract: everything certlens found in a pool of inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub now: String,
    pub inputs: Vec<InputReport>,
    pub certificates: Vec<Certificate>,
    pub private_keys: Vec<PrivateKeyReport>,
    pub public_keys: Vec<PublicKeyReport>,
    pub other: Vec<OtherReport>,
    pub password_needed: Vec<Locked>,
    pub pinned_hashes: Vec<PinsFound>,
    pub errors: Vec<ErrorReport>,
    /// Chains, leaf first (see `checks::chain` for the definitions).
    pub chains: Vec<Chain>,
    /// Groups of identical certificates (indices), first occurrence first.
    pub duplicates: Vec<Vec<usize>>,
    /// Certificates in no chain.
    pub unrelated: Vec<usize>,
    /// The earliest notAfter of each chain.
    pub chain_expiry: Vec<ChainExpiry>,
    /// Coverage of the names asked for.
    pub names: Vec<NameCoverage>,
    /// The pin list check, when a list was given or found.
    pub pin_check: Option<PinCheck>,
    /// Everything worth telling the user, errors first.
    pub findings: Vec<Finding>,
}

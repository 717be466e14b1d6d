//! What the caller asks of an inspection ([`Options`]) and what it hears back while it runs
//! ([`Progress`]).

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::limits::Limits;
use crate::model::CertificateDetail;

/// Warn when a certificate expires within this many days ([`Options::warn_days`]; the CLI's
/// `--warn-days`, the page's field). Defined here, where the pipeline's options take it, and
/// offered to front ends as `output::DEFAULT_WARN_DAYS` with the other shared defaults.
pub const DEFAULT_WARN_DAYS: i64 = 30;

/// What the caller supplies besides the inputs.
#[derive(Clone)]
pub struct Options {
    /// "Now" as Unix seconds (the core has no clock).
    pub now: i64,
    /// Password for encrypted keys and PKCS#12 files. Zeroized on drop.
    pub password: Option<Zeroizing<String>>,
    pub limits: Limits,
    /// Check the signature on every chain link (child signed by parent). Costs time per
    /// certificate; benchmarks measure both ways.
    pub verify_signatures: bool,
    /// Also check each self-issued certificate's signature with its own key. Off by default,
    /// as in `openssl verify` (without `-check_ss_sig`), webpki and Go: a root is trusted because
    /// it is in the trust store, and its self-signature proves nothing about who made it. When
    /// off, `self_signature` is `not_checked` and `self_signed` rests on names and key
    /// identifiers. On a bundle of roots this is most of the cost of a full inspection.
    pub check_self_signatures: bool,
    /// Warn when a certificate expires within this many days.
    pub warn_days: i64,
    /// Names (DNS or IP) the certificates must cover.
    pub names: Vec<String>,
    /// A pasted `security_pinned_hashes` list to check. When absent, pins found in the input
    /// (a values.yaml) are checked instead.
    pub expected_pins: Option<String>,
    /// Roots the caller trusts (DER certificates: a `ca.crt`, the CLI's `--ca FILE`): path
    /// validation passes a chain only when it ends at one of these or at a root of the
    /// Mozilla snapshot. A self-signed root merely found in the input is never assumed.
    pub trust_anchors: Vec<Vec<u8>>,
    /// How much of each certificate to describe. [`CertificateDetail::Summary`] skips what
    /// only the full description shows and no check reads (the SHA-1 fingerprint and the
    /// list of extensions by name: `fingerprint_sha1` is empty and `extensions` holds none),
    /// so a report made this way is for [`Report::view`](crate::Report::view) with the same
    /// detail. Everything the checks, chains and verdicts read is the same either way.
    pub detail: CertificateDetail,
}

impl Options {
    pub fn at(now: i64) -> Self {
        Options {
            now,
            password: None,
            limits: Limits::default(),
            verify_signatures: true,
            check_self_signatures: false,
            warn_days: DEFAULT_WARN_DAYS,
            names: Vec::new(),
            expected_pins: None,
            trust_anchors: Vec::new(),
            detail: CertificateDetail::Full,
        }
    }

    pub fn with_password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(Zeroizing::new(password.into()));
        self
    }
}

impl core::fmt::Debug for Options {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Options")
            .field("now", &self.now)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("verify_signatures", &self.verify_signatures)
            .field("check_self_signatures", &self.check_self_signatures)
            .field("detail", &self.detail)
            .finish()
    }
}

/// How far an inspection has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: Stage,
    /// Units done and in total in this stage (blocks, or certificates for self-signatures).
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    /// Splitting the inputs into blocks.
    Reading,
    /// Describing each block (certificates, keys, ...).
    Describing,
    /// Chains, signatures on the links, findings.
    Checking,
    /// Roots' own signatures ([`with_self_signatures`]).
    SelfSignatures,
    /// The inventory: Secrets analysed, each its own pool ([`crate::inventory_with_progress`]).
    Secrets,
}

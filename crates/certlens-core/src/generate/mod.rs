//! Making certificates: a self-signed certificate for testing, a private CA with a certificate
//! for every internal service of the chart (and optionally the main certificate), a CSR for a
//! public or corporate CA, and PKCS#12 files of anything in the pool.
//!
//! # Decisions
//!
//! * **Randomness and time come from the caller.** Every function takes a [`Seed`] (32 bytes
//!   the caller drew from a secure source: the CLI from the OS, the page from
//!   `crypto.getRandomValues` in its worker) and "now". The core expands the seed with ChaCha20,
//!   so (seed, now) always gives the same bytes.
//! * **Keys.** ECDSA P-256 by default; RSA 2048/3072/4096 and Ed25519 on request. Keys are
//!   written as unencrypted PKCS#8 (`BEGIN PRIVATE KEY`), which the chart takes.
//! * **Certificates.** v3, a random positive 16-byte serial, SHA-256 signatures, notBefore five
//!   minutes before "now" (clock skew between the machine that makes them and the cluster),
//!   SubjectKeyIdentifier (SHA-1 of the key, RFC 5280 method 1) and AuthorityKeyIdentifier.
//!   Servers get `CA:FALSE` (critical), digitalSignature (+ keyEncipherment for RSA),
//!   serverAuth + clientAuth and their names as SANs. The CA gets `CA:TRUE, pathlen:0`,
//!   keyCertSign + cRLSign and, unless switched off, critical name constraints to the names it
//!   signs: each Service's (and the backend's) `NAME`, `NAME.NS`, `NAME.NS.svc`,
//!   `NAME.NS.svc.<cluster_domain>`, and the main host(s) — never the namespace as a suffix (a
//!   namespace may be a public TLD such as `dev`). IP addresses: exactly the ones asked for
//!   (/32, /128), and a family none was asked for excluded whole (0.0.0.0/0, ::/0). A CA key
//!   that leaks can then not impersonate anything else.
//! * **Validity.** The self-signed test certificate stands in for a public one: one day under
//!   the public limit in force when it is made (CA/Browser Forum SC-081v3: 199 days from
//!   2026-03-15, 99 from 2027-03-15, 46 from 2029-03-15; the day under leaves room for the
//!   five-minute backdating). The private CA's certificates: 397 days (a private CA is not
//!   bound by that schedule, and yearly renewal is what operators plan); the CA: ten years.
//! * **Testing only.** The self-signed certificate's subject carries
//!   `O=certlens self-signed (testing only)`, so every view of it says so, and its values start
//!   with a comment saying so.
//! * **One set of writers.** Generated certificates go through the output writers given ones
//!   use ([`crate::output::internal_tls`], [`crate::output::tls_values`]), over a pool built
//!   from their PEM: what the page shows and what the CLI prints are the same.

mod cert;
mod flows;
mod keypair;
mod names;
mod pkcs12;
mod renew;
mod rng;

pub use flows::{
    csr, internal_key_count, internal_tls_set, pkcs12_from_pool, self_signed, CsrOptions,
    InternalSetOptions, MadeCsr, MadeFile, MadeInternal, MadeService, Pkcs12Options, Pkcs12Out,
    SelfSigned, SelfSignedOptions, DEFAULT_CA_DAYS, DEFAULT_CLUSTER_DOMAIN, DEFAULT_DAYS,
    TESTING_ONLY,
};
pub use keypair::KeyAlgorithm;
pub use renew::{
    next_key_plan, renewal_csr, same_key_note, MadeRenewal, NextKeyOptions, NextKeyPlan,
    RenewOptions, AGENTS_ONE_PIN,
};
pub use names::MAX_NAMES;
pub use pkcs12::PKCS12_ITERATIONS;
pub use rng::Seed;

use serde::Serialize;

use crate::output::OutputError;

/// Why something could not be made. `Display` gives a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MakeError {
    /// No name was given.
    NoNames,
    /// A name is not a valid DNS name or IP address.
    InvalidName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// More names than one certificate may carry.
    TooManyNames {
        /// The limit.
        max: usize,
    },
    /// A key algorithm certlens does not make.
    UnknownKeyAlgorithm {
        /// What was given.
        given: String,
    },
    /// The validity asked for cannot be written.
    InvalidValidity {
        /// Why.
        reason: String,
    },
    /// The seed is not 32 bytes.
    BadSeed,
    /// The PKCS#12 file cannot be made.
    Pkcs12 {
        /// Why.
        reason: String,
    },
    /// An output writer refused the material (a name the chart cannot use...).
    Output(OutputError),
    /// A renewal cannot start from what was given (no key, several keys...).
    Renewal {
        /// Why.
        reason: String,
    },
    /// Encoding failed (never expected with valid input).
    Encoding {
        /// What was being encoded.
        what: String,
        /// The encoder's message.
        reason: String,
    },
}

impl core::fmt::Display for MakeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            MakeError::NoNames => write!(f, "no name given: name the host the certificate is for (e.g. lightrun.example.com, the chart's general.lightrun_endpoint)"),
            MakeError::InvalidName { name, reason } => write!(f, "the name {name:?} {reason}"),
            MakeError::TooManyNames { max } => write!(f, "more than {max} names; one certificate may carry at most {max}"),
            MakeError::UnknownKeyAlgorithm { given } => write!(f, "unknown key type {given:?}; certlens makes ecdsa-p256 (the default), rsa2048, rsa3072, rsa4096 and ed25519"),
            MakeError::InvalidValidity { reason } => write!(f, "invalid validity: {reason}"),
            MakeError::BadSeed => write!(f, "the random seed must be 32 bytes"),
            MakeError::Pkcs12 { reason } => write!(f, "cannot make the PKCS#12 file: {reason}"),
            MakeError::Output(e) => write!(f, "{e}"),
            MakeError::Renewal { reason } => write!(f, "cannot renew: {reason}"),
            MakeError::Encoding { what, reason } => write!(f, "could not encode {what}: {reason}"),
        }
    }
}

impl std::error::Error for MakeError {}

impl From<OutputError> for MakeError {
    fn from(e: OutputError) -> Self {
        MakeError::Output(e)
    }
}

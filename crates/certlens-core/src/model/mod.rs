//! The contract: the types a report is made of, serialised as the JSON that every front end
//! (page, CLI `--json`, JavaScript module) receives. `docs/json-contract.md` documents them.
//!
//! This module is the leaf of the crate's dependency order: it imports nothing from the rest of
//! the crate, so every stage (reading, describing, checking, the pipeline, the outputs) can use
//! it without a cycle. Behaviour attached to these types lives with the stage that owns it.

mod certificate;
mod chain;
mod csr;
mod finding;
mod key;
mod names;
mod path;
mod pins;
mod report;
mod signature;
mod summary;

pub use certificate::{
    Attribute, BasicConstraints, Certificate, EncodingIssue, EncodingIssueKind, Extension,
    PublicKeyDesc, RawParts, Sans, Validity, ValidityStatus,
};
pub use chain::{Chain, ChainTrust, Link, MissingIssuer, NotIssuer, NotIssuerReason, TrustVerdict};
pub use csr::CsrDetails;
pub use finding::{ChainExpiry, Finding, FindingCode, Severity};
pub use key::{KeyFormat, PublicKeyAlgorithm};
pub use names::{MatchKind, NameCoverage};
pub use path::{
    AnchorSource, Client, ClientVerdict, Outcome, Overall, PathAnchor, PathRule, PathValidation,
};
pub use pins::{PinCheck, PinEntry, PinKind, PinMatch, PinTarget, RotationState};
pub use report::{
    BlockSummary, ErrorKind, ErrorReport, InputReport, Locked, OtherReport, PinsFound,
    PrivateKeyReport, PublicKeyReport, Report,
};
pub use signature::{NotCheckedReason, SignatureHash, SignatureStatus};
pub use summary::{
    CertificateDetail, CertificateSummary, CertificateView, CertificatesView, ReportView,
    UnknownCertificateDetail, SUMMARY_FIELDS,
};

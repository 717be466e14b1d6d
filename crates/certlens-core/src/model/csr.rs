//! What a certificate signing request asks for.

use serde::{Deserialize, Serialize};

use super::{Extension, NameCoverage, NotCheckedReason, Sans, SignatureStatus};

/// A CSR's requested names and extensions, its own signature, and the names checked against
/// it (before it is sent to a CA).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrDetails {
    /// The subjectAltName of the extensionRequest (what the certificate will carry if the CA
    /// honours it).
    pub requested_san: Sans,
    /// Every extension requested.
    pub requested_extensions: Vec<Extension>,
    /// keyUsage requested.
    pub key_usage: Vec<String>,
    /// extendedKeyUsage requested.
    pub extended_key_usage: Vec<String>,
    /// The CSR's signature, checked with its own public key (a CA refuses a request whose
    /// signature fails).
    pub signature: SignatureStatus,
    /// Why, in words.
    pub signature_detail: String,
    /// Why it was not verified, when it was not (see [`NotCheckedReason`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_reason: Option<NotCheckedReason>,
    /// The names asked for (`--host`, the page's names) and whether the request covers each.
    pub names: Vec<NameCoverage>,
    /// What a CA or a client will object to, in sentences.
    pub problems: Vec<String>,
    /// The subject's Common Name (what the names are checked against when no SAN is requested).
    #[serde(default)]
    pub common_name: Option<String>,
}

//! Findings: what is worth telling the user, with its fix.

use serde::{Deserialize, Serialize};

use super::ValidityStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// What a finding is about: its stable identifier. Serialised as the snake_case strings the
/// JSON contract has always carried (`chain_misordered`, ...), so front ends and scripts that
/// match on them keep working; Rust callers match on the variants instead of on strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingCode {
    /// A certificate's notAfter is in the past.
    Expired,
    /// A certificate's notBefore is in the future.
    NotYetValid,
    /// A valid certificate expires within the warning window.
    ExpiresSoon,
    /// A certificate carries an RSA key below 2048 bits.
    RsaKeyTooSmall,
    /// A certificate is signed with MD5, MD2 or SHA-1.
    WeakSignature,
    /// A leaf has no DNS or IP Subject Alternative Name.
    LeafWithoutSan,
    /// A leaf has basicConstraints CA:TRUE.
    LeafIsCa,
    /// No longer raised (issue 29): replaced by [`FindingCode::LeafValidityOverPublicLimit`],
    /// which follows the limit in force at issuance. Kept so that reports written before still
    /// read.
    // serde's snake_case puts no underscore before digits ("over398"); the contract has one.
    #[serde(rename = "leaf_validity_over_398_days")]
    LeafValidityOver398Days,
    /// A leaf's Extended Key Usage lacks serverAuth.
    NoServerAuth,
    /// One place lists a chain's certificates in the wrong order.
    ChainMisordered,
    /// A chain stops at a certificate whose issuer is not in the input.
    MissingIntermediate,
    /// A chain is complete up to its root, but the root itself is not in the input.
    RootNotIncluded,
    /// A chain's issuers loop (A issued B, B issued A): no root is reached.
    IssuerLoop,
    /// A chain was cut at the length limit (64 certificates).
    ChainCut,
    /// A link's signature does not verify with its issuer's key.
    InvalidSignature,
    /// A link's signature algorithm cannot be checked here.
    UnsupportedSignature,
    /// A link's signature was not checked because of a work limit (the pool's signature
    /// budget, or an RSA key over 8,192 bits).
    SignatureNotChecked,
    /// The input holds more than one chain.
    SeveralChains,
    /// One place holds the same certificate more than once.
    DuplicateCertificate,
    /// Certificates that belong to no chain of the input.
    UnrelatedCertificate,
    /// A private key is SEC1 (`BEGIN EC PRIVATE KEY`).
    KeyFormatSec1,
    /// A private key is in a format other than PKCS#1, PKCS#8 or SEC1.
    KeyFormat,
    /// A private key is encrypted (opened or not).
    KeyEncrypted,
    /// A private key matches no certificate of the input.
    KeyMatchesNoCertificate,
    /// A key's certificate is not the first one of the file that holds it.
    KeyNotFirstCertificate,
    /// A name asked for is covered by no certificate.
    NameNotCovered,
    /// An entry of the pin list is not a SHA-256 pin.
    MalformedPin,
    /// No pin of the list matches the leaf's key.
    LeafNotPinned,
    /// A chain ends at a CA whose issuer is neither in the input nor a public root.
    IssuerMissing,
    /// A certificate's encoding is rejected by widely used TLS clients (Go, Java, OpenSSL).
    EncodingRejected,
    /// A certificate's encoding breaks DER or RFC 5280 in a way some clients tolerate.
    EncodingQuestionable,
    /// A certificate request's own signature does not verify: a CA refuses it.
    CsrSignatureInvalid,
    /// A certificate request asks for no DNS or IP subjectAltName.
    CsrWithoutSan,
    /// A certificate request's extendedKeyUsage lacks serverAuth.
    CsrNoServerAuth,
    /// Some TLS client rejects a chain for a rule other than an undeclared root.
    ChainRejected,
    /// A chain's only fault is a root of the input that nobody declared trusted.
    RootNotDeclared,
    /// A leaf (not self-signed) is valid for longer than a public CA could issue it at its
    /// notBefore (CA/Browser Forum SC-081v3: 398, then 200, 100, 47 days): an error or a
    /// warning for a chain to a public root, information for a private CA.
    LeafValidityOverPublicLimit,
}

impl FindingCode {
    /// Every code, in the order the enum lists them.
    pub const ALL: [FindingCode; 37] = [
        FindingCode::Expired,
        FindingCode::NotYetValid,
        FindingCode::ExpiresSoon,
        FindingCode::RsaKeyTooSmall,
        FindingCode::WeakSignature,
        FindingCode::LeafWithoutSan,
        FindingCode::LeafIsCa,
        FindingCode::LeafValidityOver398Days,
        FindingCode::NoServerAuth,
        FindingCode::ChainMisordered,
        FindingCode::MissingIntermediate,
        FindingCode::RootNotIncluded,
        FindingCode::InvalidSignature,
        FindingCode::UnsupportedSignature,
        FindingCode::SignatureNotChecked,
        FindingCode::SeveralChains,
        FindingCode::DuplicateCertificate,
        FindingCode::UnrelatedCertificate,
        FindingCode::KeyFormatSec1,
        FindingCode::KeyFormat,
        FindingCode::KeyEncrypted,
        FindingCode::KeyMatchesNoCertificate,
        FindingCode::KeyNotFirstCertificate,
        FindingCode::NameNotCovered,
        FindingCode::MalformedPin,
        FindingCode::LeafNotPinned,
        FindingCode::IssuerMissing,
        FindingCode::EncodingRejected,
        FindingCode::EncodingQuestionable,
        FindingCode::CsrSignatureInvalid,
        FindingCode::CsrWithoutSan,
        FindingCode::CsrNoServerAuth,
        FindingCode::ChainRejected,
        FindingCode::RootNotDeclared,
        FindingCode::LeafValidityOverPublicLimit,
        FindingCode::IssuerLoop,
        FindingCode::ChainCut,
    ];

    /// The identifier as the JSON contract spells it (what serde writes).
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingCode::Expired => "expired",
            FindingCode::NotYetValid => "not_yet_valid",
            FindingCode::ExpiresSoon => "expires_soon",
            FindingCode::RsaKeyTooSmall => "rsa_key_too_small",
            FindingCode::WeakSignature => "weak_signature",
            FindingCode::LeafWithoutSan => "leaf_without_san",
            FindingCode::LeafIsCa => "leaf_is_ca",
            FindingCode::LeafValidityOver398Days => "leaf_validity_over_398_days",
            FindingCode::NoServerAuth => "no_server_auth",
            FindingCode::ChainMisordered => "chain_misordered",
            FindingCode::MissingIntermediate => "missing_intermediate",
            FindingCode::RootNotIncluded => "root_not_included",
            FindingCode::InvalidSignature => "invalid_signature",
            FindingCode::UnsupportedSignature => "unsupported_signature",
            FindingCode::SignatureNotChecked => "signature_not_checked",
            FindingCode::SeveralChains => "several_chains",
            FindingCode::DuplicateCertificate => "duplicate_certificate",
            FindingCode::UnrelatedCertificate => "unrelated_certificate",
            FindingCode::KeyFormatSec1 => "key_format_sec1",
            FindingCode::KeyFormat => "key_format",
            FindingCode::KeyEncrypted => "key_encrypted",
            FindingCode::KeyMatchesNoCertificate => "key_matches_no_certificate",
            FindingCode::KeyNotFirstCertificate => "key_not_first_certificate",
            FindingCode::NameNotCovered => "name_not_covered",
            FindingCode::MalformedPin => "malformed_pin",
            FindingCode::LeafNotPinned => "leaf_not_pinned",
            FindingCode::IssuerMissing => "issuer_missing",
            FindingCode::EncodingRejected => "encoding_rejected",
            FindingCode::EncodingQuestionable => "encoding_questionable",
            FindingCode::CsrSignatureInvalid => "csr_signature_invalid",
            FindingCode::CsrWithoutSan => "csr_without_san",
            FindingCode::CsrNoServerAuth => "csr_no_server_auth",
            FindingCode::ChainRejected => "chain_rejected",
            FindingCode::RootNotDeclared => "root_not_declared",
            FindingCode::LeafValidityOverPublicLimit => "leaf_validity_over_public_limit",
            FindingCode::IssuerLoop => "issuer_loop",
            FindingCode::ChainCut => "chain_cut",
        }
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// Comparing with the contract's strings keeps `f.code == "chain_misordered"` (tests, scripts
// ported from the JSON) meaning what it did when the code was a String.
impl PartialEq<str> for FindingCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FindingCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One thing worth telling the user, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier, e.g. `chain_misordered`.
    pub code: FindingCode,
    pub message: String,
    /// One line: what to do.
    pub fix: String,
    pub certificates: Vec<usize>,
    pub private_keys: Vec<usize>,
    /// This finding stands for the same finding on each of `certificates` (told once: a pool of
    /// 10,000 leaves without their CA has one "issuer missing", not 10,000). Absent from the
    /// JSON when false, so a finding about one certificate reads as it always did.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grouped: bool,
}

/// Expiry of one chain: its earliest notAfter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainExpiry {
    pub chain: usize,
    pub certificate: usize,
    pub not_after: String,
    pub days_left: i64,
    pub status: ValidityStatus,
    pub expires_soon: bool,
}

#[cfg(test)]
mod tests {
    use super::FindingCode;

    #[test]
    fn serialised_names_are_the_contract_strings() {
        for code in FindingCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: FindingCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, code);
            assert_eq!(code.to_string(), code.as_str());
            assert!(code == code.as_str());
        }
    }
}

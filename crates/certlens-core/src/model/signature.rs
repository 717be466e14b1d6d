//! The outcome of a signature check, why a signature was not checked, and the hash a
//! signature algorithm uses.

use serde::{Deserialize, Serialize};

/// Outcome of a signature check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignatureStatus {
    /// The signature was checked and is correct.
    Valid,
    /// The signature was checked and is wrong, or the key/algorithm cannot possibly match, or the
    /// key or algorithm identifier is malformed.
    Invalid,
    /// The signature could not be checked (algorithm not implemented or deliberately refused).
    Unsupported,
    /// The signature was not checked because the caller did not ask for it (signature checks
    /// off, or a root's self-signature, which clients never check either).
    NotChecked,
}

/// Why a signature was not verified (a [`SignatureStatus::NotChecked`] or
/// [`SignatureStatus::Unsupported`] result). Decisions are taken on this, never on the
/// sentence that goes with it: the sentence is for people and may be reworded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotCheckedReason {
    /// The caller did not ask for it (signature checks off, self-signatures not requested).
    NotRequested,
    /// The pool's signature-check budget was spent before this check.
    BudgetSpent,
    /// The issuer's key is larger than certlens verifies (RSA over 8,192 bits).
    KeyTooLarge,
    /// The algorithm is not one certlens verifies (Ed448, DSA, MD5, SHA-3, GOST, ...).
    UnsupportedAlgorithm,
}

impl NotCheckedReason {
    /// Refused by a work limit (as opposed to not asked for, or not implemented): what the
    /// `signature_not_checked` finding reports.
    pub const fn is_work_limit(self) -> bool {
        matches!(
            self,
            NotCheckedReason::BudgetSpent | NotCheckedReason::KeyTooLarge
        )
    }

    /// The snake_case name the JSON carries.
    pub const fn as_str(self) -> &'static str {
        match self {
            NotCheckedReason::NotRequested => "not_requested",
            NotCheckedReason::BudgetSpent => "budget_spent",
            NotCheckedReason::KeyTooLarge => "key_too_large",
            NotCheckedReason::UnsupportedAlgorithm => "unsupported_algorithm",
        }
    }
}

impl std::fmt::Display for NotCheckedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotCheckedReason::NotRequested => "not requested",
            NotCheckedReason::BudgetSpent => "the signature-check budget is spent",
            NotCheckedReason::KeyTooLarge => "the issuer key is too large to check",
            NotCheckedReason::UnsupportedAlgorithm => "the algorithm is not supported",
        })
    }
}

/// The hash a certificate's signature algorithm uses, from its OID. `Display` gives the name
/// people read ("SHA-1"); the JSON carries the snake_case name (`sha1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignatureHash {
    Md2,
    Md4,
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    /// The hash is part of the signature scheme (Ed25519, Ed448).
    Intrinsic,
    /// RSASSA-PSS: the hash is in the algorithm's parameters.
    Parameters,
}

impl SignatureHash {
    /// The hash of a signature algorithm by its dotted OID; `None` for an OID certlens does
    /// not know.
    pub fn from_oid(oid: &str) -> Option<SignatureHash> {
        Some(match oid {
            "1.2.840.113549.1.1.2" => SignatureHash::Md2,
            "1.2.840.113549.1.1.3" => SignatureHash::Md4,
            "1.2.840.113549.1.1.4" => SignatureHash::Md5,
            "1.2.840.113549.1.1.5" | "1.2.840.10045.4.1" | "1.2.840.10040.4.3" => {
                SignatureHash::Sha1
            }
            "1.2.840.113549.1.1.14" | "1.2.840.10045.4.3.1" | "2.16.840.1.101.3.4.3.1" => {
                SignatureHash::Sha224
            }
            "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" | "2.16.840.1.101.3.4.3.2" => {
                SignatureHash::Sha256
            }
            "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => SignatureHash::Sha384,
            "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => SignatureHash::Sha512,
            "1.3.101.112" | "1.3.101.113" => SignatureHash::Intrinsic,
            "1.2.840.113549.1.1.10" => SignatureHash::Parameters,
            _ => return None,
        })
    }
}

impl std::fmt::Display for SignatureHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SignatureHash::Md2 => "MD2",
            SignatureHash::Md4 => "MD4",
            SignatureHash::Md5 => "MD5",
            SignatureHash::Sha1 => "SHA-1",
            SignatureHash::Sha224 => "SHA-224",
            SignatureHash::Sha256 => "SHA-256",
            SignatureHash::Sha384 => "SHA-384",
            SignatureHash::Sha512 => "SHA-512",
            SignatureHash::Intrinsic => "the scheme's own hash",
            SignatureHash::Parameters => "the hash in its parameters",
        })
    }
}

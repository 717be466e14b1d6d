//! The outcome of a signature check.

/// Outcome of a signature check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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

//! The check of a `security_pinned_hashes` list.

use serde::{Deserialize, Serialize};

/// One entry of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinEntry {
    /// The entry as typed, without list syntax or surrounding quotes.
    pub raw: String,
    /// 64 lowercase hex digits, when the entry is a usable SHA-256 pin.
    pub normalized: Option<String>,
    /// Why the entry is not usable, for a person.
    pub error: Option<String>,
}

/// What a pin is the pin of. Serialised as `certificate`, `private_key`, `public_key` (the
/// JSON contract of [`PinTarget`] and the pins output's items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PinKind {
    Certificate,
    PrivateKey,
    PublicKey,
}

impl PinKind {
    /// The contract's word: `certificate`, `private_key`, `public_key` (what serde writes).
    pub fn as_str(self) -> &'static str {
        match self {
            PinKind::Certificate => "certificate",
            PinKind::PrivateKey => "private_key",
            PinKind::PublicKey => "public_key",
        }
    }

    /// The kind as a person reads it: "certificate", "private key", "public key".
    pub fn words(self) -> &'static str {
        match self {
            PinKind::Certificate => "certificate",
            PinKind::PrivateKey => "private key",
            PinKind::PublicKey => "public key",
        }
    }
}

impl std::fmt::Display for PinKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

/// Something a pin can match: a certificate's public key, a private key's public half, or a
/// public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinTarget {
    pub kind: PinKind,
    pub index: usize,
    /// Names the target within its kind (a certificate's short name, a key's file or `#0`);
    /// messages put the kind's words before it.
    pub label: String,
    /// SHA-256 of the SubjectPublicKeyInfo DER, hex (any case).
    pub spki_sha256: String,
    pub is_leaf: bool,
}

/// A valid entry and the targets (indices into the `targets` slice) whose key it pins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinMatch {
    pub entry: usize,
    pub pin: String,
    pub targets: Vec<usize>,
}

/// How ready the list is for a key rotation, by the number of distinct valid pins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RotationState {
    Empty,
    SinglePin,
    OldAndNew,
    Multiple,
}

/// The verdict on a list against what was loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinCheck {
    pub entries: Vec<PinEntry>,
    /// Valid entries that match at least one target (duplicates included).
    pub matches: Vec<PinMatch>,
    /// Valid entries that match no target (entry indices).
    pub unmatched_entries: Vec<usize>,
    /// Target indices of kind "certificate" that no pin matches.
    pub unpinned_certificates: Vec<usize>,
    /// Whether a pin matches a target marked `is_leaf`.
    pub leaf_pinned: bool,
    /// Entry indices whose pin repeats an earlier entry's.
    pub duplicates: Vec<usize>,
    pub rotation: RotationState,
    /// Person-readable summary lines.
    pub messages: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON contract's words (docs/json-contract.md, types.d.ts `PinItem.kind`) are what
    /// serde writes and reads, and what `as_str` gives.
    #[test]
    fn pin_kinds_serialise_to_the_contract_words() {
        for (kind, word) in [
            (PinKind::Certificate, "certificate"),
            (PinKind::PrivateKey, "private_key"),
            (PinKind::PublicKey, "public_key"),
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), word);
            assert_eq!(
                serde_json::from_value::<PinKind>(serde_json::json!(word)).unwrap(),
                kind
            );
            assert_eq!(kind.as_str(), word);
        }
        assert_eq!(PinKind::PrivateKey.to_string(), "private key");
    }
}

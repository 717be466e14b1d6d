//! How a private key is stored.

use serde::{Deserialize, Serialize};

/// How a private key is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyFormat {
    /// `BEGIN RSA PRIVATE KEY` (RFC 8017 RSAPrivateKey).
    Pkcs1,
    /// `BEGIN PRIVATE KEY` (RFC 5208/5958 PrivateKeyInfo).
    Pkcs8,
    /// `BEGIN ENCRYPTED PRIVATE KEY`.
    Pkcs8Encrypted,
    /// `BEGIN EC PRIVATE KEY` (RFC 5915).
    Sec1,
    /// `BEGIN RSA PRIVATE KEY` with `Proc-Type: 4,ENCRYPTED`.
    Pkcs1LegacyEncrypted,
    /// `BEGIN EC PRIVATE KEY` with `Proc-Type: 4,ENCRYPTED`.
    Sec1LegacyEncrypted,
    /// `BEGIN DSA PRIVATE KEY`.
    Dsa,
    DsaLegacyEncrypted,
    /// `BEGIN OPENSSH PRIVATE KEY`.
    Openssh,
    /// A key found inside a PKCS#12 (.p12/.pfx) file.
    Pkcs12,
}

/// A public key's algorithm. Serialised as the string the JSON contract has always carried
/// (`rsa`, `rsa-pss`, `ec`, `ed25519`, `ed448`, `x25519`, `x448`, `dsa`, `dh`, `unknown`, or the
/// dotted OID of an algorithm certlens does not name); `Display` writes the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PublicKeyAlgorithm {
    Rsa,
    RsaPss,
    Ec,
    Ed25519,
    Ed448,
    X25519,
    X448,
    Dsa,
    /// PKCS#3 Diffie-Hellman (`openssl genpkey -algorithm DH`).
    Dh,
    /// The SubjectPublicKeyInfo could not be read.
    Unknown,
    /// Another algorithm, by its dotted OID.
    Other(String),
}

impl PublicKeyAlgorithm {
    /// The contract's name for it.
    pub fn as_str(&self) -> &str {
        match self {
            PublicKeyAlgorithm::Rsa => "rsa",
            PublicKeyAlgorithm::RsaPss => "rsa-pss",
            PublicKeyAlgorithm::Ec => "ec",
            PublicKeyAlgorithm::Ed25519 => "ed25519",
            PublicKeyAlgorithm::Ed448 => "ed448",
            PublicKeyAlgorithm::X25519 => "x25519",
            PublicKeyAlgorithm::X448 => "x448",
            PublicKeyAlgorithm::Dsa => "dsa",
            PublicKeyAlgorithm::Dh => "dh",
            PublicKeyAlgorithm::Unknown => "unknown",
            PublicKeyAlgorithm::Other(oid) => oid,
        }
    }

    /// An RSA key, PKCS#1 v1.5 or PSS: what the RSA size rules apply to.
    pub const fn is_rsa(&self) -> bool {
        matches!(self, PublicKeyAlgorithm::Rsa | PublicKeyAlgorithm::RsaPss)
    }
}

impl From<&str> for PublicKeyAlgorithm {
    fn from(s: &str) -> Self {
        match s {
            "rsa" => PublicKeyAlgorithm::Rsa,
            "rsa-pss" => PublicKeyAlgorithm::RsaPss,
            "ec" => PublicKeyAlgorithm::Ec,
            "ed25519" => PublicKeyAlgorithm::Ed25519,
            "ed448" => PublicKeyAlgorithm::Ed448,
            "x25519" => PublicKeyAlgorithm::X25519,
            "x448" => PublicKeyAlgorithm::X448,
            "dsa" => PublicKeyAlgorithm::Dsa,
            "dh" => PublicKeyAlgorithm::Dh,
            "unknown" => PublicKeyAlgorithm::Unknown,
            other => PublicKeyAlgorithm::Other(other.to_string()),
        }
    }
}

impl From<String> for PublicKeyAlgorithm {
    fn from(s: String) -> Self {
        PublicKeyAlgorithm::from(s.as_str())
    }
}

impl std::fmt::Display for PublicKeyAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for PublicKeyAlgorithm {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for PublicKeyAlgorithm {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for PublicKeyAlgorithm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PublicKeyAlgorithm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(PublicKeyAlgorithm::from)
    }
}

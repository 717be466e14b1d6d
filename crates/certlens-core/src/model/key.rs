//! How a private key is stored.

use serde::{Deserialize, Serialize};

/// How a private key is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

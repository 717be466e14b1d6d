//! Decrypting private keys.
//!
//! * PKCS#8 `EncryptedPrivateKeyInfo` (`BEGIN ENCRYPTED PRIVATE KEY`, and the shrouded key bags
//!   of PKCS#12 files): PBES2 (PBKDF2 or scrypt, AES-CBC / DES-EDE3-CBC / DES-CBC), PBES1 (MD5 or
//!   SHA-1 with DES or RC2) and the PKCS#12 PBE schemes (SHA-1 with 3DES or RC2).
//! * Legacy OpenSSL PEM encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info: CIPHER,IV`).
//!
//! Everything here reads untrusted bytes, so nothing may panic: slices are taken with `get`,
//! arithmetic on lengths is checked, and every key-derivation cost is checked against
//! [`Limits`](crate::limits::Limits) before any work is done. The ASN.1 is read with
//! [`crate::asn1::ber`], which accepts BER (indefinite lengths, constructed OCTET STRINGs),
//! because PKCS#12 files from Windows and Java use it.
//!
//! This file holds the error type and the entry points; the parts are `kdf` (key derivation
//! and MACs), `cipher` (block ciphers), `scheme` (AlgorithmIdentifier → scheme), `password`
//! (password forms and the work budget), `pkcs8` and `legacy`.

use std::fmt;

use crate::asn1::thousands;

pub(crate) use crate::hash::Hash;

/// Why an encrypted key or PKCS#12 file could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecryptError {
    /// The data is encrypted and no password was given.
    NeedPassword,
    /// A padding or MAC check failed: wrong password (or corrupted data).
    WrongPassword,
    /// The encryption scheme is known to exist but not supported here (or not known at all).
    Unsupported { algorithm: String },
    /// A key-derivation cost is above the limit; checked before any work is done.
    CostTooHigh {
        what: String,
        value: u64,
        limit: u64,
    },
    /// The structure is broken; `detail` says what.
    Malformed { detail: String },
    /// The pool's key-derivation budget (iterations × derived blocks, every file and password
    /// try counted) would be exceeded; refused before any work is done. Its kind is
    /// [`crate::model::ErrorKind::CostTooHigh`], as for a single cost over a limit.
    BudgetSpent { value: u64, limit: u64 },
}

impl fmt::Display for DecryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecryptError::NeedPassword => {
                f.write_str("this is encrypted; a password is needed to open it")
            }
            DecryptError::WrongPassword => f.write_str("wrong password (or the file is corrupted)"),
            DecryptError::Unsupported { algorithm } => {
                write!(f, "unsupported encryption: {algorithm}")
            }
            DecryptError::CostTooHigh { what, value, limit } => write!(
                f,
                "{what} {} is above the limit of {}; refusing to spend that long",
                thousands(*value),
                thousands(*limit)
            ),
            DecryptError::Malformed { detail } => write!(f, "malformed encrypted data: {detail}"),
            DecryptError::BudgetSpent { value, limit } => write!(
                f,
                "key-derivation work for this pool (iterations × derived blocks, every file and password try counted) {} is above the limit of {}; refusing to spend that long",
                thousands(*value),
                thousands(*limit)
            ),
        }
    }
}

impl std::error::Error for DecryptError {}

impl DecryptError {
    /// The report's kind for it: what front ends decide on (a wrong password stays a wrong
    /// password however its sentence is worded).
    pub const fn kind(&self) -> crate::model::ErrorKind {
        use crate::model::ErrorKind;
        match self {
            DecryptError::NeedPassword => ErrorKind::NeedPassword,
            DecryptError::WrongPassword => ErrorKind::WrongPassword,
            DecryptError::Unsupported { .. } => ErrorKind::UnsupportedEncryption,
            DecryptError::CostTooHigh { .. } | DecryptError::BudgetSpent { .. } => {
                ErrorKind::CostTooHigh
            }
            DecryptError::Malformed { .. } => ErrorKind::MalformedEncryption,
        }
    }
}

/// A broken structure is a broken encrypted file: same words as before the reader moved.
impl From<crate::asn1::Asn1Error> for DecryptError {
    fn from(e: crate::asn1::Asn1Error) -> Self {
        DecryptError::Malformed { detail: e.detail }
    }
}

pub(crate) fn malformed(detail: impl Into<String>) -> DecryptError {
    DecryptError::Malformed {
        detail: detail.into(),
    }
}

fn unsupported(algorithm: impl Into<String>) -> DecryptError {
    DecryptError::Unsupported {
        algorithm: algorithm.into(),
    }
}

mod cipher;
mod kdf;
mod legacy;
mod password;
mod pkcs8;
mod scheme;

pub use legacy::{decrypt_legacy_pem, is_legacy_encrypted, legacy_cipher};
pub use pkcs8::{decrypt_pkcs8, describe_pkcs8_encryption};

// What `input::pkcs12` and `keys` build on.
pub(crate) use kdf::{hmac_verify, pbkdf2, pkcs12_kdf};
pub(crate) use password::{blocks, bmp_password, password_candidates, Budget, Pw};
pub(crate) use pkcs8::{decrypt_encrypted_pki, decrypt_pkcs8_within, is_pkcs8_private_key};
pub(crate) use scheme::{decrypt_with_scheme, parse_pbes2_kdf, Pbes2Kdf, Scheme};

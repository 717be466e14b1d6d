//! Private-key conversion: PKCS#1 ↔ PKCS#8 (RSA), SEC1 ↔ PKCS#8 (EC), decrypted, as PEM.

use serde::Serialize;

use super::select::{self, key_label};
use super::{OutputError, SecretText};
use crate::keys::TargetFormat;
use crate::model::{KeyFormat, Report};

/// A private key written in another format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConvertedKey {
    /// The key converted (index into [`Report::private_keys`]).
    pub key_index: usize,
    /// Where it was found.
    pub location: String,
    /// The format it was in.
    pub from: KeyFormat,
    /// The format written.
    pub to: TargetFormat,
    /// The key as unencrypted PEM (`BEGIN PRIVATE KEY`, `BEGIN RSA PRIVATE KEY` or
    /// `BEGIN EC PRIVATE KEY`), 64-column lines, as OpenSSL writes it.
    pub pem: SecretText,
    /// "RSA 2048", "EC P-256"...
    pub algorithm: Option<String>,
    /// Its pin (unchanged by the conversion).
    pub spki_sha256: Option<String>,
    /// Certificates whose public key it is.
    pub matches: Vec<usize>,
    /// The input was encrypted and has been decrypted with the password given.
    pub decrypted: bool,
    /// What was done and why.
    pub notes: Vec<String>,
}

/// Convert private key `key_index` of the report to `to`, unencrypted PEM. Encrypted keys are
/// converted when the report was made with their password. Refuses what the target cannot hold
/// (PKCS#1 is RSA only, SEC1 is EC only) and keys certlens cannot convert (DSA, OpenSSH).
pub fn convert_key(
    report: &Report,
    key_index: usize,
    to: TargetFormat,
) -> Result<ConvertedKey, OutputError> {
    let k = report
        .private_keys
        .get(key_index)
        .ok_or(OutputError::NoSuchKey {
            requested: key_index,
            available: report.private_keys.len(),
        })?;
    let pem = select::key_pem(k, to)?;
    let mut notes = Vec::new();
    if k.encrypted {
        notes.push(format!(
            "{} was encrypted ({}); this output is NOT encrypted — store it like a password",
            key_label(k),
            k.encryption.as_deref().unwrap_or("password")
        ));
    }
    let same = matches!(
        (k.format, to),
        (KeyFormat::Pkcs8, TargetFormat::Pkcs8)
            | (KeyFormat::Pkcs1, TargetFormat::Pkcs1)
            | (KeyFormat::Sec1, TargetFormat::Sec1)
    );
    if same {
        notes.push(
            "the key is already in this format; it is written out again unchanged".to_string(),
        );
    }
    if k.matches.is_empty() && !report.certificates.is_empty() {
        notes.push("this key belongs to no certificate in the input".to_string());
    }
    Ok(ConvertedKey {
        key_index: k.index,
        location: k.location.clone(),
        from: k.format,
        to,
        pem: SecretText::from(pem),
        algorithm: k.public_key.as_ref().map(|p| p.label()),
        spki_sha256: k.spki_sha256.clone(),
        matches: k.matches.clone(),
        decrypted: k.encrypted,
        notes,
    })
}

//! Private-key conversion: PKCS#1 ↔ PKCS#8 (RSA), SEC1 ↔ PKCS#8 (EC), decrypted, as PEM.

use serde::Serialize;

use super::select::{self, key_label};
use super::{OutputError, SecretText};
use crate::keys::TargetFormat;
use crate::model::{KeyFormat, PrivateKeyReport, Report};

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

/// How a front end names its own controls in [`KeyChoiceError::message`]: the CLI says
/// `--key N` and counts from 1, the JS module says `options.key` and counts from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyChoiceWords<'a> {
    /// Where a password is given: `--password-file`, `options.password`.
    pub password: &'a str,
    /// How a key is chosen: `--key N`, `options.key`.
    pub choose: &'a str,
    /// Put before the list of keys, e.g. `0-based: `.
    pub list_prefix: &'a str,
    /// The number of the first key as the front end counts.
    pub first: usize,
}

/// Why [`choose_key`] picked no key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyChoiceError {
    /// The input holds no (readable) private key.
    NoPrivateKey {
        /// `PKCS#8 private key in key.pem`: a locked key that would be there with its password.
        locked: Option<String>,
    },
    /// Several private keys and none was named.
    SeveralPrivateKeys {
        /// Each key: its index into [`Report::private_keys`] and where it was found.
        keys: Vec<(usize, String)>,
    },
}

impl KeyChoiceError {
    /// A `snake_case` code to branch on: `no_private_key`, `several_private_keys`.
    pub fn kind(&self) -> &'static str {
        match self {
            KeyChoiceError::NoPrivateKey { .. } => "no_private_key",
            KeyChoiceError::SeveralPrivateKeys { .. } => "several_private_keys",
        }
    }

    /// The sentence for a person, naming the front end's own controls.
    pub fn message(&self, words: &KeyChoiceWords<'_>) -> String {
        match self {
            KeyChoiceError::NoPrivateKey { locked } => {
                let why = match locked {
                    Some(l) => format!(" ({l} needs its password: {})", words.password),
                    None => String::new(),
                };
                format!("no private key in the input{why}")
            }
            KeyChoiceError::SeveralPrivateKeys { keys } => {
                let list: Vec<String> = keys
                    .iter()
                    .map(|(i, loc)| format!("{}: {loc}", i.saturating_add(words.first)))
                    .collect();
                format!(
                    "the input holds {} private keys; choose one with {} ({}{})",
                    keys.len(),
                    words.choose,
                    words.list_prefix,
                    list.join("; ")
                )
            }
        }
    }
}

/// The private key `convert-key` converts: the one asked for (0-based; whether it exists is
/// [`convert_key`]'s to say), else the only one. With several and none named, guessing would
/// hand out the wrong secret, so the caller must choose.
pub fn choose_key(report: &Report, requested: Option<usize>) -> Result<usize, KeyChoiceError> {
    match (requested, report.private_keys.as_slice()) {
        (Some(i), _) => Ok(i),
        (None, [only]) => Ok(only.index),
        (None, []) => Err(KeyChoiceError::NoPrivateKey {
            locked: report
                .password_needed
                .first()
                .map(|l| format!("{} in {}", l.what, l.location)),
        }),
        (None, keys) => Err(KeyChoiceError::SeveralPrivateKeys {
            keys: keys.iter().map(|k| (k.index, k.location.clone())).collect(),
        }),
    }
}

/// The formats a key can be converted to, for a front end that offers one button per format:
/// PKCS#8 always, PKCS#1 for RSA keys, SEC1 for EC keys not already in SEC1. Nothing while
/// the key is locked or cannot be converted.
pub fn conversion_targets(k: &PrivateKeyReport) -> Vec<TargetFormat> {
    if k.pkcs8.is_none() {
        return Vec::new();
    }
    let algorithm = k.public_key.as_ref().map(|p| p.algorithm.as_str());
    let mut out = vec![TargetFormat::Pkcs8];
    if algorithm == Some("rsa") {
        out.push(TargetFormat::Pkcs1);
    }
    // EC keys are not offered PKCS#1 (it holds RSA only); a SEC1 key is already SEC1.
    if algorithm == Some("ec") && k.format != KeyFormat::Sec1 {
        out.push(TargetFormat::Sec1);
    }
    out
}

//! Private and public keys in every format users meet: what format a key is in, what kind of
//! key it is, its public key (derived from the private key when the file does not carry it) and
//! therefore its SPKI pin, and conversion between PKCS#1, PKCS#8 and SEC1.

//!
//! The parts: `public` (SubjectPublicKeyInfo of every key kind, derived when needed), `encode`
//! (the DER written, all through the `der` crate's types), `convert` (PKCS#8 ↔ PKCS#1/SEC1)
//! and `openssh`; `ed448` and `xdh` derive those curves' public keys.

use crate::model::{KeyFormat, PublicKeyDesc};
mod convert;
mod cost;
mod ed448;
mod encode;
mod openssh;
mod public;
mod xdh;

use der::Decode;
use zeroize::Zeroizing;

pub use convert::{
    convert, encrypt_pkcs8, TargetFormat, UnknownTargetFormat, ENCRYPTED_PKCS8_ITERATIONS,
};
pub use encode::pkcs1_to_pkcs8;
pub use openssh::openssh_public_blob_spki;
pub use public::{dsa_traditional_spki, pkcs1_public_spki, pkcs1_spki};

use cost::{derive_within, Charge};
use openssh::openssh_private;
use public::malformed;

use crate::limits::Limits;
use crate::model::NotCheckedReason;
use crate::pbe::{self, DecryptError};
use crate::x509::cert::public_key_desc;
use crate::x509::verify::SignatureBudget;

impl KeyFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1 => "pkcs1",
            KeyFormat::Pkcs8 => "pkcs8",
            KeyFormat::Pkcs8Encrypted => "pkcs8_encrypted",
            KeyFormat::Sec1 => "sec1",
            KeyFormat::Pkcs1LegacyEncrypted => "pkcs1_legacy_encrypted",
            KeyFormat::Sec1LegacyEncrypted => "sec1_legacy_encrypted",
            KeyFormat::Dsa => "dsa",
            KeyFormat::DsaLegacyEncrypted => "dsa_legacy_encrypted",
            KeyFormat::Openssh => "openssh",
            KeyFormat::Pkcs12 => "pkcs12",
        }
    }

    /// What a person calls it.
    pub fn describe(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1 => "PKCS#1 (BEGIN RSA PRIVATE KEY)",
            KeyFormat::Pkcs8 => "PKCS#8 (BEGIN PRIVATE KEY)",
            KeyFormat::Pkcs8Encrypted => "encrypted PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY)",
            KeyFormat::Sec1 => "SEC1 (BEGIN EC PRIVATE KEY)",
            KeyFormat::Pkcs1LegacyEncrypted => "PKCS#1 with legacy OpenSSL PEM encryption",
            KeyFormat::Sec1LegacyEncrypted => "SEC1 with legacy OpenSSL PEM encryption",
            KeyFormat::Dsa => "DSA (BEGIN DSA PRIVATE KEY)",
            KeyFormat::DsaLegacyEncrypted => "DSA with legacy OpenSSL PEM encryption",
            KeyFormat::Openssh => "OpenSSH (BEGIN OPENSSH PRIVATE KEY)",
            KeyFormat::Pkcs12 => "inside a PKCS#12 file",
        }
    }
}

/// What went wrong with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    Decrypt(DecryptError),
    Malformed(String),
    /// The `der` encoder refused to write a structure (`what`): a length beyond DER's limits.
    Encode {
        what: &'static str,
        reason: der::Error,
    },
    /// Its public key was not derived: the pool's work budget (`limit` units, shared with the
    /// signature checks) was spent. The key is still listed, without its pin.
    BudgetSpent { limit: u64 },
}

impl core::fmt::Display for KeyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            KeyError::Decrypt(e) => write!(f, "{e}"),
            KeyError::Malformed(m) => write!(f, "{m}"),
            KeyError::Encode { what, reason } => write!(f, "cannot write {what} ({reason})"),
            KeyError::BudgetSpent { limit } => write!(
                f,
                "not checked: its public key (and so its pin, and whether it matches a certificate) was not derived, because this pool's work budget ({limit} units, shared with signature checks) is spent; inspect fewer keys at once"
            ),
        }
    }
}

impl std::error::Error for KeyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            KeyError::Decrypt(e) => Some(e),
            // der::Error is std::error::Error only with der's `std` feature, which the wasm
            // build does not need; its text is in Display.
            KeyError::Encode { .. } | KeyError::Malformed(_) | KeyError::BudgetSpent { .. } => {
                None
            }
        }
    }
}

impl KeyError {
    /// The report's kind for it: the decryption's kind, or an unreadable key.
    pub const fn kind(&self) -> crate::model::ErrorKind {
        match self {
            KeyError::Decrypt(e) => e.kind(),
            KeyError::Malformed(_) | KeyError::Encode { .. } => crate::model::ErrorKind::InvalidKey,
            KeyError::BudgetSpent { .. } => crate::model::ErrorKind::CostTooHigh,
        }
    }
}

impl From<DecryptError> for KeyError {
    fn from(e: DecryptError) -> Self {
        KeyError::Decrypt(e)
    }
}

/// A private key as far as it could be read.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKey {
    pub format: KeyFormat,
    pub encrypted: bool,
    /// How it is encrypted, for display ("PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)").
    pub encryption: Option<String>,
    /// Set when the key is encrypted and no password was given.
    pub needs_password: bool,
    pub public_key: Option<PublicKeyDesc>,
    /// DER SubjectPublicKeyInfo of its public key.
    pub spki: Option<Vec<u8>>,
    /// The key as unencrypted PKCS#8 DER, for conversions. Zeroized on drop.
    pub pkcs8: Option<Zeroizing<Vec<u8>>>,
    /// Why the pin is unavailable, or other remarks for the user.
    pub note: Option<String>,
    /// Set when its public key was not derived for a work limit (`budget_spent`).
    pub not_checked: Option<NotCheckedReason>,
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material, even in debug output.
        f.debug_struct("PrivateKey")
            .field("format", &self.format)
            .field("encrypted", &self.encrypted)
            .field("public_key", &self.public_key)
            .field("has_pkcs8", &self.pkcs8.is_some())
            .field("not_checked", &self.not_checked)
            .finish()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a private key block

pub(super) fn finish(
    format: KeyFormat,
    encrypted: bool,
    encryption: Option<String>,
    pkcs8: Option<Zeroizing<Vec<u8>>>,
    spki_result: Result<Vec<u8>, KeyError>,
) -> PrivateKey {
    let not_checked = matches!(spki_result, Err(KeyError::BudgetSpent { .. }))
        .then_some(NotCheckedReason::BudgetSpent);
    let (spki, note) = match spki_result {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(e.to_string())),
    };
    PrivateKey {
        format,
        encrypted,
        encryption,
        needs_password: false,
        public_key: spki.as_deref().map(public_key_desc),
        spki,
        pkcs8,
        note,
        not_checked,
    }
}

fn locked(format: KeyFormat, encryption: Option<String>) -> PrivateKey {
    PrivateKey {
        format,
        encrypted: true,
        encryption,
        needs_password: true,
        public_key: None,
        spki: None,
        pkcs8: None,
        note: Some("encrypted: enter its password to see the key, its pin and whether it matches a certificate".into()),
        not_checked: None,
    }
}

/// Read an unencrypted PKCS#8 key (also used for keys from PKCS#12 files), deriving its
/// public key (when the key does not carry it) on `work`.
pub(crate) fn from_pkcs8_within(
    der: &[u8],
    format: KeyFormat,
    encrypted: bool,
    encryption: Option<String>,
    work: &SignatureBudget,
) -> Result<PrivateKey, KeyError> {
    pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| malformed("PKCS#8 private key", e))?;
    let spki_result = derive_within("pkcs8", der, work, |charge: Charge<'_>| {
        public::pkcs8_spki_within(der, charge)
    });
    Ok(finish(
        format,
        encrypted,
        encryption,
        Some(Zeroizing::new(der.to_vec())),
        spki_result,
    ))
}

fn from_pkcs1(
    der: &[u8],
    format: KeyFormat,
    encryption: Option<String>,
    _work: &SignatureBudget,
) -> Result<PrivateKey, KeyError> {
    let spki_der = pkcs1_spki(der)?;
    Ok(finish(
        format,
        encryption.is_some(),
        encryption,
        Some(pkcs1_to_pkcs8(der)?),
        Ok(spki_der),
    ))
}

fn from_sec1(
    der: &[u8],
    format: KeyFormat,
    encryption: Option<String>,
    work: &SignatureBudget,
) -> Result<PrivateKey, KeyError> {
    let spki_result = derive_within("sec1", der, work, |charge: Charge<'_>| {
        public::sec1_spki_within(der, charge).map(|(_, s)| s)
    });
    // A key refused for the budget is still listed (without its pin); one that cannot be read
    // is an error, as before.
    let spki_result = match spki_result {
        Err(e @ KeyError::BudgetSpent { .. }) => Err(e),
        other => Ok(other?),
    };
    // The PKCS#8 form (for conversions) reuses the public key derived above rather than
    // deriving it again; a key with explicit curve parameters has none, as before.
    let curve = sec1::EcPrivateKey::from_der(der)
        .ok()
        .and_then(|k| k.parameters)
        .and_then(|p| p.named_curve())
        .map(|o| o.to_string());
    let pkcs8 = match (&spki_result, curve) {
        (Ok(spki_der), Some(curve)) => convert::sec1_to_pkcs8_from(der, &curve, spki_der).ok(),
        _ => None,
    };
    Ok(finish(
        format,
        encryption.is_some(),
        encryption,
        pkcs8,
        spki_result,
    ))
}

fn from_dsa(
    der: &[u8],
    format: KeyFormat,
    encryption: Option<String>,
    _work: &SignatureBudget,
) -> Result<PrivateKey, KeyError> {
    let spki_der = dsa_traditional_spki(der)?;
    Ok(finish(
        format,
        encryption.is_some(),
        encryption,
        None,
        Ok(spki_der),
    ))
}

/// How a decrypted legacy PEM key is read, by its label.
type ReadKey =
    fn(&[u8], KeyFormat, Option<String>, &SignatureBudget) -> Result<PrivateKey, KeyError>;

/// Read a private key block by its PEM label. `password` decrypts encrypted keys. Public keys
/// (when the key does not carry its own) are derived on `work`, the pool's work budget, and
/// remembered in its memo.
pub(crate) fn read_private_within(
    label: &str,
    headers: &[(String, String)],
    der: &[u8],
    password: Option<&[u8]>,
    limits: &Limits,
    budget: &mut pbe::Budget,
    work: &SignatureBudget,
) -> Result<PrivateKey, KeyError> {
    let legacy = pbe::is_legacy_encrypted(headers);
    match label {
        "PRIVATE KEY" => from_pkcs8_within(der, KeyFormat::Pkcs8, false, None, work),
        "ENCRYPTED PRIVATE KEY" => {
            let encryption = Some(pbe::describe_pkcs8_encryption(der));
            match password {
                None => Ok(locked(KeyFormat::Pkcs8Encrypted, encryption)),
                Some(pw) => {
                    let plain = pbe::decrypt_pkcs8_within(der, pw, limits, budget)?;
                    from_pkcs8_within(&plain, KeyFormat::Pkcs8Encrypted, true, encryption, work)
                }
            }
        }
        "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY" if legacy => {
            let (format, read): (KeyFormat, ReadKey) = match label {
                "RSA PRIVATE KEY" => (KeyFormat::Pkcs1LegacyEncrypted, from_pkcs1),
                "EC PRIVATE KEY" => (KeyFormat::Sec1LegacyEncrypted, from_sec1),
                _ => (KeyFormat::DsaLegacyEncrypted, from_dsa),
            };
            let encryption = Some(match pbe::legacy_cipher(headers) {
                Some(c) => format!("legacy OpenSSL PEM encryption ({c}, MD5 key derivation)"),
                None => "legacy OpenSSL PEM encryption".to_string(),
            });
            match password {
                None => Ok(locked(format, encryption)),
                Some(pw) => {
                    let plain = pbe::decrypt_legacy_pem(headers, der, pw)?;
                    read(&plain, format, encryption, work)
                }
            }
        }
        "RSA PRIVATE KEY" => from_pkcs1(der, KeyFormat::Pkcs1, None, work),
        "EC PRIVATE KEY" => from_sec1(der, KeyFormat::Sec1, None, work),
        "DSA PRIVATE KEY" => from_dsa(der, KeyFormat::Dsa, None, work),
        "OPENSSH PRIVATE KEY" => openssh_private(der),
        other => Err(KeyError::Malformed(format!(
            "unknown private key label {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_never_panics() {
        for label in [
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "DSA PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
        ] {
            for len in 0..64 {
                let junk: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
                let _ = read_private_within(
                    label,
                    &[],
                    &junk,
                    Some(b"pw"),
                    &Limits::default(),
                    &mut pbe::Budget::new(&Limits::default()),
                    &SignatureBudget::unlimited(),
                );
                let mut seqd = vec![0x30, len as u8];
                seqd.extend(&junk);
                let _ = read_private_within(
                    label,
                    &[],
                    &seqd,
                    None,
                    &Limits::default(),
                    &mut pbe::Budget::new(&Limits::default()),
                    &SignatureBudget::unlimited(),
                );
            }
        }
    }

    /// A key fixture's first PEM block, read as `read_private_within` reads it.
    fn fixture_key(text: &str) -> PrivateKey {
        let limits = Limits::default();
        let block = crate::input::pem::scan(text, &limits)
            .into_iter()
            .find_map(|item| match item {
                crate::input::pem::PemItem::Block(b) => Some(b),
                crate::input::pem::PemItem::Failure(_) => None,
            })
            .expect("a PEM block");
        read_private_within(
            &block.label,
            &block.headers,
            &block.der,
            None,
            &limits,
            &mut pbe::Budget::new(&limits),
            &SignatureBudget::unlimited(),
        )
        .expect("a key")
    }

    /// Every kind of key's SubjectPublicKeyInfo and the converted keys are, byte for byte,
    /// what openssl writes for the same key (tests/fixtures/keys-der/, made by generate.sh).
    #[test]
    fn writes_what_openssl_writes() {
        macro_rules! fixture {
            ($dir:literal, $name:literal) => {
                (
                    $name,
                    include_str!(concat!("../../../../tests/fixtures/", $dir, "/", $name)),
                )
            };
        }
        macro_rules! expected {
            ($name:expr) => {
                include_bytes!(concat!("../../../../tests/fixtures/keys-der/", $name))
            };
        }
        let cases: [((&str, &str), &[u8]); 16] = [
            (
                fixture!("keys", "rsa-leaf.pkcs1.pem"),
                expected!("rsa-leaf.pkcs1.spki.der"),
            ),
            (
                fixture!("keys", "rsa-leaf.pkcs8.pem"),
                expected!("rsa-leaf.pkcs8.spki.der"),
            ),
            (
                fixture!("keys", "ec-leaf.sec1.pem"),
                expected!("ec-leaf.sec1.spki.der"),
            ),
            (
                fixture!("keys", "ec-leaf.pkcs8.pem"),
                expected!("ec-leaf.pkcs8.spki.der"),
            ),
            (
                fixture!("keys", "ec-p521-leaf.pkcs8.pem"),
                expected!("ec-p521-leaf.pkcs8.spki.der"),
            ),
            (
                fixture!("keys", "ed25519-self.pkcs8.pem"),
                expected!("ed25519-self.pkcs8.spki.der"),
            ),
            (
                fixture!("keys", "ed448-self.pkcs8.pem"),
                expected!("ed448-self.pkcs8.spki.der"),
            ),
            (
                fixture!("keys", "dsa-2048.pem"),
                expected!("dsa-2048.spki.der"),
            ),
            (
                fixture!("keys", "dsa-2048.trad.pem"),
                expected!("dsa-2048.trad.spki.der"),
            ),
            (
                fixture!("strict", "rsa-pss.key"),
                expected!("rsa-pss.spki.der"),
            ),
            (
                fixture!("strict", "rsa-pss-restricted.key"),
                expected!("rsa-pss-restricted.spki.der"),
            ),
            (
                fixture!("strict", "ec-explicit.key"),
                expected!("ec-explicit.spki.der"),
            ),
            (
                fixture!("strict", "ec-explicit-sec1.key"),
                expected!("ec-explicit-sec1.spki.der"),
            ),
            (
                fixture!("strict", "x25519.key"),
                expected!("x25519.spki.der"),
            ),
            (fixture!("strict", "x448.key"), expected!("x448.spki.der")),
            (fixture!("strict", "dh.key"), expected!("dh.spki.der")),
        ];
        for ((name, text), expected) in cases {
            let key = fixture_key(text);
            assert_eq!(
                key.spki.as_deref(),
                Some(expected),
                "{name}: {:?}",
                key.note
            );
        }

        let (_, pkcs1) = fixture!("keys", "rsa-leaf.pkcs1.pem");
        let rsa = fixture_key(pkcs1);
        assert_eq!(
            rsa.pkcs8.as_deref().map(Vec::as_slice),
            Some(&expected!("rsa-leaf.pkcs1-to-pkcs8.der")[..])
        );
        let (_, sec1) = fixture!("keys", "ec-leaf.sec1.pem");
        let ec = fixture_key(sec1);
        let ec_pkcs8 = ec.pkcs8.expect("PKCS#8 of the SEC1 key");
        assert_eq!(
            ec_pkcs8.as_slice(),
            &expected!("ec-leaf.sec1-to-pkcs8.der")[..]
        );
        let sec1_pem = convert(&ec_pkcs8, TargetFormat::Sec1).expect("SEC1");
        let sec1_der = match crate::input::pem::scan(&sec1_pem, &Limits::default()).first() {
            Some(crate::input::pem::PemItem::Block(b)) => b.der.clone(),
            _ => Vec::new(),
        };
        assert_eq!(sec1_der, expected!("ec-leaf.pkcs8-to-sec1.der"));
    }
}

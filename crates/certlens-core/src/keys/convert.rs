//! Converting a private key between PKCS#8, PKCS#1 and SEC1, written as `openssl` writes them.

use der::Decode;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::encode::{ec_pkcs8, ec_private_key_der, object_identifier};
use super::public::{malformed, sec1_spki};
use super::KeyError;
use crate::asn1::{self, oids, Tlv};

/// SEC1 ECPrivateKey → PKCS#8, with the curve in the AlgorithmIdentifier and the inner key
/// carrying its public key but no parameters (as `openssl pkey` writes it). The curve and
/// public key are already known (derived and paid for once, by the caller).
pub(super) fn sec1_to_pkcs8_from(
    sec1_der: &[u8],
    curve: &str,
    spki_der: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let k =
        sec1::EcPrivateKey::from_der(sec1_der).map_err(|e| malformed("SEC1 EC private key", e))?;
    let point = spki_bits(spki_der).unwrap_or_default();
    let inner = ec_private_key_der(k.private_key, None, &point)?;
    ec_pkcs8(curve, &inner)
}

/// The key bits of a SubjectPublicKeyInfo.
pub fn spki_bits(spki_der: &[u8]) -> Option<Vec<u8>> {
    let (outer, _) = asn1::read(spki_der)?;
    let parts = asn1::children(outer.content)?;
    let bits: &Tlv<'_> = parts.get(1)?;
    (bits.tag() == asn1::BIT_STRING).then(|| bits.content.get(1..).unwrap_or_default().to_vec())
}

/// Target formats for [`convert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetFormat {
    Pkcs8,
    Pkcs1,
    Sec1,
}

/// A key format name [`TargetFormat`] does not know (lowercased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTargetFormat(pub String);

impl core::fmt::Display for UnknownTargetFormat {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "unknown key format \"{}\"; use pkcs8, pkcs1 or sec1",
            self.0
        )
    }
}

impl std::error::Error for UnknownTargetFormat {}

/// For callers that report errors as sentences.
impl From<UnknownTargetFormat> for String {
    fn from(e: UnknownTargetFormat) -> String {
        e.to_string()
    }
}

impl core::str::FromStr for TargetFormat {
    type Err = UnknownTargetFormat;
    fn from_str(s: &str) -> Result<Self, UnknownTargetFormat> {
        match s.to_ascii_lowercase().as_str() {
            "pkcs8" => Ok(TargetFormat::Pkcs8),
            "pkcs1" => Ok(TargetFormat::Pkcs1),
            "sec1" => Ok(TargetFormat::Sec1),
            other => Err(UnknownTargetFormat(other.to_string())),
        }
    }
}

/// Convert an unencrypted PKCS#8 key into PEM of the target format.
pub fn convert(pkcs8_der: &[u8], to: TargetFormat) -> Result<Zeroizing<String>, KeyError> {
    let info = pkcs8::PrivateKeyInfo::from_der(pkcs8_der)
        .map_err(|e| malformed("PKCS#8 private key", e))?;
    let alg = info.algorithm.oid.to_string();
    match to {
        TargetFormat::Pkcs8 => Ok(Zeroizing::new(crate::input::pem::encode(
            "PRIVATE KEY",
            pkcs8_der,
        ))),
        TargetFormat::Pkcs1 => {
            if alg != oids::RSA {
                return Err(KeyError::Malformed(format!(
                    "PKCS#1 holds only RSA keys; this is {} — use PKCS#8",
                    key_kind(&alg)
                )));
            }
            Ok(Zeroizing::new(crate::input::pem::encode(
                "RSA PRIVATE KEY",
                info.private_key,
            )))
        }
        TargetFormat::Sec1 => {
            if alg != oids::EC_PUBLIC_KEY {
                return Err(KeyError::Malformed(format!(
                    "SEC1 holds only EC keys; this is {} — use PKCS#8",
                    key_kind(&alg)
                )));
            }
            let curve = info
                .algorithm
                .parameters_oid()
                .map_err(|_| KeyError::Malformed("EC key without a named curve".into()))?
                .to_string();
            let (_, spki_der) = sec1_spki(info.private_key, Some(&curve))?;
            let point = spki_bits(&spki_der).unwrap_or_default();
            let k = sec1::EcPrivateKey::from_der(info.private_key)
                .map_err(|e| malformed("SEC1 EC private key", e))?;
            // As `openssl ec` writes it: version 1, key, [0] curve, [1] public key.
            let der = ec_private_key_der(k.private_key, Some(object_identifier(&curve)?), &point)?;
            Ok(Zeroizing::new(crate::input::pem::encode(
                "EC PRIVATE KEY",
                &der,
            )))
        }
    }
}

fn key_kind(alg: &str) -> &'static str {
    match alg {
        oids::RSA => "an RSA key",
        oids::RSA_PSS => "an RSA-PSS key",
        oids::EC_PUBLIC_KEY => "an EC key",
        oids::ED25519 => "an Ed25519 key",
        oids::ED448 => "an Ed448 key",
        oids::DSA => "a DSA key",
        oids::X25519 => "an X25519 key",
        oids::X448 => "an X448 key",
        oids::DH | oids::DHX => "a Diffie-Hellman key",
        _ => "another kind of key",
    }
}

/// PBKDF2 iterations of [`encrypt_pkcs8`]: OpenSSL 3's default for `openssl pkcs8 -topk8 -v2
/// aes-256-cbc` (and the chart's tools only ever read this, never write it).
pub const ENCRYPTED_PKCS8_ITERATIONS: u32 = 2048;

/// An unencrypted PKCS#8 key → `ENCRYPTED PRIVATE KEY` PEM, as `openssl pkcs8 -topk8 -v2
/// aes-256-cbc` writes it: PBES2 with PBKDF2-HMAC-SHA256 (2,048 iterations, 16-byte salt) and
/// AES-256-CBC. The core has no randomness, so the salt (first 16 bytes) and the IV (last 16)
/// come from `salt_iv`, which the caller draws from a secure source.
pub fn encrypt_pkcs8(
    pkcs8_der: &[u8],
    password: &str,
    salt_iv: &[u8; 32],
) -> Result<Zeroizing<String>, KeyError> {
    use der::Encode;
    // Refuse what is not a PKCS#8 key before sealing it: the output must be a key.
    pkcs8::PrivateKeyInfo::from_der(pkcs8_der)
        .map_err(|e| malformed("PKCS#8 private key", e))?;
    let (salt, iv) = salt_iv.split_at(16);
    let iv: [u8; 16] = iv
        .try_into()
        .map_err(|_| KeyError::Malformed("the IV must be 16 bytes".into()))?;
    let enc = |what: &'static str| move |reason: der::Error| KeyError::Encode { what, reason };
    let params = pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(
        ENCRYPTED_PKCS8_ITERATIONS,
        salt,
        &iv,
    )
    .map_err(|e| KeyError::Malformed(format!("cannot set up the key's encryption: {e}")))?;
    let scheme = pkcs5::EncryptionScheme::Pbes2(params);
    let ct = scheme
        .encrypt(password.as_bytes(), pkcs8_der)
        .map_err(|e| KeyError::Malformed(format!("cannot encrypt the key: {e}")))?;
    let info = pkcs8::EncryptedPrivateKeyInfo {
        encryption_algorithm: scheme,
        encrypted_data: &ct,
    };
    let der = info
        .to_der()
        .map_err(enc("the encrypted PKCS#8 key"))?;
    Ok(Zeroizing::new(crate::input::pem::encode(
        "ENCRYPTED PRIVATE KEY",
        &der,
    )))
}

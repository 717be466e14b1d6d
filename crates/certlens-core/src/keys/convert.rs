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

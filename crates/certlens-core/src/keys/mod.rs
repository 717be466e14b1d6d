//! Private and public keys in every format users meet: what format a key is in, what kind of
//! key it is, its public key (derived from the private key when the file does not carry it) and
//! therefore its SPKI pin, and conversion between PKCS#1, PKCS#8 and SEC1.

use crate::model::{KeyFormat, PublicKeyDesc};
mod ed448;
mod xdh;

use der::Decode;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::asn1::oids;
use crate::asn1::{self, Tlv};
use crate::limits::Limits;
use crate::pbe::{self, DecryptError};
use crate::x509::cert::public_key_desc;

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
}

impl core::fmt::Display for KeyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            KeyError::Decrypt(e) => write!(f, "{e}"),
            KeyError::Malformed(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// The report's kind for it: the decryption's kind, or an unreadable key.
    pub const fn kind(&self) -> crate::model::ErrorKind {
        match self {
            KeyError::Decrypt(e) => e.kind(),
            KeyError::Malformed(_) => crate::model::ErrorKind::InvalidKey,
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
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material, even in debug output.
        f.debug_struct("PrivateKey")
            .field("format", &self.format)
            .field("encrypted", &self.encrypted)
            .field("public_key", &self.public_key)
            .field("has_pkcs8", &self.pkcs8.is_some())
            .finish()
    }
}

// ---------------------------------------------------------------------------------------------
// DER building helpers

pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u64).to_be_bytes();
        let skip = bytes.iter().position(|&b| b != 0).unwrap_or(7);
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(bytes.get(skip..).unwrap_or_default());
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(asn1::SEQUENCE, &parts.concat())
}

fn oid(dotted: &str) -> Vec<u8> {
    tlv(asn1::OID, &asn1::oid_bytes(dotted))
}

/// A positive INTEGER from unsigned big-endian bytes.
fn uint(bytes: &[u8]) -> Vec<u8> {
    let start = bytes
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    let trimmed = bytes.get(start..).unwrap_or_default();
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    if let [0, second, ..] = content.as_slice() {
        if second & 0x80 == 0 {
            content.remove(0);
        }
    }
    tlv(asn1::INTEGER, &content)
}

fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(bytes.len() + 1);
    content.push(0);
    content.extend_from_slice(bytes);
    tlv(asn1::BIT_STRING, &content)
}

const NULL: &[u8] = &[0x05, 0x00];

/// SubjectPublicKeyInfo from an algorithm OID, optional raw parameters, and the key bits.
pub fn spki(alg_oid: &str, params: Option<&[u8]>, key: &[u8]) -> Vec<u8> {
    let alg = match params {
        Some(p) => seq(&[&oid(alg_oid), p]),
        None => seq(&[&oid(alg_oid)]),
    };
    seq(&[&alg, &bit_string(key)])
}

fn rsa_spki(modulus: &[u8], exponent: &[u8], alg_oid: &str, params: Option<&[u8]>) -> Vec<u8> {
    let rsa_pub = seq(&[&uint(modulus), &uint(exponent)]);
    // rsaEncryption always carries NULL parameters. RSA-PSS carries its restrictions, or
    // nothing at all for an unrestricted key (RFC 4055 §3.1): writing NULL there gave a pin
    // that neither openssl nor any other tool prints.
    let params = if alg_oid == oids::RSA {
        params.or(Some(NULL))
    } else {
        params
    };
    spki(alg_oid, params, &rsa_pub)
}

fn ec_spki(curve_oid: &str, point: &[u8]) -> Vec<u8> {
    spki(oids::EC_PUBLIC_KEY, Some(&oid(curve_oid)), point)
}

// ---------------------------------------------------------------------------------------------
// Public keys from private keys

fn malformed(what: &str, e: impl core::fmt::Display) -> KeyError {
    KeyError::Malformed(format!("not a valid {what} ({e})"))
}

/// RSAPrivateKey (PKCS#1) → its SubjectPublicKeyInfo.
pub fn pkcs1_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let k =
        pkcs1::RsaPrivateKey::from_der(der).map_err(|e| malformed("PKCS#1 RSA private key", e))?;
    Ok(rsa_spki(
        k.modulus.as_bytes(),
        k.public_exponent.as_bytes(),
        oids::RSA,
        None,
    ))
}

/// RSAPublicKey (PKCS#1) → SubjectPublicKeyInfo.
pub fn pkcs1_public_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let k =
        pkcs1::RsaPublicKey::from_der(der).map_err(|e| malformed("PKCS#1 RSA public key", e))?;
    Ok(rsa_spki(
        k.modulus.as_bytes(),
        k.public_exponent.as_bytes(),
        oids::RSA,
        None,
    ))
}

fn derive_ec_point(curve_oid: &str, scalar: &[u8]) -> Result<Vec<u8>, KeyError> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let bad = |e: p256::elliptic_curve::Error| {
        KeyError::Malformed(format!("invalid EC private key scalar ({e})"))
    };
    Ok(match curve_oid {
        oids::P256 => p256::SecretKey::from_slice(scalar)
            .map_err(bad)?
            .public_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec(),
        oids::P384 => p384::SecretKey::from_slice(scalar)
            .map_err(bad)?
            .public_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec(),
        oids::P521 => p521::SecretKey::from_slice(scalar)
            .map_err(bad)?
            .public_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec(),
        other => {
            let name = oids::curve(other)
                .map(|c| c.0.to_string())
                .unwrap_or_else(|| other.to_string());
            return Err(KeyError::Malformed(format!(
                "the key has no embedded public key and deriving one on curve {name} is not supported"
            )));
        }
    })
}

/// An ECPrivateKey whose curve is given by explicit parameters (`openssl ecparam -param_enc
/// explicit`), which the `sec1` crate does not read: (parameters DER, public point). The
/// parameters come from the key's `[0]` field, else from the PKCS#8 wrapper's
/// AlgorithmIdentifier (`wrapper_params`).
fn sec1_explicit<'a>(
    der: &'a [u8],
    wrapper_params: Option<&'a [u8]>,
) -> Option<(&'a [u8], Option<&'a [u8]>)> {
    let (outer, _) = asn1::read(der)?;
    if outer.tag() != asn1::SEQUENCE {
        return None;
    }
    let parts = asn1::children(outer.content)?;
    let (version, key) = (parts.first()?, parts.get(1)?);
    if version.tag() != asn1::INTEGER || key.tag() != asn1::OCTET_STRING {
        return None;
    }
    let field = |tag: u8| parts.iter().skip(2).find(|t| t.tag() == tag);
    let params = match field(0xa0) {
        Some(p) => p.content,
        None => wrapper_params?,
    };
    // Only explicit parameters (a SEQUENCE) come here; named curves go through `sec1`.
    if asn1::read(params)?.0.tag() != asn1::SEQUENCE {
        return None;
    }
    let point = field(0xa1)
        .and_then(|t| asn1::read(t.content))
        .filter(|(b, _)| b.tag() == asn1::BIT_STRING && b.content.first() == Some(&0))
        .and_then(|(b, _)| b.content.get(1..));
    Some((params, point))
}

/// [`sec1_spki`] for a key with explicit curve parameters: openssl keeps them in the public
/// key it prints (`pkey -pubout`), so the pin is over that encoding, parameters included.
fn sec1_explicit_spki(
    der: &[u8],
    wrapper_params: Option<&[u8]>,
) -> Option<Result<(String, Vec<u8>), KeyError>> {
    let (params, point) = sec1_explicit(der, wrapper_params)?;
    Some(match point {
        Some(point) => Ok((
            "explicit parameters".to_string(),
            spki(oids::EC_PUBLIC_KEY, Some(params), point),
        )),
        None => Err(KeyError::Malformed(
            "this EC key gives its curve as explicit parameters and does not include its public key; certlens derives public keys only on named curves, so the pin is unavailable (openssl ec -in KEY -pubout prints it)".into(),
        )),
    })
}

/// ECPrivateKey (SEC1) → (curve OID, SubjectPublicKeyInfo). `curve_hint` is the curve from a
/// PKCS#8 wrapper, used when the SEC1 structure omits its parameters.
pub fn sec1_spki(der: &[u8], curve_hint: Option<&str>) -> Result<(String, Vec<u8>), KeyError> {
    sec1_spki_in(der, curve_hint, None)
}

/// [`sec1_spki`], with the PKCS#8 wrapper's raw parameters for keys with explicit curves.
fn sec1_spki_in(
    der: &[u8],
    curve_hint: Option<&str>,
    wrapper_params: Option<&[u8]>,
) -> Result<(String, Vec<u8>), KeyError> {
    if let Some(r) = sec1_explicit_spki(der, wrapper_params) {
        return r;
    }
    let k = sec1::EcPrivateKey::from_der(der).map_err(|e| malformed("SEC1 EC private key", e))?;
    let curve = k
        .parameters
        .and_then(|p| p.named_curve())
        .map(|o| o.to_string())
        .or_else(|| curve_hint.map(str::to_string))
        .ok_or_else(|| KeyError::Malformed("EC private key without a named curve".into()))?;
    let point = match k.public_key {
        Some(p) => p.to_vec(),
        None => derive_ec_point(&curve, k.private_key)?,
    };
    Ok((curve.clone(), ec_spki(&curve, &point)))
}

/// The contents of a PKCS#8 CurvePrivateKey (an OCTET STRING holding the seed).
fn curve_private_key(inner: &[u8]) -> Option<&[u8]> {
    let (t, _) = asn1::read(inner)?;
    (t.tag() == asn1::OCTET_STRING).then_some(t.content)
}

/// Largest DSA parameters whose public value is derived: FIPS 186-4's biggest sizes (L = 3072,
/// N = 256) with room for the 4,096-bit p OpenSSL can make. `g^x mod p` costs about L² × N bit
/// operations in pure Rust: an 8 KB crafted p took 5 s, a 33 KB one over a minute.
const MAX_DSA_P_BITS: usize = 4096;
const MAX_DSA_Q_BITS: usize = 256;

/// DSA public value y = g^x mod p, refused before any work when p, q or x are out of range.
fn dsa_y(p: &[u8], q: &[u8], g: &[u8], x: &[u8]) -> Result<Vec<u8>, KeyError> {
    let p = rsa::BigUint::from_bytes_be(p);
    let q = rsa::BigUint::from_bytes_be(q);
    let g = rsa::BigUint::from_bytes_be(g);
    let x = rsa::BigUint::from_bytes_be(x);
    if p.bits() > MAX_DSA_P_BITS {
        return Err(KeyError::Malformed(format!(
            "its DSA prime p has {} bits, over the {MAX_DSA_P_BITS} bits certlens derives a public key for",
            p.bits()
        )));
    }
    if q.bits() > MAX_DSA_Q_BITS {
        return Err(KeyError::Malformed(format!(
            "its DSA subprime q has {} bits, over the {MAX_DSA_Q_BITS} bits DSA allows",
            q.bits()
        )));
    }
    if x >= q {
        return Err(KeyError::Malformed(
            "its DSA private value x is not below q, so it is not a valid DSA key".into(),
        ));
    }
    if p.bits() == 0 {
        return Ok(Vec::new());
    }
    Ok(g.modpow(&x, &p).to_bytes_be())
}

fn integers(content: &[u8]) -> Option<Vec<&[u8]>> {
    let items = asn1::children(content)?;
    items
        .iter()
        .all(|t| t.tag() == asn1::INTEGER)
        .then(|| items.iter().map(|t| t.content).collect())
}

/// Traditional `DSA PRIVATE KEY` (SEQUENCE { 0, p, q, g, y, x }) → SubjectPublicKeyInfo.
pub fn dsa_traditional_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let bad = || KeyError::Malformed("not a valid DSA private key (expected six INTEGERs)".into());
    let (outer, _) = asn1::read(der).ok_or_else(bad)?;
    let ints = integers(outer.content).ok_or_else(bad)?;
    let [_, p, q, g, y, _x] = ints.as_slice() else {
        return Err(bad());
    };
    let params = seq(&[&uint(p), &uint(q), &uint(g)]);
    Ok(spki(oids::DSA, Some(&params), &uint(y)))
}

/// PrivateKeyInfo (PKCS#8) → SubjectPublicKeyInfo of its public key.
pub fn pkcs8_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let info =
        pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| malformed("PKCS#8 private key", e))?;
    let alg = info.algorithm.oid.to_string();
    let params_raw: Option<Vec<u8>> = info
        .algorithm
        .parameters
        .map(|p| der::Encode::to_der(&p).unwrap_or_default());
    match alg.as_str() {
        oids::RSA | oids::RSA_PSS => {
            let k = pkcs1::RsaPrivateKey::from_der(info.private_key)
                .map_err(|e| malformed("RSA key inside PKCS#8", e))?;
            Ok(rsa_spki(
                k.modulus.as_bytes(),
                k.public_exponent.as_bytes(),
                &alg,
                params_raw.as_deref(),
            ))
        }
        oids::EC_PUBLIC_KEY => {
            let hint = info.algorithm.parameters_oid().ok().map(|o| o.to_string());
            sec1_spki_in(info.private_key, hint.as_deref(), params_raw.as_deref()).map(|(_, s)| s)
        }
        oids::ED25519 | oids::X25519 | oids::ED448 | oids::X448 => {
            if let Some(pk) = info.public_key {
                return Ok(spki(&alg, None, pk));
            }
            let seed = curve_private_key(info.private_key).ok_or_else(|| {
                KeyError::Malformed("EdDSA/XDH private key is not an OCTET STRING".into())
            })?;
            match alg.as_str() {
                oids::ED25519 => {
                    let seed: [u8; 32] = seed.try_into().map_err(|_| {
                        KeyError::Malformed(format!(
                            "Ed25519 private key is {} bytes, not 32",
                            seed.len()
                        ))
                    })?;
                    let sk = ed25519_dalek::SigningKey::from_bytes(&seed);
                    Ok(spki(oids::ED25519, None, sk.verifying_key().as_bytes()))
                }
                oids::ED448 => {
                    let seed: [u8; 57] = seed.try_into().map_err(|_| {
                        KeyError::Malformed(format!(
                            "Ed448 private key is {} bytes, not 57",
                            seed.len()
                        ))
                    })?;
                    Ok(spki(
                        oids::ED448,
                        None,
                        &crate::keys::ed448::public_key(&seed),
                    ))
                }
                oids::X25519 | oids::X448 => {
                    let curve = if alg == oids::X25519 {
                        xdh::Curve::X25519
                    } else {
                        xdh::Curve::X448
                    };
                    let public = xdh::public_key(curve, seed).ok_or_else(|| {
                        KeyError::Malformed(format!(
                            "{} private key is {} bytes, not {}",
                            if alg == oids::X25519 {
                                "X25519"
                            } else {
                                "X448"
                            },
                            seed.len(),
                            if alg == oids::X25519 { 32 } else { 56 }
                        ))
                    })?;
                    Ok(spki(&alg, None, &public))
                }
                _ => Err(KeyError::Malformed(format!(
                    "keys of algorithm {alg} are not supported"
                ))),
            }
        }
        oids::DSA => {
            let bad = || KeyError::Malformed("not a valid DSA key inside PKCS#8".into());
            let params = params_raw.ok_or_else(bad)?;
            let (pt, _) = asn1::read(&params).ok_or_else(bad)?;
            let pqg = integers(pt.content).ok_or_else(bad)?;
            let [p, q, g] = pqg.as_slice() else {
                return Err(bad());
            };
            let (xt, _) = asn1::read(info.private_key).ok_or_else(bad)?;
            if xt.tag() != asn1::INTEGER {
                return Err(bad());
            }
            let y = dsa_y(p, q, g, xt.content)?;
            Ok(spki(oids::DSA, Some(&params), &uint(&y)))
        }
        oids::DH | oids::DHX => {
            // PKCS#3 DHParameter { p, g, ... } and X9.42 DomainParameters { p, g, q, ... } both
            // start with p and g; the public value is g^x mod p, under the same parameters.
            let bad = || KeyError::Malformed("not a valid Diffie-Hellman key inside PKCS#8".into());
            let params = params_raw.ok_or_else(bad)?;
            let (pt, _) = asn1::read(&params).ok_or_else(bad)?;
            let ints = asn1::children(pt.content).ok_or_else(bad)?;
            let (Some(p), Some(g)) = (ints.first(), ints.get(1)) else {
                return Err(bad());
            };
            let (xt, _) = asn1::read(info.private_key).ok_or_else(bad)?;
            if xt.tag() != asn1::INTEGER || p.tag() != asn1::INTEGER || g.tag() != asn1::INTEGER {
                return Err(bad());
            }
            let y = dh_y(p.content, g.content, xt.content)?;
            Ok(spki(&alg, Some(&params), &uint(&y)))
        }
        other => Err(KeyError::Malformed(format!(
            "keys of algorithm {other} are not supported"
        ))),
    }
}

/// Largest Diffie-Hellman prime whose public value is derived (RFC 7919's ffdhe groups go to
/// 8,192 bits; `g^x mod p` grows with the cube of p's size, so the biggest one is refused rather
/// than blocking the page for seconds).
const MAX_DH_P_BITS: usize = 4096;

/// Diffie-Hellman public value y = g^x mod p, refused before any work when p or x are too big.
fn dh_y(p: &[u8], g: &[u8], x: &[u8]) -> Result<Vec<u8>, KeyError> {
    let p = rsa::BigUint::from_bytes_be(p);
    if p.bits() > MAX_DH_P_BITS {
        return Err(KeyError::Malformed(format!(
            "its Diffie-Hellman prime has {} bits, over the {MAX_DH_P_BITS} bits certlens derives a public value for, so the pin is unavailable (openssl pkey -pubout prints it)",
            p.bits()
        )));
    }
    let x = rsa::BigUint::from_bytes_be(x);
    if p.bits() < 2 || x.bits() > p.bits() {
        return Err(KeyError::Malformed(
            "its Diffie-Hellman private value is not below the prime, so it is not a valid key"
                .into(),
        ));
    }
    let g = rsa::BigUint::from_bytes_be(g);
    Ok(g.modpow(&x, &p).to_bytes_be())
}

// ---------------------------------------------------------------------------------------------
// PKCS#8 normal form, for conversions

fn pkcs8_wrap(alg: &[u8], inner: &[u8]) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(seq(&[
        &[0x02, 0x01, 0x00],
        alg,
        &tlv(asn1::OCTET_STRING, inner),
    ]))
}

/// PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (as `openssl pkey` writes it).
pub fn pkcs1_to_pkcs8(pkcs1: &[u8]) -> Zeroizing<Vec<u8>> {
    pkcs8_wrap(&seq(&[&oid(oids::RSA), NULL]), pkcs1)
}

/// SEC1 ECPrivateKey → PKCS#8, with the curve in the AlgorithmIdentifier and the inner key
/// carrying its public key but no parameters (as `openssl pkey` writes it).
pub fn sec1_to_pkcs8(
    sec1_der: &[u8],
    curve_hint: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let (curve, spki_der) = sec1_spki(sec1_der, curve_hint)?;
    let k =
        sec1::EcPrivateKey::from_der(sec1_der).map_err(|e| malformed("SEC1 EC private key", e))?;
    let point = spki_bits(&spki_der).unwrap_or_default();
    let inner = ec_private_key_der(k.private_key, None, &point)?;
    let curve = object_identifier(&curve)?;
    let info = pkcs8::PrivateKeyInfo::new(
        pkcs8::AlgorithmIdentifierRef {
            oid: object_identifier(oids::EC_PUBLIC_KEY)?,
            parameters: Some((&curve).into()),
        },
        &inner,
    );
    der::Encode::to_der(&info)
        .map(Zeroizing::new)
        .map_err(|e| KeyError::Malformed(format!("cannot write the PKCS#8 key ({e})")))
}

/// SEC1 ECPrivateKey as `openssl` writes it: version 1, the key, the curve (`[0]`) when given,
/// and the public point (`[1]`). The sec1 crate's encoder writes exactly that order.
fn ec_private_key_der(
    private_key: &[u8],
    curve: Option<der::asn1::ObjectIdentifier>,
    point: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let key = sec1::EcPrivateKey {
        private_key,
        parameters: curve.map(sec1::EcParameters::NamedCurve),
        public_key: Some(point),
    };
    der::Encode::to_der(&key)
        .map(Zeroizing::new)
        .map_err(|e| KeyError::Malformed(format!("cannot write the EC private key ({e})")))
}

fn object_identifier(dotted: &str) -> Result<der::asn1::ObjectIdentifier, KeyError> {
    der::asn1::ObjectIdentifier::new(dotted)
        .map_err(|_| KeyError::Malformed(format!("{dotted} is not a valid object identifier")))
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

// ---------------------------------------------------------------------------------------------
// Reading a private key block

fn finish(
    format: KeyFormat,
    encrypted: bool,
    encryption: Option<String>,
    pkcs8: Option<Zeroizing<Vec<u8>>>,
    spki_result: Result<Vec<u8>, KeyError>,
) -> PrivateKey {
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
    }
}

/// Read an unencrypted PKCS#8 key (also used for keys from PKCS#12 files).
pub fn from_pkcs8(
    der: &[u8],
    format: KeyFormat,
    encrypted: bool,
    encryption: Option<String>,
) -> Result<PrivateKey, KeyError> {
    pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| malformed("PKCS#8 private key", e))?;
    let spki_result = pkcs8_spki(der);
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
) -> Result<PrivateKey, KeyError> {
    let spki_der = pkcs1_spki(der)?;
    Ok(finish(
        format,
        encryption.is_some(),
        encryption,
        Some(pkcs1_to_pkcs8(der)),
        Ok(spki_der),
    ))
}

fn from_sec1(
    der: &[u8],
    format: KeyFormat,
    encryption: Option<String>,
) -> Result<PrivateKey, KeyError> {
    let (_, spki_der) = sec1_spki(der, None)?;
    let pkcs8 = sec1_to_pkcs8(der, None).ok();
    Ok(finish(
        format,
        encryption.is_some(),
        encryption,
        pkcs8,
        Ok(spki_der),
    ))
}

fn from_dsa(
    der: &[u8],
    format: KeyFormat,
    encryption: Option<String>,
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

/// Read a private key block by its PEM label. `password` decrypts encrypted keys.
pub fn read_private(
    label: &str,
    headers: &[(String, String)],
    der: &[u8],
    password: Option<&[u8]>,
    limits: &Limits,
    budget: &mut pbe::Budget,
) -> Result<PrivateKey, KeyError> {
    let legacy = pbe::is_legacy_encrypted(headers);
    match label {
        "PRIVATE KEY" => from_pkcs8(der, KeyFormat::Pkcs8, false, None),
        "ENCRYPTED PRIVATE KEY" => {
            let encryption = Some(pbe::describe_pkcs8_encryption(der));
            match password {
                None => Ok(locked(KeyFormat::Pkcs8Encrypted, encryption)),
                Some(pw) => {
                    let plain = pbe::decrypt_pkcs8_within(der, pw, limits, budget)?;
                    from_pkcs8(&plain, KeyFormat::Pkcs8Encrypted, true, encryption)
                }
            }
        }
        "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY" if legacy => {
            let (format, read): (
                KeyFormat,
                fn(&[u8], KeyFormat, Option<String>) -> Result<PrivateKey, KeyError>,
            ) = match label {
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
                    read(&plain, format, encryption)
                }
            }
        }
        "RSA PRIVATE KEY" => from_pkcs1(der, KeyFormat::Pkcs1, None),
        "EC PRIVATE KEY" => from_sec1(der, KeyFormat::Sec1, None),
        "DSA PRIVATE KEY" => from_dsa(der, KeyFormat::Dsa, None),
        "OPENSSH PRIVATE KEY" => openssh_private(der),
        other => Err(KeyError::Malformed(format!(
            "unknown private key label {other}"
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// OpenSSH

struct SshReader<'a>(&'a [u8]);

impl<'a> SshReader<'a> {
    fn u32(&mut self) -> Option<u32> {
        let (b, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        Some(u32::from_be_bytes(*b))
    }
    fn string(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        let s = self.0.get(..n)?;
        self.0 = self.0.get(n..)?;
        Some(s)
    }
}

/// An OpenSSH public key blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp*`) → SubjectPublicKeyInfo.
pub fn openssh_public_blob_spki(blob: &[u8]) -> Result<Vec<u8>, KeyError> {
    let bad = |m: &str| KeyError::Malformed(format!("not a valid OpenSSH public key ({m})"));
    let mut r = SshReader(blob);
    let kind = r.string().ok_or_else(|| bad("no key type"))?;
    match kind {
        b"ssh-ed25519" => {
            let pk = r
                .string()
                .filter(|p| p.len() == 32)
                .ok_or_else(|| bad("Ed25519 key is not 32 bytes"))?;
            Ok(spki(oids::ED25519, None, pk))
        }
        b"ssh-rsa" => {
            let e = r.string().ok_or_else(|| bad("missing exponent"))?;
            let n = r.string().ok_or_else(|| bad("missing modulus"))?;
            Ok(rsa_spki(n, e, oids::RSA, None))
        }
        b"ecdsa-sha2-nistp256" | b"ecdsa-sha2-nistp384" | b"ecdsa-sha2-nistp521" => {
            let _curve = r.string().ok_or_else(|| bad("missing curve"))?;
            let q = r.string().ok_or_else(|| bad("missing point"))?;
            let curve = match kind {
                b"ecdsa-sha2-nistp256" => oids::P256,
                b"ecdsa-sha2-nistp384" => oids::P384,
                _ => oids::P521,
            };
            Ok(ec_spki(curve, q))
        }
        other => Err(KeyError::Malformed(format!(
            "OpenSSH key type {} is not supported",
            String::from_utf8_lossy(other)
        ))),
    }
}

fn openssh_private(der: &[u8]) -> Result<PrivateKey, KeyError> {
    let bad = |m: &str| KeyError::Malformed(format!("not a valid OpenSSH private key ({m})"));
    let body = der
        .strip_prefix(b"openssh-key-v1\0")
        .ok_or_else(|| bad("missing openssh-key-v1 magic"))?;
    let mut r = SshReader(body);
    let cipher = r.string().ok_or_else(|| bad("truncated"))?;
    let _kdf = r.string().ok_or_else(|| bad("truncated"))?;
    let _kdf_options = r.string().ok_or_else(|| bad("truncated"))?;
    let n = r.u32().ok_or_else(|| bad("truncated"))?;
    if n == 0 {
        return Err(bad("no keys"));
    }
    let public = r.string().ok_or_else(|| bad("truncated public key"))?;
    let encrypted = cipher != b"none";
    let encryption = encrypted.then(|| format!("OpenSSH ({})", String::from_utf8_lossy(cipher)));
    let spki_result = openssh_public_blob_spki(public);
    let mut key = finish(KeyFormat::Openssh, encrypted, encryption, None, spki_result);
    if key.note.is_none() {
        key.note = Some("OpenSSH key: the public key is read from the file; converting it to PEM is not supported here (use ssh-keygen -p -m PEM)".into());
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_building() {
        assert_eq!(uint(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(&[0x00, 0x00, 0x05]), vec![0x02, 0x01, 0x05]);
        assert_eq!(uint(&[]), vec![0x02, 0x01, 0x00]);
        assert_eq!(tlv(0x04, &[0u8; 200])[..3], [0x04, 0x81, 200]);
        assert_eq!(tlv(0x04, &[0u8; 300])[..4], [0x04, 0x82, 0x01, 0x2c]);
    }

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
                let _ = read_private(
                    label,
                    &[],
                    &junk,
                    Some(b"pw"),
                    &Limits::default(),
                    &mut pbe::Budget::new(&Limits::default()),
                );
                let mut seqd = vec![0x30, len as u8];
                seqd.extend(&junk);
                let _ = read_private(
                    label,
                    &[],
                    &seqd,
                    None,
                    &Limits::default(),
                    &mut pbe::Budget::new(&Limits::default()),
                );
            }
        }
    }
}

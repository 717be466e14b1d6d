//! Public keys from private keys: every key format's SubjectPublicKeyInfo, derived from the
//! private key when the file does not carry it (EC points, EdDSA/XDH, DSA and Diffie-Hellman
//! public values).

use der::Decode;

use super::cost::{free, Charge, Derivation};
use super::encode::{dsa_spki, ec_spki, parameters, rsa_spki, spki, uint_der};
use super::{ed448, xdh, KeyError};
use crate::asn1::{self, oids};

pub(super) fn malformed(what: &str, e: impl core::fmt::Display) -> KeyError {
    KeyError::Malformed(format!("not a valid {what} ({e})"))
}

/// RSAPrivateKey (PKCS#1) → its SubjectPublicKeyInfo.
pub fn pkcs1_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let k =
        pkcs1::RsaPrivateKey::from_der(der).map_err(|e| malformed("PKCS#1 RSA private key", e))?;
    rsa_spki(
        k.modulus.as_bytes(),
        k.public_exponent.as_bytes(),
        oids::RSA,
        None,
    )
}

/// RSAPublicKey (PKCS#1) → SubjectPublicKeyInfo.
pub fn pkcs1_public_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let k =
        pkcs1::RsaPublicKey::from_der(der).map_err(|e| malformed("PKCS#1 RSA public key", e))?;
    rsa_spki(
        k.modulus.as_bytes(),
        k.public_exponent.as_bytes(),
        oids::RSA,
        None,
    )
}

fn derive_ec_point(curve_oid: &str, scalar: &[u8], charge: Charge<'_>) -> Result<Vec<u8>, KeyError> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    match curve_oid {
        oids::P256 => charge(Derivation::P256)?,
        oids::P384 => charge(Derivation::P384)?,
        oids::P521 => charge(Derivation::P521)?,
        _ => {}
    }
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
        Some(point) => parameters("explicit curve parameters", params)
            .and_then(|params| spki(oids::EC_PUBLIC_KEY, Some(params), point))
            .map(|spki_der| ("explicit parameters".to_string(), spki_der)),
        None => Err(KeyError::Malformed(
            "this EC key gives its curve as explicit parameters and does not include its public key; certlens derives public keys only on named curves, so the pin is unavailable (openssl ec -in KEY -pubout prints it)".into(),
        )),
    })
}

/// ECPrivateKey (SEC1) → (curve OID, SubjectPublicKeyInfo). `curve_hint` is the curve from a
/// PKCS#8 wrapper, used when the SEC1 structure omits its parameters.
pub fn sec1_spki(der: &[u8], curve_hint: Option<&str>) -> Result<(String, Vec<u8>), KeyError> {
    sec1_spki_in(der, curve_hint, None, &free)
}

/// [`sec1_spki`] with its derivation (if the key lacks its public point) paid through `charge`.
pub(super) fn sec1_spki_within(
    der: &[u8],
    charge: Charge<'_>,
) -> Result<(String, Vec<u8>), KeyError> {
    sec1_spki_in(der, None, None, charge)
}

/// [`sec1_spki`], with the PKCS#8 wrapper's raw parameters for keys with explicit curves.
fn sec1_spki_in(
    der: &[u8],
    curve_hint: Option<&str>,
    wrapper_params: Option<&[u8]>,
    charge: Charge<'_>,
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
        None => derive_ec_point(&curve, k.private_key, charge)?,
    };
    let spki_der = ec_spki(&curve, &point)?;
    Ok((curve, spki_der))
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
fn dsa_y(p: &[u8], q: &[u8], g: &[u8], x: &[u8], charge: Charge<'_>) -> Result<Vec<u8>, KeyError> {
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
    charge(Derivation::ModPow {
        p_bits: p.bits() as u64,
        x_bits: x.bits() as u64,
    })?;
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
    dsa_spki(p, q, g, y)
}

/// PrivateKeyInfo (PKCS#8) → SubjectPublicKeyInfo of its public key, each derivation paid
/// through `charge` before it is done.
pub(super) fn pkcs8_spki_within(der: &[u8], charge: Charge<'_>) -> Result<Vec<u8>, KeyError> {
    let info =
        pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| malformed("PKCS#8 private key", e))?;
    let alg = info.algorithm.oid.to_string();
    let params = info.algorithm.parameters;
    // The parameters' own DER, for the readers below that walk it.
    let params_raw: Option<Vec<u8>> = params
        .map(|p| der::Encode::to_der(&p))
        .transpose()
        .map_err(|reason| KeyError::Encode {
            what: "the key's algorithm parameters",
            reason,
        })?;
    match alg.as_str() {
        oids::RSA | oids::RSA_PSS => {
            let k = pkcs1::RsaPrivateKey::from_der(info.private_key)
                .map_err(|e| malformed("RSA key inside PKCS#8", e))?;
            rsa_spki(
                k.modulus.as_bytes(),
                k.public_exponent.as_bytes(),
                &alg,
                params,
            )
        }
        oids::EC_PUBLIC_KEY => {
            let hint = info.algorithm.parameters_oid().ok().map(|o| o.to_string());
            sec1_spki_in(info.private_key, hint.as_deref(), params_raw.as_deref(), charge)
                .map(|(_, s)| s)
        }
        oids::ED25519 | oids::X25519 | oids::ED448 | oids::X448 => {
            if let Some(pk) = info.public_key {
                return spki(&alg, None, pk);
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
                    charge(Derivation::Ed25519)?;
                    let sk = ed25519_dalek::SigningKey::from_bytes(&seed);
                    spki(oids::ED25519, None, sk.verifying_key().as_bytes())
                }
                oids::ED448 => {
                    let seed: [u8; 57] = seed.try_into().map_err(|_| {
                        KeyError::Malformed(format!(
                            "Ed448 private key is {} bytes, not 57",
                            seed.len()
                        ))
                    })?;
                    charge(Derivation::Ed448)?;
                    spki(oids::ED448, None, &ed448::public_key(&seed))
                }
                oids::X25519 | oids::X448 => {
                    let (curve, price) = if alg == oids::X25519 {
                        (xdh::Curve::X25519, Derivation::X25519)
                    } else {
                        (xdh::Curve::X448, Derivation::X448)
                    };
                    // A seed of the wrong length is refused below without any work.
                    if seed.len() == if alg == oids::X25519 { 32 } else { 56 } {
                        charge(price)?;
                    }
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
                    spki(&alg, None, &public)
                }
                _ => Err(KeyError::Malformed(format!(
                    "keys of algorithm {alg} are not supported"
                ))),
            }
        }
        oids::DSA => {
            let bad = || KeyError::Malformed("not a valid DSA key inside PKCS#8".into());
            let raw = params_raw.ok_or_else(bad)?;
            let (pt, _) = asn1::read(&raw).ok_or_else(bad)?;
            let pqg = integers(pt.content).ok_or_else(bad)?;
            let [p, q, g] = pqg.as_slice() else {
                return Err(bad());
            };
            let (xt, _) = asn1::read(info.private_key).ok_or_else(bad)?;
            if xt.tag() != asn1::INTEGER {
                return Err(bad());
            }
            let y = dsa_y(p, q, g, xt.content, charge)?;
            spki(oids::DSA, params, &uint_der(&y)?)
        }
        oids::DH | oids::DHX => {
            // PKCS#3 DHParameter { p, g, ... } and X9.42 DomainParameters { p, g, q, ... } both
            // start with p and g; the public value is g^x mod p, under the same parameters.
            let bad = || KeyError::Malformed("not a valid Diffie-Hellman key inside PKCS#8".into());
            let raw = params_raw.ok_or_else(bad)?;
            let (pt, _) = asn1::read(&raw).ok_or_else(bad)?;
            let ints = asn1::children(pt.content).ok_or_else(bad)?;
            let (Some(p), Some(g)) = (ints.first(), ints.get(1)) else {
                return Err(bad());
            };
            let (xt, _) = asn1::read(info.private_key).ok_or_else(bad)?;
            if xt.tag() != asn1::INTEGER || p.tag() != asn1::INTEGER || g.tag() != asn1::INTEGER {
                return Err(bad());
            }
            let y = dh_y(p.content, g.content, xt.content, charge)?;
            spki(&alg, params, &uint_der(&y)?)
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
fn dh_y(p: &[u8], g: &[u8], x: &[u8], charge: Charge<'_>) -> Result<Vec<u8>, KeyError> {
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
    charge(Derivation::ModPow {
        p_bits: p.bits() as u64,
        x_bits: x.bits() as u64,
    })?;
    Ok(g.modpow(&x, &p).to_bytes_be())
}

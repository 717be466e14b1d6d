//! The signature algorithms certlens verifies and the issuer keys they take: parsing a
//! certificate's AlgorithmIdentifier into a [`Scheme`] and an issuer's SubjectPublicKeyInfo into an
//! [`IssuerKey`], with the reason when either is not supported.

use der::asn1::ObjectIdentifier;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use crate::hash::Hash;

// OIDs. `new_unwrap` is evaluated at compile time here (in `const` items), so it cannot panic at
// run time: a malformed literal would be a compile error.
pub(super) mod oid {
    use der::asn1::ObjectIdentifier as O;

    // RSA (PKCS#1)
    pub const RSA_ENCRYPTION: O = O::new_unwrap("1.2.840.113549.1.1.1");
    pub const MD2_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.2");
    pub const MD4_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.3");
    pub const MD5_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.4");
    pub const SHA1_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.5");
    pub const RSAES_OAEP: O = O::new_unwrap("1.2.840.113549.1.1.7");
    pub const MGF1: O = O::new_unwrap("1.2.840.113549.1.1.8");
    pub const RSASSA_PSS: O = O::new_unwrap("1.2.840.113549.1.1.10");
    pub const SHA256_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.11");
    pub const SHA384_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.12");
    pub const SHA512_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.13");
    pub const SHA224_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.14");
    pub const SHA512_224_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.15");
    pub const SHA512_256_WITH_RSA: O = O::new_unwrap("1.2.840.113549.1.1.16");
    /// OIW sha-1WithRSASignature (old alias of sha1WithRSAEncryption)
    pub const OIW_SHA1_WITH_RSA: O = O::new_unwrap("1.3.14.3.2.29");
    /// OIW md5WithRSASignature
    pub const OIW_MD5_WITH_RSA: O = O::new_unwrap("1.3.14.3.2.25");

    // Hashes
    pub const SHA1: O = O::new_unwrap("1.3.14.3.2.26");
    pub const SHA256: O = O::new_unwrap("2.16.840.1.101.3.4.2.1");
    pub const SHA384: O = O::new_unwrap("2.16.840.1.101.3.4.2.2");
    pub const SHA512: O = O::new_unwrap("2.16.840.1.101.3.4.2.3");
    pub const SHA224: O = O::new_unwrap("2.16.840.1.101.3.4.2.4");
    pub const SHA512_224: O = O::new_unwrap("2.16.840.1.101.3.4.2.5");
    pub const SHA512_256: O = O::new_unwrap("2.16.840.1.101.3.4.2.6");
    pub const MD5: O = O::new_unwrap("1.2.840.113549.2.5");
    pub const MD2: O = O::new_unwrap("1.2.840.113549.2.2");

    // EC
    pub const EC_PUBLIC_KEY: O = O::new_unwrap("1.2.840.10045.2.1");
    pub const ECDSA_WITH_SHA1: O = O::new_unwrap("1.2.840.10045.4.1");
    pub const ECDSA_WITH_SHA224: O = O::new_unwrap("1.2.840.10045.4.3.1");
    pub const ECDSA_WITH_SHA256: O = O::new_unwrap("1.2.840.10045.4.3.2");
    pub const ECDSA_WITH_SHA384: O = O::new_unwrap("1.2.840.10045.4.3.3");
    pub const ECDSA_WITH_SHA512: O = O::new_unwrap("1.2.840.10045.4.3.4");
    pub const P256: O = O::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: O = O::new_unwrap("1.3.132.0.34");
    pub const P521: O = O::new_unwrap("1.3.132.0.35");
    pub const P224: O = O::new_unwrap("1.3.132.0.33");
    pub const P192: O = O::new_unwrap("1.2.840.10045.3.1.1");
    pub const SECP256K1: O = O::new_unwrap("1.3.132.0.10");

    // Edwards
    pub const ED25519: O = O::new_unwrap("1.3.101.112");
    pub const ED448: O = O::new_unwrap("1.3.101.113");

    // DSA
    pub const DSA: O = O::new_unwrap("1.2.840.10040.4.1");
    pub const DSA_WITH_SHA1: O = O::new_unwrap("1.2.840.10040.4.3");

    // SM2
    pub const SM2_WITH_SM3: O = O::new_unwrap("1.2.156.10197.1.501");
}

pub(super) fn hash_from_oid(o: &ObjectIdentifier) -> Option<Hash> {
    Some(match *o {
        oid::SHA1 => Hash::Sha1,
        oid::SHA224 => Hash::Sha224,
        oid::SHA256 => Hash::Sha256,
        oid::SHA384 => Hash::Sha384,
        oid::SHA512 => Hash::Sha512,
        oid::SHA512_224 => Hash::Sha512_224,
        oid::SHA512_256 => Hash::Sha512_256,
        _ => return None,
    })
}

/// Key families, used to explain key/algorithm mismatches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Rsa,
    Ec,
    Ed25519,
    Ed448,
    Dsa,
    Gost,
    Sm2,
}

impl Family {
    pub(super) fn name(self) -> &'static str {
        match self {
            Family::Rsa => "RSA",
            Family::Ec => "EC",
            Family::Ed25519 => "Ed25519",
            Family::Ed448 => "Ed448",
            Family::Dsa => "DSA",
            Family::Gost => "GOST",
            Family::Sm2 => "SM2",
        }
    }
}

/// What the signature algorithm identifier asks for.
pub(super) enum Scheme {
    RsaPkcs1(Hash),
    RsaPss {
        hash: Hash,
        salt_len: u8,
    },
    Ecdsa(Hash),
    Ed25519,
    /// Recognised (or not) but not verified. `family` is the key family the algorithm needs, when
    /// known, so that a mismatching key is still reported as `Invalid`.
    Unsupported {
        family: Option<Family>,
        reason: String,
    },
}

impl Scheme {
    pub(super) fn family(&self) -> Option<Family> {
        match self {
            Scheme::RsaPkcs1(_) | Scheme::RsaPss { .. } => Some(Family::Rsa),
            Scheme::Ecdsa(_) => Some(Family::Ec),
            Scheme::Ed25519 => Some(Family::Ed25519),
            Scheme::Unsupported { family, .. } => *family,
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Scheme::RsaPkcs1(h) => format!("RSA PKCS#1 v1.5 with {}", h.name()),
            Scheme::RsaPss { hash, salt_len } => format!(
                "RSA-PSS with {}, MGF1 {}, salt length {}",
                hash.name(),
                hash.name(),
                salt_len
            ),
            Scheme::Ecdsa(h) => format!("ECDSA with {}", h.name()),
            Scheme::Ed25519 => "Ed25519".to_string(),
            Scheme::Unsupported { reason, .. } => reason.clone(),
        }
    }
}

/// The name used in "the signature is X" mismatch messages.
pub(super) fn family_signature_name(f: Family) -> &'static str {
    match f {
        Family::Ec => "ECDSA",
        other => other.name(),
    }
}

pub(super) fn unsupported(family: Option<Family>, reason: impl Into<String>) -> Scheme {
    Scheme::Unsupported {
        family,
        reason: reason.into(),
    }
}

/// Classifies the child's signatureAlgorithm. `Err` = malformed (reported as Invalid).
pub(super) fn parse_scheme(alg: &AlgorithmIdentifierRef<'_>) -> Result<Scheme, String> {
    let o = alg.oid;
    let rsa = Some(Family::Rsa);
    let ec = Some(Family::Ec);
    Ok(match o {
        oid::SHA1_WITH_RSA | oid::OIW_SHA1_WITH_RSA => Scheme::RsaPkcs1(Hash::Sha1),
        oid::SHA224_WITH_RSA => Scheme::RsaPkcs1(Hash::Sha224),
        oid::SHA256_WITH_RSA => Scheme::RsaPkcs1(Hash::Sha256),
        oid::SHA384_WITH_RSA => Scheme::RsaPkcs1(Hash::Sha384),
        oid::SHA512_WITH_RSA => Scheme::RsaPkcs1(Hash::Sha512),
        oid::SHA512_224_WITH_RSA => Scheme::RsaPkcs1(Hash::Sha512_224),
        oid::SHA512_256_WITH_RSA => Scheme::RsaPkcs1(Hash::Sha512_256),
        oid::MD5_WITH_RSA | oid::OIW_MD5_WITH_RSA => {
            unsupported(rsa, "MD5 signatures are not verified: MD5 is broken")
        }
        oid::MD2_WITH_RSA => unsupported(rsa, "MD2 signatures are not verified: MD2 is broken"),
        oid::MD4_WITH_RSA => unsupported(rsa, "MD4 signatures are not verified: MD4 is broken"),
        oid::RSASSA_PSS => return parse_pss(alg),
        oid::ECDSA_WITH_SHA1 => Scheme::Ecdsa(Hash::Sha1),
        oid::ECDSA_WITH_SHA224 => Scheme::Ecdsa(Hash::Sha224),
        oid::ECDSA_WITH_SHA256 => Scheme::Ecdsa(Hash::Sha256),
        oid::ECDSA_WITH_SHA384 => Scheme::Ecdsa(Hash::Sha384),
        oid::ECDSA_WITH_SHA512 => Scheme::Ecdsa(Hash::Sha512),
        oid::ED25519 => Scheme::Ed25519,
        oid::ED448 => unsupported(Some(Family::Ed448), "Ed448 signatures are not supported"),
        oid::DSA_WITH_SHA1 => unsupported(Some(Family::Dsa), "DSA signatures are not supported"),
        oid::SM2_WITH_SM3 => unsupported(Some(Family::Sm2), "SM2 signatures are not supported"),
        _ => {
            let s = o.to_string();
            // NIST sigAlgs arc 2.16.840.1.101.3.4.3: 1-8 DSA, 9-12 ECDSA/SHA-3, 13-16 RSA/SHA-3
            if let Some(n) = s.strip_prefix("2.16.840.1.101.3.4.3.") {
                match n.parse::<u32>() {
                    Ok(1..=8) => unsupported(Some(Family::Dsa), "DSA signatures are not supported"),
                    Ok(9..=12) => unsupported(ec, "ECDSA with SHA-3 is not supported"),
                    Ok(13..=16) => unsupported(rsa, "RSA with SHA-3 is not supported"),
                    _ => unsupported(None, format!("signature algorithm {s} is not supported")),
                }
            } else if s.starts_with("1.2.643.") {
                unsupported(Some(Family::Gost), "GOST signatures are not supported")
            } else {
                unsupported(None, format!("signature algorithm {s} is not supported"))
            }
        }
    })
}

pub(super) fn parse_pss(alg: &AlgorithmIdentifierRef<'_>) -> Result<Scheme, String> {
    let rsa = Some(Family::Rsa);
    let params = match alg.parameters {
        None => pkcs1::RsaPssParams::default(),
        Some(any) if any.is_null() => pkcs1::RsaPssParams::default(),
        Some(any) => any
            .decode_as::<pkcs1::RsaPssParams<'_>>()
            .map_err(|e| format!("the RSA-PSS parameters cannot be parsed: {e}"))?,
    };
    let Some(hash) = hash_from_oid(&params.hash.oid) else {
        return Ok(unsupported(
            rsa,
            format!(
                "RSA-PSS with hash {} is not supported",
                hash_label(&params.hash.oid)
            ),
        ));
    };
    if params.mask_gen.oid != oid::MGF1 {
        return Ok(unsupported(
            rsa,
            format!(
                "RSA-PSS mask generation function {} is not supported",
                params.mask_gen.oid
            ),
        ));
    }
    let Some(mgf_alg) = params.mask_gen.parameters else {
        return Err("the RSA-PSS parameters name MGF1 without a hash".to_string());
    };
    let Some(mgf_hash) = hash_from_oid(&mgf_alg.oid) else {
        return Ok(unsupported(
            rsa,
            format!(
                "RSA-PSS with MGF1 hash {} is not supported",
                hash_label(&mgf_alg.oid)
            ),
        ));
    };
    if mgf_hash != hash {
        return Ok(unsupported(
            rsa,
            format!(
                "RSA-PSS with message hash {} and a different MGF1 hash {} is not supported",
                hash.name(),
                mgf_hash.name()
            ),
        ));
    }
    Ok(Scheme::RsaPss {
        hash,
        salt_len: params.salt_len,
    })
}

pub(super) fn hash_label(o: &ObjectIdentifier) -> String {
    match *o {
        oid::MD5 => "MD5".to_string(),
        oid::MD2 => "MD2".to_string(),
        other => other.to_string(),
    }
}

/// Named curves we verify on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub(super) fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }
    pub(super) fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// The issuer key, as far as we understand it.
pub(super) enum IssuerKey<'a> {
    /// `pss_only`: the SPKI algorithm is id-RSASSA-PSS, so the key may only make PSS signatures.
    Rsa {
        key: &'a [u8],
        pss_only: bool,
    },
    Ec {
        curve: Result<Curve, String>,
        point: &'a [u8],
    },
    Ed25519(&'a [u8]),
    Other {
        family: Option<Family>,
        label: String,
    },
}

impl IssuerKey<'_> {
    pub(super) fn family(&self) -> Option<Family> {
        match self {
            IssuerKey::Rsa { .. } => Some(Family::Rsa),
            IssuerKey::Ec { .. } => Some(Family::Ec),
            IssuerKey::Ed25519(_) => Some(Family::Ed25519),
            IssuerKey::Other { family, .. } => *family,
        }
    }
}

pub(super) fn parse_issuer_key<'a>(
    spki: &SubjectPublicKeyInfoRef<'a>,
) -> Result<IssuerKey<'a>, String> {
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| "the issuer public key BIT STRING has unused bits".to_string())?;
    let o = spki.algorithm.oid;
    Ok(match o {
        oid::RSA_ENCRYPTION => IssuerKey::Rsa {
            key: bits,
            pss_only: false,
        },
        oid::RSASSA_PSS => IssuerKey::Rsa {
            key: bits,
            pss_only: true,
        },
        oid::RSAES_OAEP => IssuerKey::Other {
            family: Some(Family::Rsa),
            label: "an RSAES-OAEP key, which cannot sign".to_string(),
        },
        oid::EC_PUBLIC_KEY => {
            let curve = match spki.algorithm.parameters {
                None => Err("the issuer EC key names no curve".to_string()),
                Some(p) => match p.decode_as::<ObjectIdentifier>() {
                    Ok(oid::P256) => Ok(Curve::P256),
                    Ok(oid::P384) => Ok(Curve::P384),
                    Ok(oid::P521) => Ok(Curve::P521),
                    Ok(oid::P224) => Err("ECDSA over P-224 is not supported".to_string()),
                    Ok(oid::P192) => Err("ECDSA over P-192 is not supported".to_string()),
                    Ok(oid::SECP256K1) => Err("ECDSA over secp256k1 is not supported".to_string()),
                    Ok(other) => Err(format!("ECDSA over curve {other} is not supported")),
                    Err(_) => {
                        Err("EC keys with explicit curve parameters are not supported".to_string())
                    }
                },
            };
            IssuerKey::Ec { curve, point: bits }
        }
        oid::ED25519 => IssuerKey::Ed25519(bits),
        oid::ED448 => IssuerKey::Other {
            family: Some(Family::Ed448),
            label: "Ed448".to_string(),
        },
        oid::DSA => IssuerKey::Other {
            family: Some(Family::Dsa),
            label: "DSA".to_string(),
        },
        _ => {
            let s = o.to_string();
            if s.starts_with("1.2.643.") {
                IssuerKey::Other {
                    family: Some(Family::Gost),
                    label: "GOST".to_string(),
                }
            } else {
                IssuerKey::Other {
                    family: None,
                    label: format!("of algorithm {s}"),
                }
            }
        }
    })
}

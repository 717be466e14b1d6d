//! Certificate signature verification on raw DER.
//!
//! [`verify_signature`] checks that a child certificate's `signatureValue` was made over its
//! `tbsCertificate` by the key in the issuer's `SubjectPublicKeyInfo`. It works on raw DER
//! (via the `der`/`spki` crates) so it does not care how the certificates were parsed.
//!
//! Supported:
//! * RSA PKCS#1 v1.5 with SHA-1, SHA-224, SHA-256, SHA-384, SHA-512, SHA-512/224, SHA-512/256;
//! * RSA-PSS (`id-RSASSA-PSS`) with those hashes, MGF1 with the same hash, any salt length up to
//!   255 bytes, trailer field 1 (absent parameters mean the RFC 4055 defaults: SHA-1, MGF1-SHA-1,
//!   salt length 20);
//! * ECDSA with SHA-1/SHA-224/SHA-256/SHA-384/SHA-512 over P-256, P-384 and P-521, in any
//!   combination of hash and curve (the digest is computed here and verified as a prehash);
//! * Ed25519.
//!
//! Everything else is [`SignatureStatus::Unsupported`] with a reason (Ed448, DSA, MD5/MD2/MD4,
//! SHA-3, GOST, SM2, other curves, unknown OIDs). A key that does not fit the signature algorithm
//! (an RSA signature and an EC key) or that cannot be parsed is [`SignatureStatus::Invalid`].
//!
//! Nothing here panics, whatever the input, and the work is bounded: RSA keys over 8,192 bits
//! are not checked, and [`SignatureBudget`] caps what one pool may spend on signatures. What is
//! not checked for either reason is [`SignatureStatus::NotChecked`] with the reason.

use crate::model::{NotCheckedReason, SignatureStatus};
use der::asn1::ObjectIdentifier;
use der::Decode;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use crate::hash::Hash;
use crate::limits::Limits;

/// Signature-check work one pool may spend, in units of about one RSA-1024 verification: an
/// RSA key costs (bits / 1,024)² times its exponent's length in 17-bit steps (65537 is one
/// step), ECDSA P-256 10, P-384 24, P-521 50, Ed25519 4. Shared by every check of a pool
/// through a `Cell`, so the chain builder, self-signatures and links all draw from it.
#[derive(Debug)]
pub struct SignatureBudget {
    left: std::cell::Cell<u64>,
    limit: u64,
    /// Results already computed, shared by the pools of one inventory (see [`VerifyMemo`]).
    memo: Option<VerifyMemo>,
}

/// Signature results by what was verified (SHA-256 over the algorithm, the signed bytes, the
/// signature and the issuer key): the many pools of an inventory share one, so the
/// intermediate → root link repeated in a thousand Secrets is verified once. A result is a
/// pure function of those bytes; a check refused for the budget is not remembered.
pub(crate) type VerifyMemo =
    std::rc::Rc<std::cell::RefCell<std::collections::HashMap<[u8; 32], Verification>>>;

impl SignatureBudget {
    pub fn new(limits: &Limits) -> Self {
        SignatureBudget {
            left: std::cell::Cell::new(limits.max_signature_work),
            limit: limits.max_signature_work,
            memo: None,
        }
    }

    /// [`SignatureBudget::new`], remembering results in `memo` (shared with other pools).
    pub(crate) fn with_memo(limits: &Limits, memo: VerifyMemo) -> Self {
        SignatureBudget {
            memo: Some(memo),
            ..SignatureBudget::new(limits)
        }
    }

    /// No limit (a single check asked for by name, as [`verify_signature`] does).
    pub fn unlimited() -> Self {
        SignatureBudget {
            left: std::cell::Cell::new(u64::MAX),
            limit: u64::MAX,
            memo: None,
        }
    }

    /// A full budget of the same size sharing this one's memo: path validation's own, so that
    /// its verdicts do not depend on what other checks of the pool spent before it.
    pub(crate) fn fresh(&self) -> Self {
        SignatureBudget {
            left: std::cell::Cell::new(self.limit),
            limit: self.limit,
            memo: self.memo.clone(),
        }
    }

    /// Units taken so far.
    pub(crate) fn spent(&self) -> u64 {
        self.limit.saturating_sub(self.left.get())
    }

    /// Takes `cost` units, or refuses (and takes nothing).
    fn take(&self, cost: u64) -> Result<(), Verification> {
        let left = self.left.get();
        if cost > left {
            return Err(Verification::not_checked(
                NotCheckedReason::BudgetSpent,
                format!(
                    "not checked: this pool's signature-check budget ({} units) is spent",
                    self.limit
                ),
            ));
        }
        self.left.set(left - cost);
        Ok(())
    }
}

/// Largest RSA modulus whose signatures are checked. 8,192-bit roots exist; beyond that a
/// crafted key only buys time (verification grows with the square of the size).
pub const MAX_RSA_VERIFY_BITS: u64 = 8192;

/// A [`SignatureStatus`] with a human-readable explanation.
///
/// For `Valid`, `detail` names the algorithm (e.g. `RSA PKCS#1 v1.5 with SHA-256`); for
/// `Unsupported` it says why (e.g. `Ed448 signatures are not supported`); for `Invalid` it says
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub status: SignatureStatus,
    pub detail: String,
    /// Why it was not verified (`NotChecked` and `Unsupported` only): what decisions use;
    /// `detail` is the sentence for people.
    pub reason: Option<NotCheckedReason>,
}

impl Verification {
    fn valid(detail: String) -> Self {
        Verification {
            status: SignatureStatus::Valid,
            detail,
            reason: None,
        }
    }
    pub(crate) fn invalid(detail: String) -> Self {
        Verification {
            status: SignatureStatus::Invalid,
            detail,
            reason: None,
        }
    }
    /// Not checked for `reason`, said in `detail`.
    pub(crate) fn not_checked(reason: NotCheckedReason, detail: impl Into<String>) -> Self {
        Verification {
            status: SignatureStatus::NotChecked,
            detail: detail.into(),
            reason: Some(reason),
        }
    }
    fn unsupported(detail: String) -> Self {
        Verification {
            status: SignatureStatus::Unsupported,
            detail,
            reason: Some(NotCheckedReason::UnsupportedAlgorithm),
        }
    }
}

// OIDs. `new_unwrap` is evaluated at compile time here (in `const` items), so it cannot panic at
// run time: a malformed literal would be a compile error.
mod oid {
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

fn hash_from_oid(o: &ObjectIdentifier) -> Option<Hash> {
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
enum Family {
    Rsa,
    Ec,
    Ed25519,
    Ed448,
    Dsa,
    Gost,
    Sm2,
}

impl Family {
    fn name(self) -> &'static str {
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
enum Scheme {
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
    fn family(&self) -> Option<Family> {
        match self {
            Scheme::RsaPkcs1(_) | Scheme::RsaPss { .. } => Some(Family::Rsa),
            Scheme::Ecdsa(_) => Some(Family::Ec),
            Scheme::Ed25519 => Some(Family::Ed25519),
            Scheme::Unsupported { family, .. } => *family,
        }
    }

    fn describe(&self) -> String {
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
fn family_signature_name(f: Family) -> &'static str {
    match f {
        Family::Ec => "ECDSA",
        other => other.name(),
    }
}

fn unsupported(family: Option<Family>, reason: impl Into<String>) -> Scheme {
    Scheme::Unsupported {
        family,
        reason: reason.into(),
    }
}

/// Classifies the child's signatureAlgorithm. `Err` = malformed (reported as Invalid).
fn parse_scheme(alg: &AlgorithmIdentifierRef<'_>) -> Result<Scheme, String> {
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

fn parse_pss(alg: &AlgorithmIdentifierRef<'_>) -> Result<Scheme, String> {
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

fn hash_label(o: &ObjectIdentifier) -> String {
    match *o {
        oid::MD5 => "MD5".to_string(),
        oid::MD2 => "MD2".to_string(),
        other => other.to_string(),
    }
}

/// Named curves we verify on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }
    fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// The issuer key, as far as we understand it.
enum IssuerKey<'a> {
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
    fn family(&self) -> Option<Family> {
        match self {
            IssuerKey::Rsa { .. } => Some(Family::Rsa),
            IssuerKey::Ec { .. } => Some(Family::Ec),
            IssuerKey::Ed25519(_) => Some(Family::Ed25519),
            IssuerKey::Other { family, .. } => *family,
        }
    }
}

fn parse_issuer_key<'a>(spki: &SubjectPublicKeyInfoRef<'a>) -> Result<IssuerKey<'a>, String> {
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

/// Verifies a certificate signature.
///
/// * `signature_algorithm`: DER of the child's `Certificate.signatureAlgorithm`
///   AlgorithmIdentifier;
/// * `tbs`: raw DER of the child's `TBSCertificate`;
/// * `signature`: the `signatureValue` BIT STRING content bytes (without the unused-bits byte);
/// * `issuer_spki`: DER of the issuer's `SubjectPublicKeyInfo`.
///
/// The order of checks: a malformed algorithm identifier or issuer key is `Invalid`; a key of a
/// different family than the signature (e.g. `issuer key is EC but the signature is RSA`) is
/// `Invalid`; an algorithm we do not verify is `Unsupported`; otherwise the signature is checked
/// and is `Valid` or `Invalid`. Never panics.
pub fn verify_signature(
    signature_algorithm: &[u8],
    tbs: &[u8],
    signature: &[u8],
    issuer_spki: &[u8],
) -> Verification {
    verify_signature_within(
        signature_algorithm,
        tbs,
        signature,
        issuer_spki,
        &SignatureBudget::unlimited(),
    )
}

/// [`verify_signature`] drawing on a pool's budget: when the check would cost more than is
/// left, or the RSA key is over [`MAX_RSA_VERIFY_BITS`], the result is `NotChecked` with the
/// reason, and nothing is computed.
pub fn verify_signature_within(
    signature_algorithm: &[u8],
    tbs: &[u8],
    signature: &[u8],
    issuer_spki: &[u8],
    budget: &SignatureBudget,
) -> Verification {
    let Some(memo) = &budget.memo else {
        return verify_uncached(signature_algorithm, tbs, signature, issuer_spki, budget);
    };
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    for part in [signature_algorithm, tbs, signature, issuer_spki] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    let key: [u8; 32] = h.finalize().into();
    if let Some(v) = memo.borrow().get(&key) {
        return v.clone();
    }
    let v = verify_uncached(signature_algorithm, tbs, signature, issuer_spki, budget);
    if v.status != SignatureStatus::NotChecked {
        memo.borrow_mut().insert(key, v.clone());
    }
    v
}

fn verify_uncached(
    signature_algorithm: &[u8],
    tbs: &[u8],
    signature: &[u8],
    issuer_spki: &[u8],
    budget: &SignatureBudget,
) -> Verification {
    let alg = match AlgorithmIdentifierRef::from_der(signature_algorithm) {
        Ok(a) => a,
        Err(e) => {
            return Verification::invalid(format!(
                "the signature algorithm identifier cannot be parsed: {e}"
            ))
        }
    };
    let scheme = match parse_scheme(&alg) {
        Ok(s) => s,
        Err(e) => return Verification::invalid(e),
    };
    let spki = match SubjectPublicKeyInfoRef::from_der(issuer_spki) {
        Ok(s) => s,
        Err(e) => {
            return Verification::invalid(format!("the issuer public key cannot be parsed: {e}"))
        }
    };
    let key = match parse_issuer_key(&spki) {
        Ok(k) => k,
        Err(e) => return Verification::invalid(e),
    };

    if let (Some(kf), Some(sf)) = (key.family(), scheme.family()) {
        if kf != sf {
            return Verification::invalid(format!(
                "issuer key is {} but the signature is {}",
                kf.name(),
                family_signature_name(sf)
            ));
        }
    }

    match (&scheme, key) {
        (Scheme::Unsupported { reason, .. }, _) => Verification::unsupported(reason.clone()),
        (
            _,
            IssuerKey::Other {
                family: Some(Family::Rsa),
                label,
            },
        ) => Verification::invalid(format!("issuer key is {label}")),
        (_, IssuerKey::Other { label, .. }) => Verification::unsupported(format!(
            "issuer key {label} is not supported for {}",
            scheme.describe()
        )),
        (Scheme::RsaPkcs1(hash), IssuerKey::Rsa { key, pss_only }) => {
            if pss_only {
                return Verification::invalid(format!(
                    "issuer key is restricted to RSA-PSS (id-RSASSA-PSS) but the signature is {}",
                    scheme.describe()
                ));
            }
            let pk = match rsa_key(key, budget) {
                Ok(k) => k,
                Err(v) => return v,
            };
            let digest = hash.digest(tbs);
            finish(
                &scheme,
                pk.verify(hash.pkcs1v15(), &digest, signature).is_ok(),
            )
        }
        (Scheme::RsaPss { hash, salt_len }, IssuerKey::Rsa { key, .. }) => {
            let pk = match rsa_key(key, budget) {
                Ok(k) => k,
                Err(v) => return v,
            };
            let digest = hash.digest(tbs);
            finish(
                &scheme,
                pk.verify(hash.pss(usize::from(*salt_len)), &digest, signature)
                    .is_ok(),
            )
        }
        (Scheme::Ecdsa(hash), IssuerKey::Ec { curve, point }) => {
            let curve = match curve {
                Ok(c) => c,
                Err(reason) => return Verification::unsupported(reason),
            };
            let cost = match curve {
                Curve::P256 => 10,
                Curve::P384 => 24,
                Curve::P521 => 50,
            };
            if let Err(v) = budget.take(cost) {
                return v;
            }
            let label = format!("ECDSA {} with {}", curve.name(), hash.name());
            // Left-pad a digest shorter than the field so the ecdsa crate accepts it (its
            // bits2field refuses digests under half the field size, e.g. SHA-1 with P-384). A
            // zero-padded digest is the same integer, so this matches FIPS 186-4. Longer
            // digests are truncated to the field size by the ecdsa crate, as the standard says.
            let mut digest = hash.digest(tbs);
            if digest.len() < curve.field_len() {
                let mut padded = vec![0u8; curve.field_len().saturating_sub(digest.len())];
                padded.extend_from_slice(&digest);
                digest = padded;
            }
            let result = match curve {
                Curve::P256 => ecdsa_verify::<p256::NistP256>(point, signature, &digest),
                Curve::P384 => ecdsa_verify::<p384::NistP384>(point, signature, &digest),
                Curve::P521 => ecdsa_verify::<p521::NistP521>(point, signature, &digest),
            };
            match result {
                Ok(()) => Verification::valid(label),
                Err(EcError::Key) => Verification::invalid(format!(
                    "the issuer key is not a valid {} point",
                    curve.name()
                )),
                Err(EcError::Signature) => Verification::invalid(format!(
                    "{label}: the signature value is not a valid DER ECDSA signature for {}",
                    curve.name()
                )),
                Err(EcError::Mismatch) => Verification::invalid(format!(
                    "{label}: the signature does not match the issuer key"
                )),
            }
        }
        (Scheme::Ed25519, IssuerKey::Ed25519(raw)) => {
            use ed25519_dalek::Verifier;
            let Ok(raw) = <[u8; 32]>::try_from(raw) else {
                return Verification::invalid(
                    "the issuer Ed25519 key is not 32 bytes long".to_string(),
                );
            };
            let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&raw) else {
                return Verification::invalid(
                    "the issuer Ed25519 key is not a valid point".to_string(),
                );
            };
            let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
                return Verification::invalid(
                    "Ed25519: the signature is not 64 bytes long".to_string(),
                );
            };
            if let Err(v) = budget.take(4) {
                return v;
            }
            finish(&scheme, vk.verify(tbs, &sig).is_ok())
        }
        // Families were compared above, so the remaining combinations cannot occur; answer
        // Invalid rather than panic.
        (_, other) => Verification::invalid(format!(
            "issuer key ({}) does not fit {}",
            other.family().map(Family::name).unwrap_or("unknown"),
            scheme.describe()
        )),
    }
}

fn finish(scheme: &Scheme, ok: bool) -> Verification {
    if ok {
        Verification::valid(scheme.describe())
    } else {
        Verification::invalid(format!(
            "{}: the signature does not match the issuer key",
            scheme.describe()
        ))
    }
}

/// The issuer's RSA key, once its size is within [`MAX_RSA_VERIFY_BITS`] and its check is
/// paid for; otherwise the verdict to report.
fn rsa_key(der: &[u8], budget: &SignatureBudget) -> Result<rsa::RsaPublicKey, Verification> {
    let k = pkcs1::RsaPublicKey::from_der(der).map_err(|e| {
        Verification::invalid(format!("the issuer RSA public key cannot be parsed: {e}"))
    })?;
    let n = rsa::BigUint::from_bytes_be(k.modulus.as_bytes());
    let e = rsa::BigUint::from_bytes_be(k.public_exponent.as_bytes());
    let bits = n.bits() as u64;
    if bits > MAX_RSA_VERIFY_BITS {
        return Err(Verification::not_checked(
            NotCheckedReason::KeyTooLarge,
            format!(
                "not checked: the issuer RSA key has {bits} bits, over the {MAX_RSA_VERIFY_BITS} bits certlens verifies"
            ),
        ));
    }
    let size = bits.div_ceil(1024).max(1);
    let steps = (e.bits() as u64).div_ceil(17).max(1);
    budget.take(size.saturating_mul(size).saturating_mul(steps))?;
    // The rsa crate's own cap (4,096 bits by default) is raised to ours, checked above.
    rsa::RsaPublicKey::new_with_max_size(n, e, MAX_RSA_VERIFY_BITS as usize)
        .map_err(|e| Verification::invalid(format!("the issuer RSA public key is not usable: {e}")))
}

enum EcError {
    Key,
    Signature,
    Mismatch,
}

fn ecdsa_verify<C>(point: &[u8], signature: &[u8], prehash: &[u8]) -> Result<(), EcError>
where
    C: ecdsa::elliptic_curve::PrimeCurve + ecdsa::elliptic_curve::CurveArithmetic,
    ecdsa::elliptic_curve::AffinePoint<C>: ecdsa::hazmat::VerifyPrimitive<C>
        + ecdsa::elliptic_curve::sec1::FromEncodedPoint<C>
        + ecdsa::elliptic_curve::sec1::ToEncodedPoint<C>,
    ecdsa::elliptic_curve::FieldBytesSize<C>: ecdsa::elliptic_curve::sec1::ModulusSize,
    ecdsa::SignatureSize<C>: ecdsa::elliptic_curve::generic_array::ArrayLength<u8>,
    ecdsa::der::MaxSize<C>: ecdsa::elliptic_curve::generic_array::ArrayLength<u8>,
    <ecdsa::elliptic_curve::FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead>
            + ecdsa::elliptic_curve::generic_array::ArrayLength<u8>,
{
    use ecdsa::signature::hazmat::PrehashVerifier;
    let vk = ecdsa::VerifyingKey::<C>::from_sec1_bytes(point).map_err(|_| EcError::Key)?;
    let sig = ecdsa::Signature::<C>::from_der(signature).map_err(|_| EcError::Signature)?;
    vk.verify_prehash(prehash, &sig)
        .map_err(|_| EcError::Mismatch)
}

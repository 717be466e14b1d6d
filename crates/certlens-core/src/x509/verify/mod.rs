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
use der::Decode;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use crate::hash::Hash;

mod scheme;
use crate::limits::Limits;
use scheme::{
    family_signature_name, parse_issuer_key, parse_scheme, Curve, Family, IssuerKey, Scheme,
};

/// Signature-check work one pool may spend, in units of about one RSA-1024 verification: an
/// RSA key costs (bits / 1,024)² times its exponent's length in 17-bit steps (65537 is one
/// step), ECDSA P-256 10, P-384 24, P-521 50, Ed25519 4. Shared by every check of a pool
/// through a `Cell`, so the chain builder, self-signatures and links all draw from it. Deriving
/// a public key from a private key is paid from it too (`keys::cost` has the prices), so it is
/// the pool's one budget of CPU-heavy work.
#[derive(Debug)]
pub struct SignatureBudget {
    left: std::cell::Cell<u64>,
    limit: u64,
    /// Results already computed, shared by the pools of one inventory (see [`VerifyMemo`]).
    memo: Option<VerifyMemo>,
    /// Public keys derived from private keys, which this budget also pays for (see
    /// `keys::cost`): always remembered, within a pool and across the pools sharing a memo.
    keys: DerivedKeys,
}

/// Signature results by what was verified (SHA-256 over the algorithm, the signed bytes, the
/// signature and the issuer key): the many pools of an inventory share one, so the
/// intermediate → root link repeated in a thousand Secrets is verified once. A result is a
/// pure function of those bytes; a check refused for the budget is not remembered.
/// Public keys derived from private keys (SubjectPublicKeyInfo DER, or why there is none, as
/// the sentence) by the SHA-256 of the kind of key and its DER. Filled by `keys::cost`, which
/// pays for derivations from this budget; kept here (x509 is below keys) so that one memo
/// travels with the budget.
pub(crate) type DerivedKeys = std::rc::Rc<
    std::cell::RefCell<std::collections::HashMap<[u8; 32], Result<Vec<u8>, String>>>,
>;

/// Cloning shares it (both maps are reference-counted); it also carries the derived public
/// keys of private keys ([`DerivedKeys`]), which are remembered the same way.
#[derive(Debug, Clone, Default)]
pub(crate) struct VerifyMemo {
    signatures:
        std::rc::Rc<std::cell::RefCell<std::collections::HashMap<[u8; 32], Verification>>>,
    keys: DerivedKeys,
}

impl SignatureBudget {
    pub fn new(limits: &Limits) -> Self {
        SignatureBudget {
            left: std::cell::Cell::new(limits.max_signature_work),
            limit: limits.max_signature_work,
            memo: None,
            keys: DerivedKeys::default(),
        }
    }

    /// [`SignatureBudget::new`], remembering results in `memo` (shared with other pools).
    pub(crate) fn with_memo(limits: &Limits, memo: VerifyMemo) -> Self {
        SignatureBudget {
            keys: memo.keys.clone(),
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
            keys: DerivedKeys::default(),
        }
    }

    /// A full budget of the same size sharing this one's memo: path validation's own, so that
    /// its verdicts do not depend on what other checks of the pool spent before it.
    pub(crate) fn fresh(&self) -> Self {
        SignatureBudget {
            left: std::cell::Cell::new(self.limit),
            limit: self.limit,
            memo: self.memo.clone(),
            keys: self.keys.clone(),
        }
    }

    /// Its size in units.
    pub(crate) fn limit(&self) -> u64 {
        self.limit
    }

    /// Takes `cost` units if that many are left (for work other than signatures: deriving
    /// public keys); takes nothing otherwise.
    pub(crate) fn try_take(&self, cost: u64) -> bool {
        let left = self.left.get();
        if cost > left {
            return false;
        }
        self.left.set(left - cost);
        true
    }

    /// The derived public keys remembered with this budget.
    pub(crate) fn key_memo(&self) -> &DerivedKeys {
        &self.keys
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
    if let Some(v) = memo.signatures.borrow().get(&key) {
        return v.clone();
    }
    let v = verify_uncached(signature_algorithm, tbs, signature, issuer_spki, budget);
    if v.status != SignatureStatus::NotChecked {
        memo.signatures.borrow_mut().insert(key, v.clone());
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
            verify_ecdsa(*hash, curve, point, tbs, signature, budget)
        }
        (Scheme::Ed25519, IssuerKey::Ed25519(raw)) => {
            verify_ed25519(&scheme, raw, tbs, signature, budget)
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

/// ECDSA over P-256, P-384 or P-521 with any hash, the digest computed here.
fn verify_ecdsa(
    hash: Hash,
    curve: Result<Curve, String>,
    point: &[u8],
    tbs: &[u8],
    signature: &[u8],
    budget: &SignatureBudget,
) -> Verification {
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

/// Ed25519: the key is the raw 32 bytes; the message is the TBS itself.
fn verify_ed25519(
    scheme: &Scheme,
    raw: &[u8],
    tbs: &[u8],
    signature: &[u8],
    budget: &SignatureBudget,
) -> Verification {
    use ed25519_dalek::Verifier;
    let Ok(raw) = <[u8; 32]>::try_from(raw) else {
        return Verification::invalid("the issuer Ed25519 key is not 32 bytes long".to_string());
    };
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&raw) else {
        return Verification::invalid("the issuer Ed25519 key is not a valid point".to_string());
    };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
        return Verification::invalid("Ed25519: the signature is not 64 bytes long".to_string());
    };
    if let Err(v) = budget.take(4) {
        return v;
    }
    finish(scheme, vk.verify(tbs, &sig).is_ok())
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

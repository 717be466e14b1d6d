//! What deriving a public key from a private key costs, priced before the work is done, and
//! the memo that makes a repeated key free.
//!
//! A key file that carries its public key costs nothing; one that does not (PKCS#8 Ed448 and
//! X448 as OpenSSL writes them, SEC1 keys written with `-no_public`, PKCS#8 DSA and
//! Diffie-Hellman keys) needs a scalar multiplication or a modular exponentiation, which a
//! crafted file can repeat by the thousand (20,000 Ed448 keys in 3 MB took 249 s of CPU).
//! Each derivation is charged to the pool's work budget — the same [`SignatureBudget`] the
//! signature checks draw from, so one pool's CPU time is bounded as a whole — and its result
//! is remembered by the SHA-256 of the private key's DER, so the same key pasted a thousand
//! times is derived once.
//!
//! Prices are in the budget's unit, about one RSA-1024 signature check (76 µs). They were
//! measured natively in a release build (a loop over `inspect` of one `openssl genpkey` key of
//! each type with signature checks off, minus the cost of inspecting an RSA key, and a loop over
//! `rsa::BigUint::modpow` for the exponentiations, against `verify_signature` on an RSA-1024
//! self-signed certificate), on a shared two-core machine:
//!
//! | derivation | measured | price (units) |
//! |---|---|---|
//! | Ed25519 | 35 µs | 1 |
//! | X25519 | 4.2 ms | 55 |
//! | Ed448 | 17.7 ms | 232 |
//! | X448 | 9.5 ms | 125 |
//! | P-256 | 0.12 ms | 2 |
//! | P-384 | 0.77 ms | 10 |
//! | P-521 | 0.96 ms | 13 |
//! | g^x mod p (DSA, DH) | 1.0 ns × (p bits)² × (x bits) / 1,000 | (p bits)² × (x bits) / 2²⁶, at least 1 |
//!
//! (DH-4096 with a 4,096-bit x: 61 ms, 1,024 units; with OpenSSL's 325-bit x: 4.5 ms, 82;
//! DSA-2048/256: 0.63 ms, 16.) RSA keys always carry their public half: reading one costs no
//! derivation.

use super::KeyError;
use crate::x509::verify::SignatureBudget;

/// A derivation that costs real work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Derivation {
    Ed25519,
    X25519,
    Ed448,
    X448,
    P256,
    P384,
    P521,
    /// g^x mod p (DSA's y, Diffie-Hellman's public value), after the size limits.
    ModPow { p_bits: u64, x_bits: u64 },
}

impl Derivation {
    /// Its price in work units (see the table above).
    pub(crate) fn cost(self) -> u64 {
        match self {
            Derivation::Ed25519 => 1,
            Derivation::X25519 => 55,
            Derivation::Ed448 => 232,
            Derivation::X448 => 125,
            Derivation::P256 => 2,
            Derivation::P384 => 10,
            Derivation::P521 => 13,
            Derivation::ModPow { p_bits, x_bits } => (p_bits
                .saturating_mul(p_bits)
                .saturating_mul(x_bits)
                >> 26)
                .max(1),
        }
    }
}

/// Called with each derivation before it is done; an error stops it.
pub(crate) type Charge<'a> = &'a dyn Fn(Derivation) -> Result<(), KeyError>;

/// No budget: a single key asked for by name (conversions, the public `*_spki` functions).
pub(crate) fn free(_: Derivation) -> Result<(), KeyError> {
    Ok(())
}

/// `derive` (which reads a key of `kind` from `der` and derives its public key, charging each
/// costly step through the [`Charge`] it is given) on `budget`, remembered in its memo
/// (`x509::verify::DerivedKeys`, shared by the pools of one run like the signature memo). A
/// derivation refused for the budget is not remembered: another pool may have budget left.
pub(crate) fn derive_within(
    kind: &str,
    der: &[u8],
    budget: &SignatureBudget,
    derive: impl FnOnce(Charge<'_>) -> Result<Vec<u8>, KeyError>,
) -> Result<Vec<u8>, KeyError> {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update((kind.len() as u64).to_be_bytes());
    h.update(kind.as_bytes());
    h.update(der);
    let id: [u8; 32] = h.finalize().into();
    let memo = budget.key_memo();
    if let Some(r) = memo.borrow().get(&id) {
        // A remembered failure comes back as its sentence (the same Display and kind).
        return r.clone().map_err(KeyError::Malformed);
    }
    let charge = |d: Derivation| {
        if budget.try_take(d.cost()) {
            Ok(())
        } else {
            Err(KeyError::BudgetSpent {
                limit: budget.limit(),
            })
        }
    };
    let r = derive(&charge);
    if !matches!(r, Err(KeyError::BudgetSpent { .. })) {
        let kept = r.clone().map_err(|e| e.to_string());
        memo.borrow_mut().insert(id, kept);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_follow_the_measurements() {
        // DH-4096 with a 4,096-bit private value: 4096² × 4096 / 2²⁶.
        assert_eq!(
            Derivation::ModPow {
                p_bits: 4096,
                x_bits: 4096
            }
            .cost(),
            1024
        );
        assert_eq!(
            Derivation::ModPow {
                p_bits: 2048,
                x_bits: 256
            }
            .cost(),
            16
        );
        assert_eq!(Derivation::ModPow { p_bits: 8, x_bits: 8 }.cost(), 1);
        assert_eq!(
            Derivation::ModPow {
                p_bits: u64::MAX,
                x_bits: u64::MAX
            }
            .cost(),
            u64::MAX >> 26
        );
    }
}

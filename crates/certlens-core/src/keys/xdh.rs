//! X25519 and X448 public keys from private keys (RFC 7748 §5), so that a key file without its
//! public key still yields the pin openssl prints. Plain big-integer Montgomery ladder, like
//! `ed448.rs`: a few milliseconds per key, small, and only public data comes out. It is not a
//! key-agreement implementation and makes no constant-time claims (it derives a public key the
//! user already holds).

use rsa::BigUint;

/// The two curves: bits of the scalar, byte length, the base point's u, and (A - 2) / 4.
#[derive(Clone, Copy)]
pub(crate) enum Curve {
    X25519,
    X448,
}

impl Curve {
    fn len(self) -> usize {
        match self {
            Curve::X25519 => 32,
            Curve::X448 => 56,
        }
    }

    fn prime(self) -> BigUint {
        let one = BigUint::from(1u32);
        match self {
            Curve::X25519 => (&one << 255) - BigUint::from(19u32),
            Curve::X448 => (&one << 448) - (&one << 224) - &one,
        }
    }

    fn a24(self) -> BigUint {
        BigUint::from(match self {
            Curve::X25519 => 121_665u32,
            Curve::X448 => 39_081u32,
        })
    }

    fn base_u(self) -> BigUint {
        BigUint::from(match self {
            Curve::X25519 => 9u32,
            Curve::X448 => 5u32,
        })
    }

    fn bits(self) -> usize {
        match self {
            Curve::X25519 => 255,
            Curve::X448 => 448,
        }
    }

    /// RFC 7748's decodeScalar: clear and set the bits the curve requires.
    fn clamp(self, k: &mut [u8]) {
        match (self, k.first_mut()) {
            (Curve::X25519, Some(b)) => *b &= 248,
            (Curve::X448, Some(b)) => *b &= 252,
            _ => {}
        }
        match (self, k.last_mut()) {
            (Curve::X25519, Some(b)) => {
                *b &= 127;
                *b |= 64;
            }
            (Curve::X448, Some(b)) => *b |= 128,
            _ => {}
        }
    }
}

/// The public key (little-endian u-coordinate) of a private key, or `None` when the private
/// key is not the curve's length.
pub(crate) fn public_key(curve: Curve, private: &[u8]) -> Option<Vec<u8>> {
    if private.len() != curve.len() {
        return None;
    }
    let mut k = private.to_vec();
    curve.clamp(&mut k);
    let p = curve.prime();
    let a24 = curve.a24();
    let x1 = curve.base_u();
    let (mut x2, mut z2) = (BigUint::from(1u32), BigUint::from(0u32));
    let (mut x3, mut z3) = (x1.clone(), BigUint::from(1u32));
    let mut swap = false;
    let sub = |a: &BigUint, b: &BigUint| ((a + &p) - (b % &p)) % &p;
    for t in (0..curve.bits()).rev() {
        let bit = k.get(t / 8).is_some_and(|b| (b >> (t % 8)) & 1 == 1);
        if swap != bit {
            std::mem::swap(&mut x2, &mut x3);
            std::mem::swap(&mut z2, &mut z3);
        }
        swap = bit;
        let a = (&x2 + &z2) % &p;
        let aa = (&a * &a) % &p;
        let b = sub(&x2, &z2);
        let bb = (&b * &b) % &p;
        let e = sub(&aa, &bb);
        let c = (&x3 + &z3) % &p;
        let d = sub(&x3, &z3);
        let da = (&d * &a) % &p;
        let cb = (&c * &b) % &p;
        let sum = (&da + &cb) % &p;
        x3 = (&sum * &sum) % &p;
        let diff = sub(&da, &cb);
        z3 = (&x1 * ((&diff * &diff) % &p)) % &p;
        x2 = (&aa * &bb) % &p;
        z2 = (&e * ((&aa + (&a24 * &e) % &p) % &p)) % &p;
    }
    if swap {
        std::mem::swap(&mut x2, &mut x3);
        std::mem::swap(&mut z2, &mut z3);
    }
    let inv = z2.modpow(&(&p - BigUint::from(2u32)), &p);
    let u = (&x2 * &inv) % &p;
    let mut out = u.to_bytes_le();
    out.resize(curve.len(), 0);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // RFC 7748 §6.1 and §6.2: Alice's key pairs.
    #[test]
    fn rfc7748_vectors() {
        let x25519 = public_key(
            Curve::X25519,
            &hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
        );
        assert_eq!(
            x25519,
            Some(hex(
                "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
            ))
        );
        let x448 = public_key(
            Curve::X448,
            &hex("9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b"),
        );
        assert_eq!(
            x448,
            Some(hex("9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0"))
        );
        assert_eq!(public_key(Curve::X25519, &[0; 31]), None);
    }
}

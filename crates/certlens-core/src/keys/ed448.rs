//! Ed448 public keys from private keys (RFC 8032 §5.2.5), so that an Ed448 key file alone yields
//! its SPKI pin. Plain big-integer arithmetic: slow (a few milliseconds per key) but small, and
//! Ed448 keys are rare. Only public data is produced; this is not a signing implementation and
//! makes no constant-time claims (it derives a public key the user already holds).

use rsa::BigUint;
use sha3::digest::{ExtendableOutput, Update, XofReader};

struct Field {
    p: BigUint,
    d: BigUint,
}

#[derive(Clone)]
struct Point {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

impl Field {
    fn new() -> Self {
        // p = 2^448 - 2^224 - 1; d = -39081 mod p.
        let one = BigUint::from(1u32);
        let p = (&one << 448) - (&one << 224) - &one;
        let d = &p - BigUint::from(39081u32);
        Field { p, d }
    }

    fn add(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a + b) % &self.p
    }

    fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        ((a + &self.p) - (b % &self.p)) % &self.p
    }

    fn mul(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a * b) % &self.p
    }

    /// Projective addition on the untwisted Edwards curve x² + y² = 1 + d·x²·y² (RFC 8032
    /// §5.2.4); complete, so it also doubles.
    fn point_add(&self, p1: &Point, p2: &Point) -> Point {
        let a = self.mul(&p1.z, &p2.z);
        let b = self.mul(&a, &a);
        let c = self.mul(&p1.x, &p2.x);
        let d = self.mul(&p1.y, &p2.y);
        let e = self.mul(&self.mul(&self.d, &c), &d);
        let f = self.sub(&b, &e);
        let g = self.add(&b, &e);
        let h = self.mul(&self.add(&p1.x, &p1.y), &self.add(&p2.x, &p2.y));
        let x3 = self.mul(&self.mul(&a, &f), &self.sub(&self.sub(&h, &c), &d));
        let y3 = self.mul(&self.mul(&a, &g), &self.sub(&d, &c));
        let z3 = self.mul(&f, &g);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    fn base(&self) -> Point {
        let x = BigUint::parse_bytes(
            b"224580040295924300187604334099896036246789641632564134246125461686950415467406032909029192869357953282578032075146446173674602635247710",
            10,
        )
        .unwrap_or_default();
        let y = BigUint::parse_bytes(
            b"298819210078481492676017930443930673437544040154080242095928241372331506189835876003536878655418784733982303233503462500531545062832660",
            10,
        )
        .unwrap_or_default();
        Point {
            x,
            y,
            z: BigUint::from(1u32),
        }
    }

    fn encode(&self, pt: &Point) -> [u8; 57] {
        let two = BigUint::from(2u32);
        let zinv = pt.z.modpow(&(&self.p - &two), &self.p);
        let x = self.mul(&pt.x, &zinv);
        let y = self.mul(&pt.y, &zinv);
        let mut out = [0u8; 57];
        let le = y.to_bytes_le();
        for (o, b) in out.iter_mut().zip(le.iter()) {
            *o = *b;
        }
        if x.to_bytes_le().first().is_some_and(|b| b & 1 == 1) {
            out[56] |= 0x80;
        }
        out
    }
}

/// The 57-byte Ed448 public key of a 57-byte private key (seed).
pub fn public_key(seed: &[u8; 57]) -> [u8; 57] {
    let mut h = [0u8; 114];
    let mut shake = sha3::Shake256::default();
    shake.update(seed);
    shake.finalize_xof().read(&mut h);
    let mut s = [0u8; 57];
    s.copy_from_slice(&h[..57]);
    s[0] &= 0xfc;
    s[56] = 0;
    s[55] |= 0x80;
    let f = Field::new();
    let mut acc = Point {
        x: BigUint::from(0u32),
        y: BigUint::from(1u32),
        z: BigUint::from(1u32),
    };
    let base = f.base();
    // Double-and-add over the clamped scalar's bits, most significant first.
    for byte in s.iter().rev() {
        for bit in (0..8).rev() {
            acc = f.point_add(&acc, &acc);
            if (byte >> bit) & 1 == 1 {
                acc = f.point_add(&acc, &base);
            }
        }
    }
    zeroize::Zeroize::zeroize(&mut h);
    zeroize::Zeroize::zeroize(&mut s);
    f.encode(&acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn rfc8032_test_vectors() {
        // RFC 8032 §7.4, "Blank" and "1 octet".
        for (sk, pk) in [
            (
                "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
                "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180",
            ),
            (
                "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
                "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
            ),
        ] {
            let seed: [u8; 57] = hex(sk).try_into().unwrap();
            assert_eq!(public_key(&seed).to_vec(), hex(pk));
        }
    }
}

//! Key derivation and MAC checks: PBKDF2, the PKCS#12 KDF (RFC 7292 appendix B), HMAC
//! verification, and what an scrypt parameter set costs. They live apart from the schemes so
//! that PKCS#12 MAC checking (in `input::pkcs12`) can use the same derivations as decryption,
//! and so that every cost check sits next to the work it bounds.

use cbc::cipher::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Digest;
use zeroize::Zeroizing;

use super::{malformed, DecryptError, Hash};
use crate::limits::Limits;

/// HMAC check in constant time.
pub(crate) fn hmac_verify(hash: Hash, key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    fn check<M: Mac + KeyInit>(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
        match <M as KeyInit>::new_from_slice(key) {
            Ok(mut m) => {
                m.update(data);
                m.verify_slice(tag).is_ok()
            }
            Err(_) => false,
        }
    }
    match hash {
        Hash::Sha1 => check::<Hmac<sha1::Sha1>>(key, data, tag),
        Hash::Sha224 => check::<Hmac<sha2::Sha224>>(key, data, tag),
        Hash::Sha256 => check::<Hmac<sha2::Sha256>>(key, data, tag),
        Hash::Sha384 => check::<Hmac<sha2::Sha384>>(key, data, tag),
        Hash::Sha512 => check::<Hmac<sha2::Sha512>>(key, data, tag),
        Hash::Sha512_224 => check::<Hmac<sha2::Sha512_224>>(key, data, tag),
        Hash::Sha512_256 => check::<Hmac<sha2::Sha512_256>>(key, data, tag),
    }
}

/// PBKDF2 with HMAC-`hash`. The caller has checked `rounds` against the limits.
pub(crate) fn pbkdf2(hash: Hash, password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
    use pbkdf2::pbkdf2_hmac as p;
    match hash {
        Hash::Sha1 => p::<sha1::Sha1>(password, salt, rounds, out),
        Hash::Sha224 => p::<sha2::Sha224>(password, salt, rounds, out),
        Hash::Sha256 => p::<sha2::Sha256>(password, salt, rounds, out),
        Hash::Sha384 => p::<sha2::Sha384>(password, salt, rounds, out),
        Hash::Sha512 => p::<sha2::Sha512>(password, salt, rounds, out),
        Hash::Sha512_224 => p::<sha2::Sha512_224>(password, salt, rounds, out),
        Hash::Sha512_256 => p::<sha2::Sha512_256>(password, salt, rounds, out),
    }
}

/// The PKCS#12 key derivation function (RFC 7292 appendix B.2). `password` is the BMPString
/// form (UTF-16BE with two trailing zero bytes), or empty for the absent password. `id` is 1
/// for keys, 2 for IVs, 3 for MAC keys. The caller has checked `iterations` against the limits.
pub(crate) fn pkcs12_kdf(
    hash: Hash,
    password: &[u8],
    salt: &[u8],
    id: u8,
    iterations: u64,
    out_len: usize,
) -> Zeroizing<Vec<u8>> {
    match hash {
        Hash::Sha1 => pkcs12_kdf_with::<sha1::Sha1>(64, password, salt, id, iterations, out_len),
        Hash::Sha224 => {
            pkcs12_kdf_with::<sha2::Sha224>(64, password, salt, id, iterations, out_len)
        }
        Hash::Sha256 => {
            pkcs12_kdf_with::<sha2::Sha256>(64, password, salt, id, iterations, out_len)
        }
        Hash::Sha384 => {
            pkcs12_kdf_with::<sha2::Sha384>(128, password, salt, id, iterations, out_len)
        }
        Hash::Sha512 => {
            pkcs12_kdf_with::<sha2::Sha512>(128, password, salt, id, iterations, out_len)
        }
        Hash::Sha512_224 => {
            pkcs12_kdf_with::<sha2::Sha512_224>(128, password, salt, id, iterations, out_len)
        }
        Hash::Sha512_256 => {
            pkcs12_kdf_with::<sha2::Sha512_256>(128, password, salt, id, iterations, out_len)
        }
    }
}

fn pkcs12_kdf_with<D: Digest>(
    v: usize,
    password: &[u8],
    salt: &[u8],
    id: u8,
    iterations: u64,
    out_len: usize,
) -> Zeroizing<Vec<u8>> {
    // Repeat `src` to fill a multiple of v bytes (nothing when `src` is empty).
    fn fill(src: &[u8], v: usize) -> Vec<u8> {
        let n = src.len().div_ceil(v).saturating_mul(v);
        src.iter().copied().cycle().take(n).collect()
    }
    let d = vec![id; v];
    let mut i_buf = Zeroizing::new(fill(salt, v));
    i_buf.extend_from_slice(&Zeroizing::new(fill(password, v)));
    let mut out = Zeroizing::new(Vec::with_capacity(out_len));
    loop {
        let mut h = D::new();
        h.update(&d);
        h.update(i_buf.as_slice());
        let mut a = h.finalize();
        for _ in 1..iterations {
            a = D::digest(&a);
        }
        let want = out_len.saturating_sub(out.len());
        out.extend(a.iter().copied().take(want));
        if out.len() >= out_len || a.is_empty() {
            break;
        }
        // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I, B = A repeated to v bytes.
        let b: Zeroizing<Vec<u8>> = Zeroizing::new(a.iter().copied().cycle().take(v).collect());
        for block in i_buf.chunks_mut(v) {
            let mut carry: u16 = 1;
            for (x, y) in block.iter_mut().rev().zip(b.iter().rev()) {
                let s = u16::from(*x) + u16::from(*y) + carry;
                *x = (s & 0xff) as u8;
                carry = s >> 8;
            }
        }
    }
    out
}

/// Checks scrypt parameters against the limits; returns the cost in PBKDF2-iteration units.
pub(super) fn scrypt_cost(n: u64, r: u64, p: u64, limits: &Limits) -> Result<u64, DecryptError> {
    if n < 2 || !n.is_power_of_two() {
        return Err(malformed(format!(
            "scrypt N = {n} is not a power of two above 1"
        )));
    }
    if r == 0 || p == 0 {
        return Err(malformed("scrypt r and p must be at least 1"));
    }
    let log_n = u64::from(n.trailing_zeros());
    let max_log_n = u64::from(limits.max_scrypt_log_n);
    let max_n = 1u64
        .checked_shl(u32::from(limits.max_scrypt_log_n))
        .unwrap_or(u64::MAX);
    if log_n > max_log_n {
        return Err(DecryptError::CostTooHigh {
            what: "scrypt cost parameter N".to_string(),
            value: n,
            limit: max_n,
        });
    }
    // Work and memory grow with N·r·p; allow what the recommended r = 8, p = 1 costs at the
    // largest N accepted.
    let max_work = max_n.saturating_mul(8);
    let work = u128::from(n)
        .checked_mul(u128::from(r))
        .and_then(|w| w.checked_mul(u128::from(p)))
        .unwrap_or(u128::MAX);
    if work > u128::from(max_work) {
        return Err(DecryptError::CostTooHigh {
            what: "scrypt work N·r·p".to_string(),
            value: u64::try_from(work).unwrap_or(u64::MAX),
            limit: max_work,
        });
    }
    // For the pool's budget, in hash-sized blocks: scrypt's ROMix runs 2·N BlockMix rounds of
    // 2·r Salsa20/8 cores, and a Salsa20/8 core costs about a quarter of a SHA-256 compression,
    // so N·r·p blocks is a fair (slightly generous) count. OpenSSL's default (N = 2^14, r = 8,
    // p = 1) is 131,072 blocks; the largest accepted, 524,288. Scaling it to the PBKDF2
    // iteration cap instead, as before, made OpenSSL's default cost 2.5M blocks, over the
    // whole budget.
    Ok(u64::try_from(work).unwrap_or(u64::MAX).max(1))
}

//! Encryption schemes as named in an AlgorithmIdentifier: PBES2 (PBKDF2 or scrypt), PBES1 and
//! the PKCS#12 PBE schemes. Parsing, describing for a person, checking support and cost before
//! any work, and decrypting with a list of password candidates.

use sha2::Digest;
use zeroize::Zeroizing;

use super::cipher::*;
use super::kdf::*;
use super::password::*;
use super::{malformed, unsupported, DecryptError, Hash};
use crate::asn1::ber::{self, Tlv};
use crate::limits::Limits;

/// The key-derivation function of a PBES2 scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Pbes2Kdf {
    Pbkdf2 {
        salt: Vec<u8>,
        iterations: u64,
        key_len: Option<u64>,
        /// Ok(hash) or Err(name of an unsupported PRF).
        prf: Result<Hash, String>,
    },
    Scrypt {
        salt: Vec<u8>,
        n: u64,
        r: u64,
        p: u64,
        key_len: Option<u64>,
    },
    /// Unsupported KDF, by name.
    Other(String),
}

/// PKCS#12 PBE schemes (RFC 7292 appendix C), all with SHA-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pkcs12Pbe {
    Rc4_128,
    Rc4_40,
    DesEde3,
    DesEde2,
    Rc2_128,
    Rc2_40,
}

impl Pkcs12Pbe {
    fn from_oid(oid: &str) -> Option<Pkcs12Pbe> {
        Some(match oid {
            "1.2.840.113549.1.12.1.1" => Pkcs12Pbe::Rc4_128,
            "1.2.840.113549.1.12.1.2" => Pkcs12Pbe::Rc4_40,
            "1.2.840.113549.1.12.1.3" => Pkcs12Pbe::DesEde3,
            "1.2.840.113549.1.12.1.4" => Pkcs12Pbe::DesEde2,
            "1.2.840.113549.1.12.1.5" => Pkcs12Pbe::Rc2_128,
            "1.2.840.113549.1.12.1.6" => Pkcs12Pbe::Rc2_40,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Pkcs12Pbe::Rc4_128 => "pbeWithSHAAnd128BitRC4",
            Pkcs12Pbe::Rc4_40 => "pbeWithSHAAnd40BitRC4",
            Pkcs12Pbe::DesEde3 => "pbeWithSHAAnd3-KeyTripleDES-CBC",
            Pkcs12Pbe::DesEde2 => "pbeWithSHAAnd2-KeyTripleDES-CBC",
            Pkcs12Pbe::Rc2_128 => "pbeWithSHAAnd128BitRC2-CBC",
            Pkcs12Pbe::Rc2_40 => "pbeWithSHAAnd40BitRC2-CBC",
        }
    }

    fn block_alg(self) -> Option<BlockAlg> {
        match self {
            Pkcs12Pbe::Rc4_128 | Pkcs12Pbe::Rc4_40 => None,
            Pkcs12Pbe::DesEde3 => Some(BlockAlg::DesEde3),
            Pkcs12Pbe::DesEde2 => Some(BlockAlg::DesEde2),
            Pkcs12Pbe::Rc2_128 => Some(BlockAlg::Rc2 {
                key_len: 16,
                effective_bits: 128,
            }),
            Pkcs12Pbe::Rc2_40 => Some(BlockAlg::Rc2 {
                key_len: 5,
                effective_bits: 40,
            }),
        }
    }
}

/// PBES1 schemes (RFC 8018 section 6.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pbes1 {
    Md2Des,
    Md2Rc2,
    Md5Des,
    Md5Rc2,
    Sha1Des,
    Sha1Rc2,
}

impl Pbes1 {
    fn from_oid(oid: &str) -> Option<Pbes1> {
        Some(match oid {
            "1.2.840.113549.1.5.1" => Pbes1::Md2Des,
            "1.2.840.113549.1.5.4" => Pbes1::Md2Rc2,
            "1.2.840.113549.1.5.3" => Pbes1::Md5Des,
            "1.2.840.113549.1.5.6" => Pbes1::Md5Rc2,
            "1.2.840.113549.1.5.10" => Pbes1::Sha1Des,
            "1.2.840.113549.1.5.11" => Pbes1::Sha1Rc2,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Pbes1::Md2Des => "pbeWithMD2AndDES-CBC",
            Pbes1::Md2Rc2 => "pbeWithMD2AndRC2-CBC",
            Pbes1::Md5Des => "pbeWithMD5AndDES-CBC",
            Pbes1::Md5Rc2 => "pbeWithMD5AndRC2-CBC",
            Pbes1::Sha1Des => "pbeWithSHA1AndDES-CBC",
            Pbes1::Sha1Rc2 => "pbeWithSHA1AndRC2-CBC",
        }
    }

    fn block_alg(self) -> BlockAlg {
        match self {
            Pbes1::Md2Des | Pbes1::Md5Des | Pbes1::Sha1Des => BlockAlg::Des,
            // RFC 8018: RC2 with an effective key length of 64 bits.
            Pbes1::Md2Rc2 | Pbes1::Md5Rc2 | Pbes1::Sha1Rc2 => BlockAlg::Rc2 {
                key_len: 8,
                effective_bits: 64,
            },
        }
    }
}

/// A password-based encryption scheme, as read from an AlgorithmIdentifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Pbes2 {
        kdf: Pbes2Kdf,
        cipher: Pbes2Cipher,
        iv: Vec<u8>,
    },
    Pkcs12 {
        alg: Pkcs12Pbe,
        salt: Vec<u8>,
        iterations: u64,
    },
    Pbes1 {
        alg: Pbes1,
        salt: Vec<u8>,
        iterations: u64,
    },
    Unknown {
        oid: String,
    },
}

fn plural_iterations(n: u64) -> String {
    if n == 1 {
        "1 iteration".to_string()
    } else {
        format!("{n} iterations")
    }
}

impl Scheme {
    /// Reads an AlgorithmIdentifier (the whole SEQUENCE element).
    pub(crate) fn parse(alg: &Tlv<'_>) -> Result<Scheme, DecryptError> {
        if !alg.is_universal(ber::SEQUENCE) {
            return Err(malformed("encryption algorithm: expected a SEQUENCE"));
        }
        let mut r = alg.children();
        let oid = r.oid("encryption algorithm")?;
        if oid == "1.2.840.113549.1.5.13" {
            let mut p = r.sequence("PBES2 parameters")?;
            let kdf_alg = p.read("PBES2 key derivation function")?;
            let enc_alg = p.read("PBES2 encryption scheme")?;
            let kdf = parse_pbes2_kdf(&kdf_alg)?;
            let (cipher, iv) = parse_pbes2_cipher(&enc_alg)?;
            return Ok(Scheme::Pbes2 { kdf, cipher, iv });
        }
        if let Some(alg) = Pkcs12Pbe::from_oid(&oid) {
            let mut p = r.sequence("PKCS#12 PBE parameters")?;
            let salt = p.octets("PKCS#12 PBE salt")?.into_owned();
            let iterations = p.uint("PKCS#12 PBE iteration count")?;
            return Ok(Scheme::Pkcs12 {
                alg,
                salt,
                iterations,
            });
        }
        if let Some(alg) = Pbes1::from_oid(&oid) {
            let mut p = r.sequence("PBES1 parameters")?;
            let salt = p.octets("PBES1 salt")?.into_owned();
            let iterations = p.uint("PBES1 iteration count")?;
            return Ok(Scheme::Pbes1 {
                alg,
                salt,
                iterations,
            });
        }
        Ok(Scheme::Unknown { oid })
    }

    /// Human description, e.g. "PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)".
    pub(crate) fn describe(&self) -> String {
        match self {
            Scheme::Pbes2 { kdf, cipher, .. } => {
                let kdf = match kdf {
                    Pbes2Kdf::Pbkdf2 {
                        iterations, prf, ..
                    } => {
                        let prf = match prf {
                            Ok(h) => format!("HMAC-{}", h.short()),
                            Err(name) => name.clone(),
                        };
                        format!("PBKDF2-{prf}, {}", plural_iterations(*iterations))
                    }
                    Pbes2Kdf::Scrypt { n, r, p, .. } => format!("scrypt N={n}, r={r}, p={p}"),
                    Pbes2Kdf::Other(name) => name.clone(),
                };
                format!("PBES2 ({kdf}, {})", cipher.name())
            }
            Scheme::Pkcs12 {
                alg, iterations, ..
            } => format!("{} ({})", alg.name(), plural_iterations(*iterations)),
            Scheme::Pbes1 {
                alg, iterations, ..
            } => format!("PBES1 {} ({})", alg.name(), plural_iterations(*iterations)),
            Scheme::Unknown { oid } => format!("unknown scheme (OID {oid})"),
        }
    }

    /// Checks that the scheme is supported, its cost is within limits, and the ciphertext
    /// length fits the cipher — all before any key derivation. Returns the cost in
    /// key-derivation blocks for the budget (iterations × hash-sized blocks derived).
    fn check(&self, ciphertext_len: usize, limits: &Limits) -> Result<u64, DecryptError> {
        let max_iter = u64::from(limits.max_pbkdf2_iterations);
        let check_iterations = |what: &str, n: u64| -> Result<u64, DecryptError> {
            if n == 0 {
                return Err(malformed(format!("{what} is 0")));
            }
            if n > max_iter {
                return Err(DecryptError::CostTooHigh {
                    what: what.to_string(),
                    value: n,
                    limit: max_iter,
                });
            }
            Ok(n)
        };
        let (alg, cost) = match self {
            Scheme::Unknown { oid } => {
                return Err(unsupported(format!("unknown scheme (OID {oid})")));
            }
            Scheme::Pbes1 {
                alg, iterations, ..
            } => {
                if matches!(alg, Pbes1::Md2Des | Pbes1::Md2Rc2) {
                    return Err(unsupported(format!("PBES1 {} (MD2)", alg.name())));
                }
                // PBKDF1: one hash per iteration gives key and IV together.
                let cost = check_iterations("PBES1 iteration count", *iterations)?;
                (alg.block_alg(), cost)
            }
            Scheme::Pkcs12 {
                alg, iterations, ..
            } => {
                let Some(block) = alg.block_alg() else {
                    return Err(unsupported(format!("{} (RC4)", alg.name())));
                };
                let n = check_iterations("PKCS#12 key-derivation iteration count", *iterations)?;
                // Two derivations with SHA-1 (20-byte blocks): the key, then the 8-byte IV.
                let per_iteration = blocks(block.key_len() as u64, 20).saturating_add(1);
                (block, n.saturating_mul(per_iteration))
            }
            Scheme::Pbes2 { kdf, cipher, iv } => {
                let alg = match cipher {
                    Pbes2Cipher::Supported(a) => *a,
                    Pbes2Cipher::Other(name) => {
                        return Err(unsupported(format!("PBES2 with {name}")));
                    }
                };
                if iv.len() != alg.block_len() {
                    return Err(malformed(format!(
                        "PBES2: the {} IV is {} bytes, expected {}",
                        cipher.name(),
                        iv.len(),
                        alg.block_len()
                    )));
                }
                let key_len = alg.key_len() as u64;
                let cost = match kdf {
                    Pbes2Kdf::Other(name) => {
                        return Err(unsupported(format!("PBES2 with {name}")));
                    }
                    Pbes2Kdf::Pbkdf2 {
                        iterations,
                        key_len: kl,
                        prf,
                        ..
                    } => {
                        if let Err(name) = prf {
                            return Err(unsupported(format!("PBKDF2 with {name}")));
                        }
                        if kl.is_some_and(|k| k != key_len) {
                            return Err(malformed("PBKDF2 key length does not match the cipher"));
                        }
                        let n = check_iterations("PBKDF2 iteration count", *iterations)?;
                        let h = prf.as_ref().map(|h| h.output_len()).unwrap_or(20);
                        n.saturating_mul(blocks(key_len, h))
                    }
                    Pbes2Kdf::Scrypt {
                        n,
                        r,
                        p,
                        key_len: kl,
                        ..
                    } => {
                        if kl.is_some_and(|k| k != key_len) {
                            return Err(malformed("scrypt key length does not match the cipher"));
                        }
                        scrypt_cost(*n, *r, *p, limits)?
                    }
                };
                (alg, cost)
            }
        };
        if ciphertext_len == 0 || ciphertext_len % alg.block_len() != 0 {
            return Err(malformed(format!(
                "the encrypted data is {ciphertext_len} bytes, not a whole number of {}-byte blocks",
                alg.block_len()
            )));
        }
        Ok(cost)
    }

    /// Derives the key and decrypts. Call `check` first.
    fn decrypt(&self, pw: &Pw, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
        match self {
            Scheme::Unknown { oid } => Err(unsupported(format!("unknown scheme (OID {oid})"))),
            Scheme::Pbes1 {
                alg,
                salt,
                iterations,
            } => {
                let mut t: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
                match alg {
                    Pbes1::Md5Des | Pbes1::Md5Rc2 => {
                        let mut h = md5::Md5::new();
                        h.update(pw.raw.as_slice());
                        h.update(salt);
                        let mut d = h.finalize();
                        for _ in 1..*iterations {
                            d = md5::Md5::digest(d);
                        }
                        t.extend_from_slice(&d);
                    }
                    Pbes1::Sha1Des | Pbes1::Sha1Rc2 => {
                        let mut h = sha1::Sha1::new();
                        h.update(pw.raw.as_slice());
                        h.update(salt);
                        let mut d = h.finalize();
                        for _ in 1..*iterations {
                            d = sha1::Sha1::digest(d);
                        }
                        t.extend_from_slice(&d);
                    }
                    Pbes1::Md2Des | Pbes1::Md2Rc2 => {
                        return Err(unsupported(format!("PBES1 {} (MD2)", alg.name())));
                    }
                }
                let key = t
                    .get(..8)
                    .ok_or_else(|| malformed("PBES1 key derivation"))?;
                let iv = t
                    .get(8..16)
                    .ok_or_else(|| malformed("PBES1 key derivation"))?;
                alg.block_alg().decrypt(key, iv, ciphertext)
            }
            Scheme::Pkcs12 {
                alg,
                salt,
                iterations,
            } => {
                let Some(block) = alg.block_alg() else {
                    return Err(unsupported(format!("{} (RC4)", alg.name())));
                };
                let key = pkcs12_kdf(Hash::Sha1, &pw.bmp, salt, 1, *iterations, block.key_len());
                let iv = pkcs12_kdf(Hash::Sha1, &pw.bmp, salt, 2, *iterations, block.block_len());
                block.decrypt(&key, &iv, ciphertext)
            }
            Scheme::Pbes2 { kdf, cipher, iv } => {
                let alg = match cipher {
                    Pbes2Cipher::Supported(a) => *a,
                    Pbes2Cipher::Other(name) => {
                        return Err(unsupported(format!("PBES2 with {name}")));
                    }
                };
                let mut key = Zeroizing::new(vec![0u8; alg.key_len()]);
                match kdf {
                    Pbes2Kdf::Other(name) => {
                        return Err(unsupported(format!("PBES2 with {name}")));
                    }
                    Pbes2Kdf::Pbkdf2 {
                        salt,
                        iterations,
                        prf,
                        ..
                    } => {
                        let hash = match prf {
                            Ok(h) => *h,
                            Err(name) => return Err(unsupported(format!("PBKDF2 with {name}"))),
                        };
                        let rounds = u32::try_from(*iterations)
                            .map_err(|_| malformed("PBKDF2 iteration count too large"))?;
                        pbkdf2(hash, &pw.raw, salt, rounds, key.as_mut_slice());
                    }
                    Pbes2Kdf::Scrypt { salt, n, r, p, .. } => {
                        let log_n =
                            u8::try_from(n.trailing_zeros()).map_err(|_| malformed("scrypt N"))?;
                        let r = u32::try_from(*r).map_err(|_| malformed("scrypt r too large"))?;
                        let p = u32::try_from(*p).map_err(|_| malformed("scrypt p too large"))?;
                        let params = pkcs5::scrypt::Params::new(log_n, r, p, 32)
                            .map_err(|_| malformed("invalid scrypt parameters"))?;
                        pkcs5::scrypt::scrypt(&pw.raw, salt, &params, key.as_mut_slice())
                            .map_err(|_| malformed("invalid scrypt parameters"))?;
                    }
                }
                alg.decrypt(&key, iv, ciphertext)
            }
        }
    }

    /// Which password form this scheme uses (for skipping duplicate attempts).
    fn password_form<'p>(&self, pw: &'p Pw) -> &'p [u8] {
        match self {
            Scheme::Pkcs12 { .. } => &pw.bmp,
            _ => &pw.raw,
        }
    }
}

pub(crate) fn parse_pbes2_kdf(alg: &Tlv<'_>) -> Result<Pbes2Kdf, DecryptError> {
    if !alg.is_universal(ber::SEQUENCE) {
        return Err(malformed(
            "PBES2 key derivation function: expected a SEQUENCE",
        ));
    }
    let mut r = alg.children();
    let oid = r.oid("PBES2 key derivation function")?;
    match oid.as_str() {
        "1.2.840.113549.1.5.12" => {
            let mut p = r.sequence("PBKDF2 parameters")?;
            if p.next_is(ber::UNIVERSAL, ber::SEQUENCE) {
                return Ok(Pbes2Kdf::Other(
                    "PBKDF2 with a salt from otherSource".to_string(),
                ));
            }
            let salt = p.octets("PBKDF2 salt")?.into_owned();
            let iterations = p.uint("PBKDF2 iteration count")?;
            let key_len = if p.next_is(ber::UNIVERSAL, ber::INTEGER) {
                Some(p.uint("PBKDF2 key length")?)
            } else {
                None
            };
            let prf = if p.next_is(ber::UNIVERSAL, ber::SEQUENCE) {
                let mut a = p.sequence("PBKDF2 PRF")?;
                let prf_oid = a.oid("PBKDF2 PRF")?;
                a.null_or_absent("PBKDF2 PRF parameters")?;
                match Hash::from_hmac_oid(&prf_oid) {
                    Some(h) => Ok(h),
                    None => Err(match prf_oid.as_str() {
                        "1.2.643.7.1.1.4.1" | "1.2.643.7.1.1.4.2" => "PRF HMAC-GOST".to_string(),
                        "1.2.156.10197.1.401.3.1" => "PRF HMAC-SM3".to_string(),
                        _ => format!("PRF OID {prf_oid}"),
                    }),
                }
            } else {
                Ok(Hash::Sha1)
            };
            Ok(Pbes2Kdf::Pbkdf2 {
                salt,
                iterations,
                key_len,
                prf,
            })
        }
        "1.3.6.1.4.1.11591.4.11" => {
            let mut p = r.sequence("scrypt parameters")?;
            let salt = p.octets("scrypt salt")?.into_owned();
            let n = p.uint("scrypt cost parameter N")?;
            let r_ = p.uint("scrypt block size r")?;
            let p_ = p.uint("scrypt parallelization p")?;
            let key_len = if p.next_is(ber::UNIVERSAL, ber::INTEGER) {
                Some(p.uint("scrypt key length")?)
            } else {
                None
            };
            Ok(Pbes2Kdf::Scrypt {
                salt,
                n,
                r: r_,
                p: p_,
                key_len,
            })
        }
        "1.2.840.113549.1.5.14" => Ok(Pbes2Kdf::Other("PBMAC1 as a KDF".to_string())),
        "1.3.6.1.4.1.1722.12.2.1.16" | "1.3.6.1.4.1.1722.12.2.2.8" => {
            Ok(Pbes2Kdf::Other("BLAKE/Argon2 key derivation".to_string()))
        }
        other => Ok(Pbes2Kdf::Other(format!("key derivation OID {other}"))),
    }
}

fn parse_pbes2_cipher(alg: &Tlv<'_>) -> Result<(Pbes2Cipher, Vec<u8>), DecryptError> {
    if !alg.is_universal(ber::SEQUENCE) {
        return Err(malformed("PBES2 encryption scheme: expected a SEQUENCE"));
    }
    let mut r = alg.children();
    let oid = r.oid("PBES2 encryption scheme")?;
    let cipher = Pbes2Cipher::from_oid(&oid);
    let iv = match cipher {
        Pbes2Cipher::Supported(_) => r.octets("PBES2 cipher IV")?.into_owned(),
        Pbes2Cipher::Other(_) => Vec::new(),
    };
    Ok((cipher, iv))
}

/// Decrypts `ciphertext` with `scheme`, trying each password form until the plaintext passes
/// the padding check and `accept`. All checks (support, limits, lengths) come first.
pub(crate) fn decrypt_with_scheme(
    scheme: &Scheme,
    ciphertext: &[u8],
    candidates: &[Pw],
    limits: &Limits,
    budget: &mut Budget,
    accept: &dyn Fn(&[u8]) -> bool,
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let cost = scheme.check(ciphertext.len(), limits)?;
    let mut tried: Vec<&[u8]> = Vec::new();
    for pw in candidates {
        let form = scheme.password_form(pw);
        if tried.contains(&form) {
            continue;
        }
        tried.push(form);
        budget.charge(cost)?;
        match scheme.decrypt(pw, ciphertext) {
            Ok(plain) if accept(&plain) => return Ok(plain),
            Ok(_) | Err(DecryptError::WrongPassword) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(DecryptError::WrongPassword)
}

//! Decrypting private keys.
//!
//! * PKCS#8 `EncryptedPrivateKeyInfo` (`BEGIN ENCRYPTED PRIVATE KEY`, and the shrouded key bags
//!   of PKCS#12 files): PBES2 (PBKDF2 or scrypt, AES-CBC / DES-EDE3-CBC / DES-CBC), PBES1 (MD5 or
//!   SHA-1 with DES or RC2) and the PKCS#12 PBE schemes (SHA-1 with 3DES or RC2).
//! * Legacy OpenSSL PEM encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info: CIPHER,IV`).
//!
//! Everything here reads untrusted bytes, so nothing may panic: slices are taken with `get`,
//! arithmetic on lengths is checked, and every key-derivation cost is checked against
//! [`Limits`] before any work is done. The ASN.1 reader ([`ber`]) accepts BER (indefinite
//! lengths, constructed OCTET STRINGs), because PKCS#12 files from Windows and Java use it.

use std::borrow::Cow;
use std::fmt;

use cbc::cipher::{block_padding::Pkcs7, BlockCipher, BlockDecryptMut, InnerIvInit, KeyInit};
use hmac::{Hmac, Mac};
use sha2::Digest;
use zeroize::Zeroizing;

pub(crate) use crate::hash::Hash;
use crate::limits::Limits;

/// Why an encrypted key or PKCS#12 file could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecryptError {
    /// The data is encrypted and no password was given.
    NeedPassword,
    /// A padding or MAC check failed: wrong password (or corrupted data).
    WrongPassword,
    /// The encryption scheme is known to exist but not supported here (or not known at all).
    Unsupported { algorithm: String },
    /// A key-derivation cost is above the limit; checked before any work is done.
    CostTooHigh {
        what: String,
        value: u64,
        limit: u64,
    },
    /// The structure is broken; `detail` says what.
    Malformed { detail: String },
}

impl fmt::Display for DecryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecryptError::NeedPassword => {
                f.write_str("this is encrypted; a password is needed to open it")
            }
            DecryptError::WrongPassword => f.write_str("wrong password (or the file is corrupted)"),
            DecryptError::Unsupported { algorithm } => {
                write!(f, "unsupported encryption: {algorithm}")
            }
            DecryptError::CostTooHigh { what, value, limit } => write!(
                f,
                "{what} {value} is above the limit of {limit}; refusing to spend that long"
            ),
            DecryptError::Malformed { detail } => write!(f, "malformed encrypted data: {detail}"),
        }
    }
}

impl std::error::Error for DecryptError {}

/// A broken structure is a broken encrypted file: same words as before the reader moved.
impl From<crate::asn1::Asn1Error> for DecryptError {
    fn from(e: crate::asn1::Asn1Error) -> Self {
        DecryptError::Malformed { detail: e.detail }
    }
}

pub(crate) fn malformed(detail: impl Into<String>) -> DecryptError {
    DecryptError::Malformed {
        detail: detail.into(),
    }
}

fn unsupported(algorithm: impl Into<String>) -> DecryptError {
    DecryptError::Unsupported {
        algorithm: algorithm.into(),
    }
}

use crate::asn1::ber::{self, Tlv};
// ------------------------------------------------------------------------------------------------
// Algorithms
// ------------------------------------------------------------------------------------------------

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

/// Block ciphers in CBC mode with PKCS#7 padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockAlg {
    Aes128,
    Aes192,
    Aes256,
    DesEde3,
    DesEde2,
    Des,
    Rc2 {
        key_len: usize,
        effective_bits: usize,
    },
}

impl BlockAlg {
    fn key_len(self) -> usize {
        match self {
            BlockAlg::Aes128 | BlockAlg::DesEde2 => 16,
            BlockAlg::Aes192 | BlockAlg::DesEde3 => 24,
            BlockAlg::Aes256 => 32,
            BlockAlg::Des => 8,
            BlockAlg::Rc2 { key_len, .. } => key_len,
        }
    }

    fn block_len(self) -> usize {
        match self {
            BlockAlg::Aes128 | BlockAlg::Aes192 | BlockAlg::Aes256 => 16,
            _ => 8,
        }
    }

    /// Decrypts and removes PKCS#7 padding. Bad padding → WrongPassword.
    fn decrypt(
        self,
        key: &[u8],
        iv: &[u8],
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
        fn run<C: BlockDecryptMut + BlockCipher>(
            cipher: C,
            iv: &[u8],
            ciphertext: &[u8],
        ) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
            let dec = cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv)
                .map_err(|_| malformed("the IV has the wrong length for the cipher"))?;
            let mut buf = Zeroizing::new(ciphertext.to_vec());
            let len = dec
                .decrypt_padded_mut::<Pkcs7>(buf.as_mut_slice())
                .map_err(|_| DecryptError::WrongPassword)?
                .len();
            buf.truncate(len);
            Ok(buf)
        }
        fn init<C: KeyInit>(key: &[u8]) -> Result<C, DecryptError> {
            C::new_from_slice(key).map_err(|_| malformed("derived key has the wrong length"))
        }
        match self {
            BlockAlg::Aes128 => run(init::<aes::Aes128Dec>(key)?, iv, ciphertext),
            BlockAlg::Aes192 => run(init::<aes::Aes192Dec>(key)?, iv, ciphertext),
            BlockAlg::Aes256 => run(init::<aes::Aes256Dec>(key)?, iv, ciphertext),
            BlockAlg::DesEde3 => run(init::<des::TdesEde3>(key)?, iv, ciphertext),
            BlockAlg::DesEde2 => run(init::<des::TdesEde2>(key)?, iv, ciphertext),
            BlockAlg::Des => run(init::<des::Des>(key)?, iv, ciphertext),
            BlockAlg::Rc2 {
                key_len,
                effective_bits,
            } => {
                if key.len() != key_len || key.is_empty() || key.len() > 128 {
                    return Err(malformed("derived key has the wrong length"));
                }
                run(
                    rc2::Rc2::new_with_eff_key_len(key, effective_bits),
                    iv,
                    ciphertext,
                )
            }
        }
    }
}

/// The cipher of a PBES2 scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Pbes2Cipher {
    Supported(BlockAlg),
    /// Known name or "cipher OID x.y.z".
    Other(String),
}

impl Pbes2Cipher {
    fn from_oid(oid: &str) -> Pbes2Cipher {
        let alg = match oid {
            "2.16.840.1.101.3.4.1.2" => BlockAlg::Aes128,
            "2.16.840.1.101.3.4.1.22" => BlockAlg::Aes192,
            "2.16.840.1.101.3.4.1.42" => BlockAlg::Aes256,
            "1.2.840.113549.3.7" => BlockAlg::DesEde3,
            "1.3.14.3.2.7" => BlockAlg::Des,
            other => {
                let name = match other {
                    "1.2.840.113549.3.2" => "RC2-CBC".to_string(),
                    "1.2.840.113549.3.4" => "RC4".to_string(),
                    "1.2.840.113549.3.9" => "RC5-CBC".to_string(),
                    "2.16.840.1.101.3.4.1.6" => "AES-128-GCM".to_string(),
                    "2.16.840.1.101.3.4.1.26" => "AES-192-GCM".to_string(),
                    "2.16.840.1.101.3.4.1.46" => "AES-256-GCM".to_string(),
                    "2.16.840.1.101.3.4.1.1" => "AES-128-ECB".to_string(),
                    "2.16.840.1.101.3.4.1.21" => "AES-192-ECB".to_string(),
                    "2.16.840.1.101.3.4.1.41" => "AES-256-ECB".to_string(),
                    "1.2.392.200011.61.1.1.1.2" => "CAMELLIA-128-CBC".to_string(),
                    "1.2.392.200011.61.1.1.1.3" => "CAMELLIA-192-CBC".to_string(),
                    "1.2.392.200011.61.1.1.1.4" => "CAMELLIA-256-CBC".to_string(),
                    "1.2.156.10197.1.104.2" => "SM4-CBC".to_string(),
                    "1.3.6.1.4.1.188.7.1.1.2" => "IDEA-CBC".to_string(),
                    "1.3.6.1.4.1.3029.1.2" => "BF-CBC".to_string(),
                    _ => format!("cipher OID {other}"),
                };
                return Pbes2Cipher::Other(name);
            }
        };
        Pbes2Cipher::Supported(alg)
    }

    fn name(&self) -> String {
        match self {
            Pbes2Cipher::Supported(a) => match a {
                BlockAlg::Aes128 => "AES-128-CBC",
                BlockAlg::Aes192 => "AES-192-CBC",
                BlockAlg::Aes256 => "AES-256-CBC",
                BlockAlg::DesEde3 => "DES-EDE3-CBC",
                BlockAlg::DesEde2 => "DES-EDE-CBC",
                BlockAlg::Des => "DES-CBC",
                BlockAlg::Rc2 { .. } => "RC2-CBC",
            }
            .to_string(),
            Pbes2Cipher::Other(name) => name.clone(),
        }
    }
}

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
    /// "PBKDF2 iterations" for the budget.
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
                let cost = check_iterations("PBES1 iteration count", *iterations)?;
                (alg.block_alg(), cost)
            }
            Scheme::Pkcs12 {
                alg, iterations, ..
            } => {
                let Some(block) = alg.block_alg() else {
                    return Err(unsupported(format!("{} (RC4)", alg.name())));
                };
                let cost = check_iterations("PKCS#12 key-derivation iteration count", *iterations)?;
                (block, cost)
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
                        check_iterations("PBKDF2 iteration count", *iterations)?
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

/// Checks scrypt parameters against the limits; returns the cost in PBKDF2-iteration units.
fn scrypt_cost(n: u64, r: u64, p: u64, limits: &Limits) -> Result<u64, DecryptError> {
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
    // For the total budget, count the largest accepted scrypt like the largest PBKDF2.
    let scaled =
        work.saturating_mul(u128::from(limits.max_pbkdf2_iterations)) / u128::from(max_work.max(1));
    Ok(u64::try_from(scaled).unwrap_or(u64::MAX).max(1))
}

// ------------------------------------------------------------------------------------------------
// Passwords and the work budget
// ------------------------------------------------------------------------------------------------

/// A password in the two forms PBE schemes use.
pub(crate) struct Pw {
    /// Bytes as given (UTF-8): PBES1, PBES2.
    pub(crate) raw: Zeroizing<Vec<u8>>,
    /// BMPString form (UTF-16BE + 00 00), or empty for the absent password: PKCS#12 KDF.
    pub(crate) bmp: Zeroizing<Vec<u8>>,
}

/// BMPString form of a password as OpenSSL makes it: UTF-8 → UTF-16BE (surrogate pairs above
/// U+FFFF) + 00 00; bytes that are not UTF-8 are taken one byte per character.
pub(crate) fn bmp_password(pw: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(
        pw.len().saturating_mul(2).saturating_add(2),
    ));
    match std::str::from_utf8(pw) {
        Ok(s) => {
            for unit in s.encode_utf16() {
                out.extend_from_slice(&unit.to_be_bytes());
            }
        }
        Err(_) => {
            for b in pw {
                out.extend_from_slice(&[0, *b]);
            }
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// The password forms to try, in order: the normal one; for the empty password also the
/// absent password (older files, and what OpenSSL retries); for non-ASCII passwords also the
/// one-byte-per-character form that OpenSSL before 1.1.0 used.
pub(crate) fn password_candidates(pw: &[u8]) -> Vec<Pw> {
    let mut out = vec![Pw {
        raw: Zeroizing::new(pw.to_vec()),
        bmp: bmp_password(pw),
    }];
    if pw.is_empty() {
        out.push(Pw {
            raw: Zeroizing::new(Vec::new()),
            bmp: Zeroizing::new(Vec::new()),
        });
    } else if !pw.is_ascii() {
        let mut bmp = Zeroizing::new(Vec::new());
        for b in pw {
            bmp.extend_from_slice(&[0, *b]);
        }
        bmp.extend_from_slice(&[0, 0]);
        // What OpenSSL passes on as the password in that case: each byte as a Latin-1 char.
        let latin1: String = pw.iter().map(|b| char::from(*b)).collect();
        out.push(Pw {
            raw: Zeroizing::new(latin1.into_bytes()),
            bmp,
        });
    }
    out
}

/// Total key-derivation work allowed for one input: four times the per-item limit.
pub(crate) struct Budget {
    used: u64,
    limit: u64,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Budget {
        Budget {
            used: 0,
            limit: u64::from(limits.max_pbkdf2_iterations).saturating_mul(4),
        }
    }

    pub(crate) fn charge(&mut self, cost: u64) -> Result<(), DecryptError> {
        let total = self.used.saturating_add(cost);
        if total > self.limit {
            return Err(DecryptError::CostTooHigh {
                what: "total key-derivation iterations for this input".to_string(),
                value: total,
                limit: self.limit,
            });
        }
        self.used = total;
        Ok(())
    }
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

// ------------------------------------------------------------------------------------------------
// PKCS#8
// ------------------------------------------------------------------------------------------------

/// EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,
/// encryptedData OCTET STRING }
fn parse_encrypted_pki(der: &[u8]) -> Result<(Scheme, Cow<'_, [u8]>), DecryptError> {
    let outer = ber::parse_first(der)?;
    if !outer.is_universal(ber::SEQUENCE) || !outer.constructed {
        return Err(malformed(
            "not an EncryptedPrivateKeyInfo (expected a SEQUENCE)",
        ));
    }
    let mut r = outer.children();
    let alg = r.read("EncryptedPrivateKeyInfo algorithm")?;
    let scheme = Scheme::parse(&alg)?;
    let data = r.octets("EncryptedPrivateKeyInfo encrypted data")?;
    Ok((scheme, data))
}

/// Whether `plain` is a DER PKCS#8 PrivateKeyInfo (or OneAsymmetricKey).
pub(crate) fn is_pkcs8_private_key(plain: &[u8]) -> bool {
    pkcs8::PrivateKeyInfo::try_from(plain).is_ok()
}

/// Loose BER shape of a PrivateKeyInfo: SEQUENCE { INTEGER, SEQUENCE { OID ... }, OCTET STRING ... }
fn looks_like_private_key_info(plain: &[u8]) -> bool {
    let Ok(t) = ber::parse_exact(plain) else {
        return false;
    };
    if !t.is_universal(ber::SEQUENCE) {
        return false;
    }
    let mut r = t.children();
    r.uint("version").is_ok_and(|v| v <= 1)
        && r.sequence("algorithm")
            .and_then(|mut a| a.oid("algorithm"))
            .is_ok()
        && r.octets("key").is_ok()
}

/// Decrypts an EncryptedPrivateKeyInfo with prepared password candidates; also returns the
/// description of its scheme.
pub(crate) fn decrypt_encrypted_pki(
    der: &[u8],
    candidates: &[Pw],
    limits: &Limits,
    budget: &mut Budget,
) -> Result<(Zeroizing<Vec<u8>>, String), DecryptError> {
    let (scheme, data) = parse_encrypted_pki(der)?;
    let accept = |p: &[u8]| is_pkcs8_private_key(p) || looks_like_private_key_info(p);
    let plain = decrypt_with_scheme(&scheme, &data, candidates, limits, budget, &accept)?;
    if !is_pkcs8_private_key(&plain) {
        return Err(malformed(
            "the key decrypted, but what is inside is not a valid DER PKCS#8 private key",
        ));
    }
    Ok((plain, scheme.describe()))
}

/// Human description of how an EncryptedPrivateKeyInfo (DER) is encrypted, e.g.
/// "PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)". Never fails: unknown →
/// "unknown scheme (OID x.y.z)".
pub fn describe_pkcs8_encryption(der: &[u8]) -> String {
    let outer = match ber::parse_first(der) {
        Ok(t) if t.is_universal(ber::SEQUENCE) && t.constructed => t,
        _ => return "unknown scheme (not an EncryptedPrivateKeyInfo)".to_string(),
    };
    let mut r = outer.children();
    let scheme = r
        .read("EncryptedPrivateKeyInfo algorithm")
        .map_err(DecryptError::from)
        .and_then(|alg| Scheme::parse(&alg));
    match scheme {
        Ok(s) => s.describe(),
        Err(e) => format!("unknown scheme (unreadable parameters: {e})"),
    }
}

/// Decrypt an ENCRYPTED PRIVATE KEY (EncryptedPrivateKeyInfo DER) → PrivateKeyInfo (PKCS#8) DER.
///
/// Supports PBES2 with PBKDF2 (HMAC-SHA1/SHA224/SHA256/SHA384/SHA512/SHA512-224/SHA512-256) or
/// scrypt, with AES-128/192/256-CBC, DES-EDE3-CBC or DES-CBC; PBES1 with MD5 or SHA-1 and DES or
/// RC2; and the PKCS#12 PBE schemes with 3DES (3- and 2-key) or RC2 (128 and 40 bits). Costs
/// are checked against `limits` before any key derivation. A result that does not parse as a
/// PKCS#8 PrivateKeyInfo is reported as WrongPassword (or, if it is a PrivateKeyInfo in BER
/// rather than DER, as Malformed).
pub fn decrypt_pkcs8(
    der: &[u8],
    password: &[u8],
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let candidates = password_candidates(password);
    let mut budget = Budget::new(limits);
    decrypt_encrypted_pki(der, &candidates, limits, &mut budget).map(|(plain, _)| plain)
}

// ------------------------------------------------------------------------------------------------
// Legacy OpenSSL PEM encryption
// ------------------------------------------------------------------------------------------------

fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Whether headers mark a legacy-encrypted block (`Proc-Type: 4,ENCRYPTED`).
pub fn is_legacy_encrypted(headers: &[(String, String)]) -> bool {
    header_value(headers, "Proc-Type").is_some_and(|v| {
        let mut parts = v.split(',').map(str::trim);
        parts.next() == Some("4")
            && parts
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case("ENCRYPTED"))
    })
}

/// "AES-256-CBC" etc. from DEK-Info, for display.
pub fn legacy_cipher(headers: &[(String, String)]) -> Option<String> {
    let v = header_value(headers, "DEK-Info")?;
    let name = v.split(',').next().unwrap_or("").trim();
    if name.is_empty() {
        None
    } else {
        Some(name.to_ascii_uppercase())
    }
}

fn legacy_block_alg(name: &str) -> Option<BlockAlg> {
    Some(match name {
        "AES-128-CBC" => BlockAlg::Aes128,
        "AES-192-CBC" => BlockAlg::Aes192,
        "AES-256-CBC" => BlockAlg::Aes256,
        "DES-EDE3-CBC" => BlockAlg::DesEde3,
        "DES-EDE-CBC" => BlockAlg::DesEde2,
        "DES-CBC" => BlockAlg::Des,
        _ => return None,
    })
}

fn parse_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.len() % 2 != 0 {
        return None;
    }
    s.as_bytes()
        .chunks_exact(2)
        .map(|pair| {
            let hi = char::from(*pair.first()?).to_digit(16)?;
            let lo = char::from(*pair.get(1)?).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

/// OpenSSL's EVP_BytesToKey with MD5 and one iteration (key only; the IV comes from DEK-Info).
fn evp_bytes_to_key_md5(password: &[u8], salt: &[u8], key_len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(key_len));
    let mut prev: Option<Zeroizing<Vec<u8>>> = None;
    while out.len() < key_len {
        let mut h = md5::Md5::new();
        if let Some(p) = &prev {
            h.update(p.as_slice());
        }
        h.update(password);
        h.update(salt);
        let d = Zeroizing::new(h.finalize().to_vec());
        let want = key_len.saturating_sub(out.len());
        out.extend(d.iter().copied().take(want));
        prev = Some(d);
    }
    out
}

/// Legacy OpenSSL PEM encryption ("Proc-Type: 4,ENCRYPTED" + "DEK-Info: CIPHER,IVHEX" headers of
/// a BEGIN RSA/EC/DSA PRIVATE KEY block): EVP_BytesToKey(MD5, salt = first 8 IV bytes, count 1),
/// ciphers AES-128-CBC, AES-192-CBC, AES-256-CBC, DES-EDE3-CBC, DES-EDE-CBC, DES-CBC.
/// Returns the decrypted inner DER (PKCS#1 / SEC1 / DSA structure). Bad PKCS#7 padding, or a
/// result that is not one DER SEQUENCE covering it exactly → WrongPassword.
pub fn decrypt_legacy_pem(
    headers: &[(String, String)],
    body: &[u8],
    password: &[u8],
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    if !is_legacy_encrypted(headers) {
        return Err(malformed(
            "the block is not marked as encrypted (no \"Proc-Type: 4,ENCRYPTED\" header)",
        ));
    }
    let dek = header_value(headers, "DEK-Info")
        .ok_or_else(|| malformed("the encrypted block has no DEK-Info header"))?;
    let (name, iv_hex) = dek
        .split_once(',')
        .ok_or_else(|| malformed("DEK-Info has no IV (expected \"CIPHER,HEX\")"))?;
    let name = name.trim().to_ascii_uppercase();
    let alg = legacy_block_alg(&name)
        .ok_or_else(|| unsupported(format!("legacy PEM encryption with {name}")))?;
    let iv = parse_hex(iv_hex).ok_or_else(|| malformed("the DEK-Info IV is not valid hex"))?;
    if iv.len() != alg.block_len() {
        return Err(malformed(format!(
            "the DEK-Info IV is {} bytes, {name} needs {}",
            iv.len(),
            alg.block_len()
        )));
    }
    if body.is_empty() || body.len() % alg.block_len() != 0 {
        return Err(malformed(format!(
            "the encrypted body is {} bytes, not a whole number of {}-byte blocks",
            body.len(),
            alg.block_len()
        )));
    }
    let salt = iv
        .get(..8)
        .ok_or_else(|| malformed("the DEK-Info IV is too short"))?;
    let key = evp_bytes_to_key_md5(password, salt, alg.key_len());
    let plain = alg.decrypt(&key, &iv, body)?;
    let ok = ber::parse_exact(&plain).is_ok_and(|t| {
        t.is_universal(ber::SEQUENCE) && t.constructed && t.raw.get(1) != Some(&0x80)
    });
    if !ok {
        return Err(DecryptError::WrongPassword);
    }
    Ok(plain)
}

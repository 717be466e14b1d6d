//! The block ciphers behind every scheme (AES, 3DES, DES, RC2 in CBC mode with PKCS#7
//! padding) and the PBES2 cipher choices. Kept apart from scheme parsing because legacy
//! OpenSSL PEM encryption uses the same ciphers without any ASN.1 around them.

use cbc::cipher::{block_padding::Pkcs7, BlockCipher, BlockDecryptMut, InnerIvInit, KeyInit};
use zeroize::Zeroizing;

use super::{malformed, DecryptError};

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
    pub(super) fn key_len(self) -> usize {
        match self {
            BlockAlg::Aes128 | BlockAlg::DesEde2 => 16,
            BlockAlg::Aes192 | BlockAlg::DesEde3 => 24,
            BlockAlg::Aes256 => 32,
            BlockAlg::Des => 8,
            BlockAlg::Rc2 { key_len, .. } => key_len,
        }
    }

    pub(super) fn block_len(self) -> usize {
        match self {
            BlockAlg::Aes128 | BlockAlg::Aes192 | BlockAlg::Aes256 => 16,
            _ => 8,
        }
    }

    /// Decrypts and removes PKCS#7 padding. Bad padding → WrongPassword.
    pub(super) fn decrypt(
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
    pub(super) fn from_oid(oid: &str) -> Pbes2Cipher {
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

    pub(super) fn name(&self) -> String {
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

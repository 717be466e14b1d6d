//! The hash functions certlens computes, in one place: signature checks (verify.rs) and key
//! derivation and MACs of encrypted keys and PKCS#12 files (decrypt.rs) both name them.

use sha2::Digest;

/// SHA-1 and the SHA-2 family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha512_224,
    Sha512_256,
}

impl Hash {
    /// From a digest algorithm OID (as in a PKCS#12 MacData DigestInfo).
    pub(crate) fn from_digest_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.3.14.3.2.26" => Hash::Sha1,
            "2.16.840.1.101.3.4.2.4" => Hash::Sha224,
            "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
            "2.16.840.1.101.3.4.2.5" => Hash::Sha512_224,
            "2.16.840.1.101.3.4.2.6" => Hash::Sha512_256,
            _ => return None,
        })
    }

    /// From an HMAC algorithm OID (PBKDF2 PRF).
    pub(crate) fn from_hmac_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.2.840.113549.2.7" => Hash::Sha1,
            "1.2.840.113549.2.8" => Hash::Sha224,
            "1.2.840.113549.2.9" => Hash::Sha256,
            "1.2.840.113549.2.10" => Hash::Sha384,
            "1.2.840.113549.2.11" => Hash::Sha512,
            "1.2.840.113549.2.12" => Hash::Sha512_224,
            "1.2.840.113549.2.13" => Hash::Sha512_256,
            _ => return None,
        })
    }

    /// "SHA256" style suffix used in "HMAC-SHA256".
    pub(crate) fn short(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA1",
            Hash::Sha224 => "SHA224",
            Hash::Sha256 => "SHA256",
            Hash::Sha384 => "SHA384",
            Hash::Sha512 => "SHA512",
            Hash::Sha512_224 => "SHA512-224",
            Hash::Sha512_256 => "SHA512-256",
        }
    }

    pub(crate) fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha224 | Hash::Sha512_224 => 28,
            Hash::Sha256 | Hash::Sha512_256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha224 => "SHA-224",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
            Hash::Sha512_224 => "SHA-512/224",
            Hash::Sha512_256 => "SHA-512/256",
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Hash::Sha224 => sha2::Sha224::digest(data).to_vec(),
            Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
            Hash::Sha512_224 => sha2::Sha512_224::digest(data).to_vec(),
            Hash::Sha512_256 => sha2::Sha512_256::digest(data).to_vec(),
        }
    }

    pub(crate) fn pkcs1v15(self) -> rsa::Pkcs1v15Sign {
        use rsa::Pkcs1v15Sign as P;
        match self {
            Hash::Sha1 => P::new::<sha1::Sha1>(),
            Hash::Sha224 => P::new::<sha2::Sha224>(),
            Hash::Sha256 => P::new::<sha2::Sha256>(),
            Hash::Sha384 => P::new::<sha2::Sha384>(),
            Hash::Sha512 => P::new::<sha2::Sha512>(),
            Hash::Sha512_224 => P::new::<sha2::Sha512_224>(),
            Hash::Sha512_256 => P::new::<sha2::Sha512_256>(),
        }
    }

    pub(crate) fn pss(self, salt_len: usize) -> rsa::Pss {
        use rsa::Pss as P;
        match self {
            Hash::Sha1 => P::new_with_salt::<sha1::Sha1>(salt_len),
            Hash::Sha224 => P::new_with_salt::<sha2::Sha224>(salt_len),
            Hash::Sha256 => P::new_with_salt::<sha2::Sha256>(salt_len),
            Hash::Sha384 => P::new_with_salt::<sha2::Sha384>(salt_len),
            Hash::Sha512 => P::new_with_salt::<sha2::Sha512>(salt_len),
            Hash::Sha512_224 => P::new_with_salt::<sha2::Sha512_224>(salt_len),
            Hash::Sha512_256 => P::new_with_salt::<sha2::Sha512_256>(salt_len),
        }
    }
}

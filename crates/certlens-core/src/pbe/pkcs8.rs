//! Encrypted PKCS#8 (`EncryptedPrivateKeyInfo`, `BEGIN ENCRYPTED PRIVATE KEY`, and the
//! shrouded key bags of PKCS#12 files): describing the scheme and decrypting the key. A
//! decryption counts only when the plaintext looks like a PrivateKeyInfo, since padding alone
//! passes for a wrong password about one time in 256.

use std::borrow::Cow;

use zeroize::Zeroizing;

use super::password::*;
use super::scheme::*;
use super::{malformed, DecryptError};
use crate::asn1::ber;
use crate::limits::Limits;

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
    decrypt_pkcs8_within(der, password, limits, &mut Budget::new(limits))
}

/// [`decrypt_pkcs8`] drawing on a pool's key-derivation budget.
pub(crate) fn decrypt_pkcs8_within(
    der: &[u8],
    password: &[u8],
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let candidates = password_candidates(password);
    decrypt_encrypted_pki(der, &candidates, limits, budget).map(|(plain, _)| plain)
}

//! Legacy OpenSSL PEM encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info: CIPHER,IV`): the
//! headers, and EVP_BytesToKey with MD5 to turn the password into a key. Separate because it
//! has no ASN.1 at all and only the block ciphers in common with the rest.

use sha2::Digest;
use zeroize::Zeroizing;

use super::cipher::*;
use super::{malformed, unsupported, DecryptError};
use crate::asn1::ber;

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

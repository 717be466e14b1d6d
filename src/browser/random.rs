//! Randomness from the browser (WebCrypto): the core never draws any itself.

use certlens_core::enckey;

/// 32 random bytes from the browser's CSPRNG (the salt and IV of an encrypted `tls.key`).
pub fn random_32() -> Result<[u8; 32], String> {
    let crypto = web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(|_| "no WebCrypto in this browser")?;
    let mut bytes = [0u8; 32];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| "crypto.getRandomValues failed")?;
    Ok(bytes)
}

/// 32 random bytes from the browser's CSPRNG, Base64 encoded.
pub fn random_key() -> Result<String, String> {
    let mut bytes = random_32()?;
    let key = enckey::encode_key(&bytes);
    zeroize::Zeroize::zeroize(&mut bytes);
    Ok(key)
}

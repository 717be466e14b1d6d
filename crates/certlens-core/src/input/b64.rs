//! Base64 as users actually paste it: wrapped or not, padded or not, standard or URL-safe,
//! with stray whitespace, quotes or literal `\n` escapes from a YAML or JSON string.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

const LENIENT_CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT_CONFIG);
const LENIENT_URL: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT_CONFIG);

/// Standard Base64 with padding, on one line: what `base64 -w 0` prints.
pub fn encode_standard(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decode standard or URL-safe Base64 that has no whitespace in it.
pub fn decode_standard(s: &str) -> Result<Vec<u8>, String> {
    // Standard first (what PEM and `base64` use); the URL-safe alphabet only when that fails,
    // rather than scanning every input for '-' and '_' up front.
    match LENIENT.decode(s) {
        Ok(v) => Ok(v),
        Err(e) => LENIENT_URL.decode(s).map_err(|_| describe(e)),
    }
}

fn describe(e: base64::DecodeError) -> String {
    match e {
        base64::DecodeError::InvalidByte(i, b) => {
            format!("unexpected character {:?} at position {}", b as char, i + 1)
        }
        base64::DecodeError::InvalidLength(n) => {
            format!("{n} Base64 characters cannot be a whole number of bytes")
        }
        base64::DecodeError::InvalidLastSymbol(i, b) => format!(
            "invalid last character {:?} at position {}",
            b as char,
            i + 1
        ),
        base64::DecodeError::InvalidPadding => "misplaced '=' padding".to_string(),
    }
}

/// Remove what surrounds a Base64 value copied out of YAML or JSON: quotes, whitespace,
/// line breaks, and literal `\n` / `\r` escape sequences.
pub fn clean(text: &str) -> String {
    let t = text.trim().trim_start_matches('\u{feff}');
    let t = t
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(t);
    let t = t
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .unwrap_or(t);
    let t = t.replace("\\n", "\n").replace("\\r", "\n");
    // Line breaks and the indentation around them go; spaces inside a line stay, so that prose
    // never passes for Base64.
    t.lines().map(str::trim).collect()
}

/// Whether `text` is plausibly nothing but Base64 (after [`clean`]): long enough, only Base64
/// characters, and with at most one trailing run of padding.
pub fn looks_like_base64(cleaned: &str) -> bool {
    if cleaned.len() < 16 {
        return false;
    }
    let body = cleaned.trim_end_matches('=');
    if cleaned.len() - body.len() > 2 {
        return false;
    }
    let std = body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    let url = body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    std || url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_yaml_noise() {
        assert_eq!(clean("  \"QUJD\\nREVG\"  \n"), "QUJDREVG");
        assert_eq!(clean("'QUJD\nREVG'"), "QUJDREVG");
        assert_eq!(clean("QUJD REVG"), "QUJD REVG");
    }

    #[test]
    fn decodes_unpadded_and_urlsafe() {
        assert_eq!(decode_standard("QUJDRA").unwrap(), b"ABCD");
        assert_eq!(decode_standard("QUJDRA==").unwrap(), b"ABCD");
        assert_eq!(decode_standard("-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(decode_standard("QU@D").is_err());
    }

    #[test]
    fn base64_sniffing() {
        assert!(looks_like_base64("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"));
        assert!(!looks_like_base64("hello world, this is text"));
        assert!(!looks_like_base64("QUJD"));
    }
}

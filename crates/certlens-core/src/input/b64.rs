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
pub fn decode_standard(s: &str) -> Result<Vec<u8>, Base64Error> {
    // Standard first (what PEM and `base64` use); the URL-safe alphabet only when that fails,
    // rather than scanning every input for '-' and '_' up front.
    match LENIENT.decode(s) {
        Ok(v) => Ok(v),
        Err(e) => LENIENT_URL.decode(s).map_err(|_| describe(e)),
    }
}

/// Why a text is not Base64. Positions count from 1, in characters of the text decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base64Error {
    /// A character outside the alphabet.
    InvalidByte { position: usize, character: char },
    /// A length no whole number of bytes encodes to.
    InvalidLength { characters: usize },
    /// A last character whose unused bits are not zero.
    InvalidLastSymbol { position: usize, character: char },
    /// `=` where padding cannot be.
    InvalidPadding,
}

impl std::fmt::Display for Base64Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Base64Error::InvalidByte {
                position,
                character,
            } => write!(
                f,
                "unexpected character {character:?} at position {position}"
            ),
            Base64Error::InvalidLength { characters } => write!(
                f,
                "{characters} Base64 characters cannot be a whole number of bytes"
            ),
            Base64Error::InvalidLastSymbol {
                position,
                character,
            } => write!(
                f,
                "invalid last character {character:?} at position {position}"
            ),
            Base64Error::InvalidPadding => f.write_str("misplaced '=' padding"),
        }
    }
}

impl std::error::Error for Base64Error {}

/// For callers that report errors as sentences (`?` into `Result<_, String>`).
impl From<Base64Error> for String {
    fn from(e: Base64Error) -> String {
        e.to_string()
    }
}

fn describe(e: base64::DecodeError) -> Base64Error {
    match e {
        base64::DecodeError::InvalidByte(i, b) => Base64Error::InvalidByte {
            position: i.saturating_add(1),
            character: b as char,
        },
        base64::DecodeError::InvalidLength(n) => Base64Error::InvalidLength { characters: n },
        base64::DecodeError::InvalidLastSymbol(i, b) => Base64Error::InvalidLastSymbol {
            position: i.saturating_add(1),
            character: b as char,
        },
        base64::DecodeError::InvalidPadding => Base64Error::InvalidPadding,
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

//! The one small DER writer, for structures that no `der`-based crate among our dependencies
//! types: PKCS#12's PFX, SafeContents, SafeBags and bag attributes (RFC 7292) and the CMS
//! ContentInfo and EncryptedData around them (`generate/pkcs12.rs`). The `pkcs12` and `cms`
//! crates would type them, at the cost of another set of generic encoders in the wasm for a
//! handful of fixed structures. Every element here is one `der` [`AnyRef`] (a tag and content
//! already encoded), so identifier and length octets are still written by `der` alone; keys,
//! certificates and CSRs use their crates' own types (`spki`, `pkcs1`, `pkcs8`, `sec1`,
//! `x509-cert`).

use der::asn1::AnyRef;
use der::{Encode, Tag, TagNumber};

/// One element: `tag` around `content` (DER length).
pub(crate) fn tlv(tag: Tag, content: &[u8]) -> der::Result<Vec<u8>> {
    AnyRef::new(tag, content)?.to_der()
}

/// A SEQUENCE of elements already encoded, in the order given.
pub(crate) fn seq(parts: &[&[u8]]) -> der::Result<Vec<u8>> {
    tlv(Tag::Sequence, &parts.concat())
}

/// A SET of elements already encoded, in the order given: the callers write one element, or
/// OpenSSL's order, which readers take as it is.
pub(crate) fn set(parts: &[&[u8]]) -> der::Result<Vec<u8>> {
    tlv(Tag::Set, &parts.concat())
}

/// `[number] EXPLICIT` around an element already encoded.
pub(crate) fn explicit(number: TagNumber, element: &[u8]) -> der::Result<Vec<u8>> {
    tlv(
        Tag::ContextSpecific {
            constructed: true,
            number,
        },
        element,
    )
}

/// `[number] IMPLICIT` for a primitive value (e.g. an OCTET STRING's content).
pub(crate) fn implicit_primitive(number: TagNumber, content: &[u8]) -> der::Result<Vec<u8>> {
    tlv(
        Tag::ContextSpecific {
            constructed: false,
            number,
        },
        content,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_header_and_content() {
        assert_eq!(
            seq(&[&[0x05, 0x00], &[0x02, 0x01, 0x03]]).unwrap(),
            [0x30, 5, 5, 0, 2, 1, 3]
        );
        assert_eq!(set(&[&[0x04, 0x00]]).unwrap(), [0x31, 2, 4, 0]);
        assert_eq!(
            explicit(TagNumber::N0, &[0x05, 0x00]).unwrap(),
            [0xa0, 2, 5, 0]
        );
        assert_eq!(
            implicit_primitive(TagNumber::N0, &[1, 2]).unwrap(),
            [0x80, 2, 1, 2]
        );
        let long = tlv(Tag::OctetString, &[0u8; 300]).unwrap();
        assert_eq!(long[..4], [0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(long.len(), 304);
    }
}

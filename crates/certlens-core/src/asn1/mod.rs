//! ASN.1: the one BER/DER reader ([`ber`]), OID names ([`oids`]), and the few DER-only helpers
//! for places where we need raw bytes that the parsers do not expose (the signatureAlgorithm of
//! a certificate, PKCS#7 certificate sets, format sniffing).

pub(crate) mod ber;
pub mod oids;

pub use ber::{Asn1Error, Tlv};

/// Read one element the way DER allows it: low tag numbers only, definite lengths of at most
/// 4 length octets. Returns the element and the rest of the input.
///
/// This is [`ber`]'s reader with DER's refusals added first. They matter: sniffing whether
/// bytes are DER at all must not take BER-only encodings (or a tag octet of 0x1f in text) as
/// DER, and certificates are DER by definition.
pub fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *input.first()?;
    if tag & 0x1f == 0x1f {
        return None; // high tag numbers never occur in the structures we walk
    }
    let first = *input.get(1)?;
    // 0x80 is BER's indefinite length; more than 4 length octets never occurs in DER we read.
    if first == 0x80 || (first > 0x80 && first & 0x7f > 4) {
        return None;
    }
    let (tlv, used) = ber::element(input, 0).ok()?;
    Some((tlv, input.get(used..)?))
}

/// All elements of a constructed value's content (read as by [`read`]), or None if any is
/// malformed.
pub fn children(content: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (tlv, r) = read(rest)?;
        out.push(tlv);
        rest = r;
    }
    Some(out)
}

/// Length of the complete DER SEQUENCE at the start of `bytes` (the shape of every format we
/// read), if there is one; what follows it is not looked at.
pub fn der_sequence_len(bytes: &[u8]) -> Option<usize> {
    let (t, _) = read(bytes)?;
    (t.tag() == SEQUENCE).then_some(t.raw.len())
}

// Identifier octets (class, constructed bit and number in one byte) of the universal types the
// DER helpers compare with [`Tlv::tag`]. [`ber`] has the tag *numbers* under the same names.
pub const SEQUENCE: u8 = 0x30;
pub const INTEGER: u8 = 0x02;
pub const OID: u8 = 0x06;
pub const OCTET_STRING: u8 = 0x04;
pub const BIT_STRING: u8 = 0x03;

/// The pieces of a Certificate needed to verify its signature:
/// (raw TBSCertificate, raw signatureAlgorithm, signature bits without the unused-bits octet).
pub fn split_signed(der: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let (outer, _) = read(der)?;
    if outer.tag() != SEQUENCE {
        return None;
    }
    let parts = children(outer.content)?;
    let [tbs, alg, sig] = parts.as_slice() else {
        return None;
    };
    if tbs.tag() != SEQUENCE || alg.tag() != SEQUENCE || sig.tag() != BIT_STRING {
        return None;
    }
    let bits = sig.content.get(1..)?;
    Some((tbs.raw, alg.raw, bits))
}

/// Dotted text of an OID's content octets, or empty text when they are not a whole OID (the
/// callers compare it with known OIDs or show it). The text comes from [`oids::dotted`].
pub fn oid_string(content: &[u8]) -> String {
    oids::dotted(content).unwrap_or_default()
}

/// The total size (header and content) the outer element's header announces, when it is a
/// definite length of at most 4 octets; the content itself is not read. Lets a truncated
/// block be told apart from a malformed one: the header survives the cut.
pub fn declared_len(bytes: &[u8]) -> Option<usize> {
    let tag = *bytes.first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None; // indefinite (BER) or absurd
    }
    let octets = bytes.get(2..2 + n)?;
    let len = octets
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    (2 + n).checked_add(len)
}

/// "1,325": a byte count as people read it.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// When the outer element announces more bytes than `bytes` holds: "the DER says 1,325 bytes
/// but the block holds 964: the file was cut off". No password, relabelling or parser can
/// help such a block, so callers say this before anything else.
pub fn truncation(bytes: &[u8]) -> Option<String> {
    let declared = declared_len(bytes)?;
    (declared > bytes.len()).then(|| {
        format!(
            "the DER says {} bytes but the block holds {}: the file was cut off (copy the whole block again, or export it again)",
            thousands(declared),
            thousands(bytes.len())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_round_trip() {
        let oid_bytes = |d: &str| {
            der::asn1::ObjectIdentifier::new_unwrap(d)
                .as_bytes()
                .to_vec()
        };
        let b = oid_bytes("1.2.840.113549.1.1.11");
        assert_eq!(
            b,
            vec![0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]
        );
        assert_eq!(oid_string(&b), "1.2.840.113549.1.1.11");
        assert_eq!(oid_string(&oid_bytes("2.5.4.3")), "2.5.4.3");
    }

    #[test]
    fn read_rejects_truncation() {
        assert!(read(&[0x30, 0x03, 0x02, 0x01]).is_none());
        assert!(read(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
        let (t, rest) = read(&[0x02, 0x01, 0x05, 0xaa]).unwrap();
        assert_eq!(
            (t.tag(), t.content, rest),
            (INTEGER, &[5u8][..], &[0xaau8][..])
        );
    }

    #[test]
    fn read_keeps_der_refusals() {
        // Indefinite length, high tag number, five length octets: BER, not DER.
        assert!(read(&[0x30, 0x80, 0x00, 0x00]).is_none());
        assert!(read(&[0x1f, 0x81, 0x00, 0x00]).is_none());
        assert!(read(&[0x04, 0x85, 0, 0, 0, 0, 1, 0xaa]).is_none());
        assert!(ber::parse_first(&[0x30, 0x80, 0x00, 0x00]).is_ok());
    }
}

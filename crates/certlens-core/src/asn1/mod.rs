//! ASN.1: the one BER/DER reader ([`ber`]), the one small DER writer ([`write`]) for what the
//! `der` crate's types do not cover, OID names ([`oids`]), and the few DER-only helpers
//! for places where we need raw bytes that the parsers do not expose (the signatureAlgorithm of
//! a certificate, PKCS#7 certificate sets, format sniffing).

pub(crate) mod ber;
pub mod oids;
pub(crate) mod write;

pub use ber::{Asn1Error, Tlv};

/// A DER element's header as its first octets give it; the content is not read. Every length
/// the crate decodes is decoded here or in [`ber`]: the DER readers ([`read`], [`declared_len`])
/// and the walkers that judge an encoding (x509's strict-client checks) ask this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// The identifier octet: the whole tag, as only low tag numbers are read.
    pub tag: u8,
    /// Octets of identifier and length.
    pub header_len: usize,
    pub length: DerLength,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DerLength {
    /// A definite length of at most 4 octets; `minimal` when in as few octets as DER requires.
    Definite { len: usize, minimal: bool },
    /// BER's indefinite length (0x80), which DER forbids.
    Indefinite,
    /// More than 4 length octets (all present): never in DER we read.
    TooLong,
}

/// The header at the start of `input`, or None when it is cut short or has a high tag number
/// (those never occur in the structures we walk).
pub(crate) fn header(input: &[u8]) -> Option<Header> {
    let tag = *input.first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let first = *input.get(1)?;
    if first < 0x80 {
        let length = DerLength::Definite {
            len: usize::from(first),
            minimal: true,
        };
        return Some(Header {
            tag,
            header_len: 2,
            length,
        });
    }
    if first == 0x80 {
        return Some(Header {
            tag,
            header_len: 2,
            length: DerLength::Indefinite,
        });
    }
    let n = usize::from(first & 0x7f);
    let octets = input.get(2..2 + n)?;
    let length = if n > 4 {
        DerLength::TooLong
    } else {
        let len = octets
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        DerLength::Definite {
            len,
            minimal: len >= 0x80 && octets.first() != Some(&0),
        }
    };
    Some(Header {
        tag,
        header_len: 2 + n,
        length,
    })
}

/// Read one element the way DER allows it: low tag numbers only, definite lengths of at most
/// 4 length octets. Returns the element and the rest of the input.
///
/// This is [`ber`]'s reader with DER's refusals added first. They matter: sniffing whether
/// bytes are DER at all must not take BER-only encodings (or a tag octet of 0x1f in text) as
/// DER, and certificates are DER by definition.
pub fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    if !matches!(header(input)?.length, DerLength::Definite { .. }) {
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
    let h = header(bytes)?;
    match h.length {
        DerLength::Definite { len, .. } => h.header_len.checked_add(len),
        DerLength::Indefinite | DerLength::TooLong => None, // BER, or absurd
    }
}

/// "1,325", "3,000,000": a count as people read it (byte counts here and in x509's strict-client
/// notes, key-derivation costs and limits in pbe), since seven-digit numbers are misread. The
/// one implementation: asn1 is the lowest layer both of those may use.
pub fn thousands(n: u64) -> String {
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
            thousands(declared as u64),
            thousands(bytes.len() as u64)
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
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10240), "10,240");
        assert_eq!(thousands(2_000_000), "2,000,000");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn headers() {
        let h = |b: &[u8]| header(b).map(|h| (h.tag, h.header_len, h.length));
        let def = |len, minimal| DerLength::Definite { len, minimal };
        assert_eq!(h(&[0x30, 0x05]), Some((0x30, 2, def(5, true))));
        assert_eq!(h(&[0x04, 0x81, 0x80]), Some((0x04, 3, def(128, true))));
        assert_eq!(h(&[0x04, 0x81, 0x05]), Some((0x04, 3, def(5, false))));
        assert_eq!(
            h(&[0x04, 0x82, 0x00, 0x80]),
            Some((0x04, 4, def(128, false)))
        );
        assert_eq!(h(&[0x30, 0x80]), Some((0x30, 2, DerLength::Indefinite)));
        assert_eq!(
            h(&[0x04, 0x85, 0, 0, 0, 0, 1]),
            Some((0x04, 7, DerLength::TooLong))
        );
        assert_eq!(h(&[0x04, 0x85, 0, 0]), None);
        assert_eq!(h(&[0x1f, 0x01]), None);
        assert_eq!(h(&[0x30]), None);
        assert_eq!(declared_len(&[0x30, 0x82, 0x05, 0x2d]), Some(1329));
        assert_eq!(declared_len(&[0x30, 0x80]), None);
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

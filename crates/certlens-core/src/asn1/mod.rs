//! A tiny, panic-free DER walker for the few places where we need raw bytes that the parsers do
//! not expose (the signatureAlgorithm of a certificate, PKCS#7 certificate sets, format sniffing).

pub mod oids;

/// One tag-length-value element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    /// The whole element, header included.
    pub raw: &'a [u8],
    /// The content octets.
    pub content: &'a [u8],
}

/// Read one DER element (low-tag-number form only, definite lengths up to 4 length octets).
/// Returns the element and the rest of the input.
pub fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *input.first()?;
    if tag & 0x1f == 0x1f {
        return None; // high tag numbers never occur in the structures we walk
    }
    let first = *input.get(1)? as usize;
    let (len, header) = if first < 0x80 {
        (first, 2usize)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = input.get(2..2 + n)?;
        let len = bytes.iter().fold(0usize, |acc, &b| (acc << 8) | b as usize);
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    let raw = input.get(..end)?;
    let content = raw.get(header..)?;
    Some((Tlv { tag, raw, content }, input.get(end..)?))
}

/// All elements of a constructed value's content, or None if any is malformed.
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

pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;
pub const INTEGER: u8 = 0x02;
pub const OID: u8 = 0x06;
pub const OCTET_STRING: u8 = 0x04;
pub const BIT_STRING: u8 = 0x03;

/// The pieces of a Certificate needed to verify its signature:
/// (raw TBSCertificate, raw signatureAlgorithm, signature bits without the unused-bits octet).
pub fn split_signed(der: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let (outer, _) = read(der)?;
    if outer.tag != SEQUENCE {
        return None;
    }
    let parts = children(outer.content)?;
    let [tbs, alg, sig] = parts.as_slice() else {
        return None;
    };
    if tbs.tag != SEQUENCE || alg.tag != SEQUENCE || sig.tag != BIT_STRING {
        return None;
    }
    let bits = sig.content.get(1..)?;
    Some((tbs.raw, alg.raw, bits))
}

/// Encode an OID given as dotted text into content octets (for comparisons with raw DER).
pub fn oid_bytes(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut out = Vec::new();
    if arcs.len() < 2 {
        return out;
    }
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        out.extend(tmp);
    };
    push(arcs[0] * 40 + arcs[1]);
    for &a in &arcs[2..] {
        push(a);
    }
    out
}

/// Dotted text of an OID's content octets.
pub fn oid_string(content: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for &b in content {
        v = (v << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let (a, b) = if v < 40 {
                    (0, v)
                } else if v < 80 {
                    (1, v - 40)
                } else {
                    (2, v - 80)
                };
                arcs.push(a);
                arcs.push(b);
            } else {
                arcs.push(v);
            }
            v = 0;
        }
        if v > (u64::MAX >> 8) {
            break;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_round_trip() {
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
            (t.tag, t.content, rest),
            (INTEGER, &[5u8][..], &[0xaau8][..])
        );
    }
}

//! The one BER/DER reader of the crate.
//!
//! It accepts BER (indefinite lengths, constructed OCTET STRINGs, high tag numbers) because
//! PKCS#12 files from Windows and Java use it, and it follows nesting only to a fixed depth.
//! Everything it reads is untrusted, so nothing here may panic: slices are taken with `get` and
//! arithmetic on lengths is checked. Places that must refuse what DER forbids (format sniffing,
//! certificates) go through [`super::read`], which adds those refusals on top of this reader.

use std::borrow::Cow;
use std::fmt;

/// Why bytes could not be read as ASN.1; `detail` names the problem (and where, when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asn1Error {
    pub(crate) detail: String,
}

impl fmt::Display for Asn1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed ASN.1 data: {}", self.detail)
    }
}

impl std::error::Error for Asn1Error {}

pub(crate) fn malformed(detail: impl Into<String>) -> Asn1Error {
    Asn1Error {
        detail: detail.into(),
    }
}

pub(crate) const UNIVERSAL: u8 = 0;
pub(crate) const CONTEXT: u8 = 2;

pub(crate) const INTEGER: u32 = 2;
pub(crate) const OCTET_STRING: u32 = 4;
pub(crate) const NULL: u32 = 5;
pub(crate) const OID: u32 = 6;
pub(crate) const UTF8_STRING: u32 = 12;
pub(crate) const SEQUENCE: u32 = 16;
pub(crate) const SET: u32 = 17;
pub(crate) const BMP_STRING: u32 = 30;

/// Deepest nesting followed while looking for the end of indefinite-length elements or
/// joining constructed OCTET STRINGs.
const MAX_DEPTH: u32 = 48;

/// One element: tag, content, and the whole encoding (`raw`).
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    pub class: u8,
    pub constructed: bool,
    pub number: u32,
    pub content: &'a [u8],
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// The first identifier octet: the whole tag for tag numbers below 31, which is every tag
    /// the DER callers ([`super::read`]) can get.
    pub(crate) fn tag(&self) -> u8 {
        self.raw.first().copied().unwrap_or(0)
    }

    pub(crate) fn is(&self, class: u8, number: u32) -> bool {
        self.class == class && self.number == number
    }

    pub(crate) fn is_universal(&self, number: u32) -> bool {
        self.is(UNIVERSAL, number)
    }

    /// A reader over the children of a constructed element.
    pub(crate) fn children(&self) -> Reader<'a> {
        Reader::new(self.content)
    }
}

fn eod() -> Asn1Error {
    malformed("unexpected end of data (truncated?)")
}

struct Header {
    class: u8,
    constructed: bool,
    number: u32,
    header_len: usize,
    /// `None` = indefinite length.
    len: Option<usize>,
}

fn header(data: &[u8]) -> Result<Header, Asn1Error> {
    let first = *data.first().ok_or_else(eod)?;
    let class = first >> 6;
    let constructed = first & 0x20 != 0;
    let mut pos: usize = 1;
    let mut number = u32::from(first & 0x1f);
    if number == 0x1f {
        number = 0;
        loop {
            let b = *data.get(pos).ok_or_else(eod)?;
            pos = pos.checked_add(1).ok_or_else(eod)?;
            if number > (u32::MAX >> 7) {
                return Err(malformed("tag number too large"));
            }
            number = (number << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let lb = *data.get(pos).ok_or_else(eod)?;
    pos = pos.checked_add(1).ok_or_else(eod)?;
    let len = if lb < 0x80 {
        Some(usize::from(lb))
    } else if lb == 0x80 {
        if !constructed {
            return Err(malformed("indefinite length on a primitive element"));
        }
        None
    } else {
        let n = usize::from(lb & 0x7f);
        if n > 8 {
            return Err(malformed("length field too long"));
        }
        let mut v: u64 = 0;
        for _ in 0..n {
            let b = *data.get(pos).ok_or_else(eod)?;
            pos = pos.checked_add(1).ok_or_else(eod)?;
            if v > (u64::MAX >> 8) {
                return Err(malformed("length too large"));
            }
            v = (v << 8) | u64::from(b);
        }
        Some(usize::try_from(v).map_err(|_| malformed("length too large"))?)
    };
    Ok(Header {
        class,
        constructed,
        number,
        header_len: pos,
        len,
    })
}

/// Parses the element at the start of `data`; returns it and how many bytes it used.
pub(super) fn element(data: &[u8], depth: u32) -> Result<(Tlv<'_>, usize), Asn1Error> {
    if depth > MAX_DEPTH {
        return Err(malformed("ASN.1 nesting too deep"));
    }
    let h = header(data)?;
    let rest = data.get(h.header_len..).ok_or_else(eod)?;
    let (content, total) = match h.len {
        Some(len) => {
            let content = rest.get(..len).ok_or_else(|| {
                malformed("an element is longer than the data that holds it (truncated?)")
            })?;
            (content, h.header_len.checked_add(len).ok_or_else(eod)?)
        }
        None => {
            let mut pos: usize = 0;
            loop {
                let tail = rest.get(pos..).ok_or_else(eod)?;
                if tail.starts_with(&[0, 0]) {
                    let content = rest.get(..pos).ok_or_else(eod)?;
                    let total = h
                        .header_len
                        .checked_add(pos)
                        .and_then(|t| t.checked_add(2))
                        .ok_or_else(eod)?;
                    break (content, total);
                }
                if tail.is_empty() {
                    return Err(malformed("missing end-of-contents marker (truncated?)"));
                }
                let (_, used) = element(tail, depth.saturating_add(1))?;
                pos = pos.checked_add(used).ok_or_else(eod)?;
            }
        }
    };
    let raw = data.get(..total).ok_or_else(eod)?;
    Ok((
        Tlv {
            class: h.class,
            constructed: h.constructed,
            number: h.number,
            content,
            raw,
        },
        total,
    ))
}

/// Parses exactly one element that spans all of `data`.
pub(crate) fn parse_exact(data: &[u8]) -> Result<Tlv<'_>, Asn1Error> {
    let (t, used) = element(data, 0)?;
    if used != data.len() {
        return Err(malformed("unexpected data after the end of the structure"));
    }
    Ok(t)
}

/// Parses the first element of `data`, ignoring anything after it.
pub(crate) fn parse_first(data: &[u8]) -> Result<Tlv<'_>, Asn1Error> {
    element(data, 0).map(|(t, _)| t)
}

fn tag_name(class: u8, number: u32) -> String {
    match (class, number) {
        (UNIVERSAL, 1) => "BOOLEAN".into(),
        (UNIVERSAL, INTEGER) => "INTEGER".into(),
        (UNIVERSAL, 3) => "BIT STRING".into(),
        (UNIVERSAL, OCTET_STRING) => "OCTET STRING".into(),
        (UNIVERSAL, 5) => "NULL".into(),
        (UNIVERSAL, OID) => "OBJECT IDENTIFIER".into(),
        (UNIVERSAL, SEQUENCE) => "SEQUENCE".into(),
        (UNIVERSAL, SET) => "SET".into(),
        (UNIVERSAL, n) => format!("universal tag {n}"),
        (CONTEXT, n) => format!("[{n}]"),
        (1, n) => format!("[APPLICATION {n}]"),
        (_, n) => format!("[PRIVATE {n}]"),
    }
}

fn with_context(e: Asn1Error, what: &str) -> Asn1Error {
    malformed(format!("{what}: {}", e.detail))
}

/// Reads consecutive elements from a byte string.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Reads the next element.
    pub(crate) fn read(&mut self, what: &str) -> Result<Tlv<'a>, Asn1Error> {
        if self.data.is_empty() {
            return Err(malformed(format!("{what}: missing")));
        }
        let (t, used) = element(self.data, 0).map_err(|e| with_context(e, what))?;
        self.data = self.data.get(used..).unwrap_or(&[]);
        Ok(t)
    }

    /// Class and number of the next element's tag, if there is one.
    pub(crate) fn peek(&self) -> Option<(u8, u32)> {
        header(self.data).ok().map(|h| (h.class, h.number))
    }

    pub(crate) fn next_is(&self, class: u8, number: u32) -> bool {
        self.peek() == Some((class, number))
    }

    /// Reads the next element and checks its tag.
    pub(crate) fn expect(
        &mut self,
        class: u8,
        number: u32,
        what: &str,
    ) -> Result<Tlv<'a>, Asn1Error> {
        let t = self.read(what)?;
        if !t.is(class, number) {
            return Err(malformed(format!(
                "{what}: expected {}, found {}",
                tag_name(class, number),
                tag_name(t.class, t.number)
            )));
        }
        Ok(t)
    }

    /// Reads a SEQUENCE and returns a reader over its children.
    pub(crate) fn sequence(&mut self, what: &str) -> Result<Reader<'a>, Asn1Error> {
        let t = self.expect(UNIVERSAL, SEQUENCE, what)?;
        if !t.constructed {
            return Err(malformed(format!("{what}: SEQUENCE is not constructed")));
        }
        Ok(t.children())
    }

    pub(crate) fn oid(&mut self, what: &str) -> Result<String, Asn1Error> {
        let t = self.expect(UNIVERSAL, OID, what)?;
        oid_string(t.content).map_err(|e| with_context(e, what))
    }

    pub(crate) fn octets(&mut self, what: &str) -> Result<Cow<'a, [u8]>, Asn1Error> {
        let t = self.expect(UNIVERSAL, OCTET_STRING, what)?;
        octet_string_value(&t).map_err(|e| with_context(e, what))
    }

    /// Checks that what is left is nothing or a single NULL (algorithm parameters).
    pub(crate) fn null_or_absent(&mut self, what: &str) -> Result<(), Asn1Error> {
        if self.is_empty() {
            return Ok(());
        }
        let t = self.read(what)?;
        if t.is_universal(NULL) && t.content.is_empty() && self.is_empty() {
            Ok(())
        } else {
            Err(malformed(format!("{what}: expected NULL or nothing")))
        }
    }

    pub(crate) fn uint(&mut self, what: &str) -> Result<u64, Asn1Error> {
        let t = self.expect(UNIVERSAL, INTEGER, what)?;
        uint_value(t.content).map_err(|e| with_context(e, what))
    }
}

/// The bytes of an OCTET STRING (or of an implicitly tagged one): primitive, or constructed
/// from nested OCTET STRING segments (BER).
pub(crate) fn octet_string_value<'a>(t: &Tlv<'a>) -> Result<Cow<'a, [u8]>, Asn1Error> {
    if !t.constructed {
        return Ok(Cow::Borrowed(t.content));
    }
    let mut out = Vec::new();
    join_segments(t.content, &mut out, 0)?;
    Ok(Cow::Owned(out))
}

fn join_segments(content: &[u8], out: &mut Vec<u8>, depth: u32) -> Result<(), Asn1Error> {
    if depth > MAX_DEPTH {
        return Err(malformed("OCTET STRING segments nested too deep"));
    }
    let mut r = Reader::new(content);
    while !r.is_empty() {
        let seg = r.read("OCTET STRING segment")?;
        if !seg.is_universal(OCTET_STRING) {
            return Err(malformed("a constructed OCTET STRING holds something else"));
        }
        if seg.constructed {
            join_segments(seg.content, out, depth.saturating_add(1))?;
        } else {
            out.extend_from_slice(seg.content);
        }
    }
    Ok(())
}

/// A non-negative INTEGER as u64; values above u64::MAX saturate (they are only ever
/// compared with limits).
pub(crate) fn uint_value(content: &[u8]) -> Result<u64, Asn1Error> {
    let first = *content.first().ok_or_else(|| malformed("empty INTEGER"))?;
    if first & 0x80 != 0 {
        return Err(malformed("negative INTEGER where a count was expected"));
    }
    let digits: Vec<u8> = content.iter().copied().skip_while(|b| *b == 0).collect();
    if digits.len() > 8 {
        return Ok(u64::MAX);
    }
    Ok(digits
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// Dotted form of an OBJECT IDENTIFIER's content bytes.
pub(crate) fn oid_string(content: &[u8]) -> Result<String, Asn1Error> {
    use super::oids::{dotted_checked, OidProblem};
    dotted_checked(content).map_err(|p| match p {
        OidProblem::Empty => malformed("empty OBJECT IDENTIFIER"),
        OidProblem::ArcTooLarge => malformed("OBJECT IDENTIFIER arc too large"),
        OidProblem::Incomplete => malformed("OBJECT IDENTIFIER ends in the middle of an arc"),
    })
}

/// Text of a BMPString (UTF-16BE), lossy.
pub(crate) fn bmp_string(content: &[u8]) -> String {
    let units = content
        .chunks_exact(2)
        .map(|c| c.iter().fold(0u16, |acc, b| (acc << 8) | u16::from(*b)));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

//! Moving a [`Report`] between two instances of certlens — the page and its Web Worker, which
//! do not share memory — without losing what the JSON contract leaves out: each certificate's
//! DER and raw name/key bytes (outputs and chain building need them), the detail of each chain
//! link, and the decrypted private keys (key conversion and `tls.key` need them).
//!
//! [`pack`] gives three parts: the JSON (the report plus where everything else is), one buffer
//! with every distinct certificate's DER, and one buffer with the private keys. The page moves
//! the buffers without copying (transferables) and zeroes the key buffer after [`unpack`].
//! The key material never goes into the JSON text: a JavaScript string cannot be wiped.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::model::Report;

/// A report in transit.
pub struct Packed {
    /// The report as JSON, plus the places of the binary parts.
    pub json: String,
    /// Every distinct certificate's DER (and the raw pieces not found inside it), back to back.
    pub certs: Vec<u8>,
    /// Decrypted private keys (PKCS#8 DER), back to back. Zeroized on drop.
    pub keys: Zeroizing<Vec<u8>>,
}

/// (offset, length) in one of the buffers.
type Span = (usize, usize);

#[derive(Serialize, Deserialize)]
struct CertPlace {
    der: Span,
    subject: Span,
    issuer: Span,
    spki: Span,
    ski: Option<Span>,
    aki: Option<Span>,
}

/// A certificate on the wire: described in full, or a copy of an earlier one (a bundle pasted
/// a hundred times is sent once, plus where each copy was found).
#[derive(Serialize)]
enum CertOut<'a> {
    Full(&'a crate::model::Certificate),
    Copy {
        of: usize,
        source: &'a str,
        block: usize,
        location: &'a str,
        /// Only when they differ from the first copy's (the same certificate with bytes
        /// appended in one place is the same fingerprint with a `trailing_data` issue).
        #[serde(skip_serializing_if = "Option::is_none")]
        encoding_issues: Option<&'a Vec<crate::model::EncodingIssue>>,
    },
}

#[derive(Deserialize)]
enum CertIn {
    Full(Box<crate::model::Certificate>),
    Copy {
        of: usize,
        source: String,
        block: usize,
        location: String,
        #[serde(default)]
        encoding_issues: Option<Vec<crate::model::EncodingIssue>>,
    },
}

#[derive(Serialize)]
struct WireOut<'a> {
    /// The report without its certificates (they follow in `list`).
    report: &'a Report,
    list: Vec<CertOut<'a>>,
    certs: Vec<CertPlace>,
    link_details: Vec<Vec<&'a str>>,
    keys: Vec<Option<Span>>,
}

#[derive(Deserialize)]
struct WireIn {
    report: Report,
    list: Vec<CertIn>,
    certs: Vec<CertPlace>,
    link_details: Vec<Vec<String>>,
    keys: Vec<Option<Span>>,
}

/// Why a packed report could not be unpacked (only a bug or a mix-up of messages gets here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError(pub String);

impl core::fmt::Display for TransportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "could not read the worker's report: {}", self.0)
    }
}

/// Where `part` lies inside `der` (which starts at `base` in the buffer); appended to the
/// buffer when it is not a slice of the DER.
fn place(buf: &mut Vec<u8>, base: usize, der: &[u8], part: &[u8]) -> Span {
    if part.is_empty() {
        return (base, 0);
    }
    // The raw parts are views of the DER (`RawParts`): their offset, without a search.
    let (start, p) = (der.as_ptr() as usize, part.as_ptr() as usize);
    if p >= start && p + part.len() <= start + der.len() {
        return (base + (p - start), part.len());
    }
    if let Some(pos) = der.windows(part.len()).position(|w| w == part) {
        return (base + pos, part.len());
    }
    let at = buf.len();
    buf.extend_from_slice(part);
    (at, part.len())
}

/// Pack a report for the other side.
pub fn pack(mut report: Report) -> Packed {
    let all = std::mem::take(&mut report.certificates);
    let mut buf = Vec::new();
    // Copies of a certificate share their bytes.
    let mut seen: std::collections::HashMap<[u8; 32], usize> = std::collections::HashMap::new();
    let mut certs: Vec<CertPlace> = Vec::new();
    let mut list: Vec<CertOut> = Vec::with_capacity(all.len());
    for (i, c) in all.iter().enumerate() {
        if let Some(&first) = seen.get(&c.raw.fingerprint) {
            let differs = all
                .get(first)
                .is_some_and(|f| f.encoding_issues != c.encoding_issues);
            list.push(CertOut::Copy {
                of: first,
                source: &c.source,
                block: c.block,
                location: &c.location,
                encoding_issues: differs.then_some(&c.encoding_issues),
            });
            continue;
        }
        seen.insert(c.raw.fingerprint, i);
        list.push(CertOut::Full(c));
        let base = buf.len();
        buf.extend_from_slice(&c.der);
        let der = &c.der;
        let placed = CertPlace {
            der: (base, der.len()),
            subject: place(&mut buf, base, der, c.raw_subject()),
            issuer: place(&mut buf, base, der, c.raw_issuer()),
            spki: place(&mut buf, base, der, c.raw_spki()),
            ski: c.raw_ski().map(|s| place(&mut buf, base, der, s)),
            aki: c.raw_aki().map(|s| place(&mut buf, base, der, s)),
        };
        certs.push(placed);
    }
    let mut keys = Zeroizing::new(Vec::new());
    let key_places = report
        .private_keys
        .iter()
        .map(|k| {
            k.pkcs8.as_ref().map(|der| {
                let at = keys.len();
                keys.extend_from_slice(der);
                (at, der.len())
            })
        })
        .collect();
    let wire = WireOut {
        report: &report,
        list,
        certs,
        link_details: report
            .chains
            .iter()
            .map(|ch| ch.links.iter().map(|l| l.detail.as_str()).collect())
            .collect(),
        keys: key_places,
    };
    // Serialising plain data structures to a String cannot fail.
    let json = serde_json::to_string(&wire).unwrap_or_default();
    Packed {
        json,
        certs: buf,
        keys,
    }
}

fn slice(buf: &[u8], (at, len): Span, what: &str) -> Result<Vec<u8>, TransportError> {
    at.checked_add(len)
        .and_then(|end| buf.get(at..end))
        .map(<[u8]>::to_vec)
        .ok_or_else(|| TransportError(format!("{what} lies outside the buffer")))
}

/// A raw part's range in its certificate's DER (which is at `der` in `buf`), or the part
/// kept in `raw.extra` when it lies outside the DER.
fn raw_range(
    raw: &mut crate::model::RawParts,
    buf: &[u8],
    der: Span,
    part: Span,
    what: &str,
) -> Result<core::ops::Range<usize>, TransportError> {
    let (at, len) = part;
    let end = at
        .checked_add(len)
        .filter(|&e| e <= buf.len())
        .ok_or_else(|| TransportError(format!("{what} lies outside the buffer")))?;
    if let Some(from) = at.checked_sub(der.0) {
        if from.checked_add(len).is_some_and(|e| e <= der.1) {
            return Ok(from..from + len);
        }
    }
    let bytes = buf.get(at..end).unwrap_or_default();
    let start = der.1 + raw.extra.len();
    raw.extra.extend_from_slice(bytes);
    Ok(start..start + len)
}

fn fingerprint(hex: &str) -> Result<[u8; 32], TransportError> {
    let bad = || TransportError(format!("bad fingerprint \"{hex}\""));
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(bytes.chunks(2)) {
        let s = std::str::from_utf8(pair).map_err(|_| bad())?;
        *o = u8::from_str_radix(s, 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// Rebuild the report [`pack`] packed. The caller wipes its copy of `keys` afterwards.
pub fn unpack(json: &str, certs: &[u8], keys: &[u8]) -> Result<Report, TransportError> {
    let wire: WireIn = serde_json::from_str(json).map_err(|e| TransportError(e.to_string()))?;
    let mut report = wire.report;
    let mut places = wire.certs.iter();
    let mut certificates: Vec<crate::model::Certificate> = Vec::with_capacity(wire.list.len());
    for entry in wire.list {
        let c = match entry {
            CertIn::Full(mut c) => {
                let p = places
                    .next()
                    .ok_or_else(|| TransportError("a certificate has no bytes".into()))?;
                c.der = slice(certs, p.der, "a certificate")?;
                let der = p.der;
                let raw = &mut c.raw;
                raw.subject = raw_range(raw, certs, der, p.subject, "a subject")?;
                raw.issuer = raw_range(raw, certs, der, p.issuer, "an issuer")?;
                raw.spki = raw_range(raw, certs, der, p.spki, "a public key")?;
                raw.ski = p
                    .ski
                    .map(|s| raw_range(raw, certs, der, s, "a subject key identifier"))
                    .transpose()?;
                raw.aki = p
                    .aki
                    .map(|s| raw_range(raw, certs, der, s, "an authority key identifier"))
                    .transpose()?;
                c.raw.fingerprint = fingerprint(&c.fingerprint_sha256)?;
                *c
            }
            CertIn::Copy {
                of,
                source,
                block,
                location,
                encoding_issues,
            } => {
                let mut c = certificates
                    .get(of)
                    .cloned()
                    .ok_or_else(|| TransportError(format!("copy of unknown certificate {of}")))?;
                c.index = certificates.len();
                c.source = source;
                c.block = block;
                c.location = location;
                if let Some(issues) = encoding_issues {
                    c.encoding_issues = issues;
                }
                c
            }
        };
        certificates.push(c);
    }
    if places.next().is_some() || wire.keys.len() != report.private_keys.len() {
        return Err(TransportError("the parts do not belong together".into()));
    }
    report.certificates = certificates;
    for (ch, details) in report.chains.iter_mut().zip(wire.link_details) {
        for (l, d) in ch.links.iter_mut().zip(details) {
            l.detail = d;
        }
    }
    for (k, place) in report.private_keys.iter_mut().zip(wire.keys) {
        k.pkcs8 = match place {
            Some(s) => Some(Zeroizing::new(slice(keys, s, "a private key")?)),
            None => None,
        };
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(unpack("", &[], &[]).is_err());
        assert!(unpack("{\"report\":1}", &[], &[]).is_err());
        let packed = pack(Report::default());
        assert!(unpack(&packed.json, &[], &[]).is_ok());
        assert!(fingerprint("zz").is_err());
    }
}

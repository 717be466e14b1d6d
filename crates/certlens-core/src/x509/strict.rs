//! How strict clients would read a certificate.
//!
//! certlens reads leniently (the user must see what they have), but a certificate that Go's
//! `crypto/x509` (Kubernetes, ingress-nginx, Argo CD, cert-manager), Java (the Lightrun backend)
//! or OpenSSL refuses is not fine, whatever else is right about it. [`audit`] lists each such
//! encoding with the clients that reject it. Where a client is named, the behaviour is theirs:
//!
//! * Go: `src/crypto/x509/parser.go` — `ParseCertificate` ends with `if len(der) !=
//!   len(cert.Raw) { return nil, errors.New("x509: trailing data") }`; `parseCertificate`
//!   returns `"x509: negative serial number"` (Go 1.23+, unless `GODEBUG=x509negativeserial=1`)
//!   and `"x509: certificate contains duplicate extension with OID %q"`; every element is read
//!   with `golang.org/x/crypto/cryptobyte`, whose `readASN1` refuses indefinite and non-minimal
//!   lengths, `ReadASN1Integer` non-minimal INTEGERs, `ReadASN1Boolean` anything but 0x00/0xFF,
//!   and `ReadASN1UTCTime`/`ReadASN1GeneralizedTime` any form but `YYMMDDHHMMSSZ` /
//!   `YYYYMMDDHHMMSSZ`; `processExtensions` marks unknown critical extensions (and an empty
//!   SAN) as unhandled, and `Verify` then fails with `UnhandledCriticalExtension`.
//! * Java: `sun.security.x509.CertificateExtensions` refuses duplicate extensions ("Duplicate
//!   extensions not allowed"); `PKIXCertPathValidator` refuses unrecognised critical
//!   extensions.
//! * OpenSSL (3.0, checked by `tests/fixtures/generate.sh`): reads a certificate with bytes
//!   after it, negative or zero serials and an empty critical SAN; `openssl verify` fails on an
//!   unknown critical extension (error 34, "unhandled critical extension").
//!
//! Only structure is looked at: no signature, no clock. Work is bounded by the certificate's
//! size (every element is visited once, nesting at most [`MAX_DEPTH`]).

use crate::asn1;
use crate::model::{EncodingIssue, EncodingIssueKind};

const GO: &str = "Go crypto/x509 (Kubernetes, ingress-nginx, Argo CD, cert-manager)";
const JAVA: &str = "Java (the Lightrun backend)";
const OPENSSL: &str = "OpenSSL";

/// Deepest nesting walked when checking length encodings (certificates nest about 8 deep).
const MAX_DEPTH: usize = 32;

fn issue(kind: EncodingIssueKind, rejected_by: &[&str], detail: String) -> EncodingIssue {
    EncodingIssue {
        kind,
        rejected_by: rejected_by.iter().map(|s| s.to_string()).collect(),
        detail,
    }
}

/// Every strictness problem of a certificate. `block` is what its block held, `der` the
/// certificate itself (a prefix of `block`), `base64_note` what is wrong with its PEM Base64.
pub fn audit(block: &[u8], der: &[u8], base64_note: Option<&str>) -> Vec<EncodingIssue> {
    let mut out = Vec::new();
    if let Some(note) = base64_note {
        out.push(issue(
            EncodingIssueKind::PemBase64,
            &[GO, OPENSSL],
            format!(
                "{note}: Go's encoding/pem finds no PEM data in it (\"tls: failed to find any PEM data\") and OpenSSL cannot load it; certlens decoded it anyway"
            ),
        ));
    }
    let trailing = block.len().saturating_sub(der.len());
    if trailing > 0 {
        out.push(issue(
            EncodingIssueKind::TrailingData,
            &[GO],
            format!(
                "{} after the certificate's DER in the same block; Go refuses the whole certificate (\"x509: trailing data\"), OpenSSL ignores the extra bytes",
                bytes(trailing)
            ),
        ));
    }
    let mut lengths = Vec::new();
    walk_lengths(der, 0, &mut lengths);
    if let Some(first) = lengths.first() {
        out.push(issue(
            EncodingIssueKind::BerEncoding,
            &[GO],
            format!(
                "it is BER, not DER: {} length{} encoded in a non-minimal or indefinite form (first at byte {first}); Go refuses it (\"x509: malformed certificate\"); re-issue it, or re-encode it with openssl x509 -outform DER (that changes the bytes, so the signature no longer verifies)",
                lengths.len(),
                if lengths.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    let Some(tbs) = tbs_parts(der) else {
        return out;
    };
    let mut rest = tbs.as_slice();
    if rest.first().is_some_and(|t| t.tag() == 0xa0) {
        rest = rest.get(1..).unwrap_or_default();
    }
    if let Some(serial) = rest.first().filter(|t| t.tag() == asn1::INTEGER) {
        serial_issues(serial.content, &mut out);
    }
    // serial, signature, issuer, validity
    if let Some(validity) = rest.get(3).filter(|t| t.tag() == asn1::SEQUENCE) {
        time_issues(validity.content, &mut out);
    }
    if let Some(spki) = rest.get(5) {
        key_bits(spki.raw, &mut out);
    }
    if let Some(exts) = rest.iter().find(|t| t.tag() == 0xa3) {
        extension_issues(exts.content, &mut out);
    }
    out
}

fn bytes(n: usize) -> String {
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{} bytes", asn1::thousands(n as u64))
    }
}

/// The TBSCertificate's elements.
fn tbs_parts(der: &[u8]) -> Option<Vec<asn1::Tlv<'_>>> {
    let (cert, _) = asn1::read(der)?;
    let parts = asn1::children(cert.content)?;
    let tbs = parts.first().filter(|t| t.tag() == asn1::SEQUENCE)?;
    asn1::children(tbs.content)
}

/// Offsets of every length that DER would have encoded differently. Walks constructed
/// elements (and extension values, which are DER inside OCTET STRINGs, through the
/// constructed walk of the extension list), never deeper than [`MAX_DEPTH`].
fn walk_lengths(input: &[u8], depth: usize, out: &mut Vec<usize>) {
    walk_at(input, 0, depth, out);
}

fn walk_at(input: &[u8], base: usize, depth: usize, out: &mut Vec<usize>) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut pos = 0usize;
    while pos < input.len() {
        let Some(h) = input.get(pos..).and_then(asn1::header) else {
            return; // cut short, or a high tag number (never in certificates): stop, not guess
        };
        let tag = h.tag;
        let header = h.header_len;
        let len = match h.length {
            asn1::DerLength::Definite { len, minimal } => {
                if !minimal {
                    out.push(base + pos);
                }
                len
            }
            // Indefinite length: not DER. The parser accepted it, so the element ends at an
            // end-of-contents marker we do not chase; report and stop here. The same for more
            // than 4 length octets.
            asn1::DerLength::Indefinite | asn1::DerLength::TooLong => {
                out.push(base + pos);
                return;
            }
        };
        let start = pos + header;
        let Some(content) = input.get(start..start + len) else {
            return;
        };
        if tag & 0x20 != 0 {
            walk_at(content, base + start, depth + 1, out);
        } else if tag == asn1::OCTET_STRING && content.first() == Some(&0x30) {
            // extnValue: DER inside an OCTET STRING. Only walked when it reads as one
            // complete SEQUENCE, so arbitrary octets are never taken for structure.
            if asn1::declared_len(content) == Some(content.len()) {
                walk_at(content, base + start, depth + 1, out);
            }
        }
        pos = start + len;
    }
}

fn serial_issues(serial: &[u8], out: &mut Vec<EncodingIssue>) {
    match serial {
        [] => {}
        [0, b, ..] if b & 0x80 == 0 => out.push(issue(
            EncodingIssueKind::SerialEncoding,
            &[GO],
            "its serial number is not minimally encoded (a leading zero octet); Go refuses it (\"x509: malformed serial number\")".into(),
        )),
        [0xff, b, ..] if b & 0x80 != 0 => out.push(issue(
            EncodingIssueKind::SerialEncoding,
            &[GO],
            "its serial number is not minimally encoded (a leading 0xFF octet); Go refuses it (\"x509: malformed serial number\")".into(),
        )),
        [first, ..] if first & 0x80 != 0 => out.push(issue(
            EncodingIssueKind::NegativeSerial,
            &[GO],
            "its serial number is negative; Go 1.23 and later refuse it (\"x509: negative serial number\"; Kubernetes, ingress-nginx, Argo CD and cert-manager are built with such Go), OpenSSL reads it".into(),
        )),
        s if s.iter().all(|&b| b == 0) => out.push(issue(
            EncodingIssueKind::ZeroSerial,
            &[],
            "its serial number is 0; RFC 5280 (4.1.2.2) requires a positive serial, and CA/Browser Forum rules require at least 64 random bits".into(),
        )),
        _ => {}
    }
    if serial.len() > 20 {
        out.push(issue(
            EncodingIssueKind::LongSerial,
            &[],
            format!(
                "its serial number is {} octets; RFC 5280 (4.1.2.2) allows at most 20, and clients that store serials in 20 octets may refuse it",
                serial.len()
            ),
        ));
    }
}

fn time_issues(validity: &[u8], out: &mut Vec<EncodingIssue>) {
    let Some(times) = asn1::children(validity) else {
        return;
    };
    for (t, which) in times.iter().zip(["notBefore", "notAfter"]) {
        let text = t.content;
        let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
        match t.tag() {
            0x17 => {
                let ok = text.len() == 13
                    && text.last() == Some(&b'Z')
                    && text.get(..12).is_some_and(digits);
                if !ok {
                    out.push(issue(
                        EncodingIssueKind::TimeFormat,
                        &[GO],
                        format!(
                            "its {which} UTCTime is \"{}\", not YYMMDDHHMMSSZ (RFC 5280 4.1.2.5.1); Go refuses it (\"x509: malformed UTCTime\")",
                            String::from_utf8_lossy(text)
                        ),
                    ));
                }
            }
            0x18 => {
                let ok = text.len() == 15
                    && text.last() == Some(&b'Z')
                    && text.get(..14).is_some_and(digits);
                if !ok {
                    out.push(issue(
                        EncodingIssueKind::TimeFormat,
                        &[GO],
                        format!(
                            "its {which} GeneralizedTime is \"{}\", not YYYYMMDDHHMMSSZ (RFC 5280 4.1.2.5.2); Go refuses it (\"x509: malformed GeneralizedTime\")",
                            String::from_utf8_lossy(text)
                        ),
                    ));
                } else if text.get(..4).is_some_and(|y| y < b"2050".as_slice()) {
                    out.push(issue(
                        EncodingIssueKind::TimeYearRule,
                        &[],
                        format!(
                            "its {which} is a GeneralizedTime before 2050; RFC 5280 (4.1.2.5) requires UTCTime for dates through 2049 (Go, Java and OpenSSL read it)"
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
}

fn key_bits(spki: &[u8], out: &mut Vec<EncodingIssue>) {
    let Some((outer, _)) = asn1::read(spki) else {
        return;
    };
    let Some(parts) = asn1::children(outer.content) else {
        return;
    };
    let Some(bits) = parts.get(1).filter(|t| t.tag() == asn1::BIT_STRING) else {
        return;
    };
    if let Some(&unused) = bits.content.first().filter(|&&u| u != 0) {
        out.push(issue(
            EncodingIssueKind::KeyUnusedBits,
            &[GO, OPENSSL],
            format!(
                "its public key BIT STRING declares {unused} unused bit{} (a key is whole octets): OpenSSL clears them and Go shifts the key by them, so each reads a different key; its pin here is OpenSSL's",
                if unused == 1 { "" } else { "s" }
            ),
        ));
    }
}

/// OIDs Go's `processExtensions` handles; a critical extension outside this list makes Go's
/// `Verify` fail, and Java's and OpenSSL's lists are no longer for what TLS certificates carry.
const HANDLED: &[&str] = &[
    "2.5.29.14", // subjectKeyIdentifier
    "2.5.29.15", // keyUsage
    "2.5.29.17", // subjectAltName
    "2.5.29.19", // basicConstraints
    "2.5.29.30", // nameConstraints
    "2.5.29.31", // cRLDistributionPoints
    "2.5.29.32", // certificatePolicies
    "2.5.29.33", // policyMappings
    "2.5.29.35", // authorityKeyIdentifier
    "2.5.29.36", // policyConstraints
    "2.5.29.37", // extKeyUsage
    "2.5.29.54", // inhibitAnyPolicy
];

fn extension_issues(explicit: &[u8], out: &mut Vec<EncodingIssue>) {
    let Some((list, _)) = asn1::read(explicit) else {
        return;
    };
    let Some(exts) = asn1::children(list.content) else {
        return;
    };
    let mut seen: Vec<String> = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    for ext in &exts {
        let Some(parts) = asn1::children(ext.content) else {
            continue;
        };
        let Some(oid) = parts.first().filter(|t| t.tag() == asn1::OID) else {
            continue;
        };
        let oid = asn1::oid_string(oid.content);
        let name = match crate::asn1::oids::extension_name(&oid) {
            Some(n) => format!("{n} extension ({oid})"),
            None => format!("extension {oid}"),
        };
        let boolean = parts.get(1).filter(|t| t.tag() == 0x01);
        let critical = boolean.is_some_and(|b| b.content.first().is_some_and(|&v| v != 0));
        if let Some(b) = boolean {
            if !matches!(b.content, [0x00] | [0xff]) {
                out.push(issue(
                    EncodingIssueKind::BerEncoding,
                    &[GO],
                    format!(
                        "its {name}'s critical flag is not DER (a BOOLEAN must be 0x00 or 0xFF); Go refuses it (\"x509: malformed extension critical field\")"
                    ),
                ));
            }
        }
        if seen.contains(&oid) {
            if !reported.contains(&oid) {
                out.push(issue(
                    EncodingIssueKind::DuplicateExtension,
                    &[GO, JAVA],
                    format!(
                        "it has the {name} more than once; RFC 5280 (4.2) forbids it, Go refuses it (\"x509: certificate contains duplicate extension\") and so does Java (\"Duplicate extensions not allowed\")"
                    ),
                ));
                reported.push(oid.clone());
            }
            continue;
        }
        seen.push(oid.clone());
        let value = parts.iter().skip(1).find(|t| t.tag() == asn1::OCTET_STRING);
        if oid == "2.5.29.17" {
            let empty = value
                .and_then(|v| asn1::read(v.content))
                .is_some_and(|(s, _)| s.tag() == asn1::SEQUENCE && s.content.is_empty());
            if empty {
                out.push(if critical {
                    issue(
                        EncodingIssueKind::EmptySan,
                        &[GO],
                        "its Subject Alternative Name extension is empty and critical; RFC 5280 (4.2.1.6) requires at least one name, and Go treats it as an unhandled critical extension, so verification fails (OpenSSL accepts it)".into(),
                    )
                } else {
                    issue(
                        EncodingIssueKind::EmptySan,
                        &[],
                        "its Subject Alternative Name extension is empty; RFC 5280 (4.2.1.6) requires at least one name, and clients match host names only against SANs".into(),
                    )
                });
            }
        }
        if critical && !HANDLED.contains(&oid.as_str()) {
            out.push(issue(
                EncodingIssueKind::UnknownCriticalExtension,
                &[GO, JAVA, OPENSSL],
                format!(
                    "its {name} is critical and unknown to Go, Java and OpenSSL: each refuses the certificate when verifying (Go: UnhandledCriticalExtension; Java: \"Unrecognized critical extension(s)\"; OpenSSL: error 34, \"unhandled critical extension\")"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        // SEQUENCE { INTEGER 5 } in DER, then with a long-form length for 3 bytes.
        let mut v = Vec::new();
        walk_lengths(&[0x30, 0x03, 0x02, 0x01, 0x05], 0, &mut v);
        assert!(v.is_empty());
        walk_lengths(&[0x30, 0x81, 0x03, 0x02, 0x01, 0x05], 0, &mut v);
        assert_eq!(v, vec![0]);
        let mut v = Vec::new();
        walk_lengths(&[0x30, 0x04, 0x02, 0x82, 0x00, 0x01, 0x05], 0, &mut v);
        assert_eq!(v, vec![2]);
        let mut v = Vec::new();
        walk_lengths(&[0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00], 0, &mut v);
        assert_eq!(v, vec![0]);
    }

    #[test]
    fn serials() {
        let kinds = |s: &[u8]| {
            let mut v = Vec::new();
            serial_issues(s, &mut v);
            v.into_iter().map(|i| i.kind).collect::<Vec<_>>()
        };
        assert!(kinds(&[0x01]).is_empty());
        assert!(kinds(&[0x00, 0x80]).is_empty());
        assert_eq!(kinds(&[0xfb]), vec![EncodingIssueKind::NegativeSerial]);
        assert_eq!(kinds(&[0x00]), vec![EncodingIssueKind::ZeroSerial]);
        assert_eq!(
            kinds(&[0x00, 0x05]),
            vec![EncodingIssueKind::SerialEncoding]
        );
        assert_eq!(kinds(&[0x01; 21]), vec![EncodingIssueKind::LongSerial]);
    }

    #[test]
    fn garbage_never_panics() {
        for n in 0..64u8 {
            let junk: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37) ^ n).collect();
            let _ = audit(&junk, &junk, None);
            let mut v = Vec::new();
            walk_lengths(&junk, 0, &mut v);
        }
    }
}

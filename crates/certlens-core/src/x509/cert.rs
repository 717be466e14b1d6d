//! Describing one X.509 certificate: every field a user asks about, in the JSON contract's shape.

use crate::model::{
    Attribute, BasicConstraints, Certificate, CertificateDetail, Extension, PublicKeyDesc,
    RawParts, Sans, Validity, ValidityStatus,
};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension, X509Extension};
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use std::borrow::Cow;

use crate::asn1;
use crate::asn1::oids;
use crate::input::b64;
use crate::timefmt;

impl Sans {
    pub fn is_empty(&self) -> bool {
        self.dns.is_empty()
            && self.ip.is_empty()
            && self.email.is_empty()
            && self.uri.is_empty()
            && self.other.is_empty()
    }
}

impl PublicKeyDesc {
    /// "RSA 2048", "EC P-256", "Ed25519".
    pub fn label(&self) -> String {
        match (self.algorithm.as_str(), &self.curve, self.bits) {
            ("ec", Some(c), _) => format!("EC {c}"),
            ("ed25519", _, _) => "Ed25519".into(),
            ("ed448", _, _) => "Ed448".into(),
            ("x25519", _, _) => "X25519".into(),
            ("x448", _, _) => "X448".into(),
            (a, _, Some(b)) => format!("{} {b}", a.to_uppercase()),
            (a, _, None) => a.to_uppercase(),
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        // A nibble is below 16, so both lookups always succeed.
        for nibble in [b >> 4, b & 0xf] {
            if let Some(&d) = DIGITS.get(usize::from(nibble)) {
                s.push(char::from(d));
            }
        }
    }
    s
}

/// The SPKI pin: SHA-256 of the DER SubjectPublicKeyInfo, as 64 lowercase hex digits and Base64.
///
/// A key BIT STRING that declares unused bits (DER keys are whole octets) is hashed as openssl
/// hashes it: openssl clears those bits, reads the key, and writes it back with no unused bits
/// (`openssl pkey -pubout`), so the pin is over that encoding, not over the bytes as given.
pub fn spki_pin(spki_der: &[u8]) -> (String, String) {
    let normalised = octet_aligned_spki(spki_der);
    let d = Sha256::digest(normalised.as_deref().unwrap_or(spki_der));
    (hex(&d), b64::encode_standard(&d))
}

/// When the SPKI's key BIT STRING declares 1 to 7 unused bits: the same SPKI with those bits
/// cleared and the count set to 0 (same length, so every length octet stays valid).
pub fn octet_aligned_spki(spki_der: &[u8]) -> Option<Vec<u8>> {
    let (outer, _) = asn1::read(spki_der)?;
    let parts = asn1::children(outer.content)?;
    let key = parts.get(1).filter(|t| t.tag() == asn1::BIT_STRING)?;
    let unused = *key.content.first()?;
    if unused == 0 || unused > 7 || key.content.len() < 2 {
        return None;
    }
    // Where the BIT STRING's content starts in `spki_der` (both slices are views of it).
    let at = (key.content.as_ptr() as usize).checked_sub(spki_der.as_ptr() as usize)?;
    let mut out = spki_der.to_vec();
    let last = at.checked_add(key.content.len())?.checked_sub(1)?;
    *out.get_mut(at)? = 0;
    let b = out.get_mut(last)?;
    *b &= 0xffu8 << unused;
    Some(out)
}

/// The OIDs [`oids::attribute_name`] names: a described attribute borrows its OID's text from
/// here instead of keeping an allocation of its own (two per attribute with its name).
const ATTRIBUTE_OIDS: &[&str] = &[
    "2.5.4.3",
    "2.5.4.6",
    "2.5.4.7",
    "2.5.4.8",
    "2.5.4.9",
    "2.5.4.10",
    "2.5.4.11",
    "2.5.4.4",
    "2.5.4.5",
    "2.5.4.12",
    "2.5.4.13",
    "2.5.4.15",
    "2.5.4.17",
    "2.5.4.41",
    "2.5.4.42",
    "2.5.4.43",
    "2.5.4.44",
    "2.5.4.46",
    "2.5.4.65",
    "2.5.4.97",
    "0.9.2342.19200300.100.1.1",
    "0.9.2342.19200300.100.1.25",
    "1.2.840.113549.1.9.1",
    "1.3.6.1.4.1.311.60.2.1.1",
    "1.3.6.1.4.1.311.60.2.1.2",
    "1.3.6.1.4.1.311.60.2.1.3",
];

/// The OIDs [`oids::extension_name`] names, for the same reason.
const EXTENSION_OIDS: &[&str] = &[
    "2.5.29.14",
    "2.5.29.15",
    "2.5.29.17",
    "2.5.29.18",
    "2.5.29.19",
    "2.5.29.30",
    "2.5.29.31",
    "2.5.29.32",
    "2.5.29.33",
    "2.5.29.35",
    "2.5.29.36",
    "2.5.29.37",
    "2.5.29.54",
    "1.3.6.1.5.5.7.1.1",
    "1.3.6.1.5.5.7.1.11",
    "1.3.6.1.5.5.7.1.24",
    "1.3.6.1.4.1.11129.2.4.2",
    "1.3.6.1.4.1.11129.2.4.3",
    "2.16.840.1.113730.1.1",
    "2.16.840.1.113730.1.13",
];

/// `oid` as a `'static` string when `table` has it.
fn known_oid(oid: &str, table: &[&'static str]) -> Option<&'static str> {
    table.iter().copied().find(|&o| o == oid)
}

/// Why a block that claims to be a certificate is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertError(pub String);

/// Parse and describe a certificate. `now` is Unix seconds. The summary `detail` leaves out
/// what only the full description shows: the SHA-1 fingerprint (`fingerprint_sha1` stays
/// empty) and the extensions listed by name (`extensions` stays empty). What the checks read
/// (SANs, key usages, constraints, key identifiers, URLs) is read either way. On 10,000
/// distinct leaves that was a digest and a dotted OID per extension per certificate, for
/// fields the summary does not print.
pub fn describe(
    der: &[u8],
    now: i64,
    verify_self: bool,
    detail: CertificateDetail,
) -> Result<Certificate, CertError> {
    let full = detail == CertificateDetail::Full;
    let (rest, x509) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| CertError(describe_parse_error(&e.to_string())))?;
    // The parser returns what follows the certificate; the certificate is what comes before.
    let der = der
        .get(..der.len().saturating_sub(rest.len()))
        .unwrap_or(der);
    let tbs = &x509.tbs_certificate;
    let (subject, subject_attributes) = name_parts(&tbs.subject);
    let self_issued = tbs.subject.as_raw() == tbs.issuer.as_raw();
    // Most certificates of a CA bundle are self-issued: their issuer is described already.
    let (issuer, issuer_attributes) = if self_issued {
        (subject.clone(), subject_attributes.clone())
    } else {
        name_parts(&tbs.issuer)
    };
    let not_before_unix = tbs.validity.not_before.timestamp();
    let not_after_unix = tbs.validity.not_after.timestamp();
    let fingerprint: [u8; 32] = Sha256::digest(der).into();
    let spki = tbs.subject_pki.raw;
    let (spki_sha256, spki_sha256_base64) = spki_pin(spki);
    let signature_oid = oids::oid_string(&x509.signature_algorithm.algorithm);
    let mut raw = RawParts {
        fingerprint,
        ..RawParts::default()
    };
    raw.subject = raw.place(der, tbs.subject.as_raw());
    raw.issuer = raw.place(der, tbs.issuer.as_raw());
    raw.spki = raw.place(der, spki);

    let mut c = Certificate {
        index: 0,
        source: String::new(),
        block: 0,
        location: String::new(),
        subject,
        common_name: tbs
            .subject
            .iter_common_name()
            .next()
            .and_then(|a| attr_value(a).into()),
        subject_attributes,
        issuer,
        issuer_attributes,
        serial_hex: serial_hex(tbs.raw_serial()),
        version: tbs.version.0 + 1,
        not_before: timefmt::rfc3339(not_before_unix),
        not_after: timefmt::rfc3339(not_after_unix),
        not_before_unix,
        not_after_unix,
        validity: validity(now, not_before_unix, not_after_unix),
        san: Sans::default(),
        public_key: public_key_desc(spki),
        signature_algorithm: oids::signature_name(&signature_oid),
        signature_hash: crate::model::SignatureHash::from_oid(&signature_oid),
        signature_algorithm_oid: signature_oid,
        is_ca: false,
        basic_constraints: None,
        key_usage: Vec::new(),
        extended_key_usage: Vec::new(),
        subject_key_id: None,
        authority_key_id: None,
        ocsp_urls: Vec::new(),
        ca_issuer_urls: Vec::new(),
        crl_urls: Vec::new(),
        extensions: Vec::new(),
        self_issued,
        self_signed: false,
        self_signature: None,
        self_signature_detail: None,
        self_signature_reason: None,
        fingerprint_sha256: hex(&fingerprint),
        fingerprint_sha1: if full {
            hex(&Sha1::digest(der))
        } else {
            String::new()
        },
        spki_sha256,
        spki_sha256_base64,
        der: der.to_vec(),
        raw,
        encoding_issues: Vec::new(),
    };
    extensions(&x509, &mut c, der, full);
    if c.self_issued && verify_self {
        let v = signature_within(
            der,
            spki,
            &crate::x509::verify::SignatureBudget::unlimited(),
        );
        c.self_signed = v.status == crate::model::SignatureStatus::Valid;
        c.self_signature_detail = (!c.self_signed).then_some(v.detail);
        c.self_signature_reason = v.reason;
        c.self_signature = Some(v.status);
    }
    Ok(c)
}

/// Whether `der` (a certificate) is signed by the key in `issuer_spki`, drawing on a pool's
/// signature budget, with the verifier's reason.
pub fn signature_within(
    der: &[u8],
    issuer_spki: &[u8],
    budget: &crate::x509::verify::SignatureBudget,
) -> crate::x509::verify::Verification {
    match asn1::split_signed(der) {
        Some((tbs, alg, sig)) => {
            crate::x509::verify::verify_signature_within(alg, tbs, sig, issuer_spki, budget)
        }
        None => crate::x509::verify::Verification::invalid(
            "the certificate's signed parts cannot be found".to_string(),
        ),
    }
}

fn describe_parse_error(e: &str) -> String {
    format!("not a valid X.509 certificate ({e})")
}

fn validity(now: i64, not_before: i64, not_after: i64) -> Validity {
    let seconds_left = not_after.saturating_sub(now);
    let status = if now < not_before {
        ValidityStatus::NotYetValid
    } else if now > not_after {
        ValidityStatus::Expired
    } else {
        ValidityStatus::Valid
    };
    Validity {
        status,
        days_left: seconds_left.div_euclid(86_400),
        seconds_left,
    }
}

/// Serial as lowercase hex without leading zero octets (how `openssl x509 -serial` reads, minus case).
fn serial_hex(raw: &[u8]) -> String {
    let start = raw.iter().position(|&b| b != 0).unwrap_or(raw.len());
    let trimmed = raw.get(start..).unwrap_or_default();
    if trimmed.is_empty() {
        return "0".into();
    }
    let mut h = hex(trimmed);
    // At most one leading zero digit (the first octet is not zero): removed in place.
    if h.starts_with('0') {
        h.remove(0);
    }
    h
}

fn attr_value(a: &AttributeTypeAndValue<'_>) -> String {
    if let Ok(s) = a.as_str() {
        return s.to_string();
    }
    let any = a.attr_value();
    let data = any.as_bytes();
    use x509_parser::der_parser::asn1_rs::Tag;
    match any.tag() {
        Tag::BmpString => {
            let units: Vec<u16> = data
                .chunks_exact(2)
                .filter_map(|c| c.try_into().ok().map(u16::from_be_bytes))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Tag::UniversalString => data
            .chunks_exact(4)
            .map(|c| {
                let v = c.try_into().map(u32::from_be_bytes).unwrap_or(0xfffd);
                char::from_u32(v).unwrap_or('\u{fffd}')
            })
            .collect(),
        Tag::T61String | Tag::VisibleString | Tag::GeneralString => {
            data.iter().map(|&b| b as char).collect()
        }
        _ => format!("#{}", hex(data)),
    }
}

/// A name's RFC 4514 string and its attributes, in one pass (each attribute's OID and value
/// are decoded once).
fn name_parts(name: &X509Name<'_>) -> (String, Vec<Attribute>) {
    let mut attributes = Vec::new();
    // Each RDN's attributes (a range of `attributes`), and the hex value of those with no
    // short name: the text is written once at the end into one String, where a String per
    // attribute and per RDN, joined twice, cost a dozen allocations per name (twice per
    // certificate).
    let mut rdns: Vec<core::ops::Range<usize>> = Vec::new();
    let mut hexes: Vec<Option<String>> = Vec::new();
    let mut len = 0;
    for rdn in name.iter_rdn() {
        let first = attributes.len();
        for a in rdn.iter() {
            let oid = oids::oid_string(a.attr_type());
            let value = attr_value(a);
            let short = oids::attribute_name(&oid);
            let hexed = short
                .is_none()
                .then(|| hex(a.attr_value().as_bytes()));
            len += oid.len() + value.len() + hexed.as_ref().map_or(0, String::len) + 4;
            hexes.push(hexed);
            let (name, oid) = match (short, known_oid(&oid, ATTRIBUTE_OIDS)) {
                (Some(n), Some(o)) => (Cow::Borrowed(n), Cow::Borrowed(o)),
                (Some(n), None) => (Cow::Borrowed(n), Cow::Owned(oid)),
                (None, _) => (Cow::Owned(oid.clone()), Cow::Owned(oid)),
            };
            attributes.push(Attribute { name, oid, value });
        }
        rdns.push(first..attributes.len());
    }
    let mut text = String::with_capacity(len);
    for (k, rdn) in rdns.into_iter().rev().enumerate() {
        if k > 0 {
            text.push(',');
        }
        for (j, i) in rdn.rev().enumerate() {
            let (Some(a), Some(hexed)) = (attributes.get(i), hexes.get(i)) else {
                continue;
            };
            if j > 0 {
                text.push('+');
            }
            match hexed {
                None => {
                    text.push_str(&a.name);
                    text.push('=');
                    escape_into(&mut text, &a.value);
                }
                Some(h) => {
                    text.push_str(&a.oid);
                    text.push_str("=#");
                    text.push_str(h);
                }
            }
        }
    }
    (text, attributes)
}

/// RFC 4514 string in OpenSSL's `-nameopt RFC2253,-esc_msb` form: RDNs last to first, the
/// attributes of a multi-valued RDN also in reverse, special characters escaped, UTF-8 kept.
pub fn rfc4514(name: &X509Name<'_>) -> String {
    name_parts(name).0
}

#[cfg(test)]
fn escape_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    escape_into(&mut out, v);
    out
}

fn escape_into(out: &mut String, v: &str) {
    let n = v.chars().count();
    for (i, ch) in v.chars().enumerate() {
        let special = matches!(ch, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (ch == '#' || ch == ' '))
            || (i + 1 == n && ch == ' ');
        if special {
            out.push('\\');
            out.push(ch);
        } else if (ch as u32) < 0x20 || ch == '\u{7f}' {
            out.push_str(&format!("\\{:02X}", ch as u32));
        } else {
            out.push(ch);
        }
    }
}

/// Algorithm, size and curve of a DER SubjectPublicKeyInfo.
pub fn public_key_desc(spki: &[u8]) -> PublicKeyDesc {
    let unknown = PublicKeyDesc {
        algorithm: "unknown".into(),
        bits: None,
        curve: None,
    };
    let Some((outer, _)) = asn1::read(spki) else {
        return unknown;
    };
    let Some(parts) = asn1::children(outer.content) else {
        return unknown;
    };
    let (Some(alg), Some(key)) = (parts.first(), parts.get(1)) else {
        return unknown;
    };
    let Some(alg_parts) = asn1::children(alg.content) else {
        return unknown;
    };
    let Some(oid) = alg_parts.first().filter(|t| t.tag() == asn1::OID) else {
        return unknown;
    };
    let oid = asn1::oid_string(oid.content);
    let params = alg_parts.get(1);
    let key_bits = key.content.get(1..).unwrap_or_default();
    match oid.as_str() {
        oids::RSA | oids::RSA_PSS => {
            // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
            let bits = asn1::read(key_bits)
                .and_then(|(seq, _)| asn1::children(seq.content))
                .and_then(|ints| ints.first().map(|m| integer_bits(m.content)));
            PublicKeyDesc {
                algorithm: if oid == oids::RSA { "rsa" } else { "rsa-pss" }.into(),
                bits,
                curve: None,
            }
        }
        oids::EC_PUBLIC_KEY => {
            let curve_oid = params
                .filter(|p| p.tag() == asn1::OID)
                .map(|p| asn1::oid_string(p.content));
            let (curve, bits) = match curve_oid.as_deref() {
                Some(c) => match oids::curve(c) {
                    Some((name, bits)) => (Some(name.to_string()), Some(bits)),
                    None => (Some(c.to_string()), point_bits(key_bits)),
                },
                None => (
                    Some("explicit parameters".to_string()),
                    point_bits(key_bits),
                ),
            };
            PublicKeyDesc {
                algorithm: "ec".into(),
                bits,
                curve,
            }
        }
        oids::ED25519 => PublicKeyDesc {
            algorithm: "ed25519".into(),
            bits: Some(256),
            curve: None,
        },
        oids::ED448 => PublicKeyDesc {
            algorithm: "ed448".into(),
            bits: Some(456),
            curve: None,
        },
        oids::X25519 => PublicKeyDesc {
            algorithm: "x25519".into(),
            bits: Some(256),
            curve: None,
        },
        oids::X448 => PublicKeyDesc {
            algorithm: "x448".into(),
            bits: Some(448),
            curve: None,
        },
        oids::DSA => {
            let bits = params
                .and_then(|p| asn1::children(p.content))
                .and_then(|pqg| pqg.first().map(|p| integer_bits(p.content)));
            PublicKeyDesc {
                algorithm: "dsa".into(),
                bits,
                curve: None,
            }
        }
        // PKCS#3 dhKeyAgreement (`openssl genpkey -algorithm DH`, a key file, never in a
        // certificate a TLS client accepts): named and sized as openssl prints it,
        // `DH Private-Key: (2048 bit)`, the prime p's bits (DHParameter { p, g, ... }).
        oids::DH => PublicKeyDesc {
            algorithm: "dh".into(),
            bits: params
                .and_then(|p| asn1::children(p.content))
                .and_then(|pg| pg.first().map(|p| integer_bits(p.content))),
            curve: None,
        },
        other => PublicKeyDesc {
            algorithm: other.into(),
            bits: None,
            curve: None,
        },
    }
}

/// Bit length of a DER INTEGER's content (leading zero octets ignored).
pub fn integer_bits(content: &[u8]) -> u32 {
    let trimmed: &[u8] = {
        let start = content
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(content.len());
        content.get(start..).unwrap_or_default()
    };
    match trimmed.first() {
        None => 0,
        Some(&first) => (trimmed.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
    }
}

fn point_bits(point: &[u8]) -> Option<u32> {
    match point.first() {
        Some(0x04) => Some(((point.len() as u32).saturating_sub(1) / 2) * 8),
        Some(0x02 | 0x03) => Some((point.len() as u32).saturating_sub(1) * 8),
        _ => None,
    }
}

fn general_name(g: &GeneralName<'_>, sans: &mut Sans) {
    match g {
        GeneralName::DNSName(s) => sans.dns.push(s.to_string()),
        GeneralName::RFC822Name(s) => sans.email.push(s.to_string()),
        GeneralName::URI(s) => sans.uri.push(s.to_string()),
        GeneralName::IPAddress(b) => sans.ip.push(ip_string(b)),
        GeneralName::DirectoryName(n) => sans.other.push(format!("DirName:{}", rfc4514(n))),
        GeneralName::RegisteredID(oid) => sans.other.push(format!("RID:{}", oids::oid_string(oid))),
        GeneralName::OtherName(oid, _) => sans
            .other
            .push(format!("othername:{}", oids::oid_string(oid))),
        other => sans.other.push(format!("{other:?}")),
    }
}

/// IPv4 dotted, IPv6 compressed lowercase (RFC 5952), anything else as hex.
pub fn ip_string(b: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(b) {
        return std::net::Ipv4Addr::from(v4).to_string();
    }
    if let Ok(v6) = <[u8; 16]>::try_from(b) {
        return std::net::Ipv6Addr::from(v6).to_string();
    }
    format!("invalid IP address ({} bytes: {})", b.len(), hex(b))
}

fn url_of(g: &GeneralName<'_>) -> Option<String> {
    match g {
        GeneralName::URI(u) => Some(u.to_string()),
        _ => None,
    }
}

/// The keyUsage bits set, by their RFC 5280 names (certificates and CSRs).
fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
    let flags = [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ];
    flags
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// The extendedKeyUsage purposes, by name (an unknown one by its OID).
fn eku_names(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let flags = [
        (eku.any, "anyExtendedKeyUsage"),
        (eku.server_auth, "serverAuth"),
        (eku.client_auth, "clientAuth"),
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "OCSPSigning"),
    ];
    let mut out: Vec<String> = flags
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n.to_string())
        .collect();
    out.extend(eku.other.iter().map(|o| oids::oid_string(o)));
    out
}

/// What a list of extensions says, walked once for certificates and for the extensionRequest
/// of CSRs. Repeated SANs add up; for the other kinds the last one wins.
#[derive(Default)]
pub(crate) struct ExtensionFacts<'b> {
    pub(crate) extensions: Vec<Extension>,
    pub(crate) san: Sans,
    pub(crate) basic_constraints: Option<BasicConstraints>,
    pub(crate) key_usage: Vec<String>,
    pub(crate) extended_key_usage: Vec<String>,
    /// Views of the DER the extensions were read from.
    pub(crate) ski: Option<&'b [u8]>,
    pub(crate) aki: Option<&'b [u8]>,
    pub(crate) ocsp_urls: Vec<String>,
    pub(crate) ca_issuer_urls: Vec<String>,
    pub(crate) crl_urls: Vec<String>,
}

/// Walks `exts` once: every extension's name, OID and criticality, and what the ones certlens
/// reads say.
pub(crate) fn walk_extensions<'a, 'b: 'a>(
    exts: impl IntoIterator<Item = &'a X509Extension<'b>>,
    listed: bool,
) -> ExtensionFacts<'b> {
    let mut f = ExtensionFacts::default();
    for ext in exts {
        // The list by name and OID is only shown (the full description); the facts below are
        // read by the checks and come from the parsed extension, not from this text.
        if listed {
            let oid = oids::oid_string(&ext.oid);
            let (name, oid) = match (oids::extension_name(&oid), known_oid(&oid, EXTENSION_OIDS)) {
                (Some(n), Some(o)) => (Cow::Borrowed(n), Cow::Borrowed(o)),
                (Some(n), None) => (Cow::Borrowed(n), Cow::Owned(oid)),
                (None, _) => (Cow::Owned(oid.clone()), Cow::Owned(oid)),
            };
            f.extensions.push(Extension {
                name,
                oid,
                critical: ext.critical,
            });
        }
        match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => {
                for g in &san.general_names {
                    general_name(g, &mut f.san);
                }
            }
            ParsedExtension::BasicConstraints(bc) => {
                f.basic_constraints = Some(BasicConstraints {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                    critical: ext.critical,
                });
            }
            ParsedExtension::KeyUsage(ku) => f.key_usage = key_usage_names(ku),
            ParsedExtension::ExtendedKeyUsage(eku) => f.extended_key_usage = eku_names(eku),
            ParsedExtension::SubjectKeyIdentifier(ki) => f.ski = Some(ki.0),
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                if let Some(ki) = &aki.key_identifier {
                    f.aki = Some(ki.0);
                }
            }
            ParsedExtension::AuthorityInfoAccess(aia) => {
                for ad in &aia.accessdescs {
                    let method = oids::oid_string(&ad.access_method);
                    if let Some(url) = url_of(&ad.access_location) {
                        match method.as_str() {
                            "1.3.6.1.5.5.7.48.1" => f.ocsp_urls.push(url),
                            "1.3.6.1.5.5.7.48.2" => f.ca_issuer_urls.push(url),
                            _ => {}
                        }
                    }
                }
            }
            ParsedExtension::CRLDistributionPoints(points) => {
                for p in points.iter() {
                    if let Some(DistributionPointName::FullName(names)) = &p.distribution_point {
                        f.crl_urls.extend(names.iter().filter_map(url_of));
                    }
                }
            }
            _ => {}
        }
    }
    f
}

fn extensions(x509: &X509Certificate<'_>, c: &mut Certificate, der: &[u8], listed: bool) {
    let f = walk_extensions(x509.tbs_certificate.extensions(), listed);
    c.extensions = f.extensions;
    c.san = f.san;
    if let Some(bc) = &f.basic_constraints {
        c.is_ca = bc.ca;
    }
    c.basic_constraints = f.basic_constraints;
    c.key_usage = f.key_usage;
    c.extended_key_usage = f.extended_key_usage;
    c.subject_key_id = f.ski.map(hex);
    c.authority_key_id = f.aki.map(hex);
    // `der` is what x509-parser read (the key identifiers are views of it); `c.der` its copy.
    let ski = f.ski.map(|k| c.raw.place(der, k));
    let aki = f.aki.map(|k| c.raw.place(der, k));
    c.raw.ski = ski;
    c.raw.aki = aki;
    c.ocsp_urls = f.ocsp_urls;
    c.ca_issuer_urls = f.ca_issuer_urls;
    c.crl_urls = f.crl_urls;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_openssl() {
        assert_eq!(escape_value("Example, Inc."), "Example\\, Inc.");
        assert_eq!(escape_value("R+D \"Lab\""), "R\\+D \\\"Lab\\\"");
        assert_eq!(escape_value("#x "), "\\#x\\ ");
        assert_eq!(escape_value("Zürich"), "Zürich");
    }

    /// Every OID the borrowed tables list has a name in the `oids` tables, and every named
    /// attribute or extension OID is listed (checked by name: the tables name each once).
    #[test]
    fn borrowed_oid_tables_match_the_names() {
        for o in ATTRIBUTE_OIDS {
            assert!(oids::attribute_name(o).is_some(), "{o}");
        }
        for o in EXTENSION_OIDS {
            assert!(oids::extension_name(o).is_some(), "{o}");
        }
        assert_eq!(ATTRIBUTE_OIDS.len(), 26);
        assert_eq!(EXTENSION_OIDS.len(), 20);
    }

    #[test]
    fn serials_and_bits() {
        assert_eq!(serial_hex(&[0x00, 0x05]), "5");
        assert_eq!(serial_hex(&[0x7e, 0x3a]), "7e3a");
        assert_eq!(serial_hex(&[0x00]), "0");
        assert_eq!(serial_hex(&[0x00, 0x00, 0x0f, 0x00]), "f00");
        assert_eq!(serial_hex(&[]), "0");
        assert_eq!(integer_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(integer_bits(&[0x01]), 1);
        assert_eq!(ip_string(&[10, 0, 0, 1]), "10.0.0.1");
        assert_eq!(
            ip_string(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            "2001:db8::1"
        );
    }
}

//! One certificate read for path validation: every field a rule looks at, parsed once.

use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::*;

use crate::asn1;
use crate::checks::chain::{normalise_name, NormName};

/// A signature hash that clients refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WeakHash {
    Md5,
    Sha1,
}

/// A name-constraint subtree base, as far as the clients check it.
#[derive(Debug, Clone)]
pub(super) enum Subtree {
    Dns(String),
    /// Address and mask (8 or 32 octets when well formed).
    Ip(Vec<u8>),
    Dir(Option<NormName>),
    Email(String),
    /// Another GeneralName type (otherName, URI, ...): its context tag number.
    Other(u8),
}

#[derive(Debug, Clone, Default)]
pub(super) struct Nc {
    pub permitted: Option<Vec<Subtree>>,
    pub excluded: Option<Vec<Subtree>>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct San {
    pub dns: Vec<String>,
    pub ip: Vec<Vec<u8>>,
    pub email: Vec<String>,
    pub dirs: Vec<Option<NormName>>,
    /// Context tag numbers of other name types present (0 otherName, 6 URI, ...).
    pub other: Vec<u8>,
    pub critical: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Eku {
    pub server_auth: bool,
    pub any: bool,
    pub empty: bool,
    pub critical: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Aki {
    pub key_id: Option<Vec<u8>>,
    pub other_fields: bool,
    pub critical: bool,
}

/// Key facts the weak-key rules need.
#[derive(Debug, Clone)]
pub(super) struct KeyFacts {
    pub algorithm: crate::model::PublicKeyAlgorithm,
    pub bits: Option<u32>,
    pub curve: Option<String>,
    pub explicit_curve: bool,
}

impl Default for KeyFacts {
    fn default() -> Self {
        KeyFacts {
            algorithm: crate::model::PublicKeyAlgorithm::Unknown,
            bits: None,
            curve: None,
            explicit_curve: false,
        }
    }
}

/// A certificate as path validation sees it.
#[derive(Debug, Clone, Default)]
pub(super) struct PCert {
    pub tbs: Vec<u8>,
    pub sig_alg: Vec<u8>,
    pub sig: Vec<u8>,
    pub spki: Vec<u8>,
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    pub subject: Option<NormName>,
    pub issuer: Option<NormName>,
    pub subject_empty: bool,
    pub issuer_empty: bool,
    pub self_issued: bool,
    pub common_names: Vec<String>,
    pub display: String,
    /// 0 for v1, 2 for v3.
    pub version: u32,
    pub serial: Vec<u8>,
    pub not_before: i64,
    pub not_after: i64,
    /// (cA, pathLenConstraint, critical)
    pub bc: Option<(bool, Option<u32>, bool)>,
    /// keyUsage bits (digitalSignature = bit 0 ... as x509-parser's flags) and criticality.
    pub ku: Option<(u16, bool)>,
    pub eku: Option<Eku>,
    pub san: Option<San>,
    pub nc: Option<Nc>,
    pub aki: Option<Aki>,
    pub ski: Option<(Vec<u8>, bool)>,
    pub policy_constraints: Option<bool>,
    pub unknown_critical: bool,
    pub weak_hash: Option<WeakHash>,
    /// The TBS's signature algorithm differs from the outer one.
    pub alg_mismatch: bool,
    /// Extension or field the client refuses as malformed (duplicate extension, unparsable
    /// known extension).
    pub malformed: Option<String>,
    /// A known extension whose content cannot be read (Go and the browsers refuse it; OpenSSL
    /// and Java ignore what they do not use).
    pub bad_extension: Option<String>,
    /// That extension is the subjectAltName.
    pub bad_san: bool,
    pub key: KeyFacts,
}

pub(super) const KU_DIGITAL_SIGNATURE: u16 = 1;
pub(super) const KU_KEY_ENCIPHERMENT: u16 = 1 << 2;
pub(super) const KU_KEY_AGREEMENT: u16 = 1 << 4;
pub(super) const KU_KEY_CERT_SIGN: u16 = 1 << 5;

impl PCert {
    pub fn is_ca(&self) -> bool {
        self.bc.is_some_and(|b| b.0)
    }
}

fn weak_hash(oid: &str) -> Option<WeakHash> {
    match oid {
        "1.2.840.113549.1.1.4" | "1.2.840.113549.1.1.2" | "1.2.840.113549.1.1.3" => {
            Some(WeakHash::Md5)
        }
        "1.2.840.113549.1.1.5" | "1.2.840.10045.4.1" | "1.2.840.10040.4.3" | "1.3.14.3.2.29" => {
            Some(WeakHash::Sha1)
        }
        _ => None,
    }
}

fn subtree(g: &GeneralName<'_>) -> Subtree {
    match g {
        GeneralName::DNSName(s) => Subtree::Dns(s.to_string()),
        GeneralName::IPAddress(b) => Subtree::Ip(b.to_vec()),
        GeneralName::DirectoryName(n) => Subtree::Dir(normalise_name(n.as_raw())),
        GeneralName::RFC822Name(s) => Subtree::Email(s.to_string()),
        GeneralName::OtherName(..) => Subtree::Other(0),
        GeneralName::X400Address(_) => Subtree::Other(3),
        GeneralName::EDIPartyName(_) => Subtree::Other(5),
        GeneralName::URI(_) => Subtree::Other(6),
        GeneralName::RegisteredID(_) => Subtree::Other(8),
        GeneralName::Invalid(..) => Subtree::Other(255),
    }
}

/// The TBS's own signature AlgorithmIdentifier (raw DER).
fn tbs_signature_alg(tbs: &[u8]) -> Option<Vec<u8>> {
    let (outer, _) = asn1::read(tbs)?;
    let parts = asn1::children(outer.content)?;
    let mut it = parts.iter();
    let mut first = it.next()?;
    if first.tag() == 0xa0 {
        first = it.next()?; // the serial after [0] version
    }
    let _serial = first;
    it.next().map(|a| a.raw.to_vec())
}

/// Reads one certificate; `Err` with the parser's words when it cannot be read at all.
pub(super) fn read(der: &[u8]) -> Result<PCert, String> {
    let (rest, x) = parse_x509_certificate(der).map_err(|e| format!("{e}"))?;
    let (tbs, sig_alg, sig) = asn1::split_signed(der).ok_or("not a signed structure")?;
    let mut c = PCert {
        tbs: tbs.to_vec(),
        sig_alg: sig_alg.to_vec(),
        sig: sig.to_vec(),
        spki: x.public_key().raw.to_vec(),
        subject_raw: x.subject().as_raw().to_vec(),
        issuer_raw: x.issuer().as_raw().to_vec(),
        ..PCert::default()
    };
    if !rest.is_empty() {
        c.malformed = Some("bytes after the certificate".into());
    }
    c.subject = normalise_name(&c.subject_raw);
    c.issuer = normalise_name(&c.issuer_raw);
    c.subject_empty = x.subject().iter().next().is_none();
    c.issuer_empty = x.issuer().iter().next().is_none();
    c.self_issued = c.subject_raw == c.issuer_raw || (c.subject.is_some() && c.subject == c.issuer);
    c.common_names = x
        .subject()
        .iter_common_name()
        .filter_map(|a| a.as_str().ok().map(str::to_string))
        .collect();
    c.display = c
        .common_names
        .first()
        .cloned()
        .unwrap_or_else(|| crate::x509::cert::rfc4514(x.subject()));
    c.version = x.version().0;
    c.serial = x.tbs_certificate.raw_serial().to_vec();
    c.not_before = x.validity().not_before.timestamp();
    c.not_after = x.validity().not_after.timestamp();
    let outer_oid = x.signature_algorithm.algorithm.to_id_string();
    c.weak_hash = weak_hash(&outer_oid);
    c.alg_mismatch = tbs_signature_alg(tbs).is_some_and(|a| a != sig_alg);
    let desc = crate::x509::cert::public_key_desc(&c.spki);
    c.key = KeyFacts {
        explicit_curve: desc.algorithm == crate::model::PublicKeyAlgorithm::Ec
            && desc.curve.as_deref() == Some("explicit parameters"),
        algorithm: desc.algorithm,
        bits: desc.bits,
        curve: desc.curve,
    };
    let mut seen = std::collections::BTreeSet::new();
    for ext in x.extensions() {
        let critical = ext.critical;
        if !seen.insert(ext.oid.to_id_string()) {
            c.malformed = Some(format!("extension {} appears twice", ext.oid));
        }
        match ext.parsed_extension() {
            ParsedExtension::BasicConstraints(b) => {
                c.bc = Some((b.ca, b.path_len_constraint, critical));
            }
            ParsedExtension::KeyUsage(k) => c.ku = Some((k.flags, critical)),
            ParsedExtension::ExtendedKeyUsage(e) => {
                c.eku = Some(Eku {
                    server_auth: e.server_auth,
                    any: e.any,
                    empty: !(e.any
                        || e.server_auth
                        || e.client_auth
                        || e.code_signing
                        || e.email_protection
                        || e.time_stamping
                        || e.ocsp_signing
                        || !e.other.is_empty()),
                    critical,
                })
            }
            ParsedExtension::SubjectAlternativeName(s) => {
                let mut san = San {
                    critical,
                    ..San::default()
                };
                for g in &s.general_names {
                    match g {
                        GeneralName::DNSName(d) => san.dns.push(d.to_string()),
                        GeneralName::IPAddress(b) => san.ip.push(b.to_vec()),
                        GeneralName::RFC822Name(e) => san.email.push(e.to_string()),
                        GeneralName::DirectoryName(n) => san.dirs.push(normalise_name(n.as_raw())),
                        other => {
                            if let Subtree::Other(t) = subtree(other) {
                                san.other.push(t)
                            }
                        }
                    }
                }
                if s.general_names.is_empty() {
                    c.malformed = Some("an empty subjectAltName".into());
                }
                c.san = Some(san);
            }
            ParsedExtension::NameConstraints(n) => {
                let conv = |v: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
                    v.as_ref()
                        .map(|v| v.iter().map(|s| subtree(&s.base)).collect::<Vec<_>>())
                };
                c.nc = Some(Nc {
                    permitted: conv(&n.permitted_subtrees),
                    excluded: conv(&n.excluded_subtrees),
                });
            }
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                c.aki = Some(Aki {
                    key_id: a.key_identifier.as_ref().map(|k| k.0.to_vec()),
                    other_fields: a.authority_cert_issuer.is_some()
                        || a.authority_cert_serial.is_some(),
                    critical,
                })
            }
            ParsedExtension::SubjectKeyIdentifier(k) => c.ski = Some((k.0.to_vec(), critical)),
            ParsedExtension::PolicyConstraints(_) => c.policy_constraints = Some(critical),
            ParsedExtension::CertificatePolicies(_)
            | ParsedExtension::PolicyMappings(_)
            | ParsedExtension::InhibitAnyPolicy(_) => {}
            ParsedExtension::ParseError { error } => {
                c.bad_extension = Some(format!("extension {} cannot be read: {error}", ext.oid));
                c.bad_san |= ext.oid.to_id_string() == "2.5.29.17";
            }
            _ => {
                if critical {
                    c.unknown_critical = true;
                }
            }
        }
    }
    Ok(c)
}

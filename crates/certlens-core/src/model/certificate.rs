//! A certificate as the report describes it.

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{NotCheckedReason, PublicKeyAlgorithm, SignatureHash, SignatureStatus};

/// One attribute of a distinguished name.
///
/// `name` and `oid` borrow the tables' text for the attributes certlens knows (nearly all):
/// two allocations fewer per attribute, which a pool of 20,000 certificates keeps and frees
/// 120,000 times. The JSON is the same strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// Short name as OpenSSL prints it (`CN`, `O`, `emailAddress`), or the dotted OID.
    pub name: Cow<'static, str>,
    pub oid: Cow<'static, str>,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sans {
    pub dns: Vec<String>,
    pub ip: Vec<String>,
    pub email: Vec<String>,
    pub uri: Vec<String>,
    /// Other name forms (directoryName, otherName, registeredID...) described as text.
    pub other: Vec<String>,
}

/// A public key's kind and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyDesc {
    /// `rsa`, `rsa-pss`, `ec`, `ed25519`, `ed448`, `x25519`, `x448`, `dsa`, `dh`, or the dotted OID.
    pub algorithm: PublicKeyAlgorithm,
    pub bits: Option<u32>,
    /// `P-256`, `P-384`, `P-521`, `secp256k1`, or the curve OID.
    pub curve: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ValidityStatus {
    Valid,
    Expired,
    NotYetValid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub status: ValidityStatus,
    /// Whole days from `now` until notAfter (negative once expired).
    pub days_left: i64,
    pub seconds_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicConstraints {
    pub ca: bool,
    pub path_len: Option<u32>,
    pub critical: bool,
}

/// `oid` and `name` borrow the tables' text for the extensions certlens knows, as
/// [`Attribute`]'s do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub oid: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub critical: bool,
}

impl Extension {
    /// Its name for people, `(critical)` after it when it is: what every front end lists.
    pub fn label(&self) -> String {
        if self.critical {
            format!("{} (critical)", self.name)
        } else {
            self.name.to_string()
        }
    }
}

/// Everything certlens reports about a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Position among all certificates of the pool (what chains and matches refer to).
    pub index: usize,
    pub source: String,
    pub block: usize,
    /// Where it was found, for people: "chain.pem, block 2 (CERTIFICATE)".
    pub location: String,
    pub subject: String,
    pub subject_attributes: Vec<Attribute>,
    pub issuer: String,
    pub issuer_attributes: Vec<Attribute>,
    pub common_name: Option<String>,
    pub serial_hex: String,
    pub version: u32,
    pub not_before: String,
    pub not_after: String,
    pub not_before_unix: i64,
    pub not_after_unix: i64,
    pub validity: Validity,
    pub san: Sans,
    pub public_key: PublicKeyDesc,
    pub signature_algorithm: String,
    pub signature_algorithm_oid: String,
    /// The hash of the signature algorithm (`sha256`, `sha1`, `md5`...); `null` for an
    /// algorithm certlens does not know.
    #[serde(default)]
    pub signature_hash: Option<SignatureHash>,
    pub is_ca: bool,
    pub basic_constraints: Option<BasicConstraints>,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    pub ocsp_urls: Vec<String>,
    pub ca_issuer_urls: Vec<String>,
    pub crl_urls: Vec<String>,
    pub extensions: Vec<Extension>,
    /// Subject and issuer are the same name.
    pub self_issued: bool,
    /// Self-issued and its signature verifies with its own key.
    pub self_signed: bool,
    /// For self-issued certificates: the result of checking the signature with its own key
    /// (`unsupported` for algorithms certlens cannot verify, such as Ed448).
    pub self_signature: Option<SignatureStatus>,
    /// Why [`Self::self_signature`] is not `valid` when it was tried: the verifier's words
    /// (`not checked: the issuer RSA key has 16384 bits, ...`, a budget spent, a bad
    /// signature). `None` when it is valid or was not asked for.
    #[serde(default)]
    pub self_signature_detail: Option<String>,
    /// Why the own signature was not verified, as a type, when it was not
    /// (`not_requested`, `budget_spent`, `key_too_large`, `unsupported_algorithm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_signature_reason: Option<NotCheckedReason>,
    pub fingerprint_sha256: String,
    pub fingerprint_sha1: String,
    pub spki_sha256: String,
    pub spki_sha256_base64: String,
    /// Encodings that strict TLS clients reject or question (trailing data, BER, serials,
    /// times, duplicate or unknown critical extensions, an empty SAN, unused key bits), each
    /// naming the clients. certlens still reads the certificate; the findings say it is not fine.
    #[serde(default)]
    pub encoding_issues: Vec<EncodingIssue>,
    /// The certificate itself (not serialised: outputs are produced from it).
    #[serde(skip)]
    pub der: Vec<u8>,
    #[serde(skip)]
    pub raw: RawParts,
}

/// Raw DER pieces kept for chain building and signature checks: where they lie in the
/// certificate's DER (they are parts of it), read with [`Certificate::raw_subject`] and the
/// like. Five copies of them were five allocations per certificate that the report kept and
/// freed; a piece that is not inside the DER (never from `describe`) is kept in `extra`, and
/// its range starts at `der.len()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawParts {
    pub subject: Range<usize>,
    pub issuer: Range<usize>,
    pub spki: Range<usize>,
    pub ski: Option<Range<usize>>,
    pub aki: Option<Range<usize>>,
    pub extra: Vec<u8>,
    pub fingerprint: [u8; 32],
}

impl RawParts {
    /// Where `part` lies in `der` (both views of the same bytes), else `part` appended to
    /// `extra` (its range then starts at `der.len()` or after).
    pub fn place(&mut self, der: &[u8], part: &[u8]) -> Range<usize> {
        let (start, end) = (der.as_ptr() as usize, der.as_ptr() as usize + der.len());
        let p = part.as_ptr() as usize;
        if p >= start && p + part.len() <= end {
            return p - start..p - start + part.len();
        }
        let at = der.len() + self.extra.len();
        self.extra.extend_from_slice(part);
        at..at + part.len()
    }
}

impl Certificate {
    /// A raw piece by its range (see [`RawParts`]); empty for a range that fits nowhere.
    fn raw_part(&self, r: &Range<usize>) -> &[u8] {
        match r.start.checked_sub(self.der.len()) {
            None => self.der.get(r.clone()).unwrap_or_default(),
            Some(from) => self
                .raw
                .extra
                .get(from..from.saturating_add(r.end.saturating_sub(r.start)))
                .unwrap_or_default(),
        }
    }

    /// The subject Name's DER.
    pub fn raw_subject(&self) -> &[u8] {
        self.raw_part(&self.raw.subject)
    }

    /// The issuer Name's DER.
    pub fn raw_issuer(&self) -> &[u8] {
        self.raw_part(&self.raw.issuer)
    }

    /// The SubjectPublicKeyInfo's DER.
    pub fn raw_spki(&self) -> &[u8] {
        self.raw_part(&self.raw.spki)
    }

    /// The SubjectKeyIdentifier's bytes.
    pub fn raw_ski(&self) -> Option<&[u8]> {
        self.raw.ski.as_ref().map(|r| self.raw_part(r))
    }

    /// The AuthorityKeyIdentifier's keyIdentifier bytes.
    pub fn raw_aki(&self) -> Option<&[u8]> {
        self.raw.aki.as_ref().map(|r| self.raw_part(r))
    }
}

/// What kind of encoding problem an [`EncodingIssue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EncodingIssueKind {
    /// Bytes after the certificate's DER in its block.
    TrailingData,
    /// BER where DER is required: non-minimal or indefinite lengths, a BOOLEAN not 0x00/0xFF.
    BerEncoding,
    /// A negative serial number.
    NegativeSerial,
    /// A serial number of 0.
    ZeroSerial,
    /// A serial number over 20 octets.
    LongSerial,
    /// A serial number INTEGER that is not minimally encoded.
    SerialEncoding,
    /// A UTCTime or GeneralizedTime not in RFC 5280's form.
    TimeFormat,
    /// A GeneralizedTime before 2050 (RFC 5280 wants UTCTime there).
    TimeYearRule,
    /// The same extension twice.
    DuplicateExtension,
    /// A critical extension the common clients do not know.
    UnknownCriticalExtension,
    /// A Subject Alternative Name extension with no names.
    EmptySan,
    /// A public key BIT STRING with unused bits.
    KeyUnusedBits,
    /// The PEM block's Base64 is unpadded or URL-safe (Go and OpenSSL refuse the block).
    PemBase64,
}

/// One encoding problem of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingIssue {
    pub kind: EncodingIssueKind,
    /// The clients that refuse the certificate for it; empty when the common clients read it
    /// (the problem is then a standards violation: a warning, not an error).
    pub rejected_by: Vec<String>,
    /// What is wrong and what each client does, for people.
    pub detail: String,
}

//! The certificates' summary: an opt-in lighter description of each certificate in a report
//! (JS `inspect(…, { certificates: "summary" })`, CLI `inspect --json --summary`).
//!
//! Why: on a pool of 10,000 distinct leaves each certificate's full description is ≈ 1.8 KB
//! of JSON, 70 % of the report, and in the browser building, copying and `JSON.parse`-ing it
//! is most of `inspect`'s time. A caller that lists certificates and reads their pins needs a
//! fraction of it. The summary is a *view*: it borrows from the full [`Certificate`] and is
//! decided here, once, for every front end. It changes nothing but the `certificates` list:
//! chains, findings, validations and every other part of the report are the same values
//! (tested: `tests/summary_view.rs`), because nothing the checks read is skipped.
//!
//! Each summary carries `"summary": true`, so a consumer cannot take a field the summary
//! leaves out (`extensions`, `key_usage`…) for "none".

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use super::{Certificate, PublicKeyDesc, Report, Sans, Validity};

/// How much of each certificate a report's `certificates` list describes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertificateDetail {
    /// Every field (the JSON contract's `Certificate`): the default.
    #[default]
    Full,
    /// The fields of [`CertificateSummary`] ([`SUMMARY_FIELDS`]) and `"summary": true`.
    Summary,
}

impl CertificateDetail {
    /// The names front ends accept (the JS option's values), in this order in messages.
    pub const NAMES: [&'static str; 2] = ["full", "summary"];

    pub fn as_str(self) -> &'static str {
        match self {
            CertificateDetail::Full => "full",
            CertificateDetail::Summary => "summary",
        }
    }
}

/// A name that is not a [`CertificateDetail`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCertificateDetail(pub String);

impl core::fmt::Display for UnknownCertificateDetail {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "unknown certificate detail \"{}\"; use \"full\" (every field, the default) or \"summary\"",
            self.0
        )
    }
}

impl std::error::Error for UnknownCertificateDetail {}

impl core::str::FromStr for CertificateDetail {
    type Err = UnknownCertificateDetail;
    /// Exact, lowercase: these are option values written in code, not typed by people.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "full" => Ok(CertificateDetail::Full),
            "summary" => Ok(CertificateDetail::Summary),
            other => Err(UnknownCertificateDetail(other.to_string())),
        }
    }
}

/// The full description's fields a summary keeps, in its order (`summary` itself excepted).
/// What callers read most and what other X.509 libraries return: where it was found, the
/// names, serial, dates and validity, the SANs, the key, CA or not, the fingerprint and the
/// SPKI pin in both forms (hex is what the chart's `security_pinned_hashes` and the agents take;
/// Base64 is the HPKP / `pin-sha256` form some tools print).
pub const SUMMARY_FIELDS: &[&str] = &[
    "index",
    "source",
    "block",
    "location",
    "subject",
    "issuer",
    "common_name",
    "serial_hex",
    "not_before",
    "not_after",
    "not_before_unix",
    "not_after_unix",
    "validity",
    "san",
    "public_key",
    "is_ca",
    "self_signed",
    "fingerprint_sha256",
    "spki_sha256",
    "spki_sha256_base64",
];

/// A certificate's summary, borrowed from its full description. Serialised with the same
/// names and values as the full description's fields, plus `"summary": true`.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateSummary<'a> {
    pub index: usize,
    pub source: &'a str,
    pub block: usize,
    pub location: &'a str,
    pub subject: &'a str,
    pub issuer: &'a str,
    pub common_name: Option<&'a str>,
    pub serial_hex: &'a str,
    pub not_before: &'a str,
    pub not_after: &'a str,
    pub not_before_unix: i64,
    pub not_after_unix: i64,
    pub validity: &'a Validity,
    pub san: &'a Sans,
    pub public_key: &'a PublicKeyDesc,
    pub is_ca: bool,
    pub self_signed: bool,
    pub fingerprint_sha256: &'a str,
    pub spki_sha256: &'a str,
    pub spki_sha256_base64: &'a str,
    /// Always `true`: this is a summary, the fields above are all it has.
    pub summary: bool,
}

impl<'a> From<&'a Certificate> for CertificateSummary<'a> {
    fn from(c: &'a Certificate) -> Self {
        CertificateSummary {
            index: c.index,
            source: &c.source,
            block: c.block,
            location: &c.location,
            subject: &c.subject,
            issuer: &c.issuer,
            common_name: c.common_name.as_deref(),
            serial_hex: &c.serial_hex,
            not_before: &c.not_before,
            not_after: &c.not_after,
            not_before_unix: c.not_before_unix,
            not_after_unix: c.not_after_unix,
            validity: &c.validity,
            san: &c.san,
            public_key: &c.public_key,
            is_ca: c.is_ca,
            self_signed: c.self_signed,
            fingerprint_sha256: &c.fingerprint_sha256,
            spki_sha256: &c.spki_sha256,
            spki_sha256_base64: &c.spki_sha256_base64,
            summary: true,
        }
    }
}

/// One certificate as `detail` asks: the full description or its summary.
#[derive(Debug, Clone, Copy)]
pub struct CertificateView<'a> {
    pub certificate: &'a Certificate,
    pub detail: CertificateDetail,
}

impl Serialize for CertificateView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.detail {
            CertificateDetail::Full => self.certificate.serialize(s),
            CertificateDetail::Summary => CertificateSummary::from(self.certificate).serialize(s),
        }
    }
}

/// A list of certificates as `detail` asks.
#[derive(Debug, Clone, Copy)]
pub struct CertificatesView<'a> {
    pub certificates: &'a [Certificate],
    pub detail: CertificateDetail,
}

impl Serialize for CertificatesView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.certificates.iter().map(|c| CertificateView {
            certificate: c,
            detail: self.detail,
        }))
    }
}

/// A report whose certificates are described as `detail` asks; every other part as it is.
/// With [`CertificateDetail::Full`] it serialises exactly as the [`Report`].
#[derive(Debug, Clone, Copy)]
pub struct ReportView<'a> {
    pub report: &'a Report,
    pub detail: CertificateDetail,
}

impl Serialize for ReportView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        if self.detail == CertificateDetail::Full {
            return r.serialize(s);
        }
        // The report's fields in the derive's order (a test compares the summary report with
        // the full one field by field, so a field added to `Report` and not here fails it).
        let mut st = s.serialize_struct("Report", 16)?;
        st.serialize_field("now", &r.now)?;
        st.serialize_field("inputs", &r.inputs)?;
        st.serialize_field(
            "certificates",
            &CertificatesView {
                certificates: &r.certificates,
                detail: self.detail,
            },
        )?;
        st.serialize_field("private_keys", &r.private_keys)?;
        st.serialize_field("public_keys", &r.public_keys)?;
        st.serialize_field("other", &r.other)?;
        st.serialize_field("password_needed", &r.password_needed)?;
        st.serialize_field("pinned_hashes", &r.pinned_hashes)?;
        st.serialize_field("errors", &r.errors)?;
        st.serialize_field("chains", &r.chains)?;
        st.serialize_field("duplicates", &r.duplicates)?;
        st.serialize_field("unrelated", &r.unrelated)?;
        st.serialize_field("chain_expiry", &r.chain_expiry)?;
        st.serialize_field("names", &r.names)?;
        st.serialize_field("pin_check", &r.pin_check)?;
        st.serialize_field("findings", &r.findings)?;
        st.end()
    }
}

impl Report {
    /// This report with its certificates described as `detail` asks, for serialising.
    pub fn view(&self, detail: CertificateDetail) -> ReportView<'_> {
        ReportView {
            report: self,
            detail,
        }
    }
}

//! Certificate requests: what a CA would refuse, or would issue as asked into a certificate
//! clients reject. Judged from the request's parsed fields, so the page, the CLI and scripts
//! see the same codes (`CsrDetails::problems` keeps the sentences the request's card shows).

use super::finding;
use crate::model::{Finding, FindingCode, PublicKeyReport, Severity, SignatureStatus};

/// The findings of one public key that is a certificate request.
pub(super) fn request(k: &PublicKeyReport, out: &mut Vec<Finding>) {
    let Some(c) = &k.csr else { return };
    if c.signature == SignatureStatus::Invalid {
        out.push(finding(
            Severity::Error,
            FindingCode::CsrSignatureInvalid,
            format!(
                "{}: the request's own signature does not verify ({}): a CA refuses it",
                k.location, c.signature_detail
            ),
            "Make the request again with its key (certlens new csr, or openssl req -new -key).",
            Vec::new(),
        ));
    }
    if c.requested_san.dns.is_empty() && c.requested_san.ip.is_empty() {
        out.push(finding(
            Severity::Warning,
            FindingCode::CsrWithoutSan,
            format!(
                "{}: the request asks for no subjectAltName; clients ignore the Common Name, so a certificate issued as asked is rejected unless the CA adds the names",
                k.location
            ),
            "Make the request with every name as a SAN: certlens new csr --host NAME... (or openssl req -addext \"subjectAltName=DNS:NAME\").",
            Vec::new(),
        ));
    }
    if !c.extended_key_usage.is_empty()
        && !c
            .extended_key_usage
            .iter()
            .any(|e| e == "serverAuth" || e == "anyExtendedKeyUsage")
    {
        out.push(finding(
            Severity::Warning,
            FindingCode::CsrNoServerAuth,
            format!(
                "{}: the request's extendedKeyUsage ({}) has no serverAuth; a TLS server certificate needs it",
                k.location,
                c.extended_key_usage.join(", ")
            ),
            "Request serverAuth too, or leave extendedKeyUsage out and let the CA set it.",
            Vec::new(),
        ));
    }
}

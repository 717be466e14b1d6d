//! Encodings strict clients refuse (`encoding_rejected`) or that break DER and RFC 5280 in a
//! way the common clients tolerate (`encoding_questionable`). The audit itself is
//! `x509::strict`; this names the certificate and the fix.

use super::finding;
use crate::checks::report::short_name;
use crate::model::{Certificate, EncodingIssueKind, Finding, FindingCode, Severity};

pub(super) fn certificate(c: &Certificate, out: &mut Vec<Finding>) {
    for issue in &c.encoding_issues {
        let (severity, code) = if issue.rejected_by.is_empty() {
            (Severity::Warning, FindingCode::EncodingQuestionable)
        } else {
            (Severity::Error, FindingCode::EncodingRejected)
        };
        let fix = match issue.kind {
            EncodingIssueKind::TrailingData => {
                "Remove the extra bytes: openssl x509 -in FILE -out FIXED.pem writes the certificate alone (its signature is unaffected)."
            }
            EncodingIssueKind::PemBase64 => {
                "Write the PEM again in standard Base64: certlens chain FILE (or Download full-chain.crt) writes the same certificate as every client reads it."
            }
            _ => {
                "Have the CA issue the certificate again: the problem is inside the signed part, so no re-encoding can fix it without breaking the signature."
            }
        };
        out.push(finding(
            severity,
            code,
            format!("{}: {}", short_name(c), issue.detail),
            fix,
            vec![c.index],
        ));
    }
}

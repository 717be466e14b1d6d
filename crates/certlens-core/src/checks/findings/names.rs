//! Names: a host name or address asked for that no certificate covers (or, when the input is
//! certificate requests without a certificate, that no request asks for).

use super::finding;
use crate::model::{Finding, FindingCode, Report, Severity};

/// `name_not_covered` for each name of the report's coverage that is not covered. With no
/// certificate in the input but certificate requests, the question is the request's: a name
/// one of them asks for raises nothing (its `note` says which), one none asks for is an error
/// about the request.
pub(super) fn uncovered(report: &Report, out: &mut Vec<Finding>) {
    let requests_only =
        report.certificates.is_empty() && report.public_keys.iter().any(|k| k.csr.is_some());
    for n in report.names.iter().filter(|n| !n.covered) {
        if requests_only {
            if n.requested_by.is_some() {
                continue;
            }
            out.push(finding(
                Severity::Error,
                FindingCode::NameNotCovered,
                format!(
                    "{} is not among the names the certificate request asks for: a certificate issued from it would not cover it",
                    n.name
                ),
                "Make the request again with this name as a SAN too (certlens new csr --host NAME...).",
                Vec::new(),
            ));
            continue;
        }
        out.push(finding(
            Severity::Error,
            FindingCode::NameNotCovered,
            match &n.note {
                Some(note) => format!("{} is not covered: {note}", n.name),
                None => format!("{} is not covered by any certificate", n.name),
            },
            "Reissue the certificate with this name in its SAN extension.",
            n.certificate.into_iter().collect(),
        ));
    }
}

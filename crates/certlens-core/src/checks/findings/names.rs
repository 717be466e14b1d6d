//! Names: a host name or address asked for that no certificate covers.

use super::finding;
use crate::model::{Finding, FindingCode, NameCoverage, Severity};

/// `name_not_covered` for each name of `coverage` that is not covered.
pub(super) fn uncovered(coverage: &[NameCoverage], out: &mut Vec<Finding>) {
    out.extend(coverage.iter().filter(|n| !n.covered).map(|n| {
        finding(
            Severity::Error,
            FindingCode::NameNotCovered,
            match &n.note {
                Some(note) => format!("{} is not covered: {note}", n.name),
                None => format!("{} is not covered by any certificate", n.name),
            },
            "Reissue the certificate with this name in its SAN extension.",
            n.certificate.into_iter().collect(),
        )
    }));
}

//! Expiry: expired, not yet valid, or expiring within the warning window.

use super::{finding, self_root};
use crate::checks::report::short_name;
use crate::model::{Certificate, Finding, FindingCode, Severity, ValidityStatus};

/// `expired`, `not_yet_valid` or `expires_soon` for one certificate.
pub(super) fn certificate(c: &Certificate, warn_days: i64, out: &mut Vec<Finding>) {
    let self_root = self_root(c);
    match c.validity.status {
        ValidityStatus::Expired => out.push(finding(
            Severity::Error,
            FindingCode::Expired,
            format!(
                "{} expired on {} ({} days ago)",
                short_name(c),
                c.not_after,
                -c.validity.days_left
            ),
            if self_root {
                "An expired root anchors nothing: remove it from the bundle or trust store, and replace any chain that ends in it."
            } else {
                "Renew the certificate and replace it everywhere it is deployed."
            },
            vec![c.index],
        )),
        ValidityStatus::NotYetValid => out.push(finding(
            Severity::Error,
            FindingCode::NotYetValid,
            format!("{} is not valid before {}", short_name(c), c.not_before),
            "Check the issuing system's clock, or wait until notBefore.",
            vec![c.index],
        )),
        ValidityStatus::Valid if c.validity.days_left < warn_days => out.push(finding(
            Severity::Warning,
            FindingCode::ExpiresSoon,
            format!(
                "{} expires on {}, in {} days",
                short_name(c),
                c.not_after,
                c.validity.days_left
            ),
            if self_root {
                "Add its successor root to trust stores and ca.crt before then, and move chains that end in it to that root."
            } else {
                "Renew it now; rotate the Secret before the expiry date."
            },
            vec![c.index],
        )),
        _ => {}
    }
}

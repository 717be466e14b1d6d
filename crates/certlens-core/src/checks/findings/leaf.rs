//! The leaf: what a TLS server certificate needs (a SAN, CA:FALSE, serverAuth) and how long
//! public trust lets it live.

use super::finding;
use crate::checks::report::{short_name, ChainLeaves};
use crate::model::{Certificate, Finding, FindingCode, Severity};

/// `leaf_without_san`, `leaf_is_ca`, `leaf_validity_over_398_days` and `no_server_auth`, when
/// `c` is the leaf of a chain.
pub(super) fn certificate(leaves: &ChainLeaves, c: &Certificate, out: &mut Vec<Finding>) {
    if !leaves.contains(c.index) {
        return;
    }
    if c.san.dns.is_empty() && c.san.ip.is_empty() {
        out.push(finding(
            Severity::Error,
            FindingCode::LeafWithoutSan,
            format!(
                "{} has no Subject Alternative Name; clients ignore the Common Name and will reject it",
                short_name(c)
            ),
            "Reissue it with every host name in the SAN extension.",
            vec![c.index],
        ));
    }
    if c.is_ca {
        out.push(finding(
            Severity::Warning,
            FindingCode::LeafIsCa,
            format!("{} is used as a leaf but has CA:TRUE", short_name(c)),
            "Reissue the server certificate with basicConstraints CA:FALSE.",
            vec![c.index],
        ));
    }
    let days = (c.not_after_unix - c.not_before_unix) / 86_400;
    if days > 398 && !c.self_signed {
        out.push(finding(
            Severity::Info,
            FindingCode::LeafValidityOver398Days,
            format!(
                "{} is valid for {days} days; public CAs and browsers cap leaves at 398",
                short_name(c)
            ),
            "Fine for a private CA; for public trust issue shorter-lived certificates.",
            vec![c.index],
        ));
    }
    let eku = &c.extended_key_usage;
    if !eku.is_empty()
        && !eku
            .iter()
            .any(|e| e == "serverAuth" || e == "anyExtendedKeyUsage")
    {
        out.push(finding(
            Severity::Warning,
            FindingCode::NoServerAuth,
            format!(
                "{} has an Extended Key Usage without serverAuth ({}); TLS servers cannot use it",
                short_name(c),
                eku.join(", ")
            ),
            "Reissue it with extendedKeyUsage serverAuth.",
            vec![c.index],
        ));
    }
}

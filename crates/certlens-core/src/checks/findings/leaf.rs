//! The leaf: what a TLS server certificate needs (a SAN, CA:FALSE, serverAuth) and how long
//! public trust lets it live.

use super::finding;
use crate::checks::report::{short_name, ChainLeaves};
use crate::lifetime;
use crate::model::{Certificate, Finding, FindingCode, Report, Severity, TrustVerdict};
use std::collections::HashSet;

/// `leaf_without_san`, `leaf_is_ca`, `leaf_validity_over_public_limit` and `no_server_auth`, when
/// `c` is the leaf of a chain.
pub(super) fn certificate(
    leaves: &ChainLeaves,
    public: &HashSet<usize>,
    c: &Certificate,
    out: &mut Vec<Finding>,
) {
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
    lifetime(public.contains(&c.index), c, out);
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

/// The leaves whose chain ends at a public root, found once per report (asking per certificate
/// would scan every chain for every certificate).
pub(super) fn public_leaves(report: &Report) -> HashSet<usize> {
    report
        .chains
        .iter()
        .filter(|ch| {
            ch.trust
                .as_ref()
                .is_some_and(|t| t.verdict == TrustVerdict::PublicRoot)
        })
        .filter_map(|ch| ch.order.first().copied())
        .collect()
}

/// `leaf_validity_over_public_limit`: the leaf lives longer than a public CA could issue it
/// when it was issued (the limit in force at its notBefore, not today's). Only a chain to a
/// public root is held to it: over 398 days browsers refuse the certificate (error); over the
/// SC-081 limit but within 398 the CA broke the Baseline Requirements and the certificate is
/// at risk of revocation (warning). A private CA sets its own rules (information, past 398
/// days).
fn lifetime(public: bool, c: &Certificate, out: &mut Vec<Finding>) {
    if c.self_signed {
        return;
    }
    let limit = lifetime::public_limit_days(c.not_before_unix);
    // A private CA is not bound by the Baseline Requirements (certlens's own private CA
    // issues 397-day leaves): it hears about it only past 398 days, as before SC-081, so that
    // every internal certificate does not carry a note about a rule that is not its own.
    let threshold = if public {
        limit
    } else {
        lifetime::BEFORE_SC081_DAYS
    };
    if !lifetime::exceeds(c.not_before_unix, c.not_after_unix, threshold) {
        return;
    }
    let days = lifetime::validity_seconds(c.not_before_unix, c.not_after_unix) / 86_400;
    let date = c.not_before.get(..10).unwrap_or(&c.not_before);
    let rule = format!(
        "a public CA may issue at most {limit} days to a certificate issued on {date} ({})",
        if limit == lifetime::BEFORE_SC081_DAYS {
            "CA/Browser Forum Baseline Requirements".to_string()
        } else {
            lifetime::BALLOT.to_string()
        }
    );
    let (severity, fix) = if !public {
        (
            Severity::Info,
            "Fine for a private CA; a certificate from a public CA must be renewed within the limit in force when it is issued.",
        )
    } else if days > i64::from(lifetime::BEFORE_SC081_DAYS) {
        (
            Severity::Error,
            "Browsers refuse public certificates valid for more than 398 days: have the CA reissue it within the limit.",
        )
    } else {
        (
            Severity::Warning,
            "The CA issued it beyond the Baseline Requirements and may have to revoke it: have it reissued within the limit.",
        )
    };
    out.push(finding(
        severity,
        FindingCode::LeafValidityOverPublicLimit,
        format!(
            "{} is valid for {days} days; {rule}{}",
            short_name(c),
            if public { "" } else { " (its chain does not end at a public root)" }
        ),
        fix,
        vec![c.index],
    ));
}

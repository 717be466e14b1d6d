//! The findings registry: what is worth telling the user about a report, with a one-line fix
//! each. Each concern lives in its own module, with the wording of the findings it raises;
//! [`all`] runs them in a fixed order.

mod chain;
mod csr;
mod encoding;
mod expiry;
mod group;
pub use group::grouped_certificates;
mod keys;
mod leaf;
mod names;
mod pins;
mod signatures;
mod validation;

use crate::checks::report::{ChainLeaves, Places};
use crate::model::{Certificate, Finding, FindingCode, Report, Severity};

/// Every finding of a report whose chains, name coverage and pin check are filled in, errors
/// first.
///
/// The order is part of what users see (and of the CLI's transcripts): per certificate, then
/// per chain, then over the pool, then per private key, then names, then pins; the sort by
/// severity is stable, so that order holds within each severity.
pub(crate) fn all(report: &Report, warn_days: i64) -> Vec<Finding> {
    let mut out = Vec::new();
    let places = Places::of(report);
    let leaves = ChainLeaves::of(report);
    let public_leaves = leaf::public_leaves(report);

    // Copies of a certificate get no findings of their own: `duplicate_certificate` names them.
    let mut seen = std::collections::HashMap::new();
    for c in &report.certificates {
        if let Some(first) = seen.get(&c.raw.fingerprint) {
            // Unless this copy's bytes differ around the certificate (bytes appended in one
            // place): that copy is refused where the first is not.
            if *first != &c.encoding_issues {
                encoding::certificate(c, &mut out);
            }
            continue;
        }
        seen.insert(c.raw.fingerprint, &c.encoding_issues);
        expiry::certificate(c, warn_days, &mut out);
        keys::certificate(c, &mut out);
        signatures::certificate(c, &mut out);
        leaf::certificate(&leaves, &public_leaves, c, &mut out);
        encoding::certificate(c, &mut out);
    }
    for (i, ch) in report.chains.iter().enumerate() {
        chain::chain(report, i, ch, &mut out);
        signatures::links(report, i, ch, &mut out);
        validation::chain(report, i, ch, &mut out);
    }
    chain::pool(report, &places, &mut out);
    for k in &report.private_keys {
        keys::private_key(report, &places, k, &mut out);
    }
    for k in &report.public_keys {
        csr::request(k, &mut out);
    }
    names::uncovered(report, &mut out);
    if let Some(check) = &report.pin_check {
        pins::pin_list(report, check, &mut out);
    }

    // One pass over what every producer raised: the same text about many certificates once.
    let mut out = group::same_text(out, report);
    out.sort_by_key(|f| f.severity);
    out
}

fn finding(
    severity: Severity,
    code: FindingCode,
    message: String,
    fix: &str,
    certificates: Vec<usize>,
) -> Finding {
    Finding {
        severity,
        code,
        message,
        fix: fix.into(),
        certificates,
        private_keys: Vec::new(),
        grouped: false,
    }
}

/// Whether `c` is a root. Clients never check a root's self-signature; self-issued is enough
/// to know (the signature itself may not have been checked yet).
fn self_root(c: &Certificate) -> bool {
    c.self_issued && c.is_ca
}

//! Path validation: a chain some client rejects (`chain_rejected`), and a chain whose only
//! fault is a root of the input nobody declared trusted (`root_not_declared`).

use super::finding;
use crate::checks::report::short_name;
use crate::model::{
    Chain, Finding, FindingCode, Outcome, PathRule, Report, Severity, TrustVerdict,
};

/// The findings of chain `i`'s validation.
pub(super) fn chain(report: &Report, i: usize, ch: &Chain, out: &mut Vec<Finding>) {
    let Some(v) = &ch.validation else { return };
    let rejects: Vec<_> = v
        .clients
        .iter()
        .filter(|c| c.outcome == Outcome::Reject)
        .collect();
    // An undeclared root is the user's decision to make, not a fault of the chain; a missing
    // issuer is already `missing_intermediate`'s (or, for a root that may be on the clients,
    // `issuer_missing`'s) to say.
    let issuer_said = ch.missing_intermediate
        || ch
            .trust
            .as_ref()
            .is_some_and(|t| t.verdict == TrustVerdict::IssuerMissing);
    let faults: Vec<_> = rejects
        .iter()
        .filter(|c| {
            c.rule != Some(PathRule::RootNotTrusted)
                && !(c.rule == Some(PathRule::UnknownIssuer) && issuer_said)
        })
        .collect();
    let name = |j: usize| {
        report
            .certificates
            .get(j)
            .map(short_name)
            .unwrap_or_else(|| format!("#{j}"))
    };
    if !faults.is_empty() {
        // One sentence per rule, naming its clients and certificate, in client order.
        let mut parts: Vec<String> = Vec::new();
        let mut certs: Vec<usize> = Vec::new();
        let mut seen: Vec<(Option<PathRule>, Option<usize>)> = Vec::new();
        for c in &faults {
            let key = (c.rule, c.certificate);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let who: Vec<&str> = faults
                .iter()
                .filter(|d| (d.rule, d.certificate) == key)
                .map(|d| d.client.label())
                .collect();
            let verb = if who.len() > 1 {
                "reject"
            } else {
                c.client.verb(false)
            };
            let rule = c.rule.map(|r| r.describe()).unwrap_or("");
            let on = c
                .certificate
                .map(|j| format!(" at {}", name(j)))
                .unwrap_or_default();
            parts.push(format!("{} {verb} it: {rule}{on}", and_list(&who)));
            if let Some(j) = c.certificate {
                if !certs.contains(&j) {
                    certs.push(j);
                }
            }
        }
        out.push(finding(
            Severity::Error,
            FindingCode::ChainRejected,
            format!("chain {}: {}", i + 1, parts.join("; ")),
            "Fix or replace the certificate named (or give the issuer the clients need); each client's line under the chain says what it reports.",
            if certs.is_empty() { v.path.clone() } else { certs },
        ));
        return;
    }
    let only_undeclared = !rejects.is_empty()
        && rejects
            .iter()
            .all(|c| c.rule == Some(PathRule::RootNotTrusted));
    if let (true, Some(root)) = (only_undeclared, v.offered_anchor) {
        out.push(finding(
            Severity::Info,
            FindingCode::RootNotDeclared,
            format!(
                "chain {}: it ends at {}, a root of the input that nobody declared trusted; clients accept the chain only if they trust that root",
                i + 1,
                name(root)
            ),
            "If this is your private root, declare it trusted (ca.crt, certlens --ca FILE, the JS trustAnchors option) and give it to every client.",
            vec![root],
        ));
    }
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

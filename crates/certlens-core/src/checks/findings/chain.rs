//! Chains: order, a missing intermediate or root, and what the pool holds besides its chains
//! (several chains, copies, certificates that belong to none).

use super::finding;
use crate::checks::report::{first_ten, short_name, Places};
use crate::model::{Certificate, Chain, Finding, FindingCode, Report, Severity};

/// `chain_misordered`, then `missing_intermediate` or `root_not_included`, for chain `i`.
pub(super) fn chain(report: &Report, i: usize, ch: &Chain, out: &mut Vec<Finding>) {
    let certs = &report.certificates;
    if ch.misordered {
        let names: Vec<String> = ch
            .order
            .iter()
            .filter_map(|&j| certs.get(j))
            .map(short_name)
            .collect();
        out.push(finding(
            Severity::Error,
            FindingCode::ChainMisordered,
            format!(
                "chain {}: the certificates are in the wrong order; the correct order is {} (leaf first)",
                i + 1,
                names.join(" → ")
            ),
            "Use the reordered full chain (certlens chain, or Download full-chain.crt).",
            ch.order.clone(),
        ));
    }
    if ch.missing_intermediate {
        let last = ch.order.last().and_then(|&j| certs.get(j));
        out.push(finding(
            Severity::Error,
            FindingCode::MissingIntermediate,
            format!(
                "chain {}: the issuer of {} is missing ({}); clients without it cannot build the chain",
                i + 1,
                last.map(short_name).unwrap_or_default(),
                last.map(|c| c.issuer.clone()).unwrap_or_default()
            ),
            "Add the intermediate CA certificate after the leaf (your CA's bundle has it).",
            ch.order.clone(),
        ));
    } else if !ch.root_included && !ch.order.is_empty() && !ch.complete {
        out.push(finding(
            Severity::Info,
            FindingCode::RootNotIncluded,
            format!("chain {}: the root CA is not included", i + 1),
            "The vendor's documented chain for certificate.tls.crt is certificate → intermediate → root: add the root CA certificate to the input, and certlens includes it in values, Secret and chain.",
            ch.order.clone(),
        ));
    }
}

/// `several_chains`, `duplicate_certificate` and `unrelated_certificate`, over the pool.
pub(super) fn pool(report: &Report, places: &Places<'_>, out: &mut Vec<Finding>) {
    let certs = &report.certificates;
    if report.chains.len() > 1 {
        out.push(finding(
            Severity::Info,
            FindingCode::SeveralChains,
            format!(
                "the input holds {} separate chains; each is checked on its own",
                report.chains.len()
            ),
            "Give the chart one leaf and its chain per Secret.",
            report
                .chains
                .iter()
                .filter_map(|c| c.order.first().copied())
                .collect(),
        ));
    }
    // A certificate listed twice in one file (or one key of a Secret) is a mistake; the same
    // certificate in two places is not (the root in tls.crt and in ca.crt, a chain file next
    // to a full-chain file).
    for group in report
        .duplicates
        .iter()
        .filter(|g| places.repeated_in_one_place(g))
    {
        out.push(finding(
            Severity::Warning,
            FindingCode::DuplicateCertificate,
            format!(
                "{} appears {} times",
                group
                    .first()
                    .and_then(|&g| certs.get(g))
                    .map(short_name)
                    .unwrap_or_default(),
                group.len()
            ),
            "Remove the copies; a chain lists each certificate once.",
            group.clone(),
        ));
    }
    if !report.unrelated.is_empty() && !report.chains.is_empty() {
        let unrelated: Vec<&Certificate> = report
            .unrelated
            .iter()
            .filter_map(|&j| certs.get(j))
            .collect();
        let names: Vec<String> = unrelated.iter().map(|c| short_name(c)).collect();
        // A CA bundle dropped next to a chain: name a few, count the rest.
        let listed = first_ten(&names, ", ");
        let roots_only = unrelated.iter().all(|c| c.self_issued && c.is_ca);
        out.push(finding(
            Severity::Warning,
            FindingCode::UnrelatedCertificate,
            format!(
                "{listed} belong{} to no chain in this input",
                if report.unrelated.len() == 1 { "s" } else { "" }
            ),
            if roots_only && report.unrelated.len() > 1 {
                "These are roots no chain here ends in, as in a CA bundle (trust store): inspect that on its own; a server's tls.crt holds only its own chain."
            } else {
                "Remove certificates that are not part of the server's chain."
            },
            report.unrelated.clone(),
        ));
    }
}

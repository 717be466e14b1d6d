//! Chains: order, a missing intermediate or root, and what the pool holds besides its chains
//! (several chains, copies, certificates that belong to none).

use super::finding;
use crate::checks::report::{first_ten, short_name, Places};
use crate::model::{Certificate, Chain, Finding, FindingCode, Report, Severity, TrustVerdict};

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
    if let Some(back) = ch.issuer_loop {
        let top = ch.order.last().and_then(|&j| certs.get(j));
        out.push(finding(
            Severity::Error,
            FindingCode::IssuerLoop,
            format!(
                "chain {}: the issuers loop: {} was issued by {}, which is already in this chain, so no root is reached",
                i + 1,
                top.map(short_name).unwrap_or_default(),
                certs.get(back).map(short_name).unwrap_or_default(),
            ),
            "Remove the certificate that closes the loop (a CA certificate re-issued under its own subordinate) and add the real root CA certificate.",
            ch.order.clone(),
        ));
        return;
    }
    if ch.cut {
        let top = ch.order.last().and_then(|&j| certs.get(j));
        out.push(finding(
            Severity::Warning,
            FindingCode::ChainCut,
            format!(
                "chain {}: cut at {} certificates, at {}: its issuer ({}) is in the input but was not followed further",
                i + 1,
                ch.order.len(),
                top.map(short_name).unwrap_or_default(),
                top.map(|c| c.issuer.clone()).unwrap_or_default(),
            ),
            "No real chain is this long: check the input for certificates that should not be there.",
            ch.order.clone(),
        ));
        return;
    }
    let missing = ch.missing_issuer.as_ref();
    if ch.missing_intermediate && !ch.issuer_declared() {
        let last = ch.order.last().and_then(|&j| certs.get(j));
        out.push(finding(
            Severity::Error,
            FindingCode::MissingIntermediate,
            format!(
                "chain {}: the issuer of {} is missing ({}{}); clients without it cannot build the chain{}",
                i + 1,
                last.map(short_name).unwrap_or_default(),
                last.map(|c| c.issuer.clone()).unwrap_or_default(),
                missing
                    .and_then(|m| m.authority_key_id.as_ref())
                    .map(|k| format!(", key identifier {k}"))
                    .unwrap_or_default(),
                not_it(report, missing),
            ),
            &match missing.and_then(|m| m.ca_issuers.first()) {
                Some(url) => format!(
                    "Download the issuer from {url} (the leaf's caIssuers URL; convert it with openssl x509 -inform DER if it is DER) and add it after the leaf, or take it from your CA's bundle."
                ),
                None => "Add the intermediate CA certificate after the leaf (your CA's bundle has it).".to_string(),
            },
            ch.order.clone(),
        ));
        return;
    }
    // A chain ending at a root of the input (public or private) misses nothing; its trust
    // verdict (shown with the chain) says whether clients hold that root.
    if ch.complete || ch.root_included || ch.order.is_empty() {
        return;
    }
    // A root the user declared trusted (`--ca`, `trustAnchors`) is no missing issuer: the
    // path validation reached it, so only "not included" remains to say.
    let declared = ch.declared_anchor();
    match ch.trust.as_ref().map(|t| t.verdict) {
        Some(TrustVerdict::IssuerMissing) if declared.is_none() => {
            let url = missing.and_then(|m| m.ca_issuers.first());
            out.push(finding(
                Severity::Warning,
                FindingCode::IssuerMissing,
                format!(
                    "chain {}: {}{}{}",
                    i + 1,
                    ch.trust.as_ref().map(|t| t.message.as_str()).unwrap_or_default(),
                    missing
                        .and_then(|m| m.authority_key_id.as_ref())
                        .map(|k| format!(" (its key identifier is {k})"))
                        .unwrap_or_default(),
                    not_it(report, missing),
                ),
                &match url {
                    Some(url) => format!(
                        "Add the issuing CA's certificate (published at {url}) to the input, or give your private root as ca.crt."
                    ),
                    None => "Add the issuing CA's certificate to the input (your CA's bundle has it), or give your private root as ca.crt.".to_string(),
                },
                ch.order.clone(),
            ));
        }
        _ => {
            let trust = match declared {
                Some(a) => format!(" (it ends at {}, declared trusted)", a.name),
                None => ch
                    .trust
                    .as_ref()
                    .map(|t| format!(" ({})", t.message))
                    .unwrap_or_default(),
            };
            out.push(finding(
                Severity::Info,
                FindingCode::RootNotIncluded,
                format!("chain {}: the root CA is not included{trust}", i + 1),
                "The vendor's documented chain for certificate.tls.crt is certificate → intermediate → root: add the root CA certificate to the input, and certlens includes it in values, Secret and chain.",
                ch.order.clone(),
            ));
        }
    }
}

/// "; #1 (R10) is not it: ..." for each CA certificate of the input that is not the missing
/// issuer.
fn not_it(report: &Report, missing: Option<&crate::model::MissingIssuer>) -> String {
    let Some(m) = missing else {
        return String::new();
    };
    m.not_it
        .iter()
        .filter_map(|n| {
            let c = report.certificates.get(n.certificate)?;
            Some(format!("; {} is not it: {}", short_name(c), n.detail))
        })
        .collect()
}

/// `several_chains`, `duplicate_certificate` and `unrelated_certificate`, over the pool.
pub(super) fn pool(report: &Report, places: &Places<'_>, out: &mut Vec<Finding>) {
    let certs = &report.certificates;
    // Separate chains in separate places (a Secret per service, a file per certificate: what a
    // deployment and Make's result hold) are how it should be. Only two leaves in one place
    // (one file, one Secret key) go against "one leaf and its chain per Secret".
    let leaf_places: Vec<_> = report
        .chains
        .iter()
        .filter_map(|c| c.order.first().map(|&l| places.of_certificate(l)))
        .collect();
    let shared_place = leaf_places
        .iter()
        .enumerate()
        .any(|(a, p)| leaf_places.get(..a).is_some_and(|before| before.contains(p)));
    if report.chains.len() > 1 && shared_place {
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
    // CA certificates a chain's missing-issuer finding already explains ("#1 is not it: ...")
    // are not told to be removed: they are the wrong intermediate, to be replaced.
    let explained: std::collections::BTreeSet<usize> = report
        .chains
        .iter()
        .filter_map(|c| c.missing_issuer.as_ref())
        .flat_map(|m| m.not_it.iter().map(|n| n.certificate))
        .collect();
    let unexplained: Vec<usize> = report
        .unrelated
        .iter()
        .copied()
        .filter(|j| !explained.contains(j))
        .collect();
    if !unexplained.is_empty() && !report.chains.is_empty() {
        let unrelated: Vec<&Certificate> =
            unexplained.iter().filter_map(|&j| certs.get(j)).collect();
        let names: Vec<String> = unrelated.iter().map(|c| short_name(c)).collect();
        // A CA bundle dropped next to a chain: name a few, count the rest.
        let listed = first_ten(&names, ", ");
        let roots_only = unrelated.iter().all(|c| c.self_issued && c.is_ca);
        out.push(finding(
            Severity::Warning,
            FindingCode::UnrelatedCertificate,
            match unrelated.as_slice() {
                // A lone server certificate next to other chains: say why it has none.
                [c] if !c.is_ca => format!(
                    "{listed} belongs to no chain in this input: its issuer \"{}\" is not in it",
                    c.issuer
                ),
                _ => format!(
                    "{listed} belong{} to no chain in this input",
                    if unexplained.len() == 1 { "s" } else { "" }
                ),
            },
            if roots_only && unexplained.len() > 1 {
                "These are roots no chain here ends in, as in a CA bundle (trust store): inspect that on its own; a server's tls.crt holds only its own chain."
            } else {
                "Remove certificates that are not part of the server's chain."
            },
            unexplained,
        ));
    }
}

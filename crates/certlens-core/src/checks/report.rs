//! The report read back: what the findings, the outputs and the front ends all ask of a report
//! whose certificates are described: its chains, where each certificate was found, names for
//! messages, per-chain expiry, the chain to use and its PEM. None of this raises a finding.

use crate::asn1;
use crate::checks::chain::{self, CertView, ChainAnalysis};
use crate::model::{Certificate, ChainExpiry, Report, SignatureStatus, ValidityStatus};

/// Raw pieces for chain building, lent by a described certificate.
fn chain_view(c: &Certificate) -> CertView<'_> {
    let (tbs, alg, sig) = asn1::split_signed(&c.der).unwrap_or_default();
    CertView {
        index: c.index,
        subject: c.raw_subject(),
        issuer: c.raw_issuer(),
        ski: c.raw_ski(),
        aki: c.raw_aki(),
        spki: c.raw_spki(),
        tbs,
        signature_algorithm: alg,
        signature: sig,
        fingerprint: c.raw.fingerprint,
        is_ca: c.is_ca,
        self_signature: c.self_signature.clone(),
    }
}

/// Chains of the pool (empty when signature checks are off and nothing links by name alone),
/// with the certificates a private key matches named as leaves; each chain's missing issuer
/// gets the caIssuers URLs of the certificate that names it.
pub fn chains_with_leaves(
    certs: &[Certificate],
    verify: bool,
    budget: &crate::x509::verify::SignatureBudget,
    leaves: &[usize],
) -> ChainAnalysis {
    // Later copies of a certificate only need their index and fingerprint: the chain module
    // groups duplicates by fingerprint and works on the first of each group.
    let mut seen = std::collections::HashSet::new();
    let cc: Vec<CertView<'_>> = certs
        .iter()
        .map(|c| {
            if !seen.insert(c.raw.fingerprint) {
                return CertView {
                    index: c.index,
                    subject: &[],
                    issuer: &[],
                    ski: None,
                    aki: None,
                    spki: &[],
                    tbs: &[],
                    signature_algorithm: &[],
                    signature: &[],
                    fingerprint: c.raw.fingerprint,
                    is_ca: c.is_ca,
                    self_signature: c.self_signature.clone(),
                };
            }
            let mut cc = chain_view(c);
            if !verify && c.self_issued && c.self_signature.is_none() {
                cc.self_signature = Some(SignatureStatus::NotChecked);
            }
            cc
        })
        .collect();
    drop(seen);
    let mut analysis = chain::analyse_views(&cc, verify, budget, leaves);
    drop(cc);
    for ch in &mut analysis.chains {
        let top = ch.order.last().and_then(|&i| certs.get(i));
        if let (Some(m), Some(top)) = (ch.missing_issuer.as_mut(), top) {
            m.ca_issuers = top.ca_issuer_urls.clone();
        }
    }
    analysis
}

/// Short name of a certificate for messages: its CN, else its subject.
pub fn short_name(c: &Certificate) -> String {
    // Borrowed, not cloned: every finding about a certificate names it, and the copy of its
    // name was most of this function's cost (session 13's profile).
    let name = c.common_name.as_deref().unwrap_or(&c.subject);
    format!("#{} ({name})", c.index)
}

/// Where each certificate was found: its input and the containers inside it (a Secret's
/// `data.tls.crt`, a PKCS#12's bag...). Order and repeats only mean something within one
/// place: a `kubectl get secret -o yaml` lists `ca.crt` before `tls.crt`, and a root in both
/// is no mistake.
pub(crate) struct Places<'r> {
    report: &'r Report,
    paths: std::collections::HashMap<(&'r str, usize), &'r [String]>,
}

impl<'r> Places<'r> {
    pub(crate) fn of(report: &'r Report) -> Self {
        let paths = report
            .inputs
            .iter()
            .flat_map(|i| {
                i.blocks
                    .iter()
                    .map(move |b| ((i.name.as_str(), b.index), b.path.as_slice()))
            })
            .collect();
        Places { report, paths }
    }

    /// (input, path inside it) of certificate `i`.
    pub(crate) fn of_certificate(&self, i: usize) -> Option<(&'r str, Option<&'r [String]>)> {
        self.report.certificates.get(i).map(|c| {
            (
                c.source.as_str(),
                self.paths.get(&(c.source.as_str(), c.block)).copied(),
            )
        })
    }

    /// Whether one place holds two of the (identical) certificates of `group`.
    pub(crate) fn repeated_in_one_place(&self, group: &[usize]) -> bool {
        let seen_in: Vec<_> = group.iter().map(|&i| self.of_certificate(i)).collect();
        seen_in
            .iter()
            .enumerate()
            .any(|(a, p)| seen_in.get(..a).is_some_and(|before| before.contains(p)))
    }

    /// Whether one place lists a certificate of `order` (leaf first) after the one it issued.
    pub(crate) fn misordered(&self, order: &[usize]) -> bool {
        order.iter().enumerate().any(|(i, &a)| {
            order.get(i + 1..).is_some_and(|later| {
                later
                    .iter()
                    .any(|&b| b < a && self.of_certificate(a) == self.of_certificate(b))
            })
        })
    }
}

/// For each group of `report.duplicates`, whether one place (one file, one key of a Secret)
/// holds the certificate more than once: a mistake, unlike the same certificate in two places.
pub fn duplicates_in_one_place(report: &Report) -> Vec<bool> {
    let places = Places::of(report);
    report
        .duplicates
        .iter()
        .map(|group| places.repeated_in_one_place(group))
        .collect()
}

/// Items for a sentence: the first ten joined with `sep`, then how many more (a CA bundle has
/// a hundred roots).
pub fn first_ten(items: &[String], sep: &str) -> String {
    const NAMED: usize = 10;
    match items.get(..NAMED) {
        Some(first) if items.len() > NAMED => {
            format!("{} and {} more", first.join(sep), items.len() - NAMED)
        }
        _ => items.join(sep),
    }
}

/// The certificates that are the leaf of a chain, computed once per report: asking
/// [`is_leaf_in_chain`] for every certificate would scan every chain each time (quadratic on a
/// pool of distinct leaves).
pub(crate) struct ChainLeaves(std::collections::HashSet<usize>);

impl ChainLeaves {
    /// A certificate is the leaf of a chain when it is first of it, and either followed by its
    /// issuer or not a CA (a lone root is no leaf).
    pub(crate) fn of(report: &Report) -> Self {
        use std::collections::{HashMap, HashSet};
        let is_ca = |i: usize| report.certificates.get(i).is_some_and(|c| c.is_ca);
        let keyed: HashSet<usize> = report
            .private_keys
            .iter()
            .flat_map(|k| k.matches.iter().copied())
            .collect();
        // A CA heading a chain of CAs next to a real leaf's chain (an intermediate and its
        // root beside a server chain) is not used as a leaf: it gets no leaf lints. "Next to"
        // means a real leaf heading some chain *other than one headed by this certificate*,
        // so real heads are counted per certificate.
        let mut real_heads: HashMap<usize, usize> = HashMap::new();
        let mut real_total = 0usize;
        for &h in report.chains.iter().filter_map(|ch| ch.order.first()) {
            if !is_ca(h) || keyed.contains(&h) {
                *real_heads.entry(h).or_default() += 1;
                real_total += 1;
            }
        }
        let real_leaf_elsewhere =
            |idx: usize| real_total > real_heads.get(&idx).copied().unwrap_or(0);
        let leaves = report
            .chains
            .iter()
            .filter_map(|ch| {
                let &idx = ch.order.first()?;
                let ca = is_ca(idx);
                let leaf = (ch.order.len() > 1 || !ca)
                    && (!ca || keyed.contains(&idx) || !real_leaf_elsewhere(idx));
                leaf.then_some(idx)
            })
            .collect();
        ChainLeaves(leaves)
    }

    /// Whether certificate `idx` is the leaf of a chain.
    pub(crate) fn contains(&self, idx: usize) -> bool {
        self.0.contains(&idx)
    }
}

/// Per-chain expiry.
pub fn chain_expiry(report: &Report, warn_days: i64) -> Vec<ChainExpiry> {
    report
        .chains
        .iter()
        .enumerate()
        .filter_map(|(i, ch)| {
            let c = ch
                .order
                .iter()
                .filter_map(|&j| report.certificates.get(j))
                .min_by_key(|c| c.not_after_unix)?;
            Some(ChainExpiry {
                chain: i,
                certificate: c.index,
                not_after: c.not_after.clone(),
                days_left: c.validity.days_left,
                status: c.validity.status,
                expires_soon: c.validity.status == ValidityStatus::Valid
                    && c.validity.days_left < warn_days,
            })
        })
        .collect()
}

/// The chain to use when the user did not pick one: the chain whose leaf matches a private
/// key, else the longest, else the first.
pub fn primary_chain(report: &Report) -> Option<usize> {
    let keyed_certs: std::collections::HashSet<usize> = report
        .private_keys
        .iter()
        .flat_map(|k| k.matches.iter().copied())
        .collect();
    let keyed = report
        .chains
        .iter()
        .position(|ch| ch.order.first().is_some_and(|leaf| keyed_certs.contains(leaf)));
    keyed.or_else(|| {
        report
            .chains
            .iter()
            .enumerate()
            .max_by_key(|(i, ch)| (ch.order.len(), usize::MAX - i))
            .map(|(i, _)| i)
    })
}

/// Why [`full_chain_pem`] has no PEM to give.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainPemError {
    /// The report has no chain.
    NoChain,
    /// Chain `requested` (from 0) does not exist; the report has `available`.
    NoSuchChain { requested: usize, available: usize },
    /// A chain names a certificate the report does not hold (a report not made by certlens).
    BadCertificateIndex { index: usize },
}

impl std::fmt::Display for ChainPemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainPemError::NoChain => f.write_str("no certificate chain in the input"),
            ChainPemError::NoSuchChain {
                requested,
                available,
            } => write!(
                f,
                "there is no chain {}; the input has {available}",
                requested.saturating_add(1)
            ),
            ChainPemError::BadCertificateIndex { .. } => {
                f.write_str("certificate index out of range")
            }
        }
    }
}

impl std::error::Error for ChainPemError {}

/// The full chain as PEM in the correct order (leaf → intermediates → root), the root only
/// when asked for and present.
pub fn full_chain_pem(
    report: &Report,
    chain: Option<usize>,
    include_root: bool,
) -> Result<String, ChainPemError> {
    let i = match chain {
        Some(i) => i,
        None => primary_chain(report).ok_or(ChainPemError::NoChain)?,
    };
    let ch = report.chains.get(i).ok_or(ChainPemError::NoSuchChain {
        requested: i,
        available: report.chains.len(),
    })?;
    let mut pem = String::new();
    for (n, &j) in ch.order.iter().enumerate() {
        let c = report
            .certificates
            .get(j)
            .ok_or(ChainPemError::BadCertificateIndex { index: j })?;
        let is_root = n + 1 == ch.order.len() && n > 0 && c.self_signed;
        if is_root && !include_root {
            continue;
        }
        pem.push_str(&crate::input::pem::encode("CERTIFICATE", &c.der));
    }
    Ok(pem)
}

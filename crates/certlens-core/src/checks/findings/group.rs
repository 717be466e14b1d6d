//! Findings that say the same thing of many certificates, told once.
//!
//! A pool of 10,000 leaves whose CA is not given has 10,000 "issuer missing" findings that
//! differ only in the leaf they name: as many sentences as certificates, which the page lists
//! and every caller copies and parses. This pass, run once over what the producers raised,
//! folds them into one finding per severity, code, fix and text, naming every certificate in
//! `certificates` and their count in the message ("10,000 certificates: the issuer of each is
//! missing (...)"). A finding of one certificate reads as before, and so does every finding
//! whose text differs (another issuer, another number of days): nothing a user reads is lost.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::asn1::thousands;
use crate::checks::report::short_name;
use crate::model::{Finding, FindingCode, Report, Severity};

/// Where the certificate's name stood in a finding's text while findings are compared (a
/// character no certificate name or message holds: names are printable, control characters
/// escaped).
const NAMED: char = '\u{0}';

/// What a grouped message says in place of each certificate's name.
const EACH: &str = "each";

/// The findings in the same order, those differing only in the certificate they name told once
/// (at the place of the first).
pub(super) fn same_text(findings: Vec<Finding>, report: &Report) -> Vec<Finding> {
    // Per group: the finding as first raised, its text without the certificate, every
    // certificate it names.
    let mut groups: Vec<(Finding, Option<String>, Vec<usize>)> = Vec::with_capacity(findings.len());
    let mut index: HashMap<(Severity, FindingCode, String, String), usize> = HashMap::new();
    for f in findings {
        let Some(text) = text_without_certificate(&f, report) else {
            groups.push((f, None, Vec::new()));
            continue;
        };
        match index.entry((f.severity, f.code, f.fix.clone(), text)) {
            Entry::Occupied(at) => {
                if let Some((_, _, certs)) = groups.get_mut(*at.get()) {
                    certs.extend_from_slice(&f.certificates);
                }
            }
            Entry::Vacant(slot) => {
                // The key is cloned only for a new group, not for each finding it groups.
                let text = slot.key().3.clone();
                slot.insert(groups.len());
                let certs = f.certificates.clone();
                groups.push((f, Some(text), certs));
            }
        }
    }
    groups
        .into_iter()
        .map(|(mut f, text, certs)| {
            if let Some(text) = text.filter(|_| certs.len() > 1) {
                f.message = format!(
                    "{} certificates: {}",
                    thousands(certs.len() as u64),
                    text.replace(NAMED, EACH)
                );
                f.certificates = certs;
                f.grouped = true;
            }
            f
        })
        .collect()
}

/// How many certificates a grouped finding names by name before "and N more".
const NAMED_FIRST: usize = 3;

/// The certificates a finding told once for many stands for, as the page and the CLI show them
/// under its message: "#0 (leaf-0.example), #1 (leaf-1.example), #2 (leaf-2.example) and 9,997
/// more". `None` for any other finding (its message names what it concerns).
pub fn grouped_certificates(report: &Report, f: &Finding) -> Option<String> {
    if !f.grouped {
        return None;
    }
    let names: Vec<String> = f
        .certificates
        .iter()
        .take(NAMED_FIRST)
        .filter_map(|&i| report.certificates.get(i))
        .map(short_name)
        .collect();
    let rest = f.certificates.len().saturating_sub(names.len());
    Some(if rest == 0 {
        names.join(", ")
    } else {
        format!("{} and {} more", names.join(", "), thousands(rest as u64))
    })
}

/// The text of a finding about one certificate (and no key) with that certificate's name taken
/// out, and the "chain N: " it starts with when it is about that certificate's chain; `None`
/// for a finding about several certificates or a key, which is never grouped.
fn text_without_certificate(f: &Finding, report: &Report) -> Option<String> {
    let [cert] = f.certificates.as_slice() else {
        return None;
    };
    if !f.private_keys.is_empty() {
        return None;
    }
    let c = report.certificates.get(*cert)?;
    let message = strip_chain_prefix(&f.message);
    Some(message.replace(&short_name(c), NAMED.encode_utf8(&mut [0; 4])))
}

/// "chain 12: the issuer of ..." → "the issuer of ...": the chain is the certificate's, which
/// the grouped finding names.
fn strip_chain_prefix(message: &str) -> &str {
    message
        .strip_prefix("chain ")
        .and_then(|rest| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            rest.get(digits..)
                .filter(|_| digits > 0)
                .and_then(|r| r.strip_prefix(": "))
        })
        .unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::strip_chain_prefix;

    #[test]
    fn only_a_chain_number_prefix_is_taken_off() {
        assert_eq!(strip_chain_prefix("chain 12: the root"), "the root");
        assert_eq!(strip_chain_prefix("chain : the root"), "chain : the root");
        assert_eq!(strip_chain_prefix("chains 1: x"), "chains 1: x");
        assert_eq!(strip_chain_prefix("#0 (a) expired"), "#0 (a) expired");
    }
}

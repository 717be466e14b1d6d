//! The lifetime lint follows the CA/Browser Forum SC-081v3 schedule by each certificate's
//! notBefore (issue 29): leaves from `tests/fixtures/renew/generate.sh`, issued either side of
//! 2026-03-15, 2027-03-15 and 2029-03-15, with lifetimes openssl wrote (dates.txt).

mod common;

use certlens_core::{inspect, FindingCode, Input, Options, Severity, TrustVerdict};
use common::fixture;

/// Findings of code `leaf_validity_over_public_limit` for one leaf: (severity, message).
fn lifetime(file: &str, with_root: bool) -> Vec<(Severity, String)> {
    let mut inputs = vec![Input::new(
        file,
        fixture(&format!("renew/lifetimes/{file}.pem")),
    )];
    if with_root {
        inputs.push(Input::new(
            "private-root.pem",
            fixture("renew/lifetimes/private-root.pem"),
        ));
    }
    // "Now" inside every leaf's lifetime would need several; the lint does not depend on it.
    let r = inspect(&inputs, &Options::at(1_900_000_000));
    let public = file.starts_with("public");
    assert_eq!(
        r.chains[0].trust.as_ref().map(|t| t.verdict),
        Some(if public {
            TrustVerdict::PublicRoot
        } else {
            TrustVerdict::PrivateRoot
        }),
        "{file}: {:?}",
        r.chains[0].trust
    );
    assert!(
        !r.findings
            .iter()
            .any(|f| f.code == FindingCode::LeafValidityOver398Days),
        "the old code is no longer raised"
    );
    r.findings
        .iter()
        .filter(|f| f.code == FindingCode::LeafValidityOverPublicLimit)
        .map(|f| (f.severity, f.message.clone()))
        .collect()
}

#[test]
fn dates_are_what_openssl_wrote() {
    let dates = String::from_utf8(fixture("renew/lifetimes/dates.txt")).unwrap();
    assert!(dates.contains(
        "public-2026-250 notBefore=2026-03-15 00:00:00Z notAfter=2026-11-19 23:59:59Z"
    ));
    assert!(dates.contains(
        "public-2029-47 notBefore=2029-03-15 00:00:00Z notAfter=2029-04-30 23:59:59Z"
    ));
}

#[test]
fn before_sc081_398_days() {
    assert_eq!(lifetime("public-2025-398", false), vec![]);
    let f = lifetime("public-2025-399", false);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Error);
    assert!(f[0].1.contains("valid for 399 days"), "{}", f[0].1);
    assert!(f[0].1.contains("at most 398 days"), "{}", f[0].1);
    assert!(f[0].1.contains("issued on 2025-06-01"), "{}", f[0].1);
    // Issued the day before the first step: the old limit still applies.
    assert_eq!(lifetime("public-2026-03-14-398", false), vec![]);
}

#[test]
fn from_2026_03_15_200_days() {
    assert_eq!(lifetime("public-2026-200", false), vec![]);
    let f = lifetime("public-2026-250", false);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Warning);
    assert!(f[0].1.contains("valid for 250 days"), "{}", f[0].1);
    assert!(f[0].1.contains("at most 200 days"), "{}", f[0].1);
    assert!(f[0].1.contains("SC-081v3"), "{}", f[0].1);
}

#[test]
fn from_2027_03_15_100_days() {
    assert_eq!(lifetime("public-2027-100", false), vec![]);
    let f = lifetime("public-2027-150", false);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Warning);
    assert!(f[0].1.contains("at most 100 days"), "{}", f[0].1);
    assert!(f[0].1.contains("issued on 2027-03-15"), "{}", f[0].1);
}

#[test]
fn from_2029_03_15_47_days() {
    assert_eq!(lifetime("public-2029-47", false), vec![]);
    let f = lifetime("public-2029-60", false);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Warning);
    assert!(f[0].1.contains("valid for 60 days"), "{}", f[0].1);
    assert!(f[0].1.contains("at most 47 days"), "{}", f[0].1);
}

#[test]
fn private_ca_is_information() {
    let f = lifetime("private-2027-400", true);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Info);
    assert!(f[0].1.contains("at most 100 days"), "{}", f[0].1);
    assert!(f[0].1.contains("does not end at a public root"), "{}", f[0].1);
}

//! The report's size grows with the pool, not with the pool squared (issue 28, item 2): on a
//! pool of distinct leaves whose CA is not given, the "issuer missing" finding that each leaf
//! raises is told once for all of them, and a validated chain counts the rest of the pool as
//! unused input instead of listing it.
//!
//! The leaves are made here by `common/leaves.rs`, the `distinct` bench's maker (one P-256 CA,
//! each leaf its own key and name); what is asserted is read from them independently of
//! certlens: the CA's name and key identifier (SHA-1 of its key, RFC 5280 4.2.1.2 method 1)
//! and the pool's size.

#[path = "common/leaves.rs"]
mod leaves;

use certlens_core::{inspect, FindingCode, Input, Options, PathValidation, Severity};

/// 2026-07-01T00:00:00Z, the fixtures' fixed "now".
const NOW: i64 = 1_782_864_000;
const LEAVES: usize = 300;

/// `LEAVES` leaves (valid 90 days from NOW) signed by one CA that is not among them, as PEM;
/// and the CA's key id.
fn leaves() -> (Vec<String>, Vec<u8>) {
    let made = leaves::make(
        &leaves::Spec {
            seed: [28; 32],
            ca_name: "CN=shape CA,O=certlens tests",
            domain: "shape.example",
            now: NOW,
            days: 90,
        },
        LEAVES,
    );
    (made.leaves, made.ca_id)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn distinct_leaves_without_their_ca_make_one_issuer_missing_finding_and_short_unused_lists() {
    let (pems, ca_id) = leaves();
    let r = inspect(
        &[Input::new("leaves.pem", pems.concat().into_bytes())],
        &Options::at(NOW),
    );
    assert_eq!(r.certificates.len(), LEAVES);

    let missing: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::MissingIntermediate)
        .collect();
    assert_eq!(
        missing.len(),
        1,
        "one finding for all the leaves: {missing:#?}"
    );
    let f = missing[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(f.grouped);
    assert_eq!(f.certificates, (0..LEAVES).collect::<Vec<_>>());
    assert!(
        f.message.starts_with(
            "300 certificates: the issuer of each is missing (CN=shape CA,O=certlens tests"
        ),
        "{}",
        f.message
    );
    assert!(f.message.contains(&hex(&ca_id)), "{}", f.message);
    // The page's and the CLI's line under it: the first three and how many more.
    assert_eq!(
        certlens_core::grouped_certificates(&r, f).as_deref(),
        Some("#0 (leaf-0.shape.example), #1 (leaf-1.shape.example), #2 (leaf-2.shape.example) and 297 more")
    );
    // The Findings panel's count line says how many certificates the grouped rows cover.
    assert_eq!(certlens_core::findings_summary(&r, None),
        "1 error (told once for 300 certificates), 0 warnings"
    );
    // No finding about one certificate is repeated for another with the same text.
    for f in &r.findings {
        if f.certificates.len() == 1 {
            assert!(!f.grouped);
        }
    }
    assert!(
        r.findings.len() < 10,
        "{:#?}",
        r.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );

    let validated: Vec<&PathValidation> = r
        .chains
        .iter()
        .filter_map(|c| c.validation.as_ref())
        .collect();
    assert!(!validated.is_empty());
    for v in validated {
        assert_eq!(
            v.unused_count,
            LEAVES - 1,
            "every other leaf is unused input"
        );
        assert_eq!(v.unused.len(), PathValidation::UNUSED_NAMED);
        assert!(v.unused.iter().all(|u| !v.path.contains(u)));
    }
}

#[test]
fn two_leaves_expiring_the_same_day_are_one_finding_and_one_reads_as_before() {
    let (pems, _) = leaves();
    // 80 days before the leaves' notAfter, with a 100-day window: each expires soon, in the
    // same number of days.
    let mut opts = Options::at(NOW + 10 * 86_400);
    opts.warn_days = 100;
    let two = [pems[0].clone(), pems[1].clone()].concat();
    let r = inspect(&[Input::new("two.pem", two.into_bytes())], &opts);
    let soon: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ExpiresSoon)
        .collect();
    assert_eq!(soon.len(), 1, "{soon:#?}");
    assert_eq!(soon[0].certificates, vec![0, 1]);
    assert!(
        soon[0]
            .message
            .starts_with("2 certificates: each expires on 2026-09-29T00:00:00Z, in 80 days"),
        "{}",
        soon[0].message
    );
    assert_eq!(
        certlens_core::grouped_certificates(&r, soon[0]).as_deref(),
        Some("#0 (leaf-0.shape.example), #1 (leaf-1.shape.example)")
    );

    // One leaf: its finding names it, as before the grouping.
    let r = inspect(
        &[Input::new("one.pem", pems[0].clone().into_bytes())],
        &opts,
    );
    let soon: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ExpiresSoon)
        .collect();
    assert_eq!(soon.len(), 1);
    assert!(!soon[0].grouped);
    assert!(
        soon[0].message.contains("#0 (leaf-0.shape.example)"),
        "{}",
        soon[0].message
    );
    assert_eq!(certlens_core::grouped_certificates(&r, soon[0]), None);
}

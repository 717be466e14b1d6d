//! The certificate inventory of a `kind: List` of Secrets (`generate.sh --doctor-only`:
//! TLS, Opaque-with-PEM and broken Secrets across namespaces), and its CSV and ICS exports.
//! Subjects, dates, fingerprints and key matches are openssl's (`inventory/expected.json`).

mod common;

use certlens_core::{
    inventory, inventory_csv, inventory_ics, ExpiryStatus, Input, Inventory, InventoryOptions,
    Limits,
};
use serde_json::Value;

fn exp() -> Value {
    serde_json::from_slice(&common::fixture("inventory/expected.json")).unwrap()
}

fn run(file: &str) -> Inventory {
    inventory(
        &[Input::new(
            file,
            common::fixture(&format!("inventory/{file}")),
        )],
        &InventoryOptions::at(common::now()),
    )
}

#[test]
fn one_row_per_certificate_soonest_first() {
    let e = exp();
    let inv = run("secrets-list.yaml");
    assert_eq!(inv.secrets, 6);
    assert_eq!(inv.secrets_with_certificates, 4);
    let got: Vec<(String, String, String, String, String)> = inv
        .rows
        .iter()
        .map(|r| {
            (
                r.namespace.clone(),
                r.name.clone(),
                r.key.clone(),
                r.subject.clone(),
                r.fingerprint_sha256.clone(),
            )
        })
        .collect();
    let row = |ns: &str, name: &str, key: &str, who: &str| {
        (
            ns.to_string(),
            name.to_string(),
            key.to_string(),
            e[format!("{who}_subject")].as_str().unwrap().to_string(),
            e[format!("{who}_fingerprint")]
                .as_str()
                .unwrap()
                .to_string(),
        )
    };
    // Sorted by expiry (openssl's dates: expired 2026-01-01, soon 2026-07-10, leaf 2027-06-01,
    // the two roots 2035-01-01, then by namespace/name/key).
    let mut want = vec![
        (
            e["expired_not_after"].as_str().unwrap(),
            row("lr-prod", "old-tls", "tls.crt", "expired"),
        ),
        (
            e["soon_not_after"].as_str().unwrap(),
            row("web", "expiring-tls", "tls.crt", "soon"),
        ),
        (
            e["leaf_not_after"].as_str().unwrap(),
            row("web", "web-tls", "tls.crt", "leaf"),
        ),
        (
            e["root_not_after"].as_str().unwrap(),
            row("lr-prod", "trust-bundle", "bundle.pem", "root"),
        ),
        (
            e["ica_not_after"].as_str().unwrap(),
            row("lr-prod", "trust-bundle", "bundle.pem", "ica"),
        ),
    ];
    want.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(got, want.iter().map(|w| w.1.clone()).collect::<Vec<_>>());
    for (r, w) in inv.rows.iter().zip(&want) {
        assert_eq!(r.not_after, w.0);
        assert!(
            r.location
                .starts_with(&format!("{}/{}: {}, block", r.namespace, r.name, r.key)),
            "{}",
            r.location
        );
    }
    let by = |name: &str| inv.rows.iter().find(|r| r.name == name).unwrap();
    assert_eq!(by("old-tls").status, ExpiryStatus::Expired);
    assert_eq!(by("old-tls").days_left, -181);
    assert_eq!(by("expiring-tls").status, ExpiryStatus::Expiring);
    assert_eq!(by("expiring-tls").days_left, 9);
    assert_eq!(by("web-tls").status, ExpiryStatus::Valid);
    // Key matches, by openssl's comparison of the public keys.
    assert_eq!(e["key_match"]["expired_other"], false);
    assert_eq!(by("old-tls").key_ok, Some(false));
    assert_eq!(by("old-tls").key_match, "does not match tls.key");
    assert_eq!(e["key_match"]["leaf"], true);
    assert_eq!(by("web-tls").key_ok, Some(true));
    assert_eq!(by("trust-bundle").key_ok, None);
    // Chains: web-tls has its root in ca.crt (same Secret); expiring-tls ends at the
    // intermediate; old-tls lacks its intermediate.
    assert_eq!(
        by("web-tls").chain,
        "complete: 3 certificates up to the root"
    );
    assert!(by("web-tls").chain_ok);
    assert!(by("expiring-tls").chain.contains("root not in the Secret"));
    // The root it needs is named (openssl's subject), and said not to be a public root.
    let root_cn = e["root_subject"]
        .as_str()
        .unwrap()
        .strip_prefix("CN=")
        .and_then(|s| s.split(',').next())
        .unwrap();
    assert!(
        by("expiring-tls")
            .chain
            .contains(&format!("{root_cn}, not a public root")),
        "{}",
        by("expiring-tls").chain
    );
    assert!(!by("old-tls").chain_ok);
    assert!(by("old-tls").chain.starts_with("incomplete: the issuer of"));
    assert_eq!(
        by("web-tls").sans,
        ["lightrun.doctor.test", "*.apps.doctor.test"]
    );
    // The broken Secret: reported with its namespace/name, the rest still listed.
    let broken: Vec<&str> = inv
        .errors
        .iter()
        .filter(|x| x.location == "kube-system/broken-tls")
        .map(|x| x.message.as_str())
        .collect();
    assert_eq!(broken.len(), 2, "{:?}", inv.errors);
    assert!(broken
        .iter()
        .any(|m| m.starts_with("data.tls.key: not valid Base64")));
    assert!(broken
        .iter()
        .any(|m| m.starts_with("tls.crt, block 1") && m.contains("missing END line")));
    assert_eq!(inv.attention(), 2);
}

#[test]
fn json_and_yaml_lists_give_the_same_inventory() {
    let y = run("secrets-list.yaml");
    let j = run("secrets-list.json");
    assert_eq!(y.rows, j.rows);
    assert_eq!(y.errors, j.errors);
}

#[test]
fn csv_is_rfc4180_and_formula_safe() {
    let e = exp();
    let inv = run("secrets-list.yaml");
    let csv = inventory_csv(&inv);
    assert!(csv.ends_with("\r\n"));
    assert!(!csv.replace("\r\n", "").contains('\n'));
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + inv.rows.len());
    assert_eq!(lines[0], "namespace,name,type,key,subject,sans,not_after,days_left,status,issuer,chain,chain_ok,key_match,fingerprint_sha256");
    let leaf = lines
        .iter()
        .find(|l| l.starts_with("web,web-tls,"))
        .unwrap();
    // The subject holds a comma: quoted.
    assert!(
        leaf.contains(&format!("\"{}\"", e["leaf_subject"].as_str().unwrap())),
        "{leaf}"
    );
    assert!(leaf.ends_with(e["leaf_fingerprint"].as_str().unwrap()));
    let old = lines
        .iter()
        .find(|l| l.starts_with("lr-prod,old-tls,"))
        .unwrap();
    assert!(
        old.contains(",-181,expired,"),
        "numbers are written as numbers: {old}"
    );

    // A hostile Secret name and subject cannot become a formula.
    let mut evil = inv.clone();
    evil.rows.truncate(1);
    evil.rows[0].name = "=HYPERLINK(\"http://x\",\"y\")".to_string();
    evil.rows[0].namespace = "+cmd".to_string();
    evil.rows[0].key = "@SUM(1)".to_string();
    let csv = inventory_csv(&evil);
    let row = csv.split("\r\n").nth(1).unwrap();
    assert!(
        row.starts_with(
            "'+cmd,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",kubernetes.io/tls,'@SUM(1),"
        ),
        "{row}"
    );
}

#[test]
fn ics_is_rfc5545() {
    let inv = run("secrets-list.yaml");
    let ics = inventory_ics(&inv);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "CRLF only");
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    // Per row an expiry event and a renewal event; then the next public-lifetime step after
    // "now" (2026-07-01: 100 days from 2027-03-15).
    assert_eq!(
        lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(),
        2 * inv.rows.len() + 1
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("SUMMARY:Certificate expires: "))
            .count(),
        inv.rows.len()
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("SUMMARY:Renew certificate: "))
            .count(),
        inv.rows.len()
    );
    assert_eq!(
        lines.iter().filter(|l| **l == "BEGIN:VALARM").count(),
        inv.rows.len()
    );
    assert_eq!(
        lines.iter().filter(|l| **l == "TRIGGER:-P30D").count(),
        inv.rows.len()
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| **l == "DTSTAMP:20260701T000000Z")
            .count(),
        2 * inv.rows.len() + 1
    );
    let uids: std::collections::HashSet<&&str> =
        lines.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), 2 * inv.rows.len() + 1, "unique UIDs");
    // Renewal dates, from the fixture script's openssl dates: the 365-day leaf (2026-06-01 to
    // 2027-06-01) 30 days before; the 39-day one (to 2026-07-10) a third of its life, 13 days.
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20270502"));
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20260627"));
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20270315"));
    assert!(lines.contains(&"SUMMARY:Public TLS certificates: at most 100 days"));
    assert!(unfolded.contains("may be valid for at most 100 days (CA/Browser Forum ballot SC-081v3)"));
    // openssl's dates: the expired leaf on 2026-01-01, an all-day event.
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20260101"));
    assert!(lines.contains(&"DTEND;VALUE=DATE:20260102"));
    assert!(lines.iter().any(
        |l| l.starts_with("SUMMARY:Certificate expires: old.doctor.test (lr-prod/old-tls tls.crt)")
    ));
    // The subject's comma is escaped in TEXT values.
    assert!(unfolded.contains("Subject: CN=old.doctor.test\\,O=certlens doctor test"));
    // Stable across runs: the same inventory gives the same UIDs; another warn-days the trigger.
    let mut opts = InventoryOptions::at(common::now());
    opts.warn_days = 14;
    let inv14 = inventory(
        &[Input::new(
            "secrets-list.yaml",
            common::fixture("inventory/secrets-list.yaml"),
        )],
        &opts,
    );
    let ics14 = inventory_ics(&inv14);
    assert!(ics14.contains("TRIGGER:-P14D\r\n"));
    let uids14: std::collections::HashSet<String> = ics14
        .replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| l.starts_with("UID:"))
        .map(str::to_string)
        .collect();
    assert_eq!(uids14, uids.iter().map(|s| s.to_string()).collect());
}

#[test]
fn work_is_bounded_over_all_secrets() {
    // A signature budget too small for one link: every Secret is still listed, chains say
    // "not checked", and a note says where the budget ran out.
    let mut opts = InventoryOptions::at(common::now());
    opts.limits = Limits {
        max_signature_work: 1,
        ..Limits::default()
    };
    let inv = inventory(
        &[Input::new(
            "l.yaml",
            common::fixture("inventory/secrets-list.yaml"),
        )],
        &opts,
    );
    assert_eq!(inv.rows.len(), 5);
    assert!(
        inv.rows.iter().any(|r| r.chain.contains("not checked")),
        "{:?}",
        inv.rows.iter().map(|r| &r.chain).collect::<Vec<_>>()
    );
    assert!(
        inv.notes
            .iter()
            .any(|n| n.contains("signature-check budget")),
        "{:?}",
        inv.notes
    );
    // Bytes over the limit: refused with a sentence, nothing parsed.
    opts.limits = Limits {
        max_total_bytes: 1000,
        ..Limits::default()
    };
    let inv = inventory(
        &[Input::new(
            "l.yaml",
            common::fixture("inventory/secrets-list.yaml"),
        )],
        &opts,
    );
    assert!(inv.rows.is_empty());
    assert!(
        inv.errors[0].message.contains("more than the"),
        "{:?}",
        inv.errors
    );
    // Blocks over all Secrets.
    opts.limits = Limits {
        max_blocks: 4,
        ..Limits::default()
    };
    let inv = inventory(
        &[Input::new(
            "l.yaml",
            common::fixture("inventory/secrets-list.yaml"),
        )],
        &opts,
    );
    assert!(
        inv.errors
            .iter()
            .any(|x| x.message.contains("blocks over all pools")),
        "{:?}",
        inv.errors
    );
}

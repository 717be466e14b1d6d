//! Reasons are types, not sentences (issue 23): every decision that once matched our own
//! message text now reads a type. These tests reword the sentences of real reports and check
//! that the decisions do not move, and that the JSON carries the kinds and reasons.
//!
//! Fixtures are the openssl-made ones of `tests/fixtures` (see `generate.sh`); what a fixture
//! is (its signature algorithm, its key) comes from `expected.json`, written by openssl.

mod common;

use certlens_core::output::{tls_values, TlsValuesOptions};
use certlens_core::{
    inspect, recheck, with_self_signatures, ErrorKind, FindingCode, Input, NotCheckedReason,
    Options, Report, SignatureHash, SignatureStatus,
};
use common::{expected, fixture, now};
use zeroize::Zeroizing;

fn input(rel: &str) -> Input {
    Input::new(rel, fixture(rel))
}

fn with_password(password: &str) -> Options {
    let mut opts = Options::at(now());
    opts.password = Some(Zeroizing::new(password.to_string()));
    opts
}

/// Every sentence a report holds for people, replaced by words no code could expect.
fn reword(report: &mut Report) {
    for e in &mut report.errors {
        e.message = format!("{}: Etwas stimmt nicht", e.source);
        e.detail = "Etwas stimmt nicht".to_string();
    }
    for ch in &mut report.chains {
        for l in &mut ch.links {
            l.detail = "Unterschrift nicht geprüft".to_string();
        }
    }
    for c in &mut report.certificates {
        if c.self_signature_detail.is_some() {
            c.self_signature_detail = Some("Unterschrift nicht geprüft".to_string());
        }
        c.signature_algorithm = "Unterschriftsverfahren".to_string();
    }
}

fn codes(r: &Report) -> Vec<FindingCode> {
    r.findings.iter().map(|f| f.code).collect()
}

#[test]
fn a_wrong_password_is_a_kind_whatever_its_sentence() {
    // PKCS#12 and encrypted PKCS#8, both written with the password `correct horse`.
    let r = inspect(
        &[
            input("inputs/bundle.p12"),
            input("keys/rsa-leaf.pkcs8-enc.pem"),
        ],
        &with_password("not the password"),
    );
    let kinds: Vec<(String, ErrorKind)> = r
        .errors
        .iter()
        .map(|e| (e.source.clone(), e.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("inputs/bundle.p12".to_string(), ErrorKind::WrongPassword),
            (
                "keys/rsa-leaf.pkcs8-enc.pem".to_string(),
                ErrorKind::WrongPassword
            ),
        ]
    );
    // The sentence for people is unchanged.
    assert!(r
        .errors
        .iter()
        .all(|e| e.detail == "wrong password (or the file is corrupted)"));
    // And the JSON says it as a value to match on.
    let json = serde_json::to_value(&r).expect("JSON");
    assert_eq!(json["errors"][0]["kind"], "wrong_password");
    assert_eq!(json["errors"][1]["kind"], "wrong_password");
    // No password at all: the file is listed as locked, not as an error.
    let locked = inspect(&[input("inputs/bundle.p12")], &Options::at(now()));
    assert!(locked.errors.is_empty(), "{:?}", locked.errors);
    assert_eq!(locked.password_needed.len(), 1);
}

#[test]
fn an_output_names_an_unreadable_key_by_its_kind_not_its_words() {
    // The leaf's certificate alone, and the PKCS#12 holding its key opened with the wrong
    // password: the values output has no key, and says the key could not be read. Its label
    // (PKCS#12) names no key, so only the error's kind can tell.
    let inputs = [
        input("certs/rsa-leaf.pem"),
        input("certs/rsa-int.pem"),
        input("inputs/bundle.p12"),
    ];
    let mut r = inspect(&inputs, &with_password("not the password"));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].label.as_deref(), Some("PKCS#12"));
    let said = tls_values(&r, &TlsValuesOptions::default())
        .expect_err("no key")
        .to_string();
    assert!(
        said.contains("a key could not be read: inputs/bundle.p12"),
        "{said}"
    );
    reword(&mut r);
    let said = tls_values(&r, &TlsValuesOptions::default())
        .expect_err("no key")
        .to_string();
    assert!(
        said.contains("a key could not be read: inputs/bundle.p12: Etwas stimmt nicht"),
        "{said}"
    );
}

#[test]
fn a_link_refused_by_the_budget_is_reported_by_its_reason() {
    // leaf ← intermediate ← root, 2,048-bit RSA: 4 units a link; 5 units pay for one.
    let mut opts = Options::at(now());
    opts.limits.max_signature_work = 5;
    let r = inspect(&[input("inputs/chain-correct.pem")], &opts);
    let links = &r.chains[0].links;
    assert_eq!(links[0].signature, SignatureStatus::Valid);
    assert_eq!(links[0].reason, None);
    assert_eq!(links[1].signature, SignatureStatus::NotChecked);
    assert_eq!(links[1].reason, Some(NotCheckedReason::BudgetSpent));
    let json = serde_json::to_value(&r).expect("JSON");
    assert!(json["chains"][0]["links"][0].get("reason").is_none());
    assert_eq!(json["chains"][0]["links"][1]["reason"], "budget_spent");
    assert!(codes(&r).contains(&FindingCode::SignatureNotChecked));

    // Reworded, the finding is still there (findings are recomputed from the report).
    let mut reworded = r.clone();
    reword(&mut reworded);
    let again = recheck(&reworded, &opts);
    assert!(
        codes(&again).contains(&FindingCode::SignatureNotChecked),
        "{:?}",
        codes(&again)
    );

    // Checks off: `not_requested`, and no finding (nothing to fix).
    let mut off = Options::at(now());
    off.verify_signatures = false;
    let r = inspect(&[input("inputs/chain-correct.pem")], &off);
    assert!(r.chains[0].links.iter().all(|l| {
        l.signature == SignatureStatus::NotChecked
            && l.reason == Some(NotCheckedReason::NotRequested)
    }));
    let json = serde_json::to_value(&r).expect("JSON");
    assert_eq!(json["chains"][0]["links"][0]["reason"], "not_requested");
    assert!(!codes(&r).contains(&FindingCode::SignatureNotChecked));
}

#[test]
fn a_root_refused_by_the_budget_keeps_its_finding_when_reworded() {
    let mut opts = Options::at(now());
    opts.limits.max_signature_work = 3;
    let r = with_self_signatures(
        inspect(&[input("inputs/chain-correct.pem")], &opts),
        &opts,
        &mut |_| {},
    );
    let root = r
        .certificates
        .iter()
        .find(|c| c.self_issued)
        .expect("the chain holds its root");
    assert_eq!(root.self_signature, Some(SignatureStatus::NotChecked));
    assert_eq!(
        root.self_signature_reason,
        Some(NotCheckedReason::BudgetSpent)
    );
    let json = serde_json::to_value(&r).expect("JSON");
    assert_eq!(
        json["certificates"][root.index]["self_signature_reason"],
        "budget_spent"
    );
    let finds = |r: &Report| {
        r.findings
            .iter()
            .any(|f| f.code == FindingCode::SignatureNotChecked && f.certificates == [root.index])
    };
    assert!(finds(&r));
    let mut reworded = r.clone();
    reword(&mut reworded);
    assert!(finds(&recheck(&reworded, &opts)));

    // Not asked for: `not_requested`, no finding.
    let plain = inspect(&[input("inputs/chain-correct.pem")], &Options::at(now()));
    let root = plain
        .certificates
        .iter()
        .find(|c| c.self_issued)
        .expect("root");
    assert_eq!(
        root.self_signature_reason,
        Some(NotCheckedReason::NotRequested)
    );
    assert!(!finds(&plain));
}

#[test]
fn an_ed448_root_is_unsupported_by_reason() {
    let opts = Options::at(now());
    let r = with_self_signatures(
        inspect(&[input("certs/ed448-self.pem")], &opts),
        &opts,
        &mut |_| {},
    );
    let c = &r.certificates[0];
    assert_eq!(c.self_signature, Some(SignatureStatus::Unsupported));
    assert_eq!(
        c.self_signature_reason,
        Some(NotCheckedReason::UnsupportedAlgorithm)
    );
    assert_eq!(c.signature_hash, Some(SignatureHash::Intrinsic));
}

/// openssl's name of a signature algorithm → the hash certlens must report for it.
fn hash_of_openssl_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "md5WithRSAEncryption" => "md5",
        "sha1WithRSAEncryption" | "ecdsa-with-SHA1" | "dsaWithSHA1" => "sha1",
        "sha224WithRSAEncryption" | "ecdsa-with-SHA224" | "dsa_with_SHA224" => "sha224",
        "sha256WithRSAEncryption" | "ecdsa-with-SHA256" | "dsa_with_SHA256" => "sha256",
        "sha384WithRSAEncryption" | "ecdsa-with-SHA384" => "sha384",
        "sha512WithRSAEncryption" | "ecdsa-with-SHA512" => "sha512",
        "ED25519" | "ED448" => "intrinsic",
        "rsassaPss" | "RSASSA-PSS" => "parameters",
        _ => return None,
    })
}

#[test]
fn every_fixture_certificate_carries_the_hash_openssl_names() {
    let certs = expected()["certs"].as_object().expect("certs");
    let mut seen = 0;
    for (name, e) in certs {
        let file = e["file"].as_str().expect("file");
        let openssl = e["signature_algorithm"]
            .as_str()
            .expect("signature_algorithm");
        let Some(want) = hash_of_openssl_name(openssl) else {
            panic!("{name}: no hash known for openssl's {openssl}; add it to the table");
        };
        let r = inspect(&[input(file)], &Options::at(now()));
        let json = serde_json::to_value(&r).expect("JSON");
        assert_eq!(json["certificates"][0]["signature_hash"], want, "{name}");
        assert_eq!(
            json["certificates"][0]["public_key"]["algorithm"], e["key_algorithm"],
            "{name}"
        );
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} certificates in expected.json");
}

#[test]
fn weak_signatures_and_small_keys_are_decided_on_the_enums() {
    // rsa-sha1-leaf: sha1WithRSAEncryption (openssl); rsa-1024-leaf: a 1,024-bit RSA key.
    let e = &expected()["certs"];
    assert_eq!(
        e["rsa-sha1-leaf"]["signature_algorithm"],
        "sha1WithRSAEncryption"
    );
    assert_eq!(e["rsa-1024-leaf"]["key_algorithm"], "rsa");
    assert_eq!(e["rsa-1024-leaf"]["bits"], 1024);
    let opts = Options::at(now());
    let r = inspect(
        &[
            input("certs/rsa-sha1-leaf.pem"),
            input("certs/rsa-1024-leaf.pem"),
        ],
        &opts,
    );
    assert_eq!(r.certificates[0].signature_hash, Some(SignatureHash::Sha1));
    assert!(r.certificates[1].public_key.algorithm.is_rsa());
    let weak = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| f.code == FindingCode::WeakSignature)
            .map(|f| f.certificates.clone())
            .collect::<Vec<_>>()
    };
    let small = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| f.code == FindingCode::RsaKeyTooSmall)
            .map(|f| f.certificates.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(weak(&r), [vec![0]]);
    assert_eq!(small(&r), [vec![1]]);
    // The message keeps its words: the hash named as people read it, and openssl's name.
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::WeakSignature)
        .expect("weak");
    assert!(
        f.message
            .contains("is signed with SHA-1 (sha1WithRSAEncryption)"),
        "{}",
        f.message
    );
    // With the algorithm's name reworded, the same findings.
    let mut reworded = r.clone();
    reword(&mut reworded);
    let again = recheck(&reworded, &opts);
    assert_eq!(weak(&again), [vec![0]]);
    assert_eq!(small(&again), [vec![1]]);
}

#[test]
fn reading_errors_carry_their_kind_in_the_json() {
    // Every broken fixture of `inputs/bad` (see the fixtures' README): each error has a kind
    // of its own, never the catch-all.
    let names = [
        "bad-base64.pem",
        "cert-body-is-key.pem",
        "empty.pem",
        "garbage.bin",
        "mismatched-labels.pem",
        "missing-end.pem",
        "text-only.txt",
        "truncated.der",
        "truncated.pem",
    ];
    let inputs: Vec<Input> = names
        .iter()
        .map(|n| input(&format!("inputs/bad/{n}")))
        .collect();
    let r = inspect(&inputs, &Options::at(now()));
    let json = serde_json::to_value(&r).expect("JSON");
    let kinds: Vec<(String, String)> = json["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap_or_default().to_string(),
                e["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // What each fixture is (tests/fixtures/README.md): its kind follows.
    let want = [
        ("bad-base64.pem", "pem_bad_base64"),
        ("cert-body-is-key.pem", "mislabelled"),
        ("empty.pem", "empty_input"),
        ("garbage.bin", "unrecognised"),
        ("mismatched-labels.pem", "pem_mismatched_end"),
        ("missing-end.pem", "pem_missing_end"),
        ("text-only.txt", "unrecognised"),
        ("truncated.der", "unrecognised"),
        ("truncated.pem", "pem_missing_end"),
    ]
    .map(|(f, k)| (format!("inputs/bad/{f}"), k.to_string()));
    assert_eq!(kinds, want);
    // The typed value is the one serialised.
    for (e, (_, k)) in r.errors.iter().zip(&kinds) {
        assert_eq!(
            serde_json::to_value(e.kind).expect("JSON"),
            serde_json::Value::String(k.clone())
        );
    }
}

//! Every lint and chain finding, triggered by the openssl-made fixture that exhibits it, and
//! absent from the fixtures that do not. Dates are evaluated at expected.json's fixed "now".

mod common;
use common::{fixtures, now};

use certlens_core::Input;
use certlens_core::Severity;
use certlens_core::{inspect, Options, Report};

fn run_with(files: &[&str], opts: Options) -> Report {
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| {
            Input::new(
                *f,
                std::fs::read(fixtures().join(f)).unwrap_or_else(|e| panic!("{f}: {e}")),
            )
        })
        .collect();
    inspect(&inputs, &opts)
}

fn run(files: &[&str]) -> Report {
    run_with(files, Options::at(now()))
}

fn codes(r: &Report) -> Vec<String> {
    r.findings.iter().map(|f| f.code.to_string()).collect()
}

fn has(r: &Report, code: &str, severity: Severity) -> bool {
    r.findings
        .iter()
        .any(|f| f.code == code && f.severity == severity)
}

#[test]
fn a_clean_chain_and_key_have_no_error_or_warning() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs8.pem"]);
    let serious: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(r.chains.len(), 1);
    assert!(r.chains[0].complete && !r.chains[0].misordered);
}

#[test]
fn lints_on_leaves() {
    let cases: &[(&str, &str, Severity)] = &[
        ("inputs/chain-correct.pem", "", Severity::Info),
        (
            "certs/rsa-1024-leaf.pem",
            "rsa_key_too_small",
            Severity::Error,
        ),
        ("certs/rsa-sha1-leaf.pem", "weak_signature", Severity::Error),
        ("certs/leaf-no-san.pem", "leaf_without_san", Severity::Error),
        ("certs/leaf-ca-true.pem", "leaf_is_ca", Severity::Warning),
        (
            "certs/leaf-long.pem",
            "leaf_validity_over_public_limit",
            Severity::Info,
        ),
        (
            "certs/leaf-no-serverauth.pem",
            "no_server_auth",
            Severity::Warning,
        ),
        ("certs/leaf-expired.pem", "expired", Severity::Error),
        (
            "certs/leaf-not-yet-valid.pem",
            "not_yet_valid",
            Severity::Error,
        ),
    ];
    for (file, code, severity) in cases {
        if code.is_empty() {
            continue;
        }
        // With its issuers, so the leaf is recognised as the leaf of a chain.
        let r = run(&[file, "certs/rsa-int.pem", "certs/rsa-root.pem"]);
        assert!(
            has(&r, code, *severity),
            "{file}: expected {code}, got {:?}",
            codes(&r)
        );
        let clean = run(&[
            "certs/rsa-leaf.pem",
            "certs/rsa-int.pem",
            "certs/rsa-root.pem",
        ]);
        assert!(
            !codes(&clean).contains(&code.to_string()),
            "rsa-leaf should not have {code}"
        );
    }
}

#[test]
fn expiry_window() {
    // rsa-leaf expires 2027-06-01: 335 days after "now".
    let mut o = Options::at(now());
    o.warn_days = 400;
    let r = run_with(&["certs/rsa-leaf.pem"], o);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "expires_soon")
        .expect("expires_soon");
    assert!(
        f.message.contains("2027-06-01T00:00:00Z") && f.message.contains("335 days"),
        "{}",
        f.message
    );
    let r = run(&["certs/rsa-leaf.pem"]);
    assert!(!codes(&r).contains(&"expires_soon".to_string()));
    // The chain's expiry is its earliest notAfter: the leaf's.
    let r = run(&["inputs/chain-correct.pem"]);
    assert_eq!(r.chain_expiry[0].not_after, "2027-06-01T00:00:00Z");
    assert_eq!(r.chain_expiry[0].days_left, 335);
}

#[test]
fn chain_findings() {
    let r = run(&["inputs/chain-shuffled.pem"]);
    assert!(
        has(&r, "chain_misordered", Severity::Error),
        "{:?}",
        codes(&r)
    );
    let r = run(&["inputs/chain-missing-int.pem"]);
    assert!(
        has(&r, "missing_intermediate", Severity::Error),
        "{:?}",
        codes(&r)
    );
    // The fixtures' root is a locally made CA, not a public root: a chain sent without it is
    // incomplete for every client that has not been given it (issue 16), not merely "root not
    // included".
    let r = run(&["inputs/chain-no-root.pem"]);
    assert!(
        has(&r, "issuer_missing", Severity::Warning),
        "{:?}",
        codes(&r)
    );
    assert!(!has(&r, "root_not_included", Severity::Info));
    let r = run(&["inputs/chain-badsig.pem"]);
    assert!(
        has(&r, "invalid_signature", Severity::Error),
        "{:?}",
        codes(&r)
    );
    let r = run(&["inputs/chain-dup.pem"]);
    assert!(
        has(&r, "duplicate_certificate", Severity::Warning),
        "{:?}",
        codes(&r)
    );
    // The same certificate in two places is not a mistake: the root in tls.crt and in ca.crt
    // of one Secret, or a chain file dropped next to the same full chain.
    let r = run(&["inputs/secret-tls.yaml"]);
    assert_eq!(r.duplicates.len(), 1, "{:?}", r.duplicates);
    assert!(
        !codes(&r).contains(&"duplicate_certificate".to_string()),
        "{:?}",
        codes(&r)
    );
    let r = run(&["inputs/chain-correct.pem", "inputs/chain-shuffled.pem"]);
    assert!(!r.duplicates.is_empty());
    assert!(
        !codes(&r).contains(&"duplicate_certificate".to_string()),
        "{:?}",
        codes(&r)
    );
    // Order only counts within one place: `kubectl get secret -o yaml` sorts ca.crt before
    // tls.crt, files may be dropped in any order, and a multi-document file holds several
    // Secrets, each with its own tls.crt.
    for files in [
        &["inputs/secret-kubectl.yaml"][..],
        &["inputs/secrets-multidoc.yaml"],
        &[
            "certs/rsa-root.pem",
            "certs/rsa-leaf.pem",
            "certs/rsa-int.pem",
        ],
    ] {
        let r = run(files);
        let c = codes(&r);
        assert!(
            !c.contains(&"chain_misordered".to_string()),
            "{files:?}: {c:?}"
        );
        assert!(
            !c.contains(&"key_not_first_certificate".to_string()),
            "{files:?}: {c:?}"
        );
        assert!(r.chains.iter().all(|ch| !ch.misordered), "{files:?}");
    }
    let r = run(&["inputs/chain-shuffled.pem", "certs/rsa-root.pem"]);
    assert!(r.chains[0].misordered);
    // ...but twice in one of them still is.
    let r = run(&["inputs/chain-correct.pem", "inputs/chain-dup.pem"]);
    assert!(
        has(&r, "duplicate_certificate", Severity::Warning),
        "{:?}",
        codes(&r)
    );
    let r = run(&["inputs/chain-extra-unrelated.pem"]);
    assert!(
        has(&r, "unrelated_certificate", Severity::Warning),
        "{:?}",
        codes(&r)
    );
    let r = run(&["inputs/chain-two-chains.pem"]);
    assert!(has(&r, "several_chains", Severity::Info), "{:?}", codes(&r));
    assert_eq!(r.chains.len(), 2);
}

#[test]
fn key_findings() {
    let r = run(&["certs/ec-leaf.pem", "keys/ec-leaf.sec1.pem"]);
    assert!(
        has(&r, "key_format_sec1", Severity::Warning),
        "{:?}",
        codes(&r)
    );
    let r = run_with(
        &["certs/rsa-leaf.pem", "keys/rsa-leaf.pkcs8-enc.pem"],
        Options::at(now()).with_password("correct horse"),
    );
    assert!(
        has(&r, "key_encrypted", Severity::Warning),
        "{:?}",
        codes(&r)
    );
    assert!(!codes(&r).contains(&"key_matches_no_certificate".to_string()));
    // One finding for an encrypted key, saying whether its password was given and, once it is
    // open, what to deploy instead.
    let only_finding_of_key_0 = |r: &Report| {
        let of_key: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.private_keys == vec![0])
            .collect();
        assert_eq!(of_key.len(), 1, "{of_key:?}");
        (of_key[0].message.clone(), of_key[0].fix.clone())
    };
    let (message, fix) = only_finding_of_key_0(&r);
    assert!(
        message.contains("opened with the password given"),
        "{message}"
    );
    assert!(fix.contains("unencrypted key certlens writes"), "{fix}");
    let locked = run(&["certs/rsa-leaf.pem", "keys/rsa-leaf.pkcs8-enc.pem"]);
    let (message, _) = only_finding_of_key_0(&locked);
    assert!(message.contains("password was not given"), "{message}");
    let r = run(&["certs/rsa-leaf.pem", "keys/unrelated.pkcs8.pem"]);
    assert!(
        has(&r, "key_matches_no_certificate", Severity::Error),
        "{:?}",
        codes(&r)
    );
    // The classic ingress error: the file starts with the intermediate, the key is the leaf's.
    let r = run(&["inputs/chain-reversed.pem", "keys/rsa-leaf.pkcs1.pem"]);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "key_not_first_certificate")
        .expect("key_not_first_certificate");
    assert!(f.message.contains("key values mismatch"), "{}", f.message);
}

#[test]
fn names_and_pins_findings() {
    let mut o = Options::at(now());
    o.names = vec![
        "example.test".into(),
        "a.b.example.test".into(),
        "10.0.0.1".into(),
    ];
    let r = run_with(&["certs/rsa-leaf.pem"], o);
    let not_covered: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == "name_not_covered")
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(not_covered.len(), 1, "{not_covered:?}");
    assert!(not_covered[0].starts_with("a.b.example.test"));

    let mut o = Options::at(now());
    o.expected_pins = Some("- 1234\n- zz".into());
    let r = run_with(&["certs/rsa-leaf.pem"], o);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.code == "malformed_pin")
            .count(),
        2,
        "{:?}",
        codes(&r)
    );
    assert!(has(&r, "leaf_not_pinned", Severity::Warning));

    // values.yaml's pins are checked automatically: it pins rsa-leaf.
    let r = run(&["inputs/values.yaml"]);
    assert!(r.pin_check.as_ref().is_some_and(|p| p.leaf_pinned));
    assert!(!codes(&r).contains(&"leaf_not_pinned".to_string()));
}

#[test]
fn findings_are_sorted_errors_first() {
    let r = run(&[
        "inputs/chain-shuffled.pem",
        "certs/leaf-long.pem",
        "keys/ec-leaf.sec1.pem",
    ]);
    let sev: Vec<Severity> = r.findings.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort();
    assert_eq!(sev, sorted);
}

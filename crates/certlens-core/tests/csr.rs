//! Certificate requests before they go to a CA: the requests of `generate.sh --csr-only`
//! (openssl made each one and judged its signature with `openssl req -verify`; the requested
//! names and usages are openssl's `req -text`), their findings, the names `check --host` asks
//! about, and the private key they were made with.

mod common;
use common::{fixture, now};

use certlens_core::{inspect, FindingCode, Input, Options, Report, Severity};
use serde_json::Value;

fn exp() -> Value {
    serde_json::from_slice(&fixture("csr/expected.json")).unwrap()
}

fn run(files: &[&str], names: &[&str]) -> Report {
    let inputs: Vec<Input> = files.iter().map(|f| Input::new(*f, fixture(f))).collect();
    let mut opts = Options::at(now());
    opts.names = names.iter().map(|n| n.to_string()).collect();
    inspect(&inputs, &opts)
}

fn codes(r: &Report) -> Vec<(FindingCode, Severity)> {
    r.findings.iter().map(|f| (f.code, f.severity)).collect()
}

#[test]
fn a_good_request_with_its_key_names_what_it_asks_for() {
    let e = exp();
    assert_eq!(e["verify"]["good"], "ok");
    let r = run(
        &["csr/good.csr", "csr/good.key"],
        &["app.csr.test", "10.0.0.7", "other.csr.test"],
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let csr = &r.public_keys[0];
    assert_eq!(csr.spki_sha256, e["good_csr_pin"].as_str().unwrap());
    let c = csr.csr.as_ref().unwrap();
    // openssl's `req -text` lists the requested SANs as "DNS:a, DNS:b, IP:..."
    let mut sans: Vec<String> = c
        .requested_san
        .dns
        .iter()
        .map(|d| format!("DNS:{d}"))
        .collect();
    sans.extend(c.requested_san.ip.iter().map(|i| format!("IP:{i}")));
    assert_eq!(sans.join(", "), e["sans"]["good"].as_str().unwrap());
    assert_eq!(c.signature, certlens_core::SignatureStatus::Valid);

    // The key it was made with: its pin is openssl's, and it is named as the request's key.
    let k = &r.private_keys[0];
    assert_eq!(k.spki_sha256.as_deref(), e["good_key_pin"].as_str());
    assert!(k.matches.is_empty());
    assert_eq!(k.requests, vec![csr.index]);
    // A key of a request is not a key that "matches no certificate".
    assert!(!r
        .findings
        .iter()
        .any(|f| f.code == FindingCode::KeyMatchesNoCertificate));

    // Names: the two requested ones are "requested" (no certificate covers them yet), and
    // raise nothing; the third is an error about the request.
    let by = |n: &str| r.names.iter().find(|c| c.name == n).unwrap();
    for n in ["app.csr.test", "10.0.0.7"] {
        assert!(!by(n).covered, "{n}");
        assert_eq!(by(n).requested_by, Some(csr.index), "{n}");
        assert!(by(n).note.as_deref().unwrap().contains("asks for it"));
    }
    assert_eq!(by("other.csr.test").requested_by, None);
    let errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", codes(&r));
    assert_eq!(errors[0].code, FindingCode::NameNotCovered);
    assert!(errors[0]
        .message
        .starts_with("other.csr.test is not among the names the certificate request asks for"));
    assert!(!r.findings.iter().any(|f| matches!(
        f.code,
        FindingCode::CsrSignatureInvalid
            | FindingCode::CsrWithoutSan
            | FindingCode::CsrNoServerAuth
    )));
}

#[test]
fn a_request_whose_signature_openssl_refuses_is_an_error() {
    assert_eq!(exp()["verify"]["badsig"], "failure");
    let r = run(&["csr/badsig.csr"], &[]);
    let c = r.public_keys[0].csr.as_ref().unwrap();
    assert_eq!(c.signature, certlens_core::SignatureStatus::Invalid);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::CsrSignatureInvalid)
        .unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.starts_with("csr/badsig.csr"), "{}", f.message);
}

#[test]
fn a_request_without_names_or_server_auth_is_a_warning() {
    let e = exp();
    assert_eq!(e["sans"]["nosan"], "");
    assert_eq!(e["verify"]["nosan"], "ok");
    let r = run(&["csr/nosan.csr"], &[]);
    assert_eq!(
        codes(&r),
        vec![(FindingCode::CsrWithoutSan, Severity::Warning)]
    );

    assert_eq!(e["eku"]["clientauth"], "TLS Web Client Authentication");
    let r = run(&["csr/clientauth.csr"], &[]);
    assert_eq!(
        codes(&r),
        vec![(FindingCode::CsrNoServerAuth, Severity::Warning)]
    );
    assert!(
        r.findings[0].message.contains("clientAuth"),
        "{}",
        r.findings[0].message
    );
}

/// With a certificate in the input, names are the certificate's question again: a request
/// beside it changes nothing.
#[test]
fn with_a_certificate_names_are_about_certificates() {
    let r = run(&["csr/good.csr", "certs/other-leaf.pem"], &["app.csr.test"]);
    let n = &r.names[0];
    assert!(!n.covered);
    assert_eq!(n.requested_by, None);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == FindingCode::NameNotCovered && f.message.contains("not covered")));
}

/// The page reads the pool once and rechecks when names are typed: the request's names are
/// judged again then (the report crossing from the worker as JSON on the way).
#[test]
fn names_typed_after_reading_are_judged_against_the_request() {
    let r = run(&["csr/good.csr", "csr/good.key"], &[]);
    assert!(r.names.is_empty());
    let r: Report = serde_json::from_str(&r.to_json()).unwrap();
    let mut opts = Options::at(now());
    opts.names = vec!["www.csr.test".into(), "other.csr.test".into()];
    let r = certlens_core::recheck(&r, &opts);
    let c = r.public_keys[0].csr.as_ref().unwrap();
    assert_eq!(c.names.len(), 2);
    assert!(c.names[0].covered && !c.names[1].covered);
    assert_eq!(r.names[0].requested_by, Some(0));
    assert_eq!(r.names[1].requested_by, None);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.code == FindingCode::NameNotCovered)
            .count(),
        1
    );
    assert!(c
        .problems
        .iter()
        .any(|p| p.starts_with("other.csr.test is not among")));
}

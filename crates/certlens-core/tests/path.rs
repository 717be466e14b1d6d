//! Path validation through the report: declared trust anchors, the root-SAN name-coverage bug,
//! and a path-building bomb that must end as "not checked: budget". Certificates are made by
//! checked-in openssl scripts; openssl's own verdicts are the expected values.

mod common;

use certlens_core::{
    inspect, validate_path, Client, Input, Options, Outcome, Overall, PathRequest, PathRule,
    SignatureBudget,
};
use common::{fixture, fixture_text, NOW};

/// The time `rootsan/generate.sh` gives `openssl verify -attime` (2030-01-01), after the
/// certificates were made.
const LATER: i64 = 1_893_456_000;

fn der_of(pem: &[u8]) -> Vec<u8> {
    let r = inspect(&[Input::new("x.pem", pem.to_vec())], &Options::at(NOW));
    r.certificates[0].der.clone()
}

fn rootsan(names: &[&str], anchors: Vec<Vec<u8>>) -> certlens_core::Report {
    let opts = Options {
        names: names.iter().map(|s| s.to_string()).collect(),
        trust_anchors: anchors,
        ..Options::at(LATER)
    };
    inspect(
        &[
            Input::new("leaf.pem", fixture("rootsan/leaf.pem")),
            Input::new("root.pem", fixture("rootsan/root.pem")),
        ],
        &opts,
    )
}

/// openssl's line for `name` in `rootsan/openssl.txt`.
fn openssl_says(name: &str) -> String {
    fixture_text("rootsan/openssl.txt")
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_string))
        .unwrap()
}

#[test]
fn a_root_carrying_the_name_covers_nothing() {
    // openssl: bank.example (only on the root) is a hostname mismatch, app.example is fine.
    assert!(openssl_says("bank.example").contains("hostname mismatch"));
    assert_eq!(openssl_says("app.example"), "leaf.pem: OK");
    let r = rootsan(&["bank.example", "app.example"], Vec::new());
    assert_eq!(r.names.len(), 2);
    assert_eq!(r.names[0].name, "bank.example");
    assert!(!r.names[0].covered, "{:?}", r.names[0]);
    assert_eq!(r.names[0].certificate, None);
    assert!(r.names[1].covered);
    assert_eq!(r.names[1].certificate, Some(0));
}

#[test]
fn the_openssl_verdict_matches_openssl_verify() {
    let root = der_of(&fixture("rootsan/root.pem"));
    for name in ["bank.example", "app.example"] {
        let r = rootsan(&[name], vec![root.clone()]);
        let v = r.chains[0].validation.as_ref().unwrap();
        let openssl = v
            .clients
            .iter()
            .find(|c| c.client == Client::OpenSsl)
            .unwrap();
        let said = openssl_says(name);
        if said.ends_with(": OK") {
            assert_eq!(openssl.outcome, Outcome::Accept, "{name}: {openssl:?}");
        } else {
            assert_eq!(openssl.outcome, Outcome::Reject, "{name}");
            assert_eq!(openssl.rule, Some(PathRule::HostnameMismatch));
            assert_eq!(openssl.error.as_deref(), Some(said.as_str()));
        }
        assert_eq!(v.path, vec![0, 1]);
        assert_eq!(v.anchor.as_ref().unwrap().certificate, Some(1));
        assert_eq!(v.offered_anchor, None);
    }
}

#[test]
fn a_root_dropped_beside_the_chain_is_offered_not_trusted() {
    let r = rootsan(&["app.example"], Vec::new());
    let v = r.chains[0].validation.as_ref().unwrap();
    assert_eq!(v.overall, Overall::Fails);
    assert_eq!(v.anchor, None);
    assert_eq!(v.offered_anchor, Some(1));
    for c in &v.clients {
        assert_eq!(c.outcome, Outcome::Reject, "{c:?}");
        assert_eq!(c.rule, Some(PathRule::RootNotTrusted), "{c:?}");
        assert_eq!(c.certificate, Some(1));
    }
    let openssl = &v.clients[0];
    assert_eq!(
        openssl.error.as_deref(),
        Some("error 19 at 1 depth lookup: self-signed certificate in certificate chain")
    );
    let go = v.clients.iter().find(|c| c.client == Client::Go).unwrap();
    assert_eq!(
        go.error.as_deref(),
        Some("x509: certificate signed by unknown authority")
    );
}

#[test]
fn a_path_building_bomb_ends_as_not_checked() {
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/crafted/pathbomb/bomb.pem"
    ))
    .unwrap();
    let r = inspect(&[Input::new("bomb.pem", pem)], &Options::at(NOW));
    assert_eq!(r.certificates.len(), 17);
    let ders: Vec<&[u8]> = r.certificates.iter().map(|c| c.der.as_slice()).collect();
    let start = std::time::Instant::now();
    let v = validate_path(
        &PathRequest {
            pool: &ders,
            leaf: 0,
            names: &["bomb.example".to_string()],
            now: NOW,
            ..PathRequest::default()
        },
        &SignatureBudget::new(&certlens_core::Limits::default()),
    );
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    assert_eq!(v.overall, Overall::NotChecked);
    for c in &v.clients {
        assert_eq!(c.outcome, Outcome::NotChecked, "{c:?}");
        assert_eq!(c.rule, Some(PathRule::Budget));
    }
}

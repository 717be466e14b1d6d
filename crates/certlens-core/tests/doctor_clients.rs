//! The doctor's settings judged by the real clients of each hop, against the fixtures of
//! `tests/fixtures/doctor/clients.sh`: every expected verdict is `openssl verify`'s (with
//! nginx's depth 1 for the router, the first certificate of ca.crt for the backend's Java
//! truststore, as keytool imports it), read from `doctor/clients/expected.json`.

mod common;

use certlens_core::{doctor, DoctorOptions, DoctorReport, Input, Verdict, VerdictLevel};
use serde_json::Value;

fn exp() -> Value {
    serde_json::from_slice(&common::fixture("doctor/clients/expected.json")).unwrap()
}

fn run(files: &[&str]) -> DoctorReport {
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| Input::new(*f, common::fixture(&format!("doctor/{f}"))))
        .collect();
    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lr-prod".to_string();
    doctor(&inputs, &opts)
}

fn verdict<'r>(r: &'r DoctorReport, setting: &str) -> &'r Verdict {
    r.verdicts
        .iter()
        .find(|v| v.setting == setting)
        .unwrap_or_else(|| panic!("no verdict for {setting}"))
}

fn texts(v: &Verdict) -> String {
    v.problems
        .iter()
        .map(|p| format!("{:?}: {}", p.level, p.text))
        .chain(v.notes.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n")
}

const BACKEND: &str = "general.internal_tls (backend)";
const FRONTEND: &str = "general.internal_tls.certificates.existing_certificates.frontend";

#[test]
fn the_router_accepts_one_intermediate_below_ca_crt() {
    let e = &exp()["router_backend"];
    assert_eq!(e["one_intermediate"], "OK");
    assert_eq!(e["endpoint_one_intermediate"], "OK");
    let r = run(&["clients/values-backend-1.yaml", "clients/ca-ica.yaml"]);
    let be = verdict(&r, BACKEND);
    assert_eq!(be.level, VerdictLevel::Ok, "{}", texts(be));
}

#[test]
fn the_router_rejects_two_intermediates_at_nginx_default_depth() {
    let e = &exp()["router_backend"];
    // Depth is the only reason: without the limit openssl accepts the same chain.
    assert_eq!(e["two_intermediates_no_depth_limit"], "OK");
    let want = e["two_intermediates"].as_str().unwrap();
    assert_ne!(want, "OK");
    let r = run(&["clients/values-backend-2.yaml", "clients/ca-ica.yaml"]);
    let be = verdict(&r, BACKEND);
    assert_eq!(be.level, VerdictLevel::Error, "{}", texts(be));
    assert!(
        be.summary.contains("proxy_ssl_verify_depth 1"),
        "{}",
        be.summary
    );
    // OpenSSL's own line, depth included.
    assert!(
        be.summary.contains(&format!("(OpenSSL: \"{want}\")")),
        "{want} / {}",
        be.summary
    );
    assert!(!be.summary.contains("does not chain"), "{}", be.summary);
    assert!(!be.summary.contains("Two ways out"), "{}", be.summary);
}

#[test]
fn the_agent_facing_locations_verify_the_public_name() {
    let e = &exp()["router_backend"];
    assert_eq!(e["backend_name_only"], "OK");
    let want = e["backend_name_only_endpoint"].as_str().unwrap();
    assert_ne!(want, "OK");
    let r = run(&["clients/values-backend-n.yaml", "clients/ca-ica.yaml"]);
    let be = verdict(&r, BACKEND);
    assert_eq!(be.level, VerdictLevel::Error, "{}", texts(be));
    assert!(
        be.summary
            .contains("does not cover lightrun.doctor.test, the name the agent-facing locations"),
        "{}",
        be.summary
    );
    assert!(
        be.summary.contains(&format!("(OpenSSL: \"{want}\")")),
        "{want} / {}",
        be.summary
    );
    assert!(!be.summary.contains("does not chain"), "{}", be.summary);
}

#[test]
fn the_backend_trusts_only_the_first_certificate_of_ca_crt() {
    let e = &exp()["services"];
    assert_eq!(e["frontend_ica"], "OK");
    let r = run(&["clients/values-backend-1.yaml", "clients/ca-ica.yaml"]);
    let fe = verdict(&r, FRONTEND);
    assert_eq!(fe.level, VerdictLevel::Ok, "{}", texts(fe));

    // ca.crt = Doctor Root CA, then the internal CA: nginx would read both, but keytool
    // imports one certificate, and against that one openssl finds no issuer.
    assert_eq!(e["keytool_entries_from_two"], 1);
    assert_eq!(e["frontend_both"], "OK");
    assert_ne!(e["frontend_first_of_root_then_ica"], "OK");
    let r = run(&[
        "clients/values-backend-1.yaml",
        "clients/ca-root-first.yaml",
    ]);
    let fe = verdict(&r, FRONTEND);
    assert_eq!(fe.level, VerdictLevel::Error, "{}", texts(fe));
    assert!(
        fe.summary
            .contains("does not chain to the internal CA (the first certificate of ca.crt"),
        "{}",
        fe.summary
    );
    assert!(
        fe.summary.contains("PKIX path building failed"),
        "{}",
        fe.summary
    );
    // The router reads every certificate of the same file: its hop still passes.
    assert_eq!(
        verdict(&r, BACKEND).level,
        VerdictLevel::Ok,
        "{}",
        texts(verdict(&r, BACKEND))
    );
}

#[test]
fn a_private_root_declared_in_custom_ca_is_accepted_by_the_endpoint_clients() {
    assert_eq!(exp()["endpoint"]["declared_root"], "OK");
    let r = run(&["clients/values-declared.yaml"]);
    let crt = verdict(&r, "certificate.tls.crt");
    assert_eq!(crt.level, VerdictLevel::Ok, "{}", texts(crt));
    assert!(
        crt.notes.iter().any(|n| n
            == "Java (agents, Keycloak), Go clients and browsers accept the chain for lightrun.doctor.test (anchor Doctor Root CA, declared trusted)"),
        "{}",
        texts(crt)
    );
}

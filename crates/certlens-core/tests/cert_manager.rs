//! cert-manager's rotationPolicy against the chart's pins (issue 29): a Certificate writing the
//! chart's `existing_cert` Secret with `rotationPolicy: Always`, written or left to
//! cert-manager's default (Always since 1.18), is flagged with the pin consequence and both
//! ways out; `Never` keeps the pin. The Secret holds `tests/fixtures/renew/tls.crt`/`tls.key`,
//! whose pin openssl computed (`renew/pin.txt`).

mod common;

use certlens_core::{doctor, DoctorOptions, Input, VerdictLevel};
use common::fixture;

fn b64(bytes: &[u8]) -> String {
    certlens_core::b64::encode_standard(bytes)
}

fn pin() -> String {
    String::from_utf8(fixture("renew/pin.txt"))
        .unwrap()
        .trim()
        .to_string()
}

/// The doctor's verdict on the Certificate, given the values (existing_cert lightrun-tls and
/// the current pin), the Secret and a Certificate with `policy` (None: not written).
fn verdict(policy: Option<&str>, with_values: bool) -> certlens_core::Verdict {
    let private_key = match policy {
        Some(p) => format!("  privateKey:\n    rotationPolicy: {p}\n"),
        None => String::new(),
    };
    let certificate = format!(
        "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: lightrun\n  namespace: lr-prod\nspec:\n  secretName: lightrun-tls\n  dnsNames:\n    - lightrun.example.com\n    - lightrun-backend\n  ipAddresses:\n    - 10.0.0.7\n  issuerRef:\n    name: letsencrypt\n    kind: ClusterIssuer\n{private_key}"
    );
    let secret = format!(
        "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: lightrun-tls\n  namespace: lr-prod\ndata:\n  tls.crt: {}\n  tls.key: {}\n",
        b64(&fixture("renew/tls.crt")),
        b64(&fixture("renew/tls.key"))
    );
    let values = format!(
        "general:\n  lightrun_endpoint: lightrun.example.com\ncertificate:\n  existing_cert: lightrun-tls\n  security_pinned_hashes:\n    - {}\n",
        pin()
    );
    let mut inputs = vec![
        Input::new("certificate.yaml", certificate.into_bytes()),
        Input::new("secret.yaml", secret.into_bytes()),
    ];
    if with_values {
        inputs.push(Input::new("values.yaml", values.into_bytes()));
    }
    let mut opts = DoctorOptions::at(1_790_000_000);
    opts.namespace = "lr-prod".into();
    opts.namespace_given = true;
    let r = doctor(&inputs, &opts);
    r.verdicts
        .into_iter()
        .find(|v| v.setting == "Certificate lr-prod/lightrun (cert-manager)")
        .unwrap_or_else(|| panic!("no verdict on the Certificate"))
}

fn all_text(v: &certlens_core::Verdict) -> String {
    let mut t: Vec<String> = v
        .problems
        .iter()
        .map(|p| format!("{} / {}", p.text, p.fix.clone().unwrap_or_default()))
        .collect();
    t.extend(v.notes.iter().cloned());
    t.join("\n")
}

fn rotation_problem(v: &certlens_core::Verdict) -> Option<&certlens_core::Problem> {
    v.problems.iter().find(|p| p.text.contains("rotationPolicy"))
}

#[test]
fn explicit_always_is_flagged_with_both_ways_out() {
    let v = verdict(Some("Always"), true);
    let p = rotation_problem(&v).unwrap_or_else(|| panic!("{}", all_text(&v)));
    assert_eq!(p.level, VerdictLevel::Warning);
    assert!(p.text.contains("rotationPolicy is Always"), "{}", p.text);
    assert!(p.text.contains("new private key"), "{}", p.text);
    assert!(p.text.contains(&pin()), "{}", p.text);
    assert!(
        p.text.contains("none of the 1 pin of security_pinned_hashes will match"),
        "{}",
        p.text
    );
    let fix = p.fix.as_deref().unwrap();
    assert!(fix.contains("rotationPolicy: Never"), "{fix}");
    assert!(fix.contains("pin the next key ahead: make it now"), "{fix}");
    assert!(!fix.contains("`certlens "), "{fix}");
}

#[test]
fn default_policy_is_assumed_always_and_says_so() {
    let v = verdict(None, true);
    let p = rotation_problem(&v).unwrap_or_else(|| panic!("{}", all_text(&v)));
    assert_eq!(p.level, VerdictLevel::Warning);
    assert!(p.text.contains("is not set"), "{}", p.text);
    assert!(p.text.contains("cert-manager 1.18 and later"), "{}", p.text);
    assert!(p.text.contains("assumed"), "{}", p.text);
}

#[test]
fn never_keeps_the_pin() {
    let v = verdict(Some("Never"), true);
    assert!(rotation_problem(&v).is_none(), "{}", all_text(&v));
    assert!(
        v.notes
            .iter()
            .any(|n| n.contains("rotationPolicy: Never") && n.contains(&pin())),
        "{:?}",
        v.notes
    );
}

#[test]
fn without_the_values_it_is_a_note() {
    let v = verdict(None, false);
    assert!(rotation_problem(&v).is_none(), "{}", all_text(&v));
    assert!(
        v.notes
            .iter()
            .any(|n| n.contains("If Secret lightrun-tls is the chart's certificate.existing_cert")),
        "{:?}",
        v.notes
    );
}

#[test]
fn a_policy_cert_manager_rejects_is_an_error() {
    let v = verdict(Some("Sometimes"), true);
    let p = rotation_problem(&v).unwrap_or_else(|| panic!("{}", all_text(&v)));
    assert_eq!(p.level, VerdictLevel::Error);
}

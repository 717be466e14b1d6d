//! The checklist as every front end shows it (issue 27, items 3 to 5): the fixes certlens can do
//! itself as typed actions with the deployment's release and namespace, the tally and reading
//! order, and the messages that were wrong or contradicted each other. The broken deployment is
//! `doctor/values.yaml` + `doctor/secrets.yaml` (one mistake planted per setting, openssl's facts
//! in `doctor/expected.json`); the made deployment is Make's private CA set.

mod common;

use certlens_core::make::{self, Seed};
use certlens_core::{
    doctor, findings_summary, inspect, DoctorOptions, DoctorReport, FindingCode, FixAction, Input,
    Options, Verdict, VerdictLevel,
};

fn broken() -> (Vec<Input>, DoctorReport) {
    let inputs: Vec<Input> = ["values.yaml", "secrets.yaml"]
        .iter()
        .map(|f| Input::new(*f, common::fixture(&format!("doctor/{f}"))))
        .collect();
    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lr-prod".to_string();
    let r = doctor(&inputs, &opts);
    (inputs, r)
}

fn verdict<'r>(r: &'r DoctorReport, setting: &str) -> &'r Verdict {
    r.verdicts
        .iter()
        .find(|v| v.setting == setting)
        .unwrap_or_else(|| panic!("no verdict for {setting}"))
}

fn actions(v: &Verdict) -> Vec<&FixAction> {
    v.problems.iter().filter_map(|p| p.action.as_ref()).collect()
}

const ITLS: &str = "general.internal_tls.certificates.existing_certificates";

fn internal(services: &[&str]) -> FixAction {
    // Built from JSON, as the JS module and the page receive it: the contract's shape.
    serde_json::from_value(serde_json::json!({
        "kind": "make_internal_tls",
        "release": "lightrun",
        "namespace": "lr-prod",
        "services": services,
        "main_host": "lightrun.doctor.test",
    }))
    .unwrap()
}

#[test]
fn fixes_certlens_can_do_are_actions_with_the_release_and_namespace() {
    let (_, r) = broken();
    // Names not covered (openssl -checkhost: keycloak's certificate lacks the .lr-prod names),
    // a certificate from another CA (openssl verify fails for rabbitmq), an empty artifacts:
    // each is fixed by Make's private CA for this release and namespace.
    let e: serde_json::Value =
        serde_json::from_slice(&common::fixture("doctor/expected.json")).unwrap();
    assert_ne!(e["verify_internal"]["rabbitmq"], "OK");
    for key in ["keycloak", "rabbitmq", "artifacts"] {
        let v = verdict(&r, &format!("{ITLS}.{key}"));
        assert_eq!(v.level, VerdictLevel::Error);
        assert_eq!(actions(v), [&internal(&[key])], "{key}");
    }
    // The router's check of the backend: the main certificate is made with the services.
    assert_eq!(
        actions(verdict(&r, "general.internal_tls (backend)")),
        [&internal(&[])]
    );
    // The misordered main chain: reorder it.
    assert_eq!(
        actions(verdict(&r, "certificate.tls.crt")),
        [&FixAction::ReorderChain {
            setting: "certificate.tls.crt".into()
        }]
    );
    // Keycloak without the internal CA: make secrets.customCa from it.
    assert_eq!(
        actions(verdict(&r, "secrets.customCa (Keycloak and the internal CA)")),
        [&FixAction::MakeCustomCa {
            release: "lightrun".into(),
            namespace: "lr-prod".into()
        }]
    );
    // A key that can be recovered (double-encoded, hex) is the key the data is encrypted with:
    // its fix is the corrected value, never a new key.
    assert!(actions(verdict(&r, "secrets.keysEncryption.userEncryptionKey")).is_empty());
    assert!(actions(verdict(&r, "Secret lr-prod/lightrun-backend, encryption keys")).is_empty());
    // What needs the user (a Secret to fetch, a key to find) has no action.
    assert!(actions(verdict(&r, &format!("{ITLS}.redis"))).is_empty());
    assert!(actions(verdict(&r, &format!("{ITLS}.data_streamer"))).is_empty());
}

#[test]
fn the_cli_renders_each_action_as_its_command() {
    assert_eq!(
        internal(&["rabbitmq"]).command(),
        "certlens new internal-tls --release lightrun --namespace lr-prod --main-host lightrun.doctor.test --dir internal-tls"
    );
    assert_eq!(
        FixAction::MakeCustomCa {
            release: "lightrun".into(),
            namespace: "lr-prod".into()
        }
        .command(),
        "certlens custom-ca --release lightrun --namespace lr-prod ca.crt"
    );
    let key: FixAction = serde_json::from_str(
        r#"{"kind":"make_encryption_key","release":"lr","namespace":"prod ns","index":2}"#,
    )
    .unwrap();
    // A value that is not one shell word is quoted: a pasted command runs nothing it holds.
    assert_eq!(
        key.command(),
        "certlens keygen --secret-name lr-backend --namespace 'prod ns'"
    );
    assert_eq!(
        FixAction::ReorderChain {
            setting: "certificate.tls.crt".into()
        }
        .command(),
        "certlens chain FILES --out full-chain.crt"
    );
}

#[test]
fn no_prose_of_the_checklist_names_a_cli_command() {
    let (_, r) = broken();
    let good = certlens_core::doctor(
        &[Input::new(
            "values-good.yaml",
            common::fixture("doctor/values-good.yaml"),
        )],
        &DoctorOptions::at(common::now()),
    );
    for v in r.verdicts.iter().chain(&good.verdicts) {
        let mut prose = vec![v.summary.clone()];
        prose.extend(v.notes.iter().cloned());
        for p in &v.problems {
            prose.push(p.text.clone());
            prose.extend(p.fix.clone());
        }
        for t in prose {
            assert!(!t.contains("`certlens "), "{}: {t}", v.setting);
        }
    }
}

#[test]
fn the_tally_and_the_reading_order_come_from_the_core() {
    let (_, r) = broken();
    let s = &r.summary;
    let count = |l: VerdictLevel| r.verdicts.iter().filter(|v| v.level == l).count();
    assert_eq!(
        (s.errors, s.warnings, s.ok, s.not_checked),
        (
            count(VerdictLevel::Error),
            count(VerdictLevel::Warning),
            count(VerdictLevel::Ok),
            count(VerdictLevel::NotChecked)
        )
    );
    assert_eq!(s.line(), "11 errors · 1 warning · 7 ok · 1 not checked");
    // Errors first (in the file's order), then warnings, ok, not checked; every row once.
    let levels: Vec<VerdictLevel> = r.ordered().iter().map(|(_, v)| v.level).collect();
    let mut want = vec![VerdictLevel::Error; 11];
    want.push(VerdictLevel::Warning);
    want.extend([VerdictLevel::Ok; 7]);
    want.push(VerdictLevel::NotChecked);
    assert_eq!(levels, want);
    let mut seen = r.order.clone();
    seen.sort_unstable();
    assert_eq!(seen, (0..r.verdicts.len()).collect::<Vec<_>>());
    let first: Vec<&str> = r
        .ordered()
        .iter()
        .take(3)
        .map(|(_, v)| v.setting.as_str())
        .collect();
    assert_eq!(
        first,
        [
            "certificate.tls.crt",
            "certificate.security_pinned_hashes",
            "general.internal_tls.certificates.existing_certificates.keycloak"
        ]
    );
    // The JSON carries the order; a report without it (older JSON) is ordered the same way.
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["order"].as_array().unwrap().len(), r.verdicts.len());
    let mut old = r.clone();
    old.order.clear();
    assert_eq!(
        old.ordered().iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        r.order
    );
}

#[test]
fn a_clean_tally_says_only_what_is_there() {
    let good = certlens_core::doctor(
        &[Input::new(
            "values-good.yaml",
            common::fixture("doctor/values-good.yaml"),
        )],
        &DoctorOptions::at(common::now()),
    );
    assert_eq!(good.summary.line(), "1 warning · 7 ok");
    assert_eq!(certlens_core::Summary::default().line(), "nothing checked");
}

/// The strict fixtures' leaf and root without intermediate A (openssl verify: error 20): the
/// root belongs last in tls.crt as documented (certificate → intermediate → root); the advice
/// was "keep only the served certificate and its chain", i.e. remove it.
#[test]
fn the_chains_own_root_is_not_a_stray_when_the_intermediate_is_missing() {
    use base64::Engine as _;
    let e: serde_json::Value =
        serde_json::from_slice(&common::fixture("strict/expected.json")).unwrap();
    assert_eq!(e["openssl_verify"]["missing_middle"], "20");
    let values = |files: &[&str]| {
        let pem: Vec<u8> = files
            .iter()
            .flat_map(|f| common::fixture(&format!("strict/{f}")))
            .collect();
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let text = format!(
            "certificate:\n  tls:\n    crt: {}\n    key: {}\n",
            b64(&pem),
            b64(&common::fixture("strict/leaf.key"))
        );
        let at = certlens_core::timefmt::parse_rfc3339("2026-07-01T00:00:00Z").unwrap();
        doctor(
            &[Input::new("values.yaml", text.into_bytes())],
            &DoctorOptions::at(at),
        )
    };
    let r = values(&["leaf.pem", "root.pem"]);
    let crt = verdict(&r, "certificate.tls.crt");
    assert!(crt
        .problems
        .iter()
        .any(|p| p.level == VerdictLevel::Error && p.text.contains("the chain is incomplete")));
    assert!(
        !crt.problems.iter().any(|p| p
            .fix
            .as_deref()
            .is_some_and(|f| f.contains("keep only the served certificate"))),
        "{:?}",
        crt.problems
    );
    assert!(
        crt.notes.iter().any(|n| n.contains("certlens Strict Root CA")
            && n.contains("keep it last, and add the missing intermediate before it")),
        "{:?}",
        crt.notes
    );
    // With the wrong intermediate B in between (missing-middle.pem), B is still a stray to
    // remove, the root still is not.
    let r = values(&["missing-middle.pem"]);
    let crt = verdict(&r, "certificate.tls.crt");
    let stray = crt
        .problems
        .iter()
        .find(|p| p.text.contains("outside the served chain"))
        .expect("intermediate B is outside the chain");
    assert!(stray.text.contains("certlens Strict Issuing CA B"), "{}", stray.text);
    assert!(!stray.text.contains("Strict Root CA"), "{}", stray.text);
}

/// The broken deployment read as a pool (the page's Findings panel): the encryption key is no
/// certificate input, and was reported as "neither PEM nor DER".
#[test]
fn an_encryption_key_in_values_is_not_a_certificate_input() {
    let (inputs, doc) = broken();
    let r = inspect(&inputs, &Options::at(common::now()));
    assert!(
        !r.errors
            .iter()
            .any(|e| e.message.contains("neither PEM nor DER")
                || e.message.contains("userEncryptionKey")
                || e.label.as_deref().unwrap_or("").contains("userEncryptionKey")),
        "{:?}",
        r.errors
    );
    // The certificates still read: 11, as in the Secrets and values (openssl counts the same
    // blocks in the fixture files).
    assert_eq!(r.certificates.len(), 11);
    // The doctor still judges the key (double-encoded).
    assert_eq!(
        verdict(&doc, "secrets.keysEncryption.userEncryptionKey").level,
        VerdictLevel::Error
    );
}

/// The Findings panel counted 3 errors where the checklist counted 11: one line from the core
/// says what each counts.
#[test]
fn the_findings_count_says_what_it_counts_beside_the_checklist() {
    let (inputs, doc) = broken();
    let r = inspect(&inputs, &Options::at(common::now()));
    assert_eq!(
        findings_summary(&r, Some(&doc.summary)),
        "3 errors, 0 warnings in the certificates and keys themselves; the deployment checklist judges the settings that use them: 11 errors · 1 warning · 7 ok · 1 not checked."
    );
    assert_eq!(findings_summary(&r, None), "3 errors, 0 warnings");
}

/// After a clean Make, the pool holds the main chain and one chain per service, each in its
/// own file: "Give the chart one leaf and its chain per Secret" is what they already are.
#[test]
fn a_made_deployment_has_no_several_chains_note() {
    let mut o = make::InternalSetOptions::new("lightrun", "lr-prod", 1_790_000_000);
    o.main_hosts = vec!["lightrun.example.com".into()];
    let m = make::internal_tls_set(&o, &Seed([9; 32]), &mut |_, _| {}).unwrap();
    let inputs: Vec<Input> = m
        .pool
        .iter()
        .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
        .collect();
    let r = inspect(&inputs, &Options::at(1_790_000_000));
    // One chain per file but the CA's: the main certificate and each service's.
    assert_eq!(r.chains.len(), inputs.len() - 1);
    assert!(r.chains.len() >= 7, "{}", r.chains.len());
    assert!(
        !r.findings.iter().any(|f| f.code == FindingCode::SeveralChains),
        "{:?}",
        r.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    // Two leaves in one file still get it.
    let two: String = inputs
        .iter()
        .take(1)
        .chain(inputs.iter().skip(2).take(1))
        .map(|i| String::from_utf8_lossy(&i.bytes).into_owned())
        .collect();
    let r = inspect(&[Input::new("two.pem", two.into_bytes())], &Options::at(1_790_000_000));
    assert!(r.findings.iter().any(|f| f.code == FindingCode::SeveralChains));
}

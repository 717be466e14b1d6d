//! The deployment doctor against the fixtures of `generate.sh --doctor-only`: a values.yaml
//! with one mistake planted per setting, its Secrets, variants, and an Ingress set. Every
//! expectation is openssl's (`doctor/expected.json`: pins, dates, `verify`, `-checkhost`).

mod common;

use certlens_core::{doctor, DoctorOptions, DoctorReport, Input, Verdict, VerdictLevel};
use serde_json::Value;

fn exp() -> Value {
    serde_json::from_slice(&common::fixture("doctor/expected.json")).unwrap()
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
        .unwrap_or_else(|| {
            panic!(
                "no verdict for {setting}; have {:?}",
                r.verdicts.iter().map(|v| &v.setting).collect::<Vec<_>>()
            )
        })
}

fn texts(v: &Verdict) -> String {
    v.problems
        .iter()
        .map(|p| {
            format!(
                "{:?}: {} | fix: {}",
                p.level,
                p.text,
                p.fix.clone().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The served chain ends at the fixtures' private root (openssl: its subject), which no
/// setting declares trusted: a warning naming it and the clients' own words.
fn assert_private_root(crt: &Verdict) {
    let root = exp()["root_subject"].as_str().unwrap().to_string();
    let cn = root.split(',').next().unwrap();
    let p = crt
        .problems
        .iter()
        .find(|p| {
            p.text
                .contains("a private root that is not declared trusted")
        })
        .unwrap_or_else(|| panic!("{}", texts(crt)));
    assert_eq!(p.level, VerdictLevel::Warning);
    assert!(p.text.contains(&format!("ends at {cn}")), "{}", p.text);
    assert!(
        p.text
            .contains("Go: \"x509: certificate signed by unknown authority\""),
        "{}",
        p.text
    );
}

const ITLS: &str = "general.internal_tls.certificates.existing_certificates";

#[test]
fn the_values_checklist_finds_every_planted_mistake() {
    let e = exp();
    let ch = &e["checkhost"];
    let r = run(&["values.yaml", "secrets.yaml"]);
    assert_eq!(r.modes, ["values"]);
    assert!(r.has_errors());
    assert!(r.errors.is_empty(), "{:?}", r.errors);

    // certificate.tls.crt: leaf, root, intermediate — openssl verifies the chain, but the order
    // is not the documented one.
    assert_eq!(e["verify_main"], "OK");
    let crt = verdict(&r, "certificate.tls.crt");
    assert_eq!(crt.level, VerdictLevel::Error, "{}", texts(crt));
    // The order, and the private root nobody declared trusted (the clients' verdicts).
    assert_eq!(crt.problems.len(), 2, "{}", texts(crt));
    assert_private_root(crt);
    assert!(
        crt.summary.contains("not in the documented order"),
        "{}",
        crt.summary
    );
    assert!(crt
        .notes
        .iter()
        .any(|n| n.contains(e["leaf_pin"].as_str().unwrap())));
    // Line of `    crt:` in the file.
    let text = common::fixture_text("doctor/values.yaml");
    let line = text
        .lines()
        .position(|l| l.starts_with("    crt: "))
        .unwrap()
        + 1;
    assert_eq!(crt.line, Some(line));
    assert_eq!(crt.source, "values.yaml");

    assert_eq!(e["key_match"]["leaf"], true);
    assert_eq!(verdict(&r, "certificate.tls.key").level, VerdictLevel::Ok);

    assert_eq!(ch["leaf:lightrun.doctor.test"], true);
    assert_eq!(
        verdict(&r, "general.lightrun_endpoint").level,
        VerdictLevel::Ok
    );

    // Pins: entry 4 is the leaf's pin in Base64; entry 2 an old key's; entry 3 lower case.
    let pins = verdict(&r, "certificate.security_pinned_hashes");
    let t = texts(pins);
    assert_eq!(pins.level, VerdictLevel::Error, "{t}");
    let leaf_up = e["leaf_pin"].as_str().unwrap().to_ascii_uppercase();
    let p4 = pins
        .problems
        .iter()
        .find(|p| p.text.starts_with("entry 4 "))
        .expect(&t);
    assert_eq!(p4.level, VerdictLevel::Error);
    assert!(
        p4.text
            .contains(&e["leaf_pin_base64"].as_str().unwrap()[..20]),
        "{t}"
    );
    // Entry 1 is that pin already, in hex (openssl's, upper case): entry 4 is to go, not to be
    // rewritten into a second copy.
    assert!(common::fixture_text("doctor/values.yaml").contains(&format!("- {leaf_up}")));
    assert_eq!(
        p4.fix.as_deref(),
        Some("remove it: it is entry 1's pin again, in Base64")
    );
    let old = &e["old_pin"].as_str().unwrap()[..16];
    let p2 = pins
        .problems
        .iter()
        .find(|p| p.text.starts_with("entry 2 "))
        .expect(&t);
    assert_eq!(p2.level, VerdictLevel::Warning);
    assert!(
        p2.text.contains(old) && p2.text.contains("old key or a typo"),
        "{t}"
    );
    assert!(
        t.contains("mixes cases: 2 entries in upper case, 1 in lower case"),
        "{t}"
    );
    // The served leaf's pin is entry 1: no "not in the list" error.
    assert!(!t.contains("is not in the list"), "{t}");

    // Internal TLS.
    assert_eq!(e["ica_is_ca"], true);
    assert_eq!(
        verdict(
            &r,
            "general.internal_tls.certificates.existing_ca_secret_name"
        )
        .level,
        VerdictLevel::Ok
    );
    assert_eq!(e["verify_internal"]["frontend"], "OK");
    for n in [
        "lightrun-frontend",
        "lightrun-frontend.lr-prod",
        "lightrun-frontend.lr-prod.svc",
    ] {
        assert_eq!(ch[format!("frontend:{n}")], true);
    }
    let fe = verdict(&r, &format!("{ITLS}.frontend"));
    assert_eq!(fe.level, VerdictLevel::Ok, "{}", texts(fe));

    let kc = verdict(&r, &format!("{ITLS}.keycloak"));
    let uncovered: Vec<&str> = [
        "lightrun-keycloak",
        "lightrun-keycloak.lr-prod",
        "lightrun-keycloak.lr-prod.svc",
    ]
    .into_iter()
    .filter(|n| ch[format!("keycloak:{n}")] == false)
    .collect();
    assert_eq!(uncovered.len(), 2);
    assert_eq!(kc.level, VerdictLevel::Error);
    assert!(
        kc.summary
            .contains(&format!("does not cover {}", uncovered.join(", "))),
        "{}",
        kc.summary
    );
    assert_eq!(e["verify_internal"]["keycloak"], "OK");
    assert!(!texts(kc).contains("chain"), "{}", texts(kc));

    let kcc = verdict(&r, &format!("{ITLS}.keycloak_cluster"));
    assert_eq!(kcc.level, VerdictLevel::Error);
    assert!(kcc.summary.contains("has no ca.crt"), "{}", kcc.summary);

    let redis = verdict(&r, &format!("{ITLS}.redis"));
    assert_eq!(redis.level, VerdictLevel::NotChecked);
    assert!(redis
        .summary
        .contains("lightrun-redis-tls must exist in namespace lr-prod"));
    assert!(redis.summary.contains("give me the Secret"));

    assert_ne!(e["verify_internal"]["rabbitmq"], "OK");
    assert_eq!(ch["mq:lightrun-mq.lr-prod.svc"], true);
    let mq = verdict(&r, &format!("{ITLS}.rabbitmq"));
    assert_eq!(mq.level, VerdictLevel::Error);
    assert_eq!(mq.problems.len(), 1, "{}", texts(mq));
    assert!(
        mq.summary.contains("does not chain to the internal CA"),
        "{}",
        mq.summary
    );

    assert_eq!(e["key_match"]["ds_other"], false);
    let ds = verdict(&r, &format!("{ITLS}.data_streamer"));
    assert_eq!(ds.level, VerdictLevel::Error);
    assert!(
        ds.summary.contains("does not match the certificate"),
        "{}",
        ds.summary
    );
    assert!(
        ds.summary.contains(e["other_pin"].as_str().unwrap()),
        "{}",
        ds.summary
    );

    let art = verdict(&r, &format!("{ITLS}.artifacts"));
    assert_eq!(art.level, VerdictLevel::Error);
    assert!(art.summary.contains("empty secretName"), "{}", art.summary);

    // The backend check: the main leaf neither chains to the internal CA nor covers
    // lightrun-backend.
    assert_ne!(e["verify_internal"]["leaf"], "OK");
    assert_eq!(ch["leaf:lightrun-backend"], false);
    let be = verdict(&r, "general.internal_tls (backend)");
    assert_eq!(be.level, VerdictLevel::Error);
    assert!(
        be.summary
            .contains("does not chain to a CA in ca.crt and does not cover lightrun-backend"),
        "{}",
        be.summary
    );

    // Keycloak trusts the internal CA only through secrets.customCa, which holds the leaf.
    let kt = verdict(&r, "secrets.customCa (Keycloak and the internal CA)");
    assert_eq!(kt.level, VerdictLevel::Warning);
    assert!(
        kt.summary
            .contains("does not hold the internal CA (CN=Doctor Internal CA)"),
        "{}",
        kt.summary
    );

    // secrets.customCa: a leaf, not a CA.
    assert_eq!(e["leaf_is_ca"], false);
    let cc = verdict(&r, "secrets.customCa.customCaCertificate");
    assert_eq!(cc.level, VerdictLevel::Error);
    assert!(
        cc.summary
            .contains("is a server (leaf) certificate, not a CA"),
        "{}",
        cc.summary
    );

    // userEncryptionKey double-encoded: the fix is openssl's key, a secret withheld unless
    // asked for (show_secrets), then given exactly.
    let uk = verdict(&r, "secrets.keysEncryption.userEncryptionKey");
    assert_eq!(uk.level, VerdictLevel::Error);
    assert!(uk.summary.contains("double encoded"), "{}", uk.summary);
    let user_key = e["user_key"].as_str().unwrap();
    assert!(!uk.problems[0].fix.as_deref().unwrap().contains(user_key));
    assert!(uk.problems[0].secret.as_ref().unwrap().hidden);
    assert!(!r.to_json().contains(user_key));
    let shown = {
        let inputs: Vec<Input> = ["values.yaml", "secrets.yaml"]
            .iter()
            .map(|f| Input::new(*f, common::fixture(&format!("doctor/{f}"))))
            .collect();
        let mut opts = DoctorOptions::at(common::now());
        opts.namespace = "lr-prod".to_string();
        opts.show_secrets = true;
        doctor(&inputs, &opts)
    };
    let uk = verdict(&shown, "secrets.keysEncryption.userEncryptionKey");
    assert_eq!(
        uk.problems[0].secret.as_ref().unwrap().value.as_deref(),
        Some(user_key)
    );
    // Shown, the key is in the secret (which the page blurs until Show), never in the
    // problem's text, which the page prints as it is.
    for v in &shown.verdicts {
        for p in &v.problems {
            assert!(!p.text.contains(user_key), "{}", p.text);
            assert!(!p.fix.as_deref().unwrap_or("").contains(user_key));
        }
        assert!(!v.summary.contains(user_key), "{}", v.summary);
    }

    // The backend Secret: a hex key and a gap (encryption-key-1 missing).
    let bs = verdict(&r, "Secret lr-prod/lightrun-backend, encryption keys");
    let t = texts(bs);
    assert_eq!(bs.level, VerdictLevel::Error, "{t}");
    use base64::Engine as _;
    let hex = e["hex_key"].as_str().unwrap();
    let raw: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let as_b64 = base64::engine::general_purpose::STANDARD.encode(raw);
    // The key in Base64 is a secret: named only when asked for (show_secrets).
    assert!(t.contains("hex") && !t.contains(&as_b64), "{t}");
    let t_shown = texts(verdict(
        &shown,
        "Secret lr-prod/lightrun-backend, encryption keys",
    ));
    // Shown, the key in Base64 is the problem's secret (the page blurs it until Show), and
    // still not in its text, which is printed as it is.
    assert!(t_shown.contains("hex") && !t_shown.contains(&as_b64), "{t_shown}");
    let hex_problem = verdict(&shown, "Secret lr-prod/lightrun-backend, encryption keys")
        .problems
        .iter()
        .find(|p| p.text.contains("this is hex"))
        .expect("the hex key's problem");
    assert_eq!(
        hex_problem.secret.as_ref().and_then(|s| s.value.as_deref()),
        Some(as_b64.as_str())
    );
    assert!(t.contains("gaps: encryption-key-1 missing"), "{t}");
    assert!(
        !t.contains("encryption-key-2:"),
        "the good key is not blamed: {t}"
    );

    // Every setting of the checklist is there once, in order.
    let settings: Vec<&str> = r.verdicts.iter().map(|v| v.setting.as_str()).collect();
    assert_eq!(settings.first(), Some(&"certificate.tls.crt"));
    assert_eq!(
        r.summary.errors,
        r.verdicts
            .iter()
            .filter(|v| v.level == VerdictLevel::Error)
            .count()
    );
}

#[test]
fn wrapped_value_wrong_key_and_uncovered_endpoint() {
    let e = exp();
    let r = run(&["values-wrapped.yaml"]);
    let crt = verdict(&r, "certificate.tls.crt");
    assert_eq!(crt.level, VerdictLevel::Error);
    assert!(
        crt.summary.contains("wrapped over") && crt.summary.contains("one line"),
        "{}",
        crt.summary
    );
    // The wrapped chain is still read: in order, with its root (a private one, which the
    // endpoint's clients reject until it is declared trusted).
    assert_eq!(crt.problems.len(), 2, "{}", texts(crt));
    assert_private_root(crt);
    assert_eq!(e["key_match"]["leaf_other"], false);
    let key = verdict(&r, "certificate.tls.key");
    assert_eq!(key.level, VerdictLevel::Error);
    assert!(
        key.summary.contains(e["other_pin"].as_str().unwrap()),
        "{}",
        key.summary
    );
    assert!(
        key.summary.contains(e["leaf_pin"].as_str().unwrap()),
        "{}",
        key.summary
    );
    assert_eq!(e["checkhost"]["leaf:app.other.test"], false);
    let ep = verdict(&r, "general.lightrun_endpoint");
    assert_eq!(ep.level, VerdictLevel::Error);
    assert!(
        ep.summary.starts_with("app.other.test is not covered"),
        "{}",
        ep.summary
    );
}

#[test]
fn existing_cert_secret_is_checked_and_an_absent_one_is_not_checked() {
    let e = exp();
    let r = run(&["values-existing.yaml", "secret-old-tls.yaml"]);
    let ex = verdict(&r, "certificate.existing_cert");
    assert!(e["verify_expired"].as_str().unwrap().contains("expired"));
    assert_eq!(ex.level, VerdictLevel::Error);
    let date = &e["expired_not_after"].as_str().unwrap()[..10];
    assert!(
        ex.summary.contains(&format!("expired on {date}")),
        "{}",
        ex.summary
    );
    assert_eq!(e["checkhost"]["expired:old.doctor.test"], true);
    // The expired certificate still covers the endpoint, and its pin is the list's.
    assert_eq!(
        verdict(&r, "general.lightrun_endpoint").level,
        VerdictLevel::Ok
    );
    assert_eq!(
        verdict(&r, "certificate.security_pinned_hashes").level,
        VerdictLevel::Ok
    );
    let ca = verdict(&r, "secrets.customCa.existingCaSecret");
    assert_eq!(ca.level, VerdictLevel::NotChecked);
    assert!(ca.summary.contains("lightrun-ldap-ca"));

    let r = run(&["values-absent.yaml"]);
    let ex = verdict(&r, "certificate.existing_cert");
    assert_eq!(ex.level, VerdictLevel::NotChecked);
    assert!(
        ex.summary
            .contains("Secret lightrun-tls must exist in namespace lr-prod"),
        "{}",
        ex.summary
    );
    assert_eq!(
        verdict(&r, "general.lightrun_endpoint").level,
        VerdictLevel::NotChecked
    );
    let be = verdict(&r, "general.deploy_secrets.existing_secrets.backend");
    assert_eq!(be.level, VerdictLevel::NotChecked);
    assert!(be.summary.contains("lr-backend-secret"));
    // Nothing is an error: not checked is not passed, and not failed either.
    assert!(!r.has_errors(), "{:?}", r.verdicts);
    assert_eq!(r.summary.ok, 0);
}

#[test]
fn a_correct_values_file_passes() {
    let e = exp();
    let r = run(&["values-good.yaml"]);
    assert!(!r.has_errors(), "{:#?}", r.verdicts);
    // Everything is right but the trust in the private root, which only the clients can give:
    // said as such, not "fine" (`doctor_clients.rs` declares it and passes).
    for v in &r.verdicts {
        let want = if v.setting == "certificate.tls.crt" {
            VerdictLevel::Warning
        } else {
            VerdictLevel::Ok
        };
        assert_eq!(v.level, want, "{}: {}", v.setting, texts(v));
    }
    let crt = verdict(&r, "certificate.tls.crt");
    assert_eq!(crt.problems.len(), 1, "{}", texts(crt));
    assert_private_root(crt);
    let settings: Vec<&str> = r.verdicts.iter().map(|v| v.setting.as_str()).collect();
    assert_eq!(
        settings,
        [
            "certificate.tls.crt",
            "certificate.tls.key",
            "certificate.tls.crt (served pin)",
            "secrets.defaults.keystore_password",
            "general.lightrun_endpoint",
            "certificate.security_pinned_hashes",
            "certificate.security_pinned_hashes (next renewal)",
            "secrets.keysEncryption.userEncryptionKey"
        ]
    );
    let pins = verdict(&r, "certificate.security_pinned_hashes");
    assert!(pins.notes[0].contains("entry 1 pins the served certificate"));
    // One pin, the served one: it survives only a same-key renewal, and the verdict says so.
    let next = verdict(&r, "certificate.security_pinned_hashes (next renewal)");
    assert_eq!(next.level, certlens_core::VerdictLevel::Ok);
    assert!(next.summary.contains("only the served key's pin (entry 1) is listed"), "{}", next.summary);
    assert!(next.summary.contains("or pin the next key ahead first (make the next key now and list its pin beside the current one)"), "{}", next.summary);
    assert_eq!(next.notes.len(), 1, "{:?}", next.notes);
    let served_head = e["leaf_pin"].as_str().unwrap()[..16].to_ascii_uppercase();
    assert!(next.notes[0].starts_with(&format!("entry 1 ({served_head}…) is the served key's pin: it still matches after the renewal only if the renewal keeps the key")), "{}", next.notes[0]);
    let _ = e;
}

#[test]
fn ingresses_and_certificates_against_their_secrets() {
    let e = exp();
    let ch = &e["checkhost"];
    let r = run(&["ingress.yaml", "ingress-secrets.yaml"]);
    assert_eq!(r.modes, ["manifests"]);
    assert_eq!(ch["leaf:x.apps.doctor.test"], true);
    assert_eq!(
        verdict(&r, "Ingress web/lightrun, spec.tls[0]").level,
        VerdictLevel::Ok
    );
    let t1 = verdict(&r, "Ingress web/lightrun, spec.tls[1]");
    let t = texts(t1);
    assert_eq!(ch["leaf:api.doctor.test"], false);
    assert!(t.contains("does not cover api.doctor.test"), "{t}");
    assert!(t.contains("does not match the certificate"), "{t}");
    let t2 = verdict(&r, "Ingress web/lightrun, spec.tls[2]");
    assert_eq!(t2.level, VerdictLevel::Error);
    assert!(t2.summary.contains(&format!(
        "expired on {}",
        &e["expired_not_after"].as_str().unwrap()[..10]
    )));
    let t3 = verdict(&r, "Ingress web/lightrun, spec.tls[3]");
    assert_eq!(t3.level, VerdictLevel::NotChecked);
    assert!(t3
        .summary
        .contains("missing-tls must exist in namespace web"));
    assert_eq!(ch["leaf:www.doctor.test"], false);
    let c = verdict(&r, "Certificate web/web (cert-manager)");
    assert_eq!(c.level, VerdictLevel::Error);
    assert!(
        c.summary.contains("does not cover www.doctor.test"),
        "{}",
        c.summary
    );
    let text = common::fixture_text("doctor/ingress.yaml");
    let kind = text.lines().position(|l| l == "kind: Certificate").unwrap();
    let line = text
        .lines()
        .enumerate()
        .skip(kind)
        .find(|(_, l)| l.contains("secretName: web-tls"))
        .unwrap()
        .0
        + 1;
    assert_eq!(c.line, Some(line));

    // The same Secrets in another namespace are not used.
    let secrets = common::fixture_text("doctor/ingress-secrets.yaml")
        .replace("namespace: web", "namespace: other");
    let inputs = [
        Input::new("ingress.yaml", common::fixture("doctor/ingress.yaml")),
        Input::new("s.yaml", secrets.into_bytes()),
    ];
    let r = doctor(&inputs, &DoctorOptions::at(common::now()));
    let t0 = verdict(&r, "Ingress web/lightrun, spec.tls[0]");
    assert_eq!(t0.level, VerdictLevel::Error);
    assert!(
        t0.summary.contains("was given in namespace other"),
        "{}",
        t0.summary
    );
}

#[test]
fn nothing_to_check_and_unreadable_inputs_are_errors() {
    let r = doctor(
        &[Input::new("x.pem", common::fixture("doctor/leaf.pem"))],
        &DoctorOptions::at(common::now()),
    );
    assert!(r.has_errors());
    assert!(
        r.errors[0].starts_with("nothing to check"),
        "{:?}",
        r.errors
    );
    assert!(r.unused[0].starts_with("x.pem: not YAML"), "{:?}", r.unused);
    let r = doctor(
        &[Input::new("v.yaml", "certificate:\n  tls: [unclosed\n")],
        &DoctorOptions::at(common::now()),
    );
    assert!(
        r.errors
            .iter()
            .any(|e| e.starts_with("v.yaml: looks like YAML")),
        "{:?}",
        r.errors
    );
}

#[test]
fn a_run_of_many_settings_is_bounded_as_a_whole() {
    // Forty Ingress tls entries all naming the same Secret: every pool draws on one run budget
    // (here the bytes of four pools), the rest are "not checked", never silently passed.
    let secret = common::fixture_text("doctor/ingress-secrets.yaml");
    let first = secret.split("---").nth(1).unwrap();
    let mut ingress = String::from(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: many\n  namespace: web\nspec:\n  tls:\n",
    );
    for _ in 0..40 {
        ingress.push_str("  - hosts: [lightrun.doctor.test]\n    secretName: web-tls\n");
    }
    let inputs = [
        Input::new("i.yaml", ingress.into_bytes()),
        Input::new("s.yaml", first.as_bytes().to_vec()),
    ];
    let mut opts = DoctorOptions::at(common::now());
    let one_pool: usize = 1_600; // leaf + intermediate PEM and an EC key: about 1.5 KB
    opts.limits.max_total_bytes = 4 * one_pool;
    let r = doctor(&inputs, &opts);
    assert_eq!(r.verdicts.len(), 40);
    let ok = r
        .verdicts
        .iter()
        .filter(|v| v.level == VerdictLevel::Ok)
        .count();
    let not_checked: Vec<&Verdict> = r
        .verdicts
        .iter()
        .filter(|v| v.level == VerdictLevel::NotChecked)
        .collect();
    assert!((1..=4).contains(&ok), "{ok} pools fit");
    assert_eq!(ok + not_checked.len(), 40);
    assert!(
        not_checked[0].summary.contains("this run's limit"),
        "{}",
        not_checked[0].summary
    );
}

#[test]
fn secrets_may_come_as_a_list() {
    // The Secrets as `kubectl get secrets -n lr-prod -o yaml` gives them (a List): the same
    // verdicts as with the Secret manifests.
    let e = exp();
    let secrets = common::fixture_text("doctor/secrets.yaml");
    let mut list = String::from("apiVersion: v1\nitems:\n");
    for doc in secrets.split("---\n").filter(|d| !d.trim().is_empty()) {
        for (i, line) in doc.lines().enumerate() {
            list.push_str(if i == 0 { "- " } else { "  " });
            list.push_str(line);
            list.push('\n');
        }
    }
    list.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lr-prod".into();
    let as_list = doctor(
        &[
            Input::new("values.yaml", common::fixture("doctor/values.yaml")),
            Input::new("secrets.yaml", list.into_bytes()),
        ],
        &opts,
    );
    let as_docs = run(&["values.yaml", "secrets.yaml"]);
    assert_eq!(as_list.verdicts, as_docs.verdicts);
    assert!(as_list.errors.is_empty(), "{:?}", as_list.errors);
    assert_eq!(e["verify_internal"]["frontend"], "OK");
    assert_eq!(
        verdict(&as_list, &format!("{ITLS}.frontend")).level,
        VerdictLevel::Ok
    );
}

/// A values.yaml whose `certificate.tls` holds `crt` files (concatenated) and `key`, built from
/// the strict-client fixtures (`strict/`), checked at `at`.
fn values_of(crt: &[&str], key: Option<&str>, at: i64) -> DoctorReport {
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let pem: Vec<u8> = crt
        .iter()
        .flat_map(|f| common::fixture(&format!("strict/{f}")))
        .collect();
    let mut text = format!("certificate:\n  tls:\n    crt: {}\n", b64(&pem));
    if let Some(k) = key {
        text += &format!(
            "    key: {}\n",
            b64(&common::fixture(&format!("strict/{k}")))
        );
    }
    let opts = DoctorOptions::at(at);
    doctor(&[Input::new("values.yaml", text.into_bytes())], &opts)
}

fn strict_exp() -> Value {
    serde_json::from_slice(&common::fixture("strict/expected.json")).unwrap()
}

fn unix(rfc3339: &str) -> i64 {
    certlens_core::timefmt::parse_rfc3339(rfc3339).expect("a date")
}

/// The leaf with intermediate B (which did not issue it): openssl fails with error 20, and the
/// verdict names the issuer that is missing (openssl's `-issuer`), its key identifier and the
/// caIssuers URL the leaf carries, where the fix says to get it.
#[test]
fn a_missing_intermediate_is_named_with_where_to_get_it() {
    let e = strict_exp();
    assert_eq!(e["openssl_verify"]["missing_middle"], "20");
    let r = values_of(
        &["leaf.pem", "int-b.pem"],
        Some("leaf.key"),
        unix("2026-07-01T00:00:00Z"),
    );
    let crt = verdict(&r, "certificate.tls.crt");
    assert_eq!(crt.level, VerdictLevel::Error, "{}", texts(crt));
    let p = crt
        .problems
        .iter()
        .find(|p| p.text.contains("the chain is incomplete"))
        .unwrap_or_else(|| panic!("{}", texts(crt)));
    assert!(
        p.text.contains(e["leaf_issuer"].as_str().unwrap()),
        "{}",
        p.text
    );
    let fix = p.fix.as_deref().unwrap();
    assert!(
        fix.contains(e["leaf_ca_issuers"].as_str().unwrap()),
        "{fix}"
    );
    assert!(fix.contains(e["leaf_aki"].as_str().unwrap()), "{fix}");
}

/// Amazon's real chain without its root: openssl verifies it against Debian's bundle; the
/// verdict asks for the root the vendor's procedure wants and names it (Amazon Root CA 1, a
/// public root), as a warning, not an error.
#[test]
fn a_public_chain_without_its_root_names_the_root_to_append() {
    let e = strict_exp();
    assert_eq!(e["amazon_verify"]["chain"], "ok");
    let at = unix(e["amazon_verify"]["at"].as_str().unwrap());
    let r = values_of(&["public-amazon.pem"], None, at);
    let crt = verdict(&r, "certificate.tls.crt");
    assert_eq!(crt.level, VerdictLevel::Warning, "{}", texts(crt));
    let p = crt
        .problems
        .iter()
        .find(|p| p.text.contains("ends without its root"))
        .unwrap_or_else(|| panic!("{}", texts(crt)));
    assert!(
        p.text.contains("Amazon Root CA 1 (a public root)"),
        "{}",
        p.text
    );
    assert!(p.fix.as_deref().unwrap().contains("Amazon Root CA 1"));
}

/// The strict fixtures' leaf and intermediate A without their private root: the issuer of A is
/// neither given nor public, and the verdict says which certificate to append.
#[test]
fn a_private_chain_without_its_root_names_the_missing_root() {
    let r = values_of(
        &["leaf.pem", "int-a.pem"],
        Some("leaf.key"),
        unix("2026-07-01T00:00:00Z"),
    );
    let crt = verdict(&r, "certificate.tls.crt");
    let p = crt
        .problems
        .iter()
        .find(|p| p.text.contains("neither given nor a public root"))
        .unwrap_or_else(|| panic!("{}", texts(crt)));
    assert!(p.text.contains("certlens Strict Root CA"), "{}", p.text);
}

/// No namespace given: the Secrets (`namespace: lr-prod` in every one) say where the release
/// is, and the checklist is the one for lr-prod. A namespace given is used as given, and the
/// Secrets of another namespace are then reported as such.
#[test]
fn the_namespace_comes_from_the_secrets_unless_given() {
    let inputs: Vec<Input> = ["values.yaml", "secrets.yaml"]
        .iter()
        .map(|f| Input::new(*f, common::fixture(&format!("doctor/{f}"))))
        .collect();
    let inferred = doctor(&inputs, &DoctorOptions::at(common::now()));
    assert_eq!(inferred.namespace, exp()["namespace"].as_str().unwrap());
    assert!(inferred.namespace_inferred);
    let given = run(&["values.yaml", "secrets.yaml"]);
    assert!(!given.namespace_inferred || given.namespace == inferred.namespace);
    assert_eq!(inferred.summary, given.summary);

    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lightrun".into();
    opts.namespace_given = true;
    let other = doctor(&inputs, &opts);
    assert!(!other.namespace_inferred);
    assert_eq!(other.namespace, "lightrun");
    assert!(other
        .verdicts
        .iter()
        .flat_map(|v| &v.problems)
        .any(|p| p.text.contains("was given in namespace lr-prod")));
}

/// The same Secrets read as a pool (the page's other panels): the backend's encryption keys
/// are not certificate material gone wrong, and a key without its certificate is named with
/// its Secret.
#[test]
fn secrets_read_as_a_pool_leave_encryption_keys_to_the_doctor() {
    let r = certlens_core::inspect(
        &[Input::new(
            "secrets.yaml",
            common::fixture("doctor/secrets.yaml"),
        )],
        &certlens_core::Options::at(common::now()),
    );
    assert!(
        !r.errors
            .iter()
            .any(|e| e.message.contains("encryption-key")),
        "{:?}",
        r.errors
    );
    let lone = r
        .findings
        .iter()
        .find(|f| f.code == certlens_core::FindingCode::KeyMatchesNoCertificate)
        .expect("data_streamer's key matches no certificate");
    assert!(
        lone.message.contains("Secret lightrun-data-streamer-tls"),
        "{}",
        lone.message
    );
}

/// A pin entry that YAML reads as a number is kept as written, by the doctor and by the
/// pipeline alike (one reader): 64 decimal digits are a float to YAML (and a well-formed hex
/// pin), 12345 an integer (and no pin). Neither is dropped, neither becomes an empty entry.
#[test]
fn pin_entries_that_yaml_reads_as_numbers_are_kept() {
    let e = exp();
    let leaf_pin = e["leaf_pin"].as_str().unwrap().to_ascii_uppercase();
    let digits = "1234567890".repeat(7);
    let digits = &digits[..64];
    let text = common::fixture_text("doctor/values-good.yaml").replacen(
        &format!("    - {leaf_pin}\n"),
        &format!("    - {leaf_pin}\n    - 12345\n    - {digits}\n"),
        1,
    );
    assert!(text.contains("- 12345\n"), "the fixture's pin list moved");
    let input = Input::new("values.yaml", text.into_bytes());

    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lr-prod".to_string();
    let r = doctor(std::slice::from_ref(&input), &opts);
    let pins = verdict(&r, "certificate.security_pinned_hashes");
    let all = texts(pins);
    assert!(
        all.contains("entry 2 (12345) is not 64 hex characters"),
        "{all}"
    );
    assert!(
        all.contains(&format!(
            "entry 3 ({}…) matches nothing given",
            &digits[..16]
        )),
        "{all}"
    );
    assert!(!all.contains("entry 3 ()"), "{all}");
    assert!(pins.notes[0].contains("entry 1 pins the served certificate"));
    // After the next renewal: the served pin with a same-key renewal; the unknown pin named as
    // either a next key pinned ahead or stale; the malformed entry 2 gets no line.
    let next = verdict(&r, "certificate.security_pinned_hashes (next renewal)");
    assert_eq!(next.notes.len(), 2, "{:?}", next.notes);
    assert!(next.notes[0].starts_with("entry 1 ("), "{}", next.notes[0]);
    assert!(next.notes[0].contains("is the served key's pin"), "{}", next.notes[0]);
    assert_eq!(
        next.notes[1],
        format!(
            "entry 3 ({}…) matches nothing given: if it is a next key pinned ahead, it matches once that key is served; otherwise it is stale (an old key or a typo) and matches neither now nor after the renewal",
            &digits[..16]
        )
    );

    let report = certlens_core::inspect(&[input], &certlens_core::Options::at(common::now()));
    assert_eq!(report.pinned_hashes.len(), 1);
    assert_eq!(
        report.pinned_hashes[0].pins,
        vec![leaf_pin, "12345".to_string(), digits.to_string()]
    );
}

/// `encryption-key-4000000000` beside `encryption-key-0`: the doctor names the first missing
/// numbers and says more are missing, without walking four billion of them.
#[test]
fn encryption_key_gaps_are_bounded() {
    let keys: Value = serde_json::from_str(&common::fixture_text("enckeys/expected.json")).unwrap();
    let (k0, k1) = (
        keys["encryption-key-0"].as_str().unwrap(),
        keys["encryption-key-1"].as_str().unwrap(),
    );
    let secret = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: lightrun-backend\n  namespace: lr-prod\nstringData:\n  encryption-key-0: \"{k0}\"\n  encryption-key-4000000000: \"{k1}\"\n"
    );
    let inputs = [
        Input::new("values.yaml", common::fixture("doctor/values-good.yaml")),
        Input::new("backend.yaml", secret.into_bytes()),
    ];
    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lr-prod".to_string();
    let r = doctor(&inputs, &opts);
    let v = r
        .verdicts
        .iter()
        .find(|v| v.setting.ends_with(", encryption keys"))
        .unwrap_or_else(|| panic!("{:?}", r.verdicts));
    let listed: Vec<String> = (1..=32).map(|n| format!("encryption-key-{n}")).collect();
    let all = texts(v);
    assert!(
        all.contains(&format!(
            "the numbering has gaps: {}, … missing",
            listed.join(", ")
        )),
        "{all}"
    );
    assert!(
        all.contains("encryption-key-4000000000 encrypts")
            || v.notes
                .iter()
                .any(|n| n.contains("encryption-key-4000000000 encrypts"))
    );
}

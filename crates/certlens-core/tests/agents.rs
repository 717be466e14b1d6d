//! The agents' side: the doctor on `lightrun-agents` values and agent Secrets beside the
//! server's values, and the agents' outputs. Fixtures by `tests/fixtures/agents/generate.sh`;
//! every pin and host coverage expected is openssl's (`agents/expected.json`).

mod common;

use certlens_core::output::{agents, AgentsOptions, SecretText, KEY_TO_FILL};
use certlens_core::{
    deployment_kinds, doctor, inspect, is_agents_verdict, DoctorOptions, DoctorReport, Input,
    Options, Verdict, VerdictLevel,
};
use serde_json::Value;

fn exp() -> Value {
    serde_json::from_slice(&common::fixture("agents/expected.json")).unwrap()
}

fn served_pin() -> String {
    exp()["served_pin"].as_str().unwrap().to_string()
}

fn input(f: &str) -> Input {
    Input::new(f, common::fixture(f))
}

fn run_inputs(inputs: &[Input]) -> DoctorReport {
    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lr-prod".to_string();
    opts.namespace_given = true;
    doctor(inputs, &opts)
}

fn run(files: &[&str]) -> DoctorReport {
    run_inputs(&files.iter().map(|f| input(f)).collect::<Vec<_>>())
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
    let mut t = vec![v.summary.clone()];
    for p in &v.problems {
        t.push(p.text.clone());
        t.extend(p.fix.clone());
    }
    t.extend(v.notes.clone());
    t.join("\n")
}

const SERVER: &str = "doctor/values-good.yaml";

#[test]
fn agents_values_are_sniffed_by_shape() {
    let k = deployment_kinds(&[input("agents/good.yaml")]);
    assert!(k.agents && !k.values && k.doctor());
    let k = deployment_kinds(&[input(SERVER)]);
    assert!(!k.agents && k.values);
    // Named like a values file, shaped like agents values: the shape decides.
    let k = deployment_kinds(&[Input::new("values.yaml", "javaAgents:\n  - name: a\n")]);
    assert!(k.agents && !k.values);
}

#[test]
fn a_correct_agents_file_and_secret_pass() {
    let r = run(&[SERVER, "agents/good.yaml", "agents/agent-secret.yaml"]);
    assert!(r.modes.contains(&"agents".to_string()), "{:?}", r.modes);
    let pin = served_pin();
    for s in [
        "javaAgents[0] (svc-a).agentPoolCredentials",
        "javaAgents[0] (svc-a).serverHostname",
        "javaAgents[1] (svc-b).agentPoolCredentials",
        "javaAgents[1] (svc-b).serverHostname",
    ] {
        let v = verdict(&r, s);
        assert_eq!(v.level, VerdictLevel::Ok, "{s}: {}", texts(v));
        assert!(is_agents_verdict(v));
        assert_eq!(v.source, "agents/good.yaml");
    }
    let a = verdict(&r, "javaAgents[0] (svc-a).agentPoolCredentials");
    assert!(texts(a).contains(&pin), "{}", texts(a));
    assert_eq!(a.line, Some(14), "the line of svc-a's pinnedCertHash");
    assert_eq!(
        verdict(&r, "javaAgents[0] (svc-a).serverHostname").line,
        Some(8)
    );
    // svc-b's pin is read from its Secret.
    let b = verdict(&r, "javaAgents[1] (svc-b).agentPoolCredentials");
    assert!(
        texts(b).contains("Secret agent-b-secret, pinned_cert_hash pins"),
        "{}",
        texts(b)
    );
    // The Secret named by an agent gets no verdict of its own.
    assert!(!r
        .verdicts
        .iter()
        .any(|v| v.setting.starts_with("agent Secret")));
    // The server's verdicts are not the agents'.
    assert!(!is_agents_verdict(verdict(&r, "certificate.tls.crt")));
}

#[test]
fn a_wrong_pin_is_an_error_with_the_served_pin_as_fix() {
    let r = run(&[SERVER, "agents/wrong-pin.yaml"]);
    let v = verdict(&r, "javaAgents[0] (svc-wrong).agentPoolCredentials");
    assert_eq!(v.level, VerdictLevel::Error);
    assert_eq!(
        v.problems.len(),
        1,
        "one problem, one verdict: {}",
        texts(v)
    );
    let other = exp()["other_pin"].as_str().unwrap().to_string();
    assert!(v.summary.contains(&other[..16]), "{}", v.summary);
    assert!(
        v.summary.contains("CN=lightrun.doctor.test"),
        "{}",
        v.summary
    );
    let fix = v.problems[0].fix.clone().unwrap();
    assert!(
        fix.starts_with(&format!("set it to {}", served_pin())),
        "{fix}"
    );
    assert!(r.has_errors());
}

#[test]
fn an_uppercase_or_short_pin_is_an_error() {
    let r = run(&[SERVER, "agents/bad-form.yaml"]);
    let pin = served_pin();
    let up = verdict(&r, "javaAgents[0] (svc-upper).agentPoolCredentials");
    assert_eq!(up.level, VerdictLevel::Error);
    assert!(up.summary.contains("upper case"), "{}", up.summary);
    assert_eq!(
        up.problems[0].fix.as_deref(),
        Some(&*format!("write it as {pin}"))
    );
    // Apart from its case it is the served pin: no second problem.
    assert_eq!(up.problems.len(), 1, "{}", texts(up));
    let short = verdict(&r, "javaAgents[1] (svc-short).agentPoolCredentials");
    assert_eq!(short.level, VerdictLevel::Error);
    assert!(
        short.summary.contains("40 hex characters, not 64"),
        "{}",
        short.summary
    );
}

#[test]
fn server_hostname_coverage_is_openssls() {
    let r = run(&[SERVER, "agents/hosts.yaml"]);
    let covers = exp()["covers"].as_object().unwrap().clone();
    assert_eq!(covers.len(), 4);
    // In the order generate.sh writes the agents svc-h0..3.
    let hosts = [
        "lightrun.doctor.test",
        "x.apps.doctor.test",
        "a.b.apps.doctor.test",
        "other.doctor.test",
    ];
    for (i, host) in hosts.iter().enumerate() {
        let want = &covers[*host];
        let v = verdict(&r, &format!("javaAgents[{i}] (svc-h{i}).serverHostname"));
        let want = want.as_bool().unwrap();
        assert_eq!(v.level == VerdictLevel::Ok, want, "{host}: {}", texts(v));
        if !want {
            assert!(
                v.summary.contains(&format!("does not cover {host}")),
                "{}",
                v.summary
            );
            assert!(
                v.summary
                    .contains("lightrun.doctor.test, *.apps.doctor.test"),
                "{}",
                v.summary
            );
        }
    }
}

#[test]
fn a_rotation_says_which_certificate_the_agents_meet() {
    let old = exp()["old_pin"].as_str().unwrap().to_string();
    // The agents still pin the old certificate; the values serve the new one.
    let r = run(&[SERVER, "doctor/secret-old-tls.yaml", "agents/old-pin.yaml"]);
    let v = verdict(&r, "javaAgents[0] (svc-old).agentPoolCredentials");
    assert_eq!(v.level, VerdictLevel::Error);
    assert!(
        v.summary.contains(
            "pins the old certificate CN=old.doctor.test (Secret lightrun-old-tls, tls.crt)"
        ),
        "{}",
        v.summary
    );
    assert!(
        v.summary
            .contains("the server serves CN=lightrun.doctor.test"),
        "{}",
        v.summary
    );
    let fix = v.problems[0].fix.clone().unwrap();
    assert!(
        fix.contains(&served_pin()) && fix.contains("holds one pin"),
        "{fix}"
    );
    assert!(!fix.contains(&old));
    // Agents already on the new pin: fine, with the order of the switch as a note.
    let r = run(&[
        SERVER,
        "doctor/secret-old-tls.yaml",
        "agents/good.yaml",
        "agents/agent-secret.yaml",
    ]);
    let v = verdict(&r, "javaAgents[0] (svc-a).agentPoolCredentials");
    assert_eq!(v.level, VerdictLevel::Ok);
    assert!(
        texts(v).contains("rotation: the agents already pin the new certificate"),
        "{}",
        texts(v)
    );
    // The internal services' TLS Secrets are no predecessor of the served certificate.
    let r = run(&[
        SERVER,
        "doctor/secrets.yaml",
        "agents/good.yaml",
        "agents/agent-secret.yaml",
    ]);
    let v = verdict(&r, "javaAgents[0] (svc-a).agentPoolCredentials");
    assert_eq!(v.level, VerdictLevel::Ok);
    assert!(!texts(v).contains("rotation"), "{}", texts(v));
    // Without the server material the old pin cannot be judged: not checked, never ok.
    let r = run(&["agents/old-pin.yaml"]);
    let v = verdict(&r, "javaAgents[0] (svc-old).agentPoolCredentials");
    assert_eq!(v.level, VerdictLevel::NotChecked);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn an_agent_secret_alone_is_checked() {
    let r = run(&[SERVER, "agents/agent-secret-upper.yaml"]);
    let v = verdict(&r, "agent Secret apps/agent-c-secret");
    assert_eq!(v.level, VerdictLevel::Error);
    assert!(v.summary.contains("upper case"), "{}", v.summary);
    assert!(is_agents_verdict(v));
}

fn server_chain() -> certlens_core::Report {
    inspect(
        &[input("doctor/full-chain.crt")],
        &Options::at(common::now()),
    )
}

#[test]
fn the_outputs_carry_openssls_pin_and_pass_the_doctor() {
    let mut o = AgentsOptions::new("lightrun.doctor.test");
    o.agents = vec!["svc-a".into(), "svc-b".into()];
    o.namespace = Some("apps".into());
    o.lightrun_key = Some(SecretText::new(
        "00000000-1111-2222-3333-444444444444".into(),
    ));
    let a = agents(&server_chain(), &o).unwrap();
    assert_eq!(a.pin, served_pin());
    assert!(
        a.host_covered && a.key_given && a.warnings.is_empty(),
        "{:?}",
        a.warnings
    );
    assert!(a
        .values_yaml
        .contains(&format!("pinnedCertHash: {}", served_pin())));
    assert_eq!(a.secret_yaml.matches("kind: Secret").count(), 2);
    assert!(a.secret_yaml.contains("name: svc-b-secret"));
    assert!(a
        .existing_values_yaml
        .contains("existingSecret: svc-a-secret"));
    // Both forms, fed back to the doctor beside the server's values: every agent verdict ok.
    for files in [
        vec![Input::new("agents-values.yaml", a.values_yaml.as_str())],
        vec![
            Input::new("agents-existing.yaml", a.existing_values_yaml.as_str()),
            Input::new("agent-secrets.yaml", a.secret_yaml.as_str()),
        ],
    ] {
        let mut inputs = vec![input(SERVER)];
        inputs.extend(files);
        let r = run_inputs(&inputs);
        let ours: Vec<&Verdict> = r.verdicts.iter().filter(|v| is_agents_verdict(v)).collect();
        assert_eq!(ours.len(), 4);
        for v in ours {
            assert_eq!(v.level, VerdictLevel::Ok, "{}: {}", v.setting, texts(v));
        }
    }
}

#[test]
fn without_a_key_or_a_covered_host_the_output_says_so() {
    let a = agents(
        &server_chain(),
        &AgentsOptions::new("other.doctor.test:443"),
    )
    .unwrap();
    assert!(!a.key_given && !a.host_covered);
    assert!(a.values_yaml.contains(&format!("apiKey: {KEY_TO_FILL}")));
    assert!(a
        .secret_yaml
        .contains(&format!("lightrun_key: {KEY_TO_FILL}")));
    assert_eq!(a.warnings.len(), 2, "{:?}", a.warnings);
    assert!(a.warnings[0].contains("does not cover other.doctor.test"));
    assert!(a.warnings[1].contains("no lightrun_key given"));
    assert_eq!(a.agents, ["lightrun-agent"]);
    assert!(agents(
        &server_chain(),
        &AgentsOptions::new("https://lightrun.doctor.test")
    )
    .is_err());
}

#[test]
fn a_tls_crt_that_does_not_start_with_the_leaf_is_named() {
    // The served values' tls.crt starts with the intermediate: the backend advertises its pin.
    let r = run(&[
        "agents/server-ca-first.yaml",
        "agents/good.yaml",
        "agents/agent-secret.yaml",
    ]);
    let ca_first = exp()["ca_first_pin"].as_str().unwrap().to_string();
    for s in [
        "javaAgents[0] (svc-a).agentPoolCredentials",
        "javaAgents[1] (svc-b).agentPoolCredentials",
    ] {
        let v = verdict(&r, s);
        assert_eq!(v.level, VerdictLevel::Error, "{s}");
        assert_eq!(v.problems.len(), 1, "{}", texts(v));
        assert!(v.summary.contains(&ca_first), "{}", v.summary);
        assert!(
            v.summary.contains("CN=Doctor Intermediate CA"),
            "{}",
            v.summary
        );
        assert!(v.problems[0]
            .fix
            .as_deref()
            .unwrap()
            .starts_with("put the server's certificate first in tls.crt"));
    }
}

#[test]
fn an_agent_without_namespace_or_credentials_fails_the_chart() {
    let text = "javaAgents:\n  - name: lone\n    serverHostname: lightrun.doctor.test\n    agentPoolCredentials:\n      apiKey: k\n";
    let r = run_inputs(&[input(SERVER), Input::new("a.yaml", text)]);
    let ns = verdict(&r, "javaAgents[0] (lone).namespace");
    assert_eq!(ns.level, VerdictLevel::Error);
    assert_eq!(ns.line, Some(2));
    let c = verdict(&r, "javaAgents[0] (lone).agentPoolCredentials");
    assert_eq!(c.level, VerdictLevel::Error);
    assert!(c.summary.contains("(missing pinnedCertHash)"), "{}", c.summary);
}

/// The hop "agents → router (pin)" carries the agents' verdicts (checked after the values
/// files): with a wrong pin it is an error naming that setting; without agents values it is
/// not checked and asks for them.
#[test]
fn the_agents_hop_is_judged_by_the_agents_verdicts() {
    let r = run(&[SERVER, "agents/wrong-pin.yaml"]);
    let hop = r.hops.iter().find(|h| h.id == "agents").expect("an agents hop");
    let wrong = r
        .verdicts
        .iter()
        .position(|v| v.setting == "javaAgents[0] (svc-wrong).agentPoolCredentials")
        .unwrap();
    assert!(hop.verdicts.contains(&wrong), "{:?}", hop.verdicts);
    assert!(hop.verdicts.iter().all(|&i| i < r.verdicts.len()));
    assert_eq!(hop.level, VerdictLevel::Error);
    assert!(hop.summary.starts_with("javaAgents[0] (svc-wrong).agentPoolCredentials"), "{}", hop.summary);

    let alone = run(&[SERVER]);
    let hop = alone.hops.iter().find(|h| h.id == "agents").expect("an agents hop");
    assert_eq!(hop.level, VerdictLevel::NotChecked);
    assert!(hop.summary.contains("give the agents chart's values.yaml"), "{}", hop.summary);
    assert!(!alone.verdicts.iter().any(is_agents_verdict));
}

/// The values' tls.crt with certificate.existing_cert naming another Secret: the chart serves
/// the Secret (CHART-FACTS: "when existing_cert is set, the chart creates no certificate Secret
/// and uses that one"), and so does the pods' mount with deploy_secrets off. The checklist's
/// served pin and the agents' verdict both follow that one decision (`served_from`): the
/// agents pinning the Secret's certificate (openssl's `old_pin`) pass, those pinning the
/// values' tls.crt (`served_pin`) are told the Secret's pin.
#[test]
fn the_checklist_and_the_agents_agree_on_the_served_certificate() {
    let old = exp()["old_pin"].as_str().unwrap().to_string();
    let values = String::from_utf8(common::fixture(SERVER)).unwrap();
    let secret = String::from_utf8(common::fixture("doctor/secret-old-tls.yaml")).unwrap();
    let named = values.replacen(
        "certificate:\n",
        "certificate:\n  existing_cert: lightrun-old-tls\n",
        1,
    );
    assert_ne!(named, values);
    let off = values.replacen(
        "general:\n",
        "general:\n  deploy_secrets:\n    enabled: false\n",
        1,
    );
    assert_ne!(off, values);
    let cases = [
        (named, secret.clone(), "lightrun-old-tls"),
        // The chart's default name for the release `lightrun` (`<release>-certificate`).
        (
            off,
            secret.replace("name: lightrun-old-tls", "name: lightrun-certificate"),
            "lightrun-certificate",
        ),
    ];
    for (values, secret, name) in cases {
        let server = [
            Input::new("values.yaml", values.as_str()),
            Input::new("secret.yaml", secret.as_str()),
        ];
        // The checklist: the pin the backend advertises is the Secret's first certificate's.
        let mut inputs = server.to_vec();
        inputs.push(input("agents/old-pin.yaml"));
        let r = run_inputs(&inputs);
        let pin = verdict(&r, &format!("Secret {name}, tls.crt (served pin)"));
        assert!(
            pin.summary
                .starts_with(&format!("the backend advertises pin {old}")),
            "{name}: {}",
            pin.summary
        );
        // The agents: the same certificate.
        let v = verdict(&r, "javaAgents[0] (svc-old).agentPoolCredentials");
        assert_eq!(v.level, VerdictLevel::Ok, "{name}: {}", texts(v));
        assert!(
            texts(v).contains(&format!("Secret {name}, tls.crt")),
            "{}",
            texts(v)
        );
        let mut inputs = server.to_vec();
        inputs.push(input("agents/good.yaml"));
        inputs.push(input("agents/agent-secret.yaml"));
        let r = run_inputs(&inputs);
        let v = verdict(&r, "javaAgents[0] (svc-a).agentPoolCredentials");
        assert_eq!(v.level, VerdictLevel::Error, "{name}: {}", texts(v));
        let fix = v.problems[0].fix.clone().unwrap();
        assert!(
            fix.starts_with(&format!("set it to {old}")),
            "{name}: {fix}"
        );
    }
}

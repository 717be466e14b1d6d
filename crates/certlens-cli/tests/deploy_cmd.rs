//! `certlens doctor` and `certlens inventory` on the fixtures of `generate.sh --doctor-only`:
//! exit status, the checklist's text (a golden transcript, pins as placeholders), and the
//! CSV / JSON / ICS outputs.

mod common;
use common::certlens;
use common::fixture_path as fixture;

fn exp() -> serde_json::Value {
    serde_json::from_slice(&common::fixture("doctor/expected.json")).unwrap()
}

const NOW: &str = "2026-07-01T00:00:00Z";

#[test]
fn doctor_on_a_correct_values_file_exits_zero() {
    let e = exp();
    let out = certlens(&["doctor", "--now", NOW, &fixture("doctor/values-good.yaml")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout)
        .unwrap()
        .replace(e["leaf_pin"].as_str().unwrap(), "<LEAF_PIN>")
        .replace(&fixture("doctor/values-good.yaml"), "values-good.yaml");
    let want = "\
certlens doctor: release lightrun, namespace lightrun (at 2026-07-01T00:00:00Z)
1 warning · 7 ok

TLS hops (each as good as the worst setting behind it):
  [not checked] Agents → Router    the Lightrun agents (Java), by pin: pinnedCertHash must equal the pin the backend advertises
                                   presents CN=lightrun.doctor.test; anchor pin <LEAF_PIN>
                                   the agents' pinnedCertHash and serverHostname: not checked; give the agents chart's values.yaml (or the agent Secrets) beside the server's
  [warning]     Browsers → Router  browsers, Go and Java clients: the public root store or a declared root, the name general.lightrun_endpoint
                                   presents CN=lightrun.doctor.test; anchor a public root (or a root the clients are given)
                                   certificate.tls.crt: the chain ends at CN=Doctor Root CA, a private root that is not declared trusted, so Java (agents, Keycloak), Go clients and browsers reject it: the chain's root is not declared trusted (Java: \"PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\"; Go: \"x509: certificate signed by unknown authority\"; browsers: \"UnknownIssuer\")
  [no tls]      Router → Backend, Backend → Keycloak, Backend → Redis, Backend → RabbitMQ, Backend → Data streamer, Backend → Artifacts: general.internal_tls (with verification) is off: not verified inside the cluster
  [no tls]      Keycloak → Keycloak peers: general.internal_tls is off: the cluster cache runs without mutual TLS
  [no tls]      Keycloak → Custom CA: no custom CA: Keycloak trusts the JVM's public roots only

[warning] certificate.tls.crt  (values-good.yaml:7)
    warning: certificate.tls.crt: the chain ends at CN=Doctor Root CA, a private root that is not declared trusted, so Java (agents, Keycloak), Go clients and browsers reject it: the chain's root is not declared trusted (Java: \"PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\"; Go: \"x509: certificate signed by unknown authority\"; browsers: \"UnknownIssuer\")
      fix: if this private root is meant: install it in every client's trust store (the agents' and Keycloak's Java truststores, browsers) and declare it in secrets.customCa; otherwise use a certificate from a public CA
    · served certificate: CN=lightrun.doctor.test, valid until 2027-06-01, SHA-256 pin <LEAF_PIN>
[ok] certificate.tls.key  (values-good.yaml:8)
    one line of Base64 PEM, a key that matches the certificate
[ok] certificate.tls.crt (served pin)  (values-good.yaml:7)
    the backend advertises pin <LEAF_PIN>, the SPKI SHA-256 of CN=lightrun.doctor.test, the first certificate of certificate.tls.crt: the pin the agents get (their pinnedCertHash must be this)
    · the pods compute it as `openssl x509 -in tls.crt -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256`
[ok] secrets.defaults.keystore_password  (values-good.yaml)
    certificate.tls.key is unencrypted, so the backend's keystore and the router's nginx open it whatever keystore_password is
    · certificate.tls.key is not encrypted: the keystore and nginx open it whatever the password
[ok] general.lightrun_endpoint  (values-good.yaml:2)
    lightrun.doctor.test is covered by the served certificate CN=lightrun.doctor.test
    · lightrun.doctor.test is covered by CN=lightrun.doctor.test (SAN lightrun.doctor.test)
[ok] certificate.security_pinned_hashes  (values-good.yaml:4)
    1 entry, 64 hex characters each, one case; the served certificate's pin is among them
    · entry 1 pins the served certificate CN=lightrun.doctor.test
[ok] certificate.security_pinned_hashes (next renewal)  (values-good.yaml:4)
    after the next renewal: only the served key's pin (entry 1) is listed, so the renewal must keep the key (a CSR made with the current key), or pin the next key ahead first (make the next key now and list its pin beside the current one)
    · entry 1 (9A65A2681966663E…) is the served key's pin: it still matches after the renewal only if the renewal keeps the key (a CSR made with the current key); a renewal with a new key drops it
[ok] secrets.keysEncryption.userEncryptionKey  (values-good.yaml:11)
    the Base64 text of 32 bytes (44 characters), as `openssl rand -base64 32` prints
    · chart-managed key: not for production or GitOps (a user-managed backend Secret is)

8 settings: 7 ok, 1 warning(s), 0 error(s), 0 not checked
";
    assert_eq!(text, want);
}

#[test]
fn doctor_exits_one_on_any_error_and_gives_json() {
    let args = [
        "doctor",
        "--now",
        NOW,
        "--namespace",
        "lr-prod",
        "--release",
        "lightrun",
        &fixture("doctor/values.yaml"),
        &fixture("doctor/secrets.yaml"),
    ];
    let out = certlens(&args);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[error] certificate.tls.crt  ("), "{text}");
    // The summary line on top, as the page's; errors first; each fix certlens can do as the
    // command that does it.
    assert!(
        text.starts_with("certlens doctor: release lightrun, namespace lr-prod (at 2026-07-01T00:00:00Z)\n11 errors · 1 warning · 7 ok · 1 not checked\n\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "      fix: put the chain in order: the server certificate first, then the CA that issued it, then the root\n      run: certlens chain FILES --out full-chain.crt\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "      run: certlens new internal-tls --release lightrun --namespace lr-prod --main-host lightrun.doctor.test --dir internal-tls\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("      run: certlens custom-ca --release lightrun --namespace lr-prod ca.crt\n"),
        "{text}"
    );
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('['))
        .skip_while(|l| !l.starts_with("[error] certificate.tls.crt  ("))
        .map(|l| l.split(']').next().unwrap_or(""))
        .collect();
    let mut want = vec!["[error"; 11];
    want.push("[warning");
    want.extend(["[ok"; 7]);
    want.push("[not checked");
    assert_eq!(rows, want, "{text}");
    assert!(
        text.contains(
            "[not checked] general.internal_tls.certificates.existing_certificates.redis"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("\n20 settings: 7 ok, 1 warning(s), 11 error(s), 1 not checked\n"),
        "{text}"
    );

    let mut json_args = args.to_vec();
    json_args.insert(1, "--json");
    let out = certlens(&json_args);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["release"], "lightrun");
    assert_eq!(v["namespace"], "lr-prod");
    assert_eq!(v["modes"][0], "values");
    let crt = v["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["setting"] == "certificate.tls.crt")
        .unwrap();
    assert_eq!(crt["level"], "error");
    assert!(crt["problems"][0]["fix"]
        .as_str()
        .unwrap()
        .starts_with("put the chain in order"));
    assert_eq!(v["summary"]["not_checked"], 1);

    // Only not-checked verdicts: exit 0 (nothing is known to fail).
    let out = certlens(&[
        "doctor",
        "--now",
        NOW,
        &fixture("doctor/values-absent.yaml"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A usage error: 2.
    assert_eq!(certlens(&["doctor"]).status.code(), Some(2));
}

#[test]
fn inventory_table_csv_json_ics() {
    let e = exp();
    let list = fixture("inventory/secrets-list.yaml");
    let out = certlens(&["inventory", "--now", NOW, &list]);
    // Expired and expiring certificates, and a broken Secret: exit 1.
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("EXPIRES     DAYS  NAMESPACE/NAME"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("2026-01-01  -181  lr-prod/old-tls"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "5 certificate(s) in 4 of 6 Secret(s); 2 expired or expiring within 30 days\n"
        ),
        "{text}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("certlens: kube-system/broken-tls: data.tls.key: not valid Base64"),
        "{err}"
    );

    let out = certlens(&["inventory", "--csv", "--now", NOW, &list]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("namespace,name,type,key,subject,"));
    assert!(csv.contains(e["leaf_fingerprint"].as_str().unwrap()));
    assert_eq!(csv.matches("\r\n").count(), 6);

    let out = certlens(&[
        "inventory",
        "--json",
        "--now",
        NOW,
        &fixture("inventory/secrets-list.json"),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 5);
    assert_eq!(v["rows"][0]["fingerprint_sha256"], e["expired_fingerprint"]);

    let out = certlens(&[
        "inventory",
        "--ics",
        "--warn-days",
        "21",
        "--now",
        NOW,
        &list,
    ]);
    let ics = String::from_utf8(out.stdout).unwrap();
    assert_eq!(ics.matches("TRIGGER:-P21D\r\n").count(), 5);
    assert!(
        certlens(&["inventory", "--csv", "--ics", &list])
            .status
            .code()
            == Some(2)
    );
}

/// The agents' side in the checklist: the old certificate's pin during a rotation, one verdict
/// with its fix (the served pin is openssl's, tests/fixtures/agents/expected.json).
#[test]
fn doctor_names_the_certificate_agents_meet_in_a_rotation() {
    let served = serde_json::from_slice::<serde_json::Value>(&common::fixture("agents/expected.json")).unwrap()["served_pin"]
        .as_str()
        .unwrap()
        .to_string();
    let files = ["doctor/values-good.yaml", "doctor/secret-old-tls.yaml", "agents/old-pin.yaml"].map(fixture);
    let mut args = vec!["doctor", "--now", NOW];
    args.extend(files.iter().map(String::as_str));
    let out = certlens(&args);
    assert_eq!(out.status.code(), Some(1));
    let mut text = String::from_utf8(out.stdout).unwrap().replace(&served, "<SERVED_PIN>");
    for (f, short) in files.iter().zip(["values-good.yaml", "secret-old-tls.yaml", "old-pin.yaml"]) {
        text = text.replace(f.as_str(), short);
    }
    // Errors come first: the agents' error leads, its ok hostname row follows the warnings.
    let agents = &text[text.find("[error] javaAgents").expect("an agents verdict")..];
    assert!(text.find("[error] javaAgents") < text.find("[warning] certificate.tls.crt"), "{text}");
    let host = &text[text.find("[ok] javaAgents[0] (svc-old).serverHostname").expect("the hostname row")..];
    let want_host = "\
[ok] javaAgents[0] (svc-old).serverHostname  (old-pin.yaml:8)
    the served certificate covers serverHostname
    · lightrun.doctor.test is covered by CN=lightrun.doctor.test (SAN lightrun.doctor.test)
";
    assert!(host.starts_with(want_host), "{host}");
    let want = "\
[error] javaAgents[0] (svc-old).agentPoolCredentials  (old-pin.yaml:14)
    error: pinnedCertHash pins the old certificate CN=old.doctor.test (Secret lightrun-old-tls, tls.crt); when the agents next connect the server serves CN=lightrun.doctor.test (certificate.tls.crt in values-good.yaml): they will reject it
      fix: set it to <SERVED_PIN> (the pin of CN=lightrun.doctor.test (certificate.tls.crt in values-good.yaml)), and restart the agents' workloads. pinnedCertHash / pinned_cert_hash holds one pin: the agents chart documents one 64-character hash and the operator writes the value unchanged into the agent's pinned_certs= line. During a rotation, update the agents' pin (values or Secret) when the server starts serving the new tls.crt, and restart the agents' workloads: the init container reads the pin when a pod starts
[warning] certificate.tls.crt  (values-good.yaml:7)
";
    assert!(agents.starts_with(want), "{agents}");
}

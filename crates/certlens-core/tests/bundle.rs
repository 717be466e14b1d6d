//! The deployable bundle (`certlens_core::make_bundle`, `bundle`): made from nothing and from
//! one's own certificates, checked by the doctor (a bundle that does not pass is a defect of the
//! bundle), every Secret's certificate verified by openssl against the CA, the pin equal to
//! openssl's pin of the served leaf, the zip read back by Python's zipfile.

mod common;
use common::{b64, str_at, yaml_doc, yaml_docs};

use std::io::Write;
use std::process::{Command, Stdio};

use certlens_core::make::{InternalSetOptions, MadeInternal, Seed};
use certlens_core::output::{
    pins, BundleChoices, BundleError, BundleOptions, CertificateForm, DeploySecrets,
    EncryptionKeyForm, PinsOptions, BUNDLE_FILES,
};
use certlens_core::{inspect, Bundle, Input, Options};

const NOW: i64 = 1_790_000_000; // 2026-09-21

fn made(choices: BundleChoices) -> (MadeInternal, Bundle) {
    let mut set = InternalSetOptions::new("lightrun", "lr-prod", NOW);
    set.main_hosts = vec!["lightrun.example.com".into()];
    let mut o = BundleOptions::new("lightrun", "lr-prod", [7; 32]);
    o.endpoint = Some("lightrun.example.com".into());
    o.choices = choices;
    certlens_core::make_bundle(&set, &Seed([1; 32]), &o, &mut |_, _| {}).unwrap()
}

fn run(cmd: &str, args: &[&str], stdin: &[u8]) -> (bool, Vec<u8>) {
    let mut child = Command::new(cmd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("these tests need {cmd}: {e}"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    let mut all = out.stdout;
    all.extend_from_slice(&out.stderr);
    (out.status.success(), all)
}

/// openssl's pin of the first certificate of a PEM text: what the chart's init container runs.
fn openssl_pin(pem: &[u8]) -> String {
    let (ok, spki) = run("openssl", &["x509", "-pubkey", "-noout"], pem);
    assert!(ok, "{}", String::from_utf8_lossy(&spki));
    let (ok, der) = run("openssl", &["pkey", "-pubin", "-outform", "DER"], &spki);
    assert!(ok);
    let (ok, dgst) = run("openssl", &["dgst", "-sha256", "-r"], &der);
    assert!(ok);
    String::from_utf8(dgst).unwrap()[..64].to_string()
}

/// (Secret name, key, value) of every `data:` and `stringData:` entry of a Secrets file, in
/// the file's order.
fn data_entries(yaml: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for doc in yaml_docs(yaml) {
        let name = doc["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        for (section, entries) in doc.as_hash().into_iter().flatten() {
            if !matches!(section.as_str(), Some("data" | "stringData")) {
                continue;
            }
            for (k, v) in entries.as_hash().into_iter().flatten() {
                out.push((
                    name.clone(),
                    k.as_str().unwrap().to_string(),
                    v.as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

fn file<'a>(b: &'a Bundle, name: &str) -> &'a str {
    b.files.iter().find(|f| f.name == name).map(|f| f.text.as_str()).unwrap()
}

#[test]
fn made_bundle_passes_the_doctor_and_openssl() {
    let (m, b) = made(BundleChoices::default());
    assert!(b.passes, "{}\n{:#?}", b.verdict, b.doctor.verdicts);
    assert_eq!(b.doctor.summary.errors, 0);
    assert_eq!(b.doctor.summary.warnings, 0);
    assert!(b.doctor.summary.ok >= 19, "{:?}", b.doctor.summary);
    assert!(b.verdict.starts_with("This bundle passes every check"), "{}", b.verdict);
    let names: Vec<&str> = b.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, BUNDLE_FILES);
    assert_eq!(b.zip_name, "lightrun-bundle-lightrun-lr-prod.zip");

    // The pin: openssl's of the first certificate of certificate.tls.crt, and nothing else.
    let values = file(&b, "lightrun-values.yaml");
    let crt = b64(str_at(&yaml_doc(values), &["certificate", "tls", "crt"]));
    let pin = openssl_pin(&crt);
    assert_eq!(b.pins, std::slice::from_ref(&pin));
    assert!(values.contains(&format!("security_pinned_hashes:\n    - {pin}\n")), "{values}");
    assert_eq!(openssl_pin(m.main.as_ref().unwrap().certificate_pem.as_bytes()), pin);

    // The forms that fit deploy_secrets on: inline custom CA, chart-managed key; no comment to
    // uncomment anywhere.
    assert!(values.contains("  deploy_secrets:\n    enabled: true\n"), "{values}");
    assert!(values.contains("customCaCertificate: "));
    assert!(!values.contains("existingCaSecret"));
    assert_eq!(str_at(&yaml_doc(values), &["secrets", "keysEncryption", "userEncryptionKey"]), "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=");
    assert!(values.lines().filter(|l| l.starts_with('#')).all(|l| !l.contains(": |") && !l.starts_with("#   ")));
    assert_eq!(values.matches("\ngeneral:").count() + usize::from(values.starts_with("general:")), 1);

    // Every Secret's certificate verifies against the CA Secret's ca.crt, with openssl.
    let secrets = file(&b, "lightrun-secrets.yaml");
    let entries = data_entries(secrets);
    let ca = entries.iter().find(|(n, k, _)| n == "lightrun-internal-ca" && k == "ca.crt").unwrap();
    let dir = std::env::temp_dir().join(format!("certlens-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_path = dir.join("ca.crt");
    std::fs::write(&ca_path, b64(&ca.2)).unwrap();
    assert_eq!(b64(&ca.2), m.ca.certificate_pem.as_bytes());
    let mut verified = Vec::new();
    for (name, _, v) in entries.iter().filter(|(_, k, _)| k == "tls.crt") {
        let (ok, out) = run("openssl", &["verify", "-CAfile", ca_path.to_str().unwrap()], &b64(v));
        assert!(ok, "{name}: {}", String::from_utf8_lossy(&out));
        verified.push(name.as_str());
    }
    assert_eq!(
        verified,
        [
            "lightrun-frontend-tls",
            "lightrun-keycloak-tls",
            "lightrun-keycloak-cluster-tls",
            "lightrun-redis-tls",
            "lightrun-rabbitmq-tls",
            "lightrun-data-streamer-tls",
            "lightrun-artifacts-tls"
        ]
    );
    let (ok, out) = run("openssl", &["verify", "-CAfile", ca_path.to_str().unwrap()], &crt);
    assert!(ok, "main: {}", String::from_utf8_lossy(&out));

    // The zip holds the same files, byte for byte (read by Python's zipfile).
    let zip_path = dir.join(&b.zip_name);
    std::fs::write(&zip_path, &b.zip).unwrap();
    let (ok, out) = run(
        "python3",
        &["-c", "import sys,zipfile,hashlib\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nfor i in z.infolist(): print(i.filename, hashlib.sha256(z.read(i)).hexdigest())", zip_path.to_str().unwrap()],
        b"",
    );
    assert!(ok, "{}", String::from_utf8_lossy(&out));
    let listed = String::from_utf8(out).unwrap();
    let (ok, _) = run("true", &[], b"");
    assert!(ok);
    let expected: String = b
        .files
        .iter()
        .map(|f| {
            let (_, h) = run("openssl", &["dgst", "-sha256", "-r"], f.text.as_bytes());
            format!("{} {}\n", f.name, &String::from_utf8(h).unwrap()[..64])
        })
        .collect();
    assert_eq!(listed, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn deploy_secrets_off_uses_the_forms_that_fit_and_passes() {
    let (_m, b) = made(BundleChoices::fitting(DeploySecrets::Off));
    assert!(b.passes, "{}\n{:#?}", b.verdict, b.doctor.verdicts);
    let values = file(&b, "lightrun-values.yaml");
    assert!(values.contains("  deploy_secrets:\n    enabled: false\n    existing_secrets:\n      backend: lightrun-backend\n"), "{values}");
    assert_eq!(str_at(&yaml_doc(values), &["certificate", "existing_cert"]), "lightrun-tls");
    assert_eq!(str_at(&yaml_doc(values), &["secrets", "customCa", "existingCaSecret"]), "lightrun-custom-ca-certificate");
    assert!(!values.contains("customCaCertificate") && !values.contains("userEncryptionKey"));
    assert!(!values.contains("tls:\n    crt"));
    let secrets = file(&b, "lightrun-secrets.yaml");
    let names: Vec<String> = data_entries(secrets).into_iter().map(|(n, k, _)| format!("{n}/{k}")).collect();
    for want in ["lightrun-tls/tls.crt", "lightrun-tls/tls.key", "lightrun-custom-ca-certificate/custom-ca.pem", "lightrun-backend/encryption-key-0"] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    assert!(b.commands.contains(&"kubectl apply -n lr-prod -f lightrun-secrets.yaml".to_string()));
}

#[test]
fn choices_the_chart_refuses_are_errors_naming_the_setting() {
    let mut set = InternalSetOptions::new("lightrun", "lr-prod", NOW);
    set.main_hosts = vec!["lightrun.example.com".into()];
    for (choices, setting) in [
        (BundleChoices { deploy_secrets: DeploySecrets::Off, certificate: CertificateForm::Values, encryption_key: EncryptionKeyForm::External }, "certificate.tls.crt"),
        (BundleChoices { deploy_secrets: DeploySecrets::Off, certificate: CertificateForm::ExistingSecret, encryption_key: EncryptionKeyForm::ChartManaged }, "secrets.keysEncryption.userEncryptionKey"),
        (BundleChoices { deploy_secrets: DeploySecrets::On, certificate: CertificateForm::Values, encryption_key: EncryptionKeyForm::External }, "general.deploy_secrets.existing_secrets.backend"),
    ] {
        let mut o = BundleOptions::new("lightrun", "lr-prod", [7; 32]);
        o.choices = choices;
        let e = certlens_core::make_bundle(&set, &Seed([1; 32]), &o, &mut |_, _| {}).unwrap_err();
        match &e {
            BundleError::Conflict { setting: s, .. } => assert_eq!(s, setting),
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().starts_with(&format!("bundle: {setting}: ")), "{e}");
    }
    // Every choice line has a consequence the front ends show.
    for c in BundleChoices::default().lines().iter().chain(BundleChoices::fitting(DeploySecrets::Off).lines().iter()) {
        assert!(c.consequence.len() > 40 && c.consequence.ends_with('.'), "{c:?}");
    }
}

/// The Pins output of a made deployment lists the served leaf's pin only (it listed all seven
/// leaves, every internal service's among them).
#[test]
fn pins_of_a_made_deployment_are_the_served_leaf_only() {
    let (m, _) = made(BundleChoices::default());
    let inputs: Vec<Input> = m.pool.iter().map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec())).collect();
    let report = inspect(&inputs, &Options::at(NOW));
    let p = pins(&report, &PinsOptions::default()).unwrap();
    let served = openssl_pin(m.main.as_ref().unwrap().certificate_pem.as_bytes());
    assert_eq!(p.list, [served]);
    assert!(p.notes.iter().any(|n| n.starts_with("6 internal service certificate(s) left out")), "{:?}", p.notes);
}

/// One's own certificates (a chain from a CA and its key, no internal TLS): the bundle passes,
/// the pin is openssl's (expected.json) of the leaf, and a rotation keeps the old pin.
#[test]
fn own_certificates_bundle() {
    let inputs = [
        Input::new("rsa-leaf.pem", common::fixture("certs/rsa-leaf.pem")),
        Input::new("rsa-int.pem", common::fixture("certs/rsa-int.pem")),
        Input::new("rsa-root.pem", common::fixture("certs/rsa-root.pem")),
        Input::new("rsa-leaf.key", common::fixture("keys/rsa-leaf.key")),
    ];
    let pin = common::expected()["certs"]["rsa-leaf"]["spki_sha256"].as_str().unwrap().to_ascii_lowercase();
    let old = common::expected()["certs"]["rsa-leaf-b"]["spki_sha256"].as_str().unwrap().to_ascii_lowercase();
    let mut o = BundleOptions::new("lightrun", "lr-prod", [9; 32]);
    o.endpoint = Some("lightrun.example.test".into());
    o.old_pins = vec![old.clone()];
    let b = certlens_core::bundle(&inputs, &o, common::now(), None).unwrap();
    assert!(!b.internal_tls);
    assert_eq!(b.pins, [pin, old]);
    // What the doctor warns of is the material's, not the bundle's: the fixtures' private root
    // is not declared trusted, and the old pin matches no certificate given.
    assert_eq!(b.doctor.summary.errors, 0, "{:#?}", b.doctor.verdicts);
    let warned: Vec<&str> = b
        .doctor
        .verdicts
        .iter()
        .filter(|v| v.level != certlens_core::VerdictLevel::Ok && v.level != certlens_core::VerdictLevel::NotChecked)
        .map(|v| v.setting.as_str())
        .collect();
    assert_eq!(warned, ["certificate.tls.crt", "certificate.security_pinned_hashes"]);
    assert!(!b.passes);
    assert!(b.verdict.starts_with("This bundle does not pass every check: 0 error(s), 2 warning(s)"), "{}", b.verdict);
    // No Secret to apply: the values carry everything, and the commands say so.
    let names: Vec<&str> = b.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["lightrun-values.yaml", "README-apply.txt"]);
    assert_eq!(b.commands.len(), 2, "{:?}", b.commands);
}

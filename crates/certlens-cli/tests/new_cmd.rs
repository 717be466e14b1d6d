//! `certlens new self-signed|internal-tls|csr` and `certlens p12`: the real binary, its files
//! (keys mode 0600) and what openssl says about them. Keys are random, so values are checked by
//! openssl, not compared with a transcript.

mod common;
use common::{certlens, fresh_dir, mode};

use std::path::{Path, PathBuf};
use std::process::Command;

fn openssl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("these tests need the openssl command (apt-get install openssl): {e}")
        });
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn dir(name: &str) -> PathBuf {
    fresh_dir("new", name)
}

fn p(d: &Path, f: &str) -> String {
    d.join(f).to_string_lossy().into_owned()
}

fn b64(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .unwrap()
}

#[test]
fn self_signed_prints_values_marked_testing_only() {
    let d = dir("ss");
    let out = certlens(&[
        "new",
        "self-signed",
        "--host",
        "lightrun.example.com",
        "--host",
        "alt.example.com",
        "--cert-out",
        &p(&d, "tls.crt"),
        "--key-out",
        &p(&d, "tls.key"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let values = String::from_utf8(out.stdout).unwrap();
    assert!(values.starts_with("# TESTING ONLY"), "{values}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("testing only"));
    let docs = yaml_rust2::YamlLoader::load_from_str(&values).unwrap();
    let crt = docs[0]["certificate"]["tls"]["crt"].as_str().unwrap();
    let key = docs[0]["certificate"]["tls"]["key"].as_str().unwrap();
    assert_eq!(b64(crt), std::fs::read(p(&d, "tls.crt")).unwrap());
    assert_eq!(b64(key), std::fs::read(p(&d, "tls.key")).unwrap());
    assert_eq!(mode(&p(&d, "tls.key")), 0o600);
    let (ok, text) = openssl(&["x509", "-in", &p(&d, "tls.crt"), "-noout", "-text"]);
    assert!(ok);
    assert!(
        text.contains("DNS:lightrun.example.com, DNS:alt.example.com"),
        "{text}"
    );
    assert!(
        text.contains("Public Key Algorithm: id-ecPublicKey"),
        "{text}"
    );
    // --out: the values file is 0600 (it holds the key).
    let out = certlens(&[
        "new",
        "self-signed",
        "--host",
        "a.example.com",
        "--key-type",
        "ed25519",
        "--days",
        "30",
        "--out",
        &p(&d, "values.yaml"),
    ]);
    assert!(out.status.success());
    assert_eq!(mode(&p(&d, "values.yaml")), 0o600);
    // No host: a usage error.
    let out = certlens(&["new", "self-signed"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--host"));
    let out = certlens(&["new", "self-signed", "--host", "bad_name"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad_name"));
}

#[test]
fn internal_tls_writes_secrets_values_and_pem_files_that_verify() {
    let d = dir("it");
    let out = certlens(&[
        "new",
        "internal-tls",
        "--release",
        "lr",
        "--namespace",
        "prod",
        "--cluster-domain",
        "k8s.local",
        "--main-host",
        "lr.example.com",
        "--dir",
        &p(&d, "pem"),
        "--out",
        &p(&d, "secrets.yaml"),
        "--values-out",
        &p(&d, "values.yaml"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(mode(&p(&d, "secrets.yaml")), 0o600);
    assert_eq!(mode(&p(&d, "values.yaml")), 0o600);
    let ca = p(&d, "pem/lr-internal-ca.crt");
    assert_eq!(mode(&p(&d, "pem/lr-internal-ca.key")), 0o600);
    for s in [
        "frontend",
        "keycloak",
        "redis",
        "mq",
        "data-streamer",
        "artifacts",
    ] {
        let crt = p(&d, &format!("pem/lr-{s}.crt"));
        let (ok, v) = openssl(&["verify", "-CAfile", &ca, &crt]);
        assert!(ok, "{s}: {v}");
        let (_, text) = openssl(&["x509", "-in", &crt, "-noout", "-ext", "subjectAltName"]);
        assert!(
            text.contains(&format!("DNS:lr-{s}.prod.svc.k8s.local")),
            "{text}"
        );
        assert_eq!(mode(&p(&d, &format!("pem/lr-{s}.key"))), 0o600);
    }
    let (ok, v) = openssl(&["verify", "-CAfile", &ca, &p(&d, "pem/lr.example.com.crt")]);
    assert!(ok, "{v}");
    let values = std::fs::read_to_string(p(&d, "values.yaml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&values).unwrap();
    assert_eq!(docs.len(), 1, "one values document");
    let v = &docs[0];
    assert_eq!(
        v["general"]["internal_tls"]["certificates"]["existing_ca_secret_name"].as_str(),
        Some("lr-internal-ca")
    );
    assert_eq!(
        v["general"]["internal_tls"]["certificates"]["existing_certificates"]["data_streamer"]
            .as_str(),
        Some("lr-data-streamer-tls")
    );
    assert_eq!(
        b64(v["secrets"]["customCa"]["customCaCertificate"]
            .as_str()
            .unwrap()),
        std::fs::read(&ca).unwrap()
    );
    assert!(v["certificate"]["tls"]["crt"].as_str().is_some());
    // The Secrets read back: certlens finds nothing of severity warning or error.
    let out = certlens(&["check", "--json", &p(&d, "secrets.yaml")]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bad: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "warning" || f["severity"] == "error")
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn csr_and_its_key() {
    let d = dir("csr");
    let out = certlens(&[
        "new",
        "csr",
        "--host",
        "lightrun.example.com",
        "--key-type",
        "rsa2048",
        "--org",
        "Acme",
        "--key-out",
        &p(&d, "req.key"),
        "--out",
        &p(&d, "req.csr"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&p(&d, "req.key")), 0o600);
    let (ok, text) = openssl(&[
        "req",
        "-in",
        &p(&d, "req.csr"),
        "-noout",
        "-verify",
        "-text",
    ]);
    assert!(ok, "{text}");
    assert!(text.contains("DNS:lightrun.example.com"));
    assert!(
        text.contains("O = Acme, CN = lightrun.example.com"),
        "{text}"
    );
    let out = certlens(&["new", "csr", "--host", "a.example.com"]);
    assert_eq!(out.status.code(), Some(2), "--key-out is required");
}

#[test]
fn p12_of_a_made_certificate() {
    let d = dir("p12");
    let out = certlens(&[
        "new",
        "self-signed",
        "--host",
        "a.example.com",
        "--cert-out",
        &p(&d, "a.crt"),
        "--key-out",
        &p(&d, "a.key"),
        "--out",
        &p(&d, "v.yaml"),
    ]);
    assert!(out.status.success());
    std::fs::write(p(&d, "pw"), "correct horse\n").unwrap();
    let out = certlens(&[
        "p12",
        "--password-file",
        &p(&d, "pw"),
        "--name",
        "a-alias",
        "--out",
        &p(&d, "a.p12"),
        &p(&d, "a.crt"),
        &p(&d, "a.key"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&p(&d, "a.p12")), 0o600);
    let (ok, info) = openssl(&[
        "pkcs12",
        "-in",
        &p(&d, "a.p12"),
        "-info",
        "-noout",
        "-passin",
        "pass:correct horse",
    ]);
    assert!(ok, "{info}");
    assert!(info.contains("AES-256-CBC"), "{info}");
    let (ok, dump) = openssl(&[
        "pkcs12",
        "-in",
        &p(&d, "a.p12"),
        "-nodes",
        "-passin",
        "pass:correct horse",
    ]);
    assert!(ok);
    assert!(dump.contains("friendlyName: a-alias"), "{dump}");
    let out = certlens(&["p12", "--out", &p(&d, "b.p12"), &p(&d, "a.crt")]);
    assert_eq!(out.status.code(), Some(2), "--password-file is required");
}

fn renew_fixture(f: &str) -> String {
    format!("{}/../../tests/fixtures/renew/{f}", env!("CARGO_MANIFEST_DIR"))
}

/// The pin as the chart computes it, of a certificate file.
fn openssl_cert_pin(cert: &str) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("openssl x509 -in '{cert}' -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r"))
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)[..64].to_string()
}

#[test]
fn csr_with_the_existing_key_keeps_the_pin() {
    let d = dir("renew");
    let csr = p(&d, "renew.csr");
    let out = certlens(&[
        "new",
        "csr",
        "--key",
        &renew_fixture("tls.key"),
        "--from",
        &renew_fixture("tls.crt"),
        "--out",
        &csr,
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let pin = std::fs::read_to_string(renew_fixture("pin.txt")).unwrap();
    let pin = pin.trim();
    assert!(err.contains(&format!("Same key, same pin: {pin}")), "{err}");
    // No key is written: the request is the only file.
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
    // openssl signs it as the CA would: the new certificate's pin is the old one.
    let new_cert = p(&d, "renewed.crt");
    let (ok, t) = openssl(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &renew_fixture("ca.pem"),
        "-CAkey",
        &renew_fixture("ca.key"),
        "-set_serial",
        "4098",
        "-days",
        "30",
        "-out",
        &new_cert,
    ]);
    assert!(ok, "{t}");
    assert_eq!(openssl_cert_pin(&new_cert), pin);
    // --key-out with --key has nothing to write.
    let out = certlens(&[
        "new",
        "csr",
        "--key",
        &renew_fixture("tls.key"),
        "--key-out",
        &p(&d, "x.key"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn next_key_writes_key_request_and_both_pins() {
    let d = dir("next-key");
    let (key, csr, values) = (p(&d, "next.key"), p(&d, "next.csr"), p(&d, "pins.yaml"));
    let out = certlens(&[
        "new",
        "next-key",
        "--from",
        &renew_fixture("tls.crt"),
        "--key-out",
        &key,
        "--csr-out",
        &csr,
        "--out",
        &values,
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(mode(&key) & 0o777, 0o600);
    let current = std::fs::read_to_string(renew_fixture("pin.txt")).unwrap();
    let current = current.trim();
    let next = {
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("openssl pkey -in '{key}' -pubout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout)[..64].to_string()
    };
    let v = std::fs::read_to_string(&values).unwrap();
    assert!(
        v.contains(&format!(
            "certificate:\n  security_pinned_hashes:\n    - {current}\n    - {next}\n"
        )),
        "{v}"
    );
    let (ok, t) = openssl(&["req", "-in", &csr, "-noout", "-verify", "-subject"]);
    assert!(ok, "{t}");
    assert!(t.contains("CN = lightrun.example.com"), "{t}");
    assert!(err.contains("pinnedCertHash"), "{err}");
    let _ = std::fs::remove_dir_all(&d);
}

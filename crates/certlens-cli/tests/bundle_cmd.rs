//! `certlens bundle`: the real binary makes a bundle from nothing (`--make`) and from given
//! certificates; its files (mode 0600 when they hold keys), the zip (listed by `unzip -Z1`), the
//! doctor's verdict, and openssl's view of the main certificate and its pin.

mod common;
use common::{certlens, fresh_dir, mode};

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn dir(name: &str) -> PathBuf {
    fresh_dir("bundle", name)
}

fn sh(cmd: &str, stdin: &[u8]) -> String {
    use std::io::Write;
    let mut c = Command::new("sh")
        .args(["-c", cmd])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = c.wait_with_output().unwrap();
    assert!(out.status.success(), "{cmd}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn make_writes_a_bundle_that_passes_and_openssl_agrees() {
    let d = dir("make");
    let b = d.join("b");
    let zip = d.join("b.zip");
    let out = certlens(&[
        "bundle", "--make", "--endpoint", "lightrun.example.com", "--namespace", "lr-prod",
        "--dir", b.to_str().unwrap(), "--zip", zip.to_str().unwrap(), "--now", "2026-09-21T00:00:00Z",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Doctor: This bundle passes every check: 19 of 19 settings OK"), "{stdout}");
    assert!(stdout.contains("general.deploy_secrets.enabled = true\n    The chart renders its Secrets"), "{stdout}");
    assert!(stdout.contains("  helm upgrade --install lightrun oci://registry-1.docker.io/lightruncom/lightrun-helm-chart -n lr-prod -f lightrun-values.yaml\n"), "{stdout}");
    assert_eq!(mode(&b.join("lightrun-values.yaml")), 0o600);
    assert_eq!(mode(&b.join("lightrun-secrets.yaml")), 0o600);
    assert_eq!(mode(&b.join("lightrun-internal-ca.key")), 0o600);
    assert_eq!(mode(&b.join("README-apply.txt")), 0o644);
    assert_eq!(mode(&zip), 0o600);
    let listed = sh(&format!("unzip -Z1 {}", zip.display()), b"");
    assert_eq!(listed, "lightrun-secrets.yaml\nlightrun-values.yaml\nREADME-apply.txt\n");
    // The zip's values file is the one written beside it.
    let zipped = sh(&format!("unzip -p {} lightrun-values.yaml", zip.display()), b"");
    let values = std::fs::read_to_string(b.join("lightrun-values.yaml")).unwrap();
    assert_eq!(zipped, values);

    // The one pin printed and written is openssl's of the first certificate of tls.crt.
    let crt = values.lines().find_map(|l| l.trim().strip_prefix("crt: ")).unwrap();
    let pem = sh("openssl base64 -d -A", crt.as_bytes());
    let pin = sh("openssl x509 -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r | cut -c1-64", pem.as_bytes());
    let pin = pin.trim();
    assert!(stdout.contains(&format!("security_pinned_hashes: {pin}\n")), "{stdout}");
    assert!(values.contains(&format!("  security_pinned_hashes:\n    - {pin}\n")), "{values}");
    let san = sh("openssl x509 -noout -ext subjectAltName", pem.as_bytes());
    assert!(san.contains("DNS:lightrun.example.com") && san.contains("DNS:lightrun-backend.lr-prod.svc"), "{san}");

    // Dropped back on the doctor, the files pass as they were checked.
    let out = certlens(&[
        "doctor", "--namespace", "lr-prod", "--now", "2026-09-21T00:00:00Z",
        b.join("lightrun-values.yaml").to_str().unwrap(), b.join("lightrun-secrets.yaml").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("19 settings: 19 ok, 0 warning(s), 0 error(s), 0 not checked"));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn usage_errors_name_what_is_missing() {
    let out = certlens(&["bundle", "--make", "--namespace", "lr-prod"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dir DIR or --zip FILE"));
    let d = dir("usage");
    let out = certlens(&["bundle", "--make", "--namespace", "lr-prod", "--dir", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--make needs --endpoint HOST"));
    let out = certlens(&["bundle", "--make", "--endpoint", "h.example.com", "--namespace", "lr-prod", "--deploy-secrets", "maybe", "--dir", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--deploy-secrets wants on or off"));
    std::fs::remove_dir_all(&d).unwrap();
}

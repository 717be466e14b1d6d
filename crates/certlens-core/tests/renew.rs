//! Same-key renewal and the next key pinned ahead (issue 29), checked with openssl: the request
//! certlens makes from `tests/fixtures/renew/tls.key` is signed by `openssl x509 -req` as a CA
//! would, and the new certificate's pin, as openssl computes it, is the old one
//! (`renew/pin.txt`, computed by the fixture script with openssl).

mod common;

use std::path::PathBuf;
use std::process::Command;

use certlens_core::make::{self, NextKeyOptions, RenewOptions, Seed};
use certlens_core::{inspect, Input, Options};
use common::{fixture, fixture_path};

const NOW: i64 = 1_796_000_000; // 2026-11-30, inside tls.crt's validity or not: not used by renewals

fn openssl(args: &[&str], stdin: Option<&[u8]>) -> (bool, Vec<u8>, String) {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("these tests need the openssl command (apt-get install openssl): {e}"));
    if let Some(i) = stdin {
        child.stdin.take().unwrap().write_all(i).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    (out.status.success(), out.stdout, err)
}

/// The chart's way: `openssl x509 -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256`.
fn cert_pin(pem: &[u8]) -> String {
    let (ok, pubkey, e) = openssl(&["x509", "-pubkey", "-noout"], Some(pem));
    assert!(ok, "{e}");
    der_pin(&pubkey)
}

fn der_pin(pub_pem: &[u8]) -> String {
    let (ok, der, e) = openssl(&["pkey", "-pubin", "-outform", "DER"], Some(pub_pem));
    assert!(ok, "{e}");
    let (ok, d, e) = openssl(&["dgst", "-sha256", "-r"], Some(&der));
    assert!(ok, "{e}");
    String::from_utf8(d).unwrap()[..64].to_string()
}

fn key_pin(key_pem: &[u8]) -> String {
    let (ok, pubkey, e) = openssl(&["pkey", "-pubout"], Some(key_pem));
    assert!(ok, "{e}");
    der_pin(&pubkey)
}

fn expected_pin() -> String {
    String::from_utf8(fixture("renew/pin.txt"))
        .unwrap()
        .trim()
        .to_string()
}

fn pool(files: &[&str]) -> certlens_core::Report {
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| Input::new(*f, fixture(&format!("renew/{f}"))))
        .collect();
    inspect(&inputs, &Options::at(NOW))
}

fn tmp(name: &str, body: &[u8]) -> PathBuf {
    // One folder per file: the tests run in parallel and each removes its own.
    let d = std::env::temp_dir().join(format!("certlens-renew-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn same_key_csr_signed_by_openssl_keeps_the_pin() {
    let r = pool(&["tls.crt", "tls.key"]);
    let made = make::renewal_csr(&r, &RenewOptions::default(), &Seed([7; 32])).unwrap();
    let pin = expected_pin();
    // The pin the core states is openssl's pin of the key (and of the old certificate).
    assert_eq!(made.pin, pin);
    assert_eq!(key_pin(&fixture("renew/tls.key")), pin);
    assert!(made.pin_note.contains(&pin), "{}", made.pin_note);
    assert!(made.pin_note.contains("same pin"), "{}", made.pin_note);
    assert_eq!(
        made.names,
        vec!["lightrun.example.com", "lightrun-backend", "10.0.0.7"]
    );
    // openssl reads the request, verifies its signature, and sees the old names and subject.
    let csr = tmp("renew.csr", made.csr_pem.as_bytes());
    let csr_s = csr.to_str().unwrap();
    let (ok, text, e) = openssl(&["req", "-in", csr_s, "-noout", "-verify", "-text"], None);
    assert!(ok, "{e}");
    let text = String::from_utf8_lossy(&text);
    assert!(e.contains("verify OK") || text.contains("verify OK"), "{e}");
    assert!(
        text.contains("DNS:lightrun.example.com, DNS:lightrun-backend, IP Address:10.0.0.7"),
        "{text}"
    );
    assert!(
        text.contains("Subject: O = Example Corp, CN = lightrun.example.com"),
        "{text}"
    );
    // The CA signs it: the renewed certificate's pin is the old one.
    let (ok, new_cert, e) = openssl(
        &[
            "x509",
            "-req",
            "-in",
            csr_s,
            "-CA",
            &fixture_path("renew/ca.pem"),
            "-CAkey",
            &fixture_path("renew/ca.key"),
            "-set_serial",
            "4097",
            "-days",
            "90",
            "-copy_extensions",
            "copy",
        ],
        None,
    );
    assert!(ok, "{e}");
    assert_eq!(cert_pin(&new_cert), pin);
    assert_eq!(cert_pin(&fixture("renew/tls.crt")), pin);
    let _ = std::fs::remove_dir_all(csr.parent().unwrap());
}

#[test]
fn key_alone_needs_names_and_keeps_the_pin() {
    let r = pool(&["tls.key"]);
    let e = make::renewal_csr(&r, &RenewOptions::default(), &Seed([1; 32])).unwrap_err();
    assert!(e.to_string().contains("no name given"), "{e}");
    let made = make::renewal_csr(
        &r,
        &RenewOptions {
            names: vec!["new.example.com".into()],
            ..RenewOptions::default()
        },
        &Seed([1; 32]),
    )
    .unwrap();
    assert_eq!(made.pin, expected_pin());
    assert_eq!(made.subject, "CN=new.example.com");
    assert_eq!(made.renews, None);
}

#[test]
fn a_key_of_another_certificate_is_refused() {
    // The CA's key does not belong to tls.crt: renewing with it would change the pin.
    let r = pool(&["tls.crt", "ca.key"]);
    let e = make::renewal_csr(&r, &RenewOptions::default(), &Seed([1; 32])).unwrap_err();
    assert!(e.to_string().contains("private key"), "{e}");
}

#[test]
fn next_key_is_pinned_ahead_of_the_renewal() {
    let r = pool(&["tls.crt", "tls.key", "ca.pem"]);
    let plan = make::next_key_plan(&r, &NextKeyOptions::default(), &Seed([9; 32])).unwrap();
    let current = expected_pin();
    let next = key_pin(plan.key_pem.as_str().as_bytes());
    assert_ne!(current, next);
    assert_eq!(plan.pins.current, current);
    assert_eq!(plan.pins.next, next);
    assert_eq!(plan.pins.list, vec![current.clone(), next.clone()]);
    assert!(
        plan.pins.yaml.contains(&format!(
            "certificate:\n  security_pinned_hashes:\n    - {current}\n    - {next}\n"
        )),
        "{}",
        plan.pins.yaml
    );
    // The request is the next key's, with the current names.
    let csr = tmp("next.csr", plan.csr_pem.as_bytes());
    let (ok, pubkey, e) = openssl(
        &["req", "-in", csr.to_str().unwrap(), "-noout", "-pubkey"],
        None,
    );
    assert!(ok, "{e}");
    assert_eq!(der_pin(&pubkey), next);
    assert_eq!(
        plan.names,
        vec!["lightrun.example.com", "lightrun-backend", "10.0.0.7"]
    );
    assert!(plan.steps.iter().any(|s| s.contains("pinnedCertHash")));
    let _ = std::fs::remove_dir_all(csr.parent().unwrap());
}

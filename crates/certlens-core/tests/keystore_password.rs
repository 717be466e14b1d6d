//! `values` with a keystore password: `tls.key` written as encrypted PKCS#8 and
//! `secrets.defaults.keystore_password` set. openssl judges the result: it decrypts the key with
//! that password (its public key's pin equals the leaf's pin computed by openssl when the fixtures
//! were made), and the chart's init command `openssl pkcs12 -export -passin pass:P -passout
//! pass:P` builds the backend's keystore from the written tls.crt/tls.key.

mod common;
use common::{expected, fixtures, now};

use base64::Engine as _;
use certlens_core::output::{self, KeystorePassword, OutputError};
use certlens_core::TargetFormat;
use certlens_core::{inspect, Input, Options, Report};
use std::process::Command;
use yaml_rust2::YamlLoader;

fn run(rels: &[&str], password: Option<&str>) -> Report {
    let inputs: Vec<Input> = rels
        .iter()
        .map(|r| Input::new(*r, std::fs::read(fixtures().join(r)).unwrap()))
        .collect();
    let mut opts = Options::at(now());
    if let Some(p) = password {
        opts = opts.with_password(p);
    }
    inspect(&inputs, &opts)
}

fn keystore(p: &str, fill: u8) -> Option<KeystorePassword> {
    Some(KeystorePassword {
        password: zeroize::Zeroizing::new(p.to_string()),
        salt_iv: [fill; 32],
    })
}

/// A scratch directory of this test process (removed at the end of each test).
fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("certlens-keystore-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn openssl(args: &[&str], stdin: Option<&[u8]>) -> (bool, Vec<u8>, String) {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("these tests need the openssl command: {e}"));
    if let Some(i) = stdin {
        child.stdin.take().unwrap().write_all(i).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn b64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

/// The SPKI SHA-256 of the public key openssl reads out of `key` (a file) with `pass`.
fn openssl_key_pin(key: &std::path::Path, pass: &str) -> String {
    let k = key.to_str().unwrap();
    let passin = format!("pass:{pass}");
    let (ok, der, err) = openssl(
        &["pkey", "-in", k, "-passin", &passin, "-pubout", "-outform", "DER"],
        None,
    );
    assert!(ok, "openssl pkey: {err}");
    let (ok, dgst, err) = openssl(&["dgst", "-sha256", "-r"], Some(&der));
    assert!(ok, "{err}");
    String::from_utf8(dgst).unwrap()[..64].to_string()
}

fn check_with_openssl(v: &output::TlsValues, password: &str, leaf: &str, name: &str) {
    let d = scratch(name);
    let y = &YamlLoader::load_from_str(&v.yaml).unwrap()[0];
    assert_eq!(
        y["secrets"]["defaults"]["keystore_password"].as_str(),
        Some(password)
    );
    let key = b64(y["certificate"]["tls"]["key"].as_str().unwrap());
    let crt = b64(y["certificate"]["tls"]["crt"].as_str().unwrap());
    assert_eq!(key, v.key_pem.as_bytes());
    assert!(String::from_utf8_lossy(&key).starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    std::fs::write(d.join("tls.key"), &key).unwrap();
    std::fs::write(d.join("tls.crt"), &crt).unwrap();

    // openssl opens it with the password, and its pin is the leaf's (openssl's own number).
    let expected_pin = expected()["certs"][leaf]["spki_sha256"].as_str().unwrap();
    assert_eq!(openssl_key_pin(&d.join("tls.key"), password), expected_pin);
    // The encryption is the one `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes.
    let (ok, out, err) = openssl(
        &["asn1parse", "-in", d.join("tls.key").to_str().unwrap()],
        None,
    );
    assert!(ok, "{err}");
    let out = String::from_utf8(out).unwrap();
    for alg in ["PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"] {
        assert!(out.contains(alg), "{alg} missing:\n{out}");
    }
    // A wrong password does not open it.
    let (ok, _, _) = openssl(
        &["pkey", "-in", d.join("tls.key").to_str().unwrap(), "-passin", "pass:wrong", "-noout"],
        None,
    );
    assert!(!ok, "a wrong password opened the key");

    // The chart's keystore init command, with the values' password.
    let pass = format!("pass:{password}");
    let (ok, _, err) = openssl(
        &[
            "pkcs12",
            "-export",
            "-in",
            d.join("tls.crt").to_str().unwrap(),
            "-inkey",
            d.join("tls.key").to_str().unwrap(),
            "-passin",
            &pass,
            "-passout",
            &pass,
            "-out",
            d.join("keystore.p12").to_str().unwrap(),
        ],
        None,
    );
    assert!(ok, "the chart's openssl pkcs12 -export failed: {err}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn values_with_a_keystore_password_encrypt_the_key_for_it() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    let opts = output::TlsValuesOptions {
        keystore_password: keystore("s3cret pass", 7),
        ..Default::default()
    };
    let v = output::tls_values(&r, &opts).unwrap();
    assert!(v.key_encrypted);
    assert_eq!(v.key_format, TargetFormat::Pkcs8);
    assert!(v.yaml.contains("encrypted with secrets.defaults.keystore_password"));
    check_with_openssl(&v, "s3cret pass", "rsa-leaf", "rsa");
    // Other salt/IV bytes, other ciphertext: the caller's randomness reaches the output.
    let other = output::tls_values(
        &r,
        &output::TlsValuesOptions {
            keystore_password: keystore("s3cret pass", 8),
            ..Default::default()
        },
    )
    .unwrap();
    assert_ne!(*other.key_pem, *v.key_pem);
}

/// A key given encrypted (with another password) is re-encrypted for the keystore password.
#[test]
fn an_encrypted_key_is_re_encrypted_for_the_keystore_password() {
    let r = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs8-enc.pem"],
        Some("correct horse"),
    );
    let opts = output::TlsValuesOptions {
        keystore_password: keystore("keystore-pw", 1),
        ..Default::default()
    };
    let v = output::tls_values(&r, &opts).unwrap();
    assert!(v.key_encrypted);
    assert!(!v.notes.iter().any(|n| n.contains("written unencrypted")), "{:?}", v.notes);
    check_with_openssl(&v, "keystore-pw", "rsa-leaf", "reenc");
}

#[test]
fn without_a_keystore_password_the_key_stays_unencrypted() {
    let r = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs8-enc.pem"],
        Some("correct horse"),
    );
    for ks in [None, keystore("", 1)] {
        let v = output::tls_values(
            &r,
            &output::TlsValuesOptions {
                keystore_password: ks,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(!v.key_encrypted);
        assert!(v.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let y = &YamlLoader::load_from_str(&v.yaml).unwrap()[0];
        assert!(y["secrets"].is_badvalue(), "no secrets block without a password");
        assert!(v.notes.iter().any(|n| n.contains("written unencrypted")));
    }
}

#[test]
fn pkcs1_cannot_be_encrypted_and_the_password_is_not_in_debug() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    let opts = output::TlsValuesOptions {
        keystore_password: keystore("hunter2", 1),
        key_format: Some(TargetFormat::Pkcs1),
        ..Default::default()
    };
    assert!(matches!(
        output::tls_values(&r, &opts),
        Err(OutputError::UnsupportedKeyFormat { .. })
    ));
    let dbg = format!("{opts:?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
    assert!(dbg.contains("redacted"), "{dbg}");
}

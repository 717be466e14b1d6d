//! `inspect` against every fixture made by tests/fixtures/generate.sh. Every expected value
//! (subjects, dates, SANs, pins, fingerprints, formats) was computed by openssl in that script.

mod common;
use common::{expected, fixtures, now};

use std::collections::HashMap;

use certlens_core::{inspect, Options, Report};
use certlens_core::{timefmt, Input};
use serde_json::Value;

fn run(rel: &str, password: Option<&str>) -> Report {
    run_with(rel, password, false)
}

/// `self_sigs`: also check self-signatures (what `openssl verify -check_ss_sig` does).
fn run_with(rel: &str, password: Option<&str>, self_sigs: bool) -> Report {
    let bytes = std::fs::read(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut opts = Options::at(now());
    opts.check_self_signatures = self_sigs;
    if let Some(p) = password {
        opts = opts.with_password(p);
    }
    inspect(&[Input::new(rel, bytes)], &opts)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// cert name → fingerprint, from expected.json.
fn fingerprints(exp: &Value) -> HashMap<String, String> {
    exp["certs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                v["fingerprint_sha256"].as_str().unwrap().to_string(),
                k.clone(),
            )
        })
        .collect()
}

#[test]
fn every_certificate_matches_openssl_in_pem_and_der() {
    let exp = expected();
    let certs = exp["certs"].as_object().unwrap();
    assert!(certs.len() >= 25, "fixture set shrank: {}", certs.len());
    for (name, e) in certs {
        for file in [e["file"].as_str().unwrap(), e["der_file"].as_str().unwrap()] {
            // By default self-signatures are not checked (as in openssl verify without
            // -check_ss_sig): self-issued certificates say so, and `self_signed` rests on names
            // and key identifiers, which for these fixtures agrees with openssl.
            let quick = run(file, None);
            let qc = &quick.certificates[0];
            if qc.self_issued {
                assert_eq!(
                    serde_json::to_value(&qc.self_signature).unwrap(),
                    "not_checked",
                    "{name}"
                );
                if e["key_algorithm"] != "ed448" {
                    assert_eq!(
                        qc.self_signed,
                        e["self_signed"].as_bool().unwrap(),
                        "{name} quick self_signed"
                    );
                }
            } else {
                assert!(qc.self_signature.is_none() && !qc.self_signed, "{name}");
            }
            let r = run_with(file, None, true);
            assert!(r.errors.is_empty(), "{file}: {:?}", r.errors);
            assert_eq!(r.certificates.len(), 1, "{file}");
            let c = &r.certificates[0];
            let ctx = format!("{name} ({file})");
            assert_eq!(
                c.subject,
                e["subject_utf8"].as_str().unwrap(),
                "{ctx} subject"
            );
            assert_eq!(c.issuer, e["issuer_utf8"].as_str().unwrap(), "{ctx} issuer");
            assert_eq!(
                c.serial_hex,
                e["serial_hex"].as_str().unwrap(),
                "{ctx} serial"
            );
            assert_eq!(
                c.not_before,
                e["not_before"].as_str().unwrap(),
                "{ctx} notBefore"
            );
            assert_eq!(
                c.not_after,
                e["not_after"].as_str().unwrap(),
                "{ctx} notAfter"
            );
            assert_eq!(c.san.dns, strings(&e["san"]["dns"]), "{ctx} dns");
            assert_eq!(c.san.ip, strings(&e["san"]["ip"]), "{ctx} ip");
            assert_eq!(c.san.email, strings(&e["san"]["email"]), "{ctx} email");
            assert_eq!(c.san.uri, strings(&e["san"]["uri"]), "{ctx} uri");
            assert_eq!(
                c.public_key.algorithm,
                e["key_algorithm"].as_str().unwrap(),
                "{ctx} alg"
            );
            assert_eq!(
                c.public_key.bits,
                e["bits"].as_u64().map(|b| b as u32),
                "{ctx} bits"
            );
            assert_eq!(
                c.public_key.curve.as_deref(),
                e["curve"].as_str(),
                "{ctx} curve"
            );
            assert_eq!(
                c.signature_algorithm,
                e["signature_algorithm"].as_str().unwrap(),
                "{ctx} sigalg"
            );
            assert_eq!(c.is_ca, e["is_ca"].as_bool().unwrap(), "{ctx} is_ca");
            if e["key_algorithm"] == "ed448" {
                // Ed448 signatures are not verified (no lean pure-Rust implementation that fits
                // our dependency set); the report must say "unsupported", never guess.
                assert!(c.self_issued, "{ctx}");
                assert_eq!(
                    serde_json::to_value(&c.self_signature).unwrap(),
                    "unsupported",
                    "{ctx}"
                );
                assert!(!c.self_signed, "{ctx}");
            } else {
                assert_eq!(
                    c.self_signed,
                    e["self_signed"].as_bool().unwrap(),
                    "{ctx} self_signed"
                );
            }
            assert_eq!(
                c.spki_sha256,
                e["spki_sha256"].as_str().unwrap(),
                "{ctx} pin"
            );
            assert_eq!(
                c.spki_sha256_base64,
                e["spki_sha256_base64"].as_str().unwrap(),
                "{ctx} pin b64"
            );
            assert_eq!(
                c.fingerprint_sha256,
                e["fingerprint_sha256"].as_str().unwrap(),
                "{ctx} sha256"
            );
            assert_eq!(
                c.fingerprint_sha1,
                e["fingerprint_sha1"].as_str().unwrap(),
                "{ctx} sha1"
            );
        }
    }
}

#[test]
fn validity_status_at_fixed_now() {
    let r = run("certs/leaf-expired.pem", None);
    assert_eq!(
        serde_json::to_value(&r.certificates[0].validity.status).unwrap(),
        "expired"
    );
    assert!(r.certificates[0].validity.days_left < 0);
    let r = run("certs/leaf-not-yet-valid.pem", None);
    assert_eq!(
        serde_json::to_value(&r.certificates[0].validity.status).unwrap(),
        "not_yet_valid"
    );
    let r = run("certs/rsa-leaf.pem", None);
    let c = &r.certificates[0];
    assert_eq!(serde_json::to_value(&c.validity.status).unwrap(), "valid");
    // notAfter 2027-06-01T00:00:00Z, now 2026-07-01T00:00:00Z: 335 days.
    let expected_days = (timefmt::parse_rfc3339(&c.not_after).unwrap() - now()) / 86_400;
    assert_eq!(c.validity.days_left, expected_days);
    assert_eq!(c.validity.days_left, 335);
}

#[test]
fn every_private_key_matches_openssl() {
    let exp = expected();
    for (file, e) in exp["keys"].as_object().unwrap() {
        let password = e["password"].as_str();
        let r = run(file, password);
        assert!(r.errors.is_empty(), "{file}: {:?}", r.errors);
        assert_eq!(r.private_keys.len(), 1, "{file}: {r:#?}");
        let k = &r.private_keys[0];
        assert_eq!(
            serde_json::to_value(k.format).unwrap(),
            e["format"],
            "{file} format"
        );
        assert_eq!(
            k.encrypted,
            e["encrypted"].as_bool().unwrap(),
            "{file} encrypted"
        );
        let expected_pin = e["spki_sha256"].as_str().unwrap();
        assert_eq!(k.spki_sha256.as_deref(), Some(expected_pin), "{file} pin");
        let pk = k.public_key.as_ref().unwrap();
        assert_eq!(
            pk.algorithm,
            e["algorithm"].as_str().unwrap(),
            "{file} algorithm"
        );
        assert_eq!(pk.bits, e["bits"].as_u64().map(|b| b as u32), "{file} bits");
        assert_eq!(pk.curve.as_deref(), e["curve"].as_str(), "{file} curve");
    }
}

#[test]
fn encrypted_keys_without_password_are_classified_and_listed_as_locked() {
    for (file, format) in [
        ("keys/rsa-leaf.pkcs8-enc.pem", "pkcs8_encrypted"),
        ("keys/rsa-leaf.legacy-aes.pem", "pkcs1_legacy_encrypted"),
        ("keys/ec-leaf.legacy-aes.pem", "sec1_legacy_encrypted"),
    ] {
        let r = run(file, None);
        assert!(r.errors.is_empty(), "{file}: {:?}", r.errors);
        let k = &r.private_keys[0];
        assert_eq!(serde_json::to_value(k.format).unwrap(), format);
        assert!(k.encrypted && k.needs_password && k.spki_sha256.is_none());
        assert_eq!(r.password_needed.len(), 1);
    }
    let r = run("keys/rsa-leaf.pkcs8-enc.pem", Some("wrong horse"));
    assert_eq!(r.errors.len(), 1);
    assert!(
        r.errors[0].message.starts_with(
            "keys/rsa-leaf.pkcs8-enc.pem, block 1 (ENCRYPTED PRIVATE KEY): wrong password"
        ),
        "{}",
        r.errors[0].message
    );
}

#[test]
fn keys_match_their_certificates() {
    let r = run("inputs/leaf-and-key.pem", None);
    assert_eq!(r.certificates.len(), 1);
    assert_eq!(r.private_keys[0].matches, vec![0]);
    let bytes = std::fs::read(fixtures().join("keys/unrelated.pkcs8.pem")).unwrap();
    let cert = std::fs::read(fixtures().join("certs/rsa-leaf.pem")).unwrap();
    let r = inspect(
        &[Input::new("a", cert), Input::new("b", bytes)],
        &Options::at(now()),
    );
    assert!(r.private_keys[0].matches.is_empty());
}

#[test]
fn public_keys_get_openssl_pins() {
    let exp = expected();
    let certs = exp["certs"].as_object().unwrap();
    for (file, e) in exp["public_keys"].as_object().unwrap() {
        let r = run(file, None);
        assert!(r.errors.is_empty(), "{file}: {:?}", r.errors);
        assert_eq!(r.public_keys.len(), 1, "{file}");
        assert_eq!(
            r.public_keys[0].spki_sha256,
            e["spki_sha256"].as_str().unwrap(),
            "{file}"
        );
        assert_eq!(
            r.public_keys[0].format,
            e["format"].as_str().unwrap(),
            "{file}"
        );
        if let Some(c) = e["matches_cert"].as_str() {
            assert_eq!(
                r.public_keys[0].spki_sha256,
                certs[c]["spki_sha256"].as_str().unwrap()
            );
        }
    }
}

#[test]
fn every_input_form_yields_the_certificates_openssl_found() {
    let exp = expected();
    let by_fp = fingerprints(&exp);
    let keys = exp["keys"].as_object().unwrap();
    for (file, e) in exp["inputs"].as_object().unwrap() {
        let r = run(file, e["password"].as_str());
        assert!(r.errors.is_empty(), "{file}: {:#?}", r.errors);
        let got: Vec<String> = r
            .certificates
            .iter()
            .map(|c| {
                by_fp
                    .get(&c.fingerprint_sha256)
                    .cloned()
                    .unwrap_or_else(|| format!("unknown {}", c.fingerprint_sha256))
            })
            .collect();
        assert_eq!(
            got,
            strings(&e["certs"]),
            "{file}: certificates in file order"
        );
        let want_keys = strings(&e["keys"]);
        assert_eq!(r.private_keys.len(), want_keys.len(), "{file}: keys");
        for (k, name) in r.private_keys.iter().zip(&want_keys) {
            assert_eq!(
                k.spki_sha256.as_deref(),
                keys[name]["spki_sha256"].as_str(),
                "{file}: key {name}"
            );
        }
    }
}

#[test]
fn values_yaml_pins_are_collected() {
    let exp = expected();
    let r = run("inputs/values.yaml", None);
    assert_eq!(r.pinned_hashes.len(), 1);
    assert_eq!(
        r.pinned_hashes[0].path,
        "certificate.security_pinned_hashes"
    );
    assert_eq!(
        r.pinned_hashes[0].pins,
        strings(&exp["inputs"]["inputs/values.yaml"]["pinned_hashes"])
    );
}

#[test]
fn bad_inputs_give_specific_errors_and_keep_the_good_blocks() {
    let exp = expected();
    let by_fp = fingerprints(&exp);
    for (file, e) in exp["bad"].as_object().unwrap() {
        let r = run(file, None);
        assert!(!r.errors.is_empty(), "{file}: no error reported");
        for err in &r.errors {
            assert!(
                err.message.starts_with(file.as_str()),
                "{file}: {}",
                err.message
            );
        }
        let got: Vec<String> = r
            .certificates
            .iter()
            .map(|c| by_fp[&c.fingerprint_sha256].clone())
            .collect();
        assert_eq!(got, strings(&e["certs"]), "{file}");
    }
    let msg = |file: &str| {
        run(file, None)
            .errors
            .iter()
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        msg("inputs/bad/truncated.pem").contains("block 1 (line 1, CERTIFICATE): missing END line"),
        "{}",
        msg("inputs/bad/truncated.pem")
    );
    assert!(msg("inputs/bad/missing-end.pem")
        .contains("missing END line (another BEGIN starts at line"));
    assert!(msg("inputs/bad/bad-base64.pem").contains("invalid Base64 on line"));
    assert!(msg("inputs/bad/mismatched-labels.pem").contains("END line says \"PRIVATE KEY\""));
    assert!(msg("inputs/bad/cert-body-is-key.pem")
        .contains("the label says CERTIFICATE, but the content is a PKCS#8 private key"));
    assert!(msg("inputs/bad/empty.pem").contains("the input is empty"));
    assert!(msg("inputs/bad/garbage.bin").contains("neither DER nor text"));
    assert!(msg("inputs/bad/text-only.txt").contains("no PEM block"));
    assert!(
        msg("inputs/bad/truncated.der").contains("truncated"),
        "{}",
        msg("inputs/bad/truncated.der")
    );
}

#[test]
fn pkcs12_needs_the_right_password() {
    let r = run("inputs/bundle.p12", None);
    assert!(r.errors.is_empty());
    assert_eq!(r.password_needed.len(), 1);
    assert!(r.certificates.is_empty());
    let r = run("inputs/bundle.p12", Some("wrong"));
    assert_eq!(r.errors.len(), 1);
    assert!(
        r.errors[0].message.contains("wrong password"),
        "{}",
        r.errors[0].message
    );
}

#[test]
fn a_bad_block_never_hides_the_others_in_a_pool() {
    let read = |f: &str| std::fs::read(fixtures().join(f)).unwrap();
    let inputs = vec![
        Input::new("garbage.bin", read("inputs/bad/garbage.bin")),
        Input::new("chain.pem", read("inputs/chain-shuffled.pem")),
        Input::new("cut.pem", read("inputs/bad/truncated.pem")),
        Input::new("key.pem", read("keys/rsa-leaf.pkcs1.pem")),
    ];
    let r = inspect(&inputs, &Options::at(now()));
    assert_eq!(r.certificates.len(), 3);
    assert_eq!(r.private_keys.len(), 1);
    assert_eq!(r.errors.len(), 2);
    assert_eq!(r.errors[0].source, "garbage.bin");
    assert_eq!(r.errors[1].source, "cut.pem");
    // The key matches the leaf wherever it sits in the pool.
    let leaf = r
        .certificates
        .iter()
        .find(|c| c.subject == "CN=example.test,O=certlens test")
        .unwrap();
    assert_eq!(r.private_keys[0].matches, vec![leaf.index]);
}

/// Every certificate of Debian's CA bundle gets the pin openssl computes.
#[test]
fn debian_ca_bundle_pins_equal_openssl() {
    let bundle = "/etc/ssl/certs/ca-certificates.crt";
    let bytes = std::fs::read(bundle)
        .expect("Debian's ca-certificates bundle (apt-get install ca-certificates)");
    let script = r#"
        set -e
        dir=$(mktemp -d)
        awk -v d="$dir" '/BEGIN CERT/{n++} n{print > (d "/" sprintf("%04d", n) ".pem")}' "$1"
        for f in "$dir"/*.pem; do
          openssl x509 -in "$f" -noout -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -r | cut -d' ' -f1
        done
        rm -rf "$dir"
    "#;
    let out = std::process::Command::new("bash")
        .args(["-c", script, "bash", bundle])
        .output()
        .expect("bash and openssl are needed for this test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let openssl: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let r = inspect(
        &[Input::new(bundle, bytes)],
        &Options {
            check_self_signatures: true,
            ..Options::at(now())
        },
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(
        openssl.len() > 100,
        "only {} certificates in the bundle",
        openssl.len()
    );
    let ours: Vec<String> = r
        .certificates
        .iter()
        .map(|c| c.spki_sha256.clone())
        .collect();
    assert_eq!(ours, openssl);
    // Every root in the bundle is self-signed, and the check is a real signature check.
    let not_self_signed: Vec<&str> = r
        .certificates
        .iter()
        .filter(|c| !c.self_signed)
        .map(|c| c.subject.as_str())
        .collect();
    assert!(not_self_signed.is_empty(), "{not_self_signed:?}");
    assert!(r
        .certificates
        .iter()
        .all(|c| c.self_signature == Some(certlens_core::SignatureStatus::Valid)));
}

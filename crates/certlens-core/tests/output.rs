//! Round trips of everything `certlens_core::output` produces, over the openssl-made fixtures in
//! tests/fixtures: every YAML is parsed back with yaml-rust2, every Base64 value decoded and
//! compared with the fixture's bytes, every pin compared with expected.json (computed by
//! openssl), and converted keys compared byte for byte with the files openssl wrote.

mod common;
use common::{b64, expected, fixtures, now, str_at, yaml_doc as parse, yaml_docs as parse_all};

use certlens_core::enckey;
use certlens_core::output::{self, OutputError};
use certlens_core::Input;
use certlens_core::TargetFormat;
use certlens_core::{inspect, Options, Report};
use yaml_rust2::Yaml;

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn text(rel: &str) -> String {
    String::from_utf8(bytes(rel)).unwrap()
}

/// Concatenated fixture files (PEM).
fn cat(rels: &[&str]) -> String {
    rels.iter().map(|r| text(r)).collect()
}

fn run(rels: &[&str], password: Option<&str>) -> Report {
    let inputs: Vec<Input> = rels.iter().map(|r| Input::new(*r, bytes(r))).collect();
    let mut opts = Options::at(now());
    if let Some(p) = password {
        opts = opts.with_password(p);
    }
    inspect(&inputs, &opts)
}

fn cert_pin(name: &str) -> String {
    expected()["certs"][name]["spki_sha256"]
        .as_str()
        .unwrap()
        .to_string()
}

fn cert_pin_b64(name: &str) -> String {
    expected()["certs"][name]["spki_sha256_base64"]
        .as_str()
        .unwrap()
        .to_string()
}

fn b64_text(s: &str) -> String {
    String::from_utf8(b64(s)).unwrap()
}

fn keys_of(y: &Yaml) -> Vec<String> {
    y.as_hash()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

/// The value sits whole on one line of the YAML text (no folding or wrapping).
fn assert_one_line(yaml: &str, value: &str) {
    assert!(value.len() > 40, "value too short to be meaningful");
    assert!(
        yaml.lines().any(|l| l.ends_with(&format!(" {value}"))),
        "value is not on one line of:\n{yaml:.400}"
    );
}

// ------------------------------------------------------------------------------------------------
// certificate.tls values

#[test]
fn values_from_shuffled_chain_are_leaf_first_and_round_trip() {
    let r = run(&["inputs/chain-shuffled.pem", "keys/rsa-leaf.key"], None);
    let v = output::tls_values(&r, &output::TlsValuesOptions::default()).unwrap();
    let y = parse(&v.yaml);
    assert_eq!(keys_of(&y), ["certificate"]);
    assert_eq!(
        keys_of(&y["certificate"]),
        ["security_pinned_hashes", "tls"]
    );
    let crt = str_at(&y, &["certificate", "tls", "crt"]);
    let key = str_at(&y, &["certificate", "tls", "key"]);
    // Default: the vendor's full chain, leaf → intermediate → root.
    assert_eq!(
        b64_text(crt),
        cat(&[
            "certs/rsa-leaf.pem",
            "certs/rsa-int.pem",
            "certs/rsa-root.pem"
        ])
    );
    assert_eq!(b64_text(key), text("keys/rsa-leaf.pkcs8.pem"));
    assert_eq!(crt, v.crt_base64);
    assert_eq!(key, &*v.key_base64);
    assert_eq!(
        v.full_chain_pem,
        cat(&[
            "certs/rsa-leaf.pem",
            "certs/rsa-int.pem",
            "certs/rsa-root.pem"
        ])
    );
    assert_eq!(&*v.key_pem, text("keys/rsa-leaf.pkcs8.pem"));
    assert_one_line(&v.yaml, crt);
    assert_one_line(&v.yaml, key);
    let pins: Vec<&str> = y["certificate"]["security_pinned_hashes"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(pins, [cert_pin("rsa-leaf")]);
    assert_eq!(v.leaf_pin, cert_pin("rsa-leaf"));
    let roles: Vec<(usize, bool)> = v.chain.iter().map(|m| (m.index, m.included)).collect();
    // Pool order: int (0), root (1), leaf (2).
    assert_eq!(roles, [(2, true), (0, true), (1, true)]);
    assert!(
        v.notes.iter().any(|n| n.contains("out of order")),
        "{:?}",
        v.notes
    );
    assert!(v.yaml.starts_with("# "), "comments first");
    assert!(
        !v.yaml.contains("---"),
        "a values fragment has no document marker"
    );
    // The same from the reversed chain and from the key given first.
    let r2 = run(
        &["keys/rsa-leaf.pkcs1.pem", "inputs/chain-reversed.pem"],
        None,
    );
    let v2 = output::tls_values(&r2, &output::TlsValuesOptions::default()).unwrap();
    assert_eq!(v2.crt_base64, v.crt_base64);
    // A PKCS#1 key is kept as given (the chart accepts it): openssl's PKCS#1 bytes.
    assert_eq!(&*v2.key_pem, text("keys/rsa-leaf.pkcs1.pem"));
    assert_eq!(v2.key_format, TargetFormat::Pkcs1);
}

#[test]
fn values_with_root_and_pkcs1() {
    let r = run(&["inputs/chain-shuffled.pem", "keys/rsa-leaf.key"], None);
    let opts = output::TlsValuesOptions {
        include_root: true,
        key_format: Some(TargetFormat::Pkcs1),
        ..Default::default()
    };
    let v = output::tls_values(&r, &opts).unwrap();
    let y = parse(&v.yaml);
    assert_eq!(
        b64_text(str_at(&y, &["certificate", "tls", "crt"])),
        text("inputs/chain-correct.pem")
    );
    assert_eq!(
        b64_text(str_at(&y, &["certificate", "tls", "key"])),
        text("keys/rsa-leaf.pkcs1.pem")
    );
}

/// Every name the user asked for and the leaf does not cover is a warning of the output, also
/// one that no certificate covers at all (an IP address, a name under another domain).
#[test]
fn values_warn_about_every_uncovered_name() {
    let inputs: Vec<Input> = ["inputs/chain-correct.pem", "keys/rsa-leaf.key"]
        .iter()
        .map(|r| Input::new(*r, bytes(r)))
        .collect();
    let opts = Options {
        names: vec![
            "10.0.0.2".into(),
            "a.b.example.test".into(),
            "example.test".into(),
        ],
        ..Options::at(now())
    };
    let r = inspect(&inputs, &opts);
    let v = output::tls_values(&r, &output::TlsValuesOptions::default()).unwrap();
    for name in ["10.0.0.2", "a.b.example.test"] {
        assert!(
            v.warnings
                .iter()
                .any(|w| w.starts_with(&format!("{name} is not covered"))),
            "{name}: {:?}",
            v.warnings
        );
    }
    assert!(
        !v.warnings.iter().any(|w| w.starts_with("example.test ")),
        "{:?}",
        v.warnings
    );
}

#[test]
fn values_without_a_root_in_the_input_warn() {
    let r = run(&["inputs/chain-no-root.pem", "keys/rsa-leaf.key"], None);
    let v = output::tls_values(
        &r,
        &output::TlsValuesOptions {
            include_root: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(v.full_chain_pem, text("inputs/chain-no-root.pem"));
    assert!(
        v.warnings
            .iter()
            .any(|w| w.contains("the root CA is not in the input")),
        "{:?}",
        v.warnings
    );
}

#[test]
fn values_from_pkcs12_ec() {
    let r = run(&["inputs/bundle-ec.pfx"], Some("correct horse"));
    let v = output::tls_values(&r, &output::TlsValuesOptions::default()).unwrap();
    let y = parse(&v.yaml);
    assert_eq!(
        b64_text(str_at(&y, &["certificate", "tls", "crt"])),
        cat(&["certs/ec-leaf.pem", "certs/ec-int.pem", "certs/ec-root.pem"])
    );
    assert_eq!(
        b64_text(str_at(&y, &["certificate", "tls", "key"])),
        text("keys/ec-leaf.pkcs8.pem")
    );
    assert_eq!(v.pins, [cert_pin("ec-leaf")]);
    // An EC key cannot be PKCS#1.
    let e = output::tls_values(
        &r,
        &output::TlsValuesOptions {
            key_format: Some(TargetFormat::Pkcs1),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, OutputError::KeyUnusable { .. }), "{e:?}");
    assert!(e.to_string().contains("PKCS#1 holds only RSA keys"), "{e}");
}

#[test]
fn values_rotation_lists_new_then_old_pins() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    let old = cert_pin("rsa-leaf-b");
    // Old pins in mixed forms: hex upper case, Base64 of the same, the new pin again.
    let opts = output::TlsValuesOptions {
        old_pins: vec![
            old.to_uppercase(),
            format!("sha256/{}", cert_pin_b64("rsa-leaf-b")),
            cert_pin("rsa-leaf"),
        ],
        ..Default::default()
    };
    let v = output::tls_values(&r, &opts).unwrap();
    let y = parse(&v.yaml);
    let pins: Vec<&str> = y["certificate"]["security_pinned_hashes"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(pins, [cert_pin("rsa-leaf"), old.clone()]);
    assert_eq!(v.old_pins, [old]);
    // The old side from an inspected file: a values.yaml with its pins and certificate.
    let old_report = run(&["inputs/values.yaml"], None);
    let from_values = output::old_side_pins(&old_report);
    let pinned = &expected()["inputs"]["inputs/values.yaml"]["pinned_hashes"];
    for p in pinned.as_array().unwrap() {
        assert!(
            from_values.contains(&p.as_str().unwrap().to_string()),
            "{from_values:?}"
        );
    }
    // Old side as certificate + key of another leaf.
    let old_report = run(&["certs/rsa-leaf-b.pem", "keys/rsa-leaf-b.key"], None);
    assert_eq!(output::old_side_pins(&old_report), [cert_pin("rsa-leaf-b")]);
    // A malformed old pin is refused.
    let bad = output::TlsValuesOptions {
        old_pins: vec!["not-a-pin".into()],
        ..Default::default()
    };
    assert!(matches!(
        output::tls_values(&r, &bad),
        Err(OutputError::InvalidPin { .. })
    ));
}

#[test]
fn values_errors_are_sentences() {
    let no_key = run(&["inputs/chain-correct.pem"], None);
    let e = output::tls_values(&no_key, &Default::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no private key matches the leaf certificate CN=example.test; add the key file"
    );

    let wrong_key = run(
        &["inputs/chain-correct.pem", "keys/unrelated.pkcs8.pem"],
        None,
    );
    let e = output::tls_values(&wrong_key, &Default::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("private key #0 belongs to no certificate in the input"),
        "{e}"
    );

    let missing = run(&["inputs/chain-missing-int.pem", "keys/rsa-leaf.key"], None);
    let e = output::tls_values(&missing, &Default::default()).unwrap_err();
    assert!(
        matches!(e, OutputError::MissingIntermediate { .. }),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("the chain is missing its intermediate: the issuer of CN=example.test (CN=certlens Test RSA Intermediate CA"), "{e}");
    let forced = output::tls_values(
        &missing,
        &output::TlsValuesOptions {
            allow_incomplete_chain: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(forced.full_chain_pem, text("certs/rsa-leaf.pem"));
    assert!(!forced.warnings.is_empty());

    let badsig = run(&["inputs/chain-badsig.pem", "keys/rsa-leaf.key"], None);
    let e = output::tls_values(&badsig, &Default::default()).unwrap_err();
    assert!(matches!(e, OutputError::InvalidSignature { .. }), "{e:?}");

    let locked = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs8-enc.pem"],
        None,
    );
    let e = output::tls_values(&locked, &Default::default()).unwrap_err();
    assert!(matches!(e, OutputError::KeyLocked { .. }), "{e:?}");
    assert!(
        e.to_string().contains("is encrypted; give its password"),
        "{e}"
    );
    let unlocked = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs8-enc.pem"],
        Some("correct horse"),
    );
    let v = output::tls_values(&unlocked, &Default::default()).unwrap();
    assert_eq!(&*v.key_pem, text("keys/rsa-leaf.pkcs8.pem"));

    let nothing = run(&["inputs/bad/text-only.txt"], None);
    assert!(matches!(
        output::tls_values(&nothing, &Default::default()),
        Err(OutputError::NoCertificate { .. })
    ));
    let sec1 = output::TlsValuesOptions {
        key_format: Some(TargetFormat::Sec1),
        ..Default::default()
    };
    assert!(matches!(
        output::tls_values(&unlocked, &sec1),
        Err(OutputError::UnsupportedKeyFormat { .. })
    ));
    let chain9 = output::TlsValuesOptions {
        chain: Some(9),
        ..Default::default()
    };
    assert_eq!(
        output::tls_values(&unlocked, &chain9)
            .unwrap_err()
            .to_string(),
        "there is no chain 10; the input has 1 chain"
    );
}

#[test]
fn values_pick_the_keyed_chain_of_two() {
    let r = run(
        &["inputs/chain-two-chains.pem", "keys/ec-leaf.sec1.pem"],
        None,
    );
    let v = output::tls_values(&r, &Default::default()).unwrap();
    assert_eq!(
        v.full_chain_pem,
        cat(&["certs/ec-leaf.pem", "certs/ec-int.pem", "certs/ec-root.pem"])
    );
    assert!(
        v.notes.iter().any(|n| n.contains("2 chains")),
        "{:?}",
        v.notes
    );
}

// ------------------------------------------------------------------------------------------------
// kubernetes.io/tls Secret

#[test]
fn secret_round_trips_with_ca() {
    let r = run(
        &["keys/rsa-leaf.pkcs1.pem", "inputs/chain-reversed.pem"],
        None,
    );
    let mut opts = output::TlsSecretOptions::named("lightrun-tls");
    opts.namespace = Some("lightrun".into());
    opts.include_ca = true;
    let s = output::tls_secret(&r, &opts).unwrap();
    let y = parse(&s.yaml);
    assert_eq!(
        keys_of(&y),
        ["apiVersion", "kind", "metadata", "type", "data"]
    );
    assert_eq!(str_at(&y, &["apiVersion"]), "v1");
    assert_eq!(str_at(&y, &["kind"]), "Secret");
    assert_eq!(str_at(&y, &["type"]), "kubernetes.io/tls");
    assert_eq!(keys_of(&y["metadata"]), ["name", "namespace"]);
    assert_eq!(str_at(&y, &["metadata", "name"]), "lightrun-tls");
    assert_eq!(str_at(&y, &["metadata", "namespace"]), "lightrun");
    assert_eq!(keys_of(&y["data"]), ["tls.crt", "tls.key", "ca.crt"]);
    assert_eq!(
        b64_text(str_at(&y, &["data", "tls.crt"])),
        cat(&[
            "certs/rsa-leaf.pem",
            "certs/rsa-int.pem",
            "certs/rsa-root.pem"
        ])
    );
    // A PKCS#1 key stays PKCS#1: the chart accepts it.
    assert_eq!(
        b64_text(str_at(&y, &["data", "tls.key"])),
        text("keys/rsa-leaf.pkcs1.pem")
    );
    assert_eq!(
        b64_text(str_at(&y, &["data", "ca.crt"])),
        text("certs/rsa-root.pem")
    );
    for v in [
        &s.crt_base64,
        &*s.key_base64,
        s.ca_base64.as_deref().unwrap(),
    ] {
        assert_one_line(&s.yaml, v);
    }
    assert_eq!(
        s.kubectl,
        "kubectl create secret generic lightrun-tls --type=kubernetes.io/tls --from-file=tls.crt=full-chain.crt --from-file=tls.key=tls.key --from-file=ca.crt=ca.crt -n lightrun"
    );
    assert_eq!(
        s.ca_pem.as_deref(),
        Some(text("certs/rsa-root.pem").as_str())
    );
    assert_eq!(
        str_at(&parse(&s.values_yaml), &["certificate", "existing_cert"]),
        "lightrun-tls"
    );
    assert_eq!(
        s.values_yaml,
        "certificate:\n  existing_cert: lightrun-tls\n"
    );

    // certlens reads its own Secret back: same certificates, key and pins.
    let back = inspect(
        &[Input::new("secret.yaml", s.yaml.as_bytes().to_vec())],
        &Options::at(now()),
    );
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    // tls.crt: leaf, intermediate, root; ca.crt: the root again.
    assert_eq!(back.certificates.len(), 4);
    assert_eq!(back.private_keys.len(), 1);
    assert_eq!(
        back.private_keys[0].spki_sha256.as_deref(),
        Some(cert_pin("rsa-leaf").as_str())
    );
}

#[test]
fn secret_plain_kubectl_line_and_names() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    let s = output::tls_secret(&r, &output::TlsSecretOptions::named("my-tls")).unwrap();
    assert_eq!(
        s.kubectl,
        "kubectl create secret tls my-tls --cert=full-chain.crt --key=tls.key"
    );
    let y = parse(&s.yaml);
    assert_eq!(keys_of(&y["metadata"]), ["name"]);
    assert_eq!(keys_of(&y["data"]), ["tls.crt", "tls.key"]);
    assert!(s.yaml.lines().any(|l| l == "---"));
    for bad in ["My_TLS", "", "-x", "a b"] {
        let e = output::tls_secret(&r, &output::TlsSecretOptions::named(bad)).unwrap_err();
        assert!(
            matches!(e, OutputError::InvalidName { .. }),
            "{bad:?}: {e:?}"
        );
    }
    let mut o = output::TlsSecretOptions::named("ok");
    o.namespace = Some("Bad.NS".into());
    assert!(matches!(
        output::tls_secret(&r, &o),
        Err(OutputError::InvalidName { .. })
    ));
}

#[test]
fn secret_ca_of_a_rootless_chain_is_the_intermediate_with_a_warning() {
    let r = run(&["inputs/chain-no-root.pem", "keys/rsa-leaf.key"], None);
    let mut o = output::TlsSecretOptions::named("t");
    o.include_ca = true;
    let s = output::tls_secret(&r, &o).unwrap();
    assert_eq!(
        s.ca_pem.as_deref(),
        Some(text("certs/rsa-int.pem").as_str())
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("root CA is not in the input")),
        "{:?}",
        s.warnings
    );
    // A self-signed leaf is its own CA.
    let r = run(&["certs/ed25519-self.pem", "keys/ed25519-self.key"], None);
    let s = output::tls_secret(&r, &o).unwrap();
    assert_eq!(
        s.ca_pem.as_deref(),
        Some(text("certs/ed25519-self.pem").as_str())
    );
    assert_eq!(&*s.key_pem, text("keys/ed25519-self.key"));
}

// ------------------------------------------------------------------------------------------------
// Internal TLS

fn internal_opts() -> output::InternalTlsOptions {
    output::InternalTlsOptions::new("lightrun", "lightrun")
}

#[test]
fn internal_tls_with_a_certificate_that_covers_every_service() {
    // The leaf comes last and the key first; rsa-leaf (with its key) competes.
    let r = run(
        &[
            "keys/internal-services.key",
            "inputs/chain-correct.pem",
            "keys/rsa-leaf.key",
            "certs/internal-services.pem",
        ],
        None,
    );
    let t = output::internal_tls(&r, &internal_opts()).unwrap();
    // The main certificate (rsa-leaf, CN=example.test, with its key) chains to the CA of
    // ca.crt but does not cover lightrun-backend: the router's verification of the backend fails.
    assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    assert!(
        t.warnings[0].starts_with(
            "backend: the router verifies the backend as lightrun-backend against ca.crt"
        ),
        "{:?}",
        t.warnings
    );
    assert!(t.warnings[0].contains("CN=example.test does not cover lightrun-backend, lightrun-backend.lightrun, lightrun-backend.lightrun.svc"), "{:?}", t.warnings);
    assert!(
        t.warnings[0].contains("issue the main certificate from the internal CA")
            && t.warnings[0].contains("put both CAs in ca.crt")
    );
    let b = t.backend.as_ref().unwrap();
    assert!(b.chains_to_ca && !b.covered && !b.ok);
    assert_eq!(
        r.certificates[b.certificate]
            .fingerprint_sha256
            .to_ascii_lowercase()
            .replace(':', ""),
        expected()["certs"]["rsa-leaf"]["fingerprint_sha256"]
            .as_str()
            .unwrap()
            .to_ascii_lowercase()
            .replace(':', "")
    );
    // Every key the chart mounts by default: seven Secrets (issue item 3).
    let keys: Vec<&str> = t.services.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "frontend",
            "keycloak",
            "keycloak_cluster",
            "redis",
            "rabbitmq",
            "data_streamer",
            "artifacts"
        ]
    );
    let names: Vec<&str> = t.services.iter().map(|s| s.secret_name.as_str()).collect();
    assert_eq!(
        names,
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
    let services: Vec<Option<&str>> = t.services.iter().map(|s| s.service.as_deref()).collect();
    assert_eq!(
        services,
        [
            Some("lightrun-frontend"),
            Some("lightrun-keycloak"),
            None,
            Some("lightrun-redis"),
            Some("lightrun-mq"),
            Some("lightrun-data-streamer"),
            Some("lightrun-artifacts")
        ]
    );
    let docs = parse_all(&t.yaml);
    assert_eq!(docs.len(), 8, "CA Secret + 7 services");
    assert_eq!(
        str_at(&docs[0], &["metadata", "name"]),
        "lightrun-internal-ca"
    );
    assert_eq!(str_at(&docs[0], &["type"]), "Opaque");
    assert_eq!(
        b64_text(str_at(&docs[0], &["data", "ca.crt"])),
        text("certs/rsa-root.pem")
    );
    let leaf_chain = cat(&[
        "certs/internal-services.pem",
        "certs/rsa-int.pem",
        "certs/rsa-root.pem",
    ]);
    for (doc, sv) in docs[1..].iter().zip(&t.services) {
        assert_eq!(
            keys_of(doc),
            ["apiVersion", "kind", "metadata", "type", "data"]
        );
        assert_eq!(str_at(doc, &["type"]), "kubernetes.io/tls");
        assert_eq!(str_at(doc, &["metadata", "name"]), sv.secret_name);
        assert_eq!(str_at(doc, &["metadata", "namespace"]), "lightrun");
        if sv.key == "keycloak_cluster" {
            assert_eq!(keys_of(&doc["data"]), ["tls.crt", "tls.key", "ca.crt"]);
            assert_eq!(
                b64_text(str_at(doc, &["data", "ca.crt"])),
                text("certs/rsa-root.pem")
            );
            assert_eq!(b64_text(str_at(doc, &["data", "tls.crt"])), leaf_chain);
            continue;
        }
        assert_eq!(keys_of(&doc["data"]), ["tls.crt", "tls.key"]);
        assert_eq!(b64_text(str_at(doc, &["data", "tls.crt"])), leaf_chain);
        assert_eq!(
            b64_text(str_at(doc, &["data", "tls.key"])),
            text("keys/internal-services.key")
        );
        assert!(sv.covered);
        let checked: Vec<&str> = sv.names.iter().map(|n| n.name.as_str()).collect();
        let svc = sv.service.as_deref().unwrap();
        assert_eq!(
            checked,
            [
                svc.to_string(),
                format!("{svc}.lightrun"),
                format!("{svc}.lightrun.svc")
            ]
        );
        assert_one_line(&t.yaml, &sv.crt_base64);
    }
    let v = parse(&t.values_yaml);
    let it = &v["general"]["internal_tls"];
    assert_eq!(it["enabled"].as_bool(), Some(true));
    assert_eq!(
        str_at(it, &["certificates", "source"]),
        "existing_certificates"
    );
    assert_eq!(
        str_at(it, &["certificates", "existing_ca_secret_name"]),
        "lightrun-internal-ca"
    );
    assert_eq!(
        str_at(it, &["certificates", "existing_certificates", "rabbitmq"]),
        "lightrun-rabbitmq-tls"
    );
    assert_eq!(
        str_at(
            it,
            &["certificates", "existing_certificates", "data_streamer"]
        ),
        "lightrun-data-streamer-tls"
    );
    assert_eq!(
        keys_of(&it["certificates"]["existing_certificates"]),
        [
            "frontend",
            "keycloak",
            "keycloak_cluster",
            "redis",
            "rabbitmq",
            "data_streamer",
            "artifacts"
        ]
    );
    // No key of the chart's mounts is left empty.
    for k in output::INTERNAL_TLS_MOUNTED_KEYS {
        assert!(!str_at(it, &["certificates", "existing_certificates", k]).is_empty());
    }
    // Keycloak is offered the internal CA through secrets.customCa (item 5).
    let cc = parse(&t.custom_ca.values_yaml);
    assert_eq!(
        b64_text(str_at(&cc, &["secrets", "customCa", "customCaCertificate"])),
        text("certs/rsa-root.pem")
    );
}

#[test]
fn internal_tls_without_a_separate_main_certificate_notes_the_backend_check() {
    // internal-services.pem (issued under the RSA root) is the only keyed chain: it serves the
    // services, so there is no other main certificate to check: a note says what to check.
    let r = run(
        &[
            "keys/internal-services.key",
            "inputs/chain-correct.pem",
            "certs/internal-services.pem",
        ],
        None,
    );
    let t = output::internal_tls(&r, &internal_opts()).unwrap();
    assert!(t.backend.is_none());
    assert!(
        t.notes
            .iter()
            .any(|n| n.starts_with("backend: with verification on")),
        "{:?}",
        t.notes
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn internal_tls_narrowed_list_leaving_mounted_keys_empty_is_an_error() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    let mut o = internal_opts();
    o.services = vec!["redis".into(), "keycloak_cluster".into()];
    let e = output::internal_tls(&r, &o).unwrap_err();
    match &e {
        OutputError::InternalTlsIncomplete { missing } => assert_eq!(
            missing,
            &[
                "frontend",
                "keycloak",
                "rabbitmq",
                "data_streamer",
                "artifacts"
            ]
        ),
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    assert!(msg.starts_with("internal TLS would leave frontend, keycloak, rabbitmq, data_streamer, artifacts of general.internal_tls.certificates.existing_certificates empty: the chart mounts them anyway, with an empty secretName:"), "{msg}");
    assert!(
        msg.contains("name the Secret you already have for each"),
        "{msg}"
    );
    // Naming the Secrets the user already has for the others fills them.
    o.existing_secrets = [
        "frontend",
        "keycloak",
        "rabbitmq",
        "data-streamer",
        "artifacts",
    ]
    .iter()
    .map(|k| (k.to_string(), format!("mine-{}", k.replace('_', "-"))))
    .collect();
    let t = output::internal_tls(&r, &o).unwrap();
    let it = parse(&t.values_yaml);
    let ec = &it["general"]["internal_tls"]["certificates"]["existing_certificates"];
    assert_eq!(keys_of(ec).len(), 7);
    assert_eq!(str_at(ec, &["data_streamer"]), "mine-data-streamer");
    assert_eq!(str_at(ec, &["redis"]), "lightrun-redis-tls");
    assert_eq!(
        parse_all(&t.yaml).len(),
        3,
        "CA Secret + redis + keycloak_cluster"
    );
}

#[test]
fn internal_tls_warns_about_uncovered_names_and_adds_ca_for_keycloak_cluster() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    let mut o = internal_opts();
    o.services = vec![
        "mq".into(),
        "keycloak_cluster".into(),
        "data-streamer".into(),
    ];
    o.ca_secret_name = Some("my-ca".into());
    o.existing_secrets = vec![
        ("frontend".into(), "a".into()),
        ("keycloak".into(), "b".into()),
        ("redis".into(), "c".into()),
        ("artifacts".into(), "d".into()),
    ];
    let t = output::internal_tls(&r, &o).unwrap();
    let keys: Vec<&str> = t.services.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["rabbitmq", "keycloak_cluster", "data_streamer"]);
    assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
    assert!(t.warnings[0].starts_with("rabbitmq: certificate CN=example.test does not cover lightrun-mq, lightrun-mq.lightrun, lightrun-mq.lightrun.svc"), "{:?}", t.warnings);
    assert!(t.warnings[1].contains("lightrun-data-streamer.lightrun.svc"));
    let kc = &t.services[1];
    assert!(kc.with_ca && kc.service.is_none());
    let doc = parse(&kc.yaml);
    assert_eq!(keys_of(&doc["data"]), ["tls.crt", "tls.key", "ca.crt"]);
    assert_eq!(
        b64_text(str_at(&doc, &["data", "ca.crt"])),
        text("certs/rsa-root.pem")
    );
    assert_eq!(
        str_at(&parse(&t.ca_secret_yaml), &["metadata", "name"]),
        "my-ca"
    );
    let e = output::internal_tls(
        &r,
        &output::InternalTlsOptions {
            services: vec!["postgres".into()],
            ..internal_opts()
        },
    )
    .unwrap_err();
    assert!(matches!(e, OutputError::UnknownService { .. }), "{e:?}");
    let e = output::internal_tls(&run(&["inputs/chain-correct.pem"], None), &internal_opts())
        .unwrap_err();
    assert!(matches!(e, OutputError::NoMatchingKey { .. }), "{e:?}");
}

// ------------------------------------------------------------------------------------------------
// Pins

#[test]
fn pins_of_a_chain_key_and_public_key() {
    let r = run(
        &[
            "inputs/chain-shuffled.pem",
            "keys/ec-leaf.sec1.pem",
            "pub/rsa-leaf.spki.pem",
        ],
        None,
    );
    let p = output::pins(&r, &Default::default()).unwrap();
    let exp = expected();
    let ec_key = exp["keys"]["keys/ec-leaf.sec1.pem"]["spki_sha256"]
        .as_str()
        .unwrap();
    // The leaf's pin, then the key that belongs to no certificate here (the next key).
    assert_eq!(p.list, [cert_pin("rsa-leaf").as_str(), ec_key]);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("private key #0 (matches no certificate)")),
        "{:?}",
        p.notes
    );
    let y = parse(&p.yaml);
    let listed: Vec<&str> = y["certificate"]["security_pinned_hashes"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(listed, p.list);
    let all: Vec<(&str, &str)> = p
        .all
        .iter()
        .map(|i| (i.kind.as_str(), i.hex.as_str()))
        .collect();
    let spki = exp["public_keys"]["pub/rsa-leaf.spki.pem"]["spki_sha256"]
        .as_str()
        .unwrap();
    let (int, root, leaf) = (
        cert_pin("rsa-int"),
        cert_pin("rsa-root"),
        cert_pin("rsa-leaf"),
    );
    assert_eq!(
        all,
        [
            ("certificate", int.as_str()),
            ("certificate", root.as_str()),
            ("certificate", leaf.as_str()),
            ("private_key", ec_key),
            ("public_key", spki)
        ]
    );
    for i in &p.all {
        assert!(
            p.yaml.contains(&i.hex),
            "every pin is listed in the comments"
        );
    }
    let b = output::pins(&r, &output::PinsOptions { base64: true }).unwrap();
    assert_eq!(b.list, [cert_pin_b64("rsa-leaf"), cert_pin_b64("ec-leaf")]);
    assert_eq!(b.form, "base64");
    // Two leaves (old and new certificate): both pins.
    let two = run(&["inputs/chain-two-leaves.pem"], None);
    assert_eq!(
        output::pins(&two, &Default::default()).unwrap().list,
        [cert_pin("rsa-leaf"), cert_pin("rsa-leaf-b")]
    );
    // Only a key.
    let k = run(&["keys/ec-leaf.pkcs8.pem"], None);
    assert_eq!(
        output::pins(&k, &Default::default()).unwrap().list,
        [ec_key]
    );
    assert!(matches!(
        output::pins(&run(&["inputs/bad/empty.pem"], None), &Default::default()),
        Err(OutputError::NothingToPin)
    ));
}

// ------------------------------------------------------------------------------------------------
// Key conversion

fn convert_file(
    rel: &str,
    password: Option<&str>,
    to: TargetFormat,
) -> Result<output::ConvertedKey, OutputError> {
    let r = run(&[rel], password);
    assert_eq!(r.private_keys.len(), 1, "{rel}: {:?}", r.errors);
    output::convert_key(&r, 0, to)
}

#[test]
fn conversions_equal_openssl_byte_for_byte() {
    let cases: &[(&str, Option<&str>, TargetFormat, &str)] = &[
        (
            "keys/rsa-leaf.pkcs8.pem",
            None,
            TargetFormat::Pkcs1,
            "keys/rsa-leaf.pkcs1.pem",
        ),
        (
            "keys/rsa-leaf.pkcs1.pem",
            None,
            TargetFormat::Pkcs8,
            "keys/rsa-leaf.pkcs8.pem",
        ),
        (
            "keys/rsa-leaf.pkcs1.der",
            None,
            TargetFormat::Pkcs8,
            "keys/rsa-leaf.pkcs8.pem",
        ),
        (
            "keys/rsa-leaf.pkcs8.der",
            None,
            TargetFormat::Pkcs1,
            "keys/rsa-leaf.pkcs1.pem",
        ),
        (
            "keys/rsa-leaf.pkcs8.pem",
            None,
            TargetFormat::Pkcs8,
            "keys/rsa-leaf.pkcs8.pem",
        ),
        (
            "keys/ec-leaf.sec1.pem",
            None,
            TargetFormat::Pkcs8,
            "keys/ec-leaf.pkcs8.pem",
        ),
        (
            "keys/ec-leaf.sec1.der",
            None,
            TargetFormat::Pkcs8,
            "keys/ec-leaf.pkcs8.pem",
        ),
        (
            "keys/ec-leaf.pkcs8.pem",
            None,
            TargetFormat::Sec1,
            "keys/ec-leaf.sec1.pem",
        ),
        (
            "keys/ec-leaf.sec1.pem",
            None,
            TargetFormat::Sec1,
            "keys/ec-leaf.sec1.pem",
        ),
        // Decrypted on the way.
        (
            "keys/rsa-leaf.pkcs8-enc.pem",
            Some("correct horse"),
            TargetFormat::Pkcs8,
            "keys/rsa-leaf.pkcs8.pem",
        ),
        (
            "keys/rsa-leaf.pkcs8-enc-des3.pem",
            Some("correct horse"),
            TargetFormat::Pkcs1,
            "keys/rsa-leaf.pkcs1.pem",
        ),
        (
            "keys/rsa-leaf.legacy-aes.pem",
            Some("correct horse"),
            TargetFormat::Pkcs1,
            "keys/rsa-leaf.pkcs1.pem",
        ),
        (
            "keys/rsa-leaf.legacy-des3.pem",
            Some("correct horse"),
            TargetFormat::Pkcs8,
            "keys/rsa-leaf.pkcs8.pem",
        ),
        (
            "keys/ec-leaf.legacy-aes.pem",
            Some("correct horse"),
            TargetFormat::Sec1,
            "keys/ec-leaf.sec1.pem",
        ),
        (
            "keys/ec-leaf.pkcs8-enc.pem",
            Some("correct horse"),
            TargetFormat::Pkcs8,
            "keys/ec-leaf.pkcs8.pem",
        ),
        (
            "keys/ec-leaf.legacy-aes.pem",
            Some("correct horse"),
            TargetFormat::Pkcs8,
            "keys/ec-leaf.pkcs8.pem",
        ),
    ];
    for (from, pw, to, want) in cases {
        let c = convert_file(from, *pw, *to).unwrap_or_else(|e| panic!("{from} → {to:?}: {e}"));
        assert_eq!(
            &*c.pem,
            text(want),
            "{from} → {to:?} differs from openssl's {want}"
        );
        assert_eq!(c.decrypted, pw.is_some(), "{from}");
    }
}

#[test]
fn every_convertible_fixture_key_keeps_its_pin() {
    let exp = expected();
    for (file, e) in exp["keys"].as_object().unwrap() {
        let r = run(&[file], e["password"].as_str());
        let Some(k) = r.private_keys.first() else {
            panic!("{file}: {:?}", r.errors)
        };
        let want = e["spki_sha256"].as_str().unwrap();
        let alg = e["algorithm"].as_str().unwrap();
        for to in [TargetFormat::Pkcs8, TargetFormat::Pkcs1, TargetFormat::Sec1] {
            let possible = match to {
                TargetFormat::Pkcs8 => k.pkcs8.is_some(),
                TargetFormat::Pkcs1 => alg == "rsa" && k.pkcs8.is_some(),
                TargetFormat::Sec1 => alg == "ec" && k.pkcs8.is_some(),
            };
            match output::convert_key(&r, 0, to) {
                Ok(c) => {
                    assert!(possible, "{file} → {to:?} should have been refused");
                    let back = inspect(
                        &[Input::new("converted.pem", c.pem.as_bytes().to_vec())],
                        &Options::at(now()),
                    );
                    let bk = back
                        .private_keys
                        .first()
                        .unwrap_or_else(|| panic!("{file} → {to:?}: {:?}", back.errors));
                    if let Some(pin) = &bk.spki_sha256 {
                        assert_eq!(pin, want, "{file} → {to:?}: pin changed");
                    } else {
                        assert_eq!(
                            alg, "ed448",
                            "{file}: only Ed448 keys without a public key lack a pin"
                        );
                    }
                    assert_eq!(
                        bk.pkcs8.as_deref().map(|v| v.as_slice()),
                        k.pkcs8.as_deref().map(|v| v.as_slice()),
                        "{file} → {to:?}"
                    );
                }
                Err(err) => {
                    assert!(!possible, "{file} → {to:?}: {err}");
                    assert!(
                        matches!(err, OutputError::KeyUnusable { .. }),
                        "{file}: {err:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn impossible_conversions_say_why() {
    let e = convert_file("keys/ed25519-self.key", None, TargetFormat::Pkcs1).unwrap_err();
    assert!(
        e.to_string()
            .contains("PKCS#1 holds only RSA keys; this is an Ed25519 key"),
        "{e}"
    );
    let e = convert_file("keys/rsa-leaf.key", None, TargetFormat::Sec1).unwrap_err();
    assert!(
        e.to_string()
            .contains("SEC1 holds only EC keys; this is an RSA key"),
        "{e}"
    );
    let e = convert_file("keys/rsa-leaf.pkcs8-enc.pem", None, TargetFormat::Pkcs1).unwrap_err();
    assert!(matches!(e, OutputError::KeyLocked { .. }), "{e:?}");
    let e = convert_file("keys/dsa-2048.trad.pem", None, TargetFormat::Pkcs8).unwrap_err();
    assert!(matches!(e, OutputError::KeyUnusable { .. }), "{e:?}");
    let r = run(&["keys/rsa-leaf.key"], None);
    assert_eq!(
        output::convert_key(&r, 3, TargetFormat::Pkcs8)
            .unwrap_err()
            .to_string(),
        "there is no private key 4; the input has 1 private key"
    );
}

// ------------------------------------------------------------------------------------------------
// Encryption keys

fn so(name: &str, ns: Option<&str>) -> output::EncryptionSecretOptions {
    output::EncryptionSecretOptions {
        secret_name: name.into(),
        namespace: ns.map(str::to_string),
    }
}

#[test]
fn rotation_secret_values_and_alternative() {
    let old = enckey::encode_key(&[7u8; 32]);
    let new = enckey::encode_key(&[0xfbu8; 32]);
    let k = output::encryption_key_rotation(&old, &new, &so("lightrun-backend", Some("lightrun")))
        .unwrap();
    assert!(
        k.secret_yaml.starts_with("# NOT A COMPLETE SECRET"),
        "{}",
        &*k.secret_yaml
    );
    let y = parse(&k.secret_yaml);
    assert_eq!(
        keys_of(&y),
        ["apiVersion", "kind", "metadata", "type", "stringData"]
    );
    assert_eq!(str_at(&y, &["type"]), "Opaque");
    assert_eq!(str_at(&y, &["stringData", "encryption-key-0"]), old);
    assert_eq!(str_at(&y, &["stringData", "encryption-key-1"]), new);
    assert_eq!(
        b64(str_at(&y, &["stringData", "encryption-key-1"])),
        vec![0xfbu8; 32]
    );
    assert_eq!(k.form, "stringData");
    let v = parse(&k.values_yaml);
    assert_eq!(
        v["general"]["deploy_secrets"]["enabled"].as_bool(),
        Some(false)
    );
    assert_eq!(
        str_at(
            &v,
            &["general", "deploy_secrets", "existing_secrets", "backend"]
        ),
        "lightrun-backend"
    );
    // The alternative is entirely commented out; uncommented, it is valid YAML.
    assert!(k.chart_managed_yaml.lines().all(|l| l.starts_with('#')));
    assert!(k
        .chart_managed_yaml
        .contains("NOT for production or GitOps"));
    let uncommented: String = k
        .chart_managed_yaml
        .lines()
        .skip(2)
        .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or("")))
        .collect();
    let alt = parse(&uncommented);
    assert_eq!(
        str_at(&alt, &["secrets", "keysEncryption", "userEncryptionKey"]),
        new
    );
    assert_eq!(
        alt["secrets"]["keysEncryption"]["rotateKey"].as_bool(),
        Some(true)
    );
    assert_eq!(
        alt["general"]["deploy_secrets"]["enabled"].as_bool(),
        Some(true)
    );
    // The full text holds the three parts.
    assert!(
        k.text.contains(&*k.secret_yaml)
            && k.text.contains(&k.values_yaml)
            && k.text.contains(&*k.chart_managed_yaml)
    );
    // Same keys, bad keys, bad names.
    assert!(matches!(
        output::encryption_key_rotation(&old, &old, &so("b", None)),
        Err(OutputError::EncryptionKey { .. })
    ));
    let e = output::encryption_key_rotation("hello", &new, &so("b", None)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the old key (encryption-key-0) is not usable"),
        "{e}"
    );
    assert!(matches!(
        output::encryption_key_rotation(&old, &new, &so("Bad Name", None)),
        Err(OutputError::InvalidName { .. })
    ));
}

#[test]
fn first_encryption_key_secret() {
    let key = enckey::encode_key(&[0x3eu8; 32]);
    assert!(key.starts_with('P'));
    let k = output::encryption_key_secret(&key, &so("lightrun-backend", None)).unwrap();
    let y = parse(&k.secret_yaml);
    assert_eq!(keys_of(&y["metadata"]), ["name"]);
    assert_eq!(keys_of(&y["stringData"]), ["encryption-key-0"]);
    assert_eq!(str_at(&y, &["stringData", "encryption-key-0"]), key);
    // Keys starting with characters YAML treats specially still round-trip.
    for fill in [0xf8u8, 0xfc, 0x00, 0xff] {
        let key = enckey::encode_key(&[fill; 32]);
        let k = output::encryption_key_secret(&key, &so("x", None)).unwrap();
        assert_eq!(
            str_at(&parse(&k.secret_yaml), &["stringData", "encryption-key-0"]),
            key
        );
    }
}

// ------------------------------------------------------------------------------------------------
// Robustness and the JSON shape

#[test]
fn nothing_panics_on_odd_reports() {
    let empty = Report::default();
    assert!(output::tls_values(&empty, &Default::default()).is_err());
    assert!(output::tls_secret(&empty, &output::TlsSecretOptions::named("x")).is_err());
    assert!(output::internal_tls(&empty, &internal_opts()).is_err());
    assert!(output::pins(&empty, &Default::default()).is_err());
    assert!(output::convert_key(&empty, 0, TargetFormat::Pkcs8).is_err());
    assert!(output::old_side_pins(&empty).is_empty());
    for f in [
        "inputs/bad/garbage.bin",
        "inputs/bad/missing-end.pem",
        "inputs/bad/cert-body-is-key.pem",
        "certs/rsa-int-badsig.pem",
        "inputs/chain-dup.pem",
        "keys/openssh-ed25519",
        "certs/ed448-self.pem",
    ] {
        let r = run(&[f, "keys/rsa-leaf.key"], None);
        let _ = output::tls_values(
            &r,
            &output::TlsValuesOptions {
                include_root: true,
                ..Default::default()
            },
        );
        let _ = output::tls_secret(
            &r,
            &output::TlsSecretOptions {
                include_ca: true,
                ..output::TlsSecretOptions::named("x")
            },
        );
        let _ = output::internal_tls(&r, &internal_opts());
        let _ = output::pins(&r, &Default::default());
        for i in 0..3 {
            let _ = output::convert_key(&r, i, TargetFormat::Sec1);
        }
    }
    // Hostile names in a release: refused, not panicking.
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    for rel in ["", "ü", "a\nb", &"x".repeat(300)] {
        assert!(
            output::internal_tls(&r, &output::InternalTlsOptions::new(rel, "ns")).is_err(),
            "{rel:?}"
        );
    }
}

#[test]
fn outputs_serialise_with_everything_the_user_needs() {
    let r = run(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"], None);
    let v = output::tls_values(&r, &Default::default()).unwrap();
    let j = serde_json::to_value(&v).unwrap();
    assert_eq!(
        j["key_pem"].as_str(),
        Some(text("keys/rsa-leaf.pkcs8.pem").as_str())
    );
    assert_eq!(j["crt_base64"].as_str(), Some(v.crt_base64.as_str()));
    assert_eq!(j["key_format"], "pkcs8");
    assert_eq!(j["chain"][0]["role"], "leaf");
    // Debug never shows key material.
    assert!(!format!("{v:?}").contains("PRIVATE KEY"));
    let e = serde_json::to_value(OutputError::NothingToPin).unwrap();
    assert_eq!(e["kind"], "nothing_to_pin");
}

// ------------------------------------------------------------------------------------------------
// The vendor's procedure: full chain with the root, the key's format kept, hex pins only

/// The certificates of a decoded `tls.crt`, re-read, as expected.json names (by openssl's
/// SHA-256 fingerprints), in order.
fn chain_names(pem: &str) -> Vec<String> {
    let back = inspect(
        &[Input::new("tls.crt", pem.as_bytes().to_vec())],
        &Options::at(now()),
    );
    let certs = expected()["certs"].as_object().unwrap();
    back.certificates
        .iter()
        .map(|c| {
            certs
                .iter()
                .find(|(_, v)| {
                    v["fingerprint_sha256"].as_str() == Some(c.fingerprint_sha256.as_str())
                })
                .map(|(k, _)| k.clone())
                .unwrap_or_else(|| format!("unknown {}", c.fingerprint_sha256))
        })
        .collect()
}

/// The pin of a decoded key, re-read.
fn key_pin(pem: &str) -> String {
    let back = inspect(
        &[Input::new("tls.key", pem.as_bytes().to_vec())],
        &Options::at(now()),
    );
    back.private_keys[0].spki_sha256.clone().unwrap()
}

#[test]
fn shuffled_bundle_with_root_and_pkcs1_key_gives_the_vendors_full_chain_and_keeps_pkcs1() {
    let r = run(
        &["inputs/chain-shuffled.pem", "keys/rsa-leaf.pkcs1.pem"],
        None,
    );
    let v = output::tls_values(&r, &output::TlsValuesOptions::default()).unwrap();
    let y = parse(&v.yaml);
    let crt = b64_text(str_at(&y, &["certificate", "tls", "crt"]));
    let key = b64_text(str_at(&y, &["certificate", "tls", "key"]));
    assert_eq!(chain_names(&crt), ["rsa-leaf", "rsa-int", "rsa-root"]);
    assert_eq!(crt, text("inputs/chain-correct.pem"));
    // Byte for byte the PKCS#1 key openssl wrote.
    assert_eq!(key, text("keys/rsa-leaf.pkcs1.pem"));
    assert!(key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert_eq!(key_pin(&key), cert_pin("rsa-leaf"));
    assert_eq!(v.key_format, TargetFormat::Pkcs1);
    assert!(!v.key_converted);
    assert_eq!(
        y["certificate"]["security_pinned_hashes"][0].as_str(),
        Some(cert_pin("rsa-leaf").as_str())
    );
    // The header says what was included and why, and that the key was kept.
    assert!(v.yaml.contains("root CN=certlens Test RSA Root CA (the vendor's documented order: certificate → intermediate → root)"), "{}", v.yaml.as_str());
    assert!(
        v.yaml
            .contains("PKCS#1 (BEGIN RSA PRIVATE KEY) private key of the leaf, as given"),
        "{}",
        v.yaml.as_str()
    );
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);
}

#[test]
fn a_pkcs8_key_stays_pkcs8_and_the_secret_holds_the_full_chain() {
    let r = run(
        &["inputs/chain-shuffled.pem", "keys/rsa-leaf.pkcs8.pem"],
        None,
    );
    let s = output::tls_secret(&r, &output::TlsSecretOptions::named("lightrun-tls")).unwrap();
    let y = parse(&s.yaml);
    let crt = b64_text(str_at(&y, &["data", "tls.crt"]));
    let key = b64_text(str_at(&y, &["data", "tls.key"]));
    assert_eq!(chain_names(&crt), ["rsa-leaf", "rsa-int", "rsa-root"]);
    assert_eq!(key, text("keys/rsa-leaf.pkcs8.pem"));
    assert_eq!(key_pin(&key), cert_pin("rsa-leaf"));
    assert_eq!(
        (s.key_format, s.key_converted),
        (TargetFormat::Pkcs8, false)
    );
    assert!(s
        .yaml
        .contains("PKCS#8 (BEGIN PRIVATE KEY) private key of the leaf, as given"));
}

#[test]
fn leaving_the_root_out_is_one_option_and_says_so() {
    let r = run(
        &["inputs/chain-shuffled.pem", "keys/rsa-leaf.pkcs1.pem"],
        None,
    );
    let v = output::tls_values(
        &r,
        &output::TlsValuesOptions {
            include_root: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(chain_names(&v.full_chain_pem), ["rsa-leaf", "rsa-int"]);
    assert!(v
        .yaml
        .contains("the root CN=certlens Test RSA Root CA is left out, as asked"));
    assert!(v
        .notes
        .iter()
        .any(|n| n.contains("left out of tls.crt, as asked")));
    let mut so = output::TlsSecretOptions::named("x");
    so.include_root = false;
    let s = output::tls_secret(&r, &so).unwrap();
    assert_eq!(chain_names(&s.full_chain_pem), ["rsa-leaf", "rsa-int"]);
    let c = output::chain_pem(&r, None, false).unwrap();
    assert_eq!(chain_names(&c.pem), ["rsa-leaf", "rsa-int"]);
    // The defaults agree everywhere.
    assert!(output::DEFAULT_INCLUDE_ROOT);
    assert!(output::TlsValuesOptions::default().include_root);
    assert!(output::TlsSecretOptions::named("x").include_root);
    assert!(output::InternalTlsOptions::new("lightrun", "ns").include_root);
    let c = output::chain_pem(&r, None, output::DEFAULT_INCLUDE_ROOT).unwrap();
    assert_eq!(c.pem, text("inputs/chain-correct.pem"));
    assert!(
        c.summary.contains("root CN=certlens Test RSA Root CA"),
        "{}",
        c.summary
    );
}

#[test]
fn a_missing_root_is_said_in_the_header_and_the_warnings() {
    let r = run(&["inputs/chain-no-root.pem", "keys/rsa-leaf.key"], None);
    let v = output::tls_values(&r, &Default::default()).unwrap();
    assert_eq!(chain_names(&v.full_chain_pem), ["rsa-leaf", "rsa-int"]);
    assert!(v.yaml.contains("the root CA (CN=certlens Test RSA Root CA,O=certlens test) is not in the input, but the vendor's documented chain ends with it"), "{}", v.yaml.as_str());
    assert!(v
        .warnings
        .iter()
        .any(|w| w.contains("the root CA is not in the input")));
    let c = output::chain_pem(&r, None, true).unwrap();
    assert!(c
        .warnings
        .iter()
        .any(|w| w.contains("the root CA is not in the input")));
    // Leaving it out on purpose: nothing to warn about.
    let c = output::chain_pem(&r, None, false).unwrap();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn keys_the_chart_does_not_take_become_pkcs8_and_it_is_said() {
    // SEC1 → PKCS#8 (byte for byte what openssl pkey wrote).
    let r = run(
        &[
            "certs/ec-leaf.pem",
            "certs/ec-int.pem",
            "certs/ec-root.pem",
            "keys/ec-leaf.sec1.pem",
        ],
        None,
    );
    let v = output::tls_values(&r, &Default::default()).unwrap();
    assert_eq!(
        chain_names(&v.full_chain_pem),
        ["ec-leaf", "ec-int", "ec-root"]
    );
    assert_eq!(&*v.key_pem, text("keys/ec-leaf.pkcs8.pem"));
    assert_eq!(key_pin(&v.key_pem), cert_pin("ec-leaf"));
    assert!(v.key_converted);
    assert!(
        v.yaml.contains(
            "converted from SEC1 (BEGIN EC PRIVATE KEY): the chart accepts PKCS#1 or PKCS#8 only"
        ),
        "{}",
        v.yaml.as_str()
    );
    assert!(
        v.notes.iter().any(|n| n.contains("converted from SEC1")),
        "{:?}",
        v.notes
    );
    // Encrypted PKCS#8 → unencrypted PKCS#8.
    let pw = expected()["keys"]["keys/rsa-leaf.pkcs8-enc.pem"]["password"]
        .as_str()
        .unwrap()
        .to_string();
    let r = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs8-enc.pem"],
        Some(&pw),
    );
    let v = output::tls_values(&r, &Default::default()).unwrap();
    assert_eq!(&*v.key_pem, text("keys/rsa-leaf.pkcs8.pem"));
    assert!(v.key_converted);
    assert!(
        v.notes.iter().any(|n| n.contains("decrypted")),
        "{:?}",
        v.notes
    );
    // The chart's keystore password: unencrypted works with it empty (the default) or set;
    // keeping the key encrypted means setting it to exactly the key's password.
    assert!(
        v.yaml
            .as_str()
            .contains("written unencrypted: it works with secrets.defaults.keystore_password empty"),
        "{}",
        v.yaml.as_str()
    );
    assert!(
        v.notes
            .iter()
            .any(|n| n.contains("set secrets.defaults.keystore_password to exactly its password")),
        "{:?}",
        v.notes
    );
    // Legacy-encrypted PKCS#1 → PKCS#8 too (the chart needs it unencrypted).
    let pw = expected()["keys"]["keys/rsa-leaf.legacy-aes.pem"]["password"]
        .as_str()
        .unwrap()
        .to_string();
    let r = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.legacy-aes.pem"],
        Some(&pw),
    );
    let v = output::tls_values(&r, &Default::default()).unwrap();
    assert_eq!(&*v.key_pem, text("keys/rsa-leaf.pkcs8.pem"));
    // A PKCS#1 key given as DER stays PKCS#1 (written as PEM).
    let r = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs1.der"],
        None,
    );
    let v = output::tls_values(&r, &Default::default()).unwrap();
    assert_eq!(&*v.key_pem, text("keys/rsa-leaf.pkcs1.pem"));
    // Asking for a format still works.
    let r = run(
        &["inputs/chain-correct.pem", "keys/rsa-leaf.pkcs1.pem"],
        None,
    );
    let v = output::tls_values(
        &r,
        &output::TlsValuesOptions {
            key_format: Some(TargetFormat::Pkcs8),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(&*v.key_pem, text("keys/rsa-leaf.pkcs8.pem"));
    assert!(
        v.yaml.contains("converted from PKCS#1"),
        "{}",
        v.yaml.as_str()
    );
}

#[test]
fn base64_pins_are_information_only_never_a_values_block() {
    let r = run(&["inputs/chain-correct.pem"], None);
    let p = output::pins(&r, &output::PinsOptions { base64: true }).unwrap();
    assert!(!p.values_block);
    // Nothing but comments: parsed, it holds no certificate.security_pinned_hashes.
    let docs = parse_all(&p.yaml);
    assert!(
        docs.iter().all(|d| d["certificate"].is_badvalue()),
        "{}",
        p.yaml
    );
    assert!(p.yaml.lines().all(|l| l.starts_with('#')), "{}", p.yaml);
    assert!(p.yaml.contains(&cert_pin_b64("rsa-leaf")));
    assert!(p.yaml.contains("NOT a values block"));
    // Hex (the default) is the values block, with openssl's pin.
    let p = output::pins(&r, &output::PinsOptions::default()).unwrap();
    assert!(p.values_block);
    let y = parse(&p.yaml);
    assert_eq!(
        y["certificate"]["security_pinned_hashes"][0].as_str(),
        Some(cert_pin("rsa-leaf").as_str())
    );
}

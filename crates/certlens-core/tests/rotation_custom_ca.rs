//! Encryption-key rotation from an existing Secret or values file (GitOps-safe: every key is
//! written), and `secrets.customCa`. Every output is read back the way the cluster reads it:
//! YAML parsed, Base64 decoded, compared with openssl's values (`enckeys/expected.json`,
//! `expected.json`).

mod common;
use common::{expected, fixture, fixture_text, now};

use certlens_core::output::{self, OutputError};
use certlens_core::{enckey, inspect, Input, Options};
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

fn keys_expected() -> Value {
    serde_json::from_str(&fixture_text("enckeys/expected.json")).unwrap()
}

fn docs(text: &str) -> Vec<Yaml> {
    YamlLoader::load_from_str(text).unwrap()
}

fn opts(name: &str, ns: Option<&str>) -> output::EncryptionSecretOptions {
    output::EncryptionSecretOptions {
        secret_name: name.to_string(),
        namespace: ns.map(str::to_string),
    }
}

fn new_key() -> String {
    enckey::encode_key(&[7u8; 32])
}

fn string_data(doc: &Yaml) -> Vec<(String, String)> {
    let Yaml::Hash(h) = &doc["stringData"] else {
        panic!("no stringData: {doc:?}")
    };
    h.iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v.as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn rotation_from_a_two_key_secret_writes_all_three() {
    let exp = keys_expected();
    for (file, form) in [
        ("enckeys/backend-two-keys.yaml", "stringData"),
        ("enckeys/backend-two-keys.data.yaml", "data"),
    ] {
        let k =
            output::encryption_key_rotation_from(&fixture_text(file), &new_key(), &opts("", None))
                .unwrap();
        assert_eq!(
            k.read_from.as_deref(),
            Some(format!("Secret lightrun-backend, {form}").as_str())
        );
        assert_eq!(k.form, "stringData");
        assert_eq!(k.secret_name, "lightrun-backend");
        assert_eq!(k.namespace.as_deref(), Some("lr-prod"));
        let d = docs(&k.secret_yaml);
        assert_eq!(d.len(), 1);
        assert_eq!(
            string_data(&d[0]),
            [
                (
                    "encryption-key-0".to_string(),
                    exp["encryption-key-0"].as_str().unwrap().to_string()
                ),
                (
                    "encryption-key-1".to_string(),
                    exp["encryption-key-1"].as_str().unwrap().to_string()
                ),
                ("encryption-key-2".to_string(), new_key()),
            ]
        );
        // What the backend reads: 32 bytes each.
        for (_, v) in string_data(&d[0]) {
            assert_eq!(v.len(), 44);
            assert_eq!(certlens_core::b64::decode_standard(&v).unwrap().len(), 32);
        }
        assert!(
            k.notes[0].contains(&format!(
                "read 2 existing keys from Secret lightrun-backend, {form}"
            )),
            "{:?}",
            k.notes
        );
        assert!(k.secret_yaml.contains("encryption-key-2 is the new key"));
        // Rendering chart 3.50.0 showed the backend mounts only the keys `lookup` finds in
        // the live Secret (encryption-key-0 alone under helm template / Argo CD): the output
        // must say to apply the Secret, then helm upgrade, and not promise a GitOps rotation.
        assert!(
            k.secret_yaml
                .contains("apply this Secret first, then run helm upgrade against the cluster"),
            "{}",
            &*k.secret_yaml
        );
        assert!(k
            .secret_yaml
            .contains("the chart mounts encryption-key-0 alone (chart 3.50.0)"));
        assert!(!k.secret_yaml.contains("render them all"));
        assert!(k.notes.iter().any(|n| n == output::ENCRYPTION_KEYS_MOUNT));
        // The values turn deploy_secrets off: say what else that switches off.
        assert!(k.values_yaml.contains("certificate.tls is then unused"));
        assert!(k
            .values_yaml
            .contains("customCaCertificate fails the render"));
    }
}

#[test]
fn rotation_from_a_values_file_and_from_a_bare_key() {
    let exp = keys_expected();
    let k0 = exp["encryption-key-0"].as_str().unwrap();
    let k = output::encryption_key_rotation_from(
        &fixture_text("enckeys/values-user-key.yaml"),
        &new_key(),
        &opts("lightrun-backend", Some("lr-prod")),
    )
    .unwrap();
    assert_eq!(
        k.read_from.as_deref(),
        Some("secrets.keysEncryption.userEncryptionKey")
    );
    let d = docs(&k.secret_yaml);
    assert_eq!(
        string_data(&d[0]),
        [
            ("encryption-key-0".to_string(), k0.to_string()),
            ("encryption-key-1".to_string(), new_key())
        ]
    );
    assert!(k
        .notes
        .iter()
        .any(|n| n.contains("rotate from the Secret instead")));
    let k = output::encryption_key_rotation_from(&format!("{k0}\n"), &new_key(), &opts("x", None))
        .unwrap();
    assert_eq!(string_data(&docs(&k.secret_yaml)[0]).len(), 2);
}

#[test]
fn rotation_refuses_bad_existing_keys_and_a_repeated_new_key() {
    let exp = keys_expected();
    let k1 = exp["encryption-key-1"].as_str().unwrap();
    // The new key equals an existing one.
    let e = output::encryption_key_rotation_from(
        &fixture_text("enckeys/backend-two-keys.yaml"),
        k1,
        &opts("", None),
    )
    .unwrap_err();
    assert!(e.to_string().contains("one of the existing keys"), "{e}");
    // A double-encoded key under stringData is named with its number and form.
    let data = fixture_text("enckeys/backend-two-keys.data.yaml").replace("data:", "stringData:");
    let e = output::encryption_key_rotation_from(&data, &new_key(), &opts("", None)).unwrap_err();
    assert!(
        matches!(&e, OutputError::EncryptionKey { reason } if reason.starts_with("the existing encryption-key-0 (stringData) is not usable: double encoded")),
        "{e}"
    );
    // A Secret without keys.
    let e = output::encryption_key_rotation_from(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  other: y\n",
        &new_key(),
        &opts("", None),
    )
    .unwrap_err();
    assert!(e.to_string().contains("no encryption-key-N found"), "{e}");
}

#[test]
fn rotation_from_any_n_keeps_gaps_and_numbers() {
    let a = enckey::encode_key(&[1u8; 32]);
    let b = enckey::encode_key(&[2u8; 32]);
    let text = format!("kind: Secret\nmetadata:\n  name: be\nstringData:\n  encryption-key-3: {a}\n  encryption-key-5: {b}\n");
    let k = output::encryption_key_rotation_from(&text, &new_key(), &opts("", None)).unwrap();
    let names: Vec<String> = string_data(&docs(&k.secret_yaml)[0])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        ["encryption-key-3", "encryption-key-5", "encryption-key-6"]
    );
    assert!(k.notes.iter().any(|n| n.contains("numbered 3, 5")));
}

fn report(files: &[&str]) -> certlens_core::Report {
    let inputs: Vec<Input> = files.iter().map(|f| Input::new(*f, fixture(f))).collect();
    inspect(&inputs, &Options::at(now()))
}

#[test]
fn custom_ca_from_a_chain_is_its_root() {
    let r = report(&["inputs/chain-shuffled.pem"]);
    let c = output::custom_ca(&r, &output::CustomCaOptions::new("lightrun")).unwrap();
    let v = &docs(&c.values_yaml)[0];
    let b64 = v["secrets"]["customCa"]["customCaCertificate"]
        .as_str()
        .unwrap();
    assert!(!b64.contains('\n'));
    let pem = String::from_utf8(certlens_core::b64::decode_standard(b64).unwrap()).unwrap();
    assert_eq!(
        pem,
        fixture_text(expected()["certs"]["rsa-root"]["file"].as_str().unwrap())
    );
    // The alternative: a Secret with custom-ca.pem and existingCaSecret pointing at it.
    let s = &docs(&c.secret_yaml)[0];
    assert_eq!(
        s["metadata"]["name"].as_str(),
        Some("lightrun-custom-ca-certificate")
    );
    assert_eq!(s["type"].as_str(), Some("Opaque"));
    let d = s["data"]["custom-ca.pem"].as_str().unwrap();
    assert_eq!(
        certlens_core::b64::decode_standard(d).unwrap(),
        pem.as_bytes()
    );
    let e = &docs(&c.existing_values_yaml)[0];
    assert_eq!(
        e["secrets"]["customCa"]["existingCaSecret"].as_str(),
        Some("lightrun-custom-ca-certificate")
    );
    // The printed text: the values live, the alternative commented out.
    let t = &docs(&c.text)[0];
    assert_eq!(
        t["secrets"]["customCa"]["customCaCertificate"].as_str(),
        Some(b64)
    );
    assert!(t["secrets"]["customCa"]["existingCaSecret"].is_badvalue());
    // The chart fails customCaCertificate when deploy_secrets is off (rendered, chart 3.50.0).
    assert!(c
        .values_yaml
        .contains("\"deploy_secrets must be true if customCaCertificate is defined\""));
}

#[test]
fn custom_ca_of_ca_certificates_given_and_a_leaf_alone() {
    let r = report(&["certs/rsa-root.pem", "certs/ec-root.pem"]);
    let c = output::custom_ca(&r, &output::CustomCaOptions::new("lr")).unwrap();
    let pem =
        String::from_utf8(certlens_core::b64::decode_standard(&c.ca_base64).unwrap()).unwrap();
    assert!(pem.contains(&fixture_text("certs/rsa-root.pem")));
    assert!(pem.contains(&fixture_text("certs/ec-root.pem")));
    assert_eq!(c.secret_name, "lr-custom-ca-certificate");
    let r = report(&["certs/rsa-leaf.pem"]);
    let e = output::custom_ca(&r, &output::CustomCaOptions::new("lightrun")).unwrap_err();
    assert!(matches!(e, OutputError::NoCustomCa { .. }));
    assert!(
        e.to_string()
            .starts_with("only a leaf certificate was given (CN=example.test)"),
        "{e}"
    );
}

#[test]
fn values_checks_the_backend_against_an_internal_ca_in_the_pool() {
    // The main chain (rsa-leaf → rsa-int → rsa-root) and another root (ec-root) taken as the
    // internal CA: the main certificate neither chains to it nor covers lightrun-backend.
    let r = report(&[
        "inputs/chain-correct.pem",
        "keys/rsa-leaf.key",
        "certs/ec-root.pem",
    ]);
    let v = output::tls_values(&r, &Default::default()).unwrap();
    let w: Vec<&String> = v
        .warnings
        .iter()
        .filter(|w| w.contains("-backend"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", v.warnings);
    let ec_root_cn = expected()["certs"]["ec-root"]["subject_utf8"]
        .as_str()
        .unwrap()
        .split("CN=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    assert!(
        w[0].starts_with(&format!(
            "if CN={ec_root_cn} is the internal TLS CA (ca.crt)"
        )),
        "{}",
        w[0]
    );
    assert!(
        w[0].contains("CN=example.test does not chain to"),
        "{}",
        w[0]
    );
    assert!(
        w[0].contains("and does not cover lightrun-backend"),
        "{}",
        w[0]
    );
    assert!(
        w[0].contains("issue the main certificate from the internal CA")
            && w[0].contains("put both CAs in ca.crt")
    );
    // With deploy_secrets off the chart ignores certificate.tls (rendered, chart 3.50.0).
    assert!(v
        .yaml
        .contains("# certificate.tls is used only with general.deploy_secrets.enabled: true"));
    // Another release's name: the backend Service is named after it.
    let v = output::tls_values(
        &r,
        &output::TlsValuesOptions {
            release: Some("lr-prod".to_string()),
            ..Default::default()
        },
    )
    .unwrap();
    let w: Vec<&String> = v
        .warnings
        .iter()
        .filter(|w| w.contains("-backend"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", v.warnings);
    assert!(w[0].contains("does not cover lr-prod-backend"), "{}", w[0]);
    assert!(!w[0].contains("lightrun-backend"), "{}", w[0]);
    // Without a second CA there is nothing to check.
    let r = report(&["inputs/chain-correct.pem", "keys/rsa-leaf.key"]);
    let v = output::tls_values(&r, &Default::default()).unwrap();
    assert!(
        v.warnings.iter().all(|w| !w.contains("-backend")),
        "{:?}",
        v.warnings
    );
}

/// A key number near the top of u64: the gap check compares the numbers given instead of
/// building the range 0..=N (which would allocate for every missing number), and the new key
/// still gets N+1.
#[test]
fn rotation_from_a_secret_with_a_huge_key_number_is_bounded() {
    let exp = keys_expected();
    let k0 = exp["encryption-key-0"].as_str().unwrap();
    let k1 = exp["encryption-key-1"].as_str().unwrap();
    let big = 18_000_000_000_000_000_000u64;
    let secret = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: lightrun-backend\nstringData:\n  encryption-key-0: \"{k0}\"\n  encryption-key-{big}: \"{k1}\"\n"
    );
    let k = output::encryption_key_rotation_from(&secret, &new_key(), &opts("", None)).unwrap();
    assert_eq!(
        string_data(&docs(&k.secret_yaml)[0]),
        [
            ("encryption-key-0".to_string(), k0.to_string()),
            (format!("encryption-key-{big}"), k1.to_string()),
            (format!("encryption-key-{}", big + 1), new_key()),
        ]
    );
    assert!(
        k.notes
            .iter()
            .any(|n| n.contains(&format!("numbered 0, {big} (not 0 to {big} without gaps)"))),
        "{:?}",
        k.notes
    );
}

//! The doctor's server-side verdicts of the Lightrun chart (the served pin, the keystore
//! password, keycloak_cluster's mutual TLS, the custom CA's forms) and the map of TLS hops,
//! against the fixtures of `doctor/server.sh`: every expectation is what openssl (and keytool)
//! said of the same bytes (`doctor/server/expected.json`).

mod common;

use certlens_core::{doctor, DoctorOptions, DoctorReport, Input, Verdict, VerdictLevel};
use serde_json::Value;

fn exp() -> Value {
    serde_json::from_slice(&common::fixture("doctor/server/expected.json")).unwrap()
}

fn run(files: &[&str]) -> DoctorReport {
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| Input::new(*f, common::fixture(&format!("doctor/server/{f}"))))
        .collect();
    let mut opts = DoctorOptions::at(common::now());
    opts.namespace = "lr-prod".to_string();
    doctor(&inputs, &opts)
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
    v.problems
        .iter()
        .map(|p| format!("{:?}: {} | fix: {}", p.level, p.text, p.fix.clone().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n")
}

const PIN: &str = "certificate.tls.crt (served pin)";
const KS: &str = "secrets.defaults.keystore_password";

#[test]
fn the_served_pin_is_the_first_certificate_of_tls_crt() {
    let e = exp();
    // Leaf first: the init container's pin is the leaf's, and the doctor names it.
    assert_eq!(e["pin_leaf_first"], e["pin_leaf"]);
    let r = run(&["values-pin-leaf-first.yaml"]);
    let v = verdict(&r, PIN);
    assert_eq!(v.level, VerdictLevel::Ok, "{}", texts(v));
    let pin = e["pin_leaf"].as_str().unwrap();
    assert!(v.summary.contains(&format!("advertises pin {pin}")), "{}", v.summary);
    assert!(v.summary.contains("pinnedCertHash"), "{}", v.summary);
    let agents = r.hops.iter().find(|h| h.id == "agents").unwrap();
    assert_eq!(agents.anchor, format!("pin {pin}"));

    // The intermediate first: openssl's pipeline gives the intermediate's pin, not the leaf's.
    assert_ne!(e["pin_ca_first"], e["pin_leaf"]);
    let r = run(&["values-pin-ca-first.yaml"]);
    let v = verdict(&r, PIN);
    assert_eq!(v.level, VerdictLevel::Error, "{}", texts(v));
    let ca_pin = e["pin_ca_first"].as_str().unwrap();
    assert!(v.summary.contains("does not begin with the server certificate"), "{}", v.summary);
    assert!(v.summary.contains(&format!("advertises pin {ca_pin}")), "{}", v.summary);
    assert!(
        v.problems[0].fix.as_deref().unwrap().contains("put the server certificate first, then its chain: certificate → intermediate → root")
            && v.problems[0].action.as_ref().is_some_and(|a| a.command() == "certlens chain FILES --out full-chain.crt"),
        "{}",
        texts(v)
    );
    let agents = r.hops.iter().find(|h| h.id == "agents").unwrap();
    assert_eq!(agents.level, VerdictLevel::Error);
    assert_eq!(agents.anchor, format!("pin {ca_pin}"));
}

#[test]
fn an_encrypted_key_opens_with_exactly_the_keystore_password() {
    let e = exp();
    assert_eq!(e["ks_enc_right"], true);
    let r = run(&["values-ks-right.yaml"]);
    let v = verdict(&r, KS);
    assert_eq!(v.level, VerdictLevel::Ok, "{}", texts(v));
    assert!(v.summary.contains("encrypted with exactly the keystore password"), "{}", v.summary);
    // Opened, the key is checked against the certificate like any other.
    let key = verdict(&r, "certificate.tls.key");
    assert_eq!(key.level, VerdictLevel::Ok, "{}", texts(key));

    for (file, said) in [("values-ks-wrong.yaml", "ks_enc_wrong"), ("values-ks-empty.yaml", "ks_enc_empty")] {
        assert_eq!(e[said], false, "{said}");
        let r = run(&[file]);
        let v = verdict(&r, KS);
        assert_eq!(v.level, VerdictLevel::Error, "{file}: {}", texts(v));
        assert!(v.summary.contains("does not open it"), "{}", v.summary);
        assert!(v.summary.contains("openssl pkcs12 -export"), "{}", v.summary);
        let fix = v.problems[0].fix.as_deref().unwrap();
        assert!(fix.contains("decrypt it to PKCS#8 with its password"), "{fix}");
        assert_eq!(verdict(&r, "certificate.tls.key").level, VerdictLevel::Error);
    }
    // The router in these files serves plain HTTP (no internal TLS, no router TLS): the
    // keystore is what fails, and nginx is not named.
    let r = run(&["values-ks-empty.yaml"]);
    assert!(verdict(&r, KS).summary.contains("(it is empty)"));
    assert!(!verdict(&r, KS).summary.contains("nginx"), "{}", verdict(&r, KS).summary);

    // An unencrypted key works whatever the password (openssl ignores -passin).
    assert_eq!(e["ks_plain_any"], true);
    let r = run(&["values-ks-plain.yaml"]);
    let v = verdict(&r, KS);
    assert_eq!(v.level, VerdictLevel::Ok, "{}", texts(v));
    assert!(v.summary.contains("unencrypted"), "{}", v.summary);
}

#[test]
fn keycloak_cluster_needs_client_and_server_auth() {
    let e = exp();
    assert_eq!(e["kcc_server"], "OK");
    assert!(e["kcc_client"].as_str().unwrap().contains("unsuitable certificate purpose"));
    let r = run(&["values-kcc.yaml", "secrets-kcc.yaml"]);
    let v = verdict(
        &r,
        "general.internal_tls.certificates.existing_certificates.keycloak_cluster",
    );
    assert_eq!(v.level, VerdictLevel::Error, "{}", texts(v));
    let p = v
        .problems
        .iter()
        .find(|p| p.text.contains("without clientAuth"))
        .unwrap_or_else(|| panic!("{}", texts(v)));
    assert!(p.text.contains("mutual TLS"), "{}", p.text);
    assert!(p.fix.as_deref().unwrap().contains("serverAuth,clientAuth"));
    let hop = r.hops.iter().find(|h| h.id == "keycloak-cluster").unwrap();
    assert!(hop.tls);
    assert_eq!(hop.level, VerdictLevel::Error);
    assert!(hop.verdicts.iter().any(|&i| std::ptr::eq(&r.verdicts[i], v)));
}

#[test]
fn the_custom_ca_must_be_pem_or_an_unencrypted_pkcs12() {
    let e = exp();
    const CC: &str = "secrets.customCa.customCaCertificate";
    // openssl reads the PEM as PEM, and the unencrypted PKCS#12 without a password (keytool
    // too); the DER file is no PEM, and the encrypted PKCS#12 needs its password.
    assert_eq!(e["reads_pem"]["pem"], true);
    let r = run(&["values-customca-pem.yaml"]);
    assert_eq!(verdict(&r, CC).level, VerdictLevel::Ok, "{}", texts(verdict(&r, CC)));
    assert_eq!(e["reads_p12_without_password"]["p12plain"], true);
    assert_ne!(e["keytool_lists_plain_p12"], false);
    let r = run(&["values-customca-p12plain.yaml"]);
    let v = verdict(&r, CC);
    assert_eq!(v.level, VerdictLevel::Ok, "{}", texts(v));
    assert!(v.notes.iter().any(|n| n.contains("unencrypted PKCS#12")), "{:?}", v.notes);

    assert_eq!(e["reads_pem"]["der"], false);
    let r = run(&["values-customca-der.yaml"]);
    let v = verdict(&r, CC);
    assert_eq!(v.level, VerdictLevel::Error, "{}", texts(v));
    assert!(v.summary.contains("DER (binary) certificate"), "{}", v.summary);
    assert!(v.summary.contains("PEM files and unencrypted PKCS#12 only"), "{}", v.summary);

    assert_eq!(e["reads_p12_without_password"]["p12enc"], false);
    let r = run(&["values-customca-p12enc.yaml"]);
    let v = verdict(&r, CC);
    assert_eq!(v.level, VerdictLevel::Error, "{}", texts(v));
    assert!(v.summary.contains("password-protected"), "{}", v.summary);

    // Both fields: the chart's helper stops the render.
    let r = run(&["values-customca-both.yaml"]);
    let v = verdict(&r, CC);
    assert_eq!(v.level, VerdictLevel::Error);
    assert!(texts(v).contains("both customCaCertificate and existingCaSecret are set"));
    let hop = r.hops.iter().find(|h| h.id == "keycloak-custom-ca").unwrap();
    assert_eq!(hop.level, VerdictLevel::Error);
}

#[test]
fn every_hop_of_the_deployment_is_on_the_map() {
    let r = run(&["values-pin-leaf-first.yaml"]);
    let ids: Vec<&str> = r.hops.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "agents",
            "browsers",
            "router-backend",
            "backend-keycloak",
            "backend-redis",
            "backend-rabbitmq",
            "backend-data-streamer",
            "backend-artifacts",
            "keycloak-cluster",
            "keycloak-custom-ca"
        ]
    );
    // No agents' values given: their pin is not checked, and the hop says so.
    let agents = &r.hops[0];
    assert_eq!(agents.level, VerdictLevel::NotChecked);
    assert!(agents.summary.contains("agents chart"), "{}", agents.summary);
    // Internal TLS is off in this file: no TLS inside the cluster, said as such.
    assert!(r.hops[2..9].iter().all(|h| !h.tls && h.verdicts.is_empty()));
    // Every row index points at a verdict.
    assert!(r.hops.iter().flat_map(|h| &h.verdicts).all(|&i| i < r.verdicts.len()));
}

//! Issue 16 on the command line: a wrong intermediate, a public root, appended bytes and a cut
//! key, in text and JSON. Fixtures and openssl's values: `tests/fixtures/strict/` (made by
//! `generate.sh --strict-only`).

mod common;
use common::{certlens_text as certlens, fixture_path as fixture};

fn strict() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("strict/expected.json")).unwrap())
        .unwrap()
}

#[test]
fn a_wrong_intermediate_in_text_and_json() {
    let exp = strict();
    let file = fixture("strict/missing-middle.pem");
    let (text, _, _) = certlens(&["inspect", "--now", "2026-07-01T00:00:00Z", &file]);
    assert!(text.contains("Chain 1: #0  intermediate missing"), "{text}");
    assert!(text.contains("trust: ends at the leaf strict.example.test, whose issuer certlens Strict Issuing CA A is not in the input"));
    assert!(text.contains("#1 (certlens Strict Issuing CA B) is not it: its subject is"));
    assert!(text.contains(&format!(
        "fix: Download the issuer from {}",
        exp["leaf_ca_issuers"].as_str().unwrap()
    )));
    assert!(!text.contains("belong to no chain"), "{text}");

    let (json, _, _) = certlens(&["inspect", "--json", "--now", "2026-07-01T00:00:00Z", &file]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ch = &v["chains"][0];
    assert_eq!(ch["order"], serde_json::json!([0]));
    assert_eq!(ch["missing_intermediate"], true);
    assert_eq!(ch["missing_issuer"]["subject"], exp["leaf_issuer"]);
    assert_eq!(ch["missing_issuer"]["authority_key_id"], exp["leaf_aki"]);
    assert_eq!(
        ch["missing_issuer"]["ca_issuers"][0],
        exp["leaf_ca_issuers"]
    );
    assert_eq!(ch["missing_issuer"]["not_it"][0]["certificate"], 1);
    assert_eq!(
        ch["missing_issuer"]["not_it"][0]["reason"],
        "subject_mismatch"
    );
    assert_eq!(ch["trust"]["verdict"], "issuer_missing");
}

#[test]
fn a_public_root_completes_the_chain() {
    let exp = strict();
    let at = exp["amazon_verify"]["at"].as_str().unwrap();
    let file = fixture("strict/public-amazon.pem");
    let (json, _, _) = certlens(&["inspect", "--json", "--now", at, &file]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let t = &v["chains"][0]["trust"];
    assert_eq!(t["verdict"], "public_root");
    assert_eq!(t["anchor"], "Amazon Root CA 1");
    assert_eq!(t["store"], "Mozilla's root store (snapshot 2026-10-23)");
    let (text, _, _) = certlens(&["inspect", "--now", at, &file]);
    assert!(text.contains(
        "trust: ends at Amazon RSA 2048 M03, issued by Amazon Root CA 1, which is in Mozilla's root store (snapshot 2026-10-23)"
    ), "{text}");
}

#[test]
fn appended_bytes_and_a_cut_key() {
    let (json, _, _) = certlens(&["inspect", "--json", &fixture("strict/appended.pem")]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let issue = &v["certificates"][0]["encoding_issues"][0];
    assert_eq!(issue["kind"], "trailing_data");
    assert!(issue["rejected_by"][0]
        .as_str()
        .unwrap()
        .starts_with("Go crypto/x509"));
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "encoding_rejected" && f["severity"] == "error"));

    let exp = strict();
    let (text, err, _) = certlens(&["inspect", &fixture("strict/truncated-encrypted.key")]);
    let all = text + &err;
    let declared = exp["truncated_declared"].as_u64().unwrap().to_string();
    let declared = format!("{},{}", &declared[..1], &declared[1..]);
    assert!(
        all.contains(&format!(
            "the DER says {declared} bytes but the block holds {}: the file was cut off",
            exp["truncated_held"]
        )),
        "{all}"
    );
    assert!(!all.contains("password"), "{all}");
}

#[test]
fn version_names_the_root_store() {
    let (out, _, code) = certlens(&["--version"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("root store: Mozilla's root store (")
            && out.contains("webpki-root-certs 1.0.11, snapshot 2026-10-23)"),
        "{out}"
    );
}

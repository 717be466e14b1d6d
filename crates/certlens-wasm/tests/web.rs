//! Every export of certlens-wasm in headless Chromium (wasm-bindgen-test):
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p certlens-wasm --tests
//!
//! Each test calls the exported function as JavaScript would (JsValue in, JsValue out), decodes
//! the result through `JSON.stringify` (so what is checked is exactly what a page sees), and
//! compares it with `tests/fixtures/expected.json`, whose values openssl computed.
#![cfg(target_arch = "wasm32")]

use certlens_wasm as cl;
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXPECTED: &str = include_str!("../../../tests/fixtures/expected.json");
const NOW: &str = "2026-07-01T00:00:00Z";

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/", $path)).as_slice()
    };
}

/// Every certificate of the fixtures, as DER.
const CERTS: &[(&str, &[u8])] = &[
    ("ec-int", fixture!("certs/ec-int.der")),
    ("ec-leaf", fixture!("certs/ec-leaf.der")),
    ("ec-p521-leaf", fixture!("certs/ec-p521-leaf.der")),
    ("ec-root", fixture!("certs/ec-root.der")),
    ("ed25519-self", fixture!("certs/ed25519-self.der")),
    ("ed448-self", fixture!("certs/ed448-self.der")),
    ("internal-services", fixture!("certs/internal-services.der")),
    ("leaf-ca-true", fixture!("certs/leaf-ca-true.der")),
    ("leaf-expired", fixture!("certs/leaf-expired.der")),
    ("leaf-long", fixture!("certs/leaf-long.der")),
    ("leaf-no-san", fixture!("certs/leaf-no-san.der")),
    (
        "leaf-no-serverauth",
        fixture!("certs/leaf-no-serverauth.der"),
    ),
    (
        "leaf-not-yet-valid",
        fixture!("certs/leaf-not-yet-valid.der"),
    ),
    ("other-leaf", fixture!("certs/other-leaf.der")),
    ("other-root", fixture!("certs/other-root.der")),
    ("rsa-1024-leaf", fixture!("certs/rsa-1024-leaf.der")),
    ("rsa-4096-leaf", fixture!("certs/rsa-4096-leaf.der")),
    ("rsa-int-badsig", fixture!("certs/rsa-int-badsig.der")),
    ("rsa-int", fixture!("certs/rsa-int.der")),
    ("rsa-int2", fixture!("certs/rsa-int2.der")),
    ("rsa-leaf-b", fixture!("certs/rsa-leaf-b.der")),
    ("rsa-leaf", fixture!("certs/rsa-leaf.der")),
    ("rsa-pss-leaf", fixture!("certs/rsa-pss-leaf.der")),
    ("rsa-root", fixture!("certs/rsa-root.der")),
    ("rsa-sha1-leaf", fixture!("certs/rsa-sha1-leaf.der")),
    ("rsa-sha384-leaf", fixture!("certs/rsa-sha384-leaf.der")),
    ("rsa-sha512-leaf", fixture!("certs/rsa-sha512-leaf.der")),
];

fn expected() -> Value {
    serde_json::from_str(EXPECTED).expect("expected.json")
}

fn text(bytes: &[u8]) -> JsValue {
    JsValue::from_str(std::str::from_utf8(bytes).expect("UTF-8 fixture"))
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

/// A pool: `[{ name, data }, ...]`.
fn pool(files: &[(&str, &[u8])]) -> JsValue {
    let arr = Array::new();
    for (name, data) in files {
        let o = Object::new();
        Reflect::set(&o, &"name".into(), &(*name).into()).unwrap();
        Reflect::set(&o, &"data".into(), &bytes(data)).unwrap();
        arr.push(&o);
    }
    arr.into()
}

/// A JavaScript options object from JSON (camelCase keys, as a page writes them).
fn opts(v: Value) -> Option<JsValue> {
    Some(js_sys::JSON::parse(&v.to_string()).unwrap())
}

/// What a page would see: the value through JSON.stringify.
fn decode(v: &JsValue) -> Value {
    let s: String = js_sys::JSON::stringify(v).unwrap().into();
    serde_json::from_str(&s).unwrap()
}

fn ok(r: Result<JsValue, JsValue>) -> Value {
    match r {
        Ok(v) => decode(&v),
        Err(e) => panic!("unexpected error: {:?}", message(&e)),
    }
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The thrown value: a JS Error, its message and its kind.
fn err(r: Result<JsValue, JsValue>) -> (String, String, JsValue) {
    let e = r.expect_err("an error");
    assert!(e.is_instance_of::<js_sys::Error>(), "errors are JS Errors");
    let kind = Reflect::get(&e, &"kind".into())
        .unwrap()
        .as_string()
        .unwrap_or_default();
    (message(&e), kind, e)
}

fn inspect_at_now(input: JsValue) -> Value {
    ok(cl::inspect(input, opts(json!({ "now": NOW }))))
}

fn pin(exp: &Value, cert: &str) -> String {
    exp["certs"][cert]["spki_sha256"]
        .as_str()
        .unwrap()
        .to_string()
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

// ---------------------------------------------------------------- inspect

#[wasm_bindgen_test]
fn inspect_describes_every_fixture_certificate_as_openssl_does() {
    let exp = expected();
    for (name, der) in CERTS {
        let r = inspect_at_now(bytes(der));
        let e = &exp["certs"][*name];
        let c = &r["certificates"][0];
        assert_eq!(r["certificates"].as_array().unwrap().len(), 1, "{name}");
        assert_eq!(c["subject"], e["subject_utf8"], "{name} subject");
        assert_eq!(c["issuer"], e["issuer_utf8"], "{name} issuer");
        for k in [
            "serial_hex",
            "not_before",
            "not_after",
            "spki_sha256",
            "spki_sha256_base64",
            "fingerprint_sha256",
            "fingerprint_sha1",
            "is_ca",
            "signature_algorithm",
        ] {
            assert_eq!(c[k], e[k], "{name} {k}");
        }
        for k in ["dns", "ip", "email", "uri"] {
            assert_eq!(c["san"][k], e["san"][k], "{name} san.{k}");
        }
        assert_eq!(
            c["public_key"]["algorithm"], e["key_algorithm"],
            "{name} key algorithm"
        );
        assert_eq!(c["public_key"]["bits"], e["bits"], "{name} bits");
        assert_eq!(c["public_key"]["curve"], e["curve"], "{name} curve");
        // Ed448 signatures are a documented limit of the core (reported as unsupported).
        if *name != "ed448-self" {
            assert_eq!(c["self_signed"], e["self_signed"], "{name} self_signed");
        }
        assert_eq!(c["source"], "input");
    }
}

#[wasm_bindgen_test]
fn inspect_has_the_json_contract_shape_in_snake_case() {
    let r = inspect_at_now(text(fixture!("inputs/chain-correct.pem")));
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "now",
        "inputs",
        "certificates",
        "private_keys",
        "public_keys",
        "other",
        "password_needed",
        "pinned_hashes",
        "errors",
        "chains",
        "duplicates",
        "unrelated",
        "chain_expiry",
        "names",
        "pin_check",
        "findings",
    ] {
        assert!(keys.contains(&k), "missing {k}");
    }
    assert_eq!(r["now"], NOW);
    assert_eq!(
        r["pin_check"],
        Value::Null,
        "absent values are null, not missing"
    );
    let c = &r["certificates"][0];
    assert!(c.get("not_after_unix").is_some() && c.get("notAfterUnix").is_none());
    assert_eq!(c["common_name"], "example.test");
    assert_eq!(c["validity"]["status"], "valid");
    assert_eq!(c["validity"]["days_left"], 335);
}

#[wasm_bindgen_test]
fn inspect_keeps_input_order_and_orders_chains() {
    let exp = expected();
    let fp = |n: &str| exp["certs"][n]["fingerprint_sha256"].clone();
    let r = inspect_at_now(text(fixture!("inputs/chain-shuffled.pem")));
    let e = &exp["inputs"]["inputs/chain-shuffled.pem"];
    let certs = r["certificates"].as_array().unwrap();
    let names: Vec<&str> = e["certs"].as_array().unwrap().iter().map(str_of).collect();
    assert_eq!(certs.len(), names.len());
    for (c, n) in certs.iter().zip(&names) {
        assert_eq!(c["fingerprint_sha256"], fp(n), "input order");
    }
    let order: Vec<Value> = r["chains"][0]["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| certs[i.as_u64().unwrap() as usize]["fingerprint_sha256"].clone())
        .collect();
    let want: Vec<Value> = e["correct_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| fp(str_of(n)))
        .collect();
    assert_eq!(order, want, "chain leaf → root");
    assert_eq!(r["chains"][0]["misordered"], true);

    // A pool: a chain spanning named inputs, in the order given.
    let r = ok(cl::inspect(
        pool(&[
            ("root.der", fixture!("certs/rsa-root.der")),
            ("leaf.pem", fixture!("certs/rsa-leaf.pem")),
            ("int.der", fixture!("certs/rsa-int.der")),
        ]),
        opts(json!({ "now": NOW })),
    ));
    let sources: Vec<&str> = r["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| str_of(&c["source"]))
        .collect();
    assert_eq!(sources, ["root.der", "leaf.pem", "int.der"]);
    assert_eq!(r["certificates"][1]["fingerprint_sha256"], fp("rsa-leaf"));
    assert_eq!(r["chains"][0]["order"], json!([1, 2, 0]));
    assert_eq!(r["chains"][0]["complete"], true);
    let names: Vec<&str> = r["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| str_of(&i["name"]))
        .collect();
    assert_eq!(names, ["root.der", "leaf.pem", "int.der"]);
}

#[wasm_bindgen_test]
fn inspect_reads_keys_with_a_password() {
    let exp = expected();
    let p12 = fixture!("inputs/bundle.p12");
    let locked = inspect_at_now(bytes(p12));
    assert_eq!(locked["certificates"].as_array().unwrap().len(), 0);
    assert_eq!(locked["password_needed"].as_array().unwrap().len(), 1);

    let r = ok(cl::inspect(
        bytes(p12),
        opts(json!({ "now": NOW, "password": "correct horse" })),
    ));
    let fps: Vec<&str> = r["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| str_of(&c["fingerprint_sha256"]))
        .collect();
    let want: Vec<&str> = exp["inputs"]["inputs/bundle.p12"]["certs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| str_of(&exp["certs"][str_of(n)]["fingerprint_sha256"]))
        .collect();
    assert_eq!(fps, want);
    let k = &r["private_keys"][0];
    assert_eq!(
        k["spki_sha256"],
        exp["keys"]["keys/rsa-leaf.pkcs8.pem"]["spki_sha256"]
    );
    assert_eq!(k["matches"], json!([0]));

    // Encrypted PKCS#8, wrong then right password.
    let enc = fixture!("keys/rsa-leaf.pkcs8-enc.pem");
    let wrong = ok(cl::inspect(text(enc), opts(json!({ "password": "wrong" }))));
    assert_eq!(wrong["private_keys"][0]["spki_sha256"], Value::Null);
    let right = ok(cl::inspect(
        text(enc),
        opts(json!({ "password": "correct horse" })),
    ));
    assert_eq!(
        right["private_keys"][0]["spki_sha256"],
        exp["keys"]["keys/rsa-leaf.pkcs8-enc.pem"]["spki_sha256"]
    );
    assert_eq!(right["private_keys"][0]["format"], "pkcs8_encrypted");
}

#[wasm_bindgen_test]
fn inspect_checks_names_and_pins() {
    let exp = expected();
    let chain = text(fixture!("inputs/chain-correct.pem"));
    let r = ok(cl::inspect(
        chain.clone(),
        opts(json!({ "now": NOW, "names": ["app.example.test", "other.test", "10.0.0.1"] })),
    ));
    let covered: Vec<bool> = r["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["covered"].as_bool().unwrap())
        .collect();
    assert_eq!(covered, [true, false, true]);
    assert_eq!(r["names"][0]["kind"], "wildcard");
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "name_not_covered"));

    let leaf_pin = pin(&exp, "rsa-leaf");
    let r = ok(cl::inspect(
        chain.clone(),
        opts(json!({ "now": NOW, "expectedPins": [leaf_pin, pin(&exp, "rsa-leaf-b")] })),
    ));
    assert_eq!(r["pin_check"]["leaf_pinned"], true);
    assert_eq!(r["pin_check"]["rotation"], "old_and_new");
    let r = ok(cl::inspect(
        chain,
        opts(json!({ "now": NOW, "expectedPins": pin(&exp, "rsa-leaf-b") })),
    ));
    assert_eq!(r["pin_check"]["leaf_pinned"], false);
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "leaf_not_pinned"));

    // A values.yaml carries its own pin list.
    let r = inspect_at_now(text(fixture!("inputs/values.yaml")));
    assert_eq!(
        r["pinned_hashes"][0]["pins"],
        exp["inputs"]["inputs/values.yaml"]["pinned_hashes"]
    );

    // services + namespace expand like `certlens check --service --namespace`.
    let r = ok(cl::inspect(
        text(fixture!("certs/internal-services.pem")),
        opts(json!({ "now": NOW, "services": ["lightrun-frontend"], "namespace": "lightrun" })),
    ));
    assert!(r["names"].as_array().unwrap().len() >= 3);
    assert!(r["names"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["covered"] == true));
}

#[wasm_bindgen_test]
fn inspect_takes_now_as_date_number_or_string() {
    let pem = text(fixture!("certs/rsa-leaf.pem"));
    let ms = 1_782_864_000_000.0; // 2026-07-01T00:00:00Z
    for now in [
        JsValue::from_f64(ms),
        js_sys::Date::new(&JsValue::from_f64(ms)).into(),
        JsValue::from_str(NOW),
    ] {
        let o = Object::new();
        Reflect::set(&o, &"now".into(), &now).unwrap();
        let r = ok(cl::inspect(pem.clone(), Some(o.into())));
        assert_eq!(r["now"], NOW);
        assert_eq!(r["certificates"][0]["validity"]["days_left"], 335);
    }
    // Default: the clock. The fixture leaf expires 2027-06-01.
    let r = ok(cl::inspect(pem.clone(), None));
    let now_s = (js_sys::Date::now() / 1000.0) as i64;
    let left = r["certificates"][0]["validity"]["seconds_left"]
        .as_i64()
        .unwrap();
    assert!(
        (1_811_808_000 - now_s - left).abs() <= 5,
        "now defaults to Date.now()"
    );
    let r = ok(cl::inspect(
        pem,
        opts(json!({ "now": "2030-01-01T00:00:00Z" })),
    ));
    assert_eq!(r["certificates"][0]["validity"]["status"], "expired");
}

#[wasm_bindgen_test]
fn inspect_reports_unreadable_input_instead_of_throwing() {
    let r = ok(cl::inspect(
        text(fixture!("inputs/bad/truncated.pem")),
        None,
    ));
    let e = &r["errors"][0];
    assert_eq!(e["source"], "input");
    assert!(str_of(&e["message"]).starts_with("input, block 1"), "{e}");
    let r = ok(cl::inspect(bytes(fixture!("inputs/bad/garbage.bin")), None));
    assert_eq!(r["certificates"].as_array().unwrap().len(), 0);
    assert!(!r["errors"].as_array().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn arguments_are_checked() {
    let pem = text(fixture!("certs/rsa-leaf.pem"));
    let (m, kind, _) = err(cl::inspect(JsValue::from_f64(42.0), None));
    assert_eq!(kind, "invalid_argument");
    assert!(m.starts_with("input must be a string, a Uint8Array"), "{m}");
    let (m, kind, _) = err(cl::inspect(
        pem.clone(),
        opts(json!({ "include_root": true })),
    ));
    assert_eq!(kind, "invalid_argument");
    assert!(
        m.starts_with("unknown option \"include_root\"; known options: password, now, names"),
        "{m}"
    );
    let (m, _, _) = err(cl::tls_values(
        pem.clone(),
        opts(json!({ "include_root": true })),
    ));
    assert!(
        m.starts_with("unknown option \"include_root\" (option names are camelCase: includeRoot)"),
        "{m}"
    );
    // The CLI's --now message.
    let (m, _, _) = err(cl::inspect(
        pem.clone(),
        opts(json!({ "now": "yesterday" })),
    ));
    assert_eq!(
        m,
        "\"yesterday\" is not an RFC 3339 time such as 2026-07-01T00:00:00Z"
    );
    // The CLI's --key-format message.
    let (m, _, _) = err(cl::tls_values(
        pem.clone(),
        opts(json!({ "keyFormat": "der" })),
    ));
    assert_eq!(m, "unknown key format \"der\"; use pkcs8, pkcs1 or sec1");
    let (m, _, _) = err(cl::inspect(pool(&[("a", b"x"), ("a", b"y")]), None));
    assert_eq!(
        m,
        "two inputs are named \"a\"; give every input its own name"
    );
    let (m, _, _) = err(cl::inspect(pem, Some(JsValue::from_str("fast"))));
    assert_eq!(m, "options must be an object");
}

// ---------------------------------------------------------------- outputs

fn chain_and_key() -> JsValue {
    pool(&[
        ("chain.pem", fixture!("inputs/chain-shuffled.pem")),
        ("tls.key", fixture!("keys/rsa-leaf.pkcs1.pem")),
    ])
}

/// Fingerprints of the certificates of a PEM text, in order (decoded with inspect).
fn fingerprints(pem: &str) -> Vec<String> {
    let r = inspect_at_now(JsValue::from_str(pem));
    r["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| str_of(&c["fingerprint_sha256"]).to_string())
        .collect()
}

fn fps(exp: &Value, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| str_of(&exp["certs"][*n]["fingerprint_sha256"]).to_string())
        .collect()
}

fn b64_decode(s: &str) -> String {
    let bin: String = js_sys::global().unchecked_into::<Window>().atob(s);
    bin
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type Window;
    #[wasm_bindgen::prelude::wasm_bindgen(method)]
    fn atob(this: &Window, s: &str) -> String;
}

#[wasm_bindgen_test]
fn tls_values_match_openssl() {
    let exp = expected();
    let v = ok(cl::tls_values(chain_and_key(), opts(json!({ "now": NOW }))));
    assert_eq!(v["leaf_pin"], pin(&exp, "rsa-leaf"));
    assert_eq!(v["pins"], json!([pin(&exp, "rsa-leaf")]));
    assert_eq!(
        fingerprints(str_of(&v["full_chain_pem"])),
        fps(&exp, &["rsa-leaf", "rsa-int", "rsa-root"]),
        "leaf first, root included: the vendor's documented chain"
    );
    assert_eq!(
        b64_decode(str_of(&v["crt_base64"])),
        str_of(&v["full_chain_pem"])
    );
    // The PKCS#1 key is kept as given (the chart accepts it).
    assert!(str_of(&v["key_pem"]).starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    assert_eq!(v["key_format"], "pkcs1");
    assert_eq!(v["key_converted"], false);
    assert!(
        str_of(&v["yaml"]).contains(&format!("- {}", pin(&exp, "rsa-leaf")))
            || str_of(&v["yaml"]).contains(&pin(&exp, "rsa-leaf"))
    );
    // The key in the output is the leaf's key.
    let k = inspect_at_now(JsValue::from_str(str_of(&v["key_pem"])));
    assert_eq!(k["private_keys"][0]["spki_sha256"], pin(&exp, "rsa-leaf"));

    let v = ok(cl::tls_values(
        chain_and_key(),
        opts(
            json!({ "now": NOW, "includeRoot": false, "keyFormat": "pkcs8", "oldPins": [pin(&exp, "rsa-leaf-b")] }),
        ),
    ));
    assert_eq!(
        fingerprints(str_of(&v["full_chain_pem"])),
        fps(&exp, &["rsa-leaf", "rsa-int"])
    );
    assert!(str_of(&v["key_pem"]).starts_with("-----BEGIN PRIVATE KEY-----"));
    assert_eq!(v["key_converted"], true);
    assert_eq!(
        v["pins"],
        json!([pin(&exp, "rsa-leaf"), pin(&exp, "rsa-leaf-b")])
    );
}

#[wasm_bindgen_test]
fn tls_secret_matches_openssl() {
    let exp = expected();
    let s = ok(cl::tls_secret(chain_and_key(), opts(json!({ "now": NOW }))));
    assert_eq!(s["name"], "lightrun-tls");
    assert_eq!(s["namespace"], Value::Null);
    assert_eq!(s["ca_pem"], Value::Null);
    assert_eq!(s["leaf_pin"], pin(&exp, "rsa-leaf"));
    let s = ok(cl::tls_secret(
        chain_and_key(),
        opts(json!({ "now": NOW, "name": "my-tls", "namespace": "prod", "includeCa": true })),
    ));
    assert_eq!(s["name"], "my-tls");
    assert_eq!(s["namespace"], "prod");
    let yaml = str_of(&s["yaml"]);
    assert!(
        yaml.contains("kubernetes.io/tls")
            && yaml.contains("name: my-tls")
            && yaml.contains("namespace: prod"),
        "{yaml}"
    );
    assert!(
        str_of(&s["kubectl"]).starts_with("kubectl create secret"),
        "{}",
        s["kubectl"]
    );
    assert_eq!(fingerprints(str_of(&s["ca_pem"])), fps(&exp, &["rsa-root"]));
    // The vendor's documented chain: leaf → intermediate → root (root included by default).
    assert_eq!(
        fingerprints(str_of(&s["full_chain_pem"])),
        fps(&exp, &["rsa-leaf", "rsa-int", "rsa-root"])
    );
}

#[wasm_bindgen_test]
fn internal_tls_covers_the_services() {
    let exp = expected();
    let input = pool(&[
        ("internal.pem", fixture!("certs/internal-services.pem")),
        ("internal.key", fixture!("keys/internal-services.key")),
        ("int.pem", fixture!("certs/rsa-int.pem")),
        ("root.pem", fixture!("certs/rsa-root.pem")),
    ]);
    let t = ok(cl::internal_tls(
        input.clone(),
        opts(json!({ "now": NOW, "release": "lightrun", "namespace": "lightrun" })).unwrap(),
    ));
    let services = t["services"].as_array().unwrap();
    assert!(!services.is_empty());
    for s in services {
        assert_eq!(s["covered"], true, "{}", s["key"]);
        assert_eq!(s["certificate"], 0);
    }
    assert_eq!(t["ca_secret_name"], "lightrun-internal-ca");
    assert_eq!(fingerprints(str_of(&t["ca_pem"])), fps(&exp, &["rsa-root"]));
    // Every key the chart mounts is filled by default; a narrowed list that leaves a mounted
    // key empty is refused, unless the others name Secrets the user already has.
    assert_eq!(services.len(), 7);
    let (m, kind, _) = err(cl::internal_tls(
        input.clone(),
        opts(json!({ "now": NOW, "release": "lightrun", "namespace": "lightrun", "services": ["frontend"] })).unwrap(),
    ));
    assert_eq!(kind, "internal_tls_incomplete", "{m}");
    let t = ok(cl::internal_tls(
        input.clone(),
        opts(json!({
            "now": NOW, "release": "lightrun", "namespace": "lightrun", "services": ["frontend"],
            "existingSecrets": {
                "keycloak": "kc-tls", "keycloak_cluster": "kcc-tls", "redis": "redis-tls",
                "rabbitmq": "mq-tls", "data_streamer": "ds-tls", "artifacts": "art-tls"
            }
        }))
        .unwrap(),
    ));
    assert_eq!(t["services"].as_array().unwrap().len(), 1);
    assert_eq!(t["services"][0]["secret_name"], "lightrun-frontend-tls");
    let (m, kind, _) = err(cl::internal_tls(
        input,
        opts(json!({ "namespace": "lightrun" })).unwrap(),
    ));
    assert_eq!(kind, "invalid_argument");
    assert!(m.contains("options.release"), "{m}");
}

#[wasm_bindgen_test]
fn pins_match_openssl() {
    let exp = expected();
    let p = ok(cl::pins(text(fixture!("inputs/chain-correct.pem")), None));
    assert_eq!(p["list"], json!([pin(&exp, "rsa-leaf")]));
    assert_eq!(p["form"], "hex");
    let all: Vec<&str> = p["all"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| str_of(&i["hex"]))
        .collect();
    assert_eq!(
        all,
        [
            pin(&exp, "rsa-leaf"),
            pin(&exp, "rsa-int"),
            pin(&exp, "rsa-root")
        ]
    );
    let p = ok(cl::pins(
        text(fixture!("inputs/chain-correct.pem")),
        opts(json!({ "base64": true })),
    ));
    assert_eq!(
        p["list"],
        json!([exp["certs"]["rsa-leaf"]["spki_sha256_base64"]])
    );
    // A bare public key and an OpenSSH key have pins too.
    let p = ok(cl::pins(text(fixture!("pub/openssh-ed25519.pub")), None));
    assert_eq!(
        p["all"][0]["hex"],
        exp["public_keys"]["pub/openssh-ed25519.pub"]["spki_sha256"]
    );
    let (m, kind, _) = err(cl::pins(text(b"nothing here"), None));
    assert_eq!(kind, "nothing_to_pin");
    assert_eq!(
        m,
        certlens_core::output::OutputError::NothingToPin.to_string()
    );
}

#[wasm_bindgen_test]
fn old_side_pins_match_openssl() {
    let exp = expected();
    let v = ok(cl::old_side_pins(
        text(fixture!("certs/rsa-leaf-b.pem")),
        None,
    ));
    assert_eq!(v, json!([pin(&exp, "rsa-leaf-b")]));
    let v = ok(cl::old_side_pins(text(b"no pins"), None));
    assert_eq!(v, json!([]));
}

#[wasm_bindgen_test]
fn convert_key_matches_openssl() {
    let exp = expected();
    let enc = text(fixture!("keys/rsa-leaf.pkcs8-enc.pem"));
    let c = ok(cl::convert_key(
        enc.clone(),
        opts(json!({ "to": "pkcs1", "password": "correct horse" })).unwrap(),
    ));
    assert!(str_of(&c["pem"]).starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert_eq!(c["from"], "pkcs8_encrypted");
    assert_eq!(c["to"], "pkcs1");
    assert_eq!(c["decrypted"], true);
    assert_eq!(
        c["spki_sha256"],
        exp["keys"]["keys/rsa-leaf.pkcs8-enc.pem"]["spki_sha256"]
    );
    let back = inspect_at_now(JsValue::from_str(str_of(&c["pem"])));
    assert_eq!(back["private_keys"][0]["format"], "pkcs1");
    assert_eq!(
        back["private_keys"][0]["spki_sha256"],
        exp["keys"]["keys/rsa-leaf.pkcs1.pem"]["spki_sha256"]
    );

    let c = ok(cl::convert_key(
        text(fixture!("keys/ec-leaf.key")),
        opts(json!({ "to": "sec1" })).unwrap(),
    ));
    assert!(str_of(&c["pem"]).starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
    let back = inspect_at_now(JsValue::from_str(str_of(&c["pem"])));
    assert_eq!(
        back["private_keys"][0]["spki_sha256"],
        exp["keys"]["keys/ec-leaf.sec1.pem"]["spki_sha256"]
    );

    // Two keys: pick one by its 0-based index.
    let two = pool(&[
        ("a.key", fixture!("keys/ec-leaf.key")),
        ("b.key", fixture!("keys/rsa-leaf.key")),
    ]);
    let (m, kind, _) = err(cl::convert_key(
        two.clone(),
        opts(json!({ "to": "pkcs8" })).unwrap(),
    ));
    assert_eq!(kind, "several_private_keys");
    assert!(
        m.starts_with("the input holds 2 private keys; choose one with options.key"),
        "{m}"
    );
    let c = ok(cl::convert_key(
        two,
        opts(json!({ "to": "pkcs8", "key": 1 })).unwrap(),
    ));
    assert_eq!(
        c["spki_sha256"],
        exp["keys"]["keys/rsa-leaf.key"]["spki_sha256"]
    );

    // Errors of the core carry its message and details.
    let (m, kind, e) = err(cl::convert_key(
        text(fixture!("keys/ec-leaf.key")),
        opts(json!({ "to": "pkcs1" })).unwrap(),
    ));
    assert_eq!(kind, "key_unusable");
    assert!(m.contains("cannot be used"), "{m}");
    let details = decode(&Reflect::get(&e, &"details".into()).unwrap());
    assert_eq!(details["kind"], "key_unusable");
    let (m, kind, _) = err(cl::convert_key(
        enc,
        opts(json!({ "to": "pkcs8" })).unwrap(),
    ));
    assert_eq!(kind, "key_locked");
    assert!(m.contains("is encrypted; give its password"), "{m}");
    let (_, kind, _) = err(cl::convert_key(
        text(fixture!("certs/rsa-leaf.pem")),
        opts(json!({ "to": "pkcs8" })).unwrap(),
    ));
    assert_eq!(kind, "no_private_key");
    let (m, _, _) = err(cl::convert_key(
        text(fixture!("keys/ec-leaf.key")),
        opts(json!({})).unwrap(),
    ));
    assert!(m.contains("options.to"), "{m}");
}

#[wasm_bindgen_test]
fn chain_pem_orders_the_chain() {
    let exp = expected();
    let pem = cl::chain_pem(text(fixture!("inputs/chain-shuffled.pem")), None).unwrap();
    assert_eq!(
        fingerprints(&pem),
        fps(&exp, &["rsa-leaf", "rsa-int", "rsa-root"])
    );
    let pem = cl::chain_pem(
        text(fixture!("inputs/chain-reversed.pem")),
        opts(json!({ "includeRoot": false })),
    )
    .unwrap();
    assert_eq!(fingerprints(&pem), fps(&exp, &["rsa-leaf", "rsa-int"]));
    let e = cl::chain_pem(text(b"no certificate"), None).err().unwrap();
    assert!(
        message(&e).starts_with("no certificate in the input (what could not be read: input: "),
        "{}",
        message(&e)
    );
}

#[wasm_bindgen_test]
fn errors_have_the_cli_messages() {
    // Only the leaf: no key. The message is the core's OutputError, which the CLI prints
    // after "certlens: " (tests/node compares with the real CLI).
    let leaf = text(fixture!("certs/rsa-leaf.pem"));
    let (m, kind, e) = err(cl::tls_values(leaf.clone(), opts(json!({ "now": NOW }))));
    assert_eq!(kind, "missing_intermediate");
    let core_report = certlens_core::inspect(
        &[certlens_core::Input::new(
            "input",
            fixture!("certs/rsa-leaf.pem"),
        )],
        &certlens_core::Options::at(1_782_864_000),
    );
    let core_err =
        certlens_core::output::tls_values(&core_report, &Default::default()).unwrap_err();
    assert_eq!(m, core_err.to_string());
    let details = decode(&Reflect::get(&e, &"details".into()).unwrap());
    assert_eq!(
        details["issuer"],
        "CN=certlens Test RSA Intermediate CA,O=certlens test"
    );

    let (m, kind, _) = err(cl::tls_values(
        leaf,
        opts(json!({ "now": NOW, "allowIncompleteChain": true })),
    ));
    assert_eq!(kind, "no_matching_key");
    assert!(
        m.starts_with("no private key matches the leaf certificate"),
        "{m}"
    );

    let (m, kind, _) = err(cl::tls_secret(
        chain_and_key(),
        opts(json!({ "name": "Not_Valid" })),
    ));
    assert_eq!(kind, "invalid_name");
    assert!(m.starts_with("the Secret name \"Not_Valid\""), "{m}");
}

// ---------------------------------------------------------------- encryption keys

fn decoded_len(key: &str) -> usize {
    b64_decode(key).chars().count()
}

#[wasm_bindgen_test]
fn generate_key_uses_crypto_random_values() {
    let a = cl::generate_key().unwrap();
    let b = cl::generate_key().unwrap();
    assert_eq!(a.len(), 44);
    assert!(a.ends_with('='));
    assert_eq!(decoded_len(&a), 32);
    assert_ne!(a, b, "fresh randomness each time");
    assert_eq!(ok(cl::check_key(a))["ok"], true);
}

#[wasm_bindgen_test]
fn encryption_key_secrets() {
    let key = cl::generate_key().unwrap();
    let s = ok(cl::encryption_key_secret(opts(
        json!({ "key": key, "namespace": "lightrun" }),
    )));
    assert_eq!(s["secret_name"], "lightrun-backend");
    assert_eq!(s["namespace"], "lightrun");
    assert_eq!(
        s["keys"],
        json!([{ "name": "encryption-key-0", "value": key }])
    );
    assert_eq!(s["form"], "stringData");
    assert!(str_of(&s["secret_yaml"]).contains(&key));

    let s = ok(cl::encryption_key_secret(None));
    let fresh = str_of(&s["keys"][0]["value"]);
    assert_eq!(decoded_len(fresh), 32);

    let r = ok(cl::encryption_key_rotation(
        key.clone(),
        opts(json!({ "secretName": "my-backend" })),
    ));
    assert_eq!(r["secret_name"], "my-backend");
    assert_eq!(
        r["keys"][0],
        json!({ "name": "encryption-key-0", "value": key })
    );
    assert_eq!(r["keys"][1]["name"], "encryption-key-1");
    assert_ne!(r["keys"][1]["value"], json!(key));

    let (m, kind, _) = err(cl::encryption_key_rotation(
        key.clone(),
        opts(json!({ "key": key })),
    ));
    assert_eq!(kind, "encryption_key");
    assert!(!m.is_empty());
    let (_, kind, _) = err(cl::encryption_key_rotation("not a key".into(), None));
    assert_eq!(kind, "encryption_key");
}

#[wasm_bindgen_test]
fn check_key_diagnoses() {
    // 32 bytes that openssl would print as `openssl rand -base64 32`.
    let good = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
    let c = ok(cl::check_key(good.into()));
    assert_eq!(
        c,
        json!({ "ok": true, "normalized": good, "problems": [], "hints": [] })
    );
    let c = ok(cl::check_key(format!("{good}\n")));
    assert_eq!(c["ok"], true);
    assert!(!c["hints"].as_array().unwrap().is_empty());
    let c = ok(cl::check_key("abc".into()));
    assert_eq!(c["ok"], false);
    assert!(!c["problems"].as_array().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(cl::version(), env!("CARGO_PKG_VERSION"));
}

const DOCTOR_EXPECTED: &str = include_str!("../../../tests/fixtures/doctor/expected.json");

#[wasm_bindgen_test]
fn doctor_and_inventory_answer_as_openssl_says() {
    let exp: Value = serde_json::from_str(DOCTOR_EXPECTED).unwrap();
    let files = pool(&[
        ("values.yaml", fixture!("doctor/values.yaml")),
        ("secrets.yaml", fixture!("doctor/secrets.yaml")),
    ]);
    let r = ok(cl::doctor(
        files,
        opts(json!({ "now": NOW, "namespace": "lr-prod" })),
    ));
    assert_eq!(r["has_errors"], true);
    assert_eq!(r["namespace"], "lr-prod");
    let v = |s: &str| {
        r["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["setting"] == s)
            .cloned()
            .unwrap_or_else(|| panic!("no verdict {s}"))
    };
    assert_eq!(v("certificate.tls.crt")["level"], "error");
    assert_eq!(v("certificate.tls.crt")["line"], 28);
    assert_eq!(exp["key_match"]["leaf"], true);
    assert_eq!(v("certificate.tls.key")["level"], "ok");
    assert_eq!(exp["verify_internal"]["frontend"], "OK");
    assert_eq!(
        v("general.internal_tls.certificates.existing_certificates.frontend")["level"],
        "ok"
    );
    assert_eq!(
        v("general.internal_tls.certificates.existing_certificates.redis")["level"],
        "not_checked"
    );

    let list = pool(&[("secrets-list.yaml", fixture!("inventory/secrets-list.yaml"))]);
    let inv = ok(cl::inventory(list.clone(), opts(json!({ "now": NOW }))));
    assert_eq!(inv["rows"].as_array().unwrap().len(), 5);
    assert_eq!(
        inv["rows"][0]["fingerprint_sha256"],
        exp["expired_fingerprint"]
    );
    assert_eq!(inv["rows"][0]["not_after"], exp["expired_not_after"]);
    let ics = cl::inventory(
        list,
        opts(json!({ "now": NOW, "format": "ics", "warnDays": 7 })),
    )
    .unwrap()
    .as_string()
    .unwrap();
    assert_eq!(ics.matches("TRIGGER:-P7D\r\n").count(), 5);
}

// ---------------------------------------------------------------- trust anchors

const PATHS_EXPECTED: &str = include_str!("../../../tests/fixtures/paths/expected.json");

/// `trustAnchors` declares a root: each client's verdict then agrees with the real client's
/// (tests/fixtures/paths/expected.json: openssl, Java, Go, pyca and rustls-webpki run on these
/// openssl-made files). Here only Java rejects (an EC leaf with keyEncipherment).
#[wasm_bindgen_test]
fn trust_anchors_declare_a_root_and_verdicts_follow_the_real_clients() {
    let exp: Value = serde_json::from_str(PATHS_EXPECTED).unwrap();
    let case = &exp["cases"]["leaf-ec-keyencipherment"];
    let now = exp["validation_time"].as_i64().unwrap() * 1000;
    let host = str_of(&case["host"]).to_string();
    let input = pool(&[
        (
            "leaf-ec-keyencipherment.pem",
            fixture!("paths/leaf-ec-keyencipherment/leaf-ec-keyencipherment.pem"),
        ),
        (
            "ec-int.pem",
            fixture!("paths/leaf-ec-keyencipherment/ec-int.pem"),
        ),
    ]);
    let root = std::str::from_utf8(fixture!("paths/leaf-ec-keyencipherment/ec-root.pem"))
        .unwrap()
        .to_string();
    let r = ok(cl::inspect(
        input.clone(),
        opts(json!({ "now": now, "names": [host], "trustAnchors": [root] })),
    ));
    let v = &r["chains"][0]["validation"];
    assert_eq!(v["anchor"]["source"], "declared");
    let verdicts = &case["verdicts"];
    let real = |k: &str| verdicts[k]["accept"].as_bool().unwrap();
    for (client, accept) in [
        ("openssl", real("openssl")),
        ("java", real("java")),
        ("go", real("go")),
        ("browser", real("pyca") && real("webpki")),
    ] {
        let c = v["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["client"] == client)
            .unwrap();
        assert_eq!(
            c["outcome"],
            if accept { "accept" } else { "reject" },
            "{client}: {c}"
        );
    }
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "chain_rejected"));
    // The words, as the CLI prints them.
    let words = ok(cl::chain_verdicts(
        input.clone(),
        opts(json!({ "now": now, "names": [host], "trustAnchors": [root] })),
    ));
    assert_eq!(words[0]["headline"], "fails: Java rejects it");
    assert_eq!(words[0]["clients"][0]["text"], "OpenSSL accepts");

    // Without it, the root is nobody's anchor: every client rejects.
    let r = ok(cl::inspect(
        input.clone(),
        opts(json!({ "now": now, "names": [host] })),
    ));
    assert_eq!(r["chains"][0]["validation"]["overall"], "fails");
    assert_eq!(r["chains"][0]["validation"]["anchor"], Value::Null);

    // A string with no certificate is an error naming its index.
    let (msg, kind, _) = err(cl::inspect(
        input,
        opts(json!({ "now": now, "trustAnchors": [root, "not a certificate"] })),
    ));
    assert_eq!(kind, "invalid_argument");
    assert!(msg.contains("trustAnchors[1]: no certificate"), "{msg}");
}

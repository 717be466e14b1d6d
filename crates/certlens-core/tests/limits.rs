//! Hostile sizes end in a clear message, never in a hang, a crash or an out-of-memory abort.

mod common;
use common::der;

use certlens_core::{b64, Input, Limits};
use certlens_core::{inspect, Options};

/// Deterministic pseudo-random bytes (xorshift), so the test is the same on every run.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn messages(inputs: Vec<Input>, opts: &Options) -> Vec<String> {
    inspect(&inputs, opts)
        .errors
        .into_iter()
        .map(|e| e.message)
        .collect()
}

#[test]
fn twenty_megabytes_of_random_bytes_are_refused_with_a_message() {
    let mut data = noise(20 * 1024 * 1024);
    data[0] = 0x17; // not a DER SEQUENCE
    let m = messages(vec![Input::new("random.bin", data)], &Options::at(0));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("random.bin: binary data that is neither DER nor text"),
        "{}",
        m[0]
    );
    // The same noise behind a DER SEQUENCE header is reported as DER that is not a certificate.
    let mut der = vec![0x30, 0x84, 0x01, 0x40, 0x00, 0x00];
    der.extend(noise(20 * 1024 * 1024));
    let m = messages(vec![Input::new("fake.der", der)], &Options::at(0));
    assert!(!m.is_empty() && m[0].starts_with("fake.der"), "{m:?}");
}

#[test]
fn a_pool_over_the_size_limit_is_refused_before_reading() {
    let opts = Options {
        limits: Limits {
            max_total_bytes: 1024,
            ..Limits::default()
        },
        ..Options::at(0)
    };
    let m = messages(
        vec![
            Input::new("a.pem", vec![b'a'; 600]),
            Input::new("b.pem", vec![b'b'; 600]),
        ],
        &opts,
    );
    assert_eq!(m.len(), 1);
    assert!(m[0].contains("this tool reads at once"), "{}", m[0]);
}

#[test]
fn absurd_pem_lines_and_too_many_blocks() {
    let long = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        "A".repeat(100_000)
    );
    let m = messages(vec![Input::new("long.pem", long)], &Options::at(0));
    assert!(m[0].contains("line 2 is 100000 characters long"), "{m:?}");

    let block = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    let opts = Options {
        limits: Limits {
            max_blocks: 10,
            ..Limits::default()
        },
        ..Options::at(0)
    };
    let r = inspect(&[Input::new("many.pem", block.repeat(50))], &opts);
    assert!(
        r.errors
            .iter()
            .any(|e| e.message.contains("more than 10 blocks")),
        "{:?}",
        r.errors
    );
    assert_eq!(r.inputs[0].blocks.len(), 10);
}

#[test]
fn base64_nested_too_deep_is_refused() {
    let mut text = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n".to_string();
    for _ in 0..8 {
        text = b64::encode_standard(text.as_bytes());
    }
    let m = messages(vec![Input::new("deep.txt", text)], &Options::at(0));
    assert!(
        m.iter()
            .any(|m| m.contains("Base64 nested") && m.contains("refusing")),
        "{m:?}"
    );
}

#[test]
fn deeply_nested_yaml_does_not_overflow_the_stack() {
    let mut y = String::from("certificate:\n");
    for i in 0..2000 {
        y.push_str(&" ".repeat(i + 1));
        y.push_str("a:\n");
    }
    let _ = inspect(&[Input::new("deep.yaml", y)], &Options::at(0));
    let flow = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let _ = inspect(&[Input::new("flow.json", flow)], &Options::at(0));
}

#[test]
fn yaml_alias_bombs_are_refused_without_expanding() {
    // Found by the yaml fuzzer: seven levels of nine aliases (9^7 nodes once expanded).
    let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        y.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let m = messages(vec![Input::new("bomb.yaml", y)], &Options::at(0));
    assert!(
        m.iter()
            .any(|m| m.starts_with("bomb.yaml") && m.contains("would expand")),
        "{m:?}"
    );
    // A few ordinary aliases, as Helm values sometimes use, still load.
    let ok = "common: &common\n  namespace: lightrun\nfrontend: *common\nbackend: *common\ncertificate:\n  security_pinned_hashes: []\n";
    let m = messages(vec![Input::new("values.yaml", ok)], &Options::at(0));
    assert!(m.iter().all(|m| !m.contains("would expand")), "{m:?}");
}

#[test]
fn yaml_aliases_of_a_large_value_are_refused_by_bytes() {
    // From the review: a 1 MB Secret whose 512 KB value is aliased 2,000 times. Few nodes, so
    // the node count let it through; the loader then copied ~1 GB per document and the page's
    // worker died. The expanded size is counted in bytes before anything is expanded.
    let big = "A".repeat(512 * 1024);
    let mut y = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bomb\ntype: Opaque\ndata:\n  a: &big \"{big}\"\n"
    );
    for i in 0..2000 {
        y.push_str(&format!("  k{i}: *big\n"));
    }
    assert!(
        y.len() < 600 * 1024,
        "the crafted input stays small: {}",
        y.len()
    );
    let m = messages(vec![Input::new("big-alias.yaml", y)], &Options::at(0));
    assert!(
        m.iter().any(|m| m.starts_with("big-alias.yaml")
            && m.contains("would expand to about 1000 MB, over the limit of 32 MB")),
        "{m:?}"
    );
    // The same value aliased a few times is ordinary YAML and still loads.
    let mut ok = format!("certificate:\n  note: &big \"{}\"\n", "A".repeat(64 * 1024));
    for i in 0..8 {
        ok.push_str(&format!("  k{i}: *big\n"));
    }
    let m = messages(vec![Input::new("values.yaml", ok)], &Options::at(0));
    assert!(m.iter().all(|m| !m.contains("would expand")), "{m:?}");
}

/// A PKCS#8 DSA key (RFC 5958, RFC 3279 parameters) with the given p, q, g and x.
fn dsa_pkcs8(p: &[u8], q: &[u8], g: &[u8], x: &[u8]) -> String {
    let int = |v: &[u8]| der(0x02, &[&[0u8][..], v].concat());
    let params = der(0x30, &[int(p), int(q), int(g)].concat());
    let dsa_oid = der(0x06, &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]); // 1.2.840.10040.4.1
    let alg = der(0x30, &[dsa_oid, params].concat());
    let key = der(0x04, &int(x));
    let info = der(0x30, &[der(0x02, &[0]), alg, key].concat());
    certlens_core::pem::encode("PRIVATE KEY", &info)
}

fn key_messages(name: &str, pem: String) -> Vec<String> {
    let report = inspect(&[Input::new(name, pem)], &Options::at(0));
    let mut m: Vec<String> = report.errors.into_iter().map(|e| e.message).collect();
    m.extend(report.private_keys.into_iter().filter_map(|k| k.note));
    m
}

#[test]
fn dsa_keys_with_oversized_parameters_are_refused_before_any_work() {
    // From the review: an 8 KB PKCS#8 DSA key with a 65,536-bit p took 5 s (g^x mod p), a
    // 33 KB one over a minute. p above 4,096 bits, q above 256 bits and x >= q are refused.
    let q = [0xffu8; 32];
    let big_p = key_messages("big-p.pem", dsa_pkcs8(&[0xff; 8192], &q, &[2], &[0x7f; 32]));
    assert!(
        big_p
            .iter()
            .any(|m| m.contains("DSA prime p has 65536 bits, over the 4096 bits")),
        "{big_p:?}"
    );
    let big_q = key_messages(
        "big-q.pem",
        dsa_pkcs8(&[0xff; 256], &[0xff; 40], &[2], &[1]),
    );
    assert!(
        big_q
            .iter()
            .any(|m| m.contains("DSA subprime q has 320 bits, over the 256 bits")),
        "{big_q:?}"
    );
    let big_x = key_messages(
        "big-x.pem",
        dsa_pkcs8(&[0xff; 256], &[0x10; 20], &[2], &[0x20; 20]),
    );
    assert!(
        big_x
            .iter()
            .any(|m| m.contains("DSA private value x is not below q")),
        "{big_x:?}"
    );
}

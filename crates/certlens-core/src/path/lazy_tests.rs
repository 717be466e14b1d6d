//! Reading a described pool lazily ([`prepare_described`]) must answer exactly as reading every
//! certificate first ([`prepare`]), which the oracle tests (`tests/path_oracles.rs`) hold to
//! the real clients' verdicts. Both are run here on the same corpus (the openssl-made path
//! cases and x509-limbo's server cases), with the declared anchors given apart, and also in
//! the pool and declared twice. Signatures are checked in both (debug builds are slow at it),
//! so each case validates its peer only.

use super::*;
use serde_json::Value;

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pem_certs(text: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut body: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("-----BEGIN CERTIFICATE") {
            body = Some(String::new());
        } else if line.starts_with("-----END CERTIFICATE") {
            if let Some(b) = body.take() {
                out.push(crate::input::b64::decode_standard(&b).expect("PEM is Base64"));
            }
        } else if let Some(b) = body.as_mut() {
            b.push_str(line);
        }
    }
    out
}

/// x509-limbo's validation times (fractional seconds, `+00:00`).
fn unix(t: &str) -> i64 {
    let t = match (t.find('.'), t.find('+')) {
        (Some(dot), Some(plus)) if dot < plus => format!("{}{}", &t[..dot], &t[plus..]),
        _ => t.to_string(),
    };
    crate::timefmt::parse_rfc3339(&t.replace("+00:00", "Z")).unwrap()
}

/// (pool, anchors, host, now) of every case.
fn corpus() -> Vec<(Vec<Vec<u8>>, Vec<Vec<u8>>, Vec<String>, i64)> {
    let mut out = Vec::new();
    let dir = repo().join("tests/fixtures/paths");
    let e: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let now = e["validation_time"].as_i64().unwrap();
    for (id, case) in e["cases"].as_object().unwrap() {
        let read = |f: &Value| {
            pem_certs(&std::fs::read_to_string(dir.join(id).join(f.as_str().unwrap())).unwrap())
        };
        let mut pool = read(&case["peer"]);
        for u in case["untrusted"].as_array().into_iter().flatten() {
            pool.extend(read(u));
        }
        let anchors = case["trusted"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(read)
            .collect();
        let host = case["host"]
            .as_str()
            .map(str::to_string)
            .into_iter()
            .collect();
        out.push((pool, anchors, host, now));
    }
    let l: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/limbo/limbo-server.json")).unwrap(),
    )
    .unwrap();
    for case in l["testcases"].as_array().unwrap() {
        let pems = |v: &Value| -> Vec<Vec<u8>> {
            match v {
                Value::String(s) => pem_certs(s),
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .flat_map(pem_certs)
                    .collect(),
                _ => Vec::new(),
            }
        };
        let mut pool = pems(&case["peer_certificate"]);
        pool.extend(pems(&case["untrusted_intermediates"]));
        let host = case["expected_peer_name"]["value"]
            .as_str()
            .map(str::to_string)
            .into_iter()
            .collect();
        let now = unix(
            case["validation_time"]
                .as_str()
                .unwrap_or("2026-06-29T00:00:00Z"),
        );
        out.push((pool, pems(&case["trusted_certs"]), host, now));
    }
    out
}

#[test]
fn a_described_pool_read_lazily_validates_as_one_read_first() {
    let corpus = corpus();
    assert!(corpus.len() >= 272, "only {} cases", corpus.len());
    let mut compared = 0;
    for (n, (pool, anchors, host, now)) in corpus.iter().enumerate() {
        // As `inspect` keeps them: what x509-parser reads, cut to the certificate's own bytes.
        let described: Vec<&[u8]> = pool
            .iter()
            .filter_map(|d| {
                let (rest, _) = x509_parser::parse_x509_certificate(d).ok()?;
                d.get(..d.len() - rest.len())
            })
            .collect();
        let subjects: Vec<Vec<u8>> = described
            .iter()
            .map(|d| {
                let (_, x) = x509_parser::parse_x509_certificate(d).unwrap();
                x.subject().as_raw().to_vec()
            })
            .collect();
        let subjects: Vec<&[u8]> = subjects.iter().map(Vec::as_slice).collect();
        // The anchors x509-parser reads whole, in the pool too (as `inspect` would keep them).
        let readable: Vec<(&[u8], Vec<u8>)> = anchors
            .iter()
            .filter_map(|a| match x509_parser::parse_x509_certificate(a) {
                Ok((rest, x)) if rest.is_empty() => {
                    Some((a.as_slice(), x.subject().as_raw().to_vec()))
                }
                _ => None,
            })
            .collect();
        let mut in_pool = described.clone();
        in_pool.extend(readable.iter().map(|(a, _)| *a));
        let mut in_pool_subjects = subjects.clone();
        in_pool_subjects.extend(readable.iter().map(|(_, s)| s.as_slice()));
        let twice: Vec<Vec<u8>> = anchors.iter().chain(anchors).cloned().collect();
        for (pool, subjects, anchors) in [
            (&described, &subjects, anchors),
            (&in_pool, &in_pool_subjects, &twice),
        ] {
            let eager = prepare(pool, anchors);
            let lazy = prepare_described(pool, subjects, anchors);
            for leaf in 0..pool.len().min(1) {
                let req = PathRequest {
                    pool,
                    leaf,
                    trust_anchors: anchors,
                    root_store: true,
                    names: host,
                    now: *now,
                    max_intermediates: None,
                };
                let budget = SignatureBudget::new(&crate::limits::Limits::default());
                let a = validate_prepared(&eager, &req, &budget);
                let b = validate_prepared(&lazy, &req, &budget.fresh());
                assert_eq!(
                    serde_json::to_string(&a).unwrap(),
                    serde_json::to_string(&b).unwrap(),
                    "case {n}, leaf {leaf}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 2 * 272, "{compared}");
}

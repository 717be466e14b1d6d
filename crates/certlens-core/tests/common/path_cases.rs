//! The path-validation corpus as the oracle tests read it: the openssl-made cases
//! (`tests/fixtures/paths/expected.json`) and x509-limbo's server cases
//! (`tests/limbo/limbo-server.json`), each as a pool (peer first), anchors, host and time.
//! `tests/path_oracles.rs`, `tests/limbo.rs` and the crate's own `path/lazy_tests.rs` (through
//! `#[path]`) read them here, so all three validate the same cases. The crate's Base64 and
//! RFC 3339 readers come in as [`Tools`]: the unit test names them `crate::`, the others
//! `certlens_core::`.
#![allow(dead_code)] // each user reads a different part

use std::path::PathBuf;

use serde_json::Value;

/// The readers the corpus needs from the crate.
pub struct Tools {
    pub base64: fn(&str) -> Vec<u8>,
    pub rfc3339: fn(&str) -> i64,
}

/// One case.
pub struct PathCase {
    /// `paths:ID` or `limbo:ID`.
    pub id: String,
    /// The peer's certificates first, then the untrusted ones, DER.
    pub pool: Vec<Vec<u8>>,
    pub anchors: Vec<Vec<u8>>,
    pub host: Option<String>,
    pub now: i64,
    pub max: Option<usize>,
    /// The case as its file has it (expected result, verdicts).
    pub case: Value,
}

/// The workspace's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The DER certificates of a PEM text.
pub fn pem_certs(text: &str, tools: &Tools) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut body: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("-----BEGIN CERTIFICATE") {
            body = Some(String::new());
        } else if line.starts_with("-----END CERTIFICATE") {
            if let Some(b) = body.take() {
                out.push((tools.base64)(&b));
            }
        } else if let Some(b) = body.as_mut() {
            b.push_str(line);
        }
    }
    out
}

/// limbo leaves `validation_time` null when any time inside the certificates' validity will
/// do; its generator makes those certificates valid for years around the suite's date.
pub const LIMBO_DEFAULT_TIME: &str = "2026-06-29T00:00:00Z";

/// x509-limbo's validation times (fractional seconds, `+00:00`). Fractions are dropped: X.509
/// times have none, and clients compare in seconds.
pub fn limbo_time(t: &str, tools: &Tools) -> i64 {
    let t = match (t.find('.'), t.find('+')) {
        (Some(dot), Some(plus)) if dot < plus => format!("{}{}", &t[..dot], &t[plus..]),
        _ => t.to_string(),
    };
    (tools.rfc3339)(&t.replace("+00:00", "Z"))
}

/// The openssl-made cases; none when the corpus was not generated.
pub fn paths_cases(tools: &Tools) -> Vec<PathCase> {
    let dir = repo().join("tests/fixtures/paths");
    let Ok(text) = std::fs::read_to_string(dir.join("expected.json")) else {
        return Vec::new();
    };
    let e: Value = serde_json::from_str(&text).expect("paths/expected.json is JSON");
    let now = e["validation_time"].as_i64().expect("validation_time");
    let mut out = Vec::new();
    for (id, case) in e["cases"].as_object().expect("cases") {
        let read = |f: &Value| {
            let p = dir.join(id).join(f.as_str().expect("a file name"));
            pem_certs(
                &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
                tools,
            )
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
        out.push(PathCase {
            id: format!("paths:{id}"),
            pool,
            anchors,
            host: case["host"].as_str().map(str::to_string),
            now,
            max: case["max_depth"].as_u64().map(|d| d as usize),
            case: case.clone(),
        });
    }
    out
}

/// x509-limbo's server cases, in the suite's order.
pub fn limbo_cases(tools: &Tools) -> Vec<PathCase> {
    let path = repo().join("tests/limbo/limbo-server.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let l: Value = serde_json::from_str(&text).expect("limbo-server.json is JSON");
    let pems = |v: &Value| -> Vec<Vec<u8>> {
        match v {
            Value::String(s) => pem_certs(s, tools),
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .flat_map(|s| pem_certs(s, tools))
                .collect(),
            _ => Vec::new(),
        }
    };
    l["testcases"]
        .as_array()
        .expect("testcases")
        .iter()
        .map(|case| {
            let mut pool = pems(&case["peer_certificate"]);
            pool.extend(pems(&case["untrusted_intermediates"]));
            PathCase {
                id: format!("limbo:{}", case["id"].as_str().expect("an id")),
                pool,
                anchors: pems(&case["trusted_certs"]),
                host: case["expected_peer_name"]["value"]
                    .as_str()
                    .map(str::to_string),
                now: limbo_time(
                    case["validation_time"]
                        .as_str()
                        .unwrap_or(LIMBO_DEFAULT_TIME),
                    tools,
                ),
                max: case["max_chain_depth"].as_u64().map(|d| d as usize),
                case: case.clone(),
            }
        })
        .collect()
}

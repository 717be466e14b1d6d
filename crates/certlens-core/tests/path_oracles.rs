//! Each client family's verdict against the real client's, on the openssl-made path corpus
//! (`tests/fixtures/paths/expected.json`) and on x509-limbo's server cases
//! (`tests/limbo/oracles.json`): OpenSSL ↔ openssl, Java ↔ java, Go ↔ go, browsers ↔ pyca and
//! rustls-webpki where they agree; where those two disagree, the browsers' verdict must be the
//! strict side (reject). Known differences are pinned, with a reason each, in
//! `tests/limbo/certlens-client-differences.txt` (`<source>:<case>:<client>  reason`): any
//! change, better or worse, fails until that file is updated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use certlens_core::{validate_path, Client, Outcome, PathRequest, SignatureBudget};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
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
                out.push(certlens_core::b64::decode_standard(&b).expect("PEM is Base64"));
            }
        } else if let Some(b) = body.as_mut() {
            b.push_str(line);
        }
    }
    out
}

fn unix(t: &str) -> i64 {
    let t = match (t.find('.'), t.find('+')) {
        (Some(dot), Some(plus)) if dot < plus => format!("{}{}", &t[..dot], &t[plus..]),
        _ => t.to_string(),
    };
    certlens_core::timefmt::parse_rfc3339(&t.replace("+00:00", "Z")).unwrap()
}

struct Case {
    pool: Vec<Vec<u8>>,
    anchors: Vec<Vec<u8>>,
    host: Option<String>,
    now: i64,
    max: Option<usize>,
    verdicts: Value,
}

fn verdicts_of(c: &Case) -> BTreeMap<Client, Outcome> {
    let refs: Vec<&[u8]> = c.pool.iter().map(Vec::as_slice).collect();
    let names: Vec<String> = c.host.iter().cloned().collect();
    let v = validate_path(
        &PathRequest {
            pool: &refs,
            leaf: 0,
            trust_anchors: &c.anchors,
            root_store: false,
            names: &names,
            now: c.now,
            max_intermediates: c.max,
        },
        &SignatureBudget::new(&certlens_core::Limits::default()),
    );
    v.clients.iter().map(|x| (x.client, x.outcome)).collect()
}

fn corpus() -> Vec<(String, Case)> {
    let mut out = Vec::new();
    let dir = repo().join("tests/fixtures/paths");
    if let Ok(text) = std::fs::read_to_string(dir.join("expected.json")) {
        let e: Value = serde_json::from_str(&text).unwrap();
        let now = e["validation_time"].as_i64().unwrap();
        for (id, case) in e["cases"].as_object().unwrap() {
            let read = |f: &Value| {
                let p = dir.join(id).join(f.as_str().unwrap());
                pem_certs(
                    &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
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
            out.push((
                format!("paths:{id}"),
                Case {
                    pool,
                    anchors,
                    host: case["host"].as_str().map(str::to_string),
                    now,
                    max: case["max_depth"].as_u64().map(|d| d as usize),
                    verdicts: case["verdicts"].clone(),
                },
            ));
        }
    }
    if let Ok(text) = std::fs::read_to_string(repo().join("tests/limbo/oracles.json")) {
        let o: Value = serde_json::from_str(&text).unwrap();
        let l: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("tests/limbo/limbo-server.json")).unwrap(),
        )
        .unwrap();
        for case in l["testcases"].as_array().unwrap() {
            let id = case["id"].as_str().unwrap();
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
            out.push((
                format!("limbo:{id}"),
                Case {
                    pool,
                    anchors: pems(&case["trusted_certs"]),
                    host: case["expected_peer_name"]["value"]
                        .as_str()
                        .map(str::to_string),
                    now: unix(
                        case["validation_time"]
                            .as_str()
                            .unwrap_or("2026-06-29T00:00:00Z"),
                    ),
                    max: case["max_chain_depth"].as_u64().map(|d| d as usize),
                    verdicts: o["cases"][id].clone(),
                },
            ));
        }
    }
    out
}

/// What the real client(s) of a family decided: `Some(accept)`, or `None` when no oracle ran.
fn oracle(verdicts: &Value, client: Client) -> Option<bool> {
    let get = |k: &str| verdicts[k]["accept"].as_bool();
    match client {
        Client::OpenSsl => get("openssl"),
        Client::Java => get("java"),
        Client::Go => get("go"),
        Client::Browser => match (get("pyca"), get("webpki")) {
            // Where the two disagree, the strict side.
            (Some(a), Some(b)) => Some(a && b),
            (a, b) => a.or(b),
        },
        _ => None,
    }
}

fn pinned() -> BTreeMap<String, String> {
    let path = repo().join("tests/limbo/certlens-client-differences.txt");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, why)) => (id.to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

#[test]
fn each_family_agrees_with_its_real_client_except_the_pinned_differences() {
    let corpus = corpus();
    // Both oracle files are checked in (tests/fixtures/oracles/run.sh writes them): 83 corpus
    // cases and 189 x509-limbo cases. Fewer means a file went missing, not "nothing to check".
    assert!(corpus.len() >= 272, "only {} oracle cases found", corpus.len());
    let mut differ = BTreeSet::new();
    let mut lines = Vec::new();
    let mut agree: BTreeMap<Client, (usize, usize)> = BTreeMap::new();
    for (id, case) in &corpus {
        let ours = verdicts_of(case);
        for client in Client::ALL {
            let Some(theirs) = oracle(&case.verdicts, client) else {
                continue;
            };
            let accept = ours.get(&client) == Some(&Outcome::Accept);
            let e = agree.entry(client).or_default();
            e.1 += 1;
            if accept == theirs {
                e.0 += 1;
                continue;
            }
            let key = format!("{id}:{}", client.label());
            lines.push(format!(
                "{key}  client {}, certlens {:?}",
                if theirs { "accepts" } else { "rejects" },
                ours.get(&client)
            ));
            differ.insert(key);
        }
    }
    eprintln!("agreement per family: {agree:?}");
    let pinned = pinned();
    let pinned_ids: BTreeSet<String> = pinned.keys().cloned().collect();
    let new: Vec<_> = differ.difference(&pinned_ids).collect();
    let fixed: Vec<_> = pinned_ids.difference(&differ).collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "per-client differences changed.\nnew: {new:?}\nno longer different: {fixed:?}\nall:\n{}",
        lines.join("\n")
    );
    for (id, why) in &pinned {
        assert!(
            !why.is_empty(),
            "{id}: a pinned difference needs its reason"
        );
    }
}

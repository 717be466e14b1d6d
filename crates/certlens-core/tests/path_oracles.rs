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

#[path = "common/path_cases.rs"]
mod path_cases;

const TOOLS: path_cases::Tools = path_cases::Tools {
    base64: |b| certlens_core::b64::decode_standard(b).expect("PEM is Base64"),
    rfc3339: |t| certlens_core::timefmt::parse_rfc3339(t).expect("an RFC 3339 time"),
};

fn repo() -> PathBuf {
    path_cases::repo()
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
    let case = |c: path_cases::PathCase, verdicts: Value| {
        (
            c.id,
            Case {
                pool: c.pool,
                anchors: c.anchors,
                host: c.host,
                now: c.now,
                max: c.max,
                verdicts,
            },
        )
    };
    let mut out: Vec<(String, Case)> = path_cases::paths_cases(&TOOLS)
        .into_iter()
        .map(|c| {
            let v = c.case["verdicts"].clone();
            case(c, v)
        })
        .collect();
    if let Ok(text) = std::fs::read_to_string(repo().join("tests/limbo/oracles.json")) {
        let o: Value = serde_json::from_str(&text).unwrap();
        for c in path_cases::limbo_cases(&TOOLS) {
            let v = o["cases"][c.case["id"].as_str().unwrap()].clone();
            out.push(case(c, v));
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

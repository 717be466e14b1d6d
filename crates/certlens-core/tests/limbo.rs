//! x509-limbo's server-side cases (`tests/limbo/limbo-server.json`) as a conformance suite:
//! for every case certlens validates the peer certificate with the case's trusted certificates
//! as the only anchors, its untrusted intermediates as the pool, its peer name and its
//! validation time, and its overall verdict ("works" only when every client family accepts)
//! is compared with the suite's expected result.
//!
//! The cases where certlens disagrees are pinned, with a reason each, in
//! `tests/limbo/certlens-disagreements.txt`: any change, better or worse, fails this test until
//! that file is updated. When the real clients' verdicts on the same cases are checked in
//! (`tests/limbo/oracles.json`), certlens must never accept a case that openssl, pyca or
//! rustls-webpki rejects.

use std::collections::{BTreeMap, BTreeSet};

use certlens_core::{validate_path, Overall, PathRequest, SignatureBudget};

#[path = "common/path_cases.rs"]
mod path_cases;

use path_cases::{repo, PathCase};

const TOOLS: path_cases::Tools = path_cases::Tools {
    base64: |b| certlens_core::b64::decode_standard(b).expect("limbo PEM is Base64"),
    rfc3339: |t| certlens_core::timefmt::parse_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}")),
};

/// certlens's overall verdict on one limbo case: true = accepted.
fn certlens_accepts(case: &PathCase) -> (bool, String) {
    let names: Vec<String> = case.host.iter().cloned().collect();
    let refs: Vec<&[u8]> = case.pool.iter().map(Vec::as_slice).collect();
    let req = PathRequest {
        pool: &refs,
        leaf: 0,
        trust_anchors: &case.anchors,
        root_store: false,
        names: &names,
        now: case.now,
        max_intermediates: case.max,
    };
    let v = validate_path(
        &req,
        &SignatureBudget::new(&certlens_core::Limits::default()),
    );
    let why = v
        .clients
        .iter()
        .filter(|c| c.rule.is_some())
        .map(|c| c.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    (v.overall == Overall::Works, why)
}

fn cases() -> Vec<PathCase> {
    path_cases::limbo_cases(&TOOLS)
}

/// The pinned disagreements: id → reason.
fn pinned() -> BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(repo().join("tests/limbo/certlens-disagreements.txt")).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, why)) => (id.to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// pyca/cryptography's verifier agrees with 154 of these 189 cases; certlens must do better.
const PYCA_AGREEMENT: usize = 154;

#[test]
fn limbo_server_cases_agree_except_the_pinned_ones() {
    let cases = cases();
    assert_eq!(cases.len(), 189);
    let mut disagree = BTreeSet::new();
    let mut report = String::new();
    for case in &cases {
        let id = case.case["id"].as_str().unwrap().to_string();
        let expected = case.case["expected_result"].as_str().unwrap() == "SUCCESS";
        let (accepts, why) = certlens_accepts(case);
        if accepts != expected {
            report.push_str(&format!(
                "{id}: expected {}, certlens {} ({why})\n",
                if expected { "SUCCESS" } else { "FAILURE" },
                if accepts { "accepts" } else { "rejects" }
            ));
            disagree.insert(id);
        }
    }
    let pinned = pinned();
    let pinned_ids: BTreeSet<String> = pinned.keys().cloned().collect();
    let new: Vec<_> = disagree.difference(&pinned_ids).collect();
    let fixed: Vec<_> = pinned_ids.difference(&disagree).collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "limbo disagreements changed.\nnew: {new:?}\nno longer disagreeing: {fixed:?}\n\
         update tests/limbo/certlens-disagreements.txt.\nall disagreements:\n{report}"
    );
    let agree = cases.len() - disagree.len();
    assert_eq!(agree, 189 - pinned.len());
    assert!(
        agree > PYCA_AGREEMENT,
        "certlens agrees on {agree}/189, pyca on {PYCA_AGREEMENT}"
    );
    for (id, why) in &pinned {
        assert!(
            !why.is_empty(),
            "{id}: a pinned disagreement needs its reason"
        );
    }
}

/// Where the real clients' verdicts on these cases are checked in: certlens never accepts a
/// case that openssl, pyca or rustls-webpki rejects.
#[test]
fn never_accepts_what_a_strict_client_rejects() {
    let path = repo().join("tests/limbo/oracles.json");
    // The oracles' verdicts are checked in beside the suite (tests/fixtures/oracles/run.sh
    // writes them); a checkout without them is broken, not a reason to skip.
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let oracles: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut wrong = Vec::new();
    for case in cases() {
        let id = case.case["id"].as_str().unwrap();
        let o = &oracles["cases"][id];
        let rejecting: Vec<&str> = ["openssl", "pyca", "webpki"]
            .into_iter()
            .filter(|k| o[*k]["accept"].as_bool() == Some(false))
            .collect();
        if rejecting.is_empty() {
            continue;
        }
        if certlens_accepts(&case).0 {
            wrong.push(format!("{id} (rejected by {})", rejecting.join(", ")));
        }
    }
    assert!(
        wrong.is_empty(),
        "certlens accepts what a strict client rejects:\n{}",
        wrong.join("\n")
    );
}

//! Reading a described pool lazily ([`prepare_described`]) must answer exactly as reading every
//! certificate first ([`prepare`]), which the oracle tests (`tests/path_oracles.rs`) hold to
//! the real clients' verdicts. Both are run here on the same corpus (the openssl-made path
//! cases and x509-limbo's server cases), with the declared anchors given apart, and also in
//! the pool and declared twice. Signatures are checked in both (debug builds are slow at it),
//! so each case validates its peer only.

use super::*;

#[path = "../../tests/common/path_cases.rs"]
mod path_cases;

/// A case: pool, anchors, host, now.
type Case = (Vec<Vec<u8>>, Vec<Vec<u8>>, Vec<String>, i64);

/// Every case, read as the oracle tests read them.
fn corpus() -> Vec<Case> {
    let tools = path_cases::Tools {
        base64: |b| crate::input::b64::decode_standard(b).expect("PEM is Base64"),
        rfc3339: |t| crate::timefmt::parse_rfc3339(t).expect("an RFC 3339 time"),
    };
    let mut cases = path_cases::paths_cases(&tools);
    cases.extend(path_cases::limbo_cases(&tools));
    cases
        .into_iter()
        .map(|c| (c.pool, c.anchors, c.host.into_iter().collect(), c.now))
        .collect()
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

//! Issuer loops and over-long chains are reported as such (issue 26, item 8), with
//! certificates made by openssl (`tests/fixtures/loops/generate.sh`).

mod common;
use common::fixture;

use certlens_core::{inspect, Input, Options};

const NOW: i64 = 1_782_864_000;

fn codes(r: &certlens_core::Report) -> Vec<String> {
    r.findings.iter().map(|f| f.code.as_str().to_string()).collect()
}

#[test]
fn a_certificate_loop_is_a_loop_not_a_missing_issuer() {
    let r = inspect(
        &[Input::new("loop.pem", fixture("loops/loop.pem"))],
        &Options::at(NOW),
    );
    assert_eq!(r.certificates.len(), 2);
    assert_eq!(r.chains.len(), 1, "{:?}", r.chains);
    let ch = &r.chains[0];
    assert_eq!(ch.order.len(), 2);
    // The chain's last certificate was issued by its first: the loop closes there.
    assert_eq!(ch.issuer_loop, Some(ch.order[0]));
    assert!(!ch.cut && !ch.complete && ch.missing_issuer.is_none());
    // Both links verify: each certificate really is signed by the other's key.
    assert!(ch
        .links
        .iter()
        .all(|l| l.signature == certlens_core::SignatureStatus::Valid));
    let codes = codes(&r);
    assert!(codes.contains(&"issuer_loop".to_string()), "{codes:?}");
    assert!(!codes.contains(&"issuer_missing".to_string()), "{codes:?}");
    assert!(!codes.contains(&"missing_intermediate".to_string()), "{codes:?}");
    let f = r.findings.iter().find(|f| f.code.as_str() == "issuer_loop").expect("finding");
    assert!(f.message.contains("the issuers loop"), "{}", f.message);
    let trust = ch.trust.as_ref().expect("trust verdict");
    assert!(trust.message.starts_with("loops: "), "{}", trust.message);
    assert!(!trust.message.contains("not in the input"), "{}", trust.message);
    let json = serde_json::to_value(&r).expect("JSON");
    assert_eq!(json["chains"][0]["issuer_loop"], ch.order[0]);
}

#[test]
fn a_chain_longer_than_the_limit_says_where_it_was_cut() {
    let r = inspect(
        &[Input::new("long.pem", fixture("loops/long.pem"))],
        &Options::at(NOW),
    );
    assert_eq!(r.certificates.len(), 70);
    // The leaf's chain: the first 64 certificates, in order, cut at "Long 63".
    let ch = r
        .chains
        .iter()
        .find(|c| c.order.first() == Some(&0))
        .expect("the leaf's chain");
    assert_eq!(ch.order, (0..64).collect::<Vec<usize>>());
    assert!(ch.cut && ch.issuer_loop.is_none() && ch.missing_issuer.is_none());
    let f = r
        .findings
        .iter()
        .find(|f| f.code.as_str() == "chain_cut")
        .expect("a chain_cut finding");
    assert!(
        f.message.contains("cut at 64 certificates, at #63 (Long 63)")
            && f.message.contains("CN=Long 64"),
        "{}",
        f.message
    );
    assert!(!codes(&r).contains(&"issuer_missing".to_string()));
    let json = serde_json::to_value(&r).expect("JSON");
    let cut: Vec<_> = json["chains"]
        .as_array()
        .expect("chains")
        .iter()
        .filter(|c| c["cut"] == true)
        .collect();
    assert_eq!(cut.len(), 1);
}

#[test]
fn the_json_report_is_bounded_in_bytes() {
    // From the review: 55 MB of copies of one certificate made 247 MB of JSON. The writer
    // stops at the limit and says why, counting the copies.
    let one = String::from_utf8(fixture("strict/leaf.pem")).expect("PEM text");
    let r = inspect(
        &[Input::new("copies.pem", one.repeat(300))],
        &Options::at(NOW),
    );
    let full = r.to_json();
    assert!(full.len() > 300 * 2_000, "{}", full.len());
    assert_eq!(r.to_json_within(full.len()).as_deref(), Ok(full.as_str()));
    let e = r.to_json_within(full.len() - 1).expect_err("over the limit");
    assert_eq!((e.certificates, e.distinct), (300, 1));
    assert_eq!(
        e.to_string(),
        format!(
            "the JSON report is larger than the output limit ({} bytes): it describes 300 certificates, only 1 of them distinct (the others are copies); remove the copies (certlens chain writes each certificate once) or split the input",
            full.len() - 1
        )
    );
    assert_eq!(certlens_core::Limits::default().max_output_bytes, 64 << 20);
}

//! Deriving public keys from private keys is priced in the pool's work budget and remembered
//! by key content (issue 26, item 1). The inputs are made here; the expected public keys are
//! openssl's (`tests/fixtures/keys-der/`, written by `generate.sh`). No test measures time:
//! each asserts how many keys were derived and how many were refused.

mod common;
use common::{der, fixture, fixture_text};

use certlens_core::{inspect, Input, Limits, NotCheckedReason, Options};
use sha2::Digest as _;

const NOW: i64 = 1_782_864_000;

fn pin(spki: &[u8]) -> String {
    sha2::Sha256::digest(spki)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A PKCS#8 Ed448 key (RFC 8410) with this seed and no public key, as `openssl genpkey` writes it.
fn ed448_pkcs8(seed: &[u8; 57]) -> String {
    let alg = der(0x30, &der(0x06, &[0x2b, 0x65, 0x71]));
    let key = der(0x04, &der(0x04, seed));
    let info = der(0x30, &[der(0x02, &[0]), alg, key].concat());
    certlens_core::pem::encode("PRIVATE KEY", &info)
}

/// A PKCS#8 Diffie-Hellman key (PKCS#3 parameters) with this p, g = 2 and private value x.
fn dh_pkcs8(p: &[u8], x: &[u8]) -> String {
    let int = |v: &[u8]| der(0x02, &[&[0u8][..], v].concat());
    let oid = der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01]); // dhKeyAgreement
    let alg = der(0x30, &[oid, der(0x30, &[int(p), int(&[2])].concat())].concat());
    let info = der(0x30, &[der(0x02, &[0]), alg, der(0x04, &int(x))].concat());
    certlens_core::pem::encode("PRIVATE KEY", &info)
}

#[test]
fn twenty_thousand_ed448_keys_are_derived_until_the_budget_is_spent() {
    // From the review: 20,000 Ed448 keys (3 MB of PEM) took 249 s of CPU. Each derivation costs
    // 232 units of the pool's 20,000: the first 86 are derived, the other 19,914 are listed
    // without a pin, each saying why, and the certificate after them is still described.
    let mut text = fixture_text("keys/ed448-self.pkcs8.pem");
    for n in 1u32..20_000 {
        let mut seed = [0x5au8; 57];
        seed[..4].copy_from_slice(&n.to_be_bytes());
        text.push_str(&ed448_pkcs8(&seed));
    }
    text.push_str(&fixture_text("strict/leaf.pem"));
    let report = inspect(&[Input::new("many-ed448.pem", text)], &Options::at(NOW));
    assert_eq!(report.private_keys.len(), 20_000);
    let derived: Vec<_> = report
        .private_keys
        .iter()
        .filter(|k| k.spki_sha256.is_some())
        .collect();
    assert_eq!(derived.len(), 20_000 / 232);
    // The first is openssl's key: its public key is the one openssl prints.
    assert_eq!(
        report.private_keys[0].spki_sha256.as_deref(),
        Some(pin(&fixture("keys-der/ed448-self.pkcs8.spki.der")).as_str())
    );
    let refused: Vec<_> = report
        .private_keys
        .iter()
        .filter(|k| k.not_checked == Some(NotCheckedReason::BudgetSpent))
        .collect();
    assert_eq!(refused.len(), 20_000 - 86);
    // Every refused key comes after every derived one, and says what happened.
    assert!(refused.iter().all(|k| k.index >= 86 && k.spki_sha256.is_none()));
    let note = refused[0].note.as_deref().unwrap_or_default();
    assert!(
        note.contains("was not derived") && note.contains("work budget (20000 units"),
        "{note}"
    );
    assert_eq!(report.certificates.len(), 1);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // Refused keys are not errors in the JSON either: they are keys, with the reason typed.
    let json = serde_json::to_value(&report).expect("JSON");
    assert_eq!(json["private_keys"][86]["not_checked"], "budget_spent");
    assert_eq!(json["private_keys"][85]["not_checked"], serde_json::Value::Null);
}

#[test]
fn one_dh_key_repeated_a_thousand_times_is_derived_once() {
    // openssl's DH key (ffdhe group) pasted 1,000 times: every copy gets openssl's public key.
    let one = fixture_text("strict/dh.key");
    let report = inspect(&[Input::new("dh-x1000.pem", one.repeat(1000))], &Options::at(NOW));
    let expected = pin(&fixture("keys-der/dh.spki.der"));
    assert_eq!(report.private_keys.len(), 1000);
    assert!(report
        .private_keys
        .iter()
        .all(|k| k.spki_sha256.as_deref() == Some(expected.as_str()) && k.not_checked.is_none()));

    // The worst DH-4096 key: a 4,096-bit p and a 4,095-bit x cost 4096² × 4095 / 2²⁶ = 1,023
    // units. With exactly that budget, all 1,000 copies get the same public key: it was derived
    // once and remembered (a second derivation would have been refused).
    let mut x = vec![0xffu8; 512];
    x[0] = 0x7f;
    let key = dh_pkcs8(&[0xff; 512], &x);
    let input = || [Input::new("dh4096-x1000.pem", key.repeat(1000))];
    let mut opts = Options::at(NOW);
    opts.limits = Limits {
        max_signature_work: 1023,
        ..Limits::default()
    };
    let report = inspect(&input(), &opts);
    assert_eq!(report.private_keys.len(), 1000);
    let first = report.private_keys[0].spki_sha256.clone();
    assert!(first.is_some());
    assert!(report
        .private_keys
        .iter()
        .all(|k| k.spki_sha256 == first && k.not_checked.is_none()));

    // One unit less: the derivation is refused before any work, for every copy (a refusal is
    // not remembered as a result, and each copy is refused on its own).
    opts.limits.max_signature_work = 1022;
    let report = inspect(&input(), &opts);
    assert!(report.private_keys.iter().all(|k| k.spki_sha256.is_none()
        && k.not_checked == Some(NotCheckedReason::BudgetSpent)));
}

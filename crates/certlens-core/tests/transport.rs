//! The page hands reports between its worker and the UI with `transport::pack`/`unpack`, and
//! checks self-signatures after showing a report with `with_self_signatures`. Both must give
//! exactly what a direct `inspect` gives, for every fixture (openssl-made, see
//! tests/fixtures/generate.sh) and for Debian's CA bundle.

mod common;
use common::{fixtures, NOW};

use std::path::{Path, PathBuf};

use certlens_core::{inspect, transport, with_self_signatures, Input, Options, Report};
use certlens_core::{inspect_with_progress, Stage};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if !matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("json" | "sh" | "md")
        ) {
            out.push(p);
        }
    }
}

fn all_inputs() -> Vec<Input> {
    let mut paths = Vec::new();
    files(&fixtures(), &mut paths);
    assert!(paths.len() > 80, "fixture set shrank: {}", paths.len());
    paths
        .iter()
        .map(|p| {
            Input::new(
                p.strip_prefix(fixtures()).unwrap().display().to_string(),
                std::fs::read(p).unwrap(),
            )
        })
        .collect()
}

fn round_trip(r: &Report) -> Report {
    let packed = transport::pack(r.clone());
    // Key material stays out of the JSON text.
    for k in &r.private_keys {
        if let Some(der) = &k.pkcs8 {
            let b64 =
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der.as_slice());
            assert!(
                !packed.json.contains(&b64[..40.min(b64.len())]),
                "key bytes in the JSON"
            );
        }
    }
    transport::unpack(&packed.json, &packed.certs, &packed.keys).expect("unpack")
}

#[test]
fn every_fixture_survives_the_trip_to_the_worker_and_back() {
    let opts = Options::at(NOW).with_password("correct horse");
    let inputs = all_inputs();
    // One by one (each file's report), then the whole pool at once.
    for input in &inputs {
        let r = inspect(std::slice::from_ref(input), &opts);
        assert_eq!(round_trip(&r), r, "{}", input.name);
    }
    let all = inspect(&inputs, &opts);
    assert!(all.certificates.len() > 60 && !all.private_keys.is_empty() && !all.chains.is_empty());
    assert!(
        all.private_keys.iter().any(|k| k.pkcs8.is_some()),
        "decrypted keys are part of the trip"
    );
    let back = round_trip(&all);
    assert_eq!(back, all);
    // The skipped fields really came back (PartialEq compares them too, but say it plainly).
    assert_eq!(back.certificates[0].der, all.certificates[0].der);
    assert!(back
        .chains
        .iter()
        .flat_map(|c| &c.links)
        .all(|l| !l.detail.is_empty()));
}

#[test]
fn unpack_refuses_mismatched_parts() {
    let r = inspect(&all_inputs()[..10], &Options::at(NOW));
    let packed = transport::pack(r.clone());
    assert!(!r.certificates.is_empty());
    let err = transport::unpack(&packed.json, &packed.certs[..10], &packed.keys).unwrap_err();
    assert!(err.to_string().contains("outside the buffer"), "{err}");
}

#[test]
fn self_signatures_afterwards_equal_self_signatures_at_once() {
    let base = Options::at(NOW).with_password("correct horse");
    let checked = Options {
        check_self_signatures: true,
        ..base.clone()
    };
    let inputs = all_inputs();
    let mut stages = Vec::new();
    let quick = inspect_with_progress(&inputs, &base, &mut |p| stages.push(p));
    let mut last = None;
    let later = with_self_signatures(quick.clone(), &base, &mut |p| last = Some(p));
    assert_eq!(later, inspect(&inputs, &checked));
    // Every root went from not_checked to a real result.
    assert!(quick
        .certificates
        .iter()
        .filter(|c| c.self_issued)
        .all(|c| c.self_signature == Some(certlens_core::SignatureStatus::NotChecked)));
    assert!(later
        .certificates
        .iter()
        .filter(|c| c.self_issued)
        .all(|c| c.self_signature != Some(certlens_core::SignatureStatus::NotChecked)));
    // Progress: reading, describing from 0, checking at the end; self-signatures end at total.
    assert_eq!(stages.first().map(|p| p.stage), Some(Stage::Reading));
    assert!(stages
        .iter()
        .any(|p| p.stage == Stage::Describing && p.done == 0));
    let end = stages.last().copied().expect("progress");
    assert_eq!((end.stage, end.done), (Stage::Checking, end.total));
    let last = last.expect("self-signature progress");
    // Copies are checked once, so progress counts distinct roots.
    let distinct: std::collections::HashSet<&str> = later
        .certificates
        .iter()
        .filter(|c| c.self_issued)
        .map(|c| c.fingerprint_sha256.as_str())
        .collect();
    assert!(distinct.len() >= 5, "{distinct:?}");
    assert_eq!(
        (last.stage, last.done, last.total),
        (Stage::SelfSignatures, distinct.len(), distinct.len())
    );
}

#[test]
fn debian_bundle_round_trip_and_self_signatures() {
    let bundle = "/etc/ssl/certs/ca-certificates.crt";
    let Ok(bytes) = std::fs::read(bundle) else {
        panic!("{bundle} is missing: apt-get install ca-certificates");
    };
    let opts = Options::at(NOW);
    let r = inspect(&[Input::new(bundle, bytes.clone())], &opts);
    assert!(r.certificates.len() > 100);
    assert_eq!(round_trip(&r), r);
    // Pasted three times: copies travel as references to the first description.
    let thrice = inspect(&[Input::new("x3", [bytes.as_slice(); 3].concat())], &opts);
    let packed = transport::pack(thrice.clone());
    assert!(
        packed.json.len() < 2 * transport::pack(r.clone()).json.len(),
        "copies are not sent in full"
    );
    assert_eq!(
        transport::unpack(&packed.json, &packed.certs, &packed.keys).unwrap(),
        thrice
    );
    let later = with_self_signatures(r.clone(), &opts, &mut |_| {});
    let direct = inspect(
        &[Input::new(bundle, bytes)],
        &Options {
            check_self_signatures: true,
            ..opts
        },
    );
    assert_eq!(later, direct);
    assert!(later.certificates.iter().all(|c| c.self_signed));
}

/// A root whose own signature is broken (one byte of its signature flipped): checking
/// self-signatures afterwards must rebuild the chains exactly as checking them at once does,
/// and say the root is not self-signed (openssl verify -check_ss_sig refuses such a root too).
#[test]
fn a_broken_root_signature_afterwards_equals_at_once() {
    let chain = std::fs::read(fixtures().join("inputs/chain-correct.pem")).unwrap();
    let mut root = std::fs::read(fixtures().join("certs/rsa-root.der")).unwrap();
    let last = root.len() - 1;
    root[last] ^= 0x01;
    let inputs = [
        Input::new("chain.pem", chain),
        Input::new("broken-root.der", root),
    ];
    let base = Options::at(NOW);
    let quick = inspect(&inputs, &base);
    let later = with_self_signatures(quick.clone(), &base, &mut |_| {});
    let at_once = inspect(
        &inputs,
        &Options {
            check_self_signatures: true,
            ..base.clone()
        },
    );
    assert_eq!(later, at_once);
    let broken = later
        .certificates
        .iter()
        .find(|c| c.source == "broken-root.der")
        .expect("the broken root is read");
    assert_eq!(
        broken.self_signature,
        Some(certlens_core::SignatureStatus::Invalid)
    );
    assert!(!broken.self_signed);
    assert_ne!(
        later.chains, quick.chains,
        "the broken root no longer ends a chain as self-signed"
    );
}

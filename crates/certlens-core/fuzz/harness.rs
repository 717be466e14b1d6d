//! The fuzz targets' bodies, shared by the libFuzzer binaries (fuzz_targets/*.rs) and by the
//! ordinary corpus replay test (crates/certlens-core/tests/fuzz_corpus.rs, which includes this
//! file with `#[path]`). It depends on certlens-core only, so a plain `cargo test` runs the very
//! same code on every corpus file without any fuzzing crate.
//!
//! Each function must return normally for every input. A panic (including a failed assertion
//! below: those are contract checks, not fuzzer artefacts) or a hang is a bug in certlens-core.

#![allow(dead_code)]

use certlens_core::output::{convert_key, pins, tls_values, PinsOptions, TlsValuesOptions};
use certlens_core::DecryptError;
use certlens_core::Pkcs12Contents;
use certlens_core::{inspect, recheck, Options, Report};
use certlens_core::{read_all, Input, Limits, TargetFormat};

/// 2026-07-01T00:00:00Z, the fixtures' `fixed_now`.
pub const NOW: i64 = 1_782_864_000;
pub const PASSWORD: &str = "correct horse";
/// Separates the inputs of one pool in the `inspect` target's data.
pub const SPLIT: &[u8] = b"\x00\xffSPLIT\xff\x00";

/// Limits that keep the fuzzer out of long (but legitimate) key derivations. Anything above
/// them must be refused before any work is done, so a hang under these limits is a bug.
/// `max_kdf_blocks` is the pool's total key-derivation budget (iterations × derived blocks):
/// 40,000 blocks is four derivations at the iteration limit, instead of the default two million.
pub fn reduced_limits() -> Limits {
    Limits {
        max_pbkdf2_iterations: 10_000,
        max_scrypt_log_n: 12,
        max_kdf_blocks: 40_000,
        ..Limits::default()
    }
}

/// Every error sentence must start with the name of the input it is about.
fn check_report(report: &Report, names: &[&str]) {
    for e in &report.errors {
        assert!(
            names.iter().any(|n| e.message.starts_with(n)),
            "error message does not start with an input name {names:?}: {:?}",
            e.message
        );
        assert!(
            names.contains(&e.source.as_str()),
            "error source {:?} is not an input name",
            e.source
        );
    }
    let n = report.certificates.len();
    for c in &report.chains {
        assert!(!c.order.is_empty(), "empty chain");
        assert!(
            c.order.iter().all(|&i| i < n),
            "chain index out of range: {:?} (of {n})",
            c.order
        );
    }
    assert!(
        report.unrelated.iter().all(|&i| i < n),
        "unrelated index out of range"
    );
    for k in &report.private_keys {
        assert!(k.matches.iter().all(|&i| i < n), "key match out of range");
    }
}

/// What the browser does with a report: serialise it, recheck names, convert every key, make
/// the pin list and the Helm values.
fn use_report(report: &Report, opts: &Options) {
    let json = report.to_json();
    assert!(!json.is_empty());
    let mut o = opts.clone();
    o.names = vec![
        "example.test".into(),
        "10.0.0.1".into(),
        "*.example.test".into(),
    ];
    let r2 = recheck(report, &o);
    assert_eq!(r2.certificates.len(), report.certificates.len());
    for i in 0..report.private_keys.len() {
        for to in [TargetFormat::Pkcs8, TargetFormat::Pkcs1, TargetFormat::Sec1] {
            let _ = convert_key(report, i, to);
        }
    }
    let _ = pins(report, &PinsOptions::default());
    let _ = tls_values(report, &TlsValuesOptions::default());
}

/// Target `reader`: the block reader on arbitrary bytes.
pub fn reader(data: &[u8]) {
    let blocks = read_all(&[Input::new("f", data)], &Limits::default());
    for b in &blocks.blocks {
        assert_eq!(b.source, "f");
        assert!(b.index >= 1);
        assert!(b.locator().starts_with("f, block "), "{}", b.locator());
    }
    for e in &blocks.errors {
        let msg = e.to_string();
        assert!(
            msg.starts_with('f'),
            "error message does not start with the input name: {msg:?}"
        );
    }
}

/// Splits the `inspect` target's data into a pool. First byte: bits 0-1 → number of inputs
/// (1, 2, 3, 1), bit 2 → also inspect with the password.
pub fn split_pool(data: &[u8]) -> (Vec<Input>, bool) {
    let Some((&sel, rest)) = data.split_first() else {
        return (vec![Input::new("input1", Vec::new())], false);
    };
    let n = match sel & 3 {
        1 => 2,
        2 => 3,
        _ => 1,
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut cur = rest;
    while parts.len() + 1 < n {
        match find(cur, SPLIT) {
            Some(at) => {
                parts.push(&cur[..at]);
                cur = &cur[at + SPLIT.len()..];
            }
            None => break,
        }
    }
    parts.push(cur);
    let names = ["input1.pem", "input2", "input3.yaml"];
    let inputs = parts
        .iter()
        .zip(names)
        .map(|(p, name)| Input::new(name, p.to_vec()))
        .collect();
    (inputs, sel & 4 != 0)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn run_inspect(inputs: &[Input], opts: &Options) -> Report {
    let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let report = inspect(inputs, opts);
    check_report(&report, &names);
    use_report(&report, opts);
    report
}

/// Target `inspect`: the whole pipeline on a pool of one to three inputs, without a password
/// and (when the first byte says so) with the fixtures' password.
pub fn inspect_pool(data: &[u8]) {
    let (inputs, with_password) = split_pool(data);
    let report = run_inspect(&inputs, &Options::at(NOW));
    // What the page does next: the trip to the worker and back must give the same report, and
    // checking roots' own signatures afterwards must equal checking them at once.
    let packed = certlens_core::transport::pack(report.clone());
    let back = certlens_core::transport::unpack(&packed.json, &packed.certs, &packed.keys);
    assert_eq!(back.as_ref(), Ok(&report), "transport round trip");
    let later = certlens_core::with_self_signatures(report.clone(), &Options::at(NOW), &mut |_| {});
    let at_once = inspect(
        &inputs,
        &Options {
            check_self_signatures: true,
            ..Options::at(NOW)
        },
    );
    assert_eq!(later, at_once, "self-signatures afterwards");
    if with_password {
        let mut opts = Options::at(NOW).with_password(PASSWORD);
        opts.limits = reduced_limits();
        run_inspect(&inputs, &opts);
    }
}

pub const SECRET_HEADER: &str = "apiVersion: v1\nkind: Secret\n";

/// Target `yaml`: text for the Secret/values reader. First byte: bit 0 → prepend a Secret
/// header, bit 1 → name the input `.json` instead of `.yaml`, bit 2 → with the password.
pub fn yaml(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest);
    let text = if sel & 1 != 0 {
        format!("{SECRET_HEADER}{body}")
    } else {
        body.into_owned()
    };
    let name = if sel & 2 != 0 {
        "secret.json"
    } else {
        "values.yaml"
    };
    let inputs = [Input::new(name, text.into_bytes())];
    let mut opts = Options::at(NOW);
    if sel & 4 != 0 {
        opts = opts.with_password(PASSWORD);
        opts.limits = reduced_limits();
    }
    run_inspect(&inputs, &opts);
}

fn same_pkcs12(
    a: &Result<Pkcs12Contents, DecryptError>,
    b: &Result<Pkcs12Contents, DecryptError>,
) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            a.certificates == b.certificates
                && a.keys == b.keys
                && a.friendly_names == b.friendly_names
                && a.mac == b.mac
                && a.encryption == b.encryption
        }
        (Err(a), Err(b)) => a == b,
        _ => false,
    }
}

fn too_costly<T>(r: &Result<T, DecryptError>) -> bool {
    matches!(
        r,
        Err(DecryptError::CostTooHigh { .. } | DecryptError::BudgetSpent { .. })
    )
}

/// The pool's key-derivation budget refused the work. The budget is not monotone in the
/// limits: an scrypt derivation is charged relative to the largest one the limits accept
/// (N·r·p × `max_pbkdf2_iterations` / (2^`max_scrypt_log_n` × 8)), so the same scrypt costs
/// 62.5 times more blocks under the default limits than under [`reduced_limits`], and a file
/// with several scrypt-encrypted items can fit the reduced budget but not the default one.
fn budget_refused<T>(r: &Result<T, DecryptError>) -> bool {
    matches!(r, Err(DecryptError::BudgetSpent { .. }))
}

fn legacy_headers(cipher_iv: &str) -> Vec<(String, String)> {
    vec![
        ("Proc-Type".into(), "4,ENCRYPTED".into()),
        ("DEK-Info".into(), cipher_iv.into()),
    ]
}

/// Target `decrypt`: PKCS#12, encrypted PKCS#8 and legacy PEM decryption on arbitrary bytes.
/// Runs under [`reduced_limits`]; when that did not refuse the cost, the default limits must
/// give exactly the same result (limits may only refuse, never change an answer), unless the
/// default limits' key-derivation budget refused it (see [`budget_refused`]).
pub fn decrypt(data: &[u8]) {
    let small = reduced_limits();
    let full = Limits::default();

    let r = certlens_core::read_pkcs12(data, Some(PASSWORD), &small);
    if !too_costly(&r) {
        let f = certlens_core::read_pkcs12(data, Some(PASSWORD), &full);
        assert!(
            budget_refused(&f) || same_pkcs12(&r, &f),
            "read_pkcs12: the limits changed the result: {:?} vs {:?}",
            r.as_ref().err(),
            f.as_ref().err()
        );
    }
    let _ = certlens_core::read_pkcs12(data, None, &small);

    let r = certlens_core::decrypt_pkcs8(data, PASSWORD.as_bytes(), &small);
    if !too_costly(&r) {
        let f = certlens_core::decrypt_pkcs8(data, PASSWORD.as_bytes(), &full);
        if !budget_refused(&f) {
            assert_eq!(r, f, "decrypt_pkcs8: the limits changed the result");
        }
    }
    let _ = certlens_core::describe_pkcs8_encryption(data);

    let _ = certlens_core::decrypt_legacy_pem(
        &legacy_headers("AES-256-CBC,00112233445566778899AABBCCDDEEFF"),
        data,
        b"pw",
    );
    let _ = certlens_core::decrypt_legacy_pem(
        &legacy_headers("DES-EDE3-CBC,0011223344556677"),
        data,
        b"pw",
    );
}

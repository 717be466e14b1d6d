//! Throughput of `inspect` on the Debian CA bundle (criterion benchmark, not a test).
//!
//!     cargo bench -p certlens-core --bench inspect
//!     cargo bench -p certlens-core --bench inspect -- 'parse_pins/x10$'     # one case (a regex)
//!     cargo bench -p certlens-core --bench inspect -- --profile-time 10 'parse_pins/x10$'  # for perf
//!
//! The input is `/etc/ssl/certs/ca-certificates.crt` (or the file named by
//! `CERTLENS_BENCH_BUNDLE`) concatenated ×1, ×10 and ×100 into one input, so at ×10 and ×100
//! every certificate appears 10 or 100 times and the chain analysis groups the copies as
//! duplicates. Throughput is reported in certificates per second (criterion prints it as
//! `elem/s`). Cases:
//!
//! * `read_all/xN`: the block reader alone (PEM scanning and Base64 decoding).
//! * `parse_pins/xN`: `inspect` with `verify_signatures: false`: parse, describe, fingerprints
//!   and SPKI pins, chains (linked by names and key identifiers) and findings, but no signature
//!   is checked. Issue target: at least 100,000 certificates/s at ×10.
//! * `full/xN`: `inspect` with the default options: every chain link's signature checked
//!   (roots' own signatures are not, as in `openssl verify`; a bundle of roots has no links).
//! * `self_signatures/xN`: also each root's own signature (`check_self_signatures`), which is
//!   what costs time on a CA bundle: about 140 RSA and ECDSA verifications.
//!
//! Each group takes 10 samples after 1 s of warm-up, in about 3 s (longer where one iteration
//! is slow), so the whole run takes a few minutes; criterion's `--warm-up-time`,
//! `--measurement-time` and `--sample-size` override that. Numbers from a shared or busy
//! machine vary by ±30 %: compare runs made on an idle one. Without the bundle the benchmark
//! prints a note and measures nothing.

use std::time::Duration;

use certlens_core::{inspect, read_all, Input, Limits, Options};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const DEFAULT_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";
/// 2026-07-01T00:00:00Z, the fixtures' fixed "now".
const NOW: i64 = 1_782_864_000;
const COPIES: [usize; 3] = [1, 10, 100];

fn bundle() -> Option<(String, Vec<u8>)> {
    let path =
        std::env::var("CERTLENS_BENCH_BUNDLE").unwrap_or_else(|_| DEFAULT_BUNDLE.to_string());
    match std::fs::read(&path) {
        Ok(bytes) => Some((path, bytes)),
        Err(e) => {
            eprintln!("certlens bench: cannot read {path} ({e}); install ca-certificates or set CERTLENS_BENCH_BUNDLE");
            None
        }
    }
}

/// The bundle repeated `n` times as one input. Each copy starts on a new line.
fn repeated(bytes: &[u8], n: usize) -> Vec<Input> {
    let mut one = bytes.to_vec();
    if !one.ends_with(b"\n") {
        one.push(b'\n');
    }
    vec![Input::new(
        format!("ca-certificates.crt x{n}"),
        one.repeat(n),
    )]
}

fn parse_pins_options() -> Options {
    Options {
        verify_signatures: false,
        ..Options::at(NOW)
    }
}

fn benches(c: &mut Criterion) {
    let Some((path, bytes)) = bundle() else {
        return;
    };
    let once = repeated(&bytes, 1);
    let probe = inspect(&once, &parse_pins_options());
    let per_copy = probe.certificates.len();
    let distinct = probe
        .certificates
        .iter()
        .map(|c| c.fingerprint_sha256.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(
        per_copy > 0,
        "{path} holds no certificate certlens can read"
    );
    assert!(
        probe.errors.is_empty(),
        "{path}: {:?}",
        probe.errors.first()
    );
    eprintln!(
        "certlens bench: {path}: {per_copy} certificates, {} bytes per copy",
        bytes.len()
    );

    let limits = Limits::default();
    let cases: [(&str, Option<Options>); 4] = [
        ("read_all", None),
        ("parse_pins", Some(parse_pins_options())),
        ("full", Some(Options::at(NOW))),
        (
            "self_signatures",
            Some(Options {
                check_self_signatures: true,
                ..Options::at(NOW)
            }),
        ),
    ];
    for (name, opts) in cases {
        let mut group = c.benchmark_group(name);
        for n in COPIES {
            let inputs = repeated(&bytes, n);
            let certs = per_copy * n;
            group.throughput(Throughput::Elements(certs as u64));
            // The checks run inside the closure, once: criterion calls it only for the cases
            // selected by the command line filter, so profiling one case runs only that one.
            let mut checked = false;
            match &opts {
                None => {
                    group.bench_with_input(
                        BenchmarkId::from_parameter(format!("x{n}")),
                        &inputs,
                        |b, inputs| {
                            if !std::mem::replace(&mut checked, true) {
                                let blocks = read_all(inputs, &limits);
                                assert_eq!(
                                    blocks.blocks.len(),
                                    certs,
                                    "read_all x{n}: {:?}",
                                    blocks.errors.first()
                                );
                            }
                            b.iter(|| read_all(black_box(inputs), &limits))
                        },
                    );
                }
                Some(opts) => {
                    group.bench_with_input(
                        BenchmarkId::from_parameter(format!("x{n}")),
                        &inputs,
                        |b, inputs| {
                            if !std::mem::replace(&mut checked, true) {
                                let report = inspect(inputs, opts);
                                assert_eq!(report.certificates.len(), certs, "{name} x{n}");
                                if n > 1 {
                                    assert_eq!(
                                        report.duplicates.len(),
                                        distinct,
                                        "{name} x{n}: every certificate is a duplicate"
                                    );
                                }
                            }
                            b.iter(|| inspect(black_box(inputs), opts))
                        },
                    );
                }
            }
        }
        group.finish();
    }
}

/// Short defaults; the command line (`--sample-size`, `--warm-up-time`, `--measurement-time`)
/// overrides them.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = inspect_benches;
    config = config();
    targets = benches
}
criterion_main!(inspect_benches);

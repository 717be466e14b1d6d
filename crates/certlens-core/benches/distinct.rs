//! Cost per certificate on distinct leaves (criterion benchmark, not a test).
//!
//!     cargo bench -p certlens-core --bench distinct
//!     cargo bench -p certlens-core --bench distinct -- --warm-up-time 1 --measurement-time 3
//!     cargo bench -p certlens-core --bench distinct -- --profile-time 10 'distinct_parse_pins/20000$'  # for perf
//!
//! Copies of one CA bundle are grouped as duplicates and analysed once, which hides any cost
//! that grows with the number of *distinct* certificates. This bench builds, at setup, one
//! P-256 CA and 20,000 leaves it signed (each with its own key, name and serial), and measures
//! the first 1,000, 10,000 and 20,000 leaves with the CA as one PEM input (and 2,000 and 5,000
//! for `distinct_no_ca`). Throughput is in
//! certificates per second (`elem/s`): flat across the three sizes means the cost per
//! certificate does not grow with the input. Cases:
//!
//! * `distinct_parse_pins/N`: `inspect` without signature checks (parse, describe, pins, chains,
//!   findings): where a loop over every chain per certificate would show.
//! * `distinct_full/N`: `inspect` with the default options: every leaf's link to the CA checked
//!   (one ECDSA P-256 verification per leaf, which dominates).
//! * `distinct_json/N`: `distinct_parse_pins` and the report serialised as the CLI's `--json` does.
//! * `distinct_no_ca/N`: the leaves alone (their CA not given, so nothing links and no signature
//!   is checked), as the browser benchmarks' "distinct leaves" rows (bench/leaves.mjs).
//! * `distinct_no_ca_drop_untimed/N`: the same, each report freed after the timing
//!   (`iter_with_large_drop`): the difference is what freeing 10,000s of small allocations
//!   costs, which grows faster per certificate than the inspection itself (README).
//!
//! Setup (key generation and 20,000 signatures) takes a few seconds before the first case.

#[path = "../tests/common/leaves.rs"]
mod leaves;

use std::time::Duration;

use certlens_core::{inspect, Input, Options};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// 2026-07-01T00:00:00Z, the fixtures' fixed "now".
const NOW: i64 = 1_782_864_000;
const SIZES: [usize; 3] = [1_000, 10_000, 20_000];
/// `distinct_no_ca` also at 2,000 and 5,000: where between 1,000 and 10,000 the cost per
/// certificate rises (README, "Performance": the pool's heap outgrowing the last-level cache).
const NO_CA_SIZES: [usize; 5] = [1_000, 2_000, 5_000, 10_000, 20_000];

/// The CA's PEM, then `max` leaves' PEM (valid 397 days), each a separate string so that
/// prefixes are cheap.
fn pool(max: usize) -> (String, Vec<String>) {
    let made = leaves::make(
        &leaves::Spec {
            seed: [7; 32],
            ca_name: "CN=certlens bench CA,O=certlens bench",
            domain: "bench.example",
            now: NOW,
            days: 397,
        },
        max,
    );
    (made.ca_pem, made.leaves)
}

/// The leaves, then the CA unless `ca` is empty.
fn input(ca: &str, leaves: &[String]) -> Vec<Input> {
    let mut text = String::with_capacity(ca.len() + leaves.iter().map(String::len).sum::<usize>());
    for l in leaves {
        text.push_str(l);
    }
    text.push_str(ca);
    vec![Input::new(format!("{} leaves", leaves.len()), text.into_bytes())]
}

fn parse_pins_options() -> Options {
    Options {
        verify_signatures: false,
        ..Options::at(NOW)
    }
}

fn benches(c: &mut Criterion) {
    let max = SIZES.iter().copied().max().unwrap_or(0);
    let (ca, leaves) = pool(max);
    for name in [
        "distinct_parse_pins",
        "distinct_full",
        "distinct_json",
        "distinct_no_ca",
        "distinct_no_ca_drop_untimed",
    ] {
        let opts = if name == "distinct_full" {
            Options::at(NOW)
        } else {
            parse_pins_options()
        };
        let with_ca = !name.starts_with("distinct_no_ca");
        let mut group = c.benchmark_group(name);
        let sizes: &[usize] = if with_ca { &SIZES } else { &NO_CA_SIZES };
        for &n in sizes {
            let ca = if with_ca { ca.as_str() } else { "" };
            let inputs = input(ca, leaves.get(..n).unwrap_or(&leaves));
            let certs = n + usize::from(with_ca);
            group.throughput(Throughput::Elements(certs as u64));
            let mut checked = false;
            group.bench_with_input(BenchmarkId::from_parameter(n), &inputs, |b, inputs| {
                if !std::mem::replace(&mut checked, true) {
                    // Every leaf is a distinct certificate (linked to the one CA when it is
                    // given): no duplicates, one chain per leaf.
                    let report = inspect(inputs, &opts);
                    assert_eq!(report.certificates.len(), certs, "{name}/{n}");
                    assert!(report.duplicates.is_empty(), "{name}/{n}: duplicates");
                    assert_eq!(report.chains.len(), n, "{name}/{n}: chains");
                    assert!(report.errors.is_empty(), "{name}/{n}: {:?}", report.errors);
                }
                if name == "distinct_no_ca_drop_untimed" {
                    // criterion keeps each report and drops it after the timing.
                    b.iter_with_large_drop(|| inspect(black_box(inputs), &opts))
                } else if name == "distinct_json" {
                    b.iter(|| {
                        let report = inspect(black_box(inputs), &opts);
                        serde_json::to_string(&report).map(|s| s.len())
                    })
                } else {
                    b.iter(|| inspect(black_box(inputs), &opts))
                }
            });
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
    name = distinct_benches;
    config = config();
    targets = benches
}
criterion_main!(distinct_benches);

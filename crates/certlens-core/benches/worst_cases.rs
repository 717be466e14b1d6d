//! The review's worst cases for bounded work (issue 26, items 1 and 4), as criterion
//! benchmarks so that a regression shows (not tests: nothing here asserts a time). Every input
//! is made here; nothing is read from disk but one small fixture certificate.
//!
//!     cargo bench -p certlens-core --bench worst_cases
//!     cargo bench -p certlens-core --bench worst_cases -- 'ed448_keys'   # one group (a regex)
//!
//! Cases:
//! * `ed448_keys/N`: `inspect` of N distinct PKCS#8 Ed448 keys without their public half
//!   (what `openssl genpkey` writes). Each derivation costs 232 units of the pool's 20,000,
//!   so past 86 keys the rest are listed as not checked: the time must stop growing with the
//!   cost of derivations (it still grows with reading the blocks).
//! * `dh_repeated/1000`: one worst-case DH-4096 key (4,095-bit private value) pasted 1,000
//!   times: derived once, the copies come from the memo.
//! * `name_coverage/HxS`: `check_names` of H hosts against one certificate of S SANs (and one
//!   wildcard certificate): hash lookups, O(H + S).
//! * `secret_entries/plain/N` and `secret_entries/certs/N`: `inventory` of one Secret with N
//!   `data` entries, holding a short text each, or the same certificate each (every entry is
//!   an input of the Secret's pool).

use base64::Engine as _;
use certlens_core::{
    check_names, inspect, inventory, CertNames, Input, InventoryOptions, Options,
};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// 2026-07-01T00:00:00Z, the fixtures' fixed "now".
const NOW: i64 = 1_782_864_000;

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let len = n.to_be_bytes();
        let skip = len.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (len.len() - skip) as u8);
        out.extend_from_slice(&len[skip..]);
    }
    out.extend_from_slice(content);
    out
}

fn pem(label: &str, der: &[u8]) -> String {
    certlens_core::pem::encode(label, der)
}

fn ed448_keys(n: u32) -> String {
    let alg = der(0x30, &der(0x06, &[0x2b, 0x65, 0x71]));
    let mut out = String::new();
    for i in 0..n {
        let mut seed = [0x5au8; 57];
        seed[..4].copy_from_slice(&i.to_be_bytes());
        let key = der(0x04, &der(0x04, &seed));
        out.push_str(&pem("PRIVATE KEY", &der(0x30, &[der(0x02, &[0]), alg.clone(), key].concat())));
    }
    out
}

fn dh_4096_key() -> String {
    let int = |v: &[u8]| der(0x02, &[&[0u8][..], v].concat());
    let oid = der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01]);
    let mut x = vec![0xffu8; 512];
    x[0] = 0x7f;
    let alg = der(0x30, &[oid, der(0x30, &[int(&[0xff; 512]), int(&[2])].concat())].concat());
    let info = der(0x30, &[der(0x02, &[0]), alg, der(0x04, &int(&x))].concat());
    pem("PRIVATE KEY", &info)
}

/// One Secret with `n` data entries, each holding `value` (Base64-encoded here).
fn secret(n: usize, value: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(value);
    let mut out = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\n  namespace: bench\ntype: Opaque\ndata:\n");
    for i in 0..n {
        out.push_str(&format!("  entry-{i}.pem: {b64}\n"));
    }
    out
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("ed448_keys");
    g.sample_size(10);
    for n in [100u32, 2_000, 20_000] {
        let text = ed448_keys(n);
        g.throughput(Throughput::Elements(u64::from(n)));
        g.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| inspect(&[Input::new("keys.pem", black_box(text.clone()))], &Options::at(NOW)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("dh_repeated");
    g.sample_size(10);
    let text = dh_4096_key().repeat(1000);
    g.bench_function("1000", |b| {
        b.iter(|| inspect(&[Input::new("dh.pem", black_box(text.clone()))], &Options::at(NOW)))
    });
    g.finish();

    let mut g = c.benchmark_group("name_coverage");
    g.sample_size(10);
    for (h, s) in [(300usize, 60_000usize), (3_000, 60_000), (30_000, 30_000)] {
        let sans: Vec<String> = (0..s).map(|i| format!("host-{i}.apps.example.com")).collect();
        let wild = vec!["*.wild.example.com".to_string()];
        let hosts: Vec<String> = (0..h)
            .map(|i| match i % 3 {
                0 => format!("host-{}.apps.example.com", i * 7 % s),
                1 => format!("n{i}.wild.example.com"),
                _ => format!("missing-{i}.example.com"),
            })
            .collect();
        g.throughput(Throughput::Elements((h + s) as u64));
        g.bench_function(format!("{h}x{s}"), |b| {
            b.iter(|| {
                let certs = [
                    CertNames { index: 0, dns: &sans, ip: &[], common_name: None },
                    CertNames { index: 1, dns: &wild, ip: &[], common_name: None },
                ];
                check_names(black_box(&hosts), &certs)
            })
        });
    }
    g.finish();

    let cert = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/strict/leaf.pem"))
        .unwrap_or_default();
    let mut g = c.benchmark_group("secret_entries");
    g.sample_size(10);
    for (kind, n, value) in [
        ("plain", 20_000usize, b"not a certificate".to_vec()),
        ("plain", 120_000, b"not a certificate".to_vec()),
        ("certs", 2_000, cert.clone()),
        ("certs", 20_000, cert),
    ] {
        let text = secret(n, &value);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("{kind}/{n}"), |b| {
            b.iter(|| {
                inventory(
                    &[Input::new("secrets.yaml", black_box(text.clone()))],
                    &InventoryOptions::at(NOW),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(worst_cases, benches);
criterion_main!(worst_cases);

//! The inventory at cluster scale (criterion benchmark, not a test): 2,000 Secrets, about
//! 20 MB of `kubectl get secrets -A -o yaml`, made here from the openssl-made certificates of
//! `tests/fixtures/doctor/` (run `bash tests/fixtures/generate.sh --doctor-only` first). The
//! scale file is never checked in.
//!
//!     cargo bench -p certlens-core --bench inventory
//!
//! Cases (all the whole inventory: the List read, every Secret its own pool, chains with their
//! signatures, rows sorted; issue target: under 0.5 s natively):
//! * `inventory/yaml`: the List as made from the fixtures, so the same few links repeat in
//!   every Secret and are verified once (the inventory remembers results by content);
//! * `inventory/yaml_no_signatures`: the same with a signature budget of zero: everything but
//!   the signature checks;
//! * `inventory/yaml_distinct_leaves`: every TLS Secret's leaf a different certificate (two
//!   bytes of its signature changed, so it no longer verifies, which costs the same): 800
//!   verifications nothing can share, as in a cluster where every Secret has its own leaf.
//!
//! The List: 2,000 Secrets over 40 namespaces, in five kinds, each with kubectl's
//! `last-applied-configuration` annotation where `kubectl apply` would leave one:
//! `kubernetes.io/tls` with leaf + intermediate + `ca.crt`; `kubernetes.io/tls` expiring soon;
//! an Opaque CA bundle; a Helm release Secret (a large Base64 blob that holds no PEM); an
//! Opaque password and token.

use std::time::Duration;

use base64::Engine as _;
use certlens_core::{inventory, Input, InventoryOptions};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

/// 2026-07-01T00:00:00Z, the fixtures' fixed "now".
const NOW: i64 = 1_782_864_000;
const SECRETS: usize = 2_000;

fn fixture(name: &str) -> Option<Vec<u8>> {
    let path = format!(
        "{}/../../tests/fixtures/doctor/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).ok()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Deterministic filler (what a Helm release blob looks like once Base64'd: gzip noise).
fn noise(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

fn item(out: &mut String, ns: &str, name: &str, ty: &str, data: &[(&str, String)], annotate: bool) {
    out.push_str("- apiVersion: v1\n  data:\n");
    for (k, v) in data {
        out.push_str(&format!("    {k}: {v}\n"));
    }
    out.push_str("  kind: Secret\n  metadata:\n");
    if annotate {
        let json = format!(
            "{{\"apiVersion\":\"v1\",\"data\":{{{}}},\"kind\":\"Secret\",\"metadata\":{{\"annotations\":{{}},\"name\":\"{name}\",\"namespace\":\"{ns}\"}},\"type\":\"{ty}\"}}",
            data.iter()
                .map(|(k, v)| format!("\"{k}\":\"{v}\""))
                .collect::<Vec<_>>()
                .join(",")
        );
        out.push_str(
            "    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: |\n        ",
        );
        out.push_str(&json);
        out.push('\n');
    }
    out.push_str(&format!(
        "    creationTimestamp: \"2026-06-01T00:00:00Z\"\n    name: {name}\n    namespace: {ns}\n    resourceVersion: \"1234\"\n    uid: 0b7a3c4e-0000-4000-8000-{:012}\n  type: {ty}\n",
        out.len() % 1_000_000_000_000
    ));
}

/// `pem` with the last two bytes of its DER (inside the signature value) set from `n`: a
/// certificate that costs a full verification of its own (and fails it), as a cluster's
/// distinct leaves do, since the inventory remembers results by content.
fn distinct(pem: &[u8], n: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(pem);
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap_or_default();
    let len = der.len();
    if len > 2 {
        der[len - 2] ^= (n >> 8) as u8;
        der[len - 1] ^= n as u8 | 1;
    }
    let b = b64(&der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out.into_bytes()
}

/// The scale List as kubectl prints it, and the number of certificate rows it should give.
/// With `distinct_leaves`, every TLS Secret's leaf is a different certificate (whose
/// signature no longer verifies), so no verification repeats.
pub fn scale_list(distinct_leaves: bool) -> Option<(String, usize)> {
    let leaf = fixture("leaf.pem")?;
    let int = fixture("int.pem")?;
    let root = fixture("root.pem")?;
    let ica = fixture("ica.pem")?;
    let soon = fixture("soon.pem")?;
    let leaf_key = fixture("leaf.key")?;
    let soon_key = fixture("soon.key")?;
    let int_pem = int.clone();
    let chain = b64(&[leaf.clone(), int.clone()].concat());
    let soon_chain = b64(&[soon.clone(), int.clone()].concat());
    let bundle = b64(&[root.clone(), ica, int].concat());
    let mut out = String::from("apiVersion: v1\nitems:\n");
    let mut rows = 0;
    for i in 0..SECRETS {
        let ns = format!("team-{:02}", i % 40);
        match i % 5 {
            0 => {
                let chain = if distinct_leaves {
                    b64(&[distinct(&leaf, i), int_pem.clone()].concat())
                } else {
                    chain.clone()
                };
                item(
                    &mut out,
                    &ns,
                    &format!("web-{i}-tls"),
                    "kubernetes.io/tls",
                    &[
                        ("ca.crt", b64(&root)),
                        ("tls.crt", chain),
                        ("tls.key", b64(&leaf_key)),
                    ],
                    true,
                );
                rows += 1;
            }
            1 => {
                let chain = if distinct_leaves {
                    b64(&[distinct(&soon, i), int_pem.clone()].concat())
                } else {
                    soon_chain.clone()
                };
                item(
                    &mut out,
                    &ns,
                    &format!("api-{i}-tls"),
                    "kubernetes.io/tls",
                    &[("tls.crt", chain), ("tls.key", b64(&soon_key))],
                    true,
                );
                rows += 1;
            }
            2 => {
                item(
                    &mut out,
                    &ns,
                    &format!("trust-{i}"),
                    "Opaque",
                    &[("bundle.pem", bundle.clone())],
                    true,
                );
                rows += 2; // root and internal CA head rows; the intermediate chains to the root
            }
            3 => item(
                &mut out,
                &ns,
                &format!("sh.helm.release.v1.app-{i}.v3"),
                "helm.sh/release.v1",
                &[("release", b64(b64(&noise(i as u64, 16_500)).as_bytes()))],
                false,
            ),
            _ => item(
                &mut out,
                &ns,
                &format!("db-{i}"),
                "Opaque",
                &[
                    ("password", b64(&noise(i as u64, 24))),
                    ("token", b64(&noise(i as u64 + 7, 900))),
                ],
                true,
            ),
        }
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    Some((out, rows))
}

fn benches(c: &mut Criterion) {
    let Some((yaml, rows)) = scale_list(false) else {
        eprintln!("certlens bench: tests/fixtures/doctor/ is missing; run bash tests/fixtures/generate.sh --doctor-only");
        return;
    };
    let opts = InventoryOptions::at(NOW);
    let yaml_in = [Input::new("secrets.yaml", yaml.as_bytes().to_vec())];
    // The same List as kubectl -o json prints it, through the inventory's own reading.
    let first = inventory(&yaml_in, &opts);
    assert_eq!(first.rows.len(), rows, "{:?}", first.errors.first());
    assert!(first.errors.is_empty(), "{:?}", first.errors.first());
    eprintln!(
        "certlens bench: {} Secrets, {:.1} MB of YAML, {} certificate rows",
        SECRETS,
        yaml.len() as f64 / 1e6,
        first.rows.len()
    );
    let mut g = c.benchmark_group("inventory");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(yaml.len() as u64));
    g.bench_function("yaml", |b| {
        b.iter(|| black_box(inventory(black_box(&yaml_in), &opts)))
    });
    // What the signature checks cost: the same with a signature budget of zero (every link
    // "not checked").
    let mut unsigned = opts.clone();
    unsigned.limits.max_signature_work = 0;
    g.bench_function("yaml_no_signatures", |b| {
        b.iter(|| black_box(inventory(black_box(&yaml_in), &unsigned)))
    });
    // Every leaf different: one verification per TLS Secret that nothing can share.
    if let Some((distinct_yaml, _)) = scale_list(true) {
        let input = [Input::new("secrets.yaml", distinct_yaml.into_bytes())];
        let check = inventory(&input, &opts);
        let broken = check
            .rows
            .iter()
            .filter(|r| r.chain.starts_with("broken"))
            .count();
        eprintln!(
            "certlens bench: distinct leaves: {} rows, {broken} with a signature that does not verify",
            check.rows.len()
        );
        assert_eq!(broken, 800, "{:?}", check.rows.first().map(|r| &r.chain));
        g.bench_function("yaml_distinct_leaves", |b| {
            b.iter(|| black_box(inventory(black_box(&input), &opts)))
        });
    }
    g.finish();
}

criterion_group!(inventory_benches, benches);
criterion_main!(inventory_benches);

//! Property tests (proptest) of the reader, the chain builder and key conversion, on the
//! fixtures made by tests/fixtures/generate.sh. Sized to finish well under a minute in a debug
//! build; set PROPTEST_CASES to run more cases of every property.
//!
//!     cargo test -p certlens-core --test properties

mod common;
use common::{expected, fixture};

use std::sync::OnceLock;

use certlens_core::{b64, pem, read_all, Input, Limits, TargetFormat};
use certlens_core::{inspect, Options, Report};
use proptest::prelude::*;

const NOW: i64 = 1_782_864_000; // 2026-07-01T00:00:00Z, expected.json fixed_now

/// `cases` unless PROPTEST_CASES is set.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c
}

/// The DER of every block of a PEM file, in file order.
fn pem_blocks(rel: &str) -> Vec<Vec<u8>> {
    let blocks = read_all(&[Input::new(rel, fixture(rel))], &Limits::default());
    assert!(blocks.errors.is_empty(), "{rel}: {:?}", blocks.errors);
    blocks.blocks.into_iter().map(|b| b.der).collect()
}

// ------------------------------------------------------------------------------------------------
// (a) Base64 and PEM round trips

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn base64_and_pem_round_trip(der in proptest::collection::vec(any::<u8>(), 1..1500)) {
        let text = b64::encode_standard(&der);
        prop_assert_eq!(b64::decode_standard(&text).expect("own Base64 decodes"), der.clone());
        let pem_text = pem::encode("CERTIFICATE", &der);
        let blocks = read_all(&[Input::new("rt.pem", pem_text.into_bytes())], &Limits::default());
        prop_assert!(blocks.errors.is_empty(), "errors: {:?}", blocks.errors);
        prop_assert_eq!(blocks.blocks.len(), 1);
        prop_assert_eq!(blocks.blocks[0].label.as_str(), "CERTIFICATE");
        prop_assert_eq!(&blocks.blocks[0].der, &der);
    }
}

// ------------------------------------------------------------------------------------------------
// (b) Chains do not depend on the order of the input

/// The certificates (PEM) of chain-correct.pem, chain-two-leaves.pem and other-leaf, duplicates
/// included.
fn chain_pool() -> &'static Vec<String> {
    static POOL: OnceLock<Vec<String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut v = Vec::new();
        for rel in [
            "inputs/chain-correct.pem",
            "inputs/chain-two-leaves.pem",
            "certs/other-leaf.pem",
        ] {
            v.extend(
                pem_blocks(rel)
                    .iter()
                    .map(|der| pem::encode("CERTIFICATE", der)),
            );
        }
        assert_eq!(v.len(), 8);
        v
    })
}

/// Everything about the chains that must not depend on the input order, by fingerprint.
#[derive(Debug, PartialEq, Eq)]
struct ChainShape {
    /// (fingerprints leaf first, complete, root_included, missing_intermediate), sorted.
    chains: Vec<(Vec<String>, bool, bool, bool)>,
    unrelated: Vec<String>,
    duplicate_groups: Vec<(String, usize)>,
}

fn chain_shape(r: &Report) -> ChainShape {
    let fp = |i: usize| r.certificates[i].fingerprint_sha256.clone();
    let mut chains: Vec<_> = r
        .chains
        .iter()
        .map(|c| {
            (
                c.order.iter().map(|&i| fp(i)).collect::<Vec<_>>(),
                c.complete,
                c.root_included,
                c.missing_intermediate,
            )
        })
        .collect();
    chains.sort();
    let mut unrelated: Vec<String> = r.unrelated.iter().map(|&i| fp(i)).collect();
    unrelated.sort();
    let mut duplicate_groups: Vec<(String, usize)> =
        r.duplicates.iter().map(|g| (fp(g[0]), g.len())).collect();
    duplicate_groups.sort();
    ChainShape {
        chains,
        unrelated,
        duplicate_groups,
    }
}

fn inspect_order(order: &[usize]) -> ChainShape {
    let pool = chain_pool();
    let text: String = order.iter().map(|&i| pool[i].as_str()).collect();
    let r = inspect(
        &[Input::new("pool.pem", text.into_bytes())],
        &Options::at(NOW),
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.certificates.len(), 8);
    chain_shape(&r)
}

fn reference_chain_shape() -> &'static ChainShape {
    static REF: OnceLock<ChainShape> = OnceLock::new();
    REF.get_or_init(|| {
        let shape = inspect_order(&[0, 1, 2, 3, 4, 5, 6, 7]);
        // Sanity: rsa-leaf and rsa-leaf-b each form a chain up to rsa-root; other-leaf's issuer
        // is absent.
        let certs = expected()["certs"].as_object().unwrap();
        let f = |n: &str| certs[n]["fingerprint_sha256"].as_str().unwrap().to_string();
        let rsa = [f("rsa-int"), f("rsa-root")];
        for leaf in ["rsa-leaf", "rsa-leaf-b"] {
            let want: Vec<String> = std::iter::once(f(leaf))
                .chain(rsa.iter().cloned())
                .collect();
            assert!(
                shape.chains.iter().any(|c| c.0 == want),
                "no chain {leaf} → rsa-int → rsa-root in {shape:?}"
            );
        }
        shape
    })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn chain_order_does_not_depend_on_input_order(order in Just((0..8usize).collect::<Vec<_>>()).prop_shuffle()) {
        let shape = inspect_order(&order);
        prop_assert_eq!(&shape, reference_chain_shape(), "order {:?}", order);
    }
}

// ------------------------------------------------------------------------------------------------
// (c) Key conversion keeps the pin

/// (key file, PKCS#8 DER, the targets that apply, the targets that must be refused)
type ConversionKey = (&'static str, Vec<u8>, Vec<TargetFormat>, Vec<TargetFormat>);

fn conversion_keys() -> &'static Vec<ConversionKey> {
    use TargetFormat::*;
    static KEYS: OnceLock<Vec<ConversionKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        vec![
            (
                "keys/rsa-leaf.key",
                pem_blocks("keys/rsa-leaf.key").remove(0),
                vec![Pkcs8, Pkcs1],
                vec![Sec1],
            ),
            (
                "keys/ec-leaf.key",
                pem_blocks("keys/ec-leaf.key").remove(0),
                vec![Pkcs8, Sec1],
                vec![Pkcs1],
            ),
            (
                "keys/ec-p521-leaf.key",
                pem_blocks("keys/ec-p521-leaf.key").remove(0),
                vec![Pkcs8, Sec1],
                vec![Pkcs1],
            ),
            (
                "keys/ed25519-self.key",
                pem_blocks("keys/ed25519-self.key").remove(0),
                vec![Pkcs8],
                vec![Pkcs1, Sec1],
            ),
        ]
    })
}

/// How the converted PEM is handed back to the reader.
fn wrap(pem_text: &str, how: u8) -> Vec<u8> {
    match how {
        0 => pem_text.as_bytes().to_vec(),
        1 => pem_text.replace('\n', "\r\n").into_bytes(),
        2 => format!("Here is the key you asked for:\n\n{pem_text}\nKeep it safe.\n").into_bytes(),
        _ => b64::encode_standard(pem_text.as_bytes()).into_bytes(),
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn key_conversion_keeps_the_pin(k in 0..4usize, t in 0..3usize, how in 0..4u8) {
        let (file, pkcs8_der, ok, refused) = &conversion_keys()[k];
        let pin = expected()["keys"][*file]["spki_sha256"].as_str().expect("pin in expected.json");
        let all = [TargetFormat::Pkcs8, TargetFormat::Pkcs1, TargetFormat::Sec1];
        let to = all[t];
        let result = certlens_core::convert_private_key(pkcs8_der, to);
        if refused.contains(&to) {
            prop_assert!(result.is_err(), "{} → {:?} should be refused", file, to);
            return Ok(());
        }
        prop_assert!(ok.contains(&to));
        let pem_text = result.map_err(|e| TestCaseError::fail(format!("{file} → {to:?}: {e}")))?;
        let r = inspect(&[Input::new("converted", wrap(&pem_text, how))], &Options::at(NOW));
        prop_assert!(r.errors.is_empty(), "{:?}", r.errors);
        prop_assert_eq!(r.private_keys.len(), 1);
        prop_assert_eq!(r.private_keys[0].spki_sha256.as_deref(), Some(pin), "{} → {:?}", file, to);
    }
}

// ------------------------------------------------------------------------------------------------
// (d) Mutated PEM never makes inspect panic, and every error names its input

const MUTATION_SOURCES: &[&str] = &[
    "inputs/chain-correct.pem",
    "inputs/leaf-and-key.pem",
    "inputs/crlf.pem",
    "inputs/bom.pem",
    "inputs/escaped-newlines.txt",
    "inputs/bundle.p7b",
    "inputs/b64-wrapped-chain.txt",
    "inputs/secret-stringdata.yaml",
    "certs/ec-leaf.pem",
    "certs/ed25519-self.pem",
    "keys/rsa-leaf.legacy-aes.pem",
    "keys/ec-leaf.pkcs8-enc.pem",
    "keys/ec-leaf.sec1.pem",
    "keys/dsa-2048.trad.pem",
    "keys/openssh-ed25519",
    "pub/rsa-leaf.pkcs1.pem",
    "pub/ec-leaf.spki.pem",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// XOR the byte at (position % len) with a non-zero mask.
    Flip(usize, u8),
    Insert(usize, u8),
    /// Delete up to n bytes from the position.
    Delete(usize, usize),
    Truncate(usize),
    /// Repeat line (index % lines) right after itself.
    DuplicateLine(usize),
    /// Delete line (index % lines).
    DeleteLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Bytes that matter to a PEM/Base64/YAML reader, and any byte.
    let byte = prop_oneof![
        prop::sample::select(b"-=\n\r:AB+/ \"\\0\x00\xff".to_vec()),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(p, m)| Mutation::Flip(p, m)),
        (any::<usize>(), byte).prop_map(|(p, b)| Mutation::Insert(p, b)),
        (any::<usize>(), 1..80usize).prop_map(|(p, n)| Mutation::Delete(p, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DeleteLine),
    ]
}

fn apply(data: &mut Vec<u8>, m: &Mutation) {
    if data.is_empty() {
        return;
    }
    let len = data.len();
    match *m {
        Mutation::Flip(p, mask) => data[p % len] ^= mask,
        Mutation::Insert(p, b) => data.insert(p % (len + 1), b),
        Mutation::Delete(p, n) => {
            let start = p % len;
            data.drain(start..(start + n).min(len));
        }
        Mutation::Truncate(p) => data.truncate(p % len),
        Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) => {
            let mut lines: Vec<Vec<u8>> = data
                .split_inclusive(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            let at = i % lines.len();
            if matches!(m, Mutation::DuplicateLine(_)) {
                let line = lines[at].clone();
                lines.insert(at, line);
            } else {
                lines.remove(at);
            }
            *data = lines.concat();
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn mutated_pem_never_panics(
        src in prop::sample::select(MUTATION_SOURCES),
        mutations in proptest::collection::vec(mutation(), 1..6),
        password in any::<bool>(),
    ) {
        let mut data = fixture(src);
        for m in &mutations {
            apply(&mut data, m);
        }
        let name = "mutated.pem";
        let mut opts = Options::at(NOW);
        if password {
            opts = opts.with_password("correct horse");
            // Mutations can raise an iteration count; keep a debug build fast.
            opts.limits.max_pbkdf2_iterations = 10_000;
        }
        let r = inspect(&[Input::new(name, data)], &opts);
        for e in &r.errors {
            prop_assert!(e.message.starts_with(name), "error without the input name: {:?}", e.message);
            prop_assert_eq!(e.source.as_str(), name);
        }
        for c in &r.chains {
            prop_assert!(c.order.iter().all(|&i| i < r.certificates.len()));
        }
        let _ = r.to_json();
    }
}

//! Chain building (`certlens_core::chain`) and signature verification
//! (`certlens_core::verify`) against the openssl-made fixtures in `tests/fixtures`.
//!
//! Keys in the fixtures are random per generation, so certificates are identified by their
//! SHA-256 fingerprint from `expected.json`, never by hard-coded values.

mod common;
use common::{der, expected, fixtures, hex};

use std::collections::{BTreeMap, BTreeSet};

use certlens_core::{analyse, is_self_signed, ChainAnalysis, ChainCert};
use certlens_core::{verify_signature, SignatureStatus};
use sha2::{Digest, Sha256};
use x509_parser::extensions::ParsedExtension;

/// One DER TLV at the start of `input`: (whole TLV, content, rest). Test helper, may panic.
fn tlv(input: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let l0 = input[1];
    let (hdr, len) = if l0 < 0x80 {
        (2, l0 as usize)
    } else {
        let n = (l0 & 0x7f) as usize;
        let len = input[2..2 + n]
            .iter()
            .fold(0usize, |a, &b| (a << 8) | b as usize);
        (2 + n, len)
    };
    (
        &input[..hdr + len],
        &input[hdr..hdr + len],
        &input[hdr + len..],
    )
}

/// Builds a ChainCert from certificate DER, using x509-parser for the fields it exposes and the
/// raw DER for signatureAlgorithm and signatureValue.
fn chain_cert(index: usize, der: &[u8]) -> ChainCert {
    let (rest, cert) = x509_parser::parse_x509_certificate(der).expect("certificate parses");
    assert!(rest.is_empty());
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
    let (_, outer, _) = tlv(der);
    let (tbs, _, rest) = tlv(outer);
    let (sig_alg, _, rest) = tlv(rest);
    let (_, bits, rest) = tlv(rest);
    assert!(rest.is_empty());
    assert_eq!(bits[0], 0, "signature BIT STRING has no unused bits");
    assert_eq!(tbs, cert.tbs_certificate.as_ref());

    let mut ski = None;
    let mut aki = None;
    for ext in cert.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0.to_vec()),
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                aki = a.key_identifier.as_ref().map(|k| k.0.to_vec())
            }
            _ => {}
        }
    }
    let is_ca = cert
        .basic_constraints()
        .ok()
        .flatten()
        .map(|bc| bc.value.ca)
        .unwrap_or(false);
    ChainCert {
        index,
        subject: cert.subject().as_raw().to_vec(),
        issuer: cert.issuer().as_raw().to_vec(),
        ski,
        aki,
        spki: cert.public_key().raw.to_vec(),
        tbs: tbs.to_vec(),
        signature_algorithm: sig_alg.to_vec(),
        signature: bits[1..].to_vec(),
        fingerprint: Sha256::digest(der).into(),
        is_ca,
        self_signature: None,
    }
}

fn read_pem_certs(path: &str) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(fixtures().join(path)).expect("fixture file");
    x509_parser::pem::Pem::iter_from_buffer(&bytes)
        .map(|p| p.expect("PEM block"))
        .filter(|p| p.label == "CERTIFICATE")
        .map(|p| p.contents)
        .collect()
}

fn cert_der(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(format!("certs/{name}.der"))).expect("cert DER")
}

fn named(name: &str) -> ChainCert {
    chain_cert(0, &cert_der(name))
}

/// fingerprint (hex) → certificate name, from expected.json.
fn names_by_fingerprint(exp: &serde_json::Value) -> BTreeMap<String, String> {
    exp["certs"]
        .as_object()
        .expect("certs")
        .iter()
        .map(|(name, c)| {
            (
                c["fingerprint_sha256"].as_str().expect("fp").to_string(),
                name.clone(),
            )
        })
        .collect()
}

struct Pool {
    certs: Vec<ChainCert>,
    names: Vec<String>,
}

impl Pool {
    fn load(input: &str, exp: &serde_json::Value) -> Pool {
        let by_fp = names_by_fingerprint(exp);
        let certs: Vec<ChainCert> = read_pem_certs(input)
            .iter()
            .enumerate()
            .map(|(i, d)| chain_cert(i, d))
            .collect();
        let names: Vec<String> = certs
            .iter()
            .map(|c| {
                by_fp
                    .get(&hex(&c.fingerprint))
                    .cloned()
                    .expect("known certificate")
            })
            .collect();
        // The file holds what expected.json says it holds.
        let listed: Vec<String> = exp["inputs"][input]["certs"]
            .as_array()
            .expect("inputs.*.certs")
            .iter()
            .map(|v| v.as_str().expect("name").to_string())
            .collect();
        assert_eq!(names, listed, "{input}: certificates in the file");
        Pool { certs, names }
    }
    fn names_of(&self, order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| self.names[i].clone()).collect()
    }
    fn index_of(&self, name: &str) -> usize {
        self.names
            .iter()
            .position(|n| n == name)
            .expect("name in pool")
    }
}

fn expected_chains(exp: &serde_json::Value, input: &str) -> Vec<Vec<String>> {
    let entry = &exp["inputs"][input];
    let as_names = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("list")
            .iter()
            .map(|n| n.as_str().expect("name").to_string())
            .collect()
    };
    if let Some(order) = entry.get("correct_order") {
        vec![as_names(order)]
    } else {
        entry["chains"]
            .as_array()
            .expect("chains")
            .iter()
            .map(as_names)
            .collect()
    }
}

fn statuses(a: &ChainAnalysis, chain: usize) -> Vec<SignatureStatus> {
    a.chains[chain]
        .links
        .iter()
        .map(|l| l.signature.clone())
        .collect()
}

fn check_invariants(a: &ChainAnalysis, n: usize) {
    // Every index is in exactly one place: a chain (possibly several chains), unrelated, or a
    // non-first duplicate.
    let mut seen = BTreeSet::new();
    for c in &a.chains {
        assert!(!c.order.is_empty());
        assert_eq!(c.links.len(), c.order.len() - 1);
        for (i, l) in c.links.iter().enumerate() {
            assert_eq!(l.child, c.order[i]);
            assert_eq!(l.parent, c.order[i + 1]);
        }
        seen.extend(c.order.iter().copied());
    }
    for &u in &a.unrelated {
        assert!(seen.insert(u), "unrelated {u} is also in a chain");
    }
    for g in &a.duplicates {
        for &d in &g[1..] {
            assert!(seen.insert(d), "duplicate copy {d} is also elsewhere");
        }
    }
    assert_eq!(seen, (0..n).collect::<BTreeSet<_>>());
}

// ----------------------------------------------------------------------------------------------
// Chains from the inputs

#[test]
fn single_chain_inputs() {
    let exp = expected();
    // input, misordered, complete, missing_intermediate, root_included
    let cases = [
        ("inputs/chain-correct.pem", false, true, false, true),
        ("inputs/chain-reversed.pem", true, true, false, true),
        ("inputs/chain-shuffled.pem", true, true, false, true),
        ("inputs/chain-dup.pem", false, true, false, true),
        ("inputs/chain-extra-unrelated.pem", false, true, false, true),
        ("inputs/chain-badsig.pem", false, true, false, true),
        ("inputs/chain-no-root.pem", false, false, false, false),
    ];
    for (input, misordered, complete, missing, root) in cases {
        let pool = Pool::load(input, &exp);
        let a = analyse(&pool.certs);
        check_invariants(&a, pool.certs.len());
        let want = expected_chains(&exp, input);
        assert_eq!(a.chains.len(), 1, "{input}: {a:?}");
        let chain = &a.chains[0];
        assert_eq!(pool.names_of(&chain.order), want[0], "{input}: order");
        assert_eq!(chain.misordered, misordered, "{input}: misordered");
        assert_eq!(chain.complete, complete, "{input}: complete");
        assert_eq!(
            chain.missing_intermediate, missing,
            "{input}: missing_intermediate"
        );
        assert_eq!(chain.root_included, root, "{input}: root_included");
        if input != "inputs/chain-badsig.pem" {
            for l in &chain.links {
                assert_eq!(l.signature, SignatureStatus::Valid, "{input}: {l:?}");
                assert_eq!(l.detail, "RSA PKCS#1 v1.5 with SHA-256");
            }
        }
    }
}

#[test]
fn duplicates_are_grouped() {
    let exp = expected();
    let pool = Pool::load("inputs/chain-dup.pem", &exp);
    let a = analyse(&pool.certs);
    assert_eq!(a.duplicates, vec![vec![1, 2]]);
    assert_eq!(a.chains[0].order, vec![0, 1, 3]);
    assert!(a.unrelated.is_empty());
}

#[test]
fn extra_unrelated_leaf() {
    let exp = expected();
    let pool = Pool::load("inputs/chain-extra-unrelated.pem", &exp);
    let a = analyse(&pool.certs);
    assert_eq!(a.unrelated, vec![pool.index_of("other-leaf")]);
    assert!(a.duplicates.is_empty());
}

#[test]
fn missing_intermediate() {
    // expected.json's correct_order is the file order [rsa-leaf, rsa-root]. Nothing ties the
    // root to the leaf (rsa-int, the leaf's issuer, is absent), so certlens does not guess it into
    // the chain: the chain is the leaf alone with missing_intermediate, the root is unrelated.
    let exp = expected();
    let input = "inputs/chain-missing-int.pem";
    let pool = Pool::load(input, &exp);
    let a = analyse(&pool.certs);
    check_invariants(&a, pool.certs.len());
    assert_eq!(
        expected_chains(&exp, input)[0],
        vec!["rsa-leaf", "rsa-root"]
    );
    assert_eq!(a.chains.len(), 1);
    let c = &a.chains[0];
    assert_eq!(pool.names_of(&c.order), vec!["rsa-leaf"]);
    assert!(c.missing_intermediate);
    assert!(!c.complete);
    assert!(!c.root_included);
    assert!(!c.misordered);
    assert!(c.links.is_empty());
    assert_eq!(a.unrelated, vec![pool.index_of("rsa-root")]);
}

#[test]
fn multi_chain_inputs() {
    let exp = expected();
    for input in ["inputs/chain-two-chains.pem", "inputs/chain-two-leaves.pem"] {
        let pool = Pool::load(input, &exp);
        let a = analyse(&pool.certs);
        check_invariants(&a, pool.certs.len());
        let got: Vec<Vec<String>> = a.chains.iter().map(|c| pool.names_of(&c.order)).collect();
        assert_eq!(got, expected_chains(&exp, input), "{input}");
        for (i, c) in a.chains.iter().enumerate() {
            assert!(!c.misordered, "{input}");
            assert!(
                c.complete && c.root_included && !c.missing_intermediate,
                "{input}"
            );
            assert!(
                statuses(&a, i).iter().all(|s| *s == SignatureStatus::Valid),
                "{input}"
            );
        }
        assert!(a.unrelated.is_empty() && a.duplicates.is_empty(), "{input}");
    }
    // The ec chain's links: ecdsa-with-SHA256 by P-256, ecdsa-with-SHA384 by P-384.
    let pool = Pool::load("inputs/chain-two-chains.pem", &exp);
    let a = analyse(&pool.certs);
    let details: Vec<&str> = a.chains[1]
        .links
        .iter()
        .map(|l| l.detail.as_str())
        .collect();
    assert_eq!(
        details,
        vec!["ECDSA P-256 with SHA-256", "ECDSA P-384 with SHA-384"]
    );
}

#[test]
fn badsig_intermediate_gives_invalid_link() {
    let exp = expected();
    let pool = Pool::load("inputs/chain-badsig.pem", &exp);
    let a = analyse(&pool.certs);
    assert_eq!(
        statuses(&a, 0),
        vec![SignatureStatus::Valid, SignatureStatus::Invalid]
    );
    let bad = &a.chains[0].links[1];
    assert_eq!(bad.child, pool.index_of("rsa-int-badsig"));
    assert_eq!(bad.parent, pool.index_of("rsa-root"));
    assert!(bad.detail.contains("does not match"), "{}", bad.detail);
}

#[test]
fn result_does_not_depend_on_input_order() {
    let exp = expected();
    for input in [
        "inputs/chain-two-chains.pem",
        "inputs/chain-two-leaves.pem",
        "inputs/chain-extra-unrelated.pem",
        "inputs/chain-dup.pem",
        "inputs/chain-missing-int.pem",
    ] {
        let pool = Pool::load(input, &exp);
        let base = analyse(&pool.certs);
        let canon = |certs: &[ChainCert], a: &ChainAnalysis| {
            let fp = |i: usize| {
                hex(&certs
                    .iter()
                    .find(|c| c.index == i)
                    .expect("index")
                    .fingerprint)
            };
            let mut chains: Vec<Vec<String>> = a
                .chains
                .iter()
                .map(|c| c.order.iter().map(|&i| fp(i)).collect())
                .collect();
            chains.sort();
            let mut unrelated: Vec<String> = a.unrelated.iter().map(|&i| fp(i)).collect();
            unrelated.sort();
            (chains, unrelated)
        };
        let want = canon(&pool.certs, &base);
        let n = pool.certs.len();
        // every rotation, reversed and not, re-indexed as a new pool
        for rot in 0..n {
            for rev in [false, true] {
                let mut certs = pool.certs.clone();
                certs.rotate_left(rot);
                if rev {
                    certs.reverse();
                }
                for (i, c) in certs.iter_mut().enumerate() {
                    c.index = i;
                }
                let a = analyse(&certs);
                check_invariants(&a, n);
                assert_eq!(canon(&certs, &a), want, "{input} rot {rot} rev {rev}");
                // chains are listed by leaf index
                let leaves: Vec<usize> = a.chains.iter().map(|c| c.order[0]).collect();
                let mut sorted = leaves.clone();
                sorted.sort();
                assert_eq!(leaves, sorted);
            }
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Singletons and other pools built by hand

#[test]
fn singleton_rules() {
    let root = |i| ChainCert {
        index: i,
        ..named("rsa-root")
    };
    // only a root: one chain of length 1
    let a = analyse(&[root(0)]);
    assert_eq!(a.chains.len(), 1);
    assert_eq!(a.chains[0].order, vec![0]);
    assert!(a.chains[0].complete && a.chains[0].root_included && !a.chains[0].missing_intermediate);
    assert!(a.unrelated.is_empty());

    // only a leaf: its chain, missing intermediate
    let a = analyse(&[chain_cert(0, &cert_der("rsa-leaf"))]);
    assert_eq!(a.chains.len(), 1);
    assert!(a.chains[0].missing_intermediate && !a.chains[0].complete);

    // only an intermediate: its chain, root not included, no missing intermediate
    let a = analyse(&[chain_cert(0, &cert_der("rsa-int"))]);
    assert_eq!(a.chains.len(), 1);
    assert!(
        !a.chains[0].missing_intermediate && !a.chains[0].complete && !a.chains[0].root_included
    );

    // two roots, nothing else: two singleton chains
    let a = analyse(&[
        chain_cert(0, &cert_der("rsa-root")),
        chain_cert(1, &cert_der("ec-root")),
    ]);
    assert_eq!(a.chains.len(), 2);
    assert!(a.unrelated.is_empty());

    // A chain, rsa-int2 (CA, nothing under it, but issued by the root that is present) and a
    // self-signed Ed25519 end-entity: int2 -> root is a chain of two (a chain of length >= 2 is
    // always reported), the Ed25519 singleton is unrelated because longer chains exist.
    let certs: Vec<ChainCert> = [
        "ed25519-self",
        "rsa-leaf",
        "rsa-int",
        "rsa-int2",
        "rsa-root",
    ]
    .iter()
    .enumerate()
    .map(|(i, n)| chain_cert(i, &cert_der(n)))
    .collect();
    let a = analyse(&certs);
    check_invariants(&a, certs.len());
    let orders: Vec<Vec<usize>> = a.chains.iter().map(|c| c.order.clone()).collect();
    assert_eq!(orders, vec![vec![1, 2, 4], vec![3, 4]]);
    assert_eq!(a.unrelated, vec![0]);

    // A chain plus a lone root of another hierarchy: the root is unrelated.
    let certs: Vec<ChainCert> = ["rsa-leaf", "rsa-int", "rsa-root", "other-root"]
        .iter()
        .enumerate()
        .map(|(i, n)| chain_cert(i, &cert_der(n)))
        .collect();
    let a = analyse(&certs);
    assert_eq!(a.chains.len(), 1);
    assert_eq!(a.unrelated, vec![3]);

    // Two leaves whose issuers are both absent: two singleton chains.
    let certs = vec![
        chain_cert(0, &cert_der("rsa-leaf")),
        chain_cert(1, &cert_der("ec-leaf")),
    ];
    let a = analyse(&certs);
    assert_eq!(a.chains.len(), 2);
    assert!(a.chains.iter().all(|c| c.missing_intermediate));

    // int2 + root only: int2 is a leaf of that pool
    let certs = vec![
        chain_cert(0, &cert_der("rsa-root")),
        chain_cert(1, &cert_der("rsa-int2")),
    ];
    let a = analyse(&certs);
    assert_eq!(a.chains.len(), 1);
    assert_eq!(a.chains[0].order, vec![1, 0]);
    assert!(a.chains[0].misordered);

    // empty pool
    assert_eq!(analyse(&[]), ChainAnalysis::default());
}

#[test]
fn many_leaves_share_intermediate() {
    let leaves = [
        "rsa-leaf",
        "rsa-leaf-b",
        "rsa-sha1-leaf",
        "rsa-sha384-leaf",
        "rsa-sha512-leaf",
        "rsa-pss-leaf",
        "rsa-1024-leaf",
        "rsa-4096-leaf",
        "leaf-no-san",
        "leaf-ca-true",
        "leaf-long",
        "leaf-no-serverauth",
        "leaf-expired",
        "leaf-not-yet-valid",
        "internal-services",
    ];
    let mut certs: Vec<ChainCert> = vec![
        chain_cert(0, &cert_der("rsa-root")),
        chain_cert(1, &cert_der("rsa-int")),
    ];
    for (i, n) in leaves.iter().enumerate() {
        certs.push(chain_cert(i + 2, &cert_der(n)));
    }
    let a = analyse(&certs);
    check_invariants(&a, certs.len());
    // leaf-ca-true has CA:TRUE but nothing under it: it is still a leaf of this pool.
    assert_eq!(a.chains.len(), leaves.len());
    for (i, c) in a.chains.iter().enumerate() {
        assert_eq!(c.order, vec![i + 2, 1, 0]);
        assert!(c.misordered && c.complete);
        assert!(
            c.links
                .iter()
                .all(|l| l.signature == SignatureStatus::Valid),
            "{:?}",
            c.links
        );
    }
}

#[test]
fn issuer_cycle_does_not_loop() {
    // Two certificates that claim to issue each other (names swapped by hand; signatures are
    // then Invalid, which does not matter for termination).
    let mut a_cert = named("rsa-int");
    let mut b_cert = named("ec-int");
    a_cert.index = 0;
    b_cert.index = 1;
    a_cert.issuer = b_cert.subject.clone();
    b_cert.issuer = a_cert.subject.clone();
    a_cert.aki = None;
    b_cert.aki = None;
    let a = analyse(&[a_cert.clone(), b_cert.clone()]);
    check_invariants(&a, 2);
    assert_eq!(a.chains.len(), 1);
    assert_eq!(a.chains[0].order.len(), 2);
    assert!(!a.chains[0].complete && !a.chains[0].missing_intermediate);

    // a leaf under the cycle
    let mut leaf = named("rsa-leaf");
    leaf.index = 2;
    leaf.issuer = a_cert.subject.clone();
    leaf.aki = None;
    let a = analyse(&[a_cert, b_cert, leaf]);
    check_invariants(&a, 3);
    assert_eq!(a.chains.len(), 1);
    assert_eq!(a.chains[0].order, vec![2, 0, 1]);
}

#[test]
fn normalised_name_match() {
    // Upper-case the leaf's issuer Name inside its own DER field (PrintableString/UTF8String
    // values); the chain must still be found, by the normalised comparison.
    let mut leaf = named("rsa-leaf");
    let int = ChainCert {
        index: 1,
        ..named("rsa-int")
    };
    leaf.issuer = leaf.issuer.iter().map(|b| b.to_ascii_uppercase()).collect();
    // upper-casing also changed tag bytes? only if a byte is a lower-case letter; tags 0x30,
    // 0x31, 0x06, 0x0c, 0x13 and lengths below 0x61 are untouched unless >= 'a'. Check it
    // still parses the same way by comparing lengths.
    assert_eq!(leaf.issuer.len(), int.subject.len());
    let a = analyse(&[leaf, int]);
    assert_eq!(a.chains.len(), 1);
    assert_eq!(a.chains[0].order, vec![0, 1]);
    // The signature still verifies: it is over the (unchanged) tbs.
    assert_eq!(a.chains[0].links[0].signature, SignatureStatus::Valid);
}

#[test]
fn aki_ski_mismatch_prevents_link() {
    let mut leaf = named("rsa-leaf");
    let int = ChainCert {
        index: 1,
        ..named("rsa-int")
    };
    assert!(leaf.aki.is_some() && int.ski.is_some());
    leaf.aki = Some(vec![1, 2, 3]);
    let a = analyse(&[leaf, int]);
    // no link: leaf (singleton, non-CA) is reported, int is unrelated
    assert_eq!(a.chains.len(), 1);
    assert_eq!(a.chains[0].order, vec![0]);
    assert!(a.chains[0].missing_intermediate);
    assert_eq!(a.unrelated, vec![1]);
}

#[test]
fn prefers_issuer_whose_signature_verifies() {
    // Two certificates named like rsa-int: the real one and rsa-int2 renamed (wrong key).
    // Neither has an SKI, so only the signature can tell them apart.
    let leaf = named("rsa-leaf");
    let real = ChainCert {
        index: 2,
        ski: None,
        ..named("rsa-int")
    };
    let mut fake = named("rsa-int2");
    fake.index = 1;
    fake.subject = real.subject.clone();
    fake.ski = None;
    let root = ChainCert {
        index: 3,
        ..named("rsa-root")
    };
    let a = analyse(&[leaf, fake, real, root]);
    check_invariants(&a, 4);
    let first = a
        .chains
        .iter()
        .find(|c| c.order[0] == 0)
        .expect("leaf chain");
    assert_eq!(first.order, vec![0, 2, 3]);
    assert!(first
        .links
        .iter()
        .all(|l| l.signature == SignatureStatus::Valid));
}

// ----------------------------------------------------------------------------------------------
// Signatures

#[test]
fn signature_algorithms_verify_against_their_issuer() {
    let cases = [
        ("rsa-leaf", "rsa-int", "RSA PKCS#1 v1.5 with SHA-256"),
        ("rsa-sha1-leaf", "rsa-int", "RSA PKCS#1 v1.5 with SHA-1"),
        ("rsa-sha384-leaf", "rsa-int", "RSA PKCS#1 v1.5 with SHA-384"),
        ("rsa-sha512-leaf", "rsa-int", "RSA PKCS#1 v1.5 with SHA-512"),
        (
            "rsa-pss-leaf",
            "rsa-int",
            "RSA-PSS with SHA-256, MGF1 SHA-256, salt length 32",
        ),
        ("rsa-1024-leaf", "rsa-int", "RSA PKCS#1 v1.5 with SHA-256"),
        ("rsa-4096-leaf", "rsa-int", "RSA PKCS#1 v1.5 with SHA-256"),
        ("rsa-int", "rsa-root", "RSA PKCS#1 v1.5 with SHA-256"),
        ("rsa-root", "rsa-root", "RSA PKCS#1 v1.5 with SHA-256"),
        ("ec-leaf", "ec-int", "ECDSA P-256 with SHA-256"),
        ("ec-int", "ec-root", "ECDSA P-384 with SHA-384"),
        ("ec-root", "ec-root", "ECDSA P-384 with SHA-384"),
        ("ec-p521-leaf", "ec-int", "ECDSA P-256 with SHA-512"),
        ("other-leaf", "other-root", "ECDSA P-256 with SHA-256"),
        ("ed25519-self", "ed25519-self", "Ed25519"),
    ];
    for (child, issuer, detail) in cases {
        let c = named(child);
        let i = named(issuer);
        let v = verify_signature(&c.signature_algorithm, &c.tbs, &c.signature, &i.spki);
        assert_eq!(
            v.status,
            SignatureStatus::Valid,
            "{child} by {issuer}: {}",
            v.detail
        );
        assert_eq!(v.detail, detail, "{child}");
        // and by a wrong key of the same kind: Invalid
        let wrong = if issuer.starts_with("rsa") {
            "rsa-int2"
        } else if issuer == "ec-int" {
            "other-root"
        } else {
            "ec-int"
        };
        if wrong != issuer && !child.starts_with("ed") {
            let w = named(wrong);
            let v = verify_signature(&c.signature_algorithm, &c.tbs, &c.signature, &w.spki);
            assert_eq!(
                v.status,
                SignatureStatus::Invalid,
                "{child} by {wrong}: {}",
                v.detail
            );
        }
    }
    // The ecdsa-with-SHA512 by P-256 above is ec-p521-leaf signed by ec-int (a P-256 key).
    // ec-p521-leaf's own key is P-521: check a P-521 key parses and refuses a foreign signature.
    let p521 = named("ec-p521-leaf");
    let c = named("ec-leaf");
    let v = verify_signature(&c.signature_algorithm, &c.tbs, &c.signature, &p521.spki);
    assert_eq!(v.status, SignatureStatus::Invalid, "{}", v.detail);
}

#[test]
fn ed448_is_unsupported() {
    let c = named("ed448-self");
    let v = verify_signature(&c.signature_algorithm, &c.tbs, &c.signature, &c.spki);
    assert_eq!(v.status, SignatureStatus::Unsupported);
    assert_eq!(v.detail, "Ed448 signatures are not supported");
}

#[test]
fn key_and_algorithm_mismatch() {
    let rsa = named("rsa-leaf");
    let ec = named("ec-leaf");
    let ed = named("ed25519-self");
    let ed448 = named("ed448-self");
    let v = verify_signature(&rsa.signature_algorithm, &rsa.tbs, &rsa.signature, &ec.spki);
    assert_eq!(v.status, SignatureStatus::Invalid);
    assert_eq!(v.detail, "issuer key is EC but the signature is RSA");
    let v = verify_signature(&ec.signature_algorithm, &ec.tbs, &ec.signature, &rsa.spki);
    assert_eq!(v.detail, "issuer key is RSA but the signature is ECDSA");
    assert_eq!(v.status, SignatureStatus::Invalid);
    let v = verify_signature(&ed.signature_algorithm, &ed.tbs, &ed.signature, &rsa.spki);
    assert_eq!(v.detail, "issuer key is RSA but the signature is Ed25519");
    let v = verify_signature(
        &ed448.signature_algorithm,
        &ed448.tbs,
        &ed448.signature,
        &ec.spki,
    );
    assert_eq!(v.status, SignatureStatus::Invalid);
    assert_eq!(v.detail, "issuer key is EC but the signature is Ed448");
    let v = verify_signature(
        &rsa.signature_algorithm,
        &rsa.tbs,
        &rsa.signature,
        &ed448.spki,
    );
    assert_eq!(v.detail, "issuer key is Ed448 but the signature is RSA");
    // garbage key
    let v = verify_signature(
        &rsa.signature_algorithm,
        &rsa.tbs,
        &rsa.signature,
        b"\x30\x03\x02\x01\x00",
    );
    assert_eq!(v.status, SignatureStatus::Invalid);
    assert!(v.detail.contains("cannot be parsed"), "{}", v.detail);
}

#[test]
fn md5_and_unknown_algorithms_are_unsupported() {
    let rsa = named("rsa-leaf");
    let int = named("rsa-int");
    // md5WithRSAEncryption, NULL params
    let md5 = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04, 0x05, 0x00,
    ];
    let v = verify_signature(&md5, &rsa.tbs, &rsa.signature, &int.spki);
    assert_eq!(v.status, SignatureStatus::Unsupported);
    assert_eq!(v.detail, "MD5 signatures are not verified: MD5 is broken");
    // dsa-with-sha256 2.16.840.1.101.3.4.3.2
    let dsa = [
        0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02,
    ];
    let v = verify_signature(&dsa, &rsa.tbs, &rsa.signature, &int.spki);
    assert_eq!(v.status, SignatureStatus::Invalid);
    assert_eq!(v.detail, "issuer key is RSA but the signature is DSA");
    // Ed448 signature with an Ed448 key (its own): Unsupported, not a mismatch
    let ed448 = named("ed448-self");
    let v = verify_signature(
        &ed448.signature_algorithm,
        &ed448.tbs,
        &ed448.signature,
        &ed448.spki,
    );
    assert_eq!(v.status, SignatureStatus::Unsupported);
    // unknown OID 1.2.3.4
    let unknown = [0x30, 0x05, 0x06, 0x03, 0x2a, 0x03, 0x04];
    let v = verify_signature(&unknown, &rsa.tbs, &rsa.signature, &int.spki);
    assert_eq!(v.status, SignatureStatus::Unsupported);
    assert!(v.detail.contains("1.2.3.4"), "{}", v.detail);
    // GOST R 34.10-2012 256 1.2.643.7.1.1.3.2
    let gost = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x03, 0x02,
    ];
    let v = verify_signature(&gost, &rsa.tbs, &rsa.signature, &int.spki);
    assert_eq!(v.status, SignatureStatus::Invalid);
    assert_eq!(v.detail, "issuer key is RSA but the signature is GOST");
}

#[test]
fn self_signed_matches_expected() {
    let exp = expected();
    for (name, c) in exp["certs"].as_object().expect("certs") {
        let want = c["self_signed"].as_bool().expect("self_signed");
        assert_eq!(is_self_signed(&named(name)), want, "{name}");
    }
}

// ----------------------------------------------------------------------------------------------
// Robustness

/// Small deterministic PRNG (xorshift) so the test needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, field: &mut Vec<u8>) {
    match rng.below(6) {
        0 if !field.is_empty() => {
            let i = rng.below(field.len());
            field[i] ^= 1 << rng.below(8);
        }
        1 if !field.is_empty() => {
            let i = rng.below(field.len());
            field[i] = rng.next() as u8;
        }
        2 => {
            let n = rng.below(field.len() + 1);
            field.truncate(n);
        }
        3 => {
            let i = rng.below(field.len() + 1);
            field.insert(i, rng.next() as u8);
        }
        4 if field.len() > 1 => {
            // length bytes are often near the front: hit them
            let i = rng.below(field.len().min(6));
            field[i] = [0x00, 0x7f, 0x80, 0x81, 0x84, 0xff][rng.below(6)];
        }
        _ => {
            let n = rng.below(40);
            *field = (0..n).map(|_| rng.next() as u8).collect();
        }
    }
}

#[test]
fn garbage_never_panics() {
    let names = [
        "rsa-leaf",
        "rsa-int",
        "rsa-root",
        "rsa-pss-leaf",
        "ec-leaf",
        "ec-int",
        "ec-root",
        "ec-p521-leaf",
        "ed25519-self",
        "ed448-self",
    ];
    let base: Vec<ChainCert> = names
        .iter()
        .enumerate()
        .map(|(i, n)| chain_cert(i, &cert_der(n)))
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..100 {
        let mut certs = base.clone();
        let victims = 1 + rng.below(3);
        for _ in 0..victims {
            let k = rng.below(certs.len());
            let c = &mut certs[k];
            match rng.below(9) {
                0 => mutate(&mut rng, &mut c.subject),
                1 => mutate(&mut rng, &mut c.issuer),
                2 => {
                    let mut v = c.ski.take().unwrap_or_default();
                    mutate(&mut rng, &mut v);
                    c.ski = Some(v);
                }
                3 => {
                    let mut v = c.aki.take().unwrap_or_default();
                    mutate(&mut rng, &mut v);
                    c.aki = if rng.below(4) == 0 { None } else { Some(v) };
                }
                4 => mutate(&mut rng, &mut c.spki),
                5 => mutate(&mut rng, &mut c.tbs),
                6 => mutate(&mut rng, &mut c.signature_algorithm),
                7 => mutate(&mut rng, &mut c.signature),
                _ => {
                    c.fingerprint[rng.below(32)] ^= 1;
                    c.index = rng.below(20);
                    c.is_ca = !c.is_ca;
                }
            }
        }
        // sometimes duplicate a certificate
        if round % 7 == 0 {
            let k = rng.below(certs.len());
            let mut dup = certs[k].clone();
            dup.index = certs.len();
            certs.push(dup);
        }
        let a = analyse(&certs);
        for c in &a.chains {
            assert_eq!(c.links.len(), c.order.len() - 1, "round {round}");
        }
        for c in &certs {
            let _ = is_self_signed(c);
        }
        // cross-verify a few pairs with the mutated fields
        for _ in 0..3 {
            let c = &certs[rng.below(certs.len())];
            let i = &certs[rng.below(certs.len())];
            let _ = verify_signature(&c.signature_algorithm, &c.tbs, &c.signature, &i.spki);
        }
    }
    // pure garbage everywhere
    for _ in 0..300 {
        let mut g = || {
            (0..rng.below(80))
                .map(|_| rng.next() as u8)
                .collect::<Vec<u8>>()
        };
        let c = ChainCert {
            index: 0,
            subject: g(),
            issuer: g(),
            ski: Some(g()),
            aki: Some(g()),
            spki: g(),
            tbs: g(),
            signature_algorithm: g(),
            signature: g(),
            fingerprint: [0; 32],
            is_ca: false,
            self_signature: None,
        };
        let _ = analyse(&[
            c.clone(),
            ChainCert {
                index: 1,
                fingerprint: [1; 32],
                ..c.clone()
            },
        ]);
        let _ = verify_signature(&c.signature_algorithm, &c.tbs, &c.signature, &c.spki);
    }
}

#[test]
fn valid_algorithm_with_garbage_signature_and_key_never_panics() {
    // Keep the algorithm identifier and key intact, break only the signature value (the
    // paths that reach the RSA/ECDSA/Ed25519 arithmetic).
    let pairs = [
        ("rsa-leaf", "rsa-int"),
        ("rsa-pss-leaf", "rsa-int"),
        ("ec-leaf", "ec-int"),
        ("ec-int", "ec-root"),
        ("ec-p521-leaf", "ec-int"),
        ("ed25519-self", "ed25519-self"),
    ];
    let mut rng = Rng(42);
    for (child, issuer) in pairs {
        let c = named(child);
        let i = named(issuer);
        for _ in 0..150 {
            let mut sig = c.signature.clone();
            mutate(&mut rng, &mut sig);
            let v = verify_signature(&c.signature_algorithm, &c.tbs, &sig, &i.spki);
            if sig != c.signature {
                assert_ne!(v.status, SignatureStatus::Valid, "{child}: {}", v.detail);
            }
            let mut key = i.spki.clone();
            mutate(&mut rng, &mut key);
            let _ = verify_signature(&c.signature_algorithm, &c.tbs, &c.signature, &key);
            let mut alg = c.signature_algorithm.clone();
            mutate(&mut rng, &mut alg);
            let _ = verify_signature(&alg, &c.tbs, &c.signature, &i.spki);
        }
    }
}

#[test]
fn long_name_chain_is_cut_and_covered() {
    // 100 certificates where c[i] is issued by c[i+1] by name only (signatures Invalid).
    let base = named("rsa-int");
    let certs: Vec<ChainCert> = (0..100usize)
        .map(|i| {
            let mut c = base.clone();
            c.index = i;
            c.subject = format!("s{i}").into_bytes();
            c.issuer = format!("s{}", i + 1).into_bytes();
            c.ski = None;
            c.aki = None;
            c.fingerprint[..8].copy_from_slice(&(i as u64).to_be_bytes());
            c
        })
        .collect();
    let a = analyse(&certs);
    check_invariants(&a, certs.len());
    assert!(a
        .chains
        .iter()
        .all(|c| c.order.len() <= certlens_core::MAX_CHAIN_LEN));
    assert_eq!(a.chains[0].order.len(), certlens_core::MAX_CHAIN_LEN);
}

#[test]
fn json_shape() {
    let exp = expected();
    let pool = Pool::load("inputs/chain-dup.pem", &exp);
    let a = analyse(&pool.certs);
    let v = serde_json::to_value(&a).expect("serialises");
    assert_eq!(
        v,
        serde_json::json!({
            "chains": [{
                "order": [0, 1, 3],
                "misordered": false,
                "complete": true,
                "missing_intermediate": false,
                "root_included": true,
                "links": [
                    {"child": 0, "parent": 1, "signature": "valid"},
                    {"child": 1, "parent": 3, "signature": "valid"}
                ],
                // Filled by the report (inspect), not by the bare analysis.
                "missing_issuer": null,
                "trust": null
            }],
            "duplicates": [[1, 2]],
            "unrelated": []
        })
    );
}

#[test]
fn rsa_keys_over_8192_bits_are_not_checked_with_the_reason() {
    // From the review: 28 certificates naming 16,384-bit issuer keys with huge exponents took
    // 3.35 s. Verification of keys over 8,192 bits is refused before any arithmetic.
    let rsa = named("rsa-leaf");
    let mut n = vec![0u8, 0xc5];
    n.extend(std::iter::repeat(0x5a).take(16384 / 8 - 1));
    let key = der(
        0x30,
        &[der(0x02, &n), der(0x02, &[0x01, 0x00, 0x01])].concat(),
    );
    let alg = der(
        0x30,
        &[
            der(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
            ),
            der(0x05, &[]),
        ]
        .concat(),
    );
    let spki = der(
        0x30,
        &[alg, der(0x03, &[&[0u8][..], &key].concat())].concat(),
    );
    let v = verify_signature(&rsa.signature_algorithm, &rsa.tbs, &rsa.signature, &spki);
    assert_eq!(v.status, SignatureStatus::NotChecked);
    assert_eq!(
        v.detail,
        "not checked: the issuer RSA key has 16384 bits, over the 8192 bits certlens verifies"
    );
}

#[test]
fn a_pool_spends_at_most_its_signature_budget() {
    use certlens_core::{inspect, FindingCode, Input, Options};
    // The RSA chain (leaf ← intermediate ← root, 2,048-bit keys: 4 units a link). A budget of
    // 5 units pays for one link; the other is not checked, and says why.
    let chain = std::fs::read(fixtures().join("inputs/chain-correct.pem")).expect("fixture");
    let mut opts = Options::at(common::NOW);
    let full = inspect(&[Input::new("chain.pem", chain.clone())], &opts);
    assert!(full.chains[0]
        .links
        .iter()
        .all(|l| l.signature == SignatureStatus::Valid));
    opts.limits.max_signature_work = 5;
    let r = inspect(&[Input::new("chain.pem", chain)], &opts);
    let statuses: Vec<SignatureStatus> = r.chains[0]
        .links
        .iter()
        .map(|l| l.signature.clone())
        .collect();
    assert_eq!(
        statuses,
        [SignatureStatus::Valid, SignatureStatus::NotChecked]
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::SignatureNotChecked)
        .expect("a finding says the link was not checked");
    assert!(
        f.message
            .ends_with("was not checked: this pool's signature-check budget (5 units) is spent"),
        "{}",
        f.message
    );
}

#[test]
fn a_root_whose_own_signature_the_budget_refuses_says_why() {
    use certlens_core::{inspect, with_self_signatures, FindingCode, Input, Options, Severity};
    // The roots' own signatures are a pass of their own, with its own budget: 3 units cannot
    // pay for a 2,048-bit RSA check (4 units), so the root says why it is `not_checked`.
    let chain = std::fs::read(fixtures().join("inputs/chain-correct.pem")).expect("fixture");
    let mut opts = Options::at(common::NOW);
    opts.limits.max_signature_work = 3;
    let r = with_self_signatures(
        inspect(&[Input::new("chain.pem", chain)], &opts),
        &opts,
        &mut |_| {},
    );
    let root = r
        .certificates
        .iter()
        .find(|c| c.self_issued)
        .expect("the chain holds its root");
    assert_eq!(root.self_signature, Some(SignatureStatus::NotChecked));
    assert_eq!(
        root.self_signature_detail.as_deref(),
        Some("not checked: this pool's signature-check budget (3 units) is spent")
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::SignatureNotChecked && f.certificates == [root.index])
        .expect("a finding names the root");
    assert_eq!(f.severity, Severity::Info);
    assert!(
        f.message.starts_with("the own signature of "),
        "{}",
        f.message
    );
    // Checked, it is valid and carries no detail.
    let mut opts = Options::at(common::NOW);
    opts.check_self_signatures = true;
    let chain = std::fs::read(fixtures().join("inputs/chain-correct.pem")).expect("fixture");
    let r = inspect(&[Input::new("chain.pem", chain)], &opts);
    let root = r.certificates.iter().find(|c| c.self_issued).unwrap();
    assert_eq!(root.self_signature, Some(SignatureStatus::Valid));
    assert_eq!(root.self_signature_detail, None);
}

/// The root store answers a pin written as certlens writes it (lower-case hex) and nothing else.
/// The pin is ISRG Root X1's, from openssl:
/// `openssl x509 -in ISRG_Root_X1.pem -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256`.
#[test]
fn root_store_finds_a_root_by_its_pin() {
    use certlens_core::root_store::public_root_by_pin;
    const ISRG_ROOT_X1: &str = "0b9fa5a59eed715c26c1020c711b4f6ec42d58b0015e14337a39dad301c5afc3";
    let root = public_root_by_pin(ISRG_ROOT_X1).expect("ISRG Root X1 is in the snapshot");
    assert_eq!(root.name, "ISRG Root X1");
    assert!(public_root_by_pin(&ISRG_ROOT_X1.to_uppercase()).is_none());
    assert!(public_root_by_pin(&ISRG_ROOT_X1[..62]).is_none());
    assert!(public_root_by_pin(&format!("{ISRG_ROOT_X1}00")).is_none());
    assert!(public_root_by_pin(&ISRG_ROOT_X1.replace('0', "g")).is_none());
    assert!(public_root_by_pin("").is_none());
}

//! Cost per certificate on distinct leaves (criterion benchmark, not a test).
//!
//!     cargo bench -p certlens-core --bench distinct
//!     cargo bench -p certlens-core --bench distinct -- --warm-up-time 1 --measurement-time 3
//!     cargo bench -p certlens-core --bench distinct -- --profile-time 10 'distinct_parse_pins/20000$'  # for perf
//!
//! Copies of one CA bundle are grouped as duplicates and analysed once, which hides any cost
//! that grows with the number of *distinct* certificates. This bench builds, at setup, one
//! P-256 CA and 20,000 leaves it signed (each with its own key, name and serial), and measures
//! the first 1,000, 10,000 and 20,000 leaves with the CA as one PEM input. Throughput is in
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
//!
//! Setup (key generation and 20,000 signatures) takes a few seconds before the first case.

use std::time::Duration;

use certlens_core::{inspect, Input, Options};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use der::asn1::{BitString, OctetString};
use der::Encode;
use p256::ecdsa::{DerSignature, SigningKey};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha1::Digest;
use signature_compat::Signer;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate, Version};

/// The `signature` crate as p256 re-exports it (no extra dependency).
mod signature_compat {
    pub use p256::ecdsa::signature::Signer;
}

/// 2026-07-01T00:00:00Z, the fixtures' fixed "now".
const NOW: i64 = 1_782_864_000;
const SIZES: [usize; 3] = [1_000, 10_000, 20_000];
const ECDSA_WITH_SHA256: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

fn spki_of(key: &SigningKey) -> SubjectPublicKeyInfoOwned {
    let curve = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1"),
            parameters: Some(der::asn1::Any::from(&curve)),
        },
        subject_public_key: BitString::from_bytes(
            key.verifying_key().to_encoded_point(false).as_bytes(),
        )
        .expect("P-256 point"),
    }
}

fn key_id(spki: &SubjectPublicKeyInfoOwned) -> Vec<u8> {
    sha1::Sha1::digest(spki.subject_public_key.raw_bytes()).to_vec()
}

fn ext(oid: der::asn1::ObjectIdentifier, critical: bool, value: &impl Encode) -> Extension {
    Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value.to_der().expect("extension")).expect("extension"),
    }
}

/// One certificate signed by `ca_key`, as DER.
fn certificate(
    serial: u32,
    subject: &str,
    issuer: &str,
    spki: SubjectPublicKeyInfoOwned,
    extensions: Vec<Extension>,
    ca_key: &SigningKey,
) -> Vec<u8> {
    let algorithm = AlgorithmIdentifierOwned {
        oid: ECDSA_WITH_SHA256,
        parameters: None,
    };
    let secs = |t: i64| Duration::from_secs(u64::try_from(t).expect("after 1970"));
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::new(&(0x4000_0000 | serial).to_be_bytes()).expect("serial"),
        signature: algorithm.clone(),
        issuer: issuer.parse::<Name>().expect("issuer"),
        validity: Validity {
            not_before: Time::UtcTime(
                der::asn1::UtcTime::from_unix_duration(secs(NOW - 30 * 86_400)).expect("time"),
            ),
            not_after: Time::UtcTime(
                der::asn1::UtcTime::from_unix_duration(secs(NOW + 397 * 86_400)).expect("time"),
            ),
        },
        subject: subject.parse::<Name>().expect("subject"),
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    let tbs_der = tbs.to_der().expect("tbs");
    let sig: DerSignature = ca_key.sign(&tbs_der);
    Certificate {
        tbs_certificate: tbs,
        signature_algorithm: algorithm,
        signature: BitString::from_bytes(sig.as_bytes()).expect("signature"),
    }
    .to_der()
    .expect("certificate")
}

fn pem(der: &[u8]) -> String {
    certlens_core::pem::encode("CERTIFICATE", der)
}

/// The CA's PEM, then `max` leaves' PEM, each a separate string so that prefixes are cheap.
fn pool(max: usize) -> (String, Vec<String>) {
    let mut rng = ChaCha20Rng::from_seed([7; 32]);
    let ca_key = SigningKey::random(&mut rng);
    let ca_spki = spki_of(&ca_key);
    let ca_id = key_id(&ca_spki);
    let ca_name = "CN=certlens bench CA,O=certlens bench";
    let ca = certificate(
        1,
        ca_name,
        ca_name,
        ca_spki,
        vec![
            ext(
                const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS,
                true,
                &BasicConstraints {
                    ca: true,
                    path_len_constraint: None,
                },
            ),
            ext(
                const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER,
                false,
                &SubjectKeyIdentifier(OctetString::new(ca_id.clone()).expect("ski")),
            ),
        ],
        &ca_key,
    );
    let leaves = (0..max)
        .map(|i| {
            let key = SigningKey::random(&mut rng);
            let spki = spki_of(&key);
            let id = key_id(&spki);
            let host = format!("leaf-{i}.bench.example");
            let san = SubjectAltName(vec![GeneralName::DnsName(
                der::asn1::Ia5String::new(&host).expect("dns name"),
            )]);
            let aki = AuthorityKeyIdentifier {
                key_identifier: Some(OctetString::new(ca_id.clone()).expect("aki")),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            };
            pem(&certificate(
                u32::try_from(i + 2).expect("serial"),
                &format!("CN={host}"),
                ca_name,
                spki.clone(),
                vec![
                    ext(const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME, false, &san),
                    ext(
                        const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER,
                        false,
                        &SubjectKeyIdentifier(OctetString::new(id).expect("ski")),
                    ),
                    ext(
                        const_oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER,
                        false,
                        &aki,
                    ),
                ],
                &ca_key,
            ))
        })
        .collect();
    (pem(&ca), leaves)
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
    ] {
        let opts = if name == "distinct_full" {
            Options::at(NOW)
        } else {
            parse_pins_options()
        };
        let with_ca = name != "distinct_no_ca";
        let mut group = c.benchmark_group(name);
        for n in SIZES {
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
                if name == "distinct_json" {
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

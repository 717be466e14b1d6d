//! The certificates' summary (`CertificateDetail::Summary`: JS `certificates: "summary"`, CLI
//! `inspect --json --summary`) changes nothing but the certificates' descriptions: for every
//! fixture input, and for a pool of distinct leaves, the summary report equals the full report
//! with each certificate projected onto the summary's fields (compared as JSON values), and the
//! full view is byte for byte the report's own JSON. The summaries' values are checked against
//! openssl's (`expected.json`). Inspected for the summary (`Options::detail`), the core skips
//! what only the full description shows, and the summary report is the same text.

mod common;
use common::{expected, fixture, fixtures, now};

use std::time::Duration;

use certlens_core::{inspect, CertificateDetail, Input, Options, Report, SUMMARY_FIELDS};
use der::asn1::{BitString, OctetString};
use der::Encode;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate, Version};

/// The full report's JSON with each certificate reduced to the summary's fields and marked.
fn projected(report: &Report) -> Value {
    let mut v = serde_json::to_value(report).unwrap();
    for c in v["certificates"].as_array_mut().unwrap() {
        let full = c.as_object().unwrap();
        let mut kept = serde_json::Map::new();
        for f in SUMMARY_FIELDS {
            let value = full.get(*f).unwrap_or_else(|| {
                panic!("summary field {f} is not a field of the full description")
            });
            kept.insert(f.to_string(), value.clone());
        }
        kept.insert("summary".into(), Value::Bool(true));
        *c = Value::Object(kept);
    }
    v
}

fn summary(report: &Report) -> Value {
    serde_json::to_value(report.view(CertificateDetail::Summary)).unwrap()
}

/// The checks every report must pass, with its name for messages.
fn check(name: &str, report: &Report) {
    assert_eq!(
        summary(report),
        projected(report),
        "{name}: the summary report differs"
    );
    // The default view is the report itself, byte for byte (goldens and expected.json rely on it).
    assert_eq!(
        serde_json::to_string_pretty(&report.view(CertificateDetail::Full)).unwrap(),
        report.to_json(),
        "{name}: the full view"
    );
    let limit = usize::MAX;
    assert_eq!(
        report
            .to_json_as_within(CertificateDetail::Full, limit)
            .as_deref(),
        Ok(report.to_json().as_str()),
        "{name}"
    );
    let text = report
        .to_json_as_within(CertificateDetail::Summary, limit)
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        summary(report),
        "{name}"
    );
}

/// The same inputs inspected for the summary (`Options::detail`): the core skips what only
/// the full description shows, and the summary report is still byte for byte the full
/// report's summary view (chains, findings and validations included).
fn check_summary_run(name: &str, full: &Report, inputs: &[Input], opts: &Options) {
    let light = inspect(
        inputs,
        &Options {
            detail: CertificateDetail::Summary,
            ..opts.clone()
        },
    );
    assert_eq!(
        light.to_json_as_within(CertificateDetail::Summary, usize::MAX),
        full.to_json_as_within(CertificateDetail::Summary, usize::MAX),
        "{name}: the summary run's report"
    );
    // What was skipped is really skipped (else the option saves nothing), and only there.
    for (l, f) in light.certificates.iter().zip(&full.certificates) {
        assert!(
            l.fingerprint_sha1.is_empty() && l.extensions.is_empty(),
            "{name}"
        );
        assert_eq!(f.fingerprint_sha1.len(), 40, "{name}");
    }
    assert_eq!(light.certificates.len(), full.certificates.len(), "{name}");
}

fn run(rel: &str, opts: &Options) -> Report {
    inspect(&[Input::new(rel, fixture(rel))], opts)
}

#[test]
fn the_summary_report_is_the_full_report_projected_for_every_fixture() {
    let mut files: Vec<String> = Vec::new();
    for dir in ["inputs", "certs", "paths", "strict"] {
        let Ok(entries) = std::fs::read_dir(fixtures().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
                files.push(format!("{dir}/{}", e.file_name().to_string_lossy()));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 40, "fixture set shrank: {}", files.len());
    let mut certificates = 0;
    for f in &files {
        // Both with and without the chain links' signatures (a different set of findings).
        for verify in [true, false] {
            let mut opts = Options::at(now()).with_password("test");
            opts.verify_signatures = verify;
            opts.names = vec!["leaf.certlens.test".into()];
            let r = run(f, &opts);
            certificates += r.certificates.len();
            check(f, &r);
            check_summary_run(f, &r, &[Input::new(f.as_str(), fixture(f))], &opts);
        }
    }
    assert!(certificates > 100, "{certificates}");
    // All the fixtures at once: one pool with copies, chains and keys together.
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| Input::new(f.as_str(), fixture(f)))
        .collect();
    let r = inspect(&inputs, &Options::at(now()));
    assert!(!r.duplicates.is_empty() && !r.chains.is_empty() && !r.findings.is_empty());
    check("every fixture", &r);
    check_summary_run("every fixture", &r, &inputs, &Options::at(now()));
}

#[test]
fn a_summary_has_exactly_its_fields_and_openssl_values() {
    let exp = &expected()["certs"];
    for name in ["ec-int", "rsa-leaf"] {
        let e = &exp[name];
        let Some(file) = e["file"].as_str() else {
            panic!("{name} not in expected.json");
        };
        let r = run(file, &Options::at(now()));
        let v = summary(&r);
        let c = &v["certificates"][0];
        let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort();
        let mut want: Vec<&str> = SUMMARY_FIELDS.iter().copied().chain(["summary"]).collect();
        want.sort();
        assert_eq!(keys, want, "{name}");
        assert_eq!(c["summary"], Value::Bool(true));
        for f in [
            "subject",
            "issuer",
            "serial_hex",
            "not_before",
            "not_after",
            "is_ca",
            "self_signed",
            "fingerprint_sha256",
            "spki_sha256",
            "spki_sha256_base64",
        ] {
            assert_eq!(c[f], e[f], "{name}: {f}");
        }
        for kind in ["dns", "ip", "email", "uri"] {
            assert_eq!(c["san"][kind], e["san"][kind], "{name}: san.{kind}");
        }
        assert_eq!(c["public_key"]["algorithm"], e["key_algorithm"], "{name}");
        // Fields only the full description has are absent, not empty.
        for f in [
            "extensions",
            "key_usage",
            "subject_attributes",
            "fingerprint_sha1",
        ] {
            assert!(c.get(f).is_none(), "{name}: {f}");
        }
    }
}

#[test]
fn unknown_detail_names_are_refused_with_the_accepted_ones() {
    assert_eq!("full".parse(), Ok(CertificateDetail::Full));
    assert_eq!("summary".parse(), Ok(CertificateDetail::Summary));
    assert_eq!(CertificateDetail::default(), CertificateDetail::Full);
    for bad in ["Summary", "brief", ""] {
        let e = bad.parse::<CertificateDetail>().unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "unknown certificate detail \"{bad}\"; use \"full\" (every field, the default) or \"summary\""
            )
        );
    }
}

// ---- A pool of distinct leaves (made here, as the `distinct` bench does) ---------------------

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
        .unwrap(),
    }
}

/// `n` leaves signed by one CA that is not among them, as PEM, each its own key and name;
/// some expire within the warning window, one has expired.
fn leaves(n: usize) -> String {
    let mut rng = ChaCha20Rng::from_seed([11; 32]);
    let ca_key = SigningKey::random(&mut rng);
    let algorithm = AlgorithmIdentifierOwned {
        oid: der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2"),
        parameters: None,
    };
    let time = |t: i64| {
        Time::UtcTime(
            der::asn1::UtcTime::from_unix_duration(Duration::from_secs(t.unsigned_abs())).unwrap(),
        )
    };
    let now = now();
    (0..n)
        .map(|i| {
            let key = SigningKey::random(&mut rng);
            let host = format!("leaf-{i}.summary.example");
            let san = SubjectAltName(vec![GeneralName::DnsName(
                der::asn1::Ia5String::new(&host).unwrap(),
            )]);
            let days = match i % 7 {
                0 => 10,
                1 => -3,
                _ => 90 + i as i64,
            };
            let tbs = TbsCertificate {
                version: Version::V3,
                serial_number: SerialNumber::new(&(0x1000_0000u32 + i as u32).to_be_bytes())
                    .unwrap(),
                signature: algorithm.clone(),
                issuer: "CN=summary CA,O=certlens tests".parse::<Name>().unwrap(),
                validity: Validity {
                    not_before: time(now - 30 * 86_400),
                    not_after: time(now + days * 86_400),
                },
                subject: format!("CN={host}").parse::<Name>().unwrap(),
                subject_public_key_info: spki_of(&key),
                issuer_unique_id: None,
                subject_unique_id: None,
                extensions: Some(vec![Extension {
                    extn_id: const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME,
                    critical: false,
                    extn_value: OctetString::new(san.to_der().unwrap()).unwrap(),
                }]),
            };
            let sig: DerSignature = ca_key.sign(&tbs.to_der().unwrap());
            let der = Certificate {
                tbs_certificate: tbs,
                signature_algorithm: algorithm.clone(),
                signature: BitString::from_bytes(sig.as_bytes()).unwrap(),
            }
            .to_der()
            .unwrap();
            certlens_core::pem::encode("CERTIFICATE", &der)
        })
        .collect()
}

#[test]
fn the_summary_report_is_the_full_report_projected_for_distinct_leaves() {
    let pem = leaves(200);
    // Twice in one input: the copies are described once and copied.
    let inputs = [
        Input::new("leaves.pem", pem.clone().into_bytes()),
        Input::new("again.pem", pem.into_bytes()),
    ];
    let r = inspect(&inputs, &Options::at(now()));
    assert_eq!(r.certificates.len(), 400);
    assert!(r.findings.len() >= 3, "{:#?}", r.findings);
    check("distinct leaves", &r);
    check_summary_run("distinct leaves", &r, &inputs, &Options::at(now()));
    let v = summary(&r);
    let first = &v["certificates"][0];
    assert_eq!(first["subject"], "CN=leaf-0.summary.example");
    assert_eq!(first["san"]["dns"][0], "leaf-0.summary.example");
    assert_eq!(first["validity"]["status"], "valid");
    assert_eq!(v["certificates"][1]["validity"]["status"], "expired");
}

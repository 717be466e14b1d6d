//! The report's size grows with the pool, not with the pool squared (issue 28, item 2): on a
//! pool of distinct leaves whose CA is not given, the "issuer missing" finding that each leaf
//! raises is told once for all of them, and a validated chain counts the rest of the pool as
//! unused input instead of listing it.
//!
//! The leaves are made here (one P-256 CA, each leaf its own key and name, as the `distinct`
//! bench does); what is asserted is read from them independently of certlens: the CA's name
//! and key identifier (SHA-1 of its key, RFC 5280 4.2.1.2 method 1) and the pool's size.

use std::time::Duration;

use certlens_core::{inspect, FindingCode, Input, Options, PathValidation, Severity};
use der::asn1::{BitString, OctetString};
use der::Encode;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha1::Digest;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, SubjectAltName};
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate, Version};

/// 2026-07-01T00:00:00Z, the fixtures' fixed "now".
const NOW: i64 = 1_782_864_000;
const LEAVES: usize = 300;
const CA_NAME: &str = "CN=shape CA,O=certlens tests";

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

fn ext(oid: der::asn1::ObjectIdentifier, value: &impl Encode) -> Extension {
    Extension {
        extn_id: oid,
        critical: false,
        extn_value: OctetString::new(value.to_der().unwrap()).unwrap(),
    }
}

/// `LEAVES` leaves signed by one CA that is not among them, as PEM; and the CA's key id.
fn leaves() -> (Vec<String>, Vec<u8>) {
    let mut rng = ChaCha20Rng::from_seed([28; 32]);
    let ca_key = SigningKey::random(&mut rng);
    let ca_id = sha1::Sha1::digest(spki_of(&ca_key).subject_public_key.raw_bytes()).to_vec();
    let algorithm = AlgorithmIdentifierOwned {
        oid: der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2"),
        parameters: None,
    };
    let time = |t: i64| {
        Time::UtcTime(
            der::asn1::UtcTime::from_unix_duration(Duration::from_secs(t.unsigned_abs())).unwrap(),
        )
    };
    let pems = (0..LEAVES)
        .map(|i| {
            let key = SigningKey::random(&mut rng);
            let host = format!("leaf-{i}.shape.example");
            let san = SubjectAltName(vec![GeneralName::DnsName(
                der::asn1::Ia5String::new(&host).unwrap(),
            )]);
            let aki = AuthorityKeyIdentifier {
                key_identifier: Some(OctetString::new(ca_id.clone()).unwrap()),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            };
            let tbs = TbsCertificate {
                version: Version::V3,
                serial_number: SerialNumber::new(&(0x4000_0000u32 + i as u32).to_be_bytes())
                    .unwrap(),
                signature: algorithm.clone(),
                issuer: CA_NAME.parse::<Name>().unwrap(),
                validity: Validity {
                    not_before: time(NOW - 30 * 86_400),
                    not_after: time(NOW + 90 * 86_400),
                },
                subject: format!("CN={host}").parse::<Name>().unwrap(),
                subject_public_key_info: spki_of(&key),
                issuer_unique_id: None,
                subject_unique_id: None,
                extensions: Some(vec![
                    ext(const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME, &san),
                    ext(const_oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER, &aki),
                ]),
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
        .collect();
    (pems, ca_id)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn distinct_leaves_without_their_ca_make_one_issuer_missing_finding_and_short_unused_lists() {
    let (pems, ca_id) = leaves();
    let r = inspect(
        &[Input::new("leaves.pem", pems.concat().into_bytes())],
        &Options::at(NOW),
    );
    assert_eq!(r.certificates.len(), LEAVES);

    let missing: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::MissingIntermediate)
        .collect();
    assert_eq!(
        missing.len(),
        1,
        "one finding for all the leaves: {missing:#?}"
    );
    let f = missing[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(f.grouped);
    assert_eq!(f.certificates, (0..LEAVES).collect::<Vec<_>>());
    assert!(
        f.message.starts_with(
            "300 certificates: the issuer of each is missing (CN=shape CA,O=certlens tests"
        ),
        "{}",
        f.message
    );
    assert!(f.message.contains(&hex(&ca_id)), "{}", f.message);
    // The page's and the CLI's line under it: the first three and how many more.
    assert_eq!(
        certlens_core::grouped_certificates(&r, f).as_deref(),
        Some("#0 (leaf-0.shape.example), #1 (leaf-1.shape.example), #2 (leaf-2.shape.example) and 297 more")
    );
    // No finding about one certificate is repeated for another with the same text.
    for f in &r.findings {
        if f.certificates.len() == 1 {
            assert!(!f.grouped);
        }
    }
    assert!(
        r.findings.len() < 10,
        "{:#?}",
        r.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );

    let validated: Vec<&PathValidation> = r
        .chains
        .iter()
        .filter_map(|c| c.validation.as_ref())
        .collect();
    assert!(!validated.is_empty());
    for v in validated {
        assert_eq!(
            v.unused_count,
            LEAVES - 1,
            "every other leaf is unused input"
        );
        assert_eq!(v.unused.len(), PathValidation::UNUSED_NAMED);
        assert!(v.unused.iter().all(|u| !v.path.contains(u)));
    }
}

#[test]
fn two_leaves_expiring_the_same_day_are_one_finding_and_one_reads_as_before() {
    let (pems, _) = leaves();
    // 80 days before the leaves' notAfter, with a 100-day window: each expires soon, in the
    // same number of days.
    let mut opts = Options::at(NOW + 10 * 86_400);
    opts.warn_days = 100;
    let two = [pems[0].clone(), pems[1].clone()].concat();
    let r = inspect(&[Input::new("two.pem", two.into_bytes())], &opts);
    let soon: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ExpiresSoon)
        .collect();
    assert_eq!(soon.len(), 1, "{soon:#?}");
    assert_eq!(soon[0].certificates, vec![0, 1]);
    assert!(
        soon[0]
            .message
            .starts_with("2 certificates: each expires on 2026-09-29T00:00:00Z, in 80 days"),
        "{}",
        soon[0].message
    );
    assert_eq!(
        certlens_core::grouped_certificates(&r, soon[0]).as_deref(),
        Some("#0 (leaf-0.shape.example), #1 (leaf-1.shape.example)")
    );

    // One leaf: its finding names it, as before the grouping.
    let r = inspect(
        &[Input::new("one.pem", pems[0].clone().into_bytes())],
        &opts,
    );
    let soon: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ExpiresSoon)
        .collect();
    assert_eq!(soon.len(), 1);
    assert!(!soon[0].grouped);
    assert!(
        soon[0].message.contains("#0 (leaf-0.shape.example)"),
        "{}",
        soon[0].message
    );
    assert_eq!(certlens_core::grouped_certificates(&r, soon[0]), None);
}

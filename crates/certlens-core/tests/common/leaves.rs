//! Distinct leaves made at run time: one P-256 CA and `n` leaves it signed, each with its own
//! key, name and serial. The `distinct` bench (`#[path]`) and `report_shape.rs` both use it, so
//! the bench measures the pool the test checks. Everything a test asserts about them is read
//! from the spec (names, validity) or computed here independently of certlens (the CA's key
//! identifier: SHA-1 of its key, RFC 5280 4.2.1.2 method 1).
#![allow(dead_code)] // the bench and the test use different parts

use std::time::Duration;

use der::asn1::{BitString, OctetString};
use der::Encode;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha1::Digest;
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

const ECDSA_WITH_SHA256: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// What to make.
pub struct Spec {
    /// The random generator's seed (the same seed, the same keys).
    pub seed: [u8; 32],
    /// The CA's name, RFC 4514 (`CN=...,O=...`).
    pub ca_name: &'static str,
    /// Leaf `i` is `leaf-{i}.{domain}` (its CN and its one DNS name).
    pub domain: &'static str,
    /// Every certificate is valid from 30 days before `now` to `days` after it.
    pub now: i64,
    pub days: i64,
}

/// The CA (PEM), its key identifier, and the leaves (PEM, one string each so that prefixes
/// are cheap).
pub struct Made {
    pub ca_pem: String,
    pub ca_id: Vec<u8>,
    pub leaves: Vec<String>,
}

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
    spec: &Spec,
    serial: u32,
    subject: &str,
    spki: SubjectPublicKeyInfoOwned,
    extensions: Vec<Extension>,
    ca_key: &SigningKey,
) -> Vec<u8> {
    let algorithm = AlgorithmIdentifierOwned {
        oid: ECDSA_WITH_SHA256,
        parameters: None,
    };
    let time = |t: i64| {
        let secs = Duration::from_secs(u64::try_from(t).expect("after 1970"));
        Time::UtcTime(der::asn1::UtcTime::from_unix_duration(secs).expect("time"))
    };
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: SerialNumber::new(&(0x4000_0000 | serial).to_be_bytes()).expect("serial"),
        signature: algorithm.clone(),
        issuer: spec.ca_name.parse::<Name>().expect("issuer"),
        validity: Validity {
            not_before: time(spec.now - 30 * 86_400),
            not_after: time(spec.now + spec.days * 86_400),
        },
        subject: subject.parse::<Name>().expect("subject"),
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    let sig: DerSignature = ca_key.sign(&tbs.to_der().expect("tbs"));
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

/// The CA and `n` leaves it signed.
pub fn make(spec: &Spec, n: usize) -> Made {
    let mut rng = ChaCha20Rng::from_seed(spec.seed);
    let ca_key = SigningKey::random(&mut rng);
    let ca_spki = spki_of(&ca_key);
    let ca_id = key_id(&ca_spki);
    let ca = certificate(
        spec,
        1,
        spec.ca_name,
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
    let leaves = (0..n)
        .map(|i| {
            let key = SigningKey::random(&mut rng);
            let spki = spki_of(&key);
            let id = key_id(&spki);
            let host = format!("leaf-{i}.{}", spec.domain);
            let san = SubjectAltName(vec![GeneralName::DnsName(
                der::asn1::Ia5String::new(&host).expect("dns name"),
            )]);
            let aki = AuthorityKeyIdentifier {
                key_identifier: Some(OctetString::new(ca_id.clone()).expect("aki")),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            };
            pem(&certificate(
                spec,
                u32::try_from(i + 2).expect("serial"),
                &format!("CN={host}"),
                spki,
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
    Made {
        ca_pem: pem(&ca),
        ca_id,
        leaves,
    }
}

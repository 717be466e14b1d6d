//! Certificates and CSRs as x509-cert structures, encoded by `der` and signed by [`KeyPair`].
//! Every extension is written here, explicitly, so that what `openssl x509 -text` shows is
//! exactly what the module documentation promises.

use const_oid::db::rfc5280::{ID_KP_CLIENT_AUTH, ID_KP_SERVER_AUTH};
use const_oid::db::rfc5912::ID_EXTENSION_REQ;
use const_oid::AssociatedOid;
use der::asn1::{Any, BitString, GeneralizedTime, Ia5String, OctetString, SetOfVec, UtcTime};
use der::{Encode, Tag};
use rand_chacha::ChaCha20Rng;
use sha1::Digest;
use x509_cert::attr::{Attribute, AttributeTypeAndValue};
use x509_cert::ext::pkix::constraints::name::{GeneralSubtree, NameConstraints};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::request::{CertReq, CertReqInfo, ExtensionReq};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate, Version};

use super::keypair::KeyPair;
use super::names::SanName;
use super::MakeError;

fn enc<E: core::fmt::Display>(what: &'static str) -> impl Fn(E) -> MakeError {
    move |e| MakeError::Encoding {
        what: what.to_string(),
        reason: e.to_string(),
    }
}

/// A distinguished name from (OID, UTF8String value) pairs, one attribute per RDN.
pub(crate) fn name(parts: &[(const_oid::ObjectIdentifier, &str)]) -> Result<Name, MakeError> {
    let mut rdns = Vec::new();
    for (oid, value) in parts {
        let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(enc("a name"))?;
        let atv = AttributeTypeAndValue { oid: *oid, value };
        let set = SetOfVec::try_from(vec![atv]).map_err(enc("a name"))?;
        rdns.push(RelativeDistinguishedName::from(set));
    }
    Ok(RdnSequence(rdns))
}

/// UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5).
fn time(unix: i64) -> Result<Time, MakeError> {
    let secs = u64::try_from(unix).map_err(|_| MakeError::InvalidValidity {
        reason: "the time is before 1970".to_string(),
    })?;
    let d = core::time::Duration::from_secs(secs);
    // 2050-01-01T00:00:00Z
    if secs < 2_524_608_000 {
        Ok(Time::UtcTime(
            UtcTime::from_unix_duration(d).map_err(enc("a time"))?,
        ))
    } else {
        Ok(Time::GeneralTime(
            GeneralizedTime::from_unix_duration(d).map_err(enc("a time"))?,
        ))
    }
}

/// A positive 16-byte serial (RFC 5280 allows 20 octets; CA/B Forum wants 64 random bits).
fn serial(rng: &mut ChaCha20Rng) -> Result<SerialNumber, MakeError> {
    let mut b = super::rng::bytes::<16>(rng);
    // High bit clear (positive), next bit set (no leading zero octet to strip): 126 random bits.
    if let Some(first) = b.first_mut() {
        *first = (*first & 0x7f) | 0x40;
    }
    SerialNumber::new(&b).map_err(enc("the serial number"))
}

/// RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes.
pub(crate) fn key_id(spki: &spki::SubjectPublicKeyInfoOwned) -> Vec<u8> {
    sha1::Sha1::digest(spki.subject_public_key.raw_bytes()).to_vec()
}

fn ext<T: AssociatedOid + Encode>(value: &T, critical: bool) -> Result<Extension, MakeError> {
    let der = value.to_der().map_err(enc("an extension"))?;
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(der).map_err(enc("an extension"))?,
    })
}

fn general_names(names: &[SanName]) -> Result<Vec<GeneralName>, MakeError> {
    names
        .iter()
        .map(|n| match n {
            SanName::Dns(d) => Ia5String::new(d)
                .map(GeneralName::DnsName)
                .map_err(enc("a DNS name")),
            SanName::Ip(bytes) => OctetString::new(bytes.clone())
                .map(GeneralName::IpAddress)
                .map_err(enc("an IP address")),
        })
        .collect()
}

/// One subtree whose base is an IP range: the address followed by its mask (RFC 5280
/// 4.2.1.10), so 8 octets for IPv4, 32 for IPv6.
fn ip_subtree(address: &[u8], prefix_ones: bool) -> Result<GeneralSubtree, MakeError> {
    let mask = if prefix_ones { 0xff } else { 0x00 };
    let mut base = address.to_vec();
    base.extend(core::iter::repeat_n(mask, address.len()));
    Ok(GeneralSubtree {
        base: GeneralName::IpAddress(OctetString::new(base).map_err(enc("an IP range"))?),
        minimum: 0,
        maximum: None,
    })
}

/// The made CA's name constraints: the DNS names it signs, and for IP addresses exactly the
/// ones asked for (/32, /128). An address family nothing was asked for is excluded whole
/// (0.0.0.0/0, ::/0): a DNS-only permitted list leaves IP SANs unconstrained, so a leaked CA
/// key could otherwise issue for any address. This is the CA/Browser Forum's pattern for a
/// technically constrained CA.
fn name_constraints(permitted: &[SanName]) -> Result<NameConstraints, MakeError> {
    let mut allow = Vec::new();
    for n in permitted {
        allow.push(match n {
            SanName::Dns(d) => GeneralSubtree {
                base: GeneralName::DnsName(Ia5String::new(d).map_err(enc("a DNS name"))?),
                minimum: 0,
                maximum: None,
            },
            SanName::Ip(a) => ip_subtree(a, true)?,
        });
    }
    let mut deny = Vec::new();
    for family in [[0u8; 4].as_slice(), [0u8; 16].as_slice()] {
        let asked = permitted
            .iter()
            .any(|n| matches!(n, SanName::Ip(a) if a.len() == family.len()));
        if !asked {
            deny.push(ip_subtree(family, false)?);
        }
    }
    Ok(NameConstraints {
        permitted_subtrees: Some(allow),
        excluded_subtrees: if deny.is_empty() { None } else { Some(deny) },
    })
}

/// What one certificate is for.
pub(crate) enum Profile<'a> {
    /// A root CA; `permitted` non-empty adds critical name constraints (see
    /// [`name_constraints`]).
    Ca { permitted: &'a [SanName] },
    /// A TLS server (and client) certificate.
    Server {
        sans: &'a [SanName],
        client_auth: bool,
    },
}

/// The issuer of a certificate: its name, key and key identifier.
pub(crate) struct Issuer<'a> {
    pub name: &'a Name,
    pub key: &'a KeyPair,
    pub key_id: &'a [u8],
}

/// Builds and signs a certificate. `issuer: None` signs with `key` itself (self-signed).
#[allow(clippy::too_many_arguments)]
pub(crate) fn certificate(
    subject: &Name,
    key: &KeyPair,
    issuer: Option<&Issuer<'_>>,
    profile: &Profile<'_>,
    not_before: i64,
    not_after: i64,
    rng: &mut ChaCha20Rng,
) -> Result<Vec<u8>, MakeError> {
    let spki = key.spki()?;
    let ski = key_id(&spki);
    let (issuer_name, signer, aki) = match issuer {
        Some(i) => (i.name.clone(), i.key, i.key_id.to_vec()),
        None => (subject.clone(), key, ski.clone()),
    };
    let mut exts = Vec::new();
    match profile {
        Profile::Ca { permitted } => {
            exts.push(ext(
                &BasicConstraints {
                    ca: true,
                    path_len_constraint: Some(0),
                },
                true,
            )?);
            exts.push(ext(
                &KeyUsage(
                    KeyUsages::KeyCertSign | KeyUsages::CRLSign | KeyUsages::DigitalSignature,
                ),
                true,
            )?);
            exts.push(ext(
                &SubjectKeyIdentifier(OctetString::new(ski.clone()).map_err(enc("the SKI"))?),
                false,
            )?);
            if !permitted.is_empty() {
                exts.push(ext(&name_constraints(permitted)?, true)?);
            }
        }
        Profile::Server { sans, client_auth } => {
            exts.push(ext(
                &BasicConstraints {
                    ca: false,
                    path_len_constraint: None,
                },
                true,
            )?);
            // keyEncipherment only for RSA: ECDSA and Ed25519 keys cannot encipher.
            let ku = if key.is_rsa() {
                KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment)
            } else {
                KeyUsage(KeyUsages::DigitalSignature.into())
            };
            exts.push(ext(&ku, true)?);
            let mut eku = vec![ID_KP_SERVER_AUTH];
            if *client_auth {
                eku.push(ID_KP_CLIENT_AUTH);
            }
            exts.push(ext(&ExtendedKeyUsage(eku), false)?);
            exts.push(ext(&SubjectAltName(general_names(sans)?), false)?);
            exts.push(ext(
                &SubjectKeyIdentifier(OctetString::new(ski.clone()).map_err(enc("the SKI"))?),
                false,
            )?);
        }
    }
    exts.push(ext(
        &AuthorityKeyIdentifier {
            key_identifier: Some(OctetString::new(aki).map_err(enc("the AKI"))?),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        },
        false,
    )?);
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: serial(rng)?,
        signature: signer.signature_algorithm(),
        issuer: issuer_name,
        validity: Validity {
            not_before: time(not_before)?,
            not_after: time(not_after)?,
        },
        subject: subject.clone(),
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(exts),
    };
    let tbs_der = tbs.to_der().map_err(enc("the certificate"))?;
    let sig = signer.sign(&tbs_der, rng)?;
    let cert = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: signer.signature_algorithm(),
        signature: BitString::from_bytes(&sig).map_err(enc("the signature"))?,
    };
    cert.to_der().map_err(enc("the certificate"))
}

/// A PKCS#10 request with the SANs (and key usage, serverAuth) in its extensionRequest.
pub(crate) fn csr(
    subject: &Name,
    key: &KeyPair,
    sans: &[SanName],
    rng: &mut ChaCha20Rng,
) -> Result<Vec<u8>, MakeError> {
    let ku = if key.is_rsa() {
        KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment)
    } else {
        KeyUsage(KeyUsages::DigitalSignature.into())
    };
    let exts = ExtensionReq(vec![
        ext(&SubjectAltName(general_names(sans)?), false)?,
        ext(&ku, true)?,
        ext(&ExtendedKeyUsage(vec![ID_KP_SERVER_AUTH]), false)?,
    ]);
    let value = Any::encode_from(&exts).map_err(enc("the extension request"))?;
    let attr = Attribute {
        oid: ID_EXTENSION_REQ,
        values: SetOfVec::try_from(vec![value]).map_err(enc("the extension request"))?,
    };
    let info = CertReqInfo {
        version: x509_cert::request::Version::V1,
        subject: subject.clone(),
        public_key: key.spki()?,
        attributes: SetOfVec::try_from(vec![attr]).map_err(enc("the request"))?,
    };
    let info_der = info.to_der().map_err(enc("the request"))?;
    let sig = key.sign(&info_der, rng)?;
    let req = CertReq {
        info,
        algorithm: key.signature_algorithm(),
        signature: BitString::from_bytes(&sig).map_err(enc("the signature"))?,
    };
    req.to_der().map_err(enc("the request"))
}

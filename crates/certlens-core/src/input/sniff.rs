//! What a DER blob is, judged by its structure: input says what a block is, so the pipeline
//! asks once and describes what it was told (a label that disagrees with its content is
//! reported, then the content is read for what it is).

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::FromDer;

use super::{pkcs12, pkcs7};
use crate::asn1;

/// What a DER blob is, judged by its structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Certificate,
    Pkcs12,
    Pkcs7,
    PrivateKeyPkcs8,
    EncryptedPkcs8,
    PublicKeySpki,
    RsaPrivatePkcs1,
    EcPrivateSec1,
    RsaPublicPkcs1,
    CertificateRequest,
    DsaPrivate,
    Unknown,
}

impl Sniffed {
    /// What `der` is (see [`sniff`] for the order formats are tried in).
    pub fn of(der: &[u8]) -> Sniffed {
        sniff(der)
    }

    /// The PEM label this content would normally carry.
    pub fn label(self) -> &'static str {
        match self {
            Sniffed::Certificate => "CERTIFICATE",
            Sniffed::Pkcs12 => "PKCS12",
            Sniffed::Pkcs7 => "PKCS7",
            Sniffed::PrivateKeyPkcs8 => "PRIVATE KEY",
            Sniffed::EncryptedPkcs8 => "ENCRYPTED PRIVATE KEY",
            Sniffed::PublicKeySpki => "PUBLIC KEY",
            Sniffed::RsaPrivatePkcs1 => "RSA PRIVATE KEY",
            Sniffed::EcPrivateSec1 => "EC PRIVATE KEY",
            Sniffed::RsaPublicPkcs1 => "RSA PUBLIC KEY",
            Sniffed::CertificateRequest => "CERTIFICATE REQUEST",
            Sniffed::DsaPrivate => "DSA PRIVATE KEY",
            Sniffed::Unknown => "DER",
        }
    }

    /// What it is, in words, for a message saying the label and the content disagree.
    pub fn what(self) -> &'static str {
        match self {
            Sniffed::Certificate => "a certificate",
            Sniffed::Pkcs12 => "a PKCS#12 file",
            Sniffed::Pkcs7 => "a PKCS#7 bundle",
            Sniffed::PrivateKeyPkcs8 => "a PKCS#8 private key (BEGIN PRIVATE KEY)",
            Sniffed::EncryptedPkcs8 => "an encrypted PKCS#8 private key",
            Sniffed::PublicKeySpki => "a public key (BEGIN PUBLIC KEY)",
            Sniffed::RsaPrivatePkcs1 => "a PKCS#1 RSA private key (BEGIN RSA PRIVATE KEY)",
            Sniffed::EcPrivateSec1 => "a SEC1 EC private key (BEGIN EC PRIVATE KEY)",
            Sniffed::RsaPublicPkcs1 => "a PKCS#1 RSA public key",
            Sniffed::CertificateRequest => "a certificate signing request",
            Sniffed::DsaPrivate => "a DSA private key",
            Sniffed::Unknown => "unrecognised data",
        }
    }

    /// What a PEM label promises, for the labels whose content can be told apart by structure
    /// (`Unknown` for the others).
    pub fn promised_by(label: &str) -> Sniffed {
        match label {
            "PRIVATE KEY" => Sniffed::PrivateKeyPkcs8,
            "ENCRYPTED PRIVATE KEY" => Sniffed::EncryptedPkcs8,
            "RSA PRIVATE KEY" => Sniffed::RsaPrivatePkcs1,
            "EC PRIVATE KEY" => Sniffed::EcPrivateSec1,
            "DSA PRIVATE KEY" => Sniffed::DsaPrivate,
            "CERTIFICATE" => Sniffed::Certificate,
            _ => Sniffed::Unknown,
        }
    }
}

/// EncryptedPrivateKeyInfo shape: SEQUENCE { AlgorithmIdentifier, OCTET STRING }.
fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    let Some((outer, rest)) = asn1::read(der) else {
        return false;
    };
    let Some(parts) = asn1::children(outer.content) else {
        return false;
    };
    let [alg, data] = parts.as_slice() else {
        return false;
    };
    outer.tag() == asn1::SEQUENCE
        && rest.is_empty()
        && alg.tag() == asn1::SEQUENCE
        && data.tag() == asn1::OCTET_STRING
        && asn1::read(alg.content).is_some_and(|(oid, _)| oid.tag() == asn1::OID)
}

fn is_dsa_traditional(der: &[u8]) -> bool {
    asn1::read(der)
        .and_then(|(t, _)| asn1::children(t.content))
        .is_some_and(|c| c.len() == 6 && c.iter().all(|t| t.tag() == asn1::INTEGER))
}

/// Decide what a DER blob is: the parsers are tried in this order, the first that accepts
/// the whole blob wins.
fn sniff(der: &[u8]) -> Sniffed {
    use der::Decode;
    if x509_parser::parse_x509_certificate(der).is_ok() {
        return Sniffed::Certificate;
    }
    if pkcs12::is_pkcs12(der) {
        return Sniffed::Pkcs12;
    }
    if pkcs7::is_pkcs7(der) {
        return Sniffed::Pkcs7;
    }
    if pkcs8::PrivateKeyInfo::from_der(der).is_ok() {
        return Sniffed::PrivateKeyPkcs8;
    }
    // Not pkcs8::EncryptedPrivateKeyInfo::from_der: pkcs5 0.7 can panic on hostile parameters.
    if is_encrypted_pkcs8(der) {
        return Sniffed::EncryptedPkcs8;
    }
    if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        return Sniffed::PublicKeySpki;
    }
    if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
        return Sniffed::RsaPrivatePkcs1;
    }
    if sec1::EcPrivateKey::from_der(der).is_ok() {
        return Sniffed::EcPrivateSec1;
    }
    if pkcs1::RsaPublicKey::from_der(der).is_ok() {
        return Sniffed::RsaPublicPkcs1;
    }
    if is_csr(der) {
        return Sniffed::CertificateRequest;
    }
    if is_dsa_traditional(der) {
        return Sniffed::DsaPrivate;
    }
    Sniffed::Unknown
}

/// A PKCS#10 certificate request, as `x509::csr` reads it (the same parser, so a blob sniffed
/// as a request is one that describing it accepts).
fn is_csr(der: &[u8]) -> bool {
    X509CertificationRequest::from_der(der).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_promises_what_it_names() {
        // The mislabel check compares what a label promises with what the content is: each
        // kind a label can promise must promise itself back through its own label.
        for k in [
            Sniffed::Certificate,
            Sniffed::PrivateKeyPkcs8,
            Sniffed::EncryptedPkcs8,
            Sniffed::RsaPrivatePkcs1,
            Sniffed::EcPrivateSec1,
            Sniffed::DsaPrivate,
        ] {
            assert_eq!(Sniffed::promised_by(k.label()), k);
        }
        assert_eq!(Sniffed::promised_by("PUBLIC KEY"), Sniffed::Unknown);
        assert_eq!(Sniffed::of(&[]), Sniffed::Unknown);
        assert_eq!(Sniffed::of(&[0x30, 0x00]), Sniffed::Unknown);
    }
}

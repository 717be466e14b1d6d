//! Certificate signing requests: what they ask for (names, extensions) and whether their own
//! signature holds. Whether they cover the names the user needs is `checks::csr`'s, so that a
//! request is judged before it is sent to a CA.

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::cri_attributes::ParsedCriAttribute;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

use super::cert::{self, eku_names, general_name, key_usage_names};
use super::verify::SignatureBudget;
use crate::asn1::{self, oids};
use crate::model::{CsrDetails, Extension, SignatureStatus};

/// (subject, SPKI DER, common name) of a PKCS#10 request, or `None` when it is not one.
pub(crate) fn parse(der: &[u8]) -> Option<(String, Vec<u8>)> {
    let (_, req) = X509CertificationRequest::from_der(der).ok()?;
    let info = &req.certification_request_info;
    Some((cert::rfc4514(&info.subject), info.subject_pki.raw.to_vec()))
}

/// What the request asks for and its own signature checked with its own key (drawing on the
/// pool's budget). The names and problems are filled by `checks::csr::judge`, which a recheck
/// with other names runs again.
pub(crate) fn details(der: &[u8], budget: &SignatureBudget) -> Option<CsrDetails> {
    let (_, req) = X509CertificationRequest::from_der(der).ok()?;
    let info = &req.certification_request_info;
    let mut d = CsrDetails {
        requested_san: Default::default(),
        requested_extensions: Vec::new(),
        key_usage: Vec::new(),
        extended_key_usage: Vec::new(),
        signature: SignatureStatus::NotChecked,
        signature_detail: String::new(),
        signature_reason: None,
        names: Vec::new(),
        problems: Vec::new(),
        common_name: None,
    };
    for attr in info.attributes() {
        if let ParsedCriAttribute::ExtensionRequest(er) = attr.parsed_attribute() {
            for ext in &er.extensions {
                let oid = oids::oid_string(&ext.oid);
                d.requested_extensions.push(Extension {
                    name: oids::extension_name(&oid).unwrap_or(&oid).to_string(),
                    oid,
                    critical: ext.critical,
                });
                match ext.parsed_extension() {
                    ParsedExtension::SubjectAlternativeName(san) => {
                        for g in &san.general_names {
                            general_name(g, &mut d.requested_san);
                        }
                    }
                    ParsedExtension::KeyUsage(ku) => d.key_usage = key_usage_names(ku),
                    ParsedExtension::ExtendedKeyUsage(eku) => d.extended_key_usage = eku_names(eku),
                    _ => {}
                }
            }
        }
    }
    let spki = info.subject_pki.raw;
    let v = match asn1::split_signed(der) {
        Some((tbs, alg, sig)) => {
            super::verify::verify_signature_within(alg, tbs, sig, spki, budget)
        }
        None => super::verify::Verification::invalid(
            "the request's structure has no signature".to_string(),
        ),
    };
    d.signature = v.status;
    d.signature_detail = v.detail;
    d.signature_reason = v.reason;
    d.common_name = info
        .subject
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_string);
    Some(d)
}

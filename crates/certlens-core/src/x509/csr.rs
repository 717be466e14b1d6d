//! Certificate signing requests: what they ask for (names, extensions) and whether their own
//! signature holds. Whether they cover the names the user needs is `checks::csr`'s, so that a
//! request is judged before it is sent to a CA.

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::cri_attributes::ParsedCriAttribute;
use x509_parser::prelude::FromDer;

use super::cert;
use super::verify::SignatureBudget;
use crate::asn1;
use crate::model::{CsrDetails, SignatureStatus};

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
    let requested = info
        .attributes()
        .iter()
        .filter_map(|attr| match attr.parsed_attribute() {
            ParsedCriAttribute::ExtensionRequest(er) => Some(&er.extensions),
            _ => None,
        })
        .flatten();
    let f = cert::walk_extensions(requested, true);
    d.requested_extensions = f.extensions;
    d.requested_san = f.san;
    d.key_usage = f.key_usage;
    d.extended_key_usage = f.extended_key_usage;
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

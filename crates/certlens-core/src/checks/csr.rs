//! A certificate signing request judged: the names the user needs against what it asks for,
//! and its problems in sentences. Reading the request is `x509::csr`'s; this is a check, run
//! again by a recheck with other names (the page's names box).

use crate::checks::names::{check_names, CertNames};
use crate::model::{CsrDetails, SignatureStatus};

/// `names` checked against what the request asks for, and the request's problems in
/// sentences. `index` is the public key's index (what
/// [`crate::model::NameCoverage::certificate`] then refers to).
pub(crate) fn judge(d: &mut CsrDetails, names: &[String], index: usize) {
    d.names.clear();
    d.problems.clear();
    if !names.is_empty() {
        let cn = [CertNames {
            index,
            dns: &d.requested_san.dns,
            ip: &d.requested_san.ip,
            common_name: d.common_name.as_deref(),
        }];
        d.names = check_names(names, &cn);
    }
    if d.signature == SignatureStatus::Invalid {
        d.problems.push(format!(
            "the request's own signature does not verify ({}): a CA refuses it; make it again",
            d.signature_detail
        ));
    }
    if d.requested_san.dns.is_empty() && d.requested_san.ip.is_empty() {
        d.problems.push("no subjectAltName is requested: clients ignore the CN, so a certificate issued as asked would be rejected (unless the CA adds the names itself); make it with the names as SANs (certlens new csr --host NAME)".to_string());
    }
    for n in d.names.iter().filter(|n| !n.covered) {
        d.problems.push(format!(
            "{} is not among the requested names: the certificate would not cover it",
            n.name
        ));
    }
    if !d.extended_key_usage.is_empty()
        && !d
            .extended_key_usage
            .iter()
            .any(|e| e == "serverAuth" || e == "anyExtendedKeyUsage")
    {
        d.problems.push(
            "the requested extendedKeyUsage has no serverAuth: a TLS server certificate needs it"
                .to_string(),
        );
    }
}

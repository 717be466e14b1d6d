//! Signatures: weak hashes on a certificate, and links of a chain whose signature does not
//! verify or cannot be checked.

use super::{finding, self_root};
use crate::checks::report::short_name;
use crate::model::{
    Certificate, Chain, Finding, FindingCode, Report, Severity, SignatureHash, SignatureStatus,
};

/// `signature_not_checked` (info) for a root whose own signature was asked for but refused by a
/// work limit: say why instead of a bare `not_checked`.
fn self_signature_refused(c: &Certificate, out: &mut Vec<Finding>) {
    let Some(detail) = c.self_signature_detail.as_deref() else {
        return;
    };
    if c.self_signature == Some(SignatureStatus::NotChecked)
        && c.self_signature_reason.is_some_and(|r| r.is_work_limit())
    {
        out.push(finding(
            Severity::Info,
            FindingCode::SignatureNotChecked,
            format!("the own signature of {} was {detail}", short_name(c)),
            "Nothing to fix for TLS: clients do not check a root's own signature (openssl verify -check_ss_sig does).",
            vec![c.index],
        ));
    }
}

/// `weak_signature`: a certificate signed with MD5, MD2 or SHA-1.
pub(super) fn certificate(c: &Certificate, out: &mut Vec<Finding>) {
    self_signature_refused(c, out);
    // The sentence has always said MD5 for MD2 too (both broken the same way for TLS).
    let weak = match c.signature_hash {
        Some(SignatureHash::Md5 | SignatureHash::Md2) => Some(SignatureHash::Md5),
        Some(SignatureHash::Sha1) => Some(SignatureHash::Sha1),
        _ => None,
    };
    let Some(h) = weak else {
        return;
    };
    // A root's self-signature is never checked by clients: only info there.
    let self_root = self_root(c);
    let severity = if self_root {
        Severity::Info
    } else {
        Severity::Error
    };
    out.push(finding(
        severity,
        FindingCode::WeakSignature,
        if self_root {
            format!(
                "{} signs itself with {h} ({}); harmless: clients do not check a root's own signature",
                short_name(c),
                c.signature_algorithm
            )
        } else {
            format!(
                "{} is signed with {h} ({}); browsers and modern TLS libraries reject it",
                short_name(c),
                c.signature_algorithm
            )
        },
        if self_root {
            "Nothing to do: only the signatures below a root are checked."
        } else {
            "Reissue it signed with SHA-256 or better."
        },
        vec![c.index],
    ));
}

/// `invalid_signature` and `unsupported_signature` for the links of chain `i`.
pub(super) fn links(report: &Report, i: usize, ch: &Chain, out: &mut Vec<Finding>) {
    let certs = &report.certificates;
    for l in &ch.links {
        match l.signature {
            SignatureStatus::Invalid => out.push(finding(
                Severity::Error,
                FindingCode::InvalidSignature,
                format!(
                    "chain {}: the signature on {} does not verify with the key of {} ({})",
                    i + 1,
                    certs.get(l.child).map(short_name).unwrap_or_default(),
                    certs.get(l.parent).map(short_name).unwrap_or_default(),
                    l.detail
                ),
                &match certs.get(l.child).and_then(|c| c.ca_issuer_urls.first()) {
                    // Same name, another key: most often the CA's previous or renewed
                    // intermediate. The right one is where the child's AIA says.
                    Some(url) => format!(
                        "Either {} is corrupted (get a fresh copy), or {} is another certificate of that CA's name (a previous or renewed one): the issuer it needs is published at {url}, its caIssuers URL.",
                        certs.get(l.child).map(short_name).unwrap_or_default(),
                        certs.get(l.parent).map(short_name).unwrap_or_default(),
                    ),
                    None => "The certificate is corrupted or was not issued by this CA; get a fresh copy from the issuer.".to_string(),
                },
                vec![l.child, l.parent],
            )),
            // Not checked because of a work limit: say so, never pass it silently. (Links not
            // checked because the caller turned checks off have the reason `NotRequested`.)
            SignatureStatus::NotChecked if l.reason.is_some_and(|r| r.is_work_limit()) => out.push(finding(
                Severity::Warning,
                FindingCode::SignatureNotChecked,
                format!(
                    "chain {}: the signature on {} was {}",
                    i + 1,
                    certs.get(l.child).map(short_name).unwrap_or_default(),
                    l.detail
                ),
                "Check this link with openssl verify, or give certlens fewer certificates at once.",
                vec![l.child, l.parent],
            )),
            SignatureStatus::Unsupported => out.push(finding(
                Severity::Info,
                FindingCode::UnsupportedSignature,
                format!(
                    "chain {}: the signature on {} was not checked ({})",
                    i + 1,
                    certs.get(l.child).map(short_name).unwrap_or_default(),
                    l.detail
                ),
                "Verify this link with openssl verify.",
                vec![l.child, l.parent],
            )),
            // Checks were switched off: the chain view says so; nothing to fix.
            _ => {}
        }
    }
}

//! Passes over a finished report: roots' own signatures afterwards (the page shows the report
//! first), and the cheap checks again with other options (names typed, roots declared).

use super::{analyse, checks, Options, Progress, Stage};
use crate::model::Report;
use crate::x509::cert;

/// The report with every self-issued certificate's own signature checked (as if inspected
/// with `check_self_signatures`), and the chains and findings redone with the results. The
/// page shows a report at once and runs this afterwards, in its worker.
pub fn with_self_signatures(
    mut r: Report,
    opts: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    use crate::model::SignatureStatus;
    // Copies are checked once: progress counts distinct certificates.
    let total = r
        .certificates
        .iter()
        .filter(|c| c.self_issued)
        .map(|c| c.raw.fingerprint)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let mut done = 0;
    // This pass is a pool's work of its own, with its own budget.
    let budget = crate::x509::verify::SignatureBudget::new(&opts.limits);
    let mut checked: std::collections::HashMap<[u8; 32], crate::x509::verify::Verification> =
        std::collections::HashMap::new();
    for c in r.certificates.iter_mut().filter(|c| c.self_issued) {
        let v = match checked.get(&c.raw.fingerprint) {
            Some(v) => v.clone(),
            None => {
                if done % 8 == 0 {
                    progress(Progress {
                        stage: Stage::SelfSignatures,
                        done,
                        total,
                    });
                }
                done += 1;
                let v = if opts.verify_signatures {
                    cert::signature_within(&c.der, c.raw_spki(), &budget)
                } else {
                    crate::x509::verify::Verification::not_checked(
                        crate::model::NotCheckedReason::NotRequested,
                        "not checked: signature checks are off",
                    )
                };
                checked.insert(c.raw.fingerprint, v.clone());
                v
            }
        };
        if v.status != SignatureStatus::NotChecked {
            c.self_signed = v.status == SignatureStatus::Valid;
        }
        c.self_signature_detail = (v.status != SignatureStatus::Valid).then_some(v.detail);
        c.self_signature_reason = v.reason;
        c.self_signature = Some(v.status);
    }
    progress(Progress {
        stage: Stage::SelfSignatures,
        done,
        total,
    });
    r.names.clear();
    r.pin_check = None;
    // Chains treat `valid`, `unsupported` and `not_checked` alike (self-signed); only an
    // invalid self-signature can change them. Otherwise the chains stand, with their link
    // signatures already checked, and only the findings are redone.
    if checked
        .values()
        .any(|v| v.status == SignatureStatus::Invalid)
    {
        analyse(&mut r, opts, &budget);
    } else {
        checks(&mut r, opts);
    }
    r
}

/// Redo only the cheap checks (expiry window, names, pins, findings) of a report with other
/// options, keeping what was read and the chains: for a names box that changes per keystroke.
pub fn recheck(report: &Report, opts: &Options) -> Report {
    let mut r = report.clone();
    r.names.clear();
    r.pin_check = None;
    // Path validation depends on the names (and the declared anchors): judged again, on a
    // budget of its own.
    let budget = crate::x509::verify::SignatureBudget::new(&opts.limits);
    crate::path::judge(&mut r, &opts.trust_anchors, &opts.names, opts.now, &budget);
    checks(&mut r, opts);
    r
}

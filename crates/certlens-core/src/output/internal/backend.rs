//! The main certificate seen from the router: with internal TLS and verification on, nginx
//! verifies the backend as `<fullname>-backend` against `ca.crt`, and the backend serves the
//! main certificate. Kept apart from the Secrets and values that internal TLS writes.

use serde::Serialize;

use super::coverage;
use crate::chart;
use crate::model::{NameCoverage, Report};
use crate::output::select::cert_label;

/// Whether the main certificate (`certificate.tls`, served by the backend) passes the router's
/// verification of `<fullname>-backend` against the internal CA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackendCheck {
    /// The main certificate's leaf (index into [`Report::certificates`]).
    pub certificate: usize,
    /// `<fullname>-backend`, `.NS`, `.NS.svc` and whether the certificate covers each.
    pub names: Vec<NameCoverage>,
    /// Every name is covered.
    pub covered: bool,
    /// Its chain reaches a CA that is in `ca.crt`.
    pub chains_to_ca: bool,
    /// Both hold.
    pub ok: bool,
}

/// The backend check failing, in words: with internal TLS and verification on, the router
/// verifies the backend against `ca.crt`, but the backend serves the main certificate. `why`
/// lists what fails ("does not chain to a CA in ca.crt", "does not cover NAME"). The one
/// wording of this verdict (internal-tls output and the doctor).
pub(crate) fn backend_problem(fullname: &str, leaf: &str, why: &[String]) -> String {
    let backend = chart::backend_service(fullname);
    format!(
        "backend: the router verifies the backend as {backend} against ca.crt, but the backend serves the main certificate (certificate.tls), and {leaf} {}. Two ways out: issue the main certificate from the internal CA with {backend} among its names, or put both CAs in ca.crt (the internal CA and the main certificate's root) and add {backend} to the main certificate",
        why.join(" and ")
    )
}

/// The main certificate: a chain with a key that serves no internal service (the primary one
/// first). Checked against `<fullname>-backend` and the CAs of `ca.crt`.
pub(super) fn backend_check(
    report: &Report,
    fullname: &str,
    namespace: &str,
    keyed: &[usize],
    used: &[usize],
    primary: Option<usize>,
    ca_certs: &[&crate::model::Certificate],
) -> Option<BackendCheck> {
    let unused: Vec<usize> = keyed
        .iter()
        .copied()
        .filter(|i| !used.contains(i))
        .collect();
    let main = match primary {
        Some(p) if unused.contains(&p) => p,
        _ => *unused.first()?,
    };
    let chain = report.chains.get(main)?;
    let leaf = *chain.order.first()?;
    let names = coverage(
        report,
        leaf,
        &chart::required_service_names(&chart::backend_service(fullname), namespace),
    );
    let covered = !names.is_empty() && names.iter().all(|c| c.covered);
    let chains_to_ca = chain
        .order
        .iter()
        .filter_map(|&i| report.certificates.get(i))
        .any(|c| {
            ca_certs.iter().any(|ca| {
                (ca.spki_sha256 == c.spki_sha256 && ca.subject == c.subject)
                    || ca.subject == c.issuer
            })
        });
    Some(BackendCheck {
        certificate: leaf,
        names,
        covered,
        chains_to_ca,
        ok: covered && chains_to_ca,
    })
}

/// For `values`: when the pool also holds a CA certificate outside the main chain (taken as the
/// internal TLS CA, `ca.crt`), the main certificate, which the backend serves, must chain to it
/// and cover `<fullname>-backend` for the router's verification with internal TLS on. A warning
/// with the two ways out when it does not; `None` otherwise.
pub(crate) fn backend_for_values(report: &Report, chain: usize, fullname: &str) -> Option<String> {
    let ch = report.chains.get(chain)?;
    let members: Vec<&crate::model::Certificate> = ch
        .order
        .iter()
        .filter_map(|&i| report.certificates.get(i))
        .collect();
    let others: Vec<&crate::model::Certificate> = report
        .certificates
        .iter()
        .filter(|c| c.is_ca && (c.self_signed || c.self_issued))
        .filter(|c| {
            !members
                .iter()
                .any(|m| m.spki_sha256 == c.spki_sha256 && m.subject == c.subject)
        })
        .collect();
    if others.is_empty() {
        return None;
    }
    let leaf = members.first()?;
    let chains_to = members
        .iter()
        .any(|m| others.iter().any(|ca| ca.subject == m.issuer));
    let backend = chart::backend_service(fullname);
    let covered = coverage(report, leaf.index, std::slice::from_ref(&backend))
        .iter()
        .all(|c| c.covered);
    if chains_to && covered {
        return None;
    }
    let ca_names: Vec<String> = others.iter().map(|c| cert_label(c)).collect();
    let mut why = Vec::new();
    if !chains_to {
        why.push(format!("does not chain to {}", ca_names.join(" or ")));
    }
    if !covered {
        why.push(format!("does not cover {backend}"));
    }
    Some(format!(
        "if {} is the internal TLS CA (ca.crt): with internal TLS and verification on, the router verifies the backend as {backend} against ca.crt, but the backend serves this main certificate, and {} {}. Two ways out: issue the main certificate from the internal CA with {backend} among its names, or put both CAs in ca.crt and add {backend} to the main certificate (for release {fullname}; give the release name to check another)",
        ca_names.join(" + "),
        cert_label(leaf),
        why.join(" and ")
    ))
}

//! Roots the user declares trusted: "Trust this root" on a chain, "Stop trusting", and the
//! private CA made in the Make panel. Declared roots live in memory only (never in storage);
//! each change reanalyses the pool in the worker with them as `Options.trust_anchors`.

use std::rc::Rc;

use certlens_core::Certificate;

use super::{Action, State};

/// A root the user declared trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedRoot {
    /// Its name (CN, else subject).
    pub name: String,
    /// Lowercase hex, as the report gives it; identifies the root.
    pub fingerprint_sha256: String,
    pub der: Vec<u8>,
    /// Declared because the user made this CA in the Make panel.
    pub made: bool,
}

impl TrustedRoot {
    /// The root `c` of a report (its DER travels with the report from the worker).
    pub fn of(c: &Certificate, made: bool) -> Option<Self> {
        (!c.der.is_empty()).then(|| TrustedRoot {
            name: c.common_name.clone().unwrap_or_else(|| c.subject.clone()),
            fingerprint_sha256: c.fingerprint_sha256.clone(),
            der: c.der.clone(),
            made,
        })
    }

    /// The first certificate of `pem` (the CA the Make panel made), as DER only: its name and
    /// fingerprint come with the next report (see [`fill_made`]), because reading a
    /// certificate is the engine's work, which the page's UI binary does not carry (Cargo.toml).
    /// The DER is all the worker needs to trust it (`Options.trust_anchors`).
    pub fn made(pem: &str) -> Option<Self> {
        let body: String = pem
            .lines()
            .map(str::trim)
            .skip_while(|l| *l != "-----BEGIN CERTIFICATE-----")
            .skip(1)
            .take_while(|l| !l.starts_with("-----END"))
            .collect();
        let der = certlens_core::b64::decode_standard(&body).ok()?;
        (!der.is_empty()).then(|| TrustedRoot {
            name: String::new(),
            fingerprint_sha256: String::new(),
            der,
            made: true,
        })
    }

    /// Still waiting for its name and fingerprint (a made CA before its first report).
    pub fn pending(&self) -> bool {
        self.fingerprint_sha256.is_empty()
    }
}

/// Name the made roots still pending after their DER, from the report's certificates (the
/// made CA is in the pool it was made with).
pub(super) fn fill_made(trusted: &mut [TrustedRoot], report: &certlens_core::Report) {
    for t in trusted.iter_mut().filter(|t| t.pending()) {
        if let Some(found) = report
            .certificates
            .iter()
            .find(|c| c.der == t.der)
            .and_then(|c| TrustedRoot::of(c, t.made))
        {
            *t = found;
        }
    }
}

/// The state after `action`, for this concern's actions (any other leaves it as it is).
pub(super) fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let cur = || (*state).clone();
    let next = match action {
        Action::Trust(root)
            if state
                .trusted
                .iter()
                .any(|t| t.fingerprint_sha256 == root.fingerprint_sha256) =>
        {
            return state
        }
        Action::Trust(root) => {
            let mut s = cur();
            s.trusted.push(root);
            s.analysed()
        }
        Action::Untrust(fp) if !state.trusted.iter().any(|t| t.fingerprint_sha256 == fp) => {
            return state
        }
        Action::Untrust(fp) => {
            let mut s = cur();
            s.trusted.retain(|t| t.fingerprint_sha256 != fp);
            s.analysed()
        }
        // The made files and their CA's declaration in one step: one analysis, not two.
        Action::AddMade { inputs, ca } => {
            let mut s = cur();
            if let Some(root) = ca.as_deref().and_then(TrustedRoot::made) {
                // The same certificate is the same DER (its fingerprint is not known yet).
                if !s.trusted.iter().any(|t| t.der == root.der) {
                    s.trusted.push(root);
                }
            }
            let mut all = state.inputs.to_vec();
            all.extend(inputs);
            s.with_inputs(all)
        }
        _ => return state,
    };
    Rc::new(next)
}

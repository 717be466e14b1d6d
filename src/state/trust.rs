//! Roots the user declares trusted: "Trust this root" on a chain, "Stop trusting", and the
//! private CA made in the Make panel. Declared roots live in memory only (never in storage);
//! each change reanalyses the pool in the worker with them as `Options.trust_anchors`.

use std::rc::Rc;

use certlens_core::{Certificate, Input, Options};

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

    /// The first certificate of `pem` (the CA the Make panel made), read by the core.
    pub fn made(pem: &str, now: i64) -> Option<Self> {
        let r = certlens_core::inspect(&[Input::new("made CA", pem)], &Options::at(now));
        r.certificates.first().and_then(|c| Self::of(c, true))
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
            if let Some(root) = ca.as_deref().and_then(|pem| TrustedRoot::made(pem, s.now)) {
                if !s
                    .trusted
                    .iter()
                    .any(|t| t.fingerprint_sha256 == root.fingerprint_sha256)
                {
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

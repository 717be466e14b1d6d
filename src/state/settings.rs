//! What the user sets: the time, the password, the names, pins and warning window, the
//! release and namespace. Every change reanalyses in the worker
//! (the shown report stays until the new one arrives).

use std::rc::Rc;

use crate::job::Password;

use super::{Action, State};

/// The state after `action`, for this concern's actions (any other leaves it as it is).
pub(super) fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let cur = || (*state).clone();
    let next = match action {
        Action::Now(now) if now == state.now => return state,
        Action::Now(now) => {
            let mut s = cur();
            s.now = now;
            if s.inputs.is_empty() {
                s
            } else {
                s.analysed()
            }
        }
        Action::Password(pw) => {
            let mut s = cur();
            s.password = (!pw.is_empty()).then(|| Password::new(pw));
            s.analysed()
        }
        Action::Names(q) if q == state.names => return state,
        Action::Names(q) => {
            let mut s = cur();
            s.names = q;
            s.rechecked()
        }
        Action::Pins(p) if p == state.pins => return state,
        Action::Pins(p) => {
            let mut s = cur();
            s.pins = p;
            s.rechecked()
        }
        Action::WarnDays(d) => {
            let mut s = cur();
            s.warn_days = d.clamp(0, 3650);
            s.rechecked()
        }
        Action::Deployment(d) if state.chosen.as_ref() == Some(&d) => return state,
        Action::Deployment(d) => {
            let mut s = cur();
            let changed = d != s.deployment
                || d.release != s.names.release
                || d.namespace != s.names.namespace;
            s.names.release = d.release.clone();
            s.names.namespace = d.namespace.clone();
            s.chosen = Some(d.clone());
            s.deployment = d;
            if s.inputs.is_empty() || !changed {
                s
            } else {
                s.analysed()
            }
        }
        _ => return state,
    };
    Rc::new(next)
}

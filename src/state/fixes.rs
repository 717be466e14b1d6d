//! The checklist's fix buttons: a fix the core marked as one certlens can do
//! (`Problem.action`) is handed to the panel that does it (Make's private CA, the Outputs'
//! custom CA, encryption key and chain). Pure: the panels watch [`State::fix`] and act once per
//! request id.

use std::rc::Rc;

use certlens_core::FixAction;

use super::{Action, Deployment, State};

/// A fix the user asked for, numbered so that pressing the same button twice acts twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixRequest {
    pub id: u64,
    pub action: FixAction,
}

/// The release and namespace a fix acts for, when it names them.
fn deployment_of(a: &FixAction) -> Option<Deployment> {
    match a {
        FixAction::MakeInternalTls {
            release, namespace, ..
        }
        | FixAction::MakeCustomCa { release, namespace }
        | FixAction::MakeEncryptionKey {
            release, namespace, ..
        } => Some(Deployment {
            release: release.clone(),
            namespace: namespace.clone(),
        }),
        _ => None,
    }
}

/// The state after `action` (`Action::Fix`). Only a fix the checklist shown offers is taken
/// (a button of an older report does nothing); its release and namespace become the ones the
/// outputs and Make use, so the panel it opens is filled in for this deployment.
pub(super) fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let Action::Fix(fix) = action else {
        return state;
    };
    let offered = state.doctor.as_ref().is_some_and(|d| {
        d.verdicts
            .iter()
            .flat_map(|v| &v.problems)
            .any(|p| p.action.as_ref() == Some(&fix))
    });
    if !offered {
        return state;
    }
    let mut s = (*state).clone();
    if let Some(d) = deployment_of(&fix) {
        s.chosen = Some(d.clone());
        s.deployment = d;
    }
    let id = s.fix.as_ref().map_or(1, |f| f.id + 1);
    s.fix = Some(FixRequest { id, action: fix });
    Rc::new(s)
}

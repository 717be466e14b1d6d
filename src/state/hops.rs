//! The doctor's map of TLS hops: which hop the user opened (its checklist rows are marked and
//! scrolled to). Pure: the page only draws what this says.

use std::rc::Rc;

use super::{Action, State};

/// The state after `action` (`Action::Hop`): the hop opened, or closed when it was open. An
/// id the current checklist has no hop for changes nothing.
pub(super) fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let Action::Hop(id) = action else {
        return state;
    };
    let known = state
        .doctor
        .as_ref()
        .is_some_and(|d| d.hops.iter().any(|h| h.id == id));
    if !known {
        return state;
    }
    let mut s = (*state).clone();
    s.hop = if s.hop.as_deref() == Some(id.as_str()) {
        None
    } else {
        Some(id)
    };
    Rc::new(s)
}

/// The checklist rows (indices into the verdicts) of the hop opened; empty when none is, or
/// when the checklist shown has no such hop (a new report arrived).
pub fn open_rows(state: &State) -> Vec<usize> {
    let (Some(id), Some(d)) = (state.hop.as_deref(), state.doctor.as_ref()) else {
        return Vec::new();
    };
    d.hops
        .iter()
        .find(|h| h.id == id)
        .map(|h| h.verdicts.clone())
        .unwrap_or_default()
}

//! The pool's actions: files added, pasted, removed or cleared, the example loaded. Each
//! new pool is analysed again as one (a chain can span files).

use std::rc::Rc;

use certlens_core::Input;

use super::{Action, State, EXAMPLE_CHAIN, EXAMPLE_KEY};

impl State {
    /// What the user added is this generation: bring its results into view once shown.
    fn revealed(mut self) -> Self {
        self.reveal = Some(self.generation);
        self
    }
}

/// The state after `action`, for this concern's actions (any other leaves it as it is).
pub(super) fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let cur = || (*state).clone();
    let next = match action {
        Action::AddFiles(files) if files.is_empty() => return state,
        Action::AddFiles(files) => {
            let mut inputs = state.inputs.to_vec();
            inputs.extend(files);
            cur().with_inputs(inputs).revealed()
        }
        Action::Paste(text) if text.trim().is_empty() => return state,
        Action::Paste(text) => {
            let mut s = cur();
            s.pastes += 1;
            let mut inputs = state.inputs.to_vec();
            inputs.push(Input::new(
                format!("pasted text {}", s.pastes),
                text.into_bytes(),
            ));
            s.with_inputs(inputs).revealed()
        }
        Action::Remove(i) if i >= state.inputs.len() => return state,
        Action::Remove(i) => {
            let mut inputs = state.inputs.to_vec();
            inputs.remove(i);
            cur().with_inputs(inputs)
        }
        Action::FileErrors(errors) if errors.is_empty() => return state,
        Action::FileErrors(errors) => {
            let mut s = cur();
            s.file_errors.extend(errors);
            s
        }
        Action::LoadExample => {
            let mut inputs = state.inputs.to_vec();
            inputs.retain(|i| i.name != "example-chain.pem" && i.name != "example-key.pem");
            inputs.push(Input::new("example-chain.pem", EXAMPLE_CHAIN));
            inputs.push(Input::new("example-key.pem", EXAMPLE_KEY));
            cur().with_inputs(inputs).revealed()
        }
        Action::Revealed(g) if state.reveal == Some(g) => State {
            reveal: None,
            ..cur()
        },
        Action::Clear => State {
            now: state.now,
            generation: state.generation + 1,
            ..State::default()
        },
        _ => return state,
    };
    Rc::new(next)
}

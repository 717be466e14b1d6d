//! The page's state as a pure reducer: every change is an [`Action`], so the whole flow can be
//! tested natively without a browser.

use std::rc::Rc;

use certlens_core::{read_all, Blocks, Input, Limits};
use yew::Reducible;

/// Everything the page shows. Inputs live only in memory: never in storage, never in a URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// The pool of inputs, in the order the user added them.
    pub inputs: Vec<Input>,
    /// What the core read from the pool.
    pub blocks: Blocks,
    /// Files the browser could not hand over (too large, unreadable).
    pub file_errors: Vec<String>,
    pastes: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Files dropped or picked.
    AddFiles(Vec<Input>),
    /// Text pasted into the paste box.
    Paste(String),
    /// Remove the input at this position.
    Remove(usize),
    /// Files that could not be read at all.
    FileErrors(Vec<String>),
    /// Forget everything.
    Clear,
}

impl State {
    fn with_inputs(inputs: Vec<Input>, pastes: usize) -> Self {
        // Files dropped together belong together (a chain can span files), so the whole pool is
        // read again on every change.
        let blocks = read_all(&inputs, &Limits::default());
        State { inputs, blocks, file_errors: Vec::new(), pastes }
    }

    fn keep_file_errors(mut self, errors: &[String]) -> Self {
        self.file_errors = errors.to_vec();
        self
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::AddFiles(files) if files.is_empty() => self,
            Action::AddFiles(files) => {
                let mut inputs = self.inputs.clone();
                inputs.extend(files);
                Rc::new(State::with_inputs(inputs, self.pastes).keep_file_errors(&self.file_errors))
            }
            Action::Paste(text) if text.trim().is_empty() => self,
            Action::Paste(text) => {
                let pastes = self.pastes + 1;
                let mut inputs = self.inputs.clone();
                inputs.push(Input::new(format!("pasted text {pastes}"), text.into_bytes()));
                Rc::new(State::with_inputs(inputs, pastes).keep_file_errors(&self.file_errors))
            }
            Action::Remove(i) if i >= self.inputs.len() => self,
            Action::Remove(i) => {
                let mut inputs = self.inputs.clone();
                inputs.remove(i);
                Rc::new(State::with_inputs(inputs, self.pastes).keep_file_errors(&self.file_errors))
            }
            Action::FileErrors(errors) if errors.is_empty() => self,
            Action::FileErrors(errors) => {
                let mut next = (*self).clone();
                next.file_errors.extend(errors);
                Rc::new(next)
            }
            Action::Clear => Rc::new(State::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEM: &str = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";

    fn apply(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    #[test]
    fn add_paste_remove_clear() {
        let s = Rc::new(State::default());
        let s = apply(s, Action::AddFiles(vec![Input::new("a.pem", PEM)]));
        assert_eq!(s.blocks.blocks.len(), 1);
        assert_eq!(s.blocks.blocks[0].source, "a.pem");
        let s = apply(s, Action::Paste(format!("junk\n{PEM}{PEM}")));
        assert_eq!(s.inputs[1].name, "pasted text 1");
        assert_eq!(s.blocks.blocks.len(), 3);
        let s = apply(s, Action::Remove(0));
        assert_eq!(s.inputs.len(), 1);
        assert_eq!(s.blocks.blocks.len(), 2);
        assert!(s.blocks.blocks.iter().all(|b| b.source == "pasted text 1"));
        let s = apply(s, Action::Remove(7));
        assert_eq!(s.inputs.len(), 1);
        let s = apply(s, Action::FileErrors(vec!["big.pem: too large".into()]));
        assert_eq!(s.file_errors, vec!["big.pem: too large".to_string()]);
        let s = apply(s, Action::Paste(PEM.into()));
        assert_eq!(s.file_errors.len(), 1, "adding input keeps earlier file errors visible");
        let s = apply(s, Action::Clear);
        assert_eq!(*s, State::default());
    }

    #[test]
    fn empty_paste_is_ignored_and_errors_are_kept() {
        let s = apply(Rc::new(State::default()), Action::Paste("   ".into()));
        assert!(s.inputs.is_empty());
        let s = apply(s, Action::AddFiles(vec![Input::new("bad.pem", "-----BEGIN CERTIFICATE-----\nMAMC")]));
        assert_eq!(s.blocks.errors.len(), 1);
        assert!(s.blocks.errors[0].to_string().starts_with("bad.pem, block 1"));
    }
}

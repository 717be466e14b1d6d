use yew::prelude::*;

use crate::browser::worker::Analyser;
use crate::state::State;

/// Hands every new generation of the pool to the worker; its progress and reports come back as
/// actions. A cleared pool stops a busy worker.
#[hook]
pub fn use_analysis(state: &UseReducerHandle<State>) {
    let analyser = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            Analyser::new(Callback::from(move |a| dispatcher.dispatch(a)))
        })
    };
    let generation = state.generation;
    let work = state.work.clone();
    let inputs = state.inputs.clone();
    use_effect_with(generation, move |_| match work {
        Some(w) if !w.shown => analyser.send(w.job, inputs),
        None => analyser.stop(),
        _ => {}
    });
}

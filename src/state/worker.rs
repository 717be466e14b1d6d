//! The worker's answers: progress, reports, the doctor's and the inventory's results, and
//! failures. An answer for an older generation is dropped.

use std::rc::Rc;

use super::{Action, State, Work};

/// The state after `action`, for this concern's actions (any other leaves it as it is).
pub(super) fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let cur = || (*state).clone();
    let next = match action {
        Action::Progress(g, p) => match &state.work {
            Some(w) if g == state.generation && w.progress != Some(p) => {
                let mut s = cur();
                if let Some(w) = s.work.as_mut() {
                    w.progress = Some(p);
                }
                s
            }
            _ => return state,
        },
        Action::Analysed { generation, .. }
            if generation != state.generation || state.work.is_none() =>
        {
            return state
        }
        Action::Analysed { report, last, .. } => {
            let mut s = cur();
            s.report = report;
            super::trust::fill_made(&mut s.trusted, &s.report);
            let sent = s.work.take().map(|w| w.job);
            if !last {
                s.work = sent.clone().map(|job| Work {
                    job,
                    progress: None,
                    shown: true,
                });
            }
            // Names, pins or the warning window changed while the worker was busy.
            let now_job = s.job();
            if sent.is_some_and(|j| j.checks() != now_job.checks()) {
                s = s.rechecked();
            }
            s
        }
        Action::WorkerFailed(g, _) if g != state.generation => return state,
        Action::WorkerFailed(_, message) => {
            let mut s = cur();
            s.work = None;
            s.worker_error = Some(message);
            s
        }
        Action::Doctor(g, _) | Action::Inventory(g, _) if g != state.generation => return state,
        Action::Doctor(_, d) => {
            let mut s = cur();
            s.doctor = d;
            s
        }
        Action::Inventory(_, i) => {
            let mut s = cur();
            s.inventory = i;
            s
        }
        _ => return state,
    };
    Rc::new(next)
}

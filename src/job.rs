//! One analysis of the pool, as the page's Web Worker runs it (see `browser/worker.rs`). Pure: the same
//! function runs in the worker, inline when no worker is available, and in native tests.

use certlens_core::SignatureStatus;
use certlens_core::{inspect_with_progress, with_self_signatures, Options, Progress};
use certlens_core::{Input, Report};
use serde::{Deserialize, Serialize};

/// What the page sends with the inputs. `generation` identifies the pool: answers for an older
/// pool are dropped by the reducer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub generation: u64,
    pub now: i64,
    pub password: Option<String>,
    pub names: Vec<String>,
    pub warn_days: i64,
    pub expected_pins: Option<String>,
}

impl Job {
    pub fn options(&self) -> Options {
        let mut o = Options::at(self.now);
        o.password = self.password.clone().map(zeroize::Zeroizing::new);
        o.names = self.names.clone();
        o.warn_days = self.warn_days;
        o.expected_pins = self.expected_pins.clone();
        o
    }

    /// The options that only change checks, not what was read (see `inspect::recheck`).
    pub fn checks(&self) -> (&[String], Option<&str>, i64) {
        (&self.names, self.expected_pins.as_deref(), self.warn_days)
    }
}

/// What a job tells the page, in order: progress, the report, and (when the pool holds roots)
/// progress again and the report with the roots' self-signatures checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    Progress(Progress),
    /// `last`: nothing more follows for this generation.
    Report {
        report: Report,
        last: bool,
    },
}

/// Run a job. The first report comes as soon as everything is read and every chain link is
/// checked; checking each root's own signature (a millisecond or more each, and most of the
/// work on a CA bundle) follows as a second report.
pub fn run(job: &Job, inputs: &[Input], emit: &mut dyn FnMut(Update)) {
    let opts = job.options();
    let report = inspect_with_progress(inputs, &opts, &mut |p| emit(Update::Progress(p)));
    let roots_left = report
        .certificates
        .iter()
        .any(|c| c.self_signature == Some(SignatureStatus::NotChecked));
    if !roots_left {
        emit(Update::Report { report, last: true });
        return;
    }
    // The first report goes out before the slow part starts.
    emit(Update::Report {
        report: report.clone(),
        last: false,
    });
    let later = with_self_signatures(report, &opts, &mut |p| emit(Update::Progress(p)));
    emit(Update::Report {
        report: later,
        last: true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything `run` tells the page for one fixture file.
    fn updates(rel: &str) -> Vec<Update> {
        let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        let job = Job {
            generation: 1,
            now: 1_782_864_000, // 2026-07-01, the fixtures' "now"
            password: None,
            names: vec![],
            warn_days: 30,
            expected_pins: None,
        };
        let mut got = Vec::new();
        run(&job, &[Input::new(rel, bytes)], &mut |u| got.push(u));
        got
    }

    fn reports(got: &[Update]) -> Vec<(&Report, bool)> {
        got.iter()
            .filter_map(|u| match u {
                Update::Report { report, last } => Some((report, *last)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_chain_gets_two_reports_and_progress_first() {
        let got = updates("inputs/chain-correct.pem");
        assert!(matches!(got.first(), Some(Update::Progress(_))));
        let reports = reports(&got);
        assert_eq!(reports.len(), 2);
        assert!(!reports[0].1 && reports[1].1);
        let root = |r: &Report| {
            r.certificates
                .iter()
                .find(|c| c.self_issued)
                .and_then(|c| c.self_signature.clone())
        };
        assert_eq!(root(reports[0].0), Some(SignatureStatus::NotChecked));
        assert_eq!(root(reports[1].0), Some(SignatureStatus::Valid));
    }

    #[test]
    fn a_lone_leaf_gets_one_report() {
        let got = updates("certs/rsa-leaf.pem");
        let reports = reports(&got);
        assert_eq!(reports.len(), 1);
        assert!(reports[0].1, "the only report is the last");
    }
}

//! The page's state as a pure reducer: every change is an [`Action`], so the whole flow can be
//! tested natively without a browser. Nothing here touches the DOM, storage or the clock.

use std::rc::Rc;

use certlens_core::output;
use certlens_core::{DoctorReport, Input, Inventory, Report};
use certlens_core::Progress;

use crate::job::{Job, Password, Pool};
use yew::Reducible;

mod fixes;
mod hops;
mod pool;
mod settings;
mod trust;
mod worker;

pub use fixes::FixRequest;
pub use hops::open_rows;
pub use trust::TrustedRoot;

/// Shared, immutable data compared by identity: re-rendering never deep-compares a report.
#[derive(Debug, Clone, Default)]
pub struct Shared<T>(pub Rc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The internal services of the chart, as offered by the name-coverage presets:
/// (values key, label). The DNS names come from `certlens_core::chart_services`.
pub const SERVICE_PRESETS: &[(&str, &str)] = &[
    ("frontend", "frontend"),
    ("keycloak", "keycloak"),
    ("redis", "redis"),
    ("rabbitmq", "rabbitmq (-mq)"),
    ("data_streamer", "data_streamer (-data-streamer)"),
    ("artifacts", "artifacts"),
    ("backend", "backend"),
];

/// What the user asked to check names against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    /// Free-form names, one per line or separated by commas/spaces.
    pub names: String,
    /// Helm release full name, e.g. `lightrun`.
    pub release: String,
    pub namespace: String,
    /// Values keys of the presets switched on.
    pub services: Vec<String>,
}

impl Default for NameQuery {
    fn default() -> Self {
        NameQuery {
            names: String::new(),
            release: output::DEFAULT_RELEASE.into(),
            namespace: String::new(),
            services: Vec::new(),
        }
    }
}

impl NameQuery {
    /// Every name to check: the typed ones and each preset service's names.
    pub fn expanded(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .names
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let keys: Vec<&str> = self.services.iter().map(String::as_str).collect();
        for svc in certlens_core::chart_services(self.release.trim(), &keys) {
            out.extend(certlens_core::service_names(
                &svc.service,
                self.namespace.trim(),
            ));
        }
        out
    }
}

/// Everything the page shows. Inputs and the password live only in memory: never in storage,
/// never in a URL, and `Clear` drops them.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The pool of inputs, in the order the user added them.
    /// Its bytes are wiped when the last holder drops it (see [`Pool`]).
    pub inputs: Shared<Pool>,
    /// What the core made of the pool.
    pub report: Shared<Report>,
    /// Files the browser could not hand over (too large, unreadable).
    pub file_errors: Vec<String>,
    pub password: Option<Password>,
    pub names: NameQuery,
    /// A pasted `security_pinned_hashes` list.
    pub pins: String,
    pub warn_days: i64,
    /// Unix seconds, supplied by the page (the reducer has no clock).
    pub now: i64,
    /// Bumped whenever what must be read changes (pool, password, time): answers from the
    /// worker for an older generation are dropped.
    pub generation: u64,
    /// The worker is analysing `work.job` (see [`crate::job::run`]).
    pub work: Option<Work>,
    /// The worker failed (it never should; the page itself keeps running).
    pub worker_error: Option<String>,
    pastes: usize,
    /// The doctor's checklist of the pool's values.yaml or manifests.
    pub doctor: Option<Shared<DoctorReport>>,
    /// The inventory of the pool's `List`s of Secrets.
    pub inventory: Option<Shared<Inventory>>,
    /// The Helm release and namespace the doctor checks for.
    pub deployment: Deployment,
    /// The release and namespace the user gave (in the doctor's fields, or when making the
    /// internal TLS certificates): the outputs and the name presets follow it, so nothing is
    /// typed twice. `None` until then (the outputs then ask for the namespace).
    pub chosen: Option<Deployment>,
    /// Roots the user declared trusted, in the order declared (memory only; `Clear` drops them).
    pub trusted: Vec<TrustedRoot>,
    /// The hop of the doctor's map the user opened (its `id`).
    pub hop: Option<String>,
    /// The generation whose results the page brings into view (and moves focus to) once the
    /// worker has shown them: set by what the user added (a drop, a paste, the example), so a
    /// re-check after typing a name or a password never yanks the page away.
    pub reveal: Option<u64>,
    /// The last fix button pressed: the panel that does it acts once per id.
    pub fix: Option<FixRequest>,
}

/// The Helm release and namespace the doctor checks a values.yaml for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    pub release: String,
    pub namespace: String,
}

impl Default for Deployment {
    fn default() -> Self {
        Deployment {
            release: output::DEFAULT_RELEASE.into(),
            namespace: certlens_core::DEFAULT_NAMESPACE.into(),
        }
    }
}

/// The analysis in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    /// What was sent to the worker.
    pub job: Job,
    pub progress: Option<Progress>,
    /// The report shown is already this generation's (roots' self-signatures follow).
    pub shown: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            inputs: Shared::default(),
            report: Shared::default(),
            file_errors: Vec::new(),
            password: None,
            names: NameQuery::default(),
            pins: String::new(),
            warn_days: output::DEFAULT_WARN_DAYS,
            now: 0,
            generation: 0,
            work: None,
            worker_error: None,
            pastes: 0,
            doctor: None,
            hop: None,
            fix: None,
            inventory: None,
            deployment: Deployment::default(),
            chosen: None,
            trusted: Vec::new(),
            reveal: None,
        }
    }
}

/// `Debug` leaves out what may be secret: inputs, pasted text and the password.
#[derive(Clone, PartialEq)]
pub enum Action {
    /// The current time (Unix seconds); the page sends it before analysing.
    Now(i64),
    /// Files dropped or picked.
    AddFiles(Vec<Input>),
    /// Text pasted into the paste box.
    Paste(String),
    /// Remove the input at this position.
    Remove(usize),
    /// Files that could not be read at all.
    FileErrors(Vec<String>),
    /// The password for encrypted keys and PKCS#12 files (empty clears it).
    Password(String),
    Names(NameQuery),
    Pins(String),
    WarnDays(i64),
    /// The built-in demo: a shuffled chain and its key.
    LoadExample,
    /// The worker's progress on a generation.
    Progress(u64, Progress),
    /// The worker's report on a generation; `last`: nothing more follows.
    Analysed {
        generation: u64,
        report: Shared<Report>,
        last: bool,
    },
    /// The worker stopped with an error while working on a generation.
    WorkerFailed(u64, String),
    /// Forget everything.
    Clear,
    /// The doctor's checklist for a generation (`None`: nothing for the doctor in the pool).
    Doctor(u64, Option<Shared<DoctorReport>>),
    /// The inventory for a generation (`None`: no `List` of Secrets in the pool).
    Inventory(u64, Option<Shared<Inventory>>),
    /// Check the values for another release or namespace.
    Deployment(Deployment),
    /// Open (or close, when open) a hop of the doctor's map, by its id.
    Hop(String),
    /// Do a fix of the checklist (a button): the panel that does it opens, filled in.
    Fix(certlens_core::FixAction),
    /// Declare a root trusted ("Trust this root").
    Trust(TrustedRoot),
    /// Stop trusting the declared root with this SHA-256 fingerprint.
    Untrust(String),
    /// What the Make panel made, added to the pool; `ca`: the PEM of the private CA made with
    /// them, declared trusted at once (the user made it here).
    AddMade {
        inputs: Vec<Input>,
        ca: Option<String>,
    },
    /// The page brought this generation's results into view (see [`State::to_reveal`]).
    Revealed(u64),
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Now(t) => f.debug_tuple("Now").field(t).finish(),
            Action::AddFiles(files) => {
                let names: Vec<&str> = files.iter().map(|i| i.name.as_str()).collect();
                f.debug_tuple("AddFiles").field(&names).finish()
            }
            Action::Paste(text) => write!(f, "Paste(<{} bytes, redacted>)", text.len()),
            Action::Remove(i) => f.debug_tuple("Remove").field(i).finish(),
            Action::FileErrors(e) => f.debug_tuple("FileErrors").field(e).finish(),
            Action::Password(_) => f.write_str("Password(<redacted>)"),
            Action::Names(q) => f.debug_tuple("Names").field(q).finish(),
            Action::Pins(p) => f.debug_tuple("Pins").field(p).finish(),
            Action::WarnDays(d) => f.debug_tuple("WarnDays").field(d).finish(),
            Action::LoadExample => f.write_str("LoadExample"),
            Action::Progress(g, p) => f.debug_tuple("Progress").field(g).field(p).finish(),
            Action::Analysed {
                generation,
                report,
                last,
            } => f
                .debug_struct("Analysed")
                .field("generation", generation)
                .field("report", report)
                .field("last", last)
                .finish(),
            Action::WorkerFailed(g, m) => f.debug_tuple("WorkerFailed").field(g).field(m).finish(),
            Action::Clear => f.write_str("Clear"),
            Action::Doctor(g, d) => f
                .debug_tuple("Doctor")
                .field(g)
                .field(&d.as_ref().map(|d| d.verdicts.len()))
                .finish(),
            Action::Inventory(g, i) => f
                .debug_tuple("Inventory")
                .field(g)
                .field(&i.as_ref().map(|i| i.rows.len()))
                .finish(),
            Action::Deployment(d) => f.debug_tuple("Deployment").field(d).finish(),
            Action::Hop(id) => f.debug_tuple("Hop").field(id).finish(),
            Action::Fix(a) => f.debug_tuple("Fix").field(a).finish(),
            Action::Trust(t) => f.debug_tuple("Trust").field(&t.name).finish(),
            Action::Untrust(fp) => f.debug_tuple("Untrust").field(fp).finish(),
            Action::AddMade { inputs, ca } => {
                let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
                f.debug_struct("AddMade")
                    .field("inputs", &names)
                    .field("ca", &ca.is_some())
                    .finish()
            }
            Action::Revealed(g) => f.debug_tuple("Revealed").field(g).finish(),
        }
    }
}

/// The demo shown by "Load example": made by tests/fixtures/generate.sh with openssl.
pub const EXAMPLE_CHAIN: &str = include_str!("../tests/fixtures/inputs/chain-shuffled.pem");
pub const EXAMPLE_KEY: &str = include_str!("../tests/fixtures/keys/rsa-leaf.pkcs1.pem");

impl State {
    fn job(&self) -> Job {
        Job {
            generation: self.generation,
            now: self.now,
            password: self.password.clone(),
            names: self.names.expanded(),
            warn_days: self.warn_days,
            expected_pins: (!self.pins.trim().is_empty()).then(|| self.pins.clone()),
            release: self.deployment.release.clone(),
            // Until the user gives one, the doctor takes the Secrets' own namespace.
            namespace: if self.chosen.is_some() {
                self.deployment.namespace.clone()
            } else {
                String::new()
            },
            trust_anchors: self.trusted.iter().map(|t| t.der.clone()).collect(),
        }
    }


    /// Analyse the pool again, in the worker: the page keeps showing the last report, with
    /// progress, until the new one arrives. Files dropped together belong together (a chain
    /// can span files), so the whole pool is always read as one.
    fn analysed(mut self) -> Self {
        self.generation += 1;
        self.worker_error = None;
        if self.inputs.is_empty() {
            self.report = Shared::default();
            self.work = None;
            self.doctor = None;
            self.inventory = None;
        } else {
            self.work = Some(Work {
                job: self.job(),
                progress: None,
                shown: false,
            });
        }
        self
    }

    /// Whether the worker is busy with the current generation.
    pub fn working(&self) -> bool {
        self.work.is_some()
    }

    /// Only the names, pins or warning window changed. Redoing the checks judges the paths
    /// again (signatures verified), which is engine work: the page's UI binary does not carry
    /// it (Cargo.toml), so the worker analyses the pool again with the new checks while the
    /// page keeps showing the last report, as for any other change.
    fn rechecked(self) -> Self {
        self.analysed()
    }

    fn with_inputs(mut self, inputs: Vec<Input>) -> Self {
        self.inputs = Shared(Rc::new(Pool::new(inputs)));
        self.analysed()
    }

    /// Whether the results of the pool the user just added are on screen and not yet brought
    /// into view: the generation to reveal, once.
    pub fn to_reveal(&self) -> Option<u64> {
        let shown = self.work.as_ref().is_none_or(|w| w.shown);
        self.reveal
            .filter(|g| *g == self.generation && shown && !self.inputs.is_empty())
    }

    /// Whether anything is loaded.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty() && self.file_errors.is_empty()
    }
}

impl Reducible for State {
    type Action = Action;

    /// One reducer per concern (the pool, the worker's answers, the user's settings), as
    /// Yew's function_todomvc keeps its reducer's cases small.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::AddFiles(_)
            | Action::Paste(_)
            | Action::Remove(_)
            | Action::FileErrors(_)
            | Action::LoadExample
            | Action::Revealed(_)
            | Action::Clear => pool::reduce(self, action),
            Action::Progress(..)
            | Action::Analysed { .. }
            | Action::WorkerFailed(..)
            | Action::Doctor(..)
            | Action::Inventory(..) => worker::reduce(self, action),
            Action::Now(_)
            | Action::Password(_)
            | Action::Names(_)
            | Action::Pins(_)
            | Action::WarnDays(_)
            | Action::Deployment(_) => settings::reduce(self, action),
            Action::Trust(_) | Action::Untrust(_) | Action::AddMade { .. } => {
                trust::reduce(self, action)
            }
            Action::Hop(_) => hops::reduce(self, action),
            Action::Fix(_) => fixes::reduce(self, action),
        }
    }
}

#[cfg(test)]
mod tests;

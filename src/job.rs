//! One analysis of the pool, as the page's Web Worker runs it (see `browser/worker.rs`). Pure: the same
//! function runs in the worker, inline when no worker is available, and in native tests.

use certlens_core::SignatureStatus;
use certlens_core::{deployment_kinds, doctor, inventory_with_progress};
use certlens_core::{inspect_with_progress, with_self_signatures, Options, Progress, Stage};
use certlens_core::{DoctorOptions, DoctorReport, Inventory, InventoryOptions};
use certlens_core::{Input, InputReport, Report};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;
use zeroize::{Zeroize, Zeroizing};

/// The password for encrypted keys and PKCS#12 files. One buffer, shared by the page's state and
/// the jobs made from it, wiped when the last holder drops it; `Debug` never prints it. It is
/// not serialised: it goes to the worker as a transferred byte buffer (see `worker.rs`).
#[derive(Clone)]
pub struct Password(Rc<Zeroizing<String>>);

impl Password {
    pub fn new(password: String) -> Self {
        Password(Rc::new(Zeroizing::new(password)))
    }

    /// From the bytes the worker received; `None` unless they are UTF-8 (the page sends a
    /// Rust `String`'s bytes, so they always are). Only wiped buffers hold the bytes.
    pub fn from_utf8(bytes: &[u8]) -> Option<Self> {
        std::str::from_utf8(bytes)
            .ok()
            .map(|s| Password::new(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Compared by identity, like `state::Shared`: a re-typed password is a new password.
impl PartialEq for Password {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The inputs of one pool. They may hold private keys, so their bytes are wiped when the pool
/// is dropped (the page's pool when it is cleared or replaced, the worker's copy when its job is
/// done); `Debug` shows names and sizes only.
#[derive(Clone, Default, PartialEq)]
pub struct Pool(Vec<Input>);

impl Pool {
    pub fn new(inputs: Vec<Input>) -> Self {
        Pool(inputs)
    }

    /// Overwrite every input's bytes with zeros and empty the pool (what `Drop` does).
    pub fn wipe(&mut self) {
        for input in &mut self.0 {
            input.bytes.zeroize();
        }
        self.0.clear();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.wipe();
    }
}

impl std::ops::Deref for Pool {
    type Target = [Input];
    fn deref(&self) -> &[Input] {
        &self.0
    }
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.0
                    .iter()
                    .map(|i| format!("{} ({} bytes, redacted)", i.name, i.bytes.len())),
            )
            .finish()
    }
}

/// What the page sends with the inputs. `generation` identifies the pool: answers for an older
/// pool are dropped by the reducer. The JSON form (what the worker gets as text) leaves the
/// password out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub generation: u64,
    pub now: i64,
    #[serde(skip)]
    pub password: Option<Password>,
    pub names: Vec<String>,
    pub warn_days: i64,
    pub expected_pins: Option<String>,
    /// The Helm release and namespace the doctor checks a values.yaml for.
    #[serde(default)]
    pub release: String,
    #[serde(default)]
    pub namespace: String,
    /// Roots the user declared trusted (DER), as `Options.trust_anchors`: certificates, not
    /// secrets, so they travel in the JSON like the names.
    #[serde(default)]
    pub trust_anchors: Vec<Vec<u8>>,
}

impl Job {
    pub fn options(&self) -> Options {
        let mut o = Options::at(self.now);
        o.password = self
            .password
            .as_ref()
            .map(|p| Zeroizing::new(p.as_str().to_string()));
        o.names = self.names.clone();
        o.warn_days = self.warn_days;
        o.expected_pins = self.expected_pins.clone();
        o.trust_anchors = self.trust_anchors.clone();
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
    /// The doctor's checklist, before any report; `None` when the pool holds no values.yaml
    /// and no Ingress or Certificate manifest.
    Doctor(Option<Box<DoctorReport>>),
    /// The inventory of the pool's `List`s of Secrets, before any report; `None` without one.
    Inventory(Option<Box<Inventory>>),
    /// `last`: nothing more follows for this generation.
    Report {
        report: Report,
        last: bool,
    },
}

/// Run a job. The first report comes as soon as everything is read and every chain link is
/// checked; checking each root's own signature (a millisecond or more each, and most of the
/// work on a CA bundle) follows as a second report.
///
/// A pool with a values.yaml or manifests first gets the doctor's checklist (over every input:
/// the Secrets it names may be anywhere); `List`s of Secrets (`kubectl get secrets -A -o yaml`)
/// go to the inventory, each Secret its own pool, and not into the pooled report.
pub fn run(job: &Job, inputs: &[Input], emit: &mut dyn FnMut(Update)) {
    let kinds = deployment_kinds(inputs);
    let is_list = |i: &usize| kinds.secret_lists.contains(i);
    let lists: Vec<&Input> = inputs
        .iter()
        .enumerate()
        .filter(|(i, _)| is_list(i))
        .map(|(_, x)| x)
        .collect();
    let rest: Vec<&Input> = inputs
        .iter()
        .enumerate()
        .filter(|(i, _)| !is_list(i))
        .map(|(_, x)| x)
        .collect();
    let inventory = (!lists.is_empty()).then(|| {
        let mut o = InventoryOptions::at(job.now);
        o.warn_days = job.warn_days;
        let lists = Pool::new(lists.iter().map(|i| (*i).clone()).collect());
        Box::new(inventory_with_progress(&lists, &o, &mut |done, total| {
            emit(Update::Progress(Progress {
                stage: Stage::Secrets,
                done,
                total,
            }))
        }))
    });
    emit(Update::Inventory(inventory));
    let checklist = kinds.doctor().then(|| {
        let mut o = DoctorOptions::at(job.now);
        if !job.release.trim().is_empty() {
            o.release = job.release.clone();
        }
        if !job.namespace.trim().is_empty() {
            o.namespace = job.namespace.clone();
            o.namespace_given = true;
        }
        o.warn_days = job.warn_days;
        // The page asks for the corrected keys and shows them blurred until "Show", like
        // every other key output; they never leave the page.
        o.show_secrets = true;
        Box::new(doctor(inputs, &o))
    });
    emit(Update::Doctor(checklist));
    let rest = Pool::new(rest.into_iter().cloned().collect());
    // The report lists every input in the pool's order (the Inputs panel removes by position),
    // the Lists too: they are read by the inventory, so they have no blocks of their own here.
    let whole = |mut r: Report| {
        let mut pooled = std::mem::take(&mut r.inputs).into_iter();
        r.inputs = inputs
            .iter()
            .enumerate()
            .filter_map(|(i, input)| {
                if kinds.secret_lists.contains(&i) {
                    Some(InputReport {
                        name: input.name.clone(),
                        size: input.bytes.len(),
                        blocks: Vec::new(),
                        errors: 0,
                    })
                } else {
                    pooled.next()
                }
            })
            .collect();
        r
    };
    if rest.is_empty() {
        emit(Update::Report {
            report: whole(Report {
                now: certlens_core::timefmt::rfc3339(job.now),
                ..Report::default()
            }),
            last: true,
        });
        return;
    }
    let inputs: &[Input] = &rest;
    let opts = job.options();
    let report = inspect_with_progress(inputs, &opts, &mut |p| emit(Update::Progress(p)));
    let roots_left = report
        .certificates
        .iter()
        .any(|c| c.self_signature == Some(SignatureStatus::NotChecked));
    if !roots_left {
        emit(Update::Report {
            report: whole(report),
            last: true,
        });
        return;
    }
    // The first report goes out before the slow part starts.
    emit(Update::Report {
        report: whole(report.clone()),
        last: false,
    });
    let later = with_self_signatures(report, &opts, &mut |p| emit(Update::Progress(p)));
    emit(Update::Report {
        report: whole(later),
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
            release: String::new(),
            namespace: String::new(),
            trust_anchors: vec![],
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
        // Nothing for the doctor or the inventory in a chain; then progress first.
        assert_eq!(got[..2], [Update::Inventory(None), Update::Doctor(None)]);
        assert!(matches!(got.get(2), Some(Update::Progress(_))));
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
    fn the_password_is_not_in_the_json_nor_in_debug() {
        let job = Job {
            generation: 1,
            now: 0,
            password: Some(Password::new("correct horse".into())),
            names: vec![],
            warn_days: 30,
            expected_pins: None,
            release: String::new(),
            namespace: String::new(),
            trust_anchors: vec![],
        };
        let json = serde_json::to_string(&job).unwrap();
        assert!(!json.contains("correct horse"), "{json}");
        let debug = format!("{job:?}");
        assert!(!debug.contains("correct horse") && debug.contains("<redacted>"));
        // The options made from the job still carry it, in their own wiped buffer.
        let opts = job.options();
        assert_eq!(
            opts.password.as_ref().map(|p| p.as_str()),
            Some("correct horse")
        );
        let back: Job = serde_json::from_str(&json).unwrap();
        assert!(back.password.is_none());
    }

    #[test]
    fn the_password_survives_the_byte_buffer() {
        let p = Password::from_utf8("pässword".as_bytes()).unwrap();
        assert_eq!(p.as_str(), "pässword");
        assert!(Password::from_utf8(&[0xff, 0xfe]).is_none());
    }

    #[test]
    fn a_pool_hides_and_wipes_its_bytes() {
        let key = b"-----BEGIN PRIVATE KEY-----\nMIIE...\n".to_vec();
        let mut pool = Pool::new(vec![Input::new("key.pem", key.clone())]);
        let debug = format!("{pool:?}");
        assert!(
            debug.contains("key.pem") && !debug.contains("PRIVATE"),
            "{debug}"
        );
        assert_eq!(pool.len(), 1);
        assert_eq!(pool[0].bytes, key);
        // `Drop` calls this. `Vec::zeroize` overwrites every byte (up to the capacity) before
        // emptying the vector; safe code cannot look at the freed memory, so this checks that
        // the pool is emptied and relies on `zeroize` for the overwrite.
        pool.wipe();
        assert!(pool.is_empty());
    }

    #[test]
    fn values_get_the_checklist_first_and_lists_the_inventory() {
        let fx = |rel: &str| {
            let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
            Input::new(rel, std::fs::read(&path).unwrap())
        };
        let job = Job {
            generation: 1,
            now: 1_782_864_000,
            password: None,
            names: vec![],
            warn_days: 30,
            expected_pins: None,
            release: "lightrun".into(),
            namespace: "lr-prod".into(),
            trust_anchors: vec![],
        };
        let mut got = Vec::new();
        let inputs = [
            fx("doctor/values-good.yaml"),
            fx("inventory/secrets-list.yaml"),
        ];
        run(&job, &inputs, &mut |u| got.push(u));
        let pos = |f: &dyn Fn(&Update) -> bool| got.iter().position(f).unwrap();
        let inv = pos(&|u| matches!(u, Update::Inventory(Some(_))));
        let doc = pos(&|u| matches!(u, Update::Doctor(Some(_))));
        let rep = pos(&|u| matches!(u, Update::Report { .. }));
        assert!(inv < doc && doc < rep);
        assert!(got
            .iter()
            .any(|u| matches!(u, Update::Progress(p) if p.stage == Stage::Secrets)));
        let Some(Update::Doctor(Some(d))) = got.get(doc) else {
            unreachable!()
        };
        assert_eq!(d.namespace, "lr-prod");
        assert!(!d.has_errors());
        let Some(Update::Inventory(Some(i))) = got.get(inv) else {
            unreachable!()
        };
        assert_eq!(i.rows.len(), 5);
        // The List is not pooled into the report, but still listed, in its place.
        let Some(Update::Report { report, .. }) = got.last() else {
            unreachable!()
        };
        let names: Vec<&str> = report.inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            ["doctor/values-good.yaml", "inventory/secrets-list.yaml"]
        );
        assert!(report.inputs[1].blocks.is_empty());
        assert!(report
            .certificates
            .iter()
            .all(|c| c.source == "doctor/values-good.yaml"));
        assert_eq!(i.inputs, ["inventory/secrets-list.yaml"]);
        // A plain chain: neither.
        let got = updates("inputs/chain-correct.pem");
        assert!(got.contains(&Update::Doctor(None)) && got.contains(&Update::Inventory(None)));
    }

    #[test]
    fn a_lone_leaf_gets_one_report() {
        let got = updates("certs/rsa-leaf.pem");
        let reports = reports(&got);
        assert_eq!(reports.len(), 1);
        assert!(reports[0].1, "the only report is the last");
    }
}

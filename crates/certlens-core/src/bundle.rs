//! One deployable bundle, checked before it is offered: the files of
//! [`crate::output::bundle_files`] are given to the deployment doctor exactly as a user would
//! drop them back (the values file and the Secrets file as inputs), and its report goes with
//! the bundle. A bundle the doctor does not pass is a defect of the bundle, not something to
//! show the user as their problem: the tests assert every made bundle passes.
//!
//! This module sits below `doctor` and `generate` (it uses both); nothing uses it but the front
//! ends.

use serde::Serialize;

use crate::doctor::{doctor, DoctorOptions, DoctorReport};
use crate::generate::{internal_tls_set, InternalSetOptions, MadeInternal, MakeError, Seed};
use crate::input::Input;
use crate::model::Report;
use crate::output::{
    bundle_files, bundle_zip, zip_name, BundleError, BundleFile, BundleOptions, Choice,
};

/// A bundle, its zip and the doctor's verdict on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bundle {
    /// The release.
    pub release: String,
    /// The namespace.
    pub namespace: String,
    /// The files (Secrets, values, README), each with its unique name.
    pub files: Vec<BundleFile>,
    /// The commands that apply them, in order.
    pub commands: Vec<String>,
    /// The settings as chosen, each with its consequence.
    pub choices: Vec<Choice>,
    /// `security_pinned_hashes`: the served leaf's pin (then old pins of a rotation).
    pub pins: Vec<String>,
    /// Whether the values configure internal TLS.
    pub internal_tls: bool,
    /// The doctor's report on the files, exactly as dropping them back gives it.
    pub doctor: DoctorReport,
    /// Whether the doctor found no error and no warning.
    pub passes: bool,
    /// The verdict in one line: "This bundle passes every check (…)".
    pub verdict: String,
    /// The zip's file name.
    pub zip_name: String,
    /// The zip (every file of [`Self::files`]). Not in JSON: front ends hand it over as bytes.
    #[serde(skip)]
    pub zip: Vec<u8>,
    /// What may be wrong.
    pub warnings: Vec<String>,
    /// What was done and why.
    pub notes: Vec<String>,
}

/// The doctor's verdict on a bundle, in one line (every front end shows this one).
pub fn bundle_verdict(report: &DoctorReport) -> String {
    let s = &report.summary;
    let total = s.ok + s.warnings + s.errors + s.not_checked;
    if s.errors == 0 && s.warnings == 0 && report.errors.is_empty() {
        format!(
            "This bundle passes every check: {} of {total} settings OK{}",
            s.ok,
            if s.not_checked > 0 {
                format!(", {} not checked (nothing to check in this bundle)", s.not_checked)
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "This bundle does not pass every check: {} error(s), {} warning(s){} (the checklist below says which and why)",
            s.errors,
            s.warnings,
            if report.errors.is_empty() {
                String::new()
            } else {
                format!(", {} unreadable file(s)", report.errors.len())
            }
        )
    }
}

/// The bundle of an inspected pool (one's own certificates, or made ones), checked.
pub fn bundle_of(report: &Report, opts: &BundleOptions, now: i64) -> Result<Bundle, BundleError> {
    let b = bundle_files(report, opts)?;
    let inputs: Vec<Input> = b
        .files
        .iter()
        .filter(|f| f.name != crate::output::README_FILE)
        .map(|f| Input::new(f.name.clone(), f.text.as_bytes().to_vec()))
        .collect();
    let mut d = DoctorOptions::at(now);
    d.release = opts.release.trim().to_string();
    d.namespace = opts.namespace.trim().to_string();
    d.namespace_given = true;
    let report = doctor(&inputs, &d);
    let passes = !report.has_errors() && report.summary.warnings == 0;
    let verdict = bundle_verdict(&report);
    let zip = bundle_zip(&b.files)?;
    Ok(Bundle {
        release: d.release.clone(),
        namespace: d.namespace.clone(),
        zip_name: zip_name(&d.release, &d.namespace),
        files: b.files,
        commands: b.commands,
        choices: b.choices,
        pins: b.pins,
        internal_tls: b.internal_tls,
        doctor: report,
        passes,
        verdict,
        zip,
        warnings: b.warnings,
        notes: b.notes,
    })
}

/// The bundle of the inputs (certificates and keys, PEM/DER/…), inspected at `now`.
pub fn bundle(
    inputs: &[Input],
    opts: &BundleOptions,
    now: i64,
    password: Option<&str>,
) -> Result<Bundle, BundleError> {
    let mut o = crate::inspect::Options::at(now);
    if let Some(p) = password {
        o = o.with_password(p);
    }
    let report = crate::inspect::inspect(inputs, &o);
    bundle_of(&report, opts, now)
}

/// The bundle of a made deployment (Make → Private CA), from its pool.
pub fn bundle_of_made(
    made: &MadeInternal,
    opts: &BundleOptions,
    now: i64,
) -> Result<Bundle, BundleError> {
    let inputs: Vec<Input> = made
        .pool
        .iter()
        .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
        .collect();
    bundle(&inputs, opts, now, None)
}

/// Make a private CA with every service's certificate and the main one, then its bundle: the
/// whole "I have nothing yet" path in one call. `endpoint` is `general.lightrun_endpoint`.
pub fn make_bundle(
    set: &InternalSetOptions,
    seed: &Seed,
    opts: &BundleOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(MadeInternal, Bundle), BundleError> {
    let made = internal_tls_set(set, seed, progress).map_err(|e: MakeError| match e {
        MakeError::Output(o) => BundleError::Output(o),
        other => BundleError::Make {
            reason: other.to_string(),
        },
    })?;
    let b = bundle_of_made(&made, opts, set.now)?;
    Ok((made, b))
}

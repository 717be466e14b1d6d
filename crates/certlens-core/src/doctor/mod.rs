//! The deployment doctor: a Lightrun `values.yaml` with the Secrets dropped beside it, or a set
//! of Kubernetes manifests (Ingresses, cert-manager Certificates), checked setting by setting.
//!
//! Every verdict names a setting path (`certificate.tls.crt`,
//! `general.internal_tls.certificates.existing_certificates.redis`, `Ingress web, tls[0]`), the
//! file and line it was read from, what is wrong and how to fix it. What cannot be checked
//! offline (a Secret only named, not given) is a `not_checked` verdict, never a silent pass.
//!
//! Decisions:
//! - The chart facts (which keys it mounts, Service names, the backend check) come from
//!   `output::defaults`, `checks::names` and `output::internal`: one place each.
//! - Material is checked by running the ordinary pipeline ([`crate::inspect`]) on a small pool
//!   per setting (`inspect::pool`), so a verdict agrees with what `certlens inspect` says of the same
//!   bytes.
//! - A Secret given in the input is used when its name matches and its namespace is the
//!   release's or absent; one in another namespace is reported, not used.

mod hops;
mod agents;
mod lines;
mod manifests;
mod material;
mod rotation;
mod values;
mod verdict;

use serde::{Deserialize, Serialize};
use yaml_rust2::Yaml;

use crate::input::k8s::secret;
use crate::input::Input;
use crate::inspect::pool;
use crate::limits::Limits;
pub use hops::Hop;
pub use agents::{is_agents_verdict, AGENTS_HOP, AGENTS_SETTING, AGENT_SECRET_SETTING};
pub use verdict::{FixAction, Level, Problem, SecretValue, Verdict};

/// What the doctor needs besides the files.
#[derive(Debug, Clone)]
pub struct DoctorOptions {
    /// The Helm release name (the chart's full name), default [`crate::output::DEFAULT_RELEASE`].
    pub release: String,
    /// The release namespace, default [`DEFAULT_NAMESPACE`].
    pub namespace: String,
    /// The user gave `namespace`. When not, and every Secret given that names a namespace
    /// names the same one, that one is used (`DoctorReport::namespace_inferred`): the Secrets
    /// of `kubectl get secret -n NS -o yaml` say where the release is better than a default.
    pub namespace_given: bool,
    /// "Now" as Unix seconds.
    pub now: i64,
    /// Warn when a certificate expires within this many days.
    pub warn_days: i64,
    /// Per-pool limits for every piece of material checked.
    pub limits: Limits,
    /// Put secret values (the corrected encryption key a fix hands over) in the report. Off by
    /// default: doctor output is pasted into tickets and kept in CI logs, so a key is withheld
    /// unless asked for (the CLI's `--show-secrets`, the JS option `showSecrets`; the page asks
    /// and shows it blurred until "Show").
    pub show_secrets: bool,
}

impl DoctorOptions {
    /// The defaults every front end uses: release and namespace `lightrun`.
    pub fn at(now: i64) -> Self {
        DoctorOptions {
            release: crate::output::DEFAULT_RELEASE.to_string(),
            namespace: DEFAULT_NAMESPACE.to_string(),
            namespace_given: false,
            now,
            warn_days: crate::output::DEFAULT_WARN_DAYS,
            limits: Limits::default(),
            show_secrets: false,
        }
    }
}

/// What a verdict says of a Secret only named (the verdict's level is `not_checked`): the one
/// wording, so that every setting asks the same way.
pub const GIVE_SECRET: &str = "give me the Secret to check it";

/// The namespace the doctor assumes when none is given (the docs install into `lightrun`).
pub const DEFAULT_NAMESPACE: &str = "lightrun";

/// Everything the doctor found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoctorReport {
    /// "Now" as RFC 3339.
    pub now: String,
    pub release: String,
    /// The namespace checked against.
    pub namespace: String,
    /// `namespace` was not given but taken from the Secrets given (all in that namespace).
    #[serde(default)]
    pub namespace_inferred: bool,
    /// What was recognised: `values` (a values.yaml), `manifests` (Ingresses, Certificates).
    pub modes: Vec<String>,
    /// One verdict per setting, in the order of the checklist.
    pub verdicts: Vec<Verdict>,
    /// The deployment's TLS hops (values files only), each with the verdicts behind it:
    /// the map the page draws and the CLI's table.
    #[serde(default)]
    pub hops: Vec<Hop>,
    /// Files or documents that could not be read, as sentences.
    pub errors: Vec<String>,
    /// Files that were read but hold nothing the doctor checks, and why.
    pub unused: Vec<String>,
    /// Counts of verdicts by level.
    pub summary: Summary,
    /// The checklist's reading order, as indices into `verdicts`: errors first, then warnings,
    /// ok, not checked; the file's order within a level. Every front end shows the rows in this
    /// order (`verdicts` keeps the file's order, which `hops` index).
    #[serde(default)]
    pub order: Vec<usize>,
}

/// How many verdicts of each level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub ok: usize,
    pub warnings: usize,
    pub errors: usize,
    pub not_checked: usize,
}

impl Summary {
    /// The tally as one line, worst first, levels with no row left out:
    /// `8 errors · 1 warning · 2 ok · 6 not checked`. The page's summary line and the CLI's
    /// first line.
    pub fn line(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            format!("{n} {}", if n == 1 { one } else { many })
        };
        let parts: Vec<String> = [
            (self.errors, plural(self.errors, "error", "errors")),
            (self.warnings, plural(self.warnings, "warning", "warnings")),
            (self.ok, format!("{} ok", self.ok)),
            (self.not_checked, format!("{} not checked", self.not_checked)),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, t)| t)
        .collect();
        if parts.is_empty() {
            "nothing checked".to_string()
        } else {
            parts.join(" · ")
        }
    }
}

/// Where a level stands in the checklist's reading order (errors first).
pub fn level_rank(level: Level) -> u8 {
    match level {
        Level::Error => 0,
        Level::Warning => 1,
        Level::Ok => 2,
        Level::NotChecked => 3,
    }
}

/// The reading order of `verdicts` (see [`DoctorReport::order`]).
fn reading_order(verdicts: &[Verdict]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..verdicts.len()).collect();
    // A stable sort: equal levels keep the file's order.
    order.sort_by_key(|&i| verdicts.get(i).map_or(u8::MAX, |v| level_rank(v.level)));
    order
}

impl DoctorReport {
    /// The verdicts in reading order (errors, warnings, ok, not checked), each with its index
    /// into `verdicts`. Falls back to the file's order for a report read from JSON without
    /// `order`.
    pub fn ordered(&self) -> Vec<(usize, &Verdict)> {
        let order = if self.order.len() == self.verdicts.len() {
            self.order.clone()
        } else {
            reading_order(&self.verdicts)
        };
        order
            .into_iter()
            .filter_map(|i| self.verdicts.get(i).map(|v| (i, v)))
            .collect()
    }

    /// Any error verdict, or a file that could not be read: the deployment will fail (the
    /// CLI's exit status 1).
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0 || !self.errors.is_empty()
    }

    /// The report as JSON (the contract in `docs/json-contract.md`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The Findings panel's count line, beside the checklist when there is one. The findings are
/// the certificates' and keys' own (order, key match, encodings); the checklist judges the
/// settings that use them, so its counts are larger, and two bare counts side by side ("3
/// errors" above "11 errors") read as a contradiction. One line says what each counts.
pub fn findings_summary(report: &crate::model::Report, checklist: Option<&Summary>) -> String {
    use crate::model::Severity;
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
        + report.errors.len();
    let warnings = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    // A grouped finding ("10,000 certificates: the issuer of each is missing") is one row but
    // says the same of many certificates; a bare "1 error" beside 10,000 broken leaves would
    // understate it, so the count says how many certificates the grouped ones cover.
    let counted = |severity: Severity, w: &str| {
        let n = if severity == Severity::Error { errors } else { warnings };
        let grouped: Vec<usize> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity && f.grouped)
            .map(|f| f.certificates.len())
            .collect();
        let covered: usize = grouped.iter().sum();
        match grouped.len() {
            0 => plural(n, w),
            1 if n == 1 => format!(
                "1 {w} (told once for {} certificates)",
                crate::asn1::thousands(covered as u64)
            ),
            1 => format!(
                "{} (one of them told once for {} certificates)",
                plural(n, w),
                crate::asn1::thousands(covered as u64)
            ),
            k => format!(
                "{} ({k} of them told once each for several certificates, {} in all)",
                plural(n, w),
                crate::asn1::thousands(covered as u64)
            ),
        }
    };
    let own = if errors == 0 && warnings == 0 {
        "No problems found in the certificates and keys themselves".to_string()
    } else {
        format!(
            "{}, {} in the certificates and keys themselves",
            counted(Severity::Error, "error"),
            counted(Severity::Warning, "warning")
        )
    };
    match checklist {
        Some(c) => format!(
            "{own}; the deployment checklist judges the settings that use them: {}.",
            c.line()
        ),
        None if errors == 0 && warnings == 0 => "No problems found.".to_string(),
        None => format!(
            "{}, {}",
            counted(Severity::Error, "error"),
            counted(Severity::Warning, "warning")
        ),
    }
}

/// What a set of inputs holds, sniffed from the text without parsing it, so that a front end
/// can pick the views to show (the doctor's checklist, the inventory) before the work starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentKinds {
    /// A Helm values file (top-level `certificate:`, `general:` or `secrets:`, no `kind:`).
    pub values: bool,
    /// An Ingress or a cert-manager Certificate.
    pub manifests: bool,
    /// A `lightrun-agents` chart values file (top-level `javaAgents:`, no `kind:`).
    #[serde(default)]
    pub agents: bool,
    /// Indices of the inputs that are a `List` of Secrets (`kubectl get secrets -o yaml|json`):
    /// the inventory's input.
    pub secret_lists: Vec<usize>,
}

impl DeploymentKinds {
    /// The doctor has something to check.
    pub fn doctor(&self) -> bool {
        self.values || self.manifests || self.agents
    }
}

/// Sniff what the inputs hold (see [`DeploymentKinds`]). One pass over each text's lines;
/// nothing is parsed.
pub fn deployment_kinds(inputs: &[Input]) -> DeploymentKinds {
    let mut k = DeploymentKinds::default();
    for (i, input) in inputs.iter().enumerate() {
        let Ok(text) = core::str::from_utf8(&input.bytes) else {
            continue;
        };
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{') {
            // `kubectl get secrets -o json`: a List of Secrets. Spacing varies between writers.
            let compact = |k: &str| {
                t.contains(&format!("\"kind\": \"{k}\""))
                    || t.contains(&format!("\"kind\":\"{k}\""))
            };
            if compact("List") && compact("Secret") {
                k.secret_lists.push(i);
            }
            continue;
        }
        let (mut kind_list, mut secret, mut values_key, mut top_kind, mut agents_key) =
            (false, false, false, false, false);
        for line in t.lines() {
            if line.starts_with(' ') || line.starts_with('-') {
                if !secret && line.trim_start_matches([' ', '-']).trim_end() == "kind: Secret" {
                    secret = true;
                }
                continue;
            }
            let l = line.trim_end();
            match l {
                "kind: List" => kind_list = true,
                "kind: Secret" => {
                    secret = true;
                    top_kind = true;
                }
                "kind: Ingress" | "kind: Certificate" => {
                    k.manifests = true;
                    top_kind = true;
                }
                _ if l.starts_with("kind:") => top_kind = true,
                _ if ["certificate:", "general:", "secrets:"]
                    .iter()
                    .any(|p| l.starts_with(p)) =>
                {
                    values_key = true
                }
                _ if l.starts_with("javaAgents:") => agents_key = true,
                _ => {}
            }
        }
        if kind_list && secret {
            k.secret_lists.push(i);
        }
        if values_key && !top_kind {
            k.values = true;
        }
        if agents_key && !top_kind {
            k.agents = true;
        }
    }
    k
}

/// A values document with its text (for line numbers).
pub(crate) struct ValuesDoc {
    pub source: String,
    pub text: String,
    pub doc: Yaml,
}

/// A manifest other than a Secret (Ingress, Certificate).
pub(crate) struct Manifest {
    pub source: String,
    pub text: String,
    pub doc: Yaml,
}

/// Everything read from the inputs, sorted by kind.
pub(crate) struct Docs {
    /// The run's bounded work (every pool inspected draws from it).
    pub work: pool::Work,
    pub values: Vec<ValuesDoc>,
    /// `lightrun-agents` chart values (`javaAgents`).
    pub agents: Vec<ValuesDoc>,
    pub secrets: Vec<secret::Secret>,
    pub ingresses: Vec<Manifest>,
    pub certificates: Vec<Manifest>,
    pub errors: Vec<String>,
    pub unused: Vec<String>,
}

impl Docs {
    /// The Secret `name` in `namespace` (or with no namespace given), and any of that name in
    /// another namespace.
    pub(crate) fn secret(
        &self,
        name: &str,
        namespace: &str,
    ) -> (Option<&secret::Secret>, Option<&secret::Secret>) {
        let same = self
            .secrets
            .iter()
            .find(|s| s.name == name && s.namespace.as_deref().is_none_or(|ns| ns == namespace));
        let other = self.secrets.iter().find(|s| s.name == name);
        (same, other)
    }
}

/// Top-level keys of the chart's values: a document with one of them and no `kind` is a
/// values file.
const VALUES_KEYS: &[&str] = &["certificate", "general", "secrets", "deployments"];

fn sort_doc(docs: &mut Docs, doc: Yaml, source: &str, text: &str, depth: usize) -> bool {
    match doc["kind"].as_str() {
        Some("List") if depth == 0 => {
            let mut any = false;
            if let Some(items) = doc["items"].as_vec() {
                for item in items {
                    any |= sort_doc(docs, item.clone(), source, text, depth + 1);
                }
            }
            any
        }
        Some("Secret") => {
            if let Some(s) = secret::from_yaml(&doc, source) {
                docs.secrets.push(s);
            }
            true
        }
        Some("Ingress") => {
            docs.ingresses.push(Manifest {
                source: source.to_string(),
                text: text.to_string(),
                doc,
            });
            true
        }
        Some("Certificate")
            if doc["apiVersion"]
                .as_str()
                .is_some_and(|v| v.starts_with("cert-manager.io/")) =>
        {
            docs.certificates.push(Manifest {
                source: source.to_string(),
                text: text.to_string(),
                doc,
            });
            true
        }
        Some(_) => false,
        None if agents::is_agents_values(&doc) => {
            docs.agents.push(ValuesDoc {
                source: source.to_string(),
                text: text.to_string(),
                doc,
            });
            true
        }
        None => {
            let is_values = doc.as_hash().is_some_and(|h| {
                VALUES_KEYS
                    .iter()
                    .any(|k| h.contains_key(&Yaml::String((*k).to_string())))
            });
            if is_values {
                docs.values.push(ValuesDoc {
                    source: source.to_string(),
                    text: text.to_string(),
                    doc,
                });
            }
            is_values
        }
    }
}

pub(crate) fn read_docs(inputs: &[Input], opts: &DoctorOptions) -> Docs {
    let mut docs = Docs {
        work: pool::Work::new(&opts.limits, opts.now, opts.warn_days),
        values: Vec::new(),
        agents: Vec::new(),
        secrets: Vec::new(),
        ingresses: Vec::new(),
        certificates: Vec::new(),
        errors: Vec::new(),
        unused: Vec::new(),
    };
    for input in inputs {
        let Ok(text) = core::str::from_utf8(&input.bytes) else {
            docs.unused.push(format!(
                "{}: binary file; the doctor reads values.yaml files and Kubernetes manifests (inspect it on its own)",
                input.name
            ));
            continue;
        };
        let text = text.trim_start_matches('\u{feff}');
        // `kubectl get secrets -n NS -o yaml|json` (a List, often over the YAML loader's 8 MB
        // with Helm's release Secrets): read by `input::k8s` as the inventory reads it, Secret
        // by Secret.
        if !deployment_kinds(std::slice::from_ref(input))
            .secret_lists
            .is_empty()
        {
            let mut errors = Vec::new();
            crate::input::k8s::secrets(&input.name, text, &mut docs.secrets, &mut errors);
            docs.errors.extend(
                errors
                    .into_iter()
                    .map(|e| format!("{}: {}", e.location, e.message)),
            );
            continue;
        }
        if !crate::input::yaml::looks_like_yaml(text) {
            docs.unused.push(format!(
                "{}: not YAML or JSON; the doctor reads values.yaml files and Kubernetes manifests (inspect it on its own)",
                input.name
            ));
            continue;
        }
        match crate::input::yaml::load(text) {
            Ok(loaded) => {
                let mut any = false;
                for doc in loaded {
                    any |= sort_doc(&mut docs, doc, &input.name, text, 0);
                }
                if !any {
                    docs.unused.push(format!(
                        "{}: no values (certificate:, general:, secrets:, javaAgents:), Secret, Ingress or cert-manager Certificate in it",
                        input.name
                    ));
                }
            }
            Err(detail) => docs.errors.push(format!(
                "{}: looks like YAML or JSON but cannot be parsed: {detail}",
                input.name
            )),
        }
    }
    docs
}

/// Check a deployment: every values file against the Secrets given, then every Ingress and
/// cert-manager Certificate against the Secrets they name.
pub fn doctor(inputs: &[Input], opts: &DoctorOptions) -> DoctorReport {
    let docs = read_docs(inputs, opts);
    let inferred = (!opts.namespace_given)
        .then(|| {
            let mut names = docs.secrets.iter().filter_map(|s| s.namespace.as_deref());
            let first = names.next()?;
            names.all(|n| n == first).then(|| first.to_string())
        })
        .flatten();
    let with_ns;
    let opts = match &inferred {
        Some(ns) => {
            with_ns = DoctorOptions {
                namespace: ns.clone(),
                ..opts.clone()
            };
            &with_ns
        }
        None => opts,
    };
    let mut verdicts = Vec::new();
    let mut hops = Vec::new();
    let mut modes = Vec::new();
    if !docs.values.is_empty() {
        modes.push("values".to_string());
        for v in &docs.values {
            let (found, mut map) = values::check(v, &docs, opts);
            let offset = verdicts.len();
            for h in &mut map {
                for i in &mut h.verdicts {
                    *i += offset;
                }
            }
            verdicts.extend(found);
            hops.extend(map);
        }
    }
    if !docs.ingresses.is_empty() || !docs.certificates.is_empty() {
        modes.push("manifests".to_string());
        verdicts.extend(manifests::check(&docs, opts));
    }
    let has_agents = agents::any(&docs);
    if has_agents {
        modes.push("agents".to_string());
        verdicts.extend(agents::check(&docs, opts));
        hops::with_agents(&mut hops, &verdicts);
    }
    let mut errors = docs.errors;
    if docs.values.is_empty()
        && docs.ingresses.is_empty()
        && docs.certificates.is_empty()
        && !has_agents
    {
        errors.push(if docs.secrets.is_empty() {
            "nothing to check: give a values.yaml (with the Secrets it names), or Ingress / cert-manager Certificate manifests with their Secrets".to_string()
        } else {
            format!(
                "{} Secret(s) but no values.yaml, Ingress or Certificate naming them: use the inventory to list the certificates of Secrets",
                docs.secrets.len()
            )
        });
    }
    let mut summary = Summary::default();
    for v in &verdicts {
        match v.level {
            Level::Ok => summary.ok += 1,
            Level::Warning => summary.warnings += 1,
            Level::Error => summary.errors += 1,
            Level::NotChecked => summary.not_checked += 1,
        }
    }
    DoctorReport {
        now: crate::timefmt::rfc3339(opts.now),
        release: opts.release.trim().to_string(),
        namespace: opts.namespace.trim().to_string(),
        namespace_inferred: inferred.is_some(),
        modes,
        order: reading_order(&verdicts),
        verdicts,
        hops,
        errors,
        unused: docs.unused,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_sniffed_without_parsing() {
        let k = deployment_kinds(&[
            Input::new("v", "# values\ncertificate:\n  tls:\n    crt: x\n"),
            Input::new("s", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n"),
            Input::new("l", "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Secret\nkind: List\n"),
            Input::new("j", "{\n  \"apiVersion\": \"v1\",\n  \"items\": [{\"kind\": \"Secret\"}],\n  \"kind\": \"List\"\n}"),
            Input::new("p", "-----BEGIN CERTIFICATE-----\n"),
        ]);
        assert!(k.values && !k.manifests);
        assert_eq!(k.secret_lists, [2, 3]);
        let k = deployment_kinds(&[Input::new(
            "i",
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nspec: {}\n",
        )]);
        assert!(k.manifests && !k.values && k.doctor());
        // A Secret holding a `secrets:` key is not a values file; a List of Pods is no inventory.
        let k = deployment_kinds(&[
            Input::new("s", "kind: Secret\nsecrets:\n  a: b\n"),
            Input::new("l", "kind: List\nitems:\n- kind: Pod\n"),
        ]);
        assert_eq!(k, DeploymentKinds::default());
    }
}

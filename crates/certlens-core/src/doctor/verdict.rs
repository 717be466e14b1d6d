//! One verdict per setting, and how one is built.

use serde::{Deserialize, Serialize};

/// How a setting stands. Ordered from good to bad, so that the worst problem decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// Checked, and it will work.
    Ok,
    /// Cannot be checked offline with what was given (a Secret only named): give it.
    NotChecked,
    /// Works, but needs a look (expiring soon, root left out, mixed case in pins).
    Warning,
    /// The deployment fails or the setting is wrong.
    Error,
}

impl Level {
    /// A short word for text output.
    pub fn word(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::NotChecked => "not checked",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One thing wrong with a setting, and its fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub level: Level,
    /// What is wrong, for a person.
    pub text: String,
    /// What to do about it, in words (no command of any front end: each front end renders
    /// `action` its own way, the CLI as its command, the page as a button).
    pub fix: Option<String>,
    /// The fix as something a front end can do itself, with the deployment's release and
    /// namespace filled in. Absent when the fix needs the user (a Secret to fetch, a CA to ask).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<FixAction>,
    /// A secret value the fix hands over (the corrected encryption key), kept out of `fix` so
    /// that it can be withheld: doctor output ends up in logs, tickets and shared screens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretValue>,
}

/// A fix certlens can do itself. One value for every front end: the CLI prints it as its
/// command ([`FixAction::command`]), the page shows it as a button that runs it, the JS module
/// returns it as data. Each carries what the fix needs from the deployment (release, namespace),
/// so no front end guesses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FixAction {
    /// Make a private CA and every internal service's certificate from it (Make's "Private CA").
    /// `services`: the values keys (`frontend`, `keycloak`, ...) whose certificate is wrong or
    /// missing; the fix makes them all, since they must share the CA first in `ca.crt`.
    MakeInternalTls {
        release: String,
        namespace: String,
        services: Vec<String>,
        /// The public host (`general.lightrun_endpoint`): the main certificate is made too,
        /// covering it and `<release>-backend`, as the router's verification needs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        main_host: Option<String>,
    },
    /// Make `secrets.customCa` (Secret with `custom-ca.pem`) from the internal CA, `ca.crt`.
    MakeCustomCa { release: String, namespace: String },
    /// Generate a new encryption key (Base64 of 32 random bytes) for `encryption-key-{index}`
    /// of the backend Secret, or the chart-managed `userEncryptionKey` when `index` is absent.
    MakeEncryptionKey {
        release: String,
        namespace: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<u32>,
    },
    /// Write the chain of `setting` in the documented order, leaf → intermediate → root.
    ReorderChain { setting: String },
}

impl FixAction {
    /// The same fix as a `certlens` command line: what the CLI prints beside the prose fix.
    pub fn command(&self) -> String {
        match self {
            // Every service from one new CA, whichever were wrong: the backend trusts only the
            // first certificate of ca.crt, so the services must share one issuer.
            FixAction::MakeInternalTls {
                release,
                namespace,
                main_host,
                ..
            } => {
                let main = main_host
                    .as_deref()
                    .map(|h| format!(" --main-host {}", shell_word(h)))
                    .unwrap_or_default();
                format!(
                    "certlens new internal-tls --release {} --namespace {}{main} --dir internal-tls",
                    shell_word(release),
                    shell_word(namespace)
                )
            }
            FixAction::MakeCustomCa { release, namespace } => {
                format!(
                    "certlens custom-ca --release {} --namespace {} ca.crt",
                    shell_word(release),
                    shell_word(namespace)
                )
            }
            FixAction::MakeEncryptionKey {
                release,
                namespace,
                index,
            } => match index {
                Some(_) => format!(
                    "certlens keygen --secret-name {} --namespace {}",
                    shell_word(&crate::chart::encryption_secret_name(release)),
                    shell_word(namespace)
                ),
                None => "certlens keygen".to_string(),
            },
            FixAction::ReorderChain { .. } => {
                "certlens chain FILES --out full-chain.crt".to_string()
            }
        }
    }

    /// A short label for a button: what pressing it does.
    pub fn label(&self) -> &'static str {
        match self {
            FixAction::MakeInternalTls { .. } => "Make the internal TLS certificates",
            FixAction::MakeCustomCa { .. } => "Make secrets.customCa from the internal CA",
            FixAction::MakeEncryptionKey { .. } => "Generate an encryption key",
            FixAction::ReorderChain { .. } => "Write the chain in order",
        }
    }
}

/// `w` as one shell word: as it is when it holds only characters no shell treats specially
/// (release and namespace names are DNS labels), else in single quotes. The names come from
/// the user's files: a pasted command must not run what a value holds.
fn shell_word(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':' | '='));
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// A secret value in a fix. Its `value` is there only when
/// [`crate::DoctorOptions::show_secrets`] asked for it; otherwise `hidden` says it was withheld.
/// Wiped from memory when dropped, and never shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretValue {
    /// What it is, for a person: `the corrected userEncryptionKey`.
    pub what: String,
    /// The value, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The value was withheld (ask with `show_secrets`).
    pub hidden: bool,
}

impl SecretValue {
    /// `value`, kept only when `show` (the caller's [`crate::DoctorOptions::show_secrets`]).
    pub(crate) fn new(what: impl Into<String>, value: &str, show: bool) -> Self {
        SecretValue {
            what: what.into(),
            value: show.then(|| value.to_string()),
            hidden: !show,
        }
    }
}

impl core::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SecretValue")
            .field("what", &self.what)
            .field("value", &self.value.as_ref().map(|_| "<redacted>"))
            .field("hidden", &self.hidden)
            .finish()
    }
}

impl Drop for SecretValue {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        if let Some(v) = self.value.as_mut() {
            v.zeroize();
        }
    }
}

/// The verdict on one setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The setting's path: `certificate.tls.crt`, or `Ingress web (ns), tls[0]` for manifests.
    pub setting: String,
    /// The file it was read from.
    pub source: String,
    /// Its line in that file, when found.
    pub line: Option<usize>,
    /// The worst problem's level, or `ok`.
    pub level: Level,
    /// One sentence: the worst problem, or what was checked and found right.
    pub summary: String,
    /// Every problem, worst first.
    pub problems: Vec<Problem>,
    /// What was checked, and facts worth knowing.
    pub notes: Vec<String>,
}

/// Collects a verdict's problems and notes.
pub(crate) struct Builder {
    setting: String,
    source: String,
    line: Option<usize>,
    problems: Vec<Problem>,
    notes: Vec<String>,
}

impl Builder {
    pub(crate) fn new(setting: impl Into<String>, source: &str, line: Option<usize>) -> Self {
        Builder {
            setting: setting.into(),
            source: source.to_string(),
            line,
            problems: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub(crate) fn problem(&mut self, level: Level, text: impl Into<String>, fix: Option<String>) {
        self.problem_with_secret(level, text, fix, None);
    }

    /// A problem whose fix hands over a secret value (see [`SecretValue`]).
    pub(crate) fn problem_with_secret(
        &mut self,
        level: Level,
        text: impl Into<String>,
        fix: Option<String>,
        secret: Option<SecretValue>,
    ) {
        self.push(Problem {
            level,
            text: text.into(),
            fix,
            action: None,
            secret,
        });
    }

    /// A problem as it is, unless one with the same text is there already.
    pub(crate) fn push(&mut self, p: Problem) {
        if !self.problems.iter().any(|q| q.text == p.text) {
            self.problems.push(p);
        }
    }

    /// An error whose fix a front end can do itself.
    pub(crate) fn error_act(
        &mut self,
        text: impl Into<String>,
        fix: impl Into<String>,
        action: FixAction,
    ) {
        self.push(Problem {
            level: Level::Error,
            text: text.into(),
            fix: Some(fix.into()),
            action: Some(action),
            secret: None,
        });
    }

    /// A warning whose fix a front end can do itself.
    pub(crate) fn warn_act(
        &mut self,
        text: impl Into<String>,
        fix: impl Into<String>,
        action: FixAction,
    ) {
        self.push(Problem {
            level: Level::Warning,
            text: text.into(),
            fix: Some(fix.into()),
            action: Some(action),
            secret: None,
        });
    }

    pub(crate) fn error(&mut self, text: impl Into<String>, fix: impl Into<String>) {
        self.problem(Level::Error, text, Some(fix.into()));
    }

    pub(crate) fn warn(&mut self, text: impl Into<String>, fix: impl Into<String>) {
        self.problem(Level::Warning, text, Some(fix.into()));
    }

    pub(crate) fn not_checked(&mut self, text: impl Into<String>, fix: impl Into<String>) {
        self.problem(Level::NotChecked, text, Some(fix.into()));
    }

    pub(crate) fn extend(&mut self, problems: Vec<Problem>) {
        for p in problems {
            self.push(p);
        }
    }

    pub(crate) fn note(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }

    /// The verdict; `ok` says what was found right when there is no problem.
    pub(crate) fn finish(mut self, ok: impl Into<String>) -> Verdict {
        // Worst first; equal levels keep their order.
        self.problems.sort_by_key(|p| std::cmp::Reverse(p.level));
        let level = self.problems.first().map_or(Level::Ok, |p| p.level);
        let summary = self
            .problems
            .first()
            .map_or_else(|| ok.into(), |p| p.text.clone());
        Verdict {
            setting: self.setting,
            source: self.source,
            line: self.line,
            level,
            summary,
            problems: self.problems,
            notes: self.notes,
        }
    }
}

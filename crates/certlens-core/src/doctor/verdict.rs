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
    /// What to do about it.
    pub fix: Option<String>,
    /// A secret value the fix hands over (the corrected encryption key), kept out of `fix` so
    /// that it can be withheld: doctor output ends up in logs, tickets and shared screens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretValue>,
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
        let text = text.into();
        if !self.problems.iter().any(|p| p.text == text) {
            self.problems.push(Problem {
                level,
                text,
                fix,
                secret,
            });
        }
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
            self.problem_with_secret(p.level, p.text, p.fix, p.secret);
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

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
        let text = text.into();
        if !self.problems.iter().any(|p| p.text == text) {
            self.problems.push(Problem { level, text, fix });
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
            self.problem(p.level, p.text, p.fix);
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

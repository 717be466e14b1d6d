//! Findings: what is worth telling the user, with its fix.

use serde::{Deserialize, Serialize};

use super::ValidityStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One thing worth telling the user, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier, e.g. `chain_misordered`.
    pub code: String,
    pub message: String,
    /// One line: what to do.
    pub fix: String,
    pub certificates: Vec<usize>,
    pub private_keys: Vec<usize>,
}

/// Expiry of one chain: its earliest notAfter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainExpiry {
    pub chain: usize,
    pub certificate: usize,
    pub not_after: String,
    pub days_left: i64,
    pub status: ValidityStatus,
    pub expires_soon: bool,
}

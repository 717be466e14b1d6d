//! Pins: entries of the pin list that are no pin, and a leaf whose key nothing pins.

use super::finding;
use crate::model::{Finding, FindingCode, PinCheck, Report, Severity};

/// `malformed_pin` for each entry that is not a pin, then `leaf_not_pinned`.
pub(super) fn pin_list(report: &Report, check: &PinCheck, out: &mut Vec<Finding>) {
    for e in &check.entries {
        if let Some(err) = &e.error {
            out.push(finding(
                Severity::Error,
                FindingCode::MalformedPin,
                format!("pin \"{}\": {err}", e.raw),
                "A pin is the SHA-256 of the SubjectPublicKeyInfo: 64 hex digits (certlens pins prints them).",
                Vec::new(),
            ));
        }
    }
    if !check.leaf_pinned && !report.certificates.is_empty() {
        out.push(finding(
            Severity::Warning,
            FindingCode::LeafNotPinned,
            "no pin in the list matches the leaf certificate's key; pinning clients will refuse to connect".into(),
            "Add the leaf's spki_sha256 to certificate.security_pinned_hashes.",
            Vec::new(),
        ));
    }
}

//! The verdict on a checked pin list, in words: one headline and one line per entry. The page,
//! the CLI and the JS module show this; none of them reads [`PinCheck::messages`] to decide
//! whether the list is good, so they cannot disagree.

use serde::Serialize;

use crate::model::{Certificate, PinCheck, Report, RotationState};

/// How a list, or one of its entries, stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PinLevel {
    /// Good to deploy.
    Ok,
    /// Works, but something needs a look (no overlap for a rotation, a pinned CA, an entry that
    /// matches nothing given).
    Warning,
    /// Must be fixed before deploying (an entry that is not a pin, no valid pin at all).
    Error,
}

/// One entry of the list and what it matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinEntryVerdict {
    /// Index into [`PinCheck::entries`].
    pub entry: usize,
    /// The pin as 64 lowercase hex digits, or the entry as typed when it is not a pin.
    pub pin: String,
    /// Error for an entry that is not a pin, warning for one that matches nothing given.
    pub level: PinLevel,
    /// Why the entry is not a pin, or what it matches by name: "matches leaf certificate #0
    /// (example.test), private key #0".
    pub description: String,
}

/// The verdict on a pin list against everything in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinVerdict {
    /// Ok only when every entry is a valid pin and the leaf's key is among them.
    pub level: PinLevel,
    /// One sentence over the whole list, the most serious problem first.
    pub headline: String,
    /// Every entry in order.
    pub entries: Vec<PinEntryVerdict>,
    /// The check's summary lines, without those that only repeat an entry's error.
    pub notes: Vec<String>,
}

/// The verdict on the report's pin check; `None` when no list was given or found.
pub fn pin_verdict(report: &Report) -> Option<PinVerdict> {
    let pc = report.pin_check.as_ref()?;
    let (level, headline) = headline(report, pc);
    let entries = (0..pc.entries.len())
        .filter_map(|i| entry_verdict(report, pc, i))
        .collect();
    let notes = pc
        .messages
        .iter()
        // An invalid entry's reason is already given with the entry.
        .filter(|m| !repeats_entry_error(pc, m))
        .cloned()
        .collect();
    Some(PinVerdict {
        level,
        headline,
        entries,
        notes,
    })
}

/// The one-line verdict over the list, most serious first.
fn headline(r: &Report, pc: &PinCheck) -> (PinLevel, String) {
    use PinLevel::{Error, Ok, Warning};
    let invalid = pc.entries.iter().filter(|e| e.error.is_some()).count();
    // A certificate that is not a CA is a server's (leaf) certificate.
    let leaf_loaded = r.certificates.iter().any(|c| !c.is_ca);
    if invalid > 0 {
        let (n, verb) = if invalid == 1 {
            ("1 entry is".to_string(), "fix it")
        } else {
            (format!("{invalid} entries are"), "fix them")
        };
        return (
            Error,
            format!("{n} not a valid pin (marked below): {verb} before deploying the list."),
        );
    }
    // A pinned CA lets through every certificate it issues: worth saying wherever it happens.
    let ca_pinned = pc
        .entries
        .iter()
        .filter_map(|e| e.normalized.as_deref())
        .any(|pin| {
            r.certificates
                .iter()
                .any(|c| c.is_ca && c.spki_sha256.eq_ignore_ascii_case(pin))
        });
    let say = |level: PinLevel, s: &str| (level, s.to_string());
    match pc.rotation {
        RotationState::Empty => return say(Error, "No valid pin in the list."),
        _ if leaf_loaded && !pc.leaf_pinned && ca_pinned => return say(
            Warning,
            "The leaf is not pinned, a CA is: every certificate that CA issues passes the pin check.",
        ),
        _ if leaf_loaded && !pc.leaf_pinned => return say(
            Warning,
            "No pin matches the leaf certificate or its CAs: clients that pin will refuse this server.",
        ),
        _ => {}
    }
    let ok = pc.leaf_pinned;
    let good = if ok { Ok } else { Warning };
    match pc.rotation {
        RotationState::SinglePin => say(Warning, "One pin only: no overlap for a key rotation."),
        RotationState::OldAndNew if ok && ca_pinned => say(
            Warning,
            "Two pins: the leaf's key and a CA's key. Every certificate that CA issues passes the pin check; for a rotation, pin the next key instead.",
        ),
        RotationState::OldAndNew if ok => say(
            Ok,
            "Two pins: the leaf's key and one other (the old or the next key), side by side for a rotation.",
        ),
        RotationState::OldAndNew => say(
            good,
            "Two pins, side by side for a rotation; load the leaf certificate to check them against it.",
        ),
        _ if ok && ca_pinned => say(
            Warning,
            "Several pins, the leaf's key and a CA's among them: every certificate that CA issues passes the pin check.",
        ),
        _ if ok => say(Ok, "Several pins, the leaf's key among them."),
        _ => say(
            good,
            "Several pins; load the leaf certificate to check them against it.",
        ),
    }
}

/// Whether summary line `m` only repeats an invalid entry's reason ("pin 3 (nothex): ..."):
/// the line the check wrote for that entry, by the same function.
fn repeats_entry_error(pc: &PinCheck, m: &str) -> bool {
    pc.entries.iter().enumerate().any(|(i, e)| {
        e.error.is_some()
            && crate::checks::pinlist::invalid_entry_line(i, e).is_some_and(|line| line == m)
    })
}

/// Entry `i`: its level and what it matches, by name.
fn entry_verdict(r: &Report, pc: &PinCheck, i: usize) -> Option<PinEntryVerdict> {
    let e = pc.entries.get(i)?;
    let pin = e.normalized.clone().unwrap_or_else(|| e.raw.clone());
    let verdict = |level, description| PinEntryVerdict {
        entry: i,
        pin: pin.clone(),
        level,
        description,
    };
    if let Some(err) = &e.error {
        return Some(verdict(PinLevel::Error, err.clone()));
    }
    let level = if pc.unmatched_entries.contains(&i) {
        PinLevel::Warning
    } else {
        PinLevel::Ok
    };
    let Some(norm) = &e.normalized else {
        return Some(verdict(level, String::new()));
    };
    let same = |p: &str| p.eq_ignore_ascii_case(norm);
    let mut what: Vec<String> = Vec::new();
    // Copies of a certificate are one match listing every number: "#2, #4 (example.test)".
    let mut groups: Vec<(&[u8; 32], Vec<usize>, &Certificate)> = Vec::new();
    for c in r.certificates.iter().filter(|c| same(&c.spki_sha256)) {
        match groups.iter_mut().find(|g| *g.0 == c.raw.fingerprint) {
            Some(g) => g.1.push(c.index),
            None => groups.push((&c.raw.fingerprint, vec![c.index], c)),
        }
    }
    for (_, indices, c) in &groups {
        let name = c.common_name.clone().unwrap_or_else(|| c.subject.clone());
        let role = if c.is_ca {
            "CA certificate"
        } else {
            "leaf certificate"
        };
        let numbers: Vec<String> = indices.iter().map(|i| format!("#{i}")).collect();
        what.push(format!("{role} {} ({name})", numbers.join(", ")));
    }
    for k in r
        .private_keys
        .iter()
        .filter(|k| k.spki_sha256.as_deref().is_some_and(same))
    {
        what.push(format!("private key #{}", k.index));
    }
    for k in r.public_keys.iter().filter(|k| same(&k.spki_sha256)) {
        what.push(format!("public key #{}", k.index));
    }
    let description = if what.is_empty() {
        "matches nothing loaded here (the old or the next key?)".to_string()
    } else {
        format!("matches {}", what.join(", "))
    };
    Some(verdict(level, description))
}

//! `security_pinned_hashes`: the pins of the leaf certificates, and of everything else.

use serde::Serialize;

use super::yaml::{comment_line, comments, emit, list, nest};
use super::OutputError;
use crate::checks::pinlist;
use crate::checks::report::short_name;
use crate::model::{PinKind, Report};

/// Options of [`pins`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinsOptions {
    /// List the pins in Base64, for information only: the chart's `security_pinned_hashes` takes
    /// 64 hex characters and documents a Base64 pin as invalid, so no values block is written
    /// then ([`Pins::values_block`] is false).
    pub base64: bool,
}

/// One public key of the input and its pin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinItem {
    /// `certificate`, `private_key` or `public_key`.
    pub kind: PinKind,
    /// Index into the report's list of that kind.
    pub index: usize,
    /// For a person: `certificate #2 (example.test)`, `private key #0 (matches certificate #2)`.
    pub label: String,
    /// Whether it is a leaf certificate (its pin is in the list).
    pub leaf: bool,
    /// For a key: the certificates whose public key it is (empty for certificates).
    pub matches: Vec<usize>,
    /// SHA-256 of the SubjectPublicKeyInfo, 64 lowercase hex digits.
    pub hex: String,
    /// The same, Base64.
    pub base64: String,
}

/// The `security_pinned_hashes` list and every pin of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pins {
    /// Hex: the values fragment `certificate.security_pinned_hashes` (the listed pins), followed
    /// by every pin of the input as comments. Base64: comment lines only, saying they are for
    /// information and not for the chart.
    pub yaml: String,
    /// Whether [`Self::yaml`] is a values block to paste (hex only; never for Base64).
    pub values_block: bool,
    /// The pins in the list, in the form asked for (hex or Base64), without repeats.
    pub list: Vec<String>,
    /// `hex` or `base64`.
    pub form: String,
    /// Every certificate, private key and public key with its pin, in input order.
    pub all: Vec<PinItem>,
    /// What was done and why.
    pub notes: Vec<String>,
}

/// Why Base64 pins are never written as a values block.
const BASE64_INFO_ONLY: &str = "The chart's certificate.security_pinned_hashes takes 64 hex characters and a Base64 pin there is invalid: use the hex form (the default) for values.yaml";

fn is_leaf(report: &Report, idx: usize) -> bool {
    let Some(c) = report.certificates.get(idx) else {
        return false;
    };
    if report
        .duplicates
        .iter()
        .any(|g| g.iter().skip(1).any(|&d| d == idx))
    {
        return false;
    }
    !c.is_ca
        || report
            .chains
            .iter()
            .any(|ch| ch.order.len() > 1 && ch.order.first() == Some(&idx))
}

/// Whether a certificate names only in-cluster Services (`NAME`, `NAME.NS`, `NAME.NS.svc`,
/// `NAME.NS.svc.<domain>`): an internal-TLS leaf. Clients of the public endpoint never see it,
/// so its pin does not belong in `security_pinned_hashes` (pinning it only widens what the
/// agents accept).
fn cluster_only(c: &crate::model::Certificate) -> bool {
    let dns = &c.san.dns;
    if dns.is_empty() || !c.san.ip.is_empty() {
        return false;
    }
    let singles: Vec<&str> = dns.iter().map(String::as_str).filter(|d| !d.contains('.')).collect();
    !singles.is_empty()
        && dns.iter().all(|d| {
            let mut labels = d.split('.');
            let first = labels.next().unwrap_or_default();
            let rest: Vec<&str> = labels.collect();
            singles.contains(&first)
                && (rest.len() <= 1 || rest.get(1) == Some(&"svc"))
        })
}

fn items(report: &Report) -> Vec<PinItem> {
    let mut out = Vec::new();
    for c in &report.certificates {
        out.push(PinItem {
            kind: PinKind::Certificate,
            index: c.index,
            label: format!("certificate {}", short_name(c)),
            leaf: is_leaf(report, c.index),
            matches: Vec::new(),
            hex: c.spki_sha256.to_ascii_lowercase(),
            base64: c.spki_sha256_base64.clone(),
        });
    }
    let matches = |m: &[usize]| match m.first() {
        Some(&i) => format!("matches certificate #{i}"),
        None => "matches no certificate".to_string(),
    };
    for k in &report.private_keys {
        if let (Some(hex), Some(b64)) = (&k.spki_sha256, &k.spki_sha256_base64) {
            out.push(PinItem {
                kind: PinKind::PrivateKey,
                index: k.index,
                label: format!("private key #{} ({})", k.index, matches(&k.matches)),
                leaf: false,
                matches: k.matches.clone(),
                hex: hex.to_ascii_lowercase(),
                base64: b64.clone(),
            });
        }
    }
    for k in &report.public_keys {
        out.push(PinItem {
            kind: PinKind::PublicKey,
            index: k.index,
            label: format!(
                "public key #{} ({}, {})",
                k.index,
                k.format,
                matches(&k.matches)
            ),
            leaf: false,
            matches: k.matches.clone(),
            hex: k.spki_sha256.to_ascii_lowercase(),
            base64: k.spki_sha256_base64.clone(),
        });
    }
    out
}

fn push_unique(v: &mut Vec<String>, p: &str) {
    if !v.iter().any(|x| x == p) {
        v.push(p.to_string());
    }
}

/// The `security_pinned_hashes` list for the input: the pins of its leaf certificates (every
/// certificate that is not a CA, and every chain's first certificate; internal service leaves,
/// which name only in-cluster Services, are left out when a leaf serves the endpoint: the Make
/// flow's pool listed all seven), in input order, then of
/// private and public keys that belong to no certificate of the input (a next key, pinned before
/// the rotation). Without a leaf: the pins of its private and public keys; without those, of its CA certificates (with
/// a note). Every pin of the input follows as comments.
pub fn pins(report: &Report, opts: &PinsOptions) -> Result<Pins, OutputError> {
    let all = items(report);
    if all.is_empty() {
        return Err(OutputError::NothingToPin);
    }
    let pick = |p: &PinItem| {
        if opts.base64 {
            p.base64.clone()
        } else {
            p.hex.clone()
        }
    };
    let mut notes = Vec::new();
    let mut chosen: Vec<String> = Vec::new();
    let mut what = "each leaf certificate's public key";
    // Internal service leaves are left out when the pool has a leaf that serves the endpoint.
    let internal = |p: &PinItem| {
        p.kind == PinKind::Certificate
            && report.certificates.get(p.index).is_some_and(cluster_only)
    };
    let served = all.iter().any(|p| p.leaf && !internal(p));
    let mut skipped = 0usize;
    for p in all.iter().filter(|p| p.leaf) {
        if served && internal(p) {
            skipped += 1;
            continue;
        }
        push_unique(&mut chosen, &pick(p));
    }
    if skipped > 0 {
        notes.push(format!("{skipped} internal service certificate(s) left out: they name only in-cluster Services, clients of the endpoint never see them, and pinning them would only widen what the agents accept"));
    }
    if !chosen.is_empty() {
        // A key that belongs to no certificate here is typically the next key: pre-pin it.
        for p in all
            .iter()
            .filter(|p| p.kind != PinKind::Certificate && p.matches.is_empty())
        {
            if !chosen.contains(&pick(p)) {
                push_unique(&mut chosen, &pick(p));
                notes.push(format!("{} belongs to no certificate in the input; its pin is listed too (pinning the next key before a rotation)", p.label));
            }
        }
    }
    if chosen.is_empty() {
        for p in all.iter().filter(|p| p.kind != PinKind::Certificate) {
            push_unique(&mut chosen, &pick(p));
        }
        what = "each key's public key (the input has no leaf certificate)";
    }
    if chosen.is_empty() {
        for p in &all {
            push_unique(&mut chosen, &pick(p));
        }
        what = "each CA certificate's public key (the input has no leaf certificate or key)";
        notes.push("the input has only CA certificates: Lightrun clients pin the server's (leaf) key, so these pins are rarely what is wanted".to_string());
    }
    if chosen.len() > 1 {
        notes.push(format!(
            "{} pins: every leaf in the input is listed (old and new keys during a rotation)",
            chosen.len()
        ));
    }
    let form = if opts.base64 { "base64" } else { "hex" };
    let mut yaml;
    if opts.base64 {
        notes.push(BASE64_INFO_ONLY.to_string());
        yaml = comments(&[
            format!("Pins in Base64: SHA-256 of {what} (SubjectPublicKeyInfo), made by certlens."),
            format!("For information only — NOT a values block. {BASE64_INFO_ONLY}."),
            "The pins that would be listed:".to_string(),
        ]);
        for p in &chosen {
            yaml.push_str(&comment_line(&format!("  {p}")));
        }
    } else {
        yaml = comments(&[
            format!("certificate.security_pinned_hashes: SHA-256 of {what} (SubjectPublicKeyInfo), {form}, made by certlens."),
            "Keep the old key's pin next to the new one until every server uses the new key.".to_string(),
        ]);
        yaml.push_str(&emit(
            &nest(&["certificate", "security_pinned_hashes"], list(&chosen)),
            false,
        )?);
    }
    yaml.push_str(&comment_line("Every public key in the input:"));
    for p in &all {
        yaml.push_str(&comment_line(&format!(
            "  {}  {}{}",
            pick(p),
            p.label,
            if p.leaf { ", leaf" } else { "" }
        )));
    }
    Ok(Pins {
        yaml,
        values_block: !opts.base64,
        list: chosen,
        form: form.to_string(),
        all,
        notes,
    })
}

/// The pins of the old side of a rotation, from an inspected old certificate, key, public key
/// or values.yaml: the pins already listed in it (`security_pinned_hashes`), then the pins of its
/// leaf certificates, private keys and public keys; hex, without repeats. Feed them to
/// [`super::TlsValuesOptions::old_pins`].
pub fn old_side_pins(old: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for found in &old.pinned_hashes {
        for p in &found.pins {
            for e in pinlist::parse_pin_list(p) {
                if let Some(n) = e.normalized {
                    push_unique(&mut out, &n);
                }
            }
        }
    }
    let all = items(old);
    for p in all.iter().filter(|p| p.leaf) {
        push_unique(&mut out, &p.hex);
    }
    for p in all.iter().filter(|p| p.kind != PinKind::Certificate) {
        push_unique(&mut out, &p.hex);
    }
    out
}

/// The pins of a key rotation planned ahead: the one the backend serves now and the next key's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinnedAhead {
    /// The pin the backend advertises now: the first certificate of the place (file, Secret key
    /// `tls.crt`) that holds the current leaf, 64 lowercase hex. The chart's init container
    /// takes the first certificate of `tls.crt`.
    pub current: String,
    /// That certificate, for a person.
    pub current_label: String,
    /// The next key's pin.
    pub next: String,
    /// `security_pinned_hashes` as written: current (and the leaf's, when the place does not
    /// start with it), then next; without repeats.
    pub list: Vec<String>,
    /// The values block `certificate.security_pinned_hashes`, with comments naming each pin.
    pub yaml: String,
    /// What was done and why.
    pub notes: Vec<String>,
}

/// `certificate.security_pinned_hashes` = [current, next] for `leaf`, the current certificate,
/// and `next`, the next key's pin (hex).
pub fn pinned_ahead(
    report: &Report,
    leaf: &crate::model::Certificate,
    next: &str,
) -> Result<PinnedAhead, OutputError> {
    let places = crate::checks::report::Places::of(report);
    let here = places.of_certificate(leaf.index);
    // The first certificate of the leaf's place: what the backend serves from that tls.crt.
    let served = report
        .certificates
        .iter()
        .find(|c| places.of_certificate(c.index) == here)
        .unwrap_or(leaf);
    let current = served.spki_sha256.to_ascii_lowercase();
    let next = next.to_ascii_lowercase();
    let mut pins = vec![current.clone()];
    let mut notes = Vec::new();
    let leaf_pin = leaf.spki_sha256.to_ascii_lowercase();
    if served.index != leaf.index {
        notes.push(format!(
            "{} is not the first certificate of its file: the backend advertises the pin of the first one, {}; put the leaf first (certlens values orders the chain). Both pins are listed meanwhile",
            short_name(leaf),
            short_name(served)
        ));
        push_unique(&mut pins, &leaf_pin);
    }
    if pins.contains(&next) {
        notes.push("the next key is the current key: a same-key renewal keeps the pin and needs no new entry".to_string());
    }
    push_unique(&mut pins, &next);
    let mut yaml = comments(&[
        "certificate.security_pinned_hashes for a key rotation planned ahead, made by certlens:".to_string(),
        format!("  {current}  current: {} (served now)", short_name(served)),
        format!("  {next}  next: the new key, not yet in a certificate"),
        "Deploy this before the renewal: the renewal with the next key then changes nothing clients pin.".to_string(),
    ]);
    yaml.push_str(&emit(
        &nest(&["certificate", "security_pinned_hashes"], list(&pins)),
        false,
    )?);
    Ok(PinnedAhead {
        current,
        current_label: short_name(served),
        next,
        list: pins,
        yaml,
        notes,
    })
}

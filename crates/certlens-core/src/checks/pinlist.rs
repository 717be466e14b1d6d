//! Checking a pasted `certificate.security_pinned_hashes` list: the SHA-256 hashes of public keys
//! (SubjectPublicKeyInfo) that clients pin, as 64 lowercase hex digits.
//!
//! [`parse_pin_list`] accepts the list in whatever shape it is pasted: a YAML block list
//! (`- abc`, `- 'abc'`, `- "abc"`), a flow list (`["a", "b"]`), with or without the
//! `security_pinned_hashes:` key line (or its parents, or the env var
//! `LIGHTRUN_SECURITY_PINNED_HASHES=a,b`, or `--set ...={a,b}`), values separated by commas,
//! semicolons, spaces or line breaks, `#` comments, any case, stray quotes, and a `sha256:`,
//! `sha256//`, `sha256/` or `pin-sha256=` prefix.
//!
//! Decisions:
//! - Base64 of a SHA-256 (44 characters, or 43 without padding, standard or URL-safe alphabet,
//!   decoding to 32 bytes) is accepted and normalised to hex; `error` stays `None`.
//! - Colon-separated (`AB:CD:...`) or space-separated hex bytes, as `openssl x509 -fingerprint`
//!   or certutil print them, are accepted and normalised too: if they are a pin, they work. But
//!   that form usually is a certificate fingerprint, which is not a pin; [`check_pins`] says so
//!   when such an entry matches nothing that was loaded.
//! - [`PinEntry::raw`] is the entry as typed, minus list syntax and surrounding quotes; the form
//!   it was given in can be described with [`entry_form_note`] (and [`check_pins`] includes that
//!   in its messages).
//! - Messages number pins from 1 (as a person counts lines); indices in the structs are 0-based.

use crate::model::{PinCheck, PinEntry, PinKind, PinMatch, PinTarget, RotationState};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use std::collections::HashMap;

/// The warning for a list with a single pin.
pub const SINGLE_PIN_WARNING: &str =
    "only one pin: a key rotation will break clients that pin; add the new key's pin before rotating";

const LENIENT_CONFIG: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const B64_STD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT_CONFIG);
const B64_URL: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT_CONFIG);

const QUOTES: &[char] = &[
    '"', '\'', '`', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}',
];
const PREFIXES: &[&str] = &[
    "pin-sha256=",
    "sha-256:",
    "sha256//",
    "sha256/",
    "sha256:",
    "sha256=",
];
const SHA1_PREFIXES: &[&str] = &["pin-sha1=", "sha-1:", "sha1//", "sha1/", "sha1:", "sha1="];

fn is_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '[' | ']' | '{' | '}' | '(' | ')')
}

fn strip_quotes(s: &str) -> &str {
    s.trim_matches(|c: char| QUOTES.contains(&c) || c.is_whitespace())
}

/// Strip a leading YAML/JSON key, env-var name or `--set` path from a line, e.g.
/// `security_pinned_hashes:`, `"security_pinned_hashes": `, `LIGHTRUN_SECURITY_PINNED_HASHES=`.
fn strip_key(line: &str) -> &str {
    let t = line.trim_start();
    let unq = t.trim_start_matches(['"', '\'']);
    let ident_len = unq
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_alphanumeric() || c == '_' || (i > 0 && (c == '.' || c == '-')))
        })
        .map(|(i, _)| i)
        .unwrap_or(unq.len());
    if ident_len == 0 {
        return line;
    }
    let ident = unq.get(..ident_len).unwrap_or("");
    if !ident.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return line;
    }
    let after = unq
        .get(ident_len..)
        .unwrap_or("")
        .trim_start_matches(['"', '\'']);
    let lower = ident.to_ascii_lowercase();
    if let Some(rest) = after.strip_prefix(':') {
        let is_prefix = matches!(lower.as_str(), "sha256" | "sha-256" | "sha1" | "sha-1");
        if !is_prefix && (rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return rest;
        }
    }
    if let Some(rest) = after.strip_prefix('=') {
        let keyish = lower.contains("pin") || lower.contains("hash");
        let is_prefix = PREFIXES
            .iter()
            .chain(SHA1_PREFIXES)
            .any(|p| p.trim_end_matches('=') == lower);
        if keyish && !is_prefix && !rest.is_empty() && !rest.starts_with('=') {
            return rest;
        }
    }
    line
}

fn is_hex2(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A key left inside a line, e.g. `"certificate":` of one-line JSON, or
/// `certificate.security_pinned_hashes=` of a `--set`. Hex, Base64 and colon-separated
/// fingerprints never end with ':'; Base64 may end with '=', so that case needs the key's name.
fn is_key_token(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    if PREFIXES.iter().chain(SHA1_PREFIXES).any(|p| *p == lower) {
        return false;
    }
    if let Some(k) = t.strip_suffix(':') {
        let k = strip_quotes(k);
        return !k.is_empty()
            && k.chars().any(|c| c.is_ascii_alphabetic())
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    }
    t.ends_with('=') && (lower.contains("pinned_hashes") || lower.contains("pinned-hashes"))
}

/// Split one line into entry tokens.
fn line_tokens(line: &str) -> Vec<String> {
    // `# comment` (at the start or after whitespace); hex and Base64 never contain '#'.
    let mut body = line;
    if let Some(pos) = body.char_indices().find(|&(i, c)| {
        c == '#'
            && (i == 0
                || body
                    .get(..i)
                    .is_some_and(|b| b.ends_with(char::is_whitespace)))
    }) {
        body = body.get(..pos.0).unwrap_or("");
    }
    let mut body = body.trim();
    // YAML list markers.
    while let Some(rest) =
        body.strip_prefix("- ")
            .or_else(|| if body == "-" { Some("") } else { None })
    {
        body = rest.trim_start();
    }
    // OpenSSL: "SHA256 Fingerprint=AB:CD:..."
    let lower = body.to_ascii_lowercase();
    for p in [
        "sha256 fingerprint=",
        "sha1 fingerprint=",
        "sha-256 fingerprint=",
        "sha-1 fingerprint=",
    ] {
        if lower.starts_with(p) {
            let rest = body.get(p.len()..).unwrap_or("");
            let algo = if p.contains('1') && !p.contains("256") {
                "sha1:"
            } else {
                "sha256:"
            };
            return vec![format!("{algo}{}", rest.trim())];
        }
    }
    // helm --set certificate.security_pinned_hashes={a,b}
    let body = strip_prefix_ci(
        body,
        &["--set-string ", "--set-string=", "--set ", "--set="],
    )
    .unwrap_or(body);
    let body = strip_key(body);
    let mut tokens: Vec<String> = Vec::new();
    for t in body.split(is_sep) {
        let t = strip_quotes(t);
        if t.is_empty()
            || matches!(t, "-" | "|" | "|-" | ">" | ">-" | "~" | "null")
            || is_key_token(t)
        {
            continue;
        }
        tokens.push(t.to_string());
    }
    // Space-separated hex bytes ("ab cd ef ...") on one line: one fingerprint.
    if tokens.len() >= 16 && tokens.iter().all(|t| is_hex2(t)) {
        return vec![tokens.join(":")];
    }
    // A bare prefix separated from its value ("sha256: abc").
    let mut out: Vec<String> = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(t) = iter.next() {
        let lower = t.to_ascii_lowercase();
        if PREFIXES.iter().chain(SHA1_PREFIXES).any(|p| *p == lower) {
            if let Some(next) = iter.next() {
                out.push(format!("{t}{next}"));
                continue;
            }
        }
        out.push(t);
    }
    out
}

/// Parse a pasted pin list into entries, in order. Never fails: malformed entries carry an
/// `error`.
pub fn parse_pin_list(text: &str) -> Vec<PinEntry> {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\\r\\n", "\n")
        .replace("\\n", "\n");
    text.lines()
        .flat_map(line_tokens)
        .map(|t| parse_entry(&t))
        .collect()
}

fn ok(raw: &str, hex: String) -> PinEntry {
    PinEntry {
        raw: raw.to_string(),
        normalized: Some(hex),
        error: None,
    }
}

fn bad(raw: &str, error: String) -> PinEntry {
    PinEntry {
        raw: raw.to_string(),
        normalized: None,
        error: Some(error),
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn strip_prefix_ci<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        let head = s.get(..p.len())?;
        head.eq_ignore_ascii_case(p)
            .then(|| s.get(p.len()..).unwrap_or(""))
    })
}

fn hex_length_error(n: usize) -> String {
    match n {
        40 => "this is 40 hex digits: a SHA-1, not SHA-256".to_string(),
        32 => "this is 32 hex digits: an MD5 or half a SHA-256; a SHA-256 pin has 64".to_string(),
        96 => "this is 96 hex digits: a SHA-384, not SHA-256; a SHA-256 pin has 64".to_string(),
        128 => {
            "this is 128 hex digits: a SHA-512, or two SHA-256 pins run together without a comma"
                .to_string()
        }
        63 => "63 hex digits: one digit is missing; a SHA-256 pin has 64".to_string(),
        65 => "65 hex digits: one digit too many; a SHA-256 pin has 64".to_string(),
        _ => format!("{n} hex digits; a SHA-256 pin has 64"),
    }
}

fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("'{c}'")
    } else {
        format!("{c:?} (U+{:04X})", c as u32)
    }
}

/// Parse one token (already free of list syntax).
fn parse_entry(token: &str) -> PinEntry {
    let raw = strip_quotes(token);
    if strip_prefix_ci(raw, SHA1_PREFIXES).is_some() {
        return bad(
            raw,
            "a SHA-1 pin; the list takes SHA-256 hashes of public keys (64 hex digits)".to_string(),
        );
    }
    let body = strip_quotes(strip_prefix_ci(raw, PREFIXES).unwrap_or(raw));
    if body.is_empty() {
        return bad(raw, "nothing after the prefix".to_string());
    }
    let chars = body.chars().count();
    // Colon-separated hex bytes.
    if body.contains(':') {
        let parts: Vec<&str> = body.split(':').collect();
        if parts.iter().all(|p| is_hex2(p)) {
            return match parts.len() {
                32 => ok(raw, parts.concat().to_ascii_lowercase()),
                20 => bad(
                    raw,
                    "this is 20 colon-separated bytes (40 hex digits): a SHA-1, not SHA-256"
                        .to_string(),
                ),
                n => bad(
                    raw,
                    format!("{n} colon-separated bytes; a SHA-256 pin is 32 bytes (64 hex digits)"),
                ),
            };
        }
    }
    if body.bytes().all(|b| b.is_ascii_hexdigit()) {
        return if body.len() == 64 {
            ok(raw, body.to_ascii_lowercase())
        } else {
            bad(raw, hex_length_error(body.len()))
        };
    }
    // Base64 (standard or URL-safe), padded or not.
    let b64_alphabet = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_');
    let trimmed_pad = body.trim_end_matches('=');
    let looks_b64 =
        trimmed_pad.chars().all(b64_alphabet) && body.len() - trimmed_pad.len() <= 2 && chars != 64;
    if looks_b64 {
        let url = body.contains(['-', '_']);
        let decoded = if url {
            B64_URL.decode(body)
        } else {
            B64_STD.decode(body)
        };
        match decoded {
            Ok(bytes) if bytes.len() == 32 => return ok(raw, to_hex(&bytes)),
            Ok(bytes) if bytes.len() == 20 => {
                return bad(raw, "Base64 of 20 bytes: a SHA-1, not SHA-256".to_string());
            }
            Ok(bytes) if chars >= 16 => {
                return bad(
                    raw,
                    format!(
                        "Base64 that decodes to {} bytes; a SHA-256 pin is 32 bytes (64 hex digits, or 44 Base64 characters)",
                        bytes.len()
                    ),
                );
            }
            Err(e) if (42..=45).contains(&chars) => {
                return bad(
                    raw,
                    format!("{chars} characters like a Base64 SHA-256, but not valid Base64: {e}"),
                );
            }
            _ => {}
        }
    }
    // Not hex: name the first offending character.
    let (pos, c) = body
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_hexdigit())
        .unwrap_or((0, '?'));
    let mut msg = format!(
        "{} at position {} is not a hexadecimal digit",
        describe_char(c),
        pos + 1
    );
    if chars != 64 {
        msg.push_str(&format!(
            "; the entry is {chars} characters long, a SHA-256 pin is 64 hex digits"
        ));
    }
    bad(raw, msg)
}

/// How a valid entry was written when that is worth telling: Base64 or colon-separated bytes.
pub fn entry_form_note(entry: &PinEntry) -> Option<String> {
    entry.normalized.as_ref()?;
    let body = strip_quotes(strip_prefix_ci(&entry.raw, PREFIXES).unwrap_or(&entry.raw));
    if body.contains(':') {
        Some("given as colon-separated bytes, normalised to hex".to_string())
    } else if !body.bytes().all(|b| b.is_ascii_hexdigit()) {
        Some("given in Base64, normalised to hex".to_string())
    } else {
        None
    }
}

fn describe_target(t: &PinTarget) -> String {
    match t.kind {
        PinKind::Certificate if t.is_leaf => format!("the current leaf ({})", t.label),
        kind => format!("{kind} {}", t.label),
    }
}

fn norm_target(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace(':', "")
}

/// A distinct valid pin: the index of its first entry, the pin, and the targets it matches.
struct Distinct {
    first: usize,
    hits: Vec<usize>,
}

/// What the walk over the entries found, before the summary.
#[derive(Default)]
struct Tally {
    messages: Vec<String>,
    matches: Vec<PinMatch>,
    unmatched_entries: Vec<usize>,
    duplicates: Vec<usize>,
    distinct: Vec<Distinct>,
}

/// Walk the entries in order: invalid ones, notes on their form, repeats, and what each matches.
fn tally_entries(entries: &[PinEntry], targets: &[PinTarget]) -> Tally {
    let target_pins: Vec<String> = targets
        .iter()
        .map(|t| norm_target(&t.spki_sha256))
        .collect();
    let mut tally = Tally::default();
    let mut first_entry: HashMap<String, usize> = HashMap::new();
    // Target lookup by pin (targets may repeat a key: a certificate and its private key).
    let mut by_pin: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, t) in target_pins.iter().enumerate() {
        by_pin.entry(t.as_str()).or_default().push(j);
    }

    for (i, e) in entries.iter().enumerate() {
        let n = i + 1;
        let Some(pin) = &e.normalized else {
            tally.messages.extend(invalid_entry_line(i, e));
            continue;
        };
        if let Some(note) = entry_form_note(e) {
            tally.messages.push(format!("pin {n}: {note}"));
        }
        let hits: Vec<usize> = by_pin.get(pin.as_str()).cloned().unwrap_or_default();
        if let Some(first) = first_entry.get(pin) {
            tally.duplicates.push(i);
            tally
                .messages
                .push(format!("pin {n} repeats pin {}", first + 1));
        } else {
            first_entry.insert(pin.clone(), i);
            tally.distinct.push(Distinct {
                first: i,
                hits: hits.clone(),
            });
        }
        if hits.is_empty() {
            // The raw entry is the user's input: colons mean it was pasted as a fingerprint.
            if e.raw.contains(':') && !targets.is_empty() {
                tally.messages.push(format!(
                    "pin {n} matches nothing here; colon-separated hex is how `openssl x509 -fingerprint -sha256` prints a \
                     certificate fingerprint, which is not a pin: a pin is the SHA-256 of the public key (SPKI)"
                ));
            }
            tally.unmatched_entries.push(i);
        } else {
            tally.matches.push(PinMatch {
                entry: i,
                pin: pin.clone(),
                targets: hits,
            });
        }
    }
    tally
}

/// "pin 1 matches the current leaf (...), private key #0" or "pin 2 matches nothing here".
fn describe_distinct(d: &Distinct, targets: &[PinTarget]) -> String {
    if d.hits.is_empty() {
        format!("pin {} matches nothing here", d.first + 1)
    } else {
        let what: Vec<String> = d
            .hits
            .iter()
            .filter_map(|&j| targets.get(j))
            .map(describe_target)
            .collect();
        format!("pin {} matches {}", d.first + 1, what.join(", "))
    }
}

fn rotation_state(distinct: usize) -> RotationState {
    match distinct {
        0 => RotationState::Empty,
        1 => RotationState::SinglePin,
        2 => RotationState::OldAndNew,
        _ => RotationState::Multiple,
    }
}

/// The lines that say how ready the list is for a key rotation.
fn rotation_messages(
    rotation: &RotationState,
    distinct: &[Distinct],
    entry_count: usize,
    targets: &[PinTarget],
) -> Vec<String> {
    let describe = |d: &Distinct| describe_distinct(d, targets);
    let mut messages = Vec::new();
    match rotation {
        RotationState::Empty if entry_count == 0 => {
            messages.push(
                "no pins: the list is empty, so clients do not pin the server's key".to_string(),
            );
        }
        RotationState::Empty => {
            messages.push(format!(
                "no usable pin among the {} entr{}: fix them, or clients that pin will refuse every server",
                entry_count,
                if entry_count == 1 { "y" } else { "ies" }
            ));
        }
        RotationState::SinglePin => {
            if let Some(d) = distinct.first() {
                messages.push(describe(d));
            }
            messages.push(SINGLE_PIN_WARNING.to_string());
        }
        RotationState::OldAndNew => {
            if let [a, b] = distinct {
                messages.push(old_and_new_line(a, b, targets));
            }
        }
        RotationState::Multiple => {
            messages.push(format!("{} distinct pins", distinct.len()));
            for d in distinct {
                messages.push(describe(d));
            }
        }
    }
    messages
}

/// The one line for a list of two distinct pins: which is current and which the old or next key.
fn old_and_new_line(a: &Distinct, b: &Distinct, targets: &[PinTarget]) -> String {
    let describe = |d: &Distinct| describe_distinct(d, targets);
    match (a.hits.is_empty(), b.hits.is_empty()) {
        (false, true) => {
            format!("{}; {} — the old or the next key", describe(a), describe(b))
        }
        (true, false) => {
            format!("{}; {} — the old or the next key", describe(b), describe(a))
        }
        (false, false) => format!(
            "both pins match keys here: {}; {}",
            describe(a),
            describe(b)
        ),
        (true, true) => {
            format!(
                "neither pin matches anything here (pins {} and {})",
                a.first + 1,
                b.first + 1
            )
        }
    }
}

/// The warning about what the pins cover (nothing loaded, no certificate, a CA but not the leaf).
fn coverage_message(targets: &[PinTarget], pinned: &[bool], leaf_pinned: bool) -> Option<String> {
    let is_pinned = |j: usize| pinned.get(j).copied().unwrap_or(false);
    let has_certs = targets.iter().any(|t| t.kind == PinKind::Certificate);
    let cert_pinned = targets
        .iter()
        .enumerate()
        .any(|(j, t)| t.kind == PinKind::Certificate && is_pinned(j));
    if targets.is_empty() {
        Some(
            "nothing loaded to compare the pins with: add the certificate chain or keys"
                .to_string(),
        )
    } else if has_certs && !cert_pinned {
        Some(
            "no pin matches any certificate here: clients that pin will refuse a server presenting this chain"
                .to_string(),
        )
    } else if !leaf_pinned && targets.iter().any(|t| t.is_leaf) && cert_pinned {
        Some(
            "the leaf is not pinned, a CA is: every certificate that CA issues will pass the pin check".to_string(),
        )
    } else {
        None
    }
}

/// Compare the entries with what was loaded and summarise.
pub fn check_pins(entries: Vec<PinEntry>, targets: &[PinTarget]) -> PinCheck {
    let Tally {
        mut messages,
        matches,
        unmatched_entries,
        duplicates,
        distinct,
    } = tally_entries(&entries, targets);

    let mut pinned: Vec<bool> = vec![false; targets.len()];
    for m in &matches {
        for &j in &m.targets {
            if let Some(p) = pinned.get_mut(j) {
                *p = true;
            }
        }
    }
    let unpinned_certificates: Vec<usize> = targets
        .iter()
        .enumerate()
        .filter(|(j, t)| {
            t.kind == PinKind::Certificate && !pinned.get(*j).copied().unwrap_or(false)
        })
        .map(|(j, _)| j)
        .collect();
    let leaf_pinned = targets
        .iter()
        .enumerate()
        .any(|(j, t)| t.is_leaf && pinned.get(j).copied().unwrap_or(false));

    let rotation = rotation_state(distinct.len());
    messages.extend(rotation_messages(
        &rotation,
        &distinct,
        entries.len(),
        targets,
    ));
    if !distinct.is_empty() {
        messages.extend(coverage_message(targets, &pinned, leaf_pinned));
    }

    PinCheck {
        entries,
        matches,
        unmatched_entries,
        unpinned_certificates,
        leaf_pinned,
        duplicates,
        rotation,
        messages,
    }
}

/// The raw text of an entry for a message, cut to a readable length.
/// The summary line of entry `i` when it is not a usable pin ("pin 3 (nothex): ..."). One
/// function writes it, so the pin verdict can recognise the line without reading its words.
pub(crate) fn invalid_entry_line(i: usize, e: &PinEntry) -> Option<String> {
    if e.normalized.is_some() {
        return None;
    }
    let why = e.error.as_deref().unwrap_or("not a SHA-256 pin");
    Some(format!(
        "pin {} ({}): {why}",
        i.saturating_add(1),
        shorten(&e.raw)
    ))
}

fn shorten(raw: &str) -> String {
    if raw.chars().count() <= 80 {
        raw.to_string()
    } else {
        let head: String = raw.chars().take(77).collect();
        format!("{head}...")
    }
}

/// Check a pasted pin list against every certificate and key of the report.
pub fn check_pin_list(report: &crate::model::Report, text: &str) -> PinCheck {
    use crate::checks::report::{short_name, ChainLeaves};
    let leaves = ChainLeaves::of(report);
    let mut targets = Vec::new();
    for c in &report.certificates {
        targets.push(PinTarget {
            kind: PinKind::Certificate,
            index: c.index,
            label: short_name(c),
            spki_sha256: c.spki_sha256.clone(),
            is_leaf: leaves.contains(c.index) || (!c.is_ca && report.chains.is_empty()),
        });
    }
    for k in &report.private_keys {
        if let Some(pin) = &k.spki_sha256 {
            targets.push(PinTarget {
                kind: PinKind::PrivateKey,
                index: k.index,
                label: format!("#{}", k.index),
                spki_sha256: pin.clone(),
                is_leaf: false,
            });
        }
    }
    for k in &report.public_keys {
        targets.push(PinTarget {
            kind: PinKind::PublicKey,
            index: k.index,
            label: format!("#{}", k.index),
            spki_sha256: k.spki_sha256.clone(),
            is_leaf: false,
        });
    }
    check_pins(parse_pin_list(text), &targets)
}

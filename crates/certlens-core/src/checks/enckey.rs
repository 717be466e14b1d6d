//! The backend's encryption keys (`encryption-key-0`, `encryption-key-1`, ... in the backend
//! Secret): each is the standard, padded Base64 text of 32 random bytes, 44 characters, exactly
//! what `openssl rand -base64 32` prints.
//!
//! This module never produces randomness: [`encode_key`] encodes 32 bytes the caller drew
//! (browser: `crypto.getRandomValues`; CLI: the OS RNG). [`check_key`] diagnoses a pasted value,
//! and [`rotation_plan`] lists what a rotation needs.
//!
//! Decisions:
//! - [`KeyCheck::ok`] is true exactly when [`KeyCheck::problems`] is empty and a key was found.
//!   Surrounding whitespace, line breaks, quotes or a `encryption-key-0:` prefix are removed with
//!   a hint (still ok: use [`KeyCheck::normalized`], not the pasted text). Everything else that
//!   needed a change (double encoding, hex, URL-safe alphabet, missing padding, whitespace inside)
//!   is a problem: `ok` is false, and `normalized` offers the corrected 44-character value when
//!   it can be derived with certainty.
//! - [`RotationPlan::keys`] hold the 44-character text meant for `stringData`; the
//!   `values_yaml_lines` are the Helm values that point the chart at the Secret.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::Serialize;

/// Standard alphabet, padding optional, non-zero trailing bits rejected.
const STD_ANY_PAD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const GENERATE_HINT: &str =
    "generate a key with `openssl rand -base64 32` (44 characters ending in '=')";

/// Base64 (standard, padded, 44 chars) of the 32 bytes the caller supplies.
pub fn encode_key(random: &[u8; 32]) -> String {
    STANDARD.encode(random)
}

/// The diagnosis of a pasted key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyCheck {
    /// The value (after trimming) is a usable key; `problems` is empty.
    pub ok: bool,
    /// The 44-character value to use: the trimmed key when `ok`, the corrected one when a
    /// problem could be fixed with certainty, otherwise `None`.
    pub normalized: Option<String>,
    /// What is wrong, for a person; empty when `ok`.
    pub problems: Vec<String>,
    /// What was tidied up or what to do next.
    pub hints: Vec<String>,
}

fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("'{c}'")
    } else {
        format!("{c:?} (U+{:04X})", c as u32)
    }
}

fn is_b64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_' | '=')
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len() / 2)
        .map(|i| {
            s.get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

/// Remove what commonly surrounds a pasted value, saying what was removed.
fn tidy(pasted: &str, hints: &mut Vec<String>) -> String {
    let mut s = pasted.trim_start_matches('\u{feff}').to_string();
    let mut newline = false;
    let mut spaces = false;
    let mut quotes = false;
    let mut escapes = false;
    let mut prefix: Option<String> = None;
    // Bounded: every round removes something, and there are at most a few layers.
    for _ in 0..8 {
        let before = s.clone();
        let t = s.trim_start();
        if t.len() != s.len() {
            spaces = true;
        }
        let t_end = t.trim_end();
        if t_end.len() != t.len() {
            let tail = t.get(t_end.len()..).unwrap_or("");
            if tail.contains(['\n', '\r']) {
                newline = true;
            } else {
                spaces = true;
            }
        }
        let mut t = t_end;
        for esc in ["\\r\\n", "\\n", "\\r"] {
            if let Some(r) = t.strip_suffix(esc) {
                t = r;
                escapes = true;
            }
        }
        for q in ['"', '\'', '`'] {
            if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
                t = t.get(1..t.len() - 1).unwrap_or("");
                quotes = true;
            }
        }
        if prefix.is_none() {
            if let Some((key, rest)) = split_key(t) {
                prefix = Some(key.to_string());
                t = rest;
            }
        }
        s = t.to_string();
        if s == before {
            break;
        }
    }
    if newline {
        hints.push(
            "removed a trailing line break: `echo` adds one (use `echo -n` or `printf '%s'`), and in a Secret it becomes part of the key and breaks it"
                .to_string(),
        );
    }
    if escapes {
        hints.push("removed a trailing literal \\n escape: it is not part of the key".to_string());
    }
    if spaces {
        hints.push("removed surrounding spaces: they are not part of the key".to_string());
    }
    if quotes {
        hints.push("removed surrounding quotes: YAML may quote the value, but the quotes are not part of the key".to_string());
    }
    if let Some(k) = prefix {
        hints.push(format!("took the value after `{k}`"));
    }
    s
}

/// `encryption-key-0: VALUE`, `userEncryptionKey: VALUE`, `KEY=VALUE` → (key, VALUE).
fn split_key(t: &str) -> Option<(&str, &str)> {
    let end = t.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))?;
    let key = t.get(..end)?;
    if key.is_empty() || !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = t.get(end..)?;
    if let Some(v) = rest.strip_prefix(':') {
        if v.starts_with(char::is_whitespace) && !v.trim().is_empty() {
            return Some((key, v.trim()));
        }
    }
    if let Some(v) = rest.strip_prefix('=') {
        // KEY=VALUE (an env file). Base64 has '=' only at its end, but a damaged value may have
        // one inside, so the name must look like a key's name.
        let lower = key.to_ascii_lowercase();
        let named = lower.contains("key") || lower.contains("encryption");
        if named && !v.is_empty() && !v.starts_with('=') && !v.trim().is_empty() {
            return Some((key, v.trim()));
        }
    }
    None
}

/// Decode text as a key (standard Base64 of 32 bytes, padding optional); `None` otherwise.
fn decode_32(text: &str) -> Option<[u8; 32]> {
    let bytes = STD_ANY_PAD.decode(text).ok()?;
    bytes.try_into().ok()
}

/// Look for a key inside decoded bytes that were not 32 bytes: double encoding.
fn inner_key(bytes: &[u8], problems: &mut Vec<String>) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let inner = text.trim();
    let newline = text.trim_end_matches([' ', '\t']).ends_with('\n');
    if let Some(k) = decode_32(inner) {
        let canonical = encode_key(&k);
        problems.push(format!(
            "double encoded: this is the Base64 of the {}-character key text (the form a Secret shows under `data:`); the key is the inner value {canonical}",
            inner.len()
        ));
        if newline {
            problems.push(
                "the inner text ends with a line break, as `echo KEY | base64` produces: the decoded key would carry it"
                    .to_string(),
            );
        }
        return Some(canonical);
    }
    if inner.len() == 64 {
        if let Some(k) = hex_decode(inner).and_then(|v| <[u8; 32]>::try_from(v).ok()) {
            let canonical = encode_key(&k);
            problems.push(format!(
                "this is the Base64 of a 64-digit hex key; the chart wants the Base64 of the 32 bytes themselves: {canonical}"
            ));
            return Some(canonical);
        }
    }
    None
}

/// Diagnose a pasted encryption key.
pub fn check_key(pasted: &str) -> KeyCheck {
    let mut problems: Vec<String> = Vec::new();
    let mut hints: Vec<String> = Vec::new();
    let normalized = diagnose(pasted, &mut problems, &mut hints);
    let ok = problems.is_empty() && normalized.is_some();
    if !ok && normalized.is_none() {
        hints.push(GENERATE_HINT.to_string());
    }
    KeyCheck {
        ok,
        normalized,
        problems,
        hints,
    }
}

fn diagnose(pasted: &str, problems: &mut Vec<String>, hints: &mut Vec<String>) -> Option<String> {
    let tidied = tidy(pasted, hints);
    if tidied.is_empty() {
        problems.push("the value is empty".to_string());
        return None;
    }
    // Whitespace or literal \n inside: wrapped or split when copied.
    let mut v = tidied.replace("\\r", "").replace("\\n", "");
    if v.contains(char::is_whitespace) || v.len() != tidied.len() {
        v.retain(|c| !c.is_whitespace());
        problems.push(
            "contains spaces or line breaks inside the value: it must be one unbroken line"
                .to_string(),
        );
    }
    let chars = v.chars().count();

    // 64 hex digits: `openssl rand -hex 32`.
    if chars == 64 {
        if let Some(k) = hex_decode(&v).and_then(|b| <[u8; 32]>::try_from(b).ok()) {
            let b64 = encode_key(&k);
            problems.push(format!(
                "this is hex (64 hex digits = 32 bytes); the chart wants Base64 — here is the same key in Base64: {b64}"
            ));
            return Some(b64);
        }
    }
    // 32 characters: a passphrase, or the key text mistaken for raw bytes.
    if chars == 32 {
        let mut msg = "32 characters of text, not Base64 of 32 random bytes: the key is the 44-character Base64 text of 32 random bytes".to_string();
        if hex_decode(&v).is_some() {
            msg.push_str(
                " (these 32 hex digits are only 16 bytes, as `openssl rand -hex 16` prints)",
            );
        } else if let Ok(b) = STD_ANY_PAD.decode(&v) {
            msg.push_str(&format!(" (read as Base64 it is only {} bytes)", b.len()));
        }
        problems.push(msg);
        return None;
    }
    if let Some((pos, c)) = v.chars().enumerate().find(|&(_, c)| !is_b64_char(c)) {
        problems.push(format!(
            "{} at position {} is not a Base64 character (Base64 uses A-Z, a-z, 0-9, '+', '/' and '=' padding)",
            describe_char(c),
            pos + 1
        ));
        return None;
    }
    // '=' only as trailing padding.
    let core = v.trim_end_matches('=');
    let pad = v.len() - core.len();
    if let Some(pos) = core.find('=') {
        if v.len() == 88 && pos == 43 {
            problems.push("two 44-character keys run together: give one key per field".to_string());
        } else {
            problems.push(format!(
                "'=' at position {} inside the value: padding belongs only at the end",
                pos + 1
            ));
        }
        return None;
    }
    if pad > 2 {
        problems.push(format!(
            "{pad} '=' at the end: Base64 has at most two padding characters"
        ));
        return None;
    }
    // Alphabet.
    let url = core.contains(['-', '_']);
    let std = core.contains(['+', '/']);
    if url && std {
        problems.push("mixes the URL-safe ('-', '_') and standard ('+', '/') Base64 alphabets: the value is damaged".to_string());
        return None;
    }
    let mut core = core.to_string();
    if url {
        core = core.replace('-', "+").replace('_', "/");
        problems.push("uses the URL-safe Base64 alphabet ('-' and '_'); the chart expects standard Base64 ('+' and '/')".to_string());
    }
    if core.len() % 4 == 1 {
        problems.push(format!(
            "{} characters cannot be Base64: one character is missing or extra",
            core.len()
        ));
        return None;
    }
    let expected_pad = (4 - core.len() % 4) % 4;
    if pad != expected_pad {
        if pad < expected_pad {
            problems.push(format!(
                "missing '=' padding: Base64 of this length ends with {expected_pad} '='{}",
                if core.len() == 43 {
                    " (a key is 44 characters, the last one '=')"
                } else {
                    ""
                }
            ));
        } else {
            problems.push(format!(
                "{pad} '=' at the end where {expected_pad} belong: a character is missing"
            ));
            return None;
        }
    }
    let bytes = match STD_ANY_PAD.decode(&core) {
        Ok(b) => b,
        Err(base64::DecodeError::InvalidLastSymbol(i, b)) => {
            problems.push(format!(
                "the last character {} (position {}) cannot end Base64 of whole bytes: a character was changed or lost",
                describe_char(char::from(b)),
                i + 1
            ));
            return None;
        }
        Err(e) => {
            problems.push(format!("not valid Base64: {e}"));
            return None;
        }
    };
    if let Ok(k) = <[u8; 32]>::try_from(bytes.as_slice()) {
        return Some(encode_key(&k));
    }
    if let Some(inner) = inner_key(&bytes, problems) {
        return Some(inner);
    }
    let n = bytes.len();
    let mut msg = format!(
        "decodes to {n} byte{}; the key must be exactly 32 bytes (44 Base64 characters)",
        if n == 1 { "" } else { "s" }
    );
    match n {
        16 => msg.push_str(": `openssl rand -base64 16` makes a 16-byte key"),
        64 => {
            msg.push_str(": 64 bytes, as `openssl rand -base64 64` prints (wrapped over two lines)")
        }
        _ => {}
    }
    problems.push(msg);
    None
}

/// What a rotation to a new key needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationPlan {
    pub secret_name: String,
    pub namespace: Option<String>,
    /// ("encryption-key-0", old), ("encryption-key-1", new): 44-character text for `stringData`.
    pub keys: Vec<(String, String)>,
    /// Helm values pointing the chart at the Secret, one YAML line each.
    pub values_yaml_lines: Vec<String>,
    pub notes: Vec<String>,
}

/// DNS-1123 subdomain (Secret names) or label (namespaces).
fn k8s_name_problem(name: &str, max: usize, allow_dots: bool) -> Option<String> {
    if name.len() > max {
        return Some(format!(
            "is {} characters long; at most {max} are allowed",
            name.len()
        ));
    }
    if let Some(c) = name.chars().find(|&c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (allow_dots && c == '.'))
    }) {
        return Some(format!(
            "contains {}: only lowercase letters, digits, '-'{} are allowed",
            describe_char(c),
            if allow_dots { " and '.'" } else { "" }
        ));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Some("must start and end with a letter or digit".to_string());
    }
    None
}

/// Which key of a rotation a [`RotationError::UnusableKey`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationKey {
    /// `encryption-key-0`, the key in use.
    Old,
    /// `encryption-key-1`, the key rotated to.
    New,
}

/// Why [`rotation_plan`] cannot plan the rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationError {
    /// A key does not pass [`check_key`]; `problems` are its findings, for people.
    UnusableKey {
        key: RotationKey,
        problems: Vec<String>,
    },
    /// The old and the new key are the same.
    SameKey,
    /// No Secret name was given.
    NoSecretName,
    /// The Secret name is not a Kubernetes name; `problem` says why.
    BadSecretName { name: String, problem: String },
    /// The namespace is not a Kubernetes namespace name; `problem` says why.
    BadNamespace { namespace: String, problem: String },
}

impl std::fmt::Display for RotationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RotationError::UnusableKey { key, problems } => write!(
                f,
                "the {} is not usable: {}",
                match key {
                    RotationKey::Old => "old key (encryption-key-0)",
                    RotationKey::New => "new key (encryption-key-1)",
                },
                problems.join("; ")
            ),
            RotationError::SameKey => f.write_str(
                "the old and the new key are the same: a rotation needs a newly generated key",
            ),
            RotationError::NoSecretName => f.write_str(
                "a Secret name is needed: the backend Secret (`<release>-backend`, or the one you manage)",
            ),
            RotationError::BadSecretName { name, problem } => {
                write!(f, "the Secret name {name:?} {problem}")
            }
            RotationError::BadNamespace { namespace, problem } => {
                write!(f, "the namespace {namespace:?} {problem}")
            }
        }
    }
}

impl std::error::Error for RotationError {}

/// Plan a rotation from `old` to `new`. Both must pass [`check_key`] and differ.
pub fn rotation_plan(
    old: &str,
    new: &str,
    secret_name: &str,
    namespace: Option<&str>,
) -> Result<RotationPlan, RotationError> {
    let checked = |key: RotationKey, value: &str| -> Result<String, RotationError> {
        let c = check_key(value);
        match (c.ok, c.normalized) {
            (true, Some(k)) => Ok(k),
            _ => Err(RotationError::UnusableKey {
                key,
                problems: c.problems,
            }),
        }
    };
    let old_key = checked(RotationKey::Old, old)?;
    let new_key = checked(RotationKey::New, new)?;
    if old_key == new_key {
        return Err(RotationError::SameKey);
    }
    let name = secret_name.trim();
    if name.is_empty() {
        return Err(RotationError::NoSecretName);
    }
    if let Some(problem) = k8s_name_problem(name, 253, true) {
        return Err(RotationError::BadSecretName {
            name: name.to_string(),
            problem,
        });
    }
    let namespace = namespace.map(str::trim).filter(|n| !n.is_empty());
    if let Some(ns) = namespace {
        if let Some(problem) = k8s_name_problem(ns, 63, false) {
            return Err(RotationError::BadNamespace {
                namespace: ns.to_string(),
                problem,
            });
        }
    }
    let keys = vec![
        ("encryption-key-0".to_string(), old_key),
        ("encryption-key-1".to_string(), new_key),
    ];
    let values_yaml_lines = vec![
        "general:".to_string(),
        "  deploy_secrets:".to_string(),
        "    enabled: false".to_string(),
        "    existing_secrets:".to_string(),
        format!("      backend: {name}"),
    ];
    let where_ = match namespace {
        Some(ns) => format!("the backend Secret {name} in namespace {ns} (the release namespace)"),
        None => format!("the backend Secret {name}, in the release namespace"),
    };
    let notes = vec![
        "the keys go under `stringData` as the 44-character text shown here; under `data` each would have to be Base64-encoded once more (the classic double-encoding mistake) — these values are for `stringData`".to_string(),
        "the chart encrypts with the highest encryption-key-N and keeps the older ones for decryption: keep encryption-key-0 after the rotation".to_string(),
        "if the Secret already holds encryption-key-N entries, keep them all and give the new key the next free number".to_string(),
        format!(
            "these keys belong in {where_}, which has other mandatory fields (database, keycloak, license...): add them to it — this is not a complete Secret"
        ),
        format!(
            "values pointing the chart at that Secret: `general.deploy_secrets.enabled: false` and `general.deploy_secrets.existing_secrets.backend: {name}`"
        ),
        "chart-managed alternative (not for production or GitOps): `secrets.keysEncryption.userEncryptionKey` (the same 44-character text) with `general.deploy_secrets.enabled: true`, and `secrets.keysEncryption.rotateKey: true` to have the chart add encryption-key-N+1 itself".to_string(),
    ];
    Ok(RotationPlan {
        secret_name: name.to_string(),
        namespace: namespace.map(str::to_string),
        keys,
        values_yaml_lines,
        notes,
    })
}

//! Building and writing YAML with yaml-rust2: ordered maps, one-line scalars, comment headers.

use yaml_rust2::yaml::Hash;
use yaml_rust2::{Yaml, YamlEmitter};

use super::OutputError;

/// A string scalar.
pub(crate) fn s(text: &str) -> Yaml {
    Yaml::String(text.to_string())
}

/// A map with keys in the order given.
pub(crate) fn map<K: AsRef<str>>(pairs: Vec<(K, Yaml)>) -> Yaml {
    let mut h = Hash::new();
    for (k, v) in pairs {
        h.insert(s(k.as_ref()), v);
    }
    Yaml::Hash(h)
}

/// A list of strings.
pub(crate) fn list(items: &[String]) -> Yaml {
    Yaml::Array(items.iter().map(|i| s(i)).collect())
}

/// A nested map from a dotted path: `nest(&["a", "b"], v)` is `{a: {b: v}}`.
pub(crate) fn nest(path: &[&str], value: Yaml) -> Yaml {
    path.iter()
        .rev()
        .fold(value, |inner, k| map(vec![(*k, inner)]))
}

/// Write one document. `document_start` keeps the `---` line the emitter writes (manifests);
/// without it the text is a fragment to paste into a values file. Always ends with a newline.
pub(crate) fn emit(doc: &Yaml, document_start: bool) -> Result<String, OutputError> {
    let mut out = String::new();
    YamlEmitter::new(&mut out)
        .dump(doc)
        .map_err(|e| OutputError::Yaml {
            reason: e.to_string(),
        })?;
    let mut text = if document_start {
        out
    } else {
        out.strip_prefix("---\n").map(str::to_string).unwrap_or(out)
    };
    text.push('\n');
    Ok(text)
}

/// Characters a terminal or an editor acts on or hides rather than shows: C0 controls and DEL,
/// C1 controls (U+0080–U+009F), bidirectional controls (U+061C, U+200E/U+200F, U+202A–U+202E,
/// U+2066–U+2069), line and paragraph separators, and the other invisible format characters
/// (soft hyphen, zero-width space and joiners, word joiner, BOM, tag characters, ...). Text from
/// the input never reaches a terminal or a comment with one of these raw: the CLI shows them
/// escaped, comments replace them with a space.
pub fn hidden_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
            | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{0600}'..='\u{0605}' | '\u{06DD}'
            | '\u{070F}' | '\u{0890}' | '\u{0891}' | '\u{08E2}' | '\u{110BD}' | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}')
}

/// A one-line comment, safe whatever the text holds (names from certificates are untrusted):
/// line breaks, controls and bidi or invisible characters become spaces.
pub(crate) fn comment_line(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if hidden_char(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim_end();
    if clean.is_empty() {
        "#\n".to_string()
    } else {
        format!("# {clean}\n")
    }
}

/// Comment lines.
pub(crate) fn comments<S: AsRef<str>>(lines: &[S]) -> String {
    lines.iter().map(|l| comment_line(l.as_ref())).collect()
}

/// Text with every line turned into a comment (an alternative the user must not apply as is).
pub(crate) fn commented_out(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "#\n".to_string()
            } else {
                format!("# {l}\n")
            }
        })
        .collect()
}

/// A Kubernetes Secret: apiVersion, kind, metadata (name, namespace), type, then `field` (data or
/// stringData) with the entries in the order given.
pub(crate) fn secret(
    name: &str,
    namespace: Option<&str>,
    kind: &str,
    field: &str,
    entries: Vec<(String, Yaml)>,
) -> Yaml {
    let mut meta: Vec<(&str, Yaml)> = vec![("name", s(name))];
    if let Some(ns) = namespace {
        meta.push(("namespace", s(ns)));
    }
    map(vec![
        ("apiVersion", s("v1")),
        ("kind", s("Secret")),
        ("metadata", map(meta)),
        ("type", s(kind)),
        (field, map(entries)),
    ])
}

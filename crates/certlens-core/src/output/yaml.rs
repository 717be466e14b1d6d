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

/// A one-line comment, safe whatever the text holds (names from certificates are untrusted).
pub(crate) fn comment_line(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
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

//! Secrets out of `kubectl get secrets -A -o yaml` (a `List`, possibly tens of MB) or
//! `-o json`, or any set of Secret manifests.
//!
//! A whole 20 MB List is never handed to the YAML loader (it refuses more than 8 MB, and a tree
//! of everything would cost several times the text): kubectl writes block-style YAML whose
//! `items:` are `- ` lines at one indentation, so the text is cut at those lines and each item
//! is loaded on its own, with the loader's usual limits. JSON goes to serde_json whole (its
//! nesting is bounded by serde_json's recursion limit).

use super::secret::{self, Secret};

/// Why some of a file could not be read: the doctor and the inventory each word it their way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListError {
    /// The file, or the file and the item's name.
    pub location: String,
    pub message: String,
}

fn err(location: impl Into<String>, message: impl Into<String>) -> ListError {
    ListError {
        location: location.into(),
        message: message.into(),
    }
}

/// Every Secret of one file.
pub(crate) fn secrets(name: &str, text: &str, out: &mut Vec<Secret>, errors: &mut Vec<ListError>) {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        match serde_json::from_str::<serde_json::Value>(t) {
            Ok(v) => json_secrets(name, &v, out, 0),
            Err(e) => errors.push(err(
                name,
                format!("looks like JSON but cannot be parsed: {e}"),
            )),
        }
        return;
    }
    for doc in documents(t) {
        match list_items(doc) {
            Some(items) => {
                for item in items {
                    load_one(name, &item, out, errors);
                }
            }
            None => load_one(name, doc, out, errors),
        }
    }
}

fn json_secrets(name: &str, v: &serde_json::Value, out: &mut Vec<Secret>, depth: usize) {
    if let Some(items) = v.as_array() {
        if depth == 0 {
            for i in items {
                json_secrets(name, i, out, depth + 1);
            }
        }
        return;
    }
    if let Some(items) = v.get("items").and_then(serde_json::Value::as_array) {
        if depth <= 1 {
            for i in items {
                json_secrets(name, i, out, depth + 2);
            }
        }
        return;
    }
    if let Some(s) = secret::from_json(v, name) {
        out.push(s);
    }
}

fn load_one(name: &str, text: &str, out: &mut Vec<Secret>, errors: &mut Vec<ListError>) {
    if text.trim().is_empty() {
        return;
    }
    if let Some(s) = fast_secret(name, text) {
        out.push(s);
        return;
    }
    match crate::input::yaml::load(text) {
        Ok(docs) => {
            for d in docs {
                if d["kind"].as_str() == Some("List") {
                    if let Some(items) = d["items"].as_vec() {
                        out.extend(items.iter().filter_map(|i| secret::from_yaml(i, name)));
                    }
                } else if let Some(s) = secret::from_yaml(&d, name) {
                    out.push(s);
                }
            }
        }
        Err(detail) => {
            let what = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("name: "))
                .map(|n| format!("{name} (item {n})"))
                .unwrap_or_else(|| name.to_string());
            errors.push(err(what, format!("cannot be parsed as YAML: {detail}")));
        }
    }
}

/// A plain scalar as kubectl writes names, types and Base64 (`[A-Za-z0-9._/+=:-]`, no quotes),
/// or a double-quoted one without escapes.
fn simple_scalar(v: &str) -> Option<&str> {
    let v = v.trim_end();
    let v = match v.strip_prefix('"') {
        Some(q) => q.strip_suffix('"').filter(|q| !q.contains(['"', '\\']))?,
        None => v,
    };
    v.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._/+=:-".contains(&b))
        .then_some(v)
}

/// The Secret of one List item in kubectl's exact layout, read without the YAML loader (which
/// costs most of the time on a cluster's worth of Secrets): top-level keys at column 0,
/// `data:` entries as `  key: base64` on one line each, `metadata.name` / `.namespace` at two
/// spaces; deeper lines (labels, annotations and their block scalars) skipped. Anything else
/// (`stringData`, quotes with escapes, flow style, a value on its own line) returns `None`, and
/// the loader reads the item.
fn fast_secret(name: &str, text: &str) -> Option<Secret> {
    #[derive(PartialEq)]
    enum In {
        Top,
        Data,
        Metadata,
        Other,
    }
    let mut section = In::Top;
    let mut kind = None;
    let mut ty = None;
    let mut sname = None;
    let mut ns = None;
    let mut entries = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if body.starts_with('\t') || body.starts_with('#') {
            return None;
        }
        if indent == 0 {
            let (k, v) = body.split_once(':')?;
            let v = v.trim();
            section = In::Other;
            match (k, v.is_empty()) {
                ("data", true) => section = In::Data,
                ("metadata", true) => section = In::Metadata,
                ("kind", false) => kind = Some(simple_scalar(v)?.to_string()),
                ("type", false) => ty = Some(simple_scalar(v)?.to_string()),
                ("apiVersion", false) => {}
                _ => return None, // stringData, flow style, anything unexpected
            }
            continue;
        }
        if indent != 2 {
            // Deeper: labels, annotations (block scalars included) — only metadata may have it.
            if section == In::Metadata {
                continue;
            }
            return None;
        }
        let (k, v) = body
            .split_once(": ")
            .or_else(|| body.strip_suffix(':').map(|k| (k, "")))?;
        match section {
            In::Data => {
                let key = simple_scalar(k)?;
                let value = simple_scalar(v)?;
                if value.is_empty() {
                    return None;
                }
                entries.push(secret::Entry {
                    key: key.to_string(),
                    section: secret::Section::Data,
                    bytes: secret::decode_data(value),
                });
            }
            In::Metadata => match k {
                "name" => sname = Some(simple_scalar(v)?.to_string()),
                "namespace" => ns = Some(simple_scalar(v)?.to_string()),
                _ => {}
            },
            _ => return None,
        }
    }
    if kind.as_deref() != Some("Secret") {
        return None;
    }
    Some(Secret {
        source: name.to_string(),
        name: sname.unwrap_or_else(|| "(unnamed)".to_string()),
        namespace: ns,
        kind: ty,
        entries,
    })
}

/// The documents of a multi-document YAML text (split at `---` lines).
fn documents(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l.starts_with("--- ") {
            out.push(text.get(start..pos).unwrap_or(""));
            start = pos + line.len();
        }
        pos += line.len();
    }
    out.push(text.get(start..).unwrap_or(""));
    out
}

/// A block-style `List`'s items, each as a text of its own (the `- ` of its first line made
/// two spaces), when the document is one. `None` leaves the document to the loader.
fn list_items(doc: &str) -> Option<Vec<String>> {
    let mut lines = doc.split_inclusive('\n').peekable();
    // Find `items:` at column 0.
    let mut before_items = false;
    for line in lines.by_ref() {
        if line.trim_end() == "items:" {
            before_items = true;
            break;
        }
    }
    if !before_items {
        return None;
    }
    let mut items: Vec<String> = Vec::new();
    let mut indent: Option<usize> = None;
    for line in lines {
        let body = line.trim_start_matches(' ');
        let ind = line.len() - body.len();
        let blank = body.trim().is_empty() || body.starts_with('#');
        if blank {
            if let Some(cur) = items.last_mut() {
                cur.push_str(line);
            }
            continue;
        }
        let starts_item = body.starts_with("- ") || body.trim_end() == "-";
        match indent {
            None if starts_item => indent = Some(ind),
            None => return Some(items), // `items: []` or an empty list
            Some(i) if ind < i || (ind == i && !starts_item) => break,
            _ => {}
        }
        // The loader wants the item's mapping at column 0: drop the `- ` and the item's
        // indentation from every line (block scalars inside are indented deeper still).
        let depth = indent.unwrap_or(0) + 2;
        if Some(ind) == indent && starts_item {
            let rest = body.get(1..).unwrap_or("").trim_start_matches(' ');
            let mut item = String::with_capacity(4096);
            item.push_str(rest);
            if !rest.ends_with('\n') {
                item.push('\n');
            }
            items.push(item);
        } else if let Some(cur) = items.last_mut() {
            cur.push_str(line.get(depth.min(ind)..).unwrap_or(line));
        }
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_cut_into_items() {
        let t = "apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    a: YQ==\n  kind: Secret\n  metadata:\n    name: one\n    namespace: x\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: two\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
        let items = list_items(t).unwrap();
        assert_eq!(items.len(), 2);
        let mut out = Vec::new();
        let mut errors = Vec::new();
        secrets("l.yaml", t, &mut out, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].name, "one");
        assert_eq!(out[0].namespace.as_deref(), Some("x"));
        assert_eq!(out[0].entries[0].bytes, Ok(b"a".to_vec()));
        assert_eq!(out[1].name, "two");
    }

    #[test]
    fn the_fast_path_reads_what_the_loader_reads() {
        let item = "apiVersion: v1\ndata:\n  ca.crt: YWJj\n  tls.key: ZGVm\nkind: Secret\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"data\":{\"x\":\"y\"}}\n      name: fake\n  name: web\n  namespace: \"team-a\"\ntype: kubernetes.io/tls\n";
        let fast = fast_secret("f", item).unwrap();
        let docs = crate::input::yaml::load(item).unwrap();
        let slow = secret::from_yaml(&docs[0], "f").unwrap();
        assert_eq!(fast, slow);
        assert_eq!(fast.name, "web");
        assert_eq!(fast.namespace.as_deref(), Some("team-a"));
        // Outside kubectl's layout: left to the loader.
        assert!(fast_secret("f", "kind: Secret\nstringData:\n  a: b\n").is_none());
        assert!(fast_secret("f", "kind: Secret\ndata:\n  a: 'x'\n").is_none());
        assert!(fast_secret("f", "kind: Secret\ndata: {a: YQ==}\n").is_none());
        assert!(fast_secret("f", "kind: Secret\ndata:\n  a:\n    YQ==\n").is_none());
    }

    #[test]
    fn indented_items_and_documents() {
        let t = "kind: List\nitems:\n  - kind: Secret\n    metadata:\n      name: a\n  - kind: Secret\n    metadata:\n      name: b\n---\nkind: Secret\nmetadata:\n  name: c\n";
        let mut out = Vec::new();
        let mut errors = Vec::new();
        secrets("l.yaml", t, &mut out, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<_> = out.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }
}

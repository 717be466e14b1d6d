//! Kubernetes Secrets as the doctor and the inventory see them: namespace, name, type and each
//! key's bytes as the pod would see them (`data` decoded from Base64, `stringData` as text).

use yaml_rust2::Yaml;

use crate::input::b64;

/// Where a key of a Secret was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Data,
    StringData,
}

impl Section {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Section::Data => "data",
            Section::StringData => "stringData",
        }
    }
}

/// One key of a Secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: String,
    pub section: Section,
    /// What the pod reads: decoded `data`, or `stringData` as is; why not when `data` is not
    /// Base64.
    pub bytes: Result<Vec<u8>, String>,
}

/// A Secret read from a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Secret {
    /// The file it came from.
    pub source: String,
    pub name: String,
    pub namespace: Option<String>,
    pub kind: Option<String>,
    pub entries: Vec<Entry>,
}

impl Secret {
    /// `ns/name`, or `name` when the manifest gives no namespace.
    pub(crate) fn id(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}/{}", self.name),
            None => self.name.clone(),
        }
    }

    pub(crate) fn entry(&self, key: &str) -> Option<&Entry> {
        // stringData wins over data for the same key, as in Kubernetes.
        self.entries
            .iter()
            .find(|e| e.key == key && e.section == Section::StringData)
            .or_else(|| self.entries.iter().find(|e| e.key == key))
    }
}

/// Decode a `data` value as the API server does (standard Base64; line breaks tolerated, as
/// YAML folding leaves them).
pub(crate) fn decode_data(text: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    b64::decode_standard(&cleaned).map_err(String::from)
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        _ => None,
    }
}

/// A Secret from a parsed YAML/JSON document, when it is one.
pub(crate) fn from_yaml(doc: &Yaml, source: &str) -> Option<Secret> {
    if doc["kind"].as_str() != Some("Secret") {
        return None;
    }
    let meta = &doc["metadata"];
    let mut entries = Vec::new();
    for (section, name) in [(Section::Data, "data"), (Section::StringData, "stringData")] {
        let Some(map) = doc[name].as_hash() else {
            continue;
        };
        for (k, v) in map {
            let (Some(key), Some(text)) = (scalar(k), scalar(v)) else {
                continue;
            };
            let bytes = match section {
                Section::Data => decode_data(&text),
                Section::StringData => Ok(text.into_bytes()),
            };
            entries.push(Entry {
                key,
                section,
                bytes,
            });
        }
    }
    Some(Secret {
        source: source.to_string(),
        name: meta["name"].as_str().unwrap_or("(unnamed)").to_string(),
        namespace: meta["namespace"].as_str().map(str::to_string),
        kind: doc["type"].as_str().map(str::to_string),
        entries,
    })
}

/// A Secret from a parsed JSON value (`kubectl get secrets -o json`), when it is one.
pub(crate) fn from_json(doc: &serde_json::Value, source: &str) -> Option<Secret> {
    use serde_json::Value;
    if doc.get("kind").and_then(Value::as_str) != Some("Secret") {
        return None;
    }
    let meta = doc.get("metadata");
    let meta_str = |k: &str| {
        meta.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut entries = Vec::new();
    for (section, name) in [(Section::Data, "data"), (Section::StringData, "stringData")] {
        let Some(map) = doc.get(name).and_then(Value::as_object) else {
            continue;
        };
        for (key, v) in map {
            let Some(text) = v.as_str() else { continue };
            let bytes = match section {
                Section::Data => decode_data(text),
                Section::StringData => Ok(text.as_bytes().to_vec()),
            };
            entries.push(Entry {
                key: key.clone(),
                section,
                bytes,
            });
        }
    }
    Some(Secret {
        source: source.to_string(),
        name: meta_str("name").unwrap_or_else(|| "(unnamed)".to_string()),
        namespace: meta_str("namespace"),
        kind: doc.get("type").and_then(Value::as_str).map(str::to_string),
        entries,
    })
}

/// Whether bytes hold certificate material worth a pool: PEM text, DER, or Base64 of either
/// (a value encoded once too often). Random Base64 (a Helm release blob) is decoded to tell.
pub(crate) fn may_hold_certificates(bytes: &[u8]) -> bool {
    if bytes.first() == Some(&0x30) {
        return whole_der(bytes);
    }
    if bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        return true;
    }
    let t = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .and_then(|p| bytes.get(p..))
        .unwrap_or(&[]);
    // Base64 of PEM starts with "LS0tLS1CRUdJT" ("-----BEGIN"); of DER with "MII".
    if !(t.starts_with(b"LS0tLS1CRUdJT") || t.starts_with(b"MII")) {
        return false;
    }
    let Ok(text) = core::str::from_utf8(t) else {
        return false;
    };
    match b64::decode_standard(&b64::clean(text)) {
        Ok(inner) => inner.windows(11).any(|w| w == b"-----BEGIN ") || whole_der(&inner),
        Err(_) => false,
    }
}

/// One DER SEQUENCE spanning the bytes (trailing zeros or whitespace allowed, as the reader
/// allows them): random bytes that merely start like DER do not count.
fn whole_der(bytes: &[u8]) -> bool {
    crate::input::der_sequence_len(bytes)
        .and_then(|n| bytes.get(n..))
        .is_some_and(|rest| rest.iter().all(|&b| b == 0 || b.is_ascii_whitespace()))
}

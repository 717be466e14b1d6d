//! Reading certificate material out of YAML and JSON: Kubernetes Secrets (`data` in Base64,
//! `stringData` as text, one or many documents, `kind: List`) and Helm values files
//! (`certificate.tls.crt`, `certificate.security_pinned_hashes`, or any other value holding PEM
//! or Base64 of PEM/DER).

use yaml_rust2::{Yaml, YamlLoader};

use crate::input::b64;

/// Top-level keys that make a text worth parsing as YAML even when it contains PEM
/// (a Secret with `stringData: |` blocks, say). Prose such as `openssl x509 -text` output
/// ("Certificate:", "Data:") must not qualify, hence lower-case keys only.
const YAML_KEYS: &[&str] = &[
    "apiVersion:",
    "kind:",
    "data:",
    "stringData:",
    "certificate:",
    "secrets:",
    "general:",
    "items:",
    "metadata:",
];

/// YAML larger than this is not parsed (aliases can make a small file expand enormously).
const MAX_YAML_BYTES: usize = 8 * 1024 * 1024;
const MAX_DEPTH: usize = 64;

pub fn looks_like_yaml(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with('{')
        || t.starts_with("---\n")
        || t.starts_with("--- ")
        || t.starts_with("---\r")
    {
        return true;
    }
    if t.starts_with('[') && !t.starts_with("[ ") {
        return t.contains('{');
    }
    let has_pem = text.contains("-----BEGIN ");
    text.lines().any(|line| {
        if YAML_KEYS.iter().any(|k| line.starts_with(k)) {
            return true;
        }
        // Without PEM in sight, any `key:` at column 0 is a hint (values.yaml fragments).
        !has_pem
            && line.split_once(':').is_some_and(|(k, rest)| {
                !k.is_empty()
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
                    && (rest.is_empty() || rest.starts_with(' '))
            })
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Text that holds PEM.
    Text,
    /// Base64 of PEM or DER (or of Base64 of those).
    Base64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// Human description of where it was: `Secret lightrun-tls, data.tls.crt` or `certificate.tls.crt`.
    pub path: String,
    pub kind: ValueKind,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub values: Vec<Value>,
    /// `(path, pins)` for every `security_pinned_hashes` found.
    pub pins: Vec<(String, Vec<String>)>,
    /// Set when a Secret was seen (even if it held nothing we read), so an empty result is not an error.
    pub had_secret_data: Option<String>,
}

/// Deepest nesting parsed, aliases expanded. yaml-rust2's loader recurses once per level (and
/// so do cloning an aliased node and dropping the tree), and a browser tab's or a thread's stack
/// is small: a file nested thousands of levels deep would overflow it and abort the process.
const MAX_NESTING: usize = 64;

/// Most nodes a document may expand to once every `*alias` is replaced by its anchor's node,
/// which is what the loader does (it clones): "billion laughs" YAML is a few hundred bytes.
const MAX_EXPANDED_NODES: u64 = 200_000;

/// Most bytes a document may expand to, aliases expanded. Counting nodes alone let one large
/// anchored scalar through: a 1 MB Secret whose 500 KB value is aliased a few thousand times
/// made the loader copy gigabytes and abort the page's worker.
const MAX_EXPANDED_BYTES: u64 = 32 * 1024 * 1024;

/// What the loader allocates for a node besides its text (the `Yaml` value, map entry).
const NODE_BYTES: u64 = 48;

/// The expanded size of a node, or of everything so far.
#[derive(Default, Clone, Copy)]
struct Size {
    nodes: u64,
    bytes: u64,
}

impl Size {
    fn add(&mut self, other: Size) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

/// Counts the nodes and bytes the loader would build, aliases expanded, and the nesting depth
/// it would recurse to, without building anything.
#[derive(Default)]
struct Precheck {
    /// Expanded size and height (levels of collections inside) of each anchored node.
    anchors: std::collections::HashMap<usize, (Size, usize)>,
    /// Open collections: (anchor id, size so far, height of the tallest child so far).
    open: Vec<(usize, Size, usize)>,
    total: Size,
    /// Whether the text has any alias: without one, a size over the limit is the text's own,
    /// and the message must not blame aliases.
    aliases: bool,
}

impl Precheck {
    /// Adds a finished child node (scalar, alias or collection) of the given size and height.
    fn add(&mut self, n: Size, height: usize) {
        self.total.add(n);
        if let Some(top) = self.open.last_mut() {
            top.1.add(n);
            top.2 = top.2.max(height);
        }
    }

    /// The depth the loader reaches for a node of `height` levels placed at the current level.
    fn depth_with(&self, height: usize) -> usize {
        self.open.len().saturating_add(height)
    }

    /// Takes one event; `Err` says why the document is refused.
    fn on_event(&mut self, ev: yaml_rust2::parser::Event) -> Result<(), String> {
        use yaml_rust2::parser::Event;
        match ev {
            Event::Scalar(text, _, anchor, _) => {
                let size = Size {
                    nodes: 1,
                    bytes: (text.len() as u64).saturating_add(NODE_BYTES),
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (size, 0));
                }
                self.add(size, 0);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((
                    anchor,
                    Size {
                        nodes: 1,
                        bytes: NODE_BYTES,
                    },
                    0,
                ));
                if self.open.len() > MAX_NESTING {
                    return Err(too_deep());
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, size, tallest)) = self.open.pop() {
                    let height = tallest.saturating_add(1);
                    if anchor > 0 {
                        self.anchors.insert(anchor, (size, height));
                    }
                    // The collection's own node was counted in `size`, its children as they came:
                    // only the own node is new to the total.
                    self.total.add(Size {
                        nodes: 1,
                        bytes: NODE_BYTES,
                    });
                    if let Some(top) = self.open.last_mut() {
                        top.1.add(size);
                        top.2 = top.2.max(height);
                    }
                }
            }
            Event::Alias(id) => {
                self.aliases = true;
                let (size, height) = self.anchors.get(&id).copied().unwrap_or((
                    Size {
                        nodes: 1,
                        bytes: NODE_BYTES,
                    },
                    0,
                ));
                // The loader pastes a copy of the anchored node here: an alias of a deep node
                // inside another deep node nests as deep as both together.
                if self.depth_with(height) > MAX_NESTING {
                    return Err(format!(
                        "an alias (*name) would nest it more than {MAX_NESTING} levels deep; refusing to expand it"
                    ));
                }
                self.add(size, height);
            }
            _ => {}
        }
        Ok(())
    }

    /// Why the whole document's aliases may not be expanded, if they may not (counted to the
    /// end, so the message says how much they would have cost).
    fn expansion_refused(&self) -> Result<(), String> {
        if self.total.nodes > MAX_EXPANDED_NODES && !self.aliases {
            return Err(format!(
                "it has more than {MAX_EXPANDED_NODES} values, lists and maps; refusing to load it"
            ));
        }
        if self.total.nodes > MAX_EXPANDED_NODES {
            return Err(format!(
                "its aliases (*name) would expand to more than {MAX_EXPANDED_NODES} nodes; refusing to expand them"
            ));
        }
        if self.total.bytes > MAX_EXPANDED_BYTES {
            return Err(format!(
                "its aliases (*name) would expand to about {} MB, over the limit of {} MB; refusing to expand them",
                self.total.bytes / (1024 * 1024),
                MAX_EXPANDED_BYTES / (1024 * 1024)
            ));
        }
        Ok(())
    }
}

fn too_deep() -> String {
    format!("nested more than {MAX_NESTING} levels deep (lists, maps, [ ], {{ }}, ? keys); refusing to parse it")
}

/// Why a text may not be handed to the loader, if it may not: nested too deep (counting every
/// construct the loader recurses on: block and flow collections, complex `? ` keys, several
/// `- ` on one line, aliases of deep anchors) or aliases that expand too much.
///
/// It pulls events from yaml-rust2's parser one at a time (`next_token`, which keeps its own
/// state stack) rather than through `Parser::load`, which recurses per level like the loader:
/// the check itself must not be what overflows the stack. It stops at the first level too deep, so a
/// deep file costs no more than its first levels.
fn precheck(text: &str) -> Result<(), String> {
    let mut check = Precheck::default();
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // The scanner's own flow limit (255 `[`/`{`) can trip before the parser hands out
            // the 65th level's event (it reads ahead to find keys): same refusal, same words.
            Err(e) if e.info() == "recursion limit exceeded" => {
                return Err(format!("line {}: {}", e.marker().line(), too_deep()));
            }
            // Any other parse error is reported by the real load (it stops at the same event,
            // and all before it passed this check).
            Err(_) => return check.expansion_refused(),
        };
        if event == yaml_rust2::parser::Event::StreamEnd {
            return check.expansion_refused();
        }
        check
            .on_event(event)
            .map_err(|why| format!("line {}: {why}", mark.line()))?;
    }
}

pub fn extract(text: &str) -> Result<Found, String> {
    let docs = load(text)?;
    let mut found = Found::default();
    for doc in &docs {
        walk(doc, &mut Vec::new(), &mut found, 0);
    }
    Ok(found)
}

/// Parse YAML or JSON with the same limits as [`extract`] (size, nesting, alias expansion).
pub fn load(text: &str) -> Result<Vec<Yaml>, String> {
    if text.len() > MAX_YAML_BYTES {
        return Err(format!(
            "YAML over {} MB is not parsed",
            MAX_YAML_BYTES / (1024 * 1024)
        ));
    }
    precheck(text)?;
    YamlLoader::load_from_str(text).map_err(|e| e.to_string())
}

fn key_str(k: &Yaml) -> Option<String> {
    match k {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_secret(node: &Yaml) -> bool {
    node["kind"].as_str() == Some("Secret")
}

fn walk(node: &Yaml, path: &mut Vec<String>, found: &mut Found, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match node {
        Yaml::Hash(map) if is_secret(node) => secret(node, map, found),
        Yaml::Hash(map) => {
            for (k, v) in map {
                let Some(k) = key_str(k) else { continue };
                if k == crate::chart::path::PINNED_HASHES_KEY {
                    let mut p = path.clone();
                    p.push(k.clone());
                    // The pipeline lists what it can compare; a non-scalar item has no text.
                    let pins = pin_entries(v).into_iter().flatten().collect();
                    found.pins.push((p.join("."), pins));
                    continue;
                }
                // The backend's encryption key (`secrets.keysEncryption.userEncryptionKey`, or
                // an `encryption-key-N`) is Base64 text, often double-encoded by mistake, so it
                // looks like Base64 of something: it is no certificate material, and reading it
                // as such reported it as "neither PEM nor DER". The doctor checks it.
                if is_encryption_key(&k) {
                    continue;
                }
                path.push(k);
                walk(v, path, found, depth + 1);
                path.pop();
            }
        }
        Yaml::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(format!("[{i}]"));
                walk(v, path, found, depth + 1);
                path.pop();
            }
        }
        Yaml::String(s) => {
            if let Some(kind) = classify_string(s) {
                found.values.push(Value {
                    path: join_path(path),
                    kind,
                    text: s.clone(),
                });
            }
        }
        _ => {}
    }
}

/// A values or Secret key that holds a backend encryption key, not certificate material.
fn is_encryption_key(key: &str) -> bool {
    key == "userEncryptionKey" || key.starts_with(crate::chart::ENCRYPTION_KEY_PREFIX)
}

fn join_path(path: &[String]) -> String {
    let mut s = String::new();
    for p in path {
        if !s.is_empty() && !p.starts_with('[') {
            s.push('.');
        }
        s.push_str(p);
    }
    s
}

/// A string value is interesting when it holds PEM, or Base64 that decodes to PEM, DER or more Base64.
fn classify_string(s: &str) -> Option<ValueKind> {
    if s.contains("-----BEGIN ") {
        return Some(ValueKind::Text);
    }
    let cleaned = b64::clean(s);
    if cleaned.len() < 40 || !b64::looks_like_base64(&cleaned) {
        return None;
    }
    let bytes = b64::decode_standard(&cleaned).ok()?;
    if crate::input::der_sequence_len(&bytes).is_some() {
        return Some(ValueKind::Base64);
    }
    let inner = core::str::from_utf8(&bytes).ok()?;
    if inner.contains("-----BEGIN ") || b64::looks_like_base64(&b64::clean(inner)) {
        return Some(ValueKind::Base64);
    }
    None
}

fn secret(node: &Yaml, map: &yaml_rust2::yaml::Hash, found: &mut Found) {
    let name = node["metadata"]["name"]
        .as_str()
        .unwrap_or("(unnamed)")
        .to_string();
    found.had_secret_data = Some(name.clone());
    for (section, kind) in [("data", ValueKind::Base64), ("stringData", ValueKind::Text)] {
        let Some(entries) = map
            .get(&Yaml::String(section.to_string()))
            .and_then(Yaml::as_hash)
        else {
            continue;
        };
        for (k, v) in entries {
            let Some(key) = key_str(k) else { continue };
            let Some(text) = v.as_str() else { continue };
            // tls.crt, tls.key, ca.crt and friends must be certificate material; report them even
            // when broken. Other keys (encryption keys, passwords) are read only if they look like it.
            let expected = key.ends_with(".crt") || key.ends_with(".key") || key.ends_with(".pem");
            // The backend's encryption keys are Base64 text, so they look like Base64 of
            // something; they are no certificate material (the doctor and `keycheck` check them).
            let encryption_key = is_encryption_key(&key);
            let wanted = expected
                || (!encryption_key && classify_string(text).is_some())
                || (kind == ValueKind::Text && text.contains("-----BEGIN "));
            if wanted {
                found.values.push(Value {
                    path: format!("Secret {name}, {section}.{key}"),
                    kind,
                    text: text.to_string(),
                });
            }
        }
    }
}

/// The node at a dotted values path (`certificate.tls.crt`), `Yaml::BadValue` when absent.
pub(crate) fn at_path<'y>(doc: &'y Yaml, path: &str) -> &'y Yaml {
    path.split('.').fold(doc, |node, k| &node[k])
}

/// The entries of a `security_pinned_hashes` value, as the user wrote them: a YAML list (one
/// entry per item), or one comma-separated string (empty pieces dropped). The one reader of a
/// pin list in YAML (the pipeline and the doctor both use it).
///
/// Each list item is `Some(text)` when it is a scalar, `None` otherwise (null, boolean, a nested
/// list or map), so callers can still number entries as the user sees them. Plain scalars that
/// YAML reads as numbers are kept as text, not dropped: a pin of 64 decimal digits (a valid
/// SHA-256 in hex) is a float to YAML, whose text `Yaml::Real` keeps exactly; an integer (at most
/// 19 digits, never a pin) is kept as its decimal value so that it is reported as a wrong entry
/// rather than silently ignored.
pub(crate) fn pin_entries(v: &Yaml) -> Vec<Option<String>> {
    match v {
        Yaml::Array(items) => items
            .iter()
            .map(|i| match i {
                Yaml::String(s) | Yaml::Real(s) => Some(s.trim().to_string()),
                Yaml::Integer(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Yaml::String(s) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .map(Some)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_yaml_but_not_openssl_text() {
        assert!(looks_like_yaml("apiVersion: v1\nkind: Secret\n"));
        assert!(looks_like_yaml("{\"kind\": \"Secret\"}"));
        assert!(looks_like_yaml("certificate:\n  tls:\n    crt: abc\n"));
        assert!(!looks_like_yaml(
            "Certificate:\n    Data:\n-----BEGIN CERTIFICATE-----\n"
        ));
        assert!(!looks_like_yaml("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"));
    }

    #[test]
    fn secret_data_and_pins() {
        let pem_b64 = b64::encode_standard(
            b"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n",
        );
        let y = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {pem_b64}\n  tls.key: \"\"\n  other: aGVsbG8=\n"
        );
        let f = extract(&y).unwrap();
        assert_eq!(f.values.len(), 2);
        assert_eq!(f.values[0].path, "Secret web, data.tls.crt");
        assert_eq!(f.values[0].kind, ValueKind::Base64);
        let v = "certificate:\n  security_pinned_hashes:\n    - \"AB\"\n    - cd \n";
        let f = extract(v).unwrap();
        assert_eq!(
            f.pins,
            vec![(
                "certificate.security_pinned_hashes".to_string(),
                vec!["AB".to_string(), "cd".to_string()]
            )]
        );
    }

    /// How YAML types the items decides nothing: numbers are kept as their text, a
    /// non-scalar item is `None` (still counted), a comma string is split.
    #[test]
    fn pin_entries_keep_numbers_as_text() {
        let digits = "1234567890".repeat(7);
        let digits = &digits[..64];
        let v = format!("p:\n  - 12345\n  - {digits}\n  - 1e5\n  -\n  - \" Ab \"\n");
        let doc = load(&v).unwrap();
        let node = &doc[0]["p"];
        assert!(matches!(node[0], Yaml::Integer(12345)));
        assert!(matches!(node[1], Yaml::Real(_)));
        assert_eq!(
            pin_entries(node),
            vec![
                Some("12345".to_string()),
                Some(digits.to_string()),
                Some("1e5".to_string()),
                None,
                Some("Ab".to_string()),
            ]
        );
        let comma = Yaml::String("a, ,b".to_string());
        assert_eq!(
            pin_entries(&comma),
            vec![Some("a".to_string()), Some("b".to_string())]
        );
    }
}

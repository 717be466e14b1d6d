//! The backend's encryption keys: a Secret fragment with `encryption-key-N` under `stringData`,
//! the values that point the chart at the Secret, and the chart-managed alternative.

use serde::Serialize;
use yaml_rust2::Yaml;

use super::select;
use super::yaml::{commented_out, comments, emit, map, nest, s, secret};
use super::{OutputError, SecretText};
use crate::checks::enckey;

/// Where the encryption keys go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptionSecretOptions {
    /// The backend Secret: `<release>-backend`, or the Secret named by
    /// `general.deploy_secrets.existing_secrets.backend`.
    pub secret_name: String,
    /// The release namespace; `None` leaves it out.
    pub namespace: Option<String>,
}

/// One `encryption-key-N` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EncryptionKeyEntry {
    /// `encryption-key-0`, `encryption-key-1`...
    pub name: String,
    /// The 44-character Base64 text of 32 bytes (the `stringData` form).
    pub value: SecretText,
}

/// Encryption keys for the backend Secret, and how to point the chart at them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EncryptionKeys {
    /// The backend Secret's name.
    pub secret_name: String,
    /// Its namespace, when given.
    pub namespace: Option<String>,
    /// The keys, oldest first (the chart encrypts with the highest number).
    pub keys: Vec<EncryptionKeyEntry>,
    /// `stringData`: the values are the 44-character text itself, not Base64-encoded again.
    pub form: String,
    /// The Secret **fragment**: a comment block saying it is not a complete Secret (the backend
    /// Secret has other mandatory fields), then the manifest with only the keys. Holds the keys.
    pub secret_yaml: SecretText,
    /// The values that point the chart at the Secret (`general.deploy_secrets`).
    pub values_yaml: String,
    /// The chart-managed alternative (`secrets.keysEncryption`), every line commented out:
    /// not for production or GitOps. Holds the new key.
    pub chart_managed_yaml: SecretText,
    /// All three, in that order: the Secret document, `---` and the values document, then the
    /// commented-out alternative. What the CLI prints.
    pub text: SecretText,
    /// Where and in which form the existing keys were read, for a rotation from an existing
    /// Secret or values file (`Secret lightrun-backend, stringData`); `None` otherwise.
    pub read_from: Option<String>,
    /// What to know (from [`enckey::rotation_plan`] for a rotation).
    pub notes: Vec<String>,
}

fn names(opts: &EncryptionSecretOptions) -> Result<(String, Option<String>), OutputError> {
    let name = select::k8s_name("Secret name", &opts.secret_name, 253, true)?;
    let ns = select::namespace(opts.namespace.as_deref())?;
    Ok((name, ns))
}

fn checked(label: &str, value: &str) -> Result<String, OutputError> {
    let c = enckey::check_key(value);
    match (c.ok, c.normalized) {
        (true, Some(k)) => Ok(k),
        _ => Err(OutputError::EncryptionKey {
            reason: format!("the {label} is not usable: {}", c.problems.join("; ")),
        }),
    }
}

fn render(
    name: String,
    namespace: Option<String>,
    keys: Vec<(String, String)>,
    rotate: bool,
    read_from: Option<&str>,
    notes: Vec<String>,
) -> Result<EncryptionKeys, OutputError> {
    let entries: Vec<(String, yaml_rust2::Yaml)> =
        keys.iter().map(|(k, v)| (k.clone(), s(v))).collect();
    let doc = secret(&name, namespace.as_deref(), "Opaque", "stringData", entries);
    let where_ = match &namespace {
        Some(ns) => format!("{name} (namespace {ns})"),
        None => name.clone(),
    };
    let ns_arg = namespace
        .as_ref()
        .map(|ns| format!(" -n {ns}"))
        .unwrap_or_default();
    let mut header = vec![
        "NOT A COMPLETE SECRET. Only the encryption keys of the backend Secret are here.".to_string(),
        format!("The backend Secret {where_} has other mandatory fields (database, keycloak, license...):"),
        "add these entries to it; applying this file alone would create or replace it without them.".to_string(),
        format!("To add them to the live Secret and keep its other fields: kubectl patch secret {name}{ns_arg} --type merge --patch-file THIS-FILE"),
        "Form: stringData. Each value is the 44-character Base64 text of 32 random bytes, as is;".to_string(),
        "under data: it would need Base64-encoding once more (the classic double-encoding mistake).".to_string(),
    ];
    match (rotate, keys.len()) {
        (false, _) => {}
        (true, 0..=2) => {
            header.push("encryption-key-0 is the old key (kept to decrypt), encryption-key-1 the new one: the chart encrypts with the highest N.".to_string());
            header.push("If the Secret already has more encryption-key-N entries, keep them all and give the new key the next free number.".to_string());
        }
        (true, _) => {
            let newest = keys.last().map(|(k, _)| k.as_str()).unwrap_or_default();
            header.push(format!("{newest} is the new key; the others are the existing keys, kept to decrypt: the chart encrypts with the highest N."));
        }
    }
    if let Some(f) = read_from {
        header.push(format!("Every key is written here (read from {f}): the Secret must hold them all, old ones to decrypt."));
    }
    if rotate {
        let mut m = super::ENCRYPTION_KEYS_MOUNT.to_string();
        if let Some(c) = m.get(..1) {
            m = format!("{}{}", c.to_uppercase(), m.get(1..).unwrap_or_default());
        }
        header.push(format!("{m}."));
    }
    let mut secret_yaml = comments(&header);
    secret_yaml.push_str(&emit(&doc, true)?);

    let values = nest(
        &["general", "deploy_secrets"],
        map(vec![
            ("enabled", yaml_rust2::Yaml::Boolean(false)),
            ("existing_secrets", map(vec![("backend", s(&name))])),
        ]),
    );
    let mut values_yaml = comments(&[
        "values.yaml: make the chart use the backend Secret you manage.",
        super::DEPLOY_SECRETS_OFF,
    ]);
    values_yaml.push_str(&emit(&values, false)?);

    let newest = keys.last().map(|(_, v)| v.clone()).unwrap_or_default();
    let mut ke = vec![("userEncryptionKey", s(&newest))];
    if rotate {
        ke.push(("rotateKey", yaml_rust2::Yaml::Boolean(true)));
    }
    let alt = map(vec![
        (
            "general",
            map(vec![(
                "deploy_secrets",
                map(vec![("enabled", yaml_rust2::Yaml::Boolean(true))]),
            )]),
        ),
        ("secrets", map(vec![("keysEncryption", map(ke))])),
    ]);
    let mut chart_managed = comments(&[
        "Alternative, NOT for production or GitOps: let the chart manage the key (values.yaml)."
            .to_string(),
        if rotate {
            "With rotateKey: true the chart adds encryption-key-N+1 itself. Uncomment to use."
                .to_string()
        } else {
            "The key then lives in values.yaml. Uncomment to use.".to_string()
        },
    ]);
    chart_managed.push_str(&commented_out(&emit(&alt, false)?));

    let text = format!("{secret_yaml}---\n{values_yaml}{chart_managed}");
    Ok(EncryptionKeys {
        secret_name: name,
        namespace,
        keys: keys
            .into_iter()
            .map(|(name, v)| EncryptionKeyEntry {
                name,
                value: SecretText::new(v),
            })
            .collect(),
        form: "stringData".to_string(),
        secret_yaml: SecretText::new(secret_yaml),
        values_yaml,
        chart_managed_yaml: SecretText::new(chart_managed),
        text: SecretText::new(text),
        read_from: read_from.map(str::to_string),
        notes,
    })
}

/// A rotation: `encryption-key-0` = `old`, `encryption-key-1` = `new` (both checked with
/// [`enckey::check_key`], and they must differ), under `stringData`, as a Secret fragment marked
/// incomplete, with the values for `general.deploy_secrets` and the chart-managed alternative.
/// `new` is typically [`enckey::encode_key`] of 32 random bytes the caller drew.
pub fn encryption_key_rotation(
    old: &str,
    new: &str,
    opts: &EncryptionSecretOptions,
) -> Result<EncryptionKeys, OutputError> {
    let (name, ns) = names(opts)?;
    let old_key = checked("old key (encryption-key-0)", old)?;
    let new_key = checked("new key (encryption-key-1)", new)?;
    let plan = enckey::rotation_plan(&old_key, &new_key, &name, ns.as_deref()).map_err(|e| {
        OutputError::EncryptionKey {
            reason: e.to_string(),
        }
    })?;
    render(
        plan.secret_name,
        plan.namespace,
        plan.keys,
        true,
        None,
        plan.notes,
    )
}

/// A first key: `encryption-key-0` = `key` under `stringData`, as a Secret fragment marked
/// incomplete, with the same values and alternative as [`encryption_key_rotation`].
pub fn encryption_key_secret(
    key: &str,
    opts: &EncryptionSecretOptions,
) -> Result<EncryptionKeys, OutputError> {
    let (name, ns) = names(opts)?;
    let k = checked("key (encryption-key-0)", key)?;
    let notes = vec![
        "the key goes under stringData as the 44-character text shown here; under data it would have to be Base64-encoded once more".to_string(),
        format!("this key belongs in the backend Secret {name}, which has other mandatory fields (database, keycloak, license...): this is not a complete Secret"),
        "to rotate later, keep encryption-key-0 and add encryption-key-1 (the rotation layout on the page, or certlens keygen --rotate OLDKEY)".to_string(),
    ];
    render(
        name,
        ns,
        vec![("encryption-key-0".to_string(), k)],
        false,
        None,
        notes,
    )
}

/// One key found in an existing Secret or values file.
struct Found {
    n: u64,
    value: String,
    form: KeyForm,
}

/// Where an existing key was read: what the notes decide on (its text is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyForm {
    /// A Secret's `data:` (Base64 of the key text).
    Data,
    /// A Secret's `stringData:`.
    StringData,
    /// `secrets.keysEncryption.userEncryptionKey` of a values file.
    ValuesFile,
    /// A key given alone.
    Bare,
}

impl KeyForm {
    const fn text(self) -> &'static str {
        match self {
            KeyForm::Data => "data",
            KeyForm::StringData => "stringData",
            KeyForm::ValuesFile => crate::chart::path::USER_ENCRYPTION_KEY,
            KeyForm::Bare => "a bare key",
        }
    }
}

fn yaml_text(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

/// Every `encryption-key-N` of the Secrets in `docs` (also inside `kind: List`), and
/// `secrets.keysEncryption.userEncryptionKey` of a values file (as `encryption-key-0`).
/// Returns the keys and the Secret's (name, namespace) when one was read.
#[allow(clippy::type_complexity)]
fn find_keys(docs: &[Yaml]) -> Result<(Vec<Found>, Option<(String, Option<String>)>), OutputError> {
    let mut out: Vec<Found> = Vec::new();
    let mut meta: Option<(String, Option<String>)> = None;
    let mut nodes: Vec<&Yaml> = Vec::new();
    for d in docs {
        nodes.push(d);
        if let Yaml::Array(items) = &d["items"] {
            nodes.extend(items.iter());
        }
    }
    for node in nodes {
        if node["kind"].as_str() == Some("Secret") {
            let mut any = false;
            // stringData last: Kubernetes lets it override data.
            for (field, form) in [("data", KeyForm::Data), ("stringData", KeyForm::StringData)] {
                let Yaml::Hash(h) = &node[field] else {
                    continue;
                };
                for (k, v) in h {
                    let Some(k) = k.as_str() else { continue };
                    let Some(n) = crate::chart::encryption_key_number(k) else {
                        continue;
                    };
                    let raw = yaml_text(v).unwrap_or_default();
                    let value = if form == KeyForm::Data {
                        let bytes = crate::input::b64::decode_standard(raw.trim()).map_err(|_| {
                            OutputError::EncryptionKey {
                                reason: format!("{k} under data: is not Base64 (values under data: are the Base64 of the key text)"),
                            }
                        })?;
                        String::from_utf8(bytes).map_err(|_| OutputError::EncryptionKey {
                            reason: format!("{k} under data: decodes to bytes that are not the key's text; the chart's keys are the 44-character Base64 text of 32 bytes"),
                        })?
                    } else {
                        raw
                    };
                    out.retain(|f| f.n != n);
                    out.push(Found { n, value, form });
                    any = true;
                }
            }
            if any && meta.is_none() {
                if let Some(name) = node["metadata"]["name"].as_str() {
                    meta = Some((
                        name.to_string(),
                        node["metadata"]["namespace"].as_str().map(str::to_string),
                    ));
                }
            }
        } else if let Some(v) = yaml_text(crate::input::yaml::at_path(
            node,
            crate::chart::path::USER_ENCRYPTION_KEY,
        )) {
            if !v.trim().is_empty() && !out.iter().any(|f| f.n == 0) {
                out.push(Found {
                    n: 0,
                    value: v,
                    form: KeyForm::ValuesFile,
                });
            }
        }
    }
    out.sort_by_key(|f| f.n);
    Ok((out, meta))
}

/// A rotation for GitOps from the existing backend Secret (or values file) as text: every
/// `encryption-key-N` it holds (under `stringData`, or `data` decoded once), each checked, is
/// written again with the same number, and `new` becomes `encryption-key-<highest+1>`. The
/// output is under `stringData`. The chart's own rotation finds the existing keys with Helm's
/// `lookup`, which finds nothing under `helm template` and Argo CD: this writes them all.
///
/// `existing` may also be a bare key (then it is `encryption-key-0`). The Secret's own name and
/// namespace are used when `opts.secret_name` / `opts.namespace` are empty.
pub fn encryption_key_rotation_from(
    existing: &str,
    new: &str,
    opts: &EncryptionSecretOptions,
) -> Result<EncryptionKeys, OutputError> {
    let parsed = if crate::input::yaml::looks_like_yaml(existing) {
        crate::input::yaml::load(existing).map_err(|e| OutputError::EncryptionKey {
            reason: format!("the existing Secret could not be read as YAML: {e}"),
        })?
    } else {
        Vec::new()
    };
    let (mut found, meta) = find_keys(&parsed)?;
    let mut notes: Vec<String> = Vec::new();
    if found.is_empty() {
        let c = enckey::check_key(existing);
        if !c.ok && parsed.iter().any(|d| matches!(d, Yaml::Hash(_))) {
            return Err(OutputError::EncryptionKey {
                reason: "no encryption-key-N found: give the backend Secret (kubectl get secret NAME -o yaml), or the values file with secrets.keysEncryption.userEncryptionKey".to_string(),
            });
        }
        found.push(Found {
            n: 0,
            value: existing.to_string(),
            form: KeyForm::Bare,
        });
    }
    let forms: Vec<KeyForm> = {
        let mut v: Vec<KeyForm> = Vec::new();
        for f in &found {
            if !v.contains(&f.form) {
                v.push(f.form);
            }
        }
        v
    };
    let (meta_name, meta_ns) = match meta {
        Some((n, ns)) => (Some(n), ns),
        None => (None, None),
    };
    let name_given = opts.secret_name.trim();
    let name = if name_given.is_empty() {
        meta_name
            .clone()
            .unwrap_or_else(|| super::DEFAULT_ENCRYPTION_SECRET_NAME.to_string())
    } else {
        name_given.to_string()
    };
    if let Some(m) = &meta_name {
        if *m != name {
            notes.push(format!(
                "the Secret read is named {m}; the output is named {name}"
            ));
        }
    }
    let ns_given = opts
        .namespace
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let ns_opt = ns_given.map(str::to_string).or(meta_ns);
    let (name, ns) = names(&EncryptionSecretOptions {
        secret_name: name,
        namespace: ns_opt,
    })?;

    let mut keys: Vec<(String, String)> = Vec::new();
    for f in &found {
        let label = format!("existing encryption-key-{} ({})", f.n, f.form.text());
        let k = checked(&label, &f.value)?;
        if let Some((other, _)) = keys.iter().find(|(_, v)| *v == k) {
            notes.push(format!("encryption-key-{} repeats {other}", f.n));
        }
        keys.push((crate::chart::encryption_key_name(f.n), k));
    }
    let highest = found.last().map(|f| f.n).unwrap_or(0);
    let have: Vec<u64> = found.iter().map(|f| f.n).collect();
    // 0, 1, ..., highest without gaps or repeats; compared entry by entry, since building the
    // range itself would allocate up to `encryption-key-<u64::MAX>` entries.
    let contiguous = !have.is_empty()
        && have
            .iter()
            .enumerate()
            .all(|(i, n)| u64::try_from(i).ok() == Some(*n));
    if !contiguous {
        notes.push(format!(
            "the existing keys are numbered {} (not 0 to {highest} without gaps): kept as they are",
            have.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let next = highest
        .checked_add(1)
        .ok_or_else(|| OutputError::EncryptionKey {
            reason: "the existing key numbers are too large to add one".to_string(),
        })?;
    let new_label = format!("new key (encryption-key-{next})");
    let new_key = checked(&new_label, new)?;
    if keys.iter().any(|(_, v)| *v == new_key) {
        return Err(OutputError::EncryptionKey {
            reason:
                "the new key is one of the existing keys: a rotation needs a newly generated key"
                    .to_string(),
        });
    }
    keys.push((crate::chart::encryption_key_name(next), new_key));
    let read_from = match &meta_name {
        Some(m) => format!(
            "Secret {m}, {}",
            forms
                .iter()
                .map(|f| f.text())
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        None => forms
            .iter()
            .map(|f| f.text())
            .collect::<Vec<_>>()
            .join(" and "),
    };
    notes.insert(0, format!(
        "read {} existing key{} from {read_from}; the output writes them all under stringData (the 44-character text as is) with the new encryption-key-{next}",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    ));
    if forms.contains(&KeyForm::Data) {
        notes.push("under data: the keys were Base64-encoded once more (the Secret as the API returns it); stringData holds the text itself: do not encode it again".to_string());
    }
    if forms.contains(&KeyForm::ValuesFile) {
        notes.push("a values file tells only encryption-key-0: if the chart rotated before (rotateKey), the live Secret holds more keys; rotate from the Secret instead (kubectl get secret NAME -o yaml)".to_string());
    }
    notes.push(format!(
        "these keys belong in the backend Secret {name}, which has other mandatory fields (database, keycloak, license...): this is not a complete Secret"
    ));
    notes.push(
        "every key is written out, old ones to decrypt; do not set rotateKey as well".to_string(),
    );
    notes.push(super::ENCRYPTION_KEYS_MOUNT.to_string());
    render(name, ns, keys, true, Some(&read_from), notes)
}

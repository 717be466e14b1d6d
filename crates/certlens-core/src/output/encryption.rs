//! The backend's encryption keys: a Secret fragment with `encryption-key-N` under `stringData`,
//! the values that point the chart at the Secret, and the chart-managed alternative.

use serde::Serialize;

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
    if rotate {
        header.push("encryption-key-0 is the old key (kept to decrypt), encryption-key-1 the new one: the chart encrypts with the highest N.".to_string());
        header.push("If the Secret already has more encryption-key-N entries, keep them all and give the new key the next free number.".to_string());
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
    let mut values_yaml =
        comments(&["values.yaml: make the chart use the backend Secret you manage."]);
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
    let plan = enckey::rotation_plan(&old_key, &new_key, &name, ns.as_deref())
        .map_err(|reason| OutputError::EncryptionKey { reason })?;
    render(
        plan.secret_name,
        plan.namespace,
        plan.keys,
        true,
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
        notes,
    )
}

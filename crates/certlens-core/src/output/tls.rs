//! `certificate.tls` values and the `kubernetes.io/tls` Secret for `certificate.existing_cert`.

use serde::Serialize;

use super::select::{self, cert_label, ChartKey, Material};
use super::yaml::{comments, emit, list, map, nest, s, secret};
use super::{ChainMember, ChainRole, OutputError, SecretText};
use crate::chart;
use crate::checks::pinlist;
use crate::input::b64::encode_standard;
use crate::keys::TargetFormat;
use crate::model::{KeyFormat, PrivateKeyReport, Report};

/// Options of [`tls_values`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsValuesOptions {
    /// The chain to use (index into [`Report::chains`]); `None`: the chain whose leaf has a key.
    pub chain: Option<usize>,
    /// End `tls.crt` with the root CA when the input holds it (default
    /// [`super::DEFAULT_INCLUDE_ROOT`]: yes, the vendor's documented chain is certificate →
    /// intermediate → root). `false` leaves it out (CLI `--no-root`, JS `includeRoot: false`,
    /// the page's "Leave the root out").
    pub include_root: bool,
    /// `None` (default): an unencrypted PKCS#1 or PKCS#8 key stays as given, anything else
    /// becomes PKCS#8. `Some(Pkcs8)` or `Some(Pkcs1)` (RSA only) forces a format. `Sec1` is
    /// refused: the chart does not take it.
    pub key_format: Option<TargetFormat>,
    /// Pins of the old side of a key rotation, in any form `security_pinned_hashes` accepts
    /// (hex, Base64, `sha256/...`; one or several per entry). They follow the new leaf's pin.
    /// [`super::old_side_pins`] gives them from an inspected old certificate, key or values file.
    pub old_pins: Vec<String>,
    /// Write a chain whose intermediate is missing instead of refusing it (a warning says so).
    pub allow_incomplete_chain: bool,
    /// The Helm release's full name, for the names the chart derives from it
    /// (`<fullname>-backend`); `None`: [`super::DEFAULT_RELEASE`].
    pub release: Option<String>,
    /// `secrets.defaults.keystore_password`: `None` or empty (default): `tls.key` is written
    /// unencrypted, which the chart needs when that password is empty (its default). Given:
    /// `tls.key` is written as encrypted PKCS#8 with it and the values set the password, which
    /// the backend's keystore (`openssl pkcs12 -export -passin`) and nginx's `ssl_password_file`
    /// open the key with.
    pub keystore_password: Option<KeystorePassword>,
}

/// The password to encrypt `tls.key` with, and the 32 random bytes its encryption needs (salt
/// and IV: the core has no randomness; the caller draws them from a secure source).
#[derive(Clone, PartialEq, Eq)]
pub struct KeystorePassword {
    /// The password, exactly as `secrets.defaults.keystore_password` will hold it.
    pub password: zeroize::Zeroizing<String>,
    /// Salt (first 16 bytes) and IV (last 16) of the key's PBES2 encryption.
    pub salt_iv: [u8; 32],
}

impl core::fmt::Debug for KeystorePassword {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("KeystorePassword(<redacted>)")
    }
}

impl Default for TlsValuesOptions {
    fn default() -> Self {
        TlsValuesOptions {
            chain: None,
            include_root: super::DEFAULT_INCLUDE_ROOT,
            key_format: None,
            old_pins: Vec::new(),
            allow_incomplete_chain: false,
            release: None,
            keystore_password: None,
        }
    }
}

/// `certificate.tls` and `certificate.security_pinned_hashes`, ready to paste into values.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsValues {
    /// The values fragment (comments, then `certificate:` with `security_pinned_hashes` and
    /// `tls.crt` / `tls.key`). Holds the private key.
    pub yaml: SecretText,
    /// `certificate.tls.crt`: Base64 of [`Self::full_chain_pem`], one line.
    pub crt_base64: String,
    /// `certificate.tls.key`: Base64 of [`Self::key_pem`], one line.
    pub key_base64: SecretText,
    /// The full chain, leaf first (download as `full-chain.crt`).
    pub full_chain_pem: String,
    /// The private key of the leaf in [`Self::key_format`] (download as `tls.key`): unencrypted,
    /// or encrypted PKCS#8 when [`Self::key_encrypted`].
    pub key_pem: SecretText,
    /// Whether `tls.key` is encrypted with `secrets.defaults.keystore_password` (set in
    /// [`Self::yaml`] too).
    pub key_encrypted: bool,
    /// The format of [`Self::key_pem`].
    pub key_format: TargetFormat,
    /// The format the key was given in.
    pub key_input_format: KeyFormat,
    /// Whether the key was rewritten in another format or decrypted (a note says why).
    pub key_converted: bool,
    /// The chain used (index into [`Report::chains`]).
    pub chain_index: usize,
    /// Its certificates, leaf first, with what was included.
    pub chain: Vec<ChainMember>,
    /// The private key used (index into [`Report::private_keys`]).
    pub key_index: usize,
    /// The leaf's pin (SHA-256 of its SubjectPublicKeyInfo, hex).
    pub leaf_pin: String,
    /// The old side's pins that were added after it (normalised to hex, without repeats).
    pub old_pins: Vec<String>,
    /// `security_pinned_hashes` as written: the leaf's pin, then the old pins.
    pub pins: Vec<String>,
    /// What may be wrong (expiry, a missing root that was asked for...).
    pub warnings: Vec<String>,
    /// What was done and why.
    pub notes: Vec<String>,
}

/// Options of [`tls_secret`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSecretOptions {
    /// `metadata.name` (a DNS-1123 subdomain), and the value of `certificate.existing_cert`.
    pub name: String,
    /// `metadata.namespace`: the release namespace. `None` leaves it out.
    pub namespace: Option<String>,
    /// The chain to use; `None`: the chain whose leaf has a key.
    pub chain: Option<usize>,
    /// End `tls.crt` with the root CA when the input holds it (default
    /// [`super::DEFAULT_INCLUDE_ROOT`]; see [`TlsValuesOptions::include_root`]).
    pub include_root: bool,
    /// Add `ca.crt` (the root CA of the chain, or its topmost CA when the root is absent).
    pub include_ca: bool,
    /// `None` (default): the key as given when PKCS#1 or PKCS#8, else PKCS#8; see
    /// [`TlsValuesOptions::key_format`].
    pub key_format: Option<TargetFormat>,
    /// Write a chain whose intermediate is missing instead of refusing it.
    pub allow_incomplete_chain: bool,
}

impl TlsSecretOptions {
    /// Defaults (the full chain with its root, the key as given, no `ca.crt`) for a Secret name.
    pub fn named(name: impl Into<String>) -> Self {
        TlsSecretOptions {
            name: name.into(),
            namespace: None,
            chain: None,
            include_root: super::DEFAULT_INCLUDE_ROOT,
            include_ca: false,
            key_format: None,
            allow_incomplete_chain: false,
        }
    }
}

/// A `kubernetes.io/tls` Secret for `certificate.existing_cert`, and the same as a `kubectl` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsSecret {
    /// The manifest (comments, `---`, apiVersion, kind, metadata, type, data). Holds the key.
    pub yaml: SecretText,
    /// The Secret's name.
    pub name: String,
    /// Its namespace, when given.
    pub namespace: Option<String>,
    /// `kubectl create secret ...` that makes the same Secret from the files
    /// `full-chain.crt`, `tls.key` (and `ca.crt`) in the current directory.
    pub kubectl: String,
    /// The values that make the chart use it: `certificate.existing_cert: NAME`.
    pub values_yaml: String,
    /// `data.tls.crt`: Base64 of [`Self::full_chain_pem`].
    pub crt_base64: String,
    /// `data.tls.key`: Base64 of [`Self::key_pem`].
    pub key_base64: SecretText,
    /// `data.ca.crt`, when asked for.
    pub ca_base64: Option<String>,
    /// Content of `full-chain.crt`.
    pub full_chain_pem: String,
    /// Content of `tls.key`.
    pub key_pem: SecretText,
    /// Content of `ca.crt`, when asked for.
    pub ca_pem: Option<String>,
    /// The certificate in `ca.crt` (index into [`Report::certificates`]).
    pub ca_certificate: Option<usize>,
    /// The format of [`Self::key_pem`].
    pub key_format: TargetFormat,
    /// The format the key was given in.
    pub key_input_format: KeyFormat,
    /// Whether the key was rewritten in another format or decrypted (a note says why).
    pub key_converted: bool,
    /// The chain used.
    pub chain_index: usize,
    /// Its certificates, leaf first.
    pub chain: Vec<ChainMember>,
    /// The private key used.
    pub key_index: usize,
    /// The leaf's pin, for `certificate.security_pinned_hashes`.
    pub leaf_pin: String,
    /// What may be wrong.
    pub warnings: Vec<String>,
    /// What was done and why.
    pub notes: Vec<String>,
}

/// File names the `kubectl` line refers to.
pub(crate) const FULL_CHAIN_FILE: &str = "full-chain.crt";
pub(crate) const KEY_FILE: &str = "tls.key";
pub(crate) const CA_FILE: &str = "ca.crt";

/// What `tls.crt` holds, and why, for the header comment: "leaf CN=a, intermediate CN=b,
/// root CN=c (the vendor's documented order: certificate → intermediate → root)"; when the root
/// is left out or absent, that is said too.
pub(crate) fn describe_chain(m: &Material<'_>) -> String {
    let mut parts = Vec::new();
    let mut left_out = None;
    for (mem, c) in m.members.iter().zip(m.certs.iter()) {
        let role = match mem.role {
            ChainRole::Leaf => "leaf",
            ChainRole::Intermediate => "intermediate",
            ChainRole::Root => "root",
        };
        if mem.included {
            parts.push(format!("{role} {}", cert_label(c)));
        } else {
            left_out = Some(cert_label(c));
        }
    }
    let mut text = parts.join(", ");
    let alone_self_signed = m.members.len() == 1 && (m.leaf.self_signed || m.leaf.self_issued);
    if let Some(l) = left_out {
        text.push_str(&format!(
            "; the root {l} is left out, as asked (the vendor's documented chain includes it)"
        ));
    } else if m.root.is_some() {
        text.push_str(" (the vendor's documented order: certificate → intermediate → root)");
    } else if alone_self_signed {
        text.push_str(" (self-signed: it is its own root)");
    } else {
        text.push_str(&format!(
            "; the root CA ({}) is not in the input, but the vendor's documented chain ends with it",
            m.top.issuer
        ));
    }
    text
}

/// Normalise old pins: every entry may hold one or several pins in any accepted form.
fn normalise_pins(entries: &[String]) -> Result<Vec<String>, OutputError> {
    let mut out: Vec<String> = Vec::new();
    for entry in entries {
        for e in pinlist::parse_pin_list(entry) {
            match (e.normalized, e.error) {
                (Some(p), _) => {
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
                (None, err) => {
                    return Err(OutputError::InvalidPin {
                        pin: e.raw,
                        reason: err
                            .unwrap_or_else(|| "not a SHA-256 pin (64 hex digits)".to_string()),
                    })
                }
            }
        }
    }
    Ok(out)
}

/// What `tls.crt` and `tls.key` hold, the same for the values and the Secret: the chain
/// resolved, the leaf's key in a format the chart takes, both in Base64, the leaf's pin, and
/// what the chain and the key had to say.
struct TlsMaterial<'r> {
    m: Material<'r>,
    key: &'r PrivateKeyReport,
    ck: ChartKey,
    full_chain_pem: String,
    crt_base64: String,
    key_base64: SecretText,
    leaf_pin: String,
    warnings: Vec<String>,
    notes: Vec<String>,
}

/// The one material pipeline of [`tls_values`] and [`tls_secret`].
fn tls_material<'r>(
    report: &'r Report,
    chain: Option<usize>,
    include_root: bool,
    allow_incomplete_chain: bool,
    key_format: Option<TargetFormat>,
) -> Result<TlsMaterial<'r>, OutputError> {
    let i = select::choose_chain(report, chain)?;
    let m = select::material(report, i, include_root, allow_incomplete_chain)?;
    let key = select::leaf_key(report, m.leaf)?;
    let ck = select::chart_key(key, key_format)?;
    let full_chain_pem = m.pem();
    let crt_base64 = encode_standard(full_chain_pem.as_bytes());
    let key_base64 = SecretText::new(encode_standard(ck.pem.as_bytes()));
    let leaf_pin = m.leaf.spki_sha256.to_ascii_lowercase();
    let warnings = m.warnings.clone();
    let mut notes = m.all_notes();
    notes.extend(ck.note.clone());
    Ok(TlsMaterial {
        m,
        key,
        ck,
        full_chain_pem,
        crt_base64,
        key_base64,
        leaf_pin,
        warnings,
        notes,
    })
}

/// `certificate.tls.crt` / `.key` and `certificate.security_pinned_hashes` for the chain whose
/// leaf has a key (or `opts.chain`), leaf first whatever the input order.
pub fn tls_values(report: &Report, opts: &TlsValuesOptions) -> Result<TlsValues, OutputError> {
    let TlsMaterial {
        m,
        key,
        ck,
        full_chain_pem,
        crt_base64,
        key_base64,
        leaf_pin,
        mut warnings,
        mut notes,
    } = tls_material(
        report,
        opts.chain,
        opts.include_root,
        opts.allow_incomplete_chain,
        opts.key_format,
    )?;
    warnings.extend(super::internal::backend_for_values(
        report,
        m.chain_index,
        opts.release.as_deref().unwrap_or(super::DEFAULT_RELEASE),
    ));

    let keystore = opts
        .keystore_password
        .as_ref()
        .filter(|k| !k.password.is_empty());
    if keystore.is_some() && opts.key_format == Some(TargetFormat::Pkcs1) {
        return Err(OutputError::UnsupportedKeyFormat {
            reason: "an encrypted tls.key is written as encrypted PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY); PKCS#1 has only OpenSSL's legacy encryption — use pkcs8, or leave keystore_password empty".to_string(),
        });
    }
    let (key_pem, key_base64, key_format) = match keystore {
        Some(k) => {
            let der = key.pkcs8.as_ref().ok_or_else(|| OutputError::KeyLocked {
                key: select::key_label(key),
                leaf: None,
            })?;
            let pem = crate::keys::encrypt_pkcs8(der, &k.password, &k.salt_iv).map_err(|e| {
                OutputError::KeyUnusable {
                    key: select::key_label(key),
                    reason: e.to_string(),
                }
            })?;
            let b64 = SecretText::new(encode_standard(pem.as_bytes()));
            (SecretText::from(pem), b64, TargetFormat::Pkcs8)
        }
        None => (SecretText::from(ck.pem.clone()), key_base64, ck.format),
    };

    let given_old = normalise_pins(&opts.old_pins)?;
    if given_old.contains(&leaf_pin) {
        notes.push(
            "an old pin equals the new leaf's pin: the key did not change (a renewal with the same key), so the pin list needs no rotation"
                .to_string(),
        );
    }
    let old_pins: Vec<String> = given_old.into_iter().filter(|p| *p != leaf_pin).collect();
    let mut pins = vec![leaf_pin.clone()];
    pins.extend(old_pins.iter().cloned());

    let mut header = vec![
        "Helm values for the Lightrun chart: certificate.tls (backend and router TLS), made by certlens.".to_string(),
        format!("tls.crt: Base64 (one line) of the full chain PEM: {}.", describe_chain(&m)),
        match keystore {
            None => format!("tls.key: Base64 (one line) of the unencrypted {} private key of the leaf, {}.", select::format_name(ck.format), ck.how),
            Some(_) => format!("tls.key: Base64 (one line) of the leaf's private key as encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256, {} iterations, AES-256-CBC), encrypted with secrets.defaults.keystore_password.", crate::keys::ENCRYPTED_PKCS8_ITERATIONS),
        },
        "security_pinned_hashes: SHA-256 of the leaf's public key (SubjectPublicKeyInfo), hex.".to_string(),
    ];
    if !old_pins.is_empty() {
        header.push(if old_pins.len() == 1 {
            "Key rotation: the first pin is the new key's, the second the old key's. Remove the old one once no server uses the old key.".to_string()
        } else {
            format!(
                "Key rotation: the first pin is the new key's, the other {} are the old side's. Remove them once no server uses the old key.",
                old_pins.len()
            )
        });
        notes.push(
            "keep the old pins until every server has switched to the new key, then remove them"
                .to_string(),
        );
    }
    if keystore.is_some() {
        // The backend's keystore (`openssl pkcs12 -export -passin pass:$KEYSTORE_PASSWORD`) and
        // nginx's ssl_password_file open tls.key with this password: both must travel together.
        header.push("secrets.defaults.keystore_password: the password tls.key is encrypted with; the backend's keystore and nginx open the key with it, so change both together or neither.".to_string());
        notes.push("tls.key is encrypted with secrets.defaults.keystore_password, which these values set: keep the two together (a key encrypted with another password, or an empty keystore_password, stops the backend and the router from starting)".to_string());
    } else if key.encrypted {
        // The chart opens tls.key with secrets.defaults.keystore_password (the keystore's
        // `openssl pkcs12 -export -passin`, nginx's ssl_password_file): an unencrypted key
        // works whatever that password is, which is what the chart's default (empty) needs.
        header.push("The key was given encrypted and is written unencrypted: it works with secrets.defaults.keystore_password empty (the chart's default) or set.".to_string());
        notes.push("the key was encrypted and is written unencrypted, as the chart needs when secrets.defaults.keystore_password is empty; to keep it encrypted instead, give a keystore password (`values --keystore-password-file FILE`, the page's keystore password field, JS `keystorePassword`): tls.key is then encrypted with it and secrets.defaults.keystore_password set to it; or put the Base64 of your encrypted key file (`base64 -w 0 tls.key`) in certificate.tls.key and set secrets.defaults.keystore_password to exactly its password (`certlens doctor` checks that it opens the key)".to_string());
    }
    header.push(if keystore.is_some() {
        "Merge this into your existing certificate: and secrets: blocks; do not keep second ones.".to_string()
    } else {
        "Merge this into an existing certificate: block; do not keep a second one.".to_string()
    });
    header.push(format!("{}.", super::CERTIFICATE_TLS_NEEDS_DEPLOY_SECRETS));
    let certificate = map(vec![
        ("security_pinned_hashes", list(&pins)),
        (
            "tls",
            map(vec![("crt", s(&crt_base64)), ("key", s(&key_base64))]),
        ),
    ]);
    let doc = match keystore {
        None => nest(&["certificate"], certificate),
        Some(k) => map(vec![
            ("certificate", certificate),
            (
                "secrets",
                nest(&["defaults", "keystore_password"], s(&k.password)),
            ),
        ]),
    };
    let mut yaml = comments(&header);
    yaml.push_str(&emit(&doc, false)?);
    Ok(TlsValues {
        yaml: SecretText::new(yaml),
        crt_base64,
        key_base64,
        full_chain_pem,
        key_pem,
        key_encrypted: keystore.is_some(),
        key_format,
        key_input_format: key.format,
        key_converted: ck.converted || keystore.is_some(),
        chain_index: m.chain_index,
        chain: m.members.clone(),
        key_index: key.index,
        leaf_pin,
        old_pins,
        pins,
        warnings,
        notes,
    })
}

fn shell_word(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.=/:@,+".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// A `kubernetes.io/tls` Secret (`tls.crt` = full chain, `tls.key`, optional `ca.crt`) for
/// `certificate.existing_cert`, the equivalent `kubectl` line with the files it reads, and the
/// values line that points the chart at it.
pub fn tls_secret(report: &Report, opts: &TlsSecretOptions) -> Result<TlsSecret, OutputError> {
    let name = select::k8s_name("Secret name", &opts.name, 253, true)?;
    let namespace = select::namespace(opts.namespace.as_deref())?;
    let TlsMaterial {
        m,
        key,
        ck,
        full_chain_pem,
        crt_base64,
        key_base64,
        leaf_pin,
        mut warnings,
        mut notes,
    } = tls_material(
        report,
        opts.chain,
        opts.include_root,
        opts.allow_incomplete_chain,
        opts.key_format,
    )?;

    let (ca_pem, ca_certificate) = if opts.include_ca {
        let (ca, warn) = select::ca_certificate(&m)?;
        warnings.extend(warn);
        (
            Some(crate::input::pem::encode("CERTIFICATE", &ca.der)),
            Some(ca),
        )
    } else {
        (None, None)
    };
    let ca_base64 = ca_pem.as_ref().map(|p| encode_standard(p.as_bytes()));

    let mut data = vec![
        (chart::TLS_CRT.to_string(), s(&crt_base64)),
        (chart::TLS_KEY.to_string(), s(&key_base64)),
    ];
    if let Some(ca) = &ca_base64 {
        data.push((chart::CA_CRT.to_string(), s(ca)));
    }
    let doc = secret(
        &name,
        namespace.as_deref(),
        chart::TLS_SECRET_TYPE,
        "data",
        data,
    );
    let mut header = vec![
        format!("kubernetes.io/tls Secret for the Lightrun chart's certificate.existing_cert: {name}, made by certlens."),
        format!("tls.crt: the full chain PEM: {}.", describe_chain(&m)),
        format!("tls.key: the unencrypted {} private key of the leaf, {}.", select::format_name(ck.format), ck.how),
    ];
    if let Some(ca) = ca_certificate {
        header.push(format!("ca.crt: the CA certificate {}.", cert_label(ca)));
    }
    header.push("Values under data: are the Base64 of the PEM text, one line each.".to_string());
    let mut yaml = comments(&header);
    yaml.push_str(&emit(&doc, true)?);

    let mut kubectl: Vec<String> = vec!["kubectl".into(), "create".into(), "secret".into()];
    if ca_pem.is_some() {
        // `kubectl create secret tls` has no option for ca.crt.
        kubectl.extend([
            "generic".to_string(),
            shell_word(&name),
            "--type=kubernetes.io/tls".to_string(),
            format!("--from-file=tls.crt={FULL_CHAIN_FILE}"),
            format!("--from-file=tls.key={KEY_FILE}"),
            format!("--from-file=ca.crt={CA_FILE}"),
        ]);
        notes.push("kubectl create secret tls cannot add ca.crt, so the kubectl line uses create secret generic --type=kubernetes.io/tls".to_string());
    } else {
        kubectl.extend([
            "tls".to_string(),
            shell_word(&name),
            format!("--cert={FULL_CHAIN_FILE}"),
            format!("--key={KEY_FILE}"),
        ]);
    }
    if let Some(ns) = &namespace {
        kubectl.extend(["-n".to_string(), shell_word(ns)]);
    }
    let kubectl = kubectl.join(" ");
    notes.push(format!(
        "the kubectl line reads {FULL_CHAIN_FILE} (the full chain) and {KEY_FILE} (the key){} from the current directory",
        if ca_pem.is_some() { format!(" and {CA_FILE}") } else { String::new() }
    ));
    notes.push(format!(
        "certificate.security_pinned_hashes must still list the leaf's pin: {leaf_pin}"
    ));
    let values_yaml = emit(&nest(&["certificate", "existing_cert"], s(&name)), false)?;
    Ok(TlsSecret {
        yaml: SecretText::new(yaml),
        name,
        namespace,
        kubectl,
        values_yaml,
        crt_base64,
        key_base64,
        ca_base64,
        full_chain_pem,
        key_pem: SecretText::from(ck.pem),
        ca_pem,
        ca_certificate: ca_certificate.map(|c| c.index),
        key_format: ck.format,
        key_input_format: key.format,
        key_converted: ck.converted,
        chain_index: m.chain_index,
        chain: m.members.clone(),
        key_index: key.index,
        leaf_pin,
        warnings,
        notes,
    })
}

/// The full chain as PEM (CLI `chain`, JS `chainPem`, the page's chain downloads), with what it
/// holds in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainPem {
    /// The chain, leaf first (content of `full-chain.crt`).
    pub pem: String,
    /// The chain used (index into [`Report::chains`]).
    pub chain_index: usize,
    /// Its certificates, leaf first, with what was included (empty when the chain could not be
    /// resolved, e.g. a signature that does not verify).
    pub chain: Vec<ChainMember>,
    /// What the PEM holds and why, e.g. "leaf CN=a, intermediate CN=b, root CN=c (the vendor's
    /// documented order: certificate → intermediate → root)".
    pub summary: String,
    /// What may be wrong: the root missing from the input, a broken chain.
    pub warnings: Vec<String>,
    /// What was done and why (reordered input, root left out as asked).
    pub notes: Vec<String>,
}

/// The full chain as PEM, leaf → intermediates → root (the root unless `include_root` is false,
/// [`super::DEFAULT_INCLUDE_ROOT`]), whatever the input order. Unlike [`tls_values`] it does not
/// refuse a broken or incomplete chain: it writes what there is and says what is wrong.
pub fn chain_pem(
    report: &Report,
    chain: Option<usize>,
    include_root: bool,
) -> Result<ChainPem, OutputError> {
    let i = select::choose_chain(report, chain)?;
    match select::material(report, i, include_root, true) {
        Ok(m) => {
            let mut warnings = Vec::new();
            let alone = m.members.len() == 1 && (m.leaf.self_signed || m.leaf.self_issued);
            if m.root.is_none() && !alone && include_root {
                warnings.push(select::root_missing_sentence(m.top));
            }
            if report.chains.get(i).is_some_and(|c| c.missing_intermediate) {
                warnings.push(
                    OutputError::MissingIntermediate {
                        certificate: cert_label(m.top),
                        issuer: m.top.issuer.clone(),
                    }
                    .to_string(),
                );
            }
            // Not `chain_choice`: this output is the chain alone, and says which one itself.
            let notes: Vec<String> = m.notes.clone();
            Ok(ChainPem {
                pem: m.pem(),
                chain_index: i,
                chain: m.members.clone(),
                summary: describe_chain(&m),
                warnings,
                notes,
            })
        }
        Err(e) => {
            let pem = crate::checks::report::full_chain_pem(report, Some(i), include_root)
                .map_err(|_| e.clone())?;
            Ok(ChainPem {
                pem,
                chain_index: i,
                chain: Vec::new(),
                summary: String::new(),
                warnings: vec![e.to_string()],
                notes: Vec::new(),
            })
        }
    }
}

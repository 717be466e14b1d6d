//! Choosing what an output is built from: the chain, its certificates in order, the key of its
//! leaf, the CA for `ca.crt`, and checks of user-given names.

use zeroize::Zeroizing;

use super::{ChainMember, ChainRole, OutputError};
use crate::checks::report::{primary_chain, short_name};
use crate::keys::{self, TargetFormat};
use crate::model::{Certificate, FindingCode, KeyFormat, PrivateKeyReport, Report, Severity};

/// A certificate for messages: `CN=example.test`, else its subject, else `certificate #N`.
pub(crate) fn cert_label(c: &Certificate) -> String {
    match &c.common_name {
        Some(cn) => format!("CN={cn}"),
        None if !c.subject.is_empty() => c.subject.clone(),
        None => format!("certificate #{}", c.index),
    }
}

/// A private key for messages: `private key #0 (key.pem, block 1 (PRIVATE KEY))`.
pub(crate) fn key_label(k: &PrivateKeyReport) -> String {
    format!("private key #{} ({})", k.index, k.location)
}

/// A chain with its certificates resolved.
pub(crate) struct Material<'a> {
    pub chain_index: usize,
    pub members: Vec<ChainMember>,
    /// Every certificate of the chain, leaf first (parallel to `members`).
    pub certs: Vec<&'a Certificate>,
    /// The certificates written to `tls.crt`, leaf first.
    pub included: Vec<&'a Certificate>,
    pub leaf: &'a Certificate,
    /// The self-signed root at the end of the chain, when present (not for a chain of one).
    pub root: Option<&'a Certificate>,
    /// The chain's last certificate.
    pub top: &'a Certificate,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// "the input holds N chains; this output uses chain i": kept apart from `notes` because
    /// an output of the chain alone has no use for it.
    pub chain_choice: Option<String>,
}

impl Material<'_> {
    /// The notes, the chain choice last.
    pub fn all_notes(&self) -> Vec<String> {
        let mut notes = self.notes.clone();
        notes.extend(self.chain_choice.clone());
        notes
    }

    /// The full chain as PEM (leaf → intermediates → root if included).
    pub fn pem(&self) -> String {
        self.included
            .iter()
            .map(|c| crate::input::pem::encode("CERTIFICATE", &c.der))
            .collect()
    }
}

fn no_certificate(report: &Report) -> OutputError {
    let hint = if let Some(l) = report.password_needed.first() {
        Some(format!(
            "{} in {} needs its password (the page's password box, or --password-file)",
            l.what, l.location
        ))
    } else if let Some(e) = report.errors.first() {
        Some(format!("what could not be read: {}", e.message))
    } else if !report.private_keys.is_empty() {
        Some("only private keys were found; add the certificate file".to_string())
    } else {
        None
    };
    OutputError::NoCertificate { hint }
}

/// The chain to use: the one asked for, else the one whose leaf has a key, else the longest.
pub(crate) fn choose_chain(report: &Report, chain: Option<usize>) -> Result<usize, OutputError> {
    if report.certificates.is_empty() {
        return Err(no_certificate(report));
    }
    match chain {
        Some(i) if i < report.chains.len() => Ok(i),
        Some(i) => Err(OutputError::NoSuchChain {
            requested: i,
            available: report.chains.len(),
        }),
        None => primary_chain(report).ok_or_else(|| no_certificate(report)),
    }
}

/// Codes of findings an output repairs or reports in its own way.
const HANDLED: &[FindingCode] = &[
    FindingCode::ChainMisordered,
    FindingCode::KeyNotFirstCertificate,
    FindingCode::DuplicateCertificate,
    FindingCode::KeyFormatSec1,
    FindingCode::KeyFormat,
    FindingCode::KeyEncrypted,
    FindingCode::MissingIntermediate,
    FindingCode::InvalidSignature,
    FindingCode::RootNotIncluded,
    FindingCode::SeveralChains,
    FindingCode::UnrelatedCertificate,
    FindingCode::KeyMatchesNoCertificate,
];

/// Resolve chain `i`. Refuses a chain with a missing intermediate (unless `allow_incomplete`)
/// or a signature that does not verify.
pub(crate) fn material(
    report: &Report,
    i: usize,
    include_root: bool,
    allow_incomplete: bool,
) -> Result<Material<'_>, OutputError> {
    let ch = report.chains.get(i).ok_or(OutputError::NoSuchChain {
        requested: i,
        available: report.chains.len(),
    })?;
    let certs: Vec<&Certificate> = ch
        .order
        .iter()
        .filter_map(|&j| report.certificates.get(j))
        .collect();
    let (Some(&leaf), Some(&top)) = (certs.first(), certs.last()) else {
        return Err(no_certificate(report));
    };
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    for l in &ch.links {
        if l.signature == crate::model::SignatureStatus::Invalid {
            let child = report
                .certificates
                .get(l.child)
                .map(cert_label)
                .unwrap_or_default();
            let parent = report
                .certificates
                .get(l.parent)
                .map(cert_label)
                .unwrap_or_default();
            return Err(OutputError::InvalidSignature {
                certificate: child,
                issuer: parent,
            });
        }
    }
    if ch.missing_intermediate {
        let e = OutputError::MissingIntermediate {
            certificate: cert_label(top),
            issuer: top.issuer.clone(),
        };
        if !allow_incomplete {
            return Err(e);
        }
        warnings.push(format!("{e} — written anyway, as asked"));
    }
    let n = certs.len();
    let has_root = n > 1 && (top.self_signed || top.self_issued);
    let root = has_root.then_some(top);
    let mut members = Vec::with_capacity(n);
    let mut included = Vec::with_capacity(n);
    for (pos, c) in certs.iter().enumerate() {
        let role = if pos == 0 {
            ChainRole::Leaf
        } else if has_root && pos.saturating_add(1) == n {
            ChainRole::Root
        } else {
            ChainRole::Intermediate
        };
        let keep = role != ChainRole::Root || include_root;
        if keep {
            included.push(*c);
        }
        members.push(ChainMember {
            index: c.index,
            role,
            name: short_name(c),
            subject: c.subject.clone(),
            not_after: c.not_after.clone(),
            included: keep,
        });
    }
    // The vendor's documented chain is certificate → intermediate → root: say when the root is
    // missing from the input (a self-signed certificate alone is its own root).
    let alone_self_signed = n == 1 && (top.self_signed || top.self_issued);
    if include_root && root.is_none() && !alone_self_signed {
        warnings.push(root_missing_sentence(top));
    }
    if let (Some(r), false) = (root, include_root) {
        notes.push(format!(
            "the root {} is left out of tls.crt, as asked; the vendor's documented chain (certificate → intermediate → root) includes it",
            cert_label(r)
        ));
    }
    if ch.misordered {
        notes.push("the input had this chain out of order; it is written leaf first".to_string());
    }
    let chain_choice = (report.chains.len() > 1).then(|| {
        format!(
            "the input holds {} chains; this output uses chain {} (leaf {})",
            report.chains.len(),
            i.saturating_add(1),
            cert_label(leaf)
        )
    });
    let indices: Vec<usize> = ch.order.clone();
    for f in &report.findings {
        if f.severity == Severity::Info || HANDLED.contains(&f.code) {
            continue;
        }
        // A name no certificate covers names none: it still concerns the leaf written here.
        let uncovered_name = f.code == FindingCode::NameNotCovered && f.certificates.is_empty();
        if uncovered_name || f.certificates.iter().any(|c| indices.contains(c)) {
            warnings.push(f.message.clone());
        }
    }
    Ok(Material {
        chain_index: i,
        members,
        certs,
        included,
        leaf,
        root,
        top,
        warnings,
        notes,
        chain_choice,
    })
}

/// "the root CA is not in the input: ..." for a chain that ends at `top`, not self-signed.
pub(crate) fn root_missing_sentence(top: &Certificate) -> String {
    format!(
        "the root CA is not in the input: the chain ends at {} (issued by {}); the vendor's documented chain is certificate → intermediate → root, so add the root CA certificate (your CA publishes it)",
        cert_label(top),
        top.issuer
    )
}

/// How a key format is named in output headers.
pub(crate) fn format_name(f: TargetFormat) -> &'static str {
    match f {
        TargetFormat::Pkcs8 => "PKCS#8 (BEGIN PRIVATE KEY)",
        TargetFormat::Pkcs1 => "PKCS#1 (BEGIN RSA PRIVATE KEY)",
        TargetFormat::Sec1 => "SEC1 (BEGIN EC PRIVATE KEY)",
    }
}

/// The key as written for the chart, with what was done to it.
pub(crate) struct ChartKey {
    /// Unencrypted PEM.
    pub pem: Zeroizing<String>,
    /// The format written.
    pub format: TargetFormat,
    /// Whether the key was rewritten in another format (or decrypted).
    pub converted: bool,
    /// The header phrase after the format, e.g. `as given` or `converted from SEC1 ...`.
    pub how: String,
    /// A note for the user when the key was converted or decrypted.
    pub note: Option<String>,
}

/// The format the chart's key is written in when none is asked for: an unencrypted PKCS#1 or
/// PKCS#8 key stays as given (the chart and the vendor's docs accept both); everything else
/// (SEC1, encrypted forms, a key out of a PKCS#12 file, OpenSSH) becomes PKCS#8.
pub(crate) fn default_chart_format(k: &PrivateKeyReport) -> TargetFormat {
    match (k.format, k.encrypted) {
        (KeyFormat::Pkcs1, false) => TargetFormat::Pkcs1,
        _ => TargetFormat::Pkcs8,
    }
}

fn same_format(from: KeyFormat, to: TargetFormat) -> bool {
    matches!(
        (from, to),
        (KeyFormat::Pkcs8, TargetFormat::Pkcs8)
            | (KeyFormat::Pkcs1, TargetFormat::Pkcs1)
            | (KeyFormat::Sec1, TargetFormat::Sec1)
    )
}

/// The leaf's key for `tls.key`: in `requested` when given (PKCS#1 or PKCS#8), else as given
/// when the chart accepts it ([`default_chart_format`]); says when it was converted and why.
pub(crate) fn chart_key(
    k: &PrivateKeyReport,
    requested: Option<TargetFormat>,
) -> Result<ChartKey, OutputError> {
    if let Some(f) = requested {
        chart_key_format(f)?;
    }
    let format = requested.unwrap_or_else(|| default_chart_format(k));
    let pem = key_pem(k, format)?;
    let kept = !k.encrypted && same_format(k.format, format);
    let (how, note) = if kept {
        (
            "as given (the chart accepts PKCS#1 or PKCS#8)".to_string(),
            None,
        )
    } else if requested.is_some() {
        let how = format!("converted from {}, as asked", k.format_description);
        (how.clone(), Some(format!("{}: {how}", key_label(k))))
    } else if k.encrypted {
        let how = format!(
            "decrypted and converted from {}: the chart needs the key unencrypted",
            k.format_description
        );
        (
            how.clone(),
            Some(format!(
                "{} was {how}; store the output like a password",
                key_label(k)
            )),
        )
    } else {
        let how = format!(
            "converted from {}: the chart accepts PKCS#1 or PKCS#8 only",
            k.format_description
        );
        (how.clone(), Some(format!("{} was {how}", key_label(k))))
    };
    Ok(ChartKey {
        pem,
        format,
        converted: !kept,
        how,
        note,
    })
}

/// The private key of `leaf`, readable (unencrypted PKCS#8 available).
pub(crate) fn leaf_key<'a>(
    report: &'a Report,
    leaf: &Certificate,
) -> Result<&'a PrivateKeyReport, OutputError> {
    let matching: Vec<&PrivateKeyReport> = report
        .private_keys
        .iter()
        .filter(|k| k.matches.contains(&leaf.index))
        .collect();
    if let Some(k) = matching.iter().find(|k| k.pkcs8.is_some()) {
        return Ok(k);
    }
    if let Some(k) = matching.first() {
        if k.needs_password {
            return Err(OutputError::KeyLocked {
                key: key_label(k),
                leaf: Some(cert_label(leaf)),
            });
        }
        return Err(OutputError::KeyUnusable {
            key: key_label(k),
            reason: k
                .note
                .clone()
                .unwrap_or_else(|| format!("certlens cannot convert {} keys", k.format.describe())),
        });
    }
    // Nothing matches: say why as precisely as the pool allows.
    if let Some(k) = report.private_keys.iter().find(|k| k.needs_password) {
        return Err(OutputError::KeyLocked {
            key: key_label(k),
            leaf: Some(cert_label(leaf)),
        });
    }
    if let Some(l) = report.password_needed.first() {
        return Err(OutputError::KeyLocked {
            key: format!("the {} in {}", l.what, l.location),
            leaf: Some(cert_label(leaf)),
        });
    }
    let hint = if report.private_keys.is_empty() {
        report
            .errors
            .iter()
            .find(|e| {
                e.label
                    .as_deref()
                    .is_some_and(|l| l.contains("PRIVATE KEY"))
                    // A password missing or wrong, or the key-derivation work it needs refused.
                    || e.kind.is_password()
                    || e.kind == crate::model::ErrorKind::CostTooHigh
            })
            .map(|e| format!("a key could not be read: {}", e.message))
    } else {
        let parts: Vec<String> = report
            .private_keys
            .iter()
            .map(
                |k| match k.matches.first().and_then(|&m| report.certificates.get(m)) {
                    Some(c) => format!("private key #{} belongs to {}", k.index, short_name(c)),
                    None => format!(
                        "private key #{} belongs to no certificate in the input",
                        k.index
                    ),
                },
            )
            .collect();
        Some(parts.join("; "))
    };
    // A chain that starts with a CA has no server certificate to pair a key with.
    let hint = if leaf.is_ca {
        let ca = "it is a CA certificate: add the server's own certificate and its key".to_string();
        Some(match hint {
            Some(h) => format!("{ca}; {h}"),
            None => ca,
        })
    } else {
        hint
    };
    Err(OutputError::NoMatchingKey {
        leaf: cert_label(leaf),
        hint,
    })
}

/// The key as unencrypted PEM in `format`; refuses what the format cannot hold.
pub(crate) fn key_pem(
    k: &PrivateKeyReport,
    format: TargetFormat,
) -> Result<Zeroizing<String>, OutputError> {
    let Some(der) = k.pkcs8.as_ref() else {
        if k.needs_password {
            return Err(OutputError::KeyLocked {
                key: key_label(k),
                leaf: None,
            });
        }
        return Err(OutputError::KeyUnusable {
            key: key_label(k),
            reason: k
                .note
                .clone()
                .unwrap_or_else(|| format!("certlens cannot convert {} keys", k.format.describe())),
        });
    };
    keys::convert(der, format).map_err(|e| OutputError::KeyUnusable {
        key: key_label(k),
        reason: e.to_string(),
    })
}

/// The chart takes PKCS#1 or PKCS#8 only.
pub(crate) fn chart_key_format(format: TargetFormat) -> Result<(), OutputError> {
    if format == TargetFormat::Sec1 {
        return Err(OutputError::UnsupportedKeyFormat {
            reason: "the chart takes the key as PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY), not SEC1; use pkcs8".to_string(),
        });
    }
    Ok(())
}

/// The CA certificate for `ca.crt`: the chain's root, else the self-signed leaf of a chain of
/// one, else the topmost CA (with a warning). Returns the certificate and a warning, if any.
pub(crate) fn ca_certificate<'a>(
    m: &Material<'a>,
) -> Result<(&'a Certificate, Option<String>), OutputError> {
    if let Some(r) = m.root {
        return Ok((r, None));
    }
    if m.members.len() == 1 && (m.leaf.self_signed || m.leaf.self_issued) {
        return Ok((
            m.leaf,
            Some(format!(
                "{} is self-signed: ca.crt holds the certificate itself",
                cert_label(m.leaf)
            )),
        ));
    }
    if m.top.is_ca && m.members.len() > 1 {
        return Ok((
            m.top,
            Some(format!(
                "the root CA is not in the input, so ca.crt holds the intermediate {}; clients that insist on a self-signed trust anchor reject that — add the root ({})",
                cert_label(m.top),
                m.top.issuer
            )),
        ));
    }
    Err(OutputError::NoCaCertificate {
        certificate: cert_label(m.top),
    })
}

/// Check a Kubernetes name: DNS-1123 subdomain (`allow_dots`, Secret names) or label
/// (namespaces, release names). Returns the trimmed name.
pub(crate) fn k8s_name(
    what: &str,
    value: &str,
    max: usize,
    allow_dots: bool,
) -> Result<String, OutputError> {
    let name = value.trim();
    let bad = |reason: String| OutputError::InvalidName {
        what: what.to_string(),
        value: value.to_string(),
        reason,
    };
    if name.is_empty() {
        return Err(bad("is empty".to_string()));
    }
    if name.len() > max {
        return Err(bad(format!(
            "is {} characters long; at most {max} are allowed",
            name.len()
        )));
    }
    if let Some(c) = name.chars().find(|&c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (allow_dots && c == '.'))
    }) {
        return Err(bad(format!(
            "contains {c:?}: only lowercase letters, digits, '-'{} are allowed",
            if allow_dots { " and '.'" } else { "" }
        )));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Err(bad("must start and end with a letter or digit".to_string()));
    }
    Ok(name.to_string())
}

/// An optional namespace: `None` when absent or blank, checked otherwise.
pub(crate) fn namespace(ns: Option<&str>) -> Result<Option<String>, OutputError> {
    match ns.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => k8s_name("namespace", n, 63, false).map(Some),
        None => Ok(None),
    }
}

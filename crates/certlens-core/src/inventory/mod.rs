//! The certificate inventory of a cluster: every certificate held by a Secret of
//! `kubectl get secrets -A -o yaml` (or `-o json`), one row each, soonest expiry first.
//!
//! Decisions:
//! - **Each Secret is its own pool**: chains never span Secrets, and a key matches only a
//!   certificate of its own Secret. Every key is read, whatever the Secret's type: Opaque
//!   Secrets holding PEM count (kubectl-view-cert skips them).
//! - **Rows**: one per certificate that heads something in a Secret key: the leaf of each chain
//!   and each certificate in no chain. `tls.crt` with leaf, intermediate and root is one row
//!   (its chain verdict says what follows it); a CA bundle is one row per CA.
//! - **Bounded work.** Each Secret's pool runs under the per-pool [`Limits`]. Over the whole
//!   inventory: input bytes at most `max_total_bytes`; blocks at most `max_blocks`; key
//!   derivation at most `max_kdf_blocks` (one pool's worth); signature checks at most
//!   [`INVENTORY_SIGNATURE_POOLS`] × `max_signature_work`. Each pool gets what is left of the
//!   global budgets (or its own limit, if smaller); once a budget is spent, the remaining
//!   Secrets are still listed, with their signatures "not checked" and a note saying why.

mod export;

use serde::{Deserialize, Serialize};

use crate::input::k8s::{self, secret, Secret};
use crate::input::Input;
use crate::inspect::pool::{self, ChainFacts, KeyMatch};
use crate::limits::Limits;
use crate::model::{Report, ValidityStatus};

pub use export::{inventory_csv, inventory_ics};

/// Why some of the input could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InventoryError {
    /// The file, or `namespace/name` of a Secret.
    pub location: String,
    pub message: String,
}

fn err(location: impl Into<String>, message: impl Into<String>) -> InventoryError {
    InventoryError {
        location: location.into(),
        message: message.into(),
    }
}

/// How many pools' worth of signature-check work one inventory may spend (the doctor's run has
/// the same bound): 5 × 20,000 units is about five seconds natively at worst, and thousands of
/// Secrets with ordinary chains take a fraction of it.
pub const INVENTORY_SIGNATURE_POOLS: u64 = pool::RUN_SIGNATURE_POOLS;

/// What the inventory needs besides the files.
#[derive(Debug, Clone)]
pub struct InventoryOptions {
    /// "Now" as Unix seconds.
    pub now: i64,
    /// A certificate expiring within this many days is `expiring`; the calendar's reminder
    /// comes this many days before.
    pub warn_days: i64,
    pub limits: Limits,
}

impl InventoryOptions {
    pub fn at(now: i64) -> Self {
        InventoryOptions {
            now,
            warn_days: crate::output::DEFAULT_WARN_DAYS,
            limits: Limits::default(),
        }
    }
}

/// Where a certificate stands on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExpiryStatus {
    Expired,
    /// Expires within `warn_days`.
    Expiring,
    Valid,
    NotYetValid,
}

/// One certificate of one Secret key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryRow {
    pub namespace: String,
    pub name: String,
    /// The Secret's `type` (`kubernetes.io/tls`, `Opaque`...).
    pub secret_type: String,
    /// The Secret key holding the certificate (`tls.crt`, `ca.crt`, `bundle.pem`...).
    pub key: String,
    pub subject: String,
    pub common_name: Option<String>,
    /// DNS names and IP addresses.
    pub sans: Vec<String>,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    pub not_after_unix: i64,
    pub days_left: i64,
    pub status: ExpiryStatus,
    pub is_ca: bool,
    /// The chain verdict, in words.
    pub chain: String,
    /// The chain is usable (complete or ending at a CA, in order, signatures verify).
    pub chain_ok: bool,
    /// The key verdict, in words (`matches tls.key`, `does not match tls.key`, `no private key in
    /// the Secret`).
    pub key_match: String,
    /// `Some(true)` when a key of the Secret is this certificate's, `Some(false)` when the
    /// Secret's key is not, `None` when there is no key to compare.
    pub key_ok: Option<bool>,
    pub fingerprint_sha256: String,
    pub spki_sha256: String,
    /// `namespace/name: key, block N (CERTIFICATE)`.
    pub location: String,
}

/// Every certificate found, soonest expiry first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inventory {
    pub now: String,
    pub warn_days: i64,
    /// The files read (their names), in order.
    pub inputs: Vec<String>,
    pub rows: Vec<InventoryRow>,
    /// Secrets read.
    pub secrets: usize,
    /// Secrets with at least one certificate.
    pub secrets_with_certificates: usize,
    pub errors: Vec<InventoryError>,
    /// Budgets spent and other facts about the run.
    pub notes: Vec<String>,
}

impl Inventory {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Rows expired or expiring within `warn_days`.
    pub fn attention(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.status, ExpiryStatus::Expired | ExpiryStatus::Expiring))
            .count()
    }
}

/// The inventory of every Secret in `inputs`.
pub fn inventory(inputs: &[Input], opts: &InventoryOptions) -> Inventory {
    inventory_with_progress(inputs, opts, &mut |_, _| {})
}

/// How often progress is reported, in Secrets.
const PROGRESS_EVERY: usize = 50;

/// [`inventory`], telling `progress(done, total)` how many Secrets are analysed so far.
pub fn inventory_with_progress(
    inputs: &[Input],
    opts: &InventoryOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Inventory {
    let limits = &opts.limits;
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let mut secrets: Vec<Secret> = Vec::new();
    let total: usize = inputs.iter().map(|i| i.bytes.len()).sum();
    if total > limits.max_total_bytes {
        errors.push(err(
            inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(", "),
            format!(
                "{} MB is more than the {} MB this tool reads at once; split the input (kubectl get secrets -n NS ...)",
                total / (1024 * 1024),
                limits.max_total_bytes / (1024 * 1024)
            ),
        ));
    } else {
        for input in inputs {
            match core::str::from_utf8(&input.bytes) {
                Ok(text) => {
                    let mut unread = Vec::new();
                    k8s::secrets(&input.name, text, &mut secrets, &mut unread);
                    errors.extend(unread.into_iter().map(|e| err(e.location, e.message)));
                }
                Err(_) => errors.push(err(
                    &input.name,
                    "binary data; expected the YAML or JSON of kubectl get secrets -A -o yaml|json",
                )),
            }
        }
    }
    if secrets.is_empty() && errors.is_empty() {
        errors.push(err(
            inputs
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            "no Secret found: give the output of kubectl get secrets -A -o yaml (or -o json)",
        ));
    }

    let work = pool::Work::new(limits, opts.now, opts.warn_days);
    let mut rows = Vec::new();
    let mut with_certs = 0usize;
    let mut starved = false;
    let n = secrets.len();
    for (i, s) in secrets.iter().enumerate() {
        if i % PROGRESS_EVERY == 0 {
            progress(i, n);
        }
        let pieces = pieces(s, &mut errors);
        if pieces.is_empty() {
            continue;
        }
        let Some(report) = work.inspect(&pieces, None) else {
            errors.push(err(s.id(), work.refused()));
            continue;
        };
        if (work.signatures_spent() || pool::signature_budget_spent(&report)) && !starved {
            starved = true;
            notes.push(format!(
                "the signature-check budget ({} units per Secret, {INVENTORY_SIGNATURE_POOLS} Secrets' worth over the inventory) ran out at Secret {} ({} of {n}); some chains from there on are listed with their signatures not checked",
                limits.max_signature_work,
                s.id(),
                i + 1
            ));
        }
        let id = s.id();
        for e in &report.errors {
            let message = e
                .message
                .strip_prefix(&format!("{id}: "))
                .unwrap_or(&e.message);
            errors.push(err(id.clone(), message));
        }
        let before = rows.len();
        rows.extend(rows_of(s, &report, opts));
        if rows.len() > before {
            with_certs += 1;
        }
    }
    progress(n, n);
    rows.sort_by(|a, b| {
        (a.not_after_unix, &a.namespace, &a.name, &a.key).cmp(&(
            b.not_after_unix,
            &b.namespace,
            &b.name,
            &b.key,
        ))
    });
    Inventory {
        now: crate::timefmt::rfc3339(opts.now),
        warn_days: opts.warn_days,
        inputs: inputs.iter().map(|i| i.name.clone()).collect(),
        rows,
        secrets: n,
        secrets_with_certificates: with_certs,
        errors,
        notes,
    }
}

/// Keys whose name says they must hold certificate material: a broken one is reported.
fn expected_material(key: &str) -> bool {
    key.ends_with(".crt") || key.ends_with(".pem") || key.ends_with(".key") || key.ends_with(".cer")
}

/// `namespace/name: key`, the input name of a Secret key (what every location starts with).
fn piece_name(s: &Secret, key: &str) -> String {
    format!("{}: {key}", s.id())
}

/// The keys of a Secret worth a pool.
fn pieces(s: &Secret, errors: &mut Vec<InventoryError>) -> Vec<Input> {
    let mut out = Vec::new();
    for e in &s.entries {
        match &e.bytes {
            Ok(b) if secret::may_hold_certificates(b) => {
                out.push(Input::new(piece_name(s, &e.key), b.clone()))
            }
            Ok(b) if expected_material(&e.key) && !b.is_empty() => errors.push(err(
                s.id(),
                format!(
                    "{}.{}: holds no PEM or DER certificate or key material",
                    e.section.as_str(),
                    e.key
                ),
            )),
            Ok(_) => {}
            Err(detail) if expected_material(&e.key) => errors.push(err(
                s.id(),
                format!(
                    "{}.{}: not valid Base64: {detail}",
                    e.section.as_str(),
                    e.key
                ),
            )),
            Err(_) => {}
        }
    }
    // A pool is only worth it when something may be a certificate (not, e.g., an SSH key alone).
    let any_cert = out.iter().any(|i| {
        i.bytes.first() == Some(&0x30)
            || i.bytes.windows(11).any(|w| w == b"CERTIFICATE")
            || !i.bytes.windows(11).any(|w| w == b"-----BEGIN ")
    });
    if any_cert {
        out
    } else {
        Vec::new()
    }
}

fn chain_verdict(report: &Report, f: &ChainFacts) -> (String, bool) {
    let cert = |i: usize| report.certificates.get(i);
    let last = f.order.last().and_then(|&i| cert(i));
    if let Some(b) = f.bad_links.first() {
        return (format!("broken: {b}"), false);
    }
    if f.missing_intermediate {
        let last = last.map(crate::output::cert_label).unwrap_or_default();
        return (
            match &f.missing_issuer {
                Some(m) => format!(
                    "incomplete: the issuer of {last}, \"{}\", is missing",
                    m.subject
                ),
                None => format!("incomplete: the issuer of {last} is missing"),
            },
            false,
        );
    }
    if f.misordered {
        return (
            "misordered: a CA comes before the certificate it issued".to_string(),
            false,
        );
    }
    if f.unchecked_links > 0 {
        return (
            format!(
                "{} link(s) not checked (signature budget spent or algorithm unsupported)",
                f.unchecked_links
            ),
            false,
        );
    }
    let expired_ca = f
        .order
        .iter()
        .skip(1)
        .filter_map(|&i| cert(i))
        .find(|c| c.validity.status == ValidityStatus::Expired);
    if let Some(c) = expired_ca {
        return (
            format!("CA {} has expired", crate::output::cert_label(c)),
            false,
        );
    }
    if f.order.len() == 1 {
        if f.root_included {
            return ("self-signed".to_string(), true);
        }
        return (
            format!(
                "leaf only: issuer {} not in the Secret",
                cert(f.leaf).map(|c| c.issuer.clone()).unwrap_or_default()
            ),
            true,
        );
    }
    if f.root_included {
        (
            format!("complete: {} certificates up to the root", f.order.len()),
            true,
        )
    } else {
        let root = match &f.trust {
            Some(t) if t.verdict == crate::model::TrustVerdict::PublicRoot => {
                format!("root not in the Secret: {}, a public root", t.anchor)
            }
            Some(t) if t.verdict == crate::model::TrustVerdict::IssuerMissing => format!(
                "root not in the Secret: {}, not a public root, so clients need it as their CA",
                t.anchor
            ),
            _ => "root not in the Secret".to_string(),
        };
        (
            format!(
                "{} certificates, ends at {} ({root})",
                f.order.len(),
                last.map(crate::output::cert_label).unwrap_or_default()
            ),
            true,
        )
    }
}

fn key_verdict(
    report: &Report,
    keys: &pool::KeyLookup,
    f: &ChainFacts,
    is_ca: bool,
) -> (String, Option<bool>) {
    let key_name = |k: usize| {
        report
            .private_keys
            .get(k)
            .map(|k| k.source.rsplit(": ").next().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    match keys.of(f.leaf) {
        KeyMatch::Matches(k) => (format!("matches {}", key_name(k)), Some(true)),
        // A CA's key is rarely in a Secret with a leaf; the leaf's key is not the CA's.
        KeyMatch::Mismatch { .. } if is_ca => ("no key of its own in the Secret".to_string(), None),
        KeyMatch::Mismatch { .. } => {
            let keys: Vec<String> = (0..report.private_keys.len()).map(key_name).collect();
            (format!("does not match {}", keys.join(", ")), Some(false))
        }
        KeyMatch::Unreadable => (
            "the key in the Secret is encrypted or unreadable".to_string(),
            Some(false),
        ),
        KeyMatch::NoKey => ("no private key in the Secret".to_string(), None),
    }
}

fn rows_of(s: &Secret, report: &Report, opts: &InventoryOptions) -> Vec<InventoryRow> {
    let prefix = format!("{}: ", s.id());
    let keys = pool::KeyLookup::new(report, &|_| true);
    pool::heads(report)
        .into_iter()
        .filter_map(|f| {
            let c = report.certificates.get(f.leaf)?;
            let key = c
                .source
                .strip_prefix(&prefix)
                .unwrap_or(&c.source)
                .to_string();
            let (chain, chain_ok) = chain_verdict(report, &f);
            let (key_match, key_ok) = key_verdict(report, &keys, &f, c.is_ca);
            let status = match c.validity.status {
                ValidityStatus::Expired => ExpiryStatus::Expired,
                ValidityStatus::NotYetValid => ExpiryStatus::NotYetValid,
                ValidityStatus::Valid if c.validity.days_left < opts.warn_days => {
                    ExpiryStatus::Expiring
                }
                ValidityStatus::Valid => ExpiryStatus::Valid,
            };
            let mut sans = c.san.dns.clone();
            sans.extend(c.san.ip.iter().cloned());
            Some(InventoryRow {
                namespace: s.namespace.clone().unwrap_or_default(),
                name: s.name.clone(),
                secret_type: s.kind.clone().unwrap_or_default(),
                key,
                subject: c.subject.clone(),
                common_name: c.common_name.clone(),
                sans,
                issuer: c.issuer.clone(),
                not_before: c.not_before.clone(),
                not_after: c.not_after.clone(),
                not_after_unix: c.not_after_unix,
                days_left: c.validity.days_left,
                status,
                is_ca: c.is_ca,
                chain,
                chain_ok,
                key_match,
                key_ok,
                fingerprint_sha256: c.fingerprint_sha256.clone(),
                spki_sha256: c.spki_sha256.clone(),
                location: c.location.clone(),
            })
        })
        .collect()
}

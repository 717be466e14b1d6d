//! Trust verdicts: does a chain reach a root that clients hold?
//!
//! A chain ends either at a self-signed root given in the input (a trust anchor for that
//! pool: a private CA or `ca.crt`), or at a certificate whose issuer is absent. Whether that is
//! fine depends on the issuer: when it is a public root, every client already holds it and the
//! chain is complete as servers send it; when it is not, clients cannot build the chain. The
//! public roots are an offline snapshot of Mozilla's root store, built from the pinned
//! `webpki-root-certs` crate by `build.rs` (subjects, Subject Key Identifiers and SPKI pins
//! only). Nothing is fetched, at build or run time.

use crate::checks::chain::{normalise_name, NormName};
use crate::model::{Certificate, Chain, ChainTrust, Report, TrustVerdict};
use crate::x509::cert::hex;
use std::collections::HashMap;

/// One root of the snapshot.
pub(super) struct Root {
    /// Its CN (else OU, else O): how people name it.
    name: &'static str,
    /// DER Name, outer SEQUENCE included.
    subject: &'static [u8],
    ski: Option<&'static [u8]>,
    spki_sha256: [u8; 32],
    /// DER SubjectPublicKeyInfo: path validation verifies a chain's last signature with it.
    spki: &'static [u8],
}

/// A root of the snapshot as path validation needs it: its name, SKI and key.
pub(crate) struct StoreAnchor {
    pub name: &'static str,
    pub ski: Option<&'static [u8]>,
    pub spki: &'static [u8],
}

/// The roots of the snapshot whose normalised subject is `issuer` (a chain's last issuer).
pub(crate) fn store_anchors_for(issuer: &NormName) -> Vec<StoreAnchor> {
    ROOTS
        .iter()
        .zip(root_names())
        .filter(|(_, n)| n.as_ref() == Some(issuer))
        .map(|(r, _)| StoreAnchor {
            name: r.name,
            ski: r.ski,
            spki: r.spki,
        })
        .collect()
}

include!(concat!(env!("OUT_DIR"), "/mozilla_roots.rs"));

/// The crate the snapshot is built from, its pinned version, and the date that version was
/// published (the crates.io index's `pubtime`): the store as Mozilla's CCADB report listed it
/// then. `tests/root_store.rs` checks the version against Cargo.lock.
pub const SNAPSHOT_CRATE: &str = "webpki-root-certs";
pub const SNAPSHOT_VERSION: &str = "1.0.11";
pub const SNAPSHOT_DATE: &str = "2026-10-23";

/// What the build carries, for front ends (about boxes, `--version`, the README).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RootStoreInfo {
    /// "Mozilla's root store".
    pub name: String,
    /// "webpki-root-certs 1.0.11".
    pub source: String,
    /// The snapshot's date, YYYY-MM-DD.
    pub date: String,
    /// How many roots it holds.
    pub roots: usize,
}

/// The root store this build carries.
pub fn root_store() -> RootStoreInfo {
    RootStoreInfo {
        name: "Mozilla's root store".into(),
        source: format!("{SNAPSHOT_CRATE} {SNAPSHOT_VERSION}"),
        date: SNAPSHOT_DATE.into(),
        roots: ROOT_COUNT,
    }
}

/// A public root, as [`public_root_by_pin`] and [`public_issuer`] find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRoot {
    pub name: &'static str,
    /// Its Subject Key Identifier (hex), when the root has one.
    pub ski: Option<String>,
}

fn public(r: &Root) -> PublicRoot {
    PublicRoot {
        name: r.name,
        ski: r.ski.map(hex),
    }
}

/// The public root whose SPKI SHA-256 pin (hex) this is.
pub fn public_root_by_pin(spki_sha256_hex: &str) -> Option<PublicRoot> {
    // The pin decoded once and compared as bytes: hex-encoding every root of the store for
    // each question was most of a chain's trust verdict.
    let pin = pin_bytes(spki_sha256_hex)?;
    // The store's pins sorted once, searched by halves: the scan of every root's pin was a
    // few per cent of `inspect` on distinct leaves (one question per chain). The first root
    // of equal pins, as the scan found.
    static BY_PIN: std::sync::OnceLock<Vec<([u8; 32], usize)>> = std::sync::OnceLock::new();
    let by_pin = BY_PIN.get_or_init(|| {
        let mut v: Vec<([u8; 32], usize)> = ROOTS
            .iter()
            .enumerate()
            .map(|(i, r)| (r.spki_sha256, i))
            .collect();
        v.sort_unstable();
        v
    });
    let k = by_pin.partition_point(|(p, _)| *p < pin);
    let (_, i) = by_pin.get(k).filter(|(p, _)| *p == pin)?;
    ROOTS.get(*i).map(public)
}

/// A SHA-256 pin in lower-case hex, as [`hex`] writes it (the only form that matched when
/// the roots' pins were compared as text), as its bytes.
fn pin_bytes(text: &str) -> Option<[u8; 32]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let [hi, lo] = pair else { return None };
        *o = (digit(*hi)? << 4) | digit(*lo)?;
    }
    Some(out)
}

/// The public root that can have issued a certificate with this issuer Name (DER) and
/// Authority Key Identifier: the name matches (byte-equal, or equal after the normalisation
/// chain building uses) and, when both identifiers are present, the AKI is the root's SKI.
pub fn public_issuer(issuer_der: &[u8], aki: Option<&[u8]>) -> Option<PublicRoot> {
    let norm: Option<NormName> = normalise_name(issuer_der);
    ROOTS
        .iter()
        .zip(root_names())
        .filter(|(r, n)| r.subject == issuer_der || (norm.is_some() && **n == norm))
        .map(|(r, _)| r)
        .find(|r| match (aki, r.ski) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        })
        .map(public)
}

/// Every root's subject, normalised once per process: an inventory asks for thousands of
/// chains, and normalising 118 names for each was over a quarter of its time (criterion).
fn root_names() -> &'static [Option<NormName>] {
    static NAMES: std::sync::OnceLock<Vec<Option<NormName>>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| ROOTS.iter().map(|r| normalise_name(r.subject)).collect())
}

fn store_label() -> String {
    format!("Mozilla's root store (snapshot {SNAPSHOT_DATE})")
}

/// A certificate's CN, else its subject.
fn cn(c: &Certificate) -> String {
    cn_of(c).to_string()
}

/// [`cn`], borrowed.
fn cn_of(c: &Certificate) -> &str {
    c.common_name.as_deref().unwrap_or(&c.subject)
}

/// The issuer's CN, else the whole issuer name.
fn issuer_cn(c: &Certificate) -> String {
    c.issuer_attributes
        .iter()
        .find(|a| a.name == "CN")
        .map(|a| a.value.clone())
        .unwrap_or_else(|| c.issuer.clone())
}

/// Public issuers already looked up in one report, by (issuer Name DER, AKI): a pool of
/// distinct leaves of one CA asks the same question for every chain.
type IssuerMemo<'c> = HashMap<(&'c [u8], Option<&'c [u8]>), Option<PublicRoot>>;

/// The verdict for one chain.
fn verdict<'c>(
    chain: &Chain,
    certs: &'c [Certificate],
    memo: &mut IssuerMemo<'c>,
) -> Option<ChainTrust> {
    let top = certs.get(*chain.order.last()?)?;
    let store = store_label();
    if top.self_signed || (chain.complete && top.self_issued) {
        return Some(match public_root_by_pin(&top.spki_sha256) {
            Some(_) => ChainTrust {
                verdict: TrustVerdict::PublicRoot,
                anchor: cn(top),
                anchor_in_input: true,
                message: format!(
                    "ends at {}, a root given in the input that is in {store}",
                    cn(top)
                ),
                store,
            },
            None => ChainTrust {
                verdict: TrustVerdict::PrivateRoot,
                anchor: cn(top),
                anchor_in_input: true,
                message: format!(
                    "ends at {}, a root given in the input that is not in {store}: clients trust the chain only if they are given this root (a private CA, ca.crt)",
                    cn(top)
                ),
                store,
            },
        });
    }
    // The last certificate is itself a public root's key and name (a cross-signed copy of a
    // root, such as a root signed by an older one): clients that hold the root stop there.
    if let Some(r) = public_root_by_pin(&top.spki_sha256) {
        return Some(ChainTrust {
            verdict: TrustVerdict::PublicRoot,
            anchor: r.name.to_string(),
            anchor_in_input: true,
            message: format!(
                "ends at {}, a cross-signed copy of {}, which is in {store}: clients stop at the root they hold",
                cn(top),
                r.name
            ),
            store,
        });
    }
    // The top's issuer is in the input, already in this chain (a loop) or beyond the length
    // limit (a cut): say that, not that the issuer is missing. No root is reached either way,
    // so the verdict stays "issuer_missing" (no trust anchor found), with the reason.
    if let Some(back) = chain.issuer_loop.and_then(|i| certs.get(i)) {
        return Some(ChainTrust {
            verdict: TrustVerdict::IssuerMissing,
            anchor: cn(back),
            anchor_in_input: true,
            message: format!(
                "loops: {} was issued by {}, which is already in this chain, so the chain never reaches a root; a certificate loop is a mistake in the input (remove the certificate that closes it, or add the real root)",
                cn(top),
                cn(back)
            ),
            store,
        });
    }
    if chain.cut {
        return Some(ChainTrust {
            verdict: TrustVerdict::IssuerMissing,
            anchor: issuer_cn(top),
            anchor_in_input: true,
            message: format!(
                "was cut at {} certificates, at {}: its issuer {} is in the input but the chain was not followed further (no real chain is this long)",
                chain.order.len(),
                cn(top),
                issuer_cn(top)
            ),
            store,
        });
    }
    let key = (top.raw_issuer(), top.raw_aki());
    let issuer = memo
        .entry(key)
        .or_insert_with(|| public_issuer(key.0, key.1))
        .clone();
    Some(match issuer {
        Some(r) => ChainTrust {
            verdict: TrustVerdict::PublicRoot,
            anchor: r.name.to_string(),
            anchor_in_input: false,
            message: format!(
                "ends at {}, issued by {}, which is in {store}: clients hold it, so the chain is complete as sent",
                cn(top),
                r.name
            ),
            store,
        },
        // The names borrowed, not copied: a pool of distinct leaves has one such verdict
        // per certificate.
        None if !top.is_ca => {
            let anchor = issuer_cn(top);
            ChainTrust {
                verdict: TrustVerdict::IssuerMissing,
                anchor_in_input: false,
                message: format!(
                    "ends at the leaf {}, whose issuer {anchor} is not in the input: add that intermediate after the leaf",
                    cn_of(top),
                ),
                anchor,
                store,
            }
        }
        None => {
            let anchor = issuer_cn(top);
            ChainTrust {
                verdict: TrustVerdict::IssuerMissing,
                anchor_in_input: false,
                message: format!(
                    "ends at {}, whose issuer {anchor} is neither in the input nor a public root of {store}: add it, or give it as ca.crt",
                    cn_of(top),
                ),
                anchor,
                store,
            }
        }
    })
}

/// Fills every chain's trust verdict. A chain whose issuer turns out to be a public root
/// misses nothing: its `missing_issuer` (and, for a leaf issued straight by a root,
/// `missing_intermediate`) is cleared.
pub(crate) fn judge(report: &mut Report) {
    let certs = &report.certificates;
    let mut memo = IssuerMemo::new();
    let verdicts: Vec<Option<ChainTrust>> = report
        .chains
        .iter()
        .map(|c| verdict(c, certs, &mut memo))
        .collect();
    for (chain, v) in report.chains.iter_mut().zip(verdicts) {
        if v.as_ref()
            .is_some_and(|t| t.verdict == TrustVerdict::PublicRoot)
        {
            chain.missing_issuer = None;
            chain.missing_intermediate = false;
        }
        chain.trust = v;
    }
}

//! One small pool of material (a `tls.crt` and its key, a Secret's keys) run through the
//! inspection pipeline, and the facts the doctor and the inventory read from the report.
//!
//! This is the one place outside `checks` and `inspect` that reads the chain analysis
//! (`Report::chains`, `unrelated`): when the chain API changes, only this file follows.

use crate::input::Input;
use crate::limits::Limits;
use crate::model::{Report, SignatureStatus};

/// Inspect `pieces` as one pool at `now`, remembering signature results in `memo` (shared by
/// the pools of one run), and say how much work it spent (signature units, key-derivation
/// blocks), so that a run of many pools can bound their sums. `pins` is a pin list to check.
pub(crate) fn inspect_pool(
    pieces: &[Input],
    now: i64,
    warn_days: i64,
    limits: &Limits,
    pins: Option<String>,
    password: Option<&str>,
    memo: crate::x509::verify::VerifyMemo,
) -> (Report, u64, u64) {
    let mut opts = crate::inspect::Options::at(now);
    if let Some(p) = password {
        opts = opts.with_password(p);
    }
    opts.warn_days = warn_days;
    opts.limits = limits.clone();
    opts.expected_pins = pins;
    crate::inspect::inspect_measured(pieces, &opts, memo)
}

/// The work one run of many pools may do (the doctor's settings, the inventory's Secrets): every
/// pool runs under the per-pool limits, and their sums are bounded too. Bytes inspected: at
/// most `max_total_bytes`; signature checks and public keys derived from private keys (one
/// budget, `keys::cost`): [`RUN_SIGNATURE_POOLS`] pools' worth; password key derivation (KDF
/// blocks): one pool's worth. Signature results and derived public keys are shared through
/// one memo.
pub(crate) struct Work {
    limits: Limits,
    now: i64,
    warn_days: i64,
    bytes_left: std::cell::Cell<usize>,
    sig_left: std::cell::Cell<u64>,
    kdf_left: std::cell::Cell<u64>,
    blocks_left: std::cell::Cell<usize>,
    memo: crate::x509::verify::VerifyMemo,
}

/// How many pools' worth of signature-check work one run may spend: 5 × 20,000 units is about
/// five seconds natively at worst; thousands of Secrets with ordinary chains take a fraction.
pub const RUN_SIGNATURE_POOLS: u64 = 5;

impl Work {
    pub(crate) fn new(limits: &Limits, now: i64, warn_days: i64) -> Self {
        Work {
            limits: limits.clone(),
            now,
            warn_days,
            bytes_left: std::cell::Cell::new(limits.max_total_bytes),
            sig_left: std::cell::Cell::new(
                limits
                    .max_signature_work
                    .saturating_mul(RUN_SIGNATURE_POOLS),
            ),
            kdf_left: std::cell::Cell::new(limits.max_kdf_blocks),
            blocks_left: std::cell::Cell::new(limits.max_blocks),
            memo: crate::x509::verify::VerifyMemo::default(),
        }
    }

    /// Whether the run's signature budget is spent.
    pub(crate) fn signatures_spent(&self) -> bool {
        self.sig_left.get() == 0
    }

    /// One pool, under the per-pool limits and what is left of the run's; `None` (nothing
    /// done) when its bytes would exceed what is left, or no block is left.
    pub(crate) fn inspect(&self, pieces: &[Input], pins: Option<String>) -> Option<Report> {
        self.inspect_as(pieces, pins, None)
    }

    /// [`Work::inspect`] with a password for encrypted keys (the chart's keystore password:
    /// the doctor opens `tls.key` with it as the pods do). Key derivation draws on the run's
    /// budget like every other pool.
    pub(crate) fn inspect_as(
        &self,
        pieces: &[Input],
        pins: Option<String>,
        password: Option<&str>,
    ) -> Option<Report> {
        let bytes: usize = pieces.iter().map(|p| p.bytes.len()).sum();
        if bytes > self.bytes_left.get() || self.blocks_left.get() == 0 {
            return None;
        }
        self.bytes_left.set(self.bytes_left.get() - bytes);
        let limits = Limits {
            max_signature_work: self.limits.max_signature_work.min(self.sig_left.get()),
            max_kdf_blocks: self.limits.max_kdf_blocks.min(self.kdf_left.get()),
            max_blocks: self.limits.max_blocks.min(self.blocks_left.get()),
            ..self.limits.clone()
        };
        let (report, sig, kdf) = inspect_pool(
            pieces,
            self.now,
            self.warn_days,
            &limits,
            pins,
            password,
            self.memo.clone(),
        );
        self.sig_left.set(self.sig_left.get().saturating_sub(sig));
        self.kdf_left.set(self.kdf_left.get().saturating_sub(kdf));
        let blocks: usize = report.inputs.iter().map(|i| i.blocks.len()).sum();
        self.blocks_left
            .set(self.blocks_left.get().saturating_sub(blocks.max(1)));
        Some(report)
    }

    /// Path validation of the chain starting at `leaf` (a certificate of `report`, a pool this
    /// run inspected) as the clients of one hop of the deployment see it: their anchors, their
    /// names, their depth limit. Draws on the run's signature budget like [`Work::inspect`], so
    /// a run of many settings stays bounded as a whole; past it the verdict is "not checked".
    pub(crate) fn validate(
        &self,
        report: &Report,
        leaf: usize,
        trust_anchors: &[Vec<u8>],
        root_store: bool,
        names: &[String],
        max_intermediates: Option<usize>,
    ) -> crate::model::PathValidation {
        let limits = Limits {
            max_signature_work: self.limits.max_signature_work.min(self.sig_left.get()),
            ..self.limits.clone()
        };
        let budget = crate::x509::verify::SignatureBudget::with_memo(&limits, self.memo.clone());
        let ders: Vec<&[u8]> = report
            .certificates
            .iter()
            .map(|c| c.der.as_slice())
            .collect();
        // As the report's own validation does: a host, without scheme, port or brackets.
        let names = crate::checks::names::bare_hosts(names);
        let v = crate::path::validate_path(
            &crate::path::PathRequest {
                pool: &ders,
                leaf,
                trust_anchors,
                root_store,
                names: &names,
                now: self.now,
                max_intermediates,
            },
            &budget,
        );
        self.sig_left
            .set(self.sig_left.get().saturating_sub(budget.spent()));
        v
    }

    /// What a verdict says when [`Work::inspect`] refused.
    pub(crate) fn refused(&self) -> String {
        format!(
            "not checked: this run's limit ({} MB of material, {} blocks over all pools) is spent; split the input",
            self.limits.max_total_bytes / (1024 * 1024),
            self.limits.max_blocks
        )
    }
}

/// What the chain analysis says about the certificate that heads a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChainFacts {
    /// Index of the certificate (the leaf of the chain).
    pub leaf: usize,
    /// The chain, leaf first (just the leaf when it is in no chain).
    pub order: Vec<usize>,
    /// Within one input, a certificate comes before the one it issued.
    pub misordered: bool,
    pub missing_intermediate: bool,
    /// The chain ends with a self-issued certificate (the root).
    pub root_included: bool,
    /// Links whose signature does not verify, as "A is not signed by B".
    pub bad_links: Vec<String>,
    /// Links not checked (budget spent, unsupported algorithm).
    pub unchecked_links: usize,
    /// The issuer the chain lacks (name, key identifier, where its CA publishes it).
    pub missing_issuer: Option<crate::model::MissingIssuer>,
    /// The chain against the input and the public root store.
    pub trust: Option<crate::model::ChainTrust>,
}

fn facts(report: &Report, chain: Option<usize>, leaf: usize) -> ChainFacts {
    let Some(ch) = chain.and_then(|i| report.chains.get(i)) else {
        let root = report.certificates.get(leaf).is_some_and(|c| c.self_issued);
        return ChainFacts {
            leaf,
            order: vec![leaf],
            misordered: false,
            missing_intermediate: false,
            root_included: root,
            bad_links: Vec::new(),
            unchecked_links: 0,
            missing_issuer: None,
            trust: None,
        };
    };
    let name = |i: usize| {
        report
            .certificates
            .get(i)
            .map(crate::checks::report::short_name)
            .unwrap_or_default()
    };
    ChainFacts {
        leaf,
        order: ch.order.clone(),
        misordered: ch.misordered,
        missing_intermediate: ch.missing_intermediate,
        root_included: ch.root_included,
        bad_links: ch
            .links
            .iter()
            .filter(|l| l.signature == SignatureStatus::Invalid)
            .map(|l| {
                format!(
                    "the signature on {} does not verify with the key of {}",
                    name(l.child),
                    name(l.parent)
                )
            })
            .collect(),
        unchecked_links: ch
            .links
            .iter()
            .filter(|l| {
                matches!(
                    l.signature,
                    SignatureStatus::NotChecked | SignatureStatus::Unsupported
                )
            })
            .count(),
        missing_issuer: ch.missing_issuer.clone(),
        trust: ch.trust.clone(),
    }
}

/// The chain headed by a certificate from an input accepted by `from`: a chain whose leaf is
/// not a CA first, else any chain, else the first certificate of that input on its own.
pub(crate) fn leaf_from(report: &Report, from: &dyn Fn(&str) -> bool) -> Option<ChainFacts> {
    let cert = |i: usize| report.certificates.get(i);
    let heads: Vec<(usize, usize)> = report
        .chains
        .iter()
        .enumerate()
        .filter_map(|(ci, ch)| ch.order.first().map(|&l| (ci, l)))
        .filter(|(_, l)| cert(*l).is_some_and(|c| from(&c.source)))
        .collect();
    if let Some(&(ci, l)) = heads
        .iter()
        .find(|(_, l)| cert(*l).is_some_and(|c| !c.is_ca))
        .or_else(|| heads.first())
    {
        return Some(facts(report, Some(ci), l));
    }
    let first = report.certificates.iter().find(|c| from(&c.source))?;
    Some(facts(report, None, first.index))
}

/// Every certificate that heads something, with its facts: the leaf of each chain, and each
/// certificate in no chain. A bundle of roots gives one head per root; `tls.crt` with its
/// intermediate and root gives one.
pub(crate) fn heads(report: &Report) -> Vec<ChainFacts> {
    let mut out: Vec<ChainFacts> = Vec::new();
    // Heads already listed, as a set: a scan of `out` per chain is quadratic on many leaves.
    let mut listed = std::collections::HashSet::new();
    for (ci, ch) in report.chains.iter().enumerate() {
        if let Some(&l) = ch.order.first() {
            if listed.insert(l) {
                out.push(facts(report, Some(ci), l));
            }
        }
    }
    for &u in &report.unrelated {
        if listed.insert(u) {
            out.push(facts(report, None, u));
        }
    }
    // Certificates in neither list (duplicates of one already listed) are not repeated.
    out.sort_by_key(|f| f.leaf);
    out
}

/// A certificate's key against the private keys of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyMatch {
    /// The key at this index (into `Report::private_keys`) is the certificate's.
    Matches(usize),
    /// Keys were given, none is the certificate's; the first one's pin.
    Mismatch { key_pin: Option<String> },
    /// A key is there but locked or unreadable.
    Unreadable,
    /// No private key in the pool.
    NoKey,
}

/// The key (from an input accepted by `from`) of certificate `leaf`.
pub(crate) fn key_match(report: &Report, leaf: usize, from: &dyn Fn(&str) -> bool) -> KeyMatch {
    KeyLookup::new(report, from).of(leaf)
}

/// [`key_match`] for many certificates of one report: the keys are indexed once, so asking
/// for each of H certificates costs O(K + H), not O(K × H) (a Secret of 120,000 entries).
pub(crate) struct KeyLookup {
    /// Certificate index → the first key (accepted by `from`) whose public key is its.
    first_match: std::collections::HashMap<usize, usize>,
    /// The first accepted key's pin that is known.
    first_pin: Option<String>,
    /// No match and no pin: whether a key is there but locked or unreadable.
    unreadable: bool,
}

impl KeyLookup {
    pub(crate) fn new(report: &Report, from: &dyn Fn(&str) -> bool) -> Self {
        let mut first_match = std::collections::HashMap::new();
        let mut first_pin = None;
        let mut any = false;
        for (i, k) in report.private_keys.iter().enumerate() {
            if !from(&k.source) {
                continue;
            }
            any = true;
            for &c in &k.matches {
                first_match.entry(c).or_insert(i);
            }
            if first_pin.is_none() {
                first_pin.clone_from(&k.spki_sha256);
            }
        }
        let unreadable = any
            || report.password_needed.iter().any(|l| from(&l.source))
            || report.errors.iter().any(|e| {
                from(&e.source) && e.label.as_deref().is_some_and(|l| l.contains("KEY"))
            });
        KeyLookup {
            first_match,
            first_pin,
            unreadable,
        }
    }

    /// What the keys say about certificate `leaf`.
    pub(crate) fn of(&self, leaf: usize) -> KeyMatch {
        if let Some(&i) = self.first_match.get(&leaf) {
            return KeyMatch::Matches(i);
        }
        if let Some(pin) = &self.first_pin {
            return KeyMatch::Mismatch {
                key_pin: Some(pin.clone()),
            };
        }
        if self.unreadable {
            return KeyMatch::Unreadable;
        }
        KeyMatch::NoKey
    }
}

/// The errors the pipeline reported for inputs accepted by `from`, as sentences.
pub(crate) fn errors_of(report: &Report, from: &dyn Fn(&str) -> bool) -> Vec<String> {
    report
        .errors
        .iter()
        .filter(|e| from(&e.source))
        .map(|e| e.message.clone())
        .collect()
}

/// Whether a chain link went unchecked because the pool's signature budget was spent.
pub(crate) fn signature_budget_spent(report: &Report) -> bool {
    report.chains.iter().flat_map(|c| &c.links).any(|l| {
        l.signature == SignatureStatus::NotChecked
            && l.reason == Some(crate::model::NotCheckedReason::BudgetSpent)
    })
}

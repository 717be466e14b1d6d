//! Path validation: the verdict real TLS clients would give (RFC 5280 §6, the CA/Browser
//! Forum server profile, and each client family's own rules).
//!
//! A chain passes only when it ends at a *declared* trust anchor: a root the caller gives as
//! trusted, or a root of the offline Mozilla snapshot. A self-signed root merely found beside
//! the chain is offered (`offered_anchor`), never assumed.
//!
//! Paths are built depth-first from the leaf with backtracking (declared anchors first, then
//! certificates valid at "now", then matching key identifiers), loops excluded, depth bounded,
//! each signature checked once on the pool's [`SignatureBudget`]. Each complete path is judged
//! per client (`rules.rs`); a client accepts when any path passes for it, as Go, Java and
//! OpenSSL 3 (which retries alternatives) do. The name normalisation and issuer matching are
//! chain building's (`checks::chain`), so both agree on who may have issued whom.

mod cert;
#[cfg(test)]
mod lazy_tests;
mod names;
mod rules;

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap};

use crate::checks::chain::{normalise_name, NormName};

use cert::PCert;
use rules::{evaluate, Fail, PathView, Request};

use crate::model::{
    AnchorSource, Client, ClientVerdict, Outcome, Overall, PathAnchor, PathRule, PathValidation,
    SignatureStatus,
};
use crate::x509::verify::{verify_signature_within, SignatureBudget};

/// Longest path tried, in certificates (anchor included). Real paths have fewer than six.
pub const MAX_PATH_CERTS: usize = 12;
/// Most path-building steps (a certificate tried as the next issuer) for one leaf: a pool of
/// many same-name issuers ends here as "not checked: budget" rather than in a long search.
pub const MAX_PATH_STEPS: usize = 4096;
/// Most complete paths judged for one leaf.
pub const MAX_PATHS: usize = 32;
/// Most certificates of one subject name considered as issuers of a certificate.
const MAX_SAME_NAME: usize = 256;
/// Name-constraint comparisons allowed for one leaf (names × subtrees, summed).
pub const MAX_NC_WORK: u64 = 1 << 20;

/// What to validate: the pool (DER certificates, by pool index), which one is the leaf, the
/// declared anchors, the host names, "now".
#[derive(Debug, Clone, Default)]
pub struct PathRequest<'a> {
    pub pool: &'a [&'a [u8]],
    pub leaf: usize,
    /// DER certificates the caller trusts.
    pub trust_anchors: &'a [Vec<u8>],
    /// Also trust the offline Mozilla root store snapshot.
    pub root_store: bool,
    /// Host names (DNS names or IP addresses) the leaf must cover; empty: not checked.
    pub names: &'a [String],
    pub now: i64,
    /// Most intermediates allowed between leaf and anchor (a caller's own limit).
    pub max_intermediates: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    /// `all` index of a declared anchor certificate, last of the path.
    Declared,
    /// A root of the store (index into `Builder::store`).
    Store(usize),
}

/// A client's result: the index of the complete path it accepts, or the failure and the
/// index of the path it is about (`usize::MAX`: no complete path).
type Verdict = Result<usize, (Fail, usize)>;

struct Found {
    certs: Vec<usize>,
    top: Top,
    signatures: Vec<SignatureStatus>,
}

struct StoreRoot {
    name: String,
}

/// A pool read once for every leaf validated in it: the certificates (pool first, then the
/// declared anchors that are not in the pool), which are anchors, and an index by subject.
///
/// A certificate is read ([`cert::read`]) the first time a path reaches it: a report's pool of
/// 10,000 distinct leaves validates at most [`MAX_VALIDATED_CHAINS`] of them, and reading all
/// of them first cost more than a third of `inspect`. What every leaf needs up front (whether
/// it can be read, its subject for the index) comes from the pool's descriptions instead.
pub(crate) struct Prepared<'p> {
    /// The pool's DER, for the certificates not read yet.
    ders: Vec<&'p [u8]>,
    all: Vec<OnceCell<Option<PCert>>>,
    /// Whether `all[i]` reads (is `Some`), known without reading it.
    readable: Vec<bool>,
    anchor: Vec<bool>,
    pool_len: usize,
    // Subject indexes, only looked up (a hash per lookup, where a B-tree of 10,000 subjects
    // compared names a dozen times).
    by_raw: HashMap<Vec<u8>, Vec<usize>>,
    by_norm: HashMap<NormName, Vec<usize>>,
}

impl Prepared<'_> {
    fn cert(&self, i: usize) -> Option<&PCert> {
        let cell = self.all.get(i)?;
        cell.get_or_init(|| self.ders.get(i).and_then(|d| cert::read(d).ok()))
            .as_ref()
    }
}

/// Reads the pool and the declared anchors once.
pub(crate) fn prepare<'p>(pool: &[&'p [u8]], trust_anchors: &[Vec<u8>]) -> Prepared<'p> {
    let all: Vec<OnceCell<Option<PCert>>> = pool
        .iter()
        .map(|d| OnceCell::from(cert::read(d).ok()))
        .collect();
    let names = all
        .iter()
        .map(|c| {
            c.get()
                .and_then(Option::as_ref)
                .map(|c| (c.subject_raw.clone(), c.subject.clone()))
        })
        .collect();
    finish(pool, all, names, trust_anchors)
}

/// [`prepare`] for a pool that [`crate::x509::cert::describe`] read whole (`pool[i]` is the
/// DER it kept, `subjects[i]` its subject's raw DER): nothing is read until a path needs it.
/// The same as [`prepare`]'s in every answer: x509-parser already accepted each DER, so it
/// reads here exactly when its signed parts split (the one other way [`cert::read`] fails).
pub(crate) fn prepare_described<'p>(
    pool: &[&'p [u8]],
    subjects: &[&[u8]],
    trust_anchors: &[Vec<u8>],
) -> Prepared<'p> {
    let all = pool.iter().map(|_| OnceCell::new()).collect();
    let names = pool
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let s = subjects.get(i)?;
            crate::asn1::split_signed(d).map(|_| (s.to_vec(), normalise_name(s)))
        })
        .collect();
    finish(pool, all, names, trust_anchors)
}

/// The anchors and the subject index, from the pool's (raw subject, normalised subject) of
/// each certificate that reads (`None`: it does not).
fn finish<'p>(
    pool: &[&'p [u8]],
    mut all: Vec<OnceCell<Option<PCert>>>,
    names: Vec<Option<(Vec<u8>, Option<NormName>)>>,
    trust_anchors: &[Vec<u8>],
) -> Prepared<'p> {
    let pool_len = pool.len();
    let mut readable: Vec<bool> = names.iter().map(Option::is_some).collect();
    let mut anchor = vec![false; pool_len];
    let mut by_raw: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
    let mut by_norm: HashMap<NormName, Vec<usize>> = HashMap::new();
    for (i, n) in names.into_iter().enumerate() {
        let Some((raw, norm)) = n else { continue };
        by_raw.entry(raw).or_default().push(i);
        if let Some(norm) = norm {
            by_norm.entry(norm).or_default().push(i);
        }
    }
    // A declared anchor that is in the pool (or declared twice) is marked there. Equal
    // fingerprints are equal DER: the bytes are compared, so no pool certificate is read or
    // hashed for it.
    let mut extra: Vec<&[u8]> = Vec::new();
    for a in trust_anchors {
        let Ok(p) = cert::read(a) else { continue };
        let same = |(i, d): (usize, &&[u8])| {
            (*d == a.as_slice() && readable.get(i) == Some(&true)).then_some(i)
        };
        let found = pool.iter().enumerate().find_map(same).or_else(|| {
            extra
                .iter()
                .enumerate()
                .find_map(|(k, d)| (*d == a.as_slice()).then_some(pool_len + k))
        });
        if let Some(i) = found {
            if let Some(f) = anchor.get_mut(i) {
                *f = true;
            }
            continue;
        }
        let i = all.len();
        by_raw.entry(p.subject_raw.clone()).or_default().push(i);
        if let Some(norm) = &p.subject {
            by_norm.entry(norm.clone()).or_default().push(i);
        }
        extra.push(a.as_slice());
        all.push(OnceCell::from(Some(p)));
        anchor.push(true);
        readable.push(true);
    }
    Prepared {
        ders: pool.to_vec(),
        all,
        readable,
        anchor,
        pool_len,
        by_raw,
        by_norm,
    }
}

struct Builder<'b> {
    anchor: &'b [bool],
    prepared: &'b Prepared<'b>,
    pool_len: usize,
    root_store: bool,
    budget: &'b SignatureBudget,
    edges: HashMap<(usize, usize), SignatureStatus>,
    store: Vec<StoreRoot>,
    steps: usize,
    budget_hit: bool,
    too_long: bool,
    bad_signature: Option<usize>,
    offered: Option<usize>,
    longest: Vec<usize>,
    found: Vec<Found>,
}

fn ids_agree(child: &PCert, parent_ski: Option<&[u8]>) -> bool {
    match (
        child.aki.as_ref().and_then(|a| a.key_id.as_deref()),
        parent_ski,
    ) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    }
}

impl Builder<'_> {
    fn cert(&self, i: usize) -> Option<&PCert> {
        self.prepared.cert(i)
    }

    fn verify(&mut self, child: usize, parent: usize) -> SignatureStatus {
        if let Some(s) = self.edges.get(&(child, parent)) {
            return s.clone();
        }
        let (Some(c), Some(p)) = (self.cert(child), self.cert(parent)) else {
            return SignatureStatus::Invalid;
        };
        let v = verify_signature_within(&c.sig_alg, &c.tbs, &c.sig, &p.spki, self.budget);
        self.edges.insert((child, parent), v.status.clone());
        v.status
    }

    /// Issuer candidates of `node`, best first.
    fn candidates(&self, node: usize, path: &[usize], now: i64) -> Vec<usize> {
        let Some(c) = self.cert(node) else {
            return Vec::new();
        };
        let mut named: BTreeSet<usize> = BTreeSet::new();
        named.extend(
            self.prepared
                .by_raw
                .get(&c.issuer_raw)
                .into_iter()
                .flatten()
                .take(MAX_SAME_NAME),
        );
        if let Some(n) = &c.issuer {
            named.extend(
                self.prepared
                    .by_norm
                    .get(n)
                    .into_iter()
                    .flatten()
                    .take(MAX_SAME_NAME),
            );
        }
        let mut out: Vec<(usize, (bool, bool, u8, usize))> = named
            .into_iter()
            .filter(|i| *i != node && !path.contains(i))
            .filter_map(|i| {
                let p = self.cert(i)?;
                let name_ok =
                    p.subject_raw == c.issuer_raw || (p.subject.is_some() && p.subject == c.issuer);
                let ski = p.ski.as_ref().map(|s| s.0.as_slice());
                // Key identifiers rank candidates but do not exclude them: Go, Java and the
                // browsers take an issuer whose SKI differs from the AKI when its signature
                // verifies (OpenSSL does not: rules.rs).
                name_ok.then(|| {
                    let valid = now >= p.not_before && now <= p.not_after;
                    let ids = match (c.aki.as_ref().and_then(|a| a.key_id.as_deref()), ski) {
                        (Some(a), Some(s)) if a == s => 0u8,
                        (Some(_), Some(_)) => 2,
                        _ => 1,
                    };
                    let anchor = self.anchor.get(i).copied().unwrap_or(false);
                    // Then the input's order, as OpenSSL takes the first fitting issuer given.
                    (i, (!anchor, !valid, ids, i))
                })
            })
            .collect();
        out.sort_by_key(|a| a.1);
        out.into_iter().map(|a| a.0).collect()
    }

    /// OpenSSL's own chain: at each step a trusted issuer first, then the first given issuer
    /// valid at "now" (then any), whose SKI the child's AKI names; no going back. The index of
    /// that path among the complete ones, or why it stops.
    fn openssl_walk(&self, leaf: usize, now: i64) -> Result<usize, Fail> {
        let mut path = vec![leaf];
        while let Some(&node) = path.last() {
            if self.anchor.get(node).copied().unwrap_or(false) {
                break;
            }
            let Some(c) = self.cert(node) else { break };
            let mut cands: Vec<usize> = self
                .candidates(node, &path, now)
                .into_iter()
                .filter(|&p| {
                    ids_agree(
                        c,
                        self.cert(p)
                            .and_then(|p| p.ski.as_ref())
                            .map(|s| s.0.as_slice()),
                    )
                })
                .collect();
            cands.sort_by_key(|&p| {
                let valid = self
                    .cert(p)
                    .is_some_and(|x| now >= x.not_before && now <= x.not_after);
                (!self.anchor.get(p).copied().unwrap_or(false), !valid, p)
            });
            match cands.first() {
                Some(&p) if path.len() < MAX_PATH_CERTS => path.push(p),
                _ => {
                    let depth = path.len() - 1;
                    let (rule, detail) = if c.self_issued {
                        (
                            PathRule::RootNotTrusted,
                            "self-signed and given, but not declared trusted",
                        )
                    } else {
                        (
                            PathRule::UnknownIssuer,
                            "its issuer is neither given nor a trusted root",
                        )
                    };
                    return Err(Fail {
                        rule,
                        depth,
                        detail: detail.into(),
                        unchecked: false,
                    });
                }
            }
        }
        if let Some(k) = self.found.iter().position(|f| f.certs == path) {
            return Ok(k);
        }
        // The chain is whole but some link did not verify.
        let depth = path
            .windows(2)
            .position(|w| matches!(w, [c, p] if self.edges.get(&(*c, *p)) == Some(&SignatureStatus::Invalid)))
            .unwrap_or(0);
        let rule = if self.budget_hit {
            PathRule::Budget
        } else {
            PathRule::BadSignature
        };
        Err(Fail {
            rule,
            depth,
            detail: rule.describe().into(),
            unchecked: self.budget_hit,
        })
    }

    fn dfs(&mut self, path: &mut Vec<usize>, sigs: &mut Vec<SignatureStatus>, now: i64) {
        if self.found.len() >= MAX_PATHS || self.budget_hit {
            return;
        }
        self.steps += 1;
        if self.steps > MAX_PATH_STEPS {
            self.budget_hit = true;
            return;
        }
        let Some(&node) = path.last() else { return };
        if path.len() > self.longest.len() {
            self.longest = path.clone();
        }
        if self.anchor.get(node).copied().unwrap_or(false) {
            self.found.push(Found {
                certs: path.clone(),
                top: Top::Declared,
                signatures: sigs.clone(),
            });
            return;
        }
        if path.len() >= MAX_PATH_CERTS {
            self.too_long = true;
            return;
        }
        let Some(c) = self.cert(node).cloned() else {
            return;
        };
        if c.self_issued && node < self.pool_len {
            let own = self.verify(node, node);
            if own != SignatureStatus::Invalid && self.offered.is_none() {
                self.offered = Some(node);
            }
        }
        for p in self.candidates(node, path, now) {
            let s = self.verify(node, p);
            match s {
                SignatureStatus::Invalid => {
                    self.bad_signature.get_or_insert(path.len() - 1);
                    continue;
                }
                SignatureStatus::NotChecked => {
                    self.budget_hit = true;
                    return;
                }
                _ => {}
            }
            path.push(p);
            sigs.push(s);
            self.dfs(path, sigs, now);
            path.pop();
            sigs.pop();
            if self.budget_hit || self.found.len() >= MAX_PATHS {
                return;
            }
        }
        if self.root_store && !c.self_issued {
            if let Some(issuer) = &c.issuer {
                for a in crate::checks::trust::store_anchors_for(issuer) {
                    if !ids_agree(&c, a.ski) {
                        continue;
                    }
                    let k = self.store.len();
                    self.store.push(StoreRoot {
                        name: a.name.to_string(),
                    });
                    let v =
                        verify_signature_within(&c.sig_alg, &c.tbs, &c.sig, a.spki, self.budget);
                    match v.status {
                        SignatureStatus::Invalid => {
                            self.bad_signature.get_or_insert(path.len() - 1);
                        }
                        SignatureStatus::NotChecked => self.budget_hit = true,
                        s => {
                            let mut signatures = sigs.clone();
                            signatures.push(s);
                            self.found.push(Found {
                                certs: path.clone(),
                                top: Top::Store(k),
                                signatures,
                            });
                        }
                    }
                }
            }
        }
    }
}

/// The client's own words for a rule, where it has well-known ones (first line only).
fn client_error(
    client: Client,
    rule: PathRule,
    depth: usize,
    leaf_self_signed: bool,
) -> Option<String> {
    let openssl =
        |code: u32, text: &str| Some(format!("error {code} at {depth} depth lookup: {text}"));
    let java_build = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";
    let java_valid = |t: &str| {
        Some(format!(
            "PKIX path validation failed: java.security.cert.CertPathValidatorException: {t}"
        ))
    };
    use PathRule as R;
    match client {
        Client::OpenSsl => match rule {
            R::UnknownIssuer => openssl(20, "unable to get local issuer certificate"),
            R::RootNotTrusted if leaf_self_signed => openssl(18, "self-signed certificate"),
            R::RootNotTrusted => openssl(19, "self-signed certificate in certificate chain"),
            R::Expired => openssl(10, "certificate has expired"),
            R::NotYetValid => openssl(9, "certificate is not yet valid"),
            R::BadSignature => openssl(7, "certificate signature failure"),
            R::IssuerNotCa => openssl(24, "invalid CA certificate"),
            R::PathLenExceeded => openssl(25, "path length constraint exceeded"),
            R::NameConstraints => openssl(47, "permitted subtree violation"),
            R::LeafEkuNoServerAuth | R::IntermediateEkuNoServerAuth | R::LeafKeyUsage => {
                openssl(26, "unsupported certificate purpose")
            }
            R::UnknownCriticalExtension => openssl(34, "unhandled critical extension"),
            R::HostnameMismatch => openssl(62, "hostname mismatch"),
            R::WeakSignatureHash => openssl(68, "CA signature digest algorithm too weak"),
            R::WeakKey if depth == 0 => openssl(66, "EE certificate key too weak"),
            R::WeakKey => openssl(67, "CA certificate key too weak"),
            R::PathTooLong => openssl(22, "certificate chain too long"),
            _ => None,
        },
        Client::Go => match rule {
            R::UnknownIssuer | R::RootNotTrusted | R::BadSignature => {
                Some("x509: certificate signed by unknown authority".into())
            }
            R::Expired | R::NotYetValid => {
                Some("x509: certificate has expired or is not yet valid".into())
            }
            R::IssuerNotCa => {
                Some("x509: certificate is not authorized to sign other certificates".into())
            }
            R::PathLenExceeded => {
                Some("x509: too many intermediates for path length constraint".into())
            }
            R::LeafEkuNoServerAuth | R::IntermediateEkuNoServerAuth => {
                Some("x509: certificate specifies an incompatible key usage".into())
            }
            R::UnknownCriticalExtension => Some("x509: unhandled critical extension".into()),
            R::HostnameMismatch => {
                Some("x509: certificate is not valid for the requested name".into())
            }
            _ => None,
        },
        Client::Java => match rule {
            R::UnknownIssuer | R::RootNotTrusted | R::BadSignature => Some(java_build.into()),
            R::Expired | R::NotYetValid => java_valid("validity check failed"),
            R::IssuerNotCa => {
                java_valid("basic constraints check failed: this is not a CA certificate")
            }
            R::NoKeyCertSign => java_valid("CA key usage check failed: keyCertSign bit is not set"),
            R::NameConstraints => java_valid("name constraints check failed"),
            R::UnknownCriticalExtension => java_valid("Unrecognized critical extension(s)"),
            R::HostnameMismatch => {
                Some("No subject alternative names matching the host name present".into())
            }
            _ => None,
        },
        Client::Browser => Some(
            match rule {
                R::UnknownIssuer | R::RootNotTrusted => "UnknownIssuer",
                R::Expired => "CertExpired",
                R::NotYetValid => "CertNotValidYet",
                R::BadSignature => "BadSignature",
                R::IssuerNotCa => "CaUsedAsEndEntity",
                R::PathLenExceeded => "PathLenConstraintViolated",
                R::NameConstraints => "NameConstraintViolation",
                R::LeafEkuNoServerAuth | R::IntermediateEkuNoServerAuth => "RequiredEkuNotFound",
                R::UnknownCriticalExtension => "UnsupportedCriticalExtension",
                R::HostnameMismatch => "CertNotValidForName",
                R::WeakSignatureHash => "UnsupportedSignatureAlgorithm",
                _ => return None,
            }
            .into(),
        ),
    }
}

fn cert_index(path: &[usize], depth: usize, pool_len: usize) -> Option<usize> {
    path.get(depth).copied().filter(|&i| i < pool_len)
}

/// Most chains of one report validated: a server sends one chain; a pool of thousands is an
/// inventory, and its leaves past this stay `validation: null`.
pub const MAX_VALIDATED_CHAINS: usize = 64;

/// Fills each reported chain's `validation`: chains that start at a certificate that is not a
/// CA, or that a private key of the input matches (a CA bundle's chains stay `null`), against
/// `trust_anchors` and the root store, with `names` as the host names. (The pipeline's options
/// come in as plain values: `inspect` is above this module.)
pub(crate) fn judge(
    report: &mut crate::model::Report,
    trust_anchors: &[Vec<u8>],
    names: &[String],
    now: i64,
    budget: &SignatureBudget,
) {
    for ch in &mut report.chains {
        ch.validation = None;
    }
    let keyed: BTreeSet<usize> = report
        .private_keys
        .iter()
        .flat_map(|k| k.matches.iter().copied())
        .collect();
    let wanted: Vec<(usize, usize)> = report
        .chains
        .iter()
        .enumerate()
        .filter_map(|(k, ch)| {
            let leaf = *ch.order.first()?;
            let c = report.certificates.get(leaf)?;
            (!c.is_ca || keyed.contains(&leaf)).then_some((k, leaf))
        })
        .take(MAX_VALIDATED_CHAINS)
        .collect();
    if wanted.is_empty() {
        return;
    }
    let ders: Vec<&[u8]> = report
        .certificates
        .iter()
        .map(|c| c.der.as_slice())
        .collect();
    let subjects: Vec<&[u8]> = report
        .certificates
        .iter()
        .map(|c| c.raw_subject())
        .collect();
    let prepared = prepare_described(&ders, &subjects, trust_anchors);
    let names = crate::checks::names::bare_hosts(names);
    for (k, leaf) in wanted {
        let req = PathRequest {
            pool: &ders,
            leaf,
            trust_anchors,
            root_store: true,
            names: &names,
            now,
            max_intermediates: None,
        };
        let v = validate_prepared(&prepared, &req, budget);
        if let Some(ch) = report.chains.get_mut(k) {
            ch.validation = Some(v);
        }
    }
}

/// Validates the chain that starts at `req.leaf`, once per client family.
pub fn validate_path(req: &PathRequest<'_>, budget: &SignatureBudget) -> PathValidation {
    let prepared = prepare(req.pool, req.trust_anchors);
    validate_prepared(&prepared, req, budget)
}

/// [`validate_path`] over a pool already read ([`prepare`]); `req.pool` and
/// `req.trust_anchors` are not read again.
pub(crate) fn validate_prepared(
    prepared: &Prepared<'_>,
    req: &PathRequest<'_>,
    budget: &SignatureBudget,
) -> PathValidation {
    let pool_len = prepared.pool_len;
    let mut b = Builder {
        anchor: &prepared.anchor,
        prepared,
        pool_len,
        root_store: req.root_store,
        budget,
        edges: HashMap::new(),
        store: Vec::new(),
        steps: 0,
        budget_hit: false,
        too_long: false,
        bad_signature: None,
        offered: None,
        longest: Vec::new(),
        found: Vec::new(),
    };
    let leaf_ok = b.cert(req.leaf).is_some();
    if leaf_ok {
        b.dfs(&mut vec![req.leaf], &mut Vec::new(), req.now);
    }
    let request = Request {
        now: req.now,
        names: req.names,
        max_intermediates: req.max_intermediates,
    };
    let mut nc_budget = MAX_NC_WORK;
    // Per client: the first path that passes, else the first path's failure.
    let mut verdicts: Vec<(Client, Verdict)> = Vec::new();
    for client in Client::ALL {
        let r = judge_client(&b, client, req, &request, &mut nc_budget, leaf_ok);
        verdicts.push((client, r));
    }
    // The path shown: the one most clients accept, else the first built, else the longest tried.
    let mut votes: HashMap<usize, usize> = HashMap::new();
    for (_, r) in &verdicts {
        if let Ok(k) = r {
            *votes.entry(*k).or_default() += 1;
        }
    }
    let chosen = votes
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
        .map(|(k, _)| *k)
        .or_else(|| (!b.found.is_empty()).then_some(0));
    let chosen_found = chosen.and_then(|k| b.found.get(k));
    let full_path: Vec<usize> = chosen_found
        .map(|f| f.certs.clone())
        .unwrap_or_else(|| b.longest.clone());
    let path: Vec<usize> = full_path
        .iter()
        .copied()
        .filter(|&i| i < pool_len)
        .collect();
    let anchor = chosen_found.map(|f| match f.top {
        Top::Declared => {
            let last = f.certs.last().copied().unwrap_or(0);
            PathAnchor {
                source: AnchorSource::Declared,
                name: b.cert(last).map(|c| c.display.clone()).unwrap_or_default(),
                certificate: (last < pool_len).then_some(last),
            }
        }
        Top::Store(k) => PathAnchor {
            source: AnchorSource::RootStore,
            name: b.store.get(k).map(|s| s.name.clone()).unwrap_or_default(),
            certificate: None,
        },
    });
    let leaf_self_signed = b.cert(req.leaf).is_some_and(|c| c.self_issued);
    let clients: Vec<ClientVerdict> = verdicts
        .into_iter()
        .map(|(client, r)| to_client_verdict(&b, client, r, pool_len, leaf_self_signed))
        .collect();
    let overall = if clients.iter().any(|c| c.outcome == Outcome::Reject) {
        Overall::Fails
    } else if clients.iter().all(|c| c.outcome == Outcome::Accept) {
        Overall::Works
    } else {
        Overall::NotChecked
    };
    // Counted in full, named only in part: the list would otherwise hold the whole pool once per
    // validated chain.
    let mut unused = Vec::new();
    let mut unused_count = 0;
    for i in (0..pool_len).filter(|i| !path.contains(i) && prepared.readable.get(*i) == Some(&true))
    {
        if unused.len() < PathValidation::UNUSED_NAMED {
            unused.push(i);
        }
        unused_count += 1;
    }
    PathValidation {
        overall,
        clients,
        path,
        anchor,
        offered_anchor: b
            .offered
            .filter(|o| !b.anchor.get(*o).copied().unwrap_or(false)),
        unused,
        unused_count,
        names: req.names.to_vec(),
    }
}

/// One client's verdict: the first path it accepts, else the first path's failure, else why no
/// path was found. OpenSSL builds one chain (trusted issuers first, then issuers valid at "now")
/// and judges it; it does not go back to try another when that chain breaks a rule.
fn judge_client(
    b: &Builder<'_>,
    client: Client,
    req: &PathRequest<'_>,
    request: &Request<'_>,
    nc_budget: &mut u64,
    leaf_ok: bool,
) -> Verdict {
    let mut result: Option<Verdict> = None;
    // OpenSSL builds one chain (trusted issuers first, then issuers valid at "now") and
    // judges it; it does not go back to try another when that chain breaks a rule.
    let mut order: Vec<usize> = (0..b.found.len()).collect();
    if b.budget_hit {
        // Past the budget nothing is decided, for any client.
        order.clear();
    } else if client == Client::OpenSsl {
        match b.openssl_walk(req.leaf, req.now) {
            Ok(k) => order = vec![k],
            Err(fail) => return Err((fail, usize::MAX)),
        }
    }
    for k in order {
        let Some(f) = b.found.get(k) else { continue };
        let view = PathView {
            certs: f.certs.iter().filter_map(|&i| b.cert(i)).collect(),
            anchor_cert: f.top == Top::Declared,
            public_anchor: matches!(f.top, Top::Store(_)),
            signatures: f.signatures.clone(),
        };
        match evaluate(&view, client, request, nc_budget) {
            Ok(()) => {
                result = Some(Ok(k));
                break;
            }
            Err(e) => {
                if result.is_none() {
                    result = Some(Err((e, k)));
                }
            }
        }
    }
    result.unwrap_or_else(|| Err((no_path(b, leaf_ok), usize::MAX)))
}

/// Why no path was found for any client: the leaf unreadable, the budget spent, an undeclared
/// root, a bad signature, too long, or no issuer at all.
fn no_path(b: &Builder<'_>, leaf_ok: bool) -> Fail {
    let (rule, depth) = if !leaf_ok {
        (PathRule::Malformed, 0)
    } else if b.budget_hit {
        (PathRule::Budget, b.longest.len().saturating_sub(1))
    } else if let Some(o) = b.offered {
        (
            PathRule::RootNotTrusted,
            b.longest.iter().position(|&i| i == o).unwrap_or(0),
        )
    } else if let Some(d) = b.bad_signature {
        (PathRule::BadSignature, d)
    } else if b.too_long {
        (PathRule::PathTooLong, b.longest.len().saturating_sub(1))
    } else {
        (PathRule::UnknownIssuer, b.longest.len().saturating_sub(1))
    };
    let detail = match rule {
        PathRule::Malformed => "the leaf cannot be read".into(),
        PathRule::RootNotTrusted => "self-signed and given, but not declared trusted".into(),
        PathRule::UnknownIssuer => "its issuer is neither given nor a trusted root".into(),
        PathRule::BadSignature => "its signature does not verify with its issuer's key".into(),
        _ => rule.describe().to_string(),
    };
    Fail {
        rule,
        depth,
        detail,
        unchecked: rule == PathRule::Budget,
    }
}

/// A client's verdict as the report gives it: the rule, the certificate it is about (an index
/// of the pool), and the client's own error text.
fn to_client_verdict(
    b: &Builder<'_>,
    client: Client,
    r: Verdict,
    pool_len: usize,
    leaf_self_signed: bool,
) -> ClientVerdict {
    match r {
        Ok(_) => ClientVerdict {
            client,
            outcome: Outcome::Accept,
            rule: None,
            depth: None,
            certificate: None,
            error: None,
            message: format!("{client} {} this chain", client.verb(true)),
        },
        Err((f, k)) => {
            let on: &[usize] = b
                .found
                .get(k)
                .map(|f| f.certs.as_slice())
                .unwrap_or(&b.longest);
            let certificate = cert_index(on, f.depth, pool_len);
            let who = on
                .get(f.depth)
                .and_then(|&i| b.cert(i))
                .map(|c| format!(" ({}: {})", c.display, f.detail))
                .unwrap_or_else(|| format!(" ({})", f.detail));
            ClientVerdict {
                client,
                outcome: if f.unchecked {
                    Outcome::NotChecked
                } else {
                    Outcome::Reject
                },
                rule: Some(f.rule),
                depth: Some(f.depth),
                certificate,
                error: client_error(client, f.rule, f.depth, leaf_self_signed && f.depth == 0),
                message: if f.unchecked {
                    format!("{client}: not checked, {}{who}", f.rule)
                } else {
                    format!(
                        "{client} {} this chain: {}{who}",
                        client.verb(false),
                        f.rule
                    )
                },
            }
        }
    }
}

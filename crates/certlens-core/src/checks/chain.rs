//! Chain building over a pool of certificates.
//!
//! [`analyse`] takes every certificate found in the user's input (a "pool", in the order it was
//! found) and works out which certificates form chains, in which order, whether the chains reach
//! a root, where something is missing, which certificates are duplicates and which belong to no
//! chain. It does not parse certificates itself: callers fill [`ChainCert`] from whatever parser
//! they use. Signatures are checked with [`crate::x509::verify::verify_signature`].
//!
//! # Definitions
//!
//! * **Duplicates.** Certificates with the same SHA-256 fingerprint. Each group is listed in
//!   [`ChainAnalysis::duplicates`] (lowest `index` first). Only the first of each group (the
//!   *representative*) takes part in everything below; the other copies appear nowhere else.
//!   So every index of the pool is in exactly one of: some chain's `order`, `unrelated`, or a
//!   `duplicates` group at a position other than the first.
//! * **Self-issued.** `subject` equals `issuer` (byte-equal DER, or equal after normalising
//!   PrintableString/UTF8String/IA5String/BMPString values: case-insensitive, outer whitespace
//!   removed, inner whitespace runs collapsed, attribute order inside an RDN ignored).
//! * **Self-signed** ([`is_self_signed`]). Self-issued, the AKI (if any) agrees with the SKI (if
//!   any), and the certificate's signature checked with its own key is not
//!   [`SignatureStatus::Invalid`]. `Unsupported` and `NotChecked` count as self-signed: an Ed448 root whose
//!   signature we cannot check is still treated as a root.
//! * **Candidate issuer.** Certificate P (P is not C) is a candidate issuer of C when P's subject
//!   matches C's issuer (byte-equal or normalised, as above) and, when C has an AKI keyIdentifier
//!   and P has an SKI, the two are equal. Self-signed certificates have no candidate issuers:
//!   a chain ends at them.
//! * **Issuer choice.** The candidates are ranked by: signature status (`Valid`, then
//!   `Unsupported`, then `Invalid`), then AKI/SKI present on both sides and equal, then
//!   byte-equal names (over normalised-equal), then self-signed candidates first (shortest path
//!   to a root), then `is_ca`, then the smallest fingerprint. The *selected issuer* of C is the
//!   best candidate. While a chain is walked, the best candidate that is not already in that
//!   chain is taken, so cross-signed certificates and issuer cycles never loop. At most
//!   [`MAX_CANDIDATES`] candidates are checked per certificate, and a chain is cut at
//!   [`MAX_CHAIN_LEN`] certificates (only hostile input gets near either limit). A chain whose
//!   last certificate's candidates are all already in it is a loop ([`Chain::issuer_loop`]
//!   names where it closes); one stopped by the length limit is `cut`: neither gets a
//!   missing issuer, and each has its own finding (`issuer_loop`, `chain_cut`).
//! * **Leaf.** A representative that is not the selected issuer of any other representative.
//!   Every leaf starts one chain, walked upwards until a self-signed certificate, no candidate
//!   left, or the length limit. Two leaves under one intermediate give two chains that share it.
//!   Certificates that no leaf's chain reaches (they only sit in an issuer cycle such as A
//!   issued by B and B issued by A with nothing under them, or lie beyond the length limit of a
//!   hostile pool) start chains as well: each one still uncovered, smallest fingerprint first.
//! * **Which chains are reported.** A chain of one certificate is a *singleton* (a certificate
//!   whose issuer is not in the pool, or a self-signed certificate with nothing under it). A
//!   *leaf chain* starts at a non-CA certificate (`is_ca == false`) or at a certificate the
//!   caller names as a leaf (the one a private key matches, [`analyse_pool`]).
//!   1. If some leaf chain has two or more certificates, every chain of two or more
//!      certificates is reported.
//!   2. Otherwise, if there are leaf chains (leaves whose issuer is missing, a self-signed
//!      end-entity), those are reported: the leaf always starts a chain, and CA certificates
//!      that did not issue it (the CA's previous intermediate, the other half of a cross-signed
//!      pair, the root above the missing intermediate) are `unrelated`, each named in the
//!      chain's [`MissingIssuer::not_it`](crate::MissingIssuer) with the reason.
//!   3. Otherwise, if there is any chain of two or more certificates (a CA bundle), those are
//!      reported; otherwise the singletons of CA certificates (lone roots, lone intermediates).
//!
//!   Chains starting at a named leaf are reported in every case.
//!
//!   So a pool holding only a root gives one chain of length 1; a pool holding a leaf and an
//!   unrelated root gives the leaf's singleton chain, and the root is `unrelated`.
//! * **Missing issuer.** A reported chain whose last certificate is not self-signed gets a
//!   [`MissingIssuer`](crate::MissingIssuer): the issuer name and Authority Key Identifier to
//!   look for, and every CA certificate of the pool in no reported chain with why it is not
//!   that issuer (its subject differs, or its Subject Key Identifier differs from the AKI).
//!   `ca_issuers` is left empty here (the report fills it from the certificate's AIA).
//! * **Unrelated.** Every representative that is in no reported chain, by index: a lone root or
//!   a CA with nothing under it next to a real chain, a leaf whose issuer is absent while other
//!   chains exist, the root of a leaf whose intermediate is missing (no signature or name ties
//!   it to the leaf, so it is not guessed into the chain).
//! * **Order.** Chains are sorted by their leaf's `index`. Apart from `misordered` and the order
//!   in which chains and `unrelated` are listed, the result does not depend on the order of the
//!   pool: every tie is broken by fingerprint.
//!
//! See [`Chain`] for the per-chain flags.

use crate::model::{
    Chain, Link, MissingIssuer, NotCheckedReason, NotIssuer, NotIssuerReason, SignatureStatus,
};
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::x509::verify::{verify_signature_within, SignatureBudget, Verification};

/// Most candidate issuers whose signature is checked for one certificate.
pub const MAX_CANDIDATES: usize = 8;
/// Longest chain built (real chains have fewer than 10 certificates).
pub const MAX_CHAIN_LEN: usize = 64;
/// Most certificates of one subject name looked at when searching the issuers of a certificate.
const MAX_SCAN: usize = 256;

/// One certificate of the pool, in the form chain building needs.
#[derive(Debug, Clone)]
pub struct ChainCert {
    /// Position in the pool (the JSON contract refers to certificates by this).
    pub index: usize,
    /// Raw DER of the subject Name.
    pub subject: Vec<u8>,
    /// Raw DER of the issuer Name.
    pub issuer: Vec<u8>,
    /// SubjectKeyIdentifier.
    pub ski: Option<Vec<u8>>,
    /// AuthorityKeyIdentifier keyIdentifier.
    pub aki: Option<Vec<u8>>,
    /// DER SubjectPublicKeyInfo.
    pub spki: Vec<u8>,
    /// Raw DER of the TBSCertificate.
    pub tbs: Vec<u8>,
    /// DER of Certificate.signatureAlgorithm.
    pub signature_algorithm: Vec<u8>,
    /// signatureValue BIT STRING content (without the unused-bits byte).
    pub signature: Vec<u8>,
    /// SHA-256 of the certificate DER (duplicates = same fingerprint).
    pub fingerprint: [u8; 32],
    /// basicConstraints cA.
    pub is_ca: bool,
    /// The result of checking this certificate's signature with its own key, when the caller
    /// already knows it (saves a second verification); `None` to check here.
    pub self_signature: Option<SignatureStatus>,
}

/// [`ChainCert`] borrowed: what the analysis works on. The report's certificates are lent
/// as they are (their DER and the ranges of `RawParts`), where a `ChainCert` per certificate
/// was eight allocations and a copy of nearly all its DER, made and freed for each pool.
#[derive(Debug, Clone)]
pub(crate) struct CertView<'a> {
    pub(crate) index: usize,
    pub(crate) subject: &'a [u8],
    pub(crate) issuer: &'a [u8],
    pub(crate) ski: Option<&'a [u8]>,
    pub(crate) aki: Option<&'a [u8]>,
    pub(crate) spki: &'a [u8],
    pub(crate) tbs: &'a [u8],
    pub(crate) signature_algorithm: &'a [u8],
    pub(crate) signature: &'a [u8],
    pub(crate) fingerprint: [u8; 32],
    pub(crate) is_ca: bool,
    pub(crate) self_signature: Option<SignatureStatus>,
}

impl ChainCert {
    fn view(&self) -> CertView<'_> {
        CertView {
            index: self.index,
            subject: &self.subject,
            issuer: &self.issuer,
            ski: self.ski.as_deref(),
            aki: self.aki.as_deref(),
            spki: &self.spki,
            tbs: &self.tbs,
            signature_algorithm: &self.signature_algorithm,
            signature: &self.signature,
            fingerprint: self.fingerprint,
            is_ca: self.is_ca,
            self_signature: self.self_signature.clone(),
        }
    }
}

/// The chain analysis of one pool. See the [module documentation](self) for the definitions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub struct ChainAnalysis {
    /// Reported chains, sorted by leaf index.
    pub chains: Vec<Chain>,
    /// Groups of indices with identical fingerprints (first occurrence first), sorted by first
    /// index; only the first of each group takes part in chains.
    pub duplicates: Vec<Vec<usize>>,
    /// Representatives in no reported chain, by index.
    pub unrelated: Vec<usize>,
}

// ---------------------------------------------------------------------------------------------
// Names

/// Normalised Name: RDNs in order, each the encoding of its attributes (attribute OID DER
/// content, then the value normalised), sorted so that their order inside the RDN does not
/// count. Only compared for equality (and RDN by RDN for directoryName constraints), so one
/// byte string per RDN does: a tuple per attribute cost four allocations each, and every
/// certificate's subject and issuer are normalised for chain building and path validation.
pub(crate) type NormName = Vec<Vec<u8>>;

/// Reads one DER TLV: (tag, content, rest). Only single-byte tags and definite lengths: the
/// lengths are decoded by the crate's one DER reader.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (t, rest) = crate::asn1::read(input)?;
    Some((t.tag(), t.content, rest))
}

/// Appends `bytes` with its length first, so that concatenated fields cannot be confused.
fn push_field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Appends `s` case-folded, outer whitespace removed, inner whitespace runs collapsed to one
/// space.
fn normalise_text(out: &mut Vec<u8>, s: &str) {
    let start = out.len();
    if s.is_ascii() {
        // The same as the general case below for ASCII (char::is_whitespace is exactly
        // U+0009..=U+000D and U+0020 there, and to_lowercase is the ASCII one), without a
        // char iterator per character: most names are ASCII.
        let words = s
            .as_bytes()
            .split(|b| matches!(b, b'\t'..=b'\r' | b' '))
            .filter(|w| !w.is_empty());
        for word in words {
            if out.len() > start {
                out.push(b' ');
            }
            out.extend(word.iter().map(u8::to_ascii_lowercase));
        }
        return;
    }
    let mut utf8 = [0u8; 4];
    for word in s.split_whitespace() {
        if out.len() > start {
            out.push(b' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
    }
}

/// Appends one attribute value: a normalised string (marker 1, then its length and bytes), or
/// any other value as marker 0, its tag, its length and raw content.
fn normalise_value(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    let mut text = |s: &str| {
        out.push(1);
        let len_at = out.len();
        out.extend_from_slice(&[0; 8]);
        normalise_text(out, s);
        let len = (out.len() - len_at - 8) as u64;
        if let Some(slot) = out.get_mut(len_at..len_at + 8) {
            slot.copy_from_slice(&len.to_le_bytes());
        }
    };
    match tag {
        // UTF8String, PrintableString, IA5String
        0x0c | 0x13 | 0x16 => {
            if let Ok(s) = core::str::from_utf8(content) {
                return text(s);
            }
        }
        // BMPString (UTF-16BE)
        0x1e if content.len() % 2 == 0 => {
            let units = content.chunks_exact(2).map(|p| match p {
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0,
            });
            let s: Result<String, _> = char::decode_utf16(units).collect();
            if let Ok(s) = s {
                return text(&s);
            }
        }
        _ => {}
    }
    out.extend_from_slice(&[0, tag]);
    push_field(out, content);
}

/// Normalises a DER Name; `None` when it is not a well-formed Name.
pub(crate) fn normalise_name(der: &[u8]) -> Option<NormName> {
    let (tag, mut rdns, rest) = tlv(der)?;
    if tag != 0x30 || !rest.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    // One RDN's attributes, encoded one after the other, and where each is.
    let mut buf: Vec<u8> = Vec::new();
    let mut spans: Vec<core::ops::Range<usize>> = Vec::new();
    while !rdns.is_empty() {
        let (tag, mut set, rest) = tlv(rdns)?;
        if tag != 0x31 {
            return None;
        }
        rdns = rest;
        buf.clear();
        spans.clear();
        while !set.is_empty() {
            let (tag, atv, rest) = tlv(set)?;
            if tag != 0x30 {
                return None;
            }
            set = rest;
            let (otag, oid, after) = tlv(atv)?;
            if otag != 0x06 {
                return None;
            }
            let (vtag, value, after) = tlv(after)?;
            if !after.is_empty() {
                return None;
            }
            let start = buf.len();
            push_field(&mut buf, oid);
            normalise_value(&mut buf, vtag, value);
            spans.push(start..buf.len());
        }
        // The count, then each attribute length-prefixed, sorted: the encodings are equal
        // exactly when the RDNs hold the same attributes in any order.
        if spans.len() > 1 {
            spans.sort_by(|a, b| buf.get(a.clone()).cmp(&buf.get(b.clone())));
        }
        let mut rdn = Vec::with_capacity(buf.len() + 8 * (spans.len() + 1));
        rdn.extend_from_slice(&(spans.len() as u64).to_le_bytes());
        for span in &spans {
            push_field(&mut rdn, buf.get(span.clone()).unwrap_or_default());
        }
        out.push(rdn);
    }
    Some(out)
}

/// How two names match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameMatch {
    Exact,
    Normalised,
}

/// A name of the pool, interned once per distinct DER: `raw` numbers the distinct DER encodings,
/// `norm` the distinct normalised forms (`None`: not a well-formed Name). Two names are
/// byte-equal exactly when their `raw` are, and normalised-equal when their `norm` are.
#[derive(Debug, Clone, Copy)]
struct NameId {
    raw: usize,
    norm: Option<usize>,
}

fn names_match(a: NameId, b: NameId) -> Option<NameMatch> {
    if a.raw == b.raw {
        return Some(NameMatch::Exact);
    }
    match (a.norm, b.norm) {
        (Some(x), Some(y)) if x == y => Some(NameMatch::Normalised),
        _ => None,
    }
}

/// AKI of the child and SKI of the (possible) issuer: `Some(true)` both present and equal,
/// `Some(false)` both present and different, `None` one is missing.
fn key_ids(aki: Option<&[u8]>, ski: Option<&[u8]>) -> Option<bool> {
    match (aki, ski) {
        (Some(a), Some(s)) => Some(a == s),
        _ => None,
    }
}

/// Self-signed, given whether `cert` is self-issued (subject and issuer match).
fn self_signed_with(cert: &CertView<'_>, self_issued: bool, budget: &SignatureBudget) -> bool {
    self_issued
        && key_ids(cert.aki, cert.ski) != Some(false)
        && match &cert.self_signature {
            Some(s) => *s != SignatureStatus::Invalid,
            None => {
                verify_signature_within(
                    cert.signature_algorithm,
                    cert.tbs,
                    cert.signature,
                    cert.spki,
                    budget,
                )
                .status
                    != SignatureStatus::Invalid
            }
        }
}

/// Is this certificate self-signed: subject == issuer (byte-equal or normalised), AKI and SKI
/// (when both present) agree, and its signature checked with its own key is not `Invalid`
/// (`Valid`, or `Unsupported` for algorithms such as Ed448 that certlens cannot check, or
/// `NotChecked` when the caller did not ask for self-signatures).
pub fn is_self_signed(cert: &ChainCert) -> bool {
    let self_issued = cert.subject == cert.issuer || {
        let s = normalise_name(&cert.subject);
        s.is_some() && s == normalise_name(&cert.issuer)
    };
    self_signed_with(&cert.view(), self_issued, &SignatureBudget::unlimited())
}

// ---------------------------------------------------------------------------------------------
// Analysis

/// Everything known about one representative. `pos` is its position in the input slice.
struct Node<'a> {
    cert: &'a CertView<'a>,
    subject: NameId,
    issuer: NameId,
    self_issued: bool,
    self_signed: bool,
    /// Candidate issuers (node numbers), best first, with the checked signature.
    candidates: Vec<(usize, Verification)>,
}

/// Rank of a candidate issuer before its signature is checked (smaller is better): AKI/SKI
/// equal (0) or not both present (1), name match, not self-signed, not CA, fingerprint.
type PreRank = (u8, NameMatch, bool, bool, [u8; 32]);

fn status_rank(s: &SignatureStatus) -> u8 {
    match s {
        SignatureStatus::Valid => 0,
        SignatureStatus::Unsupported | SignatureStatus::NotChecked => 1,
        SignatureStatus::Invalid => 2,
    }
}

/// Looks at the chains of a pool. See the [module documentation](self) for every definition.
/// Never panics; the work is bounded by [`MAX_CANDIDATES`] signature checks per certificate.
pub fn analyse(certs: &[ChainCert]) -> ChainAnalysis {
    analyse_with(certs, true)
}

/// [`analyse`], optionally without checking link signatures (`verify == false`: every link is
/// reported as `not_checked` with the detail "signature not checked"). Linking then relies on
/// names and key identifiers alone.
pub fn analyse_with(certs: &[ChainCert], verify: bool) -> ChainAnalysis {
    analyse_within(certs, verify, &SignatureBudget::unlimited())
}

/// [`analyse_with`] drawing every signature check on a pool's budget; a check the budget
/// cannot pay for is a `not_checked` link with the reason, and linking then rests on names
/// and key identifiers, as with `verify == false`.
pub fn analyse_within(
    certs: &[ChainCert],
    verify: bool,
    budget: &SignatureBudget,
) -> ChainAnalysis {
    analyse_pool(certs, verify, budget, &[])
}

/// [`analyse_within`], with the pool indices of certificates known to be leaves (those a
/// private key of the input matches): each starts a reported chain even when it is a CA.
pub fn analyse_pool(
    certs: &[ChainCert],
    verify: bool,
    budget: &SignatureBudget,
    leaves: &[usize],
) -> ChainAnalysis {
    let views: Vec<CertView<'_>> = certs.iter().map(ChainCert::view).collect();
    analyse_views(&views, verify, budget, leaves)
}

/// [`analyse_pool`] on borrowed certificates.
pub(crate) fn analyse_views(
    certs: &[CertView<'_>],
    verify: bool,
    budget: &SignatureBudget,
    leaves: &[usize],
) -> ChainAnalysis {
    let (reps, duplicates) = representatives(certs);
    let (mut nodes, names) = make_nodes(&reps, budget);
    let all_candidates = candidates_all(&nodes, names, verify, budget);
    for (n, c) in nodes.iter_mut().zip(all_candidates) {
        n.candidates = c;
    }
    let walks = leaf_walks(&nodes);
    let reported = reported_walks(&nodes, &walks, leaves);

    let mut in_chain = vec![false; nodes.len()];
    let mut chains: Vec<(usize, [u8; 32], Chain)> = Vec::new();
    for w in reported {
        for &i in w {
            if let Some(f) = in_chain.get_mut(i) {
                *f = true;
            }
        }
        if let Some(chain) = build_chain(&nodes, w) {
            let leaf = w.first().and_then(|&i| nodes.get(i));
            let key = leaf
                .map(|n| (n.cert.index, n.cert.fingerprint))
                .unwrap_or_default();
            chains.push((key.0, key.1, chain));
        }
    }
    chains.sort_by_key(|a| (a.0, a.1));

    let mut unrelated: Vec<(usize, [u8; 32])> = nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| in_chain.get(*i) != Some(&true))
        .map(|(_, n)| (n.cert.index, n.cert.fingerprint))
        .collect();
    unrelated.sort();
    name_missing_issuers(&nodes, &in_chain, &mut chains);

    ChainAnalysis {
        chains: chains.into_iter().map(|(_, _, c)| c).collect(),
        duplicates,
        unrelated: unrelated.into_iter().map(|(i, _)| i).collect(),
    }
}

/// Step 1, duplicates: groups by fingerprint, each ordered by (index, position). Representatives
/// come in fingerprint order (the BTreeMap's), so nothing after depends on the input's order.
fn representatives<'a>(certs: &'a [CertView<'a>]) -> (Vec<&'a CertView<'a>>, Vec<Vec<usize>>) {
    // One sort instead of a map of small groups: stable, so equal (fingerprint, index) keep
    // the input's order, as the groups did.
    let mut sorted: Vec<&CertView<'_>> = certs.iter().collect();
    sorted.sort_by_key(|c| (c.fingerprint, c.index));
    let mut duplicates = Vec::new();
    let mut reps: Vec<&CertView<'_>> = Vec::with_capacity(sorted.len());
    for group in sorted.chunk_by(|a, b| a.fingerprint == b.fingerprint) {
        if group.len() > 1 {
            duplicates.push(group.iter().map(|c| c.index).collect::<Vec<_>>());
        }
        if let Some(first) = group.first() {
            reps.push(first);
        }
    }
    duplicates.sort();
    (reps, duplicates)
}

/// How many distinct raw names and normalised names the pool has (see [`NameId`]).
#[derive(Debug, Clone, Copy)]
struct NameCounts {
    raw: usize,
    norm: usize,
}

/// Step 2: nodes with interned names and self-signature. Each distinct name is normalised
/// once (distinct leaves of one CA all name the same issuer), and every later comparison of
/// names is one of numbers.
fn make_nodes<'a>(
    reps: &[&'a CertView<'a>],
    budget: &SignatureBudget,
) -> (Vec<Node<'a>>, NameCounts) {
    let mut raw_ids: HashMap<&'a [u8], NameId> = HashMap::with_capacity(reps.len() + 1);
    let mut norm_ids: HashMap<NormName, usize> = HashMap::new();
    let mut intern = |der: &'a [u8]| -> NameId {
        let next = raw_ids.len();
        *raw_ids.entry(der).or_insert_with(|| {
            let norm = normalise_name(der).map(|n| {
                let k = norm_ids.len();
                *norm_ids.entry(n).or_insert(k)
            });
            NameId { raw: next, norm }
        })
    };
    let nodes = reps
        .iter()
        .map(|&cert| {
            let subject = intern(cert.subject);
            let issuer = intern(cert.issuer);
            let self_issued = names_match(subject, issuer).is_some();
            let self_signed = self_issued && self_signed_with(cert, self_issued, budget);
            Node {
                cert,
                subject,
                issuer,
                self_issued,
                self_signed,
                candidates: Vec::new(),
            }
        })
        .collect();
    let counts = NameCounts {
        raw: raw_ids.len(),
        norm: norm_ids.len(),
    };
    (nodes, counts)
}

/// Step 3: candidate issuers of every node, best first, subjects indexed by raw DER and by
/// normalised form.
fn candidates_all(
    nodes: &[Node<'_>],
    names: NameCounts,
    verify: bool,
    budget: &SignatureBudget,
) -> Vec<Vec<(usize, Verification)>> {
    let mut by_raw: Vec<Vec<usize>> = vec![Vec::new(); names.raw];
    let mut by_norm: Vec<Vec<usize>> = vec![Vec::new(); names.norm];
    for (i, n) in nodes.iter().enumerate() {
        if let Some(v) = by_raw.get_mut(n.subject.raw) {
            v.push(i);
        }
        if let Some(v) = n.subject.norm.and_then(|k| by_norm.get_mut(k)) {
            v.push(i);
        }
    }
    nodes
        .iter()
        .enumerate()
        .map(|(ci, child)| {
            if child.self_signed {
                return Vec::new();
            }
            let mut found: BTreeSet<usize> = BTreeSet::new();
            let raw = by_raw.get(child.issuer.raw).into_iter().flatten();
            let norm = child
                .issuer
                .norm
                .and_then(|k| by_norm.get(k))
                .into_iter()
                .flatten();
            found.extend(raw.take(MAX_SCAN).copied());
            found.extend(norm.take(MAX_SCAN).copied());
            found.remove(&ci);
            candidates_of(nodes, child, found, verify, budget)
        })
        .collect()
}

/// Pre-ranks `found` without signatures, keeps the best few, checks their signatures.
fn candidates_of(
    nodes: &[Node<'_>],
    child: &Node<'_>,
    found: BTreeSet<usize>,
    verify: bool,
    budget: &SignatureBudget,
) -> Vec<(usize, Verification)> {
    let mut pre: Vec<(usize, PreRank)> = found
        .into_iter()
        .filter_map(|pi| {
            let p = nodes.get(pi)?;
            let m = names_match(p.subject, child.issuer)?;
            let ids = key_ids(child.cert.aki, p.cert.ski);
            if ids == Some(false) {
                return None;
            }
            let id_rank = if ids == Some(true) { 0 } else { 1 };
            Some((
                pi,
                (
                    id_rank,
                    m,
                    !p.self_signed,
                    !p.cert.is_ca,
                    p.cert.fingerprint,
                ),
            ))
        })
        .collect();
    pre.sort_by_key(|a| a.1);
    pre.truncate(MAX_CANDIDATES);
    let mut checked: Vec<(usize, Verification, PreRank)> = pre
        .into_iter()
        .filter_map(|(pi, rank)| {
            let p = nodes.get(pi)?;
            let v = if verify {
                verify_signature_within(
                    child.cert.signature_algorithm,
                    child.cert.tbs,
                    child.cert.signature,
                    p.cert.spki,
                    budget,
                )
            } else {
                Verification::not_checked(NotCheckedReason::NotRequested, "signature not checked")
            };
            Some((pi, v, rank))
        })
        .collect();
    checked.sort_by_key(|a| (status_rank(&a.1.status), a.2));
    checked.into_iter().map(|(pi, v, _)| (pi, v)).collect()
}

/// Step 4: leaves (nodes that are not the selected, best, issuer of anyone) each start a walk;
/// then issuer cycles nobody points into, from the smallest fingerprint (= node number).
fn leaf_walks(nodes: &[Node<'_>]) -> Vec<Vec<usize>> {
    let mut selected = vec![false; nodes.len()];
    for p in nodes.iter().filter_map(|n| n.candidates.first().map(|(p, _)| *p)) {
        if let Some(f) = selected.get_mut(p) {
            *f = true;
        }
    }
    let mut walks: Vec<Vec<usize>> = Vec::new();
    let mut covered = vec![false; nodes.len()];
    let cover = |w: &[usize], covered: &mut Vec<bool>| {
        for &i in w {
            if let Some(f) = covered.get_mut(i) {
                *f = true;
            }
        }
    };
    for i in 0..nodes.len() {
        if selected.get(i) != Some(&true) {
            let w = walk(nodes, i);
            cover(&w, &mut covered);
            walks.push(w);
        }
    }
    for i in 0..nodes.len() {
        if covered.get(i) != Some(&true) {
            let w = walk(nodes, i);
            cover(&w, &mut covered);
            walks.push(w);
        }
    }
    walks
}

/// Step 5: which chains are reported (see the module documentation).
fn reported_walks<'w>(
    nodes: &[Node<'_>],
    walks: &'w [Vec<usize>],
    leaves: &[usize],
) -> Vec<&'w Vec<usize>> {
    // A set: one key per leaf makes `leaves` as long as the pool.
    let leaves: HashSet<usize> = leaves.iter().copied().collect();
    let named = |w: &Vec<usize>| {
        w.first()
            .and_then(|&i| nodes.get(i))
            .is_some_and(|n| leaves.contains(&n.cert.index))
    };
    let leafish = |w: &Vec<usize>| {
        named(w)
            || w.first()
                .and_then(|&i| nodes.get(i))
                .is_some_and(|n| !n.cert.is_ca)
    };
    let long = |w: &&Vec<usize>| w.len() >= 2;
    if walks.iter().any(|w| leafish(w) && w.len() >= 2) {
        walks.iter().filter(|w| long(w) || named(w)).collect()
    } else if walks.iter().any(leafish) {
        walks.iter().filter(|w| leafish(w)).collect()
    } else if walks.iter().any(|w| w.len() >= 2) {
        walks.iter().filter(long).collect()
    } else {
        walks.iter().collect()
    }
}

/// Step 6: what each chain whose issuer is absent misses, and which CA certificates are not it.
fn name_missing_issuers(
    nodes: &[Node<'_>],
    in_chain: &[bool],
    chains: &mut [(usize, [u8; 32], Chain)],
) {
    let mut outside: Vec<&Node<'_>> = nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| in_chain.get(*i) != Some(&true) && n.cert.is_ca)
        .map(|(_, n)| n)
        .collect();
    // By pool index, as people read the input; sorted once for every chain that needs it.
    outside.sort_by_key(|n| (n.cert.index, n.cert.fingerprint));
    // Pool index -> node, built once: a scan of the nodes per chain is quadratic on a pool of
    // distinct leaves. Nodes are representatives, so each pool index names at most one.
    let by_index: HashMap<usize, &Node<'_>> = nodes.iter().map(|n| (n.cert.index, n)).collect();
    // Each issuer's name as text, once: distinct leaves of one absent CA all name it.
    let mut texts: HashMap<&[u8], String> = HashMap::new();
    for (_, _, chain) in chains.iter_mut() {
        let Some(top) = chain
            .order
            .last()
            .and_then(|idx| by_index.get(idx).copied())
        else {
            continue;
        };
        // A loop's or a cut chain's issuer is in the input: nothing is missing.
        if top.self_signed || chain.issuer_loop.is_some() || chain.cut {
            continue;
        }
        let issuer = texts
            .entry(top.cert.issuer)
            .or_insert_with(|| name_text(top.cert.issuer))
            .clone();
        chain.missing_issuer = Some(missing_issuer(top, issuer, &outside));
    }
}

/// Most certificates named as not being a chain's missing issuer.
const MAX_NOT_IT: usize = 16;

/// The issuer `top` names (`issuer`, its name as text), and why each CA certificate outside the
/// reported chains (`outside`, in pool order) is not it.
fn missing_issuer(top: &Node<'_>, issuer: String, outside: &[&Node<'_>]) -> MissingIssuer {
    let aki = top.cert.aki.map(crate::x509::cert::hex);
    let not_it = outside
        .iter()
        .take(MAX_NOT_IT)
        .map(|p| {
            let same_name = names_match(p.subject, top.issuer).is_some();
            let (reason, detail) = match (same_name, &aki, &p.cert.ski) {
                (true, Some(a), Some(s)) => (
                    NotIssuerReason::KeyIdMismatch,
                    format!(
                        "same name, but its Subject Key Identifier is {}, not the Authority Key Identifier {a}: it is another key of that CA (a previous or renewed intermediate, or another cross-signed copy)",
                        crate::x509::cert::hex(s)
                    ),
                ),
                _ => (
                    NotIssuerReason::SubjectMismatch,
                    format!(
                        "its subject is {}, not {issuer}{}",
                        name_text(p.cert.subject),
                        if p.self_signed {
                            " (a root: it may be the one above the missing certificate, so keep it)"
                        } else {
                            ""
                        }
                    ),
                ),
            };
            NotIssuer {
                certificate: p.cert.index,
                reason,
                detail,
            }
        })
        .collect();
    MissingIssuer {
        subject: issuer,
        authority_key_id: aki,
        ca_issuers: Vec::new(),
        not_it,
    }
}

/// A DER Name as RFC 4514 text (as the report prints subjects), or a note that it is unreadable.
fn name_text(der: &[u8]) -> String {
    use x509_parser::prelude::FromDer;
    match x509_parser::x509::X509Name::from_der(der) {
        Ok((_, n)) => crate::x509::cert::rfc4514(&n),
        Err(_) => "(an unreadable name)".to_string(),
    }
}

/// Walks up from `start`: the best candidate not yet in the chain, until a self-signed
/// certificate, no candidate, or [`MAX_CHAIN_LEN`].
fn walk(nodes: &[Node<'_>], start: usize) -> Vec<usize> {
    // The chain is its own "seen" set: it is at most MAX_CHAIN_LEN long.
    let mut chain = vec![start];
    let mut cur = start;
    while chain.len() < MAX_CHAIN_LEN {
        let Some(node) = nodes.get(cur) else { break };
        if node.self_signed {
            break;
        }
        let Some(&(next, _)) = node.candidates.iter().find(|(p, _)| !chain.contains(p)) else {
            break;
        };
        chain.push(next);
        cur = next;
    }
    chain
}

fn build_chain(nodes: &[Node<'_>], walk: &[usize]) -> Option<Chain> {
    let certs: Vec<&Node<'_>> = walk.iter().map(|&i| nodes.get(i)).collect::<Option<_>>()?;
    let order: Vec<usize> = certs.iter().map(|n| n.cert.index).collect();
    let misordered = order.windows(2).any(|w| matches!(w, [a, b] if a > b));
    let mut links = Vec::with_capacity(walk.len().saturating_sub(1));
    for pair in walk.windows(2) {
        let [c, p] = pair else { continue };
        let child = nodes.get(*c)?;
        let parent = nodes.get(*p)?;
        let v = child
            .candidates
            .iter()
            .find(|(q, _)| q == p)
            .map(|(_, v)| v.clone())?;
        links.push(Link {
            child: child.cert.index,
            parent: parent.cert.index,
            signature: v.status,
            detail: v.detail,
            reason: v.reason,
        });
    }
    let top = certs.last()?;
    let complete = top.self_signed;
    let root_included = top.self_issued;
    let missing_intermediate = !top.self_signed && !top.cert.is_ca && top.candidates.is_empty();
    // Why the walk stopped short of a root although the top has candidate issuers: every one
    // is already in the chain (a loop), or the length limit (a cut).
    let unseen = |q: &usize| !walk.contains(q);
    let (issuer_loop, cut) = if top.self_signed || top.candidates.is_empty() {
        (None, false)
    } else if top.candidates.iter().any(|(q, _)| unseen(q)) {
        (None, walk.len() >= MAX_CHAIN_LEN)
    } else {
        let back = top
            .candidates
            .first()
            .and_then(|(q, _)| nodes.get(*q))
            .map(|n| n.cert.index);
        (back, false)
    };
    Some(Chain {
        order,
        misordered,
        complete,
        missing_intermediate,
        root_included,
        links,
        missing_issuer: None,
        trust: None,
        validation: None,
        issuer_loop,
        cut,
    })
}

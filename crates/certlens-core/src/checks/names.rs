//! Which host names and IP addresses a set of certificates covers, by the rules of RFC 6125
//! (and RFC 9525, its successor) as TLS clients apply them today.
//!
//! Rules implemented:
//! - comparison is ASCII case-insensitive, and one trailing dot is ignored on either side;
//! - a wildcard is honoured only as the entire leftmost label (`*.example.com`), matches exactly
//!   one label, never the bare parent (`example.com`), and only with at least two labels after it
//!   (`*.com` never matches; there is no public suffix list, so `*.co.uk` is accepted);
//! - a name that parses as an IPv4 or IPv6 address (`std::net::IpAddr`, optionally in `[...]`) is
//!   compared only with IP-address SANs, as addresses (`2001:DB8:0:0:0:0:0:1` == `2001:db8::1`);
//! - internationalised names are compared as A-labels; a U-label (`bücher.example`) is reported
//!   as not covered with a note asking for the `xn--` form (no Punycode here);
//! - the subject Common Name is consulted only for a certificate with no DNS and no IP SANs, and
//!   even then the name is reported as not covered (modern clients require a SAN).
//!
//! Input names may be pasted as URLs or `host:port`; the scheme, path and port are dropped and
//! [`NameCoverage::name`] holds the host actually checked. Empty names are skipped and repeated
//! names (after normalisation) are reported once.

use crate::model::{MatchKind, NameCoverage};
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

/// What one certificate offers.
#[derive(Debug, Clone, Copy)]
pub struct CertNames<'a> {
    pub index: usize,
    pub dns: &'a [String],
    /// Textual IP addresses, e.g. "10.0.0.1", "2001:db8::1".
    pub ip: &'a [String],
    pub common_name: Option<&'a str>,
}

const NOTE_A_LABELS: &str = "enter internationalised names as A-labels (xn--...)";
const NOTE_CN_WITH_SANS: &str = "only the CN matches; clients ignore the CN when SANs are present";
const NOTE_CN_ONLY: &str = "matches only the Common Name; modern clients require a SAN";

/// Parse an IP address as users and certificates write it: trimmed, optionally in brackets.
fn parse_ip(s: &str) -> Option<IpAddr> {
    let t = s.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(t);
    if let Ok(ip) = t.parse::<IpAddr>() {
        return Some(ip);
    }
    // "10.0.0.1." is the same address with a root dot (as URL parsers treat it).
    let t = t.strip_suffix('.')?;
    if t.contains(':') {
        return None;
    }
    t.parse::<IpAddr>().ok()
}

/// Lowercase, trimmed, one trailing dot removed; `None` when empty, non-ASCII, or with an empty
/// label (`a..b`, `.a`).
fn norm_dns(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t.strip_suffix('.').unwrap_or(t);
    if t.is_empty() || !t.is_ascii() || t.split('.').any(str::is_empty) {
        return None;
    }
    Some(t.to_ascii_lowercase())
}

/// A wildcard pattern honoured by RFC 6125: `*` as the whole leftmost label, no other `*`, and
/// at least two labels after it. Returns the parent (`example.com` for `*.example.com`).
fn wildcard_parent(p: &str) -> Option<&str> {
    let rest = p.strip_prefix("*.")?;
    if rest.contains('*') || rest.split('.').count() < 2 {
        return None;
    }
    Some(rest)
}

/// Whether one dNSName SAN (`pattern`) matches one host name.
///
/// Returns `Some(Exact)` or `Some(Wildcard)`, and `None` otherwise, including when `name` is an
/// IP address (those are matched only against IP SANs) or when either side is not ASCII.
pub fn matches_dns(pattern: &str, name: &str) -> Option<MatchKind> {
    if parse_ip(name).is_some() {
        return None;
    }
    let p = norm_dns(pattern)?;
    let n = norm_dns(name)?;
    if p == n {
        return Some(MatchKind::Exact);
    }
    if n.contains('*') {
        // A name typed with a wildcard is only "covered" by that same SAN.
        return None;
    }
    let parent = wildcard_parent(&p)?;
    let (first, n_rest) = n.split_once('.')?;
    if !first.is_empty() && n_rest == parent {
        Some(MatchKind::Wildcard)
    } else {
        None
    }
}

/// Why a SAN that looks related does not cover `name` (both already normalised), if it does.
fn near_miss(p: &str, n: &str) -> Option<String> {
    if !p.contains('*') || n.contains('*') {
        return None;
    }
    if let Some(parent) = wildcard_parent(p) {
        if n == parent {
            return Some(format!(
                "{p} does not cover {n} itself; add {n} as a SAN of its own"
            ));
        }
        if n.ends_with(&format!(".{parent}")) {
            let (_, n_rest) = n.split_once('.')?;
            return Some(format!(
                "{p} covers exactly one label; {n} needs *.{n_rest} or a SAN of its own"
            ));
        }
        return None;
    }
    if let Some(rest) = p.strip_prefix("*.") {
        if !rest.contains('*') {
            return (n == rest || n.ends_with(&format!(".{rest}"))).then(|| {
                format!("{p} is a wildcard over a single-label suffix; clients never honour it")
            });
        }
    }
    // A partial or misplaced wildcard: would it have matched as a glob on a label basis?
    let pl: Vec<&str> = p.split('.').collect();
    let nl: Vec<&str> = n.split('.').collect();
    if pl.len() == nl.len() && pl.iter().zip(&nl).all(|(a, b)| glob_label(a, b)) {
        return Some(format!(
            "{p} has a partial or misplaced wildcard; clients honour '*' only as the whole leftmost label"
        ));
    }
    None
}

/// Label glob with `*` matching any (possibly empty) run of characters; only for explanations.
fn glob_label(pattern: &str, label: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == label;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let first = parts.first().copied().unwrap_or("");
    let last = parts.last().copied().unwrap_or("");
    if label.len() < first.len() + last.len() || !label.starts_with(first) || !label.ends_with(last)
    {
        return false;
    }
    let mut rest = label
        .get(first.len()..label.len() - last.len())
        .unwrap_or("");
    for mid in parts.iter().skip(1).take(parts.len().saturating_sub(2)) {
        match rest.find(mid) {
            Some(pos) => rest = rest.get(pos + mid.len()..).unwrap_or(""),
            None => return false,
        }
    }
    true
}

fn has_sans(c: &CertNames) -> bool {
    !c.dns.is_empty() || !c.ip.is_empty()
}

/// The host names path validation checks: each name as a bare host, without scheme, port or
/// brackets; empty ones dropped.
pub(crate) fn bare_hosts(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| host_of(n))
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_string())
        .filter(|h| !h.is_empty())
        .collect()
}

/// Reduce what a user typed to a host: drop `scheme://`, a path, a query, `user@` and a port.
pub(crate) fn host_of(input: &str) -> String {
    let mut t = input.trim();
    if let Some(pos) = t.find("://") {
        t = t.get(pos + 3..).unwrap_or("");
    }
    if let Some(pos) = t.find(['/', '?', '#']) {
        t = t.get(..pos).unwrap_or("");
    }
    if let Some(pos) = t.rfind('@') {
        t = t.get(pos + 1..).unwrap_or("");
    }
    // [v6]:port
    if t.starts_with('[') {
        if let Some(end) = t.find(']') {
            return t.get(..=end).unwrap_or(t).to_string();
        }
    }
    // host:port (exactly one colon, digits after it); bare IPv6 has several colons.
    if t.matches(':').count() == 1 {
        if let Some((h, port)) = t.split_once(':') {
            if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
                return h.to_string();
            }
        }
    }
    t.to_string()
}

fn uncovered(name: String, note: Option<String>) -> NameCoverage {
    NameCoverage {
        name,
        covered: false,
        certificate: None,
        san: None,
        kind: None,
        note,
        requested_by: None,
    }
}

/// The first of two candidates by their order key.
fn first<K: Ord + Copy, T>(a: Option<(K, T)>, b: Option<(K, T)>) -> Option<(K, T)> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.0 < x.0 { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Most partial or misplaced wildcard SANs (`a*.example.com`, `*foo.example.com`) kept to
/// explain a near miss: they can only be compared one by one, so past this many (only crafted
/// input has them) the explanation is not offered.
const MAX_PARTIAL_WILDCARDS: usize = 1_000;

/// Every name the certificates offer, indexed once, so that checking H names against S SANs
/// costs O(H + S) hash lookups rather than H × S comparisons (300 Ingress hosts against a
/// certificate of 60,000 SANs took 2.6 s). Each map keeps the first entry in the order the
/// checks read certificates: by certificate index, then SAN order — so the answers are those
/// of comparing every pair.
struct NameIndex<'a> {
    /// Normalised dNSName SAN → (certificate, SAN as written).
    exact: HashMap<String, (usize, &'a str)>,
    /// The parent of an RFC 6125 wildcard SAN (`example.com` for `*.example.com`) → the same.
    wild: HashMap<String, (usize, &'a str)>,
    /// iPAddress SANs.
    ip: HashMap<IpAddr, (usize, &'a str)>,
    /// dNSName SANs that are IP addresses (a common mistake).
    dns_ip: HashMap<IpAddr, (usize, &'a str)>,
    /// Common names of certificates without SANs, and with SANs.
    cn_without: CnIndex,
    cn_with: CnIndex,
    /// Near misses, by (certificate position, SAN position), with the certificate and the
    /// normalised SAN: valid wildcards by parent, `*.x` over one label by `x`, and partial
    /// wildcards in order.
    near_parent: HashMap<String, Near>,
    near_single: HashMap<String, Near>,
    partial: Vec<Near>,
}

type Near = ((usize, usize), (usize, String));

/// Common names: normalised, wildcard parent and IP address → certificate.
#[derive(Default)]
struct CnIndex {
    exact: HashMap<String, usize>,
    wild: HashMap<String, usize>,
    ip: HashMap<IpAddr, usize>,
}

impl CnIndex {
    /// The first certificate whose CN matches the normalised name `n` as [`matches_dns`] would.
    fn dns(&self, n: &str) -> Option<usize> {
        let exact = self.exact.get(n).map(|&i| (i, ()));
        let wild = parent_of(n).and_then(|p| self.wild.get(p)).map(|&i| (i, ()));
        first(exact, wild).map(|(i, ())| i)
    }
}

impl<'a> NameIndex<'a> {
    fn new(certs: &[CertNames<'a>]) -> Self {
        let mut sorted: Vec<&CertNames<'a>> = certs.iter().collect();
        sorted.sort_by_key(|c| c.index);
        let mut x = NameIndex {
            exact: HashMap::new(),
            wild: HashMap::new(),
            ip: HashMap::new(),
            dns_ip: HashMap::new(),
            cn_without: CnIndex::default(),
            cn_with: CnIndex::default(),
            near_parent: HashMap::new(),
            near_single: HashMap::new(),
            partial: Vec::new(),
        };
        for (pos, c) in sorted.iter().enumerate() {
            for s in c.ip {
                if let Some(ip) = parse_ip(s) {
                    x.ip.entry(ip).or_insert((c.index, s.as_str()));
                }
            }
            for (sp, s) in c.dns.iter().enumerate() {
                if let Some(ip) = parse_ip(s) {
                    x.dns_ip.entry(ip).or_insert((c.index, s.as_str()));
                }
                let Some(p) = norm_dns(s) else { continue };
                if let Some(parent) = wildcard_parent(&p) {
                    x.wild
                        .entry(parent.to_string())
                        .or_insert((c.index, s.as_str()));
                    x.near_parent
                        .entry(parent.to_string())
                        .or_insert(((pos, sp), (c.index, p.clone())));
                } else if let Some(rest) = p.strip_prefix("*.").filter(|r| !r.contains('*')) {
                    x.near_single
                        .entry(rest.to_string())
                        .or_insert(((pos, sp), (c.index, p.clone())));
                } else if p.contains('*') && x.partial.len() < MAX_PARTIAL_WILDCARDS {
                    x.partial.push(((pos, sp), (c.index, p.clone())));
                }
                x.exact.entry(p).or_insert((c.index, s.as_str()));
            }
            let g = if has_sans(c) {
                &mut x.cn_with
            } else {
                &mut x.cn_without
            };
            if let Some(cn) = c.common_name {
                if let Some(ip) = parse_ip(cn) {
                    g.ip.entry(ip).or_insert(c.index);
                }
                if let Some(p) = norm_dns(cn) {
                    if let Some(parent) = wildcard_parent(&p) {
                        g.wild.entry(parent.to_string()).or_insert(c.index);
                    }
                    g.exact.entry(p).or_insert(c.index);
                }
            }
        }
        x
    }

    /// The first near miss for the normalised name `n` (see [`near_miss`]): the certificate
    /// and why.
    fn near(&self, n: &str) -> Option<(usize, String)> {
        if n.contains('*') {
            return None;
        }
        let mut best: Option<((usize, usize), (usize, String))> = None;
        // `n` itself and each of its suffixes after a dot.
        let suffixes = std::iter::once(n).chain(n.match_indices('.').filter_map(|(i, _)| n.get(i + 1..)));
        for k in suffixes {
            for map in [&self.near_parent, &self.near_single] {
                if let Some((order, (cert, p))) = map.get(k) {
                    if let Some(why) = near_miss(p, n) {
                        best = first(best, Some((*order, (*cert, why))));
                    }
                }
            }
        }
        for (order, (cert, p)) in &self.partial {
            if best.as_ref().is_some_and(|b| b.0 < *order) {
                break;
            }
            if let Some(why) = near_miss(p, n) {
                best = first(best, Some((*order, (*cert, why))));
                break;
            }
        }
        best.map(|(_, found)| found)
    }
}

/// What a wildcard SAN must have as its parent to cover the normalised name `n`.
fn parent_of(n: &str) -> Option<&str> {
    if n.contains('*') {
        return None;
    }
    let (head, rest) = n.split_once('.')?;
    (!head.is_empty()).then_some(rest)
}

fn check_ip(name: String, ip: IpAddr, x: &NameIndex<'_>) -> NameCoverage {
    // Covered: an IP SAN equal as an address, first certificate by index.
    if let Some(&(index, san)) = x.ip.get(&ip) {
        return NameCoverage {
            name,
            covered: true,
            certificate: Some(index),
            san: Some(san.to_string()),
            kind: Some(MatchKind::Ip),
            note: None,
            requested_by: None,
        };
    }
    // CN of a certificate without SANs (legacy clients only).
    if let Some(&index) = x.cn_without.ip.get(&ip) {
        return NameCoverage {
            name,
            covered: false,
            certificate: Some(index),
            san: None,
            kind: Some(MatchKind::CommonNameOnly),
            note: Some(NOTE_CN_ONLY.to_string()),
            requested_by: None,
        };
    }
    // Common mistake: the address written as a DNS-name SAN.
    if let Some(&(index, s)) = x.dns_ip.get(&ip) {
        return NameCoverage {
            name,
            covered: false,
            certificate: Some(index),
            san: None,
            kind: None,
            note: Some(format!(
                "{} appears as a DNS-name SAN; clients accept an IP address only from an IP-address SAN (IP:{ip})",
                s.trim()
            )),
            requested_by: None,
        };
    }
    if let Some(&index) = x.cn_with.ip.get(&ip) {
        return NameCoverage {
            name,
            covered: false,
            certificate: Some(index),
            san: None,
            kind: Some(MatchKind::CommonNameOnly),
            note: Some(NOTE_CN_WITH_SANS.to_string()),
            requested_by: None,
        };
    }
    uncovered(name, None)
}

fn check_dns(name: String, x: &NameIndex<'_>) -> NameCoverage {
    let n = norm_dns(&name);
    let exact = n
        .as_deref()
        .and_then(|n| x.exact.get(n))
        .map(|&(i, s)| (i, (s, MatchKind::Exact)));
    let wild = n
        .as_deref()
        .and_then(parent_of)
        .and_then(|p| x.wild.get(p))
        .map(|&(i, s)| (i, (s, MatchKind::Wildcard)));
    // The first certificate that matches; within it an exact SAN before a wildcard.
    if let Some((index, (san, kind))) = first(exact, wild) {
        return NameCoverage {
            name,
            covered: true,
            certificate: Some(index),
            san: Some(san.to_string()),
            kind: Some(kind),
            note: None,
            requested_by: None,
        };
    }
    let Some(n) = n else {
        return uncovered(name, None);
    };
    // A certificate without SANs whose CN matches, then one with SANs whose CN alone matches.
    for (g, note) in [(&x.cn_without, NOTE_CN_ONLY), (&x.cn_with, NOTE_CN_WITH_SANS)] {
        if let Some(index) = g.dns(&n) {
            return NameCoverage {
                name,
                covered: false,
                certificate: Some(index),
                san: None,
                kind: Some(MatchKind::CommonNameOnly),
                note: Some(note.to_string()),
                requested_by: None,
            };
        }
    }
    // Explain a near miss of a wildcard SAN.
    if let Some((index, why)) = x.near(&n) {
        return NameCoverage {
            name,
            covered: false,
            certificate: Some(index),
            san: None,
            kind: None,
            note: Some(why),
            requested_by: None,
        };
    }
    uncovered(name, None)
}

/// Check every name against every certificate. One result per distinct non-empty name, in input
/// order.
pub fn check_names(names: &[String], certs: &[CertNames]) -> Vec<NameCoverage> {
    let index = NameIndex::new(certs);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for raw in names {
        let name = host_of(raw);
        if name.trim().is_empty() {
            continue;
        }
        let key = match parse_ip(&name) {
            Some(ip) => ip.to_string(),
            None => {
                let t = name.trim();
                t.strip_suffix('.').unwrap_or(t).to_lowercase()
            }
        };
        if !seen.insert(key) {
            continue;
        }
        let result = if let Some(ip) = parse_ip(&name) {
            check_ip(name, ip, &index)
        } else if !name.is_ascii() {
            uncovered(name, Some(NOTE_A_LABELS.to_string()))
        } else if norm_dns(&name).is_none() {
            uncovered(
                name,
                Some("not a valid host name (empty label)".to_string()),
            )
        } else {
            check_dns(name, &index)
        };
        out.push(result);
    }
    out
}

/// Which certificate covers each name (RFC 6125), over the certificates a server could present:
/// each chain's leaf, and certificates that are not CAs. A CA or root that happens to carry the
/// name covers nothing (clients match the name on the leaf only), and neither does a certificate
/// that issued another one of the input.
pub fn cover_names(report: &crate::model::Report, names_to_check: &[String]) -> Vec<NameCoverage> {
    let issuers: std::collections::BTreeSet<usize> = report
        .chains
        .iter()
        .flat_map(|ch| ch.order.iter().skip(1).copied())
        .collect();
    let leaves: std::collections::BTreeSet<usize> = report
        .chains
        .iter()
        .filter_map(|ch| ch.order.first().copied())
        .collect();
    let certs: Vec<CertNames<'_>> = report
        .certificates
        .iter()
        .filter(|c| !issuers.contains(&c.index) && (leaves.contains(&c.index) || !c.is_ca))
        .map(|c| CertNames {
            index: c.index,
            dns: &c.san.dns,
            ip: &c.san.ip,
            common_name: c.common_name.as_deref(),
        })
        .collect();
    let mut coverage = check_names(names_to_check, &certs);
    // Certificate requests and no certificate: the user is preparing a request, so each
    // name says whether the request asks for it (a certificate issued from it would cover it).
    if report.certificates.is_empty() && report.public_keys.iter().any(|k| k.csr.is_some()) {
        for n in coverage.iter_mut().filter(|n| !n.covered) {
            let by = requested_by(report, &n.name);
            n.requested_by = by.map(|k| k.index);
            n.note = Some(match by {
                Some(k) => format!(
                    "no certificate yet; the request {} asks for it, so a certificate issued from it covers it",
                    k.location
                ),
                None => "no certificate yet, and the certificate request does not ask for it"
                    .to_string(),
            });
        }
    }
    coverage
}

/// The first certificate request of the report that asks for `name` (as
/// [`NameCoverage::name`] holds it).
pub(crate) fn requested_by<'r>(
    report: &'r crate::model::Report,
    name: &str,
) -> Option<&'r crate::model::PublicKeyReport> {
    report.public_keys.iter().find(|k| {
        k.csr
            .as_ref()
            .is_some_and(|c| c.names.iter().any(|n| n.covered && n.name == name))
    })
}

//! Host names and name constraints, per client.

use std::net::IpAddr;

use super::cert::{Nc, PCert, Subtree};
use crate::model::{Client, PathRule};

/// A DNS name as browsers accept it in a SAN: letters, digits, hyphens and dots, an optional
/// leading `*.`, no empty label.
pub(super) fn valid_dns(name: &str) -> bool {
    let n = name.strip_prefix("*.").unwrap_or(name);
    !n.is_empty()
        && n.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// Whether a SAN pattern (or a CN) matches `host`, as `client` matches them.
fn dns_pattern_matches(pattern: &str, host: &str, client: Client) -> bool {
    let p = pattern.trim_end_matches('.').to_ascii_lowercase();
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    if p.is_empty() || h.is_empty() || !p.is_ascii() {
        return false;
    }
    if client == Client::Browser && !valid_dns(&p) {
        return false;
    }
    if p == h {
        return true;
    }
    let Some((first, rest)) = p.split_once('.') else {
        return false;
    };
    if !first.contains('*') || rest.contains('*') {
        return false;
    }
    // Partial wildcards (`f*.example.com`) only where the client allows them, never on an
    // IDNA label; the wildcard needs this many labels after it.
    let partial_ok = matches!(client, Client::OpenSsl | Client::Java);
    if first != "*" && (!partial_ok || first.starts_with("xn--") || first.matches('*').count() > 1)
    {
        return false;
    }
    let min_after = if matches!(client, Client::Go | Client::Java) {
        1
    } else {
        2
    };
    if rest.split('.').count() < min_after {
        return false;
    }
    let Some((hfirst, hrest)) = h.split_once('.') else {
        return false;
    };
    if hrest != rest || hfirst.is_empty() {
        return false;
    }
    match first.split_once('*') {
        Some((pre, post)) => {
            hfirst.len() >= pre.len() + post.len()
                && hfirst.starts_with(pre)
                && hfirst.ends_with(post)
        }
        None => false,
    }
}

/// The leaf covers `host` (a DNS name or an IP address) for `client`.
pub(super) fn host_matches(c: &PCert, host: &str, client: Client) -> bool {
    if let Ok(ip) = host.parse::<IpAddr>() {
        let want: Vec<u8> = match ip {
            IpAddr::V4(a) => a.octets().to_vec(),
            IpAddr::V6(a) => a.octets().to_vec(),
        };
        return c.san.as_ref().is_some_and(|s| s.ip.contains(&want));
    }
    let dns: &[String] = c.san.as_ref().map(|s| s.dns.as_slice()).unwrap_or_default();
    if !dns.is_empty() {
        return dns.iter().any(|p| dns_pattern_matches(p, host, client));
    }
    // No DNS SAN: OpenSSL and Java fall back to the subject CN; Go and browsers do not.
    match client {
        Client::OpenSsl | Client::Java => c
            .common_names
            .iter()
            .any(|cn| dns_pattern_matches(cn, host, client)),
        _ => false,
    }
}

fn dns_within(name: &str, constraint: &str) -> bool {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let c = constraint.to_ascii_lowercase();
    if c.is_empty() {
        return true;
    }
    if let Some(sub) = c.strip_prefix('.') {
        return n.len() > sub.len() && n.ends_with(&c);
    }
    n == c || n.ends_with(&format!(".{c}"))
}

/// A wildcard SAN `*.base` may name something inside the excluded subtree `c`.
fn wildcard_hits(base: &str, c: &str) -> bool {
    let c = c.trim_start_matches('.');
    dns_within(base, c) || dns_within(c, base)
}

fn ip_within(addr: &[u8], constraint: &[u8]) -> bool {
    let n = addr.len();
    if constraint.len() != 2 * n {
        return false;
    }
    let (net, mask) = constraint.split_at(n);
    addr.iter()
        .zip(net)
        .zip(mask)
        .all(|((a, b), m)| a & m == b & m)
}

fn mask_ok(constraint: &[u8]) -> bool {
    if constraint.len() != 8 && constraint.len() != 32 {
        return false;
    }
    let (_, mask) = constraint.split_at(constraint.len() / 2);
    let mut ones = true;
    for &b in mask {
        for i in (0..8).rev() {
            let bit = b >> i & 1 == 1;
            if bit && !ones {
                return false;
            }
            ones &= bit;
        }
    }
    true
}

fn email_within(email: &str, c: &str) -> bool {
    let e = email.to_ascii_lowercase();
    let c = c.to_ascii_lowercase();
    if c.contains('@') {
        return e == c;
    }
    let Some((_, domain)) = e.rsplit_once('@') else {
        return false;
    };
    if c.starts_with('.') {
        domain.ends_with(&c)
    } else {
        domain == c
    }
}

/// Whether a nameConstraints extension is one `client` refuses outright.
pub(super) fn nc_invalid(nc: &Nc, on_leaf: bool, client: Client) -> Option<String> {
    let all = || {
        nc.permitted
            .iter()
            .flatten()
            .chain(nc.excluded.iter().flatten())
    };
    for s in all() {
        match s {
            Subtree::Ip(b) if !mask_ok(b) => {
                return Some("an iPAddress constraint with a malformed address or mask".into())
            }
            Subtree::Dns(d) if d.contains('*') && client != Client::OpenSsl => {
                return Some(format!("a dNSName constraint with a wildcard ({d})"))
            }
            Subtree::Dns(d) if client == Client::Browser && d.starts_with('.') => {
                return Some(format!("a dNSName constraint with a leading period ({d})"))
            }
            _ => {}
        }
    }
    // Go and the browsers check only DNS, IP, email (and URI) constraints; a critical
    // extension with another kind is refused whole.
    let unsupported = |s: &Subtree| match s {
        Subtree::Dir(_) => matches!(client, Client::Go | Client::Browser),
        Subtree::Other(_) => client == Client::Go,
        _ => false,
    };
    if all().any(unsupported) {
        return Some("a name-constraint type this client does not support".into());
    }
    let empty = nc.permitted.as_ref().is_none_or(Vec::is_empty)
        && nc.excluded.as_ref().is_none_or(Vec::is_empty);
    if empty && matches!(client, Client::Go | Client::Browser) {
        return Some("a nameConstraints extension with no subtrees".into());
    }
    if on_leaf && client == Client::Browser {
        return Some("nameConstraints on an end-entity certificate".into());
    }
    None
}

/// What one subtree list says about a name of one kind: `Some(true)` a member matched,
/// `Some(false)` the list constrains this kind and none matched, `None` no constraint of it.
fn any_of<F: Fn(&Subtree) -> Option<bool>>(list: &[Subtree], f: F) -> Option<bool> {
    let mut seen = false;
    for s in list {
        match f(s) {
            Some(true) => return Some(true),
            Some(false) => seen = true,
            None => {}
        }
    }
    seen.then_some(false)
}

/// Names of `c` that a CA's name constraints apply to, checked; the first violation.
pub(super) fn nc_violation(
    nc: &Nc,
    c: &PCert,
    is_leaf: bool,
    client: Client,
    budget: &mut u64,
) -> Option<(PathRule, String)> {
    let permitted = nc.permitted.as_deref().unwrap_or_default();
    let excluded = nc.excluded.as_deref().unwrap_or_default();
    let cost = ((permitted.len() + excluded.len()) as u64).max(1);
    let mut check = |what: String,
                     f: &dyn Fn(&Subtree) -> Option<bool>|
     -> Option<Option<(PathRule, String)>> {
        if *budget < cost {
            return Some(Some((PathRule::Budget, "name-constraint work".into())));
        }
        *budget -= cost;
        if any_of(excluded, f) == Some(true) {
            return Some(Some((
                PathRule::NameConstraints,
                format!("{what} is in an excluded subtree"),
            )));
        }
        if any_of(permitted, f) == Some(false) {
            return Some(Some((
                PathRule::NameConstraints,
                format!("{what} is not in a permitted subtree"),
            )));
        }
        None
    };
    let empty = super::cert::San::default();
    let san = c.san.as_ref().unwrap_or(&empty);
    for d in &san.dns {
        // OpenSSL and Java match a SAN against constraints as a plain string.
        let literal = matches!(client, Client::OpenSsl | Client::Java);
        let valid = literal || valid_dns(d);
        let wildcard = d
            .strip_prefix("*.")
            .filter(|_| !literal)
            .map(str::to_string);
        let f = |s: &Subtree| match s {
            Subtree::Dns(k) => Some(if !valid {
                false
            } else if let Some(base) = &wildcard {
                dns_within(base, k) && !dns_within(k, base) || wildcard_hits(base, k)
            } else {
                dns_within(d, k)
            }),
            _ => None,
        };
        // An invalid DNS SAN can be neither permitted nor safely excluded.
        if !valid && (any_of(permitted, f).is_some() || any_of(excluded, f).is_some()) {
            return Some((
                PathRule::NameConstraints,
                format!("DNS:{d} is not a valid name"),
            ));
        }
        if let Some(base) = &wildcard {
            if let Some(v) = wildcard_violation(d, base, permitted, excluded) {
                return Some(v);
            }
            continue;
        }
        if let Some(v) = check(format!("DNS:{d}"), &f) {
            return v;
        }
    }
    for ip in &san.ip {
        let ok_len = ip.len() == 4 || ip.len() == 16 || client == Client::Java;
        let f = |s: &Subtree| match s {
            Subtree::Ip(k) => Some(ok_len && ip_within(ip, k)),
            _ => None,
        };
        if !ok_len && any_of(permitted, f).is_some() {
            return Some((
                PathRule::NameConstraints,
                "an IP SAN of the wrong length".into(),
            ));
        }
        if let Some(v) = check(format!("IP:{}", crate::x509::cert::ip_string(ip)), &f) {
            return v;
        }
    }
    for e in &san.email {
        let f = |s: &Subtree| match s {
            Subtree::Email(k) => Some(email_within(e, k)),
            _ => None,
        };
        if let Some(v) = check(format!("email:{e}"), &f) {
            return v;
        }
    }
    let dir_f = |name: &Option<crate::checks::chain::NormName>| {
        let name = name.clone();
        move |s: &Subtree| match s {
            Subtree::Dir(k) => Some(match (&name, k) {
                (Some(n), Some(k)) => n.len() >= k.len() && n.iter().zip(k).all(|(a, b)| a == b),
                _ => false,
            }),
            _ => None,
        }
    };
    if !c.subject_empty {
        if let Some(v) = check("the subject".into(), &dir_f(&c.subject)) {
            return v;
        }
    }
    for d in &san.dirs {
        if let Some(v) = check("a directoryName SAN".into(), &dir_f(d)) {
            return v;
        }
    }
    if let Some(v) = unmatchable_types(san, permitted, excluded) {
        return Some(v);
    }
    // OpenSSL also holds a leaf's CN to dNSName constraints when it has no DNS SAN.
    if is_leaf && matches!(client, Client::OpenSsl | Client::Java) && san.dns.is_empty() {
        for cn in &c.common_names {
            if !cn.contains('.') || cn.contains(' ') {
                continue;
            }
            let f = |s: &Subtree| match s {
                Subtree::Dns(k) => Some(dns_within(cn, k)),
                _ => None,
            };
            if let Some(v) = check(format!("CN={cn}"), &f) {
                return v;
            }
        }
    }
    None
}

/// A wildcard DNS SAN against dNSName constraints: excluded when it overlaps an excluded
/// subtree at all, permitted only when the whole wildcard lies inside a permitted one.
fn wildcard_violation(
    d: &str,
    base: &str,
    permitted: &[Subtree],
    excluded: &[Subtree],
) -> Option<(PathRule, String)> {
    let ex = |s: &Subtree| match s {
        Subtree::Dns(k) => Some(wildcard_hits(base, k)),
        _ => None,
    };
    let pe = |s: &Subtree| match s {
        Subtree::Dns(k) => Some(dns_within(base, k) || dns_within(d, k)),
        _ => None,
    };
    if any_of(excluded, ex) == Some(true) {
        return Some((
            PathRule::NameConstraints,
            format!("DNS:{d} may name an excluded host"),
        ));
    }
    if any_of(permitted, pe) == Some(false) {
        return Some((
            PathRule::NameConstraints,
            format!("DNS:{d} is not in a permitted subtree"),
        ));
    }
    None
}

/// Name types the clients cannot match (otherName, ...): refused when constrained.
fn unmatchable_types(
    san: &super::cert::San,
    permitted: &[Subtree],
    excluded: &[Subtree],
) -> Option<(PathRule, String)> {
    for t in &san.other {
        let f = |s: &Subtree| match s {
            Subtree::Other(k) if k == t => Some(false),
            _ => None,
        };
        if any_of(excluded, f).is_some() || any_of(permitted, f).is_some() {
            return Some((
                PathRule::NameConstraintsInvalid,
                "a name type constrained that this client cannot check".into(),
            ));
        }
    }
    None
}

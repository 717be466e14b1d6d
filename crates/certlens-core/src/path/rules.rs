//! The rules each client applies to one complete path, in the order clients report them.
//!
//! Where the families differ (from their sources: OpenSSL's x509_vfy.c / v3_purp.c with
//! `-x509_strict`, OpenJDK's PKIX checkers, Go's crypto/x509 verify.go, pyca/cryptography's
//! and rustls-webpki's CA/Browser Forum policies), the difference is written next to the rule.

use super::cert::{
    PCert, WeakHash, KU_DIGITAL_SIGNATURE, KU_KEY_AGREEMENT, KU_KEY_CERT_SIGN, KU_KEY_ENCIPHERMENT,
};
use super::names::{host_matches, nc_invalid, nc_violation, valid_dns};
use crate::model::{Client, PathRule, PublicKeyAlgorithm, SignatureStatus};
use Client::{Browser, Go, Java, OpenSsl};

/// rustls-webpki's limit on intermediates (pyca's is larger).
const BROWSER_MAX_INTERMEDIATES: usize = 6;

/// A rule broken, at a path position (0 = leaf).
#[derive(Debug, Clone)]
pub(super) struct Fail {
    pub rule: PathRule,
    pub depth: usize,
    pub detail: String,
    /// certlens could not decide (a signature it cannot verify): not a rejection.
    pub unchecked: bool,
}

fn fail(rule: PathRule, depth: usize, detail: impl Into<String>) -> Result<(), Fail> {
    Err(Fail {
        rule,
        depth,
        detail: detail.into(),
        unchecked: false,
    })
}

/// One complete path as the rules see it.
pub(super) struct PathView<'a> {
    /// Leaf first. When `anchor_cert` is true the last one is the trust anchor itself.
    pub certs: Vec<&'a PCert>,
    pub anchor_cert: bool,
    /// The anchor is from the public root store (Java's SHA-1 rule depends on it).
    pub public_anchor: bool,
    /// Status of each signature `certs[i]` ← issuer (`certs[i + 1]` or the store anchor).
    pub signatures: Vec<SignatureStatus>,
}

/// Everything about the request that is not the path.
pub(super) struct Request<'a> {
    pub now: i64,
    pub names: &'a [String],
    pub max_intermediates: Option<usize>,
}

fn key_rules(c: &PCert, d: usize, client: Client) -> Result<(), Fail> {
    let k = &c.key;
    let bits = k.bits.unwrap_or(0);
    match &k.algorithm {
        PublicKeyAlgorithm::Rsa | PublicKeyAlgorithm::RsaPss => {
            if bits < 1024 {
                return fail(PathRule::WeakKey, d, format!("an RSA key of {bits} bits"));
            }
            if client == Browser && bits < 2048 {
                return fail(PathRule::WeakKey, d, format!("an RSA key of {bits} bits"));
            }
        }
        PublicKeyAlgorithm::Ec => {
            if k.explicit_curve {
                return fail(
                    PathRule::WeakKey,
                    d,
                    "an EC key with explicit curve parameters",
                );
            }
            let curve = k.curve.as_deref().unwrap_or("");
            let named = matches!(curve, "P-256" | "P-384" | "P-521");
            if !named && !k.explicit_curve {
                match client {
                    OpenSsl if bits >= 160 => {}
                    Browser => return fail(PathRule::WeakKey, d, format!("an EC key on {curve}")),
                    _ => {
                        return fail(
                            PathRule::UnsupportedAlgorithm,
                            d,
                            format!("an EC key on {curve}"),
                        )
                    }
                }
            }
        }
        PublicKeyAlgorithm::Dsa => match client {
            Browser => return fail(PathRule::WeakKey, d, "a DSA key"),
            // Go reads a DSA leaf key; it cannot verify a DSA signature.
            Go if d > 0 => return fail(PathRule::UnsupportedAlgorithm, d, "a DSA key"),
            _ if bits < 1024 => {
                return fail(PathRule::WeakKey, d, format!("a DSA key of {bits} bits"))
            }
            _ => {}
        },
        PublicKeyAlgorithm::Ed25519 => {}
        other => {
            if client != OpenSsl {
                return fail(PathRule::UnsupportedAlgorithm, d, format!("a {other} key"));
            }
        }
    }
    Ok(())
}

/// Checks that need no other certificate: encoding, serial, key identifiers, names.
fn cert_rules(c: &PCert, d: usize, is_anchor: bool, client: Client) -> Result<(), Fail> {
    if let Some(m) = &c.malformed {
        return fail(PathRule::Malformed, d, m.clone());
    }
    if let Some(m) = &c.bad_extension {
        // A subjectAltName that cannot be read stops OpenSSL too; other unreadable extensions
        // only Go and the browsers.
        if matches!(client, Go | Browser) || (client == OpenSsl && c.bad_san) {
            return fail(PathRule::Malformed, d, m.clone());
        }
    }
    if c.alg_mismatch {
        return fail(
            PathRule::Malformed,
            d,
            "the signature algorithm differs inside and outside the signed part",
        );
    }
    if c.eku.as_ref().is_some_and(|e| e.empty) && client != Go {
        return fail(PathRule::Malformed, d, "an empty extendedKeyUsage");
    }
    let negative = c.serial.first().is_some_and(|b| b & 0x80 != 0);
    if negative && matches!(client, Go | Browser) {
        return fail(PathRule::Serial, d, "a negative serial number");
    }
    if client == Browser && !is_anchor && c.serial.len() > 20 {
        return fail(
            PathRule::Serial,
            d,
            format!("a serial number of {} octets", c.serial.len()),
        );
    }
    if matches!(client, OpenSsl | Browser) && c.issuer_empty {
        return fail(PathRule::Malformed, d, "an empty issuer name");
    }
    if matches!(client, OpenSsl | Browser | Java)
        && c.subject_empty
        && (c.is_ca() || c.san.as_ref().is_none_or(|s| !s.critical))
    {
        return fail(
            PathRule::Malformed,
            d,
            "an empty subject without a critical subjectAltName",
        );
    }
    // Key identifiers: OpenSSL's -x509_strict wants an AKI on every certificate but a trust
    // anchor, and an SKI on CAs; pyca wants the leaf's AKI; Go refuses either marked critical.
    match &c.aki {
        None if (client == OpenSsl && !is_anchor) || (client == Browser && d == 0) => {
            return fail(PathRule::KeyIdentifiers, d, "no Authority Key Identifier")
        }
        Some(a) if a.critical && matches!(client, OpenSsl | Browser | Go) => {
            return fail(
                PathRule::KeyIdentifiers,
                d,
                "a critical Authority Key Identifier",
            )
        }
        _ => {}
    }
    match &c.ski {
        None if c.is_ca() && client == OpenSsl => {
            return fail(
                PathRule::KeyIdentifiers,
                d,
                "a CA without Subject Key Identifier",
            )
        }
        Some((_, true)) if matches!(client, OpenSsl | Browser | Go | Java) => {
            return fail(
                PathRule::KeyIdentifiers,
                d,
                "a critical Subject Key Identifier",
            )
        }
        _ => {}
    }
    // OpenSSL holds a self-signed root's AKI to its SKI (keyIdentifier alone, the same).
    if client == OpenSsl && is_anchor && c.self_issued {
        if let Some(a) = &c.aki {
            let differs = match (&a.key_id, &c.ski) {
                (Some(k), Some((s, _))) => k != s,
                (Some(_), None) => true,
                _ => false,
            };
            if a.other_fields || differs {
                return fail(
                    PathRule::KeyIdentifiers,
                    d,
                    "a root whose AKI is not its own SKI",
                );
            }
        }
    }
    if client == Browser
        && is_anchor
        && c.self_issued
        && c.aki.as_ref().is_some_and(|a| a.key_id.is_none())
    {
        return fail(
            PathRule::KeyIdentifiers,
            d,
            "a root AKI without keyIdentifier",
        );
    }
    if client == Browser && c.san.as_ref().is_some_and(|s| s.critical) && !c.subject_empty {
        return fail(
            PathRule::Malformed,
            d,
            "a critical subjectAltName beside a subject",
        );
    }
    Ok(())
}

fn validity(c: &PCert, d: usize, now: i64, client: Client) -> Result<(), Fail> {
    // OpenSSL counts the notAfter second itself as expired; RFC 5280 and the others do not.
    if now > c.not_after || (client == OpenSsl && now == c.not_after) {
        return fail(
            PathRule::Expired,
            d,
            format!("expired ({})", crate::timefmt::rfc3339(c.not_after)),
        );
    }
    if now < c.not_before {
        return fail(
            PathRule::NotYetValid,
            d,
            format!("valid from {}", crate::timefmt::rfc3339(c.not_before)),
        );
    }
    Ok(())
}

fn ca_rules(
    p: &PathView<'_>,
    c: &PCert,
    d: usize,
    is_anchor: bool,
    client: Client,
) -> Result<(), Fail> {
    // Trust anchors: OpenSSL (-x509_strict) and the browsers hold a root certificate to the
    // CA rules; Go and Java only refuse a v3 root that says it is not a CA.
    if is_anchor && matches!(client, Go | Java) {
        if c.version >= 2 && !c.is_ca() {
            return fail(PathRule::IssuerNotCa, d, "basicConstraints cA is not set");
        }
        return Ok(());
    }
    match c.bc {
        Some((true, _, critical)) => {
            if !critical && matches!(client, OpenSsl | Browser) {
                return fail(
                    PathRule::BasicConstraintsNotCritical,
                    d,
                    "basicConstraints not critical",
                );
            }
        }
        _ => {
            return fail(
                PathRule::IssuerNotCa,
                d,
                if c.version == 0 {
                    "a v1 certificate"
                } else {
                    "basicConstraints cA is not set"
                },
            );
        }
    }
    match c.ku {
        Some((bits, _)) if bits & KU_KEY_CERT_SIGN == 0 => {
            return fail(PathRule::NoKeyCertSign, d, "keyUsage without keyCertSign")
        }
        None if matches!(client, OpenSsl | Browser) && c.version >= 2 => {
            return fail(PathRule::NoKeyCertSign, d, "a CA without keyUsage")
        }
        _ => {}
    }
    // pathLenConstraint: intermediates below this CA; self-issued ones do not count (RFC 5280
    // §6.1.4 (l)) for OpenSSL and Java; Go and the browsers count every intermediate.
    if let Some((true, Some(max), _)) = c.bc {
        let below = p
            .certs
            .iter()
            .take(d)
            .skip(1)
            .filter(|x| matches!(client, Go | Browser) || !x.self_issued)
            .count();
        if below > max as usize {
            return fail(
                PathRule::PathLenExceeded,
                d,
                format!("pathLenConstraint {max}, {below} intermediates below"),
            );
        }
    }
    if let Some(e) = &c.eku {
        let any_ok = matches!(client, Go | Browser);
        let allowed = e.server_auth
            || (any_ok && e.any)
            || client == Java
            || (is_anchor && client == OpenSsl);
        if !allowed {
            return fail(
                PathRule::IntermediateEkuNoServerAuth,
                d,
                "extendedKeyUsage without serverAuth",
            );
        }
    }
    Ok(())
}

fn leaf_rules(c: &PCert, client: Client, req: &Request<'_>) -> Result<(), Fail> {
    match &c.eku {
        Some(e) if e.critical && client == Browser => {
            return fail(
                PathRule::LeafEkuNoServerAuth,
                0,
                "a critical extendedKeyUsage",
            )
        }
        Some(e)
            if !(e.server_auth
                || (e.any && matches!(client, Java | Go))
                || (e.empty && client == Go)) =>
        {
            return fail(
                PathRule::LeafEkuNoServerAuth,
                0,
                "extendedKeyUsage without serverAuth",
            )
        }
        _ => {}
    }
    if c.is_ca() && client == Browser {
        return fail(PathRule::CaAsLeaf, 0, "the leaf is a CA certificate");
    }
    if let Some((bits, _)) = c.ku {
        if bits & KU_KEY_CERT_SIGN != 0 && !c.is_ca() && matches!(client, OpenSsl | Browser) {
            return fail(
                PathRule::LeafKeyUsage,
                0,
                "keyCertSign on a certificate that is not a CA",
            );
        }
        let tls = KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT;
        if bits & tls == 0 && matches!(client, OpenSsl | Java | Browser) {
            return fail(
                PathRule::LeafKeyUsage,
                0,
                "keyUsage allows no TLS server use",
            );
        }
        // Java's TLS server checks want digitalSignature on an EC key.
        if client == Java
            && c.key.algorithm == PublicKeyAlgorithm::Ec
            && bits & KU_DIGITAL_SIGNATURE == 0
        {
            return fail(
                PathRule::LeafKeyUsage,
                0,
                "an EC key without digitalSignature",
            );
        }
    }
    if client == Browser && c.san.is_none() {
        return fail(PathRule::HostnameMismatch, 0, "no subjectAltName");
    }
    if matches!(client, Browser | Java) {
        if let Some(bad) = c.san.iter().flat_map(|s| &s.dns).find(|d| !valid_dns(d)) {
            return fail(
                PathRule::Malformed,
                0,
                format!("DNS:{bad} is not a valid host name"),
            );
        }
    }
    for host in req.names {
        if !host_matches(c, host, client) {
            return fail(
                PathRule::HostnameMismatch,
                0,
                format!("does not cover {host}"),
            );
        }
    }
    Ok(())
}

/// The first rule `client` finds broken on this path, or `Ok`.
pub(super) fn evaluate(
    p: &PathView<'_>,
    client: Client,
    req: &Request<'_>,
    nc_budget: &mut u64,
) -> Result<(), Fail> {
    let n = p.certs.len();
    let is_anchor = |i: usize| p.anchor_cert && i + 1 == n;
    if client == OpenSsl {
        openssl_issuer_rules(p)?;
    }
    for (i, c) in p.certs.iter().enumerate() {
        if is_anchor(i) && client == Java {
            continue; // Java trusts the anchor's key and name, not its certificate
        }
        cert_rules(c, i, is_anchor(i), client)?;
        validity(c, i, req.now, client)?;
    }
    for (i, c) in p.certs.iter().enumerate() {
        if is_anchor(i) && client == Java {
            continue;
        }
        // The leaf's key signs the handshake, not the path: browsers judge it there.
        if !(i == 0 && client == Browser) {
            key_rules(c, i, client)?;
        }
        if is_anchor(i) {
            continue;
        }
        // OpenSSL 3 at its default security level still accepts MD5 and SHA-1 certificate
        // signatures (oracle-checked); Java refuses SHA-1 only below a JDK root.
        match c.weak_hash {
            Some(WeakHash::Md5) if client != OpenSsl => {
                return fail(PathRule::WeakSignatureHash, i, "an MD5 signature")
            }
            Some(WeakHash::Sha1) if client != OpenSsl && (client != Java || p.public_anchor) => {
                return fail(PathRule::WeakSignatureHash, i, "a SHA-1 signature")
            }
            _ => {}
        }
    }
    for (i, c) in p.certs.iter().enumerate() {
        let anchor = is_anchor(i);
        let checks_all = matches!(client, OpenSsl | Browser | Go);
        if c.unknown_critical && (!anchor || checks_all) {
            return fail(
                PathRule::UnknownCriticalExtension,
                i,
                "an unknown critical extension",
            );
        }
        if i > 0 {
            ca_rules(p, c, i, anchor, client)?;
        }
    }
    depth_limit(p, client, req)?;
    name_constraints(p, client, nc_budget)?;
    if let Some(leaf) = p.certs.first() {
        if let Some(nc) = &leaf.nc {
            if let Some(why) = nc_invalid(nc, true, client) {
                return fail(PathRule::NameConstraintsInvalid, 0, why);
            }
        }
        leaf_rules(leaf, client, req)?;
    }
    for (i, s) in p.signatures.iter().enumerate() {
        if *s != SignatureStatus::Valid {
            return Err(Fail {
                rule: PathRule::UnsupportedAlgorithm,
                depth: i,
                detail: "a signature certlens cannot verify".into(),
                unchecked: true,
            });
        }
    }
    Ok(())
}

/// OpenSSL's own issuer rules: a trusted certificate must be a root (no `-partial_chain`), and
/// an issuer is taken only when the child's AKI names its SKI.
fn openssl_issuer_rules(p: &PathView<'_>) -> Result<(), Fail> {
    let n = p.certs.len();
    if let (true, Some(last)) = (p.anchor_cert, p.certs.last()) {
        if !last.self_issued {
            return fail(
                PathRule::UnknownIssuer,
                n - 1,
                "a trusted certificate that is not a root (OpenSSL needs -partial_chain)",
            );
        }
    }
    // OpenSSL takes an issuer only when the child's AKI names its SKI.
    for (i, pair) in p.certs.windows(2).enumerate() {
        if let [c, parent] = pair {
            let aki = c.aki.as_ref().and_then(|a| a.key_id.as_ref());
            if let (Some(a), Some((s, _))) = (aki, &parent.ski) {
                if a != s {
                    return fail(
                        PathRule::UnknownIssuer,
                        i,
                        "its AKI does not name the issuer's SKI",
                    );
                }
            }
        }
    }
    Ok(())
}

/// The number of intermediates a client allows (a caller's limit, e.g. nginx's verify depth).
fn depth_limit(p: &PathView<'_>, client: Client, req: &Request<'_>) -> Result<(), Fail> {
    let n = p.certs.len();
    // A depth limit counts every intermediate. Java's PKIX has none by default; rustls-webpki
    // allows six intermediates.
    let last = n.saturating_sub(if p.anchor_cert { 1 } else { 0 });
    // Java leaves self-issued intermediates out of the count, as pathLenConstraint does.
    let inter = p
        .certs
        .iter()
        .take(last)
        .skip(1)
        .filter(|c| client != Java || !c.self_issued)
        .count();
    let limit = match (req.max_intermediates, client) {
        // Java's maxPathLength 0 means "no limit set" in the oracle's PKIX parameters.
        (Some(0) | None, Java) => None,
        (Some(m), Browser) => Some(m.min(BROWSER_MAX_INTERMEDIATES)),
        (None, Browser) => Some(BROWSER_MAX_INTERMEDIATES),
        (m, _) => m,
    };
    if let Some(max) = limit {
        if inter > max {
            // OpenSSL stops at the first certificate past its depth (`openssl verify
            // -verify_depth 1` with two intermediates: "error 22 at 2 depth lookup").
            let depth = if client == OpenSsl {
                max.saturating_add(1).min(n.saturating_sub(1))
            } else {
                n.saturating_sub(1)
            };
            return fail(
                PathRule::PathTooLong,
                depth,
                format!("{inter} intermediates, at most {max} allowed"),
            );
        }
    }
    Ok(())
}

/// Name constraints, from the top down: each CA's constraints against every certificate below it.
fn name_constraints(p: &PathView<'_>, client: Client, nc_budget: &mut u64) -> Result<(), Fail> {
    let n = p.certs.len();
    let is_anchor = |i: usize| p.anchor_cert && i + 1 == n;
    // Name constraints, from the top down; self-issued intermediates are not subject to them.
    for (k, ca) in p.certs.iter().enumerate().skip(1).rev() {
        let Some(nc) = &ca.nc else { continue };
        if is_anchor(k) && client == Java {
            continue; // a TrustAnchor made from a certificate carries no constraints
        }
        if let Some(why) = nc_invalid(nc, false, client) {
            return fail(PathRule::NameConstraintsInvalid, k, why);
        }
        for (j, c) in p.certs.iter().enumerate().take(k) {
            if j > 0 && c.self_issued && matches!(client, OpenSsl | Java) {
                continue;
            }
            if let Some((rule, why)) = nc_violation(nc, c, j == 0, client, nc_budget) {
                if rule == PathRule::Budget {
                    return Err(Fail {
                        rule,
                        depth: k,
                        detail: why,
                        unchecked: true,
                    });
                }
                return fail(rule, j, why);
            }
        }
    }
    Ok(())
}

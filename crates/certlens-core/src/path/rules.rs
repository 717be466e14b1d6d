//! The rules each client applies to one complete path, in the order clients report them.
//!
//! Where the families differ (from their sources: OpenSSL's x509_vfy.c / v3_purp.c with
//! `-x509_strict`, OpenJDK's PKIX checkers, Go's crypto/x509 verify.go, pyca/cryptography's
//! and rustls-webpki's CA/Browser Forum policies), the difference is written next to the rule.

use super::cert::{PCert, WeakHash, KU_DIGITAL_SIGNATURE, KU_KEY_AGREEMENT, KU_KEY_CERT_SIGN, KU_KEY_ENCIPHERMENT};
use super::names::{host_matches, nc_invalid, nc_violation, valid_dns};
use crate::model::{Client, PathRule, SignatureStatus};
use Client::{Browser, Go, Java, OpenSsl};

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
    match k.algorithm.as_str() {
        "rsa" | "rsa-pss" => {
            if bits < 1024 {
                return fail(PathRule::WeakKey, d, format!("an RSA key of {bits} bits"));
            }
            if client == Browser && (bits < 2048 || bits % 8 != 0) {
                return fail(PathRule::WeakKey, d, format!("an RSA key of {bits} bits"));
            }
        }
        "ec" => {
            if k.explicit_curve && client != Java {
                return fail(PathRule::WeakKey, d, "an EC key with explicit curve parameters");
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
        "dsa" => match client {
            Browser => return fail(PathRule::WeakKey, d, "a DSA key"),
            Go => return fail(PathRule::UnsupportedAlgorithm, d, "a DSA key"),
            _ if bits < 1024 => return fail(PathRule::WeakKey, d, format!("a DSA key of {bits} bits")),
            _ => {}
        },
        "ed25519" => {}
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
    let strict = matches!(client, OpenSsl | Browser);
    if let Some(m) = &c.malformed {
        return fail(PathRule::Malformed, d, m.clone());
    }
    if c.alg_mismatch {
        return fail(PathRule::Malformed, d, "the signature algorithm differs inside and outside the signed part");
    }
    if c.eku.as_ref().is_some_and(|e| e.empty) {
        return fail(PathRule::Malformed, d, "an empty extendedKeyUsage");
    }
    let negative = c.serial.first().is_some_and(|b| b & 0x80 != 0);
    if negative && matches!(client, Go | Browser) {
        return fail(PathRule::Serial, d, "a negative serial number");
    }
    if client == Browser && !is_anchor {
        let zero = c.serial.iter().all(|&b| b == 0);
        if zero {
            return fail(PathRule::Serial, d, "serial number zero");
        }
        if c.serial.len() > 20 {
            return fail(PathRule::Serial, d, format!("a serial number of {} octets", c.serial.len()));
        }
    }
    if strict {
        if c.issuer_empty {
            return fail(PathRule::Malformed, d, "an empty issuer name");
        }
        if c.subject_empty && (c.is_ca() || c.san.as_ref().is_none_or(|s| !s.critical)) {
            return fail(PathRule::Malformed, d, "an empty subject without a critical subjectAltName");
        }
        // A trust anchor is trusted for its key and name: its own AKI names nothing needed.
        match &c.aki {
            None if !is_anchor => {
                return fail(PathRule::KeyIdentifiers, d, "no Authority Key Identifier")
            }
            Some(a) if a.critical => {
                return fail(PathRule::KeyIdentifiers, d, "a critical Authority Key Identifier")
            }
            _ => {}
        }
        match &c.ski {
            None if c.is_ca() => return fail(PathRule::KeyIdentifiers, d, "a CA without Subject Key Identifier"),
            Some((_, true)) => return fail(PathRule::KeyIdentifiers, d, "a critical Subject Key Identifier"),
            _ => {}
        }
    }
    if client == Browser {
        if let Some(a) = &c.aki {
            if a.key_id.is_none() || a.other_fields {
                return fail(PathRule::KeyIdentifiers, d, "an Authority Key Identifier without keyIdentifier alone");
            }
            if is_anchor && c.self_issued {
                if let (Some(k), Some((s, _))) = (&a.key_id, &c.ski) {
                    if k != s {
                        return fail(PathRule::KeyIdentifiers, d, "a root whose AKI is not its SKI");
                    }
                }
            }
        }
        if c.san.as_ref().is_some_and(|s| s.critical) && !c.subject_empty {
            return fail(PathRule::Malformed, d, "a critical subjectAltName beside a subject");
        }
        if c.policy_constraints == Some(false) {
            return fail(PathRule::Malformed, d, "a non-critical policyConstraints");
        }
    }
    Ok(())
}

fn validity(c: &PCert, d: usize, now: i64) -> Result<(), Fail> {
    if now > c.not_after {
        return fail(PathRule::Expired, d, format!("expired ({})", crate::timefmt::rfc3339(c.not_after)));
    }
    if now < c.not_before {
        return fail(PathRule::NotYetValid, d, format!("valid from {}", crate::timefmt::rfc3339(c.not_before)));
    }
    Ok(())
}

fn ca_rules(p: &PathView<'_>, c: &PCert, d: usize, is_anchor: bool, client: Client) -> Result<(), Fail> {
    // Trust anchors: Go and Java judge only their key and name; OpenSSL (-x509_strict) and the
    // CA/B profile hold a root certificate to the CA rules too. A v1 self-signed root is a
    // CA for OpenSSL.
    let checks_anchor = matches!(client, OpenSsl | Browser);
    if is_anchor && !checks_anchor {
        return Ok(());
    }
    match c.bc {
        Some((true, _, critical)) => {
            if !critical && matches!(client, OpenSsl | Browser) {
                return fail(PathRule::BasicConstraintsNotCritical, d, "basicConstraints not critical");
            }
        }
        _ => {
            let v1_root = c.version == 0 && is_anchor && c.self_issued && client == OpenSsl;
            if !v1_root {
                return fail(
                    PathRule::IssuerNotCa,
                    d,
                    if c.version == 0 { "a v1 certificate" } else { "basicConstraints cA is not set" },
                );
            }
        }
    }
    match c.ku {
        Some((bits, _)) if bits & KU_KEY_CERT_SIGN == 0 && client != Go => {
            return fail(PathRule::NoKeyCertSign, d, "keyUsage without keyCertSign")
        }
        None if matches!(client, OpenSsl | Browser) && c.version >= 2 => {
            return fail(PathRule::NoKeyCertSign, d, "a CA without keyUsage")
        }
        _ => {}
    }
    // pathLenConstraint: intermediates below this CA; self-issued ones do not count (RFC 5280
    // §6.1.4 (l)), except for Go, which counts every intermediate.
    if let Some((true, Some(max), _)) = c.bc {
        let below = p
            .certs
            .iter()
            .take(d)
            .skip(1)
            .filter(|x| client == Go || !x.self_issued)
            .count();
        if below > max as usize {
            return fail(PathRule::PathLenExceeded, d, format!("pathLenConstraint {max}, {below} intermediates below"));
        }
    }
    if let Some(e) = &c.eku {
        let any_ok = client == Go;
        if is_anchor && client == Browser {
            return fail(PathRule::IntermediateEkuNoServerAuth, d, "a root with extendedKeyUsage");
        }
        if !e.server_auth && !(any_ok && e.any) && client != Java && !(is_anchor && client == OpenSsl) {
            return fail(PathRule::IntermediateEkuNoServerAuth, d, "extendedKeyUsage without serverAuth");
        }
    }
    Ok(())
}

fn leaf_rules(c: &PCert, client: Client, req: &Request<'_>) -> Result<(), Fail> {
    match &c.eku {
        None if client == Browser => return fail(PathRule::LeafEkuNoServerAuth, 0, "no extendedKeyUsage"),
        Some(e) if e.any && client == Browser => {
            return fail(PathRule::LeafEkuNoServerAuth, 0, "anyExtendedKeyUsage in a leaf")
        }
        Some(e) if e.critical && client == Browser => {
            return fail(PathRule::LeafEkuNoServerAuth, 0, "a critical extendedKeyUsage")
        }
        Some(e) if !e.server_auth && !(e.any && matches!(client, Java | Go)) => {
            return fail(PathRule::LeafEkuNoServerAuth, 0, "extendedKeyUsage without serverAuth")
        }
        _ => {}
    }
    if c.is_ca() && client == Browser {
        return fail(PathRule::CaAsLeaf, 0, "the leaf is a CA certificate");
    }
    if let Some((bits, _)) = c.ku {
        if bits & KU_KEY_CERT_SIGN != 0 && !c.is_ca() && matches!(client, OpenSsl | Browser) {
            return fail(PathRule::LeafKeyUsage, 0, "keyCertSign on a certificate that is not a CA");
        }
        let tls = KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT;
        if bits & tls == 0 && matches!(client, OpenSsl | Java | Browser) {
            return fail(PathRule::LeafKeyUsage, 0, "keyUsage allows no TLS server use");
        }
    }
    if client == Browser && c.san.is_none() {
        return fail(PathRule::HostnameMismatch, 0, "no subjectAltName");
    }
    if client == Browser {
        if let Some(bad) = c.san.iter().flat_map(|s| &s.dns).find(|d| !valid_dns(d)) {
            return fail(PathRule::Malformed, 0, format!("DNS:{bad} is not a valid host name"));
        }
    }
    for host in req.names {
        if !host_matches(c, host, client) {
            return fail(PathRule::HostnameMismatch, 0, format!("does not cover {host}"));
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
    for (i, c) in p.certs.iter().enumerate() {
        if is_anchor(i) && client == Java {
            continue; // Java trusts the anchor's key and name, not its certificate
        }
        cert_rules(c, i, is_anchor(i), client)?;
        validity(c, i, req.now)?;
    }
    for (i, c) in p.certs.iter().enumerate() {
        if is_anchor(i) && client == Java {
            continue;
        }
        key_rules(c, i, client)?;
        if is_anchor(i) {
            continue;
        }
        match c.weak_hash {
            Some(WeakHash::Md5) => return fail(PathRule::WeakSignatureHash, i, "an MD5 signature"),
            Some(WeakHash::Sha1) if client != Java || p.public_anchor => {
                return fail(PathRule::WeakSignatureHash, i, "a SHA-1 signature")
            }
            _ => {}
        }
    }
    for (i, c) in p.certs.iter().enumerate() {
        let anchor = is_anchor(i);
        let checks_all = matches!(client, OpenSsl | Browser);
        if c.unknown_critical && (!anchor || checks_all) {
            return fail(PathRule::UnknownCriticalExtension, i, "an unknown critical extension");
        }
        if i > 0 {
            ca_rules(p, c, i, anchor, client)?;
        }
    }
    // A caller's depth limit counts intermediates as pathLenConstraint does (self-issued ones
    // are free).
    let last = n.saturating_sub(if p.anchor_cert { 1 } else { 0 });
    let inter = p.certs.iter().take(last).skip(1).filter(|c| !c.self_issued).count();
    if let Some(max) = req.max_intermediates {
        if inter > max {
            return fail(PathRule::PathTooLong, n.saturating_sub(1), format!("{inter} intermediates, at most {max} allowed"));
        }
    }
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
            if j > 0 && c.self_issued {
                continue;
            }
            if let Some((rule, why)) = nc_violation(nc, c, j == 0, client, nc_budget) {
                return fail(rule, if rule == PathRule::Budget { k } else { j }, why);
            }
        }
    }
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

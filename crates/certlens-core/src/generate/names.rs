//! The names a certificate is made for: DNS names (a leading `*.` wildcard allowed) and IP
//! addresses, checked before anything is generated so that a typo is an error, not a certificate
//! no client accepts.

use super::MakeError;

/// Most names one certificate or request may carry (public CAs allow 100).
pub const MAX_NAMES: usize = 100;

/// One Subject Alternative Name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SanName {
    Dns(String),
    /// 4 or 16 bytes.
    Ip(Vec<u8>),
}

fn dns_problem(name: &str) -> Option<String> {
    if name.len() > 253 {
        return Some("is longer than 253 characters".to_string());
    }
    let labels: Vec<&str> = name.split('.').collect();
    for (i, label) in labels.iter().enumerate() {
        if label.is_empty() {
            return Some("has an empty label (two dots in a row, or a dot at an end)".to_string());
        }
        if *label == "*" {
            if i != 0 {
                return Some("has a wildcard that is not the whole first label".to_string());
            }
            if labels.len() < 3 {
                return Some(
                    "is a wildcard over a top-level domain or a single label; clients reject it"
                        .to_string(),
                );
            }
            continue;
        }
        if label.len() > 63 {
            return Some(format!("has a label longer than 63 characters ({label})"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Some(format!(
                "has a character a DNS name cannot hold in {label:?} (letters, digits and '-' only; write an internationalised name in its xn-- form)"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!(
                "has a label that starts or ends with '-' ({label})"
            ));
        }
    }
    None
}

/// Reads the names given (DNS names lower-cased, IP addresses as such), without repeats, in
/// the order given. Empty entries are skipped; no name at all is [`MakeError::NoNames`].
pub(crate) fn parse_names(given: &[String]) -> Result<Vec<(String, SanName)>, MakeError> {
    let mut out: Vec<(String, SanName)> = Vec::new();
    for raw in given {
        let t = raw.trim().trim_end_matches('.');
        if t.is_empty() {
            continue;
        }
        let san = if let Ok(ip) = t.parse::<std::net::Ipv4Addr>() {
            (t.to_string(), SanName::Ip(ip.octets().to_vec()))
        } else if let Ok(ip) = t.trim_matches(['[', ']']).parse::<std::net::Ipv6Addr>() {
            (ip.to_string(), SanName::Ip(ip.octets().to_vec()))
        } else {
            let lower = t.to_ascii_lowercase();
            if let Some(reason) = dns_problem(&lower) {
                return Err(MakeError::InvalidName {
                    name: raw.clone(),
                    reason,
                });
            }
            (lower.clone(), SanName::Dns(lower))
        };
        if !out.iter().any(|(n, _)| *n == san.0) {
            out.push(san);
        }
        if out.len() > MAX_NAMES {
            return Err(MakeError::TooManyNames { max: MAX_NAMES });
        }
    }
    if out.is_empty() {
        return Err(MakeError::NoNames);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        let ok = parse_names(&[
            "App.Example.com.".into(),
            "10.0.0.1".into(),
            "*.x.example".into(),
            "::1".into(),
        ])
        .unwrap();
        assert_eq!(ok.len(), 4);
        assert_eq!(ok[0].0, "app.example.com");
        assert_eq!(ok[1].1, SanName::Ip(vec![10, 0, 0, 1]));
        for bad in ["a..b", "-a.b", "a_b.c", "*.com", "a.*.b"] {
            assert!(
                matches!(
                    parse_names(&[bad.into()]),
                    Err(MakeError::InvalidName { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_names(&[" ".into()]),
            Err(MakeError::NoNames)
        ));
    }
}

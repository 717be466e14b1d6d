//! `certificate.security_pinned_hashes`.

use super::*;
use crate::checks::pinlist::parse_pin_list;
use crate::input::yaml::pin_entries;

// ---- certificate.security_pinned_hashes -----------------------------------------------------

pub(super) fn pins(cx: &mut Ctx<'_>, served: Option<&Served>) {
    // Every item counts, a non-scalar one as an empty (wrong) entry, so that "entry N" is the
    // user's Nth item.
    let entries: Vec<String> = pin_entries(at(&cx.v.doc, path::PINNED_HASHES))
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    if entries.is_empty() {
        return; // pinning not used: nothing to check
    }
    let mut b = cx.builder(path::PINNED_HASHES);
    let mut normalized: Vec<Option<String>> = Vec::new();
    let (mut upper, mut lower) = (0usize, 0usize);
    for (i, raw) in entries.iter().enumerate() {
        let pos = i + 1;
        let parsed = parse_pin_list(raw).into_iter().next();
        let is_hex64 = raw.len() == 64 && raw.bytes().all(|c| c.is_ascii_hexdigit());
        if is_hex64 {
            let has_upper = raw.bytes().any(|c| c.is_ascii_uppercase());
            let has_lower = raw.bytes().any(|c| c.is_ascii_lowercase());
            if has_upper && has_lower {
                b.warn(
                    format!("entry {pos} mixes upper and lower case"),
                    "write every pin in one case (the docs use upper case)",
                );
            }
            upper += usize::from(has_upper);
            lower += usize::from(has_lower && !has_upper);
            normalized.push(Some(raw.to_ascii_lowercase()));
            continue;
        }
        match parsed.as_ref().and_then(|p| p.normalized.clone()) {
            Some(n) => {
                // The same pin already written as hex elsewhere in the list: this entry goes.
                let twin = entries.iter().position(|e| {
                    e.len() == 64
                        && e.bytes().all(|c| c.is_ascii_hexdigit())
                        && e.eq_ignore_ascii_case(&n)
                });
                b.error(
                    format!("entry {pos} ({}) is a pin, but not written as 64 hex characters: the chart compares hex text", short(raw)),
                    match twin {
                        Some(t) => format!("remove it: it is entry {}'s pin again, in Base64", t + 1),
                        None => format!("write it as {}", n.to_ascii_uppercase()),
                    },
                );
                normalized.push(Some(n));
            }
            None => {
                let why = parsed
                    .and_then(|p| p.error)
                    .unwrap_or_else(|| "not a SHA-256 pin".to_string());
                b.error(
                    format!("entry {pos} ({}) is not 64 hex characters: {why}", short(raw)),
                    "replace it with the SHA-256 pin of the certificate's public key, 64 hex characters (certlens's security_pinned_hashes output lists it)",
                );
                normalized.push(None);
            }
        }
    }
    if upper > 0 && lower > 0 {
        b.warn(
            format!("the list mixes cases: {upper} entries in upper case, {lower} in lower case; the docs say to keep one style"),
            "write every pin in upper case, as the docs' examples do",
        );
    }
    let Some(s) = served.filter(|s| s.check.leaf().is_some()) else {
        b.not_checked(
            "whether the served certificate's pin is in the list: the served certificate was not available",
            "give the certificate (certificate.tls.crt, or the Secret certificate.existing_cert names)",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let report = &s.check.report;
    let leaf = s.check.leaf();
    let leaf_pin = leaf
        .map(|l| l.spki_sha256.to_ascii_lowercase())
        .unwrap_or_default();
    let known = |pin: &str| -> Option<String> {
        report
            .certificates
            .iter()
            .find(|c| c.spki_sha256.eq_ignore_ascii_case(pin))
            .map(|c| format!("certificate {}", cert_label(c)))
            .or_else(|| {
                report
                    .private_keys
                    .iter()
                    .find(|k| {
                        k.spki_sha256
                            .as_deref()
                            .is_some_and(|p| p.eq_ignore_ascii_case(pin))
                    })
                    .map(|_| "the private key".to_string())
            })
    };
    for (i, n) in normalized.iter().enumerate() {
        let Some(pin) = n else { continue };
        if *pin == leaf_pin {
            b.note(format!(
                "entry {} pins the served certificate {}",
                i + 1,
                leaf.map(cert_label).unwrap_or_default()
            ));
        } else if let Some(what) = known(pin) {
            b.note(format!("entry {} pins {what}", i + 1));
        } else {
            b.warn(
                format!("entry {} ({}…) matches nothing given: an old key or a typo", i + 1, pin.get(..16).unwrap_or(pin)),
                "remove it, unless it is the next key of a planned rotation (then keep it until the rotation is done)",
            );
        }
    }
    if !normalized.iter().flatten().any(|p| *p == leaf_pin) {
        b.error(
            format!(
                "the served certificate's pin ({}) is not in the list: agents that pin reject the server",
                leaf_pin.to_ascii_uppercase()
            ),
            format!("add {} to certificate.security_pinned_hashes", leaf_pin.to_ascii_uppercase()),
        );
    }
    cx.out.push(b.finish(format!(
        "{} {}, 64 hex characters each, one case; the served certificate's pin is among them",
        entries.len(),
        if entries.len() == 1 {
            "entry"
        } else {
            "entries"
        }
    )));
    let next = next_renewal(cx, &normalized, &leaf_pin, report);
    cx.out.push(next);
}

/// Which listed pins still match after the next renewal (issue 29): the served key's pin only
/// if the renewal keeps the key; a pin of a key that is given but not served is a next key
/// pinned ahead and matches once that key is served; any other pin matches only if the renewed
/// certificate happens to carry it. One line per pin, so the user sees the whole plan.
fn next_renewal(
    cx: &Ctx<'_>,
    normalized: &[Option<String>],
    leaf_pin: &str,
    report: &crate::model::Report,
) -> Verdict {
    let mut b = Builder::new(
        format!("{} (next renewal)", path::PINNED_HASHES),
        &cx.v.source,
        line_of(&cx.v.text, &["certificate", "security_pinned_hashes"]),
    );
    let (mut served_entry, mut ahead) = (None, Vec::new());
    for (i, n) in normalized.iter().enumerate() {
        let Some(pin) = n else { continue };
        let pos = i + 1;
        let head = pin.get(..16).unwrap_or(pin).to_ascii_uppercase();
        if pin == leaf_pin {
            served_entry.get_or_insert(pos);
            b.note(format!("entry {pos} ({head}…) is the served key's pin: it still matches after the renewal only if the renewal keeps the key (a CSR made with the current key); a renewal with a new key drops it"));
        } else if let Some(ca) = report
            .certificates
            .iter()
            .find(|c| c.is_ca && c.spki_sha256.eq_ignore_ascii_case(pin))
        {
            // The backend advertises its own certificate's pin only: a CA's never matches.
            b.note(format!("entry {pos} ({head}…) pins the CA certificate {}, not a server key: it matches neither now nor after the renewal", cert_label(ca)));
        } else if let Some(c) = report
            .certificates
            .iter()
            .find(|c| c.spki_sha256.eq_ignore_ascii_case(pin))
        {
            ahead.push(pos);
            b.note(format!("entry {pos} ({head}…) pins certificate {}, which is not served now: a next key pinned ahead, it matches once that key is served", cert_label(c)));
        } else {
            b.note(format!("entry {pos} ({head}…) matches nothing given: if it is a next key pinned ahead, it matches once that key is served; otherwise it is stale (an old key or a typo) and matches neither now nor after the renewal"));
        }
    }
    let entries = |v: &[usize]| {
        v.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let summary = match (served_entry, ahead.is_empty()) {
        (Some(e), false) => format!("after the next renewal: a same-key renewal keeps entry {e} matching, a renewal with the next key pinned ahead (entry {}) keeps the agents connecting too", entries(&ahead)),
        (None, false) => format!("after the next renewal: only the next key pinned ahead (entry {}) matches, once it is served; the served key's pin is not listed", entries(&ahead)),
        (Some(e), true) => format!("after the next renewal: only the served key's pin (entry {e}) is listed, so the renewal must keep the key (a CSR made with the current key), or pin the next key ahead first (make the next key now and list its pin beside the current one)"),
        (None, true) => "after the next renewal: no listed pin is the served key's or a given next key's".to_string(),
    };
    b.finish(summary)
}

fn short(raw: &str) -> String {
    if raw.chars().count() > 24 {
        format!("{}…", raw.chars().take(24).collect::<String>())
    } else {
        raw.to_string()
    }
}

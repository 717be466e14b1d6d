//! The inventory as CSV (RFC 4180, safe to open in a spreadsheet) and as an iCalendar file
//! (RFC 5545) with one event per certificate on its expiry date.

use crate::lifetime;
use sha2::{Digest, Sha256};

use super::{Inventory, InventoryRow};

/// Columns of the CSV, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "namespace",
    "name",
    "type",
    "key",
    "subject",
    "sans",
    "not_after",
    "days_left",
    "status",
    "issuer",
    "chain",
    "chain_ok",
    "key_match",
    "fingerprint_sha256",
];

/// One CSV cell: text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`; a cell holding a comma, a quote or a
/// line break is quoted, with quotes doubled (RFC 4180). Numbers we computed are written as is.
fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn status_word(r: &InventoryRow) -> &'static str {
    match r.status {
        super::ExpiryStatus::Expired => "expired",
        super::ExpiryStatus::Expiring => "expiring",
        super::ExpiryStatus::Valid => "valid",
        super::ExpiryStatus::NotYetValid => "not_yet_valid",
    }
}

/// The inventory as CSV: a header line, then one line per row, CRLF line ends (RFC 4180).
pub fn inventory_csv(inv: &Inventory) -> String {
    let mut s = CSV_COLUMNS.join(",");
    s.push_str("\r\n");
    for r in &inv.rows {
        let cells = [
            cell(&r.namespace),
            cell(&r.name),
            cell(&r.secret_type),
            cell(&r.key),
            cell(&r.subject),
            cell(&r.sans.join(" ")),
            cell(&r.not_after),
            r.days_left.to_string(),
            status_word(r).to_string(),
            cell(&r.issuer),
            cell(&r.chain),
            r.chain_ok.to_string(),
            cell(&r.key_match),
            cell(&r.fingerprint_sha256),
        ];
        s.push_str(&cells.join(","));
        s.push_str("\r\n");
    }
    s
}

/// RFC 5545 TEXT escaping: backslash, semicolon, comma, and line breaks as `\n`.
fn ics_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for ch in t.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (RFC 5545 §3.1: CRLF then one space), never inside a
/// UTF-8 character, ended with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0usize;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

/// `20260701T000000Z`.
fn ics_time(ts: i64) -> String {
    crate::timefmt::rfc3339(ts).replace(['-', ':'], "")
}

/// `20260701`.
fn ics_date(ts: i64) -> String {
    crate::timefmt::date(ts).replace('-', "")
}

/// The inventory as an iCalendar file: one all-day event per row on the certificate's expiry
/// date, with a display alarm `warn_days` before (`TRIGGER:-P<N>D`); one per row on its
/// renewal date (notAfter minus a third of its lifetime, at most 30 days, no alarm: the event
/// is the reminder); and one on the next date public lifetimes shrink (SC-081v3), if any. UIDs are stable across
/// exports (derived from the Secret, the key and the certificate's fingerprint), so a calendar
/// that imports the file again updates the events instead of doubling them; DTSTAMP is the
/// "now" passed in.
pub fn inventory_ics(inv: &Inventory) -> String {
    let now = crate::timefmt::parse_rfc3339(&inv.now).unwrap_or(0);
    let stamp = ics_time(now);
    let days = inv.warn_days.max(0);
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//certlens//certificate inventory//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Certificate expiry (certlens)",
    ] {
        fold(l, &mut s);
    }
    for r in &inv.rows {
        let id = format!(
            "{}/{}/{}/{}",
            r.namespace, r.name, r.key, r.fingerprint_sha256
        );
        let uid: String = Sha256::digest(id.as_bytes())
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        let who = r.common_name.clone().unwrap_or_else(|| r.subject.clone());
        let place = if r.namespace.is_empty() {
            format!("{} {}", r.name, r.key)
        } else {
            format!("{}/{} {}", r.namespace, r.name, r.key)
        };
        let desc = format!(
            "Certificate {who} in Secret {place} expires {}.\nSubject: {}\nIssuer: {}\nNames: {}\nChain: {}\nKey: {}\nSHA-256 fingerprint: {}",
            r.not_after,
            r.subject,
            r.issuer,
            if r.sans.is_empty() { "none".to_string() } else { r.sans.join(", ") },
            r.chain,
            r.key_match,
            r.fingerprint_sha256
        );
        fold("BEGIN:VEVENT", &mut s);
        fold(&format!("UID:{uid}@certlens"), &mut s);
        fold(&format!("DTSTAMP:{stamp}"), &mut s);
        fold(
            &format!("DTSTART;VALUE=DATE:{}", ics_date(r.not_after_unix)),
            &mut s,
        );
        fold(
            &format!(
                "DTEND;VALUE=DATE:{}",
                ics_date(r.not_after_unix.saturating_add(86_400))
            ),
            &mut s,
        );
        fold(
            &format!(
                "SUMMARY:{}",
                ics_text(&format!("Certificate expires: {who} ({place})"))
            ),
            &mut s,
        );
        fold(&format!("DESCRIPTION:{}", ics_text(&desc)), &mut s);
        fold("TRANSP:TRANSPARENT", &mut s);
        fold("BEGIN:VALARM", &mut s);
        fold("ACTION:DISPLAY", &mut s);
        fold(&format!("TRIGGER:-P{days}D"), &mut s);
        fold(
            &format!(
                "DESCRIPTION:{}",
                ics_text(&format!("{who} ({place}) expires in {days} days"))
            ),
            &mut s,
        );
        fold("END:VALARM", &mut s);
        fold("END:VEVENT", &mut s);
        renewal_event(r, &uid, &who, &place, &stamp, &mut s);
    }
    public_limit_event(now, &stamp, &mut s);
    fold("END:VCALENDAR", &mut s);
    s
}

/// The row's renewal date as an all-day event: notAfter minus the renewal margin
/// ([`crate::lifetime::renewal_margin_seconds`]: a third of the lifetime, at most 30 days), with
/// what keeps the pin and the public limit a certificate issued that day gets.
fn renewal_event(
    r: &InventoryRow,
    uid: &str,
    who: &str,
    place: &str,
    stamp: &str,
    s: &mut String,
) {
    let nb = crate::timefmt::parse_rfc3339(&r.not_before).unwrap_or(r.not_after_unix);
    let day = lifetime::renew_by(nb, r.not_after_unix);
    let margin_days = r.not_after_unix.saturating_sub(day) / 86_400;
    let limit = lifetime::public_limit_days(day);
    let desc = format!(
        "Renew {who} in Secret {place} by {}: it expires {} ({margin_days} days later; certlens renews with a third of the lifetime left, at most 30 days).\nSame key, same pin: certlens new csr --key tls.key --from tls.crt. A new key changes the SPKI pin: pin it ahead first (certlens new next-key --from tls.crt).\nA public certificate issued on that day may be valid for at most {limit} days ({}).",
        crate::timefmt::date(day),
        r.not_after,
        lifetime::BALLOT
    );
    fold("BEGIN:VEVENT", s);
    fold(&format!("UID:{uid}-renew@certlens"), s);
    fold(&format!("DTSTAMP:{stamp}"), s);
    fold(&format!("DTSTART;VALUE=DATE:{}", ics_date(day)), s);
    fold(
        &format!("DTEND;VALUE=DATE:{}", ics_date(day.saturating_add(86_400))),
        s,
    );
    fold(
        &format!(
            "SUMMARY:{}",
            ics_text(&format!("Renew certificate: {who} ({place})"))
        ),
        s,
    );
    fold(&format!("DESCRIPTION:{}", ics_text(&desc)), s);
    fold("TRANSP:TRANSPARENT", s);
    fold("END:VEVENT", s);
}

/// The next step of the public lifetime schedule after "now", as one all-day event.
fn public_limit_event(now: i64, stamp: &str, s: &mut String) {
    let Some(step) = lifetime::next_public_limit(now) else {
        return;
    };
    let desc = format!(
        "From {}, public CAs issue TLS certificates valid for at most {} days ({}); certificates issued before keep their lifetime. Plan renewals that often, with the same key or the next key pinned ahead.",
        step.from_date,
        step.days,
        lifetime::BALLOT
    );
    fold("BEGIN:VEVENT", s);
    fold(&format!("UID:public-limit-{}@certlens", step.from_date), s);
    fold(&format!("DTSTAMP:{stamp}"), s);
    fold(
        &format!("DTSTART;VALUE=DATE:{}", step.from_date.replace('-', "")),
        s,
    );
    fold(
        &format!("DTEND;VALUE=DATE:{}", ics_date(step.from.saturating_add(86_400))),
        s,
    );
    fold(
        &format!(
            "SUMMARY:{}",
            ics_text(&format!("Public TLS certificates: at most {} days", step.days))
        ),
        s,
    );
    fold(&format!("DESCRIPTION:{}", ics_text(&desc)), s);
    fold("TRANSP:TRANSPARENT", s);
    fold("END:VEVENT", s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_guarded() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-cmd"), "'-cmd");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "é".repeat(60));
        fold(&line, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(ics_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}

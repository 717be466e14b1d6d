//! RFC 3339 times without a clock: the caller passes "now" as Unix seconds.

/// Days since 1970-01-01 → (year, month, day). Howard Hinnant's civil_from_days.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-06-01T00:00:00Z` for a Unix timestamp.
pub fn rfc3339(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    // Written digit by digit: two per certificate, and `format!`'s padded integers made this
    // 2.5 % of `inspect` on distinct leaves in WebAssembly (session 13's profile). Years
    // outside 0..=9999 (no certificate has one) keep `format!`'s form.
    let Ok(year) = u32::try_from(y) else {
        return formatted(y, m, d, secs);
    };
    if year > 9999 {
        return formatted(y, m, d, secs);
    }
    let secs = secs as u32; // rem_euclid(86_400): 0..86_400
    let mut out = String::with_capacity(20);
    push_digits(&mut out, year, 4);
    out.push('-');
    push_digits(&mut out, m, 2);
    out.push('-');
    push_digits(&mut out, d, 2);
    out.push('T');
    push_digits(&mut out, secs / 3600, 2);
    out.push(':');
    push_digits(&mut out, (secs / 60) % 60, 2);
    out.push(':');
    push_digits(&mut out, secs % 60, 2);
    out.push('Z');
    out
}

/// `rfc3339`'s form through `format!`, for the years it does not write by hand.
fn formatted(y: i64, m: u32, d: u32, secs: i64) -> String {
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (n / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// `2026-06-01` for a Unix timestamp.
pub fn date(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// A time that is not in RFC 3339 form, with the text as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    /// The text, trimmed.
    pub input: String,
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "\"{}\" is not an RFC 3339 time such as 2026-07-01T00:00:00Z",
            self.input
        )
    }
}

impl std::error::Error for TimeError {}

/// For callers that report errors as sentences (`?` into `Result<_, String>`).
impl From<TimeError> for String {
    fn from(e: TimeError) -> String {
        e.to_string()
    }
}

/// Parse an RFC 3339 timestamp (`2026-07-01T00:00:00Z`, `2026-07-01T02:00:00+02:00`, fractional
/// seconds ignored) or a bare date (`2026-07-01`, midnight UTC) into Unix seconds.
pub fn parse_rfc3339(s: &str) -> Result<i64, TimeError> {
    let s = s.trim();
    let bad = || TimeError {
        input: s.to_string(),
    };
    let num = |t: &str| -> Result<i64, TimeError> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse::<i64>().map_err(|_| bad())
    };
    let (date_part, time_part) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut dp = date_part.split('-');
    let (y, m, d) = match (dp.next(), dp.next(), dp.next(), dp.next()) {
        (Some(y), Some(m), Some(d), None) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            (num(y)?, num(m)?, num(d)?)
        }
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    let mut ts = days_from_civil(y, m as u32, d as u32) * 86_400;
    if let Some(t) = time_part {
        let (clock, offset) = if let Some(c) = t.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(i) = t.rfind(['+', '-']) {
            let (c, o) = t.split_at(i);
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let o = &o[1..];
            let (oh, om) = o.split_once(':').ok_or_else(bad)?;
            (c, sign * (num(oh)? * 3600 + num(om)? * 60))
        } else {
            return Err(bad());
        };
        let clock = clock.split('.').next().unwrap_or(clock);
        let mut cp = clock.split(':');
        let (h, mi, se) = match (cp.next(), cp.next(), cp.next(), cp.next()) {
            (Some(h), Some(mi), Some(se), None) => (num(h)?, num(mi)?, num(se)?),
            _ => return Err(bad()),
        };
        if h > 23 || mi > 59 || se > 60 {
            return Err(bad());
        }
        ts += h * 3600 + mi * 60 + se - offset;
    }
    Ok(ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_782_864_000), "2026-07-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        // The digits written by hand are `format!`'s, from year 0 to 9999 and beyond it.
        for ts in [
            -62_167_219_200, // 0000-01-01T00:00:00Z
            -62_167_219_201, // the second before: year -1
            253_402_300_799, // 9999-12-31T23:59:59Z
            253_402_300_800, // 10000-01-01
            1_817_164_800,
            4_102_444_799,
        ]
        .into_iter()
        .chain((0..2_000).map(|i: i64| i * 7_919_999 + 13))
        {
            let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
            assert_eq!(
                rfc3339(ts),
                formatted(y, m, d, ts.rem_euclid(86_400)),
                "{ts}"
            );
        }
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(-62_167_219_200), "0000-01-01T00:00:00Z");
        assert_eq!(parse_rfc3339("2026-07-01T00:00:00Z"), Ok(1_782_864_000));
        assert_eq!(parse_rfc3339("2026-07-01"), Ok(1_782_864_000));
        assert_eq!(
            parse_rfc3339("2026-07-01T02:00:00+02:00"),
            Ok(1_782_864_000)
        );
        assert_eq!(parse_rfc3339("2026-07-01T00:00:00.123Z"), Ok(1_782_864_000));
        assert!(parse_rfc3339("yesterday").is_err());
        assert!(parse_rfc3339("2026-13-01").is_err());
        assert!(parse_rfc3339("2026-07-01T25:00:00Z").is_err());
    }
}

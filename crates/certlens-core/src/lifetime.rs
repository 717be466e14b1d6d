//! How long a publicly trusted TLS server certificate may live, by the date it was issued: the
//! CA/Browser Forum's Baseline Requirements as ballot SC-081v3 changed them. The lifetime lint,
//! the default lifetime of made certificates and the renewal calendar all read this one table,
//! so that they cannot disagree.
//!
//! The limit that applies to a certificate is the one in force at its notBefore (what the CA
//! had to follow when it issued it), not the one in force today: a 398-day certificate issued
//! in 2025 was fine and stays fine until it expires.

/// One step of the schedule: certificates issued from `from` (Unix seconds, 00:00 UTC) on may
/// be valid for at most `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LifetimeStep {
    /// First issuance instant the limit applies to, Unix seconds.
    pub from: i64,
    /// The same date, `YYYY-MM-DD`, for messages.
    pub from_date: &'static str,
    /// Maximum validity period, days.
    pub days: u32,
}

/// The schedule, oldest first. Before the first step's date the limit is [`BEFORE_SC081_DAYS`].
pub const SC081_SCHEDULE: [LifetimeStep; 3] = [
    LifetimeStep {
        from: 1_773_532_800,
        from_date: "2026-03-15",
        days: 200,
    },
    LifetimeStep {
        from: 1_805_068_800,
        from_date: "2027-03-15",
        days: 100,
    },
    LifetimeStep {
        from: 1_868_227_200,
        from_date: "2029-03-15",
        days: 47,
    },
];

/// The limit before SC-081 (ballot SC-31, in force since 2020-09-01; browsers enforce it too).
pub const BEFORE_SC081_DAYS: u32 = 398;

/// The ballot, as messages cite it.
pub const BALLOT: &str = "CA/Browser Forum ballot SC-081v3";

/// The maximum validity, in days, of a public TLS certificate issued at `issued` (Unix seconds).
pub fn public_limit_days(issued: i64) -> u32 {
    SC081_SCHEDULE
        .iter()
        .rev()
        .find(|s| issued >= s.from)
        .map_or(BEFORE_SC081_DAYS, |s| s.days)
}

/// The next step of the schedule after `now`, if any: what a renewal calendar warns about.
pub fn next_public_limit(now: i64) -> Option<LifetimeStep> {
    SC081_SCHEDULE.iter().find(|s| s.from > now).copied()
}

/// A certificate's validity period in seconds as the Baseline Requirements count it: notBefore
/// to notAfter *inclusive*, so one second more than the difference. A certificate valid for
/// exactly 200 × 86,400 seconds by difference is 200 days and one second, over a 200-day limit.
pub fn validity_seconds(not_before: i64, not_after: i64) -> i64 {
    not_after.saturating_sub(not_before).saturating_add(1)
}

/// Whether a validity period exceeds `days`.
pub fn exceeds(not_before: i64, not_after: i64, days: u32) -> bool {
    validity_seconds(not_before, not_after) > i64::from(days).saturating_mul(86_400)
}

/// The default lifetime, in days, of a certificate certlens makes that stands in for a public
/// one (the self-signed test certificate), made at `now`: one day under the public limit, as
/// the five-minute backdating of notBefore counts in the validity period.
pub fn public_like_default_days(now: i64) -> u32 {
    public_limit_days(now).saturating_sub(1).max(1)
}

/// Longest renewal margin, in days: a one-year private certificate is not renewed months early.
pub const MAX_RENEWAL_MARGIN_DAYS: i64 = 30;

/// How long before notAfter to renew, in seconds: a third of the lifetime (what cert-manager's
/// default renewBefore and ACME clients do, leaving two retries' worth of time), at most
/// [`MAX_RENEWAL_MARGIN_DAYS`] and at least one day. 47-day certificates get 15 days and 16
/// hours; 200-day and longer ones 30 days.
pub fn renewal_margin_seconds(not_before: i64, not_after: i64) -> i64 {
    let third = validity_seconds(not_before, not_after) / 3;
    third.clamp(86_400, MAX_RENEWAL_MARGIN_DAYS * 86_400)
}

/// The date to renew by: notAfter minus [`renewal_margin_seconds`].
pub fn renew_by(not_before: i64, not_after: i64) -> i64 {
    not_after.saturating_sub(renewal_margin_seconds(not_before, not_after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_by_issuance_date() {
        // One second before each date, the older limit; at the date, the new one.
        assert_eq!(public_limit_days(1_773_532_799), 398);
        assert_eq!(public_limit_days(1_773_532_800), 200);
        assert_eq!(public_limit_days(1_805_068_799), 200);
        assert_eq!(public_limit_days(1_805_068_800), 100);
        assert_eq!(public_limit_days(1_868_227_199), 100);
        assert_eq!(public_limit_days(1_868_227_200), 47);
        assert_eq!(public_limit_days(i64::MAX), 47);
        assert_eq!(public_limit_days(i64::MIN), 398);
    }

    #[test]
    fn inclusive_validity() {
        assert!(!exceeds(0, 200 * 86_400 - 1, 200));
        assert!(exceeds(0, 200 * 86_400, 200));
        assert_eq!(public_like_default_days(1_773_532_800), 199);
        assert_eq!(
            next_public_limit(1_773_532_800).map(|s| s.days),
            Some(100)
        );
        assert_eq!(next_public_limit(1_868_227_200), None);
    }

    #[test]
    fn renewal_margin() {
        // 47 days: a third (15 days 16 hours, from the inclusive 47 days).
        assert_eq!(renewal_margin_seconds(0, 47 * 86_400 - 1), 47 * 86_400 / 3);
        // A year: capped at 30 days.
        assert_eq!(renew_by(0, 365 * 86_400), 335 * 86_400);
        // Two days: at least one.
        assert_eq!(renewal_margin_seconds(0, 2 * 86_400), 86_400);
    }
}

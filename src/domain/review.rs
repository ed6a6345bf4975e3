//! The designated person's progress reviews: weekly for the first four weeks, then monthly,
//! until the concern is closed (003 §6.28, §7.9; DOMAIN.md DL-16).
//!
//! The schedule is anchored on when the concern was raised: days 7, 14, 21 and 28, then the
//! same day of each following month from day 28 (clamped to the month's end), at the same UK
//! local time. Each review is due at the first point of the schedule after the last review,
//! so an early review does not move the plan and a late one is not punished twice.

use chrono::{DateTime, Duration, Months, Utc};
use chrono_tz::Europe::London;

use crate::domain::calendar::london_to_utc;

/// The `n`th review point (1-based) for a concern raised at `raised`.
pub fn point(raised: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    let local = raised.with_timezone(&London);
    let date = local.date_naive();
    let day = if n <= 4 {
        date + Duration::days(7 * i64::from(n))
    } else {
        let base = date + Duration::days(28);
        base.checked_add_months(Months::new(n - 4)).unwrap_or(base)
    };
    london_to_utc(day, local.time())
}

/// The first review point strictly after `after`.
pub fn next_after(raised: DateTime<Utc>, after: DateTime<Utc>) -> DateTime<Utc> {
    (1..10_000).map(|n| point(raised, n)).find(|p| *p > after).unwrap_or(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn weekly_four_times_then_monthly() {
        let raised = t("2026-01-05T10:00:00Z");
        let pts: Vec<String> = (1..=7).map(|n| crate::domain::clock::rfc3339(point(raised, n))).collect();
        assert_eq!(
            pts,
            [
                "2026-01-12T10:00:00Z",
                "2026-01-19T10:00:00Z",
                "2026-01-26T10:00:00Z",
                "2026-02-02T10:00:00Z",
                "2026-03-02T10:00:00Z",
                "2026-04-02T09:00:00Z", // 10:00 BST after the clocks go forward
                "2026-05-02T09:00:00Z",
            ]
        );
    }

    #[test]
    fn the_next_review_follows_the_schedule() {
        let raised = t("2026-01-05T10:00:00Z");
        assert_eq!(next_after(raised, t("2026-01-08T00:00:00Z")), t("2026-01-12T10:00:00Z"));
        assert_eq!(next_after(raised, t("2026-01-12T10:00:00Z")), t("2026-01-19T10:00:00Z"));
        assert_eq!(next_after(raised, t("2026-02-10T00:00:00Z")), t("2026-03-02T10:00:00Z"));
    }

    #[test]
    fn month_end_is_clamped() {
        // Raised 3 Jan: day 28 is 31 Jan; a month later is 28 Feb.
        let raised = t("2026-01-03T10:00:00Z");
        assert_eq!(point(raised, 5), t("2026-02-28T10:00:00Z"));
    }
}

//! The designated person's progress reviews, on the cadence the policy gives: the default is
//! weekly for the first four weeks, then monthly, until the concern is closed (003 §6.28,
//! §7.9; DOMAIN.md DL-16). The cadence is policy data (`cadence` on a review duty), so an
//! organisation can set its own, and must for adults, for whom the seeds give none (§7.17).
//!
//! The schedule is anchored on a moment of the concern (when it was raised, by default):
//! `weekly` points 7 days apart (days 7, 14, 21 and 28 by default), then one every week,
//! fortnight or month from the last weekly point (the same day of each following month,
//! clamped to the month's end), at the same UK local time. Each review is due at the first
//! point of the schedule after the last review, so an early review does not move the plan and
//! a late one is not punished twice.

use chrono::{DateTime, Duration, Months, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::london_to_utc;

/// How often reviews follow the weekly ones.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Every {
    Weekly,
    Fortnightly,
    Monthly,
}

impl Every {
    fn words(self) -> &'static str {
        match self {
            Every::Weekly => "weekly",
            Every::Fortnightly => "every two weeks",
            Every::Monthly => "monthly",
        }
    }
}

/// A review schedule: `weekly` reviews a week apart, then one `then` until the concern closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cadence {
    pub weekly: u32,
    pub then: Every,
}

/// The most weekly reviews a cadence may start with (two years of them).
pub const WEEKLY_MAX: u32 = 104;

impl Cadence {
    /// In words: "weekly for the first 4 weeks, then monthly".
    pub fn words(&self) -> String {
        match self.weekly {
            0 => self.then.words().to_owned(),
            1 => format!("after one week, then {}", self.then.words()),
            n => format!("weekly for the first {n} weeks, then {}", self.then.words()),
        }
    }

    /// The `n`th review point (1-based) of a schedule anchored at `anchor`.
    pub fn point(&self, anchor: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let local = anchor.with_timezone(&London);
        let date = local.date_naive();
        let weekly = self.weekly.min(WEEKLY_MAX);
        let day = if n <= weekly {
            date + Duration::days(7 * i64::from(n))
        } else {
            let base = date + Duration::days(7 * i64::from(weekly));
            let k = n - weekly;
            match self.then {
                Every::Weekly => base + Duration::days(7 * i64::from(k)),
                Every::Fortnightly => base + Duration::days(14 * i64::from(k)),
                Every::Monthly => base.checked_add_months(Months::new(k)).unwrap_or(base),
            }
        };
        // Never later than the store can hold (see `clock`): the safe direction.
        london_to_utc(day, local.time()).min(crate::domain::clock::LATEST)
    }

    /// The first review point strictly after `after`.
    pub fn next_after(&self, anchor: DateTime<Utc>, after: DateTime<Utc>) -> DateTime<Utc> {
        (1..10_000).map(|n| self.point(anchor, n)).find(|p| *p > after).unwrap_or(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// The default policy's child cadence: these dates are the ones DL-16 gives.
    fn default_cadence() -> Cadence {
        let p = crate::policy::Policy::default_policy();
        p.duties["dp-review"].cadence.as_ref().expect("the default reviews have a cadence").cadence()
    }

    #[test]
    fn weekly_four_times_then_monthly() {
        let raised = t("2026-01-05T10:00:00Z");
        let c = default_cadence();
        let pts: Vec<String> = (1..=7).map(|n| crate::domain::clock::rfc3339(c.point(raised, n))).collect();
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
        assert_eq!(c.words(), "weekly for the first 4 weeks, then monthly");
    }

    #[test]
    fn the_next_review_follows_the_schedule() {
        let raised = t("2026-01-05T10:00:00Z");
        let c = default_cadence();
        assert_eq!(c.next_after(raised, t("2026-01-08T00:00:00Z")), t("2026-01-12T10:00:00Z"));
        assert_eq!(c.next_after(raised, t("2026-01-12T10:00:00Z")), t("2026-01-19T10:00:00Z"));
        assert_eq!(c.next_after(raised, t("2026-02-10T00:00:00Z")), t("2026-03-02T10:00:00Z"));
    }

    #[test]
    fn month_end_is_clamped() {
        // Raised 3 Jan: day 28 is 31 Jan; a month later is 28 Feb.
        let raised = t("2026-01-03T10:00:00Z");
        assert_eq!(default_cadence().point(raised, 5), t("2026-02-28T10:00:00Z"));
    }

    #[test]
    fn other_cadences_count_from_the_last_weekly_review() {
        let raised = t("2026-01-05T10:00:00Z");
        let fortnightly = Cadence { weekly: 2, then: Every::Fortnightly };
        assert_eq!(fortnightly.point(raised, 2), t("2026-01-19T10:00:00Z"));
        assert_eq!(fortnightly.point(raised, 3), t("2026-02-02T10:00:00Z"));
        let monthly = Cadence { weekly: 0, then: Every::Monthly };
        assert_eq!(monthly.point(raised, 1), t("2026-02-05T10:00:00Z"));
        assert_eq!(monthly.words(), "monthly");
        let weekly = Cadence { weekly: 1, then: Every::Weekly };
        assert_eq!(weekly.point(raised, 3), t("2026-01-26T10:00:00Z"));
        assert_eq!(weekly.words(), "after one week, then weekly");
    }
}

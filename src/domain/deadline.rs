//! Deadline rules: "within 1 working day", "within 48 hours", "immediately", and how a duty's
//! due time follows from one or more of them (DOMAIN.md §3).
//!
//! Where the seeds give two deadlines for one duty (for example the SARF: 1 working day in
//! 003 §6.26 against 24 hours in App F), the duty keeps every rule, each with its own due time,
//! and is due at the earliest of them: the stricter applies and both are shown (DOMAIN.md §3, §7.3).

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use chrono::NaiveTime;
use chrono_tz::Europe::London;

use crate::domain::calendar::{Calendar, london_to_utc};
use crate::domain::clock::LATEST;

/// The last second of a local day, when a same-day duty falls due.
const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(t) => t,
    None => unreachable!(),
};

/// How long a duty may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Within {
    /// No grace period: due the moment it exists (DOMAIN.md §3.1 IMMEDIATE).
    Immediately,
    /// Clock hours, through nights, weekends and holidays.
    Hours(u32),
    /// Working days (Monday to Friday less bank holidays and closures).
    WorkingDays(u32),
    /// Calendar days.
    CalendarDays(u32),
    /// "N days" with no unit in the seed (003 §6.11, 004 §2¶4): read as the config says,
    /// calendar days by default (the earlier deadline).
    Days(u32),
    /// By the end of the UK local day on which it starts ("signed and dated on the day of
    /// activity", 003 §6.11, DL-10): 23:59:59 Europe/London, whether that day is in GMT or BST.
    SameDay,
}

impl Within {
    /// Parses "immediately", "the same day", "24 hours", "1 working day", "1 working week",
    /// "3 calendar days", "3 days".
    pub fn parse(s: &str) -> Result<Within, String> {
        let t = s.trim().to_ascii_lowercase();
        if t == "immediately" {
            return Ok(Within::Immediately);
        }
        if matches!(
            t.as_str(),
            "same day" | "the same day" | "on the same day" | "by the end of the same day"
        ) {
            return Ok(Within::SameDay);
        }
        let (n, unit) =
            t.split_once(' ').ok_or_else(|| format!("{s:?} is not a period like \"1 working day\""))?;
        let n: u32 = n.parse().map_err(|_| format!("{s:?} does not start with a whole number"))?;
        if n == 0 || n > 1000 {
            return Err(format!("{s:?}: the number must be between 1 and 1000"));
        }
        match unit.trim() {
            "hour" | "hours" => Ok(Within::Hours(n)),
            "working day" | "working days" => Ok(Within::WorkingDays(n)),
            "working week" | "working weeks" => Ok(Within::WorkingDays(n * 5)),
            "calendar day" | "calendar days" => Ok(Within::CalendarDays(n)),
            "day" | "days" => Ok(Within::Days(n)),
            other => Err(format!(
                "{s:?}: unknown unit {other:?} (use hours, working days, working weeks, calendar days or days)"
            )),
        }
    }

    /// The due time for a duty that starts at `start`, and any years whose bank holidays are unknown.
    ///
    /// The due time is never later than [`LATEST`], the last time the store's fixed-width text
    /// can hold (see `clock`): a start is always within the years the tool accepts (before
    /// 2200) and a rule adds at most 5,000 working days, so this never bites in practice, but it
    /// makes a due time that sorts wrongly impossible. Clamping moves a deadline earlier, the
    /// safe direction.
    pub fn due(
        self,
        start: DateTime<Utc>,
        cal: &Calendar,
        days: UnspecifiedDays,
    ) -> (DateTime<Utc>, Vec<i32>) {
        if start >= LATEST {
            return (LATEST, vec![]);
        }
        let plus = |d: Duration| start.checked_add_signed(d).unwrap_or(LATEST);
        let (due, unknown) = match self {
            Within::Immediately => (start, vec![]),
            Within::SameDay => {
                let day = start.with_timezone(&London).date_naive();
                (london_to_utc(day, END_OF_DAY).max(start), vec![])
            }
            Within::Hours(h) => (plus(Duration::hours(i64::from(h))), vec![]),
            Within::WorkingDays(n) => cal.add_working_days(start, n),
            Within::CalendarDays(n) => (plus(Duration::days(i64::from(n))), vec![]),
            Within::Days(n) => match days {
                UnspecifiedDays::Calendar => (plus(Duration::days(i64::from(n))), vec![]),
                UnspecifiedDays::Working => cal.add_working_days(start, n),
            },
        };
        (due.min(LATEST), unknown)
    }
}

impl fmt::Display for Within {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: &u32| if *n == 1 { "" } else { "s" };
        match self {
            Within::Immediately => f.write_str("immediately"),
            Within::SameDay => f.write_str("by the end of the same day"),
            Within::Hours(n) => write!(f, "within {n} hour{}", plural(n)),
            Within::WorkingDays(n) => write!(f, "within {n} working day{}", plural(n)),
            Within::CalendarDays(n) => write!(f, "within {n} calendar day{}", plural(n)),
            Within::Days(n) => write!(f, "within {n} day{} (unit not stated in the seed)", plural(n)),
        }
    }
}

impl From<Within> for String {
    fn from(w: Within) -> String {
        w.to_string()
    }
}

impl<'de> Deserialize<'de> for Within {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Within::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// How to read a deadline given in "days" with no unit (003 §6.11 "5 days", 004 §2¶4 "3 days").
/// DOMAIN.md §3.1 DAYS_UNSPECIFIED: calendar days are the safe default (the earlier deadline).
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum UnspecifiedDays {
    #[default]
    Calendar,
    Working,
}

/// One rule behind a duty and the due time it gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDue {
    /// e.g. "within 1 working day".
    pub within: String,
    /// The moment the rule counts from, in words (e.g. "the concern was raised").
    pub from: String,
    /// The paragraph(s) it comes from, e.g. "003 §6.26 (DL-06)".
    pub source: String,
    /// The due time this rule gives (UTC).
    pub due: DateTime<Utc>,
}

/// The earliest of several rules' due times: the stricter deadline applies.
pub fn strictest(rules: &[RuleDue]) -> Option<DateTime<Utc>> {
    rules.iter().map(|r| r.due).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_seed_units() {
        assert_eq!(Within::parse("immediately"), Ok(Within::Immediately));
        assert_eq!(Within::parse("48 hours"), Ok(Within::Hours(48)));
        assert_eq!(Within::parse("1 working day"), Ok(Within::WorkingDays(1)));
        assert_eq!(Within::parse("1 working week"), Ok(Within::WorkingDays(5)));
        assert_eq!(Within::parse("3 days"), Ok(Within::Days(3)));
        assert!(Within::parse("3 fortnights").unwrap_err().contains("fortnights"));
        assert!(Within::parse("0 hours").is_err());
        assert!(Within::parse("soon").is_err());
        assert_eq!(Within::parse("the same day"), Ok(Within::SameDay));
        assert_eq!(Within::parse("same day"), Ok(Within::SameDay));
        // What it prints reads back as itself.
        assert_eq!(Within::parse(&Within::SameDay.to_string()), Ok(Within::SameDay));
    }

    /// `Within::SameDay` from `start` (UTC), as UTC.
    fn same_day(start: &str) -> String {
        let cal = Calendar::england_and_wales();
        let (due, unknown) = Within::SameDay.due(start.parse().unwrap(), &cal, UnspecifiedDays::Calendar);
        assert!(unknown.is_empty());
        crate::domain::clock::rfc3339(due)
    }

    #[test]
    fn the_same_day_ends_at_midnight_uk_time_in_winter_and_summer() {
        // GMT: the local day ends at 23:59:59 UTC.
        assert_eq!(same_day("2026-11-23T10:00:00Z"), "2026-11-23T23:59:59Z");
        // BST: 23:59:59 in London is 22:59:59 UTC.
        assert_eq!(same_day("2026-07-01T10:00:00Z"), "2026-07-01T22:59:59Z");
        // 23:30 UTC on 1 July is already 00:30 on 2 July in London: that day is the day.
        assert_eq!(same_day("2026-07-01T23:30:00Z"), "2026-07-02T22:59:59Z");
        // Weekends and bank holidays are days like any other.
        assert_eq!(same_day("2026-12-25T09:00:00Z"), "2026-12-25T23:59:59Z");
    }

    #[test]
    fn the_same_day_across_both_clock_changes() {
        // Spring: Sun 29 Mar 2026, clocks go forward at 01:00 GMT. Before the change (00:30
        // GMT) and after it, the day ends at 23:59:59 BST = 22:59:59 UTC.
        assert_eq!(same_day("2026-03-29T00:30:00Z"), "2026-03-29T22:59:59Z");
        assert_eq!(same_day("2026-03-29T12:00:00Z"), "2026-03-29T22:59:59Z");
        // The day before the change ends in GMT.
        assert_eq!(same_day("2026-03-28T23:00:00Z"), "2026-03-28T23:59:59Z");
        // Autumn: Sun 25 Oct 2026, clocks go back at 01:00 UTC. In both 01:xx hours (BST, then
        // GMT) the day ends at 23:59:59 GMT.
        assert_eq!(same_day("2026-10-25T00:30:00Z"), "2026-10-25T23:59:59Z"); // 01:30 BST
        assert_eq!(same_day("2026-10-25T01:30:00Z"), "2026-10-25T23:59:59Z"); // 01:30 GMT
        // 23:30 UTC on Sat 24 Oct is 00:30 BST on the Sunday.
        assert_eq!(same_day("2026-10-24T23:30:00Z"), "2026-10-25T23:59:59Z");
        assert_eq!(same_day("2026-10-24T22:30:00Z"), "2026-10-24T22:59:59Z");
    }

    #[test]
    fn at_23_59_the_same_day_is_the_rest_of_that_minute() {
        assert_eq!(same_day("2026-11-23T23:59:00Z"), "2026-11-23T23:59:59Z");
        assert_eq!(same_day("2026-11-23T23:59:59Z"), "2026-11-23T23:59:59Z");
        // Midnight starts a new day.
        assert_eq!(same_day("2026-11-24T00:00:00Z"), "2026-11-24T23:59:59Z");
        // In summer, 23:59 London is 22:59 UTC.
        assert_eq!(same_day("2026-07-01T22:59:00Z"), "2026-07-01T22:59:59Z");
        assert_eq!(same_day("2026-07-01T23:00:00Z"), "2026-07-02T22:59:59Z");
    }

    #[test]
    fn unspecified_days_follow_the_setting() {
        let cal = Calendar::england_and_wales();
        // Fri 20 Nov 2026 10:00 + "3 days".
        let fri: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        let (cal_due, _) = Within::Days(3).due(fri, &cal, UnspecifiedDays::Calendar);
        let (wd_due, _) = Within::Days(3).due(fri, &cal, UnspecifiedDays::Working);
        assert_eq!(crate::domain::clock::rfc3339(cal_due), "2026-11-23T10:00:00Z");
        assert_eq!(crate::domain::clock::rfc3339(wd_due), "2026-11-25T10:00:00Z");
    }

    #[test]
    fn a_due_time_never_passes_the_last_time_the_store_can_keep() {
        let cal = Calendar::england_and_wales();
        let late: DateTime<Utc> = "9999-12-30T10:00:00Z".parse().unwrap();
        for w in [Within::Hours(1000), Within::WorkingDays(5000), Within::CalendarDays(1000), Within::Days(3)]
        {
            for days in [UnspecifiedDays::Calendar, UnspecifiedDays::Working] {
                let (due, _) = w.due(late, &cal, days);
                assert_eq!(due, LATEST, "{w}");
                assert_eq!(crate::domain::clock::stored(due).unwrap(), "9999-12-31T23:59:59Z");
            }
        }
        let (due, _) = Within::Immediately.due(late, &cal, UnspecifiedDays::Calendar);
        assert_eq!(due, late);
        let (due, _) = Within::SameDay.due(late, &cal, UnspecifiedDays::Calendar);
        assert_eq!(crate::domain::clock::rfc3339(due), "9999-12-30T23:59:59Z");
        // From the last accepted year, the longest rule stays far inside four-digit years.
        let top: DateTime<Utc> = "2199-12-31T23:00:00Z".parse().unwrap();
        let (due, _) = Within::WorkingDays(5000).due(top, &cal, UnspecifiedDays::Calendar);
        assert!(due > top && due < LATEST, "{due}");
    }

    #[test]
    fn hours_run_through_the_weekend() {
        let cal = Calendar::england_and_wales();
        let fri: DateTime<Utc> = "2026-11-20T16:00:00Z".parse().unwrap();
        let (due, _) = Within::Hours(48).due(fri, &cal, UnspecifiedDays::Calendar);
        assert_eq!(crate::domain::clock::rfc3339(due), "2026-11-22T16:00:00Z");
    }
}

//! Time left, in words: "in 5 hours", "overdue by 2 working days".

use chrono::{DateTime, Utc};

use crate::domain::calendar::{Calendar, WorkingDaysTo};
use crate::domain::spoken::push_number;

/// "5 hours", "1 minute", "3 days", onto the end of `s`.
fn push_span(s: &mut String, mins: i64) {
    let (n, unit) = match mins {
        m if m < 60 => (m.max(0), "minute"),
        m if m < 48 * 60 => (m / 60, "hour"),
        m => (m / (24 * 60), "day"),
    };
    push_counted(s, n.unsigned_abs(), unit);
}

/// "1 day", "3 days": `n` and its unit, plural but for one.
fn push_counted(s: &mut String, n: u64, unit: &str) {
    push_number(s, n, 1);
    s.push(' ');
    s.push_str(unit);
    if n != 1 {
        s.push('s');
    }
}

/// "due in 3 hours", "overdue by 2 working days" (or by hours, when under a working day), and
/// under a minute either way "due in under a minute" or "overdue by under a minute". The words
/// follow the status (`DutyStatus::at`, `review --due`): a duty is overdue from the moment it is
/// due, so one due this very second reads "overdue by under a minute", never "due now" beside
/// OVERDUE.
pub fn relative(due: DateTime<Utc>, now: DateTime<Utc>, cal: &Calendar) -> String {
    let mut s = String::with_capacity(32);
    push_relative(&mut s, due, now, cal);
    s
}

/// [`relative`], written onto the end of `s` (a long screen reuses one buffer).
pub fn push_relative(s: &mut String, due: DateTime<Utc>, now: DateTime<Utc>, cal: &Calendar) {
    push_relative_by(s, due, now, || cal.working_days_between(due, now));
}

/// [`push_relative`] at the counter's own time, with its working days (a long screen's rows).
pub fn push_relative_to(s: &mut String, due: DateTime<Utc>, days: &mut WorkingDaysTo<'_>) {
    push_relative_by(s, due, days.to(), || days.since(due));
}

const UNDER_A_MINUTE: &str = "under a minute";

fn push_relative_by(
    s: &mut String,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    working_days: impl FnOnce() -> u32,
) {
    // Whole minutes, counted towards zero: 30 seconds either way is under a minute.
    let mins = (due - now).num_minutes();
    if due > now {
        s.push_str("due in ");
        return if mins == 0 { s.push_str(UNDER_A_MINUTE) } else { push_span(s, mins) };
    }
    s.push_str("overdue by ");
    let wd = working_days();
    if wd >= 1 {
        push_counted(s, u64::from(wd), "working day");
    } else if mins == 0 {
        s.push_str(UNDER_A_MINUTE);
    } else {
        push_span(s, -mins);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_time_left() {
        let cal = Calendar::england_and_wales();
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(relative(t("2026-11-23T15:00:00Z"), now, &cal), "due in 5 hours");
        // Due this very second is overdue (`DutyStatus::at`: due <= now), and says so.
        assert_eq!(relative(t("2026-11-23T10:00:00Z"), now, &cal), "overdue by under a minute");
        assert_eq!(relative(t("2026-11-23T09:15:00Z"), now, &cal), "overdue by 45 minutes");
        assert_eq!(relative(t("2026-11-19T10:00:00Z"), now, &cal), "overdue by 2 working days");
        assert_eq!(relative(t("2026-11-26T10:00:00Z"), now, &cal), "due in 3 days");
        assert_eq!(relative(t("2026-11-23T10:01:00Z"), now, &cal), "due in 1 minute");
        assert_eq!(relative(t("2026-11-23T11:00:00Z"), now, &cal), "due in 1 hour");
        assert_eq!(relative(t("2026-11-20T10:00:00Z"), now, &cal), "overdue by 1 working day");
        assert_eq!(relative(t("2026-11-23T09:59:00Z"), now, &cal), "overdue by 1 minute");
        // Under a minute either way: the words agree with the status, never "due now".
        assert_eq!(relative(t("2026-11-23T09:59:30Z"), now, &cal), "overdue by under a minute");
        assert_eq!(relative(t("2026-11-23T09:59:00.001Z"), now, &cal), "overdue by under a minute");
        assert_eq!(relative(t("2026-11-23T10:00:30Z"), now, &cal), "due in under a minute");
        assert_eq!(relative(t("2026-11-23T10:00:00.001Z"), now, &cal), "due in under a minute");
        assert_eq!(relative(t("2026-11-23T10:01:30Z"), now, &cal), "due in 1 minute");
        assert_eq!(relative(t("2026-11-23T09:58:30Z"), now, &cal), "overdue by 1 minute");
    }

    /// The words agree with the status at every second around the deadline: "overdue" exactly
    /// when `DutyStatus::at` says overdue, "due in" exactly when it says open.
    #[test]
    fn the_words_follow_the_status() {
        use crate::domain::record::{DutyState, DutyStatus};
        let cal = Calendar::england_and_wales();
        let due: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        for secs in -150..=150 {
            let now = due + chrono::Duration::seconds(secs);
            let words = relative(due, now, &cal);
            match DutyStatus::Open.at(Some(due), now) {
                DutyState::Overdue => assert!(words.starts_with("overdue by "), "{secs}s: {words}"),
                state => assert!(words.starts_with("due in "), "{secs}s: {state:?} {words}"),
            }
        }
    }
}

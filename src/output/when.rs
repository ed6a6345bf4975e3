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

/// "due in 3 hours", "due now", "overdue by 2 working days" (or by hours, when under a working day).
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

fn push_relative_by(
    s: &mut String,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    working_days: impl FnOnce() -> u32,
) {
    let mins = (due - now).num_minutes();
    if mins > 0 {
        s.push_str("due in ");
        return push_span(s, mins);
    }
    if mins == 0 {
        return s.push_str("due now");
    }
    let wd = working_days();
    if wd >= 1 {
        s.push_str("overdue by ");
        push_counted(s, u64::from(wd), "working day");
    } else {
        s.push_str("overdue by ");
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
        assert_eq!(relative(t("2026-11-23T10:00:00Z"), now, &cal), "due now");
        assert_eq!(relative(t("2026-11-23T09:15:00Z"), now, &cal), "overdue by 45 minutes");
        assert_eq!(relative(t("2026-11-19T10:00:00Z"), now, &cal), "overdue by 2 working days");
        assert_eq!(relative(t("2026-11-26T10:00:00Z"), now, &cal), "due in 3 days");
        assert_eq!(relative(t("2026-11-23T10:01:00Z"), now, &cal), "due in 1 minute");
        assert_eq!(relative(t("2026-11-23T11:00:00Z"), now, &cal), "due in 1 hour");
        assert_eq!(relative(t("2026-11-20T10:00:00Z"), now, &cal), "overdue by 1 working day");
        assert_eq!(relative(t("2026-11-23T09:59:00Z"), now, &cal), "overdue by 1 minute");
    }
}

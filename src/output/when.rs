//! Time left, in words: "in 5 hours", "overdue by 2 working days".

use chrono::{DateTime, Utc};

use crate::domain::calendar::Calendar;

fn span(mins: i64) -> String {
    let plural = |n: i64, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match mins {
        m if m < 60 => plural(m.max(0), "minute"),
        m if m < 48 * 60 => plural(m / 60, "hour"),
        m => plural(m / (24 * 60), "day"),
    }
}

/// "due in 3 hours", "due now", "overdue by 2 working days" (or by hours, when under a working day).
pub fn relative(due: DateTime<Utc>, now: DateTime<Utc>, cal: &Calendar) -> String {
    let mins = (due - now).num_minutes();
    if mins > 0 {
        return format!("due in {}", span(mins));
    }
    if mins == 0 {
        return "due now".into();
    }
    let wd = cal.working_days_between(due, now);
    if wd >= 1 {
        format!("overdue by {wd} working day{}", if wd == 1 { "" } else { "s" })
    } else {
        format!("overdue by {}", span(-mins))
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
    }
}

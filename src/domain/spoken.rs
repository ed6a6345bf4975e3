//! Times as people say them, in UK time (Europe/London): "now", "15:40", "today 15:40",
//! "yesterday 9am", "Friday 14:00", "1 Dec 15:40", "1 Dec 2026 3:40pm", and the ISO forms
//! (`2026-12-01 15:40`, RFC 3339). One parser for the interview's date-time questions (typed or
//! in an answer file) and the `--at` flags, so a time that works in one place works in all.
//!
//! Words that leave something out are read as the most recent time that fits and is not in
//! the future, since these are times something happened:
//! - a time alone ("15:40", "9am") is today at that time;
//! - "today"/"yesterday" name the day, UK time (so just after midnight, "yesterday 23:50" is
//!   ten minutes ago);
//! - a weekday ("Friday 14:00") is the most recent Friday 14:00 that is not in the future (on a
//!   Friday morning that is last week's);
//! - a day and month without a year ("1 Dec 15:40") is the most recent 1 Dec 15:40 not in the
//!   future.
//!
//! Whether the result may be in the future is the caller's rule (`when noticed` and `--at`
//! refuse it); "today 15:40" said at 10:00 is today at 15:40, not yesterday's.
//!
//! Clock changes (the rule is [`crate::domain::calendar::london_to_utc`]'s):
//! - the autumn's repeated hour (01:00-01:59 on the last Sunday of October happens twice): the
//!   first of the two, BST. For a concern, the earlier time starts the deadlines sooner, so a
//!   duty is never due later than it should be; the echo says "BST" so the choice is visible.
//! - the spring's missing hour (01:00-01:59 on the last Sunday of March does not exist): read
//!   as a clock not yet put forward, so 01:30 is 02:30 BST (the same instant as 01:30 GMT).
//!   The echo shows 02:30, so the person sees what was recorded.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;

use crate::domain::calendar::{london_to_utc, parse_datetime};

/// The hint beside a date-and-time question on the terminal.
pub const HINT: &str = " (UK time: \"now\", \"15:40\", \"yesterday 9am\", \"Friday 14:00\"; enter for now)";

/// What would work, for a refused answer.
pub const EXAMPLES: &str = "\"now\", \"15:40\", \"today 15:40\", \"yesterday 9am\", \"Friday 14:00\", \
                            \"1 Dec 15:40\" or \"2026-12-01 15:40\" (UK time)";

/// Reads a time as people say it, relative to `now`. The error says what would work.
pub fn parse_spoken(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let text = s.trim();
    let refused = || format!("{text:?} is not a time this tool understands; try {EXAMPLES}");
    if text.is_empty() {
        return Err(refused());
    }
    // The ISO forms first: they are exact, and their own errors (the year range) say more.
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) && text.contains('-') {
        return parse_datetime(text).map_err(|e| format!("{e}; or try {EXAMPLES}"));
    }
    let lower = text.to_lowercase().replace(',', " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let today = now.with_timezone(&London).date_naive();
    let t = match words.as_slice() {
        ["now"] | ["right", "now"] | ["just", "now"] => Some(now),
        [w] if time_of_day(w).is_some() => time_of_day(w).map(|tm| london_to_utc(today, tm)),
        [day, rest @ ..] if !rest.is_empty() => {
            let tm = time_of_day(&rest.join(""));
            match (*day, tm) {
                ("today", Some(tm)) => Some(london_to_utc(today, tm)),
                ("yesterday", Some(tm)) => Some(london_to_utc(today - Duration::days(1), tm)),
                (d, Some(tm)) if weekday(d).is_some() => weekday(d).map(|wd| last_weekday(wd, tm, now)),
                _ => day_month(&words, now),
            }
        }
        _ => None,
    };
    let t = t.ok_or_else(refused)?;
    crate::domain::clock::check_time(t).map_err(|e| format!("{text}: {e}"))
}

/// What a deadline may be given as, for a refused one.
pub const DUE_EXAMPLES: &str =
    "\"Friday\", \"tomorrow 17:00\", \"next Tuesday\", \"2026-12-04\" or \"2026-12-04 17:00\" (UK time)";

/// Reads a deadline as people say it, relative to `now`: a date or a date and time (as
/// [`crate::domain::calendar::parse_day_or_time`] reads them), or "today", "tomorrow" or a
/// weekday ("Friday", "next Tuesday"), each with an optional time of day. A day without a time
/// means `end_of_day` on it. Unlike [`parse_spoken`], the words look forward, since a deadline is
/// to come: a weekday is the next such day after today (on a Friday, "Friday" is next week's).
/// Whether the result may be in the past is the caller's rule.
pub fn parse_due(s: &str, now: DateTime<Utc>, end_of_day: NaiveTime) -> Result<DateTime<Utc>, String> {
    let text = s.trim();
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return crate::domain::calendar::parse_day_or_time(text, end_of_day)
            .map_err(|e| format!("{e}; or try {DUE_EXAMPLES}"));
    }
    let lower = text.to_lowercase().replace(',', " ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.first() == Some(&"next") {
        words.remove(0);
    }
    let refused = || format!("{text:?} is not a date this tool understands; try {DUE_EXAMPLES}");
    let (day, rest) = words.split_first().ok_or_else(refused)?;
    let rest = rest.strip_prefix(&["at"]).unwrap_or(rest);
    let tm = if rest.is_empty() { Some(end_of_day) } else { time_of_day(&rest.join("")) };
    let today = now.with_timezone(&London).date_naive();
    let date = match *day {
        "today" => Some(today),
        "tomorrow" => Some(today + Duration::days(1)),
        d => weekday(d).map(|wd| {
            let ahead = (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
            today + Duration::days(if ahead == 0 { 7 } else { i64::from(ahead) })
        }),
    };
    let t = match (date, tm) {
        (Some(d), Some(tm)) => london_to_utc(d, tm),
        _ => return Err(refused()),
    };
    crate::domain::clock::check_time(t).map_err(|e| format!("{text}: {e}"))
}

/// "Tue 1 Dec 2026 15:40": a time in words, UK time, for echoing an answer back. On the
/// autumn's repeated hour the zone is added ("01:30 BST"), since that clock time happens twice.
pub fn show_spoken(t: DateTime<Utc>) -> String {
    let mut s = String::with_capacity(24);
    push_spoken(&mut s, t);
    s
}

/// [`show_spoken`], written onto the end of `s` (a long screen reuses one buffer).
pub fn push_spoken(s: &mut String, t: DateTime<Utc>) {
    use chrono::Timelike;
    use std::fmt::Write as _;
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let local = t.with_timezone(&London);
    // The clock time, worked out once (each of a zoned time's fields works it out again).
    let naive = local.naive_local();
    let repeated = matches!(London.from_local_datetime(&naive), LocalResult::Ambiguous(..));
    if repeated || !(0..=9999).contains(&naive.year()) {
        let fmt = if repeated { "%a %-d %b %Y %H:%M %Z" } else { "%a %-d %b %Y %H:%M" };
        let _ = write!(s, "{}", local.format(fmt));
        return;
    }
    // "%a %-d %b %Y %H:%M", without parsing that format again for every time shown (the
    // morning screen shows one a row), digit by digit.
    let digits = |s: &mut String, n: u32, width: usize| push_number(s, u64::from(n), width);
    s.push_str(WEEKDAYS[naive.weekday().num_days_from_monday() as usize]);
    s.push(' ');
    digits(s, naive.day(), 1);
    s.push(' ');
    s.push_str(MONTHS[naive.month0() as usize]);
    s.push(' ');
    digits(s, naive.year().unsigned_abs(), 4);
    s.push(' ');
    digits(s, naive.hour(), 2);
    s.push(':');
    digits(s, naive.minute(), 2);
}

/// `n` in decimal digits, at least `width` of them (zeros in front), onto the end of `s`:
/// what `{n:0width$}` writes, without the formatting machinery (a long screen writes several
/// numbers a row).
pub fn push_number(s: &mut String, mut n: u64, width: usize) {
    let (mut buf, mut i) = ([b'0'; 20], 20);
    while n > 0 || 20 - i < width.clamp(1, 20) {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    s.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// When a time falls, as people say it to someone on the same day: "17:40 today",
/// "10:00 tomorrow", "09:00 yesterday", "14:00 Friday" (within the coming week),
/// otherwise "10:00 Mon 30 Nov" (with the year when it is not this year). UK time.
pub fn spoken_when(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let (local, today) = (t.with_timezone(&London), now.with_timezone(&London).date_naive());
    let day = local.date_naive();
    let time = local.format("%H:%M");
    match (day - today).num_days() {
        0 => format!("{time} today"),
        1 => format!("{time} tomorrow"),
        -1 => format!("{time} yesterday"),
        2..=6 => format!("{time} {}", local.format("%A")),
        _ if day.year() == today.year() => format!("{time} {}", local.format("%a %-d %b")),
        _ => format!("{time} {}", local.format("%a %-d %b %Y")),
    }
}

/// "15:40", "9:05", "9am", "9.30pm", "12pm" (noon), "12am" (midnight), "noon", "midnight".
fn time_of_day(w: &str) -> Option<NaiveTime> {
    match w {
        "noon" | "midday" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return NaiveTime::from_hms_opt(0, 0, 0),
        _ => {}
    }
    let (digits, half) = if let Some(d) = w.strip_suffix("am") {
        (d, Some(false))
    } else if let Some(d) = w.strip_suffix("pm") {
        (d, Some(true))
    } else {
        (w, None)
    };
    let (h, m) = match digits.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if half.is_some() => (digits, "00"),
        // A bare number is not a time ("15" could be a day of the month).
        None => return None,
    };
    if h.is_empty()
        || h.len() > 2
        || !h.bytes().all(|b| b.is_ascii_digit())
        || !m.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (mut h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if let Some(pm) = half {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(h, m, 0)
}

fn weekday(w: &str) -> Option<Weekday> {
    let names = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    let w = w.trim_end_matches('.');
    names.iter().find(|(n, _)| w.len() >= 3 && n.starts_with(w)).map(|(_, d)| *d)
}

fn month(w: &str) -> Option<u32> {
    let names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches('.');
    let w = if w == "sept" { "sep" } else { w };
    names.iter().position(|n| w.len() >= 3 && n.starts_with(w)).map(|i| i as u32 + 1)
}

/// The most recent `wd` at `tm` that is not after `now` (today's if it has passed).
fn last_weekday(wd: Weekday, tm: NaiveTime, now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&London).date_naive();
    let back = (7 + today.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    let day = today - Duration::days(i64::from(back));
    let t = london_to_utc(day, tm);
    if t > now { london_to_utc(day - Duration::days(7), tm) } else { t }
}

/// "[Tue] 1 Dec [2026] 15:40": an optional weekday (which must agree), a day and month, an
/// optional year, and a time of day. Without a year, the most recent such time not in the future.
fn day_month(words: &[&str], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut rest = words;
    let mut said_weekday = None;
    if let Some(wd) = rest.first().and_then(|w| weekday(w)) {
        said_weekday = Some(wd);
        rest = &rest[1..];
    }
    let day: u32 = rest.first()?.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse().ok()?;
    let mon = month(rest.get(1)?)?;
    rest = &rest[2..];
    let mut year = None;
    if let Some(y) = rest.first().filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())) {
        year = y.parse::<i32>().ok();
        rest = &rest[1..];
    }
    let rest = rest.strip_prefix(&["at"]).unwrap_or(rest);
    let tm = time_of_day(&rest.join(""))?;
    let at = |y: i32| NaiveDate::from_ymd_opt(y, mon, day).map(|d| (d, london_to_utc(d, tm)));
    let (date, t) = match year {
        Some(y) => at(y)?,
        None => {
            let this = now.with_timezone(&London).year();
            // 29 Feb: go back to the last leap year.
            (0..8).filter_map(|back| at(this - back)).find(|(_, t)| *t <= now)?
        }
    };
    if said_weekday.is_some_and(|wd| wd != date.weekday()) {
        return None;
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_shown_is_what_chrono_s_format_gives_every_hour_for_years() {
        let mut t = utc("0999-12-30T22:17:00Z");
        for _ in 0..3 {
            assert_eq!(show_spoken(t), t.with_timezone(&London).format("%a %-d %b %Y %H:%M").to_string());
            t += Duration::days(1);
        }
        // Every 37 minutes across four years, both clock changes of each included.
        let mut t = utc("2024-01-01T00:00:00Z");
        while t < utc("2028-01-01T00:00:00Z") {
            let local = t.with_timezone(&London);
            let repeated =
                matches!(London.from_local_datetime(&local.naive_local()), LocalResult::Ambiguous(..));
            let fmt = if repeated { "%a %-d %b %Y %H:%M %Z" } else { "%a %-d %b %Y %H:%M" };
            assert_eq!(show_spoken(t), local.format(fmt).to_string(), "{t}");
            t += Duration::minutes(37);
        }
    }

    #[test]
    fn a_number_is_the_digits_format_writes() {
        for n in [0u64, 1, 9, 10, 59, 100, 2026, 99_999, u64::MAX] {
            for width in [0, 1, 2, 4] {
                let mut s = String::from("x");
                push_number(&mut s, n, width);
                assert_eq!(s, format!("x{n:0width$}"), "{n} {width}");
            }
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    #[test]
    fn a_deadline_said_in_words_looks_forward() {
        let eod = NaiveTime::from_hms_opt(23, 59, 59).unwrap();
        let due = |s: &str, now: &str| {
            crate::domain::clock::rfc3339(parse_due(s, utc(now), eod).unwrap_or_else(|e| panic!("{s}: {e}")))
        };
        // Wed 2 Dec 2026, GMT.
        let wed = "2026-12-02T10:00:00Z";
        assert_eq!(due("Friday", wed), "2026-12-04T23:59:59Z");
        assert_eq!(due("next friday 17:00", wed), "2026-12-04T17:00:00Z");
        // On a Wednesday, "Wednesday" is next week's.
        assert_eq!(due("wed", wed), "2026-12-09T23:59:59Z");
        assert_eq!(due("tomorrow 9am", wed), "2026-12-03T09:00:00Z");
        assert_eq!(due("today", wed), "2026-12-02T23:59:59Z");
        assert_eq!(due("2026-12-04", wed), "2026-12-04T23:59:59Z");
        // In summer the UK day ends an hour earlier in UTC.
        assert_eq!(due("Friday", "2026-07-01T10:00:00Z"), "2026-07-03T22:59:59Z");
        // Late on a Sunday evening UK time, "tomorrow" is Monday.
        assert_eq!(due("tomorrow 08:00", "2026-07-05T23:30:00Z"), "2026-07-07T07:00:00Z");
        for bad in ["someday", "friday 25:00", "", "next"] {
            let e = parse_due(bad, utc(wed), eod).unwrap_err();
            assert!(e.contains("Friday"), "{bad:?}: {e}");
        }
    }

    fn at(s: &str, now: &str) -> String {
        crate::domain::clock::rfc3339(parse_spoken(s, utc(now)).unwrap_or_else(|e| panic!("{s}: {e}")))
    }

    // Wed 2 Dec 2026 10:00 GMT.
    const WED: &str = "2026-12-02T10:00:00Z";

    #[test]
    fn the_forms_people_use() {
        assert_eq!(at("now", WED), "2026-12-02T10:00:00Z");
        assert_eq!(at(" Now ", WED), "2026-12-02T10:00:00Z");
        assert_eq!(at("09:15", WED), "2026-12-02T09:15:00Z");
        assert_eq!(at("9:15", WED), "2026-12-02T09:15:00Z");
        assert_eq!(at("today 9.15", WED), "2026-12-02T09:15:00Z");
        assert_eq!(at("Today 15:40", WED), "2026-12-02T15:40:00Z");
        assert_eq!(at("yesterday 9am", WED), "2026-12-01T09:00:00Z");
        assert_eq!(at("yesterday 9 am", WED), "2026-12-01T09:00:00Z");
        assert_eq!(at("yesterday 3:40pm", WED), "2026-12-01T15:40:00Z");
        assert_eq!(at("yesterday 12am", WED), "2026-12-01T00:00:00Z");
        assert_eq!(at("yesterday 12pm", WED), "2026-12-01T12:00:00Z");
        assert_eq!(at("yesterday noon", WED), "2026-12-01T12:00:00Z");
        assert_eq!(at("1 Dec 15:40", WED), "2026-12-01T15:40:00Z");
        assert_eq!(at("1st December 3:40pm", WED), "2026-12-01T15:40:00Z");
        assert_eq!(at("Tue 1 Dec 2026 15:40", WED), "2026-12-01T15:40:00Z");
        assert_eq!(at("1 Dec 2025 at 15:40", WED), "2025-12-01T15:40:00Z");
        assert_eq!(at("2026-12-01 15:40", WED), "2026-12-01T15:40:00Z");
        assert_eq!(at("2026-12-01T15:40:00Z", WED), "2026-12-01T15:40:00Z");
        assert_eq!(at("2026-07-01 15:40", WED), "2026-07-01T14:40:00Z", "UK summer time");
    }

    #[test]
    fn the_echo_is_the_time_in_full() {
        assert_eq!(show_spoken(utc("2026-12-01T15:40:00Z")), "Tue 1 Dec 2026 15:40");
    }

    /// Issue 16: due times as people say them, by the UK day (a late-evening UTC time in
    /// summer is already tomorrow in the UK).
    #[test]
    fn due_times_in_spoken_words() {
        let now = utc("2026-11-23T10:00:00Z"); // Mon 23 Nov 2026 10:00
        assert_eq!(spoken_when(utc("2026-11-23T17:40:00Z"), now), "17:40 today");
        assert_eq!(spoken_when(utc("2026-11-24T10:00:00Z"), now), "10:00 tomorrow");
        assert_eq!(spoken_when(utc("2026-11-22T09:00:00Z"), now), "09:00 yesterday");
        assert_eq!(spoken_when(utc("2026-11-27T14:00:00Z"), now), "14:00 Friday");
        assert_eq!(spoken_when(utc("2026-11-30T10:00:00Z"), now), "10:00 Mon 30 Nov");
        assert_eq!(spoken_when(utc("2027-01-04T10:00:00Z"), now), "10:00 Mon 4 Jan 2027");
        let summer = utc("2026-07-01T12:00:00Z");
        assert_eq!(spoken_when(utc("2026-07-01T23:30:00Z"), summer), "00:30 tomorrow");
        assert_eq!(show_spoken(utc("2026-07-01T14:40:00Z")), "Wed 1 Jul 2026 15:40");
        // Whatever is typed, the echo reads back as the same time.
        for s in ["yesterday 9am", "Friday 14:00", "1 Dec 15:40", "now"] {
            let t = parse_spoken(s, utc(WED)).unwrap();
            assert_eq!(parse_spoken(&show_spoken(t), utc(WED)).unwrap(), t, "{s}");
        }
    }

    #[test]
    fn a_weekday_is_the_most_recent_one_not_in_the_future() {
        // Wed 2 Dec: Friday is 27 Nov, Monday 30 Nov, Wednesday today (its 09:00 has passed).
        assert_eq!(at("Friday 14:00", WED), "2026-11-27T14:00:00Z");
        assert_eq!(at("fri 2pm", WED), "2026-11-27T14:00:00Z");
        assert_eq!(at("Monday 08:30", WED), "2026-11-30T08:30:00Z");
        assert_eq!(at("Wednesday 09:00", WED), "2026-12-02T09:00:00Z");
        // Today's 11:00 is still to come, so it is last Wednesday's.
        assert_eq!(at("Wednesday 11:00", WED), "2026-11-25T11:00:00Z");
        // At the weekend: on Sunday 6 Dec, "Saturday" is the day before and "Sunday" today.
        assert_eq!(at("Saturday 23:00", "2026-12-06T12:00:00Z"), "2026-12-05T23:00:00Z");
        assert_eq!(at("Sunday 11:59", "2026-12-06T12:00:00Z"), "2026-12-06T11:59:00Z");
        assert_eq!(at("Friday 17:00", "2026-12-06T12:00:00Z"), "2026-12-04T17:00:00Z");
        // A weekday that does not agree with the date is refused rather than guessed.
        assert!(parse_spoken("Mon 1 Dec 2026 15:40", utc(WED)).is_err());
    }

    #[test]
    fn around_midnight_the_day_is_the_uk_day() {
        // Thu 3 Dec 00:05 GMT: "yesterday" is Wed 2 Dec; "23:50" alone is today's, still to come.
        let just_after = "2026-12-03T00:05:00Z";
        assert_eq!(at("yesterday 23:50", just_after), "2026-12-02T23:50:00Z");
        assert_eq!(at("23:50", just_after), "2026-12-03T23:50:00Z");
        assert_eq!(at("today 00:01", just_after), "2026-12-03T00:01:00Z");
        assert_eq!(at("midnight", just_after), "2026-12-03T00:00:00Z");
        // In summer the UK day starts at 23:00 UTC: at 23:30 UTC on 1 Jul it is 2 Jul, 00:30 BST.
        let summer = "2026-07-01T23:30:00Z";
        assert_eq!(at("today 00:10", summer), "2026-07-01T23:10:00Z");
        assert_eq!(at("yesterday 23:00", summer), "2026-07-01T22:00:00Z");
        // New Year: on 1 Jan, "31 Dec 22:00" is last year's.
        assert_eq!(at("31 Dec 22:00", "2027-01-01T00:30:00Z"), "2026-12-31T22:00:00Z");
        // A day and month still to come this year is last year's.
        assert_eq!(at("5 Dec 10:00", WED), "2025-12-05T10:00:00Z");
    }

    #[test]
    fn the_spring_missing_hour_reads_as_a_clock_not_yet_put_forward() {
        // Sun 29 Mar 2026: 01:00 GMT becomes 02:00 BST; 01:30 does not exist.
        let after = "2026-03-29T12:00:00Z";
        assert_eq!(at("today 00:30", after), "2026-03-29T00:30:00Z");
        assert_eq!(at("today 01:30", after), "2026-03-29T01:30:00Z", "the instant 01:30 GMT, 02:30 BST");
        assert_eq!(show_spoken(parse_spoken("today 01:30", utc(after)).unwrap()), "Sun 29 Mar 2026 02:30");
        assert_eq!(at("today 02:30", after), "2026-03-29T01:30:00Z");
        assert_eq!(at("today 03:00", after), "2026-03-29T02:00:00Z");
        assert_eq!(at("yesterday 23:00", "2026-03-30T09:00:00Z"), "2026-03-29T22:00:00Z");
    }

    #[test]
    fn the_autumn_repeated_hour_is_the_first_of_the_two() {
        // Sun 25 Oct 2026: 02:00 BST becomes 01:00 GMT; 01:00-01:59 happens twice.
        let after = "2026-10-25T12:00:00Z";
        assert_eq!(at("today 00:30", after), "2026-10-24T23:30:00Z");
        assert_eq!(at("today 01:30", after), "2026-10-25T00:30:00Z", "01:30 BST, the first");
        assert_eq!(show_spoken(utc("2026-10-25T00:30:00Z")), "Sun 25 Oct 2026 01:30 BST");
        assert_eq!(show_spoken(utc("2026-10-25T01:30:00Z")), "Sun 25 Oct 2026 01:30 GMT");
        assert_eq!(at("today 02:30", after), "2026-10-25T02:30:00Z");
        // Ten minutes into the second 01:xx hour, "today 01:30" (the first) has passed.
        assert_eq!(at("today 01:30", "2026-10-25T01:10:00Z"), "2026-10-25T00:30:00Z");
    }

    #[test]
    fn a_refused_answer_says_what_would_work() {
        for bad in
            ["", "teatime", "15", "25:00", "13pm", "Friday", "yesterday", "32 Dec 10:00", "1 Foo 10:00"]
        {
            let e = parse_spoken(bad, utc(WED)).unwrap_err();
            assert!(e.contains("yesterday 9am") && e.contains("15:40"), "{bad}: {e}");
        }
        let e = parse_spoken("2300-01-01 10:00", utc(WED)).unwrap_err();
        assert!(e.contains("outside 1900 to 2199") && e.contains("yesterday 9am"), "{e}");
        assert!(parse_spoken("1 Dec 2300 10:00", utc(WED)).unwrap_err().contains("outside 1900 to 2199"));
    }
}

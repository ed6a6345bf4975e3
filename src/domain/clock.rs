//! "Now" as a value passed in (the command reads it once: `SAFEGUARD_NOW`, RFC 3339, fixes it
//! for tests and demonstrations; see `cli::clock_from_env`), and the one text form of a time.
//!
//! The store keeps times as text and its queries compare them as text (`due_at <= ?`), so the
//! text must sort as the times do. It has one fixed width, `YYYY-MM-DDTHH:MM:SSZ`, which holds
//! only for years 0000 to 9999 (chrono writes year 10000 as "+10000-…", which sorts before
//! "2026-…": issue 11, where `SAFEGUARD_NOW` in 9999 made everything show as due). So every
//! time from outside the tool (the clock, flags, answer files, config dates) must fall in
//! [`FIRST_YEAR`]..=[`LAST_YEAR`], deadlines computed from them are clamped to [`LATEST`]
//! (see `deadline`), and [`stored`] refuses to write any time outside 0000-9999.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

/// A time the store cannot keep (outside the years 0000-9999): bad input, never written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unstorable(pub String);

impl std::fmt::Display for Unstorable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unstorable {}

/// The first year a time given to the tool may fall in (older records are typed in by hand,
/// but nothing about a living person happened before 1900).
pub const FIRST_YEAR: i32 = 1900;

/// The word a date-and-time answer (or default) may be given as, for the command's own time.
/// The tool's word, not a policy id (a policy may have an answer `now` too).
pub const NOW_WORD: &str = "now";
/// The last year a time given to the tool may fall in: far beyond any real deadline, and far
/// enough below 9999 that anything computed from it (at most a few decades of working days)
/// keeps its four-digit year.
pub const LAST_YEAR: i32 = 2199;

/// The latest time the store can keep in its fixed-width text: 9999-12-31T23:59:59Z.
pub const LATEST: DateTime<Utc> = match DateTime::from_timestamp(253_402_300_799, 0) {
    Some(t) => t,
    None => panic!("9999-12-31T23:59:59Z is a valid time"),
};

/// The command's clock. Every time the tool records or compares is taken from here.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock. (Whether "now" is fixed, by `SAFEGUARD_NOW`, is the command's to
    /// decide when it starts: the domain reads no environment.)
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    /// A clock stopped at `t`.
    pub fn fixed(t: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(t) }
    }

    /// Whether "now" is fixed (`SAFEGUARD_NOW`), not the system's.
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    /// The current time in UTC, to the second (records do not need sub-second times).
    pub fn now(&self) -> DateTime<Utc> {
        use chrono::SubsecRound;
        self.fixed.unwrap_or_else(Utc::now).trunc_subsecs(0)
    }
}

/// Parses an RFC 3339 time such as `2026-12-24T16:00:00Z` into UTC.
pub fn parse_rfc3339(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match parse_stored(s) {
        Some(t) => Ok(t),
        None => DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)),
    }
}

/// A time in exactly the form the store writes ([`rfc3339`]: "2026-11-23T10:00:00Z"), read
/// without chrono's general parser (the morning screen reads one a row); `None` for any other
/// text, which [`parse_rfc3339`] then reads the general way (or refuses). A leap second
/// ("…:60Z") is left to chrono.
pub fn parse_stored(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    let (h, m, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if sec > 59 {
        return None;
    }
    Some(date.and_hms_opt(h, m, sec)?.and_utc())
}

/// A time given to the tool, refused (with the reason) unless its year is in
/// [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn check_time(t: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    check_year(t.year()).map(|()| t)
}

/// A date given to the tool, refused unless its year is in [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn check_date(d: NaiveDate) -> Result<NaiveDate, String> {
    check_year(d.year()).map(|()| d)
}

fn check_year(year: i32) -> Result<(), String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(format!("the year {year} is outside {FIRST_YEAR} to {LAST_YEAR}, the years this tool accepts"))
    }
}

/// A date `YYYY-MM-DD` given to the tool (a flag, a config date), within the accepted years.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    // chrono also reads signed years of five or more digits ("+262142-12-31"); a date here is
    // always written with four.
    let d = match s.split_once('-') {
        Some((y, _)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => s.parse::<NaiveDate>().ok(),
        _ => None,
    }
    .ok_or_else(|| format!("{s:?} is not a date like 2026-12-24"))?;
    check_date(d).map_err(|e| format!("{s}: {e}"))
}

/// The one format times are stored and printed in: RFC 3339, UTC, whole seconds, `Z`, always
/// `YYYY-MM-DDTHH:MM:SSZ` for the years 0000-9999 (outside them chrono's signed form, which
/// [`stored`] refuses).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    // The same text as the format "%Y-%m-%dT%H:%M:%SZ", without parsing that format again for
    // every time shown (the morning screen writes one a row); chrono's own for the years whose
    // "%Y" is not four digits.
    if (0..=9999).contains(&t.year()) {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    } else {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// A time as the store keeps it ([`rfc3339`]), refused outside the years 0000-9999 where the
/// text would no longer sort as the times do.
pub fn stored(t: DateTime<Utc>) -> Result<String, Unstorable> {
    if (0..=9999).contains(&t.year()) {
        Ok(rfc3339(t))
    } else {
        Err(Unstorable(format!(
            "the time {} is outside the years 0000 to 9999 the store can keep",
            rfc3339(t)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_reads_as_chrono_reads_it_and_anything_else_is_left_to_chrono() {
        let general = |s: &str| DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).ok();
        for s in [
            "2026-11-23T10:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2024-02-29T23:59:59Z",
            "2026-03-29T01:30:00Z",
        ] {
            assert_eq!(parse_stored(s), general(s), "{s}");
            assert_eq!(rfc3339(parse_stored(s).unwrap()), s);
        }
        // Not the stored form, or not a real time: the fast path declines, and the general
        // parser decides (accepting what RFC 3339 allows, refusing the rest).
        for s in [
            "2025-02-29T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T10:60:00Z",
            "2026-11-23T10:00:60Z",
            "2026-11-23 10:00:00Z",
            "2026-11-23T10:00:00z",
            "+026-11-23T10:00:00Z",
            "2026-11-23T10:00:00+00:00",
            "2026-1a-23T10:00:00Z",
            "2026-11-23T10:00:00.5Z",
        ] {
            assert_eq!(parse_stored(s), None, "{s}");
            assert_eq!(parse_rfc3339(s).ok(), general(s), "{s}");
        }
    }

    #[test]
    fn fixed_clock_returns_its_time_in_utc() {
        let t = parse_rfc3339("2026-03-27T12:00:00+01:00").unwrap();
        assert_eq!(rfc3339(Clock::fixed(t).now()), "2026-03-27T11:00:00Z");
    }

    #[test]
    fn stored_text_has_one_width_and_sorts_as_the_times_do() {
        let times: Vec<DateTime<Utc>> =
            [0i64, 1, -2_208_988_800, 253_402_300_799, -62_167_219_200, 1_795_000_000]
                .iter()
                .map(|s| DateTime::from_timestamp(*s, 0).unwrap())
                .collect();
        for a in &times {
            let ta = stored(*a).unwrap();
            assert_eq!(ta.len(), 20, "{ta}");
            for b in &times {
                assert_eq!(ta.cmp(&stored(*b).unwrap()), a.cmp(b), "{a} vs {b}");
            }
        }
        assert_eq!(stored(LATEST).unwrap(), "9999-12-31T23:59:59Z");
        assert_eq!(
            stored(DateTime::from_timestamp(-62_167_219_200, 0).unwrap()).unwrap(),
            "0000-01-01T00:00:00Z"
        );
        let e = stored(LATEST + chrono::Duration::seconds(1)).unwrap_err();
        assert!(e.to_string().contains("+10000-01-01T00:00:00Z is outside the years 0000 to 9999"), "{e}");
        assert_eq!(crate::error::Error::from(e).exit().code(), 2);
        assert!(stored(DateTime::from_timestamp(-62_167_219_201, 0).unwrap()).is_err());
    }

    #[test]
    fn dates_and_times_outside_the_window_are_refused() {
        assert!(parse_date("1900-01-01").is_ok() && parse_date("2199-12-31").is_ok());
        for bad in ["1899-12-31", "2200-01-01", "0000-01-01", "9999-12-31"] {
            assert!(parse_date(bad).unwrap_err().contains("outside 1900 to 2199"), "{bad}");
        }
        for bad in ["+262142-12-31", "-0001-01-01", "+2026-01-01", "20260-01-01", "26-01-01", "2026-13-01"] {
            assert!(parse_date(bad).unwrap_err().contains("is not a date like"), "{bad}");
        }
        assert!(check_time(parse_rfc3339("2199-12-31T23:59:59Z").unwrap()).is_ok());
        assert!(check_time(parse_rfc3339("2200-01-01T00:00:00Z").unwrap()).is_err());
        assert!(check_time(parse_rfc3339("1899-12-31T23:59:59Z").unwrap()).is_err());
    }
}

//! Working days and deadline arithmetic, in Europe/London local time.
//!
//! The seeds never define "working day" (DOMAIN.md §3.1 [GAP]). This project reads it as
//! Monday to Friday, less the bank holidays of the service's jurisdiction (England and Wales by
//! default) and any closure days in the config. "N working days" after a moment is the same
//! local clock time on the Nth following working day; a moment on a non-working day counts
//! from 09:00 on the next working day. Clock hours run through nights, weekends and holidays.
//! Everything is computed in Europe/London and stored in UTC, so a clock change between the
//! start and the deadline keeps the local time (Friday 12:00 GMT + 1 working day = Monday
//! 12:00 BST).

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

/// Whose bank holidays make a day non-working.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Jurisdiction {
    #[default]
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

/// Deserialises a list of dates written either as TOML dates (`2026-12-24`) or as strings.
pub fn date_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<chrono::NaiveDate>, D::Error> {
    use serde::de::Error as _;
    let raw = Vec::<toml::Value>::deserialize(d)?;
    raw.into_iter()
        .map(|v| {
            let text = match v {
                toml::Value::String(s) => s,
                toml::Value::Datetime(dt) => dt.to_string(),
                other => {
                    return Err(D::Error::custom(format!("expected a date like 2026-12-24, found {other}")));
                }
            };
            crate::domain::clock::parse_date(&text).map_err(D::Error::custom)
        })
        .collect()
}

const EMBEDDED: &str = include_str!("data/bank-holidays.toml");

#[derive(Deserialize)]
struct Embedded {
    first_year: i32,
    last_year: i32,
    #[serde(deserialize_with = "date_list")]
    england_and_wales: Vec<NaiveDate>,
    #[serde(deserialize_with = "date_list")]
    scotland: Vec<NaiveDate>,
    #[serde(deserialize_with = "date_list")]
    northern_ireland: Vec<NaiveDate>,
}

/// The working-day calendar of one service.
#[derive(Clone, Debug)]
pub struct Calendar {
    closed: BTreeSet<NaiveDate>,
    /// The closures that fall Monday to Friday, in order: counted by two binary searches
    /// (the morning screen counts working days for every row it shows).
    closed_weekdays: Vec<NaiveDate>,
    first_year: i32,
    last_year: i32,
    /// Years covered by dates from the config beyond the embedded range.
    extra_years: BTreeSet<i32>,
}

/// When a working-day count starts if the trigger falls on a non-working day.
pub const DAY_START: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => panic!("09:00 is a valid time"),
};

impl Calendar {
    /// The embedded bank holidays of `jurisdiction`, plus `extra` closure or holiday dates.
    pub fn new(jurisdiction: Jurisdiction, extra: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        let e: Embedded = toml::from_str(EMBEDDED).expect("the embedded bank-holiday table parses");
        let list = match jurisdiction {
            Jurisdiction::EnglandAndWales => e.england_and_wales,
            Jurisdiction::Scotland => e.scotland,
            Jurisdiction::NorthernIreland => e.northern_ireland,
        };
        let mut closed: BTreeSet<NaiveDate> = list.into_iter().collect();
        let mut extra_years = BTreeSet::new();
        for d in extra {
            if d.year() < e.first_year || d.year() > e.last_year {
                extra_years.insert(d.year());
            }
            closed.insert(d);
        }
        let closed_weekdays =
            closed.iter().copied().filter(|c| !matches!(c.weekday(), Weekday::Sat | Weekday::Sun)).collect();
        Calendar { closed, closed_weekdays, first_year: e.first_year, last_year: e.last_year, extra_years }
    }

    /// England and Wales with no extra closures.
    pub fn england_and_wales() -> Calendar {
        Calendar::new(Jurisdiction::EnglandAndWales, [])
    }

    /// True for Monday to Friday that is neither a bank holiday nor a closure day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.closed.contains(&d)
    }

    /// True when the bank holidays of `year` are known (embedded, or given in the config).
    pub fn knows_year(&self, year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&year) || self.extra_years.contains(&year)
    }

    fn next_working_day(&self, mut d: NaiveDate) -> NaiveDate {
        loop {
            d = d.succ_opt().expect("dates stay far from the end of time");
            if self.is_working_day(d) {
                return d;
            }
        }
    }

    /// `n` working days after `t`, at the same local clock time (09:00 when `t` falls on a
    /// non-working day). Also returns the years whose bank holidays were not known.
    pub fn add_working_days(&self, t: DateTime<Utc>, n: u32) -> (DateTime<Utc>, Vec<i32>) {
        let local = t.with_timezone(&London);
        let (mut date, time) = if self.is_working_day(local.date_naive()) {
            (local.date_naive(), local.time())
        } else {
            (self.next_working_day(local.date_naive()), DAY_START)
        };
        let mut unknown = BTreeSet::new();
        for _ in 0..n {
            date = self.next_working_day(date);
        }
        for y in local.year()..=date.year() {
            if !self.knows_year(y) {
                unknown.insert(y);
            }
        }
        (london_to_utc(date, time), unknown.into_iter().collect())
    }

    /// Working days that have passed from `from` to `to`, counted the same way as
    /// [`Calendar::add_working_days`]: the largest `n` with `add_working_days(from, n) <= to`.
    /// Closed form (weekdays in the range less closures), so years of overdue cost nothing.
    pub fn working_days_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
        let local = from.with_timezone(&London);
        let (start, time) = if self.is_working_day(local.date_naive()) {
            (local.date_naive(), local.time())
        } else {
            (self.next_working_day(local.date_naive()), DAY_START)
        };
        let end = to.with_timezone(&London).date_naive();
        if end <= start {
            return 0;
        }
        let mut n = self.working_days_in(start + Duration::days(1), end - Duration::days(1));
        if self.is_working_day(end) && london_to_utc(end, time) <= to {
            n += 1;
        }
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Working days from `a` to `b`, both included (0 when `b` is before `a`).
    fn working_days_in(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return 0;
        }
        let total = (b - a).num_days() + 1;
        let mut weekdays = total / 7 * 5;
        let mut d = a + Duration::days(total / 7 * 7);
        while d <= b {
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                weekdays += 1;
            }
            d += Duration::days(1);
        }
        let c = &self.closed_weekdays;
        let closed = c.partition_point(|d| *d <= b) - c.partition_point(|d| *d < a);
        weekdays - closed as i64
    }
}

/// [`Calendar::working_days_between`] from many start times up to one fixed `to`: the morning
/// screen counts, for every due duty it lists, the working days it is overdue by at its "now".
/// What depends on `to` alone is worked out once; London's offset is looked up once a UTC day,
/// and the whole working days from a start date to `to`'s once a start date, so a row costs a
/// few comparisons. On a day the clocks change (at either end) it asks the calendar itself,
/// and a test holds the two to the same answers.
pub struct WorkingDaysTo<'c> {
    cal: &'c Calendar,
    to: DateTime<Utc>,
    /// `to`'s London date.
    end: NaiveDate,
    end_working: bool,
    /// `to`'s London time when the clocks do not change on `end` (a local time on `end` is
    /// then at or before `to` exactly when it is at or before this one); none on a day they do.
    end_time: Option<NaiveTime>,
    /// The last UTC day asked about (days from 1970-01-01) and London's offset from UTC, in
    /// seconds, all through it; none when the clocks change that day.
    day: Option<(i64, Option<i64>)>,
    /// The last London start date asked about: where the count starts from it (the date, or
    /// the next working day), whether it is itself a working day, and the working days from the
    /// day after that start to the day before `end`.
    start: Option<(NaiveDate, NaiveDate, bool, i64)>,
}

impl Calendar {
    /// Counts working days up to `to` for many start times ([`WorkingDaysTo`]).
    pub fn working_days_to(&self, to: DateTime<Utc>) -> WorkingDaysTo<'_> {
        let local = to.with_timezone(&London);
        let end = local.date_naive();
        let same_offset = |a: NaiveTime, b: NaiveTime| match (
            London.from_local_datetime(&end.and_time(a)),
            London.from_local_datetime(&end.and_time(b)),
        ) {
            (LocalResult::Single(a), LocalResult::Single(b)) => a.offset().fix() == b.offset().fix(),
            _ => false,
        };
        let last = NaiveTime::from_hms_opt(23, 59, 59).expect("a valid time");
        let end_time = same_offset(NaiveTime::MIN, last).then(|| local.time());
        WorkingDaysTo {
            cal: self,
            to,
            end,
            end_working: self.is_working_day(end),
            end_time,
            day: None,
            start: None,
        }
    }
}

impl WorkingDaysTo<'_> {
    /// The time counted up to.
    pub fn to(&self) -> DateTime<Utc> {
        self.to
    }

    /// Working days that have passed from `from` to this counter's `to`: the same as
    /// [`Calendar::working_days_between`].
    pub fn since(&mut self, from: DateTime<Utc>) -> u32 {
        let secs = from.timestamp();
        let utc_day = secs.div_euclid(86_400);
        let offset = match self.day {
            Some((day, offset)) if day == utc_day => offset,
            _ => {
                let offset = constant_offset(utc_day);
                self.day = Some((utc_day, offset));
                offset
            }
        };
        let (Some(offset), Some(end_time)) = (offset, self.end_time) else {
            return self.cal.working_days_between(from, self.to);
        };
        let Some(local) = from.naive_utc().checked_add_signed(Duration::seconds(offset)) else {
            return self.cal.working_days_between(from, self.to);
        };
        let date = local.date();
        let (start, working, between) = match self.start {
            Some((d, start, working, between)) if d == date => (start, working, between),
            _ => {
                let working = self.cal.is_working_day(date);
                let start = if working { date } else { self.cal.next_working_day(date) };
                let between = if self.end <= start {
                    0
                } else {
                    self.cal.working_days_in(start + Duration::days(1), self.end - Duration::days(1))
                };
                self.start = Some((date, start, working, between));
                (start, working, between)
            }
        };
        if self.end <= start {
            return 0;
        }
        let time = if working { local.time() } else { DAY_START };
        let n = between + i64::from(self.end_working && time <= end_time);
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// London's offset from UTC in seconds through all of the UTC day `day` (days from 1970-01-01),
/// or none when the clocks change that day (they change at most once a day).
fn constant_offset(day: i64) -> Option<i64> {
    let at = |secs: i64| {
        DateTime::<Utc>::from_timestamp(secs, 0)
            .map(|t| i64::from(London.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc()))
    };
    let (first, last) = (at(day.checked_mul(86_400)?)?, at(day.checked_mul(86_400)? + 86_399)?);
    (first == last).then_some(first)
}

/// A local Europe/London date and time as UTC. In the autumn's repeated hour the earlier
/// instant is taken; in the spring's missing hour, the first valid instant after it.
pub fn london_to_utc(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    match London.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => london_to_utc(date, time + Duration::hours(1)),
    }
}

/// A UTC time shown in Europe/London, e.g. `Mon 30 Mar 2026 12:00 BST`.
pub fn show_local(t: DateTime<Utc>) -> String {
    t.with_timezone(&London).format("%a %-d %b %Y %H:%M %Z").to_string()
}

/// RFC 3339 with an offset, or a local UK date and time (`2026-11-23 09:30` or `2026-11-23T09:30`),
/// in the years the tool accepts ([`crate::domain::clock::check_time`]).
pub fn parse_datetime(s: &str) -> std::result::Result<DateTime<Utc>, String> {
    let s = s.trim();
    let t = DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc)).or_else(|| {
        // chrono's %Y also reads signed years of five or more digits; a time here has four.
        let four_digit_year =
            s.as_bytes().get(..5).is_some_and(|y| y[..4].iter().all(u8::is_ascii_digit) && y[4] == b'-');
        ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .filter(|_| four_digit_year)
            .find_map(|fmt| NaiveDateTime::parse_from_str(s, fmt).ok())
            .map(|t| london_to_utc(t.date(), t.time()))
    });
    let t = t.ok_or_else(|| {
        format!("{s:?} is not a date and time like 2026-11-23T09:30:00Z or 2026-11-23 09:30 (UK time)")
    })?;
    crate::domain::clock::check_time(t).map_err(|e| format!("{s}: {e}"))
}

/// A date (`2026-11-23`, UK, at `time_of_day` on it) or a date and time as [`parse_datetime`]
/// reads them: `export --since` (the start of the day) and an action plan's `due` (its end).
pub fn parse_day_or_time(s: &str, time_of_day: NaiveTime) -> std::result::Result<DateTime<Utc>, String> {
    let s = s.trim();
    if !s.contains([' ', 'T', ':']) {
        return crate::domain::clock::parse_date(s).map(|d| london_to_utc(d, time_of_day));
    }
    parse_datetime(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn published_bank_holidays_are_not_working_days() {
        let ew = Calendar::england_and_wales();
        for day in [
            "2020-05-08",
            "2022-06-02",
            "2022-06-03",
            "2022-09-19",
            "2023-05-08",
            "2024-03-29",
            "2025-04-21",
            "2026-12-28",
            "2027-12-27",
            "2027-12-28",
            "2028-01-03",
            "2030-04-22",
        ] {
            assert!(!ew.is_working_day(d(day)), "{day} should be a bank holiday in England and Wales");
        }
        // Easter Monday and the late-August holiday are not Scottish; 2 January and St Andrew's are.
        let sc = Calendar::new(Jurisdiction::Scotland, []);
        assert!(sc.is_working_day(d("2026-04-06")));
        assert!(sc.is_working_day(d("2026-08-31")));
        assert!(!sc.is_working_day(d("2026-08-03")));
        assert!(!sc.is_working_day(d("2026-01-02")));
        assert!(
            !sc.is_working_day(d("2025-12-01")),
            "St Andrew's Day 2025 falls on a Sunday; Monday is the substitute"
        );
        let ni = Calendar::new(Jurisdiction::NorthernIreland, []);
        assert!(!ni.is_working_day(d("2026-03-17")));
        assert!(!ni.is_working_day(d("2026-07-13")), "12 July 2026 is a Sunday; the 13th is the substitute");
        assert!(ew.is_working_day(d("2026-03-17")));
    }

    #[test]
    fn friday_noon_before_the_clocks_go_forward_is_monday_noon_bst() {
        let cal = Calendar::england_and_wales();
        let (due, unknown) = cal.add_working_days(utc("2026-03-27T12:00:00Z"), 1);
        assert_eq!(due, utc("2026-03-30T11:00:00Z"));
        assert_eq!(show_local(due), "Mon 30 Mar 2026 12:00 BST");
        assert!(unknown.is_empty());
    }

    #[test]
    fn friday_before_the_clocks_go_back_keeps_local_time() {
        let cal = Calendar::england_and_wales();
        // 23 Oct 2026 15:30 BST (14:30 UTC) + 1 working day -> Mon 26 Oct 15:30 GMT.
        let (due, _) = cal.add_working_days(utc("2026-10-23T14:30:00Z"), 1);
        assert_eq!(due, utc("2026-10-26T15:30:00Z"));
    }

    #[test]
    fn christmas_and_new_year_are_skipped() {
        let cal = Calendar::england_and_wales();
        // Thu 24 Dec 2026 16:00: Fri 25 and Mon 28 are holidays; the next working day is Tue 29.
        assert_eq!(cal.add_working_days(utc("2026-12-24T16:00:00Z"), 1).0, utc("2026-12-29T16:00:00Z"));
        // Thu 31 Dec 2026 10:00 + 1: Fri 1 Jan 2027 is a holiday -> Mon 4 Jan.
        assert_eq!(cal.add_working_days(utc("2026-12-31T10:00:00Z"), 1).0, utc("2027-01-04T10:00:00Z"));
        // 5 working days from Wed 23 Dec 2026 10:00: 24, 29, 30, 31 Dec, 4 Jan.
        assert_eq!(cal.add_working_days(utc("2026-12-23T10:00:00Z"), 5).0, utc("2027-01-04T10:00:00Z"));
    }

    #[test]
    fn easter_is_skipped() {
        let cal = Calendar::england_and_wales();
        // Thu 2 Apr 2026 09:30 BST + 1: Good Friday 3 Apr and Easter Monday 6 Apr -> Tue 7 Apr.
        assert_eq!(cal.add_working_days(utc("2026-04-02T08:30:00Z"), 1).0, utc("2026-04-07T08:30:00Z"));
        // Scotland keeps Easter Monday as a working day.
        let sc = Calendar::new(Jurisdiction::Scotland, []);
        assert_eq!(sc.add_working_days(utc("2026-04-02T08:30:00Z"), 1).0, utc("2026-04-06T08:30:00Z"));
    }

    #[test]
    fn a_weekend_trigger_counts_from_nine_on_monday() {
        let cal = Calendar::england_and_wales();
        // Sat 21 Nov 2026 22:00 -> counting starts Mon 23 Nov 09:00 -> due Tue 24 Nov 09:00.
        assert_eq!(cal.add_working_days(utc("2026-11-21T22:00:00Z"), 1).0, utc("2026-11-24T09:00:00Z"));
        // Bank holiday trigger: Mon 31 Aug 2026 10:00 BST -> Tue 1 Sep 09:00 start -> Wed 2 Sep 09:00 BST.
        assert_eq!(cal.add_working_days(utc("2026-08-31T09:00:00Z"), 1).0, utc("2026-09-02T08:00:00Z"));
    }

    #[test]
    fn closure_days_and_unknown_years() {
        let cal = Calendar::new(Jurisdiction::EnglandAndWales, [d("2026-11-24")]);
        assert_eq!(cal.add_working_days(utc("2026-11-23T10:00:00Z"), 1).0, utc("2026-11-25T10:00:00Z"));
        let (_, unknown) = cal.add_working_days(utc("2031-02-03T10:00:00Z"), 1);
        assert_eq!(unknown, vec![2031]);
        let with_2031 = Calendar::new(Jurisdiction::EnglandAndWales, [d("2031-01-01")]);
        assert!(with_2031.add_working_days(utc("2031-02-03T10:00:00Z"), 1).1.is_empty());
    }

    #[test]
    fn working_days_between_agrees_with_adding_working_days() {
        let cal = Calendar::england_and_wales();
        let starts = [
            "2026-12-24T16:00:00Z",
            "2026-11-21T22:00:00Z",
            "2026-03-27T12:00:00Z",
            "2026-10-23T14:30:00Z",
            "2025-12-31T08:00:00Z",
        ];
        for s in starts {
            let from = utc(s);
            for n in 0..40u32 {
                let (due, _) = cal.add_working_days(from, n);
                assert_eq!(cal.working_days_between(from, due), n, "from {s}, n {n}");
                if n > 0 {
                    assert_eq!(
                        cal.working_days_between(from, due - Duration::minutes(1)),
                        n - 1,
                        "from {s}, n {n}, a minute early"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// The morning screen's counter gives what the calendar gives, for start times in any
        /// order (its caches are per UTC day and per start date), around clock changes, bank
        /// holidays and weekends, at either end.
        #[test]
        fn working_days_to_agrees_with_working_days_between(
            to_at in 0usize..12,
            to_shift in -2i64 * 86_400..2 * 86_400,
            froms in proptest::collection::vec(-3 * 365 * 86_400i64..86_400, 1..40),
            sorted in proptest::bool::ANY,
        ) {
            let cal = Calendar::new(Jurisdiction::EnglandAndWales, [d("2026-11-24")]);
            // Clock changes (29 Mar, 25 Oct 2026; 31 Mar 2024), Christmas, a closure day, a
            // weekend, the day after a change.
            let tos = [
                "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", "2026-10-25T00:30:00Z",
                "2026-10-25T01:30:00Z", "2026-12-25T10:00:00Z", "2026-11-24T09:00:00Z",
                "2026-11-23T10:00:00Z", "2026-11-22T23:30:00Z", "2026-03-30T08:00:00Z",
                "2024-03-31T12:00:00Z", "2027-01-01T00:00:00Z", "2026-10-26T09:00:00Z",
            ];
            let to = utc(tos[to_at]) + Duration::seconds(to_shift);
            let mut froms: Vec<DateTime<Utc>> = froms.iter().map(|s| to + Duration::seconds(*s)).collect();
            if sorted {
                froms.sort();
            }
            let mut counter = cal.working_days_to(to);
            for from in froms {
                proptest::prop_assert_eq!(counter.since(from), cal.working_days_between(from, to), "from {}", from);
            }
        }
    }

    #[test]
    fn working_days_to_agrees_on_the_hours_of_a_clock_change() {
        let cal = Calendar::england_and_wales();
        // Every quarter hour of the weeks around both 2026 clock changes, to a "now" on each
        // change's day and the working day after.
        for to in
            ["2026-03-29T12:00:00Z", "2026-03-30T07:59:00Z", "2026-10-25T12:00:00Z", "2026-10-26T09:00:00Z"]
        {
            let to = utc(to);
            let mut counter = cal.working_days_to(to);
            let mut from = to - Duration::days(10);
            while from <= to {
                assert_eq!(counter.since(from), cal.working_days_between(from, to), "from {from} to {to}");
                from += Duration::minutes(15);
            }
        }
    }

    #[test]
    fn working_days_between_counts_whole_days() {
        let cal = Calendar::england_and_wales();
        let fri = utc("2026-11-20T10:00:00Z");
        assert_eq!(cal.working_days_between(fri, utc("2026-11-23T09:59:00Z")), 0);
        assert_eq!(cal.working_days_between(fri, utc("2026-11-23T10:00:00Z")), 1);
        assert_eq!(cal.working_days_between(fri, utc("2026-11-25T11:00:00Z")), 3);
    }
}

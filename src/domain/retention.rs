//! Retention (DOMAIN.md §6.5): the basis on which a record is kept and when its retention is
//! reviewed, from the policy's `[retention.KIND]`.
//!
//! A review date is counted from when the concern was closed: a record still open is kept while
//! it is open. Nothing here deletes anything: a review that has come is listed by `review --due`
//! for a person to decide on, and a record frozen for a practice review (003 §7.13) has no
//! review at all, whatever its dates.

use chrono::{DateTime, Months, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::record::{ConcernRecord, ConcernStatus, Content, EntryKind};
use crate::policy::Policy;

/// The longest review period a policy may set, in years.
pub const YEARS_MAX: u32 = 100;

/// How one kind of record is kept, as the policy says.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSpec {
    /// The basis, in words, for the designated person (may cite paragraphs).
    pub basis: String,
    /// The paragraphs it rests on.
    pub source: String,
    /// Years after the closing at which the retention is reviewed; none where no period is set.
    pub review_after_years: Option<u32>,
    /// The role that reviews it (a role id).
    pub owner: String,
    /// An event that records a date (its `date`) to keep the record until, if that is later
    /// than the review period: a member of staff's normal retirement date, for "10 years or to
    /// retirement age if later" (003 §9.15). The latest date logged on the record counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub or_later: Option<String>,
}

/// Where one record's retention stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Frozen for a practice review: kept, and never reviewed while frozen (003 §7.13).
    Frozen,
    /// Still open: kept while it is open; the review date is set when it closes.
    Open,
    /// The policy sets no period for this kind of record: kept until the organisation sets one.
    NoPeriod,
    /// Closed, with a review date not yet reached.
    Scheduled,
    /// Closed, and its review date has come: a person decides whether it is still needed.
    Due,
}

/// One record's retention, as `show` gives it.
#[derive(Clone, Debug, Serialize)]
pub struct Retention {
    pub basis: String,
    /// The role that reviews it.
    pub owner: String,
    pub source: String,
    pub review_after_years: Option<u32>,
    /// The event whose date the record is kept until if that is later (`or_later`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub or_later: Option<String>,
    /// The latest date that event logged on the record, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub later_date: Option<NaiveDate>,
    /// What that date is, in the policy's words (the event's `date`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub later_what: Option<String>,
    pub state: State,
    /// When the retention is reviewed (closed, with a period set, and not frozen).
    #[serde(serialize_with = "time_opt")]
    pub review_due: Option<DateTime<Utc>>,
}

fn time_opt<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&crate::domain::clock::rfc3339(*t)),
        None => s.serialize_none(),
    }
}

/// `years` whole years after `from` (29 February to 28 February); none past the calendar's end.
pub fn years_after(from: DateTime<Utc>, years: u32) -> Option<DateTime<Utc>> {
    from.checked_add_months(Months::new(years.checked_mul(12)?))
}

impl Retention {
    /// The retention of a record kept under `spec`, with this status, closed at `closed_at`
    /// (the last closing entry), at `now`; `later` is the latest date its `or_later` event
    /// logged: the review is then on the later of the two (the start of that day, UK time).
    pub fn of(
        spec: &RetentionSpec,
        status: ConcernStatus,
        closed_at: Option<DateTime<Utc>>,
        later: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Retention {
        let later = later.filter(|_| spec.or_later.is_some());
        let due = match (status, spec.review_after_years, closed_at) {
            (ConcernStatus::Closed, Some(y), Some(at)) => years_after(at, y).map(|d| match later {
                Some(l) => d.max(crate::domain::calendar::london_to_utc(l, NaiveTime::MIN)),
                None => d,
            }),
            _ => None,
        };
        let state = match status {
            ConcernStatus::Frozen => State::Frozen,
            _ if spec.review_after_years.is_none() => State::NoPeriod,
            ConcernStatus::Open => State::Open,
            ConcernStatus::Closed => match due {
                Some(d) if d <= now => State::Due,
                _ => State::Scheduled,
            },
        };
        Retention {
            basis: spec.basis.clone(),
            owner: spec.owner.clone(),
            source: spec.source.clone(),
            review_after_years: spec.review_after_years,
            or_later: spec.or_later.clone(),
            later_date: later,
            later_what: None,
            state,
            review_due: due,
        }
    }

    /// The retention of a record in the store under `policy`, if the policy says how its kind
    /// is kept: counted from its last closing entry (the record must hold its journal).
    pub fn of_record(policy: &Policy, r: &ConcernRecord, now: DateTime<Utc>) -> Option<Retention> {
        let spec = policy.retention_for(policy.about_kind(&r.concern.about))?;
        let closed_at = r.entries.iter().filter(|e| e.kind == EntryKind::Closed).map(|e| e.at).max();
        let later = spec.or_later.as_deref().and_then(|ev| latest_date(&r.entries, ev));
        Some(Retention::of(spec, r.concern.status, closed_at, later, now).in_words_of(policy))
    }

    /// With the policy's words for what its `or_later` date is.
    pub fn in_words_of(self, policy: &Policy) -> Retention {
        let later_what =
            self.or_later.as_deref().and_then(|ev| policy.events.get(ev)).and_then(|e| e.date.clone());
        Retention { later_what, ..self }
    }

    /// What the `or_later` date adds to the words: the date logged, or that none has been.
    fn or_later_words(&self) -> String {
        let what = self.later_what.as_deref().or(self.or_later.as_deref()).unwrap_or_default();
        match (&self.or_later, self.later_date) {
            (None, _) => String::new(),
            (Some(_), Some(d)) => format!(", or on {} ({what}) if that is later", d.format("%a %-d %b %Y")),
            (Some(ev), None) => format!(
                ", or on {what} if that is later: that date is not logged yet (log ID {ev} --date YYYY-MM-DD), so check it before anything is deleted"
            ),
        }
    }

    /// The retention review has come (never for a frozen record).
    pub fn is_due(&self) -> bool {
        self.state == State::Due
    }

    /// Where it stands, in words, for `show`.
    pub fn words(&self) -> String {
        let show = crate::domain::calendar::show_local;
        match (&self.state, self.review_due) {
            (State::Frozen, _) => {
                "frozen for a practice review: kept, with no retention review while frozen (003 §7.13)".into()
            }
            (State::Open, _) => format!(
                "kept while open; reviewed {} years after it is closed{}",
                self.review_after_years.unwrap_or_default(),
                self.or_later_words()
            ),
            (State::NoPeriod, _) => {
                "no retention period is set: kept until the organisation sets one; never deleted automatically"
                    .into()
            }
            (State::Due, Some(d)) => format!(
                "retention review due since {}{}: decide whether the record is still needed (nothing is deleted automatically)",
                show(d),
                self.or_later_words()
            ),
            (_, Some(d)) => format!("retention review due {}{}", show(d), self.or_later_words()),
            (_, None) => "no review date could be set (past the calendar's end)".into(),
        }
    }
}

/// The latest date the event `event` logged in these entries (an event with a `date`).
pub fn latest_date(entries: &[crate::domain::record::Entry], event: &str) -> Option<NaiveDate> {
    entries
        .iter()
        .filter_map(|e| match e.content() {
            Ok(Content::Event(ev)) if ev.event == event => ev.date,
            _ => None,
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn spec(years: Option<u32>) -> RetentionSpec {
        RetentionSpec {
            basis: "b".into(),
            source: "s".into(),
            review_after_years: years,
            owner: "dp".into(),
            or_later: None,
        }
    }

    #[test]
    fn a_closed_record_is_reviewed_whole_years_after_its_closing() {
        let closed = t("2026-03-10T09:00:00Z");
        let r = Retention::of(
            &spec(Some(10)),
            ConcernStatus::Closed,
            Some(closed),
            None,
            t("2030-01-01T00:00:00Z"),
        );
        assert_eq!(r.review_due, Some(t("2036-03-10T09:00:00Z")));
        assert_eq!(r.state, State::Scheduled);
        let r = Retention::of(
            &spec(Some(10)),
            ConcernStatus::Closed,
            Some(closed),
            None,
            t("2036-03-10T09:00:00Z"),
        );
        assert!(r.is_due());
        assert_eq!(years_after(t("2028-02-29T12:00:00Z"), 1), Some(t("2029-02-28T12:00:00Z")));
    }

    #[test]
    fn open_frozen_and_unset_records_have_no_review_date() {
        let late = t("2090-01-01T00:00:00Z");
        let closed = Some(t("2026-03-10T09:00:00Z"));
        let frozen = Retention::of(&spec(Some(1)), ConcernStatus::Frozen, closed, None, late);
        assert_eq!((frozen.state.clone(), frozen.review_due), (State::Frozen, None));
        assert!(!frozen.is_due());
        let open = Retention::of(&spec(Some(1)), ConcernStatus::Open, None, None, late);
        assert_eq!((open.state, open.review_due), (State::Open, None));
        let unset = Retention::of(&spec(None), ConcernStatus::Closed, closed, None, late);
        assert_eq!((unset.state, unset.review_due), (State::NoPeriod, None));
    }
}

//! Management statistics (003 §3.2, §6.12, §6.27: "number and nature", never identifiable
//! case data): counts by kind, category and outcome, timeliness of duties by kind, and a flag
//! on providers with repeated areas for improvement (004 Purpose ¶4). Counts from 1 to 4 are
//! suppressed, as national safeguarding statistics do, so small numbers cannot identify anyone.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::domain::record::{ConcernStatus, DutyStatus};
use crate::policy::bindings::One;

/// The smallest count shown; 1 to 4 are suppressed (0 is shown).
pub const SUPPRESS_BELOW: usize = 5;

/// A count as shown: exact, or suppressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Shown {
    Count(usize),
    Suppressed(&'static str),
}

impl Shown {
    pub fn of(n: usize) -> Shown {
        if n > 0 && n < SUPPRESS_BELOW { Shown::Suppressed("<5") } else { Shown::Count(n) }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shown::Count(n) => write!(f, "{n}"),
            Shown::Suppressed(s) => f.write_str(s),
        }
    }
}

/// One concern, as much as the statistics need.
#[derive(Clone, Debug)]
pub struct ConcernFacts {
    pub about: String,
    pub status: ConcernStatus,
    pub recommendation: String,
    pub outcome: Option<String>,
    pub category: Option<String>,
    pub raised_at: DateTime<Utc>,
    /// The provider's name, for provider concerns.
    pub provider: Option<String>,
}

/// One duty, as much as timeliness needs.
#[derive(Clone, Debug)]
pub struct DutyFacts {
    pub kind: String,
    pub status: DutyStatus,
    pub due: Option<DateTime<Utc>>,
    pub done_at: Option<DateTime<Utc>>,
}

/// Timeliness of one duty kind.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Timeliness {
    pub on_time: Shown,
    pub late: Shown,
    pub missed: Shown,
    /// Share done on time, as a percentage; None when fewer than 5 duties were due.
    pub on_time_percent: Option<f64>,
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub concerns: Shown,
    pub by_kind: BTreeMap<String, Shown>,
    pub by_category: BTreeMap<String, Shown>,
    pub by_recommendation: BTreeMap<String, Shown>,
    pub by_decision: BTreeMap<String, Shown>,
    pub by_status: BTreeMap<String, Shown>,
    pub timeliness: BTreeMap<String, Timeliness>,
    /// Providers with 3 or more areas for improvement within 90 days.
    pub provider_flags: Vec<ProviderFlag>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProviderFlag {
    pub provider: String,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub note: &'static str,
}

fn count<'a>(items: impl Iterator<Item = &'a str>) -> BTreeMap<String, Shown> {
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for i in items {
        *m.entry(i.to_owned()).or_default() += 1;
    }
    m.into_iter().map(|(k, v)| (k, Shown::of(v))).collect()
}

/// Builds the report; `now` decides which open duties are already missed.
/// `minor` is the outcome that marks a provider's area for improvement.
pub fn report(concerns: &[ConcernFacts], duties: &[DutyFacts], now: DateTime<Utc>, minor: &One) -> Report {
    let mut per_kind: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for d in duties {
        let Some(due) = d.due else { continue };
        let e = per_kind.entry(d.kind.clone()).or_default();
        match (d.status, d.done_at) {
            (DutyStatus::Done, Some(t)) if t <= due => e.0 += 1,
            (DutyStatus::Done, Some(_)) => e.1 += 1,
            (DutyStatus::Open, _) if due <= now => e.2 += 1,
            _ => {}
        }
    }
    let timeliness = per_kind
        .into_iter()
        .filter(|(_, (a, b, c))| a + b + c > 0)
        .map(|(k, (on, late, missed))| {
            let total = on + late + missed;
            let pct = (total >= SUPPRESS_BELOW).then(|| (on as f64 * 1000.0 / total as f64).round() / 10.0);
            (
                k,
                Timeliness {
                    on_time: Shown::of(on),
                    late: Shown::of(late),
                    missed: Shown::of(missed),
                    on_time_percent: pct,
                },
            )
        })
        .collect();
    Report {
        concerns: Shown::of(concerns.len()),
        by_kind: count(concerns.iter().map(|c| c.about.as_str())),
        by_category: count(concerns.iter().filter_map(|c| c.category.as_deref())),
        by_recommendation: count(concerns.iter().map(|c| c.recommendation.as_str())),
        by_decision: count(concerns.iter().map(|c| c.outcome.as_deref().unwrap_or("no decision yet"))),
        by_status: count(concerns.iter().map(|c| c.status.as_str())),
        timeliness,
        provider_flags: provider_flags(concerns, minor),
    }
}

/// Providers with 3 or more area-for-improvement concerns within any 90 days (004 Purpose ¶4:
/// repeated minor failings can add up to abuse).
pub fn provider_flags(concerns: &[ConcernFacts], minor: &One) -> Vec<ProviderFlag> {
    let mut by: BTreeMap<String, (String, Vec<DateTime<Utc>>)> = BTreeMap::new();
    for c in concerns {
        let minor = crate::policy::bindings::is(minor, c.outcome.as_deref().unwrap_or(&c.recommendation));
        if let (true, Some(p)) = (minor, &c.provider) {
            let key = p.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            by.entry(key).or_insert_with(|| (p.trim().to_owned(), vec![])).1.push(c.raised_at);
        }
    }
    let mut out = Vec::new();
    for (_, (name, mut times)) in by {
        times.sort();
        if let Some(w) = times.windows(3).find(|w| w[2] - w[0] <= Duration::days(90)) {
            out.push(ProviderFlag {
                provider: name,
                window_start: w[0],
                window_end: w[2],
                note: "3 or more areas for improvement within 90 days: consider safeguarding or provider-management procedures (004 Purpose ¶4)",
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn concern(about: &str, rec: &str, at: &str, provider: Option<&str>) -> ConcernFacts {
        ConcernFacts {
            about: about.into(),
            status: ConcernStatus::Open,
            recommendation: rec.into(),
            outcome: None,
            category: None,
            raised_at: t(at),
            provider: provider.map(str::to_owned),
        }
    }

    #[test]
    fn counts_of_one_to_four_are_suppressed() {
        assert_eq!(Shown::of(0), Shown::Count(0));
        for n in 1..=4 {
            assert_eq!(Shown::of(n).to_string(), "<5");
        }
        assert_eq!(Shown::of(5), Shown::Count(5));
        let cs: Vec<ConcernFacts> = (0..7)
            .map(|i| {
                concern(
                    if i < 5 { "child" } else { "adult" },
                    "keep-under-review",
                    "2026-01-01T00:00:00Z",
                    None,
                )
            })
            .collect();
        let r = report(&cs, &[], t("2026-02-01T00:00:00Z"), &Some("area-for-improvement".into()));
        assert_eq!(r.by_kind["child"], Shown::Count(5));
        assert_eq!(r.by_kind["adult"].to_string(), "<5");
        assert_eq!(r.concerns, Shown::Count(7));
    }

    #[test]
    fn timeliness_counts_on_time_late_and_missed() {
        let due = Some(t("2026-01-02T10:00:00Z"));
        let d = |status: &str, done: Option<&str>| DutyFacts {
            kind: "dp-decision".into(),
            status: status.parse().unwrap(),
            due,
            done_at: done.map(t),
        };
        let mut duties = vec![d("done", Some("2026-01-02T09:00:00Z")); 6];
        duties.extend(vec![d("done", Some("2026-01-03T09:00:00Z")); 2]);
        duties.extend(vec![d("open", None); 2]);
        duties.push(d("cancelled", None));
        let r = report(&[], &duties, t("2026-01-05T00:00:00Z"), &Some("area-for-improvement".into()));
        let tl = &r.timeliness["dp-decision"];
        assert_eq!(tl.on_time, Shown::Count(6));
        assert_eq!(tl.late.to_string(), "<5");
        assert_eq!(tl.missed.to_string(), "<5");
        assert_eq!(tl.on_time_percent, Some(60.0));
        // Open duties not yet due are neither late nor missed.
        let r =
            report(&[], &[d("open", None)], t("2026-01-01T00:00:00Z"), &Some("area-for-improvement".into()));
        assert!(r.timeliness.is_empty());
        // Too few to show a share.
        let r = report(
            &[],
            &[d("done", Some("2026-01-02T09:00:00Z"))],
            t("2026-01-05T00:00:00Z"),
            &Some("area-for-improvement".into()),
        );
        assert_eq!(r.timeliness["dp-decision"].on_time_percent, None);
    }

    #[test]
    fn providers_with_three_minor_concerns_in_90_days_are_flagged() {
        let aif = "area-for-improvement";
        let cs = vec![
            concern("provider", aif, "2026-01-01T00:00:00Z", Some("Oakview Care")),
            concern("provider", aif, "2026-02-15T00:00:00Z", Some("oakview  care")),
            concern("provider", aif, "2026-03-30T00:00:00Z", Some("Oakview Care")),
            concern("provider", aif, "2026-01-01T00:00:00Z", Some("Elm House")),
            concern("provider", aif, "2026-03-01T00:00:00Z", Some("Elm House")),
            concern("provider", aif, "2026-06-01T00:00:00Z", Some("Elm House")),
            concern("provider", "good-practice", "2026-01-02T00:00:00Z", Some("Ash Lodge")),
        ];
        let flags = provider_flags(&cs, &Some("area-for-improvement".into()));
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].provider, "Oakview Care");
        assert_eq!(flags[0].window_end, t("2026-03-30T00:00:00Z"));
    }
}

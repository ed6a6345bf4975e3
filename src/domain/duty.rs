//! Turning the duties a path starts into due times (DOMAIN.md §3).
//!
//! Every start of one duty kind adds its rules; the duty is due at the earliest rule's time
//! and keeps all of them, so the record shows both sides of a conflict between the seeds.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::Calendar;
use crate::domain::deadline::{RuleDue, UnspecifiedDays, strictest};
use crate::policy::route::Resolved;
use crate::policy::{Anchor, Policy, Start};

/// A duty with its due time, before it is stored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Planned {
    pub kind: String,
    pub title: String,
    /// Role id.
    pub owner: String,
    /// The earliest of the rules' due times.
    pub due: Option<DateTime<Utc>>,
    pub rules: Vec<RuleDue>,
    /// Warnings, e.g. bank holidays unknown for a year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The moments rules count from.
#[derive(Clone, Copy, Debug)]
pub struct Anchors {
    pub raised: DateTime<Utc>,
    pub noticed: DateTime<Utc>,
    /// The event (or decision) that starts the duties; `raised` at raise time.
    pub event: DateTime<Utc>,
}

impl Anchors {
    pub fn at(&self, a: Anchor) -> DateTime<Utc> {
        match a {
            Anchor::Raised => self.raised,
            Anchor::Noticed => self.noticed,
            Anchor::Event => self.event,
        }
    }
}

/// The note for a duty best done before a time of day: on the day it starts if that is still
/// possible, else as early as possible (the soft time never moves the deadline).
fn prefer_note(
    pb: &crate::policy::PreferBefore,
    start: DateTime<Utc>,
    due: DateTime<Utc>,
    cal: &Calendar,
) -> Option<String> {
    let time = pb.time_of_day()?;
    let local = start.with_timezone(&chrono_tz::Europe::London);
    let today = local.date_naive();
    if due <= start {
        return None;
    }
    Some(if cal.is_working_day(today) && local.time() < time {
        format!("Best done before {} today: {}", time.format("%H:%M"), pb.why)
    } else {
        format!(
            "It is after {} or not a working day: {} Do it as early as you can.",
            time.format("%H:%M"),
            pb.why
        )
    })
}

/// Plans the duties `starts` asks for on a concern's route: duties the route swaps are started
/// as their replacements, and each duty goes to its owner on the route (never the subject).
pub fn plan_on(
    route: &Resolved,
    policy: &Policy,
    starts: &[Start],
    anchors: Anchors,
    cal: &Calendar,
    days: UnspecifiedDays,
) -> Vec<Planned> {
    let mut planned = plan(policy, &route.starts(starts), anchors, cal, days);
    for d in &mut planned {
        d.owner = route.owner(&d.owner).to_owned();
    }
    planned
}

/// The rule of a repeating duty due at `due`, a point of its schedule.
fn cadence_rule(c: &crate::policy::CadenceSpec, due: DateTime<Utc>) -> RuleDue {
    RuleDue { within: c.cadence().words(), from: c.from.words().to_owned(), source: c.source.clone(), due }
}

/// The next time a duty of `kind` is due once it has been done at `anchors.event` (a progress
/// review recorded then): a duty with a cadence at its schedule's first point after that; any
/// other by its own rules. None when the policy has no such duty.
pub fn next_of(
    policy: &Policy,
    kind: &str,
    anchors: Anchors,
    cal: &Calendar,
    days: UnspecifiedDays,
) -> Option<Planned> {
    let spec = policy.duties.get(kind)?;
    let Some(c) = &spec.cadence else {
        return plan(policy, &[Start::Kind(kind.to_owned())], anchors, cal, days).pop();
    };
    let due = c.cadence().next_after(anchors.at(c.from), anchors.event);
    Some(Planned {
        kind: kind.to_owned(),
        title: spec.title.clone(),
        owner: spec.owner.clone(),
        due: Some(due),
        rules: vec![cadence_rule(c, due)],
        notes: vec![],
    })
}

/// Plans the duties `starts` asks for, in order of first mention.
pub fn plan(
    policy: &Policy,
    starts: &[Start],
    anchors: Anchors,
    cal: &Calendar,
    days: UnspecifiedDays,
) -> Vec<Planned> {
    let mut order: Vec<String> = Vec::new();
    let mut by_kind: BTreeMap<String, Planned> = BTreeMap::new();
    for s in starts {
        let Some(spec) = policy.duties.get(s.kind()) else { continue };
        let entry = by_kind.entry(s.kind().to_owned()).or_insert_with(|| {
            order.push(s.kind().to_owned());
            Planned {
                kind: s.kind().to_owned(),
                title: spec.title.clone(),
                owner: spec.owner.clone(),
                due: None,
                rules: vec![],
                notes: vec![],
            }
        });
        let rules: Vec<(crate::domain::deadline::Within, Anchor, String)> = match s {
            Start::Kind(_) => spec.rules.iter().map(|r| (r.within, r.from, r.source.clone())).collect(),
            Start::Rule { within, from, source, .. } => vec![(*within, *from, source.clone())],
        };
        // A repeating duty started by its kind is first due at its schedule's first point.
        if let (Start::Kind(_), Some(c)) = (s, &spec.cadence) {
            let rule = cadence_rule(c, c.cadence().point(anchors.at(c.from), 1));
            if !entry.rules.contains(&rule) {
                entry.rules.push(rule);
            }
        }
        for (within, from, source) in rules {
            let (due, unknown) = within.due(anchors.at(from), cal, days);
            let rule = RuleDue { within: within.to_string(), from: from.words().to_owned(), source, due };
            if !entry.rules.contains(&rule) {
                entry.rules.push(rule);
            }
            for y in unknown {
                let note =
                    format!("bank holidays for {y} are not known; add them to the config's bank_holidays");
                if !entry.notes.contains(&note) {
                    entry.notes.push(note);
                }
            }
        }
        entry.due = strictest(&entry.rules);
        if let (Some(pb), Some(due)) = (&spec.prefer_before, entry.due)
            && let Some(note) = prefer_note(pb, anchors.event, due, cal)
            && !entry.notes.contains(&note)
        {
            entry.notes.push(note);
        }
    }
    order.into_iter().filter_map(|k| by_kind.remove(&k)).collect()
}

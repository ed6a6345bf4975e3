//! The state of the store rebuilt from the journal alone (issue 14).
//!
//! Every entry's body carries, under `effects`, what the entry did to the projections: the
//! concern it created (with every column of its row), a new status or outcome, each duty it
//! opened (with its id and every column), each duty whose due time it tightened, and each duty
//! it ended (done, cancelled, suspended). The write path computes these once and applies the
//! same [`Effects`] to the tables (`store::records::apply_effects`), so [`replay`] needs no
//! policy and no SQL: entries in, rows out. [`compare`] then names every difference between the
//! rows the journal implies and the rows the tables hold, so an edit of `concerns` or `duties`
//! behind the tool's back (a concern "closed", a duty "done" with no entry) shows in `verify`.
//!
//! Entries written before the journal held its effects (stores older than schema 7) are
//! "legacy": the status of a concern raised by one is rebuilt from its entries' kinds
//! (`closed`, `frozen`) and its outcome from its decisions, and its duties are checked only
//! where a later entry recorded what happened to them. See [`Replayed::legacy`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The effects of one entry, as its body records them under `effects`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effects {
    /// The concern this entry created (the `raised` entry only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concern: Option<NewConcernRow>,
    /// The concern's new status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The concern's new outcome (a decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Duties opened, with the ids they were given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opened: Vec<OpenedDuty>,
    /// Open duties whose due time and basis changed (a later start of the same kind tightens
    /// one: the earlier due time wins, the rules are merged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<ChangedDuty>,
    /// Duties ended: done, cancelled (closing) or suspended (freezing, 003 §7.13).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ended: Vec<EndedDuty>,
}

impl Effects {
    pub fn is_empty(&self) -> bool {
        *self == Effects::default()
    }
}

/// A new concern's row, every column as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewConcernRow {
    pub id: String,
    pub year: i64,
    pub seq: i64,
    pub about: String,
    pub raised_at: String,
    pub recommendation: String,
    pub anonymous: bool,
    /// The stored summary (JSON text, kept as text so it compares byte for byte).
    pub summary: String,
    pub policy_id: String,
    pub policy_version: String,
    pub policy_hash: String,
}

/// A duty opened by an entry, every column as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenedDuty {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due_at: Option<String>,
    /// The stored basis (JSON text).
    pub basis: String,
}

/// An open duty's new due time and basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangedDuty {
    pub id: i64,
    pub due_at: Option<String>,
    pub basis: String,
}

/// A duty ended by an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndedDuty {
    pub id: i64,
    /// `done`, `cancelled` or `suspended`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
}

/// A `concerns` row, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcernRow {
    pub id: String,
    pub year: i64,
    pub seq: i64,
    pub about: String,
    pub status: String,
    pub raised_at: String,
    pub recommendation: String,
    pub outcome: Option<String>,
    pub anonymous: bool,
    pub summary: String,
    pub policy_id: String,
    pub policy_version: String,
    pub policy_hash: String,
}

impl ConcernRow {
    /// The row a new concern starts with.
    pub fn new(c: &NewConcernRow) -> ConcernRow {
        ConcernRow {
            id: c.id.clone(),
            year: c.year,
            seq: c.seq,
            about: c.about.clone(),
            status: "open".into(),
            raised_at: c.raised_at.clone(),
            recommendation: c.recommendation.clone(),
            outcome: None,
            anonymous: c.anonymous,
            summary: c.summary.clone(),
            policy_id: c.policy_id.clone(),
            policy_version: c.policy_version.clone(),
            policy_hash: c.policy_hash.clone(),
        }
    }

    /// Every column but the id, named, as text: what [`compare`] compares.
    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("year", self.year.to_string()),
            ("seq", self.seq.to_string()),
            ("about", self.about.clone()),
            ("status", self.status.clone()),
            ("raised_at", self.raised_at.clone()),
            ("recommendation", self.recommendation.clone()),
            ("outcome", show(&self.outcome)),
            ("anonymous", self.anonymous.to_string()),
            ("summary", self.summary.clone()),
            ("policy_id", self.policy_id.clone()),
            ("policy_version", self.policy_version.clone()),
            ("policy_hash", self.policy_hash.clone()),
        ]
    }
}

/// A `duties` row, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyRow {
    pub id: i64,
    pub concern_id: String,
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due_at: Option<String>,
    pub status: String,
    pub done_at: Option<String>,
    pub basis: String,
    pub opened_by: i64,
    pub closed_by: Option<i64>,
}

impl DutyRow {
    /// The row a duty opened by entry `seq` starts with.
    pub fn opened(concern: &str, seq: i64, d: &OpenedDuty) -> DutyRow {
        DutyRow {
            id: d.id,
            concern_id: concern.to_owned(),
            kind: d.kind.clone(),
            title: d.title.clone(),
            owner: d.owner.clone(),
            due_at: d.due_at.clone(),
            status: "open".into(),
            done_at: None,
            basis: d.basis.clone(),
            opened_by: seq,
            closed_by: None,
        }
    }

    /// Applies a change recorded by an entry.
    pub fn change(&mut self, c: &ChangedDuty) {
        self.due_at = c.due_at.clone();
        self.basis = c.basis.clone();
    }

    /// Applies an end recorded by entry `seq`.
    pub fn end(&mut self, seq: i64, e: &EndedDuty) {
        self.status = e.status.clone();
        self.done_at = e.done_at.clone();
        self.closed_by = Some(seq);
    }

    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("concern_id", self.concern_id.clone()),
            ("kind", self.kind.clone()),
            ("title", self.title.clone()),
            ("owner", self.owner.clone()),
            ("due_at", show(&self.due_at)),
            ("status", self.status.clone()),
            ("done_at", show(&self.done_at)),
            ("basis", self.basis.clone()),
            ("opened_by", self.opened_by.to_string()),
            ("closed_by", show(&self.closed_by.map(|s| s.to_string()))),
        ]
    }
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "null".into())
}

/// What replay needs of one entry.
#[derive(Clone, Debug)]
pub struct JournalEntry {
    pub seq: i64,
    /// None for an entry of the roster (issue 14), which belongs to no concern.
    pub concern: Option<String>,
    pub kind: String,
    pub body: String,
}

/// What the journal implies.
#[derive(Debug, Default)]
pub struct Replayed {
    /// Every concern the journal raised, with the row it implies (for a legacy concern: only
    /// `status` and `outcome` are known; see [`Replayed::legacy`]).
    pub concerns: BTreeMap<String, ConcernRow>,
    /// Every duty an entry with effects opened, with the row it implies.
    pub duties: BTreeMap<i64, DutyRow>,
    /// Concerns raised by a legacy entry (no effects): only their status and outcome are
    /// rebuilt, and of their duties only what later entries recorded ([`Replayed::touched`]).
    pub legacy: BTreeSet<String>,
    /// Duties of legacy concerns that entries with effects changed or ended: (concern, the
    /// last change or None, the last end and its entry or None).
    pub touched: BTreeMap<i64, Touched>,
    /// Entries without effects.
    pub legacy_entries: usize,
    /// The first entry that recorded its effects: every later one must too.
    pub first_effects: Option<i64>,
    /// What does not hold together inside the journal itself (effects that do not read, a
    /// concern raised twice, a gap in the numbering, an effect on a duty no entry opened).
    pub problems: Vec<String>,
}

/// What entries with effects did to a duty that a legacy entry opened.
#[derive(Clone, Debug, Default)]
pub struct Touched {
    pub concern: String,
    pub changed: Option<ChangedDuty>,
    pub ended: Option<(i64, EndedDuty)>,
}

/// Reads the `effects` of an entry's body: `Ok(None)` for a legacy entry (no `effects`).
pub fn effects_of(body: &str) -> Result<Option<Effects>, String> {
    #[derive(Deserialize)]
    struct Holder {
        #[serde(default)]
        effects: Option<Effects>,
    }
    serde_json::from_str::<Holder>(body).map(|h| h.effects).map_err(|e| e.to_string())
}

/// The year and number of a concern id `SG-YYYY-NNNN`.
pub fn numbering(id: &str) -> Option<(i64, i64)> {
    let rest = id.strip_prefix("SG-")?;
    let (year, seq) = rest.split_once('-')?;
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (ok(year) && ok(seq) && seq.len() >= 4).then(|| Some((year.parse().ok()?, seq.parse().ok()?)))?
}

/// Rebuilds the projections from the journal, oldest entry first. Every entry from
/// `effects_from` on must record its effects (the store's schema 7 began there).
pub fn replay(entries: impl IntoIterator<Item = JournalEntry>, effects_from: i64) -> Replayed {
    let mut out = Replayed::default();
    let mut last_number: BTreeMap<i64, i64> = BTreeMap::new();
    for e in entries {
        // A roster entry (who is who, their roles and keys: issue 14) changes no concern or duty
        // and records no effects; `verify` checks it with the signatures. One that claims effects,
        // or an entry of another kind that belongs to no concern, does not hold together.
        let Some(concern) = e.concern.clone() else {
            let roster =
                e.kind == crate::domain::signed::ROSTER_ADD || e.kind == crate::domain::signed::ROSTER_RETIRE;
            match effects_of(&e.body) {
                Ok(None) if roster => {}
                Ok(Some(_)) if roster => out.problems.push(format!(
                    "entry {} of the roster ({}): a roster entry changes no concern, but it records effects",
                    e.seq, e.kind
                )),
                _ => out.problems.push(format!("entry {} ({}): it belongs to no concern", e.seq, e.kind)),
            }
            continue;
        };
        let e = Concerned { seq: e.seq, concern, kind: e.kind, body: e.body };
        let name = format!("entry {} of {} ({})", e.seq, e.concern, e.kind);
        let effects = match effects_of(&e.body) {
            Ok(Some(fx)) => {
                out.first_effects.get_or_insert(e.seq);
                Some(fx)
            }
            Ok(None) if e.seq >= effects_from => {
                out.problems.push(format!(
                    "{name}: it records no effects, though every entry from {effects_from} on must \
                     (were they removed?)"
                ));
                continue;
            }
            Ok(None) if out.first_effects.is_some() => {
                out.problems.push(format!(
                    "{name}: it records no effects, though the entries before it do (were they removed?)"
                ));
                continue;
            }
            Ok(None) => {
                out.legacy_entries += 1;
                None
            }
            Err(why) => {
                out.problems.push(format!("{name}: its effects do not read: {why}"));
                continue;
            }
        };
        if e.kind == "raised" {
            if out.concerns.contains_key(&e.concern) {
                out.problems.push(format!("{name}: concern {} is raised a second time", e.concern));
                continue;
            }
            match numbering(&e.concern) {
                None => out.problems.push(format!("{name}: {} is not a concern number", e.concern)),
                Some((year, n)) => {
                    let last = last_number.get(&year).copied().unwrap_or(0);
                    if n != last + 1 {
                        let missing = if n > last + 1 {
                            format!("SG-{year}-{:04} is missing", last + 1)
                        } else {
                            format!("it comes after SG-{year}-{last:04}")
                        };
                        out.problems.push(format!("{name}: concern numbering is broken ({missing})"));
                    }
                    last_number.insert(year, n.max(last));
                }
            }
            match effects.as_ref().and_then(|fx| fx.concern.as_ref()) {
                Some(c) => {
                    if c.id != e.concern || numbering(&c.id) != Some((c.year, c.seq)) {
                        out.problems.push(format!(
                            "{name}: the entry is filed under {} but records raising {} ({}, number {})",
                            e.concern, c.id, c.year, c.seq
                        ));
                    }
                    out.concerns.insert(e.concern.clone(), ConcernRow::new(c));
                }
                None if effects.is_some() => {
                    out.problems.push(format!("{name}: it records no concern raised"));
                    continue;
                }
                None => {
                    out.legacy.insert(e.concern.clone());
                    let (year, seq) = numbering(&e.concern).unwrap_or((0, 0));
                    out.concerns.insert(
                        e.concern.clone(),
                        ConcernRow {
                            id: e.concern.clone(),
                            year,
                            seq,
                            about: String::new(),
                            status: "open".into(),
                            raised_at: String::new(),
                            recommendation: String::new(),
                            outcome: None,
                            anonymous: false,
                            summary: String::new(),
                            policy_id: String::new(),
                            policy_version: String::new(),
                            policy_hash: String::new(),
                        },
                    );
                }
            }
        } else if !out.concerns.contains_key(&e.concern) {
            out.problems.push(format!("{name}: concern {} was never raised before it", e.concern));
            continue;
        } else if effects.as_ref().is_some_and(|fx| fx.concern.is_some()) {
            out.problems.push(format!("{name}: only a raised entry creates a concern"));
        }
        let Some(fx) = effects else {
            legacy_entry(&mut out, &e);
            continue;
        };
        apply(&mut out, &e, &name, &fx);
    }
    out
}

/// An entry of a concern, as replay reads it once the roster's entries are set aside.
struct Concerned {
    seq: i64,
    concern: String,
    kind: String,
    body: String,
}

/// What a legacy entry (no effects) implies: its kind's status, a decision's outcome.
fn legacy_entry(out: &mut Replayed, e: &Concerned) {
    let Some(row) = out.concerns.get_mut(&e.concern) else { return };
    match e.kind.as_str() {
        "closed" => row.status = "closed".into(),
        "frozen" => row.status = "frozen".into(),
        "decision" => {
            #[derive(Deserialize)]
            struct D {
                #[serde(default)]
                outcome: Option<String>,
            }
            if let Some(o) = serde_json::from_str::<D>(&e.body).ok().and_then(|d| d.outcome) {
                row.outcome = Some(o);
            }
        }
        _ => {}
    }
}

fn apply(out: &mut Replayed, e: &Concerned, name: &str, fx: &Effects) {
    let legacy = out.legacy.contains(&e.concern);
    for d in &fx.opened {
        if out.duties.contains_key(&d.id) {
            out.problems.push(format!("{name}: it opens duty {}, which an earlier entry opened", d.id));
            continue;
        }
        out.duties.insert(d.id, DutyRow::opened(&e.concern, e.seq, d));
    }
    for c in &fx.changed {
        match out.duties.get_mut(&c.id) {
            Some(d) if d.concern_id == e.concern => d.change(c),
            None if legacy => {
                let t = out.touched.entry(c.id).or_default();
                t.concern = e.concern.clone();
                t.changed = Some(c.clone());
            }
            _ => out.problems.push(format!("{name}: it changes duty {}, which no entry of it opened", c.id)),
        }
    }
    for x in &fx.ended {
        match out.duties.get_mut(&x.id) {
            Some(d) if d.concern_id == e.concern => d.end(e.seq, x),
            None if legacy => {
                let t = out.touched.entry(x.id).or_default();
                t.concern = e.concern.clone();
                t.ended = Some((e.seq, x.clone()));
            }
            _ => out.problems.push(format!("{name}: it ends duty {}, which no entry of it opened", x.id)),
        }
    }
    if let Some(row) = out.concerns.get_mut(&e.concern) {
        if let Some(s) = &fx.status {
            row.status = s.clone();
        }
        if let Some(o) = &fx.outcome {
            row.outcome = Some(o.clone());
        }
    }
}

/// Every difference between what the journal implies and what the tables hold, each naming
/// the concern or duty, the field, the table's value and the journal's.
pub fn compare(r: &Replayed, concerns: &[ConcernRow], duties: &[DutyRow]) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for row in concerns {
        seen.insert(row.id.clone());
        let Some(want) = r.concerns.get(&row.id) else {
            out.push(format!("concern {} is in the table, but no journal entry raised it", row.id));
            continue;
        };
        let legacy = r.legacy.contains(&row.id);
        for ((field, have), (_, should)) in row.fields().into_iter().zip(want.fields()) {
            let checked = !legacy || matches!(field, "status" | "outcome" | "year" | "seq");
            if checked && have != should {
                out.push(format!(
                    "concern {}: {field} is {have:?} in the table but {should:?} by the journal",
                    row.id
                ));
            }
        }
    }
    for id in r.concerns.keys().filter(|id| !seen.contains(*id)) {
        out.push(format!("concern {id} was raised in the journal but is missing from the table"));
    }
    let mut seen = BTreeSet::new();
    for row in duties {
        seen.insert(row.id);
        let name = format!("duty {} of {}", row.id, row.concern_id);
        if let Some(want) = r.duties.get(&row.id) {
            for ((field, have), (_, should)) in row.fields().into_iter().zip(want.fields()) {
                if have != should {
                    out.push(format!(
                        "{name}: {field} is {have:?} in the table but {should:?} by the journal"
                    ));
                }
            }
        } else if r.legacy.contains(&row.concern_id) {
            legacy_duty(r, row, &name, &mut out);
        } else {
            out.push(format!("{name} is in the table, but no journal entry opened it"));
        }
    }
    for (id, d) in r.duties.iter().filter(|(id, _)| !seen.contains(*id)) {
        out.push(format!(
            "duty {id} of {} was opened in the journal but is missing from the table",
            d.concern_id
        ));
    }
    for (id, t) in r.touched.iter().filter(|(id, _)| !seen.contains(*id)) {
        out.push(format!(
            "duty {id} of {} is recorded in the journal but is missing from the table",
            t.concern
        ));
    }
    out
}

/// A duty a legacy entry opened: what later entries recorded must hold, and it must not claim
/// to have been ended by an entry that records no such thing.
fn legacy_duty(r: &Replayed, row: &DutyRow, name: &str, out: &mut Vec<String>) {
    let mut differ = |field: &str, have: String, should: String| {
        if have != should {
            out.push(format!("{name}: {field} is {have:?} in the table but {should:?} by the journal"));
        }
    };
    let t = r.touched.get(&row.id);
    if let Some(t) = t {
        differ("concern_id", row.concern_id.clone(), t.concern.clone());
        if let Some(c) = &t.changed
            && t.ended.is_none()
        {
            differ("due_at", show(&row.due_at), show(&c.due_at));
            differ("basis", row.basis.clone(), c.basis.clone());
        }
    }
    match t.and_then(|t| t.ended.as_ref()) {
        Some((seq, x)) => {
            differ("status", row.status.clone(), x.status.clone());
            differ("done_at", show(&row.done_at), show(&x.done_at));
            differ("closed_by", show(&row.closed_by.map(|s| s.to_string())), seq.to_string());
        }
        None => {
            // Ended by no entry that says so: only "open", or an end a legacy entry (or the
            // schema 4 migration, which wrote no entry) may have made.
            if let Some(by) = row.closed_by
                && r.entry_has_effects(by)
            {
                differ("closed_by", by.to_string(), "null".into());
            }
            if row.status == "done" && row.closed_by.is_none() {
                out.push(format!("{name}: status is \"done\" in the table but no entry completed it"));
            }
        }
    }
}

impl Replayed {
    /// Whether entry `seq` recorded its effects (every entry from the first that did).
    fn entry_has_effects(&self, seq: i64) -> bool {
        self.first_effects.is_some_and(|f| seq >= f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raised(seq: i64, id: &str, duty: i64) -> JournalEntry {
        let (year, n) = numbering(id).unwrap();
        let fx = Effects {
            concern: Some(NewConcernRow {
                id: id.into(),
                year,
                seq: n,
                about: "child".into(),
                raised_at: "2026-11-23T10:00:00Z".into(),
                recommendation: "referral".into(),
                anonymous: false,
                summary: "{}".into(),
                policy_id: "p".into(),
                policy_version: "1".into(),
                policy_hash: "h".into(),
            }),
            opened: vec![OpenedDuty {
                id: duty,
                kind: "dp-decision".into(),
                title: "Decide".into(),
                owner: "dp".into(),
                due_at: Some("2026-11-24T10:00:00Z".into()),
                basis: "{}".into(),
            }],
            ..Effects::default()
        };
        entry(seq, id, "raised", &fx)
    }

    fn entry(seq: i64, id: &str, kind: &str, fx: &Effects) -> JournalEntry {
        JournalEntry {
            seq,
            concern: Some(id.into()),
            kind: kind.into(),
            body: serde_json::json!({ "note": "n", "effects": fx }).to_string(),
        }
    }

    fn decided(seq: i64, id: &str, duty: i64) -> JournalEntry {
        let fx = Effects {
            outcome: Some("referral".into()),
            ended: vec![EndedDuty {
                id: duty,
                status: "done".into(),
                done_at: Some("2026-11-23T12:00:00Z".into()),
            }],
            ..Effects::default()
        };
        entry(seq, id, "decision", &fx)
    }

    #[test]
    fn replay_rebuilds_rows_and_compare_finds_them_equal_or_names_each_field() {
        let r = replay([raised(1, "SG-2026-0001", 1), decided(2, "SG-2026-0001", 1)], 1);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let concern = r.concerns["SG-2026-0001"].clone();
        assert_eq!(concern.outcome.as_deref(), Some("referral"));
        let duty = r.duties[&1].clone();
        assert_eq!((duty.status.as_str(), duty.closed_by, duty.opened_by), ("done", Some(2), 1));
        assert!(compare(&r, std::slice::from_ref(&concern), std::slice::from_ref(&duty)).is_empty());
        let mut closed = concern;
        closed.status = "closed".into();
        let mut open = duty;
        open.status = "open".into();
        let diffs = compare(&r, &[closed], &[open]);
        assert_eq!(
            diffs,
            [
                "concern SG-2026-0001: status is \"closed\" in the table but \"open\" by the journal",
                "duty 1 of SG-2026-0001: status is \"open\" in the table but \"done\" by the journal",
            ]
        );
        assert!(compare(&r, &[], &[]).iter().any(|d| d.contains("missing from the table")));
    }

    #[test]
    fn a_gap_in_the_numbering_and_an_effect_on_a_duty_never_opened_are_named() {
        let r = replay(
            [raised(1, "SG-2026-0001", 1), raised(2, "SG-2026-0003", 2), decided(3, "SG-2026-0003", 1)],
            1,
        );
        assert!(r.problems.iter().any(|p| p.contains("SG-2026-0002 is missing")), "{:?}", r.problems);
        assert!(
            r.problems.iter().any(|p| p.contains("ends duty 1, which no entry of it opened")),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn legacy_entries_give_status_and_outcome_and_later_effects_must_not_be_stripped() {
        let legacy = |seq, kind: &str, body: &str| JournalEntry {
            seq,
            concern: Some("SG-2026-0001".into()),
            kind: kind.into(),
            body: body.into(),
        };
        let r = replay(
            [
                legacy(1, "raised", "{}"),
                legacy(2, "decision", r#"{"outcome":"nfa"}"#),
                legacy(3, "closed", "{}"),
            ],
            4,
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.legacy.len(), 1);
        let c = &r.concerns["SG-2026-0001"];
        assert_eq!((c.status.as_str(), c.outcome.as_deref()), ("closed", Some("nfa")));
        let r = replay([legacy(1, "raised", "{}")], 1);
        assert!(r.problems[0].contains("records no effects"), "{:?}", r.problems);
    }

    #[test]
    fn roster_entries_change_nothing_and_may_not_claim_effects() {
        let roster =
            |seq, kind: &str, body: String| JournalEntry { seq, concern: None, kind: kind.into(), body };
        let add = crate::domain::signed::ROSTER_ADD;
        let r = replay([roster(1, add, "{}".into()), raised(2, "SG-2026-0001", 1)], 1);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.concerns.len(), 1);
        let claims = serde_json::json!({ "effects": Effects::default() }).to_string();
        let r = replay([roster(1, add, claims), roster(2, "decision", "{}".into())], 1);
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert!(r.problems[0].contains("records effects"), "{:?}", r.problems);
        assert!(r.problems[1].contains("belongs to no concern"), "{:?}", r.problems);
    }
}

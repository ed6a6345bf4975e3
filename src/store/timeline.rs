//! Everything after `raise`: one call appends a signed entry to a concern's journal and applies
//! its effects on duties and status, in one transaction.
//!
//! A frozen concern (practice review, 003 §7.13) takes nothing: the refusal happens inside the
//! transaction, before any write, so the store is unchanged.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde_json::Value;

use super::records::{append, apply_effects, next_duty_id, opened_duties};
use super::{Store, damaged, map_sql};
use crate::domain::clock::{LATEST, parse_stored, stored};
use crate::domain::duty::Planned;
use crate::domain::record::{ConcernStatus, EntryKind, read_time};
use crate::domain::replay::{ChangedDuty, Effects, EndedDuty};
use crate::error::{Error, Result};

impl Record {
    /// It changes nothing but the journal: no duty started, done or cancelled, no status or
    /// outcome.
    fn is_inert(&self) -> bool {
        self.complete_kinds.is_empty()
            && self.complete_ids.is_empty()
            && self.start.is_empty()
            && self.status.is_none()
            && self.outcome.is_none()
            && self.cancel.is_none()
            && self.end_ids.is_empty()
    }
}

/// One thing that happened to a concern, with its effects.
#[derive(Debug, Default)]
pub struct Record {
    /// Entry kind, e.g. `decision`, `event`, `review`, `countersign`, `closed`, `frozen`, `amendment`.
    pub kind: String,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// When it was written.
    pub recorded_at: DateTime<Utc>,
    /// Who signs it: a person on the roster, with their own key (issue 14).
    pub signer: Option<crate::domain::signed::Signer>,
    pub body: Value,
    /// Open duties of these kinds become done.
    pub complete_kinds: Vec<String>,
    /// Open duties with these ids become done.
    pub complete_ids: Vec<i64>,
    /// Duties to start. An open duty of the same kind is tightened instead (earlier due wins,
    /// rules kept), except for kinds listed in `always_new`.
    pub start: Vec<Planned>,
    pub always_new: Vec<String>,
    /// Do not start a duty of a kind that is already done, unless this record itself completes
    /// that kind (a decision starts what is still to do; it does not redo a referral made).
    pub start_unless_done: bool,
    /// New concern status (closed, frozen).
    pub status: Option<ConcernStatus>,
    /// New decision outcome.
    pub outcome: Option<String>,
    /// Closing: cancel exactly the duties the designated person was shown (by id), and any open
    /// duty of these kinds (the progress reviews, which closing ends). A duty open that is
    /// neither (one that appeared after they were shown the list) refuses the record, so
    /// nothing is cancelled unnamed.
    pub cancel: Option<Cancel>,
    /// A decision: cancel exactly these open duties, which it makes no longer needed (its
    /// outcome's `ends`, issue 15); the entry's body names each one and why. One that is no
    /// longer open (done since it was read) refuses the record, so the body never names a
    /// duty the entry did not end.
    pub end_ids: Vec<i64>,
    /// The kinds the decision ends: an open duty of one of these kinds that is not in
    /// `end_ids` (started since the duties were read) refuses the record too, so no duty the
    /// decision makes no longer needed stays open unnamed.
    pub end_kinds: Vec<String>,
    /// An event that records a date for the record's keeping (a member of staff's retirement
    /// date, 003 §9.15) and does nothing else: it may be added to a closed concern, since the
    /// date is often known only at the retention review.
    pub keeping_only: bool,
    /// With `start_unless_done`: kinds whose settling event is in the journal already, though no
    /// duty of the kind was open then (a phone referral logged before the decision that calls
    /// for one): treated as done, so not started again (DOMAIN.md §3.3).
    pub settled_kinds: Vec<String>,
}

/// What closing cancels: see [`Record::cancel`].
#[derive(Debug, Default)]
pub struct Cancel {
    pub ids: Vec<i64>,
    pub kinds: Vec<String>,
}

/// A duty on the morning screen, borrowed from the row the index gives (nothing is copied).
#[derive(Clone, Copy, Debug)]
pub struct DueDuty<'a> {
    pub id: i64,
    pub concern: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub owner: &'a str,
    pub due: DateTime<Utc>,
    /// `due` as stored, when that is [`crate::domain::clock::rfc3339`] of it (the form the
    /// store writes).
    pub due_text: Option<&'a str>,
}

/// A [`DueDuty`] that owns its text (the few immediate duties, read before the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedDueDuty {
    pub id: i64,
    pub concern: String,
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due: DateTime<Utc>,
}

impl OwnedDueDuty {
    /// The same duty as [`Store::each_due_duty`] gives it.
    pub fn borrowed(&self) -> DueDuty<'_> {
        DueDuty {
            id: self.id,
            concern: &self.concern,
            kind: &self.kind,
            title: &self.title,
            owner: &self.owner,
            due: self.due,
            due_text: None,
        }
    }
}

/// What `record` did.
#[derive(Debug)]
pub struct Applied {
    pub seq: i64,
    /// Kinds of duties it completed.
    pub completed: Vec<String>,
    /// What became of each duty the record set out to start ([`Record::start`], in its order),
    /// so that what is said to the user is what the store now holds: a duty already open keeps
    /// its earlier due time, and a decision does not start again a duty already done.
    pub started: Vec<Started>,
}

/// One duty of [`Record::start`], as the record left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub kind: String,
    pub title: String,
    /// Its due time now (for [`StartedAs::AlreadyDone`], none).
    pub due: Option<DateTime<Utc>>,
    pub how: StartedAs,
}

/// See [`Started`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartedAs {
    /// A new open duty.
    Opened,
    /// A duty of that kind was open already: it stays, with the earlier of the two due times.
    AlreadyOpen,
    /// A duty of that kind is done already and was not started again
    /// ([`Record::start_unless_done`]).
    AlreadyDone,
}

/// See [`Store::due_count`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueCount {
    /// Open duties due by the time asked.
    pub due: u64,
    /// Of those, the ones overdue now.
    pub overdue: u64,
}

impl Store {
    /// Appends `r` to concern `id` and applies it. Refuses frozen and missing concerns.
    pub fn record(&mut self, id: &str, r: &Record) -> Result<Applied> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| map_sql(e, &path))?;
        let applied = record_in(&tx, &path, id, r)?;
        tx.commit().map_err(|e| map_sql(e, &path))?;
        Ok(applied)
    }

    /// Open duties due at or before `until` across open concerns, soonest (most overdue) first,
    /// given to `each` one at a time as the index gives them (nothing is kept: the morning screen
    /// of a large store streams its rows straight out). Only open concerns have open duties (closing cancels them, freezing suspends them), so
    /// this reads one covering index and nothing else.
    ///
    /// Every stored due time is at or before [`LATEST`] and has one fixed width, so text order
    /// is time order; a due time that does not read as a time and sorts after every real one
    /// (it starts with a letter, say) would never be "due", so it is looked for too (one more
    /// step down the same index) and reported as damage rather than left off the screen.
    ///
    /// `limit` stops after that many rows (the morning screen's first page); [`Store::due_count`]
    /// counts them all.
    pub fn each_due_duty(
        &self,
        until: DateTime<Utc>,
        limit: Option<usize>,
        mut each: impl FnMut(DueDuty<'_>) -> Result<()>,
    ) -> Result<()> {
        let beyond: Option<(i64, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, concern_id, due_at FROM duties INDEXED BY duties_due_screen
                 WHERE status = 'open' AND due_at > ?1 LIMIT 1",
            )?
            .query_row([stored(LATEST)?], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        if let Some((id, concern, due)) = beyond {
            return Err(self_damaged(
                &self.path,
                format!("duty {id} of {concern}: its due time {due:?} is not an RFC 3339 time"),
            ));
        }
        let mut st = self.conn.prepare(
            "SELECT id, concern_id, kind, title, owner, due_at FROM duties INDEXED BY duties_due_screen
             WHERE status = 'open' AND due_at IS NOT NULL AND due_at <= ?1
             ORDER BY due_at, concern_id, id LIMIT ?2",
        )?;
        // Every stored time is at or before LATEST, so a later `until` asks the same. A negative
        // LIMIT is none.
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let mut rows = st
            .query(rusqlite::params![stored(until.min(LATEST))?, limit])
            .map_err(|e| map_sql(e, &self.path))?;
        // Rows come in due order, so rows due at the same time are next to each other: the time
        // is read once for them all.
        let mut last: Option<(String, DateTime<Utc>, bool)> = None;
        while let Some(r) = rows.next().map_err(|e| map_sql(e, &self.path))? {
            let text = |i| -> Result<&str> {
                r.get_ref(i).and_then(|v| Ok(v.as_str()?)).map_err(|e| map_sql(e, &self.path))
            };
            let (id, concern, due_text) = (r.get(0).map_err(|e| map_sql(e, &self.path))?, text(1)?, text(5)?);
            let (due, canonical) = match &last {
                Some((t, due, canonical)) if t == due_text => (*due, *canonical),
                _ => {
                    let (due, canonical) = match parse_stored(due_text) {
                        Some(due) => (due, true),
                        None => (
                            read_time(due_text, || format!("duty {id} of {concern}: its due time"))
                                .map_err(damaged)?,
                            false,
                        ),
                    };
                    last = Some((due_text.to_owned(), due, canonical));
                    (due, canonical)
                }
            };
            let due_text = canonical.then_some(due_text);
            each(DueDuty { id, concern, kind: text(2)?, title: text(3)?, owner: text(4)?, due, due_text })?;
        }
        Ok(())
    }

    /// The open duties due at or before `until` that one of their rules says are due
    /// immediately (DOMAIN.md §3.1 IMMEDIATE: shown at the top of the list), soonest first, as
    /// [`Store::each_due_duty`] gives them; they are few, so they are kept.
    pub fn immediate_due_duties(&self, until: DateTime<Utc>) -> Result<Vec<OwnedDueDuty>> {
        let sql = |e| map_sql(e, &self.path);
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, concern_id, kind, title, owner, due_at FROM duties INDEXED BY duties_open_immediate
                 WHERE status = 'open' AND basis LIKE '%\"within\":\"immediately\"%'
                   AND due_at IS NOT NULL AND due_at <= ?1
                 ORDER BY due_at, concern_id, id",
            )
            .map_err(sql)?;
        let rows = st
            .query_map([stored(until.min(LATEST))?], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
            })
            .map_err(sql)?;
        rows.map(|row| {
            let (id, concern, kind, title, owner, due_text): (i64, String, String, String, String, String) =
                row.map_err(sql)?;
            let due =
                read_time(&due_text, || format!("duty {id} of {concern}: its due time")).map_err(damaged)?;
            Ok(OwnedDueDuty { id, concern, kind, title, owner, due })
        })
        .collect()
    }

    /// How many open duties [`Store::each_due_duty`] gives for `until`, and how many of them are
    /// overdue at `now`: the morning screen's count of what its first page leaves out. It counts
    /// on the open duties' index of due times alone, whose entries are a quarter of the
    /// covering index's.
    pub fn due_count(&self, until: DateTime<Utc>, now: DateTime<Utc>) -> Result<DueCount> {
        let count = |by: DateTime<Utc>| -> Result<u64> {
            let n: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM duties INDEXED BY duties_open_due
                     WHERE status = 'open' AND due_at IS NOT NULL AND due_at <= ?1",
                )?
                .query_row([stored(by.min(LATEST))?], |r| r.get(0))
                .map_err(|e| map_sql(e, &self.path))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let overdue = count(now)?;
        let due = if until > now { count(until)? } else { overdue };
        Ok(DueCount { due, overdue })
    }

    /// The length of the longest id of an open concern (0 when none): at least that of every
    /// concern [`Store::each_due_duty`] gives, since only open concerns have open duties, so a
    /// long morning screen is laid out before its rows are read. It reads the open concerns'
    /// covering index, a tenth of the due rows' bytes on a large store, rather than stepping
    /// through the due rows twice. Concern ids are this tool's own ASCII, so their length is
    /// their width.
    pub fn widest_open_concern(&self) -> Result<usize> {
        let n: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT max(length(id)) FROM concerns INDEXED BY concerns_open_kind WHERE status = 'open'",
            )?
            .query_row([], |r| r.get(0))
            .map_err(|e| map_sql(e, &self.path))?;
        Ok(n.map_or(0, |n| usize::try_from(n).unwrap_or(0)))
    }

    /// Ids of concerns with the given status, oldest first.
    pub fn concern_ids_with_status(&self, status: ConcernStatus) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT id FROM concerns WHERE status = ?1 ORDER BY year, seq")?;
        let rows = st.query_map([status.as_str()], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// Closed concerns about one of `abouts` with a closing entry at or before `closed_by`, with
    /// their `about` answer and when they were last closed, oldest first: what the retention
    /// reviews count from (DOMAIN.md §6.5). Only closings old enough to matter are read (the
    /// `entries_closings` index), so the cost follows the reviews that can be due, not the
    /// number of records kept.
    pub fn closed_concerns(
        &self,
        abouts: &[String],
        closed_by: DateTime<Utc>,
    ) -> Result<Vec<(String, String, DateTime<Utc>)>> {
        let mut st = self.conn.prepare(
            // Driven from the closings old enough (CROSS JOIN keeps that order): left to itself
            // SQLite walked every closed concern of those kinds instead (issue 18).
            "SELECT c.id, c.about, c.year, c.seq
             FROM (SELECT DISTINCT e.concern_id AS cid FROM entries e INDEXED BY entries_closings
                   WHERE e.kind = 'closed' AND e.at <= ?1) AS k
             CROSS JOIN concerns c ON c.id = k.cid
             WHERE c.status = 'closed' AND c.about IN (SELECT value FROM json_each(?2))
             ORDER BY c.year, c.seq",
        )?;
        let ids = st
            .query_map(
                rusqlite::params![stored(closed_by.min(LATEST))?, super::records::json_list(abouts)],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| map_sql(e, &self.path))?;
        let mut last = self.conn.prepare_cached(
            "SELECT max(at) FROM entries INDEXED BY entries_by_concern WHERE concern_id = ?1 AND kind = 'closed'",
        )?;
        ids.into_iter()
            .map(|(id, about)| {
                let at: String = last.query_row([&id], |r| r.get(0)).map_err(|e| map_sql(e, &self.path))?;
                let at = read_time(&at, || format!("the closing of {id}"))
                    .map_err(|e| self_damaged(&self.path, e.to_string()))?;
                Ok((id, about, at))
            })
            .collect()
    }

    /// The kind of concern (a policy kind's id: child, adult...) that `concern`'s raised entry
    /// keeps, so that a later policy giving its `about` answer another kind does not change how
    /// it is handled (issue 12); None for a record raised before the kind was kept.
    pub fn raised_kind(&self, concern: &str) -> Result<Option<String>> {
        let body: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT body FROM entries INDEXED BY entries_by_concern
                 WHERE concern_id = ?1 AND kind = 'raised' ORDER BY seq LIMIT 1",
            )?
            .query_row([concern], |r| r.get(0))
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        Ok(body
            .and_then(|b| serde_json::from_str::<Value>(&b).ok())
            .and_then(|b| b.get("kind").and_then(Value::as_str).map(str::to_owned)))
    }

    /// Who raised one concern, as (name, role when known): the reporter its `raised` entry
    /// records (who may not be its signer: a concern phoned in to the person who records it),
    /// else its signer; none when anonymous or when there is no such concern.
    pub fn raiser(&self, concern: &str) -> Result<Option<Raiser>> {
        #[derive(serde::Deserialize)]
        struct Reporter {
            name: String,
            role: String,
        }
        #[derive(serde::Deserialize)]
        struct Raised {
            #[serde(default)]
            reporter: Option<Reporter>,
        }
        let row: Option<(Option<String>, String)> = self
            .conn
            .prepare_cached(
                "SELECT signer, body FROM entries INDEXED BY entries_by_concern
                 WHERE concern_id = ?1 AND kind = 'raised' ORDER BY seq LIMIT 1",
            )?
            .query_row([concern], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        Ok(row.and_then(|(signer, body)| {
            let reporter = serde_json::from_str::<Raised>(&body).ok().and_then(|b| b.reporter);
            reporter.map(|p| (p.name, Some(p.role))).or(signer.map(|s| (s, None)))
        }))
    }

    /// Open concerns about one of `abouts` (the child and adult answers) with no open duty of
    /// the `reviews` kinds (progress reviews): nobody has a date to review them. All of them are
    /// counted; the oldest `first` (every one when none) are named, oldest first.
    pub fn concerns_without_review(
        &self,
        abouts: &[String],
        reviews: &[String],
        first: Option<usize>,
    ) -> Result<Unreviewed> {
        // The concerns with an open review, then the open concerns not among them: two steps
        // down two covering indexes and a hash set, and nothing kept but the oldest few. (Issue
        // 18: SQLite's NOT IN built a b-tree of the first list and cost three times as much on a
        // large store; a NOT EXISTS looking each concern up in the duties' index, twice.)
        let sql = |e| map_sql(e, &self.path);
        let mut reviewed = std::collections::HashSet::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.concern_id FROM duties d INDEXED BY duties_open_kind
                 WHERE d.status = 'open' AND d.kind IN (SELECT value FROM json_each(?1))",
            )
            .map_err(sql)?;
        let mut rows = st.query([super::records::json_list(reviews)]).map_err(sql)?;
        while let Some(r) = rows.next().map_err(sql)? {
            reviewed
                .insert(Box::<str>::from(r.get_ref(0).map_err(sql)?.as_str().map_err(|e| sql(e.into()))?));
        }
        drop(rows);
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.year, c.seq FROM concerns c INDEXED BY concerns_open_kind
                 WHERE c.status = 'open' AND c.about IN (SELECT value FROM json_each(?1))",
            )
            .map_err(sql)?;
        let mut rows = st.query([super::records::json_list(abouts)]).map_err(sql)?;
        let limit = first.unwrap_or(usize::MAX);
        // The oldest `limit` so far, as a heap with the newest of them on top.
        let mut oldest: std::collections::BinaryHeap<(i64, i64, String)> =
            std::collections::BinaryHeap::new();
        let mut count = 0u64;
        while let Some(r) = rows.next().map_err(sql)? {
            let id = r.get_ref(0).map_err(sql)?.as_str().map_err(|e| sql(e.into()))?;
            if reviewed.contains(id) {
                continue;
            }
            count += 1;
            let key: (i64, i64) = (r.get(1).map_err(sql)?, r.get(2).map_err(sql)?);
            if oldest.len() == limit && oldest.peek().is_none_or(|(y, s, _)| (*y, *s) <= key) {
                continue;
            }
            if oldest.len() == limit {
                oldest.pop();
            }
            oldest.push((key.0, key.1, id.to_owned()));
        }
        Ok(Unreviewed { count, first: oldest.into_sorted_vec().into_iter().map(|(_, _, id)| id).collect() })
    }
}

/// See [`Store::concerns_without_review`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreviewed {
    /// How many open concerns have no review date set.
    pub count: u64,
    /// The oldest of them, oldest first: as many as were asked for.
    pub first: Vec<String>,
}

/// One of the concern's duties as `plan` sees it.
struct Held {
    id: i64,
    kind: String,
    status: String,
    due_at: Option<String>,
    basis: String,
}

/// Appends record `r` to concern `id` inside the open write transaction `tx`, and applies
/// its effects: a frozen concern takes nothing, a closed one only an amendment.
pub(super) fn record_in(
    tx: &rusqlite::Connection,
    path: &std::path::Path,
    id: &str,
    r: &Record,
) -> Result<Applied> {
    let status: Option<String> =
        tx.query_row("SELECT status FROM concerns WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    let status = status
        .map(|s| s.parse::<ConcernStatus>())
        .transpose()
        .map_err(|e| self_damaged(path, format!("concern {id}: its status {e}")))?;
    match status {
        None => return Err(Error::NotFound(id.to_owned())),
        Some(ConcernStatus::Frozen) => return Err(Error::Frozen { id: id.to_owned() }),
        // A practice review can be asked for after a case is closed (003 §7.13): a closed
        // concern takes an amendment, or its freezing.
        Some(ConcernStatus::Closed)
            if r.kind != "amendment"
                && r.kind != EntryKind::Frozen.as_str()
                && !(r.keeping_only && r.is_inert()) =>
        {
            return Err(Error::input(format!(
                "concern {id} is closed; only an amendment (or freezing it for a practice review) can be added"
            )));
        }
        _ => {}
    }
    // The concern's rows must be what its journal made them before anything builds on them
    // (issue 14): a duty marked done behind the journal would otherwise be taken as done.
    let differs = super::records::concern_state_problems(tx, id)?;
    if !differs.is_empty() {
        return Err(self_damaged(
            path,
            format!(
                "concern {id}'s records differ from what its journal says ({}), so they were changed \
                 outside safeguard; nothing was written. Run `safeguard verify`, which names every difference",
                differs.join("; ")
            ),
        ));
    }
    let (fx, completed, started) = plan(tx, path, id, r)?;
    let seq = append(tx, id, &r.kind, r.at, r.recorded_at, r.signer.as_ref(), &r.body, &fx)?;
    apply_effects(tx, id, seq, &fx)?;
    Ok(Applied { seq, completed, started })
}

/// What record `r` does to concern `id`, worked out from its duties as they stand (read in the
/// open transaction `tx`) before anything is written: the effects its entry records and the
/// tables then take, the kinds of the duties it completes, and what became of each duty it starts.
fn plan(
    tx: &rusqlite::Connection,
    path: &std::path::Path,
    id: &str,
    r: &Record,
) -> Result<(Effects, Vec<String>, Vec<Started>)> {
    let mut held: Vec<Held> = tx
        .prepare_cached(
            "SELECT id, kind, status, due_at, basis FROM duties WHERE concern_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(Held {
                id: r.get(0)?,
                kind: r.get(1)?,
                status: r.get(2)?,
                due_at: r.get(3)?,
                basis: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let at = stored(r.at)?;
    let mut fx = Effects::default();
    let mut completed = Vec::new();
    let end = |d: &mut Held, status: &str, fx: &mut Effects| {
        d.status = status.to_owned();
        let done_at = (status == "done").then(|| at.clone());
        fx.ended.push(EndedDuty { id: d.id, status: status.to_owned(), done_at });
    };
    for kind in &r.complete_kinds {
        let mut any = false;
        for d in held.iter_mut().filter(|d| &d.kind == kind && d.status == "open") {
            end(d, "done", &mut fx);
            any = true;
        }
        if any {
            completed.push(kind.clone());
        }
    }
    for duty in &r.complete_ids {
        if let Some(d) = held.iter_mut().find(|d| d.id == *duty && d.status == "open") {
            end(d, "done", &mut fx);
            completed.push(d.kind.clone());
        }
    }
    if let Some(cancel) = &r.cancel {
        // Read in the same transaction as the write: a duty opened since the list was read (a
        // phone referral logged meanwhile) is named and nothing is written.
        let unnamed: Vec<String> = held
            .iter()
            .filter(|d| d.status == "open" && !cancel.ids.contains(&d.id) && !cancel.kinds.contains(&d.kind))
            .map(|d| format!("{} (duty {})", d.kind, d.id))
            .collect();
        if !unnamed.is_empty() {
            return Err(Error::Changed(format!(
                "{id} has open duties that were not in the list closing would cancel: {}; nothing was \
                 written. Run close again to see them all",
                unnamed.join(", ")
            )));
        }
        for d in held.iter_mut().filter(|d| d.status == "open") {
            end(d, "cancelled", &mut fx);
        }
    }
    if !r.end_ids.is_empty() || !r.end_kinds.is_empty() {
        // Read in the same transaction as the write: the duties the decision was prepared to
        // end must be exactly the open ones of its kinds now. One settled or ended by another
        // entry since (a phone referral logged meanwhile), or one started since, refuses the
        // whole entry, so its body never names a duty it did not end, nor leaves one unnamed.
        let name = |d: &Held| format!("{} (duty {})", d.kind, d.id);
        let gone: Vec<String> = r
            .end_ids
            .iter()
            .filter(|i| !held.iter().any(|d| d.id == **i && d.status == "open"))
            .map(|i| held.iter().find(|d| d.id == *i).map_or_else(|| format!("duty {i}"), name))
            .collect();
        let new: Vec<String> = held
            .iter()
            .filter(|d| d.status == "open" && r.end_kinds.contains(&d.kind) && !r.end_ids.contains(&d.id))
            .map(name)
            .collect();
        let mut changed = vec![];
        if !gone.is_empty() {
            changed
                .push(format!("{} is not open any more (done or ended by another entry)", gone.join(", ")));
        }
        if !new.is_empty() {
            changed.push(format!("{} was started", new.join(", ")));
        }
        if !changed.is_empty() {
            // Lost to another command (two designated persons deciding at once): not bad input.
            return Err(Error::Changed(format!(
                "{id}: its duties changed while the decision was being made: of those it would end as no \
                 longer needed, {}; nothing was written. Run decide again: it reads the duties as they \
                 are now",
                changed.join(", and ")
            )));
        }
        for d in held.iter_mut().filter(|d| r.end_ids.contains(&d.id)) {
            end(d, "cancelled", &mut fx);
        }
    }
    let mut fresh = Vec::new();
    let mut started = Vec::new();
    let told = |d: &Planned, due, how| Started { kind: d.kind.clone(), title: d.title.clone(), due, how };
    for d in &r.start {
        let open = if r.always_new.contains(&d.kind) {
            None
        } else {
            held.iter().rposition(|h| h.kind == d.kind && h.status == "open")
        };
        if open.is_none()
            && r.start_unless_done
            && !r.complete_kinds.contains(&d.kind)
            && (held.iter().any(|h| h.kind == d.kind && h.status == "done")
                || r.settled_kinds.contains(&d.kind))
        {
            started.push(told(d, None, StartedAs::AlreadyDone));
            continue;
        }
        match open {
            Some(i) => {
                let h = &mut held[i];
                let name = || format!("duty {} of {id}", h.id);
                let mut basis: Value = serde_json::from_str(&h.basis).map_err(|e| {
                    self_damaged(path, format!("{}: its deadline basis does not read: {e}", name()))
                })?;
                let mut all = basis["rules"].as_array().cloned().unwrap_or_default();
                for rule in &d.rules {
                    let v = serde_json::to_value(rule).map_err(|e| Error::Other(e.to_string()))?;
                    if !all.contains(&v) {
                        all.push(v);
                    }
                }
                basis["rules"] = Value::Array(all);
                let old: Option<DateTime<Utc>> = h
                    .due_at
                    .as_deref()
                    .map(|t| read_time(t, || format!("{}: its due time", name())))
                    .transpose()
                    .map_err(|d| self_damaged(path, d.0))?;
                let new_due = match (old, d.due) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                h.due_at = new_due.map(stored).transpose()?;
                h.basis = basis.to_string();
                started.push(told(d, new_due, StartedAs::AlreadyOpen));
                let change = ChangedDuty { id: h.id, due_at: h.due_at.clone(), basis: h.basis.clone() };
                match fx.changed.iter_mut().find(|c| c.id == h.id) {
                    Some(c) => *c = change,
                    None => fx.changed.push(change),
                }
            }
            None => {
                started.push(told(d, d.due, StartedAs::Opened));
                fresh.push(d.clone());
            }
        }
    }
    fx.opened = opened_duties(next_duty_id(tx)?, &fresh)?;
    if let Some(s) = r.status {
        fx.status = Some(s.as_str().to_owned());
        if s == ConcernStatus::Frozen {
            // No reminders while frozen (003 §7.13; DOMAIN.md §3.3), the duties this very
            // record opens included.
            let opened: Vec<i64> = fx.opened.iter().map(|d| d.id).collect();
            for d in held.iter_mut().filter(|d| d.status == "open") {
                end(d, "suspended", &mut fx);
            }
            for d in opened {
                fx.ended.push(EndedDuty { id: d, status: "suspended".into(), done_at: None });
            }
        }
    }
    fx.outcome = r.outcome.clone();
    Ok((fx, completed, started))
}

/// Damage found inside a transaction (the store's path is borrowed apart from its connection).
fn self_damaged(path: &std::path::Path, detail: String) -> Error {
    Error::StoreDamaged { path: path.to_owned(), detail }
}

/// Who raised a concern: a name, and the role they gave when the `raised` entry records one.
pub type Raiser = (String, Option<String>);

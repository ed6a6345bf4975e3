//! Everything after `raise`: one call appends a signed entry to a concern's journal and applies
//! its effects on duties and status, in one transaction.
//!
//! A frozen concern (practice review, 003 §7.13) takes nothing: the refusal happens inside the
//! transaction, before any write, so the store is unchanged.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use super::records::{append, insert_duties};
use super::{Store, damaged, map_sql};
use crate::domain::clock::{LATEST, stored};
use crate::domain::duty::Planned;
use crate::domain::record::{ConcernStatus, read_time};
use crate::error::{Error, Result};

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
    /// Cancel every open duty (closing).
    pub cancel_open: bool,
}

/// A duty on the morning screen.
#[derive(Clone, Debug)]
pub struct DueDuty {
    pub id: i64,
    pub concern: String,
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due: DateTime<Utc>,
}

/// What `record` did.
#[derive(Debug)]
pub struct Applied {
    pub seq: i64,
    /// Kinds of duties it completed.
    pub completed: Vec<String>,
}

impl Store {
    /// Appends `r` to concern `id` and applies it. Refuses frozen and missing concerns.
    pub fn record(&mut self, id: &str, r: &Record) -> Result<Applied> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| map_sql(e, &path))?;
        let status: Option<String> =
            tx.query_row("SELECT status FROM concerns WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let status = status
            .map(|s| s.parse::<ConcernStatus>())
            .transpose()
            .map_err(|e| self_damaged(&path, format!("concern {id}: its status {e}")))?;
        match status {
            None => return Err(Error::NotFound(id.to_owned())),
            Some(ConcernStatus::Frozen) => return Err(Error::Frozen { id: id.to_owned() }),
            Some(ConcernStatus::Closed) if r.kind != "amendment" => {
                return Err(Error::input(format!("concern {id} is closed; only an amendment can be added")));
            }
            _ => {}
        }
        let seq = append(&tx, id, &r.kind, r.at, r.recorded_at, r.signer.as_ref(), &r.body)?;
        let at = stored(r.at)?;
        let mut completed = Vec::new();
        for kind in &r.complete_kinds {
            let n = tx.execute(
                "UPDATE duties SET status = 'done', done_at = ?3, closed_by = ?4
                 WHERE concern_id = ?1 AND kind = ?2 AND status = 'open'",
                params![id, kind, at, seq],
            )?;
            if n > 0 {
                completed.push(kind.clone());
            }
        }
        for duty in &r.complete_ids {
            let kind: Option<String> = tx
                .query_row(
                    "UPDATE duties SET status = 'done', done_at = ?3, closed_by = ?4
                     WHERE concern_id = ?1 AND id = ?2 AND status = 'open' RETURNING kind",
                    params![id, duty, at, seq],
                    |r| r.get(0),
                )
                .optional()?;
            completed.extend(kind);
        }
        if r.cancel_open {
            tx.execute(
                "UPDATE duties SET status = 'cancelled', closed_by = ?2 WHERE concern_id = ?1 AND status = 'open'",
                params![id, seq],
            )?;
        }
        let mut fresh = Vec::new();
        for d in &r.start {
            let open: Option<(i64, Option<String>, String)> = if r.always_new.contains(&d.kind) {
                None
            } else {
                tx.query_row(
                    "SELECT id, due_at, basis FROM duties WHERE concern_id = ?1 AND kind = ?2 AND status = 'open'
                     ORDER BY id DESC LIMIT 1",
                    params![id, d.kind],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
            };
            if open.is_none() && r.start_unless_done && !r.complete_kinds.contains(&d.kind) {
                let done: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM duties WHERE concern_id = ?1 AND kind = ?2 AND status = 'done')",
                    params![id, d.kind],
                    |r| r.get(0),
                )?;
                if done {
                    continue;
                }
            }
            match open {
                Some((duty, due, basis)) => {
                    let name = || format!("duty {duty} of {id}");
                    let mut basis: Value = serde_json::from_str(&basis).map_err(|e| {
                        self_damaged(&path, format!("{}: its deadline basis does not read: {e}", name()))
                    })?;
                    let rules = basis["rules"].as_array().cloned().unwrap_or_default();
                    let mut all = rules;
                    for rule in &d.rules {
                        let v = serde_json::to_value(rule).map_err(|e| Error::Other(e.to_string()))?;
                        if !all.contains(&v) {
                            all.push(v);
                        }
                    }
                    basis["rules"] = Value::Array(all);
                    let old: Option<DateTime<Utc>> = due
                        .map(|t| read_time(&t, || format!("{}: its due time", name())))
                        .transpose()
                        .map_err(|d| self_damaged(&path, d.0))?;
                    let new_due = match (old, d.due) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    tx.execute(
                        "UPDATE duties SET due_at = ?2, basis = ?3 WHERE id = ?1",
                        params![duty, new_due.map(stored).transpose()?, basis.to_string()],
                    )?;
                }
                None => fresh.push(d.clone()),
            }
        }
        insert_duties(&tx, id, seq, &fresh)?;
        if let Some(s) = r.status {
            tx.execute("UPDATE concerns SET status = ?2 WHERE id = ?1", params![id, s.as_str()])?;
            if s == ConcernStatus::Frozen {
                // No reminders while frozen (003 §7.13; DOMAIN.md §3.3).
                tx.execute(
                    "UPDATE duties SET status = 'suspended', closed_by = ?2 WHERE concern_id = ?1 AND status = 'open'",
                    params![id, seq],
                )?;
            }
        }
        if let Some(o) = &r.outcome {
            tx.execute("UPDATE concerns SET outcome = ?2 WHERE id = ?1", params![id, o])?;
        }
        tx.commit().map_err(|e| map_sql(e, &path))?;
        Ok(Applied { seq, completed })
    }

    /// Open duties due at or before `until` across open concerns, soonest (most overdue) first.
    /// Only open concerns have open duties (closing cancels them, freezing suspends them), so
    /// this reads one covering index and nothing else.
    ///
    /// Every stored due time is at or before [`LATEST`] and has one fixed width, so text order
    /// is time order; a due time that does not read as a time and sorts after every real one
    /// (it starts with a letter, say) would never be "due", so it is looked for too (one more
    /// step down the same index) and reported as damage rather than left off the screen.
    pub fn due_duties(&self, until: DateTime<Utc>) -> Result<Vec<DueDuty>> {
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
             ORDER BY due_at, concern_id, id",
        )?;
        let rows = st
            // Every stored time is at or before LATEST, so a later `until` asks the same.
            .query_map([stored(until.min(LATEST))?], |r| {
                let (id, concern): (i64, String) = (r.get(0)?, r.get(1)?);
                let due =
                    read_time(&r.get::<_, String>(5)?, || format!("duty {id} of {concern}: its due time"))
                        .map_err(damaged)?;
                Ok(DueDuty { id, concern, kind: r.get(2)?, title: r.get(3)?, owner: r.get(4)?, due })
            })?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// Ids of concerns with the given status, oldest first.
    pub fn concern_ids_with_status(&self, status: ConcernStatus) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT id FROM concerns WHERE status = ?1 ORDER BY year, seq")?;
        let rows = st.query_map([status.as_str()], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// Open child and adult concerns with no open progress review: nobody has a date to review them.
    pub fn concerns_without_review(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT c.id FROM concerns c INDEXED BY concerns_open_kind
             WHERE c.status = 'open' AND c.about IN ('child', 'unborn', 'adult')
               AND c.id NOT IN (SELECT d.concern_id FROM duties d INDEXED BY duties_open_kind
                                WHERE d.status = 'open' AND d.kind IN ('dp-review', 'dp-review-adult'))
             ORDER BY c.year, c.seq",
        )?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }
}

/// Damage found inside a transaction (the store's path is borrowed apart from its connection).
fn self_damaged(path: &std::path::Path, detail: String) -> Error {
    Error::StoreDamaged { path: path.to_owned(), detail }
}

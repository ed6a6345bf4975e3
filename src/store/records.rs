//! Concerns, the journal and duties in the store.
//!
//! The journal (`entries`) is append-only and hash-chained across the whole store: each entry's
//! hash covers the previous entry's hash and everything in the entry, and `meta.chain_head`
//! holds the latest hash, so an edit, a removal or a dropped tail shows up in `verify`.
//! `concerns` and `duties` are projections of the journal, written in the same transaction.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::London;
use rusqlite::{OptionalExtension, params};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Store, damaged, map_sql};
use crate::domain::duty::Planned;
use crate::domain::record::{
    Body, Concern, ConcernRecord, ConcernStatus, Damage, Duty, DutyStatus, Entry, EntryKind, PolicyRef,
    Subject, read_time,
};
use crate::domain::replay::{Effects, NewConcernRow, OpenedDuty};
use crate::domain::signed::{ROSTER_ADD, ROSTER_RETIRE, Roster, Signer};
use crate::error::{Error, Result};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Everything needed to write a newly raised concern.
#[derive(Debug)]
pub struct NewConcern {
    pub about: String,
    /// When the concern was raised: the clocks start here.
    pub raised_at: DateTime<Utc>,
    /// When it was written into this store (later than `raised_at` for a sealed concern
    /// imported by intake).
    pub recorded_at: DateTime<Utc>,
    pub recommendation: String,
    pub anonymous: bool,
    /// Shown by `list`: initials, name, category.
    pub summary: Value,
    pub policy_id: String,
    pub policy_version: String,
    pub policy_hash: String,
    /// Who records it (signs the `raised` entry), or None when anonymous (Code RED).
    pub signer: Option<Signer>,
    /// The `raised` entry's body.
    pub body: Value,
    pub duties: Vec<Planned>,
}

/// Everything an entry's hash covers.
struct Link<'a> {
    prev: &'a str,
    seq: i64,
    /// None for a roster entry (issue 14).
    concern: Option<&'a str>,
    kind: &'a str,
    at: &'a str,
    recorded_at: &'a str,
    signer: Option<&'a str>,
    body: &'a str,
    /// The signer's public key, when signed (issue 14). Left out of the hashed text when there is
    /// none, so entries written before signed records keep their hashes.
    signer_key: Option<&'a str>,
}

impl Link<'_> {
    fn hash(&self) -> String {
        let mut canon = json!([
            self.prev,
            self.seq,
            self.concern,
            self.kind,
            self.at,
            self.recorded_at,
            self.signer,
            self.body
        ]);
        if let (Some(k), Some(a)) = (self.signer_key, canon.as_array_mut()) {
            a.push(json!(k));
        }
        hex::encode(Sha256::digest(canon.to_string().as_bytes()))
    }
}

/// An entry's hash, as the chain computes it (for tests that forge entries behind the tool's back).
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    prev: &str,
    seq: i64,
    concern: Option<&str>,
    kind: &str,
    at: &str,
    recorded_at: &str,
    signer: Option<&str>,
    body: &str,
    signer_key: Option<&str>,
) -> String {
    Link { prev, seq, concern, kind, at, recorded_at, signer, body, signer_key }.hash()
}

/// Appends one entry of a concern to the chain inside the open transaction `tx`, signed by
/// `signer` (none only for an anonymous Code RED report); returns its sequence number.
///
/// The body records `effects` (what the entry does to `concerns` and `duties`), which the caller
/// then applies with [`apply_effects`]: the journal and the tables are written from the same
/// value, and `verify` rebuilds the tables from the journal alone (`domain::replay`).
#[allow(clippy::too_many_arguments)]
pub fn append(
    tx: &rusqlite::Connection,
    concern: &str,
    kind: &str,
    at: DateTime<Utc>,
    recorded_at: DateTime<Utc>,
    signer: Option<&Signer>,
    body: &Value,
    effects: &Effects,
) -> Result<i64> {
    append_to(tx, Some(concern), kind, at, recorded_at, signer, body, Some(effects))
}

/// [`append`], for an entry of a concern or (with `concern` None) of the roster. A roster entry
/// records no effects (`effects` None): it changes no concern or duty, and replay passes over it.
///
/// The recorded time never goes back: an entry is recorded at `recorded_at` or at the previous
/// entry's recorded time, whichever is later. (Clamped rather than refused, so that a system
/// clock stepped back by a few seconds loses no record; when it happened stays in `at`.)
#[allow(clippy::too_many_arguments)]
pub fn append_to(
    tx: &rusqlite::Connection,
    concern: Option<&str>,
    kind: &str,
    at: DateTime<Utc>,
    recorded_at: DateTime<Utc>,
    signer: Option<&Signer>,
    body: &Value,
    effects: Option<&Effects>,
) -> Result<i64> {
    let mut chain = Chain::head(tx)?;
    let entry = chain.next(concern, kind, at, recorded_at, signer, body, effects)?;
    entry.insert(tx)?;
    chain.record_head(tx)?;
    Ok(entry.seq)
}

/// The head of the chain, as the next entry links to it: the latest entry's hash, number and
/// recorded time.
#[derive(Clone, Debug)]
pub struct Chain {
    prev: String,
    seq: i64,
    last_recorded: Option<DateTime<Utc>>,
}

impl Chain {
    /// The chain's head as the store holds it (read inside `tx`).
    pub fn head(tx: &rusqlite::Connection) -> Result<Chain> {
        let last: Option<(i64, String, String)> = tx
            .query_row("SELECT seq, hash, recorded_at FROM entries ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        Ok(match last {
            Some((seq, hash, rec)) => Chain {
                prev: hash,
                seq,
                last_recorded: read_time(&rec, || "the latest entry: its recorded time".into()).ok(),
            },
            None => Chain { prev: GENESIS.to_owned(), seq: 0, last_recorded: None },
        })
    }

    /// The next entry, hashed onto the chain and signed, and the chain's head moved onto it;
    /// nothing is written (see [`ChainedEntry::insert`]). The recorded time never goes back (see
    /// [`append_to`]).
    #[allow(clippy::too_many_arguments)]
    pub fn next(
        &mut self,
        concern: Option<&str>,
        kind: &str,
        at: DateTime<Utc>,
        recorded_at: DateTime<Utc>,
        signer: Option<&Signer>,
        body: &Value,
        effects: Option<&Effects>,
    ) -> Result<ChainedEntry> {
        let recorded_at = self.last_recorded.map_or(recorded_at, |l| recorded_at.max(l));
        let seq = self.seq + 1;
        let mut body = body.clone();
        let Some(fields) = body.as_object_mut() else {
            return Err(Error::Other(format!("a {kind} entry's body is not a JSON object")));
        };
        if let Some(effects) = effects {
            fields.insert(
                "effects".into(),
                serde_json::to_value(effects).map_err(|e| Error::Other(e.to_string()))?,
            );
        }
        let (at, recorded, body) =
            (crate::domain::clock::stored(at)?, crate::domain::clock::stored(recorded_at)?, body.to_string());
        let label = signer.map(Signer::label);
        let key = signer.map(|s| s.key.public().text());
        let hash = Link {
            prev: &self.prev,
            seq,
            concern,
            kind,
            at: &at,
            recorded_at: &recorded,
            signer: label.as_deref(),
            body: &body,
            signer_key: key.as_deref(),
        }
        .hash();
        let signature = signer.map(|s| s.key.sign_entry(&hash));
        // As the next entry would read it back from the store.
        self.last_recorded = read_time(&recorded, || "the latest entry: its recorded time".into()).ok();
        let prev = std::mem::replace(&mut self.prev, hash.clone());
        self.seq = seq;
        Ok(ChainedEntry {
            seq,
            concern: concern.map(str::to_owned),
            kind: kind.to_owned(),
            at,
            recorded_at: recorded,
            signer: label,
            body,
            prev,
            hash,
            key,
            signature,
        })
    }

    /// Records this head and length in `meta`.
    pub fn record_head(&self, tx: &rusqlite::Connection) -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO meta (key, value) VALUES ('chain_head', ?1), ('chain_length', ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![self.prev, self.seq.to_string()])?;
        Ok(())
    }
}

/// One journal entry as stored, hashed and signed ([`Chain::next`]).
#[derive(Clone, Debug)]
pub struct ChainedEntry {
    pub seq: i64,
    concern: Option<String>,
    kind: String,
    at: String,
    recorded_at: String,
    signer: Option<String>,
    body: String,
    prev: String,
    hash: String,
    key: Option<String>,
    signature: Option<String>,
}

impl ChainedEntry {
    /// Writes the entry into the journal inside the open transaction `tx`.
    pub fn insert(&self, tx: &rusqlite::Connection) -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO entries (seq, concern_id, kind, at, recorded_at, signer, body, prev_hash, hash, signer_key, signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            self.seq,
            self.concern,
            self.kind,
            self.at,
            self.recorded_at,
            self.signer,
            self.body,
            self.prev,
            self.hash,
            self.key,
            self.signature
        ])?;
        Ok(())
    }
}

/// The id the next new duty takes (duties are numbered across the store).
pub fn next_duty_id(tx: &rusqlite::Connection) -> Result<i64> {
    Ok(tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM duties", [], |r| r.get(0))?)
}

/// Planned duties as opened by an entry, numbered from `first`.
pub fn opened_duties(first: i64, duties: &[Planned]) -> Result<Vec<OpenedDuty>> {
    duties
        .iter()
        .zip(first..)
        .map(|(d, id)| {
            Ok(OpenedDuty {
                id,
                kind: d.kind.clone(),
                title: d.title.clone(),
                owner: d.owner.clone(),
                due_at: d.due.map(crate::domain::clock::stored).transpose()?,
                basis: json!({ "rules": d.rules, "notes": d.notes }).to_string(),
            })
        })
        .collect()
}

/// Writes a new concern's row (its `raised` entry's `effects.concern`), before the entry itself,
/// which refers to it.
pub fn insert_concern_row(tx: &rusqlite::Connection, c: &NewConcernRow) -> Result<()> {
    tx.execute(
        "INSERT INTO concerns (id, year, seq, about, status, raised_at, recommendation, outcome, anonymous,
                                   summary, policy_id, policy_version, policy_hash)
             VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, NULL, ?7, ?8, ?9, ?10, ?11)",
        params![
            c.id,
            c.year,
            c.seq,
            c.about,
            c.raised_at,
            c.recommendation,
            c.anonymous,
            c.summary,
            c.policy_id,
            c.policy_version,
            c.policy_hash
        ],
    )?;
    Ok(())
}

/// Applies entry `seq`'s effects on concern `concern` to the tables, inside the open
/// transaction `tx`: exactly what `domain::replay` does to its rows. (A new concern's row,
/// `effects.concern`, is written before the entry: see [`insert_concern`].)
pub fn apply_effects(tx: &rusqlite::Connection, concern: &str, seq: i64, fx: &Effects) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO duties (id, concern_id, kind, title, owner, due_at, status, basis, opened_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8)",
    )?;
    for d in &fx.opened {
        st.execute(params![d.id, concern, d.kind, d.title, d.owner, d.due_at, d.basis, seq])?;
    }
    for c in &fx.changed {
        tx.execute(
            "UPDATE duties SET due_at = ?2, basis = ?3 WHERE id = ?1 AND concern_id = ?4",
            params![c.id, c.due_at, c.basis, concern],
        )?;
    }
    for x in &fx.ended {
        tx.execute(
            "UPDATE duties SET status = ?2, done_at = ?3, closed_by = ?4 WHERE id = ?1 AND concern_id = ?5",
            params![x.id, x.status, x.done_at, seq, concern],
        )?;
    }
    if let Some(s) = &fx.status {
        tx.execute("UPDATE concerns SET status = ?2 WHERE id = ?1", params![concern, s])?;
    }
    if let Some(o) = &fx.outcome {
        tx.execute("UPDATE concerns SET outcome = ?2 WHERE id = ?1", params![concern, o])?;
    }
    Ok(())
}

impl Store {
    /// Writes a new concern, its `raised` entry and its duties in one transaction, and deletes
    /// `draft` (if any) in the same transaction. Returns the new id, e.g. `SG-2026-0007`.
    pub fn create_concern(&mut self, c: &NewConcern, draft: Option<&str>) -> Result<String> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| map_sql(e, &path))?;
        let id = insert_concern(&tx, c)?;
        if let Some(d) = draft {
            tx.execute("DELETE FROM drafts WHERE id = ?1", [d])?;
        }
        tx.commit().map_err(|e| map_sql(e, &path))?;
        Ok(id)
    }
}

/// Writes a new concern, its `raised` entry and its duties inside the open transaction `tx`;
/// returns its id. The entry records the concern's row and its duties as its effects.
pub fn insert_concern(tx: &rusqlite::Connection, c: &NewConcern) -> Result<String> {
    let year = c.raised_at.with_timezone(&London).year();
    let seq: i64 =
        tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM concerns WHERE year = ?1", [year], |r| r.get(0))?;
    let id = format!("SG-{year}-{seq:04}");
    let fx = Effects {
        concern: Some(NewConcernRow {
            id: id.clone(),
            year: year.into(),
            seq,
            about: c.about.clone(),
            raised_at: crate::domain::clock::rfc3339(c.raised_at),
            recommendation: c.recommendation.clone(),
            anonymous: c.anonymous,
            summary: c.summary.to_string(),
            policy_id: c.policy_id.clone(),
            policy_version: c.policy_version.clone(),
            policy_hash: c.policy_hash.clone(),
        }),
        opened: opened_duties(next_duty_id(tx)?, &c.duties)?,
        ..Effects::default()
    };
    if let Some(row) = &fx.concern {
        insert_concern_row(tx, row)?;
    }
    let entry = append(tx, &id, "raised", c.raised_at, c.recorded_at, c.signer.as_ref(), &c.body, &fx)?;
    apply_effects(tx, &id, entry, &fx)?;
    Ok(id)
}

impl Store {
    /// One concern's row.
    pub fn concern(&self, id: &str) -> Result<Concern> {
        self.conn
            .prepare_cached(&format!("SELECT {CONCERN_COLUMNS} FROM concerns WHERE id = ?1"))?
            .query_row([id], concern_row)
            .optional()
            .map_err(|e| map_sql(e, &self.path))?
            .ok_or_else(|| Error::NotFound(id.to_owned()))
    }

    /// All concerns, newest first.
    pub fn concerns(&self) -> Result<Vec<Concern>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {CONCERN_COLUMNS} FROM concerns ORDER BY year DESC, seq DESC"))?;
        let rows = st.query_map([], concern_row)?.collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// A concern's journal, oldest first.
    pub fn entries(&self, id: &str) -> Result<Vec<Entry>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE concern_id = ?1 ORDER BY seq"
        ))?;
        let rows = st.query_map([id], entry_row)?.collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// A concern's duties, soonest due first (no due time last).
    pub fn duties(&self, id: &str) -> Result<Vec<Duty>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {DUTY_COLUMNS} FROM duties WHERE concern_id = ?1 ORDER BY due_at IS NULL, due_at, id"
        ))?;
        let rows = st.query_map([id], duty_row)?.collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// Walks the whole chain and names every link that does not hold: an entry missing from the
    /// numbering, one that does not follow the entry before it, one whose hash does not recompute
    /// from its content, one recorded earlier than the entry before it, and a `meta` head or
    /// length that is not the last entry's.
    pub fn chain_problems(&self) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT seq, concern_id, kind, at, recorded_at, signer, body, prev_hash, hash, signer_key FROM entries ORDER BY seq")?;
        let mut rows = st.query([]).map_err(|e| map_sql(e, &self.path))?;
        let mut problems = Vec::new();
        let mut prev = GENESIS.to_owned();
        let mut expected_seq = 1i64;
        let mut last_recorded: Option<(i64, DateTime<Utc>)> = None;
        while let Some(r) = rows.next().map_err(|e| map_sql(e, &self.path))? {
            let seq: i64 = r.get(0)?;
            let (concern, kind, at, recorded): (Option<String>, String, String, String) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let signer_key: Option<String> = r.get(9)?;
            let concern_name = concern.clone().unwrap_or_else(|| "the roster".to_owned());
            let signer: Option<String> = r.get(5)?;
            let body: String = r.get(6)?;
            let (stored_prev, hash): (String, String) = (r.get(7)?, r.get(8)?);
            if seq != expected_seq {
                let missing = if seq == expected_seq + 1 {
                    format!("entry {expected_seq} is missing")
                } else {
                    format!("entries {expected_seq} to {} are missing", seq - 1)
                };
                problems.push(format!("{missing} (the next entry is {seq})"));
            }
            if stored_prev != prev {
                problems.push(format!(
                    "entry {seq} ({concern_name}, {kind}) does not follow the entry before it"
                ));
            }
            if (Link {
                prev: &stored_prev,
                seq,
                concern: concern.as_deref(),
                kind: &kind,
                at: &at,
                recorded_at: &recorded,
                signer: signer.as_deref(),
                body: &body,
                signer_key: signer_key.as_deref(),
            })
            .hash()
                != hash
            {
                problems
                    .push(format!("entry {seq} ({concern_name}, {kind}) was changed after it was written"));
            }
            match read_time(&recorded, || format!("entry {seq} of {concern_name}: its recorded time")) {
                Ok(t) => {
                    if let Some((before, bt)) = last_recorded
                        && t < bt
                    {
                        problems.push(format!(
                            "entry {seq} ({concern_name}, {kind}) is recorded at {recorded}, earlier than entry \
                             {before} before it ({}): its time was set back",
                            crate::domain::clock::rfc3339(bt)
                        ));
                    }
                    last_recorded = Some((seq, t));
                }
                Err(d) => problems.push(d.0),
            }
            prev = hash;
            expected_seq = seq + 1;
        }
        let meta = |key: &str| -> Result<Option<String>> {
            self.conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()
                .map_err(|e| map_sql(e, &self.path))
        };
        let length = expected_seq - 1;
        match meta("chain_head")? {
            Some(h) if h != prev => problems.push(format!(
                "the chain head recorded in the store ({h}) is not its last entry's ({prev}): the latest \
                 entries are missing or were replaced"
            )),
            None if prev != GENESIS => problems.push("the chain head record is missing".into()),
            _ => {}
        }
        match meta("chain_length")? {
            Some(l) if l != length.to_string() => problems.push(format!(
                "the chain length recorded in the store ({l}) is not its number of entries ({length})"
            )),
            None if length > 0 => problems.push("the chain length record is missing".into()),
            _ => {}
        }
        Ok(problems)
    }

    /// Rebuilds `concerns` and `duties` from the journal alone (`domain::replay`) and names every
    /// difference from the tables, and everything in the journal that does not hold together.
    /// Also returns how many concerns were raised before the journal recorded its effects
    /// (checked less closely: see `domain::replay`).
    pub fn state_problems(&self) -> Result<(Vec<String>, usize)> {
        use crate::domain::replay::{compare, replay};
        let path = &self.path;
        let entries = journal_rows(&self.conn, None).map_err(|e| map_sql(e, path))?;
        let effects_from = effects_from(&self.conn).map_err(|e| map_sql(e, path))?;
        let replayed = replay(entries, effects_from);
        let (concerns, duties) = table_rows(&self.conn, None).map_err(|e| map_sql(e, path))?;
        let mut problems = replayed.problems.clone();
        problems.extend(compare(&replayed, &concerns, &duties));
        Ok((problems, replayed.legacy.len()))
    }
}

/// Where the store's journal began to record each entry's effects (schema 7); a store
/// without the record is held to effects on every entry.
fn effects_from(conn: &rusqlite::Connection) -> rusqlite::Result<i64> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = 'effects_from'", [], |r| r.get::<_, String>(0))
        .optional()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(1))
}

/// The journal's entries in order: every one, or one concern's (through `entries_by_concern`).
fn journal_rows(
    conn: &rusqlite::Connection,
    concern: Option<&str>,
) -> rusqlite::Result<Vec<crate::domain::replay::JournalEntry>> {
    use crate::domain::replay::JournalEntry;
    let row = |r: &rusqlite::Row<'_>| {
        Ok(JournalEntry { seq: r.get(0)?, concern: r.get(1)?, kind: r.get(2)?, body: r.get(3)? })
    };
    match concern {
        None => conn
            .prepare("SELECT seq, concern_id, kind, body FROM entries ORDER BY seq")?
            .query_map([], row)?
            .collect(),
        Some(id) => conn
            .prepare("SELECT seq, concern_id, kind, body FROM entries WHERE concern_id = ?1 ORDER BY seq")?
            .query_map([id], row)?
            .collect(),
    }
}

/// The `concerns` and `duties` rows as replay compares them: every one, or one concern's.
fn table_rows(
    conn: &rusqlite::Connection,
    concern: Option<&str>,
) -> rusqlite::Result<(Vec<crate::domain::replay::ConcernRow>, Vec<crate::domain::replay::DutyRow>)> {
    use crate::domain::replay::{ConcernRow, DutyRow};
    let (c_where, d_where) = match concern {
        None => ("", ""),
        Some(_) => ("WHERE id = ?1", "WHERE concern_id = ?1"),
    };
    let args: Vec<&str> = concern.into_iter().collect();
    let concerns = conn
        .prepare(&format!(
            "SELECT id, year, seq, about, status, raised_at, recommendation, outcome, anonymous, summary,
                    policy_id, policy_version, policy_hash FROM concerns {c_where} ORDER BY year, seq, id"
        ))?
        .query_map(rusqlite::params_from_iter(&args), |r| {
            Ok(ConcernRow {
                id: r.get(0)?,
                year: r.get(1)?,
                seq: r.get(2)?,
                about: r.get(3)?,
                status: r.get(4)?,
                raised_at: r.get(5)?,
                recommendation: r.get(6)?,
                outcome: r.get(7)?,
                anonymous: r.get(8)?,
                summary: r.get(9)?,
                policy_id: r.get(10)?,
                policy_version: r.get(11)?,
                policy_hash: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let duties = conn
        .prepare(&format!(
            "SELECT id, concern_id, kind, title, owner, due_at, status, done_at, basis, opened_by, closed_by
               FROM duties {d_where} ORDER BY id"
        ))?
        .query_map(rusqlite::params_from_iter(&args), |r| {
            Ok(DutyRow {
                id: r.get(0)?,
                concern_id: r.get(1)?,
                kind: r.get(2)?,
                title: r.get(3)?,
                owner: r.get(4)?,
                due_at: r.get(5)?,
                status: r.get(6)?,
                done_at: r.get(7)?,
                basis: r.get(8)?,
                opened_by: r.get(9)?,
                closed_by: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((concerns, duties))
}

/// What differs between concern `id`'s rows (its `concerns` row and its duties) and what its own
/// journal entries make of them: checked before every write on it, so a duty marked done (or a
/// status changed) behind the journal is refused at the next write, not only found by `verify`
/// (issue 14). It reads only that concern's entries and duties (through their indexes), so its
/// cost is the concern's size, never the store's.
pub(super) fn concern_state_problems(conn: &rusqlite::Connection, id: &str) -> rusqlite::Result<Vec<String>> {
    use crate::domain::replay::{compare, replay};
    let replayed = replay(journal_rows(conn, Some(id))?, effects_from(conn)?);
    let (concerns, duties) = table_rows(conn, Some(id))?;
    // The journal's own coherence (numbering across concerns, say) is verify's to judge: only
    // the tables against this concern's entries here.
    Ok(compare(&replayed, &concerns, &duties))
}

impl Store {
    /// The chain's length (its number of entries) and its head (the latest entry's hash, or
    /// `GENESIS` for an empty chain): what a caller records to check later that no tail was lost.
    pub fn chain_head(&self) -> Result<(i64, String)> {
        let last: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        Ok(last.unwrap_or_else(|| (0, GENESIS.to_owned())))
    }

    /// Whether the chain holds the entry with this hash (at this length, when given): that is,
    /// whether it extends a head recorded earlier. The empty chain's head is `GENESIS`, length 0.
    pub fn chain_extends(&self, hash: &str, length: Option<i64>) -> Result<bool> {
        if hash == GENESIS {
            return Ok(length.is_none_or(|l| l == 0));
        }
        let seq: Option<i64> = self
            .conn
            .query_row("SELECT seq FROM entries WHERE hash = ?1", [hash], |r| r.get(0))
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        Ok(seq.is_some_and(|s| length.is_none_or(|l| l == s)))
    }
}

/// The columns [`entry_row`] reads, in its order.
pub const ENTRY_COLUMNS: &str = "seq, concern_id, kind, at, recorded_at, signer, body, hash, signer_key";

/// An `entries` row selected as [`ENTRY_COLUMNS`]. A time that does not read is damage.
pub fn entry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let (seq, concern): (i64, String) = (r.get(0)?, r.get(1)?);
    let name = || format!("entry {seq} of {concern}");
    let at = read_time(&r.get::<_, String>(3)?, || format!("{}: its time", name())).map_err(damaged)?;
    let recorded_at =
        read_time(&r.get::<_, String>(4)?, || format!("{}: its recorded time", name())).map_err(damaged)?;
    Ok(Entry {
        kind: EntryKind::of(&r.get::<_, String>(2)?),
        at,
        recorded_at,
        signer: r.get(5)?,
        body: Body::of(r.get(6)?),
        hash: r.get(7)?,
        signer_key: r.get(8)?,
        seq,
        concern,
    })
}

/// The columns [`duty_row`] reads, in its order.
pub const DUTY_COLUMNS: &str = "id, concern_id, kind, title, owner, due_at, status, done_at, basis";

/// The parts of a duty's stored basis that are kept: its deadline rules and notes.
#[derive(serde::Deserialize)]
struct Basis {
    #[serde(default)]
    rules: Option<Box<RawValue>>,
    #[serde(default)]
    notes: Option<Box<RawValue>>,
}

/// A `duties` row selected as [`DUTY_COLUMNS`]. A time, status or basis that does not read is
/// damage.
pub fn duty_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Duty> {
    let (id, concern): (i64, String) = (r.get(0)?, r.get(1)?);
    let name = || format!("duty {id} of {concern}");
    let time = |i: usize, what: &str| -> rusqlite::Result<Option<DateTime<Utc>>> {
        r.get::<_, Option<String>>(i)?
            .map(|t| read_time(&t, || format!("{}: its {what}", name())))
            .transpose()
            .map_err(damaged)
    };
    let (due, done_at) = (time(5, "due time")?, time(7, "done time")?);
    let status: String = r.get(6)?;
    let status: DutyStatus =
        status.parse().map_err(|e| damaged(Damage(format!("{}: its status {e}", name()))))?;
    let basis: String = r.get(8)?;
    let basis: Basis = serde_json::from_str(&basis)
        .map_err(|e| damaged(Damage(format!("{}: its deadline basis does not read: {e}", name()))))?;
    Ok(Duty {
        kind: r.get(2)?,
        title: r.get(3)?,
        owner: r.get(4)?,
        due,
        status,
        done_at,
        rules: basis.rules,
        notes: basis.notes,
        id,
        concern,
    })
}

/// The columns [`concern_row`] reads, in its order.
pub const CONCERN_COLUMNS: &str = "id, about, status, raised_at, recommendation, outcome, anonymous, summary, \
     policy_id, policy_version, policy_hash";

/// A `concerns` row selected as [`CONCERN_COLUMNS`]. A time, status or summary that does not
/// read is damage.
fn concern_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Concern> {
    let id: String = r.get(0)?;
    let status: String = r.get(2)?;
    let status: ConcernStatus =
        status.parse().map_err(|e| damaged(Damage(format!("concern {id}: its status {e}"))))?;
    let raised_at =
        read_time(&r.get::<_, String>(3)?, || format!("concern {id}: its raise time")).map_err(damaged)?;
    let summary: String = r.get(7)?;
    let subject: Subject = serde_json::from_str(&summary)
        .map_err(|e| damaged(Damage(format!("concern {id}: its subject does not read: {e}"))))?;
    Ok(Concern {
        about: r.get(1)?,
        status,
        raised_at,
        recommendation: r.get(4)?,
        outcome: r.get(5)?,
        anonymous: r.get(6)?,
        subject,
        policy: PolicyRef { id: r.get(8)?, version: r.get(9)?, hash: r.get(10)? },
        id,
    })
}

impl Store {
    /// Earlier concerns about the provider named `name` (compared without case or surrounding
    /// spaces): id, raise time, and the decision (or else the recommendation), oldest first.
    /// `providers` are the `about` answers that make a concern one about a provider.
    pub fn concerns_about_provider(
        &self,
        name: &str,
        providers: &[String],
    ) -> Result<Vec<(String, DateTime<Utc>, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, raised_at, COALESCE(outcome, recommendation) FROM concerns
             WHERE about IN (SELECT value FROM json_each(?2))
               AND lower(trim(summary ->> '$.name')) = lower(trim(?1))
             ORDER BY raised_at, id",
        )?;
        let rows = st.query_map(params![name, json_list(providers)], |r| {
            let id: String = r.get(0)?;
            let at = read_time(&r.get::<_, String>(1)?, || format!("concern {id}: its raise time"))
                .map_err(damaged)?;
            Ok((id, at, r.get(2)?))
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| map_sql(e, &self.path))
    }

    /// The answers given when concern `concern` was raised, by question id (empty if none).
    pub fn raised_answers(&self, concern: &str) -> Result<std::collections::BTreeMap<String, Value>> {
        let raised: Option<Entry> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entries WHERE concern_id = ?1 AND kind = 'raised'"
            ))?
            .query_row([concern], entry_row)
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        let Some(raised) = raised else { return Ok(Default::default()) };
        match raised.content().map_err(|d| self.damaged(d))? {
            crate::domain::record::Content::Raised(r) => {
                Ok(r.transcript.into_iter().map(|s| (s.id, s.answer)).collect())
            }
            _ => Ok(Default::default()),
        }
    }

    /// How many times `event` has been logged on concern `concern`.
    pub fn event_count(&self, concern: &str, event: &str) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM entries WHERE concern_id = ?1 AND kind = 'event' AND body ->> '$.event' = ?2",
            )?
            .query_row([concern, event], |r| r.get(0))?)
    }

    /// The highest journal sequence number so far (0 for an empty store).
    pub fn last_seq(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(seq), 0) FROM entries", [], |r| r.get(0))?)
    }

    /// Concern ids chosen by filters: raised on or after `since`, with `status`, or with an
    /// entry after `after_seq`; oldest first.
    pub fn select_concerns(
        &self,
        since: Option<&str>,
        status: Option<ConcernStatus>,
        after_seq: Option<i64>,
    ) -> Result<Vec<String>> {
        let status = status.map(ConcernStatus::as_str);
        let mut st = self.conn.prepare(
            "SELECT c.id FROM concerns c
             WHERE (?1 IS NULL OR c.raised_at >= ?1)
               AND (?2 IS NULL OR c.status = ?2)
               AND (?3 IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.concern_id = c.id AND e.seq > ?3))
             ORDER BY c.year, c.seq",
        )?;
        let rows = st
            .query_map(params![since, status, after_seq], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// The last journal entry an output directory has seen, if it was exported to before.
    pub fn last_export(&self, out_dir: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT last_seq FROM exports WHERE out_dir = ?1", [out_dir], |r| r.get(0))
            .optional()?)
    }

    /// Remembers that `out_dir` has everything up to entry `seq`.
    pub fn remember_export(&self, out_dir: &str, seq: i64, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO exports (out_dir, last_seq, at) VALUES (?1, ?2, ?3)
             ON CONFLICT (out_dir) DO UPDATE SET last_seq = excluded.last_seq, at = excluded.at",
            params![out_dir, seq, crate::domain::clock::stored(at)?],
        )?;
        Ok(())
    }
}

impl Store {
    /// Facts for the statistics: concerns raised in [from, to), and their duties.
    pub fn stats_facts(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        providers: &[String],
    ) -> Result<(Vec<crate::domain::stats::ConcernFacts>, Vec<crate::domain::stats::DutyFacts>)> {
        use crate::domain::stats::{ConcernFacts, DutyFacts};
        let mut st = self.conn.prepare(
            "SELECT about, status, recommendation, outcome, summary, raised_at, id FROM concerns
             WHERE (?1 IS NULL OR raised_at >= ?1) AND (?2 IS NULL OR raised_at < ?2)",
        )?;
        let concerns = st
            .query_map(params![from, to], |r| {
                let about: String = r.get(0)?;
                let id: String = r.get(6)?;
                let fact = || format!("concern {id}");
                let subject: Subject = serde_json::from_str(&r.get::<_, String>(4)?)
                    .map_err(|e| damaged(Damage(format!("{}: its subject does not read: {e}", fact()))))?;
                let status: String = r.get(1)?;
                let status: ConcernStatus =
                    status.parse().map_err(|e| damaged(Damage(format!("{}: its status {e}", fact()))))?;
                Ok(ConcernFacts {
                    provider: providers
                        .contains(&about)
                        .then(|| subject.name.as_str().map(str::to_owned))
                        .flatten(),
                    about,
                    status,
                    recommendation: r.get(2)?,
                    outcome: r.get(3)?,
                    category: subject.primary_category.as_str().map(str::to_owned),
                    raised_at: read_time(&r.get::<_, String>(5)?, || format!("{}: its raise time", fact()))
                        .map_err(damaged)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| map_sql(e, &self.path))?;
        let mut st = self.conn.prepare(
            "SELECT d.kind, d.status, d.due_at, d.done_at, d.id, d.concern_id FROM duties d
             JOIN concerns c ON c.id = d.concern_id
             WHERE (?1 IS NULL OR c.raised_at >= ?1) AND (?2 IS NULL OR c.raised_at < ?2)",
        )?;
        let duties = st
            .query_map(params![from, to], |r| {
                let (id, concern): (i64, String) = (r.get(4)?, r.get(5)?);
                let name = || format!("duty {id} of {concern}");
                let time = |i: usize, what: &str| -> rusqlite::Result<Option<DateTime<Utc>>> {
                    r.get::<_, Option<String>>(i)?
                        .map(|t| read_time(&t, || format!("{}: its {what}", name())))
                        .transpose()
                        .map_err(damaged)
                };
                let status: String = r.get(1)?;
                Ok(DutyFacts {
                    kind: r.get(0)?,
                    status: status
                        .parse()
                        .map_err(|e| damaged(Damage(format!("{}: its status {e}", name()))))?,
                    due: time(2, "due time")?,
                    done_at: time(3, "done time")?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| map_sql(e, &self.path))?;
        Ok((concerns, duties))
    }
}

impl Store {
    /// Reads several concerns at once: one query per table, so a chunk of an export shares
    /// statements and decrypted pages. Missing ids are left out; the order of `ids` is kept.
    /// With `journal` false the entries are not read (CSV needs only the row and duties).
    pub fn records(&self, ids: &[String], journal: bool) -> Result<Vec<ConcernRecord>> {
        use std::collections::HashMap;
        let list = serde_json::to_string(ids).map_err(|e| Error::Other(e.to_string()))?;
        let mut rows: HashMap<String, ConcernRecord> = HashMap::with_capacity(ids.len());
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {CONCERN_COLUMNS} FROM concerns WHERE id IN (SELECT value FROM json_each(?1))"
        ))?;
        for r in st.query_map([&list], concern_row).map_err(|e| map_sql(e, &self.path))? {
            let concern = r.map_err(|e| map_sql(e, &self.path))?;
            rows.insert(concern.id.clone(), ConcernRecord { concern, duties: vec![], entries: vec![] });
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {DUTY_COLUMNS} FROM duties WHERE concern_id IN (SELECT value FROM json_each(?1))
             ORDER BY concern_id, due_at IS NULL, due_at, id"
        ))?;
        for d in st.query_map([&list], duty_row).map_err(|e| map_sql(e, &self.path))? {
            let d = d.map_err(|e| map_sql(e, &self.path))?;
            if let Some(p) = rows.get_mut(&d.concern) {
                p.duties.push(d);
            }
        }
        if journal {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entries
                 WHERE concern_id IN (SELECT value FROM json_each(?1)) ORDER BY concern_id, seq"
            ))?;
            let entries = st.query_map([&list], entry_row).map_err(|e| map_sql(e, &self.path))?;
            for e in entries {
                let e = e.map_err(|e| map_sql(e, &self.path))?;
                if let Some(p) = rows.get_mut(&e.concern) {
                    p.entries.push(e);
                }
            }
        }
        Ok(ids.iter().filter_map(|id| rows.remove(id)).collect())
    }

    /// One concern's whole record.
    pub fn record_of(&self, id: &str) -> Result<ConcernRecord> {
        self.records(&[id.to_owned()], true)?.pop().ok_or_else(|| Error::NotFound(id.to_owned()))
    }
}

impl Store {
    /// The moments a concern's deadline rules count from: when it was raised, when it was
    /// noticed (as recorded at raise), and `event` (the entry now being added).
    pub fn anchors(&self, c: &Concern, event: DateTime<Utc>) -> Result<crate::domain::duty::Anchors> {
        let raised: Option<Entry> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM entries WHERE concern_id = ?1 AND kind = 'raised'"
            ))?
            .query_row([&c.id], entry_row)
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        let noticed = match raised.map(|e| e.content()).transpose().map_err(|d| self.damaged(d))? {
            Some(crate::domain::record::Content::Raised(r)) => r.noticed_at.unwrap_or(c.raised_at),
            _ => c.raised_at,
        };
        Ok(crate::domain::duty::Anchors { raised: c.raised_at, noticed, event })
    }

    /// The error for damage found in this store.
    pub fn damaged(&self, d: Damage) -> Error {
        Error::StoreDamaged { path: self.path.clone(), detail: d.0 }
    }
}

/// A list of ids as a JSON array, for `json_each(?)`: bound ids are parameters, never SQL.
pub(crate) fn json_list(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
}

/// What `verify` found of the signatures.
#[derive(Debug, Default, serde::Serialize)]
pub struct Signatures {
    /// Entries whose signature verified against the roster in force at them.
    pub signed: i64,
    /// Anonymous Code RED reports: unsigned by design (seed 000).
    pub anonymous: i64,
    /// Entries written before the store had a roster (a store from before signed records):
    /// covered by the chain only.
    pub before_roster: i64,
    /// The first entry that fails, named: seq, concern, signer and why.
    pub problem: Option<String>,
    /// Who signed the verified entries, in the order they first signed: the person on the
    /// roster whose key verified, with the Unix login the roster gives them.
    pub signers: Vec<SignerTally>,
}

/// One person's verified signatures.
#[derive(Debug, Default, serde::Serialize)]
pub struct SignerTally {
    pub name: String,
    pub login: String,
    pub entries: i64,
}

/// One row as the signature walk reads it.
struct Signed {
    seq: i64,
    concern: Option<String>,
    kind: String,
    signer: Option<String>,
    body: String,
    hash: String,
    key: Option<String>,
    signature: Option<String>,
}

impl Store {
    /// Every signed entry of a concern that only some roles may write (all but its raise and
    /// amendments), concern by concern in order, as (concern, seq, kind, signer, signer's key,
    /// event id): what `verify` checks against the roles the policy lets write each (issue 14).
    pub fn each_authored_entry(
        &self,
        mut each: impl FnMut(&str, i64, &str, &str, &str, Option<&str>) -> Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT concern_id, seq, kind, signer,
                    CASE WHEN kind = 'event' THEN json_extract(body, '$.event') END, signer_key
             FROM entries INDEXED BY entries_by_concern
             WHERE concern_id IS NOT NULL AND signer IS NOT NULL AND signer_key IS NOT NULL
               AND kind NOT IN ('raised', 'amendment')
             ORDER BY concern_id, seq",
        )?;
        let mut rows = st.query([]).map_err(|e| map_sql(e, &self.path))?;
        while let Some(r) = rows.next().map_err(|e| map_sql(e, &self.path))? {
            let text = |i| -> Result<&str> {
                r.get_ref(i).and_then(|v| Ok(v.as_str()?)).map_err(|e| map_sql(e, &self.path))
            };
            let event = match r.get_ref(4).map_err(|e| map_sql(e, &self.path))? {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                _ => None,
            };
            let seq: i64 = r.get(1).map_err(|e| map_sql(e, &self.path))?;
            each(text(0)?, seq, text(2)?, text(3)?, text(5)?, event)?;
        }
        Ok(())
    }

    /// Replays the journal in order, keeping the roster in force at each entry: every roster
    /// entry must be signed by a person then on it holding one of `keepers` (the first one by
    /// the person it adds), and every other entry by a person then on it, in one of their
    /// roles, over its hash; an unsigned entry must be an anonymous Code RED report (or come
    /// before the roster began). Returns the roster at the end (a roster entry that fails is not
    /// in force) and the walk's findings, naming the first entry that fails.
    pub fn walk_signatures(&self, keepers: &[String]) -> Result<(Roster, Signatures)> {
        let mut st = self.conn.prepare(
            "SELECT seq, concern_id, kind, signer, body, hash, signer_key, signature FROM entries ORDER BY seq",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(Signed {
                    seq: r.get(0)?,
                    concern: r.get(1)?,
                    kind: r.get(2)?,
                    signer: r.get(3)?,
                    body: r.get(4)?,
                    hash: r.get(5)?,
                    key: r.get(6)?,
                    signature: r.get(7)?,
                })
            })
            .map_err(|e| map_sql(e, &self.path))?;
        let mut roster = Roster::default();
        let mut found = Signatures::default();
        for row in rows {
            let e = row.map_err(|e| map_sql(e, &self.path))?;
            let by = e.signer.as_deref().unwrap_or("no one");
            let name = format!(
                "entry {} ({}, {}, signed by {by})",
                e.seq,
                e.concern.as_deref().unwrap_or("the roster"),
                e.kind
            );
            let outcome = check_one(&mut roster, &e, keepers);
            match outcome {
                Ok(Kind::Signed) => {
                    found.signed += 1;
                    if let Some(m) = e.key.as_deref().and_then(|k| roster.ever_by_key(k)) {
                        match found.signers.iter_mut().find(|t| t.name == m.name && t.login == m.login) {
                            Some(t) => t.entries += 1,
                            None => found.signers.push(SignerTally {
                                name: m.name.clone(),
                                login: m.login.clone(),
                                entries: 1,
                            }),
                        }
                    }
                }
                Ok(Kind::Anonymous) => found.anonymous += 1,
                Ok(Kind::BeforeRoster) => found.before_roster += 1,
                Err(why) => {
                    if found.problem.is_none() {
                        found.problem = Some(format!("{name}: {why}"));
                    }
                }
            }
        }
        Ok((roster, found))
    }

    /// The clock the store's first roster entry records it was made under (`system`, `fixed` or
    /// `unrecorded`), or None when that entry records none (a store made before the clock was
    /// chained, or with no roster yet). Hashed and signed with the chain, unlike `meta.clock`.
    pub fn chained_clock(&self) -> Result<Option<String>> {
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM entries WHERE concern_id IS NULL AND kind = ?1 ORDER BY seq LIMIT 1",
                [ROSTER_ADD],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        Ok(body
            .and_then(|b| serde_json::from_str::<Value>(&b).ok())
            .and_then(|b| b.get("clock").and_then(Value::as_str).map(str::to_owned)))
    }

    /// The roster in force now (roster entries that fail their checks are not in force).
    pub fn roster(&self, keepers: &[String]) -> Result<Roster> {
        Ok(self.walk_signatures(keepers)?.0)
    }

    /// Appends a roster entry (`roster-add` or `roster-retire`), signed by `signer`, after
    /// checking it against the roster in force.
    pub fn record_roster(
        &mut self,
        kind: &str,
        body: &Value,
        signer: &Signer,
        keepers: &[String],
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let mut roster = self.roster(keepers)?;
        // The store's first roster entry records the clock it was made under, so that the clock
        // is hashed and signed with the chain and an edit of `meta.clock` shows (issue 14). (On
        // a store from before signed records that is `unrecorded`.)
        let mut body = body.clone();
        if roster.is_empty()
            && kind == ROSTER_ADD
            && let Some(fields) = body.as_object_mut()
        {
            let clock = self.clock()?.unwrap_or_else(|| "unrecorded".to_owned());
            fields.insert("clock".into(), Value::String(clock));
        }
        let body = &body;
        roster
            .apply(0, kind, &body.to_string(), (&signer.name, &signer.key.public().text()), keepers)
            .map_err(Error::input)?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| map_sql(e, &path))?;
        let seq = append_to(&tx, None, kind, now, now, Some(signer), body, None)?;
        tx.commit().map_err(|e| map_sql(e, &path))?;
        Ok(seq)
    }
}

/// How one entry stands.
enum Kind {
    Signed,
    Anonymous,
    BeforeRoster,
}

fn check_one(roster: &mut Roster, e: &Signed, keepers: &[String]) -> std::result::Result<Kind, String> {
    let signed = match (&e.signer, &e.key, &e.signature) {
        (Some(l), Some(k), Some(s)) => Some((l.as_str(), k.as_str(), s.as_str())),
        (_, None, None) => None,
        _ => return Err("its signature is incomplete".into()),
    };
    let is_roster = e.kind == ROSTER_ADD || e.kind == ROSTER_RETIRE;
    if is_roster && e.concern.is_some() {
        return Err("a roster entry belongs to no concern".into());
    }
    if !is_roster && e.concern.is_none() {
        return Err("it belongs to no concern".into());
    }
    let Some((label, key, sig)) = signed else {
        if is_roster {
            return Err("a roster entry must be signed".into());
        }
        let anonymous = e.kind == "raised"
            && serde_json::from_str::<Value>(&e.body).is_ok_and(|b| b["anonymous"] == json!(true));
        if anonymous {
            return Ok(Kind::Anonymous);
        }
        if roster.is_empty() {
            return Ok(Kind::BeforeRoster);
        }
        return Err("it is not signed".into());
    };
    if is_roster {
        let name = crate::domain::signed::split_label(label).map(|(n, _)| n).unwrap_or(label);
        let mut next = roster.clone();
        next.apply(e.seq, &e.kind, &e.body, (name, key), keepers)?;
        // The first entry is checked against the roster it makes (it adds its own signer).
        let against = if roster.is_empty() { &next } else { &*roster };
        against.check_signature(label, key, sig, &e.hash)?;
        *roster = next;
        return Ok(Kind::Signed);
    }
    roster.check_signature(label, key, sig, &e.hash)?;
    Ok(Kind::Signed)
}

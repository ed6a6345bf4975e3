//! Ordered schema migrations, one transaction each, tracked by `PRAGMA user_version`.
//!
//! A migration is never edited once released: add a new one at the end. A store whose
//! `user_version` is higher than `LATEST` was written by a newer binary and is refused.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migration `i` brings the store from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the record itself. `entries` is the append-only, hash-chained journal (the truth);
    // `concerns` and `duties` are projections of it, updated in the same transaction.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE concerns (
        id             TEXT PRIMARY KEY,
        year           INTEGER NOT NULL,
        seq            INTEGER NOT NULL,
        about          TEXT NOT NULL,
        status         TEXT NOT NULL,
        raised_at      TEXT NOT NULL,
        recommendation TEXT NOT NULL,
        outcome        TEXT,
        anonymous      INTEGER NOT NULL,
        summary        TEXT NOT NULL,
        policy_id      TEXT NOT NULL,
        policy_version TEXT NOT NULL,
        policy_hash    TEXT NOT NULL,
        UNIQUE (year, seq)
    ) STRICT;

    CREATE TABLE entries (
        seq         INTEGER PRIMARY KEY,
        concern_id  TEXT NOT NULL REFERENCES concerns(id),
        kind        TEXT NOT NULL,
        at          TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        signer      TEXT,
        body        TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX entries_by_concern ON entries (concern_id, seq);

    CREATE TABLE duties (
        id          INTEGER PRIMARY KEY,
        concern_id  TEXT NOT NULL REFERENCES concerns(id),
        kind        TEXT NOT NULL,
        title       TEXT NOT NULL,
        owner       TEXT NOT NULL,
        due_at      TEXT,
        status      TEXT NOT NULL,
        done_at     TEXT,
        basis       TEXT NOT NULL,
        opened_by   INTEGER NOT NULL REFERENCES entries(seq),
        closed_by   INTEGER REFERENCES entries(seq)
    ) STRICT;
    CREATE INDEX duties_by_concern ON duties (concern_id, status);
    "#,
    // 2: interview drafts, so that an interrupted `raise` loses nothing. Drafts live in the
    // encrypted store (never in a plaintext temporary file) and never count as concerns.
    r#"
    CREATE TABLE drafts (
        id         TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        anonymous  INTEGER NOT NULL,
        policy_hash TEXT NOT NULL,
        state      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX duties_open_by_due ON duties (status, due_at);
    "#,
    // 3: where each output directory's last export stands (`export --changed-since-last-export`).
    r#"
    CREATE TABLE exports (
        out_dir  TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL,
        at       TEXT NOT NULL
    ) STRICT;
    "#,
    // 4: `review --due` reads only indexes. Only open concerns keep open duties: closing
    // cancels them and freezing suspends them (003 §7.13: no reminders while frozen), so the
    // morning screen needs no join. Existing stores are brought to that invariant here.
    r#"
    UPDATE duties SET status = 'suspended'
     WHERE status = 'open' AND concern_id IN (SELECT id FROM concerns WHERE status = 'frozen');
    UPDATE duties SET status = 'cancelled'
     WHERE status = 'open' AND concern_id IN (SELECT id FROM concerns WHERE status = 'closed');
    CREATE INDEX duties_due_screen ON duties (status, due_at, concern_id, id, kind, owner, title);
    CREATE INDEX duties_open_kind ON duties (status, kind, concern_id);
    CREATE INDEX concerns_by_status ON concerns (status, year, seq);
    DROP INDEX duties_open_by_due;
    "#,
    // 5: "open concerns with no review date" reads the concerns index alone (no row fetches).
    r#"
    CREATE INDEX concerns_open_kind ON concerns (status, about, year, seq, id);
    DROP INDEX concerns_by_status;
    "#,
    // 6: sealed raising (issue 13). `store_keys` holds the store's own age X25519 identities
    // (inside the encrypted store); a rotated key is kept, retired, so files sealed to it still
    // import. `intake` records every sealed file imported, by the SHA-256 of its bytes and by
    // its reference, so importing twice does nothing.
    r#"
    CREATE TABLE store_keys (
        id         INTEGER PRIMARY KEY,
        recipient  TEXT NOT NULL UNIQUE,
        secret     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        retired_at TEXT
    ) STRICT;
    CREATE TABLE intake (
        hash        TEXT PRIMARY KEY,
        reference   TEXT NOT NULL UNIQUE,
        concern_id  TEXT NOT NULL REFERENCES concerns(id),
        inbox       TEXT,
        file        TEXT NOT NULL,
        raised_at   TEXT NOT NULL,
        arrived_at  TEXT NOT NULL,
        imported_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 7: the journal records its effects (issue 14), and the store its clock. Entries written
    // before this carry none (`domain::replay` treats them as legacy); `effects_from` is the
    // first entry that must (so stripping a later entry's effects to pass it off as legacy shows). A store made before this
    // did not record whether it was made under `SAFEGUARD_NOW`: `clock = unrecorded` accepts it;
    // `init` from now on writes `system` or `fixed` over this.
    r#"
    INSERT OR IGNORE INTO meta (key, value) VALUES ('clock', 'unrecorded');
    INSERT OR IGNORE INTO meta (key, value)
        VALUES ('effects_from', (SELECT CAST(coalesce(max(seq), 0) + 1 AS TEXT) FROM entries));
    "#,
    // 8: signed records (issue 14). Each entry carries its signer's public key and an Ed25519
    // signature over its hash; an anonymous Code RED report carries neither. The roster (who is
    // who, their roles and keys) is kept as entries of the same chain with no concern, so one
    // head anchors everything: `concern_id` becomes optional. SQLite cannot relax NOT NULL in
    // place, so the table is rebuilt (foreign keys are off while migrating; see `migrate`).
    r#"
    CREATE TABLE entries_v8 (
        seq         INTEGER PRIMARY KEY,
        concern_id  TEXT REFERENCES concerns(id),
        kind        TEXT NOT NULL,
        at          TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        signer      TEXT,
        body        TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL UNIQUE,
        signer_key  TEXT,
        signature   TEXT
    ) STRICT;
    INSERT INTO entries_v8 (seq, concern_id, kind, at, recorded_at, signer, body, prev_hash, hash)
        SELECT seq, concern_id, kind, at, recorded_at, signer, body, prev_hash, hash FROM entries;
    DROP TABLE entries;
    ALTER TABLE entries_v8 RENAME TO entries;
    CREATE INDEX entries_by_concern ON entries (concern_id, seq);
    "#,
    // 9: the retention reviews of `review --due` (DOMAIN.md §6.5) read only the closings old
    // enough to be due, by time, instead of every closed concern's entries (issue 18).
    r#"
    CREATE INDEX entries_closings ON entries (at, concern_id) WHERE kind = 'closed';
    "#,
    // 10: the morning screen counts the due duties it leaves out (`review --due` past its first
    // 200 rows) from their due times alone, a quarter of the covering index's pages (issue 18).
    r#"
    CREATE INDEX IF NOT EXISTS duties_open_due ON duties (due_at) WHERE status = 'open';
    "#,
    // 11: the morning screen shows immediate duties first (DOMAIN.md §3.1: overdue as soon as
    // they exist, at the top of the list): the open duties one of whose rules says
    // "immediately", read from their own small covering index. The basis is the tool's own
    // compact JSON, where a rule reads `"within":"immediately"` and a quote inside a note is
    // escaped, so no note can look like one.
    r#"
    CREATE INDEX IF NOT EXISTS duties_open_immediate ON duties (due_at, concern_id, id, kind, owner, title)
     WHERE status = 'open' AND basis LIKE '%"within":"immediately"%';
    "#,
];

/// Every schema object (table, index, trigger, view) the migrations create, as
/// (type, name) -> its SQL, read from an empty in-memory database they were applied to.
pub fn expected_objects() -> Result<std::collections::BTreeMap<(String, String), Option<String>>> {
    let conn = Connection::open_in_memory()?;
    for m in MIGRATIONS {
        conn.execute_batch(m)?;
    }
    objects(&conn)
}

/// The schema objects of `conn`'s main database, as [`expected_objects`] gives them.
pub fn objects(conn: &Connection) -> Result<std::collections::BTreeMap<(String, String), Option<String>>> {
    let mut st = conn.prepare("SELECT type, name, sql FROM main.sqlite_schema")?;
    let rows = st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The schema version this binary writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The store's current schema version.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies every migration the store lacks, up to `target`, one transaction each. Foreign keys
/// are off meanwhile (SQLite's way of rebuilding a table others refer to) and checked before
/// each migration commits; the caller turns them on afterwards.
pub fn migrate(conn: &mut Connection, target: i64) -> Result<()> {
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let current = version(conn)?;
    if current > LATEST {
        return Err(Error::StoreTooNew { found: current, supported: LATEST });
    }
    for v in current..target.min(LATEST) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if version(&tx)? > v {
            continue;
        }
        tx.execute_batch(MIGRATIONS[v as usize])?;
        let broken: Option<String> =
            rusqlite::OptionalExtension::optional(
                tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)),
            )?;
        if let Some(table) = broken {
            return Err(Error::Other(format!(
                "migration {} would leave rows of {table} referring to nothing; the store is left as it was",
                v + 1
            )));
        }
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
    }
    Ok(())
}

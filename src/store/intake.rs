//! Sealed files imported into the store (`safeguard intake`): each is recorded, by the SHA-256
//! of its bytes and by its reference, with its concern, so a file is imported once however
//! often intake runs. A run's imports share one write transaction (a savepoint each, so each
//! file is written whole or not at all), committed before any file is moved out of the inbox.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::records::{NewConcern, insert_concern};
use super::timeline::{Applied, Record, record_in};
use super::{Store, map_sql};
use crate::domain::clock::rfc3339;
use crate::error::Result;

/// What is recorded about one imported file.
#[derive(Clone, Debug)]
pub struct Imported {
    pub hash: String,
    pub reference: String,
    pub inbox: Option<String>,
    pub file: String,
    /// When the reporter says it was raised.
    pub raised_at: DateTime<Utc>,
    /// When it reached the inbox.
    pub arrived_at: DateTime<Utc>,
    pub imported_at: DateTime<Utc>,
}

impl Store {
    /// The concern a file with this hash, or with this reference, was imported as.
    pub fn imported(&self, hash: &str, reference: Option<&str>) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT concern_id FROM intake WHERE hash = ?1 OR reference = ?2 LIMIT 1")?
            .query_row(params![hash, reference], |r| r.get(0))
            .optional()
            .map_err(|e| map_sql(e, &self.path))
    }

    /// Starts a run of imports: one write transaction, committed by [`Batch::commit`] (or rolled
    /// back if dropped), so a thousand files cost one sync of the store, not a thousand.
    pub fn begin_intake(&self) -> Result<Batch<'_>> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| map_sql(e, &self.path))?;
        Ok(Batch { store: self, open: true })
    }
}

/// The link an imported concern makes: the concern it is a second record of, and the entry
/// written there, made from the new concern's id.
pub type Link<'a> = (&'a str, &'a dyn Fn(&str) -> Record);

/// Imports inside one write transaction; each file is its own savepoint, so a file is written
/// whole or not at all, and nothing is in the store until [`Batch::commit`].
pub struct Batch<'s> {
    store: &'s Store,
    open: bool,
}

impl Batch<'_> {
    /// Writes an imported concern and its intake record (a savepoint of the batch), and the
    /// entry `link` makes on the concern it is a second record of, all or nothing; returns
    /// its id and what the link did.
    pub fn import(
        &self,
        c: &NewConcern,
        i: &Imported,
        link: Option<Link<'_>>,
    ) -> Result<(String, Option<Applied>)> {
        let conn = &self.store.conn;
        conn.execute_batch("SAVEPOINT import_file")?;
        let written = (|| -> Result<(String, Option<Applied>)> {
            let id = insert_concern(conn, c)?;
            conn.execute(
                "INSERT INTO intake (hash, reference, concern_id, inbox, file, raised_at, arrived_at, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    i.hash,
                    i.reference,
                    id,
                    i.inbox,
                    i.file,
                    rfc3339(i.raised_at),
                    rfc3339(i.arrived_at),
                    rfc3339(i.imported_at)
                ],
            )?;
            let linked = match link {
                Some((to, entry)) => Some(record_in(conn, &self.store.path, to, &entry(&id))?),
                None => None,
            };
            Ok((id, linked))
        })();
        match written {
            Ok(done) => {
                conn.execute_batch("RELEASE import_file")?;
                Ok(done)
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK TO import_file; RELEASE import_file");
                Err(e)
            }
        }
    }

    /// Commits every import of the batch (one sync).
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.store.conn.execute_batch("COMMIT").map_err(|e| map_sql(e, &self.store.path))
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}

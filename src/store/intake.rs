//! Sealed files imported into the store (`safeguard intake`): each is recorded, by the SHA-256
//! of its bytes and by its reference, in the transaction that writes its concern, so a file is
//! imported once however often intake runs.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::records::{NewConcern, insert_concern};
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

    /// Writes an imported concern and its intake record in one transaction; returns its id.
    pub fn import_concern(&mut self, c: &NewConcern, i: &Imported) -> Result<String> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| map_sql(e, &path))?;
        let id = insert_concern(&tx, c)?;
        tx.execute(
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
        tx.commit().map_err(|e| map_sql(e, &path))?;
        Ok(id)
    }
}

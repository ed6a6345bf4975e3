//! Interview drafts: saved inside the encrypted store after every answer, so a closed
//! terminal or Ctrl-C loses nothing. A draft is never a concern; raising it deletes it in the
//! same transaction that writes the concern.
//!
//! Drafts are not records, so they are outside the signed chain and `verify` does not name a
//! deleted one (issue 14). The record is what 003 §7.15–7.17 asks to be dated, timed and signed:
//! entries of a concern, which begins when `raise` saves it. A draft is the reporter's own
//! unfinished work, which they may throw away (`drafts discard`); and an anonymous Code RED
//! draft (seed 000) must leave no dated trace in the chain of when someone began to report.
//!
//! The store keeps a draft's state as JSON and knows nothing of the interview: the caller
//! hands it any serialisable state and reads it back as the same type.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Store, map_sql};
use crate::error::{Error, Result};

/// A draft's listing.
#[derive(Clone, Debug, Serialize)]
pub struct DraftInfo {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub anonymous: bool,
    /// Answers given so far.
    pub answered: usize,
    pub about: Option<String>,
    /// The answers so far (not listed: `review --due` reads them to find a draft whose danger
    /// answer called for help now).
    #[serde(skip)]
    pub answers: std::collections::BTreeMap<String, serde_json::Value>,
}

/// What a listing shows of a draft's state (an interview's answers and transcript so far),
/// read without knowing the rest of it.
#[derive(serde::Deserialize)]
struct Progress {
    #[serde(default)]
    answers: std::collections::BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    transcript: Vec<serde::de::IgnoredAny>,
}

impl Store {
    /// Starts a draft and returns its id (`D-` and eight hex digits).
    pub fn create_draft(
        &self,
        now: DateTime<Utc>,
        anonymous: bool,
        policy_hash: &str,
        state: &impl Serialize,
    ) -> Result<String> {
        let mut h = Sha256::new();
        h.update(format!("{now:?}{}{:?}", std::process::id(), std::time::SystemTime::now()));
        let id = format!("D-{}", &hex::encode(h.finalize())[..8]);
        let json = serde_json::to_string(state).map_err(|e| Error::Other(e.to_string()))?;
        self.conn
            .execute(
                "INSERT INTO drafts (id, created_at, updated_at, anonymous, policy_hash, state) VALUES (?1, ?2, ?2, ?3, ?4, ?5)",
                params![id, crate::domain::clock::stored(now)?, anonymous, policy_hash, json],
            )
            .map_err(|e| map_sql(e, &self.path))?;
        Ok(id)
    }

    /// Saves the draft's state (one small transaction).
    pub fn save_draft(&self, id: &str, now: DateTime<Utc>, state: &impl Serialize) -> Result<()> {
        let json = serde_json::to_string(state).map_err(|e| Error::Other(e.to_string()))?;
        let n = self
            .conn
            .execute(
                "UPDATE drafts SET state = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, json, crate::domain::clock::stored(now)?],
            )
            .map_err(|e| map_sql(e, &self.path))?;
        if n == 0 {
            return Err(Error::NotFound(id.to_owned()));
        }
        Ok(())
    }

    /// A draft's state, whether it was anonymous, and the policy hash it was started under.
    pub fn draft<S: serde::de::DeserializeOwned>(&self, id: &str) -> Result<(S, bool, String)> {
        let row: Option<(String, bool, String)> = self
            .conn
            .query_row("SELECT state, anonymous, policy_hash FROM drafts WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(|e| map_sql(e, &self.path))?;
        let (json, anonymous, hash) = row.ok_or_else(|| Error::NotFound(id.to_owned()))?;
        let state = serde_json::from_str(&json).map_err(|e| Error::StoreDamaged {
            path: self.path.clone(),
            detail: format!("draft {id} cannot be read: {e}"),
        })?;
        Ok((state, anonymous, hash))
    }

    /// Deletes a draft for good (`drafts discard`); nothing about it is kept.
    pub fn discard_draft(&self, id: &str) -> Result<()> {
        let n = self
            .conn
            .execute("DELETE FROM drafts WHERE id = ?1", [id])
            .map_err(|e| map_sql(e, &self.path))?;
        if n == 0 {
            return Err(Error::NotFound(id.to_owned()));
        }
        Ok(())
    }

    /// Every draft, newest first; `about` is the question whose answer says what each is about.
    pub fn drafts(&self, about: Option<&str>) -> Result<Vec<DraftInfo>> {
        let mut st = self.conn.prepare(
            "SELECT id, created_at, updated_at, anonymous, state FROM drafts ORDER BY updated_at DESC, id",
        )?;
        let rows = st
            .query_map([], |r| {
                let id: String = r.get(0)?;
                let state: String = r.get(4)?;
                let s: Progress = serde_json::from_str(&state).map_err(|e| {
                    super::damaged(crate::domain::record::Damage(format!("draft {id} cannot be read: {e}")))
                })?;
                Ok(DraftInfo {
                    created_at: r.get(1)?,
                    updated_at: r.get(2)?,
                    anonymous: r.get(3)?,
                    answered: s.transcript.len(),
                    about: about.and_then(|q| s.answers.get(q)).and_then(|v| v.as_str()).map(str::to_owned),
                    answers: s.answers,
                    id,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }
}

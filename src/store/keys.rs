//! The store's own age X25519 identities (`safeguard keys`): sealed files are sealed to the
//! current one, and every one, current or retired, opens them at intake. The secrets live only
//! inside the encrypted store, and are wiped from memory when dropped.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use zeroize::Zeroizing;

use super::{Store, map_sql};
use crate::error::{Error, Result};

/// A store key's public side and dates.
#[derive(Clone, Debug, Serialize)]
pub struct KeyInfo {
    pub recipient: String,
    pub created_at: String,
    pub retired_at: Option<String>,
}

impl Store {
    /// Every store key, oldest first.
    pub fn store_keys(&self) -> Result<Vec<KeyInfo>> {
        let mut st =
            self.conn.prepare("SELECT recipient, created_at, retired_at FROM store_keys ORDER BY id")?;
        let rows = st
            .query_map([], |r| {
                Ok(KeyInfo { recipient: r.get(0)?, created_at: r.get(1)?, retired_at: r.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>();
        rows.map_err(|e| map_sql(e, &self.path))
    }

    /// The current store key's recipient, if the store has one.
    pub fn current_store_key(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT recipient FROM store_keys WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Makes a new current key; with `rotate`, the current one is retired in the same
    /// transaction (and without it, a store that has a key is refused). Returns the recipient.
    pub fn new_store_key(&mut self, now: DateTime<Utc>, rotate: bool) -> Result<String> {
        use age::secrecy::ExposeSecret;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| map_sql(e, &path))?;
        let current: Option<String> = tx
            .query_row("SELECT recipient FROM store_keys WHERE retired_at IS NULL LIMIT 1", [], |r| r.get(0))
            .optional()?;
        let at = crate::domain::clock::rfc3339(now);
        match (current, rotate) {
            (Some(r), false) => {
                return Err(Error::input(format!(
                    "this store already has a key ({r}); `safeguard keys rotate` makes a new one and keeps this one retired"
                )));
            }
            (None, true) => {
                return Err(Error::input(
                    "this store has no key to rotate; make one with `safeguard keys init`",
                ));
            }
            (Some(_), true) => {
                tx.execute("UPDATE store_keys SET retired_at = ?1 WHERE retired_at IS NULL", [&at])?;
            }
            (None, false) => {}
        }
        let identity = age::x25519::Identity::generate();
        let recipient = identity.to_public().to_string();
        let secret = identity.to_string();
        tx.execute(
            "INSERT INTO store_keys (recipient, secret, created_at) VALUES (?1, ?2, ?3)",
            params![recipient, secret.expose_secret(), at],
        )?;
        tx.commit().map_err(|e| map_sql(e, &path))?;
        Ok(recipient)
    }

    /// Every store identity, current and retired, with its recipient, for opening sealed files.
    pub fn store_identities(&self) -> Result<Vec<(String, age::x25519::Identity)>> {
        let mut st = self.conn.prepare("SELECT recipient, secret FROM store_keys ORDER BY id DESC")?;
        let mut rows = st.query([]).map_err(|e| map_sql(e, &self.path))?;
        let mut out = vec![];
        while let Some(r) = rows.next().map_err(|e| map_sql(e, &self.path))? {
            let recipient: String = r.get(0)?;
            let secret = Zeroizing::new(r.get::<_, String>(1)?);
            let identity = age::x25519::Identity::from_str(&secret).map_err(|e| Error::StoreDamaged {
                path: self.path.clone(),
                detail: format!("store key {recipient} cannot be read: {e}"),
            })?;
            out.push((recipient, identity));
        }
        Ok(out)
    }
}

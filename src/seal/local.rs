//! What the reporter keeps, sealed to their own identity under their data directory: a copy of
//! every concern they raised (`safeguard mine` lists them) and their unfinished interviews
//! (there is no store to hold drafts in sealed raising). Files are 0600 in 0700 folders, written
//! whole and renamed into place, so a crash leaves the old file or the new one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::durable::Pending;
use super::envelope::Envelope;
use super::identity::{Own, private_dir};
use super::plan::SealedTo;
use crate::error::{Error, Result};
use crate::interview::State;

/// The largest local file read back.
const MAX_LOCAL: u64 = super::MAX_SEALED;

/// `<data dir>/mine`: the reporter's own sealed copies.
pub fn mine_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("mine")
}

/// `<data dir>/drafts`: sealed interview drafts.
pub fn drafts_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("drafts")
}

/// Where the sealed concern went.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// The inbox's name, or none for `--seal-out`.
    pub inbox: Option<String>,
    pub path: String,
    pub at: DateTime<Utc>,
}

/// The reporter's own copy of a concern they raised.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OwnCopy {
    pub version: u32,
    pub envelope: Envelope,
    pub sealed_to: Vec<SealedTo>,
    pub delivered: Delivery,
}

/// An unfinished sealed interview.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub version: u32,
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub anonymous: bool,
    pub policy_hash: String,
    pub state: State,
}

/// Writes `bytes` to `dir/name` (0600) whole: a new file beside it, synced, renamed over.
pub fn write_private(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    stage_private(dir, name, bytes)?.finish()
}

/// The first step of [`write_private`]: the new file beside `dir/name`, written, not yet
/// synced or renamed over (see [`Pending`]).
fn stage_private(dir: &Path, name: &str, bytes: &[u8]) -> Result<Pending> {
    private_dir(dir)?;
    let tmp = dir.join(format!(".{name}.{}", hex::encode(super::random::<6>()?)));
    Pending::create(&tmp, &dir.join(name), 0o600, bytes)
}

/// Reads and opens a file sealed to the reporter.
fn open_own<T: for<'de> Deserialize<'de>>(path: &Path, own: &Own) -> std::result::Result<T, String> {
    let arrived = super::inbox::read_arrived(path, MAX_LOCAL)?;
    let plain = super::unseal(&[&own.identity], &arrived.bytes, MAX_LOCAL).map_err(|e| e.to_string())?;
    serde_json::from_slice(&plain).map_err(|e| format!("cannot be read: {e}"))
}

/// Seals `value` to the reporter alone and writes it to `dir/name`.
fn seal_own<T: Serialize>(dir: &Path, name: &str, own: &Own, value: &T) -> Result<PathBuf> {
    let plain = zeroize::Zeroizing::new(serde_json::to_vec(value).map_err(|e| Error::Other(e.to_string()))?);
    let sealed = super::seal(&[&own.recipient.recipient], &plain)?;
    write_private(dir, name, &sealed)
}

/// Keeps the reporter's copy of a raised concern.
pub fn keep_copy(data_dir: &Path, own: &Own, copy: &OwnCopy) -> Result<PathBuf> {
    stage_copy(data_dir, own, copy)?.finish()
}

/// The first step of [`keep_copy`]: the copy sealed and written beside its place, to be
/// synced and placed (beside the delivery it records) with [`Pending`]'s steps.
pub fn stage_copy(data_dir: &Path, own: &Own, copy: &OwnCopy) -> Result<Pending> {
    let plain = zeroize::Zeroizing::new(serde_json::to_vec(copy).map_err(|e| Error::Other(e.to_string()))?);
    let sealed = super::seal(&[&own.recipient.recipient], &plain)?;
    stage_private(&mine_dir(data_dir), &format!("{}.age", copy.envelope.reference), &sealed)
}

/// Every own copy, oldest raise first; files that cannot be opened are given with the reason.
pub fn copies(data_dir: &Path, own: &Own) -> Result<Vec<std::result::Result<OwnCopy, (PathBuf, String)>>> {
    let mut out: Vec<std::result::Result<OwnCopy, (PathBuf, String)>> =
        files(&mine_dir(data_dir))?.into_iter().map(|p| open_own(&p, own).map_err(|e| (p, e))).collect();
    out.sort_by_key(|c| c.as_ref().map(|c| c.envelope.raised_at).ok());
    Ok(out)
}

/// A new draft id: `D-` and eight random hex digits.
pub fn new_draft_id() -> Result<String> {
    Ok(format!("D-{}", hex::encode(super::random::<4>()?)))
}

fn draft_file(id: &str) -> Result<String> {
    let ok = id.len() <= 40 && id.starts_with("D-") && id[2..].bytes().all(|b| b.is_ascii_alphanumeric());
    if !ok {
        return Err(Error::NotFound(id.to_owned()));
    }
    Ok(format!("{id}.age"))
}

/// Saves a draft (after every answer).
pub fn save_draft(data_dir: &Path, own: &Own, draft: &Draft) -> Result<()> {
    seal_own(&drafts_dir(data_dir), &draft_file(&draft.id)?, own, draft).map(|_| ())
}

/// A saved draft.
pub fn load_draft(data_dir: &Path, own: &Own, id: &str) -> Result<Draft> {
    let path = drafts_dir(data_dir).join(draft_file(id)?);
    if !path.exists() {
        return Err(Error::NotFound(id.to_owned()));
    }
    open_own(&path, own).map_err(|e| Error::input(format!("draft {id} {e}")))
}

/// Removes a draft once its concern is sealed.
pub fn remove_draft(data_dir: &Path, id: &str) -> Result<()> {
    let path = drafts_dir(data_dir).join(draft_file(id)?);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("cannot remove {}", path.display()), e)),
    }
}

/// Every draft, most recently answered first (unreadable ones left out).
pub fn drafts(data_dir: &Path, own: &Own) -> Result<Vec<Draft>> {
    let mut v: Vec<Draft> =
        files(&drafts_dir(data_dir))?.into_iter().filter_map(|p| open_own::<Draft>(&p, own).ok()).collect();
    v.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
    Ok(v)
}

/// The `.age` files of a folder (none when it does not exist).
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(Error::io(format!("cannot list {}", dir.display()), e)),
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "age")
                && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    v.sort();
    Ok(v)
}

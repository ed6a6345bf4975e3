//! The encrypted per-service store: one SQLCipher file.
//!
//! Threat model in brief: the file (and its `-wal`/`-shm` companions) may be copied by
//! someone without the passphrase; they must learn nothing. Every page is encrypted and
//! authenticated by SQLCipher (AES-256, HMAC-SHA512, PBKDF2-HMAC-SHA512 key derivation).
//! The key is handed over through `sqlite3_key` before anything else touches the file, the
//! first read is probed at once (a wrong key surfaces there, never at keying), and a binary
//! that silently linked plain SQLite is refused before it could write plaintext.

pub mod access;
mod drafts;
mod files;
pub mod intake;
pub mod keys;
mod lock;
pub mod records;
mod schema;
pub mod timeline;

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use crate::error::{Error, Result};
use crate::secret::Secret;

pub use drafts::DraftInfo;
pub use files::dir_of;
pub use schema::LATEST as SCHEMA_VERSION;

/// SQLCipher 4's default PBKDF2 iteration count. Stores made by the tool always use it.
pub const DEFAULT_KDF_ITER: u32 = 256_000;

/// How long a command waits for another process's write lock before reporting "busy".
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// How long `rekey` waits for the commands already using the store to finish (new ones wait
/// meanwhile), before it gives up with "busy" and changes nothing.
const REKEY_WAIT: Duration = Duration::from_secs(5);

/// Knobs for tests and benchmarks only. The tool always uses `Options::default()`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// PBKDF2 iterations; must be the same on every open of one file.
    pub kdf_iter: u32,
    /// Stop migrating at this schema version (to build old stores in tests).
    pub schema_target: i64,
    /// The clock a new store records (tests build stores run under `SAFEGUARD_NOW`; `init`
    /// always says which it was: see [`Store::create`]).
    pub clock: StoreClock,
    /// A store several people open (issue 14): made 0660 in this group, in a folder `safeguard
    /// store init` set up. `None`: a store of one person, 0600.
    pub share_gid: Option<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kdf_iter: DEFAULT_KDF_ITER,
            schema_target: schema::LATEST,
            clock: StoreClock::Fixed,
            share_gid: None,
        }
    }
}

/// The clock a store was created under, as its `meta.clock` records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreClock {
    /// The system clock: the store refuses `SAFEGUARD_NOW` for good, so that nobody can date
    /// records as they please.
    System,
    /// `SAFEGUARD_NOW` (tests and demonstrations): the store accepts it.
    Fixed,
}

impl StoreClock {
    pub fn as_str(self) -> &'static str {
        match self {
            StoreClock::System => "system",
            StoreClock::Fixed => "fixed",
        }
    }
}

/// An open, keyed, migrated store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Our share of the file (see `lock`), held while `conn` is open. Declared after `conn`, so
    /// it is released only once the connection has closed.
    _lock: lock::Lock,
}

/// Whether `prepare` is making a new store or opening one that must already be one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    New,
    Existing,
    /// An existing store opened by `verify`: triggers and views it holds are named there, not
    /// refused at open.
    Verify,
}

impl Drop for Store {
    /// Writes what is committed into the main file before the command ends, so that it does not
    /// wait in the WAL, where one damaged frame makes recovery drop every later transaction
    /// without a word. Never waits and never fails: if another process holds the store, the
    /// checkpoint does what it can and the rest is left to the next command.
    fn drop(&mut self) {
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens an existing store. A missing file is `StoreMissing`; none is ever created here.
    pub fn open(path: &Path, secret: &Secret) -> Result<Store> {
        Store::open_with(path, secret, Options::default())
    }

    #[doc(hidden)]
    pub fn open_with(path: &Path, secret: &Secret, opts: Options) -> Result<Store> {
        Store::open_kind(path, secret, opts, Kind::Existing)
    }

    /// Opens an existing store for `verify`, which must open a store that holds triggers or
    /// views safeguard did not create in order to name them (every other command refuses it).
    pub fn open_to_verify(path: &Path, secret: &Secret) -> Result<Store> {
        Store::open_kind(path, secret, Options::default(), Kind::Verify)
    }

    fn open_kind(path: &Path, secret: &Secret, opts: Options, kind: Kind) -> Result<Store> {
        let (lock, meta, swapped) = lock::Lock::shared(path, BUSY_TIMEOUT)?;
        check_contents(path, lock.file(), meta.len())?;
        let conn = match Store::prepare(connect(path)?, path, secret, opts, kind) {
            Err(Error::WrongPassphrase { path }) if swapped => return Err(Error::Rekeyed { path }),
            other => other?,
        };
        Ok(Store { conn, path: path.to_owned(), _lock: lock })
    }

    /// Creates a new store at `path`: the directory (made 0700 where missing) and the file
    /// (0600). The store is built whole (keyed, migrated, flushed) under a temporary name beside
    /// `path` and only then takes its name, never over an existing file: a killed `init` leaves
    /// no store (and its temporary file is removed by the next one), never a half-made one.
    ///
    /// `clock` is recorded in the store (`meta.clock`): one created with the system clock
    /// refuses `SAFEGUARD_NOW` from then on.
    pub fn create(path: &Path, secret: &Secret, clock: StoreClock) -> Result<Store> {
        Store::create_with(path, secret, Options { clock, ..Options::default() })
    }

    /// [`Store::create`] for a store several people open: the file is made 0660 in the group
    /// `gid` (its folder, set up by `safeguard store init`, is root's, 2770 in that group).
    pub fn create_shared(path: &Path, secret: &Secret, clock: StoreClock, gid: u32) -> Result<Store> {
        Store::create_with(path, secret, Options { clock, share_gid: Some(gid), ..Options::default() })
    }

    #[doc(hidden)]
    pub fn create_with(path: &Path, secret: &Secret, opts: Options) -> Result<Store> {
        let dir = files::dir_of(path);
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        if let Ok(m) = std::fs::symlink_metadata(path) {
            return Err(Error::StoreExists { path: path.to_owned(), empty: m.is_file() && m.len() == 0 });
        }
        files::remove_stale(path);
        let tmp = files::temp_path(path, "init")?;
        files::create_private(&tmp)?;
        let built = (|| -> Result<()> {
            if let Some(gid) = opts.share_gid {
                // Before SQLite opens it: its -wal and -shm take this file's mode.
                access::share(&tmp, gid)?;
            }
            let conn = Store::prepare(connect(&tmp)?, path, secret, opts, Kind::New)?;
            settle(conn, &tmp, path)?;
            files::rename_noreplace(&tmp, path).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    Error::StoreExists { path: path.to_owned(), empty: false }
                }
                _ => Error::io(format!("cannot create {}", path.display()), e),
            })?;
            files::sync_dir(&dir).map_err(|e| {
                Error::Partial(format!(
                    "the store {} is made, but a power cut now could lose it: {e}",
                    path.display()
                ))
            })
        })();
        remove_store_files(&tmp);
        built?;
        Store::open_with(path, secret, opts)
    }

    /// Keys, probes, checks for SQLCipher, sets pragmas and migrates. `path` names the store in
    /// messages (the connection may be on a temporary file that is to become it).
    fn prepare(
        mut conn: Connection,
        path: &Path,
        secret: &Secret,
        opts: Options,
        kind: Kind,
    ) -> Result<Connection> {
        // (1) The key goes first, through the C API, so no SQL text ever holds it.
        key_connection(&conn, secret)?;
        // (4) SQLCipher logs "hmac check failed" to stderr on a wrong key; users must not see it.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.pragma_update(None, "kdf_iter", opts.kdf_iter)?;
        // (2) A wrong key shows up on the first read as SQLITE_NOTADB.
        if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            return Err(classify_open_error(e, path));
        }
        // (3) With plain SQLite `PRAGMA key` is silently ignored: refuse to go on.
        let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok();
        if cipher.as_deref().is_none_or(str::is_empty) {
            return Err(Error::NoEncryption);
        }
        // (3b) Only `init` makes a store. A keyed file with no schema (left by an interrupted
        // `init` of an older version) is not a new store to fill; nothing is written to it.
        if kind != Kind::New && schema::version(&conn).map_err(|e| sql_of(e, path))? == 0 {
            return Err(Error::StoreDamaged {
                path: path.to_owned(),
                detail: "it holds no safeguard tables (an interrupted `safeguard init` of an older version \
                         leaves such a file)"
                    .into(),
            });
        }
        // (5) WAL for concurrent readers, a busy timeout, foreign keys, and no temp files on disk.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String =
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(|e| map_sql(e, path))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Other(format!("could not switch the store to WAL (got {mode})")));
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;")?;
        // (5b) safeguard creates no triggers and no views. One planted in the store (a trigger
        // that marks duties done, say) would change records behind the journal at every write,
        // and be copied into backups: no command but `verify` (which names it) opens such a store.
        if kind == Kind::Existing {
            let planted: Vec<(String, String, String)> = conn
                .prepare("SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('trigger', 'view') ORDER BY name")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()
                .map_err(|e| map_sql(e, path))?;
            if !planted.is_empty() {
                let names: Vec<String> =
                    planted.iter().map(|(t, n, on)| format!("{t} {n:?} on {on}")).collect();
                return Err(Error::StoreDamaged {
                    path: path.to_owned(),
                    detail: format!(
                        "it holds schema objects safeguard did not create ({}), which could change records \
                         behind the journal; nothing was done. `safeguard verify` names everything that differs",
                        names.join(", ")
                    ),
                });
            }
        }
        // (6) Ordered migrations (foreign keys off while they run), then foreign keys on.
        schema::migrate(&mut conn, opts.schema_target).map_err(|e| sql_of(e, path))?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        if kind == Kind::New {
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('clock', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [opts.clock.as_str()],
            )
            .map_err(|e| map_sql(e, path))?;
        }
        Ok(conn)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the modules that read and write records.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, mutably (transactions).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The clock the store was created under (`meta.clock`): `system`, `fixed`, or
    /// `unrecorded` for a store made before schema 7.
    pub fn clock(&self) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'clock'", [], |r| r.get(0))
            .optional()
            .map_err(|e| map_sql(e, &self.path))
    }

    /// Schema objects (tables, indexes, triggers, views) that are not exactly the ones the
    /// migrations create: each one named, extra, missing or different.
    pub fn foreign_schema_objects(&self) -> Result<Vec<String>> {
        let want = schema::expected_objects()?;
        let have = schema::objects(&self.conn).map_err(|e| sql_of(e, &self.path))?;
        let mut out = Vec::new();
        for ((kind, name), sql) in &have {
            match want.get(&(kind.clone(), name.clone())) {
                None => out.push(format!(
                    "{kind} {name:?} was not created by safeguard: {}",
                    sql.as_deref().unwrap_or("")
                )),
                Some(w) if w != sql => out.push(format!(
                    "{kind} {name:?} differs from the one safeguard created: {}",
                    sql.as_deref().unwrap_or("")
                )),
                Some(_) => {}
            }
        }
        for (kind, name) in want.keys().filter(|k| !have.contains_key(*k)) {
            out.push(format!("{kind} {name:?} that safeguard created is missing"));
        }
        Ok(out)
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    /// The SQLCipher version linked into this binary.
    pub fn cipher_version(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?)
    }

    /// Changes the passphrase of the store at `path` from `old` to `new`.
    ///
    /// Rekey takes the store to itself first: it holds back new commands, waits a few seconds
    /// for the running ones, and says busy (changing nothing) if they do not finish. It then
    /// writes a re-keyed copy beside the store (`sqlcipher_export`), flushes it, opens it with
    /// the new passphrase and compares it with the store, and renames it over the store. A
    /// crash at any moment leaves either the old store under the old passphrase or the new one
    /// under the new passphrase, whole.
    pub fn rekey(path: &Path, old: &Secret, new: &Secret) -> Result<()> {
        Store::rekey_with(path, old, new, Options::default())
    }

    #[doc(hidden)]
    pub fn rekey_with(path: &Path, old: &Secret, new: &Secret, opts: Options) -> Result<()> {
        if old.is_raw_key() || new.is_raw_key() {
            return Err(Error::Other(
                "rekey needs the passphrases themselves, not an unlocked session's key".into(),
            ));
        }
        // The file itself, not a symbolic link to it: the copy replaces that file, beside it,
        // and SQLite names its WAL after it.
        let real = std::fs::canonicalize(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::StoreMissing { path: path.to_owned() },
            _ => Error::io(format!("cannot read {}", path.display()), e),
        })?;
        let path = real.as_path();
        let (lock, meta) = lock::Lock::exclusive(path, REKEY_WAIT)?;
        check_contents(path, lock.file(), meta.len())?;
        files::remove_stale(path);
        let conn = Store::prepare(connect(path)?, path, old, opts, Kind::Existing)?;
        // No one else has the store: everything in the WAL goes into the main file.
        if !checkpoint(&conn, path)? {
            return Err(Error::StoreBusy);
        }
        let tmp = files::temp_path(path, "rekey")?;
        files::create_private(&tmp)?;
        // A shared store stays shared: the copy that replaces it takes its group and mode.
        let done = access::share_like(&tmp, &meta).and_then(|()| rekey_into(conn, path, &tmp, new, opts));
        remove_store_files(&tmp);
        drop(lock);
        done
    }

    /// Writes an encrypted copy (same passphrase, SQLCipher defaults) to `dest`, atomically:
    /// into a new file beside it, then put in place. Refuses to overwrite an existing file.
    pub fn backup(&self, dest: &Path, secret: &Secret) -> Result<()> {
        self.backup_with(dest, secret, true)
    }

    /// [`Store::backup`]; `links: false` takes the path for filesystems without hard links
    /// (for tests, see [`crate::files::PORTABLE_ENV`]).
    ///
    /// The copy is written to `.NAME.partial-PID` beside `dest` (SQLCipher adds its `-journal`)
    /// and, when complete and synced, hard-linked at `dest`, which fails if `dest` appeared
    /// meanwhile. Where the filesystem has no hard links (exFAT and FAT, as on USB sticks) it
    /// is renamed there with `RENAME_NOREPLACE`, or where even that is missing (FUSE) after a
    /// check that `dest` is still free. A backup killed part way leaves its temporary files;
    /// the next backup into that directory removes them once their process is gone (never a
    /// live backup's).
    #[doc(hidden)]
    pub fn backup_with(&self, dest: &Path, secret: &Secret, links: bool) -> Result<()> {
        if secret.is_raw_key() {
            return Err(Error::Other(
                "a backup is keyed with the passphrase itself, not with an unlocked session's key".into(),
            ));
        }
        if std::fs::symlink_metadata(dest).is_ok() {
            return Err(Error::input(format!("{} already exists; choose a new name", dest.display())));
        }
        let dir = match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(d) => d.to_owned(),
            None => PathBuf::from("."),
        };
        let name =
            dest.file_name().ok_or_else(|| Error::input(format!("{} is not a file name", dest.display())))?;
        // Leftovers of killed backups (and exports) here, whose processes are gone.
        if let Ok(dead) = crate::files::dead_partials(&dir) {
            for leftover in dead {
                let _ = std::fs::remove_file(dir.join(leftover));
            }
        }
        let tmp = dir.join(crate::files::partial_name(name, None));
        remove_store_files(&tmp);
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| Error::io(format!("cannot create {}", tmp.display()), e))?;
        let result = (|| -> Result<()> {
            // A backup of a shared store kept in a folder of the store's group (beside the store,
            // say) is for the others too: it takes the group and 0660. Anywhere else it is the
            // maker's alone.
            use std::os::unix::fs::MetadataExt;
            if let (Ok(store), Ok(d)) = (std::fs::metadata(&self.path), std::fs::metadata(&dir))
                && store.mode() & 0o070 != 0
                && d.gid() == store.gid()
                && d.mode() & 0o007 == 0
            {
                access::share(&tmp, store.gid())?;
            }
            let tmp_str =
                tmp.to_str().ok_or_else(|| Error::input(format!("{} is not valid UTF-8", tmp.display())))?;
            self.conn.execute("ATTACH DATABASE ?1 AS backup KEY ?2", [tmp_str, secret.expose()])?;
            let exported =
                self.conn.query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(())).and_then(|()| {
                    self.conn.execute_batch(&format!(
                        "PRAGMA backup.user_version = {};",
                        schema::version(&self.conn).unwrap_or(0)
                    ))
                });
            let detached = self.conn.execute_batch("DETACH DATABASE backup");
            exported?;
            detached?;
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io("cannot flush the backup", e))?;
            crate::files::place_noreplace(&tmp, dest, links).map_err(|e| {
                if e.raw_os_error() == Some(libc::EEXIST) {
                    Error::input(format!("{} already exists; choose a new name", dest.display()))
                } else {
                    Error::io(format!("cannot write {}", dest.display()), e)
                }
            })?;
            // The new name reaches the disk too (some filesystems cannot sync a directory).
            let _ = std::fs::File::open(&dir).and_then(|d| d.sync_all());
            Ok(())
        })();
        remove_store_files(&tmp);
        result
    }

    /// SQLCipher's page authentication check and SQLite's integrity check.
    /// Returns the problems found; empty means the file is sound.
    ///
    /// SQLCipher's check reads the main file itself, not the store as SQLite reads it through
    /// the WAL: after a crash the main file may hold pages that the WAL supersedes (under an old
    /// key, or torn), which is sound. So the WAL is checkpointed into the main file first
    /// (passively: verify never holds back writers), and a page problem counts only when it is
    /// found with the whole WAL written there, twice (a checkpoint by another process could be
    /// writing a page as it is read). If another process keeps the checkpoint from finishing,
    /// such a problem is "busy", never "damaged".
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for _ in 0..2 {
            let whole = checkpoint_gently(&self.conn, &self.path)?;
            problems = self.cipher_problems()?;
            if problems.is_empty() {
                break;
            }
            if !whole {
                return Err(Error::StoreInUse(
                    "another process kept the store's WAL from being written into the file, so its \
                     pages could not all be checked; run `safeguard verify` again when it is idle"
                        .into(),
                ));
            }
        }
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0)).map_err(|e| map_sql(e, &self.path))?;
        for row in rows {
            let line = row.map_err(|e| map_sql(e, &self.path))?;
            if line != "ok" {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    fn cipher_problems(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0)).map_err(|e| map_sql(e, &self.path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| map_sql(e, &self.path))
    }
}

/// Opens the file read-write; never creates it.
fn connect(path: &Path) -> Result<Connection> {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| map_sql(e, path))
}

/// What can be told about the file before SQLite touches it: an empty file (an interrupted
/// `init` of an older version), a length that is not whole pages, or a plain SQLite file is not
/// a store. SQLite would take the first for a new database and write to it; none is opened.
fn check_contents(path: &Path, file: &std::fs::File, len: u64) -> Result<()> {
    if len == 0 {
        return Err(Error::StoreEmpty { path: path.to_owned() });
    }
    if len % 512 != 0 {
        return Err(Error::StoreDamaged {
            path: path.to_owned(),
            detail: format!("its length ({len} bytes) is not a whole number of pages; it may be truncated"),
        });
    }
    let mut head = [0u8; 16];
    // Through the lock's own descriptor: opening and closing another would drop SQLite's locks.
    file.read_exact_at(&mut head, 0).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if &head == b"SQLite format 3\0" {
        return Err(Error::StoreDamaged {
            path: path.to_owned(),
            detail: "it is a plain, unencrypted SQLite file, not a safeguard store".into(),
        });
    }
    Ok(())
}

/// The same checks on the file at `path`, without opening it for SQLite, so that a command
/// can say what is wrong before asking for a passphrase.
pub fn check_file(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(Error::input(format!("{} is not a file", path.display()))),
        Ok(m) if m.len() == 0 => Err(Error::StoreEmpty { path: path.to_owned() }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Error::StoreMissing { path: path.to_owned() })
        }
        // Kept from this user by its folder (a store shared by a group they are not in).
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(access::no_way_in(path)),
        Err(e) => Err(Error::io(format!("cannot read {}", path.display()), e)),
    }
}

/// Writes every committed page from the WAL into the main file and empties the WAL, waiting
/// for other processes as a writer would (and holding back writers while it waits: use it only
/// where no one else should be writing). True when the main file then holds everything.
fn checkpoint(conn: &Connection, path: &Path) -> Result<bool> {
    let (busy, log, done) = run_checkpoint(conn, path, "TRUNCATE")?;
    // After a TRUNCATE that finished, log and done are both 0; after one that could not reset
    // the WAL, every frame may still have been copied. One that could not run at all (another
    // process was checkpointing) reports -1 for both.
    Ok(busy == 0 || (log >= 0 && log == done))
}

/// Writes what it can of the WAL into the main file without holding anyone back, trying again
/// for a moment while readers of older snapshots keep some frames from being copied. True when
/// the main file then holds every committed page.
fn checkpoint_gently(conn: &Connection, path: &Path) -> Result<bool> {
    for attempt in 0..20 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(100));
        }
        let (busy, log, done) = run_checkpoint(conn, path, "PASSIVE")?;
        if busy == 0 && log == done {
            return Ok(true);
        }
    }
    Ok(false)
}

fn run_checkpoint(conn: &Connection, path: &Path, mode: &str) -> Result<(i64, i64, i64)> {
    conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(|e| map_sql(e, path))
}

/// Finishes a store built under a temporary name: every page in the main file, the connection
/// closed (so the WAL and shared-memory files go), and the file flushed to disk.
fn settle(conn: Connection, file: &Path, shown: &Path) -> Result<()> {
    if !checkpoint(&conn, shown)? {
        return Err(Error::Other(format!("could not finish writing {}", shown.display())));
    }
    conn.close().map_err(|(_, e)| map_sql(e, shown))?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(files::with_suffix(file, suffix));
    }
    files::sync_file(file)
}

/// The facts a re-keyed copy must share with its store.
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    version: i64,
    entries: i64,
    concerns: i64,
    drafts: i64,
    head: Option<String>,
}

impl Summary {
    fn of(conn: &Connection, schema: &str) -> rusqlite::Result<Summary> {
        let count = |table: &str| -> rusqlite::Result<i64> {
            conn.query_row(&format!("SELECT count(*) FROM {schema}.{table}"), [], |r| r.get(0))
        };
        Ok(Summary {
            version: conn.query_row(&format!("PRAGMA {schema}.user_version"), [], |r| r.get(0))?,
            entries: count("entries")?,
            concerns: count("concerns")?,
            drafts: count("drafts")?,
            head: conn
                .query_row(&format!("SELECT value FROM {schema}.meta WHERE key = 'chain_head'"), [], |r| {
                    r.get(0)
                })
                .optional()?,
        })
    }
}

/// The body of `rekey`, with the store held exclusively and its WAL empty: writes the re-keyed
/// copy to `tmp`, proves it, and moves it over `path`.
fn rekey_into(conn: Connection, path: &Path, tmp: &Path, new: &Secret, opts: Options) -> Result<()> {
    let tmp_str =
        tmp.to_str().ok_or_else(|| Error::input(format!("{} is not valid UTF-8", tmp.display())))?;
    let want = Summary::of(&conn, "main").map_err(|e| map_sql(e, path))?;
    conn.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", [tmp_str, new.expose()])
        .map_err(|e| map_sql(e, path))?;
    let exported = (|| -> rusqlite::Result<()> {
        conn.pragma_update(Some("rekeyed"), "kdf_iter", opts.kdf_iter)?;
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        conn.pragma_update(Some("rekeyed"), "user_version", want.version)
    })();
    let detached = conn.execute_batch("DETACH DATABASE rekeyed");
    exported.and(detached).map_err(|e| map_sql(e, path))?;
    // The copy opens with the new passphrase and holds what the store holds.
    let copy = Store::prepare(connect(tmp)?, path, new, opts, Kind::Existing)?;
    let got = Summary::of(&copy, "main").map_err(|e| map_sql(e, path))?;
    if got != want {
        return Err(Error::Other(format!(
            "the re-keyed copy does not match the store ({got:?} against {want:?}); nothing was changed"
        )));
    }
    settle(copy, tmp, path)?;
    // The old store's connection goes, and with it (we are its only user) its WAL and shared
    // memory, which must not outlive it: SQLite would take them for the new file's.
    conn.close().map_err(|(_, e)| map_sql(e, path))?;
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(files::with_suffix(path, suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(format!("cannot remove {}{suffix}", path.display()), e));
            }
            _ => {}
        }
    }
    std::fs::rename(tmp, path).map_err(|e| Error::io(format!("cannot replace {}", path.display()), e))?;
    files::sync_dir(&files::dir_of(path)).map_err(|e| {
        Error::Partial(format!(
            "the passphrase of {} is changed, but a power cut now could bring back the old one: {e}",
            path.display()
        ))
    })
}

fn sql_of(e: Error, path: &Path) -> Error {
    match e {
        Error::Sql(s) => map_sql(s, path),
        other => other,
    }
}

/// Hands the passphrase to SQLCipher through `sqlite3_key`.
fn key_connection(conn: &Connection, secret: &Secret) -> Result<()> {
    let bytes = secret.expose().as_bytes();
    let len = i32::try_from(bytes.len()).map_err(|_| Error::Passphrase("passphrase too long".into()))?;
    // SAFETY: the handle is valid while `conn` lives; SQLCipher copies the key buffer.
    let rc = unsafe { rusqlite::ffi::sqlite3_key(conn.handle(), bytes.as_ptr().cast(), len) };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(Error::Other(format!("could not set the store key (SQLite code {rc})")));
    }
    Ok(())
}

/// Turns the first read's failure into the error a user can act on. (The file's first bytes
/// were checked before; no other descriptor of it is opened here, as closing one would drop
/// SQLite's locks.)
fn classify_open_error(e: rusqlite::Error, path: &Path) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            if len % 1024 != 0 {
                Error::StoreDamaged {
                    path: path.to_owned(),
                    detail: format!(
                        "its length ({len} bytes) is not a whole number of pages; it may be truncated"
                    ),
                }
            } else {
                Error::WrongPassphrase { path: path.to_owned() }
            }
        }
        _ => map_sql(e, path),
    }
}

/// A row that does not read as what it must be, carried out of a rusqlite row closure as a
/// conversion failure; [`map_sql`] turns it into `StoreDamaged`.
pub(crate) fn damaged(d: crate::domain::record::Damage) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(d))
}

/// Maps SQLite errors that mean "damaged" or "busy" to their own kinds, and a row that does not
/// read ([`damaged`]) to `StoreDamaged` naming the row.
pub fn map_sql(e: rusqlite::Error, path: &Path) -> Error {
    if let rusqlite::Error::FromSqlConversionFailure(_, _, cause) = &e
        && let Some(d) = cause.downcast_ref::<crate::domain::record::Damage>()
    {
        return Error::StoreDamaged { path: path.to_owned(), detail: d.0.clone() };
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            Error::StoreDamaged { path: path.to_owned(), detail: e.to_string() }
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::StoreBusy,
        _ => Error::Sql(e),
    }
}

/// Removes a store file and its WAL companions, ignoring the ones that do not exist.
fn remove_store_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

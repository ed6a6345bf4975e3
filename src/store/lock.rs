//! Which processes may have the store file open, so that `rekey` can replace it safely.
//!
//! `rekey` writes a re-keyed copy and renames it over the store. A process that still had the
//! old file open would go on writing into the old inode (its records lost with it), and would
//! share the `-wal` and `-shm` files, which SQLite finds by name, with processes on the new file
//! (one generation's pages checkpointed into the other's file, or its WAL deleted under it). So:
//!
//! - every open store holds a *shared* lock on the file for as long as its connection lives,
//!   taken before SQLite opens the file, and checked afterwards to be on the file the path
//!   names now (a store swapped while we waited is opened again, by its new inode);
//! - `rekey` holds it *exclusively* for the whole swap: no other connection exists meanwhile;
//! - a *gate* lock, held by `rekey` from the start, holds back new openers while rekey waits for
//!   the commands already running, so that a steady stream of commands cannot starve it.
//!
//! On Linux these are open-file-description (OFD) byte-range locks, on bytes far beyond SQLite's
//! own lock bytes, so they never meet SQLite's POSIX locks. Elsewhere the shared/exclusive lock
//! is `flock` on the whole file and there is no gate.
//!
//! POSIX locks have a trap: closing *any* descriptor of a file drops every POSIX lock the process
//! holds on it, SQLite's included (sqlite.org/howtocorrupt.html §2.2). So this process never
//! closes a descriptor of a store file while a connection of its own may have that file open:
//! one descriptor per file is shared by all the stores this process has open on it, and closed
//! only when the last of them has closed its connection.

use std::fs::{File, Metadata, OpenOptions};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// What one lock is for (a byte of its own on Linux).
#[derive(Clone, Copy)]
enum Byte {
    Gate,
    Users,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shared,
    Exclusive,
    Unlock,
}

/// The shared descriptors this process holds, one per store file (device, inode).
struct Shared {
    dev: u64,
    ino: u64,
    file: Arc<File>,
    users: usize,
}

static SHARED: Mutex<Vec<Shared>> = Mutex::new(Vec::new());

/// Descriptors that may be closed only when the process ends (see the module comment).
static KEPT: Mutex<Vec<File>> = Mutex::new(Vec::new());

/// A held lock on a store file; released when dropped. Drop it only after every connection
/// this lock covers is closed.
#[derive(Debug)]
pub struct Lock {
    inner: Held,
}

#[derive(Debug)]
enum Held {
    Shared { dev: u64, ino: u64, file: Arc<File> },
    Exclusive(File),
}

impl Lock {
    /// Shared use of the store at `path`, waiting up to `wait` while a `rekey` has it.
    /// Returns the lock, the file's metadata (taken under the lock), and whether a rekey
    /// replaced the file while we waited.
    pub fn shared(path: &Path, wait: Duration) -> Result<(Lock, Metadata, bool)> {
        let deadline = Instant::now() + wait;
        let mut swapped = false;
        loop {
            let (dev, ino) = identity(path)?;
            {
                let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(s) = shared.iter_mut().find(|s| s.dev == dev && s.ino == ino) {
                    // Already held by this process: no rekey can have swapped it since.
                    s.users += 1;
                    let file = Arc::clone(&s.file);
                    let meta = file.metadata().map_err(|e| io_err(path, e))?;
                    return Ok((Lock { inner: Held::Shared { dev, ino, file } }, meta, swapped));
                }
            }
            let file = open(path)?;
            let meta = file.metadata().map_err(|e| io_err(path, e))?;
            if (meta.dev(), meta.ino()) != (dev, ino) {
                // Replaced between the look and the open: look again.
                keep_or_close(file, &meta);
                continue;
            }
            if !wait_for(&file, Byte::Gate, Kind::Shared, deadline)? {
                keep_or_close(file, &meta);
                return Err(rekeying());
            }
            let got = wait_for(&file, Byte::Users, Kind::Shared, deadline)?;
            set(&file, Byte::Gate, Kind::Unlock).map_err(|e| io_err(path, e))?;
            if !got {
                keep_or_close(file, &meta);
                return Err(rekeying());
            }
            if identity(path)? != (dev, ino) {
                // A rekey swapped the store while we waited: open the one the path names now.
                keep_or_close(file, &meta);
                swapped = true;
                continue;
            }
            let meta = file.metadata().map_err(|e| io_err(path, e))?;
            let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(s) = shared.iter_mut().find(|s| s.dev == dev && s.ino == ino) {
                // Another thread of ours got there first; its descriptor carries the lock.
                s.users += 1;
                let held = Arc::clone(&s.file);
                drop(shared);
                keep_or_close(file, &meta);
                return Ok((Lock { inner: Held::Shared { dev, ino, file: held } }, meta, swapped));
            }
            let file = Arc::new(file);
            shared.push(Shared { dev, ino, file: Arc::clone(&file), users: 1 });
            return Ok((Lock { inner: Held::Shared { dev, ino, file } }, meta, swapped));
        }
    }

    /// The store to ourselves: first the gate (new openers wait), then every user gone, waiting
    /// up to `wait` for the commands already running. `Err(StoreInUse)` when they do not finish.
    pub fn exclusive(path: &Path, wait: Duration) -> Result<(Lock, Metadata)> {
        let deadline = Instant::now() + wait;
        let (dev, ino) = identity(path)?;
        let held_here =
            SHARED.lock().unwrap_or_else(|e| e.into_inner()).iter().any(|s| s.dev == dev && s.ino == ino);
        if held_here {
            return Err(in_use());
        }
        let file = open(path)?;
        let meta = file.metadata().map_err(|e| io_err(path, e))?;
        let locked = (meta.dev(), meta.ino()) == (dev, ino)
            && wait_for(&file, Byte::Gate, Kind::Exclusive, deadline)?
            && wait_for(&file, Byte::Users, Kind::Exclusive, deadline)?
            && identity(path)? == (dev, ino);
        if !locked {
            keep_or_close(file, &meta);
            return Err(in_use());
        }
        let meta = file.metadata().map_err(|e| io_err(path, e))?;
        Ok((Lock { inner: Held::Exclusive(file) }, meta))
    }

    /// The locked descriptor, for reading the file's first bytes.
    pub fn file(&self) -> &File {
        match &self.inner {
            Held::Shared { file, .. } => file,
            Held::Exclusive(file) => file,
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Held::Shared { dev, ino, .. } = &self.inner {
            let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(i) = shared.iter().position(|s| s.dev == *dev && s.ino == *ino) {
                shared[i].users -= 1;
                if shared[i].users == 0 {
                    // Our last store on this file has closed its connection: the descriptor
                    // (and with it the lock) may go.
                    let _ = set(&shared[i].file, Byte::Users, Kind::Unlock);
                    shared.swap_remove(i);
                }
            }
        }
    }
}

fn rekeying() -> Error {
    Error::StoreInUse("`safeguard rekey` is changing the store's passphrase; nothing was done".into())
}

fn in_use() -> Error {
    Error::StoreInUse(
        "another safeguard process has the store open (an interview, an export, a review...), \
         and rekey needs it to itself; nothing was changed"
            .into(),
    )
}

fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("cannot open {}", path.display()), e)
}

/// The (device, inode) the path names now.
fn identity(path: &Path) -> Result<(u64, u64)> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok((m.dev(), m.ino())),
        Ok(_) => Err(Error::input(format!("{} is not a file", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Error::StoreMissing { path: path.to_owned() })
        }
        Err(e) => Err(io_err(path, e)),
    }
}

/// Opens the file for locking (read-write: an exclusive lock needs it). Never creates it.
fn open(path: &Path) -> Result<File> {
    OpenOptions::new().read(true).write(true).open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::StoreMissing { path: path.to_owned() },
        _ => io_err(path, e),
    })
}

/// Lets go of a descriptor we no longer need: its locks are released, and it is closed unless
/// a store of ours has that file open (closing it would drop that connection's POSIX locks),
/// in which case it is kept, unlocked, until the process ends.
fn keep_or_close(file: File, meta: &Metadata) {
    let _ = set(&file, Byte::Users, Kind::Unlock);
    let _ = set(&file, Byte::Gate, Kind::Unlock);
    let ours = SHARED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .any(|s| s.dev == meta.dev() && s.ino == meta.ino());
    if ours {
        KEPT.lock().unwrap_or_else(|e| e.into_inner()).push(file);
    }
}

/// Tries the lock until `deadline`; false when it is still held by someone else then.
fn wait_for(file: &File, byte: Byte, kind: Kind, deadline: Instant) -> Result<bool> {
    let mut pause = Duration::from_millis(1);
    loop {
        match set(file, byte, kind) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(e) => return Err(Error::io("cannot lock the store", e)),
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(false);
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// Far beyond any store's size and SQLite's lock bytes (which sit at 1 GiB).
#[cfg(target_os = "linux")]
const LOCK_BASE: i64 = 0x5AFE_0000_0000;

/// One non-blocking attempt; `Ok(false)` when someone else holds a conflicting lock.
#[cfg(target_os = "linux")]
fn set(file: &File, byte: Byte, kind: Kind) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: `flock` is a plain C struct; all-zero is a valid value (and `l_pid` must be 0).
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = match kind {
        Kind::Shared => libc::F_RDLCK,
        Kind::Exclusive => libc::F_WRLCK,
        Kind::Unlock => libc::F_UNLCK,
    } as libc::c_short;
    fl.l_whence = libc::SEEK_SET as libc::c_short;
    fl.l_start = LOCK_BASE + byte as i64;
    fl.l_len = 1;
    // SAFETY: the descriptor is open for the life of `file`; `fl` is a valid flock struct.
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &fl) };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EAGAIN | libc::EACCES) => Ok(false),
        _ => Err(e),
    }
}

/// Without OFD locks: `flock` on the whole file for the users, and no gate.
#[cfg(not(target_os = "linux"))]
fn set(file: &File, byte: Byte, kind: Kind) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    if matches!(byte, Byte::Gate) {
        return Ok(true);
    }
    let op = match kind {
        Kind::Shared => libc::LOCK_SH | libc::LOCK_NB,
        Kind::Exclusive => libc::LOCK_EX | libc::LOCK_NB,
        Kind::Unlock => libc::LOCK_UN,
    };
    // SAFETY: the descriptor is open for the life of `file`.
    let rc = unsafe { libc::flock(file.as_raw_fd(), op) };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        _ => Err(e),
    }
}

//! The files beside a store: where `init` and `rekey` build a whole store before it takes the
//! store's name, and how that name changes hands without ever showing a half-made file.

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The tags of the temporary stores this module names (`.NAME.TAG-PID`).
const TAGS: [&str; 2] = ["init", "rekey"];

/// The SQLite companions a temporary store may have.
const SUFFIXES: [&str; 4] = ["", "-journal", "-wal", "-shm"];

/// The directory a store lives in ("." for a bare file name).
pub fn dir_of(path: &Path) -> PathBuf {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    }
}

/// `.NAME.TAG-PID` beside `path`: this process's temporary store for `init` or `rekey`.
pub fn temp_path(path: &Path, tag: &str) -> Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::input(format!("{} is not a file name", path.display())))?
        .to_string_lossy();
    Ok(dir_of(path).join(format!(".{name}.{tag}-{}", std::process::id())))
}

/// Creates the (empty) temporary file, 0600, refusing one that exists.
pub fn create_private(tmp: &Path) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(tmp)
        .map(drop)
        .map_err(|e| Error::io(format!("cannot create {}", tmp.display()), e))
}

/// Removes the temporary stores (and their companions) that `init` or `rekey` processes left
/// beside `path` when they were killed: only those whose process no longer runs, never a live
/// process's. A name with this process's id is a dead process's too (ours makes it only after).
pub fn remove_stale(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let Ok(entries) = std::fs::read_dir(dir_of(path)) else { return };
    let me = std::process::id();
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = stale_pid(&file.to_string_lossy(), &name) else { continue };
        if pid == me || !alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in `.NAME.TAG-PID[SUFFIX]`, for a name of that shape.
fn stale_pid(file: &str, name: &str) -> Option<u32> {
    let rest = file.strip_prefix('.')?.strip_prefix(name)?.strip_prefix('.')?;
    let rest = TAGS.iter().find_map(|t| rest.strip_prefix(t)?.strip_prefix('-'))?;
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let (pid, suffix) = rest.split_at(digits);
    if !SUFFIXES.contains(&suffix) {
        return None;
    }
    pid.parse().ok().filter(|&p| p > 0)
}

/// True unless the process certainly does not exist (a process of another user still counts).
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Gives `from` the name `to`, atomically, failing with `AlreadyExists` if `to` exists: a racing
/// `init` loses cleanly and nothing is overwritten.
pub fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let (f, t) = (cstring(from)?, cstring(to)?);
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them as given.
        let rc = unsafe {
            libc::renameat2(libc::AT_FDCWD, f.as_ptr(), libc::AT_FDCWD, t.as_ptr(), libc::RENAME_NOREPLACE)
        };
        if rc == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        // A filesystem or kernel without RENAME_NOREPLACE: link and unlink do the same.
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)) {
            return Err(e);
        }
        fn cstring(p: &Path) -> std::io::Result<std::ffi::CString> {
            std::ffi::CString::new(p.as_os_str().as_bytes())
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a NUL in the path"))
        }
    }
    std::fs::hard_link(from, to)?;
    std::fs::remove_file(from)
}

/// Flushes a directory, so that a rename in it survives a power cut.
pub fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(format!("cannot flush the directory {}", dir.display()), e))
}

/// Flushes a file's contents to disk.
pub fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(format!("cannot flush {}", path.display()), e))
}

/// `path` with a suffix added to its name (`-wal`, `-shm`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_temporary_stores_of_this_store_are_recognised() {
        assert_eq!(stale_pid(".s.db.init-123", "s.db"), Some(123));
        assert_eq!(stale_pid(".s.db.rekey-9-wal", "s.db"), Some(9));
        assert_eq!(stale_pid(".s.db.init-77-journal", "s.db"), Some(77));
        for other in [
            "s.db",
            ".s.db.init-",
            ".s.db.init-12x",
            ".s.db.init-12-walx",
            ".other.db.init-12",
            ".s.db.partial-12",
            ".s.dbinit-12",
            ".s.db.init-0",
        ] {
            assert_eq!(stale_pid(other, "s.db"), None, "{other}");
        }
    }

    #[test]
    fn a_dead_process_is_told_from_a_live_one() {
        assert!(alive(std::process::id()));
        // The highest pid Linux can hand out is below 2^22.
        assert!(!alive(4_194_304 + 17));
    }

    #[test]
    fn stale_temporary_stores_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.db");
        let dead = 4_194_304 + 17;
        let live = std::os::unix::process::parent_id();
        let names = [
            format!(".s.db.init-{dead}"),
            format!(".s.db.init-{dead}-journal"),
            format!(".s.db.rekey-{dead}-wal"),
            format!(".s.db.init-{live}"),
            format!(".s.db.partial-{dead}"),
            "s.db".to_owned(),
        ];
        for n in &names {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        remove_stale(&store);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut want = vec![format!(".s.db.init-{live}"), format!(".s.db.partial-{dead}"), "s.db".to_owned()];
        want.sort();
        assert_eq!(left, want);
    }

    #[test]
    fn a_no_replace_rename_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, b"new").unwrap();
        std::fs::write(&b, b"old").unwrap();
        let e = rename_noreplace(&a, &b).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&b).unwrap(), b"old");
        std::fs::remove_file(&b).unwrap();
        rename_noreplace(&a, &b).unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"new");
        assert!(!a.exists());
    }
}

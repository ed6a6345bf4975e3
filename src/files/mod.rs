//! Putting finished files in place: the hidden names files have while they are written, the
//! removal of those a killed run left behind, and a rename that never replaces what is already
//! there. Shared by exports ([`out_dir`]) and backups (`Store::backup`). This is where the
//! tool's files reach the disk; the renderers (`export`) only make bytes.
//!
//! A file being written is named `.NAME.partial-PID` or `.NAME.partial-PID-TAG` (TAG random),
//! so the next run can tell whose it is: leftovers of processes that are no longer alive are
//! removed, and a live process's files never are.

pub mod out_dir;

use std::ffi::{CStr, CString, OsStr, OsString};
use std::io;
use std::os::fd::RawFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Set to `1`, exports and backups take the portable path even where the Linux one works: a
/// named temporary file and a rename (as where `O_TMPFILE` or `/proc` is missing), and no hard
/// link (as on exFAT or FAT). For tests; the files written are the same.
pub const PORTABLE_ENV: &str = "SAFEGUARD_PORTABLE_FILES";

/// Whether [`PORTABLE_ENV`] asks for the portable path.
pub fn portable_forced() -> bool {
    std::env::var_os(PORTABLE_ENV).is_some_and(|v| v == "1")
}

/// The hidden name `name` has while this process writes it: `.NAME.partial-PID`, or with a
/// tag `.NAME.partial-PID-TAG`.
pub fn partial_name(name: &OsStr, tag: Option<&str>) -> OsString {
    let mut n = OsString::from(".");
    n.push(name);
    n.push(format!(".partial-{}", std::process::id()));
    if let Some(tag) = tag {
        n.push("-");
        n.push(tag);
    }
    n
}

/// A random tag for a temporary name (16 hex digits). The names are created with `O_EXCL`, so
/// the tag only has to make a clash unlikely; the clock stands in should the system's random
/// source fail.
pub fn random_tag() -> String {
    let n = getrandom::u64().unwrap_or_else(|_| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
    });
    format!("{n:016x}")
}

/// The id of the process that made `file_name`, if it is a name [`partial_name`] gives (with
/// anything after `-`, e.g. SQLite's `-journal`).
pub fn partial_pid(file_name: &OsStr) -> Option<u32> {
    let bytes = file_name.as_bytes();
    if !bytes.starts_with(b".") {
        return None;
    }
    const MARK: &[u8] = b".partial-";
    let at = bytes.windows(MARK.len()).rposition(|w| w == MARK)?;
    let rest = &bytes[at + MARK.len()..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 10 || !(rest.len() == digits || rest[digits] == b'-') {
        return None;
    }
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// Whether process `pid` is alive, as far as this process can tell. Only a definite "no such
/// process" counts as dead: another user's process answers EPERM, and is alive.
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(p) = libc::pid_t::try_from(pid) else { return true };
    if p <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let signalled = unsafe { libc::kill(p, 0) } == 0;
    signalled || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// The names in `dir` of temporary files left by processes that are no longer alive (regular
/// files only). A process id reused since is taken as alive: its leftover stays, never the
/// other way round.
pub fn dead_partials(dir: &Path) -> io::Result<Vec<OsString>> {
    let mut dead = vec![];
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if let Some(pid) = partial_pid(&name)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && !process_alive(pid)
        {
            dead.push(name);
        }
    }
    Ok(dead)
}

/// A path as a C string.
pub fn c_path(path: &Path) -> io::Result<CString> {
    c_bytes(path.as_os_str().as_bytes())
}

/// Bytes as a C string; a NUL inside is an invalid input.
pub fn c_bytes(bytes: &[u8]) -> io::Result<CString> {
    CString::new(bytes).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

/// Puts the complete file `from` at `to` (both paths, in one directory) only if nothing is
/// there: fails with `EEXIST` otherwise, and `from` is left for the caller to remove. With
/// `links`, a hard link first (`to` appears whole, atomically, or not at all); where the
/// filesystem has none (exFAT and FAT give EPERM, others EOPNOTSUPP), or without `links`, a
/// [`rename_noreplace`].
pub fn place_noreplace(from: &Path, to: &Path, links: bool) -> io::Result<()> {
    if links {
        match std::fs::hard_link(from, to) {
            Ok(()) => return Ok(()),
            Err(e) if matches!(e.raw_os_error(), Some(libc::EPERM | libc::EOPNOTSUPP | libc::ENOSYS)) => {}
            Err(e) => return Err(e),
        }
    }
    rename_noreplace(libc::AT_FDCWD, &c_path(from)?, libc::AT_FDCWD, &c_path(to)?)
}

/// Renames `from` to `to` (each relative to its directory descriptor, or `libc::AT_FDCWD`)
/// only if `to` does not exist: fails with `EEXIST` otherwise, leaving both as they were.
/// Uses `renameat2(RENAME_NOREPLACE)` where the kernel and filesystem have it (Linux 3.15 on;
/// ext4, XFS, Btrfs, tmpfs, FAT and exFAT in the kernel, ...), else [`check_then_rename`].
pub fn rename_noreplace(from_dir: RawFd, from: &CStr, to_dir: RawFd, to: &CStr) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: valid C strings; the descriptors are the caller's.
        let rc =
            unsafe { libc::renameat2(from_dir, from.as_ptr(), to_dir, to.as_ptr(), libc::RENAME_NOREPLACE) };
        if rc == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        // EINVAL: the filesystem does not take the flag (FUSE filesystems such as exfat-fuse).
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)) {
            return Err(e);
        }
    }
    check_then_rename(from_dir, from, to_dir, to)
}

/// Where no no-replace rename is to be had: looks for `to`, then renames. A file that another
/// process creates at `to` between the look and the rename is replaced; the window is a few
/// microseconds, on filesystems (FUSE ones, mostly) that offer nothing better.
pub fn check_then_rename(from_dir: RawFd, from: &CStr, to_dir: RawFd, to: &CStr) -> io::Result<()> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: a valid C string and a buffer the size of `struct stat`.
    if unsafe { libc::fstatat(to_dir, to.as_ptr(), st.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW) } == 0 {
        return Err(io::Error::from_raw_os_error(libc::EEXIST));
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() != Some(libc::ENOENT) {
        return Err(e);
    }
    // SAFETY: valid C strings; the descriptors are the caller's.
    if unsafe { libc::renameat(from_dir, from.as_ptr(), to_dir, to.as_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_names_carry_the_process_id_and_nothing_else_is_taken_for_one() {
        let me = std::process::id();
        assert_eq!(partial_pid(&partial_name(OsStr::new("SG-2026-0001.json"), None)), Some(me));
        assert_eq!(partial_pid(&partial_name(OsStr::new("a.partial-9.pdf"), Some("00ff"))), Some(me));
        let mut journal = partial_name(OsStr::new("backup.db"), None);
        journal.push("-journal");
        assert_eq!(partial_pid(&journal), Some(me));
        for other in [
            "SG-2026-0001.json",
            "x.partial-12",
            ".x.partial-",
            ".x.partial-12x",
            ".x.partial-99999999999",
            ".x.partial--12",
            ".hidden",
        ] {
            assert_eq!(partial_pid(OsStr::new(other)), None, "{other}");
        }
        assert_eq!(partial_pid(OsStr::new(".x.partial-12-journal")), Some(12));
        assert_ne!(random_tag(), random_tag());
    }

    #[test]
    fn only_dead_processes_leftovers_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let dead = child.id();
        child.wait().unwrap();
        assert!(!process_alive(dead));
        assert!(process_alive(std::process::id()));
        assert!(process_alive(1), "init answers, or EPERM: alive either way");
        let names = [
            format!(".a.partial-{dead}"),
            format!(".a.partial-{dead}-journal"),
            format!(".a.partial-{}", std::process::id()),
            "a".to_owned(),
        ];
        for n in &names {
            std::fs::write(dir.path().join(n), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join(format!(".d.partial-{dead}"))).unwrap();
        let mut got = dead_partials(dir.path()).unwrap();
        got.sort();
        assert_eq!(got, [OsString::from(&names[0]), OsString::from(&names[1])]);
    }

    fn renames_without_replacing(rename: fn(RawFd, &CStr, RawFd, &CStr) -> io::Result<()>) {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "new").unwrap();
        std::fs::write(&b, "old").unwrap();
        let (ca, cb) = (c_path(&a).unwrap(), c_path(&b).unwrap());
        let e = rename(libc::AT_FDCWD, &ca, libc::AT_FDCWD, &cb).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::EEXIST));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old");
        // A dangling symlink is something there too.
        std::fs::remove_file(&b).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &b).unwrap();
        assert!(rename(libc::AT_FDCWD, &ca, libc::AT_FDCWD, &cb).is_err());
        assert!(!dir.path().join("nowhere").exists());
        std::fs::remove_file(&b).unwrap();
        rename(libc::AT_FDCWD, &ca, libc::AT_FDCWD, &cb).unwrap();
        assert!(!a.exists());
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
    }

    #[test]
    fn placing_a_file_never_replaces_one_with_links_or_without() {
        for links in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let (tmp, dest) = (dir.path().join(".d.partial-1"), dir.path().join("d"));
            std::fs::write(&tmp, "new").unwrap();
            std::fs::write(&dest, "old").unwrap();
            let e = place_noreplace(&tmp, &dest, links).unwrap_err();
            assert_eq!(e.raw_os_error(), Some(libc::EEXIST), "links: {links}");
            assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
            std::fs::remove_file(&dest).unwrap();
            place_noreplace(&tmp, &dest, links).unwrap();
            assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new");
            // A link leaves the temporary name for the caller to remove; a rename does not.
            assert_eq!(tmp.exists(), links);
        }
    }

    #[test]
    fn a_no_replace_rename_never_replaces() {
        renames_without_replacing(rename_noreplace);
    }

    #[test]
    fn the_check_then_rename_fallback_never_replaces_what_it_sees() {
        renames_without_replacing(check_then_rename);
    }
}

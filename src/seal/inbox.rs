//! Inboxes: Maildir-style folders that staff drop sealed files into, and only the inbox's
//! readers can list or read.
//!
//! The Unix permissions (no ACLs needed), for an inbox whose `group` is the staff group and
//! whose owner is its first reader:
//!
//! | folder          | owner  | group         | mode | so that |
//! |-----------------|--------|---------------|------|---------|
//! | `<inbox>`       | reader | staff group   | 0710 | staff may pass through it, not list it; nobody else may enter |
//! | `<inbox>/tmp`   | reader | readers group | 3733 | staff may create files, not list them; setgid: a file takes the readers group; sticky: only its owner or the reader may rename or remove it |
//! | `<inbox>/new`   | reader | readers group | 3773 | the same, and the readers group may list it (intake) |
//! | `<inbox>/cur`   | reader | readers group | 2770 | imported files, for readers only |
//!
//! `raise` creates its file in `tmp/` with `O_CREAT|O_EXCL|O_NOFOLLOW` and a random name, sets
//! its mode to 0640 itself (the tool's umask is 077), so the owner (the reporter) and the
//! readers group may read it and nobody else, checks that it really took the readers group,
//! syncs it, and renames it into `new/`. Another member of staff cannot list either folder,
//! and cannot read a file they did not drop even knowing its name. The content is sealed
//! anyway: the permissions hide who raised what and when from other staff.

use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::durable::Pending;
use super::service::{Inbox, Service};
use super::unix::{self, User};
use crate::error::{Error, Result};

/// The mode of each folder, as in the table above.
pub const ROOT_MODE: u32 = 0o0710;
pub const TMP_MODE: u32 = 0o3733;
pub const NEW_MODE: u32 = 0o3773;
pub const CUR_MODE: u32 = 0o2770;
/// A dropped file: the reporter and the readers group may read it.
pub const FILE_MODE: u32 = 0o0640;

/// Who owns an inbox's folders.
#[derive(Clone, Debug)]
pub struct Layout {
    pub owner: User,
    pub staff_gid: u32,
    pub readers_gid: u32,
}

/// The owners an inbox's folders must have, from the system's accounts.
pub fn layout(inbox: &Inbox, service: &Service) -> Result<Layout> {
    let first = inbox.readers.first().and_then(|r| service.person(r)).ok_or_else(|| {
        Error::input(format!("inbox {:?} has no reader listed as a [[person]]", inbox.name))
    })?;
    let owner = unix::user_by_name(&first.login).ok_or_else(|| {
        Error::input(format!(
            "inbox {:?}: its reader {:?} has login {:?}, which this system does not know",
            inbox.name, first.name, first.login
        ))
    })?;
    let staff_gid = unix::group_by_name(&inbox.group).ok_or_else(|| {
        Error::input(format!(
            "inbox {:?}: group {:?} does not exist (create it with `groupadd {}` and add the staff to it)",
            inbox.name, inbox.group, inbox.group
        ))
    })?;
    let readers_gid = match &inbox.readers_group {
        Some(g) => unix::group_by_name(g).ok_or_else(|| {
            Error::input(format!("inbox {:?}: readers_group {g:?} does not exist", inbox.name))
        })?,
        None => owner.gid,
    };
    if readers_gid == staff_gid {
        return Err(Error::input(format!(
            "inbox {:?}: the readers group is the staff group {:?}: every member of staff could read every file; \
             set readers_group to a group of the readers only",
            inbox.name, inbox.group
        )));
    }
    Ok(Layout { owner, staff_gid, readers_gid })
}

/// Each folder with its owner, group and mode.
fn expected(inbox: &Inbox, l: &Layout) -> [(PathBuf, u32, u32, u32); 4] {
    let p = &inbox.path;
    [
        (p.clone(), l.owner.uid, l.staff_gid, ROOT_MODE),
        (p.join("tmp"), l.owner.uid, l.readers_gid, TMP_MODE),
        (p.join("new"), l.owner.uid, l.readers_gid, NEW_MODE),
        (p.join("cur"), l.owner.uid, l.readers_gid, CUR_MODE),
    ]
}

/// Creates (or puts right) an inbox's folders; root only. Returns what it did.
pub fn init(inbox: &Inbox, service: &Service) -> Result<Vec<String>> {
    if unix::euid() != 0 {
        return Err(Error::input(format!(
            "`safeguard inbox init {}` sets owners and groups, so it must run as root",
            inbox.name
        )));
    }
    let l = layout(inbox, service)?;
    let mut done = vec![];
    for (path, uid, gid, mode) in expected(inbox, &l) {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() || !m.is_dir() => {
                return Err(Error::input(format!(
                    "{} exists and is not a folder; remove it first",
                    path.display()
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&path)
                    .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
                done.push(format!("created {}", path.display()));
            }
            Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
        }
        // chown first: it clears the setgid bit that the mode then sets.
        std::os::unix::fs::lchown(&path, Some(uid), Some(gid))
            .map_err(|e| Error::io(format!("cannot change the owner of {}", path.display()), e))?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(format!("cannot change the mode of {}", path.display()), e))?;
        done.push(format!(
            "{}  owner {}  group {}  mode {mode:04o}",
            path.display(),
            unix::login_name(uid),
            unix::group_name(gid)
        ));
    }
    Ok(done)
}

/// What is wrong with an inbox's folders (empty when all is as [`init`] makes it).
pub fn check(inbox: &Inbox, service: &Service) -> Result<Vec<String>> {
    let l = layout(inbox, service)?;
    let mut problems = vec![];
    for (path, uid, gid, mode) in expected(inbox, &l) {
        let m = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        if m.file_type().is_symlink() || !m.is_dir() {
            problems.push(format!("{} is not a folder", path.display()));
            continue;
        }
        if m.uid() != uid {
            problems.push(format!(
                "{} is owned by {}, not {}",
                path.display(),
                unix::login_name(m.uid()),
                unix::login_name(uid)
            ));
        }
        if m.gid() != gid {
            problems.push(format!(
                "{} has group {}, not {}",
                path.display(),
                unix::group_name(m.gid()),
                unix::group_name(gid)
            ));
        }
        if m.mode() & 0o7777 != mode {
            problems.push(format!("{} has mode {:04o}, not {mode:04o}", path.display(), m.mode() & 0o7777));
        }
    }
    if let Some(parent) = inbox.path.parent()
        && let Ok(m) = std::fs::metadata(parent)
        && m.mode() & 0o002 != 0
        && m.mode() & 0o1000 == 0
    {
        problems.push(format!(
            "{} (above the inbox) can be changed by everyone: anyone could replace the inbox",
            parent.display()
        ));
    }
    Ok(problems)
}

/// Where a sealed file was delivered.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub path: PathBuf,
    pub at: DateTime<Utc>,
    pub uid: u32,
}

fn misconfigured(inbox: &Inbox, why: &str) -> Error {
    Error::Other(format!(
        "the inbox {:?} ({}) is not set up safely: {why}; nothing was delivered. \
         Ask an administrator to run `safeguard inbox check {}`",
        inbox.name,
        inbox.path.display(),
        inbox.name
    ))
}

/// A sealed file written into an inbox's `tmp/`, waiting to be synced and moved into `new/`.
#[derive(Debug)]
pub struct Staged {
    /// The file, to be synced, renamed into `new/` and its folder synced.
    pub pending: Pending,
    /// When it was written, and by whom (the file system keeps both).
    pub at: DateTime<Utc>,
    pub uid: u32,
}

/// Delivers a sealed file into `inbox`: created in `tmp/` (exclusive, no link followed, a
/// random name, mode 0640 in the readers group), synced, then renamed into `new/`, and the
/// folder synced.
pub fn deliver(inbox: &Inbox, sealed: &[u8]) -> Result<Delivered> {
    let mut staged = stage(inbox, sealed)?;
    staged.pending.sync()?;
    staged.pending.place()?;
    // Delivered: the name is in new/. A failed folder sync does not undo that.
    let _ = staged.pending.sync_dir();
    Ok(Delivered { path: staged.pending.dest().to_path_buf(), at: staged.at, uid: staged.uid })
}

/// The first step of [`deliver`]: checks the inbox's folders, creates the file in `tmp/` and
/// writes it, not yet synced. [`Pending::sync`], [`Pending::place`] and [`Pending::sync_dir`]
/// finish the delivery (so the reporter's own copy can be synced beside it); dropped before
/// it is placed, the file is removed.
pub fn stage(inbox: &Inbox, sealed: &[u8]) -> Result<Staged> {
    let (tmp, new) = (inbox.path.join("tmp"), inbox.path.join("new"));
    let staff_gid = unix::group_by_name(&inbox.group);
    let tmp_meta = match std::fs::symlink_metadata(&tmp) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(Error::Other(format!(
                "you cannot drop files into the inbox {:?} ({}): you are not in its group {:?}; \
                 ask an administrator to add you (`usermod -aG {} LOGIN`)",
                inbox.name,
                inbox.path.display(),
                inbox.group,
                inbox.group
            )));
        }
        Err(e) => return Err(misconfigured(inbox, &format!("{}: {e}", tmp.display()))),
    };
    let tmp_gid = tmp_meta.gid();
    for (p, m) in [(&tmp, Some(tmp_meta)), (&new, std::fs::symlink_metadata(&new).ok())] {
        let Some(m) = m else { return Err(misconfigured(inbox, &format!("{} is missing", p.display()))) };
        if m.file_type().is_symlink() || !m.is_dir() {
            return Err(misconfigured(inbox, &format!("{} is not a folder", p.display())));
        }
        if m.mode() & 0o004 != 0 {
            return Err(misconfigured(inbox, &format!("everyone may list {}", p.display())));
        }
        if m.mode() & 0o2000 == 0 || Some(m.gid()) == staff_gid {
            return Err(misconfigured(
                inbox,
                &format!("{} does not give its files the readers' group", p.display()),
            ));
        }
    }
    let name = format!("{}.age", hex::encode(super::random::<16>()?));
    let (tmp_file, new_file) = (tmp.join(&name), new.join(&name));
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&tmp_file)
        .map_err(|e| Error::io(format!("cannot create {}", tmp_file.display()), e))?;
    // From here the file is removed again if anything fails.
    let mut pending = Pending::adopt(f, &tmp_file, &new_file);
    pending
        .file()
        .set_permissions(std::fs::Permissions::from_mode(FILE_MODE))
        .map_err(|e| Error::io(format!("cannot set the mode of {}", tmp_file.display()), e))?;
    let m =
        pending.file().metadata().map_err(|e| Error::io(format!("cannot read {}", tmp_file.display()), e))?;
    if m.gid() != tmp_gid || Some(m.gid()) == staff_gid {
        return Err(misconfigured(inbox, "a new file did not take the readers' group"));
    }
    pending.write(sealed)?;
    let at = pending
        .file()
        .metadata()
        .ok()
        .and_then(|m| DateTime::from_timestamp(m.ctime(), 0))
        .unwrap_or_else(Utc::now);
    Ok(Staged { pending, at, uid: m.uid() })
}

/// A file found in an inbox's `new/`, read safely.
#[derive(Debug)]
pub struct Arrived {
    pub bytes: Vec<u8>,
    /// When it was last written (the reporter can set this) and when its inode last changed
    /// (the move into `new/`; nobody but root can set it).
    pub mtime: DateTime<Utc>,
    pub ctime: DateTime<Utc>,
}

/// The files waiting in `new/`, by name.
pub fn waiting(inbox: &Inbox) -> Result<Vec<PathBuf>> {
    let new = inbox.path.join("new");
    let rd = std::fs::read_dir(&new).map_err(|e| {
        Error::io(
            format!(
                "cannot list the inbox {:?} ({}); are you one of its readers?",
                inbox.name,
                new.display()
            ),
            e,
        )
    })?;
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    v.sort();
    Ok(v)
}

/// Reads one dropped file without trusting it: no link followed, no blocking on a FIFO, a
/// regular file with one link, at most `cap` bytes. The error says why it was refused.
pub fn read_arrived(path: &Path, cap: u64) -> std::result::Result<Arrived, String> {
    let mut f = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC | libc::O_NOCTTY)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err("a symbolic link, not a sealed file".into());
        }
        Err(e) => return Err(format!("cannot open it: {e}")),
    };
    let m = f.metadata().map_err(|e| format!("cannot read it: {e}"))?;
    let ft = m.file_type();
    if !ft.is_file() {
        use std::os::unix::fs::FileTypeExt;
        let what = if ft.is_dir() {
            "a folder"
        } else if ft.is_fifo() {
            "a FIFO (named pipe)"
        } else if ft.is_socket() {
            "a socket"
        } else {
            "a device"
        };
        return Err(format!("{what}, not a sealed file"));
    }
    if m.nlink() != 1 {
        return Err(format!(
            "it has {} links (a sealed file has one; a hard link may point at another file)",
            m.nlink()
        ));
    }
    if m.len() > cap {
        return Err(format!("oversize: {} bytes, more than a sealed concern can be ({cap})", m.len()));
    }
    let mut bytes = Vec::with_capacity(m.len() as usize);
    (&mut f).take(cap + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err("oversize: it grew while being read".into());
    }
    let t = |s: i64, ns: i64| DateTime::from_timestamp(s, ns as u32).unwrap_or_default();
    Ok(Arrived { bytes, mtime: t(m.mtime(), m.mtime_nsec()), ctime: t(m.ctime(), m.ctime_nsec()) })
}

/// Moves an imported file from `new/` to `cur/`. A reader who is not the folders' owner may
/// not move another's file out of the sticky `new/`: then it stays, recorded as imported.
pub fn mark_done(inbox: &Inbox, path: &Path) -> bool {
    let Some(name) = path.file_name() else { return false };
    std::fs::rename(path, inbox.path.join("cur").join(name)).is_ok()
}

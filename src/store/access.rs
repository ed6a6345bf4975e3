//! Who the file system lets at a store (issue 14: several designated people on one store).
//!
//! A store of one person is 0600 in a 0700 folder of their own, as `init` makes it. A store that
//! several people open as themselves (the designated person, the alternative designated lead, the
//! Head of Safeguarding) lives in a folder owned by root with the store's group, mode 2770 (the
//! setgid bit gives every file made there the group), and the store file and its `-wal`/`-shm`
//! are 0660 in that group (SQLite gives its companions the store file's mode). Each person keeps
//! their own signing key in their own 0600 data directory, so every entry is still signed by
//! whoever made it.
//!
//! On every open: a store or companion that everyone may read or change is refused, and so is
//! one open to its group unless the service file names that group for the store (a `[[store]]`
//! with that path, or a backup kept in that store's folder). Each refusal says what to run.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::seal::unix;

/// The mode of a shared store's folder: root's, the store's group, setgid.
pub const DIR_MODE: u32 = 0o2770;
/// The mode of a shared store file and its companions.
pub const FILE_MODE: u32 = 0o0660;

/// The group the service file names for a store (or for the folder it lies in).
#[derive(Clone, Debug)]
pub struct Allowed {
    /// The `[[store]]` name, for messages.
    pub store: String,
    pub group: String,
    pub gid: Option<u32>,
}

/// The store file and whichever of its SQLite companions exist, with their metadata.
fn files_of(path: &Path) -> Result<Vec<(PathBuf, std::fs::Metadata)>> {
    let mut out = vec![];
    for suffix in ["", "-wal", "-shm"] {
        let p = super::files::with_suffix(path, suffix);
        // Through a symbolic link to the store (allowed): the file it names counts.
        match std::fs::metadata(&p) {
            Ok(m) if suffix.is_empty() && plain_sqlite(&p) => {
                // Not a store at all: the open says so, whatever its mode.
                let _ = m;
            }
            Ok(m) => out.push((p, m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Err(no_way_in(path)),
            Err(e) => return Err(Error::io(format!("cannot read {}", p.display()), e)),
        }
    }
    Ok(out)
}

/// A plain SQLite file (no store: the open refuses it, saying so).
fn plain_sqlite(p: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(p).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"SQLite format 3\0"
}

/// Refused at the folder: said in plain words, with the group that holds the way in.
pub fn no_way_in(path: &Path) -> Error {
    let dir = super::files::dir_of(path);
    let why = match std::fs::metadata(&dir) {
        Ok(m) if m.mode() & 0o070 != 0 => format!(
            "its folder {} is open only to the group {}, the people who read and decide, and you are not in it",
            dir.display(),
            unix::group_name(m.gid())
        ),
        _ => "it is kept where only the people who read and decide can reach it".to_owned(),
    };
    Error::input(format!(
        "you cannot open the store {}: {why}. To raise a concern you need no store: `safeguard raise` seals \
         it to them",
        path.display()
    ))
}

/// True when the store file (or a companion) is open to its group: a shared store, whose
/// opening needs the service file's word for that group.
pub fn is_group_shared(path: &Path) -> Result<bool> {
    Ok(files_of(path)?.iter().any(|(_, m)| m.mode() & 0o070 != 0))
}

/// Refuses a store whose file system access is wider than its people: any access for
/// everyone, or group access the service file does not give (`allowed`). Nothing to check for a
/// store that does not exist (the open says so).
pub fn check(path: &Path, allowed: Option<&Allowed>) -> Result<()> {
    let files = files_of(path)?;
    let mut shared = None;
    for (p, m) in &files {
        let mode = m.mode() & 0o7777;
        let shown = p.display();
        if mode & 0o007 != 0 {
            return Err(Error::input(format!(
                "{shown} can be reached by everyone on this machine (mode {mode:04o}), and it holds safeguarding \
                 records; nothing was done. Run `chmod o-rwx {shown}`{}",
                if path == p { String::new() } else { format!(" (and the same for {})", path.display()) }
            )));
        }
        if mode & 0o070 == 0 {
            continue;
        }
        let group = unix::group_name(m.gid());
        match allowed {
            Some(a) if a.gid == Some(m.gid()) => shared = Some(a),
            Some(a) => {
                return Err(Error::input(format!(
                    "{shown} is open to the group {group} (mode {mode:04o}), but the service file gives the store \
                     {:?} the group {}; nothing was done. Ask an administrator to run `safeguard store init {}` \
                     (as root), which puts the owners and modes right",
                    a.store, a.group, a.store
                )));
            }
            None => {
                return Err(Error::input(format!(
                    "{shown} is open to the group {group} (mode {mode:04o}), but no service file names that group \
                     for this store; nothing was done. For a store of one person run `chmod 600 {shown}`; for a \
                     store several people open, name it in the service file ([[store]] with its path and group) \
                     and run `safeguard store check NAME`"
                )));
            }
        }
    }
    if let Some(a) = shared {
        let dir = super::files::dir_of(path);
        let m =
            std::fs::metadata(&dir).map_err(|e| Error::io(format!("cannot read {}", dir.display()), e))?;
        let mode = m.mode() & 0o7777;
        if mode & 0o007 != 0 || a.gid != Some(m.gid()) {
            return Err(Error::input(format!(
                "the shared store's folder {} has group {} and mode {mode:04o}, not group {} and mode {DIR_MODE:04o}: \
                 others could reach the store; nothing was done. Ask an administrator to run \
                 `safeguard store init {}` (as root)",
                dir.display(),
                unix::group_name(m.gid()),
                a.group,
                a.store
            )));
        }
    }
    Ok(())
}

/// Gives a new file the sharing of `like` (a store's metadata): its group, and mode 0660 when
/// the store is open to its group. A store of one person's copies stay 0600.
pub fn share_like(file: &Path, like: &std::fs::Metadata) -> Result<()> {
    if like.mode() & 0o070 == 0 {
        return Ok(());
    }
    share(file, like.gid())
}

/// Gives `file` the group `gid` and mode 0660 (the person running this is in the group).
pub fn share(file: &Path, gid: u32) -> Result<()> {
    std::os::unix::fs::lchown(file, None, Some(gid))
        .map_err(|e| Error::io(format!("cannot give {} the store's group", file.display()), e))?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(file, std::fs::Permissions::from_mode(FILE_MODE))
        .map_err(|e| Error::io(format!("cannot change the mode of {}", file.display()), e))
}

/// The owner, group and modes a shared store's folder and files must have, checked: what
/// differs, each said with what to run. Also every member of the group who is not one of the
/// store's users (someone who only raises must not be able to open it), and every user who is
/// not in the group (they could not open it).
pub fn problems(dir: &Path, path: &Path, group: &str, users: &[(String, String)]) -> Vec<String> {
    let mut out = vec![];
    let Some(gid) = unix::group_by_name(group) else {
        return vec![format!("the group {group} does not exist: create it with `groupadd {group}`")];
    };
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() || !m.is_dir() => {
            out.push(format!("{} is not a folder", dir.display()));
        }
        Ok(m) => {
            if m.uid() != 0 {
                out.push(format!("{} is owned by {}, not root", dir.display(), unix::login_name(m.uid())));
            }
            if m.gid() != gid {
                out.push(format!("{} has group {}, not {group}", dir.display(), unix::group_name(m.gid())));
            }
            if m.mode() & 0o7777 != DIR_MODE {
                out.push(format!("{} has mode {:04o}, not {DIR_MODE:04o}", dir.display(), m.mode() & 0o7777));
            }
        }
        Err(e) => out.push(format!("{}: {e}", dir.display())),
    }
    if let Some(parent) = dir.parent()
        && let Ok(m) = std::fs::metadata(parent)
        && m.mode() & 0o002 != 0
        && m.mode() & 0o1000 == 0
    {
        out.push(format!(
            "{} (above the store's folder) can be changed by everyone: anyone could replace the folder",
            parent.display()
        ));
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = super::files::with_suffix(path, suffix);
        let Ok(m) = std::fs::symlink_metadata(&p) else { continue };
        if !m.is_file() {
            out.push(format!("{} is not a regular file", p.display()));
            continue;
        }
        if m.gid() != gid {
            out.push(format!("{} has group {}, not {group}", p.display(), unix::group_name(m.gid())));
        }
        if m.mode() & 0o7777 != FILE_MODE {
            out.push(format!("{} has mode {:04o}, not {FILE_MODE:04o}", p.display(), m.mode() & 0o7777));
        }
    }
    let members = unix::group_members(group);
    for login in &members {
        if !users.iter().any(|(_, l)| l == login) {
            out.push(format!(
                "{login} is in the group {group} but is not one of the store's users, so could open the store: \
                 remove them (`gpasswd -d {login} {group}`) or name them as a user"
            ));
        }
    }
    for (name, login) in users {
        match unix::user_by_name(login) {
            None => out.push(format!("{name}'s login {login} does not exist on this machine")),
            Some(_) if !members.contains(login) => out.push(format!(
                "{name} ({login}) is not in the group {group}, so cannot open the store: `usermod -aG {group} {login}`"
            )),
            Some(_) => {}
        }
    }
    out
}

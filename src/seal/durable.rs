//! Files made durable in steps, so that two of them (the delivered concern and the reporter's
//! own copy) can be synced side by side instead of one after the other.
//!
//! What a crash must not lose is a file reported as written. That takes, for each file: its
//! bytes synced before its name appears (so the name never points at a half-written file),
//! then its folder synced after the rename (so the name itself survives). Nothing else: one
//! `fsync` per file and one per folder. [`Pending`] holds a file between those steps; dropped
//! before it is placed, it removes what it wrote.

use std::fs::File;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file written in full but not yet durable, and (when `tmp` is set) not yet under its name.
#[derive(Debug)]
pub struct Pending {
    file: File,
    /// Where it was written, when that is not `dest` (it is renamed there once synced).
    tmp: Option<PathBuf>,
    dest: PathBuf,
    placed: bool,
}

impl Pending {
    /// Creates `written_at` (new: never an existing file, no link followed) with `mode` and
    /// writes `bytes` to it; `dest` is where [`Pending::place`] will put it.
    pub fn create(written_at: &Path, dest: &Path, mode: u32, bytes: &[u8]) -> Result<Pending> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(written_at)
            .map_err(|e| Error::io(format!("cannot create {}", written_at.display()), e))?;
        let tmp = (written_at != dest).then(|| written_at.to_path_buf());
        let mut p = Pending { file, tmp, dest: dest.to_path_buf(), placed: false };
        p.file
            .write_all(bytes)
            .map_err(|e| Error::io(format!("cannot write {}", p.written_at().display()), e))?;
        Ok(p)
    }

    /// Takes a file already created (and set up) at `written_at`.
    pub fn adopt(file: File, written_at: &Path, dest: &Path) -> Pending {
        let tmp = (written_at != dest).then(|| written_at.to_path_buf());
        Pending { file, tmp, dest: dest.to_path_buf(), placed: false }
    }

    /// Where the file is now.
    fn written_at(&self) -> &Path {
        self.tmp.as_deref().unwrap_or(&self.dest)
    }

    /// The folder that holds its name (`.` for a bare file name).
    fn folder(&self) -> &Path {
        match self.dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }

    /// Where it ends up.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// The open file (its metadata, say).
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Writes more bytes.
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let at = self.written_at().display().to_string();
        self.file.write_all(bytes).map_err(|e| Error::io(format!("cannot write {at}"), e))
    }

    /// Syncs the file's bytes: the first step, before its name may appear.
    pub fn sync(&self) -> Result<()> {
        self.file
            .sync_all()
            .map_err(|e| Error::io(format!("cannot write {}", self.written_at().display()), e))
    }

    /// Gives the synced file its name (renames it into place, when it was written elsewhere).
    /// From here it is no longer removed when dropped.
    pub fn place(&mut self) -> Result<()> {
        if let Some(tmp) = &self.tmp {
            std::fs::rename(tmp, &self.dest).map_err(|e| {
                let into = self.folder().display().to_string();
                Error::io(format!("cannot move {} into {into}", tmp.display()), e)
            })?;
        }
        self.placed = true;
        Ok(())
    }

    /// Syncs the folder that holds the name: the last step. Where the folder may not be opened
    /// (a reporter cannot read an inbox's `new/`), the file system that holds the file is synced
    /// instead, which takes the folder with it.
    pub fn sync_dir(&self) -> Result<()> {
        let dir = self.folder();
        match File::open(dir) {
            Ok(d) => d.sync_all().map_err(|e| Error::io(format!("cannot sync {}", dir.display()), e)),
            Err(_) => {
                // SAFETY: syncfs takes an open descriptor and only flushes its file system.
                if unsafe { libc::syncfs(self.file.as_raw_fd()) } == 0 {
                    Ok(())
                } else {
                    Err(Error::io(format!("cannot sync {}", dir.display()), std::io::Error::last_os_error()))
                }
            }
        }
    }

    /// Every step, one after the other: for a file written alone.
    pub fn finish(mut self) -> Result<PathBuf> {
        self.sync()?;
        self.place()?;
        self.sync_dir()?;
        Ok(self.dest.clone())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(self.written_at());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_file_appears_only_once_placed_and_is_removed_if_never_placed() {
        let d = tempfile::tempdir().unwrap();
        let (tmp, dest) = (d.path().join(".x.tmp"), d.path().join("x"));
        let mut p = Pending::create(&tmp, &dest, 0o600, b"one").unwrap();
        p.sync().unwrap();
        assert!(tmp.exists() && !dest.exists());
        p.place().unwrap();
        p.sync_dir().unwrap();
        drop(p);
        assert_eq!(std::fs::read(&dest).unwrap(), b"one");
        assert!(!tmp.exists());

        let dropped = Pending::create(&tmp, &d.path().join("y"), 0o600, b"two").unwrap();
        drop(dropped);
        assert!(!tmp.exists() && !d.path().join("y").exists(), "an unplaced file was left behind");
        let direct = d.path().join("z");
        drop(Pending::create(&direct, &direct, 0o600, b"three").unwrap());
        assert!(!direct.exists(), "a file written in place and never placed was left behind");
        assert!(Pending::create(&dest, &dest, 0o600, b"no").is_err(), "an existing file was overwritten");
        assert_eq!(std::fs::read(&dest).unwrap(), b"one");
    }
}

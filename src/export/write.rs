//! Writing exports: each file appears whole or not at all, mode 0600, in a 0700 directory,
//! and a manifest with every file's SHA-256 is written last.
//!
//! Files are written to an unnamed temporary file in the target directory (`O_TMPFILE`) and only
//! linked into place once complete, so a process killed mid-export leaves no partial file at
//! all. Durability is settled once for the whole directory (`syncfs`) before the manifest is
//! written and synced: every file the manifest lists is on disk. Where the filesystem lacks `O_TMPFILE`, a hidden `.NAME.partial-PID` file is used and
//! renamed; such leftovers from a killed run are removed at the start of the next export.

use std::ffi::CString;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::fd::FromRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// One file written.
#[derive(Clone, Debug, Serialize)]
pub struct Written {
    pub name: String,
    pub sha256: String,
    pub bytes: usize,
}

/// An output directory being written.
#[derive(Debug)]
pub struct OutDir {
    pub path: PathBuf,
    pub written: Vec<Written>,
}

impl OutDir {
    /// Creates the directory (0700 where new) and clears leftovers of a killed run.
    pub fn open(path: &Path) -> Result<OutDir> {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
        for entry in
            std::fs::read_dir(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?
        {
            let name = entry.map_err(|e| Error::io("reading the output directory", e))?.file_name();
            let n = name.to_string_lossy();
            if n.starts_with('.') && n.contains(".partial-") {
                let _ = std::fs::remove_file(path.join(&name));
            }
        }
        Ok(OutDir { path: path.to_owned(), written: vec![] })
    }

    /// Writes `name` atomically, replacing any earlier file of that name.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        if name.contains('/') || name.starts_with('.') {
            return Err(Error::Other(format!("refusing to write an odd file name {name:?}")));
        }
        let target = self.path.join(name);
        write_atomic(&self.path, &target, bytes)
            .map_err(|e| Error::io(format!("cannot write {}", target.display()), e))?;
        self.written.push(Written {
            name: name.to_owned(),
            sha256: hex::encode(Sha256::digest(bytes)),
            bytes: bytes.len(),
        });
        Ok(())
    }

    /// Flushes every file to disk, then writes `manifest.json` (atomically, last) and syncs it.
    pub fn finish(mut self, extra: serde_json::Value) -> Result<Vec<Written>> {
        let mut manifest = extra;
        manifest["files"] = serde_json::to_value(&self.written).map_err(|e| Error::Other(e.to_string()))?;
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))? + "\n";
        let dir = File::open(&self.path).map_err(|e| Error::io("cannot open the output directory", e))?;
        // Every file written so far reaches the disk before the manifest names it.
        // SAFETY: syncfs only reads the descriptor, which `dir` keeps open.
        if unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&dir)) } != 0 {
            return Err(Error::io("cannot flush the exports to disk", std::io::Error::last_os_error()));
        }
        let target = self.path.join("manifest.json");
        write_atomic(&self.path, &target, text.as_bytes())
            .map_err(|e| Error::io("cannot write the manifest", e))?;
        File::open(&target)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io("cannot flush the manifest", e))?;
        let _ = dir.sync_all();
        Ok(std::mem::take(&mut self.written))
    }
}

fn write_atomic(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match write_unnamed(dir, target, bytes) {
        Ok(()) => Ok(()),
        Err(e) if matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)) => {
            write_named(dir, target, bytes)
        }
        Err(e) => Err(e),
    }
}

/// O_TMPFILE: the data has no name until it is complete.
fn write_unnamed(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let cdir = CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: a valid C string; the returned descriptor is owned by the File below.
    let fd = unsafe { libc::open(cdir.as_ptr(), libc::O_TMPFILE | libc::O_WRONLY | libc::O_CLOEXEC, 0o600) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor that nothing else owns.
    let mut file = unsafe { File::from_raw_fd(fd) };
    file.write_all(bytes)?;
    let proc_path = CString::new(format!("/proc/self/fd/{fd}"))
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // Link under a unique hidden name, then rename over the target (rename replaces atomically).
    let tmp = dir.join(format!(
        ".{}.partial-{}",
        target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        std::process::id()
    ));
    let ctmp = CString::new(tmp.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    if !target.exists() {
        let ctarget = CString::new(target.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        // SAFETY: valid C strings.
        let rc = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                proc_path.as_ptr(),
                libc::AT_FDCWD,
                ctarget.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EEXIST) {
            return Err(err);
        }
    }
    let _ = std::fs::remove_file(&tmp);
    // SAFETY: valid C strings.
    let rc = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            proc_path.as_ptr(),
            libc::AT_FDCWD,
            ctmp.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    std::fs::rename(&tmp, target)
}

/// Fallback: a hidden named temporary file, renamed when complete.
fn write_named(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(
        ".{}.partial-{}",
        target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

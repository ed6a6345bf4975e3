//! A person's own identity: an age X25519 key pair in a file under their data directory.
//!
//! `<data dir>/identity/` (mode 0700) holds `age-identity.txt` (0600), written once and never
//! overwritten, in the format of `age-keygen` (two `#` comment lines and the secret key), so
//! `age -d -i FILE` reads it. Beside it, `signing-key.txt` (0600, also written once) holds the
//! person's Ed25519 signing key (issue 14): two `#` comment lines and `SG-ED25519-SECRET-KEY-1`
//! followed by the base64 of its 32-byte seed. Neither key is ever kept in a store.

use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use super::service::Key;
use crate::domain::signed::SecretKey;
use crate::error::{Error, Result};

/// The file's name inside the identity directory.
pub const AGE_FILE: &str = "age-identity.txt";

/// The signing key's file name inside the identity directory.
pub const SIGNING_FILE: &str = "signing-key.txt";

/// The signing key file's secret line starts with this.
const SIGNING_PREFIX: &str = "SG-ED25519-SECRET-KEY-1";

/// A person's own identity, loaded.
pub struct Own {
    pub path: PathBuf,
    pub identity: age::x25519::Identity,
    pub recipient: Key,
}

impl std::fmt::Debug for Own {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Own").field("path", &self.path).field("recipient", &self.recipient.text).finish()
    }
}

/// `<data dir>/identity`.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("identity")
}

/// A private directory of the user's: created 0700 where missing; refused when it is a link,
/// someone else's, or open to others.
pub fn private_dir(path: &Path) -> Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
    let m = std::fs::symlink_metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if !m.is_dir() {
        return Err(Error::input(format!("{} is not a directory", path.display())));
    }
    if m.uid() != super::unix::euid() {
        return Err(Error::input(format!(
            "{} belongs to {}, not to you; it must be your own private directory",
            path.display(),
            super::unix::login_name(m.uid())
        )));
    }
    if m.mode() & 0o077 != 0 {
        return Err(Error::input(format!(
            "{} has mode {:04o}, so others may look into it; run `chmod 700 {}`",
            path.display(),
            m.mode() & 0o7777,
            path.display()
        )));
    }
    Ok(())
}

/// The identity file's path.
pub fn file(data_dir: &Path) -> PathBuf {
    dir(data_dir).join(AGE_FILE)
}

/// Reads one of the user's private key files, if it exists; refused when it is not a regular
/// file or others may read it.
fn read_private(path: &Path, what: &str) -> Result<Option<Zeroizing<String>>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    if !meta.is_file() {
        return Err(Error::input(format!("{} is not a regular file", path.display())));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(Error::input(format!(
            "your {what} {} has mode {:04o}, so others may read it; run `chmod 600 {}`",
            path.display(),
            meta.permissions().mode() & 0o777,
            path.display()
        )));
    }
    let mut text = Zeroizing::new(String::new());
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    Ok(Some(text))
}

/// Writes a new private key file (0600), never over an existing one; `Ok(false)` when it exists.
fn write_new(path: &Path, text: &str) -> Result<bool> {
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Error::io(format!("cannot create {}", path.display()), e)),
    };
    let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(path);
        return Err(Error::io(format!("cannot write {}", path.display()), e));
    }
    Ok(true)
}

/// Loads the user's identity, if they have one.
pub fn load(data_dir: &Path) -> Result<Option<Own>> {
    let path = file(data_dir);
    let Some(text) = read_private(&path, "identity")? else { return Ok(None) };
    let line = text.lines().map(str::trim).find(|l| l.starts_with("AGE-SECRET-KEY-1")).ok_or_else(|| {
        Error::input(format!("{} holds no age identity (AGE-SECRET-KEY-1…)", path.display()))
    })?;
    let identity: age::x25519::Identity = line
        .parse()
        .map_err(|e| Error::input(format!("{}: the age identity cannot be read ({e})", path.display())))?;
    let recipient = Key::parse(&identity.to_public().to_string()).map_err(Error::Other)?;
    Ok(Some(Own { path, identity, recipient }))
}

/// The signing key file's path.
pub fn signing_file(data_dir: &Path) -> PathBuf {
    dir(data_dir).join(SIGNING_FILE)
}

/// Loads the user's signing key, if they have one.
pub fn load_signing(data_dir: &Path) -> Result<Option<SecretKey>> {
    use base64::Engine as _;
    let path = signing_file(data_dir);
    let Some(text) = read_private(&path, "signing key")? else { return Ok(None) };
    let bad = || Error::input(format!("{} holds no signing key ({SIGNING_PREFIX}…)", path.display()));
    let line = text.lines().map(str::trim).find(|l| l.starts_with(SIGNING_PREFIX)).ok_or_else(bad)?;
    let b64 = line[SIGNING_PREFIX.len()..].trim_start_matches(':');
    let bytes = Zeroizing::new(base64::engine::general_purpose::STANDARD.decode(b64).map_err(|_| bad())?);
    let seed: &[u8; 32] = bytes.as_slice().try_into().map_err(|_| bad())?;
    Ok(Some(SecretKey::from_seed(seed)))
}

/// Makes a new signing key; `Ok(None)` when one exists (it is never overwritten).
pub fn create_signing(data_dir: &Path, now: DateTime<Utc>) -> Result<Option<SecretKey>> {
    use base64::Engine as _;
    let d = dir(data_dir);
    private_dir(&d)?;
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice())
        .map_err(|e| Error::Other(format!("no randomness from the system: {e}")))?;
    let key = SecretKey::from_seed(&seed);
    let text = Zeroizing::new(format!(
        "# created: {}\n# public key: {}\n{SIGNING_PREFIX}:{}\n",
        crate::domain::clock::rfc3339(now),
        key.public().text(),
        base64::engine::general_purpose::STANDARD.encode(seed.as_slice())
    ));
    Ok(write_new(&d.join(SIGNING_FILE), &text)?.then_some(key))
}

/// Makes a new identity; refuses when one exists (it is never overwritten).
pub fn create(data_dir: &Path, now: DateTime<Utc>) -> Result<Own> {
    let d = dir(data_dir);
    private_dir(&d)?;
    let path = d.join(AGE_FILE);
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let secret = identity.to_string();
    let text = Zeroizing::new(format!(
        "# created: {}\n# public key: {public}\n{}\n",
        crate::domain::clock::rfc3339(now),
        secret.expose_secret()
    ));
    if !write_new(&path, &text)? {
        return Err(Error::input(format!(
            "you already have an identity ({}); it is never overwritten (`safeguard identity show` prints it)",
            path.display()
        )));
    }
    let recipient = Key::parse(&public).map_err(Error::Other)?;
    Ok(Own { path, identity, recipient })
}

/// The identity, made on first use (a sealed raise needs one for its drafts and own copy).
pub fn load_or_create(data_dir: &Path, now: DateTime<Utc>) -> Result<(Own, bool)> {
    match load(data_dir)? {
        Some(o) => Ok((o, false)),
        None => Ok((create(data_dir, now)?, true)),
    }
}

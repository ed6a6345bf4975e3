//! The designated person's session: a store's derived key kept for a while in the kernel's user
//! keyring (`safeguard unlock`), so the commands of a morning skip the passphrase's key
//! derivation (PBKDF2-HMAC-SHA512, 256,000 rounds: most of the time of a small command).
//!
//! What it trades: while a store is unlocked, any program running as the same Unix user can
//! read the key from the keyring and open the store, as it could read a passphrase file. It is
//! never on by default; the kernel drops the key when its timeout passes, `safeguard lock`
//! drops it at once, and `rekey` drops it (the key changes).
//!
//! The key is found by the store's canonical path. It is a SQLCipher raw key, which opens that
//! file only: a backup or a re-keyed copy is always keyed with the passphrase itself, never with
//! this key (see [`Secret::is_raw_key`]). A key that no longer opens the store (the file was
//! replaced) is dropped and the passphrase asked for as usual.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The longest session `unlock` gives: a morning's work, not a week's.
pub const MAX_SECONDS: u64 = 8 * 3600;
/// The session `unlock` gives when `--for` is not said.
pub const DEFAULT_SECONDS: u64 = 15 * 60;

/// The payload's first bytes, so that a key of another program under our description is not
/// mistaken for ours.
const MAGIC: &[u8; 4] = b"SGK1";
/// MAGIC, the 32-byte key, and the session's end (seconds since 1970, big-endian).
const PAYLOAD_LEN: usize = 4 + 32 + 8;

/// An unlocked session of one store.
pub struct Session {
    pub store: PathBuf,
    pub until: DateTime<Utc>,
}

/// The keyring description of a store: by its canonical path, hashed so that no path shows in
/// `/proc/keys`.
fn description(store: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let canonical = std::fs::canonicalize(store)
        .map_err(|e| Error::io(format!("cannot find the store {}", store.display()), e))?;
    let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    Ok(format!("safeguard:store:{}", hex::encode(&digest[..16])))
}

/// Derives the store's key from the passphrase as SQLCipher 4 does: PBKDF2-HMAC-SHA512 over the
/// salt in the file's first 16 bytes.
pub fn derive(store: &Path, secret: &Secret, rounds: u32) -> Result<Zeroizing<[u8; 32]>> {
    use std::io::Read;
    let mut salt = [0u8; 16];
    std::fs::File::open(store)
        .and_then(|mut f| f.read_exact(&mut salt))
        .map_err(|e| Error::io(format!("cannot read the store {}", store.display()), e))?;
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(secret.expose().as_bytes(), &salt, rounds, key.as_mut());
    Ok(key)
}

fn payload(key: &[u8; 32], until: DateTime<Utc>) -> Zeroizing<Vec<u8>> {
    let mut p = Zeroizing::new(Vec::with_capacity(PAYLOAD_LEN));
    p.extend_from_slice(MAGIC);
    p.extend_from_slice(key);
    p.extend_from_slice(&until.timestamp().to_be_bytes());
    p
}

/// Reads a payload back: the key and the session's end, or None when it is not ours.
fn parse(p: &[u8]) -> Option<(Zeroizing<[u8; 32]>, DateTime<Utc>)> {
    if p.len() != PAYLOAD_LEN || &p[..4] != MAGIC {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&p[4..36]);
    let until = DateTime::from_timestamp(i64::from_be_bytes(p[36..44].try_into().ok()?), 0)?;
    Some((key, until))
}

#[cfg(target_os = "linux")]
mod kernel {
    use linux_keyutils::{Key, KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};
    use zeroize::Zeroizing;

    use super::PAYLOAD_LEN;
    use crate::error::{Error, Result};

    fn unavailable(e: KeyError) -> Error {
        Error::Other(format!(
            "the kernel's key store is not available here ({e:?}); unlock needs the Linux user keyring \
             (a container may block it)"
        ))
    }

    /// Adds the payload under `desc` in the user keyring with a timeout. The key is made in this
    /// process's own keyring first and given its timeout and permissions there, then linked into
    /// the user keyring: if the process dies half way, nothing without a timeout is left.
    pub fn add(desc: &str, payload: &[u8], seconds: u64) -> Result<()> {
        let process = KeyRing::from_special_id(KeyRingIdentifier::Process, true).map_err(unavailable)?;
        let user = KeyRing::from_special_id(KeyRingIdentifier::User, false).map_err(unavailable)?;
        // A session already there is replaced, not doubled.
        if let Ok(old) = user.search(desc) {
            let _ = old.invalidate();
        }
        let key = process.add_key(desc, payload).map_err(unavailable)?;
        let seconds = usize::try_from(seconds).unwrap_or(usize::MAX);
        let done = key
            .set_timeout(seconds)
            .and_then(|()| {
                // The holder may do anything with it; other processes of the same user may find,
                // read and drop it (another terminal's `lock`); nobody else may see it.
                let perms = KeyPermissionsBuilder::builder()
                    .posessor(Permission::ALL)
                    .user(Permission::VIEW | Permission::READ | Permission::SEARCH | Permission::SETATTR)
                    .build();
                key.set_perms(perms)
            })
            .and_then(|()| user.link_key(key));
        let _ = process.unlink_key(key);
        if let Err(e) = done {
            let _ = key.invalidate();
            return Err(unavailable(e));
        }
        Ok(())
    }

    fn find(desc: &str) -> Option<Key> {
        KeyRing::from_special_id(KeyRingIdentifier::User, false).ok()?.search(desc).ok()
    }

    pub fn read(desc: &str) -> Option<Zeroizing<Vec<u8>>> {
        let key = find(desc)?;
        let mut buf = Zeroizing::new(vec![0u8; PAYLOAD_LEN + 1]);
        let n = key.read(&mut *buf).ok()?;
        buf.truncate(n);
        Some(buf)
    }

    /// Drops the key under `desc`; true when there was one.
    pub fn drop_key(desc: &str) -> bool {
        find(desc).is_some_and(|k| k.invalidate().is_ok())
    }
}

#[cfg(not(target_os = "linux"))]
mod kernel {
    use zeroize::Zeroizing;

    use crate::error::{Error, Result};

    pub fn add(_desc: &str, _payload: &[u8], _seconds: u64) -> Result<()> {
        Err(Error::Other("unlock needs the Linux kernel's user keyring, which this system has not".into()))
    }

    pub fn read(_desc: &str) -> Option<Zeroizing<Vec<u8>>> {
        None
    }

    pub fn drop_key(_desc: &str) -> bool {
        false
    }
}

/// Keeps `key` for `store` until `now + seconds`.
pub fn keep(store: &Path, key: &[u8; 32], seconds: u64, now: DateTime<Utc>) -> Result<Session> {
    let secs = i64::try_from(seconds).map_err(|_| Error::input("that session is too long"))?;
    let until = now + chrono::Duration::seconds(secs);
    kernel::add(&description(store)?, &payload(key, until), seconds)?;
    Ok(Session { store: store.to_owned(), until })
}

/// The unlocked key of `store`, if a session is open (the kernel has not dropped it yet).
pub fn unlocked(store: &Path) -> Option<Secret> {
    let desc = description(store).ok()?;
    let p = kernel::read(&desc)?;
    let (key, _) = parse(&p)?;
    Some(Secret::raw_key(&key))
}

/// Drops the session of `store`; true when there was one.
pub fn forget(store: &Path) -> bool {
    description(store).is_ok_and(|d| kernel::drop_key(&d))
}

/// Reads a session length as people write it: `15m`, `1h`, `90s`, `1h30m`, or a bare number of
/// minutes.
pub fn parse_duration(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim().to_ascii_lowercase();
    let hint = "say how long, for example 15m, 1h or 1h30m";
    if t.is_empty() {
        return Err(hint.into());
    }
    if let Ok(minutes) = t.parse::<u64>() {
        return check(minutes.checked_mul(60).ok_or_else(|| hint.to_string())?);
    }
    let (mut total, mut number) = (0u64, String::new());
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            _ => return Err(format!("{text:?} is not a length of time; {hint}")),
        };
        let n: u64 = number.parse().map_err(|_| format!("{text:?} is not a length of time; {hint}"))?;
        total = n.checked_mul(unit).and_then(|v| total.checked_add(v)).ok_or_else(|| hint.to_string())?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(format!("{text:?} has a number without a unit; {hint}"));
    }
    check(total)
}

fn check(seconds: u64) -> std::result::Result<u64, String> {
    if seconds == 0 {
        return Err("a session must last at least a second".into());
    }
    if seconds > MAX_SECONDS {
        return Err(format!("a session lasts at most {} hours; run unlock again later", MAX_SECONDS / 3600));
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("15m"), Ok(900));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("20"), Ok(1200));
        assert_eq!(parse_duration(" 2H "), Ok(7200));
        assert!(parse_duration("0m").is_err());
        assert!(parse_duration("9h").unwrap_err().contains("at most 8 hours"));
        assert!(parse_duration("15").is_ok());
        assert!(parse_duration("15x").is_err());
        assert!(parse_duration("1h30").unwrap_err().contains("without a unit"));
        assert!(parse_duration("99999999999999999999h").is_err());
    }

    #[test]
    fn a_payload_reads_back_and_a_foreign_one_does_not() {
        let key = [7u8; 32];
        let until = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let p = payload(&key, until);
        let (k, u) = parse(&p).unwrap();
        assert_eq!(*k, key);
        assert_eq!(u, until);
        assert!(parse(&p[..40]).is_none());
        let mut other = p.to_vec();
        other[0] = b'X';
        assert!(parse(&other).is_none());
    }

    #[test]
    fn the_raw_key_is_sqlciphers_blob_form() {
        let s = Secret::raw_key(&[0xab; 32]);
        assert!(s.is_raw_key());
        assert_eq!(s.expose().len(), 67);
        assert!(s.expose().starts_with("x'ABAB"));
        assert!(s.expose().ends_with('\''));
    }
}

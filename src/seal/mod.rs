//! Sealed raising (issue 13): staff raise without the store's key, and each concern reaches
//! only the people the policy routes it to.
//!
//! The routing is enforced by encryption, not by permission checks: a concern is sealed with
//! age (X25519) to the route's readers, the reading store's key and the service's recovery
//! keys, and nobody else can open it, root included. The parts:
//! - [`service`]: the service file (people, roles, keys, inboxes), the access list;
//! - [`identity`]: a person's own key pair under their data directory;
//! - [`plan`]: from the policy's route (roles) to persons, an inbox and recipients;
//! - [`envelope`]: the sealed content, versioned JSON, padded to a size bucket;
//! - [`inbox`]: Maildir-style delivery, the folders' owners and modes, and safe reading;
//! - [`durable`]: files synced in steps, so two can be synced side by side;
//! - [`local`]: what the reporter keeps, sealed to themselves (own copies and drafts).

pub mod durable;
pub mod envelope;
pub mod identity;
pub mod inbox;
pub mod local;
pub mod plan;
pub mod service;
pub mod unix;

use std::io::{Read, Write};

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The largest sealed file intake reads: the largest padding bucket and age's overhead.
pub const MAX_SEALED: u64 = 8 * 1024 * 1024;

/// `n` random bytes from the operating system.
pub fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| Error::Other(format!("no randomness from the system: {e}")))?;
    Ok(b)
}

/// Seals `plaintext` to `recipients` (binary age v1, as `age -d` reads it).
pub fn seal(recipients: &[&age::x25519::Recipient], plaintext: &[u8]) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| *r as &dyn age::Recipient))
        .map_err(|e| Error::Other(format!("cannot seal: {e:?}")))?;
    let mut out = Vec::with_capacity(plaintext.len() + 1024);
    let mut w = encryptor.wrap_output(&mut out).map_err(|e| Error::io("sealing", e))?;
    w.write_all(plaintext).and_then(|()| w.finish().map(|_| ())).map_err(|e| Error::io("sealing", e))?;
    Ok(out)
}

/// Why a sealed file could not be opened.
#[derive(Debug, PartialEq, Eq)]
pub enum OpenFailure {
    /// Not an age file at all.
    NotAge(String),
    /// An age file, but not sealed to any of the identities given.
    NotForUs,
    /// Sealed to us, but changed or cut short since (the authentication failed).
    Damaged(String),
    /// Larger than allowed once opened.
    TooLarge,
}

impl std::fmt::Display for OpenFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenFailure::NotAge(e) => write!(f, "not a sealed (age) file: {e}"),
            OpenFailure::NotForUs => f.write_str("not sealed to any key of this store"),
            OpenFailure::Damaged(e) => write!(f, "changed or cut short after it was sealed: {e}"),
            OpenFailure::TooLarge => f.write_str("larger than any sealed concern can be"),
        }
    }
}

/// Opens a sealed file with any of `identities`; the plaintext is wiped when dropped.
pub fn unseal(
    identities: &[&age::x25519::Identity],
    sealed: &[u8],
    limit: u64,
) -> std::result::Result<Zeroizing<Vec<u8>>, OpenFailure> {
    let d = age::Decryptor::new_buffered(sealed).map_err(|e| OpenFailure::NotAge(describe(&e)))?;
    let mut r = match d.decrypt(identities.iter().map(|i| *i as &dyn age::Identity)) {
        Ok(r) => r,
        Err(age::DecryptError::NoMatchingKeys) => return Err(OpenFailure::NotForUs),
        Err(e @ (age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat)) => {
            return Err(OpenFailure::NotAge(describe(&e)));
        }
        Err(e) => return Err(OpenFailure::Damaged(describe(&e))),
    };
    let mut out = Zeroizing::new(Vec::new());
    let n =
        (&mut r).take(limit + 1).read_to_end(&mut out).map_err(|e| OpenFailure::Damaged(e.to_string()))?;
    if n as u64 > limit {
        return Err(OpenFailure::TooLarge);
    }
    Ok(out)
}

/// An age decryption error in words (ours, not age's localised ones).
fn describe(e: &age::DecryptError) -> String {
    match e {
        age::DecryptError::InvalidHeader => "its header is not an age header".into(),
        age::DecryptError::UnknownFormat => "an unknown age format".into(),
        age::DecryptError::InvalidMac => "its header's authentication code does not match".into(),
        age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed => {
            "it does not decrypt".into()
        }
        age::DecryptError::NoMatchingKeys => "it is sealed to other keys".into(),
        age::DecryptError::Io(io) => io.to_string(),
        other => format!("{other:?}"),
    }
}

/// Crockford's base 32: no I, L, O or U, so a reference read over the phone is not misheard.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random base-32 text of `groups` groups of five characters (25 bits each), joined by `-`.
pub fn random_code(groups: usize) -> Result<String> {
    let bytes: [u8; 32] = random()?;
    let mut bits = bytes.iter().flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1));
    let mut out = String::new();
    for g in 0..groups.min(10) {
        if g > 0 {
            out.push('-');
        }
        for _ in 0..5 {
            let v = (0..5).fold(0usize, |acc, _| (acc << 1) | usize::from(bits.next().unwrap_or(0)));
            out.push(BASE32[v] as char);
        }
    }
    Ok(out)
}

/// True for text [`random_code`] could have made with `groups` groups.
pub fn is_code(s: &str, groups: usize) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == groups && parts.iter().all(|p| p.len() == 5 && p.bytes().all(|b| BASE32.contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_only_with_a_recipients_identity_and_not_once_changed() {
        let (a, b) = (age::x25519::Identity::generate(), age::x25519::Identity::generate());
        let sealed = seal(&[&a.to_public()], b"hello").unwrap();
        assert_eq!(&unseal(&[&b, &a], &sealed, 100).unwrap()[..], b"hello");
        assert_eq!(unseal(&[&b], &sealed, 100).unwrap_err(), OpenFailure::NotForUs);
        assert_eq!(unseal(&[&a], &sealed, 2).unwrap_err(), OpenFailure::TooLarge);
        let mut bad = sealed.clone();
        let n = bad.len();
        bad[n - 3] ^= 1;
        assert!(matches!(unseal(&[&a], &bad, 100), Err(OpenFailure::Damaged(_))), "tampered body");
        assert!(matches!(unseal(&[&a], b"junk", 100), Err(OpenFailure::NotAge(_))));
    }

    #[test]
    fn codes_are_random_and_recognised() {
        let (x, y) = (random_code(4).unwrap(), random_code(4).unwrap());
        assert_ne!(x, y);
        assert!(is_code(&x, 4) && x.len() == 23, "{x}");
        assert!(!is_code("ABCDE-ABCDE-ABCDE-ABCDI", 4), "I is not in the alphabet");
        assert!(!is_code(&x, 3));
    }
}

//! Passphrases: where they come from, and how they are held.
//!
//! A passphrase is never taken from the command line (it would show in `ps` and shell
//! history) and never through a clap `env` argument (clap prints env values in `--help`).
//! Sources, in order (PRODUCT.md): `--passphrase-file` or `SAFEGUARD_PASSPHRASE_FILE`;
//! `SAFEGUARD_PASSPHRASE_COMMAND` (its stdout); `SAFEGUARD_PASSPHRASE`; a hidden prompt, only
//! when stdin and stderr are terminals. With none of these, fail at once: never hang.
//!
//! `SAFEGUARD_PASSPHRASE` is the weakest source: whatever set it (a shell, a script, a cron
//! line) keeps it in its own environment. At start-up [`take_env_passphrase`] moves it out of
//! this process's environment (and out of `/proc/PID/environ`), so no child inherits it, and
//! [`protect_process`] turns core dumps off before any secret is read.

use std::fmt;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use zeroize::{Zeroize, Zeroizing};

use crate::error::Error;

/// Environment variables that may carry a passphrase or point at one.
pub const ENV_FILE: &str = "SAFEGUARD_PASSPHRASE_FILE";
pub const ENV_COMMAND: &str = "SAFEGUARD_PASSPHRASE_COMMAND";
pub const ENV_PASSPHRASE: &str = "SAFEGUARD_PASSPHRASE";
pub const ENV_NEW_FILE: &str = "SAFEGUARD_NEW_PASSPHRASE_FILE";

/// A passphrase held in memory that is wiped when dropped, or a store's derived key (from an
/// unlocked session, [`crate::keyring`]). Its `Debug` never shows it.
#[derive(Clone)]
pub struct Secret {
    text: Zeroizing<String>,
    raw_key: bool,
}

impl Secret {
    /// Wraps a passphrase; rejects an empty one.
    pub fn new(s: Zeroizing<String>) -> Result<Secret, Error> {
        if s.is_empty() {
            return Err(Error::Passphrase("the passphrase is empty".into()));
        }
        Ok(Secret { text: s, raw_key: false })
    }

    /// A store's derived 256-bit key, in SQLCipher's raw-key form `x'…'`, which skips the key
    /// derivation. It opens only the store whose salt it was derived with: a file keyed with it
    /// (a backup, a re-keyed copy) would not open with the passphrase, so those need
    /// [`Secret::is_raw_key`] false.
    pub fn raw_key(key: &[u8; 32]) -> Secret {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut text = Zeroizing::new(String::with_capacity(67));
        text.push_str("x'");
        for b in key {
            text.push(char::from(HEX[usize::from(b >> 4)]));
            text.push(char::from(HEX[usize::from(b & 15)]));
        }
        text.push('\'');
        Secret { text, raw_key: true }
    }

    /// Whether this is a derived key rather than the passphrase itself.
    pub fn is_raw_key(&self) -> bool {
        self.raw_key
    }

    /// The passphrase text (or raw key), for handing to SQLCipher or the key derivation only.
    pub fn expose(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where this process may look for the passphrase.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// `--passphrase-file`, which wins over the environment.
    pub file_flag: Option<PathBuf>,
}

/// Which passphrase is being asked for, for the prompt's wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open an existing store.
    Open,
    /// Create a new store: on a terminal it is asked twice, and it must be long enough
    /// ([`check_new`]).
    Create,
}

/// The fewest characters a new store passphrase may have (`init`, and `rekey`'s new one).
///
/// The store is its passphrase's only protection: whoever copies the file (a backup, a lost
/// laptop) can try passphrases offline for as long as they like, each costing one PBKDF2
/// derivation. Eight characters is the least NIST SP 800-63B allows for a memorised secret;
/// two or three ordinary words are longer, and each character more multiplies the guesses
/// needed. A passphrase that opens a store is never refused for its
/// length: stores made before this rule still open, and are made to follow it at their next
/// `rekey`.
pub const MIN_NEW_CHARS: usize = 8;

/// Refuses a new store passphrase shorter than [`MIN_NEW_CHARS`] characters (Unicode
/// characters, not bytes), saying what to do. `from`: where it came from, for the message.
pub fn check_new(text: &str, from: &str) -> Result<(), String> {
    if text.chars().count() >= MIN_NEW_CHARS {
        return Ok(());
    }
    Err(format!(
        "a new store passphrase needs at least {MIN_NEW_CHARS} characters, and the one {from} is shorter; \
         choose a longer one (a few words are easier to remember and much harder to guess than a short \
         word)"
    ))
}

/// `SAFEGUARD_PASSPHRASE` as it was at start-up, taken out of the environment by
/// [`take_env_passphrase`] (or, where that was not called, read from the environment).
static FROM_ENV: OnceLock<Option<Zeroizing<Vec<u8>>>> = OnceLock::new();

/// Turns core dumps off for this process before any secret is read: `RLIMIT_CORE` 0 (soft and
/// hard, so nothing can raise it again) and, on Linux, not dumpable (`PR_SET_DUMPABLE` 0), which
/// also stops other processes of the same user from reading its memory through ptrace or
/// `/proc/PID/mem` and makes its `/proc/PID` files owned by root. A core file of a killed
/// `raise` held the passphrase and plaintext copies of the record.
pub fn protect_process() -> std::io::Result<()> {
    let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: setrlimit reads the struct it is given and changes only this process's limits.
    if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes one integer argument and changes only this process.
    if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0 as libc::c_ulong, 0, 0, 0) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

unsafe extern "C" {
    /// POSIX's environment block: a NULL-terminated array of "NAME=value" C strings.
    static mut environ: *mut *mut libc::c_char;
}

/// Takes `SAFEGUARD_PASSPHRASE` out of the process at start-up: its value into wiped memory,
/// the variable out of the environment (so no child inherits it), and its bytes overwritten
/// where the kernel put them. `/proc/PID/environ` shows the environment block as it was at
/// `exec`, whatever `unsetenv` does to libc's list, so the string itself is zeroed in place.
///
/// # Safety
///
/// No other thread may exist: this changes the environment and writes to its strings.
pub unsafe fn take_env_passphrase() {
    let name = ENV_PASSPHRASE.as_bytes();
    // Every "NAME=value" entry for the variable (execve allows repeats; getenv takes the first).
    let mut entries: Vec<(*mut u8, usize)> = vec![];
    // SAFETY: single-threaded (the caller's promise); `environ` is NULL or a NULL-terminated
    // array of NUL-terminated strings, which are read here and not yet changed.
    unsafe {
        let mut p = environ;
        while !p.is_null() && !(*p).is_null() {
            let entry = std::ffi::CStr::from_ptr(*p).to_bytes();
            if entry.len() > name.len() && entry.starts_with(name) && entry[name.len()] == b'=' {
                entries.push(((*p).cast::<u8>(), entry.len()));
            }
            p = p.add(1);
        }
    }
    let value = entries.first().map(|&(ptr, len)| {
        // SAFETY: `ptr` points at `len` readable bytes (the entry found above).
        let entry = unsafe { std::slice::from_raw_parts(ptr, len) };
        Zeroizing::new(entry[name.len() + 1..].to_vec())
    });
    if !entries.is_empty() {
        // SAFETY: single-threaded (the caller's promise).
        unsafe { std::env::remove_var(ENV_PASSPHRASE) };
    }
    for (ptr, len) in entries {
        // SAFETY: the entry's bytes are writable (the initial stack, or memory setenv
        // allocated) and no longer in the environment, so nothing else reads them.
        unsafe { std::slice::from_raw_parts_mut(ptr, len) }.zeroize();
    }
    let _ = FROM_ENV.set(value);
}

/// The passphrase `SAFEGUARD_PASSPHRASE` gave, if it was set.
fn env_passphrase() -> Option<&'static Zeroizing<Vec<u8>>> {
    FROM_ENV
        .get_or_init(|| {
            use std::os::unix::ffi::OsStringExt;
            std::env::var_os(ENV_PASSPHRASE).map(|v| Zeroizing::new(v.into_vec()))
        })
        .as_ref()
}

fn env_nonempty(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

impl Sources {
    /// Finds the passphrase from the first source that is set. For a new store
    /// ([`Purpose::Create`]) it must be long enough ([`check_new`]); a terminal asks again.
    pub fn get(&self, purpose: Purpose) -> Result<Secret, Error> {
        let (secret, from) = self.find(purpose)?;
        if purpose == Purpose::Create {
            check_new(secret.expose(), &from).map_err(Error::Passphrase)?;
        }
        Ok(secret)
    }

    /// The passphrase, and where it came from (for [`check_new`]'s message).
    fn find(&self, purpose: Purpose) -> Result<(Secret, String), Error> {
        if let Some(flag) = &self.file_flag {
            return Ok((read_file(flag)?, format!("in the passphrase file {}", flag.display())));
        }
        if let Some(path) = env_nonempty(ENV_FILE).map(PathBuf::from) {
            return Ok((read_file(&path)?, format!("in {ENV_FILE} ({})", path.display())));
        }
        if let Some(cmd) = env_nonempty(ENV_COMMAND) {
            return Ok((run_command(&cmd)?, format!("{ENV_COMMAND} gave")));
        }
        if let Some(p) = env_passphrase() {
            let text = std::str::from_utf8(p)
                .map_err(|_| Error::Passphrase(format!("{ENV_PASSPHRASE} is not valid UTF-8")))?;
            return Ok((Secret::new(Zeroizing::new(text.to_owned()))?, format!("in {ENV_PASSPHRASE}")));
        }
        Ok((prompt(purpose, "Passphrase for the store")?, "typed".to_owned()))
    }
}

/// The new passphrase for `rekey`: `SAFEGUARD_NEW_PASSPHRASE_FILE`, else a terminal prompt
/// (twice); it must be long enough ([`check_new`]).
pub fn new_passphrase() -> Result<Secret, Error> {
    if let Some(path) = env_nonempty(ENV_NEW_FILE) {
        let secret = read_file(Path::new(&path))?;
        let from = format!("in {ENV_NEW_FILE} ({})", Path::new(&path).display());
        check_new(secret.expose(), &from).map_err(Error::Passphrase)?;
        return Ok(secret);
    }
    let secret = prompt(Purpose::Create, "New passphrase")?;
    check_new(secret.expose(), "typed").map_err(Error::Passphrase)?;
    Ok(secret)
}

/// Reads a passphrase file: refused when group or others can read it; one trailing newline is dropped.
pub fn read_file(path: &Path) -> Result<Secret, Error> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::Passphrase(format!("cannot read the passphrase file {}: {e}", path.display())))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::Passphrase(format!(
            "the passphrase file {} has mode {mode:04o}, so other users may read it; \
             run `chmod 600 {}` first",
            path.display(),
            path.display()
        )));
    }
    let mut buf = Zeroizing::new(Vec::new());
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut buf))
        .map_err(|e| Error::Passphrase(format!("cannot read the passphrase file {}: {e}", path.display())))?;
    secret_from_bytes(buf, &format!("the passphrase file {}", path.display()))
}

fn secret_from_bytes(mut buf: Zeroizing<Vec<u8>>, what: &str) -> Result<Secret, Error> {
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    let text =
        std::str::from_utf8(&buf).map_err(|_| Error::Passphrase(format!("{what} is not valid UTF-8")))?;
    Secret::new(Zeroizing::new(text.to_owned()))
        .map_err(|_| Error::Passphrase(format!("{what} gave an empty passphrase")))
}

/// Runs `SAFEGUARD_PASSPHRASE_COMMAND` with `sh -c` and takes its standard output.
/// The child gets no passphrase variables of ours and no terminal input.
fn run_command(cmd: &std::ffi::OsStr) -> Result<Secret, Error> {
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg(cmd)
        .env_remove(ENV_PASSPHRASE)
        .env_remove(ENV_NEW_FILE)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Error::Passphrase(format!("cannot run {ENV_COMMAND}: {e}")))?;
    let stdout = Zeroizing::new(out.stdout);
    if !out.status.success() {
        return Err(Error::Passphrase(format!("{ENV_COMMAND} failed ({})", out.status)));
    }
    secret_from_bytes(stdout, ENV_COMMAND)
}

/// True when a person can answer a prompt: stdin and stderr are both terminals.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && crate::output::stderr_is_terminal()
}

fn prompt(purpose: Purpose, label: &str) -> Result<Secret, Error> {
    if !can_prompt() {
        return Err(Error::Passphrase(format!(
            "no passphrase given and no terminal to ask on; set {ENV_FILE} (a file of mode 0600), \
             {ENV_COMMAND} or {ENV_PASSPHRASE}, or pass --passphrase-file"
        )));
    }
    // A new passphrase is asked twice, and asked again while it is too short.
    let new = purpose == Purpose::Create;
    Secret::new(crate::terminal::password(label, new.then_some(|t: &str| check_new(t, "typed")))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_passphrase() {
        let s = Secret::new(Zeroizing::new("hunter2-marker".into())).unwrap();
        let shown = format!("{s:?} {:?}", Some(&s));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn trailing_newline_is_dropped_once() {
        let s = secret_from_bytes(Zeroizing::new(b"a b\r\n".to_vec()), "t").unwrap();
        assert_eq!(s.expose(), "a b");
        let s = secret_from_bytes(Zeroizing::new(b"pass\n\n".to_vec()), "t").unwrap();
        assert_eq!(s.expose(), "pass\n");
        assert!(secret_from_bytes(Zeroizing::new(b"\n".to_vec()), "t").is_err());
    }
}

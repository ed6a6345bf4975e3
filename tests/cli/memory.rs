//! Secrets in memory (issue 11): a running `safeguard` cannot dump core and cannot be read by
//! other processes of its user, and `SAFEGUARD_PASSPHRASE` is gone from `/proc/PID/environ`
//! and from every child's environment while it runs.
//!
//! Each test stops the real binary mid-run (at a prompt on a pty, or waiting for its
//! passphrase command) and looks at it from outside through `/proc`.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use expectrl::{Eof, Expect};

use crate::common::{Env, PASS, finish};
use crate::pty::{answer, spawn};

const MARK: &str = "zz-env-passphrase-5c1e";

/// `/proc/PID/environ` as bytes, or why it cannot be read.
fn environ(pid: i32) -> std::io::Result<Vec<u8>> {
    std::fs::read(format!("/proc/{pid}/environ"))
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Waits until `path` exists (the process under test has reached the point being looked at).
fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_passphrase_is_gone_from_proc_environ_while_the_command_runs() {
    // An interview on a terminal, its store opened with SAFEGUARD_PASSPHRASE (the only source
    // given), stopped at its first question.
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    s.expect("immediate danger").unwrap();
    let pid = s.get_process().pid().as_raw();
    match environ(pid) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("SAFEGUARD_NOW="), "not the real environment block: {text:?}");
            assert!(!text.contains(PASS), "/proc/{pid}/environ shows the passphrase: {text:?}");
            assert!(!text.contains("SAFEGUARD_PASSPHRASE="), "{text:?}");
        }
        // Only root may read a non-dumpable process's environment; the scrub itself is
        // checked when the tests run as root, as CI does.
        Err(e) if !is_root() && e.kind() == std::io::ErrorKind::PermissionDenied => {
            eprintln!("not root: /proc/{pid}/environ is unreadable to its own user, as it should be")
        }
        Err(e) => panic!("reading /proc/{pid}/environ: {e}"),
    }
    answer(&mut s, "", "\x03");
    s.expect(Eof).unwrap();
}

/// A `safeguard list` stopped while its passphrase command waits on a FIFO, run as another
/// user when the tests run as root (so that "owned by root" below means something).
struct Stopped {
    dir: tempfile::TempDir,
    child: Child,
    /// The passphrase command's shell.
    sh: i32,
    /// The uid the process runs as.
    uid: u32,
}

impl Stopped {
    fn start() -> Stopped {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let go = dir.path().join("go");
        let c = std::ffi::CString::new(go.to_str().unwrap()).unwrap();
        // SAFETY: a valid path; mkfifo has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o666) }, 0, "mkfifo");
        std::fs::set_permissions(&go, std::fs::Permissions::from_mode(0o666)).unwrap();
        // The passphrase is asked for before the store is read: pages that look like an
        // encrypted store (no header, no pattern) are enough.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let noise: Vec<u8> = (0..8192)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x.to_le_bytes()[0]
            })
            .collect();
        std::fs::write(dir.path().join("s.db"), noise).unwrap();
        let d = dir.path().display();
        let command =
            format!("echo $$ > {d}/ready.tmp && mv {d}/ready.tmp {d}/ready; read x < {d}/go; echo x");
        let user = is_root().then(nobody);
        // Private to the user who runs it, as a store is (one everyone may read is refused
        // before any passphrase is asked for).
        std::fs::set_permissions(dir.path().join("s.db"), std::fs::Permissions::from_mode(0o600)).unwrap();
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(dir.path().join("s.db"), Some(uid), Some(gid)).unwrap();
        }
        let spawn = |bin: &Path| {
            let mut cmd = Command::new(bin);
            cmd.args(["--db", &format!("{d}/s.db"), "list"])
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", dir.path())
                .env("XDG_DATA_HOME", dir.path())
                .env("XDG_CONFIG_HOME", dir.path())
                .env("SAFEGUARD_SERVICES_DIR", dir.path().join("services"))
                .env("NO_COLOR", "1")
                .env("SAFEGUARD_NOW", crate::common::NOW)
                .env("SAFEGUARD_PASSPHRASE", MARK)
                .env("SAFEGUARD_PASSPHRASE_COMMAND", &command)
                .current_dir(dir.path())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            if let Some((uid, gid)) = user {
                cmd.uid(uid).gid(gid);
            }
            // Core files allowed as far as the hard limit goes, so a limit of 0 seen below is
            // the binary's own doing.
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                cmd.pre_exec(|| {
                    let mut l = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
                    if libc::getrlimit(libc::RLIMIT_CORE, &mut l) == 0 {
                        l.rlim_cur = l.rlim_max;
                        libc::setrlimit(libc::RLIMIT_CORE, &l);
                    }
                    Ok(())
                });
            }
            cmd.spawn()
        };
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_safeguard"));
        let child = match spawn(&bin) {
            // The build directory may be closed to other users: run a copy from here.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && user.is_some() => {
                // Not named `safeguard`: that is the config and data directory's name under
                // XDG_CONFIG_HOME and XDG_DATA_HOME, which are this directory.
                let copy = dir.path().join("safeguard-bin");
                std::fs::copy(&bin, &copy).unwrap();
                std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
                spawn(&copy).unwrap()
            }
            other => other.unwrap(),
        };
        wait_for(&dir.path().join("ready"));
        let sh = std::fs::read_to_string(dir.path().join("ready")).unwrap().trim().parse().unwrap();
        // SAFETY: getuid has no preconditions.
        let uid = user.map_or_else(|| unsafe { libc::getuid() }, |(u, _)| u);
        Stopped { dir, child, sh, uid }
    }

    fn pid(&self) -> i32 {
        i32::try_from(self.child.id()).unwrap()
    }

    /// Lets the passphrase command finish, and the command with it.
    fn release(self) {
        std::fs::write(self.dir.path().join("go"), "\n").unwrap();
        finish(self.child, Duration::from_secs(120)).expect("the command did not finish");
    }
}

/// The uid and gid of `nobody`.
fn nobody() -> (u32, u32) {
    let name = std::ffi::CString::new("nobody").unwrap();
    // SAFETY: a valid C string; the result is read at once, before any other getpw* call.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        (65534, 65534)
    } else {
        // SAFETY: non-null, pointing at libc's static passwd record.
        unsafe { ((*pw).pw_uid, (*pw).pw_gid) }
    }
}

#[test]
fn a_running_safeguard_cannot_dump_core_or_be_read_by_its_user() {
    let p = Stopped::start();
    let pid = p.pid();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core: Vec<&str> = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("no core limit in /proc/PID/limits")
        .split_whitespace()
        .skip(4)
        .take(2)
        .collect();
    assert_eq!(core, ["0", "0"], "core files are still allowed:\n{limits}");
    // A process that is not dumpable has its /proc files owned by root, whoever runs it.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let uid_line = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    assert!(uid_line.split_whitespace().nth(1) == Some(&p.uid.to_string()), "{uid_line}");
    assert_ne!(p.uid, 0, "the check needs a process that does not run as root");
    let owner = std::fs::metadata(format!("/proc/{pid}/environ")).unwrap().uid();
    assert_eq!(owner, 0, "/proc/{pid}/environ is owned by uid {owner}: the process is still dumpable");
    p.release();
}

#[test]
fn neither_the_process_nor_its_passphrase_command_holds_the_variable() {
    let p = Stopped::start();
    let (pid, sh) = (p.pid(), p.sh);
    // The passphrase command's shell runs as the same user and is dumpable: readable here.
    let child_env = String::from_utf8_lossy(&environ(sh).unwrap()).into_owned();
    assert!(
        child_env.contains("SAFEGUARD_PASSPHRASE_COMMAND="),
        "not the child's environment: {child_env:?}"
    );
    assert!(!child_env.contains(MARK), "the passphrase command inherited the passphrase: {child_env:?}");
    match environ(pid) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("SAFEGUARD_PASSPHRASE_COMMAND="), "{text:?}");
            assert!(!text.contains(MARK), "/proc/{pid}/environ shows the passphrase: {text:?}");
        }
        Err(e) if !is_root() && e.kind() == std::io::ErrorKind::PermissionDenied => {
            eprintln!("not root: /proc/{pid}/environ is unreadable to its own user, as it should be")
        }
        Err(e) => panic!("reading /proc/{pid}/environ: {e}"),
    }
    p.release();
}

//! The hermetic test environment: a temp HOME and XDG dirs, a fixed clock, NO_COLOR, and a
//! passphrase from the environment or a file. Every test gets its own.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const PASS: &str = "correct horse battery staple";
pub const NOW: &str = "2026-11-23T10:00:00Z";

pub struct Env {
    pub dir: tempfile::TempDir,
    /// Extra environment for every command.
    pub vars: Vec<(String, String)>,
}

/// What a finished command left behind.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "wrong exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }
}

/// The name the test person has on the roster of the stores they make.
pub const NAME: &str = "Dee Pee";

impl Env {
    /// A fresh environment whose person has their own identity and signing key (every entry is
    /// signed by its author: issue 14).
    pub fn new() -> Env {
        let env = Env::bare();
        env.run(&["identity", "init"]).ok();
        env
    }

    /// A fresh environment whose person has no identity yet.
    pub fn bare() -> Env {
        let dir = tempfile::tempdir().unwrap();
        for d in ["home", "data", "config"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        Env { dir, vars: vec![("SAFEGUARD_PASSPHRASE".into(), PASS.into())] }
    }

    /// A fresh environment with an initialised default store, its person ([`NAME`]) on its
    /// roster with the designated person's and countersignatory's roles.
    pub fn with_store() -> Env {
        let env = Env::new();
        env.run(&["init", "--name", NAME]).ok();
        env
    }

    /// A fresh environment with a store whose person holds these roles (comma-separated).
    pub fn with_roles(roles: &str) -> Env {
        let env = Env::new();
        env.run(&["init", "--name", NAME, "--roles", roles]).ok();
        env
    }

    /// Another person working on this environment's default store: their own data directory
    /// (so their own identity, made here), the same store, passphrase and clock.
    pub fn person(&self) -> Env {
        let mut other = Env::bare();
        other.vars = self.vars.clone();
        if !other.vars.iter().any(|(k, _)| k == "SAFEGUARD_DB") {
            other.set("SAFEGUARD_DB", self.store().to_str().unwrap());
        }
        other.run(&["identity", "init"]).ok();
        other
    }

    /// This person's signing key (`sg-ed25519:...`).
    pub fn signing_key(&self) -> String {
        self.run(&["identity", "show", "--json"]).ok().json()["signing_key"].as_str().unwrap().to_owned()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default store's file.
    pub fn store(&self) -> PathBuf {
        self.path("data/safeguard/default.db")
    }

    pub fn set(&mut self, k: &str, v: &str) -> &mut Env {
        self.vars.retain(|(key, _)| key != k);
        self.vars.push((k.into(), v.into()));
        self
    }

    pub fn unset(&mut self, k: &str) -> &mut Env {
        self.vars.retain(|(key, _)| key != k);
        self
    }

    /// The command with a cleared environment and only what the test gives it.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_safeguard"));
        c.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("NO_COLOR", "1")
            .env("SAFEGUARD_NOW", NOW)
            // Never this machine's /etc/safeguard/services: a service file there would put
            // every test in sealed mode.
            .env("SAFEGUARD_SERVICES_DIR", self.path("services"))
            .current_dir(self.dir.path());
        for (k, v) in &self.vars {
            c.env(k, v);
        }
        c
    }

    /// Runs with stdin closed (no terminal), waiting at most 120 s.
    pub fn run(&self, args: &[&str]) -> Run {
        let child = self
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        finish(child, Duration::from_secs(120)).expect("command did not finish in 120 s")
    }
}

/// Waits for a child up to `limit`; kills it and returns None if it runs longer.
pub fn finish(mut child: Child, limit: Duration) -> Option<Run> {
    let start = Instant::now();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(Run {
                code: status.code().unwrap_or(-1),
                stdout: t_out.join().unwrap(),
                stderr: t_err.join().unwrap(),
            });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Writes a file with the given mode.
pub fn write_mode(path: &Path, contents: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, contents).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// True when `needle` occurs in the bytes of `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Stops an extra check whose tool is missing, saying what to install. Extra checks are
/// `#[ignore]`d, so `cargo test` never needs a system tool; `.ci/run` installs the tools and
/// runs them with `--ignored`, where a missing tool is a failure, never a silent skip.
#[track_caller]
pub fn require_tool(command: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| is_executable(&dir.join(command))));
    assert!(
        found,
        "this extra check needs `{command}` on PATH (Debian package {package}; .ci/run installs it)"
    );
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The tables in a command's human output (comfy-table's UTF-8 style), each as rows of cells,
/// the header first. A wrapped cell's lines are joined with a space; a line whose first cell
/// is empty continues the row above. Fails unless every line of a table has its column
/// separators in the same places: no broken columns.
#[track_caller]
pub fn tables(text: &str) -> Vec<Vec<Vec<String>>> {
    let mut out: Vec<Vec<Vec<String>>> = vec![];
    let mut current: Option<(Vec<usize>, Vec<Vec<String>>)> = None;
    let mut header_done = false;
    for line in text.lines() {
        let framed = line.starts_with(['│', '┌', '├', '└', '╞']);
        if !framed {
            if let Some((_, rows)) = current.take() {
                out.push(rows);
            }
            continue;
        }
        let marks: Vec<usize> =
            line.chars().enumerate().filter(|(_, c)| "│┆┌┐├┤└┘┬┼┴╞╪╡".contains(*c)).map(|(i, _)| i).collect();
        let (cols, rows) = current.get_or_insert_with(|| {
            header_done = false;
            (marks.clone(), vec![])
        });
        assert_eq!(&marks, cols, "a broken column in this line:\n{line}\nof:\n{text}");
        if line.starts_with('╞') {
            header_done = true;
        }
        if !line.starts_with('│') {
            continue;
        }
        let cells: Vec<String> =
            line.trim_matches('│').split(['│', '┆']).map(|c| c.trim().to_owned()).collect::<Vec<_>>();
        let continues = cells[0].is_empty() && !rows.is_empty() && (header_done || rows.len() == 1);
        match rows.last_mut() {
            Some(last) if continues => {
                for (a, b) in last.iter_mut().zip(cells) {
                    if !b.is_empty() {
                        if !a.is_empty() {
                            a.push(' ');
                        }
                        a.push_str(&b);
                    }
                }
            }
            _ => rows.push(cells),
        }
    }
    if let Some((_, rows)) = current {
        out.push(rows);
    }
    out
}

/// The table whose header starts with `first`, from [`tables`].
#[track_caller]
pub fn table_headed(text: &str, first: &str) -> Vec<Vec<String>> {
    tables(text)
        .into_iter()
        .find(|t| t.first().is_some_and(|h| h.first().is_some_and(|c| c == first)))
        .unwrap_or_else(|| panic!("no table headed {first:?} in:\n{text}"))
}

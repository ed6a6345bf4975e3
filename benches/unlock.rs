//! Benchmark: the designated person's morning session (issue 18), end to end with the release
//! binary, each command a new process as users run them.
//!
//! Five commands in a row (`review --due`, `list`, `show ID`, `stats`, `review --due --json`) on
//! a small store, measured as paired rounds (each round back to back, so load on the machine
//! hits both alike), median and minimum:
//!   passphrase = the five, each deriving the store's key from `SAFEGUARD_PASSPHRASE`;
//!   unlocked   = `unlock --for 15m` (one key derivation), then the five with no passphrase
//!                given, on the key the kernel's keyring keeps; `lock` after each round (not
//!                counted). The five alone are reported too.
//! Where the kernel keyring is closed to this process (a container's seccomp filter can block
//! it), the benchmark says so and measures nothing.
//!
//! Run: `cargo build --release && cargo bench --bench unlock` (SAFEGUARD_BENCH_RUNS=N rounds,
//! default 7).

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[path = "common/measure.rs"]
mod measure;
use measure::{run, stats};

const NOW: &str = "2026-11-23T10:00:00Z";
const PASS: &str = "benchmark passphrase";
const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"JQ\"\nsubject_age = 7\nprimary_category = \"neglect\"\ndescription = \"Arrives hungry most days; no coat in November.\"\nsignificant_harm = \"yes\"\nreporter_name = \"Sam\"\nreporter_role = \"Worker\"\n";

fn tool(bin: &Path, dir: &Path, args: &[&str], passphrase: bool) -> Command {
    let mut c = Command::new(bin);
    c.args(args)
        .env_clear()
        .env("HOME", dir.join("home"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("SAFEGUARD_NOW", NOW)
        .env("NO_COLOR", "1");
    if passphrase {
        c.env("SAFEGUARD_PASSPHRASE", PASS);
    }
    c
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/safeguard");
    assert!(bin.exists(), "build the release binary first: cargo build --release");
    let runs: usize = std::env::var("SAFEGUARD_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(7);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for d in ["home", "data", "config"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
        std::fs::set_permissions(dir.join(d), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let out = |args: &[&str], passphrase: bool| tool(&bin, dir, args, passphrase).output().unwrap();
    let init = out(&["init"], true);
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let answers = dir.join("child.toml");
    std::fs::write(&answers, CHILD).unwrap();
    let raised = out(&["raise", "--answers", answers.to_str().unwrap(), "--json"], true);
    assert!(raised.status.success(), "{}", String::from_utf8_lossy(&raised.stderr));
    let id = serde_json::from_slice::<serde_json::Value>(&raised.stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let five: [&[&str]; 5] =
        [&["review", "--due"], &["list"], &["show", &id], &["stats"], &["review", "--due", "--json"]];
    let probe = out(&["unlock", "--for", "15m"], true);
    if !probe.status.success() {
        println!(
            "the kernel keyring is not available here, so nothing was measured: {}",
            String::from_utf8_lossy(&probe.stderr).trim()
        );
        return;
    }
    assert!(out(&["lock"], false).status.success());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (mut with, mut unlocked, mut session, mut ratio) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let a: f64 = five.iter().map(|args| ms(run(&mut tool(&bin, dir, args, true)).0)).sum();
        let u = ms(run(&mut tool(&bin, dir, &["unlock", "--for", "15m"], true)).0);
        let b: f64 = five.iter().map(|args| ms(run(&mut tool(&bin, dir, args, false)).0)).sum();
        run(&mut tool(&bin, dir, &["lock"], false));
        with.push(a);
        unlocked.push(b);
        session.push(u + b);
        ratio.push((u + b) / a);
    }
    println!("five commands in a row on a small store, {runs} paired rounds:");
    println!("| five commands | median | minimum |");
    println!("|---|---|---|");
    for (name, v) in [
        ("each with the passphrase", &with),
        ("`unlock`, then the five unlocked", &session),
        ("the five alone, unlocked", &unlocked),
    ] {
        let (m, min) = stats(v);
        println!("| {name} | {m:.0} ms | {min:.0} ms |");
    }
    let (m, min) = stats(&ratio);
    println!("ratio session/passphrase, pair by pair: median {m:.2}, minimum {min:.2}");
}

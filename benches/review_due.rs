//! Benchmark: `review --due` on a large store (issues 4 and 18), measured as users run it.
//!
//! A seeded generator (`common::build`) makes a store of 100,000 concerns (or
//! `SAFEGUARD_BENCH_CONCERNS`) with 10 signed, hash-chained journal entries and 5 duties each;
//! `safeguard verify` accepts it whole. Then, each in a new process and in turn (base, floor,
//! JSON, text, all, base, ...), with SQLCipher's real key derivation on every open:
//!   base = a process that opens the store and runs one indexed query (this benchmark's own
//!          binary, run again with `SAFEGUARD_BENCH_BASE`), printing one number;
//!   floor = the same binary with `SAFEGUARD_BENCH_SCAN`: open, and step through every due row
//!          by the query `review --due` runs, writing only their count (no target: it shows
//!          what reading the rows costs before any output is made);
//!   json = the release binary's `safeguard review --due --json`, end to end (every item);
//!   text = the release binary's `safeguard review --due`, end to end (the morning screen: the
//!          200 most urgent and a count of the rest);
//!   all = `safeguard review --due --all`, the screen with every row.
//! Each run's ratio to the base run beside it is taken pair by pair; the verdict uses the
//! median of those ratios: at most 1.25 at 100,000 concerns, 1.5 at 1,000,000. Peak memory is
//! each child's own maximum resident set (`wait4`); the target at 1,000,000 is under 64 MiB.
//!
//! Run: `cargo build --release && cargo bench --bench review_due` (`SAFEGUARD_BENCH_CONCERNS=N`,
//! `SAFEGUARD_BENCH_RUNS=N`, default 9). The store is built once under target/bench-data and
//! reused.

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::{DateTime, Utc};
use safeguard::store::Store;

#[path = "common/mod.rs"]
mod common;
#[path = "common/measure.rs"]
mod measure;
use common::{PASS, build, secret};
use measure::{run, stats};

const NOW: &str = "2026-11-23T10:00:00Z";

/// One run of `cmd` in a new process, its output thrown away: wall time and peak RSS (KiB).
/// The base process: open the store and run one indexed query (the count of open progress
/// reviews), as cheap as any command that reads the store can be.
fn base(path: &Path) {
    let s = Store::open(path, &secret()).unwrap();
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM duties INDEXED BY duties_open_kind WHERE status = 'open' AND kind = 'dp-review'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    println!("{n}");
}

/// The floor: open the store and step through the rows `review --due` reads (the same query
/// on the same covering index, every column read), writing nothing but their count. No command
/// that lists every due row can take less; its ratio to the base shows how much of a verdict is
/// SQLCipher reading and decrypting those pages rather than this tool's work.
fn scan(path: &Path) {
    let s = Store::open(path, &secret()).unwrap();
    let mut st = s
        .conn()
        .prepare(
            "SELECT id, concern_id, kind, title, owner, due_at FROM duties INDEXED BY duties_due_screen
             WHERE status = 'open' AND due_at IS NOT NULL AND due_at <= ?1
             ORDER BY due_at, concern_id, id",
        )
        .unwrap();
    let mut rows = st.query([NOW]).unwrap();
    let (mut n, mut bytes) = (0u64, 0usize);
    while let Some(r) = rows.next().unwrap() {
        n += 1;
        bytes += (1..6).map(|i| r.get_ref(i).unwrap().as_str().unwrap().len()).sum::<usize>();
    }
    println!("{n} {bytes}");
}

fn main() {
    if let Some(path) = std::env::var_os("SAFEGUARD_BENCH_BASE") {
        return base(Path::new(&path));
    }
    if let Some(path) = std::env::var_os("SAFEGUARD_BENCH_SCAN") {
        return scan(Path::new(&path));
    }
    let concerns: usize =
        std::env::var("SAFEGUARD_BENCH_CONCERNS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let runs: usize = std::env::var("SAFEGUARD_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(9);
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("due-{concerns}.db"));
    if !path.exists() {
        build(&path, concerns, now);
        // A child's peak memory (`ru_maxrss`) starts from its parent's at the fork: measure from
        // a new process, not from this one, which has just held a store's worth of pages.
        let again = Command::new(std::env::current_exe().unwrap())
            .args(std::env::args_os().skip(1))
            .status()
            .unwrap();
        std::process::exit(again.code().unwrap_or(1));
    }
    let bin = root.join("target/release/safeguard");
    assert!(bin.exists(), "build the release binary first: cargo build --release");
    let home = tempfile::tempdir().unwrap();
    let tool = |args: &[&str]| {
        let mut c = Command::new(&bin);
        c.arg("--db").arg(&path).args(args);
        c.env("SAFEGUARD_PASSPHRASE", PASS)
            .env("SAFEGUARD_NOW", NOW)
            .env("HOME", home.path())
            .env("NO_COLOR", "1");
        c
    };
    let me = std::env::current_exe().unwrap();
    let mut base_cmd = Command::new(&me);
    base_cmd.env("SAFEGUARD_BENCH_BASE", &path);
    let mut scan_cmd = Command::new(&me);
    scan_cmd.env("SAFEGUARD_BENCH_SCAN", &path);
    // The tool's three ways of listing: the JSON (every item), the screen (the 200 most urgent
    // and a count of the rest) and the screen with `--all` (every item).
    let ways: [(&str, &str, &[&str]); 3] = [
        ("json", "`safeguard review --due --json`", &["review", "--due", "--json"]),
        ("text", "`safeguard review --due` (text: 200 rows and a count)", &["review", "--due"]),
        ("all", "`safeguard review --due --all` (text, every row)", &["review", "--due", "--all"]),
    ];
    let (mut b, mut f, mut rf, mut peak_b, mut peak_f) = (vec![], vec![], vec![], 0, 0);
    let mut times = vec![vec![]; ways.len()];
    let mut ratios = vec![vec![]; ways.len()];
    let mut peaks = vec![0; ways.len()];
    // One warm-up of each, not counted (the page cache holds the file afterwards, as it does
    // for a store used every morning).
    run(&mut base_cmd);
    run(&mut scan_cmd);
    for (_, _, args) in &ways {
        run(&mut tool(args));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for _ in 0..runs {
        let (tb, mb) = run(&mut base_cmd);
        let (tf, mf) = run(&mut scan_cmd);
        b.push(ms(tb));
        f.push(ms(tf));
        rf.push(ms(tf) / ms(tb));
        (peak_b, peak_f) = (peak_b.max(mb), peak_f.max(mf));
        for (i, (_, _, args)) in ways.iter().enumerate() {
            let (t, m) = run(&mut tool(args));
            times[i].push(ms(t));
            ratios[i].push(ms(t) / ms(tb));
            peaks[i] = peaks[i].max(m);
        }
    }
    let listed = {
        let out = tool(&["review", "--due", "--json"]).output().unwrap();
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap().len()
    };
    println!(
        "store: {} ({} concerns, {:.1} MiB); {listed} items due at {NOW}",
        path.display(),
        concerns,
        std::fs::metadata(&path).unwrap().len() as f64 / 1048576.0
    );
    println!("| new process, {runs} paired runs | median | minimum | peak RSS |");
    println!("|---|---|---|---|");
    let mib = |k: i64| k as f64 / 1024.0;
    let row = |name: &str, v: &[f64], peak: i64| {
        let (m, min) = stats(v);
        println!("| {name} | {m:.1} ms | {min:.1} ms | {:.1} MiB |", mib(peak));
    };
    row("base: open + one indexed query", &b, peak_b);
    row("floor: open + the due rows stepped, nothing written", &f, peak_f);
    for (i, (_, title, _)) in ways.iter().enumerate() {
        row(title, &times[i], peaks[i]);
    }
    let (m, min) = stats(&rf);
    println!(
        "ratio floor/base, pair by pair: median {m:.2}, minimum {min:.2} (no target: what reading the rows costs)"
    );
    let target = if concerns >= 1_000_000 { 1.5 } else { 1.25 };
    for (i, (name, _, _)) in ways.iter().enumerate() {
        let (m, min) = stats(&ratios[i]);
        let ok = m <= target && (concerns < 1_000_000 || mib(peaks[i]) < 64.0);
        println!(
            "ratio {name}/base, pair by pair: median {m:.2}, minimum {min:.2} (target <= {target}{}): {}",
            if concerns >= 1_000_000 { ", peak < 64 MiB" } else { "" },
            if ok { "PASS" } else { "FAIL" }
        );
    }
}

//! Benchmark: exporting 10,000 concerns (issues 5 and 18). Targets: JSON >= 5,000 concerns/s,
//! PDF >= 400 concerns/s on two cores, peak memory < 200 MB. Each export is a new process of the
//! release binary; the formats take turns for SAFEGUARD_BENCH_RUNS rounds (default 3), and the
//! median and minimum rate of each are reported, with each child's own peak memory.
//!
//! One concern is raised through the real binary; its record is then written 10,000 times
//! (different initials, same answers) through `Store::create_concern`, the path `raise` uses.
//! The release binary then exports everything as JSON, and as PDF, and the benchmark reports
//! throughput and the child's peak resident memory (getrusage).
//!
//! Run: `cargo build --release && cargo bench --bench export` (SAFEGUARD_BENCH_CONCERNS=N).
//!
//! Each run writes into a fresh directory and deletes it only after measuring: on ext4, files
//! created within about five minutes of deleting thousands of others are slow to create (the
//! allocator skips recently freed inodes; see docs/performance.md), which would measure the
//! clean-up of the previous run rather than the export. Leave a few minutes between runs.

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

#[path = "common/measure.rs"]
mod measure;
use measure::{run, stats};

use safeguard::secret::Secret;
use safeguard::store::Store;
use safeguard::store::records::NewConcern;
use zeroize::Zeroizing;

const PASS: &str = "benchmark passphrase";
const NOW: &str = "2026-11-23T10:00:00Z";

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/safeguard")
}

fn tool(args: &[&str], db: &std::path::Path) -> Command {
    assert!(bin().exists(), "build the release binary first: cargo build --release");
    let mut c = Command::new(bin());
    c.args(["--db", db.to_str().unwrap()])
        .args(args)
        .env("SAFEGUARD_PASSPHRASE", PASS)
        .env("SAFEGUARD_NOW", NOW)
        .env("NO_COLOR", "1");
    c
}

fn main() {
    let n: usize =
        std::env::var("SAFEGUARD_BENCH_CONCERNS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("export-{n}.db"));
    if !db.exists() {
        let t = Instant::now();
        assert!(tool(&["init"], &db).status().unwrap().success());
        let answers = dir.join("answers.toml");
        std::fs::write(
            &answers,
            "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\n\
             ethnicity = \"White British\"\ndescription = \"Arrives hungry most days; no coat in November; younger sibling says there is no food.\"\n\
             child_words = \"There's never any dinner.\"\nsignificant_harm = \"yes\"\nreporter_name = \"Sam Jones\"\nreporter_role = \"Family worker\"\n",
        )
        .unwrap();
        let out = tool(&["raise", "--answers", answers.to_str().unwrap(), "--json"], &db).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut store = Store::open(&db, &Secret::new(Zeroizing::new(PASS.to_owned())).unwrap()).unwrap();
        let body: serde_json::Value =
            serde_json::from_str(store.entries("SG-2026-0001").unwrap()[0].body.text()).unwrap();
        let duties: Vec<safeguard::domain::duty::Planned> =
            serde_json::from_value(body["duties"].clone()).unwrap();
        for i in 1..n {
            let mut b = body.clone();
            b["subject"]["initials"] = serde_json::json!(format!("X{i}"));
            let c = NewConcern {
                about: "child".into(),
                raised_at: NOW.parse().unwrap(),
                recorded_at: NOW.parse().unwrap(),
                recommendation: "child-protection-referral".into(),
                anonymous: false,
                summary: b["subject"].clone(),
                policy_id: "safeguard-default".into(),
                policy_version: "bench".into(),
                policy_hash: "bench".into(),
                signer: Some(safeguard::domain::signed::Signer {
                    name: "Sam Jones".into(),
                    role: "reporter".into(),
                    key: safeguard::domain::signed::SecretKey::from_seed(&[7; 32]),
                }),
                body: b,
                duties: duties.clone(),
            };
            store.create_concern(&c, None).unwrap();
        }
        println!("built {n} concerns in {:.1?}", t.elapsed());
    }
    let runs: usize = std::env::var("SAFEGUARD_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    // Exports are never written beside the store, so they go to a sibling directory. Every
    // run writes a new directory, and they are all deleted only at the end: on ext4, files
    // created soon after thousands were deleted are slow to create (see the top).
    let run_dir = dir.with_file_name("bench-exports").join(format!("run-{}", std::process::id()));
    let formats = [("json", 5000.0), ("csv", 5000.0), ("pdf", 400.0)];
    let mut rates: Vec<Vec<f64>> = vec![vec![]; formats.len()];
    let mut peaks = vec![0i64; formats.len()];
    // The formats in turn, round after round, so a slower moment of the machine falls on all.
    for round in 0..runs {
        for (f, (format, _)) in formats.iter().enumerate() {
            let out_dir = run_dir.join(format!("{format}-{round}"));
            // Whatever the build or an earlier run left unwritten is put on disk first: `sync`
            // flushes every filesystem, and that work is not the export's.
            // SAFETY: sync takes no arguments and cannot fail.
            unsafe { libc::sync() };
            let mut cmd =
                tool(&["export", "--all", "--format", format, "--out", out_dir.to_str().unwrap()], &db);
            let (took, peak) = run(&mut cmd);
            rates[f].push(n as f64 / took.as_secs_f64());
            peaks[f] = peaks[f].max(peak);
        }
    }
    println!(
        "| format ({n} concerns, release binary, new process, {runs} runs) | median | minimum | peak RSS |"
    );
    println!("|---|---|---|---|");
    for (f, (format, target)) in formats.iter().enumerate() {
        let (median, min) = stats(&rates[f]);
        println!(
            "| {format} | {median:.0} concerns/s (target >= {target:.0}: {}) | {min:.0} concerns/s | {:.1} MiB (target < 200) |",
            if median >= *target { "PASS" } else { "FAIL" },
            peaks[f] as f64 / 1024.0
        );
    }
    let _ = std::fs::remove_dir_all(&run_dir);
}

//! Benchmark: exporting 10,000 concerns (issue 5). Targets: JSON >= 5,000 concerns/s, PDF
//! >= 200 concerns/s, peak memory < 200 MB.
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

use safeguard::secret::Secret;
use safeguard::store::Store;
use safeguard::store::records::NewConcern;
use zeroize::Zeroizing;

const PASS: &str = "benchmark passphrase";
const NOW: &str = "2026-11-23T10:00:00Z";

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/safeguard")
}

fn run(args: &[&str], db: &std::path::Path) -> std::process::Output {
    Command::new(bin())
        .args(["--db", db.to_str().unwrap()])
        .args(args)
        .env("SAFEGUARD_PASSPHRASE", PASS)
        .env("SAFEGUARD_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the release binary (cargo build --release first)")
}

/// Peak resident memory of finished children so far, in MiB.
fn children_peak_mib() -> f64 {
    // SAFETY: getrusage only writes the struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    ru.ru_maxrss as f64 / 1024.0
}

fn main() {
    let n: usize =
        std::env::var("SAFEGUARD_BENCH_CONCERNS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("export-{n}.db"));
    if !db.exists() {
        let t = Instant::now();
        assert!(run(&["init"], &db).status.success());
        let answers = dir.join("answers.toml");
        std::fs::write(
            &answers,
            "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\n\
             ethnicity = \"White British\"\ndescription = \"Arrives hungry most days; no coat in November; younger sibling says there is no food.\"\n\
             child_words = \"There's never any dinner.\"\nsignificant_harm = \"yes\"\nreporter_name = \"Sam Jones\"\nreporter_role = \"Family worker\"\n",
        )
        .unwrap();
        let out = run(&["raise", "--answers", answers.to_str().unwrap(), "--json"], &db);
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
    let mut rows = vec![];
    // Exports are never written beside the store, so they go to a sibling directory.
    let run_dir = dir.with_file_name("bench-exports").join(format!("run-{}", std::process::id()));
    for (format, target) in [("json", 5000.0), ("csv", 5000.0), ("pdf", 200.0)] {
        let out_dir = run_dir.join(format!("export-{format}"));
        let _ = std::fs::remove_dir_all(&out_dir);
        // Whatever the build or an earlier run left unwritten is put on disk first: `syncfs`
        // flushes the whole filesystem, and that work is not the export's.
        // SAFETY: sync takes no arguments and cannot fail.
        unsafe { libc::sync() };
        let before = children_peak_mib();
        let t = Instant::now();
        let out = run(&["export", "--all", "--format", format, "--out", out_dir.to_str().unwrap()], &db);
        let secs = t.elapsed().as_secs_f64();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let peak = children_peak_mib().max(before);
        let rate = n as f64 / secs;
        rows.push(format!(
            "| {format} | {secs:.2} s | {rate:.0} concerns/s (target >= {target:.0}: {}) | {peak:.0} MiB (max so far; target < 200) |",
            if rate >= target { "PASS" } else { "FAIL" }
        ));
    }
    println!("| format ({n} concerns, release binary, end to end) | time | throughput | peak RSS |");
    println!("|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    let _ = std::fs::remove_dir_all(&run_dir);
}

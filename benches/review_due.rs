//! Benchmark: `review --due` on a large store (issue 4).
//!
//! A seeded generator builds a store of 100,000 concerns and 1,000,000 hash-chained journal
//! entries (10 a concern) with 500,000 duties, through the same append path the tool uses.
//! Then it times, with SQLCipher's real key derivation on every open:
//!   base = open the store + one indexed query (count of open duties due by now);
//!   due  = open the store + everything `review --due` reads (due duties, concerns with no
//!          review date, frozen concerns);
//! and the real binary `safeguard review --due --json` end to end. Target: due <= 1.25 x base.
//!
//! Run: `cargo bench --bench review_due` (SAFEGUARD_BENCH_CONCERNS=N for a smaller store).
//! The store is built once under target/bench-data and reused.

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use safeguard::store::Store;

#[path = "common/mod.rs"]
mod common;
use common::{PASS, build, secret};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let concerns: usize =
        std::env::var("SAFEGUARD_BENCH_CONCERNS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("due-{concerns}.db"));
    if !path.exists() {
        build(&path, concerns, now);
    }
    let runs = 7;
    let policy = safeguard::policy::Policy::default_policy();
    let abouts = policy.about_values(&[safeguard::policy::Kind::Child, safeguard::policy::Kind::Adult]);
    let reviews = policy.bindings.duties.reviews.clone();
    let base = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let s = Store::open(&path, &secret()).unwrap();
                let n: i64 = s
                    .conn()
                    .query_row(
                        "SELECT count(*) FROM duties INDEXED BY duties_open_kind WHERE status = 'open' AND kind = 'dp-review'",
                        [],
                        |r| r.get(0),
                    )
                    .unwrap();
                std::hint::black_box(n);
                t.elapsed()
            })
            .collect(),
    );
    let mut listed = 0;
    let due = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let s = Store::open(&path, &secret()).unwrap();
                let d = s.due_duties(now).unwrap();
                let u = s.concerns_without_review(&abouts, &reviews).unwrap();
                let f = s.concern_ids_with_status(safeguard::domain::record::ConcernStatus::Frozen).unwrap();
                listed = d.len();
                std::hint::black_box((d, u, f));
                t.elapsed()
            })
            .collect(),
    );
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/safeguard");
    let binary = bin.exists().then(|| {
        median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    let out = std::process::Command::new(&bin)
                        .args(["--db", path.to_str().unwrap(), "review", "--due", "--json"])
                        .env("SAFEGUARD_PASSPHRASE", PASS)
                        .env("SAFEGUARD_NOW", "2026-11-23T10:00:00Z")
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                    t.elapsed()
                })
                .collect(),
        )
    });
    println!(
        "store: {} ({} concerns, {:.1} MiB)",
        path.display(),
        concerns,
        std::fs::metadata(&path).unwrap().len() as f64 / 1048576.0
    );
    println!("| measure (median of {runs}) | time |");
    println!("|---|---|");
    println!("| open + one indexed query (base) | {:.1?} |", base);
    println!("| open + review --due queries ({listed} due duties) | {:.1?} |", due);
    if let Some(b) = binary {
        println!("| `safeguard review --due --json` (release binary, end to end) | {:.1?} |", b);
    }
    let ratio = due.as_secs_f64() / base.as_secs_f64();
    println!("ratio due/base = {ratio:.2} (target <= 1.25): {}", if ratio <= 1.25 { "PASS" } else { "FAIL" });
}

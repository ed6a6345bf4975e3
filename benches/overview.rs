//! Benchmark overview (issue 7): what each part costs, and what encryption costs.
//!
//! Prints one table: opening a store (the key derivation), `raise --answers` end to end,
//! `review --due` at 1,000, 10,000 and 100,000 concerns (the library's reads, and the release
//! binary end to end), and the same reads on a plaintext copy of each store made with
//! SQLCipher's own `sqlcipher_export` (the cost of encryption as a ratio).
//!
//! Run: `cargo build --release && cargo bench --bench overview`. Stores are built once under
//! target/bench-data (the 100,000-concern one takes about four minutes) and reused.

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use safeguard::store::Store;

#[path = "common/mod.rs"]
mod common;
use common::{PASS, build, secret};

const NOW: &str = "2026-11-23T10:00:00Z";
const DUE: &str = "SELECT id, concern_id, kind, title, owner, due_at FROM duties INDEXED BY duties_due_screen
     WHERE status = 'open' AND due_at IS NOT NULL AND due_at <= ?1 ORDER BY due_at, concern_id, id";
const UNREVIEWED: &str = "SELECT c.id FROM concerns c INDEXED BY concerns_open_kind
     WHERE c.status = 'open' AND c.about IN ('child', 'unborn', 'adult')
       AND c.id NOT IN (SELECT d.concern_id FROM duties d INDEXED BY duties_open_kind
                        WHERE d.status = 'open' AND d.kind IN ('dp-review', 'dp-review-adult'))";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/safeguard")
}

fn binary(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("SAFEGUARD_PASSPHRASE", PASS)
        .env("SAFEGUARD_NOW", NOW)
        .output()
        .expect("run the release binary (cargo build --release first)")
}

/// The reads `review --due` makes, on any connection.
fn due_reads(c: &Connection) -> usize {
    let mut st = c.prepare_cached(DUE).unwrap();
    let n = st.query_map([NOW], |r| r.get::<_, i64>(0)).unwrap().count();
    let mut st = c.prepare_cached(UNREVIEWED).unwrap();
    n + st.query_map([], |r| r.get::<_, String>(0)).unwrap().count()
}

/// A plaintext copy of an encrypted store, by SQLCipher's documented route.
fn plaintext_copy(enc: &Path) -> PathBuf {
    let plain = enc.with_extension("plain.db");
    if !plain.exists() {
        // Stores are opened without SQLITE_OPEN_CREATE, so the attached file must exist.
        std::fs::File::create(&plain).unwrap();
        let s = Store::open(enc, &secret()).unwrap();
        s.conn().execute("ATTACH DATABASE ?1 AS plaintext KEY ''", [plain.to_str().unwrap()]).unwrap();
        s.conn().query_row("SELECT sqlcipher_export('plaintext')", [], |_| Ok(())).unwrap();
        s.conn().execute_batch("DETACH DATABASE plaintext").unwrap();
    }
    plain
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let runs = 7;
    let mut rows: Vec<String> = vec![];

    // raise --answers, end to end, on a fresh small store.
    let small = dir.join("overview-raise.db");
    let _ = std::fs::remove_file(&small);
    assert!(binary(&small, &["init"]).status.success());
    let answers = dir.join("overview-answers.toml");
    std::fs::write(
        &answers,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\n\
         description = \"Hungry most days.\"\nsignificant_harm = \"yes\"\nreporter_name = \"R\"\nreporter_role = \"W\"\n",
    )
    .unwrap();
    let raise = time(runs, || {
        assert!(binary(&small, &["raise", "--answers", answers.to_str().unwrap()]).status.success())
    });
    let open_only = time(runs, || Store::open(&small, &secret()).unwrap());
    rows.push(format!("| open a store (key derivation + first read) | {open_only:.1?} | | |"));
    rows.push(format!("| `raise --answers`, release binary end to end | {raise:.1?} | | |"));

    for n in [1_000usize, 10_000, 100_000] {
        let db = dir.join(format!("due-{n}.db"));
        if !db.exists() {
            build(&db, n, now);
        }
        // Opening once brings an older store to the current schema before anything is timed.
        drop(Store::open(&db, &secret()).unwrap());
        let plain = plaintext_copy(&db);
        let store = Store::open(&db, &secret()).unwrap();
        let enc_reads = time(runs, || due_reads(store.conn()));
        let pc = Connection::open(&plain).unwrap();
        let plain_reads = time(runs, || due_reads(&pc));
        let end_to_end = time(runs, || assert!(binary(&db, &["review", "--due", "--json"]).status.success()));
        rows.push(format!(
            "| `review --due` at {n} concerns: reads (encrypted / plaintext), binary end to end | {enc_reads:.1?} / {plain_reads:.1?} | {:.2}x | {end_to_end:.1?} |",
            enc_reads.as_secs_f64() / plain_reads.as_secs_f64().max(1e-9)
        ));
    }
    println!("| measure (median of {runs}) | time | encrypted / plaintext | end to end |");
    println!("|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    println!("Export throughput: cargo bench --bench export.");
}

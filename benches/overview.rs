//! Benchmark overview (issues 7 and 18): what each part costs, and what encryption costs, each
//! measured in a new process as users run the tool.
//!
//! Prints one table: `raise --answers` end to end; then, at 1,000, 10,000 and 100,000 concerns,
//! the reads `review --due` makes and a read of the whole journal, each done by a new process
//! (this benchmark's own binary run again) in three ways, in turn and paired:
//!   plaintext  = on a plaintext copy of the store made with SQLCipher's own `sqlcipher_export`;
//!   key        = on the store, opened with its derived key (no key derivation: what an
//!                `unlock`ed session pays);
//!   passphrase = on the store, opened with the passphrase (what every command pays);
//! and `review --due --json`, the release binary end to end. The ratios to plaintext are taken
//! pair by pair (median): the cost of encryption per process.
//!
//! Run: `cargo build --release && cargo bench --bench overview`. Stores are built once under
//! target/bench-data and reused.

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use safeguard::store::Store;

#[path = "common/mod.rs"]
mod common;
use common::{PASS, build, secret};
#[path = "common/measure.rs"]
mod measure;
use measure::{run, stats};

const NOW: &str = "2026-11-23T10:00:00Z";
const DUE: &str = "SELECT id, concern_id, kind, title, owner, due_at FROM duties INDEXED BY duties_due_screen
     WHERE status = 'open' AND due_at IS NOT NULL AND due_at <= ?1 ORDER BY due_at, concern_id, id";
const UNREVIEWED: &str = "SELECT c.id FROM concerns c INDEXED BY concerns_open_kind
     WHERE c.status = 'open' AND c.about IN ('child', 'unborn', 'adult')
       AND c.id NOT IN (SELECT d.concern_id FROM duties d INDEXED BY duties_open_kind
                        WHERE d.status = 'open' AND d.kind IN ('dp-review', 'dp-review-adult'))";

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/safeguard")
}

fn binary_cmd(db: &Path, args: &[&str], home: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("--db")
        .arg(db)
        .args(args)
        .env("SAFEGUARD_PASSPHRASE", PASS)
        .env("SAFEGUARD_NOW", NOW)
        .env("HOME", home)
        .env("NO_COLOR", "1");
    c
}

fn binary(db: &Path, args: &[&str], home: &Path) -> std::process::Output {
    binary_cmd(db, args, home).output().expect("run the release binary (cargo build --release first)")
}

/// The reads `review --due` makes, on any connection.
fn due_reads(c: &Connection) -> usize {
    let mut st = c.prepare_cached(DUE).unwrap();
    let n = st.query_map([NOW], |r| r.get::<_, i64>(0)).unwrap().count();
    let mut st = c.prepare_cached(UNREVIEWED).unwrap();
    n + st.query_map([], |r| r.get::<_, String>(0)).unwrap().count()
}

/// Every journal entry's body read: a whole-table read.
fn journal_read(c: &Connection) -> usize {
    c.query_row("SELECT count(*), sum(length(body)) FROM entries", [], |r| r.get::<_, i64>(1)).unwrap()
        as usize
}

/// The child process: `SAFEGUARD_BENCH_CHILD` is `how read path` (how: plaintext, key or
/// passphrase; read: due or journal); the derived key, for `key`, is in `SAFEGUARD_BENCH_KEY`.
fn child(spec: &str) {
    let mut parts = spec.splitn(3, ' ');
    let (how, read, path) = (parts.next().unwrap(), parts.next().unwrap(), Path::new(parts.next().unwrap()));
    let read = |c: &Connection| if read == "due" { due_reads(c) } else { journal_read(c) };
    let n = match how {
        "plaintext" => read(&Connection::open(path).unwrap()),
        "key" => {
            let hex = std::env::var("SAFEGUARD_BENCH_KEY").unwrap();
            let mut key = [0u8; 32];
            for (i, b) in key.iter_mut().enumerate() {
                *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
            }
            read(Store::open(path, &safeguard::secret::Secret::raw_key(&key)).unwrap().conn())
        }
        _ => read(Store::open(path, &secret()).unwrap().conn()),
    };
    println!("{n}");
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
    if let Ok(spec) = std::env::var("SAFEGUARD_BENCH_CHILD") {
        return child(&spec);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let home = tempfile::tempdir().unwrap();
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let runs: usize = std::env::var("SAFEGUARD_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(7);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut rows: Vec<String> = vec![];

    // raise --answers, end to end, on a fresh small store.
    let small = dir.join("overview-raise.db");
    let _ = std::fs::remove_file(&small);
    assert!(binary(&small, &["init"], home.path()).status.success());
    let answers = dir.join("overview-answers.toml");
    std::fs::write(
        &answers,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\n\
         description = \"Hungry most days.\"\nsignificant_harm = \"yes\"\nreporter_name = \"R\"\nreporter_role = \"W\"\n",
    )
    .unwrap();
    let raises: Vec<f64> = (0..runs)
        .map(|_| {
            ms(run(&mut binary_cmd(&small, &["raise", "--answers", answers.to_str().unwrap()], home.path()))
                .0)
        })
        .collect();
    let (m, min) = stats(&raises);
    rows.push(format!("| `raise --answers`, release binary end to end | {m:.1} ms ({min:.1}) | | | | |"));

    let me = std::env::current_exe().unwrap();
    for n in [1_000usize, 10_000, 100_000] {
        let db = dir.join(format!("due-{n}.db"));
        if !db.exists() {
            build(&db, n, now);
        }
        // Opening once brings an older store to the current schema before anything is timed.
        drop(Store::open(&db, &secret()).unwrap());
        let plain = plaintext_copy(&db);
        let key = safeguard::keyring::derive(&db, &secret(), safeguard::store::DEFAULT_KDF_ITER).unwrap();
        let key_hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        for (read, what) in [("due", "`review --due`'s reads"), ("journal", "the whole journal read")] {
            let cmd = |how: &str, path: &Path| {
                let mut c = Command::new(&me);
                c.env("SAFEGUARD_BENCH_CHILD", format!("{how} {read} {}", path.display()));
                if how == "key" {
                    c.env("SAFEGUARD_BENCH_KEY", &key_hex);
                }
                c
            };
            let (mut p, mut k, mut f, mut rk, mut rf) = (vec![], vec![], vec![], vec![], vec![]);
            // One of each first, not counted: the page cache holds the files afterwards.
            for how in ["plaintext", "key", "passphrase"] {
                run(&mut cmd(how, if how == "plaintext" { &plain } else { &db }));
            }
            for _ in 0..runs {
                let tp = ms(run(&mut cmd("plaintext", &plain)).0);
                let tk = ms(run(&mut cmd("key", &db)).0);
                let tf = ms(run(&mut cmd("passphrase", &db)).0);
                p.push(tp);
                k.push(tk);
                f.push(tf);
                rk.push(tk / tp);
                rf.push(tf / tp);
            }
            let med = |v: &[f64]| stats(v).0;
            rows.push(format!(
                "| {what} at {n} concerns, a new process | {:.1} ms | {:.1} ms | {:.1} ms | {:.2}x | {:.2}x |",
                med(&p),
                med(&k),
                med(&f),
                med(&rk),
                med(&rf)
            ));
        }
        let e2e: Vec<f64> = (0..runs)
            .map(|_| ms(run(&mut binary_cmd(&db, &["review", "--due", "--json"], home.path())).0))
            .collect();
        let (m, min) = stats(&e2e);
        rows.push(format!(
            "| `review --due --json` at {n} concerns, release binary end to end | | | {m:.1} ms ({min:.1}) | | |"
        ));
    }
    println!("new process each run, median of {runs} paired runs (minimum in brackets where given):");
    println!(
        "| measure | plaintext copy | key (no derivation) | passphrase | key / plaintext | passphrase / plaintext |"
    );
    println!("|---|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    println!(
        "Export throughput: cargo bench --bench export. review --due at scale: cargo bench --bench review_due."
    );
}

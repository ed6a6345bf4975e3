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

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as D, Utc};
use rusqlite::params;
use safeguard::secret::Secret;
use safeguard::store::Store;
use safeguard::store::records::append;
use serde_json::json;
use zeroize::Zeroizing;

const PASS: &str = "benchmark passphrase";

/// A small, seeded generator (xorshift), so every run builds the same store.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn secret() -> Secret {
    Secret::new(Zeroizing::new(PASS.to_owned())).unwrap()
}

fn build(path: &std::path::Path, concerns: usize, now: DateTime<Utc>) {
    let t = Instant::now();
    let mut store = Store::create(path, &secret()).unwrap();
    let mut rng = Rng(0x5AFE_6A4D);
    let tx = store.conn_mut().transaction().unwrap();
    for i in 0..concerns {
        let year = 2020 + (i * 7 / concerns) as i32;
        let seq = i + 1;
        let id = format!("SG-{year}-{seq:06}");
        let raised = now - D::days(rng.below(2000) as i64 + 1);
        let frozen = rng.below(1000) == 0;
        let open = frozen || rng.below(10) == 0; // one concern in ten is still open
        let status = if frozen {
            "frozen"
        } else if open {
            "open"
        } else {
            "closed"
        };
        let about = ["child", "adult", "provider", "staff", "code-red", "unborn"][rng.below(6) as usize];
        tx.execute(
            "INSERT INTO concerns (id, year, seq, about, status, raised_at, recommendation, outcome, anonymous, summary,
                                   policy_id, policy_version, policy_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'child-protection-referral', NULL, 0, '{}', 'bench', '1', 'x')",
            params![id, year, seq as i64, about, status, safeguard::domain::clock::rfc3339(raised)],
        )
        .unwrap();
        let mut first = 0;
        for e in 0..10 {
            let at = raised + D::hours(e * 6);
            let body = json!({ "event": "note", "note": format!("entry {e} of {id}: seeded text for size") });
            let s =
                append(&tx, &id, if e == 0 { "raised" } else { "event" }, at, at, Some("Bench (DP)"), &body)
                    .unwrap();
            if e == 0 {
                first = s;
            }
        }
        for k in ["report-to-line-manager", "sarf-to-dp", "dp-decision", "countersign", "dp-review"] {
            let due = raised + D::hours(rng.below(24 * 14) as i64);
            let done = !open || rng.below(3) > 0;
            tx.execute(
                "INSERT INTO duties (concern_id, kind, title, owner, due_at, status, basis, opened_by)
                 VALUES (?1, ?2, ?2, 'designated-person', ?3, ?4, '{}', ?5)",
                params![
                    id,
                    k,
                    safeguard::domain::clock::rfc3339(due),
                    if done { "done" } else { "open" },
                    first
                ],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    println!(
        "built {concerns} concerns, {} entries, {} duties in {:.1?}",
        concerns * 10,
        concerns * 5,
        t.elapsed()
    );
}

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
                let u = s.concerns_without_review().unwrap();
                let f = s.concern_ids_with_status("frozen").unwrap();
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

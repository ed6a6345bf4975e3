//! The seeded store generator shared by the benchmarks: 10 hash-chained journal entries and 5
//! duties a concern, one concern in ten open, one in a thousand frozen; written through the
//! tool's own append path. The same seed always builds the same store.

use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Duration as D, Utc};
use rusqlite::params;
use safeguard::secret::Secret;
use safeguard::store::records::append;
use safeguard::store::{Store, StoreClock};
use serde_json::json;
use zeroize::Zeroizing;

pub const PASS: &str = "benchmark passphrase";

pub fn secret() -> Secret {
    Secret::new(Zeroizing::new(PASS.to_owned())).unwrap()
}

/// A small, seeded generator (xorshift), so every run builds the same store.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The benchmark's one signer (every entry is signed, as the tool signs them).
pub fn bench_signer() -> safeguard::domain::signed::Signer {
    safeguard::domain::signed::Signer {
        name: "Bench".into(),
        role: "designated-person".into(),
        key: safeguard::domain::signed::SecretKey::from_seed(&[7; 32]),
    }
}

pub fn build(path: &Path, concerns: usize, now: DateTime<Utc>) {
    let signer = bench_signer();
    let t = Instant::now();
    let mut store = Store::create(path, &secret(), StoreClock::Fixed).unwrap();
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
            let s = append(
                &tx,
                &id,
                if e == 0 { "raised" } else { "event" },
                at,
                at,
                Some(&signer),
                &body,
                &Default::default(),
            )
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

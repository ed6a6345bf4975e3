//! The seeded store generator shared by the benchmarks: 10 hash-chained journal entries and 5
//! duties a concern, one concern in ten open, one in a thousand frozen; written through the
//! tool's own append path. The same seed always builds the same store.

use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration as D, Utc};
use safeguard::secret::Secret;
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

/// Builds a seeded store of `concerns` concerns that `safeguard verify` accepts whole: the
/// benchmark's signer is the roster's first person, and every entry is hashed, chained and
/// signed, and records its effects (the concern it raised, the duties it opened, ended or
/// cancelled), exactly as the tool writes them, so the tables are what the journal implies.
///
/// Each concern has 10 entries and 5 duties: raised, 8 notes (the first five mark the duties
/// done, where done), then a closing (9 concerns in 10, everything done), a freezing (1 in
/// 1,000, the open duties suspended) or a ninth note (still open, each duty open with chance 1/3).
/// Concerns are raised in time order over the 2,000 days before `now`.
///
/// Two stages, so that both cores work: one thread makes each concern and chains and signs its
/// entries (the tool's own [`Chain`]), the other writes them, in order, a commit every 16,384 concerns.
pub fn build(path: &Path, concerns: usize, now: DateTime<Utc>) {
    use safeguard::domain::replay::{Effects, EndedDuty, NewConcernRow, OpenedDuty};
    use safeguard::domain::signed::{AddPerson, ROSTER_ADD};
    use safeguard::store::records::{Chain, ChainedEntry, apply_effects, insert_concern_row};

    let signer = bench_signer();
    let policy = safeguard::policy::Policy::default_policy();
    let t = Instant::now();
    let start = now - D::days(2000);
    let mut store = Store::create(path, &secret(), StoreClock::Fixed).unwrap();
    let person = AddPerson {
        name: signer.name.clone(),
        login: "bench".into(),
        roles: vec![signer.role.clone()],
        key: signer.key.public().text(),
        recipient: None,
        clock: None,
    };
    store
        .record_roster(
            ROSTER_ADD,
            &serde_json::to_value(&person).unwrap(),
            &signer,
            &policy.bindings.roles.roster_keepers,
            start - D::days(1),
        )
        .unwrap();
    store.conn().execute_batch("PRAGMA cache_size = -262144").unwrap();
    // While the rows go in, no journal and no syncs: a write-ahead log writes every page twice
    // (once to the log, once at the checkpoint), and a half-built benchmark store is thrown away,
    // not recovered. The store's own modes come back at the end, so it is opened as users' are.
    let journal: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let _: String = store.conn().query_row("PRAGMA journal_mode = OFF", [], |r| r.get(0)).unwrap();
    store.conn().execute_batch("PRAGMA synchronous = OFF").unwrap();
    // The secondary indexes of the concerns and duties are dropped while the rows go in and
    // made again afterwards from their own SQL (so `verify` finds the schema exactly as the
    // migrations left it): one sort per index at the end costs far less than keeping them in
    // order through five million duties whose status changes. The journal's own indexes are
    // kept: its rows go in in their order (concern by concern, time by time), so keeping them
    // costs little, and making them again means reading the whole journal, nine tenths of the
    // store, once for each (at 1,000,000 concerns the indexes took 425 s of a 2,098 s build
    // under load; at 100,000 keeping them saved 4-5 s of 62 s).
    let indexes: Vec<(String, String)> = {
        let mut st = store
            .conn()
            .prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                 AND tbl_name != 'entries' ORDER BY name",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
    };
    for (name, _) in &indexes {
        store.conn().execute_batch(&format!("DROP INDEX \"{name}\"")).unwrap();
    }
    let mut chain = Chain::head(store.conn()).unwrap();
    type Made = (NewConcernRow, Vec<(ChainedEntry, Effects)>);
    // Each batch comes with the chain's head after it, for the commit that ends with it.
    let (send, receive) = std::sync::mpsc::sync_channel::<(Vec<Made>, Chain)>(64);
    let maker = std::thread::spawn(move || {
        let mut rng = Rng(0x5AFE_6A4D);
        let mut per_year = std::collections::BTreeMap::<i32, i64>::new();
        let mut duty_id = 0i64;
        let stored = safeguard::domain::clock::rfc3339;
        let step = D::days(2000).num_seconds() / concerns.max(1) as i64;
        let mut batch = Vec::with_capacity(256);
        for i in 0..concerns {
            let raised = start + D::seconds(step * i as i64 + rng.below(step.max(1) as u64) as i64);
            let year = raised.with_timezone(&chrono_tz::Europe::London).year();
            let seq = per_year.entry(year).or_default();
            *seq += 1;
            let id = format!("SG-{year}-{:04}", *seq);
            let frozen = rng.below(1000) == 0;
            let open = frozen || rng.below(10) == 0; // one concern in ten is not closed
            let about = ["child", "adult", "provider", "staff", "code-red", "unborn"][rng.below(6) as usize];
            let kinds = ["report-to-line-manager", "sarf-to-dp", "dp-decision", "countersign", "dp-review"];
            let duties: Vec<(OpenedDuty, bool)> = kinds
                .iter()
                .map(|k| {
                    duty_id += 1;
                    let due = raised + D::hours(rng.below(24 * 14) as i64);
                    let duty = OpenedDuty {
                        id: duty_id,
                        kind: (*k).into(),
                        title: (*k).into(),
                        owner: "designated-person".into(),
                        due_at: Some(stored(due)),
                        basis: "{}".into(),
                    };
                    (duty, !open || rng.below(3) > 0)
                })
                .collect();
            let row = NewConcernRow {
                id: id.clone(),
                year: year.into(),
                seq: *seq,
                about: about.into(),
                raised_at: stored(raised),
                recommendation: "child-protection-referral".into(),
                anonymous: false,
                summary: "{}".into(),
                policy_id: policy.id.clone(),
                policy_version: policy.version.clone(),
                policy_hash: policy.hash.clone(),
            };
            let mut entries = Vec::with_capacity(10);
            for e in 0..10 {
                let at = raised + D::hours(e * 6);
                let mut fx = Effects::default();
                let mut kind = if e == 0 { "raised" } else { "event" };
                let mut body =
                    json!({ "event": "note", "note": format!("entry {e} of {id}: seeded text for size") });
                match e {
                    0 => {
                        fx.concern = Some(row.clone());
                        fx.opened = duties.iter().map(|(d, _)| d.clone()).collect();
                        body = json!({ "answers": {}, "note": format!("raised {id}: seeded text for size") });
                    }
                    1..=5 => {
                        let (duty, done) = &duties[e as usize - 1];
                        if *done {
                            fx.ended.push(EndedDuty {
                                id: duty.id,
                                status: "done".into(),
                                done_at: Some(stored(at)),
                            });
                        }
                    }
                    9 if frozen => {
                        kind = "frozen";
                        body = json!({ "reason": "seeded practice review" });
                        fx.status = Some("frozen".into());
                        fx.ended = duties
                            .iter()
                            .filter(|(_, done)| !done)
                            .map(|(d, _)| EndedDuty { id: d.id, status: "suspended".into(), done_at: None })
                            .collect();
                    }
                    9 if !open => {
                        kind = "closed";
                        body = json!({ "reason": "seeded closing" });
                        fx.status = Some("closed".into());
                    }
                    _ => {}
                }
                let entry = chain.next(Some(&id), kind, at, at, Some(&signer), &body, Some(&fx)).unwrap();
                entries.push((entry, fx));
            }
            batch.push((row, entries));
            if batch.len() == batch.capacity() {
                send.send((std::mem::replace(&mut batch, Vec::with_capacity(256)), chain.clone())).unwrap();
            }
        }
        send.send((batch, chain)).unwrap();
    });
    // A commit every 64 batches (16,384 concerns), so that the write-ahead log is checkpointed
    // as it goes rather than growing to the size of the store.
    let mut tx = store.conn_mut().transaction().unwrap();
    for (n, (batch, head)) in receive.into_iter().enumerate() {
        for (row, entries) in batch {
            insert_concern_row(&tx, &row).unwrap();
            for (entry, fx) in entries {
                entry.insert(&tx).unwrap();
                apply_effects(&tx, &row.id, entry.seq, &fx).unwrap();
            }
        }
        head.record_head(&tx).unwrap();
        if n % 64 == 63 {
            tx.commit().unwrap();
            tx = store.conn_mut().transaction().unwrap();
        }
    }
    tx.commit().unwrap();
    maker.join().unwrap();
    let loaded = t.elapsed();
    let tx = store.conn_mut().transaction().unwrap();
    for (_, sql) in &indexes {
        tx.execute_batch(sql).unwrap();
    }
    tx.commit().unwrap();
    let back: String =
        store.conn().query_row(&format!("PRAGMA journal_mode = {journal}"), [], |r| r.get(0)).unwrap();
    assert_eq!(back, journal, "the store's journal mode is restored");
    store.conn().execute_batch("PRAGMA synchronous = FULL").unwrap();
    println!("rows in {loaded:.1?}, {} indexes made again in {:.1?}", indexes.len(), t.elapsed() - loaded);
    println!(
        "built {concerns} concerns, {} entries, {} duties in {:.1?}",
        concerns * 10,
        concerns * 5,
        t.elapsed()
    );
}

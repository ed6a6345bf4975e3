//! `verify`: the journal's hash chain detects edits and removals made outside the tool.

use crate::common::{Env, PASS};
use crate::raise::raise;

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

fn keyed(env: &Env) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(env.store()).unwrap();
    c.pragma_update(None, "key", PASS).unwrap();
    c
}

/// Removes entry `seq` (and the duties it opened) behind the tool's back.
fn delete_entry(env: &Env, seq: i64) {
    let c = keyed(env);
    c.execute("DELETE FROM duties WHERE opened_by = ?1", [seq]).unwrap();
    c.execute("DELETE FROM entries WHERE seq = ?1", [seq]).unwrap();
}

#[test]
fn a_sound_store_verifies() {
    let env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    let run = env.run(&["verify", "--json"]).ok().json();
    assert_eq!(run["ok"], true);
}

#[test]
fn an_edited_entry_is_detected() {
    let env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    keyed(&env)
        .execute("UPDATE entries SET body = replace(body, 'Bruises', 'Nothing') WHERE seq = 2", [])
        .unwrap();
    let run = env.run(&["verify"]).code(7);
    assert!(run.stderr.contains("entry 2") && run.stderr.contains("changed"), "{}", run.stderr);
}

#[test]
fn a_deleted_entry_is_detected() {
    let env = Env::with_store();
    for _ in 0..3 {
        raise(&env, CHILD);
    }
    delete_entry(&env, 2);
    let run = env.run(&["verify"]).code(7);
    assert!(run.stderr.contains("entry 2 is missing"), "{}", run.stderr);
}

#[test]
fn a_dropped_last_entry_is_detected() {
    let env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    delete_entry(&env, 2);
    let run = env.run(&["verify"]).code(7);
    assert!(run.stderr.contains("missing"), "{}", run.stderr);
}

/// SIGKILL during an in-place rekey's checkpoint leaves the store sound but its newest pages (all
/// of them, under the new key) in the WAL, with the main file still under the old key. SQLCipher's
/// page check reads the main file only, so `verify` said "damaged, restore the latest backup";
/// a second run said ok. A false "restore your backup" loses people's records: `verify` checks
/// what the store holds, WAL included.
#[test]
fn verify_checks_the_store_as_read_not_a_main_file_the_wal_supersedes() {
    let mut env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    {
        // The state the kill left: the re-keyed pages committed to the WAL, never checkpointed.
        let c = keyed(&env);
        c.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).unwrap();
        c.execute_batch("PRAGMA wal_autocheckpoint = 0;").unwrap();
        c.pragma_update(None, "rekey", "the new passphrase").unwrap();
    }
    let wal = env.path("data/safeguard/default.db-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the re-keyed pages are not in the WAL");
    env.set("SAFEGUARD_PASSPHRASE", "the new passphrase");
    let run = env.run(&["verify", "--json"]);
    assert_eq!(run.code, 0, "a sound store failed verify: {}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["ok"], true);
    assert_eq!(env.run(&["list", "--json"]).ok().json().as_array().unwrap().len(), 2);
    env.set("SAFEGUARD_PASSPHRASE", PASS);
    env.run(&["list"]).code(3);
}

/// `verify` gives the chain's length and head, so that a tail lost with no trace inside the store
/// (an older copy put back, a WAL whose later frames were dropped) shows against a head recorded
/// earlier; `--expect-head HASH[:LENGTH]` makes that check and fails (7) when the head is gone.
#[test]
fn verify_gives_the_chain_head_and_finds_a_lost_tail_against_it() {
    let env = Env::with_store();
    let first = raise(&env, CHILD);
    raise(&env, CHILD);
    let id = first["id"].as_str().unwrap();
    let hashes: Vec<String> = env.run(&["show", id, "--json"]).ok().json()["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["hash"].as_str().unwrap().to_owned())
        .collect();
    // The roster's first entry and the two raises.
    let two = env.run(&["verify", "--json"]).ok().json();
    assert_eq!(two["length"], 3, "{two}");
    let head2 = two["head"].as_str().unwrap().to_owned();
    assert_eq!(head2.len(), 64);
    assert_ne!(head2, hashes[0], "the head is the latest entry, not the first");
    let text = env.run(&["verify"]).ok().stdout;
    assert!(text.contains(&head2) && text.contains("3 entries"), "{text}");
    // An earlier copy of the store: sound in itself, two entries behind.
    let old = env.path("old.db");
    std::fs::copy(env.store(), &old).unwrap();
    raise(&env, CHILD);
    raise(&env, CHILD);
    let four = env.run(&["verify", "--json"]).ok().json();
    assert_eq!(four["length"], 5);
    let head4 = four["head"].as_str().unwrap().to_owned();
    // The chain extends the recorded head, at its length or with the length left out.
    env.run(&["verify", "--expect-head", &format!("{head2}:3")]).ok();
    env.run(&["verify", "--expect-head", &head2]).ok();
    env.run(&["verify", "--expect-head", &head4]).ok();
    // A wrong length for a hash in the chain is not the same head.
    env.run(&["verify", "--expect-head", &format!("{head2}:4")]).code(7);
    // The old copy verifies on its own, but not against the head recorded after it.
    let o = old.to_str().unwrap();
    env.run(&["--db", o, "verify"]).ok();
    let run = env.run(&["--db", o, "verify", "--expect-head", &format!("{head4}:5")]).code(7);
    assert!(run.stderr.contains("lost") || run.stderr.contains("missing"), "{}", run.stderr);
    let json = env.run(&["--db", o, "verify", "--json", "--expect-head", &head4]).code(7).json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["length"], 3);
    // A malformed head is bad input.
    env.run(&["verify", "--expect-head", "xyz"]).code(2);
    env.run(&["verify", "--expect-head", &format!("{head2}:two")]).code(2);
}

/// The same state, while another connection still reads a snapshot from before the re-keyed
/// pages, so they cannot all be written into the main file: verify cannot check those pages
/// and says busy (5), never "damaged"; once the reader is gone it says ok.
#[test]
fn verify_says_busy_not_damaged_when_a_reader_keeps_the_wal_from_the_file() {
    let mut env = Env::with_store();
    raise(&env, CHILD);
    let reader = keyed(&env);
    reader.execute_batch("BEGIN; SELECT count(*) FROM entries;").unwrap();
    {
        let c = keyed(&env);
        c.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).unwrap();
        c.execute_batch("PRAGMA wal_autocheckpoint = 0;").unwrap();
        c.pragma_update(None, "rekey", "the new passphrase").unwrap();
    }
    env.set("SAFEGUARD_PASSPHRASE", "the new passphrase");
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 5, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("busy") && !run.stderr.contains("damaged"), "{}", run.stderr);
    reader.execute_batch("COMMIT;").unwrap();
    drop(reader);
    env.run(&["verify"]).ok();
}

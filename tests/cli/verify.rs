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
        .execute("UPDATE entries SET body = replace(body, 'Bruises', 'Nothing') WHERE seq = 1", [])
        .unwrap();
    let run = env.run(&["verify"]).code(7);
    assert!(run.stderr.contains("entry 1") && run.stderr.contains("changed"), "{}", run.stderr);
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

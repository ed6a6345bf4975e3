//! `unlock` and `lock`: the designated person's session keeps the store's derived key in the
//! kernel's user keyring, so the next commands need no passphrase (issue 18).
//!
//! Each test's store has its own path, so its session is its own even though every test runs as
//! the same Unix user and so shares one user keyring. Each test locks what it unlocked.

use crate::common::{Env, PASS, write_mode};
use crate::raise::raise;

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"JQ\"\nsubject_age = 7\nprimary_category = \"neglect\"\nsignificant_harm = \"yes\"\ndescription = \"Arrives hungry; no coat.\"\n";

/// Unlocks `env`'s store for `how_long`. Where the kernel's keyring is closed to this process
/// (a container's seccomp filter can block it), `unlock` must say so, and change nothing: that
/// is checked, and None returned so the caller stops.
fn unlock(env: &Env, how_long: &str) -> Option<()> {
    let r = env.run(&["unlock", "--for", how_long]);
    if r.code != 0 && r.stderr.contains("key store is not available here") {
        eprintln!("note: the kernel keyring is not available to this test; unlock refused it clearly");
        return None;
    }
    let r = r.ok();
    assert!(r.stdout.starts_with("Unlocked "), "{}", r.stdout);
    assert!(
        r.stderr.contains("any program you run can open this store"),
        "unlock says what it trades: {}",
        r.stderr
    );
    Some(())
}

#[test]
fn an_unlocked_store_opens_without_the_passphrase_until_lock() {
    let mut env = Env::with_store();
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    if unlock(&env, "5m").is_none() {
        return;
    }
    env.unset("SAFEGUARD_PASSPHRASE");
    // Reading and writing both work on the session's key.
    let list = env.run(&["list", "--json"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    env.run(&["log", &id, "note", "--note", "spoke to the school"]).ok();
    let shown = env.run(&["show", &id, "--json"]).ok().stdout;
    assert!(shown.contains("spoke to the school"));
    let locked = env.run(&["lock", "--json"]).ok().json();
    assert_eq!(locked["locked"], true);
    let r = env.run(&["list"]).code(2);
    assert!(r.stderr.contains("no passphrase given"), "{}", r.stderr);
    // Locking twice is not an error, and says there was nothing to do.
    assert_eq!(env.run(&["lock", "--json"]).ok().json()["locked"], false);
}

#[test]
fn a_wrong_passphrase_unlocks_nothing() {
    let mut env = Env::with_store();
    env.set("SAFEGUARD_PASSPHRASE", "not the passphrase");
    let r = env.run(&["unlock"]);
    if r.stderr.contains("key store is not available here") {
        return;
    }
    assert_eq!(r.code, 3, "wrong passphrase: {}", r.stderr);
    env.unset("SAFEGUARD_PASSPHRASE");
    env.run(&["list"]).code(2);
    assert_eq!(env.run(&["lock", "--json"]).ok().json()["locked"], false);
}

#[test]
fn the_session_ends_when_its_time_is_up() {
    let mut env = Env::with_store();
    if unlock(&env, "1s").is_none() {
        return;
    }
    env.unset("SAFEGUARD_PASSPHRASE");
    // The kernel drops the key once its timeout has passed; 3 s is well past 1 s.
    std::thread::sleep(std::time::Duration::from_secs(3));
    env.run(&["list"]).code(2);
}

#[test]
fn backup_and_rekey_still_need_the_passphrase_and_rekey_ends_the_session() {
    let mut env = Env::with_store();
    raise(&env, CHILD);
    if unlock(&env, "5m").is_none() {
        return;
    }
    let copy = env.path("copy.db");
    // The session's key would key the copy so that the passphrase could never open it.
    env.unset("SAFEGUARD_PASSPHRASE");
    let r = env.run(&["backup", copy.to_str().unwrap()]).code(2);
    env.set("SAFEGUARD_PASSPHRASE", PASS);
    assert!(r.stderr.contains("no passphrase given"), "{}", r.stderr);
    assert!(!copy.exists());
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    // The backup opens with the passphrase itself (it has no session of its own).
    let listed = env.run(&["--db", copy.to_str().unwrap(), "list", "--json"]).ok().json();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let newfile = env.path("new-pass");
    write_mode(&newfile, "a different passphrase entirely", 0o600);
    env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", newfile.to_str().unwrap());
    env.run(&["rekey"]).ok();
    env.unset("SAFEGUARD_NEW_PASSPHRASE_FILE");
    env.unset("SAFEGUARD_PASSPHRASE");
    env.run(&["list"]).code(2);
    assert_eq!(env.run(&["lock", "--json"]).ok().json()["locked"], false);
}

#[test]
fn a_session_that_no_longer_opens_the_store_is_dropped() {
    let mut env = Env::with_store();
    if unlock(&env, "5m").is_none() {
        return;
    }
    // Another store, with another passphrase (and salt), is put in this one's place.
    let mut other = Env::new();
    other.set("SAFEGUARD_PASSPHRASE", "the other store's passphrase");
    other.run(&["init"]).ok();
    raise(&other, CHILD);
    std::fs::copy(other.store(), env.store()).unwrap();
    env.set("SAFEGUARD_PASSPHRASE", "the other store's passphrase");
    let r = env.run(&["list", "--json"]).ok();
    assert_eq!(r.json().as_array().unwrap().len(), 1, "opened with the passphrase, not the stale key");
    assert!(r.stderr.contains("no longer opens this store"), "{}", r.stderr);
    assert_eq!(env.run(&["lock", "--json"]).ok().json()["locked"], false, "the stale session was dropped");
}

#[test]
fn an_unlocked_store_on_the_system_clock_still_refuses_safeguard_now() {
    let mut env = Env::new();
    // Empty: the system clock (as journal.rs does).
    env.set("SAFEGUARD_NOW", "");
    env.run(&["init"]).ok();
    if unlock(&env, "5m").is_none() {
        return;
    }
    env.unset("SAFEGUARD_PASSPHRASE");
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    let r = env.run(&["list"]).code(2);
    assert!(r.stderr.contains("SAFEGUARD_NOW"), "{}", r.stderr);
    env.set("SAFEGUARD_NOW", "");
    env.run(&["list"]).ok();
    assert_eq!(env.run(&["lock", "--json"]).ok().json()["locked"], true);
}

#[test]
fn unlock_refuses_a_session_too_long_or_unreadable() {
    let env = Env::with_store();
    let r = env.run(&["unlock", "--for", "9h"]).code(2);
    assert!(r.stderr.contains("at most 8 hours"), "{}", r.stderr);
    let r = env.run(&["unlock", "--for", "soon"]).code(2);
    assert!(r.stderr.contains("15m, 1h or 1h30m"), "{}", r.stderr);
    assert_eq!(env.run(&["lock", "--json"]).ok().json()["locked"], false);
}

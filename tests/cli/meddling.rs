//! Store attacks a tester found (issue 14, second round), each made with the passphrase through
//! an independent SQLite client (rusqlite with the key), then met through the public interface.

use rusqlite::Connection;

use crate::common::{Env, NAME, PASS};

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

/// A week after the tests' fixed clock.
const WEEK_AHEAD: &str = "2026-11-30T10:00:00Z";

fn keyed(env: &Env) -> Connection {
    let c = Connection::open(env.store()).unwrap();
    c.pragma_update(None, "key", PASS).unwrap();
    c
}

/// A store made with the system clock (`SAFEGUARD_NOW` empty), holding one concern.
fn system_store() -> Env {
    let mut env = Env::new();
    env.set("SAFEGUARD_NOW", "");
    env.run(&["init", "--name", NAME]).ok();
    raise(&env);
    env
}

fn raise(env: &Env) -> crate::common::Run {
    let file = env.path("answers.toml");
    std::fs::write(
        &file,
        format!("reporter_name = \"Sam Jones\"\nreporter_role = \"Support worker\"\n{CHILD}"),
    )
    .unwrap();
    env.run(&["raise", "--answers", file.to_str().unwrap(), "--json"])
}

fn concerns(env: &Env) -> usize {
    let c = keyed(env);
    c.query_row("SELECT count(*) FROM concerns", [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

#[test]
fn the_first_roster_entry_records_the_clock_the_store_was_made_under() {
    let env = system_store();
    let v = env.run(&["verify", "--json"]).ok().json();
    assert_eq!((v["clock"].clone(), v["clock_in_chain"].clone()), ("system".into(), true.into()), "{v}");
    let fixed = Env::with_store();
    let v = fixed.run(&["verify", "--json"]).ok().json();
    assert_eq!((v["clock"].clone(), v["clock_in_chain"].clone()), ("fixed".into(), true.into()), "{v}");
}

#[test]
fn meta_clock_set_to_fixed_is_named_by_verify_and_safeguard_now_is_still_refused() {
    let mut env = system_store();
    keyed(&env).execute("UPDATE meta SET value = 'fixed' WHERE key = 'clock'", []).unwrap();
    let run = env.run(&["verify"]).code(7);
    assert!(
        run.stderr.contains("clock: meta.clock says the store was made with the fixed clock, but its first roster entry records the system clock"),
        "{}",
        run.stderr
    );
    env.set("SAFEGUARD_NOW", WEEK_AHEAD);
    let run = raise(&env).code(2);
    assert!(run.stderr.contains("created with the system clock"), "{}", run.stderr);
    assert_eq!(concerns(&env), 1, "no concern dated a week ahead was written");
}

#[test]
fn meta_clock_deleted_is_named_by_verify_and_safeguard_now_is_refused() {
    let mut env = system_store();
    keyed(&env).execute("DELETE FROM meta WHERE key = 'clock'", []).unwrap();
    let run = env.run(&["verify"]).code(7);
    assert!(
        run.stderr.contains(
            "meta.clock) is missing; its first roster entry records that it was made with the system clock"
        ),
        "{}",
        run.stderr
    );
    env.set("SAFEGUARD_NOW", WEEK_AHEAD);
    let run = raise(&env).code(7);
    assert!(run.stderr.contains("meta.clock) is missing"), "{}", run.stderr);
    assert_eq!(concerns(&env), 1, "no concern dated a week ahead was written");
}

/// A fixed-clock store (tests and demonstrations) says so in its chain too: turning its `meta`
/// into `system` (to pass it off as a real one) is named as well.
#[test]
fn meta_clock_set_to_system_on_a_fixed_store_is_named() {
    let env = Env::with_store();
    keyed(&env).execute("UPDATE meta SET value = 'system' WHERE key = 'clock'", []).unwrap();
    let mut env = env;
    env.set("SAFEGUARD_NOW", "");
    let run = env.run(&["verify"]).code(7);
    assert!(run.stderr.contains("meta.clock says the store was made with the system clock, but its first roster entry records the fixed clock"), "{}", run.stderr);
}

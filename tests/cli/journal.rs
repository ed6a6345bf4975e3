//! The state is derived from the journal (issue 14): each insider attack, made with the
//! passphrase through an independent SQLite client (rusqlite with the key), is named by `verify`
//! (exit 7), or by `verify --expect-head` against a head recorded earlier.

use rusqlite::Connection;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{Env, NAME, PASS};
use crate::raise::raise;

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

fn keyed(env: &Env) -> Connection {
    let c = Connection::open(env.store()).unwrap();
    c.pragma_update(None, "key", PASS).unwrap();
    // An insider's client need not keep the foreign keys.
    c.pragma_update(None, "foreign_keys", false).unwrap();
    c
}

/// An entry's hashed columns: seq, concern (none for the roster), kind, at, recorded_at, signer,
/// body, signer's key.
type Row = (i64, Option<String>, String, String, String, Option<String>, String, Option<String>);

/// What an insider who knows the hashing does after editing entries: every entry's `prev_hash`
/// and `hash` recomputed in order, and `meta` set to the new head and length. (The signatures
/// cannot be made again without their signers' keys: an entry rewritten this way fails its own.)
fn rehash(c: &Connection) {
    let rows: Vec<Row> = c
        .prepare("SELECT seq, concern_id, kind, at, recorded_at, signer, body, signer_key FROM entries ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut prev = "0".repeat(64);
    // Two passes through a temporary hash, as `hash` is UNIQUE.
    c.execute("UPDATE entries SET hash = 'tmp' || seq", []).unwrap();
    for (seq, concern, kind, at, recorded, signer, body, key) in &rows {
        let mut canon = serde_json::json!([prev, seq, concern, kind, at, recorded, signer, body]);
        if let Some(k) = key {
            canon.as_array_mut().unwrap().push(k.as_str().into());
        }
        let hash = hex::encode(Sha256::digest(canon.to_string().as_bytes()));
        c.execute(
            "UPDATE entries SET prev_hash = ?2, hash = ?3 WHERE seq = ?1",
            rusqlite::params![seq, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    c.execute("UPDATE meta SET value = ?1 WHERE key = 'chain_head'", [&prev]).unwrap();
    c.execute("UPDATE meta SET value = ?1 WHERE key = 'chain_length'", [rows.len().to_string()]).unwrap();
}

fn head(env: &Env) -> String {
    let v = env.run(&["verify", "--json"]).ok().json();
    format!("{}:{}", v["head"].as_str().unwrap(), v["length"])
}

#[track_caller]
fn caught(env: &Env, args: &[&str], names: &[&str]) -> String {
    let run = env.run(args).code(7);
    for n in names {
        assert!(run.stderr.contains(n), "{args:?}: {n:?} is not named:\n{}", run.stderr);
    }
    run.stderr
}

fn body(c: &Connection, seq: i64) -> Value {
    serde_json::from_str(
        &c.query_row("SELECT body FROM entries WHERE seq = ?1", [seq], |r| r.get::<_, String>(0)).unwrap(),
    )
    .unwrap()
}

fn set_body(c: &Connection, seq: i64, body: &Value) {
    c.execute("UPDATE entries SET body = ?2 WHERE seq = ?1", rusqlite::params![seq, body.to_string()])
        .unwrap();
}

#[test]
fn a_raised_entry_records_its_concern_and_duties_and_a_fresh_store_verifies() {
    let env = Env::with_store();
    let r = raise(&env, CHILD);
    let c = keyed(&env);
    // Entry 1 is the store's first roster entry (its initialiser); the concern is raised in 2.
    let b = body(&c, 2);
    assert_eq!(b["effects"]["concern"]["id"], "SG-2026-0001", "{b}");
    let duties = b["effects"]["opened"].as_array().unwrap();
    assert_eq!(duties.len(), r["duties"].as_array().unwrap().len());
    assert_eq!(duties[0]["id"], r["duties"][0]["id"]);
    let v = env.run(&["verify", "--json"]).ok().json();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["clock"], "fixed");
    assert_eq!(v["legacy_concerns"], 0);
}

#[test]
fn a_duty_marked_done_behind_the_journal_refuses_the_next_write_on_its_concern() {
    let env = Env::with_store();
    raise(&env, CHILD);
    let duty = raise(&env, CHILD)["duties"][0]["id"].as_i64().unwrap();
    let c = keyed(&env);
    c.execute("UPDATE duties SET status = 'done', done_at = '2026-11-23T11:00:00Z' WHERE id = ?1", [duty])
        .unwrap();
    let entries =
        |c: &Connection| c.query_row("SELECT count(*) FROM entries", [], |r| r.get::<_, i64>(0)).unwrap();
    let before = entries(&c);
    // A write on that concern is refused (exit 7), naming the duty and what to run; nothing is
    // written.
    let e = caught(
        &env,
        &["log", "SG-2026-0002", "phone-referral", "--note", "MASH told."],
        &[
            "SG-2026-0002",
            &format!(
                "duty {duty} of SG-2026-0002: status is \"done\" in the table but \"open\" by the journal"
            ),
            "safeguard verify",
        ],
    );
    assert!(!e.contains("SG-2026-0001"), "{e}");
    assert_eq!(entries(&c), before, "an entry was written");
    // The check is the concern's own: the other concern takes its entry.
    env.run(&["log", "SG-2026-0001", "phone-referral", "--note", "MASH told."]).ok();
    // verify names it too.
    caught(&env, &["verify"], &[&format!("duty {duty} of SG-2026-0002: status is \"done\"")]);
    // Put back, the concern takes writes again.
    c.execute("UPDATE duties SET status = 'open', done_at = NULL WHERE id = ?1", [duty]).unwrap();
    env.run(&["log", "SG-2026-0002", "phone-referral", "--note", "MASH told."]).ok();
    env.run(&["verify"]).ok();
}

#[test]
fn tables_edited_behind_the_journal_are_named_field_by_field() {
    let env = Env::with_store();
    raise(&env, CHILD);
    let duty = raise(&env, CHILD)["duties"][0]["id"].as_i64().unwrap();
    let c = keyed(&env);
    c.execute("UPDATE concerns SET status = 'closed' WHERE id = 'SG-2026-0001'", []).unwrap();
    c.execute("UPDATE duties SET status = 'done', done_at = '2026-11-23T11:00:00Z' WHERE id = ?1", [duty])
        .unwrap();
    let e = caught(
        &env,
        &["verify"],
        &[
            "concern SG-2026-0001: status is \"closed\" in the table but \"open\" by the journal",
            &format!(
                "duty {duty} of SG-2026-0002: status is \"done\" in the table but \"open\" by the journal"
            ),
            &format!(
                "duty {duty} of SG-2026-0002: done_at is \"2026-11-23T11:00:00Z\" in the table but \"null\""
            ),
        ],
    );
    // Every difference, not only the first.
    assert_eq!(e.matches("by the journal").count(), 3, "{e}");
    let v = env.run(&["verify", "--json"]).code(7).json();
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"].as_array().unwrap().len(), 3, "{v}");
}

#[test]
fn a_duty_or_concern_row_added_or_removed_behind_the_journal_is_named() {
    let env = Env::with_store();
    let duty = raise(&env, CHILD)["duties"][0]["id"].as_i64().unwrap();
    let c = keyed(&env);
    c.execute("DELETE FROM duties WHERE id = ?1", [duty]).unwrap();
    c.execute(
        "INSERT INTO duties (id, concern_id, kind, title, owner, status, basis, opened_by)
         VALUES (900, 'SG-2026-0001', 'x', 'Planted', 'dp', 'open', '{}', 1)",
        [],
    )
    .unwrap();
    caught(
        &env,
        &["verify"],
        &[
            &format!("duty {duty} of SG-2026-0001 was opened in the journal but is missing from the table"),
            "duty 900 of SG-2026-0001 is in the table, but no journal entry opened it",
        ],
    );
}

/// Rewriting an entry and recomputing every later hash and `meta` leaves a chain sound in
/// itself: the replay names what no longer matches, and the head recorded before names the
/// rewrite even when the tables are rewritten to match.
#[test]
fn a_rewritten_entry_with_every_hash_recomputed_is_caught_by_replay_and_the_head() {
    let env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    let before = head(&env);
    let c = keyed(&env);
    let mut b = body(&c, 2);
    b["effects"]["concern"]["recommendation"] = "no-further-action".into();
    b["recommendation"] = "no-further-action".into();
    set_body(&c, 2, &b);
    rehash(&c);
    caught(&env, &["verify"], &["concern SG-2026-0001: recommendation is"]);
    // The tables made to match too: sound inside, but the rewritten entry's signature is no
    // longer its signer's (issue 14), and the chain is not the one recorded before.
    c.execute("UPDATE concerns SET recommendation = 'no-further-action' WHERE id = 'SG-2026-0001'", [])
        .unwrap();
    caught(&env, &["verify"], &["signatures: entry 2 (SG-2026-0001, raised", "forged or altered"]);
    caught(&env, &["verify", "--expect-head", &before], &["does not hold the expected head"]);
}

#[test]
fn a_deleted_last_entry_with_meta_fixed_is_caught_by_the_head() {
    let env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    let before = head(&env);
    let c = keyed(&env);
    c.execute("DELETE FROM duties WHERE concern_id = 'SG-2026-0002'", []).unwrap();
    c.execute("DELETE FROM entries WHERE concern_id = 'SG-2026-0002'", []).unwrap();
    c.execute("DELETE FROM concerns WHERE id = 'SG-2026-0002'", []).unwrap();
    // Without fixing meta, the store itself says so.
    caught(
        &env,
        &["verify"],
        &["chain head recorded in the store", "chain length recorded in the store (3)"],
    );
    rehash(&c);
    // A dropped tail with meta fixed is a sound older store: only the recorded head tells.
    env.run(&["verify"]).ok();
    caught(
        &env,
        &["verify", "--expect-head", &before],
        &["does not hold the expected head", "now has 2 entries"],
    );
}

#[test]
fn a_concern_deleted_whole_is_caught_with_or_without_renumbering() {
    let env = Env::with_store();
    for _ in 0..3 {
        raise(&env, CHILD);
    }
    let before = head(&env);
    let c = keyed(&env);
    c.execute("DELETE FROM duties WHERE concern_id = 'SG-2026-0002'", []).unwrap();
    c.execute("DELETE FROM entries WHERE concern_id = 'SG-2026-0002'", []).unwrap();
    c.execute("DELETE FROM concerns WHERE id = 'SG-2026-0002'", []).unwrap();
    c.execute("UPDATE entries SET seq = seq - 1 WHERE seq > 3", []).unwrap();
    c.execute("UPDATE duties SET opened_by = opened_by - 1 WHERE opened_by > 3", []).unwrap();
    rehash(&c);
    caught(&env, &["verify"], &["concern numbering is broken (SG-2026-0002 is missing)"]);
    // Renumbered as well: the raised entry still records raising SG-2026-0003.
    c.execute("UPDATE concerns SET id = 'SG-2026-0002', seq = 2 WHERE id = 'SG-2026-0003'", []).unwrap();
    c.execute("UPDATE entries SET concern_id = 'SG-2026-0002' WHERE concern_id = 'SG-2026-0003'", [])
        .unwrap();
    c.execute("UPDATE duties SET concern_id = 'SG-2026-0002' WHERE concern_id = 'SG-2026-0003'", []).unwrap();
    rehash(&c);
    caught(&env, &["verify"], &["filed under SG-2026-0002 but records raising SG-2026-0003"]);
    caught(&env, &["verify", "--expect-head", &before], &["does not hold the expected head"]);
}

/// A trigger that marks every later duty done: `verify` names it, and no other command opens
/// the store (so it never fires, and `backup` does not copy it).
#[test]
fn a_planted_trigger_is_named_and_no_command_runs_with_it() {
    let env = Env::with_store();
    raise(&env, CHILD);
    let c = keyed(&env);
    c.execute_batch(
        "CREATE TRIGGER quiet AFTER INSERT ON duties BEGIN
           UPDATE duties SET status = 'done', done_at = NEW.due_at WHERE id = NEW.id;
         END;
         CREATE INDEX spare ON concerns (about);",
    )
    .unwrap();
    drop(c);
    caught(&env, &["verify"], &["schema: trigger \"quiet\" was not created by safeguard", "index \"spare\""]);
    caught(&env, &["log", "SG-2026-0001", "note", "--note", "n"], &["trigger \"quiet\" on duties"]);
    caught(&env, &["list"], &["trigger \"quiet\""]);
    let copy = env.path("copy.db");
    caught(&env, &["backup", copy.to_str().unwrap()], &["trigger \"quiet\""]);
    assert!(!copy.exists());
}

#[test]
fn an_entry_backdated_before_the_one_before_it_is_named() {
    let env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    let c = keyed(&env);
    c.execute(
        "UPDATE entries SET recorded_at = '2026-11-20T10:00:00Z', at = '2026-11-20T10:00:00Z' WHERE seq = 3",
        [],
    )
    .unwrap();
    rehash(&c);
    caught(
        &env,
        &["verify"],
        &["entry 3 (SG-2026-0002, raised) is recorded at 2026-11-20T10:00:00Z, earlier than entry 2"],
    );
}

/// A clock set back (SAFEGUARD_NOW earlier, as a system clock stepped back) records the entry
/// no earlier than the one before it; when it happened stays as given.
#[test]
fn a_clock_set_back_records_no_earlier_than_the_entry_before() {
    let mut env = Env::with_store();
    raise(&env, CHILD);
    env.set("SAFEGUARD_NOW", "2026-11-23T09:00:00Z");
    raise(&env, CHILD);
    let c = keyed(&env);
    let (at, recorded): (String, String) = c
        .query_row("SELECT at, recorded_at FROM entries WHERE seq = 3", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(at, "2026-11-23T09:00:00Z");
    assert_eq!(recorded, "2026-11-23T10:00:00Z");
    env.run(&["verify"]).ok();
}

#[test]
fn a_store_made_with_the_system_clock_refuses_safeguard_now() {
    let mut env = Env::new();
    env.set("SAFEGUARD_NOW", "");
    env.run(&["init"]).ok();
    env.run(&["list"]).ok();
    assert_eq!(env.run(&["verify", "--json"]).ok().json()["clock"], "system");
    env.set("SAFEGUARD_NOW", "2026-11-20T10:00:00Z");
    for args in [&["list"][..], &["verify"], &["review", "--due"]] {
        let run = env.run(args).code(2);
        assert!(
            run.stderr.contains("SAFEGUARD_NOW is set")
                && run.stderr.contains("created with the system clock"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_backup_verifies_on_its_own_and_rekey_keeps_verify_ok() {
    let mut env = Env::with_store();
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    env.run(&["log", &id, "note", "--note", "Spoke to the school."]).ok();
    let copy = env.path("copy.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    let v = env.run(&["--db", copy.to_str().unwrap(), "verify", "--json"]).ok().json();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["length"], 3);
    assert_eq!(v["signatures"]["signed"], 3, "{v}");
    let file = env.path("new-pass");
    crate::common::write_mode(&file, "another long passphrase\n", 0o600);
    env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", file.to_str().unwrap());
    env.run(&["rekey"]).ok();
    env.set("SAFEGUARD_PASSPHRASE", "another long passphrase");
    let v = env.run(&["verify", "--json"]).ok().json();
    assert_eq!((v["ok"].clone(), v["signatures"]["signed"].clone()), (true.into(), 3.into()), "{v}");
}

/// A store written by the previous binary (schema 6, entries without effects) opens, migrates
/// and verifies; later entries carry effects; and a duty marked done in its table with no entry
/// behind it is still named.
#[test]
fn a_store_from_before_the_effects_opens_and_verifies_and_is_still_checked() {
    let env = Env::with_store();
    let old = raise(&env, CHILD);
    let duty = old["duties"][0]["id"].as_i64().unwrap();
    {
        // The previous binary's shape: no roster and no signatures (schema 8), bodies without
        // effects (schema 7), no clock recorded.
        let c = keyed(&env);
        c.execute("DELETE FROM entries WHERE concern_id IS NULL", []).unwrap();
        c.execute("UPDATE entries SET seq = seq - 1, signer_key = NULL, signature = NULL", []).unwrap();
        c.execute("UPDATE duties SET opened_by = opened_by - 1", []).unwrap();
        let mut b = body(&c, 1);
        b.as_object_mut().unwrap().remove("effects");
        set_body(&c, 1, &b);
        rehash(&c);
        c.execute("DELETE FROM meta WHERE key IN ('clock', 'effects_from')", []).unwrap();
        c.pragma_update(None, "user_version", 6).unwrap();
    }
    // Unsigned and with no roster, it cannot be told from a store stripped of its signatures:
    // verify says so until someone who knows it is old vouches for it on its roster.
    let v = env.run(&["verify", "--json"]).code(7).json();
    assert_eq!(v["legacy_concerns"], 1, "{v}");
    assert_eq!(v["clock"], "unrecorded");
    assert_eq!(v["signatures"]["before_roster"], 1, "{v}");
    caught(&env, &["verify"], &["1 entries are signed by nobody and the store has no roster", "roster add"]);
    // The designated person adds themselves first.
    let key = env.signing_key();
    env.run(&[
        "roster",
        "add",
        "--name",
        NAME,
        "--login",
        "dp",
        "--roles",
        "designated-person",
        "--key",
        &key,
    ])
    .ok();
    let v = env.run(&["verify", "--json"]).ok().json();
    assert_eq!(v["signatures"]["before_roster"], 1, "{v}");
    assert!(env.run(&["verify"]).ok().stdout.contains("1 concern(s) were raised before"));
    // New entries, on the old concern and a new one, carry effects and verify.
    raise(&env, CHILD);
    env.run(&["freeze", "SG-2026-0001", "--reason", "Practice review."]).ok();
    env.run(&["verify"]).ok();
    // Freezing suspended the old duty, as its entry records: marking it done instead is named.
    let c = keyed(&env);
    c.execute("UPDATE duties SET status = 'done' WHERE id = ?1", [duty]).unwrap();
    caught(
        &env,
        &["verify"],
        &[&format!("duty {duty} of SG-2026-0001: status is \"done\" in the table but \"suspended\"")],
    );
    // Stripping a later entry's effects to pass it off as old is named too (against the first
    // entry the migration held to effects: rewriting that record as well is a rewrite of the
    // store that only a head recorded earlier shows).
    c.execute("UPDATE duties SET status = 'suspended' WHERE id = ?1", [duty]).unwrap();
    let mut b = body(&c, 3);
    b.as_object_mut().unwrap().remove("effects");
    set_body(&c, 3, &b);
    rehash(&c);
    caught(
        &env,
        &["verify"],
        &["entry 3 of SG-2026-0002 (raised): it records no effects, though every entry from 2 on must"],
    );
}

#[test]
fn stats_and_export_manifests_carry_the_chain_head() {
    let env = Env::with_store();
    raise(&env, CHILD);
    let v = env.run(&["verify", "--json"]).ok().json();
    let stats = env.run(&["stats", "--json"]).ok().json();
    assert_eq!(stats["chain"]["head"], v["head"]);
    assert_eq!(stats["chain"]["length"], 2);
    let out = env.path("out");
    env.run(&["export", "--all", "--format", "json", "--out", out.to_str().unwrap()]).ok();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["chain"]["head"], v["head"], "{manifest}");
    assert_eq!(manifest["chain"]["length"], 2);
}

/// An insider with only the passphrase strips every signature and the roster, renumbers and
/// rehashes: the store would read as one from before signed records, where anything could have
/// been rewritten. `verify` names it; after an insider adds themselves to the roster under the
/// designated person's name and login, to vouch for it, the designated person's own `verify`
/// warns that the roster gives them a key that is not theirs, and the head kept elsewhere fails.
#[test]
fn a_store_stripped_of_its_signatures_and_roster_is_named() {
    let env = Env::with_store();
    raise(&env, CHILD);
    raise(&env, CHILD);
    let before = head(&env);
    let login = env.run(&["roster", "show", "--json"]).ok().json()[0]["login"].as_str().unwrap().to_owned();
    let c = keyed(&env);
    c.execute("DELETE FROM entries WHERE concern_id IS NULL", []).unwrap();
    c.execute("UPDATE entries SET seq = seq - 1, signer_key = NULL, signature = NULL", []).unwrap();
    c.execute("UPDATE duties SET opened_by = opened_by - 1", []).unwrap();
    c.execute("UPDATE meta SET value = 'unrecorded' WHERE key = 'clock'", []).unwrap();
    c.execute("UPDATE meta SET value = '1' WHERE key = 'effects_from'", []).unwrap();
    rehash(&c);
    let e = caught(&env, &["verify"], &["2 entries are signed by nobody and the store has no roster"]);
    assert!(e.contains("restore a backup"), "{e}");
    let v = env.run(&["verify", "--json"]).code(7).json();
    assert_eq!(v["signatures"]["before_roster"], 2, "{v}");
    // The insider vouches for it as the designated person, with their own key.
    let insider = env.person();
    let key = insider.signing_key();
    insider
        .run(&[
            "roster",
            "add",
            "--name",
            NAME,
            "--login",
            &login,
            "--roles",
            "designated-person",
            "--key",
            &key,
        ])
        .ok();
    let run = env.run(&["verify"]).ok();
    assert!(
        run.stderr
            .contains(&format!("warning: the roster gives {NAME} (login {login}) the signing key {key}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&env.signing_key()), "{}", run.stderr);
    let v = env.run(&["verify", "--json"]).ok().json();
    assert!(v["roster_warning"].as_str().unwrap().contains("not made with your key"), "{v}");
    assert_eq!(v["you"], Value::Null, "{v}");
    caught(&env, &["verify", "--expect-head", &before], &["does not hold the expected head"]);
}

/// The same stripped store with a first roster entry that records the clock `init` saw: a store
/// made with signed records, so entries signed by nobody before it had their signatures removed.
#[test]
fn unsigned_entries_before_a_roster_made_at_init_are_named() {
    let env = Env::with_store();
    raise(&env, CHILD);
    let c = keyed(&env);
    // The roster entry (seq 1) moved after the concern's entries would fail its own signature,
    // so the insider writes a new one of their own, as `init` does on an empty store.
    c.execute("DELETE FROM entries WHERE concern_id IS NULL", []).unwrap();
    c.execute("UPDATE entries SET seq = seq - 1, signer_key = NULL, signature = NULL", []).unwrap();
    c.execute("UPDATE duties SET opened_by = opened_by - 1", []).unwrap();
    c.execute("UPDATE meta SET value = '1' WHERE key = 'effects_from'", []).unwrap();
    rehash(&c);
    drop(c);
    let insider = env.person();
    let key = insider.signing_key();
    insider
        .run(&[
            "roster",
            "add",
            "--name",
            "Ivy",
            "--login",
            "ivy",
            "--roles",
            "designated-person",
            "--key",
            &key,
        ])
        .ok();
    // `roster add` on a store with no roster records the clock meta gives (fixed here).
    let v = env.run(&["verify", "--json"]).code(7).json();
    assert_eq!(v["clock_in_chain"], true, "{v}");
    caught(
        &env,
        &["verify"],
        &["the first 1 entries are signed by nobody, but the roster entry after them records", "fixed clock"],
    );
}

/// The README's nightly anchor (examples/anchor-cron.sh), with its anchor-side script from the
/// header, reached through a stand-in for ssh: the first night records the head; the next
/// checks against it and records the new one; an older copy put back fails (exit 7) and records
/// nothing; an anchor that cannot be read, or whose last line is not a head, fails (exit 1)
/// rather than skipping the check.
#[test]
fn the_nightly_anchor_checks_against_the_last_head_and_never_skips_the_check() {
    use std::process::{Command, Stdio};
    let env = Env::with_store();
    raise(&env, CHILD);
    let pass = env.path("home/.config/safeguard/default.pass");
    std::fs::create_dir_all(pass.parent().unwrap()).unwrap();
    crate::common::write_mode(&pass, PASS, 0o600);
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/anchor-cron.sh");
    // The anchor's forced command, as the script's header gives it.
    let text = std::fs::read_to_string(&script).unwrap();
    let anchor_side: String = text
        .lines()
        .skip_while(|l| !l.starts_with("#     #!/bin/sh"))
        .take_while(|l| l.starts_with("#     "))
        .map(|l| format!("{}\n", &l["#     ".len()..]))
        .collect();
    assert!(anchor_side.contains("esac"), "{anchor_side}");
    let anchor = env.path("anchor");
    std::fs::create_dir(&anchor).unwrap();
    std::fs::write(anchor.join("sg-anchor"), anchor_side).unwrap();
    let ssh = env.path("fake-ssh");
    crate::common::write_mode(
        &ssh,
        &format!(
            "#!/bin/sh\ncd {:?} || exit 255\n[ -e down ] && exit 255\nSSH_ORIGINAL_COMMAND=\"$2\" exec sh sg-anchor\n",
            anchor
        ),
        0o700,
    );
    let run_first = |first: Option<&str>| {
        let mut c = Command::new("/usr/bin/env");
        c.arg("-i");
        if let Some(h) = first {
            c.arg(format!("ANCHOR_FIRST_HEAD={h}"));
        }
        c.arg(format!("HOME={}", env.path("home").display()))
            .arg("PATH=/usr/bin:/bin")
            .arg(format!("XDG_DATA_HOME={}", env.path("data").display()))
            .arg(format!("XDG_CONFIG_HOME={}", env.path("config").display()))
            .arg(format!("SAFEGUARD_SERVICES_DIR={}", env.path("services").display()))
            .arg(format!("SAFEGUARD_NOW={}", crate::common::NOW))
            .arg(format!("SAFEGUARD_BIN={}", env!("CARGO_BIN_EXE_safeguard")))
            .arg(format!("ANCHOR_SSH={}", ssh.display()))
            .arg("bash")
            .arg(&script)
            .arg("default")
            .arg("anchor@example.org")
            .stdin(Stdio::null());
        c.output().unwrap()
    };
    let run = || run_first(None);
    let log = anchor.join("heads/default.log");
    let lines = || std::fs::read_to_string(&log).unwrap_or_default().lines().count();
    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let recorded = std::fs::read_to_string(&log).unwrap();
    assert!(recorded.trim_end().ends_with(&head(&env)), "{recorded}");
    let older = env.path("older.db");
    std::fs::copy(env.store(), &older).unwrap();
    raise(&env, CHILD);
    let second = run();
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(lines(), 2);
    assert!(std::fs::read_to_string(&log).unwrap().trim_end().ends_with(&head(&env)));
    // An older copy put back: named, nothing recorded.
    let current = env.path("current.db");
    std::fs::copy(env.store(), &current).unwrap();
    std::fs::copy(&older, env.store()).unwrap();
    let rolled = run();
    assert_eq!(rolled.status.code(), Some(7), "{}", String::from_utf8_lossy(&rolled.stderr));
    assert!(String::from_utf8_lossy(&rolled.stderr).contains("does not hold the expected head"));
    assert_eq!(lines(), 2);
    // The anchor cannot be reached: the check is not skipped.
    std::fs::copy(&current, env.store()).unwrap();
    std::fs::write(anchor.join("down"), "").unwrap();
    let down = run();
    assert_eq!(down.status.code(), Some(1), "{}", String::from_utf8_lossy(&down.stderr));
    assert!(String::from_utf8_lossy(&down.stderr).contains("cannot read the last head"));
    std::fs::remove_file(anchor.join("down")).unwrap();
    assert_eq!(lines(), 2);
    // A last line that is not a head.
    std::fs::write(&log, "2026-11-23T01:50:00Z not-a-head\n").unwrap();
    let garbled = run();
    assert_eq!(garbled.status.code(), Some(1), "{}", String::from_utf8_lossy(&garbled.stderr));
    assert!(String::from_utf8_lossy(&garbled.stderr).contains("is not TIME HEAD:LENGTH"));
    // An anchor emptied (or new) with the head noted at set-up: checked against that head, so
    // emptying the anchor does not let an older copy through.
    std::fs::remove_file(&log).unwrap();
    let noted = head(&env);
    std::fs::copy(&older, env.store()).unwrap();
    let emptied = run_first(Some(&noted));
    assert_eq!(emptied.status.code(), Some(7), "{}", String::from_utf8_lossy(&emptied.stderr));
    assert_eq!(lines(), 0);
    std::fs::copy(&current, env.store()).unwrap();
    let first_again = run_first(Some(&noted));
    assert!(first_again.status.success(), "{}", String::from_utf8_lossy(&first_again.stderr));
    assert_eq!(lines(), 1);
}

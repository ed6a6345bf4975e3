//! Signed records (issue 14): every entry is signed by the person who made it, with their own
//! key; the roster of people, roles and keys is a chain of signed entries; `verify` checks each
//! signature against the roster in force at its entry and names the first that fails.

use serde_json::Value;

use crate::common::{Env, NAME, PASS};
use crate::raise::raise;

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

fn keyed(env: &Env) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(env.store()).unwrap();
    c.pragma_update(None, "key", PASS).unwrap();
    c
}

/// Adds `other` to `dp`'s store's roster as `name` with `roles`.
fn add(dp: &Env, other: &Env, name: &str, login: &str, roles: &str) {
    let key = other.signing_key();
    dp.run(&["roster", "add", "--name", name, "--login", login, "--roles", roles, "--key", &key]).ok();
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// Appends an entry behind the tool's back: a note on `concern`, signed as `label` with the
/// signing key in `signer`'s data directory, chained onto the head (so only its signature can
/// give it away).
fn forge_note(env: &Env, signer: &Env, label: &str, concern: &str) -> i64 {
    forge(env, signer, label, concern, "event", serde_json::json!({ "event": "note", "note": "forged" }))
}

/// Appends an entry of `kind` with `body` (and no effects) behind the tool's back, signed as
/// `label` with `signer`'s own signing key and chained onto the head.
fn forge(env: &Env, signer: &Env, label: &str, concern: &str, kind: &str, mut body: Value) -> i64 {
    let c = keyed(env);
    let (seq, prev, at): (i64, String, String) = c
        .query_row("SELECT seq, hash, at FROM entries ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let key = safeguard::seal::identity::load_signing(&signer.path("data/safeguard")).unwrap().unwrap();
    let pk = key.public().text();
    body["effects"] = serde_json::to_value(safeguard::domain::replay::Effects::default()).unwrap();
    let body = &body.to_string();
    let seq = seq + 1;
    let hash = safeguard::store::records::entry_hash(
        &prev,
        seq,
        Some(concern),
        kind,
        &at,
        &at,
        Some(label),
        body,
        Some(&pk),
    );
    let sig = key.sign_entry(&hash);
    c.execute(
        "INSERT INTO entries (seq, concern_id, kind, at, recorded_at, signer, body, prev_hash, hash, signer_key, signature)
         VALUES (?1, ?2, ?10, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![seq, concern, at, label, body, prev, hash, pk, sig, kind],
    )
    .unwrap();
    c.execute("UPDATE meta SET value = ?1 WHERE key = 'chain_head'", [&hash]).unwrap();
    c.execute("UPDATE meta SET value = ?1 WHERE key = 'chain_length'", [seq.to_string()]).unwrap();
    seq
}

#[test]
fn identity_init_makes_a_signing_key_beside_the_age_identity_and_show_prints_both() {
    let env = Env::bare();
    let made = env.run(&["identity", "init"]).ok();
    let lines: Vec<&str> = made.stdout.lines().collect();
    assert!(lines[0].starts_with("age1") && lines[1].starts_with("sg-ed25519:"), "{}", made.stdout);
    let shown = env.run(&["identity", "show", "--json"]).ok().json();
    assert_eq!(shown["signing_key"], lines[1]);
    use std::os::unix::fs::PermissionsExt;
    let file = env.path("data/safeguard/identity/signing-key.txt");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    // Never overwritten: a second init is refused and the key stays the same.
    env.run(&["identity", "init"]).code(2);
    assert_eq!(env.signing_key(), lines[1]);
    // An age identity from before signed records gets a signing key added beside it.
    std::fs::remove_file(&file).unwrap();
    let again = env.run(&["identity", "init"]).ok();
    assert!(again.stdout.starts_with(lines[0]), "the age identity changed");
    assert_ne!(env.signing_key(), lines[1]);
}

/// The README's quick start on a fresh machine: `init`, then `raise`. A newcomer with no
/// identity gets one from `init` (made, never overwritten) and is the store's first person.
#[test]
fn init_makes_a_newcomer_s_identity_and_the_next_raise_is_signed_by_them() {
    let bare = Env::bare();
    let run = bare.run(&["init"]).ok();
    assert!(
        run.stderr.contains("made your identity") && run.stderr.contains("made your signing key"),
        "{}",
        run.stderr
    );
    assert!(bare.store().exists());
    let rec = raise(&bare, CHILD);
    let id = id_of(&rec);
    let shown = bare.run(&["show", &id, "--json"]).ok().stdout;
    assert!(shown.contains(&bare.signing_key()), "the raise is not signed with the key init made: {shown}");
    bare.run(&["verify"]).ok();
    // A second init never overwrites the identity it made.
    let again = bare.run(&["identity", "init"]).code(2);
    assert!(again.stderr.contains("never overwritten"), "{}", again.stderr);
}

#[test]
fn without_an_identity_every_writing_command_refuses_with_the_hint() {
    let dp = Env::with_store();
    let id = id_of(&raise(&dp, CHILD));
    let mut nobody = Env::bare();
    nobody.set("SAFEGUARD_DB", dp.store().to_str().unwrap());
    for args in [
        vec!["log", &id, "note", "--note", "x"],
        vec!["review", &id, "--note", "x"],
        vec!["sign", &id],
        vec!["close", &id, "--reason", "x"],
        vec!["raise", "--answers", "none.toml"],
    ] {
        let run = nobody.run(&args).code(2);
        assert!(
            run.stderr.contains("safeguard identity init") || run.stderr.contains("none.toml"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = nobody.run(&["log", &id, "note", "--note", "x"]).code(2);
    assert!(run.stderr.contains("roster add"), "{}", run.stderr);
}

#[test]
fn someone_not_on_the_roster_is_refused_and_told_to_ask_the_dp() {
    let dp = Env::with_store();
    let id = id_of(&raise(&dp, CHILD));
    let stranger = dp.person();
    let run = stranger.run(&["log", &id, "note", "--note", "x"]).code(2);
    assert!(run.stderr.contains("not on this store's roster"), "{}", run.stderr);
    assert!(run.stderr.contains(&stranger.signing_key()), "the hint gives their key: {}", run.stderr);
}

#[test]
fn a_lifecycle_signed_by_its_actors_verifies_end_to_end_and_roles_are_enforced() {
    let dp = Env::with_roles("designated-person");
    let worker = dp.person();
    let counter = dp.person();
    add(&dp, &worker, "Sam Jones", "sam", "reporter");
    add(&dp, &counter, "Cara Sign", "cara", "countersignatory");
    // Only a roster keeper changes the roster.
    let run = worker
        .run(&[
            "roster",
            "add",
            "--name",
            "X",
            "--login",
            "x",
            "--roles",
            "reporter",
            "--key",
            &worker.signing_key(),
        ])
        .code(2);
    assert!(run.stderr.contains("needs head-of-safeguarding or designated-person"), "{}", run.stderr);

    let raised = raise(&worker, CHILD);
    let id = id_of(&raised);
    // A decision needs the designated person's role.
    let d = worker.path("d.toml");
    std::fs::write(&d, "outcome = \"child-protection-referral\"\n").unwrap();
    let run = worker.run(&["decide", &id, "--answers", d.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("needs designated-person"), "{}", run.stderr);
    // A free-text name in the answers cannot sign for someone else.
    let forged = dp.path("forged.toml");
    std::fs::write(&forged, "outcome = \"child-protection-referral\"\ndecided_by = \"Someone Else (DP)\"\n")
        .unwrap();
    let run = dp.run(&["decide", &id, "--answers", forged.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("decided_by"), "{}", run.stderr);
    dp.run(&["decide", &id, "--answers", d.to_str().unwrap()]).ok();
    // The countersignature needs a countersignatory role: the DP alone does not hold one here.
    let run = dp.run(&["sign", &id]).code(2);
    assert!(run.stderr.contains("needs countersignatory or head-of-safeguarding"), "{}", run.stderr);
    let run = dp.run(&["sign", &id, "--role", "reporter"]).code(2);
    assert!(run.stderr.contains("not reporter"), "{}", run.stderr);
    counter.run(&["sign", &id, "--comments", "Seen."]).ok();
    worker.run(&["log", &id, "phone-referral", "--note", "MASH"]).ok();
    dp.run(&["review", &id, "--note", "Week one."]).ok();
    // The referral's follow-ups are still open, so closing must say why they are no longer
    // needed (issue 19): this test is about who signs, not about those duties.
    dp.run(&["close", &id, "--reason", "Plan in place.", "--cancel-open", "The LA took the case over."]).ok();

    let shown = dp.run(&["show", &id, "--json"]).ok().json();
    let signers: Vec<&str> =
        shown["timeline"].as_array().unwrap().iter().map(|e| e["signed_by"].as_str().unwrap()).collect();
    assert_eq!(
        signers,
        [
            "Sam Jones (reporter)",
            &format!("{NAME} (designated-person)"),
            "Cara Sign (countersignatory)",
            "Sam Jones (reporter)",
            &format!("{NAME} (designated-person)"),
            &format!("{NAME} (designated-person)"),
        ]
    );
    assert!(shown["timeline"].as_array().unwrap().iter().all(|e| e["signer_key"].as_str().is_some()));
    let v = dp.run(&["verify", "--json"]).ok().json();
    assert_eq!(v["ok"], true, "{v}");
    // Three roster entries and six of the concern, all signed.
    assert_eq!(v["signatures"]["signed"], 9, "{v}");
    let roster = dp.run(&["roster", "show", "--json"]).ok().json();
    assert_eq!(roster.as_array().unwrap().len(), 3);
}

#[test]
fn an_entry_signed_with_a_key_not_on_the_roster_is_named_by_verify() {
    let dp = Env::with_store();
    let id = id_of(&raise(&dp, CHILD));
    let stranger = dp.person();
    let seq = forge_note(&dp, &stranger, &format!("{NAME} (designated-person)"), &id);
    let run = dp.run(&["verify"]).code(7);
    assert!(run.stderr.contains(&format!("entry {seq} ({id}, event")), "{}", run.stderr);
    assert!(run.stderr.contains("not on the roster"), "{}", run.stderr);
    let v = dp.run(&["verify", "--json"]).code(7).json();
    assert!(v["signatures"]["problem"].as_str().unwrap().contains(&format!("entry {seq}")), "{v}");
}

#[test]
fn an_altered_entry_whose_hash_was_recomputed_fails_its_signature() {
    let dp = Env::with_store();
    let id = id_of(&raise(&dp, CHILD));
    dp.run(&["log", &id, "note", "--note", "Spoke to school."]).ok();
    // Rewrite the last entry's body and recompute its hash, so the chain itself holds.
    let c = keyed(&dp);
    let (seq, prev, at, rec, signer, key, body): (i64, String, String, String, String, String, String) = c
        .query_row(
            "SELECT seq, prev_hash, at, recorded_at, signer, signer_key, body FROM entries ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .unwrap();
    let body = body.replace("Spoke to school.", "Nothing to note.");
    let hash = safeguard::store::records::entry_hash(
        &prev,
        seq,
        Some(&id),
        "event",
        &at,
        &rec,
        Some(&signer),
        &body,
        Some(&key),
    );
    c.execute("UPDATE entries SET body = ?1, hash = ?2 WHERE seq = ?3", rusqlite::params![body, hash, seq])
        .unwrap();
    c.execute("UPDATE meta SET value = ?1 WHERE key = 'chain_head'", [&hash]).unwrap();
    drop(c);
    let run = dp.run(&["verify"]).code(7);
    assert!(run.stderr.contains(&format!("entry {seq} ({id}, event, signed by {NAME}")), "{}", run.stderr);
    assert!(run.stderr.contains("forged or altered"), "{}", run.stderr);
}

#[test]
fn a_retired_keys_later_entry_fails_and_the_retired_person_is_refused() {
    let dp = Env::with_store();
    let id = id_of(&raise(&dp, CHILD));
    let worker = dp.person();
    add(&dp, &worker, "Sam Jones", "sam", "reporter");
    worker.run(&["log", &id, "note", "--note", "Before I left."]).ok();
    dp.run(&["roster", "retire", "Sam Jones", "--reason", "left"]).ok();
    let run = worker.run(&["log", &id, "note", "--note", "After."]).code(2);
    assert!(run.stderr.contains("retired"), "{}", run.stderr);
    dp.run(&["verify"]).ok();
    let seq = forge_note(&dp, &worker, "Sam Jones (reporter)", &id);
    let run = dp.run(&["verify"]).code(7);
    assert!(run.stderr.contains(&format!("entry {seq}")) && run.stderr.contains("retired"), "{}", run.stderr);
}

#[test]
fn a_key_added_later_does_not_vouch_for_an_earlier_entry() {
    let dp = Env::with_store();
    let id = id_of(&raise(&dp, CHILD));
    let late = dp.person();
    // An entry by the newcomer's key, slipped in before they were added...
    let seq = forge_note(&dp, &late, "Late Comer (reporter)", &id);
    // ...is still refused once they are on the roster: the roster in force at it did not hold them.
    add(&dp, &late, "Late Comer", "late", "reporter");
    let run = dp.run(&["verify"]).code(7);
    assert!(
        run.stderr.contains(&format!("entry {seq}")) && run.stderr.contains("not on the roster"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_code_red_report_is_unsigned_and_says_so() {
    let env = Env::with_store();
    let f = env.path("red.toml");
    std::fs::write(&f, "immediate_risk = \"no\"\ncode_red_reason = \"abuse\"\ndescription = \"The manager shouts at residents.\"\n").unwrap();
    let raised = env.run(&["raise", "--anonymous", "--answers", f.to_str().unwrap(), "--json"]).ok().json();
    let id = id_of(&raised);
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["timeline"][0]["signed_by"], "anonymous");
    assert_eq!(shown["timeline"][0]["signer_key"], Value::Null);
    let text = env.run(&["show", &id]).ok().stdout;
    assert!(text.contains("anonymous (Code RED: not signed)"), "{text}");
    let v = env.run(&["verify", "--json"]).ok().json();
    assert_eq!(v["signatures"]["anonymous"], 1, "{v}");
    let out = env.run(&["verify"]).ok().stdout;
    assert!(out.contains("1 anonymous Code RED report(s), not signed"), "{out}");
    // The DP's later entries on it are signed.
    env.run(&["log", &id, "note", "--note", "Looked into it."]).ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert!(shown["timeline"][1]["signer_key"].as_str().unwrap().starts_with("sg-ed25519:"));
}

#[test]
fn rekey_and_backup_keep_every_signature_valid_and_a_backup_verifies_alone() {
    let mut env = Env::with_store();
    let id = id_of(&raise(&env, CHILD));
    env.run(&["log", &id, "note", "--note", "x"]).ok();
    let new_pass = env.path("new-pass");
    crate::common::write_mode(&new_pass, "a new passphrase for the store", 0o600);
    env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", new_pass.to_str().unwrap());
    env.run(&["rekey"]).ok();
    env.set("SAFEGUARD_PASSPHRASE", "a new passphrase for the store");
    let before = env.run(&["verify", "--json"]).ok().json();
    assert_eq!(before["signatures"]["signed"], 3, "{before}");
    let backup = env.path("backup.db");
    env.run(&["backup", backup.to_str().unwrap()]).ok();
    let v = env.run(&["--db", backup.to_str().unwrap(), "verify", "--json"]).ok().json();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["signatures"], before["signatures"]);
    assert_eq!(v["head"], before["head"]);
}

/// `verify` names who runs it and who signed as the roster gives them (name and login), never
/// the system's login; someone whose key is not on the roster is told nothing about themselves.
#[test]
fn verify_names_its_runner_and_the_signers_as_the_roster_gives_them() {
    let dp = Env::with_store();
    let lm = dp.person();
    add(&dp, &lm, "Lee Manager", "lee-on-the-roster", "line-manager");
    let id = id_of(&raise(&dp, CHILD));
    lm.run(&["log", &id, "line-manager-discussed", "--note", "Talked it through."]).ok();
    let v = lm.run(&["verify", "--json"]).ok().json();
    assert_eq!(v["you"]["name"], "Lee Manager", "{v}");
    assert_eq!(v["you"]["login"], "lee-on-the-roster", "{v}");
    assert_eq!(v["roster_warning"], Value::Null, "{v}");
    let lee =
        v["signatures"]["signers"].as_array().unwrap().iter().find(|s| s["name"] == "Lee Manager").unwrap();
    assert_eq!((lee["login"].as_str(), lee["entries"].as_i64()), (Some("lee-on-the-roster"), Some(1)), "{v}");
    let text = lm.run(&["verify"]).ok().stdout;
    assert!(text.contains("Lee Manager (lee-on-the-roster, 1)"), "{text}");
    assert!(text.contains("you: Lee Manager (login lee-on-the-roster on the roster)"), "{text}");
    // A stranger with a key of their own is not anyone on the roster; sharing the system login
    // the designated person was added under (as every person of a test does), they are warned,
    // and a sound store is still sound.
    let stranger = dp.person();
    let v = stranger.run(&["verify", "--json"]).ok().json();
    assert_eq!((v["ok"].clone(), v["you"].clone()), (true.into(), Value::Null), "{v}");
    assert!(v["roster_warning"].as_str().unwrap().contains(&format!("the roster gives {NAME}")), "{v}");
}

/// A signature proves who wrote an entry, not that they could: someone on the roster, with the
/// passphrase and their own key, who writes a countersignature or a decision their role may
/// not (as `sign` and `decide` refuse them), or acts on a concern its route keeps from them, is
/// named by verify (issue 14).
#[test]
fn an_entry_signed_in_a_role_that_may_not_write_it_is_named_by_verify() {
    let dp = Env::with_store();
    let lee = dp.person();
    add(&dp, &lee, "Lee Manager", "lee", "line-manager");
    let id = id_of(&raise(&dp, CHILD));
    // The tool itself refuses him.
    let refused = lee.run(&["sign", &id]).code(2);
    assert!(refused.stderr.contains("countersignatory"), "{}", refused.stderr);
    dp.run(&["verify"]).ok();
    let seq = forge(&dp, &lee, "Lee Manager (line-manager)", &id, "countersign", serde_json::json!({}));
    let e = dp.run(&["verify"]).code(7).stderr;
    assert!(
        e.contains(&format!("entry {seq} of {id} (countersign): signed as your line manager, but only")),
        "{e}"
    );
    assert!(e.contains("the safeguarding countersignatory"), "{e}");
    let seq = forge(
        &dp,
        &lee,
        "Lee Manager (line-manager)",
        &id,
        "decision",
        serde_json::json!({"outcome": "nfa"}),
    );
    let e = dp.run(&["verify"]).code(7).stderr;
    assert!(e.contains(&format!("entry {seq} of {id} (decision): signed as your line manager")), "{e}");

    // An allegation about the designated person is kept from them (003 §6.20): even a note
    // they sign on it is named.
    let env = Env::with_store();
    let about_dp = id_of(&raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"D. Price\"\nsubject_position = \"designated-person\"\ndescription = \"Shouted at a child.\"\nstaff_criteria = [\"harmed\"]\n",
    ));
    env.run(&["verify"]).ok();
    let seq = forge_note(&env, &env, &format!("{NAME} (designated-person)"), &about_dp);
    let e = env.run(&["verify"]).code(7).stderr;
    assert!(
        e.contains(&format!("entry {seq} of {about_dp} (event): signed as"))
            && e.contains("route leaves out"),
        "{e}"
    );
}

/// The route leaves out a person by the roles they hold, not only the role they sign in: the
/// designated person who is also an alternative designated lead may not act, in either role, on
/// an allegation about the designated person (003 §6.20). The commands refuse them; an entry
/// they sign in their other role behind the tool's back is named by verify too.
#[test]
fn an_entry_signed_in_an_allowed_role_by_someone_holding_a_left_out_role_is_named_by_verify() {
    let env = Env::with_roles("designated-person,alternative-designated-lead");
    let about_dp = id_of(&raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"D. Price\"\nsubject_position = \"designated-person\"\ndescription = \"Shouted at a child.\"\nstaff_criteria = [\"harmed\"]\n",
    ));
    // The tool refuses them, in the role they would sign in too.
    let refused =
        env.run(&["log", &about_dp, "note", "--note", "x", "--role", "alternative-designated-lead"]).code(2);
    assert!(refused.stderr.contains("route leaves them out"), "{}", refused.stderr);
    env.run(&["verify"]).ok();
    let seq = forge_note(&env, &env, &format!("{NAME} (alternative-designated-lead)"), &about_dp);
    let e = env.run(&["verify"]).code(7).stderr;
    assert!(
        e.contains(&format!(
            "entry {seq} of {about_dp} (event): signed as the alternative designated lead by {NAME}, who was \
             also the designated person for safeguarding (DP) on the roster then, a role this concern's \
             route leaves out"
        )),
        "{e}"
    );

    // Someone who holds no left-out role may sign it: the same forged note by an alternative
    // designated lead alone is not named.
    let alt = Env::with_roles("alternative-designated-lead");
    let about_dp = id_of(&raise(
        &alt,
        "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"D. Price\"\nsubject_position = \"designated-person\"\ndescription = \"Shouted at a child.\"\nstaff_criteria = [\"harmed\"]\n",
    ));
    forge_note(&alt, &alt, &format!("{NAME} (alternative-designated-lead)"), &about_dp);
    alt.run(&["verify"]).ok();
}

//! The typed record (issue 12): a stored time, status or body that does not read is damage
//! (exit 7), named by its row, never replaced by "now", 1970 or "no time set".

use crate::common::{Env, PASS};
use crate::raise::raise;

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

/// Changes the store behind the tool's back.
fn sql(env: &Env, statement: &str) {
    let c = rusqlite::Connection::open(env.store()).unwrap();
    c.pragma_update(None, "key", PASS).unwrap();
    assert!(c.execute(statement, []).unwrap() > 0, "{statement} changed nothing");
}

#[track_caller]
fn damaged(env: &Env, args: &[&str], names: &[&str]) {
    let run = env.run(args).code(7);
    assert!(run.stderr.contains("is damaged"), "{args:?}: {}", run.stderr);
    for n in names {
        assert!(run.stderr.contains(n), "{args:?}: {n:?} is not named:\n{}", run.stderr);
    }
}

#[test]
fn a_due_time_that_does_not_read_is_damage_naming_the_duty() {
    let env = Env::with_store();
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    let duty = raise(&env, CHILD)["duties"][0]["id"].as_i64().unwrap();
    sql(&env, &format!("UPDATE duties SET due_at = 'next week' WHERE id = {duty}"));
    let name = format!("duty {duty} of SG-2026-0002");
    // Shown as "no time set" before, and as due in 1970 (overdue) on the morning screen.
    damaged(&env, &["show", "SG-2026-0002"], &[&name, "next week"]);
    damaged(&env, &["show", "SG-2026-0002", "--json"], &[&name]);
    damaged(&env, &["review", "--due"], &[&name]);
    damaged(&env, &["review", "--due", "--json"], &[&name]);
    damaged(&env, &["stats"], &[&format!("duty {duty}")]);
    // The concern next to it is unharmed.
    env.run(&["show", &id, "--json"]).ok();
}

#[test]
fn a_raise_time_or_status_that_does_not_read_is_damage_naming_the_concern() {
    let env = Env::with_store();
    raise(&env, CHILD);
    sql(&env, "UPDATE concerns SET raised_at = 'yesterday' WHERE id = 'SG-2026-0001'");
    // A review counted its next date from "now" before.
    damaged(&env, &["review", "SG-2026-0001", "--note", "n"], &["concern SG-2026-0001", "yesterday"]);
    damaged(&env, &["list"], &["concern SG-2026-0001"]);
    damaged(&env, &["list", "--json"], &["concern SG-2026-0001"]);
    // Counted as raised in 1970 before.
    damaged(&env, &["stats", "--json"], &["yesterday"]);
    sql(&env, "UPDATE concerns SET raised_at = '2026-11-23T10:00:00Z', status = 'archived'");
    damaged(&env, &["list"], &["concern SG-2026-0001", "\"archived\" is not one of: open, closed, frozen"]);
    damaged(&env, &["log", "SG-2026-0001", "note", "--note", "n"], &["concern SG-2026-0001", "archived"]);
}

#[test]
fn an_entry_time_or_body_that_does_not_read_is_damage_naming_the_entry() {
    let env = Env::with_store();
    raise(&env, CHILD);
    env.run(&["review", "SG-2026-0001", "--note", "looked"]).ok();
    sql(&env, "UPDATE entries SET body = replace(body, 'T', 'x') WHERE kind = 'review'");
    // The next review date was left out of `show` before.
    damaged(&env, &["show", "SG-2026-0001"], &["entry 3 of SG-2026-0001 (review)"]);
    // The JSON copies bodies through as stored, so it still has the record to give.
    env.run(&["show", "SG-2026-0001", "--json"]).ok();
    // Entry 1 is the roster's first (issue 14); the concern's raise is entry 2.
    sql(&env, "UPDATE entries SET at = '23/11/2026' WHERE seq = 2");
    damaged(&env, &["show", "SG-2026-0001", "--json"], &["entry 2 of SG-2026-0001", "23/11/2026"]);
    // The export goes on with the other concerns and names the one it could not read.
    let out = env.path("out");
    let run = env.run(&["export", "SG-2026-0001", "--format", "md", "--out", out.to_str().unwrap()]).code(8);
    assert!(run.stderr.contains("entry 2 of SG-2026-0001"), "{}", run.stderr);
}

/// A record keeps the kind it was raised as: under a later local policy whose `about` answer
/// now gives another kind, a provider concern still gets its CCRF (issue 12).
#[test]
fn a_record_keeps_its_kind_when_a_later_policy_changes_its_answers_kind() {
    let mut env = Env::with_store();
    let provider = raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"Oakview Care Home\"\ndescription = \"Medication round two hours late.\"\nabuse_suspected = \"no\"\nprovider_actions = \"A second nurse on the round.\"\n",
    );
    let id = provider["id"].as_str().unwrap().to_owned();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    let raised = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "raised").unwrap();
    assert_eq!(raised["body"]["kind"], "provider", "{raised}");

    // The service now handles its "provider" answers as another kind of concern.
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let overlay = format!(
        "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n\n\
         [[nodes]]\nid = \"about\"\nanswers = [\n\
         {{ value = \"child\", label = \"A child\", next = \"subject_initials\", kind = \"child\" }},\n\
         {{ value = \"unborn\", label = \"An unborn child\", next = \"unborn_notice\", kind = \"child\" }},\n\
         {{ value = \"adult\", label = \"An adult at risk\", next = \"subject_initials\", kind = \"adult\" }},\n\
         {{ value = \"provider\", label = \"An independent care provider\", next = \"subject_name\", kind = \"staff\" }},\n\
         {{ value = \"staff\", label = \"A member of staff\", next = \"subject_name\", kind = \"staff\" }},\n\
         {{ value = \"code-red\", label = \"Code RED\", next = \"code_red_reason\", kind = \"code-red\" }},\n]\n"
    );
    let p = env.path("local-policy.toml");
    std::fs::write(&p, overlay).unwrap();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", p.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    env.run(&["policy", "check", p.to_str().unwrap()]).ok();

    let out = env.path("out");
    env.run(&["export", "--out", out.to_str().unwrap(), &id]).ok();
    assert!(out.join(format!("{id}-ccrf.pdf")).exists(), "no CCRF under the later policy");
    assert!(!out.join(format!("{id}-chronology.pdf")).exists());
}

/// Freezing for a practice review names whom to tell (003 §7.13: the Group Head and the
/// managing director), with the configured contacts, and records who was told.
#[test]
fn a_freeze_says_whom_to_tell_and_records_who_was_told() {
    let mut env = Env::with_store();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, "[contacts.group-head]\nname = \"Gina Head\"\nphone = \"020 7000 0001\"\n").unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    let one = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    let two = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();

    let run = env.run(&["freeze", &one, "--reason", "Review requested by the partners."]).ok();
    assert!(run.stderr.contains("Tell them of the request now"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Group Head") && run.stderr.contains("Gina Head, 020 7000 0001"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("managing director"), "{}", run.stderr);
    let shown = env.run(&["show", &one]).ok().stdout;
    assert!(shown.contains("nobody recorded when it was frozen"), "{shown}");

    let run = env
        .run(&["freeze", &two, "--reason", "Review requested.", "--told", "Gina Head, Group Head, by phone"])
        .ok();
    assert!(run.stderr.contains("Recorded as told:") && run.stderr.contains("by phone"), "{}", run.stderr);
    let rec = env.run(&["show", &two, "--json"]).ok().json();
    let frozen = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "frozen").unwrap();
    assert_eq!(frozen["body"]["told"][0], "Gina Head, Group Head, by phone", "{frozen}");
    assert_eq!(frozen["body"]["must_tell"], serde_json::json!(["group-head", "managing-director"]));
    assert!(env.run(&["show", &two]).ok().stdout.contains("told: Gina Head, Group Head, by phone"));
}

/// `review ID` plans the next review on the cadence of the kind the concern was raised as,
/// which its raised entry keeps, not the kind a later policy gives its `about` answer (issue 12):
/// an adult concern stays on the adults' review duty.
#[test]
fn a_review_follows_the_kind_the_concern_was_raised_as() {
    let mut env = Env::with_store();
    let answers = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers/adult.toml");
    let id = env.run(&["raise", "--answers", answers.to_str().unwrap(), "--json"]).ok().json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reviews = |env: &Env| -> Vec<(String, String)> {
        let rec = env.run(&["show", &id, "--json"]).ok().json();
        rec["duties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"].as_str().unwrap().starts_with("dp-review") && d["status"] != "done")
            .map(|d| (d["kind"].as_str().unwrap().to_owned(), d["status"].as_str().unwrap().to_owned()))
            .collect()
    };
    assert_eq!(reviews(&env), [("dp-review-adult".to_owned(), "open".to_owned())]);
    // The service now handles its "adult" answers as concerns about children.
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let overlay = format!(
        "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n\n\
         [[nodes]]\nid = \"about\"\nanswers = [\n\
         {{ value = \"child\", label = \"A child\", next = \"subject_initials\", kind = \"child\" }},\n\
         {{ value = \"unborn\", label = \"An unborn child\", next = \"unborn_notice\", kind = \"child\" }},\n\
         {{ value = \"adult\", label = \"An adult at risk\", next = \"subject_initials\", kind = \"child\" }},\n\
         {{ value = \"provider\", label = \"An independent care provider\", next = \"subject_name\", kind = \"provider\" }},\n\
         {{ value = \"staff\", label = \"A member of staff\", next = \"subject_name\", kind = \"staff\" }},\n\
         {{ value = \"code-red\", label = \"Code RED\", next = \"code_red_reason\", kind = \"code-red\" }},\n]\n"
    );
    let p = env.path("local-policy.toml");
    std::fs::write(&p, overlay).unwrap();
    env.run(&["policy", "check", p.to_str().unwrap()]).ok();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", p.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    env.run(&["review", &id, "--note", "Week one: the plan holds."]).ok();
    assert_eq!(reviews(&env), [("dp-review-adult".to_owned(), "open".to_owned())]);
}

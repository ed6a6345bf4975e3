//! `decide` on the interview engine (issue 12): the designated person's decision, the line
//! manager's recommendation and the parents' agreement (Tree F) are trees of the policy, asked
//! with the answer-file rules of `raise`; and the review cadence is policy data.

use serde_json::Value;

use crate::common::Env;
use crate::raise::{duty, raise};

/// Names `policy` in a config file and uses it.
fn use_policy(env: &mut Env, text: &str) {
    let p = env.path("local-policy.toml");
    std::fs::write(&p, text).unwrap();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", p.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
}

/// An overlay on the embedded default with these changes.
fn overlay(env: &Env, changes: &str) -> String {
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    format!(
        "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n{changes}"
    )
}

fn open_dues(rec: &Value, kind: &str) -> Vec<String> {
    rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == kind && d["status"] != "done")
        .map(|d| d["due"].as_str().unwrap_or("none").to_owned())
        .collect()
}

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\n";

#[test]
fn the_review_cadence_is_policy_data_and_an_overlay_changes_the_next_review() {
    // The default: weekly for four weeks from the raise (Mon 23 Nov 10:00), then monthly.
    let mut env = Env::with_store();
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&rec, "dp-review")["due"], "2026-11-30T10:00:00Z");
    assert_eq!(duty(&rec, "dp-review")["rules"][0]["within"], "weekly for the first 4 weeks, then monthly");
    env.set("SAFEGUARD_NOW", "2026-12-22T10:00:00Z");
    env.run(&["review", &id, "--note", "Week four.", "--by", "D", "--role", "DP"]).ok();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(open_dues(&rec, "dp-review"), ["2027-01-21T10:00:00Z"], "monthly from day 28");

    // A local overlay: two weekly reviews, then fortnightly.
    let mut env = Env::with_store();
    let local = overlay(
        &env,
        "[duties.dp-review]\ncadence = { weekly = 2, then = \"fortnightly\", from = \"raised\", source = \"local procedure\" }\n",
    );
    use_policy(&mut env, &local);
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    env.set("SAFEGUARD_NOW", "2026-12-08T10:00:00Z");
    env.run(&["review", &id, "--note", "Week two.", "--by", "D", "--role", "DP"]).ok();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    // Raised 23 Nov: week two is 7 Dec; a fortnight later is 21 Dec (the default: 14 Dec).
    assert_eq!(open_dues(&rec, "dp-review"), ["2026-12-21T10:00:00Z"]);
    let review = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "review").unwrap();
    assert_eq!(review["body"]["next_review"], "2026-12-21T10:00:00Z");
    assert_eq!(
        duty(&rec, "dp-review")["rules"][0]["within"],
        "weekly for the first 2 weeks, then every two weeks"
    );

    // `policy show` says the adult cadence is a local choice, and the overlay's cadence.
    let shown = env.run(&["policy", "show"]).ok().stdout;
    assert!(shown.contains("repeats: weekly for the first 2 weeks, then every two weeks"), "{shown}");
    assert!(
        shown.contains(
            "local choice (the seeds leave this open): The seeds give no review cadence for adults"
        ),
        "{shown}"
    );
    let json = env.run(&["policy", "show", "--json"]).ok().json();
    assert!(json["duties"]["dp-review-adult"]["local_choice"].is_string());
    assert_eq!(json["duties"]["dp-review-adult"]["cadence"]["then"], "monthly");
}

#[test]
fn a_cadence_with_rules_or_counted_from_an_event_is_refused() {
    let env = Env::new();
    let p = env.path("bad.toml");
    std::fs::write(
        &p,
        overlay(
            &env,
            "[duties.dp-review]\nrules = [{ within = \"7 calendar days\", source = \"x\" }]\n\
             [duties.dp-review-adult]\ncadence = { weekly = 4, then = \"monthly\", from = \"event\", source = \"x\" }\n",
        ),
    )
    .unwrap();
    let e = env.run(&["policy", "check", p.to_str().unwrap()]).code(2).stderr;
    assert!(e.contains("duty \"dp-review\": has both a `cadence` and `rules`"), "{e}");
    assert!(
        e.contains("duty \"dp-review-adult\": a cadence counts from when the concern was raised or noticed"),
        "{e}"
    );
}

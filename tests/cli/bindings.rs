//! Bindings (issue 12): a local policy that renames ids the code relies on, and says so in its
//! `[bindings]`, works end to end; one that renames them and leaves the bindings behind is
//! refused, by `policy check` and whenever it is loaded, naming the binding and the id.

use serde_json::Value;

use crate::common::{Env, Run};
use safeguard::policy::DEFAULT_POLICY;

/// The default policy with `subject_age` renamed `child_age` and `dp-review` renamed
/// `review-by-dp` (and `dp-review-adult` `review-by-dp-adult`) everywhere; with `rebind`, its
/// `[bindings]` name the new ids.
fn renamed(rebind: bool) -> String {
    let text = DEFAULT_POLICY.replace("subject_age", "child_age").replace("dp-review", "review-by-dp");
    // The binding's own name (the code's) stays `subject_age`.
    let id = if rebind { "child_age" } else { "subject_age" };
    let text = text.replace("child_age = \"child_age\"\n", &format!("subject_age = \"{id}\"\n"));
    if rebind { text } else { text.replace("review = \"review-by-dp\"\n", "review = \"dp-review\"\n") }
}

/// Writes `text` as the local policy and names it in the config; returns its path.
fn use_policy(env: &mut Env, text: &str) -> String {
    let p = env.path("local-policy.toml");
    std::fs::write(&p, text).unwrap();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", p.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    p.to_str().unwrap().to_owned()
}

/// Runs a command as the designated person at `now`.
fn at(env: &mut Env, now: &str, args: &[&str]) -> Run {
    env.set("SAFEGUARD_NOW", now);
    env.run(args)
}

fn file(env: &Env, name: &str, text: &str) -> String {
    let f = env.path(name);
    std::fs::write(&f, text).unwrap();
    f.to_str().unwrap().to_owned()
}

/// The open duties of the concern shown by `show --json`: (kind, due).
fn open_duties(env: &Env, id: &str) -> Vec<(String, String)> {
    let rec = env.run(&["show", id, "--json"]).ok().json();
    rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] != "done" && d["status"] != "cancelled")
        .map(|d| (d["kind"].as_str().unwrap().to_owned(), d["due"].as_str().unwrap_or("none").to_owned()))
        .collect()
}

#[test]
fn a_policy_that_renames_bound_ids_and_its_bindings_works_end_to_end() {
    let mut env = Env::with_store();
    let path = use_policy(&mut env, &renamed(true));
    env.run(&["policy", "check", &path]).ok();

    // raise --answers under the new question id.
    let answers = file(
        &env,
        "answers.toml",
        "reporter_name = \"Sam Jones\"\nreporter_role = \"Support worker\"\nimmediate_risk = \"no\"\n\
         about = \"child\"\nsubject_initials = \"JQ\"\nchild_age = 7\nprimary_category = \"neglect\"\n\
         description = \"Arrives hungry most days.\"\nsignificant_harm = \"yes\"\n",
    );
    let rec = env.run(&["raise", "--answers", &answers, "--json"]).ok().json();
    let id = rec["id"].as_str().unwrap().to_owned();
    assert_eq!(rec["subject"]["age"], 7, "the record keeps the age: {}", rec["subject"]);

    // The SARF shows it.
    let out = env.path("out");
    env.run(&["export", &id, "--format", "md", "--out", out.to_str().unwrap()]).ok();
    let sarf = std::fs::read_to_string(out.join(format!("{id}-sarf-child.md"))).unwrap();
    let age = sarf.lines().find(|l| l.contains("2. Age")).unwrap_or_else(|| panic!("no age line:\n{sarf}"));
    assert_eq!(age, "| 2. Age | 7 |", "{sarf}");

    // decide and log work with the renamed policy.
    let d =
        file(&env, "decide.toml", "outcome = \"child-protection-referral\"\ndecided_by = \"Dee Pee (DP)\"\n");
    at(&mut env, "2026-11-24T11:00:00Z", &["decide", &id, "--answers", &d]).ok();
    at(&mut env, "2026-11-24T12:00:00Z", &["log", &id, "phone-referral"]).ok();
    at(&mut env, "2026-11-24T12:30:00Z", &["log", &id, "note", "--note", "Mother phoned."]).ok();
    at(&mut env, "2026-11-24T12:30:00Z", &["log", &id, "note"]).code(2);

    // review --due shows the review under its new id, and never "no review date set".
    let review: Vec<(String, String)> =
        open_duties(&env, &id).into_iter().filter(|(k, _)| k == "review-by-dp").collect();
    assert_eq!(review, [("review-by-dp".to_owned(), "2026-11-30T10:00:00Z".to_owned())]);
    env.set("SAFEGUARD_NOW", "2026-11-30T11:00:00Z");
    let due: Value = env.run(&["review", "--due", "--json"]).ok().json();
    assert!(
        due.as_array().unwrap().iter().any(|d| d["concern"] == id.as_str() && d["kind"] == "review-by-dp"),
        "{due}"
    );
    let human = env.run(&["review", "--due"]).ok().stdout;
    assert!(!human.contains("no review date set"), "{human}");

    // A review plans the next one on the renamed duty's cadence.
    at(&mut env, "2026-11-30T11:00:00Z", &["review", &id, "--note", "Visit booked."]).ok();
    let review: Vec<(String, String)> =
        open_duties(&env, &id).into_iter().filter(|(k, _)| k == "review-by-dp").collect();
    assert_eq!(review, [("review-by-dp".to_owned(), "2026-12-07T10:00:00Z".to_owned())]);
    env.set("SAFEGUARD_NOW", "2026-11-30T11:00:00Z");
    let human = env.run(&["review", "--due"]).ok().stdout;
    assert!(!human.contains("no review date set"), "{human}");
}

#[test]
fn a_policy_that_renames_bound_ids_but_not_its_bindings_is_refused_naming_them() {
    let mut env = Env::with_store();
    let path = use_policy(&mut env, &renamed(false));
    let check = env.run(&["policy", "check", &path]).code(2).stderr;
    for want in [
        "bindings.answers.subject_age = \"subject_age\": no question has this id",
        "bindings.duties.review = \"dp-review\": no duty has this id",
    ] {
        assert!(check.contains(want), "{want:?} missing:\n{check}");
    }
    // Loading it for any command refuses it the same way.
    let answers = file(&env, "answers.toml", "immediate_risk = \"no\"\nabout = \"child\"\n");
    for args in [vec!["raise", "--answers", &answers], vec!["review", "--due"], vec!["policy", "show"]] {
        let e = env.run(&args).code(2).stderr;
        assert!(e.contains("bindings.answers.subject_age = \"subject_age\""), "{args:?}: {e}");
    }
}

#[test]
fn a_renamed_answer_the_forms_word_is_refused_unless_rebound() {
    let mut env = Env::new();
    // The answer and the question's default renamed; the binding left behind.
    let text = DEFAULT_POLICY
        .replace("\"not-known\"", "\"unknown\"")
        .replace("cp_plan_not_known = \"unknown\"", "cp_plan_not_known = \"not-known\"");
    let path = use_policy(&mut env, &text);
    let e = env.run(&["policy", "check", &path]).code(2).stderr;
    assert!(
        e.contains("bindings.choices.cp_plan_not_known = \"not-known\": question \"cp_plan\" has no answer \"not-known\""),
        "{e}"
    );
    let rebound = text.replace("cp_plan_not_known = \"not-known\"", "cp_plan_not_known = \"unknown\"");
    let path = use_policy(&mut env, &rebound);
    env.run(&["policy", "check", &path]).ok();
}

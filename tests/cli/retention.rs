//! Retention (issue 17, DOMAIN.md §6.5): every record shows the basis on which it is kept and
//! its review date where the policy sets a period; `review --due` lists a closed record whose
//! retention review has come, never a frozen one, and nothing is ever deleted.

use serde_json::Value;

use crate::common::Env;
use crate::raise::raise;

const STAFF: &str = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\nsubject_position = \"colleague\"\ndescription = \"Messages a 14-year-old late at night.\"\nstaff_criteria = [\"unsuitable\", \"risk\"]\n";
const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

/// Raises (at the fixed NOW), decides and closes a concern; returns its id.
fn closed(env: &mut Env, answers: &str, decision: &str, closed_at: &str) -> String {
    let id = raise(env, answers)["id"].as_str().unwrap().to_owned();
    let f = env.path(&format!("decide-{id}.toml"));
    std::fs::write(&f, decision).unwrap();
    env.set("SAFEGUARD_NOW", "2026-11-23T11:00:00Z");
    env.run(&["decide", &id, "--answers", f.to_str().unwrap()]).ok();
    env.set("SAFEGUARD_NOW", closed_at);
    // The duties the decision started are still open; these tests are about what happens after
    // closing, so the DP says why they are no longer needed (closing is refused otherwise).
    env.run(&["close", &id, "--reason", "Concluded.", "--cancel-open", "Overtaken by the outcome."]).ok();
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    id
}

const STAFF_DECISION: &str = "outcome = \"lado-referral\"\ndecided_with = \"Group Head, MD of HR\"\n";
const CHILD_DECISION: &str = "outcome = \"child-protection-referral\"\n";

/// The `retention-review` rows of `review --due --json` at `now`: (concern, due, owner).
fn retention_due(env: &mut Env, now: &str, more: &[&str]) -> Vec<(String, String, String)> {
    env.set("SAFEGUARD_NOW", now);
    let mut args = vec!["review", "--due", "--json"];
    args.extend_from_slice(more);
    let list = env.run(&args).ok().json();
    list.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "retention-review")
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap().to_owned();
            (s("concern"), s("due"), s("owner"))
        })
        .collect()
}

#[test]
fn a_staff_allegation_is_reviewed_ten_years_after_closing_and_listed_when_due() {
    let mut env = Env::with_store();
    let id = closed(&mut env, STAFF, STAFF_DECISION, "2026-12-01T10:00:00Z");
    let r = env.run(&["show", &id, "--json"]).ok().json()["retention"].clone();
    assert_eq!(r["source"], "003 §9.15 (DL-33)");
    assert_eq!(r["review_after_years"], 10);
    assert_eq!(r["review_due"], "2036-12-01T10:00:00Z");
    assert_eq!(r["state"], "scheduled");
    assert_eq!(r["owner"], "md-hr");
    assert!(r["basis"].as_str().unwrap().contains("normal retirement age"), "{r}");
    assert_eq!(r["or_later"], "retirement-date");
    let text = env.run(&["show", &id]).ok().stdout;
    assert!(text.contains("Retention: Kept on the employee's confidential file for 10 years"), "{text}");
    assert!(text.contains("retention review due"), "{text}");

    // A day before: nothing; --within brings it in; at the date it is listed, to MD HR.
    assert!(retention_due(&mut env, "2036-11-30T10:00:00Z", &[]).is_empty());
    let soon = retention_due(&mut env, "2036-11-30T10:00:00Z", &["--within", "2d"]);
    assert_eq!(soon, [(id.clone(), "2036-12-01T10:00:00Z".to_owned(), "md-hr".to_owned())]);
    let due = retention_due(&mut env, "2036-12-01T10:00:00Z", &[]);
    assert_eq!(due, [(id.clone(), "2036-12-01T10:00:00Z".to_owned(), "md-hr".to_owned())]);
    let text = env.run(&["review", "--due"]).ok().stdout;
    assert!(text.contains("Retention reviews due"), "{text}");
    assert!(text.contains(&id), "{text}");
    assert!(text.contains("nothing is deleted automatically"), "{text}");
    env.run(&["review", "--due", "--fail-if-due"]).code(10);
    // Listing deletes nothing: the record is still there, whole.
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["status"], "closed");
    assert_eq!(shown["retention"]["state"], "due");
    env.run(&["verify"]).ok();
}

/// The retention review of `id` as `show --json` gives it.
fn retention_of(env: &Env, id: &str) -> Value {
    env.run(&["show", id, "--json"]).ok().json()["retention"].clone()
}

#[test]
fn a_staff_allegation_is_kept_to_the_retirement_date_when_that_is_later() {
    // 003 §9.15 (DL-33): "10 years or to retirement age if later".
    let mut env = Env::with_store();
    let id = closed(&mut env, STAFF, STAFF_DECISION, "2026-12-01T10:00:00Z");
    let r = retention_of(&env, &id);
    assert_eq!(
        (r["review_due"].as_str(), r["or_later"].as_str()),
        (Some("2036-12-01T10:00:00Z"), Some("retirement-date"))
    );
    assert_eq!(r["later_date"], Value::Null);
    let text = env.run(&["show", &id]).ok().stdout;
    assert!(text.contains("that date is not logged yet"), "{text}");

    // HR gives the date after the closing: the closed record takes it, and nothing else.
    env.set("SAFEGUARD_NOW", "2026-12-02T10:00:00Z");
    let logged = env.run(&["log", &id, "retirement-date", "--date", "2041-06-30"]).ok();
    assert!(logged.stderr.contains("date recorded: Sun 30 Jun 2041"), "{}", logged.stderr);
    env.run(&["log", &id, "note", "--note", "Not on a closed record."]).code(2);
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    let r = retention_of(&env, &id);
    // The start of that day, UK time (BST): later than ten years after the closing.
    assert_eq!(r["review_due"], "2041-06-29T23:00:00Z");
    assert_eq!(r["later_date"], "2041-06-30");
    assert!(env.run(&["show", &id]).ok().stdout.contains("or on Sun 30 Jun 2041"));
    // Ten years on it is not listed; on the retirement date it is.
    assert!(retention_due(&mut env, "2036-12-02T10:00:00Z", &[]).is_empty());
    assert!(retention_due(&mut env, "2041-06-29T22:59:00Z", &[]).is_empty());
    let due = retention_due(&mut env, "2041-06-29T23:00:00Z", &[]);
    assert_eq!(due, [(id.clone(), "2041-06-29T23:00:00Z".to_owned(), "md-hr".to_owned())]);

    // A retirement date before the ten years are up changes nothing: ten years governs.
    let early = closed(&mut env, STAFF, STAFF_DECISION, "2026-12-01T10:00:00Z");
    env.set("SAFEGUARD_NOW", "2026-12-02T10:00:00Z");
    env.run(&["log", &early, "retirement-date", "--date", "2030-01-31"]).ok();
    let r = retention_of(&env, &early);
    assert_eq!(
        (r["review_due"].as_str(), r["later_date"].as_str()),
        (Some("2036-12-01T10:00:00Z"), Some("2030-01-31"))
    );
    let due = retention_due(&mut env, "2036-12-01T10:00:00Z", &[]);
    assert_eq!(due.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(), [early.as_str()]);
    env.run(&["verify"]).ok();
}

#[test]
fn a_retirement_date_is_asked_for_and_only_where_it_belongs() {
    let mut env = Env::with_store();
    let staff = raise(&env, STAFF)["id"].as_str().unwrap().to_owned();
    let child = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    let e = env.run(&["log", &staff, "retirement-date"]).code(2).stderr;
    assert!(e.contains("retirement-date needs --date YYYY-MM-DD"), "{e}");
    let e = env.run(&["log", &staff, "retirement-date", "--date", "30/06/2041"]).code(2).stderr;
    assert!(e.contains("--date") && e.contains("is not a date like"), "{e}");
    let e = env.run(&["log", &staff, "note", "--note", "x", "--date", "2041-06-30"]).code(2).stderr;
    assert!(e.contains("note does not, so leave out --date"), "{e}");
    let e = env.run(&["log", &child, "retirement-date", "--date", "2041-06-30"]).code(2).stderr;
    assert!(e.contains("goes only on a concern about"), "{e}");
    // Nothing of the refused attempts was written.
    let json = env.run(&["show", &staff, "--json"]).ok().json();
    assert_eq!(json["timeline"].as_array().unwrap().len(), 1, "{json}");
    env.set("SAFEGUARD_NOW", crate::common::NOW);
}

#[test]
fn a_frozen_record_is_never_listed_for_retention_review() {
    // A record is frozen while open (a closed one takes only amendments), and it stays frozen:
    // it is kept, with no review date, however long after.
    let mut env = Env::with_store();
    let kept = closed(&mut env, STAFF, STAFF_DECISION, "2026-12-01T10:00:00Z");
    let frozen = raise(&env, STAFF)["id"].as_str().unwrap().to_owned();
    env.set("SAFEGUARD_NOW", "2026-12-01T10:00:00Z");
    env.run(&["freeze", &frozen, "--reason", "Practice review requested."]).ok();
    let due = retention_due(&mut env, "2090-01-01T10:00:00Z", &[]);
    assert_eq!(due.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(), [kept.as_str()]);
    let r = env.run(&["show", &frozen, "--json"]).ok().json()["retention"].clone();
    assert_eq!(r["state"], "frozen");
    assert_eq!(r["review_due"], Value::Null);
    assert!(env.run(&["show", &frozen]).ok().stdout.contains("no retention review while frozen"));
}

#[test]
fn a_child_record_has_no_fixed_period_unless_the_organisation_sets_one() {
    let mut env = Env::with_store();
    let open = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    let id = closed(&mut env, CHILD, CHILD_DECISION, "2026-12-03T10:00:00Z");
    let r = env.run(&["show", &id, "--json"]).ok().json()["retention"].clone();
    assert_eq!(r["state"], "no-period");
    assert_eq!(r["review_after_years"], Value::Null);
    assert_eq!(r["review_due"], Value::Null);
    assert!(r["source"].as_str().unwrap().contains("DOMAIN.md §6.5"), "{r}");
    assert!(env.run(&["show", &id]).ok().stdout.contains("no retention period is set"));
    assert!(retention_due(&mut env, "2120-01-01T10:00:00Z", &[]).is_empty());

    // An organisation's schedule in an overlay: seven years from the closing.
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let p = env.path("local.toml");
    std::fs::write(
        &p,
        format!(
            "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n\
             [retention.child]\nreview_after_years = 7\nbasis = \"Our approved schedule: 7 years after closing.\"\nsource = \"local schedule\"\n"
        ),
    )
    .unwrap();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", p.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    let r = env.run(&["show", &id, "--json"]).ok().json()["retention"].clone();
    assert_eq!(r["review_due"], "2033-12-03T10:00:00Z");
    assert_eq!(r["owner"], "designated-person", "kept from the default");
    let still_open = env.run(&["show", &open, "--json"]).ok().json()["retention"].clone();
    assert_eq!((still_open["state"].as_str(), still_open["review_due"].as_str()), (Some("open"), None));
    assert!(retention_due(&mut env, "2033-12-03T09:59:00Z", &[]).is_empty());
    let due = retention_due(&mut env, "2033-12-03T10:00:00Z", &[]);
    assert_eq!(due, [(id, "2033-12-03T10:00:00Z".to_owned(), "designated-person".to_owned())]);
}

#[test]
fn a_policy_with_a_broken_retention_is_refused_on_load() {
    let env = Env::new();
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let check = |name: &str, changes: &str| {
        let p = env.path(name);
        std::fs::write(
            &p,
            format!(
                "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n{changes}"
            ),
        )
        .unwrap();
        env.run(&["policy", "check", p.to_str().unwrap()]).code(2).stderr
    };
    let e = check("zero.toml", "[retention.staff]\nreview_after_years = 0\n");
    assert!(e.contains("retention \"staff\": `review_after_years` is 0; give 1 to 100"), "{e}");
    let e = check(
        "kind.toml",
        "[retention.pupil]\nowner = \"designated-person\"\nbasis = \"b\"\nsource = \"s\"\n",
    );
    assert!(e.contains("retention \"pupil\": is not a kind of record"), "{e}");
    let e = check("owner.toml", "[retention.child]\nowner = \"archivist\"\n");
    assert!(e.contains("retention \"child\": owner \"archivist\" is not in [roles]"), "{e}");
    // A date to keep the record to must be one an event records, with a period to compare.
    let e = check("later.toml", "[retention.staff]\nor_later = \"note\"\n");
    assert!(e.contains("retention \"staff\": or_later \"note\" records no date"), "{e}");
    let e = check("later2.toml", "[retention.staff]\nor_later = \"pension\"\n");
    assert!(e.contains("retention \"staff\": or_later \"pension\" is not in [events]"), "{e}");
    let e =
        check("later3.toml", "[retention.child]\nor_later = \"retirement-date\"\nreview_after_years = 5\n");
    assert!(
        e.contains(
            "retention \"child\": or_later \"retirement-date\" cannot be logged on a record of this kind"
        ),
        "{e}"
    );
    let e = check("basis.toml", "[retention.adult]\nbasis = \" \"\n");
    assert!(e.contains("retention \"adult\": `basis` says on what basis"), "{e}");
    let e = check("gone.toml", "[remove]\nretention = [\"provider\"]\n");
    assert!(e.contains("no [retention.provider]"), "{e}");
    // The FGM anonymity of the same policy (003 §17.12) is checked the same way.
    let e = check("anon.toml", "[anonymity.fgm]\nreferral_to = [\"press\"]\nwithheld = \"\"\n");
    assert!(
        e.contains("anonymity \"fgm\": `referral_to` names role \"press\", which is not in [roles]"),
        "{e}"
    );
    assert!(e.contains("anonymity \"fgm\": `withheld` gives the words"), "{e}");
    let e =
        check("when.toml", "[anonymity.fgm]\nwhen = { answer = \"no_such_question\", contains = \"fgm\" }\n");
    assert!(e.contains("anonymity \"fgm\"") && e.contains("no_such_question"), "{e}");
}

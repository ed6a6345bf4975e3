//! Whole cases with the clock moved forward (issue 4): at chosen moments `review --due --json`
//! lists exactly the duties overdue then, and no others.

use serde_json::Value;

use crate::common::Env;
use crate::raise::{duty, raise};

/// (concern, kind) of everything `review --due --json` lists at `now`.
fn due_at(env: &mut Env, now: &str) -> Vec<(String, String)> {
    env.set("SAFEGUARD_NOW", now);
    let list = env.run(&["review", "--due", "--json"]).ok().json();
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| (d["concern"].as_str().unwrap().to_owned(), d["kind"].as_str().unwrap().to_owned()))
        .collect()
}

fn kinds_due(env: &mut Env, now: &str) -> Vec<String> {
    due_at(env, now).into_iter().map(|(_, k)| k).collect()
}

fn at(env: &mut Env, now: &str, args: &[&str]) {
    env.set("SAFEGUARD_NOW", now);
    let full = args.to_vec();
    env.run(&full).ok();
}

fn decide(env: &mut Env, now: &str, id: &str, toml: &str) -> crate::common::Run {
    env.set("SAFEGUARD_NOW", now);
    let f = env.path(&format!("decide-{}.toml", now.replace(':', "")));
    std::fs::write(&f, toml).unwrap();
    env.run(&["decide", id, "--answers", f.to_str().unwrap()])
}

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\n";

#[test]
fn child_protection_referral_from_raise_to_close() {
    let mut env = Env::with_store();
    // Raised Mon 23 Nov 2026 10:00.
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    assert!(kinds_due(&mut env, "2026-11-23T10:30:00Z").is_empty());
    assert_eq!(
        kinds_due(&mut env, "2026-11-24T11:00:00Z"),
        ["report-to-line-manager", "sarf-to-dp", "dp-decision"]
    );

    at(&mut env, "2026-11-24T11:00:00Z", &["log", &id, "line-manager-discussed"]);
    at(&mut env, "2026-11-24T11:00:00Z", &["log", &id, "sarf-sent"]);
    decide(
        &mut env,
        "2026-11-24T11:00:00Z",
        &id,
        "outcome = \"child-protection-referral\"\ndecided_by = \"Dee Pee (DP)\"",
    )
    .ok();
    assert!(kinds_due(&mut env, "2026-11-24T11:00:00Z").is_empty());
    // The phone referral is due a working day after the decision.
    assert_eq!(kinds_due(&mut env, "2026-11-25T11:00:00Z"), ["phone-referral"]);
    at(&mut env, "2026-11-24T12:00:00Z", &["log", &id, "phone-referral", "--at", "2026-11-24T12:00:00Z"]);
    // Written follow-up 48 hours after the call; LA reply 1 working day; chase at 3 working days.
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&shown, "written-referral")["due"], "2026-11-26T12:00:00Z");
    assert_eq!(duty(&shown, "la-acknowledgement")["due"], "2026-11-25T12:00:00Z");
    assert_eq!(duty(&shown, "la-chase")["due"], "2026-11-27T12:00:00Z");
    assert_eq!(kinds_due(&mut env, "2026-11-25T13:00:00Z"), ["la-acknowledgement"]);
    at(&mut env, "2026-11-25T15:00:00Z", &["log", &id, "la-acknowledged"]);
    // The acknowledgement also settles the chase.
    assert_eq!(kinds_due(&mut env, "2026-11-27T13:00:00Z"), ["written-referral"]);
    at(&mut env, "2026-11-27T13:00:00Z", &["log", &id, "written-referral"]);
    at(&mut env, "2026-11-27T14:00:00Z", &["sign", &id, "--comments", "Form complete."]);
    assert!(kinds_due(&mut env, "2026-11-27T14:00:00Z").is_empty());
    // First weekly review: Mon 30 Nov 10:00.
    assert_eq!(kinds_due(&mut env, "2026-11-30T11:00:00Z"), ["dp-review"]);
    at(
        &mut env,
        "2026-11-30T11:00:00Z",
        &["review", &id, "--note", "Strategy meeting held; child safe at home with mother."],
    );
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let next: Vec<&Value> = shown["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "dp-review" && d["status"] == "open")
        .collect();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0]["due"], "2026-12-07T10:00:00Z");
    at(
        &mut env,
        "2026-12-03T10:00:00Z",
        &["close", &id, "--reason", "Child protection plan ended; no further concerns."],
    );
    assert!(kinds_due(&mut env, "2027-06-01T10:00:00Z").is_empty());
    let listed = env.run(&["list", "--json"]).ok().json();
    assert_eq!(listed[0]["status"], "closed");
    assert_eq!(listed[0]["outcome"], "child-protection-referral");
    env.run(&["verify"]).ok();
}

#[test]
fn adult_referral_without_consent() {
    let mut env = Env::with_store();
    let rec = raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 80\ndescription = \"Son takes her pension.\"\ncare_and_support_needs = \"yes\"\nabuse_or_neglect = \"yes\"\nunable_to_protect = \"yes\"\ncapacity = \"yes\"\nconsent = \"no\"\noverriding_interest = [\"crime\"]\n",
    );
    let id = rec["id"].as_str().unwrap().to_owned();
    assert_eq!(rec["recommendation"], "adult-referral-without-consent");
    let out = decide(
        &mut env,
        "2026-11-23T12:00:00Z",
        &id,
        "outcome = \"adult-referral-without-consent\"\ndecided_by = \"Dee Pee (DP)\"",
    )
    .ok();
    assert!(out.stderr.contains("did not consent"), "{}", out.stderr);
    at(&mut env, "2026-11-23T12:00:00Z", &["log", &id, "line-manager-discussed"]);
    at(&mut env, "2026-11-23T12:00:00Z", &["log", &id, "sarf-sent"]);
    // The reporter's action and the decision are signed and dated on the day (003 §6.11).
    at(&mut env, "2026-11-23T12:00:00Z", &["log", &id, "adult-form-signed"]);
    // The referral is due within one working day of the concern (003 §6.10), and with it the
    // local authority is told that consent was not given (003 §6.15, a duty since issue 15).
    let mut due = kinds_due(&mut env, "2026-11-24T10:30:00Z");
    due.sort();
    assert_eq!(due, ["adult-referral", "tell-la-no-consent"]);
    at(
        &mut env,
        "2026-11-24T10:30:00Z",
        &["log", &id, "adult-referral", "--note", "LA told the adult did not consent."],
    );
    at(&mut env, "2026-11-24T10:30:00Z", &["log", &id, "la-told-no-consent"]);
    // Countersignature: "5 days" with no unit, calendar by default: Sat 28 Nov 10:00.
    assert!(kinds_due(&mut env, "2026-11-28T09:00:00Z").is_empty());
    assert_eq!(kinds_due(&mut env, "2026-11-28T10:00:00Z"), ["countersign-adult"]);
    // The adult's first review (the child cadence, as the seed gives none for adults).
    assert_eq!(kinds_due(&mut env, "2026-11-30T10:00:00Z"), ["countersign-adult", "dp-review-adult"]);
}

#[test]
fn provider_concern_ccrf_goes_overdue_and_is_sent() {
    let mut env = Env::with_store();
    env.set("SAFEGUARD_NOW", "2026-11-20T15:00:00Z");
    let rec = raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"Oakview\"\ndescription = \"Wet beds.\"\nnoticed_at = 2026-11-20T10:00:00Z\nabuse_suspected = \"no\"\n",
    );
    let id = rec["id"].as_str().unwrap().to_owned();
    assert!(kinds_due(&mut env, "2026-11-22T12:00:00Z").is_empty());
    assert_eq!(kinds_due(&mut env, "2026-11-23T10:00:00Z"), ["ccrf"]);
    at(&mut env, "2026-11-23T10:05:00Z", &["log", &id, "ccrf-sent"]);
    assert!(kinds_due(&mut env, "2026-11-23T10:05:00Z").is_empty());
}

#[test]
fn a_decision_counts_its_duties_from_when_the_concern_was_noticed() {
    let mut env = Env::with_store();
    env.set("SAFEGUARD_NOW", "2026-11-20T15:00:00Z");
    let rec = raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"Oakview\"\ndescription = \"Bruised resident.\"\nnoticed_at = 2026-11-20T10:00:00Z\nabuse_suspected = \"no\"\n",
    );
    let id = rec["id"].as_str().unwrap().to_owned();
    // The DP decides it is abuse after all: the safeguarding concern is due 24 hours from when
    // it was noticed (004 Part 1 ¶3, DL-36), not from the raise or the decision.
    decide(
        &mut env,
        "2026-11-20T16:00:00Z",
        &id,
        "outcome = \"safeguarding-concern\"\nreason = \"Bruising is abuse.\"",
    )
    .ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&shown, "safeguarding-concern")["due"], "2026-11-21T10:00:00Z");
}

#[test]
fn a_decision_does_not_redo_a_referral_already_made() {
    let mut env = Env::with_store();
    let rec = raise(&env, &CHILD.replace("immediate_risk = \"no\"", "immediate_risk = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    at(&mut env, "2026-11-23T10:20:00Z", &["log", &id, "phone-referral"]);
    at(&mut env, "2026-11-23T10:20:00Z", &["log", &id, "line-manager-discussed"]);
    at(&mut env, "2026-11-23T10:20:00Z", &["log", &id, "group-head-told"]);
    decide(&mut env, "2026-11-23T11:00:00Z", &id, "outcome = \"urgent-referral\"").ok();
    assert!(
        kinds_due(&mut env, "2026-11-23T11:00:00Z").is_empty(),
        "the referral made at 10:20 is due again"
    );
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let referrals =
        shown["duties"].as_array().unwrap().iter().filter(|d| d["kind"] == "phone-referral").count();
    assert_eq!(referrals, 1);
    // A decision that leads to a new decision still starts one.
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"unclear\"\nconsult_la_first = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    decide(&mut env, "2026-11-23T11:00:00Z", &id, "outcome = \"la-consultation\"").ok();
    assert_eq!(kinds_due(&mut env, "2026-11-24T11:30:00Z").iter().filter(|k| *k == "dp-decision").count(), 1);
}

#[test]
fn keep_under_review_task_goes_overdue() {
    let mut env = Env::with_store();
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"no\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    assert_eq!(rec["recommendation"], "keep-under-review");
    // An action plan is required, with a reason only when the decision differs.
    let e = decide(&mut env, "2026-11-23T11:00:00Z", &id, "outcome = \"keep-under-review\"").code(2).stderr;
    assert!(e.contains("`action_plan`"), "{e}");
    let e = decide(&mut env, "2026-11-23T11:00:00Z", &id, "outcome = \"assessment-referral\"").code(2).stderr;
    assert!(e.contains("`reason`"), "{e}");
    let e = decide(&mut env, "2026-11-23T11:00:00Z", &id, "outcome = \"adult-referral\"\nreason = \"x\"")
        .code(2)
        .stderr;
    assert!(e.contains("`outcome`") && e.contains("keep-under-review"), "{e}");
    let e = decide(&mut env, "2026-11-23T11:00:00Z", &id, "outcme = \"keep-under-review\"").code(2).stderr;
    assert!(e.contains("`outcme`"), "{e}");
    decide(
        &mut env,
        "2026-11-23T11:00:00Z",
        &id,
        // A native TOML date, as people write them.
        "outcome = \"keep-under-review\"\ndecided_by = \"Dee Pee (DP)\"\naction_plan = [{ task = \"Home visit\", owner = \"Family worker\", due = 2026-11-27 }]\n",
    )
    .ok();
    at(&mut env, "2026-11-23T11:00:00Z", &["log", &id, "line-manager-discussed"]);
    at(&mut env, "2026-11-23T11:00:00Z", &["log", &id, "sarf-sent"]);
    assert_eq!(kinds_due(&mut env, "2026-11-24T12:00:00Z"), ["notify-head-of-safeguarding"]);
    at(&mut env, "2026-11-24T12:00:00Z", &["log", &id, "head-of-safeguarding-told"]);
    assert!(kinds_due(&mut env, "2026-11-27T23:00:00Z").is_empty());
    assert_eq!(kinds_due(&mut env, "2026-11-28T09:00:00Z"), ["action-plan-task"]);
    let list = env.run(&["review", "--due", "--json"]).ok().json();
    assert_eq!(list[0]["title"], "Home visit");
    assert_eq!(list[0]["owner"], "Family worker");
    at(
        &mut env,
        "2026-11-28T09:00:00Z",
        &["log", &id, "task-done", "--note", "Visited; home warm, food in."],
    );
    assert!(kinds_due(&mut env, "2026-11-28T09:00:00Z").is_empty());
}

#[test]
fn the_line_manager_must_give_reasons_for_no_referral() {
    let mut env = Env::with_roles("designated-person,countersignatory,line-manager");
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"no\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    let e = decide(
        &mut env,
        "2026-11-23T11:00:00Z",
        &id,
        "role = \"line-manager\"\nrecommend = \"do-not-refer\"",
    )
    .code(2)
    .stderr;
    assert!(e.contains("`reason`") && e.contains("3.6"), "{e}");
    decide(&mut env, "2026-11-23T11:00:00Z", &id, "role = \"line-manager\"\nrecommend = \"do-not-refer\"\nreason = \"Known to services; plan in place.\"\ndecided_by = \"Dee Pee (line-manager)\"").ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&shown, "report-to-line-manager")["status"], "done");
    assert_eq!(duty(&shown, "dp-decision")["status"], "open", "the LM's view is not the DP's decision");
    assert_eq!(shown["outcome"], Value::Null);
    // And a concern cannot be closed before the DP decides.
    env.set("SAFEGUARD_NOW", "2026-11-23T12:00:00Z");
    let e = env.run(&["close", &id, "--reason", "x"]).code(2).stderr;
    assert!(e.contains("decision"), "{e}");
}

#[test]
fn consultation_leads_back_to_a_new_decision() {
    let mut env = Env::with_store();
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"unclear\"\nconsult_la_first = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    decide(
        &mut env,
        "2026-11-23T11:00:00Z",
        &id,
        "outcome = \"la-consultation\"\nconsulted = \"LA duty desk\"\nadvice = \"Refer for assessment.\"",
    )
    .ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let open: Vec<&Value> = shown["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "dp-decision" && d["status"] == "open")
        .collect();
    assert_eq!(open.len(), 1, "a new decision is due after consulting");
    assert_eq!(open[0]["due"], "2026-11-24T11:00:00Z");
    decide(
        &mut env,
        "2026-11-23T15:00:00Z",
        &id,
        "outcome = \"assessment-referral\"\nreason = \"On the LA's advice.\"",
    )
    .ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["outcome"], "assessment-referral");
    let decisions = shown["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "decision").count();
    assert_eq!(decisions, 2, "the earlier decision is kept");
}

#[test]
fn a_frozen_concern_refuses_everything_and_is_listed_apart() {
    let mut env = Env::with_store();
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    at(
        &mut env,
        "2026-11-23T12:00:00Z",
        &["freeze", &id, "--reason", "Practice review requested by the safeguarding partners."],
    );
    env.set("SAFEGUARD_NOW", "2026-11-24T12:00:00Z");
    let before = env.run(&["show", &id, "--json"]).ok().stdout;
    let answers = env.path("d.toml");
    std::fs::write(&answers, "outcome = \"child-protection-referral\"").unwrap();
    for args in [
        vec!["log", &id, "note", "--note", "more"],
        vec!["log", &id, "phone-referral"],
        vec!["review", &id, "--note", "x"],
        vec!["sign", &id],
        vec!["decide", &id, "--answers", answers.to_str().unwrap()],
        vec!["close", &id, "--reason", "x"],
        vec!["freeze", &id, "--reason", "again"],
    ] {
        let full = args.clone();
        let run = env.run(&full).code(6);
        assert!(run.stderr.contains("frozen"), "{args:?}: {}", run.stderr);
    }
    assert_eq!(env.run(&["show", &id, "--json"]).ok().stdout, before, "a refused command changed the record");
    // No reminders for a frozen concern; it is listed apart.
    assert!(kinds_due(&mut env, "2026-12-30T12:00:00Z").is_empty());
    let human = env.run(&["review", "--due"]).ok().stdout;
    assert!(human.contains("Frozen") && human.contains(&id), "{human}");
    env.run(&["verify"]).ok();
}

#[test]
fn escalation_stages_and_the_record_of_escalation() {
    let mut env = Env::with_store();
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    let e = env.run(&["log", &id, "escalation"]).code(2).stderr;
    assert!(e.contains("--stage"), "{e}");
    at(
        &mut env,
        "2026-11-23T12:00:00Z",
        &["log", &id, "escalation", "--stage", "1", "--note", "LA will not accept the referral."],
    );
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&shown, "escalation-stage")["due"], "2026-11-30T12:00:00Z", "one working week per stage");
    at(&mut env, "2026-11-30T13:00:00Z", &["log", &id, "escalation", "--stage", "3"]);
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let stages: Vec<&Value> =
        shown["duties"].as_array().unwrap().iter().filter(|d| d["kind"] == "escalation-stage").collect();
    assert_eq!(stages.len(), 2);
    assert_eq!(stages.iter().filter(|d| d["status"] == "done").count(), 1);
    assert_eq!(duty(&shown, "escalation-record")["due"], "2026-12-07T13:00:00Z");
}

/// Whether the concern has a duty of `kind` (any status).
fn has_duty(env: &Env, id: &str, kind: &str) -> bool {
    let shown = env.run(&["show", id, "--json"]).ok().json();
    shown["duties"].as_array().unwrap().iter().any(|d| d["kind"] == kind)
}

#[test]
fn the_escalation_stages_come_from_the_policy_and_an_overlay_can_move_the_record_of_escalation() {
    // The default: stage 2 starts no record of escalation; a stage outside the policy's is
    // refused, saying which there are; an event without stages refuses --stage.
    let mut env = Env::with_store();
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    at(&mut env, "2026-11-23T12:00:00Z", &["log", &id, "escalation", "--stage", "2"]);
    assert!(!has_duty(&env, &id, "escalation-record"), "stage 2 started the record of escalation");
    let e = env.run(&["log", &id, "escalation", "--stage", "6"]).code(2).stderr;
    assert!(e.contains("stage 6") && e.contains("beyond stage 4"), "{e}");
    let e = env.run(&["log", &id, "note", "--stage", "2", "--note", "x"]).code(2).stderr;
    assert!(e.contains("no stages"), "{e}");

    // An overlay that starts the record of escalation from stage 2 (and has three stages).
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let overlay = env.path("local.toml");
    std::fs::write(
        &overlay,
        format!(
            "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\n\
             extends_version = {v:?}\n\
             [events.escalation.stages]\nfirst = 1\nlast = 3\nhelp = \"1 to 3\"\nsource = \"local procedure\"\n\
             [[events.escalation.stages.from]]\nstage = 2\nstart = [\"escalation-record\"]\nsource = \"local procedure\"\n"
        ),
    )
    .unwrap();
    env.run(&["policy", "check", overlay.to_str().unwrap()]).ok();
    // A threshold outside the stages is refused, naming the event.
    let bad = env.path("bad.toml");
    let text = std::fs::read_to_string(&overlay).unwrap().replace("stage = 2", "stage = 7");
    std::fs::write(&bad, text).unwrap();
    let e = env.run(&["policy", "check", bad.to_str().unwrap()]).code(2).stderr;
    assert!(e.contains("event \"escalation\": `stages.from` names stage 7, outside stages 1 to 3"), "{e}");
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", overlay.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    at(&mut env, "2026-11-23T12:00:00Z", &["log", &id, "escalation", "--stage", "2"]);
    assert!(has_duty(&env, &id, "escalation-record"), "the overlay's stage 2 did not start the record");
    let e = env.run(&["log", &id, "escalation", "--stage", "4"]).code(2).stderr;
    assert!(e.contains("stage 4") && e.contains("1 to 3"), "{e}");
    // The record of escalation form follows the duty.
    let out = env.path("out");
    env.run(&["export", &id, "--format", "md", "--out", out.to_str().unwrap()]).ok();
    assert!(out.join(format!("{id}-escalation.md")).exists(), "no record of escalation exported");
}

#[test]
fn corrections_are_new_entries_that_name_what_they_correct() {
    let mut env = Env::with_store();
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let id = rec["id"].as_str().unwrap().to_owned();
    at(
        &mut env,
        "2026-11-23T12:00:00Z",
        &["log", &id, "amend", "--entry", "2", "--note", "The bruises were on the left arm only."],
    );
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let last = shown["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "amendment");
    assert_eq!(last["body"]["corrects"], 2);
    assert_eq!(
        shown["timeline"][0]["body"]["transcript"], rec["timeline"][0]["body"]["transcript"],
        "the original was edited"
    );
    let other = raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let e = env
        .run(&["log", other["id"].as_str().unwrap(), "amend", "--entry", "1", "--note", "x"])
        .code(2)
        .stderr;
    assert!(e.contains("not part of"), "{e}");
    let e = env.run(&["log", &id, "teleported"]).code(2).stderr;
    assert!(e.contains("unknown event") && e.contains("phone-referral"), "{e}");
    let e = env.run(&["log", &id, "note", "--at", "2030-01-01T00:00:00Z", "--note", "x"]).code(2).stderr;
    assert!(e.contains("future"), "{e}");
}

#[test]
fn review_due_within_and_fail_if_due() {
    let mut env = Env::with_store();
    raise(&env, &format!("{CHILD}significant_harm = \"yes\""));
    env.set("SAFEGUARD_NOW", "2026-11-23T12:00:00Z");
    env.run(&["review", "--due", "--fail-if-due"]).ok();
    let soon = env.run(&["review", "--due", "--within", "1d", "--json"]).ok().json();
    let kinds: Vec<&str> = soon.as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["report-to-line-manager", "sarf-to-dp", "dp-decision"]);
    assert_eq!(soon[0]["overdue_by"], Value::Null);
    env.set("SAFEGUARD_NOW", "2026-11-25T12:00:00Z");
    let run = env.run(&["review", "--due", "--fail-if-due"]).code(10);
    assert!(run.stdout.contains("overdue by"), "{}", run.stdout);
    env.run(&["review", "--due"]).ok();
    env.run(&["review", "--due", "--within", "7y"]).code(2);
    env.run(&["review", "SG-2026-0001"]).code(2);
}

/// Open duties of `kind` on a concern, with their due times.
fn open_dues(env: &Env, id: &str, kind: &str) -> Vec<String> {
    let shown = env.run(&["show", id, "--json"]).ok().json();
    shown["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == kind && d["status"] != "done")
        .map(|d| d["due"].as_str().unwrap_or("none").to_owned())
        .collect()
}

#[test]
fn after_the_referral_clarification_statement_and_strategy_meeting() {
    let mut env = Env::with_store();
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    // Fri 27 Nov 2026 15:00: the social worker asks for more detail: answer within one working
    // day, so by Mon 30 Nov 15:00 (003 §7.1, DL-18).
    at(&mut env, "2026-11-27T15:00:00Z", &["log", &id, "la-clarification-requested"]);
    assert_eq!(open_dues(&env, &id, "la-clarification"), ["2026-11-30T15:00:00Z"]);
    // The police ask for a statement and a strategy meeting is called: both at once (§7.2, §7.3).
    at(&mut env, "2026-11-27T16:00:00Z", &["log", &id, "police-statement-requested"]);
    at(&mut env, "2026-11-27T16:00:00Z", &["log", &id, "strategy-meeting-invited"]);
    assert_eq!(open_dues(&env, &id, "police-statement"), ["2026-11-27T16:00:00Z"]);
    assert_eq!(open_dues(&env, &id, "strategy-meeting-consult"), ["2026-11-27T16:00:00Z"]);
    let due = kinds_due(&mut env, "2026-11-27T16:01:00Z");
    assert!(
        due.contains(&"police-statement".to_owned()) && due.contains(&"strategy-meeting-consult".to_owned())
    );
    assert!(!due.contains(&"la-clarification".to_owned()), "not due until Monday: {due:?}");
    at(&mut env, "2026-11-27T16:30:00Z", &["log", &id, "line-manager-discussed"]);
    at(&mut env, "2026-11-27T17:00:00Z", &["log", &id, "police-statement-given"]);
    at(&mut env, "2026-11-30T10:00:00Z", &["log", &id, "la-clarification-given"]);
    for kind in ["la-clarification", "police-statement", "strategy-meeting-consult"] {
        assert!(open_dues(&env, &id, kind).is_empty(), "{kind} still open");
    }
}

#[test]
fn a_child_who_runs_away_twice_needs_a_local_authority_review() {
    let mut env = Env::with_store();
    let missing = format!("{CHILD}significant_harm = \"no\"\nspecial = [\"missing\"]\n");
    // Missing now when raised: the next episode is the second (003 §13.10, DL-44).
    let a = raise(&env, &format!("{missing}missing_now = \"yes\"\n"))["id"].as_str().unwrap().to_owned();
    assert!(open_dues(&env, &a, "la-review-missing").is_empty());
    at(&mut env, "2026-11-23T10:30:00Z", &["log", &a, "police-reported"]);
    assert!(open_dues(&env, &a, "police-report").is_empty());
    at(&mut env, "2026-12-01T20:00:00Z", &["log", &a, "went-missing"]);
    // Each episode is reported to the police at once (DL-24), counted from the episode.
    assert_eq!(open_dues(&env, &a, "police-report"), ["2026-12-01T20:00:00Z"]);
    assert_eq!(open_dues(&env, &a, "la-review-missing"), ["2026-12-02T20:00:00Z"]);
    // At risk of running away when raised: the first episode logged is the first.
    let b = raise(&env, &format!("{missing}missing_now = \"no\"\n"))["id"].as_str().unwrap().to_owned();
    at(&mut env, "2026-12-01T20:00:00Z", &["log", &b, "went-missing"]);
    assert!(open_dues(&env, &b, "la-review-missing").is_empty());
    at(&mut env, "2026-12-04T20:00:00Z", &["log", &b, "went-missing"]);
    // Fri 4 Dec 20:00 + 1 working day = Mon 7 Dec 20:00.
    assert_eq!(open_dues(&env, &b, "la-review-missing"), ["2026-12-07T20:00:00Z"]);
    at(&mut env, "2026-12-07T10:00:00Z", &["log", &b, "missing-review-done"]);
    assert!(open_dues(&env, &b, "la-review-missing").is_empty());
    // Two or more episodes already when raised: the review starts with the concern.
    let c = raise(&env, &format!("{missing}missing_now = \"no\"\nmissing_before = \"yes\"\n"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(open_dues(&env, &c, "la-review-missing").len(), 1);
}

#[test]
fn a_referral_is_best_phoned_before_late_afternoon() {
    let mut env = Env::with_store();
    let notes = |env: &Env, id: &str| -> String {
        let shown = env.run(&["show", id, "--json"]).ok().json();
        crate::raise::duty(&shown, "phone-referral")["notes"].to_string()
    };
    let decision = "outcome = \"child-protection-referral\"\ndecided_by = \"Dee Pee (DP)\"";
    // Decided Mon 23 Nov 11:00: there is time today (003 §6.30, DL-12).
    let a = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    decide(&mut env, "2026-11-23T11:00:00Z", &a, decision).ok();
    assert!(notes(&env, &a).contains("Best done before 15:00 today"), "{}", notes(&env, &a));
    // Decided at 16:30: the deadline is still a working day later, with a note to be quick.
    let b = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    decide(&mut env, "2026-11-23T16:30:00Z", &b, decision).ok();
    let shown = env.run(&["show", &b, "--json"]).ok().json();
    assert_eq!(crate::raise::duty(&shown, "phone-referral")["due"], "2026-11-24T16:30:00Z");
    assert!(notes(&env, &b).contains("It is after 15:00"), "{}", notes(&env, &b));
}

#[test]
fn a_child_protection_conference_is_due_when_it_starts() {
    let mut env = Env::with_store();
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    env.set("SAFEGUARD_NOW", "2026-11-30T10:00:00Z");
    let by: [&str; 0] = [];
    // The conference sets the date (003 §7.4, DL-21): it must be given.
    let run = env.run(&[&["log", &id, "cp-conference-invited"][..], &by].concat()).code(2);
    assert!(run.stderr.contains("--due"), "{}", run.stderr);
    let run = env
        .run(&[&["log", &id, "note", "--note", "x", "--due", "2026-12-10 10:00"][..], &by].concat())
        .code(2);
    assert!(run.stderr.contains("--due is for events"), "{}", run.stderr);
    let run = env
        .run(&[&["log", &id, "cp-conference-invited", "--due", "2026-11-27 10:00"][..], &by].concat())
        .code(2);
    assert!(run.stderr.contains("not after"), "{}", run.stderr);
    env.run(&[&["log", &id, "cp-conference-invited", "--due", "2026-12-10 10:00"][..], &by].concat()).ok();
    assert_eq!(open_dues(&env, &id, "cp-conference"), ["2026-12-10T10:00:00Z"]);
    assert!(!due_at(&mut env, "2026-12-10T09:00:00Z").iter().any(|(_, k)| k == "cp-conference"));
    assert!(due_at(&mut env, "2026-12-10T10:30:00Z").iter().any(|(_, k)| k == "cp-conference"));
    at(&mut env, "2026-12-10T12:00:00Z", &["log", &id, "cp-conference-attended"]);
    assert!(open_dues(&env, &id, "cp-conference").is_empty());
}

#[test]
fn parents_agreement_follows_tree_f() {
    let mut env = Env::with_store();
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    let cp = "outcome = \"child-protection-referral\"\ndecided_by = \"Dee Pee (DP)\"\n";
    let when = "2026-11-23T11:00:00Z";
    // Asking the parents needs the line manager's and the designated person's agreement (003 §6.47).
    let run = decide(&mut env, when, &id, &format!("{cp}parents = \"refused\"")).code(2);
    assert!(run.stderr.contains("parents_agreed_by"), "{}", run.stderr);
    let run = decide(&mut env, when, &id, &format!("{cp}parents = \"not-sought\"")).code(2);
    assert!(run.stderr.contains("parents_reason"), "{}", run.stderr);
    let run = decide(&mut env, when, &id, &format!("{cp}parents = \"maybe\"")).code(2);
    assert!(run.stderr.contains("agreed, refused, not-sought, wait-for-la"), "{}", run.stderr);
    // A refusal never holds up a child protection referral (003 §1.9).
    let run = decide(
        &mut env,
        when,
        &id,
        &format!("{cp}parents = \"refused\"\nparents_agreed_by = \"Lee Manager (LM), Dee Pee (DP)\""),
    )
    .ok();
    assert!(run.stderr.contains("still goes ahead"), "{}", run.stderr);
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let decision = shown["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "decision").unwrap();
    assert_eq!(decision["body"]["parents"]["decision"], "refused");
    assert_eq!(shown["outcome"], "child-protection-referral");
    // Only a child's parents: an adult concern refuses the field.
    let adult = raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 78\ndescription = \"x\"\ncare_and_support_needs = \"yes\"\nabuse_or_neglect = \"yes\"\nunable_to_protect = \"yes\"\ncapacity = \"yes\"\nconsent = \"yes\"\n",
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = decide(
        &mut env,
        when,
        &adult,
        "outcome = \"adult-referral\"\ndecided_by = \"Dee Pee (DP)\"\nparents = \"not-sought\"\nparents_reason = \"x\"",
    )
    .code(2);
    assert!(run.stderr.contains("only for a concern about a child"), "{}", run.stderr);
}

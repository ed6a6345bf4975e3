//! A decision that makes raise duties moot ends them (issue 15): an outcome's `ends` names the
//! open duties a decision on it cancels as no longer needed, in the decision's own entry, each
//! named with why; `show` says so, `review --due` no longer lists them, `verify`'s replay of the
//! journal rebuilds the same state, and a later decision that refers starts them afresh.

use serde_json::Value;

use crate::common::Env;
use crate::raise::{duty, raise};

const AT: &str = "2026-11-23T11:00:00Z";

/// A child at risk now: the policy recommends an urgent referral, which raising starts (the
/// phone referral, the Group Head's notice).
const URGENT: &str = "immediate_risk = \"yes\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\n";

/// An adult at risk who agrees to a referral: the policy recommends it, which raising starts.
const ADULT: &str = "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 80\ndescription = \"Son takes her pension.\"\ncare_and_support_needs = \"yes\"\nabuse_or_neglect = \"yes\"\nunable_to_protect = \"yes\"\ncapacity = \"yes\"\nconsent = \"yes\"\n";

const KEEP: &str = "outcome = \"keep-under-review\"\nreason = \"Below threshold after all.\"\naction_plan = [{ task = \"Home visit\", owner = \"Family worker\", due = 2026-11-27 }]\n";

fn at(env: &mut Env, now: &str) {
    env.set("SAFEGUARD_NOW", now);
}

/// Runs `decide ID --answers` with this TOML at `now`.
fn decide(env: &mut Env, now: &str, id: &str, toml: &str) -> crate::common::Run {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    at(env, now);
    let f = env.path(&format!("moot-decision-{}.toml", N.fetch_add(1, Ordering::SeqCst)));
    std::fs::write(&f, toml).unwrap();
    env.run(&["decide", id, "--answers", f.to_str().unwrap()])
}

fn raised(env: &Env, answers: &str) -> String {
    raise(env, answers)["id"].as_str().unwrap().to_owned()
}

fn show(env: &Env, id: &str) -> Value {
    env.run(&["show", id, "--json"]).ok().json()
}

/// The duties of one kind, as `show --json` gives them.
fn of_kind(rec: &Value, kind: &str) -> Vec<Value> {
    rec["duties"].as_array().unwrap().iter().filter(|d| d["kind"] == kind).cloned().collect()
}

/// The kinds `review --due --json` lists at `now`.
fn due_kinds(env: &mut Env, now: &str) -> Vec<String> {
    at(env, now);
    let list = env.run(&["review", "--due", "--json"]).ok().json();
    list.as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap().to_owned()).collect()
}

/// The concern's last decision entry.
fn last_decision(rec: &Value) -> Value {
    rec["timeline"].as_array().unwrap().iter().rev().find(|e| e["kind"] == "decision").cloned().unwrap()
}

/// What the policy in force says a decision on `outcome` ends, and why.
fn ends(env: &Env, outcome: &str) -> (Vec<String>, String) {
    let p = env.run(&["policy", "show", "--json"]).ok().json();
    let e = &p["outcomes"][outcome]["ends"];
    let kinds = e["duties"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_owned()).collect();
    (kinds, e["why"].as_str().unwrap().to_owned())
}

fn verify_ok(env: &Env) {
    let out = env.run(&["verify"]).ok().stdout;
    assert!(out.contains("its concerns and duties are what its journal records"), "{out}");
}

#[test]
fn a_child_decision_not_to_refer_ends_the_referral_duties_and_close_needs_no_cancel_open() {
    let mut env = Env::with_store();
    let id = raised(&env, URGENT);
    let rec = show(&env, &id);
    assert_eq!(rec["recommendation"], "urgent-referral");
    assert_eq!(duty(&rec, "phone-referral")["status"], "overdue", "an urgent referral is due at once");
    assert!(due_kinds(&mut env, "2026-12-01T10:00:00Z").contains(&"phone-referral".to_owned()));

    let run = decide(&mut env, AT, &id, KEEP).ok();
    let (kinds, why) = ends(&env, "keep-under-review");
    assert!(kinds.contains(&"phone-referral".to_owned()), "{kinds:?}");
    assert!(run.stderr.contains("no longer needed: Phone the local authority"), "{}", run.stderr);
    assert!(run.stderr.contains("(phone-referral)") && run.stderr.contains(&why), "{}", run.stderr);

    // The morning screen no longer lists it; the decision's own duties and the rest still are.
    let due = due_kinds(&mut env, "2026-12-01T10:00:00Z");
    assert!(!due.contains(&"phone-referral".to_owned()), "{due:?}");
    for k in ["notify-group-head", "notify-head-of-safeguarding", "action-plan-task", "sarf-to-dp"] {
        assert!(due.contains(&k.to_owned()), "{k} is still due: {due:?}");
    }

    // The record: cancelled, by the decision, with why; the decision's entry names it.
    let rec = show(&env, &id);
    let phone = duty(&rec, "phone-referral");
    assert_eq!(phone["status"], "cancelled");
    let decision = last_decision(&rec);
    assert_eq!(phone["cancelled_by"]["entry"], decision["seq"]);
    assert_eq!(phone["cancelled_by"]["kind"], "decision");
    assert_eq!(phone["cancelled_by"]["reason"], why.as_str());
    assert_eq!(decision["body"]["ended"][0]["duty"], phone["id"]);
    assert_eq!(decision["body"]["ended"][0]["kind"], "phone-referral");
    assert_eq!(decision["body"]["ended"].as_array().unwrap().len(), 1, "{}", decision["body"]);
    assert_eq!(decision["body"]["ended_reason"], why.as_str());
    // The Group Head's notice of an urgent concern is not ended (003 §6.21 bullet 1).
    assert_eq!(duty(&rec, "notify-group-head")["status"], "overdue");
    let text = env.run(&["show", &id]).ok().stdout;
    assert!(
        text.contains(
            "no longer needed: Phone the local authority (or police) to make the referral (phone-referral)"
        ),
        "{text}"
    );
    assert!(text.contains(&format!("no longer needed because: {why}")), "{text}");
    // The chronology says it with the decision.
    let out = env.path("export");
    env.run(&["export", "--out", out.to_str().unwrap(), &id, "--form", "all", "--format", "md"]).ok();
    let md = std::fs::read_to_string(out.join(format!("{id}-chronology.md"))).unwrap();
    assert!(
        md.contains(&format!(
            "Below threshold after all. No longer needed ({why}): Phone the local authority (or police) to make the referral"
        )),
        "{md}"
    );
    verify_ok(&env);

    // With everything else done, closing needs no --cancel-open.
    at(&mut env, "2026-11-24T10:00:00Z");
    for event in ["line-manager-discussed", "sarf-sent", "group-head-told", "head-of-safeguarding-told"] {
        env.run(&["log", &id, event]).ok();
    }
    let task = duty(&show(&env, &id), "action-plan-task")["id"].to_string();
    env.run(&["log", &id, "task-done", "--duty", &task]).ok();
    env.run(&["sign", &id, "--comments", "Form complete."]).ok();
    env.run(&["close", &id, "--reason", "Home visit: no further concerns."]).ok();
    let rec = show(&env, &id);
    assert_eq!(rec["status"], "closed");
    let closing = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "closed").unwrap();
    assert!(closing["body"].get("cancelled").is_none(), "{closing}");
    assert_eq!(
        duty(&rec, "phone-referral")["cancelled_by"]["entry"],
        decision["seq"],
        "still the decision's"
    );
    verify_ok(&env);
}

#[test]
fn a_later_decision_to_refer_starts_them_afresh_and_done_duties_are_not_touched() {
    let mut env = Env::with_store();
    let id = raised(&env, URGENT);
    decide(&mut env, AT, &id, KEEP).ok();
    let run = decide(&mut env, "2026-11-23T12:00:00Z", &id, "outcome = \"urgent-referral\"\n").ok();
    assert!(!run.stderr.contains("no longer needed"), "{}", run.stderr);
    let rec = show(&env, &id);
    let phones = of_kind(&rec, "phone-referral");
    let status: Vec<&str> = phones.iter().map(|d| d["status"].as_str().unwrap()).collect();
    assert_eq!(status.len(), 2, "{phones:?}");
    assert!(status.contains(&"cancelled") && status.contains(&"overdue"), "a fresh one: {phones:?}");
    assert!(last_decision(&rec)["body"].get("ended").is_none());

    // Phoned: the phone referral is done and its written follow-up is open; a decision not to
    // refer ends neither (003 §6.33: the referral was made).
    at(&mut env, "2026-11-23T12:30:00Z");
    env.run(&["log", &id, "phone-referral"]).ok();
    decide(&mut env, "2026-11-23T13:00:00Z", &id, KEEP).ok();
    let rec = show(&env, &id);
    let done: Vec<Value> =
        of_kind(&rec, "phone-referral").into_iter().filter(|d| d["status"] == "done").collect();
    assert_eq!(done.len(), 1, "{}", rec["duties"]);
    assert!(done[0].get("cancelled_by").is_none());
    assert_eq!(duty(&rec, "written-referral")["status"], "open");
    assert!(last_decision(&rec)["body"].get("ended").is_none(), "nothing open to end");
    verify_ok(&env);
}

#[test]
fn where_the_seeds_refer_whatever_the_decision_nothing_is_ended() {
    // A child who may have been trafficked is referred at once (003 §14.2): `unless`.
    let mut env = Env::with_store();
    let child = URGENT.replace("immediate_risk = \"yes\"", "immediate_risk = \"no\"");
    let id = raised(&env, &format!("{child}significant_harm = \"no\"\nspecial = [\"trafficking\"]\n"));
    assert_eq!(duty(&show(&env, &id), "phone-referral")["status"], "overdue");
    let run = decide(&mut env, AT, &id, KEEP).ok();
    assert!(!run.stderr.contains("no longer needed"), "{}", run.stderr);
    let rec = show(&env, &id);
    assert_eq!(duty(&rec, "phone-referral")["status"], "overdue");
    assert!(last_decision(&rec)["body"].get("ended").is_none());

    // An adult whose abuser puts others at risk is referred even without consent (003 §6.15-6.16).
    let id = raised(&env, &format!("{ADULT}adult_factors = [\"others-at-risk\"]\n"));
    let rec = show(&env, &id);
    assert_eq!(rec["recommendation"], "adult-referral");
    let run = decide(
        &mut env,
        AT,
        &id,
        "outcome = \"no-referral-consent-respected\"\nreason = \"She declines.\"\n",
    )
    .ok();
    assert!(!run.stderr.contains("no longer needed"), "{}", run.stderr);
    let rec = show(&env, &id);
    assert_eq!(duty(&rec, "adult-referral")["status"], "open");
    assert!(last_decision(&rec)["body"].get("ended").is_none());
}

#[test]
fn an_adult_decision_not_to_refer_ends_the_referral_and_one_that_refers_keeps_it() {
    let mut env = Env::with_store();
    let id = raised(&env, ADULT);
    let rec = show(&env, &id);
    assert_eq!(rec["recommendation"], "adult-referral");
    assert_eq!(duty(&rec, "adult-referral")["status"], "open");

    let run = decide(
        &mut env,
        AT,
        &id,
        "outcome = \"no-referral-consent-respected\"\nreason = \"She has capacity and now declines; no one else at risk.\"\n",
    )
    .ok();
    let (kinds, why) = ends(&env, "no-referral-consent-respected");
    assert!(kinds.contains(&"adult-referral".to_owned()), "{kinds:?}");
    assert!(run.stderr.contains("(adult-referral)"), "{}", run.stderr);
    assert!(!due_kinds(&mut env, "2026-12-01T10:00:00Z").contains(&"adult-referral".to_owned()));
    let rec = show(&env, &id);
    let referral = duty(&rec, "adult-referral");
    assert_eq!(referral["status"], "cancelled");
    assert_eq!(referral["cancelled_by"]["entry"], last_decision(&rec)["seq"]);
    assert_eq!(referral["cancelled_by"]["reason"], why.as_str());
    // The decision is still recorded on the form on the day (003 §6.11): not ended.
    assert_eq!(duty(&rec, "adult-form-decision-signed")["status"], "overdue", "open, and due that day");
    verify_ok(&env);

    // A decision that keeps the referral leaves it open.
    at(&mut env, crate::common::NOW);
    let id = raised(&env, ADULT);
    let run = decide(&mut env, AT, &id, "outcome = \"adult-referral\"\n").ok();
    assert!(!run.stderr.contains("no longer needed"), "{}", run.stderr);
    let rec = show(&env, &id);
    assert_eq!(of_kind(&rec, "adult-referral").len(), 1);
    assert_eq!(duty(&rec, "adult-referral")["status"], "open");
    assert!(last_decision(&rec)["body"].get("ended").is_none());
    assert!(due_kinds(&mut env, "2026-12-01T10:00:00Z").contains(&"adult-referral".to_owned()));
}

#[test]
fn a_provider_concern_decided_as_abuse_ends_the_ccrf() {
    let mut env = Env::with_store();
    let provider = "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"Oakview\"\ndescription = \"Wet beds at midday.\"\nabuse_suspected = \"no\"\n";
    let id = raised(&env, provider);
    let rec = show(&env, &id);
    assert_eq!(rec["recommendation"], "area-for-improvement");
    assert_eq!(duty(&rec, "ccrf")["status"], "open");
    decide(
        &mut env,
        AT,
        &id,
        "outcome = \"safeguarding-concern\"\nreason = \"It keeps happening: neglect.\"\n",
    )
    .ok();
    let rec = show(&env, &id);
    assert_eq!(duty(&rec, "ccrf")["status"], "cancelled");
    assert_eq!(duty(&rec, "safeguarding-concern")["status"], "open");
    verify_ok(&env);
}

#[test]
fn an_outcome_that_ends_an_unknown_duty_is_refused_by_policy_check_naming_it() {
    let env = Env::new();
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let p = env.path("bad.toml");
    std::fs::write(
        &p,
        format!(
            "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n\
             [outcomes.keep-under-review.ends]\nduties = [\"phone-referal\", \"notify-head-of-safeguarding\"]\nwhy = \"x\"\nsource = \"local\"\n"
        ),
    )
    .unwrap();
    let e = env.run(&["policy", "check", p.to_str().unwrap()]).code(2).stderr;
    assert!(
        e.contains(
            "outcome \"keep-under-review\" ends: ends duty \"phone-referal\", which is not in [duties]"
        ),
        "{e}"
    );
    assert!(
        e.contains("ends duty \"notify-head-of-safeguarding\", which a decision on the same outcome starts"),
        "{e}"
    );
    // `policy show` lists what each outcome ends.
    let shown = env.run(&["policy", "show"]).ok().stdout;
    assert!(shown.contains("keep-under-review: ends phone-referral, refer-responsible-la"), "{shown}");
    assert!(shown.contains("safeguarding-concern: ends ccrf"), "{shown}");
}

/// The store, opened as another `safeguard` process holding it open would have it.
fn open_store(env: &Env) -> safeguard::store::Store {
    let secret =
        safeguard::secret::Secret::new(zeroize::Zeroizing::new(crate::common::PASS.to_owned())).unwrap();
    safeguard::store::Store::open(&env.store(), &secret).unwrap()
}

/// A decision on `outcome` as `decide` prepares it before writing: the duties its `ends` makes
/// no longer needed, read from the store now, with the kinds they are of.
fn prepared(
    env: &Env,
    store: &safeguard::store::Store,
    id: &str,
    outcome: &str,
) -> safeguard::store::timeline::Record {
    use safeguard::domain::record::DutyStatus;
    let (kinds, why) = ends(env, outcome);
    let open: Vec<i64> = store
        .duties(id)
        .unwrap()
        .into_iter()
        .filter(|d| d.status == DutyStatus::Open && kinds.contains(&d.kind))
        .map(|d| d.id)
        .collect();
    let at = chrono::DateTime::parse_from_rfc3339(AT).unwrap().to_utc();
    safeguard::store::timeline::Record {
        kind: "decision".into(),
        at,
        recorded_at: at,
        body: serde_json::json!({ "outcome": outcome, "reason": "Prepared.", "ended_reason": why }),
        outcome: Some(outcome.into()),
        start_unless_done: true,
        end_ids: open,
        end_kinds: kinds,
        ..Default::default()
    }
}

/// What the store holds of a concern that a refused write must leave as it was.
fn written(env: &Env, id: &str) -> (usize, Value) {
    let rec = show(env, id);
    (rec["timeline"].as_array().unwrap().len(), rec["duties"].clone())
}

/// A command that lost a race to another (the concern's duties changed between its reading and
/// its writing) exits 1, a failure, not 2: its input was right when given (PRODUCT.md "Exit
/// codes"; src/exit.rs). It was exit 2, bad input, before. Not 5 either: nothing held the store;
/// the other command had finished.
fn lost_race(err: &safeguard::error::Error) {
    assert_eq!(err.exit(), safeguard::exit::Exit::Failure, "{err}");
    assert_eq!(err.exit().code(), 1, "{err}");
}

/// Store level (the window is inside one `decide`, between reading the duties and writing, with
/// nothing in it a test could hold open): a decision prepared to end the phone referral as no
/// longer needed, written after another process logged the call (the duty settled), is refused
/// whole: the store holds what the other process wrote and nothing of the decision, and the
/// message says to run decide again. Run again, it is recorded.
#[test]
fn a_decision_whose_duty_to_end_was_settled_meanwhile_writes_nothing_and_says_run_it_again() {
    let mut env = Env::with_store();
    let id = raised(&env, URGENT);
    let mut store = open_store(&env);
    let decision = prepared(&env, &store, &id, "keep-under-review");
    let phone = duty(&show(&env, &id), "phone-referral")["id"].as_i64().unwrap();
    assert_eq!(decision.end_ids, vec![phone], "prepared to end the open phone referral");
    // Another process, meanwhile.
    at(&mut env, AT);
    env.run(&["log", &id, "phone-referral", "--note", "Duty SW Ann Lee"]).ok();
    let before = written(&env, &id);
    let err = store.record(&id, &decision).expect_err("the decision is refused");
    lost_race(&err);
    let err = err.to_string();
    assert!(err.contains(&format!("phone-referral (duty {phone}) is not open any more")), "{err}");
    assert!(err.contains("nothing was written") && err.contains("Run decide again"), "{err}");
    drop(store);
    assert_eq!(written(&env, &id), before, "nothing of the decision is in the store");
    assert_eq!(duty(&show(&env, &id), "phone-referral")["status"], "done");
    verify_ok(&env);
    // Run again, it reads the duties as they are and is recorded.
    decide(&mut env, AT, &id, KEEP).ok();
    let rec = show(&env, &id);
    assert_eq!(last_decision(&rec)["body"]["outcome"], "keep-under-review");
    assert_eq!(duty(&rec, "phone-referral")["status"], "done", "the call made stays made");
    verify_ok(&env);
}

/// The same when a duty the decision ends was started meanwhile (another designated person's
/// decision to refer at once): the decision would leave it open, unnamed, so it writes nothing.
#[test]
fn a_decision_written_after_a_duty_it_ends_was_started_meanwhile_writes_nothing() {
    let mut env = Env::with_store();
    let id = raised(&env, URGENT);
    decide(&mut env, AT, &id, KEEP).ok();
    let mut store = open_store(&env);
    let decision = prepared(&env, &store, &id, "keep-under-review");
    assert!(decision.end_ids.is_empty(), "nothing of its kinds is open when it is prepared");
    decide(&mut env, AT, &id, "outcome = \"urgent-referral\"\nreason = \"She disclosed more.\"\n").ok();
    let started = of_kind(&show(&env, &id), "phone-referral");
    let open = started.iter().find(|d| d["status"] != "cancelled").expect("the referral starts it again");
    let before = written(&env, &id);
    let err = store.record(&id, &decision).expect_err("the decision is refused");
    lost_race(&err);
    let err = err.to_string();
    assert!(err.contains(&format!("phone-referral (duty {}) was started", open["id"])), "{err}");
    assert!(err.contains("nothing was written") && err.contains("Run decide again"), "{err}");
    drop(store);
    assert_eq!(written(&env, &id), before);
    assert_eq!(last_decision(&show(&env, &id))["body"]["outcome"], "urgent-referral");
    verify_ok(&env);
}

/// And when the concern was closed meanwhile (its duties cancelled by the closing) while a
/// second decision was being made: refused, nothing written, the closed record as it was.
#[test]
fn a_decision_written_after_the_concern_was_closed_meanwhile_writes_nothing() {
    let mut env = Env::with_store();
    let id = raised(&env, URGENT);
    // A concern is closed only after a decision: this one prepares to change it.
    decide(&mut env, AT, &id, "outcome = \"urgent-referral\"\nreason = \"At risk now.\"\n").ok();
    let mut store = open_store(&env);
    let decision = prepared(&env, &store, &id, "keep-under-review");
    assert!(!decision.end_ids.is_empty());
    at(&mut env, AT);
    env.run(&["close", &id, "--reason", "The family moved away.", "--cancel-open", "Not needed now."]).ok();
    let before = written(&env, &id);
    let err = store.record(&id, &decision).expect_err("the decision is refused").to_string();
    assert!(err.contains("is closed"), "{err}");
    drop(store);
    assert_eq!(written(&env, &id), before);
    assert_eq!(show(&env, &id)["status"], "closed");
    verify_ok(&env);
}

/// Store level, as above: a closing prepared to cancel the open duties it listed, written after
/// another designated person's decision started one more (the phone referral of an urgent
/// referral), is refused whole and exits 1 (it was 2): the close lost a race, its input was right.
#[test]
fn a_closing_written_after_a_duty_was_started_meanwhile_writes_nothing_and_exits_1() {
    let mut env = Env::with_store();
    let id = raised(&env, URGENT);
    decide(&mut env, AT, &id, KEEP).ok();
    let mut store = open_store(&env);
    let open: Vec<i64> = store
        .duties(&id)
        .unwrap()
        .into_iter()
        .filter(|d| d.status == safeguard::domain::record::DutyStatus::Open)
        .map(|d| d.id)
        .collect();
    let at = chrono::DateTime::parse_from_rfc3339(AT).unwrap().to_utc();
    let closing = safeguard::store::timeline::Record {
        kind: "closed".into(),
        at,
        recorded_at: at,
        body: serde_json::json!({ "reason": "Prepared.", "cancel_reason": "Not needed now." }),
        status: Some(safeguard::domain::record::ConcernStatus::Closed),
        cancel: Some(safeguard::store::timeline::Cancel { ids: open, kinds: vec![] }),
        ..Default::default()
    };
    decide(&mut env, AT, &id, "outcome = \"urgent-referral\"\nreason = \"She disclosed more.\"\n").ok();
    let before = written(&env, &id);
    let err = store.record(&id, &closing).expect_err("the closing is refused");
    lost_race(&err);
    let err = err.to_string();
    assert!(err.contains("not in the list closing would cancel") && err.contains("nothing was"), "{err}");
    drop(store);
    assert_eq!(written(&env, &id), before, "nothing of the closing is in the store");
    assert_eq!(show(&env, &id)["status"], "open");
    verify_ok(&env);
}

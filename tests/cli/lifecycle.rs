//! The concern's life after the referral, as a tester found it (issue 19): closing does not
//! silently cancel duties that must still happen; a logged time cannot come before the concern.

use serde_json::Value;

use crate::common::Env;
use crate::raise::{duty, raise};

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

fn at<'a>(env: &'a mut Env, now: &str) -> &'a mut Env {
    env.set("SAFEGUARD_NOW", now)
}

/// Raised Mon 23 Nov 2026 10:00, decided (an urgent referral) and phoned on Tue 24 Nov at 12:00:
/// the written referral, the LA's acknowledgement and the chase are open.
fn phoned() -> (Env, String) {
    let mut env = Env::with_store();
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    at(&mut env, "2026-11-24T11:00:00Z");
    env.run(&["log", &id, "line-manager-discussed"]).ok();
    let f = env.path("decide.toml");
    std::fs::write(&f, "outcome = \"child-protection-referral\"\ndecided_by = \"Dee Pee (DP)\"").unwrap();
    env.run(&["decide", &id, "--answers", f.to_str().unwrap()]).ok();
    at(&mut env, "2026-11-24T12:00:00Z");
    env.run(&["log", &id, "phone-referral"]).ok();
    env.run(&["sign", &id, "--comments", "Form complete."]).ok();
    (env, id)
}

fn due_kinds(env: &mut Env, now: &str) -> Vec<String> {
    at(env, now);
    let list = env.run(&["review", "--due", "--json"]).ok().json();
    list.as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap().to_owned()).collect()
}

fn open_kinds(shown: &Value) -> Vec<String> {
    shown["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "open" || d["status"] == "overdue")
        .map(|d| d["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn close_is_refused_while_duties_are_open_and_names_each() {
    let (mut env, id) = phoned();
    at(&mut env, "2026-11-24T12:02:00Z");
    let before = env.run(&["show", &id, "--json"]).ok().json();
    let err = env.run(&["close", &id, "--reason", "LA took over"]).code(2).stderr;
    // Each open duty in words, with its owner and when it is due in UK time.
    assert!(err.contains("Written referral") || err.contains("written referral"), "{err}");
    assert!(err.contains("written-referral"), "{err}");
    assert!(err.contains("la-acknowledgement"), "{err}");
    assert!(err.contains("la-chase"), "{err}");
    assert!(err.contains("sarf-to-dp"), "{err}");
    assert!(err.contains("Thu 26 Nov 2026 12:00 GMT"), "the 48-hour written referral's time: {err}");
    // Who owns each: the reporter by name (the DP is reading), the DP's by role.
    assert!(err.contains("Sam Jones, Support worker (the person who raised it)"), "{err}");
    assert!(!err.contains("you (the person"), "{err}");
    assert!(err.contains("--cancel-open"), "{err}");
    // The progress reviews are not in the way: closing is what ends them.
    assert!(!err.contains("dp-review"), "{err}");
    // Nothing changed: still open, the duties still due.
    let after = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(after["status"], "open");
    assert_eq!(open_kinds(&after), open_kinds(&before));
    assert!(due_kinds(&mut env, "2026-11-26T13:00:00Z").contains(&"written-referral".to_owned()));
}

#[test]
fn close_with_cancel_open_records_why_and_names_each_duty_cancelled() {
    let (mut env, id) = phoned();
    at(&mut env, "2026-11-24T12:02:00Z");
    let open = open_kinds(&env.run(&["show", &id, "--json"]).ok().json());
    let run = env
        .run(&[
            "close",
            &id,
            "--reason",
            "LA took over",
            "--cancel-open",
            "The LA's social worker took the referral in writing on the call.",
        ])
        .ok();
    assert!(run.stderr.contains("cancelled: "), "{}", run.stderr);
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["status"], "closed");
    let closing = shown["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "closed").unwrap();
    assert_eq!(closing["body"]["reason"], "LA took over");
    assert_eq!(
        closing["body"]["cancel_reason"],
        "The LA's social worker took the referral in writing on the call."
    );
    let mut named: Vec<String> = closing["body"]["cancelled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_owned())
        .collect();
    // Every open duty but the progress review, which closing ends, is named.
    let mut expected: Vec<String> = open.into_iter().filter(|k| k != "dp-review").collect();
    named.sort();
    expected.sort();
    assert_eq!(named, expected);
    assert!(named.contains(&"written-referral".to_owned()), "{named:?}");
    assert_eq!(duty(&shown, "written-referral")["status"], "cancelled");
    assert!(due_kinds(&mut env, "2026-12-30T10:00:00Z").is_empty());
    // The reader sees why.
    let text = env.run(&["show", &id]).ok().stdout;
    assert!(text.contains("took the referral in writing"), "{text}");
}

#[test]
fn close_with_nothing_open_but_the_reviews_needs_no_cancel_open() {
    let (mut env, id) = phoned();
    at(&mut env, "2026-11-25T15:00:00Z");
    env.run(&["log", &id, "la-acknowledged"]).ok();
    env.run(&["log", &id, "written-referral"]).ok();
    env.run(&["log", &id, "sarf-sent"]).ok();
    let open = open_kinds(&env.run(&["show", &id, "--json"]).ok().json());
    assert_eq!(open, ["dp-review"], "only the review is left");
    env.run(&["close", &id, "--reason", "Plan in place."]).ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["status"], "closed");
    assert_eq!(duty(&shown, "dp-review")["status"], "cancelled");
    let closing = shown["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "closed").unwrap();
    assert!(closing["body"].get("cancelled").is_none(), "{closing}");
}

/// Raised Mon 23 Nov 2026 10:00 about something noticed at 08:30 that morning.
fn noticed_this_morning() -> (Env, String) {
    let env = Env::with_store();
    let id = raise(&env, &format!("{CHILD}noticed_at = \"2026-11-23 08:30\"\n"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (env, id)
}

#[test]
fn log_at_before_the_concern_was_noticed_is_refused_and_settles_nothing() {
    let (mut env, id) = noticed_this_morning();
    at(&mut env, "2026-11-24T11:00:00Z");
    let err = env.run(&["log", &id, "line-manager-discussed", "--at", "2026-11-01 09:00"]).code(2).stderr;
    assert!(err.contains("before concern"), "{err}");
    assert!(err.contains("noticed"), "{err}");
    assert!(err.contains("Mon 23 Nov 2026 08:30 GMT"), "the earliest time allowed: {err}");
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&shown, "report-to-line-manager")["status"], "overdue", "not settled");
    assert_eq!(shown["timeline"].as_array().unwrap().len(), 1, "nothing logged");
    // The moment it was noticed, and any time after, is accepted.
    env.run(&["log", &id, "line-manager-discussed", "--at", "2026-11-23 08:30"]).ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&shown, "report-to-line-manager")["status"], "done");
}

#[test]
fn log_at_before_the_concern_was_raised_is_refused_when_nothing_was_noticed() {
    let mut env = Env::with_store();
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    at(&mut env, "2026-11-24T11:00:00Z");
    let err = env.run(&["log", &id, "note", "--note", "x", "--at", "2026-11-23 09:59"]).code(2).stderr;
    assert!(err.contains("raised") && err.contains("Mon 23 Nov 2026 10:00 GMT"), "{err}");
    env.run(&["log", &id, "note", "--note", "x", "--at", "2026-11-23 10:00"]).ok();
}

#[test]
fn a_decision_dated_before_the_concern_was_noticed_is_refused() {
    let (mut env, id) = noticed_this_morning();
    at(&mut env, "2026-11-24T11:00:00Z");
    let f = env.path("early.toml");
    std::fs::write(&f, "outcome = \"child-protection-referral\"\nat = \"2026-11-20 10:00\"\n").unwrap();
    let err = env.run(&["decide", &id, "--answers", f.to_str().unwrap()]).code(2).stderr;
    assert!(err.contains("Mon 23 Nov 2026 08:30 GMT"), "{err}");
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], Value::Null);
}

/// The command inside the first pair of backticks of `text`, split into arguments.
fn suggested(text: &str) -> Vec<String> {
    let start = text.find('`').expect("a command in backticks") + 1;
    let len = text[start..].find('`').unwrap();
    text[start..start + len].split_whitespace().map(str::to_owned).collect()
}

#[test]
fn the_sign_off_command_the_referral_export_suggests_works_as_given_and_the_readme_says_the_same() {
    let dp = Env::with_store();
    let lm = dp.person();
    let key = lm.signing_key();
    dp.run(&[
        "roster",
        "add",
        "--name",
        "Lee Manager",
        "--login",
        "lee",
        "--roles",
        "line-manager",
        "--key",
        &key,
    ])
    .ok();
    let id = raise(&dp, CHILD)["id"].as_str().unwrap().to_owned();
    let f = dp.path("decide.toml");
    std::fs::write(&f, "outcome = \"child-protection-referral\"\nreason = \"Threshold met.\"").unwrap();
    dp.run(&["decide", &id, "--answers", f.to_str().unwrap()]).ok();
    let out = dp.path("out");
    let refused = dp.run(&["export", "--out", out.to_str().unwrap(), &id, "--profile", "referral"]).code(2);
    let command = suggested(&refused.stderr);
    assert_eq!(command[0], "safeguard", "{}", refused.stderr);
    // Exactly as given, run by the line manager.
    let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
    lm.run(&args).ok();
    dp.run(&["export", "--out", out.to_str().unwrap(), &id, "--profile", "referral"]).ok();
    // The README gives the same command, with ID for the concern.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let generic = command.join(" ").replace(&id, "ID");
    assert!(readme.contains(&format!("`{generic}`")), "README.md lacks `{generic}`");
    assert!(!readme.contains("referral-signed-off --by"), "README.md still gives the old form");
}

#[test]
fn show_and_review_due_name_the_reporter_for_their_duties_not_you() {
    let mut env = Env::with_store();
    // raise's answers name the reporter Sam Jones; their SARF is theirs to send.
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    at(&mut env, "2026-11-24T11:00:00Z");
    let shown = env.run(&["show", &id]).ok().stdout;
    assert!(shown.contains("who: Sam Jones, Support worker (the person who raised it)"), "{shown}");
    assert!(!shown.contains("you (the person raising the concern)"), "{shown}");
    let due = env.run(&["review", "--due"]).ok().stdout;
    let table = crate::common::table_headed(&due, "");
    let sarf = table.iter().find(|r| r[2].contains("sarf-to-dp")).unwrap_or_else(|| panic!("{due}"));
    assert_eq!(sarf[3], "Sam Jones, Support worker (the person who raised it)", "{due}");
    assert!(!due.contains("you (the person"), "{due}");
    // The JSON names them in the same words.
    let json = env.run(&["review", "--due", "--json"]).ok().json();
    let row = json.as_array().unwrap().iter().find(|d| d["kind"] == "sarf-to-dp").unwrap().clone();
    assert_eq!(row["owner_name"], sarf[3].as_str(), "{row}");
    // The DP's own duties keep their role.
    let decision = table.iter().find(|r| r[2].contains("dp-decision")).unwrap();
    assert!(decision[3].contains("designated person"), "{decision:?}");
}

/// The store cancels exactly the duties closing listed (and the reviews closing ends): a duty
/// opened after the list was read refuses the whole closing, naming it, and nothing is written.
#[test]
fn closing_cancels_only_the_duties_it_listed_and_refuses_if_another_appeared() {
    use safeguard::domain::record::ConcernStatus;
    use safeguard::store::timeline::{Cancel, Record};
    let (env, id) = phoned();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let open: Vec<(i64, String)> = shown["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "open" || d["status"] == "overdue")
        .map(|d| (d["id"].as_i64().unwrap(), d["kind"].as_str().unwrap().to_owned()))
        .collect();
    let chase = open.iter().find(|(_, k)| k == "la-chase").expect("the chase is open").0;
    let policy = safeguard::policy::Policy::default_policy();
    let secret =
        safeguard::secret::Secret::new(zeroize::Zeroizing::new(crate::common::PASS.to_owned())).unwrap();
    let mut store =
        safeguard::store::Store::open_with(&env.store(), &secret, safeguard::store::Options::default())
            .unwrap();
    let close = |ids: Vec<i64>| Record {
        kind: "closed".into(),
        at: "2026-11-24T12:05:00Z".parse().unwrap(),
        recorded_at: "2026-11-24T12:05:00Z".parse().unwrap(),
        body: serde_json::json!({ "reason": "r" }),
        status: Some(ConcernStatus::Closed),
        cancel: Some(Cancel { ids, kinds: policy.bindings.duties.reviews.clone() }),
        ..Record::default()
    };
    // As if the chase had been opened after the list was read: it is not in the list.
    let listed: Vec<i64> = open.iter().map(|(i, _)| *i).filter(|i| *i != chase).collect();
    let err = store.record(&id, &close(listed)).unwrap_err().to_string();
    assert!(
        err.contains(&format!("la-chase (duty {chase})")) && err.contains("nothing was written"),
        "{err}"
    );
    drop(store);
    let after = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(after["status"], "open");
    assert_eq!(open_kinds(&after).len(), open.len(), "nothing was cancelled");
}

#[test]
fn cancel_open_with_nothing_open_says_so_and_records_no_cancellation() {
    let env = Env::with_store();
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    let f = env.path("decide.toml");
    std::fs::write(&f, "outcome = \"keep-under-review\"\nreason = \"r\"\naction_plan = [{ task = \"Visit\", owner = \"Dee Pee\", due = \"2026-11-30T10:00:00Z\" }]").unwrap();
    env.run(&["decide", &id, "--answers", f.to_str().unwrap()]).ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    for d in shown["duties"].as_array().unwrap() {
        if d["status"] == "open" && d["kind"] != "dp-review" && d["kind"] != "dp-review-adult" {
            env.run(&["log", &id, "task-done", "--duty", &d["id"].to_string()]).ok();
        }
    }
    let closed = env.run(&["close", &id, "--reason", "Resolved", "--cancel-open", "not needed"]).ok();
    assert!(closed.stderr.contains("no cancellation was recorded"), "{}", closed.stderr);
    let last =
        env.run(&["show", &id, "--json"]).ok().json()["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "closed");
    assert!(last["body"].get("cancel_reason").is_none() && last["body"].get("cancelled").is_none(), "{last}");
}

/// `show` and `review --due` print each duty's id; typed to `log` as if it were an event, the
/// refusal says what settles that duty (the event to log, or `decide`, `sign`, `review ID`)
/// rather than only listing every event. Nothing is written.
#[test]
fn a_duty_id_given_to_log_is_refused_saying_what_settles_the_duty() {
    let env = Env::with_store();
    let id = raise(&env, CHILD)["id"].as_str().unwrap().to_owned();
    let said = |what: &str| env.run(&["log", &id, what]).code(2).stderr;
    let e = said("report-to-line-manager");
    assert!(e.contains("\"report-to-line-manager\" is a duty"), "{e}");
    assert!(e.contains("`safeguard log ID line-manager-discussed`"), "{e}");
    assert!(e.contains("`safeguard decide ID --as line-manager`"), "{e}");
    assert!(said("dp-decision").contains("it is settled by `safeguard decide ID`;"));
    assert!(said("countersign").contains("it is settled by `safeguard sign ID`;"));
    assert!(said("dp-review").contains("it is settled by `safeguard review ID --note TEXT`;"));
    // Not a duty either: the list of events, as before.
    let e = said("no-such-thing");
    assert!(!e.contains("is a duty"), "{e}");
    assert!(e.contains("the policy's events are:"), "{e}");
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(rec["timeline"].as_array().unwrap().len(), 1, "{rec}");
}

//! The real binary on a real pseudo-terminal: hidden passphrase prompts and Ctrl-C.

use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

use crate::common::Env;

pub fn spawn(env: &Env, args: &[&str]) -> OsSession {
    let mut cmd = env.command(args);
    cmd.env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

/// Waits for `prompt`, lets the program switch the terminal mode, then types `keys`.
/// (Keys sent before a password prompt has set its mode may be flushed by the terminal.)
pub fn answer(s: &mut OsSession, prompt: &str, keys: &str) {
    s.expect(prompt).unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    std::thread::sleep(Duration::from_millis(150));
    s.send(keys).unwrap();
}

pub fn exit_code(s: &OsSession) -> i32 {
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

#[test]
fn init_asks_twice_on_a_terminal_and_then_the_passphrase_opens_the_store() {
    let mut env = Env::new();
    env.unset("SAFEGUARD_PASSPHRASE");
    let mut s = spawn(&env, &["init"]);
    // Too short for a new store: said why, and asked again.
    answer(&mut s, "Passphrase", "short\r");
    answer(&mut s, "at least 8 characters", "");
    answer(&mut s, "Passphrase", "the first try\r");
    answer(&mut s, "Repeat", "different\r");
    answer(&mut s, "differ", "");
    answer(&mut s, "Passphrase", "türkis 'pass' phrase\r");
    answer(&mut s, "Repeat", "türkis 'pass' phrase\r");
    s.expect("created the encrypted store").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    env.set("SAFEGUARD_PASSPHRASE", "türkis 'pass' phrase");
    env.run(&["verify"]).ok();
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_restores_the_cursor() {
    let mut env = Env::new();
    env.unset("SAFEGUARD_PASSPHRASE");
    let mut s = spawn(&env, &["init"]);
    answer(&mut s, "Passphrase", "\x03");
    let rest = s.expect(Eof).unwrap();
    let shown = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(shown.contains("\x1b[?25h"), "the cursor was not shown again: {shown:?}");
    assert!(shown.contains("interrupted"), "{shown:?}");
    assert_eq!(exit_code(&s), 130);
    assert!(!env.store().exists(), "an interrupted init left a store behind");
}

const DOWN: &str = "\x1b[B";

/// Answers the first questions of a child concern on the terminal, up to the age.
fn child_opening(s: &mut OsSession) {
    answer(s, "immediate danger", &format!("{DOWN}\r"));
    answer(s, "Who or what", "\r");
    answer(s, "initials", "AB\r");
    answer(s, "age", "9\r");
}

fn saved_id(text: &str) -> String {
    let at = text.find("SG-").expect("no concern id printed");
    text[at..at + 12].to_owned()
}

#[test]
fn a_whole_interview_with_arrow_keys_is_saved() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_opening(&mut s);
    answer(&mut s, "main concern", &format!("{DOWN}{DOWN}\r"));
    answer(&mut s, "Tick all", "\r");
    answer(&mut s, "What happened", "Often hungry; says there is no food at home.\r");
    answer(&mut s, "When did you notice", "\r");
    answer(&mut s, "own words", "There's never any dinner.\r");
    answer(&mut s, "tell about this first", "\r");
    answer(&mut s, "significant harm", "\r");
    // The form's detail comes at the end, in path order, when asked for.
    answer(&mut s, "more detail for the form", "\x1b[A\r"); // up from the default, "No"
    answer(&mut s, "full name", "\r");
    answer(&mut s, "Their address", "\r");
    answer(&mut s, "anyone else involved", "\r");
    // An optional choice with no default starts on Skip, its first row: Enter skips.
    answer(&mut s, "looked after", "\r");
    answer(&mut s, "protection plan", "\x1b[A\r"); // up from the default, "I don't know"
    answer(&mut s, "ethnicity", "White British\r");
    answer(&mut s, "case reference", "\r");
    answer(&mut s, "factors", &format!("{DOWN} \r"));
    answer(&mut s, "think or suspect", "\r");
    answer(&mut s, "questions, if any", "\r");
    answer(&mut s, "done so far", "\r");
    // No name or role is asked: the person recording it is who the roster says (issue 14).
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    assert!(text.contains("Child protection referral"), "{text}");
    let rec = env.run(&["show", &saved_id(&text), "--json"]).ok().json();
    assert_eq!(rec["recommendation"], "child-protection-referral");
    assert_eq!(rec["subject"]["primary_category"], "neglect");
    assert_eq!(rec["subject"]["age"], 9);
    assert_eq!(rec["reporter"]["name"], "Dee Pee");
    let ids: Vec<&str> =
        rec["transcript"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "immediate_risk",
            "about",
            "subject_initials",
            "subject_age",
            "primary_category",
            "special",
            "description",
            "noticed_at",
            "child_words",
            "tell_first",
            "out_of_hours", // given by the time of raising, not asked
            "significant_harm",
            "cp_plan",
            "ethnicity",
            "factors"
        ]
    );
    assert_eq!(rec["transcript"][0]["answer"], "no");
    // "Skip" on an optional choice records no answer.
    assert_eq!(rec["subject"]["looked_after"], serde_json::Value::Null);
    assert_eq!(rec["subject"]["cp_plan"], "never");
    assert_eq!(rec["subject"]["factors"], serde_json::json!(["adult-mental-health"]));
    assert!(
        env.run(&["list", "--drafts", "--json"]).ok().json().as_array().unwrap().is_empty(),
        "the draft was kept"
    );
}

#[test]
fn an_interrupted_interview_resumes_to_the_same_record() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_opening(&mut s);
    answer(&mut s, "main concern", "\x03");
    let rest = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 130, "{text}");
    assert_eq!(
        text.matches("raise --resume D-").count(),
        1,
        "the draft was reported more or less than once: {text}"
    );
    assert!(text.contains("\x1b[?25h"), "the cursor was not restored");

    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    assert_eq!(drafts.as_array().unwrap().len(), 1);
    assert_eq!(drafts[0]["answered"], 4);
    assert_eq!(drafts[0]["about"], "child");
    assert!(
        env.run(&["list", "--json"]).ok().json().as_array().unwrap().is_empty(),
        "a draft counted as a concern"
    );
    let draft = drafts[0]["id"].as_str().unwrap().to_owned();

    let later = "primary_category = \"neglect\"\ndescription = \"Often hungry.\"\nsignificant_harm = \"yes\"\nreporter_name = \"Sam\"\nreporter_role = \"Worker\"\n";
    let rest_file = env.path("rest.toml");
    std::fs::write(&rest_file, later).unwrap();
    let resumed = env
        .run(&["raise", "--resume", &draft, "--answers", rest_file.to_str().unwrap(), "--json"])
        .ok()
        .json();

    let full_file = env.path("full.toml");
    std::fs::write(
        &full_file,
        format!(
            "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n{later}"
        ),
    )
    .unwrap();
    let direct = env.run(&["raise", "--answers", full_file.to_str().unwrap(), "--json"]).ok().json();

    let answers = |r: &serde_json::Value| -> Vec<(String, serde_json::Value)> {
        r["transcript"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["id"].as_str().unwrap().to_owned(), t["answer"].clone()))
            .collect()
    };
    assert_eq!(answers(&resumed), answers(&direct));
    assert_eq!(resumed["recommendation"], direct["recommendation"]);
    let without_ids = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        r["duties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.as_object_mut().unwrap().remove("id");
                d
            })
            .collect()
    };
    assert_eq!(without_ids(&resumed), without_ids(&direct));
    assert!(
        env.run(&["list", "--drafts", "--json"]).ok().json().as_array().unwrap().is_empty(),
        "the draft outlived its concern"
    );
}

#[test]
fn a_killed_interview_keeps_every_answer_already_given() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_opening(&mut s);
    // Wait for the next question: the age has been answered and saved by then.
    s.expect("main concern").unwrap();
    // SIGKILL: no handler runs, nothing is flushed on the way out.
    s.get_process_mut().kill(expectrl::process::unix::Signal::SIGKILL).unwrap();
    let _ = s.get_process().wait();
    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    assert_eq!(drafts.as_array().unwrap().len(), 1, "{drafts}");
    assert_eq!(drafts[0]["answered"], 4, "answers given before the kill were lost");
    env.run(&["verify"]).ok();
}

#[test]
fn a_decision_on_the_terminal_records_the_parents_answer() {
    let env = Env::with_store();
    let answers = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";
    let id = crate::raise::raise(&env, answers)["id"].as_str().unwrap().to_owned();
    let mut s = spawn(&env, &["decide", &id]);
    answer(&mut s, "Your decision", "\r"); // the recommendation is pre-selected
    answer(&mut s, "Reasons", "\r");
    // Where else the referral goes (optional: each starts on Skip, and Enter skips).
    answer(&mut s, "living in another's area", "\r");
    answer(&mut s, "allocated social worker", "\r");
    answer(&mut s, "parents", &format!("{DOWN}{DOWN}{DOWN}\r"));
    answer(&mut s, "Why was their agreement not sought", "Father is the alleged abuser.\r");
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    assert!(text.contains("Share the decision not to seek"), "{text}");
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(rec["outcome"], "child-protection-referral");
    let decision = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "decision").unwrap();
    assert_eq!(decision["body"]["parents"]["decision"], "not-sought");
    assert_eq!(decision["body"]["parents"]["reason"], "Father is the alleged abuser.");
    assert_eq!(decision["signed_by"], "Dee Pee (designated-person)");
}

/// `decide` on a terminal, end to end, through the policy's tree: the summary, the outcomes
/// with the recommendation selected, the reasons, and an action plan whose first date is
/// refused (already past) and asked again.
#[test]
fn a_decision_with_an_action_plan_on_the_terminal() {
    let mut env = Env::with_store();
    let answers = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\ndescription = \"Often hungry.\"\nsignificant_harm = \"no\"\n";
    let id = crate::raise::raise(&env, answers)["id"].as_str().unwrap().to_owned();
    env.set("SAFEGUARD_NOW", "2026-11-23T11:00:00Z");
    let mut s = spawn(&env, &["decide", &id]);
    let seen = s.expect("Your decision").unwrap();
    let summary = String::from_utf8_lossy(seen.before()).into_owned();
    assert!(summary.contains("Who: AB, aged 9") && summary.contains("What: Often hungry."), "{summary}");
    answer(&mut s, "(the policy's recommendation)", "\r"); // keep under review, selected
    answer(&mut s, "Reasons", "Mother accepts help.\r");
    answer(&mut s, "Task 1", "Home visit\r");
    answer(&mut s, "Who does it", "Family worker\r");
    answer(&mut s, "By when", "2026-11-20\r");
    // 20 Nov is before the decision: said at once, and only the date is asked again; a day
    // name is the coming one, echoed back in full.
    // The refused date stays typed in to correct, as a raise's does: clear it first.
    answer(&mut s, "has passed", &format!("{}Friday\r", "\x7f".repeat("2026-11-20".len())));
    answer(&mut s, "that is Fri 27 Nov 2026 23:59", "");
    answer(&mut s, "Task 2", "School nurse check\r");
    answer(&mut s, "Who does it", "School nurse\r");
    answer(&mut s, "By when", "2026-12-01 12:00\r");
    answer(&mut s, "Task 3", "\r");
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    assert!(text.contains("recorded the decision"), "{text}");
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(rec["outcome"], "keep-under-review");
    let d = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "decision").unwrap();
    assert_eq!(d["signed_by"], "Dee Pee (designated-person)");
    assert_eq!(d["body"]["reason"], "Mother accepts help.");
    let plan: Vec<(&str, &str)> = d["body"]["action_plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["task"].as_str().unwrap(), t["due"].as_str().unwrap()))
        .collect();
    assert_eq!(
        plan,
        [("Home visit", "2026-11-27T23:59:59Z"), ("School nurse check", "2026-12-01T12:00:00Z")]
    );
    let ids: Vec<&str> =
        d["body"]["transcript"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["outcome", "reason", "action_plan"]);
    let tasks = rec["duties"].as_array().unwrap().iter().filter(|d| d["kind"] == "action-plan-task").count();
    assert_eq!(tasks, 2);
}

/// Issue 16: `decide`'s action plan is asked as a raise's typed answers are: on a narrow
/// terminal its questions and a long task wrap by words within the terminal, and Ctrl-C stops
/// it with nothing recorded.
#[test]
fn an_action_plan_on_a_narrow_terminal_wraps_by_words() {
    let env = Env::with_store();
    let answers = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\ndescription = \"Often hungry.\"\nsignificant_harm = \"no\"\n";
    let id = crate::raise::raise(&env, answers)["id"].as_str().unwrap().to_owned();
    let mut s = spawn(&env, &["decide", &id]);
    s.get_process_mut().set_window_size(40, 24).unwrap();
    answer(&mut s, "(the policy's recommendation)", "\r");
    answer(&mut s, "Reasons", "Mother accepts help.\r");
    let task = "Home visit with the family worker to check there is food in the house";
    let mut shown = String::new();
    for (prompt, keys) in [("Task 1", format!("{task}\r")), ("Who does it", "Family worker\r".into())] {
        let got = s.expect(prompt).unwrap();
        shown.push_str(&String::from_utf8_lossy(got.as_bytes()));
        std::thread::sleep(Duration::from_millis(150));
        s.send(&keys).unwrap();
    }
    shown.push_str(&String::from_utf8_lossy(s.expect("2026-12-04").unwrap().as_bytes()));
    let shown = console::strip_ansi_codes(&shown).into_owned();
    for line in shown.split(['\n', '\r']) {
        assert!(safeguard::output::width(line) <= 40, "{line:?} is wider than the terminal:\n{shown}");
    }
    // The task was said back by words, every word whole on its line.
    let said: Vec<&str> = shown.split(['\n', '\r']).flat_map(str::split_whitespace).collect();
    for word in task.split_whitespace() {
        assert!(said.contains(&word), "{word:?} split in:\n{shown}");
    }
    std::thread::sleep(Duration::from_millis(150));
    s.send("Fri\x03").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 130);
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(rec["outcome"], serde_json::Value::Null);
}

/// A line manager on the terminal (`--as line-manager`): do-not-refer needs the reasons.
#[test]
fn a_line_manager_s_recommendation_on_the_terminal() {
    let env = Env::with_roles("designated-person,countersignatory,line-manager");
    let answers = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\ndescription = \"Often hungry.\"\nsignificant_harm = \"no\"\n";
    let id = crate::raise::raise(&env, answers)["id"].as_str().unwrap().to_owned();
    let mut s = spawn(&env, &["decide", &id, "--as", "line-manager"]);
    answer(&mut s, "Your recommendation", &format!("{DOWN}\r"));
    answer(&mut s, "Reasons", "Known to services; plan in place.\r");
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    let e = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "lm-recommendation").unwrap();
    assert_eq!(e["body"]["recommend"], "do-not-refer");
    assert_eq!(e["body"]["reason"], "Known to services; plan in place.");
    assert_eq!(rec["outcome"], serde_json::Value::Null);
}

/// Ctrl-C in a resumed interview names the draft that keeps the answers.
#[test]
fn ctrl_c_in_a_resumed_interview_names_the_draft_that_keeps_the_answers() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_opening(&mut s);
    answer(&mut s, "main concern", "\x03");
    s.expect(Eof).unwrap();
    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    let draft = drafts[0]["id"].as_str().unwrap().to_owned();
    // Resumed, and interrupted again: the answers are still in the same draft, and it says so.
    let mut s = spawn(&env, &["raise", "--resume", &draft]);
    answer(&mut s, "main concern", "\x03");
    let rest = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 130, "{text}");
    assert!(text.contains(&format!("raise --resume {draft}")), "the draft was not named: {text}");
    assert!(!text.contains("nothing was saved"), "{text}");
}

/// Issue 16: under NO_COLOR the cursor row and the ticks of a multi-select list are visible
/// characters, not colours.
#[test]
fn a_multi_select_list_shows_its_cursor_and_ticks_without_colour() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_opening(&mut s);
    answer(&mut s, "main concern", &format!("{DOWN}{DOWN}\r"));
    s.expect("Tick all").unwrap();
    // The first row has the cursor; nothing is ticked.
    s.expect("> [ ] ").unwrap();
    s.expect("  [ ] ").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    s.send(" ").unwrap();
    s.expect("> [x] ").unwrap();
    s.send(DOWN).unwrap();
    // The ticked row keeps its tick without the cursor; the cursor moved down.
    let moved = s.expect("> [ ] ").unwrap();
    let screen = String::from_utf8_lossy(moved.before()).into_owned();
    assert!(screen.contains("  [x] "), "{screen:?}");
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
}

/// Walks a child concern on the terminal up to "What happened".
fn child_up_to_what_happened(s: &mut OsSession) {
    child_opening(s);
    answer(s, "main concern", &format!("{DOWN}{DOWN}\r"));
    answer(s, "Tick all", "\r");
}

/// Issue 16: Ctrl-C keeps what was being typed at the current question; `--resume` recaps the
/// answers so far and offers the unfinished answer again, typed in.
#[test]
fn ctrl_c_keeps_the_answer_being_typed_and_resume_offers_it() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_up_to_what_happened(&mut s);
    answer(&mut s, "What happened", "Often hungry; says");
    s.expect("says").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    s.send("\x03").unwrap();
    let rest = s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 130, "{}", String::from_utf8_lossy(rest.as_bytes()));
    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    let draft = drafts[0]["id"].as_str().unwrap().to_owned();
    // The drafts are a table in UK time.
    let listed = env.run(&["list", "--drafts"]).ok().stdout;
    let t = crate::common::table_headed(&listed, "Draft");
    assert_eq!(t[0][3..], ["Started (UK time)", "Last answer (UK time)"], "{listed}");
    assert_eq!(t[1][0], draft);
    assert_eq!(t[1][4], "Mon 23 Nov 2026 10:00 GMT", "{listed}");

    let mut s = spawn(&env, &["raise", "--resume", &draft]);
    s.expect("Your answers so far:").unwrap();
    s.expect("initials").unwrap();
    s.expect("AB").unwrap();
    s.expect("You had started this answer").unwrap();
    // (On a terminal 80 columns wide, the last word goes to the next line.)
    s.expect("Often hungry;").unwrap();
    s.expect("says").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    s.send(" there is no food at home.\r").unwrap();
    // A time in words is echoed back in full (the clock is Mon 23 Nov 2026 10:00).
    answer(&mut s, "When did you notice", "yesterday 9am\r");
    s.expect("that is Sun 22 Nov 2026 09:00").unwrap();
    answer(&mut s, "own words", "\r");
    answer(&mut s, "tell about this first", "\r");
    answer(&mut s, "significant harm", "\r");
    answer(&mut s, "more detail for the form", "\r");
    // No name or role is asked: the signer on the store's roster raises it (issue 14).
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    let rec = env.run(&["show", &saved_id(&text), "--json"]).ok().json();
    let step = |id: &str| {
        rec["transcript"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap()["answer"].clone()
    };
    assert_eq!(step("description"), "Often hungry; says there is no food at home.");
    assert_eq!(step("noticed_at"), "2026-11-22T09:00:00Z");
}

/// Issue 16: a time still to come is refused on the terminal with forms that would work, and
/// asked again; Enter is now, echoed in full.
#[test]
fn a_future_time_is_asked_again_and_enter_is_now() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_up_to_what_happened(&mut s);
    answer(&mut s, "What happened", "Often hungry.\r");
    answer(&mut s, "When did you notice", "today 15:40\r");
    s.expect("Mon 23 Nov 2026 15:40 is in the future").unwrap();
    s.expect("yesterday 9am").unwrap();
    answer(&mut s, "When did you notice", "teatime\r");
    s.expect("\"teatime\" is not a time").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    // The refused text stays to correct: clear it and press Enter for now.
    s.send("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\r").unwrap();
    s.expect("that is Mon 23 Nov 2026 10:00").unwrap();
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
}

/// Issue 16: a draft left after ticking that the child may not be safe to go home tonight is
/// as urgent as one with someone in danger now: `--resume` says again to tell the designated
/// person before the child leaves, and the designated person's `review --due` lists it as
/// unfinished.
#[test]
fn a_draft_whose_child_may_not_be_safe_at_home_tonight_shows_as_unfinished() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_opening(&mut s);
    answer(&mut s, "main concern", "\r");
    answer(&mut s, "Tick all", &format!("{DOWN} \r"));
    s.expect("before the child leaves today").unwrap();
    answer(&mut s, "What happened", "\x03");
    s.expect(Eof).unwrap();
    let draft = env.run(&["list", "--drafts", "--json"]).ok().json()[0]["id"].as_str().unwrap().to_owned();

    let mut s = spawn(&env, &["raise", "--resume", &draft]);
    s.expect("Your answers so far:").unwrap();
    s.expect("before the child leaves today").unwrap();
    answer(&mut s, "What happened", "\x03");
    s.expect(Eof).unwrap();

    let due = env.run(&["review", "--due", "--json"]).ok().json();
    let item = due.as_array().unwrap().iter().find(|d| d["concern"] == draft.as_str()).unwrap_or_else(|| {
        panic!("the draft is not in review --due: {due}");
    });
    assert_eq!(item["kind"], "unfinished-draft");
    let text = env.run(&["review", "--due"]).ok().stdout;
    assert!(text.contains("Unfinished drafts") && text.contains(&draft), "{text}");
}

/// Issue 16: `raise --resume` repeats the 999 notice when the danger answer was yes, and the
/// draft shows in the designated person's `review --due` as unfinished until it is discarded.
#[test]
fn a_danger_draft_repeats_its_notice_shows_as_unfinished_and_can_be_discarded() {
    let env = Env::with_store();
    // A concern already raised whose police report is due at once (a child missing now).
    let missing = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\ndescription = \"x\"\nspecial = [\"missing\"]\nmissing_now = \"yes\"\nsignificant_harm = \"no\"\n";
    crate::raise::raise(&env, missing);
    let mut s = spawn(&env, &["raise"]);
    answer(&mut s, "immediate danger", "\r");
    s.expect("999").unwrap();
    answer(&mut s, "Who or what", "\x03");
    s.expect(Eof).unwrap();
    let draft = env.run(&["list", "--drafts", "--json"]).ok().json()[0]["id"].as_str().unwrap().to_owned();

    let mut s = spawn(&env, &["raise", "--resume", &draft]);
    s.expect("Your answers so far:").unwrap();
    s.expect("999").unwrap();
    answer(&mut s, "Who or what", "\x03");
    s.expect(Eof).unwrap();

    let due = env.run(&["review", "--due", "--json"]).ok().json();
    let item = due.as_array().unwrap().iter().find(|d| d["concern"] == draft.as_str()).unwrap_or_else(|| {
        panic!("the danger draft is not in review --due: {due}");
    });
    assert_eq!(item["kind"], "unfinished-draft");
    assert_eq!(item["status"], "overdue");
    // It comes first, before even the immediate duties of a concern already raised.
    assert_eq!(due[0]["concern"], draft.as_str(), "{due}");
    assert!(due.as_array().unwrap().len() > 1, "{due}");
    let text = env.run(&["review", "--due"]).ok().stdout;
    assert!(text.contains("Unfinished drafts") && text.contains(&draft), "{text}");
    let (drafts, duties) = (text.find("Unfinished drafts").unwrap(), text.find("Due or overdue").unwrap());
    assert!(drafts < duties, "the unfinished draft first:\n{text}");
    env.run(&["review", "--due", "--fail-if-due"]).code(10);

    // Discarding asks on a terminal; "no" keeps it.
    let mut s = spawn(&env, &["drafts", "discard", &draft]);
    answer(&mut s, "Discard draft", "n");
    s.expect("kept draft").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(env.run(&["list", "--drafts", "--json"]).ok().json().as_array().unwrap().len(), 1);
    let mut s = spawn(&env, &["drafts", "discard", &draft]);
    answer(&mut s, "Discard draft", "y");
    s.expect("discarded draft").unwrap();
    s.expect(Eof).unwrap();
    assert!(env.run(&["list", "--drafts", "--json"]).ok().json().as_array().unwrap().is_empty());
    let due = env.run(&["review", "--due", "--json"]).ok().json();
    assert!(due.as_array().unwrap().iter().all(|d| d["kind"] != "unfinished-draft"), "{due}");
}

/// What a record says, without what differs between two runs of the same answers (its id,
/// the duties' ids, hashes and the journal).
fn comparable(r: &serde_json::Value) -> serde_json::Value {
    let transcript: Vec<serde_json::Value> = r["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| serde_json::json!([t["id"], t["answer"], t["shown"], t["prompt"]]))
        .collect();
    let duties: Vec<serde_json::Value> = r["duties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.as_object_mut().unwrap().remove("id");
            d
        })
        .collect();
    serde_json::json!({
        "about": r["about"],
        "status": r["status"],
        "recommendation": r["recommendation"],
        "subject": r["subject"],
        "reporter": r["reporter"],
        "transcript": transcript,
        "duties": duties,
    })
}

/// The record an answer file saves, as `show --json` prints it.
fn raise_from_file(env: &Env, answers: &str) -> serde_json::Value {
    let file = env.path("same-answers.toml");
    std::fs::write(&file, answers).unwrap();
    let saved = env.run(&["raise", "--answers", file.to_str().unwrap(), "--json"]).ok().json();
    env.run(&["show", saved["id"].as_str().unwrap(), "--json"]).ok().json()
}

/// Types `steps` (prompt, keys) on the terminal, one prompt each, and checks the interview
/// then ends: no prompt came that the list does not have. Returns the saved record and all
/// the terminal showed, the closing screen last. Everything the terminal showed on the way is in plain words: no paragraph,
/// deadline or seed numbers, no bracketed internal ids (issue 16).
fn raise_on_terminal(env: &Env, steps: &[(&str, String)]) -> (serde_json::Value, String) {
    let mut s = spawn(env, &["raise"]);
    let mut seen = String::new();
    for (prompt, keys) in steps {
        let got = s.expect(*prompt).unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        seen.push_str(&String::from_utf8_lossy(got.as_bytes()));
        std::thread::sleep(Duration::from_millis(150));
        s.send(keys).unwrap();
    }
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    seen.push_str(&text);
    let seen = console::strip_ansi_codes(&seen).into_owned();
    for line in seen.lines() {
        assert_eq!(safeguard::output::plain::has_internal(line), None, "staff saw {line:?}");
    }
    (env.run(&["show", &saved_id(&text), "--json"]).ok().json(), seen)
}

/// Issue 16: the common child path (a 9-year-old tells of being hit at home) takes at most
/// 12 prompts on the terminal (nobody is asked who they are: the roster knows), and saves the record the same
/// answers in a file save.
#[test]
fn the_common_child_path_takes_at_most_12_prompts_and_saves_the_answer_file_record() {
    let env = Env::with_store();
    let steps: Vec<(&str, String)> = vec![
        ("immediate danger", format!("{DOWN}\r")),
        ("Who or what", "\r".into()),
        ("initials", "AB\r".into()),
        ("age", "9\r".into()),
        ("main concern", "\r".into()), // physical
        ("Tick all", " \r".into()),    // the child told me
        ("What happened", "Bruise on her arm; said dad hit her last night.\r".into()),
        ("When did you notice", "\r".into()),
        ("own words", "Dad hit me with his belt.\r".into()),
        ("tell about this first", "\r".into()), // my line manager, as usual
        ("significant harm", "\r".into()),      // yes
        ("more detail for the form", "\r".into()), // no, finish here
    ];
    assert!(steps.len() <= 12, "{} prompts", steps.len());
    let (typed, screen) = raise_on_terminal(&env, &steps);
    assert_eq!(typed["recommendation"], "child-protection-referral");
    // Whether the child may not be safe to go home tonight is asked on the way, in the list of
    // situations with their own rules (003 §6.19), and not ticked here.
    assert!(screen.contains("[ ] The child may not be safe to go home tonight"), "{screen}");
    // The closing screen says when as people say it (the clock is Mon 23 Nov 2026 10:00).
    assert!(screen.contains("due: by 10:00 tomorrow"), "{screen}");
    // Nobody is asked who they are: the roster knows whose key raised it (issue 14).
    assert_eq!(typed["reporter"]["name"], "Dee Pee");

    let file = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
        primary_category = \"physical\"\nspecial = [\"disclosure\"]\n\
        description = \"Bruise on her arm; said dad hit her last night.\"\n\
        child_words = \"Dad hit me with his belt.\"\nsignificant_harm = \"yes\"\n";
    let from_file = raise_from_file(&env, file);
    assert_eq!(comparable(&typed), comparable(&from_file));
}

/// Issue 16, safe to go home tonight: the same child, ticked as maybe not safe to go home
/// tonight, is told at once to tell the designated person before the child leaves, and is an
/// urgent referral in fewer prompts (the significant-harm question is not asked); the record is
/// the answer file's.
#[test]
fn a_child_not_safe_to_go_home_tonight_is_said_at_once_and_referred_urgently_within_12_prompts() {
    let env = Env::with_store();
    let steps: Vec<(&str, String)> = vec![
        ("immediate danger", format!("{DOWN}\r")),
        ("Who or what", "\r".into()),
        ("initials", "AB\r".into()),
        ("age", "9\r".into()),
        ("main concern", "\r".into()),
        ("Tick all", format!(" {DOWN} \r")), // the child told me; may not be safe at home tonight
        ("before the child leaves today", String::new()),
        ("What happened", "Bruise on her arm; said dad hit her last night.\r".into()),
        ("When did you notice", "\r".into()),
        ("own words", "Dad hit me with his belt.\r".into()),
        ("tell about this first", "\r".into()),
        ("more detail for the form", "\r".into()),
    ];
    let prompts = steps.iter().filter(|(_, keys)| !keys.is_empty()).count();
    assert!(prompts <= 12, "{prompts} prompts");
    let (typed, screen) = raise_on_terminal(&env, &steps);
    assert_eq!(typed["recommendation"], "urgent-referral");
    assert!(!screen.contains("significant harm?"), "{screen}");
    let file = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
        primary_category = \"physical\"\nspecial = [\"disclosure\", \"not-safe-home\"]\n\
        description = \"Bruise on her arm; said dad hit her last night.\"\n\
        child_words = \"Dad hit me with his belt.\"\n";
    let from_file = raise_from_file(&env, file);
    assert_eq!(comparable(&typed), comparable(&from_file));
}

/// Issue 16: the common adult path (an adult at risk who agrees to a referral) takes at most
/// 12 prompts on the terminal: the ticked kind of abuse answers whether there is abuse, and
/// capacity and agreement are one question. It saves the record the same answers in a file
/// save, with the recommendation and duties the 14 prompts gave; the form's detail is not
/// asked on the way.
#[test]
fn the_common_adult_path_takes_at_most_12_prompts_and_saves_the_answer_file_record() {
    let env = Env::with_store();
    let steps: Vec<(&str, String)> = vec![
        ("immediate danger", format!("{DOWN}\r")),
        ("Who or what", format!("{DOWN}{DOWN}\r")),
        ("initials", "CD\r".into()),
        ("age", "80\r".into()),
        ("kind of abuse", " \r".into()), // physical
        ("What happened", "Bruises on both wrists; says her son grabs her.\r".into()),
        ("When did you notice", "\r".into()),
        ("care and support", "\r".into()),
        ("unable to protect", "\r".into()),
        ("Tick all", "\r".into()),
        ("decide for themselves", "\r".into()), // they can, and they agree
        ("more detail for the form", "\r".into()),
    ];
    assert!(steps.len() <= 12, "{} prompts", steps.len());
    let (typed, _) = raise_on_terminal(&env, &steps);
    // What the 14 prompts gave (policy 2026.12.17), with the form signed on the day (2026.12.18).
    assert_eq!(typed["recommendation"], "adult-referral");
    let mut kinds: Vec<&str> =
        typed["duties"].as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "adult-form-signed",
            "adult-referral",
            "countersign-adult",
            "dp-decision",
            "dp-review-adult",
            "report-to-line-manager",
            "sarf-to-dp"
        ]
    );
    let given = |id: &str| {
        typed["transcript"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap()["answer"].clone()
    };
    assert_eq!(
        (given("abuse_or_neglect"), given("capacity"), given("consent")),
        ("yes".into(), "yes".into(), "yes".into())
    );

    let file = "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 80\n\
        adult_categories = [\"physical\"]\n\
        description = \"Bruises on both wrists; says her son grabs her.\"\n\
        care_and_support_needs = \"yes\"\nunable_to_protect = \"yes\"\ncapacity_consent = \"agrees\"\n";
    let from_file = raise_from_file(&env, file);
    assert_eq!(comparable(&typed), comparable(&from_file));
}

/// Issue 16: on a narrow terminal a list's question and choices wrap by display width to fit
/// it, each line under its text, so the terminal never splits a word itself.
#[test]
fn a_list_wraps_to_a_narrow_terminal() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    s.expect("immediate danger").unwrap();
    // The size is read at each question: the next one is drawn 40 columns wide.
    s.get_process_mut().set_window_size(40, 24).unwrap();
    answer(&mut s, "right now", &format!("{DOWN}\r"));
    let label = "A worry about care or how things are being run (Code RED, can be anonymous)";
    let wrapped = safeguard::output::wrap_item(label, 2, 40);
    assert!(wrapped.lines().count() > 1, "{wrapped}");
    let last = wrapped.lines().last().unwrap().trim().to_owned();
    let shown = s.expect(last.as_str()).unwrap();
    let shown = console::strip_ansi_codes(&String::from_utf8_lossy(shown.as_bytes())).into_owned();
    let list = &shown[shown.find("Who or what").expect("no question")..];
    for line in wrapped.lines() {
        assert!(list.contains(line.trim_end()), "{line:?} not shown in:\n{list}");
    }
    for line in list.split(['\n', '\r']) {
        assert!(safeguard::output::width(line) <= 40, "{line:?} is wider than the terminal:\n{list}");
    }
    // A typed answer's question wraps too, within the terminal.
    std::thread::sleep(Duration::from_millis(150));
    s.send("\r").unwrap(); // a child: the list is drawn (its last line was seen)
    answer(&mut s, "initials", "AB\r");
    let question = "Their age (in years) at the time of the concern, or their date of birth (YYYY-MM-DD)";
    let wrapped = safeguard::output::wrap_item(question, 2, 38);
    assert!(wrapped.lines().count() > 1, "{wrapped}");
    let first = wrapped.lines().next().unwrap().to_owned();
    s.expect(first.as_str()).unwrap();
    let last = wrapped.lines().last().unwrap().trim().to_owned();
    answer(&mut s, last.as_str(), "9\r");
    let shown = s.expect("Physical abuse").unwrap();
    let shown = console::strip_ansi_codes(&String::from_utf8_lossy(shown.as_bytes())).into_owned();
    for line in shown.split(['\n', '\r']) {
        assert!(safeguard::output::width(line) <= 40, "{line:?} is wider than the terminal:\n{shown}");
    }
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
}

/// A list drawn before the terminal is narrowed (a terminal such as tmux reflows it onto more
/// rows) is taken off over the rows it takes now: the next key goes back over every one of
/// them (it used to go back over the 6 rows counted at 80 columns, and the list showed
/// twice), and draws the list again wrapped to the new width, which the key after it goes
/// back over in turn.
#[test]
fn a_list_drawn_before_the_terminal_is_narrowed_is_redrawn_over_itself() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    answer(&mut s, "right now", &format!("{DOWN}\r"));
    s.expect("(Code RED, can be anonymous)").unwrap(); // the list, one line per choice
    s.get_process_mut().set_window_size(40, 24).unwrap();
    let labels = [
        "A child (under 18)",
        "An unborn child (an expected baby)",
        "An adult (18 or over) who may be at risk",
        "Care given by an independent care provider",
        "The behaviour of a member of staff or volunteer",
        "A worry about care or how things are being run (Code RED, can be anonymous)",
    ];
    let reflowed: usize = labels.iter().map(|l| (2 + safeguard::output::width(l)).div_ceil(40)).sum();
    let rewrapped: usize =
        labels.iter().map(|l| safeguard::output::wrap_item(l, 2, 40).lines().count()).sum();
    assert!(reflowed > labels.len() && rewrapped > labels.len());
    let redraw = |s: &mut OsSession, row: &str| -> String {
        std::thread::sleep(Duration::from_millis(150));
        s.send(DOWN).unwrap();
        let got = s.expect(row).unwrap_or_else(|e| panic!("waiting for {row:?}: {e}"));
        String::from_utf8_lossy(got.before()).into_owned()
    };
    let first = redraw(&mut s, "❯ An unborn child");
    assert!(first.contains(&format!("\x1b[{reflowed}A")), "not back over {reflowed} rows: {first:?}");
    let next = redraw(&mut s, "❯ An adult");
    assert!(next.contains(&format!("\x1b[{rewrapped}A")), "not back over {rewrapped} rows: {next:?}");
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
}

/// `spawn` on a terminal `cols` wide from the start (the size is set before the program runs,
/// so no line is drawn at the default 80 columns first).
fn spawn_sized(env: &Env, cols: u16, args: &[&str]) -> OsSession {
    let base = env.command(args);
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!("stty cols {cols} rows 24 && exec \"$0\" \"$@\""))
        .arg(base.get_program())
        .args(base.get_args())
        .env_clear()
        .env("TERM", "xterm");
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    if let Some(dir) = base.get_current_dir() {
        cmd.current_dir(dir);
    }
    let mut s = Session::spawn(cmd).expect("spawn on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

/// The lines of what a terminal was sent, as they end up (a redraw starts at a carriage
/// return), without colour.
fn screen_lines(raw: &[u8]) -> Vec<String> {
    let text = console::strip_ansi_codes(&String::from_utf8_lossy(raw)).into_owned();
    text.split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .map(|l| l.rsplit('\r').next().unwrap_or(l).to_owned())
        .collect()
}

fn assert_within(lines: &[String], cols: usize) {
    for line in lines {
        assert!(
            safeguard::output::width(line) <= cols,
            "{line:?} is wider than {cols} columns:\n{}",
            lines.join("\n")
        );
    }
}

/// Escape in a list stops nothing and changes nothing: the row the cursor is on and the rows
/// ticked stay as they were, and the list says how to stop (Ctrl-C, the draft keeps the
/// answers). Enter then answers as it would have.
#[test]
fn escape_in_a_list_says_how_to_stop_and_loses_nothing() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    answer(&mut s, "immediate danger", &format!("{DOWN}\x1b"));
    s.expect("press Ctrl-C").unwrap();
    answer(&mut s, "in a draft.", "\r");
    let got = s.expect("Who or what").unwrap();
    let said = screen_lines(got.as_bytes()).iter().map(|l| l.trim().to_owned()).collect::<Vec<_>>().join(" ");
    assert!(said.contains("right now? · No, not right now"), "{said}");
    std::thread::sleep(Duration::from_millis(150));
    s.send("\r").unwrap();
    answer(&mut s, "initials", "AB\r");
    answer(&mut s, "age", "9\r");
    answer(&mut s, "main concern", &format!("{DOWN}{DOWN}\r"));
    answer(&mut s, "Tick all", " \x1b");
    s.expect("press Ctrl-C").unwrap();
    answer(&mut s, "in a draft.", "\r");
    let got = s.expect("What happened").unwrap();
    let said = screen_lines(got.as_bytes()).iter().map(|l| l.trim().to_owned()).collect::<Vec<_>>().join(" ");
    assert!(said.contains("Tick all that do. · The child told me about abuse directly"), "{said}");
    std::thread::sleep(Duration::from_millis(150));
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    assert_eq!(drafts[0]["answered"], 6, "{drafts}");
}

/// A new passphrase refused, or repeated differently, is said as the tool's other problems
/// are ("error: " and a sentence in lower case), wrapped by words within a terminal 50 columns
/// wide, its lines under its text.
#[test]
fn a_refused_or_mismatched_new_passphrase_is_said_within_the_terminal() {
    let mut env = Env::new();
    env.unset("SAFEGUARD_PASSPHRASE");
    let mut s = spawn_sized(&env, 50, &["init"]);
    answer(&mut s, "Passphrase", "short\r");
    let got = s.expect("short word)").unwrap();
    let lines = screen_lines(got.as_bytes());
    assert_within(&lines, 50);
    let at = lines.iter().position(|l| l.starts_with("error: a new store passphrase")).expect("no error");
    assert!(
        lines[at + 1].starts_with("       ") && lines[at + 1].trim_start().starts_with(char::is_alphabetic)
    );
    answer(&mut s, "Passphrase", "long enough one\r");
    answer(&mut s, "Repeat", "different one\r");
    let got = s.expect("Passphrase").unwrap();
    let lines = screen_lines(got.as_bytes());
    assert_within(&lines, 50);
    let said = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert!(said.contains("error: the passphrase and its repeat differ; type them again"), "{lines:#?}");
    std::thread::sleep(Duration::from_millis(150));
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
    assert!(!env.store().exists());
}

/// On a terminal 50 columns wide, the lines the interview prints besides its questions wrap by
/// words within it too: the urgent `!! ` notice (its marker counted), the line that offers a
/// tick list's earlier ticks again, and the line that names the draft an interruption kept,
/// whose command stays whole on one line.
#[test]
fn notices_and_the_interrupted_line_wrap_to_a_50_column_terminal() {
    let env = Env::with_store();
    let mut s = spawn_sized(&env, 50, &["raise"]);
    answer(&mut s, "right now", "\r"); // yes: the 999 notice
    let got = s.expect("Who or what").unwrap();
    let lines = screen_lines(got.before());
    assert_within(&lines, 50);
    let notice: Vec<&String> = lines.iter().skip_while(|l| !l.starts_with("!! ")).collect();
    assert!(notice.len() > 2 && notice[1].starts_with("   "), "{lines:#?}");
    std::thread::sleep(Duration::from_millis(150));
    s.send("\x03").unwrap();
    let rest = s.expect(Eof).unwrap();
    let lines = screen_lines(rest.as_bytes());
    assert_within(&lines, 50);
    assert!(lines.iter().any(|l| l.trim_start().starts_with("interrupted;")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("`safeguard raise --resume D-")), "{lines:#?}");

    let env = Env::with_store();
    let mut s = spawn_sized(&env, 50, &["raise"]);
    child_opening(&mut s);
    answer(&mut s, "main concern", &format!("{DOWN}{DOWN}\r"));
    answer(&mut s, "Tick all", " ");
    s.expect("> [x] The child told me").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
    let draft = env.run(&["list", "--drafts", "--json"]).ok().json()[0]["id"].as_str().unwrap().to_owned();
    let mut s = spawn_sized(&env, 50, &["raise", "--resume", &draft]);
    s.expect("You had started").unwrap();
    let got = s.expect("> [x] The child told me").unwrap();
    let lines = screen_lines(got.before());
    assert_within(&lines, 50);
    let offer = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert!(offer.starts_with("ticking this list; carry on, or change it:"), "{lines:#?}");
    s.send("\x03").unwrap();
    s.expect(Eof).unwrap();
}

/// Issue 16: what a question says back once answered ("✔ question · answer") wraps by words
/// within a narrow terminal, as the question did, and an answer left blank says what it stood
/// for: "none of these" for a list with nothing ticked, "now" for the time. A tick list's
/// question is said back without its key hint ("(space to tick, enter when done)").
#[test]
fn an_answer_is_said_back_within_the_terminal_and_a_blank_says_what_it_stands_for() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    s.expect("immediate danger").unwrap();
    s.get_process_mut().set_window_size(40, 24).unwrap();
    let mut seen = String::new();
    let mut step = |s: &mut OsSession, prompt: &str, keys: &str| {
        let got = s.expect(prompt).unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        seen.push_str(&String::from_utf8_lossy(got.as_bytes()));
        std::thread::sleep(Duration::from_millis(150));
        s.send(keys).unwrap();
    };
    // (The first question was drawn 80 columns wide, before the resize.)
    answer(&mut s, "right now", &format!("{DOWN}\r"));
    step(&mut s, "(Code RED", "\r"); // a child
    step(&mut s, "initials", "AB\r");
    step(&mut s, "(YYYY-MM-DD)", "9\r");
    step(&mut s, "Emotional abuse", "\r");
    step(&mut s, "The child of a member", "\r"); // nothing ticked
    step(&mut s, "plain words", "A bruise on her arm that she says her dad gave her.\r");
    step(&mut s, "enter for now", "\r");
    step(&mut s, "own words", "\x03");
    s.expect(Eof).unwrap();
    let shown = console::strip_ansi_codes(&seen).into_owned();
    // Each line as it ends up: a redraw starts at a carriage return (and the terminal ends
    // every line with one).
    let lines: Vec<&str> = shown
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .map(|l| l.rsplit('\r').next().unwrap_or(l))
        .collect();
    for line in &lines {
        assert!(safeguard::output::width(line) <= 40, "{line:?} is wider than the terminal:\n{shown}");
    }
    let flat = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    // A tick list's question is said back without its key hint.
    assert!(!flat.contains("enter when done) ·"), "the hint was said back:\n{shown}");
    for said in [
        "✔ Which kind of harm is the main concern? Pick the one that fits best. · Physical abuse",
        "✔ Does any of this apply? Tick all that do. · none of these",
        "in plain words. · A bruise on her arm that she says her dad gave her.",
        "enter for now) · now",
    ] {
        assert!(flat.contains(said), "{said:?} not said back in:\n{shown}");
    }
}

/// Issue 15 (003 §1.18, §6.38-6.39; DL-45): out of hours goes by when the raise is saved. An
/// interview begun at 16:50 on a working day, closed before its end and resumed on the terminal
/// at 17:30, after closing time, is saved as out of hours: the emergency duty team's referral
/// and the on-call manager's call start, due at the save. Nothing answered before is asked
/// again, and each answer keeps the time it was given.
#[test]
fn a_draft_resumed_after_closing_time_is_saved_as_out_of_hours() {
    const BEFORE: &str = "2026-11-23T16:50:00Z";
    const AFTER: &str = "2026-11-23T17:30:00Z";
    let mut env = Env::with_store();
    env.set("SAFEGUARD_NOW", BEFORE);
    let mut s = spawn(&env, &["raise"]);
    child_up_to_what_happened(&mut s);
    answer(&mut s, "What happened", "Bruises on both arms; says dad did it.\r");
    answer(&mut s, "When did you notice", "\r");
    answer(&mut s, "own words", "\r");
    answer(&mut s, "tell about this first", "\r");
    answer(&mut s, "significant harm", "\x03");
    let rest = s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 130, "{}", String::from_utf8_lossy(rest.as_bytes()));
    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    let draft = drafts[0]["id"].as_str().unwrap().to_owned();

    env.set("SAFEGUARD_NOW", AFTER);
    let mut s = spawn(&env, &["raise", "--resume", &draft]);
    s.expect("Your answers so far:").unwrap();
    // The next question is the first one not answered: nothing before it is asked again.
    let asked = s.expect("significant harm").unwrap();
    let before = String::from_utf8_lossy(asked.before()).into_owned();
    // (The recap gives each answered question without its question mark; asked, it has one.)
    assert!(before.contains("Who will you tell about this first: "), "{before}");
    assert!(!before.contains("Who will you tell about this first?"), "asked again: {before}");
    std::thread::sleep(Duration::from_millis(150));
    s.send("\r").unwrap();
    answer(&mut s, "more detail for the form", "\r");
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");

    let rec = env.run(&["show", &saved_id(&text), "--json"]).ok().json();
    assert_eq!(rec["recommendation"], "child-protection-referral");
    let step =
        |id: &str| rec["transcript"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
    assert_eq!(step("out_of_hours")["answer"], "yes", "{}", rec["transcript"]);
    assert_eq!(step("out_of_hours")["at"], AFTER);
    for id in ["immediate_risk", "description", "tell_first"] {
        assert_eq!(step(id)["at"], BEFORE, "{id} lost the time it was given");
    }
    assert_eq!(step("significant_harm")["at"], AFTER);
    let ids: Vec<&str> =
        rec["transcript"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    let mut once = ids.clone();
    once.dedup();
    assert_eq!(ids, once, "an answer recorded twice");
    for kind in ["edt-referral", "tell-ooh-manager"] {
        let d = rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == kind);
        let d = d.unwrap_or_else(|| panic!("no {kind} duty: {}", rec["duties"]));
        assert_eq!(d["due"], AFTER, "{d}");
    }
    let tell = &rec["timeline"][0]["body"]["tell"];
    assert!(tell.as_array().unwrap().iter().any(|r| r == "edt"), "{tell}");
}

/// The walkthrough of 2026-12-04: Ctrl-C in a tick-list keeps the rows ticked so far in the encrypted draft, as a
/// typed answer's words are kept. `--resume` says the question is not yet entered and what
/// was ticked, in a recap wrapped to the terminal (without a hint's full stop before its
/// colon: "Tick all that do.:"), and the list comes back with those rows ticked.
#[test]
fn ctrl_c_in_a_tick_list_keeps_its_ticks_and_resume_ticks_them_again() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    child_opening(&mut s);
    answer(&mut s, "main concern", &format!("{DOWN}{DOWN}\r"));
    // Tick the first row ("The child told me about abuse directly") and the tenth ("Domestic
    // abuse in the household"), then Ctrl-C before Enter.
    answer(&mut s, "Tick all", " ");
    s.expect("> [x] The child told me").unwrap();
    s.send(DOWN.repeat(9)).unwrap();
    s.expect("> [ ] Domestic abuse").unwrap();
    s.send(" ").unwrap();
    s.expect("> [x] Domestic abuse").unwrap();
    std::thread::sleep(Duration::from_millis(150));
    s.send("\x03").unwrap();
    let rest = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 130, "{text}");
    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    assert_eq!(drafts.as_array().unwrap().len(), 1, "{drafts}");
    let draft = drafts[0]["id"].as_str().unwrap().to_owned();

    let mut s = spawn(&env, &["raise", "--resume", &draft]);
    s.expect("Your answers so far:").unwrap();
    let offered = s.expect("You had started ticking this list").unwrap();
    let recap = console::strip_ansi_codes(&String::from_utf8_lossy(offered.before())).into_owned();
    // (What came between "Your answers so far:" and the offer: the recap's lines.)
    let lines: Vec<&str> = recap.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    for line in &lines {
        assert!(safeguard::output::width(line) <= 80, "{line:?} is wider than the terminal:\n{recap}");
        assert!(!line.contains(".:") && !line.contains("?:"), "stray punctuation in {line:?}:\n{recap}");
    }
    let flat = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Does any of this apply? Tick all that do: not yet entered; ticked so far: The child told me \
             about abuse directly; Domestic abuse in the household"
        ),
        "{recap}"
    );
    assert!(lines.len() > 6, "the recap's long line was not wrapped:\n{recap}");
    // The list comes back with both rows ticked and the others not.
    s.expect("> [x] The child told me").unwrap();
    let list = s.expect("[x] Domestic abuse").unwrap();
    let shown = String::from_utf8_lossy(list.before()).into_owned();
    assert!(shown.contains("  [ ] Female genital mutilation"), "{shown}");
    std::thread::sleep(Duration::from_millis(150));
    s.send("\r").unwrap();
    answer(&mut s, "What happened", "She told me her stepfather hits her mum.\r");
    answer(&mut s, "When did you notice", "\r");
    answer(&mut s, "own words", "\r");
    answer(&mut s, "tell about this first", "\r");
    answer(&mut s, "significant harm", "\r");
    answer(&mut s, "more detail for the form", "\r");
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    let rec = env.run(&["show", &saved_id(&text), "--json"]).ok().json();
    let special = rec["transcript"].as_array().unwrap().iter().find(|t| t["id"] == "special").unwrap();
    assert_eq!(special["answer"], serde_json::json!(["disclosure", "domestic-abuse"]), "{special}");
}

/// The walkthrough of 2026-12-04: the arrow keys stop at the ends of a list rather than wrapping round to the
/// other end: Up on the first answer stays there (it used to wrap to the last, Code RED). An
/// optional choice with no default starts on "Skip", its first row, where Up stops (it used to
/// be the last row, where one Down wrapped round to the first answer, "Yes").
#[test]
fn arrow_keys_stop_at_the_ends_of_a_list_and_an_optional_choice_starts_on_skip_its_first_row() {
    let env = Env::with_store();
    let mut s = spawn(&env, &["raise"]);
    answer(&mut s, "immediate danger", &format!("{DOWN}{DOWN}{DOWN}\r")); // stops at "No"
    answer(&mut s, "Who or what", "\x1b[A\x1b[A\r"); // stays at the first, "A child"
    answer(&mut s, "initials", "\x03");
    s.expect(Eof).unwrap();
    let drafts = env.run(&["list", "--drafts", "--json"]).ok().json();
    assert_eq!(drafts[0]["about"], "child", "{drafts}");

    let answers = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";
    let id = crate::raise::raise(&env, answers)["id"].as_str().unwrap().to_owned();
    let mut s = spawn(&env, &["decide", &id]);
    answer(&mut s, "Your decision", "\r");
    answer(&mut s, "Reasons", "\r");
    // It starts on Skip; Up twice stays there (wrapping round would reach "Yes"), and Enter skips.
    answer(&mut s, "living in another's area", &format!("{}\r", "\x1b[A".repeat(2)));
    s.expect("· Skip (I don't know)").unwrap();
    // Down four times from Skip: Yes, No, and it stays on No; Up is Yes (wrapping round would
    // have gone Skip, Yes and then back up to Skip).
    answer(&mut s, "allocated social worker", &format!("{}\x1b[A\r", DOWN.repeat(4)));
    answer(&mut s, "parents", &format!("{DOWN}{DOWN}{DOWN}\r"));
    answer(&mut s, "Why was their agreement not sought", "Father is the alleged abuser.\r");
    let done = s.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(done.as_bytes()).into_owned();
    assert_eq!(exit_code(&s), 0, "{text}");
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    let kinds: Vec<&str> =
        rec["duties"].as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"copy-allocated-sw"),
        "Yes to the allocated social worker was not recorded: {kinds:?}"
    );
    assert!(!kinds.contains(&"refer-responsible-la"), "a skipped question was answered: {kinds:?}");
    let decision = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "decision").unwrap();
    assert_eq!(decision["body"]["parents"]["decision"], "not-sought");
}

/// A newcomer's tryout: with NO_COLOR set, `review --due` on an 80-column terminal printed a
/// table 199 columns wide (comfy-table, told there is no terminal so as to leave colour out, did
/// not fit it to one). The table is as wide as the terminal.
#[test]
fn the_morning_screen_fits_the_terminal_with_colour_off() {
    let env = Env::with_store();
    let answers = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\ndescription = \"Often hungry.\"\nsignificant_harm = \"yes\"\n";
    crate::raise::raise(&env, answers);
    let mut env = env;
    // (The environment sets NO_COLOR=1 for every command.)
    env.set("SAFEGUARD_NOW", "2026-12-10T10:00:00Z");
    let mut s = spawn(&env, &["review", "--due"]);
    s.get_process_mut().set_window_size(80, 24).unwrap();
    let shown = String::from_utf8_lossy(s.expect(Eof).unwrap().as_bytes()).into_owned();
    let lines: Vec<&str> = shown.split(['\n', '\r']).filter(|l| l.contains('│')).collect();
    assert!(lines.len() > 3, "{shown}");
    for line in lines {
        assert!(safeguard::output::width(line) <= 80, "{line:?} is wider than the terminal:\n{shown}");
    }
}

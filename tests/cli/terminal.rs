//! Terminal output (issue 11): user text reaches no terminal with its control sequences, on
//! any human path (receipts, lists, the record, the morning screen, errors); JSON keeps the
//! text exact; `show` prints what each timeline entry says.

use serde_json::{Value, json};

use std::time::Duration;

use expectrl::{Eof, Expect};

use crate::common::{Env, Run};
use crate::pty::{answer, spawn};

/// Everything tried in tmux against the old output: an OSC retitle, a screen wipe, hidden
/// text, a line overwritten to fake a signer, an OSC 8 link, a bidi override, a C1 CSI, DEL.
const HOSTILE: &str = "A\x1b]0;pwned title\x07B\x1b[2JC\x1b[8mD\r\x1b[K  signed: (Designated person)E\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\F\u{202e}G\u{2066}H\u{9b}31mI\x7fJ";

/// What the sanitiser must turn HOSTILE's first control into.
const SHOWN_ESC: &str = "\\u{1b}";

/// The characters of `s` that a terminal would obey or that reorder text.
fn hazards(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[track_caller]
fn assert_clean(what: &str, run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let bad = hazards(text);
        assert!(bad.is_empty(), "{what}: {stream} carries {bad:?}:\n{text:?}");
    }
}

/// Clean, and the hostile text is there to see, escaped.
#[track_caller]
fn assert_shown(what: &str, run: &Run) {
    assert_clean(what, run);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains(SHOWN_ESC) && all.contains("\\u{202e}"),
        "{what}: the escapes are not shown:\n{all}"
    );
}

fn write_json(env: &Env, name: &str, v: &Value) -> String {
    let p = env.path(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.to_str().unwrap().to_owned()
}

/// A local policy whose wording carries the hostile text, and contacts whose names do.
fn hostile_config(env: &mut Env) {
    let default =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/policy/default.toml")).unwrap();
    let toml_text = toml_escape(HOSTILE);
    let title_line = default.lines().find(|l| l.starts_with("title = ")).unwrap();
    let mut policy = default.replacen(title_line, &format!("title = \"{toml_text}\""), 1);
    // The first question's wording, help and answer label, and an outcome's title.
    for (from, to) in [
        ("right now?\"\nhelp = \"Think", format!("right now? {toml_text}\"\nhelp = \"{toml_text} Think")),
        ("label = \"No, not right now\"", format!("label = \"No, not right now {toml_text}\"")),
        (
            "title = \"No referral now: keep under review\"",
            format!("title = \"Keep under review {toml_text}\""),
        ),
    ] {
        assert!(policy.contains(from), "the default policy changed: {from}");
        policy = policy.replacen(from, &to, 1);
    }
    std::fs::write(env.path("policy.toml"), policy).unwrap();
    let cfg = env.path("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "policy = \"{}\"\n[contacts.designated-person]\nname = \"{toml_text}\"\nphone = \"0114 000 0001\"\n",
            env.path("policy.toml").display()
        ),
    )
    .unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
}

/// A TOML basic string's body for `s` (control characters as \uXXXX escapes).
fn toml_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            c if c.is_control() => format!("\\u{:04X}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

fn child_answers() -> Value {
    json!({
        "immediate_risk": "no",
        "about": "child",
        "subject_initials": HOSTILE,
        "subject_age": 9,
        "primary_category": "physical",
        "description": HOSTILE,
        "significant_harm": "no",
        "reporter_name": HOSTILE,
        "reporter_role": HOSTILE,
    })
}

#[test]
fn user_text_reaches_no_terminal_with_its_control_sequences() {
    let mut env = Env::with_store();
    hostile_config(&mut env);
    let answers = write_json(&env, "child.json", &child_answers());

    // The raise receipt and recap.
    let raised = env.run(&["raise", "--answers", &answers]).ok();
    assert_shown("raise", &raised);
    let id = {
        let at = raised.stderr.find("SG-").expect("no id in the receipt");
        raised.stderr[at..at + 12].to_owned()
    };

    // The decision (an action plan whose task and owner are hostile) and its summary.
    let plan = json!({
        "outcome": "keep-under-review",
        "reason": HOSTILE,
        "action_plan": [{ "task": HOSTILE, "owner": HOSTILE, "due": "2026-11-27" }],
    });
    let f = write_json(&env, "decide.json", &plan);
    assert_clean("decide", &env.run(&["decide", &id, "--answers", &f]).ok());
    assert_clean("log", &env.run(&["log", &id, "note", "--note", HOSTILE]).ok());
    assert_clean("review ID", &env.run(&["review", &id, "--note", HOSTILE]).ok());

    assert_shown("list", &env.run(&["list"]).ok());
    let shown = env.run(&["show", &id]).ok();
    assert_shown("show", &shown);
    // The faked signer line cannot stand on a line of its own: the CR before it is shown.
    assert!(
        !shown.stdout.lines().any(|l| l.trim_start().starts_with("signed: (Designated person)")),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("\\u{d}\\u{1b}[K  signed: (Designated person)"), "{}", shown.stdout);
    assert_shown("policy show", &env.run(&["policy", "show"]).ok());
    assert_clean("config show", &env.run(&["config", "show"]).ok());

    // The morning screen once the action-plan task is overdue.
    env.set("SAFEGUARD_NOW", "2026-11-30T10:00:00Z");
    let due = env.run(&["review", "--due"]).ok();
    assert_shown("review --due", &due);
    assert!(due.stdout.contains("OVERDUE"), "{}", due.stdout);

    // JSON keeps the text exact, and its bytes carry no raw control or bidi character either.
    let json_run = env.run(&["show", &id, "--json"]).ok();
    assert_clean("show --json", &json_run);
    let rec = json_run.json();
    assert_eq!(rec["subject"]["initials"], HOSTILE);
    assert_eq!(rec["reporter"]["name"], HOSTILE);
    let task = rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == "action-plan-task").unwrap();
    assert_eq!(task["title"], HOSTILE);
    assert_eq!(task["owner"], HOSTILE);
    let note = rec["timeline"].as_array().unwrap().iter().find(|e| e["body"]["event"] == "note").unwrap();
    assert_eq!(note["body"]["note"], HOSTILE);
    assert!(rec["transcript"].to_string().contains(&serde_json::to_string(HOSTILE).unwrap()));
    let list = env.run(&["list", "--json"]).ok();
    assert_clean("list --json", &list);
    assert_eq!(list.json()[0]["subject"]["initials"], HOSTILE);
}

#[test]
fn error_messages_show_bad_values_and_file_names_escaped() {
    let mut env = Env::with_store();
    hostile_config(&mut env);
    // A bad answer value, quoted back.
    let mut bad = child_answers();
    bad["about"] = json!(HOSTILE);
    let f = write_json(&env, "bad.json", &bad);
    assert_shown("a bad answer", &env.run(&["raise", "--answers", &f]).code(2));
    // A file name that is not there.
    let missing = env.path(&format!("answers{HOSTILE}.json"));
    assert_shown("a missing file", &env.run(&["raise", "--answers", missing.to_str().unwrap()]).code(2));
    // An id that is no concern, and an event that is none.
    assert_shown("show of a bad id", &env.run(&["show", HOSTILE]).code(2));
    let good = write_json(&env, "good.json", &child_answers());
    let rec = env.run(&["raise", "--answers", &good, "--json"]).ok().json();
    let id = rec["id"].as_str().unwrap();
    assert_clean("log of a bad event", &env.run(&["log", id, HOSTILE]).code(2));
    // A bad decision value.
    let d = write_json(&env, "lm.json", &json!({ "role": "line-manager", "recommend": HOSTILE }));
    assert_clean("decide with a bad value", &env.run(&["decide", id, "--answers", &d]).code(2));
    // A bad command-line value, which clap quotes (its plain rendering drops the escape
    // sequences themselves; what is left is shown safely).
    let flag = env.run(&["--color", HOSTILE, "list"]).code(2);
    assert_clean("a bad flag value", &flag);
    assert!(flag.stderr.contains("\\u{d}") && flag.stderr.contains("\\u{202e}"), "{}", flag.stderr);
}

#[test]
fn provider_names_are_escaped_in_stats() {
    let mut env = Env::with_store();
    for day in ["2026-09-01", "2026-10-01", "2026-11-01"] {
        env.set("SAFEGUARD_NOW", &format!("{day}T10:00:00Z"));
        let answers = json!({
            "immediate_risk": "no", "about": "provider", "subject_name": HOSTILE,
            "description": "x", "abuse_suspected": "no", "reporter_name": "R", "reporter_role": "W",
        });
        let f = write_json(&env, &format!("p{day}.json"), &answers);
        env.run(&["raise", "--answers", &f, "--json"]).ok();
    }
    env.set("SAFEGUARD_NOW", "2026-11-30T10:00:00Z");
    let stats = env.run(&["stats"]).ok();
    assert_shown("stats", &stats);
    assert!(stats.stdout.contains("Providers to look at"), "{}", stats.stdout);
    let list = env.run(&["list"]).ok();
    assert_clean("list of providers", &list);
}

/// On a terminal the prompts themselves (a local policy's wording, help and answer labels, and
/// the decision's outcome titles) are shown escaped. dialoguer draws with its own escape codes,
/// so this looks for the hostile sequences themselves.
#[test]
fn prompts_on_a_terminal_show_a_policys_control_characters_escaped() {
    let mut env = Env::with_store();
    hostile_config(&mut env);
    let raw: [&[u8]; 6] =
        [b"\x1b]0;pwned", b"\x1b[8m", b"\x1b]8;;https", "\u{202e}".as_bytes(), "\u{9b}".as_bytes(), b"\x7f"];
    let check = |what: &str, bytes: &[u8]| {
        for r in raw {
            assert!(!crate::common::contains(bytes, r), "{what}: the terminal got {r:?} raw");
        }
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("\\u{1b}]0;pwned title\\u{7}"), "{what}: not shown escaped:\n{text}");
    };
    let mut s = spawn(&env, &["raise"]);
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    // The help and the prompt are drawn, then the choice list with the hostile label.
    let seen = s.expect("not right now").unwrap();
    let mut all = seen.before().to_vec();
    answer(&mut s, "", "\x03");
    all.extend_from_slice(s.expect(Eof).unwrap().as_bytes());
    check("raise", &all);

    // decide: the outcome titles in the list of decisions.
    let answers = write_json(&env, "child.json", &child_answers());
    let rec = env.run(&["raise", "--answers", &answers, "--json"]).ok().json();
    let id = rec["id"].as_str().unwrap();
    assert_eq!(rec["recommendation"], "keep-under-review");
    let mut s = spawn(&env, &["decide", id]);
    let seen = s.expect("Your decision").unwrap();
    let mut all = seen.before().to_vec();
    all.extend_from_slice(s.expect("recommendation)").unwrap().before());
    answer(&mut s, "", "\x03");
    all.extend_from_slice(s.expect(Eof).unwrap().as_bytes());
    check("decide", &all);
}

/// The lines of `show`'s timeline section.
fn timeline(show: &str) -> String {
    let from = show.find("\nTimeline").expect("no timeline");
    let to = show[from..].find("\nAnswers:").map_or(show.len(), |i| from + i);
    show[from..to].to_owned()
}

#[test]
fn show_says_what_each_timeline_entry_records() {
    let mut env = Env::with_store();
    let mut answers = child_answers();
    answers["subject_initials"] = json!("AB");
    answers["description"] = json!("Bruises on both arms.\nHe said his father grabbed him.");
    answers["reporter_name"] = json!("Sam Jones");
    answers["reporter_role"] = json!("Support worker");
    let f = write_json(&env, "child.json", &answers);
    let id = env.run(&["raise", "--answers", &f, "--json"]).ok().json()["id"].as_str().unwrap().to_owned();
    let by: [&str; 0] = [];
    env.set("SAFEGUARD_NOW", "2026-11-23T11:00:00Z");
    let plan = json!({
        "outcome": "assessment-referral",
        "reason": "Father has left; mother asks for help.",
        "consulted": "LADO duty line",
        "advice": "Refer for an assessment",
    });
    let d = write_json(&env, "d.json", &plan);
    env.run(&[&["decide", &id, "--answers", &d][..], &by].concat()).ok();
    env.set("SAFEGUARD_NOW", "2026-11-23T14:00:00Z");
    env.run(
        &[
            &[
                "log",
                &id,
                "note",
                "--note",
                "Mother phoned.\nShe is at her sister's.",
                "--at",
                "2026-11-23 12:30",
            ][..],
            &by,
        ]
        .concat(),
    )
    .ok();
    env.run(
        &[&["log", &id, "escalation", "--stage", "2", "--note", "No reply from the LA."][..], &by].concat(),
    )
    .ok();
    env.run(
        &[&["log", &id, "amend", "--entry", "4", "--note", "She phoned at 12:45, not 12:30."][..], &by]
            .concat(),
    )
    .ok();
    env.run(&[&["review", &id, "--note", "Visit booked."][..], &by].concat()).ok();
    env.run(&[&["sign", &id, "--comments", "Agreed."][..], &by].concat()).ok();
    // The referral's duties are still open: closing says why they are no longer needed, and the
    // closing entry shows it (issue 19).
    env.run(
        &[
            &[
                "close",
                &id,
                "--reason",
                "Family supported by the LA.",
                "--cancel-open",
                "The LA has taken over.",
            ][..],
            &by,
        ]
        .concat(),
    )
    .ok();

    let shown = env.run(&["show", &id]).ok().stdout;
    // A long answer keeps every line indented under its question.
    assert!(shown.contains("    Bruises on both arms.\n    He said his father grabbed him.\n"), "{shown}");
    let t = timeline(&shown);
    for want in [
        "Timeline (UK time):",
        // The raise, in UK time, signed by the person on the roster who recorded it (entry 1 is
        // the roster's first), and the recommendation.
        "2. Mon 23 Nov 2026 10:00 GMT  concern raised\n       signed: Dee Pee, Designated person for safeguarding (DP) [designated-person]\n       recommendation: No referral now: keep under review (keep-under-review)",
        // The decision: what was decided, against what the policy said, and why.
        "3. Mon 23 Nov 2026 11:00 GMT  decision: ",
        "(assessment-referral)\n       signed: Dee Pee, Designated person for safeguarding (DP) [designated-person]\n       the policy recommended: No referral now: keep under review (keep-under-review)\n       reason: Father has left; mother asks for help.\n       consulted: LADO duty line\n       advice: Refer for an assessment",
        // A note logged later than it happened, with its second line kept inside the entry.
        "4. Mon 23 Nov 2026 12:30 GMT  Note (note)\n       signed: Dee Pee, Designated person for safeguarding (DP) [designated-person]\n       recorded Mon 23 Nov 2026 14:00 GMT\n       note: Mother phoned.\n         She is at her sister's.",
        "5. Mon 23 Nov 2026 14:00 GMT  ",
        "(escalation)\n       signed: Dee Pee, Designated person for safeguarding (DP) [designated-person]\n       note: No reply from the LA.\n       escalation stage: 2",
        "6. Mon 23 Nov 2026 14:00 GMT  amendment of entry 4\n       signed: Dee Pee, Designated person for safeguarding (DP) [designated-person]\n       correction: She phoned at 12:45, not 12:30.",
        "7. Mon 23 Nov 2026 14:00 GMT  progress review\n       signed: Dee Pee, Designated person for safeguarding (DP) [designated-person]\n       note: Visit booked.\n       next review due: ",
        "8. Mon 23 Nov 2026 14:00 GMT  countersigned\n       signed: Dee Pee, Safeguarding countersignatory [countersignatory]\n       comments: Agreed.",
        "9. Mon 23 Nov 2026 14:00 GMT  concern closed\n       signed: Dee Pee, Designated person for safeguarding (DP) [designated-person]\n       statement: ",
        "reason: Family supported by the LA.",
        "open duties cancelled because: The LA has taken over.",
        "cancelled: ",
    ] {
        assert!(t.contains(want), "the timeline lacks {want:?}:\n{t}");
    }
    assert!(!t.contains("event signed"), "{t}");
}

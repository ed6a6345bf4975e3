//! Bad input never panics and always names what is wrong (issue 7): property tests over the
//! answer-file parser, the policy loader, and the date, duration and deadline parsers.

use std::collections::BTreeMap;

use proptest::prelude::*;
use safeguard::interview::{answers, parse_datetime};
use safeguard::policy::{DEFAULT_POLICY, Policy};
use serde_json::Value;

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-12-02T10:00:00Z".parse().unwrap()
}

fn policy() -> &'static Policy {
    static P: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    P.get_or_init(Policy::default_policy)
}

const IDS: &[&str] = &[
    "about",
    "immediate_risk",
    "subject_age",
    "subject_initials",
    "significant_harm",
    "special",
    "noticed_at",
    "overriding_interest",
    "description",
    "reporter_name",
    "not_a_question",
    "capacity",
];

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z-]{0,12}".prop_map(Value::String),
        Just(Value::String("child".into())),
        Just(Value::String("2026-11-23T09:00:00Z".into())),
        ".{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(Value::Array))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any map of ids to values: accepted only if every value fits, else an error naming an id.
    #[test]
    fn answer_files_never_panic_and_name_the_id(map in prop::collection::btree_map(prop::sample::select(IDS), value(), 0..6)) {
        let obj: BTreeMap<String, Value> = map.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        let text = serde_json::to_string(&obj).unwrap();
        match answers::parse(&text, "prop", policy(), now()) {
            Ok(parsed) => {
                prop_assert!(parsed.keys().all(|k| obj.contains_key(k)));
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(obj.keys().any(|k| msg.contains(&format!("`{k}`"))), "no id named in: {msg}");
                prop_assert_eq!(e.exit().code(), 2);
            }
        }
    }

    /// Arbitrary text as an answer file: an error, never a panic.
    #[test]
    fn answer_file_text_never_panics(text in ".{0,200}") {
        let _ = answers::parse(&text, "prop", policy(), now());
    }

    /// The default policy with one line removed or duplicated: valid, or refused with a message.
    #[test]
    fn damaged_policies_are_refused_not_panicked_over(line in 0usize..900, dup in any::<bool>()) {
        let mut lines: Vec<&str> = DEFAULT_POLICY.lines().collect();
        let at = line % lines.len();
        if dup { lines.insert(at, lines[at]); } else { lines.remove(at); }
        if let Err(e) = Policy::parse(&lines.join("\n"), "prop") {
            prop_assert!(e.to_string().starts_with("policy prop"), "{}", e);
            prop_assert_eq!(e.exit().code(), 2);
        }
    }

    #[test]
    fn dates_durations_and_deadlines_never_panic(s in ".{0,40}") {
        let _ = parse_datetime(&s);
        let _ = safeguard::domain::clock::parse_date(&s);
        let _ = safeguard::interview::parse_day_or_time(&s, chrono::NaiveTime::MIN);
        let _ = safeguard::cli::parse_duration(&s);
        let _ = safeguard::domain::deadline::Within::parse(&s);
    }

    /// Any year chrono can write (signed, five or six digits included), any month and day: a
    /// date or time is accepted exactly when it is a real date in 1900 to 2199, and a refusal
    /// says which (issue 11: `stats --to +262142-12-31` panicked).
    #[test]
    fn dates_and_times_are_accepted_only_within_the_years(
        y in prop_oneof![-262_143i32..262_143, 1850i32..2250, 9990i32..10_010],
        m in 0u32..14,
        d in 0u32..33,
        signed in any::<bool>(),
    ) {
        use safeguard::domain::clock::parse_date;
        let real = chrono::NaiveDate::from_ymd_opt(y, m, d).is_some();
        let ok = real && (1900..=2199).contains(&y);
        let year = if signed || !(0..=9999).contains(&y) { format!("{y:+05}") } else { format!("{y:04}") };
        let date = format!("{year}-{m:02}-{d:02}");
        for text in [date.clone(), format!("{date}T10:00:00Z"), format!("{date} 10:00"), format!("{date}T10:00")] {
            let r = if text == date { parse_date(&text).map(|_| ()) } else { parse_datetime(&text).map(|_| ()) };
            prop_assert_eq!(r.is_ok(), ok && !text.starts_with('+'), "{}: {:?}", text, r);
            if let Err(e) = r {
                prop_assert!(e.contains("outside 1900 to 2199") || e.contains("is not a date"), "{}", e);
            }
        }
    }

    /// From any accepted "now", every deadline rule and every `--within` ends at a time the
    /// store keeps in its fixed-width text, which sorts as the times do.
    #[test]
    fn computed_times_keep_four_digit_years(
        secs in -2_208_988_800i64..7_258_118_399,
        n in 1u32..=1000,
        unit in prop::sample::select(vec!["hours", "working days", "working weeks", "calendar days", "days"]),
        within in "[0-9]{1,6}[mhdw]",
    ) {
        use safeguard::domain::clock::{rfc3339, stored};
        let now = chrono::DateTime::from_timestamp(secs, 0).unwrap();
        let cal = safeguard::domain::calendar::Calendar::england_and_wales();
        let w = safeguard::domain::deadline::Within::parse(&format!("{n} {unit}")).unwrap();
        for days in [safeguard::config::UnspecifiedDays::Calendar, safeguard::config::UnspecifiedDays::Working] {
            let (due, _) = w.due(now, &cal, days);
            prop_assert!(due >= now);
            prop_assert_eq!(stored(due).unwrap().len(), 20);
            prop_assert!(stored(now).unwrap() <= stored(due).unwrap());
        }
        if let Ok(d) = safeguard::cli::parse_duration(&within) {
            let until = now + d;
            prop_assert_eq!(rfc3339(until).len(), 20, "{}", rfc3339(until));
        }
    }

    /// Counting working days agrees with adding them, for any moment in 2020-2030.
    #[test]
    fn working_days_round_trip(secs in 1_577_836_800i64..1_924_905_600i64, n in 0u32..30) {
        let cal = safeguard::domain::calendar::Calendar::england_and_wales();
        let from = chrono::DateTime::from_timestamp(secs, 0).unwrap();
        let (due, _) = cal.add_working_days(from, n);
        prop_assert!(due >= from);
        prop_assert_eq!(cal.working_days_between(from, due), n);
    }
}

#[test]
fn a_wrong_type_names_the_field_and_the_expected_type() {
    let e = answers::parse("subject_age = \"nine\"", "t", policy(), now()).unwrap_err().to_string();
    assert!(e.contains("`subject_age`") && e.contains("whole number"), "{e}");
    let e = answers::parse("{\"special\": {\"a\": 1}}", "t", policy(), now()).unwrap_err().to_string();
    assert!(e.contains("`special`"), "{e}");
}

/// Issue 11: a 195 MB answer file took 1.25 GB of memory. Answer files (raise and decide) and
/// the config are read only up to their limit and refused above it, naming the limit, exit 2.
#[test]
fn answer_files_and_the_config_over_their_limits_are_refused_naming_the_limit() {
    use std::io::Write;
    let env = crate::common::Env::with_store();
    // A file far over the limit, made without writing it (holes read as zero bytes).
    let huge = env.path("huge.toml");
    std::fs::File::create(&huge).unwrap().set_len(64 << 20).unwrap();
    // A good answer file padded with a comment to one byte over 4 MiB.
    let over = env.path("over.toml");
    let mut f = std::fs::File::create(&over).unwrap();
    let good = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
                primary_category = \"neglect\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n#";
    f.write_all(good.as_bytes()).unwrap();
    f.write_all(&vec![b'x'; (4 << 20) + 1 - good.len()]).unwrap();
    drop(f);
    for file in [&huge, &over] {
        for args in [vec!["raise", "--answers"], vec!["decide", "SG-2026-0001", "--answers"]] {
            let mut args = args.clone();
            args.push(file.to_str().unwrap());
            let run = env.run(&args).code(2);
            assert!(
                run.stderr.contains("is larger than 4 MiB, the most an answer file may be"),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(env.run(&["list", "--json"]).ok().json(), serde_json::json!([]), "nothing was saved");
    // At the limit, the file is read and the concern raised.
    std::fs::OpenOptions::new().write(true).open(&over).unwrap().set_len(4 << 20).unwrap();
    let rec = env.run(&["raise", "--answers", over.to_str().unwrap(), "--json"]).ok().json();
    assert_eq!(rec["about"], "child");

    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("service = \"default\"\n#{}", "x".repeat(1 << 20))).unwrap();
    let run = env.run(&["--config", cfg.to_str().unwrap(), "list"]).code(2);
    assert!(run.stderr.contains("is larger than 1 MiB, the most a config file may be"), "{}", run.stderr);
}

/// Issue 11: `stats --to +262142-12-31` panicked (exit 101). Every date and time the user
/// gives is range-checked (years 1900 to 2199) with a clear error, exit 2; the bounds
/// themselves are accepted.
#[test]
fn every_date_and_time_from_the_user_is_range_checked() {
    let mut env = crate::common::Env::with_store();
    let outside = "outside 1900 to 2199, the years this tool accepts";
    for flag in ["--from", "--to"] {
        for bad in ["+262142-12-31", "-0001-01-01", "20260-01-01"] {
            let run = env.run(&["stats", &format!("{flag}={bad}")]).code(2);
            assert!(run.stderr.contains("is not a date like 2026-12-24"), "{flag} {bad}: {}", run.stderr);
        }
        for bad in ["2200-01-01", "1899-12-31"] {
            let run = env.run(&["stats", flag, bad]).code(2);
            assert!(run.stderr.contains(outside), "{flag} {bad}: {}", run.stderr);
        }
    }
    env.run(&["stats", "--from", "1900-01-01", "--to", "2199-12-31", "--json"]).ok();

    let answers = env.path("a.toml");
    let child = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
                 primary_category = \"neglect\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n\
                 reporter_name = \"R\"\nreporter_role = \"W\"\n";
    for bad in ["1899-12-31T23:00:00Z", "+10000-01-01T00:00:00Z", "1066-10-14 09:00"] {
        std::fs::write(&answers, format!("{child}noticed_at = {bad:?}\n")).unwrap();
        let run = env.run(&["raise", "--answers", answers.to_str().unwrap()]).code(2);
        assert!(run.stderr.contains("`noticed_at`"), "{bad}: {}", run.stderr);
    }
    std::fs::write(&answers, child).unwrap();
    let id = env.run(&["raise", "--answers", answers.to_str().unwrap(), "--json"]).ok().json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let run = env.run(&["log", &id, "note", "--note", "n", "--at", "1899-12-31T12:00:00Z"]).code(2);
    assert!(run.stderr.contains("--at") && run.stderr.contains(outside), "{}", run.stderr);
    let run = env.run(&["log", &id, "cp-conference-invited", "--due", "+10000-01-01T00:00:00Z"]).code(2);
    assert!(run.stderr.contains("--due") && run.stderr.contains("is not a date and time"), "{}", run.stderr);
    let run = env.run(&["log", &id, "cp-conference-invited", "--due", "2200-01-01 09:00"]).code(2);
    assert!(run.stderr.contains("--due") && run.stderr.contains(outside), "{}", run.stderr);

    let decision = env.path("d.toml");
    std::fs::write(
        &decision,
        "outcome = \"keep-under-review\"\nreason = \"r\"\ndecided_by = \"Dee Pee (designated-person)\"\n\
         action_plan = [{ task = \"t\", owner = \"o\", due = \"2200-01-01\" }]\n",
    )
    .unwrap();
    let run = env.run(&["decide", &id, "--answers", decision.to_str().unwrap()]).code(2);
    assert!(
        run.stderr.contains("`action_plan` item 1: `due`") && run.stderr.contains(outside),
        "{}",
        run.stderr
    );
    std::fs::write(&decision, "outcome = \"child-protection-referral\"\nat = \"+262142-01-01T00:00:00Z\"\n")
        .unwrap();
    let run = env.run(&["decide", &id, "--answers", decision.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("--at") || run.stderr.contains("`at`"), "{}", run.stderr);

    let out = env.path("out");
    let run =
        env.run(&["export", "--all", "--out", out.to_str().unwrap(), "--since", "+262142-12-31"]).code(2);
    assert!(run.stderr.contains("--since") && run.stderr.contains("is not a date like"), "{}", run.stderr);
    let run = env.run(&["export", "--all", "--out", out.to_str().unwrap(), "--since", "2200-01-01"]).code(2);
    assert!(run.stderr.contains("--since") && run.stderr.contains(outside), "{}", run.stderr);

    let cfg = env.path("config.toml");
    std::fs::write(&cfg, "closure_days = [2300-12-24]\n").unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    let run = env.run(&["list"]).code(2);
    assert!(run.stderr.contains("2300-12-24") && run.stderr.contains(outside), "{}", run.stderr);
    assert!(run.stderr.contains("(line 1, column "), "{}", run.stderr);
    env.unset("SAFEGUARD_CONFIG");

    for bad in ["9999-12-30T10:00:00Z", "2200-01-01T00:00:00Z", "1899-12-31T23:59:59Z"] {
        env.set("SAFEGUARD_NOW", bad);
        let run = env.run(&["list"]).code(2);
        assert!(
            run.stderr.contains("SAFEGUARD_NOW") && run.stderr.contains(outside),
            "{bad}: {}",
            run.stderr
        );
    }
}

/// Issue 11: with `SAFEGUARD_NOW` in 9999, due times became "+10000-…", which sorts before
/// "2026-…", so everything showed as due. Near the top of the accepted years, due times that
/// run into the next year are stored in the same fixed-width form and `review --due` lists
/// exactly the duties whose due time has come; a clock beyond the years is refused.
#[test]
fn review_due_is_right_at_the_top_of_the_accepted_years() {
    let mut env = crate::common::Env::with_store();
    env.set("SAFEGUARD_NOW", "2199-12-29T10:00:00Z");
    let answers = env.path("a.toml");
    std::fs::write(
        &answers,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
         primary_category = \"neglect\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n\
         reporter_name = \"R\"\nreporter_role = \"W\"\n",
    )
    .unwrap();
    let rec = env.run(&["raise", "--answers", answers.to_str().unwrap(), "--json"]).ok().json();
    let id = rec["id"].as_str().unwrap();
    env.set("SAFEGUARD_NOW", "2199-12-31T15:00:00Z");
    let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let now = t("2199-12-31T15:00:00Z");
    let dues: Vec<(String, chrono::DateTime<chrono::Utc>)> = rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| Some((d["kind"].as_str()?.to_owned(), t(d["due"].as_str()?))))
        .collect();
    for (_, due) in &dues {
        let text = due.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        assert!(text.len() == 20 && !text.starts_with('+'), "{text}");
    }
    assert!(dues.iter().any(|(_, d)| *d <= now), "some duty is overdue: {dues:?}");
    assert!(dues.iter().any(|(_, d)| *d > t("2200-01-01T00:00:00Z")), "some duty runs into 2200: {dues:?}");
    let listed = |within: Option<&str>| -> Vec<String> {
        let mut args = vec!["review", "--due", "--json"];
        args.extend(within.iter().flat_map(|w| ["--within", *w]));
        let list = env.run(&args).ok().json();
        let mut kinds: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .inspect(|d| assert_eq!(d["concern"], id))
            .map(|d| d["kind"].as_str().unwrap().to_owned())
            .collect();
        kinds.sort();
        kinds
    };
    let expect = |until: chrono::DateTime<chrono::Utc>| -> Vec<String> {
        let mut kinds: Vec<String> =
            dues.iter().filter(|(_, d)| *d <= until).map(|(k, _)| k.clone()).collect();
        kinds.sort();
        kinds
    };
    assert_eq!(listed(None), expect(now));
    assert!(listed(None).len() < dues.len(), "not everything is due");
    assert_eq!(listed(Some("2d")), expect(now + chrono::Duration::days(2)));
    assert_eq!(listed(Some("100w")), expect(now + chrono::Duration::weeks(100)));
    assert_eq!(listed(Some("100w")).len(), dues.len());

    env.set("SAFEGUARD_NOW", "9999-12-30T10:00:00Z");
    let run = env.run(&["review", "--due", "--json"]).code(2);
    assert!(
        run.stderr.contains("SAFEGUARD_NOW") && run.stderr.contains("outside 1900 to 2199"),
        "{}",
        run.stderr
    );
    env.set("SAFEGUARD_NOW", "2200-01-01T00:00:00Z");
    env.run(&["raise", "--answers", answers.to_str().unwrap()]).code(2);
}

/// Issue 16: `log --at` reads times as the interview does ("yesterday 9am", UK time) and
/// refuses one still to come, saying what would work.
#[test]
fn log_at_takes_a_time_in_words() {
    let env = crate::common::Env::with_store();
    let answers = env.path("a.toml");
    std::fs::write(
        &answers,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
         primary_category = \"neglect\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n\
         noticed_at = \"Thursday 9am\"\nreporter_name = \"R\"\nreporter_role = \"W\"\n",
    )
    .unwrap();
    // Noticed on Thursday, so that Friday is not before the concern (issue 19 refuses that).
    let id = env.run(&["raise", "--answers", answers.to_str().unwrap(), "--json"]).ok().json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    env.run(&["log", &id, "note", "--note", "n", "--at", "Friday 2pm"]).ok();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    let note = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "event").unwrap();
    // The command's clock is Mon 23 Nov 2026 10:00 GMT: last Friday is the 20th.
    assert_eq!(note["at"], "2026-11-20T14:00:00Z", "{note}");
    let run = env.run(&["log", &id, "note", "--note", "n", "--at", "today 15:40"]);
    let e = run.code(2).stderr;
    assert!(e.contains("Mon 23 Nov 2026 15:40 is in the future") && e.contains("yesterday 9am"), "{e}");
}

/// A mistyped event names the events it could mean, by id or by title.
#[test]
fn an_unknown_event_suggests_the_ones_it_could_mean() {
    let env = crate::common::Env::with_store();
    let rec = crate::raise::raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n",
    );
    let id = rec["id"].as_str().unwrap();
    let run = env.run(&["log", id, "sarf"]).code(2);
    assert!(run.stderr.contains("did you mean") && run.stderr.contains("sarf-sent ("), "{}", run.stderr);
    let run = env.run(&["log", id, "zzzz"]).code(2);
    assert!(
        !run.stderr.contains("did you mean") && run.stderr.contains("the policy's events are"),
        "{}",
        run.stderr
    );
}

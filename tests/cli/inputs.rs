//! Bad input never panics and always names what is wrong (issue 7): property tests over the
//! answer-file parser, the policy loader, and the date, duration and deadline parsers.

use std::collections::BTreeMap;

use proptest::prelude::*;
use safeguard::interview::{answers, parse_datetime};
use safeguard::policy::{DEFAULT_POLICY, Policy};
use serde_json::Value;

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
        match answers::parse(&text, "prop", policy()) {
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
        let _ = answers::parse(&text, "prop", policy());
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
        let _ = safeguard::cli::parse_duration(&s);
        let _ = safeguard::domain::deadline::Within::parse(&s);
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
    let e = answers::parse("subject_age = \"nine\"", "t", policy()).unwrap_err().to_string();
    assert!(e.contains("`subject_age`") && e.contains("whole number"), "{e}");
    let e = answers::parse("{\"special\": {\"a\": 1}}", "t", policy()).unwrap_err().to_string();
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

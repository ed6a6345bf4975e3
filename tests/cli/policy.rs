//! Policy loading and validation: every broken policy is refused with the right node named.

use std::path::Path;

use safeguard::policy::Policy;

use crate::common::Env;

fn fixtures(dir: &str) -> Vec<std::path::PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn every_broken_policy_is_refused_naming_the_node() {
    let files = fixtures("broken");
    assert!(files.len() >= 15, "the broken-policy folder is missing files");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("first line names the expected problem");
        match Policy::parse(&text, &f.display().to_string()) {
            Ok(_) => panic!("{} was accepted", f.display()),
            Err(e) => {
                assert!(e.to_string().contains(expect), "{}: expected {expect:?} in:\n{e}", f.display())
            }
        }
    }
}

#[test]
fn valid_policies_load() {
    for f in fixtures("valid") {
        Policy::parse(&std::fs::read_to_string(&f).unwrap(), "valid")
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
}

#[test]
fn policy_check_reports_problems_with_exit_2() {
    let env = Env::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies");
    let run = env.run(&["policy", "check", dir.join("broken/cycle.toml").to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("node \"q1\": is part of a cycle"), "{}", run.stderr);
    env.run(&["policy", "check", dir.join("valid/mini.toml").to_str().unwrap()]).ok();
}

#[test]
fn policy_show_lists_the_public_question_and_outcome_ids() {
    let env = Env::new();
    let p = env.run(&["policy", "show", "--json"]).ok().json();
    let ids: Vec<&str> =
        p["questions"].as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap()).collect();
    for id in [
        "about",
        "immediate_risk",
        "significant_harm",
        "abuse_suspected",
        "care_and_support_needs",
        "abuse_or_neglect",
        "unable_to_protect",
        "capacity",
        "consent",
        "overriding_interest",
        "staff_criteria",
        "subject_initials",
        "subject_age",
        "description",
        "noticed_at",
        "subject_name",
        "primary_category",
    ] {
        assert!(ids.contains(&id), "question id {id} missing from policy show");
    }
    for q in p["questions"].as_array().unwrap() {
        assert!(q["source"].as_str().is_some_and(|s| !s.is_empty()), "{} has no source", q["id"]);
    }
    for o in [
        "urgent-referral",
        "child-protection-referral",
        "assessment-referral",
        "la-consultation",
        "contact-other-agencies",
        "keep-under-review",
        "adult-referral",
        "adult-referral-without-consent",
        "no-referral-consent-respected",
        "not-adult-safeguarding",
        "safeguarding-concern",
        "area-for-improvement",
        "good-practice",
        "lado-referral",
        "staff-conduct",
        "code-red",
    ] {
        assert!(p["outcomes"].get(o).is_some(), "outcome {o} missing");
    }
    let human = env.run(&["policy", "show"]).ok().stdout;
    assert!(human.contains("significant_harm") && human.contains("003 §6.21"), "{human}");
    // The events `log` takes are listed, with what each settles and starts (PRODUCT.md's at least),
    // in a table whose columns hold.
    let events = crate::common::table_headed(&human, "Event");
    assert_eq!(events[0], ["Event", "Records", "Effects"]);
    for e in [
        "line-manager-discussed",
        "phone-referral",
        "written-referral",
        "la-acknowledged",
        "la-chased",
        "note",
        "escalation",
    ] {
        assert!(p["events"].get(e).is_some(), "event {e} missing from policy show --json");
        assert!(events.iter().any(|row| row[0] == e), "event {e} missing from policy show:\n{human}");
    }
    let effects =
        |e: &str| events.iter().find(|row| row[0] == e).map(|row| row[2].clone()).unwrap_or_default();
    assert!(
        effects("phone-referral").contains("starts written-referral, la-acknowledgement, la-chase"),
        "{human}"
    );
    // Not on an adult's concern (003 §6.33 is the children's written follow-up).
    assert!(effects("phone-referral").contains("(on a concern about child or unborn"), "{human}");
    assert!(
        effects("went-missing")
            .contains("once it has happened 2 times or more, also starts la-review-missing"),
        "{human}"
    );
}

#[test]
fn an_organisation_policy_from_the_config_is_used() {
    let mut env = Env::with_store();
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/valid/mini.toml");
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", mini.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    let answers = env.path("a.toml");
    std::fs::write(&answers, "q1 = \"a\"\nq2 = \"more\"\nreporter_name = \"x\"\nreporter_role = \"y\"\n")
        .unwrap();
    let rec = env.run(&["raise", "--answers", answers.to_str().unwrap(), "--json"]).ok().json();
    assert_eq!(rec["recommendation"], "o1");
    assert_eq!(rec["policy"]["id"], "mini");
    assert_eq!(rec["duties"][0]["kind"], "d1");
}

// --- overlays (issue 12) -------------------------------------------------------------------

/// The embedded default's version, as `policy show --json` reports it.
fn default_version(env: &Env) -> String {
    env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned()
}

/// Writes an overlay on the embedded default (written against `against`) and returns its path.
fn overlay(env: &Env, name: &str, against: &str, changes: &str) -> String {
    let path = env.path(name);
    std::fs::write(
        &path,
        format!(
            "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\n\
             extends_version = {against:?}\n{changes}"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

/// Names `policy` in a config file and uses it.
fn use_policy(env: &mut Env, policy: &str) {
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {policy:?}\n")).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
}

#[test]
fn policy_check_validates_an_overlay_merged_naming_the_file_and_the_item() {
    let env = Env::new();
    let v = default_version(&env);
    let good = overlay(&env, "good.toml", &v, "[duties.ccrf]\nowner = \"provider-manager\"\n");
    let run = env.run(&["policy", "check", &good]).ok();
    assert!(run.stderr.contains(&format!("policy local 1 (extends safeguard-default {v}")), "{}", run.stderr);

    let dangling = overlay(&env, "dangling.toml", &v, "[remove]\nroles = [\"countersignatory\"]\n");
    let run = env.run(&["policy", "check", &dangling]).code(2);
    assert!(run.stderr.contains("dangling.toml (an overlay on safeguard-default"), "{}", run.stderr);
    assert!(
        run.stderr.contains("duty \"countersign\": owner \"countersignatory\" is not in [roles]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("dangling.toml removed roles.countersignatory"), "{}", run.stderr);

    let misspelt = overlay(&env, "misspelt.toml", &v, "[duties.ccrf]\nownr = \"reporter\"\n");
    let run = env.run(&["policy", "check", &misspelt]).code(2);
    assert!(run.stderr.contains("misspelt.toml: duties.ccrf.ownr: unknown field `ownr`"), "{}", run.stderr);

    let missing = overlay(&env, "missing.toml", &v, "[remove]\nevents = [\"no-such-event\"]\n");
    let run = env.run(&["policy", "check", &missing]).code(2);
    assert!(
        run.stderr.contains("missing.toml") && run.stderr.contains("\"no-such-event\""),
        "{}",
        run.stderr
    );
}

/// Each problem is printed once: `urgent-referral` starts `notify-group-head` both at raising
/// and at the decision, so removing the duty is one problem in each list, each named as its
/// list; a duty named twice in one list is one problem; and the count matches the lines.
#[test]
fn policy_check_prints_each_problem_once() {
    let env = Env::new();
    let v = default_version(&env);
    let removed = overlay(
        &env,
        "removed.toml",
        &v,
        "[events.group-head-told]\nstart = [\"no-such-duty\", \"no-such-duty\"]\n\
         [remove]\nduties = [\"notify-group-head\"]\n",
    );
    let run = env.run(&["policy", "check", &removed]).code(2);
    let lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("  ")).collect();
    let mut seen = std::collections::BTreeSet::new();
    for l in &lines {
        assert!(seen.insert(*l), "printed twice: {l}\n{}", run.stderr);
    }
    for problem in [
        "outcome \"urgent-referral\": starts duty \"notify-group-head\", which is not in [duties]",
        "outcome \"urgent-referral\" on_decision: starts duty \"notify-group-head\", which is not in [duties]",
        "event \"group-head-told\": starts duty \"no-such-duty\", which is not in [duties]",
    ] {
        assert_eq!(lines.iter().filter(|l| l.contains(problem)).count(), 1, "{problem}\n{}", run.stderr);
    }
    assert!(run.stderr.contains(&format!("({} problems)", lines.len())), "{}", run.stderr);
}

/// The covering message's `{phone}` needs both readings, and the one for no call cannot say
/// when the call was (003 §6.33).
#[test]
fn policy_check_holds_the_covering_message_s_phone_readings_to_its_message() {
    let env = Env::new();
    let v = default_version(&env);
    let when = overlay(
        &env,
        "when.toml",
        &v,
        "[events.written-referral]\nmessage_if_not_phoned = \"We called you on {when}.\"\n",
    );
    let run = env.run(&["policy", "check", &when]).code(2);
    assert!(run.stderr.contains("`message_if_not_phoned` says {when}"), "{}", run.stderr);
    let unused = overlay(&env, "unused.toml", &v, "[events.written-referral]\nmessage = \"A referral.\"\n");
    let run = env.run(&["policy", "check", &unused]).code(2);
    assert!(
        run.stderr.contains("`message_if_phoned` is given but its `message` never says {phone}"),
        "{}",
        run.stderr
    );
}

#[test]
fn overlays_chain_through_files_relative_to_each_file_and_a_cycle_is_refused() {
    let env = Env::new();
    let v = default_version(&env);
    std::fs::create_dir_all(env.path("org/shared")).unwrap();
    std::fs::write(
        env.path("org/shared/regional.toml"),
        format!(
            "id = \"regional\"\nversion = \"3\"\ntitle = \"R\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n\
             [roles]\ncountersignatory = \"the regional countersignatory\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        env.path("org/local.toml"),
        "id = \"local\"\nversion = \"1\"\ntitle = \"L\"\nextends = \"shared/regional.toml\"\nextends_version = \"3\"\n\
         [duties.countersign]\ntitle = \"The regional countersignatory signs\"\n",
    )
    .unwrap();
    let mut env = env;
    let local = env.path("org/local.toml").to_str().unwrap().to_owned();
    use_policy(&mut env, &local);
    let p = env.run(&["policy", "show", "--json"]).ok().json();
    assert_eq!(p["roles"]["countersignatory"], "the regional countersignatory");
    assert_eq!(p["duties"]["countersign"]["title"], "The regional countersignatory signs");
    let bases: Vec<&str> =
        p["extends"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(bases, ["regional", "safeguard-default"]);
    let human = env.run(&["policy", "show"]).ok().stdout;
    assert!(
        human.contains("extends regional 3 (")
            && human.contains(&format!("which extends safeguard-default {v}")),
        "{human}"
    );

    std::fs::write(
        env.path("org/shared/regional.toml"),
        "id = \"regional\"\nversion = \"3\"\ntitle = \"R\"\nextends = \"../local.toml\"\nextends_version = \"1\"\n",
    )
    .unwrap();
    let run = env.run(&["policy", "check", &local]).code(2);
    assert!(run.stderr.contains("extends makes a cycle"), "{}", run.stderr);
}

#[test]
fn policy_show_effective_prints_the_merged_policy_with_each_change_marked() {
    let mut env = Env::new();
    let v = default_version(&env);
    let file = overlay(
        &env,
        "local.toml",
        &v,
        r#"
[remove]
roles = ["gp"]

[roles]
deputy = "the deputy designated person"

[duties.ccrf]
owner = "deputy"
title = "Send the CCRF to the deputy"

[[nodes]]
id = "subject_age"
prompt = "How old are they?"
"#,
    );
    use_policy(&mut env, &file);
    let text = env.run(&["policy", "show", "--effective"]).ok().stdout;
    assert!(
        text.contains("# changed by ") && text.contains("local.toml: owner, title\n[duties.ccrf]\n"),
        "{text}"
    );
    assert!(text.contains("local.toml\ndeputy = \"the deputy designated person\""), "{text}");
    assert!(text.contains("# added by "), "{text}");
    assert!(text.contains("local.toml: roles.gp"), "{text}");
    assert!(text.contains("# removed by "), "{text}");
    assert!(text.contains("local.toml: prompt\n[[nodes]]\nid = \"subject_age\""), "{text}");
    assert!(!text.contains("extends"), "the effective policy extends nothing:\n{text}");
    // It is a policy in its own right, and loads to the same thing as the overlay.
    let eff = env.path("effective.toml");
    std::fs::write(&eff, &text).unwrap();
    let run = env.run(&["policy", "check", eff.to_str().unwrap()]).ok();
    assert!(run.stderr.contains("policy local 1 is valid"), "{}", run.stderr);
    let merged = env.run(&["policy", "show", "--json"]).ok().json();
    use_policy(&mut env, eff.to_str().unwrap());
    let flat = env.run(&["policy", "show", "--json"]).ok().json();
    for key in ["questions", "outcomes", "duties", "events", "roles"] {
        assert_eq!(merged[key], flat[key], "{key}");
    }

    use_policy(&mut env, &file);
    let j = env.run(&["policy", "show", "--effective", "--json"]).ok().json();
    assert_eq!(j["policy"]["duties"]["ccrf"]["owner"], "deputy");
    assert!(j["policy"]["roles"].get("gp").is_none());
    assert!(j["policy"].get("extends").is_none());
    let changes: Vec<(String, String)> = j["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["item"].as_str().unwrap().to_owned(), c["change"].as_str().unwrap().to_owned()))
        .collect();
    let want = [
        ("roles.gp", "removed"),
        ("roles.deputy", "added"),
        ("duties.ccrf", "changed"),
        ("nodes.subject_age", "changed"),
    ];
    assert_eq!(changes, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
    assert_eq!(j["extends"][0]["written_against"], v.as_str());
}

#[test]
fn an_overlay_on_an_older_default_is_warned_by_the_policy_commands_naming_what_changed() {
    let mut env = Env::with_store();
    let v = default_version(&env);
    // Overrides the phone referral, which the current default's changelog lists as changed.
    let file =
        overlay(&env, "old.toml", "2026.11.1", "[duties.phone-referral]\ntitle = \"Phone the MASH\"\n");
    let run = env.run(&["policy", "check", &file]).ok();
    let w = &run.stderr;
    assert!(
        w.contains(&format!(
            "old.toml was written against safeguard-default 2026.11.1; safeguard-default is now {v}"
        )),
        "{w}"
    );
    let line = w.lines().find(|l| l.contains("duties.phone-referral")).expect("the changed id is listed");
    assert!(line.contains("changed") && line.contains("old.toml changes this too"), "{line}");
    assert!(w.lines().any(|l| l.contains("added") && l.contains("events.went-missing")), "{w}");
    assert!(w.contains(&format!("set extends_version = {v:?}")), "{w}");
    use_policy(&mut env, &file);
    for args in [&["policy", "show"][..], &["policy", "show", "--json"], &["policy", "show", "--effective"]] {
        let run = env.run(args).ok();
        assert!(
            run.stderr.contains("written against safeguard-default 2026.11.1"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let j = env.run(&["policy", "show", "--json"]).ok().json();
    assert_eq!(j["upstream"][0]["written_against"], "2026.11.1");
    // Staff raising a concern are not told: it is the policy owner's to act on.
    let answers = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers/child.toml");
    let run = env.run(&["raise", "--answers", answers.to_str().unwrap()]).ok();
    assert!(!run.stderr.contains("written against"), "{}", run.stderr);
    // Written against the current version: no warning.
    let current = overlay(&env, "current.toml", &v, "[duties.phone-referral]\ntitle = \"Phone the MASH\"\n");
    let run = env.run(&["policy", "check", &current]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

/// Every path in `a` or `b` where the two JSON values differ (object keys; lists as wholes).
fn differences(a: &serde_json::Value, b: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match (a.as_object(), b.as_object()) {
        (Some(x), Some(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let null = serde_json::Value::Null;
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                differences(x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null), &path, out);
            }
        }
        _ if a != b => out.push(at.to_owned()),
        _ => {}
    }
}

#[test]
fn the_example_overlay_differs_from_the_default_in_exactly_its_two_changes() {
    let mut env = Env::with_store();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/local-policy.toml");
    let example = example.to_str().unwrap();
    let text = std::fs::read_to_string(example).unwrap();
    assert!(text.lines().count() < 40, "the example is an overlay, not a copy");
    let default = env.run(&["policy", "show", "--effective", "--json"]).ok().json();
    use_policy(&mut env, example);
    let local = env.run(&["policy", "show", "--effective", "--json"]).ok().json();
    let mut diff = vec![];
    differences(&default["policy"], &local["policy"], "", &mut diff);
    // The file's own: id, version, title, and the default's changelog (not inherited).
    diff.retain(|d| !["id", "version", "title", "changelog"].contains(&d.as_str()));
    assert_eq!(diff, ["duties.ccrf.rules", "duties.countersign.owner", "duties.countersign.title"]);
    let duties = &local["policy"]["duties"];
    assert_eq!(duties["countersign"]["owner"], "head-of-safeguarding");
    assert_eq!(duties["ccrf"]["rules"][0]["within"], "2 working days");
    // What staff and the policy owner see.
    let shown = env.run(&["policy", "show"]).ok();
    assert!(
        shown.stdout.contains(&format!(
            "extends safeguard-default {} (the embedded default)",
            default["version"].as_str().unwrap()
        )),
        "{}",
        shown.stdout
    );
    // The duties table: the countersign row's title and owner, the CCRF's local deadline.
    let duties_table = crate::common::table_headed(&shown.stdout, "Duty");
    let row = |kind: &str| duties_table.iter().find(|r| r[0] == kind).cloned().unwrap_or_default();
    assert_eq!(
        row("countersign")[1..3],
        ["The Head of Safeguarding countersigns the alert form", "the Head of Safeguarding"],
        "{}",
        shown.stdout
    );
    assert!(row("ccrf")[3].contains("within 2 working days [local procedure"), "{}", shown.stdout);
    assert!(
        !shown.stderr.contains("warning"),
        "the example is written against the current default: {}",
        shown.stderr
    );
    let child = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers/child.toml");
    let raised = env.run(&["raise", "--answers", child.to_str().unwrap()]).ok().stdout;
    // The receipt names the duty in words; its id is for --explain (issue 16).
    assert!(
        raised.contains("The Head of Safeguarding countersigns the alert form\n")
            && !raised.contains("[countersign]"),
        "{raised}"
    );
    assert!(raised.contains("who: the Head of Safeguarding "), "{raised}");
}

/// Every condition form is drawn on its edge (issue 11: `not` was dropped, leaving
/// "about = child and "), in both DOT and Mermaid, with brackets where and/or nest.
#[test]
fn policy_graph_draws_every_condition_form() {
    let env = Env::new();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/valid/conditions.toml");
    let labels = [
        "not q1 = a",
        "not (q1 = b and q3 < 2)",
        "q1 = b",
        "q1 in b/c",
        "q2 has x",
        "q2 ticked",
        "q2 none ticked",
        "q3 < 5",
        "q1 = c and (q3 < 3 or q2 has y)",
        "q1 = c or q3 < 9",
    ];
    let dot = env.run(&["policy", "graph", "--format", "dot", file.to_str().unwrap()]).ok().stdout;
    let mermaid = env.run(&["policy", "graph", "--format", "mermaid", file.to_str().unwrap()]).ok().stdout;
    for l in labels {
        assert!(dot.contains(&format!("\"b1\" -> \"o1\" [label=\"{l}\"];")), "DOT lacks {l:?}:\n{dot}");
        assert!(mermaid.contains(&format!("b1 -->|\"{l}\"| o1")), "Mermaid lacks {l:?}:\n{mermaid}");
    }
    assert!(!dot.contains("\"b1\" -> \"o1\" [label=\"\"]"), "an arm is drawn without its condition:\n{dot}");
    // The default policy's `not` (a child who is 18 or over) is drawn whole.
    let default = env.run(&["policy", "graph"]).ok().stdout;
    assert!(default.contains("[label=\"about = child and not subject_age < 18\"]"), "{default}");
}

/// `policy graph` draws what each outcome `also` adds (003 §1.18, §6.38-6.39): a dashed edge
/// from the outcome labelled with the condition, to a box that names the duties it starts at
/// raising and at a decision, the roles it tells and its paragraph; in DOT and in Mermaid.
#[test]
fn policy_graph_draws_what_each_outcome_also_adds_and_when() {
    let env = Env::new();
    let dot = env.run(&["policy", "graph"]).ok().stdout;
    let mermaid = env.run(&["policy", "graph", "--format", "mermaid"]).ok().stdout;
    let edge = "\"child-protection-referral\" -> \"child-protection-referral also 1\" [style=dashed, label=\"also if out_of_hours = yes\"];";
    assert!(dot.contains(edge), "{dot}");
    let boxed = dot
        .lines()
        .find(|l| l.starts_with("  \"child-protection-referral also 1\" [shape=component"))
        .unwrap_or_else(|| panic!("no box for the also:\n{dot}"));
    for part in [
        "starts: tell-ooh-manager, edt-referral, dp-decision",
        "at a decision: tell-ooh-manager-decided, edt-referral-decided",
        "tells: out-of-hours-manager, edt",
        "[003 §1.18, §6.38-6.39 (DL-45)",
    ] {
        assert!(boxed.contains(part), "{part:?} not in {boxed}");
    }
    assert!(
        dot.contains("\"lado-referral\" -> \"lado-referral also 1\" [style=dashed, label=\"also if out_of_hours = yes and immediate_risk = yes and staff_criteria ticked\"];"),
        "{dot}"
    );
    // Every outcome with an `also` has its edge, and nothing else does.
    let policy = env.run(&["policy", "show", "--json"]).ok().json();
    for (id, o) in policy["outcomes"].as_object().unwrap() {
        let n = o.get("also").and_then(|a| a.as_array()).map_or(0, Vec::len);
        assert_eq!(dot.matches(&format!("\"{id}\" -> \"{id} also ")).count(), n, "{id}");
    }
    assert!(
        mermaid.contains(
            "child_protection_referral -.->|\"also if out_of_hours = yes\"| child_protection_referral_also_1"
        ),
        "{mermaid}"
    );
    assert!(mermaid.contains("child_protection_referral_also_1[/\"child-protection-referral: also 1<br>starts: tell-ooh-manager"), "{mermaid}");
}

/// `policy show` lists what each outcome `also` adds, with its condition, what it starts at
/// raising and at a decision, whom it tells and its paragraph (003 §1.18, §6.38-6.39).
#[test]
fn policy_show_lists_what_each_outcome_also_adds_at_raising_and_at_a_decision() {
    let env = Env::new();
    let text = env.run(&["policy", "show"]).ok().stdout;
    let section =
        text.split("\nAdded to an outcome when a condition holds").nth(1).unwrap_or_else(|| panic!("{text}"));
    // It ends where the next section, what a decision ends (`ends`), begins.
    let section = section.split("\nEnded by a decision").next().unwrap();
    let line = section
        .lines()
        .find(|l| l.starts_with("  child-protection-referral, if out_of_hours = yes: "))
        .unwrap_or_else(|| panic!("{section}"));
    for part in [
        "starts tell-ooh-manager, edt-referral, dp-decision",
        "at a decision starts tell-ooh-manager-decided, edt-referral-decided",
        "tells out-of-hours-manager, edt",
        "[003 §1.18, §6.38-6.39 (DL-45)",
    ] {
        assert!(line.contains(part), "{part:?} not in {line}");
    }
    assert_eq!(section.lines().filter(|l| l.starts_with("  ")).count(), 7, "{section}");
}

/// A condition of the wrong shape is refused when the policy is read, naming the node.
#[test]
fn a_condition_of_the_wrong_shape_is_refused_naming_its_node() {
    let mini = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/valid/mini.toml"),
    )
    .unwrap();
    let good = r#"when = [{ if = { answer = "q1", is = "a" }, next = "o1" }]"#;
    assert!(mini.contains(good));
    for (cond, expect) in [
        (r#"{ answer = "q1" }"#, "exactly one test"),
        (r#"{ answer = "q1", is = "a", in = ["a"] }"#, "exactly one test"),
        (r#"{ is = "a" }"#, "needs `answer`"),
        (r#"{ answer = "q1", not = { answer = "q1", is = "b" } }"#, "takes no `answer` or test"),
        (r#"{ any = [], all = [] }"#, "one of `all`, `any` and `not`"),
        (r#"{ answer = "q1", equals = "a" }"#, "unknown field `equals`"),
    ] {
        let text = mini.replace(good, &format!("when = [{{ if = {cond}, next = \"o1\" }}]"));
        let e = Policy::parse(&text, "t").expect_err(cond).to_string();
        assert!(e.contains("node \"b1\"") && e.contains(expect) && e.contains("line 48"), "{cond}: {e}");
        assert_eq!(Policy::parse(&text, "t").unwrap_err().exit().code(), 2);
    }
}

/// A policy that is one chain of `n` notices ending in an outcome.
fn chain(n: usize) -> String {
    let mut s = String::from(
        "id = \"chain\"\nversion = \"1\"\ntitle = \"A long chain\"\nstart = \"n0\"\n\n\
         [outcomes.end]\ngroup = \"g\"\nrank = 1\ntitle = \"End\"\nsummary = \"The end.\"\nsource = \"test §1\"\n",
    );
    for i in 0..n {
        let next = if i + 1 == n { "end".to_owned() } else { format!("n{}", i + 1) };
        s.push_str(&format!(
            "\n[[nodes]]\nid = \"n{i}\"\ntype = \"notice\"\ntext = \"step {i}\"\nnext = \"{next}\"\n"
        ));
    }
    s
}

/// Issue 11: a policy of 100,000 nodes overflowed the stack (exit 134) after 116 s. It is now
/// refused at once with the limit named, and so is one just over the node limit.
#[test]
fn a_policy_over_the_limits_is_refused_naming_the_limit() {
    let env = Env::new();
    let big = env.path("big.toml");
    std::fs::write(&big, chain(100_000)).unwrap();
    assert!(std::fs::metadata(&big).unwrap().len() > 4 << 20);
    let run = env.run(&["policy", "check", big.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("larger than 4 MiB, the most a policy file may be"), "{}", run.stderr);
    // The same text handed to the parser directly is refused for its size too.
    let e = Policy::parse(&chain(100_000), "big").unwrap_err();
    assert!(e.to_string().contains("larger than 4 MiB"), "{e}");

    let over = env.path("over.toml");
    std::fs::write(&over, chain(10_001)).unwrap();
    assert!(std::fs::metadata(&over).unwrap().len() < 4 << 20);
    let run = env.run(&["policy", "check", over.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("has 10001 nodes; a policy may have at most 10000 nodes"), "{}", run.stderr);
    // A policy the config names is held to the same limits.
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", over.to_str().unwrap())).unwrap();
    let run = env.run(&["--config", cfg.to_str().unwrap(), "policy", "show"]).code(2);
    assert!(run.stderr.contains("at most 10000 nodes"), "{}", run.stderr);
}

/// A chain of nodes at the limit validates and can be walked by the interview without
/// recursion: both run in a thread whose stack (256 KiB) a recursive walk of 10,000 nodes
/// would overflow.
#[test]
fn a_chain_at_the_node_limit_validates_and_is_walked_without_recursion() {
    let text = chain(10_000);
    let walked = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let p = Policy::parse(&text, "chain").unwrap_or_else(|e| panic!("{e}"));
            let mut state = safeguard::interview::State::default();
            let mut prompter = safeguard::interview::Scripted::default();
            let now = || chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
            let end = safeguard::interview::run(&p, &mut state, &mut prompter, &now, &mut |_| Ok(()))
                .unwrap_or_else(|e| panic!("{e}"));
            (end, state.path.len(), prompter.shown.len())
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(walked, ("end".to_owned(), 10_000, 10_000));
}

/// A cycle deep in a long chain is still found (the walk is iterative, not a shortcut).
#[test]
fn a_cycle_at_the_end_of_a_long_chain_is_found() {
    let text = chain(5_000).replace("next = \"end\"", "next = \"n2500\"");
    let e = Policy::parse(&text, "loop").unwrap_err().to_string();
    assert!(e.contains("node \"n2500\": is part of a cycle"), "{e}");
}

/// Issue 11: `policy = "local.toml"` in the config was read from the current directory. A
/// relative policy (and data_dir) is read from the config file's directory, wherever the
/// command runs.
#[test]
fn a_relative_policy_in_the_config_is_read_beside_the_config_from_any_directory() {
    let env = Env::new();
    let conf = env.path("conf");
    let elsewhere = env.path("elsewhere");
    std::fs::create_dir(&conf).unwrap();
    std::fs::create_dir(&elsewhere).unwrap();
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/valid/mini.toml");
    std::fs::copy(&mini, conf.join("local.toml")).unwrap();
    std::fs::write(conf.join("config.toml"), "policy = \"local.toml\"\ndata_dir = \"stores\"\n").unwrap();
    let answers = env.path("a.toml");
    std::fs::write(&answers, "q1 = \"a\"\nq2 = \"more\"\nreporter_name = \"x\"\nreporter_role = \"y\"\n")
        .unwrap();
    let run_in = |cwd: &Path, args: &[&str]| {
        let mut c = env.command(args);
        c.current_dir(cwd)
            .env("SAFEGUARD_CONFIG", conf.join("config.toml"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        crate::common::finish(c.spawn().unwrap(), std::time::Duration::from_secs(120)).unwrap()
    };
    run_in(&elsewhere, &["identity", "init"]).ok();
    run_in(&elsewhere, &["init"]).ok();
    assert!(conf.join("stores/default.db").exists(), "the store is under the config's data_dir");
    assert!(!elsewhere.join("stores").exists());
    let rec = run_in(&elsewhere, &["raise", "--answers", answers.to_str().unwrap(), "--json"]).ok().json();
    assert_eq!(rec["policy"]["id"], "mini");
    assert_eq!(rec["recommendation"], "o1");
    // And from the config's own directory, with the config named relatively.
    let mut c = env.command(&["--config", "config.toml", "policy", "show", "--json"]);
    c.current_dir(&conf).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let shown = crate::common::finish(c.spawn().unwrap(), std::time::Duration::from_secs(120)).unwrap().ok();
    assert_eq!(shown.json()["id"], "mini");
}

/// Conditions are walked recursively, which is safe because the TOML reader bounds nesting
/// (under a hundred levels): a condition nested 10,000 deep is refused with exit 2, not a crash.
#[test]
fn a_deeply_nested_condition_is_refused_not_a_crash() {
    let env = Env::new();
    let mini = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/valid/mini.toml"),
    )
    .unwrap();
    let good = r#"{ answer = "q1", is = "a" }"#;
    let deep = env.path("deep.toml");
    let nested = format!("{}{good}{}", "{ not = ".repeat(10_000), " }".repeat(10_000));
    std::fs::write(&deep, mini.replace(good, &nested)).unwrap();
    let run = env.run(&["policy", "check", deep.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("max recursion depth") && run.stderr.contains("line 48"), "{}", run.stderr);
}

/// `log --help` lists every event the default policy declares, with its title, read from the
/// policy itself (issue 15: the out-of-hours, ladder and body-map events were missing), and
/// nothing that is not an event.
#[test]
fn log_help_lists_every_event_of_the_default_policy() {
    let env = Env::new();
    let help = env.run(&["log", "--help"]).ok().stdout;
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let policy = safeguard::policy::Policy::default_policy();
    for (id, e) in &policy.events {
        let title = e.title.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&format!("{id}: {title}")), "log --help lacks {id}: {title}\n{help}");
    }
    for id in ["edt-referred", "ooh-manager-told", "concern-ladder", "body-mark", "edt-referred-adult"] {
        assert!(policy.events.contains_key(id), "{id}");
    }
    let listed = help
        .lines()
        .filter(|l| {
            l.starts_with("  ")
                && l.trim_start().split(':').next().is_some_and(|id| policy.events.contains_key(id))
        })
        .count();
    assert_eq!(listed, policy.events.len(), "{help}");
    assert!(!help.contains(".stages:") && !help.contains(".repeat:"), "{help}");
}

/// `policy show` (text) says the office hours that make a concern out of hours, that they are
/// a local choice, and an overlay's own hours (issue 15; 003 §1.18, §6.38).
#[test]
fn policy_show_gives_the_office_hours_and_that_they_are_a_local_choice() {
    let mut env = Env::new();
    let text = env.run(&["policy", "show"]).ok().stdout;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Office hours: 09:00 to 17:00 UK time on a working day"), "{text}");
    assert!(
        flat.contains("local choice (the seeds leave this open): The seeds speak of normal office hours"),
        "{text}"
    );
    let v = default_version(&env);
    let local = overlay(
        &env,
        "hours.toml",
        &v,
        "\n[office_hours]\nopens = \"08:00\"\ncloses = \"20:00\"\nsource = \"local rota\"\n",
    );
    use_policy(&mut env, &local);
    let text = env.run(&["policy", "show"]).ok().stdout;
    assert!(text.contains("Office hours: 08:00 to 20:00 UK time"), "{text}");
}

/// Issue 12's overlay change kinds on the sections the first test leaves out: an event added,
/// changed and removed, an outcome changed and a duty added, each merged by id, marked in the
/// effective view and in force (the added event is logged, the removed one refused); a duty
/// left with nothing to settle it is warned of; and a removal that something still uses is
/// refused, naming what uses it and the overlay.
#[test]
fn events_outcomes_and_duties_are_added_changed_and_removed_by_id() {
    let mut env = Env::with_store();
    let v = default_version(&env);
    let file = overlay(
        &env,
        "local.toml",
        &v,
        r#"
[remove]
events = ["provider-pattern-reviewed"]

[events.home-visit]
title = "Home visit made"
source = "local choice"

[events.note]
title = "Case note"

[outcomes.area-for-improvement]
title = "Area for improvement (low level)"

[duties.call-the-family]
title = "Call the family"
owner = "designated-person"
rules = [{ within = "1 working day", from = "raised", source = "local choice" }]
"#,
    );
    // Valid, but the duty the removed event settled, and the added one nothing settles, would
    // stay open until their concern is closed: `policy check` warns, naming each.
    let w = env.run(&["policy", "check", &file]).ok().stderr;
    for d in ["provider-pattern-review", "call-the-family"] {
        assert!(w.contains(&format!("warning: duty {d:?}: nothing settles it")), "{d}: {w}");
    }
    assert_eq!(w.matches("nothing settles it").count(), 2, "{w}");
    use_policy(&mut env, &file);
    let j = env.run(&["policy", "show", "--effective", "--json"]).ok().json();
    let changes: Vec<(String, String)> = j["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["item"].as_str().unwrap().to_owned(), c["change"].as_str().unwrap().to_owned()))
        .collect();
    let want = [
        ("events.provider-pattern-reviewed", "removed"),
        ("events.home-visit", "added"),
        ("events.note", "changed"),
        ("outcomes.area-for-improvement", "changed"),
        ("duties.call-the-family", "added"),
    ];
    assert_eq!(changes, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
    let p = &j["policy"];
    assert!(p["events"].get("provider-pattern-reviewed").is_none());
    assert_eq!(p["events"]["note"]["title"], "Case note");
    // A changed item keeps the fields the overlay does not give.
    assert_eq!(p["events"]["note"]["source"], "003 §7.15-7.17");
    assert_eq!(p["outcomes"]["area-for-improvement"]["title"], "Area for improvement (low level)");
    assert_eq!(p["outcomes"]["area-for-improvement"]["group"], "provider");
    assert_eq!(p["duties"]["call-the-family"]["owner"], "designated-person");
    let text = env.run(&["policy", "show", "--effective"]).ok().stdout;
    assert!(text.contains("local.toml: events.provider-pattern-reviewed"), "{text}");
    // In force: the added event is logged, the removed one is not an event any more.
    let answers = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers/child.toml");
    let id = env.run(&["raise", "--answers", answers.to_str().unwrap(), "--json"]).ok().json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    env.run(&["log", &id, "home-visit", "--note", "Seen at home."]).ok();
    let run = env.run(&["log", &id, "provider-pattern-reviewed", "--note", "x"]).code(2);
    assert!(run.stderr.contains("provider-pattern-reviewed"), "{}", run.stderr);

    // Removing what the rest of the policy uses is refused, naming each use and the overlay.
    let bad = overlay(
        &env,
        "bad.toml",
        &v,
        "[remove]\noutcomes = [\"good-practice\"]\nduties = [\"notify-group-head\"]\n",
    );
    let e = env.run(&["policy", "check", &bad]).code(2).stderr;
    for n in [
        "event \"group-head-told\": completes duty \"notify-group-head\", which is not in [duties]",
        "bad.toml removed duties.notify-group-head)",
        "answer \"compliment\" leads to \"good-practice\", which is neither a node nor an outcome",
        "bad.toml removed outcomes.good-practice)",
        "bindings.outcomes.good_practice = \"good-practice\"",
    ] {
        assert!(e.contains(n), "{n:?} is not named:\n{e}");
    }
}

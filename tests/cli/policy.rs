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
    // The events `log` takes are listed, with what each settles and starts (PRODUCT.md's at least).
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
        assert!(human.contains(&format!("  {e} ")), "event {e} missing from policy show");
    }
    assert!(human.contains("starts written-referral, la-acknowledgement, la-chase"), "{human}");
    assert!(human.contains("once it has happened 2 times or more, also starts la-review-missing"), "{human}");
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

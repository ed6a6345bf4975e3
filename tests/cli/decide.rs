//! `decide` on the interview engine (issue 12): the designated person's decision, the line
//! manager's recommendation and the parents' agreement (Tree F) are trees of the policy, asked
//! with the answer-file rules of `raise`; and the review cadence is policy data.

use serde_json::Value;

use crate::common::{Env, Run, table_headed};
use crate::raise::{duty, raise};

/// Runs `decide ID --answers` with this TOML at `now`.
fn decide(env: &mut Env, now: &str, id: &str, toml: &str) -> Run {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    env.set("SAFEGUARD_NOW", now);
    let f = env.path(&format!("decision-{}.toml", N.fetch_add(1, Ordering::SeqCst)));
    std::fs::write(&f, toml).unwrap();
    env.run(&["decide", id, "--answers", f.to_str().unwrap()])
}

/// Names `policy` in a config file and uses it.
fn use_policy(env: &mut Env, text: &str) {
    let p = env.path("local-policy.toml");
    std::fs::write(&p, text).unwrap();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", p.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
}

/// An overlay on the embedded default with these changes.
fn overlay(env: &Env, changes: &str) -> String {
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    format!(
        "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {v:?}\n{changes}"
    )
}

fn open_dues(rec: &Value, kind: &str) -> Vec<String> {
    rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == kind && d["status"] != "done")
        .map(|d| d["due"].as_str().unwrap_or("none").to_owned())
        .collect()
}

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\n";

const ADULT: &str = "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 80\ndescription = \"Son takes her pension.\"\ncare_and_support_needs = \"yes\"\nabuse_or_neglect = \"yes\"\nunable_to_protect = \"yes\"\n";

/// The concern's last journal entry of this kind.
fn last(env: &Env, id: &str, kind: &str) -> Value {
    let rec = env.run(&["show", id, "--json"]).ok().json();
    rec["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["kind"] == kind)
        .cloned()
        .unwrap_or(Value::Null)
}

/// The ids of a decision's transcript (the questions answered), in order.
fn answered(entry: &Value) -> Vec<String> {
    entry["body"]["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Raises a concern and returns its id.
fn concern(env: &Env, answers: &str) -> String {
    raise(env, answers)["id"].as_str().unwrap().to_owned()
}

const PROVIDER: &str = "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"Oakview\"\ndescription = \"Wet beds at midday.\"\nabuse_suspected = \"no\"\n";

const STAFF: &str = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\nsubject_position = \"colleague\"\ndescription = \"Messages a 14-year-old late at night.\"\nstaff_criteria = [\"unsuitable\", \"risk\"]\n";

/// A code-red concern (anonymous) and its id.
fn code_red(env: &Env) -> String {
    let f = env.path("code-red.toml");
    std::fs::write(&f, "immediate_risk = \"no\"\ncode_red_reason = \"care\"\ndescription = \"One worker for six residents.\"\n").unwrap();
    env.run(&["raise", "--anonymous", "--answers", f.to_str().unwrap(), "--json"]).ok().json()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

const AT: &str = "2026-11-23T11:00:00Z";

#[test]
fn the_review_cadence_is_policy_data_and_an_overlay_changes_the_next_review() {
    // The default: weekly for four weeks from the raise (Mon 23 Nov 10:00), then monthly.
    let mut env = Env::with_store();
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&rec, "dp-review")["due"], "2026-11-30T10:00:00Z");
    assert_eq!(duty(&rec, "dp-review")["rules"][0]["within"], "weekly for the first 4 weeks, then monthly");
    env.set("SAFEGUARD_NOW", "2026-12-22T10:00:00Z");
    env.run(&["review", &id, "--note", "Week four."]).ok();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(open_dues(&rec, "dp-review"), ["2027-01-21T10:00:00Z"], "monthly from day 28");

    // A local overlay: two weekly reviews, then fortnightly.
    let mut env = Env::with_store();
    let local = overlay(
        &env,
        "[duties.dp-review]\ncadence = { weekly = 2, then = \"fortnightly\", from = \"raised\", source = \"local procedure\" }\n",
    );
    use_policy(&mut env, &local);
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\""))["id"].as_str().unwrap().to_owned();
    env.set("SAFEGUARD_NOW", "2026-12-08T10:00:00Z");
    env.run(&["review", &id, "--note", "Week two."]).ok();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    // Raised 23 Nov: week two is 7 Dec; a fortnight later is 21 Dec (the default: 14 Dec).
    assert_eq!(open_dues(&rec, "dp-review"), ["2026-12-21T10:00:00Z"]);
    let review = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "review").unwrap();
    assert_eq!(review["body"]["next_review"], "2026-12-21T10:00:00Z");
    assert_eq!(
        duty(&rec, "dp-review")["rules"][0]["within"],
        "weekly for the first 2 weeks, then every two weeks"
    );

    // `policy show` says the adult cadence is a local choice, and the overlay's cadence.
    let shown = env.run(&["policy", "show"]).ok().stdout;
    let duties = table_headed(&shown, "Duty");
    let deadline =
        |kind: &str| duties.iter().find(|r| r[0] == kind).map(|r| r[3].clone()).unwrap_or_default();
    assert!(
        deadline("dp-review").contains("repeats: weekly for the first 2 weeks, then every two weeks"),
        "{shown}"
    );
    assert!(
        deadline("dp-review-adult").contains(
            "local choice (the seeds leave this open): The seeds give no review cadence for adults"
        ),
        "{shown}"
    );
    let json = env.run(&["policy", "show", "--json"]).ok().json();
    assert!(json["duties"]["dp-review-adult"]["local_choice"].is_string());
    assert_eq!(json["duties"]["dp-review-adult"]["cadence"]["then"], "monthly");
}

#[test]
fn a_cadence_with_rules_or_counted_from_an_event_is_refused() {
    let env = Env::new();
    let p = env.path("bad.toml");
    std::fs::write(
        &p,
        overlay(
            &env,
            "[duties.dp-review]\nrules = [{ within = \"7 calendar days\", source = \"x\" }]\n\
             [duties.dp-review-adult]\ncadence = { weekly = 4, then = \"monthly\", from = \"event\", source = \"x\" }\n",
        ),
    )
    .unwrap();
    let e = env.run(&["policy", "check", p.to_str().unwrap()]).code(2).stderr;
    assert!(e.contains("duty \"dp-review\": has both a `cadence` and `rules`"), "{e}");
    assert!(
        e.contains("duty \"dp-review-adult\": a cadence counts from when the concern was raised or noticed"),
        "{e}"
    );
}

/// Every outcome for a child, each with what it needs, through the decision tree.
#[test]
fn every_child_option_is_decided_through_the_policy_s_tree() {
    let mut env = Env::with_store();
    let cp = format!("{CHILD}significant_harm = \"yes\"");
    // (outcome, extra answers, duty kinds it starts, is a new decision due)
    let cases: [(&str, &str, &[&str], bool); 6] = [
        (
            "urgent-referral",
            "reason = \"He is frightened to go home.\"\n",
            &["phone-referral", "notify-group-head"],
            false,
        ),
        ("child-protection-referral", "", &["phone-referral"], false),
        ("assessment-referral", "reason = \"Mother asks for help.\"\n", &["phone-referral"], false),
        (
            "la-consultation",
            "reason = \"Unclear.\"\nconsulted = \"LA duty desk\"\nadvice = \"Refer.\"\n",
            &["dp-decision"],
            true,
        ),
        (
            "contact-other-agencies",
            "reason = \"School knows.\"\nconsulted = \"School DSL\"\n",
            &["dp-decision"],
            true,
        ),
        (
            "keep-under-review",
            "reason = \"Below threshold.\"\naction_plan = [{ task = \"Home visit\", owner = \"Family worker\", due = 2026-11-27 }]\n",
            &["notify-head-of-safeguarding", "action-plan-task"],
            false,
        ),
    ];
    for (outcome, extra, starts, again) in cases {
        let id = concern(&env, &cp);
        decide(&mut env, AT, &id, &format!("outcome = {outcome:?}\n{extra}")).ok();
        let rec = env.run(&["show", &id, "--json"]).ok().json();
        assert_eq!(rec["outcome"], outcome);
        for k in starts {
            assert!(!open_dues(&rec, k).is_empty(), "{outcome}: no open {k}: {}", rec["duties"]);
        }
        assert_eq!(!open_dues(&rec, "dp-decision").is_empty(), again, "{outcome}: a new decision due?");
        let d = last(&env, &id, "decision");
        assert_eq!(d["body"]["outcome"], outcome);
        assert_eq!(d["body"]["recommendation"], "child-protection-referral");
        assert_eq!(d["body"]["differs"], outcome != "child-protection-referral");
        assert_eq!(d["body"]["decide_again"], again);
        assert_eq!(d["signed_by"], "Dee Pee (designated-person)");
        assert_eq!(answered(&d)[0], "outcome");
        // The transcript keeps the words asked and the answer in words.
        assert_eq!(d["body"]["transcript"][0]["prompt"], "Your decision");
        assert!(d["body"]["transcript"][0]["shown"].as_str().unwrap().len() > outcome.len());
    }
    let id = concern_with(
        &mut env,
        &cp,
        "outcome = \"keep-under-review\"\nreason = \"r\"\naction_plan = [{ task = \"Visit\", owner = \"FW\", due = \"2026-11-30 12:00\" }]\n",
    );
    let d = last(&env, &id, "decision");
    assert_eq!(d["body"]["action_plan"][0]["task"], "Visit");
    assert_eq!(d["body"]["action_plan"][0]["due"], "2026-11-30T12:00:00Z");
    assert_eq!(answered(&d), ["outcome", "reason", "action_plan"]);
    // A due date as people say one: "Friday" is the coming Friday, at the end of the UK day.
    let id = concern_with(
        &mut env,
        &cp,
        "outcome = \"keep-under-review\"\nreason = \"r\"\naction_plan = [{ task = \"Visit\", owner = \"FW\", due = \"Friday\" }]\n",
    );
    let d = last(&env, &id, "decision");
    assert_eq!(d["body"]["action_plan"][0]["due"], "2026-11-27T23:59:59Z", "decided on {AT}");
}

/// Raises `answers`, decides `decision` at AT, and returns the concern's id.
fn concern_with(env: &mut Env, answers: &str, decision: &str) -> String {
    let id = concern(env, answers);
    decide(env, AT, &id, decision).ok();
    id
}

#[test]
fn every_adult_option_with_what_the_policy_asks_for_it() {
    let mut env = Env::with_store();
    let consenting = format!("{ADULT}capacity = \"yes\"\nconsent = \"yes\"");
    // The recommendation, followed: no reason needed; the adult's capacity evidence and the
    // advice sought may be recorded (003 §6.14, §6.17).
    let id = concern_with(
        &mut env,
        &consenting,
        "outcome = \"adult-referral\"\nconsulted = \"LA adults duty desk\"\ncapacity_evidence = \"Clear and consistent about her wishes.\"\n",
    );
    let d = last(&env, &id, "decision");
    assert_eq!(answered(&d), ["outcome", "consulted", "capacity_evidence"]);
    assert_eq!(d["body"]["capacity_evidence"], "Clear and consistent about her wishes.");
    assert_eq!(d["body"]["consulted"], "LA adults duty desk");
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(rec["outcome"], "adult-referral");
    assert_eq!(open_dues(&rec, "adult-referral").len(), 1);

    let id = concern_with(
        &mut env,
        &consenting,
        "outcome = \"adult-referral-without-consent\"\nreason = \"Others at risk.\"\n",
    );
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], "adult-referral-without-consent");

    // No referral for an adult is recorded with its reasons, even where it is the
    // recommendation (003 §6.15-6.16).
    let refusing = format!("{ADULT}capacity = \"yes\"\nconsent = \"no\"");
    let id = concern(&env, &refusing);
    assert_eq!(
        env.run(&["show", &id, "--json"]).ok().json()["recommendation"],
        "no-referral-consent-respected"
    );
    let e = decide(&mut env, AT, &id, "outcome = \"no-referral-consent-respected\"\n").code(2).stderr;
    assert!(e.contains("answer `reason` is required") && e.contains("6.15"), "{e}");
    decide(&mut env, AT, &id, "outcome = \"no-referral-consent-respected\"\nreason = \"She has capacity and declines; no one else at risk.\"\n").ok();
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], "no-referral-consent-respected");

    let id = concern(&env, &consenting);
    let e = decide(&mut env, AT, &id, "outcome = \"not-adult-safeguarding\"\n").code(2).stderr;
    assert!(e.contains("`reason`"), "{e}");
    decide(
        &mut env,
        AT,
        &id,
        "outcome = \"not-adult-safeguarding\"\nreason = \"No care and support needs.\"\n",
    )
    .ok();
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], "not-adult-safeguarding");

    // Lacking capacity: the best-interests decision is recorded (003 §6.13-6.14); with only
    // a doubt it may be.
    let lacks = format!("{ADULT}capacity = \"no\"");
    let id = concern(&env, &lacks);
    let e = decide(&mut env, AT, &id, "outcome = \"adult-referral\"\n").code(2).stderr;
    assert!(e.contains("answer `best_interests` is required") && e.contains("who made it"), "{e}");
    decide(&mut env, AT, &id, "outcome = \"adult-referral\"\nbest_interests = \"Dr Lee, 23 Nov: she cannot weigh the risk; referral is in her best interests.\"\n").ok();
    assert!(last(&env, &id, "decision")["body"]["best_interests"].as_str().unwrap().starts_with("Dr Lee"));
    let doubt = format!("{ADULT}capacity = \"doubt\"\nconsent = \"yes\"");
    let id = concern_with(&mut env, &doubt, "outcome = \"adult-referral\"\n");
    assert_eq!(answered(&last(&env, &id, "decision")), ["outcome"], "best interests optional with a doubt");
    let id = concern_with(
        &mut env,
        &doubt,
        "outcome = \"adult-referral\"\nbest_interests = \"Not needed yet.\"\n",
    );
    assert_eq!(last(&env, &id, "decision")["body"]["best_interests"], "Not needed yet.");
    let id = concern(&env, &consenting);
    let e =
        decide(&mut env, AT, &id, "outcome = \"adult-referral\"\nbest_interests = \"x\"\n").code(2).stderr;
    assert!(e.contains("answer `best_interests`: not asked in this decision"), "{e}");
    // A child's parents are not asked about for an adult.
    let id = concern(&env, &consenting);
    let e = decide(&mut env, AT, &id, "outcome = \"adult-referral\"\nparents = \"agreed\"\n").code(2).stderr;
    assert!(
        e.contains("answer `parents`: not asked in this decision (only for a concern about a child"),
        "{e}"
    );
}

#[test]
fn every_provider_and_staff_option_and_code_red() {
    let mut env = Env::with_store();
    for (outcome, extra) in [
        ("safeguarding-concern", "reason = \"Bruising is abuse.\"\n"),
        ("area-for-improvement", ""),
        ("good-practice", "reason = \"It was a compliment after all.\"\n"),
    ] {
        let id = concern_with(&mut env, PROVIDER, &format!("outcome = {outcome:?}\n{extra}"));
        let rec = env.run(&["show", &id, "--json"]).ok().json();
        assert_eq!(rec["outcome"], outcome);
        assert_eq!(answered(&last(&env, &id, "decision"))[0], "outcome");
    }
    let id = concern(&env, PROVIDER);
    let e = decide(&mut env, AT, &id, "outcome = \"lado-referral\"\nreason = \"x\"\n").code(2).stderr;
    assert!(
        e.contains("answer `outcome`")
            && e.contains("safeguarding-concern, area-for-improvement, good-practice"),
        "{e}"
    );

    // Staff: the senior managers decide about the LADO (003 §9.4), and the LADO, not the
    // member of staff, settles how the parents are told (§9.10).
    let id = concern(&env, STAFF);
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["recommendation"], "lado-referral");
    let e = decide(&mut env, AT, &id, "outcome = \"lado-referral\"\n").code(2).stderr;
    assert!(e.contains("answer `decided_with` is required") && e.contains("9.4"), "{e}");
    let run = decide(
        &mut env,
        AT,
        &id,
        "outcome = \"lado-referral\"\ndecided_with = \"Group Head, service MD, MD of HR\"\n",
    )
    .ok();
    assert!(run.stderr.contains("The LADO and the referring manager decide how"), "{}", run.stderr);
    let d = last(&env, &id, "decision");
    assert_eq!(answered(&d), ["outcome", "decided_with"]);
    assert!(d["body"]["guidance"].to_string().contains("The LADO and the referring manager"));
    assert_eq!(d["body"]["decided_with"], "Group Head, service MD, MD of HR");
    assert!(env.run(&["show", &id]).ok().stdout.contains("decided with: Group Head, service MD, MD of HR"));
    let id = concern_with(
        &mut env,
        STAFF,
        "outcome = \"staff-conduct\"\nreason = \"A conduct matter.\"\ndecided_with = \"Group Head\"\n",
    );
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], "staff-conduct");

    let id = code_red(&env);
    decide(&mut env, AT, &id, "outcome = \"code-red\"\n").ok();
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], "code-red");
}

#[test]
fn the_line_manager_recommends_and_the_designated_person_still_decides() {
    let mut env = Env::with_roles("designated-person,countersignatory,line-manager");
    let id = concern(&env, &format!("{CHILD}significant_harm = \"no\""));
    let lm = "role = \"line-manager\"\ndecided_by = { name = \"Dee Pee\", role = \"line-manager\" }\n";
    decide(&mut env, AT, &id, &format!("{lm}recommend = \"refer\"\n")).ok();
    let e = last(&env, &id, "lm-recommendation");
    assert_eq!(e["body"]["recommend"], "refer");
    assert_eq!(e["body"]["reason"], Value::Null);
    assert_eq!(e["signed_by"], "Dee Pee (line-manager)");
    assert_eq!(answered(&e), ["recommend"]);
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(duty(&rec, "report-to-line-manager")["status"], "done");
    assert_eq!(rec["outcome"], Value::Null);
    // Do-not-refer needs the reasons (003 §3.6); an outcome is not the line manager's to give.
    let e = decide(&mut env, AT, &id, &format!("{lm}recommend = \"do-not-refer\"\n")).code(2).stderr;
    assert!(e.contains("answer `reason` is required") && e.contains("3.6"), "{e}");
    let e =
        decide(&mut env, AT, &id, &format!("{lm}recommend = \"refer\"\noutcome = \"keep-under-review\"\n"))
            .code(2)
            .stderr;
    assert!(e.contains("answer `outcome`: not asked in this decision"), "{e}");
    decide(&mut env, AT, &id, &format!("{lm}recommend = \"do-not-refer\"\nreason = \"Known to services.\"\nnotes = \"Plan agreed with the family worker.\"\n")).ok();
    let e = last(&env, &id, "lm-recommendation");
    assert_eq!(e["body"]["recommend"], "do-not-refer");
    assert_eq!(e["body"]["notes"], "Plan agreed with the family worker.");
    // The forms carry it (SARF: the line manager's recommendation).
    let shown = env.run(&["show", &id]).ok().stdout;
    assert!(shown.contains("line manager's recommendation: do-not-refer"), "{shown}");
    // A role with no decision in the policy is refused, naming the roles that have one.
    let e = decide(&mut env, AT, &id, "role = \"group-head\"\n").code(2).stderr;
    assert!(
        e.contains("answer `role`: \"group-head\" is not one of: designated-person, line-manager"),
        "{e}"
    );
}

/// Tree F (003 §6.47): each answer about the parents, with what it needs and what it says.
#[test]
fn every_branch_of_the_parents_tree_with_its_follow_up() {
    let mut env = Env::with_store();
    let cp = format!("{CHILD}significant_harm = \"yes\"");
    let decision = "outcome = \"child-protection-referral\"\n";
    let by = "parents_agreed_by = \"Lee Manager (LM), Dee Pee (DP)\"\n";

    // Agreed: who agreed to asking them is required; when they were spoken to may be given.
    let id = concern(&env, &cp);
    let e = decide(&mut env, AT, &id, &format!("{decision}parents = \"agreed\"\n")).code(2).stderr;
    assert!(
        e.contains("answer `parents_agreed_by` is required")
            && e.contains("both the line manager and the designated person"),
        "{e}"
    );
    decide(
        &mut env,
        AT,
        &id,
        &format!(
            "{decision}parents = \"agreed\"\n{by}parents_told = \"Mother, 23 Nov, by the family worker\"\n"
        ),
    )
    .ok();
    let d = last(&env, &id, "decision")["body"].clone();
    assert_eq!(d["parents"]["decision"], "agreed");
    assert_eq!(d["parents"]["agreed_by"], "Lee Manager (LM), Dee Pee (DP)");
    assert_eq!(d["parents"]["told"], "Mother, 23 Nov, by the family worker");
    assert!(!d["guidance"].to_string().contains("refused"), "{}", d["guidance"]);

    // Refused, for a child protection referral: it still goes ahead (003 §1.9).
    let id = concern(&env, &cp);
    let run = decide(&mut env, AT, &id, &format!("{decision}parents = \"refused\"\n{by}")).ok();
    assert!(run.stderr.contains("the child protection referral still goes ahead"), "{}", run.stderr);
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], "child-protection-referral");
    // Refused, for a referral for assessment: the policy leaves it to the designated person.
    let id = concern(&env, &cp);
    let run = decide(
        &mut env,
        AT,
        &id,
        &format!("outcome = \"assessment-referral\"\nreason = \"r\"\nparents = \"refused\"\n{by}"),
    )
    .ok();
    assert!(
        run.stderr.contains("The policy does not say what follows for a referral for assessment"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("still goes ahead"), "{}", run.stderr);

    // Not sought: the reasons are required, and shared with the local authority.
    let id = concern(&env, &cp);
    let e = decide(&mut env, AT, &id, &format!("{decision}parents = \"not-sought\"\n")).code(2).stderr;
    assert!(e.contains("answer `parents_reason` is required"), "{e}");
    let run = decide(
        &mut env,
        AT,
        &id,
        &format!("{decision}parents = \"not-sought\"\nparents_reason = \"Father is the alleged abuser.\"\n"),
    )
    .ok();
    assert!(run.stderr.contains("Share the decision not to seek the parents' agreement"), "{}", run.stderr);
    assert_eq!(last(&env, &id, "decision")["body"]["parents"]["reason"], "Father is the alleged abuser.");
    // Asking who agreed makes no sense when they were not asked.
    let id = concern(&env, &cp);
    let e = decide(
        &mut env,
        AT,
        &id,
        &format!("{decision}parents = \"not-sought\"\nparents_reason = \"x\"\n{by}"),
    )
    .code(2)
    .stderr;
    assert!(e.contains("answer `parents_agreed_by`: not asked in this decision"), "{e}");

    // Wait for the local authority.
    let id = concern(&env, &cp);
    let run = decide(&mut env, AT, &id, &format!("{decision}parents = \"wait-for-la\"\n")).ok();
    assert!(
        run.stderr
            .contains("Do not discuss the referral with the parents until the local authority has agreed"),
        "{}",
        run.stderr
    );
    assert_eq!(answered(&last(&env, &id, "decision")), ["outcome", "parents"]);

    // Not settled yet: the question is optional.
    let id = concern_with(&mut env, &cp, decision);
    assert_eq!(last(&env, &id, "decision")["body"]["parents"]["decision"], Value::Null);

    // Online abuse: the police and social care agree before the family is approached (003
    // §18.18): said first, and who agreed is required when the family was asked.
    let online = format!("{cp}\nspecial = [\"online\"]");
    let id = concern(&env, &online);
    let e = decide(&mut env, AT, &id, &format!("{decision}parents = \"agreed\"\n{by}")).code(2).stderr;
    assert!(e.contains("answer `parents_police_agreed` is required") && e.contains("18.18"), "{e}");
    let run = decide(
        &mut env,
        AT,
        &id,
        &format!("{decision}parents = \"agreed\"\n{by}parents_police_agreed = \"DC Shah (CAIT), SW Patel (MASH)\"\n"),
    )
    .ok();
    assert!(
        run.stderr
            .contains("Online abuse: the police and children's social care agree before the family is told"),
        "{}",
        run.stderr
    );
    assert_eq!(
        last(&env, &id, "decision")["body"]["parents"]["police_agreed"],
        "DC Shah (CAIT), SW Patel (MASH)"
    );
    assert!(env.run(&["show", &id]).ok().stdout.contains("police and social care agreed: DC Shah (CAIT)"));
    // Without online abuse the question is not asked.
    let id = concern(&env, &cp);
    let e = decide(
        &mut env,
        AT,
        &id,
        &format!("{decision}parents = \"agreed\"\n{by}parents_police_agreed = \"x\"\n"),
    )
    .code(2)
    .stderr;
    assert!(e.contains("answer `parents_police_agreed`: not asked"), "{e}");

    // Tree F is for a child referral: not for keeping the concern under review.
    let id = concern(&env, &format!("{CHILD}significant_harm = \"no\""));
    let e = decide(
        &mut env,
        AT,
        &id,
        "outcome = \"keep-under-review\"\naction_plan = [{ task = \"t\", owner = \"o\", due = 2026-11-27 }]\nparents = \"agreed\"\n",
    )
    .code(2)
    .stderr;
    assert!(e.contains("answer `parents`: not asked in this decision (only for a concern about a child, when the decision is a referral)"), "{e}");
}

#[test]
fn a_bad_decision_file_is_refused_naming_the_id_and_nothing_is_saved() {
    let mut env = Env::with_roles("designated-person,countersignatory,line-manager");
    let id = concern(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let before = env.run(&["show", &id, "--json"]).ok().stdout;
    for (toml, wants) in [
        // A missing reason, where the decision differs from the recommendation.
        (
            "outcome = \"keep-under-review\"\naction_plan = [{ task = \"t\", owner = \"o\", due = 2026-11-27 }]\n",
            "answer `reason` is required",
        ),
        // An unknown key, named, with the ids there are.
        (
            "outcome = \"child-protection-referral\"\nparent = \"agreed\"\n",
            "answer `parent`: not a decision question or field",
        ),
        (
            "outcome = \"child-protection-referral\"\nparent = \"agreed\"\n",
            "the decision's ids are: outcome, recommend, reason",
        ),
        // A wrong answer, and a wrong type.
        (
            "outcome = \"child-protection-referral\"\nparents = \"maybe\"\n",
            "answer `parents`: \"maybe\" is not one of: agreed, refused, not-sought, wait-for-la",
        ),
        ("outcome = \"child-protection-referral\"\nreason = 3\n", "answer `reason`: expected text"),
        // A missing outcome: the recommendation is not taken for the designated person.
        ("reason = \"x\"\n", "answer `outcome` is required"),
        // An action plan task without an owner, or due before the decision.
        (
            "outcome = \"keep-under-review\"\nreason = \"r\"\naction_plan = [{ task = \"t\", due = 2026-11-27 }]\n",
            "answer `action_plan` item 1: `owner` is required",
        ),
        (
            "outcome = \"keep-under-review\"\nreason = \"r\"\naction_plan = [{ task = \"t\", owner = \"o\", due = 2026-11-20 }]\n",
            "answer `action_plan` item 1: `due` Fri 20 Nov 2026 23:59",
        ),
        (
            "outcome = \"keep-under-review\"\nreason = \"r\"\naction_plan = []\n",
            "answer `action_plan`: give at least one task",
        ),
        // Built-ins: a role and a signer of the wrong shape.
        ("role = 7\n", "answer `role`: expected one of: designated-person, line-manager"),
        (
            "outcome = \"child-protection-referral\"\ndecided_by = [1]\n",
            "answer `decided_by`: expected \"Name (role)\"",
        ),
    ] {
        let run = decide(&mut env, AT, &id, toml).code(2);
        assert!(run.stderr.contains(wants), "{toml}: wants {wants:?}:\n{}", run.stderr);
        assert_eq!(env.run(&["show", &id, "--json"]).ok().stdout, before, "{toml}: the record changed");
    }
    // --as and the file's role must agree.
    env.set("SAFEGUARD_NOW", AT);
    let f = env.path("lm.toml");
    std::fs::write(&f, "role = \"line-manager\"\nrecommend = \"refer\"\n").unwrap();
    let e = env
        .run(&["decide", &id, "--answers", f.to_str().unwrap(), "--as", "designated-person"])
        .code(2)
        .stderr;
    assert!(e.contains("answer `role` says \"line-manager\" but --as says \"designated-person\""), "{e}");
    env.run(&["decide", &id, "--answers", f.to_str().unwrap(), "--as", "line-manager"]).ok();
}

#[test]
fn decide_opens_with_a_summary_of_the_concern() {
    let mut env = Env::with_store();
    let id = concern(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let run = decide(&mut env, "2026-11-23T11:00:00Z", &id, "outcome = \"child-protection-referral\"\n").ok();
    let e = &run.stderr;
    for want in [
        &format!("Concern {id}: A child (under 18); raised Mon 23 Nov 2026 10:00 (UK time)"),
        "  Who: AB, aged 9",
        "  What: Bruises.",
        "  The policy recommends: Child protection referral to the local authority",
        "  Due:",
        // As people say it, then in full (issue 16); the clock is Mon 23 Nov 2026 11:00.
        "    - Decide what happens next and record the decision\n      the designated person for safeguarding (DP), \
         due by 10:00 tomorrow (Tue 24 Nov 2026 10:00, due in 23 hours)",
    ] {
        assert!(e.contains(want), "the summary lacks {want:?}:\n{e}");
    }
    // The reporter's duties are named for the designated person reading it, not "you".
    assert!(
        e.contains("      Sam Jones, Support worker (the person who raised it), due by")
            && !e.contains("you (the person raising the concern)"),
        "{e}"
    );
    // It comes before what the decision did.
    assert!(e.find("The policy recommends").unwrap() < e.find("recorded the decision").unwrap(), "{e}");
}

/// A policy owner changes the decision in an overlay: here, the designated person must say
/// whom they consulted on every decision, and a local question is asked and recorded.
#[test]
fn an_overlay_changes_the_decision_tree() {
    let mut env = Env::with_store();
    let local = overlay(
        &env,
        "[[decision_nodes]]\nid = \"consult_when\"\nwhen = [{ if = { answer = \"kind\", in = [\"child\", \"adult\"] }, next = \"consulted\" }]\n\
         [[decision_nodes]]\nid = \"consulted\"\nrequired = true\nnext = \"strategy_meeting\"\n\
         [[decision_nodes]]\nid = \"strategy_meeting\"\ntype = \"question\"\nask = \"choice\"\nprompt = \"Is a strategy meeting needed?\"\nsource = \"local procedure\"\nanswers = [{ value = \"yes\", label = \"Yes\" }, { value = \"no\", label = \"No\" }]\nnext = \"advice\"\n",
    );
    use_policy(&mut env, &local);
    let id = concern(&env, &format!("{CHILD}significant_harm = \"yes\""));
    let e = decide(&mut env, AT, &id, "outcome = \"child-protection-referral\"\n").code(2).stderr;
    assert!(e.contains("answer `consulted` is required"), "{e}");
    decide(
        &mut env,
        AT,
        &id,
        "outcome = \"child-protection-referral\"\nconsulted = \"Group Head\"\nstrategy_meeting = \"yes\"\n",
    )
    .ok();
    let d = last(&env, &id, "decision");
    assert_eq!(answered(&d), ["outcome", "consulted", "strategy_meeting"]);
    assert_eq!(d["body"]["transcript"][2]["shown"], "Yes");
    // `policy show` lists the local question among the decision's.
    let shown = env.run(&["policy", "show"]).ok().stdout;
    assert!(shown.contains("strategy_meeting  (choice, required when asked)  [local procedure]"), "{shown}");
}

#[test]
fn a_child_referral_goes_to_the_responsible_authority_too_and_copies_the_allocated_social_worker() {
    let mut env = Env::with_store();
    // Looked after, living in another authority's area, with an allocated social worker.
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\"\nlooked_after = \"yes\"\n"));
    let id = rec["id"].as_str().unwrap().to_owned();
    decide(
        &mut env,
        "2026-11-23T12:00:00Z",
        &id,
        "outcome = \"child-protection-referral\"\nlac_elsewhere = \"yes\"\nallocated_sw = \"yes\"\nparents = \"wait-for-la\"\n",
    )
    .ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    // 1 working day from the decision (Monday 12:00 -> Tuesday 12:00), as the phone referral.
    assert_eq!(open_dues(&shown, "refer-responsible-la"), ["2026-11-24T12:00:00Z"], "{}", shown["duties"]);
    assert_eq!(open_dues(&shown, "copy-allocated-sw"), ["2026-11-24T12:00:00Z"], "{}", shown["duties"]);
    // Each is settled by its own event.
    env.set("SAFEGUARD_NOW", "2026-11-23T14:00:00Z");
    env.run(&["log", &id, "responsible-la-referred"]).ok();
    env.run(&["log", &id, "allocated-sw-copied"]).ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert!(
        open_dues(&shown, "refer-responsible-la").is_empty()
            && open_dues(&shown, "copy-allocated-sw").is_empty()
    );

    // A child the raise said is not looked after is not asked about a second authority.
    let rec = raise(&env, &format!("{CHILD}significant_harm = \"yes\"\nlooked_after = \"no\"\n"));
    let id = rec["id"].as_str().unwrap().to_owned();
    let run = decide(
        &mut env,
        "2026-11-23T12:00:00Z",
        &id,
        "outcome = \"child-protection-referral\"\nlac_elsewhere = \"yes\"\nparents = \"wait-for-la\"\n",
    )
    .code(2);
    assert!(run.stderr.contains("lac_elsewhere"), "{}", run.stderr);
    decide(
        &mut env,
        "2026-11-23T12:00:00Z",
        &id,
        "outcome = \"child-protection-referral\"\nallocated_sw = \"no\"\nparents = \"wait-for-la\"\n",
    )
    .ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert!(
        open_dues(&shown, "refer-responsible-la").is_empty()
            && open_dues(&shown, "copy-allocated-sw").is_empty()
    );
}

/// What `decide` and `log` say they started is what the store holds: a decision does not claim
/// to start again a referral already phoned (it is not started again), and a duty open already
/// is shown with the due time it keeps, not the later one the new start would have given.
#[test]
fn decide_and_log_say_only_what_they_started_with_the_due_time_kept() {
    let mut env = Env::with_store();
    // Not safe to go home tonight: the urgent referral's phone call is due at once.
    let id =
        raise(&env, &format!("{CHILD}special = [\"not-safe-home\"]\n"))["id"].as_str().unwrap().to_owned();
    env.set("SAFEGUARD_NOW", "2026-11-23T10:05:00Z");
    env.run(&["log", &id, "phone-referral"]).ok();
    let run = decide(&mut env, "2026-11-23T10:10:00Z", &id, "outcome = \"urgent-referral\"\n").ok();
    assert!(!run.stderr.contains("started: phone-referral"), "{}", run.stderr);
    assert!(run.stderr.contains("not started again: phone-referral is done already"), "{}", run.stderr);
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert!(open_dues(&rec, "phone-referral").is_empty(), "{rec}");
    // notify-group-head was due at once from the raise (10:00): it keeps that time.
    assert_eq!(open_dues(&rec, "notify-group-head"), vec!["2026-11-23T10:00:00Z"], "{rec}");
    assert!(
        run.stderr.contains("already open: notify-group-head, due Mon 23 Nov 2026 10:00 GMT"),
        "{}",
        run.stderr
    );
    // A second phone call: the written referral stays due 48 hours after the first (10:05).
    env.set("SAFEGUARD_NOW", "2026-11-23T10:20:00Z");
    let run = env.run(&["log", &id, "phone-referral"]).ok();
    assert!(!run.stderr.contains("started: written-referral"), "{}", run.stderr);
    assert!(
        run.stderr.contains("already open: written-referral, due Wed 25 Nov 2026 10:05 GMT"),
        "{}",
        run.stderr
    );
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(open_dues(&rec, "written-referral"), vec!["2026-11-25T10:05:00Z"], "{rec}");
}

/// A referral phoned before the decision that calls for one (nothing was waiting for the call
/// then) is not asked for again: a duty is due only while its settling event is missing
/// (DOMAIN.md §3.3).
#[test]
fn a_referral_phoned_before_the_decision_is_not_started_again() {
    let mut env = Env::with_store();
    let id = raise(&env, &format!("{CHILD}significant_harm = \"yes\"\n"))["id"].as_str().unwrap().to_owned();
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert!(open_dues(&rec, "phone-referral").is_empty(), "the raise starts no phone referral: {rec}");
    env.set("SAFEGUARD_NOW", "2026-11-23T10:05:00Z");
    let logged = env.run(&["log", &id, "phone-referral"]).ok();
    assert!(logged.stderr.contains("no open duty was waiting"), "{}", logged.stderr);
    let run = decide(&mut env, AT, &id, "outcome = \"child-protection-referral\"\n").ok();
    assert!(run.stderr.contains("not started again: phone-referral is done already"), "{}", run.stderr);
    let rec = env.run(&["show", &id, "--json"]).ok().json();
    assert!(open_dues(&rec, "phone-referral").is_empty(), "{rec}");
    let due = env.run(&["review", "--due", "--within", "30d", "--json"]).ok().json();
    assert!(
        !due.as_array().unwrap().iter().any(|d| d["concern"] == id.as_str() && d["kind"] == "phone-referral"),
        "{due}"
    );
    // Without the call logged first, the same decision starts it.
    let other =
        raise(&env, &format!("{CHILD}significant_harm = \"yes\"\n"))["id"].as_str().unwrap().to_owned();
    decide(&mut env, AT, &other, "outcome = \"child-protection-referral\"\n").ok();
    let rec = env.run(&["show", &other, "--json"]).ok().json();
    assert_eq!(open_dues(&rec, "phone-referral").len(), 1, "{rec}");
    env.run(&["verify"]).ok();
}

/// PRODUCT.md: `decided_by` is the decider's name and role, in no set form. A newcomer wrote
/// "Dee Pee, DP" and was refused; "Name, role", "Name (role)", the name alone (any case or
/// spacing) and `{ name, role }` are taken when the name is the signer's, and another name is
/// still refused with the record unchanged.
#[test]
fn decided_by_takes_the_signer_s_name_in_the_forms_people_write_it() {
    let mut env = Env::with_store();
    let child = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"neglect\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n";
    for by in [
        "\"Dee Pee, DP\"",
        "\"Dee Pee (designated person)\"",
        "\"  dee   pee \"",
        "{ name = \"Dee Pee\", role = \"DP\" }",
    ] {
        let id = raise(&env, child)["id"].as_str().unwrap().to_owned();
        let toml = format!("outcome = \"child-protection-referral\"\ndecided_by = {by}\n");
        decide(&mut env, "2026-11-23T11:00:00Z", &id, &toml).ok();
    }
    let id = raise(&env, child)["id"].as_str().unwrap().to_owned();
    let before = env.run(&["show", &id, "--json"]).ok().stdout;
    let run = decide(
        &mut env,
        "2026-11-23T11:00:00Z",
        &id,
        "outcome = \"child-protection-referral\"\ndecided_by = \"Sam Jones, DP\"\n",
    )
    .code(2);
    assert!(run.stderr.contains("names \"Sam Jones\""), "{}", run.stderr);
    assert_eq!(env.run(&["show", &id, "--json"]).ok().stdout, before);
}

//! The rules the tool missed (issue 15), each through the public interface: `raise --answers`,
//! `decide`, `log`, `show --json` and `review --due --json`. Paragraphs are seed 003's.

use serde_json::Value;

use crate::common::{Env, Run};
use crate::raise::{duty, kinds, raise};

const LATER: &str = "2026-12-07T10:00:00Z";

const STAFF_ADULT: &str = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
    subject_position = \"colleague\"\n\
    description = \"I saw T. Green push Mr B, a resident, against the wall in the lounge.\"\n\
    noticed_at = 2026-11-23T09:00:00Z\nstaff_criteria = [\"harmed-adult\"]\n";

const ADULT: &str = "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 78\n\
    description = \"Her son takes her pension and she has no food in the house.\"\n\
    noticed_at = 2026-11-23T09:00:00Z\ncare_and_support_needs = \"yes\"\nabuse_or_neglect = \"yes\"\n\
    unable_to_protect = \"yes\"\n";

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
    primary_category = \"physical\"\ndescription = \"Bruising to both arms.\"\n\
    noticed_at = 2026-11-23T09:00:00Z\nsignificant_harm = \"yes\"\n";

fn id(rec: &Value) -> String {
    rec["id"].as_str().unwrap().to_owned()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_owned()).collect()
}

fn raised(rec: &Value) -> &Value {
    &rec["timeline"][0]["body"]
}

fn show(env: &Env, id: &str) -> Value {
    env.run(&["show", id, "--json"]).ok().json()
}

fn file(env: &Env, name: &str, text: &str) -> String {
    let f = env.path(name);
    std::fs::write(&f, text).unwrap();
    f.to_str().unwrap().to_owned()
}

/// Raises with these answers and expects a refusal (exit 2); returns stderr.
fn refused(env: &Env, name: &str, answers: &str) -> String {
    let f = file(
        env,
        name,
        &format!("reporter_name = \"Sam Jones\"\nreporter_role = \"Support worker\"\n{answers}"),
    );
    env.run(&["raise", "--answers", &f, "--json"]).code(2).stderr
}

fn decide(env: &Env, id: &str, name: &str, toml: &str) -> Run {
    let f = file(env, name, toml);
    env.run(&["decide", id, "--answers", &f])
}

fn log(env: &Env, id: &str, event: &str) -> Run {
    env.run(&["log", id, event])
}

/// The open duties of one concern on the morning screen at `now`: (kind, owner).
fn due_at(env: &mut Env, now: &str, concern: &str) -> Vec<(String, String)> {
    env.set("SAFEGUARD_NOW", now);
    let list = env.run(&["review", "--due", "--json"]).ok().json();
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    list.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["concern"] == concern)
        .map(|d| (d["kind"].as_str().unwrap().to_owned(), d["owner"].as_str().unwrap().to_owned()))
        .collect()
}

fn status<'a>(rec: &'a Value, kind: &str) -> &'a str {
    duty(rec, kind)["status"].as_str().unwrap()
}

#[test]
fn a_witnessed_push_of_an_adult_resident_is_an_allegation_with_the_adult_safeguarding_duties() {
    let mut env = Env::with_store();
    let rec = raise(&env, STAFF_ADULT);
    // 003 §9.2, §9.6.1: not "a conduct concern, below the LADO thresholds".
    assert_eq!(rec["recommendation"], "adult-staff-allegation");
    let k = kinds(&rec);
    for d in [
        "report-to-line-manager",
        "report-to-designated-person",
        "dp-decision",
        "report-to-senior-managers",
        "sarf-to-dp",
        "adult-referral",
        "dbs-referral-adult",
    ] {
        assert!(k.contains(&d.to_owned()), "no duty {d}: {k:?}");
    }
    assert!(!k.contains(&"lado-referral".to_owned()), "an adults-only allegation went to the LADO: {k:?}");
    let tell = strings(&raised(&rec)["tell"]);
    for r in ["line-manager", "designated-person", "md-hr", "group-head"] {
        assert!(tell.contains(&r.to_owned()), "{r} is not told: {tell:?}");
    }
    // The record keeps what was seen (the chronology's description).
    let id = id(&rec);
    let shown = show(&env, &id);
    let described = shown["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "description" && s["answer"].as_str().unwrap().contains("push Mr B"));
    assert!(described, "{}", shown["transcript"]);

    // The designated person decides; the adult referral and the DBS duty follow the decision.
    decide(
        &env,
        &id,
        "d1.toml",
        "outcome = \"adult-staff-allegation\"\ndecided_with = \"The Group Head and the MD of HR\"\n",
    )
    .ok();
    let rec = show(&env, &id);
    assert_eq!(rec["outcome"], "adult-staff-allegation");
    assert_eq!(status(&rec, "dp-decision"), "done");
    assert_ne!(status(&rec, "dbs-referral-adult"), "done");
    // Two weeks on, the DBS duty and the referral are overdue on the morning screen...
    let due = due_at(&mut env, LATER, &id);
    assert!(due.contains(&("dbs-referral-adult".into(), "senior-managers".into())), "{due:?}");
    assert!(due.iter().any(|(k, _)| k == "adult-referral"), "{due:?}");
    // ...until logged.
    log(&env, &id, "dbs-referred").ok();
    log(&env, &id, "adult-referral").ok();
    let due = due_at(&mut env, LATER, &id);
    assert!(!due.iter().any(|(k, _)| k == "dbs-referral-adult" || k == "adult-referral"), "{due:?}");

    // Children and adults both: the LADO, and the adults' DBS duty as well.
    let both = raise(&env, &STAFF_ADULT.replace("[\"harmed-adult\"]", "[\"harmed\", \"harmed-adult\"]"));
    assert_eq!(both["recommendation"], "lado-referral");
    assert!(kinds(&both).contains(&"dbs-referral-adult".to_owned()));
    // Nothing ticked is still a conduct matter (003 §9.8), told to the line manager and DP.
    let conduct = raise(&env, &STAFF_ADULT.replace("[\"harmed-adult\"]", "[]"));
    assert_eq!(conduct["recommendation"], "staff-conduct");
    assert!(kinds(&conduct).contains(&"report-to-designated-person".to_owned()));
}

#[test]
fn an_allegation_tells_the_line_manager_and_the_designated_person_unless_one_is_its_subject() {
    let env = Env::with_store();
    let at = |position: &str| raise(&env, &STAFF_ADULT.replace("\"colleague\"", &format!("{position:?}")));
    let colleague = kinds(&at("colleague"));
    assert!(colleague.contains(&"report-to-line-manager".into()), "{colleague:?}");
    assert!(colleague.contains(&"report-to-designated-person".into()), "{colleague:?}");

    let lm = at("line-manager");
    let k = kinds(&lm);
    assert!(
        !k.contains(&"report-to-line-manager".into()),
        "the line manager is told about themselves: {k:?}"
    );
    assert!(k.contains(&"report-to-designated-person".into()), "{k:?}");
    assert!(!strings(&raised(&lm)["tell"]).contains(&"line-manager".into()));

    let dp = at("designated-person");
    let k = kinds(&dp);
    assert!(!k.contains(&"report-to-designated-person".into()), "the DP is told about themselves: {k:?}");
    assert!(k.contains(&"report-to-alternative-lead".into()), "{k:?}");
    // The line manager is still told, by the route's own duty that never names the DP.
    assert!(k.contains(&"report-to-line-manager-not-dp".into()), "{k:?}");
    for d in dp["duties"].as_array().unwrap() {
        assert_ne!(d["owner"], "designated-person", "{d}");
    }

    let hos = at("head-of-service");
    let k = kinds(&hos);
    assert!(k.contains(&"report-to-hr-and-group-head".into()), "{k:?}");
    assert!(
        !k.contains(&"report-to-line-manager".into()) && !k.contains(&"report-to-designated-person".into())
    );

    // The event settles the duty on the route that has it, logged by the reporter (the
    // designated person, its subject, may not act on it).
    let id = id(&dp);
    let staff = env.person();
    let key = staff.signing_key();
    env.run(&[
        "roster",
        "add",
        "--name",
        "Sam Staff",
        "--login",
        "sam",
        "--roles",
        "reporter",
        "--key",
        &key,
    ])
    .ok();
    log(&staff, &id, "designated-person-told").ok();
    assert_eq!(status(&show(&env, &id), "report-to-alternative-lead"), "done");
}

#[test]
fn staff_caused_adult_harm_tells_hr_and_the_group_head_and_needs_a_linked_staff_concern() {
    let mut env = Env::with_store();
    let rec = raise(
        &env,
        &format!("{ADULT}adult_factors = [\"staff-caused\"]\ncapacity = \"yes\"\nconsent = \"yes\"\n"),
    );
    let told = duty(&rec, "report-to-senior-managers");
    assert!(told["rules"].to_string().contains("§6.18"), "{told}");
    assert_eq!(duty(&rec, "raise-staff-concern")["owner"], "reporter");
    let first = id(&rec);
    assert!(due_at(&mut env, LATER, &first).iter().any(|(k, _)| k == "raise-staff-concern"));

    // The second record: raised with `linked_to`, it settles the duty and both show the link.
    let second = raise(&env, &format!("{STAFF_ADULT}linked_to = {first:?}\n"));
    let second = id(&second);
    let one = show(&env, &first);
    assert_eq!(status(&one, "raise-staff-concern"), "done");
    assert_eq!(one["links"][0]["id"], second.as_str(), "{}", one["links"]);
    assert_eq!(one["links"][0]["link"], "second-record");
    let two = show(&env, &second);
    assert_eq!(two["links"][0]["id"], first.as_str());
    assert_eq!(two["links"][0]["link"], "second-record-of");
    let text = env.run(&["show", &first]).ok().stdout;
    assert!(text.contains("Linked records:") && text.contains(&second), "{text}");
    assert!(!due_at(&mut env, LATER, &first).iter().any(|(k, _)| k == "raise-staff-concern"));
    // A link to a concern the store does not have is refused, and nothing is saved.
    let err = refused(&env, "bad-link.toml", &format!("{STAFF_ADULT}linked_to = \"SG-2026-9999\"\n"));
    assert!(err.contains("linked_to") && err.contains("SG-2026-9999"), "{err}");
    env.run(&["show", "SG-2026-0003", "--json"]).code(2);
}

#[test]
fn a_child_at_risk_and_a_harmer_who_is_also_at_risk_each_need_a_second_record() {
    let mut env = Env::with_store();
    let rec = raise(
        &env,
        &format!(
            "{ADULT}adult_factors = [\"child-at-risk\", \"harmer-also-at-risk\"]\ncapacity = \"yes\"\nconsent = \"yes\"\n"
        ),
    );
    let first = id(&rec);
    let due = due_at(&mut env, LATER, &first);
    assert!(due.iter().any(|(k, _)| k == "raise-child-concern"), "{due:?}");
    assert!(due.iter().any(|(k, _)| k == "raise-harmer-concern"), "{due:?}");
    // The child's concern settles the child's duty only.
    raise(&env, &format!("{CHILD}linked_to = {first:?}\n"));
    let one = show(&env, &first);
    assert_eq!(status(&one, "raise-child-concern"), "done");
    assert_ne!(status(&one, "raise-harmer-concern"), "done");
    raise(&env, &format!("{ADULT}capacity = \"yes\"\nconsent = \"yes\"\nlinked_to = {first:?}\n"));
    assert_eq!(status(&show(&env, &first), "raise-harmer-concern"), "done");
    // 003 §6.13: "a referral should be made for both people", with no condition of consent:
    // the adult who refuses is referred too (told to the local authority as made without
    // consent, §6.15), not "the adult's wishes are respected" beside "both are referred".
    let refuses = raise(
        &env,
        &format!(
            "{ADULT}adult_factors = [\"harmer-also-at-risk\"]\ncapacity = \"yes\"\nconsent = \"no\"\noverriding_interest = []\n"
        ),
    );
    assert_eq!(refuses["recommendation"], "adult-referral-without-consent");
    let because = strings(&raised(&refuses)["raised_because"]);
    assert!(because.iter().any(|b| b.contains("also an adult at risk")), "{because:?}");
    let rid = id(&refuses);
    let due = due_at(&mut env, LATER, &rid);
    for kind in ["adult-referral", "tell-la-no-consent", "raise-harmer-concern"] {
        assert!(due.iter().any(|(k, _)| k == kind), "{kind}: {due:?}");
    }
    // Without it, a capacitous refusal with no overriding reason stands.
    let stands = raise(
        &env,
        &format!(
            "{ADULT}adult_factors = [\"child-at-risk\"]\ncapacity = \"yes\"\nconsent = \"no\"\noverriding_interest = []\n"
        ),
    );
    assert_eq!(stands["recommendation"], "no-referral-consent-respected");
    // A child concern naming a staff member involved needs the staff concern (003 §6.18).
    let child = raise(&env, &format!("{CHILD}special = [\"staff-involved\"]\n"));
    assert!(kinds(&child).contains(&"raise-staff-concern".to_owned()));
}

#[test]
fn who_must_be_told_are_duties() {
    let mut env = Env::with_store();
    // A staff member's own child: the Group Head is involved (003 §11.2).
    let rec = raise(&env, &format!("{CHILD}special = [\"child-of-staff\"]\n"));
    assert_eq!(duty(&rec, "staff-child-group-head")["owner"], "designated-person");
    // A missing looked-after child: the police and the responsible children's social care at
    // once (003 §13.7).
    let rec = raise(
        &env,
        &format!(
            "{CHILD}special = [\"missing\"]\nmissing_now = \"yes\"\nmissing_before = \"no\"\nlooked_after = \"yes\"\n"
        ),
    );
    for k in ["police-report", "missing-csc-report"] {
        assert_eq!(status(&rec, k), "overdue", "{k} is not due at once: {}", duty(&rec, k));
    }
    let missing = id(&rec);
    let due = due_at(&mut env, crate::common::NOW, &missing);
    assert!(due.iter().any(|(k, _)| k == "missing-csc-report"), "{due:?}");
    log(&env, &missing, "csc-told-missing").ok();
    assert_eq!(status(&show(&env, &missing), "missing-csc-report"), "done");
    // Not looked after and not known: the police only.
    let rec = raise(
        &env,
        &format!(
            "{CHILD}special = [\"missing\"]\nmissing_now = \"yes\"\nmissing_before = \"no\"\nlooked_after = \"no\"\n"
        ),
    );
    assert!(!kinds(&rec).contains(&"missing-csc-report".to_owned()));
    // An adult woman with FGM: a check on daughters and female relatives under 18 (003 §17.21).
    let rec =
        raise(&env, &format!("{ADULT}adult_factors = [\"fgm\"]\ncapacity = \"yes\"\nconsent = \"yes\"\n"));
    assert!(kinds(&rec).contains(&"fgm-relatives-check".to_owned()));
    // A referral without consent tells the local authority so (003 §6.15), also on decision.
    let rec = raise(
        &env,
        &format!("{ADULT}capacity = \"yes\"\nconsent = \"no\"\noverriding_interest = [\"high-risk\"]\n"),
    );
    assert_eq!(rec["recommendation"], "adult-referral-without-consent");
    let no_consent = id(&rec);
    assert!(due_at(&mut env, LATER, &no_consent).iter().any(|(k, _)| k == "tell-la-no-consent"));
    decide(&env, &no_consent, "d2.toml", "outcome = \"adult-referral-without-consent\"\n").ok();
    log(&env, &no_consent, "la-told-no-consent").ok();
    assert_eq!(status(&show(&env, &no_consent), "tell-la-no-consent"), "done");
}

#[test]
fn an_adult_route_for_someone_under_18_is_re_routed_to_the_children_s_and_says_why() {
    let env = Env::with_store();
    let young = ADULT.replace("subject_age = 78", "subject_age = 16");
    // The adult questions alone do not do: the children's are needed, and the refusal says why.
    let err = refused(&env, "young.toml", &young);
    assert!(err.contains("primary_category") && err.contains("Re-routed"), "{err}");
    let rec = raise(&env, &format!("{young}primary_category = \"neglect\"\nsignificant_harm = \"yes\"\n"));
    assert_eq!(rec["about"], "child");
    assert_eq!(rec["recommendation"], "child-protection-referral");
    let k = kinds(&rec);
    for adult in ["countersign-adult", "dp-review-adult", "adult-referral"] {
        assert!(!k.contains(&adult.to_owned()), "saved with the adults' duty {adult}: {k:?}");
    }
    assert!(k.contains(&"countersign".to_owned()) && k.contains(&"dp-review".to_owned()), "{k:?}");
    let body = raised(&rec);
    assert!(body["rerouted"][0].as_str().unwrap().contains("18th birthday"), "{body}");
    // The transcript keeps the answer given and the change.
    let abouts: Vec<&Value> = body["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"] == "about")
        .map(|s| &s["answer"])
        .collect();
    assert_eq!(abouts, [&Value::from("adult"), &Value::from("child")]);
    // It says the age it went by (003 §1.10).
    assert!(body["rerouted"][0].as_str().unwrap().starts_with("The age given is 16, "), "{body}");
    let text = env.run(&["show", &id(&rec)]).ok().stdout;
    assert!(text.contains("Re-routed:"), "{text}");
    // Said once in the summary, under "Re-routed", not again under "What to do now" (the
    // answers below keep the change with its reason).
    let summary = text.split("\nTimeline").next().unwrap();
    assert_eq!(summary.matches("18th birthday").count(), 1, "{text}");
    assert!(!text.contains("{answer:"), "{text}");
    // A decision follows the children's options.
    decide(&env, &id(&rec), "d3.toml", "outcome = \"child-protection-referral\"\nparents = \"not-sought\"\nparents_reason = \"Risk of silencing.\"\n").ok();
}

#[test]
fn eighteen_or_over_on_the_child_route_is_historic_a_care_leaver_or_re_routed() {
    let env = Env::with_store();
    let grown = CHILD.replace("subject_age = 9", "subject_age = 19");
    let err = refused(&env, "grown.toml", &grown);
    assert!(err.contains("child_18_or_over"), "{err}");
    // An adult now: the adults' route and form.
    let rec = raise(
        &env,
        &format!(
            "{grown}child_18_or_over = \"adult\"\ncare_and_support_needs = \"yes\"\nabuse_or_neglect = \"yes\"\nunable_to_protect = \"yes\"\ncapacity = \"yes\"\nconsent = \"yes\"\n"
        ),
    );
    assert_eq!(rec["about"], "adult");
    assert_eq!(rec["recommendation"], "adult-referral");
    assert!(!kinds(&rec).contains(&"countersign".to_owned()), "{:?}", kinds(&rec));
    // Historic: the children's route, the historic tick carried (not asked again), the Group
    // Head told (003 §6.40-6.41).
    let rec = raise(&env, &format!("{grown}child_18_or_over = \"historic\"\n"));
    assert_eq!(rec["about"], "child");
    assert!(kinds(&rec).contains(&"notify-senior-historic".to_owned()));
    let special =
        raised(&rec)["transcript"].as_array().unwrap().iter().find(|s| s["id"] == "special").cloned();
    assert_eq!(special.unwrap()["answer"], serde_json::json!(["historic"]));
    // A care leaver: the allocated worker is consulted on the route (003 §6.9, §1.12).
    let rec = raise(&env, &format!("{grown}child_18_or_over = \"leaving-care\"\n"));
    assert!(kinds(&rec).contains(&"consult-allocated-worker".to_owned()));
    let rec = raise(
        &env,
        &format!("{ADULT}adult_factors = [\"leaving-care\"]\ncapacity = \"yes\"\nconsent = \"yes\"\n"),
    );
    assert!(kinds(&rec).contains(&"consult-allocated-worker".to_owned()));
    // An adult describing abuse in their own childhood, raised as an adult: a child concern now.
    let rec = raise(
        &env,
        &format!(
            "{ADULT}adult_categories = [\"historic-childhood\"]\nprimary_category = \"sexual\"\nsignificant_harm = \"yes\"\n"
        ),
    );
    assert_eq!(rec["about"], "child");
    assert!(kinds(&rec).contains(&"notify-senior-historic".to_owned()));
    assert!(!kinds(&rec).contains(&"countersign-adult".to_owned()));
}

#[test]
fn a_crime_among_the_adult_s_factors_is_a_reason_to_refer_without_consent() {
    let env = Env::with_store();
    // Ticked once among the factors; the overriding-interest question does not ask it again.
    let rec = raise(
        &env,
        &format!(
            "{ADULT}adult_factors = [\"crime\"]\ncapacity = \"yes\"\nconsent = \"no\"\noverriding_interest = []\n"
        ),
    );
    assert_eq!(
        rec["recommendation"], "adult-referral-without-consent",
        "003 §6.16: preventing crime overrides a refusal"
    );
    let step = raised(&rec)["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "overriding_interest")
        .cloned();
    assert_eq!(step.unwrap()["answer"], serde_json::json!(["crime"]));
    // Without the crime, the adult's wishes stand.
    let rec =
        raise(&env, &format!("{ADULT}capacity = \"yes\"\nconsent = \"no\"\noverriding_interest = []\n"));
    assert_eq!(rec["recommendation"], "no-referral-consent-respected");
    // Someone in danger now is a high risk to their safety.
    let rec = raise(
        &env,
        &format!(
            "{}capacity = \"yes\"\nconsent = \"no\"\n",
            ADULT.replace("immediate_risk = \"no\"", "immediate_risk = \"yes\"")
        ),
    );
    assert_eq!(rec["recommendation"], "adult-referral-without-consent");
}

#[test]
fn a_date_of_birth_gives_the_age_on_the_date_the_concern_was_noticed() {
    let env = Env::with_store();
    // 18 today (23 Nov 2026) but 17 when the concern was noticed (19 Nov): a child (003 §1.10).
    let child = CHILD
        .replace("subject_age = 9", "subject_age = \"2008-11-20\"")
        .replace("noticed_at = 2026-11-23T09:00:00Z", "noticed_at = 2026-11-19T09:00:00Z");
    let rec = raise(&env, &child);
    assert_eq!(rec["about"], "child");
    assert_eq!(rec["subject"]["age"], 17, "{}", rec["subject"]);
    let step =
        raised(&rec)["transcript"].as_array().unwrap().iter().find(|s| s["id"] == "subject_age").cloned();
    let step = step.unwrap();
    assert_eq!(step["given"], "2008-11-20");
    assert!(step["shown"].as_str().unwrap().contains("born 2008-11-20"), "{step}");
    // The same date of birth noticed today: 18, so the child route asks which case it is.
    let err = refused(&env, "dob18.toml", &CHILD.replace("subject_age = 9", "subject_age = \"2008-11-20\""));
    assert!(err.contains("child_18_or_over"), "{err}");
    // Raised as an adult with a date of birth that makes them 16: re-routed to the children's.
    let rec = raise(
        &env,
        &format!(
            "{}primary_category = \"neglect\"\nsignificant_harm = \"yes\"\n",
            ADULT.replace("subject_age = 78", "subject_age = \"2010-01-31\"")
        ),
    );
    assert_eq!(rec["about"], "child");
    assert_eq!(rec["subject"]["age"], 16);
    // A date that is not one, or after the concern, is refused naming the question.
    let err = refused(&env, "dobbad.toml", &CHILD.replace("subject_age = 9", "subject_age = \"31/01/2010\""));
    assert!(err.contains("subject_age") && err.contains("date of birth"), "{err}");
    let err =
        refused(&env, "dobfuture.toml", &CHILD.replace("subject_age = 9", "subject_age = \"2027-01-01\""));
    assert!(err.contains("subject_age") && err.contains("after the date of the concern"), "{err}");
}

#[test]
fn the_lado_is_told_even_when_the_police_know_and_the_allegation_s_later_duties_follow() {
    let mut env = Env::with_store();
    let rec = raise(
        &env,
        &STAFF_ADULT
            .replace("immediate_risk = \"no\"", "immediate_risk = \"yes\"")
            .replace("[\"harmed-adult\"]", "[\"harmed\"]"),
    );
    assert_eq!(rec["recommendation"], "lado-referral");
    let id = id(&rec);
    // The police and social care know at once; the LADO must still be told (003 §9.5).
    log(&env, &id, "police-and-social-care").ok();
    let rec = show(&env, &id);
    assert_eq!(status(&rec, "police-and-social-care"), "done");
    assert_ne!(status(&rec, "lado-referral"), "done");
    assert!(due_at(&mut env, LATER, &id).iter().any(|(k, _)| k == "lado-referral"));
    // The decision starts the interim-safety decision (003 §9.17).
    decide(
        &env,
        &id,
        "d4.toml",
        "outcome = \"lado-referral\"\ndecided_with = \"Group Head, MD, MD of HR\"\n",
    )
    .ok();
    assert_eq!(duty(&show(&env, &id), "interim-safety-decision")["owner"], "senior-managers");
    // Leaving does not end it: the DBS discussion follows (003 §9.26); the conclusion files
    // the record on the employee's file with a copy to them (003 §9.15).
    log(&env, &id, "staff-left").ok();
    log(&env, &id, "allegation-concluded").ok();
    let rec = show(&env, &id);
    assert_eq!(duty(&rec, "dbs-after-leaving")["owner"], "head-of-safeguarding");
    assert!(duty(&rec, "allegation-record-kept")["title"].as_str().unwrap().contains("10 years"));
    let due = due_at(&mut env, LATER, &id);
    assert!(due.iter().any(|(k, _)| k == "dbs-after-leaving"), "{due:?}");
    log(&env, &id, "dbs-discussed").ok();
    log(&env, &id, "allegation-record-filed").ok();
    let due = due_at(&mut env, LATER, &id);
    assert!(!due.iter().any(|(k, _)| k == "dbs-after-leaving" || k == "allegation-record-kept"), "{due:?}");
    // Filing the record is not giving the employee a copy (003 §9.15): that duty stays open.
    assert!(due.contains(&("allegation-copy-to-employee".into(), "md-hr".into())), "{due:?}");
    log(&env, &id, "employee-given-copy").ok();
    assert_eq!(status(&show(&env, &id), "allegation-copy-to-employee"), "done");
    // The numbers the seeds do not give are marked as the policy's own choice.
    let policy = env.run(&["policy", "show", "--json"]).ok().json();
    for kind in [
        "dbs-after-leaving",
        "allegation-record-kept",
        "allegation-copy-to-employee",
        "dbs-referral-after-leaving",
        "regulator-referral",
        "dbs-referral-adult",
    ] {
        let why = policy["duties"][kind]["local_choice"].as_str().unwrap_or_default();
        assert!(why.contains("seeds"), "{kind} is not marked as a local choice: {}", policy["duties"][kind]);
    }
}

#[test]
fn a_disagreement_about_a_child_at_imminent_risk_is_referred_at_once() {
    let mut env = Env::with_store();
    let id = id(&raise(&env, CHILD));
    log(&env, &id, "escalation-imminent-risk").ok();
    let rec = show(&env, &id);
    assert_eq!(status(&rec, "imminent-risk-referral"), "overdue", "{}", duty(&rec, "imminent-risk-referral"));
    assert!(due_at(&mut env, crate::common::NOW, &id).iter().any(|(k, _)| k == "imminent-risk-referral"));
    log(&env, &id, "imminent-risk-referred").ok();
    assert_eq!(status(&show(&env, &id), "imminent-risk-referral"), "done");
}

/// 003 §6.11 (DL-10): the adults' alert form is actioned, signed and dated on the day of the
/// activity: due by the end of that UK day, in summer time as in winter.
#[test]
fn the_adults_alert_form_is_signed_on_the_day_of_each_action() {
    let mut env = Env::with_store();
    // Mon 23 Nov 2026 10:00 GMT: due by 23:59:59 GMT that day.
    let rec = raise(&env, &format!("{ADULT}capacity = \"yes\"\nconsent = \"yes\"\n"));
    assert_eq!(duty(&rec, "adult-form-signed")["due"], "2026-11-23T23:59:59Z");
    assert_eq!(duty(&rec, "adult-form-signed")["owner"], "reporter");
    // Wed 1 Jul 2026 22:30 BST (21:30 UTC): the UK day ends at 22:59:59 UTC.
    env.set("SAFEGUARD_NOW", "2026-07-01T21:30:00Z");
    let summer = raise(
        &env,
        &ADULT.replace("2026-11-23T09:00:00Z", "2026-07-01T21:00:00Z").replace(
            "unable_to_protect = \"yes\"\n",
            "unable_to_protect = \"yes\"\ncapacity = \"yes\"\nconsent = \"yes\"\n",
        ),
    );
    assert_eq!(duty(&summer, "adult-form-signed")["due"], "2026-07-01T22:59:59Z");
    // Decided at 00:30 BST the next morning (23:30 UTC): the decision's entry is due by the end
    // of Thursday 2 July in the UK, not of Wednesday.
    let sid = id(&summer);
    env.set("SAFEGUARD_NOW", "2026-07-01T23:30:00Z");
    decide(&env, &sid, "same-day.toml", "outcome = \"adult-referral\"\n").ok();
    let after = env.run(&["show", &sid, "--json"]).ok().json();
    let signed = duty(&after, "adult-form-decision-signed");
    assert_eq!(signed["due"], "2026-07-02T22:59:59Z", "{signed}");
    assert_eq!(signed["owner"], "designated-person");
    // Listed as overdue the next day, until the form is signed; the event settles both.
    assert!(
        due_at(&mut env, "2026-07-03T08:00:00Z", &sid)
            .contains(&("adult-form-decision-signed".into(), "designated-person".into()))
    );
    env.set("SAFEGUARD_NOW", "2026-07-02T09:00:00Z");
    log(&env, &sid, "adult-form-signed").ok();
    let after = env.run(&["show", &sid, "--json"]).ok().json();
    assert_eq!(status(&after, "adult-form-signed"), "done");
    assert_eq!(status(&after, "adult-form-decision-signed"), "done");
}

// Where an adult's abuse may be a crime, the police lead with adult social care (003 §1.12,
// Tree C C7): they are in who to tell, and telling them is a duty that `log police-reported`
// settles. Without a crime they are neither.
#[test]
fn an_adult_crime_tells_the_police_as_a_duty() {
    let env = Env::with_store();
    let rec =
        raise(&env, &format!("{ADULT}adult_factors = [\"crime\"]\ncapacity = \"yes\"\nconsent = \"no\"\n"));
    assert_eq!(rec["recommendation"], "adult-referral-without-consent");
    let tell = strings(&raised(&rec)["tell"]);
    assert!(tell.contains(&"police".into()) && tell.contains(&"local-authority".into()), "{tell:?}");
    let d = duty(&rec, "adult-crime-police");
    assert_eq!(d["owner"], "designated-person");
    assert!(d["rules"].to_string().contains("§1.12"), "{d}");
    // The frontline guidance carries no paragraph number.
    let g = strings(&rec["guidance"]);
    let crime = g.iter().find(|x| x.contains("the police lead")).unwrap_or_else(|| panic!("{g:?}"));
    assert!(!crime.contains('§'), "{crime}");
    let crime_id = id(&rec);
    assert_eq!(strings(&show(&env, &crime_id)["timeline"][0]["body"]["tell"]), tell);
    log(&env, &crime_id, "police-reported").ok();
    assert_eq!(status(&show(&env, &crime_id), "adult-crime-police"), "done");

    let rec = raise(&env, &format!("{ADULT}capacity = \"yes\"\nconsent = \"yes\"\n"));
    assert!(!strings(&raised(&rec)["tell"]).contains(&"police".into()));
    assert!(!kinds(&rec).contains(&"adult-crime-police".to_owned()));
}

// A child missing now is reported to the police (003 §13.7): they are in who to tell, as are
// children's social care for a looked-after child. A child at risk of running away is not
// reported to the police.
#[test]
fn a_missing_child_tells_the_police() {
    let env = Env::with_store();
    let missing = |now: &str, looked_after: &str| {
        raise(
            &env,
            &format!(
                "{CHILD}special = [\"missing\"]\nmissing_now = \"{now}\"\nmissing_before = \"no\"\nlooked_after = \"{looked_after}\"\n"
            ),
        )
    };
    let rec = missing("yes", "yes");
    let tell = strings(&raised(&rec)["tell"]);
    assert!(tell.contains(&"police".into()) && tell.contains(&"local-authority".into()), "{tell:?}");
    assert_eq!(strings(&show(&env, &id(&rec))["timeline"][0]["body"]["tell"]), tell);
    let rec = missing("yes", "no");
    assert!(strings(&raised(&rec)["tell"]).contains(&"police".into()));
    assert!(kinds(&rec).contains(&"police-report".to_owned()));
    let rec = missing("no", "no");
    assert!(!strings(&raised(&rec)["tell"]).contains(&"police".into()));
}

// Who to tell words the local authority by the kind of concern: a child's goes to children's
// social care, an adult's to adult social care, never "children's or adult social care".
#[test]
fn who_to_tell_words_social_care_by_the_kind_of_concern() {
    let env = Env::with_store();
    let who = |rec: &Value| {
        let shown = env.run(&["show", &id(rec)]).ok().stdout;
        let at = shown.find("Who to tell:").unwrap_or_else(|| panic!("{shown}"));
        shown[at..].split("\n\n").next().unwrap().to_owned()
    };
    let child = who(&raise(&env, CHILD));
    assert!(child.contains("the local authority's children's social care"), "{child}");
    assert!(!child.contains("adult social care"), "{child}");
    let adult = who(&raise(&env, &format!("{ADULT}capacity = \"yes\"\nconsent = \"yes\"\n")));
    assert!(adult.contains("the local authority's adult social care"), "{adult}");
    assert!(!adult.contains("children's"), "{adult}");
}

// A policy's words for a role, and the roles a node adds to who to tell, must name its roles.
#[test]
fn role_words_and_tell_must_name_roles() {
    let env = Env::new();
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let overlay = env.path("local.toml");
    std::fs::write(
        &overlay,
        format!(
            "extends = \"safeguard-default\"\nextends_version = \"{v}\"\nid = \"l\"\nversion = \"1\"\ntitle = \"l\"\n\
             [role_words.adult]\nnobody = \"the nobody\"\n[role_words.pets]\npolice = \"the police\"\n"
        ),
    )
    .unwrap();
    let e = env.run(&["policy", "check", overlay.to_str().unwrap()]).code(2).stderr;
    assert!(e.contains("role_words \"adult\": \"nobody\" is not a role"), "{e}");
    assert!(e.contains("role_words \"pets\": not a kind of concern"), "{e}");
}

/// The answer the interview recorded for `question` in `show --json`, with its prompt.
fn step<'a>(rec: &'a Value, question: &str) -> &'a Value {
    rec["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == question)
        .unwrap_or_else(|| panic!("no answer to {question} in {}", rec["transcript"]))
}

/// 003 §1.18, §6.38-6.39 (DL-45): a child referral needed out of office hours goes to the
/// local authority's emergency duty team without delay, and the on-call manager is told, both
/// at once and neither behind a working day. Out of hours is not asked: the time of raising
/// against the policy's office hours answers it. In office hours neither duty starts.
#[test]
fn a_referral_needed_out_of_hours_goes_to_the_emergency_duty_team_at_once() {
    const SATURDAY_NIGHT: &str = "2026-11-28T21:00:00Z";
    let mut env = Env::with_store();
    env.set("SAFEGUARD_NOW", SATURDAY_NIGHT);
    let rec = raise(&env, &CHILD.replace("2026-11-23T09:00:00Z", "2026-11-28T20:30:00Z"));
    assert_eq!(rec["recommendation"], "child-protection-referral");
    let cid = id(&rec);
    let tell = strings(&raised(&rec)["tell"]);
    assert!(
        tell.contains(&"edt".to_owned()) && tell.contains(&"out-of-hours-manager".to_owned()),
        "{tell:?}"
    );
    let rec = show(&env, &cid);
    let given = step(&rec, "out_of_hours");
    assert_eq!(given["answer"], "yes");
    assert!(given["prompt"].as_str().unwrap().starts_with("Given by the time"), "{given}");
    for kind in ["edt-referral", "tell-ooh-manager"] {
        let d = duty(&rec, kind);
        assert_eq!((d["owner"].as_str(), d["due"].as_str()), (Some("reporter"), Some(SATURDAY_NIGHT)), "{d}");
        assert_eq!(d["rules"][0]["within"], "immediately", "{d}");
    }
    let due = due_at(&mut env, SATURDAY_NIGHT, &cid);
    assert!(due.contains(&("edt-referral".into(), "reporter".into())), "{due:?}");
    assert!(due.contains(&("tell-ooh-manager".into(), "reporter".into())), "{due:?}");
    // Logging the emergency duty team's referral settles it, and starts the written referral
    // the phone referral does.
    env.set("SAFEGUARD_NOW", SATURDAY_NIGHT);
    log(&env, &cid, "edt-referred").ok();
    log(&env, &cid, "ooh-manager-told").ok();
    let rec = show(&env, &cid);
    assert_eq!((status(&rec, "edt-referral"), status(&rec, "tell-ooh-manager")), ("done", "done"));
    assert!(kinds(&rec).contains(&"written-referral".to_owned()), "{:?}", kinds(&rec));

    // Immediate risk out of hours: the designated person's urgent referral is settled by the
    // emergency duty team's too.
    let urgent = raise(&env, &CHILD.replace("immediate_risk = \"no\"", "immediate_risk = \"yes\""));
    assert_eq!(urgent["recommendation"], "urgent-referral");
    let uid = id(&urgent);
    assert_eq!(status(&show(&env, &uid), "edt-referral"), "overdue");
    log(&env, &uid, "edt-referred").ok();
    let u = show(&env, &uid);
    assert_eq!((status(&u, "edt-referral"), status(&u, "phone-referral")), ("done", "done"));

    // A working day's evening is out of hours; its afternoon is not (Mon 23 Nov, GMT).
    for (now, out) in
        [("2026-11-23T17:00:00Z", "yes"), ("2026-11-23T16:59:00Z", "no"), (crate::common::NOW, "no")]
    {
        env.set("SAFEGUARD_NOW", now);
        let rec = raise(&env, CHILD);
        let rec = show(&env, &id(&rec));
        assert_eq!(step(&rec, "out_of_hours")["answer"], out, "at {now}");
        assert_eq!(
            kinds(&rec).contains(&"edt-referral".to_owned()),
            out == "yes",
            "at {now}: {:?}",
            kinds(&rec)
        );
        assert_eq!(strings(&raised(&rec)["tell"]).contains(&"edt".to_owned()), out == "yes", "at {now}");
    }
    // A bank holiday is out of hours all day (Christmas Day, a Friday, at noon).
    env.set("SAFEGUARD_NOW", "2026-12-25T12:00:00Z");
    let rec = show(&env, &id(&raise(&env, CHILD)));
    assert_eq!(step(&rec, "out_of_hours")["answer"], "yes");
    // No referral needed (keep under review): nothing for the emergency duty team.
    env.set("SAFEGUARD_NOW", SATURDAY_NIGHT);
    let rec = raise(
        &env,
        &CHILD.replace("significant_harm = \"yes\"", "significant_harm = \"no\"\nother_agencies = \"no\""),
    );
    assert_eq!(rec["recommendation"], "keep-under-review");
    assert!(!kinds(&rec).contains(&"edt-referral".to_owned()), "{:?}", kinds(&rec));
}

/// 003 §9.17: removing the person from contact and from access to service-user records is
/// decided as soon as an allegation is raised, on both staff routes, not only once the
/// designated person decides. §9.26 (Tree D, D12): after the person leaves, the DBS referral
/// the LADO advises and the regulator the LADO advises telling are duties of the Head of
/// Safeguarding, each on the morning screen until it is done.
#[test]
fn a_staff_allegation_s_interim_safety_and_the_dbs_and_regulator_referrals_are_duties() {
    let mut env = Env::with_store();
    for criteria in ["[\"harmed\"]", "[\"harmed-adult\"]"] {
        let rec = raise(&env, &STAFF_ADULT.replace("[\"harmed-adult\"]", criteria));
        let d = duty(&rec, "interim-safety-decision");
        assert_eq!(d["owner"], "senior-managers", "{criteria}: {d}");
        assert_eq!(d["rules"][0]["from"], "the concern was raised", "{criteria}: {d}");
        let due = due_at(&mut env, LATER, &id(&rec));
        assert!(due.iter().any(|(k, _)| k == "interim-safety-decision"), "{criteria}: {due:?}");
    }
    let rec = raise(&env, &STAFF_ADULT.replace("[\"harmed-adult\"]", "[\"harmed\"]"));
    let id = id(&rec);
    log(&env, &id, "interim-safety-decided").ok();
    log(&env, &id, "staff-left").ok();
    log(&env, &id, "dbs-referral-advised").ok();
    log(&env, &id, "regulator-advised").ok();
    let rec = show(&env, &id);
    assert_eq!(status(&rec, "interim-safety-decision"), "done");
    let due = due_at(&mut env, LATER, &id);
    for kind in ["dbs-referral-after-leaving", "regulator-referral"] {
        assert_eq!(duty(&rec, kind)["owner"], "head-of-safeguarding");
        assert!(due.contains(&(kind.into(), "head-of-safeguarding".into())), "{kind}: {due:?}");
    }
    log(&env, &id, "dbs-referred").ok();
    log(&env, &id, "regulator-told").ok();
    let rec = show(&env, &id);
    assert_eq!(
        (status(&rec, "dbs-referral-after-leaving"), status(&rec, "regulator-referral")),
        ("done", "done")
    );
}

/// Seed 002 (the NHS safeguarding alert, L21; DOMAIN.md Tree G21, N3), modelled where its
/// organisation is: the example NHS overlay. A child referral decided under it makes the
/// designated professional make sure CP-IS alerts health partners, a duty on the morning
/// screen until logged; under the default (seed 003's organisation) there is no such duty.
#[test]
fn under_the_nhs_policy_a_child_referral_makes_sure_cp_is_alerts_health_partners() {
    let mut env = Env::with_store();
    let decision = "outcome = \"child-protection-referral\"\n";
    let plain = id(&raise(&env, CHILD));
    decide(&env, &plain, "d-default.toml", decision).ok();
    assert!(!kinds(&show(&env, &plain)).contains(&"cp-is-alert".to_owned()));

    let nhs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nhs-policy.toml");
    let cfg = env.path("config-nhs.toml");
    std::fs::write(&cfg, format!("policy = {:?}\n", nhs.to_str().unwrap())).unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    for (about, answers) in
        [("child", CHILD.to_owned()), ("unborn", CHILD.replace("about = \"child\"", "about = \"unborn\""))]
    {
        let rec = raise(&env, &answers);
        assert_eq!(rec["recommendation"], "child-protection-referral", "{about}");
        let cid = id(&rec);
        decide(&env, &cid, &format!("d-{about}.toml"), decision).ok();
        let rec = show(&env, &cid);
        assert_eq!(duty(&rec, "cp-is-alert")["owner"], "nhs-designated-professional", "{about}");
        let due = due_at(&mut env, LATER, &cid);
        assert!(
            due.contains(&("cp-is-alert".into(), "nhs-designated-professional".into())),
            "{about}: {due:?}"
        );
        log(&env, &cid, "cp-is-used").ok();
        assert_eq!(status(&show(&env, &cid), "cp-is-alert"), "done", "{about}");
    }
}

/// Seed 001's ladder (DOMAIN.md Tree G19) for a concern about a decision or someone's
/// behaviour: five steps logged on the concern; step 3's discussion is written down with a
/// plan (a duty). Where the person is believed to pose a risk to a child the ladder is skipped:
/// a senior manager and/or the police are told at once, and a staff concern is raised (001
/// Step 1; 003 §9.3), which settles its duty.
#[test]
fn the_concern_ladder_has_five_steps_and_a_risk_to_a_child_skips_it() {
    let mut env = Env::with_store();
    let cid = id(&raise(&env, CHILD));
    let err = env.run(&["log", &cid, "concern-ladder", "--stage", "6"]).code(2).stderr;
    assert!(err.contains("whistleblowing"), "{err}");
    env.run(&["log", &cid, "concern-ladder", "--stage", "2"]).ok();
    assert!(!kinds(&show(&env, &cid)).contains(&"ladder-written-plan".to_owned()));
    env.run(&["log", &cid, "concern-ladder", "--stage", "3"]).ok();
    let rec = show(&env, &cid);
    assert_eq!(duty(&rec, "ladder-written-plan")["owner"], "reporter");
    assert!(due_at(&mut env, LATER, &cid).iter().any(|(k, _)| k == "ladder-written-plan"));
    log(&env, &cid, "ladder-plan-written").ok();
    assert_eq!(status(&show(&env, &cid), "ladder-written-plan"), "done");

    // The bypass: at once, not a step at a time.
    log(&env, &cid, "ladder-risk-to-child").ok();
    let rec = show(&env, &cid);
    assert_eq!(status(&rec, "ladder-senior-manager-or-police"), "overdue");
    assert_eq!(duty(&rec, "ladder-senior-manager-or-police")["rules"][0]["within"], "immediately");
    assert_eq!(duty(&rec, "raise-staff-concern")["owner"], "reporter");
    let due = due_at(&mut env, crate::common::NOW, &cid);
    assert!(due.iter().any(|(k, _)| k == "ladder-senior-manager-or-police"), "{due:?}");
    log(&env, &cid, "ladder-senior-manager-told").ok();
    raise(
        &env,
        &format!("linked_to = \"{cid}\"\n{}", STAFF_ADULT.replace("[\"harmed-adult\"]", "[\"risk\"]")),
    );
    let rec = show(&env, &cid);
    assert_eq!(
        (status(&rec, "ladder-senior-manager-or-police"), status(&rec, "raise-staff-concern")),
        ("done", "done")
    );
}

/// 003 §1.18 (children AND adults at risk are safeguarded out of hours), §6.38-6.39, §6.10,
/// §9.4 (DL-42, DL-45; DOMAIN.md §7 item 6): out of hours, an adult referral goes through the
/// local authority's out-of-hours service at once with the on-call manager told; an allegation
/// with someone in danger now goes to the on-call manager, who stands in for the senior
/// managers; a child referral reached by a floor rather than the referral path (trafficking)
/// goes to the emergency duty team too; and the designated person's decision does not wait
/// for a working day. In office hours none of these starts.
#[test]
fn out_of_hours_adults_allegations_and_lifted_child_referrals_go_to_the_on_call_manager_at_once() {
    const SATURDAY_NIGHT: &str = "2026-11-28T21:00:00Z";
    let mut env = Env::with_store();
    env.set("SAFEGUARD_NOW", SATURDAY_NIGHT);
    let noticed = |t: &str| t.replace("2026-11-23T09:00:00Z", "2026-11-28T20:30:00Z");
    let agrees = format!("{}capacity = \"yes\"\nconsent = \"yes\"\n", noticed(ADULT));

    // An adult at risk who agrees to a referral.
    let rec = raise(&env, &agrees);
    assert_eq!(rec["recommendation"], "adult-referral");
    let aid = id(&rec);
    let rec = show(&env, &aid);
    assert_eq!(step(&rec, "out_of_hours")["answer"], "yes");
    let tell = strings(&raised(&rec)["tell"]);
    assert!(
        tell.contains(&"edt".to_owned()) && tell.contains(&"out-of-hours-manager".to_owned()),
        "{tell:?}"
    );
    for (kind, owner) in [
        ("tell-ooh-manager", "reporter"),
        ("edt-referral-adult", "reporter"),
        ("dp-decision", "designated-person"),
    ] {
        let d = duty(&rec, kind);
        assert_eq!((d["owner"].as_str(), d["due"].as_str()), (Some(owner), Some(SATURDAY_NIGHT)), "{d}");
    }
    let due = due_at(&mut env, SATURDAY_NIGHT, &aid);
    assert!(due.contains(&("edt-referral-adult".into(), "reporter".into())), "{due:?}");
    env.set("SAFEGUARD_NOW", SATURDAY_NIGHT);
    log(&env, &aid, "edt-referred-adult").ok();
    let rec = show(&env, &aid);
    assert_eq!((status(&rec, "edt-referral-adult"), status(&rec, "adult-referral")), ("done", "done"));
    // The children's written-referral chain does not follow an adult's referral.
    assert!(!kinds(&rec).contains(&"written-referral".to_owned()), "{:?}", kinds(&rec));

    // Without consent but with an overriding reason, the on-call manager agrees it.
    let rec = raise(
        &env,
        &format!(
            "{}capacity = \"yes\"\nconsent = \"no\"\noverriding_interest = [\"crime\"]\n",
            noticed(ADULT)
        ),
    );
    assert_eq!(rec["recommendation"], "adult-referral-without-consent");
    assert!(kinds(&rec).contains(&"edt-referral-adult".to_owned()), "{:?}", kinds(&rec));
    // A capacitous refusal with no overriding reason: nobody outside is told tonight.
    let rec = raise(
        &env,
        &format!("{}capacity = \"yes\"\nconsent = \"no\"\noverriding_interest = []\n", noticed(ADULT)),
    );
    assert_eq!(rec["recommendation"], "no-referral-consent-respected");
    for k in ["edt-referral-adult", "tell-ooh-manager"] {
        assert!(!kinds(&rec).contains(&k.to_owned()), "{k}: {:?}", kinds(&rec));
    }

    // An allegation with a child in danger now: the on-call manager stands in for the senior
    // managers, at once.
    let staff = "immediate_risk = \"yes\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
        subject_position = \"colleague\"\ndescription = \"I saw T. Green hit a child in the garden.\"\n\
        noticed_at = 2026-11-28T20:30:00Z\nstaff_criteria = [\"harmed\"]\n";
    let rec = raise(&env, staff);
    let sid = id(&rec);
    let d = duty(&rec, "ooh-allegation-referral");
    assert_eq!(
        (d["owner"].as_str(), d["due"].as_str()),
        (Some("out-of-hours-manager"), Some(SATURDAY_NIGHT))
    );
    assert_eq!(duty(&rec, "tell-ooh-manager")["due"], SATURDAY_NIGHT);
    assert!(strings(&raised(&rec)["tell"]).contains(&"out-of-hours-manager".to_owned()));
    let due = due_at(&mut env, SATURDAY_NIGHT, &sid);
    assert!(due.contains(&("ooh-allegation-referral".into(), "out-of-hours-manager".into())), "{due:?}");
    env.set("SAFEGUARD_NOW", SATURDAY_NIGHT);
    log(&env, &sid, "ooh-allegation-referred").ok();
    let rec = show(&env, &sid);
    assert_eq!(
        (status(&rec, "ooh-allegation-referral"), status(&rec, "police-and-social-care")),
        ("done", "done")
    );

    // A child referral that a floor gives (possible trafficking on the "keep under review"
    // path) goes to the emergency duty team as the referral path's does, and the decision is due now.
    let lifted = format!(
        "{}special = [\"trafficking\"]\n",
        noticed(CHILD)
            .replace("significant_harm = \"yes\"", "significant_harm = \"no\"\nother_agencies = \"no\"")
    );
    let rec = raise(&env, &lifted);
    assert_eq!(rec["recommendation"], "child-protection-referral");
    for kind in ["edt-referral", "tell-ooh-manager", "dp-decision"] {
        assert_eq!(duty(&rec, kind)["due"], SATURDAY_NIGHT, "{kind}");
    }

    // In office hours (Monday 10:00): none of it, and the decision keeps its working day.
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    let rec = raise(&env, &agrees.replace("2026-11-28T20:30:00Z", "2026-11-23T09:00:00Z"));
    assert_eq!(step(&show(&env, &id(&rec)), "out_of_hours")["answer"], "no");
    for k in ["edt-referral-adult", "tell-ooh-manager"] {
        assert!(!kinds(&rec).contains(&k.to_owned()), "{k}: {:?}", kinds(&rec));
    }
    assert_eq!(duty(&rec, "dp-decision")["due"], "2026-11-24T10:00:00Z");
    let rec = raise(&env, &staff.replace("2026-11-28T20:30:00Z", "2026-11-23T09:00:00Z"));
    assert!(!kinds(&rec).contains(&"ooh-allegation-referral".to_owned()), "{:?}", kinds(&rec));
}

/// 004 Purpose ¶4 (flowchart: trends): smaller problems that keep happening with one provider
/// can amount to abuse. Every earlier concern about it is said at triage; two or more within
/// a year (a local choice, which `policy show` says) start the designated person's look at them
/// together, on the morning screen until it is logged. One raised over a year before does not
/// count, and nor does another provider's.
#[test]
fn repeated_concerns_about_one_provider_are_a_pattern_the_designated_person_looks_at() {
    let mut env = Env::with_store();
    let base = "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"Oakview Care Home\"\n\
        description = \"Residents left in wet beds until midday.\"\nabuse_suspected = \"no\"\n";
    let at = |env: &mut Env, now: &str, text: &str| -> Value {
        env.set("SAFEGUARD_NOW", now);
        raise(env, &format!("{text}noticed_at = {now}\n"))
    };
    // Over a year before: said, but not counted.
    let old = at(&mut env, "2025-10-01T10:00:00Z", base);
    let first = at(&mut env, "2026-11-02T10:00:00Z", base);
    assert!(first["guidance"].to_string().contains(&id(&old)), "{}", first["guidance"]);
    assert!(!kinds(&first).contains(&"provider-pattern-review".to_owned()), "{:?}", kinds(&first));
    let elm = at(&mut env, "2026-11-09T10:00:00Z", &base.replace("Oakview", "Elmtree"));
    assert!(!kinds(&elm).contains(&"provider-pattern-review".to_owned()));
    let second = at(&mut env, "2026-11-16T10:00:00Z", base);
    assert!(!kinds(&second).contains(&"provider-pattern-review".to_owned()), "one earlier in the year");
    // The third in the year: two earlier make a pattern.
    let third = at(&mut env, crate::common::NOW, &base.replace("Oakview Care Home", "oakview care home"));
    let said = third["guidance"].to_string();
    for earlier in [&old, &first, &second] {
        assert!(said.contains(&id(earlier)), "{said}");
    }
    assert!(!said.contains(&id(&elm)), "{said}");
    assert!(!said.contains('§') && !said.contains('¶'), "frontline words cite no paragraph: {said}");
    let d = duty(&third, "provider-pattern-review");
    assert_eq!(
        (d["owner"].as_str(), d["due"].as_str()),
        (Some("designated-person"), Some("2026-11-24T10:00:00Z"))
    );
    let tid = id(&third);
    let due = due_at(&mut env, LATER, &tid);
    assert!(due.contains(&("provider-pattern-review".into(), "designated-person".into())), "{due:?}");
    env.run(&[
        "log",
        &tid,
        "provider-pattern-reviewed",
        "--note",
        "Not abuse yet; monitoring visit asked for.",
    ])
    .ok();
    assert_eq!(status(&show(&env, &tid), "provider-pattern-review"), "done");
    // A local choice, and `policy show` says so.
    let text = env.run(&["policy", "show"]).ok().stdout;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Provider pattern: 2 or more earlier concerns about the same provider within 365 days")
            && flat.contains("local choice (the seeds leave this open): The seeds say that smaller problems"),
        "{text}"
    );
}

/// 003 §1.18, §6.38-6.39 (DL-45): the decided outcome's `also` applies at `decide` as it does
/// at raising. A concern raised on a Saturday night as "keep under review" and decided a child
/// protection referral that night goes to the emergency duty team at once, counted from the
/// decision and by the designated person, who has it in hand then, with the on-call manager
/// told and both added to who must be told; the decision
/// does not start its own duty again. Decided on Monday morning, in office hours, it goes the
/// usual way. An adult's refusal overridden at night goes to the adults' out-of-hours service.
#[test]
fn a_referral_the_designated_person_decides_out_of_hours_goes_to_the_emergency_duty_team_at_once() {
    const SATURDAY_NIGHT: &str = "2026-11-28T21:00:00Z";
    const DECIDED: &str = "2026-11-28T22:00:00Z";
    const MONDAY: &str = "2026-11-30T10:00:00Z";
    let mut env = Env::with_store();
    env.set("SAFEGUARD_NOW", SATURDAY_NIGHT);
    let review = CHILD
        .replace("2026-11-23T09:00:00Z", "2026-11-28T20:30:00Z")
        .replace("significant_harm = \"yes\"", "significant_harm = \"no\"\nother_agencies = \"no\"");
    let refer = "outcome = \"child-protection-referral\"\nreason = \"A second bruise seen tonight.\"\n";
    let tonight = id(&raise(&env, &review));
    let monday = id(&raise(&env, &review));
    for cid in [&tonight, &monday] {
        let rec = show(&env, cid);
        assert_eq!(rec["recommendation"], "keep-under-review");
        assert!(!kinds(&rec).contains(&"edt-referral".to_owned()), "{:?}", kinds(&rec));
    }

    env.set("SAFEGUARD_NOW", DECIDED);
    let run = decide(&env, &tonight, "d-night.toml", refer).ok();
    assert!(run.stderr.contains("started: edt-referral-decided"), "{}", run.stderr);
    let rec = show(&env, &tonight);
    assert_eq!(rec["outcome"], "child-protection-referral");
    // The designated person, who has it in hand now, owns them.
    for kind in ["edt-referral-decided", "tell-ooh-manager-decided"] {
        let d = duty(&rec, kind);
        assert_eq!((d["due"].as_str(), d["status"].as_str()), (Some(DECIDED), Some("overdue")), "{d}");
        assert_eq!(d["owner"], "designated-person", "{d}");
        assert_eq!(d["rules"][0]["within"], "immediately", "{d}");
    }
    let decision = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "decision").unwrap();
    assert_eq!(strings(&decision["body"]["tell"]), ["out-of-hours-manager", "edt"], "{decision}");
    // The decision settled its own duty and did not start another.
    let decisions: Vec<&Value> =
        rec["duties"].as_array().unwrap().iter().filter(|d| d["kind"] == "dp-decision").collect();
    assert!(decisions.iter().all(|d| d["status"] == "done"), "{decisions:?}");
    let due = due_at(&mut env, DECIDED, &tonight);
    assert!(due.contains(&("edt-referral-decided".into(), "designated-person".into())), "{due:?}");
    env.set("SAFEGUARD_NOW", DECIDED);
    log(&env, &tonight, "edt-referred").ok();
    let rec = show(&env, &tonight);
    assert_eq!((status(&rec, "edt-referral-decided"), status(&rec, "phone-referral")), ("done", "done"));
    log(&env, &tonight, "ooh-manager-told").ok();
    assert_eq!(status(&show(&env, &tonight), "tell-ooh-manager-decided"), "done");

    // On Monday morning the office is open: the usual phone referral, nothing out of hours.
    env.set("SAFEGUARD_NOW", MONDAY);
    decide(&env, &monday, "d-monday.toml", refer).ok();
    let rec = show(&env, &monday);
    for kind in ["edt-referral", "tell-ooh-manager", "edt-referral-decided", "tell-ooh-manager-decided"] {
        assert!(!kinds(&rec).contains(&kind.to_owned()), "{kind}: {:?}", kinds(&rec));
    }
    assert!(kinds(&rec).contains(&"phone-referral".to_owned()), "{:?}", kinds(&rec));
    let decision = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "decision").unwrap();
    assert!(decision["body"].get("tell").is_none(), "{decision}");

    // An adult who refused, raised in office hours, referred without consent that night.
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    let refused =
        raise(&env, &format!("{ADULT}capacity = \"yes\"\nconsent = \"no\"\noverriding_interest = []\n"));
    assert_eq!(refused["recommendation"], "no-referral-consent-respected");
    let aid = id(&refused);
    env.set("SAFEGUARD_NOW", DECIDED);
    decide(
        &env,
        &aid,
        "d-adult.toml",
        "outcome = \"adult-referral-without-consent\"\nreason = \"Her grandchildren visit the house.\"\n",
    )
    .ok();
    let rec = show(&env, &aid);
    assert_eq!(duty(&rec, "edt-referral-adult-decided")["due"], DECIDED);
    assert!(
        due_at(&mut env, DECIDED, &aid)
            .contains(&("edt-referral-adult-decided".into(), "designated-person".into()))
    );
    env.set("SAFEGUARD_NOW", DECIDED);
    log(&env, &aid, "edt-referred-adult").ok();
    let rec = show(&env, &aid);
    assert_eq!(
        (status(&rec, "edt-referral-adult-decided"), status(&rec, "adult-referral")),
        ("done", "done")
    );
    let text = env.run(&["show", &aid]).ok().stdout;
    assert!(text.contains("also tell:") && text.contains("[edt]"), "{text}");

    // An allegation with a child in danger now, raised in office hours and decided that night:
    // the on-call manager stands in for the senior managers, from the decision (003 §9.4).
    env.set("SAFEGUARD_NOW", crate::common::NOW);
    let staff = "immediate_risk = \"yes\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
        subject_position = \"colleague\"\ndescription = \"I saw T. Green hit a child in the garden.\"\n\
        noticed_at = 2026-11-23T09:00:00Z\nstaff_criteria = [\"harmed\"]\n";
    let rec = raise(&env, staff);
    assert!(!kinds(&rec).contains(&"ooh-allegation-referral".to_owned()), "{:?}", kinds(&rec));
    let sid = id(&rec);
    env.set("SAFEGUARD_NOW", DECIDED);
    decide(
        &env,
        &sid,
        "d-staff.toml",
        "outcome = \"lado-referral\"\ndecided_with = \"Group Head, service MD, MD of HR\"\n",
    )
    .ok();
    let d = duty(&show(&env, &sid), "ooh-allegation-referral").clone();
    assert_eq!(
        (d["owner"].as_str(), d["due"].as_str()),
        (Some("out-of-hours-manager"), Some(DECIDED)),
        "{d}"
    );
}

/// PRODUCT.md: each logged event satisfies its duty. An adult's referral phoned to adult social
/// care is the referral (003 §6.9-6.10; DOMAIN.md Tree C, C7): `log ID phone-referral` settles
/// it, without the children's written follow-up (003 §6.33), and the decision names the events.
#[test]
fn a_phoned_adult_referral_settles_the_referral_duty() {
    let env = Env::with_store();
    let rec = raise(
        &env,
        &format!("{ADULT}capacity = \"doubt\"\nconsent = \"no\"\noverriding_interest = [\"high-risk\"]\n"),
    );
    assert_eq!(rec["recommendation"], "adult-referral-without-consent");
    let adult = id(&rec);
    let decided = decide(&env, &adult, "d.toml", "outcome = \"adult-referral-without-consent\"\n").ok();
    let said = format!("{}{}", decided.stdout, decided.stderr);
    for event in ["log ID phone-referral", "log ID la-told-no-consent"] {
        assert!(said.contains(event), "{event:?} not named:\n{said}");
    }
    let logged = env.run(&["log", &adult, "phone-referral", "--at", "today 10:00"]).ok();
    assert!(!logged.stderr.contains("no open duty was waiting"), "{}", logged.stderr);
    let shown = show(&env, &adult);
    assert_eq!(status(&shown, "adult-referral"), "done");
    assert!(!kinds(&shown).contains(&"written-referral".to_owned()), "a child's follow-up on an adult's");
    log(&env, &adult, "la-told-no-consent").ok();
    assert_eq!(status(&show(&env, &adult), "tell-la-no-consent"), "done");
    // A child's phoned referral still starts the written follow-up.
    let child = id(&raise(&env, CHILD));
    decide(&env, &child, "c.toml", "outcome = \"child-protection-referral\"\n").ok();
    log(&env, &child, "phone-referral").ok();
    assert!(kinds(&show(&env, &child)).contains(&"written-referral".to_owned()));
}

//! Routes as data (issue 12; DOMAIN.md Tree E): for each place the subject of a concern can
//! stand, who receives it, who is told and who owns each duty. The subject's own role is never
//! told, never owns a duty and never appears in "who to tell".

use serde_json::Value;

use crate::common::Env;
use crate::raise::raise;

/// A staff allegation meeting the LADO thresholds, about someone in `position`.
fn allegation(env: &Env, position: &str, criteria: &str) -> Value {
    raise(
        env,
        &format!(
            "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
             subject_position = \"{position}\"\ndescription = \"Shouted at a child and pushed her.\"\n\
             staff_criteria = [{criteria}]\n"
        ),
    )
}

fn raised(rec: &Value) -> &Value {
    &rec["timeline"][0]["body"]
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_owned()).collect()
}

fn owners(rec: &Value) -> Vec<(String, String)> {
    rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["kind"].as_str().unwrap().to_owned(), d["owner"].as_str().unwrap().to_owned()))
        .collect()
}

/// Checks the route taken and that `subject` (a role) appears nowhere it must not.
#[track_caller]
fn check(rec: &Value, route: &str, subject: Option<&str>, readers: &[&str], tell: &[&str]) {
    let r = &raised(rec)["route"];
    assert_eq!(r["id"], route, "{r}");
    assert_eq!(strings(&r["readers"]), readers, "{r}");
    assert_eq!(strings(&raised(rec)["tell"]), tell);
    if let Some(s) = subject {
        assert_eq!(strings(&r["excluded"]), [s]);
        assert!(!strings(&raised(rec)["tell"]).iter().any(|t| t == s), "the subject is told");
        assert!(!strings(&r["readers"]).iter().any(|t| t == s), "the subject reads it");
        for (kind, owner) in owners(rec) {
            assert_ne!(owner, s, "duty {kind} is left to the subject's role");
        }
    }
}

#[test]
fn an_allegation_about_a_colleague_goes_the_usual_way() {
    let env = Env::with_store();
    let rec = allegation(&env, "colleague", "\"harmed\"");
    // Over the thresholds the line manager and the designated person are told as well as the
    // senior managers and the LADO (003 §9.9, §9.4): telling them is a duty, so they are in
    // who to tell.
    check(
        &rec,
        "default",
        None,
        &["designated-person"],
        &["senior-managers", "lado", "line-manager", "designated-person"],
    );
    assert!(owners(&rec).contains(&("report-to-senior-managers".into(), "designated-person".into())));
    // Below the thresholds: the line manager and the designated person are told (003 §9.9).
    let rec = allegation(&env, "colleague", "");
    check(&rec, "default", None, &["designated-person"], &["line-manager", "designated-person"]);
    assert!(owners(&rec).contains(&("report-to-line-manager".into(), "reporter".into())));
}

#[test]
fn an_allegation_about_the_line_manager_bypasses_them() {
    let env = Env::with_store();
    // Below the thresholds the outcome would tell the line manager: the route takes them out.
    let rec = allegation(&env, "line-manager", "");
    check(&rec, "about-line-manager", Some("line-manager"), &["designated-person"], &["designated-person"]);
    let kinds: Vec<String> = owners(&rec).into_iter().map(|(k, _)| k).collect();
    assert!(kinds.contains(&"report-to-designated-person".into()), "{kinds:?}");
    assert!(
        !kinds.contains(&"report-to-line-manager".into()),
        "still told to tell the line manager: {kinds:?}"
    );
    let shown = env.run(&["show", rec["id"].as_str().unwrap()]).ok().stdout;
    assert!(shown.contains("Route: The concern is about your line manager"), "{shown}");
    assert!(!shown.contains("- your line manager"), "the line manager is in who to tell:\n{shown}");
}

#[test]
fn an_allegation_about_the_designated_person_goes_to_the_alternative_lead() {
    let env = Env::with_store();
    let rec = allegation(&env, "designated-person", "\"harmed\"");
    check(
        &rec,
        "about-designated-person",
        Some("designated-person"),
        &["alternative-designated-lead", "group-head"],
        // The line manager is told (003 §9.9); the designated person's place goes to the
        // alternative designated lead.
        &["senior-managers", "lado", "line-manager", "alternative-designated-lead", "group-head", "md-hr"],
    );
    // Its first duty (report to the senior managers) is not the designated person's.
    assert!(
        owners(&rec).contains(&("report-to-senior-managers".into(), "alternative-designated-lead".into())),
        "{:?}",
        owners(&rec)
    );
    let guidance = strings(&rec["guidance"]);
    assert!(guidance[0].starts_with("Do not tell the designated person"), "{guidance:?}");
    // Duties the decision starts go the same way (the route is taken again from the answers).
    let id = rec["id"].as_str().unwrap();
    let file = env.path("decide.toml");
    std::fs::write(
        &file,
        "outcome = \"lado-referral\"\ndecided_with = \"The Group Head and the MD of HR\"\n",
    )
    .unwrap();
    // The designated person may not decide a concern about themselves (003 §6.20): refused,
    // saying who must.
    let refused = env.run(&["decide", id, "--answers", file.to_str().unwrap()]).code(2);
    assert!(refused.stderr.contains("alternative designated lead"), "{}", refused.stderr);
    // The alternative designated lead decides it, with their own key.
    let alt = env.person();
    let key = alt.signing_key();
    env.run(&[
        "roster",
        "add",
        "--name",
        "Alex Lead",
        "--login",
        "alex",
        "--roles",
        "alternative-designated-lead",
        "--key",
        &key,
    ])
    .ok();
    alt.run(&["decide", id, "--answers", file.to_str().unwrap()]).ok();
    let rec = env.run(&["show", id, "--json"]).ok().json();
    for (kind, owner) in owners(&rec) {
        assert_ne!(owner, "designated-person", "duty {kind} went to the designated person");
    }
}

#[test]
fn an_allegation_about_the_head_of_service_goes_to_hr_and_the_group_head() {
    let env = Env::with_store();
    let rec = allegation(&env, "head-of-service", "\"harmed\"");
    check(
        &rec,
        "about-head-of-service",
        Some("managing-director"),
        &["md-hr", "group-head"],
        &["group-head", "lado", "md-hr"],
    );
    // The designated person does not receive it, so does not own its duties either.
    for (kind, owner) in owners(&rec) {
        assert_ne!(owner, "designated-person", "duty {kind} went to the designated person");
    }
}

#[test]
fn an_allegation_about_another_manager_goes_to_the_next_manager_up() {
    let env = Env::with_store();
    let rec = allegation(&env, "manager", "");
    check(
        &rec,
        "about-manager",
        None,
        &["designated-person"],
        &["line-manager", "designated-person", "next-manager"],
    );
    assert!(owners(&rec).iter().any(|(k, _)| k == "report-to-next-manager"));
}

#[test]
fn a_code_red_report_goes_to_the_code_red_team() {
    let env = Env::with_store();
    let file = env.path("cr.toml");
    std::fs::write(
        &file,
        "immediate_risk = \"no\"\nabout = \"code-red\"\ncode_red_reason = \"care\"\ndescription = \"Too few staff on nights.\"\n",
    )
    .unwrap();
    let rec = env.run(&["raise", "--anonymous", "--answers", file.to_str().unwrap(), "--json"]).ok().json();
    check(&rec, "code-red", None, &["code-red-manager"], &["code-red-manager"]);
}

#[test]
fn a_policy_that_leaves_a_duty_to_the_subject_is_refused() {
    let env = Env::new();
    let v = env.run(&["policy", "show", "--json"]).ok().json()["version"].as_str().unwrap().to_owned();
    let overlay = env.path("local.toml");
    std::fs::write(
        &overlay,
        format!(
            "extends = \"safeguard-default\"\nextends_version = \"{v}\"\nid = \"l\"\nversion = \"1\"\ntitle = \"l\"\n\
             [routes.about-designated-person]\nowners = {{}}\n"
        ),
    )
    .unwrap();
    let e = env.run(&["policy", "check", overlay.to_str().unwrap()]).code(2).stderr;
    assert!(
        e.contains("route \"about-designated-person\": duty \"dp-decision\" is owned by \"designated-person\", the subject's role"),
        "{e}"
    );
}

#[test]
fn policy_show_lists_the_routes() {
    let env = Env::new();
    let shown = env.run(&["policy", "show"]).ok().stdout;
    assert!(shown.contains("Routes (who receives a concern"), "{shown}");
    assert!(shown.contains("when: about = staff and subject_position = designated-person"), "{shown}");
    assert!(shown.contains("left out (the subject's role): designated-person"), "{shown}");
    let json = env.run(&["policy", "show", "--json"]).ok().json();
    assert_eq!(json["routes"]["about-line-manager"]["subject"][0], "line-manager");
}

/// A child concern (significant harm) raised by someone who tells `tell_first` first.
fn child(env: &Env, tell_first: Option<&str>) -> Value {
    let first = tell_first.map(|t| format!("tell_first = \"{t}\"\n")).unwrap_or_default();
    raise(
        env,
        &format!(
            "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
             primary_category = \"physical\"\ndescription = \"Bruise on her arm.\"\nsignificant_harm = \"yes\"\n{first}"
        ),
    )
}

fn kinds(rec: &Value) -> Vec<String> {
    owners(rec).into_iter().map(|(k, _)| k).collect()
}

#[test]
fn a_child_concern_goes_to_the_line_manager_by_default() {
    let env = Env::with_store();
    for rec in [child(&env, None), child(&env, Some("line-manager"))] {
        check(
            &rec,
            "default",
            None,
            &["designated-person"],
            &["line-manager", "designated-person", "local-authority"],
        );
        assert!(owners(&rec).contains(&("report-to-line-manager".into(), "reporter".into())));
        assert!(owners(&rec).contains(&("sarf-to-dp".into(), "reporter".into())));
        assert!(owners(&rec).contains(&("dp-decision".into(), "designated-person".into())));
    }
}

#[test]
fn a_line_manager_who_cannot_be_reached_sends_the_reporter_to_the_designated_person() {
    let env = Env::with_store();
    let rec = child(&env, Some("lm-unavailable"));
    // 003 §6.19: the line manager is still told (they are not the subject), but the reporter's
    // own duty is to tell the designated person.
    check(
        &rec,
        "line-manager-unavailable",
        None,
        &["designated-person"],
        &["line-manager", "designated-person", "local-authority"],
    );
    let k = kinds(&rec);
    assert!(k.contains(&"report-to-designated-person".into()), "{k:?}");
    assert!(!k.contains(&"report-to-line-manager".into()), "{k:?}");
    assert!(owners(&rec).contains(&("dp-decision".into(), "designated-person".into())));
    let shown = env.run(&["show", rec["id"].as_str().unwrap()]).ok().stdout;
    assert!(shown.contains("Route: Your line manager cannot be reached now"), "{shown}");
    // In danger now, the designated person is told at once, not within the working day.
    let urgent = raise(
        &env,
        "immediate_risk = \"yes\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
         primary_category = \"physical\"\ndescription = \"Bruise on her arm.\"\ntell_first = \"lm-unavailable\"\n",
    );
    assert_eq!(raised(&urgent)["route"]["id"], "line-manager-unavailable");
    let d = urgent["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "report-to-designated-person")
        .unwrap();
    assert_eq!(d["due"], crate::common::NOW, "{d}");
}

#[test]
fn a_designated_person_who_cannot_be_reached_is_stood_in_for() {
    let env = Env::with_store();
    let rec = child(&env, Some("dp-unavailable"));
    // 003 §6.20, App G: the Group Head or another designated person takes the concern.
    check(
        &rec,
        "designated-person-unavailable",
        None,
        &["alternative-designated-lead", "group-head"],
        &["line-manager", "alternative-designated-lead", "local-authority", "group-head"],
    );
    let o = owners(&rec);
    assert!(o.contains(&("report-to-line-manager".into(), "reporter".into())), "{o:?}");
    assert!(o.contains(&("sarf-to-alternative-lead".into(), "reporter".into())), "{o:?}");
    assert!(o.contains(&("dp-decision".into(), "alternative-designated-lead".into())), "{o:?}");
    for (kind, owner) in &o {
        assert_ne!(owner, "designated-person", "duty {kind} waits for the designated person");
        assert_ne!(kind, "sarf-to-dp");
    }
    // The alert form sent to whoever stands in settles its duty.
    let id = rec["id"].as_str().unwrap();
    env.run(&["log", id, "sarf-sent"]).ok();
    let rec = env.run(&["show", id, "--json"]).ok().json();
    let sarf =
        rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == "sarf-to-alternative-lead").unwrap();
    assert_eq!(sarf["status"], "done", "{sarf}");
}

#[test]
fn when_neither_can_be_reached_the_reporter_tells_the_group_head_or_another_designated_person() {
    let env = Env::with_store();
    let rec = child(&env, Some("neither"));
    check(
        &rec,
        "neither-available",
        None,
        &["alternative-designated-lead", "group-head"],
        &["line-manager", "alternative-designated-lead", "local-authority", "group-head"],
    );
    let k = kinds(&rec);
    assert!(k.contains(&"report-to-other-designated-person".into()), "{k:?}");
    assert!(!k.contains(&"report-to-line-manager".into()), "{k:?}");
    assert!(!k.contains(&"sarf-to-dp".into()), "{k:?}");
    assert!(owners(&rec).contains(&("dp-decision".into(), "alternative-designated-lead".into())));
    // Listed in `review --due` as soon due, within the working day.
    let due = env.run(&["review", "--due", "--within", "1d", "--json"]).ok().json();
    assert!(due.to_string().contains("report-to-other-designated-person"), "{due}");
}

#[test]
fn who_can_be_reached_never_overrides_a_route_about_the_subject() {
    let env = Env::with_store();
    let rec = raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
         subject_position = \"line-manager\"\ndescription = \"Shouted at a child.\"\nstaff_criteria = []\n\
         tell_first = \"neither\"\n",
    );
    check(&rec, "about-line-manager", Some("line-manager"), &["designated-person"], &["designated-person"]);
}

#[test]
fn operational_support_staff_tell_their_line_manager_who_takes_it_to_the_designated_person_and_group_head() {
    let env = Env::with_store();
    let rec = child(&env, Some("operational-support"));
    check(
        &rec,
        "operational-support",
        None,
        &["designated-person"],
        &["line-manager", "designated-person", "local-authority", "group-head"],
    );
    let o = owners(&rec);
    // 003 §4.2 (DL-01): the reporter tells the line manager, within the working day.
    assert!(o.contains(&("report-to-line-manager".into(), "reporter".into())), "{o:?}");
    // DL-02: the line manager discusses it with the DP and the Group Head.
    assert!(o.contains(&("support-lm-discussion".into(), "line-manager".into())), "{o:?}");
    // §4.3: the SARF is the designated person's job, not the reporter's.
    assert!(o.contains(&("sarf-by-dp".into(), "designated-person".into())), "{o:?}");
    assert!(!o.iter().any(|(k, _)| k == "sarf-to-dp"), "{o:?}");
    let due = |rec: &Value, kind: &str| {
        rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap()["due"].clone()
    };
    assert_eq!(due(&rec, "report-to-line-manager"), "2026-11-24T10:00:00Z");
    assert_eq!(due(&rec, "support-lm-discussion"), "2026-11-24T10:00:00Z");
    // What they are told to do says the same, not "start the alert form".
    let guidance = strings(&rec["guidance"]);
    assert!(
        guidance.iter().any(|g| g.contains("the designated person fills in the alert form")),
        "{guidance:?}"
    );
    assert!(!guidance.iter().any(|g| g.contains("start the alert form")), "{guidance:?}");
    // The line manager's discussion is logged against its duty.
    let id = rec["id"].as_str().unwrap();
    env.run(&["log", id, "support-lm-discussed"]).ok();
    let rec = env.run(&["show", id, "--json"]).ok().json();
    let d = rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == "support-lm-discussion").unwrap();
    assert_eq!(d["status"], "done", "{d}");
}

#[test]
fn operational_support_staff_tell_their_line_manager_at_once_when_there_is_immediate_risk() {
    let env = Env::with_store();
    let rec = raise(
        &env,
        "immediate_risk = \"yes\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
         primary_category = \"physical\"\ndescription = \"Bruise on her arm.\"\ntell_first = \"operational-support\"\n",
    );
    assert_eq!(raised(&rec)["route"]["id"], "operational-support");
    let d = rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == "report-to-line-manager").unwrap();
    // 003 §4.2 (DL-39): as soon as the concern is identified.
    assert_eq!(d["due"], crate::common::NOW, "{d}");
}

/// 003 §9.5: an allegation made straight to the police or children's social care still goes to
/// the LADO, whatever the thresholds answered and whatever the decision.
#[test]
fn the_lado_is_told_even_when_the_police_already_know() {
    let env = Env::with_store();
    let base = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
                description = \"A parent says T. Green slapped her son; she has told the police.\"\nstaff_criteria = []\n";
    let told = raise(&env, &format!("{base}already_reported = \"yes\"\n"));
    assert_eq!(told["recommendation"], "lado-referral");
    assert!(
        owners(&told).contains(&("lado-referral".into(), "senior-managers".into())),
        "{:?}",
        owners(&told)
    );
    // Not reported elsewhere, and nothing ticked: a conduct concern, with no LADO duty.
    let not = raise(&env, base);
    assert_eq!(not["recommendation"], "staff-conduct");
    assert!(!kinds(&not).contains(&"lado-referral".into()), "{:?}", kinds(&not));
    // Decided as a conduct matter, the LADO duty stays open.
    let id = told["id"].as_str().unwrap();
    let file = env.path("conduct.toml");
    std::fs::write(
        &file,
        "outcome = \"staff-conduct\"\nreason = \"Below the thresholds.\"\ndecided_with = \"The Group Head and the MD of HR\"\n",
    )
    .unwrap();
    env.run(&["decide", id, "--answers", file.to_str().unwrap()]).ok();
    let rec = env.run(&["show", id, "--json"]).ok().json();
    let lado = rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == "lado-referral").unwrap();
    assert_eq!(lado["status"], "open", "{lado}");
    let due = env.run(&["review", "--due", "--within", "2d", "--json"]).ok().json();
    assert!(
        due.as_array().unwrap().iter().any(|d| d["concern"] == id && d["kind"] == "lado-referral"),
        "{due}"
    );
}

/// Nobody acts on a concern about themselves (003 §6.20, §9.9; DOMAIN.md §7 items 11, 30): the
/// designated person may not decide, review, log on, countersign, freeze or close an
/// allegation about them (whatever role they act in), and a person named as its subject may not
/// sign on it; the alternative designated lead, to whom the route hands it, may.
#[test]
fn nobody_acts_on_a_concern_about_themselves() {
    let env = Env::with_store();
    let rec = allegation(&env, "designated-person", "\"harmed\"");
    let id = rec["id"].as_str().unwrap().to_owned();
    let decision = env.path("d.toml");
    std::fs::write(
        &decision,
        "outcome = \"staff-conduct\"\nreason = \"I did not do it.\"\ndecided_with = \"nobody\"\n",
    )
    .unwrap();
    let attempts: [Vec<&str>; 6] = [
        vec!["decide", &id, "--answers", decision.to_str().unwrap()],
        vec!["review", &id, "--note", "Reviewed."],
        vec!["log", &id, "note", "--note", "Nothing in it."],
        vec!["sign", &id],
        vec!["freeze", &id, "--reason", "A review."],
        vec!["close", &id, "--reason", "Unfounded."],
    ];
    for args in &attempts {
        let run = env.run(args).code(2);
        assert!(
            run.stderr.contains("may not act on it") || run.stderr.contains("alternative designated lead"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["timeline"].as_array().unwrap().len(), 1, "something was recorded: {shown}");
    assert_eq!(shown["status"], "open");

    // The alternative designated lead decides it.
    let alt = env.person();
    let key = alt.signing_key();
    env.run(&[
        "roster",
        "add",
        "--name",
        "Alex Lead",
        "--login",
        "alex",
        "--roles",
        "alternative-designated-lead",
        "--key",
        &key,
    ])
    .ok();
    alt.run(&["decide", &id, "--answers", decision.to_str().unwrap()]).ok();
    assert_eq!(env.run(&["show", &id, "--json"]).ok().json()["outcome"], "staff-conduct");

    // A colleague named as the subject may not sign on it, by name.
    let green = env.person();
    let key = green.signing_key();
    env.run(&["roster", "add", "--name", "T.  green", "--login", "tg", "--roles", "reporter", "--key", &key])
        .ok();
    let about_green = allegation(&env, "colleague", "");
    let gid = about_green["id"].as_str().unwrap();
    let run = green.run(&["log", gid, "note", "--note", "Hmm."]).code(2);
    assert!(run.stderr.contains("is about T.  green, who is you"), "{}", run.stderr);
    // Someone else may.
    env.run(&["log", gid, "note", "--note", "Spoke to the line manager."]).ok();
}

/// Raised into a store one passphrase opens, a concern about the designated person warns the
/// reporter that the store can be read by them, and says whom to tell; one about a colleague
/// does not.
#[test]
fn a_concern_about_the_designated_person_in_a_shared_store_warns_the_reporter() {
    let env = Env::with_store();
    let raise_text = |position: &str| {
        let f = env.path(&format!("{position}.toml"));
        std::fs::write(
            &f,
            format!(
                "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
                 subject_position = \"{position}\"\ndescription = \"Pushed a child.\"\nstaff_criteria = [\"harmed\"]\n"
            ),
        )
        .unwrap();
        env.run(&["raise", "--answers", f.to_str().unwrap()]).ok().stderr
    };
    let about_dp = raise_text("designated-person");
    assert!(
        about_dp.contains("warning: this concern is about the designated person")
            && about_dp.contains("Tell the alternative designated lead"),
        "{about_dp}"
    );
    for word in ["§", "DL-", "designated-person"] {
        assert!(!about_dp.contains(word), "{word:?} in what the reporter reads:\n{about_dp}");
    }
    assert!(!raise_text("colleague").contains("warning: this concern is about"));
}

/// A staff allegation meeting the LADO thresholds with someone in danger now, about someone in
/// `position`.
fn allegation_now(env: &Env, position: &str) -> Value {
    raise(
        env,
        &format!(
            "immediate_risk = \"yes\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
             subject_position = \"{position}\"\ndescription = \"Hit a child hard; she is still with him.\"\n\
             staff_criteria = [\"harmed\"]\n"
        ),
    )
}

/// The due time of the duty of this kind (panics if it is absent).
#[track_caller]
fn due(rec: &Value, kind: &str) -> String {
    rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no duty {kind}: {}", rec["duties"]))["due"]
        .as_str()
        .unwrap()
        .to_owned()
}

// Someone in danger now (003 §6.19, §9.4, DL-42): the reporting chain to the senior managers is
// immediate, not a working day, on every route; it is a working day when nobody is in danger.
#[test]
fn a_staff_allegation_with_someone_in_danger_now_is_reported_at_once_on_every_route() {
    let env = Env::with_store();
    let now = crate::common::NOW;
    let rec = allegation_now(&env, "colleague");
    for kind in [
        "report-to-line-manager",
        "report-to-designated-person",
        "report-to-senior-managers",
        "police-and-social-care",
    ] {
        assert_eq!(due(&rec, kind), now, "{kind}");
    }
    let rec = allegation_now(&env, "line-manager");
    for kind in ["report-to-designated-person", "report-to-senior-managers", "police-and-social-care"] {
        assert_eq!(due(&rec, kind), now, "{kind}");
    }
    let rec = allegation_now(&env, "designated-person");
    for kind in ["report-to-line-manager-not-dp", "report-to-alternative-lead", "report-to-senior-managers"] {
        assert_eq!(due(&rec, kind), now, "{kind}");
    }
    let rec = allegation_now(&env, "head-of-service");
    for kind in ["report-to-hr-and-group-head", "report-to-senior-managers", "police-and-social-care"] {
        assert_eq!(due(&rec, kind), now, "{kind}");
    }
    // The immediate rule names its paragraph for the designated person to check.
    let d = &rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "report-to-hr-and-group-head")
        .unwrap()["rules"];
    assert!(d.to_string().contains("§6.19") && d.to_string().contains("DL-42"), "{d}");
    // Nobody in danger: a working day.
    let rec = allegation(&env, "colleague", "\"harmed\"");
    for kind in ["report-to-line-manager", "report-to-designated-person", "report-to-senior-managers"] {
        assert_eq!(due(&rec, kind), "2026-11-24T10:00:00Z", "{kind}");
    }
    assert!(!strings(&rec["guidance"]).iter().any(|g| g.contains("danger now: tell")));
}

// About the head of service (003 §2.2): the reporter is told to go to the MD of HR and the Group
// Head, and never told to go to their line manager and the designated person.
#[test]
fn an_allegation_about_the_head_of_service_never_says_tell_your_line_manager() {
    let env = Env::with_store();
    let rec = allegation(&env, "head-of-service", "\"harmed\"");
    let guidance = strings(&rec["guidance"]);
    assert!(!guidance.iter().any(|g| g.starts_with("Tell your line manager")), "{guidance:?}");
    assert!(
        guidance.iter().any(|g| g.starts_with("Tell the Managing Director of HR and the Group Head")),
        "{guidance:?}"
    );
    // Elsewhere the notice still says to tell the line manager and the designated person.
    let rec = allegation(&env, "colleague", "\"harmed\"");
    assert!(strings(&rec["guidance"]).iter().any(|g| g.starts_with("Tell your line manager")));
}

// About the designated person, the reporter tells the alternative designated lead (003 §6.20):
// the swapped duty's rule cites that route, not only "the designated person is told" (§9.9).
#[test]
fn a_swapped_duty_cites_the_route_that_swapped_it() {
    let env = Env::with_store();
    let rec = allegation(&env, "designated-person", "\"harmed\"");
    let d =
        rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == "report-to-alternative-lead").unwrap();
    let source = d["rules"][0]["source"].as_str().unwrap();
    assert!(source.starts_with("003 §6.20"), "{source}");
    assert!(source.contains("in place of report-to-designated-person"), "{source}");
    // Unswapped, the rule keeps its own source.
    let rec = allegation(&env, "colleague", "\"harmed\"");
    let d = rec["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "report-to-designated-person")
        .unwrap();
    assert!(d["rules"][0]["source"].as_str().unwrap().starts_with("003 §9.9"), "{d}");
}

/// 003 §6.20, §9.9: about the designated person, the worker is never sent to them, not even
/// as the one to go to when the line manager is not available: the alternative designated
/// lead stands in, and telling the line manager is settled as usual.
#[test]
fn an_allegation_about_the_designated_person_never_sends_the_worker_to_them() {
    let env = Env::with_store();
    for criteria in ["", "\"harmed\""] {
        let rec = allegation(&env, "designated-person", criteria);
        let titles: Vec<String> = rec["duties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["title"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            !titles.iter().any(|t| t.contains("or the designated person if they are not available")),
            "{titles:?}"
        );
        assert!(
            titles.iter().any(|t| t.contains("or the alternative designated lead if they are not available")),
            "{titles:?}"
        );
    }
    // Logged by the alternative designated lead (the designated person may not act on it).
    let env = Env::with_roles("alternative-designated-lead");
    let rec = allegation(&env, "designated-person", "");
    let id = rec["id"].as_str().unwrap().to_owned();
    env.run(&["log", &id, "line-manager-discussed"]).ok();
    let shown = env.run(&["show", &id, "--json"]).ok().json();
    let duty =
        shown["duties"].as_array().unwrap().iter().find(|d| d["kind"] == "report-to-line-manager-not-dp");
    assert_eq!(duty.unwrap()["status"], "done", "{}", shown["duties"]);
}

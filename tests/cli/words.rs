//! Issue 16: the person raising a concern reads plain words. No paragraph numbers, deadline
//! numbers, seed numbers or internal ids in what `raise` shows them: the questions, help lines
//! and notices of the default policy's interview, and the receipt. The references stay in
//! `show` (the designated person's view) and behind `raise --explain`.

use safeguard::output::plain::{has_internal, plain};
use safeguard::policy::Policy;

use crate::common::Env;

/// Every staff-facing string of the default policy's interview, as the terminal shows it.
#[test]
fn the_default_interview_reads_in_plain_words() {
    let p = Policy::default_policy();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut add = |at: String, t: &str| texts.push((at, plain(t)));
    for n in &p.nodes {
        let at = |what: &str| format!("node {} {what}", n.id);
        for t in n.prompt.iter().chain(n.prompt_by_about.values()) {
            add(at("prompt"), t);
        }
        for t in n
            .help
            .iter()
            .chain(n.help_by_about.values())
            .chain(&n.text)
            .chain(&n.required_why)
            .chain(&n.guidance)
        {
            add(at("text"), t);
        }
        for c in &n.answers {
            add(at(&format!("answer {}", c.value)), &c.label);
            for t in c.urgent.iter().chain(&c.guidance) {
                add(at(&format!("answer {} guidance", c.value)), t);
            }
        }
    }
    for (id, o) in &p.outcomes {
        for t in [&o.title, &o.summary].into_iter().chain(&o.guidance) {
            add(format!("outcome {id}"), t);
        }
    }
    for (id, d) in &p.duties {
        add(format!("duty {id}"), &d.title);
    }
    for (id, r) in &p.roles {
        add(format!("role {id}"), r);
    }
    // A route's title and guidance are shown during a raise too.
    for (id, r) in &p.routes {
        for t in std::iter::once(&r.title).chain(&r.guidance) {
            add(format!("route {id}"), t);
        }
    }
    assert!(texts.len() > 100, "only {} texts found", texts.len());
    let bad: Vec<String> =
        texts.iter().filter_map(|(at, t)| has_internal(t).map(|w| format!("{at}: {w:?} in {t:?}"))).collect();
    assert!(bad.is_empty(), "staff-facing text with references or ids:\n{}", bad.join("\n"));
}

const PATHS: &[&str] = &[
    // A child, significant harm, with online abuse raising the recommendation.
    "immediate_risk = \"yes\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
     primary_category = \"physical\"\nspecial = [\"online\"]\ndescription = \"Bruises.\"\n\
     noticed_at = \"yesterday 9am\"\nsignificant_harm = \"yes\"\n",
    // An adult at risk.
    "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 78\n\
     description = \"Her son takes her pension.\"\nnoticed_at = \"now\"\ncare_and_support_needs = \"yes\"\n\
     abuse_or_neglect = \"yes\"\nunable_to_protect = \"yes\"\ncapacity = \"yes\"\nconsent = \"yes\"\n",
    // A provider.
    "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"Oakview Care Home\"\n\
     description = \"Residents left in wet beds.\"\nnoticed_at = \"Friday 14:00\"\nabuse_suspected = \"yes\"\n",
    // A member of staff.
    "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"P. Smith\"\n\
     description = \"Seen meeting a young person outside work.\"\nstaff_criteria = [\"unsuitable\"]\n",
];

/// What `raise` prints on the common paths (its receipt on stdout, its messages on stderr).
#[test]
fn a_raise_prints_plain_words_and_explain_adds_the_references() {
    let env = Env::with_store();
    for (i, answers) in PATHS.iter().enumerate() {
        let file = env.path(&format!("words-{i}.toml"));
        std::fs::write(
            &file,
            format!("reporter_name = \"Sam Jones\"\nreporter_role = \"Worker\"\n{answers}"),
        )
        .unwrap();
        let run = env.run(&["raise", "--answers", file.to_str().unwrap()]).ok();
        let all = format!("{}\n{}", run.stdout, run.stderr);
        assert!(all.contains("Recommendation:"), "{all}");
        for line in all.lines() {
            assert_eq!(has_internal(line), None, "path {i}: {line:?}\n{all}");
        }
        if i == 0 {
            // The child's notices are plain as the policy writes them, not only once `raise`
            // has taken their references out (issue 15: the child_duties notice cited 003
            // §6.19, §6.26, §6.47 in its text).
            let p = Policy::default_policy();
            let shown: Vec<&str> = p
                .nodes
                .iter()
                .filter_map(|n| n.text.as_deref().map(|t| (n.id.as_str(), t)))
                .filter(|(_, t)| all.contains(&plain(t)))
                .map(|(id, t)| {
                    assert_eq!(has_internal(t), None, "notice {id} carries references in the policy: {t:?}");
                    id
                })
                .collect();
            assert!(shown.contains(&"child_duties"), "the child's notice is not shown: {shown:?}\n{all}");
        }
        // `raise --json` gives the same guidance, as plain (issue 15: it carried "(003 §…)").
        let json = env.run(&["raise", "--answers", file.to_str().unwrap(), "--json"]).ok().json();
        let guidance = [&json["guidance"], &json["timeline"][0]["body"]["guidance"]];
        assert!(
            guidance.iter().any(|g| !g.as_array().unwrap().is_empty()),
            "path {i}: no guidance in {json}"
        );
        for g in guidance {
            for line in g.as_array().unwrap() {
                assert_eq!(has_internal(line.as_str().unwrap()), None, "path {i}, --json: {line}");
            }
        }
        let explained = env.run(&["raise", "--answers", file.to_str().unwrap(), "--explain"]).ok().stdout;
        assert!(has_internal(&explained).is_some(), "--explain shows no references:\n{explained}");
    }
    // The anonymous Code RED report.
    let file = env.path("code-red.toml");
    std::fs::write(
        &file,
        "code_red_reason = \"care\"\ndescription = \"Too few staff on nights.\"\nimmediate_risk = \"no\"\n",
    )
    .unwrap();
    let run = env.run(&["raise", "--anonymous", "--answers", file.to_str().unwrap()]).ok();
    for line in format!("{}\n{}", run.stdout, run.stderr).lines() {
        assert_eq!(has_internal(line), None, "Code RED: {line:?}");
    }
    // The designated person's view keeps them.
    let list = env.run(&["list", "--json"]).ok().json();
    let child = list.as_array().unwrap().iter().find(|c| c["about"] == "child").unwrap();
    let shown = env.run(&["show", child["id"].as_str().unwrap()]).ok().stdout;
    assert!(shown.contains("[003 §") && shown.contains("[sarf-to-dp]"), "{shown}");
}

/// Wording that belongs to a concern about a child: none of it may reach a worker raising a
/// concern about an adult at risk (issue 19). Matched as whole words in small letters, against
/// all they read.
const CHILD_ONLY: &[&str] = &[
    "the child",
    "child's",
    "a child told",
    "choose 'a child'",
    "parent",
    "carer's agreement",
    "school",
    "pupil",
    "teacher",
    "looked after",
    "looked-after",
    "child protection",
    "protection plan",
    "young person",
    "baby",
    "unborn",
    "own childhood",
    "historic child concern",
];

/// Whether `text` holds `words` as whole words ("the child" is in "the child's", not in "the
/// children's procedure").
fn has_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + words.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Adult paths by answer file: every capacity and agreement answer, each kind of abuse but the
/// one that re-routes to the children's procedure (abuse suffered in childhood), every factor,
/// someone in danger now, no care and support needs, and the detail for the form.
fn adult_paths() -> Vec<String> {
    let base = "about = \"adult\"\nsubject_initials = \"CD\"\nsubject_age = 80\n\
        description = \"Bruises on both wrists; says her son grabs her.\"\nnoticed_at = \"now\"\n\
        consent_risky = \"yes\"\n";
    let mut paths: Vec<String> = [
        "agrees",
        "refuses",
        "not-asked",
        "doubt-agrees",
        "doubt-refuses",
        "doubt-not-asked",
        "lacks-capacity",
    ]
    .iter()
    .map(|cc| {
        format!(
            "immediate_risk = \"no\"\n{base}adult_categories = [\"physical\"]\ncare_and_support_needs = \"yes\"\n\
             unable_to_protect = \"yes\"\ncapacity_consent = \"{cc}\"\n"
        )
    })
    .collect();
    paths.push(format!(
        "immediate_risk = \"yes\"\n{base}adult_categories = [\"physical\", \"sexual\", \"neglect\", \"emotional\", \"other\"]\n\
         care_and_support_needs = \"yes\"\nunable_to_protect = \"yes\"\ncapacity_consent = \"refuses\"\n\
         adult_factors = [\"staff-caused\", \"institutional\", \"child-at-risk\", \"others-at-risk\", \
         \"harmer-also-at-risk\", \"crime\", \"leaving-care\", \"domestic-abuse\", \"fgm\"]\n\
         overriding_interest = [\"others-at-risk\", \"crime\", \"high-risk\"]\n\
         subject_name = \"Cora Dunn\"\nsubject_address = \"1 High Street\"\nothers_involved = \"Her son, Dan Dunn.\"\n\
         ethnicity = \"White British\"\ncase_reference = \"AS-12\"\nfactors = [\"domestic-abuse\"]\n\
         opinion = \"I think he takes her money too.\"\naction_taken = \"Told my manager.\"\n"
    ));
    paths.push(format!(
        "immediate_risk = \"no\"\n{base}adult_categories = [\"neglect\"]\ncare_and_support_needs = \"no\"\n\
         unable_to_protect = \"no\"\ncapacity_consent = \"agrees\"\n"
    ));
    paths
}

/// The walkthrough of 2026-12-04: a concern about an adult at risk reads in adult words all the way. Each adult path
/// is walked by answer file; what the worker reads is checked against [`CHILD_ONLY`]: `raise`'s
/// receipt and messages, and, as the terminal would show them on that path, every question
/// (its wording for an adult), help line, choice, notice and guidance after the question of
/// whom the concern is about (whose own choices name a child, before anyone chose "adult").
#[test]
fn the_adult_path_reads_in_adult_words() {
    use safeguard::domain::calendar::{Calendar, Jurisdiction};
    use safeguard::interview::{self, Scripted, State};
    let env = Env::with_store();
    let p = Policy::default_policy();
    let now = chrono::Utc::now();
    for (i, answers) in adult_paths().iter().enumerate() {
        let file = env.path(&format!("adult-{i}.toml"));
        std::fs::write(&file, answers).unwrap();
        let run = env.run(&["raise", "--answers", file.to_str().unwrap()]).ok();
        let mut read: Vec<(String, String)> =
            vec![("raise".into(), format!("{}\n{}", run.stdout, run.stderr))];

        // The same answers through the interview: the nodes the path passes, as worded for an
        // adult, and the form step when it is offered.
        let given = safeguard::interview::answers::load(&file, &p, now).unwrap();
        let mut state = State::default();
        let mut script = Scripted { answers: given, shown: vec![] };
        // The questions for the form passed on the way, which the form step offers at the end.
        let mut deferred: Vec<String> = Vec::new();
        let mut keep = |s: &State| {
            deferred.extend(s.deferred.iter().filter(|d| !deferred.contains(d)).cloned().collect::<Vec<_>>());
            Ok(())
        };
        let cal = Calendar::new(Jurisdiction::EnglandAndWales, []);
        interview::run_with_calendar(&p, &cal, &mut state, &mut script, &|| now, &mut keep).unwrap();
        assert_eq!(state.answers["about"], "adult", "path {i} left the adult procedure: {:?}", state.path);
        let after_about = state.path.iter().skip_while(|id| *id != "about").skip(1);
        for id in after_about.chain(&deferred) {
            let n = p.node(id).unwrap();
            let mut add = |what: &str, t: &str| read.push((format!("node {id} {what}"), plain(t)));
            add("prompt", n.prompt_for(Some("adult")));
            let texts = n.help_for(Some("adult")).into_iter().chain(n.text.as_deref());
            for t in texts.chain(n.guidance.iter().map(String::as_str)) {
                add("text", t);
            }
            for c in &n.answers {
                add(&format!("answer {}", c.value), &c.label);
                for t in c.urgent.iter().chain(&c.guidance) {
                    add(&format!("answer {} guidance", c.value), t);
                }
            }
        }
        if let Some(step) = p.form_step.as_ref().map(|f| f.node()) {
            for t in step.prompt.iter().chain(&step.help).chain(step.answers.iter().map(|c| &c.label)) {
                read.push(("the form step".into(), t.clone()));
            }
        }
        let f = interview::findings(&p, &state).unwrap();
        for t in f.guidance.iter().chain(&f.rerouted).chain(script.shown.iter().map(|(t, _)| t)) {
            read.push(("guidance".into(), plain(t)));
        }
        // (The help worded for an adult is what is read: the age question's says so.)
        assert!(read.iter().any(|(_, t)| t.contains("is not an adult at risk")), "path {i}: {read:?}");
        assert!(read.len() > 40, "path {i}: only {} texts read", read.len());
        let bad: Vec<String> = read
            .iter()
            .flat_map(|(at, t)| {
                let low = t.to_lowercase();
                CHILD_ONLY
                    .iter()
                    .filter(move |w| has_words(&low, w))
                    .map(move |w| format!("{at}: {w:?} in {t:?}"))
            })
            .collect();
        assert!(
            bad.is_empty(),
            "path {i}: child wording on the adult path:\n{}\n\n{answers}",
            bad.join("\n")
        );
    }
}

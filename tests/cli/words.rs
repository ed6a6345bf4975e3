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
        for t in n.help.iter().chain(&n.text).chain(&n.required_why).chain(&n.guidance) {
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

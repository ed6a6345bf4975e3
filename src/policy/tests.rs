use super::*;

/// The full path (the TOML table, the changelog's checks, validation) accepts the embedded
/// default, and the quick one every command takes ([`Policy::default_policy`], which skips the
/// table) makes the same policy from it.
#[test]
fn the_default_policy_is_valid() {
    let p = Policy::parse(DEFAULT_POLICY, "default").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.hash.len(), 64);
    let table: toml::Table = toml::from_str(DEFAULT_POLICY).unwrap();
    assert!(overlay::changelog_problems(&p, &table).is_empty());
    // Every field but the two id indexes (hash maps, whose order is their own) as Debug shows it.
    let shown = |p: &Policy| {
        let mut p = p.clone();
        let index = |m: &mut HashMap<String, usize>| {
            let sorted: BTreeMap<String, usize> = m.drain().collect();
            sorted
        };
        let (a, b) = (index(&mut p.index), index(&mut p.decision_index));
        format!("{p:?} {a:?} {b:?}")
    };
    assert_eq!(shown(&Policy::default_policy()), shown(&p));
    // The hash build.rs worked out is the text's own (the full path hashes it here).
    assert_eq!(Policy::default_policy().hash, hex::encode(Sha256::digest(DEFAULT_POLICY.as_bytes())));
}

/// Every version of the default lists what it changed: overlays written against an older one
/// are warned of exactly these ids. Bumping `version` without an entry fails here.
#[test]
fn the_default_policy_has_a_changelog_entry_for_its_version() {
    let p = Policy::default_policy();
    let first = p.changelog.first().expect("the default keeps a [[changelog]]");
    assert_eq!(
        first.version, p.version,
        "the newest [[changelog]] entry (the first) must be for version {:?}: add one listing what changed",
        p.version
    );
    assert!(
        !(first.changed.is_empty() && first.added.is_empty() && first.removed.is_empty()),
        "the entry for {:?} lists no id",
        p.version
    );
    for pair in p.changelog.windows(2) {
        assert_eq!(
            overlay::version_cmp(&pair[0].version, &pair[1].version),
            std::cmp::Ordering::Greater,
            "the changelog is newest first"
        );
    }
    // The same check refuses a bumped version with no entry on load.
    let bumped = DEFAULT_POLICY.replacen(&format!("version = {:?}", p.version), "version = \"9999.1.1\"", 1);
    let e = Policy::parse(&bumped, "bumped").unwrap_err().to_string();
    assert!(e.contains("no entry for this version \"9999.1.1\""), "{e}");
}

fn cond(toml_text: &str) -> Cond {
    #[derive(serde::Deserialize)]
    struct W {
        c: Cond,
    }
    toml::from_str::<W>(&format!("c = {toml_text}")).unwrap_or_else(|e| panic!("{toml_text}: {e}")).c
}

#[test]
fn each_condition_form_is_read_and_evaluated() {
    let answers: BTreeMap<String, serde_json::Value> = [
        ("about".to_owned(), serde_json::json!("child")),
        ("special".to_owned(), serde_json::json!(["fgm"])),
        ("none".to_owned(), serde_json::json!([])),
        ("age".to_owned(), serde_json::json!(9)),
        ("decided".to_owned(), serde_json::json!("child")),
    ]
    .into_iter()
    .collect();
    for (text, form, holds) in [
        (r#"{ answer = "about", is = "child" }"#, "Is", true),
        (r#"{ answer = "about", is = "adult" }"#, "Is", false),
        (r#"{ answer = "about", in = ["adult", "child"] }"#, "In", true),
        (r#"{ answer = "special", contains = "fgm" }"#, "Contains", true),
        (r#"{ answer = "special", nonempty = true }"#, "Nonempty", true),
        (r#"{ answer = "none", nonempty = false }"#, "Nonempty", true),
        (r#"{ answer = "age", below = 10 }"#, "Below", true),
        (r#"{ answer = "age", below = 9 }"#, "Below", false),
        (r#"{ answer = "unasked", is = "x" }"#, "Is", false),
        (r#"{ not = { answer = "unasked", is = "x" } }"#, "Not", true),
        (r#"{ all = [{ answer = "about", is = "child" }, { answer = "age", below = 5 }] }"#, "All", false),
        (r#"{ any = [{ answer = "about", is = "adult" }, { answer = "age", below = 10 }] }"#, "Any", true),
        (r#"{ answer = "decided", same_as = "about" }"#, "Same", true),
        (r#"{ answer = "decided", same_as = "age" }"#, "Same", false),
        (r#"{ answer = "unasked", same_as = "also_unasked" }"#, "Same", false),
    ] {
        let c = cond(text);
        assert!(format!("{c:?}").starts_with(form), "{text} read as {c:?}");
        assert_eq!(c.holds(&answers), holds, "{text}");
        // Written back (policy show --json) in the file's own shape.
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(serde_json::from_value::<Cond>(back.clone()).unwrap(), c, "{back}");
    }
}

/// The default with every whole-word occurrence of the node id `from` renamed to `to` (its
/// node, the references to it, and the binding naming it).
fn default_renamed(from: &str, to: &str) -> String {
    DEFAULT_POLICY
        .replace(&format!("\"{from}\""), &format!("\"{to}\""))
        .replace(&format!("{{answer:{from}}}"), &format!("{{answer:{to}}}"))
        // The changelog's ids name the node too.
        .replace(&format!("\"nodes.{from}\""), &format!("\"nodes.{to}\""))
}

#[test]
fn a_renamed_bound_question_is_refused_naming_the_binding_and_the_id() {
    // Renamed everywhere but in the binding: the code would read an answer that is not there.
    let renamed = default_renamed("subject_age", "age_in_years")
        .replace("subject_age = \"age_in_years\"", "subject_age = \"subject_age\"");
    let e = Policy::parse(&renamed, "t").unwrap_err().to_string();
    assert!(e.contains("bindings.answers.subject_age = \"subject_age\": no question has this id"), "{e}");
    assert_eq!(Policy::parse(&renamed, "t").unwrap_err().exit().code(), 2);
    // Renamed in the binding too: accepted, and the code finds it under its new id.
    let p = Policy::parse(&default_renamed("subject_age", "age_in_years"), "t").unwrap();
    assert_eq!(p.bindings.answers.subject_age.as_deref(), Some("age_in_years"));
}

#[test]
fn a_binding_to_the_wrong_kind_of_item_is_refused() {
    let wrong = DEFAULT_POLICY.replace("subject_age = \"subject_age\"", "subject_age = \"description\"");
    let e = Policy::parse(&wrong, "t").unwrap_err().to_string();
    assert!(e.contains("bindings.answers.subject_age = \"description\": the question asks for text"), "{e}");
    let wrong = DEFAULT_POLICY.replace("dp_decision = \"dp-decision\"", "dp_decision = \"dp-decided\"");
    let e = Policy::parse(&wrong, "t").unwrap_err().to_string();
    assert!(e.contains("bindings.duties.dp_decision = \"dp-decided\": no duty has this id"), "{e}");
    let wrong = DEFAULT_POLICY.replace("[bindings.roles]\n", "[bindings.roles]\nmanager = \"x\"\n");
    let e = Policy::parse(&wrong, "t").unwrap_err().to_string();
    assert!(e.contains("manager"), "an unknown binding name is refused: {e}");
}

#[test]
fn a_binding_left_out_means_the_policy_has_none() {
    let without = DEFAULT_POLICY.replace("subject_age = \"subject_age\"\n", "");
    let p = Policy::parse(&without, "t").unwrap();
    assert_eq!(p.bindings.answers.subject_age, None);
    assert!(p.bindings.missing().contains(&"answers.subject_age".to_owned()));
    assert!(Policy::default_policy().bindings.missing().is_empty(), "the default binds everything");
}

#[test]
fn the_about_question_s_answers_each_carry_a_kind() {
    let without = DEFAULT_POLICY.replacen(", kind = \"provider\"", "", 1);
    let e = Policy::parse(&without, "t").unwrap_err().to_string();
    assert!(e.contains("node \"about\": answer \"provider\" needs a `kind`"), "{e}");
    let stray = DEFAULT_POLICY.replacen(
        "{ value = \"yes\", label = \"Yes\", next = \"contact-other-agencies\" }",
        "{ value = \"yes\", label = \"Yes\", next = \"contact-other-agencies\", kind = \"child\" }",
        1,
    );
    assert_ne!(stray, DEFAULT_POLICY);
    let e = Policy::parse(&stray, "t").unwrap_err().to_string();
    assert!(
        e.contains("has a `kind`, which only the question bound as bindings.answers.about may have"),
        "{e}"
    );
}

#[test]
fn an_overlay_inherits_the_bindings_and_may_change_one() {
    let v = Policy::default_policy().version;
    let overlay = format!(
        "extends = \"safeguard-default\"\nextends_version = \"{v}\"\nid = \"o\"\nversion = \"1\"\ntitle = \"o\"\n\
         [remove]\nnodes = [\"opinion\"]\n[[nodes]]\nid = \"noticed_at\"\nnext = \"b_child_words\"\n"
    );
    // Removing a bound question without its binding is refused, naming the binding.
    let e = Policy::parse(&overlay, "o.toml").unwrap_err().to_string();
    assert!(e.contains("bindings.answers.opinion = \"opinion\": no question has this id"), "{e}");
    // Unbinding it too is accepted; the other bindings are the base's.
    let p = Policy::parse(&format!("{overlay}[bindings.answers]\nopinion = \"\"\n"), "o.toml").unwrap();
    assert_eq!(p.bindings.answers.opinion, None);
    assert_eq!(p.bindings.answers.subject_age.as_deref(), Some("subject_age"));
    // Rebinding one to another question of the same type is accepted.
    let p = Policy::parse(&format!("{overlay}[bindings.answers]\nopinion = \"action_taken\"\n"), "o.toml")
        .unwrap();
    assert_eq!(p.bindings.answers.opinion.as_deref(), Some("action_taken"));
}

/// An overlay on the default with these changes, parsed.
fn with_overlay(changes: &str) -> std::result::Result<Policy, String> {
    let v = Policy::default_policy().version;
    Policy::parse(
        &format!(
            "extends = \"safeguard-default\"\nextends_version = \"{v}\"\nid = \"o\"\nversion = \"1\"\ntitle = \"o\"\n{changes}"
        ),
        "o.toml",
    )
    .map_err(|e| e.to_string())
}

#[test]
fn the_decision_trees_are_validated_like_the_raise_s_graph() {
    let p = Policy::default_policy();
    assert!(p.decisions.contains_key("designated-person") && p.decisions.contains_key("line-manager"));
    // A decision's ids stand apart from the raise's, the facts, the built-ins and "end".
    for (id, want) in [
        ("description", "the raise's graph has a node with this id"),
        ("kind", "is a name `decide` gives itself"),
        ("decided_by", "is a name `decide` gives itself"),
        ("end", "is where a decision ends"),
    ] {
        let e = with_overlay(&format!(
            "[[decision_nodes]]\nid = \"{id}\"\ntype = \"notice\"\ntext = \"x\"\nnext = \"end\"\n[[decision_nodes]]\nid = \"wait_for_la\"\nnext = \"{id}\"\n"
        ))
        .unwrap_err();
        assert!(e.contains(&format!("decision node \"{id}\": ")) && e.contains(want), "{id}: {e}");
    }
    // An edge to nothing, a cycle, an unreachable node.
    let e = with_overlay("[[decision_nodes]]\nid = \"wait_for_la\"\nnext = \"nowhere\"\n").unwrap_err();
    assert!(e.contains("decision node \"wait_for_la\": `next` leads to \"nowhere\", which is neither a decision node nor \"end\""), "{e}");
    let e = with_overlay("[[decision_nodes]]\nid = \"wait_for_la\"\nnext = \"parents_when\"\n").unwrap_err();
    assert!(e.contains("is part of a cycle"), "{e}");
    let e =
        with_overlay("[[decision_nodes]]\nid = \"stray\"\ntype = \"notice\"\ntext = \"x\"\nnext = \"end\"\n")
            .unwrap_err();
    assert!(e.contains("decision node \"stray\": no role's decision reaches it"), "{e}");
    // Conditions: what they read must be an answer or a fact, with values it can have.
    let e = with_overlay(
        "[[decision_nodes]]\nid = \"online_when\"\nwhen = [{ if = { answer = \"kind\", is = \"infant\" }, next = \"online_first\" }]\n",
    )
    .unwrap_err();
    assert!(
        e.contains("a condition compares \"kind\" with \"infant\", which is not one of its answers"),
        "{e}"
    );
    let e = with_overlay(
        "[[decision_nodes]]\nid = \"online_when\"\nwhen = [{ if = { answer = \"outcome\", same_as = \"recomendation\" }, next = \"online_first\" }]\n",
    )
    .unwrap_err();
    assert!(e.contains("a condition reads answer \"recomendation\", which is not a question"), "{e}");
    let e = with_overlay(
        "[[decision_nodes]]\nid = \"online_when\"\nwhen = [{ if = { answer = \"special\", contains = \"onlin\" }, next = \"online_first\" }]\n",
    )
    .unwrap_err();
    assert!(
        e.contains("a condition compares \"special\" with \"onlin\""),
        "a raise answer's values are checked too: {e}"
    );
    // Who decides: a role, a start, duties that exist.
    let e = with_overlay("[decisions.head-chef]\ntitle = \"x\"\nrecords = \"decision\"\nstart = \"outcome\"\ncompletes = [\"dp-decided\"]\nsource = \"x\"\n").unwrap_err();
    assert!(e.contains("decisions \"head-chef\": is not a role in [roles]"), "{e}");
    assert!(e.contains("decisions \"head-chef\": completes duty \"dp-decided\""), "{e}");
    // `answers_from` is for a decision's questions only; `at_least` is for the raise's.
    let e = with_overlay("[[nodes]]\nid = \"about\"\nanswers_from = \"outcomes\"\n").unwrap_err();
    assert!(e.contains("node \"about\": only a decision's questions take `answers_from`"), "{e}");
    let e =
        with_overlay("[[decision_nodes]]\nid = \"outcome\"\nat_least = \"urgent-referral\"\n").unwrap_err();
    assert!(e.contains("decision node \"outcome\": `at_least` raises the raise's recommendation"), "{e}");
    // A bound decision question renamed without its binding is refused, naming the binding.
    let e = with_overlay("[remove]\ndecision_nodes = [\"parents_told\"]\n[[decision_nodes]]\nid = \"parents_agreed_by\"\nnext = \"agreed_online\"\n[[decision_nodes]]\nid = \"agreed_online\"\notherwise = \"refused_when\"\nwhen = [{ if = { answer = \"special\", contains = \"online\" }, next = \"parents_police_agreed\" }]\n[[decision_nodes]]\nid = \"parents_police_agreed\"\nnext = \"refused_when\"\n").unwrap_err();
    assert!(
        e.contains("bindings.decision.parents_told = \"parents_told\": no decision question has this id"),
        "{e}"
    );
    let p = with_overlay("[remove]\ndecision_nodes = [\"parents_told\"]\n[[decision_nodes]]\nid = \"parents_agreed_by\"\nnext = \"agreed_online\"\n[[decision_nodes]]\nid = \"agreed_online\"\notherwise = \"refused_when\"\nwhen = [{ if = { answer = \"special\", contains = \"online\" }, next = \"parents_police_agreed\" }]\n[[decision_nodes]]\nid = \"parents_police_agreed\"\nnext = \"refused_when\"\n[bindings.decision]\nparents_told = \"\"\n").unwrap();
    assert_eq!(p.bindings.decision.parents_told, None);
}

#[test]
fn a_decision_tree_offers_the_outcomes_of_the_concern_s_kind_with_the_recommendation_selected() {
    let p = Policy::default_policy();
    let t = p.decision_tree("adult", "adult-referral");
    let q = t.node("outcome").unwrap();
    let values: Vec<&str> = q.answers.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(
        values,
        [
            "adult-referral",
            "adult-referral-without-consent",
            "no-referral-consent-respected",
            "not-adult-safeguarding"
        ]
    );
    assert_eq!(q.preselect.as_deref(), Some("adult-referral"));
    assert!(q.answers[0].label.ends_with("(the policy's recommendation)"));
    assert!(!q.answers[1].label.contains("recommendation"));
    assert_eq!(p.concern_kind("keep-under-review", "unborn").as_deref(), Some("child"));
    // A recommendation the policy no longer has: the kind of the concern's `about`.
    assert_eq!(p.concern_kind("gone", "unborn").as_deref(), Some("child"));
}

/// A re-route, an implied answer and an age's date are checked on load, naming the node.
#[test]
fn a_bad_re_route_implied_answer_or_age_date_is_refused_naming_the_node() {
    let bad_set = DEFAULT_POLICY.replacen("set = { about = \"child\" }", "set = { about = \"martian\" }", 1);
    let e = Policy::parse(&bad_set, "t").unwrap_err().to_string();
    assert!(e.contains("node \"adult_under_18\"") && e.contains("`set` gives \"about\""), "{e}");
    let no_question = DEFAULT_POLICY.replacen("set = { about = \"child\" }", "set = { nowhere = \"x\" }", 1);
    let e = Policy::parse(&no_question, "t").unwrap_err().to_string();
    assert!(e.contains("`set` names \"nowhere\""), "{e}");
    let bad_implied = DEFAULT_POLICY.replacen(
        "implied_when = { answer = \"adult_factors\", contains = \"crime\" }",
        "implied_when = { answer = \"adult_factors\", contains = \"arson\" }",
        1,
    );
    assert!(Policy::parse(&bad_implied, "t").is_err(), "an implied_when naming no answer value loaded");
    let bad_age = DEFAULT_POLICY.replacen("age_on = \"noticed_at\"", "age_on = \"description\"", 1);
    let e = Policy::parse(&bad_age, "t").unwrap_err().to_string();
    assert!(e.contains("`age_on` names \"description\""), "{e}");
}

/// An answer given by earlier answers (`given_when`) must fit its question and read answers
/// that exist; a shortcut (`instead_of`) names questions that can be given. Both are checked
/// on load, naming the node.
#[test]
fn a_bad_given_answer_or_shortcut_is_refused_naming_the_node() {
    let bad_value = DEFAULT_POLICY.replacen(
        "given_when = [{ if = { answer = \"adult_categories\", nonempty = true }, value = \"yes\" }]",
        "given_when = [{ if = { answer = \"adult_categories\", nonempty = true }, value = \"perhaps\" }]",
        1,
    );
    let e = Policy::parse(&bad_value, "t").unwrap_err().to_string();
    assert!(e.contains("node \"abuse_or_neglect\"") && e.contains("`given_when` gives an answer"), "{e}");
    let bad_cond = DEFAULT_POLICY.replacen(
        "given_when = [{ if = { answer = \"adult_categories\", nonempty = true }, value = \"yes\" }]",
        "given_when = [{ if = { answer = \"nowhere\", nonempty = true }, value = \"yes\" }]",
        1,
    );
    assert!(Policy::parse(&bad_cond, "t").is_err(), "a given_when reading no answer loaded");
    let bad_shortcut = DEFAULT_POLICY.replacen(
        "instead_of = [\"capacity\", \"consent\"]",
        "instead_of = [\"capacity\", \"description\"]",
        1,
    );
    let e = Policy::parse(&bad_shortcut, "t").unwrap_err().to_string();
    assert!(e.contains("`instead_of` names \"description\""), "{e}");
    assert!(Policy::parse(DEFAULT_POLICY, "t").is_ok());
}

/// A notice that names an answer to say (`{answer:ID}`) must name a question.
#[test]
fn a_notice_naming_an_answer_that_is_not_a_question_is_refused() {
    let bad = DEFAULT_POLICY.replacen("{answer:subject_age}", "{answer:subject_shoe_size}", 1);
    let e = Policy::parse(&bad, "t").unwrap_err().to_string();
    assert!(e.contains("node \"adult_under_18\"") && e.contains("\"subject_shoe_size\""), "{e}");
    let open = DEFAULT_POLICY.replacen("{answer:subject_age}", "{answer:subject_age", 1);
    assert!(Policy::parse(&open, "t").unwrap_err().to_string().contains("is not closed"));
}

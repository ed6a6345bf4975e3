use super::*;

#[test]
fn the_default_policy_is_valid() {
    let p = Policy::parse(DEFAULT_POLICY, "default").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.hash.len(), 64);
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
    DEFAULT_POLICY.replace(&format!("\"{from}\""), &format!("\"{to}\""))
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
        "{ value = \"yes\", label = \"Yes\", next = \"child-protection-referral\" }",
        "{ value = \"yes\", label = \"Yes\", next = \"child-protection-referral\", kind = \"child\" }",
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

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

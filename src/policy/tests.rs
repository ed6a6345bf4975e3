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

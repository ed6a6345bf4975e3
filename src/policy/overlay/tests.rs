use super::*;

/// An overlay on the embedded default written against its current version.
fn on_default(changes: &str) -> String {
    let default = Policy::default_policy();
    format!(
        "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = {:?}\n{changes}",
        default.version
    )
}

fn parse(changes: &str) -> Result<Policy> {
    Policy::parse(&on_default(changes), "local.toml")
}

#[track_caller]
fn ok(changes: &str) -> Policy {
    parse(changes).unwrap_or_else(|e| panic!("{e}"))
}

#[track_caller]
fn refused(changes: &str) -> String {
    match parse(changes) {
        Ok(_) => panic!("accepted:\n{changes}"),
        Err(e) => e.to_string(),
    }
}

fn changes(p: &Policy) -> Vec<(String, ChangeKind, Vec<String>)> {
    p.overlay.as_ref().unwrap().changes.iter().map(|c| (c.item.clone(), c.change, c.fields.clone())).collect()
}

#[test]
fn a_field_of_a_duty_changes_and_the_others_are_kept() {
    let default = Policy::default_policy();
    let p = ok(
        "[duties.ccrf]\nrules = [{ within = \"2 working days\", from = \"noticed\", source = \"local\" }]\n",
    );
    let (old, new) = (&default.duties["ccrf"], &p.duties["ccrf"]);
    assert_eq!(new.rules.len(), 1);
    assert_eq!(new.rules[0].within.to_string(), "within 2 working days");
    assert_ne!(old.rules[0].within.to_string(), new.rules[0].within.to_string());
    assert_eq!(new.title, old.title);
    assert_eq!(new.owner, old.owner);
    assert_eq!(changes(&p), [("duties.ccrf".into(), ChangeKind::Changed, vec!["rules".into()])]);
    assert_eq!((p.id.as_str(), p.version.as_str(), p.title.as_str()), ("local", "1", "Local"));
    let o = p.overlay.as_ref().unwrap();
    assert_eq!(o.bases.len(), 1);
    assert_eq!(
        (o.bases[0].id.as_str(), o.bases[0].version.as_str()),
        (default.id.as_str(), default.version.as_str())
    );
    // Everything the overlay does not name is the default's.
    assert_eq!(p.nodes.len(), default.nodes.len());
    assert_eq!(p.outcomes.len(), default.outcomes.len());
    assert_eq!(p.start, default.start);
}

#[test]
fn fields_of_an_outcome_a_role_an_event_and_a_node_change() {
    let default = Policy::default_policy();
    let p = ok(r#"
[roles]
countersignatory = "the Head of Safeguarding"

[outcomes.code-red]
summary = "A manager will look into it."

[events.note]
title = "A note"

[[nodes]]
id = "subject_age"
prompt = "How old are they?"
"#);
    assert_eq!(p.roles["countersignatory"], "the Head of Safeguarding");
    assert_eq!(p.roles.len(), default.roles.len());
    let (o, d) = (&p.outcomes["code-red"], &default.outcomes["code-red"]);
    assert_eq!(o.summary, "A manager will look into it.");
    assert_eq!((o.title.as_str(), o.rank, o.anonymous), (d.title.as_str(), d.rank, d.anonymous));
    assert_eq!(p.events["note"].title, "A note");
    assert_eq!(p.events["note"].source, default.events["note"].source);
    let (n, d) = (p.node("subject_age").unwrap(), default.node("subject_age").unwrap());
    assert_eq!(n.prompt.as_deref(), Some("How old are they?"));
    assert_eq!((n.ask, n.min, n.max, &n.source), (d.ask, d.min, d.max, &d.source));
    // The node stays where it was.
    let at = |p: &Policy| p.nodes.iter().position(|n| n.id == "subject_age");
    assert_eq!(at(&p), at(&default));
    let got = changes(&p);
    for (item, fields) in [
        ("roles.countersignatory", vec![]),
        ("outcomes.code-red", vec!["summary".to_string()]),
        ("events.note", vec!["title".into()]),
        ("nodes.subject_age", vec!["prompt".into()]),
    ] {
        assert!(got.contains(&(item.into(), ChangeKind::Changed, fields)), "{item}: {got:?}");
    }
}

#[test]
fn items_are_added_to_every_kind_of_section() {
    let p = ok(r#"
start = "local_notice"

[roles]
deputy = "the deputy designated person"

[duties.tell-deputy]
title = "Tell the deputy"
owner = "deputy"

[outcomes.local-advice]
group = "child"
rank = 0
title = "Local advice"
summary = "Ask the local team."
source = "local"

[events.deputy-told]
title = "The deputy was told"
source = "local"
completes = ["tell-deputy"]

[[nodes]]
id = "local_notice"
type = "notice"
text = "Our local procedure also asks you to tell the deputy."
next = "immediate_risk"
start = [{ kind = "tell-deputy", within = "1 working day", source = "local" }]

[[nodes]]
id = "b_fgm"
otherwise = "local_branch"

[[nodes]]
id = "local_branch"
type = "branch"
when = [{ if = { answer = "about", is = "child" }, next = "b_missing" }]
otherwise = "local-advice"
"#);
    assert_eq!(p.roles["deputy"], "the deputy designated person");
    assert_eq!(p.duties["tell-deputy"].owner, "deputy");
    assert_eq!(p.outcomes["local-advice"].title, "Local advice");
    assert_eq!(p.events["deputy-told"].completes, ["tell-deputy"]);
    let ids: Vec<&str> = p.nodes.iter().rev().take(2).map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["local_branch", "local_notice"], "new nodes are added at the end, in order");
    assert_eq!(p.node("b_fgm").unwrap().otherwise.as_deref(), Some("local_branch"));
    assert_eq!(p.start, "local_notice");
    let got = changes(&p);
    for item in [
        "roles.deputy",
        "duties.tell-deputy",
        "outcomes.local-advice",
        "events.deputy-told",
        "nodes.local_notice",
    ] {
        assert!(got.contains(&(item.into(), ChangeKind::Added, vec![])), "{item}: {got:?}");
    }
    assert!(got.contains(&("start".into(), ChangeKind::Changed, vec![])), "{got:?}");
    assert!(got.contains(&("nodes.b_fgm".into(), ChangeKind::Changed, vec!["otherwise".into()])), "{got:?}");
}

#[test]
fn items_are_removed_from_every_kind_of_section() {
    let default = Policy::default_policy();
    let p = ok(r#"
[remove]
roles = ["gp"]
events = ["police-statement-requested", "police-statement-given"]
duties = ["police-statement"]
outcomes = ["good-practice"]
nodes = ["adult_under_18"]

[bindings.outcomes]
good_practice = ""

[bindings.choices]
abuse_suspected_compliment = ""

[[nodes]]
id = "abuse_suspected"
answers = [
  { value = "yes", label = "Abuse is suspected or identified", next = "safeguarding-concern" },
  { value = "no", label = "An area for improvement (sub-standard care, not abuse)", next = "provider_actions" },
]

[[nodes]]
id = "b_age"
when = [
  { if = { answer = "about", is = "adult" }, next = "adult_categories" },
  { if = { all = [{ answer = "about", is = "child" }, { not = { answer = "subject_age", below = 18 } }] }, next = "child_18_or_over" },
]
"#);
    assert!(!p.roles.contains_key("gp"));
    assert_eq!(p.roles.len(), default.roles.len() - 1);
    assert!(
        !p.events.contains_key("police-statement-requested")
            && !p.events.contains_key("police-statement-given")
    );
    assert_eq!(p.events.len(), default.events.len() - 2);
    assert!(!p.duties.contains_key("police-statement"));
    assert!(!p.outcomes.contains_key("good-practice"));
    assert!(p.node("adult_under_18").is_none());
    assert_eq!(p.nodes.len(), default.nodes.len() - 1);
    assert_eq!(p.node("abuse_suspected").unwrap().answers.len(), 2);
    let removed: Vec<String> =
        changes(&p).into_iter().filter(|c| c.1 == ChangeKind::Removed).map(|c| c.0).collect();
    assert_eq!(
        removed,
        [
            "roles.gp",
            "events.police-statement-requested",
            "events.police-statement-given",
            "duties.police-statement",
            "outcomes.good-practice",
            "nodes.adult_under_18"
        ]
    );
}

#[test]
fn removing_an_id_that_is_not_there_is_an_error_naming_it() {
    let e = refused("[remove]\nduties = [\"ccrf\", \"no-such-duty\"]\nnodes = [\"no_such_node\"]\n");
    assert!(e.contains("\"no-such-duty\""), "{e}");
    assert!(e.contains("\"no_such_node\""), "{e}");
    assert!(e.contains("local.toml"), "{e}");
    let e = refused("[remove]\ndutys = [\"ccrf\"]\n");
    assert!(e.contains("dutys"), "{e}");
}

#[test]
fn a_misspelt_field_is_refused_naming_it_and_its_item() {
    let e = refused("[duties.countersign]\nownr = \"head-of-safeguarding\"\n");
    assert!(
        e.contains("local.toml")
            && e.contains("duties.countersign.ownr")
            && e.contains("unknown field `ownr`"),
        "{e}"
    );
    let e = refused("[[nodes]]\nid = \"subject_age\"\npromt = \"Age?\"\n");
    assert!(e.contains("nodes.subject_age.promt"), "{e}");
    let e = refused("[dutes.countersign]\nowner = \"x\"\n");
    assert!(e.contains("unknown field `dutes`"), "{e}");
    let e = refused("extnds_version = \"1\"\n");
    assert!(e.contains("extnds_version"), "{e}");
}

#[test]
fn a_dangling_reference_after_the_merge_is_refused_naming_it() {
    // Removing a role a duty still names.
    let e = refused("[remove]\nroles = [\"countersignatory\"]\n");
    assert!(e.contains("owner \"countersignatory\" is not in [roles]"), "{e}");
    assert!(e.contains("local.toml removed roles.countersignatory"), "{e}");
    assert!(e.contains("an overlay on safeguard-default"), "{e}");
    // Pointing a duty at a role that does not exist.
    let e = refused("[duties.ccrf]\nowner = \"nobody\"\n");
    assert!(e.contains("duty \"ccrf\": owner \"nobody\""), "{e}");
    assert!(e.contains("local.toml changed duties.ccrf"), "{e}");
    // Removing a node others lead to.
    let e = refused("[remove]\nnodes = [\"about\"]\n");
    assert!(e.contains("\"about\""), "{e}");
}

#[test]
fn an_item_removed_and_given_again_is_replaced_whole() {
    let p = ok(r#"
[remove]
duties = ["ccrf"]

[duties.ccrf]
title = "The CCRF"
owner = "reporter"
"#);
    assert!(p.duties["ccrf"].rules.is_empty(), "nothing of the default's ccrf is kept");
    assert_eq!(changes(&p), [("duties.ccrf".into(), ChangeKind::Replaced, vec![])]);
}

#[test]
fn an_overlay_names_its_base_version_and_its_own_id() {
    let text = "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\n";
    let e = Policy::parse(text, "local.toml").unwrap_err().to_string();
    assert!(e.contains("extends_version"), "{e}");
    let text =
        "version = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = \"1\"\n";
    let e = Policy::parse(text, "local.toml").unwrap_err().to_string();
    assert!(e.contains("`id`"), "{e}");
    // Given as text, an overlay cannot name a file to extend.
    let text =
        "id = \"l\"\nversion = \"1\"\ntitle = \"L\"\nextends = \"base.toml\"\nextends_version = \"1\"\n";
    let e = Policy::parse(text, "local.toml").unwrap_err().to_string();
    assert!(e.contains("no location"), "{e}");
}

#[test]
fn the_hash_is_of_the_base_hash_and_the_overlay_text() {
    let default = Policy::default_policy();
    let text = on_default("[roles]\ngp = \"the GP\"\n");
    let p = Policy::parse(&text, "local.toml").unwrap();
    let want = hex::encode(Sha256::digest(format!("{}\n{text}", default.hash).as_bytes()));
    assert_eq!(p.hash, want);
    let q = Policy::parse(&on_default("[roles]\ngp = \"the GP!\"\n"), "local.toml").unwrap();
    assert_ne!(p.hash, q.hash);
    assert_ne!(p.hash, default.hash);
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn load(p: &Path) -> Result<Policy> {
    Policy::load(Some(p))
}

#[test]
fn a_chain_of_two_overlays_merges_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let default = Policy::default_policy();
    write(
        dir.path(),
        "org/regional.toml",
        &format!(
            "id = \"regional\"\nversion = \"3\"\ntitle = \"Regional\"\nextends = \"safeguard-default\"\n\
             extends_version = {:?}\n[duties.ccrf]\ntitle = \"Regional CCRF\"\nowner = \"provider-manager\"\n",
            default.version
        ),
    );
    let local = write(
        dir.path(),
        "local.toml",
        "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"org/regional.toml\"\nextends_version = \"3\"\n\
         [duties.ccrf]\nowner = \"reporter\"\n",
    );
    let p = load(&local).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.duties["ccrf"].title, "Regional CCRF");
    assert_eq!(p.duties["ccrf"].owner, "reporter");
    assert_eq!(p.duties["ccrf"].rules.len(), default.duties["ccrf"].rules.len());
    let o = p.overlay.as_ref().unwrap();
    let bases: Vec<_> = o.bases.iter().map(|b| (b.id.as_str(), b.version.as_str())).collect();
    assert_eq!(bases, [("regional", "3"), ("safeguard-default", default.version.as_str())]);
    let by: Vec<_> = o
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.by.ends_with("regional.toml"), c.fields.clone()))
        .collect();
    assert_eq!(
        by,
        [
            ("duties.ccrf", true, vec!["title".to_string(), "owner".to_string()]),
            ("duties.ccrf", false, vec!["owner".to_string()])
        ]
    );
    assert!(o.drift.is_empty());
}

#[test]
fn a_cycle_of_extends_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let head = |id: &str, base: &str| {
        format!("id = {id:?}\nversion = \"1\"\ntitle = \"T\"\nextends = {base:?}\nextends_version = \"1\"\n")
    };
    let a = write(dir.path(), "a.toml", &head("a", "b.toml"));
    write(dir.path(), "b.toml", &head("b", "./a.toml"));
    let e = load(&a).unwrap_err().to_string();
    assert!(e.contains("cycle") && e.contains("a.toml extends") && e.contains("b.toml extends"), "{e}");
    let own = write(dir.path(), "self.toml", &head("s", "self.toml"));
    let e = load(&own).unwrap_err().to_string();
    assert!(e.contains("cycle"), "{e}");
}

#[test]
fn a_problem_in_a_base_is_reported_against_the_base() {
    let dir = tempfile::tempdir().unwrap();
    let default = Policy::default_policy();
    write(
        dir.path(),
        "base.toml",
        &format!(
            "id = \"b\"\nversion = \"1\"\ntitle = \"B\"\nextends = \"safeguard-default\"\nextends_version = {:?}\n\
             [duties.ccrf]\nowner = \"nobody\"\n",
            default.version
        ),
    );
    let local = write(
        dir.path(),
        "local.toml",
        "id = \"l\"\nversion = \"1\"\ntitle = \"L\"\nextends = \"base.toml\"\nextends_version = \"1\"\n",
    );
    let e = load(&local).unwrap_err().to_string();
    assert!(e.contains("base.toml (an overlay on safeguard-default"), "{e}");
    assert!(e.contains("owner \"nobody\""), "{e}");
    let missing = write(
        dir.path(),
        "missing.toml",
        "id = \"l\"\nversion = \"1\"\ntitle = \"L\"\nextends = \"nowhere.toml\"\nextends_version = \"1\"\n",
    );
    let e = load(&missing).unwrap_err().to_string();
    assert!(e.contains("missing.toml") && e.contains("nowhere.toml"), "{e}");
}

#[test]
fn an_overlay_on_an_older_default_is_told_what_changed_since() {
    let default = Policy::default_policy();
    let entry = default.changelog.iter().find(|e| e.version == default.version).unwrap();
    let touched = entry.changed.first().expect("the current entry changes something");
    let (section, id) = touched.split_once('.').unwrap();
    // The overlay changes one of the ids the current version changed: a likely conflict.
    let field = match section {
        s if s.ends_with("nodes") => "source",
        "retention" => "basis",
        _ => "title",
    };
    let over = match section {
        "nodes" | "decision_nodes" => format!("[[{section}]]\nid = {id:?}\n{field} = \"local\"\n"),
        // A section of bindings: one of its bindings given again.
        "bindings" => {
            let all = toml::Value::try_from(&default.bindings).unwrap();
            let (k, v) = all[id].as_table().unwrap().iter().next().unwrap();
            format!("[bindings.{id}]\n{k} = {v}\n")
        }
        _ => format!("[{section}.{id}]\n{field} = \"local\"\n"),
    };
    let text = format!(
        "id = \"local\"\nversion = \"1\"\ntitle = \"Local\"\nextends = \"safeguard-default\"\nextends_version = \"2000.1.1\"\n{over}"
    );
    let p = Policy::parse(&text, "local.toml").unwrap_or_else(|e| panic!("{e}"));
    let drift = &p.overlay.as_ref().unwrap().drift;
    assert_eq!(drift.len(), 1);
    let w = drift[0].warning();
    assert!(w.contains("written against safeguard-default 2000.1.1"), "{w}");
    assert!(w.contains(&format!("now {}", default.version)), "{w}");
    for id in entry.changed.iter().chain(&entry.added).chain(&entry.removed) {
        assert!(w.contains(id.as_str()), "{id} missing from:\n{w}");
    }
    let line = w.lines().find(|l| l.contains(touched.as_str())).unwrap();
    assert!(line.contains("local.toml changes this too"), "{line}");
    let pointed: Vec<_> = w.lines().filter(|l| l.contains("<-")).collect();
    assert!(!pointed.is_empty(), "{w}");
    // Only the overlaid id is pointed out (once for each version that changed it).
    assert!(pointed.iter().all(|l| l.contains(touched.as_str())), "{w}");
    assert!(w.contains(&format!("extends_version = {:?}", default.version)), "{w}");

    // Written against the current version: nothing to say.
    assert!(ok("").overlay.unwrap().drift.is_empty());
    // Written against a newer version than the base.
    let text = text.replace("2000.1.1", "9999.1.1");
    let w = Policy::parse(&text, "local.toml").unwrap().overlay.unwrap().drift[0].warning();
    assert!(w.contains("older"), "{w}");
}

#[test]
fn versions_compare_by_their_numbers() {
    use std::cmp::Ordering::*;
    for (a, b, o) in [
        ("2026.11.2", "2026.11.10", Less),
        ("2026.12.1", "2026.11.2", Greater),
        ("2026.11.2", "2026.11.2", Equal),
        ("2026.11", "2026.11.1", Less),
        ("2026.11.2-local.1", "2026.11.2", Greater),
        ("2027.1.1", "2026.12.31", Greater),
    ] {
        assert_eq!(version_cmp(a, b), o, "{a} vs {b}");
    }
}

#[test]
fn the_changelog_is_checked() {
    let base = "id = \"p\"\nversion = \"2\"\ntitle = \"P\"\nstart = \"q\"\n";
    let rest = "[outcomes.o]\ngroup = \"g\"\nrank = 1\ntitle = \"O\"\nsummary = \"s\"\nsource = \"x\"\n\
                [[nodes]]\nid = \"q\"\ntype = \"notice\"\ntext = \"t\"\nnext = \"o\"\n";
    let parse = |log: &str| Policy::parse(&format!("{base}{log}{rest}"), "p.toml");
    parse("[[changelog]]\nversion = \"2\"\nadded = [\"nodes.q\"]\n[[changelog]]\nversion = \"1\"\n").unwrap();
    let e = parse("[[changelog]]\nversion = \"1\"\n").unwrap_err().to_string();
    assert!(e.contains("no entry for this version \"2\""), "{e}");
    let e = parse("[[changelog]]\nversion = \"2\"\nchanged = [\"nodes.gone\"]\nremoved = [\"outcomes.o\"]\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("changed \"nodes.gone\" is not in the policy"), "{e}");
    assert!(e.contains("removed \"outcomes.o\" is still in the policy"), "{e}");
    let e = parse("[[changelog]]\nversion = \"2\"\nadded = [\"dutes.x\"]\n").unwrap_err().to_string();
    assert!(e.contains("no \"dutes\""), "{e}");
}

#[test]
fn the_effective_toml_is_the_merged_table_with_marks() {
    let p = ok(r#"
[remove]
roles = ["gp"]

[roles]
deputy = "the deputy"

[duties.ccrf]
owner = "deputy"

[[nodes]]
id = "subject_age"
prompt = "How old?"
"#);
    let o = p.overlay.as_ref().unwrap();
    let text = o.effective_toml(&p);
    let back: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, o.table);
    assert!(text.contains("# changed by local.toml: owner\n[duties.ccrf]\n"), "{text}");
    assert!(text.contains("# added by local.toml\ndeputy = \"the deputy\""), "{text}");
    assert!(text.contains("# removed by local.toml: roles.gp"), "{text}");
    assert!(text.contains("# changed by local.toml: prompt\n[[nodes]]\nid = \"subject_age\""), "{text}");
    // It is a plain policy that loads to the same thing.
    let again = Policy::parse(&text, "effective.toml").unwrap_or_else(|e| panic!("{e}"));
    assert!(again.overlay.is_none());
    assert_eq!(again.duties["ccrf"].owner, "deputy");
    assert_eq!(again.nodes.len(), p.nodes.len());
}

#[test]
fn the_default_emitted_reads_back_the_same() {
    let t: Table = toml::from_str(DEFAULT_POLICY).unwrap();
    let mut out = String::new();
    emit(&mut out, &t, &BTreeMap::new(), &BTreeMap::new());
    let back: Table = toml::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(back, t);
}

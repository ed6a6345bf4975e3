//! Tables (issue 12): `list`, `review --due` and `policy show` are comfy-table tables with
//! headers; a long name wraps inside its column and never breaks the columns; into a pipe
//! they take a stable width, and carry no colour unless asked.

use crate::common::{Env, table_headed, tables};
use crate::raise::raise;

const LONG: &str =
    "Oakview Care Home and Nursing Services for Older People (North Shields branch, east wing)";

fn provider(env: &Env) -> String {
    let answers = format!(
        "immediate_risk = \"no\"\nabout = \"provider\"\nsubject_name = \"{LONG}\"\ndescription = \"Wet beds.\"\n\
         noticed_at = 2026-11-20T10:00:00Z\nabuse_suspected = \"no\"\n"
    );
    raise(env, &answers)["id"].as_str().unwrap().to_owned()
}

#[test]
fn list_is_a_table_whose_long_names_wrap_inside_their_column() {
    let env = Env::with_store();
    let id = provider(&env);
    let shown = env.run(&["list"]).ok().stdout;
    let t = table_headed(&shown, "Concern");
    assert_eq!(t[0], ["Concern", "About", "Status", "Who", "Recommendation", "Decision"]);
    assert_eq!(t.len(), 2, "{shown}");
    assert_eq!(t[1][0], id);
    assert_eq!(t[1][3], LONG, "the name is whole once its lines are joined:\n{shown}");
    assert!(shown.lines().filter(|l| l.contains(&LONG[..10])).count() == 1, "it wrapped:\n{shown}");
    // Into a pipe: the stable width, and no colour (NO_COLOR is set).
    assert!(shown.lines().all(|l| l.chars().count() <= 100), "{shown}");
    assert!(!shown.contains('\x1b'), "{shown:?}");
    assert_eq!(env.run(&["--color", "never", "list"]).ok().stdout, shown);
    // Without NO_COLOR: a pipe still gets none, unless asked for with --color always.
    let mut env = env;
    env.unset("NO_COLOR");
    assert_eq!(env.run(&["list"]).ok().stdout, shown);
    let coloured = env.run(&["--color", "always", "list"]).ok().stdout;
    assert!(coloured.contains("\x1b["), "--color always styles the table: {coloured:?}");
}

#[test]
fn review_due_is_a_table_of_what_is_overdue() {
    let mut env = Env::with_store();
    let id = provider(&env);
    env.set("SAFEGUARD_NOW", "2026-12-01T10:00:00Z");
    let shown = env.run(&["review", "--due"]).ok().stdout;
    let t = table_headed(&shown, "");
    assert_eq!(t[0], ["", "Concern", "Duty", "Who", "Due"]);
    assert!(t.len() > 1, "{shown}");
    for row in &t[1..] {
        assert_eq!(row[0], "OVERDUE", "{shown}");
        assert_eq!(row[1], id);
        assert!(row[4].contains("overdue by"), "{shown}");
        // Times as people say them, UK time (issue 16): "Tue 24 Nov 2026 10:00", no zone.
        assert!(row[4].starts_with("Mon 23 Nov 2026 10:00 overdue") && !row[4].contains("GMT"), "{shown}");
    }
    assert!(shown.starts_with("Due or overdue (UK time; now Tue 1 Dec 2026 10:00):"), "{shown}");
    assert!(shown.lines().all(|l| l.chars().count() <= 100), "{shown}");
}

#[test]
fn policy_show_lists_outcomes_duties_events_and_bindings_in_tables() {
    let env = Env::new();
    let shown = env.run(&["policy", "show"]).ok().stdout;
    let heads: Vec<String> = tables(&shown).iter().map(|t| t[0][0].clone()).collect();
    assert_eq!(heads, ["Outcome", "Duty", "Event", "Route", "Binding"], "{shown}");
    let outcomes = table_headed(&shown, "Outcome");
    let urgent = outcomes.iter().find(|r| r[0] == "urgent-referral").expect("urgent-referral");
    assert_eq!(urgent[1], "child");
    assert!(urgent[3].contains("003 §6.21"), "{shown}");
    let duties = table_headed(&shown, "Duty");
    assert!(duties.iter().any(|r| r[0] == "dp-decision"), "{shown}");
}

/// Issue 16: `review --due` names each duty's owner: the person who raised the concern for the
/// reporter's duties, the config's contact for a role, beside the role's title.
#[test]
fn review_due_names_the_owners() {
    let mut env = Env::with_store();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, "[contacts.designated-person]\nname = \"Dana Price\"\n").unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
         primary_category = \"neglect\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n\
         noticed_at = 2026-11-23T09:00:00Z\n",
    );
    env.set("SAFEGUARD_NOW", "2026-12-01T10:00:00Z");
    let due = env.run(&["review", "--due", "--json"]).ok().json();
    let owner = |kind: &str| {
        due.as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap_or_else(|| panic!("{kind}: {due}"))
            ["owner_name"]
            .clone()
    };
    // Worded as the text view words it.
    assert_eq!(owner("report-to-line-manager"), "Sam Jones, Support worker (the person who raised it)");
    assert_eq!(owner("dp-decision"), "Dana Price");
    let shown = env.run(&["review", "--due"]).ok().stdout;
    let t = table_headed(&shown, "");
    let row = t.iter().find(|r| r[2].contains("report-to-line-manager")).unwrap_or_else(|| panic!("{shown}"));
    // Named for whoever reads the list, not "you" (issue 19).
    assert_eq!(row[3], "Sam Jones, Support worker (the person who raised it)", "{shown}");
    let row = t.iter().find(|r| r[2].contains("dp-decision")).unwrap_or_else(|| panic!("{shown}"));
    assert!(row[3].contains("Dana Price"), "{shown}");
}

/// Issue 16: `drafts discard` deletes for good only when told to: without a terminal it needs
/// --yes, and an unknown draft is an error.
#[test]
fn drafts_discard_without_a_terminal_needs_yes() {
    let env = Env::with_store();
    let e = env.run(&["drafts", "discard", "D-00000000"]).code(2).stderr;
    assert!(e.contains("--yes"), "{e}");
    let run = env.run(&["drafts", "discard", "D-00000000", "--yes"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("D-00000000"), "{}", run.stderr);
}

/// Issue 16: the root help starts where a care worker starts, and lists the common commands first.
#[test]
fn the_root_help_starts_with_raise() {
    let env = Env::new();
    let help = env.run(&["--help"]).ok().stdout;
    assert!(help.starts_with("start here: safeguard raise"), "{help}");
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(commands[..4], ["raise", "mine", "list", "drafts"], "{help}");
    let short = env.run(&["-h"]).ok().stdout;
    assert!(short.starts_with("start here: safeguard raise"), "{short}");
}

/// Issue 18: a morning screen (`--all`) longer than one laid-out part (512 rows) is written as it is read,
/// in the first part's frame. It stays one table whose every line is as wide as its border,
/// with each duty of the JSON list once, in the same order.
#[test]
fn a_long_review_due_table_keeps_its_columns_past_the_first_part() {
    let env = many_due(520);
    let due = env.run(&["review", "--due", "--json"]).ok().json();
    let due = due.as_array().unwrap();
    assert!(due.len() > 512, "{} rows", due.len());
    let shown = env.run(&["review", "--due", "--all"]).ok().stdout;
    let t = table_headed(&shown, "");
    assert_eq!(t.len() - 1, due.len(), "one row a duty:\n{shown}");
    for (row, d) in t[1..].iter().zip(due) {
        assert_eq!(row[1], d["concern"].as_str().unwrap(), "{shown}");
        assert!(row[2].contains(d["kind"].as_str().unwrap()), "{row:?}");
    }
    let lines: Vec<&str> =
        shown.lines().skip_while(|l| !l.starts_with('┌')).take_while(|l| !l.is_empty()).collect();
    assert!(lines.last().unwrap().starts_with('└'), "one table to its bottom border");
    let width = lines[0].chars().count();
    assert!(lines.iter().all(|l| l.chars().count() == width), "every line as wide as the border");
    assert!(!shown.contains("more not shown"), "--all leaves nothing out:\n{shown}");
}

/// Issue 18: the morning screen lists the 200 most urgent due duties, the same ones and in the
/// same order as the first 200 of the JSON (which lists every one), and says how many it left
/// out, how many there are in all and how many of them are overdue, and how to see them all.
/// With `--within` the count takes in the soon-due ones too, and a screen that fits says nothing.
#[test]
fn the_morning_screen_lists_the_most_urgent_and_counts_the_rest() {
    let mut env = many_due(230);
    let due = env.run(&["review", "--due", "--json"]).ok().json();
    let due = due.as_array().unwrap();
    assert!(due.len() > 200, "{} rows", due.len());
    let overdue = due.iter().filter(|d| d["status"] == "overdue").count();
    let shown = env.run(&["review", "--due"]).ok().stdout;
    let t = table_headed(&shown, "");
    assert_eq!(t.len() - 1, 200, "the 200 most urgent:\n{shown}");
    for (row, d) in t[1..].iter().zip(due) {
        assert_eq!(row[1], d["concern"].as_str().unwrap(), "{shown}");
        assert!(row[2].contains(d["kind"].as_str().unwrap()), "{row:?}");
    }
    let rest = due.len() - 200;
    let said = format!("{rest} more not shown ({} in all, {overdue} of them overdue).", due.len());
    assert!(shown.contains(&said), "{said}\n{shown}");
    assert!(shown.contains("`safeguard review --due --all` lists every one"), "{shown}");

    // A day earlier some are not yet overdue: --within 2d takes them in and the count says so.
    env.set("SAFEGUARD_NOW", "2026-11-24T10:00:00Z");
    let soon = env.run(&["review", "--due", "--within", "14d", "--json"]).ok().json();
    let soon = soon.as_array().unwrap();
    let overdue = soon.iter().filter(|d| d["status"] == "overdue").count();
    assert!(overdue < soon.len() && soon.len() > 200, "{overdue} of {}", soon.len());
    let shown = env.run(&["review", "--due", "--within", "14d"]).ok().stdout;
    let said =
        format!("{} more not shown ({} in all, {overdue} of them overdue).", soon.len() - 200, soon.len());
    assert!(shown.contains(&said), "{said}\n{shown}");

    // A short screen is whole and says nothing of the rest.
    let few = many_due(1);
    let shown = few.run(&["review", "--due"]).ok().stdout;
    assert!(!table_headed(&shown, "").is_empty() && !shown.contains("not shown"), "{shown}");
}

/// Issue 18: the screen names the 20 oldest open concerns with no review date set and counts
/// the rest (a store of thousands would print every id on one line); `--all` names every one,
/// oldest first. The same for frozen concerns.
#[test]
fn the_morning_screen_names_the_oldest_concerns_with_no_review_date_and_counts_the_rest() {
    let env = many_due_with(150, |d| d.kind != "dp-review");
    let line = |shown: &str| {
        let l = shown.lines().find(|l| l.starts_with("Open concerns with no review date set: "));
        l.unwrap_or_else(|| panic!("{shown}")).to_owned()
    };
    let all = line(&env.run(&["review", "--due", "--all"]).ok().stdout);
    let ids: Vec<&str> =
        all.trim_start_matches("Open concerns with no review date set: ").split(", ").collect();
    assert!(ids.len() > 20, "{all}");
    // Every concern but the one raised through the tool (which has its review) is one of them.
    let listed = env.run(&["list", "--json"]).ok().json();
    let open = listed.as_array().unwrap().len();
    assert_eq!(ids.len(), open - 1, "{all}");
    let mut by_number = ids.clone();
    by_number.sort_by_key(|id| id.rsplit('-').next().unwrap().parse::<u32>().unwrap());
    assert_eq!(ids, by_number, "oldest first: {all}");
    assert!(!all.contains("names every one"), "{all}");
    let screen = line(&env.run(&["review", "--due"]).ok().stdout);
    let want = format!(
        "Open concerns with no review date set: {} (the 20 oldest of {}; `safeguard review --due --all` names every one)",
        ids[..20].join(", "),
        ids.len()
    );
    assert_eq!(screen, want);

    // Frozen concerns: the same, on their own line.
    for id in &ids[..21] {
        env.run(&["freeze", id, "--reason", "Practice review asked for by the partnership"]).ok();
    }
    let line = |shown: &str| {
        let l = shown.lines().find(|l| l.starts_with("Frozen for a practice review"));
        l.unwrap_or_else(|| panic!("{shown}")).to_owned()
    };
    let all = line(&env.run(&["review", "--due", "--all"]).ok().stdout);
    assert!(all.ends_with(&format!(": {}", ids[..21].join(", "))), "{all}");
    let screen = line(&env.run(&["review", "--due"]).ok().stdout);
    let want = format!(
        ": {} (the 20 oldest of 21; `safeguard review --due --all` names every one)",
        ids[..20].join(", ")
    );
    assert!(screen.ends_with(&want), "{screen}");
}

/// A store with `rows` or a few more open duties due by 2026-12-01 10:00 (the environment's
/// "now"): one raised concern and copies of it, written straight to the store.
fn many_due(rows: usize) -> Env {
    many_due_with(rows, |_| true)
}

/// [`many_due`], the copies keeping only the duties `keep` keeps.
fn many_due_with(rows: usize, keep: impl Fn(&safeguard::domain::duty::Planned) -> bool) -> Env {
    use safeguard::secret::Secret;
    use safeguard::store::Store;
    use safeguard::store::records::NewConcern;
    let mut env = Env::with_store();
    let first = raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
         primary_category = \"neglect\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n\
         noticed_at = 2026-11-23T09:00:00Z\n",
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret = Secret::new(zeroize::Zeroizing::new(crate::common::PASS.to_owned())).unwrap();
    let mut store = Store::open(&env.store(), &secret).unwrap();
    let body: serde_json::Value =
        serde_json::from_str(store.entries(&first).unwrap()[0].body.text()).unwrap();
    let duties: Vec<safeguard::domain::duty::Planned> =
        serde_json::from_value(body["duties"].clone()).unwrap();
    assert!(!duties.is_empty());
    let copies = if rows <= 1 { 0 } else { rows / duties.len() + 1 };
    for i in 0..copies {
        let mut b = body.clone();
        b["subject"]["initials"] = serde_json::json!(format!("X{i}"));
        let at: chrono::DateTime<chrono::Utc> = crate::common::NOW.parse().unwrap();
        let c = NewConcern {
            about: "child".into(),
            raised_at: at,
            recorded_at: at,
            recommendation: "child-protection-referral".into(),
            anonymous: false,
            summary: b["subject"].clone(),
            policy_id: "safeguard-default".into(),
            policy_version: "test".into(),
            policy_hash: "test".into(),
            signer: None,
            body: b,
            duties: duties.iter().filter(|d| keep(d)).cloned().collect(),
        };
        store.create_concern(&c, None).unwrap();
    }
    drop(store);
    env.set("SAFEGUARD_NOW", "2026-12-01T10:00:00Z");
    env
}

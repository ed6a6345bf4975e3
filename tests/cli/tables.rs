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
    }
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

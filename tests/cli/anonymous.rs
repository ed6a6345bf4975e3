//! Code RED anonymity (seed 000, DOMAIN.md §6.6): no reporter identity is stored anywhere.

use rusqlite::types::ValueRef;

use crate::common::{Env, PASS, contains};

/// Every value of every table of the store, opened with the key, as text.
fn everything_in(store: &std::path::Path) -> String {
    let c = rusqlite::Connection::open(store).unwrap();
    c.pragma_update(None, "key", PASS).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut all = String::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                match r.get_ref(i).unwrap() {
                    ValueRef::Text(b) | ValueRef::Blob(b) => all.push_str(&String::from_utf8_lossy(b)),
                    ValueRef::Integer(x) => all.push_str(&x.to_string()),
                    _ => {}
                }
                all.push('\n');
            }
        }
    }
    all
}

#[test]
fn an_anonymous_report_keeps_no_trace_of_the_reporter() {
    let mut env = Env::with_store();
    env.set("USER", "zq9loginname").set("LOGNAME", "zq9loginname");
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, "[user]\nname = \"Configured Qx7name\"\nrole = \"Night support\"\n").unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    let file = env.path("cr.toml");
    std::fs::write(&file, "immediate_risk = \"no\"\ncode_red_reason = \"abuse\"\ndescription = \"A resident is being shouted at by the night team.\"\n").unwrap();
    let rec = env.run(&["raise", "--anonymous", "--answers", file.to_str().unwrap(), "--json"]).ok().json();
    assert_eq!(rec["anonymous"], true);
    assert_eq!(rec["timeline"][0]["signed_by"], "anonymous");

    let dump = everything_in(&env.store());
    assert!(dump.contains("shouted at"), "the dump did not read the record");
    for trace in ["zq9loginname", "Qx7name", "Night support"] {
        assert!(!dump.contains(trace), "{trace} is stored in an anonymous report");
    }
    // And nothing in the files themselves, in any form.
    for name in ["default.db", "default.db-wal", "default.db-shm"] {
        if let Ok(bytes) = std::fs::read(env.path("data/safeguard").join(name)) {
            assert!(!contains(&bytes, b"zq9loginname"));
        }
    }
}

#[test]
fn a_named_report_is_signed_by_the_roster_person_not_the_configured_user() {
    let mut env = Env::with_store();
    let cfg = env.path("config.toml");
    std::fs::write(&cfg, "[user]\nname = \"Pat Lee\"\nrole = \"Residential worker\"\n").unwrap();
    env.set("SAFEGUARD_CONFIG", cfg.to_str().unwrap());
    let file = env.path("a.toml");
    std::fs::write(&file, "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"X\"\ndescription = \"Shouted at a child.\"\n").unwrap();
    let rec = env.run(&["raise", "--answers", file.to_str().unwrap(), "--json"]).ok().json();
    // The entry is signed by whoever holds the signing key, as the roster names them (issue 14);
    // a name in the config is not a signature.
    assert_eq!(rec["timeline"][0]["signed_by"], "Dee Pee (designated-person)");
    assert_eq!(rec["anonymous"], false);
}

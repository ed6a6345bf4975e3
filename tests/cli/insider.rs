//! Issue 14's insider attacks through a second, independent SQLCipher client: Python's
//! `sqlcipher3` (tests/fixtures/insider.py), as a member of staff with the passphrase would use
//! it. Each attack works on its own copy of one store and is named by `verify` (exit 7), or, for
//! what leaves a sound older store (the last entry deleted, an older copy put back), by `verify
//! --expect-head` against the head recorded before. An extra check: `.ci/run` makes a venv with
//! the `sqlcipher3-binary` and `cryptography` wheels and gives its python as
//! SAFEGUARD_INSIDER_PYTHON. The same attacks made with rusqlite are in journal.rs and signed.rs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Env, PASS};
use crate::raise::raise;

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"Bruises.\"\nsignificant_harm = \"yes\"\n";

struct Insider {
    python: PathBuf,
    script: PathBuf,
    key: PathBuf,
}

impl Insider {
    /// Runs one attack on `store`.
    #[track_caller]
    fn attack(&self, store: &Path, args: &[&str]) {
        let out = Command::new(&self.python)
            .arg(&self.script)
            .arg(store)
            .args(args)
            .env("SAFEGUARD_PASSPHRASE", PASS)
            .env("INSIDER_KEY", &self.key)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
#[ignore = "extra check: needs Python with sqlcipher3 and cryptography (SAFEGUARD_INSIDER_PYTHON); .ci/run makes a venv"]
fn every_insider_attack_through_a_second_sqlcipher_client_is_named_by_verify() {
    let python = std::env::var_os("SAFEGUARD_INSIDER_PYTHON").map(PathBuf::from).expect(
        "this extra check needs SAFEGUARD_INSIDER_PYTHON: a python with the sqlcipher3-binary and \
         cryptography wheels (.ci/run makes one in a venv)",
    );
    let dp = Env::with_store();
    let lm = dp.person();
    let ivy = dp.person();
    let lm_key = lm.signing_key();
    dp.run(&[
        "roster",
        "add",
        "--name",
        "Lee Manager",
        "--login",
        "lee",
        "--roles",
        "line-manager",
        "--key",
        &lm_key,
    ])
    .ok();
    for _ in 0..3 {
        raise(&dp, CHILD);
    }
    lm.run(&["log", "SG-2026-0001", "line-manager-discussed", "--note", "Talked it through."]).ok();
    dp.run(&["log", "SG-2026-0001", "phone-referral", "--note", "MASH told."]).ok();
    dp.run(&["log", "SG-2026-0003", "note", "--note", "Last word."]).ok();
    let v = dp.run(&["verify", "--json"]).ok().json();
    assert_eq!(v["length"], 8, "{v}");
    let before = format!("{}:{}", v["head"].as_str().unwrap(), v["length"]);
    let old = dp.path("older.db");
    std::fs::copy(dp.store(), &old).unwrap();
    dp.run(&["log", "SG-2026-0002", "note", "--note", "After the copy."]).ok();
    let latest = {
        let v = dp.run(&["verify", "--json"]).ok().json();
        format!("{}:{}", v["head"].as_str().unwrap(), v["length"])
    };
    let insider = Insider {
        python,
        script: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/insider.py"),
        key: ivy.path("data/safeguard/identity/signing-key.txt"),
    };
    let attacked = |name: &str, args: &[&str]| -> PathBuf {
        let copy = dp.path(&format!("{name}.db"));
        std::fs::copy(dp.store(), &copy).unwrap();
        insider.attack(&copy, args);
        copy
    };
    let verify = |db: &Path, extra: &[&str]| {
        let mut args = vec!["--db", db.to_str().unwrap(), "verify"];
        args.extend_from_slice(extra);
        dp.run(&args)
    };
    #[track_caller]
    fn named(run: crate::common::Run, what: &str, names: &[&str]) {
        let run = run.code(7);
        for n in names {
            assert!(run.stderr.contains(n), "{what}: {n:?} is not named:\n{}", run.stderr);
        }
    }
    let lee = "Lee Manager (line-manager)";
    let dee = format!("{} (designated-person)", crate::common::NAME);
    let cases: Vec<(&str, Vec<&str>, Vec<String>)> = vec![
        (
            "rewrite",
            vec!["rewrite", "SG-2026-0002", "keep-under-review"],
            vec!["signatures: entry 4 (SG-2026-0002, raised".into(), "forged or altered".into()],
        ),
        (
            "delete-concern",
            vec!["delete-concern", "SG-2026-0002"],
            vec!["filed under SG-2026-0002 but records raising SG-2026-0003".into()],
        ),
        (
            "relabel",
            vec!["relabel", "6", &dee],
            vec![format!("entry 6 (SG-2026-0001, event, signed by {dee}): it says it is signed by")],
        ),
        (
            "borrow-key",
            vec!["borrow-key", "8", lee, &lm_key],
            vec![format!("entry 8 (SG-2026-0003, event, signed by {lee})"), "forged or altered".into()],
        ),
        (
            "sign-own",
            vec!["sign-own", "8", &dee],
            vec!["entry 8 (SG-2026-0003, event".into(), "a key that is not on the roster".into()],
        ),
        (
            "roster-self",
            vec!["roster-self", "Ivy Insider"],
            vec!["entry 10 (the roster, roster-add".into(), "may not change it".into()],
        ),
        ("unsign", vec!["unsign"], vec!["signed by nobody and the store has no roster".into()]),
        (
            "close-in-table",
            vec!["close-in-table", "SG-2026-0002"],
            vec![
                "concern SG-2026-0002: status is \"closed\" in the table but \"open\" by the journal".into(),
            ],
        ),
        (
            "plant",
            vec!["plant"],
            vec![
                "schema: trigger \"quiet\"".into(),
                "view \"open_duties\"".into(),
                "index \"spare\"".into(),
                "table \"notes_of_mine\"".into(),
            ],
        ),
        (
            "backdate",
            vec!["backdate", "5"],
            vec![
                "entry 5 (SG-2026-0003, raised) is recorded at 2026-11-20T10:00:00Z, earlier than entry 4"
                    .into(),
            ],
        ),
    ];
    for (name, args, names) in &cases {
        let copy = attacked(name, args);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        named(verify(&copy, &[]), name, &names);
        // What rewrites the chain no longer holds the head recorded before (a roster entry
        // appended, the tables or the schema edited, leave the chain as it was).
        if !["roster-self", "close-in-table", "plant"].contains(name) {
            named(verify(&copy, &["--expect-head", &latest]), name, &["does not hold the expected head"]);
        }
    }
    // A planted trigger never fires: no other command opens the store.
    let planted = dp.path("plant.db");
    named(
        dp.run(&["--db", planted.to_str().unwrap(), "log", "SG-2026-0001", "note", "--note", "n"]),
        "plant",
        &["trigger \"quiet\" on duties"],
    );
    // The last entry deleted and meta fixed: a sound older store, told apart only by the head.
    let dropped = attacked("delete-last", &["delete-last"]);
    verify(&dropped, &[]).ok();
    named(verify(&dropped, &["--expect-head", &latest]), "delete-last", &["does not hold the expected head"]);
    // An older copy put back over the store: the same.
    std::fs::copy(&old, dp.store()).unwrap();
    dp.run(&["verify", "--expect-head", &before]).ok();
    named(
        dp.run(&["verify", "--expect-head", &latest]),
        "rollback",
        &["does not hold the expected head", "now has 8 entries"],
    );
    // meta.clock set to fixed on a store made with the system clock: named, and SAFEGUARD_NOW is
    // still refused.
    let mut sys = Env::new();
    sys.set("SAFEGUARD_NOW", "");
    sys.run(&["init"]).ok();
    insider.attack(&sys.store(), &["clock-fixed"]);
    named(sys.run(&["verify"]), "clock-fixed", &["meta.clock says the store was made with the fixed clock"]);
    sys.set("SAFEGUARD_NOW", "2026-11-20T10:00:00Z");
    let run = sys.run(&["list"]).code(2);
    assert!(run.stderr.contains("created with the system clock"), "{}", run.stderr);
}

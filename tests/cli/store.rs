//! The encrypted store: creation, passphrases, rekey, backup, migrations (issue 2).

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use safeguard::secret::Secret;
use safeguard::store::{Options, Store};
use zeroize::Zeroizing;

use crate::common::{Env, PASS, contains, finish, write_mode};

fn secret(s: &str) -> Secret {
    Secret::new(Zeroizing::new(s.to_owned())).unwrap()
}

/// A cheap key derivation for tests that only exercise the library (never used by the binary).
fn fast() -> Options {
    Options { kdf_iter: 2_000, ..Options::default() }
}

fn mode_of(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_makes_a_private_encrypted_file() {
    let env = Env::with_store();
    let db = env.store();
    let head = std::fs::read(&db).unwrap();
    assert_ne!(&head[..16], b"SQLite format 3\0", "the store starts like a plain SQLite file");
    assert_eq!(mode_of(&db), 0o600);
    assert_eq!(mode_of(db.parent().unwrap()), 0o700);
    env.run(&["verify"]).ok();
}

#[test]
fn a_marker_written_to_the_store_appears_in_none_of_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let marker = "MARKER-7f3a9c-PLAINTEXT-CANARY";
    let store = Store::create_with(&path, &secret(PASS), fast()).unwrap();
    store.conn().execute("INSERT INTO meta(key, value) VALUES ('canary', ?1)", [marker]).unwrap();
    // Read the files while the connection is open, so the -wal and -shm files exist.
    let mut seen = 0;
    for suffix in ["", "-wal", "-shm"] {
        let p = dir.path().join(format!("s.db{suffix}"));
        if let Ok(bytes) = std::fs::read(&p) {
            seen += 1;
            assert!(!contains(&bytes, marker.as_bytes()), "{} holds the plaintext marker", p.display());
            assert_eq!(mode_of(&p), 0o600, "{} is not 0600", p.display());
        }
    }
    assert!(seen >= 2, "expected the store and its WAL to exist");
    drop(store);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!contains(&bytes, marker.as_bytes()));
    // And the marker really is there for the key holder.
    let store = Store::open_with(&path, &secret(PASS), fast()).unwrap();
    let v: String =
        store.conn().query_row("SELECT value FROM meta WHERE key='canary'", [], |r| r.get(0)).unwrap();
    assert_eq!(v, marker);
}

#[test]
fn wrong_passphrase_has_its_own_code_and_leaves_the_file_alone() {
    let mut env = Env::with_store();
    let before = std::fs::read(env.store()).unwrap();
    env.set("SAFEGUARD_PASSPHRASE", "not the passphrase");
    let run = env.run(&["list"]).code(3);
    assert!(run.stderr.contains("passphrase"), "{}", run.stderr);
    for noise in ["ERROR", "hmac", "CORE"] {
        assert!(!run.stderr.contains(noise), "SQLCipher's log leaked: {}", run.stderr);
    }
    assert_eq!(std::fs::read(env.store()).unwrap(), before, "a failed open changed the file");
}

#[test]
fn passphrases_with_quotes_spaces_and_non_ascii_work() {
    let mut env = Env::new();
    let tricky = "it's a \"quoted\" pässwörd; DROP TABLE x; -- 🔐";
    env.set("SAFEGUARD_PASSPHRASE", tricky);
    env.run(&["init"]).ok();
    assert_eq!(env.run(&["list", "--json"]).ok().json(), serde_json::json!([]));
    env.set("SAFEGUARD_PASSPHRASE", "it's a");
    env.run(&["list"]).code(3);
}

#[test]
fn passphrase_file_and_command_sources_work_in_order() {
    let mut env = Env::with_store();
    env.unset("SAFEGUARD_PASSPHRASE");
    let file = env.path("pass.txt");
    write_mode(&file, &format!("{PASS}\n"), 0o600);
    env.set("SAFEGUARD_PASSPHRASE_FILE", file.to_str().unwrap());
    env.run(&["list"]).ok();
    // The file wins over a wrong SAFEGUARD_PASSPHRASE.
    env.set("SAFEGUARD_PASSPHRASE", "wrong");
    env.run(&["list"]).ok();
    env.unset("SAFEGUARD_PASSPHRASE_FILE");
    env.run(&["list"]).code(3);
    // The command wins over the variable.
    env.set("SAFEGUARD_PASSPHRASE_COMMAND", &format!("cat {}", file.display()));
    env.run(&["list"]).ok();
    // --passphrase-file wins over everything.
    let bad = env.path("bad.txt");
    write_mode(&bad, "nope", 0o600);
    env.run(&["--passphrase-file", bad.to_str().unwrap(), "list"]).code(3);
}

#[test]
fn passphrase_file_readable_by_others_is_refused() {
    let mut env = Env::with_store();
    env.unset("SAFEGUARD_PASSPHRASE");
    let file = env.path("pass.txt");
    write_mode(&file, PASS, 0o644);
    let run = env.run(&["--passphrase-file", file.to_str().unwrap(), "list"]).code(2);
    assert!(run.stderr.contains("0644") && run.stderr.contains("chmod 600"), "{}", run.stderr);
}

#[test]
fn no_terminal_and_no_passphrase_fails_at_once() {
    let mut env = Env::with_store();
    env.unset("SAFEGUARD_PASSPHRASE");
    // stdin is an open pipe that never says anything: reading it would hang.
    let mut child = env
        .command(&["list"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let start = Instant::now();
    let run = finish(child, Duration::from_secs(10)).expect("hung waiting for a passphrase");
    let took = start.elapsed();
    drop(stdin);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("SAFEGUARD_PASSPHRASE_FILE"), "{}", run.stderr);
    assert!(took < Duration::from_secs(1), "took {took:?} to give up");
}

#[test]
fn commands_on_a_missing_store_say_how_to_create_one() {
    let env = Env::new();
    for cmd in [&["list"][..], &["verify"], &["backup", "x.db"], &["rekey"]] {
        let run = env.run(cmd).code(4);
        assert!(run.stderr.contains("safeguard init"), "{}", run.stderr);
    }
    assert!(!env.store().exists(), "a command created the store silently");
}

#[test]
fn init_refuses_to_overwrite() {
    let env = Env::with_store();
    let before = std::fs::read(env.store()).unwrap();
    let run = env.run(&["init"]).code(1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read(env.store()).unwrap(), before);
}

#[test]
fn rekey_changes_the_passphrase() {
    let mut env = Env::with_store();
    let newfile = env.path("new.txt");
    write_mode(&newfile, "a brand new passphrase\n", 0o600);
    env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", newfile.to_str().unwrap());
    env.run(&["rekey"]).ok();
    env.unset("SAFEGUARD_NEW_PASSPHRASE_FILE");
    env.run(&["list"]).code(3);
    env.set("SAFEGUARD_PASSPHRASE", "a brand new passphrase");
    env.run(&["verify"]).ok();
}

#[test]
fn rekey_with_no_new_passphrase_source_changes_nothing() {
    let env = Env::with_store();
    let run = env.run(&["rekey"]).code(2);
    assert!(run.stderr.contains("passphrase"), "{}", run.stderr);
    env.run(&["verify"]).ok();
}

#[test]
fn backup_is_encrypted_and_opens_with_the_same_passphrase() {
    let mut env = Env::with_store();
    let copy = env.path("copy.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    let bytes = std::fs::read(&copy).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert_eq!(mode_of(&copy), 0o600);
    env.run(&["--db", copy.to_str().unwrap(), "verify"]).ok();
    // An existing file is never overwritten.
    let run = env.run(&["backup", copy.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    env.set("SAFEGUARD_PASSPHRASE", "other");
    env.run(&["--db", copy.to_str().unwrap(), "list"]).code(3);
    // No temporary file is left beside the copy.
    let names: Vec<_> = std::fs::read_dir(env.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().contains("partial")), "{names:?}");
}

#[test]
fn a_version_one_store_is_upgraded_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let old = Store::create_with(&path, &secret(PASS), Options { schema_target: 1, ..fast() }).unwrap();
    assert_eq!(old.schema_version().unwrap(), 1);
    let has_drafts = |s: &Store| -> bool {
        s.conn()
            .query_row("SELECT count(*) FROM sqlite_master WHERE name='drafts'", [], |r| r.get::<_, i64>(0))
            .unwrap()
            == 1
    };
    assert!(!has_drafts(&old));
    drop(old);
    let new = Store::open_with(&path, &secret(PASS), fast()).unwrap();
    assert_eq!(new.schema_version().unwrap(), safeguard::store::SCHEMA_VERSION);
    assert!(has_drafts(&new));
}

#[test]
fn a_store_from_a_newer_binary_is_refused() {
    let env = Env::with_store();
    {
        let s = Store::open(&env.store(), &secret(PASS)).unwrap();
        s.conn().pragma_update(None, "user_version", 999).unwrap();
    }
    let run = env.run(&["list"]).code(9);
    assert!(run.stderr.contains("999") && run.stderr.contains("newer"), "{}", run.stderr);
}

#[test]
fn a_plain_sqlite_file_is_not_mistaken_for_a_store() {
    let env = Env::new();
    let path = env.path("plain.db");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    drop(c);
    let run = env.run(&["--db", path.to_str().unwrap(), "list"]).code(7);
    assert!(run.stderr.contains("unencrypted"), "{}", run.stderr);
}

#[test]
fn a_truncated_store_is_reported_as_damaged() {
    let env = Env::with_store();
    let bytes = std::fs::read(env.store()).unwrap();
    std::fs::write(env.store(), &bytes[..bytes.len() - 1000]).unwrap();
    let run = env.run(&["verify"]).code(7);
    assert!(run.stderr.contains("damaged"), "{}", run.stderr);
}

#[test]
fn the_store_opens_with_a_second_sqlcipher_client_setting() {
    // SQLCipher 4 defaults: any SQLCipher 4 client opens the file with just the passphrase.
    let env = Env::with_store();
    let c = rusqlite::Connection::open(env.store()).unwrap();
    c.pragma_update(None, "key", PASS).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM concerns", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn init_through_a_passphrase_file_leaves_no_plaintext_copy() {
    let mut env = Env::new();
    env.unset("SAFEGUARD_PASSPHRASE");
    let file = env.path("p");
    write_mode(&file, "zebra-unique-passphrase-123", 0o600);
    let mut cmd = env.command(&["--passphrase-file", file.to_str().unwrap(), "init"]);
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut all = Vec::new();
    for e in walk(&env.path("data")) {
        all.extend(std::fs::read(e).unwrap());
    }
    assert!(!contains(&all, b"zebra-unique-passphrase-123"));
    let _ = std::io::stderr().flush();
}

pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The files a failed command must leave exactly as they were: the store and anything beside it.
fn snapshot(dir: &std::path::Path) -> Vec<(std::ffi::OsString, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| (e.file_name(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// A crashed `init` of an older binary left a 0-byte store (59 of 60 SIGKILLs), often with a
/// `-journal`; other files are not stores at all. None of them is ever taken for a new store:
/// every command says "damaged" (7), whatever the passphrase (a file keyed with another one
/// says "wrong passphrase", 3), and changes no byte of any file.
#[test]
fn an_empty_or_foreign_store_file_is_damaged_and_left_alone() {
    let plain = {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plain.db");
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        drop(c);
        std::fs::read(&p).unwrap()
    };
    // Keyed with the right passphrase, but never given the store's tables.
    let keyed_empty = {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("keyed.db");
        let c = rusqlite::Connection::open(&p).unwrap();
        c.pragma_update(None, "key", PASS).unwrap();
        c.execute_batch("CREATE TABLE t(x); DROP TABLE t;").unwrap();
        drop(c);
        std::fs::read(&p).unwrap()
    };
    // What the file holds, the `-journal` beside it if any, and whether it is keyed with PASS.
    type Case = (&'static str, Vec<u8>, Option<Vec<u8>>, bool);
    let cases: [Case; 5] = [
        ("empty", Vec::new(), None, false),
        (
            "empty with a journal",
            Vec::new(),
            Some(vec![0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7, 0, 0, 0, 0]),
            false,
        ),
        ("plain SQLite", plain, None, false),
        ("keyed, with no tables", keyed_empty, None, true),
        ("not whole pages", (0..3000u32).map(|i| (i * 7 % 251) as u8).collect(), None, false),
    ];
    for (what, bytes, journal, keyed) in cases {
        let mut env = Env::new();
        let dir = env.path("data/safeguard");
        std::fs::create_dir_all(&dir).unwrap();
        // Private, as init makes a store: this is about what the file holds, not who may read
        // it (a store everyone may read is refused before its contents are looked at).
        write_mode(&env.store(), "", 0o600);
        std::fs::write(env.store(), &bytes).unwrap();
        if let Some(j) = &journal {
            std::fs::write(dir.join("default.db-journal"), j).unwrap();
        }
        let answers = env.path("a.toml");
        std::fs::write(&answers, crate::faults::CHILD).unwrap();
        let newpass = env.path("new.txt");
        write_mode(&newpass, "a brand new passphrase\n", 0o600);
        env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", newpass.to_str().unwrap());
        let copy = env.path("copy.db");
        let before = snapshot(&dir);
        for pass in [PASS, "any other passphrase"] {
            env.set("SAFEGUARD_PASSPHRASE", pass);
            for cmd in [
                &["list"][..],
                &["verify"],
                &["raise", "--answers", answers.to_str().unwrap()],
                &["show", "SG-2026-0001"],
                &["backup", copy.to_str().unwrap()],
                &["rekey"],
            ] {
                let run = env.run(cmd);
                let (code, says) = if keyed && pass != PASS { (3, "passphrase") } else { (7, "damaged") };
                assert_eq!(
                    run.code, code,
                    "{what}: {cmd:?} exited {}: {}{}",
                    run.code, run.stdout, run.stderr
                );
                assert!(run.stderr.contains(says), "{what}: {cmd:?}: {}", run.stderr);
                assert_eq!(snapshot(&dir), before, "{what}: {cmd:?} changed the files");
                assert!(!copy.exists(), "{what}: backup wrote a copy");
            }
        }
        // `init` does not overwrite it either, and says what it found.
        let run = env.run(&["init"]).code(1);
        assert!(run.stderr.contains("already exists"), "{what}: {}", run.stderr);
        if bytes.is_empty() {
            assert!(run.stderr.contains("empty"), "{what}: {}", run.stderr);
        }
        assert_eq!(snapshot(&dir), before, "{what}: init changed the files");
    }
}

/// Another process with the store open (here, this test through the library, as any safeguard
/// command holds it): an in-place rekey went ahead and re-encrypted the pages under it, so its
/// next write failed as "damaged". Rekey now needs the store to itself: it says busy (5) and
/// changes nothing, and the other process goes on writing under the old passphrase.
#[test]
fn rekey_is_refused_while_another_process_has_the_store_open() {
    let mut env = Env::with_store();
    let newfile = env.path("new.txt");
    write_mode(&newfile, "a brand new passphrase\n", 0o600);
    env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", newfile.to_str().unwrap());
    let held = Store::open(&env.store(), &secret(PASS)).unwrap();
    let run = env.run(&["rekey"]).code(5);
    assert!(run.stderr.contains("busy"), "{}", run.stderr);
    held.conn().execute("INSERT INTO meta(key, value) VALUES ('still', 'writing')", []).unwrap();
    drop(held);
    let store = Store::open(&env.store(), &secret(PASS)).unwrap();
    let v: String =
        store.conn().query_row("SELECT value FROM meta WHERE key='still'", [], |r| r.get(0)).unwrap();
    assert_eq!(v, "writing");
    drop(store);
    env.run(&["verify"]).ok();
    // Once the store is free, rekey goes ahead.
    env.run(&["rekey"]).ok();
    env.set("SAFEGUARD_PASSPHRASE", "a brand new passphrase");
    env.run(&["verify"]).ok();
}

#[test]
fn rekey_writes_a_whole_copy_under_the_new_passphrase_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let store = Store::create_with(&path, &secret(PASS), fast()).unwrap();
    store.conn().execute("INSERT INTO meta(key, value) VALUES ('kept', 'yes')", []).unwrap();
    drop(store);
    Store::rekey_with(&path, &secret(PASS), &secret("new one"), fast()).unwrap();
    let e = Store::open_with(&path, &secret(PASS), fast()).unwrap_err();
    assert!(matches!(e, safeguard::error::Error::WrongPassphrase { .. }), "{e:?}");
    let store = Store::open_with(&path, &secret("new one"), fast()).unwrap();
    let v: String =
        store.conn().query_row("SELECT value FROM meta WHERE key='kept'", [], |r| r.get(0)).unwrap();
    assert_eq!(v, "yes");
    assert_eq!(store.schema_version().unwrap(), safeguard::store::SCHEMA_VERSION);
    assert!(store.integrity_problems().unwrap().is_empty());
    assert_eq!(mode_of(&path), 0o600);
    drop(store);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["s.db"], "files left beside the store");
}

/// Two `init`s at once, with different passphrases: one makes the store, the other says it
/// exists, and the store is the winner's, whole; nothing is overwritten or left behind.
#[test]
fn racing_inits_make_one_store_and_the_loser_overwrites_nothing() {
    let env = Env::new();
    let passes = ["first passphrase", "second passphrase"];
    for _ in 0..3 {
        let _ = std::fs::remove_file(env.store());
        let children: Vec<_> = passes
            .iter()
            .map(|p| {
                env.command(&["init"])
                    .env("SAFEGUARD_PASSPHRASE", p)
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<i32> =
            children.into_iter().map(|c| finish(c, Duration::from_secs(120)).unwrap().code).collect();
        let winner = match codes[..] {
            [0, 1] => 0,
            [1, 0] => 1,
            _ => panic!("two inits gave {codes:?}"),
        };
        let opens = |p: &str| {
            let mut c = env.command(&["verify"]);
            c.env("SAFEGUARD_PASSPHRASE", p)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            finish(c.spawn().unwrap(), Duration::from_secs(120)).unwrap().code
        };
        assert_eq!(opens(passes[winner]), 0);
        assert_eq!(opens(passes[1 - winner]), 3);
        let names: Vec<_> = std::fs::read_dir(env.store().parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "identity")
            .collect();
        assert_eq!(names, ["default.db"], "files left beside the store");
    }
}

/// A store reached through a symbolic link: rekey re-keys the file itself and the link stays a
/// link to it (a copy renamed over the link would leave the real file under the old passphrase).
#[test]
fn rekey_through_a_symbolic_link_rekeys_the_file_it_names() {
    let mut env = Env::with_store();
    let link = env.path("link.db");
    std::os::unix::fs::symlink(env.store(), &link).unwrap();
    let newfile = env.path("new.txt");
    write_mode(&newfile, "a brand new passphrase\n", 0o600);
    env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", newfile.to_str().unwrap());
    env.run(&["--db", link.to_str().unwrap(), "rekey"]).ok();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    env.set("SAFEGUARD_PASSPHRASE", "a brand new passphrase");
    env.run(&["verify"]).ok();
    env.run(&["--db", link.to_str().unwrap(), "verify"]).ok();
}

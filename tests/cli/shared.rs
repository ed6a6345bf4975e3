//! A store several people open as themselves (issue 14): what the file system lets at a store is
//! checked on every open. A store of one person stays 0600 in a 0700 folder; a store open to
//! everyone is refused; one open to its group is refused unless the service file names that
//! group for the store. (The story with real Unix users is sealed.rs's
//! `as_root_three_designated_people_share_one_store_each_signing_as_themselves`.)

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use crate::common::{Env, write_mode};

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A service file naming `store` as a [[store]] with `group`, its one user being this login.
fn service_file(env: &Env, store: &Path, group: &str) -> std::path::PathBuf {
    let me = safeguard::seal::unix::login_name(safeguard::seal::unix::euid());
    let rec = age::x25519::Identity::generate().to_public().to_string();
    let text = format!(
        "[service]\nname = \"oakfield\"\n\n[[person]]\nname = \"Dana Price\"\nlogin = \"{me}\"\nroles = [\"designated-person\"]\nrecipient = \"{rec}\"\n\n\
         [[store]]\nname = \"oakfield\"\npath = \"{}\"\ngroup = \"{group}\"\nusers = [\"Dana Price\"]\n",
        store.display()
    );
    let p = env.path("service.toml");
    write_mode(&p, &text, 0o600);
    p
}

#[test]
fn a_store_of_one_person_is_still_made_0600_in_a_0700_folder() {
    let env = Env::with_store();
    let store = env.store();
    assert_eq!(std::fs::metadata(&store).unwrap().mode() & 0o7777, 0o600);
    assert_eq!(std::fs::metadata(store.parent().unwrap()).unwrap().mode() & 0o7777, 0o700);
    env.run(&["list"]).ok();
}

#[test]
fn a_store_open_to_everyone_or_to_a_group_no_service_file_names_is_refused_saying_what_to_run() {
    let env = Env::with_store();
    let store = env.store();
    chmod(&store, 0o644);
    let run = env.run(&["list"]).code(2);
    assert!(
        run.stderr.contains("reached by everyone") && run.stderr.contains("chmod o-rwx"),
        "{}",
        run.stderr
    );
    // The same for a companion file: a -wal everyone can read.
    chmod(&store, 0o600);
    let wal = store.with_file_name("default.db-wal");
    write_mode(&wal, "", 0o604);
    let run = env.run(&["verify"]).code(2);
    assert!(run.stderr.contains("default.db-wal"), "{}", run.stderr);
    std::fs::remove_file(&wal).unwrap();
    // Open to its group, with no service file saying the group may open it.
    chmod(&store, 0o660);
    let run = env.run(&["list"]).code(2);
    assert!(run.stderr.contains("no service file names that group"), "{}", run.stderr);
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
    // Nothing was asked or done: back to 0600 it opens as before.
    chmod(&store, 0o600);
    env.run(&["list"]).ok();
}

#[test]
fn a_group_shared_store_opens_only_when_the_service_file_names_its_group() {
    let mut env = Env::with_store();
    let store = env.store();
    let gid = std::fs::metadata(&store).unwrap().gid();
    let group = safeguard::seal::unix::group_name(gid);
    chmod(&store, 0o660);
    // A service file that gives the store another group: refused, saying to run store init.
    let wrong = if group == "nogroup" { "daemon" } else { "nogroup" };
    let p = service_file(&env, &store, wrong);
    env.set("SAFEGUARD_SERVICE_FILE", p.to_str().unwrap());
    env.set("SAFEGUARD_DB", store.to_str().unwrap());
    let run = env.run(&["list"]).code(2);
    assert!(run.stderr.contains("safeguard store init oakfield"), "{}", run.stderr);
    // The store's own group: it opens.
    service_file(&env, &store, &group);
    env.run(&["list"]).ok();
    // Even so, a folder everyone may enter is refused.
    let dir = store.parent().unwrap().to_owned();
    chmod(&dir, 0o701);
    let run = env.run(&["list"]).code(2);
    assert!(run.stderr.contains("folder") && run.stderr.contains("2770"), "{}", run.stderr);
    chmod(&dir, 0o700);
    // store check says what differs from what `store init` makes (and exits 1).
    let check = env.run(&["store", "check", "oakfield", "--json"]).code(1).json();
    assert_eq!(check["ok"], false);
    let problems = check["problems"].to_string();
    assert!(problems.contains("not 2770"), "{problems}");
    // A backup kept elsewhere is its maker's alone.
    let backup = env.path("home/copy.db");
    env.run(&["backup", backup.to_str().unwrap()]).ok();
    assert_eq!(std::fs::metadata(&backup).unwrap().mode() & 0o777, 0o600);
}

/// Every command or option that cannot work without the service file refuses in one wording
/// (exit 2), saying what it reads there and how to give it.
#[test]
fn what_needs_the_service_file_says_so_in_one_wording() {
    let env = Env::with_store();
    let seal = env.path("head.age");
    for (args, what) in [
        (&["store", "check", "oakfield"][..], "store needs the service file, which names the shared stores"),
        (&["inbox", "check", "service"], "inbox needs the service file, which names the inboxes"),
        (&["intake"], "intake needs the service file, which names the inboxes this store reads"),
        (&["verify", "--seal-head", seal.to_str().unwrap()], "--seal-head needs the service file"),
        (&["roster", "add", "--from-service-file"], "--from-service-file needs the service file"),
    ] {
        let run = env.run(args).code(2);
        assert!(run.stderr.contains(what), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("and none is in use: give it with --service-file FILE or SAFEGUARD_SERVICE_FILE"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!seal.exists());
}

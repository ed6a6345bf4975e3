//! Secrets (issue 7): the passphrase never in argv, output, child environments or the data
//! directory; a full disk fails cleanly and leaves the store readable.

use std::process::{Command, Stdio};

use crate::common::{Env, contains};
use crate::store::walk;

const MARK: &str = "zz-secret-passphrase-9f41";

#[test]
fn there_is_no_way_to_give_a_passphrase_as_an_argument() {
    let env = Env::new();
    let help = env.run(&["--help"]).ok().stdout;
    assert!(!help.contains("--passphrase ") && !help.contains("--key"), "{help}");
    env.run(&["--passphrase", "x", "list"]).code(2);
}

#[test]
fn the_passphrase_appears_in_no_output_and_no_file() {
    let mut env = Env::new();
    env.set("SAFEGUARD_PASSPHRASE", MARK);
    let mut all = String::new();
    let answers = env.path("a.toml");
    std::fs::write(&answers, "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"PLAINTEXT-CANARY-77 bruises\"\nsignificant_harm = \"yes\"\nreporter_name = \"R\"\nreporter_role = \"W\"\n").unwrap();
    let steps: Vec<Vec<String>> = vec![
        vec!["init".into()],
        vec!["raise".into(), "--answers".into(), answers.display().to_string(), "--json".into()],
        vec!["list".into(), "--json".into()],
        vec!["review".into(), "--due".into(), "--within".into(), "30d".into()],
        vec!["verify".into()],
        vec!["backup".into(), env.path("data/backup.db").display().to_string()],
    ];
    for s in &steps {
        let args: Vec<&str> = s.iter().map(String::as_str).collect();
        let run = env.run(&args).ok();
        all.push_str(&run.stdout);
        all.push_str(&run.stderr);
    }
    let wrong = env.run(&["--db", "/nonexistent/x.db", "list"]);
    all.push_str(&wrong.stderr);
    assert!(!all.contains(MARK), "the passphrase was printed");
    // Neither the passphrase nor the record's text is in any file in plaintext.
    for f in walk(&env.path("data")) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!contains(&bytes, MARK.as_bytes()), "{} holds the passphrase", f.display());
        assert!(!contains(&bytes, b"PLAINTEXT-CANARY-77"), "{} holds record text in plaintext", f.display());
    }
}

#[test]
fn the_passphrase_command_gets_no_passphrase_in_its_environment() {
    let mut env = Env::with_store();
    let seen = env.path("child-env.txt");
    // The variable holds the right passphrase, but the command (higher priority) is used and
    // must not see it.
    env.set("SAFEGUARD_PASSPHRASE", crate::common::PASS);
    let pass_file = env.path("pass.txt");
    crate::common::write_mode(&pass_file, crate::common::PASS, 0o600);
    env.set(
        "SAFEGUARD_PASSPHRASE_COMMAND",
        &format!("env > {}; cat {}", seen.display(), pass_file.display()),
    );
    env.run(&["list"]).ok();
    let child_env = std::fs::read_to_string(&seen).unwrap();
    assert!(!child_env.contains("SAFEGUARD_PASSPHRASE="), "{child_env}");
    assert!(!child_env.contains(crate::common::PASS));
}

#[test]
fn a_full_disk_fails_cleanly_and_leaves_the_store_readable() {
    let env = Env::with_store();
    let answers = env.path("a.toml");
    std::fs::write(&answers, "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\nreporter_name = \"R\"\nreporter_role = \"W\"\n").unwrap();
    env.run(&["raise", "--answers", answers.to_str().unwrap()]).ok();
    // A file-size limit makes every write past 8 KiB fail with EFBIG, as a full disk would
    // (SIGXFSZ is ignored so the write returns an error instead of killing the process).
    let base = env.command(&[]);
    let vars: Vec<_> = base.get_envs().filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))).collect();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f 8; trap '' XFSZ; exec {} raise --answers {}",
            env!("CARGO_BIN_EXE_safeguard"),
            answers.display()
        ))
        .env_clear()
        .envs(vars)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a raise succeeded with no room to write");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // An error, after the worker is told their concern is not recorded and what to do now.
    assert!(stderr.lines().any(|l| l.starts_with("error:")), "{stderr}");
    assert!(
        stderr.starts_with("Your concern has not been recorded yet.") || stderr.starts_with("error:"),
        "{stderr}"
    );
    // The store is intact and holds exactly the first concern.
    env.run(&["verify"]).ok();
    assert_eq!(env.run(&["list", "--json"]).ok().json().as_array().unwrap().len(), 1);
    env.run(&["raise", "--answers", answers.to_str().unwrap()]).ok();
}

/// A `SAFEGUARD_*` variable set but empty counts as unset: `SAFEGUARD_PASSPHRASE_FILE=` falls
/// through to the next passphrase source, and every other variable clap reads does the same,
/// rather than clap's "a value is required for '--passphrase-file <FILE>'". An option typed
/// empty on the command line is still refused.
#[test]
fn an_empty_safeguard_variable_counts_as_unset() {
    let mut env = Env::with_store();
    crate::raise::raise(
        &env,
        "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\nprimary_category = \"physical\"\ndescription = \"x\"\nsignificant_harm = \"yes\"\n",
    );
    let vars = [
        "SAFEGUARD_PASSPHRASE_FILE",
        "SAFEGUARD_DB",
        "SAFEGUARD_CONFIG",
        "SAFEGUARD_SERVICE_FILE",
        "SAFEGUARD_SERVICE",
    ];
    for var in vars {
        env.set(var, "");
        let run = env.run(&["list", "--json"]);
        assert!(!run.stderr.contains("a value is required"), "{var}=: {}", run.stderr);
        let listed = run.ok().json();
        assert_eq!(listed.as_array().map(Vec::len), Some(1), "{var}= did not list the default store");
        env.unset(var);
    }
    for var in vars {
        env.set(var, "");
    }
    assert_eq!(env.run(&["list", "--json"]).ok().json().as_array().map(Vec::len), Some(1));
    // With no other passphrase source, the empty file variable is no source: our own message.
    env.unset("SAFEGUARD_PASSPHRASE");
    let run = env.run(&["list"]).code(2);
    assert!(run.stderr.contains("no passphrase given"), "{}", run.stderr);
    // Typed empty on the command line, it is refused.
    env.set("SAFEGUARD_PASSPHRASE", crate::common::PASS);
    env.run(&["--passphrase-file", "", "list"]).code(2);
    env.run(&["--db", "", "list"]).code(2);
}

/// Whatever is under the environment's HOME and XDG directories (files and folders).
fn everything_under(env: &Env) -> Vec<std::path::PathBuf> {
    fn under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            out.push(p.clone());
            if p.is_dir() {
                under(&p, out);
            }
        }
    }
    let mut out = Vec::new();
    for d in ["home", "data", "config"] {
        under(&env.path(d), &mut out);
    }
    out
}

/// A new store's passphrase has at least `MIN_NEW_CHARS` characters (counted as characters, not
/// bytes), from every source, at `init` and as `rekey`'s new one; a store whose passphrase is
/// shorter (made before the rule) still opens with it, and `rekey` gives it a longer one.
#[test]
fn a_new_store_passphrase_needs_eight_characters_and_an_old_short_one_still_opens() {
    use safeguard::secret::MIN_NEW_CHARS;
    assert_eq!(MIN_NEW_CHARS, 8);
    let mut env = Env::new();
    let says = format!("at least {MIN_NEW_CHARS} characters");
    for short in ["a", "abcdefg", "ééééééé"] {
        env.set("SAFEGUARD_PASSPHRASE", short);
        let run = env.run(&["init"]).code(2);
        assert!(run.stderr.contains(&says) && run.stderr.contains("SAFEGUARD_PASSPHRASE"), "{}", run.stderr);
        assert!(!env.store().exists(), "{short:?} made a store");
    }
    let file = env.path("pass.txt");
    crate::common::write_mode(&file, "short\n", 0o600);
    let run = env.run(&["--passphrase-file", file.to_str().unwrap(), "init"]).code(2);
    assert!(run.stderr.contains(&says) && run.stderr.contains(file.to_str().unwrap()), "{}", run.stderr);
    env.set("SAFEGUARD_PASSPHRASE_COMMAND", "echo tiny");
    let run = env.run(&["init"]).code(2);
    assert!(
        run.stderr.contains(&says) && run.stderr.contains("SAFEGUARD_PASSPHRASE_COMMAND"),
        "{}",
        run.stderr
    );
    env.unset("SAFEGUARD_PASSPHRASE_COMMAND");
    assert!(!env.store().exists());
    // Eight characters (of two bytes each here) are enough.
    env.set("SAFEGUARD_PASSPHRASE", "éééééééé");
    env.run(&["init"]).ok();
    env.run(&["verify"]).ok();

    // A store keyed with a short passphrase before the rule (the library does not refuse it).
    let short = |s: &str| safeguard::secret::Secret::new(zeroize::Zeroizing::new(s.to_owned())).unwrap();
    safeguard::store::Store::rekey(&env.store(), &short("éééééééé"), &short("old")).unwrap();
    env.set("SAFEGUARD_PASSPHRASE", "old");
    env.run(&["list"]).ok();
    // rekey refuses a short new passphrase and changes nothing ...
    let new = env.path("new.txt");
    crate::common::write_mode(&new, "brief\n", 0o600);
    env.set("SAFEGUARD_NEW_PASSPHRASE_FILE", new.to_str().unwrap());
    let run = env.run(&["rekey"]).code(2);
    assert!(
        run.stderr.contains(&says) && run.stderr.contains("SAFEGUARD_NEW_PASSPHRASE_FILE"),
        "{}",
        run.stderr
    );
    env.run(&["verify"]).ok();
    // ... and takes a long one.
    crate::common::write_mode(&new, "a longer one at last\n", 0o600);
    env.run(&["rekey"]).ok();
    env.run(&["list"]).code(3);
    env.set("SAFEGUARD_PASSPHRASE", "a longer one at last");
    env.run(&["verify"]).ok();

    // The help says so.
    for cmd in ["init", "rekey"] {
        let help = env.run(&[cmd, "--help"]).ok().stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(help.contains(&says), "{cmd} --help: {help}");
    }
}

/// `init` checks every input it needs, and reads the passphrase, before it writes anything: a
/// newcomer's failed init leaves no identity (nor anything else) behind.
#[test]
fn a_failed_init_leaves_nothing_behind() {
    let mut env = Env::bare();
    env.unset("SAFEGUARD_PASSPHRASE");
    let run = env.run(&["init"]).code(2);
    assert!(run.stderr.contains("no passphrase given"), "{}", run.stderr);
    assert_eq!(everything_under(&env), Vec::<std::path::PathBuf>::new());
    env.set("SAFEGUARD_PASSPHRASE", "short");
    env.run(&["init"]).code(2);
    assert_eq!(everything_under(&env), Vec::<std::path::PathBuf>::new());
    env.set("SAFEGUARD_PASSPHRASE", crate::common::PASS);
    env.run(&["init", "--roles", "no-such-role"]).code(2);
    env.run(&["init", "--name", "(bad)"]).code(2);
    assert_eq!(everything_under(&env), Vec::<std::path::PathBuf>::new());
    // With every input right, it makes the identity and the store.
    env.run(&["init"]).ok();
    assert!(env.store().exists() && env.path("data/safeguard/identity/signing-key.txt").exists());
}

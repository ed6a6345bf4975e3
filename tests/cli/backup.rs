//! `backup`: what a killed backup leaves is cleaned up by the next one, and filesystems without
//! hard links (exFAT, FAT: USB sticks) take backups too, never overwriting one (issue 11).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{Env, require_tool, write_mode};
use crate::raise::raise;

/// A concern with a long description, so the store is larger than the 64 KiB file-size limit
/// [`limited`] sets.
const BIG: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"JQ\"\nsubject_age = 7\nprimary_category = \"neglect\"\nsignificant_harm = \"yes\"\ndescription = \"";

fn big_store() -> Env {
    let env = Env::with_store();
    raise(&env, &format!("{BIG}{}\"\n", "Arrives hungry; no coat. ".repeat(3500)));
    env
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn partials(dir: &Path) -> Vec<String> {
    names(dir).into_iter().filter(|n| n.contains(".partial-")).collect()
}

/// Runs safeguard with a 64 KiB file-size limit: a backup larger than that is killed part way
/// by SIGXFSZ, as by a crash.
fn limited(env: &Env, args: &[&str]) -> std::process::Output {
    let base = env.command(&[]);
    let vars: Vec<_> = base.get_envs().filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))).collect();
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -f 64; exec {} {}", env!("CARGO_BIN_EXE_safeguard"), quoted.join(" ")))
        .env_clear()
        .envs(vars)
        .current_dir(env.dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_next_backup_removes_what_a_killed_one_left_and_never_a_live_one_s_files() {
    let env = big_store();
    let dir = env.path("backups");
    std::fs::create_dir(&dir).unwrap();
    let first = dir.join("monday.db");
    let killed = limited(&env, &["backup", first.to_str().unwrap()]);
    assert_eq!(killed.status.code(), None, "not killed: {}", String::from_utf8_lossy(&killed.stderr));
    assert!(!first.exists());
    let left = partials(&dir);
    assert!(!left.is_empty(), "the killed backup left nothing to clean up: {:?}", names(&dir));
    // Another backup still running in this directory (this test's process stands in for it).
    let live = format!(".tuesday.db.partial-{}", std::process::id());
    write_mode(&dir.join(&live), "encrypted pages", 0o600);
    write_mode(&dir.join(format!("{live}-journal")), "journal", 0o600);
    let second = dir.join("monday-again.db");
    env.run(&["backup", second.to_str().unwrap()]).ok();
    assert_eq!(partials(&dir), [live.clone(), format!("{live}-journal")], "{:?}", names(&dir));
    env.run(&["--db", second.to_str().unwrap(), "verify"]).ok();
}

#[test]
fn without_hard_links_a_backup_is_renamed_into_place_and_never_overwrites() {
    let mut env = big_store();
    env.set("SAFEGUARD_PORTABLE_FILES", "1");
    let copy = env.path("copy.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    env.run(&["--db", copy.to_str().unwrap(), "verify"]).ok();
    assert_eq!(
        env.run(&["--db", copy.to_str().unwrap(), "list", "--json"]).ok().json().as_array().unwrap().len(),
        1
    );
    let before = std::fs::read(&copy).unwrap();
    let run = env.run(&["backup", copy.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), before, "an existing backup was overwritten");
    assert_eq!(partials(env.dir.path()), Vec::<String>::new());
}

/// An exFAT filesystem (as on a USB stick), through FUSE on a loop device: it has no hard links
/// (link() gives EPERM) and its FUSE driver no RENAME_NOREPLACE (EINVAL), so the backup takes
/// the check-then-rename path and the export the portable one. `backup` failed there with
/// "Operation not permitted".
#[test]
#[ignore = "extra check: needs root, /dev/fuse, a loop device, exfatprogs and exfat-fuse; .ci/run runs it as root"]
fn as_root_mount_a_backup_and_an_export_onto_exfat() {
    // SAFETY: geteuid has no preconditions.
    assert_eq!(unsafe { libc::geteuid() }, 0, "this extra check needs root");
    require_tool("mkfs.exfat", "exfatprogs");
    require_tool("mount.exfat-fuse", "exfat-fuse");
    require_tool("losetup", "mount");
    let env = big_store();
    let stick = Stick::mount(&env.path("stick.img"), &env.path("stick"));
    let copy = stick.dir.join("copy.db");
    env.run(&["backup", copy.to_str().unwrap()]).ok();
    env.run(&["--db", copy.to_str().unwrap(), "verify"]).ok();
    let before = std::fs::read(&copy).unwrap();
    let run = env.run(&["backup", copy.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    let out = stick.dir.join("exports");
    env.run(&["export", "--all", "--format", "pdf,json", "--out", out.to_str().unwrap()]).ok();
    assert_eq!(names(&out).len(), 3, "{:?}", names(&out));
    env.run(&["export", "--all", "--format", "pdf,json", "--out", out.to_str().unwrap()]).ok();
    assert_eq!(partials(&stick.dir), Vec::<String>::new());
    assert_eq!(partials(&out), Vec::<String>::new());
}

/// An exFAT image mounted through FUSE on a loop device; unmounted and detached when dropped.
struct Stick {
    dir: PathBuf,
    loop_dev: String,
}

impl Stick {
    fn mount(image: &Path, dir: &Path) -> Stick {
        let run = |cmd: &mut Command| {
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        };
        std::fs::File::create(image).unwrap().set_len(64 << 20).unwrap();
        run(Command::new("mkfs.exfat").arg(image));
        let loop_dev = run(Command::new("losetup").args(["--find", "--show"]).arg(image));
        std::fs::create_dir(dir).unwrap();
        let stick = Stick { dir: dir.to_owned(), loop_dev };
        run(Command::new("mount.exfat-fuse").args(["-o", "umask=077"]).arg(&stick.loop_dev).arg(dir));
        stick
    }
}

impl Drop for Stick {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
        let _ = Command::new("losetup").arg("-d").arg(&self.loop_dev).status();
    }
}

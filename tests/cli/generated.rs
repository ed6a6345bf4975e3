//! Completions and man pages: generated from clap, committed, and kept equal by these tests.
//! `SAFEGUARD_REGENERATE=1 cargo test generated` rewrites the committed copies.

use std::path::PathBuf;
use std::process::Command;

use safeguard::cli::generate::{completions, man_pages};

use crate::common::require_tool;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(dir: &str, files: Vec<(String, Vec<u8>)>) {
    let d = root().join(dir);
    let regenerate = std::env::var("SAFEGUARD_REGENERATE").is_ok_and(|v| v == "1");
    if regenerate {
        std::fs::create_dir_all(&d).unwrap();
        for e in std::fs::read_dir(&d).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if !files.iter().any(|(n, _)| *n == name) {
                std::fs::remove_file(d.join(name)).unwrap();
            }
        }
    }
    let mut expected: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    for (name, bytes) in files {
        let path = d.join(&name);
        if regenerate {
            std::fs::write(&path, &bytes).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_else(|_| {
            panic!("{dir}/{name} is missing; run SAFEGUARD_REGENERATE=1 cargo test generated")
        });
        assert!(
            committed == bytes,
            "{dir}/{name} differs from what clap generates; run SAFEGUARD_REGENERATE=1 cargo test generated"
        );
    }
    let mut present: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    expected.sort();
    assert_eq!(present, expected, "{dir}/ holds files clap no longer generates");
}

#[test]
fn committed_completions_match_clap() {
    check("completions", completions());
}

#[test]
fn committed_man_pages_match_clap() {
    check("man", man_pages().unwrap());
}

/// The README's exit-code table is the one table (src/exit.rs), as `--help` and the man page are.
#[test]
fn the_readme_exit_codes_are_the_one_table() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let table = safeguard::exit::markdown();
    let head = "### Exit codes\n\n";
    let start = readme.find(head).expect("the README has an \"### Exit codes\" section") + head.len();
    let end = start + readme[start..].find("\n\n").expect("the table ends with a blank line") + 1;
    if std::env::var("SAFEGUARD_REGENERATE").is_ok_and(|v| v == "1") {
        std::fs::write(&path, format!("{}{table}{}", &readme[..start], &readme[end..])).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        table,
        "README.md's exit codes differ from src/exit.rs; run SAFEGUARD_REGENERATE=1 cargo test generated"
    );
    // --help and the man page carry every code.
    let help = Command::new(env!("CARGO_BIN_EXE_safeguard")).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words(&help).contains(&safeguard::exit::help_line()), "{help}");
    let man = String::from_utf8(man_pages().unwrap().remove(0).1).unwrap();
    for (e, _) in safeguard::exit::Exit::TABLE {
        assert!(
            man.contains(&format!(".TP\n\\fB{}\\fR\n", e.code())),
            "code {} is not in the man page",
            e.code()
        );
    }
}

#[test]
fn there_is_a_man_page_for_every_subcommand() {
    let names: Vec<String> = man_pages().unwrap().into_iter().map(|(n, _)| n).collect();
    for sub in ["raise", "review", "export", "decide", "log", "policy", "init", "rekey", "backup", "verify"] {
        assert!(names.contains(&format!("safeguard-{sub}.1")), "no page for {sub}: {names:?}");
    }
    let root_page = String::from_utf8(man_pages().unwrap().remove(0).1).unwrap();
    for section in
        ["ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SAFEGUARD_PASSPHRASE_FILE", "SAFEGUARD_NOW"]
    {
        assert!(root_page.contains(section), "safeguard.1 lacks {section}");
    }
}

/// Issue 16: no man page is hyphenated or justified by `man` (`.nh` and `.ad l` after its
/// title), so no word, no event id such as line-manager-discussed, is split at a line's end.
#[test]
fn no_man_page_splits_words_at_hyphens() {
    for (name, bytes) in man_pages().unwrap() {
        let page = String::from_utf8(bytes).unwrap();
        let title =
            page.lines().position(|l| l.starts_with(".TH ")).unwrap_or_else(|| panic!("{name}: no .TH"));
        let next: Vec<&str> = page.lines().skip(title + 1).take(2).collect();
        assert_eq!(next, [".nh", ".ad l"], "{name}");
    }
}

/// The same, as `man` shows it: rendered by groff 60 columns wide, no line ends in a hyphen.
#[test]
#[ignore = "extra check: needs groff; .ci/run installs it"]
fn no_man_page_rendered_by_groff_ends_a_line_in_a_hyphen() {
    require_tool("groff", "groff-base");
    for (name, bytes) in man_pages().unwrap() {
        let path = std::env::temp_dir().join(format!("sg-man-nh-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let out = Command::new("groff").args(["-man", "-Tutf8", "-rLL=60n"]).arg(&path).output().unwrap();
        let _ = std::fs::remove_file(&path);
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            let plain: String = line.chars().filter(|c| *c != '\u{8}').collect();
            assert!(!plain.trim_end().ends_with(['-', '\u{2010}']), "{name}: {plain:?}");
        }
    }
}

#[test]
#[ignore = "extra check: needs groff; .ci/run installs it"]
fn every_man_page_renders_without_warnings() {
    require_tool("groff", "groff-base");
    for (name, bytes) in man_pages().unwrap() {
        let path = std::env::temp_dir().join(format!("sg-man-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let out = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(&path).output().unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn complete_in_bash(line: &str) -> String {
    let script = root().join("completions/safeguard.bash");
    let words: Vec<&str> = line.split(' ').collect();
    let cmd = format!(
        "source {}; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT={}; _safeguard safeguard '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
        words.len() - 1,
        line.len(),
        words.last().unwrap(),
        words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash").args(["--norc", "-c", &cmd]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn bash_completion_parses_and_completes() {
    let script = root().join("completions/safeguard.bash");
    let syntax = Command::new("bash").arg("-n").arg(&script).output().unwrap();
    assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
    let subcommands = complete_in_bash("safeguard ra");
    assert!(subcommands.lines().any(|l| l == "raise"), "{subcommands}");
    let flags = complete_in_bash("safeguard review --");
    assert!(flags.contains("--due") && flags.contains("--fail-if-due"), "{flags}");
}

#[test]
#[ignore = "extra check: needs zsh; .ci/run installs it"]
fn zsh_loads_its_completions() {
    require_tool("zsh", "zsh");
    let script = root().join("completions/_safeguard");
    let cmd = format!("autoload -U compinit && compinit -u && source {}", script.display());
    let out = Command::new("zsh").args(["-f", "-c", &cmd]).output().unwrap();
    assert!(out.status.success(), "zsh: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
#[ignore = "extra check: needs fish; .ci/run installs it"]
fn fish_loads_and_completes_with_its_completions() {
    require_tool("fish", "fish");
    let script = root().join("completions/safeguard.fish");
    let cmd = format!("source {}; complete -C 'safeguard rai'", script.display());
    let out = Command::new("fish").args(["-N", "-c", &cmd]).output().unwrap();
    assert!(out.status.success(), "fish: {}", String::from_utf8_lossy(&out.stderr));
    let completed = String::from_utf8_lossy(&out.stdout);
    assert!(completed.contains("raise"), "{completed}");
}

//! The parts hold (issue 12): each module's `crate::` paths, and the outside crates and
//! standard-library paths it names, are read from the source, and an arrow the layering
//! forbids fails the test, naming file:line.
//!
//! The layering, from the bottom:
//! - `domain`: pure rules and the typed record. No config, clap, rusqlite, dialoguer or
//!   terminal types, no environment reads (the clock is passed in), no files, no error type
//!   that carries SQL or terminal errors. It may read the policy's definitions (the duty
//!   planner takes the policy's duties).
//! - `policy`: the organisation's policy as data, its loading and checking; knows no store,
//!   interview, output, renderer or command line.
//! - `interview`: the engine that walks a policy through a `Prompter`; knows no store, output
//!   module, terminal or command line (the terminal prompter lives in `terminal`).
//! - `store`: the encrypted file; knows no interview, policy, output, renderer or command line.
//! - `export`: renderers (forms, text, PDF, JSON). They take data and return bytes: no files
//!   (`files` writes them), no store, no output, no command line.
//! - `output`: the one writer of lines to the terminal; knows no store, interview or renderer.
//! - clap lives in `cli` only; dialoguer in `terminal` (and `error`, which maps its error type).

use std::path::{Path, PathBuf};

/// A rule: files under `under` (a path in `src/`) must not name any of `forbidden`.
struct Rule {
    under: &'static str,
    forbidden: &'static [&'static str],
    why: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        under: "domain/",
        forbidden: &[
            "crate::config",
            "crate::cli",
            "crate::store",
            "crate::output",
            "crate::interview",
            "crate::export",
            "crate::files",
            "crate::secret",
            "crate::terminal",
            "crate::limits",
            "crate::error",
            "clap::",
            "rusqlite::",
            "dialoguer::",
            "console::",
            "std::env",
            "std::fs",
            "std::io",
        ],
        why: "the domain is pure: no config, command line, SQL, terminal, files or environment",
    },
    Rule {
        under: "policy/",
        forbidden: &[
            "crate::cli",
            "crate::store",
            "crate::output",
            "crate::interview",
            "crate::export",
            "crate::terminal",
            "crate::secret",
            "clap::",
            "rusqlite::",
            "dialoguer::",
            "console::",
        ],
        why: "the policy is data: it knows no store, interview, output or command line",
    },
    Rule {
        under: "interview/",
        forbidden: &[
            "crate::cli",
            "crate::store",
            "crate::output",
            "crate::export",
            "crate::terminal",
            "crate::secret",
            "crate::files",
            "clap::",
            "rusqlite::",
            "dialoguer::",
            "console::",
        ],
        why: "the interview engine knows no store, output module, terminal or command line",
    },
    Rule {
        under: "store/",
        forbidden: &[
            "crate::cli",
            "crate::interview",
            "crate::policy",
            "crate::output",
            "crate::export",
            "crate::terminal",
            "clap::",
            "dialoguer::",
            "console::",
        ],
        why: "the store knows no interview, policy, output, renderer or command line",
    },
    Rule {
        under: "export/",
        forbidden: &[
            "crate::cli",
            "crate::store",
            "crate::output",
            "crate::interview",
            "crate::files",
            "crate::terminal",
            "crate::secret",
            "crate::config",
            "clap::",
            "rusqlite::",
            "dialoguer::",
            "std::fs",
            "File::",
            "OpenOptions",
        ],
        why: "renderers take data and return bytes: they write nothing to disk",
    },
    Rule {
        under: "output/",
        forbidden: &[
            "crate::cli",
            "crate::store",
            "crate::interview",
            "crate::export",
            "crate::policy",
            "crate::terminal",
            "clap::",
            "rusqlite::",
            "dialoguer::",
        ],
        why: "output writes lines; it knows nothing of what they say",
    },
];

/// Everything in `src/` that is not `cli/` may not name clap; only `terminal.rs` and
/// `error.rs` may name dialoguer.
const CLAP_OUTSIDE_CLI: &str = "clap lives in cli only";
const DIALOGUER_HOMES: &[&str] = &["terminal.rs", "error.rs"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && p.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(p);
        }
    }
}

/// The code lines of a file that count: up to its test module, without comments.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .map(|(i, l)| (i + 1, l.split(" // ").next().unwrap_or(l)))
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .collect()
}

/// Every forbidden name in `rel`'s code, as `file:line: name (why)`.
fn violations(rel: &str, text: &str) -> Vec<String> {
    let mut out = vec![];
    for (n, line) in code_lines(text) {
        for rule in RULES.iter().filter(|r| rel.starts_with(r.under)) {
            for f in rule.forbidden {
                if line.contains(f) {
                    out.push(format!("src/{rel}:{n}: {f} ({})", rule.why));
                }
            }
        }
        if !rel.starts_with("cli/") && line.contains("clap::") {
            out.push(format!("src/{rel}:{n}: clap:: ({CLAP_OUTSIDE_CLI})"));
        }
        if !DIALOGUER_HOMES.contains(&rel) && line.contains("dialoguer::") {
            out.push(format!("src/{rel}:{n}: dialoguer:: (only terminal.rs asks through dialoguer)"));
        }
    }
    out
}

#[test]
fn no_module_names_what_its_layer_forbids() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    sources(&src, &mut files);
    assert!(files.len() > 40, "the source tree was not found ({} files)", files.len());
    let mut found = vec![];
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap().to_str().unwrap().to_owned();
        found.extend(violations(&rel, &std::fs::read_to_string(f).unwrap()));
    }
    assert!(found.is_empty(), "forbidden arrows:\n{}", found.join("\n"));
}

#[test]
fn the_check_finds_a_forbidden_arrow_and_names_its_line() {
    let text = "//! A module.\n\nuse crate::domain::clock;\nuse crate::config::Config; // no\n\
                // use crate::store::Store; (a comment)\nfn f() { let _ = std::env::var(\"X\"); }\n\
                #[cfg(test)]\nmod tests { use crate::store::Store; }\n";
    let found = violations("domain/x.rs", text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("src/domain/x.rs:4: crate::config"), "{found:?}");
    assert!(found[1].starts_with("src/domain/x.rs:6: std::env"), "{found:?}");
    assert!(violations("cli/x.rs", "use clap::Parser;\n").is_empty());
    assert_eq!(violations("output/x.rs", "#[derive(clap::ValueEnum)]\n").len(), 2);
    assert_eq!(violations("secret.rs", "let p = dialoguer::Password::new();\n").len(), 1);
    assert!(violations("export/forms.rs", "std::fs::write(p, b)?;\n")[0].contains("write nothing to disk"));
}

//! `safeguard completions SHELL` and `safeguard man`: generated from the clap definition.
//!
//! The copies committed under `completions/` and `man/` are kept equal to these by a test
//! (`tests/cli/generated.rs`); `SAFEGUARD_REGENERATE=1 cargo test generated` rewrites them.

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::exit::Exit;

/// Print a shell completion script (bash, zsh, fish, elvish, powershell).
///
/// For example: `safeguard completions bash > ~/.local/share/bash-completion/completions/safeguard`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Print the manual page, or write every page (one per subcommand) into a directory.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write safeguard.1 and safeguard-COMMAND.1 here instead of printing safeguard.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The file name and contents of each shell's completion script.
pub fn completions() -> Vec<(String, Vec<u8>)> {
    [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Elvish, Shell::PowerShell]
        .into_iter()
        .map(|sh| (completion_file(sh), completion(sh)))
        .collect()
}

fn completion_file(sh: Shell) -> String {
    match sh {
        Shell::Bash => "safeguard.bash".into(),
        Shell::Zsh => "_safeguard".into(),
        Shell::Fish => "safeguard.fish".into(),
        Shell::Elvish => "safeguard.elv".into(),
        Shell::PowerShell => "_safeguard.ps1".into(),
        other => format!("safeguard.{other}"),
    }
}

fn completion(sh: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(sh, &mut Cli::command(), "safeguard", &mut out);
    out
}

const ROOT_EXTRA: &str = r#".SH ENVIRONMENT
.TP
\fBSAFEGUARD_SERVICE\fR, \fBSAFEGUARD_DB\fR, \fBSAFEGUARD_CONFIG\fR
The same as \fB\-\-service\fR, \fB\-\-db\fR and \fB\-\-config\fR.
.TP
\fBSAFEGUARD_PASSPHRASE_FILE\fR
A file holding the passphrase (refused unless only its owner can read it). The same as \fB\-\-passphrase\-file\fR.
.TP
\fBSAFEGUARD_PASSPHRASE_COMMAND\fR
A shell command whose standard output is the passphrase (e.g. a password manager).
.TP
\fBSAFEGUARD_PASSPHRASE\fR
The passphrase itself. This is the weakest source: the shell or program that sets it keeps it in its own environment, where the programs it starts and, through \fI/proc\fR, other processes of the same user can read it. Prefer the file or the command. \fBsafeguard\fR takes it out of its own environment as it starts, so the commands it runs never see it. The sources are tried in the order listed here; with none of them and no terminal the command fails at once. A passphrase is never accepted on the command line. A new store's passphrase (\fBinit\fR) must have at least 8 characters.
.TP
\fBSAFEGUARD_NEW_PASSPHRASE_FILE\fR
The new passphrase for \fBrekey\fR (at least 8 characters).
.TP
\fBSAFEGUARD_SERVICE_FILE\fR
The service file (people, roles, keys, inboxes) for sealed raising. The same as \fB\-\-service\-file\fR; without either, \fI/etc/safeguard/services/SERVICE.toml\fR when it exists. It is refused unless it is a regular file owned by root or the user, that neither its group nor others can write.
.TP
\fBSAFEGUARD_SERVICES_DIR\fR
Another directory of service files than \fI/etc/safeguard/services\fR: \fISERVICE.toml\fR is looked for there instead (an installation outside /etc, or tests that must not see this machine's service files).
.TP
\fBSAFEGUARD_NOW\fR
Fixes the clock (RFC 3339, e.g. 2026\-12\-24T16:00:00Z), for tests and demonstrations.
.TP
\fBNO_COLOR\fR
Turns colour off (as does \fB\-\-color never\fR).
.PP
A \fBSAFEGUARD_\fR variable that is set but empty counts as unset.
.SH FILES
.TP
\fI~/.local/share/safeguard/SERVICE.db\fR
The encrypted store of a service (SQLCipher 4; mode 0600 in a 0700 directory).
.TP
\fI~/.local/share/safeguard/.SERVICE.db.init\-PID\fR, \fI.SERVICE.db.rekey\-PID\fR
A store being built by \fBinit\fR or re\-keyed by \fBrekey\fR (encrypted); it takes the store's name only when whole. One left by a killed process is removed by the next \fBinit\fR or \fBrekey\fR.
.TP
\fI~/.local/share/safeguard/identity/age\-identity.txt\fR
Your own age X25519 identity (\fBidentity init\fR; mode 0600 in a 0700 directory). \fBage \-d \-i\fR reads it.
.TP
\fI~/.local/share/safeguard/mine/\fR, \fI~/.local/share/safeguard/drafts/\fR
Your own copies of the concerns you raised sealed, and your unfinished sealed interviews, sealed to your identity.
.TP
\fI/etc/safeguard/services/SERVICE.toml\fR
The service file of sealed raising.
.TP
\fI~/.config/safeguard/config.toml\fR
The configuration: the user's name and role, service, jurisdiction for bank holidays, closure days, the policy file, role holders.
"#;

const ROOT_EXAMPLES: &str = r#".SH EXAMPLES
.TP
\fBsafeguard init && safeguard raise\fR
Create the store and raise a concern, answering the questions on the terminal.
.TP
\fBsafeguard raise \-\-answers concern.toml \-\-json\fR
Raise a concern from an answer file (see \fBsafeguard policy show\fR for the question ids).
.TP
\fBsafeguard review \-\-due \-\-within 2d\fR
What is overdue, or due in the next two days, across all open concerns.
.TP
\fBsafeguard log SG\-2026\-0007 phone\-referral \-\-note "Duty SW A. Lee"\fR
Record a phoned referral; the written referral, the local authority's reply and a chase become due.
.TP
\fBSAFEGUARD_PASSPHRASE_FILE=~/.sg\-pass safeguard export \-\-changed\-since\-last\-export \-\-format pdf,csv \-\-out ~/exports\fR
A nightly export from cron. Exports are plaintext.
"#;

/// The man page's EXIT STATUS section, from the one table of exit codes.
fn exit_status() -> String {
    let mut out = String::from(".SH EXIT STATUS\n");
    for (e, meaning) in crate::exit::Exit::TABLE {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}.\n", e.code(), roff(&upper_first(meaning))));
    }
    out
}

/// `meaning` with its first letter capitalised.
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Text for roff: hyphens as `\-`, § as `\(sc`, `code` in bold.
fn roff(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        let text = part.replace('\\', "\\e").replace('-', "\\-").replace('§', "\\(sc");
        if i % 2 == 1 {
            out.push_str(&format!("\\fB{text}\\fR"));
        } else {
            out.push_str(&text);
        }
    }
    out
}

/// Every man page: `safeguard.1` and one `safeguard-COMMAND.1` per subcommand.
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>> {
    let cmd = Cli::command();
    let mut pages = Vec::new();
    let mut root = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    let io = |e: std::io::Error| Error::io("rendering the man page", e);
    man.render_title(&mut root).map_err(io)?;
    man.render_name_section(&mut root).map_err(io)?;
    man.render_synopsis_section(&mut root).map_err(io)?;
    man.render_description_section(&mut root).map_err(io)?;
    man.render_options_section(&mut root).map_err(io)?;
    man.render_subcommands_section(&mut root).map_err(io)?;
    root.extend_from_slice(ROOT_EXTRA.as_bytes());
    root.extend_from_slice(exit_status().as_bytes());
    root.extend_from_slice(ROOT_EXAMPLES.as_bytes());
    man.render_version_section(&mut root).map_err(io)?;
    pages.push(("safeguard.1".to_owned(), unbroken(root)));
    for sub in cmd.get_subcommands() {
        let name = format!("safeguard-{}", sub.get_name());
        let sub = sub.clone().name(name.clone()).display_name(name.clone());
        let mut buf = Vec::new();
        clap_mangen::Man::new(sub).render(&mut buf).map_err(io)?;
        pages.push((format!("{name}.1"), unbroken(buf)));
    }
    Ok(pages)
}

/// A page that `man` neither hyphenates nor justifies: after its `.TH` line, `.nh` (no
/// hyphenation) and `.ad l` (ragged right). Left to itself groff splits words at line ends,
/// an event such as line-manager-discussed among them ("line-man-" / "ager-discussed"),
/// which could then not be typed as read.
fn unbroken(page: Vec<u8>) -> Vec<u8> {
    const AFTER_TITLE: &[u8] = b".nh\n.ad l\n";
    let mut at = 0;
    for line in page.split_inclusive(|b| *b == b'\n') {
        at += line.len();
        if line.starts_with(b".TH ") {
            let mut out = page[..at].to_vec();
            out.extend_from_slice(AFTER_TITLE);
            out.extend_from_slice(&page[at..]);
            return out;
        }
    }
    page
}

pub fn run_completions(args: CompletionsArgs) -> Result<Exit> {
    crate::output::generated(&completion(args.shell))?;
    Ok(Exit::Success)
}

pub fn run_man(args: ManArgs) -> Result<Exit> {
    let pages = man_pages()?;
    match args.out {
        None => crate::output::generated(&pages[0].1)?,
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
            for (name, bytes) in pages {
                std::fs::write(dir.join(&name), bytes)
                    .map_err(|e| Error::io(format!("cannot write {name}"), e))?;
            }
        }
    }
    Ok(Exit::Success)
}

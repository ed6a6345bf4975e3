//! The process exit codes: one table, written once here. `--help` and the man page's EXIT
//! STATUS are generated from it, and a test keeps the README's table equal to [`markdown`].
//!
//! Scripts (cron exports, monitoring of `review --due`) branch on these, so a code never
//! changes meaning once released. Add new ones at the end.

/// How `safeguard` ends. The numeric values are part of the public interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Everything asked for was done.
    Success = 0,
    /// Something failed that has no more specific code (an I/O error, a bug), or the command
    /// lost a race: another one changed the concern meanwhile and nothing was written.
    Failure = 1,
    /// The command line, an answer file, a policy file or other input was wrong; nothing was saved.
    Usage = 2,
    /// The store exists but the passphrase does not open it.
    WrongPassphrase = 3,
    /// The store file does not exist (run `safeguard init`).
    StoreMissing = 4,
    /// Another process holds the store and did not let go in time.
    StoreBusy = 5,
    /// The concern is frozen for a practice review (003 §7.13); nothing may be added.
    Frozen = 6,
    /// The store is damaged (truncated, flipped bytes, failed integrity or chain check).
    StoreDamaged = 7,
    /// Some of the requested work was done and some was not (for example an export).
    Partial = 8,
    /// The store was written by a newer safeguard, or the binary lacks SQLCipher.
    Incompatible = 9,
    /// `review --due --fail-if-due` found something due or overdue.
    DueItems = 10,
    /// The user interrupted the command (Ctrl-C); any interview draft is kept.
    Interrupted = 130,
}

impl Exit {
    /// The numeric code handed to the operating system.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Every code with its meaning (a sentence for the README and the man page; `code`
    /// spans in backticks).
    pub const TABLE: &'static [(Exit, &'static str)] = &[
        (Exit::Success, "success"),
        (
            Exit::Failure,
            "failure with no more specific code; also a `decide` or `close` that another command overtook (the concern's duties changed meanwhile): nothing was written, run it again",
        ),
        (
            Exit::Usage,
            "usage error or bad input (command line, answer file, policy, config); nothing was saved",
        ),
        (Exit::WrongPassphrase, "the passphrase does not open the store"),
        (Exit::StoreMissing, "the store does not exist; create it with `safeguard init`"),
        (Exit::StoreBusy, "the store is locked or busy in another process"),
        (Exit::Frozen, "the concern is frozen for a practice review (003 §7.13)"),
        (
            Exit::StoreDamaged,
            "the store is damaged (or empty, or not a safeguard store) or fails its integrity or hash-chain check, or `verify --expect-head` did not find its head",
        ),
        (Exit::Partial, "some of the work was done and some failed (for example an export)"),
        (Exit::Incompatible, "the store is newer than this binary, or the binary lacks SQLCipher"),
        (Exit::DueItems, "`review --due --fail-if-due` found duties due or overdue"),
        (Exit::Interrupted, "interrupted (Ctrl-C); interview answers so far are kept as a draft"),
    ];

    /// A word or two for the code, for `--help`'s one-line list.
    pub fn short(self) -> &'static str {
        match self {
            Exit::Success => "ok",
            Exit::Failure => "failure",
            Exit::Usage => "bad input",
            Exit::WrongPassphrase => "wrong passphrase",
            Exit::StoreMissing => "store missing",
            Exit::StoreBusy => "store busy",
            Exit::Frozen => "frozen",
            Exit::StoreDamaged => "store damaged",
            Exit::Partial => "partial",
            Exit::Incompatible => "incompatible store",
            Exit::DueItems => "due items (--fail-if-due)",
            Exit::Interrupted => "interrupted",
        }
    }
}

/// "Exit codes: 0 ok, 1 failure, ..., 130 interrupted.", for `--help`.
pub fn help_line() -> String {
    let codes: Vec<String> = Exit::TABLE.iter().map(|(e, _)| format!("{} {}", e.code(), e.short())).collect();
    format!("Exit codes: {}.", codes.join(", "))
}

/// The README's table of exit codes (Markdown).
pub fn markdown() -> String {
    let mut out = String::from("| code | meaning |\n|---|---|\n");
    for (e, meaning) in Exit::TABLE {
        out.push_str(&format!("| {} | {meaning} |\n", e.code()));
    }
    out
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_stable() {
        let codes: Vec<u8> = Exit::TABLE.iter().map(|(e, _)| e.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len(), "two exit codes share a number");
        assert_eq!(Exit::Usage.code(), 2, "clap's own usage code");
        assert_eq!(Exit::Interrupted.code(), 130);
        assert_eq!(Exit::WrongPassphrase.code(), 3);
        assert_eq!(Exit::StoreMissing.code(), 4);
        assert_eq!(Exit::StoreBusy.code(), 5);
    }

    #[test]
    fn the_table_has_every_code() {
        // Each variant once: a new code must be added to TABLE (and so to every document).
        let all = [
            Exit::Success,
            Exit::Failure,
            Exit::Usage,
            Exit::WrongPassphrase,
            Exit::StoreMissing,
            Exit::StoreBusy,
            Exit::Frozen,
            Exit::StoreDamaged,
            Exit::Partial,
            Exit::Incompatible,
            Exit::DueItems,
            Exit::Interrupted,
        ];
        let listed: Vec<Exit> = Exit::TABLE.iter().map(|(e, _)| *e).collect();
        assert_eq!(listed, all);
        assert!(help_line().starts_with("Exit codes: 0 ok, 1 failure, 2 bad input,"), "{}", help_line());
        assert!(markdown().contains("| 130 | interrupted (Ctrl-C);"), "{}", markdown());
    }
}

//! The process exit codes: one table, documented in the man page and the README.
//!
//! Scripts (cron exports, monitoring of `review --due`) branch on these, so a code never
//! changes meaning once released. Add new ones at the end.

/// How `safeguard` ends. The numeric values are part of the public interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Everything asked for was done.
    Success = 0,
    /// Something failed that has no more specific code (an I/O error, a bug).
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

    /// Every code with a one-line meaning, for the man page and `--help`.
    pub const TABLE: &'static [(Exit, &'static str)] = &[
        (Exit::Success, "success"),
        (Exit::Failure, "failure with no more specific code"),
        (Exit::Usage, "usage error or bad input (command line, answer file, policy, config); nothing saved"),
        (Exit::WrongPassphrase, "the passphrase does not open the store"),
        (Exit::StoreMissing, "the store does not exist; create it with `safeguard init`"),
        (Exit::StoreBusy, "the store is locked or busy in another process"),
        (Exit::Frozen, "the concern is frozen for a practice review (003 §7.13)"),
        (Exit::StoreDamaged, "the store is damaged or fails its integrity or chain check"),
        (Exit::Partial, "some of the work was done and some failed"),
        (Exit::Incompatible, "the store is newer than this binary, or the binary lacks SQLCipher"),
        (Exit::DueItems, "`review --due --fail-if-due` found duties due or overdue"),
        (Exit::Interrupted, "interrupted by the user (Ctrl-C); drafts are kept"),
    ];
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
}

//! One error type for the whole tool, by part: the store's (missing, busy, damaged, too new,
//! a wrong passphrase), a policy's (every problem found, as a list), bad input, a frozen
//! concern, I/O. Each kind maps to one exit code (src/exit.rs) and may carry a hint that tells
//! the user what to do next. The binary's edge (`cli::main`) prints it and exits with its code.

use std::path::PathBuf;

use crate::exit::Exit;

/// Everything that can go wrong, in the terms a user or a script needs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the passphrase does not open the store {}", .path.display())]
    WrongPassphrase { path: PathBuf },

    /// The passphrase stopped opening the store while the command waited for a `rekey`.
    #[error(
        "the store {} was given a new passphrase (`safeguard rekey`) while this command waited, and the \
         passphrase it has no longer opens it; nothing was saved",
        .path.display()
    )]
    Rekeyed { path: PathBuf },

    #[error("no store at {}", .path.display())]
    StoreMissing { path: PathBuf },

    #[error("a store already exists at {}; refusing to overwrite it", .path.display())]
    StoreExists { path: PathBuf, empty: bool },

    #[error("the store is busy: another safeguard process is writing to it")]
    StoreBusy,

    /// Busy, with what holds it and what was (not) done.
    #[error("the store is busy: {0}")]
    StoreInUse(String),

    #[error("the store {} is damaged: {detail}", .path.display())]
    StoreDamaged { path: PathBuf, detail: String },

    /// A 0-byte store file: what an interrupted `init` of an older version left. Never a new store.
    #[error("the store {} is damaged: it is empty (0 bytes) and holds no records", .path.display())]
    StoreEmpty { path: PathBuf },

    #[error("the store has schema version {found}, newer than this binary knows ({supported})")]
    StoreTooNew { found: i64, supported: i64 },

    #[error("this binary was built without SQLCipher; it refuses to write an unencrypted store")]
    NoEncryption,

    #[error("{0}")]
    Passphrase(String),

    /// Bad input from the user: a flag value, an answer file, a policy, a config file.
    #[error("{0}")]
    Input(String),

    /// A policy file that does not pass its checks: every problem, each naming its node.
    #[error(
        "policy {origin} is not valid ({} problem{}):\n  {}",
        .problems.len(),
        if .problems.len() == 1 { "" } else { "s" },
        .problems.join("\n  ")
    )]
    Policy { origin: String, problems: Vec<String> },

    #[error("concern {id} is frozen for a practice review (003 §7.13); nothing can be added to it")]
    Frozen { id: String },

    #[error("no concern or draft with id {0}{hint}", hint = capitals_hint(.0))]
    NotFound(String),

    #[error("interrupted")]
    Interrupted,

    #[error("{0}")]
    Partial(String),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),

    /// Another command changed the concern between this one's reading it and its writing (two
    /// designated persons deciding at once, say): nothing was written, and running the command
    /// again reads the record as it is now. Not bad input: the command was right when given.
    #[error("{0}")]
    Changed(String),

    #[error("{0}")]
    Other(String),
}

impl Error {
    /// A bad-input error (exit code 2).
    pub fn input(msg: impl Into<String>) -> Error {
        Error::Input(msg.into())
    }

    /// An I/O error with what we were doing.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io { context: context.into(), source }
    }

    /// The exit code for this error.
    pub fn exit(&self) -> Exit {
        match self {
            Error::WrongPassphrase { .. } | Error::Rekeyed { .. } => Exit::WrongPassphrase,
            Error::StoreMissing { .. } => Exit::StoreMissing,
            Error::StoreBusy | Error::StoreInUse(_) => Exit::StoreBusy,
            Error::StoreDamaged { .. } | Error::StoreEmpty { .. } => Exit::StoreDamaged,
            Error::StoreTooNew { .. } | Error::NoEncryption => Exit::Incompatible,
            Error::Passphrase(_) | Error::Input(_) | Error::Policy { .. } | Error::NotFound(_) => Exit::Usage,
            Error::Frozen { .. } => Exit::Frozen,
            Error::Interrupted => Exit::Interrupted,
            Error::Partial(_) => Exit::Partial,
            Error::Sql(e) if is_busy(e) => Exit::StoreBusy,
            Error::StoreExists { .. }
            | Error::Io { .. }
            | Error::Sql(_)
            | Error::Changed(_)
            | Error::Other(_) => Exit::Failure,
        }
    }

    /// One line telling the user what to try, where there is something useful to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::WrongPassphrase { .. } => Some(
                "check the passphrase source (--passphrase-file, SAFEGUARD_PASSPHRASE_FILE, \
                 SAFEGUARD_PASSPHRASE_COMMAND, SAFEGUARD_PASSPHRASE); a lost passphrase cannot be recovered"
                    .into(),
            ),
            Error::Rekeyed { .. } => Some("run the command again with the new passphrase".into()),
            Error::StoreMissing { path } => Some(format!(
                "create it with `safeguard init` (same --service/--db), or check the path: {}",
                path.display()
            )),
            Error::StoreBusy | Error::StoreInUse(_) => Some("try again in a moment".into()),
            Error::StoreDamaged { .. } => Some(
                "restore the latest backup (`safeguard backup` makes one); do not write to this file".into(),
            ),
            Error::StoreEmpty { path } | Error::StoreExists { path, empty: true } => Some(format!(
                "the file is empty (0 bytes), as an interrupted `safeguard init` of an older version leaves \
                 it; if no records were ever kept in this store, remove {} and run `safeguard init` again; otherwise restore the \
                 latest backup",
                path.display()
            )),
            Error::StoreTooNew { .. } => Some("use the newer safeguard that wrote this store".into()),
            _ => None,
        }
    }
}

/// True when SQLite reports the database as locked or busy.
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Maps a dialoguer failure: an interrupted prompt becomes `Interrupted`.
pub fn from_dialoguer(e: dialoguer::Error) -> Error {
    match e {
        dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => Error::Interrupted,
        dialoguer::Error::IO(io) => Error::io("terminal prompt", io),
    }
}

impl From<crate::domain::clock::Unstorable> for Error {
    fn from(e: crate::domain::clock::Unstorable) -> Error {
        Error::Input(e.0)
    }
}

/// The result type used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// For an id typed in small letters ("sg-2026-0001"): the id as the tool writes it.
fn capitals_hint(id: &str) -> String {
    let upper = id.trim().to_uppercase();
    if upper.starts_with("SG-") && upper != id {
        format!(" (concern ids are written in capitals: try {upper})")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_that_fails_its_checks_gives_every_problem_as_a_list() {
        // Two problems: a start that is no node, and a node whose id is used twice.
        let mut twice = crate::policy::DEFAULT_POLICY.replacen("start = \"", "start = \"nowhere-", 1);
        let first = twice.find("[[nodes]]").unwrap();
        let end = first + twice[first + 1..].find("[[nodes]]").unwrap() + 1;
        let node = twice[first..end].to_owned();
        twice.insert_str(first, &node);
        match crate::policy::Policy::parse(&twice, "test") {
            Err(e @ Error::Policy { .. }) => {
                let Error::Policy { origin, problems } = &e else { unreachable!() };
                assert_eq!(origin, "test");
                assert!(problems.len() >= 2, "{problems:?}");
                assert!(problems.iter().any(|p| p.starts_with("start:")), "{problems:?}");
                assert!(problems.iter().any(|p| p.contains("the id is used twice")), "{problems:?}");
                assert_eq!(e.exit(), Exit::Usage);
                assert!(
                    e.to_string().contains(&format!("is not valid ({} problems)", problems.len())),
                    "{e}"
                );
            }
            other => panic!("expected a policy error, got {other:?}"),
        }
    }
}

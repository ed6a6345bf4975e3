//! Command-line parsing and dispatch: the only place clap types live.
//!
//! `main` calls [`main`]; it parses, resolves a [`Context`] once (config, store path, clock,
//! passphrase sources, colour), runs one subcommand, and prints any error once, with a hint.

mod backup;
mod close;
mod config;
mod decide;
mod drafts;
mod export;
mod freeze;
pub mod generate;
mod identity;
mod inbox;
mod init;
mod intake;
mod keys;
mod list;
mod log;
mod mine;
mod policy;
mod raise;
mod rekey;
mod review;
mod roster;
mod sealed;
mod shared_store;
pub use review::parse_duration;
mod show;
mod sign;
mod stats;
mod unlock;
mod verify;
mod view;

use std::path::PathBuf;
use std::sync::Mutex;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::domain::clock::Clock;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::secret::{self, Purpose, Secret};
use crate::store::Store;

/// The text after `--help`: the passphrase sources, the clock, and the exit codes (from the
/// one table, [`Exit::TABLE`]).
fn after_help() -> String {
    format!(
        "\
Passphrase sources, in order: --passphrase-file / SAFEGUARD_PASSPHRASE_FILE (mode 0600),
SAFEGUARD_PASSPHRASE_COMMAND (its standard output), SAFEGUARD_PASSPHRASE, then a hidden
prompt on a terminal. A passphrase is never accepted as a command-line argument.
SAFEGUARD_PASSPHRASE is the weakest source (the shell that sets it keeps it in its
environment): prefer the file or the command.

SAFEGUARD_NOW (RFC 3339) fixes the clock. {} See safeguard(1).",
        crate::exit::help_line()
    )
}

/// start here: safeguard raise (it asks you about the concern, one question at a time)
///
/// Raise safeguarding concerns by your organisation's written policy, and keep every record in
/// an encrypted per-service store. The commands most people need come first: raise, then
/// mine, list and drafts for what you raised; review, decide, show and log for the designated
/// person.
#[derive(Debug, Parser)]
#[command(name = "safeguard", version, max_term_width = 100, after_help = after_help())]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// The service whose store to use (one encrypted file per service).
    #[arg(long, global = true, value_name = "NAME", env = "SAFEGUARD_SERVICE")]
    pub service: Option<String>,
    /// The store file itself, instead of <data dir>/<service>.db.
    #[arg(long, global = true, value_name = "PATH", env = "SAFEGUARD_DB")]
    pub db: Option<PathBuf>,
    /// The configuration file [default: ~/.config/safeguard/config.toml].
    #[arg(long, global = true, value_name = "FILE", env = "SAFEGUARD_CONFIG")]
    pub config: Option<PathBuf>,
    /// The service file: its people, roles, keys and inboxes, for sealed raising
    /// [default: /etc/safeguard/services/<service>.toml, when it exists].
    #[arg(long, global = true, value_name = "FILE", env = "SAFEGUARD_SERVICE_FILE")]
    pub service_file: Option<PathBuf>,
    /// Read the passphrase from this file (mode 0600; one trailing newline is ignored).
    #[arg(long, global = true, value_name = "FILE", env = "SAFEGUARD_PASSPHRASE_FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    // The common commands first: `--help` lists them in this order.
    Raise(raise::Args),
    Mine(mine::Args),
    List(list::Args),
    Drafts(drafts::Args),
    Review(review::Args),
    Decide(decide::Args),
    Show(show::Args),
    Log(log::Args),
    Sign(sign::Args),
    Close(close::Args),
    Init(init::Args),
    Export(export::Args),
    Stats(stats::Args),
    Freeze(freeze::Args),
    Policy(policy::Args),
    Config(config::Args),
    Verify(verify::Args),
    Rekey(rekey::Args),
    Backup(backup::Args),
    Identity(identity::Args),
    Keys(keys::Args),
    Inbox(inbox::Args),
    Store(shared_store::Args),
    Intake(intake::Args),
    Roster(roster::Args),
    Unlock(unlock::UnlockArgs),
    Lock(unlock::LockArgs),
    Completions(generate::CompletionsArgs),
    Man(generate::ManArgs),
}

/// Everything a command needs, resolved once before it runs.
pub struct Context {
    pub config: Config,
    pub config_path: Option<PathBuf>,
    pub store_path: PathBuf,
    /// Where the store path came from, for `config show`.
    pub store_source: String,
    pub clock: Clock,
    pub passphrase: secret::Sources,
    /// The service file in use (sealed raising), or none: one person and one store.
    pub service_file: Option<PathBuf>,
    /// Where a service file is looked for by the service's name.
    pub services_dir: PathBuf,
}

impl Context {
    fn resolve(global: &GlobalArgs) -> Result<Context> {
        let (config, config_path) = Config::load(global.config.as_deref())?;
        let service_name =
            global.service.as_deref().or(config.service.as_deref()).unwrap_or(crate::config::DEFAULT_SERVICE);
        // The directory of service files: SAFEGUARD_SERVICES_DIR (an installation elsewhere, or
        // a test that must not see this machine's), else /etc/safeguard/services.
        let services_dir = std::env::var_os(crate::seal::service::ENV_DIR)
            .filter(|d| !d.is_empty())
            .map_or_else(|| PathBuf::from(crate::seal::service::DEFAULT_DIR), PathBuf::from);
        let service_file = crate::seal::service::locate(
            global.service_file.as_deref().filter(|p| !p.as_os_str().is_empty()),
            &services_dir,
            service_name,
        );
        // A store several people share is where the service file's [[store]] of this service
        // name says (issue 14); `--db` still wins.
        let shared_path = match (&global.db, &service_file) {
            (None, Some(f)) => crate::seal::service::store_path_in(f, service_name),
            _ => None,
        };
        let store_path = match &shared_path {
            Some(p) => p.clone(),
            None => crate::config::store_path(global.db.as_deref(), global.service.as_deref(), &config)?,
        };
        let from_env =
            |var: &str, v: Option<&std::ffi::OsStr>| v.is_some() && std::env::var_os(var).as_deref() == v;
        let store_source = if shared_path.is_some() {
            "the service file's [[store]]"
        } else if global.db.is_some() {
            if from_env("SAFEGUARD_DB", global.db.as_deref().map(|p| p.as_os_str())) {
                "SAFEGUARD_DB"
            } else {
                "--db"
            }
        } else if global.service.is_some() {
            if from_env("SAFEGUARD_SERVICE", global.service.as_deref().map(std::ffi::OsStr::new)) {
                "SAFEGUARD_SERVICE"
            } else {
                "--service"
            }
        } else if config.service.is_some() {
            "the config's service"
        } else {
            "the default service"
        }
        .to_owned();
        Ok(Context {
            config_path,
            store_path,
            store_source,
            clock: clock_from_env()?,
            passphrase: secret::Sources { file_flag: global.passphrase_file.clone() },
            service_file,
            services_dir,
            config,
        })
    }

    /// The user's data directory (stores, identity, own copies, sealed drafts).
    pub fn data_dir(&self) -> Result<PathBuf> {
        match &self.config.data_dir {
            Some(d) => Ok(d.clone()),
            None => crate::config::default_data_dir(),
        }
    }

    /// The service file, loaded and checked against `policy`, when one is in use.
    pub fn service(&self, policy: &crate::policy::Policy) -> Result<Option<crate::seal::service::Service>> {
        self.service_file.as_deref().map(|p| crate::seal::service::Service::load(p, policy)).transpose()
    }

    /// The service file, for what cannot work without one (`what`: the command or option; `why`:
    /// what it reads there, if worth saying). One wording for every such refusal.
    pub fn require_service(
        &self,
        policy: &crate::policy::Policy,
        what: &str,
        why: Option<&str>,
    ) -> Result<crate::seal::service::Service> {
        self.service(policy)?.ok_or_else(|| {
            let why = why.map(|w| format!(", which {w},")).unwrap_or_default();
            Error::input(format!(
                "{what} needs the service file{why} and none is in use: give it with --service-file FILE or \
                 SAFEGUARD_SERVICE_FILE, or put it at {}/SERVICE.toml",
                self.services_dir.display()
            ))
        })
    }

    /// Opens the store for reading its concerns; with a service file, intake runs first so the
    /// sealed concerns waiting in the inboxes this store reads are there too.
    pub fn open_store_with_intake(&self) -> Result<Store> {
        let mut store = self.open_store()?;
        if self.service_file.is_some() {
            intake::before_reading(self, &mut store)?;
        }
        Ok(store)
    }

    /// The passphrase for opening the store; checks the store exists (and is not an empty
    /// file) first, so that is reported before anyone is asked for a passphrase.
    /// The passphrase itself is always asked for here, never an unlocked session's key: this is
    /// for what keys a new file with it (a backup, a re-keyed copy) and for `unlock`.
    pub fn open_secret(&self) -> Result<Secret> {
        crate::store::check_file(&self.store_path)?;
        self.check_store_access()?;
        self.passphrase.get(Purpose::Open)
    }

    /// Opens the store: with the key of an unlocked session (`safeguard unlock`) where one is
    /// open, else asking for the passphrase as configured. A session key that no longer opens
    /// the store (the file was replaced or re-keyed elsewhere) is dropped.
    pub fn open_store(&self) -> Result<Store> {
        crate::store::check_file(&self.store_path)?;
        self.check_store_access()?;
        let mut opened = None;
        if let Some(key) = crate::keyring::unlocked(&self.store_path) {
            match Store::open(&self.store_path, &key) {
                Err(Error::WrongPassphrase { .. }) => {
                    crate::keyring::forget(&self.store_path);
                    output::status("note: the unlocked session no longer opens this store; it is dropped");
                }
                other => opened = Some(other?),
            }
        }
        let store = match opened {
            Some(store) => store,
            // The file was checked above: ask for the passphrase without checking it again.
            None => Store::open(&self.store_path, &self.passphrase.get(Purpose::Open)?)?,
        };
        // Whichever key opened it, the store's clock rule holds.
        self.check_clock(&store)?;
        Ok(store)
    }

    /// Refuses a store the file system opens wider than its people (issue 14): any access for
    /// everyone, or access for a group that the service file does not name for this store (see
    /// `store::access`). A store of one person (0600) needs no service file for this.
    pub fn check_store_access(&self) -> Result<()> {
        let allowed = if crate::store::access::is_group_shared(&self.store_path)? {
            self.shared_store()?.map(|(s, _)| crate::store::access::Allowed {
                store: s.name.clone(),
                gid: crate::seal::unix::group_by_name(&s.group),
                group: s.group,
            })
        } else {
            None
        };
        crate::store::access::check(&self.store_path, allowed.as_ref())
    }

    /// The service file's [[store]] whose file the store path is (true), or in whose folder it
    /// lies (false: a backup kept beside the store); none without a service file.
    pub fn shared_store(&self) -> Result<Option<(crate::seal::service::SharedStore, bool)>> {
        if self.service_file.is_none() {
            return Ok(None);
        }
        let policy = crate::policy::Policy::load(self.config.policy.as_deref())?;
        let Some(service) = self.service(&policy)? else { return Ok(None) };
        Ok(service.store_holding(&self.store_path).map(|(s, exact)| (s.clone(), exact)))
    }

    /// Refuses `SAFEGUARD_NOW` for a store created with the system clock: there it would let
    /// anyone date records as they please.
    ///
    /// The clock the store's first roster entry records (hashed and signed with the chain) is
    /// read as well as `meta.clock`: either saying `system`, or `meta.clock` missing, refuses it,
    /// so editing or deleting the `meta` row does not let `SAFEGUARD_NOW` in (issue 14).
    pub fn check_clock(&self, store: &Store) -> Result<()> {
        if !self.clock.is_fixed() {
            return Ok(());
        }
        let meta = store.clock()?;
        if meta.is_none() {
            return Err(Error::StoreDamaged {
                path: store.path().to_owned(),
                detail: format!(
                    "{ENV_NOW} is set, but the store's record of the clock it was made under (meta.clock) is \
                     missing, so it cannot be told whether the store accepts it; nothing was done. \
                     `safeguard verify` (without {ENV_NOW}) names what differs"
                ),
            });
        }
        if meta.as_deref() == Some("system") || store.chained_clock()?.as_deref() == Some("system") {
            return Err(Error::input(format!(
                "{ENV_NOW} is set, but {} was created with the system clock and keeps it, so that no \
                 record can be dated at will; unset {ENV_NOW} (it is for tests and demonstrations)",
                store.path().display()
            )));
        }
        Ok(())
    }
}

/// Runs the tool and returns its exit code. Called by `main`.
pub fn main() -> std::process::ExitCode {
    // First, before any secret is read: no core file, and no reading this process's memory.
    if let Err(e) = secret::protect_process() {
        output::status(&format!("warning: cannot turn off core dumps for this process: {e}"));
    }
    // SAFETY: no other thread exists yet (the interrupt handler's thread starts below).
    unsafe { secret::take_env_passphrase() };
    // SAFETY: as above.
    unsafe { drop_empty_env() };
    // Everything the tool creates (stores, WAL files, drafts, exports) is private to the user.
    // SAFETY: umask only changes this process's file-creation mask; no other thread runs yet.
    unsafe {
        libc::umask(0o077);
    }
    install_interrupt_handler();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // The plain rendering: clap quotes what was typed, which is shown safely.
            output::usage_error(&e.render().to_string());
            return Exit::Usage.into();
        }
        Err(e) => {
            // --help and --version: clap's own text.
            let _ = e.print();
            return Exit::Success.into();
        }
    };
    output::init_color(match cli.global.color {
        ColorChoice::Auto => None,
        ColorChoice::Always => Some(true),
        ColorChoice::Never => Some(false),
    });
    match run(cli) {
        Ok(code) => code.into(),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            Exit::Success.into()
        }
        Err(Error::Interrupted) => {
            report_interrupt();
            Exit::Interrupted.into()
        }
        Err(e) => {
            output::print_error(&e);
            e.exit().into()
        }
    }
}

/// Takes out of the environment every variable clap reads (`SAFEGUARD_DB`,
/// `SAFEGUARD_PASSPHRASE_FILE`, …: the `env` of any option) that is set but empty, so that an
/// empty one counts as unset, as every other variable the tool reads does (`SAFEGUARD_NOW`,
/// `SAFEGUARD_PASSPHRASE_COMMAND`, `SAFEGUARD_SERVICES_DIR`), instead of clap's "a value is
/// required for '--passphrase-file <FILE>'" for a variable nobody typed on the command line.
/// The names come from the parser itself, so an option added later is covered too.
///
/// # Safety
///
/// No other thread may exist: this changes the environment.
unsafe fn drop_empty_env() {
    fn names(cmd: &clap::Command, out: &mut Vec<std::ffi::OsString>) {
        out.extend(cmd.get_arguments().filter_map(|a| a.get_env()).map(std::ffi::OsStr::to_owned));
        for sub in cmd.get_subcommands() {
            names(sub, out);
        }
    }
    let mut vars = Vec::new();
    names(&<Cli as clap::CommandFactory>::command(), &mut vars);
    for var in vars {
        if std::env::var_os(&var).is_some_and(|v| v.is_empty()) {
            // SAFETY: single-threaded (the caller's promise).
            unsafe { std::env::remove_var(&var) };
        }
    }
}

fn run(cli: Cli) -> Result<Exit> {
    // Generated output needs no config, store or clock.
    let command = match cli.command {
        Command::Completions(a) => return generate::run_completions(a),
        Command::Man(a) => return generate::run_man(a),
        other => other,
    };
    let ctx = Context::resolve(&cli.global)?;
    match command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Raise(a) => raise::run(&ctx, a),
        Command::Show(a) => show::run(&ctx, a),
        Command::Decide(a) => decide::run(&ctx, a),
        Command::Log(a) => log::run(&ctx, a),
        Command::Review(a) => review::run(&ctx, a),
        Command::Sign(a) => sign::run(&ctx, a),
        Command::Close(a) => close::run(&ctx, a),
        Command::Freeze(a) => freeze::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Stats(a) => stats::run(&ctx, a),
        Command::Policy(a) => policy::run(&ctx, a),
        Command::Config(a) => config::run(&ctx, a),
        Command::Completions(_) | Command::Man(_) => Ok(Exit::Success),
        Command::List(a) => list::run(&ctx, a),
        Command::Verify(a) => verify::run(&ctx, a),
        Command::Rekey(a) => rekey::run(&ctx, a),
        Command::Backup(a) => backup::run(&ctx, a),
        Command::Identity(a) => identity::run(&ctx, a),
        Command::Keys(a) => keys::run(&ctx, a),
        Command::Inbox(a) => inbox::run(&ctx, a),
        Command::Store(a) => shared_store::run(&ctx, a),
        Command::Intake(a) => intake::run(&ctx, a),
        Command::Mine(a) => mine::run(&ctx, a),
        Command::Unlock(a) => unlock::run_unlock(&ctx, a),
        Command::Lock(a) => unlock::run_lock(&ctx, a),
        Command::Drafts(a) => drafts::run(&ctx, a),
        Command::Roster(a) => roster::run(&ctx, a),
    }
}

/// Ctrl-C: put the cursor back (dialoguer hides it during prompts) and exit 130.
/// Interview answers are already committed to the encrypted draft, so nothing is lost.
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        report_interrupt();
        // `_exit`, not `exit`: the handler runs on its own thread while the main thread goes
        // on, and may itself be exiting (a Ctrl-C typed as a prompt leaves raw mode is both a
        // key the prompt reads and a signal). Two threads in `exit` at once, or OpenSSL's exit
        // handler freeing what the main thread is still using, is undefined behaviour: a
        // resumed interview interrupted under load died of SIGSEGV instead of exiting 130.
        // Nothing is lost by skipping the exit handlers: answers are committed as they are
        // given, and the report above is written and flushed.
        // SAFETY: `_exit` takes no pointers and ends the process at once.
        unsafe { libc::_exit(i32::from(Exit::Interrupted.code())) }
    });
}

/// Says once (whichever of the signal handler and `main` gets there first) that the command was
/// interrupted, where the answers are kept, and shows the cursor again.
///
/// The report is written while a lock is held, and the other caller waits for it: otherwise the
/// signal handler, finding the report begun by `main`, exited the process before the message
/// that names the draft was written.
fn report_interrupt() {
    static REPORTED: Mutex<bool> = Mutex::new(false);
    let mut reported = REPORTED.lock().unwrap_or_else(|e| e.into_inner());
    if *reported {
        return;
    }
    *reported = true;
    let _ = console::Term::stderr().show_cursor();
    // A blocking lock: the handler runs on ctrlc's own thread, and the main thread holds this
    // lock only for a clone or an assignment. `try_lock` could find it held for that instant and
    // tell the person nothing was saved when their draft was.
    let draft = raise::current_draft();
    let term = console::Term::stderr();
    let msg = match draft {
        Some(d) => interrupted_in_draft(&d, term.size_checked().map(|(_, c)| usize::from(c))),
        None => output::wrap("interrupted; nothing was saved", "", &term),
    };
    output::status(&format!("\n{msg}"));
}

/// "interrupted; your answers are kept in draft D-…: continue with `safeguard raise --resume
/// D-…`", wrapped by words to a terminal `cols` wide (if it is one), as the interview's lines
/// are. The command is kept on one line, so it can be copied whole.
fn interrupted_in_draft(draft: &str, cols: Option<usize>) -> String {
    // A no-break space holds the command's words together while wrapping (the wrap breaks at
    // ASCII spaces only); a space again once wrapped.
    let command = format!("`safeguard raise --resume {draft}`").replace(' ', "\u{a0}");
    let text = format!("interrupted; your answers are kept in draft {draft}: continue with {command}");
    let wrapped = match cols {
        Some(cols) => output::wrap_to(&text, "", cols.clamp(40, 120).saturating_sub(1)),
        None => text,
    };
    wrapped.replace('\u{a0}', " ")
}

/// Writes one line of human output to standard output, with any control character in it shown
/// visibly (see [`output::Safe`]); a closed pipe ends the command quietly. JSON goes through
/// [`out_json`] instead: this takes text only, so a value cannot be printed here by mistake.
pub fn out(line: impl AsRef<str>) -> Result<()> {
    output::out(line.as_ref())
}

/// Writes one JSON document to standard output, exact (see [`output::json`]).
pub fn out_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    output::json(value)
}

/// Which of your roles on the store's roster signs the entry. The signer is always the person
/// whose signing key this is (issue 14): never a name typed on the command line.
#[derive(Debug, Default, clap::Args)]
pub struct SignerArgs {
    /// Sign in this role of yours on the store's roster (a policy role id)
    /// [default: the role the command needs].
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

/// What a command needs of its signer's roles.
#[derive(Clone, Copy, Debug)]
pub enum Need<'a> {
    /// Anyone on the roster.
    Anyone,
    /// One of these roles (an empty list, a policy that binds none, means anyone).
    OneOf(&'a [String]),
}

impl Context {
    /// Your signing key, from your data directory; without one, refused with how to make one.
    pub fn signing_key(&self) -> Result<crate::domain::signed::SecretKey> {
        let data = self.data_dir()?;
        crate::seal::identity::load_signing(&data)?.ok_or_else(|| {
            Error::input(format!(
                "you have no signing key ({}), and every entry is signed by the person who makes it: make one \
                 with `safeguard identity init`, then ask the designated person to add you to this store's \
                 roster (`safeguard roster add`)",
                crate::seal::identity::signing_file(&data).display()
            ))
        })
    }

    /// The person on `store`'s roster whose signing key is yours, acting in a role `need` allows
    /// (`--role` picks one of theirs): who signs what this command writes. Refused when you have
    /// no key, are not on the roster, or hold no role the command needs (003 §7.17: every entry
    /// is signed by its author).
    pub fn actor(
        &self,
        store: &Store,
        policy: &crate::policy::Policy,
        need: Need<'_>,
        chosen: &SignerArgs,
    ) -> Result<crate::domain::signed::Signer> {
        let key = self.signing_key()?;
        let roster = store.roster(&policy.bindings.roles.roster_keepers)?;
        let public = key.public().text();
        let Some(me) = roster.active_by_key(&public) else {
            let why = match roster.ever_by_key(&public) {
                Some(m) => format!("your key was {}'s and has been retired from this store's roster", m.name),
                None => "you are not on this store's roster".to_owned(),
            };
            return Err(Error::input(format!(
                "{why}: ask the designated person to add you (`safeguard roster add --name NAME --login LOGIN \
                 --roles ROLES --key {public}`)"
            )));
        };
        let needed: &[String] = match need {
            Need::OneOf(r) => r,
            Need::Anyone => &[],
        };
        let allowed = |r: &String| needed.is_empty() || needed.contains(r);
        let role = match &chosen.role {
            Some(r) if !me.roles.contains(r) => {
                return Err(Error::input(format!(
                    "--role {r}: {} holds {} on this store's roster, not {r}",
                    me.name,
                    me.roles.join(", ")
                )));
            }
            Some(r) if !allowed(r) => {
                return Err(Error::input(format!("--role {r}: this needs {}", needed.join(" or "))));
            }
            Some(r) => r.clone(),
            None => me.roles.iter().find(|r| allowed(r)).cloned().ok_or_else(|| {
                Error::input(format!(
                    "{} holds {} on this store's roster; this needs {}",
                    me.name,
                    if me.roles.is_empty() { "no role".to_owned() } else { me.roles.join(", ") },
                    needed.join(" or ")
                ))
            })?,
        };
        Ok(crate::domain::signed::Signer { name: me.name.clone(), role, key })
    }

    /// The person acting on concern `concern`, as [`Context::actor`] finds them, in one of the
    /// roles `need` names as the concern's route hands them on: on a concern about the designated
    /// person, the designated person's part is the alternative designated lead's (003 §6.20).
    /// Never the person it is about: refused when the signer holds a role the route leaves out
    /// (the subject's role, 003 §9.9, §6.20, §2.2), or is the person named as its subject (a person
    /// is left out by who they are, not only by role; DOMAIN.md §7 items 11, 30).
    pub fn actor_on(
        &self,
        store: &Store,
        policy: &crate::policy::Policy,
        need: Need<'_>,
        chosen: &SignerArgs,
        concern: &crate::domain::record::Concern,
    ) -> Result<crate::domain::signed::Signer> {
        let answers = store.raised_answers(&concern.id)?;
        let route = crate::policy::route::resolve(policy, &answers, None);
        let handed: Vec<String>;
        let mut moved = false;
        let need = match need {
            Need::OneOf(roles) if !roles.is_empty() => {
                let mut v: Vec<String> = Vec::new();
                for r in roles {
                    let to = route.owner(r).to_owned();
                    moved |= to != *r;
                    if !v.contains(&to) {
                        v.push(to);
                    }
                }
                handed = v;
                Need::OneOf(&handed)
            }
            other => other,
        };
        let signer = self.actor(store, policy, need, chosen).map_err(|e| match (&need, &e) {
            // Say why the role is another's on this concern.
            (Need::OneOf(roles), Error::Input(_)) if moved => Error::input(format!(
                "{}: {} ({} acts on it). {e}",
                concern.id,
                route.title,
                roles.iter().map(|r| policy.role_title(r)).collect::<Vec<_>>().join(" or ")
            )),
            _ => e,
        })?;
        let roster = store.roster(&policy.bindings.roles.roster_keepers)?;
        let held: Vec<String> = roster.active(&signer.name).map(|m| m.roles.clone()).unwrap_or_default();
        // Who the route names to act instead, for the refusals below.
        let readers = |none: &str| -> String {
            let who: Vec<&str> = route.readers.iter().map(|r| policy.role_title(r)).collect();
            if who.is_empty() { none.to_owned() } else { who.join(" or ") }
        };
        if let Some(left_out) =
            held.iter().chain(std::iter::once(&signer.role)).find(|r| route.excluded.contains(r))
        {
            return Err(Error::input(format!(
                "{}: this concern is about {} and its route leaves them out; you hold that role on this \
                 store's roster, so you may not act on it ({} must)",
                concern.id,
                policy.role_title(left_out),
                readers("someone the route names")
            )));
        }
        let same = |a: &str, b: &str| {
            let norm = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            !norm(a).is_empty() && norm(a) == norm(b)
        };
        if concern.subject.name.as_str().is_some_and(|n| same(n, &signer.name)) {
            return Err(Error::input(format!(
                "{}: this concern is about {}, who is you on this store's roster, so you may not act on it; \
                 someone else must ({})",
                concern.id,
                signer.name,
                readers("the people its route names")
            )));
        }
        Ok(signer)
    }

    /// The designated person's role, as a list for [`Need::OneOf`] (empty when the policy binds none).
    pub fn dp_roles(policy: &crate::policy::Policy) -> Vec<String> {
        policy.bindings.roles.designated_person.iter().cloned().collect()
    }

    /// Who may run intake into their store and sign what it records: the designated person, or
    /// anyone a route sends concerns to (the alternative designated lead, who imports the
    /// allegations about the designated person into a store the designated person cannot open,
    /// 003 §6.20). Nobody decrypts a sealed file the route did not seal to their store's key.
    pub fn intake_roles(policy: &crate::policy::Policy) -> Vec<String> {
        let mut roles = Context::dp_roles(policy);
        for r in policy.routes.values().flat_map(|r| r.readers.iter()) {
            if !roles.contains(r) {
                roles.push(r.clone());
            }
        }
        roles
    }

    /// `--at TIME` (as people say it, UK time: "yesterday 9am", or RFC 3339), or now; never in
    /// the future.
    pub fn at(&self, at: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>> {
        let now = self.clock.now();
        let Some(text) = at else { return Ok(now) };
        let t =
            crate::domain::spoken::parse_spoken(text, now).map_err(|e| Error::input(format!("--at: {e}")))?;
        if t > now {
            return Err(Error::input(format!(
                "--at {text}: {} is in the future; give a time that has passed, such as {}",
                crate::domain::spoken::show_spoken(t),
                crate::domain::spoken::EXAMPLES
            )));
        }
        Ok(t)
    }
}

impl Context {
    /// A signed entry of `kind`, dated now: the start of every record the DP commands write.
    pub fn entry_now(
        &self,
        kind: &str,
        signer: &crate::domain::signed::Signer,
        body: serde_json::Value,
    ) -> crate::store::timeline::Record {
        let now = self.clock.now();
        crate::store::timeline::Record {
            kind: kind.into(),
            at: now,
            recorded_at: now,
            signer: Some(signer.clone()),
            body,
            ..Default::default()
        }
    }
}

/// The environment variable that fixes the clock.
pub const ENV_NOW: &str = "SAFEGUARD_NOW";

/// Says what a record did to the duties it set out to start (`decide`, `log`): each one
/// opened with its due time, and, so that nobody is told to do again what is done or is shown a
/// due time the store does not hold, each that was open already (its earlier due time stands)
/// or is done already (not started again). `titles`: name each opened duty's title too.
pub fn say_started(started: &[crate::store::timeline::Started], titles: bool) {
    use crate::domain::calendar::show_local;
    use crate::store::timeline::StartedAs;
    for d in started {
        let due = d.due.map(show_local);
        match d.how {
            StartedAs::Opened => match (titles, due) {
                (true, due) => output::status(&format!(
                    "  started: {} ({}) due {}",
                    d.kind,
                    d.title,
                    due.unwrap_or_else(|| "no time set".into())
                )),
                (false, Some(due)) => output::status(&format!("  started: {} due {due}", d.kind)),
                (false, None) => {}
            },
            StartedAs::AlreadyOpen => output::status(&format!(
                "  already open: {}, due {} (the earlier due time stands)",
                d.kind,
                due.unwrap_or_else(|| "no time set".into())
            )),
            StartedAs::AlreadyDone => {
                output::status(&format!("  not started again: {} is done already", d.kind))
            }
        }
    }
}

/// The command's clock: the system clock, unless `SAFEGUARD_NOW` (RFC 3339) fixes it. A
/// malformed value, or a time (given or from the system) outside the years the tool accepts,
/// is an input error. Read once, here; the rest of the tool is handed the clock.
pub fn clock_from_env() -> Result<Clock> {
    use crate::domain::clock::{check_time, parse_rfc3339};
    match std::env::var(ENV_NOW) {
        Ok(v) if !v.trim().is_empty() => {
            let t = parse_rfc3339(v.trim())
                .map_err(|e| Error::input(format!("{ENV_NOW}={v:?} is not an RFC 3339 time: {e}")))?;
            check_time(t).map_err(|e| Error::input(format!("{ENV_NOW}={v:?}: {e}")))?;
            Ok(Clock::fixed(t))
        }
        _ => {
            check_time(chrono::Utc::now())
                .map_err(|e| Error::input(format!("the system clock is wrong: {e}")))?;
            Ok(Clock::system())
        }
    }
}

/// A clap value parser for text that must say something.
pub fn non_empty(s: &str) -> std::result::Result<String, String> {
    let t = s.trim();
    if t.is_empty() { Err("must not be empty".into()) } else { Ok(t.to_owned()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line that names an interrupted raise's draft wraps by words within the terminal, and
    /// the command to continue is never split across two lines.
    #[test]
    fn the_interrupted_line_wraps_and_keeps_its_command_whole() {
        let shown = interrupted_in_draft("D-0123abcd", Some(50));
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines.len() > 1 && lines.iter().all(|l| output::width(l) < 50), "{shown}");
        assert!(lines.contains(&"`safeguard raise --resume D-0123abcd`"), "{shown}");
        assert!(!shown.contains('\u{a0}'), "{shown:?}");
        assert_eq!(
            interrupted_in_draft("D-0123abcd", None),
            "interrupted; your answers are kept in draft D-0123abcd: continue with `safeguard raise --resume D-0123abcd`"
        );
    }
}

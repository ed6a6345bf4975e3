//! `safeguard store init|check NAME`: a store several people open as themselves (issue 14).

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::policy::Policy;
use crate::seal::service::{Service, SharedStore};
use crate::seal::unix;
use crate::store::access;

/// Set up (as root) or check a store that several people open, each as themselves.
///
/// A `[[store]]` of the service file names the store's file, its Unix group and its users (the
/// people who read and decide: the designated person, the alternative designated lead, the Head
/// of Safeguarding). `init` (as root) makes the store's folder owned by root with that group,
/// mode 2770, so every file made in it takes the group; a store already there (and its -wal and
/// -shm) is given the group and mode 0660. The first user then runs `safeguard --service NAME
/// init`. `check` says what differs, including anyone in the group who is not one of the
/// store's users, and exits 1 if anything does. See README, "A store shared by several people".
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Create (or put right) the store's folder, and the store's files if there; run as root.
    Init { name: String },
    /// Check the store's folder, files and group against what `init` makes.
    Check {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let service = ctx.require_service(&policy, "store", Some("names the shared stores ([[store]])"))?;
    match args.action {
        Action::Init { name } => {
            let s = service.store(&name)?;
            for line in init(s)? {
                out(line)?;
            }
            let left = access::problems(&s.dir(), &s.path, &s.group, &users(&service, s));
            for p in &left {
                out(format!("still to do: {p}"))?;
            }
            Ok(if left.is_empty() { Exit::Success } else { Exit::Failure })
        }
        Action::Check { name, json } => {
            let s = service.store(&name)?;
            let problems = access::problems(&s.dir(), &s.path, &s.group, &users(&service, s));
            if json {
                out_json(&serde_json::json!({
                    "store": name,
                    "path": s.path,
                    "group": s.group,
                    "ok": problems.is_empty(),
                    "problems": problems,
                }))?;
            } else if problems.is_empty() {
                out(format!(
                    "store {name} ({}) is set up as it should be, for {}",
                    s.path.display(),
                    s.users.join(", ")
                ))?;
            } else {
                for p in &problems {
                    out(format!("{name}: {p}"))?;
                }
                out(format!("put the folder and files right with `safeguard store init {name}` (as root)"))?;
            }
            Ok(if problems.is_empty() { Exit::Success } else { Exit::Failure })
        }
    }
}

/// The store's users as (name, login).
fn users(service: &Service, s: &SharedStore) -> Vec<(String, String)> {
    s.users.iter().filter_map(|u| service.person(u).map(|p| (p.name.clone(), p.login.clone()))).collect()
}

/// Makes the folder (and any missing folders above it, 0755) and sets owners and modes.
fn init(s: &SharedStore) -> Result<Vec<String>> {
    use std::os::unix::fs::PermissionsExt;
    if unix::euid() != 0 {
        return Err(Error::input(format!(
            "`safeguard store init {}` sets owners and groups, so it must run as root",
            s.name
        )));
    }
    let gid = unix::group_by_name(&s.group).ok_or_else(|| {
        Error::input(format!(
            "the group {} does not exist: create it with `groupadd {}` and add the store's users to it \
             (`usermod -aG {} LOGIN`), never anyone who only raises",
            s.group, s.group, s.group
        ))
    })?;
    let dir = s.dir();
    let mut done = vec![];
    let mut missing = vec![];
    for d in dir.ancestors() {
        if std::fs::symlink_metadata(d).is_ok() {
            break;
        }
        missing.push(d.to_owned());
    }
    for d in missing.iter().rev() {
        std::fs::create_dir(d).map_err(|e| Error::io(format!("cannot create {}", d.display()), e))?;
        if *d != dir {
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| Error::io(format!("cannot change the mode of {}", d.display()), e))?;
        }
        done.push(format!("created {}", d.display()));
    }
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.file_type().is_symlink() || !m.is_dir() => {
            return Err(Error::input(format!(
                "{} exists and is not a folder; remove it first",
                dir.display()
            )));
        }
        Ok(_) => {}
        Err(e) => return Err(Error::io(format!("cannot read {}", dir.display()), e)),
    }
    // chown first: it clears the setgid bit that the mode then sets.
    std::os::unix::fs::lchown(&dir, Some(0), Some(gid))
        .map_err(|e| Error::io(format!("cannot change the owner of {}", dir.display()), e))?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(access::DIR_MODE))
        .map_err(|e| Error::io(format!("cannot change the mode of {}", dir.display()), e))?;
    done.push(format!("{}  owner root  group {}  mode {:04o}", dir.display(), s.group, access::DIR_MODE));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = s.path.as_os_str().to_owned();
        p.push(suffix);
        let p = std::path::PathBuf::from(p);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_file() => {
                access::share(&p, gid)?;
                done.push(format!("{}  group {}  mode {:04o}", p.display(), s.group, access::FILE_MODE));
            }
            Ok(_) => return Err(Error::input(format!("{} is not a regular file; remove it", p.display()))),
            Err(_) => {}
        }
    }
    if std::fs::symlink_metadata(&s.path).is_err() {
        done.push(format!(
            "no store there yet: its first user makes it with `safeguard --service {} init` (it is made 0660 \
             in the group {})",
            s.name, s.group
        ));
    }
    Ok(done)
}

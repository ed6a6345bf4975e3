//! `safeguard init`: create the encrypted store for a service, with its initialiser as the
//! first person on its roster.

use crate::cli::Context;
use crate::domain::signed::{self, AddPerson, ROSTER_ADD, Signer};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::policy::Policy;
use crate::secret::Purpose;
use crate::store::{Store, StoreClock};

/// Create the encrypted store for a service (asks for the passphrase twice on a terminal).
///
/// The passphrase must have at least 8 characters: a few words are easier to remember and much
/// harder to guess than a short word. Every input is checked, and the passphrase read, before
/// anything is written, so an init that fails leaves nothing behind.
///
/// Refuses to overwrite an existing store. The file is created with mode 0600 in a directory
/// of mode 0700 (a store the service file names for several people, `[[store]]`, is made 0660 in
/// its group, in the folder `safeguard store init` set up); it is built whole under a temporary name beside it and only then takes its
/// name, so an interrupted init leaves no store (run it again) rather than a broken one. A lost passphrase cannot be recovered: keep it where your organisation keeps
/// such secrets, and make backups with `safeguard backup`.
///
/// Every entry of a store is signed by the person who makes it: init makes your identity and
/// signing key if you have none yet (as `safeguard identity init` does) and records you as the first person on the store's roster,
/// signed by yourself, with the roles given. Add the others with `safeguard roster add`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Your name on the roster, as entries will show it [default: the config's user, else your login].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Your Unix login [default: the login running the command].
    #[arg(long, value_name = "LOGIN")]
    pub login: Option<String>,
    /// Your roles (policy role ids, comma-separated) [default: the policy's designated person
    /// and first countersignatory roles].
    #[arg(long, value_name = "ROLES", value_delimiter = ',')]
    pub roles: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    if let Ok(m) = std::fs::symlink_metadata(&ctx.store_path) {
        let empty = m.is_file() && m.len() == 0;
        return Err(Error::StoreExists { path: ctx.store_path.clone(), empty });
    }
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    // A store the service file names for several people is made for them (issue 14).
    // (A service file not written yet, as when the designated person makes the store before the
    // administrator writes the file with its key, names no store.)
    let named = ctx.service_file.as_deref().is_some_and(|f| std::fs::symlink_metadata(f).is_ok());
    let share_gid = match if named { ctx.shared_store()? } else { None } {
        Some((shared, true)) => Some(shared_folder_ready(ctx, &policy, &shared)?),
        _ => None,
    };
    // Every input is checked, and the passphrase read, before anything is written: a failed
    // init leaves nothing behind (no identity made for a store that was not).
    let data = ctx.data_dir()?;
    let own = crate::seal::identity::load(&data)?;
    let signing = crate::seal::identity::load_signing(&data)?;
    let name = args
        .name
        .clone()
        .or_else(|| ctx.config.user.as_ref().map(|u| u.name.clone()))
        .unwrap_or_else(|| crate::seal::unix::login_name(crate::seal::unix::euid()));
    let name = name.trim().to_owned();
    signed::check_name(&name).map_err(|e| Error::input(format!("--name: {e}")))?;
    let login =
        args.login.clone().unwrap_or_else(|| crate::seal::unix::login_name(crate::seal::unix::euid()));
    let roles = if args.roles.is_empty() { default_roles(&policy) } else { args.roles.clone() };
    check_roles(&policy, &roles)?;
    let secret = ctx.passphrase.get(Purpose::Create)?;

    // A newcomer's first command (the README's quick start is init, then raise): whichever of
    // their identity and signing key is missing is made here, never overwritten.
    let (own, key) = crate::cli::identity::make_missing(&data, own, signing, ctx.clock.now())?;
    let recipient = Some(own.recipient.text);
    let body = AddPerson {
        name: name.clone(),
        login,
        roles: roles.clone(),
        key: key.public().text(),
        recipient,
        // The store records its own clock in this first entry (`Store::record_roster`).
        clock: None,
    };
    let body = serde_json::to_value(&body).map_err(|e| Error::Other(e.to_string()))?;
    let signer = Signer { name: name.clone(), role: roles[0].clone(), key };
    // A store made with the system clock refuses SAFEGUARD_NOW from then on (issue 14).
    let clock = if ctx.clock.is_fixed() { StoreClock::Fixed } else { StoreClock::System };
    let mut store = match share_gid {
        Some(gid) => Store::create_shared(&ctx.store_path, &secret, clock, gid)?,
        None => Store::create(&ctx.store_path, &secret, clock)?,
    };
    store.record_roster(
        ROSTER_ADD,
        &body,
        &signer,
        &policy.bindings.roles.roster_keepers,
        ctx.clock.now(),
    )?;
    output::status(&format!(
        "created the encrypted store {} (SQLCipher {}, schema {})",
        store.path().display(),
        store.cipher_version()?,
        store.schema_version()?
    ));
    output::status(&format!(
        "on its roster: {name} ({}); add the others with `safeguard roster add`",
        roles.join(", ")
    ));
    Ok(Exit::Success)
}

/// The group of a shared store whose folder is ready for it (root's, 2770 in the store's group)
/// and whose maker is one of its users in that group; otherwise what to do first.
fn shared_folder_ready(
    ctx: &Context,
    policy: &Policy,
    shared: &crate::seal::service::SharedStore,
) -> Result<u32> {
    use std::os::unix::fs::MetadataExt;
    let first = format!(
        "ask an administrator to run `safeguard store init {}` (as root) first, then run init again",
        shared.name
    );
    let gid = crate::seal::unix::group_by_name(&shared.group)
        .ok_or_else(|| Error::input(format!("the store's group {} does not exist: {first}", shared.group)))?;
    let dir = shared.dir();
    let ready = std::fs::metadata(&dir).is_ok_and(|m| {
        m.is_dir() && m.uid() == 0 && m.gid() == gid && m.mode() & 0o7777 == crate::store::access::DIR_MODE
    });
    if !ready {
        return Err(Error::input(format!(
            "{} is named in the service file as the store {:?}, shared by the group {}, but its folder {} is not              set up for that: {first}",
            ctx.store_path.display(),
            shared.name,
            shared.group,
            dir.display()
        )));
    }
    let me = crate::seal::unix::login_name(crate::seal::unix::euid());
    let service = ctx.service(policy)?;
    let mine = service.as_ref().and_then(|s| s.person_by_login(&me)).map(|p| p.name.clone());
    if !mine.is_some_and(|n| shared.users.contains(&n)) {
        return Err(Error::input(format!(
            "you ({me}) are not one of the users the service file gives the store {:?} ({}); the first of them              makes it",
            shared.name,
            shared.users.join(", ")
        )));
    }
    if !crate::seal::unix::own_groups().contains(&gid) {
        return Err(Error::input(format!(
            "you ({me}) are not in the group {}, so the others could not open a store you made: ask an              administrator to run `usermod -aG {} {me}`, then log in again",
            shared.group, shared.group
        )));
    }
    Ok(gid)
}

/// One person keeping a store alone decides and countersigns: the designated person's role and
/// the first countersignatory role the policy binds (for a policy that binds neither, the roles
/// with a decision, else its first role).
pub fn default_roles(policy: &Policy) -> Vec<String> {
    let r = &policy.bindings.roles;
    let mut roles: Vec<String> = r.designated_person.iter().cloned().collect();
    roles.extend(r.countersignatory.first().cloned());
    roles.dedup();
    // A policy that binds neither (a small local one): the roles with a decision, else its first.
    if roles.is_empty() {
        roles = policy.decisions.keys().cloned().collect();
    }
    if roles.is_empty() {
        roles.extend(policy.roles.keys().next().cloned());
    }
    roles
}

/// Roles must be the policy's, and there must be at least one.
pub fn check_roles(policy: &Policy, roles: &[String]) -> Result<()> {
    if roles.is_empty() {
        return Err(Error::input("--roles: give at least one role (a policy role id)"));
    }
    for r in roles {
        if !policy.roles.contains_key(r) {
            return Err(Error::input(format!(
                "--roles: {r:?} is not a role of policy {} (known: {})",
                policy.id,
                policy.roles.keys().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(())
}

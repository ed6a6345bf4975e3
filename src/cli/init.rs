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
/// Refuses to overwrite an existing store. The file is created with mode 0600 in a directory
/// of mode 0700; it is built whole under a temporary name beside it and only then takes its
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
    // Everything about the first person is checked before the store is made.
    // A newcomer's first command (the README's quick start is init, then raise): whichever of
    // their identity and signing key is missing is made here, never overwritten.
    let data = ctx.data_dir()?;
    let own = crate::seal::identity::load(&data)?;
    let signing = crate::seal::identity::load_signing(&data)?;
    let (own, key) = crate::cli::identity::make_missing(&data, own, signing, ctx.clock.now())?;
    let recipient = Some(own.recipient.text);
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

    let secret = ctx.passphrase.get(Purpose::Create)?;
    // A store made with the system clock refuses SAFEGUARD_NOW from then on (issue 14).
    let clock = if ctx.clock.is_fixed() { StoreClock::Fixed } else { StoreClock::System };
    let mut store = Store::create(&ctx.store_path, &secret, clock)?;
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

//! `safeguard roster show|add|retire`: the people of a store, their roles and signing keys.

use crate::cli::{Context, Need, SignerArgs, out, out_json};
use crate::domain::signed::{self, AddPerson, PublicKey, ROSTER_ADD, ROSTER_RETIRE, RetirePerson};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::policy::Policy;

/// The store's roster: who may sign its entries, in which roles, with which keys.
///
/// The roster is kept as signed entries of the store's own chain, so `verify` checks every
/// entry against the roster in force when it was written. Only a person holding a role the
/// policy names (`bindings.roles.roster_keepers`: the Head of Safeguarding or the designated
/// person by default) may add or retire people.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// List the people on the roster now (and those retired).
    Show {
        /// Print JSON: a list of {name, login, roles, key, recipient, added, retired}.
        #[arg(long)]
        json: bool,
    },
    /// Add a person: their name, login, roles and signing key (`safeguard identity show`).
    Add {
        /// Their name, as entries will show it.
        #[arg(long, value_name = "NAME", required_unless_present = "from_service_file")]
        name: Option<String>,
        /// Their Unix login.
        #[arg(long, value_name = "LOGIN", required_unless_present = "from_service_file")]
        login: Option<String>,
        /// Their roles: policy role ids, comma-separated.
        #[arg(
            long,
            value_name = "ROLES",
            value_delimiter = ',',
            required_unless_present = "from_service_file"
        )]
        roles: Vec<String>,
        /// Their signing key, sg-ed25519:... (the second line of their `safeguard identity show`).
        #[arg(long, value_name = "KEY", required_unless_present = "from_service_file")]
        key: Option<String>,
        /// Their age recipient, age1... (the first line of their `safeguard identity show`).
        #[arg(long, value_name = "AGE")]
        recipient: Option<String>,
        /// Add every [[person]] of the service file that gives a signing_key and is not on the
        /// roster yet.
        #[arg(long, conflicts_with_all = ["name", "login", "roles", "key", "recipient"])]
        from_service_file: bool,
        #[command(flatten)]
        signer: SignerArgs,
    },
    /// Retire a person: entries signed with their key after this fail `verify`.
    Retire {
        /// Their name on the roster.
        name: String,
        /// Why (they left; their key was lost).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        #[command(flatten)]
        signer: SignerArgs,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let keepers = &policy.bindings.roles.roster_keepers;
    let mut store = ctx.open_store()?;
    match args.action {
        Action::Show { json } => {
            let roster = store.roster(keepers)?;
            if json {
                out_json(&roster.members)?;
            } else if roster.members.is_empty() {
                out(
                    "no one is on this store's roster (a store from before signed records): add yourself with `safeguard roster add`",
                )?;
            } else {
                for m in &roster.members {
                    let state = match m.retired {
                        Some(seq) => format!("  (retired, entry {seq})"),
                        None => String::new(),
                    };
                    out(format!("{} ({}): {}, login {}{state}", m.name, m.roles.join(", "), m.key, m.login))?;
                }
            }
            Ok(Exit::Success)
        }
        Action::Add { name, login, roles, key, recipient, from_service_file, signer } => {
            let people = if from_service_file {
                let service =
                    ctx.require_service(&policy, "--from-service-file", Some("lists the people"))?;
                let roster = store.roster(keepers)?;
                let mut people = vec![];
                for p in &service.persons {
                    let Some(k) = &p.signing_key else {
                        output::status(&format!("skipped {}: the service file gives no signing_key", p.name));
                        continue;
                    };
                    if roster.active(&p.name).is_some() || roster.active_by_key(k).is_some() {
                        continue;
                    }
                    people.push(AddPerson {
                        name: p.name.clone(),
                        login: p.login.clone(),
                        roles: p.roles.clone(),
                        key: k.clone(),
                        recipient: Some(p.recipient.text.clone()),
                        clock: None,
                    });
                }
                people
            } else {
                let name = name.unwrap_or_default().trim().to_owned();
                signed::check_name(&name).map_err(|e| Error::input(format!("--name: {e}")))?;
                let key = PublicKey::parse(&key.unwrap_or_default())
                    .map_err(|e| Error::input(format!("--key: {e}")))?;
                if let Some(r) = &recipient {
                    crate::seal::service::Key::parse(r)
                        .map_err(|e| Error::input(format!("--recipient: {e}")))?;
                }
                vec![AddPerson {
                    name,
                    login: login.unwrap_or_default(),
                    roles,
                    key: key.text(),
                    recipient,
                    clock: None,
                }]
            };
            for p in &people {
                crate::cli::init::check_roles(&policy, &p.roles)?;
            }
            let me = actor_or_bootstrap(ctx, &store, &policy, &signer, people.first())?;
            for p in people {
                let body = serde_json::to_value(&p).map_err(|e| Error::Other(e.to_string()))?;
                let seq = store.record_roster(ROSTER_ADD, &body, &me, keepers, ctx.clock.now())?;
                output::status(&format!(
                    "added {} ({}) to the roster (entry {seq})",
                    p.name,
                    p.roles.join(", ")
                ));
            }
            Ok(Exit::Success)
        }
        Action::Retire { name, reason, signer } => {
            let me = ctx.actor(&store, &policy, Need::OneOf(keepers), &signer)?;
            let body = serde_json::to_value(RetirePerson { name: name.clone(), reason })
                .map_err(|e| Error::Other(e.to_string()))?;
            let seq = store.record_roster(ROSTER_RETIRE, &body, &me, keepers, ctx.clock.now())?;
            output::status(&format!("retired {name} from the roster (entry {seq})"));
            Ok(Exit::Success)
        }
    }
}

/// Who signs a roster change: a keeper on the roster; or, on a store with no roster yet (one
/// made before signed records), the person adding themselves first.
fn actor_or_bootstrap(
    ctx: &Context,
    store: &crate::store::Store,
    policy: &Policy,
    chosen: &SignerArgs,
    first: Option<&AddPerson>,
) -> Result<signed::Signer> {
    let keepers = &policy.bindings.roles.roster_keepers;
    if !store.roster(keepers)?.is_empty() {
        return ctx.actor(store, policy, Need::OneOf(keepers), chosen);
    }
    let key = ctx.signing_key()?;
    let p = first.ok_or_else(|| Error::input("nobody to add"))?;
    if p.key != key.public().text() {
        return Err(Error::input(
            "this store has no roster yet: its first person must be you, adding yourself (--key with your own signing key)",
        ));
    }
    let role = chosen.role.clone().unwrap_or_else(|| p.roles[0].clone());
    Ok(signed::Signer { name: p.name.clone(), role, key })
}

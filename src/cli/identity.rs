//! `safeguard identity init|show`: your own age X25519 identity.

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::seal::identity;

/// Your own keys: an age identity for sealed raising and a signing key for the records.
///
/// An age X25519 identity (identity/age-identity.txt) and an Ed25519 signing key
/// (identity/signing-key.txt), kept in your data directory (mode 0600 in a 0700 folder), never
/// in a store. `show` prints the recipient (age1...) on its first line and the signing key
/// (sg-ed25519:...) on its second: give both to whoever keeps the service file and the store's
/// roster (`safeguard roster add`). Every entry you write is signed with the signing key.
/// `age -d -i FILE` reads the age identity file too.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Make your identity and signing key (each only where missing: neither is ever overwritten).
    Init {
        /// Print JSON: the recipient, the signing key and their files.
        #[arg(long)]
        json: bool,
    },
    /// Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster.
    Show {
        /// Print JSON: the recipient, its fingerprint, the signing key and their files.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let data = ctx.data_dir()?;
    let now = ctx.clock.now();
    let (own, signing, json) = match args.action {
        Action::Init { json } => {
            // Each key is made only where missing: a person with an age identity from before
            // signed records gets a signing key beside it; neither is ever overwritten.
            let own = identity::load(&data)?;
            let signing = identity::load_signing(&data)?;
            if own.is_some() && signing.is_some() {
                return Err(Error::input(format!(
                    "you already have an identity ({}); it is never overwritten (`safeguard identity show` prints it)",
                    identity::dir(&data).display()
                )));
            }
            let (own, signing) = make_missing(&data, own, signing, now)?;
            (own, Some(signing), json)
        }
        Action::Show { json } => {
            let own = identity::load(&data)?.ok_or_else(|| {
                Error::input(format!(
                    "you have no identity yet ({}); make one with `safeguard identity init`",
                    identity::file(&data).display()
                ))
            })?;
            let signing = identity::load_signing(&data)?;
            if signing.is_none() && !json {
                output::status(
                    "note: you have no signing key yet; `safeguard identity init` adds one beside your identity",
                );
            }
            (own, signing, json)
        }
    };
    let signing_key = signing.map(|k| k.public().text());
    if json {
        out_json(&serde_json::json!({
            "recipient": own.recipient.text,
            "fingerprint": own.recipient.fingerprint(),
            "file": own.path,
            "signing_key": signing_key,
            "signing_file": identity::signing_file(&data),
        }))?;
    } else {
        out(&own.recipient.text)?;
        if let Some(k) = signing_key {
            out(k)?;
        }
    }
    Ok(Exit::Success)
}

/// Makes whichever of your identity and signing key is missing (never overwriting one), saying
/// what it made; `identity init`, and `init` for a newcomer who has neither yet.
pub fn make_missing(
    data: &std::path::Path,
    own: Option<identity::Own>,
    signing: Option<crate::domain::signed::SecretKey>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(identity::Own, crate::domain::signed::SecretKey)> {
    let own = match own {
        Some(o) => o,
        None => {
            let o = identity::create(data, now)?;
            output::status(&format!("made your identity {}", o.path.display()));
            o
        }
    };
    let signing = match signing {
        Some(k) => k,
        None => {
            let k = identity::create_signing(data, now)?.ok_or_else(|| {
                Error::input("your signing key appeared while it was being made; run the command again")
            })?;
            output::status(&format!("made your signing key {}", identity::signing_file(data).display()));
            k
        }
    };
    Ok((own, signing))
}

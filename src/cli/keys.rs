//! `safeguard keys init|show|rotate`: the store's own decryption identity.

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;

/// The store's own key for opening sealed concerns (store passphrase).
///
/// An age X25519 identity kept inside the encrypted store. Sealed concerns are sealed to its
/// recipient: put it in the `recipients` of the inbox this store reads. `rotate` makes a new
/// one and keeps the old one, retired, so files sealed to it still import.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Make the store's first key (refused if it has one).
    Init,
    /// Print the current key's recipient (age1...); with --json every key and its dates.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Make a new key and retire the current one (it still opens files sealed to it).
    Rotate,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let mut store = ctx.open_store()?;
    let now = ctx.clock.now();
    match args.action {
        Action::Init => {
            let r = store.new_store_key(now, false)?;
            output::status("made the store's key; put this recipient in the `recipients` of its inbox:");
            out(r)?;
        }
        Action::Rotate => {
            let r = store.new_store_key(now, true)?;
            output::status(
                "made a new key and retired the old one (it still opens files sealed to it); \
                 replace the old recipient in the service file with this one:",
            );
            out(r)?;
        }
        Action::Show { json } => {
            if json {
                out_json(&store.store_keys()?)?;
            } else {
                let r = store.current_store_key()?.ok_or_else(|| {
                    Error::input("this store has no key yet; make one with `safeguard keys init`")
                })?;
                out(r)?;
            }
        }
    }
    Ok(Exit::Success)
}

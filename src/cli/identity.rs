//! `safeguard identity init|show`: your own age X25519 identity.

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::seal::identity;

/// Your own key pair for sealed raising (`init` makes it, `show` prints its recipient).
///
/// An age X25519 identity kept in your data directory (identity/age-identity.txt, mode 0600
/// in a 0700 folder). Give its recipient (age1..., which `show` prints) to whoever keeps the
/// service file: concerns sealed to you, your own copies and your drafts open with it.
/// `age -d -i FILE` reads the file too.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Make your identity (refused if you have one: it is never overwritten).
    Init {
        /// Print JSON: the recipient and the file.
        #[arg(long)]
        json: bool,
    },
    /// Print your recipient (age1...), for the service file.
    Show {
        /// Print JSON: the recipient, its fingerprint and the file.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let data = ctx.data_dir()?;
    let (own, json) = match args.action {
        Action::Init { json } => {
            let own = identity::create(&data, ctx.clock.now())?;
            output::status(&format!("made your identity {}", own.path.display()));
            (own, json)
        }
        Action::Show { json } => {
            let own = identity::load(&data)?.ok_or_else(|| {
                Error::input(format!(
                    "you have no identity yet ({}); make one with `safeguard identity init`",
                    identity::file(&data).display()
                ))
            })?;
            (own, json)
        }
    };
    if json {
        out_json(&serde_json::json!({
            "recipient": own.recipient.text,
            "fingerprint": own.recipient.fingerprint(),
            "file": own.path,
        }))?;
    } else {
        out(&own.recipient.text)?;
    }
    Ok(Exit::Success)
}

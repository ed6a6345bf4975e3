//! `safeguard drafts discard DRAFT`: throw away an interview draft that will not be finished.

use crate::cli::{Context, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;

/// Unfinished interview drafts (list them with `safeguard list --drafts`).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: DraftsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum DraftsCommand {
    /// Delete a draft and every answer in it, for good. On a terminal it asks first; without
    /// one, give --yes. Nothing about the draft is kept or printed.
    Discard {
        /// The draft's id (D-...), from `safeguard list --drafts`.
        draft: String,
        /// Discard without asking.
        #[arg(long)]
        yes: bool,
        /// Print JSON: `{"discarded": "D-..."}`.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let DraftsCommand::Discard { draft, yes, json } = args.command;
    if !yes {
        if !crate::secret::can_prompt() {
            return Err(Error::input(format!(
                "discarding draft {draft} deletes its answers for good; without a terminal to ask on, give --yes"
            )));
        }
        let ok = crate::terminal::confirm(&format!(
            "Discard draft {draft}? Its answers are deleted for good and the concern is not raised"
        ))?;
        if !ok {
            output::status(&format!("kept draft {draft}"));
            return Ok(Exit::Success);
        }
    }
    match &ctx.service_file {
        // Sealed raising: the drafts are files sealed to your own identity.
        Some(_) => {
            let data = ctx.data_dir()?;
            let own = crate::seal::identity::load(&data)?.ok_or_else(|| Error::NotFound(draft.clone()))?;
            crate::seal::local::load_draft(&data, &own, &draft)?;
            crate::seal::local::remove_draft(&data, &draft)?;
        }
        None => ctx.open_store()?.discard_draft(&draft)?,
    }
    if json {
        out_json(&serde_json::json!({ "discarded": draft }))?;
    } else {
        output::status(&format!("discarded draft {draft}"));
    }
    Ok(Exit::Success)
}

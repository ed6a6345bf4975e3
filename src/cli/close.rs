//! `safeguard close ID --reason`: close a concern.

use serde_json::json;

use crate::cli::{Context, Need, SignerArgs, non_empty};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::store::timeline::Record;

/// Close a concern: the designated person records that the person no longer needs safeguarding.
///
/// A concern is never closed without a designated person's decision (003 §3.6, §6.21); closing
/// records the DP's statement and reason (003 §6.28, §7.9) and ends the remaining duties.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// Why the person no longer needs safeguarding.
    #[arg(long, value_name = "TEXT", value_parser = non_empty)]
    pub reason: String,
    #[command(flatten)]
    pub signer: SignerArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let mut store = ctx.open_store()?;
    let dp = Context::dp_roles(&policy);
    let concern = store.concern(&args.id)?;
    let signer = ctx.actor_on(&store, &policy, Need::OneOf(&dp), &args.signer, &concern)?;
    if concern.status == crate::domain::record::ConcernStatus::Frozen {
        return Err(Error::Frozen { id: concern.id });
    }
    if concern.outcome.is_none() {
        return Err(Error::input(format!(
            "{} has no designated person's decision yet; a concern cannot be closed before one (003 §3.6, §6.21)",
            args.id
        )));
    }
    let body = json!({
        "statement": "The designated person is satisfied that the person no longer needs safeguarding.",
        "reason": args.reason,
    });
    let record = Record {
        status: Some(crate::domain::record::ConcernStatus::Closed),
        cancel_open: true,
        ..ctx.entry_now("closed", &signer, body)
    };
    let applied = store.record(&args.id, &record)?;
    output::status(&format!("closed {} (entry {})", args.id, applied.seq));
    Ok(Exit::Success)
}

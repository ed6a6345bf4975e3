//! `safeguard freeze ID --reason`: secure a case file for a safeguarding practice review.

use serde_json::json;

use crate::cli::{Context, Need, SignerArgs, non_empty};
use crate::error::Result;
use crate::exit::Exit;
use crate::output;
use crate::store::timeline::Record;

/// Freeze a concern for a safeguarding practice review (003 §7.13).
///
/// From the moment the organisation knows of the request, nothing may be added to or taken
/// from the file: afterwards every command that would add to the concern refuses with exit
/// code 6, and `review --due` lists it apart with no reminders. Tell the Group Head and the
/// managing director (003 §7.13).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// The practice review request (who asked, when).
    #[arg(long, value_name = "TEXT", value_parser = non_empty)]
    pub reason: String,
    #[command(flatten)]
    pub signer: SignerArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let mut store = ctx.open_store()?;
    let dp = Context::dp_roles(&policy);
    let signer = ctx.actor(&store, &policy, Need::OneOf(&dp), &args.signer)?;
    let body = json!({ "reason": args.reason, "source": "003 §7.13" });
    let record = Record {
        status: Some(crate::domain::record::ConcernStatus::Frozen),
        ..ctx.entry_now("frozen", &signer, body)
    };
    let applied = store.record(&args.id, &record)?;
    output::status(&format!(
        "froze {} for a practice review (entry {}); nothing more can be added. Tell the Group Head and the managing director (003 §7.13).",
        args.id, applied.seq
    ));
    Ok(Exit::Success)
}

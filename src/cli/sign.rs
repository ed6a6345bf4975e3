//! `safeguard sign ID`: the countersignature of the alert form.

use serde_json::json;

use crate::cli::{Context, Need, SignerArgs};
use crate::error::Result;
use crate::exit::Exit;
use crate::output;
use crate::store::timeline::Record;

/// Countersign a concern's alert form (003 §6.26 for children, §6.11 and App J for adults).
///
/// The countersignatory is a role the policy names (`bindings.roles.countersignatory`): you
/// must hold one on the store's roster, and the entry is signed with your own key. This
/// satisfies the countersign duty.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// The countersignatory's comments, with any actions still to do.
    #[arg(long, value_name = "TEXT")]
    pub comments: Option<String>,
    #[command(flatten)]
    pub signer: SignerArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let mut store = ctx.open_store()?;
    let concern = store.concern(&args.id)?;
    let need = Need::OneOf(&policy.bindings.roles.countersignatory);
    let signer = ctx.actor_on(&store, &policy, need, &args.signer, &concern)?;
    let kind = crate::domain::record::EntryKind::Countersign;
    let record = Record {
        complete_kinds: policy.bindings.duties.countersign.clone(),
        ..ctx.entry_now(kind.as_str(), &signer, json!({ "comments": args.comments }))
    };
    let applied = store.record(&args.id, &record)?;
    output::status(&format!("countersigned {} (entry {})", args.id, applied.seq));
    Ok(Exit::Success)
}

//! `safeguard freeze ID --reason`: secure a case file for a safeguarding practice review.

use serde_json::json;

use crate::cli::{Context, Need, SignerArgs, non_empty};
use crate::error::Result;
use crate::exit::Exit;
use crate::output;
use crate::store::timeline::Record;

/// Freeze a concern for a safeguarding practice review (003 §7.13), open or closed.
///
/// From the moment the organisation knows of the request, nothing may be added to or taken
/// from the file: afterwards every command that would add to the concern refuses with exit
/// code 6, and `review --due` lists it apart with no reminders. The Group Head and the
/// managing director must be told (003 §7.13; the policy's `bindings.roles.practice_review_told`):
/// say whom you told with `--told`, which the frozen entry records; without it, freezing still
/// happens at once and prints whom to tell, with their contacts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// The practice review request (who asked, when).
    #[arg(long, value_name = "TEXT", value_parser = non_empty)]
    pub reason: String,
    /// Someone you told of the request, and how ("Gina Head, Group Head, by phone"). Repeat for
    /// each person.
    #[arg(long, value_name = "WHO", value_parser = non_empty)]
    pub told: Vec<String>,
    #[command(flatten)]
    pub signer: SignerArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let mut store = ctx.open_store()?;
    let dp = Context::dp_roles(&policy);
    let concern = store.concern(&args.id)?;
    let signer = ctx.actor_on(&store, &policy, Need::OneOf(&dp), &args.signer, &concern)?;
    let must_tell = &policy.bindings.roles.practice_review_told;
    // What it was before (open or closed: a practice review may follow the closing, 003 §7.13),
    // so the record keeps where it stood when the review began.
    let body = json!({
        "status_before": concern.status.as_str(),
        "reason": args.reason,
        "told": args.told,
        "must_tell": must_tell,
        "source": "003 §7.13",
    });
    let record = Record {
        status: Some(crate::domain::record::ConcernStatus::Frozen),
        ..ctx.entry_now("frozen", &signer, body)
    };
    let applied = store.record(&args.id, &record)?;
    output::status(&format!(
        "froze {} for a practice review (entry {}); nothing more can be added to it.",
        args.id, applied.seq
    ));
    if args.told.is_empty() {
        output::status(
            "Tell them of the request now (003 §7.13); nothing records it later, as the file is frozen:",
        );
    } else {
        output::status("Recorded as told:");
        for t in &args.told {
            output::status(&format!("  - {t}"));
        }
        output::status("Who must be told (003 §7.13):");
    }
    for role in must_tell {
        let mut line = format!("  - {}", policy.role_title(role));
        if let Some(d) = ctx.config.contacts.get(role).and_then(|c| c.details()) {
            line.push_str(&format!(": {d}"));
        }
        output::status(&line);
    }
    Ok(Exit::Success)
}

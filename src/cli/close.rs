//! `safeguard close ID --reason`: close a concern.

use serde_json::json;

use crate::cli::{Context, Need, SignerArgs, non_empty};
use crate::domain::calendar::show_local;
use crate::domain::record::DutyStatus;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::policy::bindings::any;
use crate::store::timeline::{Cancel, Record};

/// Close a concern: the designated person records that the person no longer needs safeguarding.
///
/// A concern is never closed without a designated person's decision (003 §3.6, §6.21); closing
/// records the DP's statement and reason (003 §6.28, §7.9) and ends the progress reviews.
/// Closing is refused while other duties are open (a written referral due 48 hours after the
/// call, the local authority's reply, a chase, 003 §6.33): do them and log them first, or, if
/// they are no longer needed, say why with --cancel-open; each one cancelled is named in the
/// closing entry.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// Why the person no longer needs safeguarding.
    #[arg(long, value_name = "TEXT", value_parser = non_empty)]
    pub reason: String,
    /// Cancel the duties still open, saying why they are no longer needed (recorded in the
    /// closing entry with each duty cancelled).
    #[arg(long, value_name = "WHY", value_parser = non_empty)]
    pub cancel_open: Option<String>,
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
    // The progress reviews last until the DP is satisfied (003 §6.28, §7.17): closing ends them.
    // Anything else still open is a duty that must still happen unless the DP says otherwise.
    let reviews = &policy.bindings.duties.reviews;
    let open: Vec<crate::domain::record::Duty> = store
        .duties(&args.id)?
        .into_iter()
        .filter(|d| d.status == DutyStatus::Open && !any(reviews, &d.kind))
        .collect();
    // The DP reads this: the reporter's duties are theirs by name, not "you".
    let raiser = store.raiser(&args.id)?;
    let listed = |d: &crate::domain::record::Duty| {
        let due = d.due.map(show_local).unwrap_or_else(|| "no time set".into());
        let who = if policy.bindings.roles.reporter.as_deref() == Some(d.owner.as_str()) {
            crate::cli::view::reporter_named(
                raiser.as_ref().map(|(name, _)| name.as_str()),
                raiser.as_ref().and_then(|(_, role)| role.as_deref()),
            )
        } else {
            policy.role_title(&d.owner).to_owned()
        };
        format!("{} ({}): {who}, due {due}", d.title, d.kind)
    };
    if !open.is_empty() && args.cancel_open.is_none() {
        let lines: Vec<String> = open.iter().map(|d| format!("  - {}", listed(d))).collect();
        return Err(Error::input(format!(
            "{} still has {} open duties that closing would cancel (UK time):\n{}\n\
             Do them and log them first (`safeguard log {} EVENT`), or, if they are no longer needed, \
             close with --cancel-open WHY saying why; each one cancelled is named in the closing entry",
            args.id,
            open.len(),
            lines.join("\n"),
            args.id
        )));
    }
    let mut body = json!({
        "statement": "The designated person is satisfied that the person no longer needs safeguarding.",
        "reason": args.reason,
    });
    if !open.is_empty() {
        body["cancel_reason"] = json!(args.cancel_open);
        body["cancelled"] = json!(
            open.iter()
                .map(|d| json!({ "duty": d.id, "kind": d.kind, "title": d.title, "owner": d.owner, "due": d.due }))
                .collect::<Vec<_>>()
        );
    }
    // Exactly the duties listed above are cancelled, with the reviews; if another was opened
    // since they were read, the store refuses the whole record.
    let record = Record {
        status: Some(crate::domain::record::ConcernStatus::Closed),
        cancel: Some(Cancel { ids: open.iter().map(|d| d.id).collect(), kinds: reviews.clone() }),
        ..ctx.entry_now("closed", &signer, body)
    };
    let applied = store.record(&args.id, &record)?;
    output::status(&format!("closed {} (entry {})", args.id, applied.seq));
    for d in &open {
        output::status(&format!("  cancelled: {}", listed(d)));
    }
    if open.is_empty() && args.cancel_open.is_some() {
        output::status(
            "  no duty was open to cancel, so no cancellation was recorded (--cancel-open was not needed)",
        );
    }
    Ok(Exit::Success)
}

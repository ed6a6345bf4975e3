//! `safeguard list`: the concerns (or the interview drafts) in the store.

use crate::cli::{Context, out_json};
use crate::error::Result;
use crate::exit::Exit;
use crate::export::json;
use crate::output;

/// List the concerns in the store, newest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: a list of concern summaries (or of drafts).
    #[arg(long)]
    pub json: bool,
    /// List unfinished interview drafts instead (continue one with `raise --resume DRAFT`).
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    if args.drafts && ctx.service_file.is_some() {
        return sealed_drafts(ctx, &args);
    }
    let store = ctx.open_store_with_intake()?;
    if args.drafts {
        let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
        return print_drafts(store.drafts(policy.bindings.answers.about.as_deref())?, args.json);
    }
    let concerns = store.concerns()?;
    if args.json {
        out_json(&concerns.iter().map(json::Summary::new).collect::<Vec<_>>())?;
    } else if concerns.is_empty() {
        crate::output::status("no concerns yet; raise one with `safeguard raise`");
    } else {
        let rows = concerns.iter().map(|c| {
            vec![
                c.id.as_str().into(),
                c.about.as_str().into(),
                c.status.as_str().into(),
                c.subject.who().unwrap_or("-").into(),
                c.recommendation.as_str().into(),
                c.outcome.as_deref().unwrap_or("(no decision yet)").into(),
            ]
        });
        output::table(&["=Concern", "=About", "=Status", "Who", "=Recommendation", "=Decision"], rows)?;
    }
    Ok(Exit::Success)
}

/// With a service file, drafts are sealed to the reporter's own identity (there is no store).
fn sealed_drafts(ctx: &Context, args: &Args) -> Result<Exit> {
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let data = ctx.data_dir()?;
    let drafts = match crate::seal::identity::load(&data)? {
        Some(own) => crate::seal::local::drafts(&data, &own)?,
        None => vec![],
    };
    let rows: Vec<crate::store::DraftInfo> = drafts
        .into_iter()
        .map(|d| crate::store::DraftInfo {
            id: d.id,
            created_at: crate::domain::clock::rfc3339(d.created_at),
            updated_at: crate::domain::clock::rfc3339(d.updated_at),
            anonymous: d.anonymous,
            answered: d.state.transcript.len(),
            about: crate::cli::raise::answer_of(&d.state.answers, &policy.bindings.answers.about)
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            answers: d.state.answers,
        })
        .collect();
    print_drafts(rows, args.json)
}

fn print_drafts(drafts: Vec<crate::store::DraftInfo>, json: bool) -> Result<Exit> {
    if json {
        out_json(&serde_json::to_value(&drafts).map_err(|e| crate::error::Error::Other(e.to_string()))?)?;
    } else if drafts.is_empty() {
        crate::output::status("no drafts");
    } else {
        // Stored in UTC; shown in UK time.
        let uk = |t: &str| {
            crate::domain::clock::parse_rfc3339(t)
                .map(crate::domain::calendar::show_local)
                .unwrap_or_else(|_| t.to_owned())
        };
        let rows = drafts.iter().map(|d| {
            vec![
                d.id.as_str().into(),
                d.about.as_deref().unwrap_or("-").into(),
                d.answered.to_string().into(),
                uk(&d.created_at).into(),
                uk(&d.updated_at).into(),
            ]
        });
        output::table(&["=Draft", "=About", "=Answers", "Started (UK time)", "Last answer (UK time)"], rows)?;
        crate::output::status(
            "continue one with `safeguard raise --resume DRAFT`, or discard it with `safeguard drafts discard DRAFT`",
        );
    }
    Ok(Exit::Success)
}

//! `safeguard list`: the concerns (or the interview drafts) in the store.

use crate::cli::{Context, out, out_json};
use crate::error::Result;
use crate::exit::Exit;

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
    let store = ctx.open_store()?;
    if args.drafts {
        let drafts = store.drafts()?;
        if args.json {
            out_json(&serde_json::to_value(&drafts).map_err(|e| crate::error::Error::Other(e.to_string()))?)?;
        } else if drafts.is_empty() {
            crate::output::status("no drafts");
        } else {
            for d in drafts {
                out(format!(
                    "{}  started {}  last answer {}  {} answers  {}",
                    d.id,
                    d.created_at,
                    d.updated_at,
                    d.answered,
                    d.about.as_deref().unwrap_or("-")
                ))?;
            }
        }
        return Ok(Exit::Success);
    }
    let rows: Vec<serde_json::Value> = store
        .concerns()?
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id,
                "about": c.about,
                "status": c.status,
                "recommendation": c.recommendation,
                "outcome": c.outcome,
                "raised_at": c.raised_at,
                "anonymous": c.anonymous,
                "subject": c.summary,
            })
        })
        .collect();
    if args.json {
        out_json(&rows)?;
    } else if rows.is_empty() {
        crate::output::status("no concerns yet; raise one with `safeguard raise`");
    } else {
        let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
        for r in rows {
            let who =
                r["subject"]["initials"].as_str().or(r["subject"]["name"].as_str()).unwrap_or("-").to_owned();
            out(format!(
                "{}  {:<9} {:<7} {:<8} {:<32} {}",
                s(&r["id"]),
                s(&r["about"]),
                s(&r["status"]),
                who,
                s(&r["recommendation"]),
                r["outcome"].as_str().unwrap_or("(no decision yet)")
            ))?;
        }
    }
    Ok(Exit::Success)
}

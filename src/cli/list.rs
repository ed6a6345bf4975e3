//! `safeguard list`: the concerns in the store.

use crate::cli::{Context, out};
use crate::error::Result;
use crate::exit::Exit;

/// List the concerns in the store, newest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON list of concern summaries.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let store = ctx.open_store()?;
    let mut st = store.conn().prepare(
        "SELECT id, about, status, recommendation, outcome, raised_at FROM concerns ORDER BY year DESC, seq DESC",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(serde_json::json!({
                "id": r.get::<_, String>(0)?,
                "about": r.get::<_, String>(1)?,
                "status": r.get::<_, String>(2)?,
                "recommendation": r.get::<_, String>(3)?,
                "outcome": r.get::<_, Option<String>>(4)?,
                "raised_at": r.get::<_, String>(5)?,
            }))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if args.json {
        out(serde_json::Value::Array(rows))?;
    } else if rows.is_empty() {
        crate::output::status("no concerns yet; raise one with `safeguard raise`");
    } else {
        for r in rows {
            out(format!(
                "{}  {}  {}  {}",
                r["id"].as_str().unwrap_or(""),
                r["about"].as_str().unwrap_or(""),
                r["status"].as_str().unwrap_or(""),
                r["recommendation"].as_str().unwrap_or("")
            ))?;
        }
    }
    Ok(Exit::Success)
}

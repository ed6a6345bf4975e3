//! `safeguard verify`: check the store's encryption, structure and record chain.

use crate::cli::{Context, out};
use crate::error::{Error, Result};
use crate::exit::Exit;

/// Check the store: SQLCipher's page authentication, SQLite's integrity check.
///
/// Exits 0 when the store is sound and 7 (damaged) when any check fails, naming the problem.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let store = ctx.open_store()?;
    let problems = store.integrity_problems()?;
    if args.json {
        out(serde_json::json!({ "ok": problems.is_empty(), "problems": problems }))?;
    } else if problems.is_empty() {
        out(format!("ok: {} passes the encryption and integrity checks", store.path().display()))?;
    }
    if problems.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(Error::StoreDamaged { path: store.path().to_owned(), detail: problems.join("; ") })
    }
}

//! `safeguard verify`: check the store's encryption, structure and record chain.

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;

/// Check the store: SQLCipher's page authentication, SQLite's integrity check, and the hash
/// chain of the journal (every entry carries the hash of the one before it).
///
/// Exits 0 when the store is sound and 7 (damaged) when any check fails, naming the problem
/// (for the chain, the first broken link).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let store = ctx.open_store()?;
    let mut problems = store.integrity_problems()?;
    if problems.is_empty()
        && let Some(link) = store.chain_problem()?
    {
        problems.push(format!("hash chain: {link}"));
    }
    if args.json {
        out_json(&serde_json::json!({ "ok": problems.is_empty(), "problems": problems }))?;
    } else if problems.is_empty() {
        out(format!(
            "ok: {} passes the encryption, integrity and hash-chain checks",
            store.path().display()
        ))?;
    }
    if problems.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(Error::StoreDamaged { path: store.path().to_owned(), detail: problems.join("; ") })
    }
}

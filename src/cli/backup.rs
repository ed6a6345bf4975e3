//! `safeguard backup PATH`: an encrypted copy of the store.

use std::path::PathBuf;

use crate::cli::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::output;
use crate::store::Store;

/// Write an encrypted copy of the store to PATH (same passphrase).
///
/// The copy is made with sqlcipher_export (SQLCipher refuses SQLite's backup API), written to
/// a new file beside PATH and then moved into place, so a half-written backup never appears
/// under PATH. An existing PATH is never overwritten, also on filesystems without hard links
/// (exFAT and FAT, as on USB sticks). What a killed backup left beside PATH is removed by the
/// next backup into that directory. The copy is a complete store: open it with `--db PATH`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the copy (must not exist yet).
    pub path: PathBuf,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let secret = ctx.open_secret()?;
    let store = Store::open(&ctx.store_path, &secret)?;
    ctx.check_clock(&store)?;
    store.backup_with(&args.path, &secret, !crate::files::portable_forced())?;
    output::status(&format!("wrote an encrypted backup to {}", args.path.display()));
    Ok(Exit::Success)
}

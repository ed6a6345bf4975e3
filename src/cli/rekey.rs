//! `safeguard rekey`: change the store's passphrase.

use crate::cli::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::output;
use crate::secret;
use crate::store::Store;

/// Change the store's passphrase.
///
/// The current passphrase comes from the usual sources; the new one from
/// SAFEGUARD_NEW_PASSPHRASE_FILE (mode 0600) or a terminal prompt (asked twice). The store is
/// reopened with the new passphrase before success is reported. Backups made earlier keep the
/// passphrase they were made with.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> Result<Exit> {
    let old = ctx.open_secret()?;
    let store = Store::open(&ctx.store_path, &old)?;
    let new = secret::new_passphrase()?;
    let store = store.rekey(&new)?;
    output::status(&format!("the passphrase of {} is changed", store.path().display()));
    Ok(Exit::Success)
}

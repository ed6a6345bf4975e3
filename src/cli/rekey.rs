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
/// SAFEGUARD_NEW_PASSPHRASE_FILE (mode 0600) or a terminal prompt (asked twice), and must have
/// at least 8 characters (the current one may be shorter, from a store made before that rule).
/// Rekey needs the store to itself: it holds back new commands and waits a few seconds for
/// running ones, else it stops with exit 5 (busy) and changes nothing. It writes a re-keyed copy beside the
/// store, checks that it opens with the new passphrase and holds every record, then moves it
/// into place; if interrupted, the store keeps the old passphrase. Backups made earlier keep the
/// passphrase they were made with. An unlocked session (`safeguard unlock`) of the store ends.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> Result<Exit> {
    let old = ctx.open_secret()?;
    // The old passphrase is proved before the new one is asked for; the store is not held while
    // someone types.
    ctx.check_clock(&Store::open(&ctx.store_path, &old)?)?;
    let new = secret::new_passphrase()?;
    Store::rekey(&ctx.store_path, &old, &new)?;
    // An unlocked session holds the old key, which opens nothing now.
    crate::keyring::forget(&ctx.store_path);
    output::status(&format!("the passphrase of {} is changed", ctx.store_path.display()));
    Ok(Exit::Success)
}

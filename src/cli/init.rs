//! `safeguard init`: create the encrypted store for a service.

use crate::cli::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::output;
use crate::secret::Purpose;
use crate::store::{Store, StoreClock};

/// Create the encrypted store for a service (asks for the passphrase twice on a terminal).
///
/// Refuses to overwrite an existing store. The file is created with mode 0600 in a directory
/// of mode 0700; it is built whole under a temporary name beside it and only then takes its
/// name, so an interrupted init leaves no store (run it again) rather than a broken one. A lost passphrase cannot be recovered: keep it where your organisation keeps
/// such secrets, and make backups with `safeguard backup`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> Result<Exit> {
    if let Ok(m) = std::fs::symlink_metadata(&ctx.store_path) {
        let empty = m.is_file() && m.len() == 0;
        return Err(crate::error::Error::StoreExists { path: ctx.store_path.clone(), empty });
    }
    let secret = ctx.passphrase.get(Purpose::Create)?;
    // A store made with the system clock refuses SAFEGUARD_NOW from then on (issue 14).
    let clock = if ctx.clock.is_fixed() { StoreClock::Fixed } else { StoreClock::System };
    let store = Store::create(&ctx.store_path, &secret, clock)?;
    output::status(&format!(
        "created the encrypted store {} (SQLCipher {}, schema {})",
        store.path().display(),
        store.cipher_version()?,
        store.schema_version()?
    ));
    Ok(Exit::Success)
}

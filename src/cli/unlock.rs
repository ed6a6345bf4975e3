//! `safeguard unlock [--for DURATION]` and `safeguard lock`: the designated person's session.

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::keyring;
use crate::output;
use crate::store::{Options, Store};

/// Keep the store's key for a while, so the next commands need no passphrase.
///
/// Asks for the passphrase once (from the usual sources), derives the store's key and keeps it
/// in the Linux kernel's user keyring, which drops it when the time is up (15 minutes unless
/// --for says otherwise; at most 8 hours). Until then, commands on this store open it without
/// the passphrase and without its slow key derivation. What it trades: while unlocked, any
/// program running as you can read the key and open the store, as it could a passphrase file.
/// `safeguard lock` ends the session at once; `rekey` ends it too. `backup` and `rekey` still
/// ask for the passphrase itself.
#[derive(Debug, clap::Args)]
pub struct UnlockArgs {
    /// How long the session lasts: 15m, 1h, 1h30m, 90s, or minutes.
    #[arg(long = "for", value_name = "DURATION", default_value = "15m", value_parser = keyring::parse_duration)]
    pub duration: u64,
    /// Print the session as JSON: store, until.
    #[arg(long)]
    pub json: bool,
}

/// End the store's unlocked session now.
///
/// Drops the store's key from your keyring; the next command asks for the passphrase again.
/// Saying it when no session is open is not an error.
#[derive(Debug, clap::Args)]
pub struct LockArgs {
    /// Print the result as JSON: store, locked (whether a session was open).
    #[arg(long)]
    pub json: bool,
}

pub fn run_unlock(ctx: &Context, args: UnlockArgs) -> Result<Exit> {
    let secret = ctx.open_secret()?;
    let path = &ctx.store_path;
    let opts = Options::default();
    let key = keyring::derive(path, &secret, opts.kdf_iter)?;
    drop(secret);
    let raw = crate::secret::Secret::raw_key(&key);
    // Only a key that opens the store is kept: a wrong passphrase is refused here, as anywhere.
    drop(Store::open_with(path, &raw, opts)?);
    // The kernel's timeout runs on the real clock, whatever SAFEGUARD_NOW says.
    let session = keyring::keep(path, &key, args.duration, chrono::Utc::now())?;
    let until = crate::domain::calendar::show_local(session.until);
    if args.json {
        out_json(&serde_json::json!({
            "store": path,
            "until": session.until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }))?;
    } else {
        out(format!("Unlocked {} until {until}.", path.display()))?;
        output::status(
            "Until then any program you run can open this store without the passphrase; \
             `safeguard lock` ends the session now.",
        );
    }
    Ok(Exit::Success)
}

pub fn run_lock(ctx: &Context, args: LockArgs) -> Result<Exit> {
    let path = &ctx.store_path;
    if !path.exists() {
        return Err(Error::input(format!("there is no store at {}", path.display())));
    }
    let locked = keyring::forget(path);
    if args.json {
        out_json(&serde_json::json!({ "store": path, "locked": locked }))?;
    } else if locked {
        out(format!("Locked {}: the next command asks for the passphrase.", path.display()))?;
    } else {
        out(format!("{} was not unlocked; nothing to do.", path.display()))?;
    }
    Ok(Exit::Success)
}

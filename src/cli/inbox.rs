//! `safeguard inbox init|check NAME`: an inbox's folders, owners, groups and modes.

use crate::cli::{Context, out, out_json};
use crate::error::Result;
use crate::exit::Exit;
use crate::policy::Policy;
use crate::seal::inbox;

/// Set up (as root) or check an inbox's folders, owners and modes.
///
/// See README, "Sealed raising". `init` (as root) makes `<inbox>/tmp`, `new` and `cur` with the owners, groups and modes the
/// tool needs: the inbox owned by its first reader with the staff group, mode 0710 (staff may
/// pass, not list); `tmp` 3733 and `new` 3773 in the readers' group (staff may drop files, not
/// list or read them; each file takes the readers' group); `cur` 2770. `check` says what
/// differs, and exits 1 if anything does.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Create (or put right) the inbox's folders; run as root.
    Init { name: String },
    /// Check the inbox's folders against what `init` makes.
    Check {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let service = ctx.require_service(&policy, "inbox", Some("names the inboxes"))?;
    match args.action {
        Action::Init { name } => {
            let b = service.inbox(&name)?;
            for line in inbox::init(b, &service)? {
                out(line)?;
            }
            Ok(Exit::Success)
        }
        Action::Check { name, json } => {
            let b = service.inbox(&name)?;
            let problems = inbox::check(b, &service)?;
            if json {
                out_json(
                    &serde_json::json!({ "inbox": name, "ok": problems.is_empty(), "problems": problems }),
                )?;
            } else if problems.is_empty() {
                out(format!("inbox {name} ({}) is set up as it should be", b.path.display()))?;
            } else {
                for p in &problems {
                    out(format!("{name}: {p}"))?;
                }
                out(format!("put it right with `safeguard inbox init {name}` (as root)"))?;
            }
            Ok(if problems.is_empty() { Exit::Success } else { Exit::Failure })
        }
    }
}

//! `safeguard mine`: the reporter's own sealed raises, from their own sealed copies.

use crate::cli::{Context, out, out_json};
use crate::domain::calendar::show_local;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::seal::{identity, local};

/// List the sealed concerns you raised, from your own sealed copies.
///
/// Each sealed raise keeps a copy sealed to your own identity in your data directory: this
/// lists their references, when, what about, the recommendation you were given and where each
/// went. Nobody else can read these copies; the designated person sees the concern in their
/// store once it is imported.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: a list of your own copies.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let data = ctx.data_dir()?;
    let own = identity::load(&data)?.ok_or_else(|| {
        Error::input("you have no identity, so no sealed copies; `safeguard identity init` makes one")
    })?;
    let copies = local::copies(&data, &own)?;
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let about = |a: &std::collections::BTreeMap<String, serde_json::Value>| {
        crate::cli::raise::answer_of(a, &policy.bindings.answers.about).cloned()
    };
    if args.json {
        let rows: Vec<serde_json::Value> = copies
            .iter()
            .map(|c| match c {
                Ok(c) => serde_json::json!({
                    "reference": c.envelope.reference,
                    "raised_at": crate::domain::clock::rfc3339(c.envelope.raised_at),
                    "about": about(&c.envelope.answers),
                    "anonymous": c.envelope.anonymous,
                    "recommendation": c.envelope.shown.recommendation,
                    "duties": c.envelope.shown.duties,
                    "sealed_to": c.sealed_to,
                    "delivered": c.delivered,
                }),
                Err((path, why)) => serde_json::json!({ "file": path, "error": why }),
            })
            .collect();
        out_json(&rows)?;
        return Ok(Exit::Success);
    }
    if copies.is_empty() {
        output::status("you have raised no sealed concerns from this account");
    }
    for c in copies {
        match c {
            Ok(c) => {
                let e = &c.envelope;
                let to: Vec<&str> =
                    c.sealed_to.iter().filter(|s| s.why != "recovery").map(|s| s.name.as_str()).collect();
                out(format!(
                    "{}  {}  {:<9} {:<30} to {}",
                    e.reference,
                    show_local(e.raised_at),
                    about(&e.answers).as_ref().and_then(|v| v.as_str()).unwrap_or("-"),
                    e.shown.recommendation,
                    to.join(", ")
                ))?;
            }
            Err((path, why)) => output::status(&format!("cannot read {}: {why}", path.display())),
        }
    }
    Ok(Exit::Success)
}

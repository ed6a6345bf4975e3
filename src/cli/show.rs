//! `safeguard show ID`: one concern in full.

use crate::cli::{Context, out, out_json, raise::calendar, view};
use crate::error::Result;
use crate::exit::Exit;
use crate::policy::Policy;

/// Show one concern: subject, answers, recommendation, duties and timeline.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id, e.g. SG-2026-0007.
    pub id: String,
    /// Print the record as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let store = ctx.open_store()?;
    let now = ctx.clock.now();
    let record = view::concern_json(&store, &args.id, now)?;
    if args.json {
        out_json(&record)?;
    } else {
        let policy = Policy::load(ctx.config.policy.as_deref())?;
        view::print_concern(ctx, &policy, &calendar(ctx), &record, now)?;
        view::print_timeline(&policy, &record)?;
        if let Some(steps) = record["transcript"].as_array() {
            out("\nAnswers:")?;
            for st in steps {
                let label = st["label"].as_str().map(|l| format!(" [{l}]")).unwrap_or_default();
                out(format!(
                    "  {}{label}\n    {}",
                    st["prompt"].as_str().unwrap_or(""),
                    // Every line of a long answer indented, so none passes for a question.
                    st["shown"].as_str().unwrap_or("").replace('\n', "\n    ")
                ))?;
            }
        }
    }
    Ok(Exit::Success)
}

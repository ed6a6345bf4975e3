//! `safeguard show ID`: one concern in full.

use crate::cli::{Context, out, out_json, raise::calendar, view};
use crate::domain::record::Case;
use crate::domain::retention::Retention;
use crate::error::Result;
use crate::exit::Exit;
use crate::export::json;
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
    let store = ctx.open_store_with_intake()?;
    let now = ctx.clock.now();
    let record = store.record_of(&args.id)?;
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let retention = Retention::of_record(&policy, &record, now);
    if args.json {
        out_json(&json::Record::new(&record, now).with_retention(retention))?;
    } else {
        let case = Case::new(&record, &policy).map_err(|d| store.damaged(d))?;
        // The designated person reads this, not (only) the person who raised it: their duties are
        // theirs by name, not "you".
        let mut summary = view::Summary::of(ctx, &case, now)?;
        let reporter = case.raised.reporter.as_ref();
        summary.reporter =
            Some(view::reporter_named(reporter.map(|r| r.name.as_str()), reporter.map(|r| r.role.as_str())));
        view::print_summary(ctx, &policy, &calendar(ctx), &summary, now, true)?;
        view::print_timeline(&policy, &case)?;
        view::print_body_map(&case)?;
        match &retention {
            Some(r) => {
                out(format!("\nRetention: {}  [{}]", r.basis, r.source))?;
                out(format!("  {}", r.words()))?;
            }
            None => out("\nRetention: the policy gives no retention basis for this kind of record")?,
        }
        if !case.journal.is_empty() {
            out("\nAnswers:")?;
            for st in &case.raised.transcript {
                let label = st.label.as_ref().map(|l| format!(" [{l}]")).unwrap_or_default();
                // A date-time answer is stored in UTC; people read UK time.
                let shown = match policy.node(&st.id).and_then(|n| n.ask) {
                    Some(crate::policy::AnswerType::Datetime) => {
                        crate::domain::clock::parse_rfc3339(&st.shown)
                            .map(crate::domain::calendar::show_local)
                            .unwrap_or_else(|_| st.shown.clone())
                    }
                    _ => st.shown.clone(),
                };
                out(format!(
                    "  {}{label}\n    {}",
                    st.prompt,
                    // Every line of a long answer indented, so none passes for a question.
                    shown.replace('\n', "\n    ")
                ))?;
            }
        }
    }
    Ok(Exit::Success)
}

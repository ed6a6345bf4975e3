//! `safeguard stats`: counts and timeliness for management reports.

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::cli::{Context, out, out_json};
use crate::domain::calendar::london_to_utc;
use crate::domain::clock::{parse_date, rfc3339};
use crate::domain::stats::{Shown, report};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::export::text::csv_cell;

/// Counts for management reports: concerns by kind, category, recommendation, decision and
/// status; the share of duties done on time, by kind (003 §6.12, §6.27); providers with 3 or
/// more areas for improvement within 90 days (004 Purpose ¶4). Counts from 1 to 4 show as "<5".
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Concerns raised on or after this date (YYYY-MM-DD, UK time).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Concerns raised on or before this date (YYYY-MM-DD, UK time).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: section,key,value rows.
    #[arg(long)]
    pub csv: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    if let (Some(f), Some(t)) = (args.from, args.to)
        && t < f
    {
        return Err(Error::input("--to is before --from"));
    }
    let from = args.from.map(|d| rfc3339(london_to_utc(d, NaiveTime::MIN)));
    let to = args.to.map(|d| rfc3339(london_to_utc(d + Duration::days(1), NaiveTime::MIN)));
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let store = ctx.open_store()?;
    let providers = policy.about_values(&[crate::policy::Kind::Provider]);
    let (concerns, duties) = store.stats_facts(from.as_deref(), to.as_deref(), &providers)?;
    let r = report(&concerns, &duties, ctx.clock.now(), &policy.bindings.outcomes.area_for_improvement);
    if args.json {
        // The chain's anchor (issue 14): the figures come from a store with this head.
        let (length, head) = store.chain_head()?;
        out_json(&serde_json::json!({
            "from": args.from, "to": args.to, "suppressed_below": crate::domain::stats::SUPPRESS_BELOW, "report": r,
            "chain": { "length": length, "head": head },
        }))?;
        return Ok(Exit::Success);
    }
    let groups: [(&str, &std::collections::BTreeMap<String, Shown>); 5] = [
        ("kind", &r.by_kind),
        ("category", &r.by_category),
        ("recommendation", &r.by_recommendation),
        ("decision", &r.by_decision),
        ("status", &r.by_status),
    ];
    if args.csv {
        out("section,key,value")?;
        out(format!("total,concerns,{}", r.concerns))?;
        for (name, m) in groups {
            for (k, v) in m {
                out(format!("{name},{},{}", csv_cell(k), csv_cell(&v.to_string())))?;
            }
        }
        for (k, t) in &r.timeliness {
            let pct = t.on_time_percent.map(|p| p.to_string()).unwrap_or_else(|| "<5 due".into());
            out(format!("on-time-percent,{},{}", csv_cell(k), csv_cell(&pct)))?;
        }
        for f in &r.provider_flags {
            out(format!(
                "provider-flag,{},{}",
                csv_cell(&f.provider),
                csv_cell(&format!("{} to {}", rfc3339(f.window_start), rfc3339(f.window_end)))
            ))?;
        }
        return Ok(Exit::Success);
    }
    let span = match (args.from, args.to) {
        (None, None) => "all time".to_owned(),
        (f, t) => format!(
            "{} to {}",
            f.map(|d| d.to_string()).unwrap_or_else(|| "the start".into()),
            t.map(|d| d.to_string()).unwrap_or_else(|| "today".into())
        ),
    };
    out(format!("Concerns raised, {span}: {} (counts of 1-4 show as <5)", r.concerns))?;
    for (name, m) in groups {
        out(format!("\nBy {name}:"))?;
        for (k, v) in m {
            out(format!("  {k:<34} {v}"))?;
        }
    }
    out("\nDuties done on time, by kind (on time / late / missed):")?;
    for (k, t) in &r.timeliness {
        let pct = t.on_time_percent.map(|p| format!("{p}%")).unwrap_or_else(|| "too few to show".into());
        out(format!("  {k:<28} {pct:<16} {} / {} / {}", t.on_time, t.late, t.missed))?;
    }
    if r.provider_flags.is_empty() {
        out("\nNo provider has 3 or more areas for improvement within 90 days.")?;
    } else {
        out("\nProviders to look at (3 or more areas for improvement within 90 days, 004 Purpose ¶4):")?;
        for f in &r.provider_flags {
            out(format!(
                "  {}  ({} to {})",
                f.provider,
                crate::domain::calendar::show_local(f.window_start),
                crate::domain::calendar::show_local(f.window_end)
            ))?;
        }
    }
    Ok(Exit::Success)
}

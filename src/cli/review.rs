//! `safeguard review`: the morning screen of what is due (`--due`), or a DP progress review (`ID`).

use chrono::{DateTime, Duration, Months, Utc};
use serde_json::json;

use crate::cli::{Context, Need, SignerArgs, out, raise::calendar};
use crate::domain::calendar::show_local;
use crate::domain::clock::rfc3339;
use crate::domain::duty;
use crate::domain::record::{ConcernStatus, DutyStatus};
use crate::domain::retention::Retention;
use crate::domain::spoken::show_spoken;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::export::json;
use crate::output::{self, when::relative};
use crate::policy::{Kind, Policy};
use crate::store::Store;
use crate::store::timeline::Record;

/// List what is overdue or due soon (`--due`), or record a progress review of one concern (ID).
///
/// `review --due` shows every open duty across open concerns that is overdue now (or due within
/// `--within`), most overdue first, with its owner and due time in UK time; then closed records
/// whose retention review has come (the policy's `[retention]`; nothing is ever deleted
/// automatically, and a frozen record is never listed); then concerns with no review date set,
/// and frozen concerns apart. It exits 0 whether or not anything is due,
/// unless `--fail-if-due` is given (then 10 when something is).
///
/// `review ID --note TEXT` records the designated person's progress review. Reviews are due on
/// the policy's cadence until the concern is closed: by default weekly for the first four
/// weeks, then monthly (003 §6.28, §7.9); `safeguard policy show` lists it.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["id", "due"])))]
pub struct Args {
    /// The concern to record a progress review for.
    pub id: Option<String>,
    /// List overdue (and, with --within, soon-due) duties across all open concerns.
    #[arg(long, conflicts_with = "id")]
    pub due: bool,
    /// Also list duties due within this long from now, e.g. 7d, 24h, 2w, 90m [default: 0, overdue only].
    #[arg(long, value_name = "DURATION", requires = "due", value_parser = parse_duration)]
    pub within: Option<Duration>,
    /// Exit 10 when anything is listed (for monitoring).
    #[arg(long, requires = "due")]
    pub fail_if_due: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// The review: what was looked at and what happens next (required with ID).
    #[arg(long, value_name = "TEXT", conflicts_with = "due")]
    pub note: Option<String>,
    #[command(flatten)]
    pub signer: SignerArgs,
}

/// "7d", "24h", "2w", "90m" (and "0").
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let s = s.trim();
    if s == "0" {
        return Ok(Duration::zero());
    }
    let (n, unit) = s.split_at(
        s.find(|c: char| !c.is_ascii_digit()).ok_or_else(|| format!("{s:?} needs a unit: m, h, d or w"))?,
    );
    let n: i64 = n.parse().map_err(|_| format!("{s:?} does not start with a whole number"))?;
    if n > 100_000 {
        return Err(format!("{s:?} is too long"));
    }
    match unit {
        "m" | "min" => Ok(Duration::minutes(n)),
        "h" => Ok(Duration::hours(n)),
        "d" => Ok(Duration::days(n)),
        "w" => Ok(Duration::weeks(n)),
        other => Err(format!("{s:?}: unknown unit {other:?} (use m, h, d or w)")),
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    match &args.id {
        Some(id) => record_review(ctx, id, &args),
        None => due(ctx, &args),
    }
}

fn due(ctx: &Context, args: &Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let store = ctx.open_store_with_intake()?;
    let now = ctx.clock.now();
    let cal = calendar(ctx);
    let until = now + args.within.unwrap_or_else(Duration::zero);
    let frozen = store.concern_ids_with_status(ConcernStatus::Frozen)?;
    let reviewed = policy.about_values(&[Kind::Child, Kind::Adult]);
    let unreviewed = store.concerns_without_review(&reviewed, &policy.bindings.duties.reviews)?;
    let retention = retention_due(&policy, &store, now, until)?;
    let danger = danger_drafts(&policy, store.drafts(policy.bindings.answers.about.as_deref())?);
    // Who raised a concern is read only for the reporter's duties, once a concern.
    let mut raisers = std::collections::HashMap::<String, Option<String>>::new();
    let reporter_of = |concern: &str| store.raiser(concern);
    let mut owner_name = |concern: &str, owner: &str| -> Result<Option<String>> {
        if policy.bindings.roles.reporter.as_deref() != Some(owner) {
            return Ok(owner_by_name(ctx, &policy, String::new(), owner));
        }
        if let Some(name) = raisers.get(concern) {
            return Ok(name.clone());
        }
        // The reporter's duties are named as the text view names them ("Sam Jones, Support
        // worker (the person who raised it)"), in the JSON too.
        let raiser = reporter_of(concern)?;
        let named = crate::cli::view::reporter_named(
            raiser.as_ref().map(|(name, _)| name.as_str()),
            raiser.as_ref().and_then(|(_, role)| role.as_deref()),
        );
        let name = owner_by_name(ctx, &policy, named, owner);
        raisers.insert(concern.to_owned(), name.clone());
        Ok(name)
    };
    // Rows come soonest first, so duties due at the same time are next to each other: their
    // wording ("overdue by 3 working days") is worked out once for them all.
    let mut words = Wording::default();
    let mut listed = false;
    if args.json {
        let mut list = output::JsonArray::stdout()?;
        store.each_due_duty(until, |d| {
            listed = true;
            let relative = words.relative(d.due, now, &cal);
            list.push(&json::Due {
                concern: &d.concern,
                kind: &d.kind,
                title: &d.title,
                owner: &d.owner,
                owner_name: owner_name(&d.concern, &d.owner)?,
                due: d.due,
                status: DutyStatus::Open.at(Some(d.due), now),
                overdue_by: overdue_by(d.due, now, relative),
                overdue_seconds: (now - d.due).num_seconds(),
            })
        })?;
        for r in &retention {
            list.push(&json::Due {
                concern: &r.id,
                kind: RETENTION,
                title: RETENTION_TITLE,
                owner: &r.owner,
                owner_name: ctx.config.contacts.get(&r.owner).and_then(|c| c.name.clone()),
                due: r.due,
                status: DutyStatus::Open.at(Some(r.due), now),
                overdue_by: overdue_by(r.due, now, &relative(r.due, now, &cal)),
                overdue_seconds: (now - r.due).num_seconds(),
            })?;
        }
        for d in &danger {
            list.push(&json::Due {
                concern: &d.id,
                kind: UNFINISHED,
                title: UNFINISHED_TITLE,
                owner: "",
                owner_name: None,
                due: d.last,
                status: DutyStatus::Open.at(Some(d.last), now),
                overdue_by: overdue_by(d.last, now, &relative(d.last, now, &cal)),
                overdue_seconds: (now - d.last).num_seconds(),
            })?;
        }
        list.finish()?;
    } else {
        // The rows are kept as read (the cells are made a part of the table at a time), with
        // the widest concern id, which the table needs before it lays out its first part.
        let (mut rows, mut widest) = (Vec::new(), 0);
        store.each_due_duty(until, |d| {
            let who = match owner_name(&d.concern, &d.owner)? {
                // The reporter's duties, read by someone else: named, not "you".
                _ if policy.bindings.roles.reporter.as_deref() == Some(d.owner.as_str()) => {
                    let raiser = reporter_of(&d.concern)?;
                    crate::cli::view::reporter_named(
                        raiser.as_ref().map(|(name, _)| name.as_str()),
                        raiser.as_ref().and_then(|(_, role)| role.as_deref()),
                    )
                }
                Some(name) => format!("{name}\n{}", policy.role_title(&d.owner)),
                None => policy.role_title(&d.owner).to_owned(),
            };
            widest = widest.max(output::width(&d.concern));
            rows.push((d, who));
            Ok(())
        })?;
        listed = !rows.is_empty();
        if rows.is_empty() && danger.is_empty() && retention.is_empty() {
            out(format!(
                "Nothing overdue{} (now {}, UK time).",
                if args.within.is_some() { " or due soon" } else { "" },
                show_spoken(now)
            ))?;
        } else if !rows.is_empty() {
            out(format!("Due or overdue (UK time; now {}):", show_spoken(now)))?;
            let cells = rows.into_iter().map(|(d, who)| {
                let overdue = d.due <= now;
                let (spoken, relative) = words.of(d.due, now, &cal);
                vec![
                    output::Cell { text: if overdue { "OVERDUE" } else { "due" }.into(), alert: overdue },
                    d.concern.into(),
                    format!("{}\n{}", d.title, d.kind).into(),
                    who.into(),
                    format!("{spoken}\n{relative}").into(),
                ]
            });
            output::table_with(&["=", "=Concern", "Duty", "Who", "Due"], &["OVERDUE".len(), widest], cells)?;
        }
        if !danger.is_empty() {
            out(format!(
                "\n{UNFINISHED_TITLE} (UK time; the concern was never raised, and it may need acting on now):"
            ))?;
            let rows = danger.iter().map(|d| {
                vec![
                    output::Cell { text: "UNFINISHED".into(), alert: true },
                    d.id.as_str().into(),
                    d.about.clone().unwrap_or_else(|| "-".into()).into(),
                    format!("{}\n{}", show_spoken(d.last), relative(d.last, now, &cal)).into(),
                    format!("safeguard raise --resume {}", d.id).into(),
                ]
            });
            output::table(&["=", "=Draft", "=About", "Last answer", "Continue with"], rows)?;
        }
        if !retention.is_empty() {
            out(format!(
                "\n{RETENTION_TITLE} (UK time; nothing is deleted automatically, and frozen records are kept):"
            ))?;
            let rows = retention.iter().map(|r| {
                vec![
                    output::Cell { text: "RETENTION".into(), alert: false },
                    r.id.as_str().into(),
                    r.basis.as_str().into(),
                    match ctx.config.contacts.get(&r.owner).and_then(|c| c.name.clone()) {
                        Some(name) => format!("{name}\n{}", policy.role_title(&r.owner)),
                        None => policy.role_title(&r.owner).to_owned(),
                    }
                    .into(),
                    format!("{}\n{}", show_local(r.due), relative(r.due, now, &cal)).into(),
                ]
            });
            output::table(&["=", "=Concern", "Basis", "Who", "Review due"], rows)?;
        }
        if !unreviewed.is_empty() {
            out(format!("\nOpen concerns with no review date set: {}", unreviewed.join(", ")))?;
        }
        if !frozen.is_empty() {
            out(format!("\nFrozen for a practice review (no reminders; 003 §7.13): {}", frozen.join(", ")))?;
        }
    }
    let listed = listed || !danger.is_empty() || !retention.is_empty();
    if args.fail_if_due && listed { Ok(Exit::DueItems) } else { Ok(Exit::Success) }
}

/// The words for a due time, worked out once for a run of rows due at the same time: the time
/// as people say it, and how far off it is.
#[derive(Default)]
struct Wording {
    last: Option<(DateTime<Utc>, String, String)>,
    relative: Option<(DateTime<Utc>, String)>,
}

impl Wording {
    /// How far off `due` is, alone (the JSON gives the time itself).
    fn relative(
        &mut self,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
        cal: &crate::domain::calendar::Calendar,
    ) -> &str {
        if self.relative.as_ref().is_none_or(|(at, _)| *at != due) {
            self.relative = Some((due, relative(due, now, cal)));
        }
        &self.relative.as_ref().expect("set above").1
    }

    fn of(
        &mut self,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
        cal: &crate::domain::calendar::Calendar,
    ) -> (&str, &str) {
        if self.last.as_ref().is_none_or(|(at, _, _)| *at != due) {
            self.last = Some((due, show_spoken(due), relative(due, now, cal)));
        }
        let (_, spoken, relative) = self.last.as_ref().expect("set above");
        (spoken, relative)
    }
}

/// "3 working days" for a time past, from its relative wording; none when not yet due.
fn overdue_by(due: DateTime<Utc>, now: DateTime<Utc>, relative: &str) -> Option<String> {
    (due <= now).then(|| relative.trim_start_matches("overdue by ").trim_start_matches("due ").to_owned())
}

/// The kind of a `review --due --json` item that is a record's retention review (DOMAIN.md §6.5).
pub const RETENTION: &str = "retention-review";
const RETENTION_TITLE: &str = "Retention reviews due: decide whether each record is still needed";

/// A closed record whose retention review has come (or comes by `until`).
struct RetentionDue {
    id: String,
    owner: String,
    basis: String,
    due: DateTime<Utc>,
}

/// The closed concerns whose retention review, counted from their closing under the policy's
/// `[retention.KIND]`, falls by `until`. Only closed concerns are read, so a frozen one (kept
/// while frozen, 003 §7.13) is never listed; and only those of a kind with a review period,
/// closed long enough ago for the shortest such period to have run.
fn retention_due(
    policy: &Policy,
    store: &Store,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<RetentionDue>> {
    let mut abouts = Vec::new();
    let mut shortest: Option<u32> = None;
    for about in policy.about_values(&Kind::ALL) {
        if let Some(years) =
            policy.retention_for(policy.about_kind(&about)).and_then(|s| s.review_after_years)
        {
            shortest = Some(shortest.map_or(years, |y| y.min(years)));
            abouts.push(about);
        }
    }
    let Some(years) = shortest else { return Ok(vec![]) };
    // A day's slack for a closing on 29 February (reviewed on the 28th).
    let Some(cutoff) = until.checked_sub_months(Months::new(years * 12)).map(|t| t + Duration::days(1))
    else {
        return Ok(vec![]);
    };
    let mut out: Vec<RetentionDue> = store
        .closed_concerns(&abouts, cutoff)?
        .into_iter()
        .filter_map(|(id, about, closed_at)| {
            let spec = policy.retention_for(policy.about_kind(&about))?;
            let r = Retention::of(spec, ConcernStatus::Closed, Some(closed_at), now);
            let due = r.review_due.filter(|d| *d <= until)?;
            Some(RetentionDue { id, owner: r.owner, basis: r.basis, due })
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// The kind of a `review --due --json` item that is an unfinished draft, not a duty.
pub const UNFINISHED: &str = "unfinished-draft";
const UNFINISHED_TITLE: &str = "Unfinished drafts where someone was said to be in danger now";

/// A draft whose answer to "is anyone in danger now" called for help at once.
struct DangerDraft {
    id: String,
    about: Option<String>,
    last: DateTime<Utc>,
}

/// The drafts whose danger answer (the policy's `immediate_risk` binding) is one the policy
/// shows an urgent notice for (the 999 notice): they are never lost among the duties.
fn danger_drafts(policy: &Policy, drafts: Vec<crate::store::DraftInfo>) -> Vec<DangerDraft> {
    let Some(node) = policy.bindings.answers.immediate_risk.as_deref().and_then(|id| policy.node(id)) else {
        return vec![];
    };
    drafts
        .into_iter()
        .filter(|d| {
            d.answers
                .get(&node.id)
                .is_some_and(|v| crate::interview::selected(node, v).iter().any(|c| c.urgent.is_some()))
        })
        .filter_map(|d| {
            let last = crate::domain::clock::parse_rfc3339(&d.updated_at).ok()?;
            Some(DangerDraft { id: d.id, about: d.about, last })
        })
        .collect()
}

/// A duty's owner by name: the person who raised the concern, for the reporter's duties (the
/// policy's `roles.reporter` binding); else the config's contact for the role.
fn owner_by_name(ctx: &Context, policy: &Policy, raiser: String, owner: &str) -> Option<String> {
    if policy.bindings.roles.reporter.as_deref() == Some(owner) {
        return Some(raiser);
    }
    ctx.config.contacts.get(owner).and_then(|c| c.name.clone())
}

fn record_review(ctx: &Context, id: &str, args: &Args) -> Result<Exit> {
    let note = args
        .note
        .clone()
        .ok_or_else(|| Error::input("a review needs --note TEXT: what was reviewed and what happens next"))?;
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let mut store = ctx.open_store()?;
    let dp = Context::dp_roles(&policy);
    let concern = store.concern(id)?;
    let signer = ctx.actor_on(&store, &policy, Need::OneOf(&dp), &args.signer, &concern)?;
    let now = ctx.clock.now();
    let d = &policy.bindings.duties;
    let bound =
        if policy.about_kind(&concern.about) == Some(Kind::Adult) { &d.review_adult } else { &d.review };
    let kind = bound.as_deref().ok_or_else(|| {
        Error::input("the policy binds no progress review duty (bindings.duties.review and review_adult)")
    })?;
    // The next review is due on the policy's cadence for this kind of review (003 §6.28, §7.9).
    let planned = duty::next_of(
        &policy,
        kind,
        store.anchors(&concern, now)?,
        &calendar(ctx),
        ctx.config.unspecified_days,
    );
    let next = planned.as_ref().and_then(|p| p.due);
    let record = Record {
        complete_kinds: d.reviews.clone(),
        start: planned.into_iter().collect(),
        ..ctx.entry_now("review", &signer, json!({ "note": note, "next_review": next.map(rfc3339) }))
    };
    let applied = store.record(id, &record)?;
    output::status(&format!(
        "recorded a progress review of {id} (entry {}); next review due {}",
        applied.seq,
        next.map(show_local).unwrap_or_else(|| "when the policy says (it sets no date)".into())
    ));
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("7d"), Ok(Duration::days(7)));
        assert_eq!(parse_duration("24h"), Ok(Duration::hours(24)));
        assert_eq!(parse_duration("2w"), Ok(Duration::weeks(2)));
        assert_eq!(parse_duration("0"), Ok(Duration::zero()));
        assert!(parse_duration("7").is_err());
        assert!(parse_duration("7y").is_err());
        assert!(parse_duration("d").is_err());
        assert!(parse_duration("99999999999d").is_err());
    }
}

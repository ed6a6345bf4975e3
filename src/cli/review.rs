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
use crate::store::timeline::DueDuty;
use crate::store::timeline::Record;

/// List what is overdue or due soon (`--due`), or record a progress review of one concern (ID).
///
/// `review --due` shows first any unfinished draft that called for action at once (never
/// raised: someone may be in danger now), then the open duties across open concerns that are
/// overdue now (or due within `--within`), those due immediately first, then most overdue
/// first, with their owner and due time in UK time: the 200 most urgent, and when there are
/// more, how many there are in all and how many of them are overdue (`--all` lists every one;
/// `--json` always does); then closed records whose retention review has come (the policy's `[retention]`; nothing is ever deleted
/// automatically, and a frozen record is never listed); then concerns with no review date set,
/// and frozen concerns apart (the 20 oldest of each, and how many in all; `--all` names every
/// one). It exits 0 whether or not anything is due,
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
    /// List every due duty on the screen, not only the 200 most urgent and a count of the
    /// rest, and every concern with no review date set or frozen, not only the 20 oldest
    /// (--json always lists every due duty).
    #[arg(long, requires = "due")]
    pub all: bool,
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
    let retention = retention_due(&policy, &store, now, until)?;
    let danger = danger_drafts(&policy, store.drafts(policy.bindings.answers.about.as_deref())?);
    let mut names = Names {
        ctx,
        policy: &policy,
        store: &store,
        reporter: policy.bindings.roles.reporter.as_deref(),
        raisers: Default::default(),
        roles: Vec::new(),
        last_role: 0,
    };
    // Rows come soonest first, so duties due at the same time are next to each other: their
    // wording ("overdue by 3 working days") is worked out once for them all.
    let mut words = Wording::new(&cal, now);
    let mut listed = false;
    // Immediate duties come first (DOMAIN.md §3.1: overdue as soon as they exist, at the top
    // of the list), then every other due duty, soonest first.
    let immediate = store.immediate_due_duties(until)?;
    let immediate_ids: std::collections::HashSet<i64> = immediate.iter().map(|d| d.id).collect();
    let is_immediate = |id: i64| !immediate_ids.is_empty() && immediate_ids.contains(&id);
    if args.json {
        let mut list = output::JsonArray::stdout()?;
        // An unfinished draft that called for action at once comes first of all: the concern
        // was never raised, and someone may be in danger now.
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
        let mut item = |d: DueDuty<'_>| -> Result<()> {
            listed = true;
            let relative = words.relative(d.due);
            let owner_name = names.name(d.concern, d.owner)?;
            let item = json::Due {
                concern: d.concern,
                kind: d.kind,
                title: d.title,
                owner: d.owner,
                owner_name,
                due: d.due,
                status: DutyStatus::Open.at(Some(d.due), now),
                overdue_by: overdue_by(d.due, now, relative),
                overdue_seconds: (now - d.due).num_seconds(),
            };
            list.push_fields(|o| write_due(o, &item, d.due_text))
        };
        for d in &immediate {
            item(d.borrowed())?;
        }
        store.each_due_duty(until, None, |d| if is_immediate(d.id) { Ok(()) } else { item(d) })?;
        for r in &retention {
            list.push(&json::Due {
                concern: &r.id,
                kind: RETENTION,
                title: RETENTION_TITLE,
                owner: &r.owner,
                owner_name: ctx.config.contacts.get(&r.owner).and_then(|c| c.name.as_deref()),
                due: r.due,
                status: DutyStatus::Open.at(Some(r.due), now),
                overdue_by: overdue_by(r.due, now, &relative(r.due, now, &cal)),
                overdue_seconds: (now - r.due).num_seconds(),
            })?;
        }
        list.finish()?;
    } else {
        // First of all, drafts that called for action at once (never raised: someone may be in
        // danger now).
        if !danger.is_empty() {
            out(format!(
                "{UNFINISHED_TITLE} (UK time; the concern was never raised, and it may need acting on now):"
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
        // The rows are written as they are read: a long screen is laid out from its first part,
        // with the id column as wide as the widest open concern's id (asked of the store only then).
        let header = ["=", "=Concern", "Duty", "Who", "Due"];
        let mut table = None;
        let limit = (!args.all).then_some(SCREEN_ROWS);
        let mut row = |d: DueDuty<'_>| -> Result<()> {
            if table.is_none() {
                let gap = if danger.is_empty() { "" } else { "\n" };
                out(format!("{gap}Due or overdue (UK time; now {}):", show_spoken(now)))?;
                table = Some(output::TableStream::stdout(&header, || {
                    Ok(vec!["OVERDUE".len(), store.widest_open_concern()?])
                }));
            }
            let who = names.who(d.concern, d.owner)?;
            let overdue = d.due <= now;
            let (spoken, relative) = words.of(d.due);
            let cell = |lines, alert| output::CellRef { lines, alert };
            let t = table.as_mut().expect("made above");
            t.row(&[
                cell(&[if overdue { "OVERDUE" } else { "due" }], overdue),
                cell(&[d.concern], false),
                cell(&[d.title, d.kind], false),
                cell(&[who], false),
                cell(&[spoken, relative], false),
            ])
        };
        let mut rows = 0;
        for d in &immediate {
            if limit.is_some_and(|l| rows >= l) {
                break;
            }
            row(d.borrowed())?;
            rows += 1;
        }
        // The immediate ones come again in due order: skipped, and so asked for beyond the limit.
        store.each_due_duty(until, limit.map(|l| l + immediate_ids.len()), |d| {
            if is_immediate(d.id) || limit.is_some_and(|l| rows >= l) {
                return Ok(());
            }
            rows += 1;
            row(d)
        })?;
        listed = table.is_some();
        match table {
            Some(t) => {
                t.finish()?;
                if limit == Some(rows) {
                    let count = store.due_count(until, now)?;
                    if let Some(line) = left_out(rows, count) {
                        out(line)?;
                    }
                }
            }
            None if danger.is_empty() && retention.is_empty() => out(format!(
                "Nothing overdue{} (now {}, UK time).",
                if args.within.is_some() { " or due soon" } else { "" },
                show_spoken(now)
            ))?,
            None => {}
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
        // The JSON is the due list alone; these two are the screen's.
        let reviewed = policy.about_values(&[Kind::Child, Kind::Adult]);
        let named_ids = (!args.all).then_some(SCREEN_IDS);
        let unreviewed =
            store.concerns_without_review(&reviewed, &policy.bindings.duties.reviews, named_ids)?;
        if unreviewed.count > 0 {
            out(format!(
                "\nOpen concerns with no review date set: {}",
                oldest_named(&unreviewed.first, unreviewed.count)
            ))?;
        }
        let mut frozen = store.concern_ids_with_status(ConcernStatus::Frozen)?;
        if !frozen.is_empty() {
            let count = u64::try_from(frozen.len()).unwrap_or(u64::MAX);
            frozen.truncate(named_ids.unwrap_or(usize::MAX));
            out(format!(
                "\nFrozen for a practice review (no reminders; 003 §7.13): {}",
                oldest_named(&frozen, count)
            ))?;
        }
    }
    let listed = listed || !danger.is_empty() || !retention.is_empty();
    if args.fail_if_due && listed { Ok(Exit::DueItems) } else { Ok(Exit::Success) }
}

/// How many due duties the morning screen lists before it counts the rest (`--all` lists every
/// one): a page a designated person can act on, most urgent first.
pub const SCREEN_ROWS: usize = 200;

/// How many concern ids the screen's lines of concerns (no review date set, frozen) name before
/// they count the rest (`--all` names every one).
pub const SCREEN_IDS: usize = 20;

/// "SG-2026-0001, SG-2026-0002": the oldest ids, `shown` of `count` in all, and when some are
/// left out, how many and how to see them ("the 20 oldest of 35; `safeguard review --due --all`
/// names every one").
fn oldest_named(shown: &[String], count: u64) -> String {
    let list = shown.join(", ");
    let n = u64::try_from(shown.len()).unwrap_or(u64::MAX);
    if n >= count {
        return list;
    }
    format!("{list} (the {n} oldest of {count}; `safeguard review --due --all` names every one)")
}

/// The line under a screen that stopped at `shown` rows of `count.due`: how many are left out,
/// how many are overdue in all, and how to see every one. None when nothing was left out.
fn left_out(shown: usize, count: crate::store::timeline::DueCount) -> Option<String> {
    let shown = u64::try_from(shown).unwrap_or(u64::MAX);
    let rest = count.due.checked_sub(shown).filter(|&n| n > 0)?;
    Some(format!(
        "{rest} more not shown ({due} in all, {overdue} of them overdue).\n\
         `safeguard review --due --all` lists every one, most urgent first.",
        due = count.due,
        overdue = count.overdue,
    ))
}

/// Who owns each duty, by name, worked out once: for the reporter's duties the person who
/// raised that concern (read only for those concerns), else the config's contact for the role
/// (once a role). The text view names the reporter as "Sam Jones, Support worker (the person
/// who raised it)", and the JSON's `owner_name` reads the same.
struct Names<'a> {
    ctx: &'a Context,
    policy: &'a Policy,
    store: &'a Store,
    /// The policy's `roles.reporter` binding.
    reporter: Option<&'a str>,
    /// By concern: its reporter, named.
    raisers: std::collections::HashMap<String, String>,
    /// By role: the contact's name, if the config has one, and the text view's "Who" cell.
    roles: Vec<(String, Option<String>, String)>,
    /// The role asked for last: a long screen asks for the same one row after row.
    last_role: usize,
}

impl Names<'_> {
    /// `owner_name` in the JSON.
    fn name(&mut self, concern: &str, owner: &str) -> Result<Option<&str>> {
        if self.reporter == Some(owner) {
            return self.raiser(concern).map(Some);
        }
        Ok(self.role(owner).1.as_deref())
    }

    /// The text view's "Who": the reporter's duties, read by someone else, are named, not "you".
    fn who(&mut self, concern: &str, owner: &str) -> Result<&str> {
        if self.reporter == Some(owner) {
            return self.raiser(concern);
        }
        Ok(&self.role(owner).2)
    }

    fn raiser(&mut self, concern: &str) -> Result<&str> {
        if !self.raisers.contains_key(concern) {
            let raiser = self.store.raiser(concern)?;
            let named = crate::cli::view::reporter_named(
                raiser.as_ref().map(|(name, _)| name.as_str()),
                raiser.as_ref().and_then(|(_, role)| role.as_deref()),
            );
            self.raisers.insert(concern.to_owned(), named);
        }
        Ok(&self.raisers[concern])
    }

    /// A role's entry: the last one asked for, else found among the few a policy has (a list,
    /// searched in turn: no hashing a row), else worked out now.
    fn role(&mut self, owner: &str) -> &(String, Option<String>, String) {
        if self.roles.get(self.last_role).is_none_or(|(role, _, _)| role != owner) {
            self.last_role = match self.roles.iter().position(|(role, _, _)| role == owner) {
                Some(i) => i,
                None => {
                    let name = owner_by_name(self.ctx, self.policy, String::new(), owner);
                    let title = self.policy.role_title(owner);
                    let who = match &name {
                        Some(name) => format!("{name}\n{title}"),
                        None => title.to_owned(),
                    };
                    self.roles.push((owner.to_owned(), name, who));
                    self.roles.len() - 1
                }
            };
        }
        &self.roles[self.last_role]
    }
}

/// One `review --due --json` item field by field: the bytes serde writes for [`json::Due`]
/// (a test holds the two together), without serde's cost per row. `due_text` is the due time
/// as the store keeps it, which is [`rfc3339`] of it.
fn write_due<W: std::io::Write>(
    o: &mut output::JsonFields<'_, W>,
    d: &json::Due<'_>,
    due_text: Option<&str>,
) -> std::io::Result<()> {
    o.str("concern", d.concern)?;
    match due_text {
        Some(text) => o.str("due", text)?,
        None => o.str("due", &rfc3339(d.due))?,
    }
    o.str("kind", d.kind)?;
    o.opt_str("overdue_by", d.overdue_by)?;
    o.int("overdue_seconds", d.overdue_seconds)?;
    o.str("owner", d.owner)?;
    if let Some(name) = d.owner_name {
        o.str("owner_name", name)?;
    }
    o.str("status", d.status.as_str())?;
    o.str("title", d.title)
}

/// The words for a due time, worked out once for a run of rows due at the same time: the time
/// as people say it, and how far off it is from the counter's "now". Written into the same two
/// buffers each time.
struct Wording<'c> {
    days: crate::domain::calendar::WorkingDaysTo<'c>,
    /// The due time `spoken` is for.
    spoken_at: Option<DateTime<Utc>>,
    spoken: String,
    /// The due time `relative` is for.
    relative_at: Option<DateTime<Utc>>,
    relative: String,
}

impl<'c> Wording<'c> {
    fn new(cal: &'c crate::domain::calendar::Calendar, now: DateTime<Utc>) -> Wording<'c> {
        Wording {
            days: cal.working_days_to(now),
            spoken_at: None,
            spoken: String::new(),
            relative_at: None,
            relative: String::new(),
        }
    }

    /// How far off `due` is, alone (the JSON gives the time itself).
    fn relative(&mut self, due: DateTime<Utc>) -> &str {
        if self.relative_at != Some(due) {
            self.relative.clear();
            crate::output::when::push_relative_to(&mut self.relative, due, &mut self.days);
            self.relative_at = Some(due);
        }
        &self.relative
    }

    fn of(&mut self, due: DateTime<Utc>) -> (&str, &str) {
        if self.spoken_at != Some(due) {
            self.spoken.clear();
            crate::domain::spoken::push_spoken(&mut self.spoken, due);
            self.spoken_at = Some(due);
        }
        self.relative(due);
        (&self.spoken, &self.relative)
    }
}

/// "3 working days" (or "under a minute") for a time past, from its relative wording, which
/// for a due time reached always begins "overdue by "; none when not yet due.
fn overdue_by(due: DateTime<Utc>, now: DateTime<Utc>, relative: &str) -> Option<&str> {
    (due <= now).then(|| relative.strip_prefix("overdue by ").unwrap_or(relative))
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
    let mut out: Vec<RetentionDue> = Vec::new();
    for (id, about, closed_at) in store.closed_concerns(&abouts, cutoff)? {
        let Some(spec) = policy.retention_for(policy.about_kind(&about)) else { continue };
        // A record kept to a date logged on it, if later (a member of staff's retirement date,
        // 003 §9.15): only these candidates' journals are read.
        let later = match &spec.or_later {
            Some(ev) => crate::domain::retention::latest_date(&store.entries(&id)?, ev),
            None => None,
        };
        let r = Retention::of(spec, ConcernStatus::Closed, Some(closed_at), later, now);
        if let Some(due) = r.review_due.filter(|d| *d <= until) {
            out.push(RetentionDue { id, owner: r.owner, basis: r.basis, due });
        }
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// The kind of a `review --due --json` item that is an unfinished draft, not a duty.
pub const UNFINISHED: &str = "unfinished-draft";
const UNFINISHED_TITLE: &str = "Unfinished drafts that called for action at once";

/// A draft with an answer that called for help at once.
struct DangerDraft {
    id: String,
    about: Option<String>,
    last: DateTime<Utc>,
}

/// The drafts with an answer the policy shows an urgent notice for: someone in danger now (the
/// 999 notice), a child who may not be safe to go home tonight, a child missing now. They are
/// never lost among the duties.
fn danger_drafts(policy: &Policy, drafts: Vec<crate::store::DraftInfo>) -> Vec<DangerDraft> {
    drafts
        .into_iter()
        .filter(|d| {
            d.answers.iter().any(|(id, v)| {
                policy.node(id).is_some_and(|node| {
                    crate::interview::selected(node, v).iter().any(|c| c.urgent.is_some())
                })
            })
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
    // The kind the concern was raised as (its raised entry keeps it); the current policy's
    // reading of its `about` answer only for a record from before the kind was kept (issue 12).
    let kind_of = store
        .raised_kind(id)?
        .and_then(|k| serde_json::from_value::<Kind>(serde_json::Value::String(k)).ok())
        .or_else(|| policy.about_kind(&concern.about));
    let bound = if kind_of == Some(Kind::Adult) { &d.review_adult } else { &d.review };
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

    /// `overdue_by` in the JSON says how long past due, under a minute too: a duty due 30
    /// seconds ago, or this very second, is "under a minute" overdue (it was "now", from the
    /// words "due now" shown beside OVERDUE); one due in 30 seconds is not overdue at all.
    #[test]
    fn overdue_by_under_a_minute_says_so() {
        let cal = crate::domain::calendar::Calendar::england_and_wales();
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let by = |secs: i64| {
            let due = now + chrono::Duration::seconds(secs);
            overdue_by(due, now, &relative(due, now, &cal)).map(str::to_owned)
        };
        assert_eq!(by(-30).as_deref(), Some("under a minute"));
        assert_eq!(by(0).as_deref(), Some("under a minute"));
        assert_eq!(by(-90).as_deref(), Some("1 minute"));
        assert_eq!(by(-3 * 3600).as_deref(), Some("3 hours"));
        assert_eq!(by(30), None);
    }

    /// The hand-written item is serde's, byte for byte: every field, an owner's name or none,
    /// not yet due (null `overdue_by`), and text that needs escaping (quotes, controls, bidi,
    /// DEL, non-ASCII).
    #[test]
    fn a_due_item_written_field_by_field_is_the_bytes_serde_writes() {
        let due: DateTime<Utc> = "2026-11-20T09:30:00Z".parse().unwrap();
        let texts = [
            "SG-2026-0001",
            "plain",
            "say \"no\"",
            "back\\slash",
            "tab\there",
            "\u{1b}[2J",
            "\u{202e}evil",
            "del\u{7f}",
            "Zoë Ó Briain",
            "",
        ];
        let mut checked = 0;
        for (i, text) in texts.iter().enumerate() {
            for owner_name in
                [None, Some(*text), Some("Sam Jones, Support worker (the person who raised it)")]
            {
                for overdue_by in [None, Some("3 working days"), Some(*text)] {
                    let item = json::Due {
                        concern: text,
                        kind: texts[(i + 1) % texts.len()],
                        title: texts[(i + 2) % texts.len()],
                        owner: texts[(i + 3) % texts.len()],
                        owner_name,
                        due,
                        status: if overdue_by.is_some() {
                            crate::domain::record::DutyState::Overdue
                        } else {
                            crate::domain::record::DutyState::Open
                        },
                        overdue_by,
                        overdue_seconds: -1234 * i as i64,
                    };
                    let mut serde_bytes = Vec::new();
                    serde::Serialize::serialize(
                        &item,
                        &mut serde_json::Serializer::with_formatter(
                            &mut serde_bytes,
                            crate::output::SafeJson,
                        ),
                    )
                    .unwrap();
                    for due_text in [None, Some("2026-11-20T09:30:00Z")] {
                        let mut ours = Vec::new();
                        let mut o = output::JsonFields::new(&mut ours);
                        write_due(&mut o, &item, due_text).unwrap();
                        o.end().unwrap();
                        assert_eq!(
                            String::from_utf8(ours).unwrap(),
                            String::from_utf8(serde_bytes.clone()).unwrap()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, texts.len() * 3 * 3 * 2);
    }

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

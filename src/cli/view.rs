//! One concern for people: `raise` and `show` print the same summary, from the typed record
//! (`show --json` prints the same record as JSON, [`crate::export::json::Record`]).

use chrono::{DateTime, Utc};

use crate::cli::{Context, out};
use crate::domain::calendar::{Calendar, show_local};
use crate::domain::deadline::RuleDue;
use crate::domain::record::{Case, Content, Damage, DutyState, Entry, words};
use crate::error::{Error, Result};
use crate::output::when::relative;
use crate::output::{self, wrap};
use crate::policy::Policy;

/// Damage found while reading the record of the store at `ctx`.
fn damaged(ctx: &Context, d: Damage) -> Error {
    Error::StoreDamaged { path: ctx.store_path.clone(), detail: d.0 }
}

/// What the human summary of a concern shows: a concern in the store ([`Summary::of`]) or one
/// just sealed, which no store holds yet.
pub struct Summary<'a> {
    pub id: &'a str,
    pub about: &'a str,
    pub status: String,
    /// A sealed concern in the store: when it reached the store, and what looked wrong.
    pub reached_store: Option<(DateTime<Utc>, &'a [String])>,
    pub raised_at: DateTime<Utc>,
    /// Someone may be in danger now.
    pub danger: bool,
    pub recommendation: &'a str,
    pub raised_because: &'a [String],
    pub outcome: Option<&'a str>,
    pub guidance: &'a [String],
    /// The route's title, in plain words.
    pub route: Option<&'a str>,
    /// Role ids to tell.
    pub tell: &'a [String],
    pub duties: Vec<DutyLine<'a>>,
    /// Why it took another route than the one first chosen.
    pub rerouted: &'a [String],
    /// Linked records, in words ("SG-2026-0001: this concern was raised as its second record").
    pub links: Vec<String>,
    /// Who the reporter's duties belong to, in words, when someone else reads them ("Sam Jones
    /// (the person who raised it)"); `None` when the reader is the person who raised it, who is
    /// "you".
    pub reporter: Option<String>,
}

/// The person who raised a concern, named for a reader who is someone else (the designated
/// person reading `show`, a manager reading `review --due`).
pub fn reporter_named(name: Option<&str>, role: Option<&str>) -> String {
    let role = role.map(str::trim).filter(|r| !r.is_empty());
    match (name.map(str::trim).filter(|n| !n.is_empty()), role) {
        (Some(n), Some(r)) => format!("{n}, {r} (the person who raised it)"),
        (Some(n), None) => format!("{n} (the person who raised it)"),
        (None, _) => "the person who raised it (anonymous)".to_owned(),
    }
}

/// One duty of a [`Summary`].
pub struct DutyLine<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    /// Role id.
    pub owner: &'a str,
    pub due: Option<DateTime<Utc>>,
    pub state: DutyState,
    pub rules: Vec<RuleDue>,
    pub notes: Vec<String>,
}

impl<'a> Summary<'a> {
    /// The summary of a concern in the store.
    pub fn of(ctx: &Context, case: &'a Case<'a>, now: DateTime<Utc>) -> Result<Summary<'a>> {
        let c = case.concern();
        let raised = &case.raised;
        let mut duties = Vec::new();
        for d in case.duties() {
            duties.push(DutyLine {
                kind: &d.kind,
                title: &d.title,
                owner: &d.owner,
                due: d.due,
                state: d.state_at(now),
                rules: d.rule_list().map_err(|e| damaged(ctx, e))?,
                notes: d.note_list().map_err(|e| damaged(ctx, e))?,
            });
        }
        Ok(Summary {
            id: &c.id,
            about: &c.about,
            status: c.status.to_string(),
            reached_store: raised.intake.as_ref().map(|i| (i.imported_at, &i.flags[..])),
            raised_at: c.raised_at,
            danger: raised.immediate_risk.is_some()
                && raised.immediate_risk == case.bindings.choices.immediate_risk_yes,
            recommendation: &c.recommendation,
            raised_because: &raised.raised_because,
            outcome: c.outcome.as_deref(),
            guidance: &raised.guidance,
            route: raised.route.as_ref().map(|r| r.title.as_str()).filter(|t| !t.is_empty()),
            tell: &raised.tell,
            duties,
            rerouted: &raised.rerouted,
            links: crate::export::json::links(case.record)
                .iter()
                .map(|l| {
                    let id = l["id"].as_str().unwrap_or_default();
                    if l["link"] == "second-record-of" {
                        format!("{id}: this concern is a second record raised for it")
                    } else {
                        format!("{id}: raised as a second record of this concern")
                    }
                })
                .collect(),
            reporter: None,
        })
    }
}

/// The human summary of a concern in the store: recommendation, what to do, who to tell, duties.
pub fn print_concern(
    ctx: &Context,
    policy: &Policy,
    cal: &Calendar,
    case: &Case<'_>,
    now: DateTime<Utc>,
    explain: bool,
) -> Result<()> {
    print_summary(ctx, policy, cal, &Summary::of(ctx, case, now)?, now, explain)
}

/// The human summary: recommendation, what to do, who to tell, duties.
///
/// `explain` (`show` for the designated person, `raise --explain`) adds the references: each
/// rule's paragraphs in the seeds and the ids of the outcome and the duties. Without it (the
/// receipt of `raise`, read by the person who raised the concern) the text is plain words
/// ([`output::plain`]).
pub fn print_summary(
    ctx: &Context,
    policy: &Policy,
    cal: &Calendar,
    s: &Summary<'_>,
    now: DateTime<Utc>,
    explain: bool,
) -> Result<()> {
    let term = console::Term::stdout();
    let words = |t: &str| if explain { t.to_owned() } else { output::plain(t) };
    out(format!("Concern {}  ({}, {})", s.id, s.about, s.status))?;
    // A sealed concern: when it was raised (the clocks run from then) and when the store got it.
    if let Some((reached, flags)) = s.reached_store {
        out(format!("raised {} · reached the store {}", show_local(s.raised_at), show_local(reached)))?;
        for f in flags {
            out(format!("  flag: {f}"))?;
        }
    }
    if s.danger {
        out("\n!! Someone may be in danger now: if you have not already, call 999.")?;
    }
    if let Some(o) = policy.outcomes.get(s.recommendation) {
        if explain {
            out(format!("\nRecommendation: {}  [{}; {}]", o.title, s.recommendation, o.source))?;
        } else {
            out(format!("\nRecommendation: {}", words(&o.title)))?;
        }
        out(wrap(&words(&o.summary), "  ", &term))?;
    } else {
        out(format!("\nRecommendation: {}", s.recommendation))?;
    }
    for why in s.raised_because {
        out(wrap(&format!("(raised to {})", words(why)), "  ", &term))?;
    }
    if let Some(outcome) = s.outcome {
        out(format!("Decision: {outcome}"))?;
    }
    if !s.guidance.is_empty() {
        out("\nWhat to do now:")?;
        for g in s.guidance {
            out(crate::output::wrap_bullet(&words(g), &term))?;
        }
    }
    if !s.rerouted.is_empty() {
        out("\nRe-routed:")?;
        for r in s.rerouted {
            out(crate::output::wrap_bullet(r, &term))?;
        }
    }
    if let Some(route) = s.route {
        out(format!("\nRoute: {}", words(route)))?;
    }
    if !s.links.is_empty() {
        out("\nLinked records:")?;
        for l in &s.links {
            out(format!("  - {l}"))?;
        }
    }
    if !s.tell.is_empty() {
        out("\nWho to tell:")?;
        for role in s.tell {
            let mut line = format!("  - {}", words(policy.role_title_on(role, s.about)));
            if let Some(d) = ctx.config.contacts.get(role).and_then(|c| c.details()) {
                line.push_str(&format!(": {d}"));
            }
            out(wrap(line.trim_start(), "  ", &term))?;
        }
        // Without the config's names, say plainly where to find them (issue 16).
        if s.tell.iter().any(|role| ctx.config.contacts.get(role).and_then(|c| c.details()).is_none()) {
            out(wrap(NO_CONTACTS, "  ", &term))?;
        }
    }
    out(format!("\nDuties (UK time; now {}):", show_local(now)))?;
    for (i, d) in s.duties.iter().enumerate() {
        let when = match (d.state, d.due) {
            (DutyState::Done, _) => "done".to_owned(),
            // As people say it first ("by 17:40 today"), then the full date (issue 16).
            (_, Some(t)) => format!(
                "by {} ({}, {})",
                crate::domain::spoken::spoken_when(t, now),
                show_local(t),
                relative(t, now, cal)
            ),
            (_, None) => "no time set".to_owned(),
        };
        let mark = if d.state == DutyState::Overdue { "OVERDUE " } else { "" };
        if explain {
            out(format!("  {}. {mark}{}  [{}]", i + 1, d.title, d.kind))?;
        } else {
            out(wrap(&format!("{}. {mark}{}", i + 1, words(d.title)), "  ", &term))?;
        }
        let who = match &s.reporter {
            Some(name) if policy.bindings.roles.reporter.as_deref() == Some(d.owner) => name.clone(),
            _ => words(policy.role_title(d.owner)),
        };
        out(wrap(&format!("who: {who}   due: {when}"), "     ", &term))?;
        if d.rules.len() > 1 {
            out("     more than one rule sets this time; the earliest applies:")?;
        }
        for r in &d.rules {
            let source = if explain { format!(" [{}]", r.source) } else { String::new() };
            let line = format!(
                "- {}, counted from when {}{source}{}",
                r.within,
                r.from,
                if d.rules.len() > 1 { format!(" -> {}", show_local(r.due)) } else { String::new() }
            );
            out(wrap(&words(&line), "       ", &term))?;
        }
        for n in &d.notes {
            out(wrap(&format!("note: {}", words(n)), "     ", &term))?;
        }
    }
    Ok(())
}

/// Said under "Who to tell" when the config gives no name or number for someone listed.
const NO_CONTACTS: &str = "Names and phone numbers for some of these are not set up here. \
    Your staff handbook or noticeboard should say who they are and how to reach them, or ask \
    your line manager. Whoever looks after safeguard in your service can add them, so that \
    they show here.";

/// The timeline, entry by entry: its number (amendments name it), when it happened (UK time),
/// what it was, who signed it, and what it says: the note, the decision and its reasons, the
/// amendment and what it corrects.
pub fn print_timeline(policy: &Policy, case: &Case<'_>) -> Result<()> {
    out("\nTimeline (UK time):")?;
    for (e, content) in &case.journal {
        let (what, details) = describe_entry(policy, e, content);
        out(format!("  {:>3}. {}  {what}", e.seq, show_local(e.at)))?;
        match (&e.signer, &e.signer_key) {
            (_, Some(_)) => out(format!("       signed: {}", signed_words(policy, e.signed_by())))?,
            (None, None) => out("       signed: anonymous (Code RED: not signed)")?,
            (Some(s), None) => {
                out(format!("       signed: {s} (written before signed records: no signature)"))?
            }
        }
        if e.recorded_at != e.at {
            out(format!("       recorded {}", show_local(e.recorded_at)))?;
        }
        for (label, text) in details {
            // A line break in the text stays inside this entry, indented: it cannot make a
            // line that looks like another entry or another signer.
            out(format!("       {label} {}", text.replace('\n', "\n         ")))?;
        }
    }
    Ok(())
}

/// The body map (issue 17): each mark numbered as the PDF draws it, where it is, what it looks
/// like, its size, when it was seen and who recorded it.
pub fn print_body_map(case: &Case<'_>) -> Result<()> {
    let marks = case.marks();
    if marks.is_empty() {
        return Ok(());
    }
    out("\nBody map (the person's own right and left):")?;
    for (n, e, m) in marks {
        let size = m.size.as_deref().map(|s| format!(", {s}")).unwrap_or_default();
        out(format!("  {n}. {}{size}: {}", m.place(), m.description.replace('\n', "\n     ")))?;
        out(format!(
            "     seen {} (entry {}, {})",
            show_local(e.at),
            e.seq,
            signed_words(case.policy, e.signed_by())
        ))?;
    }
    Ok(())
}

/// A signer, "Name (role-id)" as the journal keeps it, for the designated person's reading:
/// the role's title, then its id ("Dee Pee, Designated person for safeguarding (DP)
/// [designated-person]"). A role the policy does not know stays as signed.
fn signed_words(policy: &Policy, label: &str) -> String {
    match crate::domain::signed::split_label(label) {
        Some((name, role)) => match policy.role_name(role) {
            Some(title) => format!("{name}, {title} [{role}]"),
            None => label.to_owned(),
        },
        None => label.to_owned(),
    }
}

/// What an entry was, in words, and the lines that say what it records.
fn describe_entry(policy: &Policy, e: &Entry, content: &Content) -> (String, Vec<(&'static str, String)>) {
    let outcome = |id: &str| match policy.outcomes.get(id) {
        Some(o) => format!("{} ({id})", o.title),
        None => id.to_owned(),
    };
    let mut lines: Vec<(&'static str, String)> = vec![];
    let mut add = |label: &'static str, v: Option<String>| lines.extend(v.map(|t| (label, t)));
    let what = match content {
        Content::Raised(r) => {
            add("recommendation:", Some(outcome(&r.recommendation)));
            "concern raised".to_owned()
        }
        Content::Event(ev) => {
            if let Some(m) = &ev.mark {
                add("body map mark:", Some(m.place()));
                add("size:", said(&m.size));
            }
            add("note:", said(&ev.note));
            add("escalation stage:", ev.stage.map(|s| s.to_string()));
            add("episode:", ev.episode.map(|n| n.to_string()));
            format!("{} ({})", ev.title, if ev.event.is_empty() { "event" } else { &ev.event })
        }
        Content::Decision(d) => {
            if d.differs {
                add("the policy recommended:", Some(outcome(&d.recommendation)));
            }
            add("reason:", said(&d.reason));
            for t in &d.action_plan {
                add(
                    "action-plan task",
                    Some(format!(
                        "{} - {}, by {}",
                        t.task,
                        t.owner,
                        t.due.map(show_local).unwrap_or_else(|| "no date set".into())
                    )),
                );
            }
            add("consulted:", said(&d.consulted));
            add("advice:", said(&d.advice));
            add("parents:", said(&d.parents.decision));
            add("parents told:", said(&d.parents.told));
            add("asking the parents agreed by:", said(&d.parents.agreed_by));
            add("why the parents were not asked:", said(&d.parents.reason));
            add("police and social care agreed:", said(&d.parents.police_agreed));
            add("capacity evidence:", said(&d.capacity_evidence));
            add("best interests:", said(&d.best_interests));
            add("decided with:", said(&d.decided_with));
            add("notes:", said(&d.notes));
            if !d.tell.is_empty() {
                let who: Vec<String> = d
                    .tell
                    .iter()
                    .map(|r| policy.role_name(r).map(|t| format!("{t} [{r}]")).unwrap_or_else(|| r.clone()))
                    .collect();
                add("also tell:", Some(who.join(", ")));
            }
            // The duties the decision made no longer needed (issue 15), each by name.
            if !d.ended.is_empty() {
                add("no longer needed because:", said(&d.ended_reason));
            }
            for x in &d.ended {
                let due = x.due.map(show_local).unwrap_or_else(|| "no time set".into());
                add("no longer needed:", Some(format!("{} ({}), was due {due}", x.title, x.kind)));
            }
            format!("decision: {}", outcome(&d.outcome))
        }
        Content::LmRecommendation(r) => {
            add("reason:", said(&r.reason));
            add("notes:", said(&r.notes));
            format!("line manager's recommendation: {}", r.recommended())
        }
        Content::Amendment(a) => {
            add("correction:", said(&a.note));
            format!(
                "amendment of entry {}",
                a.corrects.map(|n| n.to_string()).unwrap_or_else(|| "(not given)".into())
            )
        }
        Content::Review(r) => {
            add("note:", said(&r.note));
            add("next review due:", r.next_review.map(show_local));
            "progress review".to_owned()
        }
        Content::Countersign(s) => {
            add("comments:", said(&s.comments));
            "countersigned".to_owned()
        }
        Content::Closed(c) => {
            add("statement:", said(&c.statement));
            add("reason:", said(&c.reason));
            if !c.cancelled.is_empty() {
                add("open duties cancelled because:", said(&c.cancel_reason));
            }
            for d in &c.cancelled {
                let due = d.due.map(show_local).unwrap_or_else(|| "no time set".into());
                add("cancelled:", Some(format!("{} ({}), due {due}", d.title, d.kind)));
            }
            "concern closed".to_owned()
        }
        Content::Frozen(f) => {
            add("reason:", said(&f.reason));
            add("it was:", said(&f.status_before));
            for t in &f.told {
                add("told:", Some(t.clone()));
            }
            if f.told.is_empty() && !f.must_tell.is_empty() {
                add("told:", Some("nobody recorded when it was frozen".into()));
            }
            "frozen for a practice review".to_owned()
        }
        Content::Other(o) => {
            // A kind this version does not know: its usual fields, so nothing is hidden.
            let say = |v: &Option<serde_json::Value>| v.as_ref().map(words).filter(|t| !t.trim().is_empty());
            add("note:", say(&o.note));
            add("reason:", say(&o.reason));
            add("comments:", say(&o.comments));
            e.kind.as_str().replace('-', " ")
        }
    };
    (what, lines)
}

/// A body field that says something: non-empty text.
fn said(v: &Option<String>) -> Option<String> {
    v.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

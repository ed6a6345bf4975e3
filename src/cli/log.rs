//! `safeguard log ID EVENT`: add a timeline entry (a referral phoned, the LA's reply, a note...).

use serde_json::json;

use crate::cli::{Context, Need, SignerArgs, raise::calendar};
use crate::domain::duty;
use crate::domain::record::DutyStatus;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::policy::bindings::is;
use crate::policy::{Policy, Start};
use crate::store::timeline::Record;

/// The events the default policy declares, each with its title: read from the policy's text
/// (each `[events.ID]` table opens with its `title`), so the help lists every event the policy
/// has, new ones included, without parsing the whole policy on every run.
/// `safeguard policy show` gives those of the policy in force (an organisation's overlay may
/// add its own).
pub fn events_help() -> String {
    let mut out = String::from(
        "EVENTS of the default policy (`safeguard policy show` lists those of the policy in force):\n",
    );
    let mut lines = crate::policy::DEFAULT_POLICY.lines();
    while let Some(line) = lines.next() {
        // `[events.ID.stages]` and the like are parts of an event, not events.
        let Some(id) = line.strip_prefix("[events.").and_then(|r| r.strip_suffix(']')) else { continue };
        if id.contains('.') {
            continue;
        }
        let title = lines
            .next()
            .and_then(|l| l.strip_prefix("title = \""))
            .and_then(|l| l.strip_suffix('"'))
            .map(|t| t.replace("\\\"", "\""))
            .unwrap_or_default();
        out.push_str(&format!("  {id}: {title}\n"));
    }
    out
}

/// Add a timeline entry to a concern; it satisfies its duty and may start new ones.
///
/// EVENT is one of the policy's events (`safeguard policy show` lists them), for example
/// line-manager-discussed, sarf-sent, phone-referral (starts the written referral due 48 hours
/// later, the local authority's acknowledgement due 1 working day later and a chase due 3
/// working days later, 003 §6.33), written-referral, la-acknowledged, la-chased, escalation
/// (with --stage; 003 §21), escalation-resolved, task-done, note; after the referral (003 §7):
/// la-clarification-requested (answer within 1 working day) and la-clarification-given,
/// police-statement-requested (give it without delay) and police-statement-given,
/// strategy-meeting-invited (tell your line manager at once; line-manager-discussed settles it),
/// cp-conference-invited with --due (the written report before the conference, and attend)
/// and cp-conference-attended;
/// went-missing (report to the police at once; from the second episode, counting those known
/// at raise, the local authority reviews the circumstances, 003 §13.10) and
/// missing-review-done; body-mark, a mark seen on the person for the body map (with --region,
/// --side, --note saying what it looks like, --size, and --at when it was seen);
/// retirement-date with --date, on a staff allegation, even after it is closed (the record is
/// kept to that date if it is later than 10 years after the closing, 003 §9.15); or `amend`
/// (with --entry and --note) to correct an earlier entry: entries are never edited.
///
/// Each entry is signed with your own signing key, in your role on the store's roster (--role
/// if you hold more than one). Some events may be logged only in certain roles: the line
/// manager's sign-off of the SARF as the written referral (referral-signed-off, 003 §6.33) is
/// logged by the line manager as themselves.
#[derive(Debug, clap::Args)]
#[command(after_long_help = events_help())]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// What happened.
    pub event: String,
    /// When it happened, UK time: "yesterday 9am", "Friday 14:00", "2026-11-23 14:30" or RFC 3339
    /// [default: now]; not before the concern was noticed (or raised, if not known).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// What to record with it (required for `note` and `amend`).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// For an event with stages, such as `escalation`: the stage reached (the policy says which
    /// stages there are and what each starts; `safeguard policy show`).
    #[arg(long, value_name = "N")]
    pub stage: Option<u8>,
    /// For `task-done`: which action-plan duty (its id in `show --json`).
    #[arg(long, value_name = "DUTY")]
    pub duty: Option<i64>,
    /// For events that start a duty whose date someone else sets, such as
    /// cp-conference-invited: when it is due (the conference), RFC 3339 or UK local time.
    #[arg(long, value_name = "TIME")]
    pub due: Option<String>,
    /// For `body-mark`: where on the body the mark is, the person's own right or left, one of:
    /// head, face, right-ear, left-ear, neck, right-shoulder, left-shoulder, chest, abdomen,
    /// right-upper-arm, left-upper-arm, right-forearm, left-forearm, right-hand, left-hand,
    /// pelvis, right-thigh, left-thigh, right-knee, left-knee, right-lower-leg, left-lower-leg,
    /// right-foot, left-foot.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// For `body-mark`: front or back of the body.
    #[arg(long, value_name = "SIDE")]
    pub side: Option<String>,
    /// For `body-mark`: its size as measured or estimated ("3 cm by 1 cm").
    #[arg(long, value_name = "TEXT")]
    pub size: Option<String>,
    /// For `amend`: the sequence number of the entry being corrected.
    #[arg(long, value_name = "SEQ")]
    pub entry: Option<i64>,
    /// For an event that records a date, such as `retirement-date`: the date, YYYY-MM-DD (it
    /// may be in the future; the policy says what each such event's date is).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[command(flatten)]
    pub signer: SignerArgs,
}

/// Duties whose date is set by someone else (no deadline rule of their own) take `--due`;
/// `--due` for an event that starts none is refused, as is such an event without it.
fn set_given_due(
    planned: &mut [crate::domain::duty::Planned],
    due: Option<&str>,
    event: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let dateless: Vec<&mut crate::domain::duty::Planned> =
        planned.iter_mut().filter(|p| p.rules.is_empty() && p.due.is_none()).collect();
    match (due, dateless.is_empty()) {
        (None, true) => Ok(()),
        (Some(_), true) => Err(Error::input(format!(
            "--due is for events that start a duty whose date someone else sets; {event} starts none"
        ))),
        (None, false) => Err(Error::input(format!(
            "{event} needs --due TIME: when it is due (for a conference, when it starts)"
        ))),
        (Some(text), false) => {
            let t =
                crate::interview::parse_datetime(text).map_err(|e| Error::input(format!("--due: {e}")))?;
            // As for an action plan's tasks (decide), a time set by someone else comes after the
            // event that sets it.
            if t <= at {
                return Err(Error::input(format!(
                    "--due {text}: that is not after the {event} it belongs to"
                )));
            }
            for p in dateless {
                p.due = Some(t);
                p.rules.push(crate::domain::deadline::RuleDue {
                    within: "by the time given".into(),
                    from: "the event was logged".into(),
                    source: format!("given with {event}"),
                    due: t,
                });
            }
            Ok(())
        }
    }
}

/// Nothing recorded about a concern happened before it: a time given for an entry (`--at`, a
/// decision's `at`) is refused when it is earlier than when the concern was noticed, or raised
/// when no time of noticing was given, saying the earliest time allowed in UK time.
pub(crate) fn not_before_concern(
    store: &crate::store::Store,
    concern: &crate::domain::record::Concern,
    at: chrono::DateTime<chrono::Utc>,
    given: &str,
) -> Result<()> {
    let earliest = store.anchors(concern, at)?.noticed;
    if at < earliest {
        let what = if earliest == concern.raised_at { "raised" } else { "noticed" };
        return Err(Error::input(format!(
            "{given}: {} is before concern {} was {what}; the earliest time allowed is {} (UK time)",
            crate::domain::calendar::show_local(at),
            concern.id,
            crate::domain::calendar::show_local(earliest)
        )));
    }
    Ok(())
}

/// Why an event is refused on this concern: it goes only on concerns about what the policy's
/// `about` lists (a body-map mark only on a person's, issue 17), in the words of the `about`
/// question's answers.
fn only_about(
    policy: &crate::policy::Policy,
    event: &str,
    spec: &crate::policy::EventSpec,
    concern: &crate::domain::record::Concern,
) -> String {
    let q = policy.bindings.answers.about.as_deref().and_then(|id| policy.node(id));
    let words = |a: &str| -> String {
        let label = q.and_then(|q| q.choice(a)).map_or(a, |c| c.label.as_str());
        let mut cs = label.chars();
        cs.next().map(|c| c.to_lowercase().chain(cs).collect()).unwrap_or_default()
    };
    let allowed: Vec<String> = spec.about.iter().map(|a| words(a)).collect();
    format!(
        "{event} ({}) goes only on a concern about {}; {} is about {}, so nothing was logged",
        spec.title,
        allowed.join(", or "),
        concern.id,
        words(&concern.about)
    )
}

/// The date an event with a `date` records (`--date`, required for it and refused for any other
/// event): a member of staff's normal retirement date, which the retention of a staff
/// allegation counts to (003 §9.15).
fn event_date(args: &Args, spec: &crate::policy::EventSpec) -> Result<Option<chrono::NaiveDate>> {
    match (&spec.date, args.date.as_deref()) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(Error::input(format!(
            "--date is for an event that records a date; {} does not, so leave out --date",
            args.event
        ))),
        (Some(words), None) => Err(Error::input(format!("{} needs --date YYYY-MM-DD: {words}", args.event))),
        (Some(_), Some(text)) => {
            crate::domain::clock::parse_date(text).map(Some).map_err(|e| Error::input(format!("--date: {e}")))
        }
    }
}

/// The body map's mark of a `body-mark` event (issue 17): its region and side, checked, what it
/// looks like (`--note`) and its size. The mark options belong to that event only.
fn body_mark(args: &Args, is_mark: bool) -> Result<Option<crate::domain::bodymap::Mark>> {
    use crate::domain::bodymap::{Mark, Side, region, region_ids};
    if !is_mark {
        if args.region.is_some() || args.side.is_some() || args.size.is_some() {
            return Err(Error::input(format!(
                "--region, --side and --size are for a mark on the body map; {} is not one",
                args.event
            )));
        }
        return Ok(None);
    }
    let typed = args.region.as_deref().ok_or_else(|| {
        Error::input(format!("{} needs --region: where the mark is, one of {}", args.event, region_ids()))
    })?;
    let r = region(typed).ok_or_else(|| {
        Error::input(format!("--region {typed:?} is not a region of the body map; one of {}", region_ids()))
    })?;
    let side_words = Side::WORDS.join(" or ");
    let side = match args.side.as_deref() {
        None => return Err(Error::input(format!("{} needs --side: {side_words}", args.event))),
        Some(s) => Side::parse(s).ok_or_else(|| Error::input(format!("--side {s:?}: say {side_words}")))?,
    };
    let description = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).ok_or_else(|| {
        Error::input(format!(
            "{} needs --note: what the mark looks like (colour, shape, anything said about it)",
            args.event
        ))
    })?;
    Ok(Some(Mark {
        region: r.id.to_owned(),
        side: side.as_str().to_owned(),
        description: description.to_owned(),
        size: args.size.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned),
    }))
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let at = ctx.at(args.at.as_deref())?;
    let now = ctx.clock.now();
    let mut store = ctx.open_store()?;
    let concern = store.concern(&args.id)?;
    if let Some(text) = &args.at {
        not_before_concern(&store, &concern, at, &format!("--at {text}"))?;
    }
    // Some events may be logged only by people in certain roles (the line manager's sign-off of
    // a SARF as the written referral, 003 §6.33): the policy's `by`.
    let by: &[String] = policy.events.get(&args.event).map(|e| e.by.as_slice()).unwrap_or(&[]);
    let need = if by.is_empty() { Need::Anyone } else { Need::OneOf(by) };
    let signer = ctx.actor_on(&store, &policy, need, &args.signer, &concern)?;
    let mut record = Record { at, recorded_at: now, signer: Some(signer), ..Record::default() };
    let mut dated = None;
    if args.event == "amend" {
        let entry =
            args.entry.ok_or_else(|| Error::input("amend needs --entry SEQ (the entry being corrected)"))?;
        let note = args
            .note
            .clone()
            .ok_or_else(|| Error::input("amend needs --note saying what was wrong and what is right"))?;
        if !store.entries(&args.id)?.iter().any(|e| e.seq == entry) {
            return Err(Error::input(format!("entry {entry} is not part of concern {}", args.id)));
        }
        if args.date.is_some() {
            return Err(Error::input("--date is for an event that records a date; amend does not"));
        }
        record.kind = "amendment".into();
        record.body = json!({ "corrects": entry, "note": note });
    } else {
        let spec = policy.events.get(&args.event).ok_or_else(|| {
            let known: Vec<&str> = policy.events.keys().map(String::as_str).collect();
            // The events whose id or title holds what was typed ("sarf" for sarf-sent).
            let typed = args.event.trim().to_lowercase();
            let near: Vec<String> = policy
                .events
                .iter()
                .filter(|(id, e)| {
                    typed.len() >= 3 && (id.contains(&typed) || e.title.to_lowercase().contains(&typed))
                })
                .map(|(id, e)| format!("{id} ({})", e.title))
                .collect();
            // A duty's id (`show` and `review --due` print them): say what settles it.
            let hint = match settled_by(&policy, &typed) {
                Some(h) => h,
                None if near.is_empty() => String::new(),
                None => format!("; did you mean {}?", near.join(", or ")),
            };
            Error::input(format!(
                "unknown event {:?}{hint}; the policy's events are: {}, and amend",
                args.event,
                known.join(", ")
            ))
        })?;
        let ev = &policy.bindings.events;
        if is(&ev.note, &args.event) && args.note.is_none() {
            return Err(Error::input("a note needs --note TEXT"));
        }
        let mut starts: Vec<Start> =
            if spec.start_about.is_empty() || spec.start_about.contains(&concern.about) {
                spec.start.clone()
            } else {
                vec![]
            };
        match (&spec.stages, args.stage) {
            (Some(st), Some(stage)) => starts.extend(st.starts(stage).map_err(Error::input)?),
            (Some(st), None) => {
                return Err(Error::input(format!("{} needs --stage N ({})", args.event, st.help)));
            }
            (None, Some(_)) => {
                return Err(Error::input(format!("{} has no stages; leave out --stage", args.event)));
            }
            (None, None) => {}
        }
        // The raise's answers: for a count trigger's `earlier` episodes, and the route.
        let answers = store.raised_answers(&args.id)?;
        let mut episodes = None;
        if let Some(rep) = &spec.repeat {
            // This time, the times logged before, and the episodes the raise's answers show
            // (a count trigger's `earlier`, e.g. 003 §13.10).
            let earlier: u32 = rep.earlier.iter().filter(|x| x.when.holds(&answers)).map(|x| x.count).sum();
            let n = 1 + store.event_count(&args.id, &args.event)? + earlier;
            episodes = Some(n);
            if n >= rep.times {
                starts.extend(rep.start.iter().cloned());
            }
        }
        if !spec.about.is_empty() && !spec.about.contains(&concern.about) {
            return Err(Error::input(only_about(&policy, &args.event, spec, &concern)));
        }
        let mark = body_mark(&args, is(&ev.body_mark, &args.event))?;
        let date = event_date(&args, spec)?;
        record.kind = "event".into();
        record.body = json!({ "event": args.event, "title": spec.title, "source": spec.source, "note": args.note, "stage": args.stage });
        if let Some(m) = mark {
            record.body["mark"] = serde_json::to_value(m).map_err(|e| Error::Other(e.to_string()))?;
        }
        if let Some(n) = episodes {
            record.body["episode"] = json!(n);
        }
        if let Some(d) = date {
            record.body["date"] = json!(d.format("%Y-%m-%d").to_string());
            dated = Some(d);
            // A date for how long the record is kept may be logged after the closing (at the
            // retention review), as long as the event does nothing else.
            record.keeping_only = true;
        }
        if is(&ev.task_done, &args.event) {
            let duty = match args.duty {
                Some(d) => d,
                None => {
                    let open: Vec<i64> = store
                        .duties(&args.id)?
                        .into_iter()
                        .filter(|d| {
                            is(&policy.bindings.duties.action_plan_task, &d.kind)
                                && d.status == DutyStatus::Open
                        })
                        .map(|d| d.id)
                        .collect();
                    match open.as_slice() {
                        [one] => *one,
                        [] => return Err(Error::input("there is no open action-plan task")),
                        _ => {
                            return Err(Error::input(format!(
                                "several tasks are open ({open:?}); name one with --duty"
                            )));
                        }
                    }
                }
            };
            record.complete_ids = vec![duty];
        } else {
            record.complete_kinds = spec.completes.clone();
        }
        let anchors = store.anchors(&concern, at)?;
        let route = crate::policy::route::resolve(&policy, &answers, None);
        record.start =
            duty::plan_on(&route, &policy, &starts, anchors, &calendar(ctx), ctx.config.unspecified_days);
        set_given_due(&mut record.start, args.due.as_deref(), &args.event, at)?;
    }
    let applied = store.record(&args.id, &record)?;
    output::status(&format!(
        "logged {} on {} at {} (entry {})",
        args.event,
        args.id,
        crate::domain::calendar::show_local(at),
        applied.seq
    ));
    if let Some(d) = dated {
        output::status(&format!("  date recorded: {}", d.format("%a %-d %b %Y")));
    }
    for k in &applied.completed {
        output::status(&format!("  done: {k}"));
    }
    crate::cli::say_started(&applied.started, false);
    if args.event != "amend" && applied.completed.is_empty() && !record.complete_kinds.is_empty() {
        output::status("  (no open duty was waiting for this event)");
    }
    Ok(Exit::Success)
}

/// When `kind` is the id of one of the policy's duties rather than an event (`show` and `review
/// --due` print duty ids, and a newcomer types one to `log`), what to run to settle it: the
/// events that complete it, the decision that does (`decide`), the countersignature (`sign`) or
/// the progress review (`review ID`). None when `kind` is no duty's id.
fn settled_by(policy: &Policy, kind: &str) -> Option<String> {
    let duty = policy.duties.get(kind)?;
    let b = &policy.bindings.duties;
    let mut ways: Vec<String> = policy
        .events
        .iter()
        .filter(|(_, e)| e.completes.iter().any(|c| c == kind))
        .map(|(id, e)| format!("`safeguard log ID {id}` ({})", e.title))
        .collect();
    for (role, d) in &policy.decisions {
        if d.completes.iter().any(|c| c == kind) {
            ways.push(if d.records == crate::policy::decide::Records::Decision {
                "`safeguard decide ID`".to_owned()
            } else {
                format!("`safeguard decide ID --as {role}`")
            });
        }
    }
    if crate::policy::bindings::any(&b.countersign, kind) {
        ways.push("`safeguard sign ID`".into());
    }
    if crate::policy::bindings::any(&b.reviews, kind) {
        ways.push("`safeguard review ID --note TEXT`".into());
    }
    let how = if ways.is_empty() {
        "nothing in the policy settles it by name; `safeguard policy show` lists what each event settles"
            .to_owned()
    } else {
        format!("it is settled by {}", ways.join(", or "))
    };
    Some(format!(": {kind:?} is a duty ({}), not an event; {how}", duty.title))
}

//! `safeguard decide ID`: the designated person's decision (or a line manager's
//! recommendation), asked from the policy's decision trees (`policy::decide`) by the same
//! engine and prompters as `raise`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{Context, Need, SignerArgs, raise::calendar};
use crate::domain::deadline::RuleDue;
use crate::domain::duty::{self, Planned};
use crate::domain::record::{
    CancelledDuty, Concern, Decision, DutyState, DutyStatus, LmRecommendation, Parents, Task,
};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::interview::{self, Prompter, Scripted, State, Step};
use crate::output;
use crate::policy::Policy;
use crate::policy::decide::{
    ANSWER_AT, ANSWER_DECIDED_BY, ANSWER_NOTES, ANSWER_ROLE, BUILTIN, FACT_KIND, FACT_RECOMMENDATION,
    FACT_ROLE, Records, Tree,
};
use crate::store::Store;
use crate::store::timeline::Record;
use crate::terminal::Terminal;

/// Record the decision on a concern: the designated person's (default) or a line manager's.
///
/// It opens with a summary of the concern (who, what, the policy's recommendation, what is
/// due), then asks the policy's decision questions (`safeguard policy show` lists them). The
/// designated person chooses one of the outcomes for the concern's kind, the recommendation
/// selected; a decision that differs from it needs reasons, keep-under-review needs an action
/// plan (tasks with who and by when), consulting the local authority or other agencies leads
/// to a new decision, and for a child referral the parents' agreement follows the policy
/// (003 §6.47). A line manager (`--as line-manager`) recommends refer or do-not-refer, with
/// reasons for do-not-refer (003 §3.6).
///
/// Without a terminal, give the answers in a file: `--answers FILE` (TOML or JSON, a map from
/// question id to answer, e.g. outcome, reason, action_plan, parents), plus role, decided_by,
/// at and notes. An unknown id, a wrong answer, an answer the decision does not ask, or a
/// missing required answer is exit code 2, naming the id, and nothing is saved.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// Take the decision from this file (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Who records it: a role with a decision in the policy, e.g. line-manager [default: the
    /// designated person].
    #[arg(long = "as", value_name = "ROLE")]
    pub as_role: Option<String>,
    #[command(flatten)]
    pub signer: SignerArgs,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let given = match &args.answers {
        Some(p) => Some(read_answers(p, &policy)?),
        None => None,
    };
    if given.is_none() && !crate::secret::can_prompt() {
        return Err(Error::input(
            "decide needs a terminal to ask its questions; without one, give --answers FILE",
        ));
    }
    let (questions, builtin) = given.unwrap_or_default();
    let mut store = ctx.open_store()?;
    let concern = store.concern(&args.id)?;
    if concern.status == crate::domain::record::ConcernStatus::Frozen {
        return Err(Error::Frozen { id: concern.id });
    }
    let role = role(&policy, builtin.get(ANSWER_ROLE), args.as_role.as_deref())?;
    let spec = &policy.decisions[&role];
    let kind = policy.concern_kind(&concern.recommendation, &concern.about).ok_or_else(|| {
        Error::input(format!(
            "concern {}: the policy in force has no outcomes for its kind ({:?}, recommended {:?})",
            concern.id, concern.about, concern.recommendation
        ))
    })?;
    let tree = policy.decision_tree(&kind, &concern.recommendation);
    let now = ctx.clock.now();
    let given_at = text(&builtin, ANSWER_AT)?;
    let at = ctx.at(given_at.as_deref())?;
    if let Some(given) = &given_at {
        crate::cli::log::not_before_concern(&store, &concern, at, &format!("{ANSWER_AT} = {given:?}"))?;
    }
    // The decision is signed by whoever holds the deciding role on the roster, with their own
    // key (issue 14); `decided_by` may only confirm who that is.
    let signer =
        ctx.actor_on(&store, &policy, Need::OneOf(std::slice::from_ref(&role)), &args.signer, &concern)?;
    check_decided_by(&signer, builtin.get(ANSWER_DECIDED_BY))?;
    let notes = text(&builtin, ANSWER_NOTES)?;
    let raised = store.raised_answers(&args.id)?;

    // The answers, checked against this concern's tree (the outcomes of its kind) at once.
    let (questions, problems) = interview::answers::check(questions, &tree, now, &|_| {
        "not a question of this decision (`safeguard policy show` lists them)".into()
    });
    if !problems.is_empty() {
        return Err(Error::input(problems.join("\n")));
    }
    summary(ctx, &policy, &store, &concern, &raised, now)?;

    // What the conditions read: the raise's answers and the facts, besides the decision's own.
    let mut state = State {
        answers: raised
            .iter()
            .filter(|(id, _)| tree.node(id).is_none())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..State::default()
    };
    for (fact, value) in
        [(FACT_ROLE, &role), (FACT_RECOMMENDATION, &concern.recommendation), (FACT_KIND, &kind)]
    {
        state.answers.insert(fact.to_owned(), Value::String(value.clone()));
    }
    let clock = ctx.clock;
    let now_fn = move || clock.now();
    if args.answers.is_some() {
        let given: Vec<String> = questions.keys().cloned().collect();
        let mut prompter = Scripted { answers: questions, shown: vec![] };
        interview::walk(&tree, &spec.start, &mut state, &mut prompter, &now_fn, &mut |_| Ok(()))?;
        unasked(&tree, &state, &given)?;
    } else {
        let mut prompter = Terminal::new(ctx.clock);
        interview::walk(
            &tree,
            &spec.start,
            &mut state,
            &mut prompter as &mut dyn Prompter,
            &now_fn,
            &mut |_| Ok(()),
        )?;
    }
    let mine: BTreeMap<String, Value> =
        state.transcript.iter().map(|s| (s.id.clone(), s.answer.clone())).collect();
    let (mut guidance, starts) = interview::effects(&tree, &state);
    let b = &policy.bindings.decision;
    let answer = |id: &Option<String>| -> Option<String> {
        id.as_ref().and_then(|id| mine.get(id)).and_then(Value::as_str).map(str::to_owned)
    };

    let mut record = Record { at, recorded_at: now, signer: Some(signer), ..Record::default() };
    let anchors = store.anchors(&concern, at)?;
    let cal = calendar(ctx);
    // Duties go to their owners on the concern's route, never to the person it is about.
    let route = crate::policy::route::resolve(&policy, &raised, None);
    let plan = |starts: &[crate::policy::Start]| {
        duty::plan_on(&route, &policy, starts, anchors, &cal, ctx.config.unspecified_days)
    };
    record.start = plan(&starts);
    record.complete_kinds = spec.completes.clone();
    // What a decision ends as no longer needed (title, kind), and why: printed once recorded.
    let mut no_longer_needed: Vec<(String, String)> = vec![];
    let mut ended_why: Option<String> = None;
    match spec.records {
        Records::Recommendation => {
            record.kind = "lm-recommendation".into();
            record.body = serde_json::to_value(WithTranscript {
                body: LmRecommendation {
                    role: role.clone(),
                    recommend: answer(&b.recommend),
                    reason: answer(&b.reason),
                    notes,
                    guidance: guidance.clone(),
                },
                transcript: &state.transcript,
            })
            .map_err(|e| Error::Other(e.to_string()))?;
        }
        Records::Decision => {
            let outcome = answer(&b.outcome).ok_or_else(|| {
                Error::input(format!(
                    "the policy's decision for {role} records no outcome (bindings.decision.outcome)"
                ))
            })?;
            let o = policy.outcomes.get(&outcome).ok_or_else(|| {
                Error::input(format!("the decision {outcome:?} is not an outcome of the policy"))
            })?;
            let tasks = match b.action_plan.as_ref().and_then(|id| mine.get(id)) {
                Some(tasks) => action_plan(&policy, tasks)?,
                None => vec![],
            };
            if o.needs_action_plan && tasks.is_empty() {
                let asked = b
                    .action_plan
                    .as_deref()
                    .map(|id| format!("answer `{id}` is required: "))
                    .unwrap_or_default();
                return Err(Error::input(format!(
                    "{asked}\"{}\" needs an action plan, at least one task with who does it and by when (003 §6.21 option 5)",
                    o.title
                )));
            }
            // What the outcome adds when a condition holds, as at raising (out of hours, 003
            // §1.18, §6.38-6.39): read on the raise's answers, with those the time gives (out
            // of hours) read at the decision's own time, since the referral it decides is made
            // now; and never this decision's own duty again (it is the one recording it).
            let also = decided_also(&policy, &cal, o, &state.answers, at, &spec.completes);
            // What the outcome starts, then its `also`, then what the decision's path starts
            // (merged by kind).
            record.start = plan(&[o.on_decision.clone(), also.start, starts].concat());
            record.start.extend(tasks.iter().cloned());
            record.always_new = policy.bindings.duties.action_plan_task.iter().cloned().collect();
            record.start_unless_done = true;
            // A duty whose settling event is logged already is not started again, though no duty
            // of its kind was open when it was logged: a referral phoned before this decision is
            // made (DOMAIN.md §3.3: a duty is due while its completion event is missing).
            record.settled_kinds = settled_kinds(&policy, &store, &args.id)?;
            // What the outcome makes no longer needed (issue 15): its `ends` kinds' open duties,
            // cancelled in this entry and named in it, unless its condition holds on the raise's
            // answers (the seeds require them whatever the decision). Never a duty done, nor a
            // kind this decision starts or settles itself.
            let ended: Vec<crate::domain::record::Duty> = match &o.ends {
                Some(e) if !e.unless.as_ref().is_some_and(|c| c.holds(&state.answers)) => {
                    let own = |k: &String| {
                        record.start.iter().any(|d| &d.kind == k) || record.complete_kinds.contains(k)
                    };
                    record.end_kinds = e.duties.iter().filter(|k| !own(k)).cloned().collect();
                    store
                        .duties(&args.id)?
                        .into_iter()
                        .filter(|d| d.status == DutyStatus::Open && record.end_kinds.contains(&d.kind))
                        .collect()
                }
                _ => vec![],
            };
            // The store refuses the entry if these are not the open duties of those kinds when
            // it writes (another command may settle or start one meanwhile).
            record.end_ids = ended.iter().map(|d| d.id).collect();
            no_longer_needed = ended.iter().map(|d| (d.title.clone(), d.kind.clone())).collect();
            ended_why = o.ends.as_ref().filter(|_| !ended.is_empty()).map(|e| e.why.clone());
            record.kind = "decision".into();
            record.outcome = Some(outcome.clone());
            let mut all = o.decision_guidance.clone();
            all.extend(also.guidance);
            all.append(&mut guidance);
            let mut seen = std::collections::BTreeSet::new();
            all.retain(|g| seen.insert(g.clone()));
            guidance = all;
            let decision = Decision {
                role: role.clone(),
                differs: outcome != concern.recommendation,
                recommendation: concern.recommendation.clone(),
                reason: answer(&b.reason),
                action_plan: tasks
                    .iter()
                    .map(|p| Task { task: p.title.clone(), owner: p.owner.clone(), due: p.due })
                    .collect(),
                consulted: answer(&b.consulted),
                advice: answer(&b.advice),
                decide_again: o.decide_again,
                parents: Parents {
                    decision: answer(&b.parents),
                    told: answer(&b.parents_told),
                    agreed_by: answer(&b.parents_agreed_by),
                    reason: answer(&b.parents_reason),
                    police_agreed: answer(&b.parents_police_agreed),
                },
                capacity_evidence: answer(&b.capacity_evidence),
                best_interests: answer(&b.best_interests),
                decided_with: answer(&b.decided_with),
                notes,
                guidance: guidance.clone(),
                tell: route.telling(&also.tell),
                ended_reason: ended_why.clone(),
                ended: ended
                    .iter()
                    .map(|d| CancelledDuty {
                        duty: Some(d.id),
                        kind: d.kind.clone(),
                        title: d.title.clone(),
                        owner: d.owner.clone(),
                        due: d.due,
                    })
                    .collect(),
                outcome,
            };
            record.body =
                serde_json::to_value(WithTranscript { body: decision, transcript: &state.transcript })
                    .map_err(|e| Error::Other(e.to_string()))?;
        }
    }
    let applied = store.record(&args.id, &record)?;
    output::status(&format!(
        "recorded the {} on {} (entry {})",
        record.kind.replace('-', " "),
        args.id,
        applied.seq
    ));
    for k in &applied.completed {
        output::status(&format!("  done: {k}"));
    }
    crate::cli::say_started(&applied.started, true);
    // Each duty the decision made no longer needed, by name, and why (issue 15).
    for (title, kind) in &no_longer_needed {
        output::status(&format!("  no longer needed: {title} ({kind})"));
    }
    if let Some(why) = no_longer_needed.first().and(ended_why.as_deref()) {
        output::status(&format!("    {why}"));
    }
    if let Some(Value::Array(tell)) = record.body.get("tell") {
        for r in tell.iter().filter_map(Value::as_str) {
            output::status(&format!("  tell: {}", policy.role_name(r).unwrap_or_else(|| r.to_owned())));
        }
    }
    for g in &guidance {
        output::status(&format!("  - {g}"));
    }
    Ok(Exit::Success)
}

/// What a decided outcome's `also` adds: duties, roles to tell and guidance.
#[derive(Default)]
struct Also {
    start: Vec<crate::policy::Start>,
    tell: Vec<String>,
    guidance: Vec<String>,
}

/// The `also` of the decided outcome `o` whose conditions hold on `answers` (the raise's and
/// the decision's), with every answer the policy gives by the office's hours read at `at`, the
/// decision's time: a concern raised on Saturday night and decided on Monday morning is not
/// referred out of hours. Duties of `completes` (the decision's own) are left out.
/// The duty kinds settled by events logged on the concern so far (each event's `completes`).
fn settled_kinds(policy: &Policy, store: &crate::store::Store, id: &str) -> Result<Vec<String>> {
    let mut kinds = std::collections::BTreeSet::new();
    for e in store.entries(id)? {
        if let Ok(crate::domain::record::Content::Event(ev)) = e.content()
            && let Some(spec) = policy.events.get(&ev.event)
        {
            kinds.extend(spec.completes.iter().cloned());
        }
    }
    Ok(kinds.into_iter().collect())
}

fn decided_also(
    policy: &Policy,
    cal: &crate::domain::calendar::Calendar,
    o: &crate::policy::Outcome,
    answers: &BTreeMap<String, Value>,
    at: DateTime<Utc>,
    completes: &[String],
) -> Also {
    let mut answers = answers.clone();
    if let Some(hours) = &policy.office_hours {
        let inside = hours.contains(cal, at);
        for n in &policy.nodes {
            if let Some(h) = &n.given_by_hours {
                answers.insert(n.id.clone(), if inside { h.inside.clone() } else { h.outside.clone() });
            }
        }
    }
    let mut out = Also::default();
    for a in o.also.iter().filter(|a| a.cond.holds(&answers)) {
        out.start
            .extend(a.decision_starts().iter().filter(|s| !completes.iter().any(|c| c == s.kind())).cloned());
        out.tell.extend(a.tell.iter().filter(|r| !out.tell.contains(r)).cloned().collect::<Vec<_>>());
        out.guidance.extend(a.guidance.iter().cloned());
    }
    out
}

/// A decision-tree entry as the journal records it: the record's own body type (`show` and
/// the forms read it back as that, a [`Decision`] or an [`LmRecommendation`]) with the
/// questions as asked and answered.
#[derive(Serialize)]
struct WithTranscript<'a, T: Serialize> {
    #[serde(flatten)]
    body: T,
    transcript: &'a [Step],
}

/// Question answers and built-in answers, from an answer file.
type Given = (BTreeMap<String, Value>, BTreeMap<String, Value>);

/// Reads an answer file: its questions' answers (checked against the concern's tree later) and
/// its built-in answers. An id that is neither is refused here, naming it.
fn read_answers(path: &std::path::Path, policy: &Policy) -> Result<Given> {
    let text = crate::limits::read_text(path, crate::limits::ANSWER_FILE_MAX, "an answer file")
        .map_err(|e| Error::input(format!("cannot read the answer file {}: {e}", path.display())))?;
    let map = interview::answers::read_map(&text, &format!("answer file {}", path.display()))?;
    let (mut questions, mut builtin) = (BTreeMap::new(), BTreeMap::new());
    let mut unknown = Vec::new();
    for (k, v) in map {
        if policy.decision_node(&k).is_some_and(|n| n.ask.is_some()) {
            questions.insert(k, v);
        } else if BUILTIN.iter().any(|(b, _)| *b == k) {
            builtin.insert(k, v);
        } else {
            unknown.push(k);
        }
    }
    if !unknown.is_empty() {
        let ids: Vec<&str> = policy
            .decision_nodes
            .iter()
            .filter(|n| n.ask.is_some())
            .map(|n| n.id.as_str())
            .chain(BUILTIN.iter().map(|(b, _)| *b))
            .collect();
        let problems: Vec<String> =
            unknown.iter().map(|k| format!("answer `{k}`: not a decision question or field")).collect();
        return Err(Error::input(format!(
            "answer file {}:\n  {}\nthe decision's ids are: {}",
            path.display(),
            problems.join("\n  "),
            ids.join(", ")
        )));
    }
    Ok((questions, builtin))
}

/// A given answer to a question the decision's path did not reach is refused, naming it: it
/// would otherwise be lost, or recorded against a question nobody asked.
fn unasked(tree: &Tree, state: &State, given: &[String]) -> Result<()> {
    let problems: Vec<String> = given
        .iter()
        .filter(|id| !state.path.contains(id))
        .map(|id| {
            let when = tree.node(id).and_then(|n| n.asked_when.as_deref());
            match when {
                Some(w) => format!("answer `{id}`: not asked in this decision ({w})"),
                None => format!(
                    "answer `{id}`: not asked in this decision (its answers so far do not lead to it)"
                ),
            }
        })
        .collect();
    if problems.is_empty() { Ok(()) } else { Err(Error::input(problems.join("\n"))) }
}

/// Who records the decision: the answer file's `role`, or `--as`, or the designated person.
fn role(policy: &Policy, given: Option<&Value>, flag: Option<&str>) -> Result<String> {
    let roles = || policy.decisions.keys().cloned().collect::<Vec<_>>().join(", ");
    let given = match given {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim()),
        Some(other) => {
            return Err(Error::input(format!(
                "answer `{ANSWER_ROLE}`: expected one of: {} (found {other})",
                roles()
            )));
        }
    };
    let chosen = match (given, flag) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::input(format!(
                "answer `{ANSWER_ROLE}` says {a:?} but --as says {b:?}: give one"
            )));
        }
        (Some(r), _) | (None, Some(r)) => r.to_owned(),
        (None, None) => match &policy.bindings.roles.designated_person {
            Some(dp) if policy.decisions.contains_key(dp) => dp.clone(),
            _ if policy.decisions.len() == 1 => roles(),
            _ => {
                return Err(Error::input(format!(
                    "say who records the decision: --as ROLE, or `{ANSWER_ROLE}` in the answers (one of: {})",
                    roles()
                )));
            }
        },
    };
    if !policy.decisions.contains_key(&chosen) {
        return Err(Error::input(format!(
            "answer `{ANSWER_ROLE}`: {chosen:?} is not one of: {} (the roles with a decision in the policy)",
            roles()
        )));
    }
    Ok(chosen)
}

/// `decided_by` ("Name (role)", "Name, role", "Name" or `{ name, role }`; PRODUCT.md asks for
/// a name and a role and gives no form), when given, must name the person who signs: the
/// decision is theirs, and a name typed into a file is never the signature. The name is
/// compared without regard to case or repeated spaces.
fn check_decided_by(signer: &crate::domain::signed::Signer, given: Option<&Value>) -> Result<()> {
    let name = match given {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(()),
        Some(Value::String(s)) => {
            let s = s.trim();
            crate::domain::signed::split_label(s).map_or(s, |(n, _)| n).trim().to_owned()
        }
        Some(Value::Object(o)) => o.get("name").and_then(Value::as_str).unwrap_or_default().trim().to_owned(),
        Some(other) => {
            return Err(Error::input(format!(
                "answer `{ANSWER_DECIDED_BY}`: expected \"Name (role)\" (found {other})"
            )));
        }
    };
    if name.is_empty() {
        return Err(Error::input(format!(
            "answer `{ANSWER_DECIDED_BY}`: expected \"Name (role)\" or {{ name, role }} with a name"
        )));
    }
    let same = |a: &str, b: &str| {
        let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
        words(a) == words(b)
    };
    // "Dana Price, Designated person": the name before the first comma, unless the roster's
    // name itself has one.
    let name = match name.split_once(',') {
        Some((before, _)) if !same(&name, &signer.name) => before.trim().to_owned(),
        _ => name,
    };
    if !same(&name, &signer.name) {
        return Err(Error::input(format!(
            "answer `{ANSWER_DECIDED_BY}` names {name:?}, but you are {} on this store's roster: a decision is \
             signed by the person who makes it (leave `{ANSWER_DECIDED_BY}` out)",
            signer.name
        )));
    }
    Ok(())
}

/// A built-in text answer: trimmed, or None when absent or blank.
fn text(a: &BTreeMap<String, Value>, k: &str) -> Result<Option<String>> {
    match a.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(other) => Err(Error::input(format!("answer `{k}`: expected text (found {other})"))),
    }
}

/// An answer to a `tasks` question (checked by the engine) as action-plan duties.
fn action_plan(policy: &Policy, tasks: &Value) -> Result<Vec<Planned>> {
    use crate::interview::{TASK_DUE, TASK_OWNER, TASK_TITLE};
    let Some(kind) = policy.bindings.duties.action_plan_task.clone() else {
        return Err(Error::input(
            "the policy asks for an action plan but binds no duty for its tasks (bindings.duties.action_plan_task)",
        ));
    };
    let mut out = Vec::new();
    for t in tasks.as_array().into_iter().flatten() {
        let field = |k: &str| t[k].as_str().unwrap_or_default().to_owned();
        let due: Option<DateTime<Utc>> = t[TASK_DUE].as_str().and_then(|d| d.parse().ok());
        out.push(Planned {
            kind: kind.clone(),
            title: field(TASK_TITLE),
            owner: field(TASK_OWNER),
            due,
            rules: due
                .map(|due| RuleDue {
                    within: "by the date the designated person set".into(),
                    from: "the decision was made".into(),
                    source: "003 §6.21 option 5 (DL-17)".into(),
                    due,
                })
                .into_iter()
                .collect(),
            notes: vec![],
        });
    }
    Ok(out)
}

/// The concern in brief, before the decision: who, what, the recommendation, and what is due.
fn summary(
    ctx: &Context,
    policy: &Policy,
    store: &Store,
    concern: &Concern,
    raised: &BTreeMap<String, Value>,
    now: DateTime<Utc>,
) -> Result<()> {
    let a = &policy.bindings.answers;
    let about = a
        .about
        .as_deref()
        .and_then(|q| policy.node(q))
        .and_then(|n| n.choice(&concern.about))
        .map(|c| c.label.clone())
        .unwrap_or_else(|| concern.about.clone());
    let raised_at = store.anchors(concern, now)?.raised;
    output::status(&format!(
        "Concern {}: {about}; raised {} (UK time)",
        concern.id,
        crate::domain::spoken::show_spoken(raised_at)
    ));
    let s = &concern.subject;
    let mut who: Vec<String> =
        [&s.initials, &s.name].iter().filter_map(|v| v.as_str()).map(str::to_owned).collect();
    if let Some(age) = s.age.as_i64() {
        who.push(format!("aged {age}"));
    }
    if !who.is_empty() {
        output::status(&format!("  Who: {}", who.join(", ")));
    }
    let answer = |id: &Option<String>| id.as_ref().and_then(|id| raised.get(id)).and_then(Value::as_str);
    if let Some(what) = answer(&a.description) {
        let mut short: String = what.split_whitespace().collect::<Vec<_>>().join(" ");
        if short.chars().count() > 240 {
            short = short.chars().take(240).collect::<String>() + "…";
        }
        output::status(&format!("  What: {short}"));
    }
    let rec =
        policy.outcomes.get(&concern.recommendation).map_or(concern.recommendation.as_str(), |o| &o.title);
    output::status(&format!("  The policy recommends: {rec}"));
    if let Some(o) = concern.outcome.as_deref() {
        let title = policy.outcomes.get(o).map_or(o, |o| &o.title);
        output::status(&format!("  Decided so far: {title}"));
    }
    let cal = calendar(ctx);
    // Whose each duty is, for the designated person reading it: the reporter's by their name
    // ("Sam Jones, Support worker (the person who raised it)", not "you"), the others by role,
    // with the config's name for it where there is one (issue 16).
    let reporter = policy.bindings.roles.reporter.as_deref();
    let raiser = store.raiser(&concern.id)?;
    let raiser = crate::cli::view::reporter_named(
        raiser.as_ref().map(|(name, _)| name.as_str()),
        raiser.as_ref().and_then(|(_, role)| role.as_deref()),
    );
    let owner_words = |owner: &str| -> String {
        if reporter == Some(owner) {
            return raiser.clone();
        }
        let title = policy.role_title(owner);
        match ctx.config.contacts.get(owner).and_then(|c| c.name.as_deref()) {
            Some(name) => format!("{title}: {name}"),
            None => title.to_owned(),
        }
    };
    let due: Vec<String> = store
        .duties(&concern.id)?
        .iter()
        .filter(|d| matches!(d.state_at(now), DutyState::Open | DutyState::Overdue))
        .map(|d| {
            let when = d
                .due
                // As people say it, then the full date (issue 16): "by 10:00 tomorrow (...)".
                .map(|t| {
                    format!(
                        "by {} ({}, {})",
                        crate::domain::spoken::spoken_when(t, now),
                        crate::domain::spoken::show_spoken(t),
                        crate::output::when::relative(t, now, &cal)
                    )
                })
                .unwrap_or_else(|| "no time set".into());
            format!("    - {}\n      {}, due {when}", d.title, owner_words(&d.owner))
        })
        .collect();
    if !due.is_empty() {
        output::status("  Due:");
        for d in due {
            output::status(&d);
        }
    }
    Ok(())
}

//! `safeguard raise`: the guided interview that records a concern.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use serde_json::{Value, json};

use crate::cli::{Context, out_json, view};
use crate::domain::calendar::Calendar;
use crate::domain::duty::{self, Anchors, Planned};
use crate::domain::record::{ConcernStatus, Subject};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::interview::{self, Prompter, Scripted, State};
use crate::output;
use crate::policy::bindings::One;
use crate::policy::{Policy, route};
use crate::store::Store;
use crate::store::records::NewConcern;
use crate::terminal::Terminal;

/// The draft being written, so that Ctrl-C can say how to resume it.
pub static CURRENT_DRAFT: Mutex<Option<String>> = Mutex::new(None);

/// Raise a safeguarding concern: a guided interview that follows the policy.
///
/// It asks first whether anyone is in danger now. Every answer is saved to an encrypted draft
/// as it is given, so Ctrl-C or a closed terminal loses nothing (`--resume DRAFT` continues;
/// `list --drafts` shows drafts). At the end the concern is saved and the tool prints its id,
/// the recommendation, what to do now, whom to tell, and the duties with their due times
/// (`--explain` adds the paragraphs of the procedures behind each).
///
/// Without a terminal, give every answer in a file: `--answers FILE` (TOML or JSON, a map from
/// question id to answer; `safeguard policy show` lists the ids). An adult's capacity and
/// agreement to a referral are one id, `capacity_consent` (agrees, refuses, not-asked,
/// doubt-agrees, doubt-refuses, doubt-not-asked or lacks-capacity), or the two it stands for,
/// `capacity` and `consent`. An unknown id, a wrong answer or a missing required answer is exit
/// code 2, and nothing is saved.
///
/// With a service file (--service-file or SAFEGUARD_SERVICE_FILE), raise is sealed: it asks
/// for no store passphrase and opens no store. The policy's route decides who receives the
/// concern; it is sealed (age) to those people, the reading store's key and the recovery keys
/// only, and delivered into the route's inbox. The person it is about never receives it. The
/// receipt gives a reference (R-...), what to do now, whom to tell and your duties; drafts and
/// a copy for you (`safeguard mine`) are sealed to your own identity. `--dry-run` shows the
/// route and seals nothing; `--seal-out FILE` writes the sealed file instead, to email it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Take the answers from this file (TOML or JSON) instead of asking.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// A Code RED report: no reporter identity is stored anywhere.
    #[arg(long)]
    pub anonymous: bool,
    /// Continue a draft (see `safeguard list --drafts`).
    #[arg(long, value_name = "DRAFT")]
    pub resume: Option<String>,
    /// Print the saved record as JSON (with a service file: the receipt).
    #[arg(long)]
    pub json: bool,
    /// With a service file: show the route (the persons and their key fingerprints) and seal
    /// nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// With a service file: write the sealed file here (to email it) instead of delivering it
    /// to an inbox.
    #[arg(long, value_name = "FILE", conflicts_with = "dry_run")]
    pub seal_out: Option<PathBuf>,
    /// With a service file: keep no copy sealed to yourself (`safeguard mine` lists the copies).
    #[arg(long)]
    pub no_copy: bool,
    /// Also show where each rule comes from: the paragraphs of the procedures behind the
    /// recommendation and each duty, and their ids.
    #[arg(long)]
    pub explain: bool,
}

/// Said when a raise cannot start because the store cannot be opened (missing, locked, a wrong
/// passphrase): the worker is still worried about someone, so before the error, what to do now
/// (the designated person named as the config gives them).
fn not_recorded(ctx: &Context, policy: &Policy) {
    let dp = policy.bindings.roles.designated_person.as_deref();
    let details = dp.and_then(|r| ctx.config.contacts.get(r)).and_then(|c| c.details());
    let who = match details {
        Some(d) => format!("the designated person ({d})"),
        None => "the designated person or your manager".to_owned(),
    };
    output::status(&format!(
        "Your concern has not been recorded yet. If someone is in danger now, call 999. \
         Tell {who} about it today, by phone or in person, and record it here once this is put right."
    ));
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    if let Some(path) = &ctx.service_file {
        return crate::cli::sealed::raise(ctx, args, path);
    }
    if args.dry_run || args.seal_out.is_some() {
        return Err(Error::input(
            "--dry-run and --seal-out are for sealed raising, which needs a service file \
             (--service-file FILE or SAFEGUARD_SERVICE_FILE)",
        ));
    }
    let (policy, mut scripted) = prepare(ctx, &args)?;
    let mut store = ctx.open_store().inspect_err(|_| not_recorded(ctx, &policy))?;
    let (mut state, anonymous, draft) = match &args.resume {
        Some(id) => {
            let (state, anon, hash) = store.draft(id)?;
            if hash != policy.hash {
                output::status(&format!(
                    "note: draft {id} was started under a different version of the policy"
                ));
            }
            (state, anon || args.anonymous, Some(id.clone()))
        }
        None => (State::default(), args.anonymous, None),
    };
    set_current_draft(draft.clone());
    check_anonymous(&policy, &mut state, anonymous)?;
    if args.resume.is_some() {
        recap(&policy, &state, scripted.is_none(), ctx)?;
    }
    // Who records it: the person on the roster whose key is yours (issue 14), found before the
    // interview so nobody answers it all to be refused at the end. A Code RED report is
    // anonymous and unsigned (seed 000).
    let signer = if anonymous {
        None
    } else {
        Some(ctx.actor(&store, &policy, crate::cli::Need::Anyone, &crate::cli::SignerArgs::default())?)
    };

    let now = ctx.clock.now();
    let clock = ctx.clock;
    let anon = anonymous;
    let hash = policy.hash.clone();
    let store_ref = &store;
    let mut save = |st: &State| -> Result<()> {
        match current_draft() {
            Some(id) => store_ref.save_draft(&id, clock.now(), st),
            None => {
                let id = store_ref.create_draft(clock.now(), anon, &hash, st)?;
                set_current_draft(Some(id));
                Ok(())
            }
        }
    };
    ask(ctx, &policy, &mut state, scripted.as_mut(), &mut save)?;
    let draft = current_draft();
    let mut assessed = assess(ctx, &policy, &state, anonymous, now)?;
    provider_history(ctx, &store, &policy, &state, &mut assessed)?;
    let signer = if assessed.anonymous { None } else { signer };
    let reporter = match (&signer, assessed.anonymous) {
        (Some(s), false) => Some(recorded_reporter(s, scripted.as_ref().map(|s| &s.answers))),
        (None, false) => {
            return Err(Error::input(
                "only a Code RED report may be anonymous; raise it again without --anonymous (003 §6.47)",
            ));
        }
        _ => None,
    };
    let linked_to = linked_to(&store, scripted.as_ref().map(|s| &s.answers))?;
    if linked_to.is_some() && signer.is_none() {
        // The link is an entry of the other concern, and every such entry is signed by its
        // author: an anonymous report has none.
        return Err(Error::input(
            "an anonymous Code RED report cannot be linked to another concern; the designated person links it",
        ));
    }
    let mut extra = serde_json::Map::new();
    if let Some(l) = &linked_to {
        extra.insert("linked_to".into(), Value::String(l.clone()));
    }
    let new = new_concern(&policy, &state, &assessed, reporter.as_ref(), signer.clone(), now, extra);
    let id = store.create_concern(&new, draft.as_deref())?;
    if let Some(l) = &linked_to {
        link(&mut store, &policy, l, &id, &new, signer.as_ref(), now)?;
    }
    set_current_draft(None);
    leaves_out_warning(&policy, &assessed.route);
    let record = store.record_of(&id)?;
    if args.json {
        let retention = crate::domain::retention::Retention::of_record(&policy, &record, now);
        let mut json =
            serde_json::to_value(crate::export::json::Record::new(&record, now).with_retention(retention))
                .map_err(|e| Error::Other(e.to_string()))?;
        if !args.explain {
            plain_guidance(&mut json);
        }
        out_json(&json)?;
    } else {
        output::status(&format!("saved concern {id}"));
        let case = crate::domain::record::Case::new(&record, &policy).map_err(|d| store.damaged(d))?;
        view::print_concern(ctx, &policy, &calendar(ctx), &case, now, args.explain)?;
    }
    Ok(Exit::Success)
}

/// The guidance the person raising the concern reads, in `raise --json`, without the seeds'
/// references (as the text receipt shows it; `--explain`, `show` and `policy show` keep them):
/// the record's guidance, and the raise's own in its first timeline entry.
fn plain_guidance(json: &mut Value) {
    if let Some(g) = json.pointer_mut("/timeline/0/body/guidance") {
        plain_list(g);
    }
    if let Some(g) = json.get_mut("guidance") {
        plain_list(g);
    }
}

fn plain_list(list: &mut Value) {
    if let Some(items) = list.as_array_mut() {
        for item in items {
            if let Some(t) = item.as_str() {
                *item = Value::String(output::plain(t));
            }
        }
    }
}

/// A concern whose route leaves someone out (it is about them: 003 §6.20, §9.9, §2.2), saved in
/// a store that one passphrase opens: whoever holds it, the person left out included, can read
/// it. Said to the person raising it, in plain words, with whom to tell instead; sealed raising
/// (a service file) is what keeps it from them.
fn leaves_out_warning(policy: &Policy, route: &crate::policy::route::Resolved) {
    if route.excluded.is_empty() {
        return;
    }
    let titles =
        |roles: &[String]| roles.iter().map(|r| policy.role_title(r)).collect::<Vec<_>>().join(" and ");
    output::status(&format!(
        "warning: this concern is about {}, and it is kept in a store that anyone with its passphrase can \
         open, them included. Tell {} yourself today that it is there. Your service can set up sealed \
         raising, so that a concern like this reaches only the people it should.",
        titles(&route.excluded),
        if route.readers.is_empty() { "the people named below".to_owned() } else { titles(&route.readers) }
    ));
}

/// The concern this one is a second record of (`linked_to` in the answers): where the seeds
/// need two records (003 §6.13, §6.14, §6.18). It must be one the store can take the link on,
/// found as intake finds it ([`link_target`]), and is refused before anything is saved.
fn linked_to(store: &Store, answers: Option<&BTreeMap<String, Value>>) -> Result<Option<String>> {
    let Some(l) = answers.and_then(|a| a.get(crate::interview::answers::LINKED_TO)).and_then(Value::as_str)
    else {
        return Ok(None);
    };
    match link_target(store, l.trim())? {
        Ok(id) => Ok(Some(id)),
        Err(why) => Err(Error::input(format!(
            "answer `{}`: {l:?} cannot be linked to: {why}; nothing was saved",
            crate::interview::answers::LINKED_TO
        ))),
    }
}

/// The concern `l` names (an id, or the reference of a sealed concern already imported), if
/// the store can take a link on it (not frozen, 003 §7.13; not closed); otherwise why not.
/// `raise` and `intake` both find the first record this way.
pub fn link_target(store: &Store, l: &str) -> Result<std::result::Result<String, String>> {
    let id = if crate::seal::envelope::is_reference(l) {
        match store.imported("", Some(l))? {
            Some(id) => id,
            None => return Ok(Err("no sealed concern with that reference has reached this store".into())),
        }
    } else {
        l.to_owned()
    };
    match store.concern(&id) {
        Ok(c) => Ok(match c.status {
            ConcernStatus::Frozen => Err(format!("{id} is frozen")),
            ConcernStatus::Closed => Err(format!("{id} is closed")),
            _ => Ok(id),
        }),
        Err(Error::NotFound(_)) => Ok(Err(format!("this store has no concern {id}"))),
        Err(e) => Err(e),
    }
}

/// Records on concern `first` that `second` was raised as its linked record: the duties of
/// `first` to raise a concern of the second's kind (`linked` on the duty) are done, and both
/// records show the link.
fn link(
    store: &mut Store,
    policy: &Policy,
    first: &str,
    second: &str,
    new: &NewConcern,
    signer: Option<&crate::domain::signed::Signer>,
    now: DateTime<Utc>,
) -> Result<()> {
    let applied = store.record(first, &link_entry(policy, second, new, signer, now))?;
    output::status(&format!("linked {second} to {first} (entry {})", applied.seq));
    for k in &applied.completed {
        output::status(&format!("  done on {first}: {k}"));
    }
    Ok(())
}

/// The entry that records, on the first concern, that `second` (made from `new`) was raised
/// as its linked record (003 §6.13, §6.14, §6.18): it completes the first's duties to raise
/// a concern of the second's kind. `raise` and `intake` both write it.
pub fn link_entry(
    policy: &Policy,
    second: &str,
    new: &NewConcern,
    signer: Option<&crate::domain::signed::Signer>,
    now: DateTime<Utc>,
) -> crate::store::timeline::Record {
    let kind = policy.concern_kind(&new.recommendation, &new.about);
    let completes: Vec<String> = policy
        .duties
        .iter()
        .filter(|(_, d)| {
            d.linked
                .and_then(|k| serde_json::to_value(k).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
                .is_some_and(|k| Some(&k) == kind.as_ref())
        })
        .map(|(k, _)| k.clone())
        .collect();
    let event = policy.bindings.events.linked_concern.clone().unwrap_or_else(|| "linked".into());
    let title =
        policy.events.get(&event).map(|e| e.title.clone()).unwrap_or_else(|| "Linked concern raised".into());
    crate::store::timeline::Record {
        kind: "event".into(),
        at: now,
        recorded_at: now,
        signer: signer.cloned(),
        body: json!({
            "event": event,
            "title": title,
            "note": format!("{second} was raised as a linked record of this concern ({})", new.about),
            "linked": second,
        }),
        complete_kinds: completes,
        ..Default::default()
    }
}

/// The policy and, with `--answers`, the checked answers; refuses to go on with neither an
/// answer file nor a terminal to ask on.
pub fn prepare(ctx: &Context, args: &Args) -> Result<(Policy, Option<Scripted>)> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let mut scripted = match &args.answers {
        Some(p) => {
            Some(Scripted { answers: interview::answers::load(p, &policy, ctx.clock.now())?, shown: vec![] })
        }
        None => None,
    };
    if scripted.is_none() && !crate::secret::can_prompt() {
        return Err(Error::input(
            "raise needs a terminal to ask its questions; without one, give the answers with --answers FILE",
        ));
    }
    if args.anonymous {
        force_code_red(&policy, scripted.as_mut().map(|s| &mut s.answers))?;
    }
    Ok((policy, scripted))
}

/// An anonymous report can only be Code RED: a draft about anything else is refused, and an
/// unanswered `about` is answered for the reporter.
pub fn check_anonymous(policy: &Policy, state: &mut State, anonymous: bool) -> Result<()> {
    if anonymous {
        let (about, code_red) = code_red(policy)?;
        if let Some(a) = state.answers.get(&about).and_then(Value::as_str).filter(|a| *a != code_red) {
            return Err(Error::input(format!(
                "an anonymous report can only be a Code RED escalation, but this one is about {a:?}; \
                 safeguarding referrals by staff are never anonymous"
            )));
        }
        state.answers.entry(about).or_insert_with(|| json!(code_red));
    }
    Ok(())
}

/// On resuming a draft: the answers so far, in the person's words, and again any urgent
/// notice an answer called for (someone in danger now: call 999), so nobody carries on
/// without seeing it.
pub fn recap(policy: &Policy, state: &State, on_terminal: bool, ctx: &Context) -> Result<()> {
    let term = console::Term::stderr();
    if state.transcript.is_empty() {
        output::status("Nothing was answered yet in this draft.");
    } else {
        output::status("Your answers so far:");
        for step in &state.transcript {
            let answer = match policy.node(&step.id).map(|n| n.ask) {
                Some(Some(crate::policy::AnswerType::Datetime)) => step
                    .answer
                    .as_str()
                    .and_then(|t| crate::domain::clock::parse_rfc3339(t).ok())
                    .map(crate::domain::spoken::show_spoken)
                    .unwrap_or_else(|| step.shown.clone()),
                _ => step.shown.clone(),
            };
            // Wrapped to the terminal as the interview's other words are, continuation lines
            // under the text.
            let line = format!("{}: {answer}", recap_question(&step.prompt));
            output::status(&output::wrap_bullet(&output::plain(&line), &term));
        }
    }
    // An answer begun but not entered (Ctrl-C) is no answer yet: said so, and offered again.
    if let Some(p) = &state.partial
        && let Some(node) = policy.node(&p.id)
    {
        let about = policy.bindings.answers.about.as_deref().and_then(|q| state.answers.get(q));
        let question = recap_question(node.prompt_for(about.and_then(Value::as_str)));
        let begun = if p.ticked.is_empty() {
            "begun, not yet entered".to_owned()
        } else {
            let labels: Vec<&str> = node
                .answers
                .iter()
                .filter(|c| p.ticked.contains(&c.value))
                .map(|c| c.label.as_str())
                .collect();
            format!("not yet entered; ticked so far: {}", labels.join("; "))
        };
        output::status(&output::wrap_bullet(&output::plain(&format!("{question}: {begun}")), &term));
    }
    let mut urgent: Vec<&str> = Vec::new();
    for step in &state.transcript {
        if let Some(node) = policy.node(&step.id) {
            urgent.extend(interview::selected(node, &step.answer).iter().filter_map(|c| c.urgent.as_deref()));
        }
    }
    for u in urgent {
        if on_terminal {
            Terminal::new(ctx.clock).notice(u, true)?;
        } else {
            output::status(&format!("!! {u}"));
        }
    }
    Ok(())
}

/// The question bound as `about`, and its answer of the Code RED kind (seed 000): what an
/// anonymous report must be.
pub fn code_red(policy: &Policy) -> Result<(String, String)> {
    let about = policy.bindings.answers.about.clone();
    match (about, policy.about_values(&[crate::policy::Kind::CodeRed]).into_iter().next()) {
        (Some(q), Some(v)) => Ok((q, v)),
        _ => Err(Error::input(
            "this policy has no anonymous Code RED escalation (no answer of bindings.answers.about is of the Code RED kind)",
        )),
    }
}

/// Did the reporter say someone is in danger now (the bound "yes" of `immediate_risk`)?
pub fn in_danger(policy: &Policy, answers: &BTreeMap<String, Value>) -> bool {
    let yes = &policy.bindings.choices.immediate_risk_yes;
    yes.is_some()
        && answer_of(answers, &policy.bindings.answers.immediate_risk).and_then(Value::as_str)
            == yes.as_deref()
}

/// The answer to the question bound as `id`, or null (not asked, or not bound).
pub fn answer_of<'a>(answers: &'a BTreeMap<String, Value>, id: &One) -> Option<&'a Value> {
    id.as_deref().and_then(|id| answers.get(id))
}

/// The draft being written, if any.
pub fn current_draft() -> Option<String> {
    CURRENT_DRAFT.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// A question as the recap names it: without the punctuation that ends it ("?", ":" or the
/// full stop of a hint such as "Tick all that apply."), as the answer follows a colon.
fn recap_question(prompt: &str) -> &str {
    prompt.trim_end().trim_end_matches(['?', ':', '.']).trim_end()
}

/// Remembers the draft being written, for Ctrl-C's message.
pub fn set_current_draft(id: Option<String>) {
    *CURRENT_DRAFT.lock().unwrap_or_else(|e| e.into_inner()) = id;
}

/// Runs the interview: from the answer file (nothing is written unless every answer is good),
/// or on the terminal, handing the state to `save` after every answer. A failure on the
/// terminal says which draft keeps the answers.
pub fn ask(
    ctx: &Context,
    policy: &Policy,
    state: &mut State,
    scripted: Option<&mut Scripted>,
    save: &mut dyn FnMut(&State) -> Result<()>,
) -> Result<()> {
    let clock = ctx.clock;
    let now_fn = move || clock.now();
    let cal = calendar(ctx);
    if let Some(s) = scripted {
        return interview::run_with_calendar(policy, &cal, state, s, &now_fn, &mut |_| Ok(())).map(|_| ());
    }
    let mut prompter = Terminal::new(ctx.clock);
    let r =
        interview::run_with_calendar(policy, &cal, state, &mut prompter as &mut dyn Prompter, &now_fn, save);
    if let Err(e) = &r {
        // An interruption is reported once, by the interrupt path, with the draft's name.
        if let (Some(d), false) = (current_draft(), matches!(e, Error::Interrupted)) {
            output::status(&format!(
                "your answers are kept in draft {d}; continue with `safeguard raise --resume {d}`"
            ));
        }
    }
    r.map(|_| ())
}

/// What the policy makes of a finished interview, before anything is saved: the
/// recommendation, guidance and duties. `raise` and `intake` share it, so a sealed concern is
/// judged by the same rules as one raised straight into the store.
#[derive(Debug)]
pub struct Assessed {
    pub findings: interview::Findings,
    /// Anonymous as asked, or because the outcome is (Code RED, seed 000).
    pub anonymous: bool,
    pub about: String,
    /// When it was raised: the clocks start here.
    pub raised: DateTime<Utc>,
    pub noticed: DateTime<Utc>,
    /// Who receives it, who is told and who owns its duties (Tree E): never the person it is
    /// about.
    pub route: route::Resolved,
    pub duties: Vec<Planned>,
}

/// Judges a finished interview by the policy, with the clocks starting at `raised`.
pub fn assess(
    ctx: &Context,
    policy: &Policy,
    state: &State,
    anonymous: bool,
    raised: DateTime<Utc>,
) -> Result<Assessed> {
    let mut findings = interview::findings(policy, state)?;
    let anonymous = anonymous || policy.outcomes[&findings.recommendation].anonymous;
    let a = &policy.bindings.answers;
    let noticed = answer_of(&state.answers, &a.noticed_at)
        .and_then(Value::as_str)
        .and_then(|t| t.parse().ok())
        .unwrap_or(raised);
    let route =
        route::resolve_telling(policy, &state.answers, Some(&findings.recommendation), &findings.tell);
    let mut guidance = route.guidance.clone();
    guidance.append(&mut findings.guidance);
    findings.guidance = guidance;
    let duties = duty::plan_on(
        &route,
        policy,
        &findings.starts,
        Anchors { raised, noticed, event: raised },
        &calendar(ctx),
        ctx.config.unspecified_days,
    );
    let about = answer_of(&state.answers, &a.about).and_then(Value::as_str).unwrap_or("unknown").to_owned();
    Ok(Assessed { findings, anonymous, about, raised, noticed, route, duties })
}

/// A pattern of smaller problems with one provider can amount to abuse or neglect: the
/// earlier concerns about it are shown at triage, and as many as the policy's
/// `[provider_pattern]` counts as a pattern start its duties (004 Purpose ¶4, App 1).
pub fn provider_history(
    ctx: &Context,
    store: &Store,
    policy: &Policy,
    state: &State,
    assessed: &mut Assessed,
) -> Result<()> {
    let a = &policy.bindings.answers;
    let Some(pattern) = &policy.provider_pattern else { return Ok(()) };
    let providers = policy.about_values(&[crate::policy::Kind::Provider]);
    let about = answer_of(&state.answers, &a.about).and_then(Value::as_str);
    if about.is_some_and(|x| providers.iter().any(|p| p == x))
        && let Some(name) = answer_of(&state.answers, &a.subject_name).and_then(Value::as_str)
    {
        let earlier = store.concerns_about_provider(name, &providers)?;
        if !earlier.is_empty() {
            let list: Vec<String> = earlier
                .iter()
                .map(|(id, at, what)| {
                    // The recommendation in words: the reporter reads this.
                    let what = policy.outcomes.get(what).map_or(what.as_str(), |o| o.title.as_str());
                    format!("{id} (raised {}: {what})", crate::domain::calendar::show_local(*at))
                })
                .collect();
            assessed.findings.guidance.push(pattern.said.replace("{list}", &list.join("; ")));
        }
        let since = assessed.raised - chrono::Duration::days(i64::from(pattern.within_days));
        let recent = earlier.iter().filter(|(_, at, _)| *at >= since && *at <= assessed.raised).count();
        if recent >= pattern.earlier as usize && !pattern.start.is_empty() {
            let more = duty::plan_on(
                &assessed.route,
                policy,
                &pattern.start,
                Anchors { raised: assessed.raised, noticed: assessed.noticed, event: assessed.raised },
                &calendar(ctx),
                ctx.config.unspecified_days,
            );
            for d in more {
                if !assessed.duties.iter().any(|x| x.kind == d.kind) {
                    assessed.duties.push(d);
                }
            }
        }
    }
    Ok(())
}

/// The concern the store writes, from the interview and its assessment: `reporter` raised it
/// (none when anonymous), `signer` records and signs it (none only for Code RED), `recorded_at`
/// when the store got it, and
/// `extra` adds fields to the `raised` entry's body (intake's record of the sealed file).
pub fn new_concern(
    policy: &Policy,
    state: &State,
    a: &Assessed,
    reporter: Option<&(String, String)>,
    signer: Option<crate::domain::signed::Signer>,
    recorded_at: DateTime<Utc>,
    extra: serde_json::Map<String, Value>,
) -> NewConcern {
    let anonymous = a.anonymous;
    let b = &policy.bindings.answers;
    let pick = |k: &One| answer_of(&state.answers, k).cloned().unwrap_or(Value::Null);
    let subject = Subject {
        initials: pick(&b.subject_initials),
        name: pick(&b.subject_name),
        age: pick(&b.subject_age),
        primary_category: pick(&b.primary_category),
        categories: pick(&b.adult_categories),
        looked_after: pick(&b.looked_after),
        cp_plan: pick(&b.cp_plan),
        ethnicity: pick(&b.ethnicity),
        case_reference: pick(&b.case_reference),
        factors: pick(&b.factors),
    };
    let findings = &a.findings;
    let mut body = json!({
        "policy": { "id": policy.id, "version": policy.version, "hash": policy.hash },
        "about": a.about,
        "kind": policy.about_kind(&a.about),
        "anonymous": anonymous,
        "reporter": reporter.map(|(n, r)| json!({ "name": n, "role": r })),
        "contact": if anonymous { pick(&b.contact_details) } else { Value::Null },
        "immediate_risk": pick(&b.immediate_risk),
        "subject": &subject,
        "noticed_at": crate::domain::clock::rfc3339(a.noticed),
        "transcript": state.transcript,
        "reached": findings.reached,
        "recommendation": findings.recommendation,
        "raised_because": findings.raised_because,
        "rerouted": findings.rerouted,
        "guidance": findings.guidance,
        "tell": a.route.tell,
        "route": a.route,
        "duties": a.duties,
    });
    if let Some(m) = body.as_object_mut() {
        m.extend(extra);
    }
    NewConcern {
        about: a.about.clone(),
        raised_at: a.raised,
        recorded_at,
        recommendation: findings.recommendation.clone(),
        anonymous,
        summary: json!(subject),
        policy_id: policy.id.clone(),
        policy_version: policy.version.clone(),
        policy_hash: policy.hash.clone(),
        signer,
        body,
        duties: a.duties.clone(),
    }
}

/// `--anonymous` means Code RED: the answer file may say so, or leave `about` out.
fn force_code_red(policy: &Policy, answers: Option<&mut BTreeMap<String, Value>>) -> Result<()> {
    if let Some(a) = answers {
        let (about, code_red) = code_red(policy)?;
        match a.get(&about).and_then(Value::as_str) {
            None => {
                a.insert(about, json!(code_red));
            }
            Some(v) if v == code_red => {}
            Some(other) => {
                return Err(Error::input(format!(
                    "answer `about`: an anonymous report can only be a Code RED escalation (not {other:?}); \
                     safeguarding referrals by staff are never anonymous"
                )));
            }
        }
        for k in ["reporter_name", "reporter_role", crate::interview::answers::LINKED_TO] {
            if a.contains_key(k) {
                return Err(Error::input(format!(
                    "answer `{k}`: an anonymous report keeps no reporter identity"
                )));
            }
        }
    }
    Ok(())
}

/// Who raised a concern recorded in a store: the answer file's `reporter_name` and
/// `reporter_role` (a concern phoned in to the person who records it), else the signer as the
/// roster has them. The entry is signed by the signer either way.
fn recorded_reporter(
    signer: &crate::domain::signed::Signer,
    answers: Option<&BTreeMap<String, Value>>,
) -> (String, String) {
    let from_answers = |k: &str| answers.and_then(|a| a.get(k)).and_then(Value::as_str).map(str::to_owned);
    (
        from_answers("reporter_name").unwrap_or_else(|| signer.name.clone()),
        from_answers("reporter_role").unwrap_or_else(|| signer.role.clone()),
    )
}

/// Who signs: the config's user, else the answer file, else asked on the terminal, else the
/// login name (with a warning). Never used for anonymous reports.
pub fn reporter(ctx: &Context, answers: Option<&BTreeMap<String, Value>>) -> Result<(String, String)> {
    let from_answers = |k: &str| answers.and_then(|a| a.get(k)).and_then(Value::as_str).map(str::to_owned);
    if let (Some(n), Some(r)) = (from_answers("reporter_name"), from_answers("reporter_role")) {
        return Ok((n, r));
    }
    if let Some(u) = &ctx.config.user {
        return Ok((
            from_answers("reporter_name").unwrap_or_else(|| u.name.clone()),
            from_answers("reporter_role").unwrap_or_else(|| u.role.clone()),
        ));
    }
    if answers.is_none() && crate::secret::can_prompt() {
        // One question for both (issue 16: the few minutes); the role is asked on its own
        // only when the answer has no comma.
        let given = crate::terminal::text(
            "Your name and role, with a comma (for example: Sam Jones, family worker)",
        )?;
        let (name, role) = match given.split_once(',') {
            Some((n, r)) if !n.trim().is_empty() && !r.trim().is_empty() => {
                (n.trim().to_owned(), r.trim().to_owned())
            }
            _ => (given.trim().to_owned(), crate::terminal::text("Your role")?),
        };
        output::status("tip: put [user] name and role in the config so you are not asked again");
        return Ok((name, role));
    }
    let login = crate::seal::unix::login_name(crate::seal::unix::euid());
    output::status(&format!(
        "note: no reporter name in the config or the answers; signing as login {login:?} (set [user] in the config)"
    ));
    Ok((
        from_answers("reporter_name").unwrap_or(login),
        from_answers("reporter_role").unwrap_or_else(|| "role not given".into()),
    ))
}

/// The service's working-day calendar.
pub fn calendar(ctx: &Context) -> Calendar {
    let extra = ctx.config.closure_days.iter().chain(ctx.config.bank_holidays.iter()).copied();
    Calendar::new(ctx.config.jurisdiction, extra)
}

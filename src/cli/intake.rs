//! `safeguard intake`: imports the sealed concerns waiting in the inboxes this store reads.
//!
//! Each file is read without trusting it (no link followed, no blocking on a FIFO, a regular
//! file with one link, under a size cap), opened only with the store's own keys (current and
//! retired), parsed strictly, and its answers re-run through the policy: the recommendation,
//! the duties and who must be told come from the policy, never from the file. Each is written
//! in one transaction with its record of the file, then moved to `cur/`. A file that cannot be
//! imported is listed with the reason and left where it is; it never stops the run.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::cli::raise::{self, provider_history};
use crate::cli::{Context, Need, SignerArgs, out, out_json};
use crate::domain::calendar::show_local;
use crate::domain::clock::rfc3339;
use crate::domain::signed::{PublicKey, Roster, Signer};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::interview::{self, Scripted, State};
use crate::output;
use crate::policy::Policy;
use crate::seal::MAX_SEALED;
use crate::seal::envelope::Envelope;
use crate::seal::inbox::{self, Arrived};
use crate::seal::service::Service;
use crate::store::Store;
use crate::store::intake::{Batch, Imported};

/// Import the sealed concerns waiting in the inboxes this store reads.
///
/// The inboxes read are those whose `recipients` include one of the store's keys, and only by
/// the people each one is for (its `readers`): anyone else's intake leaves the files for them.
/// Each file
/// is imported in one transaction; importing twice does nothing. Files that cannot be imported (not sealed to this store, changed since, for
/// another service, anonymous yet signed, too large, not a regular file) are listed with the
/// reason and left in place. `review --due`, `list` and `show` run intake first.
///
/// The clocks start at the earlier of the raise time the file claims and the time it reached
/// the inbox; a claim in the future, or long before it arrived, is flagged on the record.
/// With FILEs, imports those files only (a concern written with `raise --seal-out` and sent by
/// email, say) and leaves them where they are; the inboxes are not read.
///
/// Exits 8 when any file was rejected.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sealed files to import instead of the inboxes' (each must be sealed to this store).
    #[arg(value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
    /// Print JSON: what was imported, how many were imported before, what was rejected, and
    /// what was left for an inbox's readers.
    #[arg(long)]
    pub json: bool,
}

/// One file imported.
#[derive(Debug, Serialize)]
pub struct Done {
    pub id: String,
    pub reference: String,
    /// The inbox it came from; null for a file given on the command line.
    pub inbox: Option<String>,
    pub file: String,
    pub raised_at: String,
    pub arrived_at: String,
    pub flags: Vec<String>,
    /// The concern it was linked to as its second record, when it asked to be and could be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_to: Option<String>,
}

/// One file refused.
#[derive(Debug, Serialize)]
pub struct Rejected {
    pub inbox: Option<String>,
    pub file: String,
    pub reason: String,
}

/// What a run of intake did.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub imported: Vec<Done>,
    /// Files found again that were imported before.
    pub already: usize,
    pub rejected: Vec<Rejected>,
    /// Inboxes that could not be read.
    pub problems: Vec<String>,
    /// Inboxes with files waiting that are for other people: left for their readers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_for_readers: Vec<LeftFor>,
}

/// An inbox whose waiting files were left alone, because whoever ran intake is not one of the
/// people it is for.
#[derive(Debug, Serialize)]
pub struct LeftFor {
    pub inbox: String,
    pub readers: Vec<String>,
    pub waiting: usize,
}

/// How much a claimed raise time may run ahead of the file's arrival (clocks differ a little).
const CLOCK_SLACK: i64 = 5;
/// A claimed raise time this long before the arrival is flagged.
const LONG_BEFORE_HOURS: i64 = 24;

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let service = ctx.require_service(&policy, "intake", Some("names the inboxes this store reads"))?;
    let mut store = ctx.open_store()?;
    let report = if args.files.is_empty() {
        intake(ctx, &mut store, &policy, &service)?
    } else {
        intake_files(ctx, &mut store, &policy, &service, &args.files)?
    };
    if args.json {
        out_json(&report)?;
    } else {
        for d in &report.imported {
            out(format!(
                "imported {} as {} (raised {} · {} {})",
                d.reference,
                d.id,
                d.raised_at.parse().map(show_local).unwrap_or_default(),
                if d.inbox.is_some() { "reached the inbox" } else { "file saved" },
                d.arrived_at.parse().map(show_local).unwrap_or_default()
            ))?;
            if let Some(l) = &d.linked_to {
                out(format!("  linked to {l} as its second record"))?;
            }
            for f in &d.flags {
                out(format!("  flag: {f}"))?;
            }
        }
        for r in &report.rejected {
            out(format!("rejected {}: {}", r.file, r.reason))?;
        }
        for p in &report.problems {
            out(format!("problem: {p}"))?;
        }
        for l in &report.left_for_readers {
            out(format!("left {} file(s) in inbox {}: {}", l.waiting, l.inbox, left_for_text(l)))?;
        }
        output::status(&format!(
            "intake: {} imported, {} imported before, {} rejected",
            report.imported.len(),
            report.already,
            report.rejected.len()
        ));
    }
    Ok(if report.rejected.is_empty() && report.problems.is_empty() { Exit::Success } else { Exit::Partial })
}

/// Intake before a command reads the store (`list`, `show`, `review --due`): what it did is
/// said on stderr, briefly; a rejected file does not stop the command.
pub fn before_reading(ctx: &Context, store: &mut Store) -> Result<()> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let Some(service) = ctx.service(&policy)? else { return Ok(()) };
    let r = intake(ctx, store, &policy, &service)?;
    if !r.imported.is_empty() {
        let ids: Vec<&str> = r.imported.iter().map(|d| d.id.as_str()).collect();
        output::status(&format!("intake: imported {} sealed concern(s): {}", ids.len(), ids.join(", ")));
    }
    for l in &r.left_for_readers {
        output::status(&format!(
            "intake: {} file(s) wait in inbox {}: {}",
            l.waiting,
            l.inbox,
            left_for_text(l)
        ));
    }
    if !r.rejected.is_empty() || !r.problems.is_empty() {
        output::status(&format!(
            "intake: {} file(s) could not be imported; `safeguard intake` lists them",
            r.rejected.len() + r.problems.len()
        ));
    }
    Ok(())
}

/// Imports every waiting file of every inbox this store reads.
pub fn intake(ctx: &Context, store: &mut Store, policy: &Policy, service: &Service) -> Result<Report> {
    let mut report = Report::default();
    let keys = store.store_identities()?;
    if keys.is_empty() {
        return Ok(report);
    }
    let ids: Vec<&age::x25519::Identity> = keys.iter().map(|(_, i)| i).collect();
    let mut signer: Option<(Signer, Roster)> = None;
    let mut me: Option<String> = None;
    for b in
        service.inboxes.iter().filter(|b| b.recipients.iter().any(|r| keys.iter().any(|(k, _)| *k == r.text)))
    {
        let files = match inbox::waiting(b) {
            Ok(f) => f,
            Err(e) => {
                report.problems.push(e.to_string());
                continue;
            }
        };
        if files.is_empty() {
            continue;
        }
        // Who runs intake, found once, and only when there is something to import.
        if me.is_none() {
            me = Some(ctx.actor(store, policy, Need::Anyone, &SignerArgs::default())?.name);
        }
        // Only the people an inbox is for import its files (DOMAIN.md §6.3: need to know;
        // 003 §6.20, §9.9): another user of the store, even one a route sends other concerns
        // to, leaves them for its readers.
        if !me.as_ref().is_some_and(|n| b.readers.contains(n)) {
            report.left_for_readers.push(LeftFor {
                inbox: b.name.clone(),
                readers: b.readers.clone(),
                waiting: files.len(),
            });
            continue;
        }
        // A second record asking to be linked to a first one by its reference, where that
        // reference has not reached the store yet, waits for a last pass: the first may be
        // later in the same inbox (files are taken in name order, not raise order).
        let mut todo = files;
        let mut last_pass = false;
        loop {
            let mut later = vec![];
            for chunk in todo.chunks(BATCH) {
                // What intake records is signed by the inbox's reader running it (issue 14).
                if signer.is_none() {
                    let dp = Context::intake_roles(policy);
                    let roster = store.roster(&policy.bindings.roles.roster_keepers)?;
                    signer =
                        Some((ctx.actor(store, policy, Need::OneOf(&dp), &SignerArgs::default())?, roster));
                }
                let Some((who, roster)) = signer.as_ref() else {
                    return Err(Error::Other("intake found no one to sign what it records".into()));
                };
                // One transaction for the chunk; files move to cur/ only once it is committed, so
                // a crash leaves them in new/ to import again.
                let batch = store.begin_intake()?;
                let mut done = vec![];
                for path in chunk {
                    let file = path.display().to_string();
                    let from = (Some(b.name.as_str()), path.as_path(), !last_pass);
                    match import_one(ctx, store, &batch, policy, service, from, &ids, (who, roster)) {
                        Ok(Some(d)) => {
                            report.imported.push(d);
                            done.push(path);
                        }
                        Ok(None) => {
                            report.already += 1;
                            done.push(path);
                        }
                        Err(Fail::Later) => later.push(path.clone()),
                        Err(Fail::Rejected(reason)) => {
                            report.rejected.push(Rejected { inbox: Some(b.name.clone()), file, reason })
                        }
                        // The store itself failed (busy, full, damaged): stop; the batch rolls back.
                        Err(Fail::Store(e)) => return Err(e),
                    }
                }
                batch.commit()?;
                for path in done {
                    inbox::mark_done(b, path);
                }
            }
            if later.is_empty() || last_pass {
                break;
            }
            todo = later;
            last_pass = true;
        }
    }
    Ok(report)
}

/// Imports the sealed files given on the command line, in one transaction, leaving them where
/// they are. They need not be in an inbox; they must be sealed to one of the store's keys.
fn intake_files(
    ctx: &Context,
    store: &mut Store,
    policy: &Policy,
    service: &Service,
    files: &[std::path::PathBuf],
) -> Result<Report> {
    let mut report = Report::default();
    let keys = store.store_identities()?;
    if keys.is_empty() {
        return Err(Error::input(
            "this store has no key to open sealed files with yet; make one with `safeguard keys init`",
        ));
    }
    let ids: Vec<&age::x25519::Identity> = keys.iter().map(|(_, i)| i).collect();
    // Only a reader of an inbox this store reads may import into it (DOMAIN.md §6.3; 003
    // §6.20): a file given by hand is sealed to the same store keys as that inbox's files.
    let me = ctx.actor(store, policy, Need::Anyone, &SignerArgs::default())?.name;
    let ours: Vec<&crate::seal::service::Inbox> = service
        .inboxes
        .iter()
        .filter(|b| b.recipients.iter().any(|r| keys.iter().any(|(k, _)| *k == r.text)))
        .collect();
    if !ours.iter().any(|b| b.readers.contains(&me)) {
        let readers: Vec<&str> = ours.iter().flat_map(|b| b.readers.iter().map(String::as_str)).collect();
        return Err(Error::input(format!(
            "{me} is not one of the people this store's inboxes are for ({}), so may not import into it; \
             they must run intake",
            if readers.is_empty() { "the service file names nobody".to_owned() } else { readers.join(", ") }
        )));
    }
    // What intake records is signed by the reader running it (issue 14).
    let dp = Context::intake_roles(policy);
    let who = ctx.actor(store, policy, Need::OneOf(&dp), &SignerArgs::default())?;
    let roster = store.roster(&policy.bindings.roles.roster_keepers)?;
    let batch = store.begin_intake()?;
    // As for an inbox: a second record whose first is among the later files waits for them.
    let mut todo: Vec<&std::path::PathBuf> = files.iter().collect();
    let mut later = vec![];
    let mut last_pass = false;
    loop {
        for path in todo {
            let file = path.display().to_string();
            match import_one(
                ctx,
                store,
                &batch,
                policy,
                service,
                (None, path, !last_pass),
                &ids,
                (&who, &roster),
            ) {
                Ok(Some(d)) => report.imported.push(d),
                Ok(None) => report.already += 1,
                Err(Fail::Later) => later.push(path),
                Err(Fail::Rejected(reason)) => report.rejected.push(Rejected { inbox: None, file, reason }),
                Err(Fail::Store(e)) => return Err(e),
            }
        }
        if later.is_empty() || last_pass {
            break;
        }
        todo = std::mem::take(&mut later);
        last_pass = true;
    }
    batch.commit()?;
    Ok(report)
}

/// "its files are for A and B alone", for someone who is not one of them.
fn left_for_text(l: &LeftFor) -> String {
    format!("its files are for {} alone, who import them", l.readers.join(", "))
}

/// Files imported in one transaction.
const BATCH: usize = 256;

enum Fail {
    /// To be tried again once the other files have been (see [`import_one`]'s `defer`).
    Later,
    Rejected(String),
    Store(Error),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Fail {
        Fail::Store(e)
    }
}

/// Imports one file: `Ok(None)` when it was imported before; with `defer`, `Fail::Later` when
/// it asks to be linked to a sealed concern (by reference) the store does not hold yet.
#[allow(clippy::too_many_arguments)]
fn import_one(
    ctx: &Context,
    store: &Store,
    batch: &Batch<'_>,
    policy: &Policy,
    service: &Service,
    (inbox_name, path, defer): (Option<&str>, &std::path::Path, bool),
    ids: &[&age::x25519::Identity],
    (signer, roster): (&Signer, &Roster),
) -> std::result::Result<Option<Done>, Fail> {
    let reject = Fail::Rejected;
    let arrived: Arrived = inbox::read_arrived(path, MAX_SEALED).map_err(reject)?;
    let hash = hex::encode(Sha256::digest(&arrived.bytes));
    if store.imported(&hash, None)?.is_some() {
        return Ok(None);
    }
    let plain = crate::seal::unseal(ids, &arrived.bytes, MAX_SEALED).map_err(|e| reject(e.to_string()))?;
    let env = Envelope::parse(&plain).map_err(reject)?;
    if env.service != service.name {
        return Err(reject(format!("sealed for the service {:?}, not {:?}", env.service, service.name)));
    }
    if store.imported(&hash, Some(&env.reference))?.is_some() {
        return Ok(None);
    }
    let author_signature = author_signature(&env, service, roster).map_err(reject)?;
    let mut unconfirmed = None;
    if author_signature["key_from"] == "unconfirmed" {
        unconfirmed = Some(format!(
            "signed with a key ({}) that is neither its author's on this store's roster nor the signing_key the \
             service file gives for login {:?}: that it is from {} is not confirmed",
            author_signature["key"].as_str().unwrap_or_default(),
            env.author.as_ref().map(|a| a.login.as_str()).unwrap_or_default(),
            env.author.as_ref().map(|a| a.name.as_str()).unwrap_or_default()
        ));
    }
    let now = ctx.clock.now();
    let state = reassess(policy, &crate::cli::raise::calendar(ctx), &env, now)
        .map_err(|e| reject(format!("its answers do not fit the policy: {e}")))?;
    // The clocks start at the raise: the earlier of the claim and the arrival.
    let arrived_at = arrived.ctime;
    let start = env.raised_at.min(arrived_at);
    let mut flags: Vec<String> = unconfirmed.into_iter().collect();
    if env.raised_at > arrived_at + Duration::minutes(CLOCK_SLACK) {
        flags.push(format!(
            "it claims to have been raised at {}, after it reached the inbox ({}): the clocks start at its arrival",
            show_local(env.raised_at),
            show_local(arrived_at)
        ));
    } else if arrived_at - env.raised_at > Duration::hours(LONG_BEFORE_HOURS) {
        flags.push(format!(
            "it claims to have been raised at {}, {} hours before it reached the inbox ({})",
            show_local(env.raised_at),
            (arrived_at - env.raised_at).num_hours(),
            show_local(arrived_at)
        ));
    }
    if env.policy.hash != policy.hash {
        flags.push(format!(
            "raised under policy {} {}; assessed again under {} {}",
            env.policy.id, env.policy.version, policy.id, policy.version
        ));
    }
    let mut assessed = raise::assess(ctx, policy, &state, env.anonymous, start)?;
    if assessed.anonymous != env.anonymous {
        return Err(reject(if assessed.anonymous {
            "its answers make it a Code RED report, which is anonymous, yet it carries an author".into()
        } else {
            "it says it is anonymous, but only a Code RED report may be".into()
        }));
    }
    if env.shown.recommendation != assessed.findings.recommendation {
        flags.push(format!(
            "the reporter was shown the recommendation {:?}; the policy gives {:?}",
            env.shown.recommendation, assessed.findings.recommendation
        ));
    }
    provider_history(ctx, store, policy, &state, &mut assessed)?;
    // The concern it is a second record of (003 §6.13, §6.14, §6.18), by id or by the
    // reference it was sealed under. A link the store cannot make is flagged, never a reason
    // to leave the concern out.
    let linked_to = match &env.linked_to {
        None => None,
        Some(l) if assessed.anonymous => {
            flags.push(format!(
                "it asks to be linked to {l}, but an anonymous report is not linked: link it by hand if it belongs with one"
            ));
            None
        }
        // Its first record named by a reference this store has not seen yet: with `defer`,
        // left (nothing written) for a last pass after the other files.
        Some(l)
            if defer && crate::seal::envelope::is_reference(l) && store.imported("", Some(l))?.is_none() =>
        {
            return Err(Fail::Later);
        }
        Some(l) => match raise::link_target(store, l)? {
            Ok(id) => Some(id),
            Err(why) => {
                flags.push(format!(
                    "it asks to be linked to {l}, but {why}: link it by hand if it belongs with one"
                ));
                None
            }
        },
    };
    let reporter = env.author.as_ref().map(|a| (a.name.clone(), a.role.clone()));
    let file = path.display().to_string();
    let mut extra = serde_json::Map::new();
    if let Some(l) = &linked_to {
        extra.insert("linked_to".into(), Value::String(l.clone()));
    }
    extra.insert(
        "intake".into(),
        json!({
            "reference": env.reference,
            "service": env.service,
            "inbox": inbox_name,
            "file": file,
            "sha256": hash,
            "claimed_raised_at": rfc3339(env.raised_at),
            "arrived_at": rfc3339(arrived_at),
            "file_modified_at": rfc3339(arrived.mtime),
            "imported_at": rfc3339(now),
            "clocks_from": rfc3339(start),
            "flags": flags,
            "author_login": env.author.as_ref().map(|a| a.login.clone()),
            "author_signature": author_signature,
            "raised_under": env.policy,
            "reporter_was_shown": env.shown,
            "sealed_to": env.route.sealed_to,
        }),
    );
    // The anonymous report stays unsigned (seed 000); every other one is recorded, and signed,
    // by the designated person running intake.
    let recorder = (!assessed.anonymous).then(|| signer.clone());
    let new = raise::new_concern(policy, &state, &assessed, reporter.as_ref(), recorder, now, extra);
    let record = Imported {
        hash,
        reference: env.reference.clone(),
        inbox: inbox_name.map(str::to_owned),
        file: file.clone(),
        raised_at: env.raised_at,
        arrived_at,
        imported_at: now,
    };
    // The link is written on the first concern by the designated person running intake, in
    // the same savepoint as the import.
    let entry = |second: &str| raise::link_entry(policy, second, &new, Some(signer), now);
    let (id, _) =
        batch.import(&new, &record, linked_to.as_deref().map(|l| (l, &entry as &dyn Fn(&str) -> _)))?;
    Ok(Some(Done {
        id,
        reference: env.reference,
        inbox: inbox_name.map(str::to_owned),
        file,
        raised_at: rfc3339(start),
        arrived_at: rfc3339(arrived_at),
        flags,
        linked_to,
    }))
}

/// Runs the envelope's answers through the policy, as `raise --answers` would.
fn reassess(
    policy: &Policy,
    calendar: &crate::domain::calendar::Calendar,
    env: &Envelope,
    now: DateTime<Utc>,
) -> Result<State> {
    let text = serde_json::to_string(&env.answers).map_err(|e| Error::Other(e.to_string()))?;
    let mut answers = interview::answers::parse(&text, &env.reference, policy, env.raised_at.min(now))?;
    let (about, code_red) = crate::cli::raise::code_red(policy)?;
    if env.anonymous && answers.get(&about).and_then(|v| v.as_str()) != Some(code_red.as_str()) {
        return Err(Error::input("an anonymous report can only be a Code RED escalation"));
    }
    for (k, _) in crate::interview::answers::BUILTIN {
        answers.remove(*k);
    }
    let mut state = State::default();
    let mut scripted = Scripted { answers, shown: vec![] };
    // A question the clock answers is answered for the time it was raised (the sealed answers
    // carry it already, so this is only a fallback).
    let raised = env.raised_at.min(now);
    interview::run_with_calendar(policy, calendar, &mut state, &mut scripted, &|| raised, &mut |_| Ok(()))?;
    // The answers were given when it was raised, not now.
    for step in &mut state.transcript {
        step.at = env.raised_at.min(now);
    }
    Ok(state)
}

/// Checks the author's signature of a sealed concern: a missing or forged one is refused. The
/// key is confirmed as the named author's when this store's roster has it for that name, or the
/// service file gives it as that login's `signing_key`; otherwise it is "unconfirmed" (flagged,
/// not refused). Returns what is recorded of it; a Code RED report carries none.
fn author_signature(
    env: &Envelope,
    service: &Service,
    roster: &Roster,
) -> std::result::Result<serde_json::Value, String> {
    let Some(author) = &env.author else { return Ok(serde_json::Value::Null) };
    let sig = env.signature.as_ref().ok_or_else(|| {
        format!(
            "it is not signed by its author ({}), and only a Code RED report may be unsigned",
            author.name
        )
    })?;
    let key = PublicKey::parse(&sig.key).map_err(|e| format!("its author's signing key: {e}"))?;
    let digest = env.digest().map_err(|e| e.to_string())?;
    if !key.verifies_envelope(&digest, &sig.signature) {
        return Err(format!(
            "its author's signature does not match what it holds (forged or altered; it names {})",
            author.name
        ));
    }
    let text = key.text();
    // A key that nobody has vouched for does not stop the concern (nothing is lost: it may be
    // from someone new); it is imported with the author's name marked as unconfirmed.
    let trusted = if roster.active_by_key(&text).is_some_and(|m| m.name == author.name) {
        "roster"
    } else if service.person_by_login(&author.login).is_some_and(|p| p.signing_key.as_deref() == Some(&text))
    {
        "service file"
    } else {
        "unconfirmed"
    };
    Ok(json!({
        "key": text,
        "signature": sig.signature,
        "digest": hex::encode(digest),
        "key_from": trusted,
    }))
}

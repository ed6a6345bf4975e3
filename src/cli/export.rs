//! `safeguard export`: the official forms and the records, for sending on or archiving.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::json;

use crate::cli::{Context, raise::calendar};
use crate::domain::clock::rfc3339;
use crate::domain::record::{Case, ConcernRecord, ConcernStatus};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::export::{form, forms, json, pdf, text};
use crate::files::out_dir::{OutDir, Written};
use crate::output;

/// Export the official forms (SARF, CCRF, record of escalation, chronology) and the records.
///
/// EXPORTS ARE PLAINTEXT: they leave the encrypted store so that they can be sent on by secure
/// email. Keep them out of shared folders and delete them once sent. They are never written
/// into the store's own directory.
///
/// Each file is written whole or not at all (mode 0600, in a 0700 directory) with a stable
/// name, e.g. SG-2026-0007-sarf-child.pdf, SG-2026-0007.json, concerns.csv; manifest.json lists
/// every file with its SHA-256. Works with no terminal (cron): exit 0 when every file was
/// written, 8 when some failed (the rest are complete; no partial file is left).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Concern ids to export.
    pub ids: Vec<String>,
    /// Export every concern.
    #[arg(long)]
    pub all: bool,
    /// Only concerns raised on or after this date (YYYY-MM-DD, UK time) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only concerns with this status.
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Only concerns with entries newer than the last export to this --out directory, or,
    /// given a NAME (`--changed-since-last-export=nightly`), than the last export of that name,
    /// wherever it went: a nightly run into a new folder each night exports only what changed.
    #[arg(long, value_name = "NAME", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    pub changed_since_last_export: Option<String>,
    /// Which forms: auto (each concern's official form, SARF or CCRF, and the record of
    /// escalation once stage 3 is reached; the chronology for concerns with no form of their
    /// own), all (auto plus every chronology), sarf, ccrf, escalation, chronology.
    #[arg(long, value_enum, default_value_t = FormChoice::Auto)]
    pub form: FormChoice,
    /// Formats, comma-separated: pdf, html, md, json (the whole record, as `show ID --json`
    /// gives it, on one line), csv (one row per concern), eml (each SARF as a message to the
    /// config's `[contacts.local-authority]` email, ready for `sendmail -t`; needs
    /// --profile referral).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
    pub format: Vec<Format>,
    /// The directory to write into (created 0700 if missing; one that others can write to is
    /// refused, one they can read is used with a warning).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Who the forms are for: internal (initials only, as the internal SARF has them) or
    /// referral (the full identifiers the local authority needs: names with other spellings,
    /// date of birth, address, the adults and others involved). A referral export needs the
    /// line manager's sign-off logged first, and is itself logged on each concern.
    /// subject-access: the copy for the person the record is about (003 §6.45, §7.16), with
    /// their identifiers and the third parties withheld: the person who raised it (unless they
    /// agreed, logged as `reporter-agreed-named`; never a Code RED reporter) and the others
    /// involved. It is logged on each concern too.
    #[arg(long, value_enum, default_value_t = Profile::Internal)]
    pub profile: Profile,
    /// Seal every file written (forms, records, CSV) to this age recipient (`age1...`, as
    /// `age-keygen -y` or `safeguard identity show` prints it); repeat for several. Sealed files
    /// end in .age and open with `age -d -i KEY`; manifest.json stays plaintext (names and
    /// hashes of the sealed files, no contents).
    #[arg(long, value_name = "RECIPIENT")]
    pub encrypt_to: Vec<String>,
    #[command(flatten)]
    pub signer: crate::cli::SignerArgs,
}

/// An export profile (`--profile`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    Internal,
    Referral,
    /// The data subject's own copy (003 §6.45, §7.16): their identifiers, with third parties
    /// withheld.
    SubjectAccess,
}

impl Profile {
    fn forms(self) -> forms::Profile {
        match self {
            Profile::Internal => forms::Profile::Internal,
            // The subject's own identifiers, as the referral gives them; third parties are
            // withheld from it afterwards (`withheld`).
            Profile::Referral | Profile::SubjectAccess => forms::Profile::Referral,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Profile::Internal => "internal",
            Profile::Referral => "referral",
            Profile::SubjectAccess => "subject-access",
        }
    }
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Html,
    Md,
    Json,
    Csv,
    /// The SARF as the written referral: an RFC 5322 message to the local authority's contact
    /// with the policy's covering text and the PDF attached, for `sendmail -t`.
    Eml,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Eml => "eml",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Status {
    Open,
    Closed,
    Frozen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormChoice {
    Auto,
    All,
    Sarf,
    Ccrf,
    Escalation,
    Chronology,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    if args.ids.is_empty()
        && !args.all
        && args.since.is_none()
        && args.status.is_none()
        && args.changed_since_last_export.is_none()
    {
        return Err(Error::input(
            "say which concerns: IDs, --all, --since DATE, --status or --changed-since-last-export",
        ));
    }
    refuse_store_dir(ctx, &args.out)?;
    let seal_to = args
        .encrypt_to
        .iter()
        .map(|r| {
            r.trim()
                .parse::<age::x25519::Recipient>()
                .map_err(|e| Error::input(format!("--encrypt-to {r:?}: not an age recipient (age1...): {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let since = match &args.since {
        None => None,
        Some(s) => Some(rfc3339(
            crate::interview::parse_day_or_time(s, chrono::NaiveTime::MIN)
                .map_err(|e| Error::input(format!("--since: {e}")))?,
        )),
    };
    let out_key = match args.changed_since_last_export.as_deref() {
        Some(name) if !name.is_empty() => run_key(name)?,
        _ => out_dir_key(&args.out),
    };
    let store = ctx.open_store()?;
    let now = ctx.clock.now();
    let cal = calendar(ctx);
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    let after = match args.changed_since_last_export {
        Some(_) => Some(store.last_export(&out_key)?.unwrap_or(0)),
        None => None,
    };
    let head = store.last_seq()?;
    // The chain's anchor (issue 14): what was exported came from a store with this head.
    let (chain_length, chain_head) = store.chain_head()?;
    let status = args.status.map(|s| match s {
        Status::Open => ConcernStatus::Open,
        Status::Closed => ConcernStatus::Closed,
        Status::Frozen => ConcernStatus::Frozen,
    });
    let mut ids: Vec<String> = if args.ids.is_empty() {
        store.select_concerns(since.as_deref(), status, after)?
    } else {
        let chosen: BTreeSet<String> =
            store.select_concerns(since.as_deref(), status, after)?.into_iter().collect();
        args.ids.iter().filter(|i| chosen.contains(*i) || store.concern(i).is_err()).cloned().collect()
    };
    let mut seen = BTreeSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    if args.profile == Profile::Referral {
        refuse_unsigned(&store, &policy, &ids)?;
    }
    let formats: BTreeSet<Format> = args.format.iter().copied().collect();
    // The message's address and covering text (003 §7.15: it says the SARF is a safeguarding
    // referral and the record of it); both are needed before anything is written.
    let local_authority = policy.bindings.roles.local_authority.as_deref();
    let mail_to = local_authority.and_then(|r| ctx.config.contacts.get(r)).and_then(|c| c.email.clone());
    let covering = policy
        .bindings
        .events
        .written_referral
        .as_deref()
        .and_then(|e| policy.events.get(e))
        .and_then(|e| e.message.clone());
    if formats.contains(&Format::Eml) {
        if args.profile != Profile::Referral {
            return Err(Error::input(
                "--format eml writes the written referral to the local authority: it needs --profile referral",
            ));
        }
        if mail_to.is_none() {
            return Err(Error::input(format!(
                "--format eml: the config gives no email for the local authority; add\n  [contacts.{}]\n  email = \"duty-team@example.gov.uk\"",
                local_authority.unwrap_or("ROLE")
            )));
        }
        if covering.is_none() {
            return Err(Error::input(
                "--format eml: the policy's written-referral event has no covering `message`",
            ));
        }
    }
    let dir = OutDir::open(&args.out, crate::files::portable_forced())?;
    if let Some(mode) = dir.exposed_mode() {
        output::status(&format!(
            "warning: {} can be read by others (mode {mode:04o}): they can see the exports' names \
             (concern ids and forms), not their contents; if the folder is yours alone, make it private \
             with `chmod 700 {}`, or export into a private folder of your own",
            args.out.display(),
            args.out.display()
        ));
    }
    let mut written: Vec<Written> = vec![];
    let mut failures: Vec<String> = vec![];
    let mut csv = formats.contains(&Format::Csv).then(|| text::CSV_COLUMNS.join(",") + "\n");
    let progress = crate::output::stderr_is_terminal();
    let doc_formats: Vec<Format> = formats
        .iter()
        .copied()
        .filter(|f| matches!(f, Format::Pdf | Format::Html | Format::Md | Format::Eml))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    // Only CSV needs no journal: its columns come from the concern row and its duties.
    let journal = formats.iter().any(|f| *f != Format::Csv);
    let job = Job {
        json: formats.contains(&Format::Json),
        csv: csv.is_some(),
        docs: doc_formats,
        form: args.form,
        cal: &cal,
        policy: &policy,
        now,
        dir: &dir,
        store_path: &ctx.store_path,
        profile: args.profile.forms(),
        subject_access: args.profile == Profile::SubjectAccess,
        seal_to: &seal_to,
        mail_to: mail_to.as_deref(),
        covering: covering.as_deref(),
    };
    let chunk = |k: usize| &ids[k * CHUNK..((k + 1) * CHUNK).min(ids.len())];
    // The disk works while the CPU does: every FLUSH_EVERY chunks, what is written so far starts
    // going to disk in the background, so the flush before the manifest has less to wait for.
    let mut flushing = None;
    let mut store = pipeline(
        store,
        ids.len().div_ceil(CHUNK),
        workers,
        |store, k| store.records(chunk(k), journal),
        |p| render(p, &job),
        |k, rendered| {
            let chunk = chunk(k);
            if progress {
                crate::output::progress(&format!("exporting {}/{}", k * CHUNK + chunk.len(), ids.len()));
            }
            let done: Vec<Rendered> = match rendered {
                Ok(done) => done
                    .into_iter()
                    .map(|(part, r)| {
                        // A render that failed outright costs its own concern, never the export.
                        r.unwrap_or_else(|_| Rendered {
                            id: part.concern.id.clone(),
                            files: vec![Err(format!("{}: rendering failed", part.concern.id))],
                            csv: None,
                        })
                    })
                    .collect(),
                Err(e) => return failures.extend(chunk.iter().map(|id| format!("{id}: {e}"))),
            };
            for id in chunk.iter().filter(|id| !done.iter().any(|r| &r.id == *id)) {
                failures.push(format!("{id}: no such concern"));
            }
            if k % FLUSH_EVERY == FLUSH_EVERY - 1 {
                dir.flush_behind(&mut flushing);
            }
            for r in done {
                if let (Some(c), Some(row)) = (csv.as_mut(), r.csv) {
                    c.push_str(&row);
                    c.push('\n');
                }
                for f in r.files {
                    match f {
                        Ok(w) => written.push(w),
                        Err(e) => failures.push(e),
                    }
                }
            }
        },
    );
    if let Some(h) = flushing {
        let _ = h.join();
    }
    if store.is_none() {
        failures.push("the store could not be read to the end; the export is incomplete".into());
    }
    if progress {
        crate::output::progress_done();
    }
    if let Some(c) = csv {
        match sealed(&seal_to, "concerns.csv".into(), Ok(c.into_bytes()))
            .and_then(|(name, bytes)| dir.put(&name, &bytes))
        {
            Ok(w) => written.push(w),
            Err(e) => failures.push(e.to_string()),
        }
    }
    dir.finish(
        &written,
        json!({
            "created_at": rfc3339(now),
            "store": ctx.store_path.display().to_string(),
            "concerns": ids,
            "plaintext": seal_to.is_empty(),
            "failures": failures,
            "chain": { "length": chain_length, "head": chain_head },
            "profile": args.profile.name(),
        }),
    )?;
    if let (Profile::Referral | Profile::SubjectAccess, Some(store)) = (args.profile, store.as_mut()) {
        let signer = ctx.actor(store, &policy, crate::cli::Need::Anyone, &args.signer)?;
        log_exports(store, &policy, &ids, &written, &signer, now, args.profile)?;
    }
    if let (true, Some(store)) = (failures.is_empty(), store) {
        // What this export logged itself is not a change to export again next time.
        let head = if args.profile == Profile::Internal { head } else { store.last_seq()? };
        store.remember_export(&out_key, head, now)?;
    }
    output::status(&format!(
        "wrote {} file{} for {} concern{} to {} ({})",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        args.out.display(),
        if seal_to.is_empty() {
            "plaintext: send securely, then delete"
        } else {
            "sealed to the --encrypt-to recipients"
        }
    ));
    if failures.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(Error::Partial(format!("{} exports failed:\n  {}", failures.len(), failures.join("\n  "))))
    }
}

/// A SARF sent as the written referral needs the line manager's agreement and sign-off first
/// (003 §6.33, §7.15): a referral export of a concern without it writes nothing.
///
/// A concern closed (or frozen) after its sign-off stays exportable as the referral: the
/// organisation keeps a copy of the written referral (003 §7.15), and its records may be asked
/// for by third parties (the local authority, the LADO, the police, courts; 003 §7.15) and by
/// the person it is about (003 §6.45, §7.16), long after it is closed (DOMAIN.md §6.5:
/// retention is not closing). One closed without a sign-off is refused, and told why: the
/// sign-off can no longer be added, since a closed record takes only amendments and a frozen
/// one nothing (DOMAIN.md §6.4; 003 §7.13), and a SARF never signed off is not the written
/// referral (003 §6.33, §7.15), so it is never sent as one. What the record holds can still be
/// given in the other profiles.
fn refuse_unsigned(
    store: &crate::store::Store,
    policy: &crate::policy::Policy,
    ids: &[String],
) -> Result<()> {
    let Some(event) = policy.bindings.events.referral_signed_off.as_deref() else {
        return Err(Error::input(
            "--profile referral: this policy has no event for the line manager's sign-off \
             ([bindings.events] referral_signed_off), so no referral export can be made",
        ));
    };
    let (mut open, mut ended) = (vec![], vec![]);
    for id in ids {
        // A concern that is not in the store is reported as such by the export itself.
        let Ok(concern) = store.concern(id) else { continue };
        if store.event_count(id, event)? == 0 {
            match concern.status {
                ConcernStatus::Open => open.push(id.clone()),
                ConcernStatus::Closed => ended.push(format!("{id} (closed)")),
                ConcernStatus::Frozen => ended.push(format!("{id} (frozen for a practice review)")),
            }
        }
    }
    let mut said = vec![];
    if !open.is_empty() {
        // The command as it is run, for each concern (a test runs it exactly as given here, and
        // the README gives the same with ID: keep the three together).
        let commands: Vec<String> = open.iter().map(|id| format!("`safeguard log {id} {event}`")).collect();
        said.push(format!(
            "--profile referral: the line manager has not signed off {} for sending as the written \
             referral, so nothing was exported. Once they have agreed to the referral and reviewed \
             the form, the line manager records it as themselves with {} (every entry is \
             signed with its maker's own key), then export again",
            open.join(", "),
            commands.join(", ")
        ));
    }
    if !ended.is_empty() {
        let it = if ended.len() == 1 { "it" } else { "them" };
        said.push(format!(
            "--profile referral: the line manager never signed off the form of {} as the written \
             referral, and a closed record takes no new sign-off (only amendments; a frozen one \
             takes nothing), so nothing was exported: a form never signed off is not the \
             written referral. For a copy of what the record holds, export {it} without --profile \
             (the internal copy, initials only), or with --profile subject-access for the person \
             it is about",
            ended.join(", ")
        ));
    }
    if said.is_empty() { Ok(()) } else { Err(Error::input(said.join("\n"))) }
}

/// Logs the export on every concern whose forms it wrote (DOMAIN.md §6.6: which profile was
/// used), signed by whoever ran it. A frozen concern takes no entry (003 §7.13) and a closed one
/// only amendments: for those the manifest's `profile` is the record.
fn log_exports(
    store: &mut crate::store::Store,
    policy: &crate::policy::Policy,
    ids: &[String],
    written: &[Written],
    signer: &crate::domain::signed::Signer,
    now: chrono::DateTime<chrono::Utc>,
    profile: Profile,
) -> Result<()> {
    let Some(event) = policy.bindings.events.exported.as_deref() else { return Ok(()) };
    let Some(spec) = policy.events.get(event) else { return Ok(()) };
    for id in ids {
        let prefix = format!("{id}-");
        let names: Vec<&str> =
            written.iter().map(|w| w.name.as_str()).filter(|n| n.starts_with(&prefix)).collect();
        if names.is_empty() || store.concern(id)?.status != ConcernStatus::Open {
            continue;
        }
        let record = crate::store::timeline::Record {
            kind: "event".into(),
            at: now,
            recorded_at: now,
            signer: Some(signer.clone()),
            body: json!({
                "event": event,
                "title": spec.title,
                "source": spec.source,
                "note": format!("profile {}: {}", profile.name(), names.join(", ")),
                "profile": profile.name(),
            }),
            ..Default::default()
        };
        store.record(id, &record)?;
    }
    Ok(())
}

/// How many concerns are read, rendered and written at a time.
const CHUNK: usize = 64;

/// How many chunks are written between background flushes (measured: 10,000 JSON records
/// 1.7-1.8 s with it against 1.7-2.0 s without, the gain growing with other disk activity).
const FLUSH_EVERY: usize = 8;

/// Runs chunks `0..chunks` through three stages at once: `read` on its own thread (which owns
/// `state`, e.g. the store connection); `render` of each item on a pool of `workers` threads
/// made once for the whole run (a render that panics costs its own item, and the worker goes
/// on); and `write` on the calling thread, in chunk order, with each item given back beside its
/// result. At most four chunks are held at a time (two read, two rendering or waiting to be
/// written). Gives `state` back, or None if `read` panicked; chunks it did not read are then
/// never passed to `write`, so callers must account for them.
#[allow(clippy::type_complexity)]
fn pipeline<S: Send, I: Send, E: Send, R: Send>(
    mut state: S,
    chunks: usize,
    workers: usize,
    read: impl Fn(&mut S, usize) -> std::result::Result<Vec<I>, E> + Send,
    render: impl Fn(&I) -> R + Sync,
    mut write: impl FnMut(usize, std::result::Result<Vec<(I, std::thread::Result<R>)>, E>),
) -> Option<S> {
    use std::collections::VecDeque;
    use std::sync::{Mutex, mpsc};
    /// A chunk handed to the workers and not yet written: its items' results so far, and how
    /// many are still to come.
    type Open<I, R, E> = (usize, std::result::Result<Vec<Option<(I, std::thread::Result<R>)>>, E>, usize);
    let (jobs, job_queue) = mpsc::channel::<(usize, usize, I)>();
    let job_queue = Mutex::new(job_queue);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, std::result::Result<Vec<I>, E>)>(2);
        let reader = scope.spawn(move || {
            for k in 0..chunks {
                if tx.send((k, read(&mut state, k))).is_err() {
                    break;
                }
            }
            state
        });
        let (done_tx, done) = mpsc::channel::<(usize, usize, I, std::thread::Result<R>)>();
        let (render, job_queue) = (&render, &job_queue);
        for _ in 0..workers.max(1) {
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                loop {
                    // The lock is held only to take the next job.
                    let next = job_queue.lock().ok().and_then(|q| q.recv().ok());
                    let Some((k, i, item)) = next else { break };
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(&item)));
                    if done_tx.send((k, i, item, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut open: VecDeque<Open<I, R, E>> = VecDeque::new();
        // Waits for the oldest open chunk's last result, then writes it.
        let mut write_oldest = |open: &mut VecDeque<Open<I, R, E>>| {
            while open.front().is_some_and(|(_, r, left)| r.is_ok() && *left > 0) {
                // Every job sent is answered: a worker catches its render's panic, and the
                // workers outlive this loop (the job sender is held until the end).
                let Ok((k, i, item, r)) = done.recv() else { break };
                if let Some((_, Ok(slots), left)) = open.iter_mut().find(|(c, _, _)| *c == k) {
                    slots[i] = Some((item, r));
                    *left -= 1;
                }
            }
            if let Some((k, results, _)) = open.pop_front() {
                write(k, results.map(|slots| slots.into_iter().flatten().collect()));
            }
        };
        for (k, items) in rx {
            let entry = match items {
                Ok(items) => {
                    let n = items.len();
                    for (i, item) in items.into_iter().enumerate() {
                        // The workers hold the queue until `jobs` is dropped below.
                        let _ = jobs.send((k, i, item));
                    }
                    (k, Ok(std::iter::repeat_with(|| None).take(n).collect()), n)
                }
                Err(e) => (k, Err(e), 0),
            };
            open.push_back(entry);
            // The workers render this chunk while the one before it is written.
            while open.len() > 1 {
                write_oldest(&mut open);
            }
        }
        while !open.is_empty() {
            write_oldest(&mut open);
        }
        drop(jobs);
        reader.join().ok()
    })
}

/// What to make of each concern.
struct Job<'a> {
    json: bool,
    csv: bool,
    docs: Vec<Format>,
    form: FormChoice,
    cal: &'a crate::domain::calendar::Calendar,
    /// The policy whose bindings the forms read.
    policy: &'a crate::policy::Policy,
    now: chrono::DateTime<chrono::Utc>,
    dir: &'a OutDir,
    /// The store, for naming it in a report of damage.
    store_path: &'a std::path::Path,
    profile: forms::Profile,
    /// A subject access copy: third parties are withheld (`withheld`).
    subject_access: bool,
    /// Recipients every file is sealed to (`--encrypt-to`); none for plaintext.
    seal_to: &'a [age::x25519::Recipient],
    /// The `.eml`'s To: and covering text (checked present when eml is asked for).
    mail_to: Option<&'a str>,
    covering: Option<&'a str>,
}

/// The SARF as the written referral: an RFC 5322 message (mail-builder does the MIME) with the
/// covering text and the PDF attached. No From: `sendmail -t` adds the sender's own.
fn email(job: &Job<'_>, case: &Case<'_>, doc: &forms::Doc, pdf: Vec<u8>) -> Result<Vec<u8>> {
    let (Some(to), Some(text)) = (job.mail_to, job.covering) else {
        return Err(Error::input("--format eml needs the local authority's email and the covering text"));
    };
    let text = covering_text(job.policy, case, text);
    mail_builder::MessageBuilder::new()
        .to(to)
        .subject(format!("Safeguarding referral {}: {}", doc.concern, doc.title))
        .date(mail_builder::headers::date::Date::new(job.now.timestamp()))
        .message_id(format!("{}.{}@safeguard.invalid", doc.concern, job.now.timestamp()))
        .text_body(text)
        .attachment("application/pdf", format!("{}-{}.pdf", doc.concern, doc.form), pdf)
        .write_to_vec()
        .map_err(|e| Error::io("writing the message", e))
}

/// The covering text as this concern's record has it: `{phone}` says the message confirms the
/// referral phoned first, and when, only if the record holds that call (a phone referral, in
/// office hours or to the emergency duty team, 003 §6.33, §6.38; an adult's out of hours,
/// §1.18, §6.10); otherwise it becomes words that claim no call (the policy's
/// `message_if_phoned` / `message_if_not_phoned`).
fn covering_text(policy: &crate::policy::Policy, case: &Case<'_>, text: &str) -> String {
    let ev = &policy.bindings.events;
    let spec = ev.written_referral.as_deref().and_then(|e| policy.events.get(e));
    let phoned = [&ev.phone_referral, &ev.edt_referred, &ev.edt_referred_adult]
        .into_iter()
        .filter_map(|kind| case.first_event(kind))
        .map(|(e, _)| e)
        .min_by_key(|e| e.seq);
    let said = match phoned {
        Some(e) => spec
            .and_then(|s| s.message_if_phoned.as_deref())
            .map(|t| t.trim().replace("{when}", &crate::domain::calendar::show_local(e.at))),
        None => spec.and_then(|s| s.message_if_not_phoned.as_deref()).map(|t| t.trim().to_owned()),
    };
    text.trim().replace("{phone}", &said.unwrap_or_default())
}

/// A file's name and bytes as written: sealed to `to` (age v1, ".age" added) when any is given.
fn sealed(to: &[age::x25519::Recipient], name: String, bytes: Result<Vec<u8>>) -> Result<(String, Vec<u8>)> {
    let bytes = bytes?;
    if to.is_empty() {
        return Ok((name, bytes));
    }
    let refs: Vec<&age::x25519::Recipient> = to.iter().collect();
    Ok((format!("{name}.age"), crate::seal::seal(&refs, &bytes)?))
}

/// What this export must not carry, each with the words printed in its place: an FGM
/// victim's name (003 §17.12), and in a subject access copy the third parties (003 §6.45,
/// §7.16: the person who raised it unless they agreed, any Code RED reporter, the others
/// involved).
struct Withheld {
    redact: crate::export::redact::Redactor,
    /// What was withheld, in words, for the export's own note (never the names themselves).
    what: Vec<&'static str>,
}

/// What to withhold from this concern's files. The FGM victim's name is withheld under the
/// policy's `[anonymity]`, unless this is a referral export and the policy lets a referral to
/// the local authority carry it, or it is her own subject access copy.
fn withheld(job: &Job<'_>, r: &ConcernRecord) -> Option<Withheld> {
    use crate::domain::record::Content;
    let raised = r.entries.iter().find_map(|e| match e.content() {
        Ok(Content::Raised(x)) => Some(x),
        _ => None,
    })?;
    let mut pairs: Vec<(String, String, &'static str)> = vec![];
    let answers = raised.transcript.iter().map(|s| (s.id.clone(), s.answer.clone())).collect();
    if let Some(spec) = job.policy.anonymity_for(&answers) {
        let la = job.policy.bindings.roles.local_authority.as_deref();
        let referral = job.profile == forms::Profile::Referral
            && la.is_some_and(|la| spec.referral_to.iter().any(|r| r == la));
        if !referral && !job.subject_access {
            if let Some(name) = r.concern.subject.name.as_str() {
                pairs.push((
                    name.trim().to_owned(),
                    spec.withheld.clone(),
                    "the name of the person it is about",
                ));
            }
        }
    }
    if job.subject_access {
        let b = &job.policy.bindings;
        let agreed = b.events.reporter_agreed_named.as_deref().is_some_and(|ev| {
            r.entries.iter().any(|e| matches!(e.content(), Ok(Content::Event(x)) if x.event == ev))
        });
        let code_red = job.policy.about_kind(&r.concern.about) == Some(crate::policy::Kind::CodeRed);
        if let Some(rep) = &raised.reporter
            && (code_red || !agreed)
        {
            pairs.push((
                rep.name.trim().to_owned(),
                SAR_REPORTER.to_owned(),
                "the name of the person who raised it",
            ));
        }
        let others = b.answers.others_involved.as_deref().and_then(|q| raised.step(q));
        if let Some(t) = others.and_then(|s| s.answer.as_str()) {
            pairs.push((t.trim().to_owned(), SAR_OTHERS.to_owned(), "the other people involved"));
        }
        // The contact an anonymous (Code RED) reporter left is theirs, never the subject's.
        let contact = b.answers.contact_details.as_deref().and_then(|q| raised.step(q));
        if let Some(t) = contact.and_then(|s| s.answer.as_str()) {
            pairs.push((t.trim().to_owned(), SAR_REPORTER.to_owned(), "the reporter's contact details"));
        }
    }
    // The name whole, and each of its words on its own, in any case or a near spelling
    // (export::redact).
    let mut redact = crate::export::redact::Redactor::default();
    let mut what = vec![];
    for (t, with, said) in &pairs {
        redact.withhold(t, with);
        if !what.contains(said) {
            what.push(*said);
        }
    }
    if job.subject_access
        && let Some(name) = r.concern.subject.name.as_str()
    {
        redact.keep(name);
    }
    (!redact.is_empty()).then_some(Withheld { redact, what })
}

/// The words a subject access copy prints for the person who raised the concern.
const SAR_REPORTER: &str = "[the person who raised the concern: withheld]";
/// And for the other people involved.
const SAR_OTHERS: &str = "[other people involved: withheld]";

impl Withheld {
    /// The text with every occurrence of what is withheld replaced.
    fn text(&self, t: &str) -> String {
        self.redact.text(t)
    }

    /// A form with the name replaced in every heading, label and value.
    fn doc(&self, mut doc: forms::Doc) -> forms::Doc {
        for s in &mut doc.sections {
            s.heading = self.text(&s.heading);
            for r in &mut s.rows {
                r.label = self.text(&r.label);
                r.value = self.text(&r.value);
            }
        }
        for m in &mut doc.marks {
            m.label = self.text(&m.label);
            m.mark.description = self.text(&m.mark.description);
        }
        doc
    }

    /// A JSON record with what is withheld replaced in every string, and a `redacted` note
    /// saying so: the entries' hashes are of what was recorded, so a verifier must not take
    /// the changed bodies for damage.
    fn json(&self, body: &[u8]) -> Result<Vec<u8>> {
        let mut v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| Error::Other(e.to_string()))?;
        self.redact.json(&mut v);
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "redacted".into(),
                json!({
                    "withheld": self.what,
                    "note": REDACTED_NOTE,
                }),
            );
        }
        serde_json::to_vec(&v).map_err(|e| Error::Other(e.to_string()))
    }
}

/// What a redacted JSON export says of itself.
const REDACTED_NOTE: &str = "This copy withholds what is listed. The timeline's hashes are those of the entries as recorded, so the bodies changed here no longer match them: that is the redaction, not damage. `safeguard verify` checks the store itself.";

/// One concern's files, written (their manifest entries) or why each was not, and its CSV row.
struct Rendered {
    id: String,
    files: Vec<std::result::Result<Written, String>>,
    csv: Option<String>,
}

/// Renders one concern and writes its files: the JSON record straight from the stored parts,
/// then its forms.
fn render(part: &ConcernRecord, job: &Job<'_>) -> Rendered {
    let id = &part.concern.id;
    let mut files = vec![];
    let mut put = |name: String, bytes: Result<Vec<u8>>| {
        files.push(
            sealed(job.seal_to, name.clone(), bytes)
                .and_then(|(n, b)| job.dir.put(&n, &b))
                .map_err(|e| format!("{name}: {e}")),
        );
    };
    let hide = withheld(job, part);
    if job.json {
        let mut body = Vec::with_capacity(16 * 1024);
        let bytes = serde_json::to_writer(
            &mut body,
            &json::Record::new(part, job.now)
                .with_retention(crate::domain::retention::Retention::of_record(job.policy, part, job.now)),
        )
        .map_err(|e| Error::Other(e.to_string()))
        .and_then(|()| {
            if let Some(h) = &hide {
                body = h.json(&body)?;
            }
            body.push(b'\n');
            Ok(body)
        });
        put(format!("{id}.json"), bytes);
    }
    let csv = job.csv.then(|| text::csv_row(part, job.now));
    if !job.docs.is_empty() {
        match Case::new(part, job.policy) {
            Err(d) => put(
                format!("{id} forms"),
                Err(Error::StoreDamaged { path: job.store_path.to_owned(), detail: d.0 }),
            ),
            Ok(case) => {
                let names: Vec<&str> = match job.form {
                    FormChoice::Auto => forms::forms_for(&case, false),
                    FormChoice::All => forms::forms_for(&case, true),
                    FormChoice::Sarf => vec![form::SARF_CHILD, form::SARF_ADULT],
                    FormChoice::Ccrf => vec![form::CCRF],
                    FormChoice::Escalation => vec![form::ESCALATION],
                    FormChoice::Chronology => vec![form::CHRONOLOGY],
                };
                for doc in names
                    .into_iter()
                    .filter_map(|form| forms::build(form, &case, job.cal, job.now, job.profile))
                    .map(|doc| match &hide {
                        Some(h) => h.doc(doc),
                        None => doc,
                    })
                {
                    for f in &job.docs {
                        if *f == Format::Eml && ![form::SARF_CHILD, form::SARF_ADULT].contains(&doc.form) {
                            continue;
                        }
                        let bytes = match f {
                            Format::Pdf => pdf::render(&doc),
                            Format::Eml => pdf::render(&doc).and_then(|p| email(job, &case, &doc, p)),
                            Format::Html => Ok(text::html(&doc).into_bytes()),
                            _ => Ok(text::markdown(&doc).into_bytes()),
                        };
                        put(format!("{id}-{}.{}", doc.form, f.ext()), bytes);
                    }
                }
            }
        }
    }
    Rendered { id: id.clone(), files, csv }
}

/// Exports are plaintext: never in or under the encrypted store's directory. Paths are
/// compared canonical (symlinks and `.`/`..` resolved): a store named `s.db` lives in the
/// current directory, and `--out .`, `./sub` or `../here` all name it. The store's directory is
/// taken both as named and where the file really is, in case the store is a symlink.
fn refuse_store_dir(ctx: &Context, out: &std::path::Path) -> Result<()> {
    let named_dir = match ctx.store_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let real_dir = std::fs::canonicalize(&ctx.store_path).ok().and_then(|p| p.parent().map(|p| p.to_owned()));
    let store_dirs: Vec<PathBuf> =
        std::iter::once(std::fs::canonicalize(&named_dir).ok()).chain([real_dir]).flatten().collect();
    // The deepest part of `out` that exists, resolved, with the rest appended: what the export
    // would create.
    let mut probe = if out.as_os_str().is_empty() { PathBuf::from(".") } else { out.to_path_buf() };
    let mut rest = vec![];
    let resolved = loop {
        match std::fs::canonicalize(&probe) {
            Ok(p) => break rest.iter().rev().fold(p, |p: PathBuf, part| p.join(part)),
            Err(_) => {
                let (Some(name), Some(parent)) = (probe.file_name(), probe.parent()) else {
                    return Err(Error::input(format!("--out {}: cannot resolve this path", out.display())));
                };
                rest.push(name.to_owned());
                probe = if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent.to_owned() };
            }
        }
    };
    if let Some(sd) = store_dirs.iter().find(|sd| resolved.starts_with(sd)) {
        return Err(Error::input(format!(
            "refusing to write plaintext exports into the store's directory {}; choose another --out",
            sd.display()
        )));
    }
    Ok(())
}

/// Where `export --changed-since-last-export` keeps its place for the --out directory `out`:
/// its absolute path.
fn out_dir_key(out: &std::path::Path) -> String {
    std::fs::canonicalize(
        out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")),
    )
    .map(|p| p.join(out.file_name().unwrap_or_default()))
    .unwrap_or_else(|_| out.to_owned())
    .display()
    .to_string()
}

/// Where `export --changed-since-last-export=NAME` keeps its place: the name, which is letters,
/// digits, `.`, `_` or `-` (up to 64), kept apart from directories (their keys are absolute
/// paths).
fn run_key(name: &str) -> Result<String> {
    let fits = name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_".contains(&b));
    if !fits {
        return Err(Error::input(format!(
            "--changed-since-last-export={}: a name is up to 64 letters, digits, '.', '_' or '-' (such as nightly)",
            crate::output::safe(name)
        )));
    }
    Ok(format!("run:{name}"))
}

#[cfg(test)]
mod tests {
    use super::pipeline;

    #[test]
    fn the_pipeline_writes_every_chunk_once_in_order_and_a_failed_render_costs_only_its_item() {
        let mut written = vec![];
        let reads = pipeline(
            0usize,
            50,
            3,
            |reads, k| {
                *reads += 1;
                if k == 20 {
                    Err(format!("chunk {k} unreadable"))
                } else {
                    Ok((0..=k).collect::<Vec<usize>>())
                }
            },
            |&v| {
                assert!(v != 8 && v != 30, "a render that fails");
                v * 10
            },
            |k, r| {
                written
                    .push((k, r.map(|items| items.into_iter().map(|(i, r)| (i, r.ok())).collect::<Vec<_>>())))
            },
        );
        assert_eq!(reads, Some(50), "the reader's state comes back after reading every chunk");
        assert_eq!(written.len(), 50);
        for (k, (chunk, r)) in written.into_iter().enumerate() {
            assert_eq!(chunk, k, "in chunk order");
            if k == 20 {
                assert_eq!(r, Err("chunk 20 unreadable".to_owned()));
                continue;
            }
            let expected: Vec<(usize, Option<usize>)> =
                (0..=k).map(|i| (i, (i != 8 && i != 30).then_some(i * 10))).collect();
            assert_eq!(r, Ok(expected), "chunk {k}: every item back, in order, beside its result");
        }
    }

    /// The workers are made once for the run, not once a chunk: 200 chunks of 64 items are
    /// rendered on exactly the threads asked for.
    #[test]
    fn the_render_threads_are_made_once_and_reused_for_every_chunk() {
        let threads = std::sync::Mutex::new(std::collections::HashSet::new());
        let mut items = 0;
        pipeline(
            (),
            200,
            4,
            |_, k| Ok::<_, ()>((0..64).map(|i| k * 64 + i).collect::<Vec<usize>>()),
            |&v| {
                threads.lock().unwrap().insert(std::thread::current().id());
                std::thread::yield_now();
                v
            },
            |_, r| items += r.unwrap().len(),
        );
        assert_eq!(items, 200 * 64);
        let n = threads.lock().unwrap().len();
        assert!((1..=4).contains(&n), "rendered on {n} threads");
    }

    #[test]
    fn a_reader_that_fails_gives_no_state_and_no_later_chunks() {
        let mut written = vec![];
        let state = pipeline(
            (),
            10,
            2,
            |_, k| {
                assert!(k != 4, "a read that fails");
                Ok::<_, ()>(vec![k])
            },
            |&k| k,
            |k, r| written.push((k, r.unwrap().into_iter().map(|(i, r)| (i, r.ok())).collect::<Vec<_>>())),
        );
        assert!(state.is_none());
        assert_eq!(written, (0..4).map(|k| (k, vec![(k, Some(k))])).collect::<Vec<_>>());
    }
}

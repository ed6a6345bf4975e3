//! `raise` with a service file: sealed raising (issue 13).
//!
//! No store passphrase is asked and no store is opened. The interview is the same as ever; the
//! policy's route decides who receives the concern; it is sealed (age, X25519) to those people,
//! the reading store's key and the recovery keys, and delivered into the route's inbox (or
//! written to `--seal-out FILE`). Drafts and the reporter's own copy are sealed to the
//! reporter's own identity, under their data directory.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::cli::raise::{self, Args, Assessed, calendar};
use crate::cli::{Context, out, out_json, view};
use crate::domain::calendar::show_local;
use crate::domain::clock::rfc3339;
use crate::domain::record::DutyState;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::interview::State;
use crate::output;
use crate::policy::Policy;
use crate::seal::durable::Pending;
use crate::seal::envelope::{self, Author, Envelope, PolicyRef, RouteTaken, Shown, ShownDuty};
use crate::seal::local::{self, Delivery, Draft, OwnCopy};
use crate::seal::plan::{self, Plan, SealedTo};
use crate::seal::service::Service;
use crate::seal::{identity, inbox, unix};

/// `raise` with the service file at `path`.
pub fn raise(ctx: &Context, args: Args, path: &Path) -> Result<Exit> {
    let (policy, mut scripted) = raise::prepare(ctx, &args)?;
    // The concern this one is a second record of: a sealed raise opens no store, so intake
    // makes the link (003 §6.13, §6.14, §6.18). The reporter knows the first concern by its id
    // or by the reference they were given when they sealed it.
    let linked_to = linked_to(scripted.as_ref().map(|s| &s.answers))?;
    let service = Service::load(path, &policy)?;
    let data = ctx.data_dir()?;
    let now = ctx.clock.now();
    let (own, made) = identity::load_or_create(&data, now)?;
    if made {
        output::status(&format!(
            "made your own identity {} (your drafts and your copies of what you raise are sealed to it)",
            own.path.display()
        ));
    }
    let (mut state, anonymous, created) = match &args.resume {
        Some(id) => {
            let d = local::load_draft(&data, &own, id)?;
            if d.policy_hash != policy.hash {
                output::status(&format!(
                    "note: draft {id} was started under a different version of the policy"
                ));
            }
            raise::set_current_draft(Some(d.id.clone()));
            (d.state, d.anonymous || args.anonymous, d.created_at)
        }
        None => (State::default(), args.anonymous, now),
    };
    raise::check_anonymous(&policy, &mut state, anonymous)?;
    if args.resume.is_some() {
        raise::recap(&policy, &state, scripted.is_none(), ctx)?;
    }
    let clock = ctx.clock;
    let hash = policy.hash.clone();
    let dry = args.dry_run;
    let mut save = |st: &State| -> Result<()> {
        if dry {
            return Ok(());
        }
        let id = match raise::current_draft() {
            Some(id) => id,
            None => {
                let id = local::new_draft_id()?;
                raise::set_current_draft(Some(id.clone()));
                id
            }
        };
        let draft = Draft {
            version: 1,
            id,
            created_at: created,
            updated_at: clock.now(),
            anonymous,
            policy_hash: hash.clone(),
            state: st.clone(),
        };
        local::save_draft(&data, &own, &draft)
    };
    raise::ask(ctx, &policy, &mut state, scripted.as_mut(), &mut save)?;

    let assessed = raise::assess(ctx, &policy, &state, anonymous, now)?;
    let plan = plan::plan(&service, assessed.route.clone());
    let tell = assessed.route.tell.clone();
    if args.dry_run {
        return dry_run(&policy, &assessed, &plan, args.json);
    }
    if plan.nobody() {
        return Err(Error::Other(nobody(ctx, &policy, &service, &plan)));
    }
    if plan.inbox.is_none() && args.seal_out.is_none() {
        return Err(Error::Other(format!(
            "no inbox of the service file is read only by {}, so there is nowhere to deliver this concern. \
             Nothing was saved{}. Write it to a file with --seal-out FILE and email it to them, or phone: {}",
            names(&plan.readers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>()),
            kept(),
            phone_list(ctx, &policy, &plan.route.readers)
        )));
    }
    if linked_to.is_some() && assessed.anonymous {
        // As in the store: the link is an entry of the other concern, signed by its author.
        return Err(Error::input(
            "an anonymous Code RED report cannot be linked to another concern; the designated person links it",
        ));
    }
    let author = if assessed.anonymous {
        None
    } else {
        Some(author(ctx, &service, scripted.as_ref().map(|s| &s.answers))?)
    };
    let sealed_to: Vec<SealedTo> = plan.sealed_to.iter().map(|(s, _)| s.clone()).collect();
    let envelope = Envelope {
        version: envelope::VERSION,
        reference: envelope::new_reference()?,
        service: service.name.clone(),
        policy: PolicyRef {
            id: policy.id.clone(),
            version: policy.version.clone(),
            hash: policy.hash.clone(),
        },
        anonymous: assessed.anonymous,
        // Who is signing travels as the author (or not at all, when anonymous).
        answers: state
            .answers
            .iter()
            .filter(|(k, _)| !crate::interview::answers::BUILTIN.iter().any(|(b, _)| b == k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        shown: Shown {
            recommendation: assessed.findings.recommendation.clone(),
            guidance: assessed.findings.guidance.clone(),
            tell: tell.clone(),
            duties: assessed
                .duties
                .iter()
                .map(|d| ShownDuty {
                    kind: d.kind.clone(),
                    title: d.title.clone(),
                    owner: d.owner.clone(),
                    due: d.due,
                })
                .collect(),
        },
        route: RouteTaken {
            id: plan.route.id.clone(),
            readers: plan.route.readers.clone(),
            excluded: plan.route.excluded.clone(),
            sealed_to: sealed_to.iter().filter(|s| s.why != "recovery").map(|s| s.name.clone()).collect(),
        },
        noticed_at: Some(assessed.noticed),
        raised_at: now,
        linked_to: linked_to.clone(),
        author,
        signature: None,
        padding: String::new(),
    };
    // The author signs what they raise with their own key (issue 14); Code RED is not signed.
    let mut envelope = envelope;
    if !envelope.anonymous {
        let data = ctx.data_dir()?;
        let key = match identity::load_signing(&data)? {
            Some(k) => k,
            None => {
                let k = identity::create_signing(&data, now)?.ok_or_else(|| {
                    Error::input("your signing key appeared while it was being made; raise again")
                })?;
                output::status(&format!(
                    "made your signing key {} (give `safeguard identity show`'s second line to whoever keeps the service file)",
                    identity::signing_file(&data).display()
                ));
                k
            }
        };
        envelope.signature = Some(envelope::AuthorSignature {
            key: key.public().text(),
            signature: key.sign_envelope(&envelope.digest()?),
        });
    }
    let plain = envelope.to_padded_json()?;
    let sealed = crate::seal::seal(&plan.recipients(), &plain)?;
    // Written, not yet durable: the delivery and the reporter's own copy are synced side by
    // side (see seal::durable), so durability costs two rounds of syncs, not four.
    let (mut pending, delivery, owner_uid) = match (&args.seal_out, plan.inbox) {
        (Some(p), _) => {
            let pending = stage_out(p, &sealed)?;
            (pending, Delivery { inbox: None, path: p.display().to_string(), at: now }, unix::euid())
        }
        (None, Some(b)) => {
            let s = inbox::stage(b, &sealed)?;
            let d = Delivery {
                inbox: Some(b.name.clone()),
                path: s.pending.dest().display().to_string(),
                at: s.at,
            };
            (s.pending, d, s.uid)
        }
        (None, None) => unreachable!("checked above"),
    };
    let own_copy = (!args.no_copy).then(|| OwnCopy {
        version: 1,
        envelope: envelope.clone(),
        sealed_to: sealed_to.clone(),
        delivered: delivery.clone(),
    });
    let (delivered, copy) = std::thread::scope(|scope| {
        let (placed_tx, placed_rx) = std::sync::mpsc::channel::<bool>();
        let copier = own_copy.as_ref().map(|c| {
            let (data, own) = (&data, &own);
            scope.spawn(move || -> Result<std::path::PathBuf> {
                let mut p = local::stage_copy(data, own, c)?;
                p.sync()?;
                // The copy records a delivery: it takes its name only once the delivery has
                // its own (dropped otherwise, which removes it).
                if !placed_rx.recv().unwrap_or(false) {
                    return Err(Error::Other("the concern was not delivered".into()));
                }
                p.place()?;
                p.sync_dir()?;
                Ok(p.dest().to_path_buf())
            })
        });
        let delivered = pending.sync().and_then(|()| pending.place());
        let _ = placed_tx.send(delivered.is_ok());
        if delivered.is_ok() {
            // The name is in place: a failed folder sync does not undo the delivery (an inbox's
            // folder the reporter cannot open is covered by syncing its file system).
            let _ = pending.sync_dir();
        }
        let copy = copier
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::Other("the copy could not be written".into()))));
        (delivered, copy)
    });
    delivered?;
    drop(pending);
    // Delivered: from here nothing may fail the command.
    let copy = match copy {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            output::status(&format!(
                "warning: the concern was delivered, but your own copy could not be kept: {e}"
            ));
            None
        }
    };
    if let Some(d) = raise::current_draft() {
        if let Err(e) = local::remove_draft(&data, &d) {
            output::status(&format!(
                "warning: the concern was delivered; draft {d} could not be removed: {e}"
            ));
        }
    }
    raise::set_current_draft(None);
    receipt(
        ctx,
        &policy,
        &state,
        &assessed,
        &plan,
        &envelope,
        &tell,
        &delivery,
        owner_uid,
        copy.as_deref(),
        (args.json, args.explain),
    )
}

/// "a, b and c".
fn names(v: &[&str]) -> String {
    match v {
        [] => "nobody".into(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "; your answers are kept in draft D-…" when there is one.
fn kept() -> String {
    raise::current_draft()
        .map(|d| format!("; your answers are kept in draft {d} (`safeguard raise --resume {d}`)"))
        .unwrap_or_default()
}

/// The contacts of the config for these roles, for phoning instead.
fn phone_list(ctx: &Context, policy: &Policy, roles: &[String]) -> String {
    let v: Vec<String> = roles
        .iter()
        .map(|r| {
            let title = policy.role_title(r);
            match ctx.config.contacts.get(r) {
                Some(c) => match c.details() {
                    Some(d) => format!("{title} ({d})"),
                    None => title.to_owned(),
                },
                None => format!(
                    "{title} (no number in the configuration: ask your manager or the Group Head's office)"
                ),
            }
        })
        .collect();
    v.join("; ")
}

/// Why nobody may receive it, and whom to phone.
fn nobody(ctx: &Context, policy: &Policy, service: &Service, plan: &Plan<'_>) -> String {
    let titles: Vec<&str> = plan.route.readers.iter().map(|r| policy.role_title(r)).collect();
    let left: Vec<&str> = plan.left_out.iter().map(|p| p.name.as_str()).collect();
    let why = if left.is_empty() {
        format!("nobody in the service file {} holds those roles", service.path.display())
    } else {
        format!(
            "{} {} left out, because the concern is about a role they hold",
            names(&left),
            if left.len() == 1 { "is" } else { "are" }
        )
    };
    format!(
        "this concern goes to {}, and {why}: nobody is left to seal it to. Nothing was saved{}. \
         Phone instead: {}",
        names(&titles),
        kept(),
        phone_list(ctx, policy, &plan.route.readers)
    )
}

/// `--seal-out FILE`: a new file (never an existing one), 0600, synced, and its folder synced.
pub(crate) fn write_out(path: &Path, sealed: &[u8], now: DateTime<Utc>) -> Result<Delivery> {
    stage_out(path, sealed)?.finish()?;
    Ok(Delivery { inbox: None, path: path.display().to_string(), at: now })
}

/// The first step of [`write_out`]: the file created and written, not yet synced.
fn stage_out(path: &Path, sealed: &[u8]) -> Result<Pending> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::input(format!("{} already exists; choose a new name", path.display())));
    }
    Pending::create(path, path, 0o600, sealed)
}

/// Who raised it: the service file's person for this login (their name; the role given, else
/// the config's, else the roles the file gives them), else as `raise` finds a reporter.
fn author(ctx: &Context, service: &Service, answers: Option<&BTreeMap<String, Value>>) -> Result<Author> {
    let uid = unix::euid();
    let login = unix::user_by_uid(uid).map(|u| u.login).unwrap_or_else(|| uid.to_string());
    let given = |k: &str| answers.and_then(|a| a.get(k)).and_then(Value::as_str).map(str::to_owned);
    if let Some(p) = service.person_by_login(&login) {
        let role = given("reporter_role")
            .or_else(|| ctx.config.user.as_ref().map(|u| u.role.clone()))
            .unwrap_or_else(|| if p.roles.is_empty() { "staff member".into() } else { p.roles.join(", ") });
        return Ok(Author { name: given("reporter_name").unwrap_or_else(|| p.name.clone()), login, role });
    }
    let (name, role) = raise::reporter(ctx, answers)?;
    Ok(Author { name, login, role })
}

fn route_json(plan: &Plan<'_>) -> Value {
    json!({ "id": plan.route.id, "readers": plan.route.readers, "excluded": plan.route.excluded })
}

/// `--dry-run`: the route, the people and keys, and nothing sealed.
fn dry_run(policy: &Policy, a: &Assessed, plan: &Plan<'_>, json: bool) -> Result<Exit> {
    let sealed_to: Vec<&SealedTo> = plan.sealed_to.iter().map(|(s, _)| s).collect();
    let left_out: Vec<&str> = plan.left_out.iter().map(|p| p.name.as_str()).collect();
    if json {
        out_json(&json!({
            "dry_run": true,
            "recommendation": a.findings.recommendation,
            "route": route_json(plan),
            "inbox": plan.inbox.map(|b| json!({ "name": b.name, "path": b.path })),
            "sealed_to": sealed_to,
            "left_out": left_out,
        }))?;
        return Ok(Exit::Success);
    }
    let titles = |v: &[String]| v.iter().map(|r| policy.role_title(r)).collect::<Vec<_>>().join("; ");
    out(format!("Route: {} (to {})", plan.route.id, titles(&plan.route.readers)))?;
    if !plan.route.excluded.is_empty() {
        out(format!("  never to: {}", titles(&plan.route.excluded)))?;
    }
    if plan.nobody() {
        out("Nobody in the service file may receive it: it would not be sealed.")?;
    } else {
        out("It would be sealed to:")?;
        for s in &sealed_to {
            out(format!("  - {} ({}): {}  fingerprint {}", s.name, s.why, s.recipient, s.fingerprint))?;
        }
        match plan.inbox {
            Some(b) => out(format!("and delivered to inbox {} ({})", b.name, b.path.display()))?,
            None => out("No inbox is read only by these people: it would need --seal-out FILE.")?,
        }
    }
    if !left_out.is_empty() {
        out(format!("Not to: {} (the concern is about a role they hold)", names(&left_out)))?;
    }
    output::status("nothing was sealed (--dry-run)");
    Ok(Exit::Success)
}

/// The receipt: the reference, what to do now, whom to tell, the duties, and who it was sealed to.
#[allow(clippy::too_many_arguments)]
fn receipt(
    ctx: &Context,
    policy: &Policy,
    state: &State,
    a: &Assessed,
    plan: &Plan<'_>,
    e: &Envelope,
    tell: &[String],
    delivery: &Delivery,
    owner_uid: u32,
    copy: Option<&Path>,
    (json_out, explain): (bool, bool),
) -> Result<Exit> {
    let now = e.raised_at;
    let duties: Vec<Value> = a
        .duties
        .iter()
        .map(|d| {
            json!({
                "kind": d.kind, "title": d.title, "owner": d.owner,
                "due": d.due.map(rfc3339),
                "status": if d.due.is_some_and(|t| t <= now) { "overdue" } else { "open" },
                "yours": crate::policy::bindings::is(&policy.bindings.roles.reporter, &d.owner),
                "rules": d.rules, "notes": d.notes,
            })
        })
        .collect();
    let sealed_to: Vec<&SealedTo> = plan.sealed_to.iter().map(|(s, _)| s).collect();
    let left_out: Vec<&str> = plan.left_out.iter().map(|p| p.name.as_str()).collect();
    let code_red_phone = policy
        .bindings
        .roles
        .code_red_manager
        .as_ref()
        .and_then(|r| ctx.config.contacts.get(r))
        .and_then(|c| c.phone.clone());
    let reveals = match &delivery.inbox {
        Some(b) => format!(
            "the file in inbox {b} is owned by your login (uid {owner_uid}) and dated {}: its readers and the \
             machine's administrators can see that",
            show_local(delivery.at)
        ),
        None => format!(
            "the file {} is owned by your login (uid {owner_uid}) and dated {}",
            delivery.path,
            show_local(delivery.at)
        ),
    };
    let mut record = json!({
        "reference": e.reference,
        "id": e.reference,
        "about": a.about,
        "status": "sealed",
        "anonymous": a.anonymous,
        "raised_at": rfc3339(now),
        "recommendation": a.findings.recommendation,
        "raised_because": a.findings.raised_because,
        "guidance": a.findings.guidance,
        "tell": tell,
        "duties": duties,
        "route": route_json(plan),
        "sealed_to": sealed_to,
        "left_out": left_out,
        "delivered": delivery,
        "own_copy": copy,
    });
    if a.anonymous {
        record["anonymity"] = json!({
            "envelope_holds": "no name, login, host name or user id",
            "file_system_shows": reveals,
            "code_red_phone": code_red_phone,
        });
    }
    if json_out {
        out_json(&record)?;
        return Ok(Exit::Success);
    }
    output::status(&format!("sealed concern {}", e.reference));
    // The same summary as a concern in the store.
    let summary = view::Summary {
        id: &e.reference,
        about: &a.about,
        status: "sealed".into(),
        reached_store: None,
        raised_at: now,
        danger: raise::in_danger(policy, &state.answers),
        recommendation: &a.findings.recommendation,
        raised_because: &a.findings.raised_because,
        outcome: None,
        guidance: &a.findings.guidance,
        route: Some(a.route.title.as_str()).filter(|t| !t.is_empty()),
        tell,
        duties: a
            .duties
            .iter()
            .map(|d| view::DutyLine {
                kind: &d.kind,
                title: &d.title,
                owner: &d.owner,
                due: d.due,
                state: if d.due.is_some_and(|t| t <= now) { DutyState::Overdue } else { DutyState::Open },
                rules: d.rules.clone(),
                notes: d.notes.clone(),
            })
            .collect(),
        rerouted: &a.findings.rerouted,
        links: vec![],
        // The receipt is read by the person who raised it.
        reporter: None,
    };
    view::print_summary(ctx, policy, &calendar(ctx), &summary, now, explain)?;
    out("\nSealed to (only these keys open it):")?;
    for s in &sealed_to {
        out(format!("  - {} ({}): {}", s.name, s.why, s.recipient))?;
    }
    if !left_out.is_empty() {
        out(format!("Not to {}: the concern is about a role they hold.", names(&left_out)))?;
    }
    match &delivery.inbox {
        Some(b) => out(format!(
            "Delivered to inbox {b} at {}. Keep the reference {}.",
            show_local(delivery.at),
            e.reference
        ))?,
        None => out(format!(
            "Written to {}: email it to {} (only they can open it). Keep the reference {}.",
            delivery.path,
            names(&plan.readers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>()),
            e.reference
        ))?,
    }
    if let Some(p) = copy {
        out(format!("Your own copy, sealed to you: {} (`safeguard mine` lists them).", p.display()))?;
    }
    if a.anonymous {
        out("\nThis report is anonymous: the sealed file holds no name, login, host name or user id.")?;
        out(format!("What the file system still shows: {reveals}."))?;
        if copy.is_some() {
            out(
                "Your own copy is kept in your home folder; delete it, or raise with --no-copy, if you would rather keep none.",
            )?;
        }
        match code_red_phone {
            Some(p) => out(format!("To stay fully anonymous, phone Code RED instead: {p}."))?,
            None => out(
                "To stay fully anonymous, phone Code RED instead (ask for the number: it is not in this tool's configuration).",
            )?,
        }
    }
    Ok(Exit::Success)
}

/// The `linked_to` answer of a sealed raise: a concern id (`SG-2026-0012`) or the reference of
/// a sealed concern (`R-…`), checked for its form only (the store is not open here; intake
/// finds it, and says so when it cannot).
fn linked_to(answers: Option<&BTreeMap<String, Value>>) -> Result<Option<String>> {
    let key = crate::interview::answers::LINKED_TO;
    let Some(v) = answers.and_then(|a| a.get(key)) else {
        return Ok(None);
    };
    match v.as_str().map(str::trim) {
        Some(id) if crate::domain::replay::numbering(id).is_some() || envelope::is_reference(id) => {
            Ok(Some(id.to_owned()))
        }
        _ => Err(Error::input(format!(
            "answer `{key}`: {} is neither a concern id (like SG-2026-0012) nor the reference of a sealed \
             concern (like R-ABCDE-FGHIJ-KLMNO-PQRST)",
            v
        ))),
    }
}

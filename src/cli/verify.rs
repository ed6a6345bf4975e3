//! `safeguard verify`: check the store's encryption, structure and record chain.

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::store::Store;

/// Check the store: SQLCipher's page authentication, SQLite's integrity check, the schema (no
/// table, index, trigger or view safeguard did not create), the hash chain of the journal (every
/// entry carries the hash of the one before it; none is recorded earlier than the one before
/// it), the concerns and duties rebuilt from the journal against the tables, and every entry's
/// signature against the store's roster as it stood when the entry was written (a key added
/// later, or retired earlier, does not count; an anonymous Code RED report is not signed).
///
/// Exits 0 when the store is sound and 7 (damaged) when any check fails, naming every problem
/// (each difference by concern or duty, field, the table's value and the journal's). Committed pages still in the WAL are written into
/// the file first, so the file is checked as it is read. Prints the chain's length (entries) and
/// head (the latest entry's hash): keep them, and a lost tail (an older copy put back, a WAL
/// that lost its last transactions) shows later with `--expect-head`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the result as JSON (`ok`, `problems`, `length`, `head`, `signatures`; `you`, who runs it
    /// by their own key on the roster, and `roster_warning`).
    #[arg(long)]
    pub json: bool,
    /// Also fail (exit 7) unless the chain still holds this head, as an earlier `verify` gave it:
    /// HASH, or HASH:LENGTH for the entry at that length.
    #[arg(long, value_name = "HASH[:LENGTH]", value_parser = parse_head)]
    pub expect_head: Option<ExpectHead>,
    /// When every check passes, also seal the chain's length and head into FILE (a new file,
    /// 0600) for the service's head holders (the Group Head) and its recovery recipients,
    /// from the service file: a copy kept outside the service, which a later rewrite or an older
    /// copy put back cannot match. They open it with `age -d -i`. Nothing is written when a
    /// check fails.
    #[arg(long, value_name = "FILE")]
    pub seal_head: Option<std::path::PathBuf>,
}

/// A chain head recorded earlier.
#[derive(Debug, Clone)]
pub struct ExpectHead {
    hash: String,
    length: Option<i64>,
}

fn parse_head(s: &str) -> std::result::Result<ExpectHead, String> {
    let (hash, length) = match s.split_once(':') {
        Some((h, l)) => {
            let n = l.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                format!("{l:?} is not a chain length (a whole number of entries, 0 or more)")
            })?;
            (h, Some(n))
        }
        None => (s, None),
    };
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("the head is the 64 hexadecimal digits `verify` prints".into());
    }
    Ok(ExpectHead { hash: hash.to_ascii_lowercase(), length })
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = crate::policy::Policy::load(ctx.config.policy.as_deref())?;
    // Whom the head is sealed to, found before anything is checked, so a missing service file
    // or holder is said at once.
    let holders = match &args.seal_head {
        Some(path) => Some((path, head_holders(ctx, &policy)?)),
        None => None,
    };
    let secret = ctx.open_secret()?;
    let store = Store::open_to_verify(&ctx.store_path, &secret)?;
    ctx.check_clock(&store)?;
    let mut problems = store.integrity_problems()?;
    let mut legacy = 0;
    if problems.is_empty() {
        problems.extend(store.foreign_schema_objects()?.into_iter().map(|p| format!("schema: {p}")));
        problems.extend(store.chain_problems()?.into_iter().map(|p| format!("hash chain: {p}")));
        let (state, old) = store.state_problems()?;
        legacy = old;
        problems.extend(state.into_iter().map(|p| format!("journal: {p}")));
    }
    // The clock the store was made under: `meta.clock` must say what its first roster entry
    // (hashed and signed) records (issue 14).
    let meta_clock = store.clock()?;
    let chained_clock = store.chained_clock()?;
    if let Some(p) = clock_problem(meta_clock.as_deref(), chained_clock.as_deref()) {
        problems.push(format!("clock: {p}"));
    }
    // Every signature, against the roster in force at its entry (issue 14).
    let mut you = None;
    let mut roster_warning = None;
    let signatures = if problems.is_empty() {
        let (roster, found) = store.walk_signatures(&policy.bindings.roles.roster_keepers)?;
        if let Some(p) = &found.problem {
            problems.push(format!("signatures: {p}"));
        }
        if let Some(p) = unsigned_problem(found.before_roster, roster.is_empty(), chained_clock.as_deref()) {
            problems.push(format!("signatures: {p}"));
        }
        if found.problem.is_none() {
            problems.extend(
                authority_problems(&policy, &store, &roster)?.into_iter().map(|p| format!("signatures: {p}")),
            );
        }
        let (who, warning) = running_person(ctx, &roster)?;
        you = who;
        roster_warning = warning;
        Some(found)
    } else {
        None
    };
    let (length, head) = store.chain_head()?;
    if let Some(want) = &args.expect_head
        && !store.chain_extends(&want.hash, want.length)?
    {
        let at = want.length.map(|l| format!(" at length {l}")).unwrap_or_default();
        problems.push(format!(
            "the chain does not hold the expected head {}{at}: entries recorded up to it have been lost \
             or replaced (the chain now has {length} entries, head {head})",
            want.hash
        ));
    }
    // The chained record, where there is one, is the store's clock.
    let clock_in_chain = chained_clock.is_some();
    let clock = chained_clock.or(meta_clock);
    let sealed_head = match (&holders, problems.is_empty()) {
        (Some((path, (service, to))), true) => {
            let statement = serde_json::json!({
                "safeguard_chain_head": 1,
                "service": service,
                "store": store.path().file_name().map(|n| n.to_string_lossy().into_owned()),
                "length": length,
                "head": head,
                "verified_at": crate::domain::clock::rfc3339(ctx.clock.now()),
            });
            let text = serde_json::to_vec_pretty(&statement).map_err(|e| Error::Other(e.to_string()))?;
            let keys: Vec<&age::x25519::Recipient> = to.iter().map(|(_, k)| k).collect();
            let sealed = crate::seal::seal(&keys, &text)?;
            crate::cli::sealed::write_out(path, &sealed, ctx.clock.now())?;
            Some(serde_json::json!({
                "file": path.display().to_string(),
                "sealed_to": to.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            }))
        }
        _ => None,
    };
    if args.json {
        out_json(&serde_json::json!({
            "ok": problems.is_empty(),
            "problems": problems,
            "length": length,
            "head": head,
            "clock": clock,
            "clock_in_chain": clock_in_chain,
            "legacy_concerns": legacy,
            "signatures": signatures,
            "you": you,
            "roster_warning": roster_warning,
            "sealed_head": sealed_head,
        }))?;
    } else if problems.is_empty() {
        out(format!(
            "ok: {} passes the encryption, integrity, schema and hash-chain checks, and its concerns \
             and duties are what its journal records",
            store.path().display()
        ))?;
        if legacy > 0 {
            out(format!(
                "note: {legacy} concern(s) were raised before the journal recorded its effects (schema 7); \
                 for them only the status, the outcome and what later entries did to their duties are checked"
            ))?;
        }
        let entries = if length == 1 { "1 entry".to_owned() } else { format!("{length} entries") };
        out(format!("chain: {entries}, head {head}"))?;
        if let Some(s) = &signatures {
            let mut line = format!(
                "signatures: {} signed entries verified against the roster in force at each",
                s.signed
            );
            if s.anonymous > 0 {
                line.push_str(&format!("; {} anonymous Code RED report(s), not signed", s.anonymous));
            }
            if s.before_roster > 0 {
                line.push_str(&format!(
                    "; {} entries written before the store had a roster, not signed (the chain covers them)",
                    s.before_roster
                ));
            }
            out(line)?;
            if !s.signers.is_empty() {
                let by: Vec<String> =
                    s.signers.iter().map(|t| format!("{} ({}, {})", t.name, t.login, t.entries)).collect();
                out(format!("signed by: {}", by.join("; ")))?;
            }
            if let Some(y) = &you {
                out(format!(
                    "you: {} (login {} on the roster), by your own signing key",
                    y["name"].as_str().unwrap_or_default(),
                    y["login"].as_str().unwrap_or_default()
                ))?;
            }
        }
        if let Some(h) = &sealed_head {
            out(format!(
                "sealed the head into {} for {}",
                h["file"].as_str().unwrap_or_default(),
                h["sealed_to"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))?;
        }
    }
    if let Some(w) = &roster_warning
        && !args.json
    {
        crate::output::status(&format!("warning: {w}"));
    }
    if problems.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(Error::StoreDamaged { path: store.path().to_owned(), detail: problems.join("; ") })
    }
}

/// What is wrong with entries signed by nobody that came before the store's roster (`unsigned` of
/// them; `empty`: the store has no roster at all; `clock`: what its first roster entry records).
/// They are a store's from before signed records, vouched for by the first roster entry added
/// when it was brought up to date (which records the clock `unrecorded`, or none). A store with
/// no roster, or whose first roster entry records the clock `init` saw (so it was made with
/// signed records), has had its signatures removed: an insider with only the passphrase could
/// otherwise strip them all, rewrite what they liked and rehash (issue 14).
fn unsigned_problem(unsigned: i64, empty: bool, clock: Option<&str>) -> Option<String> {
    if unsigned == 0 {
        return None;
    }
    if empty {
        return Some(format!(
            "{unsigned} entries are signed by nobody and the store has no roster: either it was made before \
             signed records, or its signatures and roster were removed. Only if you know it predates signed \
             records, vouch for it by adding yourself to its roster (`safeguard roster add`); otherwise \
             restore a backup"
        ));
    }
    match clock {
        Some(c @ ("system" | "fixed")) => Some(format!(
            "the first {unsigned} entries are signed by nobody, but the roster entry after them records that \
             the store was made with the {c} clock, so with signed records: their signatures were removed"
        )),
        _ => None,
    }
}

/// Who runs `verify`, by their own signing key against the roster (name and login as the roster
/// gives them, never the system's): Some when their key is on it. A warning when it is not, but
/// the roster gives their login (or the name the config gives them) to someone with another key:
/// that roster was not made with their key, so the store was rewritten (a roster rebuilt with
/// keys an insider holds signs everything again) or is another store (issue 14). A warning, not
/// a failure: people sharing one login (a test, a shared laptop) would otherwise see a sound
/// store called damaged; only a head kept elsewhere (`--expect-head`) proves a rewrite.
/// Entries signed in a role that may not write them: a decision signed as the line manager, a
/// countersignature by someone who is not a countersignatory, any entry signed in a role the
/// concern's route leaves out (an allegation about the designated person, 003 §6.20), or by
/// someone who then held such a role, whichever role they signed in (003 §6.20: the
/// designated person is left out, as a person, of an allegation about them). The signature
/// proves who wrote an entry; this checks that they were someone who could, as the command
/// would have required (`Policy::writers`, handed on by the route as the commands do, and
/// `Context::actor_on`, which refuses a signer holding a role the route leaves out).
/// `roster`: the roster of the whole journal, from the signature walk.
fn authority_problems(
    policy: &crate::policy::Policy,
    store: &Store,
    roster: &crate::domain::signed::Roster,
) -> Result<Vec<String>> {
    use crate::domain::record::EntryKind;
    let mut out = Vec::new();
    let mut route: Option<(String, crate::policy::route::Resolved)> = None;
    store.each_authored_entry(|concern, seq, kind, signer, key, event| {
        // A signer that does not read is named by the signature walk.
        let Some((who, role)) = crate::domain::signed::split_label(signer) else { return Ok(()) };
        if route.as_ref().is_none_or(|(c, _)| c != concern) {
            let answers = store.raised_answers(concern)?;
            route = Some((concern.to_owned(), crate::policy::route::resolve(policy, &answers, None)));
        }
        let Some((_, r)) = &route else { return Ok(()) };
        let kind = EntryKind::of(kind);
        let name = format!("entry {seq} of {concern} ({kind})");
        // The roles the signer held on the roster when they signed (the walk has checked that
        // the key was theirs then).
        let held: &[String] = roster.holder_at(key, seq).map_or(&[], |m| m.roles.as_slice());
        let held_left_out = held.iter().find(|x| *x != role && r.excluded.contains(x));
        if r.excluded.iter().any(|x| x == role) {
            out.push(format!(
                "{name}: signed as {}, a role this concern's route leaves out, so its holder may not act on it",
                policy.role_title(role)
            ));
        } else if let Some(left_out) = held_left_out {
            out.push(format!(
                "{name}: signed as {} by {who}, who was also {} on the roster then, a role this \
                 concern's route leaves out, so they may not act on it",
                policy.role_title(role),
                policy.role_title(left_out)
            ));
        } else if let Some(roles) = policy.writers(&kind, event) {
            let mut may: Vec<&str> = roles.iter().map(|x| r.owner(x)).collect();
            may.dedup();
            if !may.contains(&role) {
                let who: Vec<&str> = may.iter().map(|x| policy.role_title(x)).collect();
                out.push(format!(
                    "{name}: signed as {}, but only {} may write it",
                    policy.role_title(role),
                    who.join(" or ")
                ));
            }
        }
        Ok(())
    })?;
    Ok(out)
}

fn running_person(
    ctx: &Context,
    roster: &crate::domain::signed::Roster,
) -> Result<(Option<serde_json::Value>, Option<String>)> {
    let data = ctx.data_dir()?;
    let Some(key) = crate::seal::identity::load_signing(&data)? else { return Ok((None, None)) };
    let mine = key.public().text();
    if let Some(m) = roster.ever_by_key(&mine) {
        let you = serde_json::json!({
            "name": m.name,
            "login": m.login,
            "roles": m.roles,
            "retired": m.retired.is_some(),
        });
        return Ok((Some(you), None));
    }
    let login = crate::seal::unix::login_name(crate::seal::unix::euid());
    let name = ctx.config.user.as_ref().map(|p| p.name.as_str());
    let claimed = roster
        .members
        .iter()
        .filter(|m| m.retired.is_none())
        .find(|m| m.login == login || Some(m.name.as_str()) == name);
    Ok((
        None,
        claimed.map(|m| {
            format!(
                "the roster gives {} (login {}) the signing key {}, but yours ({}) is {mine}: if that is \
                 you, this roster was not made with your key, so the store has been rewritten (check it \
                 with `safeguard verify --expect-head` and a head kept elsewhere) or is not the one you \
                 were added to",
                m.name,
                m.login,
                m.key,
                crate::seal::identity::signing_file(&data).display()
            )
        }),
    ))
}

/// What is wrong with the store's clock records: `meta.clock` (`meta`) against the clock its first
/// roster entry records (`chained`, none for a store made before the clock was chained).
fn clock_problem(meta: Option<&str>, chained: Option<&str>) -> Option<String> {
    match (meta, chained) {
        (None, Some(c)) => Some(format!(
            "the store's record of its clock (meta.clock) is missing; its first roster entry records that \
             it was made with the {c} clock"
        )),
        (None, None) => Some("the store's record of its clock (meta.clock) is missing".into()),
        (Some(m), Some(c)) if m != c => Some(format!(
            "meta.clock says the store was made with the {m} clock, but its first roster entry records \
             the {c} clock: the record was changed"
        )),
        _ => None,
    }
}

/// The service's name and whom `--seal-head` seals to: every person of the service file holding
/// a role of `bindings.roles.head_holders`, and the recovery recipients (by name, with the key).
fn head_holders(
    ctx: &Context,
    policy: &crate::policy::Policy,
) -> Result<(String, Vec<(String, age::x25519::Recipient)>)> {
    let service = ctx.require_service(policy, "--seal-head", Some("names the Group Head's key"))?;
    let roles = &policy.bindings.roles.head_holders;
    let mut to: Vec<(String, age::x25519::Recipient)> = service
        .persons
        .iter()
        .filter(|p| p.roles.iter().any(|r| roles.contains(r)))
        .map(|p| (p.name.clone(), p.recipient.recipient.clone()))
        .collect();
    if to.is_empty() {
        return Err(Error::input(format!(
            "the service file {} names nobody with the role {} to hold the chain head; add them, with \
             their recipient (`safeguard identity show`)",
            service.path.display(),
            roles.join(" or ")
        )));
    }
    to.extend(service.recovery.iter().map(|k| ("recovery".to_owned(), k.recipient.clone())));
    Ok((service.name.clone(), to))
}

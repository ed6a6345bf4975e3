//! `safeguard decide ID`: the designated person's decision (or the line manager's recommendation).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveTime, Utc};
use serde_json::{Value, json};

use crate::cli::{Context, SignerArgs, raise::calendar};
use crate::domain::calendar::show_local;
use crate::domain::clock::rfc3339;
use crate::domain::deadline::RuleDue;
use crate::domain::duty::{self, Planned};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output;
use crate::policy::Policy;
use crate::store::timeline::Record;

/// Record the decision on a concern: the designated person's (default) or the line manager's.
///
/// Designated person (003 §6.21 for a child, §6.13-6.16 for an adult): `outcome` is one of the
/// outcome ids of the concern's kind (`safeguard policy show`); `reason` is required when it
/// differs from the policy's recommendation; keep-under-review needs `action_plan`, a list of
/// `{ task, owner, due }`; la-consultation and contact-other-agencies lead to a new decision.
///
/// Line manager (`role = "line-manager"`, 003 §3.6, App G): `recommend` is refer or
/// do-not-refer; `reason` is required for do-not-refer.
///
/// Parents and carers of a child (003 §6.47, Tree F): `parents` is agreed or refused (their
/// agreement was sought: `parents_agreed_by` names the line manager and designated person who
/// agreed to asking), not-sought (`parents_reason` says why; share it with the local
/// authority) or wait-for-la (nothing is said until the local authority agrees). A refusal
/// never stops a child protection referral (003 §1.9).
///
/// Answer-file keys: role, outcome, recommend, decided_by, reason, action_plan, consulted,
/// advice, parents, parents_told, parents_agreed_by, parents_reason, capacity_evidence,
/// best_interests, notes, at. Without --answers the questions are asked on the terminal.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The concern's id.
    pub id: String,
    /// Take the decision from this file (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    #[command(flatten)]
    pub signer: SignerArgs,
}

const KEYS: &[&str] = &[
    "role",
    "outcome",
    "recommend",
    "decided_by",
    "reason",
    "action_plan",
    "consulted",
    "advice",
    "parents",
    "parents_told",
    "parents_agreed_by",
    "parents_reason",
    "capacity_evidence",
    "best_interests",
    "notes",
    "at",
];

/// The outcome group of a concern's `about`.
fn group_of(about: &str) -> &str {
    if about == "unborn" { "child" } else { about }
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let policy = Policy::load(ctx.config.policy.as_deref())?;
    let given = match &args.answers {
        Some(p) => Some(read_answers(p)?),
        None => None,
    };
    if given.is_none() && !crate::secret::can_prompt() {
        return Err(Error::input(
            "decide needs a terminal to ask its questions; without one, give --answers FILE",
        ));
    }
    let mut store = ctx.open_store()?;
    let concern = store.concern(&args.id)?;
    if concern.status == "frozen" {
        return Err(Error::Frozen { id: concern.id });
    }
    let group = group_of(&concern.about).to_owned();
    let mut a = match given {
        Some(a) => a,
        None => ask(&policy, &group, &concern.recommendation)?,
    };
    let text = |a: &BTreeMap<String, Value>, k: &str| -> Result<Option<String>> {
        match a.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(other) => Err(Error::input(format!("answer `{k}`: expected text (found {other})"))),
        }
    };
    let now = ctx.clock.now();
    let at = ctx.at(text(&a, "at")?.as_deref())?;
    let signer = match a.remove("decided_by") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(Value::Object(o)) => {
            let f = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            format!("{} ({})", f("name"), f("role"))
        }
        None | Some(Value::Null) => ctx.signer(&args.signer),
        Some(other) => {
            return Err(Error::input(format!(
                "answer `decided_by`: expected \"Name (role)\" (found {other})"
            )));
        }
    };
    let role = text(&a, "role")?.unwrap_or_else(|| "designated-person".into());
    let reason = text(&a, "reason")?;
    let mut record =
        Record { kind: "decision".into(), at, recorded_at: now, signer: Some(signer), ..Record::default() };

    match role.as_str() {
        "line-manager" => {
            let rec = text(&a, "recommend")?
                .ok_or_else(|| Error::input("answer `recommend` is required: refer or do-not-refer"))?;
            if rec != "refer" && rec != "do-not-refer" {
                return Err(Error::input(format!(
                    "answer `recommend`: {rec:?} is not one of: refer, do-not-refer"
                )));
            }
            if rec == "do-not-refer" && reason.is_none() {
                return Err(Error::input(
                    "answer `reason` is required: a line manager who recommends no referral must still give the designated person the reasons (003 §3.6)",
                ));
            }
            record.kind = "lm-recommendation".into();
            record.body =
                json!({ "role": role, "recommend": rec, "reason": reason, "notes": text(&a, "notes")? });
            record.complete_kinds = vec!["report-to-line-manager".into()];
        }
        "designated-person" => {
            let outcome = text(&a, "outcome")?.ok_or_else(|| {
                Error::input("answer `outcome` is required (an outcome id; see `safeguard policy show`)")
            })?;
            let o = policy.outcomes.get(&outcome).filter(|o| o.group == group).ok_or_else(|| {
                let ids: Vec<&str> = policy
                    .outcomes
                    .iter()
                    .filter(|(_, o)| o.group == group)
                    .map(|(k, _)| k.as_str())
                    .collect();
                Error::input(format!(
                    "answer `outcome`: {outcome:?} is not an outcome for a {} concern; use one of: {}",
                    concern.about,
                    ids.join(", ")
                ))
            })?;
            if outcome != concern.recommendation && reason.is_none() {
                return Err(Error::input(format!(
                    "answer `reason` is required: the decision ({outcome}) differs from the policy's recommendation ({})",
                    concern.recommendation
                )));
            }
            let anchors = store.anchors(&concern, at)?;
            let route = crate::policy::route::resolve(&policy, &store.raised_answers(&args.id)?, None);
            record.start = duty::plan_on(
                &route,
                &policy,
                &o.on_decision,
                anchors,
                &calendar(ctx),
                ctx.config.unspecified_days,
            );
            let plan = match a.get("action_plan") {
                None | Some(Value::Null) => vec![],
                Some(v) => action_plan(v, at)?,
            };
            if o.needs_action_plan && plan.is_empty() {
                return Err(Error::input(
                    "answer `action_plan` is required for keep-under-review: at least one task, each with task, owner and due (003 §6.21 option 5)",
                ));
            }
            record.start.extend(plan.iter().cloned());
            record.always_new = vec!["action-plan-task".into()];
            record.start_unless_done = true;
            if o.decide_again && (text(&a, "consulted")?.is_none() || text(&a, "advice")?.is_none()) {
                output::status(
                    "note: record whom you consulted (`consulted`) and what was said (`advice`), 003 §6.21",
                );
            }
            let mut guidance = o.decision_guidance.clone();
            let parents = text(&a, "parents")?;
            if let Some(p) = &parents {
                guidance.extend(parents_rules(
                    p,
                    &group,
                    &outcome,
                    text(&a, "parents_agreed_by")?.is_some(),
                    text(&a, "parents_reason")?.is_some(),
                    store.raised_answers(&args.id)?.get("special").unwrap_or(&Value::Null),
                )?);
            }
            record.complete_kinds = vec!["dp-decision".into()];
            record.outcome = Some(outcome.clone());
            record.body = json!({
                "role": role,
                "outcome": outcome,
                "recommendation": concern.recommendation,
                "differs": outcome != concern.recommendation,
                "reason": reason,
                "action_plan": plan.iter().map(|p| json!({ "task": p.title, "owner": p.owner, "due": p.due.map(rfc3339) })).collect::<Vec<_>>(),
                "consulted": text(&a, "consulted")?,
                "advice": text(&a, "advice")?,
                "decide_again": o.decide_again,
                "parents": { "decision": parents, "told": text(&a, "parents_told")?, "agreed_by": text(&a, "parents_agreed_by")?, "reason": text(&a, "parents_reason")? },
                "capacity_evidence": text(&a, "capacity_evidence")?,
                "best_interests": text(&a, "best_interests")?,
                "notes": text(&a, "notes")?,
                "guidance": guidance,
            });
        }
        other => {
            return Err(Error::input(format!(
                "answer `role`: {other:?} is not one of: designated-person, line-manager"
            )));
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
    for d in &record.start {
        let due = d.due.map(show_local).unwrap_or_else(|| "no time set".into());
        output::status(&format!("  started: {} ({}) due {due}", d.kind, d.title));
    }
    for g in record.body["guidance"].as_array().into_iter().flatten() {
        output::status(&format!("  - {}", g.as_str().unwrap_or_default()));
    }
    Ok(Exit::Success)
}

/// Tree F (003 §6.47): what each answer about the parents needs, and what to say.
fn parents_rules(
    parents: &str,
    group: &str,
    outcome: &str,
    agreed_by: bool,
    reason: bool,
    special: &Value,
) -> Result<Vec<String>> {
    if group != "child" {
        return Err(Error::input("answer `parents`: only for a concern about a child (003 §6.47)"));
    }
    let mut say = vec![];
    match parents {
        "agreed" | "refused" => {
            if !agreed_by {
                return Err(Error::input(
                    "answer `parents_agreed_by` is required: the parents may be asked only with the agreement of both the line manager and the designated person (003 §6.47)",
                ));
            }
            let online = special.as_array().is_some_and(|l| l.iter().any(|v| v == "online"));
            if online {
                say.push("Online abuse: the police and children's social care should have agreed before the family was approached (003 §18.18); record how this came about.".to_owned());
            }
            if parents == "refused" {
                say.push(if matches!(outcome, "urgent-referral" | "child-protection-referral") {
                    "The parents refused, and the child protection referral still goes ahead: consent never delays it (003 §1.9). Record the refusal.".to_owned()
                } else {
                    "The parents refused. The policy does not say what follows for this kind of referral: decide, and record your reasons (003 §6.47).".to_owned()
                });
            }
        }
        "not-sought" => {
            if !reason {
                return Err(Error::input(
                    "answer `parents_reason` is required: when the parents' agreement is not sought, the reasons are recorded (003 §6.47)",
                ));
            }
            say.push("Share the decision not to seek the parents' agreement, and why, with the local authority when you refer (003 §6.47). The parents may be told after the referral with the line manager's and designated person's agreement.".to_owned());
        }
        "wait-for-la" => say.push(
            "Do not discuss the referral with the parents until the local authority has agreed to it; record this (003 §6.47).".to_owned(),
        ),
        other => {
            return Err(Error::input(format!(
                "answer `parents`: {other:?} is not one of: agreed, refused, not-sought, wait-for-la"
            )));
        }
    }
    Ok(say)
}

fn read_answers(path: &std::path::Path) -> Result<BTreeMap<String, Value>> {
    let text = crate::limits::read_text(path, crate::limits::ANSWER_FILE_MAX, "an answer file")
        .map_err(|e| Error::input(format!("cannot read the answer file {}: {e}", path.display())))?;
    let map = crate::interview::answers::read_map(&text, &path.display().to_string())?;
    let unknown: Vec<&String> = map.keys().filter(|k| !KEYS.contains(&k.as_str())).collect();
    if let Some(k) = unknown.first() {
        return Err(Error::input(format!(
            "answer `{k}`: not a decision field; the fields are: {}",
            KEYS.join(", ")
        )));
    }
    Ok(map)
}

/// `[{ task, owner, due }]` as duties; `due` is a date (end of that day, UK time) or a time.
fn action_plan(v: &Value, at: DateTime<Utc>) -> Result<Vec<Planned>> {
    let items = v
        .as_array()
        .ok_or_else(|| Error::input("answer `action_plan`: expected a list of { task, owner, due }"))?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = |k: &str| -> Result<String> {
            item.get(k)
                .and_then(|x| match x {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                    _ => None,
                })
                .ok_or_else(|| {
                    Error::input(format!("answer `action_plan` item {}: `{k}` is required", i + 1))
                })
        };
        let (task, owner, due_text) = (field("task")?, field("owner")?, field("due")?);
        let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default();
        let due = crate::interview::parse_day_or_time(&due_text, end_of_day)
            .map_err(|e| Error::input(format!("answer `action_plan` item {}: `due`: {e}", i + 1)))?;
        if due <= at {
            return Err(Error::input(format!(
                "answer `action_plan` item {}: `due` {due_text} is not after the decision",
                i + 1
            )));
        }
        out.push(Planned {
            kind: "action-plan-task".into(),
            title: task,
            owner,
            due: Some(due),
            rules: vec![RuleDue {
                within: "by the date the designated person set".into(),
                from: "the decision was made".into(),
                source: "003 §6.21 option 5 (DL-17)".into(),
                due,
            }],
            notes: vec![],
        });
    }
    Ok(out)
}

/// The decision asked on the terminal.
fn ask(policy: &Policy, group: &str, recommendation: &str) -> Result<BTreeMap<String, Value>> {
    use dialoguer::{Input, Select, theme::ColorfulTheme};
    let theme = ColorfulTheme::default();
    let mut ids: Vec<(&String, &crate::policy::Outcome)> =
        policy.outcomes.iter().filter(|(_, o)| o.group == group).collect();
    ids.sort_by_key(|(_, o)| std::cmp::Reverse(o.rank));
    let labels: Vec<String> = ids
        .iter()
        .map(|(id, o)| {
            let title = output::safe(&o.title);
            if id.as_str() == recommendation {
                format!("{title} (the policy's recommendation)")
            } else {
                title
            }
        })
        .collect();
    let at = ids.iter().position(|(id, _)| id.as_str() == recommendation).unwrap_or(0);
    let i = Select::with_theme(&theme)
        .with_prompt("Your decision")
        .items(&labels)
        .default(at)
        .interact()
        .map_err(crate::error::from_dialoguer)?;
    let mut a = BTreeMap::new();
    let chosen = ids[i].0.clone();
    a.insert("outcome".into(), json!(chosen));
    let differs = chosen != recommendation;
    let reason: String = Input::with_theme(&theme)
        .with_prompt(if differs {
            "Why does your decision differ from the recommendation?"
        } else {
            "Reasons (optional)"
        })
        .allow_empty(!differs)
        .interact_text()
        .map_err(crate::error::from_dialoguer)?;
    a.insert("reason".into(), json!(reason));
    if policy.outcomes[&chosen].needs_action_plan {
        let mut tasks = Vec::new();
        loop {
            let task: String = Input::with_theme(&theme)
                .with_prompt("Action plan task (blank when done)")
                .allow_empty(!tasks.is_empty())
                .interact_text()
                .map_err(crate::error::from_dialoguer)?;
            if task.trim().is_empty() {
                break;
            }
            let owner: String = Input::with_theme(&theme)
                .with_prompt("Who does it")
                .interact_text()
                .map_err(crate::error::from_dialoguer)?;
            let due: String = Input::with_theme(&theme)
                .with_prompt("By when (YYYY-MM-DD)")
                .interact_text()
                .map_err(crate::error::from_dialoguer)?;
            tasks.push(json!({ "task": task, "owner": owner, "due": due }));
        }
        a.insert("action_plan".into(), Value::Array(tasks));
    }
    if policy.outcomes[&chosen].decide_again {
        for (k, p) in [("consulted", "Whom did you consult?"), ("advice", "What did they advise?")] {
            let v: String = Input::with_theme(&theme)
                .with_prompt(p)
                .allow_empty(true)
                .interact_text()
                .map_err(crate::error::from_dialoguer)?;
            a.insert(k.into(), json!(v));
        }
    }
    if group == "child" {
        let choices = [
            ("", "Not settled yet (skip)"),
            ("agreed", "Asked, with the line manager's and my agreement: they agreed"),
            ("refused", "Asked, with the line manager's and my agreement: they refused"),
            ("not-sought", "Not sought: it could put the child at risk, or it is not practical"),
            ("wait-for-la", "Not until the local authority agrees"),
        ];
        let labels: Vec<&str> = choices.iter().map(|(_, l)| *l).collect();
        let i = Select::with_theme(&theme)
            .with_prompt("The parents' or carers' agreement to the referral (003 §6.47)")
            .items(&labels)
            .default(0)
            .interact()
            .map_err(crate::error::from_dialoguer)?;
        let (value, _) = choices[i];
        let follow = match value {
            "agreed" | "refused" => {
                Some(("parents_agreed_by", "Who agreed to asking them (line manager and designated person)?"))
            }
            "not-sought" => Some(("parents_reason", "Why was their agreement not sought?")),
            _ => None,
        };
        if !value.is_empty() {
            a.insert("parents".into(), json!(value));
        }
        if let Some((k, p)) = follow {
            let v: String = Input::with_theme(&theme)
                .with_prompt(p)
                .interact_text()
                .map_err(crate::error::from_dialoguer)?;
            a.insert(k.into(), json!(v));
        }
    }
    Ok(a)
}

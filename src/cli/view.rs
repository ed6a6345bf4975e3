//! One concern, for people and for scripts: `raise` and `show` print the same thing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::cli::{Context, out};
use crate::domain::calendar::{Calendar, show_local};
use crate::error::{Error, Result};
use crate::output::when::relative;
use crate::output::wrap;
use crate::policy::Policy;
use crate::store::Store;
use crate::store::records::{Body, Parts};

/// The machine-readable record: PRODUCT.md's fields and more.
pub fn concern_json(store: &Store, id: &str, now: DateTime<Utc>) -> Result<Value> {
    let parts =
        store.parts_batch(&[id.to_owned()], true)?.pop().ok_or_else(|| Error::NotFound(id.to_owned()))?;
    Ok(build_json(&parts, now))
}

/// The record from its parts, as a value (for `show`, `raise` and the forms).
///
/// It is [`Record`] read back, so the JSON export, `show --json` and the forms cannot drift
/// apart: there is one definition of the record.
pub fn build_json(parts: &Parts, now: DateTime<Utc>) -> Value {
    serde_json::to_value(Record::new(parts, now)).unwrap_or(Value::Null)
}

/// The record of one concern, serialised straight from what the store holds: journal bodies
/// are copied through as stored (raw JSON), never parsed and rebuilt. PRODUCT.md's fields
/// (`id`, `about`, `status`, `recommendation`, `outcome`, `duties`, `timeline`) and more.
#[derive(Serialize)]
pub struct Record<'a> {
    id: &'a str,
    about: &'a str,
    status: &'a str,
    raised_at: &'a str,
    recommendation: &'a str,
    outcome: Option<&'a str>,
    anonymous: bool,
    reporter: Option<&'a RawValue>,
    subject: &'a Value,
    policy: PolicyRef<'a>,
    duties: Vec<DutyOut<'a>>,
    timeline: Vec<EntryOut<'a>>,
    transcript: Option<&'a RawValue>,
    guidance: Option<&'a RawValue>,
}

#[derive(Serialize)]
struct PolicyRef<'a> {
    id: &'a str,
    version: &'a str,
    hash: &'a str,
}

#[derive(Serialize)]
struct DutyOut<'a> {
    id: i64,
    kind: &'a str,
    title: &'a str,
    owner: &'a str,
    due: Option<String>,
    status: &'static str,
    done_at: Option<&'a str>,
    rules: Option<&'a RawValue>,
    notes: Option<&'a RawValue>,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    seq: i64,
    kind: &'a str,
    at: &'a str,
    recorded_at: &'a str,
    signed_by: &'a str,
    body: Body<'a>,
    hash: &'a str,
}

/// The parts of the `raised` entry's body that the record repeats at the top.
#[derive(Default, Deserialize)]
struct RaisedHead<'a> {
    #[serde(borrow, default)]
    reporter: Option<&'a RawValue>,
    #[serde(borrow, default)]
    transcript: Option<&'a RawValue>,
    #[serde(borrow, default)]
    guidance: Option<&'a RawValue>,
}

impl<'a> Record<'a> {
    pub fn new(parts: &'a Parts, now: DateTime<Utc>) -> Record<'a> {
        let Parts { row: c, duties, entries } = parts;
        let head = entries
            .iter()
            .find(|e| e.kind == "raised")
            .and_then(|e| serde_json::from_str::<RaisedHead<'_>>(&e.body).ok())
            .unwrap_or_default();
        Record {
            id: &c.id,
            about: &c.about,
            status: &c.status,
            raised_at: &c.raised_at,
            recommendation: &c.recommendation,
            outcome: c.outcome.as_deref(),
            anonymous: c.anonymous,
            reporter: head.reporter,
            subject: &c.summary,
            policy: PolicyRef { id: &c.policy_id, version: &c.policy_version, hash: &c.policy_hash },
            duties: duties
                .iter()
                .map(|d| (d, d.basis()))
                .map(|(d, basis)| DutyOut {
                    id: d.id,
                    kind: &d.kind,
                    title: &d.title,
                    owner: &d.owner,
                    due: d.due.map(crate::domain::clock::rfc3339),
                    status: d.status_at(now),
                    done_at: d.done_at.as_deref(),
                    rules: basis.rules,
                    notes: basis.notes,
                })
                .collect(),
            timeline: entries
                .iter()
                .map(|e| EntryOut {
                    seq: e.seq,
                    kind: &e.kind,
                    at: &e.at,
                    recorded_at: &e.recorded_at,
                    signed_by: e.signer.as_deref().unwrap_or("anonymous"),
                    body: e.body_json(),
                    hash: &e.hash,
                })
                .collect(),
            transcript: head.transcript,
            guidance: head.guidance,
        }
    }
}

/// The human summary of a concern: recommendation, what to do, who to tell, duties.
pub fn print_concern(
    ctx: &Context,
    policy: &Policy,
    cal: &Calendar,
    record: &Value,
    now: DateTime<Utc>,
) -> Result<()> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let raised = record["timeline"]
        .as_array()
        .and_then(|t| t.iter().find(|e| e["kind"] == "raised"))
        .map(|e| e["body"].clone());
    let raised = raised.unwrap_or(Value::Null);
    let term = console::Term::stdout();
    out(format!("Concern {}  ({}, {})", s(&record["id"]), s(&record["about"]), s(&record["status"])))?;
    if raised["immediate_risk"] == "yes" {
        out("\n!! Someone may be in danger now: if you have not already, call 999.")?;
    }
    let rec = s(&record["recommendation"]);
    if let Some(o) = policy.outcomes.get(&rec) {
        out(format!("\nRecommendation: {}  [{}]", o.title, o.source))?;
        out(wrap(&o.summary, "  ", &term))?;
    } else {
        out(format!("\nRecommendation: {rec}"))?;
    }
    for why in raised["raised_because"].as_array().into_iter().flatten() {
        out(format!("  (raised to {})", s(why)))?;
    }
    if let Some(outcome) = record["outcome"].as_str() {
        out(format!("Decision: {outcome}"))?;
    }
    let guidance: Vec<String> = record["guidance"].as_array().into_iter().flatten().map(s).collect();
    if !guidance.is_empty() {
        out("\nWhat to do now:")?;
        for g in guidance {
            out(wrap(&format!("- {g}"), "  ", &term))?;
        }
    }
    if let Some(route) = raised["route"]["title"].as_str().filter(|t| !t.is_empty()) {
        out(format!("\nRoute: {route}"))?;
    }
    let tell: Vec<String> = raised["tell"].as_array().into_iter().flatten().map(s).collect();
    if !tell.is_empty() {
        out("\nWho to tell:")?;
        for role in tell {
            let mut line = format!("  - {}", policy.role_title(&role));
            if let Some(c) = ctx.config.contacts.get(&role) {
                let parts: Vec<&str> =
                    [&c.name, &c.phone, &c.email].into_iter().flatten().map(String::as_str).collect();
                if !parts.is_empty() {
                    line.push_str(&format!(": {}", parts.join(", ")));
                }
            }
            out(line)?;
        }
    }
    out(format!("\nDuties (UK time; now {}):", show_local(now)))?;
    for (i, d) in record["duties"].as_array().into_iter().flatten().enumerate() {
        let status = s(&d["status"]);
        let due: Option<DateTime<Utc>> = d["due"].as_str().and_then(|t| t.parse().ok());
        let when = match (status.as_str(), due) {
            ("done", _) => "done".to_owned(),
            (_, Some(t)) => format!("{} ({})", show_local(t), relative(t, now, cal)),
            (_, None) => "no time set".to_owned(),
        };
        let mark = if status == "overdue" { "OVERDUE " } else { "" };
        out(format!("  {}. {mark}{}  [{}]", i + 1, s(&d["title"]), s(&d["kind"])))?;
        out(format!("     who: {}   due: {when}", policy.role_title(&s(&d["owner"]))))?;
        let rules = d["rules"].as_array().cloned().unwrap_or_default();
        if rules.len() > 1 {
            out("     the seeds differ; the earlier applies:")?;
        }
        for r in &rules {
            let t: Option<DateTime<Utc>> = r["due"].as_str().and_then(|t| t.parse().ok());
            out(format!(
                "     - {}, counted from when {} [{}]{}",
                s(&r["within"]),
                s(&r["from"]),
                s(&r["source"]),
                if rules.len() > 1 {
                    t.map(|t| format!(" -> {}", show_local(t))).unwrap_or_default()
                } else {
                    String::new()
                }
            ))?;
        }
        for n in d["notes"].as_array().into_iter().flatten() {
            out(format!("     note: {}", s(n)))?;
        }
    }
    Ok(())
}

/// The timeline, entry by entry: its number (amendments name it), when it happened (UK time),
/// what it was, who signed it, and what it says: the note, the decision and its reasons, the
/// amendment and what it corrects.
pub fn print_timeline(policy: &Policy, record: &Value) -> Result<()> {
    out("\nTimeline (UK time):")?;
    for e in record["timeline"].as_array().into_iter().flatten() {
        let when = |v: &Value| -> String {
            v.as_str().map(|t| t.parse().map(show_local).unwrap_or_else(|_| t.to_owned())).unwrap_or_default()
        };
        let (what, details) = describe_entry(policy, e);
        out(format!("  {:>3}. {}  {what}", e["seq"], when(&e["at"])))?;
        out(format!("       signed: {}", e["signed_by"].as_str().unwrap_or("anonymous")))?;
        if e["recorded_at"] != e["at"] {
            out(format!("       recorded {}", when(&e["recorded_at"])))?;
        }
        for (label, text) in details {
            // A line break in the text stays inside this entry, indented: it cannot make a
            // line that looks like another entry or another signer.
            out(format!("       {label}: {}", text.replace('\n', "\n         ")))?;
        }
    }
    Ok(())
}

/// What an entry was, in words, and the lines that say what it records.
fn describe_entry(policy: &Policy, e: &Value) -> (String, Vec<(&'static str, String)>) {
    let b = &e["body"];
    let outcome = |id: &Value| {
        let id = id.as_str().unwrap_or_default();
        match policy.outcomes.get(id) {
            Some(o) => format!("{} ({id})", o.title),
            None => id.to_owned(),
        }
    };
    let time = |v: &Value| v.as_str().and_then(|t| t.parse().ok()).map(show_local);
    let mut lines: Vec<(&'static str, String)> = vec![];
    let mut add = |label: &'static str, v: Option<String>| lines.extend(v.map(|t| (label, t)));
    let what = match e["kind"].as_str().unwrap_or_default() {
        "raised" => {
            add("recommendation", Some(outcome(&b["recommendation"])));
            "concern raised".to_owned()
        }
        "event" => {
            add("note", said(&b["note"]));
            add("escalation stage", said(&b["stage"]));
            add("episode", said(&b["episode"]));
            format!("{} ({})", said(&b["title"]).unwrap_or_default(), b["event"].as_str().unwrap_or("event"))
        }
        "decision" => {
            if b["differs"] == true {
                add("the policy recommended", Some(outcome(&b["recommendation"])));
            }
            add("reason", said(&b["reason"]));
            for t in b["action_plan"].as_array().into_iter().flatten() {
                add(
                    "action-plan task",
                    Some(format!(
                        "{} - {}, by {}",
                        t["task"].as_str().unwrap_or_default(),
                        t["owner"].as_str().unwrap_or_default(),
                        time(&t["due"]).unwrap_or_else(|| "no date set".into())
                    )),
                );
            }
            add("consulted", said(&b["consulted"]));
            add("advice", said(&b["advice"]));
            add("parents", said(&b["parents"]["decision"]));
            add("parents told", said(&b["parents"]["told"]));
            add("asking the parents agreed by", said(&b["parents"]["agreed_by"]));
            add("why the parents were not asked", said(&b["parents"]["reason"]));
            add("police and social care agreed", said(&b["parents"]["police_agreed"]));
            add("capacity evidence", said(&b["capacity_evidence"]));
            add("best interests", said(&b["best_interests"]));
            add("decided with", said(&b["decided_with"]));
            add("notes", said(&b["notes"]));
            format!("decision: {}", outcome(&b["outcome"]))
        }
        "lm-recommendation" => {
            add("reason", said(&b["reason"]));
            add("notes", said(&b["notes"]));
            format!("line manager's recommendation: {}", b["recommend"].as_str().unwrap_or_default())
        }
        "amendment" => {
            add("correction", said(&b["note"]));
            format!("amendment of entry {}", b["corrects"])
        }
        "review" => {
            add("note", said(&b["note"]));
            add("next review due", time(&b["next_review"]));
            "progress review".to_owned()
        }
        "countersign" => {
            add("comments", said(&b["comments"]));
            "countersigned".to_owned()
        }
        "closed" => {
            add("statement", said(&b["statement"]));
            add("reason", said(&b["reason"]));
            "concern closed".to_owned()
        }
        "frozen" => {
            add("reason", said(&b["reason"]));
            "frozen for a practice review".to_owned()
        }
        other => {
            // A kind this version does not know: its usual fields, so nothing is hidden.
            add("note", said(&b["note"]));
            add("reason", said(&b["reason"]));
            add("comments", said(&b["comments"]));
            other.replace('-', " ")
        }
    };
    (what, lines)
}

/// A body field that says something: non-empty text, or a number.
fn said(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

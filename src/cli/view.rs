//! One concern, for people and for scripts: `raise` and `show` print the same thing.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::cli::{Context, out};
use crate::domain::calendar::{Calendar, show_local};
use crate::error::{Error, Result};
use crate::output::when::relative;
use crate::output::wrap;
use crate::policy::Policy;
use crate::store::Store;
use crate::store::records::Parts;

/// The machine-readable record: PRODUCT.md's fields and more.
pub fn concern_json(store: &Store, id: &str, now: DateTime<Utc>) -> Result<Value> {
    let parts =
        store.parts_batch(&[id.to_owned()], true)?.pop().ok_or_else(|| Error::NotFound(id.to_owned()))?;
    Ok(build_json(parts, now))
}

/// The record from its parts (consumed, so entry bodies move rather than copy).
pub fn build_json(parts: Parts, now: DateTime<Utc>) -> Value {
    let Parts { row: c, duties, entries } = parts;
    let duties: Vec<Value> = duties
        .into_iter()
        .map(|d| {
            let status = d.status_at(now);
            let mut basis = d.basis;
            json!({
                "id": d.id,
                "kind": d.kind,
                "title": d.title,
                "owner": d.owner,
                "due": d.due.map(crate::domain::clock::rfc3339),
                "status": status,
                "done_at": d.done_at,
                "rules": basis.get_mut("rules").map(Value::take).unwrap_or(Value::Null),
                "notes": basis.get_mut("notes").map(Value::take).unwrap_or(Value::Null),
            })
        })
        .collect();
    let mut reporter = Value::Null;
    let mut transcript = Value::Null;
    let mut guidance = Value::Null;
    let timeline: Vec<Value> = entries
        .into_iter()
        .map(|e| {
            if e.kind == "raised" {
                reporter = e.body.get("reporter").cloned().unwrap_or(Value::Null);
                transcript = e.body.get("transcript").cloned().unwrap_or(Value::Null);
                guidance = e.body.get("guidance").cloned().unwrap_or(Value::Null);
            }
            json!({
                "seq": e.seq,
                "kind": e.kind,
                "at": e.at,
                "recorded_at": e.recorded_at,
                "signed_by": e.signer.unwrap_or_else(|| "anonymous".into()),
                "body": e.body,
                "hash": e.hash,
            })
        })
        .collect();
    json!({
        "id": c.id,
        "about": c.about,
        "status": c.status,
        "raised_at": c.raised_at,
        "recommendation": c.recommendation,
        "outcome": c.outcome,
        "anonymous": c.anonymous,
        "reporter": reporter,
        "subject": c.summary,
        "policy": { "id": c.policy_id, "version": c.policy_version, "hash": c.policy_hash },
        "duties": duties,
        "timeline": timeline,
        "transcript": transcript,
        "guidance": guidance,
    })
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

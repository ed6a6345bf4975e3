//! The machine-readable shapes (PRODUCT.md, "Machine-readable output"), rendered from the
//! typed record: `show --json`, `raise --json` and the JSON export print [`Record`]; `list
//! --json` prints [`Summary`] items; `review --due --json` prints [`Due`] items.
//!
//! Journal bodies, and the raise's reporter, transcript and guidance, are copied through as
//! stored (raw JSON), never parsed and rebuilt: the export writes thousands of records a
//! second this way. Times are RFC 3339 UTC (`2026-11-23T10:00:00Z`).

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::domain::clock::rfc3339;
use crate::domain::record::{
    Body, Concern, ConcernRecord, ConcernStatus, DutyState, EntryKind, PolicyRef, RaisedHead, Subject,
};

/// A time as the JSON gives it.
fn time<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*t))
}

fn time_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => time(t, s),
        None => s.serialize_none(),
    }
}

/// The record of one concern: PRODUCT.md's fields (`id`, `about`, `status`,
/// `recommendation`, `outcome`, `duties` as `{kind, due, status}`, `timeline`) and more.
#[derive(Serialize)]
pub struct Record<'a> {
    id: &'a str,
    about: &'a str,
    status: ConcernStatus,
    #[serde(serialize_with = "time")]
    raised_at: DateTime<Utc>,
    recommendation: &'a str,
    outcome: Option<&'a str>,
    anonymous: bool,
    reporter: Option<&'a RawValue>,
    subject: &'a Subject,
    policy: &'a PolicyRef,
    duties: Vec<DutyOut<'a>>,
    timeline: Vec<EntryOut<'a>>,
    transcript: Option<&'a RawValue>,
    guidance: Option<&'a RawValue>,
    /// The linked records (003 §6.13, §6.14, §6.18): `{ id, link }`, `link` being
    /// `second-record-of` (this concern was raised for that one) or `second-record` (that one
    /// was raised for this).
    links: Vec<serde_json::Value>,
    /// The body map's marks (issue 17), numbered as the forms draw them: `{ n, entry, seen_at,
    /// region, side, description, size }`; each is also in its entry's body (`mark`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body_map: Vec<serde_json::Value>,
    /// How the record is kept and when its retention is reviewed (DOMAIN.md §6.5), where the
    /// policy says: `show --json` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    retention: Option<crate::domain::retention::Retention>,
}

/// The body map's marks of a concern's journal, numbered in the order they were logged.
pub fn body_map(r: &ConcernRecord) -> Vec<serde_json::Value> {
    use crate::domain::record::Content;
    let mut out = Vec::new();
    for e in &r.entries {
        if let Ok(Content::Event(ev)) = e.content()
            && let Some(m) = ev.mark
        {
            out.push(serde_json::json!({
                "n": out.len() + 1,
                "entry": e.seq,
                "seen_at": rfc3339(e.at),
                "region": m.region,
                "side": m.side,
                "description": m.description,
                "size": m.size,
            }));
        }
    }
    out
}

/// The links of a concern's journal, as `show` gives them.
pub fn links(r: &ConcernRecord) -> Vec<serde_json::Value> {
    use crate::domain::record::Content;
    let mut out = Vec::new();
    for e in &r.entries {
        match e.content() {
            Ok(Content::Raised(x)) => {
                if let Some(id) = &x.linked_to {
                    out.push(serde_json::json!({ "id": id, "link": "second-record-of" }));
                }
            }
            Ok(Content::Event(ev)) => {
                if let Some(id) = &ev.linked {
                    out.push(serde_json::json!({ "id": id, "link": "second-record" }));
                }
            }
            _ => {}
        }
    }
    out
}

#[derive(Serialize)]
struct DutyOut<'a> {
    id: i64,
    kind: &'a str,
    title: &'a str,
    owner: &'a str,
    #[serde(serialize_with = "time_opt")]
    due: Option<DateTime<Utc>>,
    /// open, overdue, done (and cancelled or suspended), at the time asked about.
    status: DutyState,
    #[serde(serialize_with = "time_opt")]
    done_at: Option<DateTime<Utc>>,
    rules: Option<&'a RawValue>,
    notes: Option<&'a RawValue>,
    /// A cancelled duty: the entry that ended it (a decision that made it no longer needed, or
    /// the closing) and why, as that entry says: `{ entry, kind, reason }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    cancelled_by: Option<serde_json::Value>,
}

/// For each cancelled duty of the record, the entry that names it as ended (a decision's
/// `ended`, the closing's `cancelled`) with its reason. Bodies are read only when some duty is
/// cancelled, and only the decisions' and closings' (closing cancels the reviews, so a closed
/// concern always has one).
fn cancellations(r: &ConcernRecord) -> std::collections::BTreeMap<i64, serde_json::Value> {
    use crate::domain::record::{Content, DutyStatus};
    let mut out = std::collections::BTreeMap::new();
    if !r.duties.iter().any(|d| d.status == DutyStatus::Cancelled) {
        return out;
    }
    for e in r.entries.iter().filter(|e| matches!(e.kind, EntryKind::Decision | EntryKind::Closed)) {
        let (ids, reason): (Vec<i64>, Option<String>) = match e.content() {
            Ok(Content::Decision(d)) => {
                (d.ended.iter().filter_map(|x| x.duty).collect(), d.ended_reason.clone())
            }
            Ok(Content::Closed(c)) => {
                (c.cancelled.iter().filter_map(|x| x.duty).collect(), c.cancel_reason.clone())
            }
            _ => continue,
        };
        for id in ids {
            out.insert(id, serde_json::json!({ "entry": e.seq, "kind": e.kind, "reason": reason }));
        }
    }
    out
}

#[derive(Serialize)]
struct EntryOut<'a> {
    seq: i64,
    kind: &'a EntryKind,
    #[serde(serialize_with = "time")]
    at: DateTime<Utc>,
    #[serde(serialize_with = "time")]
    recorded_at: DateTime<Utc>,
    signed_by: &'a str,
    /// The signer's key (`sg-ed25519:...`), or null: an anonymous Code RED report is not signed.
    signer_key: Option<&'a str>,
    body: &'a Body,
    hash: &'a str,
}

impl<'a> Record<'a> {
    /// The record as it stands at `now` (which open duties are overdue).
    pub fn new(r: &'a ConcernRecord, now: DateTime<Utc>) -> Record<'a> {
        let c = &r.concern;
        let RaisedHead { reporter, transcript, guidance } = r.raised_head();
        let mut cancelled = cancellations(r);
        Record {
            id: &c.id,
            about: &c.about,
            status: c.status,
            raised_at: c.raised_at,
            recommendation: &c.recommendation,
            outcome: c.outcome.as_deref(),
            anonymous: c.anonymous,
            reporter,
            subject: &c.subject,
            policy: &c.policy,
            links: links(r),
            body_map: body_map(r),
            duties: r
                .duties
                .iter()
                .map(|d| DutyOut {
                    id: d.id,
                    kind: &d.kind,
                    title: &d.title,
                    owner: &d.owner,
                    due: d.due,
                    status: d.state_at(now),
                    done_at: d.done_at,
                    rules: d.rules.as_deref(),
                    notes: d.notes.as_deref(),
                    cancelled_by: cancelled.remove(&d.id),
                })
                .collect(),
            timeline: r
                .entries
                .iter()
                .map(|e| EntryOut {
                    seq: e.seq,
                    kind: &e.kind,
                    at: e.at,
                    recorded_at: e.recorded_at,
                    signed_by: e.signed_by(),
                    signer_key: e.signer_key.as_deref(),
                    body: &e.body,
                    hash: &e.hash,
                })
                .collect(),
            transcript,
            guidance,
            retention: None,
        }
    }

    /// The record with its retention (`show --json`).
    pub fn with_retention(self, retention: Option<crate::domain::retention::Retention>) -> Record<'a> {
        Record { retention, ..self }
    }
}

/// One concern in `list --json`.
#[derive(Serialize)]
pub struct Summary<'a> {
    about: &'a str,
    anonymous: bool,
    id: &'a str,
    outcome: Option<&'a str>,
    #[serde(serialize_with = "time")]
    raised_at: DateTime<Utc>,
    recommendation: &'a str,
    status: ConcernStatus,
    subject: &'a Subject,
}

impl<'a> Summary<'a> {
    pub fn new(c: &'a Concern) -> Summary<'a> {
        Summary {
            about: &c.about,
            anonymous: c.anonymous,
            id: &c.id,
            outcome: c.outcome.as_deref(),
            raised_at: c.raised_at,
            recommendation: &c.recommendation,
            status: c.status,
            subject: &c.subject,
        }
    }
}

/// One duty in `review --due --json`: PRODUCT.md's `{concern, kind, due, overdue_by}` and more.
#[derive(Serialize)]
pub struct Due<'a> {
    pub concern: &'a str,
    #[serde(serialize_with = "time")]
    pub due: DateTime<Utc>,
    pub kind: &'a str,
    /// How overdue, in words ("2 working days"); null when not yet due.
    pub overdue_by: Option<&'a str>,
    pub overdue_seconds: i64,
    pub owner: &'a str,
    /// Who that is by name, where known: the person who raised the concern for the reporter's
    /// duties, or the config's contact for the role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<&'a str>,
    /// overdue or open.
    pub status: DutyState,
    pub title: &'a str,
}

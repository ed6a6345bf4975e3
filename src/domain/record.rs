//! The record of a concern, typed: what the store returns and every renderer (the terminal,
//! JSON, CSV and the forms) reads.
//!
//! Times are `DateTime<Utc>` and statuses are enums: a stored time or status that does not
//! read is damage ([`Damage`], naming the row), never a guess such as "now" or 1970. Journal
//! bodies stay as stored (raw JSON) so the JSON export copies them through without parsing;
//! the readers that need what a body says ask [`Case::new`], which reads every body into its
//! typed [`Content`] once.
//!
//! The projection a concern's journal implies (its [`ConcernStatus`], outcome, duties and
//! their [`DutyStatus`]) is written as plain comparable values, so a state rebuilt from the
//! journal can be compared with the tables field by field.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::domain::deadline::RuleDue;
use crate::policy::bindings::{Bindings, One};
use crate::policy::{Kind, Label, Policy};

/// Something stored that does not read as what it must be: the store is damaged. The text
/// names the row (`concern SG-2026-0001`, `duty 12 of SG-2026-0001`, `entry 57 of ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage(pub String);

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Damage {}

/// Reads a stored time (RFC 3339); `what` names the row and field for the damage report.
pub fn read_time(text: &str, what: impl FnOnce() -> String) -> Result<DateTime<Utc>, Damage> {
    crate::domain::clock::parse_rfc3339(text)
        .map_err(|_| Damage(format!("{}: the time {text:?} is not an RFC 3339 time", what())))
}

/// Declares a closed set of stored words as an enum, with its text form both ways.
macro_rules! words {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vm])* $variant),*
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The word as stored and printed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)*
                    other => Err(format!(
                        "{other:?} is not one of: {}",
                        [$($text),*].join(", ")
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

words! {
    /// Where a concern stands.
    ConcernStatus {
        Open = "open",
        Closed = "closed",
        /// Frozen for a safeguarding practice review (003 §7.13): nothing may be added.
        Frozen = "frozen",
    }
}

words! {
    /// A duty's status as stored. Whether an open duty is overdue depends on the time asked
    /// about: see [`DutyStatus::at`].
    DutyStatus {
        Open = "open",
        Done = "done",
        /// Ended by closing the concern.
        Cancelled = "cancelled",
        /// No reminders while the concern is frozen (003 §7.13).
        Suspended = "suspended",
    }
}

words! {
    /// A duty's status at a given time: as stored, with `overdue` for an open duty whose due
    /// time has been reached.
    DutyState {
        Open = "open",
        Overdue = "overdue",
        Done = "done",
        Cancelled = "cancelled",
        Suspended = "suspended",
    }
}

impl DutyStatus {
    /// The status at `now` of a duty due at `due`.
    pub fn at(self, due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DutyState {
        match (self, due) {
            (DutyStatus::Done, _) => DutyState::Done,
            (DutyStatus::Cancelled, _) => DutyState::Cancelled,
            (DutyStatus::Suspended, _) => DutyState::Suspended,
            (DutyStatus::Open, Some(d)) if d <= now => DutyState::Overdue,
            (DutyStatus::Open, _) => DutyState::Open,
        }
    }
}

/// The kind of a journal entry (the code's own vocabulary, not the policy's).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// The concern was raised (always the first entry).
    Raised,
    /// An event of the policy was logged (`log ID EVENT`).
    Event,
    /// The designated person's decision.
    Decision,
    /// The line manager's recommendation to the designated person.
    LmRecommendation,
    /// A designated person's progress review.
    Review,
    /// The countersignature of the alert form.
    Countersign,
    Closed,
    Frozen,
    /// A correction of an earlier entry (entries are never edited).
    Amendment,
    /// A kind this version does not know (written by a newer one): kept and shown as it is.
    Other(String),
}

impl EntryKind {
    /// The kind as stored.
    pub fn as_str(&self) -> &str {
        match self {
            EntryKind::Raised => "raised",
            EntryKind::Event => "event",
            EntryKind::Decision => "decision",
            EntryKind::LmRecommendation => "lm-recommendation",
            EntryKind::Review => "review",
            EntryKind::Countersign => "countersign",
            EntryKind::Closed => "closed",
            EntryKind::Frozen => "frozen",
            EntryKind::Amendment => "amendment",
            EntryKind::Other(k) => k,
        }
    }

    /// The kind of a stored word (any word: an unknown one is [`EntryKind::Other`]).
    pub fn of(s: &str) -> EntryKind {
        [
            EntryKind::Raised,
            EntryKind::Event,
            EntryKind::Decision,
            EntryKind::LmRecommendation,
            EntryKind::Review,
            EntryKind::Countersign,
            EntryKind::Closed,
            EntryKind::Frozen,
            EntryKind::Amendment,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .unwrap_or_else(|| EntryKind::Other(s.to_owned()))
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EntryKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The policy a concern was raised under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyRef {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// Who or what a concern is about, as recorded at raise: the raise's answers under the
/// record's own keys (`initials`, `name`, `age`, `primary_category`, `categories`,
/// `looked_after`, `cp_plan`, `ethnicity`, `case_reference`, `factors`). The answers' types
/// are the policy's (text, a number, a choice, a list), so each is kept as its JSON value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Subject {
    pub age: Value,
    pub case_reference: Value,
    /// An adult's categories (all that apply).
    pub categories: Value,
    pub cp_plan: Value,
    pub ethnicity: Value,
    pub factors: Value,
    pub initials: Value,
    pub looked_after: Value,
    pub name: Value,
    pub primary_category: Value,
}

impl Subject {
    /// The initials (a person), else the name (a provider, a staff member), if recorded.
    pub fn who(&self) -> Option<&str> {
        self.initials.as_str().or(self.name.as_str())
    }
}

/// An answer in words: text as it is, a number written out, a list joined with "; ".
pub fn words(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(x) => x.clone(),
        Value::Array(a) => a.iter().map(words).filter(|x| !x.is_empty()).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// A concern's row: the summary `list` shows and every record starts with.
#[derive(Clone, Debug, PartialEq)]
pub struct Concern {
    pub id: String,
    /// The `about` answer (child, adult, provider...): a policy id.
    pub about: String,
    pub status: ConcernStatus,
    pub raised_at: DateTime<Utc>,
    /// The outcome the policy recommended.
    pub recommendation: String,
    /// The designated person's decision, once made.
    pub outcome: Option<String>,
    pub anonymous: bool,
    pub subject: Subject,
    pub policy: PolicyRef,
}

/// A duty: something someone must do by a time.
#[derive(Clone, Debug)]
pub struct Duty {
    pub id: i64,
    pub concern: String,
    /// The policy's duty kind.
    pub kind: String,
    pub title: String,
    /// The role that owns it.
    pub owner: String,
    pub due: Option<DateTime<Utc>>,
    pub status: DutyStatus,
    pub done_at: Option<DateTime<Utc>>,
    /// Why it is due when it is: the deadline rules, as stored (a JSON list of [`RuleDue`]).
    pub rules: Option<Box<RawValue>>,
    /// Notes on the deadline (unknown bank holidays, a preferred time of day), as stored.
    pub notes: Option<Box<RawValue>>,
}

impl PartialEq for Duty {
    fn eq(&self, o: &Duty) -> bool {
        let raw = |v: &Option<Box<RawValue>>| v.as_ref().map(|r| r.get().to_owned());
        (self.id, &self.concern, &self.kind, &self.title, &self.owner, self.due, self.status, self.done_at)
            == (o.id, &o.concern, &o.kind, &o.title, &o.owner, o.due, o.status, o.done_at)
            && raw(&self.rules) == raw(&o.rules)
            && raw(&self.notes) == raw(&o.notes)
    }
}

impl Duty {
    /// The status at `now` ([`DutyStatus::at`]).
    pub fn state_at(&self, now: DateTime<Utc>) -> DutyState {
        self.status.at(self.due, now)
    }

    /// The deadline rules, read.
    pub fn rule_list(&self) -> Result<Vec<RuleDue>, Damage> {
        self.read_basis(&self.rules, "rules")
    }

    /// The deadline notes, read.
    pub fn note_list(&self) -> Result<Vec<String>, Damage> {
        self.read_basis(&self.notes, "notes")
    }

    fn read_basis<T: serde::de::DeserializeOwned>(
        &self,
        raw: &Option<Box<RawValue>>,
        what: &str,
    ) -> Result<Vec<T>, Damage> {
        match raw {
            None => Ok(vec![]),
            Some(r) => {
                serde_json::from_str::<Option<Vec<T>>>(r.get()).map(Option::unwrap_or_default).map_err(|e| {
                    Damage(format!(
                        "duty {} of {}: its deadline {what} do not read: {e}",
                        self.id, self.concern
                    ))
                })
            }
        }
    }
}

/// An entry's body as stored: JSON (copied through as it is), or, for a body that is not JSON
/// (this tool never writes one), its text, so nothing is lost.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Body {
    Json(Box<RawValue>),
    Text(String),
}

impl Body {
    /// The body of stored text.
    pub fn of(text: String) -> Body {
        match serde_json::from_str::<&RawValue>(&text) {
            // Checked just above, so this cannot fail; the text moves without a copy.
            Ok(_) => RawValue::from_string(text).map_or_else(|_| Body::Text(String::new()), Body::Json),
            Err(_) => Body::Text(text),
        }
    }

    /// The stored text.
    pub fn text(&self) -> &str {
        match self {
            Body::Json(r) => r.get(),
            Body::Text(t) => t,
        }
    }
}

/// One journal entry, as stored.
#[derive(Clone, Debug)]
pub struct Entry {
    pub seq: i64,
    pub concern: String,
    pub kind: EntryKind,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// When it was written.
    pub recorded_at: DateTime<Utc>,
    /// "Name (role)"; none for an anonymous report.
    pub signer: Option<String>,
    pub body: Body,
    pub hash: String,
    /// The signer's public key (`sg-ed25519:...`); none for an anonymous Code RED report (and
    /// for entries written before signed records).
    pub signer_key: Option<String>,
}

impl Entry {
    /// "entry 57 of SG-2026-0001 (event)", for damage reports.
    pub fn name(&self) -> String {
        format!("entry {} of {} ({})", self.seq, self.concern, self.kind)
    }

    /// What the entry says, read by its kind.
    pub fn content(&self) -> Result<Content, Damage> {
        let text = match &self.body {
            Body::Json(r) => r.get(),
            Body::Text(_) if matches!(self.kind, EntryKind::Other(_)) => {
                return Ok(Content::Other(Other::default()));
            }
            Body::Text(_) => return Err(Damage(format!("{}: its body is not JSON", self.name()))),
        };
        let read = |e: serde_json::Error| Damage(format!("{}: its body does not read: {e}", self.name()));
        Ok(match self.kind {
            EntryKind::Raised => Content::Raised(Box::new(serde_json::from_str(text).map_err(read)?)),
            EntryKind::Event => Content::Event(serde_json::from_str(text).map_err(read)?),
            EntryKind::Decision => Content::Decision(Box::new(serde_json::from_str(text).map_err(read)?)),
            EntryKind::LmRecommendation => {
                Content::LmRecommendation(serde_json::from_str(text).map_err(read)?)
            }
            EntryKind::Review => Content::Review(serde_json::from_str(text).map_err(read)?),
            EntryKind::Countersign => Content::Countersign(serde_json::from_str(text).map_err(read)?),
            EntryKind::Closed => Content::Closed(serde_json::from_str(text).map_err(read)?),
            EntryKind::Frozen => Content::Frozen(serde_json::from_str(text).map_err(read)?),
            EntryKind::Amendment => Content::Amendment(serde_json::from_str(text).map_err(read)?),
            EntryKind::Other(_) => Content::Other(serde_json::from_str(text).unwrap_or_default()),
        })
    }

    /// Who signed it, or "anonymous".
    pub fn signed_by(&self) -> &str {
        self.signer.as_deref().unwrap_or("anonymous")
    }
}

/// What an entry says, by kind. Fields a body leaves out read as empty; fields this version
/// does not know are ignored here (they stay in the stored body and the JSON).
#[derive(Clone, Debug)]
pub enum Content {
    Raised(Box<Raised>),
    Event(Event),
    Decision(Box<Decision>),
    LmRecommendation(LmRecommendation),
    Review(Review),
    Countersign(Countersign),
    Closed(Closed),
    Frozen(Frozen),
    Amendment(Amendment),
    Other(Other),
}

/// The reporter of a concern (none for an anonymous report).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Reporter {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
}

/// One answered question, as the interview records it and every reader reads it back: the
/// one type for a step of `raise` and of `decide` (the interview engine re-exports it).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Step {
    pub id: String,
    /// The words the person was shown.
    #[serde(default)]
    pub prompt: String,
    /// The answer as stored (machine form).
    #[serde(default)]
    pub answer: Value,
    /// The answer in words (choice labels).
    #[serde(default)]
    pub shown: String,
    /// When it was answered. A step without a time, or with one that does not read, is damage.
    #[serde(deserialize_with = "time_req")]
    pub at: DateTime<Utc>,
    /// Fact, opinion or analysis (003 §7.15-7.16), where the policy labels the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// The answer as given, when the stored answer was reckoned from it (an age from a date
    /// of birth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<Value>,
}

/// The `raised` entry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Raised {
    #[serde(default)]
    pub reporter: Option<Reporter>,
    /// The `immediate_risk` answer.
    #[serde(default)]
    pub immediate_risk: Option<String>,
    #[serde(default, deserialize_with = "time_opt")]
    pub noticed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub transcript: Vec<Step>,
    #[serde(default)]
    pub recommendation: String,
    #[serde(default)]
    pub raised_because: Vec<String>,
    /// Why the concern took another route than the one first chosen (003 §1.10).
    #[serde(default)]
    pub rerouted: Vec<String>,
    /// The concern this one is a second, linked record of (003 §6.13, §6.14, §6.18).
    #[serde(default)]
    pub linked_to: Option<String>,
    /// What kind of concern it was raised as (its `about` answer's kind in the policy it was
    /// raised under), so the record reads the same under a later policy that renames or drops
    /// that answer. Absent in records raised before it was kept, and for an answer with no kind.
    #[serde(default)]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub guidance: Vec<String>,
    /// Role ids to tell.
    #[serde(default)]
    pub tell: Vec<String>,
    /// The route the concern took (who received it, who was left out).
    #[serde(default)]
    pub route: Option<RouteTaken>,
    /// A sealed concern: how it reached the store (`safeguard intake`).
    #[serde(default)]
    pub intake: Option<IntakeTaken>,
}

/// How a sealed concern reached the store, as its raised entry records it.
#[derive(Clone, Debug, Deserialize)]
pub struct IntakeTaken {
    #[serde(deserialize_with = "time_req")]
    pub imported_at: DateTime<Utc>,
    /// What looked wrong about it (a raise time in the future, a recommendation that differs).
    #[serde(default)]
    pub flags: Vec<String>,
}

/// The route a concern took, as the raised entry records it (`policy::route::Resolved`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RouteTaken {
    #[serde(default)]
    pub id: String,
    /// In plain words.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub readers: Vec<String>,
    #[serde(default)]
    pub excluded: Vec<String>,
}

impl Raised {
    /// The answered question `id`, if it was asked.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.transcript.iter().find(|s| s.id == id)
    }
}

/// A logged event (`log ID EVENT`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Event {
    /// The policy's event id.
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub note: Option<String>,
    /// The escalation stage reached (003 §21).
    #[serde(default)]
    pub stage: Option<u8>,
    /// Which time this event has happened (counting those known at raise).
    #[serde(default)]
    pub episode: Option<u32>,
    /// A linked concern raised for this one (`linked_to`).
    #[serde(default)]
    pub linked: Option<String>,
    /// A mark on the body map (the policy's `body_mark` event): where, what, how big.
    #[serde(default)]
    pub mark: Option<crate::domain::bodymap::Mark>,
    /// The calendar date an event with a `date` records (`log --date`), e.g. a member of
    /// staff's normal retirement date (003 §9.15).
    #[serde(default)]
    pub date: Option<chrono::NaiveDate>,
}

/// A task of an action plan (keep under review, 003 §6.21 option 5).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Task {
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default, deserialize_with = "time_opt", serialize_with = "time_out")]
    pub due: Option<DateTime<Utc>>,
}

/// A time as the journal writes it (RFC 3339, whole seconds, `Z`), or null.
fn time_out<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&crate::domain::clock::rfc3339(*t)),
        None => s.serialize_none(),
    }
}

/// The parents' or carers' agreement to a referral (003 §6.47).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Parents {
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub told: Option<String>,
    #[serde(default)]
    pub agreed_by: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// Online abuse: the police and social care agreed before the family was told (003 §18.18).
    #[serde(default)]
    pub police_agreed: Option<String>,
}

/// The designated person's decision: what `decide` writes (with its transcript) and what
/// `show` and the forms read.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Decision {
    /// The role that decided (`[decisions.ROLE]`).
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub outcome: String,
    /// The policy's recommendation at the time.
    #[serde(default)]
    pub recommendation: String,
    /// The decision differs from the recommendation.
    #[serde(default)]
    pub differs: bool,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub action_plan: Vec<Task>,
    #[serde(default)]
    pub consulted: Option<String>,
    #[serde(default)]
    pub advice: Option<String>,
    /// The outcome asks for a new decision later (after consulting, 003 §6.21).
    #[serde(default)]
    pub decide_again: bool,
    #[serde(default)]
    pub parents: Parents,
    #[serde(default)]
    pub capacity_evidence: Option<String>,
    #[serde(default)]
    pub best_interests: Option<String>,
    /// Who took a staff allegation's decision with the designated person (003 §9.4).
    #[serde(default)]
    pub decided_with: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub guidance: Vec<String>,
    /// Roles the decided outcome's `also` adds to who must be told (out of hours, the on-call
    /// manager and the emergency duty team, 003 §1.18, §6.38); absent when it adds none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tell: Vec<String>,
    /// The open duties this decision made no longer needed (its outcome's `ends`, issue 15),
    /// each cancelled by this entry; absent when it ended none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ended: Vec<CancelledDuty>,
    /// Why they are no longer needed (the outcome's `ends.why`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_reason: Option<String>,
}

/// The line manager's recommendation (003 §3.6): the one type `decide` writes and every
/// reader (`show`, the forms) reads back.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct LmRecommendation {
    /// The role that recommended (`[decisions.ROLE]`).
    #[serde(default)]
    pub role: String,
    /// The recommendation; absent when the policy's tree binds no recommendation question.
    #[serde(default)]
    pub recommend: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub guidance: Vec<String>,
}

impl LmRecommendation {
    /// The recommendation in words, for a reader.
    pub fn recommended(&self) -> &str {
        self.recommend.as_deref().unwrap_or("(not given)")
    }
}

/// A progress review.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Review {
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "time_opt")]
    pub next_review: Option<DateTime<Utc>>,
}

/// The countersignature.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Countersign {
    #[serde(default)]
    pub comments: Option<String>,
}

/// The closing statement.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Closed {
    #[serde(default)]
    pub statement: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// Why the duties still open were no longer needed, when closing cancelled any.
    #[serde(default)]
    pub cancel_reason: Option<String>,
    /// The duties closing cancelled, each named.
    #[serde(default)]
    pub cancelled: Vec<CancelledDuty>,
}

/// A duty cancelled by closing the concern, or by a decision that makes it no longer needed,
/// as the entry names it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct CancelledDuty {
    #[serde(default)]
    pub duty: Option<i64>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default, deserialize_with = "time_opt", serialize_with = "time_out")]
    pub due: Option<DateTime<Utc>>,
}

/// The freezing for a practice review (003 §7.13).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Frozen {
    #[serde(default)]
    pub reason: Option<String>,
    /// Where the concern stood when it was frozen (open, or closed: 003 §7.13).
    #[serde(default)]
    pub status_before: Option<String>,
    /// Who was told of the request when it was frozen, in the words given.
    #[serde(default)]
    pub told: Vec<String>,
    /// The roles the policy says must be told.
    #[serde(default)]
    pub must_tell: Vec<String>,
}

/// A correction of an earlier entry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Amendment {
    /// The entry corrected.
    #[serde(default)]
    pub corrects: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An entry of a kind this version does not know: its usual fields, so nothing is hidden.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Other {
    #[serde(default)]
    pub note: Option<Value>,
    #[serde(default)]
    pub reason: Option<Value>,
    #[serde(default)]
    pub comments: Option<Value>,
}

fn time_req<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    use serde::de::Error as _;
    time_opt(d)?.ok_or_else(|| D::Error::custom("a time is required here"))
}

fn time_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    use serde::de::Error as _;
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(t) if t.trim().is_empty() => Ok(None),
        Some(t) => crate::domain::clock::parse_rfc3339(&t)
            .map(Some)
            .map_err(|_| D::Error::custom(format!("the time {t:?} is not an RFC 3339 time"))),
    }
}

/// A concern with its duties and journal, as the store holds them.
#[derive(Clone, Debug)]
pub struct ConcernRecord {
    pub concern: Concern,
    /// Soonest due first (no due time last).
    pub duties: Vec<Duty>,
    /// Oldest first; empty when the journal was not asked for.
    pub entries: Vec<Entry>,
}

impl ConcernRecord {
    /// The `raised` entry's head fields the record repeats at the top: the reporter, the
    /// transcript and the guidance, as stored (raw JSON).
    pub fn raised_head(&self) -> RaisedHead<'_> {
        self.entries
            .iter()
            .find(|e| e.kind == EntryKind::Raised)
            .and_then(|e| serde_json::from_str::<RaisedHead<'_>>(e.body.text()).ok())
            .unwrap_or_default()
    }
}

/// The parts of the `raised` entry's body that the record repeats at the top, as stored.
#[derive(Debug, Default, Deserialize)]
pub struct RaisedHead<'a> {
    #[serde(borrow, default)]
    pub reporter: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub transcript: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub guidance: Option<&'a RawValue>,
}

/// A record with every entry's content read: what the forms and the terminal render from.
#[derive(Debug)]
pub struct Case<'a> {
    pub record: &'a ConcernRecord,
    /// The ids the forms read (the policy's `[bindings]`).
    pub bindings: &'a Bindings,
    /// The policy the record is read with (the forms word answers and outcomes by its labels).
    pub policy: &'a Policy,
    /// What kind of concern it is (its `about` answer's kind in the policy), if known.
    pub kind: Option<Kind>,
    /// The entries with what each says, oldest first.
    pub journal: Vec<(&'a Entry, Content)>,
    /// The `raised` entry's content (an empty one if the journal has none).
    pub raised: Raised,
}

impl<'a> Case<'a> {
    /// Reads every entry's body; one that does not read is damage, naming the entry.
    pub fn new(record: &'a ConcernRecord, policy: &'a Policy) -> Result<Case<'a>, Damage> {
        let journal =
            record.entries.iter().map(|e| Ok((e, e.content()?))).collect::<Result<Vec<_>, Damage>>()?;
        let raised = journal
            .iter()
            .find_map(|(_, c)| match c {
                Content::Raised(r) => Some((**r).clone()),
                _ => None,
            })
            .unwrap_or_default();
        // The kind the record was raised as; the policy's reading only for older records.
        let kind = raised.kind.or_else(|| policy.about_kind(&record.concern.about));
        Ok(Case { record, bindings: &policy.bindings, policy, kind, journal, raised })
    }

    pub fn concern(&self) -> &'a Concern {
        &self.record.concern
    }

    pub fn duties(&self) -> &'a [Duty] {
        &self.record.duties
    }

    /// The logged events of the bound id `name` (none when unbound), oldest first.
    pub fn events<'s>(&'s self, name: &'s One) -> impl Iterator<Item = (&'a Entry, &'s Event)> + 's {
        self.journal.iter().filter_map(move |(e, c)| match c {
            Content::Event(ev) if name.as_deref() == Some(ev.event.as_str()) => Some((*e, ev)),
            _ => None,
        })
    }

    /// The first logged event of the bound id `name`.
    pub fn first_event<'s>(&'s self, name: &'s One) -> Option<(&'a Entry, &'s Event)> {
        self.events(name).next()
    }

    /// The body map's marks, numbered 1, 2, ... in the order they were logged, with the entry
    /// that logged each (its time is when the mark was seen).
    pub fn marks(&self) -> Vec<(usize, &'a Entry, &crate::domain::bodymap::Mark)> {
        self.journal
            .iter()
            .filter_map(|(e, c)| match c {
                Content::Event(ev) => ev.mark.as_ref().map(|m| (*e, m)),
                _ => None,
            })
            .enumerate()
            .map(|(i, (e, m))| (i + 1, e, m))
            .collect()
    }

    /// The latest decision.
    pub fn decision(&self) -> Option<(&'a Entry, &Decision)> {
        self.journal.iter().rev().find_map(|(e, c)| match c {
            Content::Decision(d) => Some((*e, &**d)),
            _ => None,
        })
    }

    /// The latest line manager's recommendation.
    pub fn lm_recommendation(&self) -> Option<(&'a Entry, &LmRecommendation)> {
        self.journal.iter().rev().find_map(|(e, c)| match c {
            Content::LmRecommendation(r) => Some((*e, r)),
            _ => None,
        })
    }

    /// The latest countersignature.
    pub fn countersign(&self) -> Option<(&'a Entry, &Countersign)> {
        self.journal.iter().rev().find_map(|(e, c)| match c {
            Content::Countersign(s) => Some((*e, s)),
            _ => None,
        })
    }

    /// The answer given at raise to the bound question `id` (null when not asked or unbound).
    pub fn answer(&self, id: &One) -> &Value {
        id.as_deref().and_then(|id| self.raised.step(id)).map(|s| &s.answer).unwrap_or(&Value::Null)
    }

    /// The answer given at raise to the bound question `id`, in words (the labels shown).
    pub fn shown(&self, id: &One) -> &str {
        id.as_deref().and_then(|id| self.raised.step(id)).map(|s| s.shown.as_str()).unwrap_or_default()
    }

    /// Is the answer to the bound question `q` the bound value `v`?
    pub fn answered(&self, q: &One, v: &One) -> bool {
        v.is_some() && self.answer(q).as_str() == v.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn entry(kind: EntryKind, body: &str) -> Entry {
        Entry {
            seq: 3,
            concern: "SG-2026-0001".into(),
            kind,
            at: t("2026-11-23T10:00:00Z"),
            recorded_at: t("2026-11-23T10:00:00Z"),
            signer: None,
            body: Body::of(body.into()),
            hash: String::new(),
            signer_key: None,
        }
    }

    #[test]
    fn statuses_read_and_write_their_stored_words_and_refuse_others() {
        for s in ConcernStatus::ALL {
            assert_eq!(s.as_str().parse::<ConcernStatus>(), Ok(*s));
        }
        for s in DutyStatus::ALL {
            assert_eq!(s.as_str().parse::<DutyStatus>(), Ok(*s));
        }
        let e = "Closed".parse::<ConcernStatus>().unwrap_err();
        assert!(e.contains("\"Closed\" is not one of: open, closed, frozen"), "{e}");
        assert!("overdue".parse::<DutyStatus>().is_err(), "overdue is derived, never stored");
        assert_eq!(serde_json::to_string(&DutyState::Overdue).unwrap(), "\"overdue\"");
    }

    #[test]
    fn an_open_duty_is_overdue_from_its_due_time_and_others_keep_their_status() {
        let due = Some(t("2026-11-23T10:00:00Z"));
        let before = t("2026-11-23T09:59:59Z");
        let at = t("2026-11-23T10:00:00Z");
        assert_eq!(DutyStatus::Open.at(due, before), DutyState::Open);
        assert_eq!(DutyStatus::Open.at(due, at), DutyState::Overdue);
        assert_eq!(DutyStatus::Open.at(None, at), DutyState::Open);
        assert_eq!(DutyStatus::Done.at(due, at), DutyState::Done);
        assert_eq!(DutyStatus::Cancelled.at(due, at), DutyState::Cancelled);
        assert_eq!(DutyStatus::Suspended.at(due, at), DutyState::Suspended);
    }

    #[test]
    fn entry_kinds_round_trip_and_an_unknown_one_is_kept() {
        for k in [
            "raised",
            "event",
            "decision",
            "lm-recommendation",
            "review",
            "countersign",
            "closed",
            "frozen",
            "amendment",
        ] {
            let kind = EntryKind::of(k);
            assert!(!matches!(kind, EntryKind::Other(_)), "{k}");
            assert_eq!(kind.as_str(), k);
        }
        assert_eq!(EntryKind::of("seal"), EntryKind::Other("seal".into()));
        assert_eq!(EntryKind::of("seal").as_str(), "seal");
    }

    #[test]
    fn a_stored_body_passes_through_as_json_and_text_that_is_not_json_is_kept() {
        let e = entry(EntryKind::Event, r#"{"note":"a \"quoted\" word","n":[1,2]}"#);
        assert!(matches!(e.body, Body::Json(_)));
        assert_eq!(serde_json::to_string(&e.body).unwrap(), r#"{"note":"a \"quoted\" word","n":[1,2]}"#);
        let odd = entry(EntryKind::Event, "{not json");
        assert!(matches!(odd.body, Body::Text(_)));
        assert_eq!(serde_json::to_string(&odd.body).unwrap(), r#""{not json""#);
    }

    #[test]
    fn a_body_that_does_not_read_is_damage_naming_the_entry() {
        let bad_time = entry(EntryKind::Review, r#"{"note":"n","next_review":"next tuesday"}"#);
        let e = bad_time.content().unwrap_err();
        assert!(e.0.contains("entry 3 of SG-2026-0001 (review)") && e.0.contains("next tuesday"), "{e}");
        let not_json = entry(EntryKind::Event, "{not json");
        assert!(not_json.content().unwrap_err().0.contains("is not JSON"));
        let ok = entry(EntryKind::Review, r#"{"note":"n","next_review":"2026-11-30T10:00:00Z","new":1}"#);
        match ok.content().unwrap() {
            Content::Review(r) => assert_eq!(r.next_review, Some(t("2026-11-30T10:00:00Z"))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_duty_gives_its_rules_and_notes_and_damage_when_they_do_not_read() {
        let raw = |s: &str| Some(RawValue::from_string(s.to_owned()).unwrap());
        let mut d = Duty {
            id: 1,
            concern: "SG-2026-0001".into(),
            kind: "k".into(),
            title: "T".into(),
            owner: "o".into(),
            due: None,
            status: DutyStatus::Open,
            done_at: None,
            rules: raw(
                r#"[{"within":"1 working day","from":"x","source":"s","due":"2026-11-24T10:00:00Z"}]"#,
            ),
            notes: raw(r#"["n"]"#),
        };
        assert_eq!(d.rule_list().unwrap()[0].due, t("2026-11-24T10:00:00Z"));
        assert_eq!(d.note_list().unwrap(), ["n"]);
        d.rules = raw(r#"[{"within":"1 working day","due":"soon"}]"#);
        assert!(d.rule_list().unwrap_err().0.starts_with("duty 1 of SG-2026-0001"));
    }
}

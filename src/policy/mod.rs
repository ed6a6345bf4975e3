//! The policy as data: the decision trees of DOMAIN.md §2 as a graph of nodes in a TOML file.
//!
//! A policy has questions (`question`), decision points over earlier answers (`branch`) and
//! pieces of guidance (`notice`); every path ends in an outcome (the recommendation). Any
//! node, answer or outcome may start duties (with the deadline rules of DOMAIN.md §3), add
//! guidance for the person raising the concern, or raise the recommendation to at least a
//! given outcome (for example FGM is always significant harm, 003 §17.10).
//!
//! The default policy is embedded (`default.toml`); an organisation may use its own file
//! (`policy = "…"` in the config), usually an overlay that extends the default and holds only
//! its changes (`overlay.rs` says how they merge). Loading validates the whole graph (of an
//! overlay: the merged result) and refuses a broken policy, naming each broken node.

mod answer;
pub mod bindings;
pub mod decide;
pub mod graph;
pub mod overlay;
pub mod route;
mod validate;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::deadline::Within;
use crate::error::{Error, Result};

pub use answer::{TASK_DUE, TASK_OWNER, TASK_TITLE, check_value};
pub use validate::{unsettled_duties, validate};

/// The default policy, built from the five seeds (see DOMAIN.md).
pub const DEFAULT_POLICY: &str = include_str!("default.toml");

/// The SHA-256 of [`DEFAULT_POLICY`] in hex, worked out when the tool is built (build.rs).
const DEFAULT_POLICY_SHA256: &str = env!("SAFEGUARD_DEFAULT_POLICY_SHA256");

/// A loaded, validated policy.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub version: String,
    pub title: String,
    /// The first node of every interview.
    pub start: String,
    /// Role ids and their titles (owners of duties, people to tell).
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    /// A role's title for one kind of concern, where it differs from its title in `roles`
    /// (the local authority is its adult social care for an adult, its children's social care
    /// for a child): kind (`child`, `adult`, ...) to role id to title.
    #[serde(default)]
    pub role_words: BTreeMap<String, BTreeMap<String, String>>,
    /// Duty kinds: what they are, who owns them, and their default deadline rules.
    #[serde(default)]
    pub duties: BTreeMap<String, DutySpec>,
    pub outcomes: BTreeMap<String, Outcome>,
    pub nodes: Vec<Node>,
    /// Timeline events (`safeguard log ID EVENT`): which duties each completes and starts.
    #[serde(default)]
    pub events: BTreeMap<String, EventSpec>,
    /// Who receives a concern, who is told and who owns its duties, by where its subject
    /// stands (`route.rs`).
    #[serde(default)]
    pub routes: BTreeMap<String, route::RouteSpec>,
    /// Who records a decision on a concern (`safeguard decide`), by role id: the tree each
    /// answers and what it records (`decide.rs`).
    #[serde(default)]
    pub decisions: BTreeMap<String, decide::DecisionSpec>,
    /// The nodes of the decision trees, as `nodes` are the raise's: questions, branches and
    /// notices; a path ends at `"end"` (`decide::END`).
    #[serde(default)]
    pub decision_nodes: Vec<Node>,
    /// The one optional step at the end of the interview that asks the `for_form` questions
    /// left unasked on the way (one yes/no to enter them).
    #[serde(default)]
    pub form_step: Option<FormStep>,
    /// How each kind of record is kept, by kind (`child`, `adult`, `provider`, `staff`,
    /// `code-red`): its basis and when its retention is reviewed (DOMAIN.md §6.5).
    #[serde(default)]
    pub retention: BTreeMap<String, crate::domain::retention::RetentionSpec>,
    /// Subjects whose name is withheld from every export but a referral to the recipients
    /// named (FGM victims' lifelong anonymity, 003 §17.12), by id.
    #[serde(default)]
    pub anonymity: BTreeMap<String, AnonymitySpec>,
    /// The service's office hours on a working day (003 §1.18, §6.38: "normal office hours"):
    /// a question with `given_by_hours` is answered by whether the concern is raised inside
    /// them. Working days are the calendar's (Monday to Friday, less holidays and closures).
    #[serde(default)]
    pub office_hours: Option<OfficeHours>,
    /// Earlier concerns about the same provider, and how many make a pattern (004 Purpose ¶4,
    /// flowchart: smaller problems that keep happening can amount to abuse).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_pattern: Option<ProviderPattern>,
    /// The ids the code relies on (`bindings.rs`).
    #[serde(default)]
    pub bindings: bindings::Bindings,
    /// What each version of this file changed (`overlay.rs`); not inherited by an overlay.
    #[serde(default)]
    pub changelog: Vec<overlay::ChangelogEntry>,
    /// SHA-256 of the policy file (of an overlay: of its base's hash and its text), kept with
    /// every record.
    #[serde(skip)]
    pub hash: String,
    /// How an overlay was built: its bases and what it changed. None for a plain policy.
    #[serde(skip)]
    pub overlay: Option<Box<overlay::Overlay>>,
    /// Node ids to their place in `nodes` (the first, if an id is used twice), built on parse.
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// The same for `decision_nodes`.
    #[serde(skip)]
    decision_index: HashMap<String, usize>,
}

/// Office hours on a working day, as local (UK) clock times "HH:MM": `opens` is inside,
/// `closes` is not.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeHours {
    pub opens: String,
    pub closes: String,
    pub source: String,
    /// Why these hours, where the seeds give none.
    pub local_choice: Option<String>,
}

impl OfficeHours {
    /// The two times, or what is wrong with them.
    pub fn times(&self) -> std::result::Result<(chrono::NaiveTime, chrono::NaiveTime), String> {
        let t = |what: &str, s: &str| {
            chrono::NaiveTime::parse_from_str(s, "%H:%M")
                .map_err(|_| format!("office_hours: `{what}` must be a time like 09:00, not {s:?}"))
        };
        let (o, c) = (t("opens", &self.opens)?, t("closes", &self.closes)?);
        if o >= c {
            return Err(format!(
                "office_hours: `opens` ({}) must be before `closes` ({})",
                self.opens, self.closes
            ));
        }
        Ok((o, c))
    }

    /// True when `t` falls inside office hours on a working day of `calendar`.
    pub fn contains(
        &self,
        calendar: &crate::domain::calendar::Calendar,
        t: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        let Ok((opens, closes)) = self.times() else { return false };
        let local = t.with_timezone(&chrono_tz::Europe::London);
        calendar.is_working_day(local.date_naive()) && local.time() >= opens && local.time() < closes
    }
}

/// A question answered by the clock: `outside` when the concern is raised outside office
/// hours (`[office_hours]`), `inside` otherwise.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GivenByHours {
    pub outside: serde_json::Value,
    pub inside: serde_json::Value,
}

/// A subject whose name no export carries but a referral to one of `referral_to`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnonymitySpec {
    /// The concerns it applies to, by their raise answers.
    pub when: Cond,
    /// The roles a referral (`export --profile referral`) to whom may carry the name.
    #[serde(default)]
    pub referral_to: Vec<String>,
    /// What the exports print in place of the name.
    pub withheld: String,
    pub source: String,
}

/// The "more for the form" step: its question, and the words of its two answers.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormStep {
    pub prompt: String,
    pub help: Option<String>,
    /// The answer that asks the form's questions now.
    pub enter: String,
    /// The answer that leaves them (the default).
    pub skip: String,
}

/// The id of the form step's question (it is no node of the policy, and no answer-file id).
pub const FORM_STEP_ID: &str = "more_for_the_form";
/// The form step's answers.
pub const FORM_STEP_ENTER: &str = "enter";
pub const FORM_STEP_SKIP: &str = "skip";

impl FormStep {
    /// The step as a choice question the prompters ask like any other.
    pub fn node(&self) -> Node {
        let v = serde_json::json!({
            "id": FORM_STEP_ID,
            "type": "question",
            "ask": "choice",
            "prompt": self.prompt,
            "help": self.help,
            "required": false,
            "default": FORM_STEP_SKIP,
            "answers": [
                { "value": FORM_STEP_ENTER, "label": self.enter },
                { "value": FORM_STEP_SKIP, "label": self.skip },
            ],
        });
        serde_json::from_value(v).expect("the form step is a valid node")
    }
}

/// A kind of duty.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DutySpec {
    pub title: String,
    /// A role id.
    pub owner: String,
    /// The default deadline rules (all apply; the earliest due time wins).
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// A time of day (UK) before which the duty is best done, on top of its deadline (e.g. a
    /// referral "before late afternoon", 003 §6.30): a note, not a due time.
    pub prefer_before: Option<PreferBefore>,
    /// A repeating duty (progress reviews): its schedule, in place of `rules`. Each time it is
    /// done, the next is due at the schedule's next point.
    pub cadence: Option<CadenceSpec>,
    /// The organisation's own choice where the seeds leave the duty open, and why: `policy
    /// show` says so, so that a policy owner knows to confirm or change it.
    pub local_choice: Option<String>,
    /// A duty done by raising a second, linked concern of this kind (003 §6.13, §6.14, §6.18):
    /// raising one with `linked_to` naming this concern settles it and links the two records.
    pub linked: Option<Kind>,
}

/// A review schedule in a policy: `cadence = { weekly = 4, then = "monthly", from = "raised",
/// source = "..." }` (`domain::review` computes the dates).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CadenceSpec {
    /// How many reviews a week apart come first.
    #[serde(default)]
    pub weekly: u32,
    /// Then one every week, fortnight or month until the concern is closed.
    pub then: crate::domain::review::Every,
    /// The moment the schedule counts from: when the concern was raised or noticed.
    #[serde(default)]
    pub from: Anchor,
    pub source: String,
}

impl CadenceSpec {
    pub fn cadence(&self) -> crate::domain::review::Cadence {
        crate::domain::review::Cadence { weekly: self.weekly, then: self.then }
    }
}

/// A soft time of day for a duty, shown as a note.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreferBefore {
    /// "HH:MM", UK local time.
    pub time: String,
    /// Why, in words, with the paragraph.
    pub why: String,
}

impl PreferBefore {
    pub fn time_of_day(&self) -> Option<chrono::NaiveTime> {
        chrono::NaiveTime::parse_from_str(&self.time, "%H:%M").ok()
    }
}

/// One deadline rule.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub within: Within,
    #[serde(default)]
    pub from: Anchor,
    pub source: String,
}

/// The moment a rule counts from.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// When the concern was recorded with the tool.
    #[default]
    Raised,
    /// When the concern was noticed (`noticed_at`), or raised if that is not known.
    Noticed,
    /// When the event that starts the duty happened (a logged event or a decision).
    Event,
}

impl Anchor {
    pub fn words(self) -> &'static str {
        match self {
            Anchor::Raised => "the concern was raised",
            Anchor::Noticed => "the concern was noticed",
            Anchor::Event => "the event happened",
        }
    }
}

/// Starting a duty: its kind with its default rules, or its kind with one rule of its own.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Start {
    Kind(String),
    Rule {
        kind: String,
        within: Within,
        #[serde(default)]
        from: Anchor,
        source: String,
    },
}

impl Start {
    pub fn kind(&self) -> &str {
        match self {
            Start::Kind(k) | Start::Rule { kind: k, .. } => k,
        }
    }
}

/// A timeline event and its effect on duties.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    pub title: String,
    pub source: String,
    /// Duty kinds this event satisfies.
    #[serde(default)]
    pub completes: Vec<String>,
    /// Duties it starts (rules `from = "event"` count from the event's time).
    #[serde(default)]
    pub start: Vec<Start>,
    /// Duties it starts once it has happened a number of times (e.g. a child who has run away
    /// two or more times, 003 §13.10).
    #[serde(default)]
    pub repeat: Option<Repeat>,
    /// The numbered stages of a procedure this event records (e.g. the escalation stages of a
    /// disagreement, 003 §21): `log EVENT` then needs `--stage N`, and reaching a stage can
    /// start more duties.
    #[serde(default)]
    pub stages: Option<Stages>,
    /// The roles whose holders may log it (empty: anyone on the roster).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<String>,
    /// The concerns it may be logged on, by their `about` answer (empty: any): a mark on the
    /// body map is for the body of the person the concern is about, so not for a provider's
    /// care, a member of staff's conduct or a Code RED report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
    /// The concerns its `start` applies to, by their `about` answer (empty: all): a phone
    /// referral settles an adult's referral too, but the children's written follow-up it starts
    /// (003 §6.33) is for a child's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub start_about: Vec<String>,
    /// The covering text of the message that sends this event's document (`export --format
    /// eml`: the written referral's message, 003 §7.15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What `{phone}` in `message` becomes when the record holds the referral phoned first
    /// (003 §6.33: the written referral confirms the phone referral), with `{when}` its time
    /// as recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_if_phoned: Option<String>,
    /// And when it holds none: words that claim no call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_if_not_phoned: Option<String>,
    /// The event records a calendar date, in these words (a member of staff's normal retirement
    /// date, 003 §9.15): `log ID EVENT` then needs `--date YYYY-MM-DD`, and a `[retention]`
    /// may count its review to the latest date logged (`or_later`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// The stages an event records: `--stage N` with `first <= N <= last`; each `from` entry starts
/// its duties when the stage logged is at least its `stage`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stages {
    pub first: u8,
    pub last: u8,
    /// Plain words for `--stage` (what the numbers mean), shown when it is missing or out of range.
    pub help: String,
    pub source: String,
    #[serde(default)]
    pub from: Vec<StageFrom>,
}

/// Duties started once a stage at least `stage` is logged.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StageFrom {
    pub stage: u8,
    pub start: Vec<Start>,
    pub source: String,
}

impl Stages {
    /// The duties reaching `stage` starts, or why the stage is refused.
    pub fn starts(&self, stage: u8) -> std::result::Result<Vec<Start>, String> {
        if !(self.first..=self.last).contains(&stage) {
            return Err(format!("stage {stage} is not one of this procedure's stages ({})", self.help));
        }
        Ok(self.from.iter().filter(|f| stage >= f.stage).flat_map(|f| f.start.iter().cloned()).collect())
    }
}

/// A count trigger: when this event, with the episodes known at raise, has happened `times`
/// times or more, the event also starts `start`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    pub times: u32,
    /// Episodes known when the concern was raised: each condition on the raise's answers that
    /// holds adds its `count`.
    #[serde(default)]
    pub earlier: Vec<Earlier>,
    pub start: Vec<Start>,
    pub source: String,
}

/// Episodes counted from the raise's answers.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Earlier {
    pub when: Cond,
    pub count: u32,
}

/// A recommendation the policy can reach.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Which kind of concern it belongs to (`child`, `adult`, `provider`, `staff`, `code-red`).
    pub group: String,
    /// Higher is more protective; "at least" floors compare ranks within a group.
    pub rank: u32,
    pub title: String,
    /// Plain words for the person raising the concern.
    pub summary: String,
    pub source: String,
    #[serde(default)]
    pub start: Vec<Start>,
    #[serde(default)]
    pub guidance: Vec<String>,
    /// Roles to tell (ids), for the "who to tell" list.
    #[serde(default)]
    pub tell: Vec<String>,
    /// No reporter identity is kept for concerns that end here (Code RED, seed 000).
    #[serde(default)]
    pub anonymous: bool,
    /// Duties started when the designated person decides on this outcome.
    #[serde(default)]
    pub on_decision: Vec<Start>,
    /// Guidance shown when this outcome is decided.
    #[serde(default)]
    pub decision_guidance: Vec<String>,
    /// Deciding this leads back to a new decision (003 §6.21 options 3b and 4).
    #[serde(default)]
    pub decide_again: bool,
    /// Deciding this needs an action plan of tasks with owners and due dates (003 §6.21 option 5).
    #[serde(default)]
    pub needs_action_plan: bool,
    /// What raising a concern recommended this adds when a condition holds on its answers,
    /// whatever path led here (a recommendation lifted by an "at least" floor included): out
    /// of hours, the emergency duty team (003 §6.38).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<AlsoWhen>,
    /// The open duties a decision on this outcome makes no longer needed (issue 15): a
    /// decision not to refer ends the referral's steps that raising (or an earlier decision)
    /// started, so they are not listed as overdue every morning. `decide` cancels each one in
    /// the decision's own entry, naming it and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<Ends>,
}

/// What a decision on an outcome ends: see [`Outcome::ends`].
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ends {
    /// Duty kinds: every open duty of these kinds is cancelled by the decision. A duty already
    /// done is never touched, and a kind the decision itself starts is left alone.
    pub duties: Vec<String>,
    /// Nothing is ended when this holds on the raise's answers: where the
    /// seeds require the duties whatever the decision (a child who may have been trafficked is
    /// referred at once, 003 §14.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Cond>,
    /// Why they are no longer needed, in plain words: the decision's entry records it with
    /// each duty it ended, and `show` says it.
    pub why: String,
    pub source: String,
}

/// What raising a concern about a provider says of the earlier ones, and when they make a
/// pattern that starts duties.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderPattern {
    /// Said whenever there is an earlier concern about the provider; `{list}` is the list.
    pub said: String,
    /// How many earlier concerns, raised within `within_days`, make a pattern.
    pub earlier: u32,
    pub within_days: u32,
    /// What a pattern starts.
    #[serde(default)]
    pub start: Vec<Start>,
    pub source: String,
    #[serde(default)]
    pub local_choice: Option<String>,
}

/// Duties, roles to tell and guidance an outcome adds at raising when `if` holds.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlsoWhen {
    #[serde(rename = "if")]
    pub cond: Cond,
    pub source: String,
    #[serde(default)]
    pub start: Vec<Start>,
    /// What it starts instead when the designated person's decision gives the outcome (`decide`
    /// reads `if` then with the answers given by the time read at the decision): duties that
    /// count from the decision rather than from the raise. Without it, `start` is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_decision: Option<Vec<Start>>,
    #[serde(default)]
    pub tell: Vec<String>,
    #[serde(default)]
    pub guidance: Vec<String>,
}

impl AlsoWhen {
    /// What it starts at a decision: `on_decision`, or else `start`.
    pub fn decision_starts(&self) -> &[Start] {
        self.on_decision.as_deref().unwrap_or(&self.start)
    }
}

/// The node types of DOMAIN.md §2.0 that the interview walks.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NodeType {
    Question,
    Branch,
    Notice,
}

/// What a question's answer is.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerType {
    /// One of the listed values.
    Choice,
    /// Any number of the listed values (a list).
    Multi,
    Text,
    /// A whole number.
    Number,
    /// A date and time (RFC 3339, or local UK time).
    Datetime,
    /// A list of tasks, each `{ task, owner, due }`, `due` a date (the end of that day, UK
    /// time) or a date and time after the answer is given: an action plan (003 §6.21 option 5).
    Tasks,
}

impl AnswerType {
    /// The word a policy file uses for it.
    pub fn word(self) -> &'static str {
        match self {
            AnswerType::Choice => "choice",
            AnswerType::Multi => "multi",
            AnswerType::Text => "text",
            AnswerType::Number => "number",
            AnswerType::Datetime => "datetime",
            AnswerType::Tasks => "tasks",
        }
    }
}

/// What kind of concern an answer makes it: the code's own vocabulary (not a policy id), which
/// decides the form a concern gets and how it is handled. Given on the choices of the question
/// bound as `bindings.answers.about`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A child, or an unborn child (003 §1.10, §6.22): the SARF for children (App F).
    Child,
    /// An adult at risk (003 §6.4): the SARF for adults (App J).
    Adult,
    /// Care by an independent provider (seed 004): the CCRF.
    Provider,
    /// The conduct of a member of staff or volunteer (003 §9).
    Staff,
    /// An anonymous internal escalation (seed 000).
    CodeRed,
}

impl Kind {
    /// Every kind, in the order the policy lists them.
    pub const ALL: [Kind; 5] = [Kind::Child, Kind::Adult, Kind::Provider, Kind::Staff, Kind::CodeRed];

    /// The kind as the policy spells it (its serde name: the code's own vocabulary).
    pub fn word(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }
}

/// How a recorded answer is labelled (003 §7.15–7.16).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    Fact,
    Opinion,
    Analysis,
}

impl std::fmt::Display for Label {
    /// The label as the policy and the record spell it (its serde name, so the words are
    /// written once).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => f.write_str(&s),
            _ => Err(std::fmt::Error),
        }
    }
}

/// One node of the graph.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: NodeType,
    // -- questions
    pub ask: Option<AnswerType>,
    pub prompt: Option<String>,
    /// Prompt wording by the answer to `about` (one question, asked on several paths).
    #[serde(default)]
    pub prompt_by_about: BTreeMap<String, String>,
    pub help: Option<String>,
    /// Help wording by the answer to `about`, as `prompt_by_about` is for the prompt (a concern
    /// about an adult reads no help written for a child's).
    #[serde(default)]
    pub help_by_about: BTreeMap<String, String>,
    #[serde(default = "required_by_default")]
    pub required: bool,
    /// The question may be left unanswered when this holds.
    pub optional_when: Option<Cond>,
    /// Detail for the form that the route does not need now: unless an answer file gives it,
    /// it is not asked on the way but in the optional "more for the form" step at the end
    /// (`Policy::form_step`), and left out ("not given") when that step is skipped.
    #[serde(default)]
    pub for_form: bool,
    /// A `for_form` question is asked on the way after all when this holds (the route needs
    /// it then: whether a missing child is looked after, 003 §13.7).
    pub asked_now_when: Option<Cond>,
    /// The answer is already given by earlier answers when a condition holds (the first that
    /// does): recorded in the transcript as given, and not asked. An answer file's own answer
    /// to the question stands. One fact, asked once (e.g. ticking a kind of abuse says the
    /// adult is experiencing abuse, 003 §6.4 (2)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub given_when: Vec<GivenWhen>,
    /// The answer is given by the time the question is reached (the concern being raised):
    /// inside or outside the policy's office hours (out of hours, 003 §1.18, §6.38). An answer
    /// file's own answer stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_by_hours: Option<GivenByHours>,
    /// A shortcut that answers these questions in one (through their `given_when`): passed by
    /// unasked when any of them has an answer already, given earlier or in an answer file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instead_of: Vec<String>,
    pub default: Option<serde_json::Value>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// On a number question asking an age: a date of birth (YYYY-MM-DD) is accepted too, and
    /// the age reckoned from it on the date that the datetime question named here gives (the
    /// date of the concern, 003 §1.10), or on the day of the answer if that is not known.
    pub age_on: Option<String>,
    pub label: Option<Label>,
    #[serde(default)]
    pub answers: Vec<Choice>,
    /// The answers are made when the question is asked, rather than listed (a decision's
    /// outcomes: those of the concern's kind, the recommendation marked).
    pub answers_from: Option<AnswersFrom>,
    /// Why the answer is needed, in the policy's words: said when an answer file leaves out a
    /// required answer (e.g. a line manager's reasons for recommending no referral, 003 §3.6).
    pub required_why: Option<String>,
    /// When the question is asked, in words, for an answer file that answers it on a path
    /// that does not ask it (e.g. "only for a concern about a child").
    pub asked_when: Option<String>,
    /// The answer a terminal shows selected at first, without it being taken as the answer
    /// (the policy's recommendation among a decision's outcomes). Set when asked, not read.
    #[serde(skip)]
    pub preselect: Option<String>,
    // -- notices
    pub text: Option<String>,
    #[serde(default)]
    pub urgent: bool,
    /// A re-route: passing this notice changes earlier answers to these values (e.g. a
    /// concern raised about an adult who is 16 becomes a concern about a child, 003 §1.10).
    /// The text says why; the transcript keeps both the answer given and the change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, serde_json::Value>,
    // -- branches
    #[serde(default)]
    pub when: Vec<When>,
    pub otherwise: Option<String>,
    // -- every node
    pub source: Option<String>,
    pub next: Option<String>,
    #[serde(default)]
    pub start: Vec<Start>,
    /// Roles added to who must be told when the path passes this node (the police, for a
    /// missing child who is looked after, 003 §13.7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tell: Vec<String>,
    #[serde(default)]
    pub guidance: Vec<String>,
    pub at_least: Option<String>,
}

fn required_by_default() -> bool {
    true
}

/// Where a question's answers come from when the policy does not list them.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AnswersFrom {
    /// The outcomes of the concern's kind (its recommendation's group), most protective first.
    Outcomes,
}

/// One answer of a choice or multi question.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// Where a choice question goes on this answer (else the node's `next`).
    pub next: Option<String>,
    /// Shown at once, before the next question (e.g. "call 999 now").
    pub urgent: Option<String>,
    #[serde(default)]
    pub guidance: Vec<String>,
    #[serde(default)]
    pub start: Vec<Start>,
    /// Roles added to who must be told when this answer is given (the police, where the
    /// abuse of an adult may be a crime, 003 §1.12).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tell: Vec<String>,
    /// The recommendation is at least this outcome when this answer is given.
    pub at_least: Option<String>,
    /// What kind of concern this answer makes it (on the choices of the `about` question).
    pub kind: Option<Kind>,
    /// On a multi question: this answer is already given when the condition holds (a fact
    /// told earlier, e.g. a crime among the adult's factors, 003 §6.16), so it is ticked for
    /// the person and not asked again: one fact, asked once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implied_when: Option<Cond>,
    /// How a form words this answer, where the label speaks to the person answering (e.g.
    /// "say what in the description"); the label when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_form: Option<String>,
}

/// An answer given by earlier answers: `value` when the condition holds.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GivenWhen {
    #[serde(rename = "if")]
    pub cond: Cond,
    pub value: serde_json::Value,
}

/// A branch arm: go to `next` when the condition holds.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    #[serde(rename = "if")]
    pub cond: Cond,
    pub next: String,
}

/// A condition over earlier answers: one test of one answer, or `all`, `any` or `not` of
/// conditions. An enum, so that every use (evaluation, validation, drawing) handles every form.
///
/// In a policy file it is a table with an `answer` and exactly one test, or one combinator:
/// `{ answer = "about", is = "child" }`, `{ answer = "about", in = ["child", "unborn"] }`,
/// `{ answer = "special", contains = "fgm" }`, `{ answer = "overriding_interest", nonempty = true }`,
/// `{ answer = "subject_age", below = 18 }`, `{ answer = "outcome", same_as = "recommendation" }`,
/// `{ all = [...] }`, `{ any = [...] }`, `{ not = {...} }`.
/// A table of any other shape is refused when the policy is read. Nesting is bounded by the
/// TOML parser's own depth limit, so walking a condition recursively cannot exhaust the stack.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "CondSpec", into = "CondSpec")]
pub enum Cond {
    /// The answer equals this value.
    Is { answer: String, value: String },
    /// The answer is one of these values.
    In { answer: String, values: Vec<String> },
    /// A list answer contains this value.
    Contains { answer: String, value: String },
    /// A list answer is not empty (`nonempty = true`), or is empty (`nonempty = false`).
    Nonempty { answer: String, nonempty: bool },
    /// A number answer is below this.
    Below { answer: String, limit: i64 },
    /// The answer equals the answer to `other` (a decision is the policy's recommendation:
    /// `{ answer = "outcome", same_as = "recommendation" }`).
    Same { answer: String, other: String },
    /// Every one of the conditions holds.
    All(Vec<Cond>),
    /// At least one of the conditions holds.
    Any(Vec<Cond>),
    /// The inner condition does not hold (so an unanswered question makes `not` true: combine
    /// it with a test that the question was asked).
    Not(Box<Cond>),
}

/// A condition as written in the policy file; [`Cond`] is read through it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CondSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is: Option<String>,
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonempty: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Cond>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Cond>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Cond>>,
}

impl TryFrom<CondSpec> for Cond {
    type Error = String;

    fn try_from(c: CondSpec) -> std::result::Result<Cond, String> {
        let has_test = c.is.is_some()
            || c.one_of.is_some()
            || c.contains.is_some()
            || c.nonempty.is_some()
            || c.below.is_some()
            || c.same_as.is_some();
        let combinators = [c.all.is_some(), c.any.is_some(), c.not.is_some()].iter().filter(|t| **t).count();
        if combinators > 1 {
            return Err("a condition takes one of `all`, `any` and `not`".into());
        }
        if combinators == 1 {
            if c.answer.is_some() || has_test {
                return Err(
                    "a condition with `all`, `any` or `not` takes no `answer` or test of its own (put the test inside)"
                        .into(),
                );
            }
            return Ok(match (c.all, c.any, c.not) {
                (Some(all), _, _) => Cond::All(all),
                (_, Some(any), _) => Cond::Any(any),
                (_, _, Some(not)) => Cond::Not(not),
                (None, None, None) => unreachable!("one combinator is present"),
            });
        }
        let tests = [
            c.is.is_some(),
            c.one_of.is_some(),
            c.contains.is_some(),
            c.nonempty.is_some(),
            c.below.is_some(),
            c.same_as.is_some(),
        ]
        .iter()
        .filter(|t| **t)
        .count();
        if tests != 1 {
            return Err(
                "a condition needs exactly one test (is, in, contains, nonempty, below, same_as), or one of all, any, not"
                    .into(),
            );
        }
        let answer = c.answer.ok_or("a condition needs `answer`: the question whose answer it tests")?;
        if let Some(other) = c.same_as {
            return Ok(Cond::Same { answer, other });
        }
        Ok(match (c.is, c.one_of, c.contains, c.nonempty, c.below) {
            (Some(value), ..) => Cond::Is { answer, value },
            (_, Some(values), ..) => Cond::In { answer, values },
            (_, _, Some(value), ..) => Cond::Contains { answer, value },
            (_, _, _, Some(nonempty), _) => Cond::Nonempty { answer, nonempty },
            (.., Some(limit)) => Cond::Below { answer, limit },
            _ => unreachable!("exactly one test is present"),
        })
    }
}

impl From<Cond> for CondSpec {
    fn from(c: Cond) -> CondSpec {
        let test = |answer: String| CondSpec { answer: Some(answer), ..CondSpec::default() };
        match c {
            Cond::Is { answer, value } => CondSpec { is: Some(value), ..test(answer) },
            Cond::In { answer, values } => CondSpec { one_of: Some(values), ..test(answer) },
            Cond::Contains { answer, value } => CondSpec { contains: Some(value), ..test(answer) },
            Cond::Nonempty { answer, nonempty } => CondSpec { nonempty: Some(nonempty), ..test(answer) },
            Cond::Below { answer, limit } => CondSpec { below: Some(limit), ..test(answer) },
            Cond::Same { answer, other } => CondSpec { same_as: Some(other), ..test(answer) },
            Cond::All(all) => CondSpec { all: Some(all), ..CondSpec::default() },
            Cond::Any(any) => CondSpec { any: Some(any), ..CondSpec::default() },
            Cond::Not(not) => CondSpec { not: Some(not), ..CondSpec::default() },
        }
    }
}

impl Cond {
    /// Evaluates against the answers so far; an unanswered question makes a test false.
    pub fn holds(&self, answers: &BTreeMap<String, serde_json::Value>) -> bool {
        match self {
            Cond::Not(inner) => !inner.holds(answers),
            Cond::All(all) => all.iter().all(|c| c.holds(answers)),
            Cond::Any(any) => any.iter().any(|c| c.holds(answers)),
            Cond::Is { answer, value } => answers.get(answer).is_some_and(|v| v.as_str() == Some(value)),
            Cond::In { answer, values } => {
                answers.get(answer).and_then(|v| v.as_str()).is_some_and(|s| values.iter().any(|x| x == s))
            }
            Cond::Contains { answer, value } => answers
                .get(answer)
                .and_then(|v| v.as_array())
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(value))),
            Cond::Nonempty { answer, nonempty } => {
                answers.get(answer).and_then(|v| v.as_array()).is_some_and(|a| a.is_empty() != *nonempty)
            }
            Cond::Below { answer, limit } => {
                answers.get(answer).and_then(|v| v.as_i64()).is_some_and(|x| x < *limit)
            }
            Cond::Same { answer, other } => {
                answers.get(answer).is_some_and(|a| !a.is_null() && answers.get(other) == Some(a))
            }
        }
    }

    /// The question a test reads, or `None` for `all`, `any` and `not`.
    pub fn answer(&self) -> Option<&str> {
        match self {
            Cond::Is { answer, .. }
            | Cond::In { answer, .. }
            | Cond::Contains { answer, .. }
            | Cond::Nonempty { answer, .. }
            | Cond::Below { answer, .. }
            | Cond::Same { answer, .. } => Some(answer),
            Cond::All(_) | Cond::Any(_) | Cond::Not(_) => None,
        }
    }
}

impl Node {
    /// The prompt shown for this question given the `about` answer so far.
    /// The help line for a concern with this answer to `about`: its own wording, or the help.
    pub fn help_for(&self, about: Option<&str>) -> Option<&str> {
        about.and_then(|a| self.help_by_about.get(a)).or(self.help.as_ref()).map(String::as_str)
    }

    pub fn prompt_for(&self, about: Option<&str>) -> &str {
        about
            .and_then(|a| self.prompt_by_about.get(a))
            .or(self.prompt.as_ref())
            .map(String::as_str)
            .unwrap_or(&self.id)
    }

    /// The choice with this value.
    pub fn choice(&self, value: &str) -> Option<&Choice> {
        self.answers.iter().find(|c| c.value == value)
    }
}

impl Policy {
    /// Parses and validates a policy; every problem is reported at once, each naming its node.
    /// An overlay given as text can extend the embedded default, not a file (use `parse_file`).
    pub fn parse(text: &str, origin: &str) -> Result<Policy> {
        check_size(text, origin)?;
        overlay::parse(text, origin, None)
    }

    /// Parses and validates the policy or overlay read from `file` (an overlay's `extends`
    /// path is resolved from the file's directory).
    pub fn parse_file(text: &str, file: &Path) -> Result<Policy> {
        check_size(text, &file.display().to_string())?;
        overlay::parse(text, &file.display().to_string(), Some(file))
    }

    /// Refuses a policy (of an overlay: the merged one) with more nodes or outcomes than the caps.
    fn check_counts(&self, origin: &str) -> Result<()> {
        use crate::limits::{POLICY_NODES_MAX, POLICY_OUTCOMES_MAX};
        for (what, n, max) in [
            ("nodes", self.nodes.len(), POLICY_NODES_MAX),
            ("decision_nodes", self.decision_nodes.len(), POLICY_NODES_MAX),
            ("outcomes", self.outcomes.len(), POLICY_OUTCOMES_MAX),
        ] {
            if n > max {
                return Err(Error::input(format!(
                    "policy {origin} has {n} {what}; a policy may have at most {max} {what}"
                )));
            }
        }
        Ok(())
    }

    /// After reading: unbound bindings made `None`, and the map from node id to its place in
    /// `nodes` built (the first, if an id is used twice).
    fn finish(&mut self) {
        self.bindings.normalize();
        self.index.clear();
        for (i, n) in self.nodes.iter().enumerate() {
            self.index.entry(n.id.clone()).or_insert(i);
        }
        self.decision_index.clear();
        for (i, n) in self.decision_nodes.iter().enumerate() {
            self.decision_index.entry(n.id.clone()).or_insert(i);
        }
    }

    /// A policy that extends nothing, read and finished, with what validation says of it.
    fn read_plain(text: &str, origin: &str) -> Result<(Policy, Vec<String>)> {
        Policy::read_hashed(text, origin, None)
    }

    /// [`Policy::read_plain`], with the text's SHA-256 in hex when it is known already.
    fn read_hashed(text: &str, origin: &str, hash: Option<&str>) -> Result<(Policy, Vec<String>)> {
        let mut p: Policy = toml::from_str(text)
            .map_err(|e| Error::input(format!("policy {origin}: {}", toml_error(&e, text))))?;
        p.check_counts(origin)?;
        p.hash = match hash {
            Some(hash) => hash.to_owned(),
            None => hex::encode(Sha256::digest(text.as_bytes())),
        };
        p.finish();
        let problems = validate(&p);
        Ok((p, problems))
    }

    /// A policy that extends nothing; `table` is its text, parsed.
    fn parse_plain(text: &str, origin: &str, table: &toml::Table) -> Result<Policy> {
        let (p, mut problems) = Policy::read_plain(text, origin)?;
        problems.extend(overlay::changelog_problems(&p, table));
        if !problems.is_empty() {
            return Err(invalid(origin, &problems));
        }
        Ok(p)
    }

    /// The embedded default policy. Every command loads it, so it is read straight into the
    /// policy and validated, without the TOML table [`Policy::parse`] also makes for an
    /// overlay's merge and the changelog's checks: the text is fixed when the tool is built,
    /// and a test holds it to every check of the full path.
    pub fn default_policy() -> Policy {
        let (p, problems) =
            Policy::read_hashed(DEFAULT_POLICY, "(embedded default)", Some(DEFAULT_POLICY_SHA256))
                .unwrap_or_else(|e| panic!("the embedded default policy reads: {e}"));
        assert!(problems.is_empty(), "the embedded default policy is valid: {problems:?}");
        p
    }

    /// Loads the policy the config names, or the embedded default.
    pub fn load(path: Option<&Path>) -> Result<Policy> {
        match path {
            None => Ok(Policy::default_policy()),
            Some(p) => Policy::parse_file(&read_file(p)?, p),
        }
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).and_then(|&i| self.nodes.get(i))
    }

    /// The decision-tree node with this id.
    pub fn decision_node(&self, id: &str) -> Option<&Node> {
        self.decision_index.get(id).and_then(|&i| self.decision_nodes.get(i))
    }

    /// The question nodes, in file order.
    pub fn questions(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.kind == NodeType::Question)
    }

    /// The kind of an `about` answer (child, adult, provider, staff, Code RED), from the
    /// question bound as `bindings.answers.about`; none for an answer it does not have.
    pub fn about_kind(&self, about: &str) -> Option<Kind> {
        let q = self.bindings.answers.about.as_deref().and_then(|id| self.node(id))?;
        q.choice(about)?.kind
    }

    /// The `about` answers of these kinds (e.g. every answer that makes a concern a child's).
    pub fn about_values(&self, kinds: &[Kind]) -> Vec<String> {
        let q = self.bindings.answers.about.as_deref().and_then(|id| self.node(id));
        q.into_iter()
            .flat_map(|q| &q.answers)
            .filter(|c| c.kind.is_some_and(|k| kinds.contains(&k)))
            .map(|c| c.value.clone())
            .collect()
    }

    /// The roles whose holders may write a concern's entry of this kind (for an event, its id),
    /// before the concern's route hands a role to another (003 §6.19-6.20, App G): the same
    /// roles the commands ask for (`decide`: a role whose tree records a decision or a
    /// recommendation; `sign`: the countersignatory; `close`, `freeze`, `review`: the designated
    /// person; `log`: the event's `by`). `None`: anyone on the roster (a raise, an amendment, an
    /// event without `by`). `verify` checks every signed entry against it (issue 14).
    pub fn writers(
        &self,
        kind: &crate::domain::record::EntryKind,
        event: Option<&str>,
    ) -> Option<Vec<String>> {
        use crate::domain::record::EntryKind as K;
        let deciding = |records: decide::Records| -> Vec<String> {
            self.decisions.iter().filter(|(_, d)| d.records == records).map(|(r, _)| r.clone()).collect()
        };
        let roles = match kind {
            K::Decision => deciding(decide::Records::Decision),
            K::LmRecommendation => deciding(decide::Records::Recommendation),
            K::Countersign => self.bindings.roles.countersignatory.clone(),
            K::Closed | K::Frozen | K::Review => {
                self.bindings.roles.designated_person.iter().cloned().collect()
            }
            K::Event => self.events.get(event?)?.by.clone(),
            K::Raised | K::Amendment | K::Other(_) => return None,
        };
        (!roles.is_empty()).then_some(roles)
    }

    /// How a record of this kind is kept (`[retention.KIND]`), if the policy says.
    pub fn retention_for(&self, kind: Option<Kind>) -> Option<&crate::domain::retention::RetentionSpec> {
        self.retention.get(&kind?.word())
    }

    /// The anonymity that applies to a concern with these raise answers, if any.
    pub fn anonymity_for(&self, answers: &BTreeMap<String, serde_json::Value>) -> Option<&AnonymitySpec> {
        self.anonymity.values().find(|a| a.when.holds(answers))
    }

    /// The role's title, or the id itself.
    pub fn role_title<'a>(&'a self, role: &'a str) -> &'a str {
        self.roles.get(role).map(String::as_str).unwrap_or(role)
    }

    /// The role's title as a form names someone's role: without the leading article a
    /// sentence needs ("the designated person …" reads "Designated person …", "your line
    /// manager" reads "Line manager"); `None` for a role the policy does not know.
    pub fn role_name(&self, role: &str) -> Option<String> {
        let title = self.roles.get(role)?.trim();
        let bare = ["the ", "your ", "an ", "a "].iter().find_map(|p| title.strip_prefix(p)).unwrap_or(title);
        let mut chars = bare.chars();
        Some(match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => role.to_owned(),
        })
    }

    /// The role's title on a concern with this `about` answer: its words for the concern's
    /// kind (`role_words`) where the policy gives them, else [`Policy::role_title`].
    pub fn role_title_on<'a>(&'a self, role: &'a str, about: &str) -> &'a str {
        self.about_kind(about)
            .and_then(|k| self.role_words.get(&k.word()))
            .and_then(|w| w.get(role))
            .map(String::as_str)
            .unwrap_or_else(|| self.role_title(role))
    }
}

/// A policy file's text (an overlay's bases are read through here too).
fn read_file(p: &Path) -> Result<String> {
    crate::limits::read_text(p, crate::limits::POLICY_FILE_MAX, "a policy file")
        .map_err(|e| Error::input(format!("cannot read the policy {}: {e}", p.display())))
}

/// Refuses policy text over the size cap, before it is parsed.
fn check_size(text: &str, origin: &str) -> Result<()> {
    use crate::limits::{POLICY_FILE_MAX, show_bytes};
    if text.len() as u64 > POLICY_FILE_MAX {
        return Err(Error::input(format!(
            "policy {origin} is larger than {}, the most a policy file may be",
            show_bytes(POLICY_FILE_MAX)
        )));
    }
    Ok(())
}

/// A policy's validation problems, all of them, as a list.
fn invalid(origin: &str, problems: &[String]) -> Error {
    Error::Policy { origin: origin.to_owned(), problems: problems.to_vec() }
}

/// A TOML reader's error as one line: the node (outcome, duty, event) it is in when that can
/// be found, the message, and where (line and column).
fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let msg = crate::config::toml_error(e, text);
    match e.span().and_then(|span| locate(text, span.start)) {
        Some(what) => format!("{what}: {msg}"),
        None => msg,
    }
}

/// Which node, outcome, duty or event of the policy text holds byte `at` (e.g. `node "b1"`),
/// so that a problem the TOML reader finds names its node as validation problems do.
fn locate(text: &str, at: usize) -> Option<String> {
    use toml::Spanned;
    use toml::de::{DeTable, DeValue};
    // A table written under a `[[nodes]]` or `[outcomes.x]` header is spanned by its header
    // only: its extent is that and every key and value in it.
    fn covers(spans: &[std::ops::Range<usize>], table: Option<&DeTable>, at: usize) -> bool {
        let inner = table.into_iter().flatten().flat_map(|(k, v)| [k.span(), v.span()]);
        let all: Vec<std::ops::Range<usize>> = spans.iter().cloned().chain(inner).collect();
        let (lo, hi) = (all.iter().map(|r| r.start).min(), all.iter().map(|r| r.end).max());
        matches!((lo, hi), (Some(lo), Some(hi)) if lo <= at && at < hi)
    }
    fn table<'a, 'i>(v: &'a Spanned<DeValue<'i>>) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        }
    }
    let doc = DeTable::parse(text).ok()?;
    for (key, value) in doc.get_ref() {
        let section: &str = key.get_ref();
        match (section, value.get_ref()) {
            ("nodes", DeValue::Array(items)) => {
                if let Some(t) =
                    items.iter().find(|i| covers(&[i.span()], table(i), at)).and_then(|i| table(i))
                {
                    let id = t
                        .iter()
                        .find(|(k, _)| &**k.get_ref() == "id")
                        .and_then(|(_, v)| v.get_ref().as_str());
                    return Some(match id {
                        Some(id) => format!("node {id:?}"),
                        None => "a node without an id".into(),
                    });
                }
            }
            ("outcomes" | "duties" | "events", DeValue::Table(t)) => {
                if let Some((k, _)) = t.iter().find(|(k, v)| covers(&[k.span(), v.span()], table(v), at)) {
                    let id = &**k.get_ref();
                    return Some(match section {
                        "outcomes" => format!("outcome {id:?}"),
                        "duties" => format!("duty {id:?}"),
                        _ => format!("event {id:?}"),
                    });
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;

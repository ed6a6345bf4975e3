//! The guided interview: walks a graph of questions, one at a time, through a `Prompter`: the
//! raise's policy graph, or a decision tree of the policy (`policy::decide`).
//!
//! The engine is pure: it reads answers through the prompter, writes nothing itself, and hands
//! its state to a `save` callback after every answer (the caller keeps an encrypted draft).
//! `--answers` files and the tests use [`Scripted`]; people use `terminal::Terminal`.

pub mod answers;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::policy::{AnswerType, Label, Node, NodeType, Policy, Start, decide};

/// A graph the engine walks: nodes by id, and the ids where a path ends.
pub trait Graph {
    fn node(&self, id: &str) -> Option<&Node>;
    /// A path ends here: an outcome of the raise's graph, or a decision's end.
    fn is_end(&self, id: &str) -> bool;
    /// How many nodes it has (a path visits each at most once).
    fn size(&self) -> usize;
    /// The question whose answer picks a prompt's wording (`prompt_by_about`), if any.
    fn about(&self) -> Option<&str>;
}

impl Graph for Policy {
    fn node(&self, id: &str) -> Option<&Node> {
        Policy::node(self, id)
    }
    fn about(&self) -> Option<&str> {
        self.bindings.answers.about.as_deref()
    }
    fn is_end(&self, id: &str) -> bool {
        self.outcomes.contains_key(id)
    }
    fn size(&self) -> usize {
        self.nodes.len()
    }
}

impl Graph for decide::Tree {
    fn node(&self, id: &str) -> Option<&Node> {
        decide::Tree::node(self, id)
    }
    fn is_end(&self, id: &str) -> bool {
        id == decide::END
    }
    fn size(&self) -> usize {
        self.nodes.len()
    }
    fn about(&self) -> Option<&str> {
        self.about.as_deref()
    }
}

/// One answered question, as it goes into the record.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Step {
    pub id: String,
    /// The words the person was shown.
    pub prompt: String,
    /// The answer as stored (machine form).
    pub answer: Value,
    /// The answer in words (choice labels).
    pub shown: String,
    pub at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
}

/// Where an interview is: saved as a draft after every answer.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    /// The node to visit next; `None` before the start.
    pub at: Option<String>,
    pub answers: BTreeMap<String, Value>,
    pub transcript: Vec<Step>,
    /// Nodes passed, in order.
    pub path: Vec<String>,
    /// The outcome reached, once finished.
    pub outcome: Option<String>,
}

/// Asks questions and shows guidance.
pub trait Prompter {
    /// Asks one question; `Ok(None)` means no answer was given (the default applies, or it is
    /// skipped when optional). Answers are checked by the engine.
    fn ask(
        &mut self,
        node: &Node,
        prompt: &str,
        default: Option<&Value>,
        optional: bool,
    ) -> Result<Option<Value>>;
    /// Shows guidance; `urgent` guidance must be seen before anything else happens.
    fn notice(&mut self, text: &str, urgent: bool) -> Result<()>;
    /// An answer that fits its question but not the moment (a time in the future, a task due
    /// already): a person is told and asked again (`Ok(true)`); a script's answer is refused.
    fn retry(&mut self, _problem: &str) -> Result<bool> {
        Ok(false)
    }
}

/// Walks the policy from `state` to an outcome, saving after every answer.
pub fn run(
    policy: &Policy,
    state: &mut State,
    prompter: &mut dyn Prompter,
    now: &dyn Fn() -> DateTime<Utc>,
    save: &mut dyn FnMut(&State) -> Result<()>,
) -> Result<String> {
    walk(policy, &policy.start, state, prompter, now, save)
}

/// Walks `graph` from `state` (or `start`) to the end of a path, saving after every answer;
/// returns the id it ended at.
pub fn walk(
    graph: &dyn Graph,
    start: &str,
    state: &mut State,
    prompter: &mut dyn Prompter,
    now: &dyn Fn() -> DateTime<Utc>,
    save: &mut dyn FnMut(&State) -> Result<()>,
) -> Result<String> {
    let mut at = state.at.clone().unwrap_or_else(|| start.to_owned());
    // A loop, not recursion. A validated policy has no cycle, so a path visits each node at
    // most once; the guard only stops a policy that slipped past validation.
    let mut steps = 0usize;
    loop {
        steps += 1;
        if steps > graph.size() + 1 {
            return Err(Error::Other("the interview did not reach an outcome".into()));
        }
        if graph.is_end(&at) {
            state.outcome = Some(at.clone());
            state.at = None;
            return Ok(at);
        }
        let node = graph.node(&at).ok_or_else(|| Error::Other(format!("policy has no node {at:?}")))?;
        let next = match node.kind {
            NodeType::Notice => {
                prompter.notice(node.text.as_deref().unwrap_or_default(), node.urgent)?;
                node.next.clone()
            }
            NodeType::Branch => node
                .when
                .iter()
                .find(|w| w.cond.holds(&state.answers))
                .map(|w| w.next.clone())
                .or_else(|| node.otherwise.clone()),
            NodeType::Question => {
                let answer = match state.answers.get(&node.id) {
                    Some(v) => Some(v.clone()),
                    None => ask_one(node, graph.about(), state, prompter, now)?,
                };
                if let Some(v) = &answer {
                    for c in selected(node, v) {
                        if let Some(u) = &c.urgent {
                            prompter.notice(u, true)?;
                        }
                    }
                }
                let chosen = answer.as_ref().and_then(|v| v.as_str()).and_then(|s| node.choice(s));
                chosen.and_then(|c| c.next.clone()).or_else(|| node.next.clone())
            }
        };
        state.path.push(node.id.clone());
        at = next.ok_or_else(|| Error::Other(format!("policy node {:?} leads nowhere", node.id)))?;
        state.at = Some(at.clone());
        if node.kind == NodeType::Question {
            save(state)?;
        }
    }
}

fn ask_one(
    node: &Node,
    about: Option<&str>,
    state: &mut State,
    prompter: &mut dyn Prompter,
    now: &dyn Fn() -> DateTime<Utc>,
) -> Result<Option<Value>> {
    let about = about.and_then(|q| state.answers.get(q)).and_then(Value::as_str);
    let prompt = node.prompt_for(about).to_owned();
    let optional = !node.required || node.optional_when.as_ref().is_some_and(|c| c.holds(&state.answers));
    let default = effective_default(node, now);
    let value = loop {
        let given = prompter.ask(node, &prompt, default.as_ref(), optional)?;
        let value = match given.or_else(|| default.clone()) {
            Some(v) => check_value(node, &v)
                .map(|v| at_now(node, v, now))
                .map_err(|e| Error::input(problem(&node.id, &e)))?,
            None if optional => return Ok(None),
            None => {
                let why = node.required_why.as_deref().map(|w| format!(": {w}")).unwrap_or_default();
                return Err(Error::input(format!(
                    "answer `{}` is required and has no default ({prompt}){why}",
                    node.id
                )));
            }
        };
        match untimely(node, &value, now()) {
            None => break value,
            Some(p) if prompter.retry(&problem(&node.id, &p))? => continue,
            Some(p) => return Err(Error::input(problem(&node.id, &p))),
        }
    };
    state.transcript.push(Step {
        id: node.id.clone(),
        prompt,
        shown: shown(node, &value),
        answer: value.clone(),
        at: now(),
        label: node.label,
    });
    state.answers.insert(node.id.clone(), value.clone());
    Ok(Some(value))
}

/// A problem with answer `id`, in words: "answer `id`: ...", or for one item of a list of
/// tasks "answer `id` item 2: ...".
pub fn problem(id: &str, e: &str) -> String {
    if e.starts_with("item ") { format!("answer `{id}` {e}") } else { format!("answer `{id}`: {e}") }
}

/// What is wrong with a well-formed answer at the time it is given: a date and time in the
/// future, or a task already due.
fn untimely(node: &Node, value: &Value, now: DateTime<Utc>) -> Option<String> {
    let time = |v: &Value| v.as_str().and_then(|s| s.parse::<DateTime<Utc>>().ok());
    match node.ask? {
        AnswerType::Datetime => time(value).filter(|t| *t > now).map(|_| format!("{value} is in the future")),
        AnswerType::Tasks => value.as_array()?.iter().enumerate().find_map(|(i, t)| {
            let due = time(&t[TASK_DUE])?;
            (due <= now).then(|| {
                format!(
                    "item {}: `{TASK_DUE}` {} is not after the decision ({})",
                    i + 1,
                    crate::domain::calendar::show_local(due),
                    crate::domain::calendar::show_local(now)
                )
            })
        }),
        _ => None,
    }
}

/// The fields of each task of a `tasks` answer.
pub use crate::policy::{TASK_DUE, TASK_OWNER, TASK_TITLE};

/// A question's default, with a date-time default of `"now"` as the time it means.
fn effective_default(node: &Node, now: &dyn Fn() -> DateTime<Utc>) -> Option<Value> {
    node.default.clone().map(|d| at_now(node, d, now))
}

/// The answer `"now"` to a date-time question (given, or its default) is the command's time
/// (RFC 3339): that, never the word, goes into the transcript and the answers.
fn at_now(node: &Node, v: Value, now: &dyn Fn() -> DateTime<Utc>) -> Value {
    match (&v, node.ask) {
        (Value::String(s), Some(AnswerType::Datetime)) if s == crate::domain::clock::NOW_WORD => {
            Value::String(crate::domain::clock::rfc3339(now()))
        }
        _ => v,
    }
}

/// The choices an answer selects (one for choice, any number for multi).
pub fn selected<'n>(node: &'n Node, v: &Value) -> Vec<&'n crate::policy::Choice> {
    match v {
        Value::String(s) => node.choice(s).into_iter().collect(),
        Value::Array(a) => a.iter().filter_map(|x| x.as_str()).filter_map(|s| node.choice(s)).collect(),
        _ => vec![],
    }
}

/// An answer in words.
fn shown(node: &Node, v: &Value) -> String {
    match v {
        Value::String(s) if node.ask == Some(AnswerType::Choice) => {
            node.choice(s).map(|c| c.label.clone()).unwrap_or_else(|| s.clone())
        }
        Value::String(s) => s.clone(),
        Value::Array(items) if node.ask == Some(AnswerType::Tasks) => items
            .iter()
            .map(|t| {
                let due = t[TASK_DUE]
                    .as_str()
                    .and_then(|d| d.parse().ok())
                    .map(crate::domain::calendar::show_local);
                format!(
                    "{} - {}, by {}",
                    t[TASK_TITLE].as_str().unwrap_or_default(),
                    t[TASK_OWNER].as_str().unwrap_or_default(),
                    due.unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Array(_) => {
            let labels: Vec<String> = selected(node, v).iter().map(|c| c.label.clone()).collect();
            if labels.is_empty() { "none".into() } else { labels.join("; ") }
        }
        other => other.to_string(),
    }
}

pub use crate::domain::calendar::{parse_datetime, parse_day_or_time};
pub use crate::policy::check_value;

/// What the path through the policy adds up to.
#[derive(Clone, Debug)]
pub struct Findings {
    /// The outcome the graph reached.
    pub reached: String,
    /// The recommendation: the reached outcome, raised by any "at least" floor on the path.
    pub recommendation: String,
    /// Why the recommendation differs from `reached`, if it does.
    pub raised_because: Vec<String>,
    pub guidance: Vec<String>,
    pub starts: Vec<Start>,
}

/// What a path adds up to, in path order: the guidance it showed (notices passed, and the
/// guidance and urgent words of the nodes and answers), the duties it starts, and its "at
/// least" floors (outcome, why).
fn path_effects(graph: &dyn Graph, state: &State) -> (Vec<String>, Vec<Start>, Vec<(String, String)>) {
    let mut guidance = Vec::new();
    let mut starts = Vec::new();
    let mut floors: Vec<(String, String)> = Vec::new();
    for id in &state.path {
        let Some(node) = graph.node(id) else { continue };
        if node.kind == NodeType::Notice
            && let Some(t) = &node.text
        {
            guidance.push(t.clone());
        }
        guidance.extend(node.guidance.iter().cloned());
        starts.extend(node.start.iter().cloned());
        if let Some(f) = &node.at_least {
            floors.push((f.clone(), node.prompt.clone().unwrap_or_else(|| node.id.clone())));
        }
        if let Some(v) = state.answers.get(id) {
            for c in selected(node, v) {
                guidance.extend(c.urgent.iter().cloned());
                guidance.extend(c.guidance.iter().cloned());
                starts.extend(c.start.iter().cloned());
                if let Some(f) = &c.at_least {
                    floors.push((f.clone(), format!("{}: {}", node.id, c.label)));
                }
            }
        }
    }
    (guidance, starts, floors)
}

/// The guidance a finished path showed and the duties it starts (a decision's), each once,
/// in path order.
pub fn effects(graph: &dyn Graph, state: &State) -> (Vec<String>, Vec<Start>) {
    let (mut guidance, starts, _) = path_effects(graph, state);
    let mut seen = std::collections::BTreeSet::new();
    guidance.retain(|g| seen.insert(g.clone()));
    (guidance, starts)
}

/// Collects the effects of a finished interview.
pub fn findings(policy: &Policy, state: &State) -> Result<Findings> {
    let reached =
        state.outcome.clone().ok_or_else(|| Error::Other("the interview has not finished".into()))?;
    let (mut guidance, mut starts, floors) = path_effects(policy, state);
    let group = &policy.outcomes[&reached].group;
    let mut recommendation = reached.clone();
    let mut raised_because = Vec::new();
    for (f, why) in &floors {
        let (fo, cur) = (&policy.outcomes[f], &policy.outcomes[&recommendation]);
        if &fo.group == group && fo.rank > cur.rank {
            recommendation = f.clone();
        }
        if &fo.group == group && fo.rank > policy.outcomes[&reached].rank {
            raised_because.push(format!("at least \"{}\" because of {why}", fo.title));
        }
    }
    let o = &policy.outcomes[&recommendation];
    starts.extend(o.start.iter().cloned());
    guidance.extend(o.guidance.iter().cloned());
    let mut seen = std::collections::BTreeSet::new();
    guidance.retain(|g| seen.insert(g.clone()));
    Ok(Findings { reached, recommendation, raised_because, guidance, starts })
}

/// A prompter that answers from a map (an `--answers` file); it never asks a person.
#[derive(Debug, Default)]
pub struct Scripted {
    pub answers: BTreeMap<String, Value>,
    /// Everything shown, for tests and for printing after the run.
    pub shown: Vec<(String, bool)>,
}

impl Prompter for Scripted {
    fn ask(
        &mut self,
        node: &Node,
        _prompt: &str,
        _default: Option<&Value>,
        _optional: bool,
    ) -> Result<Option<Value>> {
        Ok(self.answers.get(&node.id).cloned())
    }
    fn notice(&mut self, text: &str, urgent: bool) -> Result<()> {
        self.shown.push((text.to_owned(), urgent));
        Ok(())
    }
}

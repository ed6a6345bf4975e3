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
use crate::policy::{AnswerType, Node, NodeType, Policy, Start, decide};

/// A graph the engine walks: nodes by id, and the ids where a path ends.
pub trait Graph {
    fn node(&self, id: &str) -> Option<&Node>;
    /// A path ends here: an outcome of the raise's graph, or a decision's end.
    fn is_end(&self, id: &str) -> bool;
    /// How many nodes it has (a path visits each at most once).
    fn size(&self) -> usize;
    /// The question whose answer picks a prompt's wording (`prompt_by_about`), if any.
    fn about(&self) -> Option<&str>;
    /// The optional "more for the form" step at the end, if the graph has one.
    fn form_step(&self) -> Option<Node> {
        None
    }
    /// Whether `t` is inside the service's office hours, when the graph knows them (a question
    /// with `given_by_hours` is answered by it).
    fn in_office_hours(&self, _t: DateTime<Utc>) -> Option<bool> {
        None
    }
}

/// A policy with the service's working-day calendar: it knows when the office is open.
pub struct WithCalendar<'a> {
    pub policy: &'a Policy,
    pub calendar: &'a crate::domain::calendar::Calendar,
}

impl Graph for WithCalendar<'_> {
    fn node(&self, id: &str) -> Option<&Node> {
        self.policy.node(id)
    }
    fn about(&self) -> Option<&str> {
        Graph::about(self.policy)
    }
    fn is_end(&self, id: &str) -> bool {
        Graph::is_end(self.policy, id)
    }
    fn size(&self) -> usize {
        Graph::size(self.policy)
    }
    fn form_step(&self) -> Option<Node> {
        Graph::form_step(self.policy)
    }
    fn in_office_hours(&self, t: DateTime<Utc>) -> Option<bool> {
        self.policy.office_hours.as_ref().map(|h| h.contains(self.calendar, t))
    }
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
    fn form_step(&self) -> Option<Node> {
        self.form_step.as_ref().map(crate::policy::FormStep::node)
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

/// One answered question, as it goes into the record (the record's own type).
pub use crate::domain::record::Step;

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
    /// What was being typed at the question `at` when the interview was interrupted (Ctrl-C):
    /// offered again when the draft is resumed, never an answer until it is entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<Partial>,
    /// The `for_form` questions passed unasked on the way, in path order: the form step at
    /// the end offers them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deferred: Vec<String>,
    /// The form step's answer, once given: whether to ask the deferred questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_entered: Option<bool>,
}

/// An answer begun but not entered: what was typed at a typed question, or the rows ticked
/// so far in a tick-list (multi) question. Kept inside the encrypted draft, like the answers.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Partial {
    /// The question it was begun at.
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The answers (values) ticked so far, in the question's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticked: Vec<String>,
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
    /// A draft's unfinished answer to the next question: a person sees it typed (or its
    /// rows ticked) already.
    fn offer(&mut self, _begun: &Partial) {}
    /// After an interruption (`Error::Interrupted`): what had been typed, or ticked, at the
    /// question.
    fn begun(&mut self) -> Option<Partial> {
        None
    }
    /// The answer a later question will get, where it is known already (an answer file's):
    /// an age given as a date of birth is reckoned on the concern's date even when that
    /// question comes later. A person's answer is not known before it is given.
    fn peek(&self, _id: &str) -> Option<Value> {
        None
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

/// As [`run`], knowing the service's calendar (for questions answered by office hours).
pub fn run_with_calendar(
    policy: &Policy,
    calendar: &crate::domain::calendar::Calendar,
    state: &mut State,
    prompter: &mut dyn Prompter,
    now: &dyn Fn() -> DateTime<Utc>,
    save: &mut dyn FnMut(&State) -> Result<()>,
) -> Result<String> {
    let graph = WithCalendar { policy, calendar };
    let end = walk(&graph, &policy.start, state, prompter, now, save)?;
    Ok(reread_hours(&graph, &policy.start, state, now)?.unwrap_or(end))
}

/// Out of hours is read at the raise, when the record is saved, not when its question was
/// passed (003 §6.38: the person with the concern in hand acts now; the policy's `out_of_hours`
/// comment). When a draft resumed later, or an interview that ran past closing time, finds the
/// office's hours now give another answer, the path is walked again from the answers already
/// given, with that answer read now, so the record's duties are the ones its answer gives.
/// Nothing is asked again: the answers are replayed as an answer file's are. Returns the new
/// end when it walked again.
fn reread_hours(
    graph: &WithCalendar,
    start: &str,
    state: &mut State,
    now: &dyn Fn() -> DateTime<Utc>,
) -> Result<Option<String>> {
    let Some(inside) = graph.in_office_hours(now()) else { return Ok(None) };
    let by_time = |s: &Step| s.prompt.starts_with(GIVEN_BY_TIME);
    let stale = state.transcript.iter().filter(|s| by_time(s)).any(|s| {
        graph.node(&s.id).and_then(|n| n.given_by_hours.as_ref()).is_some_and(|h| {
            let fresh = if inside { &h.inside } else { &h.outside };
            state.answers.get(&s.id) != Some(fresh)
        })
    });
    if !stale {
        return Ok(None);
    }
    // Replayed: every answer the person gave (not those given by the time, by earlier
    // answers or by a re-routing, which the walk gives again).
    let given = |s: &Step| by_time(s) || s.prompt.starts_with(GIVEN) || s.prompt.starts_with(REROUTED);
    let replay: BTreeMap<String, Value> = state
        .transcript
        .iter()
        .filter(|s| !given(s))
        .filter_map(|s| state.answers.get(&s.id).map(|v| (s.id.clone(), v.clone())))
        .collect();
    let old = std::mem::take(&mut state.transcript);
    let mut fresh = State::default();
    let mut scripted = Scripted { answers: replay, shown: vec![] };
    let end = walk(graph, start, &mut fresh, &mut scripted, now, &mut |_| Ok(()))?;
    // Each answer keeps when it was given.
    for step in &mut fresh.transcript {
        if let Some(o) = old.iter().find(|o| o.id == step.id && o.answer == step.answer && !by_time(o)) {
            step.at = o.at;
        }
    }
    *state = fresh;
    Ok(Some(end))
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
            if !state.deferred.is_empty()
                && let Some(step) = graph.form_step()
            {
                form_step(graph, &step, state, prompter, now, save)?;
            }
            state.deferred.clear();
            state.form_entered = None;
            state.outcome = Some(at.clone());
            state.at = None;
            return Ok(at);
        }
        let node = graph.node(&at).ok_or_else(|| Error::Other(format!("policy has no node {at:?}")))?;
        let next = match node.kind {
            NodeType::Notice => {
                prompter.notice(&filled(node.text.as_deref().unwrap_or_default(), state), node.urgent)?;
                reroute(graph, node, state, now);
                node.next.clone()
            }
            NodeType::Branch => node
                .when
                .iter()
                .find(|w| w.cond.holds(&state.answers))
                .map(|w| w.next.clone())
                .or_else(|| node.otherwise.clone()),
            NodeType::Question if deferred(node, state, prompter) => {
                state.deferred.push(node.id.clone());
                node.next.clone()
            }
            // A shortcut for questions already answered (an answer file's): not asked.
            NodeType::Question if passed_by(node, state, prompter) => node.next.clone(),
            NodeType::Question => {
                let known = match state.answers.get(&node.id) {
                    Some(v) => Some(v.clone()),
                    None => given(graph, node, state, prompter, now),
                };
                let answer = match known {
                    Some(v) => Some(v),
                    None => match ask_one(graph, node, graph.about(), state, prompter, now) {
                        Err(Error::Interrupted) => {
                            // Ctrl-C: what was being typed or ticked is kept with the draft too.
                            state.at = Some(node.id.clone());
                            keep_begun(node, state, prompter, save)?;
                            return Err(Error::Interrupted);
                        }
                        other => other?,
                    },
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

/// On Ctrl-C at `node`: what had been typed or ticked there goes into the draft (saved at
/// once, as an answer is), in place of what an earlier interruption kept for it. Nothing
/// begun: a draft that had nothing begun there is left as it was.
fn keep_begun(
    node: &Node,
    state: &mut State,
    prompter: &mut dyn Prompter,
    save: &mut dyn FnMut(&State) -> Result<()>,
) -> Result<()> {
    let begun = prompter.begun().map(|p| Partial { id: node.id.clone(), ..p });
    let before = state.partial.as_ref().filter(|p| p.id == node.id);
    if begun.is_some() || before.is_some() {
        state.partial = begun;
        save(state)?;
    }
    Ok(())
}

/// A question for the form that the route does not need now, with no answer yet (none given,
/// none in an answer file): passed on the way, and offered in the form step at the end.
fn deferred(node: &Node, state: &State, prompter: &dyn Prompter) -> bool {
    node.for_form
        && !state.answers.contains_key(&node.id)
        && prompter.peek(&node.id).is_none()
        && !node.asked_now_when.as_ref().is_some_and(|c| c.holds(&state.answers))
}

/// A shortcut (`instead_of`) whose questions have an answer already, given on the way or in
/// an answer file, and which has none itself: passed by, so nothing is answered twice.
fn passed_by(node: &Node, state: &State, prompter: &dyn Prompter) -> bool {
    !node.instead_of.is_empty()
        && !state.answers.contains_key(&node.id)
        && prompter.peek(&node.id).is_none()
        && node.instead_of.iter().any(|id| state.answers.contains_key(id) || prompter.peek(id).is_some())
}

/// How the transcript step of an answer given by earlier answers begins.
pub const GIVEN: &str = "Given by your earlier answers:";
/// How the transcript step of an answer given by the time of raising begins.
pub const GIVEN_BY_TIME: &str = "Given by the time this was raised:";

/// The answer earlier answers give to a question (`given_when`), unless an answer file gives
/// its own: recorded in the transcript as given, and not asked.
fn given(
    graph: &dyn Graph,
    node: &Node,
    state: &mut State,
    prompter: &dyn Prompter,
    now: &dyn Fn() -> DateTime<Utc>,
) -> Option<Value> {
    if prompter.peek(&node.id).is_some() {
        return None;
    }
    let by_answers = node.given_when.iter().find(|g| g.cond.holds(&state.answers)).map(|g| g.value.clone());
    let by_time = || {
        let h = node.given_by_hours.as_ref()?;
        let inside = graph.in_office_hours(now())?;
        Some(if inside { h.inside.clone() } else { h.outside.clone() })
    };
    let (value, how) = match by_answers {
        Some(v) => (v, GIVEN),
        None => (by_time()?, GIVEN_BY_TIME),
    };
    let about = graph.about().and_then(|q| state.answers.get(q)).and_then(Value::as_str);
    state.transcript.push(Step {
        id: node.id.clone(),
        prompt: format!("{how} {}", node.prompt_for(about)),
        shown: shown(node, &value),
        answer: value.clone(),
        at: now(),
        label: node.label,
        given: None,
    });
    state.answers.insert(node.id.clone(), value.clone());
    Some(value)
}

/// The "more for the form" step: one question whether to enter the detail passed on the way;
/// if so, each deferred question in path order. Answers are saved one by one, as on the way.
fn form_step(
    graph: &dyn Graph,
    step: &Node,
    state: &mut State,
    prompter: &mut dyn Prompter,
    now: &dyn Fn() -> DateTime<Utc>,
    save: &mut dyn FnMut(&State) -> Result<()>,
) -> Result<()> {
    let enter = match state.form_entered {
        Some(e) => e,
        None => {
            let prompt = step.prompt.clone().unwrap_or_default();
            let given = prompter.ask(step, &prompt, step.default.as_ref(), true)?;
            let e = given.as_ref().and_then(Value::as_str) == Some(crate::policy::FORM_STEP_ENTER);
            state.form_entered = Some(e);
            save(state)?;
            e
        }
    };
    if !enter {
        return Ok(());
    }
    for id in state.deferred.clone() {
        if state.answers.contains_key(&id) {
            continue;
        }
        let node = graph.node(&id).ok_or_else(|| Error::Other(format!("policy has no node {id:?}")))?;
        match ask_one(graph, node, graph.about(), state, prompter, now) {
            Err(Error::Interrupted) => {
                keep_begun(node, state, prompter, save)?;
                return Err(Error::Interrupted);
            }
            other => other?,
        };
        save(state)?;
    }
    Ok(())
}

/// How a re-route's transcript step begins.
const REROUTED: &str = "Re-routed:";

/// A re-routing notice (`set`): the answers it names take its values, and the transcript
/// records each change with the notice's words as the reason (the answer first given stays in
/// the transcript above it).
fn reroute(graph: &dyn Graph, node: &Node, state: &mut State, now: &dyn Fn() -> DateTime<Utc>) {
    for (id, value) in &node.set {
        if state.answers.get(id) == Some(value) {
            continue;
        }
        let shown = graph.node(id).map(|q| shown(q, value)).unwrap_or_else(|| value.to_string());
        state.transcript.push(Step {
            id: id.clone(),
            prompt: format!("{REROUTED} {}", filled(node.text.as_deref().unwrap_or_default(), state)),
            answer: value.clone(),
            shown,
            at: now(),
            label: None,
            given: None,
        });
        state.answers.insert(id.clone(), value.clone());
    }
}

/// The answers of a multi question already given by earlier facts (`implied_when`), in the
/// question's order.
fn implied(node: &Node, answers: &BTreeMap<String, Value>) -> Vec<Value> {
    if node.ask != Some(AnswerType::Multi) {
        return vec![];
    }
    node.answers
        .iter()
        .filter(|c| c.implied_when.as_ref().is_some_and(|w| w.holds(answers)))
        .map(|c| Value::String(c.value.clone()))
        .collect()
}

/// A multi answer with the implied values added, in the question's order, each once.
fn with_implied(node: &Node, given: Value, implied: &[Value]) -> Value {
    let mut all: Vec<Value> = given.as_array().cloned().unwrap_or_default();
    for v in implied {
        if !all.contains(v) {
            all.push(v.clone());
        }
    }
    let place = |v: &Value| node.answers.iter().position(|c| Some(c.value.as_str()) == v.as_str());
    all.sort_by_key(|v| place(v).unwrap_or(usize::MAX));
    Value::Array(all)
}

fn ask_one(
    graph: &dyn Graph,
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
    if let Some(p) = state.partial.as_ref().filter(|p| p.id == node.id) {
        prompter.offer(p);
    }
    // One fact, asked once: answers an earlier question already gave are ticked, not asked.
    let implied = implied(node, &state.answers);
    let reduced;
    let asked_node = if implied.is_empty() {
        node
    } else {
        let labels: Vec<&str> = node
            .answers
            .iter()
            .filter(|c| implied.iter().any(|v| v.as_str() == Some(c.value.as_str())))
            .map(|c| c.label.as_str())
            .collect();
        prompter
            .notice(&format!("Already ticked from your earlier answers: {}.", labels.join("; ")), false)?;
        let mut r = node.clone();
        r.answers.retain(|c| !implied.iter().any(|v| v.as_str() == Some(c.value.as_str())));
        reduced = r;
        &reduced
    };
    // The help worded for this kind of concern (`help_by_about`), as the prompt is.
    let worded;
    let asked_node = match node.help_for(about) {
        Some(h) if asked_node.help.as_deref() != Some(h) => {
            let mut w = asked_node.clone();
            w.help = Some(h.to_owned());
            worded = w;
            &worded
        }
        _ => asked_node,
    };
    let mut as_given = None;
    let value = loop {
        let given = if !implied.is_empty() && asked_node.answers.is_empty() {
            None
        } else {
            prompter.ask(asked_node, &prompt, default.as_ref(), optional)?
        };
        let given = if implied.is_empty() {
            given
        } else {
            Some(with_implied(
                node,
                given.or_else(|| default.clone()).unwrap_or(Value::Array(vec![])),
                &implied,
            ))
        };
        let value = match given.or_else(|| default.clone()) {
            Some(v) if is_birth_date(node, &v) => {
                let on = reckon_date(node, state, prompter, now);
                let years = age_from_birth(&v, on).map_err(|e| Error::input(problem(&node.id, &e)))?;
                as_given = Some(v);
                check_value(node, &Value::from(years), Some(now()))
                    .map_err(|e| Error::input(problem(&node.id, &e)))?
            }
            Some(v) => check_value(node, &v, Some(now()))
                .map(|v| at_now(node, v, now))
                .map_err(|e| Error::input(problem(&node.id, &e)))?,
            None if optional => {
                state.partial = None;
                return Ok(None);
            }
            None => {
                let why = node.required_why.as_deref().map(|w| format!(": {w}")).unwrap_or_default();
                // After a re-route the answers needed are the new route's: say so.
                let rerouted = state
                    .transcript
                    .iter()
                    .rev()
                    .find(|s| s.prompt.starts_with(REROUTED))
                    .map(|s| format!("\n({})", s.prompt))
                    .unwrap_or_default();
                return Err(Error::input(format!(
                    "answer `{}` is required and has no default ({prompt}){why}{rerouted}",
                    node.id
                )));
            }
        };
        match untimely(node, &value, now()) {
            None => break value,
            // A person is told in plain words (the id is for files and scripts).
            Some(p) if prompter.retry(&p)? => continue,
            Some(p) => return Err(Error::input(problem(&node.id, &p))),
        }
    };
    let shown = match &as_given {
        Some(dob) => format!("{} (born {})", shown(node, &value), dob.as_str().unwrap_or_default()),
        None => shown(node, &value),
    };
    state.transcript.push(Step {
        id: node.id.clone(),
        prompt,
        shown,
        answer: value.clone(),
        at: now(),
        label: node.label,
        given: as_given,
    });
    state.answers.insert(node.id.clone(), value.clone());
    state.partial = None;
    recheck_ages(graph, &node.id, state)?;
    Ok(Some(value))
}

/// A date of birth given to an age question that takes one.
fn is_birth_date(node: &Node, v: &Value) -> bool {
    node.age_on.is_some() && node.ask == Some(AnswerType::Number) && v.is_string()
}

/// The day an age is reckoned on: the concern's date (the `age_on` question's answer, given
/// or known from an answer file), else today; UK dates.
fn reckon_date(
    node: &Node,
    state: &State,
    prompter: &dyn Prompter,
    now: &dyn Fn() -> DateTime<Utc>,
) -> chrono::NaiveDate {
    let t = node
        .age_on
        .as_deref()
        .and_then(|id| state.answers.get(id).cloned().or_else(|| prompter.peek(id)))
        .and_then(|v| v.as_str().map(str::to_owned))
        .and_then(|s| if s == crate::domain::clock::NOW_WORD { Some(now()) } else { parse_datetime(&s).ok() })
        .unwrap_or_else(now);
    t.with_timezone(&chrono_tz::Europe::London).date_naive()
}

/// Whole years from a date of birth (YYYY-MM-DD) to `on`.
fn age_from_birth(v: &Value, on: chrono::NaiveDate) -> std::result::Result<i64, String> {
    let s = v.as_str().unwrap_or_default().trim();
    let dob = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        format!("expected a whole number (an age in years), or a date of birth like 2010-04-30 (found {v})")
    })?;
    on.years_since(dob)
        .map(i64::from)
        .ok_or_else(|| format!("the date of birth {s} is after the date of the concern ({on})"))
}

/// Once the date an earlier age was reckoned on is answered, the age from the date of birth
/// must still hold; if that date makes it another age, the route may differ: refused, saying
/// which age to give.
fn recheck_ages(graph: &dyn Graph, answered: &str, state: &State) -> Result<()> {
    for step in &state.transcript {
        let (Some(dob), Some(q)) = (&step.given, graph.node(&step.id)) else { continue };
        if q.age_on.as_deref() != Some(answered) {
            continue;
        }
        let Some(on) =
            state.answers.get(answered).and_then(Value::as_str).and_then(|s| parse_datetime(s).ok())
        else {
            continue;
        };
        let on = on.with_timezone(&chrono_tz::Europe::London).date_naive();
        let years = age_from_birth(dob, on).map_err(|e| Error::input(problem(&step.id, &e)))?;
        if Some(years) != step.answer.as_i64() {
            return Err(Error::input(format!(
                "answer `{}`: born {}, they were {years} on the date of the concern ({on}), not {}: \
                 the age decides the route, so give it as {years}",
                step.id,
                dob.as_str().unwrap_or_default(),
                step.answer
            )));
        }
    }
    Ok(())
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
        AnswerType::Datetime => time(value).filter(|t| *t > now).map(|t| {
            format!(
                "{} is in the future; give a time that has passed, such as {}",
                crate::domain::spoken::show_spoken(t),
                crate::domain::spoken::EXAMPLES
            )
        }),
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
    /// Roles the path adds to who must be told (its nodes' and answers' `tell`), in path order.
    pub tell: Vec<String>,
    /// Why the concern took another route than the one first chosen (re-routing notices).
    pub rerouted: Vec<String>,
}

/// Guidance, starts, "at least" floors (outcome, why) and roles to tell.
type PathEffects = (Vec<String>, Vec<Start>, Vec<(String, String)>, Vec<String>);

/// What a path adds up to, in path order: the guidance it showed (notices passed, and the
/// guidance and urgent words of the nodes and answers), the duties it starts, its "at
/// least" floors (outcome, why) and the roles it adds to who must be told.
fn path_effects(graph: &dyn Graph, state: &State) -> PathEffects {
    let mut guidance = Vec::new();
    let mut starts = Vec::new();
    let mut tell = Vec::new();
    let mut floors: Vec<(String, String)> = Vec::new();
    for id in &state.path {
        let Some(node) = graph.node(id) else { continue };
        // A notice that re-routes the concern is its record's "re-routed" (`findings`), so it is
        // not said a second time as guidance.
        if node.kind == NodeType::Notice
            && node.set.is_empty()
            && let Some(t) = &node.text
        {
            guidance.push(filled(t, state));
        }
        guidance.extend(node.guidance.iter().cloned());
        starts.extend(node.start.iter().cloned());
        tell.extend(node.tell.iter().cloned());
        if let Some(f) = &node.at_least {
            floors.push((f.clone(), node.prompt.clone().unwrap_or_else(|| node.id.clone())));
        }
        if let Some(v) = state.answers.get(id) {
            for c in selected(node, v) {
                guidance.extend(c.urgent.iter().cloned());
                guidance.extend(c.guidance.iter().cloned());
                starts.extend(c.start.iter().cloned());
                tell.extend(c.tell.iter().cloned());
                if let Some(f) = &c.at_least {
                    floors.push((f.clone(), format!("the answer \"{}\"", c.label)));
                }
            }
        }
    }
    (guidance, starts, floors, tell)
}

/// The guidance a finished path showed and the duties it starts (a decision's), each once,
/// in path order.
pub fn effects(graph: &dyn Graph, state: &State) -> (Vec<String>, Vec<Start>) {
    let (mut guidance, starts, _, _) = path_effects(graph, state);
    let mut seen = std::collections::BTreeSet::new();
    guidance.retain(|g| seen.insert(g.clone()));
    (guidance, starts)
}

/// Collects the effects of a finished interview.
pub fn findings(policy: &Policy, state: &State) -> Result<Findings> {
    let reached =
        state.outcome.clone().ok_or_else(|| Error::Other("the interview has not finished".into()))?;
    let (mut guidance, mut starts, floors, mut tell) = path_effects(policy, state);
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
    for a in o.also.iter().filter(|a| a.cond.holds(&state.answers)) {
        starts.extend(a.start.iter().cloned());
        tell.extend(a.tell.iter().filter(|r| !tell.contains(r)).cloned().collect::<Vec<_>>());
        guidance.extend(a.guidance.iter().cloned());
    }
    let mut seen = std::collections::BTreeSet::new();
    guidance.retain(|g| seen.insert(g.clone()));
    let rerouted = state
        .path
        .iter()
        .filter_map(|id| policy.node(id))
        .filter(|n| n.kind == NodeType::Notice && !n.set.is_empty())
        .filter_map(|n| n.text.as_deref().map(|t| filled(t, state)))
        .collect();
    Ok(Findings { reached, recommendation, raised_because, guidance, starts, tell, rerouted })
}

/// A notice's text with each `{answer:ID}` replaced by that answer as given (the age a
/// re-routing notice worked from, 003 §1.10), or "not given".
pub fn filled(text: &str, state: &State) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{answer:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "{answer:".len()..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let id = &after[..end];
        out.push_str(&match state.answers.get(id) {
            Some(Value::String(v)) => v.clone(),
            Some(Value::Null) | None => "not given".to_owned(),
            Some(v) => v.to_string(),
        });
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A prompter that answers from a map (an `--answers` file); it never asks a person.
#[derive(Debug, Default)]
pub struct Scripted {
    pub answers: BTreeMap<String, Value>,
    /// Everything shown, for tests and for printing after the run.
    pub shown: Vec<(String, bool)>,
}

impl Prompter for Scripted {
    fn peek(&self, id: &str) -> Option<Value> {
        self.answers.get(id).cloned()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Calendar, Jurisdiction};

    /// Stops at `at` the first time (Ctrl-C), as a person closing the terminal would.
    struct StopsAt<'a> {
        script: Scripted,
        at: &'a str,
    }

    impl Prompter for StopsAt<'_> {
        fn peek(&self, id: &str) -> Option<Value> {
            if id == self.at { None } else { self.script.peek(id) }
        }
        fn ask(&mut self, node: &Node, p: &str, d: Option<&Value>, o: bool) -> Result<Option<Value>> {
            if node.id == self.at {
                return Err(Error::Interrupted);
            }
            self.script.ask(node, p, d, o)
        }
        fn notice(&mut self, text: &str, urgent: bool) -> Result<()> {
            self.script.notice(text, urgent)
        }
    }

    fn answers(toml: &str) -> BTreeMap<String, Value> {
        let t: toml::Table = toml::from_str(toml).unwrap();
        serde_json::from_value(serde_json::to_value(t).unwrap()).unwrap()
    }

    /// 003 §6.38 (DL-45): a draft begun at 16:50 on a Friday and finished at 17:10 is out of
    /// hours, as the record's time of raising says: the answer is read again when the raise
    /// is saved and the path walked again from the answers given, so the referral outcome's
    /// out-of-hours duties follow. Nothing already answered is asked again, and each answer
    /// keeps its time.
    #[test]
    fn out_of_hours_is_read_when_the_raise_is_saved_not_when_its_question_was_passed() {
        let policy = Policy::default_policy();
        let cal = Calendar::new(Jurisdiction::EnglandAndWales, []);
        let at = |s: &str| -> DateTime<Utc> { s.parse().unwrap() };
        let given = answers(
            "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"AB\"\nsubject_age = 9\n\
             primary_category = \"physical\"\ndescription = \"Bruising to both arms.\"\n\
             noticed_at = \"2026-11-27T16:40:00Z\"\nsignificant_harm = \"yes\"\n",
        );
        let mut state = State::default();
        let mut first =
            StopsAt { script: Scripted { answers: given.clone(), shown: vec![] }, at: "significant_harm" };
        let before = || at("2026-11-27T16:50:00Z");
        let r = run_with_calendar(&policy, &cal, &mut state, &mut first, &before, &mut |_| Ok(()));
        assert!(matches!(r, Err(Error::Interrupted)), "{r:?}");
        assert_eq!(state.answers["out_of_hours"], "no", "in office hours when its question was passed");
        let asked_at: Vec<(String, DateTime<Utc>)> =
            state.transcript.iter().map(|s| (s.id.clone(), s.at)).collect();

        // Resumed at 17:10: only the question it stopped at is answered now.
        let rest: BTreeMap<String, Value> = given
            .iter()
            .filter(|(k, _)| *k == "significant_harm")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut second = Scripted { answers: rest, shown: vec![] };
        let after = || at("2026-11-27T17:10:00Z");
        let end = run_with_calendar(&policy, &cal, &mut state, &mut second, &after, &mut |_| Ok(())).unwrap();
        assert_eq!(end, "child-protection-referral");
        assert_eq!(state.answers["out_of_hours"], "yes");
        let f = findings(&policy, &state).unwrap();
        let kinds: Vec<&str> = f.starts.iter().map(Start::kind).collect();
        assert!(kinds.contains(&"edt-referral") && kinds.contains(&"tell-ooh-manager"), "{kinds:?}");
        for (id, t) in asked_at.iter().filter(|(id, _)| id != "out_of_hours") {
            let now = state.transcript.iter().find(|s| &s.id == id).unwrap_or_else(|| panic!("{id} lost"));
            assert_eq!(now.at, *t, "{id} lost the time it was answered");
        }
        let ooh = state.transcript.iter().filter(|s| s.id == "out_of_hours").collect::<Vec<_>>();
        assert_eq!(ooh.len(), 1, "{ooh:?}");
        assert_eq!(ooh[0].at, after());
        assert!(state.path.contains(&"ooh_referral".to_owned()), "{:?}", state.path);
    }

    /// Answers from a script, or else with the first (or the last) choice, some words, the
    /// number 9, a time. Keeps each question asked with the help shown with it (the node as
    /// asked, its help worded for the kind).
    struct Reads {
        script: BTreeMap<String, Value>,
        last: bool,
        asked: Vec<(String, Option<String>)>,
    }

    impl Prompter for Reads {
        fn peek(&self, id: &str) -> Option<Value> {
            self.script.get(id).cloned()
        }
        fn ask(&mut self, node: &Node, _: &str, _: Option<&Value>, _: bool) -> Result<Option<Value>> {
            self.asked.push((node.id.clone(), node.help.clone()));
            if let Some(v) = self.script.get(&node.id) {
                return Ok(Some(v.clone()));
            }
            let pick = if self.last { node.answers.last() } else { node.answers.first() };
            let pick = pick.map(|c| Value::from(c.value.as_str()));
            Ok(match node.ask {
                Some(AnswerType::Choice) => pick,
                Some(AnswerType::Multi) => pick.map(|v| Value::Array(vec![v])),
                Some(AnswerType::Text) => Some("Some words.".into()),
                Some(AnswerType::Number) => Some(9.into()),
                Some(AnswerType::Datetime) => Some("2026-11-27T10:00:00Z".into()),
                Some(AnswerType::Tasks) | None => None,
            })
        }
        fn notice(&mut self, _: &str, _: bool) -> Result<()> {
            Ok(())
        }
    }

    /// The lowercase pairs of words of `text` next to each other, neither a small word.
    fn pairs(text: &str) -> Vec<(String, String)> {
        const SMALL: &str = concat!(
            "a an the of in on to and or is are if it for at with what did do you your they their ",
            "them this that be as by any anything someone something who when where how not no"
        );
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words
            .windows(2)
            .filter(|w| w.iter().all(|x| !SMALL.split(' ').any(|small| small == x)))
            .map(|w| (w[0].clone(), w[1].clone()))
            .collect()
    }

    /// The review of 2026-12-08: a help line never says a question is asked that the path then does not ask.
    /// Every kind of concern is walked (with the first and with the last choice of each question
    /// not scripted, and with the form step entered); each help line shown, as worded for the
    /// kind, is read sentence by sentence, and a sentence that says something "is asked" (or
    /// that a question "asks" for it) must share no pair of words with the prompt of a question
    /// the path did not ask. (The description's help promised the child's own words on every
    /// path, asked for a child only, 003 §6.34.) The child's path keeps its promise, and the
    /// check must find it so: it can find one.
    #[test]
    fn a_help_line_promises_no_question_the_path_does_not_ask() {
        let policy = Policy::default_policy();
        let cal = Calendar::new(Jurisdiction::EnglandAndWales, []);
        let kinds: Vec<String> =
            policy.node("about").unwrap().answers.iter().map(|c| c.value.clone()).collect();
        assert!(kinds.len() >= 6, "{kinds:?}");
        let questions: Vec<&Node> = policy.nodes.iter().filter(|n| n.kind == NodeType::Question).collect();
        let (mut kept, mut bad) = (0, Vec::new());
        for kind in &kinds {
            for last in [false, true] {
                let mut script = answers(&format!("immediate_risk = \"no\"\nabout = \"{kind}\"\n"));
                script.insert(crate::policy::FORM_STEP_ID.into(), crate::policy::FORM_STEP_ENTER.into());
                if kind == "adult" {
                    script.insert("subject_age".into(), 40.into());
                }
                let mut reads = Reads { script, last, asked: vec![] };
                let mut state = State::default();
                let now = || "2026-11-27T11:00:00Z".parse::<DateTime<Utc>>().unwrap();
                run_with_calendar(&policy, &cal, &mut state, &mut reads, &now, &mut |_| Ok(()))
                    .unwrap_or_else(|e| panic!("{kind}: {e}"));
                let asked: Vec<&str> = reads.asked.iter().map(|(id, _)| id.as_str()).collect();
                assert!(asked.contains(&"description"), "{kind}: {asked:?}");
                let about = state.answers["about"].as_str().unwrap().to_owned();
                for (id, help) in &reads.asked {
                    let Some(help) = help else { continue };
                    for sentence in help.split_inclusive(['.', ':', ';']) {
                        let low = sentence.to_lowercase();
                        if !low.split(|c: char| !c.is_alphabetic()).any(|w| w == "asked" || w == "asks") {
                            continue;
                        }
                        let said = pairs(sentence);
                        for q in &questions {
                            let prompts = [q.prompt_for(Some(&about)), q.prompt_for(None)];
                            let shared = prompts.iter().flat_map(|p| pairs(p)).find(|p| said.contains(p));
                            let Some(shared) = shared else { continue };
                            if asked.contains(&q.id.as_str()) {
                                kept += 1;
                            } else {
                                bad.push(format!(
                                    "{kind} (now {about}): the help of {id} says {sentence:?}, naming {:?} \
                                     ({shared:?}), which this path does not ask: {asked:?}",
                                    q.id
                                ));
                            }
                        }
                    }
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
        assert!(kept > 0, "no help line promised a question asked on the way: the check found nothing");
    }
}

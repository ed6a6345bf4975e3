//! Decisions on a concern as trees of the policy (`safeguard decide`).
//!
//! What the designated person decides (003 §6.21 for a child, §6.13-6.16 for an adult, 004 for
//! a provider, §9.3-9.5 for a member of staff), what a line manager recommends (§3.6, App G),
//! and the parents' agreement before a child referral (Tree F: §6.47, §1.9, §18.18, §9.10) are
//! written in the policy, as the raise's questions are:
//!
//! - `[decisions.ROLE]`: who records a decision (a role id), what it records (`records =
//!   "decision"`, the decision on the concern; or `"recommendation"`, a recommendation to the
//!   designated person), the first node of their tree (`start`) and the duties recording it
//!   satisfies (`completes`).
//! - `[[decision_nodes]]`: the trees' nodes, of the raise's kinds (question, branch, notice).
//!   A path ends at `"end"`. A question's id is its answer-file id. A question with
//!   `answers_from = "outcomes"` offers the outcomes of the concern's kind, most protective
//!   first, with the policy's recommendation marked and selected at first.
//!
//! Conditions read the decision's answers, the raise's answers (by their question ids, e.g.
//! `{ answer = "special", contains = "online" }`) and three facts: `role` (who records it),
//! `recommendation` (the outcome the policy recommended) and `kind` (the concern's kind:
//! `child`, `adult`, `provider`, `staff` or `code-red`, the group of its recommendation).
//! `{ answer = "outcome", same_as = "recommendation" }` holds when the decision follows the
//! recommendation. Validation keeps a decision's ids apart from the raise's, the facts and the
//! built-in answers, so that nothing is answered twice.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{AnswersFrom, Choice, Node, Policy};

/// Where a decision's path ends (a node's `next`, an answer's, a branch's).
pub const END: &str = "end";

/// The fact naming the role that records the decision.
pub const FACT_ROLE: &str = "role";
/// The fact naming the outcome the policy recommended for the concern.
pub const FACT_RECOMMENDATION: &str = "recommendation";
/// The fact naming the concern's kind.
pub const FACT_KIND: &str = "kind";

/// The facts a decision's conditions may read besides the answers.
pub const FACTS: &[(&str, &str)] = &[
    (FACT_ROLE, "who records it: a role of [decisions]"),
    (FACT_RECOMMENDATION, "the outcome the policy recommended for the concern"),
    (FACT_KIND, "the concern's kind (child, adult, provider, staff or code-red)"),
];

/// The built-in answer naming who records the decision (a key of [decisions]).
pub const ANSWER_ROLE: &str = FACT_ROLE;
/// The built-in answer naming who signs: "Name (role)", or `{ name, role }`.
pub const ANSWER_DECIDED_BY: &str = "decided_by";
/// The built-in answer giving when it was decided.
pub const ANSWER_AT: &str = "at";
/// The built-in answer for anything else the record should hold.
pub const ANSWER_NOTES: &str = "notes";

/// Answer-file ids `decide` understands whatever the policy, as `raise` has `reporter_name`.
pub const BUILTIN: &[(&str, &str)] = &[
    (ANSWER_ROLE, "who records it: a role of [decisions] (default: the designated person)"),
    (
        ANSWER_DECIDED_BY,
        "who signs: \"Name (role)\" or { name, role }; if given, must be you as the roster has you",
    ),
    (ANSWER_AT, "when it was decided: RFC 3339 or UK local time (default: now)"),
    (ANSWER_NOTES, "anything else for the record"),
];

/// Who records a decision, and what it records.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionSpec {
    pub title: String,
    pub records: Records,
    /// The first node of this role's tree.
    pub start: String,
    /// Duty kinds that recording it satisfies.
    #[serde(default)]
    pub completes: Vec<String>,
    pub source: String,
}

/// What a decision tree records.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Records {
    /// The decision on the concern: it sets the concern's outcome and starts what follows.
    Decision,
    /// A recommendation to the designated person, who still decides (003 §3.6).
    Recommendation,
}

/// A decision tree made for one concern: the policy's decision nodes, with the answers of
/// `answers_from` questions made from the concern's outcomes.
#[derive(Clone, Debug)]
pub struct Tree {
    pub nodes: Vec<Node>,
    index: HashMap<String, usize>,
    /// The raise's question bound as `about` (its answer picks a prompt's wording).
    pub about: Option<String>,
}

impl Tree {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).and_then(|&i| self.nodes.get(i))
    }

    /// The question nodes, in file order.
    pub fn questions(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.ask.is_some())
    }
}

impl Policy {
    /// The kind (outcome group) of a concern: its recommendation's group, or else the kind of
    /// its `about` answer (a recommendation the policy no longer has).
    pub fn concern_kind(&self, recommendation: &str, about: &str) -> Option<String> {
        if let Some(o) = self.outcomes.get(recommendation) {
            return Some(o.group.clone());
        }
        let q = self.bindings.answers.about.as_deref().and_then(|id| self.node(id))?;
        let kind = q.choice(about)?.kind?;
        serde_json::to_value(kind).ok()?.as_str().map(str::to_owned)
    }

    /// The decision trees for a concern of `kind` whose recommendation is `recommendation`.
    pub fn decision_tree(&self, kind: &str, recommendation: &str) -> Tree {
        let mut outcomes: Vec<(&String, &super::Outcome)> =
            self.outcomes.iter().filter(|(_, o)| o.group == kind).collect();
        outcomes.sort_by_key(|(id, o)| (std::cmp::Reverse(o.rank), id.as_str()));
        let nodes: Vec<Node> = self
            .decision_nodes
            .iter()
            .cloned()
            .map(|mut n| {
                if n.answers_from == Some(AnswersFrom::Outcomes) {
                    n.answers = outcomes
                        .iter()
                        .map(|(id, o)| Choice {
                            value: (*id).clone(),
                            label: if id.as_str() == recommendation {
                                format!("{} (the policy's recommendation)", o.title)
                            } else {
                                o.title.clone()
                            },
                            next: None,
                            urgent: None,
                            guidance: vec![],
                            start: vec![],
                            tell: vec![],
                            at_least: None,
                            kind: None,
                            implied_when: None,
                            on_form: None,
                        })
                        .collect();
                    n.preselect = outcomes
                        .iter()
                        .any(|(id, _)| id.as_str() == recommendation)
                        .then(|| recommendation.into());
                }
                n
            })
            .collect();
        let mut index = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            index.entry(n.id.clone()).or_insert(i);
        }
        Tree { nodes, index, about: self.bindings.answers.about.clone() }
    }
}

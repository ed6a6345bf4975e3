//! Load-time checks of a policy graph. Every problem is collected (not just the first), and
//! each names the node, answer or outcome it is about.
//!
//! The checks: ids are unique; every reference resolves to a node or outcome; every node has
//! somewhere to go; there are no cycles (so with the above every path ends in an outcome);
//! every node and outcome is reachable from `start`; duties, roles and answer values named
//! anywhere exist; every "at least" floor can be followed by an outcome of its own group.

use std::collections::{BTreeMap, BTreeSet};

use super::{AnswerType, Cond, NodeType, Policy, Start};

/// Every problem found, each a sentence naming the node; empty when the policy is sound.
pub fn validate(p: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for n in &p.nodes {
        if !ids.insert(n.id.as_str()) {
            out.push(format!("node {:?}: the id is used twice", n.id));
        }
        if p.outcomes.contains_key(&n.id) {
            out.push(format!("node {:?}: the id is also an outcome id", n.id));
        }
    }
    let exists = |id: &str| ids.contains(id) || p.outcomes.contains_key(id);
    if !ids.contains(p.start.as_str()) {
        out.push(format!("start: {:?} is not a node", p.start));
    }

    let questions: BTreeMap<&str, &super::Node> =
        p.nodes.iter().filter(|n| n.kind == NodeType::Question).map(|n| (n.id.as_str(), n)).collect();

    for n in &p.nodes {
        let at = format!("node {:?}", n.id);
        let check_ref = |what: &str, target: &str, out: &mut Vec<String>| {
            if !exists(target) {
                out.push(format!("{at}: {what} leads to {target:?}, which is neither a node nor an outcome"));
            }
        };
        match n.kind {
            NodeType::Question => {
                let Some(ask) = n.ask else {
                    out.push(format!(
                        "{at}: a question needs `ask` (choice, multi, text, number or datetime)"
                    ));
                    continue;
                };
                if n.prompt.is_none() {
                    out.push(format!("{at}: a question needs a `prompt`"));
                }
                if n.source.as_deref().is_none_or(str::is_empty) {
                    out.push(format!("{at}: a question must cite its `source` paragraph"));
                }
                let is_choice = matches!(ask, AnswerType::Choice | AnswerType::Multi);
                if is_choice && n.answers.is_empty() {
                    out.push(format!("{at}: a {ask:?} question needs `answers`"));
                }
                if !is_choice && !n.answers.is_empty() {
                    out.push(format!("{at}: only choice and multi questions have `answers`"));
                }
                let mut values = BTreeSet::new();
                for c in &n.answers {
                    if !values.insert(c.value.as_str()) {
                        out.push(format!("{at}: answer {:?} is listed twice", c.value));
                    }
                    match (&c.next, ask) {
                        (Some(t), AnswerType::Choice) => {
                            check_ref(&format!("answer {:?}", c.value), t, &mut out)
                        }
                        (Some(_), _) => out.push(format!(
                            "{at}: answer {:?} has its own `next`, but only choice answers branch",
                            c.value
                        )),
                        (None, AnswerType::Choice) if n.next.is_none() => out.push(format!(
                            "{at}: answer {:?} leads nowhere (give it a `next`, or the question one)",
                            c.value
                        )),
                        _ => {}
                    }
                    check_starts(p, &format!("{at} answer {:?}", c.value), &c.start, &mut out);
                    if let Some(o) = &c.at_least {
                        check_outcome(p, &format!("{at} answer {:?}", c.value), o, &mut out);
                    }
                }
                if ask != AnswerType::Choice && n.next.is_none() {
                    out.push(format!("{at}: leads nowhere (it needs a `next`)"));
                }
                if let Some(d) = &n.default
                    && let Err(e) = crate::interview::check_value(n, d)
                {
                    out.push(format!("{at}: the default is not a valid answer: {e}"));
                }
                if let Some(c) = &n.optional_when {
                    check_cond(&at, c, &questions, &mut out);
                }
            }
            NodeType::Branch => {
                if n.when.is_empty() {
                    out.push(format!("{at}: a branch needs at least one `when`"));
                }
                for w in &n.when {
                    check_cond(&at, &w.cond, &questions, &mut out);
                    check_ref("a `when`", &w.next, &mut out);
                }
                if n.otherwise.is_none() {
                    out.push(format!("{at}: a branch needs `otherwise`, so that it always leads somewhere"));
                }
            }
            NodeType::Notice => {
                if n.text.is_none() {
                    out.push(format!("{at}: a notice needs `text`"));
                }
                if n.next.is_none() {
                    out.push(format!("{at}: leads nowhere (it needs a `next`)"));
                }
            }
        }
        if let Some(t) = &n.next {
            check_ref("`next`", t, &mut out);
        }
        if let Some(t) = &n.otherwise {
            check_ref("`otherwise`", t, &mut out);
        }
        check_starts(p, &at, &n.start, &mut out);
        if let Some(o) = &n.at_least {
            check_outcome(p, &at, o, &mut out);
        }
    }

    for (id, o) in &p.outcomes {
        let at = format!("outcome {id:?}");
        if o.source.is_empty() {
            out.push(format!("{at}: must cite its `source` paragraph"));
        }
        check_starts(p, &at, &o.start, &mut out);
        check_starts(p, &at, &o.on_decision, &mut out);
        for r in &o.tell {
            if !p.roles.contains_key(r) {
                out.push(format!("{at}: tells role {r:?}, which is not in [roles]"));
            }
        }
    }
    for (id, e) in &p.events {
        let at = format!("event {id:?}");
        check_starts(p, &at, &e.start, &mut out);
        if let Some(r) = &e.repeat {
            check_starts(p, &format!("{at} repeat"), &r.start, &mut out);
            if r.times < 2 {
                out.push(format!("{at}: `repeat.times` must be 2 or more (use `start` for every time)"));
            }
            if r.source.is_empty() {
                out.push(format!("{at}: `repeat` must cite its `source` paragraph"));
            }
            for e in &r.earlier {
                check_cond(&format!("{at} repeat"), &e.when, &questions, &mut out);
            }
        }
        for k in &e.completes {
            if !p.duties.contains_key(k) {
                out.push(format!("{at}: completes duty {k:?}, which is not in [duties]"));
            }
        }
    }
    for (kind, d) in &p.duties {
        if !p.roles.contains_key(&d.owner) {
            out.push(format!("duty {kind:?}: owner {:?} is not in [roles]", d.owner));
        }
        if let Some(pb) = &d.prefer_before
            && pb.time_of_day().is_none()
        {
            out.push(format!("duty {kind:?}: prefer_before time {:?} is not HH:MM", pb.time));
        }
    }
    if !out.is_empty() {
        // The graph checks below assume every reference resolves.
        return out;
    }
    check_graph(p, &mut out);
    out
}

fn check_starts(p: &Policy, at: &str, starts: &[Start], out: &mut Vec<String>) {
    for s in starts {
        if !p.duties.contains_key(s.kind()) {
            out.push(format!("{at}: starts duty {:?}, which is not in [duties]", s.kind()));
        }
    }
}

fn check_outcome(p: &Policy, at: &str, o: &str, out: &mut Vec<String>) {
    if !p.outcomes.contains_key(o) {
        out.push(format!("{at}: `at_least` names {o:?}, which is not an outcome"));
    }
}

fn check_cond(at: &str, c: &Cond, questions: &BTreeMap<&str, &super::Node>, out: &mut Vec<String>) {
    // The shape of a condition is checked when it is read (see `Cond`); here, what it reads.
    let compared: Vec<&String> = match c {
        Cond::All(subs) | Cond::Any(subs) => {
            for sub in subs {
                check_cond(at, sub, questions, out);
            }
            return;
        }
        Cond::Not(sub) => return check_cond(at, sub, questions, out),
        Cond::Is { value, .. } | Cond::Contains { value, .. } => vec![value],
        Cond::In { values, .. } => values.iter().collect(),
        Cond::Nonempty { .. } | Cond::Below { .. } => vec![],
    };
    let a = c.answer().unwrap_or_default();
    let Some(q) = questions.get(a) else {
        out.push(format!("{at}: a condition reads answer {a:?}, which is not a question"));
        return;
    };
    for v in compared {
        if q.choice(v).is_none() {
            out.push(format!("{at}: a condition compares {a:?} with {v:?}, which is not one of its answers"));
        }
    }
}

/// Successors of a node: where each answer, arm and `next` lead.
fn successors(p: &Policy, id: &str) -> Vec<String> {
    let Some(n) = p.node(id) else { return vec![] };
    let mut s: Vec<String> = n.answers.iter().filter_map(|c| c.next.clone()).collect();
    s.extend(n.when.iter().map(|w| w.next.clone()));
    s.extend(n.next.clone());
    s.extend(n.otherwise.clone());
    s.sort();
    s.dedup();
    s
}

fn check_graph(p: &Policy, out: &mut Vec<String>) {
    // Cycles: depth-first search with colours.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(p: &Policy, id: &str, marks: &mut BTreeMap<String, Mark>, out: &mut Vec<String>) {
        match marks.get(id) {
            Some(Mark::Done) => return,
            Some(Mark::Open) => {
                out.push(format!("node {id:?}: is part of a cycle, so an interview could go round for ever"));
                return;
            }
            None => {}
        }
        marks.insert(id.to_owned(), Mark::Open);
        for s in successors(p, id) {
            if p.node(&s).is_some() {
                visit(p, &s, marks, out);
            }
        }
        marks.insert(id.to_owned(), Mark::Done);
    }
    let mut marks = BTreeMap::new();
    visit(p, &p.start, &mut marks, out);
    for n in &p.nodes {
        if !marks.contains_key(&n.id) {
            out.push(format!("node {:?}: cannot be reached from the start", n.id));
        }
    }
    let reached: BTreeSet<String> = marks.keys().flat_map(|id| successors(p, id)).collect();
    for id in p.outcomes.keys() {
        let floor = p.nodes.iter().any(|n| {
            n.at_least.as_deref() == Some(id) || n.answers.iter().any(|c| c.at_least.as_deref() == Some(id))
        });
        if !reached.contains(id) && !floor {
            out.push(format!("outcome {id:?}: cannot be reached from the start"));
        }
    }
    // A floor must be able to take effect: some outcome of its group is reachable after it.
    // (At run time a floor applies only within the group of the outcome actually reached.)
    for n in &p.nodes {
        let floors = n.at_least.iter().chain(n.answers.iter().filter_map(|c| c.at_least.as_ref()));
        for f in floors {
            let group = &p.outcomes[f].group;
            if !reachable_outcomes(p, &n.id).iter().any(|o| &p.outcomes[o].group == group) {
                out.push(format!(
                    "node {:?}: `at_least = {f:?}` can never apply: no {group} outcome can follow it",
                    n.id
                ));
            }
        }
    }
}

fn reachable_outcomes(p: &Policy, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    let mut found = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if p.outcomes.contains_key(&id) {
            found.insert(id);
            continue;
        }
        stack.extend(successors(p, &id));
    }
    found
}

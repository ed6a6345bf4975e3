//! Load-time checks of a policy graph. Every problem is collected (not just the first), and
//! each names the node, answer or outcome it is about.
//!
//! The checks: ids are unique; every reference resolves to a node or outcome; every node has
//! somewhere to go; there are no cycles (so with the above every path ends in an outcome);
//! every node and outcome is reachable from `start`; duties, roles and answer values named
//! anywhere exist; every "at least" floor can be followed by an outcome of its own group.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{AnswerType, Cond, Kind, NodeType, Policy, Start};
use crate::limits::POLICY_ANSWERS_MAX;

/// Question ids and the values of their answers.
type Questions<'a> = HashMap<&'a str, HashSet<&'a str>>;

/// Every problem found, each a sentence naming the node; empty when the policy is sound.
/// Duties nothing can settle: no event or decision completes them, they are not a review or a
/// countersignature the bindings name (`review` and `sign` settle those), nor a linked record.
/// Once started, such a duty stays open until its concern is closed, overdue on every morning
/// screen: an overlay that removes the event settling a duty makes one (issue 12). A warning of
/// `policy check`, not a refusal: a local policy may mean to close such duties by hand.
pub fn unsettled_duties(p: &Policy) -> Vec<String> {
    let settled: HashSet<&str> = p
        .events
        .values()
        .flat_map(|e| e.completes.iter())
        .chain(p.decisions.values().flat_map(|d| d.completes.iter()))
        .chain(p.bindings.duties.reviews.iter())
        .chain(p.bindings.duties.countersign.iter())
        .map(String::as_str)
        .collect();
    p.duties
        .iter()
        .filter(|(kind, d)| d.linked.is_none() && !settled.contains(kind.as_str()))
        .map(|(kind, _)| {
            format!(
                "duty {kind:?}: nothing settles it (no event or decision completes it, and it is not a review, \
                 a countersignature or a linked record), so once started it stays open until the concern \
                 is closed"
            )
        })
        .collect()
}

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

    // Each question's answer values, for checking the values conditions compare with.
    let questions: Questions = p
        .nodes
        .iter()
        .filter(|n| n.kind == NodeType::Question)
        .map(|n| (n.id.as_str(), n.answers.iter().map(|c| c.value.as_str()).collect()))
        .collect();

    for n in &p.nodes {
        check_node(p, n, "node", &exists, &questions, &mut out);
        // A notice may name an answer to say (`{answer:ID}`): the id must be a question.
        let mut rest = n.text.as_deref().unwrap_or_default();
        while let Some(i) = rest.find("{answer:") {
            let after = &rest[i + "{answer:".len()..];
            let Some(end) = after.find('}') else {
                out.push(format!("node {:?}: `{{answer:` is not closed with `}}`", n.id));
                break;
            };
            if !questions.contains_key(&after[..end]) {
                out.push(format!(
                    "node {:?}: its text names {:?}, which is not a question",
                    n.id,
                    &after[..end]
                ));
            }
            rest = &after[end..];
        }
    }
    decision_problems(p, &questions, &mut out);

    for (id, o) in &p.outcomes {
        let at = format!("outcome {id:?}");
        if o.source.is_empty() {
            out.push(format!("{at}: must cite its `source` paragraph"));
        }
        check_starts(p, &at, &o.start, &mut out);
        // Named as the list it is in: a duty both raising and the decision start (e.g.
        // `notify-group-head` on `urgent-referral`) is then one problem in each list, not the
        // same line twice.
        check_starts(p, &format!("{at} on_decision"), &o.on_decision, &mut out);
        for r in &o.tell {
            if !p.roles.contains_key(r) {
                out.push(format!("{at}: tells role {r:?}, which is not in [roles]"));
            }
        }
        for (i, a) in o.also.iter().enumerate() {
            let at = format!("{at} also[{i}]");
            if a.source.is_empty() {
                out.push(format!("{at}: must cite its `source` paragraph"));
            }
            check_cond(&at, &a.cond, &questions, &mut out);
            check_starts(p, &at, &a.start, &mut out);
            if let Some(d) = &a.on_decision {
                check_starts(p, &format!("{at} on_decision"), d, &mut out);
            }
            check_tell(p, &at, &a.tell, &mut out);
        }
        if let Some(e) = &o.ends {
            check_ends(p, &at, o, e, &questions, &mut out);
        }
    }
    if let Some(pp) = &p.provider_pattern {
        if pp.source.is_empty() {
            out.push("provider_pattern: must cite its `source` paragraph".into());
        }
        if pp.earlier == 0 || pp.within_days == 0 {
            out.push("provider_pattern: `earlier` and `within_days` must be at least 1".into());
        }
        check_starts(p, "provider_pattern", &pp.start, &mut out);
    }
    for (id, e) in &p.events {
        let at = format!("event {id:?}");
        check_starts(p, &at, &e.start, &mut out);
        // `{phone}` in the covering message is replaced as the record has it (003 §6.33): both
        // readings are needed where it is used, and neither is given where it is not.
        let phone = e.message.as_deref().is_some_and(|m| m.contains("{phone}"));
        let readings = [
            ("message_if_phoned", &e.message_if_phoned),
            ("message_if_not_phoned", &e.message_if_not_phoned),
        ];
        for (name, reading) in readings {
            match (phone, reading) {
                (true, None) => out.push(format!("{at}: its `message` says {{phone}}, so it needs `{name}`")),
                (false, Some(_)) => {
                    out.push(format!("{at}: `{name}` is given but its `message` never says {{phone}}"))
                }
                _ => {}
            }
        }
        if e.message_if_not_phoned.as_deref().is_some_and(|m| m.contains("{when}")) {
            out.push(format!("{at}: `message_if_not_phoned` says {{when}}, but no call is recorded then"));
        }
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
        for r in &e.by {
            if !p.roles.contains_key(r) {
                out.push(format!("{at}: `by` names role {r:?}, which is not in [roles]"));
            }
        }
        let about = p.bindings.answers.about.as_deref().and_then(|id| p.node(id));
        for a in e.about.iter().chain(&e.start_about) {
            if about.is_none_or(|q| q.choice(a).is_none()) {
                out.push(format!(
                    "{at}: `about` names {a:?}, which is not an answer to the `about` question"
                ));
            }
        }
        if let Some(st) = &e.stages {
            if st.first > st.last {
                out.push(format!("{at}: `stages.first` ({}) is after `stages.last` ({})", st.first, st.last));
            }
            if st.source.is_empty() {
                out.push(format!("{at}: `stages` must cite its `source` paragraph"));
            }
            for f in &st.from {
                if !(st.first..=st.last).contains(&f.stage) {
                    out.push(format!(
                        "{at}: `stages.from` names stage {}, outside stages {} to {}",
                        f.stage, st.first, st.last
                    ));
                }
                if f.source.is_empty() {
                    out.push(format!(
                        "{at}: `stages.from` stage {} must cite its `source` paragraph",
                        f.stage
                    ));
                }
                check_starts(p, &format!("{at} stage {}", f.stage), &f.start, &mut out);
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
        if let Some(c) = &d.cadence {
            if !d.rules.is_empty() {
                out.push(format!(
                    "duty {kind:?}: has both a `cadence` and `rules`; a repeating duty takes its dates from its cadence"
                ));
            }
            if c.from == super::Anchor::Event {
                out.push(format!(
                    "duty {kind:?}: a cadence counts from when the concern was raised or noticed, not from an event"
                ));
            }
            if c.weekly > crate::domain::review::WEEKLY_MAX {
                out.push(format!(
                    "duty {kind:?}: a cadence may start with at most {} weekly reviews",
                    crate::domain::review::WEEKLY_MAX
                ));
            }
            if c.source.trim().is_empty() {
                out.push(format!("duty {kind:?}: the cadence must cite its `source` paragraph"));
            }
        }
        if d.local_choice.as_deref().is_some_and(|w| w.trim().is_empty()) {
            out.push(format!("duty {kind:?}: `local_choice` says why the organisation chose this"));
        }
    }
    if let Some(h) = &p.office_hours {
        if let Err(e) = h.times() {
            out.push(e);
        }
        if h.source.trim().is_empty() {
            out.push("office_hours: must cite its `source` paragraph".into());
        }
    }
    for (id, a) in &p.anonymity {
        let at = format!("anonymity {id:?}");
        check_cond(&at, &a.when, &questions, &mut out);
        for r in &a.referral_to {
            if !p.roles.contains_key(r) {
                out.push(format!("{at}: `referral_to` names role {r:?}, which is not in [roles]"));
            }
        }
        if a.withheld.trim().is_empty() {
            out.push(format!("{at}: `withheld` gives the words printed in place of the name"));
        }
        if a.source.trim().is_empty() {
            out.push(format!("{at}: must cite its `source` paragraph"));
        }
    }
    for (id, r) in &p.routes {
        if let Some(c) = &r.when {
            check_cond(&format!("route {id:?}"), c, &questions, &mut out);
        }
    }
    out.extend(super::route::problems(p));
    out.extend(super::bindings::problems(p));
    out.extend(kind_problems(p));
    out.extend(retention_problems(p));
    for (kind, words) in &p.role_words {
        if !Kind::ALL.iter().any(|k| &k.word() == kind) {
            out.push(format!(
                "role_words {kind:?}: not a kind of concern (child, adult, provider, staff or code-red)"
            ));
        }
        for (role, title) in words {
            if !p.roles.contains_key(role) {
                out.push(format!("role_words {kind:?}: {role:?} is not a role"));
            }
            if title.trim().is_empty() {
                out.push(format!("role_words {kind:?}: {role:?} needs its words"));
            }
        }
    }
    if !out.is_empty() {
        // The graph checks below assume every reference resolves.
        return once(out);
    }
    check_graph(p, &mut out);
    once(out)
}

/// Each problem once, in the order first found: one cause reached by two paths (a duty named
/// twice in one list, say) is one thing to fix.
fn once(problems: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    problems.into_iter().filter(|p| seen.insert(p.clone())).collect()
}

/// `[retention.KIND]` names a kind of record, states its basis and source, and sets a period
/// of 1 to 100 years or none; a policy that gives any retention gives it for every kind its
/// `about` question uses, so that every record carries a basis (DOMAIN.md §6.5).
fn retention_problems(p: &Policy) -> Vec<String> {
    use crate::domain::retention::YEARS_MAX;
    let mut out = Vec::new();
    for (kind, r) in &p.retention {
        let at = format!("retention {kind:?}");
        if !Kind::ALL.iter().any(|k| &k.word() == kind) {
            out.push(format!("{at}: is not a kind of record (child, adult, provider, staff or code-red)"));
        }
        if r.basis.trim().is_empty() {
            out.push(format!("{at}: `basis` says on what basis the record is kept"));
        }
        if r.source.trim().is_empty() {
            out.push(format!("{at}: must cite its `source` paragraph"));
        }
        if !p.roles.contains_key(&r.owner) {
            out.push(format!("{at}: owner {:?} is not in [roles]", r.owner));
        }
        if let Some(ev) = &r.or_later {
            match p.events.get(ev) {
                None => out.push(format!("{at}: or_later {ev:?} is not in [events]")),
                Some(e) if e.date.is_none() => out.push(format!(
                    "{at}: or_later {ev:?} records no date: give [events.{ev}] a `date` saying what date it records"
                )),
                Some(e) if !e.about.is_empty() => {
                    let kinds: BTreeSet<String> =
                        e.about.iter().filter_map(|a| p.about_kind(a)).map(|k| k.word()).collect();
                    if !kinds.contains(kind) {
                        out.push(format!(
                            "{at}: or_later {ev:?} cannot be logged on a record of this kind (its `about` leaves it out)"
                        ));
                    }
                }
                Some(_) => {}
            }
            if r.review_after_years.is_none() {
                out.push(format!(
                    "{at}: or_later keeps the record to a date if that is later than `review_after_years`, so it needs one"
                ));
            }
        }
        if let Some(y) = r.review_after_years
            && !(1..=YEARS_MAX).contains(&y)
        {
            out.push(format!(
                "{at}: `review_after_years` is {y}; give 1 to {YEARS_MAX}, or leave it out where no period is set"
            ));
        }
    }
    if !p.retention.is_empty() {
        let about = p.bindings.answers.about.as_deref().and_then(|id| p.node(id));
        let used: BTreeSet<Kind> =
            about.into_iter().flat_map(|q| &q.answers).filter_map(|c| c.kind).collect();
        for k in used {
            if !p.retention.contains_key(&k.word()) {
                out.push(format!(
                    "retention: no [retention.{}], though the about question has answers of that kind: every record needs a retention basis",
                    k.word()
                ));
            }
        }
    }
    out
}

/// `kind` belongs on the choices of the question bound as `about`, and there every choice
/// needs one: the code decides a concern's form and handling by it.
fn kind_problems(p: &Policy) -> Vec<String> {
    let about = p.bindings.answers.about.as_deref();
    let mut out = Vec::new();
    for n in &p.nodes {
        let is_about = Some(n.id.as_str()) == about;
        for c in &n.answers {
            match (is_about, c.kind.is_some()) {
                (true, false) => out.push(format!(
                    "node {:?}: answer {:?} needs a `kind` (child, adult, provider, staff or code-red): this question is bound as bindings.answers.about",
                    n.id, c.value
                )),
                (false, true) => out.push(format!(
                    "node {:?}: answer {:?} has a `kind`, which only the question bound as bindings.answers.about may have",
                    n.id, c.value
                )),
                _ => {}
            }
        }
    }
    out
}

/// The checks of one node: `what` is "node" (the raise's graph) or "decision node", and
/// `exists` says which ids an edge may lead to.
fn check_node(
    p: &Policy,
    n: &super::Node,
    what: &str,
    exists: &dyn Fn(&str) -> bool,
    questions: &Questions,
    out: &mut Vec<String>,
) {
    let decision = what != "node";
    let at = format!("{what} {:?}", n.id);
    let ends = if decision {
        format!("a decision node nor {:?}", super::decide::END)
    } else {
        "a node nor an outcome".into()
    };
    let check_ref = |what: &str, target: &str, out: &mut Vec<String>| {
        if !exists(target) {
            out.push(format!("{at}: {what} leads to {target:?}, which is neither {ends}"));
        }
    };
    match n.kind {
        NodeType::Question => {
            let Some(ask) = n.ask else {
                out.push(format!(
                    "{at}: a question needs `ask` (choice, multi, text, number, datetime or tasks)"
                ));
                return;
            };
            if n.prompt.is_none() {
                out.push(format!("{at}: a question needs a `prompt`"));
            }
            if n.source.as_deref().is_none_or(str::is_empty) {
                out.push(format!("{at}: a question must cite its `source` paragraph"));
            }
            let is_choice = matches!(ask, AnswerType::Choice | AnswerType::Multi);
            match n.answers_from {
                Some(_) if !decision => {
                    out.push(format!("{at}: only a decision's questions take `answers_from`"))
                }
                Some(_) if ask != AnswerType::Choice || !n.answers.is_empty() || n.next.is_none() => {
                    out.push(format!(
                        "{at}: a question with `answers_from` asks for a choice, lists no `answers` of its own and needs a `next`"
                    ))
                }
                Some(_) => {}
                None if is_choice && n.answers.is_empty() => {
                    out.push(format!("{at}: a {ask:?} question needs `answers`"))
                }
                None => {}
            }
            if !is_choice && !n.answers.is_empty() {
                out.push(format!("{at}: only choice and multi questions have `answers`"));
            }
            if n.answers.len() > POLICY_ANSWERS_MAX {
                out.push(format!(
                    "{at}: lists {} answers; a question may list at most {POLICY_ANSWERS_MAX}",
                    n.answers.len()
                ));
            }
            let mut values = BTreeSet::new();
            for c in &n.answers {
                if !values.insert(c.value.as_str()) {
                    out.push(format!("{at}: answer {:?} is listed twice", c.value));
                }
                match (&c.next, ask) {
                    (Some(t), AnswerType::Choice) => check_ref(&format!("answer {:?}", c.value), t, out),
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
                check_starts(p, &format!("{at} answer {:?}", c.value), &c.start, out);
                check_tell(p, &format!("{at} answer {:?}", c.value), &c.tell, out);
                if let Some(o) = &c.at_least {
                    if decision {
                        out.push(format!(
                            "{at} answer {:?}: `at_least` raises the raise's recommendation; a decision has none",
                            c.value
                        ));
                    } else {
                        check_outcome(p, &format!("{at} answer {:?}", c.value), o, out);
                    }
                }
                if let Some(w) = &c.implied_when {
                    if ask != AnswerType::Multi {
                        out.push(format!(
                            "{at}: answer {:?} has `implied_when`, which only a multi question's answers may have",
                            c.value
                        ));
                    }
                    check_cond(&format!("{at} answer {:?}", c.value), w, questions, out);
                }
                if decision && c.kind.is_some() {
                    out.push(format!(
                        "{at}: answer {:?} has a `kind`, which only the question bound as bindings.answers.about may have",
                        c.value
                    ));
                }
            }
            if ask != AnswerType::Choice && n.next.is_none() {
                out.push(format!("{at}: leads nowhere (it needs a `next`)"));
            }
            if let Some(d) = &n.default
                && let Err(e) = super::check_value(n, d, None)
            {
                out.push(format!("{at}: the default is not a valid answer: {e}"));
            }
            if let Some(c) = &n.optional_when {
                check_cond(&at, c, questions, out);
            }
            if let Some(c) = &n.asked_now_when {
                check_cond(&at, c, questions, out);
            }
            for g in &n.given_when {
                check_cond(&at, &g.cond, questions, out);
                if let Err(e) = super::check_value(n, &g.value, None) {
                    out.push(format!("{at}: `given_when` gives an answer that does not fit: {e}"));
                }
            }
            if let Some(h) = &n.given_by_hours {
                if decision || p.office_hours.is_none() {
                    out.push(format!(
                        "{at}: `given_by_hours` needs a question of the raise and the policy's [office_hours]"
                    ));
                }
                for v in [&h.outside, &h.inside] {
                    if let Err(e) = super::check_value(n, v, None) {
                        out.push(format!("{at}: `given_by_hours` gives an answer that does not fit: {e}"));
                    }
                }
            }
            for id in &n.instead_of {
                let target = if decision { None } else { p.node(id) };
                if !target.is_some_and(|q| q.kind == NodeType::Question && !q.given_when.is_empty()) {
                    out.push(format!(
                        "{at}: `instead_of` names {id:?}, which is not a question of the raise with `given_when`"
                    ));
                }
            }
            // A question for the form may be passed unasked: its answers cannot pick the way.
            if n.for_form && (decision || n.next.is_none() || n.answers.iter().any(|c| c.next.is_some())) {
                out.push(format!(
                    "{at}: a `for_form` question is a question of the raise with its own `next` and no answer that leads elsewhere"
                ));
            }
            if let Some(on) = &n.age_on {
                if ask != AnswerType::Number {
                    out.push(format!("{at}: only a number question (an age) takes `age_on`"));
                }
                let dated = if decision { None } else { p.node(on) };
                if dated.and_then(|q| q.ask) != Some(AnswerType::Datetime) {
                    out.push(format!(
                        "{at}: `age_on` names {on:?}, which is not a datetime question of the raise"
                    ));
                }
            }
        }
        NodeType::Branch => {
            if n.when.is_empty() {
                out.push(format!("{at}: a branch needs at least one `when`"));
            }
            for w in &n.when {
                check_cond(&at, &w.cond, questions, out);
                check_ref("a `when`", &w.next, out);
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
            // A re-route sets answers of the raise's own questions, each to a valid answer.
            for (id, v) in &n.set {
                let target = if decision { None } else { p.node(id) };
                match target.filter(|q| q.kind == NodeType::Question) {
                    None => {
                        out.push(format!("{at}: `set` names {id:?}, which is not a question of the raise"))
                    }
                    Some(q) => {
                        if let Err(e) = super::check_value(q, v, None) {
                            out.push(format!("{at}: `set` gives {id:?} an answer that does not fit: {e}"));
                        }
                    }
                }
            }
        }
    }
    if n.kind != NodeType::Notice && !n.set.is_empty() {
        out.push(format!("{at}: only a notice may `set` answers (a re-route says why)"));
    }
    if let Some(t) = &n.next {
        check_ref("`next`", t, out);
    }
    if let Some(t) = &n.otherwise {
        check_ref("`otherwise`", t, out);
    }
    check_starts(p, &at, &n.start, out);
    check_tell(p, &at, &n.tell, out);
    if let Some(o) = &n.at_least {
        if decision {
            out.push(format!("{at}: `at_least` raises the raise's recommendation; a decision has none"));
        } else {
            check_outcome(p, &at, o, out);
        }
    }
}

/// The decision trees (`[decisions]`, `[[decision_nodes]]`): who decides, that each tree is a
/// sound graph of its own that ends at `"end"`, that its ids stand apart from the raise's
/// questions, and that its conditions read only answers and facts a decision has.
fn decision_problems(p: &Policy, raise_questions: &Questions, out: &mut Vec<String>) {
    use super::decide::{BUILTIN, END, FACTS};
    let mut ids = BTreeSet::new();
    for n in &p.decision_nodes {
        let at = format!("decision node {:?}", n.id);
        if !ids.insert(n.id.as_str()) {
            out.push(format!("{at}: the id is used twice"));
        }
        if n.id == END {
            out.push(format!("{at}: {END:?} is where a decision ends; it cannot be a node's id"));
        }
        if p.node(&n.id).is_some() {
            out.push(format!(
                "{at}: the raise's graph has a node with this id; a decision's ids must differ from the raise's, so that neither answers the other"
            ));
        }
        if FACTS.iter().chain(BUILTIN).any(|(f, _)| *f == n.id) {
            out.push(format!("{at}: {:?} is a name `decide` gives itself; choose another id", n.id));
        }
    }
    // What a decision's conditions may read: its own questions, the raise's answers, and the
    // facts `decide` gives (the role, the recommendation, the concern's kind).
    let outcome_ids: HashSet<&str> = p.outcomes.keys().map(String::as_str).collect();
    let mut questions: Questions = raise_questions.clone();
    for n in p.decision_nodes.iter().filter(|n| n.kind == NodeType::Question) {
        let values = match n.answers_from {
            Some(super::AnswersFrom::Outcomes) => outcome_ids.clone(),
            None => n.answers.iter().map(|c| c.value.as_str()).collect(),
        };
        questions.insert(n.id.as_str(), values);
    }
    for &(fact, _) in FACTS {
        let values: HashSet<&str> = match fact {
            super::decide::FACT_ROLE => p.decisions.keys().map(String::as_str).collect(),
            super::decide::FACT_RECOMMENDATION => outcome_ids.clone(),
            _ => p.outcomes.values().map(|o| o.group.as_str()).collect(),
        };
        questions.insert(fact, values);
    }
    let exists = |id: &str| id == END || ids.contains(id);
    for n in &p.decision_nodes {
        check_node(p, n, "decision node", &exists, &questions, out);
    }
    for (role, d) in &p.decisions {
        let at = format!("decisions {role:?}");
        if !p.roles.contains_key(role) {
            out.push(format!("{at}: is not a role in [roles]"));
        }
        if p.decision_node(&d.start).is_none() {
            out.push(format!("{at}: start {:?} is not a decision node", d.start));
        }
        for k in &d.completes {
            if !p.duties.contains_key(k) {
                out.push(format!("{at}: completes duty {k:?}, which is not in [duties]"));
            }
        }
        if d.source.trim().is_empty() {
            out.push(format!("{at}: must cite its `source` paragraph"));
        }
    }
    if !out.is_empty() {
        return;
    }
    // Every reference resolves: now no cycles, and every node on some role's tree.
    let edges = edges(&p.decision_nodes, &|t| (t == END).then_some(END));
    let roots: Vec<usize> =
        p.decisions.values().filter_map(|d| p.decision_nodes.iter().position(|n| n.id == d.start)).collect();
    let (_, reached, cycles) = depth_first(&edges, roots);
    let mut told = HashSet::new();
    for w in cycles {
        if told.insert(w) {
            out.push(format!(
                "decision node {:?}: is part of a cycle, so a decision could go round for ever",
                p.decision_nodes[w].id
            ));
        }
    }
    for (i, n) in p.decision_nodes.iter().enumerate() {
        if !reached[i] {
            out.push(format!("decision node {:?}: no role's decision reaches it ([decisions] start)", n.id));
        }
    }
}

/// Each role a node or answer adds to who must be told is a role of the policy.
fn check_tell(p: &Policy, at: &str, tell: &[String], out: &mut Vec<String>) {
    for r in tell {
        if !p.roles.contains_key(r) {
            out.push(format!("{at}: tell {r:?} is not a role"));
        }
    }
}

fn check_starts(p: &Policy, at: &str, starts: &[Start], out: &mut Vec<String>) {
    for s in starts {
        if !p.duties.contains_key(s.kind()) {
            out.push(format!("{at}: starts duty {:?}, which is not in [duties]", s.kind()));
        }
    }
}

/// An outcome's `ends` (issue 15): each kind is a duty of the policy, named once, and not one
/// the same decision starts (it would be cancelled and started again in one entry); the
/// condition reads questions; the reason and the paragraph are given.
fn check_ends(
    p: &Policy,
    at: &str,
    o: &super::Outcome,
    e: &super::Ends,
    questions: &Questions,
    out: &mut Vec<String>,
) {
    let at = format!("{at} ends");
    if e.source.trim().is_empty() {
        out.push(format!("{at}: must cite its `source` paragraph"));
    }
    if e.why.trim().is_empty() {
        out.push(format!("{at}: must say `why` the duties are no longer needed"));
    }
    if e.duties.is_empty() {
        out.push(format!("{at}: names no duty (leave `ends` out)"));
    }
    let started: BTreeSet<&str> = o
        .on_decision
        .iter()
        .chain(o.also.iter().flat_map(|a| a.decision_starts()))
        .map(Start::kind)
        .collect();
    let mut seen = BTreeSet::new();
    for kind in &e.duties {
        if !p.duties.contains_key(kind) {
            out.push(format!("{at}: ends duty {kind:?}, which is not in [duties]"));
        } else if started.contains(kind.as_str()) {
            out.push(format!("{at}: ends duty {kind:?}, which a decision on the same outcome starts"));
        }
        if !seen.insert(kind.as_str()) {
            out.push(format!("{at}: names duty {kind:?} twice"));
        }
    }
    if let Some(c) = &e.unless {
        check_cond(&format!("{at} unless"), c, questions, out);
    }
}

fn check_outcome(p: &Policy, at: &str, o: &str, out: &mut Vec<String>) {
    if !p.outcomes.contains_key(o) {
        out.push(format!("{at}: `at_least` names {o:?}, which is not an outcome"));
    }
}

fn check_cond(at: &str, c: &Cond, questions: &Questions, out: &mut Vec<String>) {
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
        Cond::Same { answer, other } => {
            for a in [answer, other] {
                if !questions.contains_key(a.as_str()) {
                    out.push(format!("{at}: a condition reads answer {a:?}, which is not a question"));
                }
            }
            return;
        }
    };
    let a = c.answer().unwrap_or_default();
    let Some(q) = questions.get(a) else {
        out.push(format!("{at}: a condition reads answer {a:?}, which is not a question"));
        return;
    };
    for v in compared {
        if !q.contains(v.as_str()) {
            out.push(format!("{at}: a condition compares {a:?} with {v:?}, which is not one of its answers"));
        }
    }
}

/// Where an edge of the graph leads.
#[derive(Clone, Copy)]
enum To<'a> {
    Node(usize),
    Outcome(&'a str),
}

/// The graph as adjacency lists over node indexes: where each answer, arm, `next` and
/// `otherwise` of each node leads; `end` names the ids that end a path (the outcomes, or a
/// decision's end). Every reference resolves (checked before).
fn edges<'a>(nodes: &'a [super::Node], end: &dyn Fn(&str) -> Option<&'a str>) -> Vec<Vec<To<'a>>> {
    let index: HashMap<&str, usize> =
        nodes.iter().enumerate().rev().map(|(i, n)| (n.id.as_str(), i)).collect();
    nodes
        .iter()
        .map(|n| {
            let mut targets: Vec<&str> = n.answers.iter().filter_map(|c| c.next.as_deref()).collect();
            targets.extend(n.when.iter().map(|w| w.next.as_str()));
            targets.extend(n.next.as_deref());
            targets.extend(n.otherwise.as_deref());
            targets.sort_unstable();
            targets.dedup();
            targets
                .into_iter()
                .filter_map(|t| match index.get(t) {
                    Some(&i) => Some(To::Node(i)),
                    None => end(t).map(To::Outcome),
                })
                .collect()
        })
        .collect()
}

/// Depth-first search from `roots` with an explicit stack (a policy may have thousands of
/// nodes in a chain: recursion would overflow the stack). Returns the nodes in post-order
/// (every node after all it leads to, when there is no cycle), marks which were reached,
/// and the nodes an edge reached while they were still open: each is on a cycle.
fn depth_first(
    edges: &[Vec<To<'_>>],
    roots: impl IntoIterator<Item = usize>,
) -> (Vec<usize>, Vec<bool>, Vec<usize>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    let (mut order, mut cycles) = (Vec::with_capacity(edges.len()), Vec::new());
    for root in roots {
        if marks[root] != Mark::New {
            continue;
        }
        marks[root] = Mark::Open;
        // (node, how many of its edges have been followed)
        let mut stack = vec![(root, 0usize)];
        while let Some((v, next)) = stack.last_mut() {
            let v = *v;
            match edges[v].get(*next) {
                Some(to) => {
                    *next += 1;
                    if let To::Node(w) = *to {
                        match marks[w] {
                            Mark::New => {
                                marks[w] = Mark::Open;
                                stack.push((w, 0));
                            }
                            Mark::Open => cycles.push(w),
                            Mark::Done => {}
                        }
                    }
                }
                None => {
                    marks[v] = Mark::Done;
                    order.push(v);
                    stack.pop();
                }
            }
        }
    }
    let reached = marks.iter().map(|m| *m != Mark::New).collect();
    (order, reached, cycles)
}

fn check_graph(p: &Policy, out: &mut Vec<String>) {
    let edges = edges(&p.nodes, &|t| p.outcomes.get_key_value(t).map(|(k, _)| k.as_str()));
    let Some(start) = p.nodes.iter().position(|n| n.id == p.start) else {
        return; // reported already: the start is not a node
    };
    let (_, reached, cycles) = depth_first(&edges, [start]);
    let mut told = HashSet::new();
    for w in cycles {
        if told.insert(w) {
            out.push(format!(
                "node {:?}: is part of a cycle, so an interview could go round for ever",
                p.nodes[w].id
            ));
        }
    }
    for (i, n) in p.nodes.iter().enumerate() {
        if !reached[i] {
            out.push(format!("node {:?}: cannot be reached from the start", n.id));
        }
    }
    let reached_outcomes: HashSet<&str> = (0..p.nodes.len())
        .filter(|&i| reached[i])
        .flat_map(|i| edges[i].iter())
        .filter_map(|to| match to {
            To::Outcome(o) => Some(*o),
            To::Node(_) => None,
        })
        .collect();
    fn floors(n: &super::Node) -> Vec<&str> {
        n.at_least
            .iter()
            .chain(n.answers.iter().filter_map(|c| c.at_least.as_ref()))
            .map(String::as_str)
            .collect()
    }
    let floor_ids: HashSet<&str> = p.nodes.iter().flat_map(floors).collect();
    for id in p.outcomes.keys() {
        if !reached_outcomes.contains(id.as_str()) && !floor_ids.contains(id.as_str()) {
            out.push(format!("outcome {id:?}: cannot be reached from the start"));
        }
    }
    if !told.is_empty() {
        // The policy is refused for its cycle; what follows a node is only defined without one.
        return;
    }
    // A floor must be able to take effect: some outcome of its group is reachable after it.
    // (At run time a floor applies only within the group of the outcome actually reached.)
    // The groups reachable from every node, as bit sets over the groups floors name, filled
    // in post-order so that each node's set is the union of its successors' (linear time).
    let groups: Vec<&str> = floor_ids
        .iter()
        .map(|f| p.outcomes[*f].group.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if groups.is_empty() {
        return;
    }
    let bit: HashMap<&str, usize> = groups.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let words = groups.len().div_ceil(64);
    let mut follows = vec![0u64; p.nodes.len() * words];
    let (order, _, _) = depth_first(&edges, 0..p.nodes.len());
    for v in order {
        for to in &edges[v] {
            match *to {
                To::Node(w) => {
                    for k in 0..words {
                        follows[v * words + k] |= follows[w * words + k];
                    }
                }
                To::Outcome(o) => {
                    if let Some(&b) = bit.get(p.outcomes[o].group.as_str()) {
                        follows[v * words + b / 64] |= 1 << (b % 64);
                    }
                }
            }
        }
    }
    for (v, n) in p.nodes.iter().enumerate() {
        for f in floors(n) {
            let group = &p.outcomes[f].group;
            let b = bit[group.as_str()];
            if follows[v * words + b / 64] & (1 << (b % 64)) == 0 {
                out.push(format!(
                    "node {:?}: `at_least = {f:?}` can never apply: no {group} outcome can follow it",
                    n.id
                ));
            }
        }
    }
}

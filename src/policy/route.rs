//! Routes: who receives a concern, who must be told, who owns each duty, and who is left out,
//! by where the concern's subject stands (DOMAIN.md Tree E: 003 §6.19-6.20, §9.9, §2.2, App G).
//!
//! A policy's `[routes]` table holds one route per case. Each route but one has a `when`, a
//! condition over the raise's answers (usually the subject's position); the route named
//! `default` has none and applies when no other does. Routes are tried in order of their
//! `order` (then id); the first whose condition holds applies. A route says:
//!
//! - `subject`: the roles the subject of the concern holds. They are never told, never own a
//!   duty and never read the record: the whole point of a route (003 §9.9: "the concern must not
//!   go to the person it is about").
//! - `owners`: for duties a subject role would own, the role that owns them instead (loading
//!   refuses a route that leaves any duty of the policy to a subject role).
//! - `readers`: the roles who receive the record (sealed raising seals it to exactly the people
//!   who hold them, less the subject as a person).
//! - `tell`: roles added to the outcome's "who to tell" list.
//!
//! Roles are what a policy can name. A person may hold several (the designated person is often
//! also a manager): with a service file, every role the subject *person* holds is left out too,
//! which the sealed-raising code does with people; without one, exclusion is by role.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Cond, Policy};

/// The id of the route that applies when no other does.
pub const DEFAULT_ROUTE: &str = "default";

/// One route of the policy.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    /// In plain words, for the person raising the concern ("The concern is about your line
    /// manager").
    pub title: String,
    pub source: String,
    /// When the route applies; absent only on the `default` route.
    pub when: Option<Cond>,
    /// Routes are tried in this order (lowest first), then by id.
    #[serde(default)]
    pub order: i64,
    /// The roles the subject holds: never told, never owners, never readers.
    #[serde(default)]
    pub subject: Vec<String>,
    /// Duty owner substitutions: a subject role's duties go to this role instead.
    #[serde(default)]
    pub owners: BTreeMap<String, String>,
    /// Duty swaps: a duty of this kind is started as that kind instead on this route (telling
    /// your line manager becomes telling the designated person).
    #[serde(default)]
    pub duties: BTreeMap<String, String>,
    /// Who receives the record.
    #[serde(default)]
    pub readers: Vec<String>,
    /// Roles added to who must be told.
    #[serde(default)]
    pub tell: Vec<String>,
    /// What the reporter is told to do differently on this route (plain words).
    #[serde(default)]
    pub guidance: Vec<String>,
}

/// The route that applies to one concern, resolved.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Resolved {
    /// The route's id.
    pub id: String,
    pub title: String,
    pub source: String,
    /// Roles who receive the record (never a subject role).
    pub readers: Vec<String>,
    /// Roles the subject holds, left out of everything.
    pub excluded: Vec<String>,
    /// Roles to tell: the outcome's and the route's, less the excluded, in order.
    pub tell: Vec<String>,
    /// Duty owner substitutions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub owners: BTreeMap<String, String>,
    /// Duty swaps.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub duties: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidance: Vec<String>,
}

impl Resolved {
    /// Who owns a duty the policy gives to `role`, on this route.
    pub fn owner<'a>(&'a self, role: &'a str) -> &'a str {
        self.owners.get(role).map(String::as_str).unwrap_or(role)
    }

    /// The duties `starts` asks for, on this route: swapped duties replaced (keeping a start's
    /// own timing). A swapped rule cites the route first: its own source is about the duty it
    /// replaces (the designated person being told, where they are the subject and the
    /// alternative designated lead is told instead, 003 §6.20).
    pub fn starts(&self, starts: &[super::Start]) -> Vec<super::Start> {
        use super::Start;
        starts
            .iter()
            .map(|s| match (s, self.duties.get(s.kind())) {
                (_, None) => s.clone(),
                (Start::Kind(_), Some(to)) => Start::Kind(to.clone()),
                (Start::Rule { kind, within, from, source }, Some(to)) => Start::Rule {
                    kind: to.clone(),
                    within: *within,
                    from: *from,
                    source: format!("{} (this route, in place of {kind}): {source}", self.source),
                },
            })
            .collect()
    }

    /// The roles of `roles` to tell on this route: each as the route's owner of it, less the
    /// subject's roles, each once (what a decision's `also` adds, 003 §6.38).
    pub fn telling(&self, roles: &[String]) -> Vec<String> {
        let mut seen = BTreeSet::new();
        roles
            .iter()
            .map(|r| self.owner(r).to_owned())
            .filter(|r| !self.excluded.contains(r) && seen.insert(r.clone()))
            .collect()
    }

    /// Who to tell: `outcome_tell`, then the route's own, less the subject's roles, each once.
    fn with_tell(mut self, outcome_tell: &[String], route_tell: &[String]) -> Resolved {
        let mut seen = BTreeSet::new();
        self.tell = outcome_tell
            .iter()
            .chain(route_tell)
            .map(|r| self.owner(r).to_owned())
            .filter(|r| !self.excluded.contains(r) && seen.insert(r.clone()))
            .collect();
        self
    }
}

/// The routes of a policy in the order they are tried: every route with a condition (by
/// `order`, then id), then `default`.
pub fn ordered(p: &Policy) -> Vec<(&String, &RouteSpec)> {
    let mut routes: Vec<(&String, &RouteSpec)> = p.routes.iter().filter(|(_, r)| r.when.is_some()).collect();
    routes.sort_by(|a, b| (a.1.order, a.0).cmp(&(b.1.order, b.0)));
    routes.extend(p.routes.iter().filter(|(_, r)| r.when.is_none()));
    routes
}

/// The route for a concern with these answers, and who is told about its `outcome`.
///
/// A policy without routes has one implicit route: everyone the outcome names is told, and
/// nobody is left out; readers are then unknown (empty).
pub fn resolve(p: &Policy, answers: &BTreeMap<String, Value>, outcome: Option<&str>) -> Resolved {
    resolve_telling(p, answers, outcome, &[])
}

/// As [`resolve`], with `also` (roles the raise's path names: its nodes' and answers' `tell`)
/// told after the outcome's, before the route's own; the subject's roles are still left out.
pub fn resolve_telling(
    p: &Policy,
    answers: &BTreeMap<String, Value>,
    outcome: Option<&str>,
    also: &[String],
) -> Resolved {
    let outcome_tell: Vec<String> = outcome
        .and_then(|o| p.outcomes.get(o))
        .map(|o| &o.tell[..])
        .unwrap_or(&[])
        .iter()
        .chain(also)
        .cloned()
        .collect();
    let outcome_tell = &outcome_tell[..];
    let Some((id, r)) =
        ordered(p).into_iter().find(|(_, r)| r.when.as_ref().is_none_or(|c| c.holds(answers)))
    else {
        return Resolved { id: DEFAULT_ROUTE.into(), ..Resolved::default() }.with_tell(outcome_tell, &[]);
    };
    Resolved {
        id: id.clone(),
        title: r.title.clone(),
        source: r.source.clone(),
        readers: r.readers.iter().filter(|x| !r.subject.contains(x)).cloned().collect(),
        excluded: r.subject.clone(),
        tell: vec![],
        owners: r.owners.clone(),
        duties: r.duties.clone(),
        guidance: r.guidance.clone(),
    }
    .with_tell(outcome_tell, &r.tell)
}

/// The problems with a policy's routes, each naming its route.
pub fn problems(p: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    if p.routes.is_empty() {
        return out;
    }
    match p.routes.get(DEFAULT_ROUTE) {
        None => out.push(format!(
            "routes: there is no `{DEFAULT_ROUTE}` route (the one that applies when no other does)"
        )),
        Some(r) if r.when.is_some() => out.push(format!(
            "route {DEFAULT_ROUTE:?}: the default route applies when no other does, so it has no `when`"
        )),
        Some(_) => {}
    }
    for (id, r) in &p.routes {
        let at = format!("route {id:?}");
        if id != DEFAULT_ROUTE && r.when.is_none() {
            out.push(format!("{at}: needs `when` (only the `{DEFAULT_ROUTE}` route applies always)"));
        }
        let role = |what: &str, role: &str, out: &mut Vec<String>| {
            if !p.roles.contains_key(role) {
                out.push(format!("{at}: {what} {role:?} is not a role"));
            }
        };
        for s in &r.subject {
            role("subject", s, &mut out);
        }
        for x in &r.readers {
            role("reader", x, &mut out);
        }
        for t in &r.tell {
            role("tell", t, &mut out);
        }
        for (from, to) in &r.owners {
            role("owners: from", from, &mut out);
            role("owners: to", to, &mut out);
            if r.subject.contains(to) {
                out.push(format!("{at}: owners gives {from:?}'s duties to {to:?}, a role the subject holds"));
            }
        }
        for x in r.readers.iter().chain(&r.tell) {
            if r.subject.contains(x) {
                out.push(format!(
                    "{at}: {x:?} is the subject's role, so it can be neither a reader nor told"
                ));
            }
        }
        if r.readers.is_empty() {
            out.push(format!("{at}: needs at least one reader (someone must receive the concern)"));
        }
        for (from, to) in &r.duties {
            for k in [from, to] {
                if !p.duties.contains_key(k) {
                    out.push(format!("{at}: duties swaps {from:?} for {to:?}, but {k:?} is not a duty"));
                }
            }
        }
        // No duty of the policy may stay with the subject.
        for (kind, d) in &p.duties {
            if r.subject.contains(&d.owner) && !r.owners.contains_key(&d.owner) {
                out.push(format!(
                    "{at}: duty {kind:?} is owned by {:?}, the subject's role, and `owners` gives it to nobody else",
                    d.owner
                ));
            }
        }
    }
    out
}

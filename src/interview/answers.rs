//! `--answers FILE`: a map from question id to answer, in TOML or JSON.
//!
//! Every id must be a question of the policy (or a built-in id such as `reporter_name`); every answer
//! must fit its question, whether or not the path will ask it. Problems are reported together,
//! each naming its id, and nothing is saved.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::policy::Policy;

/// Answer ids the tool itself understands, whatever the policy: who is signing (003 §7.17).
/// An anonymous report (Code RED) refuses them.
pub const BUILTIN: &[(&str, &str)] = &[
    ("reporter_name", "your name"),
    ("reporter_role", "your role"),
    (LINKED_TO, "the concern this one is a second record of (its id), where the policy asks for one"),
];

/// The built-in answer naming the concern a new one is linked to (003 §6.13, §6.14, §6.18).
pub const LINKED_TO: &str = "linked_to";

/// Reads and checks an answer file.
pub fn load(path: &Path, policy: &Policy, now: DateTime<Utc>) -> Result<BTreeMap<String, Value>> {
    let text = crate::limits::read_text(path, crate::limits::ANSWER_FILE_MAX, "an answer file")
        .map_err(|e| Error::input(format!("cannot read the answer file {}: {e}", path.display())))?;
    parse(&text, &path.display().to_string(), policy, now)
}

/// Parses answer-file text (JSON when it starts with `{`, else TOML) and checks it; a time
/// given in words ("yesterday 9am") is read relative to `now`.
pub fn parse(
    text: &str,
    origin: &str,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<BTreeMap<String, Value>> {
    let raw = read_map(text, &format!("answer file {origin}"))?;
    let mut problems = Vec::new();
    let mut builtin = BTreeMap::new();
    let mut asked = BTreeMap::new();
    for (id, v) in raw {
        if policy.node(&id).filter(|n| n.ask.is_some()).is_none() && BUILTIN.iter().any(|(b, _)| *b == id) {
            match &v {
                Value::String(s) if !s.trim().is_empty() => {
                    builtin.insert(id, Value::String(s.trim().to_owned()));
                }
                _ => problems.push(format!("answer `{id}`: expected text (found {v})")),
            }
        } else {
            asked.insert(id, v);
        }
    }
    let (mut out, more) = check(asked, policy, now, &|_| {
        format!(
            "no question has this id in policy {} {} (list them with `safeguard policy show`)",
            policy.id, policy.version
        )
    });
    problems.extend(more);
    out.extend(builtin);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::input(format!("answer file {origin}:\n  {}", problems.join("\n  "))))
    }
}

/// Checks each answer against its question of `graph`: the answers in canonical form, and one
/// problem for each id that is no question (`unknown` says what to say) or whose answer does
/// not fit, each naming the id.
pub fn check(
    raw: BTreeMap<String, Value>,
    graph: &dyn super::Graph,
    now: DateTime<Utc>,
    unknown: &dyn Fn(&str) -> String,
) -> (BTreeMap<String, Value>, Vec<String>) {
    let mut problems = Vec::new();
    let mut out = BTreeMap::new();
    for (id, v) in raw {
        match graph.node(&id).filter(|n| n.ask.is_some()) {
            Some(node) => match super::check_value(node, &v, Some(now)) {
                Ok(v) => {
                    out.insert(id, v);
                }
                Err(e) => problems.push(super::problem(&id, &e)),
            },
            None => problems.push(format!("answer `{id}`: {}", unknown(&id))),
        }
    }
    (out, problems)
}

/// A map of answers from TOML or JSON text (JSON when it starts with `{`), as JSON values;
/// TOML dates and times become RFC 3339 strings. `what` names the file in errors.
pub fn read_map(text: &str, what: &str) -> Result<BTreeMap<String, Value>> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| Error::input(format!("{what}: not valid JSON: {e}")))
    } else {
        let t: toml::Table = toml::from_str(text)
            .map_err(|e| Error::input(format!("{what}: not valid TOML: {}", e.message())))?;
        Ok(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
    }
}

/// TOML values as JSON; dates and times become RFC 3339 strings.
pub fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

//! Checking an answer against its question: the policy's answer types, read the same way by
//! the interview (typed or from a file) and by `policy check` (a question's default).

use serde_json::Value;

use super::{AnswerType, Node};
use crate::domain::calendar::{parse_datetime, parse_day_or_time};
use crate::domain::clock::rfc3339;

/// The fields of each task of a `tasks` answer (an action plan: 003 §6.21 option 5).
pub const TASK_TITLE: &str = "task";
pub const TASK_OWNER: &str = "owner";
pub const TASK_DUE: &str = "due";

/// Checks an answer against its question and returns it in canonical form: a choice value, a
/// list of values, trimmed text, a whole number, or an RFC 3339 UTC time. The error says why.
///
/// A date-time is read as people say it ("yesterday 9am", "Friday 14:00":
/// [`crate::domain::spoken`]) relative to `now`; without a `now` (a policy's default, checked
/// before anything is asked) only the exact forms and the word "now" are read.
pub fn check_value(
    node: &Node,
    v: &Value,
    now: Option<chrono::DateTime<chrono::Utc>>,
) -> std::result::Result<Value, String> {
    let ask = node.ask.ok_or("not a question")?;
    let values = || node.answers.iter().map(|c| c.value.as_str()).collect::<Vec<_>>().join(", ");
    match ask {
        AnswerType::Choice => {
            let s = v.as_str().ok_or_else(|| format!("expected one of: {} (found {v})", values()))?;
            if node.choice(s).is_none() {
                return Err(format!("{s:?} is not one of: {}", values()));
            }
            Ok(Value::String(s.to_owned()))
        }
        AnswerType::Multi => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                Value::String(_) => vec![v],
                _ => return Err(format!("expected a list of: {} (found {v})", values())),
            };
            let mut out: Vec<String> = Vec::new();
            for it in items {
                let s =
                    it.as_str().ok_or_else(|| format!("expected a list of: {} (found {it})", values()))?;
                if node.choice(s).is_none() {
                    return Err(format!("{s:?} is not one of: {}", values()));
                }
                if !out.iter().any(|x| x == s) {
                    out.push(s.to_owned());
                }
            }
            Ok(Value::Array(out.into_iter().map(Value::String).collect()))
        }
        AnswerType::Text => {
            let s = v.as_str().ok_or_else(|| format!("expected text (found {v})"))?.trim();
            if s.is_empty() {
                return Err("the text is empty".into());
            }
            if s.len() > 100_000 {
                return Err("the text is longer than 100,000 bytes".into());
            }
            Ok(Value::String(s.to_owned()))
        }
        AnswerType::Number => {
            // An age question may take a date of birth; the interview reckons the age from it.
            if let (Some(_), Some(s)) = (&node.age_on, v.as_str()) {
                return chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map(|_| Value::String(s.trim().to_owned()))
                    .map_err(|_| {
                        format!("expected a whole number (an age in years), or a date of birth like 2010-04-30 (found {v})")
                    });
            }
            let n = v.as_i64().ok_or_else(|| format!("expected a whole number (found {v})"))?;
            if let Some(min) = node.min
                && n < min
            {
                return Err(format!("{n} is below the lowest allowed, {min}"));
            }
            if let Some(max) = node.max
                && n > max
            {
                return Err(format!("{n} is above the highest allowed, {max}"));
            }
            Ok(Value::from(n))
        }
        AnswerType::Datetime => {
            let s = v.as_str().ok_or_else(|| {
                format!("expected a date and time such as {} (found {v})", crate::domain::spoken::EXAMPLES)
            })?;
            match now {
                Some(now) => crate::domain::spoken::parse_spoken(s, now).map(|t| Value::String(rfc3339(t))),
                // Checked here, made the command's time when the question is answered (`at_now`).
                None if s.trim() == crate::domain::clock::NOW_WORD => {
                    Ok(Value::String(crate::domain::clock::NOW_WORD.into()))
                }
                None => parse_datetime(s).map(|t| Value::String(rfc3339(t))),
            }
        }
        AnswerType::Tasks => check_tasks(v, now),
    }
}

/// A list of `{ task, owner, due }`, each field given; `due` a date (the end of that day, UK
/// time) or a date and time, made RFC 3339.
/// With a `now`, a due date may also be said as people say one ("Friday", "tomorrow 17:00":
/// [`crate::domain::spoken::parse_due`]).
fn check_tasks(v: &Value, now: Option<chrono::DateTime<chrono::Utc>>) -> std::result::Result<Value, String> {
    let shape = format!("{{ {TASK_TITLE}, {TASK_OWNER}, {TASK_DUE} }}");
    let items = v.as_array().ok_or_else(|| format!("expected a list of {shape} (found {v})"))?;
    if items.is_empty() {
        return Err(format!("give at least one task, each with {TASK_TITLE}, {TASK_OWNER} and {TASK_DUE}"));
    }
    let end_of_day = chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let fields = item.as_object().ok_or_else(|| format!("item {n}: expected {shape} (found {item})"))?;
        if let Some(k) = fields.keys().find(|k| ![TASK_TITLE, TASK_OWNER, TASK_DUE].contains(&k.as_str())) {
            return Err(format!("item {n}: `{k}` is not one of {TASK_TITLE}, {TASK_OWNER}, {TASK_DUE}"));
        }
        let field = |k: &str| -> std::result::Result<String, String> {
            let s = fields
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("item {n}: `{k}` is required"))?;
            if s.len() > 100_000 {
                return Err(format!("item {n}: `{k}` is longer than 100,000 bytes"));
            }
            Ok(s.to_owned())
        };
        let (task, owner, due) = (field(TASK_TITLE)?, field(TASK_OWNER)?, field(TASK_DUE)?);
        let due = match now {
            Some(now) => crate::domain::spoken::parse_due(&due, now, end_of_day),
            None => parse_day_or_time(&due, end_of_day),
        }
        .map_err(|e| format!("item {n}: `{TASK_DUE}`: {e}"))?;
        let mut t = serde_json::Map::new();
        t.insert(TASK_TITLE.into(), Value::String(task));
        t.insert(TASK_OWNER.into(), Value::String(owner));
        t.insert(TASK_DUE.into(), Value::String(crate::domain::clock::rfc3339(due)));
        out.push(Value::Object(t));
    }
    Ok(Value::Array(out))
}

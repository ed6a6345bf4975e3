//! Questions on a terminal, through dialoguer: the interview's [`Terminal`] prompter, the
//! hidden passphrase prompt ([`password`]) and plain text questions ([`text`]). This is the
//! file that asks through dialoguer (`error.rs` maps dialoguer's error type; `cli/decide.rs`
//! still asks its own questions until the decision runs on the interview engine).
//!
//! dialoguer needs stderr to be a terminal (and reads keys from the terminal, not from a
//! pipe), so callers check [`crate::secret::can_prompt`] first and otherwise ask for
//! `--answers FILE`. Answers are checked here too, so a person is asked again rather than
//! failing.
//!
//! A policy's wording may come from a local file: every prompt, label, help text and
//! message handed to dialoguer is made safe first ([`crate::output::safe`]).

use dialoguer::{Input, MultiSelect, Password, Select, theme::ColorfulTheme};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::error::{Result, from_dialoguer};
use crate::interview::check_value;
use crate::output::{self, Safe, safe};
use crate::policy::{AnswerType, Node};

/// Asks for a passphrase without echoing it; with `confirm`, twice.
pub fn password(label: &str, confirm: bool) -> Result<Zeroizing<String>> {
    let mut p = Password::new().with_prompt(safe(label));
    if confirm {
        p = p.with_confirmation("Repeat it", "The two entries differ; try again");
    }
    Ok(Zeroizing::new(p.interact().map_err(from_dialoguer)?))
}

/// Asks for a line of text.
pub fn text(prompt: &str) -> Result<String> {
    Input::new().with_prompt(safe(prompt)).interact_text().map_err(from_dialoguer)
}

/// Asks on the terminal.
#[derive(Debug, Default)]
pub struct Terminal;

impl crate::interview::Prompter for Terminal {
    fn ask(
        &mut self,
        node: &Node,
        prompt: &str,
        default: Option<&Value>,
        optional: bool,
    ) -> Result<Option<Value>> {
        let theme = ColorfulTheme::default();
        output::status("");
        if let Some(h) = &node.help {
            let text = output::wrap(&safe(h), "", &console::Term::stderr());
            output::status_styled(console::style(Safe(text)).dim());
        }
        let prompt = safe(prompt);
        let ask = node.ask.unwrap_or(AnswerType::Text);
        match ask {
            AnswerType::Choice => {
                let mut items: Vec<String> = node.answers.iter().map(|c| safe(&c.label)).collect();
                // An optional question with no default gets an explicit way out, selected at
                // first, so pressing Enter never records an answer nobody gave.
                let skippable = optional && default.is_none();
                if skippable {
                    items.push("Skip (I don't know)".into());
                }
                let at = default
                    .and_then(Value::as_str)
                    .or(node.preselect.as_deref())
                    .and_then(|d| node.answers.iter().position(|c| c.value == d))
                    .unwrap_or(if skippable { items.len() - 1 } else { 0 });
                let i = Select::with_theme(&theme)
                    .with_prompt(&prompt)
                    .items(&items)
                    .default(at)
                    .interact()
                    .map_err(from_dialoguer)?;
                Ok(node.answers.get(i).map(|c| Value::String(c.value.clone())))
            }
            AnswerType::Multi => {
                let items: Vec<String> = node.answers.iter().map(|c| safe(&c.label)).collect();
                let picked = MultiSelect::with_theme(&theme)
                    .with_prompt(format!("{prompt} (space to tick, enter when done)"))
                    .items(&items)
                    .interact()
                    .map_err(from_dialoguer)?;
                Ok(Some(Value::Array(
                    picked.into_iter().map(|i| Value::String(node.answers[i].value.clone())).collect(),
                )))
            }
            AnswerType::Tasks => ask_tasks(&theme, &prompt, optional),
            AnswerType::Text | AnswerType::Number | AnswerType::Datetime => {
                let hint = match (ask, optional) {
                    (AnswerType::Datetime, _) => " (e.g. 2026-11-23 09:30, UK time; enter for now)",
                    (_, true) => " (optional: enter to skip)",
                    _ => "",
                };
                let node_c = node.clone();
                let mut input = Input::<String>::with_theme(&theme)
                    .with_prompt(format!("{prompt}{hint}"))
                    .allow_empty(optional || default.is_some())
                    .validate_with(move |s: &String| -> std::result::Result<(), String> {
                        if s.trim().is_empty() {
                            return Ok(());
                        }
                        check_value(&node_c, &typed(ask, s)).map(|_| ()).map_err(|e| safe(&e))
                    });
                if ask == AnswerType::Number
                    && let Some(d) = default.and_then(Value::as_i64)
                {
                    input = input.default(d.to_string());
                }
                let s = input.interact_text().map_err(from_dialoguer)?;
                if s.trim().is_empty() {
                    return Ok(None);
                }
                Ok(Some(typed(ask, &s)))
            }
        }
    }

    fn retry(&mut self, problem: &str) -> Result<bool> {
        output::status_styled(console::style(Safe(format!("{problem}; please answer again"))).red());
        Ok(true)
    }

    fn notice(&mut self, text: &str, urgent: bool) -> Result<()> {
        let text = output::wrap(&safe(text), "", &console::Term::stderr());
        output::status("");
        if urgent {
            output::status_styled(console::style(Safe(format!("!! {text}"))).red().bold());
        } else {
            output::status_styled(console::style(Safe(text)).cyan());
        }
        Ok(())
    }
}

/// A list of tasks, one at a time: what, who, by when; an empty task ends the list.
fn ask_tasks(theme: &ColorfulTheme, prompt: &str, optional: bool) -> Result<Option<Value>> {
    use crate::policy::{TASK_DUE, TASK_OWNER, TASK_TITLE};
    output::status_styled(console::style(Safe(prompt)).bold());
    let end_of_day = chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default();
    let mut tasks = Vec::new();
    loop {
        let first = tasks.is_empty();
        let title: String = Input::with_theme(theme)
            .with_prompt(if first {
                format!("Task 1{}", if optional { " (optional: enter to skip)" } else { "" })
            } else {
                format!("Task {} (enter when done)", tasks.len() + 1)
            })
            .allow_empty(optional || !first)
            .interact_text()
            .map_err(from_dialoguer)?;
        if title.trim().is_empty() {
            break;
        }
        let owner: String = Input::with_theme(theme)
            .with_prompt("Who does it")
            .validate_with(|s: &String| if s.trim().is_empty() { Err("say who does it") } else { Ok(()) })
            .interact_text()
            .map_err(from_dialoguer)?;
        let due: String = Input::with_theme(theme)
            .with_prompt("By when (a date such as 2026-11-27, or a date and time, UK time)")
            .validate_with(move |s: &String| -> std::result::Result<(), String> {
                crate::domain::calendar::parse_day_or_time(s, end_of_day).map(|_| ()).map_err(|e| safe(&e))
            })
            .interact_text()
            .map_err(from_dialoguer)?;
        let mut t = serde_json::Map::new();
        t.insert(TASK_TITLE.into(), Value::String(title));
        t.insert(TASK_OWNER.into(), Value::String(owner));
        t.insert(TASK_DUE.into(), Value::String(due));
        tasks.push(Value::Object(t));
    }
    Ok((!tasks.is_empty()).then_some(Value::Array(tasks)))
}

fn typed(ask: AnswerType, s: &str) -> Value {
    match ask {
        AnswerType::Number => {
            s.trim().parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(s.to_owned()))
        }
        _ => Value::String(s.to_owned()),
    }
}

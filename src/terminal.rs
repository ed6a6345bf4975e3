//! Questions on a terminal, through dialoguer: the interview's [`Terminal`] prompter, the
//! hidden passphrase prompt ([`password`]) and plain text questions ([`text`]). This is the
//! file that asks through dialoguer (`error.rs` maps dialoguer's error type). `raise` and
//! `decide` both ask through [`Terminal`]; typed answers, a decision's action plan too, are read
//! by [`read_line`], which wraps them by words and keeps what was typed on Ctrl-C. Lists
//! (choice and tick-list questions) are drawn here too ([`pick_one`], [`pick_many`]), with
//! dialoguer's theme but keys read as [`read_line`] reads them: Ctrl-C hands back a
//! tick-list's ticks for the draft (dialoguer's lists raise SIGINT and lose them), the arrow
//! keys stop at the ends rather than wrapping round, and Escape says how to stop (Ctrl-C)
//! without stopping or changing anything.
//!
//! dialoguer needs stderr to be a terminal (and reads keys from the terminal, not from a
//! pipe), so callers check [`crate::secret::can_prompt`] first and otherwise ask for
//! `--answers FILE`. Answers are checked here too, so a person is asked again rather than
//! failing.
//!
//! A policy's wording may come from a local file: every prompt, label, help text and
//! message handed to dialoguer is made safe first ([`crate::output::safe`]), and shown in plain
//! words, without the policy's references to the seeds ([`crate::output::plain`]).

use std::fmt;

use console::{Key, Term};
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{Input, Password};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::domain::clock::Clock;
use crate::error::{Error, Result, from_dialoguer};
use crate::interview::{Partial, check_value};
use crate::output::{self, Safe, plain, safe};
use crate::policy::{AnswerType, Node};

/// A check of a new passphrase: why it is refused, if it is.
pub type PasswordCheck = fn(&str) -> std::result::Result<(), String>;

/// Asks for a passphrase without echoing it. A new one (`new`: its check) is asked again while
/// the check refuses it, showing why, and then asked twice.
pub fn password(label: &str, new: Option<PasswordCheck>) -> Result<Zeroizing<String>> {
    let mut p = Password::new().with_prompt(safe(label));
    if let Some(check) = new {
        p = p
            .validate_with(move |t: &String| check(t).map_err(|e| password_error(&e, output::prompt_cols())))
            .with_confirmation("Repeat it", password_error(MISMATCH, output::prompt_cols()));
    }
    Ok(Zeroizing::new(p.interact().map_err(from_dialoguer)?))
}

/// What a new passphrase typed differently the second time says, as the tool's other problems
/// are said: in lower case after `error: `, what is wrong and then what to do.
const MISMATCH: &str = "the passphrase and its repeat differ; type them again";

/// A problem with a passphrase, wrapped by words to a terminal `cols` wide (if it is one) after
/// the `error: ` that dialoguer writes before it, its continuation lines under its text.
fn password_error(text: &str, cols: Option<usize>) -> String {
    const PREFIX: usize = "error: ".len();
    match cols {
        Some(cols) => output::wrap_item(&safe(text), PREFIX, cols),
        None => safe(text),
    }
}

/// Asks for a line of text.
pub fn text(prompt: &str) -> Result<String> {
    Input::new().with_prompt(safe(prompt)).interact_text().map_err(from_dialoguer)
}

/// Asks a yes/no question; the answer is no unless the person says yes.
pub fn confirm(prompt: &str) -> Result<bool> {
    dialoguer::Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt(safe(prompt))
        .default(false)
        .interact()
        .map_err(from_dialoguer)
}

/// Asks on the terminal.
#[derive(Debug)]
pub struct Terminal {
    /// Date-time answers in words ("yesterday 9am") are read against this clock.
    pub clock: Clock,
    /// What was typed or ticked at the question a draft stopped at, offered again on resuming.
    offered: Option<Partial>,
    /// What was typed or ticked when Ctrl-C was pressed, for the draft.
    interrupted: Option<Partial>,
}

impl Terminal {
    pub fn new(clock: Clock) -> Terminal {
        Terminal { clock, offered: None, interrupted: None }
    }
}

/// dialoguer's coloured theme with three changes for someone reading in a hurry:
/// - under NO_COLOR (or `--color never`) the coloured theme shows a multi-select's current row
///   only by its colour and every row as `⬚`, so there (`ticks`) the rows are `> [x] …` (the
///   cursor) and `  [ ] …`;
/// - the line that says back a choice ("✔ question · answer") is wrapped by display width to
///   the terminal, so the terminal never splits a word of it (dialoguer writes it as one line);
/// - a multi-select with nothing ticked says so rather than showing a blank.
struct Shown<'a> {
    base: &'a ColorfulTheme,
    ticks: bool,
}

impl Shown<'_> {
    /// The columns before a choice's text.
    fn prefix(&self) -> usize {
        if self.ticks { TICKS_PREFIX } else { SELECT_PREFIX }
    }
}

/// The keys of a tick list, after its question (not said back with the answer).
const TICK_HINT: &str = "(space to tick, enter when done)";

/// What an optional question left blank says back.
const SKIPPED: &str = "skipped";

/// What a multi-select with nothing ticked says back.
const NONE_TICKED: &str = "none of these";

impl Theme for Shown<'_> {
    fn format_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.base.format_select_prompt(f, prompt)
    }
    fn format_select_prompt_item(&self, f: &mut dyn fmt::Write, text: &str, active: bool) -> fmt::Result {
        self.base.format_select_prompt_item(f, text, active)
    }
    fn format_select_prompt_selection(&self, f: &mut dyn fmt::Write, prompt: &str, sel: &str) -> fmt::Result {
        let mut line = String::new();
        self.base.format_select_prompt_selection(&mut line, &flat(prompt), &flat(sel))?;
        f.write_str(&fit_report(&line))
    }
    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.base.format_multi_select_prompt(f, prompt)
    }
    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        let flats: Vec<String> = selections.iter().map(|s| flat(s)).collect();
        let mut shown: Vec<&str> = flats.iter().map(String::as_str).collect();
        if shown.is_empty() {
            shown.push(NONE_TICKED);
        }
        let mut line = String::new();
        self.base.format_multi_select_prompt_selection(&mut line, &flat(prompt), &shown)?;
        f.write_str(&fit_report(&line))
    }
    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        if !self.ticks {
            return self.base.format_multi_select_prompt_item(f, text, checked, active);
        }
        write!(f, "{} [{}] {text}", if active { ">" } else { " " }, if checked { "x" } else { " " })
    }
}

/// A question or choice already wrapped for its list ([`fit`], [`fit_prompt`]) as one line
/// again, to be wrapped afresh where it is said back.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line said back after a question ("✔ question · answer"), wrapped by display width to
/// the terminal, its continuation lines under the question.
fn fit_report(line: &str) -> String {
    match output::prompt_cols() {
        Some(cols) => output::wrap_item(line, 2, cols),
        None => line.to_owned(),
    }
}

/// `typed` placed after `room_used` columns of the question's last line, wrapped by words to a
/// terminal `cols` wide, continuation lines indented by two: as a person types a long answer,
/// the terminal never splits a word of it. A break takes the place of the spaces it falls on
/// (the answer itself keeps them), and the cursor stays at the end of what was typed. A word
/// longer than a whole line is left to the terminal.
fn flow(typed: &str, room_used: usize, cols: usize) -> String {
    let cols = cols.max(10);
    let mut out = String::new();
    let mut at = room_used;
    let mut rest = typed;
    while !rest.is_empty() {
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let (gap, after) = rest.split_at(spaces);
        let word_len = after.find(' ').unwrap_or(after.len());
        let (word, tail) = after.split_at(word_len);
        let w = output::width(word);
        // A word that would run past the last column starts the next line, unless it is the
        // first thing on its line anyway.
        if !word.is_empty() && at + output::width(gap) + w >= cols && at > 2 && w < cols - 2 {
            out.push_str("\n  ");
            at = 2;
        } else {
            out.push_str(gap);
            at += output::width(gap);
        }
        out.push_str(word);
        at += w;
        rest = tail;
    }
    out
}

/// The columns before a choice's text: `❯ ` in a list, `✔ ` or `⬚ ` in a coloured multi-select.
const SELECT_PREFIX: usize = 2;
/// The columns before a choice's text in the [`Shown`] ticks list: `> [x] `.
const TICKS_PREFIX: usize = 6;

/// A choice's text wrapped to the terminal by display width, under its prefix, so no line runs
/// over: the list redraws in place, and the terminal never splits a word (a date) itself.
fn fit(text: &str, prefix: usize) -> String {
    let Some(cols) = output::prompt_cols() else { return text.to_owned() };
    // dialoguer counts a choice's rows by its bytes, not its columns: a line of accented or
    // wide letters that fits the terminal may count as two rows, and redrawing the list would
    // clear the lines above it. So each line is kept within the terminal in bytes too.
    let mut width = cols;
    loop {
        let wrapped = output::wrap_item(text, prefix, width);
        // (A line of one word longer than that cannot be helped by a narrower wrap.)
        let fits = |l: &str| l.len() + prefix <= cols || !l.trim().contains(' ');
        if width <= prefix + 10 || wrapped.lines().all(fits) {
            return wrapped;
        }
        width -= 1;
    }
}

/// A list's question, wrapped like its choices: `? ` before it and ` ›` after it.
fn fit_prompt(text: &str) -> String {
    match output::prompt_cols() {
        Some(cols) => output::wrap_item(text, 2, cols.saturating_sub(2)),
        None => text.to_owned(),
    }
}

/// The way out of an optional choice with no default: the last row of its list.
const SKIP_CHOICE: &str = "Skip (I don't know)";

/// A list drawn below its question: the question is written once, and the rows under it are
/// redrawn in place after each key (as dialoguer's lists are), so a question drawn before the
/// terminal was resized is not drawn again at the old width.
///
/// What was drawn is kept, not the rows it took: after the terminal is narrowed, a terminal
/// that reflows its lines (tmux, most terminals today) puts the same lines on more rows, and
/// the cursor has to go back over all of them, or the list (or the question) shows twice. So
/// the rows are counted at the width the terminal has when they are cleared.
struct Drawn {
    /// The question, as written.
    head: String,
    /// The list under it, as last drawn.
    lines: Vec<String>,
}

/// The terminal rows `text` takes on a terminal `cols` wide.
fn rows_of(text: &str, cols: usize) -> usize {
    let cols = cols.max(1);
    text.split('\n').map(|l| console::measure_text_width(l).max(1).div_ceil(cols)).sum()
}

/// The terminal's width now.
fn cols_now(term: &Term) -> usize {
    usize::from(term.size().1).max(1)
}

impl Drawn {
    /// Writes the question, once.
    fn start(term: &Term, question: &str) -> std::io::Result<Drawn> {
        term.hide_cursor()?;
        term.write_line(question)?;
        Ok(Drawn { head: question.to_owned(), lines: vec![] })
    }

    /// The rows the list takes on a terminal `cols` wide.
    fn list_rows(&self, cols: usize) -> usize {
        self.lines.iter().map(|l| rows_of(l, cols)).sum()
    }

    /// The rows the question and its list take on a terminal `cols` wide.
    fn all_rows(&self, cols: usize) -> usize {
        rows_of(&self.head, cols) + self.list_rows(cols)
    }

    /// Draws `lines` (each may hold line breaks) under the question, over the last drawing.
    fn draw(&mut self, term: &Term, lines: Vec<String>) -> std::io::Result<()> {
        let up = self.list_rows(cols_now(term));
        Drawn::clear(term, up)?;
        for line in &lines {
            term.write_line(line)?;
        }
        self.lines = lines;
        term.flush()
    }

    /// Takes `rows` rows above the cursor off the screen.
    fn clear(term: &Term, rows: usize) -> std::io::Result<()> {
        if rows > 0 {
            term.move_cursor_up(rows)?;
        }
        term.write_str("\r\x1b[J")
    }

    /// Takes the question and its list off the screen and says back the answer in its place.
    fn finish(self, term: &Term, said: &str) -> std::io::Result<()> {
        Drawn::clear(term, self.all_rows(cols_now(term)))?;
        term.write_line(said)?;
        term.show_cursor()
    }
}

/// What Escape in a list shows, under it: the way to stop. Escape itself stops nothing and
/// changes nothing (a stray press must not end a record being made, nor lose a tick); the
/// person who pressed it to get out is told how, and that their answers are kept.
const WAY_OUT: &str = "To stop here, press Ctrl-C: any answers already given are kept in a draft.";

/// [`WAY_OUT`], wrapped to the terminal and dimmed, as a line of the list.
fn way_out(term: &Term) -> String {
    console::style(output::wrap(WAY_OUT, "", term)).dim().for_stderr().to_string()
}

/// A row's new place after an arrow key: up or down by one, stopping at the first and last
/// rows rather than wrapping round to the other end; from no row, the first row.
fn moved(at: Option<usize>, key: &Key, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    let down = matches!(key, Key::ArrowDown | Key::Tab | Key::Char('j'));
    let up = matches!(key, Key::ArrowUp | Key::BackTab | Key::Char('k'));
    match (at, down, up) {
        (None, true, _) | (None, _, true) => Some(0),
        (Some(i), true, _) => Some((i + 1).min(last)),
        (Some(i), _, true) => Some(i.saturating_sub(1)),
        (at, ..) => match key {
            Key::Home => Some(0),
            Key::End => Some(last),
            _ => at,
        },
    }
}

/// One answer picked from a list with the arrow keys and Enter (keys read as [`read_line`]
/// reads them, so Ctrl-C is `Error::Interrupted`). The cursor starts at `at`. `items` are the
/// choices on one line each: they are wrapped ([`fit`]) to the terminal's width at each draw.
fn pick_one(theme: &Shown, prompt: &str, items: &[String], at: usize) -> Result<usize> {
    let term = Term::stderr();
    let io = |e| Error::io("terminal prompt", e);
    // An empty list has no row to stand on (a policy's choice always has answers).
    let mut at = Some(at).filter(|i| *i < items.len());
    let mut asked_out = false;
    let mut question = String::new();
    let _ = theme.format_select_prompt(&mut question, prompt);
    let mut drawn = Drawn::start(&term, &question).map_err(io)?;
    loop {
        let mut lines = vec![];
        for (i, item) in items.iter().enumerate() {
            let mut l = String::new();
            let _ = theme.format_select_prompt_item(&mut l, &fit(item, theme.prefix()), at == Some(i));
            lines.push(l);
        }
        if asked_out {
            lines.push(way_out(&term));
        }
        drawn.draw(&term, lines).map_err(io)?;
        match term.read_key_raw().map_err(io)? {
            Key::Escape => asked_out = true,
            Key::Enter => {
                if let Some(i) = at {
                    let mut said = String::new();
                    let _ = theme.format_select_prompt_selection(&mut said, prompt, &items[i]);
                    drawn.finish(&term, &said).map_err(io)?;
                    return Ok(i);
                }
            }
            Key::CtrlC => {
                let _ = term.show_cursor();
                return Err(Error::Interrupted);
            }
            key => at = moved(at, &key, items.len()),
        }
    }
}

/// Any number of rows ticked with Space and the list ended with Enter: the rows ticked, in
/// order; or, on Ctrl-C, `Err` with the rows ticked so far (kept with the draft). `ticked`
/// are ticked at first. The cursor starts on the first row and stops at the ends. `items` are
/// wrapped to the terminal at each draw, as [`pick_one`]'s are. `question` is drawn above the
/// list (with its key hint); `prompt`, the question without the hint, is said back with the
/// answer.
fn pick_many(
    theme: &Shown,
    question: &str,
    prompt: &str,
    items: &[String],
    mut ticked: Vec<bool>,
) -> Result<std::result::Result<Vec<usize>, Vec<usize>>> {
    let term = Term::stderr();
    let io = |e| Error::io("terminal prompt", e);
    let mut at = Some(0).filter(|_| !items.is_empty());
    let mut asked_out = false;
    let chosen = |ticked: &[bool]| -> Vec<usize> { (0..ticked.len()).filter(|i| ticked[*i]).collect() };
    let mut head = String::new();
    let _ = theme.format_multi_select_prompt(&mut head, question);
    let mut drawn = Drawn::start(&term, &head).map_err(io)?;
    loop {
        let mut lines = vec![];
        for (i, item) in items.iter().enumerate() {
            let mut l = String::new();
            let _ = theme.format_multi_select_prompt_item(
                &mut l,
                &fit(item, theme.prefix()),
                ticked[i],
                at == Some(i),
            );
            lines.push(l);
        }
        if asked_out {
            lines.push(way_out(&term));
        }
        drawn.draw(&term, lines).map_err(io)?;
        match term.read_key_raw().map_err(io)? {
            Key::Escape => asked_out = true,
            Key::Enter => {
                let picked = chosen(&ticked);
                let names: Vec<&str> = picked.iter().map(|i| items[*i].as_str()).collect();
                let mut said = String::new();
                let _ = theme.format_multi_select_prompt_selection(&mut said, prompt, &names);
                drawn.finish(&term, &said).map_err(io)?;
                return Ok(Ok(picked));
            }
            Key::Char(' ') => {
                if let Some(i) = at {
                    ticked[i] = !ticked[i];
                }
            }
            Key::CtrlC => {
                let _ = term.show_cursor();
                return Ok(Err(chosen(&ticked)));
            }
            key => at = moved(at, &key, items.len()),
        }
    }
}

/// How a line of typing ended.
enum Line {
    Entered(String),
    /// Ctrl-C, with what had been typed.
    Interrupted(String),
}

/// Reads one line on the terminal, keys one at a time (console's raw reads, as dialoguer
/// does), so that Ctrl-C hands back what had been typed rather than losing it. `initial` is
/// typed in already (a draft's unfinished answer); `blank` is what an empty answer is said
/// back as. Enter with a problem (`check`) shows the
/// problem and keeps the line to correct. Lines longer than the terminal wrap; the whole
/// answer is redrawn after each key, measured by display width.
fn read_line(
    theme: &ColorfulTheme,
    prompt: &str,
    initial: &str,
    blank: &str,
    check: &dyn Fn(&str) -> std::result::Result<(), String>,
) -> Result<Line> {
    let term = Term::stderr();
    let io = |e| Error::io("terminal prompt", e);
    let mut head = String::new();
    let _ = theme.format_input_prompt(&mut head, prompt, None);
    let mut buf = initial.to_owned();
    // What was drawn last (the question and the typing), kept to take it off again: its rows
    // are counted at the width the terminal has then, as a list's are ([`Drawn`]), so a
    // terminal narrowed since does not leave the question shown twice.
    let mut shown = String::new();
    // The cursor is on the last row of what was drawn: up to its first row.
    let back = |shown: &str| -> std::io::Result<()> {
        let rows = rows_of(shown, cols_now(&term));
        if rows > 1 {
            term.move_cursor_up(rows - 1)?;
        }
        Ok(())
    };
    let draw = |buf: &str, shown: &mut String| -> std::io::Result<()> {
        back(shown)?;
        term.write_str("\r\x1b[J")?;
        let used = console::measure_text_width(head.rsplit('\n').next().unwrap_or_default());
        // The prompt may be wrapped to the terminal already: the whole question is redrawn in
        // place.
        *shown = format!("{head}{}", flow(&safe(buf), used, cols_now(&term)));
        term.write_str(shown)?;
        term.flush()
    };
    draw(&buf, &mut shown).map_err(io)?;
    loop {
        match term.read_key_raw().map_err(io)? {
            Key::Enter => match check(&buf) {
                Ok(()) => {
                    // Said back as a chosen answer is ("✔ question · answer"), wrapped by
                    // words; a blank answer says what it stands for.
                    back(&shown).map_err(io)?;
                    let answer = if buf.trim().is_empty() { blank.to_owned() } else { safe(&buf) };
                    let mut done = String::new();
                    let _ = theme.format_input_prompt_selection(&mut done, &flat(prompt), &flat(&answer));
                    term.write_str("\r\x1b[J").map_err(io)?;
                    term.write_line(&fit_report(&done)).map_err(io)?;
                    return Ok(Line::Entered(buf));
                }
                Err(e) => {
                    let mut msg = String::new();
                    let _ = theme.format_error(&mut msg, &safe(&e));
                    term.write_line("").map_err(io)?;
                    term.write_line(&output::wrap(&msg, "", &term)).map_err(io)?;
                    shown.clear();
                    draw(&buf, &mut shown).map_err(io)?;
                }
            },
            Key::CtrlC => {
                let _ = term.write_line("");
                return Ok(Line::Interrupted(buf));
            }
            Key::Backspace => {
                buf.pop();
                draw(&buf, &mut shown).map_err(io)?;
            }
            Key::Char(c) if !c.is_control() => {
                buf.push(c);
                draw(&buf, &mut shown).map_err(io)?;
            }
            _ => {}
        }
    }
}

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
            let text = output::wrap(&safe(&plain(h)), "", &console::Term::stderr());
            output::status_styled(console::style(Safe(text)).dim());
        }
        let prompt = safe(&plain(prompt));
        let ask = node.ask.unwrap_or(AnswerType::Text);
        match ask {
            AnswerType::Choice => {
                let mut items: Vec<String> = node.answers.iter().map(|c| safe(&plain(&c.label))).collect();
                // An optional question with no default gets an explicit way out, first, and
                // starts on it: Enter skips, as it always has; Down goes through the answers in
                // the policy's order; the arrow keys stop at the ends, never wrapping round (one
                // Down from "Skip" used to be its last row and wrap to "Yes").
                let skippable = optional && default.is_none();
                let first = usize::from(skippable);
                if skippable {
                    items.insert(0, SKIP_CHOICE.into());
                }
                let at = default
                    .and_then(Value::as_str)
                    .or(node.preselect.as_deref())
                    .and_then(|d| node.answers.iter().position(|c| c.value == d))
                    .map_or(0, |i| i + first);
                let shown = Shown { base: &theme, ticks: false };
                let i = pick_one(&shown, &fit_prompt(&prompt), &items, at)?;
                Ok(i.checked_sub(first)
                    .and_then(|i| node.answers.get(i))
                    .map(|c| Value::String(c.value.clone())))
            }
            AnswerType::Multi => {
                let items: Vec<String> = node.answers.iter().map(|c| safe(&plain(&c.label))).collect();
                let shown = Shown { base: &theme, ticks: !console::colors_enabled_stderr() };
                // A draft's ticks at this question, made before an interruption, are ticked again.
                let mut ticked = vec![false; items.len()];
                if let Some(p) = self.offered.take().filter(|p| !p.ticked.is_empty()) {
                    for (i, c) in node.answers.iter().enumerate() {
                        ticked[i] = p.ticked.contains(&c.value);
                    }
                    offer_line("You had started ticking this list; carry on, or change it:");
                }
                let question = fit_prompt(&format!("{prompt} {TICK_HINT}"));
                match pick_many(&shown, &question, &prompt, &items, ticked)? {
                    Ok(picked) => Ok(Some(Value::Array(
                        picked.into_iter().map(|i| Value::String(node.answers[i].value.clone())).collect(),
                    ))),
                    Err(so_far) => {
                        let ticked = so_far.into_iter().map(|i| node.answers[i].value.clone()).collect();
                        self.interrupted = Some(Partial { id: node.id.clone(), text: String::new(), ticked });
                        Err(Error::Interrupted)
                    }
                }
            }
            AnswerType::Tasks => ask_tasks(&theme, &prompt, optional, self.clock.now()),
            AnswerType::Text | AnswerType::Number | AnswerType::Datetime => {
                let hint = match (ask, optional) {
                    (AnswerType::Datetime, _) => crate::domain::spoken::HINT,
                    (_, true) => " (optional: enter to skip)",
                    _ => "",
                };
                let number_default = (ask == AnswerType::Number)
                    .then(|| default.and_then(Value::as_i64))
                    .flatten()
                    .map(|d| d.to_string());
                let blank_ok = optional || default.is_some();
                let now = self.clock.now();
                let check = |s: &str| -> std::result::Result<(), String> {
                    if s.trim().is_empty() {
                        return if blank_ok { Ok(()) } else { Err("please give an answer".into()) };
                    }
                    check_value(node, &typed(ask, s), Some(now)).map(|_| ())
                };
                let full = fit_prompt(&match &number_default {
                    Some(d) => format!("{prompt}{hint} [{d}]"),
                    None => format!("{prompt}{hint}"),
                });
                let initial = self.offered.take().map(|p| p.text).unwrap_or_default();
                if !initial.is_empty() {
                    offer_line("You had started this answer; carry on, or change it:");
                }
                let blank = match (&number_default, ask) {
                    (Some(d), _) => d.as_str(),
                    (None, AnswerType::Datetime) if default.is_some() => crate::domain::clock::NOW_WORD,
                    _ => SKIPPED,
                };
                let s = match read_line(&theme, &full, &initial, blank, &check)? {
                    Line::Entered(s) => s,
                    Line::Interrupted(text) => {
                        self.interrupted = Some(Partial { id: node.id.clone(), text, ticked: vec![] });
                        return Err(Error::Interrupted);
                    }
                };
                let given = if s.trim().is_empty() { number_default.clone() } else { Some(s) };
                let Some(s) = given else {
                    if ask == AnswerType::Datetime && default.is_some() {
                        echo_time(&Value::String(crate::domain::clock::NOW_WORD.into()), self.clock);
                    }
                    return Ok(None);
                };
                let value = typed(ask, &s);
                if ask == AnswerType::Datetime {
                    echo_time(&value, self.clock);
                }
                Ok(Some(value))
            }
        }
    }

    fn offer(&mut self, begun: &Partial) {
        self.offered = Some(begun.clone());
    }

    fn begun(&mut self) -> Option<Partial> {
        self.interrupted.take().filter(|p| !p.text.trim().is_empty() || !p.ticked.is_empty())
    }

    fn retry(&mut self, problem: &str) -> Result<bool> {
        let text = output::wrap(&safe(&format!("{problem}; please answer again")), "", &Term::stderr());
        output::status_styled(console::style(Safe(text)).red());
        Ok(true)
    }

    fn notice(&mut self, text: &str, urgent: bool) -> Result<()> {
        let text = safe(&plain(text));
        output::status("");
        if urgent {
            output::status_styled(
                console::style(Safe(urgent_notice(&text, output::prompt_cols()))).red().bold(),
            );
        } else {
            let text = output::wrap(&text, "", &console::Term::stderr());
            output::status_styled(console::style(Safe(text)).cyan());
        }
        Ok(())
    }
}

/// An urgent notice, `!! ` before it, wrapped by display width to a terminal `cols` wide (if
/// it is one) with its continuation lines under its text: `!! ` is counted in the width.
fn urgent_notice(text: &str, cols: Option<usize>) -> String {
    match cols {
        Some(cols) => format!("!! {}", output::wrap_item(text, 3, cols)),
        None => format!("!! {text}"),
    }
}

/// An offer of what a draft held at this question, dimmed and wrapped to the terminal.
fn offer_line(text: &str) {
    output::status_styled(console::style(Safe(output::wrap(text, "", &Term::stderr()))).dim());
}

/// What the blank answer that ends a list of tasks says back.
const NO_MORE_TASKS: &str = "no more tasks";

/// One line of a task list, read as the interview's typed answers are ([`read_line`]): the
/// question and the typing wrap by words to the terminal, a problem is said and the line kept
/// to correct, and Ctrl-C stops the whole question.
fn task_line(
    theme: &ColorfulTheme,
    prompt: &str,
    blank: &str,
    check: &dyn Fn(&str) -> std::result::Result<(), String>,
) -> Result<String> {
    match read_line(theme, &fit_prompt(&safe(prompt)), "", blank, check)? {
        Line::Entered(s) => Ok(s),
        Line::Interrupted(_) => Err(Error::Interrupted),
    }
}

/// A list of tasks, one at a time: what, who, by when; an empty task ends the list.
fn ask_tasks(
    theme: &ColorfulTheme,
    prompt: &str,
    optional: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Value>> {
    use crate::policy::{TASK_DUE, TASK_OWNER, TASK_TITLE};
    let heading = output::wrap(&safe(prompt), "", &Term::stderr());
    output::status_styled(console::style(Safe(heading)).bold());
    let end_of_day = chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default();
    let mut tasks = Vec::new();
    loop {
        let first = tasks.is_empty();
        let (label, blank) = if first {
            (format!("Task 1{}", if optional { " (optional: enter to skip)" } else { "" }), SKIPPED)
        } else {
            (format!("Task {} (enter when done)", tasks.len() + 1), NO_MORE_TASKS)
        };
        let blank_ok = optional || !first;
        let title = task_line(theme, &label, blank, &|s: &str| {
            if s.trim().is_empty() && !blank_ok { Err("say what needs doing".into()) } else { Ok(()) }
        })?;
        if title.trim().is_empty() {
            break;
        }
        let owner = task_line(theme, "Who does it", SKIPPED, &|s: &str| {
            if s.trim().is_empty() { Err("say who does it".into()) } else { Ok(()) }
        })?;
        // Checked here, so a date already past is said at once, not after the whole plan.
        let due = task_line(
            theme,
            "By when (UK time: \"Friday\", \"tomorrow 17:00\", or a date such as 2026-12-04)",
            SKIPPED,
            &|s: &str| match crate::domain::spoken::parse_due(s, now, end_of_day) {
                Ok(t) if t <= now => {
                    Err(format!("{} has passed; give a time to come", crate::domain::spoken::show_spoken(t)))
                }
                Ok(_) => Ok(()),
                Err(e) => Err(e),
            },
        )?;
        let due = crate::domain::spoken::parse_due(&due, now, end_of_day)
            .map(|t| {
                echo(t);
                crate::domain::clock::rfc3339(t)
            })
            .unwrap_or(due);
        let mut t = serde_json::Map::new();
        t.insert(TASK_TITLE.into(), Value::String(title));
        t.insert(TASK_OWNER.into(), Value::String(owner));
        t.insert(TASK_DUE.into(), Value::String(due));
        tasks.push(Value::Object(t));
    }
    Ok((!tasks.is_empty()).then_some(Value::Array(tasks)))
}

/// Says back in full the time a date-time answer means ("Tue 1 Dec 2026 15:40"), so the
/// person sees what "yesterday 9am" was taken to be.
fn echo_time(value: &Value, clock: Clock) {
    if let Some(t) = value.as_str().and_then(|s| crate::domain::spoken::parse_spoken(s, clock.now()).ok()) {
        echo(t);
    }
}

/// "  that is Tue 1 Dec 2026 15:40 (UK time)", dimmed: a time said back in full.
fn echo(t: chrono::DateTime<chrono::Utc>) {
    let said = format!("that is {} (UK time)", crate::domain::spoken::show_spoken(t));
    output::status_styled(console::style(Safe(output::wrap(&said, "  ", &Term::stderr()))).dim());
}

fn typed(ask: AnswerType, s: &str) -> Value {
    match ask {
        AnswerType::Number => {
            s.trim().parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(s.to_owned()))
        }
        _ => Value::String(s.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: a long typed answer wraps by words, not where the terminal's edge falls.
    #[test]
    fn a_typed_answer_wraps_by_words_and_loses_nothing() {
        let typed = "Dad hit me with his belt and then he hit me again on the leg.";
        let shown = flow(typed, 100, 120);
        assert_eq!(shown, "Dad hit me with his\n  belt and then he hit me again on the leg.");
        // Every line fits, and only the spaces a break falls on are not drawn.
        let lines: Vec<&str> = shown.split('\n').collect();
        assert!(100 + output::width(lines[0]) < 120, "{shown:?}");
        assert_eq!(shown.replace("\n  ", " "), typed);
        // What fits stays on the line, spaces typed at the end included (the cursor follows them).
        assert_eq!(flow("now ", 10, 120), "now ");
        assert_eq!(flow("", 10, 120), "");
        // Wide letters count two columns each.
        assert_eq!(flow("日本語 日本語", 108, 120), "日本語\n  日本語");
        // A word longer than a line is not broken by us.
        let long = "x".repeat(200);
        assert_eq!(flow(&long, 50, 120), long);
    }

    /// The walkthrough of 2026-12-04: the arrow keys stop at the ends of a list; from no row, either arrow goes to
    /// the first row (never round to the last, where "Skip" is).
    #[test]
    fn arrow_keys_stop_at_the_ends_and_start_from_the_first_row() {
        assert_eq!(moved(Some(2), &Key::ArrowDown, 3), Some(2));
        assert_eq!(moved(Some(0), &Key::ArrowUp, 3), Some(0));
        assert_eq!(moved(Some(0), &Key::ArrowDown, 3), Some(1));
        assert_eq!(moved(Some(2), &Key::ArrowUp, 3), Some(1));
        assert_eq!(moved(None, &Key::ArrowUp, 3), Some(0));
        assert_eq!(moved(None, &Key::ArrowDown, 3), Some(0));
        assert_eq!(moved(None, &Key::Char('x'), 3), None);
        assert_eq!(moved(Some(1), &Key::End, 3), Some(2));
        assert_eq!(moved(Some(1), &Key::Home, 3), Some(0));
    }

    /// A list drawn 80 columns wide takes more rows once the terminal is narrowed to 40 (a
    /// terminal that reflows puts each long line on two): clearing it goes back over the rows
    /// it takes now, not the ones it took when it was drawn, or it would be shown twice.
    #[test]
    fn a_drawn_list_is_counted_at_the_width_the_terminal_has_now() {
        let long = format!("  {}", "word ".repeat(11).trim_end()); // 56 columns
        let drawn = Drawn {
            head: "? Who or what is your concern about? ›".into(),
            lines: vec!["❯ A child (under 18)".into(), long.clone(), format!("{long}\n  {long}")],
        };
        assert_eq!(drawn.list_rows(80), 4);
        assert_eq!(drawn.all_rows(80), 5);
        assert_eq!(drawn.list_rows(40), 1 + 2 + 4);
        assert_eq!(drawn.all_rows(40), 1 + 7);
        // Wide letters count two columns; a blank line is a row.
        assert_eq!(rows_of("日本語日本語日本語日本語", 20), 2);
        assert_eq!(rows_of("a\n\nb", 40), 3);
    }

    /// A passphrase's problem fits the terminal after dialoguer's `error: `, its lines under
    /// its text.
    #[test]
    fn a_passphrase_problem_wraps_after_its_error_prefix() {
        let refused = crate::secret::check_new("short", "typed").unwrap_err();
        let shown = format!("error: {}", password_error(&refused, Some(50)));
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines.len() > 2 && lines.iter().all(|l| output::width(l) < 50), "{shown}");
        assert!(lines[1..].iter().all(|l| l.starts_with("       ") && !l.starts_with("        ")), "{shown}");
        assert_eq!(flat(&shown), format!("error: {refused}"));
        assert_eq!(password_error(MISMATCH, None), MISMATCH);
    }

    /// The `!! ` of an urgent notice is counted in its first line, and the lines after it start
    /// under its text.
    #[test]
    fn an_urgent_notice_wraps_with_its_marker_counted() {
        let text = "Call 999 now if anyone's life is at risk or they need urgent medical help.";
        let shown = urgent_notice(text, Some(50));
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines.len() > 1, "{shown}");
        assert!(lines.iter().all(|l| output::width(l) < 50), "{shown}");
        assert!(lines[0].starts_with("!! ") && lines[1..].iter().all(|l| l.starts_with("   ")), "{shown}");
        assert_eq!(flat(&shown), format!("!! {text}"));
        assert_eq!(urgent_notice(text, None), format!("!! {text}"));
    }

    #[test]
    fn a_wrapped_question_is_one_line_again_before_it_is_said_back() {
        assert_eq!(flat("Who will you\n  tell first?"), "Who will you tell first?");
    }
}

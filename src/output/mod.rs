//! Human output: the only place that writes lines to the terminal and the only place that
//! decides colour (the questions `terminal` asks are drawn by dialoguer). Data goes to
//! stdout, messages to stderr.
//!
//! Everything a person reads passes through [`Safe`]: user text (descriptions, names, notes,
//! a local policy's wording, file names in errors) can carry terminal control sequences, and
//! written raw they retitle the window, clear the screen, hide text, overwrite a line to fake a
//! signer, or reorder text with bidi overrides. [`Safe`] shows each such character visibly as
//! `\u{1b}`; colour and style come only from this tool, applied around text already made safe
//! ([`status_styled`] takes nothing else). JSON is written by [`json`], exact: serde escapes C0,
//! and this layer also writes DEL, C1 and bidi controls as `\u` escapes, which decode to the
//! same text.
//!
//! `clippy.toml` forbids `println!`, `eprintln!`, `std::io::stdout()` and `std::io::stderr()`
//! outside this module, so a new command cannot write around it.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

use std::fmt;
use std::io::{IsTerminal, Write};

use crate::error::{Error, Result};

/// Decides colour once: `Some(true)` (always) and `Some(false)` (never) win; `None` (auto)
/// means a terminal, NO_COLOR unset or empty, and TERM not `dumb`.
pub fn init_color(choice: Option<bool>) {
    let env_allows = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
    let (out, err) = match choice {
        Some(true) => (true, true),
        Some(false) => (false, false),
        None => {
            (env_allows && std::io::stdout().is_terminal(), env_allows && std::io::stderr().is_terminal())
        }
    };
    console::set_colors_enabled(out);
    console::set_colors_enabled_stderr(err);
}

/// True for a character that must never reach a terminal as itself: C0 controls other than
/// newline and tab (CR, BS and ESC among them), DEL, C1 controls (U+0080–U+009F, which some
/// terminals obey as CSI, OSC...), and the bidirectional controls that reorder what is shown
/// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
pub fn is_hazard(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Shows `T` with every [`is_hazard`] character written visibly, as `\u{1b}`. Formatting
/// flags (width, alignment) are not applied: pad before wrapping.
#[derive(Clone, Copy, Debug)]
pub struct Safe<T>(pub T);

impl<T: fmt::Display> fmt::Display for Safe<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        write!(Escaping(f), "{}", self.0)
    }
}

/// A `fmt::Write` that escapes hazards on their way through.
struct Escaping<W>(W);

impl<W: fmt::Write> fmt::Write for Escaping<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut start = 0;
        for (i, c) in s.char_indices().filter(|&(_, c)| is_hazard(c)) {
            self.0.write_str(&s[start..i])?;
            write!(self.0, "{}", c.escape_unicode())?;
            start = i + c.len_utf8();
        }
        self.0.write_str(&s[start..])
    }
}

/// `text` made safe for a terminal (for prompts handed to dialoguer).
pub fn safe(text: &str) -> String {
    Safe(text).to_string()
}

/// One line of human output on stdout, made safe; a closed pipe is reported as an I/O error
/// that `main` treats as a quiet end.
pub fn out(line: &str) -> Result<()> {
    writeln!(std::io::stdout().lock(), "{}", Safe(line)).map_err(|e| Error::io("writing output", e))
}

/// One JSON document on stdout, on one line: the values exact (scripts parse it), and no raw
/// control or bidi character in its bytes (people run `show --json` on a terminal too).
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    write_json(&mut std::io::stdout().lock(), value).map_err(|e| Error::io("writing output", e))
}

fn write_json<W: Write, T: serde::Serialize + ?Sized>(w: &mut W, value: &T) -> std::io::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut *w, SafeJson))?;
    w.write_all(b"\n")
}

/// A JSON array written to stdout one item at a time through one buffer: the same bytes as
/// [`json`] of the whole list, without the list in memory (the morning screen of a large store).
pub struct JsonArray {
    w: std::io::BufWriter<std::io::StdoutLock<'static>>,
    first: bool,
}

impl JsonArray {
    pub fn stdout() -> Result<JsonArray> {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        w.write_all(b"[").map_err(|e| Error::io("writing output", e))?;
        Ok(JsonArray { w, first: true })
    }

    pub fn push<T: serde::Serialize + ?Sized>(&mut self, item: &T) -> Result<()> {
        let write = |w: &mut std::io::BufWriter<_>, first: bool| -> std::io::Result<()> {
            if !first {
                w.write_all(b",")?;
            }
            item.serialize(&mut serde_json::Serializer::with_formatter(&mut *w, SafeJson))
                .map_err(std::io::Error::from)
        };
        write(&mut self.w, self.first).map_err(|e| Error::io("writing output", e))?;
        self.first = false;
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        self.w.write_all(b"]\n").and_then(|()| self.w.flush()).map_err(|e| Error::io("writing output", e))
    }
}

/// Text this tool generated from its own definitions (completions, man pages), as is.
pub fn generated(bytes: &[u8]) -> Result<()> {
    std::io::stdout().write_all(bytes).map_err(|e| Error::io("writing output", e))
}

/// A progress or confirmation message, on stderr, made safe.
pub fn status(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{}", Safe(msg));
}

/// A styled message on stderr: the style is applied around text already made safe, so the
/// only escape codes are this tool's own.
pub fn status_styled<T: fmt::Display>(msg: console::StyledObject<Safe<T>>) {
    let _ = writeln!(std::io::stderr(), "{}", msg.for_stderr());
}

/// A progress counter that rewrites its own line on a terminal ("\rexporting 3/10").
pub fn progress(msg: &str) {
    let _ = write!(std::io::stderr(), "\r{}", Safe(msg));
}

/// Ends a [`progress`] line.
pub fn progress_done() {
    let _ = writeln!(std::io::stderr());
}

/// True when standard error is a terminal.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// A command-line error from clap, already rendered as plain text (it quotes what was typed).
pub fn usage_error(text: &str) {
    let _ = write!(std::io::stderr(), "{}", Safe(text));
}

/// Prints an error and its hint to stderr.
pub fn print_error(e: &Error) {
    let mut err = std::io::stderr().lock();
    let msg = e.to_string();
    let _ = writeln!(err, "{} {}", console::style("error:").red().bold().for_stderr(), Safe(&msg));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        // thiserror's Io/Sql variants already show their source inline.
        if !msg.contains(&s.to_string()) {
            let _ = writeln!(err, "  caused by: {}", Safe(s));
        }
        source = s.source();
    }
    if let Some(h) = e.hint() {
        let _ = writeln!(err, "{} {}", console::style("hint:").cyan().for_stderr(), Safe(h));
    }
}

/// serde_json's compact output, with DEL, C1 and bidi controls inside strings written as `\u`
/// escapes too (serde escapes only C0). The decoded text is unchanged.
struct SafeJson;

fn write_json_safe<W: ?Sized + Write>(w: &mut W, s: &str) -> std::io::Result<()> {
    // Every hazard below is beyond ASCII (DEL aside): ASCII text is written as it is.
    if s.is_ascii() && !s.contains('\x7f') {
        return w.write_all(s.as_bytes());
    }
    let mut start = 0;
    // C0 never reaches here inside a string (serde escapes it), and outside a string JSON
    // allows only whitespace, which is left alone.
    for (i, c) in s.char_indices().filter(|&(_, c)| is_hazard(c) && c > '\x7e') {
        w.write_all(&s.as_bytes()[start..i])?;
        write!(w, "\\u{:04x}", u32::from(c))?;
        start = i + c.len_utf8();
    }
    w.write_all(&s.as_bytes()[start..])
}

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        write_json_safe(w, fragment)
    }

    /// Journal bodies are copied through as stored (raw JSON): the same escapes apply, and a
    /// hazard can only stand inside a string there.
    fn write_raw_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        write_json_safe(w, fragment)
    }
}

pub mod plain;
pub mod when;

pub use plain::plain;

/// The width tables take when standard output is not a terminal (a pipe, a file): stable, so
/// what a script or a log sees does not depend on where it ran. (comfy-table finds a
/// terminal's width itself; with none it would not wrap at all, and a long name would make
/// every row as wide as it.)
pub const PIPE_WIDTH: u16 = 100;

/// A table for people, through comfy-table: a header row, columns as wide as the width allows,
/// long text wrapping inside its column (never breaking the columns), and colour only where
/// colour is on for stdout (never under NO_COLOR or `--color never`, nor into a pipe unless
/// `--color always`). Every cell is made safe ([`Safe`]) before it is measured, so an escaped
/// control character takes the room it is shown in. A header starting with `=` (the `=` is not
/// shown) is a column of ids, which are never broken across lines; the others wrap. Written
/// to stdout as it is: the cells are safe already, and the frame and styles are this tool's.
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<Cell>>) -> Result<()> {
    table_with(header, &[], rows)
}

/// How many rows a [`table`] lays out at once: a longer table is written in parts of this many
/// rows, each laid out to the first part's column widths, so a list of any length is written
/// in bounded memory and time and still reads as one table.
const TABLE_PART: usize = 512;

/// [`table`], where `widest[i]` (when given) is the display width of the widest cell the `i`th
/// column of ids (`=`) will hold among all the rows: a long table is laid out from its first
/// part, and an id further down must still fit whole.
pub fn table_with(
    header: &[&str],
    widest: &[usize],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<()> {
    use comfy_table::{ColumnConstraint, Width};
    let mut rows = rows.into_iter();
    let first: Vec<Vec<Cell>> = rows.by_ref().take(TABLE_PART).collect();
    let more: Vec<Vec<Cell>> = rows.by_ref().take(TABLE_PART).collect();
    let write_err = |e| Error::io("writing output", e);
    let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if more.is_empty() {
        let t = table_part(Some(header), first, |t| {
            for (i, h) in header.iter().enumerate() {
                if let (true, Some(col)) = (h.starts_with('='), t.column_mut(i)) {
                    col.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        });
        return writeln!(w, "{t}").and_then(|()| w.flush()).map_err(write_err);
    }
    // The first part sets the widths; an id column is as wide as its widest id.
    let text = table_part(Some(header), first, |t| {
        for (i, h) in header.iter().enumerate() {
            if let (true, Some(col)) = (h.starts_with('='), t.column_mut(i)) {
                col.set_constraint(match widest.get(i) {
                    Some(&n) => ColumnConstraint::Absolute(Width::Fixed(
                        n.saturating_add(2).min(u16::MAX as usize) as u16,
                    )),
                    None => ColumnConstraint::ContentWidth,
                });
            }
        }
    })
    .to_string();
    // The widths (padding included) as the top border draws them: ┌───┬────┐.
    let widths: Vec<u16> = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('┌')
        .trim_end_matches('┐')
        .split('┬')
        .map(|seg| seg.chars().count() as u16)
        .collect();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop(); // the bottom border: the table goes on
    for line in lines {
        writeln!(w, "{line}").map_err(write_err)?;
    }
    // The rest, row by row, in the frame and widths of the first part: each cell's lines
    // wrapped at spaces to its column (a word longer than that is broken), left aligned.
    let alert = |text: &str| {
        if console::colors_enabled() {
            console::style(text).red().bold().force_styling(true).to_string()
        } else {
            text.to_owned()
        }
    };
    for row in more.into_iter().chain(rows) {
        let cols: Vec<Vec<String>> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| {
                let room = usize::from(w.saturating_sub(2)).max(1);
                let safe = Safe(&cell.text).to_string();
                safe.split('\n')
                    .flat_map(|line| {
                        textwrap::wrap(line, textwrap::Options::new(room).break_words(true))
                            .into_iter()
                            .map(|l| l.into_owned())
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .collect();
        let height = cols.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for i in 0..height {
            let mut line = String::from("│");
            for (c, (lines, w)) in cols.iter().zip(&widths).enumerate() {
                let text = lines.get(i).map_or("", String::as_str);
                let pad = usize::from(w.saturating_sub(2)).saturating_sub(width(text));
                let text = if row[c].alert && !text.is_empty() { alert(text) } else { text.to_owned() };
                line.push(' ');
                line.push_str(&text);
                line.push_str(&" ".repeat(pad + 1));
                line.push(if c + 1 == widths.len() { '│' } else { '┆' });
            }
            writeln!(w, "{line}").map_err(write_err)?;
        }
    }
    let bottom: Vec<String> = widths.iter().map(|n| "─".repeat(usize::from(*n))).collect();
    writeln!(w, "└{}┘", bottom.join("┴")).and_then(|()| w.flush()).map_err(write_err)
}

/// One laid-out part of a [`table`]: the header (the first part only) and these rows.
fn table_part(
    header: Option<&[&str]>,
    rows: Vec<Vec<Cell>>,
    constrain: impl FnOnce(&mut comfy_table::Table),
) -> comfy_table::Table {
    use comfy_table::{Attribute, Color, ContentArrangement, Table, presets};
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if !std::io::stdout().is_terminal() {
        t.set_width(PIPE_WIDTH);
    }
    // comfy-table styles through crossterm, which also leaves styles out under NO_COLOR.
    if console::colors_enabled() {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    if let Some(header) = header {
        t.set_header(
            header
                .iter()
                .map(|h| comfy_table::Cell::new(h.trim_start_matches('=')).add_attribute(Attribute::Bold)),
        );
    }
    for row in rows {
        t.add_row(row.into_iter().map(|c| {
            let cell = comfy_table::Cell::new(Safe(&c.text));
            if c.alert { cell.fg(Color::Red).add_attribute(Attribute::Bold) } else { cell }
        }));
    }
    constrain(&mut t);
    t
}

/// One cell of a [`table`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Shown in red (where colour is on): overdue.
    pub alert: bool,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, alert: false }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell { text: text.to_owned(), alert: false }
    }
}

/// Wraps `text` at word boundaries to the terminal's width (for a terminal only: output to a
/// pipe or file is left on one line per paragraph, so scripts see stable text).
pub fn wrap(text: &str, indent: &str, term: &console::Term) -> String {
    let Some((_, cols)) = term.size_checked() else {
        return format!("{indent}{text}");
    };
    wrap_to(text, indent, usize::from(cols).clamp(40, 120))
}

/// A list item ("  - text") wrapped to the terminal like [`wrap`], its continuation lines
/// under its text rather than under the dash.
pub fn wrap_bullet(text: &str, term: &console::Term) -> String {
    let Some((_, cols)) = term.size_checked() else {
        return format!("  - {text}");
    };
    wrap_bullet_to(text, usize::from(cols).clamp(40, 120))
}

/// [`wrap_bullet`] to a given width.
pub fn wrap_bullet_to(text: &str, width: usize) -> String {
    wrap_hanging(text, "  - ", "    ", width)
}

/// Word wrap by display width (textwrap with unicode-width: a wide character takes two
/// columns, a combining mark none); continuation lines get the same indent as the first. Words
/// are never split, even one longer than the line, so a date ("2026", "GMT") or an id stays
/// whole. Line breaks in `text` are kept.
pub fn wrap_to(text: &str, indent: &str, width: usize) -> String {
    wrap_hanging(text, indent, indent, width)
}

/// [`wrap_to`] with one indent for the first line and another for the rest.
fn wrap_hanging(text: &str, first: &str, rest: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(first.len().max(rest.len()) + 1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let glued = glue_times(para.trim_end());
        let lines = textwrap::wrap(&glued, &options);
        if lines.is_empty() {
            out.push(first.trim_end().to_owned());
        }
        out.extend(lines.into_iter().map(|l| l.trim_end().replace(GLUE, " ")));
    }
    out.join("\n")
}

/// Holds the words of a time together while wrapping (a private-use character, one column
/// wide, that is no space textwrap breaks at); a space again once wrapped.
const GLUE: char = '\u{e000}';

/// A date, a time or a span as people read it ("Wed 2 Dec 2026 10:00 GMT", "10:00 tomorrow",
/// "24 hours", "1 working day") is kept on one line: the spaces inside it are glued.
fn glue_times(text: &str) -> String {
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const AFTER_TIME: [&str; 5] = ["GMT", "BST", "today", "tomorrow", "yesterday"];
    const UNITS: [&str; 13] = [
        "minute", "minutes", "hour", "hours", "day", "days", "working", "week", "weeks", "month", "months",
        "year", "years",
    ];
    let core = |w: &str| w.trim_start_matches('(').trim_end_matches([',', ')', '.', ';']).to_owned();
    let digits = |w: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
    };
    let clock = |w: &str| w.split_once(':').is_some_and(|(h, m)| digits(h, 1..=2) && digits(m, 2..=2));
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    for (i, w) in words.iter().enumerate() {
        out.push_str(w);
        let Some(next) = words.get(i + 1) else { break };
        // Only words that run on: none after a full stop, a semicolon or a bracket closed.
        let runs_on = !w.ends_with(['.', ';', ')']);
        let (a, b) = (core(w), core(next));
        let glued = runs_on
            && ((WEEKDAYS.contains(&a.as_str()) && digits(&b, 1..=2))
                || (digits(&a, 1..=2) && MONTHS.contains(&b.as_str()))
                || (MONTHS.contains(&a.as_str()) && (digits(&b, 4..=4) || clock(&b)))
                || (digits(&a, 4..=4) && clock(&b))
                || (clock(&a) && AFTER_TIME.contains(&b.as_str()))
                || (digits(&a, 1..=4) && UNITS.contains(&b.as_str()))
                || (a == "working" && (b == "day" || b == "days")));
        out.push(if glued { GLUE } else { ' ' });
    }
    out
}

/// A choice's label (or a question) on a terminal of `cols` columns, after a prefix of
/// `prefix` columns on its first line ("❯ ", "> [x] "): wrapped by display width, the lines
/// after the first indented under the text. Each line stays within the terminal, so the list
/// is redrawn in place and a word (a date) is never split by the terminal.
pub fn wrap_item(text: &str, prefix: usize, cols: usize) -> String {
    let rest = " ".repeat(prefix);
    let w = wrap_hanging(text, &rest, &rest, cols.saturating_sub(1).max(prefix + 10));
    w.strip_prefix(rest.as_str()).unwrap_or(&w).to_owned()
}

/// The terminal's width for prompts on stderr, if it is a terminal (at most 120 columns).
pub fn prompt_cols() -> Option<usize> {
    console::Term::stderr().size_checked().map(|(_, c)| usize::from(c).clamp(40, 120))
}

/// The display width of `text` on a terminal (wide characters count two).
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazards_are_shown_visibly_and_nothing_else_is_touched() {
        assert_eq!(safe("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(safe("\x1b]0;title\x07"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(
            safe("\r\x08\x7f\u{9b}\u{202e}\u{2066}\u{200e}\u{200f}\u{61c}"),
            "\\u{d}\\u{8}\\u{7f}\\u{9b}\\u{202e}\\u{2066}\\u{200e}\\u{200f}\\u{61c}"
        );
        // Newline and tab, any script, and backslashes pass as they are.
        let plain = "Zoë — 日本語 مرحبا\tcolumn\nnext line, C:\\dir, a typed \\u{1b}";
        assert_eq!(safe(plain), plain);
        // Made safe twice is made safe once, so layers may each apply it.
        assert_eq!(safe(&safe("x\x1by")), safe("x\x1by"));
        // Through Display of any value, across separate writes.
        assert_eq!(Safe(format_args!("{}{}", "\x1b", "[K")).to_string(), "\\u{1b}[K");
        for c in [
            '\0', '\x08', '\x0b', '\x0c', '\r', '\x1b', '\x1f', '\x7f', '\u{80}', '\u{9f}', '\u{202a}',
            '\u{2069}',
        ] {
            assert!(is_hazard(c), "{c:?}");
        }
        for c in ['\n', '\t', ' ', '~', '\u{a0}', '\u{2029}', '\u{2070}', '\u{200d}', 'é'] {
            assert!(!is_hazard(c), "{c:?}");
        }
    }

    #[test]
    fn json_is_exact_and_its_bytes_carry_no_raw_control() {
        let text = "a\x1b[2J\r\u{9b}b\u{202e}c\u{7f}d\u{2066}é\"\\";
        let raw = serde_json::value::RawValue::from_string(serde_json::json!({ "note": text }).to_string())
            .unwrap();
        let value = serde_json::json!({ "text": text, "body": raw });
        let mut buf = Vec::new();
        write_json(&mut buf, &value).unwrap();
        let out = String::from_utf8(buf).unwrap();
        assert!(!out.chars().any(is_hazard), "{out:?}");
        assert!(out.contains("\\u009b") && out.contains("\\u202e") && out.contains("\\u007f"), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["text"], text);
        assert_eq!(back["body"]["note"], text);
        assert!(out.ends_with("}\n") && out.matches('\n').count() == 1);
    }
    #[test]
    fn a_list_item_wraps_under_its_text() {
        let item = "Tell your line manager and start the alert form. If your line manager is not available, go straight to the designated person.";
        let w = wrap_bullet_to(item, 60);
        let lines: Vec<&str> = w.lines().collect();
        assert!(lines.len() > 1 && lines[0].starts_with("  - Tell"), "{w}");
        for l in &lines[1..] {
            assert!(l.starts_with("    ") && !l.starts_with("     "), "{w}");
        }
        assert!(lines.iter().all(|l| width(l) <= 60), "{w}");
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let w = wrap_to("one two three four five", "  ", 12);
        assert_eq!(w, "  one two\n  three four\n  five");
        assert!(w.lines().all(|l| l.len() <= 12));
    }

    #[test]
    fn wraps_by_display_width_and_never_splits_a_date() {
        // Each CJK character takes two columns: ten of them fill a 20-column line.
        let cjk = "日本語の文字 日本語の文字 日本語の文字";
        let w = wrap_to(cjk, "", 14);
        assert!(w.lines().all(|l| width(l) <= 14), "{w}");
        assert_eq!(w.lines().count(), 3, "{w}");
        // Accented and combining letters take one column each, not their bytes.
        let w = wrap_to("Zoë Zoë Zoë Zoë", "", 8);
        assert_eq!(w, "Zoë Zoë\nZoë Zoë");
        // A date is never broken inside a word, at any width.
        let due = "due: Wed 2 Dec 2026 10:00 GMT (due in 24 hours)";
        for cols in 4..60 {
            let w = wrap_to(due, "  ", cols);
            let words: Vec<&str> = w.split_whitespace().collect();
            assert_eq!(words, due.split_whitespace().collect::<Vec<_>>(), "width {cols}: {w}");
        }
        // Line breaks in the text stay.
        assert_eq!(wrap_to("a b\nc", "- ", 40), "- a b\n- c");
    }

    #[test]
    fn a_time_as_people_read_it_stays_on_one_line() {
        let due = "who: the designated person   due: by 10:00 tomorrow (Tue 24 Nov 2026 10:00 GMT, due in 24 hours)";
        for cols in 32..100 {
            let w = wrap_to(due, "     ", cols);
            // The text is unchanged but for line breaks, and no line runs over (a time is
            // 27 columns with its bracket, the indent 5).
            assert_eq!(w.split_whitespace().collect::<Vec<_>>(), due.split_whitespace().collect::<Vec<_>>());
            assert!(w.lines().all(|l| width(l) <= cols), "width {cols}:\n{w}");
            for whole in ["10:00 tomorrow", "Tue 24 Nov 2026 10:00 GMT,", "24 hours)"] {
                assert!(w.lines().any(|l| l.contains(whole)), "width {cols}: {whole:?} split:\n{w}");
            }
        }
        assert_eq!(wrap_to("within 1 working day, or 5 days", "", 14), "within\n1 working day,\nor 5 days");
        // Words that only look like a time run on as usual; no glue is left in the text.
        let w = wrap_to("Room 12; hours. Mon. 3 things", "", 8);
        assert!(!w.contains(GLUE), "{w}");
        assert_eq!(w, "Room 12;\nhours.\nMon. 3\nthings");
        assert_eq!(wrap_to("in 12 hours. May 2026 ends", "", 8), "in\n12 hours.\nMay 2026\nends");
    }

    #[test]
    fn a_choice_wraps_under_its_text_within_the_terminal() {
        let label = "They can decide for themselves, and they agree to a referral on Wed 2 Dec 2026";
        let w = wrap_item(label, 2, 30);
        let lines: Vec<&str> = w.lines().collect();
        assert!(lines.len() > 1, "{w}");
        // The first line follows the prefix; the rest are indented under it.
        assert!(!lines[0].starts_with(' ') && width(lines[0]) + 2 < 30, "{w}");
        assert!(
            lines[1..].iter().all(|l| l.starts_with("  ") && !l.starts_with("   ") && width(l) < 30),
            "{w}"
        );
        assert!(lines.iter().any(|l| l.contains("Wed 2 Dec 2026")), "{w}");
        // Wide characters are measured by the columns they take.
        let w = wrap_item("日本語の文字 日本語の文字 日本語の文字", 6, 30);
        assert!(w.lines().enumerate().all(|(i, l)| width(l) + if i == 0 { 6 } else { 0 } < 30), "{w}");
        // A short label is as it was.
        assert_eq!(wrap_item("Yes", 2, 80), "Yes");
    }
}

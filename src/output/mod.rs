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

pub use crate::domain::hazard::is_hazard;

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
        crate::domain::hazard::write_visible(&mut self.0, s)
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

impl JsonArray {
    /// Pushes one object written field by field ([`JsonFields`]), for a list too long to pay
    /// serde's way per item; the bytes are the ones serde would write for the same fields.
    pub fn push_fields(
        &mut self,
        fields: impl FnOnce(
            &mut JsonFields<'_, std::io::BufWriter<std::io::StdoutLock<'static>>>,
        ) -> std::io::Result<()>,
    ) -> Result<()> {
        let write = |w: &mut std::io::BufWriter<_>, first: bool| -> std::io::Result<()> {
            if !first {
                w.write_all(b",")?;
            }
            let mut o = JsonFields::new(w);
            fields(&mut o)?;
            o.end()
        };
        write(&mut self.w, self.first).map_err(write_err)?;
        self.first = false;
        Ok(())
    }
}

/// A JSON object written one field at a time, as serde writes a struct ([`json`]'s bytes:
/// compact, and strings escaped by the same rules). Keys are this tool's own words, written as
/// given.
pub struct JsonFields<'w, W: Write> {
    w: &'w mut W,
    first: bool,
}

impl<'w, W: Write> JsonFields<'w, W> {
    pub fn new(w: &'w mut W) -> Self {
        JsonFields { w, first: true }
    }

    fn key(&mut self, key: &str) -> std::io::Result<()> {
        self.w.write_all(if self.first { b"{\"" } else { b",\"" })?;
        self.first = false;
        self.w.write_all(key.as_bytes())?;
        self.w.write_all(b"\":")
    }

    pub fn str(&mut self, key: &str, value: &str) -> std::io::Result<()> {
        self.key(key)?;
        write_json_str(self.w, value)
    }

    /// `null` for none.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> std::io::Result<()> {
        match value {
            Some(v) => self.str(key, v),
            None => self.key(key).and_then(|()| self.w.write_all(b"null")),
        }
    }

    /// An integer, in decimal digits (as serde writes it, without the formatting machinery).
    pub fn int(&mut self, key: &str, value: i64) -> std::io::Result<()> {
        self.key(key)?;
        let (mut buf, mut i, mut n) = ([0u8; 20], 20, value.unsigned_abs());
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if value < 0 {
            i -= 1;
            buf[i] = b'-';
        }
        self.w.write_all(&buf[i..])
    }

    pub fn end(self) -> std::io::Result<()> {
        self.w.write_all(if self.first { b"{}" } else { b"}" })
    }
}

/// A JSON string: text needing no escape at all (printable ASCII with no quote or backslash)
/// as it is, anything else through serde and [`SafeJson`].
fn write_json_str<W: ?Sized + Write>(w: &mut W, s: &str) -> std::io::Result<()> {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') {
        w.write_all(b"\"")?;
        w.write_all(s.as_bytes())?;
        return w.write_all(b"\"");
    }
    serde::Serialize::serialize(s, &mut serde_json::Serializer::with_formatter(w, SafeJson))
        .map_err(std::io::Error::from)
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
pub(crate) struct SafeJson;

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
    let mut t = TableStream::stdout(header, || Ok(widest.to_vec()));
    for row in rows {
        let texts: Vec<[&str; 1]> = row.iter().map(|c| [c.text.as_str()]).collect();
        let cells: Vec<CellRef<'_>> =
            row.iter().zip(&texts).map(|(c, text)| CellRef { lines: text, alert: c.alert }).collect();
        t.row(&cells)?;
    }
    t.finish()
}

/// One cell given to a [`TableStream`]: its lines (each may hold more, after a `\n`) and
/// whether it is shown in red.
#[derive(Clone, Copy, Debug)]
pub struct CellRef<'a> {
    pub lines: &'a [&'a str],
    pub alert: bool,
}

impl CellRef<'_> {
    fn owned(&self) -> Cell {
        Cell { text: self.lines.join("\n"), alert: self.alert }
    }
}

/// A [`table`] given a row at a time, written as it goes: up to [`TABLE_PART`] rows it is one
/// comfy-table; past that, the first part is laid out by comfy-table (its id columns as wide as
/// `widest` says the widest id of all the rows is, asked only then) and every later row is
/// written at once in that frame and those widths, so memory stays bounded however many rows.
pub struct TableStream<'h, W: Write, F> {
    header: &'h [&'h str],
    widest: Option<F>,
    buffered: Vec<Vec<Cell>>,
    /// The column widths (padding included), once the first part is written.
    widths: Vec<u16>,
    wrapped: Wrapped,
    w: W,
}

impl<'h, F: FnOnce() -> Result<Vec<usize>>>
    TableStream<'h, std::io::BufWriter<std::io::StdoutLock<'static>>, F>
{
    pub fn stdout(header: &'h [&'h str], widest: F) -> Self {
        TableStream::to(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()), header, widest)
    }
}

impl<'h, W: Write, F: FnOnce() -> Result<Vec<usize>>> TableStream<'h, W, F> {
    pub fn to(w: W, header: &'h [&'h str], widest: F) -> Self {
        TableStream {
            header,
            widest: Some(widest),
            buffered: Vec::new(),
            widths: Vec::new(),
            wrapped: Wrapped::default(),
            w,
        }
    }

    pub fn row(&mut self, cells: &[CellRef<'_>]) -> Result<()> {
        if self.widths.is_empty() {
            if self.buffered.len() < TABLE_PART {
                self.buffered.push(cells.iter().map(CellRef::owned).collect());
                return Ok(());
            }
            self.start()?;
        }
        write_row(&mut self.w, &self.widths, cells, &mut self.wrapped).map_err(write_err)
    }

    /// Lays out and writes the first part: the table is longer than one part.
    fn start(&mut self) -> Result<()> {
        let widest = self.widest.take().map_or_else(|| Ok(vec![]), |f| f())?;
        let text = table_part(self.header, std::mem::take(&mut self.buffered), &widest).to_string();
        // The widths (padding included) as the top border draws them: ┌───┬────┐.
        self.widths = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches('┌')
            .trim_end_matches('┐')
            .split('┬')
            .map(|seg| seg.chars().count().max(1) as u16)
            .collect();
        let mut lines: Vec<&str> = text.lines().collect();
        lines.pop(); // the bottom border: the table goes on
        lines.into_iter().try_for_each(|line| writeln!(self.w, "{line}")).map_err(write_err)
    }

    pub fn finish(mut self) -> Result<()> {
        if self.widths.is_empty() {
            let t = table_part(self.header, std::mem::take(&mut self.buffered), &[]);
            return writeln!(self.w, "{t}").and_then(|()| self.w.flush()).map_err(write_err);
        }
        let bottom: Vec<String> = self.widths.iter().map(|n| "─".repeat(usize::from(*n))).collect();
        writeln!(self.w, "└{}┘", bottom.join("┴")).and_then(|()| self.w.flush()).map_err(write_err)
    }
}

fn write_err(e: std::io::Error) -> Error {
    Error::io("writing output", e)
}

/// True for text a cell shows as it is, one column a byte: printable ASCII.
fn plain_ascii(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// A hasher for the kept lines' keys (FNV-1a): a few short lines of this tool's wording looked
/// up once a row, where SipHash's resistance to chosen keys buys nothing (at most
/// [`Wrapped::MOST`] are kept) and costs several times as much.
#[derive(Default)]
struct Fnv(Option<u64>);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0.unwrap_or(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.finish();
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = Some(h);
    }
}

/// Where one of a row's lines is found: in a cell's own text, or among lines wrapped for it.
/// Places rather than borrowed text, so the list is kept from row to row (no allocation a row).
#[derive(Clone, Copy, Debug)]
enum LineAt {
    /// `cells[cell].lines[part][start..end]`.
    Own { cell: usize, part: usize, start: usize, end: usize },
    /// Line `line` of the kept wrapping `entry`.
    Kept { entry: usize, line: usize },
    /// Line `line` of this row's wrapping `entry` that is not kept.
    Once { entry: usize, line: usize },
}

/// Lines that needed wrapping (or escaping), as wrapped, by column: a long screen repeats the
/// same few ("overdue by 3 working days", an owner's role), so each is wrapped once. Bounded:
/// past [`Wrapped::MOST`] lines the rest are wrapped each time. Also the row being written's
/// lists of lines, reused from row to row.
#[derive(Default)]
struct Wrapped {
    /// By column, each line wrapped so far: where in `kept` it is.
    columns: Vec<std::collections::HashMap<String, usize, std::hash::BuildHasherDefault<Fnv>>>,
    /// By column, the kept line found last and where it is: a long screen has the same owner,
    /// and the same wording for rows due close together, row after row (no hashing then).
    last: Vec<Option<(String, usize)>>,
    /// Each kept line, as wrapped.
    kept: Vec<Vec<String>>,
    /// This row's lines wrapped past the bound, not kept.
    once: Vec<Vec<String>>,
    /// This row's lines, cell after cell.
    lines: Vec<LineAt>,
    /// Where each cell's lines end in `lines`.
    ends: Vec<usize>,
}

impl Wrapped {
    const MOST: usize = 4096;

    fn wrap(line: &str, room: usize) -> Vec<String> {
        let safe = Safe(line).to_string();
        textwrap::wrap(&safe, textwrap::Options::new(room).break_words(true))
            .into_iter()
            .map(|l| l.into_owned())
            .collect()
    }

    /// The text of one of the row's lines.
    #[inline]
    fn line<'a>(&'a self, cells: &'a [CellRef<'a>], at: LineAt) -> &'a str {
        match at {
            LineAt::Own { cell, part, start, end } => &cells[cell].lines[part][start..end],
            LineAt::Kept { entry, line } => &self.kept[entry][line],
            LineAt::Once { entry, line } => &self.once[entry][line],
        }
    }
}

/// Keeps `line` (kept wrapping `entry`) as a column's last, in the buffer it had.
fn remember(last: &mut Option<(String, usize)>, line: &str, entry: usize) {
    match last {
        Some((l, e)) => {
            l.clear();
            l.push_str(line);
            *e = entry;
        }
        None => *last = Some((line.to_owned(), entry)),
    }
}

/// One row in the frame and widths of the table's first part: each cell's lines wrapped at
/// spaces to its column (a word longer than that is broken), left aligned, as comfy-table
/// lays them out. A line of plain ASCII that fits is written as it is, with nothing copied;
/// one that does not is wrapped once and kept (one look-up a row after that).
fn write_row<W: Write>(
    w: &mut W,
    widths: &[u16],
    cells: &[CellRef<'_>],
    wrapped: &mut Wrapped,
) -> std::io::Result<()> {
    let room = |width: u16| usize::from(width.saturating_sub(2)).max(1);
    if wrapped.columns.len() < widths.len() {
        wrapped.columns.resize_with(widths.len(), Default::default);
        wrapped.last.resize_with(widths.len(), Default::default);
    }
    let Wrapped { columns, last, kept, once, lines, ends } = &mut *wrapped;
    once.clear();
    lines.clear();
    ends.clear();
    // First each cell's lines are found (wrapped, and kept while there is room to keep them)...
    for (c, (cell, &width)) in cells.iter().zip(widths).enumerate() {
        let room = room(width);
        for (part, text) in cell.lines.iter().enumerate() {
            let mut start = 0;
            for line in text.split('\n') {
                let end = start + line.len();
                if plain_ascii(line) && line.len() <= room {
                    lines.push(LineAt::Own { cell: c, part, start, end });
                } else if let Some((_, entry)) = last[c].as_ref().filter(|(l, _)| l == line) {
                    let entry = *entry;
                    lines.extend((0..kept[entry].len()).map(|line| LineAt::Kept { entry, line }));
                } else if let Some(&entry) = columns[c].get(line) {
                    lines.extend((0..kept[entry].len()).map(|line| LineAt::Kept { entry, line }));
                    remember(&mut last[c], line, entry);
                } else {
                    let made = Wrapped::wrap(line, room);
                    let n = made.len();
                    if kept.len() < Wrapped::MOST {
                        let entry = kept.len();
                        kept.push(made);
                        columns[c].insert(line.to_owned(), entry);
                        lines.extend((0..n).map(|line| LineAt::Kept { entry, line }));
                        remember(&mut last[c], line, entry);
                    } else {
                        let entry = once.len();
                        once.push(made);
                        lines.extend((0..n).map(|line| LineAt::Once { entry, line }));
                    }
                }
                start = end + 1;
            }
        }
        ends.push(lines.len());
    }
    // ...then the row is written, a line across all its cells at a time.
    let wrapped = &*wrapped;
    let (lines, ends) = (&wrapped.lines, &wrapped.ends);
    let height = ends
        .iter()
        .enumerate()
        .map(|(c, &end)| end - if c == 0 { 0 } else { ends[c - 1] })
        .max()
        .unwrap_or(1)
        .max(1);
    let styled = console::colors_enabled();
    if widths.is_empty() {
        // No columns (a laid-out part always has one): the left border alone.
        return (0..height).try_for_each(|_| w.write_all("│\n".as_bytes()));
    }
    for i in 0..height {
        w.write_all("│ ".as_bytes())?;
        for (c, width) in widths.iter().enumerate() {
            let start = if c == 0 { 0 } else { ends.get(c - 1).copied().unwrap_or(lines.len()) };
            let end = ends.get(c).copied().unwrap_or(start);
            let text = if start + i < end { wrapped.line(cells, lines[start + i]) } else { "" };
            let pad = usize::from(width.saturating_sub(2)).saturating_sub(width_of(text));
            if styled && !text.is_empty() && cells.get(c).is_some_and(|cell| cell.alert) {
                write!(w, "{}", console::style(text).red().bold().force_styling(true))?;
            } else {
                w.write_all(text.as_bytes())?;
            }
            spaces(w, pad + 1)?;
            // The next cell's leading space goes with the border before it.
            w.write_all(if c + 1 == widths.len() { "│\n" } else { "┆ " }.as_bytes())?;
        }
    }
    Ok(())
}

/// The display width of a cell's line ([`width`]), at a byte a column for plain ASCII.
fn width_of(text: &str) -> usize {
    if text.is_ascii() { text.len() } else { width(text) }
}

fn spaces<W: Write>(w: &mut W, mut n: usize) -> std::io::Result<()> {
    // A reference, so the spaces are one static array rather than made again each call.
    const SPACES: &[u8; 64] = &[b' '; 64];
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

/// One laid-out part of a [`table`]: the header and these rows. A column of ids (`=`) is as
/// wide as `id_widths[i]` says its widest id is, where given, else as its content.
fn table_part(header: &[&str], rows: Vec<Vec<Cell>>, id_widths: &[usize]) -> comfy_table::Table {
    use comfy_table::{Attribute, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    // The terminal's width is given, not left to comfy-table: with colour off (NO_COLOR) it is
    // told there is no terminal, and would then not fit the table to one at all.
    // (A terminal that does not say its size is taken as 80 columns, as console does.)
    t.set_width(if std::io::stdout().is_terminal() { console::Term::stdout().size().1 } else { PIPE_WIDTH });
    // comfy-table styles through crossterm, which also leaves styles out under NO_COLOR.
    if console::colors_enabled() {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(
        header
            .iter()
            .map(|h| comfy_table::Cell::new(h.trim_start_matches('=')).add_attribute(Attribute::Bold)),
    );
    for row in rows {
        t.add_row(row.into_iter().map(|c| {
            let cell = comfy_table::Cell::new(Safe(&c.text));
            if c.alert { cell.fg(Color::Red).add_attribute(Attribute::Bold) } else { cell }
        }));
    }
    for (i, h) in header.iter().enumerate() {
        if let (true, Some(col)) = (h.starts_with('='), t.column_mut(i)) {
            col.set_constraint(match id_widths.get(i) {
                Some(&n) => ColumnConstraint::Absolute(Width::Fixed(
                    n.saturating_add(2).min(u16::MAX as usize) as u16,
                )),
                None => ColumnConstraint::ContentWidth,
            });
        }
    }
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
        // Not after a hyphen either: an id ("D-b356a961", "SG-2026-12") or a duty's kind
        // stays whole, as the words of a date do.
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
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

    /// A table longer than one part, whose later rows need no more room than the first part's:
    /// written a row at a time it is the very text comfy-table gives for all its rows at once,
    /// wrapping, wide characters, escaped controls and empty cells included.
    #[test]
    fn a_long_table_written_a_row_at_a_time_is_the_one_comfy_table_would_draw() {
        let patterns: [[&str; 4]; 9] = [
            ["SG-2026-1", "short", "one\ntwo lines", "due"],
            [
                "SG-2026-22",
                "a long piece of text that has to wrap inside its column because it is long",
                "x",
                "",
            ],
            ["SG-2026-333", "日本語のテキストと wide characters", "Zoë", "overdue by 3 working days"],
            ["SG-2026-4444", "a control \u{1b}[2J and a bidi \u{202e} mark", "", "Fri 4 Jun 2021 20:41"],
            [
                "SG-2026-5",
                "averyveryveryverylongwordwithoutanyspacesatallthatmustbebrokensomewhere",
                "b",
                "c",
            ],
            ["SG-2026-66", "", "", ""],
            ["SG-2026-7", "trailing space ", " leading", "tab\there"],
            ["SG-2026-88888", "emoji 🙂 in text", "two  spaces", "x"],
            ["SG-2026-9", "plain", "the designated person\nfor safeguarding (DP)", "due in 5 hours"],
        ];
        let header = ["=", "=Concern", "Text", "Who", "Due"];
        let rows: Vec<Vec<Cell>> = (0..TABLE_PART * 2 + 37)
            .map(|i| {
                let p = &patterns[i % patterns.len()];
                let alert = i % 3 == 0;
                let mut row = vec![Cell { text: if alert { "OVERDUE".into() } else { "due".into() }, alert }];
                row.extend(p.iter().map(|t| Cell::from(*t)));
                row
            })
            .collect();
        let widest = rows.iter().map(|r| width(&r[1].text)).max().unwrap();
        let whole = table_part(&header, rows.clone(), &[]);
        let mut streamed = Vec::new();
        let mut asked = 0;
        let mut t = TableStream::to(&mut streamed, &header, || {
            asked += 1;
            Ok(vec!["OVERDUE".len(), widest])
        });
        for row in &rows {
            let lines: Vec<[&str; 1]> = row.iter().map(|c| [c.text.as_str()]).collect();
            let cells: Vec<CellRef<'_>> =
                row.iter().zip(&lines).map(|(c, l)| CellRef { lines: l, alert: c.alert }).collect();
            t.row(&cells).unwrap();
        }
        t.finish().unwrap();
        assert_eq!(asked, 1, "the widest id is asked for once, when the first part is laid out");
        let streamed = String::from_utf8(streamed).unwrap();
        assert_eq!(streamed, format!("{whole}\n"));
        assert!(streamed.lines().count() > TABLE_PART * 2, "{} lines", streamed.lines().count());
    }

    /// Past the bound on lines kept wrapped ([`Wrapped::MOST`]), a row's lines that need
    /// wrapping are wrapped for it alone, and the table is still comfy-table's own: rows with a
    /// line of their own too long for its column, among lines repeated (kept) and lines that fit.
    #[test]
    fn lines_wrapped_past_the_bound_on_those_kept_are_wrapped_row_by_row() {
        let header = ["=", "=Concern", "Text", "Due"];
        let n = TABLE_PART + Wrapped::MOST + 300;
        let rows: Vec<Vec<Cell>> = (0..n)
            .map(|i| {
                let due = ["overdue by 3 working days", "due in 5 hours", "Fri 4 Jun 2021 20:41"][i % 3];
                vec![
                    Cell { text: "OVERDUE".into(), alert: i % 2 == 0 },
                    Cell::from(format!("SG-2026-{i:05}")),
                    Cell::from(format!(
                        "line {i:05} of a text long enough that it has to wrap inside its column, twice over\nzoë {i:05}"
                    )),
                    Cell::from(format!("{due}\n{}", ["a", "b c d e f g h i j k l m n o p q r s t u v w x y z"][i % 2])),
                ]
            })
            .collect();
        let whole = table_part(&header, rows.clone(), &[]);
        let mut streamed = Vec::new();
        let mut t =
            TableStream::to(&mut streamed, &header, || Ok(vec!["OVERDUE".len(), "SG-2026-00000".len()]));
        for row in &rows {
            let lines: Vec<[&str; 1]> = row.iter().map(|c| [c.text.as_str()]).collect();
            let cells: Vec<CellRef<'_>> =
                row.iter().zip(&lines).map(|(c, l)| CellRef { lines: l, alert: c.alert }).collect();
            t.row(&cells).unwrap();
        }
        assert_eq!(t.wrapped.kept.len(), Wrapped::MOST, "kept up to the bound, and no more");
        t.finish().unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), format!("{whole}\n"));
    }

    /// An integer field is serde's digits, the extremes and zero included.
    #[test]
    fn an_integer_field_is_the_digits_serde_writes() {
        for n in [0, 1, -1, 9, 10, -10, 1234, -1234 * 7, i64::MAX, i64::MIN, i64::MIN + 1] {
            let mut ours = Vec::new();
            let mut o = JsonFields::new(&mut ours);
            o.int("n", n).unwrap();
            o.end().unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::json!({ "n": n }).to_string());
        }
    }

    /// Up to one part, the table is comfy-table's own, and the widest id is never asked for.
    #[test]
    fn a_short_table_is_laid_out_whole_without_asking_for_the_widest_id() {
        let header = ["=Id", "Text"];
        let mut out = Vec::new();
        let mut t = TableStream::to(&mut out, &header, || -> Result<Vec<usize>> { panic!("not needed") });
        for i in 0..TABLE_PART {
            let id = format!("SG-{i}");
            t.row(&[
                CellRef { lines: &[id.as_str()], alert: false },
                CellRef { lines: &["a", "b"], alert: false },
            ])
            .unwrap();
        }
        t.finish().unwrap();
        let rows: Vec<Vec<Cell>> =
            (0..TABLE_PART).map(|i| vec![Cell::from(format!("SG-{i}")), Cell::from("a\nb")]).collect();
        let whole = table_part(&header, rows, &[]);
        assert_eq!(String::from_utf8(out).unwrap(), format!("{whole}\n"));
    }

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

    /// An id is one word, its hyphens included: "kept in draft D-" and "b356a961" on the next
    /// line could not be read, or copied, as the draft's name.
    #[test]
    fn an_id_is_never_split_at_its_hyphens() {
        let text = "interrupted; your answers are kept in draft D-b356a961: continue";
        for cols in 20..70 {
            let w = wrap_to(text, "", cols);
            assert!(w.split_whitespace().any(|word| word == "D-b356a961:"), "width {cols}:\n{w}");
        }
        assert_eq!(wrap_to("see SG-2026-12 now", "", 8), "see\nSG-2026-12\nnow");
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

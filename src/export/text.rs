//! Markdown, HTML and CSV renderings.
//!
//! HTML is self-contained (inline CSS, no scripts, no external resources) and escapes every
//! piece of text. CSV cells that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, tab or carriage return) get a leading apostrophe.
//!
//! In all three, a control or bidi character that people typed (an escape sequence in a
//! description, say) is written visibly, as `\u{1b}`, as on the terminal: a form read with `cat`
//! or `less -R`, or a CSV opened in a terminal, cannot retitle the window, clear the screen or
//! reorder the text, and the HTML holds no control character (a parse error in HTML). The JSON
//! export keeps the text exact, with such characters as JSON `\u` escapes.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::forms::Doc;
use crate::domain::clock::rfc3339;
use crate::domain::hazard::{is_hazard, visible};
use crate::domain::record::{ConcernRecord, DutyState, words};

pub const MARKING: &str = "OFFICIAL-SENSITIVE";

/// Markdown, with the marking and concern id at the top and bottom.
pub fn markdown(doc: &Doc) -> String {
    let mut out = format!("**{MARKING}** | {}\n\n# {}\n\n", doc.concern, md_escape(&doc.title));
    for sec in &doc.sections {
        let _ = write!(out, "## {}\n\n| Field | Entry |\n|---|---|\n", md_escape(&sec.heading));
        for r in &sec.rows {
            let _ = writeln!(out, "| {} | {} |", md_cell(&r.label), md_cell(&r.value));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "**{MARKING}** | {}", doc.concern);
    out
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hazard(c) {
            let _ = write!(out, "{}", c.escape_unicode());
            continue;
        }
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_cell(s: &str) -> String {
    md_escape(s).replace('\n', "<br>")
}

/// HTML text escaping.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_hazard(c) => {
                let _ = write!(out, "{}", c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// A printable, self-contained HTML page.
pub fn html(doc: &Doc) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>{id} {title}</title><style>\
body{{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11pt;margin:2cm;color:#000}}\
.marking{{font-weight:bold;text-align:center;letter-spacing:.1em}}\
header,footer{{display:flex;justify-content:space-between;font-size:9pt;border-bottom:1px solid #000;padding:2pt 0}}\
footer{{border-top:1px solid #000;border-bottom:0;margin-top:1em}}\
h1{{font-size:16pt}}h2{{font-size:12pt;margin-top:1.2em}}\
table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #777;padding:4pt;vertical-align:top;text-align:left}}\
th{{width:35%;background:#f2f2f2}}td{{white-space:pre-wrap}}\
@media print{{header,footer{{position:running}}}}</style></head><body>\n\
<header><span>{title}</span><span class=\"marking\">{MARKING}</span><span>{id}</span></header>\n<h1>{title}</h1>\n",
        id = esc(&doc.concern),
        title = esc(&doc.title),
    );
    for sec in &doc.sections {
        let _ = writeln!(out, "<h2>{}</h2>\n<table>", esc(&sec.heading));
        for r in &sec.rows {
            let _ =
                writeln!(out, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(&r.label), esc(&r.value));
        }
        out.push_str("</table>\n");
    }
    let _ = write!(
        out,
        "<footer><span class=\"marking\">{MARKING}</span><span>{}</span></footer>\n</body></html>\n",
        esc(&doc.concern)
    );
    out
}

/// One CSV cell, quoted when needed and neutralised against formula injection.
pub fn csv_cell(s: &str) -> String {
    let mut v = visible(s);
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        v.insert(0, '\'');
    }
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// The CSV header; one row per concern follows.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "about",
    "status",
    "raised_at",
    "recommendation",
    "outcome",
    "anonymous",
    "initials",
    "age",
    "primary_category",
    "open_duties",
    "overdue_duties",
    "policy_version",
];

/// One CSV row for a concern record, its duties counted as they stand at `now`.
pub fn csv_row(r: &ConcernRecord, now: DateTime<Utc>) -> String {
    let c = &r.concern;
    let count = |s: DutyState| r.duties.iter().filter(|d| d.state_at(now) == s).count().to_string();
    let cells = [
        c.id.clone(),
        c.about.clone(),
        c.status.to_string(),
        rfc3339(c.raised_at),
        c.recommendation.clone(),
        c.outcome.clone().unwrap_or_default(),
        c.anonymous.to_string(),
        words(&c.subject.initials),
        words(&c.subject.age),
        words(&c.subject.primary_category),
        count(DutyState::Open),
        count(DutyState::Overdue),
        c.policy.version.clone(),
    ];
    cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }

    #[test]
    fn html_escapes_everything() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}

//! Human output: the only place that decides colour. Data goes to stdout, messages to stderr.

use std::io::{IsTerminal, Write};

use crate::error::Error;

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Decides colour once: `always`/`never` win; `auto` means a terminal, NO_COLOR unset or
/// empty, and TERM not `dumb`.
pub fn init_color(choice: ColorChoice) {
    let env_allows = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
    let (out, err) = match choice {
        ColorChoice::Always => (true, true),
        ColorChoice::Never => (false, false),
        ColorChoice::Auto => {
            (env_allows && std::io::stdout().is_terminal(), env_allows && std::io::stderr().is_terminal())
        }
    };
    console::set_colors_enabled(out);
    console::set_colors_enabled_stderr(err);
}

/// A progress or confirmation message, on stderr.
pub fn status(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Prints an error and its hint to stderr.
pub fn print_error(e: &Error) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{} {e}", console::style("error:").red().bold().for_stderr());
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        // thiserror's Io/Sql variants already show their source inline.
        if !e.to_string().contains(&s.to_string()) {
            let _ = writeln!(err, "  caused by: {s}");
        }
        source = s.source();
    }
    if let Some(h) = e.hint() {
        let _ = writeln!(err, "{} {h}", console::style("hint:").cyan().for_stderr());
    }
}
pub mod when;

/// Wraps `text` at word boundaries to the terminal's width (for a terminal only: output to a
/// pipe or file is left on one line per paragraph, so scripts see stable text).
pub fn wrap(text: &str, indent: &str, term: &console::Term) -> String {
    let Some((_, cols)) = term.size_checked() else {
        return format!("{indent}{text}");
    };
    wrap_to(text, indent, usize::from(cols).clamp(40, 120))
}

/// Greedy word wrap; continuation lines get the same indent as the first.
pub fn wrap_to(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn wraps_at_word_boundaries() {
        let w = super::wrap_to("one two three four five", "  ", 12);
        assert_eq!(w, "  one two\n  three four\n  five");
        assert!(w.lines().all(|l| l.len() <= 12));
    }
}

//! Characters that must never reach a reader's terminal as themselves, and text with them made
//! visible: the one rule the terminal output (`output`) and the text exports (`export`) share.

/// True for a character that must never reach a terminal as itself: C0 controls other than
/// newline and tab (CR, BS and ESC among them), DEL, C1 controls (U+0080–U+009F, which some
/// terminals obey as CSI, OSC...), and the bidirectional controls that reorder what is shown
/// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
pub fn is_hazard(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_hazard`] character written visibly, as `\u{1b}`.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = write_visible(&mut out, text);
    out
}

/// Writes `s` to `w` with every [`is_hazard`] character written visibly, as `\u{1b}`: the
/// one loop behind [`visible`] and the terminal's `output::Safe`.
pub fn write_visible<W: std::fmt::Write + ?Sized>(w: &mut W, s: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, c) in s.char_indices().filter(|&(_, c)| is_hazard(c)) {
        w.write_str(&s[start..i])?;
        write!(w, "{}", c.escape_unicode())?;
        start = i + c.len_utf8();
    }
    w.write_str(&s[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_made_visible_and_newlines_tabs_and_text_kept() {
        assert_eq!(visible("a\u{1b}[2Jb\tc\nd\u{202e}e\u{7}"), "a\\u{1b}[2Jb\tc\nd\\u{202e}e\\u{7}");
        assert_eq!(visible("Zoë, 9"), "Zoë, 9");
    }
}

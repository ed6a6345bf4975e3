//! Plain words for the people who raise concerns: a policy's text carries its references to
//! the seeds ("(003 §6.19, §6.26)", "(004 Part 1 ¶3)", "(DL-06, DL-09)") for the designated
//! person and for `policy show`; staff-facing output (`raise`'s questions, help lines and
//! receipt) shows the same text without them. `show`, `policy show` and `raise --explain`
//! keep them.

/// True when a bracketed aside is a reference, not words for people: a paragraph or section
/// sign, a deadline number (`DL-06`), a seed number or the word "seed".
fn is_reference(inner: &str) -> bool {
    let lower = inner.to_lowercase();
    inner.contains('§')
        || inner.contains('¶')
        || inner.contains("DL-")
        || lower.contains("seed")
        || lower
            .split(|c: char| !c.is_ascii_digit())
            .any(|w| matches!(w, "000" | "001" | "002" | "003" | "004"))
}

/// `text` without its bracketed references (round or square brackets), and without the space
/// before each; anything else in brackets stays. Unbalanced brackets are left as they are.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[']) {
        let close_ch = if rest.as_bytes()[open] == b'(' { ')' } else { ']' };
        let Some(len) = rest[open + 1..].find(close_ch) else { break };
        let inner = &rest[open + 1..open + 1 + len];
        let before = &rest[..open];
        if is_reference(inner) {
            out.push_str(before.trim_end_matches(' '));
        } else {
            out.push_str(&rest[..open + 1 + len + 1]);
        }
        rest = &rest[open + 1 + len + 1..];
    }
    out.push_str(rest);
    out
}

/// True when `text` still reads as internal: a reference, or a bracketed id such as
/// `[sarf-to-dp]`. What the tests hold staff-facing output to.
pub fn has_internal(text: &str) -> Option<String> {
    for needle in ["§", "¶", "DL-", "seed", "Seed"] {
        if text.contains(needle) {
            return Some(needle.to_owned());
        }
    }
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open + 1..].find(']') else { break };
        let inner = &rest[open + 1..open + 1 + len];
        if !inner.is_empty()
            && inner.contains('-')
            && inner.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Some(format!("[{inner}]"));
        }
        rest = &rest[open + 1 + len + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_go_and_words_stay() {
        assert_eq!(
            plain("Tell your line manager now (003 §6.19, §6.26, §6.47)."),
            "Tell your line manager now."
        );
        assert_eq!(plain("Do not use the CCRF (004 Part 1 ¶3) for it."), "Do not use the CCRF for it.");
        assert_eq!(plain("within 1 working day [003 §6.26 (DL-06)]"), "within 1 working day");
        assert_eq!(plain("Code RED (seed 000)"), "Code RED");
        assert_eq!(plain("Skip (I don't know)"), "Skip (I don't know)");
        assert_eq!(plain("a (b) c (d"), "a (b) c (d");
        assert_eq!(plain("no brackets"), "no brackets");
        assert_eq!(plain("aged 18 to 25 (care leaver)"), "aged 18 to 25 (care leaver)");
    }

    #[test]
    fn internal_words_are_found() {
        assert_eq!(has_internal("1. Send the form  [sarf-to-dp]").as_deref(), Some("[sarf-to-dp]"));
        assert_eq!(has_internal("the seeds differ").as_deref(), Some("seed"));
        assert_eq!(has_internal("(003 §9.9)").as_deref(), Some("§"));
        assert_eq!(has_internal("(DL-06, DL-09)").as_deref(), Some("DL-"));
        assert_eq!(has_internal("[fact]"), None);
        assert_eq!(has_internal("Tell the designated person now."), None);
    }
}

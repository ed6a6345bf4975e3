//! Withholding names from an export (an FGM victim's name, 003 §17.12; the third parties of a
//! subject access copy, 003 §6.45, §7.16): the name as recorded, and also each of its words
//! wherever it stands on its own (a first name alone in free text), in any case, with a
//! possessive ("Sam's"), and in a spelling one letter away ("Jayne" for "Jane", "Smyth" for
//! "Smith") when it is written as a name (a capital first).
//!
//! One pass over the text, so the words put in place of a name are never matched again.

/// Words that open a name's parts in free text but are no one's name ("Mum", "Her partner").
const NOT_NAMES: &[&str] = &[
    "the",
    "and",
    "her",
    "his",
    "she",
    "he",
    "they",
    "their",
    "mum",
    "mother",
    "dad",
    "father",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "also",
    "known",
    "aka",
    "or",
    "of",
    "partner",
    "brother",
    "sister",
    "uncle",
    "aunt",
    "nan",
    "gran",
    "grandad",
    "grandma",
    "step",
    "stepfather",
    "stepmother",
    "friend",
    "boyfriend",
    "girlfriend",
    "neighbour",
    "carer",
    "a",
    "an",
    "with",
    "is",
    "to",
    "at",
    "in",
    "on",
    "by",
    "for",
    "not",
    "who",
    "lives",
];

/// What to withhold and the words printed in its place.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Whole texts (a name as recorded, an answer), longest first.
    whole: Vec<(Vec<char>, String)>,
    /// Single name words, each with its replacement.
    words: Vec<(String, String)>,
    /// Name words never withheld on their own: the data subject's own (her surname is not
    /// withheld because a relative involved shares it).
    keep: Vec<String>,
}

/// Is `c` part of a word (a name's letters, digits, and the hyphen inside "Smith-Jones")?
fn wordish(c: char) -> bool {
    c.is_alphanumeric()
}

/// The name words of a text: its words of two letters or more, less the words that are
/// nobody's name.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !wordish(c))
        .filter(|w| w.chars().count() >= 2)
        .filter(|w| !NOT_NAMES.contains(&w.to_lowercase().as_str()))
        .map(|w| w.to_lowercase())
        .collect()
}

/// One letter added, dropped or changed.
fn one_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long.iter()).filter(|(x, y)| x != y).count() == 1,
        1 => (0..long.len())
            .any(|skip| long.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, c)| c).eq(short.iter())),
        _ => false,
    }
}

impl Redactor {
    /// Withholds `text` wherever it appears whole, and each of its name words, putting `with`
    /// in their place.
    pub fn withhold(&mut self, text: &str, with: &str) {
        let text = text.trim();
        if text.chars().count() < 2 {
            return;
        }
        self.whole.push((text.to_lowercase().chars().collect(), with.to_owned()));
        self.whole.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        for w in name_words(text) {
            if !self.words.iter().any(|(x, _)| *x == w) {
                self.words.push((w, with.to_owned()));
            }
        }
    }

    /// Keeps the name words of `text` (the subject's own name in her subject access copy)
    /// wherever they stand alone; a withheld text that holds them is still withheld whole.
    pub fn keep(&mut self, text: &str) {
        self.keep.extend(name_words(text));
    }

    pub fn is_empty(&self) -> bool {
        self.whole.is_empty()
    }

    /// The replacement for the word `w` (as written), if it is a withheld name word: the same
    /// word in any case, or, written with a capital, one letter away from a name word of four
    /// letters or more.
    fn word(&self, w: &str) -> Option<&str> {
        let lower = w.to_lowercase();
        if self.keep.contains(&lower) {
            return None;
        }
        if let Some((_, with)) = self.words.iter().find(|(x, _)| *x == lower) {
            return Some(with);
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if !capital || lower.chars().count() < 4 {
            return None;
        }
        self.words
            .iter()
            .find(|(x, _)| x.chars().count() >= 4 && one_apart(x, &lower))
            .map(|(_, with)| with.as_str())
    }

    /// The text with everything withheld replaced.
    pub fn text(&self, t: &str) -> String {
        let chars: Vec<char> = t.chars().collect();
        let lower: Vec<char> = t.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect();
        let mut out = String::with_capacity(t.len());
        let mut i = 0;
        let boundary_before = |i: usize| i == 0 || !wordish(chars[i - 1]);
        while i < chars.len() {
            if boundary_before(i) {
                // A whole text, from a word boundary to a word boundary.
                let whole = self.whole.iter().find(|(w, _)| {
                    lower.len() >= i + w.len()
                        && lower[i..i + w.len()] == w[..]
                        && (i + w.len() == chars.len() || !wordish(chars[i + w.len()]))
                });
                if let Some((w, with)) = whole {
                    out.push_str(with);
                    i += w.len();
                    continue;
                }
                if wordish(chars[i]) {
                    let end = (i..chars.len()).find(|&j| !wordish(chars[j])).unwrap_or(chars.len());
                    let word: String = chars[i..end].iter().collect();
                    match self.word(&word) {
                        Some(with) => out.push_str(with),
                        None => out.push_str(&word),
                    }
                    i = end;
                    continue;
                }
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }

    /// Every string in a JSON value (not its keys) with everything withheld replaced.
    pub fn json(&self, v: &mut serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::String(s) => *s = self.text(s),
            Value::Array(a) => a.iter_mut().for_each(|x| self.json(x)),
            Value::Object(o) => o.values_mut().for_each(|x| self.json(x)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Redactor {
        let mut r = Redactor::default();
        r.withhold("Jane Smith (also Jayne)", "[name withheld]");
        r.withhold("Sam Jones", "[reporter withheld]");
        r
    }

    #[test]
    fn a_name_is_withheld_whole_in_part_in_any_case_and_as_a_possessive() {
        let r = r();
        assert_eq!(r.text("Jane Smith (also Jayne) said"), "[name withheld] said");
        assert_eq!(
            r.text("JANE told SAM; jane's coat"),
            "[name withheld] told [reporter withheld]; [name withheld]'s coat"
        );
        assert_eq!(r.text("Sam Jones's note"), "[reporter withheld]'s note");
        assert_eq!(r.text("Ms Smith’s bag"), "Ms [name withheld]’s bag");
        // Other spellings, written as names.
        assert_eq!(r.text("Smyth and Jonas"), "[name withheld] and [reporter withheld]");
    }

    #[test]
    fn words_that_only_contain_a_name_or_are_no_one_s_name_are_kept() {
        let r = r();
        // A longer name that holds a withheld one is someone else's...
        assert_eq!(r.text("Samuel's samples"), "Samuel's samples");
        // ...but one letter away, written as a name, it may be another spelling of hers: withheld,
        // as nobody may read what they must not.
        assert_eq!(r.text("Janet"), "[name withheld]");
        assert_eq!(r.text("the same smith"), "the same [name withheld]");
        assert_eq!(r.text("also"), "also");
        // Lower case, one letter away: an ordinary word, kept.
        assert_eq!(r.text("jokes"), "jokes");
    }

    #[test]
    fn the_subject_s_own_name_is_kept_when_a_relative_shares_it() {
        let mut r = Redactor::default();
        r.withhold("Kerry Quinn", "[others withheld]");
        r.keep("Jamie Quinn");
        assert_eq!(
            r.text("Jamie Quinn; Kerry Quinn; Kerry shouted"),
            "Jamie Quinn; [others withheld]; [others withheld] shouted"
        );
    }

    #[test]
    fn json_strings_are_redacted_and_keys_kept() {
        let r = r();
        let mut v = serde_json::json!({ "Jane": "Jane\nSmith", "n": [ "sam" ] });
        r.json(&mut v);
        assert_eq!(
            v,
            serde_json::json!({ "Jane": "[name withheld]\n[name withheld]", "n": [ "[reporter withheld]" ] })
        );
    }
}

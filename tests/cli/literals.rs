//! The policy is the only place a rule lives (issue 12): no id of the default policy is a
//! string literal in the tool's source. The ids the code relies on are declared once, in the
//! policy's `[bindings]`, and read through `policy.bindings` (src/policy/bindings.rs).
//!
//! The ids are read from the default policy itself: node and decision-node ids, the values of
//! their choices, and the ids of duties, outcomes, events, roles, routes and decisions. Every
//! `src/**/*.rs` file is tokenised (comments and doc comments are not code; `#[cfg(test)]`
//! items and the files of `#[cfg(test)] mod x;` are tests, which may name ids), and a string
//! literal fails the test, naming file:line, when it is an id, or holds one between quotes
//! (`kind = 'dp-review'` in SQL, `\"subject_age\"` in embedded text) or as a JSON path
//! (`'$.noticed_at'`). No file is exempt.
//!
//! Two things are not ids though spelt like them: a key of a `json!` object is a field of the
//! tool's public JSON (PRODUCT.md; `"reason": …`), and the words in [`OWN_WORDS`] are the
//! tool's own names that the default policy happens to use as ids too, each allowed only in
//! the one file that defines it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use safeguard::policy::Policy;

/// The tool's own words that are also ids of the default policy: `(file, word, what it is)`.
/// Each is allowed in that file only; anywhere else it is read as the policy id.
const OWN_WORDS: &[(&str, &str, &str)] = &[
    ("src/domain/clock.rs", "now", "a date-and-time answer's word for the command's time"),
    ("src/domain/spoken.rs", "now", "the parser of times as people say them reads the word"),
    ("src/domain/replay.rs", "about", "a column of the concerns table (the schema)"),
    ("src/domain/replay.rs", "outcome", "a column of the concerns table (the schema)"),
    ("src/config.rs", "default", "the service used when none is named"),
    ("src/cli/config.rs", "default", "`config show`'s source of a built-in value"),
    ("src/policy/route.rs", "default", "the policy format's name of the fallback route"),
    ("src/domain/record.rs", "countersign", "the journal's entry kind (PRODUCT.md)"),
    ("src/export/form.rs", "ccrf", "a form's short name (file names, `export --form`)"),
    ("src/export/form.rs", "escalation", "a form's short name (file names, `export --form`)"),
    ("src/export/text.rs", "about", "a CSV column (PRODUCT.md)"),
    ("src/export/text.rs", "outcome", "a CSV column (PRODUCT.md)"),
    ("src/export/text.rs", "primary_category", "a CSV column (PRODUCT.md)"),
    ("src/policy/graph.rs", "note", "a Graphviz node shape"),
];

/// Every id of the default policy, with what it is (for the failure message).
fn policy_ids() -> BTreeMap<String, String> {
    let p = Policy::default_policy();
    let mut ids = BTreeMap::new();
    let mut add = |id: &str, what: String| {
        ids.entry(id.to_owned()).or_insert(what);
    };
    for (tree, nodes) in [("node", &p.nodes), ("decision node", &p.decision_nodes)] {
        for n in nodes {
            add(&n.id, tree.to_owned());
            for c in &n.answers {
                add(&c.value, format!("an answer of {tree} {:?}", n.id));
            }
        }
    }
    for (what, keys) in [
        ("duty", p.duties.keys().collect::<Vec<_>>()),
        ("outcome", p.outcomes.keys().collect()),
        ("event", p.events.keys().collect()),
        ("role", p.roles.keys().collect()),
        ("route", p.routes.keys().collect()),
        ("decision", p.decisions.keys().collect()),
    ] {
        for k in keys {
            add(k, what.to_owned());
        }
    }
    ids
}

/// The ids a literal's text is or holds.
fn ids_in<'a>(text: &str, ids: &'a BTreeMap<String, String>) -> Vec<&'a str> {
    if ids.contains_key(text) {
        return vec![ids.get_key_value(text).unwrap().0];
    }
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut found = Vec::new();
    // Every run of id characters in the text, with what stands either side of it.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_id_char(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_id_char(chars[i].1) {
            i += 1;
        }
        let word = &text[chars[start].0..chars.get(i).map_or(text.len(), |c| c.0)];
        let before = start.checked_sub(1).map(|j| chars[j].1);
        let before2 = start.checked_sub(2).map(|j| chars[j].1);
        let after = chars.get(i).map(|c| c.1);
        let quoted = matches!((before, after), (Some('\''), Some('\'')) | (Some('"'), Some('"')));
        let path = before == Some('.') && before2 == Some('$');
        if (quoted || path)
            && let Some((id, _)) = ids.get_key_value(word)
        {
            found.push(id.as_str());
        }
    }
    found
}

/// A string literal's text, if the token is one (`"…"`, `r#"…"#`, `b"…"`, `c"…"`).
fn string_text(lit: &proc_macro2::Literal) -> Option<String> {
    let s = lit.to_string();
    let body = s.trim_start_matches(['b', 'c']);
    if let Some(raw) = body.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let inner = &raw[hashes..raw.len() - hashes];
        return Some(inner.strip_prefix('"')?.strip_suffix('"')?.to_owned());
    }
    let inner = body.strip_prefix('"')?.strip_suffix('"')?;
    Some(unescape(inner))
}

/// Undoes the escapes that matter here (`\"`, `\\`, `\n`, `\t`, and a line continuation).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\n') => {
                while it.peek().is_some_and(|c| c.is_whitespace()) {
                    it.next();
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Is this bracket group (an attribute's body) `cfg(test)`, or one whose first word is `doc`?
fn attribute(group: &proc_macro2::Group) -> (bool, bool) {
    let toks: Vec<TokenTree> = group.stream().into_iter().collect();
    let first = match toks.first() {
        Some(TokenTree::Ident(i)) => i.to_string(),
        _ => return (false, false),
    };
    let test = first == "cfg"
        && matches!(toks.get(1), Some(TokenTree::Group(g)) if g.stream().to_string().trim() == "test");
    (test, first == "doc")
}

struct Scan<'a> {
    ids: &'a BTreeMap<String, String>,
    file: String,
    /// Inside a `json!(…)`: a literal followed by `:` is an object key.
    json: bool,
    hits: Vec<String>,
    /// Modules declared `#[cfg(test)] mod x;`: files not to scan.
    test_mods: Vec<String>,
}

impl Scan<'_> {
    fn walk(&mut self, stream: TokenStream) {
        let toks: Vec<TokenTree> = stream.into_iter().collect();
        let mut i = 0;
        while i < toks.len() {
            // `#[…]` or `#![…]`: a doc comment is not code; a `#[cfg(test)]` item is a test.
            if let TokenTree::Punct(p) = &toks[i]
                && p.as_char() == '#'
            {
                let mut j = i + 1;
                if matches!(toks.get(j), Some(TokenTree::Punct(b)) if b.as_char() == '!') {
                    j += 1;
                }
                if let Some(TokenTree::Group(g)) = toks.get(j)
                    && g.delimiter() == Delimiter::Bracket
                {
                    let (test, doc) = attribute(g);
                    if doc {
                        i = j + 1;
                        continue;
                    }
                    if test {
                        i = self.skip_item(&toks, j + 1);
                        continue;
                    }
                }
            }
            // `json!(…)`: its object keys are the public JSON's field names.
            if let (TokenTree::Ident(m), Some(TokenTree::Punct(bang)), Some(TokenTree::Group(g))) =
                (&toks[i], toks.get(i + 1), toks.get(i + 2))
                && m == "json"
                && bang.as_char() == '!'
            {
                let outer = std::mem::replace(&mut self.json, true);
                self.walk(g.stream());
                self.json = outer;
                i += 3;
                continue;
            }
            let is_key =
                self.json && matches!(toks.get(i + 1), Some(TokenTree::Punct(c)) if c.as_char() == ':');
            match &toks[i] {
                TokenTree::Group(g) => self.walk(g.stream()),
                TokenTree::Literal(_) if is_key => {}
                TokenTree::Literal(l) => {
                    if let Some(text) = string_text(l) {
                        for id in ids_in(&text, self.ids) {
                            if OWN_WORDS.iter().any(|(f, w, _)| *f == self.file && *w == id) {
                                continue;
                            }
                            self.hits.push(format!(
                                "{}:{}: {:?} is the id of {} in the default policy",
                                self.file,
                                l.span().start().line,
                                id,
                                self.ids[id]
                            ));
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Skips the item that starts at `from` (its attributes, then up to its `;` or its body);
    /// a `mod x;` is remembered, so that its file is not scanned.
    fn skip_item(&mut self, toks: &[TokenTree], from: usize) -> usize {
        let mut i = from;
        let mut words: Vec<String> = Vec::new();
        while i < toks.len() {
            match &toks[i] {
                TokenTree::Punct(p) if p.as_char() == ';' => {
                    if let [.., m, name] = words.as_slice()
                        && m == "mod"
                    {
                        self.test_mods.push(name.clone());
                    }
                    return i + 1;
                }
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => return i + 1,
                TokenTree::Ident(id) => words.push(id.to_string()),
                _ => {}
            }
            i += 1;
        }
        i
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The hits in every file under `src`, skipping the files of `#[cfg(test)]` modules.
fn scan_source(src: &Path, ids: &BTreeMap<String, String>) -> (Vec<String>, usize) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut skip: BTreeSet<PathBuf> = BTreeSet::new();
    let mut hits = Vec::new();
    let mut scanned = 0;
    // A test module's file is declared by its parent; parents sort before their children
    // (`a.rs` and `a/mod.rs` before `a/x.rs`), so one pass in path order sees the declaration
    // first, except for `a.rs` vs `a/`, which the second pass catches.
    for pass in 0..2 {
        for f in &files {
            if skip.contains(f) {
                continue;
            }
            let text = std::fs::read_to_string(f).unwrap();
            let stream = TokenStream::from_str(&text)
                .unwrap_or_else(|e| panic!("{} does not tokenise: {e:?}", f.display()));
            let rel = f.strip_prefix(src.parent().unwrap()).unwrap().display().to_string();
            let mut scan = Scan { ids, file: rel, json: false, hits: Vec::new(), test_mods: Vec::new() };
            scan.walk(stream);
            let stem = f.file_stem().unwrap().to_str().unwrap();
            let dir = match stem {
                "mod" | "lib" | "main" => f.parent().unwrap().to_path_buf(),
                _ => f.parent().unwrap().join(stem),
            };
            for m in scan.test_mods {
                skip.insert(dir.join(format!("{m}.rs")));
                skip.insert(dir.join(&m).join("mod.rs"));
            }
            if pass == 1 {
                scanned += 1;
                hits.extend(scan.hits);
            }
        }
    }
    (hits, scanned)
}

#[test]
fn no_policy_id_is_a_string_literal_in_the_source() {
    let ids = policy_ids();
    assert!(ids.contains_key("subject_age") && ids.contains_key("dp-review"), "the default's ids are read");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (hits, scanned) = scan_source(&src, &ids);
    assert!(scanned > 50, "only {scanned} files scanned");
    assert!(
        hits.is_empty(),
        "{} policy ids are string literals in the source; read them from `policy.bindings` \
         (declare a new binding in src/policy/bindings.rs and the policy's [bindings]):\n{}",
        hits.len(),
        hits.join("\n")
    );
}

/// The scanner itself: what counts as a literal id, and what it skips.
#[test]
fn the_scanner_finds_ids_in_code_and_skips_comments_and_tests() {
    let ids: BTreeMap<String, String> =
        [("dp-review", "duty"), ("subject_age", "node")].map(|(a, b)| (a.into(), b.into())).into();
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("m")).unwrap();
    std::fs::write(
        src.join("m.rs"),
        "//! Doc: \"dp-review\".\n\
         /// Reads `\"subject_age\"`.\n\
         fn a() { let k = \"dp-review\"; }\n\
         // \"subject_age\" in a comment\n\
         const SQL: &str = \"SELECT 1 FROM duties WHERE kind IN ('dp-review')\";\n\
         const J: &str = r#\"{\"subject_age\": 3}\"#;\n\
         const P: &str = \"body ->> '$.subject_age'\";\n\
         const OK: &str = \"the subject_age of a dp-review\";\n\
         fn j() { json!({ \"subject_age\": 1, \"k\": \"dp-review\" }); }\n\
         #[cfg(test)]\nmod t { fn b() { let _ = \"dp-review\"; } }\n\
         #[cfg(test)]\nmod tests;\n",
    )
    .unwrap();
    std::fs::write(src.join("m").join("tests.rs"), "fn c() { let _ = \"dp-review\"; }\n").unwrap();
    let (hits, scanned) = scan_source(&src, &ids);
    assert_eq!(scanned, 1, "the test module's file is skipped");
    let lines: Vec<&str> = hits.iter().map(|h| h.split(": ").next().unwrap()).collect();
    assert_eq!(lines, ["src/m.rs:3", "src/m.rs:5", "src/m.rs:6", "src/m.rs:7", "src/m.rs:9"], "{hits:#?}");
}

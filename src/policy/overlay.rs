//! Policy overlays: a local policy that names a base and holds only its changes.
//!
//! An overlay is a policy file with `extends = "safeguard-default"` (the embedded default) or
//! `extends = "path/to/base.toml"` (another policy or overlay file, resolved relative to the
//! overlay's own file; chains are allowed, a cycle is refused), `extends_version = "…"` (the
//! base's version it was written against) and its own `id`, `version` and `title`. Every other
//! key is a change to the base. The merge works on TOML tables, before anything is read into
//! [`Policy`], and knows no section by name, so a section the format gains later merges
//! without new code:
//!
//! - A top-level table (`[roles]`, `[duties.ID]`, `[outcomes.ID]`, `[events.ID]`, any future
//!   one) merges by id: an id only in the overlay is added; an id in both is merged field by
//!   field: each field the overlay gives replaces the base's whole (a list such as `rules` or
//!   `answers`, or a table such as `repeat`, is replaced, not merged), and a field it does not
//!   give is kept. An item that is not a table (a role's title) is replaced.
//! - A top-level list of tables with `id`s (`[[nodes]]`) merges by `id` the same way; new
//!   items are added at the end, in the overlay's order.
//! - Any other top-level value (`start`) is replaced.
//! - `[remove]` lists ids to delete before the overlay's own items apply:
//!   `remove = { nodes = ["…"], duties = ["…"] }`, one list per section. Removing an id the
//!   base does not have is an error naming it. An item removed and given again in the same
//!   overlay is replaced whole (nothing of the base's is kept).
//! - `id`, `version`, `title` and `changelog` belong to each file and are never inherited.
//!
//! Each layer of a chain is itself loaded and validated first, so a problem in a base is
//! reported against the base's file; the merged result is then read into [`Policy`] (with
//! `deny_unknown_fields`, so a misspelt field is refused, named with its item) and validated;
//! as the base was valid, every problem found is the overlay's, and each is marked with the
//! overlay's changes it names.
//!
//! The effective policy's hash is SHA-256 of the base's hash (64 hex digits), a newline and
//! the overlay file's text. Like a plain policy's hash (SHA-256 of its file), it names exactly
//! the text that was written, is reproducible with `sha256sum` from the files, and does not
//! depend on how this binary's TOML library serialises a table; a change to any file of the
//! chain changes it.
//!
//! A base may keep a `[[changelog]]` of the ids each of its versions changed, added and
//! removed (the default does: every change to it adds an entry). An overlay written against
//! an older version than its base now has is told, as a warning, what changed since, with the
//! ids the overlay itself changes or removes pointed out as likely conflicts.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::{Table, Value};

use super::{DEFAULT_POLICY, Policy, toml_error, validate};
use crate::error::{Error, Result};

/// The name by which an overlay extends the embedded default policy.
pub const EMBEDDED: &str = "safeguard-default";

const EXTENDS: &str = "extends";
const EXTENDS_VERSION: &str = "extends_version";
const REMOVE: &str = "remove";
/// What each file gives for itself: never inherited from a base.
const OWN: [&str; 4] = ["id", "version", "title", "changelog"];

/// One version's entry in a policy's changelog: the ids (`section.id`, e.g. `duties.ccrf`,
/// `nodes.subject_age`, or a top-level key such as `start`) it changed, added and removed.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    pub version: String,
    #[serde(default)]
    pub changed: Vec<String>,
    #[serde(default)]
    pub added: Vec<String>,
    #[serde(default)]
    pub removed: Vec<String>,
    pub note: Option<String>,
}

/// A policy an overlay is built on.
#[derive(Clone, Debug, Serialize)]
pub struct Base {
    pub id: String,
    pub version: String,
    pub title: String,
    /// `the embedded default` or the file's path.
    pub origin: String,
    pub hash: String,
    /// The version the overlay on it says it was written against.
    pub written_against: String,
}

/// What happened to an item.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
    /// Removed and given again by the same overlay: nothing of the base's is kept.
    Replaced,
}

impl ChangeKind {
    pub fn words(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
            ChangeKind::Replaced => "replaced",
        }
    }
}

/// What one overlay did to one item.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// `section.id` (`duties.ccrf`, `nodes.q1`, `roles.gp`) or a top-level key (`start`).
    pub item: String,
    pub change: ChangeKind,
    /// The fields the overlay gave, for a changed item.
    pub fields: Vec<String>,
    /// The overlay file.
    pub by: String,
}

/// An id a base's changelog lists as changed since the version an overlay was written against.
#[derive(Clone, Debug, Serialize)]
pub struct UpstreamChange {
    pub version: String,
    pub change: ChangeKind,
    pub item: String,
    /// The overlay itself changes, adds or removes this id: the two may conflict.
    pub overlaid: Option<ChangeKind>,
}

/// An overlay written against another version of its base than the one it now extends.
#[derive(Clone, Debug, Serialize)]
pub struct Drift {
    pub overlay: String,
    pub base: String,
    pub written_against: String,
    pub now: String,
    pub changes: Vec<UpstreamChange>,
}

/// How a policy was built from its overlays (on [`Policy::overlay`]).
#[derive(Clone, Debug)]
pub struct Overlay {
    /// The overlay's own file.
    pub origin: String,
    /// The bases, nearest first; the last is a policy that extends nothing.
    pub bases: Vec<Base>,
    /// Every overlay's changes, the deepest overlay's first.
    pub changes: Vec<Change>,
    /// Each overlay of the chain written against an older (or newer) base than it now has.
    pub drift: Vec<Drift>,
    /// The effective policy as a TOML table.
    pub table: Table,
}

/// Parses a policy or an overlay; `file` is where its text came from (overlays that extend a
/// file resolve it from there).
pub(super) fn parse(text: &str, origin: &str, file: Option<&Path>) -> Result<Policy> {
    let mut stack = Vec::new();
    if let Some(f) = file {
        stack.push(f.canonicalize().unwrap_or_else(|_| f.to_path_buf()));
    }
    layer(text, origin, file, &mut stack).map(|(p, _)| p)
}

/// One file of a chain: the policy it makes and its effective table.
fn layer(text: &str, origin: &str, file: Option<&Path>, stack: &mut Vec<PathBuf>) -> Result<(Policy, Table)> {
    let table: Table = toml::from_str(text)
        .map_err(|e| Error::input(format!("policy {origin}: {}", toml_error(&e, text))))?;
    if !table.contains_key(EXTENDS) {
        let p = Policy::parse_plain(text, origin, &table)?;
        return Ok((p, table));
    }
    overlay(table, text, origin, file, stack)
}

fn overlay(
    mut table: Table,
    text: &str,
    origin: &str,
    file: Option<&Path>,
    stack: &mut Vec<PathBuf>,
) -> Result<(Policy, Table)> {
    let bad = |msg: String| Error::input(format!("policy {origin}: {msg}"));
    let extends = match table.remove(EXTENDS) {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        _ => return Err(bad(format!("`{EXTENDS}` names the base: \"{EMBEDDED}\" or a policy file"))),
    };
    let (base, base_table, base_origin) = if extends == EMBEDDED {
        let (p, t) = layer(DEFAULT_POLICY, "(embedded default)", None, stack)?;
        (p, t, "the embedded default".to_owned())
    } else {
        let Some(dir) = file.map(|f| f.parent().unwrap_or(Path::new(""))) else {
            return Err(bad(format!(
                "extends the file {extends:?}, but was given as text with no location: load it from its file"
            )));
        };
        let path = dir.join(&extends);
        let canon = path
            .canonicalize()
            .map_err(|e| bad(format!("extends {extends:?}: cannot read {}: {e}", path.display())))?;
        if let Some(at) = stack.iter().position(|p| *p == canon) {
            let mut chain: Vec<String> = stack[at..].iter().map(|p| p.display().to_string()).collect();
            chain.push(canon.display().to_string());
            return Err(bad(format!("extends makes a cycle: {}", chain.join(" extends "))));
        }
        let base_text = super::read_file(&path)?;
        let base_origin = path.display().to_string();
        stack.push(canon);
        let (p, t) = layer(&base_text, &base_origin, Some(&path), stack)?;
        stack.pop();
        (p, t, base_origin)
    };
    let written_against = match table.remove(EXTENDS_VERSION) {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        _ => {
            return Err(bad(format!(
                "`{EXTENDS_VERSION}` must name the version of {} it was written against (now {:?})",
                base.id, base.version
            )));
        }
    };
    for key in ["id", "version", "title"] {
        if !matches!(table.get(key), Some(Value::String(s)) if !s.trim().is_empty()) {
            return Err(bad(format!("an overlay gives its own `{key}` (the base's is {})", base.id)));
        }
    }

    let mut merged = base_table;
    let own = merge(&mut merged, table, origin).map_err(|problems| invalid(origin, &base, &problems))?;

    let mut p: Policy = serde_path_to_error::deserialize(merged.clone())
        .map_err(|e| bad(format!("{}: {}", path_words(e.path(), &merged), e.inner().message())))?;
    let mut h = Sha256::new();
    h.update(base.hash.as_bytes());
    h.update(b"\n");
    h.update(text.as_bytes());
    p.hash = hex::encode(h.finalize());
    p.check_counts(origin)?;
    p.finish();

    let mut problems = validate(&p);
    problems.extend(changelog_problems(&p, &merged));
    if !problems.is_empty() {
        let problems: Vec<String> = problems.into_iter().map(|m| attribute(m, &own)).collect();
        return Err(invalid(origin, &base, &problems));
    }

    let drift = drift(origin, &written_against, &base, &own);
    let (mut bases, mut changes, mut drifts) = match base.overlay {
        Some(o) => (o.bases, o.changes, o.drift),
        None => (vec![], vec![], vec![]),
    };
    bases.insert(
        0,
        Base {
            id: base.id.clone(),
            version: base.version.clone(),
            title: base.title.clone(),
            origin: base_origin,
            hash: base.hash.clone(),
            written_against,
        },
    );
    changes.extend(own);
    drifts.extend(drift);
    p.overlay = Some(Box::new(Overlay {
        origin: origin.into(),
        bases,
        changes,
        drift: drifts,
        table: merged.clone(),
    }));
    Ok((p, merged))
}

fn invalid(origin: &str, base: &Policy, problems: &[String]) -> Error {
    super::invalid(&format!("{origin} (an overlay on {} {})", base.id, base.version), problems)
}

/// Applies one overlay to the base's table; every problem is collected.
fn merge(base: &mut Table, mut over: Table, by: &str) -> std::result::Result<Vec<Change>, Vec<String>> {
    let mut problems = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    let change = |item: String, change: ChangeKind, fields: Vec<String>| Change {
        item,
        change,
        fields,
        by: by.into(),
    };
    // The overlay's own id, version and title first (as a policy file has them), then the
    // base's items.
    let rest = std::mem::take(base);
    for key in ["id", "version", "title"] {
        if let Some(v) = over.remove(key) {
            base.insert(key.into(), v);
        }
    }
    base.extend(rest.into_iter().filter(|(k, _)| !OWN.contains(&k.as_str())));
    match over.remove(REMOVE) {
        None => {}
        Some(Value::Table(rm)) => {
            for (section, ids) in rm {
                let Some(ids) = ids.as_array().filter(|a| a.iter().all(Value::is_str)) else {
                    problems.push(format!("[remove] {section}: must be a list of ids"));
                    continue;
                };
                for id in ids.iter().filter_map(Value::as_str) {
                    match remove_item(base, &section, id) {
                        Ok(()) => {
                            changes.push(change(format!("{section}.{id}"), ChangeKind::Removed, vec![]))
                        }
                        Err(e) => problems.push(e),
                    }
                }
            }
        }
        Some(_) => problems.push("`remove` must be a table of lists: remove = { duties = [\"…\"] }".into()),
    }
    let removed: BTreeSet<String> = changes.iter().map(|c| c.item.clone()).collect();
    let added_or_changed = |item: String, existed: bool, fields: Vec<String>, changes: &mut Vec<Change>| {
        if existed {
            changes.push(change(item, ChangeKind::Changed, fields));
        } else if removed.contains(&item) {
            if let Some(c) = changes.iter_mut().find(|c| c.item == item) {
                c.change = ChangeKind::Replaced;
            }
        } else {
            changes.push(change(item, ChangeKind::Added, vec![]));
        }
    };

    for (key, value) in over {
        if OWN.contains(&key.as_str()) {
            base.insert(key, value);
            continue;
        }
        match (base.get_mut(&key), value) {
            (Some(Value::Table(items)), Value::Table(over_items)) => {
                for (id, item) in over_items {
                    let existed = items.contains_key(&id);
                    let fields = merge_item(items, &id, item);
                    added_or_changed(format!("{key}.{id}"), existed, fields, &mut changes);
                }
            }
            (Some(Value::Table(_)), _) => {
                problems.push(format!("{key}: is a table of items in the base: give each as [{key}.ID]"))
            }
            (Some(Value::Array(items)), Value::Array(over_items)) if is_keyed(items) => {
                let mut seen = BTreeSet::new();
                for (i, item) in over_items.into_iter().enumerate() {
                    let Some(id) = id_of(&item).map(str::to_owned) else {
                        problems.push(format!("{key}[{i}]: has no `id` (items of {key} merge by id)"));
                        continue;
                    };
                    if !seen.insert(id.clone()) {
                        problems.push(format!("{key}.{id}: is given twice"));
                        continue;
                    }
                    let at = items.iter().position(|x| id_of(x) == Some(&id));
                    let fields = match (at, item) {
                        (Some(at), Value::Table(fields)) => {
                            let names = fields.keys().filter(|f| *f != "id").cloned().collect();
                            if let Value::Table(t) = &mut items[at] {
                                t.extend(fields);
                            }
                            names
                        }
                        (_, item) => {
                            items.push(item);
                            vec![]
                        }
                    };
                    added_or_changed(format!("{key}.{id}"), at.is_some(), fields, &mut changes);
                }
            }
            (Some(old), value) => {
                *old = value;
                changes.push(change(key, ChangeKind::Changed, vec![]));
            }
            (None, value) => {
                match &value {
                    Value::Table(items) => {
                        for id in items.keys() {
                            added_or_changed(format!("{key}.{id}"), false, vec![], &mut changes);
                        }
                    }
                    Value::Array(items) if is_keyed(items) && !items.is_empty() => {
                        for id in items.iter().filter_map(id_of) {
                            added_or_changed(format!("{key}.{id}"), false, vec![], &mut changes);
                        }
                    }
                    _ => changes.push(change(key.clone(), ChangeKind::Added, vec![])),
                }
                base.insert(key, value);
            }
        }
    }
    if problems.is_empty() { Ok(changes) } else { Err(problems) }
}

/// Merges one item of a keyed table field by field; returns the fields given.
fn merge_item(items: &mut Table, id: &str, item: Value) -> Vec<String> {
    match (items.get_mut(id), item) {
        (Some(Value::Table(old)), Value::Table(fields)) => {
            let names = fields.keys().cloned().collect();
            old.extend(fields);
            names
        }
        (Some(old), item) => {
            *old = item;
            vec![]
        }
        (None, item) => {
            items.insert(id.to_owned(), item);
            vec![]
        }
    }
}

fn remove_item(base: &mut Table, section: &str, id: &str) -> std::result::Result<(), String> {
    let missing = || format!("[remove] {section}: there is no {id:?} in the base's {section} to remove");
    match base.get_mut(section) {
        None => Err(format!("[remove] {section}: the base has no {section}")),
        Some(Value::Table(items)) => items.remove(id).map(|_| ()).ok_or_else(missing),
        Some(Value::Array(items)) if is_keyed(items) => {
            let at = items.iter().position(|x| id_of(x) == Some(id)).ok_or_else(missing)?;
            items.remove(at);
            Ok(())
        }
        Some(_) => Err(format!("[remove] {section}: is a single value, not a set of items with ids")),
    }
}

/// A list every element of which is a table with a string `id` (true of an empty list).
fn is_keyed(items: &[Value]) -> bool {
    items.iter().all(|x| id_of(x).is_some())
}

fn id_of(v: &Value) -> Option<&str> {
    v.as_table()?.get("id")?.as_str()
}

/// Where a deserialising error is, in the ids a policy's author uses (`nodes.q1.txt`, not
/// `nodes[12].txt`).
fn path_words(path: &serde_path_to_error::Path, table: &Table) -> String {
    use serde_path_to_error::Segment;
    let mut at: Option<&Value> = None;
    let mut words = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Map { key } => {
                at = match at {
                    None => table.get(key),
                    Some(v) => v.get(key),
                };
                if !words.is_empty() {
                    words.push('.');
                }
                words.push_str(key);
            }
            Segment::Seq { index } => {
                at = at.and_then(|v| v.get(*index));
                match at.and_then(id_of) {
                    Some(id) => {
                        let _ = write!(words, ".{id}");
                    }
                    None => {
                        let _ = write!(words, "[{index}]");
                    }
                }
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    if words.is_empty() { "the policy".into() } else { words }
}

/// Marks a problem with the overlay's changes whose ids it names.
fn attribute(problem: String, own: &[Change]) -> String {
    let named: Vec<String> = own
        .iter()
        .filter(|c| {
            let id = c.item.rsplit_once('.').map_or(c.item.as_str(), |(_, id)| id);
            problem.contains(&format!("{id:?}")) || problem.starts_with(&format!("{}:", c.item))
        })
        .map(|c| format!("{} {} {}", c.by, c.change.words(), c.item))
        .collect();
    if named.is_empty() { problem } else { format!("{problem} ({})", named.join("; ")) }
}

/// What the base's changelog lists between the version the overlay was written against and
/// the base's version now.
fn drift(overlay: &str, written_against: &str, base: &Policy, own: &[Change]) -> Option<Drift> {
    if written_against == base.version {
        return None;
    }
    let newer = |v: &str| {
        version_cmp(v, written_against) == Ordering::Greater
            && version_cmp(v, &base.version) != Ordering::Greater
    };
    let overlaid = |item: &str| own.iter().find(|c| c.item == item).map(|c| c.change);
    let mut changes = Vec::new();
    for e in base.changelog.iter().filter(|e| newer(&e.version)) {
        for (kind, ids) in [
            (ChangeKind::Changed, &e.changed),
            (ChangeKind::Added, &e.added),
            (ChangeKind::Removed, &e.removed),
        ] {
            for id in ids {
                changes.push(UpstreamChange {
                    version: e.version.clone(),
                    change: kind,
                    item: id.clone(),
                    overlaid: overlaid(id),
                });
            }
        }
    }
    // The likely conflicts first, then by version.
    changes.sort_by(|a, b| {
        (a.overlaid.is_none().cmp(&b.overlaid.is_none())).then_with(|| version_cmp(&a.version, &b.version))
    });
    Some(Drift {
        overlay: overlay.into(),
        base: base.id.clone(),
        written_against: written_against.into(),
        now: base.version.clone(),
        changes,
    })
}

impl Drift {
    /// The warning, in words, for the policy's owner.
    pub fn warning(&self) -> String {
        let Drift { overlay, base, written_against, now, changes } = self;
        if version_cmp(now, written_against) == Ordering::Less {
            return format!(
                "warning: {overlay} was written against {base} {written_against}, but extends the older \
                 {base} {now}: it may rely on changes this version lacks"
            );
        }
        let mut s =
            format!("warning: {overlay} was written against {base} {written_against}; {base} is now {now}.");
        if changes.is_empty() {
            s.push_str(&format!(" {base}'s changelog lists no change since {written_against}."));
        } else {
            s.push_str(" Changed there since:");
            for c in changes {
                let _ = write!(s, "\n  {:<12} {:<8} {}", c.version, c.change.words(), c.item);
                if let Some(k) = c.overlaid {
                    let what = match k {
                        ChangeKind::Changed => "changes",
                        ChangeKind::Added => "adds",
                        ChangeKind::Removed => "removes",
                        ChangeKind::Replaced => "replaces",
                    };
                    let _ = write!(s, "  <- {overlay} {what} this too: check that the two still agree");
                }
            }
        }
        let _ = write!(
            s,
            "\n  When {overlay} has been checked against {base} {now}, set {EXTENDS_VERSION} = {now:?}."
        );
        s
    }
}

/// Compares versions such as `2026.11.2` and `2026.11.2-local.1`: numbers as numbers, other
/// parts as text, a version that runs out first is older.
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| s.split(['.', '-', '+']).map(str::to_owned).collect::<Vec<_>>();
    let (a, b) = (parts(a), parts(b));
    for (x, y) in a.iter().zip(&b) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Ok(_), Err(_)) => Ordering::Greater,
            (Err(_), Ok(_)) => Ordering::Less,
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// The changelog's problems: every id names a section of the policy (or a top-level key),
/// versions are listed once, and the policy's own version has an entry (when there is a
/// changelog at all) whose changed and added ids exist and whose removed ids do not.
pub(super) fn changelog_problems(p: &Policy, table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    if p.changelog.is_empty() {
        return out;
    }
    let mut versions = BTreeSet::new();
    for e in &p.changelog {
        if !versions.insert(e.version.as_str()) {
            out.push(format!("changelog {:?}: the version is listed twice", e.version));
        }
    }
    let Some(this) = p.changelog.iter().find(|e| e.version == p.version) else {
        out.push(format!(
            "changelog: no entry for this version {:?}: every version lists the ids it changed, added and removed",
            p.version
        ));
        return out;
    };
    let items = item_ids(table);
    let mut listed = BTreeMap::new();
    for (kind, ids, should_exist) in
        [("changed", &this.changed, true), ("added", &this.added, true), ("removed", &this.removed, false)]
    {
        for id in ids {
            if let Some(other) = listed.insert(id.as_str(), kind) {
                out.push(format!(
                    "changelog {:?}: {id:?} is listed as both {other} and {kind}",
                    this.version
                ));
            }
            let section = id.split_once('.').map_or(id.as_str(), |(s, _)| s);
            if !table.contains_key(section) {
                out.push(format!(
                    "changelog {:?}: {kind} {id:?}: the policy has no {section:?}",
                    this.version
                ));
            } else if items.contains(id.as_str()) != should_exist {
                let why = if should_exist { "is not in the policy" } else { "is still in the policy" };
                out.push(format!("changelog {:?}: {kind} {id:?} {why}", this.version));
            }
        }
    }
    out
}

/// Every id a changelog or a change mark can name: `section.id` and top-level keys.
fn item_ids(table: &Table) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (key, v) in table {
        ids.insert(key.clone());
        match v {
            Value::Table(items) => ids.extend(items.keys().map(|id| format!("{key}.{id}"))),
            Value::Array(items) if is_keyed(items) => {
                ids.extend(items.iter().filter_map(id_of).map(|id| format!("{key}.{id}")))
            }
            _ => {}
        }
    }
    ids
}

impl Overlay {
    /// The effective policy as TOML (valid input to `policy check`), with a comment above each
    /// item an overlay changed or added and in each section for what was removed.
    pub fn effective_toml(&self, p: &Policy) -> String {
        let mut marks: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut removed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for c in &self.changes {
            let line = match c.change {
                ChangeKind::Changed if !c.fields.is_empty() => {
                    format!("# changed by {}: {}", c.by, c.fields.join(", "))
                }
                ChangeKind::Replaced => format!("# replaced by {} (removed, then given again)", c.by),
                kind => format!("# {} by {}", kind.words(), c.by),
            };
            if c.change == ChangeKind::Removed {
                let section = c.item.split_once('.').map_or(c.item.as_str(), |(s, _)| s);
                removed.entry(section).or_default().push(format!("{line}: {}", c.item));
            } else {
                marks.entry(&c.item).or_default().push(line);
            }
        }
        let mut s = format!("# The effective policy {} {}: {}", p.id, p.version, self.origin);
        for b in &self.bases {
            let _ = write!(
                s,
                "\n# on {} {} ({}; written against {})",
                b.id, b.version, b.origin, b.written_against
            );
        }
        let _ = write!(
            s,
            "\n# merged, as `safeguard policy show --effective` prints it. Valid input to \
             `safeguard policy check`;\n# the comments mark what each overlay changed.\n\n"
        );
        emit(&mut s, &self.table, &marks, &removed);
        s
    }
}

/// Writes a table as TOML: top-level values, then each table as `[a.b]` and each list of
/// tables as `[[a]]`, with deeper lists of tables as one inline table a line.
fn emit(
    out: &mut String,
    table: &Table,
    marks: &BTreeMap<&str, Vec<String>>,
    removed: &BTreeMap<&str, Vec<String>>,
) {
    let comments = |out: &mut String, path: &str| {
        for m in marks.get(path).into_iter().flatten().chain(removed.get(path).into_iter().flatten()) {
            out.push_str(m);
            out.push('\n');
        }
    };
    let top_array =
        |v: &Value| matches!(v, Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_table));
    for (k, v) in table {
        if !v.is_table() && !top_array(v) {
            comments(out, k);
            let _ = writeln!(out, "{} = {}", key(k), inline(v));
        }
    }
    for (k, v) in table {
        match v {
            Value::Table(t) => emit_table(out, &key(k), k, t, &comments),
            Value::Array(items) if top_array(v) => {
                if let Some(ms) = removed.get(k.as_str()) {
                    let _ = write!(out, "\n{}\n", ms.join("\n"));
                }
                for item in items {
                    out.push('\n');
                    if let Some(id) = id_of(item) {
                        comments(out, &format!("{k}.{id}"));
                    }
                    let _ = writeln!(out, "[[{}]]", key(k));
                    for (f, v) in item.as_table().into_iter().flatten() {
                        let _ = writeln!(out, "{} = {}", key(f), inline(v));
                    }
                }
            }
            _ => {}
        }
    }
}

fn emit_table(out: &mut String, header: &str, path: &str, t: &Table, comments: &dyn Fn(&mut String, &str)) {
    out.push('\n');
    comments(out, path);
    let fields: Vec<_> = t.iter().filter(|(_, v)| !v.is_table()).collect();
    if !fields.is_empty() || t.is_empty() {
        let _ = writeln!(out, "[{header}]");
        for (k, v) in fields {
            comments(out, &format!("{path}.{k}"));
            let _ = writeln!(out, "{} = {}", key(k), inline(v));
        }
    } else if out.ends_with("\n\n") {
        // Only tables below: no header of its own (and no blank line for it).
        out.pop();
    }
    for (k, v) in t {
        if let Value::Table(sub) = v {
            emit_table(out, &format!("{header}.{}", key(k)), &format!("{path}.{k}"), sub, comments);
        }
    }
}

/// A value on one line, except a list of tables: one table a line.
fn inline(v: &Value) -> String {
    match v {
        Value::Array(items) if items.len() > 1 && items.iter().all(Value::is_table) => {
            let mut s = "[\n".to_owned();
            for i in items {
                let _ = writeln!(s, "  {i},");
            }
            s.push(']');
            s
        }
        v => v.to_string(),
    }
}

/// A key, quoted unless it is a bare key.
fn key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        k.to_owned()
    } else {
        Value::String(k.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests;

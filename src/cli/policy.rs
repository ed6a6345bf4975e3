//! `safeguard policy show|check|graph`: the policy in force (an overlay merged onto its base),
//! validating a policy file, and drawing it. These are the policy owner's commands, so they
//! (and only they) print the warning that an overlay was written against an older base.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::cli::{Context, out, out_json};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::interview::answers::toml_to_json;
use crate::output;
use crate::policy::{DEFAULT_POLICY, NodeType, Policy, Start};

/// Show the policy in force, or check a policy file.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: PolicyCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// List every question id with its answers and source paragraph, and every outcome and duty.
    ///
    /// These ids are what answer files (`raise --answers`) use.
    Show {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        /// Print the effective policy as TOML (an overlay merged onto its base, valid input to
        /// `policy check`), each overlay's changes marked in comments; with --json, the merged
        /// policy and the list of changes.
        #[arg(long)]
        effective: bool,
    },
    /// Draw the policy's decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid.
    Graph {
        /// dot or mermaid.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Draw this policy file instead of the one in force.
        file: Option<PathBuf>,
    },
    /// Validate a policy file or an overlay (merged onto its base): every problem is listed,
    /// each naming its node. Exit 2 if any.
    Check {
        /// The policy file (TOML).
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    match args.command {
        PolicyCommand::Graph { format, file } => {
            let p = Policy::load(file.as_deref().or(ctx.config.policy.as_deref()))?;
            warn_drift(&p);
            out(match format {
                GraphFormat::Dot => crate::policy::graph::dot(&p),
                GraphFormat::Mermaid => crate::policy::graph::mermaid(&p),
            }
            .trim_end())?;
            Ok(Exit::Success)
        }
        PolicyCommand::Check { file } => {
            let p = Policy::load(Some(&file))?;
            warn_drift(&p);
            for w in crate::policy::unsettled_duties(&p) {
                output::status(&format!("warning: {w}"));
            }
            output::status(&format!(
                "{}: policy {} {}{} is valid ({} nodes, {} outcomes, {} duties)",
                file.display(),
                p.id,
                p.version,
                extends_words(&p).map(|w| format!(" ({w})")).unwrap_or_default(),
                p.nodes.len(),
                p.outcomes.len(),
                p.duties.len()
            ));
            Ok(Exit::Success)
        }
        PolicyCommand::Show { json, effective } => {
            let path = ctx.config.policy.as_deref();
            let p = Policy::load(path)?;
            warn_drift(&p);
            if effective {
                show_effective(&p, path, json)?;
            } else if json {
                out_json(&policy_json(&p))?;
            } else {
                print_policy(&p)?;
            }
            Ok(Exit::Success)
        }
    }
}

/// The overlay-drift warnings, on stderr.
fn warn_drift(p: &Policy) {
    for d in p.overlay.iter().flat_map(|o| &o.drift) {
        output::status(&d.warning());
    }
}

/// "extends safeguard-default 2026.11.2 (embedded)", through the chain; None for a policy that
/// extends nothing.
fn extends_words(p: &Policy) -> Option<String> {
    let o = p.overlay.as_ref()?;
    let chain: Vec<String> =
        o.bases.iter().map(|b| format!("{} {} ({})", b.id, b.version, b.origin)).collect();
    Some(format!("extends {}", chain.join(", which extends ")))
}

/// `policy show --effective`: an overlay's merged table, or a plain policy's own file.
fn show_effective(p: &Policy, path: Option<&Path>, json: bool) -> Result<()> {
    let table = match &p.overlay {
        Some(o) if !json => return out(o.effective_toml(p).trim_end()),
        Some(o) => o.table.clone(),
        None => {
            let text = match path {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| Error::input(format!("cannot read the policy {}: {e}", path.display())))?,
                None => DEFAULT_POLICY.to_owned(),
            };
            if !json {
                return out(text.trim_end());
            }
            toml::from_str(&text).map_err(|e| Error::input(format!("policy: {}", e.message())))?
        }
    };
    out_json(&json!({
        "id": p.id,
        "version": p.version,
        "hash": p.hash,
        "extends": p.overlay.as_ref().map(|o| &o.bases[..]).unwrap_or_default(),
        "changes": p.overlay.as_ref().map(|o| &o.changes[..]).unwrap_or_default(),
        "policy": toml_to_json(toml::Value::Table(table)),
    }))
}

fn policy_json(p: &Policy) -> Value {
    let question = |n: &crate::policy::Node| {
        json!({
            "id": n.id,
            "type": n.ask,
            "prompt": n.prompt,
            "prompt_by_about": n.prompt_by_about,
            "required": n.required,
            "optional_when": n.optional_when,
            "default": n.default,
            "min": n.min,
            "max": n.max,
            "label": n.label,
            "source": n.source,
            "answers": n.answers.iter().map(|c| json!({ "value": c.value, "label": c.label, "at_least": c.at_least })).collect::<Vec<_>>(),
            "answers_from": n.answers_from,
        })
    };
    let questions: Vec<Value> = p.questions().map(question).collect();
    let decision_questions: Vec<Value> =
        p.decision_nodes.iter().filter(|n| n.kind == NodeType::Question).map(question).collect();
    json!({
        "id": p.id,
        "version": p.version,
        "title": p.title,
        "hash": p.hash,
        "extends": p.overlay.as_ref().map(|o| &o.bases[..]).unwrap_or_default(),
        "changes": p.overlay.as_ref().map(|o| &o.changes[..]).unwrap_or_default(),
        "upstream": p.overlay.as_ref().map(|o| &o.drift[..]).unwrap_or_default(),
        "questions": questions,
        "builtin_answers": crate::interview::answers::BUILTIN.iter().map(|(id, what)| json!({ "id": id, "type": "text", "meaning": what })).collect::<Vec<_>>(),
        "decisions": p.decisions,
        "decision_questions": decision_questions,
        "decision_builtin_answers": crate::policy::decide::BUILTIN.iter().map(|(id, what)| json!({ "id": id, "meaning": what })).collect::<Vec<_>>(),
        "outcomes": p.outcomes,
        "duties": p.duties,
        "events": p.events,
        "roles": p.roles,
        "routes": p.routes,
        "bindings": p.bindings,
    })
}

/// One question: its id, answer type, whether it is required, its source, prompt and answers.
fn print_question(n: &crate::policy::Node) -> Result<()> {
    let ask = n.ask.map(|a| a.word()).unwrap_or_default();
    let req = if n.default.is_some() {
        format!(", default {}", n.default.as_ref().map(Value::to_string).unwrap_or_default())
    } else if !n.required {
        ", optional".into()
    } else if n.optional_when.is_some() {
        ", required on some paths".into()
    } else {
        ", required when asked".into()
    };
    out(format!("  {}  ({ask}{req})  [{}]", n.id, n.source.as_deref().unwrap_or("")))?;
    out(format!("      {}", n.prompt.as_deref().unwrap_or("")))?;
    if n.answers_from.is_some() {
        out("      one of the outcomes for the concern's kind (below), the recommendation selected")?;
    }
    for c in &n.answers {
        out(format!("      {:<24} {}", c.value, c.label))?;
    }
    Ok(())
}

fn print_policy(p: &Policy) -> Result<()> {
    out(format!("{} (id {}, version {})", p.title, p.id, p.version))?;
    if let Some(words) = extends_words(p) {
        out(words)?;
    }
    out(format!("sha256 {}\n", p.hash))?;
    if let Some(o) = &p.overlay {
        out("Changes by overlays (`policy show --effective` prints the merged policy):")?;
        for c in &o.changes {
            let fields =
                if c.fields.is_empty() { String::new() } else { format!(": {}", c.fields.join(", ")) };
            out(format!("  {:<36} {} by {}{fields}", c.item, c.change.words(), c.by))?;
        }
        out("")?;
    }
    // When the office is open: outside these hours a concern is out of hours, answered by the
    // time it is raised (003 §1.18, §6.38).
    if let Some(h) = &p.office_hours {
        let mut line = format!(
            "Office hours: {} to {} UK time on a working day; a concern raised outside them is out of hours  [{}]",
            h.opens, h.closes, h.source
        );
        if let Some(why) = &h.local_choice {
            line.push_str(&format!("\n  local choice (the seeds leave this open): {why}"));
        }
        out(format!("{line}\n"))?;
    } else {
        out("Office hours: none declared (no concern is treated as out of hours)\n")?;
    }
    // How many earlier concerns about one provider make a pattern (004 Purpose ¶4).
    if let Some(pp) = &p.provider_pattern {
        let starts: Vec<&str> = pp.start.iter().map(Start::kind).collect();
        let mut line = format!(
            "Provider pattern: {} or more earlier concerns about the same provider within {} days start {}  [{}]",
            pp.earlier,
            pp.within_days,
            if starts.is_empty() { "nothing".to_owned() } else { starts.join(", ") },
            pp.source
        );
        if let Some(why) = &pp.local_choice {
            line.push_str(&format!("\n  local choice (the seeds leave this open): {why}"));
        }
        out(format!("{line}\n"))?;
    }
    out("Questions (ids for answer files):")?;
    for n in p.nodes.iter().filter(|n| n.kind == NodeType::Question) {
        print_question(n)?;
    }
    for (id, what) in crate::interview::answers::BUILTIN {
        out(format!(
            "  {id}  (text, optional; any policy)  [003 §7.17]\n      {what}, for signing the record"
        ))?;
    }
    out("\nDecisions (safeguard decide ID; the ids for its answer files):")?;
    for (role, d) in &p.decisions {
        let what = match d.records {
            crate::policy::decide::Records::Decision => "the decision on the concern",
            crate::policy::decide::Records::Recommendation => "a recommendation to the designated person",
        };
        let settles = if d.completes.is_empty() {
            String::new()
        } else {
            format!("; settles {}", d.completes.join(", "))
        };
        out(format!("  {role:<28} {} ({what}; starts at {}{settles})  [{}]", d.title, d.start, d.source))?;
    }
    for n in p.decision_nodes.iter().filter(|n| n.kind == NodeType::Question) {
        print_question(n)?;
    }
    for (id, what) in crate::policy::decide::BUILTIN {
        out(format!("  {id}  (optional; any policy)\n      {what}"))?;
    }
    out("\nOutcomes:")?;
    let mut outcomes: Vec<_> = p.outcomes.iter().collect();
    outcomes.sort_by(|a, b| {
        (&a.1.group, std::cmp::Reverse(a.1.rank)).cmp(&(&b.1.group, std::cmp::Reverse(b.1.rank)))
    });
    output::table(
        &["=Outcome", "=For", "Title", "Source"],
        outcomes.into_iter().map(|(id, o)| {
            vec![
                id.as_str().into(),
                o.group.as_str().into(),
                o.title.as_str().into(),
                o.source.as_str().into(),
            ]
        }),
    )?;
    // What an outcome adds when a condition holds, at raising and at a decision (`also`: out
    // of hours, 003 §1.18, §6.38-6.39).
    let kinds = |starts: &[Start]| starts.iter().map(Start::kind).collect::<Vec<_>>().join(", ");
    let mut also = Vec::new();
    for (id, o) in &p.outcomes {
        for a in &o.also {
            let mut what = vec![format!("starts {}", kinds(&a.start))];
            if let Some(d) = &a.on_decision {
                what.push(format!("at a decision starts {}", kinds(d)));
            }
            if !a.tell.is_empty() {
                what.push(format!("tells {}", a.tell.join(", ")));
            }
            also.push(format!(
                "  {id}, if {}: {}  [{}]",
                crate::policy::graph::cond_text(&a.cond),
                what.join("; "),
                a.source
            ));
        }
    }
    if !also.is_empty() {
        out("\nAdded to an outcome when a condition holds, at raising and at the decision (`also`):")?;
        for line in also {
            out(line)?;
        }
    }
    // What a decision on each outcome makes no longer needed (`ends`, issue 15).
    let ends: Vec<String> = p
        .outcomes
        .iter()
        .filter_map(|(id, o)| o.ends.as_ref().map(|e| (id, e)))
        .map(|(id, e)| {
            let unless = e
                .unless
                .as_ref()
                .map(|c| format!(", unless {}", crate::policy::graph::cond_text(c)))
                .unwrap_or_default();
            format!("  {id}: ends {}{unless}: {}  [{}]", e.duties.join(", "), e.why, e.source)
        })
        .collect();
    out(
        "\nEnded by a decision (`ends`: the open duties a decision on the outcome cancels as no longer needed):",
    )?;
    if ends.is_empty() {
        out("  none: a decision ends no duty")?;
    }
    for line in ends {
        out(line)?;
    }
    out("\nDuties:")?;
    output::table(
        &["=Duty", "Title", "Owner", "Deadline"],
        p.duties.iter().map(|(kind, d)| {
            let mut rules: Vec<String> =
                d.rules.iter().map(|r| format!("{} [{}]", r.within, r.source)).collect();
            if let Some(c) = &d.cadence {
                rules.push(format!(
                    "repeats: {}, counted from when {}, until the concern is closed [{}]",
                    c.cadence().words(),
                    c.from.words(),
                    c.source
                ));
            }
            let mut rules = if rules.is_empty() {
                "no rule of its own: the date is given when it starts".into()
            } else {
                rules.join("; ")
            };
            if let Some(why) = &d.local_choice {
                rules.push_str(&format!("; local choice (the seeds leave this open): {why}"));
            }
            vec![kind.as_str().into(), d.title.as_str().into(), p.role_title(&d.owner).into(), rules.into()]
        }),
    )?;
    out("\nEvents (safeguard log ID EVENT):")?;
    let events = p.events.iter().map(|(name, e)| {
        let mut effects = vec![];
        if !e.completes.is_empty() {
            effects.push(format!("settles {}", e.completes.join(", ")));
        }
        if !e.start.is_empty() {
            let only = if e.start_about.is_empty() {
                String::new()
            } else {
                format!(" (on a concern about {})", e.start_about.join(" or "))
            };
            effects.push(format!(
                "starts {}{only}",
                e.start.iter().map(|s| s.kind()).collect::<Vec<_>>().join(", ")
            ));
        }
        if let Some(r) = &e.repeat {
            effects.push(format!(
                "once it has happened {} times or more, also starts {} [{}]",
                r.times,
                r.start.iter().map(|s| s.kind()).collect::<Vec<_>>().join(", "),
                r.source
            ));
        }
        if !e.by.is_empty() {
            effects.push(format!("only {} may log it", e.by.join(" or ")));
        }
        if let Some(st) = &e.stages {
            effects.push(format!("needs --stage N: {} [{}]", st.help, st.source));
            for f in &st.from {
                effects.push(format!(
                    "from stage {}, also starts {} [{}]",
                    f.stage,
                    f.start.iter().map(|s| s.kind()).collect::<Vec<_>>().join(", "),
                    f.source
                ));
            }
        }
        vec![name.as_str().into(), format!("{}  [{}]", e.title, e.source).into(), effects.join("; ").into()]
    });
    let amend = vec![
        "amend".into(),
        "a correction of an earlier entry (--entry SEQ --note TEXT)".into(),
        output::Cell::from(""),
    ];
    output::table(&["=Event", "Records", "Effects"], events.chain([amend]))?;
    if !p.routes.is_empty() {
        out("\nRoutes (who receives a concern, by where its subject stands; the first that applies):")?;
        output::table(
            &["=Route", "What it does"],
            crate::policy::route::ordered(p).into_iter().map(|(id, r)| {
                let when = r
                    .when
                    .as_ref()
                    .map(crate::policy::graph::cond_text)
                    .unwrap_or_else(|| "otherwise".into());
                let mut lines = vec![
                    format!("{}  [{}]", r.title, r.source),
                    format!("when: {when}"),
                    format!("readers: {}", r.readers.join(", ")),
                ];
                if !r.subject.is_empty() {
                    lines.push(format!("left out (the subject's role): {}", r.subject.join(", ")));
                }
                if !r.tell.is_empty() {
                    lines.push(format!("also told: {}", r.tell.join(", ")));
                }
                lines.extend(r.owners.iter().map(|(from, to)| format!("the duties of {from} go to {to}")));
                lines.extend(r.duties.iter().map(|(from, to)| format!("duty {from} becomes {to}")));
                vec![id.as_str().into(), lines.join("\n").into()]
            }),
        )?;
    }
    out("\nBindings (the ids safeguard's code relies on; [bindings] in the policy):")?;
    output::table(
        &["=Binding", "=Id"],
        p.bindings
            .each()
            .into_iter()
            .map(|(section, name, id, _)| vec![format!("{section}.{name}").into(), id.into()]),
    )?;
    let missing = p.bindings.missing();
    if !missing.is_empty() {
        out(format!("  not bound (this policy has none): {}", missing.join(", ")))?;
    }
    Ok(())
}

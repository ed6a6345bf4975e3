//! `safeguard policy show|check`: the policy in force, and validating a policy file.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::cli::{Context, out, out_json};
use crate::error::Result;
use crate::exit::Exit;
use crate::output;
use crate::policy::{NodeType, Policy};

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
    },
    /// Draw the policy's decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid.
    Graph {
        /// dot or mermaid.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Draw this policy file instead of the one in force.
        file: Option<PathBuf>,
    },
    /// Validate a policy file: every problem is listed, each naming its node. Exit 2 if any.
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
            out(match format {
                GraphFormat::Dot => crate::policy::graph::dot(&p),
                GraphFormat::Mermaid => crate::policy::graph::mermaid(&p),
            }
            .trim_end())?;
            Ok(Exit::Success)
        }
        PolicyCommand::Check { file } => {
            let p = Policy::load(Some(&file))?;
            output::status(&format!(
                "{}: policy {} {} is valid ({} nodes, {} outcomes, {} duties)",
                file.display(),
                p.id,
                p.version,
                p.nodes.len(),
                p.outcomes.len(),
                p.duties.len()
            ));
            Ok(Exit::Success)
        }
        PolicyCommand::Show { json } => {
            let p = Policy::load(ctx.config.policy.as_deref())?;
            if json {
                out_json(&policy_json(&p))?;
            } else {
                print_policy(&p)?;
            }
            Ok(Exit::Success)
        }
    }
}

fn policy_json(p: &Policy) -> Value {
    let questions: Vec<Value> = p
        .questions()
        .map(|n| {
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
            })
        })
        .collect();
    json!({
        "id": p.id,
        "version": p.version,
        "title": p.title,
        "hash": p.hash,
        "questions": questions,
        "builtin_answers": crate::interview::answers::BUILTIN.iter().map(|(id, what)| json!({ "id": id, "type": "text", "meaning": what })).collect::<Vec<_>>(),
        "outcomes": p.outcomes,
        "duties": p.duties,
        "events": p.events,
        "roles": p.roles,
    })
}

fn print_policy(p: &Policy) -> Result<()> {
    out(format!("{} (id {}, version {})\nsha256 {}\n", p.title, p.id, p.version, p.hash))?;
    out("Questions (ids for answer files):")?;
    for n in p.nodes.iter().filter(|n| n.kind == NodeType::Question) {
        let ask = n.ask.map(|a| format!("{a:?}").to_lowercase()).unwrap_or_default();
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
        for c in &n.answers {
            out(format!("      {:<24} {}", c.value, c.label))?;
        }
    }
    for (id, what) in crate::interview::answers::BUILTIN {
        out(format!(
            "  {id}  (text, optional; any policy)  [003 §7.17]\n      {what}, for signing the record"
        ))?;
    }
    out("\nOutcomes:")?;
    let mut outcomes: Vec<_> = p.outcomes.iter().collect();
    outcomes.sort_by(|a, b| {
        (&a.1.group, std::cmp::Reverse(a.1.rank)).cmp(&(&b.1.group, std::cmp::Reverse(b.1.rank)))
    });
    for (id, o) in outcomes {
        out(format!("  {id:<32} {:<9} {}  [{}]", o.group, o.title, o.source))?;
    }
    out("\nDuties:")?;
    for (kind, d) in &p.duties {
        let rules: Vec<String> = d.rules.iter().map(|r| format!("{} [{}]", r.within, r.source)).collect();
        let rules = if rules.is_empty() {
            "no rule of its own: the date is given when it starts".into()
        } else {
            rules.join("; ")
        };
        out(format!("  {kind:<28} {} ({})\n      {rules}", d.title, p.role_title(&d.owner)))?;
    }
    out("\nEvents (safeguard log ID EVENT):")?;
    for (name, e) in &p.events {
        out(format!("  {name:<28} {}  [{}]", e.title, e.source))?;
        let mut effects = vec![];
        if !e.completes.is_empty() {
            effects.push(format!("settles {}", e.completes.join(", ")));
        }
        if !e.start.is_empty() {
            effects
                .push(format!("starts {}", e.start.iter().map(|s| s.kind()).collect::<Vec<_>>().join(", ")));
        }
        if let Some(r) = &e.repeat {
            effects.push(format!(
                "once it has happened {} times or more, also starts {} [{}]",
                r.times,
                r.start.iter().map(|s| s.kind()).collect::<Vec<_>>().join(", "),
                r.source
            ));
        }
        if !effects.is_empty() {
            out(format!("      {}", effects.join("; ")))?;
        }
    }
    out("  amend                        a correction of an earlier entry (--entry SEQ --note TEXT)")?;
    Ok(())
}

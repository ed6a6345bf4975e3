//! The policy drawn as a graph for policy owners: Graphviz DOT or Mermaid.

use std::fmt::Write;

use super::{Cond, NodeType, Policy};

fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// A condition in a few words, for an edge label.
/// A condition in words, as the graph draws it on an edge (`about = staff and q1 in a/b`).
pub fn cond_text(c: &Cond) -> String {
    let joined = |subs: &[Cond], word: &str| {
        subs.iter()
            .map(|s| match s {
                // Brackets keep "a and (b or c)" apart from "(a and b) or c".
                Cond::All(_) | Cond::Any(_) => format!("({})", cond_text(s)),
                _ => cond_text(s),
            })
            .collect::<Vec<_>>()
            .join(word)
    };
    match c {
        Cond::All(subs) => joined(subs, " and "),
        Cond::Any(subs) => joined(subs, " or "),
        Cond::Not(sub) => match sub.as_ref() {
            Cond::All(_) | Cond::Any(_) => format!("not ({})", cond_text(sub)),
            _ => format!("not {}", cond_text(sub)),
        },
        Cond::Is { answer, value } => format!("{answer} = {value}"),
        Cond::In { answer, values } => format!("{answer} in {}", values.join("/")),
        Cond::Contains { answer, value } => format!("{answer} has {value}"),
        Cond::Nonempty { answer, nonempty: true } => format!("{answer} ticked"),
        Cond::Nonempty { answer, nonempty: false } => format!("{answer} none ticked"),
        Cond::Below { answer, limit } => format!("{answer} < {limit}"),
        Cond::Same { answer, other } => format!("{answer} = {other}"),
    }
}

/// Every edge: (from, to, label).
fn edges(p: &Policy) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for n in &p.nodes {
        for c in &n.answers {
            if let Some(t) = &c.next {
                out.push((n.id.clone(), t.clone(), c.value.clone()));
            }
        }
        for w in &n.when {
            out.push((n.id.clone(), w.next.clone(), cond_text(&w.cond)));
        }
        if let Some(t) = &n.otherwise {
            out.push((n.id.clone(), t.clone(), "otherwise".into()));
        }
        if let Some(t) = &n.next {
            let label = if n.answers.iter().any(|c| c.next.is_some()) { "other answers" } else { "" };
            out.push((n.id.clone(), t.clone(), label.into()));
        }
    }
    out
}

/// What an outcome `also` adds when its condition holds (003 §6.38 out of hours), one box each:
/// (outcome, box id, edge label, box lines).
fn alsos(p: &Policy) -> Vec<(String, String, String, Vec<String>)> {
    let kinds =
        |starts: &[super::Start]| starts.iter().map(|s| s.kind().to_owned()).collect::<Vec<_>>().join(", ");
    let mut out = Vec::new();
    for (id, o) in &p.outcomes {
        for (i, a) in o.also.iter().enumerate() {
            let mut lines = vec![format!("{id}: also {}", i + 1)];
            if !a.start.is_empty() {
                lines.push(format!("starts: {}", kinds(&a.start)));
            }
            if let Some(d) = &a.on_decision {
                lines.push(format!("at a decision: {}", kinds(d)));
            }
            if !a.tell.is_empty() {
                lines.push(format!("tells: {}", a.tell.join(", ")));
            }
            lines.push(format!("[{}]", a.source));
            out.push((
                id.clone(),
                format!("{id} also {}", i + 1),
                format!("also if {}", cond_text(&a.cond)),
                lines,
            ));
        }
    }
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Graphviz DOT.
pub fn dot(p: &Policy) -> String {
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=TB;\n  node [fontname=\"DejaVu Sans\", fontsize=10];\n",
        dot_escape(&p.id)
    );
    for n in &p.nodes {
        let (shape, label) = match n.kind {
            NodeType::Question => {
                ("box", format!("{}\\n{}", n.id, dot_escape(&short(n.prompt.as_deref().unwrap_or(""), 48))))
            }
            NodeType::Branch => ("diamond", n.id.clone()),
            NodeType::Notice => {
                ("note", format!("{}\\n{}", n.id, dot_escape(&short(n.text.as_deref().unwrap_or(""), 48))))
            }
        };
        let _ = writeln!(out, "  \"{}\" [shape={shape}, label=\"{label}\"];", dot_escape(&n.id));
    }
    for (id, o) in &p.outcomes {
        let _ = writeln!(
            out,
            "  \"{}\" [shape=doubleoctagon, style=filled, fillcolor=\"#eeeeee\", label=\"{}\\n{}\\n[{}]\"];",
            dot_escape(id),
            dot_escape(id),
            dot_escape(&short(&o.title, 48)),
            dot_escape(&o.source)
        );
    }
    for (a, b, l) in edges(p) {
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"];",
            dot_escape(&a),
            dot_escape(&b),
            dot_escape(&l)
        );
    }
    for (o, id, cond, lines) in alsos(p) {
        let label = lines.iter().map(|l| dot_escape(l)).collect::<Vec<_>>().join("\\n");
        let _ =
            writeln!(out, "  \"{}\" [shape=component, style=dashed, label=\"{label}\"];", dot_escape(&id));
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [style=dashed, label=\"{}\"];",
            dot_escape(&o),
            dot_escape(&id),
            dot_escape(&cond)
        );
    }
    out.push_str("}\n");
    out
}

fn mid(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;")
}

/// Mermaid flowchart.
pub fn mermaid(p: &Policy) -> String {
    let mut out = String::from("flowchart TD\n");
    for n in &p.nodes {
        let text = mermaid_text(&match n.kind {
            NodeType::Question => format!("{}: {}", n.id, short(n.prompt.as_deref().unwrap_or(""), 48)),
            NodeType::Notice => format!("{}: {}", n.id, short(n.text.as_deref().unwrap_or(""), 48)),
            NodeType::Branch => n.id.clone(),
        });
        let _ = match n.kind {
            NodeType::Branch => writeln!(out, "  {}{{\"{text}\"}}", mid(&n.id)),
            _ => writeln!(out, "  {}[\"{text}\"]", mid(&n.id)),
        };
    }
    for (id, o) in &p.outcomes {
        let _ = writeln!(out, "  {}([\"{}: {}\"])", mid(id), id, mermaid_text(&short(&o.title, 48)));
    }
    for (a, b, l) in edges(p) {
        if l.is_empty() {
            let _ = writeln!(out, "  {} --> {}", mid(&a), mid(&b));
        } else {
            let _ = writeln!(out, "  {} -->|\"{}\"| {}", mid(&a), mermaid_text(&l), mid(&b));
        }
    }
    for (o, id, cond, lines) in alsos(p) {
        let text = lines.iter().map(|l| mermaid_text(l)).collect::<Vec<_>>().join("<br>");
        let _ = writeln!(out, "  {}[/\"{text}\"/]", mid(&id));
        let _ = writeln!(out, "  {} -.->|\"{}\"| {}", mid(&o), mermaid_text(&cond), mid(&id));
    }
    out
}

//! `safeguard config show`: the settings in force and where each came from.

use serde_json::{Value, json};

use crate::cli::{Context, out, out_json};
use crate::error::Result;
use crate::exit::Exit;

/// Show the configuration in force.
///
/// The config file is TOML (`--config`, SAFEGUARD_CONFIG, or ~/.config/safeguard/config.toml);
/// an unknown key is an error that names it. `examples/config.toml` explains every key.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print every setting in force and where it came from.
    Show {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    let ConfigCommand::Show { json } = args.command;
    let file = ctx.config_path.as_ref().map(|p| format!("config {}", p.display()));
    let in_file: Value = ctx
        .config_path
        .as_ref()
        .and_then(|p| crate::limits::read_text(p, crate::limits::CONFIG_FILE_MAX, "a config file").ok())
        .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    let source = |key: &str| -> String {
        match (&file, in_file.get(key)) {
            (Some(f), Some(_)) => f.clone(),
            _ => "default".into(),
        }
    };
    let c = &ctx.config;
    let rows: Vec<(String, Value, String)> = vec![
        (
            "config file".into(),
            json!(ctx.config_path.as_ref().map(|p| p.display().to_string())),
            if file.is_some() { "found".into() } else { "none (defaults)".into() },
        ),
        ("store".into(), json!(ctx.store_path.display().to_string()), ctx.store_source.clone()),
        ("service".into(), json!(c.service), source("service")),
        ("data_dir".into(), json!(c.data_dir), source("data_dir")),
        ("user.name".into(), json!(c.user.as_ref().map(|u| &u.name)), source("user")),
        ("user.role".into(), json!(c.user.as_ref().map(|u| &u.role)), source("user")),
        (
            "jurisdiction".into(),
            serde_json::to_value(c.jurisdiction).unwrap_or(Value::Null),
            source("jurisdiction"),
        ),
        ("closure_days".into(), json!(c.closure_days), source("closure_days")),
        ("bank_holidays".into(), json!(c.bank_holidays), source("bank_holidays")),
        (
            "unspecified_days".into(),
            serde_json::to_value(c.unspecified_days).unwrap_or(Value::Null),
            source("unspecified_days"),
        ),
        (
            "policy".into(),
            json!(
                c.policy
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "(embedded default)".into())
            ),
            source("policy"),
        ),
        ("contacts".into(), serde_json::to_value(&c.contacts).unwrap_or(Value::Null), source("contacts")),
    ];
    if json {
        let obj: serde_json::Map<String, Value> =
            rows.into_iter().map(|(k, v, s)| (k, json!({ "value": v, "from": s }))).collect();
        out_json(&Value::Object(obj))?;
    } else {
        for (k, v, s) in rows {
            let shown = match v {
                Value::Null => "(not set)".to_owned(),
                Value::String(x) => x,
                other => other.to_string(),
            };
            out(format!("{k:<17} {shown}    [{s}]"))?;
        }
    }
    Ok(Exit::Success)
}

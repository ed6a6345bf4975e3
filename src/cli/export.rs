//! `safeguard export`: the official forms and the records, for sending on or archiving.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use serde_json::json;

use crate::cli::{Context, raise::calendar, view};
use crate::domain::clock::rfc3339;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::export::write::OutDir;
use crate::export::{Format, forms, pdf, text};
use crate::output;

/// Export the official forms (SARF, CCRF, record of escalation, chronology) and the records.
///
/// EXPORTS ARE PLAINTEXT: they leave the encrypted store so that they can be sent on by secure
/// email. Keep them out of shared folders and delete them once sent. They are never written
/// into the store's own directory.
///
/// Each file is written whole or not at all (mode 0600, in a 0700 directory) with a stable
/// name, e.g. SG-2026-0007-sarf-child.pdf, SG-2026-0007.json, concerns.csv; manifest.json lists
/// every file with its SHA-256. Works with no terminal (cron): exit 0 when every file was
/// written, 8 when some failed (the rest are complete; no partial file is left).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Concern ids to export.
    pub ids: Vec<String>,
    /// Export every concern.
    #[arg(long)]
    pub all: bool,
    /// Only concerns raised on or after this date (YYYY-MM-DD, UK time) or time (RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only concerns with this status.
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Only concerns with entries newer than the last export to this --out directory.
    #[arg(long)]
    pub changed_since_last_export: bool,
    /// Which forms: auto (each concern's official form, SARF or CCRF, and the record of
    /// escalation once stage 3 is reached; the chronology for concerns with no form of their
    /// own), all (auto plus every chronology), sarf, ccrf, escalation, chronology.
    #[arg(long, value_enum, default_value_t = FormChoice::Auto)]
    pub form: FormChoice,
    /// Formats, comma-separated: pdf, html, md, json (the whole record), csv (one row per concern).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
    pub format: Vec<Format>,
    /// The directory to write into (created 0700 if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Status {
    Open,
    Closed,
    Frozen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormChoice {
    Auto,
    All,
    Sarf,
    Ccrf,
    Escalation,
    Chronology,
}

pub fn run(ctx: &Context, args: Args) -> Result<Exit> {
    if args.ids.is_empty()
        && !args.all
        && args.since.is_none()
        && args.status.is_none()
        && !args.changed_since_last_export
    {
        return Err(Error::input(
            "say which concerns: IDs, --all, --since DATE, --status or --changed-since-last-export",
        ));
    }
    refuse_store_dir(ctx, &args.out)?;
    let since = match &args.since {
        None => None,
        Some(s) => Some(match s.parse::<chrono::NaiveDate>() {
            Ok(d) => rfc3339(crate::domain::calendar::london_to_utc(d, chrono::NaiveTime::MIN)),
            Err(_) => rfc3339(
                crate::interview::parse_datetime(s).map_err(|e| Error::input(format!("--since: {e}")))?,
            ),
        }),
    };
    let store = ctx.open_store()?;
    let now = ctx.clock.now();
    let cal = calendar(ctx);
    let out_key = std::fs::canonicalize(
        args.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")),
    )
    .map(|p| p.join(args.out.file_name().unwrap_or_default()))
    .unwrap_or_else(|_| args.out.clone())
    .display()
    .to_string();
    let after =
        if args.changed_since_last_export { Some(store.last_export(&out_key)?.unwrap_or(0)) } else { None };
    let head = store.last_seq()?;
    let status = args.status.map(|s| format!("{s:?}").to_lowercase());
    let mut ids: Vec<String> = if args.ids.is_empty() {
        store.select_concerns(since.as_deref(), status.as_deref(), after)?
    } else {
        let chosen: BTreeSet<String> =
            store.select_concerns(since.as_deref(), status.as_deref(), after)?.into_iter().collect();
        args.ids.iter().filter(|i| chosen.contains(*i) || store.concern(i).is_err()).cloned().collect()
    };
    ids.dedup();
    let formats: BTreeSet<Format> = args.format.iter().copied().collect();
    let mut dir = OutDir::open(&args.out)?;
    let mut failures: Vec<String> = vec![];
    let mut csv = formats.contains(&Format::Csv).then(|| text::CSV_COLUMNS.join(",") + "\n");
    let progress = std::io::stderr().is_terminal();
    let doc_formats: Vec<Format> =
        formats.iter().copied().filter(|f| matches!(f, Format::Pdf | Format::Html | Format::Md)).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    // Concerns go through in chunks: records are read on this thread (the store connection is
    // not shared), documents are rendered on every core, files are written here in order.
    // Memory stays bounded by one chunk, however many concerns are exported.
    for (chunk_no, chunk) in ids.chunks(CHUNK).enumerate() {
        if progress {
            let _ = write!(
                std::io::stderr(),
                "\rexporting {}/{}",
                (chunk_no * CHUNK + chunk.len()).min(ids.len()),
                ids.len()
            );
        }
        let mut jobs: Vec<(String, forms::Doc, Format)> = Vec::new();
        // Only CSV needs no journal: its columns come from the concern row and its duties.
        let journal = formats.iter().any(|f| *f != Format::Csv);
        let parts = match store.parts_batch(chunk, journal) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}..: {e}", chunk[0]));
                continue;
            }
        };
        if parts.len() < chunk.len() {
            for id in chunk.iter().filter(|id| !parts.iter().any(|p| &p.row.id == *id)) {
                failures.push(format!("{id}: no such concern"));
            }
        }
        for part in parts {
            let id = part.row.id.clone();
            let rec = view::build_json(part, now);
            if let Some(c) = csv.as_mut() {
                c.push_str(&text::csv_row(&rec));
                c.push('\n');
            }
            if formats.contains(&Format::Json) {
                let body =
                    serde_json::to_string_pretty(&rec).map_err(|e| Error::Other(e.to_string()))? + "\n";
                if let Err(e) = dir.write(&format!("{id}.json"), body.as_bytes()) {
                    failures.push(e.to_string());
                }
            }
            if doc_formats.is_empty() {
                continue;
            }
            let names: Vec<&str> = match args.form {
                FormChoice::Auto => forms::forms_for(&rec, false),
                FormChoice::All => forms::forms_for(&rec, true),
                FormChoice::Sarf => vec!["sarf-child", "sarf-adult"],
                FormChoice::Ccrf => vec!["ccrf"],
                FormChoice::Escalation => vec!["escalation"],
                FormChoice::Chronology => vec!["chronology"],
            };
            for form in names {
                if let Some(doc) = forms::build(form, &rec, &cal, now) {
                    for f in &doc_formats {
                        jobs.push((format!("{id}-{}.{}", doc.form, f.ext()), doc.clone(), *f));
                    }
                }
            }
        }
        for (name, bytes) in render_all(jobs, workers) {
            if let Err(e) = bytes.and_then(|b| dir.write(&name, &b)) {
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    if progress {
        let _ = writeln!(std::io::stderr());
    }
    if let Some(c) = csv
        && let Err(e) = dir.write("concerns.csv", c.as_bytes())
    {
        failures.push(e.to_string());
    }
    let written = dir.finish(json!({
        "created_at": rfc3339(now),
        "store": store.path().display().to_string(),
        "concerns": ids,
        "plaintext": true,
        "failures": failures,
    }))?;
    if failures.is_empty() {
        store.remember_export(&out_key, head, now)?;
    }
    output::status(&format!(
        "wrote {} files for {} concerns to {} (plaintext: send securely, then delete)",
        written.len(),
        ids.len(),
        args.out.display()
    ));
    if failures.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(Error::Partial(format!("{} exports failed:\n  {}", failures.len(), failures.join("\n  "))))
    }
}

/// How many concerns are read, rendered and written at a time.
const CHUNK: usize = 64;

/// Renders documents on `workers` threads; results come back in the order of `jobs`.
fn render_all(jobs: Vec<(String, forms::Doc, Format)>, workers: usize) -> Vec<(String, Result<Vec<u8>>)> {
    let render = |(name, doc, f): &(String, forms::Doc, Format)| -> (String, Result<Vec<u8>>) {
        let bytes = match f {
            Format::Pdf => pdf::render(doc),
            Format::Html => Ok(text::html(doc).into_bytes()),
            _ => Ok(text::markdown(doc).into_bytes()),
        };
        (name.clone(), bytes)
    };
    if workers <= 1 || jobs.len() < 2 {
        return jobs.iter().map(render).collect();
    }
    let per = jobs.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(render).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(jobs.chunks(per))
            .flat_map(|(h, part)| {
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|(n, _, _)| (n.clone(), Err(Error::Other("rendering failed".into()))))
                        .collect()
                })
            })
            .collect()
    })
}

/// Exports are plaintext: never beside the encrypted store.
fn refuse_store_dir(ctx: &Context, out: &std::path::Path) -> Result<()> {
    let store_dir = ctx.store_path.parent().and_then(|p| std::fs::canonicalize(p).ok());
    let mut probe = out.to_path_buf();
    while !probe.exists() {
        match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => probe = p.to_path_buf(),
            _ => probe = PathBuf::from("."),
        }
    }
    if let (Some(sd), Ok(o)) = (store_dir, std::fs::canonicalize(&probe))
        && o.starts_with(&sd)
    {
        return Err(Error::input(format!(
            "refusing to write plaintext exports into the store's directory {}; choose another --out",
            sd.display()
        )));
    }
    Ok(())
}

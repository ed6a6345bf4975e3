//! Exports: the official forms and the whole record, as PDF, HTML, Markdown, JSON and CSV.
//!
//! Exports are plaintext by design (they go on by secure email, 004 §2 ¶2): they are written
//! with mode 0600, atomically, and never into the store's directory by default.

pub mod forms;
pub mod json;
pub mod pdf;
pub mod text;
pub mod write;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Html,
    Md,
    Json,
    Csv,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

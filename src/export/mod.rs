//! Exports: the official forms and the whole record, as PDF, HTML, Markdown, JSON and CSV.
//!
//! Renderers only: each takes the typed record (or a form built from it) and returns text or
//! bytes; nothing here writes a file. Exports are plaintext by design (they go on by secure
//! email, 004 §2 ¶2); `files::out_dir` writes them (mode 0600, atomically) and `cli::export`
//! keeps them out of the store's directory.

pub mod form;
pub mod forms;
pub mod json;
pub mod pdf;
pub mod redact;
pub mod text;

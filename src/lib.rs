//! `safeguard` leads staff through their organisation's written safeguarding policy, tells
//! them what to do and by when, and keeps every record in an encrypted per-service store.
//!
//! Layout, from the top: `cli` (clap, dispatch; the only place clap types live) → `terminal`
//! (questions through dialoguer), `output` (lines on the terminal), `files` (files on disk),
//! `export` (renderers: data in, bytes out), `store` (the encrypted file), `interview` (the
//! engine that walks a policy) → `policy` (the organisation's policy as data) → `domain` (pure
//! rules and the typed record). `tests/cli/architecture.rs` fails on an arrow the other way.
//! The library API exists for the binary and its tests; it is not stable.

pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod exit;
pub mod export;
pub mod files;
pub mod interview;
pub mod keyring;
pub mod limits;
pub mod output;
pub mod policy;
pub mod seal;
pub mod secret;
pub mod store;
pub mod terminal;

//! `safeguard` leads staff through their organisation's written safeguarding policy, tells
//! them what to do and by when, and keeps every record in an encrypted per-service store.
//!
//! Layout: `cli` (clap, dispatch) → `store`, `output` → `domain` (pure rules). The library
//! API exists for the binary and its tests; it is not stable.

pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod exit;
pub mod export;
pub mod files;
pub mod interview;
pub mod limits;
pub mod output;
pub mod policy;
pub mod secret;
pub mod store;

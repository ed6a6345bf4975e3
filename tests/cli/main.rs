//! End-to-end tests of the `safeguard` binary, one module per area.

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

mod anonymous;
mod architecture;
mod backup;
mod bindings;
mod common;
mod decide;
mod export;
mod faults;
mod forms;
mod generated;
mod inputs;
mod insider;
mod journal;
mod lifecycle;
mod literals;
mod meddling;
mod memory;
mod moot;
mod policy;
mod pty;
mod raise;
mod records;
mod retention;
mod routes;
mod rules;
mod sealed;
mod secrets;
mod shared;
mod signed;
mod store;
mod stories;
mod tables;
mod terminal;
mod tools;
mod unlock;
mod verify;
mod words;

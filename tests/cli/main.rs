//! End-to-end tests of the `safeguard` binary, one module per area.

mod anonymous;
mod common;
mod export;
mod faults;
mod generated;
mod inputs;
mod policy;
mod pty;
mod raise;
mod secrets;
mod store;
mod stories;
mod tools;
mod verify;

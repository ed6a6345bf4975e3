//! End-to-end tests of the `safeguard` binary, one module per area.

mod common;
mod pty;
mod raise;
mod store;

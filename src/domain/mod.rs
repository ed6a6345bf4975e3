//! Pure domain types and rules: no I/O, no terminal, no SQL.

pub mod bodymap;
pub mod calendar;
pub mod clock;
pub mod deadline;
pub mod duty;
pub mod hazard;
pub mod record;
pub mod replay;
pub mod retention;
pub mod review;
pub mod signed;
pub mod spoken;
pub mod stats;

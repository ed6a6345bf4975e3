//! The forms' short names: the tool's own words (file names, `export --form`), written once.
//! Two of them are also ids in the default policy (the duty `ccrf`, the event `escalation`);
//! here they name forms, never those ids (tests/cli/literals.rs allows them in this file only).

pub const SARF_CHILD: &str = "sarf-child";
pub const SARF_ADULT: &str = "sarf-adult";
pub const CCRF: &str = "ccrf";
pub const ESCALATION: &str = "escalation";
pub const CHRONOLOGY: &str = "chronology";

//! "Now", read once per command. `SAFEGUARD_NOW` (RFC 3339) fixes it for tests and demonstrations.

use chrono::{DateTime, Utc};

use crate::error::Error;

/// The environment variable that fixes the clock.
pub const ENV_NOW: &str = "SAFEGUARD_NOW";

/// The command's clock. Every time the tool records or compares is taken from here.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock, unless `SAFEGUARD_NOW` is set (a malformed value is an input error).
    pub fn from_env() -> Result<Clock, Error> {
        match std::env::var(ENV_NOW) {
            Ok(v) if !v.trim().is_empty() => Ok(Clock::fixed(
                parse_rfc3339(v.trim())
                    .map_err(|e| Error::input(format!("{ENV_NOW}={v:?} is not an RFC 3339 time: {e}")))?,
            )),
            _ => Ok(Clock { fixed: None }),
        }
    }

    /// A clock stopped at `t`.
    pub fn fixed(t: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(t) }
    }

    /// The current time in UTC, to the second (records do not need sub-second times).
    pub fn now(&self) -> DateTime<Utc> {
        use chrono::SubsecRound;
        self.fixed.unwrap_or_else(Utc::now).trunc_subsecs(0)
    }
}

/// Parses an RFC 3339 time such as `2026-12-24T16:00:00Z` into UTC.
pub fn parse_rfc3339(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc))
}

/// The one format times are stored and printed in: RFC 3339, UTC, seconds, `Z`.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_returns_its_time_in_utc() {
        let t = parse_rfc3339("2026-03-27T12:00:00+01:00").unwrap();
        assert_eq!(rfc3339(Clock::fixed(t).now()), "2026-03-27T11:00:00Z");
    }
}

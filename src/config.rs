//! Configuration (TOML) and the paths the tool uses.
//!
//! Where things are, in order of precedence:
//! - the store: `--db`/`SAFEGUARD_DB`, else `<data dir>/<service>.db` where the service comes
//!   from `--service`/`SAFEGUARD_SERVICE`, else the config's `service`, else `default`;
//! - the data dir: the config's `data_dir`, else the platform's (`~/.local/share/safeguard`);
//! - the config: `--config`/`SAFEGUARD_CONFIG`, else `~/.config/safeguard/config.toml`
//!   (a missing default config is fine; a missing named one is an error).
//!
//! Nothing organisation-specific is built in: names, numbers and role holders come from here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The service used when none is named.
pub const DEFAULT_SERVICE: &str = "default";

/// A person who signs records: a name and a role.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub role: String,
}

/// Contact details for a role holder named in the "who to tell" guidance.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Contact {
    /// What is known of them, in words: "Gina Head, 020 7000 0001, gina@…", or `None` when the
    /// configuration gives nothing.
    pub fn details(&self) -> Option<String> {
        let parts: Vec<&str> =
            [&self.name, &self.phone, &self.email].into_iter().flatten().map(String::as_str).collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

pub use crate::domain::calendar::{Jurisdiction, date_list};
pub use crate::domain::deadline::UnspecifiedDays;

/// The configuration file's contents. Unknown keys are errors that name the key.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The service whose store is used when `--service` is not given.
    pub service: Option<String>,
    /// Where stores live, instead of the platform data directory (relative to the config file).
    pub data_dir: Option<PathBuf>,
    /// The person using this account: signs what they record.
    pub user: Option<Person>,
    /// Bank holidays of this jurisdiction are not working days.
    #[serde(default)]
    pub jurisdiction: Jurisdiction,
    /// Extra days the service is closed (RFC 3339 dates), also not working days.
    #[serde(default, deserialize_with = "date_list")]
    pub closure_days: Vec<chrono::NaiveDate>,
    /// Bank holidays for years the embedded calendar does not cover.
    #[serde(default, deserialize_with = "date_list")]
    pub bank_holidays: Vec<chrono::NaiveDate>,
    /// How "N days" with no unit is counted.
    #[serde(default)]
    pub unspecified_days: UnspecifiedDays,
    /// An organisation's own policy file instead of the embedded default (relative to the
    /// config file).
    pub policy: Option<PathBuf>,
    /// Role holders, by role id (e.g. `designated-person`, `lado`): shown in the guidance.
    #[serde(default)]
    pub contacts: BTreeMap<String, Contact>,
}

impl Config {
    /// Reads the config: `explicit` must exist; the default location may be absent.
    pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
        let (path, required) = match explicit {
            Some(p) => (p.to_owned(), true),
            None => match default_config_path() {
                Some(p) => (p, false),
                None => return Ok((Config::default(), None)),
            },
        };
        let text = match crate::limits::read_text(&path, crate::limits::CONFIG_FILE_MAX, "a config file") {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok((Config::default(), None));
            }
            Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                return Err(Error::input(format!("config {}: {e}", path.display())));
            }
            Err(e) => return Err(Error::io(format!("cannot read the config {}", path.display()), e)),
        };
        let mut config: Config = toml::from_str(&text)
            .map_err(|e| Error::input(format!("config {}: {}", path.display(), toml_error(&e, &text))))?;
        // Paths in the config are relative to the config file, not to wherever the command is
        // run from (a cron job, another directory): `policy = "local.toml"` is beside it.
        let base = path.parent().unwrap_or(Path::new(""));
        for p in [config.policy.as_mut(), config.data_dir.as_mut()].into_iter().flatten() {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        if let Some(s) = &config.service {
            check_service_name(s)?;
        }
        Ok((config, Some(path)))
    }
}

/// A TOML reader's error on one line: its message and where it is (line and column), for a
/// person editing the file.
pub fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim_end();
    let Some(span) = e.span() else { return msg.to_owned() };
    let before = text.get(..span.start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    format!("{msg} (line {line}, column {column})")
}

/// `~/.config/safeguard/config.toml` (or the platform's equivalent).
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "safeguard").map(|d| d.config_dir().join("config.toml"))
}

/// `~/.local/share/safeguard` (or the platform's equivalent).
pub fn default_data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "safeguard")
        .map(|d| d.data_dir().to_owned())
        .ok_or_else(|| Error::input("cannot find a home directory; pass --db PATH"))
}

/// A service name becomes a file name: letters, digits, `-` and `_` only.
pub fn check_service_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::input(format!(
            "service name {name:?} may use only letters, digits, '-' and '_' (at most 64)"
        )))
    }
}

/// Where the store is, from the flags, the config and the platform defaults.
pub fn store_path(db: Option<&Path>, service: Option<&str>, config: &Config) -> Result<PathBuf> {
    if let Some(p) = db {
        return Ok(p.to_owned());
    }
    let service = service.or(config.service.as_deref()).unwrap_or(DEFAULT_SERVICE);
    check_service_name(service)?;
    let dir = match &config.data_dir {
        Some(d) => d.clone(),
        None => default_data_dir()?,
    };
    Ok(dir.join(format!("{service}.db")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_cannot_escape_the_data_dir() {
        for bad in ["../x", "a/b", "", ".", "a b", "x.db"] {
            assert!(check_service_name(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["default", "north-team", "svc_2"] {
            check_service_name(good).unwrap();
        }
    }

    #[test]
    fn unknown_config_key_is_named() {
        let err = toml::from_str::<Config>("servce = 'x'").unwrap_err();
        assert!(err.message().contains("servce"), "{}", err.message());
    }

    #[test]
    fn closure_days_take_toml_dates_or_strings() {
        let c: Config = toml::from_str("closure_days = [2026-12-24, \"2026-12-31\"]").unwrap();
        assert_eq!(c.closure_days.len(), 2);
        assert!(toml::from_str::<Config>("closure_days = [\"24/12/2026\"]").is_err());
    }

    #[test]
    fn db_flag_beats_service() {
        let c = Config { data_dir: Some("/d".into()), service: Some("cfg".into()), ..Config::default() };
        assert_eq!(store_path(Some(Path::new("/x.db")), Some("s"), &c).unwrap(), Path::new("/x.db"));
        assert_eq!(store_path(None, Some("s"), &c).unwrap(), Path::new("/d/s.db"));
        assert_eq!(store_path(None, None, &c).unwrap(), Path::new("/d/cfg.db"));
    }
}

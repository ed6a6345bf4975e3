//! The service file: the people of a service, their roles and keys, its inboxes and its
//! recovery keys (PRODUCT.md "The service file").
//!
//! It is the access list of sealed raising: whoever can change it can add their own key to
//! every concern. So it is read only when it is a regular file (not a symbolic link) owned by
//! root or by the user running the command, that neither its group nor anyone else can write,
//! in a directory that is just as safe. Parsing is strict: an unknown key, a recipient that is
//! not an age X25519 recipient, a role the policy does not know, or an inbox reader who is not
//! a listed person is refused, every problem named at once.

use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::unix;
use crate::error::{Error, Result};
use crate::policy::Policy;

/// The largest service file read (a list of people, not a data file).
const MAX_LEN: u64 = 4 * 1024 * 1024;

/// The directory of service files: `<dir>/<service>.toml`.
pub const DEFAULT_DIR: &str = "/etc/safeguard/services";

/// An age X25519 recipient, as written and parsed.
#[derive(Clone, Debug)]
pub struct Key {
    pub text: String,
    pub recipient: age::x25519::Recipient,
}

impl Key {
    /// Parses `age1…`; the error says what is wrong.
    pub fn parse(text: &str) -> std::result::Result<Key, String> {
        let t = text.trim();
        if !t.starts_with("age1") {
            return Err(format!("{t:?} is not an age recipient (they start with \"age1\")"));
        }
        let recipient: age::x25519::Recipient =
            t.parse().map_err(|e| format!("{t:?} is not a valid age X25519 recipient ({e})"))?;
        Ok(Key { text: recipient.to_string(), recipient })
    }

    /// A short fingerprint for people to compare: the first 16 hex digits of its SHA-256.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(self.text.as_bytes()))[..16].to_owned()
    }
}

/// A person of the service.
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub login: String,
    pub roles: Vec<String>,
    pub recipient: Key,
    /// The person's signing key (`sg-ed25519:...`, `safeguard identity show`'s second line):
    /// intake accepts a sealed concern signed with it from this login (issue 14).
    pub signing_key: Option<String>,
}

/// An inbox: a Maildir-style folder that staff drop sealed files into, read by its readers.
#[derive(Clone, Debug)]
pub struct Inbox {
    pub name: String,
    pub path: PathBuf,
    /// The Unix group whose members may drop files here.
    pub group: String,
    /// The Unix group that may read what lands here; by default the first reader's own group.
    pub readers_group: Option<String>,
    /// Persons (names) who read it.
    pub readers: Vec<String>,
    /// The keys that open what lands here: the reading store's.
    pub recipients: Vec<Key>,
}

/// A store that several people open as themselves (issue 14): the designated person, the
/// alternative designated lead, the Head of Safeguarding. Its folder is root's with the store's
/// group, 2770; the store file and its `-wal`/`-shm` are 0660 in that group. Each person signs
/// with their own key, kept in their own data directory.
#[derive(Clone, Debug)]
pub struct SharedStore {
    pub name: String,
    /// The store file (absolute).
    pub path: PathBuf,
    /// The Unix group of the people who open it; nobody who only raises may be in it.
    pub group: String,
    /// The persons (names) who open it.
    pub users: Vec<String>,
}

impl SharedStore {
    /// The folder the store lives in.
    pub fn dir(&self) -> PathBuf {
        crate::store::dir_of(&self.path)
    }
}

/// A loaded, checked service file.
#[derive(Clone, Debug)]
pub struct Service {
    pub path: PathBuf,
    pub name: String,
    pub recovery: Vec<Key>,
    pub persons: Vec<Person>,
    pub inboxes: Vec<Inbox>,
    pub stores: Vec<SharedStore>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    service: RawService,
    #[serde(default)]
    person: Vec<RawPerson>,
    #[serde(default)]
    inbox: Vec<RawInbox>,
    #[serde(default)]
    store: Vec<RawStore>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    name: String,
    path: PathBuf,
    group: String,
    users: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    name: String,
    #[serde(default)]
    recovery: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: String,
    login: String,
    #[serde(default)]
    roles: Vec<String>,
    recipient: String,
    #[serde(default)]
    signing_key: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInbox {
    name: String,
    path: PathBuf,
    group: String,
    #[serde(default)]
    readers_group: Option<String>,
    readers: Vec<String>,
    recipients: Vec<String>,
}

/// The environment variable naming another directory of service files than [`DEFAULT_DIR`].
pub const ENV_DIR: &str = "SAFEGUARD_SERVICES_DIR";

/// Where the service file is: `--service-file`/`SAFEGUARD_SERVICE_FILE`, else
/// `<dir>/<service>.toml` when that exists, `dir` being `SAFEGUARD_SERVICES_DIR` or
/// `/etc/safeguard/services`. `None`: no service file, so the single-store mode of one person
/// and one store.
pub fn locate(explicit: Option<&Path>, dir: &Path, service: &str) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_owned());
    }
    let p = dir.join(format!("{service}.toml"));
    std::fs::symlink_metadata(&p).is_ok().then_some(p)
}

impl Service {
    /// Reads and checks the service file at `path` against `policy`'s roles.
    pub fn load(path: &Path, policy: &Policy) -> Result<Service> {
        let text = read_trusted(path)?;
        Service::parse(&text, path, policy)
    }

    /// Parses and checks service-file text (the trust checks are [`read_trusted`]'s).
    pub fn parse(text: &str, path: &Path, policy: &Policy) -> Result<Service> {
        let shown = path.display();
        let raw: RawFile = toml::from_str(text)
            .map_err(|e| Error::input(format!("service file {shown}: {}", e.message())))?;
        let mut problems: Vec<String> = vec![];
        if let Err(e) = crate::config::check_service_name(&raw.service.name) {
            problems.push(format!("[service] name: {e}"));
        }
        let mut recovery = vec![];
        for r in &raw.service.recovery {
            match Key::parse(r) {
                Ok(k) => recovery.push(k),
                Err(e) => problems.push(format!("[service] recovery: {e}")),
            }
        }
        let mut persons = vec![];
        let (mut names, mut logins) = (BTreeSet::new(), BTreeSet::new());
        for p in raw.person {
            let at = format!("[[person]] {:?}", p.name);
            if p.name.trim().is_empty() {
                problems.push(format!("{at}: the name is empty"));
            }
            if !names.insert(p.name.clone()) {
                problems.push(format!("{at}: two persons have this name"));
            }
            if !valid_login(&p.login) {
                problems.push(format!("{at}: login {:?} is not a Unix login name", p.login));
            } else if !logins.insert(p.login.clone()) {
                problems.push(format!("{at}: login {:?} is given to two persons", p.login));
            }
            for r in &p.roles {
                if !policy.roles.contains_key(r) {
                    problems.push(format!(
                        "{at}: role {r:?} is not a role of policy {} (known: {})",
                        policy.id,
                        policy.roles.keys().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
            let signing_key = match p.signing_key.as_deref().map(crate::domain::signed::PublicKey::parse) {
                Some(Ok(k)) => Some(k.text()),
                Some(Err(e)) => {
                    problems.push(format!("{at}: signing_key: {e}"));
                    None
                }
                None => None,
            };
            match Key::parse(&p.recipient) {
                Ok(recipient) => persons.push(Person {
                    name: p.name,
                    login: p.login,
                    roles: p.roles,
                    recipient,
                    signing_key,
                }),
                Err(e) => problems.push(format!("{at}: recipient: {e}")),
            }
        }
        let mut inboxes = vec![];
        let mut inbox_names = BTreeSet::new();
        for b in raw.inbox {
            let at = format!("[[inbox]] {:?}", b.name);
            if crate::config::check_service_name(&b.name).is_err() {
                problems.push(format!("{at}: an inbox name may use only letters, digits, '-' and '_'"));
            }
            if !inbox_names.insert(b.name.clone()) {
                problems.push(format!("{at}: two inboxes have this name"));
            }
            if !b.path.is_absolute() {
                problems.push(format!("{at}: path {} must be absolute", b.path.display()));
            }
            if !valid_login(&b.group) {
                problems.push(format!("{at}: group {:?} is not a Unix group name", b.group));
            }
            if let Some(g) = &b.readers_group {
                if !valid_login(g) {
                    problems.push(format!("{at}: readers_group {g:?} is not a Unix group name"));
                } else if *g == b.group {
                    problems.push(format!(
                        "{at}: readers_group is the staff group {g:?}: every member of it could read every file"
                    ));
                }
            }
            if b.readers.is_empty() {
                problems.push(format!("{at}: readers is empty: nobody would read what lands here"));
            }
            for r in &b.readers {
                if !names.contains(r) {
                    problems.push(format!("{at}: reader {r:?} is not a [[person]] of this file"));
                }
            }
            if b.recipients.is_empty() {
                problems.push(format!(
                    "{at}: recipients is empty: give the reading store's key (`safeguard keys show`)"
                ));
            }
            let mut recipients = vec![];
            for r in &b.recipients {
                match Key::parse(r) {
                    Ok(k) => recipients.push(k),
                    Err(e) => problems.push(format!("{at}: recipients: {e}")),
                }
            }
            inboxes.push(Inbox {
                name: b.name,
                path: b.path,
                group: b.group,
                readers_group: b.readers_group,
                readers: b.readers,
                recipients,
            });
        }
        let mut stores = vec![];
        let mut store_names = BTreeSet::new();
        for st in raw.store {
            let at = format!("[[store]] {:?}", st.name);
            if crate::config::check_service_name(&st.name).is_err() {
                problems.push(format!("{at}: a store name may use only letters, digits, '-' and '_'"));
            }
            if !store_names.insert(st.name.clone()) {
                problems.push(format!("{at}: two stores have this name"));
            }
            if !st.path.is_absolute() || st.path.file_name().is_none() {
                problems.push(format!("{at}: path {} must be an absolute file name", st.path.display()));
            }
            if !valid_login(&st.group) {
                problems.push(format!("{at}: group {:?} is not a Unix group name", st.group));
            }
            if inboxes.iter().any(|b| b.group == st.group) {
                problems.push(format!(
                    "{at}: group {:?} is an inbox's staff group: everyone who raises could open the store",
                    st.group
                ));
            }
            if st.users.is_empty() {
                problems.push(format!("{at}: users is empty: nobody would open it"));
            }
            for u in &st.users {
                match persons.iter().find(|p| p.name == *u) {
                    None if !names.contains(u) => {
                        problems.push(format!("{at}: user {u:?} is not a [[person]] of this file"))
                    }
                    Some(p) if p.roles.is_empty() => problems.push(format!(
                        "{at}: user {u:?} holds no role: only those who read and decide open the store"
                    )),
                    _ => {}
                }
            }
            stores.push(SharedStore { name: st.name, path: st.path, group: st.group, users: st.users });
        }
        if !problems.is_empty() {
            return Err(Error::input(format!("service file {shown}:\n  {}", problems.join("\n  "))));
        }
        Ok(Service { path: path.to_owned(), name: raw.service.name, recovery, persons, inboxes, stores })
    }

    /// The person with this login.
    pub fn person_by_login(&self, login: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.login == login)
    }

    /// The person with this name.
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.name == name)
    }

    /// The shared store with this name, or an error listing the names there are.
    pub fn store(&self, name: &str) -> Result<&SharedStore> {
        self.stores.iter().find(|s| s.name == name).ok_or_else(|| {
            Error::input(format!(
                "the service file {} has no [[store]] {name:?} (it has: {})",
                self.path.display(),
                if self.stores.is_empty() {
                    "none".to_owned()
                } else {
                    self.stores.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
                }
            ))
        })
    }

    /// The shared store whose file `path` is, or in whose folder it lies (a backup kept beside
    /// the store for the others), compared by the folders' real paths.
    pub fn store_holding(&self, path: &Path) -> Option<(&SharedStore, bool)> {
        // A folder not made yet is compared as written.
        let real_dir = |p: &Path| {
            let d = crate::store::dir_of(p);
            std::fs::canonicalize(&d).unwrap_or(d)
        };
        let (dir, name) = (real_dir(path), path.file_name()?);
        self.stores
            .iter()
            .find_map(|s| (real_dir(&s.path) == dir).then(|| (s, s.path.file_name() == Some(name))))
    }

    /// The inbox with this name, or an error listing the names there are.
    pub fn inbox(&self, name: &str) -> Result<&Inbox> {
        self.inboxes.iter().find(|b| b.name == name).ok_or_else(|| {
            Error::input(format!(
                "the service file {} has no inbox {name:?} (it has: {})",
                self.path.display(),
                self.inboxes.iter().map(|b| b.name.as_str()).collect::<Vec<_>>().join(", ")
            ))
        })
    }
}

/// The path of the `[[store]]` named `store` in the service file at `file`, read without the
/// policy (the store's path is settled before the policy is loaded). `None` when the file cannot
/// be read or trusted, or names no such store: the commands that load the service file say why.
pub fn store_path_in(file: &Path, store: &str) -> Option<PathBuf> {
    #[derive(Deserialize)]
    struct Stores {
        #[serde(default)]
        store: Vec<Named>,
    }
    #[derive(Deserialize)]
    struct Named {
        name: String,
        path: PathBuf,
    }
    let text = read_trusted(file).ok()?;
    let parsed: Stores = toml::from_str(&text).ok()?;
    parsed.store.into_iter().find(|s| s.name == store).map(|s| s.path).filter(|p| p.is_absolute())
}

/// A Unix login or group name (the portable set, as useradd takes it).
fn valid_login(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && !s.starts_with('-')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Reads a file the tool trusts as an access list: refused (exit 2, saying why and how to fix
/// it) when it is a symbolic link, not a regular file, writable by its group or others, or
/// owned by anyone but root or the user running the command; and the same for its directory.
pub fn read_trusted(path: &Path) -> Result<String> {
    let shown = path.display();
    let meta = std::fs::symlink_metadata(path).map_err(|e| {
        Error::input(format!(
            "cannot read the service file {shown}: {e} (give --service-file FILE or SAFEGUARD_SERVICE_FILE)"
        ))
    })?;
    if let Some(why) = unix::untrusted(path, &meta, "the service file") {
        return Err(Error::input(why));
    }
    if !meta.is_file() {
        return Err(Error::input(format!("the service file {shown} is not a regular file")));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dmeta = std::fs::metadata(dir)
        .map_err(|e| Error::input(format!("cannot read the directory {}: {e}", dir.display())))?;
    if let Some(why) = unix::untrusted(dir, &dmeta, "the directory of the service file") {
        return Err(Error::input(why));
    }
    // Open without following a link swapped in since the check, and check what was opened.
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| Error::input(format!("cannot open the service file {shown}: {e}")))?;
    let fmeta = f.metadata().map_err(|e| Error::io(format!("cannot read {shown}"), e))?;
    if let Some(why) = unix::untrusted(path, &fmeta, "the service file") {
        return Err(Error::input(why));
    }
    if !fmeta.is_file() || fmeta.len() > MAX_LEN {
        return Err(Error::input(format!(
            "the service file {shown} is not a regular file of a sensible size"
        )));
    }
    let mut text = String::new();
    f.read_to_string(&mut text)
        .map_err(|e| Error::input(format!("cannot read the service file {shown}: {e}")))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> String {
        age::x25519::Identity::generate().to_public().to_string()
    }

    fn text(extra: &str) -> String {
        format!(
            "[service]\nname = \"oakfield\"\nrecovery = [\"{}\"]\n\n[[person]]\nname = \"Dana Price\"\nlogin = \"dana\"\nroles = [\"designated-person\"]\nrecipient = \"{}\"\n\n[[inbox]]\nname = \"service\"\npath = \"/srv/inbox\"\ngroup = \"sg-staff\"\nreaders = [\"Dana Price\"]\nrecipients = [\"{}\"]\n{extra}",
            key(),
            key(),
            key()
        )
    }

    #[test]
    fn a_good_file_parses() {
        let s = Service::parse(&text(""), Path::new("s.toml"), &Policy::default_policy()).unwrap();
        assert_eq!(s.name, "oakfield");
        assert_eq!(s.persons[0].roles, ["designated-person"]);
        assert_eq!(s.inboxes[0].readers, ["Dana Price"]);
        assert_eq!(s.recovery.len(), 1);
        assert_eq!(s.persons[0].recipient.fingerprint().len(), 16);
    }

    #[test]
    fn every_problem_is_named() {
        let policy = Policy::default_policy();
        let bad = text("")
            .replace("designated-person", "designated-persn")
            .replace("readers = [\"Dana Price\"]", "readers = [\"Nobody\"]");
        let bad = bad.replacen("recipient = \"age1", "recipient = \"age1x", 1);
        let e = Service::parse(&bad, Path::new("s.toml"), &policy).unwrap_err().to_string();
        for needle in
            ["designated-persn", "\"Nobody\" is not a [[person]]", "not a valid age X25519 recipient"]
        {
            assert!(e.contains(needle), "{needle} missing from: {e}");
        }
        let unknown = text("colour = \"red\"\n");
        let e = Service::parse(&unknown, Path::new("s.toml"), &policy).unwrap_err().to_string();
        assert!(e.contains("colour"), "{e}");
        let same_group = text("readers_group = \"sg-staff\"\n");
        let e = Service::parse(&same_group, Path::new("s.toml"), &policy).unwrap_err().to_string();
        assert!(e.contains("readers_group is the staff group"), "{e}");
        let ssh = text("").replacen("recovery = [\"age1", "recovery = [\"ssh-ed25519 AAAA", 1);
        let e = Service::parse(&ssh, Path::new("s.toml"), &policy).unwrap_err().to_string();
        assert!(e.contains("not an age recipient"), "{e}");
    }
}

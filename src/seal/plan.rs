//! From the policy's route (role ids) to the people and keys a concern is sealed to.
//!
//! A person is excluded by who they are: every person who holds a role the route excludes (the
//! subject's role) is left out, even when they also hold a reader role (the designated person
//! is often a manager too). The inbox is one whose readers are all allowed readers, so never
//! one an excluded person reads (an inbox read into a shared store counts its readers as the
//! store's users, none of whom may be excluded). The concern is sealed to that inbox's keys (the reading
//! store's), every allowed reader's own key, and the service's recovery keys.

use serde::{Deserialize, Serialize};

use super::service::{Inbox, Key, Person, Service};
use crate::policy::route::Resolved;

/// One key a concern is sealed to, and why.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SealedTo {
    /// A person's name, `inbox NAME`, or `recovery`.
    pub name: String,
    /// `reader`, `inbox` or `recovery`.
    pub why: String,
    pub recipient: String,
    pub fingerprint: String,
}

/// Where a concern goes.
#[derive(Debug)]
pub struct Plan<'s> {
    pub route: Resolved,
    /// Persons holding a reader role and no excluded role.
    pub readers: Vec<&'s Person>,
    /// Persons holding an excluded role: they never receive it.
    pub left_out: Vec<&'s Person>,
    pub inbox: Option<&'s Inbox>,
    /// Every key it is sealed to, without repeats.
    pub sealed_to: Vec<(SealedTo, &'s Key)>,
}

impl Plan<'_> {
    /// True when no reader is left: nothing may be sealed.
    pub fn nobody(&self) -> bool {
        self.readers.is_empty()
    }

    /// The recipients, for sealing.
    pub fn recipients(&self) -> Vec<&age::x25519::Recipient> {
        self.sealed_to.iter().map(|(_, k)| &k.recipient).collect()
    }
}

/// The plan for a route in a service.
pub fn plan<'s>(service: &'s Service, route: Resolved) -> Plan<'s> {
    let holds = |p: &Person, roles: &[String]| p.roles.iter().any(|r| roles.contains(r));
    let left_out: Vec<&Person> = service.persons.iter().filter(|p| holds(p, &route.excluded)).collect();
    let readers: Vec<&Person> = service
        .persons
        .iter()
        .filter(|p| holds(p, &route.readers) && !left_out.iter().any(|x| x.name == p.name))
        .collect();
    let allowed = |name: &String| readers.iter().any(|p| &p.name == name);
    let out = |name: &String| left_out.iter().any(|p| &p.name == name);
    // An inbox read into a store several people share (its readers' group is a [[store]]'s
    // group) reaches every user of that store: it may take the concern when an allowed reader
    // reads it and nobody the route leaves out shares the store (issue 14). The people sharing
    // a store are named in the root-owned service file, and all of them read what it holds.
    let shared_ok = |b: &Inbox| {
        let Some(st) = b.readers_group.as_ref().and_then(|g| service.stores.iter().find(|s| &s.group == g))
        else {
            return false;
        };
        b.readers.iter().any(allowed)
            && b.readers.iter().all(|r| st.users.contains(r))
            && !st.users.iter().any(out)
    };
    // The inbox that reaches the most allowed readers, whose readers are all allowed (or all
    // share a store none of whose users is left out); the first in the file on a tie.
    let inbox = service
        .inboxes
        .iter()
        .filter(|b| !b.readers.is_empty() && (b.readers.iter().all(allowed) || shared_ok(b)))
        .fold(None::<&Inbox>, |best, b| match best {
            Some(x) if x.readers.len() >= b.readers.len() => Some(x),
            _ => Some(b),
        });
    let mut sealed_to: Vec<(SealedTo, &Key)> = vec![];
    let mut add = |name: String, why: &str, k: &'s Key| {
        if !sealed_to.iter().any(|(_, x)| x.text == k.text) {
            sealed_to.push((
                SealedTo {
                    name,
                    why: why.to_owned(),
                    recipient: k.text.clone(),
                    fingerprint: k.fingerprint(),
                },
                k,
            ));
        }
    };
    if !readers.is_empty() {
        if let Some(b) = inbox {
            for k in &b.recipients {
                add(format!("inbox {}", b.name), "inbox", k);
            }
        }
        for p in &readers {
            add(p.name.clone(), "reader", &p.recipient);
        }
        for k in &service.recovery {
            add("recovery".into(), "recovery", k);
        }
    }
    Plan { route, readers, left_out, inbox, sealed_to }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;
    use std::path::Path;

    fn k() -> String {
        age::x25519::Identity::generate().to_public().to_string()
    }

    fn service() -> Service {
        let text = format!(
            r#"
[service]
name = "oak"
recovery = ["{}"]
[[person]]
name = "Dana"
login = "dana"
roles = ["designated-person", "line-manager"]
recipient = "{}"
[[person]]
name = "Alex"
login = "alex"
roles = ["alternative-designated-lead"]
recipient = "{}"
[[person]]
name = "Gina"
login = "gina"
roles = ["group-head"]
recipient = "{}"
[[inbox]]
name = "service"
path = "/srv/a"
group = "staff"
readers = ["Dana"]
recipients = ["{}"]
[[inbox]]
name = "alt"
path = "/srv/b"
group = "staff"
readers = ["Alex"]
recipients = ["{}"]
"#,
            k(),
            k(),
            k(),
            k(),
            k(),
            k()
        );
        Service::parse(&text, Path::new("s.toml"), &Policy::default_policy()).unwrap()
    }

    fn route(readers: &[&str], excluded: &[&str]) -> Resolved {
        Resolved {
            id: "r".into(),
            readers: readers.iter().map(|s| (*s).to_owned()).collect(),
            excluded: excluded.iter().map(|s| (*s).to_owned()).collect(),
            ..Resolved::default()
        }
    }

    #[test]
    fn the_designated_person_as_subject_never_receives_it() {
        let s = service();
        let p = plan(&s, route(&["alternative-designated-lead", "group-head"], &["designated-person"]));
        let names: Vec<&str> = p.readers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Alex", "Gina"]);
        assert_eq!(p.inbox.unwrap().name, "alt");
        assert!(!p.sealed_to.iter().any(|(s, _)| s.name == "Dana" || s.name == "inbox service"));
        assert_eq!(p.sealed_to.iter().filter(|(s, _)| s.why == "recovery").count(), 1);
    }

    #[test]
    fn an_inbox_into_a_shared_store_takes_a_concern_only_when_no_store_user_is_left_out() {
        let text = format!(
            "[service]\nname = \"oak\"\n\
             [[person]]\nname = \"Dana\"\nlogin = \"dana\"\nroles = [\"designated-person\"]\nrecipient = \"{}\"\n\
             [[person]]\nname = \"Hana\"\nlogin = \"hana\"\nroles = [\"head-of-safeguarding\"]\nrecipient = \"{}\"\n\
             [[person]]\nname = \"Alex\"\nlogin = \"alex\"\nroles = [\"alternative-designated-lead\"]\nrecipient = \"{}\"\n\
             [[store]]\nname = \"oak\"\npath = \"/srv/s/oak.db\"\ngroup = \"dps\"\nusers = [\"Dana\", \"Hana\"]\n\
             [[inbox]]\nname = \"shared\"\npath = \"/srv/a\"\ngroup = \"staff\"\nreaders_group = \"dps\"\nreaders = [\"Dana\", \"Hana\"]\nrecipients = [\"{}\"]\n\
             [[inbox]]\nname = \"alt\"\npath = \"/srv/b\"\ngroup = \"staff\"\nreaders = [\"Alex\"]\nrecipients = [\"{}\"]\n",
            k(),
            k(),
            k(),
            k(),
            k()
        );
        let s = Service::parse(&text, Path::new("s.toml"), &Policy::default_policy()).unwrap();
        // A concern for the DP goes to the store she shares with the Head of Safeguarding.
        let p = plan(&s, route(&["designated-person"], &[]));
        assert_eq!(p.inbox.unwrap().name, "shared");
        assert!(!p.sealed_to.iter().any(|(t, _)| t.name == "Hana"), "only the route's readers by name");
        // One about the DP never goes there, though Hana, who shares the store, is not its subject.
        let p =
            plan(&s, route(&["alternative-designated-lead", "head-of-safeguarding"], &["designated-person"]));
        assert_eq!(p.inbox.unwrap().name, "alt");
        // Without the [[store]], the same inbox needs every reader to be the route's.
        let plain = text.replace("readers_group = \"dps\"\n", "");
        let s = Service::parse(&plain, Path::new("s.toml"), &Policy::default_policy()).unwrap();
        assert!(plan(&s, route(&["designated-person"], &[])).inbox.is_none());
    }

    #[test]
    fn a_person_is_excluded_by_who_they_are_not_only_by_role() {
        let s = service();
        // About the line manager: Dana is the line manager and the DP, so she is left out
        // although the route's reader is the DP role; nobody is left, nothing is sealed.
        let p = plan(&s, route(&["designated-person"], &["line-manager"]));
        assert!(p.nobody());
        assert_eq!(p.left_out.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Dana"]);
        assert!(p.inbox.is_none() && p.sealed_to.is_empty());
        let p = plan(&s, route(&["designated-person"], &[]));
        assert_eq!(p.inbox.unwrap().name, "service");
    }
}

//! Signed records (issue 14): per-person Ed25519 keys, entry signatures, and the roster.
//!
//! Every journal entry is signed by the person who made it, with their own key (kept in their
//! data directory, never in the store): the signature covers the entry's hash, which covers its
//! content and the hash before it, so one signature vouches for the entry and the whole chain up
//! to it. The roster (who is who, which roles they hold, which key is theirs) is itself a chain
//! of signed entries in the same journal; [`Roster`] replays it in order, so "the roster in
//! force at an entry" is the roster made by the entries before it. An anonymous Code RED report
//! (seed 000) carries no signature, and says so.
//!
//! Pure: the keys come in as bytes or text, the clock and the store are elsewhere.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The prefix of a signing key's public text form.
pub const KEY_PREFIX: &str = "sg-ed25519:";

/// What an entry's signature is computed over: this tag, then the entry's 32-byte hash.
const ENTRY_TAG: &[u8] = b"safeguard journal entry v1\0";
/// What a sealed envelope's author signature is computed over: this tag, then the SHA-256 of
/// the envelope's JSON with its `signature` left out.
const ENVELOPE_TAG: &[u8] = b"safeguard sealed envelope v1\0";

/// A public signing key, in its text form `sg-ed25519:<base64 of the 32 bytes>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Reads `sg-ed25519:<base64>`.
    pub fn parse(text: &str) -> Result<PublicKey, String> {
        let t = text.trim();
        let b64 = t.strip_prefix(KEY_PREFIX).ok_or_else(|| {
            format!("{t:?} is not a signing key (`safeguard identity show` prints one: {KEY_PREFIX}...)")
        })?;
        let bytes = B64.decode(b64).map_err(|e| format!("{t:?}: the key does not read ({e})"))?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| format!("{t:?}: a signing key has 32 bytes"))?;
        VerifyingKey::from_bytes(&bytes).map(PublicKey).map_err(|e| format!("{t:?}: not a valid key ({e})"))
    }

    /// The text form.
    pub fn text(&self) -> String {
        format!("{KEY_PREFIX}{}", B64.encode(self.0.as_bytes()))
    }

    fn verify(&self, tag: &[u8], digest: &[u8], signature: &str) -> bool {
        let Ok(bytes) = B64.decode(signature.trim()) else { return false };
        let Ok(sig) = Signature::from_slice(&bytes) else { return false };
        let mut msg = tag.to_vec();
        msg.extend_from_slice(digest);
        self.0.verify_strict(&msg, &sig).is_ok()
    }

    /// Whether `signature` (base64) is this key's over the entry with hash `hash` (hex).
    pub fn verifies_entry(&self, hash: &str, signature: &str) -> bool {
        hex::decode(hash).is_ok_and(|h| self.verify(ENTRY_TAG, &h, signature))
    }

    /// Whether `signature` (base64) is this key's over an envelope with SHA-256 `digest`.
    pub fn verifies_envelope(&self, digest: &[u8], signature: &str) -> bool {
        self.verify(ENVELOPE_TAG, digest, signature)
    }
}

/// A secret signing key (zeroized when dropped, by ed25519-dalek's `zeroize` feature).
#[derive(Clone)]
pub struct SecretKey(SigningKey);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SecretKey").field(&self.public().text()).finish()
    }
}

impl SecretKey {
    /// The key of a 32-byte seed (from the system's randomness, or read from the key file).
    pub fn from_seed(seed: &[u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// The seed, for the key file only (the caller keeps it in a zeroizing buffer).
    pub fn seed(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.0.to_bytes())
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    fn sign(&self, tag: &[u8], digest: &[u8]) -> String {
        let mut msg = tag.to_vec();
        msg.extend_from_slice(digest);
        B64.encode(self.0.sign(&msg).to_bytes())
    }

    /// The signature (base64) over the entry with hash `hash` (hex).
    pub fn sign_entry(&self, hash: &str) -> String {
        self.sign(ENTRY_TAG, &hex::decode(hash).unwrap_or_default())
    }

    /// The signature (base64) over an envelope with SHA-256 `digest`.
    pub fn sign_envelope(&self, digest: &[u8]) -> String {
        self.sign(ENVELOPE_TAG, digest)
    }
}

/// Who signs an entry: a person on the roster, acting in one of their roles, with their key.
#[derive(Clone, Debug)]
pub struct Signer {
    pub name: String,
    pub role: String,
    pub key: SecretKey,
}

impl Signer {
    /// "Name (role)", as the journal shows it.
    pub fn label(&self) -> String {
        label(&self.name, &self.role)
    }
}

/// "Name (role)".
pub fn label(name: &str, role: &str) -> String {
    format!("{name} ({role})")
}

/// The name and role of a signer label "Name (role)".
pub fn split_label(label: &str) -> Option<(&str, &str)> {
    let (name, rest) = label.rsplit_once(" (")?;
    Some((name, rest.strip_suffix(')')?))
}

/// The entry kinds of the roster.
pub const ROSTER_ADD: &str = "roster-add";
pub const ROSTER_RETIRE: &str = "roster-retire";

/// A roster entry's body: a person added (with their roles and keys) or retired.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AddPerson {
    pub name: String,
    pub login: String,
    pub roles: Vec<String>,
    /// `sg-ed25519:...`
    pub key: String,
    /// `age1...`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// The clock the store was made under (`system`, `fixed` or `unrecorded`), recorded by the
    /// store's first roster entry only, so that it is hashed and signed with the chain rather than
    /// kept in `meta` alone (issue 14). The store writes it; none for every later entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
}

/// The clocks a store's first roster entry may record.
pub const CLOCKS: &[&str] = &["system", "fixed", "unrecorded"];

/// `roster-retire`'s body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RetirePerson {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A person on the roster.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    pub name: String,
    pub login: String,
    pub roles: Vec<String>,
    pub key: String,
    pub recipient: Option<String>,
    /// The roster entry that added them, and the one that retired them.
    pub added: i64,
    pub retired: Option<i64>,
}

/// The roster in force after the roster entries replayed so far.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    pub members: Vec<Member>,
}

/// Checks a name for the roster: shown in "Name (role)", so no parentheses or control characters.
pub fn check_name(name: &str) -> Result<(), String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("a name must not be empty".into());
    }
    if n.chars().any(|c| c.is_control() || c == '(' || c == ')') {
        return Err(format!("{n:?}: a name on the roster has no parentheses or control characters"));
    }
    Ok(())
}

impl Roster {
    /// Whether no one is on it yet (the first entry bootstraps it, signed by its own key).
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The person in force with this name.
    pub fn active(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.retired.is_none() && m.name == name)
    }

    /// The person in force whose key this is.
    pub fn active_by_key(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.retired.is_none() && m.key == key)
    }

    /// The person whose key this was when entry `seq` was written: added before it, and not
    /// retired before it. (A roster of the whole journal, so that a later entry's roster says
    /// what roles the signer of an earlier one held then.)
    pub fn holder_at(&self, key: &str, seq: i64) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key && m.added < seq && m.retired.is_none_or(|r| r > seq))
    }

    /// Whoever ever held this key (to say "retired" rather than "unknown").
    pub fn ever_by_key(&self, key: &str) -> Option<&Member> {
        self.members.iter().rev().find(|m| m.key == key)
    }

    /// Applies roster entry `seq` of `kind`, signed by `signer_key` as the person named
    /// `signer_name`, with `keepers` the roles that may change the roster (the policy's
    /// `bindings.roles.roster_keepers`; empty means any person on the roster). The first entry
    /// of an empty roster must add its own signer (the bootstrap). Refuses what may not be done.
    pub fn apply(
        &mut self,
        seq: i64,
        kind: &str,
        body: &str,
        signer: (&str, &str),
        keepers: &[String],
    ) -> Result<(), String> {
        let (signer_name, signer_key) = signer;
        match kind {
            ROSTER_ADD => {
                let p: AddPerson =
                    serde_json::from_str(body).map_err(|e| format!("its body does not read: {e}"))?;
                check_name(&p.name)?;
                PublicKey::parse(&p.key)?;
                match &p.clock {
                    Some(_) if !self.is_empty() => {
                        return Err("only the store's first roster entry records its clock".into());
                    }
                    Some(c) if !CLOCKS.contains(&c.as_str()) => {
                        return Err(format!(
                            "it records the clock {c:?}, which is none of {}",
                            CLOCKS.join(", ")
                        ));
                    }
                    _ => {}
                }
                if self.is_empty() {
                    if p.key != signer_key || p.name != signer_name {
                        return Err("the first roster entry must add the person who signs it".into());
                    }
                } else {
                    self.check_keeper(signer_name, signer_key, keepers)?;
                }
                if self.active(&p.name).is_some() {
                    return Err(format!("{} is already on the roster", p.name));
                }
                if self.active_by_key(&p.key).is_some() {
                    return Err(format!("the key {} is already someone's on the roster", p.key));
                }
                self.members.push(Member {
                    name: p.name,
                    login: p.login,
                    roles: p.roles,
                    key: p.key,
                    recipient: p.recipient,
                    added: seq,
                    retired: None,
                });
                Ok(())
            }
            ROSTER_RETIRE => {
                let r: RetirePerson =
                    serde_json::from_str(body).map_err(|e| format!("its body does not read: {e}"))?;
                self.check_keeper(signer_name, signer_key, keepers)?;
                let m = self
                    .members
                    .iter_mut()
                    .find(|m| m.retired.is_none() && m.name == r.name)
                    .ok_or_else(|| format!("{} is not on the roster", r.name))?;
                m.retired = Some(seq);
                Ok(())
            }
            other => Err(format!("{other:?} is not a roster entry")),
        }
    }

    fn check_keeper(&self, name: &str, key: &str, keepers: &[String]) -> Result<(), String> {
        let m = self.active_by_key(key).filter(|m| m.name == name).ok_or_else(|| {
            format!("{name} is not on the roster with the key that signed it, so may not change it")
        })?;
        if !keepers.is_empty() && !m.roles.iter().any(|r| keepers.contains(r)) {
            return Err(format!(
                "{} holds {}, and only {} may change the roster",
                m.name,
                m.roles.join(", "),
                keepers.join(" or ")
            ));
        }
        Ok(())
    }

    /// Checks an entry's signature against this roster (the one in force before the entry):
    /// the key is a person's in force, the label names that person and one of their roles, and
    /// the signature verifies over the hash.
    pub fn check_signature(&self, label: &str, key: &str, signature: &str, hash: &str) -> Result<(), String> {
        let pk = PublicKey::parse(key)?;
        let Some(m) = self.active_by_key(key) else {
            return Err(match self.ever_by_key(key) {
                Some(m) => format!("signed with {}'s key, which was retired before it", m.name),
                None => format!("signed with a key that is not on the roster ({key})"),
            });
        };
        let (name, role) = split_label(label).ok_or_else(|| format!("its signer {label:?} does not read"))?;
        if name != m.name {
            return Err(format!("it says it is signed by {name}, but the key is {}'s", m.name));
        }
        if !m.roles.iter().any(|r| r == role) {
            return Err(format!("signed as {role}, a role {} does not hold on the roster", m.name));
        }
        if !pk.verifies_entry(hash, signature) {
            return Err(format!("its signature by {} does not match the entry (forged or altered)", m.name));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SecretKey {
        SecretKey::from_seed(&[n; 32])
    }

    #[test]
    fn key_text_round_trips_and_bad_text_is_refused() {
        let k = key(1).public();
        assert_eq!(PublicKey::parse(&k.text()).unwrap(), k);
        assert!(PublicKey::parse("age1xyz").unwrap_err().contains("not a signing key"));
        assert!(PublicKey::parse("sg-ed25519:AAAA").unwrap_err().contains("32 bytes"));
    }

    #[test]
    fn an_entry_signature_verifies_only_for_its_hash_and_key() {
        let hash = "ab".repeat(32);
        let sig = key(1).sign_entry(&hash);
        assert!(key(1).public().verifies_entry(&hash, &sig));
        assert!(!key(2).public().verifies_entry(&hash, &sig));
        assert!(!key(1).public().verifies_entry(&"cd".repeat(32), &sig));
        assert!(!key(1).public().verifies_entry(&hash, "not base64!"));
    }

    fn add(name: &str, k: &SecretKey, roles: &[&str]) -> String {
        serde_json::to_string(&AddPerson {
            name: name.into(),
            login: name.to_lowercase(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            key: k.public().text(),
            recipient: None,
            clock: None,
        })
        .unwrap()
    }

    #[test]
    fn the_roster_bootstraps_itself_then_only_keepers_change_it() {
        let keepers = vec!["designated-person".to_owned()];
        let (dp, worker, stranger) = (key(1), key(2), key(3));
        let mut r = Roster::default();
        let e =
            r.apply(1, ROSTER_ADD, &add("W", &worker, &["reporter"]), ("D", &dp.public().text()), &keepers);
        assert!(e.unwrap_err().contains("must add the person who signs it"));
        r.apply(1, ROSTER_ADD, &add("D", &dp, &["designated-person"]), ("D", &dp.public().text()), &keepers)
            .unwrap();
        r.apply(2, ROSTER_ADD, &add("W", &worker, &["reporter"]), ("D", &dp.public().text()), &keepers)
            .unwrap();
        let e = r.apply(
            3,
            ROSTER_ADD,
            &add("S", &stranger, &["reporter"]),
            ("W", &worker.public().text()),
            &keepers,
        );
        assert!(e.unwrap_err().contains("only designated-person may change the roster"));
        r.apply(4, ROSTER_RETIRE, r#"{"name":"W"}"#, ("D", &dp.public().text()), &keepers).unwrap();
        let hash = "00".repeat(32);
        let sig = worker.sign_entry(&hash);
        let e = r.check_signature("W (reporter)", &worker.public().text(), &sig, &hash).unwrap_err();
        assert!(e.contains("retired"), "{e}");
    }

    #[test]
    fn a_signature_must_name_its_keys_person_and_one_of_their_roles() {
        let dp = key(1);
        let mut r = Roster::default();
        let k = dp.public().text();
        r.apply(1, ROSTER_ADD, &add("D", &dp, &["designated-person"]), ("D", &k), &[]).unwrap();
        let hash = "11".repeat(32);
        let sig = dp.sign_entry(&hash);
        r.check_signature("D (designated-person)", &k, &sig, &hash).unwrap();
        assert!(
            r.check_signature("E (designated-person)", &k, &sig, &hash).unwrap_err().contains("key is D's")
        );
        assert!(r.check_signature("D (group-head)", &k, &sig, &hash).unwrap_err().contains("does not hold"));
        let other = key(9).public().text();
        assert!(
            r.check_signature("D (designated-person)", &other, &sig, &hash)
                .unwrap_err()
                .contains("not on the roster")
        );
        let forged = key(1).sign_entry(&"22".repeat(32));
        assert!(
            r.check_signature("D (designated-person)", &k, &forged, &hash).unwrap_err().contains("forged")
        );
    }
}

//! The sealed content: a versioned JSON envelope (PRODUCT.md: at least `reference`, `service`,
//! `policy`, `answers`, `noticed_at`, `raised_at`, and `author`, absent for Code RED).
//!
//! It carries what the reporter answered and what they were shown; intake re-runs the answers
//! through the policy and never trusts the rest. Parsing is strict: an unknown field, another
//! version, or an anonymous envelope with an author is refused. The JSON is padded to a size
//! bucket so a file's size tells little about what was written in it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// The envelope version this binary writes and reads.
pub const VERSION: u32 = 1;

/// Padded sizes: the envelope is made exactly as long as the first of these that fits.
pub const BUCKETS: &[usize] = &[4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20];

/// The policy an envelope was raised under.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PolicyRef {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// Who raised it (absent when anonymous).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub name: String,
    pub login: String,
    pub role: String,
}

/// A duty as the reporter was shown it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShownDuty {
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due: Option<DateTime<Utc>>,
}

/// What the reporter was shown at the end of the interview.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Shown {
    pub recommendation: String,
    pub guidance: Vec<String>,
    pub tell: Vec<String>,
    pub duties: Vec<ShownDuty>,
}

/// The route it was sealed by.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RouteTaken {
    pub id: String,
    pub readers: Vec<String>,
    pub excluded: Vec<String>,
    /// The names of the persons (and the inbox) it was sealed to.
    pub sealed_to: Vec<String>,
}

/// The sealed content.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub version: u32,
    /// `R-` and four groups of five base-32 characters, random.
    pub reference: String,
    pub service: String,
    pub policy: PolicyRef,
    pub anonymous: bool,
    /// Question id → answer, as an answer file gives them.
    pub answers: BTreeMap<String, Value>,
    pub shown: Shown,
    pub route: RouteTaken,
    pub noticed_at: Option<DateTime<Utc>>,
    pub raised_at: DateTime<Utc>,
    /// The concern this one is a second record of (003 §6.13, §6.14, §6.18): a concern id in
    /// the store, or the reference of an earlier sealed concern. Intake makes the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Author>,
    /// The author's signature over [`Envelope::digest`] (issue 14); none for Code RED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<AuthorSignature>,
    /// Zeros, to the size bucket.
    #[serde(default)]
    pub padding: String,
}

/// The author's signature of an envelope.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuthorSignature {
    /// `sg-ed25519:...`
    pub key: String,
    /// Base64 of the Ed25519 signature.
    pub signature: String,
}

/// A new reference, `R-XXXXX-XXXXX-XXXXX-XXXXX` (100 random bits).
pub fn new_reference() -> Result<String> {
    Ok(format!("R-{}", super::random_code(4)?))
}

/// True for a reference [`new_reference`] could have made.
pub fn is_reference(s: &str) -> bool {
    s.strip_prefix("R-").is_some_and(|r| super::is_code(r, 4))
}

impl Envelope {
    /// What the author signs: the SHA-256 of the envelope's JSON without its signature and padding.
    pub fn digest(&self) -> Result<[u8; 32]> {
        use sha2::Digest as _;
        let mut e = self.clone();
        e.padding.clear();
        e.signature = None;
        let bare = serde_json::to_vec(&e).map_err(|err| Error::Other(err.to_string()))?;
        Ok(sha2::Sha256::digest(&bare).into())
    }

    /// The JSON, padded to the first bucket it fits (or refused past the largest). Sets
    /// `padding`; the only copy of the plaintext it makes is the one it returns, which is wiped
    /// when dropped (the length is counted, not written out).
    pub fn to_padded_json(&mut self) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        /// Counts what would be written.
        struct Count(usize);
        impl std::io::Write for Count {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        self.padding.clear();
        let mut count = Count(0);
        serde_json::to_writer(&mut count, &*self).map_err(|err| Error::Other(err.to_string()))?;
        let bare = count.0;
        let Some(&bucket) = BUCKETS.iter().find(|&&b| b >= bare) else {
            return Err(Error::input(format!(
                "this concern is {bare} bytes long, more than a sealed concern may be ({} bytes): shorten the longest answers",
                BUCKETS[BUCKETS.len() - 1]
            )));
        };
        self.padding = "0".repeat(bucket - bare);
        let mut out = zeroize::Zeroizing::new(Vec::with_capacity(bucket));
        serde_json::to_writer(&mut *out, &*self).map_err(|err| Error::Other(err.to_string()))?;
        debug_assert_eq!(out.len(), bucket);
        Ok(out)
    }

    /// Parses and checks an opened envelope; the error says what is wrong with it.
    pub fn parse(bytes: &[u8]) -> std::result::Result<Envelope, String> {
        #[derive(Deserialize)]
        struct Head {
            version: Value,
        }
        let head: Head = serde_json::from_slice(bytes).map_err(|e| format!("not a sealed concern: {e}"))?;
        if head.version != VERSION {
            return Err(format!(
                "envelope version {} is not one this safeguard reads ({VERSION})",
                head.version
            ));
        }
        let e: Envelope = serde_json::from_slice(bytes).map_err(|e| format!("not a sealed concern: {e}"))?;
        if !is_reference(&e.reference) {
            return Err(format!(
                "{:?} is not a reference of the form R-XXXXX-XXXXX-XXXXX-XXXXX",
                e.reference
            ));
        }
        if !e.padding.bytes().all(|b| b == b'0') {
            return Err("the padding holds something other than zeros".into());
        }
        if e.anonymous && e.signature.is_some() {
            return Err("an anonymous (Code RED) concern must carry no signature, and this one does".into());
        }
        if e.anonymous && e.author.is_some() {
            return Err("an anonymous (Code RED) concern must carry no author, and this one does".into());
        }
        if e.anonymous {
            for k in crate::interview::answers::BUILTIN.iter().map(|(k, _)| *k) {
                if e.answers.contains_key(k) {
                    return Err(format!("an anonymous (Code RED) concern carries the answer `{k}`"));
                }
            }
        }
        if !e.anonymous && e.author.is_none() {
            return Err("no author, but only a Code RED report may be anonymous (003 §6.47)".into());
        }
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope() -> Envelope {
        Envelope {
            version: VERSION,
            reference: new_reference().unwrap(),
            service: "oakfield".into(),
            policy: PolicyRef { id: "p".into(), version: "1".into(), hash: "h".into() },
            anonymous: false,
            answers: BTreeMap::from([("description".into(), Value::String("x".repeat(5000)))]),
            shown: Shown::default(),
            route: RouteTaken::default(),
            noticed_at: None,
            raised_at: "2026-11-23T10:00:00Z".parse().unwrap(),
            linked_to: None,
            author: Some(Author { name: "Sam".into(), login: "sam".into(), role: "worker".into() }),
            signature: None,
            padding: String::new(),
        }
    }

    #[test]
    fn padding_fills_the_bucket_and_reads_back() {
        let mut e = envelope();
        let bytes = e.to_padded_json().unwrap();
        assert_eq!(bytes.len(), 16 << 10);
        let back = Envelope::parse(&bytes).unwrap();
        assert_eq!(back.answers, e.answers);
        assert_eq!(back.reference, e.reference);
    }

    #[test]
    fn strict_parsing_names_what_is_wrong() {
        let good = envelope();
        let mut v = serde_json::to_value(&good).unwrap();
        v["extra"] = Value::Bool(true);
        assert!(Envelope::parse(&serde_json::to_vec(&v).unwrap()).unwrap_err().contains("extra"));
        let mut v = serde_json::to_value(&good).unwrap();
        v["version"] = Value::from(2);
        assert!(Envelope::parse(&serde_json::to_vec(&v).unwrap()).unwrap_err().contains("version 2"));
        let mut anon = good.clone();
        anon.anonymous = true;
        assert!(Envelope::parse(&serde_json::to_vec(&anon).unwrap()).unwrap_err().contains("no author"));
        let mut unsigned = good.clone();
        unsigned.author = None;
        assert!(Envelope::parse(&serde_json::to_vec(&unsigned).unwrap()).unwrap_err().contains("no author"));
        let mut badref = good;
        badref.reference = "R-1".into();
        assert!(Envelope::parse(&serde_json::to_vec(&badref).unwrap()).unwrap_err().contains("reference"));
    }
}

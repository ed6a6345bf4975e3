//! Sealed raising (issue 13): staff raise without the store's key, and each concern reaches only
//! the people the policy routes it to.
//!
//! Two kinds of test. Those that need other people run them as real Unix users: they are extra
//! checks (`as_root_*`, ignored by `cargo test`, which lists them as such; `.ci/run` runs them as
//! root), which create `sgt-*` users and a staff group once and drop privileges with `setpriv`.
//! The rest run as the one user running the tests, with the sealed files written by
//! `--seal-out` and put into the inbox by the test. The check with the standard `age` CLI is an
//! extra check too.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::common::{Env, Run, finish, write_mode};

fn have(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
}

/// An extra check fails, rather than passing untested, without its tool.
fn need_tool(tool: &str, package: &str) {
    assert!(
        have(tool),
        "this extra check needs `{tool}` on PATH (Debian package {package}; .ci/run installs it)"
    );
}

fn login() -> String {
    safeguard::seal::unix::login_name(safeguard::seal::unix::euid())
}

fn key() -> (age::x25519::Identity, String) {
    let i = age::x25519::Identity::generate();
    let r = i.to_public().to_string();
    (i, r)
}

fn open(identity: &age::x25519::Identity, sealed: &[u8]) -> Result<Vec<u8>, String> {
    safeguard::seal::unseal(&[identity], sealed, 1 << 24).map(|z| z.to_vec()).map_err(|e| e.to_string())
}

fn envelope_of(identity: &age::x25519::Identity, path: &Path) -> Value {
    serde_json::from_slice(&open(identity, &std::fs::read(path).unwrap()).unwrap()).unwrap()
}

/// True when `word` occurs in `hay` with no letter or digit either side.
fn has_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
        let after = hay[i + word.len()..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        !before && !after
    })
}

const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"QZ\"\nsubject_age = 7\nprimary_category = \"physical\"\ndescription = \"Bruises on both arms, seen at breakfast club.\"\nsignificant_harm = \"yes\"\n";
const ABOUT_DP: &str = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"Dana Price\"\nsubject_position = \"designated-person\"\nstaff_criteria = [\"harmed\"]\ndescription = \"Dana shoved a child against the wall in the corridor.\"\n";
const ABOUT_LM: &str = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"Dana Price\"\nsubject_position = \"line-manager\"\nstaff_criteria = [\"harmed\"]\ndescription = \"My line manager shoved a child.\"\n";
const CODE_RED: &str = "immediate_risk = \"no\"\ncode_red_reason = \"care\"\ndescription = \"Night shift has one worker for six residents again.\"\n";

// ---------------------------------------------------------------------------------------------
// One user: the designated person's account, which also raises.

/// A designated person with a store, a store key and an identity; a service file naming them
/// (with an alternative lead, a Group Head and a Code RED manager, whose keys the test holds),
/// inboxes `service`
/// (read by the store) and `alt` (read by the alternative lead), and a recovery key.
struct Solo {
    env: Env,
    recovery: age::x25519::Identity,
    alt: age::x25519::Identity,
    /// The Group Head's identity.
    gina: age::x25519::Identity,
    store_key: String,
    service: PathBuf,
}

impl Solo {
    fn new() -> Solo {
        Solo::with_roles(&["designated-person"])
    }

    fn with_roles(dp_roles: &[&str]) -> Solo {
        let mut env = Env::new();
        // The DP is on the store's roster by the name the service file gives them, so intake
        // trusts the signing key of what they seal (issue 14).
        let mut init = vec!["init", "--name", "Dana Price", "--roles"];
        let all = [dp_roles, &["countersignatory"]].concat().join(",");
        init.push(&all);
        env.run(&init).ok();
        env.run(&["keys", "init"]).ok();
        let store_key = env.run(&["keys", "show"]).ok().stdout.trim().to_owned();
        let dp = env.run(&["identity", "show"]).ok().stdout.lines().next().unwrap().to_owned();
        let (recovery, rec) = key();
        let (alt, alt_r) = key();
        let (gina, gh) = key();
        let (_, cr) = key();
        let (_, alt_store) = key();
        for b in ["inbox", "inbox-alt"] {
            for d in ["tmp", "new", "cur"] {
                std::fs::create_dir_all(env.path(b).join(d)).unwrap();
            }
        }
        let roles: Vec<String> = dp_roles.iter().map(|r| format!("{r:?}")).collect();
        let text = format!(
            r#"[service]
name = "oakfield"
recovery = ["{rec}"]

[[person]]
name = "Dana Price"
login = "{login}"
roles = [{roles}]
recipient = "{dp}"

[[person]]
name = "Alex Lead"
login = "sgt-nobody-alex"
roles = ["alternative-designated-lead"]
recipient = "{alt_r}"

[[person]]
name = "Gina Head"
login = "sgt-nobody-gina"
roles = ["group-head"]
recipient = "{gh}"

[[person]]
name = "Cody Red"
login = "sgt-nobody-cody"
roles = ["code-red-manager"]
recipient = "{cr}"

[[inbox]]
name = "service"
path = "{inbox}"
group = "sgt-staff"
readers = ["Dana Price"]
recipients = ["{store_key}"]

[[inbox]]
name = "alt"
path = "{inbox_alt}"
group = "sgt-staff"
readers = ["Alex Lead"]
recipients = ["{alt_store}"]
"#,
            login = login(),
            roles = roles.join(", "),
            inbox = env.path("inbox").display(),
            inbox_alt = env.path("inbox-alt").display(),
        );
        let service = env.path("service.toml");
        write_mode(&service, &text, 0o600);
        let config = env.path("config.toml");
        std::fs::write(
            &config,
            "[contacts.code-red-manager]\nphone = \"0161 000 0000\"\n\n[contacts.designated-person]\nname = \"Dana Price\"\nphone = \"0114 000 0001\"\n\n[contacts.alternative-designated-lead]\nname = \"Alex Lead\"\nphone = \"0114 000 0002\"\n",
        )
        .unwrap();
        env.set("SAFEGUARD_SERVICE_FILE", service.to_str().unwrap());
        env.set("SAFEGUARD_CONFIG", config.to_str().unwrap());
        Solo { env, recovery, alt, gina, store_key, service }
    }

    fn answers(&self, name: &str, text: &str) -> PathBuf {
        let p = self.env.path(&format!("{name}.toml"));
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Raises with no passphrase anywhere in the environment, sealing to `out`.
    fn raise_out(&self, answers: &str, out: &str, extra: &[&str]) -> Run {
        let a = self.answers(out, answers);
        let out_path = self.env.path(out);
        let mut args = vec![
            "raise",
            "--answers",
            a.to_str().unwrap(),
            "--seal-out",
            out_path.to_str().unwrap(),
            "--json",
        ];
        args.extend(extra);
        self.run_without_passphrase(&args)
    }

    fn run_without_passphrase(&self, args: &[&str]) -> Run {
        let child = self
            .env
            .command(args)
            .env_remove("SAFEGUARD_PASSPHRASE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        finish(child, Duration::from_secs(120)).expect("did not finish in 120 s")
    }

    /// Puts a file into the service inbox's `new/`, as delivery would.
    fn drop_in(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.env.path("inbox/new").join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn intake(&self) -> Value {
        let r = self.env.run(&["intake", "--json"]);
        assert!(r.code == 0 || r.code == 8, "intake failed: {}\n{}", r.code, r.stderr);
        r.json()
    }

    fn concerns(&self) -> Vec<Value> {
        self.env.run(&["list", "--json"]).ok().json().as_array().unwrap().clone()
    }
}

#[test]
fn a_sealed_raise_needs_no_passphrase_and_intake_imports_it_once_with_the_policys_own_judgement() {
    let s = Solo::new();
    let receipt = s.raise_out(CHILD, "one.age", &[]).ok().json();
    assert!(receipt["reference"].as_str().unwrap().starts_with("R-"), "{receipt}");
    assert_eq!(receipt["recommendation"], "child-protection-referral");
    let to: Vec<&str> =
        receipt["sealed_to"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(to, ["inbox service", "Dana Price", "recovery"], "{receipt}");
    assert!(receipt["duties"].as_array().unwrap().iter().any(|d| d["yours"] == true && d["due"].is_string()));

    // The same answers raised straight into a store, for comparison.
    let direct_env = Env::with_store();
    let direct_answers = direct_env.path("a.toml");
    std::fs::write(
        &direct_answers,
        format!("{CHILD}reporter_name = \"Dana Price\"\nreporter_role = \"DP\"\n"),
    )
    .unwrap();
    let direct =
        direct_env.run(&["raise", "--answers", direct_answers.to_str().unwrap(), "--json"]).ok().json();

    let sealed = std::fs::read(s.env.path("one.age")).unwrap();
    s.drop_in("one.age", &sealed);
    let first = s.intake();
    assert_eq!(first["imported"].as_array().unwrap().len(), 1, "{first}");
    let id = first["imported"][0]["id"].as_str().unwrap().to_owned();
    assert!(s.env.path("inbox/cur/one.age").exists(), "the imported file was not moved to cur/");
    // Intake again, and the same bytes dropped again: nothing more.
    s.drop_in("again.age", &sealed);
    let second = s.intake();
    assert_eq!(second["imported"].as_array().unwrap().len(), 0, "{second}");
    assert_eq!(second["already"], 1);
    assert_eq!(s.concerns().len(), 1);

    let shown = s.env.run(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["recommendation"], direct["recommendation"]);
    assert_eq!(shown["raised_at"], receipt["raised_at"], "the clocks start at the raise");
    let kinds = |r: &Value| -> Vec<(String, Value)> {
        r["duties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["kind"].as_str().unwrap().to_owned(), d["due"].clone()))
            .collect()
    };
    let mut a = kinds(&shown);
    let mut b = kinds(&direct);
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(a, b, "a sealed concern gets the duties and due times of one raised into the store");
    assert_eq!(shown["timeline"][0]["signed_by"], "Dana Price (designated-person)");
    let text = s.env.run(&["show", &id]).ok().stdout;
    assert!(text.contains("raised Mon 23 Nov 2026 10:00 GMT · reached the store"), "{text}");
}

#[test]
fn intake_of_a_given_file_imports_an_emailed_concern_once_and_leaves_the_file() {
    let s = Solo::new();
    s.raise_out(CHILD, "emailed.age", &[]).ok();
    // As if it came by email and was saved by the designated person: not in any inbox.
    let saved = s.env.path("saved.age");
    std::fs::copy(s.env.path("emailed.age"), &saved).unwrap();
    let junk = s.env.path("junk.age");
    std::fs::write(&junk, b"not a sealed file").unwrap();
    let r = s.env.run(&["intake", "--json", saved.to_str().unwrap(), junk.to_str().unwrap()]).code(8);
    let report = r.json();
    assert_eq!(report["imported"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["imported"][0]["inbox"], Value::Null);
    assert_eq!(report["rejected"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["rejected"][0]["file"], junk.to_str().unwrap());
    assert!(saved.exists(), "a given file is left where it is");
    assert_eq!(s.concerns().len(), 1);
    // Given again, or found later in an inbox, it is not imported twice.
    let again = s.env.run(&["intake", "--json", saved.to_str().unwrap()]).ok().json();
    assert_eq!(again["already"], 1, "{again}");
    s.drop_in("same.age", &std::fs::read(&saved).unwrap());
    assert_eq!(s.intake()["already"], 1);
    assert_eq!(s.concerns().len(), 1);
}

#[test]
fn intake_never_trusts_what_the_reporter_was_shown_and_refuses_what_does_not_fit() {
    use safeguard::seal::envelope::{Author, Envelope, PolicyRef, RouteTaken, Shown};
    let s = Solo::new();
    let policy = safeguard::policy::Policy::default_policy();
    let base = Envelope {
        version: 1,
        reference: safeguard::seal::envelope::new_reference().unwrap(),
        service: "oakfield".into(),
        policy: PolicyRef {
            id: policy.id.clone(),
            version: policy.version.clone(),
            hash: policy.hash.clone(),
        },
        anonymous: false,
        answers: safeguard::interview::answers::read_map(CHILD, "t").unwrap(),
        shown: Shown { recommendation: "keep-under-review".into(), ..Shown::default() },
        route: RouteTaken::default(),
        noticed_at: None,
        raised_at: "2026-11-23T09:00:00Z".parse().unwrap(),
        linked_to: None,
        author: Some(Author { name: "Dana Price".into(), login: "sam".into(), role: "worker".into() }),
        signature: None,
        padding: String::new(),
    };
    let store_key: age::x25519::Recipient = s.store_key.parse().unwrap();
    // Each is signed by its author (Dana, on the store's roster), as `raise` signs them.
    let key = safeguard::seal::identity::load_signing(&s.env.path("data/safeguard")).unwrap().unwrap();
    let sign = |e: &Envelope| {
        let mut e = e.clone();
        e.signature = Some(safeguard::seal::envelope::AuthorSignature {
            key: key.public().text(),
            signature: key.sign_envelope(&e.digest().unwrap()),
        });
        e
    };
    let seal_as_is =
        |e: &Envelope| safeguard::seal::seal(&[&store_key], &e.clone().to_padded_json().unwrap()).unwrap();
    let seal = |e: &Envelope| seal_as_is(&sign(e));
    s.drop_in("a-lie.age", &seal(&base));
    // Signed, then altered: the signature no longer matches what it holds.
    let mut forged = sign(&base);
    forged.reference = safeguard::seal::envelope::new_reference().unwrap();
    forged.answers.insert("description".into(), json!("Someone else's words."));
    s.drop_in("g-forged.age", &seal_as_is(&forged));
    let mut unsigned = base.clone();
    unsigned.reference = safeguard::seal::envelope::new_reference().unwrap();
    s.drop_in("h-unsigned.age", &seal_as_is(&unsigned));
    let mut other = base.clone();
    other.reference = safeguard::seal::envelope::new_reference().unwrap();
    other.service = "elsewhere".into();
    s.drop_in("b-wrong-service.age", &seal(&other));
    let mut signed_red = base.clone();
    signed_red.reference = safeguard::seal::envelope::new_reference().unwrap();
    signed_red.answers = safeguard::interview::answers::read_map(CODE_RED, "t").unwrap();
    signed_red.answers.insert("about".into(), json!("code-red"));
    s.drop_in("c-code-red-with-author.age", &seal(&signed_red));
    let mut anon_author = base.clone();
    anon_author.reference = safeguard::seal::envelope::new_reference().unwrap();
    anon_author.anonymous = true;
    let bytes = serde_json::to_vec(&anon_author).unwrap();
    s.drop_in("d-anonymous-with-author.age", &safeguard::seal::seal(&[&store_key], &bytes).unwrap());
    let mut bad_answer = base.clone();
    bad_answer.reference = safeguard::seal::envelope::new_reference().unwrap();
    bad_answer.answers.insert("significant_harm".into(), json!("perhaps"));
    s.drop_in("e-bad-answer.age", &seal(&bad_answer));

    let mut future = base.clone();
    future.reference = safeguard::seal::envelope::new_reference().unwrap();
    future.raised_at = "2031-01-01T09:00:00Z".parse().unwrap();
    s.drop_in("f-future.age", &seal(&future));

    let r = s.intake();
    assert_eq!(r["imported"].as_array().unwrap().len(), 2, "{r}");
    // A claim in the future: the clocks start when the file reached the inbox, and it is flagged.
    let f = &r["imported"][1];
    assert!(f["file"].as_str().unwrap().ends_with("f-future.age"), "{r}");
    assert_eq!(f["raised_at"], f["arrived_at"], "{f}");
    assert!(f["flags"][0].as_str().unwrap().contains("after it reached the inbox"), "{f}");
    let imported = &r["imported"][0];
    assert!(imported["file"].as_str().unwrap().ends_with("a-lie.age"));
    assert!(
        imported["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("keep-under-review")),
        "{imported}"
    );
    let shown = s.env.run(&["show", imported["id"].as_str().unwrap(), "--json"]).ok().json();
    assert_eq!(
        shown["recommendation"], "child-protection-referral",
        "the policy's judgement, not the file's"
    );
    assert_eq!(shown["raised_at"], "2026-11-23T09:00:00Z");
    let reasons: Vec<(String, String)> = r["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let f = x["file"].as_str().unwrap();
            (f[f.rfind('/').unwrap() + 1..].to_owned(), x["reason"].as_str().unwrap().to_owned())
        })
        .collect();
    let reason =
        |name: &str| reasons.iter().find(|(f, _)| f == name).map(|(_, r)| r.clone()).unwrap_or_default();
    assert!(reason("b-wrong-service.age").contains("elsewhere"), "{reasons:?}");
    assert!(reason("c-code-red-with-author.age").contains("carries an author"), "{reasons:?}");
    assert!(reason("d-anonymous-with-author.age").contains("no author"), "{reasons:?}");
    assert!(reason("e-bad-answer.age").contains("significant_harm"), "{reasons:?}");
    assert!(reason("g-forged.age").contains("forged or altered"), "{reasons:?}");
    assert!(reason("h-unsigned.age").contains("not signed by its author"), "{reasons:?}");
    assert_eq!(reasons.len(), 6, "{reasons:?}");
}

/// Where the seeds need a second record (003 §6.18: staff caused an adult harm), the reporter
/// raises it sealed too, naming the first by the reference they were given; intake makes the
/// link, which settles the first concern's duty. A link the store cannot make is flagged and
/// the concern still imported; a `linked_to` that names nothing is refused at the raise.
#[test]
fn a_sealed_second_record_is_linked_at_intake_by_the_first_ones_reference() {
    const ADULT_STAFF_CAUSED: &str = "immediate_risk = \"no\"\nabout = \"adult\"\nsubject_initials = \"CD\"\n\
        subject_age = 78\ndescription = \"A care worker pushed her against the wall.\"\n\
        care_and_support_needs = \"yes\"\nabuse_or_neglect = \"yes\"\nunable_to_protect = \"yes\"\n\
        adult_factors = [\"staff-caused\"]\ncapacity = \"yes\"\nconsent = \"yes\"\n";
    const STAFF: &str = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"T. Green\"\n\
        subject_position = \"colleague\"\ndescription = \"I saw T. Green push Mrs D against the wall.\"\n\
        staff_criteria = [\"harmed-adult\"]\n";
    let s = Solo::new();
    let duty_status = |rec: &Value, kind: &str| -> String {
        let d = rec["duties"].as_array().unwrap().iter().find(|d| d["kind"] == kind);
        d.unwrap_or_else(|| panic!("no {kind} duty: {rec}"))["status"].as_str().unwrap().to_owned()
    };
    let deliver = |name: &str| -> Value {
        s.drop_in(name, &std::fs::read(s.env.path(name)).unwrap());
        let report = s.intake();
        assert_eq!(report["imported"].as_array().unwrap().len(), 1, "{report}");
        report["imported"][0].clone()
    };

    let receipt = s.raise_out(ADULT_STAFF_CAUSED, "first.age", &[]).ok().json();
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    let first = deliver("first.age")["id"].as_str().unwrap().to_owned();
    assert_ne!(
        duty_status(&s.env.run(&["show", &first, "--json"]).ok().json(), "raise-staff-concern"),
        "done"
    );

    s.raise_out(&format!("{STAFF}linked_to = {reference:?}\n"), "second.age", &[]).ok();
    let second = deliver("second.age");
    assert_eq!(second["linked_to"], first.as_str(), "{second}");
    let second = second["id"].as_str().unwrap().to_owned();
    let one = s.env.run(&["show", &first, "--json"]).ok().json();
    assert_eq!(duty_status(&one, "raise-staff-concern"), "done");
    assert_eq!(one["links"][0]["id"], second.as_str(), "{}", one["links"]);
    let two = s.env.run(&["show", &second, "--json"]).ok().json();
    assert_eq!(two["links"][0]["id"], first.as_str(), "{}", two["links"]);
    assert_eq!(two["links"][0]["link"], "second-record-of");
    s.env.run(&["verify"]).ok();

    // A concern this store does not have: imported all the same, flagged, not linked.
    s.raise_out(&format!("{STAFF}linked_to = \"SG-2026-0099\"\n"), "third.age", &[]).ok();
    let third = deliver("third.age");
    assert!(third.get("linked_to").is_none(), "{third}");
    assert!(third["flags"].to_string().contains("SG-2026-0099"), "{third}");

    // Both in the inbox at once, the second first in name order: it waits for the first,
    // and is linked in the same run.
    let first = s.raise_out(ADULT_STAFF_CAUSED, "fourth.age", &[]).ok().json()["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    s.raise_out(&format!("{STAFF}linked_to = {first:?}\n"), "fifth.age", &[]).ok();
    s.drop_in("0-fifth.age", &std::fs::read(s.env.path("fifth.age")).unwrap());
    s.drop_in("1-fourth.age", &std::fs::read(s.env.path("fourth.age")).unwrap());
    let report = s.intake();
    let imported = report["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 2, "{report}");
    let by_file = |end: &str| imported.iter().find(|d| d["file"].as_str().unwrap().ends_with(end)).unwrap();
    assert_eq!(by_file("0-fifth.age")["linked_to"], by_file("1-fourth.age")["id"], "{report}");
    assert!(!by_file("0-fifth.age")["flags"].to_string().contains("linked"), "{report}");

    // Not a concern id nor a reference: refused before anything is sealed.
    let bad = s.raise_out(&format!("{STAFF}linked_to = \"the one last week\"\n"), "bad.age", &[]).code(2);
    assert!(bad.stderr.contains("linked_to") && bad.stderr.contains("the one last week"), "{}", bad.stderr);
    assert!(!s.env.path("bad.age").exists());
}

/// `raise` into the store finds the first record as intake does: by the reference a sealed
/// concern was raised under, too, and never a frozen (003 §7.13) or closed one, refused before
/// anything is saved (the second concern used to be saved, and the link then refused).
#[test]
fn a_store_raise_links_as_intake_does_by_reference_and_never_to_a_frozen_concern() {
    let mut s = Solo::new();
    let reference =
        s.raise_out(CHILD, "first.age", &[]).ok().json()["reference"].as_str().unwrap().to_owned();
    s.drop_in("first.age", &std::fs::read(s.env.path("first.age")).unwrap());
    let first = s.intake()["imported"][0]["id"].as_str().unwrap().to_owned();
    // Raised straight into the store: no service file.
    s.env.unset("SAFEGUARD_SERVICE_FILE");
    let second = s.answers("second", &format!("{CHILD}linked_to = {reference:?}\n"));
    let rec = s.env.run(&["raise", "--answers", second.to_str().unwrap(), "--json"]).ok().json();
    let one = s.env.run(&["show", &first, "--json"]).ok().json();
    assert_eq!(one["links"][0]["id"], rec["id"], "{}", one["links"]);

    s.env.run(&["freeze", &first, "--reason", "Practice review asked for."]).ok();
    let third = s.answers("third", &format!("{CHILD}linked_to = {first:?}\n"));
    let r = s.env.run(&["raise", "--answers", third.to_str().unwrap(), "--json"]).code(2);
    assert!(
        r.stderr.contains(&format!("{first} is frozen")) && r.stderr.contains("nothing was saved"),
        "{}",
        r.stderr
    );
    assert_eq!(s.concerns().len(), 2, "a concern was saved although its link was refused");
}

/// In sealed mode the chain head is also sealed to the Group Head (issue 14): `verify
/// --seal-head` writes it, once every check passed, for them and the recovery key only.
#[test]
fn verify_seals_the_chain_head_to_the_group_head() {
    let s = Solo::new();
    s.raise_out(CHILD, "one.age", &[]).ok();
    s.drop_in("one.age", &std::fs::read(s.env.path("one.age")).unwrap());
    s.intake();
    let file = s.env.path("head.age");
    let v = s.env.run(&["verify", "--json", "--seal-head", file.to_str().unwrap()]).ok().json();
    assert_eq!(v["sealed_head"]["sealed_to"], json!(["Gina Head", "recovery"]), "{v}");
    let sealed = std::fs::read(&file).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    for who in [&s.gina, &s.recovery] {
        let statement: Value = serde_json::from_slice(&open(who, &sealed).unwrap()).unwrap();
        assert_eq!(statement["head"], v["head"], "{statement}");
        assert_eq!(statement["length"], v["length"]);
        assert_eq!(statement["service"], "oakfield");
    }
    assert!(open(&s.alt, &sealed).is_err(), "sealed to someone who does not hold the head");
    // The Group Head's head then catches a rollback.
    let statement: Value = serde_json::from_slice(&open(&s.gina, &sealed).unwrap()).unwrap();
    let held = format!("{}:{}", statement["head"].as_str().unwrap(), statement["length"]);
    s.env.run(&["verify", "--expect-head", &held]).ok();

    // An existing file is never overwritten, and a failed check writes nothing.
    let again = s.env.run(&["verify", "--seal-head", file.to_str().unwrap()]).code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let other = s.env.path("bad-head.age");
    let wrong = "ab".repeat(32);
    s.env.run(&["verify", "--expect-head", &wrong, "--seal-head", other.to_str().unwrap()]).code(7);
    assert!(!other.exists(), "a head was sealed although verify failed");
    // Without the service file there is nobody to seal it to: said, not guessed.
    let mut no_service = s.env.command(&["verify", "--seal-head", other.to_str().unwrap()]);
    let out = no_service.env_remove("SAFEGUARD_SERVICE_FILE").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("service file"));
}

#[test]
fn junk_tampered_linked_fifo_and_oversize_files_are_rejected_without_hanging() {
    let s = Solo::new();
    s.raise_out(CHILD, "good.age", &[]).ok();
    let good = std::fs::read(s.env.path("good.age")).unwrap();
    s.drop_in("1-junk.age", b"not a sealed file at all\n");
    let mut tampered = good.clone();
    let n = tampered.len();
    tampered[n - 40] ^= 0x20;
    s.drop_in("2-tampered.age", &tampered);
    std::os::unix::fs::symlink(s.env.path("good.age"), s.env.path("inbox/new/3-link.age")).unwrap();
    let fifo = s.env.path("inbox/new/4-fifo.age");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let big = std::fs::File::create(s.env.path("inbox/new/5-oversize.age")).unwrap();
    big.set_len(64 << 20).unwrap();
    std::fs::create_dir(s.env.path("inbox/new/6-folder")).unwrap();
    std::fs::hard_link(s.env.path("good.age"), s.env.path("inbox/new/7-hardlink.age")).unwrap();

    // `run` kills the command after 120 s: a FIFO that made intake block would fail here.
    let r = s.env.run(&["intake", "--json"]).code(8).json();
    assert!(r["imported"].as_array().unwrap().is_empty(), "{r}");
    let reasons: Vec<String> =
        r["rejected"].as_array().unwrap().iter().map(|x| format!("{} {}", x["file"], x["reason"])).collect();
    let expect = [
        ("1-junk", "not a sealed (age) file"),
        ("2-tampered", "changed or cut short"),
        ("3-link", "symbolic link"),
        ("4-fifo", "FIFO"),
        ("5-oversize", "oversize"),
        ("6-folder", "folder"),
        ("7-hardlink", "links"),
    ];
    for (file, why) in expect {
        assert!(
            reasons.iter().any(|r| r.contains(file) && r.contains(why)),
            "{file}: {why} not in {reasons:?}"
        );
    }
    // Rejected files stay for a person to look at; the store has nothing.
    assert!(s.env.path("inbox/new/2-tampered.age").exists());
    assert!(s.concerns().is_empty());
    // `list` runs intake first and still works, saying what it could not import.
    let listed = s.env.run(&["list"]).ok();
    assert!(listed.stderr.contains("could not be imported"), "{}", listed.stderr);
}

/// DOMAIN.md §6.3: only the people an inbox is for import what lands in it. The Group Head is on
/// the designated person's store (a route sends other concerns to the Group Head), but the
/// service inbox is Dana's: Gina's intake, her `list` and her `intake FILE` leave the file for
/// Dana, who then imports it.
#[test]
fn only_the_people_an_inbox_is_for_import_its_files() {
    let s = Solo::new();
    s.raise_out(CHILD, "child.age", &[]).ok();
    let dropped = s.drop_in("child.age", &std::fs::read(s.env.path("child.age")).unwrap());
    let gina = s.env.person();
    let key = gina.signing_key();
    s.env
        .run(&[
            "roster",
            "add",
            "--name",
            "Gina Head",
            "--login",
            "gina",
            "--roles",
            "group-head",
            "--key",
            &key,
        ])
        .ok();

    let r = gina.run(&["intake", "--json"]).ok().json();
    assert!(r["imported"].as_array().unwrap().is_empty(), "the Group Head imported Dana's inbox: {r}");
    assert_eq!(
        r["left_for_readers"],
        json!([{ "inbox": "service", "readers": ["Dana Price"], "waiting": 1 }])
    );
    let listed = gina.run(&["list", "--json"]).ok();
    assert!(listed.json().as_array().unwrap().is_empty(), "{}", listed.stdout);
    assert!(listed.stderr.contains("its files are for Dana Price alone"), "{}", listed.stderr);
    let by_hand = gina.run(&["intake", dropped.to_str().unwrap()]).code(2);
    assert!(by_hand.stderr.contains("Gina Head is not one of the people"), "{}", by_hand.stderr);
    assert!(dropped.exists(), "the file left new/");

    let r = s.intake();
    assert_eq!(r["imported"].as_array().unwrap().len(), 1, "{r}");
    assert!(r.get("left_for_readers").is_none(), "{r}");
}

#[test]
fn a_file_sealed_to_a_retired_store_key_still_imports() {
    let s = Solo::new();
    s.raise_out(CHILD, "old-key.age", &[]).ok();
    let before = s.env.run(&["keys", "show"]).ok().stdout;
    s.env.run(&["keys", "rotate"]).ok();
    let after = s.env.run(&["keys", "show"]).ok().stdout;
    assert_ne!(before, after);
    let keys = s.env.run(&["keys", "show", "--json"]).ok().json();
    assert_eq!(keys.as_array().unwrap().len(), 2);
    assert!(keys[0]["retired_at"].is_string() && keys[1]["retired_at"].is_null(), "{keys}");
    // The service file now names only the new key.
    let text = std::fs::read_to_string(&s.service).unwrap().replace(&s.store_key, after.trim());
    write_mode(&s.service, &text, 0o600);
    s.drop_in("old-key.age", &std::fs::read(s.env.path("old-key.age")).unwrap());
    let r = s.intake();
    assert_eq!(r["imported"].as_array().unwrap().len(), 1, "{r}");
    // And the new key is the one a new raise seals to.
    let receipt = s.raise_out(CHILD, "new-key.age", &[]).ok().json();
    assert!(receipt["sealed_to"].as_array().unwrap().iter().any(|t| t["recipient"] == after.trim()));
    s.env.run(&["keys", "init"]).code(2);
}

#[test]
fn an_allegation_about_the_designated_person_is_sealed_away_from_them() {
    let s = Solo::new();
    let dry = s
        .run_without_passphrase(&[
            "raise",
            "--answers",
            s.answers("dry", ABOUT_DP).to_str().unwrap(),
            "--dry-run",
        ])
        .ok();
    assert!(dry.stdout.contains("Not to: Dana Price"), "{}", dry.stdout);
    assert!(
        dry.stdout.contains("Alex Lead (reader)") && dry.stdout.contains("fingerprint"),
        "{}",
        dry.stdout
    );
    assert!(!s.env.path("dry.age").exists());

    let receipt = s.raise_out(ABOUT_DP, "about-dp.age", &[]).ok().json();
    let to: Vec<&str> =
        receipt["sealed_to"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(to, ["inbox alt", "Alex Lead", "Gina Head", "recovery"], "{receipt}");
    assert_eq!(receipt["left_out"], json!(["Dana Price"]));
    assert!(!receipt["tell"].as_array().unwrap().iter().any(|t| t == "designated-person"), "{receipt}");
    let sealed = std::fs::read(s.env.path("about-dp.age")).unwrap();

    // Dana's own identity cannot open it; the alternative lead's can.
    let dana_file = std::fs::read_to_string(s.env.path("data/safeguard/identity/age-identity.txt")).unwrap();
    let dana: age::x25519::Identity =
        dana_file.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).unwrap().parse().unwrap();
    assert_eq!(open(&dana, &sealed).unwrap_err(), safeguard::seal::OpenFailure::NotForUs.to_string());
    let env: Value = serde_json::from_slice(&open(&s.alt, &sealed).unwrap()).unwrap();
    assert_eq!(env["answers"]["subject_position"], "designated-person");

    // Dropped where Dana's store looks, it is not hers to import and never enters her store.
    s.drop_in("about-dp.age", &sealed);
    let r = s.intake();
    assert!(r["imported"].as_array().unwrap().is_empty());
    assert!(
        r["rejected"][0]["reason"].as_str().unwrap().contains("not sealed to any key of this store"),
        "{r}"
    );
    assert!(s.concerns().is_empty());
}

/// Tree E in force (003 §9.9, §2.2): a concern about the line manager is sealed to the
/// designated person and not to the line manager; one about the head of service to the MD for
/// HR and the Group Head, neither to the head of service nor to the designated person.
#[test]
fn the_route_decides_who_a_concern_is_sealed_to_and_its_subject_is_never_one() {
    let s = Solo::new();
    let (lee, lee_r) = key();
    let (hugh, hugh_r) = key();
    let (mira, mira_r) = key();
    let mut text = std::fs::read_to_string(&s.service).unwrap();
    for (name, login, role, r) in [
        ("Lee Manager", "sgt-nobody-lee", "line-manager", &lee_r),
        ("Hugh Service", "sgt-nobody-hugh", "managing-director", &hugh_r),
        ("Mira Hr", "sgt-nobody-mira", "md-hr", &mira_r),
    ] {
        text.push_str(&format!(
            "\n[[person]]\nname = \"{name}\"\nlogin = \"{login}\"\nroles = [\"{role}\"]\nrecipient = \"{r}\"\n"
        ));
    }
    write_mode(&s.service, &text, 0o600);
    let names = |r: &Value| -> Vec<String> {
        r["sealed_to"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_owned()).collect()
    };

    let about_lm = ABOUT_LM.replace("Dana Price", "Lee Manager");
    let r = s.raise_out(&about_lm, "lm.age", &[]).ok().json();
    assert_eq!(r["route"]["id"], "about-line-manager", "{r}");
    assert_eq!(names(&r), ["inbox service", "Dana Price", "recovery"], "{r}");
    assert_eq!(r["left_out"], json!(["Lee Manager"]));
    let sealed = std::fs::read(s.env.path("lm.age")).unwrap();
    assert_eq!(open(&lee, &sealed).unwrap_err(), safeguard::seal::OpenFailure::NotForUs.to_string());
    assert!(open(&s.recovery, &sealed).is_ok());

    let about_hos = "immediate_risk = \"no\"\nabout = \"staff\"\nsubject_name = \"Hugh Service\"\n\
        subject_position = \"head-of-service\"\nstaff_criteria = [\"harmed\"]\n\
        description = \"The head of service hit a child.\"\n";
    let r = s.raise_out(about_hos, "hos.age", &[]).ok().json();
    assert_eq!(r["route"]["id"], "about-head-of-service", "{r}");
    assert_eq!(names(&r), ["Gina Head", "Mira Hr", "recovery"], "{r}");
    assert_eq!(r["left_out"], json!(["Hugh Service"]));
    let sealed = std::fs::read(s.env.path("hos.age")).unwrap();
    let dana_file = std::fs::read_to_string(s.env.path("data/safeguard/identity/age-identity.txt")).unwrap();
    let dana: age::x25519::Identity =
        dana_file.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).unwrap().parse().unwrap();
    for (who, id) in
        [("the head of service", &hugh), ("the designated person", &dana), ("the alternative lead", &s.alt)]
    {
        assert!(open(id, &sealed).is_err(), "{who} opens it");
    }
    assert!(open(&mira, &sealed).is_ok() && open(&s.gina, &sealed).is_ok());
}

#[test]
fn when_everyone_on_the_route_is_left_out_nothing_is_saved_and_the_reporter_is_told_whom_to_phone() {
    // Dana is the designated person and the line manager: a concern about the line manager
    // cannot go to her, although the route's reader is the designated person.
    let s = Solo::with_roles(&["designated-person", "line-manager"]);
    let r = s.raise_out(ABOUT_LM, "lm.age", &[]).code(1);
    assert!(r.stderr.contains("Dana Price is left out"), "{}", r.stderr);
    assert!(r.stderr.contains("Nothing was saved"), "{}", r.stderr);
    assert!(r.stderr.contains("0114 000 0001"), "no number to phone: {}", r.stderr);
    assert!(!s.env.path("lm.age").exists());
    assert!(!s.env.path("data/safeguard/mine").exists(), "a copy was kept of a concern not sent");
}

#[test]
fn the_anonymous_envelope_holds_no_login_host_name_or_uid() {
    let s = Solo::new();
    let r = s.raise_out(CODE_RED, "red.age", &["--anonymous"]).ok();
    let receipt = r.json();
    assert_eq!(receipt["anonymous"], true);
    assert!(receipt["anonymity"]["file_system_shows"].as_str().unwrap().contains("owned by your login"));
    assert_eq!(receipt["anonymity"]["code_red_phone"], "0161 000 0000");
    let mut env = envelope_of(&s.recovery, &s.env.path("red.age"));
    assert!(env.get("author").is_none(), "{env}");
    for k in ["policy", "reference", "padding"] {
        env.as_object_mut().unwrap().remove(k);
    }
    let text = env.to_string();
    let uid = safeguard::seal::unix::euid().to_string();
    let mut host = [0u8; 256];
    // SAFETY: the buffer is as long as we say.
    assert_eq!(unsafe { libc::gethostname(host.as_mut_ptr().cast(), host.len()) }, 0);
    let host = String::from_utf8_lossy(&host[..host.iter().position(|&b| b == 0).unwrap()]).into_owned();
    for (what, needle) in [("login", login()), ("host name", host), ("uid", uid)] {
        assert!(!has_word(&text, &needle), "the {what} {needle:?} is in the anonymous envelope: {text}");
    }
    // The human receipt says what the file system still shows, and whom to phone.
    let human = s.run_without_passphrase(&[
        "raise",
        "--anonymous",
        "--answers",
        s.answers("red3", CODE_RED).to_str().unwrap(),
        "--seal-out",
        s.env.path("red3.age").to_str().unwrap(),
    ]);
    let human = human.ok();
    assert!(human.stdout.contains("What the file system still shows"), "{}", human.stdout);
    assert!(human.stdout.contains("phone Code RED instead: 0161 000 0000"), "{}", human.stdout);
    drop(r);
}

#[test]
fn the_reporter_keeps_their_own_sealed_copies_and_mine_lists_them() {
    let s = Solo::new();
    let a = s.raise_out(CHILD, "a.age", &[]).ok().json();
    s.raise_out(CODE_RED, "b.age", &["--anonymous", "--no-copy"]).ok();
    let mine = s.env.run(&["mine", "--json"]).ok().json();
    assert_eq!(mine.as_array().unwrap().len(), 1, "--no-copy kept a copy: {mine}");
    assert_eq!(mine[0]["reference"], a["reference"]);
    assert_eq!(mine[0]["recommendation"], "child-protection-referral");
    let dir = s.env.path("data/safeguard/mine");
    assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
    for f in std::fs::read_dir(&dir).unwrap() {
        let f = f.unwrap().path();
        assert_eq!(std::fs::metadata(&f).unwrap().mode() & 0o777, 0o600);
        assert!(!crate::common::contains(&std::fs::read(&f).unwrap(), b"Bruises"), "a plaintext copy");
    }
}

#[test]
fn identities_and_store_keys_are_made_once_and_kept_private() {
    let s = Solo::new();
    let again = s.env.run(&["identity", "init"]).code(2);
    assert!(again.stderr.contains("never overwritten"), "{}", again.stderr);
    let file = s.env.path("data/safeguard/identity/age-identity.txt");
    assert_eq!(std::fs::metadata(&file).unwrap().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(file.parent().unwrap()).unwrap().mode() & 0o777, 0o700);
    let shown = s.env.run(&["identity", "show", "--json"]).ok().json();
    assert!(shown["recipient"].as_str().unwrap().starts_with("age1"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let loose = s.env.run(&["identity", "show"]).code(2);
    assert!(loose.stderr.contains("chmod 600"), "{}", loose.stderr);
    s.env.run(&["keys", "init"]).code(2);
    let fresh = Env::with_store();
    fresh.run(&["keys", "show"]).code(2);
    fresh.run(&["keys", "rotate"]).code(2);
}

#[test]
fn an_unsafe_service_file_is_refused_saying_how_to_fix_it() {
    let s = Solo::new();
    let run = |s: &Solo| {
        s.run_without_passphrase(&[
            "raise",
            "--answers",
            s.answers("c", CHILD).to_str().unwrap(),
            "--dry-run",
        ])
    };
    std::fs::set_permissions(&s.service, std::fs::Permissions::from_mode(0o664)).unwrap();
    let r = run(&s).code(2);
    assert!(r.stderr.contains("chmod go-w"), "{}", r.stderr);
    std::fs::set_permissions(&s.service, std::fs::Permissions::from_mode(0o600)).unwrap();
    run(&s).ok();
    let link = s.env.path("link.toml");
    std::os::unix::fs::symlink(&s.service, &link).unwrap();
    let mut e = Env { dir: tempfile::tempdir().unwrap(), vars: s.env.vars.clone() };
    e.set("SAFEGUARD_SERVICE_FILE", link.to_str().unwrap());
    let r = e.run(&["raise", "--answers", s.answers("c", CHILD).to_str().unwrap(), "--dry-run"]).code(2);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    let text =
        std::fs::read_to_string(&s.service).unwrap().replace("designated-person\"]", "designated-persn\"]");
    write_mode(&s.service, &text, 0o600);
    let r = run(&s).code(2);
    assert!(r.stderr.contains("designated-persn"), "{}", r.stderr);
}

/// Without --service-file, the service file is found by the service's name in the services
/// directory (SAFEGUARD_SERVICES_DIR, else /etc/safeguard/services), and only there: the
/// tests' own environment points it at an empty directory of their own.
#[test]
fn a_service_file_is_found_by_the_service_s_name_in_the_services_directory() {
    let mut s = Solo::new();
    s.env.unset("SAFEGUARD_SERVICE_FILE");
    // None in the directory: raise writes to the store as before.
    let plain = s.answers("plain", CHILD);
    let rec = s.env.run(&["raise", "--answers", plain.to_str().unwrap(), "--json"]).ok().json();
    assert!(rec["id"].as_str().unwrap().starts_with("SG-"), "{rec}");
    let dir = s.env.path("services");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    write_mode(&dir.join("default.toml"), &std::fs::read_to_string(&s.service).unwrap(), 0o600);
    let sealed = s.raise_out(CHILD, "found.age", &[]).ok().json();
    assert!(sealed["reference"].as_str().unwrap().starts_with("R-"), "{sealed}");
    assert!(s.env.path("found.age").exists());
    // Another service's name finds no file there.
    let other =
        s.env.run(&["--service", "elmwood", "raise", "--answers", plain.to_str().unwrap(), "--dry-run"]);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(other.stderr.contains("service file"), "{}", other.stderr);
}

#[test]
fn without_a_service_file_the_sealed_options_are_refused_and_raise_is_as_before() {
    let env = Env::with_store();
    let a = env.path("a.toml");
    std::fs::write(&a, format!("{CHILD}reporter_name = \"Sam\"\nreporter_role = \"Worker\"\n")).unwrap();
    let r = env.run(&["raise", "--answers", a.to_str().unwrap(), "--dry-run"]).code(2);
    assert!(r.stderr.contains("service file"), "{}", r.stderr);
    let saved = env.run(&["raise", "--answers", a.to_str().unwrap(), "--json"]).ok().json();
    assert!(saved["id"].as_str().unwrap().starts_with("SG-"));
}

#[test]
#[ignore = "extra check: needs age; .ci/run installs it"]
fn the_standard_age_tool_opens_a_sealed_file_with_the_recovery_identity() {
    need_tool("age", "age");
    use age::secrecy::ExposeSecret;
    let s = Solo::new();
    let receipt = s.raise_out(CHILD, "for-age.age", &[]).ok().json();
    let id_file = s.env.path("recovery.txt");
    write_mode(&id_file, &format!("{}\n", s.recovery.to_string().expose_secret()), 0o600);
    let out = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&id_file)
        .arg(s.env.path("for-age.age"))
        .output()
        .unwrap();
    assert!(out.status.success(), "age -d: {}", String::from_utf8_lossy(&out.stderr));
    let env: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(env["reference"], receipt["reference"]);
    assert_eq!(env["answers"]["subject_initials"], "QZ");
    // The reporter's own identity file is one `age -d -i` reads, and opens their own copy.
    let own = s.env.path("data/safeguard/identity/age-identity.txt");
    let copy = s.env.path(&format!("data/safeguard/mine/{}.age", receipt["reference"].as_str().unwrap()));
    let out = Command::new("age").arg("-d").arg("-i").arg(&own).arg(&copy).output().unwrap();
    assert!(out.status.success(), "age -d own copy: {}", String::from_utf8_lossy(&out.stderr));
}

// ---------------------------------------------------------------------------------------------
// Several people, as real Unix users (root only).

const STAFF_GROUP: &str = "sgt-staff";
const USERS: &[&str] = &["sgt-dp", "sgt-alt", "sgt-hos", "sgt-staff1", "sgt-staff2"];

/// Creates the test users and the staff group once per run (as root; idempotent).
fn users() {
    static MADE: OnceLock<()> = OnceLock::new();
    MADE.get_or_init(|| {
        assert_eq!(safeguard::seal::unix::euid(), 0, "this extra check needs root");
        need_tool("useradd", "passwd");
        need_tool("setpriv", "util-linux");
        let sh = |cmd: &str| {
            let out = Command::new("sh").args(["-c", cmd]).output().unwrap();
            assert!(out.status.success(), "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
        };
        sh(&format!("getent group {STAFF_GROUP} >/dev/null || groupadd {STAFF_GROUP}"));
        for u in USERS {
            sh(&format!(
                "getent passwd {u} >/dev/null || useradd -M -U -s /usr/sbin/nologin {u}; usermod -aG {STAFF_GROUP} {u}"
            ));
        }
    });
}

/// The binary where every test user can run it: in place when every folder above it lets
/// others through, else a copy in a folder that does.
fn shared_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_safeguard"));
        let open_to_all =
            bin.ancestors().skip(1).all(|d| std::fs::metadata(d).is_ok_and(|m| m.mode() & 0o001 != 0));
        if open_to_all {
            return bin;
        }
        let dir = std::env::temp_dir().join(format!("sgt-bin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = dir.join("safeguard");
        if std::fs::hard_link(&bin, &copy).is_err() {
            std::fs::copy(&bin, &copy).unwrap();
        }
        copy
    })
    .clone()
}

/// A service whose people are real users, in a folder they can all pass through.
struct World {
    dir: tempfile::TempDir,
    service: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        for u in USERS {
            let home = dir.path().join(u);
            for d in ["", "home", "data", "config"] {
                std::fs::create_dir_all(home.join(d)).unwrap();
            }
            Command::new("chown").args(["-R", &format!("{u}:{u}")]).arg(&home).status().unwrap();
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        std::fs::create_dir(dir.path().join("answers")).unwrap();
        std::fs::set_permissions(dir.path().join("answers"), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir(dir.path().join("srv")).unwrap();
        std::fs::set_permissions(dir.path().join("srv"), std::fs::Permissions::from_mode(0o755)).unwrap();
        let service = dir.path().join("service.toml");
        World { dir, service }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs the binary as `user` (no passphrase unless given), stdin closed.
    fn run_as(&self, user: &str, args: &[&str], pass: Option<&str>, now: &str) -> Run {
        let home = self.path(user);
        let mut c = Command::new("setpriv");
        c.args(["--reuid", user, "--regid", user, "--init-groups", "--"])
            .arg(shared_binary())
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.join("home"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("SAFEGUARD_SERVICES_DIR", home.join("services"))
            .env("NO_COLOR", "1")
            .env("SAFEGUARD_NOW", now)
            .env("SAFEGUARD_SERVICE_FILE", &self.service)
            .current_dir(self.dir.path());
        if let Some(p) = pass {
            c.env("SAFEGUARD_PASSPHRASE", p);
        }
        let child = c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        finish(child, Duration::from_secs(120)).expect("did not finish in 120 s")
    }

    /// Runs a shell command as `user`; true when it succeeded.
    fn can(&self, user: &str, cmd: &str) -> bool {
        Command::new("setpriv")
            .args(["--reuid", user, "--regid", user, "--init-groups", "--", "sh", "-c", cmd])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    }

    fn answers(&self, name: &str, text: &str) -> String {
        let p = self.path(&format!("answers/{name}.toml"));
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        p.display().to_string()
    }
}

/// A time just before now, so the file's arrival comes after the claimed raise, as in life.
fn just_before_now(minutes: i64) -> String {
    safeguard::domain::clock::rfc3339(Utc::now() - chrono::Duration::minutes(minutes))
}

#[test]
#[ignore = "extra check: needs root (it creates Unix users and drops privileges with setpriv); .ci/run runs it as root"]
fn as_root_staff_raise_without_a_passphrase_and_see_nothing_of_the_store_or_each_other() {
    users();
    let w = World::new();
    let raised_at = just_before_now(30);
    let dp_pass = "dp passphrase";
    // The DP: a store, its key, and an identity; the alternative lead: an identity.
    let first = |r: crate::common::Run| r.stdout.lines().next().unwrap_or_default().to_owned();
    let dp = first(w.run_as("sgt-dp", &["identity", "init"], None, &raised_at).ok());
    let alt = first(w.run_as("sgt-alt", &["identity", "init"], None, &raised_at).ok());
    w.run_as("sgt-dp", &["init", "--name", "Dana Price"], Some(dp_pass), &raised_at).ok();
    w.run_as("sgt-dp", &["keys", "init"], Some(dp_pass), &raised_at).ok();
    let store_key =
        w.run_as("sgt-dp", &["keys", "show"], Some(dp_pass), &raised_at).ok().stdout.trim().to_owned();
    let (_, rec) = key();
    let text = format!(
        "[service]\nname = \"oakfield\"\nrecovery = [\"{rec}\"]\n\n\
         [[person]]\nname = \"Dana Price\"\nlogin = \"sgt-dp\"\nroles = [\"designated-person\"]\nrecipient = \"{dp}\"\n\n\
         [[person]]\nname = \"Alex Lead\"\nlogin = \"sgt-alt\"\nroles = [\"alternative-designated-lead\"]\nrecipient = \"{alt}\"\n\n\
         [[inbox]]\nname = \"service\"\npath = \"{}\"\ngroup = \"{STAFF_GROUP}\"\nreaders = [\"Dana Price\"]\nrecipients = [\"{store_key}\"]\n\n\
         [[inbox]]\nname = \"alt\"\npath = \"{}\"\ngroup = \"{STAFF_GROUP}\"\nreaders = [\"Alex Lead\"]\nrecipients = [\"{alt}\"]\n",
        w.path("srv/inbox").display(),
        w.path("srv/inbox-alt").display()
    );
    write_mode(&w.service, &text, 0o644);
    // Root sets up the inboxes' folders.
    let init = |name: &str| {
        let out = Command::new(shared_binary())
            .args(["inbox", "init", name])
            .env("SAFEGUARD_SERVICE_FILE", &w.service)
            .env("HOME", w.path("answers"))
            .output()
            .unwrap();
        assert!(out.status.success(), "inbox init: {}", String::from_utf8_lossy(&out.stderr));
    };
    init("service");
    init("alt");
    let check = w.run_as("sgt-dp", &["inbox", "check", "service"], None, &raised_at).ok();
    assert!(check.stdout.contains("set up as it should be"), "{}", check.stdout);

    // Two members of staff raise, with no passphrase anywhere.
    let one =
        w.run_as("sgt-staff1", &["raise", "--answers", &w.answers("one", CHILD), "--json"], None, &raised_at);
    let one = one.ok().json();
    let two =
        w.run_as("sgt-staff2", &["raise", "--answers", &w.answers("two", CHILD), "--json"], None, &raised_at);
    let two = two.ok().json();
    let about_dp = w.run_as(
        "sgt-staff1",
        &["raise", "--answers", &w.answers("dp", ABOUT_DP), "--json"],
        None,
        &raised_at,
    );
    let about_dp = about_dp.ok().json();
    assert_eq!(about_dp["delivered"]["inbox"], "alt");
    let (f1, f2, f3) = (
        one["delivered"]["path"].as_str().unwrap().to_owned(),
        two["delivered"]["path"].as_str().unwrap().to_owned(),
        about_dp["delivered"]["path"].as_str().unwrap().to_owned(),
    );
    let m = std::fs::metadata(&f1).unwrap();
    assert_eq!(m.mode() & 0o777, 0o640);
    assert_eq!(safeguard::seal::unix::login_name(m.uid()), "sgt-staff1");

    let store = w.path("sgt-dp/data/safeguard/default.db");
    assert!(store.exists());
    // What staff cannot do: read the store, read another's file, list the inbox.
    assert!(!w.can("sgt-staff1", &format!("cat {} >/dev/null", store.display())), "staff read the store");
    assert!(!w.can("sgt-staff1", &format!("cat {f2} >/dev/null")), "staff read another's sealed file");
    assert!(!w.can("sgt-staff2", &format!("cat {f1} >/dev/null")), "staff read another's sealed file");
    for d in ["srv/inbox", "srv/inbox/new", "srv/inbox/tmp", "srv/inbox/cur"] {
        assert!(!w.can("sgt-staff1", &format!("ls {} >/dev/null", w.path(d).display())), "staff listed {d}");
    }
    assert!(
        !w.can("sgt-staff1", &format!("rm -f {f2}")) || std::path::Path::new(&f2).exists(),
        "staff removed another's file"
    );
    assert!(Path::new(&f2).exists());
    // The reporter can read their own file; the reader can read and list; the DP cannot reach
    // the alternative lead's inbox at all.
    assert!(w.can("sgt-staff1", &format!("cat {f1} >/dev/null")));
    assert!(w.can(
        "sgt-dp",
        &format!("cat {f2} >/dev/null && ls {} >/dev/null", w.path("srv/inbox/new").display())
    ));
    assert!(!w.can("sgt-dp", &format!("cat {f3} >/dev/null")), "the DP read the allegation about her");
    assert!(!w.can("sgt-dp", &format!("ls {} >/dev/null", w.path("srv/inbox-alt/new").display())));
    assert!(w.can("sgt-alt", &format!("cat {f3} >/dev/null")));

    // The DP's intake, three hours later: both concerns, their clocks running from the raise.
    let later = safeguard::domain::clock::rfc3339(Utc::now() + chrono::Duration::hours(3));
    let r = w.run_as("sgt-dp", &["intake", "--json"], Some(dp_pass), &later).ok().json();
    assert_eq!(r["imported"].as_array().unwrap().len(), 2, "{r}");
    let listed = w.run_as("sgt-dp", &["list", "--json"], Some(dp_pass), &later).ok().json();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert!(!listed.to_string().contains("Dana shoved"), "the allegation about the DP reached her store");
    for (receipt, row) in [(&one, &r["imported"][0]), (&two, &r["imported"][1])] {
        let id = row["id"].as_str().unwrap();
        let shown = w.run_as("sgt-dp", &["show", id, "--json"], Some(dp_pass), &later).ok().json();
        let raised: DateTime<Utc> = shown["raised_at"].as_str().unwrap().parse().unwrap();
        assert_eq!(raised, raised_at.parse::<DateTime<Utc>>().unwrap(), "the clocks start at the raise");
        let due = |r: &Value, kind: &str| {
            r["duties"].as_array().unwrap().iter().find(|d| d["kind"] == kind).unwrap()["due"].clone()
        };
        if receipt["reference"] == shown["timeline"][0]["body"]["intake"]["reference"] {
            assert_eq!(due(&shown, "dp-decision"), due(receipt, "dp-decision"));
        }
    }
    // Intake again: nothing new; the files have moved to cur/.
    let again = w.run_as("sgt-dp", &["intake", "--json"], Some(dp_pass), &later).ok().json();
    assert!(again["imported"].as_array().unwrap().is_empty());
    assert!(!Path::new(&f1).exists() && !Path::new(&f2).exists());
}

#[test]
fn an_interrupted_sealed_interview_is_kept_sealed_to_the_reporter_and_resumes() {
    use expectrl::Eof;
    use expectrl::process::unix::WaitStatus;
    let mut s = Solo::new();
    s.env.unset("SAFEGUARD_PASSPHRASE");
    let mut p = crate::pty::spawn(&s.env, &["raise"]);
    crate::pty::answer(&mut p, "immediate danger", "\x1b[B\r");
    crate::pty::answer(&mut p, "Who or what", "\r");
    crate::pty::answer(&mut p, "initials", "QZXW\r");
    crate::pty::answer(&mut p, "age", "9\r");
    crate::pty::answer(&mut p, "main concern", "\x03");
    let rest = expectrl::Expect::expect(&mut p, Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    match p.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 130, "{text}"),
        other => panic!("did not exit normally: {other:?}"),
    }
    assert_eq!(text.matches("raise --resume D-").count(), 1, "{text}");
    let drafts = s.env.run(&["list", "--drafts", "--json"]).ok().json();
    assert_eq!(drafts.as_array().unwrap().len(), 1, "{drafts}");
    assert_eq!(drafts[0]["answered"], 4);
    assert_eq!(drafts[0]["about"], "child");
    let draft = drafts[0]["id"].as_str().unwrap().to_owned();
    let file = s.env.path(&format!("data/safeguard/drafts/{draft}.age"));
    assert_eq!(std::fs::metadata(&file).unwrap().mode() & 0o777, 0o600);
    assert!(!crate::common::contains(&std::fs::read(&file).unwrap(), b"QZXW"), "the draft is not sealed");

    let rest = s.answers(
        "rest",
        "primary_category = \"neglect\"\ndescription = \"Often hungry.\"\nsignificant_harm = \"yes\"\n",
    );
    let out = s.env.path("resumed.age");
    s.run_without_passphrase(&[
        "raise",
        "--resume",
        &draft,
        "--answers",
        rest.to_str().unwrap(),
        "--seal-out",
        out.to_str().unwrap(),
    ])
    .ok();
    let env = envelope_of(&s.recovery, &out);
    assert_eq!(env["answers"]["subject_initials"], "QZXW");
    assert_eq!(env["answers"]["subject_age"], 9);
    assert!(s.env.run(&["list", "--drafts", "--json"]).ok().json().as_array().unwrap().is_empty());
}

#[test]
#[ignore = "extra check: needs root (it creates Unix users); .ci/run runs it as root"]
fn as_root_a_service_file_owned_by_someone_else_is_refused() {
    users();
    let s = Solo::new();
    let run = |s: &Solo| {
        s.run_without_passphrase(&[
            "raise",
            "--answers",
            s.answers("c", CHILD).to_str().unwrap(),
            "--dry-run",
        ])
    };
    run(&s).ok();
    let status = Command::new("chown").arg("sgt-staff2").arg(&s.service).status().unwrap();
    assert!(status.success());
    let r = run(&s).code(2);
    assert!(r.stderr.contains("owned by sgt-staff2") && r.stderr.contains("chown root:"), "{}", r.stderr);
}

/// The group of the people who open the shared store (never anyone who only raises).
const DP_GROUP: &str = "sgt-dps";

/// Creates the shared store's group with the DP, the alternative lead and the Head of
/// Safeguarding in it (as root; idempotent).
fn dp_group() {
    static MADE: OnceLock<()> = OnceLock::new();
    MADE.get_or_init(|| {
        users();
        let sh = |cmd: &str| {
            let out = Command::new("sh").args(["-c", cmd]).output().unwrap();
            assert!(out.status.success(), "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
        };
        sh(&format!("getent group {DP_GROUP} >/dev/null || groupadd {DP_GROUP}"));
        for u in ["sgt-dp", "sgt-alt", "sgt-hos"] {
            sh(&format!("usermod -aG {DP_GROUP} {u}"));
        }
    });
}

/// Runs the binary as root with the world's service file (the administrator's steps).
fn as_admin(w: &World, args: &[&str]) -> Run {
    let child = Command::new(shared_binary())
        .args(args)
        .env("SAFEGUARD_SERVICE_FILE", &w.service)
        .env("HOME", w.path("answers"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, Duration::from_secs(120)).expect("did not finish in 120 s")
}

#[test]
#[ignore = "extra check: needs root (it creates Unix users and drops privileges with setpriv); .ci/run runs it as root"]
fn as_root_three_designated_people_share_one_store_each_signing_as_themselves() {
    dp_group();
    let w = World::new();
    let now = just_before_now(30);
    let (pass, alt_pass) = ("dps passphrase", "alt passphrase");
    let svc = ["--service", "oakfield"];
    let with = |extra: &[&str]| -> Vec<String> { svc.iter().chain(extra).map(|s| s.to_string()).collect() };
    let run = |user: &str, args: &[&str], p: Option<&str>| {
        let args = with(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        w.run_as(user, &args, p, &now)
    };
    // Each of the three makes their own identity and signing key, in their own data directory.
    let ident = |user: &str| -> (String, String) {
        let out = w.run_as(user, &["identity", "init"], None, &now).ok().stdout;
        let mut lines = out.lines().map(str::to_owned);
        (lines.next().unwrap(), lines.next().unwrap())
    };
    let (dp_rec, _) = ident("sgt-dp");
    let (alt_rec, alt_sign) = ident("sgt-alt");
    let (hos_rec, hos_sign) = ident("sgt-hos");
    let signing_file = w.path("sgt-alt/data/safeguard/identity");
    assert!(
        !w.can("sgt-dp", &format!("ls {} >/dev/null", signing_file.display())),
        "the DP reached another's key"
    );
    let (_, recovery) = key();
    let store = w.path("srv/dps/oakfield.db");
    let alt_store = w.path("sgt-alt/data/safeguard/alt.db");
    let people = format!(
        "[service]\nname = \"oakfield\"\nrecovery = [\"{recovery}\"]\n\n\
         [[person]]\nname = \"Dana Price\"\nlogin = \"sgt-dp\"\nroles = [\"designated-person\"]\nrecipient = \"{dp_rec}\"\n\n\
         [[person]]\nname = \"Alex Lead\"\nlogin = \"sgt-alt\"\nroles = [\"alternative-designated-lead\"]\nrecipient = \"{alt_rec}\"\n\n\
         [[person]]\nname = \"Hana Head\"\nlogin = \"sgt-hos\"\nroles = [\"head-of-safeguarding\"]\nrecipient = \"{hos_rec}\"\n\n\
         [[store]]\nname = \"oakfield\"\npath = \"{}\"\ngroup = \"{DP_GROUP}\"\nusers = [\"Dana Price\", \"Alex Lead\", \"Hana Head\"]\n",
        store.display()
    );
    write_mode(&w.service, &people, 0o644);

    // Before root sets the folder up, the DP cannot make the store there.
    let early = run("sgt-dp", &["init", "--name", "Dana Price"], Some(pass)).code(2);
    assert!(early.stderr.contains("safeguard store init oakfield"), "{}", early.stderr);
    // Root: the store's folder, root's, 2770 in the DPs' group.
    let init = as_admin(&w, &["store", "init", "oakfield"]).ok();
    assert!(init.stdout.contains("mode 2770"), "{}", init.stdout);
    let dm = std::fs::metadata(w.path("srv/dps")).unwrap();
    assert_eq!(
        (dm.uid(), safeguard::seal::unix::group_name(dm.gid()), dm.mode() & 0o7777),
        (0, DP_GROUP.into(), 0o2770)
    );
    // The DP makes the store: 0660 in the group, found from the service file's [[store]].
    run("sgt-dp", &["init", "--name", "Dana Price", "--roles", "designated-person"], Some(pass)).ok();
    let m = std::fs::metadata(&store).unwrap();
    assert_eq!(m.mode() & 0o777, 0o660);
    assert_eq!(safeguard::seal::unix::group_name(m.gid()), DP_GROUP);
    assert_eq!(safeguard::seal::unix::login_name(m.uid()), "sgt-dp");
    let check = run("sgt-hos", &["store", "check", "oakfield"], None).ok();
    assert!(check.stdout.contains("set up as it should be"), "{}", check.stdout);
    for (name, login, roles, k) in [
        ("Alex Lead", "sgt-alt", "alternative-designated-lead", &alt_sign),
        ("Hana Head", "sgt-hos", "head-of-safeguarding", &hos_sign),
    ] {
        run(
            "sgt-dp",
            &["roster", "add", "--name", name, "--login", login, "--roles", roles, "--key", k],
            Some(pass),
        )
        .ok();
    }
    run("sgt-dp", &["keys", "init"], Some(pass)).ok();
    let store_key = run("sgt-dp", &["keys", "show"], Some(pass)).ok().stdout.trim().to_owned();
    // The alternative lead's own store, for what must not reach the DP.
    let alt_db = alt_store.display().to_string();
    let alt_run = |user: &str, args: &[&str], p: Option<&str>| {
        let mut a = vec!["--db", alt_db.as_str()];
        a.extend_from_slice(args);
        w.run_as(user, &a, p, &now)
    };
    alt_run(
        "sgt-alt",
        &["init", "--name", "Alex Lead", "--roles", "alternative-designated-lead"],
        Some(alt_pass),
    )
    .ok();
    alt_run("sgt-alt", &["keys", "init"], Some(alt_pass)).ok();
    let alt_key = alt_run("sgt-alt", &["keys", "show"], Some(alt_pass)).ok().stdout.trim().to_owned();
    assert_eq!(
        std::fs::metadata(&alt_store).unwrap().mode() & 0o777,
        0o600,
        "a store of one person stays 0600"
    );
    let inboxes = format!(
        "\n[[inbox]]\nname = \"service\"\npath = \"{}\"\ngroup = \"{STAFF_GROUP}\"\nreaders_group = \"{DP_GROUP}\"\n\
         readers = [\"Dana Price\", \"Alex Lead\", \"Hana Head\"]\nrecipients = [\"{store_key}\"]\n\n\
         [[inbox]]\nname = \"alt\"\npath = \"{}\"\ngroup = \"{STAFF_GROUP}\"\nreaders = [\"Alex Lead\"]\nrecipients = [\"{alt_key}\"]\n",
        w.path("srv/inbox").display(),
        w.path("srv/inbox-alt").display()
    );
    write_mode(&w.service, &format!("{people}{inboxes}"), 0o644);
    as_admin(&w, &["inbox", "init", "service"]).ok();
    as_admin(&w, &["inbox", "init", "alt"]).ok();

    // Staff raise, with no passphrase: a child, and an allegation about the DP.
    let child =
        run("sgt-staff1", &["raise", "--answers", &w.answers("child", CHILD), "--json"], None).ok().json();
    assert_eq!(child["delivered"]["inbox"], "service");
    let about_dp =
        run("sgt-staff2", &["raise", "--answers", &w.answers("dp", ABOUT_DP), "--json"], None).ok().json();
    assert_eq!(about_dp["delivered"]["inbox"], "alt");
    // A member of staff cannot open the store, even with its passphrase: not in the group.
    let refused = run("sgt-staff1", &["list"], Some(pass)).code(2);
    assert!(refused.stderr.contains("you cannot open the store"), "{}", refused.stderr);
    assert!(refused.stderr.contains(DP_GROUP), "{}", refused.stderr);
    assert!(!w.can("sgt-staff1", &format!("cat {} >/dev/null", store.display())));
    assert!(!w.can("sgt-staff1", &format!("ls {} >/dev/null", w.path("srv/dps").display())));

    // The DP's intake (list runs it) and decision.
    let listed = run("sgt-dp", &["list", "--json"], Some(pass)).ok().json();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(!serde_json::to_string(listed).unwrap().contains("Dana shoved"));
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    let d = w.answers("decision", "outcome = \"child-protection-referral\"\n");
    run("sgt-dp", &["decide", &id, "--answers", &d], Some(pass)).ok();
    // The others open the same store as themselves: the alternative lead logs, the Head of
    // Safeguarding countersigns; the DP cannot countersign (she holds no such role).
    run("sgt-alt", &["log", &id, "phone-referral", "--note", "MASH told by phone."], Some(pass)).ok();
    run("sgt-dp", &["sign", &id], Some(pass)).code(2);
    run("sgt-hos", &["sign", &id, "--comments", "Seen and agreed."], Some(pass)).ok();
    for (p, _) in [(&store, ()), (&safeguard_wal(&store), ())] {
        if let Ok(m) = std::fs::metadata(p) {
            assert_eq!(
                (m.mode() & 0o777, safeguard::seal::unix::group_name(m.gid())),
                (0o660, DP_GROUP.into()),
                "{}",
                p.display()
            );
        }
    }

    // The allegation about the DP: she can neither read its file nor open the store it goes to.
    let f = about_dp["delivered"]["path"].as_str().unwrap();
    assert!(!w.can("sgt-dp", &format!("cat {f} >/dev/null")), "the DP read the allegation about her");
    let no = alt_run("sgt-dp", &["list"], Some(alt_pass)).code(2);
    assert!(no.stderr.contains("you cannot open the store"), "{}", no.stderr);
    let r = alt_run("sgt-alt", &["intake", "--json"], Some(alt_pass)).ok().json();
    assert_eq!(r["imported"].as_array().unwrap().len(), 1, "{r}");
    let alt_id = r["imported"][0]["id"].as_str().unwrap().to_owned();
    let lado = w.answers(
        "lado",
        "outcome = \"lado-referral\"\ndecided_with = \"Group Head, service MD, MD of HR\"\n",
    );
    alt_run("sgt-alt", &["decide", &alt_id, "--answers", &lado], Some(alt_pass)).ok();
    assert_eq!(
        alt_run("sgt-alt", &["show", &alt_id, "--json"], Some(alt_pass)).ok().json()["outcome"],
        "lado-referral"
    );

    // Every entry on the concern is signed by the Unix user who ran it.
    let shown = run("sgt-hos", &["show", &id, "--json"], Some(pass)).ok().json();
    let signers: Vec<&str> = shown["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["signed_by"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        signers,
        [
            "Dana Price (designated-person)",
            "Dana Price (designated-person)",
            "Alex Lead (alternative-designated-lead)",
            "Hana Head (head-of-safeguarding)"
        ],
        "{shown}"
    );
    // verify, as each of the three, passes and names each signer with their login.
    let mut heads = vec![];
    for user in ["sgt-dp", "sgt-alt", "sgt-hos"] {
        let v = run(user, &["verify", "--json"], Some(pass)).ok().json();
        assert_eq!(v["ok"], true, "{user}: {v}");
        let by: Vec<(String, String)> = v["signatures"]["signers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["name"].as_str().unwrap().to_owned(), t["login"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(
            by,
            [
                ("Dana Price".into(), "sgt-dp".into()),
                ("Alex Lead".into(), "sgt-alt".into()),
                ("Hana Head".into(), "sgt-hos".into())
            ],
            "{v}"
        );
        let text = run(user, &["verify"], Some(pass)).ok().stdout;
        assert!(text.contains("signed by: Dana Price (sgt-dp"), "{text}");
        heads.push(v["head"].clone());
    }
    assert!(heads.windows(2).all(|h| h[0] == h[1]));

    // A backup one DP keeps beside the store verifies for another; one kept in her own
    // directory is hers alone.
    let beside = w.path("srv/dps/backup-1.db");
    run("sgt-dp", &["backup", beside.to_str().unwrap()], Some(pass)).ok();
    let bm = std::fs::metadata(&beside).unwrap();
    assert_eq!((bm.mode() & 0o777, safeguard::seal::unix::group_name(bm.gid())), (0o660, DP_GROUP.into()));
    let v = w
        .run_as("sgt-alt", &["--db", beside.to_str().unwrap(), "verify", "--json"], Some(pass), &now)
        .ok()
        .json();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["head"], heads[0]);
    assert_eq!(v["signatures"]["signers"].as_array().unwrap().len(), 3, "{v}");
    let own = w.path("sgt-dp/home/backup.db");
    run("sgt-dp", &["backup", own.to_str().unwrap()], Some(pass)).ok();
    assert_eq!(std::fs::metadata(&own).unwrap().mode() & 0o777, 0o600);

    // A rekey by one of them keeps the store theirs together.
    let new_pass = w.path("sgt-hos/new-pass");
    std::fs::write(&new_pass, "new dps passphrase\n").unwrap();
    Command::new("chown").args(["sgt-hos:sgt-hos"]).arg(&new_pass).status().unwrap();
    std::fs::set_permissions(&new_pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let rekey = Command::new("setpriv")
        .args(["--reuid", "sgt-hos", "--regid", "sgt-hos", "--init-groups", "--"])
        .arg(shared_binary())
        .args(with(&["rekey"]))
        .env_clear()
        .env("HOME", w.path("sgt-hos/home"))
        .env("XDG_DATA_HOME", w.path("sgt-hos/data"))
        .env("XDG_CONFIG_HOME", w.path("sgt-hos/config"))
        .env("SAFEGUARD_SERVICES_DIR", w.path("sgt-hos/services"))
        .env("NO_COLOR", "1")
        .env("SAFEGUARD_NOW", &now)
        .env("SAFEGUARD_SERVICE_FILE", &w.service)
        .env("SAFEGUARD_PASSPHRASE", pass)
        .env("SAFEGUARD_NEW_PASSPHRASE_FILE", &new_pass)
        .current_dir(w.path(""))
        .output()
        .unwrap();
    assert!(rekey.status.success(), "rekey: {}", String::from_utf8_lossy(&rekey.stderr));
    let m = std::fs::metadata(&store).unwrap();
    assert_eq!((m.mode() & 0o777, safeguard::seal::unix::group_name(m.gid())), (0o660, DP_GROUP.into()));
    let v = run("sgt-dp", &["verify", "--json"], Some("new dps passphrase")).ok().json();
    assert_eq!(v["ok"], true, "{v}");
}

/// The store's WAL file.
fn safeguard_wal(store: &Path) -> PathBuf {
    let mut p = store.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

//! Benchmark: sealed raising (issue 13), end to end with the release binary.
//!
//! Targets: sealing adds under 5 ms to `raise`; a sealed `raise --answers` takes at most a
//! quarter of a store `raise --answers` (it derives no store key); intake of 1,000 sealed
//! concerns takes at most 2 s beyond the store's open.
//!
//! Measures, as paired runs (each pair back to back, so load on the machine hits both alike),
//! median and minimum:
//!   store  = `raise --answers --json` into a store (real key derivation);
//!   sealed = `raise --answers --json` with a service file (sealed, delivered, own copy kept);
//!   dry    = the same with `--dry-run` (everything but sealing, delivery and the copy);
//!   open   = `keys show` (the store's open and one query);
//!   intake = `intake --json` of 1,000 sealed files (the store and inbox restored each run).
//! Also, in process: sealing a 16 KiB envelope to three recipients.
//!
//! Run: `cargo build --release && cargo bench --bench sealed` (SAFEGUARD_BENCH_RUNS=N pairs,
//! SAFEGUARD_BENCH_FILES=N files for intake, SAFEGUARD_BENCH_BIN=PATH another binary).

// Tests and benchmarks report on the console directly; clippy.toml's output rules are for the tool.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T10:00:00Z";
const PASS: &str = "benchmark passphrase";
const CHILD: &str = "immediate_risk = \"no\"\nabout = \"child\"\nsubject_initials = \"JQ\"\nsubject_age = 7\nprimary_category = \"neglect\"\ndescription = \"Arrives hungry most days; no coat in November.\"\nsignificant_harm = \"yes\"\nreporter_name = \"Sam\"\nreporter_role = \"Worker\"\n";

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[0])
}

struct Bench {
    dir: PathBuf,
    bin: PathBuf,
}

impl Bench {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.args(args)
            .env_clear()
            .env("HOME", self.dir.join("home"))
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("SAFEGUARD_NOW", NOW)
            .env("NO_COLOR", "1");
        c
    }

    fn run(&self, mut c: Command) -> Duration {
        let t = Instant::now();
        let out = c.output().unwrap();
        let d = t.elapsed();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        d
    }

    fn store(&self, args: &[&str]) -> Duration {
        let mut c = self.cmd(args);
        c.env("SAFEGUARD_PASSPHRASE", PASS);
        self.run(c)
    }

    fn sealed(&self, args: &[&str]) -> Duration {
        let mut c = self.cmd(args);
        c.env("SAFEGUARD_SERVICE_FILE", self.dir.join("service.toml"));
        self.run(c)
    }

    fn sealed_with_store(&self, args: &[&str]) -> Duration {
        let mut c = self.cmd(args);
        c.env("SAFEGUARD_SERVICE_FILE", self.dir.join("service.toml")).env("SAFEGUARD_PASSPHRASE", PASS);
        self.run(c)
    }

    fn text(&self, args: &[&str]) -> String {
        let mut c = self.cmd(args);
        c.env("SAFEGUARD_PASSPHRASE", PASS);
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }
}

fn main() {
    // SAFEGUARD_BENCH_BIN: another build to measure (an earlier commit's, to compare).
    let bin = std::env::var_os("SAFEGUARD_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/safeguard"));
    if !bin.exists() {
        println!("build the release binary first: cargo build --release");
        return;
    }
    let runs: usize = std::env::var("SAFEGUARD_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(15);
    let files: usize =
        std::env::var("SAFEGUARD_BENCH_FILES").ok().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("target/bench-data/sealed-{}", std::process::id()));
    for d in ["home", "data", "config", "inbox/tmp", "inbox/new", "inbox/cur"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(&dir.join("inbox"), 0o710);
    mode(&dir.join("inbox/tmp"), 0o3733);
    mode(&dir.join("inbox/new"), 0o3773);
    mode(&dir.join("inbox/cur"), 0o2770);
    let b = Bench { dir: dir.clone(), bin };
    b.store(&["init", "--name", "Dana Price"]);
    b.store(&["keys", "init"]);
    let store_key = b.text(&["keys", "show"]);
    // `init` made the identity (issue 14: a newcomer's first command makes their keys).
    let me = b.text(&["identity", "show"]).lines().next().unwrap_or_default().to_owned();
    let login = safeguard::seal::unix::login_name(safeguard::seal::unix::euid());
    let rec = age::x25519::Identity::generate().to_public().to_string();
    let service = format!(
        "[service]\nname = \"bench\"\nrecovery = [\"{rec}\"]\n\n[[person]]\nname = \"Dana Price\"\nlogin = \"{login}\"\nroles = [\"designated-person\"]\nrecipient = \"{me}\"\n\n[[inbox]]\nname = \"service\"\npath = \"{}\"\ngroup = \"sgt-bench-no-such-group\"\nreaders = [\"Dana Price\"]\nrecipients = [\"{store_key}\"]\n",
        dir.join("inbox").display()
    );
    std::fs::write(dir.join("service.toml"), service).unwrap();
    mode(&dir.join("service.toml"), 0o600);
    let answers = dir.join("child.toml");
    std::fs::write(&answers, CHILD).unwrap();
    let a = answers.to_str().unwrap();

    // Paired runs: store raise, sealed raise, sealed dry run.
    let (mut store, mut sealed, mut dry, mut added) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        store.push(b.store(&["raise", "--answers", a, "--json"]));
        let s = b.sealed(&["raise", "--answers", a, "--json"]);
        let d = b.sealed(&["raise", "--answers", a, "--json", "--dry-run"]);
        sealed.push(s);
        dry.push(d);
        added.push(s.saturating_sub(d));
    }

    // In process: sealing a 16 KiB envelope to three recipients.
    let keys: Vec<age::x25519::Recipient> =
        (0..3).map(|_| age::x25519::Identity::generate().to_public()).collect();
    let refs: Vec<&age::x25519::Recipient> = keys.iter().collect();
    let plain = vec![b'0'; 16 << 10];
    let seal_only: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(safeguard::seal::seal(&refs, &plain).unwrap());
            t.elapsed()
        })
        .collect();

    // Intake of `files` sealed concerns, against the store's open.
    let new = dir.join("inbox/new");
    for f in std::fs::read_dir(&new).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let t = Instant::now();
    for _ in 0..files {
        b.sealed(&["raise", "--answers", a, "--no-copy"]);
    }
    println!("sealed {files} concerns in {:.1?}", t.elapsed());
    let store_file = dir.join("data/safeguard/default.db");
    let pristine = dir.join("pristine.db");
    std::fs::copy(&store_file, &pristine).unwrap();
    let cur = dir.join("inbox/cur");
    let (mut open, mut intake, mut beyond) = (vec![], vec![], vec![]);
    for _ in 0..3 {
        // Back to the start: the store without these imports, every file waiting in new/.
        for f in std::fs::read_dir(&cur).unwrap() {
            let f = f.unwrap().path();
            std::fs::rename(&f, new.join(f.file_name().unwrap())).unwrap();
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", store_file.display()));
        }
        std::fs::copy(&pristine, &store_file).unwrap();
        let o = b.store(&["keys", "show"]);
        let i = b.sealed_with_store(&["intake", "--json"]);
        open.push(o);
        intake.push(i);
        beyond.push(i.saturating_sub(o));
    }
    let imported = std::fs::read_dir(&cur).unwrap().count();
    assert_eq!(imported, files, "not every file was imported");

    let (sm, sn) = stats(store);
    let (em, en) = stats(sealed);
    let (dm, dn) = stats(dry);
    let (am, an) = stats(added);
    let (qm, qn) = stats(seal_only);
    let (om, on) = stats(open);
    let (im, inn) = stats(intake);
    let (bm, bn) = stats(beyond);
    println!("| measure ({runs} paired runs; intake 3) | median | minimum |");
    println!("|---|---|---|");
    println!("| `raise --answers --json` into the store | {sm:.1?} | {sn:.1?} |");
    println!("| sealed `raise --answers --json` (delivered, own copy) | {em:.1?} | {en:.1?} |");
    println!("| sealed `raise --answers --json --dry-run` | {dm:.1?} | {dn:.1?} |");
    println!("| sealing + delivery + own copy (paired difference) | {am:.1?} | {an:.1?} |");
    println!("| `seal` of 16 KiB to 3 recipients, in process (200 runs) | {qm:.1?} | {qn:.1?} |");
    println!("| store open (`keys show`) | {om:.1?} | {on:.1?} |");
    println!("| `intake --json` of {files} sealed files | {im:.1?} | {inn:.1?} |");
    println!("| intake beyond the open (paired difference) | {bm:.1?} | {bn:.1?} |");
    let ratio = em.as_secs_f64() / sm.as_secs_f64();
    let verdict = |ok: bool| if ok { "PASS" } else { "FAIL" };
    println!("sealing adds {am:.1?} (target < 5 ms): {}", verdict(am < Duration::from_millis(5)));
    println!("sealed/store raise = {ratio:.3} (target <= 0.25): {}", verdict(ratio <= 0.25));
    println!(
        "intake beyond open = {bm:.1?} for {files} (target <= 2 s for 1,000): {}",
        verdict(bm.as_secs_f64() <= 2.0 * files as f64 / 1000.0)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

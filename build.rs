//! Hashes the embedded default policy when the tool is built, so that no command pays for
//! hashing its text (SHA-256 of about 150 KB: 10 million instructions a command, issue 18).
//! `policy::tests` holds the build's hash to the text's own.

use sha2::{Digest, Sha256};

// A build script speaks to cargo on its standard output; the tool's own output rule
// (clippy.toml: everything through crate::output) is not for it.
#[allow(clippy::disallowed_macros)]
fn main() {
    const POLICY: &str = "src/policy/default.toml";
    println!("cargo:rerun-if-changed={POLICY}");
    let text = std::fs::read(POLICY).unwrap_or_else(|e| panic!("reading {POLICY}: {e}"));
    let hash: String = Sha256::digest(&text).iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=SAFEGUARD_DEFAULT_POLICY_SHA256={hash}");
}

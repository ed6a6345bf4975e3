//! The real binary on a real pseudo-terminal: hidden passphrase prompts and Ctrl-C.

use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

use crate::common::Env;

fn spawn(env: &Env, args: &[&str]) -> OsSession {
    let mut cmd = env.command(args);
    cmd.env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

fn exit_code(s: &OsSession) -> i32 {
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

#[test]
fn init_asks_twice_on_a_terminal_and_then_the_passphrase_opens_the_store() {
    let mut env = Env::new();
    env.unset("SAFEGUARD_PASSPHRASE");
    let mut s = spawn(&env, &["init"]);
    s.expect("Passphrase").unwrap();
    s.send("first try\r").unwrap();
    s.expect("Repeat").unwrap();
    s.send("different\r").unwrap();
    s.expect("differ").unwrap();
    s.expect("Passphrase").unwrap();
    s.send("türkis 'pass' phrase\r").unwrap();
    s.expect("Repeat").unwrap();
    s.send("türkis 'pass' phrase\r").unwrap();
    s.expect("created the encrypted store").unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);
    env.set("SAFEGUARD_PASSPHRASE", "türkis 'pass' phrase");
    env.run(&["verify"]).ok();
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_restores_the_cursor() {
    let mut env = Env::new();
    env.unset("SAFEGUARD_PASSPHRASE");
    let mut s = spawn(&env, &["init"]);
    s.expect("Passphrase").unwrap();
    s.send("\x03").unwrap();
    let rest = s.expect(Eof).unwrap();
    let shown = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(shown.contains("\x1b[?25h"), "the cursor was not shown again: {shown:?}");
    assert!(shown.contains("interrupted"), "{shown:?}");
    assert_eq!(exit_code(&s), 130);
    assert!(!env.store().exists(), "an interrupted init left a store behind");
}

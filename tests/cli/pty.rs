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

/// Waits for `prompt`, lets the program switch the terminal mode, then types `keys`.
/// (Keys sent before a password prompt has set its mode may be flushed by the terminal.)
fn answer(s: &mut OsSession, prompt: &str, keys: &str) {
    s.expect(prompt).unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    std::thread::sleep(Duration::from_millis(150));
    s.send(keys).unwrap();
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
    answer(&mut s, "Passphrase", "first try\r");
    answer(&mut s, "Repeat", "different\r");
    answer(&mut s, "differ", "");
    answer(&mut s, "Passphrase", "türkis 'pass' phrase\r");
    answer(&mut s, "Repeat", "türkis 'pass' phrase\r");
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
    answer(&mut s, "Passphrase", "\x03");
    let rest = s.expect(Eof).unwrap();
    let shown = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(shown.contains("\x1b[?25h"), "the cursor was not shown again: {shown:?}");
    assert!(shown.contains("interrupted"), "{shown:?}");
    assert_eq!(exit_code(&s), 130);
    assert!(!env.store().exists(), "an interrupted init left a store behind");
}

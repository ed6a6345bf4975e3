//! How the benchmarks time a command: a new process each run, its wall time and its peak
//! memory (`ru_maxrss` from `wait4`, the child's own), and the median and minimum of runs.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cmd` to its end in a new process (output discarded): its wall time and peak RSS (KiB).
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives the child's peak memory
pub fn run(cmd: &mut Command) -> (Duration, i64) {
    let t = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; both pointers are to live locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = t.elapsed();
    assert_eq!(reaped, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?} failed (status {status})");
    (took, usage.ru_maxrss)
}

/// The median and the minimum.
pub fn stats(v: &[f64]) -> (f64, f64) {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    (s[s.len() / 2], s[0])
}

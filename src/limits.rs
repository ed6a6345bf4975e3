//! Limits on what the tool reads from files a user names (policies, answer files, the config),
//! so that a mistaken or hostile file is refused with a message that names the limit, rather
//! than exhausting memory, time or the stack (issue 11: a 100 MB policy was accepted, and a
//! 195 MB answer file took 1.25 GB of memory). Each limit leaves wide headroom over real use.

use std::io::Read;
use std::path::Path;

/// A policy file. The default policy is about 60 KB (1,300 lines); 4 MiB is some 70 times
/// that, room for any organisation's written procedure with long guidance texts.
pub const POLICY_FILE_MAX: u64 = 4 << 20;

/// Nodes in a policy. The default policy has 60; 10,000 is over 150 times that. Validation
/// and the interview visit each node and edge a bounded number of times, so a policy at the
/// limit still loads in a fraction of a second.
pub const POLICY_NODES_MAX: usize = 10_000;

/// Outcomes in a policy. The default policy has 16; every outcome is also a node of the graph.
pub const POLICY_OUTCOMES_MAX: usize = 10_000;

/// Answers one question may list. The default policy's longest list has 13; checking a
/// multi answer compares each value with the question's list.
pub const POLICY_ANSWERS_MAX: usize = 1_000;

/// An answer file (`raise --answers`, `decide --answers`). A text answer may be up to 100,000
/// bytes and the default policy has 11 text questions, so a real file is at most about 1.1 MB,
/// more with JSON escapes; 4 MiB keeps the parsed answers to a few tens of MB of memory.
pub const ANSWER_FILE_MAX: u64 = 4 << 20;

/// The config file: a few settings, contacts and closure days, a few KB in practice.
pub const CONFIG_FILE_MAX: u64 = 1 << 20;

/// A byte count as the limits are written: "4 MiB", "1 MiB", else bytes.
pub fn show_bytes(n: u64) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 { format!("{} MiB", n >> 20) } else { format!("{n} bytes") }
}

/// Reads a UTF-8 text file whole, but never more than `max + 1` bytes of it: a larger file is
/// an error of kind `FileTooLarge` whose message names the limit. `what` names the file's role
/// in that message ("a policy file").
pub fn read_text(path: &Path, max: u64, what: &str) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    file.take(max + 1).read_to_string(&mut text)?;
    if text.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("the file is larger than {}, the most {what} may be", show_bytes(max)),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_naming_it_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("at");
        std::fs::write(&at, "x".repeat(1 << 20)).unwrap();
        assert_eq!(read_text(&at, 1 << 20, "a test file").unwrap().len(), 1 << 20);
        let over = dir.path().join("over");
        std::fs::write(&over, "x".repeat((1 << 20) + 1)).unwrap();
        let e = read_text(&over, 1 << 20, "a test file").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
        assert_eq!(e.to_string(), "the file is larger than 1 MiB, the most a test file may be");
    }

    #[test]
    fn a_huge_sparse_file_is_refused_after_reading_only_the_limit() {
        // 64 GiB of holes: reading it whole would take minutes and all the memory there is.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sparse");
        std::fs::File::create(&p).unwrap().set_len(64 << 30).unwrap();
        let e = read_text(&p, 1 << 20, "a test file").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
    }
}

//! Unix accounts and file checks: logins and groups by name, and the trust checks for the files
//! the tool reads as an access list (owner, mode, no symbolic link).

use std::ffi::{CStr, CString};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The effective user id of this process.
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// A user account: its login, uid and primary group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub login: String,
    pub uid: u32,
    pub gid: u32,
}

fn user_from(pw: &libc::passwd) -> Option<User> {
    // SAFETY: getpwnam_r/getpwuid_r filled `pw`; pw_name points into the buffer, NUL-terminated.
    let login = unsafe { CStr::from_ptr(pw.pw_name) }.to_str().ok()?.to_owned();
    Some(User { login, uid: pw.pw_uid, gid: pw.pw_gid })
}

/// The account with this login, if the system knows it.
pub fn user_by_name(login: &str) -> Option<User> {
    let name = CString::new(login).ok()?;
    let mut buf = vec![0u8; 16 * 1024];
    // SAFETY: a zeroed passwd is a valid value for getpwnam_r to overwrite.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the buffer outlives the use of `pw`.
    let rc =
        unsafe { libc::getpwnam_r(name.as_ptr(), &mut pw, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() {
        return None;
    }
    user_from(&pw)
}

/// The account with this uid, if the system knows it.
pub fn user_by_uid(uid: u32) -> Option<User> {
    let mut buf = vec![0u8; 16 * 1024];
    // SAFETY: a zeroed passwd is a valid value for getpwuid_r to overwrite.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the buffer outlives the use of `pw`.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() {
        return None;
    }
    user_from(&pw)
}

/// The gid of the group with this name.
pub fn group_by_name(group: &str) -> Option<u32> {
    let name = CString::new(group).ok()?;
    let mut buf = vec![0u8; 64 * 1024];
    // SAFETY: a zeroed group is a valid value for getgrnam_r to overwrite.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    let rc =
        unsafe { libc::getgrnam_r(name.as_ptr(), &mut gr, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() {
        return None;
    }
    Some(gr.gr_gid)
}

/// The logins in the group with this name: its listed members, and the accounts whose primary
/// group it is. Empty when there is no such group.
pub fn group_members(group: &str) -> Vec<String> {
    let Some(gid) = group_by_name(group) else { return vec![] };
    let mut out = vec![];
    if let Ok(name) = CString::new(group) {
        let mut buf = vec![0u8; 64 * 1024];
        // SAFETY: a zeroed group is a valid value for getgrnam_r to overwrite.
        let mut gr: libc::group = unsafe { std::mem::zeroed() };
        let mut res: *mut libc::group = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call.
        let rc =
            unsafe { libc::getgrnam_r(name.as_ptr(), &mut gr, buf.as_mut_ptr().cast(), buf.len(), &mut res) };
        if rc == 0 && !res.is_null() && !gr.gr_mem.is_null() {
            let mut i = 0;
            loop {
                // SAFETY: gr_mem is a NULL-terminated array of NUL-terminated strings in `buf`.
                let m = unsafe { *gr.gr_mem.add(i) };
                if m.is_null() {
                    break;
                }
                // SAFETY: as above.
                out.push(unsafe { CStr::from_ptr(m) }.to_string_lossy().into_owned());
                i += 1;
            }
        }
    }
    // The accounts whose primary group it is. getpwent is not thread-safe; the tool's commands
    // call this from one thread only.
    // SAFETY: setpwent/getpwent/endpwent walk the account database; each entry is read before
    // the next call.
    unsafe {
        libc::setpwent();
        loop {
            let pw = libc::getpwent();
            if pw.is_null() {
                break;
            }
            if (*pw).pw_gid == gid
                && let Some(u) = user_from(&*pw)
                && !out.contains(&u.login)
            {
                out.push(u.login);
            }
        }
        libc::endpwent();
    }
    out
}

/// The name of the group with this gid (or the number, when the system has no name for it).
pub fn group_name(gid: u32) -> String {
    let mut buf = vec![0u8; 64 * 1024];
    // SAFETY: a zeroed group is a valid value for getgrgid_r to overwrite.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    let rc = unsafe { libc::getgrgid_r(gid, &mut gr, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() {
        return gid.to_string();
    }
    // SAFETY: gr_name points into the buffer, NUL-terminated.
    unsafe { CStr::from_ptr(gr.gr_name) }.to_string_lossy().into_owned()
}

/// The login of a uid, for messages (or the number).
pub fn login_name(uid: u32) -> String {
    user_by_uid(uid).map(|u| u.login).unwrap_or_else(|| uid.to_string())
}

/// The groups this process is in (effective group and supplementary groups).
pub fn own_groups() -> Vec<u32> {
    // SAFETY: getgroups with 0 returns the count and writes nothing.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    let mut v = vec![0 as libc::gid_t; n.max(0) as usize];
    // SAFETY: the buffer holds `n` entries.
    let got = unsafe { libc::getgroups(n, v.as_mut_ptr()) };
    v.truncate(got.max(0) as usize);
    // SAFETY: getegid has no preconditions.
    v.push(unsafe { libc::getegid() });
    v
}

/// Why a file the tool trusts as an access list (or a directory holding one) cannot be trusted,
/// with what to do: it is a symbolic link, writable by its group or others, or owned by someone
/// other than root or the user running the command. `None` when it can be trusted.
pub fn untrusted(path: &Path, meta: &std::fs::Metadata, what: &str) -> Option<String> {
    let shown = path.display();
    if meta.file_type().is_symlink() {
        return Some(format!(
            "{what} {shown} is a symbolic link; name the file itself (anyone who can change the link can change what it points at)"
        ));
    }
    let mode = meta.mode() & 0o7777;
    let sticky_dir = meta.is_dir() && mode & 0o1000 != 0;
    if meta.uid() != 0 && meta.uid() != euid() {
        return Some(format!(
            "{what} {shown} is owned by {} (uid {}), not by root or by you ({}): whoever owns it can change it; \
             run `chown root: {shown}` (as root)",
            login_name(meta.uid()),
            meta.uid(),
            login_name(euid())
        ));
    }
    if mode & 0o022 != 0 && !sticky_dir {
        let who = match (mode & 0o020 != 0, mode & 0o002 != 0) {
            (true, true) => "its group and everyone",
            (true, false) => "its group",
            _ => "everyone",
        };
        return Some(format!(
            "{what} {shown} can be changed by {who} (mode {mode:04o}); run `chmod go-w {shown}`"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_and_this_user_are_known() {
        assert_eq!(user_by_uid(0).map(|u| u.login).as_deref(), Some("root"));
        assert_eq!(user_by_name("root").map(|u| u.uid), Some(0));
        assert!(user_by_name("no-such-login-sg").is_none());
        assert!(group_by_name("no-such-group-sg").is_none());
        assert!(!own_groups().is_empty());
    }

    #[test]
    fn a_writable_or_linked_access_list_is_not_trusted() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("s.toml");
        std::fs::write(&f, "x").unwrap();
        for (mode, bad) in [(0o644, false), (0o600, false), (0o664, true), (0o646, true)] {
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(mode)).unwrap();
            let why = untrusted(&f, &std::fs::symlink_metadata(&f).unwrap(), "the service file");
            assert_eq!(why.is_some(), bad, "mode {mode:o}: {why:?}");
            if let Some(w) = why {
                assert!(w.contains("chmod go-w"), "{w}");
            }
        }
        let link = dir.path().join("l.toml");
        std::os::unix::fs::symlink(&f, &link).unwrap();
        let why = untrusted(&link, &std::fs::symlink_metadata(&link).unwrap(), "the service file").unwrap();
        assert!(why.contains("symbolic link"), "{why}");
    }
}

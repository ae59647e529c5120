//! Why a file could not be replaced, said once for every writer: a file the
//! person made read-only (or cannot write) is refused before anything is
//! written, and a full disk, an exceeded quota or file-size limit is named
//! as such, with the promise the atomic write keeps: nothing was changed.
//! The reason travels inside the `std::io::Error`, so each command's message
//! ("claims/x.yaml: …") already says it, and [`problem`] lets the CLI pick
//! a hint.

use std::io::ErrorKind;
use std::path::Path;

/// A reason a write was refused or failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteProblem {
    /// The file's mode grants no write permission (e.g. 0444).
    ReadOnly { mode: u32 },
    /// The file's permissions do not let this user write it.
    NotWritable,
    /// No room: the disk is full, the quota is used up, or the process's
    /// file-size limit (`ulimit -f`) was reached.
    DiskFull,
}

#[derive(Debug)]
struct Refused {
    problem: WriteProblem,
    /// The system's own words, when the system said no.
    os: Option<std::io::Error>,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.problem {
            WriteProblem::ReadOnly { mode } => write!(
                f,
                "is read-only (mode {mode:04o}); factdesk does not replace a file that was made \
                 read-only, so nothing was changed"
            ),
            WriteProblem::NotWritable => f.write_str(
                "you may not write to this file (permission denied); nothing was changed",
            ),
            WriteProblem::DiskFull => {
                let what = match self.os.as_ref().map(std::io::Error::kind) {
                    Some(ErrorKind::QuotaExceeded) => "the disk quota is used up",
                    Some(ErrorKind::FileTooLarge) => "the file-size limit was reached",
                    _ => "the disk is full",
                };
                write!(f, "could not be written: {what}")?;
                if let Some(os) = &self.os {
                    write!(f, " ({os})")?;
                }
                f.write_str("; nothing was changed, the file keeps its previous content")
            }
        }
    }
}

impl std::error::Error for Refused {}

fn refused(problem: WriteProblem, os: Option<std::io::Error>) -> std::io::Error {
    let kind = match problem {
        WriteProblem::DiskFull => os.as_ref().map_or(ErrorKind::StorageFull, |e| e.kind()),
        _ => ErrorKind::PermissionDenied,
    };
    std::io::Error::new(kind, Refused { problem, os })
}

/// The reason carried by `e`, when it is one of ours.
pub fn problem(e: &std::io::Error) -> Option<WriteProblem> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Refused>())
        .map(|r| r.problem)
}

/// Whether `e` says there is no room: ENOSPC, EDQUOT, or EFBIG (the
/// process's file-size limit, `ulimit -f`).
fn is_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge
    )
}

/// `e`, said plainly when it means the disk is full; other errors unchanged.
pub fn explain(e: std::io::Error) -> std::io::Error {
    if problem(&e).is_some() || !is_full(&e) {
        e
    } else {
        refused(WriteProblem::DiskFull, Some(e))
    }
}

/// Whether the file at `path` may be replaced: it may when it does not exist
/// (its metadata is then `None`); it may not when its mode grants no write
/// permission, even to root (as `rm` asks before removing such a file), or
/// when this user cannot open it for writing. Nothing is written.
pub fn may_replace(path: &Path) -> std::io::Result<Option<std::fs::Metadata>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !meta.is_file() {
        // A link or anything else is replaced as an entry, never written through.
        return Ok(None);
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o222 == 0 {
        return Err(refused(WriteProblem::ReadOnly { mode }, None));
    }
    match open_for_write(path) {
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            Err(refused(WriteProblem::NotWritable, Some(e)))
        }
        _ => Ok(Some(meta)),
    }
}

/// Opens `path` for writing without changing it (no truncation, no link
/// followed, no wait on a pipe): asks the system whether this user may.
fn open_for_write(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(super::files::flags::O_NOFOLLOW | super::files::flags::O_NONBLOCK);
    }
    o.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_read_only_file_is_refused_and_named_so() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.yaml");
        std::fs::write(&p, "id: c\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = may_replace(&p).unwrap_err();
        assert_eq!(problem(&e), Some(WriteProblem::ReadOnly { mode: 0o444 }));
        assert!(e.to_string().contains("read-only (mode 0444)"), "{e}");
        assert!(e.to_string().contains("nothing was changed"), "{e}");
    }

    #[test]
    fn a_missing_or_writable_file_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.yaml");
        assert!(may_replace(&p).unwrap().is_none());
        std::fs::write(&p, "id: c\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        let meta = may_replace(&p).unwrap().unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn no_space_is_said_plainly_and_other_errors_are_kept() {
        for code in [28, 122, 27] {
            let e = explain(std::io::Error::from_raw_os_error(code));
            assert_eq!(problem(&e), Some(WriteProblem::DiskFull), "errno {code}");
            let text = e.to_string();
            let said = ["the disk is full", "quota is used up", "file-size limit"];
            assert!(said.iter().any(|s| text.contains(s)), "{text}");
            assert!(text.contains("nothing was changed"), "{text}");
            assert!(text.contains(&format!("os error {code}")), "{text}");
        }
        let other = explain(std::io::Error::from_raw_os_error(5));
        assert_eq!(problem(&other), None);
    }
}

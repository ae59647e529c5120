//! `check` as a step: the check of the desk, with the audit of the commits
//! since a revision run beside it (mostly git's work, in other processes),
//! the rule that decides whether a run found something (its exit status),
//! and where the desk sits in its repository for annotation paths. The CLI
//! parses arguments, calls [`check_and_audit`], renders and exits as
//! [`fails`] says.

use crate::check::{self, CheckError, Options, Progress, Report};
use crate::diag::NotShown;
use crate::history::HistoryError;
use crate::store::{Desk, StoreError};
use std::path::{Path, PathBuf};

/// Why the check could not run.
#[derive(Debug, thiserror::Error)]
pub enum CheckRunError {
    #[error("{0}")]
    Check(#[from] CheckError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error("the audit stopped unexpectedly")]
    AuditStopped,
}

/// Checks the desk at `root` and, with `since`, audits every commit since
/// that revision at the same time; the audit's findings follow the check's.
/// A failure of the check is reported before one of the audit.
pub fn check_and_audit(
    root: &Path,
    opts: &Options,
    since: Option<&str>,
    progress: &Progress,
) -> Result<Report, CheckRunError> {
    let (report, audit) = std::thread::scope(|s| {
        let audit = since.map(|rev| {
            s.spawn(move || -> Result<_, CheckRunError> {
                let desk = Desk::open(root)?;
                Ok(crate::history::audit::check_since(&desk, rev)?)
            })
        });
        let report = check::check_desk(root, opts, progress);
        let audit = audit.map(|a| a.join().unwrap_or(Err(CheckRunError::AuditStopped)));
        (report, audit)
    });
    let mut report = report?;
    if let Some(found) = audit {
        report.diagnostics.extend(found?);
    }
    Ok(report)
}

/// Whether a run that found `found` fails (exit status 1): on any error,
/// and on any warning when warnings are denied.
pub fn fails(found: &NotShown, deny_warnings: bool) -> bool {
    found.errors > 0 || (deny_warnings && found.warnings > 0)
}

/// The desk's folder relative to its repository's root, for annotation
/// paths: git's answer when the desk is in a repository, else its place
/// inside `workspace` (CI's checkout, `GITHUB_WORKSPACE`), else none (the
/// desk is the root).
pub fn repository_prefix(root: &Path, workspace: Option<&Path>) -> PathBuf {
    if let Ok(repo) = crate::history::Repo::open(root) {
        return PathBuf::from(repo.prefix.trim_end_matches('/'));
    }
    let workspace = workspace.and_then(|w| w.canonicalize().ok());
    match (workspace, root.canonicalize().ok()) {
        (Some(w), Some(d)) => d
            .strip_prefix(&w)
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        _ => PathBuf::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(errors: usize, warnings: usize) -> NotShown {
        NotShown { errors, warnings }
    }

    #[test]
    fn errors_fail_and_warnings_fail_only_when_denied() {
        assert!(!fails(&found(0, 0), true));
        assert!(!fails(&found(0, 3), false));
        assert!(fails(&found(0, 3), true));
        assert!(fails(&found(1, 0), false));
    }

    #[test]
    fn outside_a_repository_the_prefix_is_the_place_in_the_workspace() {
        let w = tempfile::tempdir().unwrap();
        let desk = w.path().join("desks/politics");
        std::fs::create_dir_all(&desk).unwrap();
        assert_eq!(
            repository_prefix(&desk, Some(w.path())),
            Path::new("desks/politics")
        );
        assert_eq!(repository_prefix(&desk, None), PathBuf::new());
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(
            repository_prefix(&desk, Some(elsewhere.path())),
            PathBuf::new()
        );
    }
}

//! The desk's history in git: claim-level diffs between revisions, a claim's
//! story merged with the commits that touched it, and the audit that proves
//! the record append-only. The only module that runs `git` (through the
//! `git` program, see [`git`]); everything else here is pure comparison of
//! records parsed with the store's parser.

pub mod audit;
mod committed;
pub mod diff;
pub mod git;
pub mod log;
mod published;
mod versions;

pub use committed::{claim_at_head, Committed};
pub use git::{Repo, Side, Since};
pub use versions::{ClaimVersion, Version};

use crate::store::StoreError;
use std::path::{Path, PathBuf};

/// Why a question to git could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("git is not installed (no `git` program on PATH)")]
    GitMissing,
    #[error("{} is not inside a git repository", dir.display())]
    NotARepository { dir: PathBuf },
    #[error("the repository at {} has no commit yet", dir.display())]
    NoCommits { dir: PathBuf },
    #[error("unknown revision {rev:?}")]
    UnknownRevision { rev: String },
    #[error("the history of {rev}..HEAD is cut short at commit {commit}: git shows it without the parents it names (a shallow clone, whose older commits were never fetched, or a graft), so it cannot be compared with them")]
    ShallowHistory { rev: String, commit: String },
    #[error("{branch:?} and HEAD have no commit in common")]
    NoMergeBase { branch: String },
    #[error("`{command}` failed: {stderr}")]
    GitFailed { command: String, stderr: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `git config user.name` as seen from `dir`, if git is installed and set up.
pub fn git_user_name(dir: &Path) -> Option<String> {
    let out = git::run_in(dir, &["config", "user.name"]).ok()?;
    let name = String::from_utf8(out).ok()?.trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// The claim id a desk path names, when it is `claims/<id>.yaml`.
pub fn claim_id_of(path: &str) -> Option<&str> {
    let name = path.strip_prefix("claims/")?.strip_suffix(".yaml")?;
    (!name.contains('/') && !name.starts_with('.')).then_some(name)
}

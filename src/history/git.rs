//! The git runner: one `git` process per question, paths relative to the
//! desk, files at a revision read in bulk (`git ls-tree` or `git diff --raw`
//! for blob ids, then one `git cat-file --batch`), never one process per file.

use super::HistoryError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod changes;
mod range;
mod read;

pub use changes::{CommitPaths, PathChange};
pub use range::Commit;

/// The git repository holding a desk.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder; every git command runs there.
    pub top: PathBuf,
    /// The desk's folder inside the repository, with a trailing '/' (or empty).
    pub prefix: String,
    /// The desk's folder on disk, for reading the working tree.
    pub desk_root: PathBuf,
}

/// One side of a comparison: a commit, or the files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    Commit {
        /// What the person typed (`HEAD`, `main`, `v1.2`).
        rev: String,
        /// The full commit id it resolved to.
        sha: String,
    },
    WorkTree,
}

impl Side {
    /// How the side is shown: `HEAD (1a2b3c4)` or `working tree`.
    pub fn label(&self) -> String {
        match self {
            Side::Commit { rev, sha } if rev.as_str() == sha.as_str() => short(sha).to_string(),
            Side::Commit { rev, sha } => format!("{rev} ({})", short(sha)),
            Side::WorkTree => "working tree".to_string(),
        }
    }

    pub fn sha(&self) -> Option<&str> {
        match self {
            Side::Commit { sha, .. } => Some(sha),
            Side::WorkTree => None,
        }
    }
}

/// The start of an audit asked for with `--since REV`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Since {
    /// REV as typed.
    pub rev: String,
    /// The commit REV names.
    pub sha: String,
    /// The commit the audit starts at: REV's commit when it is an ancestor
    /// of HEAD, else their merge-base.
    pub start: String,
}

impl Since {
    /// Whether HEAD's history contains REV (the audit starts at it).
    pub fn is_ancestor(&self) -> bool {
        self.sha == self.start
    }
}

/// The first 7 characters of a commit id.
pub fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

impl Repo {
    /// The repository holding the desk folder `desk_root`.
    pub fn open(desk_root: &Path) -> Result<Repo, HistoryError> {
        let out = run_in(
            desk_root,
            &["rev-parse", "--show-toplevel", "--show-prefix"],
        )
        .map_err(|e| match e {
            HistoryError::GitFailed { stderr, .. } if stderr.contains("not a git repository") => {
                HistoryError::NotARepository {
                    dir: desk_root.to_path_buf(),
                }
            }
            e => e,
        })?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let top = lines.next().unwrap_or("").trim();
        let prefix = lines.next().unwrap_or("").trim();
        if top.is_empty() {
            return Err(HistoryError::NotARepository {
                dir: desk_root.to_path_buf(),
            });
        }
        Ok(Repo {
            top: PathBuf::from(top),
            prefix: prefix.to_string(),
            desk_root: desk_root.to_path_buf(),
        })
    }

    /// Runs git at the top of the repository and returns its standard output.
    pub fn git(&self, args: &[&str]) -> Result<Vec<u8>, HistoryError> {
        run_in(&self.top, args)
    }

    /// A repository path for a desk path.
    pub fn full(&self, desk_path: &str) -> String {
        format!("{}{desk_path}", self.prefix)
    }

    /// A desk path for a repository path, when it lies inside the desk.
    pub fn local<'a>(&self, repo_path: &'a str) -> Option<&'a str> {
        repo_path.strip_prefix(self.prefix.as_str())
    }

    /// Resolves a revision to the commit it names.
    pub fn resolve(&self, rev: &str) -> Result<Side, HistoryError> {
        let spec = format!("{rev}^{{commit}}");
        let unknown = || HistoryError::UnknownRevision {
            rev: rev.to_string(),
        };
        if rev.is_empty() || rev.starts_with('-') {
            return Err(unknown());
        }
        let out = self
            .git(&[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ])
            .map_err(|e| match e {
                HistoryError::GitFailed { .. } if !self.has_commits() => HistoryError::NoCommits {
                    dir: self.top.clone(),
                },
                HistoryError::GitFailed { .. } => unknown(),
                e => e,
            })?;
        let sha = String::from_utf8_lossy(&out).trim().to_string();
        if sha.is_empty() {
            return Err(unknown());
        }
        Ok(Side::Commit {
            rev: rev.to_string(),
            sha,
        })
    }

    fn has_commits(&self) -> bool {
        self.git(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
            .is_ok()
    }

    /// The commit where HEAD left `branch` (what a pull request compares to).
    pub fn merge_base(&self, branch: &str) -> Result<Side, HistoryError> {
        let Side::Commit { sha: base, .. } = self.resolve(branch)? else {
            return Err(HistoryError::UnknownRevision {
                rev: branch.to_string(),
            });
        };
        let out = self
            .git(&["merge-base", &base, "HEAD"])
            .map_err(|e| match e {
                HistoryError::GitFailed { .. } => HistoryError::NoMergeBase {
                    branch: branch.to_string(),
                },
                e => e,
            })?;
        let sha = String::from_utf8_lossy(&out).trim().to_string();
        Ok(Side::Commit {
            rev: format!("merge-base {branch}"),
            sha,
        })
    }

    /// Where an audit of the changes since `rev` starts: `rev` itself when
    /// HEAD's history contains it, else the commit where the two histories
    /// meet (`git merge-base REV HEAD`), as a pull request compares.
    pub fn since(&self, rev: &str) -> Result<Since, HistoryError> {
        let Side::Commit { sha, .. } = self.resolve(rev)? else {
            return Err(HistoryError::UnknownRevision { rev: rev.into() });
        };
        let start = match self.merge_base(rev) {
            Ok(Side::Commit { sha, .. }) => sha,
            Ok(Side::WorkTree) | Err(HistoryError::NoMergeBase { .. }) => {
                return Err(self.unrelated(rev, &sha)?)
            }
            Err(e) => return Err(e),
        };
        Ok(Since {
            rev: rev.to_string(),
            sha,
            start,
        })
    }

    /// Why `rev` (commit `sha`) and HEAD share no commit: HEAD's history is
    /// cut short (a shallow clone, a graft), or the two are unrelated.
    fn unrelated(&self, rev: &str, sha: &str) -> Result<HistoryError, HistoryError> {
        let roots: Vec<String> = self
            .range(sha)?
            .into_iter()
            .filter(|c| c.parents.is_empty())
            .map(|c| c.sha)
            .collect();
        Ok(match self.cut_short(&roots)?.first() {
            Some(cut) => HistoryError::ShallowHistory {
                rev: rev.to_string(),
                commit: short(cut).to_string(),
            },
            None => HistoryError::NoMergeBase {
                branch: rev.to_string(),
            },
        })
    }

    pub(super) fn pathspecs(&self, dirs: &[&str]) -> Vec<String> {
        dirs.iter().map(|d| self.full(d)).collect()
    }
}

pub(super) fn split_z(out: &[u8]) -> Vec<String> {
    out.split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

/// A git command in `dir`. Its messages are git's own English whatever the
/// user's language (`LANGUAGE=en`: gettext finds no catalogue and keeps
/// the original text; the locale's character handling is left alone), so
/// the few errors told apart by their text (`not a git repository`, `does
/// not have any commits`) are told apart on a French or German desk too.
/// Replace refs are ignored: factdesk reads the objects as committed.
pub(super) fn git_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args([
            "--literal-pathspecs",
            // The commits as they were made: a replace ref (`git replace`)
            // would show the audit another history than the one recorded.
            "--no-replace-objects",
            "-c",
            "core.quotepath=off",
            "-c",
            "color.ui=never",
        ])
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("LANGUAGE", "en")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

pub(super) fn spawn_error(args: &[&str], e: std::io::Error) -> HistoryError {
    if e.kind() == std::io::ErrorKind::NotFound {
        HistoryError::GitMissing
    } else {
        failed(args, &e.to_string())
    }
}

pub(super) fn failed(args: &[&str], stderr: &str) -> HistoryError {
    HistoryError::GitFailed {
        command: format!("git {}", args.join(" ")),
        stderr: stderr.trim().to_string(),
    }
}

/// Runs git in `dir` and returns its standard output.
pub fn run_in(dir: &Path, args: &[&str]) -> Result<Vec<u8>, HistoryError> {
    let out = git_command(dir, args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| spawn_error(args, e))?;
    if !out.status.success() {
        return Err(failed(args, &String::from_utf8_lossy(&out.stderr)));
    }
    Ok(out.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_reads_the_objects_as_committed() {
        let cmd = git_command(Path::new("."), &["log"]);
        assert!(cmd.get_args().any(|a| a == "--no-replace-objects"));
    }

    #[test]
    fn git_speaks_english_whatever_the_users_language() {
        let cmd = git_command(Path::new("."), &["status"]);
        let language = cmd
            .get_envs()
            .find(|(k, _)| *k == "LANGUAGE")
            .and_then(|(_, v)| v);
        assert_eq!(language, Some(std::ffi::OsStr::new("en")));
    }
}

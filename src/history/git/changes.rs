//! What changed: paths that differ between two sides (`git diff --raw`),
//! the commits of a range with the files each touched (`git log --raw`), and
//! files matching a pattern (`git grep`).

use super::{split_z, Repo, Side};
use crate::history::HistoryError;

/// A commit with the desk paths it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitPaths {
    pub sha: String,
    pub subject: String,
    /// Desk paths it touched; `new` is the blob id in this commit (None
    /// when the commit deleted the file).
    pub files: Vec<PathChange>,
}

/// A desk path that differs between two sides, with its blob ids where git
/// knows them (None: absent, or a working-tree file to read from disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Repo {
    /// Desk paths under `dirs` that differ between `from` and `to`, with
    /// their blob ids where git knows them; new untracked files count when
    /// `to` is the working tree.
    pub fn changes(
        &self,
        from: &str,
        to: &Side,
        dirs: &[&str],
    ) -> Result<Vec<PathChange>, HistoryError> {
        let specs = self.pathspecs(dirs);
        let mut args = vec![
            "diff",
            "--raw",
            "--no-abbrev",
            "-z",
            "--no-renames",
            "--no-ext-diff",
        ];
        args.push(from);
        if let Side::Commit { sha, .. } = to {
            args.push(sha);
        }
        args.push("--");
        args.extend(specs.iter().map(String::as_str));
        let text = String::from_utf8_lossy(&self.git(&args)?).into_owned();
        let mut changes = self.raw_entries(&text);
        if *to == Side::WorkTree {
            let mut args = vec!["ls-files", "-z", "--others", "--exclude-standard", "--"];
            args.extend(specs.iter().map(String::as_str));
            for p in split_z(&self.git(&args)?) {
                if let Some(local) = self.local(&p) {
                    changes.push(PathChange {
                        path: local.to_string(),
                        old: None,
                        new: None,
                    });
                }
            }
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        changes.dedup_by(|a, b| a.path == b.path);
        Ok(changes)
    }

    /// Desk paths of the files in `dir` at `side` whose text matches the
    /// extended regular expression `pattern` on some line.
    pub fn grep(&self, side: &Side, pattern: &str, dir: &str) -> Result<Vec<String>, HistoryError> {
        self.grep_all(side, &[pattern.to_string()], dir)
    }

    /// Desk paths of the files in `dir` at `side` that have, each on some
    /// line, a match for every one of the extended regular expressions.
    pub fn grep_all(
        &self,
        side: &Side,
        patterns: &[String],
        dir: &str,
    ) -> Result<Vec<String>, HistoryError> {
        let spec = format!("{}/", self.full(dir));
        let mut args = vec!["grep", "-l", "-z", "-E", "--full-name", "--all-match"];
        for p in patterns {
            args.extend(["-e", p.as_str()]);
        }
        match side {
            Side::Commit { sha, .. } => args.push(sha),
            Side::WorkTree => args.push("--untracked"),
        }
        args.extend(["--", &spec]);
        let out = match self.git(&args) {
            Ok(out) => out,
            Err(HistoryError::GitFailed { stderr, .. }) if stderr.trim().is_empty() => Vec::new(),
            Err(e) => return Err(e),
        };
        Ok(split_z(&out)
            .iter()
            .filter_map(|p| {
                let path = match side {
                    Side::Commit { sha, .. } => p.strip_prefix(sha.as_str())?.strip_prefix(':')?,
                    Side::WorkTree => p,
                };
                self.local(path).map(str::to_string)
            })
            .collect())
    }

    /// Commits in `from..HEAD` touching `dirs`, oldest first, with the desk
    /// paths each touched and their blob ids in that commit.
    pub fn commits_since(
        &self,
        from: &str,
        dirs: &[&str],
    ) -> Result<Vec<CommitPaths>, HistoryError> {
        let range = format!("{from}..HEAD");
        let mut args = vec![
            "log",
            "--reverse",
            "--topo-order",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "-z",
            "--format=%x1e%H%x1f%s%x1f",
        ];
        args.push(&range);
        args.push("--");
        let specs = self.pathspecs(dirs);
        args.extend(specs.iter().map(String::as_str));
        let out = self.git(&args)?;
        let text = String::from_utf8_lossy(&out);
        let mut commits = Vec::new();
        for record in text.split('\x1e').filter(|r| !r.trim().is_empty()) {
            let mut fields = record.splitn(3, '\x1f');
            let sha = fields.next().unwrap_or("").trim().to_string();
            let subject = fields.next().unwrap_or("").to_string();
            let files = self.raw_entries(fields.next().unwrap_or(""));
            commits.push(CommitPaths {
                sha,
                subject,
                files,
            });
        }
        Ok(commits)
    }

    /// Parses `--raw -z` entries (`:<mode> <mode> <old> <new> <status>` NUL
    /// `<path>` NUL) into desk paths with their blob ids.
    pub(super) fn raw_entries(&self, raw: &str) -> Vec<PathChange> {
        let mut out = Vec::new();
        let mut tokens = raw.split('\0').map(|t| t.trim_start_matches('\n'));
        let id = |s: Option<&str>| {
            s.filter(|id| id.bytes().any(|b| b != b'0'))
                .map(str::to_string)
        };
        while let Some(meta) = tokens.next() {
            if !meta.starts_with(':') {
                continue;
            }
            let Some(path) = tokens.next() else { break };
            let mut fields = meta.split(' ').skip(2);
            let (old, new) = (id(fields.next()), id(fields.next()));
            if let Some(local) = self.local(path) {
                out.push(PathChange {
                    path: local.to_string(),
                    old,
                    new,
                });
            }
        }
        out
    }
}

//! The git runner: one `git` process per question, paths relative to the
//! desk, files at a revision read in bulk (`git ls-tree` + one
//! `git cat-file --batch`), never one process per file.

use super::HistoryError;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// The first 7 characters of a commit id.
pub fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

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

    fn pathspecs(&self, dirs: &[&str]) -> Vec<String> {
        dirs.iter().map(|d| self.full(d)).collect()
    }

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

    /// The bytes of changed paths at the newer side `to`: by blob id for a
    /// commit, from disk for the working tree.
    pub fn read_new(
        &self,
        to: &Side,
        changes: &[PathChange],
    ) -> Result<Vec<Option<Vec<u8>>>, HistoryError> {
        match to {
            Side::WorkTree => {
                let paths: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();
                self.read_paths(to, &paths)
            }
            Side::Commit { .. } => {
                self.read_blobs(&changes.iter().map(|c| c.new.clone()).collect::<Vec<_>>())
            }
        }
    }

    /// The bytes of changed paths at the older side.
    pub fn read_old(&self, changes: &[PathChange]) -> Result<Vec<Option<Vec<u8>>>, HistoryError> {
        self.read_blobs(&changes.iter().map(|c| c.old.clone()).collect::<Vec<_>>())
    }

    /// The bytes of desk paths at `side` (None where a file is absent).
    pub fn read_paths(
        &self,
        side: &Side,
        paths: &[String],
    ) -> Result<Vec<Option<Vec<u8>>>, HistoryError> {
        match side {
            Side::WorkTree => Ok(paths
                .iter()
                .map(|p| std::fs::read(self.desk_root.join(p)).ok())
                .collect()),
            // `<rev>:<path>` scans a large folder's tree once per path: a few
            // paths are read that way, more through one `git ls-tree`.
            Side::Commit { sha, .. } if paths.len() <= 2 => {
                let specs: Vec<String> = paths
                    .iter()
                    .map(|p| format!("{sha}:{}", self.full(p)))
                    .collect();
                self.cat_file(&specs)
            }
            Side::Commit { sha, .. } => {
                let ids = self.blob_ids(sha, paths)?;
                self.read_blobs(&ids)
            }
        }
    }

    /// The blob ids of desk paths in commit `sha` (None where absent), from
    /// one `git ls-tree` over the folders holding them.
    pub fn blob_ids(
        &self,
        sha: &str,
        paths: &[String],
    ) -> Result<Vec<Option<String>>, HistoryError> {
        let mut specs: Vec<String> = paths
            .iter()
            .map(|p| match p.rsplit_once('/') {
                Some((dir, _)) => format!("{}/", self.full(dir)),
                None => self.full(p),
            })
            .collect();
        specs.sort();
        specs.dedup();
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", sha, "--"];
        args.extend(specs.iter().map(String::as_str));
        let out = self.git(&args)?;
        let mut ids = HashMap::new();
        for entry in split_z(&out) {
            // <mode> SP <type> SP <object> TAB <path>
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut parts = meta.split(' ');
            if let (Some("blob"), Some(object)) = (parts.nth(1), parts.next()) {
                ids.insert(path.to_string(), object.to_string());
            }
        }
        Ok(paths
            .iter()
            .map(|p| ids.get(&self.full(p)).cloned())
            .collect())
    }

    /// The bytes of blobs by id, in one `git cat-file --batch`.
    pub fn read_blobs(&self, ids: &[Option<String>]) -> Result<Vec<Option<Vec<u8>>>, HistoryError> {
        let present: Vec<String> = ids.iter().flatten().cloned().collect();
        let mut blobs = self.cat_file(&present)?.into_iter();
        Ok(ids
            .iter()
            .map(|id| id.as_ref().and_then(|_| blobs.next().flatten()))
            .collect())
    }

    /// Reads many objects (`<sha>`, `<rev>:<path>`) with one
    /// `git cat-file --batch`; None for a missing one.
    pub fn cat_file(&self, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>, HistoryError> {
        if specs.is_empty() {
            return Ok(Vec::new());
        }
        let args = ["cat-file", "--batch"];
        let mut child = git_command(&self.top, &args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(&args, e))?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| failed(&args, "no stdin"))?;
        let input: String = specs
            .iter()
            .map(|s| format!("{}\n", s.replace('\n', " ")))
            .collect();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| failed(&args, "no stdout"))?;
        let mut reader = BufReader::with_capacity(1 << 16, stdout);
        let mut out = Vec::with_capacity(specs.len());
        for _ in specs {
            out.push(read_batch_entry(&mut reader).map_err(|e| failed(&args, &e.to_string()))?);
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }

    /// Desk paths of the files in `dir` at `side` whose text matches the
    /// extended regular expression `pattern` on some line.
    pub fn grep(&self, side: &Side, pattern: &str, dir: &str) -> Result<Vec<String>, HistoryError> {
        let spec = format!("{}/", self.full(dir));
        let mut args = vec!["grep", "-l", "-z", "-E", "--full-name", "-e", pattern];
        match side {
            Side::Commit { sha, .. } => args.push(sha),
            Side::WorkTree => args.push("--untracked"),
        }
        args.extend(["--", &spec]);
        let out = match self.git(&args) {
            Ok(out) => out,
            // `git grep` exits 1 when nothing matches.
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
    fn raw_entries(&self, raw: &str) -> Vec<PathChange> {
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

fn read_batch_entry(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut header = String::new();
    reader.read_line(&mut header)?;
    let header = header.trim_end();
    if header.is_empty() {
        return Err(std::io::Error::other("git cat-file stopped early"));
    }
    // "<object> <type> <size>", or "<spec> missing" / "<spec> ambiguous".
    let mut parts = header.rsplitn(3, ' ');
    let size = parts.next().and_then(|s| s.parse::<usize>().ok());
    let kind = parts.next();
    let Some(size) = size.filter(|_| kind.is_some_and(|k| k != "missing")) else {
        return Ok(None);
    };
    let mut buf = vec![0; size + 1];
    reader.read_exact(&mut buf)?;
    buf.pop();
    Ok((kind == Some("blob")).then_some(buf))
}

fn split_z(out: &[u8]) -> Vec<String> {
    out.split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

fn git_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args([
            "--literal-pathspecs",
            "-c",
            "core.quotepath=off",
            "-c",
            "color.ui=never",
        ])
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

fn spawn_error(args: &[&str], e: std::io::Error) -> HistoryError {
    if e.kind() == std::io::ErrorKind::NotFound {
        HistoryError::GitMissing
    } else {
        failed(args, &e.to_string())
    }
}

fn failed(args: &[&str], stderr: &str) -> HistoryError {
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

/// Bytes of desk paths by path, for lookups.
pub type Files = HashMap<String, Vec<u8>>;

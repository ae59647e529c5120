//! A commit range, commit by commit: the commits of `BASE..HEAD` with their
//! parents and authors (one `git log`), and what each commit changed against
//! each of its parents (`git diff-tree --stdin`, a few side by side), so the
//! audit can judge every commit, merges against each parent, in a handful
//! of git processes however long the range.

use super::{failed, git_command, spawn_error, PathChange, Repo};
use crate::history::HistoryError;
use std::io::{Read, Write};
use std::process::Stdio;

/// Below this many commit pairs, one `git diff-tree` process does them all.
const PAIRS_PER_PROCESS: usize = 16;

/// Whether desk path `path` is one of `dirs` or lies inside one of them.
fn under(path: &str, dirs: &[&str]) -> bool {
    dirs.iter().any(|d| {
        path.strip_prefix(d)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// One commit of a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub sha: String,
    /// Parent commit ids, first parent first (two or more: a merge).
    pub parents: Vec<String>,
    /// The author's e-mail address, as recorded in the commit.
    pub author_email: String,
    pub subject: String,
}

impl Repo {
    /// Every commit in `base..HEAD`, parents before children.
    pub fn range(&self, base: &str) -> Result<Vec<Commit>, HistoryError> {
        let range = format!("{base}..HEAD");
        let out = self.git(&[
            "log",
            "--reverse",
            "--topo-order",
            "--format=%x1e%H%x1f%P%x1f%ae%x1f%s",
            &range,
        ])?;
        let text = String::from_utf8_lossy(&out);
        Ok(text
            .split('\x1e')
            .filter(|r| !r.trim().is_empty())
            .map(|record| {
                let mut f = record.splitn(4, '\x1f');
                let sha = f.next().unwrap_or("").trim().to_string();
                let parents = f
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                let author_email = f.next().unwrap_or("").to_string();
                let subject = f.next().unwrap_or("").trim_end().to_string();
                Commit {
                    sha,
                    parents,
                    author_email,
                    subject,
                }
            })
            .collect())
    }

    /// Of `shas`, commits that git shows without parents, those whose
    /// parents were never fetched: the commit names parents the repository
    /// does not have (a shallow clone's boundary), so it is no root.
    pub fn cut_short(&self, shas: &[String]) -> Result<Vec<String>, HistoryError> {
        if shas.is_empty() {
            return Ok(Vec::new());
        }
        let objects = self.cat_objects(shas, "commit")?;
        Ok(shas
            .iter()
            .zip(objects)
            .filter(|(_, o)| o.as_deref().is_some_and(names_a_parent))
            .map(|(sha, _)| sha.clone())
            .collect())
    }

    /// For each `(child, parent)` pair, the desk paths under `dirs` that
    /// differ between the two commits, with their blob ids (`old` at the
    /// parent, `new` at the child); no parent: a root commit, against nothing.
    ///
    /// No pathspec names `dirs`: git matches every entry of a large flat
    /// folder against each pathspec item, which doubled the cost of a range
    /// on a 100,000-claim desk (BENCHMARKS.md); the paths are filtered here.
    /// A long range is split over a few `git diff-tree --stdin` processes
    /// running side by side, one per core.
    pub fn diff_pairs(
        &self,
        pairs: &[(String, Option<String>)],
        dirs: &[&str],
    ) -> Result<Vec<Vec<PathChange>>, HistoryError> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = pairs
            .len()
            .div_ceil(cores.clamp(1, 4))
            .max(PAIRS_PER_PROCESS);
        let parts: Vec<Result<Vec<Vec<PathChange>>, HistoryError>> = std::thread::scope(|s| {
            let jobs: Vec<_> = pairs
                .chunks(chunk)
                .map(|part| s.spawn(move || self.diff_chunk(part)))
                .collect();
            jobs.into_iter()
                .map(|j| {
                    j.join()
                        .unwrap_or_else(|_| Err(failed(&["diff-tree"], "a reader thread failed")))
                })
                .collect()
        });
        let mut out = Vec::with_capacity(pairs.len());
        for part in parts {
            out.extend(part?);
        }
        Ok(out
            .into_iter()
            .map(|changes| {
                changes
                    .into_iter()
                    .filter(|c| under(&c.path, dirs))
                    .collect()
            })
            .collect())
    }

    /// One `git diff-tree --stdin` over `pairs`: every path of the desk
    /// each pair changed.
    fn diff_chunk(
        &self,
        pairs: &[(String, Option<String>)],
    ) -> Result<Vec<Vec<PathChange>>, HistoryError> {
        let desk = self.prefix.trim_end_matches('/');
        let mut args = vec![
            "diff-tree",
            "--stdin",
            "--always",
            "-r",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--root",
        ];
        if !desk.is_empty() {
            // A desk inside a larger repository: only its folder is walked.
            args.extend(["--", desk]);
        }
        let input: String = pairs
            .iter()
            .map(|(c, p)| match p {
                Some(p) => format!("{c} {p}\n"),
                None => format!("{c}\n"),
            })
            .collect();
        let out = self.run_with_input(&args, input)?;
        let text = String::from_utf8_lossy(&out);
        // "<child id>" NUL, then ":<meta>" NUL "<path>" NUL per changed file.
        let mut records: Vec<String> = Vec::new();
        let mut tokens = text.split('\0').map(|t| t.trim_start_matches('\n'));
        while let Some(t) = tokens.next() {
            if t.starts_with(':') {
                if let (Some(last), Some(path)) = (records.last_mut(), tokens.next()) {
                    last.push_str(t);
                    last.push('\0');
                    last.push_str(path);
                    last.push('\0');
                }
            } else if !t.is_empty() {
                records.push(String::new());
            }
        }
        if records.len() != pairs.len() {
            return Err(failed(
                &args,
                "git diff-tree returned fewer records than asked",
            ));
        }
        Ok(records.iter().map(|r| self.raw_entries(r)).collect())
    }

    /// Runs git with `input` on its standard input; returns standard output.
    fn run_with_input(&self, args: &[&str], input: String) -> Result<Vec<u8>, HistoryError> {
        let mut child = git_command(&self.top, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(args, e))?;
        let mut stdin = child.stdin.take().ok_or_else(|| failed(args, "no stdin"))?;
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut out = Vec::new();
        if let Some(mut stdout) = child.stdout.take() {
            stdout
                .read_to_end(&mut out)
                .map_err(|e| failed(args, &e.to_string()))?;
        }
        let _ = writer.join();
        let done = child
            .wait_with_output()
            .map_err(|e| failed(args, &e.to_string()))?;
        if !done.status.success() {
            return Err(failed(args, &String::from_utf8_lossy(&done.stderr)));
        }
        Ok(out)
    }
}

/// Whether a raw commit object's header names a parent.
fn names_a_parent(object: &[u8]) -> bool {
    object
        .split(|b| *b == b'\n')
        .take_while(|line| !line.is_empty())
        .any(|line| line.starts_with(b"parent "))
}

#[cfg(test)]
mod tests {
    use super::{names_a_parent, under};

    #[test]
    fn a_commit_names_a_parent_only_in_its_header() {
        let child = b"tree 4b82\nparent 1a2b\nauthor a <a@x> 1 +0000\n\nmsg\n";
        let root = b"tree 4b82\nauthor a <a@x> 1 +0000\n\nparent in the message\n";
        assert!(names_a_parent(child));
        assert!(!names_a_parent(root));
    }

    #[test]
    fn only_the_audited_folders_and_files_themselves_are_under_them() {
        let dirs = ["claims", "sources", "factdesk.yaml"];
        for inside in [
            "claims/a.yaml",
            "claims/sub/b.yaml",
            "sources/lp.txt",
            "factdesk.yaml",
        ] {
            assert!(under(inside, &dirs), "{inside}");
        }
        for outside in [
            "claims-2019/a.yaml",
            "claimsx",
            "factdesk.yaml.orig",
            "reports/claims/a.html",
            "notes.md",
            "",
        ] {
            assert!(!under(outside, &dirs), "{outside}");
        }
    }
}

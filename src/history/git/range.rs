//! A commit range, commit by commit: the commits of `BASE..HEAD` with their
//! parents and authors (one `git log`), and what each commit changed against
//! each of its parents (one `git diff-tree --stdin` for all of them), so the
//! audit can judge every commit, merges against each parent, in two git
//! processes however long the range.

use super::{failed, git_command, spawn_error, PathChange, Repo};
use crate::history::HistoryError;
use std::io::{Read, Write};
use std::process::Stdio;

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

    /// For each `(child, parent)` pair, the desk paths under `dirs` that
    /// differ between the two commits, with their blob ids (`old` at the
    /// parent, `new` at the child); no parent: a root commit, against nothing.
    pub fn diff_pairs(
        &self,
        pairs: &[(String, Option<String>)],
        dirs: &[&str],
    ) -> Result<Vec<Vec<PathChange>>, HistoryError> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let specs = self.pathspecs(dirs);
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
            "--",
        ];
        args.extend(specs.iter().map(String::as_str));
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

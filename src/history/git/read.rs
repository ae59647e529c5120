//! Reading files at a side in bulk: blob ids from one `git ls-tree` (or
//! from a raw diff), bytes from one `git cat-file --batch`; working-tree files
//! from disk.

use super::{failed, git_command, spawn_error, split_z, PathChange, Repo, Side};
use crate::history::HistoryError;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

impl Repo {
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
                .map(|p| crate::store::read_regular(&self.desk_root.join(p)).ok())
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

    /// Reads many files (`<sha>`, `<rev>:<path>`) with one
    /// `git cat-file --batch`; None for a missing one (or one that is no file).
    pub fn cat_file(&self, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>, HistoryError> {
        self.cat_objects(specs, "blob")
    }

    /// Reads many objects of type `kind` (`blob`, `commit`) with one
    /// `git cat-file --batch`; None for a missing one or one of another type.
    pub fn cat_objects(
        &self,
        specs: &[String],
        kind: &str,
    ) -> Result<Vec<Option<Vec<u8>>>, HistoryError> {
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
            out.push(
                read_batch_entry(&mut reader, kind).map_err(|e| failed(&args, &e.to_string()))?,
            );
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }
}

fn read_batch_entry(reader: &mut impl BufRead, want: &str) -> std::io::Result<Option<Vec<u8>>> {
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
    Ok((kind == Some(want)).then_some(buf))
}

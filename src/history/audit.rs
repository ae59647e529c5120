//! The audit behind `factdesk check --since REV`: proves, against git, that
//! the record of what was done is append-only. The verdict compares the desk
//! at REV with the working tree; each finding then names the commit in
//! `REV..HEAD` that introduced it (or the uncommitted changes), found by
//! reading the changed files at every commit that touched them, in bulk.

mod rules;

use super::git::{short, PathChange, Repo, Side};
use super::versions::{sha256_hex, source_from, ClaimVersion};
use super::{claim_id_of, HistoryError};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::store::Desk;
use std::collections::{HashMap, HashSet};

/// The desk paths the audit reads.
const AUDITED: [&str; 2] = ["claims", "sources"];

/// Where a version of a file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The revision audited from.
    Base,
    Commit {
        sha: String,
        subject: String,
    },
    WorkTree,
}

/// The commit range a finding belongs to, for its notes.
#[derive(Debug, Clone)]
pub struct Range {
    /// The short commit id REV resolved to.
    pub base: String,
    pub rev: String,
}

impl Range {
    /// "commit range …" and "introduced by …" notes for a finding first seen at `stage`.
    pub fn notes(&self, stage: &Stage) -> Vec<String> {
        let mut notes = vec![format!(
            "commit range: {}..HEAD ({} is {})",
            self.rev, self.rev, self.base
        )];
        notes.push(match stage {
            Stage::Commit { sha, subject } => {
                format!("introduced by commit {} \"{subject}\"", short(sha))
            }
            Stage::WorkTree | Stage::Base => {
                "introduced by uncommitted changes in the working tree".to_string()
            }
        });
        notes
    }
}

/// Every violation of the append-only rules between `rev` and the working tree.
pub fn check_since(desk: &Desk, rev: &str) -> Result<Vec<Diagnostic>, HistoryError> {
    let repo = Repo::open(&desk.root)?;
    let base = repo.resolve(rev)?;
    let Side::Commit { sha: base_sha, .. } = &base else {
        return Err(HistoryError::UnknownRevision { rev: rev.into() });
    };
    let range = Range {
        base: short(base_sha).to_string(),
        rev: rev.to_string(),
    };
    let changes = repo.changes(base_sha, &Side::WorkTree, &AUDITED)?;
    let changed: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();
    if changed.is_empty() {
        return Ok(Vec::new());
    }
    let commits = repo.commits_since(base_sha, &AUDITED)?;
    let chains = read_chains(&repo, &commits, &changes)?;
    let mut found = Vec::new();
    for path in &changed {
        let Some(chain) = chains.get(path) else {
            continue;
        };
        if let Some(id) = claim_id_of(path) {
            let versions: Vec<(Stage, ClaimVersion)> = chain
                .iter()
                .map(|(stage, bytes)| {
                    (
                        stage.clone(),
                        ClaimVersion::from_bytes(bytes.as_deref(), path),
                    )
                })
                .collect();
            found.extend(rules::claim_rules(id, path, &versions, &range));
        } else if let Some(d) = transcript_rule(&repo, path, chain, &range)? {
            found.push(d);
        }
    }
    Ok(found)
}

/// A file's bytes at each stage: the base, every commit touching it, the working tree.
type Chain = Vec<(Stage, Option<Vec<u8>>)>;

fn read_chains(
    repo: &Repo,
    commits: &[super::git::CommitPaths],
    changes: &[PathChange],
) -> Result<HashMap<String, Chain>, HistoryError> {
    let wanted: HashSet<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    let mut chains: HashMap<String, Chain> = HashMap::new();
    for (c, bytes) in changes.iter().zip(repo.read_old(changes)?) {
        chains.insert(c.path.clone(), vec![(Stage::Base, bytes)]);
    }
    let mut touched: Vec<PathChange> = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for commit in commits {
        for file in commit
            .files
            .iter()
            .filter(|f| wanted.contains(f.path.as_str()))
        {
            touched.push(file.clone());
            stages.push(Stage::Commit {
                sha: commit.sha.clone(),
                subject: commit.subject.clone(),
            });
        }
    }
    let ids: Vec<Option<String>> = touched.iter().map(|f| f.new.clone()).collect();
    for ((file, stage), bytes) in touched.iter().zip(stages).zip(repo.read_blobs(&ids)?) {
        chains
            .entry(file.path.clone())
            .or_default()
            .push((stage, bytes));
    }
    for (c, bytes) in changes.iter().zip(repo.read_new(&Side::WorkTree, changes)?) {
        chains
            .entry(c.path.clone())
            .or_default()
            .push((Stage::WorkTree, bytes));
    }
    Ok(chains)
}

/// A transcript must change only together with its metadata's sha256.
fn transcript_rule(
    repo: &Repo,
    path: &str,
    chain: &Chain,
    range: &Range,
) -> Result<Option<Diagnostic>, HistoryError> {
    let Some(name) = path
        .strip_prefix("sources/")
        .filter(|n| !n.ends_with(".yaml") && !n.contains('/'))
    else {
        return Ok(None);
    };
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let meta_path = format!("sources/{stem}.yaml");
    let Some((_, base_text)) = chain.first() else {
        return Ok(None);
    };
    let Some((_, new_text)) = chain.last() else {
        return Ok(None);
    };
    let Some(base_text) = base_text else {
        return Ok(None);
    };
    if new_text.as_ref() == Some(base_text) {
        return Ok(None);
    }
    let Some(meta_bytes) = repo
        .read_paths(&Side::WorkTree, std::slice::from_ref(&meta_path))?
        .pop()
        .flatten()
    else {
        return Ok(None);
    };
    let Some(meta) = source_from(&meta_bytes, &meta_path).filter(|m| m.file == name) else {
        return Ok(None);
    };
    let recorded = new_text
        .as_deref()
        .is_some_and(|t| sha256_hex(t) == meta.sha256)
        && sha256_hex(base_text) != meta.sha256;
    if recorded {
        return Ok(None);
    }
    let stage = chain
        .iter()
        .skip(1)
        .find(|(_, b)| b.as_ref() != Some(base_text))
        .map_or(Stage::WorkTree, |(s, _)| s.clone());
    let what = if new_text.is_none() {
        "was removed"
    } else {
        "changed"
    };
    let mut d = Diagnostic::new(
        Code::TranscriptChangedSilently,
        path,
        format!("the transcript {what} since {} but {meta_path} still records its old sha256", range.rev),
    )
    .hint(format!(
        "restore it (`git checkout {} -- {path}`); a corrected transcript is added as a new source, so quotes stay anchored",
        range.rev
    ));
    for n in range.notes(&stage) {
        d = d.note(n);
    }
    Ok(Some(d))
}

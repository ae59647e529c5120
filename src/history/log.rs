//! `factdesk log`: a claim's history entries merged with the commits that
//! touched its file (followed across renames, back to the creating commit),
//! and what one editor did across the desk.
//!
//! The order is the commit graph's, never a date: anyone can set a commit's
//! dates (`GIT_AUTHOR_DATE`, `GIT_COMMITTER_DATE`) or write an entry's `at`.
//! Commits come in git's topological order (parents before children); each
//! history entry comes just before the first commit whose version of the
//! file holds it (the history only grows at its end, so the entries a
//! commit added are those past the previous version's), in the file's own
//! order; entries no commit holds yet come last. Dates are shown as
//! recorded.

use super::git::Repo;
use super::versions::ClaimVersion;
use super::HistoryError;
use crate::model::{Claim, HistoryEntry};
use crate::store::{Desk, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// How a commit touched a claim's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FileChange {
    Created,
    Modified,
    Deleted,
    Renamed {
        from: String,
    },
    Copied {
        from: String,
    },
    /// The oldest commit a shallow clone has: the file was there already,
    /// and the commits before it (where it was created) were never fetched.
    HistoryCutShort,
}

/// A commit that touched a claim's file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileCommit {
    pub commit: String,
    pub author: String,
    pub email: String,
    pub at: DateTime<Utc>,
    /// The commit message's first line.
    pub message: String,
    /// The claim file's desk path in that commit.
    pub path: String,
    pub change: FileChange,
}

/// One line of a claim's story.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LogEntry {
    History(HistoryEntry),
    Commit(FileCommit),
}

impl LogEntry {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            LogEntry::History(h) => h.at,
            LogEntry::Commit(c) => c.at,
        }
    }
}

/// A claim's whole story, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimLog {
    pub id: String,
    /// Whether the claim's file is gone from the working tree (its history
    /// entries then come from the last commit that had it).
    pub deleted: bool,
    pub entries: Vec<LogEntry>,
}

/// The story of claim `id` (a unique prefix is enough for a claim on disk).
pub fn claim_log(desk: &Desk, repo: &Repo, id: &str) -> Result<ClaimLog, HistoryError> {
    let (id, missing) = match desk.resolve_claim(id) {
        Ok(cid) => (cid.to_string(), None),
        Err(e @ StoreError::NoSuchClaim { .. }) if crate::model::id::validate_id(id).is_ok() => {
            (id.to_string(), Some(e))
        }
        Err(e) => return Err(e.into()),
    };
    let commits = file_commits(repo, &format!("claims/{id}.yaml"))?;
    let on_disk = missing.is_none();
    if let Some(e) = missing.filter(|_| commits.is_empty()) {
        return Err(e.into());
    }
    let history = if on_disk {
        desk.read_claim(&desk.resolve_claim(&id)?)?.history
    } else {
        last_committed(repo, &commits)?
            .map(|c| c.history)
            .unwrap_or_default()
    };
    let held = history_lengths(repo, &commits)?;
    let entries = interleave(history, commits, &held);
    Ok(ClaimLog {
        id,
        deleted: !on_disk,
        entries,
    })
}

/// How many history entries each commit's version of the file holds
/// (None: deleted there, or a version that does not parse), read in one
/// `git cat-file --batch`.
fn history_lengths(
    repo: &Repo,
    commits: &[FileCommit],
) -> Result<Vec<Option<usize>>, HistoryError> {
    let specs: Vec<String> = commits
        .iter()
        .map(|c| format!("{}:{}", c.commit, repo.full(&c.path)))
        .collect();
    let versions = repo.cat_file(&specs)?;
    Ok(commits
        .iter()
        .zip(versions)
        .map(|(c, bytes)| match c.change {
            FileChange::Deleted => None,
            _ => match ClaimVersion::from_bytes(bytes.as_deref(), &c.path) {
                ClaimVersion::Parsed(claim) => Some(claim.history.len()),
                _ => None,
            },
        })
        .collect())
}

/// The story in the graph's order: before each commit (oldest first), the
/// entries of `history` its version holds that no earlier commit's did
/// (`held`: how many each commit's version holds); entries no commit holds
/// (uncommitted) last. No date is compared.
fn interleave(
    history: Vec<HistoryEntry>,
    commits: Vec<FileCommit>,
    held: &[Option<usize>],
) -> Vec<LogEntry> {
    let total = history.len();
    let mut history = history.into_iter();
    let mut placed = 0;
    let mut out = Vec::with_capacity(total + commits.len());
    for (commit, held) in commits.into_iter().zip(held.iter().copied()) {
        let upto = held.unwrap_or(0).min(total);
        while placed < upto {
            out.extend(history.next().map(LogEntry::History));
            placed += 1;
        }
        out.push(LogEntry::Commit(commit));
    }
    out.extend(history.map(LogEntry::History));
    out
}

/// The claim as the newest commit that still had its file holds it.
fn last_committed(repo: &Repo, commits: &[FileCommit]) -> Result<Option<Claim>, HistoryError> {
    let Some(last) = commits
        .iter()
        .rev()
        .find(|c| c.change != FileChange::Deleted)
    else {
        return Ok(None);
    };
    let spec = format!("{}:{}", last.commit, repo.full(&last.path));
    let bytes = repo.cat_file(&[spec])?;
    let bytes = bytes.into_iter().next().flatten();
    Ok(
        match ClaimVersion::from_bytes(bytes.as_deref(), &last.path) {
            ClaimVersion::Parsed(c) => Some(*c),
            _ => None,
        },
    )
}

/// The commits that touched a desk path, oldest first, following renames.
pub fn file_commits(repo: &Repo, path: &str) -> Result<Vec<FileCommit>, HistoryError> {
    let full = repo.full(path);
    let out = match repo.git(&[
        "log",
        "--follow",
        // Parents before children (reversed below), whatever the dates say.
        "--topo-order",
        "--name-status",
        "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s",
        "--",
        &full,
    ]) {
        Ok(out) => out,
        // A repository without commits has no history to show.
        Err(HistoryError::GitFailed { stderr, .. })
            if stderr.contains("does not have any commits") =>
        {
            Vec::new()
        }
        Err(e) => return Err(e),
    };
    let text = String::from_utf8_lossy(&out);
    let mut commits: Vec<(FileCommit, bool)> = text
        .split('\x1e')
        .filter_map(|record| parse_commit(repo, record))
        .collect();
    commits.reverse();
    // The file "created" by a commit git shows without parents that names
    // some: a shallow clone's oldest commit, not the file's creation.
    if let Some((first, true)) = commits.first_mut() {
        if first.change == FileChange::Created
            && !repo
                .cut_short(std::slice::from_ref(&first.commit))?
                .is_empty()
        {
            first.change = FileChange::HistoryCutShort;
        }
    }
    Ok(commits.into_iter().map(|(c, _)| c).collect())
}

/// One commit of `git log --name-status`, and whether git shows it
/// without parents.
fn parse_commit(repo: &Repo, record: &str) -> Option<(FileCommit, bool)> {
    let mut lines = record.lines();
    let header = lines.next()?;
    let fields: Vec<&str> = header.splitn(6, '\x1f').collect();
    let [sha, parents, author, email, date, message] = fields.as_slice() else {
        return None;
    };
    let at = DateTime::parse_from_rfc3339(date).ok()?.with_timezone(&Utc);
    let status = lines.find(|l| !l.trim().is_empty())?;
    let parts: Vec<&str> = status.split('\t').collect();
    let local = |p: &str| repo.local(p).unwrap_or(p).to_string();
    let (change, path) = match parts.as_slice() {
        [s, from, to] if s.starts_with('R') => {
            (FileChange::Renamed { from: local(from) }, local(to))
        }
        [s, from, to] if s.starts_with('C') => {
            (FileChange::Copied { from: local(from) }, local(to))
        }
        [s, p] if s.starts_with('A') => (FileChange::Created, local(p)),
        [s, p] if s.starts_with('D') => (FileChange::Deleted, local(p)),
        [_, p] => (FileChange::Modified, local(p)),
        _ => return None,
    };
    let commit = FileCommit {
        commit: sha.to_string(),
        author: author.to_string(),
        email: email.to_string(),
        at,
        message: message.to_string(),
        path,
        change,
    };
    Some((commit, parents.trim().is_empty()))
}

/// One step an editor took on a claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditorStep {
    pub claim: String,
    #[serde(flatten)]
    pub entry: HistoryEntry,
}

/// Every history entry by `name` across the desk, oldest first: each
/// claim's entries in its file's order (a back-dated `at` does not move an
/// entry before the ones recorded ahead of it), claims interleaved by the
/// latest time recorded so far in each (then by id). This reads no git: the
/// entries' recorded times are all there is to order different files by.
pub fn editor_log(desk: &Desk, name: &str) -> Result<Vec<EditorStep>, HistoryError> {
    let mut keyed: Vec<(DateTime<Utc>, String, usize, EditorStep)> = Vec::new();
    for c in desk.load_claims()? {
        let id = c.id.to_string();
        let mut latest: Option<DateTime<Utc>> = None;
        for (i, entry) in c.history.into_iter().enumerate() {
            let at = latest.map_or(entry.at, |l| l.max(entry.at));
            latest = Some(at);
            if crate::model::same_editor(&entry.by, name) {
                let step = EditorStep {
                    claim: id.clone(),
                    entry,
                };
                keyed.push((at, id.clone(), i, step));
            }
        }
    }
    keyed.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    Ok(keyed.into_iter().map(|(.., step)| step).collect())
}

#[cfg(test)]
mod tests;

//! The audit behind `factdesk check --since REV` and `factdesk audit`:
//! every commit in `REV..HEAD` is judged against each of its parents (a
//! merge against both sides), then the uncommitted changes against HEAD.
//! When HEAD's history does not contain REV, the range starts at their
//! merge-base instead, with a warning (`range`).
//! Each step's changed claims, sources and settings are read in bulk (one
//! `git log`, one `git diff-tree --stdin`, one `git cat-file --batch`), each
//! blob parsed once; the rules for one claim live in [`claims`], those for
//! sources and settings in [`foundations`]. Every finding names the commit,
//! the file, the field and the rule.

pub(crate) mod claims;
mod foundations;
mod identity;
mod range;

pub use range::Range;

use super::git::{short, Commit, PathChange, Repo, Side};
use super::versions::{ClaimVersion, Version};
use super::{claim_id_of, HistoryError};
use crate::check::locate::{FieldPath, Locator, Target};
use crate::diag::{Diagnostic, Place};
use crate::model::Claim;
use crate::store::Desk;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The desk paths the audit reads.
const AUDITED: [&str; 3] = ["claims", "sources", crate::store::CONFIG_FILE];

/// Where a version of a file comes from: the commit that made it, or the
/// working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Commit {
        sha: String,
        subject: String,
        author_email: String,
        /// For a merge: the parent this step compares with.
        against: Option<String>,
    },
    WorkTree,
}

impl Stage {
    /// "commit 1a2b3c4" or "the uncommitted changes".
    pub fn name(&self) -> String {
        match self {
            Stage::Commit { sha, .. } => format!("commit {}", short(sha)),
            Stage::WorkTree => "the uncommitted changes".to_string(),
        }
    }
}

/// `d` placed on the line of the field at `path` in `text`, the version
/// `stage` made, found as `check` finds fields (`check::locate`); as is
/// when there is no text (a deleted file).
fn on_field(stage: &Stage, text: Option<&str>, d: Diagnostic, path: &FieldPath) -> Diagnostic {
    match text {
        Some(text) => {
            let place = Locator::new(text).place(path, Target::Key);
            on_line(stage, d, place, &format!("`{path}` in "))
        }
        None => d,
    }
}

/// `d` placed at `place` of the version `stage` made (`what` says what is
/// there); for a commit, a note says whose version the line is of, since
/// the file on disk may have moved on.
fn on_line(stage: &Stage, d: Diagnostic, place: Place, what: &str) -> Diagnostic {
    let d = match stage {
        Stage::Commit { sha, .. } => d.note(format!(
            "line {} is that of {what}the version of commit {}",
            place.line,
            short(sha)
        )),
        Stage::WorkTree => d,
    };
    d.at(place)
}

/// What the audit looked at and what it found.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    pub diagnostics: Vec<Diagnostic>,
    /// Commits in the range (all of them, whether they touched the desk or not).
    pub commits: usize,
    /// Merge commits among them.
    pub merges: usize,
    /// Whether uncommitted changes to the desk were audited too.
    pub uncommitted: bool,
    /// Claim versions judged against the version before them.
    pub claim_steps: usize,
    /// Of those, versions of a claim that was published before the step.
    pub published_steps: usize,
    /// Claims that arrived within the range.
    pub arrivals: usize,
    /// Source files (transcripts, metadata) judged.
    pub source_steps: usize,
    /// Changes of `factdesk.yaml` judged.
    pub settings_steps: usize,
    /// The short id of the merge-base the audit started at, when HEAD's
    /// history does not contain REV.
    pub merge_base: Option<String>,
}

impl Audit {
    /// Whether anything at all was compared.
    pub fn checked_anything(&self) -> bool {
        self.claim_steps + self.source_steps + self.settings_steps > 0
    }
}

/// Every violation found in `rev..HEAD` and the uncommitted changes.
pub fn check_since(desk: &Desk, rev: &str) -> Result<Vec<Diagnostic>, HistoryError> {
    Ok(audit_since(desk, rev)?.diagnostics)
}

/// One step of the range: a commit against one of its parents (the first
/// parent version of each path), or the working tree against HEAD.
struct Step {
    stage: Stage,
    /// The commit judged (or the working tree), for reading files there.
    at: Side,
    /// The parent compared with (None: a root commit).
    parent: Option<Side>,
    /// Per changed path: its blob key at the parent compared with, then at
    /// the merge's other parents, and at this step.
    paths: BTreeMap<String, (Vec<Option<String>>, Option<String>)>,
}

/// Audits `rev..HEAD` commit by commit, then the working tree.
pub fn audit_since(desk: &Desk, rev: &str) -> Result<Audit, HistoryError> {
    let repo = Repo::open(&desk.root)?;
    let since = repo.since(rev)?;
    let base = since.start.clone();
    let range = Range::of(&since);
    // The working tree is compared with HEAD while git diffs the commits.
    let (commits, diffs, work) = std::thread::scope(|s| {
        let work = s.spawn(|| worktree_changes(&repo));
        let diffs = repo
            .range(&base)
            .and_then(|commits| Ok((commit_diffs(&repo, &commits)?, commits)));
        let work = work.join().unwrap_or_else(|_| {
            Err(HistoryError::GitFailed {
                command: "git diff HEAD".into(),
                stderr: "the reader thread failed".into(),
            })
        });
        diffs.map(|(d, c)| (c, d, work))
    })?;
    let roots: Vec<String> = commits
        .iter()
        .filter(|c| c.parents.is_empty())
        .map(|c| c.sha.clone())
        .collect();
    if let Some(cut) = repo.cut_short(&roots)?.first() {
        // Judged as a root, every claim there would "arrive" in it.
        return Err(HistoryError::ShallowHistory {
            rev: rev.to_string(),
            commit: short(cut).to_string(),
        });
    }
    let mut audit = Audit {
        merge_base: range.not_ancestor.as_ref().map(|_| range.base.clone()),
        diagnostics: range.warning().into_iter().collect(),
        commits: commits.len(),
        merges: commits.iter().filter(|c| c.parents.len() > 1).count(),
        ..Audit::default()
    };
    let mut blobs = Blobs::default();
    let mut steps = commit_steps(&commits, diffs, &mut blobs);
    if let Some(step) = worktree_step(work?, &mut blobs) {
        audit.uncommitted = true;
        steps.push(step);
    }
    blobs.load(&repo)?;
    blobs.parse_claims(&steps);
    let mut earlier: HashMap<String, Claim> = HashMap::new();
    let mut arrived_unread: std::collections::HashSet<String> = Default::default();
    let authors = (desk.config.identity == crate::model::Identity::Git)
        .then_some(desk.config.editors.as_slice());
    for step in &steps {
        let at = At {
            repo: &repo,
            blobs: &blobs,
            range: &range,
            authors,
        };
        judge(&at, step, (&mut earlier, &mut arrived_unread), &mut audit)?;
    }
    // A merge judged against both parents may find the same thing twice.
    let mut seen = std::collections::HashSet::new();
    audit
        .diagnostics
        .retain(|d| seen.insert((d.code, d.file.clone(), d.message.clone())));
    Ok(audit)
}

/// What every step is judged with.
struct At<'a> {
    repo: &'a Repo,
    blobs: &'a Blobs,
    range: &'a Range,
    /// The roster, under `identity: git`.
    authors: Option<&'a [crate::model::Editor]>,
}

/// Judges every path one step changed.
fn judge(
    at: &At,
    step: &Step,
    (earlier, arrived_unread): (
        &mut HashMap<String, Claim>,
        &mut std::collections::HashSet<String>,
    ),
    audit: &mut Audit,
) -> Result<(), HistoryError> {
    let (repo, blobs, range) = (at.repo, at.blobs, at.range);
    let ctx = foundations::Context {
        repo,
        step,
        range,
        blobs,
    };
    for (path, (parents, now)) in &step.paths {
        if let Some(id) = claim_id_of(path) {
            let before: Vec<&ClaimVersion> = parents.iter().map(|k| blobs.claim(k)).collect();
            let now_text = blobs
                .bytes(now)
                .and_then(|b| crate::store::yaml::as_record_text(b, Path::new(path)).ok());
            let now = blobs.claim(now);
            audit.claim_steps += 1;
            if before.iter().all(|v| !v.is_present()) {
                audit.arrivals += usize::from(now.is_present());
            } else if before.iter().any(|v| {
                v.parsed()
                    .is_some_and(|c| c.status == crate::model::Status::Published)
            }) {
                audit.published_steps += 1;
            }
            let s = claims::ClaimStep {
                id,
                path,
                parents: before,
                now,
                now_text,
                earlier: earlier.get(path.as_str()),
                arrived_unread: arrived_unread.contains(path.as_str()),
                stage: &step.stage,
                range,
                authors: at.authors,
            };
            audit.diagnostics.extend(claims::judge(&s));
            let last = now
                .parsed()
                .or_else(|| s.parents.iter().find_map(|v| v.parsed()));
            if let Some(c) = last.cloned() {
                arrived_unread.remove(path.as_str());
                earlier.insert(path.clone(), c);
            } else if s.parents.iter().all(|v| !v.is_present())
                && !earlier.contains_key(path.as_str())
            {
                arrived_unread.insert(path.clone());
            }
        } else if path == crate::store::CONFIG_FILE {
            audit.settings_steps += 1;
            audit
                .diagnostics
                .extend(foundations::settings(&ctx, parents, now)?);
        } else {
            audit.source_steps += 1;
            audit
                .diagnostics
                .extend(foundations::source_file(&ctx, path, parents, now)?);
        }
    }
    Ok(())
}

/// What each commit of the range changed, against each of its parents
/// in turn (a root commit against nothing), in the order of `commits`.
fn commit_diffs(repo: &Repo, commits: &[Commit]) -> Result<Vec<Vec<PathChange>>, HistoryError> {
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    for c in commits {
        if c.parents.is_empty() {
            pairs.push((c.sha.clone(), None));
        }
        for p in &c.parents {
            pairs.push((c.sha.clone(), Some(p.clone())));
        }
    }
    repo.diff_pairs(&pairs, &AUDITED)
}

/// The steps of the commits of the range, one per commit, every parent's
/// version of each changed path gathered.
fn commit_steps(commits: &[Commit], diffs: Vec<Vec<PathChange>>, blobs: &mut Blobs) -> Vec<Step> {
    let mut diffs = diffs.into_iter();
    let mut steps = Vec::new();
    for c in commits {
        let n = c.parents.len().max(1);
        let per_parent: Vec<Vec<PathChange>> = diffs.by_ref().take(n).collect();
        let merge = c.parents.len() > 1;
        // Per parent: each changed path's blob id there.
        let at_parent: Vec<HashMap<&str, &Option<String>>> = per_parent
            .iter()
            .map(|changes| changes.iter().map(|o| (o.path.as_str(), &o.old)).collect())
            .collect();
        // A merge is judged against each parent in turn, so every finding
        // names the side it compares with.
        for (i, changes) in per_parent.iter().enumerate() {
            let mut paths = BTreeMap::new();
            for ch in changes {
                let mut parents = vec![ch.old.clone()];
                if merge {
                    // The same path at the other parents (unchanged there: as here).
                    parents.extend(at_parent.iter().enumerate().filter(|(j, _)| *j != i).map(
                        |(_, other)| {
                            other
                                .get(ch.path.as_str())
                                .map_or(ch.new.clone(), |old| (*old).clone())
                        },
                    ));
                }
                blobs.want(parents.iter().chain([&ch.new]));
                paths.insert(ch.path.clone(), (parents, ch.new.clone()));
            }
            if paths.is_empty() {
                continue;
            }
            steps.push(Step {
                stage: Stage::Commit {
                    sha: c.sha.clone(),
                    subject: c.subject.clone(),
                    author_email: c.author_email.clone(),
                    against: merge.then(|| c.parents[i].clone()),
                },
                at: Side::Commit {
                    rev: c.sha.clone(),
                    sha: c.sha.clone(),
                },
                parent: c.parents.get(i).map(|p| Side::Commit {
                    rev: p.clone(),
                    sha: p.clone(),
                }),
                paths,
            });
        }
    }
    steps
}

/// The desk paths changed in the working tree against HEAD, with their
/// bytes on disk.
type WorkTree = Vec<(PathChange, Option<Vec<u8>>)>;

fn worktree_changes(repo: &Repo) -> Result<WorkTree, HistoryError> {
    let changes = repo.changes("HEAD", &Side::WorkTree, &AUDITED)?;
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let disk = repo.read_new(&Side::WorkTree, &changes)?;
    Ok(changes.into_iter().zip(disk).collect())
}

/// The uncommitted changes against HEAD, when there are any.
fn worktree_step(changes: WorkTree, blobs: &mut Blobs) -> Option<Step> {
    if changes.is_empty() {
        return None;
    }
    let mut paths = BTreeMap::new();
    for (ch, bytes) in changes {
        let key = bytes.map(|b| blobs.put_disk(&ch.path, b));
        blobs.want([&ch.old]);
        paths.insert(ch.path, (vec![ch.old], key));
    }
    Some(Step {
        stage: Stage::WorkTree,
        at: Side::WorkTree,
        parent: Some(Side::Commit {
            rev: "HEAD".into(),
            sha: "HEAD".into(),
        }),
        paths,
    })
}

/// Every file version the audit reads, by blob id (or `worktree:<path>`
/// for a file on disk), read once and parsed once.
#[derive(Default)]
struct Blobs {
    wanted: Vec<String>,
    bytes: HashMap<String, Vec<u8>>,
    claims: HashMap<String, ClaimVersion>,
}

const ABSENT: ClaimVersion = Version::Absent;

impl Blobs {
    fn want<'a>(&mut self, keys: impl IntoIterator<Item = &'a Option<String>>) {
        self.wanted.extend(keys.into_iter().flatten().cloned());
    }

    fn put_disk(&mut self, path: &str, bytes: Vec<u8>) -> String {
        let key = format!("worktree:{path}");
        self.bytes.insert(key.clone(), bytes);
        key
    }

    /// Reads every wanted blob in one batch and parses the claims among them.
    fn load(&mut self, repo: &Repo) -> Result<(), HistoryError> {
        self.wanted.sort();
        self.wanted.dedup();
        self.wanted.retain(|k| !self.bytes.contains_key(k));
        let ids: Vec<Option<String>> = self.wanted.iter().cloned().map(Some).collect();
        for (key, bytes) in self.wanted.iter().zip(repo.read_blobs(&ids)?) {
            if let Some(b) = bytes {
                self.bytes.insert(key.clone(), b);
            }
        }
        Ok(())
    }

    fn bytes(&self, key: &Option<String>) -> Option<&[u8]> {
        key.as_ref()
            .and_then(|k| self.bytes.get(k))
            .map(Vec::as_slice)
    }

    /// The claim a blob holds (parsed on first use).
    fn claim(&self, key: &Option<String>) -> &ClaimVersion {
        match key.as_ref().and_then(|k| self.claims.get(k)) {
            Some(v) => v,
            None => &ABSENT,
        }
    }

    /// Parses every claim blob among `steps`' paths, each once, on every core.
    fn parse_claims(&mut self, steps: &[Step]) {
        use rayon::prelude::*;
        let mut todo: HashMap<&str, &str> = HashMap::new();
        for step in steps {
            for (path, (parents, now)) in &step.paths {
                if claim_id_of(path).is_none() {
                    continue;
                }
                for key in parents.iter().chain([now]).flatten() {
                    todo.entry(key.as_str()).or_insert(path.as_str());
                }
            }
        }
        let bytes = &self.bytes;
        let parsed: Vec<(String, ClaimVersion)> = todo
            .into_par_iter()
            .map(|(key, path)| {
                let v = ClaimVersion::from_bytes(bytes.get(key).map(Vec::as_slice), path);
                (key.to_string(), v)
            })
            .collect();
        self.claims.extend(parsed);
    }
}

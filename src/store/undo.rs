//! The undo journal: for each claim, the record as it stood before each of
//! its last steps, kept in `.factdesk/undo/<id>.json` (local, git-ignored
//! state beside the locks and caches). Every step that appends history
//! entries pushes a frame (the bytes before, and the SHA-256 of the bytes it
//! wrote) under the claim's lock; [`Desk::undo_last`] pops the top frame
//! only while the file still holds exactly what that step wrote, so a
//! record changed by hand since is never overwritten. Whether the step is
//! already committed is for the caller to judge (git lives in `history`).
//!
//! The journal is kept without waiting for the disk: after a power loss it
//! may be missing or old, and undo then refuses rather than guesses.

use super::files::{ensure_no_link, read_regular, sha256_hex, write_derived};
use super::{parse_bytes, ClaimLock, Desk, StoreError, STATE_DIR};
use crate::model::{Claim, ClaimId, HistoryEntry};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Frames kept per claim: older steps are far more likely to be committed.
const KEEP: usize = 20;

/// The claim before one step, and a fingerprint of the file the step wrote.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Frame {
    /// The record's bytes before the step; none when the step created it.
    before: Option<String>,
    /// SHA-256 of the bytes the step wrote.
    after: String,
}

/// Why the last step on a claim cannot be undone, as far as the files tell.
#[derive(Debug, thiserror::Error)]
pub enum UndoProblem {
    #[error("{}: factdesk kept no record of the claim before its last step", path.display())]
    NotRecorded { path: PathBuf },
    #[error("{}: the file changed since factdesk wrote its last step (by hand or by another program), so undo cannot tell what to restore", path.display())]
    ChangedSince { path: PathBuf },
    #[error("{}: the saved copy from before the last step does not lead to the record as it is (its history is not the record's without the last step)", path.display())]
    Inconsistent { path: PathBuf },
}

/// What an undo did.
#[derive(Debug, Clone)]
pub struct Undone {
    /// The claim as it was before undo.
    pub was: Claim,
    /// The claim as restored; none when the step created it (file removed).
    pub now: Option<Claim>,
    /// The history entries the undone step had appended.
    pub entries: Vec<HistoryEntry>,
}

fn journal(root: &Path, id: &str) -> PathBuf {
    root.join(STATE_DIR).join("undo").join(format!("{id}.json"))
}

fn load(root: &Path, id: &str) -> Vec<Frame> {
    let path = journal(root, id);
    if path
        .parent()
        .is_none_or(|dir| ensure_no_link(root, dir).is_err())
    {
        return Vec::new();
    }
    read_regular(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes the frames (none: the journal is removed); failures are ignored,
/// they only cost the chance to undo.
fn save(root: &Path, id: &str, frames: &[Frame]) {
    let path = journal(root, id);
    if frames.is_empty() {
        let _ = std::fs::remove_file(&path);
        return;
    }
    let Some(dir) = path.parent() else { return };
    if ensure_no_link(root, dir).is_err() || std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(json) = serde_json::to_vec(frames) {
        let _ = write_derived(&path, &json);
    }
}

/// Records a step that turned `before` (none: created) into `after`; call
/// with the claim's lock held.
pub(super) fn push(root: &Path, id: &str, before: Option<&str>, after: &[u8]) {
    let mut frames = load(root, id);
    frames.push(Frame {
        before: before.map(str::to_string),
        after: sha256_hex(after),
    });
    let extra = frames.len().saturating_sub(KEEP);
    frames.drain(..extra);
    save(root, id, &frames);
}

impl Desk {
    /// Undoes the last step factdesk made on claim `id`, under its lock: the
    /// file must still hold what that step wrote, and `permit` (given the
    /// claim now and as it was before the step) must agree. Restores the
    /// record as it was, or removes the file when the step created it.
    pub fn undo_last<E>(
        &self,
        id: &ClaimId,
        permit: impl FnOnce(&Claim, Option<&Claim>) -> Result<(), E>,
    ) -> Result<Result<Undone, E>, StoreError> {
        let rel = Self::claim_rel(id.as_str());
        let path = self.root.join(&rel);
        let _lock = ClaimLock::acquire(&self.root, id.as_str())?;
        let bytes = read_regular(&path).map_err(StoreError::io(&path))?;
        let (was, _) = parse_bytes::<Claim>(&bytes, &rel)?;
        let mut frames = load(&self.root, id.as_str());
        let problem = |p: UndoProblem| Err(StoreError::Undo(p));
        let Some(top) = frames.pop() else {
            return problem(UndoProblem::NotRecorded { path: rel });
        };
        if top.after != sha256_hex(&bytes) {
            return problem(UndoProblem::ChangedSince { path: rel });
        }
        let before = match &top.before {
            None => None,
            Some(text) => Some(
                parse_bytes::<Claim>(text.as_bytes(), &rel)
                    .map_err(|_| StoreError::Undo(UndoProblem::Inconsistent { path: rel.clone() }))?
                    .0,
            ),
        };
        let kept = before.as_ref().map_or(0, |b| b.history.len());
        let leads_here = match &before {
            Some(b) => {
                b.id == was.id && kept < was.history.len() && was.history.starts_with(&b.history)
            }
            None => !was.history.is_empty(),
        };
        if !leads_here {
            return problem(UndoProblem::Inconsistent { path: rel });
        }
        if let Err(e) = permit(&was, before.as_ref()) {
            return Ok(Err(e));
        }
        match &top.before {
            Some(text) => super::write_atomic(&path, text.as_bytes()),
            None => std::fs::remove_file(&path),
        }
        .map_err(StoreError::io(&path))?;
        save(&self.root, id.as_str(), &frames);
        Ok(Ok(Undone {
            entries: was.history[kept..].to_vec(),
            was,
            now: before,
        }))
    }
}

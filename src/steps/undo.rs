//! `undo`: takes back the last step on a claim while git has not seen it.
//! The store restores the record from its undo journal (only while the
//! file holds exactly what that step wrote); this step asks git whether the
//! step is already committed, and refuses then: once in git, history is
//! append-only and a mistake is put right with a new step.
//!
//! Outside a git repository nothing can tell a step made a moment ago from
//! one others have long seen, so undo refuses there too. In a repository
//! without a commit yet, nothing is committed and every recorded step can
//! be undone. Undo writes no history entry of its own: the step it removes
//! never reached the audit trail. Undoing again takes back the step before;
//! there is no redo (make the step again).

use crate::history::{claim_at_head, Committed, HistoryError, Version};
use crate::model::{Action, Claim, ClaimId};
use crate::store::{Desk, StoreError, Undone};

#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("undo asks git which steps are committed, and {}", .0)]
    History(#[from] HistoryError),
    #[error("cannot undo `{action}` on {id}: the step is in commit {} (HEAD), and history is append-only once it is in git", crate::history::git::short(sha))]
    Committed {
        id: ClaimId,
        action: Action,
        sha: String,
    },
    #[error("cannot undo on {id}: claims/{id}.yaml in HEAD ({}) cannot be read ({message}), so undo cannot tell which steps are committed", crate::history::git::short(sha))]
    HeadUnreadable {
        id: ClaimId,
        sha: String,
        message: String,
    },
}

/// Undoes the last step on claim `id` if it is not committed yet.
pub fn undo(desk: &Desk, id: &ClaimId) -> Result<Undone, UndoError> {
    let permit = |now: &Claim, before: Option<&Claim>| -> Result<(), UndoError> {
        let kept = before.map_or(0, |b| b.history.len());
        let refused = |sha: &str| UndoError::Committed {
            id: id.clone(),
            action: now.history[kept].action,
            sha: sha.to_string(),
        };
        match claim_at_head(&desk.root, id.as_str())? {
            Committed::NoCommits => Ok(()),
            Committed::At { version, sha } => match version {
                Version::Absent => Ok(()),
                Version::Unparsable { message, .. } => Err(UndoError::HeadUnreadable {
                    id: id.clone(),
                    sha,
                    message,
                }),
                // The step is uncommitted when everything HEAD holds of the
                // history is still there before it.
                Version::Parsed(head)
                    if head.history.len() <= kept && now.history.starts_with(&head.history) =>
                {
                    Ok(())
                }
                Version::Parsed(_) => Err(refused(&sha)),
            },
        }
    };
    desk.undo_last(id, permit)?
}

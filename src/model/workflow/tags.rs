//! The tag step: adds and removes a claim's tags, in any status (tags sort
//! the archive; they are not part of the verdict). The history entry names
//! what changed, and is what explains a changed `tags` field of a
//! published claim to the audit.

use super::WorkflowError;
use crate::model::{Action, Claim, HistoryEntry};

/// Applies the tag step: `add` tags (kept in the order given, after the
/// claim's own) and `remove` tags; refuses invalid tags and a step that
/// changes nothing.
pub(super) fn tag(
    claim: &mut Claim,
    add: &[String],
    remove: &[String],
    entry: &mut HistoryEntry,
) -> Result<(), WorkflowError> {
    if add.is_empty() && remove.is_empty() {
        return Err(WorkflowError::Empty {
            what: "the tag list",
        });
    }
    if let Some(bad) = add
        .iter()
        .chain(remove)
        .find(|t| crate::model::id::validate_id(t).is_err())
    {
        return Err(WorkflowError::BadTag { tag: bad.clone() });
    }
    let mut added = Vec::new();
    for t in add {
        if !claim.tags.contains(t) {
            claim.tags.push(t.clone());
            added.push(t.as_str());
        }
    }
    let before = claim.tags.len();
    let removed: Vec<&str> = remove
        .iter()
        .filter(|t| claim.tags.contains(t) && !add.contains(t))
        .map(String::as_str)
        .collect();
    claim.tags.retain(|t| !removed.contains(&t.as_str()));
    if added.is_empty() && before == claim.tags.len() {
        return Err(WorkflowError::TagsUnchanged {
            tags: claim.tags.clone(),
        });
    }
    let mut note = Vec::new();
    if !added.is_empty() {
        note.push(format!("added {}", added.join(", ")));
    }
    if !removed.is_empty() {
        note.push(format!("removed {}", removed.join(", ")));
    }
    entry.action = Action::Tagged;
    entry.note = Some(note.join("; "));
    Ok(())
}

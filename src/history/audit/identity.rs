//! `identity: git`: each history entry a commit adds must be by the
//! commit's author, as the roster's e-mail addresses say. This ties an
//! entry's `by:` to who committed it, so an entry "by jo" that ana writes
//! by hand and commits is caught. It proves no more than git's author
//! field does: anyone can set `user.email`; signed commits (checked by the
//! forge, or `git verify-commit`) are what would bind the author to a key.
//! A merge adds no entries of its own (the ledger rules catch one that
//! does), and uncommitted changes have no author yet: both are skipped.

use super::claims::ClaimStep;
use super::Stage;
use crate::diag::{Code, Diagnostic};
use crate::model::editor::{commits_as, Editor};
use crate::model::Claim;

/// `editor-not-author` for each entry `now` adds to `before` (all of them
/// for a claim that arrives) whose editor is not the commit's author.
pub fn authors(
    s: &ClaimStep,
    before: Option<&Claim>,
    now: &Claim,
    roster: &[Editor],
) -> Vec<Diagnostic> {
    let Stage::Commit {
        author_email,
        against: None,
        ..
    } = s.stage
    else {
        return Vec::new();
    };
    let old = before.map_or(0, |b| b.history.len());
    let added = now.history.iter().enumerate().skip(old);
    added
        .filter(|(_, h)| !commits_as(roster, &h.by, author_email))
        .map(|(i, h)| {
            let d = s.finding(
                Code::EditorNotAuthor,
                format!(
                    "claim {}: history entry {} ({} by {}) was added by {} whose author is <{}>, not an address the roster lists for {} (rule: with `identity: git`, editors commit their own steps)",
                    s.id,
                    i + 1,
                    h.action.as_str(),
                    h.by,
                    s.stage.name(),
                    crate::diag::visible(author_email),
                    h.by
                ),
                "each editor commits the steps they took, with the e-mail the roster lists for them (`git config user.email`); undo an entry written in someone else's name",
            );
            s.on(d, &crate::check::locate::FieldPath::top("history").index(i))
        })
        .collect()
}

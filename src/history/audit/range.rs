//! Where the audit starts and how its findings name it: `REV` when HEAD's
//! history contains it, else the merge-base of `REV` and HEAD (what the
//! branch itself changed, as a pull request shows), with the
//! `since-not-ancestor` warning that says so.

use super::Stage;
use crate::diag::{Code, Diagnostic, Remedy, Run};
use crate::history::git::{short, Since};

/// The commit range a finding belongs to, for its notes.
#[derive(Debug, Clone)]
pub struct Range {
    /// The short id of the commit the range starts at.
    pub base: String,
    /// How hints name the start: REV as typed, or the merge-base's short id
    /// when the range starts there.
    pub rev: String,
    /// REV as typed and its short id, when HEAD's history does not contain
    /// it and the range starts at their merge-base instead.
    pub not_ancestor: Option<(String, String)>,
}

impl Range {
    /// The range an audit since `since` judges.
    pub fn of(since: &Since) -> Range {
        let base = short(&since.start).to_string();
        if since.is_ancestor() {
            return Range {
                base,
                rev: since.rev.clone(),
                not_ancestor: None,
            };
        }
        Range {
            rev: base.clone(),
            base,
            not_ancestor: Some((since.rev.clone(), short(&since.sha).to_string())),
        }
    }

    /// "commit range …" and "introduced by …" notes for a finding at `stage`.
    pub fn notes(&self, stage: &Stage) -> Vec<String> {
        let mut notes = vec![match &self.not_ancestor {
            None => format!(
                "commit range: {}..HEAD ({} is {})",
                self.rev, self.rev, self.base
            ),
            Some((rev, sha)) => format!(
                "commit range: {}..HEAD (the merge-base of {rev} and HEAD; {rev} is {sha}, which HEAD's history does not contain)",
                self.base
            ),
        }];
        notes.push(match stage {
            Stage::Commit {
                sha,
                subject,
                against: Some(parent),
                ..
            } => format!(
                "introduced by merge commit {} \"{subject}\" (compared with its parent {})",
                short(sha),
                short(parent)
            ),
            Stage::Commit { sha, subject, .. } => {
                format!("introduced by commit {} \"{subject}\"", short(sha))
            }
            Stage::WorkTree => "introduced by uncommitted changes in the working tree".to_string(),
        });
        notes
    }

    /// The `since-not-ancestor` warning, when the range does not start at
    /// REV: about the desk as a whole (its folder, `.`).
    pub fn warning(&self) -> Option<Diagnostic> {
        let (rev, sha) = self.not_ancestor.as_ref()?;
        let base = &self.base;
        let message = format!(
            "{rev} ({sha}) is not an ancestor of HEAD, so the audit judged what HEAD's branch changed since their merge-base {base}, not the commits since {rev}; nothing compares the claims at {rev} with HEAD"
        );
        let remedy = Remedy::text(format!(
            "if the branch was cut from {rev} and {rev} has moved on, rebase it (`git rebase {rev}`) and audit again, or audit from the merge-base to say so ("
        ))
        .then_run(Run::CheckSince { rev: base.clone() })
        .then(format!(
            "); if HEAD's history was rewritten (a force-push), {rev}'s commits after {base} are not in it: see what HEAD changed against {rev} with "
        ))
        .then_run(Run::Diff {
            from: rev.clone(),
            to: "HEAD".into(),
        });
        Some(
            Diagnostic::new(Code::SinceNotAncestor, ".", message)
                .remedy(remedy)
                .note(format!(
                    "commit range: {base}..HEAD (the merge-base of {rev} and HEAD)"
                )),
        )
    }
}

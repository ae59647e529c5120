//! A claim in brief: the fields that lists, filters and the editor's overview
//! read, and what they derive from the history and reviews (when the claim
//! entered its status, its last submission, its rater and the approvals that
//! still stand). Derived from a whole [`Claim`] by [`Brief::of`] and nothing
//! else, so the store may keep it, keyed by the record's bytes, and commands
//! that show the whole desk need not hold every full record.

use super::claim::{Action, Claim, Priority, Status};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub id: String,
    pub claim: String,
    pub status: Status,
    pub source: String,
    /// The line of the transcript where the quote starts.
    pub line: u32,
    /// The quote's start anchor on that line, when the record names one.
    pub start: Option<String>,
    pub speaker: String,
    pub tags: Vec<String>,
    pub rating: Option<String>,
    pub assignee: Option<String>,
    pub priority: Option<Priority>,
    pub due: Option<NaiveDate>,
    /// The day of the last history entry that moved the claim (or created
    /// it); none when the history says neither.
    pub since: Option<NaiveDate>,
    /// The day and author of the last submission for review.
    pub submitted: Option<(NaiveDate, String)>,
    /// Who set the current rating ([`Claim::rater`]).
    pub rater: Option<String>,
    /// [`Claim::current_approvers`].
    pub approvers: Vec<String>,
}

impl Brief {
    pub fn of(c: &Claim) -> Brief {
        Brief {
            id: c.id.as_str().to_string(),
            claim: c.claim.clone(),
            status: c.status,
            source: c.source.clone(),
            line: c.location.line,
            start: c.location.start.clone(),
            speaker: c.speaker.clone(),
            tags: c.tags.clone(),
            rating: c.rating.clone(),
            assignee: c.assignee.clone(),
            priority: c.priority,
            due: c.due,
            since: c.status_since(),
            submitted: c.last_submission().map(|(d, by)| (d, by.to_string())),
            rater: c.rater().map(str::to_string),
            approvers: c
                .current_approvers()
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }

    /// Whether `editor` (by [`super::same_editor`]) approved in the current round.
    pub fn has_approved(&self, editor: &str) -> bool {
        self.approvers.iter().any(|a| super::same_editor(a, editor))
    }
}

impl Claim {
    /// The day of the last history entry that moved the claim (or created it).
    pub fn status_since(&self) -> Option<NaiveDate> {
        self.history
            .iter()
            .rev()
            .find(|h| h.to.is_some() || h.action == Action::Created)
            .map(|h| h.at.date_naive())
    }

    /// The day and author of the claim's last submission for review.
    pub fn last_submission(&self) -> Option<(NaiveDate, &str)> {
        self.history
            .iter()
            .rev()
            .find(|h| h.action == Action::Submitted)
            .map(|h| (h.at.date_naive(), h.by.as_str()))
    }
}

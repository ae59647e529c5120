//! A claim record: the statement checked, its verbatim quote and where it sits,
//! the verdict with its evidence, the reviews, the public corrections and the
//! append-only history. Field order here is the canonical order on disk.

use super::choice::choices;
use super::id::ClaimId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

choices! {
    /// Where a claim is in the editorial workflow.
    #[derive(PartialOrd, Ord)]
    pub enum Status {
        Candidate = "candidate",
        Researching = "researching",
        InReview = "in-review",
        Published = "published",
        Discarded = "discarded",
    }
}

choices! {
    /// How urgent a claim is for the desk (declared most urgent first, so
    /// sorting puts high before normal before low).
    #[derive(PartialOrd, Ord)]
    pub enum Priority {
        High = "high",
        Normal = "normal",
        Low = "low",
    }
}

impl Status {
    /// Whether work on the claim is still to do (candidate, researching or
    /// in review), as opposed to published or discarded.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Candidate | Status::Researching | Status::InReview
        )
    }
}

/// Where the quote sits in its transcript: the 1-based line of the file where
/// it starts and, for subtitles, the time range of the cues it spans.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

choices! {
    /// What a piece of evidence does to the claim.
    pub enum Stance {
        Supports = "supports",
        Refutes = "refutes",
        Context = "context",
    }
}

/// A document the verdict rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub url: String,
    pub title: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    pub accessed: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

choices! {
    /// A reviewer's decision on a claim in review.
    pub enum Decision {
        Approved = "approved",
        ChangesRequested = "changes-requested",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub by: String,
    pub at: DateTime<Utc>,
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What an approval binds: [`Claim::approval_digest`] of the claim as
    /// approved. Absent on reviews written before digests existed (legacy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

choices! {
    /// What a change to a published check is, as IFCN-style corrections
    /// policies distinguish them: a *correction* (the verdict or a fact was
    /// wrong) or an *update* (new information; the verdict stands).
    pub enum CorrectionKind {
        Correction = "correction",
        Update = "update",
    }
}

impl Default for CorrectionKind {
    /// Records written before the distinction are corrections.
    fn default() -> Self {
        CorrectionKind::Correction
    }
}

impl CorrectionKind {
    pub fn is_correction(&self) -> bool {
        *self == CorrectionKind::Correction
    }
}

/// A public correction (or update) of a published check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub at: DateTime<Utc>,
    pub by: String,
    /// `correction` (the default, not written) or `update`.
    #[serde(default, skip_serializing_if = "CorrectionKind::is_correction")]
    pub kind: CorrectionKind,
    pub note: String,
    /// The rating before the correction, when the correction changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_rating: Option<String>,
    /// The summary before the correction, when the correction changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_summary: Option<String>,
    /// The speaker before the correction, when the correction changed who
    /// said the quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_speaker: Option<String>,
}

choices! {
    /// What a history entry records.
    pub enum Action {
        Created = "created",
        Assigned = "assigned",
        ResearchStarted = "research-started",
        EvidenceAdded = "evidence-added",
        Rated = "rated",
        Submitted = "submitted",
        Reviewed = "reviewed",
        Published = "published",
        Corrected = "corrected",
        Discarded = "discarded",
        Noted = "noted",
        Edited = "edited",
        ReplyRequested = "reply-requested",
        Replied = "replied",
        NoReply = "no-reply",
        Tagged = "tagged",
    }
}

impl Action {
    /// Whether the step is made in public: it changes what the public
    /// edition shows (a publication, a correction), so a report rendered
    /// since may show it, and once committed it is put right only in the
    /// open.
    pub fn is_public(self) -> bool {
        matches!(self, Action::Published | Action::Corrected)
    }
}

/// One append-only line of a claim's story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Status>,
    /// The rating this step set (rating, or a correction that changed it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How an `edited` entry's note names the fields it changed.
const EDITED: &str = "edited ";

impl HistoryEntry {
    /// The `edited` entry for a hand edit (`factdesk edit`) of `fields`.
    pub fn edited(at: DateTime<Utc>, by: &str, fields: &[&str]) -> HistoryEntry {
        HistoryEntry {
            note: Some(format!("{EDITED}{}", fields.join(", "))),
            ..HistoryEntry::new(at, by, Action::Edited)
        }
    }

    /// The fields an `edited` entry says it changed (none for other entries).
    pub fn edited_fields(&self) -> Vec<&str> {
        match (self.action, self.note.as_deref()) {
            (Action::Edited, Some(n)) => n
                .strip_prefix(EDITED)
                .map(|list| list.split(", ").map(str::trim).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The fields this entry records a change of, beyond what the workflow
    /// derives from it: the fields an `edited` entry names, and the fields
    /// the model's table says this entry's action records
    /// (`Field::recorded_by`: `tags` for a `tagged` entry). What excuses
    /// such a change of a published claim.
    pub fn changed_fields(&self) -> Vec<&str> {
        let mut out = self.edited_fields();
        out.extend(
            super::fields::CLAIM
                .iter()
                .filter(|f| f.recorded_by == Some(self.action))
                .map(|f| f.name),
        );
        out
    }

    /// An entry for `action` by `by` at `at`, with no transition, rating or note.
    pub fn new(at: DateTime<Utc>, by: &str, action: Action) -> HistoryEntry {
        HistoryEntry {
            at,
            by: by.to_string(),
            action,
            from: None,
            to: None,
            rating: None,
            note: None,
        }
    }
}

/// How `factdesk extract` ranked the quote when it proposed the claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    pub score: f64,
    pub model: String,
}

/// The right of reply: who was contacted about the check before publication,
/// how, by when they may answer, and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RightOfReply {
    /// The person or organisation contacted.
    pub contacted: String,
    /// The channel: email, phone, letter, ...
    pub via: String,
    /// The day they were contacted.
    pub asked_on: NaiveDate,
    /// The last day an answer is waited for.
    pub deadline: NaiveDate,
    /// Their answer, as they gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<NaiveDate>,
    /// Recorded once the deadline passed without an answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_reply: bool,
}

impl RightOfReply {
    /// Whether the reply step is over: an answer came, or the deadline passed
    /// without one and that was recorded.
    pub fn settled(&self) -> bool {
        self.answer.is_some() || self.no_reply
    }
}

/// One claim record (`claims/<id>.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: ClaimId,
    pub claim: String,
    pub quote: String,
    pub speaker: String,
    pub source: String,
    pub location: Location,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// How urgent the check is (set with `factdesk assign --priority`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The day the check is due (set with `factdesk assign --due`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<Triage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<RightOfReply>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}

impl Claim {
    /// The fields, as spelled in the record, whose values differ between
    /// `self` and `other`, in record order: every field of the model's
    /// table (`model::fields::CLAIM`) but the three ledgers (reviews,
    /// corrections, history), which are compared entry by entry elsewhere.
    pub fn changed_fields(&self, other: &Claim) -> Vec<&'static str> {
        use super::fields::{Change, CLAIM};
        let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
            (serde_json::to_value(self), serde_json::to_value(other))
        else {
            return Vec::new();
        };
        CLAIM
            .iter()
            .filter(|f| !matches!(f.change, Change::Ledger(_)))
            .filter(|f| a.get(f.name) != b.get(f.name))
            .map(|f| f.name)
            .collect()
    }

    /// Who set the current rating: the actor of the latest history entry that
    /// set one (a rating, or a correction that changed it).
    pub fn rater(&self) -> Option<&str> {
        self.history
            .iter()
            .rev()
            .find(|h| h.rating.is_some())
            .map(|h| h.by.as_str())
    }

    /// Reviews given since the claim was last submitted for review: only these
    /// count towards publication.
    pub fn current_reviews(&self) -> impl Iterator<Item = &Review> {
        let since = self
            .history
            .iter()
            .rev()
            .find(|h| h.action == Action::Submitted)
            .map(|h| h.at);
        self.reviews
            .iter()
            .filter(move |r| since.is_none_or(|s| r.at >= s))
    }

    /// The fields an approval binds ([`Claim::approval_digest`]): an edit
    /// of one of them after an approval opens a new review round. A test
    /// holds the list to the digest.
    pub const APPROVAL_BINDS: [&'static str; 5] =
        ["quote", "claim", "rating", "summary", "evidence"];

    /// The digest an approval binds: SHA-256 over the quote, the claim
    /// text, the rating, the summary and the evidence, as JSON.
    pub fn approval_digest(&self) -> String {
        self.digest_with(self.rating.as_ref(), self.summary.as_ref())
    }

    /// [`Claim::approval_digest`] of the content as it was published: each
    /// correction's recorded previous rating and summary restored, newest
    /// first (the record itself is left as it is, and not copied).
    pub fn published_approval_digest(&self) -> String {
        let (mut rating, mut summary) = (self.rating.as_ref(), self.summary.as_ref());
        for k in self.corrections.iter().rev() {
            if let Some(r) = &k.previous_rating {
                rating = Some(r);
            }
            if let Some(s) = &k.previous_summary {
                summary = Some(s);
            }
        }
        self.digest_with(rating, summary)
    }

    fn digest_with(&self, rating: Option<&String>, summary: Option<&String>) -> String {
        let bound = (&self.quote, &self.claim, rating, summary, &self.evidence);
        super::sha256_hex(serde_json::to_string(&bound).unwrap_or_default().as_bytes())
    }

    /// Whether `review` still approves this content: its digest matches, or
    /// it has none (a legacy approval, accepted; `check` warns about it
    /// while the claim is in review).
    pub fn approval_stands(&self, review: &Review) -> bool {
        let digest = std::cell::OnceCell::new();
        Claim::approval_stands_on(review, || digest.get_or_init(|| self.approval_digest()))
    }

    /// [`Claim::approval_stands`] for content whose approval digest
    /// `digest` gives (asked only when the review records one), so a caller
    /// judging several reviews computes it once.
    pub fn approval_stands_on<'d>(review: &Review, digest: impl FnOnce() -> &'d str) -> bool {
        review.digest.as_deref().is_none_or(|d| d == digest())
    }

    /// Distinct approvers of the current review round whose approval still
    /// stands for the content (an edit after an approval opens a new round).
    pub fn current_approvers(&self) -> Vec<&str> {
        let mut approvers: Vec<&str> = Vec::new();
        for r in self.current_reviews() {
            if r.decision == Decision::Approved
                && self.approval_stands(r)
                && !approvers.iter().any(|a| super::same_editor(a, &r.by))
            {
                approvers.push(&r.by);
            }
        }
        approvers
    }

    /// Whether `editor` (by [`super::same_editor`]) approved in the current round.
    pub fn has_approved(&self, editor: &str) -> bool {
        self.current_approvers()
            .iter()
            .any(|a| super::same_editor(a, editor))
    }

    /// The status the history's last transition leads to, if any entry has one.
    pub fn status_from_history(&self) -> Option<Status> {
        self.history.iter().rev().find_map(|h| h.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_publication_and_correction_are_public_steps() {
        let public: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| a.is_public())
            .collect();
        assert_eq!(public, [Action::Published, Action::Corrected]);
    }
}

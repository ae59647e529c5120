//! The editorial state machine. Each step is a pure function from a claim, an
//! actor, a time and the desk's rules to the changed claim with one more
//! history entry, or a refusal that says why and what may come next.
//!
//! ```text
//! candidate ──research──▶ researching ──submit──▶ in-review ──publish──▶ published
//!                              ▲                     │                     │
//!                              └──request changes────┘                  correct
//! any status but published ──discard──▶ discarded
//! ```

use super::claim::{Action, Claim, Correction, Decision, Evidence, HistoryEntry, Review, Status};
use super::claim::{CorrectionKind, Priority, RightOfReply};
use super::desk::DeskConfig;
use chrono::{DateTime, NaiveDate, Utc};

mod blockers;

pub use blockers::{
    claimreview_source_gaps, publish_blockers, publisher_url_problem, reply_blocker, Blocker,
    ClaimReviewGap,
};

/// One step a person takes on a claim.
#[derive(Debug, Clone)]
pub enum Step {
    /// Gives the claim to a researcher, with an optional due date and priority.
    Assign {
        to: String,
        due: Option<NaiveDate>,
        priority: Option<Priority>,
    },
    StartResearch,
    AddEvidence(Evidence),
    Rate {
        rating: String,
        summary: String,
    },
    Submit,
    Review {
        decision: Decision,
        note: Option<String>,
    },
    Publish(PublishFacts),
    Correct {
        note: String,
        rating: Option<String>,
        summary: Option<String>,
        /// Who really said the quote, when the published speaker was wrong.
        speaker: Option<String>,
        /// A correction (the verdict or a fact was wrong) or an update
        /// (new information; the verdict stands: no new rating).
        kind: CorrectionKind,
    },
    Discard {
        reason: String,
    },
    /// Appends a paragraph to the research notes (what was checked, what must be).
    Note {
        text: String,
    },
    /// Right of reply: the person checked was contacted and may answer until `deadline`.
    RequestReply {
        contacted: String,
        via: String,
        deadline: NaiveDate,
    },
    /// Right of reply: their answer.
    RecordReply {
        answer: String,
    },
    /// Right of reply: the deadline passed without an answer.
    NoReply,
    /// Adds and removes tags (any status).
    Tag {
        add: Vec<String>,
        remove: Vec<String>,
    },
}

impl Step {
    /// The command name, as the CLI spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Step::Assign { .. } => "assign",
            Step::StartResearch => "research",
            Step::AddEvidence(_) => "evidence add",
            Step::Rate { .. } => "rate",
            Step::Submit => "submit",
            Step::Review { .. } => "review",
            Step::Publish(_) => "publish",
            Step::Correct { .. } => "correct",
            Step::Discard { .. } => "discard",
            Step::Note { .. } => "note",
            Step::RequestReply { .. } | Step::RecordReply { .. } | Step::NoReply => "reply",
            Step::Tag { .. } => "tag",
        }
    }
}

/// What publication needs to know beyond the claim: the source it quotes
/// (a ClaimReview names where the claim appeared and when) and whether the
/// desk chose to publish without a ClaimReview.
#[derive(Debug, Clone, Default)]
pub struct PublishFacts {
    /// The source's `url`, when it has one.
    pub source_url: Option<String>,
    /// The source's publication date, when it has one.
    pub source_date: Option<NaiveDate>,
    /// Publish even though no ClaimReview can describe the check (`--no-claimreview`).
    pub no_claimreview: bool,
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkflowError {
    #[error("cannot {step} a claim that is {status}; allowed next: {}", allowed.join(", "))]
    WrongStatus {
        step: &'static str,
        status: Status,
        allowed: Vec<&'static str>,
    },
    #[error("{rating:?} is not on this desk's rating scale; use one of: {}", scale.join(", "))]
    UnknownRating { rating: String, scale: Vec<String> },
    #[error("{what} cannot be empty")]
    Empty { what: &'static str },
    #[error("{what} {text:?} is a placeholder, not text a reader can use")]
    Placeholder { what: &'static str, text: String },
    #[error("cannot {step} yet: {}", join(missing))]
    NotReady {
        step: &'static str,
        missing: Vec<Blocker>,
    },
    #[error(
        "{who} set the rating and cannot approve it: another editor must review (four-eyes rule)"
    )]
    SelfApproval { who: String },
    #[error("{who} already approved this round of review")]
    DuplicateApproval { who: String },
    #[error("an update keeps the verdict: a new rating is a correction (leave out --update)")]
    UpdateChangesRating,
    #[error("an update adds information: a wrong speaker is a correction (leave out --update)")]
    UpdateChangesSpeaker,
    #[error("the correction changes nothing: the rating is already {rating:?}")]
    SameRating { rating: String },
    #[error("nobody has been contacted for a right of reply yet")]
    ReplyNotRequested,
    #[error("the reply deadline is {deadline}: \"no reply\" can be recorded from {} on", deadline.succ_opt().unwrap_or(*deadline))]
    DeadlineNotPassed { deadline: NaiveDate },
    #[error("tag {tag:?} is not valid: tags are lower-case words joined by '-'")]
    BadTag { tag: String },
    #[error("the tags change nothing: the claim's tags are {}", if tags.is_empty() { "none".to_string() } else { tags.join(", ") })]
    TagsUnchanged { tags: Vec<String> },
}

/// `items` joined by "; ".
fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Steps allowed from `status`, as CLI command names.
pub fn allowed_steps(status: Status) -> Vec<&'static str> {
    match status {
        Status::Candidate => vec!["assign", "note", "reply", "research", "discard"],
        Status::Researching => vec![
            "assign",
            "note",
            "reply",
            "evidence add",
            "rate",
            "submit",
            "discard",
        ],
        Status::InReview => vec!["assign", "note", "reply", "review", "publish", "discard"],
        Status::Published => vec!["correct"],
        Status::Discarded => vec![],
    }
}

fn require(step: &Step, status: Status, ok: &[Status]) -> Result<(), WorkflowError> {
    if ok.contains(&status) {
        Ok(())
    } else {
        Err(WorkflowError::WrongStatus {
            step: step.name(),
            status,
            allowed: allowed_steps(status),
        })
    }
}

fn non_empty(s: &str, what: &'static str) -> Result<(), WorkflowError> {
    if s.trim().is_empty() {
        Err(WorkflowError::Empty { what })
    } else {
        Ok(())
    }
}

/// Whether `text` is a placeholder rather than public text: nothing but
/// punctuation and spaces (`…`, `...`, `-`), or `TODO`, `TBD`, `xxx`, …
pub fn is_placeholder(text: &str) -> bool {
    let core: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !is_dash_or_ellipsis(*c))
        .collect::<String>()
        .to_lowercase();
    core.is_empty()
        || [
            "todo",
            "tbd",
            "tba",
            "fixme",
            "placeholder",
            "lorem",
            "loremipsum",
        ]
        .contains(&core.as_str())
        || (core.chars().all(|c| c == 'x') && core.len() >= 2)
}

fn is_dash_or_ellipsis(c: char) -> bool {
    matches!(c, '…' | '–' | '—' | '‘' | '’' | '“' | '”' | '«' | '»' | '·')
}

/// Public text (a summary, a correction note): not empty, not a placeholder.
fn public_text(s: &str, what: &'static str) -> Result<(), WorkflowError> {
    non_empty(s, what)?;
    if is_placeholder(s) {
        return Err(WorkflowError::Placeholder {
            what,
            text: s.trim().to_string(),
        });
    }
    Ok(())
}

/// How the `published` history entry of a check published with
/// `--no-claimreview` begins: the record states the waiver there.
pub const NO_CLAIMREVIEW_NOTE: &str = "published without ClaimReview";

/// Whether the desk chose to publish `claim` without a ClaimReview
/// (`factdesk publish --no-claimreview`): its latest `published` history
/// entry says so. Reports emit none for it and mention it once.
pub fn published_without_claimreview(claim: &Claim) -> bool {
    claim
        .history
        .iter()
        .rev()
        .find(|h| h.action == Action::Published)
        .and_then(|h| h.note.as_deref())
        .is_some_and(|n| n.starts_with(NO_CLAIMREVIEW_NOTE))
}

/// Whether `actor` may approve `claim` now: it is in review, `actor` has not
/// approved it in this round, and (unless the desk's `rater_may_approve`)
/// did not rate it. The review step and `status` both ask this.
/// Asked of a claim in brief (see [`super::Brief`]), which keeps the rater
/// and the approvals that stand.
pub fn may_approve(claim: &super::Brief, actor: &str, rules: &super::desk::PublishRules) -> bool {
    claim.status == Status::InReview
        && rules.counted_approvals(&[actor], claim.rater.as_deref()) == 1
        && !claim.has_approved(actor)
}

/// Applies `step` by `actor` at `now`, appending the history entry.
pub fn apply(
    claim: &mut Claim,
    step: Step,
    actor: &str,
    now: DateTime<Utc>,
    desk: &DeskConfig,
) -> Result<(), WorkflowError> {
    let from = claim.status;
    let mut entry = HistoryEntry::new(now, actor, Action::Edited);
    let mut to = None;
    match &step {
        Step::Assign {
            to: who,
            due,
            priority,
        } => {
            require(&step, from, OPEN)?;
            non_empty(who, "the assignee")?;
            claim.assignee = Some(who.clone());
            let mut note = format!("assigned to {who}");
            if let Some(d) = due {
                claim.due = Some(*d);
                note.push_str(&format!(", due {d}"));
            }
            if let Some(p) = priority {
                claim.priority = Some(*p);
                note.push_str(&format!(", priority {}", p.as_str()));
            }
            entry.action = Action::Assigned;
            entry.note = Some(note);
        }
        Step::RequestReply { .. } | Step::RecordReply { .. } | Step::NoReply => {
            require(&step, from, OPEN)?;
            reply(claim, &step, &mut entry, now)?;
        }
        Step::Tag { add, remove } => tags::tag(claim, add, remove, &mut entry)?,
        Step::StartResearch => {
            require(&step, from, &[Status::Candidate])?;
            entry.action = Action::ResearchStarted;
            to = Some(Status::Researching);
        }
        Step::AddEvidence(ev) => {
            require(&step, from, &[Status::Researching])?;
            non_empty(&ev.title, "the evidence title")?;
            non_empty(&ev.publisher, "the evidence publisher")?;
            entry.action = Action::EvidenceAdded;
            entry.note = Some(ev.url.clone());
            claim.evidence.push(ev.clone());
        }
        Step::Rate { rating, summary } => {
            require(&step, from, &[Status::Researching])?;
            check_rating(rating, desk)?;
            public_text(summary, "the summary")?;
            claim.rating = Some(rating.clone());
            claim.summary = Some(summary.clone());
            entry.action = Action::Rated;
            entry.rating = Some(rating.clone());
        }
        Step::Submit => {
            require(&step, from, &[Status::Researching])?;
            let missing: Vec<Blocker> = publish_blockers(claim, desk)
                .into_iter()
                .filter(|b| !b.allows_review())
                .collect();
            if !missing.is_empty() {
                return Err(WorkflowError::NotReady {
                    step: "submit",
                    missing,
                });
            }
            entry.action = Action::Submitted;
            to = Some(Status::InReview);
        }
        Step::Review { decision, note } => {
            require(&step, from, &[Status::InReview])?;
            if *decision == Decision::Approved {
                if desk.publish.counted_approvals(&[actor], claim.rater()) == 0 {
                    return Err(WorkflowError::SelfApproval {
                        who: actor.to_string(),
                    });
                }
                if claim.has_approved(actor) {
                    return Err(WorkflowError::DuplicateApproval {
                        who: actor.to_string(),
                    });
                }
            } else {
                non_empty(note.as_deref().unwrap_or(""), "a request for changes' note")?;
                to = Some(Status::Researching);
            }
            claim.reviews.push(Review {
                by: actor.to_string(),
                at: now,
                decision: *decision,
                note: note.clone(),
                digest: (*decision == Decision::Approved).then(|| claim.approval_digest()),
            });
            entry.action = Action::Reviewed;
            entry.note = Some(match note {
                Some(n) => format!("{}: {n}", decision.as_str()),
                None => decision.as_str().to_string(),
            });
        }
        Step::Publish(facts) => {
            require(&step, from, &[Status::InReview])?;
            let mut missing = publish_blockers(claim, desk);
            missing.extend(publisher_url_problem(&desk.publisher.url));
            let gaps = claimreview_source_gaps(
                facts.source_url.as_deref(),
                claim.said_on.or(facts.source_date).is_some(),
                &claim.source,
            );
            if facts.no_claimreview {
                entry.note = Some(if gaps.is_empty() {
                    format!("{NO_CLAIMREVIEW_NOTE} (--no-claimreview)")
                } else {
                    format!("{NO_CLAIMREVIEW_NOTE}: {}", join(&gaps))
                });
            } else {
                missing.extend(gaps.into_iter().map(Blocker::NoClaimReview));
            }
            if !missing.is_empty() {
                return Err(WorkflowError::NotReady {
                    step: "publish",
                    missing,
                });
            }
            entry.action = Action::Published;
            to = Some(Status::Published);
        }
        Step::Correct {
            note,
            rating,
            summary,
            speaker,
            kind,
        } => {
            require(&step, from, &[Status::Published])?;
            public_text(note, "the correction note")?;
            if *kind == CorrectionKind::Update && rating.is_some() {
                return Err(WorkflowError::UpdateChangesRating);
            }
            let speaker = speaker.as_ref().filter(|s| **s != claim.speaker);
            if *kind == CorrectionKind::Update && speaker.is_some() {
                return Err(WorkflowError::UpdateChangesSpeaker);
            }
            let mut previous_speaker = None;
            if let Some(s) = speaker {
                public_text(s, "the speaker")?;
                previous_speaker = Some(std::mem::replace(&mut claim.speaker, s.clone()));
            }
            let mut previous_rating = None;
            if let Some(r) = rating {
                check_rating(r, desk)?;
                if claim.rating.as_deref() == Some(r.as_str()) {
                    return Err(WorkflowError::SameRating { rating: r.clone() });
                }
                previous_rating = claim.rating.replace(r.clone());
                entry.rating = Some(r.clone());
            }
            let mut previous_summary = None;
            if let Some(s) = summary
                .as_ref()
                .filter(|s| claim.summary.as_ref() != Some(*s))
            {
                public_text(s, "the summary")?;
                previous_summary = claim.summary.replace(s.clone());
            }
            claim.corrections.push(Correction {
                at: now,
                by: actor.to_string(),
                kind: *kind,
                note: note.clone(),
                previous_rating,
                previous_summary,
                previous_speaker,
            });
            entry.action = Action::Corrected;
            entry.note = Some(note.clone());
        }
        Step::Note { text } => {
            require(
                &step,
                from,
                &[Status::Candidate, Status::Researching, Status::InReview],
            )?;
            non_empty(text, "the note")?;
            // Trailing blanks are invisible; without them the notes stay a
            // readable block of paragraphs on disk.
            let text = text
                .trim()
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n");
            let text = text.as_str();
            claim.notes = Some(match claim.notes.take() {
                Some(old) if !old.trim().is_empty() => format!("{old}\n\n{text}"),
                _ => text.to_string(),
            });
            entry.action = Action::Noted;
            entry.note = Some(text.to_string());
        }
        Step::Discard { reason } => {
            require(
                &step,
                from,
                &[Status::Candidate, Status::Researching, Status::InReview],
            )?;
            non_empty(reason, "the reason")?;
            entry.action = Action::Discarded;
            entry.note = Some(reason.clone());
            to = Some(Status::Discarded);
        }
    }
    if let Some(to) = to {
        entry.from = Some(from);
        entry.to = Some(to);
        claim.status = to;
    }
    claim.history.push(entry);
    Ok(())
}

/// Claims still open: neither published nor discarded.
const OPEN: &[Status] = &[Status::Candidate, Status::Researching, Status::InReview];

/// The three right-of-reply steps.
fn reply(
    claim: &mut Claim,
    step: &Step,
    entry: &mut HistoryEntry,
    now: DateTime<Utc>,
) -> Result<(), WorkflowError> {
    let today = now.date_naive();
    match step {
        Step::RequestReply {
            contacted,
            via,
            deadline,
        } => {
            non_empty(contacted, "the person contacted")?;
            non_empty(via, "the channel (--via)")?;
            claim.reply = Some(RightOfReply {
                contacted: contacted.trim().to_string(),
                via: via.trim().to_string(),
                asked_on: today,
                deadline: *deadline,
                answer: None,
                answered_on: None,
                no_reply: false,
            });
            entry.action = Action::ReplyRequested;
            entry.note = Some(format!(
                "contacted {} via {}, deadline {deadline}",
                contacted.trim(),
                via.trim()
            ));
        }
        Step::RecordReply { answer } => {
            non_empty(answer, "the answer")?;
            let r = claim
                .reply
                .as_mut()
                .ok_or(WorkflowError::ReplyNotRequested)?;
            r.answer = Some(answer.trim().to_string());
            r.answered_on = Some(today);
            entry.action = Action::Replied;
            entry.note = Some(answer.trim().to_string());
        }
        _ => {
            let r = claim
                .reply
                .as_mut()
                .ok_or(WorkflowError::ReplyNotRequested)?;
            if today <= r.deadline {
                return Err(WorkflowError::DeadlineNotPassed {
                    deadline: r.deadline,
                });
            }
            r.no_reply = true;
            entry.action = Action::NoReply;
            entry.note = Some(format!("no reply from {} by {}", r.contacted, r.deadline));
        }
    }
    Ok(())
}

fn check_rating(rating: &str, desk: &DeskConfig) -> Result<(), WorkflowError> {
    if desk.rating_scale.get(rating).is_some() {
        Ok(())
    } else {
        Err(WorkflowError::UnknownRating {
            rating: rating.to_string(),
            scale: desk
                .rating_scale
                .keys()
                .iter()
                .map(|s| s.to_string())
                .collect(),
        })
    }
}

mod tags;

#[cfg(test)]
pub(crate) mod tests;

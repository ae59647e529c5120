//! What keeps a claim from being submitted or published, as typed data. The
//! model decides; each command words it: the CLI adds the command that fixes
//! each blocker, `check` turns published claims' blockers into diagnostics,
//! the report says why no ClaimReview can be written.

use super::super::claim::Claim;
use super::super::desk::{DeskConfig, PublishRules};
use super::is_placeholder;
use chrono::NaiveDate;

/// One thing a claim still lacks before publication.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Blocker {
    #[error("no rating")]
    NoRating,
    #[error("rating {rating:?} is not on the desk's scale")]
    RatingOffScale { rating: String },
    #[error("no summary")]
    NoSummary,
    #[error("the summary {text:?} is a placeholder")]
    PlaceholderSummary { text: String },
    #[error("{have} evidence item(s), the desk requires {need}")]
    TooFewEvidence { have: u32, need: u32 },
    #[error("nobody has been offered a right of reply")]
    ReplyNotOffered,
    #[error("waiting for {contacted}'s reply (deadline {deadline})")]
    ReplyPending {
        contacted: String,
        deadline: NaiveDate,
    },
    #[error("{have} approval(s) by someone other than the rater in this review round, the desk requires {need}")]
    TooFewApprovals { have: u32, need: u32 },
    #[error("the publisher URL {url:?} in factdesk.yaml is on {host:?}, a host reserved for examples or private networks; readers and aggregators cannot reach it")]
    PublisherUrlReserved { url: String, host: String },
    #[error("no ClaimReview could describe it: {0}")]
    NoClaimReview(ClaimReviewGap),
}

/// Why no ClaimReview can describe a check, as far as its source goes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimReviewGap {
    #[error("source {source_id:?} has no http(s) url for the ClaimReview's `appearance`")]
    SourceWithoutUrl { source_id: String },
    #[error("neither the claim's said_on nor its source's published date is set")]
    Undated,
}

impl Blocker {
    /// Whether the blocker still allows submitting for review: approvals come
    /// in review, and review may start while the right of reply is open.
    pub fn allows_review(&self) -> bool {
        matches!(
            self,
            Blocker::TooFewApprovals { .. }
                | Blocker::ReplyNotOffered
                | Blocker::ReplyPending { .. }
        )
    }
}

/// Why the publisher URL cannot appear in a ClaimReview (`None` when it can).
pub fn publisher_url_problem(url: &str) -> Option<Blocker> {
    super::super::url::reserved_host(url).map(|host| Blocker::PublisherUrlReserved {
        url: url.to_string(),
        host,
    })
}

/// What keeps a ClaimReview from describing a published check, as far as
/// the source is concerned: where and when the claim appeared.
pub fn claimreview_source_gaps(
    source_url: Option<&str>,
    dated: bool,
    source: &str,
) -> Vec<ClaimReviewGap> {
    let mut gaps = Vec::new();
    if source_url.is_none_or(|u| super::super::url::check_url(u).is_err()) {
        gaps.push(ClaimReviewGap::SourceWithoutUrl {
            source_id: source.to_string(),
        });
    }
    if !dated {
        gaps.push(ClaimReviewGap::Undated);
    }
    gaps
}

/// What a claim still lacks before it can be published under `desk`'s rules.
pub fn publish_blockers(claim: &Claim, desk: &DeskConfig) -> Vec<Blocker> {
    let rules = &desk.publish;
    let mut missing = Vec::new();
    match &claim.rating {
        None => missing.push(Blocker::NoRating),
        Some(r) if desk.rating_scale.get(r).is_none() => {
            missing.push(Blocker::RatingOffScale { rating: r.clone() })
        }
        Some(_) => {}
    }
    match claim.summary.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() && is_placeholder(s) => {
            missing.push(Blocker::PlaceholderSummary {
                text: s.to_string(),
            })
        }
        Some(s) if !s.is_empty() => {}
        _ => missing.push(Blocker::NoSummary),
    }
    let have = claim.evidence.len() as u32;
    if have < rules.min_evidence {
        missing.push(Blocker::TooFewEvidence {
            have,
            need: rules.min_evidence,
        });
    }
    missing.extend(reply_blocker(claim, rules));
    let have = rules.counted_approvals(&claim.current_approvers(), claim.rater());
    if have < rules.approvals {
        missing.push(Blocker::TooFewApprovals {
            have,
            need: rules.approvals,
        });
    }
    missing
}

/// What the right-of-reply rule still waits for, when the desk has it on.
pub fn reply_blocker(claim: &Claim, rules: &PublishRules) -> Option<Blocker> {
    if !rules.right_of_reply {
        return None;
    }
    match &claim.reply {
        None => Some(Blocker::ReplyNotOffered),
        Some(r) if !r.settled() => Some(Blocker::ReplyPending {
            contacted: r.contacted.clone(),
            deadline: r.deadline,
        }),
        Some(_) => None,
    }
}

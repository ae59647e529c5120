//! Whether each approval of a claim in review still binds what it approved:
//! an approval records a digest of the quote, claim text, rating, summary and
//! evidence ([`Claim::approval_digest`]); a change after it leaves it stale,
//! and an approval without a digest (written before digests existed, or by
//! hand) is legacy. Both are warnings here; `publish` counts neither a stale
//! approval nor, on a published claim, one the published content does not match.

use super::locate::{FieldPath, Target};
use super::rules::Sink;
use crate::diag::{Code, Remedy, Run};
use crate::model::{Claim, Decision, Status};

/// Warnings for the approvals of the current round of a claim in review.
pub fn approvals(sink: &mut Sink, c: &Claim) {
    if c.status != Status::InReview {
        return;
    }
    // Computed once, and only for a review that records a digest.
    let digest = std::cell::OnceCell::new();
    for (i, r) in c.reviews.iter().enumerate() {
        let current = c.current_reviews().any(|x| std::ptr::eq(x, r));
        if !current || r.decision != Decision::Approved {
            continue;
        }
        let at = FieldPath::top("reviews").index(i);
        let when = r.at.format("%Y-%m-%dT%H:%M:%SZ");
        match r.digest.as_deref() {
            None => sink.at_with(
                Code::ApprovalUnbound,
                &at,
                Target::Key,
                format!("the approval by {} at {when} records no digest of what it approved (legacy); it still counts", r.by),
                Remedy::text(format!("to bind it to the content, {} reviews again: ", r.by)).then_run(approve(&r.by, c)),
            ),
            Some(d) if d != digest.get_or_init(|| c.approval_digest()) => sink.at_with(
                Code::ApprovalStale,
                &at.key("digest"),
                Target::Value,
                format!("the approval by {} at {when} was given to other content: the quote, claim text, rating, summary or evidence changed since, so it no longer counts", r.by),
                Remedy::text("a new round of review is needed: ")
                    .then_run(approve(&r.by, c))
                    .then(" once the change is checked"),
            ),
            Some(_) => {}
        }
    }
}

/// `by` approving `c` again.
fn approve(by: &str, c: &Claim) -> Run {
    Run::Approve {
        by: by.to_string(),
        id: c.id.to_string(),
    }
}

//! Replay: a claim's history is the truth. Walking the history entries in
//! order through the state machine yields the status, the rating and who set
//! it, and the reviews and corrections each step recorded; any field of the
//! record that the replay does not explain is a finding. Pure data in, data
//! out: `check` places each finding on its field and reports it.

use super::claim::{Action, Claim, Decision, HistoryEntry, Status};
use super::workflow::allowed_steps;
use crate::diag::Code;

/// One thing the history does not explain.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable diagnostic code (documented in docs/diagnostics.md).
    pub code: Code,
    /// Top-level field of the record the finding is about.
    pub field: &'static str,
    /// Index into that field when it is a list.
    pub index: Option<usize>,
    pub message: String,
}

fn finding(code: Code, field: &'static str, index: Option<usize>, message: String) -> Finding {
    Finding {
        code,
        field,
        index,
        message,
    }
}

/// The workflow command that writes an entry with `action`, when the state
/// machine restricts it; `None` for entries allowed in any status.
fn step_of(action: Action) -> Option<&'static str> {
    match action {
        Action::Assigned => Some("assign"),
        Action::Noted => Some("note"),
        Action::ResearchStarted => Some("research"),
        Action::EvidenceAdded => Some("evidence add"),
        Action::Rated => Some("rate"),
        Action::Submitted => Some("submit"),
        Action::Reviewed => Some("review"),
        Action::Published => Some("publish"),
        Action::Corrected => Some("correct"),
        Action::Discarded => Some("discard"),
        Action::ReplyRequested | Action::Replied | Action::NoReply => Some("reply"),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// Replays `claim`'s history and lists what its fields claim that the
/// history does not explain. An empty history yields nothing here (`check`
/// reports it on its own).
pub fn replay(claim: &Claim) -> Vec<Finding> {
    let mut out = Vec::new();
    if claim.history.is_empty() {
        return out;
    }
    let mut status = Status::Candidate;
    let mut rating: Option<&str> = None;
    let mut reviewed = Vec::new();
    // Each `corrected` entry with the rating it found.
    let mut corrected: Vec<(&HistoryEntry, Option<&str>)> = Vec::new();
    let mut round: Vec<&str> = Vec::new();
    for (i, h) in claim.history.iter().enumerate() {
        let here = Some(i);
        if h.action == Action::Created {
            if i != 0 {
                out.push(finding(
                    Code::HistoryIllegalStep,
                    "history",
                    here,
                    format!("history entry {} is a second `created` entry", i + 1),
                ));
            }
            if let Some(to) = h.to {
                status = to;
                if to != Status::Candidate {
                    out.push(finding(
                        Code::HistoryIllegalStep,
                        "history",
                        here,
                        format!("the claim was created {to}; every claim starts as a candidate"),
                    ));
                }
            }
            continue;
        }
        if i == 0 {
            out.push(finding(
                Code::HistoryIllegalStep,
                "history",
                here,
                "the history does not start with a `created` entry".into(),
            ));
        }
        if let Some(step) = step_of(h.action) {
            if !allowed_steps(status).contains(&step) {
                out.push(finding(
                    Code::HistoryIllegalStep,
                    "history",
                    here,
                    format!(
                        "history entry {} ({}) is not allowed from {status}; allowed next: {}",
                        i + 1,
                        h.action.as_str(),
                        list(&allowed_steps(status))
                    ),
                ));
            }
        }
        if let Some(from) = h.from {
            if from != status {
                out.push(finding(
                    Code::HistoryIllegalStep,
                    "history",
                    here,
                    format!(
                        "history entry {} says it left {from}, but the claim was {status}",
                        i + 1
                    ),
                ));
            }
        }
        if let Some(problem) = transition_problem(h, status) {
            out.push(finding(
                Code::HistoryIllegalStep,
                "history",
                here,
                format!("history entry {} ({}) {problem}", i + 1, h.action.as_str()),
            ));
        }
        if let Some(problem) = rating_problem(h) {
            out.push(finding(
                Code::HistoryIllegalStep,
                "history",
                here,
                format!("history entry {} ({}) {problem}", i + 1, h.action.as_str()),
            ));
        }
        if let Some(problem) = approval_problem(h, &mut round) {
            out.push(finding(
                Code::HistoryIllegalStep,
                "history",
                here,
                format!("history entry {} {problem}", i + 1),
            ));
        }
        if let Some(to) = h.to {
            status = to;
        }
        match h.action {
            Action::Reviewed => reviewed.push(h),
            Action::Corrected => corrected.push((h, rating)),
            _ => {}
        }
        if h.rating.is_some() {
            rating = h.rating.as_deref();
        }
    }
    if claim.rating.as_deref() != rating {
        let msg = match (claim.rating.as_deref(), rating) {
            (Some(r), None) => format!("rating is {r:?} but no history entry set a rating"),
            (r, h) => format!("rating is {} but the history last set {}", show(r), show(h)),
        };
        out.push(finding(Code::RatingUnexplained, "rating", None, msg));
    }
    mirror(
        &mut out,
        "reviews",
        "reviewed",
        claim.reviews.iter().map(|r| (r.by.as_str(), r.at)),
        &reviewed,
    );
    for (i, (r, h)) in claim.reviews.iter().zip(&reviewed).enumerate() {
        let said = h.note.as_deref().unwrap_or("");
        if r.by == h.by && r.at == h.at && !said.starts_with(r.decision.as_str()) {
            out.push(finding(
                Code::ListUnexplained,
                "reviews",
                Some(i),
                format!(
                    "reviews item {} says {} but its `reviewed` history entry says {said:?}",
                    i + 1,
                    r.decision.as_str()
                ),
            ));
        }
    }
    out.extend(reply_findings(claim));
    mirror(
        &mut out,
        "corrections",
        "corrected",
        claim.corrections.iter().map(|c| (c.by.as_str(), c.at)),
        &corrected.iter().map(|(h, _)| *h).collect::<Vec<_>>(),
    );
    for (i, (k, (h, found))) in claim.corrections.iter().zip(&corrected).enumerate() {
        if let Some(problem) = correction_problem(k, h, *found) {
            out.push(finding(
                Code::ListUnexplained,
                "corrections",
                Some(i),
                format!("corrections item {} {problem}", i + 1),
            ));
        }
    }
    for (i, k) in claim.corrections.iter().enumerate() {
        let entry_rated = corrected.get(i).is_some_and(|(h, _)| h.rating.is_some());
        if k.kind == super::CorrectionKind::Update && (k.previous_rating.is_some() || entry_rated) {
            out.push(finding(
                Code::UpdateChangedRating,
                "corrections",
                Some(i),
                format!(
                    "corrections item {} is an update but changed the rating; an update keeps the verdict, a changed verdict is a correction",
                    i + 1
                ),
            ));
        }
    }
    out
}

/// Each item of the list `field` must match, in order, one history entry
/// of its action (same editor, same time), and there are as many of each.
fn mirror<'a>(
    out: &mut Vec<Finding>,
    field: &'static str,
    action: &str,
    items: impl Iterator<Item = (&'a str, chrono::DateTime<chrono::Utc>)>,
    entries: &[&super::claim::HistoryEntry],
) {
    let mut n = 0;
    for (i, (by, at)) in items.enumerate() {
        n += 1;
        match entries.get(i) {
            Some(h) if h.by == by && h.at == at => {}
            Some(h) => out.push(finding(Code::ListUnexplained, field, Some(i), format!("{field} item {} ({by} at {at}) does not match `{action}` history entry {} ({} at {})", i + 1, i + 1, h.by, h.at))),
            None => out.push(finding(Code::ListUnexplained, field, Some(i), format!("{field} item {} ({by} at {at}) has no `{action}` entry in the history", i + 1))),
        }
    }
    if entries.len() > n {
        out.push(finding(
            Code::ListUnexplained,
            field,
            None,
            format!(
                "the history has {} `{action}` entries but {field} lists {n}",
                entries.len()
            ),
        ));
    }
}

/// The status change an entry's action makes, checked against the one the
/// entry records: only the workflow's own transitions move a claim.
fn transition_problem(h: &HistoryEntry, status: Status) -> Option<String> {
    let changes_requested = h
        .note
        .as_deref()
        .is_some_and(|n| n.starts_with(Decision::ChangesRequested.as_str()));
    let expected = match h.action {
        Action::ResearchStarted => Some(Status::Researching),
        Action::Submitted => Some(Status::InReview),
        Action::Reviewed if changes_requested => Some(Status::Researching),
        Action::Published => Some(Status::Published),
        Action::Discarded => Some(Status::Discarded),
        Action::Created => return None,
        _ => None,
    };
    match (expected, h.to) {
        (e, t) if e == t => None,
        (Some(e), None) => Some(format!("records no move to {e}")),
        (None, Some(t)) => Some(format!(
            "moves the claim from {status} to {t}, which this action never does"
        )),
        (Some(e), Some(t)) => Some(format!(
            "moves the claim to {t}; this action moves it to {e}"
        )),
        (None, None) => None,
    }
}

/// Only `rated` and `corrected` entries set a rating, and a `rated` entry
/// always does.
fn rating_problem(h: &HistoryEntry) -> Option<&'static str> {
    match (h.action, &h.rating) {
        (Action::Rated, None) => Some("records no rating"),
        (Action::Rated | Action::Corrected, _) | (_, None) => None,
        (_, Some(_)) => Some("sets a rating; only `rated` and `corrected` entries do"),
    }
}

/// One approval per editor per round of review: `submitted` opens a round,
/// and `review` refuses a second approval by the same editor in it.
fn approval_problem<'a>(h: &'a HistoryEntry, round: &mut Vec<&'a str>) -> Option<String> {
    match h.action {
        Action::Submitted => round.clear(),
        Action::Reviewed
            if h.note
                .as_deref()
                .is_some_and(|n| n.starts_with(Decision::Approved.as_str())) =>
        {
            if round.iter().any(|b| super::editor::same_editor(b, &h.by)) {
                return Some(format!(
                    "is a second approval by {} in one round of review, which `review` refuses",
                    h.by
                ));
            }
            round.push(&h.by);
        }
        _ => {}
    }
    None
}

/// A correction item must say what its `corrected` entry did: the same note,
/// and the rating it replaced exactly when the entry set a new one.
fn correction_problem(
    k: &super::Correction,
    h: &HistoryEntry,
    found: Option<&str>,
) -> Option<String> {
    if h.note.as_deref() != Some(k.note.as_str()) {
        return Some(format!(
            "has the note {:?} but its `corrected` history entry says {:?}",
            k.note,
            h.note.as_deref().unwrap_or("")
        ));
    }
    let replaced = h.rating.as_ref().and(found);
    let recorded = match &k.previous_rating {
        Some(r) => format!("records previous_rating {r:?}"),
        None => "records no previous_rating".to_string(),
    };
    if k.previous_rating.as_deref() != replaced {
        return Some(match replaced {
            Some(r) => format!("{recorded} but the rating it replaced was {r:?}"),
            None => format!("{recorded} but its `corrected` entry set no new rating"),
        });
    }
    None
}

/// The right of reply must be the one its entries recorded: requested,
/// then answered or closed without an answer.
fn reply_findings(claim: &Claim) -> Vec<Finding> {
    let has = |a: Action| claim.history.iter().any(|h| h.action == a);
    let mut out = Vec::new();
    let mut unexplained = |what: &str, action: Action| {
        out.push(finding(
            Code::ListUnexplained,
            "reply",
            None,
            format!(
                "{what} but no `{}` history entry records it",
                action.as_str()
            ),
        ))
    };
    match &claim.reply {
        None if has(Action::ReplyRequested) => out.push(finding(
            Code::ListUnexplained,
            "reply",
            None,
            "the history records a right-of-reply request but the record has no `reply`".into(),
        )),
        None => {}
        Some(r) => {
            if !has(Action::ReplyRequested) {
                unexplained(
                    &format!("reply says {} was contacted", r.contacted),
                    Action::ReplyRequested,
                );
            }
            if r.answer.is_some() && !has(Action::Replied) {
                unexplained("reply holds an answer", Action::Replied);
            }
            if r.no_reply && !has(Action::NoReply) {
                unexplained("reply says no answer came", Action::NoReply);
            }
        }
    }
    out
}

fn show(r: Option<&str>) -> String {
    r.map_or_else(|| "no rating".to_string(), |r| format!("{r:?}"))
}

fn list(steps: &[&str]) -> String {
    if steps.is_empty() {
        "nothing".into()
    } else {
        steps.join(", ")
    }
}

#[cfg(test)]
mod tests;

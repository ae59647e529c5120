use super::*;
use crate::model::{ClaimId, Location, RatingScale, Stance};
use chrono::{NaiveDate, TimeZone};

fn desk() -> DeskConfig {
    let mut d = DeskConfig::new("Test desk", RatingScale::default_scale());
    d.publisher.url = "https://checks.newsroom.fr/".into();
    d
}

/// Publication of a claim whose source has a link and a date.
fn publish() -> Step {
    Step::Publish(PublishFacts {
        source_url: Some("https://www.lepoint.fr/interview".into()),
        source_date: NaiveDate::from_ymd_opt(2023, 9, 14),
        no_claimreview: false,
    })
}

/// A fixed test time, `min` minutes after 10:00 on 2023-09-15 (shared
/// with the replay tests).
pub(crate) fn at(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 9, 15, 10, min, 0).unwrap()
}

/// A candidate claim with an empty history (shared with the replay tests).
pub(crate) fn claim() -> Claim {
    Claim {
        id: ClaimId::new("c-1").unwrap(),
        claim: "A claim".into(),
        quote: "A quote".into(),
        speaker: "Someone".into(),
        source: "src".into(),
        location: Location {
            line: 1,
            start: None,
            end: None,
        },
        said_on: None,
        tags: vec![],
        status: Status::Candidate,
        assignee: None,
        priority: None,
        due: None,
        rating: None,
        summary: None,
        notes: None,
        reply: None,
        triage: None,
        evidence: vec![],
        reviews: vec![],
        corrections: vec![],
        history: vec![],
    }
}

fn evidence() -> Evidence {
    Evidence {
        url: "https://example.org/doc".into(),
        title: "Doc".into(),
        publisher: "Org".into(),
        published: None,
        accessed: NaiveDate::from_ymd_opt(2023, 9, 15).unwrap(),
        archive: None,
        stance: Stance::Supports,
        note: None,
    }
}

fn ready_for_review() -> Claim {
    let d = desk();
    let mut c = claim();
    apply(&mut c, Step::StartResearch, "ana", at(1), &d).unwrap();
    apply(&mut c, Step::AddEvidence(evidence()), "ana", at(2), &d).unwrap();
    let rate = Step::Rate {
        rating: "accurate".into(),
        summary: "Yes.".into(),
    };
    apply(&mut c, rate, "ana", at(3), &d).unwrap();
    apply(&mut c, Step::Submit, "ana", at(4), &d).unwrap();
    c
}

#[test]
fn full_path_to_publication() {
    let d = desk();
    let mut c = ready_for_review();
    let approve = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    apply(&mut c, approve, "jo", at(5), &d).unwrap();
    apply(&mut c, publish(), "jo", at(6), &d).unwrap();
    assert_eq!(c.status, Status::Published);
    let actions: Vec<&str> = c.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "research-started",
            "evidence-added",
            "rated",
            "submitted",
            "reviewed",
            "published"
        ]
    );
    assert_eq!(c.status_from_history(), Some(Status::Published));
}

#[test]
fn wrong_order_names_the_allowed_steps() {
    let mut c = claim();
    let err = apply(&mut c, publish(), "ana", at(1), &desk()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot publish a claim that is candidate; allowed next: assign, note, reply, research, discard"
    );
    assert!(c.history.is_empty(), "a refused step leaves no trace");
}

#[test]
fn the_rater_cannot_approve() {
    let mut c = ready_for_review();
    let approve = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    let err = apply(&mut c, approve, "ana", at(5), &desk()).unwrap_err();
    assert!(matches!(err, WorkflowError::SelfApproval { .. }));
    let mut lenient = desk();
    lenient.publish.rater_may_approve = true;
    let approve = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    apply(&mut c, approve, "ana", at(5), &lenient).unwrap();
}

#[test]
fn changes_requested_sends_back_to_research_and_resets_approvals() {
    let d = desk();
    let mut c = ready_for_review();
    let ok = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    apply(&mut c, ok, "jo", at(5), &d).unwrap();
    let changes = Step::Review {
        decision: Decision::ChangesRequested,
        note: Some("cite the resolution".into()),
    };
    apply(&mut c, changes, "max", at(6), &d).unwrap();
    assert_eq!(c.status, Status::Researching);
    apply(&mut c, Step::Submit, "ana", at(7), &d).unwrap();
    let err = apply(&mut c, publish(), "ana", at(8), &d).unwrap_err();
    assert!(err.to_string().contains("0 approval(s)"), "{err}");
}

#[test]
fn publishing_needs_evidence_rating_and_approvals() {
    let d = desk();
    let mut c = claim();
    apply(&mut c, Step::StartResearch, "ana", at(1), &d).unwrap();
    let err = apply(&mut c, Step::Submit, "ana", at(2), &d).unwrap_err();
    let WorkflowError::NotReady { step, missing } = err else {
        panic!("{err}");
    };
    // Approvals come in review: they never block submitting.
    assert_eq!(step, "submit");
    assert_eq!(
        missing,
        [
            Blocker::NoRating,
            Blocker::NoSummary,
            Blocker::TooFewEvidence { have: 0, need: 1 }
        ]
    );
}

#[test]
fn unknown_rating_lists_the_scale() {
    let mut c = claim();
    apply(&mut c, Step::StartResearch, "ana", at(1), &desk()).unwrap();
    let rate = Step::Rate {
        rating: "true".into(),
        summary: "x".into(),
    };
    let err = apply(&mut c, rate, "ana", at(2), &desk()).unwrap_err();
    assert!(
        err.to_string().contains("accurate, mostly-accurate"),
        "{err}"
    );
}

#[test]
fn corrections_only_after_publication_and_change_the_rater() {
    let d = desk();
    let mut c = ready_for_review();
    let fix = Step::Correct {
        note: "x".into(),
        rating: None,
        summary: None,
        speaker: None,
        kind: Default::default(),
    };
    assert!(apply(&mut c, fix, "jo", at(5), &d).is_err());
    let ok = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    apply(&mut c, ok, "jo", at(5), &d).unwrap();
    apply(&mut c, publish(), "jo", at(6), &d).unwrap();
    let fix = Step::Correct {
        note: "A figure was wrong.".into(),
        rating: Some("mixed".into()),
        summary: None,
        speaker: None,
        kind: Default::default(),
    };
    apply(&mut c, fix, "jo", at(7), &d).unwrap();
    assert_eq!(c.rating.as_deref(), Some("mixed"));
    assert_eq!(
        c.corrections[0].previous_rating.as_deref(),
        Some("accurate")
    );
    assert_eq!(c.rater(), Some("jo"));
    let discard = Step::Discard { reason: "x".into() };
    assert!(apply(&mut c, discard, "jo", at(8), &d).is_err());
}

#[test]
fn placeholder_summaries_and_notes_are_refused() {
    for text in ["…", "...", "TODO", "tbd", "xxx", " - ", "«…»", "TODO."] {
        assert!(is_placeholder(text), "{text:?}");
    }
    for text in ["No.", "Wrong: 12%, not 20%.", "Oui", "x"] {
        assert!(!is_placeholder(text), "{text:?}");
    }
    let d = desk();
    let mut c = claim();
    apply(&mut c, Step::StartResearch, "ana", at(1), &d).unwrap();
    let err = apply(
        &mut c,
        Step::Rate {
            rating: "accurate".into(),
            summary: "…".into(),
        },
        "ana",
        at(2),
        &d,
    )
    .unwrap_err();
    assert!(matches!(err, WorkflowError::Placeholder { .. }), "{err}");
}

#[test]
fn publication_needs_a_real_publisher_and_a_describable_source() {
    let approve = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    let mut d = desk();
    d.publisher.url = "https://example.org/".into();
    let mut c = ready_for_review();
    apply(&mut c, approve.clone(), "jo", at(5), &d).unwrap();
    let err = apply(&mut c, publish(), "jo", at(6), &d).unwrap_err();
    assert!(err.to_string().contains("example.org"), "{err}");
    let d = desk();
    let bare = Step::Publish(PublishFacts::default());
    let err = apply(&mut c, bare, "jo", at(6), &d).unwrap_err();
    let WorkflowError::NotReady { step, missing } = err else {
        panic!("{err}");
    };
    assert_eq!(step, "publish");
    assert_eq!(
        missing,
        [
            Blocker::NoClaimReview(ClaimReviewGap::SourceWithoutUrl {
                source_id: c.source.clone()
            }),
            Blocker::NoClaimReview(ClaimReviewGap::Undated),
        ]
    );
    let waived = Step::Publish(PublishFacts {
        no_claimreview: true,
        ..PublishFacts::default()
    });
    apply(&mut c, waived, "jo", at(7), &d).unwrap();
    let note = c.history.last().and_then(|h| h.note.clone()).unwrap();
    assert!(note.contains("without ClaimReview"), "{note}");
}

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 9, d, 9, 0, 0).unwrap()
}

fn contact(deadline_day: u32) -> Step {
    Step::RequestReply {
        contacted: "Antoine Bondaz".into(),
        via: "email".into(),
        deadline: NaiveDate::from_ymd_opt(2023, 9, deadline_day).unwrap(),
    }
}

#[test]
fn right_of_reply_blocks_publication_until_settled() {
    let mut d = desk();
    d.publish.right_of_reply = true;
    let mut c = ready_for_review();
    let approve = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    apply(&mut c, approve, "jo", at(5), &d).unwrap();
    let err = apply(&mut c.clone(), publish(), "jo", at(6), &d).unwrap_err();
    assert!(err.to_string().contains("right of reply"), "{err}");
    apply(&mut c, contact(20), "ana", day(16), &d).unwrap();
    let err = apply(&mut c.clone(), publish(), "jo", day(17), &d).unwrap_err();
    assert!(
        err.to_string().contains("waiting for Antoine Bondaz"),
        "{err}"
    );
    let answer = Step::RecordReply {
        answer: "I stand by it.".into(),
    };
    apply(&mut c, answer, "ana", day(18), &d).unwrap();
    apply(&mut c, publish(), "jo", day(19), &d).unwrap();
    let r = c.reply.as_ref().unwrap();
    assert_eq!(r.answer.as_deref(), Some("I stand by it."));
    let actions: Vec<_> = c.history.iter().map(|h| h.action).collect();
    assert!(actions.contains(&Action::ReplyRequested) && actions.contains(&Action::Replied));
}

#[test]
fn no_reply_only_after_the_deadline() {
    let mut d = desk();
    d.publish.right_of_reply = true;
    let mut c = claim();
    assert_eq!(
        apply(&mut c, Step::NoReply, "ana", day(16), &d),
        Err(WorkflowError::ReplyNotRequested)
    );
    apply(&mut c, contact(20), "ana", day(16), &d).unwrap();
    let err = apply(&mut c, Step::NoReply, "ana", day(20), &d).unwrap_err();
    assert!(matches!(err, WorkflowError::DeadlineNotPassed { .. }));
    assert_eq!(c.history.len(), 1, "a refused step leaves no entry");
    apply(&mut c, Step::NoReply, "ana", day(21), &d).unwrap();
    assert!(c.reply.as_ref().unwrap().settled());
    assert_eq!(c.history.last().unwrap().action, Action::NoReply);
}

#[test]
fn submission_does_not_wait_for_the_reply() {
    let mut d = desk();
    d.publish.right_of_reply = true;
    let mut c = claim();
    apply(&mut c, Step::StartResearch, "ana", at(1), &d).unwrap();
    apply(&mut c, Step::AddEvidence(evidence()), "ana", at(2), &d).unwrap();
    let rate = Step::Rate {
        rating: "accurate".into(),
        summary: "Yes.".into(),
    };
    apply(&mut c, rate, "ana", at(3), &d).unwrap();
    apply(&mut c, Step::Submit, "ana", at(4), &d).unwrap();
    assert_eq!(c.status, Status::InReview);
}

#[test]
fn assign_sets_due_date_and_priority() {
    let d = desk();
    let mut c = claim();
    let step = Step::Assign {
        to: "ana".into(),
        due: NaiveDate::from_ymd_opt(2023, 9, 20),
        priority: Some(Priority::High),
    };
    apply(&mut c, step, "jo", at(1), &d).unwrap();
    assert_eq!(c.priority, Some(Priority::High));
    assert_eq!(c.due, NaiveDate::from_ymd_opt(2023, 9, 20));
    assert_eq!(
        c.history[0].note.as_deref(),
        Some("assigned to ana, due 2023-09-20, priority high")
    );
}

#[test]
fn an_approval_binds_the_content_it_approved() {
    let desk = desk();
    let mut c = ready_for_review();
    apply(
        &mut c,
        Step::Review {
            decision: Decision::Approved,
            note: None,
        },
        "jo",
        at(20),
        &desk,
    )
    .unwrap();
    assert_eq!(
        c.reviews[0].digest.as_deref(),
        Some(c.approval_digest().as_str())
    );
    assert_eq!(c.current_approvers(), ["jo"]);
    let changes: [fn(&mut Claim); 5] = [
        |c| c.summary = Some("Another summary.".into()),
        |c| c.quote.push('!'),
        |c| c.claim.push('!'),
        |c| c.rating = Some("mixed".into()),
        |c| c.evidence[0].stance = Stance::Refutes,
    ];
    for change in changes {
        let mut changed = c.clone();
        change(&mut changed);
        assert!(
            changed.current_approvers().is_empty(),
            "{:?}",
            changed.reviews
        );
        assert!(!publish_blockers(&changed, &desk).is_empty());
    }
    // A legacy approval (no digest) still counts.
    let mut legacy = c.clone();
    legacy.reviews[0].digest = None;
    legacy.summary = Some("Another summary.".into());
    assert_eq!(legacy.current_approvers(), ["jo"]);
}

#[test]
fn an_update_keeps_the_verdict_and_keeps_the_replaced_summary() {
    use crate::model::CorrectionKind;
    let d = desk();
    let mut c = ready_for_review();
    let ok = Step::Review {
        decision: Decision::Approved,
        note: None,
    };
    apply(&mut c, ok, "jo", at(5), &d).unwrap();
    apply(&mut c, publish(), "jo", at(6), &d).unwrap();
    let before = c.summary.clone();
    let rerate = Step::Correct {
        note: "New figures came out.".into(),
        rating: Some("mixed".into()),
        summary: None,
        speaker: None,
        kind: CorrectionKind::Update,
    };
    assert_eq!(
        apply(&mut c, rerate, "jo", at(7), &d),
        Err(WorkflowError::UpdateChangesRating)
    );
    let update = Step::Correct {
        note: "The 2024 figures confirm it.".into(),
        rating: None,
        summary: Some("Confirmed by the 2024 figures.".into()),
        speaker: None,
        kind: CorrectionKind::Update,
    };
    apply(&mut c, update, "jo", at(8), &d).unwrap();
    let k = &c.corrections[0];
    assert_eq!(k.kind, CorrectionKind::Update);
    assert_eq!(k.previous_summary, before);
    assert_eq!(k.previous_rating, None);
    assert_eq!(c.summary.as_deref(), Some("Confirmed by the 2024 figures."));
}

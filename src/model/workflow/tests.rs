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

fn at(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 9, 15, 10, min, 0).unwrap()
}

fn claim() -> Claim {
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
        rating: None,
        summary: None,
        notes: None,
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
        "cannot publish a claim that is candidate; allowed next: assign, note, research, discard"
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
    let text = err.to_string();
    assert!(
        text.contains("no rating") && text.contains("0 evidence item(s)"),
        "{text}"
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
    assert!(err.to_string().contains("--no-claimreview"), "{err}");
    let waived = Step::Publish(PublishFacts {
        no_claimreview: true,
        ..PublishFacts::default()
    });
    apply(&mut c, waived, "jo", at(7), &d).unwrap();
    let note = c.history.last().and_then(|h| h.note.clone()).unwrap();
    assert!(note.contains("without ClaimReview"), "{note}");
}

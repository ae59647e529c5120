use super::*;
use crate::diag::Code;
use crate::model::workflow::tests::{at, claim};
use crate::model::workflow::{apply, Step};
use crate::model::{Decision, DeskConfig, Evidence, HistoryEntry, RatingScale, Review, Stance};
use chrono::NaiveDate;

/// A fresh candidate with its `created` entry, built on the workflow
/// tests' claim fixture.
fn created() -> Claim {
    Claim {
        history: vec![HistoryEntry {
            to: Some(Status::Candidate),
            ..HistoryEntry::new(at(0), "ana", Action::Created)
        }],
        ..claim()
    }
}

/// A claim taken through every tool step, with a round of changes requested
/// and a correction after publication.
fn published() -> Claim {
    let mut d = DeskConfig::new("Test desk", RatingScale::default_scale());
    d.publisher.url = "https://checks.newsroom.fr/".into();
    let mut c = created();
    let ev = Evidence {
        url: "https://example.org/doc".into(),
        title: "Doc".into(),
        publisher: "Org".into(),
        published: None,
        accessed: NaiveDate::from_ymd_opt(2023, 9, 15).unwrap(),
        archive: None,
        stance: Stance::Supports,
        note: None,
    };
    let rate = |r: &str| Step::Rate {
        rating: r.into(),
        summary: "Yes.".into(),
    };
    let review = |d| Step::Review {
        decision: d,
        note: Some("see notes".into()),
    };
    let steps = vec![
        (
            Step::Assign {
                to: "ana".into(),
                due: None,
                priority: None,
            },
            "jo",
        ),
        (Step::StartResearch, "ana"),
        (
            Step::Note {
                text: "to check".into(),
            },
            "ana",
        ),
        (Step::AddEvidence(ev), "ana"),
        (rate("accurate"), "ana"),
        (Step::Submit, "ana"),
        (review(Decision::ChangesRequested), "jo"),
        (rate("mostly-accurate"), "ana"),
        (Step::Submit, "ana"),
        (review(Decision::Approved), "jo"),
        (
            Step::Publish(crate::model::workflow::PublishFacts {
                source_url: Some("https://media.example.org/interview".into()),
                source_date: chrono::NaiveDate::from_ymd_opt(2023, 9, 14),
                no_claimreview: false,
            }),
            "jo",
        ),
        (
            Step::Correct {
                note: "new figures".into(),
                rating: Some("accurate".into()),
                summary: None,
                speaker: None,
                kind: Default::default(),
            },
            "ana",
        ),
    ];
    for (i, (s, who)) in steps.into_iter().enumerate() {
        apply(&mut c, s, who, at(i as u32 + 1), &d).unwrap();
    }
    c
}

fn codes(c: &Claim) -> Vec<Code> {
    replay(c).into_iter().map(|f| f.code).collect()
}

#[test]
fn every_tool_step_replays_cleanly() {
    assert_eq!(replay(&created()), vec![]);
    assert_eq!(replay(&published()), vec![]);
}

#[test]
fn a_hand_written_review_is_not_explained() {
    let mut c = published();
    c.reviews.push(Review {
        by: "lu".into(),
        at: at(11),
        decision: Decision::Approved,
        note: None,
        digest: None,
    });
    assert_eq!(codes(&c), [Code::ListUnexplained]);
    let mut c = published();
    c.reviews[1].by = "lu".into();
    assert_eq!(codes(&c), [Code::ListUnexplained]);
    let mut c = published();
    c.reviews[1].at = at(3);
    assert_eq!(codes(&c), [Code::ListUnexplained]);
    let mut c = published();
    c.reviews.remove(0);
    assert!(codes(&c).contains(&Code::ListUnexplained));
}

#[test]
fn a_rating_no_entry_set_is_not_explained() {
    let mut c = published();
    c.rating = Some("false".into());
    assert_eq!(codes(&c), [Code::RatingUnexplained]);
    let mut c = created();
    c.rating = Some("false".into());
    assert_eq!(codes(&c), [Code::RatingUnexplained]);
}

#[test]
fn a_removed_or_forged_correction_is_not_explained() {
    let mut c = published();
    c.corrections.clear();
    assert_eq!(codes(&c), [Code::ListUnexplained]);
    let mut c = published();
    c.corrections[0].by = "jo".into();
    assert_eq!(codes(&c), [Code::ListUnexplained]);
}

#[test]
fn jumps_the_state_machine_does_not_allow_are_illegal() {
    // published → discarded
    let mut c = published();
    c.history.push(HistoryEntry {
        from: Some(Status::Published),
        to: Some(Status::Discarded),
        ..HistoryEntry::new(at(30), "jo", Action::Discarded)
    });
    c.status = Status::Discarded;
    assert_eq!(codes(&c), [Code::HistoryIllegalStep]);
    // discarded → research again
    let mut c = created();
    c.history.push(HistoryEntry {
        from: Some(Status::Candidate),
        to: Some(Status::Discarded),
        ..HistoryEntry::new(at(1), "jo", Action::Discarded)
    });
    c.history.push(HistoryEntry {
        from: Some(Status::Discarded),
        to: Some(Status::Researching),
        ..HistoryEntry::new(at(2), "jo", Action::ResearchStarted)
    });
    assert_eq!(codes(&c), [Code::HistoryIllegalStep]);
    // a claim that arrives published
    let mut c = created();
    c.history[0].to = Some(Status::Published);
    assert_eq!(codes(&c), [Code::HistoryIllegalStep]);
    // an entry that claims to leave a status the claim was not in
    let mut c = created();
    c.history.push(HistoryEntry {
        from: Some(Status::InReview),
        to: Some(Status::Researching),
        ..HistoryEntry::new(at(1), "jo", Action::ResearchStarted)
    });
    assert_eq!(codes(&c), [Code::HistoryIllegalStep]);
    // history without its `created` entry
    let mut c = published();
    c.history.remove(0);
    assert!(codes(&c).contains(&Code::HistoryIllegalStep));
}

#[test]
fn an_entry_may_move_the_claim_only_as_its_action_does() {
    // A hand-written `edited` entry that brings a discarded claim back.
    let mut c = created();
    c.history.push(HistoryEntry {
        from: Some(Status::Candidate),
        to: Some(Status::Discarded),
        note: Some("duplicate".into()),
        ..HistoryEntry::new(at(1), "ana", Action::Discarded)
    });
    c.history.push(HistoryEntry {
        from: Some(Status::Discarded),
        to: Some(Status::Researching),
        ..HistoryEntry::new(at(2), "ana", Action::Edited)
    });
    c.status = Status::Researching;
    let found = replay(&c);
    assert!(
        found.iter().any(|f| f.code == Code::HistoryIllegalStep
            && f.index == Some(2)
            && f.message.contains("which this action never does")),
        "{found:?}"
    );
    // A `published` entry that does not say where it went.
    let mut p = published();
    if let Some(h) = p.history.iter_mut().find(|h| h.action == Action::Published) {
        h.to = None;
    }
    assert!(
        codes(&p).contains(&Code::HistoryIllegalStep),
        "{:?}",
        replay(&p)
    );
}

#[test]
fn a_review_whose_decision_differs_from_its_entry_is_not_explained() {
    let mut c = published();
    let i = c
        .reviews
        .iter()
        .position(|r| r.decision == Decision::ChangesRequested)
        .unwrap();
    c.reviews[i].decision = Decision::Approved;
    let found = replay(&c);
    assert!(
        found.iter().any(|f| f.field == "reviews"
            && f.index == Some(i)
            && f.message.contains("says approved")),
        "{found:?}"
    );
}

#[test]
fn a_reply_no_entry_recorded_is_not_explained() {
    let mut c = created();
    c.reply = Some(crate::model::RightOfReply {
        contacted: "Office of the minister".into(),
        via: "email".into(),
        asked_on: NaiveDate::from_ymd_opt(2023, 9, 15).unwrap(),
        deadline: NaiveDate::from_ymd_opt(2023, 9, 18).unwrap(),
        answer: Some("We stand by the figure.".into()),
        answered_on: None,
        no_reply: false,
    });
    let found = replay(&c);
    let reply: Vec<_> = found.iter().filter(|f| f.field == "reply").collect();
    assert_eq!(reply.len(), 2, "{found:?}");
    assert!(reply[0].message.contains("reply-requested"));
    assert!(reply[1].message.contains("replied"));
}

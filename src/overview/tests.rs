use super::*;
use crate::model::workflow::tests::claim;
use crate::model::{Action, Claim, ClaimId, HistoryEntry};
use chrono::{TimeZone, Utc};

fn briefs(claims: &[Claim]) -> Vec<Brief> {
    claims.iter().map(Brief::of).collect()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 5, d).unwrap()
}

/// An open claim created on May `created`, in `status` since May `moved`.
fn open(id: &str, status: Status, created: u32, moved: u32) -> Claim {
    let mut c = claim();
    c.id = ClaimId::new(id).unwrap();
    c.status = status;
    let at = |d: u32| Utc.with_ymd_and_hms(2024, 5, d, 9, 30, 0).unwrap();
    c.history
        .push(HistoryEntry::new(at(created), "ana", Action::Created));
    if status != Status::Candidate {
        let action = match status {
            Status::InReview => Action::Submitted,
            _ => Action::ResearchStarted,
        };
        let mut h = HistoryEntry::new(at(moved), "ana", action);
        h.to = Some(status);
        c.history.push(h);
    }
    c
}

#[test]
fn overdue_comes_most_late_first_then_by_priority() {
    let mut a = open("a", Status::Researching, 1, 2);
    a.due = Some(day(8));
    let mut b = open("b", Status::Candidate, 1, 1);
    b.due = Some(day(5));
    let mut c = open("c", Status::Researching, 1, 3);
    c.due = Some(day(8));
    c.priority = Some(Priority::High);
    let mut done = open("d", Status::Researching, 1, 3);
    done.due = Some(day(1));
    done.status = Status::Published;
    let mut future = open("e", Status::Researching, 1, 3);
    future.due = Some(day(10));
    let o = overview(
        &briefs(&[a, b, c, done, future]),
        day(10),
        None,
        &PublishRules::default(),
    );
    let ids: Vec<&str> = o.overdue.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["b", "c", "a"]);
    assert_eq!(o.overdue[0].days_overdue, Some(5));
    assert_eq!(o.counts[3], (Status::Published, 1));
}

#[test]
fn the_review_queue_is_oldest_submission_first_with_its_age() {
    let mut a = open("a", Status::InReview, 1, 6);
    a.assignee = Some("jo".into());
    let b = open("b", Status::InReview, 2, 3);
    let o = overview(
        &briefs(&[a, b]),
        day(10),
        Some("jo"),
        &PublishRules::default(),
    );
    let ids: Vec<&str> = o.review_queue.iter().map(|w| w.item.id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
    assert_eq!(o.review_queue[0].item.days, 7);
    assert_eq!(o.review_queue[0].submitted_by.as_deref(), Some("ana"));
    assert_eq!(o.my_reviews.len(), 2, "jo rated neither");
    assert_eq!(o.mine[0].id, "a");
}

#[test]
fn holders_count_open_claims_and_unassigned_ones() {
    let mut a = open("a", Status::Researching, 1, 2);
    a.assignee = Some("jo".into());
    a.priority = Some(Priority::High);
    let mut b = open("b", Status::Candidate, 4, 4);
    b.assignee = Some("jo".into());
    b.due = Some(day(5));
    let mut c = open("c", Status::Candidate, 4, 4);
    c.assignee = Some("ana".into());
    let mut closed = open("d", Status::Researching, 1, 2);
    closed.assignee = Some("ana".into());
    closed.status = Status::Discarded;
    let free = open("e", Status::Candidate, 4, 4);
    let o = overview(
        &briefs(&[a, b, c, closed, free]),
        day(10),
        None,
        &PublishRules::default(),
    );
    assert_eq!(o.holders.len(), 2);
    let jo = &o.holders[0];
    assert_eq!(
        (jo.name.as_str(), jo.open, jo.overdue, jo.high_priority),
        ("jo", 2, 1, 1)
    );
    assert_eq!(jo.oldest_since, day(2));
    assert_eq!(o.holders[1].open, 1);
    assert_eq!(o.unassigned, 1);
}

//! The editor's overview of the desk on a given day: what is overdue, what
//! waits for review and since when, who holds which open claims, and one
//! editor's own queue. Pure data from claims in brief (`model::Brief`) in,
//! data out; `factdesk status` renders it, and its serialized form is the
//! documented `status --json` shape (docs/scripting.md).

use crate::model::workflow::may_approve;
use crate::model::{Brief, Priority, PublishRules, Status};
use chrono::NaiveDate;
use serde::Serialize;

/// One open claim as the overview lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub claim: String,
    pub status: Status,
    pub assignee: Option<String>,
    /// The claim's priority; `normal` when none was set.
    pub priority: Priority,
    pub due: Option<NaiveDate>,
    /// Days past the due date (absent when not overdue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_overdue: Option<i64>,
    /// The day the claim entered its current status (for a claim in review:
    /// its last submission).
    pub since: NaiveDate,
    /// Whole days from `since` to today.
    pub days: i64,
}

/// A claim in review, with who submitted it and how far its round got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiting {
    #[serde(flatten)]
    pub item: Item,
    pub submitted_by: Option<String>,
    /// Distinct approvals in the current round.
    pub approvals: usize,
    /// Approvals the desk needs to publish.
    pub approvals_needed: u32,
}

/// What one person holds: their open claims, counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holder {
    pub name: String,
    pub open: usize,
    pub overdue: usize,
    pub high_priority: usize,
    pub in_review: usize,
    /// The earliest `since` among their open claims.
    pub oldest_since: NaiveDate,
}

/// The desk on `today`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub today: NaiveDate,
    /// Claims by status, in workflow order.
    #[serde(serialize_with = "counts_as_map")]
    pub counts: Vec<(Status, usize)>,
    /// Open claims past their due date: most days late first, then priority.
    pub overdue: Vec<Item>,
    /// Claims in review, longest waiting first.
    pub review_queue: Vec<Waiting>,
    /// Everyone holding open claims, most claims first.
    pub holders: Vec<Holder>,
    /// Open claims nobody is assigned to.
    pub unassigned: usize,
    /// The acting editor's open claims, most urgent first.
    #[serde(rename = "assigned_to_me")]
    pub mine: Vec<Item>,
    /// Claims the acting editor may approve now, longest waiting first.
    #[serde(rename = "awaiting_my_review")]
    pub my_reviews: Vec<Waiting>,
}

fn counts_as_map<S: serde::Serializer>(v: &[(Status, usize)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(v.len()))?;
    for (status, n) in v {
        m.serialize_entry(status.as_str(), n)?;
    }
    m.end()
}

fn item(c: &Brief, today: NaiveDate) -> Item {
    // For a claim in review: its last submission.
    let since = match (c.status, &c.submitted) {
        (Status::InReview, Some((day, _))) => *day,
        _ => c.since.unwrap_or(today),
    };
    let late = c.due.map(|d| (today - d).num_days()).filter(|d| *d > 0);
    Item {
        id: c.id.clone(),
        claim: c.claim.clone(),
        status: c.status,
        assignee: c.assignee.clone(),
        priority: c.priority.unwrap_or(Priority::Normal),
        due: c.due,
        days_overdue: late,
        since,
        days: (today - since).num_days().max(0),
    }
}

fn waiting(c: &Brief, today: NaiveDate, rules: &PublishRules) -> Waiting {
    Waiting {
        item: item(c, today),
        submitted_by: c.submitted.as_ref().map(|(_, by)| by.clone()),
        approvals: c.approvers.len(),
        approvals_needed: rules.approvals,
    }
}

/// Most urgent first: overdue (most days late first), then priority, then
/// the earliest due date, then the longest in its status, then id.
fn by_urgency(a: &Item, b: &Item) -> std::cmp::Ordering {
    b.days_overdue
        .unwrap_or(0)
        .cmp(&a.days_overdue.unwrap_or(0))
        .then(a.priority.cmp(&b.priority))
        .then_with(|| match (a.due, b.due) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .then(a.since.cmp(&b.since))
        .then_with(|| a.id.cmp(&b.id))
}

/// Longest waiting first, then priority, then id.
fn by_wait(a: &Waiting, b: &Waiting) -> std::cmp::Ordering {
    a.item
        .since
        .cmp(&b.item.since)
        .then(a.item.priority.cmp(&b.item.priority))
        .then_with(|| a.item.id.cmp(&b.item.id))
}

/// The overview of `claims` on `today`, for the editor `me` when known.
pub fn overview(
    claims: &[Brief],
    today: NaiveDate,
    me: Option<&str>,
    rules: &PublishRules,
) -> Overview {
    let counts = Status::ALL
        .iter()
        .map(|s| (*s, claims.iter().filter(|c| c.status == *s).count()))
        .collect();
    let open: Vec<(&Brief, Item)> = claims
        .iter()
        .filter(|c| c.status.is_open())
        .map(|c| (c, item(c, today)))
        .collect();
    let mut overdue: Vec<Item> = open
        .iter()
        .filter(|(_, i)| i.days_overdue.is_some())
        .map(|(_, i)| i.clone())
        .collect();
    overdue.sort_by(by_urgency);
    let mut review_queue: Vec<Waiting> = claims
        .iter()
        .filter(|c| c.status == Status::InReview)
        .map(|c| waiting(c, today, rules))
        .collect();
    review_queue.sort_by(by_wait);
    let mut mine: Vec<Item> = open
        .iter()
        .filter(|(c, _)| {
            me.zip(c.assignee.as_deref())
                .is_some_and(|(m, a)| crate::model::same_editor(m, a))
        })
        .map(|(_, i)| i.clone())
        .collect();
    mine.sort_by(by_urgency);
    let mut my_reviews: Vec<Waiting> = match me {
        Some(me) => claims
            .iter()
            .filter(|c| may_approve(c, me, rules))
            .map(|c| waiting(c, today, rules))
            .collect(),
        None => Vec::new(),
    };
    my_reviews.sort_by(by_wait);
    Overview {
        today,
        counts,
        overdue,
        review_queue,
        holders: holders(open.iter().map(|(_, i)| i)),
        unassigned: open.iter().filter(|(c, _)| c.assignee.is_none()).count(),
        mine,
        my_reviews,
    }
}

fn holders<'a>(open: impl Iterator<Item = &'a Item>) -> Vec<Holder> {
    let mut by_name: std::collections::BTreeMap<&str, Holder> = Default::default();
    for i in open {
        let Some(name) = i.assignee.as_deref() else {
            continue;
        };
        let h = by_name.entry(name).or_insert_with(|| Holder {
            name: name.to_string(),
            open: 0,
            overdue: 0,
            high_priority: 0,
            in_review: 0,
            oldest_since: i.since,
        });
        h.open += 1;
        h.overdue += usize::from(i.days_overdue.is_some());
        h.high_priority += usize::from(i.priority == Priority::High);
        h.in_review += usize::from(i.status == Status::InReview);
        h.oldest_since = h.oldest_since.min(i.since);
    }
    let mut out: Vec<Holder> = by_name.into_values().collect();
    out.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests;

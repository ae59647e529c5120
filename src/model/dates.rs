//! The date rules of a record, as typed findings: no date after today
//! (factdesk records what already happened), evidence not accessed before it
//! was published, history entries in time order, corrections only after the
//! claim's publication. `check` turns each finding into its diagnostic; the
//! writing steps meet the same rules through the write gate
//! (`steps::gate`), which puts every record through check's per-record rules
//! before it is written. This module is the rules' one home.

use super::{Action, Claim, Source, Status};
use chrono::{DateTime, NaiveDate, Utc};

/// Where a date sits in a record: a top-level field, or a key of an item of
/// a list field (`evidence[1].accessed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateAt {
    pub field: &'static str,
    /// The item of a list field, counted from 0.
    pub index: Option<usize>,
    /// The key inside that item.
    pub key: Option<&'static str>,
}

impl DateAt {
    fn top(field: &'static str) -> DateAt {
        DateAt {
            field,
            index: None,
            key: None,
        }
    }

    fn item(field: &'static str, index: usize, key: &'static str) -> DateAt {
        DateAt {
            field,
            index: Some(index),
            key: Some(key),
        }
    }
}

/// A date a record may not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFinding {
    /// The date at `at` is after today.
    InFuture { at: DateAt, date: NaiveDate },
    /// Evidence item `index` was accessed before the day it was published.
    AccessedBeforePublished {
        index: usize,
        accessed: NaiveDate,
        published: NaiveDate,
    },
    /// History entry `index` is earlier than the entry before it.
    HistoryOutOfOrder {
        index: usize,
        at: DateTime<Utc>,
        before: DateTime<Utc>,
    },
    /// Correction `index` is on a claim that is not published, or dated
    /// before its publication.
    CorrectionBeforePublication { index: usize },
}

/// Every date rule a claim breaks on `today`.
pub fn claim_dates(c: &Claim, today: NaiveDate) -> Vec<DateFinding> {
    let mut out = Vec::new();
    let future = |at: DateAt, date: NaiveDate, out: &mut Vec<DateFinding>| {
        if date > today {
            out.push(DateFinding::InFuture { at, date });
        }
    };
    if let Some(d) = c.said_on {
        future(DateAt::top("said_on"), d, &mut out);
    }
    for (i, w) in c.history.windows(2).enumerate() {
        if w[1].at < w[0].at {
            out.push(DateFinding::HistoryOutOfOrder {
                index: i + 1,
                at: w[1].at,
                before: w[0].at,
            });
        }
    }
    for (i, h) in c.history.iter().enumerate() {
        future(
            DateAt::item("history", i, "at"),
            h.at.date_naive(),
            &mut out,
        );
    }
    let published = c
        .history
        .iter()
        .find(|h| h.action == Action::Published)
        .map(|h| h.at);
    for (i, k) in c.corrections.iter().enumerate() {
        future(
            DateAt::item("corrections", i, "at"),
            k.at.date_naive(),
            &mut out,
        );
        let before = published.is_none_or(|t| k.at < t);
        if c.status != Status::Published || before {
            out.push(DateFinding::CorrectionBeforePublication { index: i });
        }
    }
    for (i, e) in c.evidence.iter().enumerate() {
        future(
            DateAt::item("evidence", i, "accessed"),
            e.accessed,
            &mut out,
        );
        if let Some(pubd) = e.published {
            future(DateAt::item("evidence", i, "published"), pubd, &mut out);
            if e.accessed < pubd {
                out.push(DateFinding::AccessedBeforePublished {
                    index: i,
                    accessed: e.accessed,
                    published: pubd,
                });
            }
        }
    }
    for (i, r) in c.reviews.iter().enumerate() {
        future(
            DateAt::item("reviews", i, "at"),
            r.at.date_naive(),
            &mut out,
        );
    }
    out
}

/// Every date rule a source's metadata breaks on `today`.
pub fn source_dates(s: &Source, today: NaiveDate) -> Vec<DateFinding> {
    match s.published {
        Some(date) if date > today => vec![DateFinding::InFuture {
            at: DateAt::top("published"),
            date,
        }],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_source_published_tomorrow_is_in_the_future_and_today_is_not() {
        let mut s: Source = serde_json::from_value(serde_json::json!({
            "id": "town-hall", "title": "Town hall", "outlet": "Riverside Gazette",
            "format": "text", "file": "town-hall.txt", "sha256": "0".repeat(64),
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let today = day(2026, 3, 5);
        s.published = Some(today);
        assert_eq!(source_dates(&s, today), vec![]);
        s.published = Some(day(2026, 3, 6));
        assert_eq!(
            source_dates(&s, today),
            vec![DateFinding::InFuture {
                at: DateAt::top("published"),
                date: day(2026, 3, 6)
            }]
        );
    }

    fn corpus_claim(text: &str) -> Claim {
        crate::store::yaml::parse_record::<Claim>(text, std::path::Path::new("c.yaml"))
            .unwrap_or_else(|d| panic!("{d:?}"))
            .0
    }

    fn kinds(found: &[DateFinding]) -> Vec<&'static str> {
        found
            .iter()
            .map(|f| match f {
                DateFinding::InFuture { .. } => "future",
                DateFinding::AccessedBeforePublished { .. } => "accessed",
                DateFinding::HistoryOutOfOrder { .. } => "order",
                DateFinding::CorrectionBeforePublication { .. } => "correction",
            })
            .collect()
    }

    #[test]
    fn the_corpus_claims_break_the_date_rule_they_are_named_for() {
        let today = day(2026, 1, 1);
        let cases = [
            (
                include_str!("../../tests/corpus/invalid/history-out-of-order.yaml"),
                "order",
            ),
            (
                include_str!("../../tests/corpus/invalid/accessed-before-published.yaml"),
                "accessed",
            ),
            (
                include_str!("../../tests/corpus/invalid/correction-before-publication.yaml"),
                "correction",
            ),
        ];
        for (text, kind) in cases {
            let c = corpus_claim(text);
            assert_eq!(kinds(&claim_dates(&c, today)), vec![kind], "{}", c.id);
            // The day before the claim was first recorded, every date of it
            // is in the future.
            let before = c.history[0].at.date_naive().pred_opt().unwrap();
            let found = claim_dates(&c, before);
            assert!(kinds(&found).iter().filter(|k| **k == "future").count() >= c.history.len());
        }
    }
}

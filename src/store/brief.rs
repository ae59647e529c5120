//! The `brief` projection (`store::rows`): each claim in brief
//! (`model::Brief`), for `status`, `list` and the tables of `search` and
//! `similar`.

use super::rows::{Fields, Line, Projection, Rows};
use super::{Desk, StoreError};
use crate::model::{Brief, Claim, ClaimId, Priority, Status};
use chrono::NaiveDate;

pub const BRIEF: Projection = Projection {
    table: "brief",
    project: row,
    gather: None,
};

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn row(c: &Claim) -> String {
    encode(&Brief::of(c))
}

fn encode(b: &Brief) -> String {
    let (sub_day, sub_by) = match &b.submitted {
        Some((d, by)) => (Some(*d), Some(by.as_str())),
        None => (None, None),
    };
    Line::new()
        .text(&b.id)
        .text(&b.claim)
        .text(b.status.as_str())
        .text(&b.source)
        .text(&b.line.to_string())
        .opt(b.start.as_deref())
        .text(&b.speaker)
        .list(&b.tags)
        .opt(b.rating.as_deref())
        .opt(b.assignee.as_deref())
        .opt(b.priority.map(Priority::as_str))
        .text(&day(b.due))
        .text(&day(b.since))
        .text(&day(sub_day))
        .opt(sub_by)
        .opt(b.rater.as_deref())
        .list(&b.approvers)
        .done()
}

/// A brief back from its row; `None` for a row this build cannot read.
pub fn decode(row: &str) -> Option<Brief> {
    let mut f = Fields::of(row);
    let owned = |o: Option<std::borrow::Cow<'_, str>>| o.map(|s| s.into_owned());
    let date = |s: &str| -> Option<Option<NaiveDate>> {
        if s.is_empty() {
            Some(None)
        } else {
            s.parse().ok().map(Some)
        }
    };
    let id = f.text()?.into_owned();
    let claim = f.text()?.into_owned();
    let status = f.parse(Status::parse)?;
    let source = f.text()?.into_owned();
    let line = f.parse(|s| s.parse().ok())?;
    let start = owned(f.opt()?);
    let speaker = f.text()?.into_owned();
    let tags = f.list()?.into_iter().map(|t| t.into_owned()).collect();
    let rating = owned(f.opt()?);
    let assignee = owned(f.opt()?);
    let priority = match f.opt()? {
        Some(p) => Some(Priority::parse(&p)?),
        None => None,
    };
    let due = f.parse(date)?;
    let since = f.parse(date)?;
    let sub_day = f.parse(date)?;
    let sub_by = owned(f.opt()?);
    let rater = owned(f.opt()?);
    let approvers = f.list()?.into_iter().map(|t| t.into_owned()).collect();
    if f.raw().is_some() {
        return None;
    }
    Some(Brief {
        id,
        claim,
        status,
        source,
        line,
        start,
        speaker,
        tags,
        rating,
        assignee,
        priority,
        due,
        since,
        submitted: sub_day.zip(sub_by),
        rater,
        approvers,
    })
}

/// Every claim in brief, in id order, and the digest of the claim files.
pub struct Briefs {
    pub briefs: Vec<Brief>,
    pub digest: super::cache::Digest,
    /// The digest of each claim file's bytes, in the order of `briefs`.
    pub digests: Vec<super::cache::Digest>,
    /// The desk's survey taken before the load ([`super::rows::Projected::survey`]).
    pub survey: Option<std::sync::Arc<super::stamp::Survey>>,
}

impl Briefs {
    /// The desk's stamp taken before the load, when it had one.
    pub fn stamp(&self) -> Option<super::cache::Digest> {
        self.survey.as_ref().and_then(|s| s.stamp)
    }
}

/// Every claim's id, status and file digest, in id order.
pub struct Statuses {
    pub ids: Vec<String>,
    pub statuses: Vec<Status>,
    pub digests: Vec<super::cache::Digest>,
}

impl Statuses {
    /// Each claim's id, status and file digest, in id order.
    pub fn each(&self) -> impl Iterator<Item = (&str, Status, &super::cache::Digest)> {
        (self.ids.iter().zip(&self.statuses).zip(&self.digests))
            .map(|((id, s), d)| (id.as_str(), *s, d))
    }
}

impl Briefs {
    /// Each claim's id, status and file digest, in id order.
    pub fn each(&self) -> impl Iterator<Item = (&str, Status, &super::cache::Digest)> {
        (self.briefs.iter().zip(&self.digests)).map(|(b, d)| (b.id.as_str(), b.status, d))
    }
}

/// The status in a row of [`BRIEF`], read without decoding the rest.
fn status_of(row: &str) -> Option<Status> {
    let mut f = Fields::of(row);
    f.raw()?;
    f.raw()?;
    f.parse(Status::parse)
}

impl Desk {
    /// Every claim's status, through the [`BRIEF`] projection as
    /// [`Desk::load_briefs`] loads it, without decoding the briefs (a row
    /// this build cannot read is made again from the record).
    pub fn load_statuses(&self) -> Result<Statuses, StoreError> {
        use rayon::prelude::*;
        let mut p = self.load_rows(&[&BRIEF], &|_, _| {})?;
        let rows = p.rows.pop().expect("one projection asked for");
        let statuses = (0..rows.len())
            .into_par_iter()
            .map(|i| match status_of(rows.get(i)) {
                Some(s) => Ok(s),
                None => self.claim_again(&rows.ids[i]).map(|c| c.status),
            })
            .collect::<Result<Vec<Status>, StoreError>>()?;
        Ok(Statuses {
            ids: rows.ids.clone(),
            statuses,
            digests: p.digests,
        })
    }

    /// The record of `id` read again, for a row that cannot be read.
    fn claim_again(&self, id: &str) -> Result<Claim, StoreError> {
        let id = ClaimId::new(id.to_string()).map_err(|_| StoreError::NoSuchClaim {
            id: id.to_string(),
            suggestion: None,
        })?;
        self.read_claim(&id)
    }

    /// Every claim in brief, through the cache's `brief` table (a claim is
    /// parsed only when its bytes have no row); `progress` hears (done, total).
    pub fn load_briefs(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Briefs, StoreError> {
        let p = self.load_rows(&[&BRIEF], progress)?;
        Ok(Briefs {
            briefs: self.briefs_of(&p.rows[0])?,
            digest: p.digest,
            digests: p.digests,
            survey: p.survey,
        })
    }

    /// The briefs of rows of the [`BRIEF`] projection; a row this build
    /// cannot read (a damaged table) is made again from the record.
    pub fn briefs_of(&self, rows: &Rows) -> Result<Vec<Brief>, StoreError> {
        use rayon::prelude::*;
        (0..rows.len())
            .into_par_iter()
            .map(|i| match decode(rows.get(i)) {
                Some(b) => Ok(b),
                None => self.claim_again(&rows.ids[i]).map(|c| Brief::of(&c)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_comes_back_from_its_row() {
        let b = Brief {
            id: "a-1".into(),
            claim: "Crime fell\tby 5%\nlast year \\ says".into(),
            status: Status::InReview,
            source: "s".into(),
            line: 12,
            start: Some("Crime".into()),
            speaker: "".into(),
            tags: vec!["crime".into(), "".into()],
            rating: Some("false".into()),
            assignee: None,
            priority: Some(Priority::High),
            due: NaiveDate::from_ymd_opt(2024, 5, 1),
            since: None,
            submitted: Some((NaiveDate::from_ymd_opt(2024, 4, 2).unwrap(), "ana".into())),
            rater: Some("jo".into()),
            approvers: vec!["Ana".into()],
        };
        assert_eq!(decode(&encode(&b)), Some(b.clone()));
        let mut none = b;
        none.submitted = None;
        none.priority = None;
        none.due = None;
        none.tags.clear();
        none.start = None;
        assert_eq!(decode(&encode(&none)), Some(none));
        assert_eq!(decode("a\tb"), None);
    }
}

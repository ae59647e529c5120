//! Projections of the claims in the desk's one cache: for a command that
//! shows the whole desk (`status`, `list`, `search`, `similar`), one compact
//! row per claim holding only what that command reads, kept in a table of
//! `store::cache` keyed by the digest of the record's exact bytes — the same
//! index, the same invalidation rule as every other table, so a row never
//! describes other bytes than the file holds. A record the cache does not
//! vouch for is read, parsed and validated like any, then projected.
//!
//! Rows are one line of tab-separated fields (tabs, newlines and
//! backslashes escaped), written by [`Line`] and read by [`Fields`] without
//! copying a field that holds no escape. A hand format rather than JSON or
//! a binary crate (bincode, postcard): what made `status` slow was decoding
//! every full record (serde_json, a string per field, dates parsed) and the
//! page faults of holding them; a line keeps the table a text file like the
//! others, lets a reader borrow fields out of the table's text and skip the
//! columns it does not need, and a damaged row is simply a miss.

use super::cache::{Cache, Digest, RowAt, Table};
use super::snapshot;
use super::{Desk, StoreError};
use crate::model::Claim;
use std::borrow::Cow;

/// One projection: its table's name and how a claim becomes a row. The
/// table belongs to one build of factdesk (the cache's stamp), so changing
/// `project` never serves rows of the old shape.
pub struct Projection {
    pub table: &'static str,
    pub project: fn(&Claim) -> String,
    /// For a projection read as one whole-desk structure rather than row by
    /// row (search's index of words): builds it from every claim's row. The
    /// snapshot then keeps that structure instead of the rows, and a load
    /// gives it in [`Rows::gathered`] (its rows only when they were read).
    /// The second argument gives a claim's row again, projected from its
    /// record, for a row that cannot be read.
    pub gather: Option<Gather>,
}

/// See [`Projection::gather`].
pub type Gather = fn(&Rows, &(dyn Fn(usize) -> Option<String> + Sync)) -> Vec<u8>;

/// A projection's whole-desk structure ([`Projection::gather`]): built in
/// this run, or kept under the desk's stamp and read in parts.
pub struct Gathered(Whole);

enum Whole {
    Built(Vec<u8>),
    Kept(snapshot::Part),
}

impl Gathered {
    pub fn len(&self) -> usize {
        match &self.0 {
            Whole::Built(b) => b.len(),
            Whole::Kept(p) => p.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `len` bytes from `at`; `None` past the end (or when a kept file
    /// cannot be read).
    pub fn read(&self, at: usize, len: usize) -> Option<Cow<'_, [u8]>> {
        match &self.0 {
            Whole::Built(b) => b.get(at..at.checked_add(len)?).map(Cow::Borrowed),
            Whole::Kept(p) => p.read(at, len).map(Cow::Owned),
        }
    }

    /// A structure built in this run.
    pub fn built(bytes: Vec<u8>) -> Gathered {
        Gathered(Whole::Built(bytes))
    }

    /// Whether it was kept under the desk's stamp (not built in this run).
    pub fn kept(&self) -> bool {
        matches!(self.0, Whole::Kept(_))
    }
}

/// Every claim's row of one projection, in id order.
pub struct Rows {
    /// The projection's table, when the rows were looked up in it.
    table: Option<Table>,
    /// The text of the projection's snapshot, when the rows come from it.
    kept: String,
    rows: Vec<Row>,
    /// The claims' ids, in the order of the rows.
    pub ids: Vec<String>,
    gathered: Option<Gathered>,
}

enum Row {
    Stored(RowAt),
    Kept(usize, usize),
    Fresh(String),
}

impl Rows {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The projection's whole-desk structure, for a projection that has a
    /// [`Projection::gather`].
    pub fn gathered(&self) -> Option<&Gathered> {
        self.gathered.as_ref()
    }

    /// The rows of `ids` built in this run (`rows[i]` for `ids[i]`).
    pub fn fresh(ids: Vec<String>, rows: Vec<String>) -> Rows {
        Rows {
            table: None,
            kept: String::new(),
            rows: rows.into_iter().map(Row::Fresh).collect(),
            ids,
            gathered: None,
        }
    }

    /// The row of the `i`-th claim.
    pub fn get(&self, i: usize) -> &str {
        match &self.rows[i] {
            Row::Stored(at) => self.table.as_ref().map_or("", |t| t.at(*at)),
            Row::Kept(s, e) => self.kept.get(*s..*e).unwrap_or_default(),
            Row::Fresh(s) => s,
        }
    }
}

/// What [`Desk::load_rows`] gives: the rows of each projection asked for,
/// and the digest of the claim files (as [`super::LoadedClaims::digest`]).
pub struct Projected {
    pub rows: Vec<Rows>,
    pub digest: Digest,
    /// The digest of each claim file's bytes, in id order.
    pub digests: Vec<Digest>,
    /// The desk's stamp taken before anything was read (`store::stamp`),
    /// when it had one: what else the caller keeps under it describes the
    /// same files.
    pub stamp: Option<Digest>,
}

impl Desk {
    /// The rows of `projections` for every claim, in id order, through the
    /// cache: each file is known by its index entry or read and hashed once
    /// for all projections; a claim is parsed only when some projection has
    /// no row for its bytes. Fails with every invalid record's problems.
    pub fn load_rows(
        &self,
        projections: &[&Projection],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Projected, StoreError> {
        self.load_projections(projections, progress, true)
    }

    /// [`Desk::load_rows`] without the snapshot kept under the stamp: for a
    /// caller that found what was kept unreadable (it is kept anew).
    pub fn load_rows_again(
        &self,
        projections: &[&Projection],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Projected, StoreError> {
        self.load_projections(projections, progress, false)
    }

    fn load_projections(
        &self,
        projections: &[&Projection],
        progress: &(dyn Fn(usize, usize) + Sync),
        recalled: bool,
    ) -> Result<Projected, StoreError> {
        let files = Cache::open(&self.root, true);
        // Taken before anything is read: a file changed later has other
        // times by the next run, so what is kept under it is never served
        // for other bytes.
        let stamp = files
            .enabled()
            .then(|| super::stamp::desk_stamp(&self.root))
            .flatten();
        if let Some(p) = stamp
            .filter(|_| recalled)
            .and_then(|s| recall(&files, projections, &s))
        {
            return Ok(p);
        }
        let mut p = self.load_rows_through_index(&files, projections, progress)?;
        p.stamp = stamp;
        for (proj, rows) in projections.iter().zip(p.rows.iter_mut()) {
            if let Some(gather) = proj.gather {
                let again = |i: usize| {
                    let id = crate::model::ClaimId::new(rows.ids.get(i)?.clone()).ok()?;
                    self.read_claim(&id).ok().map(|c| (proj.project)(&c))
                };
                let whole = gather(rows, &again);
                if let Some(s) = stamp {
                    snapshot::keep_whole(&files, proj.table, &s, &p.digest, rows.len(), &whole);
                }
                rows.gathered = Some(Gathered(Whole::Built(whole)));
            } else if let Some(s) = stamp {
                snapshot::keep(
                    &files,
                    proj.table,
                    &s,
                    &p.digest,
                    &rows.ids,
                    &p.digests,
                    |i| rows.get(i),
                );
            }
        }
        files.save(&[super::CLAIMS_DIR]);
        Ok(p)
    }

    /// [`Desk::load_rows`] file by file: each file known by its index entry
    /// or read and hashed once for all projections.
    fn load_rows_through_index(
        &self,
        files: &Cache,
        projections: &[&Projection],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Projected, StoreError> {
        let tables: Vec<Table> = projections
            .iter()
            .map(|p| Table::open(files, p.table, ""))
            .collect();
        let each = |claim: Option<&Claim>, d: &Digest| -> Vec<Option<Row>> {
            projections
                .iter()
                .zip(&tables)
                .map(|(p, t)| match claim {
                    None => t.find(d).map(Row::Stored),
                    Some(c) => {
                        let row = (p.project)(c);
                        if files.enabled() {
                            t.put(*d, row.clone());
                        }
                        Some(Row::Fresh(row))
                    }
                })
                .collect()
        };
        let loaded = self.load_each(
            files,
            progress,
            &|d| {
                let rows = each(None, d);
                rows.iter().all(Option::is_some).then_some(rows)
            },
            &|c, d| each(Some(&c), d),
        )?;
        for t in &tables {
            t.save(files, true);
        }
        let mut columns: Vec<Vec<Row>> = tables.iter().map(|_| Vec::new()).collect();
        for rows in loaded.items {
            for (col, row) in columns.iter_mut().zip(rows) {
                col.push(row.unwrap_or(Row::Fresh(String::new())));
            }
        }
        let rows = tables
            .into_iter()
            .zip(columns)
            .map(|(table, rows)| Rows {
                table: Some(table),
                kept: String::new(),
                rows,
                ids: loaded.ids.clone(),
                gathered: None,
            })
            .collect();
        Ok(Projected {
            rows,
            digest: loaded.digest,
            digests: loaded.digests,
            stamp: None,
        })
    }
}

/// Every projection's rows from its snapshot kept under `stamp`, when all
/// of them have one (of the same claims) and one of them keeps rows (and
/// so each file's digest).
fn recall(files: &Cache, projections: &[&Projection], stamp: &Digest) -> Option<Projected> {
    let mut rows = Vec::with_capacity(projections.len());
    let mut digest = None;
    let mut digests = None;
    for p in projections {
        if p.gather.is_some() {
            let (part, d) = snapshot::recall_whole(files, p.table, stamp)?;
            if digest.is_some_and(|x| x != d) {
                return None;
            }
            digest = Some(d);
            rows.push(Rows {
                table: None,
                kept: String::new(),
                rows: Vec::new(),
                ids: Vec::new(),
                gathered: Some(Gathered(Whole::Kept(part))),
            });
            continue;
        }
        let s = snapshot::recall(files, p.table, stamp)?;
        if digest.is_some_and(|d| d != s.digest) {
            return None;
        }
        digest = Some(s.digest);
        digests.get_or_insert(s.digests);
        rows.push(Rows {
            table: None,
            rows: s.rows.into_iter().map(|(a, b)| Row::Kept(a, b)).collect(),
            kept: s.text,
            ids: s.ids,
            gathered: None,
        });
    }
    Some(Projected {
        rows,
        digest: digest?,
        digests: digests?,
        stamp: Some(*stamp),
    })
}

/// Writes one row: fields separated by tabs.
#[derive(Default)]
pub struct Line {
    s: String,
    fields: usize,
}

/// How a missing value is written (escaping never makes it).
const NONE: &str = "\\-";

impl Line {
    pub fn new() -> Line {
        Line::default()
    }

    fn sep(&mut self) {
        if self.fields > 0 {
            self.s.push('\t');
        }
        self.fields += 1;
    }

    /// A text field (tabs, newlines, carriage returns and backslashes escaped).
    pub fn text(&mut self, s: &str) -> &mut Line {
        self.sep();
        for c in s.chars() {
            match c {
                '\\' => self.s.push_str("\\\\"),
                '\t' => self.s.push_str("\\t"),
                '\n' => self.s.push_str("\\n"),
                '\r' => self.s.push_str("\\r"),
                c => self.s.push(c),
            }
        }
        self
    }

    /// An optional text field.
    pub fn opt(&mut self, s: Option<&str>) -> &mut Line {
        match s {
            Some(s) => self.text(s),
            None => {
                self.sep();
                self.s.push_str(NONE);
                self
            }
        }
    }

    /// A list: its length, then each item as a field.
    pub fn list<S: AsRef<str>>(&mut self, items: &[S]) -> &mut Line {
        self.text(&items.len().to_string());
        for i in items {
            self.text(i.as_ref());
        }
        self
    }

    pub fn done(&mut self) -> String {
        self.fields = 0;
        std::mem::take(&mut self.s)
    }
}

/// Reads the fields of a row written by [`Line`], in order.
pub struct Fields<'a>(std::str::Split<'a, char>);

impl<'a> Fields<'a> {
    pub fn of(row: &'a str) -> Fields<'a> {
        Fields(row.split('\t'))
    }

    /// The next field as written, escapes left in (`None` past the end).
    pub fn raw(&mut self) -> Option<&'a str> {
        self.0.next()
    }

    /// The next text field; `None` past the end, for a missing value or a
    /// damaged escape.
    pub fn text(&mut self) -> Option<Cow<'a, str>> {
        unescape(self.raw()?)
    }

    /// The next optional text field: `Some(None)` for a missing value.
    pub fn opt(&mut self) -> Option<Option<Cow<'a, str>>> {
        match self.raw()? {
            NONE => Some(None),
            raw => unescape(raw).map(Some),
        }
    }

    /// The next list written by [`Line::list`].
    pub fn list(&mut self) -> Option<Vec<Cow<'a, str>>> {
        let n: usize = self.raw()?.parse().ok()?;
        (0..n).map(|_| self.text()).collect()
    }

    /// The next field parsed by `parse` (which sees the raw field).
    pub fn parse<T>(&mut self, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        parse(self.raw()?)
    }
}

fn unescape(raw: &str) -> Option<Cow<'_, str>> {
    if !raw.contains('\\') {
        return Some(Cow::Borrowed(raw));
    }
    if raw == NONE {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            't' => out.push('\t'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            _ => return None,
        }
    }
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_comes_back_as_written() {
        let odd = "tab\there\nnew\\line\r\\t";
        let row = Line::new()
            .text("")
            .text(odd)
            .opt(None)
            .opt(Some(""))
            .opt(Some("\\-"))
            .list(&["a", "", "b\tc"])
            .text("last")
            .done();
        assert!(!row.contains('\n'));
        let mut f = Fields::of(&row);
        assert_eq!(f.text().as_deref(), Some(""));
        assert_eq!(f.text().as_deref(), Some(odd));
        assert_eq!(f.opt(), Some(None));
        assert_eq!(f.opt(), Some(Some(Cow::Borrowed(""))));
        assert_eq!(f.opt().unwrap().as_deref(), Some("\\-"));
        assert_eq!(f.list().unwrap(), ["a", "", "b\tc"]);
        assert_eq!(f.text().as_deref(), Some("last"));
        assert_eq!(f.raw(), None);
    }

    #[test]
    fn a_damaged_row_reads_as_nothing() {
        assert_eq!(Fields::of("bad\\q").text(), None);
        assert_eq!(Fields::of("5\ta").list(), None);
        assert_eq!(Fields::of("x\\").text(), None);
    }
}

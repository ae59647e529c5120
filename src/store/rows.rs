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
use std::collections::HashMap;

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
/// this run or kept in the cache and read in parts, in one piece or in two
/// (the structure kept in full and one gathered from the claims changed
/// since, `store::snapshot`).
pub struct Gathered(Vec<Piece>);

/// One piece of a [`Gathered`]: its bytes, and where each of its claims (by
/// its number in the piece) stands among the desk's claims now.
pub struct Piece {
    whole: Whole,
    /// `None`: the piece holds every claim, numbered as now.
    places: Option<Vec<Option<usize>>>,
}

enum Whole {
    Built(Vec<u8>),
    Kept(snapshot::Part),
}

impl Piece {
    pub fn len(&self) -> usize {
        match &self.whole {
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
        match &self.whole {
            Whole::Built(b) => b.get(at..at.checked_add(len)?).map(Cow::Borrowed),
            Whole::Kept(p) => p.read(at, len).map(Cow::Owned),
        }
    }

    /// Where the piece's claim number `n` stands among the desk's claims
    /// now; `None` for a claim that changed or is gone since the piece was
    /// gathered (another piece stands for it).
    pub fn place(&self, n: usize) -> Option<usize> {
        match &self.places {
            None => Some(n),
            Some(p) => p.get(n).copied().flatten(),
        }
    }
}

impl Gathered {
    /// A structure built in this run from every claim.
    pub fn built(bytes: Vec<u8>) -> Gathered {
        Gathered(vec![Piece {
            whole: Whole::Built(bytes),
            places: None,
        }])
    }

    /// Its pieces: each claim of the desk stands in exactly one.
    pub fn pieces(&self) -> &[Piece] {
        &self.0
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
    /// Not read: the claim is unchanged since the kept whole-desk structure
    /// its projection is gathered into.
    Skipped,
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
            Row::Skipped => "",
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
    /// The desk's survey taken before anything was read (`store::stamp`),
    /// when the cache is on: what else the caller keeps under its stamp
    /// describes the same files, and a check after the load vouches for
    /// files by it.
    pub survey: Option<std::sync::Arc<super::stamp::Survey>>,
}

impl Projected {
    /// The desk's stamp taken before anything was read, when it had one.
    pub fn stamp(&self) -> Option<Digest> {
        self.survey.as_ref().and_then(|s| s.stamp)
    }
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
        // for other bytes. The index vouches for each claim by the same
        // look at its metadata.
        let survey = files
            .enabled()
            .then(|| std::sync::Arc::new(super::stamp::desk_survey(&self.root)));
        let stamp = survey.as_ref().and_then(|s| s.stamp);
        let files = files.surveyed(survey.clone());
        // Each projection's snapshot as last written in full: what is kept
        // under the stamp, by itself or with its delta, or else what this
        // load takes unchanged rows from and what a new delta amends.
        let mut known: Vec<Known> = projections
            .iter()
            .map(|p| match (recalled, p.gather) {
                (false, _) => None,
                (true, None) => snapshot::base(&files, p.table).map(|snap| Known::Rows {
                    snap,
                    current: false,
                }),
                (true, Some(_)) => snapshot::whole_base(&files, p.table).map(Known::Whole),
            })
            .map(|k| k.unwrap_or(Known::Table))
            .collect();
        if let Some(mut p) = stamp
            .filter(|_| recalled)
            .and_then(|s| recall(&files, projections, &s, &mut known))
        {
            p.survey = survey;
            return Ok(p);
        }
        // A kept whole is used only with its claims.
        let mut claims: Vec<Option<(Vec<String>, Vec<Digest>)>> = known
            .iter()
            .map(|k| match k {
                Known::Whole(b) => b.claims(),
                _ => None,
            })
            .collect();
        for (k, c) in known.iter_mut().zip(&claims) {
            if matches!(k, Known::Whole(_)) && c.is_none() {
                *k = Known::Table;
            }
        }
        let mut p = self.load_rows_through_index(&files, projections, progress, &known, &claims)?;
        // What changed since each kept whole; past the delta's limit, the
        // whole is gathered again from every claim's row, so those the
        // load passed over are read after all.
        let limit = snapshot::delta_limit(p.digests.len());
        let mut diffs: Vec<Option<snapshot::Diff>> = claims
            .iter()
            .map(|c| {
                let (ids, digests) = c.as_ref()?;
                snapshot::diff((ids, digests), (&p.rows[0].ids, &p.digests), limit)
            })
            .collect();
        if known
            .iter()
            .zip(&diffs)
            .any(|(k, d)| matches!(k, Known::Whole(_)) && d.is_none())
        {
            for (k, c) in known.iter_mut().zip(claims.iter_mut()) {
                if matches!(k, Known::Whole(_)) {
                    *k = Known::Table;
                    *c = None;
                }
            }
            diffs = vec![None; known.len()];
            p = self.load_rows_through_index(&files, projections, progress, &known, &claims)?;
        }
        p.survey = survey.clone();
        let (ids, digests) = (&p.rows[0].ids.clone(), &p.digests);
        for (((proj, rows), k), (c, d)) in projections
            .iter()
            .zip(p.rows.iter_mut())
            .zip(known)
            .zip(claims.iter().zip(diffs))
        {
            match (proj.gather, k, c, d) {
                (Some(gather), Known::Whole(base), Some((base_ids, _)), Some(d)) => {
                    // The claims changed since the kept whole, gathered
                    // into a piece of their own.
                    let changed: Vec<usize> = d.now().collect();
                    let some = Rows::fresh(
                        changed.iter().map(|i| ids[*i].clone()).collect(),
                        changed.iter().map(|i| rows.get(*i).to_string()).collect(),
                    );
                    let again = |k: usize| self.row_again(proj, &ids[*changed.get(k)?]);
                    let whole = gather(&some, &again);
                    if let Some(s) = stamp {
                        snapshot::keep_whole_delta(
                            &files,
                            proj.table,
                            &s,
                            &p.digest,
                            (ids, digests),
                            &base,
                            base_ids,
                            &d.changes,
                            &whole,
                        );
                    }
                    rows.gathered = Some(Gathered(vec![
                        Piece {
                            whole: Whole::Kept(base.part),
                            places: Some(d.base_at),
                        },
                        Piece {
                            whole: Whole::Built(whole),
                            places: Some(changed.into_iter().map(Some).collect()),
                        },
                    ]));
                }
                (Some(gather), ..) => {
                    let again = |i: usize| self.row_again(proj, rows.ids.get(i)?);
                    let whole = gather(rows, &again);
                    if let Some(s) = stamp {
                        snapshot::keep_whole(
                            &files, proj.table, &s, &p.digest, ids, digests, &whole,
                        );
                    }
                    rows.gathered = Some(Gathered::built(whole));
                }
                (None, k, ..) => {
                    let base = match k {
                        Known::Rows { mut snap, current } => {
                            rows.kept = std::mem::take(&mut snap.text);
                            // Kept under this stamp already: nothing to keep.
                            if current {
                                continue;
                            }
                            Some(snap)
                        }
                        _ => None,
                    };
                    if let Some(s) = stamp {
                        snapshot::keep(
                            &files,
                            proj.table,
                            &s,
                            &p.digest,
                            &rows.ids,
                            digests,
                            |i| rows.get(i),
                            base.as_ref(),
                        );
                    }
                }
            }
        }
        files.save(&[super::CLAIMS_DIR]);
        Ok(p)
    }

    /// The row of `projection` for claim `id`, projected from its record
    /// read again (for a row that cannot be read).
    fn row_again(&self, projection: &Projection, id: &str) -> Option<String> {
        let id = crate::model::ClaimId::new(id.to_string()).ok()?;
        self.read_claim(&id).ok().map(|c| (projection.project)(&c))
    }

    /// [`Desk::load_rows`] file by file: each file known by its index entry
    /// or read and hashed once for all projections. A projection with a
    /// snapshot (`known`) takes the row of a claim unchanged since from it
    /// (a kept whole's, whose claims are `claims`, needs none) and has any
    /// other projected from the record; the others look rows up in their
    /// tables.
    fn load_rows_through_index(
        &self,
        files: &Cache,
        projections: &[&Projection],
        progress: &(dyn Fn(usize, usize) + Sync),
        known: &[Known],
        claims: &[Option<(Vec<String>, Vec<Digest>)>],
    ) -> Result<Projected, StoreError> {
        let tables: Vec<Option<Table>> = projections
            .iter()
            .zip(known)
            .map(|(p, k)| matches!(k, Known::Table).then(|| Table::open(files, p.table, "")))
            .collect();
        // Where each claim of a snapshot stands in it, by id.
        let places: Vec<Option<HashMap<&str, usize>>> = known
            .iter()
            .zip(claims)
            .map(|(k, c)| {
                let ids = match (k, c) {
                    (Known::Rows { snap, .. }, _) => &snap.ids,
                    (Known::Whole(_), Some((ids, _))) => ids,
                    _ => return None,
                };
                Some(
                    ids.iter()
                        .enumerate()
                        .map(|(j, id)| (id.as_str(), j))
                        .collect(),
                )
            })
            .collect();
        let each = |claim: Option<&Claim>, id: &str, d: &Digest| -> Vec<Option<Row>> {
            (projections.iter().zip(&tables))
                .zip(known.iter().zip(claims).zip(&places))
                .map(|((p, t), ((k, c), place))| {
                    if let Some(c) = claim {
                        let row = (p.project)(c);
                        if let Some(t) = t.as_ref().filter(|_| files.enabled()) {
                            t.put(*d, row.clone());
                        }
                        return Some(Row::Fresh(row));
                    }
                    let unchanged = |digests: &[Digest]| {
                        let j = *place.as_ref()?.get(id)?;
                        (digests.get(j) == Some(d)).then_some(j)
                    };
                    match (k, c) {
                        (Known::Rows { snap, .. }, _) => unchanged(&snap.digests)
                            .map(|j| Row::Kept(snap.rows[j].0, snap.rows[j].1)),
                        (Known::Whole(_), Some((_, digests))) => {
                            unchanged(digests).map(|_| Row::Skipped)
                        }
                        _ => t.as_ref()?.find(d).map(Row::Stored),
                    }
                })
                .collect()
        };
        let loaded = self.load_each(
            files,
            progress,
            &|id, d| {
                let rows = each(None, id, d);
                rows.iter().all(Option::is_some).then_some(rows)
            },
            &|c, d| each(Some(&c), "", d),
        )?;
        for t in tables.iter().flatten() {
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
                table,
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
            survey: None,
        })
    }
}

/// What a load knows of a projection's snapshot before reading the desk.
enum Known {
    /// Nothing: rows come from the projection's table.
    Table,
    /// The rows as last written in full; `current` once they were found
    /// kept under this load's stamp (amended by their delta).
    Rows {
        snap: snapshot::Snapshot,
        current: bool,
    },
    /// The whole as last written in full.
    Whole(snapshot::WholeBase),
}

/// Every projection's rows from its snapshot kept under `stamp`, when all
/// of them have one (of the same claims) and one of them keeps rows (and
/// so each file's digest). A row snapshot found kept under `stamp` is
/// marked `current` in `known` even when another projection has none.
fn recall(
    files: &Cache,
    projections: &[&Projection],
    stamp: &Digest,
    known: &mut [Known],
) -> Option<Projected> {
    // First every projection's snapshot under `stamp`, then the rows.
    let mut digest = None;
    let mut agree = |d: Digest| -> Option<()> {
        (digest.is_none_or(|x| x == d)).then_some(())?;
        digest = Some(d);
        Some(())
    };
    let mut deltas: Vec<Option<snapshot::WholeDelta>> = Vec::with_capacity(known.len());
    for (p, k) in projections.iter().zip(known.iter_mut()) {
        let mut delta = None;
        match k {
            Known::Table => return None,
            Known::Rows {
                current: true,
                snap,
            } => agree(snap.digest)?,
            Known::Rows { .. } => {
                let Known::Rows { snap, .. } = std::mem::replace(k, Known::Table) else {
                    return None;
                };
                match snapshot::current(snap, files, p.table, stamp) {
                    Ok(snap) => {
                        let d = snap.digest;
                        *k = Known::Rows {
                            snap,
                            current: true,
                        };
                        agree(d)?;
                    }
                    Err(Some(snap)) => {
                        *k = Known::Rows {
                            snap,
                            current: false,
                        };
                        return None;
                    }
                    Err(None) => return None,
                }
            }
            Known::Whole(b) if b.stamp == *stamp => agree(b.digest)?,
            Known::Whole(b) => {
                let (d, digest) = snapshot::whole_delta(files, p.table, stamp, b)?;
                agree(digest)?;
                delta = Some(d);
            }
        }
        deltas.push(delta);
    }
    let digest = digest?;
    let digests = known.iter().find_map(|k| match k {
        Known::Rows { snap, .. } => Some(snap.digests.clone()),
        _ => None,
    })?;
    let mut rows = Vec::with_capacity(known.len());
    for (k, delta) in known.iter_mut().zip(deltas) {
        rows.push(match std::mem::replace(k, Known::Table) {
            Known::Rows { snap, .. } => Rows {
                table: None,
                rows: snap
                    .rows
                    .into_iter()
                    .map(|(a, b)| Row::Kept(a, b))
                    .collect(),
                kept: snap.text,
                ids: snap.ids,
                gathered: None,
            },
            Known::Whole(b) => {
                let pieces = match delta {
                    None => vec![Piece {
                        whole: Whole::Kept(b.part),
                        places: None,
                    }],
                    Some(d) => vec![
                        Piece {
                            whole: Whole::Kept(b.part),
                            places: Some(d.base_at),
                        },
                        Piece {
                            whole: Whole::Kept(d.part),
                            places: Some(d.delta_at.into_iter().map(Some).collect()),
                        },
                    ],
                };
                Rows {
                    table: None,
                    kept: String::new(),
                    rows: Vec::new(),
                    ids: Vec::new(),
                    gathered: Some(Gathered(pieces)),
                }
            }
            Known::Table => return None,
        });
    }
    Some(Projected {
        rows,
        digest,
        digests,
        survey: None,
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

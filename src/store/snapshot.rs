//! The last whole-desk load of a projection (`store::rows`), kept in the
//! desk's one cache under the desk's stamp (`store::stamp`: every file of
//! `factdesk.yaml`, `claims/`, `sources/` and `templates/` by name, kind,
//! size, times and inode). While the stamp is unchanged, `status`, `list`,
//! `search` and `similar` take every claim's row from one file, in id order,
//! after one `stat` per desk file: no index entry is decoded, no table is
//! looked up, no record is read. Any change to the desk — an edit, a new,
//! removed or renamed file, a stale temporary file — gives another stamp
//! and so the per-file load through the index, which then keeps a new
//! snapshot. A desk with a file changed in the last two seconds has no
//! stamp and keeps none.
//!
//! The file (`TABLE.desk`) holds a line naming the stamp, the claims'
//! digest (as [`super::rows::Projected::digest`]) and the number of
//! claims, then one line per claim: its id, a tab, the digest of its
//! file's bytes, a tab, its row. After a load that found only a few claims
//! changed since that file was written, it stays as it is, and a small
//! second file (`TABLE.delta`) holds what changed: a line naming the new
//! stamp, the claims' digest, their number and the stamp of the file it
//! amends, then a line per claim added or changed (as above) or removed
//! (its id, a tab, `-`), in id order. It is written afresh after each such
//! load (it amends the first file, not the last delta), so one edit writes
//! a few hundred bytes, not the whole desk's rows; once it would hold more
//! than [`delta_limit`] lines, the first file is written afresh instead.
//!
//! A projection that gathers its rows into one whole-desk structure
//! (search's index) keeps that instead: after a line naming the stamp, the
//! claims' digest, their number and the structure's length, the structure
//! (read in parts, [`Part`]), then a line per claim with its id and file
//! digest. After a load that found few claims changed, it stays, and the
//! delta holds a structure gathered from the claims added or changed only,
//! then a line per claim added, changed (id, digest) or removed (id, `-`);
//! a reader places each claim of either where it stands now
//! ([`WholeDelta`]), and a search ranks each piece's claims alone (a
//! claim's rank depends on its own fields only).

use super::cache::{hex, hex_into, unhex, Cache, Digest};

/// One projection's rows as the snapshot gives them back.
pub(super) struct Snapshot {
    /// The stamp the rows were kept under.
    pub stamp: Digest,
    pub text: String,
    /// Where each claim's row sits in `text`, in id order.
    pub rows: Vec<(usize, usize)>,
    pub ids: Vec<String>,
    /// The digest of each claim file's bytes, in id order.
    pub digests: Vec<Digest>,
    pub digest: Digest,
}

fn file(table: &str) -> String {
    format!("{table}.desk")
}

fn delta_file(table: &str) -> String {
    format!("{table}.delta")
}

/// The most lines a delta holds for a desk of `claims`: past it, the
/// snapshot is written afresh.
pub(super) fn delta_limit(claims: usize) -> usize {
    (claims / 32).max(256)
}

/// `base` (the snapshot of `table` as last written in full) as it stands
/// under `stamp`: itself, or amended by the delta kept under `stamp` for
/// it. When neither is kept under `stamp`, `base` is given back, unless a
/// delta made for it proved damaged while it was applied.
pub(super) fn current(
    base: Snapshot,
    cache: &Cache,
    table: &str,
    stamp: &Digest,
) -> Result<Snapshot, Option<Snapshot>> {
    if base.stamp == *stamp {
        return Ok(base);
    }
    let Some(delta) = cache.read_file(&delta_file(table)) else {
        return Err(Some(base));
    };
    let Some(Delta { digest, n, changes }) = Delta::read(&delta, &base, stamp) else {
        return Err(Some(base));
    };
    amend(base, &delta, changes, stamp, digest, n).ok_or(None)
}

/// A claim a delta names: its id, and its file's digest and where its row
/// sits in the delta's text, or `None` for a claim removed.
type Line<'d> = (&'d str, Option<(Digest, (usize, usize))>);

/// A delta's lines, read and checked against the base it names.
struct Delta<'d> {
    digest: Digest,
    n: usize,
    /// In id order: the claim's digest and where its row sits in the
    /// delta's text, or None for a claim removed.
    changes: Vec<Line<'d>>,
}

impl<'d> Delta<'d> {
    fn read(delta: &'d str, base: &Snapshot, stamp: &Digest) -> Option<Delta<'d>> {
        let mut lines = delta.split_inclusive('\n');
        let first = lines.next()?.len();
        let head = lines.next()?;
        let mut at = first + head.len();
        let mut h = head.trim_end_matches('\n').split(' ');
        if h.next()? != "delta" || unhex(h.next()?)? != *stamp {
            return None;
        }
        let digest = unhex(h.next()?)?;
        let n: usize = h.next()?.parse().ok()?;
        if unhex(h.next()?)? != base.stamp || h.next().is_some() {
            return None;
        }
        let mut changes: Vec<Line> = Vec::new();
        for line in lines {
            let start = at;
            at += line.len();
            let (id, rest) = line.strip_suffix('\n')?.split_once('\t')?;
            if changes.last().is_some_and(|(last, _)| *last >= id) {
                return None;
            }
            if rest == "-" {
                changes.push((id, None));
                continue;
            }
            let (d, row) = split_row(rest)?;
            let row_at = start + id.len() + 1 + 65;
            changes.push((id, Some((d, (row_at, row_at + row.len())))));
        }
        Some(Delta { digest, n, changes })
    }
}

/// `base` amended by `changes` (rows placed in `delta`, whose text is put
/// after the base's); `None` when they do not fit it (a removal of a claim
/// it lacks, another number of claims than the delta names).
fn amend(
    base: Snapshot,
    delta: &str,
    changes: Vec<Line>,
    stamp: &Digest,
    digest: Digest,
    n: usize,
) -> Option<Snapshot> {
    let offset = base.text.len();
    let moved = |(s, e): (usize, usize)| (s + offset, e + offset);
    let mut out = Snapshot {
        stamp: *stamp,
        text: String::new(),
        rows: Vec::with_capacity(n),
        ids: Vec::with_capacity(n),
        digests: Vec::with_capacity(n),
        digest,
    };
    let push = |m: &mut Snapshot, id: String, d: Digest, row: (usize, usize)| {
        m.ids.push(id);
        m.digests.push(d);
        m.rows.push(row);
    };
    let mut change = changes.into_iter().peekable();
    let kept = base.ids.into_iter().zip(base.digests).zip(base.rows);
    for ((id, d), row) in kept {
        while let Some((cid, c)) = change.next_if(|(cid, _)| *cid < id.as_str()) {
            // A claim new since the base (a removal would name one it has).
            let (cd, at) = c?;
            push(&mut out, cid.to_string(), cd, moved(at));
        }
        match change.next_if(|(cid, _)| *cid == id.as_str()) {
            Some((_, Some((cd, at)))) => push(&mut out, id, cd, moved(at)),
            Some((_, None)) => {}
            None => push(&mut out, id, d, row),
        }
    }
    for (cid, c) in change {
        let (cd, at) = c?;
        push(&mut out, cid.to_string(), cd, moved(at));
    }
    if out.rows.len() != n {
        return None;
    }
    let mut text = base.text;
    text.push_str(delta);
    out.text = text;
    Some(out)
}

/// A line's digest and row, after its id and tab.
fn split_row(rest: &str) -> Option<(Digest, &str)> {
    let hex = rest.get(..64)?;
    let row = rest.get(64..)?.strip_prefix('\t')?;
    Some((unhex(hex)?, row))
}

/// The snapshot of `table` as last written in full, under whatever stamp.
pub(super) fn base(cache: &Cache, table: &str) -> Option<Snapshot> {
    let text = cache.read_file(&file(table))?;
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?.len();
    let head = lines.next()?;
    let mut at = first + head.len();
    let mut h = head.trim_end_matches('\n').split(' ');
    if h.next()? != "desk" {
        return None;
    }
    let stamp = unhex(h.next()?)?;
    let digest = unhex(h.next()?)?;
    let n: usize = h.next()?.parse().ok()?;
    let mut rows = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    let mut digests = Vec::with_capacity(n);
    for line in lines {
        let start = at;
        at += line.len();
        let (id, rest) = line.strip_suffix('\n')?.split_once('\t')?;
        let (d, row) = split_row(rest)?;
        ids.push(id.to_string());
        digests.push(d);
        let row_at = start + id.len() + 1 + 65;
        rows.push((row_at, row_at + row.len()));
    }
    (rows.len() == n).then_some(Snapshot {
        stamp,
        text,
        rows,
        ids,
        digests,
        digest,
    })
}

/// How the desk's claims differ from those a snapshot was written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// The desk's `i`-th claim is new or has other bytes.
    Now(usize),
    /// The snapshot's `j`-th claim is gone.
    Gone(usize),
}

/// What changed from the claims of a snapshot to the desk's now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Diff {
    /// In id order.
    pub changes: Vec<Change>,
    /// For each claim of the snapshot, its place now; `None` for one
    /// changed or gone.
    pub base_at: Vec<Option<usize>>,
}

impl Diff {
    /// The places now of the claims new or changed, in order.
    pub fn now(&self) -> impl Iterator<Item = usize> + '_ {
        self.changes.iter().filter_map(|c| match c {
            Change::Now(i) => Some(*i),
            Change::Gone(_) => None,
        })
    }
}

/// What changed from the claims `base` (ids and file digests, in id
/// order) to `now`; `None` once more than `limit` changed.
pub(super) fn diff(
    base: (&[String], &[Digest]),
    now: (&[String], &[Digest]),
    limit: usize,
) -> Option<Diff> {
    use std::cmp::Ordering;
    let (mut i, mut j) = (0, 0);
    let mut changes = Vec::new();
    let mut base_at = Vec::with_capacity(base.0.len());
    while i < now.0.len() || j < base.0.len() {
        if changes.len() > limit {
            return None;
        }
        let order = match (now.0.get(i), base.0.get(j)) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                changes.push(Change::Now(i));
                i += 1;
            }
            Ordering::Greater => {
                changes.push(Change::Gone(j));
                base_at.push(None);
                j += 1;
            }
            Ordering::Equal => {
                if now.1.get(i) == base.1.get(j) {
                    base_at.push(Some(i));
                } else {
                    changes.push(Change::Now(i));
                    base_at.push(None);
                }
                i += 1;
                j += 1;
            }
        }
    }
    (changes.len() <= limit).then_some(Diff { changes, base_at })
}

/// Whether `ids` can be written one per line, before a tab.
fn plain_ids(ids: &[String]) -> bool {
    ids.iter().all(|id| !id.contains(['\n', '\t']) && id != "-")
}

/// Keeps `rows` (the `i`-th claim's row of `table`, read from a file whose
/// bytes have `digests[i]`) under `stamp`: as a delta of `base` (the
/// snapshot as last written in full) when few claims differ from it, else
/// in full. Nothing is kept when an id or a row could not be read back as
/// written.
#[allow(clippy::too_many_arguments)]
pub(super) fn keep<'a>(
    cache: &Cache,
    table: &str,
    stamp: &Digest,
    digest: &Digest,
    ids: &[String],
    digests: &[Digest],
    row: impl Fn(usize) -> &'a str,
    base: Option<&Snapshot>,
) {
    if ids.len() != digests.len() || !plain_ids(ids) {
        return;
    }
    let line = |body: &mut String, i: usize| -> Option<()> {
        let r = row(i);
        if r.contains('\n') {
            return None;
        }
        body.push_str(&ids[i]);
        body.push('\t');
        hex_into(body, &digests[i]);
        body.push('\t');
        body.push_str(r);
        body.push('\n');
        Some(())
    };
    let changes = base.and_then(|b| {
        let limit = delta_limit(ids.len());
        Some((
            b,
            diff((&b.ids, &b.digests), (ids, digests), limit)?.changes,
        ))
    });
    if let Some((base, changes)) = changes {
        let mut body = format!(
            "delta {} {} {} {}\n",
            hex(stamp),
            hex(digest),
            ids.len(),
            hex(&base.stamp)
        );
        for c in changes {
            match c {
                Change::Now(i) => {
                    if line(&mut body, i).is_none() {
                        return;
                    }
                }
                Change::Gone(j) => {
                    body.push_str(&base.ids[j]);
                    body.push_str("\t-\n");
                }
            }
        }
        cache.write_file(&delta_file(table), &body);
        return;
    }
    let mut body = format!("desk {} {} {}\n", hex(stamp), hex(digest), ids.len());
    for i in 0..ids.len() {
        if line(&mut body, i).is_none() {
            return;
        }
    }
    cache.write_file(&file(table), &body);
}

/// A whole-desk structure kept in place of rows (a projection's `gather`:
/// search's index), read in parts: a query reads the few byte ranges it
/// needs, not the file.
pub struct Part {
    file: std::fs::File,
    body: u64,
    len: u64,
}

impl Part {
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// `len` bytes from `at`; `None` past the end or when the file cannot be read.
    pub(super) fn read(&self, at: usize, len: usize) -> Option<Vec<u8>> {
        use std::os::unix::fs::FileExt as _;
        let end = at.checked_add(len)?;
        if end as u64 > self.len {
            return None;
        }
        let mut buf = vec![0u8; len];
        self.file
            .read_exact_at(&mut buf, self.body + at as u64)
            .ok()?;
        Some(buf)
    }
}

/// Longest header line of a kept whole or its delta: a word, three
/// digests, two numbers.
const HEAD: usize = 6 + 3 * 65 + 2 * 21;

/// The header line of a kept whole's file (after the build's line), its
/// words, and where the bytes after it start; the bytes that follow the
/// structure (its claims) run to the end of the file.
struct Header {
    file: std::fs::File,
    words: Vec<String>,
    body: u64,
    size: u64,
}

fn header(cache: &Cache, name: &str) -> Option<Header> {
    use std::os::unix::fs::FileExt as _;
    let (file, start) = cache.open_file(name)?;
    let size = file.metadata().ok()?.len();
    let mut head = vec![0u8; (HEAD as u64).min(size.checked_sub(start)?) as usize];
    file.read_exact_at(&mut head, start).ok()?;
    let line = head
        .split(|b| *b == b'\n')
        .next()
        .filter(|l| l.len() < head.len())?;
    let words = std::str::from_utf8(line)
        .ok()?
        .split(' ')
        .map(str::to_string)
        .collect();
    let body = start + line.len() as u64 + 1;
    Some(Header {
        file,
        words,
        body,
        size,
    })
}

/// The bytes of `file` from `at` to its end, as text.
fn tail(file: &std::fs::File, at: u64, size: u64) -> Option<String> {
    use std::os::unix::fs::FileExt as _;
    let mut buf = vec![0u8; usize::try_from(size.checked_sub(at)?).ok()?];
    file.read_exact_at(&mut buf, at).ok()?;
    String::from_utf8(buf).ok()
}

/// The whole of a gathering projection as last written in full: the
/// structure (read in parts), the stamp and claims' digest it was kept
/// under, and its claims.
pub(super) struct WholeBase {
    pub part: Part,
    pub stamp: Digest,
    pub digest: Digest,
    n: usize,
    claims_at: u64,
    size: u64,
}

impl WholeBase {
    /// The ids and file digests of the claims it was gathered from, in id
    /// order (read from the end of its file).
    pub(super) fn claims(&self) -> Option<(Vec<String>, Vec<Digest>)> {
        let text = tail(&self.part.file, self.claims_at, self.size)?;
        let mut ids = Vec::with_capacity(self.n);
        let mut digests = Vec::with_capacity(self.n);
        for line in text.split_terminator('\n') {
            let (id, d) = line.split_once('\t')?;
            ids.push(id.to_string());
            digests.push(unhex(d)?);
        }
        (ids.len() == self.n && text.ends_with('\n')).then_some((ids, digests))
    }
}

/// The whole of `table` as last written in full, under whatever stamp.
pub(super) fn whole_base(cache: &Cache, table: &str) -> Option<WholeBase> {
    let h = header(cache, &file(table))?;
    let [word, stamp, digest, n, len] = &h.words[..] else {
        return None;
    };
    let len: u64 = len.parse().ok()?;
    let claims_at = h.body.checked_add(len).filter(|end| *end <= h.size)?;
    (word == "desk").then_some(())?;
    Some(WholeBase {
        stamp: unhex(stamp)?,
        digest: unhex(digest)?,
        n: n.parse().ok()?,
        claims_at,
        size: h.size,
        part: Part {
            file: h.file,
            body: h.body,
            len,
        },
    })
}

/// Keeps `whole` (built from every claim's row of `table`; the claims'
/// ids and file digests beside it) under `stamp`.
pub(super) fn keep_whole(
    cache: &Cache,
    table: &str,
    stamp: &Digest,
    digest: &Digest,
    ids: &[String],
    digests: &[Digest],
    whole: &[u8],
) {
    if ids.len() != digests.len() || !plain_ids(ids) {
        return;
    }
    let head = format!(
        "desk {} {} {} {}\n",
        hex(stamp),
        hex(digest),
        ids.len(),
        whole.len()
    );
    let mut claims = String::with_capacity(ids.len() * 90);
    for (id, d) in ids.iter().zip(digests) {
        claims.push_str(id);
        claims.push('\t');
        hex_into(&mut claims, d);
        claims.push('\n');
    }
    cache.write_file_parts(&file(table), &[head.as_bytes(), whole, claims.as_bytes()]);
}

/// A delta of a kept whole: the structure gathered from the claims added
/// or changed since the whole was written, and where each claim of either
/// sits among the desk's claims now.
pub(super) struct WholeDelta {
    pub part: Part,
    /// For each claim of the base, its place now; `None` for one changed or gone.
    pub base_at: Vec<Option<usize>>,
    /// For each claim of the delta, its place now.
    pub delta_at: Vec<usize>,
}

/// Keeps, under `stamp`, the delta of `base` (whose claims are
/// `base_ids`) made of `whole`, gathered from the desk's claims that
/// `changes` names as new or changed, in order.
#[allow(clippy::too_many_arguments)]
pub(super) fn keep_whole_delta(
    cache: &Cache,
    table: &str,
    stamp: &Digest,
    digest: &Digest,
    (ids, digests): (&[String], &[Digest]),
    base: &WholeBase,
    base_ids: &[String],
    changes: &[Change],
    whole: &[u8],
) {
    if !plain_ids(ids) {
        return;
    }
    let head = format!(
        "delta {} {} {} {} {}\n",
        hex(stamp),
        hex(digest),
        ids.len(),
        hex(&base.stamp),
        whole.len()
    );
    let mut claims = String::new();
    for c in changes {
        match *c {
            Change::Now(i) => {
                claims.push_str(&ids[i]);
                claims.push('\t');
                hex_into(&mut claims, &digests[i]);
            }
            Change::Gone(j) => {
                claims.push_str(&base_ids[j]);
                claims.push_str("\t-");
            }
        }
        claims.push('\n');
    }
    cache.write_file_parts(
        &delta_file(table),
        &[head.as_bytes(), whole, claims.as_bytes()],
    );
}

/// The delta of `base` kept under `stamp`, if any, with the places of the
/// claims of both among the desk's claims now (its claims' digest is
/// `digest`).
pub(super) fn whole_delta(
    cache: &Cache,
    table: &str,
    stamp: &Digest,
    base: &WholeBase,
) -> Option<(WholeDelta, Digest)> {
    let h = header(cache, &delta_file(table))?;
    let [word, at, digest, n, of, len] = &h.words[..] else {
        return None;
    };
    if word != "delta" || unhex(at)? != *stamp || unhex(of)? != base.stamp {
        return None;
    }
    let n: usize = n.parse().ok()?;
    let len: u64 = len.parse().ok()?;
    let claims_at = h.body.checked_add(len).filter(|end| *end <= h.size)?;
    let text = tail(&h.file, claims_at, h.size)?;
    if !text.is_empty() && !text.ends_with('\n') {
        return None;
    }
    let mut changes: Vec<(&str, bool)> = Vec::new();
    for line in text.split_terminator('\n') {
        let (id, d) = line.split_once('\t')?;
        if changes.last().is_some_and(|(last, _)| *last >= id) {
            return None;
        }
        let now = d != "-";
        if now {
            unhex(d)?;
        }
        changes.push((id, now));
    }
    let (base_ids, _) = base.claims()?;
    // The claims now: the base's, less those changed or gone, with the
    // delta's, all in id order.
    let mut base_at = Vec::with_capacity(base_ids.len());
    let mut delta_at = Vec::new();
    let mut at = 0usize;
    let mut change = changes.iter().peekable();
    for id in &base_ids {
        while let Some((_, now)) = change.next_if(|(cid, _)| *cid < id.as_str()) {
            now.then_some(())?; // a removal names a claim of the base
            delta_at.push(at);
            at += 1;
        }
        match change.next_if(|(cid, _)| *cid == id.as_str()) {
            Some((_, true)) => {
                base_at.push(None);
                delta_at.push(at);
                at += 1;
            }
            Some((_, false)) => base_at.push(None),
            None => {
                base_at.push(Some(at));
                at += 1;
            }
        }
    }
    for (_, now) in change {
        now.then_some(())?;
        delta_at.push(at);
        at += 1;
    }
    (at == n).then_some(())?;
    Some((
        WholeDelta {
            part: Part {
                file: h.file,
                body: h.body,
                len,
            },
            base_at,
            delta_at,
        },
        unhex(digest)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::cache::digest;

    /// A desk state: (id, the bytes its row and digest come from).
    fn keep_state(cache: &Cache, stamp: u8, state: &[(&str, &str)], base: Option<&Snapshot>) {
        let ids: Vec<String> = state.iter().map(|(id, _)| id.to_string()).collect();
        let digests: Vec<Digest> = state.iter().map(|(_, b)| digest(b.as_bytes())).collect();
        keep(
            cache,
            "t",
            &[stamp; 32],
            &[stamp; 32],
            &ids,
            &digests,
            |i| state[i].1,
            base,
        );
    }

    fn rows(s: &Snapshot) -> Vec<(String, Digest, String)> {
        (s.ids.iter().zip(&s.digests).zip(&s.rows))
            .map(|((id, d), (a, b))| (id.clone(), *d, s.text[*a..*b].to_string()))
            .collect()
    }

    fn wanted(state: &[(&str, &str)]) -> Vec<(String, Digest, String)> {
        state
            .iter()
            .map(|(id, b)| (id.to_string(), digest(b.as_bytes()), b.to_string()))
            .collect()
    }

    fn cache() -> (tempfile::TempDir, Cache) {
        let d = tempfile::tempdir().unwrap();
        let c = Cache::open(d.path(), true);
        (d, c)
    }

    #[test]
    fn a_few_changes_are_kept_as_a_delta_of_the_rows_written_in_full() {
        let (d, c) = cache();
        let first = [("b", "row b"), ("d", "row d"), ("f", "row f")];
        keep_state(&c, 1, &first, None);
        let full = std::fs::read(d.path().join(".factdesk/cache/t.desk")).unwrap();
        let base = base(&c, "t").expect("written in full");
        assert_eq!(rows(&base), wanted(&first));
        // Added first, in the middle and last; changed; removed.
        let second = [
            ("a", "row a"),
            ("b", "row b"),
            ("c", "row c"),
            ("d", "row d, edited"),
            ("g", "row g"),
        ];
        keep_state(&c, 2, &second, Some(&base));
        assert_eq!(
            std::fs::read(d.path().join(".factdesk/cache/t.desk")).unwrap(),
            full,
            "the rows written in full stay as they are"
        );
        let delta = std::fs::read_to_string(d.path().join(".factdesk/cache/t.delta")).unwrap();
        assert_eq!(delta.lines().count(), 2 + 5, "{delta}");
        let now = current(base, &c, "t", &[2; 32]).ok().expect("amended");
        assert_eq!(rows(&now), wanted(&second));
        assert_eq!(now.digest, [2; 32]);
        // Under its own stamp the base is itself; under another, neither.
        let base = current(super::base(&c, "t").unwrap(), &c, "t", &[1; 32]);
        assert_eq!(rows(&base.ok().unwrap()), wanted(&first));
        assert!(current(super::base(&c, "t").unwrap(), &c, "t", &[3; 32]).is_err());
        // The next delta amends the rows written in full, not the last delta.
        let third = [
            ("b", "row b"),
            ("d", "row d"),
            ("f", "row f"),
            ("h", "row h"),
        ];
        keep_state(&c, 3, &third, Some(&super::base(&c, "t").unwrap()));
        let now = current(super::base(&c, "t").unwrap(), &c, "t", &[3; 32]);
        assert_eq!(rows(&now.ok().unwrap()), wanted(&third));
        assert!(current(super::base(&c, "t").unwrap(), &c, "t", &[2; 32]).is_err());
    }

    #[test]
    fn many_changes_write_the_rows_in_full_and_a_stale_delta_is_never_used() {
        let (_d, c) = cache();
        let names: Vec<String> = (0..600).map(|i| format!("c{i:04}")).collect();
        let first: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "old")).collect();
        keep_state(&c, 1, &first, None);
        let one: Vec<(&str, &str)> = (first.iter().enumerate())
            .map(|(i, (n, r))| (*n, if i == 7 { "new" } else { *r }))
            .collect();
        keep_state(&c, 2, &one, Some(&base(&c, "t").unwrap()));
        assert_eq!(base(&c, "t").unwrap().stamp, [1; 32], "one change: a delta");
        // More changes than the delta may hold: written in full.
        let all: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "all new")).collect();
        keep_state(&c, 3, &all, Some(&base(&c, "t").unwrap()));
        let b = base(&c, "t").unwrap();
        assert_eq!(b.stamp, [3; 32]);
        assert_eq!(rows(&b), wanted(&all));
        // The old delta amends rows no longer kept: never applied.
        assert!(current(b, &c, "t", &[2; 32]).is_err());
    }

    #[test]
    fn a_damaged_delta_is_not_used() {
        let (d, c) = cache();
        let first = [("b", "row b"), ("d", "row d")];
        keep_state(&c, 1, &first, None);
        let second = [("a", "row a"), ("b", "row b2")];
        keep_state(&c, 2, &second, Some(&base(&c, "t").unwrap()));
        let path = d.path().join(".factdesk/cache/t.delta");
        let good = std::fs::read_to_string(&path).unwrap();
        assert!(current(base(&c, "t").unwrap(), &c, "t", &[2; 32]).is_ok());
        let damaged = [
            // A line lost: the count no longer holds.
            good.lines()
                .filter(|l| !l.starts_with("a\t"))
                .map(|l| format!("{l}\n"))
                .collect::<String>(),
            // Cut short.
            good[..good.len() - 3].to_string(),
            // Out of order.
            {
                let mut l: Vec<&str> = good.lines().collect();
                let n = l.len();
                l.swap(n - 1, n - 2);
                l.iter().map(|l| format!("{l}\n")).collect()
            },
            // A digest that is not one.
            good.lines()
                .map(|l| match l.strip_prefix("b\t") {
                    Some(rest) => format!("b\t{}{}\n", "z".repeat(64), &rest[64..]),
                    None => format!("{l}\n"),
                })
                .collect(),
        ];
        for bad in damaged {
            assert_ne!(bad, good);
            std::fs::write(&path, &bad).unwrap();
            let got = current(base(&c, "t").unwrap(), &c, "t", &[2; 32]);
            assert!(got.is_err(), "{bad}");
        }
        // The rows written in full are still there for the next delta.
        assert_eq!(rows(&base(&c, "t").unwrap()), wanted(&first));
    }

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_whole_and_its_delta_place_every_claim_where_it_stands_now() {
        let (_d, c) = cache();
        let base_ids = ids(&["b", "d", "f", "h"]);
        let base_digests: Vec<Digest> = base_ids.iter().map(|i| digest(i.as_bytes())).collect();
        keep_whole(
            &c,
            "w",
            &[1; 32],
            &[1; 32],
            &base_ids,
            &base_digests,
            b"WHOLE",
        );
        let base = whole_base(&c, "w").expect("kept");
        assert_eq!(base.stamp, [1; 32]);
        assert_eq!(base.part.read(0, 5).as_deref(), Some(&b"WHOLE"[..]));
        assert_eq!(base.part.read(1, 5), None, "past the structure's end");
        assert_eq!(
            base.claims(),
            Some((base_ids.clone(), base_digests.clone()))
        );
        // Now: a new first, d changed, f gone, a new one between, a new last.
        let now_ids = ids(&["a", "b", "d", "e", "h", "i"]);
        let mut now_digests: Vec<Digest> = now_ids.iter().map(|i| digest(i.as_bytes())).collect();
        now_digests[2] = digest(b"d, edited");
        let d = diff((&base_ids, &base_digests), (&now_ids, &now_digests), 10).expect("few");
        assert_eq!(d.now().collect::<Vec<_>>(), [0, 2, 3, 5]);
        assert_eq!(d.base_at, [Some(1), None, None, Some(4)]);
        keep_whole_delta(
            &c,
            "w",
            &[2; 32],
            &[2; 32],
            (&now_ids, &now_digests),
            &base,
            &base_ids,
            &d.changes,
            b"DELTA",
        );
        let (delta, digest) = whole_delta(&c, "w", &[2; 32], &base).expect("kept");
        assert_eq!(digest, [2; 32]);
        assert_eq!(delta.part.read(0, 5).as_deref(), Some(&b"DELTA"[..]));
        assert_eq!(delta.base_at, d.base_at, "read back as the diff said");
        assert_eq!(delta.delta_at, [0, 2, 3, 5]);
        // Under another stamp, or for another base, there is none.
        assert!(whole_delta(&c, "w", &[3; 32], &base).is_none());
        keep_whole(&c, "w", &[4; 32], &[4; 32], &now_ids, &now_digests, b"NEW");
        let other = whole_base(&c, "w").unwrap();
        assert!(whole_delta(&c, "w", &[2; 32], &other).is_none());
        // Too many changes for the limit: no diff.
        assert!(diff((&base_ids, &base_digests), (&now_ids, &now_digests), 3).is_none());
    }
}

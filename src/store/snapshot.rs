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
//! The file holds a line naming the stamp, the claims' digest (as
//! [`super::rows::Projected::digest`]) and the number of claims, then one
//! line per claim: its id, a tab, the digest of its file's bytes, a tab,
//! its row. A projection that gathers its
//! rows into one whole-desk structure (search's index) keeps that instead,
//! after the same line, and it is read in parts ([`Part`]).

use super::cache::{hex, hex_into, unhex, Cache, Digest};

/// One projection's rows as the snapshot gives them back.
pub(super) struct Snapshot {
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

/// The snapshot of `table` kept under `stamp`, if any.
pub(super) fn recall(cache: &Cache, table: &str, stamp: &Digest) -> Option<Snapshot> {
    let text = cache.read_file(&file(table))?;
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?.len();
    let head = lines.next()?;
    let mut at = first + head.len();
    let mut h = head.trim_end_matches('\n').split(' ');
    if h.next()? != "desk" || unhex(h.next()?)? != *stamp {
        return None;
    }
    let digest = unhex(h.next()?)?;
    let n: usize = h.next()?.parse().ok()?;
    let mut rows = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    let mut digests = Vec::with_capacity(n);
    for line in lines {
        let start = at;
        at += line.len();
        let body = line.strip_suffix('\n')?;
        let tab = body.find('\t')?;
        let (id, rest) = (&body[..tab], &body[tab + 1..]);
        let hex = rest
            .get(..64)
            .filter(|_| rest.as_bytes().get(64) == Some(&b'\t'))?;
        ids.push(id.to_string());
        digests.push(unhex(hex)?);
        rows.push((start + tab + 1 + 65, start + body.len()));
    }
    (rows.len() == n).then_some(Snapshot {
        text,
        rows,
        ids,
        digests,
        digest,
    })
}

/// Keeps `rows` (the `i`-th claim's row of `table`, read from a file whose
/// bytes have `digests[i]`) under `stamp`; nothing is kept when an id or a
/// row could not be read back as written.
pub(super) fn keep<'a>(
    cache: &Cache,
    table: &str,
    stamp: &Digest,
    digest: &Digest,
    ids: &[String],
    digests: &[Digest],
    row: impl Fn(usize) -> &'a str,
) {
    let plain = |s: &str| !s.contains(['\n', '\t']);
    if ids.len() != digests.len() {
        return;
    }
    let mut body = format!("desk {} {} {}\n", hex(stamp), hex(digest), ids.len());
    for (i, (id, d)) in ids.iter().zip(digests).enumerate() {
        let r = row(i);
        if !plain(id) || r.contains('\n') {
            return;
        }
        body.push_str(id);
        body.push('\t');
        hex_into(&mut body, d);
        body.push('\t');
        body.push_str(r);
        body.push('\n');
    }
    cache.write_file(&file(table), &body);
}

/// A whole-desk structure kept under the stamp in place of rows (a
/// projection's `gather`: search's index), read in parts: a query reads
/// the few byte ranges it needs, not the file.
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

/// Longest header line of a kept whole: `desk`, two digests, a count.
const HEAD: usize = 5 + 64 + 1 + 64 + 1 + 20 + 1;

/// The whole of `table` kept under `stamp`, if any, and the claims' digest.
pub(super) fn recall_whole(cache: &Cache, table: &str, stamp: &Digest) -> Option<(Part, Digest)> {
    use std::os::unix::fs::FileExt as _;
    let (file, start) = cache.open_file(&file(table))?;
    let size = file.metadata().ok()?.len();
    let mut head = vec![0u8; (HEAD as u64).min(size.checked_sub(start)?) as usize];
    file.read_exact_at(&mut head, start).ok()?;
    let line = head
        .split(|b| *b == b'\n')
        .next()
        .filter(|l| l.len() < head.len())?;
    let mut h = std::str::from_utf8(line).ok()?.split(' ');
    if h.next()? != "desk" || unhex(h.next()?)? != *stamp {
        return None;
    }
    let digest = unhex(h.next()?)?;
    let body = start + line.len() as u64 + 1;
    Some((
        Part {
            file,
            body,
            len: size - body,
        },
        digest,
    ))
}

/// Keeps `whole` (built from every claim's row of `table`) under `stamp`.
pub(super) fn keep_whole(
    cache: &Cache,
    table: &str,
    stamp: &Digest,
    digest: &Digest,
    claims: usize,
    whole: &[u8],
) {
    let head = format!("desk {} {} {claims}\n", hex(stamp), hex(digest));
    cache.write_file_bytes(&file(table), &head, whole);
}

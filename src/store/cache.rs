//! The desk's one cache, in `.factdesk/cache/` (local, git-ignored state):
//! what every command that loads the whole desk reuses from the last run.
//!
//! It has two parts with one invalidation policy. The *index* maps each desk
//! file read before to its size, modification time and SHA-256: a file whose
//! size and time still match is known by its digest without being read; any
//! other is read (through the store's capped, link-refusing reader) and
//! hashed again (the index also keeps the inode and change time, see
//! [`Stat`]). *Tables* map a digest to what was derived from exactly
//! those bytes — `claims` holds parsed claims (JSON), `check` each claim
//! file's diagnostics — so a row can never describe other bytes than the
//! ones it is found by. The whole cache belongs to one build of factdesk
//! (its version and the binary's time stamp head every file); a table also
//! carries the settings it was made under (the check's: desk settings and
//! day). A file changed less than two seconds before the index was written
//! is recorded without a time, so the next run hashes it again; an edit in
//! the same clock tick as a read is never hidden. Anything wrong with the
//! cache — missing, damaged, from another build, reached through a link —
//! only means reading and parsing again.

use super::files::{open_regular, read_capped, read_regular, write_derived};
use super::folder;

mod append;
pub use append::Appender;
use sha2::{Digest as _, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A SHA-256 digest: of a file's bytes, or of what a table row is keyed by.
pub type Digest = [u8; 32];

pub fn digest(bytes: &[u8]) -> Digest {
    Sha256::digest(bytes).into()
}

/// A SHA-256 digest taken of bytes as they are written: [`digest`] of all
/// of them, without holding them.
#[derive(Default)]
pub struct DigestWriter(Sha256);

impl DigestWriter {
    pub fn finish(self) -> Digest {
        self.0.finalize().into()
    }
}

impl std::io::Write for DigestWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The digest of several byte strings taken together (each length-prefixed,
/// so that no two different lists share one).
pub fn digest_of<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Digest {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// A pass-through hasher for maps keyed by digests (already uniform).
#[derive(Default, Clone, Copy)]
pub struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<DigestHasher>>;
type Set<K> = HashSet<K, BuildHasherDefault<DigestHasher>>;

/// What the index knows of a desk file without reading it, as git's index
/// does: size, modification time (nanoseconds; 0 when unknown or too recent
/// to trust), and on Unix the inode and the change time. No tool can set a
/// change time, so an edit that keeps the size and puts the old modification
/// time back (`touch -r`, an editor restoring it) still differs; a file
/// replaced by a rename differs by its inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stat {
    size: u64,
    mtime_ns: u128,
    inode: u64,
    ctime_ns: i128,
}

pub(super) fn stat_of(m: &std::fs::Metadata) -> Stat {
    let mtime_ns = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let (inode, ctime_ns) = inode_and_ctime(m);
    Stat {
        size: m.len(),
        mtime_ns,
        inode,
        ctime_ns,
    }
}

#[cfg(unix)]
fn inode_and_ctime(m: &std::fs::Metadata) -> (u64, i128) {
    use std::os::unix::fs::MetadataExt as _;
    (
        m.ino(),
        i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
    )
}

#[cfg(not(unix))]
fn inode_and_ctime(_: &std::fs::Metadata) -> (u64, i128) {
    (0, 0)
}

/// One file as the cache gives it: its digest, and its bytes when they had
/// to be read (the index did not vouch for them).
pub struct File {
    pub digest: Digest,
    pub bytes: Option<Vec<u8>>,
}

/// A bounded or whole reader of a desk file (`files::read_capped`,
/// `files::read_whole`): its bytes and metadata.
type ReadFile = fn(&Path) -> std::io::Result<(Vec<u8>, std::fs::Metadata)>;

/// The index of one run, and where it lives.
pub struct Cache {
    root: PathBuf,
    enabled: bool,
    stamp: String,
    /// Read on first use: a command that only opens tables of the cache
    /// (`report`'s record of `reports/`) never decodes it.
    index: std::sync::OnceLock<Index>,
    /// Whether the index may be read (false: it starts and stays empty).
    indexed: bool,
    /// Files read in this run (new, changed, or not vouched for).
    seen: Mutex<Map<String, (Stat, Digest)>>,
    /// The files' metadata as the caller surveyed them before reading
    /// anything ([`Cache::surveyed`]).
    survey: Option<std::sync::Arc<super::stamp::Survey>>,
}

/// One file the index knows, and whether this run found it unchanged (a
/// flag, so the common case takes no lock and copies no name).
struct Entry {
    stat: Stat,
    digest: Digest,
    vouched: AtomicBool,
}

const INDEX: &str = "index";

/// The index as read: its entries, and its file's number of lines when
/// new lines may be appended to it (this build's, ending with a whole line).
#[derive(Default)]
struct Index {
    entries: Map<String, Entry>,
    lines: Option<usize>,
}

/// How a line of the index that forgets a file starts (the file's path follows).
const GONE: &str = "-\t";

/// Lower-case hexadecimal of `d`.
pub fn hex(d: &[u8]) -> String {
    let mut s = String::with_capacity(d.len() * 2);
    hex_into(&mut s, d);
    s
}

/// Appends [`hex`] of `d` to `s`.
pub fn hex_into(s: &mut String, d: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in d {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0xf)] as char);
    }
}

/// A digest back from [`hex`] (lower-case only, as `hex` writes it).
pub fn unhex(s: &str) -> Option<Digest> {
    // Each byte's value as a hex digit, or 0x10 for any other byte: the
    // digits are combined without a branch and checked once at the end.
    const VALUE: [u8; 256] = {
        let mut t = [0x10u8; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    let b: &[u8; 64] = s.as_bytes().try_into().ok()?;
    let mut d = [0u8; 32];
    let mut bad = 0u8;
    for (out, pair) in d.iter_mut().zip(b.chunks_exact(2)) {
        let (hi, lo) = (VALUE[usize::from(pair[0])], VALUE[usize::from(pair[1])]);
        bad |= hi | lo;
        *out = ((hi & 0xf) << 4) | (lo & 0xf);
    }
    (bad & 0x10 == 0).then_some(d)
}

/// Whether a path can be written into the index as is (the format is
/// tab-separated lines; a name with control characters is simply never cached).
fn indexable(rel: &str) -> bool {
    !rel.chars().any(char::is_control)
}

/// What makes the cache valid: this build of factdesk.
fn stamp() -> String {
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| stat_of(&m).mtime_ns)
        .unwrap_or(0);
    format!("factdesk-cache 2 {}+{build}", env!("CARGO_PKG_VERSION"))
}

impl Cache {
    /// The cache of the desk at `root`; `enabled: false` (or a linked
    /// `.factdesk` or `.factdesk/cache`) reads and writes nothing and
    /// reads every file.
    pub fn open(root: &Path, enabled: bool) -> Cache {
        let dir = dir(root);
        let enabled = enabled && folder::first_link(root, &dir).is_none();
        Cache {
            root: root.to_path_buf(),
            enabled,
            stamp: stamp(),
            index: std::sync::OnceLock::new(),
            indexed: enabled,
            seen: Mutex::new(Map::default()),
            survey: None,
        }
    }

    /// This cache vouching for files by their metadata in `survey` (taken
    /// by the caller before anything was read, as the desk's stamp is)
    /// instead of a `stat` of each: one look at every file's metadata per
    /// run, however many loads share the survey. A file the survey did not
    /// see as a regular file is looked at anew.
    pub fn surveyed(mut self, survey: Option<std::sync::Arc<super::stamp::Survey>>) -> Cache {
        self.survey = survey;
        self
    }

    /// The cache of the desk at `root` without its index: for tables keyed
    /// by something other than one file's digest (a desk's stamp).
    pub fn without_index(root: &Path) -> Cache {
        let enabled = folder::first_link(root, &dir(root)).is_none();
        Cache {
            root: root.to_path_buf(),
            enabled,
            stamp: stamp(),
            index: std::sync::OnceLock::new(),
            indexed: false,
            seen: Mutex::new(Map::default()),
            survey: None,
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The cache file `name` if this build wrote it, whole (its first line
    /// is the build's stamp); `None` when disabled, missing or damaged.
    pub fn read_file(&self, name: &str) -> Option<String> {
        self.enabled
            .then(|| read_state(&dir(&self.root).join(name), &self.stamp))
            .flatten()
    }

    /// Writes the cache file `name`: the build's stamp, a newline, `body`.
    /// Failures only cost speed.
    pub fn write_file(&self, name: &str, body: &str) {
        if self.enabled {
            let mut text = String::with_capacity(self.stamp.len() + 1 + body.len());
            text.push_str(&self.stamp);
            text.push('\n');
            text.push_str(body);
            write_state(&self.root, name, &text);
        }
    }

    /// The cache file `name` opened to be read in parts, if this build
    /// wrote it: the file and the length of its first line (the build's
    /// stamp, checked) with its newline; `None` when disabled, missing,
    /// linked or from another build.
    pub fn open_file(&self, name: &str) -> Option<(std::fs::File, u64)> {
        use std::os::unix::fs::FileExt as _;
        if !self.enabled {
            return None;
        }
        let file = open_regular(&dir(&self.root).join(name)).ok()?;
        let mut head = vec![0u8; self.stamp.len() + 1];
        file.read_exact_at(&mut head, 0).ok()?;
        (head.strip_suffix(b"\n")? == self.stamp.as_bytes()).then_some((file, head.len() as u64))
    }

    /// Writes the cache file `name`: the build's stamp, a newline, then
    /// `parts` one after the other. Failures only cost speed.
    pub fn write_file_parts(&self, name: &str, parts: &[&[u8]]) {
        if self.enabled {
            let len = parts.iter().map(|p| p.len()).sum::<usize>();
            let mut bytes = Vec::with_capacity(self.stamp.len() + 1 + len);
            bytes.extend_from_slice(self.stamp.as_bytes());
            bytes.push(b'\n');
            for p in parts {
                bytes.extend_from_slice(p);
            }
            write_state(&self.root, name, &bytes);
        }
    }

    /// The index of earlier runs, read the first time it is asked for.
    fn index(&self) -> &Map<String, Entry> {
        &self
            .index
            .get_or_init(|| {
                if self.indexed {
                    load_index(&dir(&self.root).join(INDEX), &self.stamp)
                } else {
                    Index::default()
                }
            })
            .entries
    }

    /// The file at `rel` (relative to the desk root): known by its digest
    /// when the index vouches for its size and time, else read and hashed.
    /// Reading refuses links, pipes and files over the record size bound.
    pub fn read(&self, rel: &Path) -> std::io::Result<File> {
        if let Some(d) = self.vouched(rel) {
            return Ok(File {
                digest: d,
                bytes: None,
            });
        }
        let (digest, bytes) = self.read_fresh(rel)?;
        Ok(File {
            digest,
            bytes: Some(bytes),
        })
    }

    /// The digest the index holds for `rel`, if the file's size and time
    /// (read without following a link) still match: its bytes need not be
    /// read to know them (a claim, a transcript).
    pub fn vouched(&self, rel: &Path) -> Option<Digest> {
        if !self.enabled {
            return None;
        }
        let key = rel.to_str()?;
        let e = self.index().get(key)?;
        if e.stat.mtime_ns == 0 {
            return None;
        }
        let stat = match self.survey.as_ref().and_then(|s| s.stat(key)) {
            Some(stat) => stat,
            None => {
                let meta = std::fs::symlink_metadata(self.root.join(rel)).ok()?;
                if !meta.is_file() {
                    return None;
                }
                stat_of(&meta)
            }
        };
        if stat != e.stat {
            return None;
        }
        e.vouched.store(true, Ordering::Relaxed);
        Some(e.digest)
    }

    /// Reads `rel` as [`Cache::read`] does (bounded, never through a link)
    /// without hashing it or noting it in the index: for a run with the
    /// cache off, which looks nothing up.
    pub fn read_unhashed(&self, rel: &Path) -> std::io::Result<Vec<u8>> {
        read_capped(&self.root.join(rel)).map(|r| r.0)
    }

    /// Reads `rel` now, whatever the index says, and records its digest.
    pub fn read_fresh(&self, rel: &Path) -> std::io::Result<(Digest, Vec<u8>)> {
        self.read_fresh_with(rel, read_capped)
    }

    /// Reads the file at `rel` whole (no record size bound: a transcript,
    /// never through a link), and records its digest in the index.
    pub fn read_whole(&self, rel: &Path) -> std::io::Result<(Digest, Vec<u8>)> {
        self.read_fresh_with(rel, super::files::read_whole)
    }

    fn read_fresh_with(&self, rel: &Path, read: ReadFile) -> std::io::Result<(Digest, Vec<u8>)> {
        let (bytes, meta) = read(&self.root.join(rel))?;
        let d = digest(&bytes);
        if let Some(key) = rel.to_str().filter(|k| self.enabled && indexable(k)) {
            self.note(key, stat_of(&meta), d);
        }
        Ok((d, bytes))
    }

    fn note(&self, key: &str, stat: Stat, d: Digest) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(key.to_string(), (stat, d));
        }
    }

    /// Writes the index: every file seen in this run, and the entries of
    /// earlier runs except those inside `complete` (folders this run listed
    /// in full, whose unseen entries are gone). Failures only cost speed.
    pub fn save(self, complete: &[&str]) {
        if !self.enabled {
            return;
        }
        self.index();
        let seen = self.seen.into_inner().unwrap_or_default();
        let Index {
            entries: mut index,
            lines,
        } = self.index.into_inner().unwrap_or_default();
        let line = |out: &mut String, k: &str, e: &Entry| {
            let (s, d) = (e.stat, e.digest);
            out.push_str(&hex(&d));
            let _ = writeln!(
                out,
                "\t{}\t{}\t{}\t{}\t{k}",
                s.size, s.mtime_ns, s.inode, s.ctime_ns
            );
        };
        // What changed, as lines to append: each file gone, each file new
        // or changed.
        let mut news = String::new();
        let mut added = 0;
        index.retain(|k, e| {
            let kept = e.vouched.load(Ordering::Relaxed)
                || seen.contains_key(k)
                || !complete.iter().any(|c| Path::new(k).starts_with(c));
            if !kept {
                news.push_str(GONE);
                news.push_str(k);
                news.push('\n');
                added += 1;
            }
            kept
        });
        let racy = recent();
        for (k, (mut stat, d)) in seen {
            if stat.mtime_ns >= racy {
                stat.mtime_ns = 0;
            }
            if index.get(&k).map(|e| (e.stat, e.digest)) != Some((stat, d)) {
                let e = Entry::new(stat, d);
                line(&mut news, &k, &e);
                added += 1;
                index.insert(k, e);
            }
        }
        if added == 0 {
            return;
        }
        // Appended while the lines no longer used stay under half of the
        // file; the index is then written afresh.
        let path = dir(&self.root).join(INDEX);
        if lines.is_some_and(|n| n + added <= 2 * index.len() + 64)
            && folder::first_link(&self.root, &dir(&self.root)).is_none()
            && append::append(&path, news.as_bytes()).is_ok()
        {
            return;
        }
        let mut out = String::with_capacity(index.len() * 110 + 64);
        out.push_str(&self.stamp);
        out.push('\n');
        for (k, e) in &index {
            line(&mut out, k, e);
        }
        write_state(&self.root, INDEX, &out);
    }
}

/// A file's size and a stamp of its times and inode, read without
/// following a link; `None` for anything but a regular file. The stamp is
/// 0 when the file changed too recently for it to vouch for its content;
/// otherwise it changes with the modification time, the change time (which
/// no tool can set back) or the inode (a file replaced by a rename), as
/// the index's [`Stat`] does.
pub fn file_stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let s = stat_of(&meta);
    if !meta.is_file() {
        return None;
    }
    if s.mtime_ns >= recent() || s.ctime_ns >= racy_after() {
        return Some((s.size, 0));
    }
    let d = digest_of([
        &s.mtime_ns.to_le_bytes()[..],
        &s.ctime_ns.to_le_bytes(),
        &s.inode.to_le_bytes(),
    ]);
    let mut half = [0u8; 16];
    half.copy_from_slice(&d[..16]);
    Some((s.size, u128::from_le_bytes(half) | 1))
}

/// Time stamps from this moment on (minus the clock's resolution) are too
/// recent to vouch for a file's content.
fn recent() -> u128 {
    SystemTime::now()
        .checked_sub(Duration::from_secs(2))
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// [`recent`] as signed nanoseconds, for change times too.
pub(super) fn racy_after() -> i128 {
    recent() as i128
}

fn dir(root: &Path) -> PathBuf {
    root.join(super::STATE_DIR).join("cache")
}

/// Reads a cache file (never through a link); `None` when it is missing,
/// unreadable, not UTF-8 or from another build.
fn read_state(path: &Path, stamp: &str) -> Option<String> {
    let text = String::from_utf8(read_regular(path).ok()?).ok()?;
    let first = text.split('\n').next()?;
    (first == stamp).then_some(text)
}

fn write_state(root: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let d = dir(root);
    if folder::first_link(root, &d).is_none() && std::fs::create_dir_all(&d).is_ok() {
        let _ = write_derived(&d.join(name), bytes.as_ref());
    }
}

impl Entry {
    fn new(stat: Stat, digest: Digest) -> Entry {
        Entry {
            stat,
            digest,
            vouched: AtomicBool::new(false),
        }
    }
}

/// The index file at `path`, as written or appended to: each line an
/// entry (a later one for the same path replaces it) or a path forgotten.
fn load_index(path: &Path, stamp: &str) -> Index {
    let Some(text) = read_state(path, stamp) else {
        return Index::default();
    };
    let entry = |l: &str| {
        let mut f = l.splitn(6, '\t');
        let d = unhex(f.next()?)?;
        let stat = Stat {
            size: f.next()?.parse().ok()?,
            mtime_ns: f.next()?.parse().ok()?,
            inode: f.next()?.parse().ok()?,
            ctime_ns: f.next()?.parse().ok()?,
        };
        Some((f.next()?.to_string(), Entry::new(stat, d)))
    };
    let mut entries = Map::default();
    let mut lines = 0;
    for l in text.lines().skip(1) {
        lines += 1;
        if let Some(gone) = l.strip_prefix(GONE) {
            entries.remove(gone);
        } else if let Some((k, e)) = entry(l) {
            entries.insert(k, e);
        }
    }
    Index {
        entries,
        // A line cut short by a stopped run is never appended to.
        lines: text.ends_with('\n').then_some(lines),
    }
}

/// Where a row sits in its table's text.
#[derive(Debug, Clone, Copy)]
pub struct RowAt(usize, usize);

/// A table of rows derived from exact bytes, keyed by digest: each row one
/// line of text (no newline inside).
pub struct Table {
    name: &'static str,
    settings: String,
    text: String,
    /// The table's file when its rows are left there and each is read when
    /// asked ([`Table::open_on_disk`]); `text` is then empty.
    file: Option<std::fs::File>,
    rows: Map<Digest, (usize, usize)>,
    fresh: Mutex<Map<Digest, String>>,
    used: Mutex<Set<Digest>>,
    /// One line of data the table's owner keeps beside the rows.
    pub extra: String,
    extra_changed: bool,
    /// The bytes of the rows in the table's file (every line after the
    /// header, rows written twice and cut ones included) when the file was
    /// made by this build under these settings; `None` when there was no
    /// such file.
    file_rows: Option<usize>,
    /// The file's last line has no newline: its writer stopped half-way.
    cut: bool,
}

/// A table whose file holds at least this many bytes of rows has the rows
/// new in a run appended ([`Table::save`]); a smaller one is rewritten.
const APPEND_FROM: usize = 1 << 20;

impl Table {
    /// The table `name` of `cache`, made under `settings` (empty when the
    /// cache is disabled or the table was made under other settings).
    pub fn open(cache: &Cache, name: &'static str, settings: &str) -> Table {
        let mut t = Table::empty(name, settings);
        if !cache.enabled {
            return t;
        }
        let Some(text) = read_state(&dir(&cache.root).join(name), &cache.stamp) else {
            return t;
        };
        if !same_settings(&text, &t.settings) {
            return t;
        }
        t.extra = text.split('\n').nth(2).unwrap_or_default().to_string();
        let (mut at, mut header) = (0, 0);
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i >= 3 {
                t.note_row(l.as_bytes(), at);
            } else {
                header += l.len();
            }
            at += l.len();
        }
        t.file_rows = Some(at - header);
        t.cut = !text.ends_with('\n');
        t.text = text;
        t
    }

    /// Notes where the row on `line` sits: the line starts at byte `start`
    /// of the table's file and keeps its newline. A line that is not
    /// `<64 hex digits>\t<row>\n` is passed over (the last line of a file
    /// whose writer stopped half-way has no newline). A digest found again
    /// further down the file (an appended row) is the later row. Both ways
    /// of opening a table index their rows with it.
    fn note_row(&mut self, line: &[u8], start: usize) {
        let Some(line) = line.strip_suffix(b"\n") else {
            return;
        };
        if line.len() < 65 || line[64] != b'\t' {
            return;
        }
        let Some(d) = std::str::from_utf8(&line[..64]).ok().and_then(unhex) else {
            return;
        };
        self.rows.insert(d, (start + 65, start + line.len()));
    }

    fn empty(name: &'static str, settings: &str) -> Table {
        Table {
            name,
            settings: settings.replace('\n', " "),
            text: String::new(),
            file: None,
            rows: Map::default(),
            fresh: Mutex::new(Map::default()),
            used: Mutex::new(Set::default()),
            extra: String::new(),
            extra_changed: false,
            file_rows: None,
            cut: false,
        }
    }

    /// [`Table::open`] for a big table whose rows are each read at most
    /// once (the `claims` table of a whole load): its file is read through
    /// once for where each row sits, and the rows stay in the file, each
    /// read when asked by [`Table::row`], so the table's text is never
    /// held whole. A row that cannot be read back is only a row not found.
    pub fn open_on_disk(cache: &Cache, name: &'static str, settings: &str) -> Table {
        use std::io::BufRead as _;
        let mut t = Table::empty(name, settings);
        if !cache.enabled {
            return t;
        }
        let Ok(file) = open_regular(&dir(&cache.root).join(name)) else {
            return t;
        };
        let mut reader = std::io::BufReader::with_capacity(1 << 20, &file);
        let mut head = String::new();
        for _ in 0..3 {
            if reader.read_line(&mut head).is_err() {
                return t;
            }
        }
        if head.split('\n').next() != Some(cache.stamp.as_str())
            || !same_settings(&head, &t.settings)
        {
            return t;
        }
        t.extra = head.split('\n').nth(2).unwrap_or_default().to_string();
        let (mut at, mut line) = (head.len(), Vec::new());
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Err(_) => return Table::empty(name, settings),
                Ok(n) => {
                    t.note_row(&line, at);
                    t.cut = !line.ends_with(b"\n");
                    at += n;
                }
            }
        }
        drop(reader);
        t.file_rows = Some(at - head.len());
        t.file = Some(file);
        t
    }

    /// The row an earlier run stored for `d`: borrowed from the table's
    /// text, or read from its file ([`Table::open_on_disk`]).
    pub fn row(&self, d: &Digest) -> Option<std::borrow::Cow<'_, str>> {
        let r = self.find(d)?;
        self.row_at(r)
    }

    fn row_at(&self, r: RowAt) -> Option<std::borrow::Cow<'_, str>> {
        let Some(file) = &self.file else {
            return Some(std::borrow::Cow::Borrowed(self.at(r)));
        };
        let mut bytes = vec![0u8; r.1.checked_sub(r.0)?];
        read_at(file, &mut bytes, r.0 as u64).ok()?;
        String::from_utf8(bytes).ok().map(std::borrow::Cow::Owned)
    }

    /// The row an earlier run stored for `d` (a table read whole by
    /// [`Table::open`]).
    pub fn get(&self, d: &Digest) -> Option<&str> {
        self.find(d).map(|r| self.at(r))
    }

    /// Where the row an earlier run stored for `d` sits (see [`Table::at`]).
    pub fn find(&self, d: &Digest) -> Option<RowAt> {
        let &(s, e) = self.rows.get(d)?;
        if let Ok(mut u) = self.used.lock() {
            u.insert(*d);
        }
        Some(RowAt(s, e))
    }

    /// The row found at `r` by [`Table::find`] of this table (read whole
    /// by [`Table::open`]).
    pub fn at(&self, r: RowAt) -> &str {
        self.text.get(r.0..r.1).unwrap_or_default()
    }

    /// Stores `row` for `d` (a row holding a newline is not kept).
    pub fn put(&self, d: Digest, row: String) {
        if row.contains('\n') {
            return;
        }
        if let Ok(mut f) = self.fresh.lock() {
            f.insert(d, row);
        }
    }

    /// Replaces the table's extra line.
    pub fn set_extra(&mut self, extra: String) {
        let extra = extra.replace('\n', " ");
        self.extra_changed |= extra != self.extra;
        self.extra = extra;
    }

    /// Saves the table: the rows used or put in this run and, unless the
    /// run covered the whole desk (`whole`), every older row too. The rows
    /// new in this run are appended to the table's file (one edited record
    /// costs one row's write, not the table's) while the file is big and
    /// at most half of what it would hold is rows no longer kept (rows
    /// replaced, appended twice or unused by a whole run); otherwise the
    /// file is written afresh with only the rows kept.
    pub fn save(&self, cache: &Cache, whole: bool) {
        if !cache.enabled {
            return;
        }
        let (Ok(fresh), Ok(used)) = (self.fresh.lock(), self.used.lock()) else {
            return;
        };
        let kept = |d: &Digest| !fresh.contains_key(d) && (!whole || used.contains(d));
        let old: Vec<(&Digest, &(usize, usize))> =
            self.rows.iter().filter(|(d, _)| kept(d)).collect();
        let line = |row: usize| row + 66;
        let fresh_bytes: usize = fresh.values().map(|r| line(r.len())).sum();
        let live = old.iter().map(|(_, (s, e))| line(e - s)).sum::<usize>() + fresh_bytes;
        let unchanged = fresh.is_empty() && !self.extra_changed;
        if unchanged && self.file_rows.is_none_or(|on_disk| on_disk == live) {
            return;
        }
        if let Some(on_disk) = self.file_rows.filter(|_| !self.extra_changed && !self.cut) {
            if on_disk >= APPEND_FROM && on_disk + fresh_bytes <= 2 * live {
                let rows = Appender::open(cache, self.name, &self.settings);
                for (d, row) in fresh.iter() {
                    rows.put(d, row);
                }
                rows.finish();
                return;
            }
        }
        let mut out = String::with_capacity(live + self.extra.len() + 256);
        out.push_str(&table_header(&cache.stamp, &self.settings, &self.extra));
        for (d, &(s, e)) in old {
            if let Some(row) = self.row_at(RowAt(s, e)) {
                let _ = writeln!(out, "{}\t{row}", hex(d));
            }
        }
        for (d, row) in fresh.iter() {
            let _ = writeln!(out, "{}\t{row}", hex(d));
        }
        write_state(&cache.root, self.name, &out);
    }
}

/// Fills `buf` from `file` at `offset`.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read as _, Seek as _};
    let mut f = file.try_clone()?;
    f.seek(std::io::SeekFrom::Start(offset))?;
    f.read_exact(buf)
}

/// The first three lines of a table's file: the build's stamp, the
/// settings it was made under (newlines already folded), the extra line.
pub(super) fn table_header(stamp: &str, settings: &str, extra: &str) -> String {
    format!("{stamp}\nsettings {settings}\n{extra}\n")
}

/// Whether a table's text (from its first line on) was made under
/// `settings`: its second line is [`table_header`]'s.
pub(super) fn same_settings(text: &str, settings: &str) -> bool {
    text.split('\n')
        .nth(1)
        .and_then(|l| l.strip_prefix("settings "))
        == Some(settings)
}

#[cfg(test)]
mod tests;

//! The desk as `check` is handed it: the settings' bytes, which desk folders
//! are links, the listings of `claims/` and `sources/` (non-UTF-8 names and
//! hidden entries kept), and every further file `check` needs read on its
//! behalf — source records, transcripts, a record's text to place a
//! diagnostic — through the store's readers, which never follow a link,
//! never open a pipe and bound a record's size. `check` itself does no file
//! I/O: it asks this loader (and the one cache, [`record_through`]) for
//! bytes, and its rules are pure functions of what it is given.
//!
//! Record and transcript bytes are read when the check asks for them, not
//! all up front: a 100,000-claim desk's texts are only needed to place the
//! rare cross-file diagnostic, and the claims themselves come through the
//! cache ([`record_through`]), most of them without being read at all.

use super::cache::{Cache, Digest, Table};
use super::folder::{self, FolderError, Listing};
use super::{files, CLAIMS_DIR, CONFIG_FILE, SOURCES_DIR};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The files of one desk, as one check run sees them.
pub struct DeskFiles {
    root: PathBuf,
    /// `factdesk.yaml`'s bytes (bounded like every record), or why they
    /// cannot be read.
    pub config: io::Result<Vec<u8>>,
    /// Desk folders that are symbolic links (relative to the root); nothing
    /// is read through them.
    pub linked: Vec<PathBuf>,
    /// Hidden names beside `factdesk.yaml` (temporary files of interrupted
    /// writes among them); listed only for a whole-desk run.
    pub root_hidden: Vec<String>,
    /// The entries of `claims/`.
    pub claims: Result<Listing, FolderError>,
    /// The entries of `sources/`.
    pub sources: Result<Listing, FolderError>,
}

impl DeskFiles {
    /// Reads the settings and lists the desk at `root`; the root folder's
    /// hidden entries only when `whole`.
    pub fn open(root: &Path, whole: bool) -> DeskFiles {
        let config = files::read_capped(&root.join(CONFIG_FILE)).map(|r| r.0);
        let linked = folder::linked_folders(root);
        let root_hidden = if whole {
            folder::list(root, Path::new(""))
                .map(|l| l.hidden)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        DeskFiles {
            root: root.to_path_buf(),
            config,
            linked,
            root_hidden,
            claims: folder::list(root, Path::new(CLAIMS_DIR)),
            sources: folder::list(root, Path::new(SOURCES_DIR)),
        }
    }

    /// The record at `rel` (relative to the root), read at most one byte
    /// past the record size bound.
    pub fn record(&self, rel: &Path) -> io::Result<Vec<u8>> {
        files::read_capped(&self.root.join(rel)).map(|r| r.0)
    }

    /// The file at `rel` whole (no size bound: a transcript, a record to
    /// check again).
    pub fn bytes(&self, rel: &Path) -> io::Result<Vec<u8>> {
        files::read_regular(&self.root.join(rel))
    }

    /// The text of the file at `rel`, when it can be read and is UTF-8 (to
    /// place a diagnostic in it).
    pub fn text(&self, rel: &Path) -> Option<String> {
        files::read_regular_text(&self.root.join(rel)).ok()
    }

    /// The texts of the files of the folder `rel` that `wanted` names (the
    /// desk's template overrides), as [`overrides`] reads them.
    pub fn overrides(
        &self,
        rel: &str,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<BTreeMap<String, String>, (PathBuf, io::Error)> {
        overrides(&self.root, rel, wanted)
    }
}

/// The texts, by file name, of the files of the desk folder `rel` (not
/// recursive) whose names `wanted` accepts: a missing folder has none, a
/// linked folder or file is refused by name, each file is read whole as
/// UTF-8 text. The error names the path (relative to the root) that could
/// not be read. The one reader of the desk's template overrides, for
/// `check` and `report` alike.
pub fn overrides(
    root: &Path,
    rel: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<BTreeMap<String, String>, (PathBuf, io::Error)> {
    let listing = folder::list(root, Path::new(rel)).map_err(|e| match e {
        FolderError::Link { rel } => (rel, files::link_error()),
        FolderError::Io { path, source } => (path, source),
    })?;
    let mut out = BTreeMap::new();
    for entry in &listing.entries {
        let name = entry.name.as_str();
        if entry.kind == folder::Kind::Folder || !wanted(name) {
            continue;
        }
        let text = files::read_regular_text(&root.join(rel).join(name))
            .map_err(|e| (Path::new(rel).join(name), e))?;
        out.insert(name.to_string(), text);
    }
    Ok(out)
}

/// What [`record_through`] gives for one record: a value and whether it came
/// from the table.
pub type Through<T> = (T, bool);

/// The record at `rel` through `table` of the one cache: `cached` from the
/// row an earlier run stored for exactly these bytes at this path (the
/// index vouches for unchanged files, which are then not read); else the
/// bytes are read (bounded, never through a link), `fresh` makes the value
/// from them and their digest and, when the cache is on, `row` the row to
/// store for next time. With the cache off nothing is looked up or kept,
/// so the bytes are not hashed: `fresh` gets no digest.
pub fn record_through<T>(
    files: &Cache,
    table: &Table,
    rel: &Path,
    cached: impl FnOnce(&str) -> Option<T>,
    fresh: impl FnOnce(&[u8], Option<&Digest>) -> T,
    row: impl FnOnce(&T) -> String,
) -> io::Result<Through<T>> {
    if !files.enabled() {
        let bytes = files.read_unhashed(rel)?;
        return Ok((fresh(&bytes, None), false));
    }
    let file = files.read(rel)?;
    let key = |d: &Digest| super::cache::digest_of([&d[..], rel.as_os_str().as_encoded_bytes()]);
    if let Some(v) = table.get(&key(&file.digest)).and_then(cached) {
        return Ok((v, true));
    }
    let (digest, bytes) = match file.bytes {
        Some(b) => (file.digest, b),
        None => files.read_fresh(rel)?,
    };
    let value = fresh(&bytes, Some(&digest));
    table.put(key(&digest), row(&value));
    Ok((value, false))
}

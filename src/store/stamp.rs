//! The stamp of a desk's files: one digest of everything a whole-desk check
//! reads or looks at, taken from the file system's metadata alone. Every
//! entry of `claims/`, `sources/` (records and transcripts) and
//! `templates/`, and `factdesk.yaml`, count with their name, kind, size,
//! modification time, inode and change time, read without following a link
//! (the rule by which the cache's index vouches for one file, applied to
//! all of them at once); the desk folders themselves and the hidden entries
//! of the root (stale temporary files, `.git`) with their name and kind
//! only (`reports/` and `.factdesk/` not at all while they are plain
//! folders: check never looks inside them, and the first check creating
//! `.factdesk/` for its cache must not make the next check's stamp differ). Two equal stamps mean the same files with the same bytes,
//! so a result computed from the first can stand for the second. A desk
//! with a file changed in the last two seconds has no stamp (an edit in the
//! same clock tick would keep its times), nor has a desk holding a
//! temporary file of a write (it is stale once its writer stops, which no
//! metadata shows), nor a desk whose folders cannot be read.

use super::cache::{digest_of, Digest};
use super::folder::sorted_entries;
use super::{CLAIMS_DIR, CONFIG_FILE, REPORTS_DIR, SOURCES_DIR, STATE_DIR, TEMPLATES_DIR};
use rayon::prelude::*;
use std::fs::Metadata;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Entries stamped per digest, in parallel (the digests are then combined).
const CHUNK: usize = 4096;

/// The stamp of the desk at `root`, or `None` (see the module's comment).
pub fn desk_stamp(root: &Path) -> Option<Digest> {
    let racy = super::cache::racy_after();
    let mut top: Vec<Vec<u8>> = Vec::new();
    let mut folders = Vec::new();
    for (name, entry) in sorted_entries(root).ok()? {
        let desk_folder = super::folder::DESK_FOLDERS
            .iter()
            .any(|f| f.as_bytes() == name);
        let config = name == CONFIG_FILE.as_bytes();
        if !(config || desk_folder || name.starts_with(b".")) {
            continue;
        }
        if temporary(&name) {
            return None;
        }
        let meta = entry.metadata().ok()?;
        // `reports/` counts only when it is not a folder (a link is what
        // check reports there): `report` creating or replacing it, or
        // someone removing it, changes nothing check looks at.
        if name == REPORTS_DIR.as_bytes() && meta.is_dir() {
            continue;
        }
        // Nor `.factdesk/` while it is a folder: the first cached check
        // creates it, after taking the stamp its result is kept under.
        if name == STATE_DIR.as_bytes() && meta.is_dir() {
            continue;
        }
        // The settings by their content; folders and hidden entries (stale
        // temporary files, .git, .factdesk) by their names and kinds only,
        // so that git's or the cache's own writes change nothing.
        top.push(match config {
            true => line(&name, &meta, racy)?,
            false => kind(&name, &meta),
        });
        let listed = [CLAIMS_DIR, SOURCES_DIR, TEMPLATES_DIR]
            .iter()
            .any(|f| f.as_bytes() == name);
        if listed && meta.is_dir() {
            folders.push(entry.path());
        }
    }
    let mut parts = vec![digest_of(top.iter().map(Vec::as_slice))];
    for dir in folders {
        parts.push(folder_stamp(&dir, racy)?);
    }
    Some(digest_of(parts.iter().map(|d| &d[..])))
}

/// The stamp of every entry of `dir`, stated in parallel.
fn folder_stamp(dir: &Path, racy: i128) -> Option<Digest> {
    let entries = sorted_entries(dir).ok()?;
    if entries.iter().any(|(name, _)| temporary(name)) {
        return None;
    }
    let chunks = entries
        .par_chunks(CHUNK)
        .map(|chunk| {
            let lines = chunk
                .iter()
                .map(|(name, e)| line(name, &e.metadata().ok()?, racy))
                .collect::<Option<Vec<Vec<u8>>>>()?;
            Some(digest_of(lines.iter().map(Vec::as_slice)))
        })
        .collect::<Option<Vec<Digest>>>()?;
    let name = dir.file_name().map_or(&[][..], |n| n.as_bytes());
    Some(digest_of(
        std::iter::once(name).chain(chunks.iter().map(|d| &d[..])),
    ))
}

/// Whether `name` is a temporary file of a write: whether it is stale
/// depends on its writer still running, which no metadata shows.
fn temporary(name: &[u8]) -> bool {
    std::str::from_utf8(name)
        .ok()
        .and_then(super::temp::parse)
        .is_some()
}

fn named(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + 80);
    out.extend_from_slice(&(name.len() as u64).to_le_bytes());
    out.extend_from_slice(name);
    out
}

/// An entry's name and kind (file, folder, link, other), no more.
fn kind(name: &[u8], m: &Metadata) -> Vec<u8> {
    let mut out = named(name);
    out.extend_from_slice(&(m.mode() & 0o170_000).to_le_bytes());
    out
}

/// One entry's name and metadata (from `DirEntry::metadata`, which never
/// follows a link); `None` when it changed too recently to vouch for.
fn line(name: &[u8], m: &Metadata, racy: i128) -> Option<Vec<u8>> {
    let mtime = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
    let ctime = i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec());
    if mtime >= racy || ctime >= racy {
        return None;
    }
    let mut out = named(name);
    for n in [u64::from(m.mode()), m.size(), m.ino(), m.dev(), m.nlink()] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&mtime.to_le_bytes());
    out.extend_from_slice(&ctime.to_le_bytes());
    Some(out)
}

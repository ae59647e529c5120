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

use super::cache::{digest_of, stat_of, Digest, Stat};
use super::folder::sorted_entries;
use super::{CLAIMS_DIR, CONFIG_FILE, REPORTS_DIR, SOURCES_DIR, STATE_DIR, TEMPLATES_DIR};
use rayon::prelude::*;
use std::fs::Metadata;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Entries stamped per digest, in parallel (the digests are then combined).
const CHUNK: usize = 4096;

/// A folder's regular files by name, sorted by name, with their metadata.
type Files = Vec<(Vec<u8>, Stat)>;

/// One look at the metadata of every entry the stamp counts: the desk's
/// stamp, when it has one, and the metadata of each regular file of
/// `claims/`, `sources/` and `templates/` as it was then. The cache's index
/// vouches for a file by that metadata ([`super::cache::Cache::surveyed`])
/// instead of a second `stat`: a file changed after the survey has other
/// times by the next run, as with a `stat` of its own.
#[derive(Default)]
pub struct Survey {
    /// The desk's stamp (see the module's comment), or `None`.
    pub stamp: Option<Digest>,
    /// Each listed folder's regular files by name, sorted by name.
    folders: Vec<(&'static str, Files)>,
}

impl Survey {
    /// The metadata of the regular file `rel` (`claims/a.yaml`) as
    /// surveyed; `None` when the survey did not see it as a regular file
    /// of a listed folder (it is then looked at anew).
    pub(super) fn stat(&self, rel: &str) -> Option<Stat> {
        let (folder, name) = rel.split_once('/')?;
        let (_, files) = self.folders.iter().find(|(f, _)| *f == folder)?;
        let i = files
            .binary_search_by(|(n, _)| n.as_slice().cmp(name.as_bytes()))
            .ok()?;
        Some(files[i].1)
    }
}

/// The survey of the desk at `root`: its stamp and its files' metadata,
/// from one `stat` of each entry. A folder that cannot be listed is left
/// out (and the desk has no stamp).
pub fn desk_survey(root: &Path) -> Survey {
    let racy = super::cache::racy_after();
    let Ok(entries) = sorted_entries(root) else {
        return Survey::default();
    };
    // Whether every entry counted could be stamped.
    let mut stamped = true;
    let mut top: Vec<Vec<u8>> = Vec::new();
    let mut listed = Vec::new();
    for (name, entry) in entries {
        let desk_folder = super::folder::DESK_FOLDERS
            .iter()
            .any(|f| f.as_bytes() == name);
        let config = name == CONFIG_FILE.as_bytes();
        if !(config || desk_folder || name.starts_with(b".")) {
            continue;
        }
        if temporary(&name) {
            stamped = false;
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            stamped = false;
            continue;
        };
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
        match config {
            true => match line(&name, &meta, racy) {
                Some(l) => top.push(l),
                None => stamped = false,
            },
            false => top.push(kind(&name, &meta)),
        }
        let folder = [CLAIMS_DIR, SOURCES_DIR, TEMPLATES_DIR]
            .into_iter()
            .find(|f| f.as_bytes() == name);
        if let Some(folder) = folder.filter(|_| meta.is_dir()) {
            listed.push((folder, entry.path()));
        }
    }
    let mut parts = vec![digest_of(top.iter().map(Vec::as_slice))];
    let mut folders = Vec::with_capacity(listed.len());
    for (folder, dir) in listed {
        let (stamp, files) = folder_survey(&dir, racy);
        match stamp {
            Some(d) => parts.push(d),
            None => stamped = false,
        }
        folders.push((folder, files));
    }
    Survey {
        stamp: stamped.then(|| digest_of(parts.iter().map(|d| &d[..]))),
        folders,
    }
}

/// The stamp of every entry of `dir` (`None` when one cannot be stamped)
/// and the metadata of its regular files, stated in parallel.
fn folder_survey(dir: &Path, racy: i128) -> (Option<Digest>, Files) {
    let Ok(entries) = sorted_entries(dir) else {
        return (None, Vec::new());
    };
    let fresh = !entries.iter().any(|(name, _)| temporary(name));
    let chunks = entries
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut lines = Some(Vec::with_capacity(chunk.len()));
            let mut files = Vec::with_capacity(chunk.len());
            for (name, e) in chunk {
                let Ok(meta) = e.metadata() else {
                    lines = None;
                    continue;
                };
                if meta.is_file() {
                    files.push((name.clone(), stat_of(&meta)));
                }
                match line(name, &meta, racy) {
                    Some(l) => {
                        if let Some(ls) = lines.as_mut() {
                            ls.push(l);
                        }
                    }
                    None => lines = None,
                }
            }
            let stamp = lines.map(|ls| digest_of(ls.iter().map(Vec::as_slice)));
            (stamp, files)
        })
        .collect::<Vec<_>>();
    let mut files = Vec::with_capacity(entries.len());
    let mut stamps = Vec::with_capacity(chunks.len());
    for (stamp, some) in chunks {
        stamps.push(stamp);
        files.extend(some);
    }
    let stamps = stamps
        .into_iter()
        .collect::<Option<Vec<Digest>>>()
        .filter(|_| fresh);
    let name = dir.file_name().map_or(&[][..], |n| n.as_bytes());
    let stamp =
        stamps.map(|chunks| digest_of(std::iter::once(name).chain(chunks.iter().map(|d| &d[..]))));
    (stamp, files)
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

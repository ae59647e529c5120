//! A folder of derived files (a rendered report) replaced as a whole, without
//! holding the files in memory: each new file is written to a hidden
//! temporary file beside its target as soon as it is rendered ([`Staging::stage`]),
//! and only once every file is written are they renamed into place
//! ([`Staging::commit`]). An error or a crash while rendering leaves the
//! folder exactly as it was (plus hidden temporary files, which the next
//! write in the folder removes: [`super::temp`]); the short rename phase is bracketed by
//! a marker file, so a crash inside it leaves a folder that says it is
//! incomplete instead of a silent mix of old and new pages. Derived files
//! are not flushed to disk (they can be rendered again; see
//! [`super::write_derived`]).

use super::files::{install, write_temp};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// New files written beside their targets, waiting to be renamed into place.
/// Dropping it without [`Staging::commit`] removes every temporary file.
#[derive(Debug)]
pub struct Staging {
    root: PathBuf,
    staged: Mutex<Vec<(PathBuf, PathBuf)>>,
    made: Mutex<BTreeSet<PathBuf>>,
}

impl Staging {
    /// Staging for files below `dir`; no folder under it may be a link
    /// (checked from `dir`'s parent before each folder is created).
    pub fn new(dir: &Path) -> Staging {
        Staging {
            root: dir.to_path_buf(),
            staged: Mutex::new(Vec::new()),
            made: Mutex::new(BTreeSet::new()),
        }
    }

    /// Writes `bytes` to a temporary file beside `dir/rel` (`rel` uses `/`),
    /// creating its folder when needed. Safe to call from many threads.
    pub fn stage(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            self.make_folder(parent)?;
        }
        let tmp = write_temp(&path, bytes, false, true)?;
        match self.staged.lock() {
            Ok(mut staged) => staged.push((tmp, path)),
            Err(_) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(poisoned());
            }
        }
        Ok(())
    }

    fn make_folder(&self, folder: &Path) -> std::io::Result<()> {
        let mut made = self.made.lock().map_err(|_| poisoned())?;
        if made.contains(folder) {
            return Ok(());
        }
        let base = self.root.parent().unwrap_or(&self.root);
        super::ensure_no_link(base, folder)?;
        std::fs::create_dir_all(folder)?;
        made.insert(folder.to_path_buf());
        Ok(())
    }

    /// How many files are staged.
    pub fn len(&self) -> usize {
        self.staged.lock().map_or(0, |s| s.len())
    }

    /// Whether nothing is staged.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Renames every staged file into place and removes `stale` (paths
    /// below the folder), between writing `marker` (`name`, text) into the
    /// folder and removing it: if this stops half-way, the marker stays.
    pub fn commit(self, stale: &[PathBuf], marker: (&str, &str)) -> std::io::Result<()> {
        let staged = std::mem::take(&mut *self.staged.lock().map_err(|_| poisoned())?);
        if staged.is_empty() && stale.is_empty() {
            return Ok(());
        }
        let marker_path = self.root.join(marker.0);
        std::fs::create_dir_all(&self.root)?;
        super::write_derived(&marker_path, marker.1.as_bytes())?;
        let crash_after = crash_after_renames();
        let started = std::sync::atomic::AtomicUsize::new(0);
        let installed = staged.par_iter().try_for_each(|(tmp, path)| {
            // The fault is decided before a rename, never after it: however
            // many threads rename at once, at most `crash_after` files are
            // renamed before the process stops.
            let n = started.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            if crash_after.is_some_and(|limit| n > limit) {
                std::process::exit(70);
            }
            install(tmp, path)
        });
        if crash_after.is_some_and(|limit| limit <= staged.len()) {
            std::process::exit(70);
        }
        if let Err(e) = installed {
            for (tmp, _) in &staged {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(e);
        }
        let stale = stale.iter().filter(|p| **p != marker_path);
        for path in stale.chain([&marker_path]) {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Fault injection for the crash tests: the process stops once this many
/// files were renamed into place, before the rest (and before the marker is
/// removed).
pub(super) fn crash_after_renames() -> Option<usize> {
    std::env::var("FACTDESK_TEST_CRASH_AFTER_RENAMES")
        .ok()
        .and_then(|n| n.parse().ok())
}

fn poisoned() -> std::io::Error {
    std::io::Error::other("staging poisoned")
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Ok(staged) = self.staged.get_mut() {
            for (tmp, _) in staged.drain(..) {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_replaced_before_commit_and_dropping_cleans_up() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("reports");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("index.html"), "old").expect("write");
        let staging = Staging::new(&out);
        staging.stage("index.html", b"new").expect("stage");
        staging.stage("checks/a.html", b"a").expect("stage");
        assert_eq!(std::fs::read(out.join("index.html")).expect("read"), b"old");
        assert!(!out.join("checks/a.html").exists());
        drop(staging);
        let left: Vec<_> = std::fs::read_dir(&out).expect("ls").collect();
        assert_eq!(left.len(), 2, "index.html and the empty checks/ folder");
        assert_eq!(
            std::fs::read_dir(out.join("checks")).expect("ls").count(),
            0
        );
    }

    #[test]
    fn commit_installs_removes_stale_and_leaves_no_marker() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("reports");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("page-3.html"), "stale").expect("write");
        let staging = Staging::new(&out);
        staging.stage("index.html", b"new").expect("stage");
        staging
            .commit(&[out.join("page-3.html")], ("INCOMPLETE.txt", "x"))
            .expect("commit");
        assert_eq!(std::fs::read(out.join("index.html")).expect("read"), b"new");
        assert!(!out.join("page-3.html").exists());
        assert!(!out.join("INCOMPLETE.txt").exists());
    }
}

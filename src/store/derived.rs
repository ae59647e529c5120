//! A folder of derived files (a rendered report) replaced as a whole, without
//! holding the files in memory: each new file is written to a hidden
//! temporary file beside its target as soon as it is rendered ([`Staging::stage`]),
//! and only once every file is written are they renamed into place
//! ([`Staging::commit`]). An error while rendering leaves the folder exactly
//! as it was: the temporary files are removed, and so are the folders the
//! staging created for them (a fresh `reports/`, its `sources/`). A crash
//! while rendering leaves only hidden temporary files, which the next write
//! in the folder removes ([`super::temp`]); the short rename phase is bracketed by
//! a marker file, so a crash inside it leaves a folder that says it is
//! incomplete instead of a silent mix of old and new pages. Derived files
//! are not flushed to disk (they can be rendered again; see
//! [`super::write_derived`]).

use super::files::{install, open_temp, write_temp};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// New files written beside their targets, waiting to be renamed into place.
/// Dropping it without [`Staging::commit`] removes every temporary file.
#[derive(Debug)]
pub struct Staging {
    root: PathBuf,
    staged: Mutex<Vec<(PathBuf, PathBuf)>>,
    made: Mutex<BTreeSet<PathBuf>>,
    /// Folders that did not exist and were created for staged files, in
    /// the order they were created (outermost first).
    created: Mutex<Vec<PathBuf>>,
}

impl Staging {
    /// Staging for files below `dir`; no folder under it may be a link
    /// (checked from `dir`'s parent before each folder is created).
    pub fn new(dir: &Path) -> Staging {
        Staging {
            root: dir.to_path_buf(),
            staged: Mutex::new(Vec::new()),
            made: Mutex::new(BTreeSet::new()),
            created: Mutex::new(Vec::new()),
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

    /// Streams a file into a temporary file beside `dir/rel`: `write`
    /// writes its bytes and says whether to keep it (staged, `true`) or
    /// not (removed, `false`: the file on disk is already those bytes).
    /// Nothing is left behind when `write` fails.
    pub fn stage_stream(
        &self,
        rel: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<bool>,
    ) -> std::io::Result<bool> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            self.make_folder(parent)?;
        }
        let (file, tmp) = open_temp(&path, true)?;
        let mut out = std::io::BufWriter::new(file);
        let kept = write(&mut out).and_then(|keep| out.flush().map(|()| keep));
        drop(out);
        match kept {
            Ok(true) => match self.staged.lock() {
                Ok(mut staged) => {
                    staged.push((tmp, path));
                    Ok(true)
                }
                Err(_) => {
                    let _ = std::fs::remove_file(&tmp);
                    Err(poisoned())
                }
            },
            Ok(false) => {
                let _ = std::fs::remove_file(&tmp);
                Ok(false)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(super::write_error::explain(e))
            }
        }
    }

    fn make_folder(&self, folder: &Path) -> std::io::Result<()> {
        let mut made = self.made.lock().map_err(|_| poisoned())?;
        if made.contains(folder) {
            return Ok(());
        }
        let base = self.root.parent().unwrap_or(&self.root);
        super::ensure_no_link(base, folder)?;
        let missing: Vec<&Path> = folder
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
            .collect();
        let made_now = std::fs::create_dir_all(folder);
        if let Ok(mut created) = self.created.lock() {
            created.extend(missing.iter().rev().map(|p| p.to_path_buf()));
        }
        made_now?;
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
        // The folders stay from here on: files are renamed into them.
        std::mem::take(&mut *self.created.lock().map_err(|_| poisoned())?);
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

/// A writer that compares the bytes written into it with a file on disk,
/// chunk by chunk, holding neither whole (`report --check` of a streamed
/// file). Writing into it never fails: a file that cannot be read differs.
pub struct SameAs {
    file: Option<std::io::BufReader<std::fs::File>>,
    chunk: Vec<u8>,
}

impl SameAs {
    /// Compares with the file at `path` (`None`: there is no file, so the
    /// bytes differ).
    pub fn new(path: Option<&Path>) -> SameAs {
        // Never through a link, never blocking on a pipe.
        let file = path
            .and_then(|p| super::files::open_regular(p).ok())
            .map(std::io::BufReader::new);
        SameAs {
            file,
            chunk: Vec::new(),
        }
    }

    /// Whether the bytes written so far are exactly the file's: each in
    /// order, and the file holds nothing more.
    pub fn finish(&mut self) -> bool {
        if let Some(f) = &mut self.file {
            if !matches!(f.read(&mut [0u8; 1]), Ok(0)) {
                self.file = None;
            }
        }
        self.file.is_some()
    }
}

impl Write for SameAs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Some(f) = &mut self.file {
            self.chunk.resize(bytes.len(), 0);
            let same = f.read_exact(&mut self.chunk).is_ok() && self.chunk == bytes;
            if !same {
                self.file = None;
            }
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
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
        // Innermost first; a folder something else wrote into stays.
        if let Ok(created) = self.created.get_mut() {
            for folder in created.drain(..).rev() {
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `bytes` into a [`SameAs`] of `path` in chunks of `chunk` bytes.
    fn same_as(path: Option<&Path>, bytes: &[u8], chunk: usize) -> bool {
        let mut same = SameAs::new(path);
        for piece in bytes.chunks(chunk) {
            same.write_all(piece).expect("never fails");
        }
        same.finish()
    }

    #[test]
    fn same_as_compares_every_chunk_and_the_length() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("claims.csv");
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        for chunk in [1, 7, 8192, 300_000] {
            assert!(same_as(Some(&path), &bytes, chunk), "chunks of {chunk}");
        }
        let mut late = bytes.clone();
        late[299_999] ^= 1;
        let mut early = bytes.clone();
        early[0] ^= 1;
        let shorter = &bytes[..299_999];
        let mut longer = bytes.clone();
        longer.push(0);
        for (what, other) in [
            ("last byte", &late[..]),
            ("first byte", &early[..]),
            ("one byte short", shorter),
            ("one byte more", &longer[..]),
        ] {
            assert!(!same_as(Some(&path), other, 8192), "{what}");
        }
        assert!(!same_as(None, &bytes, 8192), "no file on disk");
        assert!(!same_as(Some(&dir.path().join("gone")), &bytes, 8192));
    }

    #[test]
    fn a_stream_is_staged_only_when_kept_and_never_left_half_written() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("reports");
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("claims.csv"), "old").expect("write");
        let staging = Staging::new(&out);
        let kept = staging
            .stage_stream("claims.csv", |w| w.write_all(b"old").map(|()| false))
            .expect("stage");
        assert!(!kept && staging.is_empty());
        let failed = staging.stage_stream("claimreview.json", |w| {
            w.write_all(b"[")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err() && staging.is_empty());
        let kept = staging
            .stage_stream("claims.csv", |w| w.write_all(b"new").map(|()| true))
            .expect("stage");
        assert!(kept && staging.len() == 1);
        assert_eq!(std::fs::read(out.join("claims.csv")).expect("read"), b"old");
        staging
            .commit(&[], ("INCOMPLETE.txt", "x"))
            .expect("commit");
        let left: Vec<_> = std::fs::read_dir(&out)
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            left,
            ["claims.csv"],
            "no temporary file, no claimreview.json"
        );
        assert_eq!(std::fs::read(out.join("claims.csv")).expect("read"), b"new");
    }

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
        let left: Vec<_> = std::fs::read_dir(&out)
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, ["index.html"], "the checks/ folder it made is gone");
    }

    #[test]
    fn dropping_removes_a_fresh_folder_and_keeps_one_that_existed() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("reports");
        let staging = Staging::new(&out);
        staging.stage("sources/a.md", b"a").expect("stage");
        staging.stage("index.html", b"i").expect("stage");
        assert!(out.join("sources").is_dir());
        drop(staging);
        assert!(!out.exists(), "a fresh reports/ is removed whole");
        std::fs::create_dir_all(out.join("sources")).expect("mkdir");
        std::fs::write(out.join("sources/keep.md"), "mine").expect("write");
        let staging = Staging::new(&out);
        staging.stage("sources/a.md", b"a").expect("stage");
        staging.stage("checks/x.html", b"x").expect("stage");
        drop(staging);
        assert!(!out.join("checks").exists());
        assert_eq!(
            std::fs::read(out.join("sources/keep.md")).expect("read"),
            b"mine"
        );
        assert!(!out.join("sources/a.md").exists());
    }

    #[test]
    fn committed_folders_stay() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("reports");
        let staging = Staging::new(&out);
        staging.stage("sources/a.md", b"a").expect("stage");
        staging
            .commit(&[], ("INCOMPLETE.txt", "x"))
            .expect("commit");
        assert_eq!(std::fs::read(out.join("sources/a.md")).expect("read"), b"a");
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

//! Durable replacement of many files at once, for `fmt` on a large desk.
//!
//! Replacing files one by one, each waiting for its own flush before the
//! next starts, pays a disk flush per file in turn (a 100,000-claim desk
//! spent minutes in fsync). A batch instead runs many replacements at once
//! on many threads (the file system commits concurrent flushes together):
//! each new version is written and flushed in a temporary file beside its
//! target ([`stage`]), then renamed over its target only if the target
//! still holds the bytes the new version was made from
//! ([`Staged::install`]); the renames are made durable with one fsync per
//! folder ([`finish`]). A crash at any point leaves every file with its old
//! or its new bytes (a file is renamed only once its new bytes are on
//! disk); a file changed by someone else meanwhile is left alone and
//! reported.

use super::files::{install, open_temp, sync_folders};
use super::write_error::explain;
use super::{ClaimLock, StoreError};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A new version of one file, written and waiting to be installed.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    /// Digest of the bytes the new version was made from.
    from: [u8; 32],
}

/// What [`Staged::install`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Installed {
    /// The new version replaced the file.
    Replaced,
    /// The file changed after it was read; it was left as it is.
    ChangedMeanwhile,
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Writes `new` to a temporary file beside `path` and flushes it to disk
/// (its data; the rename that installs it is made durable by [`finish`]).
/// `original` is what `path` held when `new` was made from it. Nothing is
/// left behind on failure.
pub fn stage(path: &Path, original: &[u8], new: &[u8]) -> std::io::Result<Staged> {
    let (mut f, tmp) = open_temp(path, true)?;
    if let Err(e) = f.write_all(new).and_then(|()| f.sync_data()) {
        let _ = std::fs::remove_file(&tmp);
        return Err(explain(e));
    }
    crash_after_flush();
    Ok(Staged {
        path: path.to_path_buf(),
        tmp,
        from: digest(original),
    })
}

/// A number from the environment variable `name`, read once per process
/// (the batch asks for every file).
fn test_limit(cell: &'static OnceLock<Option<usize>>, name: &str) -> Option<usize> {
    *cell.get_or_init(|| std::env::var(name).ok().and_then(|n| n.parse().ok()))
}

/// Fault injection for the crash tests: with
/// `FACTDESK_TEST_CRASH_AFTER_FLUSHES=N` the process stops once N new
/// versions are written and flushed, before any is renamed.
fn crash_after_flush() {
    static LIMIT: OnceLock<Option<usize>> = OnceLock::new();
    static FLUSHED: AtomicUsize = AtomicUsize::new(0);
    if let Some(limit) = test_limit(&LIMIT, "FACTDESK_TEST_CRASH_AFTER_FLUSHES") {
        if FLUSHED.fetch_add(1, Ordering::SeqCst) + 1 >= limit {
            std::process::exit(70);
        }
    }
}

/// Fault injection for the crash tests: with
/// `FACTDESK_TEST_CRASH_AFTER_RENAMES=N` the process stops before the
/// rename that would be the N+1th of this process. The renames are then
/// made one at a time, so exactly N files are installed whatever the
/// number of threads.
fn crash_gate() -> Option<std::sync::MutexGuard<'static, usize>> {
    static RENAMED: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
    static LIMIT: OnceLock<Option<usize>> = OnceLock::new();
    let limit = test_limit(&LIMIT, "FACTDESK_TEST_CRASH_AFTER_RENAMES")?;
    let renamed = RENAMED.lock().unwrap_or_else(|e| e.into_inner());
    if *renamed >= limit {
        std::process::exit(70);
    }
    Some(renamed)
}

impl Staged {
    /// Renames the new version over the file if the file still holds what
    /// the new version was made from, under the claim's lock when `lock`
    /// names one (desk root and claim id).
    pub fn install(self, lock: Option<(&Path, &str)>) -> Result<Installed, StoreError> {
        let _held = match lock {
            Some((root, id)) => Some(ClaimLock::acquire(root, id).inspect_err(|_| self.discard())?),
            None => None,
        };
        let now = super::files::read_regular(&self.path).map_err(|e| {
            self.discard();
            StoreError::io(&self.path)(e)
        })?;
        if digest(&now) != self.from {
            self.discard();
            return Ok(Installed::ChangedMeanwhile);
        }
        let gate = crash_gate();
        install(&self.tmp, &self.path).map_err(StoreError::io(&self.path))?;
        if let Some(mut renamed) = gate {
            *renamed += 1;
        }
        Ok(Installed::Replaced)
    }

    /// Removes the temporary file without installing it.
    pub fn discard(&self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Makes the renames of installed files durable: one fsync per folder.
pub fn finish<'a>(folders: impl IntoIterator<Item = &'a Path>) {
    sync_folders(folders);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_version_replaces_the_file_on_install() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "old\n").unwrap();
        let staged = stage(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"old\n",
            "nothing before install"
        );
        assert_eq!(staged.install(None).unwrap(), Installed::Replaced);
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn a_file_changed_meanwhile_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "old\n").unwrap();
        let staged = stage(&path, b"old\n", b"new\n").unwrap();
        std::fs::write(&path, "someone else's edit\n").unwrap();
        assert_eq!(staged.install(None).unwrap(), Installed::ChangedMeanwhile);
        assert_eq!(std::fs::read(&path).unwrap(), b"someone else's edit\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

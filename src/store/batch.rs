//! Durable replacement of many files at once, for `fmt` on a large desk.
//!
//! Replacing files one by one pays a disk flush per file (a 100,000-claim
//! desk spent minutes in fsync). A batch instead writes every new version to
//! a temporary file beside its target ([`stage`]), flushes them all
//! concurrently ([`flush`]), then renames each over its target only if
//! the target still holds the bytes the new version was made from
//! ([`Staged::install`]), and makes the renames durable with one fsync per
//! folder. A crash at any point leaves every file with its old or its new
//! bytes; a file changed by someone else meanwhile is left alone and reported.

use super::files::{install, open_temp, sync_folders};
use super::write_error::explain;
use super::{ClaimLock, StoreError};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Writes `new` to a temporary file beside `path` (not yet flushed).
/// `original` is what `path` held when `new` was made from it.
pub fn stage(path: &Path, original: &[u8], new: &[u8]) -> std::io::Result<Staged> {
    let (mut f, tmp) = open_temp(path, true)?;
    if let Err(e) = f.write_all(new) {
        let _ = std::fs::remove_file(&tmp);
        return Err(explain(e));
    }
    Ok(Staged {
        path: path.to_path_buf(),
        tmp,
        from: digest(original),
    })
}

/// Flushes every staged file's data to disk, in parallel on the current
/// rayon pool (run it in a pool with many threads: flushing waits on the
/// disk, not the CPU, and the file system commits concurrent flushes
/// together). Nothing is installed before this returns. A whole-file-system
/// `syncfs` was tried and rejected: it also waits for every other program's
/// unwritten data.
pub fn flush(staged: &[&Staged]) -> std::io::Result<()> {
    staged.par_iter().try_for_each(|one| {
        File::open(&one.tmp)
            .and_then(|f| f.sync_data())
            .map_err(explain)
    })
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
        install(&self.tmp, &self.path).map_err(StoreError::io(&self.path))?;
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
    fn a_staged_version_replaces_the_file_after_flush() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "old\n").unwrap();
        let staged = stage(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"old\n",
            "nothing before install"
        );
        flush(&[&staged]).unwrap();
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

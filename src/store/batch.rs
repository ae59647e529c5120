//! Durable replacement of many files at once, for `fmt` on a large desk.
//!
//! Replacing files one by one, each waiting for its own flush before the
//! next starts, pays a disk flush per file in turn (a 100,000-claim desk
//! spent minutes in fsync). A batch instead runs many replacements at once
//! on many threads: each new version is written in a temporary file beside
//! its target ([`stage`]) and flushed (each as it is written, or, for many
//! files on Linux, all at once with one `syncfs`: [`Flush`]), then, once
//! every one is on disk, renamed over its target only if the target
//! still holds the bytes the new version was made from
//! ([`Staged::install`]); the renames are made durable with one fsync per
//! folder ([`finish`]). A crash at any point leaves every file with its old
//! or its new bytes (a file is renamed only once its new bytes are on
//! disk); a file changed by someone else meanwhile is left alone and
//! reported.
//!
//! The replaced versions are freed apart from the renames ([`Retired`],
//! [`retiring`]): freeing a file's blocks can wait for the disk (ext4
//! without a journal, mounted with `discard`, trims them synchronously:
//! the profile put most of `fmt`'s rename pass in that wait), so the
//! renames keep the old file open and hand it to threads that close it,
//! many at once, while the renames go on.

use super::files::{install, open_regular, read_capped, sync_folders};
use super::temp::temp_path;
use super::write_error::{explain, may_replace};
use super::{DeskLock, StoreError};
use sha2::{Digest, Sha256};
use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// A file as a batch read it: its bytes, and what says whether it changed
/// since.
#[derive(Debug)]
pub struct Original {
    pub bytes: Vec<u8>,
    meta: Metadata,
    /// When the read started.
    read_at: SystemTime,
}

impl Original {
    /// Reads a record file (within the record size bound, never through a
    /// link).
    pub fn read(path: &Path) -> std::io::Result<Original> {
        let read_at = SystemTime::now();
        let (bytes, meta) = read_capped(path)?;
        Ok(Original {
            bytes,
            meta,
            read_at,
        })
    }

    /// Whether the file had settled when it was read: its last change is
    /// older than the read by more than the file system's time steps, so
    /// any later change gives it another change time.
    fn settled(&self) -> bool {
        let changed = SystemTime::UNIX_EPOCH
            + Duration::new(
                self.meta.ctime().max(0) as u64,
                self.meta.ctime_nsec().clamp(0, 999_999_999) as u32,
            );
        changed + SETTLE <= self.read_at
    }
}

/// How long before a read a file must have last changed for its
/// change time alone to tell a later change (as the desk stamp does).
const SETTLE: Duration = Duration::from_secs(2);

/// Which file an entry is and when it last changed.
fn identity(m: &Metadata) -> (u64, u64, u64, i64, i64, i64, i64) {
    (
        m.dev(),
        m.ino(),
        m.size(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec(),
    )
}

/// A new version of one file, written and waiting to be installed.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    /// The original file's identity and change times when it was read.
    seen: (u64, u64, u64, i64, i64, i64, i64),
    /// Digest of the bytes the new version was made from, when the change
    /// times alone cannot tell a later change (the file had just changed).
    from: Option<[u8; 32]>,
}

/// What [`Staged::install`] did.
#[derive(Debug)]
pub enum Installed {
    /// The new version replaced the file; the old one is still open.
    Replaced(Retired),
    /// The file changed after it was read; it was left as it is.
    ChangedMeanwhile,
}

/// The version of a file that an install replaced, still open (when it
/// could be opened): its disk space is freed when this is dropped, not
/// during the rename. Give it to [`Retire::retire`] to free it on another
/// thread.
#[derive(Debug)]
pub struct Retired {
    _open: Option<File>,
}

/// Threads that close replaced versions ([`Retired`]): each close may wait
/// for the disk to trim the file's blocks, so many wait at once.
const RETIRING_THREADS: usize = 16;

/// How many replaced versions may wait to be closed (each holds a file
/// descriptor; the process's limit is often 1,024).
const RETIRING_QUEUE: usize = 256;

/// Where [`retiring`]'s work hands replaced versions to be closed.
pub struct Retire(SyncSender<Retired>);

impl Retire {
    /// Closes `old` on one of the retiring threads (at once, here, if
    /// none runs).
    pub fn retire(&self, old: Retired) {
        let _ = self.0.send(old);
    }
}

/// Runs `work` while [`RETIRING_THREADS`] threads close the replaced
/// versions it hands to its [`Retire`]; returns once every one is closed.
pub fn retiring<R>(work: impl FnOnce(&Retire) -> R) -> R {
    let (tx, rx) = sync_channel::<Retired>(RETIRING_QUEUE);
    let rx = Mutex::new(rx);
    std::thread::scope(|s| {
        for _ in 0..RETIRING_THREADS {
            let started = std::thread::Builder::new().spawn_scoped(s, || loop {
                let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                match next {
                    Ok(old) => drop(old),
                    Err(_) => return,
                }
            });
            if started.is_err() {
                break;
            }
        }
        // With no thread started, `send` fails and drops the file at once.
        let retire = Retire(tx);
        let out = work(&retire);
        drop(retire);
        out
    })
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// How the new versions of a batch reach the disk before any is renamed
/// into place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// Each file is flushed as it is written ([`stage`]).
    Each,
    /// The files are written without a flush, then all flushed at once by
    /// [`flush_together`] before the first is installed: one `syncfs` of
    /// the file system instead of one `fdatasync` a file (on a 100,000-claim
    /// desk, the flushes were most of `fmt`'s time).
    Together,
}

/// Batches of at least this many files are flushed together (on Linux).
const TOGETHER_FROM: usize = 256;

/// How a batch of `files` new versions is flushed: together on Linux when
/// there are many, else each as it is written (a few files are not worth
/// waiting for everything else the file system has to write).
pub fn flush_for(files: usize) -> Flush {
    if cfg!(target_os = "linux") && files >= TOGETHER_FROM {
        Flush::Together
    } else {
        Flush::Each
    }
}

/// Makes the new versions staged with [`Flush::Together`] in the folder
/// `dir` durable: one `syncfs` of the file system holding it (the caller
/// asks for each folder that holds one). `false` when it failed (or there
/// is no `syncfs` here): the caller then flushes each staged file
/// ([`Staged::flush`]) and gives up on those that cannot be.
pub fn flush_together(dir: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        let Ok(folder) = File::open(dir) else {
            return false;
        };
        // SAFETY: syncfs takes an open descriptor, which `folder` holds for
        // the whole call; it reads no memory of ours.
        unsafe { libc::syncfs(folder.as_raw_fd()) == 0 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        false
    }
}

/// Writes `new` to a temporary file beside `path`, flushed to disk when
/// `flush` is [`Flush::Each`] (its data; the rename that installs it is
/// made durable by [`finish`]); with [`Flush::Together`], the caller
/// flushes every staged file with [`flush_together`] before installing
/// any. `original` is what `path` held when `new` was made from it; the
/// new version gets its permissions and owner. Nothing is left behind on
/// failure; a record this user may not write is refused, as by every write.
pub fn stage(
    path: &Path,
    original: &Original,
    new: &[u8],
    flush: Flush,
) -> std::io::Result<Staged> {
    let (mut f, tmp) = open_staged(path, &original.meta)?;
    let written = f.write_all(new).and_then(|()| match flush {
        Flush::Each => f.sync_data(),
        Flush::Together => Ok(()),
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(explain(e));
    }
    crash_after_flush();
    Ok(Staged {
        path: path.to_path_buf(),
        tmp,
        seen: identity(&original.meta),
        from: (!original.settled()).then(|| digest(&original.bytes)),
    })
}

/// Creates the temporary file for `path`'s new version with `original`'s
/// permissions and owner. The new file's own status says who this process
/// is: a record it owns and may write (or any, for root) needs no further
/// question; any other is asked as every write asks ([`may_replace`]).
/// Permissions and owner are set only where they differ.
fn open_staged(path: &Path, original: &Metadata) -> std::io::Result<(File, PathBuf)> {
    let mode = original.mode() & 0o7777;
    let tmp = temp_path(path);
    let f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(explain)?;
    let kept = f.metadata().and_then(|made| {
        let mine = made.uid() == 0 || (made.uid() == original.uid() && mode & 0o200 != 0);
        if !mine || mode & 0o222 == 0 {
            may_replace(path)?;
        }
        if made.mode() & 0o7777 != mode {
            f.set_permissions(original.permissions())?;
        }
        if (made.uid(), made.gid()) != (original.uid(), original.gid()) {
            // Only root may give a file away; anyone may keep their own group.
            let _ = std::os::unix::fs::fchown(&f, Some(original.uid()), Some(original.gid()));
        }
        Ok(())
    });
    match kept {
        Ok(()) => Ok((f, tmp)),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// A number from the environment variable `name`, read once per process
/// (the batch asks for every file).
fn test_limit(cell: &'static OnceLock<Option<usize>>, name: &str) -> Option<usize> {
    *cell.get_or_init(|| std::env::var(name).ok().and_then(|n| n.parse().ok()))
}

/// Fault injection for the crash tests: with
/// `FACTDESK_TEST_CRASH_AFTER_FLUSHES=N` the process stops once N new
/// versions are written (and, flushed [`Flush::Each`], flushed), before
/// any is renamed.
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
    /// the new version was made from. The caller holds the desk lock, so
    /// no factdesk command changes a claim meanwhile; a change by hand is
    /// seen in the file's identity and change times (or, for a file that
    /// had just changed when it was read, in its bytes).
    /// The replaced version is returned open ([`Retired`]): freeing it is
    /// the caller's to place.
    pub fn install(self, _desk: &DeskLock) -> Result<Installed, StoreError> {
        // Opened (a regular file, never through a link) to hold it past the
        // rename; anything else is asked of its entry, as before.
        let held = open_regular(&self.path).ok();
        let now = match &held {
            Some(f) => f.metadata(),
            None => std::fs::symlink_metadata(&self.path),
        };
        let unchanged = now
            .map(|now| now.is_file() && identity(&now) == self.seen)
            .map_err(|e| {
                self.discard();
                StoreError::io(&self.path)(e)
            })?;
        let unchanged = match (unchanged, self.from) {
            (false, _) => false,
            (true, None) => true,
            (true, Some(from)) => {
                let now = super::files::read_regular(&self.path).map_err(|e| {
                    self.discard();
                    StoreError::io(&self.path)(e)
                })?;
                digest(&now) == from
            }
        };
        if !unchanged {
            self.discard();
            return Ok(Installed::ChangedMeanwhile);
        }
        let gate = crash_gate();
        install(&self.tmp, &self.path).map_err(StoreError::io(&self.path))?;
        if let Some(mut renamed) = gate {
            *renamed += 1;
        }
        Ok(Installed::Replaced(Retired { _open: held }))
    }

    /// Flushes the new version's bytes to disk (a batch staged with
    /// [`Flush::Together`] whose [`flush_together`] failed).
    pub fn flush(&self) -> std::io::Result<()> {
        open_regular(&self.tmp)
            .and_then(|f| f.sync_data())
            .map_err(explain)
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

    fn desk() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims/a.yaml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "old\n").unwrap();
        (dir, path)
    }

    #[test]
    fn versions_flushed_together_replace_their_files_on_install() {
        let (dir, path) = desk();
        assert_eq!(flush_for(3), Flush::Each, "a few files: each flushed");
        let many = if cfg!(target_os = "linux") {
            Flush::Together
        } else {
            Flush::Each
        };
        assert_eq!(flush_for(100_000), many);
        let original = Original::read(&path).unwrap();
        let staged = stage(&path, &original, b"new\n", Flush::Together).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"old\n");
        assert_eq!(flush_together(dir.path()), cfg!(target_os = "linux"));
        // The fallback when the file system cannot be flushed at once.
        staged.flush().unwrap();
        let lock = DeskLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            staged.install(&lock).unwrap(),
            Installed::Replaced(_)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        assert!(!flush_together(&dir.path().join("no such folder")));
    }

    #[test]
    fn a_staged_version_replaces_the_file_on_install() {
        let (dir, path) = desk();
        let original = Original::read(&path).unwrap();
        let staged = stage(&path, &original, b"new\n", Flush::Each).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"old\n",
            "nothing before install"
        );
        let lock = DeskLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            staged.install(&lock).unwrap(),
            Installed::Replaced(_)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    /// Open descriptors of this process on a deleted `name` (a replaced
    /// version not yet freed).
    fn held_deleted(name: &str) -> usize {
        std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
            .filter(|t| t.to_string_lossy().ends_with(&format!("{name} (deleted)")))
            .count()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_replaced_version_is_freed_by_retiring_not_by_the_rename() {
        let (dir, path) = desk();
        let unique = dir.path().join("claims/retired-here.yaml");
        std::fs::rename(&path, &unique).unwrap();
        let original = Original::read(&unique).unwrap();
        let staged = stage(&unique, &original, b"new\n", Flush::Each).unwrap();
        let lock = DeskLock::acquire(dir.path()).unwrap();
        retiring(|retire| {
            let Installed::Replaced(old) = staged.install(&lock).unwrap() else {
                panic!("not installed");
            };
            assert_eq!(std::fs::read(&unique).unwrap(), b"new\n");
            assert_eq!(held_deleted("retired-here.yaml"), 1, "held past the rename");
            retire.retire(old);
        });
        assert_eq!(
            held_deleted("retired-here.yaml"),
            0,
            "closed once retiring returns"
        );
    }

    #[test]
    fn a_file_changed_meanwhile_is_left_alone() {
        // In place with the same size, by rename, and with a new size.
        for edit in ["new\n", "replaced", "someone else's edit\n"] {
            let (dir, path) = desk();
            let original = Original::read(&path).unwrap();
            let staged = stage(&path, &original, b"new\n", Flush::Each).unwrap();
            if edit == "replaced" {
                let other = dir.path().join("other");
                std::fs::write(&other, "old\n").unwrap();
                std::fs::rename(&other, &path).unwrap();
            } else {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .unwrap()
                    .write_all(edit.as_bytes())
                    .unwrap();
            }
            let before = std::fs::read(&path).unwrap();
            let lock = DeskLock::acquire(dir.path()).unwrap();
            assert!(
                matches!(staged.install(&lock).unwrap(), Installed::ChangedMeanwhile),
                "{edit}"
            );
            assert_eq!(std::fs::read(&path).unwrap(), before);
            assert_eq!(
                std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
                1
            );
        }
    }

    #[test]
    fn the_new_version_keeps_the_records_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, path) = desk();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let original = Original::read(&path).unwrap();
        let staged = stage(&path, &original, b"new\n", Flush::Each).unwrap();
        let lock = DeskLock::acquire(dir.path()).unwrap();
        staged.install(&lock).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_read_only_record_is_refused_and_no_temporary_file_is_left() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, path) = desk();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let original = Original::read(&path).unwrap();
        let e = stage(&path, &original, b"new\n", Flush::Each).unwrap_err();
        assert!(
            crate::store::write_error::problem(&e).is_some(),
            "a write problem: {e}"
        );
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }
}

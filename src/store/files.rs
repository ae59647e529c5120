//! File primitives that never lose work: atomic replacement (temporary file in
//! the same folder, flush, rename), exclusive creation, per-claim locks.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::{StoreError, STATE_DIR};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// How long a command waits for another one editing the same claim.
const LOCK_WAIT: Duration = Duration::from_secs(30);

pub use crate::model::sha256_hex;

pub(super) fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("record");
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Replaces `path` with `bytes` atomically and durably: a crash, a power
/// loss or a full disk leaves the old or the new content, never a torn file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, bytes, true)
}

/// Replaces a derived file (a rendered report) atomically, without waiting
/// for the disk: a crashed process still leaves the old or the new file; after
/// a power loss the file may need rendering again, which `report --check`
/// detects. Rendering hundreds of megabytes of reports would otherwise spend
/// most of its time in fsync.
pub fn write_derived(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, bytes, false)
}

/// Writes `bytes` to a fresh temporary file beside `path` (flushed to disk
/// when `durable`) and returns its path; nothing is left behind on failure.
fn write_temp(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<PathBuf> {
    let tmp = temp_path(path);
    let written = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        if durable {
            f.sync_all()?;
        }
        Ok(())
    })();
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Makes a rename or link in `path`'s folder durable; not every platform can
/// sync a folder, so failures are ignored.
fn sync_folder(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

/// Makes the renames done in these folders durable (one fsync per folder).
pub fn sync_folders<'a>(folders: impl IntoIterator<Item = &'a Path>) {
    for dir in folders {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

fn replace(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let tmp = write_temp(path, bytes, durable)?;
    install(&tmp, path)?;
    if durable {
        sync_folder(path);
    }
    Ok(())
}

/// Renames a written temporary file over `path`; removes it on failure.
pub(super) fn install(tmp: &Path, path: &Path) -> std::io::Result<()> {
    // Fault injection for the crash tests: stop between the write and the rename.
    if std::env::var_os("FACTDESK_TEST_CRASH_BEFORE_RENAME").is_some() {
        std::process::exit(70);
    }
    std::fs::rename(tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(tmp);
    })
}

/// Creates `path` with `bytes`, failing if it exists; written to a temporary
/// file first so a crash never leaves a half-written record.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = write_temp(path, bytes, true)?;
    // A hard link fails when the target exists: creation without overwrite.
    let result = std::fs::hard_link(&tmp, path).or_else(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Err(e)
        } else if path.exists() {
            Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "file exists",
            ))
        } else {
            std::fs::rename(&tmp, path)
        }
    });
    let _ = std::fs::remove_file(&tmp);
    if result.is_ok() {
        sync_folder(path);
    }
    result
}

/// An exclusive advisory lock on one claim, held while a command re-reads,
/// changes and rewrites it. Released on drop, or by the OS on a crash.
pub struct ClaimLock {
    _file: File,
}

impl ClaimLock {
    pub fn acquire(root: &Path, id: &str) -> Result<ClaimLock, StoreError> {
        let dir = root.join(STATE_DIR).join("locks");
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
        let path = dir.join(format!("{id}.lock"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(ClaimLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) => {
                    if started.elapsed() > LOCK_WAIT {
                        return Err(StoreError::LockTimeout {
                            path,
                            seconds: LOCK_WAIT.as_secs(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(StoreError::Io { path, source })
                }
            }
        }
    }
}

/// Reads a record file, at most one byte past the size bound (a larger
/// file is refused as such, never read whole).
pub fn read_capped(path: &Path) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    read_limited(path, super::yaml::MAX_RECORD_BYTES as u64 + 1)
}

/// Reads a desk file whole (a transcript, a template): a regular file, never
/// through a symbolic link, never blocking on a pipe.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    read_limited(path, u64::MAX).map(|r| r.0)
}

/// [`read_regular`], as UTF-8 text.
pub fn read_regular_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_regular(path)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn read_limited(path: &Path, cap: u64) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    let file = open_regular(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(cap).min(1 << 30) as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, cap), &mut bytes)?;
    Ok((bytes, meta))
}

/// The error for a desk entry that is a symbolic link: it names nothing of
/// the link's target.
pub fn link_error() -> std::io::Error {
    std::io::Error::other(
        "is a symbolic link; factdesk never follows links in a desk \
         (replace the link with the file itself)",
    )
}

/// Whether `path` itself (not what it points to) is a symbolic link.
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Refuses an output folder, or any folder between `root` and it, that is a
/// symbolic link: factdesk never writes through a link.
pub fn ensure_no_link(root: &Path, path: &Path) -> std::io::Result<()> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        if is_link(&at) {
            return Err(std::io::Error::other(format!(
                "{} is a symbolic link; factdesk never writes through a link \
                 (replace it with a real folder)",
                at.strip_prefix(root).unwrap_or(&at).display()
            )));
        }
    }
    Ok(())
}

/// Opens a file for reading without following a symbolic link in its last
/// component and without blocking on a named pipe (Linux: O_NOFOLLOW |
/// O_NONBLOCK, then fstat; elsewhere: lstat first).
#[cfg(target_os = "linux")]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    const O_NONBLOCK: i32 = 0o4000;
    #[cfg(any(target_arch = "aarch64", target_arch = "arm"))]
    const O_NOFOLLOW: i32 = 0o100000;
    #[cfg(not(any(target_arch = "aarch64", target_arch = "arm")))]
    const O_NOFOLLOW: i32 = 0o400000;
    const ELOOP: i32 = 40;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(O_NONBLOCK | O_NOFOLLOW)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(ELOOP) || is_link(path) {
                link_error()
            } else {
                e
            }
        })
}

#[cfg(not(target_os = "linux"))]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(link_error());
    }
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    std::fs::File::open(path)
}

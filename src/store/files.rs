//! File primitives that never lose work: atomic replacement (temporary file in
//! the same folder, flush, rename), exclusive creation, and readers that never
//! follow a link or block on a pipe.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::temp::temp_path;
pub use crate::model::sha256_hex;

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
pub(super) fn write_temp(
    path: &Path,
    bytes: &[u8],
    durable: bool,
    replacing: bool,
) -> std::io::Result<PathBuf> {
    let (mut f, tmp) = open_temp(path, replacing)?;
    let written = f
        .write_all(bytes)
        .and_then(|()| if durable { f.sync_all() } else { Ok(()) });
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(super::write_error::explain(e))
        }
    }
}

/// Creates the temporary file that will become `path`. When `replacing`,
/// it gets `path`'s mode (and owner, where allowed), and `path` is refused
/// first if it may not be replaced ([`super::write_error::may_replace`]).
pub(super) fn open_temp(path: &Path, replacing: bool) -> std::io::Result<(File, PathBuf)> {
    let existing = if replacing {
        super::write_error::may_replace(path)?
    } else {
        None
    };
    let tmp = temp_path(path);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(super::write_error::explain)?;
    if let Some(meta) = existing {
        if let Err(e) = keep_mode(&mut f, &meta) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    }
    Ok((f, tmp))
}

/// Gives the new version the replaced file's permissions (exactly: the
/// umask does not apply) and, when this user may, its owner and group.
fn keep_mode(f: &mut File, meta: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    f.set_permissions(meta.permissions())?;
    // Only root may give a file away; anyone may keep their own group.
    let _ = std::os::unix::fs::fchown(&*f, Some(meta.uid()), Some(meta.gid()));
    Ok(())
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
    let tmp = write_temp(path, bytes, durable, true)?;
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
    std::fs::rename(tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(tmp);
        super::write_error::explain(e)
    })
}

/// Creates `path` with `bytes`, failing if it exists; written to a temporary
/// file first so a crash never leaves a half-written record.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = write_temp(path, bytes, true, false)?;
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

/// Reads a record file, at most one byte past the size bound (a larger
/// file is refused as such, never read whole).
pub fn read_capped(path: &Path) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    read_limited(path, super::yaml::MAX_RECORD_BYTES as u64 + 1)
}

/// Reads a desk file whole (a transcript, a template): a regular file, never
/// through a symbolic link, never blocking on a pipe.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    read_whole(path).map(|r| r.0)
}

/// [`read_regular`], with the metadata of the file read (for the cache's
/// index, which vouches for a file by its size and times).
pub fn read_whole(path: &Path) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    read_limited(path, u64::MAX)
}

/// Opens a file to read parts of it (a cache file read at offsets): a
/// regular file, never through a symbolic link, never blocking on a pipe.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let file = open_nonblocking(path, false)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "is {}; only a regular file can be read",
            kind_of(meta.file_type())
        )));
    }
    Ok(file)
}

/// [`read_regular`], as UTF-8 text.
pub fn read_regular_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_regular(path)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Reads a file a person named on the command line (`source add FILE`):
/// links are followed (the path is theirs), but only a regular file is
/// read: a named pipe, a device or a folder is refused at once, never
/// waited on.
pub fn read_input_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = open_nonblocking(path, true)?;
    read_open(file, u64::MAX).map(|r| r.0)
}

fn read_limited(path: &Path, cap: u64) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    read_open(open_nonblocking(path, false)?, cap)
}

/// What a file-system entry is, for an error about a file that is not regular.
fn kind_of(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

fn read_open(file: File, cap: u64) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "is {}; only a regular file can be read",
            kind_of(meta.file_type())
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(cap).min(1 << 30) as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, cap), &mut bytes)?;
    Ok((bytes, meta))
}

/// The marker inside the error for a desk entry that is a symbolic link.
#[derive(Debug)]
struct LinkRefused;

impl std::fmt::Display for LinkRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "is a symbolic link; factdesk never follows links in a desk \
             (replace the link with the file itself)",
        )
    }
}

impl std::error::Error for LinkRefused {}

/// The error for a desk entry that is a symbolic link: it names nothing of
/// the link's target.
pub fn link_error() -> std::io::Error {
    std::io::Error::other(LinkRefused)
}

/// Whether `e` is the refusal of a symbolic link ([`link_error`]).
pub fn is_link_error(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<LinkRefused>())
}

/// Whether `path` itself (not what it points to) is a symbolic link.
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Refuses an output folder, or any folder between `root` and it, that is a
/// symbolic link: factdesk never writes through a link.
pub fn ensure_no_link(root: &Path, path: &Path) -> std::io::Result<()> {
    match super::folder::first_link(root, path) {
        Some(rel) => Err(std::io::Error::other(format!(
            "{} is a symbolic link; factdesk never writes through a link \
             (replace it with a real folder)",
            rel.display()
        ))),
        None => Ok(()),
    }
}

/// `open(2)` flags std does not name (Linux values).
#[cfg(target_os = "linux")]
pub(super) mod flags {
    pub const O_NONBLOCK: i32 = 0o4000;
    #[cfg(any(target_arch = "aarch64", target_arch = "arm"))]
    pub const O_NOFOLLOW: i32 = 0o100000;
    #[cfg(not(any(target_arch = "aarch64", target_arch = "arm")))]
    pub const O_NOFOLLOW: i32 = 0o400000;
    pub const ELOOP: i32 = 40;
}

/// Opens a file for reading without blocking on a named pipe and, unless
/// `follow`, without following a symbolic link in its last component
/// (Linux: O_NONBLOCK | O_NOFOLLOW, then fstat by the caller; elsewhere:
/// lstat first).
#[cfg(target_os = "linux")]
fn open_nonblocking(path: &Path, follow: bool) -> std::io::Result<File> {
    use flags::{ELOOP, O_NOFOLLOW, O_NONBLOCK};
    use std::os::unix::fs::OpenOptionsExt;
    let flags = if follow {
        O_NONBLOCK
    } else {
        O_NONBLOCK | O_NOFOLLOW
    };
    OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| {
            if !follow && (e.raw_os_error() == Some(ELOOP) || is_link(path)) {
                link_error()
            } else {
                e
            }
        })
}

#[cfg(not(target_os = "linux"))]
fn open_nonblocking(path: &Path, follow: bool) -> std::io::Result<File> {
    let meta = if follow {
        std::fs::metadata(path)?
    } else {
        std::fs::symlink_metadata(path)?
    };
    if meta.file_type().is_symlink() {
        return Err(link_error());
    }
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "is {}; only a regular file can be read",
            kind_of(meta.file_type())
        )));
    }
    File::open(path)
}

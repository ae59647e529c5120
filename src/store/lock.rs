//! Per-claim locks: an exclusive advisory lock on `.factdesk/locks/<id>.lock`
//! held while a command re-reads, changes and rewrites a claim. The holder
//! writes its pid and command line into the file, so a command that gives up
//! waiting can say who holds it. Released on drop, or by the OS on a crash.
//!
//! Every claim lock also holds the desk lock (`.factdesk/desk.lock`)
//! shared; a batch writer (`fmt` over many records) takes the desk lock
//! exclusively instead of one lock per claim ([`DeskLock`]): while it
//! holds it no command holds any claim lock, and it opens one file, not
//! one per claim. A command that waits too long for the desk lock gives up
//! with [`StoreError::DeskBusy`], naming `fmt` when `fmt` holds it. These
//! are `flock` locks: the system releases them when their process ends,
//! however it ends, so a crash never leaves the desk locked; only the
//! holder's name can stay behind in the file, and the next holder clears it.

use super::{StoreError, STATE_DIR};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a command waits for another one editing the same claim, unless
/// `FACTDESK_LOCK_WAIT` (seconds) says otherwise.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The longest command line written into a lock file.
const MAX_COMMAND: usize = 200;

pub struct ClaimLock {
    _file: File,
    /// The desk lock, held shared for as long as the claim's.
    _desk: File,
}

/// The desk lock held exclusively: no claim lock is held meanwhile.
pub struct DeskLock {
    file: File,
}

/// The desk lock's file, beside the claim locks' folder (a claim id never
/// names it).
const DESK_LOCK: &str = "desk.lock";

fn wait_limit() -> Duration {
    std::env::var("FACTDESK_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(LOCK_WAIT, Duration::from_secs)
}

/// Opens (creating) a lock file, never through a symbolic link.
fn open_lock(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).truncate(false).read(true).write(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(super::files::flags::O_NOFOLLOW);
    }
    o.open(path).map_err(|e| {
        if super::files::is_link(path) {
            super::files::link_error()
        } else {
            e
        }
    })
}

/// This process, as written into a lock it holds: `pid <n>: <command line>`
/// (made once per process).
fn holder_line() -> &'static str {
    static LINE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LINE.get_or_init(|| {
        let args: Vec<String> = std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let mut command = args.join(" ");
        if command.chars().count() > MAX_COMMAND {
            command = command.chars().take(MAX_COMMAND).collect::<String>() + "…";
        }
        format!("pid {}: {command}\n", std::process::id())
    })
}

/// Who holds the lock in `file`, as the holder wrote it (first line only).
fn holder(file: &mut File) -> Option<String> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// Opens the lock file `path`, making its folder when missing.
fn open_in(dir: &Path, path: PathBuf) -> Result<(File, PathBuf), StoreError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let file = match open_lock(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            open_lock(&path)
        }
        opened => opened,
    }
    .map_err(io(&path))?;
    Ok((file, path))
}

/// Waits for the lock on `file` (shared or exclusive) until the limit.
fn wait_for(mut file: File, path: PathBuf, shared: bool) -> Result<File, StoreError> {
    let started = Instant::now();
    let limit = wait_limit();
    loop {
        let tried = match shared {
            true => file.try_lock_shared(),
            false => file.try_lock(),
        };
        match tried {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {
                if started.elapsed() >= limit {
                    return Err(StoreError::LockTimeout {
                        holder: holder(&mut file),
                        path,
                        seconds: limit.as_secs(),
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

/// Writes who holds an exclusive lock; a failure here only costs the name
/// in a timeout message.
fn write_holder(file: &mut File) {
    let _ = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(holder_line().as_bytes()));
}

/// The desk lock, held shared (by a claim lock) or exclusively. Only an
/// exclusive holder writes its name into the file; a shared holder finds
/// it empty unless a holder was killed before it could clear it, and then
/// clears it (no exclusive holder can exist meanwhile), so a later wait
/// never names a process that is gone.
fn desk_lock(root: &Path, shared: bool) -> Result<File, StoreError> {
    let dir = root.join(STATE_DIR);
    let (file, path) = open_in(&dir, dir.join(DESK_LOCK))?;
    let file = wait_for(file, path, shared).map_err(|e| match e {
        StoreError::LockTimeout {
            path,
            seconds,
            holder,
        } => StoreError::DeskBusy {
            path,
            seconds,
            holder,
        },
        e => e,
    })?;
    if shared && file.metadata().is_ok_and(|m| m.len() > 0) {
        let _ = file.set_len(0);
    }
    Ok(file)
}

/// What [`StoreError::DeskBusy`] says: who held the desk lock, when its
/// holder wrote a name (only `fmt` does), else that commands changing
/// claims did.
pub(super) fn desk_busy(holder: Option<&str>, seconds: u64, path: &Path) -> String {
    match holder {
        Some(h) => format!(
            "another factdesk command ({h}) has been rewriting this desk's records for over {seconds} s (lock {})",
            path.display()
        ),
        None => format!(
            "other factdesk commands have been changing claims in this desk for over {seconds} s (lock {})",
            path.display()
        ),
    }
}

/// Fault injection for the lock tests: hold a lock just taken this many
/// seconds (`FACTDESK_TEST_HOLD_LOCK`).
fn test_hold() {
    if let Some(s) = std::env::var_os("FACTDESK_TEST_HOLD_LOCK") {
        let secs = s.to_str().and_then(|s| s.parse().ok()).unwrap_or(0);
        std::thread::sleep(Duration::from_secs(secs));
    }
}

impl DeskLock {
    /// Takes the desk lock exclusively, waiting (as a claim lock does) for
    /// the commands that hold a claim lock to finish.
    pub fn acquire(root: &Path) -> Result<DeskLock, StoreError> {
        let mut file = desk_lock(root, false)?;
        write_holder(&mut file);
        test_hold();
        Ok(DeskLock { file })
    }
}

impl Drop for DeskLock {
    /// Clears the holder's name before the lock is released.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

impl ClaimLock {
    pub fn acquire(root: &Path, id: &str) -> Result<ClaimLock, StoreError> {
        let desk = desk_lock(root, true)?;
        let dir = root.join(STATE_DIR).join("locks");
        let (file, path) = open_in(&dir, dir.join(format!("{id}.lock")))?;
        let mut file = wait_for(file, path, false)?;
        write_holder(&mut file);
        test_hold();
        Ok(ClaimLock {
            _file: file,
            _desk: desk,
        })
    }
}

impl Drop for ClaimLock {
    /// Clears the holder's name before the lock is released.
    fn drop(&mut self) {
        let _ = self._file.set_len(0);
    }
}

//! Temporary files of atomic writes: their one naming scheme
//! (`.<file>.<pid>-<n>.tmp`, beside the file they will replace), which of
//! them are stale (the process that made them no longer runs), and their
//! removal: the first write of a process in a folder removes the stale ones
//! there, and `check` warns about any that are left.

use crate::diag::{Code, Diagnostic};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Folders this process has already swept of stale temporary files.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// A fresh temporary path beside `path`. The first call for a folder removes
/// the stale temporary files already in it.
pub(super) fn temp_path(path: &Path) -> PathBuf {
    if let Some(dir) = path.parent() {
        sweep_once(dir);
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("record");
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{n}.tmp", own_pid()))
}

/// This process's id, asked of the system once (`fmt` names a temporary
/// file per record; factdesk never forks without exec).
fn own_pid() -> u32 {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// A temporary file's name, read back: the file it was for and its writer.
#[derive(Debug, PartialEq, Eq)]
pub struct TempName<'a> {
    /// The name of the file it would have replaced.
    pub target: &'a str,
    /// The process that wrote it.
    pub pid: u32,
}

/// Reads a name made by [`temp_path`]; `None` for any other name.
pub fn parse(name: &str) -> Option<TempName<'_>> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, tag) = inner.rsplit_once('.')?;
    let (pid, n) = tag.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if target.is_empty() || !digits(pid) || !digits(n) {
        return None;
    }
    Some(TempName {
        target,
        pid: pid.parse().ok()?,
    })
}

/// Whether process `pid` runs; `None` where this cannot be told (no `/proc`).
fn running(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// Whether `name` is a temporary file whose writer no longer runs: it is a
/// leftover of an interrupted write (never this process's own, never one
/// whose writer cannot be told dead).
pub fn is_stale(name: &str) -> bool {
    parse(name).is_some_and(|t| t.pid != own_pid() && running(t.pid) == Some(false))
}

fn sweep_once(dir: &Path) {
    let first = {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        let swept = swept.get_or_insert_with(HashSet::new);
        // Asked once per file written (`fmt` writes thousands): no copy of
        // the folder's name unless it is new.
        !swept.contains(dir) && swept.insert(dir.to_path_buf())
    };
    if first {
        sweep(dir);
    }
}

/// Removes the stale temporary files directly in `dir` (regular files only,
/// never a link; a failure leaves the file for `check` to report). The
/// folder is read by the desk's one lister, [`super::folder::list`]: its
/// hidden names are where temporary files are.
fn sweep(dir: &Path) {
    let Ok(listing) = super::folder::list(dir, Path::new("")) else {
        return;
    };
    for name in listing.hidden.iter().filter(|n| is_stale(n)) {
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A warning for each stale temporary file among `hidden` (names in the
/// desk folder `rel`).
pub fn stale_diagnostics(rel: &Path, hidden: &[String]) -> Vec<Diagnostic> {
    hidden
        .iter()
        .filter(|n| is_stale(n))
        .filter_map(|n| {
            let t = parse(n)?;
            let file = rel.join(n);
            let folder = if rel.as_os_str().is_empty() {
                "the desk's top folder".to_string()
            } else {
                format!("{}/", rel.display())
            };
            Some(
                Diagnostic::new(
                    Code::StaleTemporaryFile,
                    &file,
                    format!(
                        "a temporary file left by an interrupted write of {} (process {} no longer runs)",
                        rel.join(t.target).display(),
                        t.pid
                    ),
                )
                .hint(format!(
                    "{} holds its old or its new content, never a torn one; remove the temporary file \
                     (`rm {}`), or let the next factdesk write in {folder} remove it",
                    rel.join(t.target).display(),
                    file.display(),
                )),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back() {
        assert_eq!(
            parse(".c-2026-001.yaml.4242-7.tmp"),
            Some(TempName {
                target: "c-2026-001.yaml",
                pid: 4242
            })
        );
        assert_eq!(
            parse(".a.b.yaml.1-0.tmp").map(|t| t.target),
            Some("a.b.yaml")
        );
        for other in [
            ".gitkeep",
            ".c.yaml.tmp",
            ".c.yaml.12-.tmp",
            ".c.yaml.x-1.tmp",
            "c.yaml.1-0.tmp",
            "..1-0.tmp",
            ".c.yaml.1-0.tmp.swp",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
    }

    #[test]
    fn our_own_and_running_writers_are_never_stale() {
        let me = std::process::id();
        assert!(!is_stale(&format!(".c.yaml.{me}-0.tmp")));
        assert!(!is_stale(".c.yaml.1-0.tmp"), "pid 1 runs");
        assert!(!is_stale("notes.txt"));
    }

    #[test]
    fn the_first_write_in_a_folder_removes_stale_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let stale = format!(".c.yaml.{dead}-3.tmp");
        let live = ".c.yaml.1-0.tmp";
        for n in [stale.as_str(), live, ".gitkeep"] {
            std::fs::write(dir.path().join(n), "x").unwrap();
        }
        let _ = temp_path(&dir.path().join("c.yaml"));
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, vec![".c.yaml.1-0.tmp", ".gitkeep"]);
    }

    #[test]
    fn a_stale_name_that_is_a_link_or_a_folder_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("precious.yaml");
        std::fs::write(&target, "kept").unwrap();
        let dead = dead_pid();
        let link = format!(".a.yaml.{dead}-1.tmp");
        let folder = format!(".b.yaml.{dead}-2.tmp");
        std::os::unix::fs::symlink(&target, dir.path().join(&link)).unwrap();
        std::fs::create_dir(dir.path().join(&folder)).unwrap();
        let _ = temp_path(&dir.path().join("a.yaml"));
        assert!(std::fs::symlink_metadata(dir.path().join(&link)).is_ok());
        assert!(dir.path().join(&folder).is_dir());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
    }

    /// A pid that no process has (a child that has exited and been reaped).
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }
}

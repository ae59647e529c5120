//! `fmt` as a step: which files of a desk are records it may rewrite, and
//! rewriting them into canonical form (`check::canonical`) without changing
//! a value, many at once and durably (`store::batch`), or only telling what
//! would change (a unified diff). The CLI parses arguments, calls
//! [`select`] and [`format_files`], and renders the results.
//!
//! Two passes over the records, each on many threads: first read each
//! record, make its canonical form, write the new version in a temporary
//! file and flush it (a few records: each as it is written, formatting on
//! the CPU overlapping the flushes on the disk; many, on Linux: all at once
//! with one `syncfs` once all are written, `store::batch::Flush`); then,
//! under the desk lock held exclusively (one lock for the
//! batch instead of one per claim: no claim command runs meanwhile) and
//! only if the record has not changed since it was read, rename each into
//! place (one thread per core), the replaced versions freed on other
//! threads meanwhile (`store::batch::retiring`: freeing may wait for the
//! disk).
//! The renames are made durable with one fsync per folder at the end (see
//! BENCHMARKS.md).

mod diff;

pub use diff::unified_diff;

use crate::check::canonical::{canonical, is_record, CanonicalError};
use crate::diag::{Code, Diagnostic};
use crate::store::batch::{self, Flush, Installed, Original};
use crate::store::write_error::{self, WriteProblem};
use crate::store::{
    folder, read_capped, write_atomic, DeskLock, StoreError, CLAIMS_DIR, CONFIG_FILE, SOURCES_DIR,
};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Whether `fmt` rewrites the records or only says what would change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// Change nothing; make a diff of each record that would change.
    Check,
}

/// The files `fmt` was asked about, split into the records it formats and
/// the others it skips.
#[derive(Debug)]
pub struct Selection {
    /// Claims, sources and the settings, relative to the desk root.
    pub records: Vec<PathBuf>,
    /// Files that are not records (named by the person), left alone.
    pub skipped: Vec<PathBuf>,
}

impl Selection {
    /// How many files were asked about.
    pub fn asked(&self) -> usize {
        self.records.len() + self.skipped.len()
    }
}

/// Why the files to format could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file name in `claims/` or `sources/` that is not UTF-8: refused,
    /// not skipped.
    #[error("{}: {}", .0.file.display(), .0.message)]
    NotUtf8(Box<Diagnostic>),
}

/// The records `fmt` formats: `files` (relative to the desk root) when
/// given, else every claim, source and the settings. The desk's folders
/// must be real folders, never links.
pub fn select(root: &Path, files: Option<Vec<PathBuf>>) -> Result<Selection, SelectError> {
    folder::ensure_real_folders(root).map_err(StoreError::from)?;
    let files = match files {
        Some(f) => f,
        None => all_records(root)?,
    };
    let (records, skipped) = files.into_iter().partition(|rel| is_record(rel));
    Ok(Selection { records, skipped })
}

/// Every record of the desk: the settings, then sources and claims.
fn all_records(root: &Path) -> Result<Vec<PathBuf>, SelectError> {
    let mut out = vec![PathBuf::from(CONFIG_FILE)];
    for dir in [SOURCES_DIR, CLAIMS_DIR] {
        let listing = folder::list(root, Path::new(dir)).map_err(StoreError::from)?;
        if let Some(name) = listing.not_utf8.first() {
            return Err(SelectError::NotUtf8(Box::new(folder::not_utf8_name(
                Path::new(dir),
                name,
            ))));
        }
        out.extend(
            listing
                .files_ending(".yaml")
                .into_iter()
                .map(|n| Path::new(dir).join(n)),
        );
    }
    Ok(out)
}

/// What `fmt` did with one record.
#[derive(Debug, PartialEq, Eq)]
pub enum Formatted {
    /// Already canonical.
    Unchanged,
    /// Rewritten in canonical form.
    Rewritten,
    /// Would be rewritten (`Mode::Check`): the unified diff.
    WouldChange(String),
}

/// Why one record was not formatted; it was left as it was.
#[derive(Debug)]
pub enum FmtError {
    /// The file could not be read or made canonical.
    Canonical(CanonicalError),
    /// Its new version could not be written: read-only, disk full...
    Write {
        message: String,
        problem: Option<WriteProblem>,
    },
}

impl FmtError {
    /// The error for `rel` that could not be read.
    fn unreadable(rel: &Path, e: impl std::fmt::Display) -> FmtError {
        FmtError::Canonical(CanonicalError::Invalid {
            file: rel.to_path_buf(),
            diagnostics: vec![Diagnostic::new(Code::UnreadableFile, rel, e.to_string())],
        })
    }

    /// A failure to write `rel`'s new version.
    fn write(rel: &Path, e: &std::io::Error) -> FmtError {
        FmtError::Write {
            message: format!("{}: {e}", rel.display()),
            problem: write_error::problem(e),
        }
    }

    /// A store failure while installing `rel` (an I/O error: the desk
    /// lock is already held).
    fn store(rel: &Path, e: StoreError) -> FmtError {
        match &e {
            StoreError::Io { source, .. } => FmtError::write(rel, source),
            _ => FmtError::Write {
                message: format!("{}: {e}", rel.display()),
                problem: None,
            },
        }
    }
}

/// How many files changed and how many could not be formatted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub changed: usize,
    pub failed: usize,
}

impl Tally {
    pub fn of(results: &[Result<Formatted, FmtError>]) -> Tally {
        let mut t = Tally::default();
        for r in results {
            match r {
                Ok(Formatted::Unchanged) => {}
                Ok(_) => t.changed += 1,
                Err(_) => t.failed += 1,
            }
        }
        t
    }

    /// Whether the run found something to report by its exit status: a
    /// record that could not be formatted is a failure; under `--check`, a
    /// record that would change is a finding.
    pub fn findings(&self, mode: Mode) -> bool {
        mode == Mode::Check && self.changed > 0
    }
}

/// Threads for `fmt`'s first pass when each file is flushed as it is
/// written ([`Flush::Each`]): most of that pass is spent waiting for the
/// disk to flush, not on the CPU, so many more threads than cores (while
/// some wait, others format). Flushed together, the pass waits for no
/// disk and runs one thread per core (rayon's pool): more only contend for
/// the folder's lock when they create the temporary files.
const IO_THREADS: usize = 32;

/// Formats `records` (relative to `root`); one result per record, in the
/// same order. `progress` hears `(done, total)` as records are finished.
/// A crash at any point leaves every record with its old or its new bytes.
/// When the desk lock cannot be taken (commands changing claims held it
/// longer than the lock wait), no record is changed and that is the error.
pub fn format_files(
    root: &Path,
    records: &[PathBuf],
    mode: Mode,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Result<Formatted, FmtError>>, StoreError> {
    let done = AtomicUsize::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, records.len());
    // Phase 1: read, format and write each new version (flushed as it is
    // written, the CPU work overlapping the flushes, or all at once below).
    let flush = batch::flush_for(records.len());
    let prepared = on_io_threads(flush, || {
        records
            .par_iter()
            .map(|rel| {
                let p = prepare(root, rel, mode, flush);
                if !matches!(p, Ok(Prepared::Staged(_))) {
                    tick();
                }
                p
            })
            .collect::<Vec<_>>()
    });
    // Every new version is on disk before the first rename: one `syncfs`
    // for each folder holding one (a folder may be another file system,
    // mounted there; a second call on the same one has little left to do).
    let flushed = || {
        let staged = prepared
            .iter()
            .map(|p| matches!(p, Ok(Prepared::Staged(_))));
        folders_of(root, records, staged)
            .iter()
            .all(|f| batch::flush_together(f))
    };
    let prepared = match flush {
        Flush::Together if !flushed() => on_io_threads(Flush::Each, || {
            records
                .par_iter()
                .zip(prepared)
                .map(|(rel, p)| match p {
                    Ok(Prepared::Staged(staged)) => match staged.flush() {
                        Ok(()) => Ok(Prepared::Staged(staged)),
                        Err(e) => {
                            staged.discard();
                            Err(FmtError::write(rel, &e))
                        }
                    },
                    other => other,
                })
                .collect()
        }),
        _ => prepared,
    };
    // Phase 2: rename them into place, apart from the creation of temporary
    // files (both take the folder's lock; mixed on many threads they made
    // the kernel spin). A rename waits for no disk, so one thread per core
    // (rayon's pool): more only contend for the folder's lock.
    let staged = prepared
        .iter()
        .any(|p| matches!(p, Ok(Prepared::Staged(_))));
    let desk = match staged {
        true => match DeskLock::acquire(root) {
            Ok(lock) => Some(lock),
            Err(e) => {
                discard_all(prepared);
                return Err(e);
            }
        },
        false => None,
    };
    // The replaced versions are closed (their space freed, which may wait
    // for the disk) on other threads, while the renames go on.
    let results: Vec<(Result<Formatted, FmtError>, bool)> = batch::retiring(|retire| {
        records
            .par_iter()
            .zip(prepared)
            .map(|(rel, p)| match p {
                Ok(Prepared::Staged(staged)) => {
                    // A staged version means the desk lock was taken above.
                    let r = match &desk {
                        Some(lock) => install(root, rel, staged, lock, retire),
                        None => unreachable!("staged without the desk lock"),
                    };
                    tick();
                    r
                }
                Ok(Prepared::Done(f)) => (Ok(f), false),
                Err(e) => (Err(e), false),
            })
            .collect()
    });
    drop(desk);
    let installed = results.iter().map(|(_, installed)| *installed);
    batch::finish(
        folders_of(root, records, installed)
            .iter()
            .map(PathBuf::as_path),
    );
    Ok(results.into_iter().map(|(r, _)| r).collect())
}

/// The folders of the `records` (relative to `root`) that `chosen` picks,
/// one flag per record in order: those a batch must flush.
fn folders_of(
    root: &Path,
    records: &[PathBuf],
    chosen: impl Iterator<Item = bool>,
) -> BTreeSet<PathBuf> {
    (records.iter().zip(chosen))
        .filter(|(_, chosen)| *chosen)
        .filter_map(|(rel, _)| root.join(rel).parent().map(Path::to_path_buf))
        .collect()
}

/// Removes every new version staged by phase 1 (none is installed).
fn discard_all(prepared: Vec<Result<Prepared, FmtError>>) {
    prepared.into_par_iter().for_each(|p| {
        if let Ok(Prepared::Staged(staged)) = p {
            staged.discard();
        }
    });
}

/// Runs `work` on [`IO_THREADS`] threads when files are flushed one by one
/// (on rayon's own pool when that many cannot be started, or when they are
/// flushed together).
fn on_io_threads<R: Send>(flush: Flush, work: impl FnOnce() -> R + Send) -> R {
    if flush == Flush::Together {
        return work();
    }
    match rayon::ThreadPoolBuilder::new()
        .num_threads(IO_THREADS)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// What phase 1 made of one record.
enum Prepared {
    Done(Formatted),
    Staged(batch::Staged),
}

fn prepare(root: &Path, rel: &Path, mode: Mode, flush: Flush) -> Result<Prepared, FmtError> {
    let path = root.join(rel);
    let original = Original::read(&path).map_err(|e| FmtError::unreadable(rel, e))?;
    let Some(new) = canonical_of(&original.bytes, rel)? else {
        return Ok(Prepared::Done(Formatted::Unchanged));
    };
    if mode == Mode::Check {
        return Ok(Prepared::Done(would_change(rel, &original.bytes, &new)));
    }
    batch::stage(&path, &original, new.as_bytes(), flush)
        .map(Prepared::Staged)
        .map_err(|e| FmtError::write(rel, &e))
}

/// Phase 2 for one record, under the desk lock: its result, and whether a
/// new version was renamed into place (its folder then needs an fsync).
fn install(
    root: &Path,
    rel: &Path,
    staged: batch::Staged,
    desk: &DeskLock,
    retire: &batch::Retire,
) -> (Result<Formatted, FmtError>, bool) {
    match staged.install(desk) {
        Ok(Installed::Replaced(old)) => {
            retire.retire(old);
            (Ok(Formatted::Rewritten), true)
        }
        Ok(Installed::ChangedMeanwhile) => (format_one(root, rel), false),
        Err(e) => (Err(FmtError::store(rel, e)), false),
    }
}

/// The canonical form of a record's bytes, or `None` when they are
/// canonical already.
fn canonical_of(bytes: &[u8], rel: &Path) -> Result<Option<String>, FmtError> {
    let new = canonical(bytes, rel).map_err(FmtError::Canonical)?;
    Ok((new.as_bytes() != bytes).then_some(new))
}

fn would_change(rel: &Path, old: &[u8], new: &str) -> Formatted {
    let old = String::from_utf8_lossy(old);
    Formatted::WouldChange(unified_diff(&old, new, &rel.display().to_string()))
}

/// Formats one record on its own, read again and written at once (used
/// when it changed while the batch formatted it; the caller holds the desk
/// lock, so no claim command writes it meanwhile).
fn format_one(root: &Path, rel: &Path) -> Result<Formatted, FmtError> {
    let path = root.join(rel);
    let (bytes, _) = read_capped(&path).map_err(|e| FmtError::unreadable(rel, e))?;
    let Some(new) = canonical_of(&bytes, rel)? else {
        return Ok(Formatted::Unchanged);
    };
    write_atomic(&path, new.as_bytes()).map_err(|e| FmtError::write(rel, &e))?;
    Ok(Formatted::Rewritten)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in [CLAIMS_DIR, SOURCES_DIR] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join(CONFIG_FILE), "ratings: []\n").unwrap();
        dir
    }

    #[test]
    fn the_whole_desk_is_the_settings_then_sources_then_claims() {
        let d = desk();
        for f in [
            "claims/b.yaml",
            "claims/a.yaml",
            "sources/s.yaml",
            "claims/n.txt",
        ] {
            std::fs::write(d.path().join(f), "x: 1\n").unwrap();
        }
        let s = select(d.path(), None).unwrap();
        let names: Vec<_> = s.records.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                CONFIG_FILE,
                "sources/s.yaml",
                "claims/a.yaml",
                "claims/b.yaml"
            ]
        );
        assert!(s.skipped.is_empty());
    }

    #[test]
    fn files_that_are_not_records_are_skipped_not_formatted() {
        let d = desk();
        let asked = vec![
            PathBuf::from("claims/a.yaml"),
            PathBuf::from("notes.md"),
            PathBuf::from("reports/a.yaml"),
        ];
        let s = select(d.path(), Some(asked)).unwrap();
        assert_eq!(s.records, [PathBuf::from("claims/a.yaml")]);
        assert_eq!(s.skipped.len(), 2);
        assert_eq!(s.asked(), 3);
    }

    #[test]
    fn check_mode_finds_but_writing_mode_does_not() {
        let t = Tally {
            changed: 2,
            failed: 0,
        };
        assert!(t.findings(Mode::Check));
        assert!(!t.findings(Mode::Write));
        assert!(!Tally::default().findings(Mode::Check));
    }
}

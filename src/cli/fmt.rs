//! `factdesk fmt`: rewrites records into canonical form (atomically, never
//! changing a value); `--check` prints a unified diff of what would change
//! and exits 1. Exit 2 when a record cannot be formatted (invalid, or with
//! comments inside its body).

use super::check::{desk_root, relative_files};
use super::output::{self, Style};
use super::progress::Progress;
use super::{CliError, CliResult, Ctx, Outcome};
use clap::Args;
use factdesk::check::canonical::{canonical, is_record, CanonicalError};
use factdesk::diag::Code;
use factdesk::store::batch::{self, Installed, Staged};
use factdesk::store::{
    folder, write_atomic, write_error, ClaimLock, StoreError, CLAIMS_DIR, CONFIG_FILE, SOURCES_DIR,
};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Format only these files; default: every claim, source and factdesk.yaml
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Change nothing: print a diff of what would change and exit 1 if anything would
    #[arg(long)]
    check: bool,
}

pub fn run(ctx: &mut Ctx, args: FmtArgs) -> CliResult {
    let root = desk_root(ctx)?;
    folder::ensure_real_folders(&root).map_err(factdesk::store::StoreError::from)?;
    let files = if args.files.is_empty() {
        all_records(&root)?
    } else {
        relative_files(&root, &args.files)?
    };
    let records: Vec<&PathBuf> = files
        .iter()
        .filter(|rel| {
            let keep = is_record(rel);
            if !keep {
                output::write_stderr(&format!(
                    "note: skipped {}: not a claim, a source or {CONFIG_FILE}\n",
                    rel.display()
                ));
            }
            keep
        })
        .collect();
    let results = format_all(&root, &records, args.check);
    let (mut changed, mut failed) = (0usize, 0usize);
    for (rel, result) in records.iter().zip(results) {
        match result {
            Ok(None) => {}
            Ok(Some(diff)) => {
                changed += 1;
                if args.check {
                    ctx.out.line(diff.trim_end());
                } else {
                    ctx.out.line(format!("formatted {}", rel.display()));
                }
            }
            Err(e) => {
                failed += 1;
                report(ctx, &e);
            }
        }
    }
    let verb = if args.check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    let line = format!(
        "{changed} of {} file(s) {verb}{}",
        files.len(),
        if failed > 0 {
            format!(", {failed} could not be formatted")
        } else {
            String::new()
        }
    );
    output::write_stderr(&format!("{line}\n"));
    Ok(if failed > 0 {
        Outcome::Failed
    } else if args.check && changed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn report(ctx: &Ctx, e: &FmtError) {
    let (message, hint) = match e {
        FmtError::Canonical(error) => (error.to_string(), super::error::canonical_hint(error)),
        FmtError::Write { message, hint } => (message.clone(), *hint),
    };
    let mut msg = format!("{} {message}\n", ctx.out.paint("error:", Style::Error));
    if let FmtError::Canonical(CanonicalError::Invalid { diagnostics, .. }) = e {
        for d in factdesk::diag::cap_per_file(diagnostics.clone(), factdesk::diag::MAX_PER_FILE) {
            for l in super::remedy::resolved(&d).render_human().lines() {
                msg.push_str(&format!("  {l}\n"));
            }
        }
    }
    msg.push_str(&format!("{} {hint}\n", ctx.out.paint("hint:", Style::Hint)));
    output::write_stderr(&msg);
}

/// Why one file was not formatted.
enum FmtError {
    /// The file could not be read or made canonical.
    Canonical(CanonicalError),
    /// Its new version could not be written (or its lock taken); the file
    /// was left as it was.
    Write { message: String, hint: &'static str },
}

fn io_error(rel: &Path, e: impl std::fmt::Display) -> FmtError {
    FmtError::Canonical(CanonicalError::Invalid {
        file: rel.to_path_buf(),
        diagnostics: vec![factdesk::diag::Diagnostic::new(
            Code::UnreadableFile,
            rel,
            e.to_string(),
        )],
    })
}

/// A failure to write `rel`'s new version: read-only, disk full, lock busy.
fn write_error(rel: &Path, e: &std::io::Error) -> FmtError {
    FmtError::Write {
        message: format!("{}: {e}", rel.display()),
        hint: super::error::write_hint(write_error::problem(e)),
    }
}

/// Formats `records` in three phases (results in the same order):
/// 1. in parallel, read each file, make its canonical form and stage the new
///    version in a temporary file (`--check`: make the diff instead);
/// 2. flush all staged files to disk at once;
/// 3. install each under the claim's lock, only if the file is unchanged
///    since phase 1 (else format it again, one by one), then one fsync per
///    folder. A crash at any point leaves every record old or new.
fn format_all(
    root: &Path,
    records: &[&PathBuf],
    check: bool,
) -> Vec<Result<Option<String>, FmtError>> {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(IO_THREADS)
        .build()
    {
        Ok(pool) => pool.install(|| format_batch(root, records, check)),
        Err(_) => format_batch(root, records, check),
    }
}

/// Threads for `fmt`: most of its time is spent waiting for the disk to
/// flush and rename, not on the CPU, so many more threads than cores.
const IO_THREADS: usize = 32;

fn format_batch(
    root: &Path,
    records: &[&PathBuf],
    check: bool,
) -> Vec<Result<Option<String>, FmtError>> {
    let bar = Progress::new("formatting records", records.len());
    let prepared: Vec<Result<Prepared, FmtError>> = records
        .par_iter()
        .map(|rel| {
            let p = prepare(root, rel, check);
            bar.tick();
            p
        })
        .collect();
    drop(bar);
    let staged: Vec<&Staged> = prepared
        .iter()
        .filter_map(|p| match p {
            Ok(Prepared::Staged(s)) => Some(s),
            _ => None,
        })
        .collect();
    let flushed = batch::flush(&staged);
    let bar = Progress::new("writing records", staged.len());
    let results: Vec<(Result<Option<String>, FmtError>, bool)> = records
        .par_iter()
        .zip(prepared)
        .map(|(rel, p)| {
            let staged = matches!(p, Ok(Prepared::Staged(_)));
            let r = finish_one(root, rel, p, flushed.as_ref().err());
            if staged {
                bar.tick();
            }
            r
        })
        .collect();
    drop(bar);
    let folders: BTreeSet<PathBuf> = records
        .iter()
        .zip(&results)
        .filter(|(_, (_, installed))| *installed)
        .filter_map(|(rel, _)| root.join(rel).parent().map(Path::to_path_buf))
        .collect();
    batch::finish(folders.iter().map(PathBuf::as_path));
    results.into_iter().map(|(r, _)| r).collect()
}

/// Phase 3 for one file: installs its staged version (when the flush went
/// well); returns the result and whether a file was renamed into place.
fn finish_one(
    root: &Path,
    rel: &Path,
    prepared: Result<Prepared, FmtError>,
    flush_failed: Option<&std::io::Error>,
) -> (Result<Option<String>, FmtError>, bool) {
    let staged = match prepared {
        Err(e) => return (Err(e), false),
        Ok(Prepared::Same) => return (Ok(None), false),
        Ok(Prepared::Diff(diff)) => return (Ok(Some(diff)), false),
        Ok(Prepared::Staged(staged)) => staged,
    };
    if let Some(e) = flush_failed {
        staged.discard();
        return (Err(write_error(rel, e)), false);
    }
    match staged.install(claim_lock_id(rel).map(|id| (root, id))) {
        Ok(Installed::Replaced) => (Ok(Some(String::new())), true),
        Ok(Installed::ChangedMeanwhile) => (format_one(root, rel, false), false),
        Err(e) => (Err(store_write_error(rel, e)), false),
    }
}

/// What phase 1 made of one file.
enum Prepared {
    Same,
    Diff(String),
    Staged(Staged),
}

fn prepare(root: &Path, rel: &Path, check: bool) -> Result<Prepared, FmtError> {
    let path = root.join(rel);
    let (bytes, _) = factdesk::store::read_capped(&path).map_err(|e| io_error(rel, e))?;
    let new = canonical(&bytes, rel).map_err(FmtError::Canonical)?;
    if new.as_bytes() == bytes.as_slice() {
        Ok(Prepared::Same)
    } else if check {
        let old = String::from_utf8_lossy(&bytes);
        Ok(Prepared::Diff(unified_diff(
            &old,
            &new,
            &rel.display().to_string(),
        )))
    } else {
        batch::stage(&path, &bytes, new.as_bytes())
            .map(Prepared::Staged)
            .map_err(|e| write_error(rel, &e))
    }
}

/// A store failure while installing `rel`: a write error when it carries
/// one, else its own words (a lock that stayed busy).
fn store_write_error(rel: &Path, e: StoreError) -> FmtError {
    match &e {
        StoreError::Io { source, .. } if write_error::problem(source).is_some() => {
            write_error(rel, source)
        }
        _ => FmtError::Write {
            message: e.to_string(),
            hint: "run `factdesk fmt` again once the other command has finished",
        },
    }
}

/// The claim id whose lock guards `rel`, when it is a claim record.
fn claim_lock_id(rel: &Path) -> Option<&str> {
    let id = rel.file_stem().and_then(|s| s.to_str())?;
    (rel.starts_with(CLAIMS_DIR) && factdesk::model::id::validate_id(id).is_ok()).then_some(id)
}

/// Formats one file, one at a time, under its lock (used when a file changed
/// while a batch was formatting it); returns the diff when it changed.
fn format_one(root: &Path, rel: &Path, check: bool) -> Result<Option<String>, FmtError> {
    let path = root.join(rel);
    let _lock = match claim_lock_id(rel) {
        Some(id) if !check => {
            Some(ClaimLock::acquire(root, id).map_err(|e| store_write_error(rel, e))?)
        }
        _ => None,
    };
    let (bytes, _) = factdesk::store::read_capped(&path).map_err(|e| io_error(rel, e))?;
    let new = canonical(&bytes, rel).map_err(FmtError::Canonical)?;
    if new.as_bytes() == bytes.as_slice() {
        return Ok(None);
    }
    let old = String::from_utf8_lossy(&bytes);
    let diff = unified_diff(&old, &new, &rel.display().to_string());
    if !check {
        write_atomic(&path, new.as_bytes()).map_err(|e| write_error(rel, &e))?;
    }
    Ok(Some(diff))
}

/// Every record of the desk: the settings, then sources and claims. A name
/// that is not UTF-8 is refused, not skipped.
fn all_records(root: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut out = vec![PathBuf::from(CONFIG_FILE)];
    for dir in [SOURCES_DIR, CLAIMS_DIR] {
        let listing =
            folder::list(root, Path::new(dir)).map_err(factdesk::store::StoreError::from)?;
        if let Some(name) = listing.not_utf8.first() {
            let d = folder::not_utf8_name(Path::new(dir), name);
            return Err(
                CliError::new(format!("{}: {}", d.file.display(), d.message))
                    .hint(d.hint.unwrap_or_default()),
            );
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

/// A unified diff (3 lines of context) from `old` to `new`.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = edit_script(&a, &b);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let changes: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| !matches!(o, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changes.len() {
        let start = changes[i].saturating_sub(3);
        let mut end = changes[i];
        while i < changes.len() && changes[i] <= end + 6 {
            end = changes[i];
            i += 1;
        }
        let end = (end + 4).min(ops.len());
        let (mut la, mut lb) = (0, 0);
        for o in &ops[..start] {
            match o {
                Op::Same(..) => (la, lb) = (la + 1, lb + 1),
                Op::Del(_) => la += 1,
                Op::Add(_) => lb += 1,
            }
        }
        let hunk = &ops[start..end];
        let na = hunk.iter().filter(|o| !matches!(o, Op::Add(_))).count();
        let nb = hunk.iter().filter(|o| !matches!(o, Op::Del(_))).count();
        out.push_str(&format!("@@ -{},{na} +{},{nb} @@\n", la + 1, lb + 1));
        for o in hunk {
            let (sign, line) = match o {
                Op::Same(l) => (' ', *l),
                Op::Del(l) => ('-', *l),
                Op::Add(l) => ('+', *l),
            };
            out.push(sign);
            out.push_str(&factdesk::diag::visible(
                line.strip_suffix('\n').unwrap_or(line),
            ));
            out.push('\n');
        }
    }
    out
}

enum Op<'a> {
    Same(&'a str),
    Del(&'a str),
    Add(&'a str),
}

/// A shortest edit script by longest common subsequence (records are small).
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Op<'a>> {
    let eq = |x: &str, y: &str| {
        x.trim_end_matches(['\n', '\r']) == y.trim_end_matches(['\n', '\r'])
            && x.ends_with('\n') == y.ends_with('\n')
            && x.ends_with("\r\n") == y.ends_with("\r\n")
    };
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if eq(a[i], b[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && eq(a[i], b[j]) {
            out.push(Op::Same(a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Op::Del(a[i]));
            i += 1;
        } else {
            out.push(Op::Add(b[j]));
            j += 1;
        }
    }
    out
}

//! `factdesk check`: validates the desk (or the files given) and reports
//! every problem, for people, as JSON or as GitHub annotations. Exit 0 when
//! clean, 1 when problems were found, 2 when the check could not run.

use super::output::{self, Style};
use super::progress::Progress;
use super::{CliError, CliResult, Ctx, Outcome};
use clap::{Args, ValueEnum};
use factdesk::check::{Options, Report};
use factdesk::diag::{cap_per_file, tally, Severity, MAX_PER_FILE};
use factdesk::steps;
use std::path::{Path, PathBuf};

/// Checking a large desk allocates many small values from two threads;
/// mimalloc does that markedly faster than the system allocator (see
/// BENCHMARKS.md). Declared here, it serves the whole binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (`mi_option_purge_delay`, the same index
/// in its v2 and v3 headers; the binding names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets the allocator's options, before any command runs. mimalloc gives
/// freed memory back to the kernel 10 ms after it falls idle; a command
/// that frees and allocates records by the thousand then faults the same
/// pages in again, each one zeroed by the kernel: on a 100,000-claim desk
/// up to half a second of system time, a run in three (BENCHMARKS.md).
/// Waiting a second keeps the pages a busy command reuses and still returns
/// memory to the kernel while it idles. `MIMALLOC_PURGE_DELAY` in the
/// environment, mimalloc's own setting, still wins.
pub fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: `mi_option_set` takes an option index and a value; the index
    // is mimalloc's `purge_delay` and any value is valid for it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check only these files (claims, sources, factdesk.yaml); default: the whole desk
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,
    /// How to report: for people, as JSON (see docs/diagnostics.md), or as GitHub annotations
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 on warnings too, not only on errors
    #[arg(long)]
    deny_warnings: bool,
    /// Neither read nor write the result cache in .factdesk/cache
    #[arg(long)]
    no_cache: bool,
    /// Also audit every commit since this git revision against its parents:
    /// append-only history, reviews and corrections, published claims,
    /// arriving claims, transcripts (see docs/git-workflow.md)
    #[arg(long, value_name = "REV")]
    since: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: CheckArgs) -> CliResult {
    let root = desk_root(ctx)?;
    let files = match args.files.is_empty() {
        true => None,
        false => Some(relative_files(&root, &args.files)?),
    };
    let opts = Options {
        today: chrono::Utc::now().date_naive(),
        files,
        cache: !args.no_cache,
    };
    let bar = std::sync::OnceLock::new();
    let progress = |done: usize, total: usize| {
        bar.get_or_init(|| Progress::new("checking claims", total))
            .set(done);
    };
    let mut report = steps::check::check_and_audit(&root, &opts, args.since.as_deref(), &progress)
        .map_err(run_error)?;
    drop(bar);
    report
        .diagnostics
        .iter_mut()
        .for_each(super::remedy::resolve);
    for s in &report.skipped {
        output::write_stderr(&format!(
            "note: skipped {}: not a claim, a source or {}\n",
            s.display(),
            factdesk::store::CONFIG_FILE
        ));
    }
    report.diagnostics = cap_per_file(std::mem::take(&mut report.diagnostics), MAX_PER_FILE);
    let found = tally(&report.diagnostics);
    let (errors, warnings) = (found.errors, found.warnings);
    match args.format {
        Format::Human => human(ctx, &report, errors, warnings),
        Format::Json => json(ctx, &report, errors, warnings),
        Format::Github => {
            let workspace = std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from);
            let prefix = steps::check::repository_prefix(&root, workspace.as_deref());
            for d in &report.diagnostics {
                ctx.out.line(d.render_github(&prefix));
            }
            ctx.out.line(summary(errors, warnings, report.files));
        }
    }
    Ok(Outcome::findings_if(steps::check::fails(
        &found,
        args.deny_warnings,
    )))
}

fn run_error(e: steps::check::CheckRunError) -> CliError {
    use steps::check::CheckRunError;
    match e {
        CheckRunError::Store(e) => e.into(),
        CheckRunError::History(e) => e.into(),
        e @ (CheckRunError::Check(_) | CheckRunError::AuditStopped) => CliError::new(e.to_string()),
    }
}

fn human(ctx: &mut Ctx, report: &Report, errors: usize, warnings: usize) {
    for d in &report.diagnostics {
        let text = d.render_human();
        let (head, rest) = text.split_once(": ").unwrap_or((&text, ""));
        let style = if d.severity == Severity::Error {
            Style::Error
        } else {
            Style::Warn
        };
        ctx.out
            .line(format!("{}: {}", ctx.out.paint(head, style), rest));
    }
    let line = summary(errors, warnings, report.files);
    let style = if errors > 0 {
        Style::Error
    } else if warnings > 0 {
        Style::Warn
    } else {
        Style::Good
    };
    let painted = ctx.out.paint(&line, style);
    ctx.out.line(painted);
}

fn json(ctx: &mut Ctx, report: &Report, errors: usize, warnings: usize) {
    let doc = serde_json::json!({
        "version": 1,
        "files": report.files,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": report.diagnostics,
    });
    ctx.out
        .data(serde_json::to_string_pretty(&doc).unwrap_or_default());
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn summary(errors: usize, warnings: usize, files: usize) -> String {
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )
}

/// The desk's root folder (`steps::desk_root`), from `--desk` or the
/// current folder.
pub fn desk_root(ctx: &Ctx) -> Result<PathBuf, CliError> {
    let cwd = std::env::current_dir()
        .map_err(|e| CliError::new(format!("cannot read the current folder: {e}")))?;
    Ok(steps::desk_root(ctx.global.desk.as_deref(), &cwd)?)
}

/// The given paths relative to the desk root (`steps::relative_files`).
pub fn relative_files(root: &Path, files: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    steps::relative_files(root, files).map_err(|e| match e {
        steps::PathError::NoSuchFile(_) => CliError::new(e.to_string())
            .hint("give paths of files in the desk, such as claims/<id>.yaml"),
        steps::PathError::Unreadable { .. } => CliError::new(e.to_string()),
    })
}

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

/// Sets how the process's memory is managed, before any command runs: no
/// transparent huge pages for this process, unless `MIMALLOC_ALLOW_THP` is
/// set (mimalloc's own variable for them). mimalloc asks for huge pages on
/// the memory it reserves at start-up, before `main`; the kernel then
/// zeroes 2 MB at the first touch of each, and splits and faults them
/// again as freed memory is purged. On a 100,000-claim desk `check` spent
/// 0.96–1.13 s in the kernel with them and 0.36–0.55 s without, every run,
/// for the same peak memory (BENCHMARKS.md). Linux only; the flag is the
/// kernel's (`PR_SET_THP_DISABLE`), read at each page fault; programs this
/// one starts (git) inherit it, which changes nothing for them but how
/// their memory is paged.
pub fn tune_allocator() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: prctl with an option and plain integer arguments; a
        // failure (an old kernel) leaves the process as it was.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn huge_pages_are_off_after_tuning() {
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
            eprintln!("skipped: MIMALLOC_ALLOW_THP is set");
            return;
        }
        super::tune_allocator();
        // SAFETY: a query with no pointer arguments.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1, "huge pages are off for the process");
    }
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
    let mut report = steps::check::check_and_audit(&root, &opts, args.since.as_deref(), &progress)?;
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

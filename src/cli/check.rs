//! `factdesk check`: validates the desk (or the files given) and reports
//! every problem, for people, as JSON or as GitHub annotations. Exit 0 when
//! clean, 1 when problems were found, 2 when the check could not run.

use super::output::{self, Style};
use super::progress::Progress;
use super::{CliError, CliResult, Ctx, Outcome};
use clap::{Args, ValueEnum};
use factdesk::check::{self, Options, Report};
use factdesk::diag::{cap_per_file, tally, Severity, MAX_PER_FILE};
use std::path::{Path, PathBuf};

/// Checking a large desk allocates many small values from two threads;
/// mimalloc does that markedly faster than the system allocator (see
/// BENCHMARKS.md). Declared here, it serves the whole binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // The audit of the commits (mostly git's work, in other processes) runs
    // beside the check of the desk.
    let (report, audit) = std::thread::scope(|s| {
        let audit = args.since.as_deref().map(|rev| {
            s.spawn(|| -> Result<Vec<factdesk::diag::Diagnostic>, CliError> {
                let desk = factdesk::store::Desk::open(&root)?;
                Ok(factdesk::history::audit::check_since(&desk, rev)?)
            })
        });
        let report = check::check_desk(&root, &opts, &progress);
        let audit = audit.map(|a| {
            a.join()
                .unwrap_or_else(|_| Err(CliError::new("the audit stopped unexpectedly")))
        });
        (report, audit)
    });
    let mut report = report.map_err(|e| CliError::new(e.to_string()))?;
    if let Some(found) = audit {
        report.diagnostics.extend(found?);
    }
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
            let prefix = repository_prefix(&root);
            for d in &report.diagnostics {
                ctx.out.line(d.render_github(&prefix));
            }
            ctx.out.line(summary(errors, warnings, report.files));
        }
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(Outcome::findings_if(failed))
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

/// The desk's folder relative to the repository root, for annotation paths:
/// git's answer when the desk is in a repository, else its place inside
/// `GITHUB_WORKSPACE`, else none (the desk is the root).
fn repository_prefix(root: &Path) -> PathBuf {
    if let Ok(repo) = factdesk::history::Repo::open(root) {
        return PathBuf::from(repo.prefix.trim_end_matches('/'));
    }
    let workspace =
        std::env::var_os("GITHUB_WORKSPACE").and_then(|w| Path::new(&w).canonicalize().ok());
    let desk = root.canonicalize().ok();
    match (workspace, desk) {
        (Some(w), Some(d)) => d
            .strip_prefix(&w)
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        _ => PathBuf::new(),
    }
}

/// The desk's root folder, without reading its settings (a broken
/// factdesk.yaml is something to report, not a reason not to run).
pub fn desk_root(ctx: &Ctx) -> Result<PathBuf, CliError> {
    let cwd = std::env::current_dir()
        .map_err(|e| CliError::new(format!("cannot read the current folder: {e}")))?;
    let root = match &ctx.global.desk {
        Some(d) if d.join(factdesk::store::CONFIG_FILE).is_file() => {
            Ok(std::path::absolute(d).unwrap_or(d.clone()))
        }
        Some(d) => Err(factdesk::store::StoreError::NotADesk { start: d.clone() }),
        None => factdesk::store::find_root(&cwd),
    };
    Ok(root?)
}

/// The given paths relative to the desk root; every one must exist.
pub fn relative_files(root: &Path, files: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for f in files {
        if !f.exists() {
            return Err(CliError::new(format!("{}: no such file", f.display()))
                .hint("give paths of files in the desk, such as claims/<id>.yaml"));
        }
        let abs =
            std::path::absolute(f).map_err(|e| CliError::new(format!("{}: {e}", f.display())))?;
        let abs = normalize(&abs);
        match abs.strip_prefix(normalize(root)) {
            Ok(rel) => out.push(rel.to_path_buf()),
            Err(_) => out.push(f.clone()),
        }
    }
    Ok(out)
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

//! `factdesk report`: renders the verification summaries into `reports/`
//! (atomically, removing stale generated pages), checks that committed
//! reports are up to date (`--check`), or prints the template context.

use super::output::Style;
use super::progress::Lazy;
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::diag::visible;
use factdesk::report::outputs::{self, Rendering, State};
use factdesk::report::{self, Templates};
use factdesk::store::{INTERNAL_REPORTS_DIR as INTERNAL_DIR, REPORTS_DIR};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Render the public edition (the default): published checks only, no
    /// assignees, no open work
    #[arg(long, conflicts_with = "internal")]
    public: bool,
    /// Render the desk's internal overview instead (open work, assignees,
    /// queue ages), into reports-internal/; never into the public reports/
    #[arg(long)]
    internal: bool,
    /// Folder to write into (default: the desk's reports/, or
    /// reports-internal/ with --internal)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Render in memory and exit 1 if the files on disk are stale, missing or
    /// extra, or partial (a run stopped while replacing them)
    #[arg(long, conflicts_with = "context")]
    check: bool,
    /// Print the JSON context the templates receive, and write nothing
    #[arg(long)]
    context: bool,
    /// Start claims.csv with a UTF-8 byte-order mark for this run, so Excel
    /// and other spreadsheets read accents and non-Latin text right. To have
    /// it on every run (and in --check and status), set `csv_bom: true` in
    /// factdesk.yaml instead
    #[arg(long)]
    excel: bool,
}

pub fn run(ctx: &mut Ctx, a: ReportArgs) -> CliResult {
    let started = Instant::now();
    let desk = ctx.desk()?;
    if !a.context {
        refuse_rejected_desk(&desk.root)?;
    }
    // The public edition in reports/ is recorded for `status` and the next
    // `report` (see report::freshness) when it is what the desk's settings
    // render, with the digest of its claims as they were read: written, or
    // found up to date by `--check`.
    let as_set = !a.excel || desk.config.csv_bom;
    let recorded = as_set && !a.internal && !a.context && a.out.is_none();
    if recorded {
        if let Some(done) = unchanged(ctx, &desk, a.check)? {
            return Ok(done);
        }
    }
    let (mut context, digest) = report::load_context(&desk, !a.internal)?;
    let claims_digest = recorded.then_some(digest);
    context.csv_bom |= a.excel;
    if a.context {
        let json = serde_json::to_string_pretty(&context)
            .map_err(|e| CliError::new(format!("cannot serialize the context: {e}")))?;
        ctx.out.data(json);
        return Ok(Outcome::Clean);
    }
    if let Some(problem) = report::claimreview::publisher_refusal(&context) {
        return Err(CliError::new(problem).hint(
            "set publisher.url in factdesk.yaml to the site where the checks are published, then run `factdesk report` again",
        ));
    }
    let notes = report::freshness::Notes::of(&context);
    warn(ctx, &notes);
    let out_dir = match (&a.out, a.internal) {
        (Some(dir), _) => dir.clone(),
        (None, false) => desk.root.join(REPORTS_DIR),
        (None, true) => desk.root.join(INTERNAL_DIR),
    };
    if a.internal && same_dir(&out_dir, &desk.root.join(REPORTS_DIR)) {
        return Err(CliError::new(format!(
            "{} holds the public edition; the internal overview is never written there",
            out_dir.display()
        ))
        .hint(format!(
            "leave out --out to write into {INTERNAL_DIR}/, or give another folder"
        )));
    }
    let templates = Templates::load(&desk.root, report::TEMPLATES_DIR)?;
    let on_disk = outputs::generated_on_disk(&out_dir)?;
    let bar = Lazy::since("rendering report", started);
    let rendering = Rendering {
        dir: &out_dir,
        context: &context,
        templates: &templates,
        on_disk: &on_disk,
        record: claims_digest.as_ref().map(|d| (&desk, d)),
        progress: &|d, t| bar.set(d, t),
    };
    let result = if a.check {
        check(ctx, &rendering, &bar)
    } else {
        let written = write(ctx, &rendering, &bar);
        if written.is_ok() {
            epilogue(ctx, &out_dir, context.public, &notes);
        }
        written
    };
    // The process ends right after: freeing hundreds of megabytes of claims
    // one allocation at a time would only delay it.
    std::mem::forget(context);
    result
}

/// The desk's public edition in `reports/` when its record vouches that it
/// is what the desk renders now (`report::freshness`): said as a rendering
/// that wrote nothing (or, `checking`, a comparison that found nothing)
/// would say it, without loading a claim. `None` when the record does not
/// vouch for the folder (it is then rendered).
fn unchanged(
    ctx: &mut Ctx,
    desk: &factdesk::store::Desk,
    checking: bool,
) -> Result<Option<Outcome>, CliError> {
    let Some((notes, n)) = outputs::vouched_public(desk)? else {
        return Ok(None);
    };
    let dir = desk.root.join(REPORTS_DIR);
    warn(ctx, &notes);
    if checking {
        up_to_date(ctx, &dir, n);
        return Ok(Some(Outcome::Clean));
    }
    ctx.out.line(format!(
        "Rendered {n} files into {}: 0 written, {n} unchanged, 0 stale removed",
        dir.display()
    ));
    epilogue(ctx, &dir, true, &notes);
    Ok(Some(Outcome::Clean))
}

/// `report --check`'s line for a folder that holds what the desk renders.
fn up_to_date(ctx: &mut Ctx, dir: &Path, files: usize) {
    ctx.out.line(format!(
        "{} reports in {} are up to date ({files} files)",
        ctx.out.paint("ok:", Style::Good),
        dir.display()
    ));
}

/// Shows what a rendering says before writing: the context's problems and
/// the published checks without ClaimReview.
fn warn(ctx: &mut Ctx, notes: &report::freshness::Notes) {
    for (subject, message) in &notes.problems {
        ctx.out.message(&format!(
            "{} {subject}: {message}\n",
            ctx.out.paint_err("warning:", Style::Warn),
        ));
    }
    let waived: Vec<&str> = notes.waived.iter().map(String::as_str).collect();
    if !waived.is_empty() {
        ctx.out.message(&format!(
            "{} {} published check(s) carry no ClaimReview, as the desk chose (--no-claimreview): {}\n",
            ctx.out.paint_err("note:", Style::Warn),
            waived.len(),
            list_ids(&waived)
        ));
    }
}

/// The errors `factdesk check` would report, shown in a refusal.
const SHOWN_ERRORS: usize = 5;

/// Refuses to render a desk that `check` rejects (`report::gate`), showing
/// the first of its errors.
fn refuse_rejected_desk(root: &Path) -> Result<(), CliError> {
    let today = chrono::Utc::now().date_naive();
    let Some(rejected) =
        report::gate::rejected(root, today).map_err(|e| CliError::new(e.to_string()))?
    else {
        return Ok(());
    };
    let errors = &rejected.errors;
    let mut err = CliError::new(format!(
        "the desk has {} error(s) in {} file(s) that `factdesk check` reports; nothing was rendered",
        errors.len(),
        rejected.files
    ));
    for d in errors.iter().take(SHOWN_ERRORS) {
        err = err.detail(format!(
            "{}: error[{}]: {}",
            visible(&d.location()),
            d.code,
            visible(&d.message)
        ));
    }
    if errors.len() > SHOWN_ERRORS {
        err = err.detail(format!("… and {} more", errors.len() - SHOWN_ERRORS));
    }
    Err(err.hint(
        "run `factdesk check` to see every problem with its fix, then `factdesk report` again",
    ))
}

/// Whether `a` and `b` name the same folder (compared canonically when both exist).
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Names the page to open and, for the public edition, what it left out.
fn epilogue(ctx: &mut Ctx, dir: &Path, public: bool, notes: &report::freshness::Notes) {
    let index = dir.join("index.html");
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| index.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or(index);
    if !public {
        ctx.out.line(format!(
            "Internal overview (open work, assignees, queue ages): not for publication. Open {}",
            shown.display()
        ));
        return;
    }
    ctx.out.line(format!(
        "Open {} to read the public edition.",
        shown.display()
    ));
    let (open, discarded) = notes.withheld;
    if open + discarded > 0 {
        ctx.out.line(format!(
            "Left out of the public edition: {open} open claim(s) (candidates, in research, in review) and {discarded} discarded, with every assignee; `factdesk report --internal` renders the desk's overview into {INTERNAL_DIR}/."
        ));
    }
}

/// At most ten ids, then how many more.
fn list_ids(ids: &[&str]) -> String {
    let mut s = ids.iter().take(10).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > 10 {
        s.push_str(&format!(" and {} more", ids.len() - 10));
    }
    s
}

/// Compares the folder with what the desk renders
/// (`report::outputs::Rendering::findings`) and says what differs.
fn check(ctx: &mut Ctx, rendering: &Rendering, bar: &Lazy) -> CliResult {
    let findings = rendering.findings();
    bar.finish();
    let findings = findings?;
    if findings.is_empty() {
        up_to_date(ctx, rendering.dir, rendering.on_disk.files.len());
        return Ok(Outcome::Clean);
    }
    let dir = rendering.dir.display();
    for f in &findings {
        ctx.out.line(f.to_string());
    }
    if findings.first().is_some_and(|f| f.state == State::Partial) {
        ctx.out.line(format!(
            "{} an earlier `factdesk report` stopped while replacing the files in {dir}",
            ctx.out.paint("note:", Style::Warn),
        ));
    }
    ctx.out.line(format!(
        "{} {} report file(s) out of date in {dir}; run `factdesk report` and commit the result",
        ctx.out.paint("stale:", Style::Warn),
        findings.len(),
    ));
    Ok(Outcome::Findings)
}

/// Renders into the folder (`report::outputs::Rendering::write`) and says
/// what changed.
fn write(ctx: &mut Ctx, rendering: &Rendering, bar: &Lazy) -> CliResult {
    let w = rendering.write();
    bar.finish();
    let w = w?;
    ctx.out.line(format!(
        "Rendered {} files into {}: {} written, {} unchanged, {} stale removed",
        w.files,
        rendering.dir.display(),
        w.written,
        w.unchanged,
        w.removed
    ));
    Ok(Outcome::Clean)
}

//! `factdesk report`: renders the verification summaries into `reports/`
//! (atomically, removing stale generated pages), checks that committed
//! reports are up to date (`--check`), or prints the template context.

use super::output::{write_stderr, Style};
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::check;
use factdesk::diag::{visible, Severity};
use factdesk::report::{self, Templates};
use factdesk::store::{write_derived, INTERNAL_REPORTS_DIR as INTERNAL_DIR, REPORTS_DIR};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// Render in memory and exit 1 if the files on disk are stale, missing or extra
    #[arg(long, conflicts_with = "context")]
    check: bool,
    /// Print the JSON context the templates receive, and write nothing
    #[arg(long)]
    context: bool,
    /// Start claims.csv with a UTF-8 byte-order mark, so Excel and other
    /// spreadsheets read accents and non-Latin text right (give it to
    /// --check too)
    #[arg(long)]
    excel: bool,
}

pub fn run(ctx: &mut Ctx, a: ReportArgs) -> CliResult {
    let desk = ctx.desk()?;
    if !a.context {
        refuse_rejected_desk(&desk.root)?;
    }
    // The public edition in reports/ is recorded for `status` (see
    // report::freshness); its claims are digested before they are read.
    let recorded = !a.internal && !a.excel && !a.check && !a.context && a.out.is_none();
    let claims_digest = match recorded {
        true => Some(desk.records_digest(factdesk::store::CLAIMS_DIR)?),
        false => None,
    };
    let context = report::build_context(&desk, !a.internal)?;
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
    for p in &context.problems {
        write_stderr(&format!(
            "{} {}: {}\n",
            ctx.out.paint("warning:", Style::Warn),
            p.subject,
            p.message
        ));
    }
    let waived = report::claimreview::waived(&context);
    if !waived.is_empty() {
        write_stderr(&format!(
            "{} {} published check(s) carry no ClaimReview, as the desk chose (--no-claimreview): {}\n",
            ctx.out.paint("note:", Style::Warn),
            waived.len(),
            list_ids(&waived)
        ));
    }
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
    let mut rendered = report::render(&context, &templates)?;
    if a.excel {
        if let Some(csv) = rendered.files.get_mut("claims.csv") {
            report::csv::for_spreadsheets(csv);
        }
    }
    let on_disk = generated_on_disk(&out_dir)?;
    let result = if a.check {
        check(ctx, &out_dir, &rendered.files, &on_disk)
    } else {
        let written = write(ctx, &out_dir, &rendered.files, &on_disk);
        if written.is_ok() {
            if let Some(claims) = &claims_digest {
                remember(&desk, claims, &templates, &out_dir, &rendered.files);
            }
            epilogue(ctx, &out_dir, &context);
        }
        written
    };
    // The process ends right after: freeing hundreds of megabytes of claims
    // and pages one allocation at a time would only delay it.
    std::mem::forget(rendered);
    std::mem::forget(context);
    result
}

/// The errors `factdesk check` would report, shown in a refusal.
const SHOWN_ERRORS: usize = 5;

/// Refuses to render a desk that `check` rejects: a report must never
/// publish a record check would refuse (a control character, a quote not in
/// its transcript, a hand-written approval). Warnings do not stop it.
fn refuse_rejected_desk(root: &Path) -> Result<(), CliError> {
    let opts = check::Options {
        today: chrono::Utc::now().date_naive(),
        files: None,
        cache: true,
    };
    let found =
        check::check_desk(root, &opts, &|_, _| {}).map_err(|e| CliError::new(e.to_string()))?;
    let errors: Vec<_> = found
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.file).collect();
    let mut err = CliError::new(format!(
        "the desk has {} error(s) in {} file(s) that `factdesk check` reports; nothing was rendered",
        errors.len(),
        files.len()
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
fn epilogue(ctx: &mut Ctx, dir: &Path, context: &report::ReportContext) {
    let index = dir.join("index.html");
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| index.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or(index);
    if !context.public {
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
    let w = &context.withheld;
    if w.open + w.discarded > 0 {
        ctx.out.line(format!(
            "Left out of the public edition: {} open claim(s) (candidates, in research, in review) and {} discarded, with every assignee; `factdesk report --internal` renders the desk's overview into {INTERNAL_DIR}/.",
            w.open, w.discarded
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

/// Records the public edition just written into the desk's `reports/`
/// (`report::freshness`), so `status` knows it is up to date unrendered.
fn remember(
    desk: &factdesk::store::Desk,
    claims: &factdesk::store::cache::Digest,
    templates: &Templates,
    dir: &Path,
    files: &BTreeMap<String, String>,
) {
    use factdesk::store::cache::digest;
    let Ok(inputs) = report::freshness::inputs(desk, claims, templates) else {
        return;
    };
    let written: Vec<(String, PathBuf, factdesk::store::cache::Digest)> = files
        .par_iter()
        .map(|(rel, text)| (rel.clone(), dir.join(rel), digest(text.as_bytes())))
        .collect();
    report::freshness::record(&desk.root, &inputs, &written);
}

/// The generated report files of the desk's `reports/` that are missing,
/// stale or extra, as `state name` lines (empty when up to date); `loaded`
/// are the desk's claims, already loaded. Rendered and compared only when
/// the record of the last `report` does not vouch for the files.
pub fn stale(
    desk: &factdesk::store::Desk,
    loaded: &factdesk::store::LoadedClaims,
) -> Result<Vec<String>, CliError> {
    let dir = desk.root.join(REPORTS_DIR);
    let templates = Templates::load(&desk.root, report::TEMPLATES_DIR)?;
    let inputs = report::freshness::inputs(desk, &loaded.digest, &templates)?;
    let on_disk = generated_on_disk(&dir)?;
    if report::freshness::holds(&desk.root, &inputs, &on_disk) {
        return Ok(Vec::new());
    }
    let sources = desk.load_sources()?;
    let context = report::context::build(&desk.config, &sources, &loaded.claims, true);
    let rendered = report::render(&context, &templates)?;
    let found = findings(&rendered.files, &on_disk);
    if found.is_empty() {
        remember(desk, &loaded.digest, &templates, &dir, &rendered.files);
    }
    std::mem::forget(rendered);
    Ok(found)
}

fn findings(files: &BTreeMap<String, String>, on_disk: &BTreeMap<String, PathBuf>) -> Vec<String> {
    let mut out: Vec<String> = changes(files, on_disk)
        .into_iter()
        .filter_map(|(rel, state)| state.map(|s| format!("{s:<8} {rel}")))
        .collect();
    for rel in on_disk.keys().filter(|r| !files.contains_key(*r)) {
        out.push(format!("extra    {rel}"));
    }
    out
}

/// Files in `dir` that `factdesk report` owns (relative name → path): real
/// files only. `dir`, and its sources folder, must not be links (checked
/// from `dir`'s parent): nothing is read, written or removed through one.
fn generated_on_disk(dir: &Path) -> Result<BTreeMap<String, PathBuf>, CliError> {
    use factdesk::store::folder::{self, Kind};
    let base = dir.parent().unwrap_or(dir);
    let mut found = BTreeMap::new();
    for sub in ["", report::SOURCES_SUBDIR, report::CHECKS_SUBDIR] {
        let folder = dir.join(sub);
        factdesk::store::ensure_no_link(base, &folder).map_err(|e| io_error(&folder, e))?;
        let listing =
            folder::list(&folder, Path::new("")).map_err(|e| CliError::new(e.to_string()))?;
        for entry in listing.entries.iter().filter(|e| e.kind == Kind::File) {
            let rel = if sub.is_empty() {
                entry.name.clone()
            } else {
                format!("{sub}/{}", entry.name)
            };
            if report::is_generated_name(&rel) {
                found.insert(rel, folder.join(&entry.name));
            }
        }
    }
    Ok(found)
}

/// How each rendered file compares with the disk: `None` when identical,
/// else `missing` or `stale`. Sizes are compared before contents.
fn changes<'a>(
    files: &'a BTreeMap<String, String>,
    on_disk: &BTreeMap<String, PathBuf>,
) -> Vec<(&'a str, Option<&'static str>)> {
    files
        .par_iter()
        .map(|(rel, text)| {
            let state = match on_disk.get(rel) {
                None => Some("missing"),
                Some(path) => {
                    let same = std::fs::metadata(path).is_ok_and(|m| m.len() == text.len() as u64)
                        && std::fs::read(path).is_ok_and(|b| b == text.as_bytes());
                    (!same).then_some("stale")
                }
            };
            (rel.as_str(), state)
        })
        .collect()
}

fn io_error(path: &Path, e: std::io::Error) -> CliError {
    CliError::new(format!("{}: {e}", path.display()))
}

fn check(
    ctx: &mut Ctx,
    dir: &Path,
    files: &BTreeMap<String, String>,
    on_disk: &BTreeMap<String, PathBuf>,
) -> CliResult {
    let findings = findings(files, on_disk);
    if findings.is_empty() {
        ctx.out.line(format!(
            "{} reports in {} are up to date ({} files)",
            ctx.out.paint("ok:", Style::Good),
            dir.display(),
            files.len()
        ));
        return Ok(Outcome::Clean);
    }
    for f in &findings {
        ctx.out.line(f);
    }
    ctx.out.line(format!(
        "{} {} report file(s) out of date in {}; run `factdesk report` and commit the result",
        ctx.out.paint("stale:", Style::Warn),
        findings.len(),
        dir.display()
    ));
    Ok(Outcome::Findings)
}

fn write(
    ctx: &mut Ctx,
    dir: &Path,
    files: &BTreeMap<String, String>,
    on_disk: &BTreeMap<String, PathBuf>,
) -> CliResult {
    let changed: Vec<&str> = changes(files, on_disk)
        .into_iter()
        .filter_map(|(rel, state)| state.map(|_| rel))
        .collect();
    let unchanged = files.len() - changed.len();
    let base = dir.parent().unwrap_or(dir);
    for rel in &changed {
        if let Some(parent) = dir.join(rel).parent() {
            factdesk::store::ensure_no_link(base, parent).map_err(|e| io_error(parent, e))?;
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
    }
    // Each file is replaced atomically; the files are written in parallel.
    changed.par_iter().try_for_each(|rel| {
        let path = dir.join(rel);
        write_derived(&path, files[*rel].as_bytes()).map_err(|e| CliError::write_failed(&path, &e))
    })?;
    let written = changed.len();
    let mut removed = 0;
    for rel in on_disk.keys().filter(|r| !files.contains_key(*r)) {
        let path = dir.join(rel);
        std::fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
        removed += 1;
    }
    ctx.out.line(format!(
        "Rendered {} files into {}: {written} written, {unchanged} unchanged, {removed} stale removed",
        files.len(),
        dir.display()
    ));
    Ok(Outcome::Clean)
}

//! `factdesk report`: renders the verification summaries into `reports/`
//! (atomically, removing stale generated pages), checks that committed
//! reports are up to date (`--check`), or prints the template context.

use super::output::Style;
use super::progress::Progress;
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::diag::visible;
use factdesk::report::{self, Templates};
use factdesk::store::cache::{self, Digest};
use factdesk::store::derived::{SameAs, Staging};
use factdesk::store::temp;
use factdesk::store::{INTERNAL_REPORTS_DIR as INTERNAL_DIR, REPORTS_DIR};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
    // The public edition in reports/ is recorded for `status` (see
    // report::freshness) when it is what the desk's settings render, with
    // the digest of its claims as they were read.
    let as_set = !a.excel || desk.config.csv_bom;
    let recorded = as_set && !a.internal && !a.check && !a.context && a.out.is_none();
    if recorded {
        if let Some(done) = unchanged(ctx, &desk)? {
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
    let on_disk = generated_on_disk(&out_dir)?;
    let job = Job {
        dir: &out_dir,
        context: &context,
        templates: &templates,
        on_disk: &on_disk,
        started,
        record: claims_digest.as_ref().map(|d| (&desk, d)),
    };
    let result = if a.check {
        check(ctx, &job)
    } else {
        let written = write(ctx, &job);
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
/// that wrote nothing would say it, without loading a claim. `None` when
/// the record does not vouch for the folder (it is then rendered).
fn unchanged(ctx: &mut Ctx, desk: &factdesk::store::Desk) -> Result<Option<Outcome>, CliError> {
    let dir = desk.root.join(REPORTS_DIR);
    let on_disk = generated_on_disk(&dir)?;
    if !on_disk.leftovers.is_empty() {
        return Ok(None);
    }
    // An error here only means rendering (which reports it).
    let inputs = || {
        let claims = desk.records_digest(factdesk::store::CLAIMS_DIR).ok()?;
        let templates = Templates::load(&desk.root, report::TEMPLATES_DIR).ok()?;
        report::freshness::inputs(desk, &claims, &templates).ok()
    };
    let Some(notes) = report::freshness::vouched(&desk.root, &inputs, &on_disk.files) else {
        return Ok(None);
    };
    warn(ctx, &notes);
    let n = on_disk.files.len();
    ctx.out.line(format!(
        "Rendered {n} files into {}: 0 written, {n} unchanged, 0 stale removed",
        dir.display()
    ));
    epilogue(ctx, &dir, true, &notes);
    Ok(Some(Outcome::Clean))
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

/// One rendering of the report against a folder.
struct Job<'a> {
    dir: &'a Path,
    context: &'a report::ReportContext,
    templates: &'a Templates,
    on_disk: &'a OnDisk,
    /// When the command started (the progress line waits a second from there).
    started: Instant,
    /// The desk and the digest of its claim records, when the files are
    /// recorded for `status` (the public edition in the desk's reports/).
    record: Option<(&'a factdesk::store::Desk, &'a Digest)>,
}

/// What a rendering found: the names of the files rendered, each with the
/// digest of its bytes when the job records them, and the files whose copy
/// on disk differs (`missing` or `stale`).
#[derive(Default)]
struct Rendered {
    files: BTreeMap<String, Option<Digest>>,
    differ: Vec<(String, &'static str)>,
}

impl Job<'_> {
    /// Renders every file (from several threads) and compares it with its
    /// copy on disk, drawing a progress line; with `staging`, every file
    /// that differs is staged there.
    fn render(&self, staging: Option<&Staging>) -> Result<Rendered, CliError> {
        let bar = Progress::since(
            "rendering report",
            report::file_count(self.context),
            self.started,
        );
        let found = Mutex::new(Rendered::default());
        report::render_each(self.context, self.templates, &|name, body| {
            let (state, digest) = self.one(name, body, staging)?;
            if let Ok(mut found) = found.lock() {
                found.files.insert(name.to_string(), digest);
                if let Some(state) = state {
                    found.differ.push((name.to_string(), state));
                }
            }
            bar.tick();
            Ok(())
        })?;
        Ok(found.into_inner().unwrap_or_default())
    }

    /// How one rendered file compares with its copy on disk (`None`:
    /// identical) and its digest when recorded; staged when it differs.
    /// A page is compared in memory; a streamed table is compared (and
    /// staged) chunk by chunk as it is written.
    fn one(
        &self,
        name: &str,
        body: report::Body,
        staging: Option<&Staging>,
    ) -> Result<(Option<&'static str>, Option<Digest>), report::ReportError> {
        let on_disk = self.on_disk.files.get(name);
        let output = |source| report::ReportError::Output {
            path: self.dir.join(name),
            source,
        };
        if let report::Body::Text(text) = &body {
            let state = compare(on_disk, text);
            let digest = self
                .record
                .is_some()
                .then(|| cache::digest(text.as_bytes()));
            if let (Some(staging), Some(_)) = (staging, state) {
                staging.stage(name, text.as_bytes()).map_err(output)?;
            }
            return Ok((state, digest));
        }
        let mut same = SameAs::new(on_disk.map(PathBuf::as_path));
        let mut digest = self.record.map(|_| cache::DigestWriter::default());
        match staging {
            Some(staging) => staging
                .stage_stream(name, |file| {
                    body.write_to(&mut Watch {
                        same: &mut same,
                        digest: digest.as_mut(),
                        out: Some(file),
                    })?;
                    Ok(!same.finish())
                })
                .map(drop),
            None => body.write_to(&mut Watch {
                same: &mut same,
                digest: digest.as_mut(),
                out: None,
            }),
        }
        .map_err(output)?;
        let state = match (on_disk, same.finish()) {
            (None, _) => Some("missing"),
            (Some(_), true) => None,
            (Some(_), false) => Some("stale"),
        };
        Ok((state, digest.map(cache::DigestWriter::finish)))
    }
}

/// Where a streamed file's bytes go as they are written: compared with its
/// copy on disk, hashed when recorded, and written into a staged file.
struct Watch<'w> {
    same: &'w mut SameAs,
    digest: Option<&'w mut cache::DigestWriter>,
    out: Option<&'w mut dyn std::io::Write>,
}

impl std::io::Write for Watch<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.same.write_all(bytes)?;
        if let Some(d) = &mut self.digest {
            d.write_all(bytes)?;
        }
        if let Some(out) = &mut self.out {
            out.write_all(bytes)?;
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
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

/// Records the public edition just written into (or found up to date in)
/// the desk's `reports/` (`report::freshness`), so `status` knows it is up
/// to date without rendering it; nothing when the job records nothing.
fn remember(job: &Job, rendered: &Rendered) {
    let Some((desk, claims)) = job.record else {
        return;
    };
    let Ok(inputs) = report::freshness::inputs(desk, claims, job.templates) else {
        return;
    };
    let written: Vec<(String, PathBuf, Digest)> = rendered
        .files
        .iter()
        .filter_map(|(rel, d)| d.map(|d| (rel.clone(), job.dir.join(rel), d)))
        .collect();
    let notes = report::freshness::Notes::of(job.context);
    report::freshness::record(&desk.root, &inputs, &written, &notes);
}

/// The generated report files of the desk's `reports/` that are missing,
/// stale or extra, as `state name` lines (empty when up to date); `digest`
/// is that of the desk's claim files, as loaded. Only when the record of the
/// last `report` does not vouch for the files are the whole claims loaded,
/// rendered and compared.
pub fn stale(desk: &factdesk::store::Desk, digest: &Digest) -> Result<Vec<String>, CliError> {
    let dir = desk.root.join(REPORTS_DIR);
    let templates = Templates::load(&desk.root, report::TEMPLATES_DIR)?;
    let inputs = report::freshness::inputs(desk, digest, &templates)?;
    let on_disk = generated_on_disk(&dir)?;
    if report::freshness::holds(&desk.root, &inputs, &on_disk.files) {
        return Ok(Vec::new());
    }
    let bar = super::progress::Lazy::new("loading claims");
    let loaded = desk.load_all_claims(&|d, t| bar.set(d, t))?;
    drop(bar);
    let sources = desk.load_sources()?;
    let context = report::context::build(&desk.config, &sources, &loaded.claims, true);
    let job = Job {
        dir: &dir,
        context: &context,
        templates: &templates,
        on_disk: &on_disk,
        started: Instant::now(),
        record: Some((desk, &loaded.digest)),
    };
    let (found, rendered) = findings(&job)?;
    if found.is_empty() {
        remember(&job, &rendered);
    }
    std::mem::forget(context);
    Ok(found)
}

/// The files that differ from what the desk renders, as `state name` lines
/// in name order: `partial` first when a run was interrupted, then
/// `missing` and `stale` files, then `extra` ones.
fn findings(job: &Job) -> Result<(Vec<String>, Rendered), CliError> {
    let rendered = job.render(None)?;
    let mut out: Vec<String> = rendered
        .differ
        .iter()
        .map(|(name, state)| format!("{state:<8} {name}"))
        .collect();
    out.sort_by(|a, b| a[9..].cmp(&b[9..]));
    let extra = (job.on_disk.files.keys()).filter(|r| !rendered.files.contains_key(*r));
    for rel in extra {
        if rel == report::INCOMPLETE_FILE {
            out.insert(0, format!("partial  {rel}"));
        } else {
            out.push(format!("extra    {rel}"));
        }
    }
    Ok((out, rendered))
}

/// What `factdesk report` owns in an output folder.
struct OnDisk {
    /// Generated files (relative name → path): real files only.
    files: BTreeMap<String, PathBuf>,
    /// Temporary files left by an interrupted run whose process has ended
    /// (removed before rendering even where no file changes).
    leftovers: Vec<PathBuf>,
}

/// The files in `dir` that `factdesk report` owns. `dir`, and its sources
/// and checks folders, must not be links (checked from `dir`'s parent):
/// nothing is read, written or removed through one.
fn generated_on_disk(dir: &Path) -> Result<OnDisk, CliError> {
    use factdesk::store::folder::{self, Kind};
    let base = dir.parent().unwrap_or(dir);
    let mut found = OnDisk {
        files: BTreeMap::new(),
        leftovers: Vec::new(),
    };
    for sub in ["", report::SOURCES_SUBDIR, report::CHECKS_SUBDIR] {
        let folder = dir.join(sub);
        factdesk::store::ensure_no_link(base, &folder).map_err(|e| io_error(&folder, e))?;
        let listing =
            folder::list(&folder, Path::new("")).map_err(|e| CliError::new(e.to_string()))?;
        let rel = |name: &str| {
            if sub.is_empty() {
                name.to_string()
            } else {
                format!("{sub}/{name}")
            }
        };
        for entry in listing.entries.iter().filter(|e| e.kind == Kind::File) {
            if report::is_generated_name(&rel(&entry.name)) {
                found
                    .files
                    .insert(rel(&entry.name), folder.join(&entry.name));
            }
        }
        for name in listing.hidden.iter().filter(|n| temp::is_stale(n)) {
            if temp::parse(name).is_some_and(|t| report::is_generated_name(&rel(t.target))) {
                found.leftovers.push(folder.join(name));
            }
        }
    }
    Ok(found)
}

/// How a rendered file compares with its copy on disk: `None` when
/// identical, else `missing` or `stale`. Sizes are compared before contents.
fn compare(on_disk: Option<&PathBuf>, text: &str) -> Option<&'static str> {
    match on_disk {
        None => Some("missing"),
        Some(path) => {
            let same = std::fs::metadata(path).is_ok_and(|m| m.len() == text.len() as u64)
                && std::fs::read(path).is_ok_and(|b| b == text.as_bytes());
            (!same).then_some("stale")
        }
    }
}

fn io_error(path: &Path, e: std::io::Error) -> CliError {
    CliError::new(format!("{}: {e}", path.display()))
}

fn check(ctx: &mut Ctx, job: &Job) -> CliResult {
    let (findings, _) = findings(job)?;
    if findings.is_empty() {
        ctx.out.line(format!(
            "{} reports in {} are up to date ({} files)",
            ctx.out.paint("ok:", Style::Good),
            job.dir.display(),
            job.on_disk.files.len()
        ));
        return Ok(Outcome::Clean);
    }
    for f in &findings {
        ctx.out.line(f);
    }
    if findings.first().is_some_and(|f| f.starts_with("partial")) {
        ctx.out.line(format!(
            "{} an earlier `factdesk report` stopped while replacing the files in {}",
            ctx.out.paint("note:", Style::Warn),
            job.dir.display()
        ));
    }
    ctx.out.line(format!(
        "{} {} report file(s) out of date in {}; run `factdesk report` and commit the result",
        ctx.out.paint("stale:", Style::Warn),
        findings.len(),
        job.dir.display()
    ));
    Ok(Outcome::Findings)
}

/// Renders into the folder: every new or changed file is staged as soon as
/// it is rendered, and only once all are rendered are they renamed into
/// place and stale files removed (see `store::derived`), so an error or a
/// crash while rendering leaves the folder as it was.
fn write(ctx: &mut Ctx, job: &Job) -> CliResult {
    for leftover in &job.on_disk.leftovers {
        let _ = std::fs::remove_file(leftover);
    }
    let staging = Staging::new(job.dir);
    let rendered = job.render(Some(&staging))?;
    let stale: Vec<PathBuf> = job
        .on_disk
        .files
        .iter()
        .filter(|(rel, _)| !rendered.files.contains_key(*rel))
        .map(|(_, path)| path.clone())
        .collect();
    let written = staging.len();
    let removed = stale
        .iter()
        .filter(|p| !p.ends_with(report::INCOMPLETE_FILE))
        .count();
    staging
        .commit(&stale, (report::INCOMPLETE_FILE, report::INCOMPLETE_TEXT))
        .map_err(|e| {
            CliError::new(format!("{}: {e}", job.dir.display())).hint(format!(
                "the folder is incomplete ({} says so); fix the cause and run `factdesk report` again",
                report::INCOMPLETE_FILE
            ))
        })?;
    remember(job, &rendered);
    let files = rendered.files.len();
    ctx.out.line(format!(
        "Rendered {files} files into {}: {written} written, {} unchanged, {removed} stale removed",
        job.dir.display(),
        files - rendered.differ.len()
    ));
    Ok(Outcome::Clean)
}

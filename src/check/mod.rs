//! `factdesk check`: every problem of a desk in one run, as diagnostics.
//!
//! The work is split so that each part is a pure function of text: a record
//! file on its own (`record`: YAML layer, schema, semantic rules), then the
//! facts across files (`cross`: ids, sources, quotes against transcripts).
//! It reads no file itself: the store's loader (`store::desk_files`) lists
//! the desk and reads every file on its behalf, with the store's protections
//! (no link followed, no pipe opened, records bounded); it never prints.
//! A per-file result cache (`cache`) lets an unchanged desk check quickly.

mod approvals;
pub mod cache;
mod cache_file;
pub mod canonical;
pub mod cross;
mod editors;
mod lenient;
pub mod locate;
pub mod memo;
mod publication;
pub mod record;
mod rules;
pub mod schema;
mod sources;
mod templates;
pub mod tree;
mod typed;

use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::model::DeskConfig;
use crate::store::desk_files::DeskFiles;
use crate::store::stamp::Survey;
use crate::store::{folder, CLAIMS_DIR, CONFIG_FILE, SOURCES_DIR, TEMPLATES_DIR};
use chrono::NaiveDate;
use rayon::prelude::*;
use record::ClaimOutcome;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Below this many claim files, a partial run neither reads nor writes the cache.
const SMALL_RUN: usize = 1000;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Dates after this day are in the future.
    pub today: NaiveDate,
    /// Only these files (relative to the desk root); `None` checks the desk.
    pub files: Option<Vec<PathBuf>>,
    /// Reuse and refresh the per-file cache in `.factdesk/cache`.
    pub cache: bool,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column.
    pub diagnostics: Vec<Diagnostic>,
    /// Files checked.
    pub files: usize,
    /// Given files that are not desk records (neither a claim, a source nor the settings).
    pub skipped: Vec<PathBuf>,
    /// Claim files whose result came from the cache.
    pub cached: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Progress callback: (done, total) claim files.
pub type Progress<'a> = dyn Fn(usize, usize) + Sync + 'a;

/// Checks the desk at `root`.
pub fn check_desk(root: &Path, opts: &Options, progress: &Progress) -> Result<Report, CheckError> {
    check_desk_surveyed(root, opts, None, progress)
}

/// [`check_desk`] through `survey` when given: the desk's survey
/// (`store::stamp::desk_survey`) the caller took before reading anything
/// (`status` takes one for its listing and its check alike). A whole-desk
/// result is kept under its stamp, and files are vouched for by its
/// metadata, instead of a survey taken now.
pub fn check_desk_surveyed(
    root: &Path,
    opts: &Options,
    survey: Option<Arc<Survey>>,
    progress: &Progress,
) -> Result<Report, CheckError> {
    let given = opts.files.clone();
    let widened;
    let opts = if opts.files.as_deref().is_some_and(widens) {
        widened = Options {
            files: None,
            ..opts.clone()
        };
        &widened
    } else {
        opts
    };
    let mut report = Report::default();
    let whole = opts.files.is_none();
    // Taken before anything is read (the rule of `store::stamp`).
    let survey = match survey {
        Some(s) => Some(s),
        None => (whole && opts.cache).then(|| Arc::new(crate::store::stamp::desk_survey(root))),
    };
    let memo = (whole && opts.cache)
        .then(|| memo::Memo::under(root, opts.today, survey.as_ref().and_then(|s| s.stamp)));
    if let Some(r) = memo.as_ref().and_then(memo::Memo::recall) {
        report.files = r.files;
        report.cached = r.claims;
        report.diagnostics = r.diagnostics;
        return Ok(report);
    }
    let selected = |rel: &Path| {
        opts.files
            .as_ref()
            .is_none_or(|f| f.iter().any(|p| p == rel))
    };

    let desk = DeskFiles::open(root, whole);
    let cfg_rel = Path::new(CONFIG_FILE);
    let (cfg_diags, config) = match &desk.config {
        Ok(bytes) => record::check_config(bytes, cfg_rel),
        Err(e) => (vec![unreadable(cfg_rel, e)], None),
    };
    report.diagnostics.extend(cfg_diags);
    report.files += 1;

    // A linked desk folder is reported once and nothing is read through it.
    let linked = &desk.linked;
    report
        .diagnostics
        .extend(linked.iter().map(|rel| folder::link_diagnostic(rel)));
    // Stale temporary files beside factdesk.yaml (those of claims/ and
    // sources/ are reported with their listing); listed in whole runs only.
    let stale = crate::store::temp::stale_diagnostics(Path::new(""), &desk.root_hidden);
    report.diagnostics.extend(stale);
    let claim_names = list(&desk.claims, CLAIMS_DIR, whole, &mut report)?;
    let source_names = list(&desk.sources, SOURCES_DIR, whole, &mut report)?;
    let (claim_files, stems) = claim_files(&claim_names, &selected, whole, &mut report);
    if let Some(files) = &given {
        let chosen: HashSet<&PathBuf> = claim_files.iter().collect();
        for f in files {
            let other = f.starts_with(SOURCES_DIR) || f.starts_with(TEMPLATES_DIR);
            if f != cfg_rel && !chosen.contains(f) && !other {
                report.skipped.push(f.clone());
            }
        }
    }

    // A handful of files (a pre-commit hook) checks faster than the cache loads.
    let worth_it = whole || claim_files.len() >= SMALL_RUN;
    let state_linked = linked
        .iter()
        .any(|l| l == Path::new(crate::store::STATE_DIR));
    let mut store = if opts.cache && worth_it && !state_linked {
        cache::Cache::load(root, config.as_ref(), opts.today, survey)
    } else {
        cache::Cache::disabled(root)
    };
    // When every file is checked, every source's transcript is read
    // whatever the claims quote (each one is selected), so the sources are
    // loaded beside the claims rather than after them: the second core
    // works on transcripts while the claims phase winds down. With files
    // given, what to read depends on the claims' anchors, so it waits.
    let mut claims_phase = || {
        check_claims(
            &claim_files,
            config.as_ref(),
            opts,
            progress,
            &store,
            &mut report,
        )
    };
    let (outcomes, early) = if opts.files.is_none() {
        let none = HashSet::new();
        let (outcomes, loaded) = rayon::join(claims_phase, || {
            sources::load(&desk, &store, &source_names, opts.today, &selected, &none)
        });
        (outcomes, Some(loaded))
    } else {
        (claims_phase(), None)
    };
    report.files += claim_files.len();

    let read = |rel: &Path| desk.text(rel);
    let facts: Vec<(&Path, &record::ClaimFacts)> = claim_files
        .iter()
        .zip(&outcomes)
        .map(|(p, o)| (p.as_path(), &o.facts))
        .collect();
    let requote = |rel: &Path| {
        let bytes = desk.bytes(rel).ok()?;
        record::check_claim(&bytes, rel, config.as_ref(), opts.today)
            .facts
            .anchor
    };
    // The identity check (duplicate ids, case collisions) runs on one
    // thread; it needs nothing from the sources, so it runs beside their
    // loading and the quote look-ups rather than between them, which left
    // the second core idle. The diagnostics are added in the same order.
    let (ids, (mut loaded, found, held)) = rayon::join(
        || identities(&claim_names, &claim_files, &stems, &outcomes, whole, &read),
        || {
            let loaded = early.unwrap_or_else(|| {
                let needed: HashSet<&str> = outcomes
                    .iter()
                    .filter_map(|o| o.facts.anchor.as_ref().map(|a| a.source.as_str()))
                    .collect();
                sources::load(&desk, &store, &source_names, opts.today, &selected, &needed)
            });
            let (found, held) =
                cross::references(&facts, &loaded.sources, store.known(), &read, &requote);
            (loaded, found, held)
        },
    );
    report.files += loaded.files;
    report.diagnostics.append(&mut loaded.diagnostics);
    report.diagnostics.extend(ids);
    report.diagnostics.extend(found);
    report.diagnostics.extend(publication::without_claimreview(
        &facts,
        &loaded.sources,
        &read,
    ));
    report.diagnostics.extend(publication::reserved_publisher(
        &facts,
        config.as_ref(),
        &read,
    ));
    let templates_given = opts
        .files
        .as_ref()
        .is_some_and(|f| f.iter().any(|p| p.starts_with(TEMPLATES_DIR)));
    let templates_linked = linked.iter().any(|l| l == Path::new(TEMPLATES_DIR));
    if (whole || templates_given) && !templates_linked {
        report.diagnostics.extend(templates::check(&desk));
    }
    store.remember(held, whole);
    store.save(whole);
    for o in outcomes {
        report.diagnostics.extend(o.diagnostics);
    }
    report.diagnostics.sort_by(|a, b| {
        let pa = a.place.as_ref().map(|p| (p.line, p.column));
        let pb = b.place.as_ref().map(|p| (p.line, p.column));
        (&a.file, pa, a.code.name()).cmp(&(&b.file, pb, b.code.name()))
    });
    report.diagnostics.dedup();
    if let Some(m) = memo {
        m.keep(report.files, claim_files.len(), &report.diagnostics);
    }
    Ok(report)
}

/// Whether a partial run over `files` must check the whole desk: the
/// settings (rating scale, publish rules) apply to every claim, and a
/// source's metadata or transcript to every claim quoting it, so a change to
/// one of them can break a record that was not given.
fn widens(files: &[PathBuf]) -> bool {
    files
        .iter()
        .any(|f| f == Path::new(CONFIG_FILE) || f.starts_with(SOURCES_DIR))
}

/// Duplicate ids and case collisions among the checked claim files. In a
/// partial run the other claim files count with their names as ids.
fn identities(
    names: &[String],
    files: &[PathBuf],
    stems: &[String],
    outcomes: &[ClaimOutcome],
    whole: bool,
    read: &cross::Reader,
) -> Vec<Diagnostic> {
    let mut ids: Vec<(&Path, &str)> = Vec::with_capacity(files.len());
    ids.extend(
        files
            .iter()
            .zip(outcomes)
            .filter_map(|(p, o)| o.facts.id.as_deref().map(|id| (p.as_path(), id))),
    );
    // A whole run checks every claim file: no set of chosen files is needed
    // (every diagnostic's file is one of them).
    let chosen: Option<HashSet<&Path>> =
        (!whole).then(|| files.iter().map(PathBuf::as_path).collect());
    let unchecked: Vec<String> = match &chosen {
        None => Vec::new(),
        Some(chosen) => stems
            .iter()
            .filter(|s| !chosen.contains(crate::store::Desk::claim_rel(s).as_path()))
            .cloned()
            .collect(),
    };
    let mut out = cross::duplicate_ids(&ids, &unchecked, read);
    let yaml_names: Vec<String> = names
        .iter()
        .filter(|n| n.ends_with(".yaml"))
        .cloned()
        .collect();
    out.extend(
        cross::case_collisions(CLAIMS_DIR, &yaml_names)
            .into_iter()
            .filter(|d| chosen.as_ref().is_none_or(|c| c.contains(d.file.as_path()))),
    );
    out
}

/// The selected claim files, and the stems of every claim file.
fn claim_files(
    names: &[String],
    selected: &dyn Fn(&Path) -> bool,
    whole: bool,
    report: &mut Report,
) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut stems = Vec::new();
    for n in names {
        let rel = Path::new(CLAIMS_DIR).join(n);
        match n.strip_suffix(".yaml") {
            Some(stem) => {
                stems.push(stem.to_string());
                if selected(&rel) {
                    files.push(rel);
                }
            }
            None if whole => report.diagnostics.push(
                Diagnostic::new(
                    Code::StrayFile,
                    &rel,
                    format!("{n} is not a claim record (claims/<id>.yaml)"),
                )
                .hint("move it out of claims/, or rename it to <id>.yaml"),
            ),
            None => {}
        }
    }
    (files, stems)
}

fn unreadable(rel: &Path, e: &std::io::Error) -> Diagnostic {
    if crate::store::is_link_error(e) {
        return folder::link_diagnostic(rel);
    }
    Diagnostic::new(
        Code::UnreadableFile,
        rel,
        format!("cannot read the file: {e}"),
    )
    .hint("check the file exists and is readable")
}

/// Checks the claim files in parallel, through the cache when enabled.
fn check_claims(
    files: &[PathBuf],
    config: Option<&DeskConfig>,
    opts: &Options,
    progress: &Progress,
    cache: &cache::Cache,
    report: &mut Report,
) -> Vec<ClaimOutcome> {
    let done = AtomicUsize::new(0);
    let total = files.len();
    let hits = AtomicUsize::new(0);
    let outcomes: Vec<ClaimOutcome> = files
        .par_iter()
        .with_max_len(crate::store::par::RECORDS)
        .map(|rel| {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_multiple_of(1024) || n == total {
                progress(n, total);
            }
            match cache.check(rel, |bytes| {
                record::check_claim_parsed(bytes, rel, config, opts.today)
            }) {
                Ok((o, hit)) => {
                    if hit {
                        hits.fetch_add(1, Ordering::Relaxed);
                    }
                    o
                }
                Err(e) => ClaimOutcome {
                    diagnostics: vec![unreadable(rel, &e)],
                    facts: record::ClaimFacts {
                        id: None,
                        anchor: None,
                        published: None,
                    },
                },
            }
        })
        .collect();
    report.cached = hits.load(Ordering::Relaxed);
    outcomes
}

/// Names of the visible entries of the desk folder `rel` as the loader
/// listed it, sorted; none when it is missing. A linked folder is reported
/// and not read; names that are not UTF-8 and stale temporary files are
/// reported in a whole-desk run.
fn list(
    listing: &Result<folder::Listing, folder::FolderError>,
    rel: &str,
    whole: bool,
    report: &mut Report,
) -> Result<Vec<String>, CheckError> {
    // `rel` is a top-level desk folder; a link is among `linked_folders`.
    match listing {
        Ok(l) => {
            if whole {
                report.diagnostics.extend(
                    l.not_utf8
                        .iter()
                        .map(|n| folder::not_utf8_name(Path::new(rel), n)),
                );
                let stale = crate::store::temp::stale_diagnostics(Path::new(rel), &l.hidden);
                report.diagnostics.extend(stale);
            }
            Ok(l.names())
        }
        // Reported with the other linked desk folders.
        Err(folder::FolderError::Link { .. }) => Ok(Vec::new()),
        Err(folder::FolderError::Io { path, source }) => Err(CheckError::Io {
            path: path.clone(),
            // The loader keeps its listing; the error is given again as is.
            source: source.raw_os_error().map_or_else(
                || std::io::Error::new(source.kind(), source.to_string()),
                std::io::Error::from_raw_os_error,
            ),
        }),
    }
}

//! Verification reports: builds the report context from a desk and renders
//! it into Markdown (`README.md`, one page per source), a self-contained HTML
//! page (split into pages for big desks), ClaimReview JSON-LD and CSV. The
//! module never prints and never writes: it returns file names and bytes, so
//! the CLI can write them atomically or compare them (`--check`).

pub mod claimreview;
pub mod context;
pub mod csv;
pub mod escape;
pub mod freshness;
pub mod gate;
pub mod outputs;
mod pages;
pub mod templates;

pub use context::ReportContext;
pub use templates::Templates;

use crate::store::cache::Digest;
use crate::store::{Desk, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Folder of a desk holding its template overrides.
pub use crate::store::TEMPLATES_DIR;
/// Folder of the reports holding the per-source pages.
pub const SOURCES_SUBDIR: &str = "sources";
/// Folder of the reports holding one page per published check.
pub const CHECKS_SUBDIR: &str = "checks";
/// Present in a reports folder only while `factdesk report` renames new
/// files into place: left behind, it says the folder is a mix of old and
/// new files (`report --check` reports it as `partial`).
pub const INCOMPLETE_FILE: &str = "INCOMPLETE.txt";
/// What [`INCOMPLETE_FILE`] says to whoever opens it.
pub const INCOMPLETE_TEXT: &str = "A `factdesk report` run stopped while it was replacing the files of this\nfolder, so it may hold a mix of old and new pages. Run `factdesk report`\nagain: it removes this file once the folder is complete.\n";

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store {
        #[from]
        source: StoreError,
    },
    #[error("{}: {source}", path.display())]
    TemplateFile {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A rendered file could not be written or compared.
    #[error("{}: {source}", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An output folder could not be read, or is reached through a link.
    #[error("{}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Listing {
        #[from]
        source: crate::store::folder::FolderError,
    },
    /// Renaming the staged files into place failed half-way: the folder
    /// holds [`INCOMPLETE_FILE`].
    #[error("{}: {source}", dir.display())]
    Incomplete {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("template {name}, line {line}: {message}")]
    Template {
        name: String,
        line: usize,
        message: String,
    },
}

/// Something the report could not render as asked (it is still written,
/// without the offending piece).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The claim or source id concerned.
    pub subject: String,
    pub message: String,
}

impl Problem {
    pub fn new(subject: &str, message: impl Into<String>) -> Problem {
        Problem {
            subject: subject.to_string(),
            message: message.into(),
        }
    }
}

/// The rendered report: relative file names (with `/`) and their contents.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub files: BTreeMap<String, String>,
}

/// Loads the desk's sources and claims and builds the context.
pub fn build_context(desk: &Desk, public: bool) -> Result<ReportContext, ReportError> {
    load_context(desk, public).map(|(ctx, _)| ctx)
}

/// [`build_context`], with the digest of the claims the public edition is
/// made from, as they were read (`freshness::edition`). The public edition
/// decodes in full only the published claims it shows; of the others it
/// reads their status.
pub fn load_context(desk: &Desk, public: bool) -> Result<(ReportContext, Digest), ReportError> {
    load_context_with(desk, public, &|_, _| {})
}

/// [`load_context`], `progress` hearing (done, total) claims loaded.
pub fn load_context_with(
    desk: &Desk,
    public: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(ReportContext, Digest), ReportError> {
    let sources = desk.load_sources()?;
    let some = desk.load_claims_where(&|s| context::shows(public, s), progress)?;
    let withheld = match public {
        true => context::withheld(some.statuses.iter().copied()),
        false => context::Withheld::default(),
    };
    let shown: Vec<&crate::model::Claim> = some.claims.iter().collect();
    let ctx = context::build_shown(&desk.config, &sources, &shown, withheld, public);
    let edition = freshness::edition(
        (some.ids.iter().zip(&some.statuses).zip(&some.digests))
            .map(|((id, s), d)| (id.as_str(), *s, d)),
    );
    Ok((ctx, edition))
}

/// How many files [`render_each`] hands over for this context.
pub fn file_count(ctx: &ReportContext) -> usize {
    pages::template_file_count(ctx) + 2
}

/// Receives each rendered file (its relative name, with `/`, and its
/// [`Body`]) as soon as it is rendered; called from several threads at
/// once. An error it returns stops the rendering.
pub type Sink<'a> = dyn Fn(&str, Body) -> Result<(), ReportError> + Sync + 'a;

/// Writes a file's bytes, in order, into a writer; the same bytes on every call.
pub type Producer<'a> = dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync + 'a;

/// One rendered file: a page's whole text, or a big table (`claims.csv`,
/// `claimreview.json`) written piece by piece into whatever the receiver
/// hands it, so that file is never held in memory whole.
pub enum Body<'a> {
    Text(String),
    Stream(&'a Producer<'a>),
}

impl Body<'_> {
    /// Writes the file's bytes into `w` (buffered for a stream).
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        match self {
            Body::Text(text) => w.write_all(text.as_bytes()),
            Body::Stream(produce) => {
                let mut buffered = std::io::BufWriter::with_capacity(STREAM_BUFFER, w);
                produce(&mut buffered)?;
                std::io::Write::flush(&mut buffered)
            }
        }
    }

    /// The file's whole text (a stream is collected in memory).
    pub fn into_text(self) -> String {
        match self {
            Body::Text(text) => text,
            Body::Stream(produce) => {
                let mut bytes = Vec::new();
                // Writing into memory does not fail, and every producer
                // writes UTF-8 text.
                let _ = produce(&mut bytes);
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
            }
        }
    }
}

/// Bytes gathered before a streamed file hands them on.
const STREAM_BUFFER: usize = 256 * 1024;

/// Renders every output of the report from its context into memory.
pub fn render(ctx: &ReportContext, templates: &Templates) -> Result<Rendered, ReportError> {
    let files = std::sync::Mutex::new(BTreeMap::new());
    render_each(ctx, templates, &|name, body| {
        let text = body.into_text();
        if let Ok(mut files) = files.lock() {
            files.insert(name.to_string(), text);
        }
        Ok(())
    })?;
    Ok(Rendered {
        files: files.into_inner().unwrap_or_default(),
    })
}

/// Renders every output of the report from its context, handing each file
/// to `sink` as soon as it is rendered (pages in parallel, the two tables
/// as streams), so the whole report is never held in memory at once. Every
/// file is handed over exactly once; the order is not fixed.
pub fn render_each(
    ctx: &ReportContext,
    templates: &Templates,
    sink: &Sink,
) -> Result<(), ReportError> {
    let env = templates::environment(templates)?;
    let reviews = claimreview::claim_reviews(ctx);
    let (pages, tables) = rayon::join(
        || pages::render_templates(&env, ctx, &reviews, sink),
        || -> Result<(), ReportError> {
            sink(
                "claims.csv",
                Body::Stream(&|w| csv::write_claims_csv(ctx, w)),
            )?;
            let all: Vec<&claimreview::ClaimReview> = reviews.iter().flatten().flatten().collect();
            let json = |w: &mut dyn std::io::Write| claimreview::write_json_ld(&all, w);
            sink("claimreview.json", Body::Stream(&json))
        },
    );
    pages.and(tables)
}

/// Whether `rel` (relative to the reports folder, `/`-separated) is a file
/// `factdesk report` owns: it may replace or remove it.
pub fn is_generated_name(rel: &str) -> bool {
    if let Some(page) = rel.strip_prefix(&format!("{SOURCES_SUBDIR}/")) {
        return page.ends_with(".md") && !page.contains('/');
    }
    if let Some(page) = rel.strip_prefix(&format!("{CHECKS_SUBDIR}/")) {
        return page
            .strip_suffix(".html")
            .is_some_and(|id| crate::model::id::validate_id(id).is_ok());
    }
    if let Some(n) = rel
        .strip_prefix("page-")
        .and_then(|r| r.strip_suffix(".html"))
    {
        return !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    }
    matches!(
        rel,
        "README.md" | "index.html" | "claimreview.json" | "claims.csv" | INCOMPLETE_FILE
    )
}

#[cfg(test)]
mod tests;

//! Renders the template outputs: `README.md`, one Markdown page per source,
//! and the HTML report, split into `index.html`, `page-2.html`, … when one
//! page would hold too many claims or bytes to open comfortably.

use super::claimreview::claim_review;
use super::context::{ClaimReport, ReportContext, SourceReport};
use super::templates::template_error;
use super::ReportError;
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Most claims on one HTML page.
pub const MAX_CLAIMS_PER_PAGE: usize = 2000;
/// Rough byte budget of one HTML page (claim text only; markup adds ~1 KB a claim).
pub const MAX_TEXT_BYTES_PER_PAGE: usize = 3 * 1024 * 1024;

/// One HTML page's share of the report (the `page` variable of `index.html`).
#[derive(Debug, Serialize)]
pub struct HtmlPage<'a> {
    /// 1-based page number.
    pub number: usize,
    /// How many pages the HTML report has.
    pub count: usize,
    pub file: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
    pub sections: Vec<PageSection<'a>>,
    /// ClaimReview objects of this page's published claims (for a JSON-LD `<script>`).
    pub claimreviews: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub file: String,
}

/// A source's claims that fall on one page.
#[derive(Debug, Serialize)]
pub struct PageSection<'a> {
    pub source: SourceHeader<'a>,
    /// Whether the source's claims started on an earlier page.
    pub continued: bool,
    pub published_claims: Vec<&'a ClaimReport>,
    pub open_claims: Vec<&'a ClaimReport>,
}

/// A source's details without its claims.
#[derive(Debug, Serialize)]
pub struct SourceHeader<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub outlet: &'a str,
    pub url: Option<&'a str>,
    pub link: Option<&'a str>,
    pub published: Option<chrono::NaiveDate>,
    pub format: &'a str,
    pub subtitles: bool,
    pub page: Option<&'a str>,
}

impl<'a> SourceHeader<'a> {
    fn of(s: &'a SourceReport) -> Self {
        SourceHeader {
            id: &s.id,
            title: &s.title,
            outlet: &s.outlet,
            url: s.url.as_deref(),
            link: s.link.as_deref(),
            published: s.published,
            format: &s.format,
            subtitles: s.subtitles,
            page: s.page.as_deref(),
        }
    }
}

/// The HTML file name of page `n`.
pub fn page_file(n: usize) -> String {
    if n == 1 {
        "index.html".to_string()
    } else {
        format!("page-{n}.html")
    }
}

/// Splits the sources' claims into pages, keeping report order.
pub fn paginate(ctx: &ReportContext) -> Vec<HtmlPage<'_>> {
    let mut pages: Vec<Vec<PageSection>> = vec![vec![]];
    let (mut claims, mut bytes) = (0usize, 0usize);
    for source in &ctx.sources {
        let mut section = new_section(source, false);
        let all = source
            .published_claims
            .iter()
            .map(|c| (c, true))
            .chain(source.open_claims.iter().map(|c| (c, false)));
        for (c, published) in all {
            let size = text_size(c);
            if claims > 0
                && (claims >= MAX_CLAIMS_PER_PAGE || bytes + size > MAX_TEXT_BYTES_PER_PAGE)
            {
                if let Some(last) = pages.last_mut() {
                    last.push(std::mem::replace(&mut section, new_section(source, true)));
                }
                pages.push(vec![]);
                (claims, bytes) = (0, 0);
            }
            claims += 1;
            bytes += size;
            if published {
                section.published_claims.push(c);
            } else {
                section.open_claims.push(c);
            }
        }
        if let Some(last) = pages.last_mut() {
            last.push(section);
        }
    }
    let count = pages.len();
    let links: Vec<PageLink> = (1..=count)
        .map(|number| PageLink {
            number,
            file: page_file(number),
        })
        .collect();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, sections)| {
            let number = i + 1;
            let claimreviews = sections
                .iter()
                .flat_map(|s| {
                    let source = ctx.sources.iter().find(|r| r.id == s.source.id);
                    s.published_claims
                        .iter()
                        .filter_map(move |c| source.and_then(|src| claim_review(ctx, src, c).ok()))
                })
                .collect();
            HtmlPage {
                number,
                count,
                file: page_file(number),
                prev: (number > 1).then(|| page_file(number - 1)),
                next: (number < count).then(|| page_file(number + 1)),
                pages: links.clone(),
                sections,
                claimreviews,
            }
        })
        .collect()
}

fn new_section(source: &SourceReport, continued: bool) -> PageSection<'_> {
    PageSection {
        source: SourceHeader::of(source),
        continued,
        published_claims: vec![],
        open_claims: vec![],
    }
}

fn text_size(c: &ClaimReport) -> usize {
    let evidence: usize = c
        .evidence
        .iter()
        .map(|e| e.url.len() + e.title.len() + e.publisher.len() + 200)
        .sum();
    c.claim.len() + c.quote.len() + c.summary.as_deref().map_or(0, str::len) + evidence + 1000
}

/// A template to render and the file it becomes.
enum Job<'a> {
    Readme,
    Source(usize, &'a str),
    Html(HtmlPage<'a>),
}

/// Renders README.md, the per-source pages and the HTML pages, in parallel.
pub fn render_templates(
    env: &Environment<'static>,
    ctx: &ReportContext,
) -> Result<BTreeMap<String, String>, ReportError> {
    let base = Value::from(Serde(ctx));
    let sources = base.get_attr("sources").unwrap_or_default();
    let mut jobs = vec![Job::Readme];
    for (i, s) in ctx.sources.iter().enumerate() {
        if let Some(page) = &s.page {
            jobs.push(Job::Source(i, page));
        }
    }
    jobs.extend(paginate(ctx).into_iter().map(Job::Html));
    jobs.into_par_iter()
        .map(|job| {
            let (name, file, vars) = match job {
                Job::Readme => ("README.md", "README.md".to_string(), base.clone()),
                Job::Source(i, page) => {
                    let source = sources.get_item(&Value::from(i)).unwrap_or_default();
                    ("source.md", page.to_string(), context! { source, ..base.clone() })
                }
                Job::Html(page) => {
                    let file = page.file.clone();
                    let page = Value::from(Serde(&page));
                    ("index.html", file, context! { page, ..base.clone() })
                }
            };
            let text = env
                .get_template(name)
                .and_then(|t| t.render(vars))
                .map_err(template_error)?;
            Ok((file, text))
        })
        .collect()
}

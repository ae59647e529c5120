//! Renders the template outputs: `README.md`, one Markdown page per source,
//! and the HTML report, split into `index.html`, `page-2.html`, … when one
//! page would hold too many claims or bytes to open comfortably. Each claim
//! is converted to a template value once and shared by every output.

use super::claimreview::ClaimReview;
use super::context::{ClaimReport, ReportContext, SourceReport};
use super::escape::json_for_script;
use super::templates::template_error;
use super::ReportError;
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;

/// Most claims on one HTML page.
pub const MAX_CLAIMS_PER_PAGE: usize = 2000;
/// Byte budget of one HTML page, estimated from the claims' text.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Every field of the context but `sources` (which is assembled from shared values).
#[derive(Serialize)]
struct TopLevel<'a> {
    desk: &'a str,
    language: &'a str,
    publisher: &'a super::context::PublisherInfo,
    public: bool,
    withheld: &'a super::context::Withheld,
    as_of: Option<chrono::NaiveDate>,
    scale: &'a [super::context::ScaleEntry],
    best_rating: Option<i64>,
    worst_rating: Option<i64>,
    counts: &'a super::context::Counts,
    inline_checks: bool,
    speakers: &'a [String],
    problems: &'a [super::Problem],
}

/// A source's details without its claims (`page.sections[].source`).
#[derive(Serialize)]
struct SourceHeader<'a> {
    id: &'a str,
    title: &'a str,
    outlet: &'a str,
    url: Option<&'a str>,
    link: Option<&'a str>,
    published: Option<chrono::NaiveDate>,
    format: &'a str,
    subtitles: bool,
    language: &'a str,
    page: Option<&'a str>,
}

/// One source as template values, converted once.
struct SourceValues {
    header: Value,
    published: Vec<Value>,
    open: Vec<Value>,
    whole: Value,
}

fn claims_value(claims: &[ClaimReport]) -> Vec<Value> {
    claims.par_iter().map(|c| Value::from(Serde(c))).collect()
}

fn source_values(s: &SourceReport) -> SourceValues {
    let header = Value::from(Serde(SourceHeader {
        id: &s.id,
        title: &s.title,
        outlet: &s.outlet,
        url: s.url.as_deref(),
        link: s.link.as_deref(),
        published: s.published,
        format: &s.format,
        subtitles: s.subtitles,
        language: &s.language,
        page: s.page.as_deref(),
    }));
    let published = claims_value(&s.published_claims);
    let open = claims_value(&s.open_claims);
    let whole = context! {
        published_claims => Value::from(published.clone()),
        open_claims => Value::from(open.clone()),
        discarded_claims => Value::from(claims_value(&s.discarded_claims)),
        ..header.clone()
    };
    SourceValues {
        header,
        published,
        open,
        whole,
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

/// A source's share of one page: its index, whether it started on an
/// earlier page, and the range of its claims (published first, then open).
type Share = (usize, bool, Range<usize>);

/// Splits the claims into pages, in report order.
fn paginate(ctx: &ReportContext) -> Vec<Vec<Share>> {
    let mut pages: Vec<Vec<Share>> = vec![vec![]];
    let (mut claims, mut bytes) = (0usize, 0usize);
    for (i, source) in ctx.sources.iter().enumerate() {
        let all: Vec<&ClaimReport> = source
            .published_claims
            .iter()
            .chain(&source.open_claims)
            .collect();
        let mut start = 0;
        for (k, c) in all.iter().enumerate() {
            let size = text_size(c);
            if claims > 0 && (claims >= MAX_CLAIMS_PER_PAGE || bytes + size > MAX_PAGE_BYTES) {
                if let Some(last) = pages.last_mut() {
                    if k > start {
                        last.push((i, start > 0, start..k));
                    }
                }
                pages.push(vec![]);
                (claims, bytes, start) = (0, 0, k);
            }
            claims += 1;
            bytes += size;
        }
        if let Some(last) = pages.last_mut() {
            last.push((i, start > 0, start..all.len()));
        }
    }
    pages
}

/// Places every claim: the index page that lists it (`index_page`,
/// `index_url`), and for a published check its own page as `url`, so each
/// link and ClaimReview `url` resolves to a page and anchor that exist.
pub fn place_claims(ctx: &mut ReportContext) {
    let publisher = ctx.publisher.link.clone();
    for (n, shares) in paginate(ctx).into_iter().enumerate() {
        let file = page_file(n + 1);
        for (i, _, range) in shares {
            let source = &mut ctx.sources[i];
            let (p, o) = split(&range, source.published_claims.len());
            let claims = source.published_claims[p]
                .iter_mut()
                .chain(source.open_claims[o].iter_mut());
            for c in claims {
                c.index_page = file.clone();
                let Some(publisher) = publisher.as_deref() else {
                    continue;
                };
                if n > 0 {
                    c.index_url = Some(super::context::claim_url_on_page(publisher, &file, &c.id));
                }
                c.url = match &c.check_page {
                    Some(page) => Some(super::context::page_url(publisher, page)),
                    None => c.index_url.clone(),
                };
            }
        }
    }
}

/// Rough size of a claim's HTML: its text plus the markup around it.
fn text_size(c: &ClaimReport) -> usize {
    let evidence: usize = c
        .evidence
        .iter()
        .map(|e| e.url.len() * 2 + e.title.len() + e.publisher.len() + 250)
        .sum();
    let text = c.claim.len() * 2 + c.quote.len() + c.summary.as_deref().map_or(0, str::len);
    if c.status == crate::model::Status::Published.as_str() {
        text + evidence + 1400
    } else {
        c.claim.len() + 400
    }
}

fn split(r: &Range<usize>, published: usize) -> (Range<usize>, Range<usize>) {
    let p = r.start.min(published)..r.end.min(published);
    let o = r.start.max(published) - published..r.end.max(published) - published;
    (p, o)
}

/// What one HTML page receives as `page` (documented in docs/reports.md).
fn page_value(
    shares: &[Share],
    number: usize,
    count: usize,
    values: &[SourceValues],
    ctx: &ReportContext,
    reviews: &[Vec<Option<ClaimReview>>],
) -> Value {
    let mut jsonld: Vec<&ClaimReview> = Vec::new();
    let sections: Vec<Value> = shares
        .iter()
        .map(|(i, continued, r)| {
            let v = &values[*i];
            let (p, o) = split(r, ctx.sources[*i].published_claims.len());
            jsonld.extend(reviews[*i][p.clone()].iter().flatten());
            context! {
                source => v.header.clone(),
                continued => *continued,
                published_claims => Value::from(v.published[p].to_vec()),
                open_claims => Value::from(v.open[o].to_vec()),
            }
        })
        .collect();
    let json = serde_json::to_string(&jsonld).unwrap_or_else(|_| "[]".to_string());
    let pages: Vec<Value> = (1..=count)
        .map(|n| context! { number => n, file => page_file(n) })
        .collect();
    context! {
        number,
        count,
        file => page_file(number),
        prev => (number > 1).then(|| page_file(number - 1)),
        next => (number < count).then(|| page_file(number + 1)),
        pages,
        sections,
        claimreview_json => Value::from_safe_string(json_for_script(&json)),
    }
}

/// A template to render and the file it becomes.
enum Job {
    Readme,
    Source(usize),
    Html(usize, Vec<Share>),
    /// A published check's own page: source index, published claim index.
    Check(usize, usize),
}

/// What `check.html` receives as `check` (documented in docs/reports.md).
fn check_value(c: &ClaimReport, review: Option<&ClaimReview>) -> Value {
    let json = review
        .and_then(|r| serde_json::to_string(&[r]).ok())
        .unwrap_or_else(|| "[]".to_string());
    context! {
        url => c.url.clone(),
        index => format!("../{}#{}", c.index_page, c.id),
        claimreview_json => Value::from_safe_string(json_for_script(&json)),
    }
}

/// Every template file to render, in a fixed order.
fn jobs(ctx: &ReportContext) -> Vec<Job> {
    let mut jobs = vec![Job::Readme];
    jobs.extend(
        (0..ctx.sources.len())
            .filter(|i| ctx.sources[*i].page.is_some())
            .map(Job::Source),
    );
    jobs.extend(
        paginate(ctx)
            .into_iter()
            .enumerate()
            .map(|(n, p)| Job::Html(n + 1, p)),
    );
    for (i, source) in ctx.sources.iter().enumerate() {
        jobs.extend(
            (0..source.published_claims.len())
                .filter(|k| source.published_claims[*k].check_page.is_some())
                .map(|k| Job::Check(i, k)),
        );
    }
    jobs
}

/// How many files the templates render (README, source, HTML and check pages).
pub fn template_file_count(ctx: &ReportContext) -> usize {
    jobs(ctx).len()
}

/// Renders README.md, the per-source pages and the HTML pages, in
/// parallel, handing each file to `sink` as soon as it is rendered (so no
/// more than one page per thread is held in memory).
pub fn render_templates(
    env: &Environment<'static>,
    ctx: &ReportContext,
    reviews: &[Vec<Option<ClaimReview>>],
    sink: &super::Sink,
) -> Result<(), ReportError> {
    let values: Vec<SourceValues> = ctx.sources.par_iter().map(source_values).collect();
    let top = Value::from(Serde(TopLevel {
        desk: &ctx.desk,
        language: &ctx.language,
        publisher: &ctx.publisher,
        public: ctx.public,
        withheld: &ctx.withheld,
        as_of: ctx.as_of,
        scale: &ctx.scale,
        best_rating: ctx.best_rating,
        worst_rating: ctx.worst_rating,
        counts: &ctx.counts,
        inline_checks: ctx.inline_checks,
        speakers: &ctx.speakers,
        problems: &ctx.problems,
    }));
    let sources: Vec<Value> = values.iter().map(|v| v.whole.clone()).collect();
    let base = context! { sources, ..top };
    let jobs = jobs(ctx);
    let count = jobs.iter().filter(|j| matches!(j, Job::Html(..))).count();
    jobs.into_par_iter().try_for_each(|job| {
        let (name, file, vars) = match job {
            Job::Readme => ("README.md", "README.md".to_string(), base.clone()),
            Job::Source(i) => {
                let file = ctx.sources[i].page.clone().unwrap_or_default();
                let source = values[i].whole.clone();
                ("source.md", file, context! { source, ..base.clone() })
            }
            Job::Html(n, shares) => {
                let page = page_value(&shares, n, count, &values, ctx, reviews);
                (
                    "index.html",
                    page_file(n),
                    context! { page, ..base.clone() },
                )
            }
            Job::Check(i, k) => {
                let c = &ctx.sources[i].published_claims[k];
                let check = check_value(c, reviews[i][k].as_ref());
                let vars = context! {
                    check,
                    c => values[i].published[k].clone(),
                    source => values[i].header.clone(),
                    ..base.clone()
                };
                ("check.html", c.check_page.clone().unwrap_or_default(), vars)
            }
        };
        let text = env
            .get_template(name)
            .and_then(|t| t.render(vars))
            .map_err(template_error)?;
        sink(&file, super::Body::Text(text))
    })
}

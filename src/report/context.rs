//! The report context: everything the templates receive, built from a loaded
//! desk in a stable order. It is a documented contract (`docs/reports.md`,
//! `factdesk report --context`), so fields are only ever added, not renamed.

use super::Problem;
use crate::model::{Action, Claim, Correction, DeskConfig, Evidence, RatingScale, Source, Status};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Most published checks `README.md` shows in full; a bigger desk's README
/// links the per-source pages instead, so it stays readable.
pub const README_INLINE_LIMIT: usize = 1000;

/// The whole desk as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    /// The desk's name (`factdesk.yaml` `name`).
    pub desk: String,
    /// The desk's language, a BCP 47 tag (`factdesk.yaml` `language`, else `en`).
    pub language: String,
    /// Whether `claims.csv` starts with a UTF-8 byte-order mark
    /// (`factdesk.yaml` `csv_bom`, or `report --excel` for one run).
    pub csv_bom: bool,
    pub publisher: PublisherInfo,
    /// Whether this is the public edition (the default): published checks
    /// only, no assignees; false for the desk's internal overview (`--internal`).
    pub public: bool,
    /// What the public edition leaves out (zeros in the internal overview).
    pub withheld: Withheld,
    /// The day of the latest history entry of a shown claim: the date the
    /// queue ages are counted to (null when there is none). The report has
    /// no wall-clock time, so the same records give the same ages.
    pub as_of: Option<NaiveDate>,
    /// The rating scale, best first, with how many shown claims carry each.
    pub scale: Vec<ScaleEntry>,
    pub best_rating: Option<i64>,
    pub worst_rating: Option<i64>,
    pub counts: Counts,
    /// Whether `README.md` shows every published check and the open work
    /// queue in full (true up to [`README_INLINE_LIMIT`] published checks;
    /// above, it links the per-source pages instead).
    pub inline_checks: bool,
    /// Sources in id order, each with its claims.
    pub sources: Vec<SourceReport>,
    /// Every speaker of a shown claim, sorted (for the HTML filter).
    pub speakers: Vec<String>,
    /// What could not be rendered as asked (e.g. a ClaimReview without a source URL).
    pub problems: Vec<Problem>,
}

/// Claims the public edition leaves out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Withheld {
    /// Candidates, in research and in review.
    pub open: usize,
    pub discarded: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublisherInfo {
    pub name: String,
    pub url: String,
    /// `url` when it is a safe http(s) link, else null.
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScaleEntry {
    pub key: String,
    pub label: String,
    pub value: i64,
    pub description: String,
    /// Published claims rated with this key (proposed ratings of open work are not verdicts).
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Claims shown in the report.
    pub total: usize,
    pub published: usize,
    /// Candidates, in research and in review.
    pub open: usize,
    /// One entry per status, in workflow order (zero counts included).
    pub by_status: Vec<StatusCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: String,
    pub count: usize,
}

/// One transcript and the claims taken from it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    pub id: String,
    pub title: String,
    pub outlet: String,
    pub url: Option<String>,
    /// `url` when it is a safe http(s) link, else null.
    pub link: Option<String>,
    pub published: Option<NaiveDate>,
    /// Transcript format: text, markdown, vtt, srt, tsv (`unknown` if the source record is missing).
    pub format: String,
    /// Whether locations carry cue times (vtt, srt).
    pub subtitles: bool,
    /// The language of the transcript (its `language`, else the desk's).
    pub language: String,
    /// The per-source Markdown page, relative to the reports folder (null
    /// when the id is not a safe file name; a problem says so).
    pub page: Option<String>,
    /// Published checks, in transcript order.
    pub published_claims: Vec<ClaimReport>,
    /// Candidates, in research and in review, in transcript order (empty with `--public`).
    pub open_claims: Vec<ClaimReport>,
    /// Discarded claims, in transcript order (only in `claims.csv` by default; empty with `--public`).
    pub discarded_claims: Vec<ClaimReport>,
}

/// One claim as shown to readers.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimReport {
    /// Stable id, also the HTML anchor.
    pub id: String,
    pub claim: String,
    pub quote: String,
    pub speaker: String,
    pub source: String,
    /// The language of the quote: its source's, else the desk's.
    pub language: String,
    pub status: String,
    pub rating: Option<RatingInfo>,
    pub summary: Option<String>,
    pub location: LocationInfo,
    pub said_on: Option<NaiveDate>,
    pub tags: Vec<String>,
    /// Who works on it (null in the public edition).
    pub assignee: Option<String>,
    /// For open work in the internal overview: the day the claim entered
    /// its current status, and the days since then up to `as_of`.
    pub waiting_since: Option<NaiveDate>,
    pub waiting_days: Option<i64>,
    /// Date of the `published` history entry (first publication).
    pub published_on: Option<NaiveDate>,
    pub corrections: Vec<CorrectionInfo>,
    /// The right of reply, in one sentence for readers ("X was contacted by
    /// email on D and replied / did not reply by D"); null when nobody was contacted.
    pub reply: Option<String>,
    pub evidence: Vec<EvidenceInfo>,
    /// The claim's public address (null when the publisher URL is unsafe):
    /// a published check's own page (`<publisher folder>/checks/<id>.html`);
    /// other claims, where the index lists them (`index_url`).
    pub url: Option<String>,
    /// Where the HTML index lists the claim: `<publisher url>#<id>` on the
    /// first page, `<publisher folder>/page-N.html#<id>` on a later one.
    pub index_url: Option<String>,
    /// The index page that lists it (`index.html`, `page-2.html`, …).
    pub index_page: String,
    /// A published check's own page, relative to the reports folder
    /// (`checks/<id>.html`); null for other claims.
    pub check_page: Option<String>,
    /// Published with `factdesk publish --no-claimreview`: the desk chose
    /// to emit no ClaimReview for it.
    pub no_claimreview: bool,
}

impl ClaimReport {
    /// The claim's place in the desk's order, the same as its record's.
    pub fn desk_key(&self) -> crate::model::DeskKey<'_> {
        crate::model::DeskKey::new(
            &self.source,
            self.location.line,
            self.location.start.as_deref(),
            &self.id,
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RatingInfo {
    pub key: String,
    /// The scale's label; the key itself when the scale does not know it.
    pub label: String,
    pub value: Option<i64>,
    /// Where the value sits on the scale: `high` (top third), `middle`,
    /// `low` (bottom third) or `unknown`; the HTML colours by it.
    pub tier: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocationInfo {
    pub line: u32,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionInfo {
    pub date: NaiveDate,
    /// `correction` (the verdict or a fact was wrong) or `update` (new
    /// information, the verdict stands).
    pub kind: String,
    pub note: String,
    /// Label of the rating before the correction, when it changed the rating.
    pub previous_rating: Option<String>,
    /// Label of the rating it set, when it changed the rating.
    pub rating: Option<String>,
    /// The summary before, when it changed the summary.
    pub previous_summary: Option<String>,
    /// The summary it wrote, when it changed the summary.
    pub summary: Option<String>,
    /// The speaker before, when it changed who said the quote.
    pub previous_speaker: Option<String>,
    /// The speaker it named, when it changed who said the quote.
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceInfo {
    pub url: String,
    /// `url` when it is a safe http(s) link, else null (shown as text only).
    pub link: Option<String>,
    pub title: String,
    pub publisher: String,
    pub published: Option<NaiveDate>,
    pub accessed: NaiveDate,
    pub archive: Option<String>,
    /// `archive` when it is a safe http(s) link, else null.
    pub archive_link: Option<String>,
    pub stance: String,
    pub note: Option<String>,
}

/// A link a reader may follow: http(s) only, checked by `model::url`.
pub fn safe_link(url: &str) -> Option<String> {
    crate::model::url::check_url(url)
        .ok()
        .map(|()| url.to_string())
}

/// Whether the claim belongs in the open work queue.
pub fn is_open(status: Status) -> bool {
    status.is_open()
}

/// Whether a claim of `status` is in the edition: the public one shows
/// published checks only, the internal one every claim.
pub fn shows(public: bool, status: Status) -> bool {
    !public || status == Status::Published
}

/// Builds the context: sources by id, claims in transcript order then by id.
pub fn build(
    config: &DeskConfig,
    sources: &[Source],
    claims: &[Claim],
    public: bool,
) -> ReportContext {
    let shown: Vec<&Claim> = claims.iter().filter(|c| shows(public, c.status)).collect();
    let withheld = if public {
        withheld(claims.iter().map(|c| c.status))
    } else {
        Withheld::default()
    };
    build_shown(config, sources, &shown, withheld, public)
}

/// What the public edition leaves out of a desk whose claims have `statuses`.
pub fn withheld(statuses: impl Iterator<Item = Status>) -> Withheld {
    let mut w = Withheld::default();
    for s in statuses {
        if is_open(s) {
            w.open += 1;
        } else if s == Status::Discarded {
            w.discarded += 1;
        }
    }
    w
}

/// [`build`] from the claims the edition shows (every claim of the desk for
/// the internal overview, the published ones for the public edition, in id
/// order) and what it leaves out.
pub fn build_shown(
    config: &DeskConfig,
    sources: &[Source],
    shown: &[&Claim],
    withheld: Withheld,
    public: bool,
) -> ReportContext {
    let as_of = shown
        .iter()
        .filter_map(|c| c.history.iter().map(|h| h.at).max())
        .max()
        .map(|t| t.date_naive());
    let publisher_link = safe_link(&config.publisher.url);
    let mut by_source: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for s in sources {
        by_source.entry(&s.id).or_default();
    }
    for c in shown {
        by_source.entry(&c.source).or_default().push(c);
    }
    let known: BTreeMap<&str, &Source> = sources.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut problems = Vec::new();
    let report_sources = by_source
        .into_iter()
        .filter(|(_, cs)| !(public && cs.is_empty()))
        .map(|(id, mut cs)| {
            cs.sort_by(|a, b| a.desk_key().cmp(&b.desk_key()));
            let source = known.get(id).copied();
            if source.is_none() {
                for c in &cs {
                    problems.push(Problem::new(
                        c.id.as_str(),
                        format!("cites source {id:?}, which this desk does not have"),
                    ));
                }
            }
            if crate::model::id::validate_id(id).is_err() {
                problems.push(Problem::new(
                    id,
                    "the source id is not a safe file name; no page is written for it",
                ));
            }
            let view = View {
                language: source
                    .and_then(|s| s.language.as_deref())
                    .unwrap_or(config.language()),
                scale: &config.rating_scale,
                publisher_link: publisher_link.as_deref(),
                public,
                as_of,
            };
            source_report(id, source, &cs, &view)
        })
        .collect();
    let mut speakers: Vec<String> = shown.iter().map(|c| c.speaker.clone()).collect();
    speakers.sort();
    speakers.dedup();
    let mut ctx = ReportContext {
        desk: config.name.clone(),
        language: config.language().to_string(),
        csv_bom: config.csv_bom,
        publisher: PublisherInfo {
            name: config.publisher.name.clone(),
            url: config.publisher.url.clone(),
            link: publisher_link,
        },
        public,
        withheld,
        as_of,
        scale: scale_entries(&config.rating_scale, shown),
        best_rating: config.rating_scale.best(),
        worst_rating: config.rating_scale.worst(),
        inline_checks: shown
            .iter()
            .filter(|c| c.status == Status::Published)
            .count()
            <= README_INLINE_LIMIT,
        counts: counts(shown),
        sources: report_sources,
        speakers,
        problems,
    };
    super::pages::place_claims(&mut ctx);
    let review_problems = super::claimreview::problems(&ctx);
    ctx.problems.extend(review_problems);
    ctx
}

/// How claims are shown: the scale, the publisher's link, the edition and
/// the day queue ages are counted to.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The language of the source's quotes.
    pub language: &'a str,
    pub scale: &'a RatingScale,
    pub publisher_link: Option<&'a str>,
    pub public: bool,
    pub as_of: Option<NaiveDate>,
}

fn source_report(
    id: &str,
    source: Option<&Source>,
    claims: &[&Claim],
    view: &View,
) -> SourceReport {
    let url = source.and_then(|s| s.url.clone());
    let (mut published_claims, mut open_claims, mut discarded_claims) =
        (Vec::new(), Vec::new(), Vec::new());
    let reports: Vec<ClaimReport> = claims.par_iter().map(|c| claim_report(c, view)).collect();
    for (c, r) in claims.iter().zip(reports) {
        match c.status {
            Status::Published => published_claims.push(r),
            Status::Discarded => discarded_claims.push(r),
            _ => open_claims.push(r),
        }
    }
    SourceReport {
        id: id.to_string(),
        title: source.map_or_else(|| id.to_string(), |s| s.title.clone()),
        outlet: source.map(|s| s.outlet.clone()).unwrap_or_default(),
        link: url.as_deref().and_then(safe_link),
        url,
        published: source.and_then(|s| s.published),
        format: source.map_or_else(|| "unknown".to_string(), |s| s.format.to_string()),
        subtitles: source.is_some_and(|s| s.format.is_subtitles()),
        language: view.language.to_string(),
        page: crate::model::id::validate_id(id)
            .ok()
            .map(|()| format!("{}/{id}.md", super::SOURCES_SUBDIR)),
        published_claims,
        open_claims,
        discarded_claims,
    }
}

/// One claim as `view` shows it.
pub fn claim_report(c: &Claim, view: &View) -> ClaimReport {
    let (scale, publisher_link) = (view.scale, view.publisher_link);
    let waiting_since = (!view.public && is_open(c.status))
        .then(|| {
            c.history
                .iter()
                .rev()
                .find(|h| h.to.is_some())
                .or(c.history.first())
                .map(|h| h.at.date_naive())
        })
        .flatten();
    ClaimReport {
        id: c.id.as_str().to_string(),
        claim: c.claim.clone(),
        quote: c.quote.clone(),
        speaker: c.speaker.clone(),
        source: c.source.clone(),
        language: view.language.to_string(),
        status: c.status.as_str().to_string(),
        rating: c.rating.as_deref().map(|k| rating_info(k, scale)),
        summary: c.summary.clone(),
        location: LocationInfo {
            line: c.location.line,
            start: c.location.start.clone(),
            end: c.location.end.clone(),
        },
        said_on: c.said_on,
        tags: c.tags.clone(),
        assignee: c.assignee.clone().filter(|_| !view.public),
        waiting_since,
        waiting_days: waiting_since
            .zip(view.as_of)
            .map(|(since, to)| (to - since).num_days().max(0)),
        published_on: published_on(c),
        corrections: corrections(c, scale),
        reply: c.reply.as_ref().map(reply_statement),
        evidence: c.evidence.iter().map(evidence).collect(),
        url: publisher_link.map(|u| claim_url(u, c.id.as_str())),
        index_url: publisher_link.map(|u| claim_url(u, c.id.as_str())),
        index_page: "index.html".to_string(),
        check_page: (c.status == Status::Published).then(|| check_page(c.id.as_str())),
        no_claimreview: c.status == Status::Published
            && crate::model::workflow::published_without_claimreview(c),
    }
}

/// The right of reply as readers read it.
pub fn reply_statement(r: &crate::model::RightOfReply) -> String {
    let asked = format!(
        "{} was contacted by {} on {}",
        r.contacted, r.via, r.asked_on
    );
    match (&r.answer, r.no_reply) {
        (Some(a), _) => match r.answered_on {
            Some(d) => format!("{asked} and replied on {d}: “{a}”"),
            None => format!("{asked} and replied: “{a}”"),
        },
        (None, true) => format!("{asked} and did not reply by {}.", r.deadline),
        (None, false) => format!("{asked}; the deadline for a reply is {}.", r.deadline),
    }
}

/// `<publisher url>#<id>` (any fragment of the publisher URL is replaced).
pub fn claim_url(publisher: &str, id: &str) -> String {
    let base = publisher.split('#').next().unwrap_or(publisher);
    format!("{base}#{id}")
}

/// The URL of claim `id` rendered on HTML page `file` (`page-2.html`),
/// beside the publisher's index: `<publisher folder>/<file>#<id>`.
pub fn claim_url_on_page(publisher: &str, file: &str, id: &str) -> String {
    format!("{}#{id}", page_url(publisher, file))
}

/// The URL of report file `file` (`page-2.html`, `checks/<id>.html`)
/// beside the publisher's index: `<publisher folder>/<file>`.
pub fn page_url(publisher: &str, file: &str) -> String {
    let base = publisher.split(['#', '?']).next().unwrap_or(publisher);
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    match base[after_scheme..].rfind('/') {
        Some(i) => format!("{}{file}", &base[..after_scheme + i + 1]),
        None => format!("{base}/{file}"),
    }
}

/// A published check's own page, relative to the reports folder.
pub fn check_page(id: &str) -> String {
    format!("{}/{id}.html", super::CHECKS_SUBDIR)
}

/// The date of the first `published` history entry.
pub fn published_on(c: &Claim) -> Option<NaiveDate> {
    c.history
        .iter()
        .find(|h| h.action == Action::Published)
        .map(|h| h.at.date_naive())
}

fn rating_info(key: &str, scale: &RatingScale) -> RatingInfo {
    let known = scale.get(key);
    RatingInfo {
        key: key.to_string(),
        label: known.map_or_else(|| key.to_string(), |r| r.label.clone()),
        value: known.map(|r| r.value),
        tier: tier(known.map(|r| r.value), scale).to_string(),
    }
}

fn tier(value: Option<i64>, scale: &RatingScale) -> &'static str {
    let (Some(v), Some(best), Some(worst)) = (value, scale.best(), scale.worst()) else {
        return "unknown";
    };
    if best == worst {
        return "middle";
    }
    let pos = (v - worst) as f64 / (best - worst) as f64;
    if pos >= 2.0 / 3.0 {
        "high"
    } else if pos <= 1.0 / 3.0 {
        "low"
    } else {
        "middle"
    }
}

/// The claim's corrections, each with what it replaced and what it set:
/// walking back from the current rating and summary, each change's "after"
/// is the "before" of the next change of the same field.
fn corrections(c: &Claim, scale: &RatingScale) -> Vec<CorrectionInfo> {
    let label = |k: &str| rating_info(k, scale).label;
    let mut rating = c.rating.clone();
    let mut summary = c.summary.clone();
    let mut speaker = Some(c.speaker.clone());
    let mut out: Vec<CorrectionInfo> = c
        .corrections
        .iter()
        .rev()
        .map(|k: &Correction| {
            let after_rating = k.previous_rating.as_ref().and(rating.clone());
            if k.previous_rating.is_some() {
                rating = k.previous_rating.clone();
            }
            let after_summary = k.previous_summary.as_ref().and(summary.clone());
            if k.previous_summary.is_some() {
                summary = k.previous_summary.clone();
            }
            let after_speaker = k.previous_speaker.as_ref().and(speaker.clone());
            if k.previous_speaker.is_some() {
                speaker = k.previous_speaker.clone();
            }
            CorrectionInfo {
                date: k.at.date_naive(),
                kind: k.kind.as_str().to_string(),
                note: k.note.clone(),
                previous_rating: k.previous_rating.as_deref().map(label),
                rating: after_rating.as_deref().map(label),
                previous_summary: k.previous_summary.clone(),
                summary: after_summary,
                previous_speaker: k.previous_speaker.clone(),
                speaker: after_speaker,
            }
        })
        .collect();
    out.reverse();
    out
}

fn evidence(e: &Evidence) -> EvidenceInfo {
    EvidenceInfo {
        url: e.url.clone(),
        link: safe_link(&e.url),
        title: e.title.clone(),
        publisher: e.publisher.clone(),
        published: e.published,
        accessed: e.accessed,
        archive: e.archive.clone(),
        archive_link: e.archive.as_deref().and_then(safe_link),
        stance: e.stance.as_str().to_string(),
        note: e.note.clone(),
    }
}

fn scale_entries(scale: &RatingScale, shown: &[&Claim]) -> Vec<ScaleEntry> {
    scale
        .0
        .iter()
        .map(|r| ScaleEntry {
            key: r.key.clone(),
            label: r.label.clone(),
            value: r.value,
            description: r.description.clone(),
            count: shown
                .iter()
                .filter(|c| {
                    c.status == Status::Published && c.rating.as_deref() == Some(r.key.as_str())
                })
                .count(),
        })
        .collect()
}

fn counts(shown: &[&Claim]) -> Counts {
    let by_status = Status::ALL
        .iter()
        .map(|st| StatusCount {
            status: st.as_str().to_string(),
            count: shown.iter().filter(|c| c.status == *st).count(),
        })
        .collect();
    Counts {
        total: shown.len(),
        published: shown
            .iter()
            .filter(|c| c.status == Status::Published)
            .count(),
        open: shown.iter().filter(|c| is_open(c.status)).count(),
        by_status,
    }
}

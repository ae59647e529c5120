//! schema.org ClaimReview JSON-LD for fact-check aggregators, built with
//! serde_json from the report context (never from text templates). A
//! published claim that cannot carry every required field is returned as a
//! problem instead of being emitted half-filled.

use super::context::{ClaimReport, ReportContext, SourceReport};
use super::Problem;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

/// Longest `claimReviewed` accepted, in characters.
pub const MAX_CLAIM_REVIEWED: usize = 75;

/// The ClaimReview of each published claim, source by source, in report
/// order (`None` for a claim that cannot have one; see [`problems`]).
pub fn claim_reviews(ctx: &ReportContext) -> Vec<Vec<Option<ClaimReview<'_>>>> {
    ctx.sources
        .par_iter()
        .map(|s| {
            s.published_claims
                .par_iter()
                .map(|c| claim_review(ctx, s, c).ok())
                .collect()
        })
        .collect()
}

/// What a published claim lacks for a ClaimReview (empty when nothing).
pub fn missing(ctx: &ReportContext, source: &SourceReport, c: &ClaimReport) -> Vec<String> {
    let mut missing = Vec::new();
    let chars = c.claim.chars().count();
    if c.claim.trim().is_empty() {
        missing.push("the claim text is empty".to_string());
    } else if chars > MAX_CLAIM_REVIEWED {
        missing.push(format!(
            "the claim has {chars} characters; ClaimReview allows {MAX_CLAIM_REVIEWED}"
        ));
    }
    if ctx.publisher.link.is_none() {
        missing.push(format!(
            "the publisher URL {:?} in factdesk.yaml is not an http(s) link",
            ctx.publisher.url
        ));
    } else if let Some(problem) = crate::model::workflow::publisher_url_problem(&ctx.publisher.url)
    {
        missing.push(problem.to_string());
    }
    if c.rating.as_ref().and_then(|r| r.value).is_none() {
        missing.push("the rating is not a value of the desk's scale".to_string());
    }
    if ctx.best_rating.is_none() || ctx.worst_rating.is_none() {
        missing.push("the desk's rating scale is empty".to_string());
    }
    if c.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        missing.push("the claim has no summary".to_string());
    }
    if c.published_on.is_none() {
        missing.push("the history has no `published` entry".to_string());
    }
    missing.extend(
        crate::model::workflow::claimreview_source_gaps(
            source.link.as_deref(),
            c.said_on.or(source.published).is_some(),
            &source.id,
        )
        .iter()
        .map(ToString::to_string),
    );
    missing
}

/// A schema.org `ClaimReview`, borrowed from the context and serialized by
/// serde_json in schema.org's field names.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub url: &'a str,
    #[serde(rename = "claimReviewed")]
    pub claim_reviewed: &'a str,
    /// The language of the review: the desk's.
    #[serde(rename = "inLanguage")]
    pub in_language: &'a str,
    pub author: Organization<'a>,
    #[serde(rename = "datePublished")]
    pub date_published: NaiveDate,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<NaiveDate>,
    #[serde(rename = "reviewRating")]
    pub review_rating: Rating<'a>,
    #[serde(rename = "itemReviewed")]
    pub item_reviewed: ClaimItem<'a>,
    /// schema.org `correction`: one `CorrectionComment` per correction
    /// (not per update), saying what it replaced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub correction: Vec<CorrectionComment>,
}

/// A schema.org `CorrectionComment`: the correction note, with the rating
/// and summary it replaced.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionComment {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "datePublished")]
    pub date_published: NaiveDate,
    pub text: String,
}

fn correction_comments(c: &ClaimReport) -> Vec<CorrectionComment> {
    c.corrections
        .iter()
        .filter(|k| k.kind == "correction")
        .map(|k| {
            let mut text = k.note.trim().to_string();
            if let (Some(before), Some(after)) = (&k.previous_rating, &k.rating) {
                text.push_str(&format!(" Rating before: {before}; after: {after}."));
            }
            if let (Some(before), Some(after)) = (&k.previous_summary, &k.summary) {
                text.push_str(&format!(" Summary before: “{before}”; after: “{after}”."));
            }
            if let (Some(before), Some(after)) = (&k.previous_speaker, &k.speaker) {
                text.push_str(&format!(" Speaker before: {before}; after: {after}."));
            }
            CorrectionComment {
                kind: "CorrectionComment",
                date_published: k.date,
                text,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Organization<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
    pub url: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rating<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "alternateName")]
    pub alternate_name: &'a str,
    #[serde(rename = "ratingValue")]
    pub rating_value: i64,
    #[serde(rename = "bestRating")]
    pub best_rating: i64,
    #[serde(rename = "worstRating")]
    pub worst_rating: i64,
    #[serde(rename = "ratingExplanation")]
    pub rating_explanation: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimItem<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub author: Person<'a>,
    #[serde(rename = "datePublished")]
    pub date_published: NaiveDate,
    /// The language the claim was made in: its source's.
    #[serde(rename = "inLanguage")]
    pub in_language: &'a str,
    pub appearance: [CreativeWork<'a>; 1],
    #[serde(rename = "firstAppearance")]
    pub first_appearance: CreativeWork<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub url: &'a str,
    pub name: &'a str,
}

/// The ClaimReview of one published claim, or what it lacks.
pub fn claim_review<'a>(
    ctx: &'a ReportContext,
    source: &'a SourceReport,
    c: &'a ClaimReport,
) -> Result<ClaimReview<'a>, Vec<String>> {
    if c.no_claimreview {
        return Err(vec!["published with --no-claimreview".to_string()]);
    }
    let missing = missing(ctx, source, c);
    let parts = (
        c.url.as_deref(),
        ctx.publisher.link.as_deref(),
        c.published_on,
        c.rating.as_ref().and_then(|r| r.value.map(|v| (r, v))),
        ctx.best_rating.zip(ctx.worst_rating),
        c.summary.as_deref(),
        c.said_on.or(source.published),
        source.link.as_deref(),
    );
    let (
        Some(url),
        Some(publisher),
        Some(published),
        Some((rating, value)),
        Some((best, worst)),
        Some(summary),
        Some(said_on),
        Some(link),
    ) = parts
    else {
        return Err(missing);
    };
    if !missing.is_empty() {
        return Err(missing);
    }
    let work = CreativeWork {
        kind: "CreativeWork",
        url: link,
        name: &source.title,
    };
    Ok(ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        url,
        claim_reviewed: &c.claim,
        in_language: &ctx.language,
        author: Organization {
            kind: "Organization",
            name: &ctx.publisher.name,
            url: publisher,
        },
        date_published: published,
        date_modified: c.corrections.last().map(|k| k.date),
        review_rating: Rating {
            kind: "Rating",
            alternate_name: &rating.label,
            rating_value: value,
            best_rating: best,
            worst_rating: worst,
            rating_explanation: summary,
        },
        item_reviewed: ClaimItem {
            kind: "Claim",
            author: Person {
                kind: "Person",
                name: &c.speaker,
            },
            date_published: said_on,
            in_language: &c.language,
            appearance: [work],
            first_appearance: work,
        },
        correction: correction_comments(c),
    })
}

/// Problems of every published claim that cannot get a ClaimReview (a
/// claim published with `--no-claimreview` is no problem: the desk chose it,
/// see [`waived`]).
pub fn problems(ctx: &ReportContext) -> Vec<Problem> {
    ctx.sources
        .iter()
        .flat_map(|s| s.published_claims.iter().map(move |c| (s, c)))
        .filter(|(_, c)| !c.no_claimreview)
        .filter_map(|(s, c)| {
            let missing = missing(ctx, s, c);
            (!missing.is_empty()).then(|| {
                Problem::new(
                    &c.id,
                    format!("no ClaimReview emitted: {}", missing.join("; ")),
                )
            })
        })
        .collect()
}

/// Ids of the published claims the desk chose to publish without a
/// ClaimReview (`--no-claimreview`), in report order.
pub fn waived(ctx: &ReportContext) -> Vec<&str> {
    ctx.sources
        .iter()
        .flat_map(|s| &s.published_claims)
        .filter(|c| c.no_claimreview)
        .map(|c| c.id.as_str())
        .collect()
}

/// Why the report must not be written: published checks would carry the
/// publisher's placeholder or private URL (`None` when nothing is published).
pub fn publisher_refusal(ctx: &ReportContext) -> Option<String> {
    let published = ctx.sources.iter().any(|s| !s.published_claims.is_empty());
    if !published {
        return None;
    }
    crate::model::workflow::publisher_url_problem(&ctx.publisher.url).map(|b| b.to_string())
}

/// Writes the JSON-LD file into `w`: a pretty-printed array with a final
/// newline.
pub fn write_json_ld(reviews: &[&ClaimReview], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, reviews)?;
    w.write_all(b"\n")
}

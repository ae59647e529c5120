//! schema.org ClaimReview JSON-LD for fact-check aggregators, built with
//! serde_json from the report context (never from text templates). A
//! published claim that cannot carry every required field is returned as a
//! problem instead of being emitted half-filled.

use super::context::{ClaimReport, ReportContext, SourceReport};
use super::Problem;
use rayon::prelude::*;
use serde_json::{json, Value};

/// Longest `claimReviewed` accepted, in characters.
pub const MAX_CLAIM_REVIEWED: usize = 75;

/// The ClaimReview of each published claim, source by source, in report
/// order (`None` for a claim that cannot have one; see [`problems`]).
pub fn claim_reviews(ctx: &ReportContext) -> Vec<Vec<Option<Value>>> {
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
    if source.link.is_none() {
        missing.push(format!(
            "source {:?} has no http(s) url for `appearance`",
            source.id
        ));
    }
    if c.said_on.or(source.published).is_none() {
        missing.push("neither the claim's said_on nor its source's date is set".to_string());
    }
    missing
}

/// The ClaimReview of one published claim, or what it lacks.
pub fn claim_review(
    ctx: &ReportContext,
    source: &SourceReport,
    c: &ClaimReport,
) -> Result<Value, Vec<String>> {
    let missing = missing(ctx, source, c);
    if !missing.is_empty() {
        return Err(missing);
    }
    let rating = c.rating.as_ref();
    let appearance = json!({ "@type": "CreativeWork", "url": source.link, "name": source.title });
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": c.url,
        "claimReviewed": c.claim,
        "author": {
            "@type": "Organization",
            "name": ctx.publisher.name,
            "url": ctx.publisher.link,
        },
        "datePublished": c.published_on,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": rating.map(|r| &r.label),
            "ratingValue": rating.and_then(|r| r.value),
            "bestRating": ctx.best_rating,
            "worstRating": ctx.worst_rating,
            "ratingExplanation": c.summary,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": { "@type": "Person", "name": c.speaker },
            "datePublished": c.said_on.or(source.published),
            "appearance": [appearance.clone()],
            "firstAppearance": appearance,
        },
    });
    if let (Some(last), Some(obj)) = (c.corrections.last(), review.as_object_mut()) {
        obj.insert("dateModified".into(), json!(last.date));
    }
    Ok(review)
}

/// Problems of every published claim that cannot get a ClaimReview.
pub fn problems(ctx: &ReportContext) -> Vec<Problem> {
    ctx.sources
        .iter()
        .flat_map(|s| s.published_claims.iter().map(move |c| (s, c)))
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

/// The JSON-LD file: a pretty-printed array with a final newline.
pub fn to_json_ld(reviews: &[&Value]) -> String {
    let mut s = serde_json::to_string_pretty(reviews).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

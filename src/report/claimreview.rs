//! schema.org ClaimReview JSON-LD for fact-check aggregators, built with
//! serde_json from the report context (never from text templates). A
//! published claim that cannot carry every required field is returned as a
//! problem instead of being emitted half-filled.

use super::context::{ClaimReport, ReportContext, SourceReport};
use super::Problem;
use serde_json::{json, Value};

/// Longest `claimReviewed` accepted, in characters.
pub const MAX_CLAIM_REVIEWED: usize = 75;

/// One ClaimReview per published claim, in report order, and the claims left out.
pub fn claim_reviews(ctx: &ReportContext) -> (Vec<Value>, Vec<Problem>) {
    let mut reviews = Vec::new();
    let mut problems = Vec::new();
    for source in &ctx.sources {
        for claim in &source.published_claims {
            match claim_review(ctx, source, claim) {
                Ok(v) => reviews.push(v),
                Err(missing) => problems.push(Problem::new(
                    &claim.id,
                    format!("no ClaimReview emitted: {}", missing.join("; ")),
                )),
            }
        }
    }
    (reviews, problems)
}

/// The ClaimReview of one published claim, or what it lacks.
pub fn claim_review(
    ctx: &ReportContext,
    source: &SourceReport,
    c: &ClaimReport,
) -> Result<Value, Vec<String>> {
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
    let rating = c.rating.as_ref().and_then(|r| r.value.map(|v| (r, v)));
    if rating.is_none() {
        missing.push("the rating is not a value of the desk's scale".to_string());
    }
    let (best, worst) = (ctx.best_rating, ctx.worst_rating);
    if best.is_none() || worst.is_none() {
        missing.push("the desk's rating scale is empty".to_string());
    }
    let summary = c.summary.as_deref().filter(|s| !s.trim().is_empty());
    if summary.is_none() {
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
    let said_on = c.said_on.or(source.published);
    if said_on.is_none() {
        missing.push("neither the claim's said_on nor its source's date is set".to_string());
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let (rating, value) = rating.ok_or_else(Vec::new)?;
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
            "alternateName": rating.label,
            "ratingValue": value,
            "bestRating": best,
            "worstRating": worst,
            "ratingExplanation": summary,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": { "@type": "Person", "name": c.speaker },
            "datePublished": said_on,
            "appearance": [appearance.clone()],
            "firstAppearance": appearance,
        },
    });
    if let (Some(last), Some(obj)) = (c.corrections.last(), review.as_object_mut()) {
        obj.insert("dateModified".into(), json!(last.date));
    }
    Ok(review)
}

/// The JSON-LD file: a pretty-printed array with a final newline.
pub fn to_json_ld(reviews: &[Value]) -> String {
    let mut s = serde_json::to_string_pretty(reviews).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

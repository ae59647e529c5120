//! Finding claims: ranked word search over what editors wrote and quoted
//! (`query`), and "has this been checked before?" similarity between a claim,
//! or any text, and the desk's claims.

mod query;
pub mod words;

pub use query::{EmptyQuery, Excerpt, Hit, Query};
pub use words::Stems;

use crate::model::Claim;
use std::collections::BTreeSet;

/// Finds `q` in `claim`: every word (by stem) and phrase, in any field.
pub fn find(claim: &Claim, q: &Query, stems: &Stems) -> Option<Hit> {
    query::find(claim, q, stems)
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "there", "their", "they", "we", "you", "he", "she", "his", "her", "has", "have",
    "had", "not", "no", "so", "if", "than", "then", "will", "would", "could", "can", "do", "does",
    "did", "said", "says",
];

/// Content words of `text`: lower-cased English stems, stopwords left out.
pub fn text_words(text: &str, stems: &Stems) -> BTreeSet<String> {
    words::tokens(text)
        .into_iter()
        .filter(|t| t.lower.chars().count() > 1 && !STOPWORDS.contains(&t.lower.as_str()))
        .map(|t| stems.stem(&t.lower))
        .collect()
}

/// Content words of a claim's text and quote.
pub fn words(claim: &Claim, stems: &Stems) -> BTreeSet<String> {
    text_words(&format!("{} {}", claim.claim, claim.quote), stems)
}

/// Jaccard similarity of two word sets, 0 to 1.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Claims most like `target` (excluding itself), best first, at least `min` alike.
pub fn similar<'a>(
    claims: &'a [Claim],
    target: &Claim,
    min: f64,
    limit: usize,
) -> Vec<(f64, &'a Claim)> {
    let stems = Stems::default();
    let tw = words(target, &stems);
    ranked(claims, |c| c.id != target.id, &tw, &stems, min, limit)
}

/// Claims most like a text typed by an editor ("has this been checked
/// before?"): the better of its likeness to each claim's own text and to
/// its text and quote together.
pub fn similar_to_text<'a>(
    claims: &'a [Claim],
    text: &str,
    min: f64,
    limit: usize,
) -> Vec<(f64, &'a Claim)> {
    let stems = Stems::default();
    let tw = text_words(text, &stems);
    ranked(claims, |_| true, &tw, &stems, min, limit)
}

fn ranked<'a>(
    claims: &'a [Claim],
    keep: impl Fn(&Claim) -> bool,
    tw: &BTreeSet<String>,
    stems: &Stems,
    min: f64,
    limit: usize,
) -> Vec<(f64, &'a Claim)> {
    let mut out: Vec<(f64, &Claim)> = claims
        .iter()
        .filter(|c| keep(c))
        .map(|c| {
            let own = similarity(tw, &text_words(&c.claim, stems));
            (own.max(similarity(tw, &words(c, stems))), c)
        })
        .filter(|(s, _)| *s >= min && *s > 0.0)
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimId, Location, Status};

    fn claim(id: &str, text: &str, quote: &str) -> Claim {
        Claim {
            id: ClaimId::new(id).unwrap(),
            claim: text.into(),
            quote: quote.into(),
            speaker: "S".into(),
            source: "s".into(),
            location: Location {
                line: 1,
                start: None,
                end: None,
            },
            said_on: None,
            tags: vec![],
            status: Status::Candidate,
            assignee: None,
            priority: None,
            due: None,
            rating: None,
            summary: None,
            notes: Some("Check the SIPRI data.".into()),
            triage: None,
            reply: None,
            evidence: vec![],
            reviews: vec![],
            corrections: vec![],
            history: vec![],
        }
    }

    #[test]
    fn similar_claims_rank_by_shared_words() {
        let a = claim("a", "North Korea supplies shells to Russia", "q");
        let b = claim("b", "North Korea supplied shells to Russia", "q");
        let c = claim("c", "China delivers drones", "q");
        let all = vec![a.clone(), b, c];
        let found = similar(&all, &a, 0.2, 5);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.id.as_str(), "b");
        let typed = similar_to_text(&all, "Does North Korea supply shells?", 0.2, 5);
        assert_eq!(typed[0].1.id.as_str(), "a");
        assert!(similar_to_text(&all, "the of and", 0.0, 5).is_empty());
    }
}

//! Finding claims: full-text search over what editors wrote and quoted, and
//! "has this been checked before?" similarity between claims.

use crate::model::Claim;
use std::collections::BTreeSet;

/// Where a search hit was found, and the text around it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub field: &'static str,
    pub snippet: String,
}

fn fold(s: &str) -> String {
    crate::transcript::normalize(s).to_lowercase()
}

/// The first field of `claim` holding `query` (case-insensitive; whitespace,
/// quote marks and dashes folded): quote, claim text, summary, notes,
/// evidence titles and notes.
pub fn find(claim: &Claim, query: &str) -> Option<Hit> {
    let q = fold(query);
    if q.is_empty() {
        return None;
    }
    let mut fields: Vec<(&'static str, &str)> =
        vec![("claim", &claim.claim), ("quote", &claim.quote)];
    fields.extend(claim.summary.as_deref().map(|s| ("summary", s)));
    fields.extend(claim.notes.as_deref().map(|s| ("notes", s)));
    for e in &claim.evidence {
        fields.push(("evidence title", &e.title));
        fields.extend(e.note.as_deref().map(|n| ("evidence note", n)));
    }
    fields.into_iter().find_map(|(field, text)| {
        let hay = fold(text);
        let pos = hay.find(&q)?;
        // Show the original casing when lower-casing kept byte positions.
        let shown = crate::transcript::normalize(text);
        let same = shown.len() == hay.len()
            && shown.is_char_boundary(pos)
            && shown.is_char_boundary(pos + q.len());
        let base = if same { shown.as_str() } else { hay.as_str() };
        Some(Hit {
            field,
            snippet: snippet(base, pos, q.len()),
        })
    })
}

fn snippet(text: &str, pos: usize, len: usize) -> String {
    let start = text[..pos]
        .char_indices()
        .rev()
        .nth(40)
        .map_or(0, |(i, _)| i);
    let end = text[pos + len..]
        .char_indices()
        .nth(40)
        .map_or(text.len(), |(i, _)| pos + len + i);
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.push_str(&text[start..end]);
    if end < text.len() {
        s.push('…');
    }
    s
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "there", "their", "they", "we", "you", "he", "she", "his", "her", "has", "have",
    "had", "not", "no", "so", "if", "than", "then", "will", "would", "could", "can", "do", "does",
    "did", "said", "says",
];

/// Content words of a claim's text and quote, lower-cased.
pub fn words(claim: &Claim) -> BTreeSet<String> {
    format!("{} {}", claim.claim, claim.quote)
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 1 && !STOPWORDS.contains(&w.as_str()))
        .collect()
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
    let tw = words(target);
    let mut out: Vec<(f64, &Claim)> = claims
        .iter()
        .filter(|c| c.id != target.id)
        .map(|c| (similarity(&tw, &words(c)), c))
        .filter(|(s, _)| *s >= min)
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
    fn search_is_case_insensitive_and_names_the_field() {
        let c = claim("a", "Shells were used", "Some were used by the Russians");
        assert_eq!(find(&c, "RUSSIANS").unwrap().field, "quote");
        assert_eq!(find(&c, "sipri").unwrap().snippet, "Check the SIPRI data.");
        assert!(find(&c, "drone").is_none());
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
    }
}

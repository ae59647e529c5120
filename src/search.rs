//! Finding claims: ranked word search over what editors wrote and quoted
//! (`query`), and "has this been checked before?" similarity between a claim,
//! or any text, and the desk's claims.

pub mod index;
mod query;
pub mod rows;
pub mod words;

pub use query::{doc, Doc, EmptyQuery, Excerpt, Hit, Query, FIELDS};
pub use words::Stems;

use crate::model::Claim;
use std::collections::BTreeSet;

/// Finds `q` in `claim`: every word (by stem) and phrase, in any field.
pub fn find(claim: &Claim, q: &Query, stems: &Stems) -> Option<Hit> {
    query::find(&query::doc(claim), q, stems)
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

/// What similarity compares of a claim: the content words of its text
/// (`own`) and those its quote adds (`more`, none of them in `own`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Words<S> {
    pub own: Vec<S>,
    pub more: Vec<S>,
}

impl Words<String> {
    pub fn of(claim: &Claim, stems: &Stems) -> Words<String> {
        let own = text_words(&claim.claim, stems);
        let more = text_words(&claim.quote, stems)
            .into_iter()
            .filter(|w| !own.contains(w))
            .collect();
        Words {
            own: own.into_iter().collect(),
            more,
        }
    }
}

/// Jaccard similarity of two sets that share `inter` members, 0 to 1.
fn jaccard(inter: usize, a: usize, b: usize) -> f64 {
    let union = a + b - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// How alike the words `tw` are to a claim's: the better of their likeness
/// to its text alone and to its text and quote together.
pub fn likeness<S: AsRef<str>>(tw: &BTreeSet<String>, w: &Words<S>) -> f64 {
    let shared = |list: &[S]| list.iter().filter(|x| tw.contains(x.as_ref())).count();
    let (own, more) = (shared(&w.own), shared(&w.more));
    let alone = jaccard(own, tw.len(), w.own.len());
    alone.max(jaccard(own + more, tw.len(), w.own.len() + w.more.len()))
}

/// The content words of a claim's text and quote together.
pub fn all_words(claim: &Claim, stems: &Stems) -> BTreeSet<String> {
    let w = Words::of(claim, stems);
    w.own.into_iter().chain(w.more).collect()
}

/// Claims most like `target` (excluding itself), best first, at least `min` alike.
pub fn similar<'a>(
    claims: &'a [Claim],
    target: &Claim,
    min: f64,
    limit: usize,
) -> Vec<(f64, &'a Claim)> {
    let stems = Stems::default();
    let tw = all_words(target, &stems);
    let scored = claims
        .iter()
        .filter(|c| c.id != target.id)
        .map(|c| (likeness(&tw, &Words::of(c, &stems)), c));
    best(scored, |c| c.id.as_str(), min, limit)
}

/// Claims most like a text typed by an editor ("has this been checked
/// before?").
pub fn similar_to_text<'a>(
    claims: &'a [Claim],
    text: &str,
    min: f64,
    limit: usize,
) -> Vec<(f64, &'a Claim)> {
    let stems = Stems::default();
    let tw = text_words(text, &stems);
    let scored = claims
        .iter()
        .map(|c| (likeness(&tw, &Words::of(c, &stems)), c));
    best(scored, |c| c.id.as_str(), min, limit)
}

/// The `limit` best of `scored` at least `min` (and above 0) alike, best
/// first, ties by id.
pub fn best<'a, T>(
    scored: impl Iterator<Item = (f64, T)>,
    id: impl Fn(&T) -> &'a str,
    min: f64,
    limit: usize,
) -> Vec<(f64, T)> {
    let mut out: Vec<(f64, T)> = scored.filter(|(s, _)| *s >= min && *s > 0.0).collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| id(&a.1).cmp(id(&b.1))));
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

//! Ranked word search over a claim's text: every word of the query must
//! occur (any order, any field, any English inflection: "police cut" finds
//! "cuts to the police"), a "quoted phrase" must occur word for word, and
//! claims rank by where the words sit (claim text over quote over summary
//! over notes and evidence), how close together and how often.

use super::words::{tokens, Stems, Token};
use crate::model::Claim;

/// A parsed query: single words (matched by stem) and exact phrases.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub(super) words: Vec<Word>,
    pub(super) phrases: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word {
    pub(super) stem: String,
    pub(super) prefixes: Vec<String>,
}

/// A query with nothing to look for (empty, or punctuation only).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the search {0:?} has no word to look for")]
pub struct EmptyQuery(pub String);

impl Query {
    /// Parses `text`: words outside double quotes match in any order and
    /// inflection; words inside match as one exact phrase. A word holding
    /// punctuation (`U.S.`, `covid-19`) is a phrase of its parts. An
    /// unclosed quote runs to the end.
    pub fn parse(text: &str, stems: &Stems) -> Result<Query, EmptyQuery> {
        let folded = crate::transcript::normalize(text);
        let mut q = Query {
            words: Vec::new(),
            phrases: Vec::new(),
        };
        for (i, part) in folded.split('"').enumerate() {
            if i % 2 == 1 {
                q.push_phrase(tokens(part));
                continue;
            }
            for chunk in part.split_whitespace() {
                let t = tokens(chunk);
                if t.len() == 1 {
                    let stem = stems.stem(&t[0].lower);
                    let prefixes = Stems::prefixes(&stem);
                    q.words.push(Word { stem, prefixes });
                } else {
                    q.push_phrase(t);
                }
            }
        }
        if q.words.is_empty() && q.phrases.is_empty() {
            return Err(EmptyQuery(text.to_string()));
        }
        Ok(q)
    }

    fn push_phrase(&mut self, t: Vec<Token>) {
        if !t.is_empty() {
            self.phrases.push(t.into_iter().map(|t| t.lower).collect());
        }
    }

    fn parts(&self) -> usize {
        self.words.len() + self.phrases.len()
    }
}

/// A field of a claim with the query's words marked in it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Excerpt {
    /// Which field: claim, quote, summary, notes, tags, evidence title, evidence note.
    pub field: &'static str,
    /// The field's text (whitespace, quote marks and dashes folded), cut
    /// around the matches with `…` when it is long.
    pub text: String,
    /// Byte ranges of the matched words in `text`.
    pub marks: Vec<[usize; 2]>,
}

/// A claim the query found: its rank and where the words are.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub score: f64,
    /// The fields holding matches, best first.
    pub excerpts: Vec<Excerpt>,
}

/// The searchable fields, with their weight in the ranking.
pub const FIELDS: &[(&str, f64)] = &[
    ("claim", 3.0),
    ("quote", 2.0),
    ("summary", 1.5),
    ("tags", 1.5),
    ("notes", 1.0),
    ("evidence title", 1.0),
    ("evidence note", 0.8),
];

/// What search reads of a claim: its searchable texts, each with the
/// index of its field in [`FIELDS`].
pub type Doc<'a> = Vec<(usize, std::borrow::Cow<'a, str>)>;

/// The searchable texts of a claim, in [`FIELDS`] order.
pub fn doc(c: &Claim) -> Doc<'_> {
    let mut f: Doc<'_> = vec![(0, c.claim.as_str().into()), (1, c.quote.as_str().into())];
    f.extend(c.summary.as_deref().map(|s| (2, s.into())));
    if !c.tags.is_empty() {
        f.push((3, c.tags.join(", ").into()));
    }
    f.extend(c.notes.as_deref().map(|s| (4, s.into())));
    for e in &c.evidence {
        f.push((5, e.title.as_str().into()));
        f.extend(e.note.as_deref().map(|n| (6, n.into())));
    }
    f
}

/// What one field holds of the query.
struct FieldMatch {
    field: &'static str,
    weight: f64,
    text: String,
    /// Per query part (words, then phrases): the token ranges matching it.
    found: Vec<Vec<(usize, usize)>>,
    tokens: usize,
}

impl FieldMatch {
    fn parts(&self) -> usize {
        self.found.iter().filter(|f| !f.is_empty()).count()
    }
}

fn match_field(
    q: &Query,
    stems: &Stems,
    field: &'static str,
    weight: f64,
    raw: &str,
) -> Option<FieldMatch> {
    let lower = raw.to_lowercase();
    let maybe = q
        .words
        .iter()
        .any(|w| w.prefixes.iter().any(|p| lower.contains(p.as_str())))
        || q.phrases.iter().any(|p| lower.contains(p[0].as_str()));
    if !maybe {
        return None;
    }
    let text = crate::transcript::normalize(raw);
    let toks = tokens(&text);
    let mut found: Vec<Vec<(usize, usize)>> = vec![Vec::new(); q.parts()];
    for (i, t) in toks.iter().enumerate() {
        let mut stem = None;
        for (k, w) in q.words.iter().enumerate() {
            if w.prefixes.iter().any(|p| t.lower.starts_with(p.as_str()))
                && *stem.get_or_insert_with(|| stems.stem(&t.lower)) == w.stem
            {
                found[k].push((i, i));
            }
        }
        for (k, p) in q.phrases.iter().enumerate() {
            let end = i + p.len();
            if end <= toks.len() && toks[i..end].iter().zip(p).all(|(t, w)| t.lower == *w) {
                found[q.words.len() + k].push((i, end - 1));
            }
        }
    }
    let m = FieldMatch {
        field,
        weight,
        found,
        tokens: toks.len(),
        text,
    };
    (m.parts() > 0).then_some(m)
}

/// Whether the query's single words (the first `words` parts) follow each
/// other in order somewhere.
fn adjacent(starts: &[Vec<usize>], words: usize) -> bool {
    words > 1
        && starts[0]
            .iter()
            .any(|&start| (1..words).all(|k| starts[k].contains(&(start + k))))
}

/// What one field adds to a claim's rank: `starts[k]` holds the token
/// positions where part `k` of a query of `parts` parts (its `words` single
/// words first, then its phrases) starts in a field of `tokens` tokens. The
/// one ranking rule, for a field scanned ([`find`]) or looked up in the
/// index (`search::index`).
pub(super) fn field_score(
    parts: usize,
    words: usize,
    weight: f64,
    tokens: usize,
    starts: &[Vec<usize>],
) -> f64 {
    let w = weight / (1.0 + tokens as f64 / 200.0);
    let occurrences: usize = starts.iter().map(Vec::len).sum();
    let found = starts.iter().filter(|f| !f.is_empty()).count();
    let mut s = w * (found as f64 + 0.25 * (1.0 + occurrences as f64).ln());
    if parts > 1 && found == parts {
        s += w;
    }
    if adjacent(starts, words) {
        s += w;
    }
    s
}

fn score(q: &Query, m: &FieldMatch) -> f64 {
    let starts: Vec<Vec<usize>> = m
        .found
        .iter()
        .map(|f| f.iter().map(|&(start, _)| start).collect())
        .collect();
    field_score(q.parts(), q.words.len(), m.weight, m.tokens, &starts)
}

/// Finds `q` in a claim's [`doc`]: every word and phrase somewhere in its fields.
pub fn find(doc: &Doc<'_>, q: &Query, stems: &Stems) -> Option<Hit> {
    let mut matches: Vec<FieldMatch> = doc
        .iter()
        .filter_map(|(i, raw)| {
            let &(f, w) = FIELDS.get(*i)?;
            match_field(q, stems, f, w, raw)
        })
        .collect();
    let complete = (0..q.parts()).all(|k| matches.iter().any(|m| !m.found[k].is_empty()));
    if !complete {
        return None;
    }
    let score = matches.iter().map(|m| score(q, m)).sum();
    matches.sort_by(|a, b| {
        b.parts()
            .cmp(&a.parts())
            .then(b.weight.total_cmp(&a.weight))
    });
    let excerpts = matches.iter().map(excerpt).collect();
    Some(Hit { score, excerpts })
}

/// Longest field text shown whole; longer ones are cut around the matches.
const WHOLE: usize = 240;
/// Characters kept on each side of a match in a cut field.
const AROUND: usize = 60;
/// Most windows shown from one long field.
const WINDOWS: usize = 3;

fn excerpt(m: &FieldMatch) -> Excerpt {
    let toks = tokens(&m.text);
    let mut marks: Vec<[usize; 2]> = m
        .found
        .iter()
        .flatten()
        .map(|&(a, b)| [toks[a].start, toks[b].end])
        .collect();
    marks.sort_unstable();
    marks.dedup();
    if m.text.chars().count() <= WHOLE {
        return Excerpt {
            field: m.field,
            text: m.text.clone(),
            marks: merge(marks),
        };
    }
    cut(m.field, &m.text, &merge(marks))
}

/// Overlapping marks joined into one.
fn merge(marks: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    let mut out: Vec<[usize; 2]> = Vec::new();
    for m in marks {
        match out.last_mut() {
            Some(last) if m[0] <= last[1] => last[1] = last[1].max(m[1]),
            _ => out.push(m),
        }
    }
    out
}

/// The byte offset `n` characters before (`back`) or after `from`.
fn step(text: &str, from: usize, n: usize, back: bool) -> usize {
    if back {
        text[..from]
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i)
    } else {
        text[from..]
            .char_indices()
            .nth(n)
            .map_or(text.len(), |(i, _)| from + i)
    }
}

/// `at` moved forward to the start of a word (never past `limit`).
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    if at == 0 || text[..at].ends_with(' ') {
        return at;
    }
    text[at..limit].find(' ').map_or(at, |i| at + i + 1)
}

/// `at` moved back to the end of a word (never before `limit`).
fn word_end(text: &str, at: usize, limit: usize) -> usize {
    if at == text.len() || text[at..].starts_with(' ') {
        return at;
    }
    text[limit..at].rfind(' ').map_or(at, |i| limit + i)
}

/// Windows of a long text around its marks, joined with `…`.
fn cut(field: &'static str, text: &str, marks: &[[usize; 2]]) -> Excerpt {
    let mut windows: Vec<[usize; 2]> = Vec::new();
    for m in marks {
        let w = [
            word_start(text, step(text, m[0], AROUND, true), m[0]),
            word_end(text, step(text, m[1], AROUND, false), m[1]),
        ];
        let full = windows.len() == WINDOWS;
        match windows.last_mut() {
            // A gap of a few words is shown rather than cut.
            Some(last) if w[0] <= last[1] + 16 => last[1] = w[1],
            _ if full => break,
            _ => windows.push(w),
        }
    }
    let mut out = String::new();
    let mut shifted = Vec::new();
    for w in &windows {
        if !out.is_empty() {
            out.push_str(" … ");
        } else if w[0] > 0 {
            out.push('…');
        }
        let base = out.len();
        out.push_str(&text[w[0]..w[1]]);
        for m in marks.iter().filter(|m| m[0] >= w[0] && m[1] <= w[1]) {
            shifted.push([base + m[0] - w[0], base + m[1] - w[0]]);
        }
    }
    if windows.last().is_some_and(|w| w[1] < text.len()) {
        out.push('…');
    }
    Excerpt {
        field,
        text: out,
        marks: shifted,
    }
}

#[cfg(test)]
mod tests;

//! A query against the index ([`super`]): the dictionary read once, the
//! posting lists of the query's words only, then every claim holding every
//! part of the query ranked as [`crate::search::find`] ranks it.

use super::Reader;
use crate::search::query::{field_score, Query, FIELDS};
use crate::search::Stems;
use crate::store::rows::{Gathered, Piece};
use std::collections::HashSet;

/// One occurrence of a query part: claim, slot, the field's kind and
/// number of tokens, position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Occ {
    claim: u32,
    slot: u32,
    kind: u32,
    tokens: u32,
    pos: u32,
}

/// Where a word's posting list sits among the posting lists.
type Span = (usize, usize);

/// Every claim (by its number in the load's id order) holding every word and
/// phrase of `q`, with its rank, in claim order; `None` when the index
/// cannot be read (damaged). A claim's rank depends on its own fields
/// only, so each piece of the index (`store::rows::Gathered`) ranks its
/// claims alone, and a claim changed since a piece was gathered is taken
/// from the piece that stands for it now.
pub fn find_all(g: &Gathered, q: &Query, stems: &Stems) -> Option<Vec<(usize, f64)>> {
    let mut out = Vec::new();
    for piece in g.pieces() {
        for (n, rank) in find_in(piece, q, stems)? {
            if let Some(at) = piece.place(n) {
                out.push((at, rank));
            }
        }
    }
    out.sort_by_key(|(at, _)| *at);
    Some(out)
}

/// [`find_all`] in one piece, its claims by their numbers in it.
fn find_in(g: &Piece, q: &Query, stems: &Stems) -> Option<Vec<(usize, f64)>> {
    let len = u64::from_le_bytes(g.read(0, 8)?.as_ref().try_into().ok()?);
    let dict_len = usize::try_from(len).ok()?;
    let base = 8usize.checked_add(dict_len)?;
    let dict = g.read(8, dict_len)?;
    let (words, phrases) = spans(&dict, q, stems)?;
    let mut parts: Vec<Vec<Occ>> = Vec::with_capacity(words.len() + phrases.len());
    for spans in &words {
        let mut occ = Vec::new();
        for s in spans {
            decode(g, base, *s, &mut occ)?;
        }
        occ.sort_unstable_by_key(|o| (o.claim, o.slot, o.pos));
        parts.push(occ);
    }
    for phrase in &phrases {
        let Some(spans) = phrase.iter().copied().collect::<Option<Vec<Span>>>() else {
            return Some(Vec::new());
        };
        parts.push(phrase_occ(g, base, &spans)?);
    }
    if parts.iter().any(Vec::is_empty) {
        return Some(Vec::new());
    }
    rank(&parts, q.words.len())
}

/// The posting lists of each query word (every dictionary word with the
/// word's stem) and of each phrase's words (exact; `None` for one not in
/// the dictionary).
#[allow(clippy::type_complexity)]
fn spans(
    dict: &[u8],
    q: &Query,
    stems: &Stems,
) -> Option<(Vec<Vec<Span>>, Vec<Vec<Option<Span>>>)> {
    let mut words: Vec<Vec<Span>> = vec![Vec::new(); q.words.len()];
    let mut phrases: Vec<Vec<Option<Span>>> =
        q.phrases.iter().map(|p| vec![None; p.len()]).collect();
    let mut r = Reader::new(dict);
    let mut at = 0usize;
    while !r.done() {
        let n = usize::try_from(r.next()?).ok()?;
        let word = std::str::from_utf8(r.bytes(n)?).ok()?;
        let len = usize::try_from(r.next()?).ok()?;
        let span = (at, len);
        at = at.checked_add(len)?;
        let mut stem = None;
        for (k, w) in q.words.iter().enumerate() {
            if w.prefixes.iter().any(|p| word.starts_with(p.as_str()))
                && *stem.get_or_insert_with(|| stems.stem(word)) == w.stem
            {
                words[k].push(span);
            }
        }
        for (k, p) in q.phrases.iter().enumerate() {
            for (j, t) in p.iter().enumerate() {
                if t == word {
                    phrases[k][j] = Some(span);
                }
            }
        }
    }
    Some((words, phrases))
}

/// Appends every occurrence in the posting list at `span`.
fn decode(g: &Piece, base: usize, span: Span, out: &mut Vec<Occ>) -> Option<()> {
    let bytes = g.read(base.checked_add(span.0)?, span.1)?;
    let mut r = Reader::new(&bytes);
    let mut claim = 0u32;
    while !r.done() {
        claim = claim.checked_add(r.num()?)?;
        for _ in 0..r.num()? {
            let sk = r.num()?;
            let (slot, kind) = (sk / 8, sk % 8);
            let tokens = r.num()?;
            let mut pos = 0u32;
            for _ in 0..r.num()? {
                pos = pos.checked_add(r.num()?)?;
                out.push(Occ {
                    claim,
                    slot,
                    kind,
                    tokens,
                    pos,
                });
            }
        }
    }
    Some(())
}

/// Where a phrase starts: its first word, each next word one position on.
fn phrase_occ(g: &Piece, base: usize, spans: &[Span]) -> Option<Vec<Occ>> {
    let mut first = Vec::new();
    decode(g, base, spans[0], &mut first)?;
    for (j, s) in spans.iter().enumerate().skip(1) {
        let mut next = Vec::new();
        decode(g, base, *s, &mut next)?;
        let at: HashSet<(u32, u32, u32)> = next.iter().map(|o| (o.claim, o.slot, o.pos)).collect();
        let j = j as u32;
        first.retain(|o| at.contains(&(o.claim, o.slot, o.pos + j)));
    }
    first.sort_unstable_by_key(|o| (o.claim, o.slot, o.pos));
    Some(first)
}

/// Every claim present in all `parts` (each sorted by claim, slot,
/// position), ranked field by field in slot order.
fn rank(parts: &[Vec<Occ>], words: usize) -> Option<Vec<(usize, f64)>> {
    let mut at = vec![0usize; parts.len()];
    let mut out = Vec::new();
    loop {
        let target = parts
            .iter()
            .zip(&at)
            .map(|(p, &i)| p.get(i).map(|o| o.claim))
            .collect::<Option<Vec<u32>>>()?
            .into_iter()
            .max()?;
        let mut all = true;
        let mut slices = Vec::with_capacity(parts.len());
        for (p, i) in parts.iter().zip(at.iter_mut()) {
            while p.get(*i).is_some_and(|o| o.claim < target) {
                *i += 1;
            }
            let start = *i;
            while p.get(*i).is_some_and(|o| o.claim == target) {
                *i += 1;
            }
            all &= *i > start;
            slices.push(&p[start..*i]);
        }
        if all {
            out.push((target as usize, claim_score(&slices, words)?));
        }
        if parts.iter().zip(&at).any(|(p, &i)| i >= p.len()) {
            return Some(out);
        }
    }
}

/// One claim's rank: the sum of its matching fields' ranks, in slot order.
fn claim_score(slices: &[&[Occ]], words: usize) -> Option<f64> {
    let mut slots: Vec<(u32, u32, u32)> = slices
        .iter()
        .flat_map(|s| s.iter().map(|o| (o.slot, o.kind, o.tokens)))
        .collect();
    slots.sort_unstable();
    slots.dedup_by_key(|s| s.0);
    let mut scores = Vec::with_capacity(slots.len());
    for (slot, kind, tokens) in slots {
        let &(_, weight) = FIELDS.get(kind as usize)?;
        let starts: Vec<Vec<usize>> = slices
            .iter()
            .map(|s| {
                s.iter()
                    .filter(|o| o.slot == slot)
                    .map(|o| o.pos as usize)
                    .collect()
            })
            .collect();
        scores.push(field_score(
            slices.len(),
            words,
            weight,
            tokens as usize,
            &starts,
        ));
    }
    Some(scores.into_iter().sum())
}

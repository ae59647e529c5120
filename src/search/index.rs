//! search's inverted index of the whole desk: for every word (the lower-case
//! form of a token, as [`super::words::tokens`] cuts it), where it occurs —
//! which claims, which of their searchable fields, at which token positions,
//! with each field's kind and length. It is the `gather` of the
//! [`super::rows::SEARCH`] projection, so the desk's one cache keeps it under
//! the desk's stamp (`store::snapshot`) and a query reads only the dictionary
//! and the posting lists of its own words ([`lookup`]); what it ranks is what
//! [`super::find`] ranks field by field, computed from the positions.
//!
//! A hand format rather than a search library (tantivy): ranking must stay
//! byte-for-byte what `search` printed (our field weights, proximity and
//! stemming rules, not BM25), the index has to live inside the existing
//! snapshot under the existing invalidation rule, and a library would bring a
//! second on-disk store with its own. The format is little: an 8-byte
//! little-endian length of the dictionary, the dictionary (for each word in
//! byte order: its length, its bytes, the length of its posting list), then
//! the posting lists one after the other. A posting list holds, claim by
//! claim in load order, the claim's number as the gap from the previous one,
//! then how many fields hold the word, and for each: the field's slot in the
//! claim's searchable texts and its kind (`slot * 8 + kind`), its number of
//! tokens, how many times the word occurs, and the positions as gaps.
//! Numbers are LEB128 varints.

pub mod lookup;

use super::rows::fields_of;
use crate::store::rows::Rows;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Claims indexed per task of the parallel build.
const CHUNK: usize = 2048;

pub(super) fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads varints and byte strings in order; `None` at a damaged spot.
pub(super) struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, at: 0 }
    }

    pub(super) fn done(&self) -> bool {
        self.at >= self.b.len()
    }

    pub(super) fn next(&mut self) -> Option<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let byte = *self.b.get(self.at)?;
            self.at += 1;
            if shift > 63 {
                return None;
            }
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    }

    pub(super) fn num(&mut self) -> Option<u32> {
        self.next().and_then(|v| u32::try_from(v).ok())
    }

    pub(super) fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
}

/// One word's postings within a chunk of claims: the first and last claim
/// holding it, and the list from the first claim's fields on (the first
/// claim's gap is written when chunks are joined).
struct Run {
    first: u32,
    last: u32,
    bytes: Vec<u8>,
}

/// The index of every claim's [`super::rows::SEARCH`] row (`repair` gives
/// the row again for a row that cannot be read). Words of a claim whose row
/// cannot be had are missing, which only a damaged desk file can cause.
pub fn build(rows: &Rows, repair: &(dyn Fn(usize) -> Option<String> + Sync)) -> Vec<u8> {
    let n = rows.len();
    let starts: Vec<usize> = (0..n).step_by(CHUNK).collect();
    let chunks: Vec<HashMap<String, Run>> = starts
        .par_iter()
        .map(|&s| chunk(rows, repair, s, (s + CHUNK).min(n)))
        .collect();
    let mut words: BTreeMap<String, Vec<Run>> = BTreeMap::new();
    for c in chunks {
        for (w, run) in c {
            words.entry(w).or_default().push(run);
        }
    }
    let mut dict = Vec::new();
    let mut postings = Vec::new();
    for (w, runs) in words {
        let start = postings.len();
        let mut prev = 0u32;
        for r in runs {
            put(&mut postings, u64::from(r.first - prev));
            postings.extend_from_slice(&r.bytes);
            prev = r.last;
        }
        put(&mut dict, w.len() as u64);
        dict.extend_from_slice(w.as_bytes());
        put(&mut dict, (postings.len() - start) as u64);
    }
    let mut out = Vec::with_capacity(8 + dict.len() + postings.len());
    out.extend_from_slice(&(dict.len() as u64).to_le_bytes());
    out.extend_from_slice(&dict);
    out.extend_from_slice(&postings);
    out
}

fn chunk(
    rows: &Rows,
    repair: &(dyn Fn(usize) -> Option<String> + Sync),
    start: usize,
    end: usize,
) -> HashMap<String, Run> {
    let mut runs: HashMap<String, Run> = HashMap::new();
    let mut slots: Vec<(u32, u32)> = Vec::new();
    let mut entry = Vec::new();
    for c in start..end {
        let repaired;
        let fields = match fields_of(rows.get(c)) {
            Some(f) => f,
            None => {
                repaired = repair(c);
                match repaired.as_deref().and_then(fields_of) {
                    Some(f) => f,
                    None => continue,
                }
            }
        };
        let mut occ: Vec<(&str, u32, u32)> = Vec::new();
        slots.clear();
        for (slot, (kind, words)) in fields.iter().enumerate() {
            slots.push((*kind as u32, words.len() as u32));
            for (pos, w) in words.iter().enumerate() {
                occ.push((w, slot as u32, pos as u32));
            }
        }
        occ.sort_unstable();
        for group in occ.chunk_by(|a, b| a.0 == b.0) {
            entry.clear();
            encode(&mut entry, group, &slots);
            let claim = c as u32;
            match runs.get_mut(group[0].0) {
                Some(r) => {
                    put(&mut r.bytes, u64::from(claim - r.last));
                    r.bytes.extend_from_slice(&entry);
                    r.last = claim;
                }
                None => {
                    let run = Run {
                        first: claim,
                        last: claim,
                        bytes: entry.clone(),
                    };
                    runs.insert(group[0].0.to_string(), run);
                }
            }
        }
    }
    runs
}

/// One claim's entry for one word: `group` is every (word, slot, position)
/// of that word, sorted.
fn encode(out: &mut Vec<u8>, group: &[(&str, u32, u32)], slots: &[(u32, u32)]) {
    let fields = group.chunk_by(|a, b| a.1 == b.1).count();
    put(out, fields as u64);
    for field in group.chunk_by(|a, b| a.1 == b.1) {
        let slot = field[0].1;
        let (kind, tokens) = slots[slot as usize];
        put(out, u64::from(slot) * 8 + u64::from(kind));
        put(out, u64::from(tokens));
        put(out, field.len() as u64);
        let mut prev = 0;
        for &(_, _, pos) in field {
            put(out, u64::from(pos - prev));
            prev = pos;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::workflow::tests::claim;
    use crate::model::Claim;
    use crate::search::{find, Query, Stems};
    use crate::store::rows::Gathered;

    fn claims() -> Vec<Claim> {
        let texts = [
            (
                "Police cuts hit 12 towns",
                "We cut police in twelve towns",
                Some("Cutting police; the police budget."),
            ),
            (
                "Les résolutions de l’ONU",
                "Überweisungen — Η ανεργία",
                None,
            ),
            (
                "The region exports more wine",
                "Our region exports more wine than any other.",
                Some("more wine, more wine"),
            ),
            ("Nothing here", "", None),
            (
                "U.S. police policing",
                "the the the",
                Some("Police cut police cut police."),
            ),
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, (t, q, n))| {
                let mut c = claim();
                c.id = crate::model::ClaimId::new(format!("c{i}")).unwrap();
                c.claim = t.to_string();
                c.quote = q.to_string();
                c.notes = n.map(str::to_string);
                c.tags = if i % 2 == 0 {
                    vec!["police".into(), "north-korea".into()]
                } else {
                    vec![]
                };
                c
            })
            .collect()
    }

    #[test]
    fn the_index_finds_and_ranks_what_a_scan_of_every_claim_finds() {
        let all = claims();
        let rows = Rows::fresh(
            all.iter().map(|c| c.id.to_string()).collect(),
            all.iter()
                .map(|c| (crate::search::rows::SEARCH.project)(c))
                .collect(),
        );
        let g = Gathered::built(build(&rows, &|_| None));
        let stems = Stems::default();
        for text in [
            "police",
            "cut",
            "police cut",
            "cut police",
            "\"police cut\"",
            "\"cut police\"",
            "\"more wine\"",
            "wine more",
            "résolutions",
            "ονυ",
            "ανεργία",
            "u.s.",
            "north-korea",
            "the",
            "\"the the\"",
            "zzz",
            "12 towns",
            "policing cuts",
        ] {
            let q = Query::parse(text, &stems).unwrap();
            let scanned: Vec<(usize, f64)> = all
                .iter()
                .enumerate()
                .filter_map(|(i, c)| find(c, &q, &stems).map(|h| (i, h.score)))
                .collect();
            let looked_up = lookup::find_all(&g, &q, &stems).unwrap();
            assert_eq!(looked_up, scanned, "{text}");
        }
        assert!(lookup::find_all(
            &Gathered::built(vec![1, 2, 3]),
            &Query::parse("x", &stems).unwrap(),
            &stems
        )
        .is_none());
    }
}

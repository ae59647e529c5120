//! Feature extraction for check-worthiness: turns a transcript's sentences
//! into sparse vectors of dense cues (figures, dates, names, comparisons,
//! attributions, questions, length, speaker role, neighbouring sentences) and
//! hashed word uni- and bigrams. Pure and deterministic: the hash is FNV-1a,
//! never a randomly seeded one.

use super::lexicon::*;
use crate::transcript::Sentence;

/// Bits of the hashed n-gram space.
pub const HASH_BITS: u32 = 18;

/// Names of the dense features, in index order (the hashed buckets follow).
pub const DENSE_NAMES: &[&str] = &[
    "bias",
    "has_number",
    "number_count",
    "percent",
    "year",
    "money",
    "magnitude_word",
    "number_word",
    "capitalised_inner",
    "capitalised_share",
    "comparative",
    "superlative",
    "record_word",
    "attribution_verb",
    "question",
    "exclamation",
    "log_length",
    "short_lt5",
    "short_lt10",
    "long_gt30",
    "reaction",
    "speaker_question_rate",
    "speaker_share",
    "first_person",
    "second_person",
    "future_modal",
    "opinion_verb",
    "past_tense",
    "negation",
    "first_in_turn",
    "turn_log_length",
    "prev_has_number",
    "next_has_number",
    "prev_question_other",
    "next_question",
    "greeting_thanks",
    "hedge",
];

/// Number of dense features.
pub const DENSE: usize = DENSE_NAMES.len();

/// Total length of a weight vector: dense features then hashed buckets.
pub const DIMENSION: usize = DENSE + (1 << HASH_BITS);

/// A sparse feature vector: (index, value) pairs.
pub type Features = Vec<(u32, f32)>;

/// FNV-1a, 64 bits, over the bytes of every part in turn.
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn bucket(parts: &[&str]) -> u32 {
    (DENSE as u64 + (fnv1a(parts) & ((1 << HASH_BITS) - 1))) as u32
}

/// What one sentence says on its own, before context is added.
#[derive(Debug, Clone)]
struct Local {
    /// Normalised tokens: lower case, figures replaced by `<num>`/`<year>`.
    tokens: Vec<String>,
    numbers: usize,
    has_year: bool,
    question: bool,
    dense: [f32; DENSE],
}

fn contains(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Splits text into word tokens: letters, digits and inner apostrophes,
/// hyphens, and the dots and commas inside figures ("8,000", "3.5").
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut start: Option<usize> = None;
    for (k, &(pos, c)) in bytes.iter().enumerate() {
        let inner = |set: &str| {
            set.contains(c)
                && start.is_some()
                && bytes.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
        };
        let keep = c.is_alphanumeric()
            || c == '%'
            || inner("'’-")
            || (inner(".,")
                && k > 0
                && bytes[k - 1].1.is_ascii_digit()
                && bytes.get(k + 1).is_some_and(|&(_, n)| n.is_ascii_digit()));
        if keep && c != '%' {
            start.get_or_insert(pos);
        } else {
            if let Some(s) = start.take() {
                out.push(&text[s..pos]);
            }
            if c == '%' {
                out.push(&text[pos..pos + 1]);
            }
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn is_number(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
}

fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
}

fn local(sentence: &Sentence) -> Local {
    let text = sentence.text.as_str();
    let raw = words(text);
    let mut l = Local {
        tokens: Vec::new(),
        numbers: 0,
        has_year: false,
        question: false,
        dense: [0.0; DENSE],
    };
    let d = &mut l.dense;
    let (mut caps, mut cmp, mut sup, mut attr, mut rec) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut first, mut second, mut fut, mut opi, mut past, mut neg, mut greet, mut hedge) = (
        0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize,
    );
    let (mut money, mut magnitude, mut numword, mut percent) = (false, false, false, false);
    for (i, w) in raw.iter().enumerate() {
        let lower = w.to_lowercase().replace('’', "'");
        if is_number(w) {
            l.numbers += 1;
            if is_year(w) {
                l.has_year = true;
                l.tokens.push("<year>".into());
            } else {
                l.tokens.push("<num>".into());
            }
            continue;
        }
        let lw = lower.as_str();
        if i > 0 && w.starts_with(|c: char| c.is_uppercase()) && lw != "i" && !lw.starts_with("i'")
        {
            caps += 1;
        }
        percent |= lw == "%" || lw == "percent" || lw == "per" || lw == "percentage";
        money |= contains(MONEY, lw);
        magnitude |= contains(MAGNITUDE, lw);
        numword |= contains(NUMBER_WORDS, lw);
        cmp += usize::from(
            contains(COMPARATIVE_WORDS, lw)
                || (lw.len() > 4
                    && lw.ends_with("er")
                    && raw
                        .get(i + 1)
                        .is_some_and(|n| n.eq_ignore_ascii_case("than"))),
        );
        sup +=
            usize::from(contains(SUPERLATIVE_WORDS, lw) || (lw.len() > 5 && lw.ends_with("est")));
        rec += usize::from(contains(RECORD, lw));
        attr += usize::from(contains(ATTRIBUTION, lw));
        first += usize::from(contains(FIRST_PERSON, lw));
        second += usize::from(contains(SECOND_PERSON, lw));
        fut += usize::from(contains(FUTURE, lw));
        opi += usize::from(contains(OPINION, lw));
        past += usize::from(lw.len() > 4 && lw.ends_with("ed"));
        neg += usize::from(contains(NEGATION, lw) || lw.ends_with("n't"));
        greet += usize::from(contains(GREETING, lw));
        hedge += usize::from(contains(HEDGE, lw));
        l.tokens.push(lower);
    }
    let n = raw.len().max(1) as f32;
    let trimmed = text.trim_end_matches(|c: char| "\"'”’»)]".contains(c) || c.is_whitespace());
    l.question = trimmed.ends_with('?');
    let reaction = sentence.speaker.as_deref() == Some("SYSTEM")
        || (text.starts_with(['(', '[']) && text.trim_end().ends_with([')', ']']));
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let ln = |x: usize| (1.0 + x as f32).ln();
    d[0] = 1.0;
    d[1] = b(l.numbers > 0);
    d[2] = ln(l.numbers);
    d[3] = b(percent);
    d[4] = b(l.has_year);
    d[5] = b(money || text.contains(['$', '€', '£']));
    d[6] = b(magnitude);
    d[7] = b(numword);
    d[8] = ln(caps);
    d[9] = caps as f32 / n;
    d[10] = ln(cmp);
    d[11] = ln(sup);
    d[12] = ln(rec);
    d[13] = ln(attr);
    d[14] = b(l.question);
    d[15] = b(trimmed.ends_with('!'));
    d[16] = ln(raw.len()) / 4.0;
    d[17] = b(raw.len() < 5);
    d[18] = b(raw.len() < 10);
    d[19] = b(raw.len() > 30);
    d[20] = b(reaction);
    // 21..=22: speaker statistics, filled in with context.
    d[23] = first as f32 / n;
    d[24] = second as f32 / n;
    d[25] = ln(fut);
    d[26] = ln(opi);
    d[27] = ln(past);
    d[28] = ln(neg);
    // 29..=34: context.
    d[35] = b(greet > 0);
    d[36] = ln(hedge);
    l
}

/// Features of every sentence of a transcript, in order. Context (speaker
/// statistics, turns, neighbours) comes from the slice itself, so the same
/// sentence may score differently in another transcript.
pub fn featurize(sentences: &[Sentence]) -> Vec<Features> {
    let locals: Vec<Local> = sentences.iter().map(local).collect();
    // Per speaker: (sentences, questions).
    let mut stats: Vec<(Option<&str>, usize, usize)> = Vec::new();
    for (s, l) in sentences.iter().zip(&locals) {
        let key = s.speaker.as_deref();
        match stats.iter_mut().find(|e| e.0 == key) {
            Some(e) => {
                e.1 += 1;
                e.2 += usize::from(l.question);
            }
            None => stats.push((key, 1, usize::from(l.question))),
        }
    }
    // Turns: runs of consecutive sentences by the same speaker.
    let mut turn_start = vec![0usize; sentences.len()];
    let mut turn_len = vec![0usize; sentences.len()];
    let mut i = 0;
    while i < sentences.len() {
        let mut j = i + 1;
        while j < sentences.len() && sentences[j].speaker == sentences[i].speaker {
            j += 1;
        }
        for k in i..j {
            turn_start[k] = i;
            turn_len[k] = j - i;
        }
        i = j;
    }
    let total = sentences.len().max(1) as f32;
    let mut out = Vec::with_capacity(sentences.len());
    for (k, (s, l)) in sentences.iter().zip(&locals).enumerate() {
        let mut d = l.dense;
        let key = s.speaker.as_deref();
        if let Some(e) = stats.iter().find(|e| e.0 == key) {
            d[21] = e.2 as f32 / e.1 as f32;
            d[22] = e.1 as f32 / total;
        }
        let prev = k.checked_sub(1).map(|p| (&sentences[p], &locals[p]));
        let next = sentences.get(k + 1).map(|n| (n, &locals[k + 1]));
        d[29] = if turn_start[k] == k { 1.0 } else { 0.0 };
        d[30] = (1.0 + turn_len[k] as f32).ln() / 3.0;
        d[31] = if prev.is_some_and(|p| p.1.numbers > 0) {
            1.0
        } else {
            0.0
        };
        d[32] = if next.is_some_and(|n| n.1.numbers > 0) {
            1.0
        } else {
            0.0
        };
        d[33] = if prev.is_some_and(|p| p.1.question && p.0.speaker != s.speaker) {
            1.0
        } else {
            0.0
        };
        d[34] = if next.is_some_and(|n| n.1.question) {
            1.0
        } else {
            0.0
        };
        let mut f: Features = Vec::with_capacity(DENSE + 2 * l.tokens.len() + 2);
        for (idx, v) in d.iter().enumerate() {
            if *v != 0.0 {
                f.push((idx as u32, *v));
            }
        }
        ngrams(&l.tokens, &mut f);
        out.push(f);
    }
    out
}

/// Hashed unigrams and bigrams (with sentence-start and -end markers), each
/// scaled so a sentence's n-gram part has unit length.
fn ngrams(tokens: &[String], f: &mut Features) {
    let first = f.len();
    for t in tokens {
        f.push((bucket(&["u", t]), 1.0));
    }
    let mut prev = "<s>";
    for t in tokens
        .iter()
        .map(String::as_str)
        .chain(std::iter::once("</s>"))
    {
        f.push((bucket(&["b", prev, t]), 1.0));
        prev = t;
    }
    let n = (f.len() - first) as f32;
    let scale = 1.0 / n.sqrt();
    for e in &mut f[first..] {
        e.1 = scale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_figures_and_words() {
        assert_eq!(
            words("It cost $8,000 (3.5%) in 2019, didn't it?"),
            vec!["It", "cost", "8,000", "3.5", "%", "in", "2019", "didn't", "it"]
        );
    }

    #[test]
    fn fnv_is_fixed() {
        assert_eq!(fnv1a(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&["a"]), 0xaf63_dc4c_8601_ec8c);
    }
}

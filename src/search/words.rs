//! Words as search sees them: runs of letters and digits in text whose
//! whitespace, quote marks and dashes were folded (`transcript::normalize`),
//! lower-cased, with their English stems (Snowball's Porter2, from the
//! `rust-stemmers` crate: the same stemmer search engines such as tantivy
//! use, so "cuts", "cutting" and "cut" are one word to a search).

use rust_stemmers::{Algorithm, Stemmer};

/// One word of a text: its byte range and its lower-case form.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub lower: String,
}

/// The words of `text`, in order, with byte ranges into `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(token(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(token(text, s, text.len()));
    }
    out
}

fn token(text: &str, start: usize, end: usize) -> Token {
    Token {
        start,
        end,
        lower: text[start..end].to_lowercase(),
    }
}

/// English stems of lower-case words.
pub struct Stems(Stemmer);

impl Default for Stems {
    fn default() -> Self {
        Stems(Stemmer::create(Algorithm::English))
    }
}

impl Stems {
    /// The stem of a lower-case word.
    pub fn stem(&self, lower: &str) -> String {
        self.0.stem(lower).into_owned()
    }

    /// Lower-case beginnings that every word with `stem` as its stem starts
    /// with: the stem less its last letter (Porter2 may turn a final `y`
    /// into `i` or add an `e`), and for `…ie` stems the `…y` of dying, lying,
    /// tying. A cheap test before tokenizing a field.
    pub fn prefixes(stem: &str) -> Vec<String> {
        let mut chars: Vec<char> = stem.chars().collect();
        if chars.len() > 1 {
            chars.pop();
        }
        let mut out = vec![chars.iter().collect::<String>()];
        if let Some(base) = stem.strip_suffix("ie") {
            out.push(format!("{base}y"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_letter_and_digit_runs_with_byte_ranges() {
        let t = tokens("Police budget: cut 12% — élan, U.S.");
        let words: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(words, ["police", "budget", "cut", "12", "élan", "u", "s"]);
        assert_eq!(
            &"Police budget: cut 12% — élan, U.S."[t[4].start..t[4].end],
            "élan"
        );
    }

    #[test]
    fn every_inflection_starts_with_a_prefix_of_its_stem() {
        let s = Stems::default();
        for w in [
            "hoping", "happy", "dying", "lying", "skies", "cuts", "policing", "supplied", "ugly",
            "news", "a", "1718",
        ] {
            let stem = s.stem(w);
            assert!(
                Stems::prefixes(&stem)
                    .iter()
                    .any(|p| w.starts_with(p.as_str())),
                "{w} -> {stem}"
            );
        }
        assert_eq!(s.stem("cutting"), s.stem("cuts"));
    }
}

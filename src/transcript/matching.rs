//! Finding a quote verbatim in a transcript. Matching tolerates differences of
//! whitespace, straight or curly quotation marks and dashes, and nothing else:
//! case, spelling and punctuation must be as spoken.

use super::Transcript;

/// Maps one character to its matching form; whitespace is handled by the caller.
fn fold(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '⁃' => '-',
        _ => c,
    }
}

/// The matching form of `s`: quotation marks and dashes folded, whitespace
/// runs collapsed to one space, trimmed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A run of ASCII that stays as it is (no whitespace but single
        // spaces between other bytes of the run, no backtick, which folds
        // to an apostrophe) is copied in one piece.
        let mut run = i;
        while run < b.len() {
            if plain_ascii(b[run]) {
                run += 1;
            } else if b[run] == b' ' && run > i && b.get(run + 1).is_some_and(|&c| plain_ascii(c)) {
                run += 2;
            } else {
                break;
            }
        }
        if run > i {
            if space {
                out.push(' ');
                space = false;
            }
            // `i` and `run` sit next to ASCII bytes: char boundaries.
            out.push_str(&s[i..run]);
            i = run;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(fold(c));
    }
    out
}

/// An ASCII byte [`normalize`] copies as it is: not whitespace, not a
/// backtick.
fn plain_ascii(c: u8) -> bool {
    c.is_ascii() && !matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'`')
}

/// Where a quote was found.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteMatch {
    pub segment: usize,
    /// Byte offset in the segment's text where the quote starts.
    pub offset: usize,
    /// File line where the quote starts.
    pub line: u32,
    /// Segment and byte offset just past the quote's last character.
    pub end_segment: usize,
    pub end_offset: usize,
    /// Time range of the cues or rows the quote spans (captions and timed tables).
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

/// The passage most like a quote that was not found.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    pub line: u32,
    pub text: String,
    /// Share of words in common, 0 to 1.
    pub similarity: f64,
}

/// A transcript flattened into one normalised string, with the way back from
/// each normalised byte to its segment and offset.
pub struct Haystack {
    text: String,
    /// For each char pushed to `text`: (byte offset in `text`, segment, offset in segment).
    map: Vec<(usize, usize, usize)>,
}

impl Haystack {
    pub fn new(t: &Transcript) -> Haystack {
        let mut text = String::new();
        let mut map = Vec::new();
        for (si, seg) in t.segments.iter().enumerate() {
            let mut space = !text.is_empty();
            for (off, c) in seg.text.char_indices() {
                if c.is_whitespace() {
                    space = !text.is_empty();
                    continue;
                }
                if space {
                    map.push((text.len(), si, off));
                    text.push(' ');
                    space = false;
                }
                map.push((text.len(), si, off));
                text.push(fold(c));
            }
        }
        Haystack { text, map }
    }

    fn locate(&self, byte: usize) -> (usize, usize) {
        let i = self.map.partition_point(|m| m.0 < byte);
        let m = self.map[i.min(self.map.len() - 1)];
        (m.1, m.2)
    }

    /// Every place the quote occurs.
    pub fn find(&self, t: &Transcript, quote: &str) -> Vec<QuoteMatch> {
        let needle = normalize(quote);
        if needle.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(pos) = self.text[from..].find(&needle) {
            let start = from + pos;
            let (seg, offset) = self.locate(start);
            let last = start + needle.len() - 1;
            let last = (0..=last)
                .rev()
                .find(|i| self.text.is_char_boundary(*i))
                .unwrap_or(start);
            let (end_seg, end_off) = self.locate(last);
            let end_offset = end_off
                + t.segments[end_seg].text[end_off..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
            out.push(QuoteMatch {
                segment: seg,
                offset,
                line: t.segments[seg].line_at(offset),
                end_segment: end_seg,
                end_offset,
                start_ms: t.segments[seg].start_ms,
                end_ms: t.segments[end_seg].end_ms,
            });
            from = start + needle[..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }
}

impl Transcript {
    /// Every place `quote` occurs, in order.
    pub fn find_quote(&self, quote: &str) -> Vec<QuoteMatch> {
        Haystack::new(self).find(self, quote)
    }

    /// The sentence (or run of up to three sentences) sharing the most words
    /// with `quote`.
    pub fn closest_passage(&self, quote: &str) -> Option<Closest> {
        let q = words(quote);
        if q.is_empty() {
            return None;
        }
        let sentences = self.sentences();
        let mut best: Option<Closest> = None;
        for i in 0..sentences.len() {
            for width in 1..=3 {
                let Some(window) = sentences.get(i..i + width) else {
                    break;
                };
                let text = window
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let w = words(&text);
                let common = q.iter().filter(|x| w.contains(x)).count();
                let similarity = 2.0 * common as f64 / (q.len() + w.len()) as f64;
                if best.as_ref().is_none_or(|b| similarity > b.similarity) {
                    best = Some(Closest {
                        line: window[0].line,
                        text,
                        similarity,
                    });
                }
            }
        }
        best
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TranscriptFormat;
    use crate::transcript::Roles;

    /// `normalize` as first written, one char at a time: the fast one must
    /// give the same string for every text.
    fn normalize_by_char(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(fold(c));
        }
        out
    }

    #[test]
    fn normalize_copies_ascii_runs_as_the_char_loop_did() {
        for s in [
            "",
            "   ",
            "plain words",
            "  lead and trail \t\n",
            "a\u{0b}b\u{0c}c\rd\u{1c}e\u{1f}f",
            "`tick` and ``double``",
            "It’s a “scarecrow” — really.",
            "non\u{a0}breaking\u{2009}thin\u{3000}ideographic\u{85}next",
            "مرحبا  بالعالم — «citation»",
            "e\u{301}  x\u{200b}y",
            "\u{7f}\u{0}ctl",
        ] {
            assert_eq!(normalize(s), normalize_by_char(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn normalize_agrees_with_the_char_loop(s in "(\\PC|[ \t\n\r\u{0b}\u{0c}`’—\u{a0}\u{2028}]){0,40}") {
            proptest::prop_assert_eq!(normalize(&s), normalize_by_char(&s));
        }
    }

    #[test]
    fn tolerates_only_whitespace_quotes_and_dashes() {
        let t = Transcript::parse(
            "A: It’s a “scarecrow” — really.\nB: Fine.\n",
            TranscriptFormat::Text,
            &Roles::default(),
        )
        .unwrap();
        assert_eq!(t.find_quote("It's a \"scarecrow\"  - really.").len(), 1);
        assert_eq!(
            t.find_quote("it's a \"scarecrow\"").len(),
            0,
            "case matters"
        );
        assert_eq!(
            t.find_quote("Its a scarecrow").len(),
            0,
            "punctuation matters"
        );
        assert_eq!(t.find_quote("Fine.")[0].line, 2);
    }

    #[test]
    fn closest_passage_points_at_the_nearest_sentence() {
        let t = Transcript::parse(
            "A: The sky is blue. Russia needs shells badly.\n",
            TranscriptFormat::Text,
            &Roles::default(),
        )
        .unwrap();
        let c = t.closest_passage("Russia needs shells").unwrap();
        assert_eq!(c.text, "Russia needs shells badly.");
    }
}

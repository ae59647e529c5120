//! Sentence splitting for transcript text: handles abbreviations, initials,
//! decimals and numbers, ellipses and closing quotation marks.

use std::ops::Range;

/// Lower-cased titles (without their final dot) that always precede a name:
/// a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "col", "lt", "maj", "sgt", "capt", "cpl",
    "adm", "gov", "sen", "sens", "rep", "reps", "pres", "rev", "fr", "hon", "st", "mt", "ft",
    "mme", "mlle", "m", "vs", "cf", "approx", "dept", "vol", "fig", "nos", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Lower-cased abbreviations that may also close a sentence ("in the U.S.
/// The…"): a period after them ends one only when the next word is a common
/// sentence opener. Dotted initials ("J.R.R.", "U.N.") are treated alike.
const AMBIGUOUS: &[&str] = &[
    "al", "inc", "ltd", "co", "corp", "jr", "sr", "e.g", "i.e", "a.m", "p.m", "ph.d",
];

/// Words that commonly open a sentence, lower-cased.
const OPENERS: &[&str] = &[
    "the", "a", "an", "it", "it's", "he", "she", "we", "we're", "they", "they're", "i", "i'm",
    "but", "and", "so", "this", "that", "that's", "these", "those", "there", "there's", "in", "on",
    "at", "if", "what", "why", "how", "when", "where", "who", "our", "my", "his", "her", "their",
    "its", "you", "yes", "no", "now", "then", "however", "also", "as", "after", "before", "for",
    "one", "all", "some", "many", "most", "today", "tonight", "let's", "let", "well", "still",
    "yet", "because", "since", "while",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']'];

/// Splits `text` into sentence byte ranges, trimmed of surrounding whitespace.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let is_end = match c {
            '?' | '!' => !next_is_lowercase(&chars, i + 1),
            '…' => next_starts_sentence(&chars, i + 1),
            '.' => {
                if chars.get(i + 1).is_some_and(|&(_, n)| n == '.') {
                    // An ellipsis "..." (or longer): skip to its end.
                    let mut j = i;
                    while chars.get(j + 1).is_some_and(|&(_, n)| n == '.') {
                        j += 1;
                    }
                    i = j;
                    next_starts_sentence(&chars, i + 1)
                } else {
                    period_ends_sentence(text, &chars, i)
                }
            }
            _ => false,
        };
        if is_end {
            // Keep repeated marks and closing quotes with the sentence.
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|&(_, n)| n == '?' || n == '!' || CLOSERS.contains(&n))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            let followed_by_space = chars.get(j).is_none_or(|&(_, n)| n.is_whitespace());
            if followed_by_space {
                push_trimmed(text, start..end, &mut out);
                start = end;
                i = j;
                continue;
            }
        }
        let _ = pos;
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// After an ellipsis: a new sentence starts when the next word is capitalised.
fn next_starts_sentence(chars: &[(usize, char)], from: usize) -> bool {
    let mut j = from;
    while chars.get(j).is_some_and(|&(_, c)| CLOSERS.contains(&c)) {
        j += 1;
    }
    if chars.get(j).is_none() {
        return true;
    }
    if !chars[j].1.is_whitespace() {
        return false;
    }
    while chars.get(j).is_some_and(|&(_, c)| c.is_whitespace()) {
        j += 1;
    }
    chars
        .get(j)
        .is_none_or(|&(_, c)| c.is_uppercase() || c.is_ascii_digit() || "\"“«'‘(".contains(c))
}

fn period_ends_sentence(text: &str, chars: &[(usize, char)], i: usize) -> bool {
    let (pos, _) = chars[i];
    // A decimal or a number like 1.5 or 8.000: digit on both sides.
    let prev = i.checked_sub(1).map(|k| chars[k].1);
    let next = chars.get(i + 1).map(|&(_, c)| c);
    if prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    if next.is_some_and(|c| !c.is_whitespace() && !CLOSERS.contains(&c)) {
        return false;
    }
    // The word before the period.
    let word_start = text[..pos]
        .rfind(|c: char| c.is_whitespace() || "(\"“«'‘".contains(c))
        .map_or(0, |p| {
            p + text[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[word_start..pos];
    let lower = word.to_lowercase().replace('’', "'");
    // A single capital letter is an initial ("John F. Kennedy").
    let mut wc = word.chars();
    if let (Some(c), None) = (wc.next(), wc.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    // "No. 1", but "I said no."
    if lower == "no" && next_word(text, chars, i).starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if next_is_lowercase(chars, i + 1) {
        return false;
    }
    if AMBIGUOUS.contains(&lower.as_str()) || is_dotted(word) {
        let next = next_word(text, chars, i).to_lowercase().replace('’', "'");
        return OPENERS.contains(&next.as_str());
    }
    true
}

/// "U.S", "J.R.R", "a.m": single letters joined by dots.
fn is_dotted(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|p| {
            let mut c = p.chars();
            c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
        })
}

/// The word after position `i`, past closing marks, spaces and opening quotes.
fn next_word<'a>(text: &'a str, chars: &[(usize, char)], i: usize) -> &'a str {
    let mut j = i + 1;
    while chars
        .get(j)
        .is_some_and(|&(_, c)| c.is_whitespace() || CLOSERS.contains(&c) || "\"“«‘(".contains(c))
    {
        j += 1;
    }
    let Some(&(start, _)) = chars.get(j) else {
        return "";
    };
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Whether the next word (past closing marks and spaces) starts in lower case.
fn next_is_lowercase(chars: &[(usize, char)], from: usize) -> bool {
    let mut j = from;
    while chars
        .get(j)
        .is_some_and(|&(_, c)| c.is_whitespace() || CLOSERS.contains(&c))
    {
        j += 1;
    }
    chars.get(j).is_some_and(|&(_, c)| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(s("One. Two? Three!"), vec!["One.", "Two?", "Three!"]);
    }

    #[test]
    fn keeps_abbreviations_initials_decimals() {
        assert_eq!(
            s("Mr. Smith met John F. Kennedy at 3.5 km. Then he left."),
            vec!["Mr. Smith met John F. Kennedy at 3.5 km.", "Then he left."]
        );
        assert_eq!(
            s("It cost 8,000 euros. Fine."),
            vec!["It cost 8,000 euros.", "Fine."]
        );
        assert_eq!(
            s("The U.S. Army is here. Russia is not."),
            vec!["The U.S. Army is here.", "Russia is not."]
        );
    }

    #[test]
    fn handles_quotes_and_ellipses() {
        assert_eq!(
            s("He said \"stop.\" Then left."),
            vec!["He said \"stop.\"", "Then left."]
        );
        assert_eq!(
            s("deliveries to Russia… There is more... and more. End"),
            vec!["deliveries to Russia…", "There is more... and more.", "End"]
        );
    }

    #[test]
    fn abbreviations_that_close_a_sentence() {
        assert_eq!(
            s("He moved to the U.S. The rest followed. Ask Apple Inc. Today it is big."),
            vec![
                "He moved to the U.S.",
                "The rest followed.",
                "Ask Apple Inc.",
                "Today it is big."
            ]
        );
        assert_eq!(
            s("Meet J.R.R. Tolkien at 9 a.m. on Monday. He said no. No. 1 is next."),
            vec![
                "Meet J.R.R. Tolkien at 9 a.m. on Monday.",
                "He said no.",
                "No. 1 is next."
            ]
        );
        assert_eq!(
            s("Sen. Sanders and Gov. Kasich spoke, etc. and then Dr. Carson. Jan. 5 came."),
            vec![
                "Sen. Sanders and Gov. Kasich spoke, etc. and then Dr. Carson.",
                "Jan. 5 came."
            ]
        );
    }

    #[test]
    fn etc_closes_a_sentence_before_a_capital() {
        assert_eq!(
            s("They need food, etc. Any help counts, etc. and more."),
            vec!["They need food, etc.", "Any help counts, etc. and more."]
        );
    }

    #[test]
    fn questions_inside_quotations() {
        assert_eq!(
            s("\"Why now?\" he asked. \"Because!\" She left. Really?! Yes."),
            vec![
                "\"Why now?\" he asked.",
                "\"Because!\"",
                "She left.",
                "Really?!",
                "Yes."
            ]
        );
        assert_eq!(
            s("He called it a “scarecrow.” Moscow agreed… and “Then what?” Nothing."),
            vec![
                "He called it a “scarecrow.”",
                "Moscow agreed… and “Then what?”",
                "Nothing."
            ]
        );
    }

    #[test]
    fn decimals_and_figures() {
        assert_eq!(
            s("Growth was 2.5% in 2019. It fell to .5 percent. Costs hit $1.2 billion."),
            vec![
                "Growth was 2.5% in 2019.",
                "It fell to .5 percent.",
                "Costs hit $1.2 billion."
            ]
        );
        assert_eq!(s("Version 3. Then 4."), vec!["Version 3.", "Then 4."]);
    }

    #[test]
    fn ranges_are_trimmed_and_cover_all_text() {
        let text = "  One.   Two?  ";
        let ranges = split(text);
        assert_eq!(ranges, vec![2..6, 9..13]);
        assert!(split("").is_empty());
        assert!(split("   ").is_empty());
        assert_eq!(s("no final stop"), vec!["no final stop"]);
    }
}

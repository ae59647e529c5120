//! Sentence splitting for transcript text: handles abbreviations, initials,
//! decimals and numbers, ellipses and closing quotation marks.

use std::ops::Range;

/// Lower-cased abbreviations (without their final dot) after which a period
/// does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
    "gov", "sen", "rep", "pres", "rev", "hon", "vs", "etc", "e.g", "i.e", "cf", "al", "approx",
    "inc", "ltd", "co", "corp", "dept", "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "d.c", "a.m",
    "p.m", "ph.d", "mme", "mlle", "m",
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
            '?' | '!' => true,
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
    // A single capital letter is an initial ("John F. Kennedy").
    let mut wc = word.chars();
    if let (Some(c), None) = (wc.next(), wc.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    if ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
        return false;
    }
    // Lower-case continuation after a period is not a new sentence.
    let mut j = i + 1;
    while chars
        .get(j)
        .is_some_and(|&(_, c)| c.is_whitespace() || CLOSERS.contains(&c))
    {
        j += 1;
    }
    !chars.get(j).is_some_and(|&(_, c)| c.is_lowercase())
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
}

//! Sentence splitting for transcript text: handles abbreviations, initials,
//! decimals and numbers, list markers (`1.`, `2)`, `(a)`, `ii.`), ellipses
//! and closing quotation marks.

use std::ops::Range;

/// Lower-cased titles (without their final dot) that always precede a name:
/// a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "col", "lt", "maj", "sgt", "capt", "cpl",
    "adm", "gov", "sen", "sens", "rep", "reps", "pres", "rev", "fr", "hon", "st", "mt", "ft",
    "mme", "mlle", "m", "vs", "cf", "approx", "dept", "vol", "fig", "nos", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether `word` (without its final dot, any case) is a title that always
/// precedes a name (`Sen`, `Dr`, `St`), or one capital (an initial).
pub(super) fn is_title(word: &str) -> bool {
    let mut c = word.chars();
    let initial = c.next().is_some_and(char::is_uppercase) && c.next().is_none();
    initial || TITLES.contains(&word.to_lowercase().as_str())
}

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
            if followed_by_space && !ends_in_opening_marker(&text[start..end]) {
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
    // "section 4. ii. The fund…": a lower-case marker opening an item.
    if opens_lowercase_item(text, chars, i) {
        return true;
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

/// A list item's marker and nothing else: a number of up to three digits,
/// one letter, or a lower- or upper-case Roman numeral of `i`, `v` and `x`
/// (up to five letters), then `.` or `)`, or the same in parentheses:
/// `1.`, `12)`, `b.`, `(a)`, `iv.`, `XI.`.
fn is_list_marker(piece: &str) -> bool {
    let core = match piece.strip_prefix('(') {
        Some(inner) => inner.strip_suffix(')'),
        None => piece.strip_suffix(['.', ')']),
    };
    let Some(core) = core else {
        return false;
    };
    let n = core.chars().count();
    let digits = (1..=3).contains(&n) && core.bytes().all(|b| b.is_ascii_digit());
    let letter = n == 1 && core.chars().all(char::is_alphabetic);
    let roman = (1..=5).contains(&n)
        && (core.chars().all(|c| "ivx".contains(c)) || core.chars().all(|c| "IVX".contains(c)));
    digits || letter || roman
}

/// Whether a would-be sentence ends in a list marker that opens an item:
/// the marker is all of it, or follows a colon or semicolon (`The court
/// finds: a.`). The marker stays with its item: no sentence is only one.
fn ends_in_opening_marker(piece: &str) -> bool {
    let piece = piece.trim();
    let (before, last) = piece
        .rsplit_once(char::is_whitespace)
        .unwrap_or(("", piece));
    let before = before.trim_end();
    is_list_marker(last) && (before.is_empty() || before.ends_with([':', ';']))
}

/// Whether the period at `i` is followed by a lower-case list marker
/// (`ii.`, `b)`, `(c)`) and a capitalised word: the period ends the
/// sentence before the item, although the next word is in lower case.
fn opens_lowercase_item(text: &str, chars: &[(usize, char)], i: usize) -> bool {
    let Some(&(at, _)) = chars.get(i + 1) else {
        return false;
    };
    let rest = &text[at..];
    let Some(rest) = rest.strip_prefix(char::is_whitespace) else {
        return false;
    };
    let mut words = rest.split_whitespace();
    let (Some(marker), Some(after)) = (words.next(), words.next()) else {
        return false;
    };
    marker.chars().any(char::is_lowercase)
        && is_list_marker(marker)
        && after.starts_with(|c: char| c.is_uppercase())
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
    fn list_markers_stay_with_their_item() {
        // A stump speech, a bill's clauses, a report read out, a court's
        // numbered findings: no sentence is only its marker.
        assert_eq!(
            s("My plan is simple. 1. We cut taxes. 2. We built roads. 10. We hired."),
            vec![
                "My plan is simple.",
                "1. We cut taxes.",
                "2. We built roads.",
                "10. We hired."
            ]
        );
        assert_eq!(
            s("1. The levy rises. 2) The exemption ends."),
            vec!["1. The levy rises.", "2) The exemption ends."]
        );
        assert_eq!(
            s("Look at section 4. i. The fund grows. ii. The fund shrinks. IV. Nothing else."),
            vec![
                "Look at section 4.",
                "i. The fund grows.",
                "ii. The fund shrinks.",
                "IV. Nothing else."
            ]
        );
        assert_eq!(
            s("The court finds: a. The lease was void. b. Rent is owed. (c) Costs follow."),
            vec![
                "The court finds: a. The lease was void.",
                "b. Rent is owed.",
                "(c) Costs follow."
            ]
        );
        assert_eq!(
            s("We have three goals: 1) jobs, 2) schools, 3) roads. That is it."),
            vec![
                "We have three goals: 1) jobs, 2) schools, 3) roads.",
                "That is it."
            ]
        );
        // Numbers, abbreviations and real one-word sentences are untouched.
        assert_eq!(
            s("I met Sen. Warren at St. Paul at 3 p.m. on Jan. 5. It was No. 5 in the U.S. Senate. It cost $1.2 billion. Version 3. Fix."),
            vec![
                "I met Sen. Warren at St. Paul at 3 p.m. on Jan. 5.",
                "It was No. 5 in the U.S. Senate.",
                "It cost $1.2 billion.",
                "Version 3.",
                "Fix."
            ]
        );
        // A marker alone at the end is still text.
        assert_eq!(s("We cut taxes. 2."), vec!["We cut taxes.", "2."]);
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

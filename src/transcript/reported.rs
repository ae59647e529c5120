//! News-article prose: a paragraph in the reporter's words, with the words
//! of the people reported in quotation marks (`"We will not back down,"
//! the mayor said. She added that the budget was balanced.`). The text
//! outside quotation marks is the reporter's (narration), indirect speech
//! included; a quotation is the words of whom its attribution names
//! (`said Ortiz`, `Ortiz said`, `He added:`, `according to the mayor`). The
//! one owner of "whose words are these" inside such a paragraph.

use std::ops::Range;

/// Verbs that attribute words to someone (`said`, `added`, `told`…).
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "told",
    "tells",
    "asked",
    "asks",
    "explained",
    "noted",
    "stated",
    "argued",
    "insisted",
    "continued",
    "replied",
    "warned",
    "claimed",
    "wrote",
    "writes",
    "recalled",
    "acknowledged",
    "conceded",
    "declared",
    "maintained",
    "stressed",
    "admitted",
    "announced",
    "testified",
    "responded",
    "countered",
    "agreed",
    "cautioned",
    "recounted",
    "observed",
    "remarked",
    "predicted",
    "vowed",
    "promised",
    "joked",
];

/// Third-person pronouns an attribution may use for the speaker named before.
const PRONOUNS: &[&str] = &["he", "she", "they"];

/// First-person words: outside quotation marks, a speaker's own speech
/// (`My mother said no.`), never a reporter's narration.
const FIRST_PERSON: &[&str] = &[
    "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "we", "we're", "we've", "we'd", "we'll",
    "us", "our", "ours",
];

/// Capitalised words that do not name anyone: they open sentences or are
/// the pronouns and articles of an attribution.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "they",
    "it",
    "its",
    "his",
    "her",
    "their",
    "but",
    "and",
    "or",
    "so",
    "in",
    "on",
    "at",
    "as",
    "for",
    "if",
    "when",
    "after",
    "before",
    "this",
    "that",
    "there",
    "then",
    "still",
    "yet",
    "asked",
    "according",
    "earlier",
    "later",
    "meanwhile",
    "also",
];

/// Subjects of an indefinite attribution (`a resident said`): nobody named.
const INDEFINITE: &[&str] = &["a", "an", "one", "another", "some", "several", "many"];

/// Whose words a quotation is, as the article says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// The attribution's name as written (`Ortiz`, `Mayor Dana Lee`, `the
    /// mayor`): the caller reads it as a label.
    By(String),
    /// Someone the article does not name, or cannot be told (`a resident
    /// said`, `he added` after a new name without attribution).
    Nobody,
}

/// One piece of a reported paragraph, in order: narration (`said: None`)
/// or a quotation and whose words it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    pub said: Option<Said>,
}

/// Who a pronoun refers to and who an unattributed quotation continues,
/// carried from one paragraph to the next.
#[derive(Debug, Clone, Default)]
pub struct Thread {
    /// The speaker of the last attribution (or quotation) read.
    pub last: Option<Said>,
    /// Whether a capitalised name was written after it: a new person a
    /// pronoun may refer to.
    pub named_since: bool,
}

impl Thread {
    /// A paragraph of the reporter's without attribution or quotation
    /// (`Ortiz disagreed.`): a name in it is someone a pronoun after it may
    /// refer to.
    pub fn read_past(&mut self, text: &str) {
        let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
        self.named_since |= names_between(text, &whole, 0, text.len());
    }
}

/// Whether a paragraph is a reporter's: outside its quotation marks it
/// attributes words to someone (`the mayor said`, `She added that`,
/// `according to`) and has no first-person word.
pub fn is_reported(text: &str) -> bool {
    let quotes = quotations(text);
    let outside = outside(text, &quotes);
    let first_person = (outside.iter())
        .flat_map(|r| words_in(text, r.clone()))
        .any(|w| FIRST_PERSON.contains(&w.lower.as_str()));
    !first_person && (outside.iter()).any(|r| !attributions(text, r.clone()).is_empty())
}

/// An attribution: where its verb sits, where its words end, and whose.
struct Attribution {
    at: usize,
    end: usize,
    said: Said,
}

/// Cuts a reported paragraph into narration and quotations, each quotation
/// given to the attribution in its sentence (after it, `"…," Ortiz said`,
/// or before it, `He added: "…"`), else to the last attribution of the
/// paragraph before it, else, when the paragraph opens with it, to the
/// speaker `thread` carries from the paragraph before. A pronoun names the
/// speaker of the attribution before it; a capitalised name written between
/// them (`Ortiz disagreed.`) leaves the quotation unattributed instead, as
/// it does a quotation with no attribution in its sentence.
pub fn read(text: &str, thread: &mut Thread) -> Vec<Piece> {
    let quotes = quotations(text);
    let gaps = outside(text, &quotes);
    let mut attrs: Vec<Attribution> = Vec::new();
    for gap in &gaps {
        for (at, end, subject) in attributions(text, gap.clone()) {
            let (prior, blocked) = match attrs.last() {
                Some(p) => (Some(p.said.clone()), names_between(text, &gaps, p.end, at)),
                None => (
                    thread.last.clone(),
                    thread.named_since || names_between(text, &gaps, 0, at),
                ),
            };
            let said = match subject {
                Subject::Pronoun if !blocked => prior.unwrap_or(Said::Nobody),
                Subject::Name(n) => Said::By(n),
                Subject::Pronoun | Subject::Nobody => Said::Nobody,
            };
            attrs.push(Attribution { at, end, said });
        }
    }
    let opens_with_quote = quotes
        .first()
        .is_some_and(|q| text[..q.start].trim().is_empty());
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let closed = (text[q.clone()].trim_end_matches(['"', '”', '»', '’'])).ends_with('.');
        let after = (attrs.iter())
            .find(|a| a.at >= q.end && !closed && no_sentence_end(&text[q.end..a.at]));
        let before = attrs.iter().rev().find(|a| a.end <= q.start);
        let said = match (after, before) {
            (Some(a), _) => a.said.clone(),
            (None, Some(b)) if no_sentence_end(&text[b.end..q.start]) => b.said.clone(),
            (None, Some(b)) if !names_between(text, &gaps, b.end, q.start) => b.said.clone(),
            (None, None) if i == 0 && opens_with_quote && !thread.named_since => {
                thread.last.clone().unwrap_or(Said::Nobody)
            }
            _ => Said::Nobody,
        };
        pieces.push(Piece {
            range: q.clone(),
            said: Some(said),
        });
    }
    // What the next paragraph's pronoun or opening quotation refers to.
    let (last, since) = match (attrs.last(), pieces.last()) {
        (Some(a), _) => (Some(a.said.clone()), a.end),
        (None, Some(p)) => (p.said.clone(), p.range.end),
        (None, None) => (thread.last.clone(), 0),
    };
    let named_after = names_between(text, &gaps, since, text.len());
    thread.named_since =
        named_after || (attrs.is_empty() && pieces.is_empty() && thread.named_since);
    thread.last = last;
    pieces.extend(gaps.into_iter().map(|range| Piece { range, said: None }));
    pieces.sort_by_key(|p| p.range.start);
    pieces.retain(|p| text[p.range.clone()].chars().any(char::is_alphanumeric));
    pieces
}

/// Whether a stretch of narration has no sentence end in it.
fn no_sentence_end(s: &str) -> bool {
    !s.trim_end().contains(['.', '?', '!'])
}

/// Whether a capitalised name is written in the narration between two
/// positions (a new person a pronoun or a quotation may refer to), past
/// the end of the sentence `from` is in (an attribution's own sentence,
/// `said Rep. Tom Hale, a Republican from Ohio.`, names nobody new).
fn names_between(text: &str, gaps: &[Range<usize>], from: usize, to: usize) -> bool {
    let from = match from {
        0 => 0,
        _ => sentence_end_after(text, gaps, from),
    };
    gaps.iter().any(|g| {
        let r = g.start.max(from)..g.end.min(to);
        r.start < r.end
            && words_in(text, r).iter().any(|w| {
                w.text.starts_with(char::is_uppercase) && !NOT_NAMES.contains(&w.lower.as_str())
            })
    })
}

/// Where the sentence of the narration at `from` ends (past a period,
/// question or exclamation mark and a space, in narration), or the end of
/// the text.
fn sentence_end_after(text: &str, gaps: &[Range<usize>], from: usize) -> usize {
    for g in gaps.iter().filter(|g| g.end > from) {
        let start = g.start.max(from);
        let stretch = &text[start..g.end];
        for (i, c) in stretch.char_indices() {
            let next = stretch[i + c.len_utf8()..].chars().next();
            if !matches!(c, '.' | '?' | '!') || next.is_some_and(|n| !n.is_whitespace()) {
                continue;
            }
            let word = stretch[..i]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("");
            if !super::sentences::is_title(word) {
                return start + i + 1;
            }
        }
    }
    text.len()
}

/// The quotations of a paragraph: from an opening mark (`"`, `“`, `«`) to
/// its closing one, or to the end of the paragraph when it stays open (a
/// quotation running on into the next paragraph). A short quotation inside
/// a sentence (`called the plan "reckless"`: fewer than four words and no
/// punctuation of its own at the end) stays part of the narration.
fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|n| n.1);
        // British papers quote in single marks: `‘…’`; a `’` inside a word
        // is an apostrophe (`don’t`, `mayor’s`).
        let single_opens = c == '‘' && prev.is_none_or(|p| !p.is_alphanumeric());
        let single_closes = c == '’' && next.is_none_or(|n| !n.is_alphanumeric());
        match (open, c) {
            (None, '"' | '“' | '«') => open = Some((i, c)),
            (None, '‘') if single_opens => open = Some((i, c)),
            (Some((s, '‘')), '’') if single_closes => {
                let end = i + c.len_utf8();
                if is_full_quote(&text[s..end]) {
                    out.push(s..end);
                }
                open = None;
            }
            (Some((s, o)), '"' | '”' | '»')
                if o != '‘' && (o == '"' && c == '"' || o != '"' && c != '"') =>
            {
                let end = i + c.len_utf8();
                if is_full_quote(&text[s..end]) {
                    out.push(s..end);
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some((s, _)) = open {
        if is_full_quote(&text[s..]) {
            out.push(s..text.len());
        }
    }
    out
}

fn is_full_quote(q: &str) -> bool {
    let inner = q.trim_matches(['"', '“', '”', '«', '»', '‘', '’']).trim();
    inner.split_whitespace().count() >= 4 || inner.ends_with([',', '.', '?', '!', '…'])
}

/// The stretches of `text` outside the quotations.
fn outside(text: &str, quotes: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for q in quotes {
        if q.start > at {
            out.push(at..q.start);
        }
        at = q.end;
    }
    if at < text.len() {
        out.push(at..text.len());
    }
    out
}

struct Word<'a> {
    at: usize,
    end: usize,
    text: &'a str,
    lower: String,
    /// Punctuation right after the word (`,` of `Ortiz,`, a sentence's end).
    stop: bool,
}

fn words_in(text: &str, r: Range<usize>) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut pos = r.start;
    for raw in text[r].split_inclusive(char::is_whitespace) {
        let start = pos;
        pos += raw.len();
        let trimmed = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
        let at = start + raw.len() - trimmed.len();
        let core =
            trimmed.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\''));
        // A title keeps its period (`Sen.`, `Dr.`); a sentence's end does not.
        let core = match core.strip_suffix('.') {
            Some(bare) if !super::sentences::is_title(bare) => bare,
            _ => core,
        };
        if core.is_empty() {
            continue;
        }
        let after = &trimmed[core.len()..];
        out.push(Word {
            at,
            end: at + core.len(),
            text: core,
            lower: core.to_lowercase().replace('’', "'"),
            stop: after.contains([',', ';', ':', '.', '?', '!']),
        });
    }
    out
}

/// Who an attribution names.
enum Subject {
    Pronoun,
    Name(String),
    Nobody,
}

/// The attributions in a stretch of narration: where each sits, and who.
fn attributions(text: &str, r: Range<usize>) -> Vec<(usize, usize, Subject)> {
    let words = words_in(text, r);
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if w.lower == "according" && words.get(k + 1).is_some_and(|n| n.lower == "to") {
            if let Some((s, end)) = subject_after(&words, k + 2) {
                out.push((w.at, end, s));
            }
            continue;
        }
        if !REPORTING_VERBS.contains(&w.lower.as_str()) {
            continue;
        }
        if let Some(s) = subject_before(&words, k) {
            out.push((w.at, w.end, s));
        } else if k == 0 || words[k - 1].stop {
            // Inverted after a quotation or a comma: `said Ortiz`.
            if let Some((s, end)) = subject_after(&words, k + 1) {
                out.push((w.at, end, s));
            }
        }
    }
    out
}

/// A title, name or initial: capitalised.
fn capitalised(w: &Word) -> bool {
    w.text.starts_with(char::is_uppercase)
}

/// `Ortiz said`, `Mayor Dana Lee said`, `the mayor said`, `she added`,
/// `a resident said`; `None` when the word before names nobody (`I said`,
/// `it said`).
fn subject_before(words: &[Word], verb: usize) -> Option<Subject> {
    let prev = words.get(verb.checked_sub(1)?)?;
    if prev.stop {
        return None;
    }
    if PRONOUNS.contains(&prev.lower.as_str()) {
        return Some(Subject::Pronoun);
    }
    if capitalised(prev) && !NOT_NAMES.contains(&prev.lower.as_str()) {
        let mut first = verb - 1;
        while first > 0
            && verb - first < 4
            && capitalised(&words[first - 1])
            && !words[first - 1].stop
            && !NOT_NAMES.contains(&words[first - 1].lower.as_str())
        {
            first -= 1;
        }
        return Some(Subject::Name(joined(&words[first..verb])));
    }
    // `the mayor`, `the deputy mayor`, `a resident`.
    for back in 2..=4 {
        let Some(det) = verb.checked_sub(back).and_then(|i| words.get(i)) else {
            break;
        };
        let between = &words[verb - back + 1..verb];
        if between.iter().any(|w| w.stop) || det.stop {
            break;
        }
        // `a Treasury spokeswoman`: an indefinite one, however described.
        if INDEFINITE.contains(&det.lower.as_str()) {
            return Some(Subject::Nobody);
        }
        if between.iter().any(capitalised) {
            break;
        }
        if det.lower == "the" {
            return Some(Subject::Name(joined(&words[verb - back..verb])));
        }
    }
    None
}

/// `said Ortiz`, `said the mayor`, `according to a spokeswoman`.
fn subject_after(words: &[Word], from: usize) -> Option<(Subject, usize)> {
    let first = words.get(from)?;
    let lower = first.lower.as_str();
    if PRONOUNS.contains(&lower) || ["him", "her", "them"].contains(&lower) {
        return Some((Subject::Pronoun, first.end));
    }
    if INDEFINITE.contains(&lower) {
        return Some((Subject::Nobody, first.end));
    }
    let mut end = from;
    if first.lower == "the" {
        end += 1;
    }
    while end < words.len() && end - from < 4 {
        let w = &words[end];
        let ok = capitalised(w) || (first.lower == "the" && end - from <= 2);
        if !ok {
            break;
        }
        end += 1;
        if w.stop {
            break;
        }
    }
    let name = &words[from..end];
    let named = name.iter().any(|w| capitalised(w) && w.lower != "the")
        || (first.lower == "the" && name.len() >= 2);
    named.then(|| (Subject::Name(joined(name)), words[end - 1].end))
}

fn joined(words: &[Word]) -> String {
    words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;

//! The label forms beyond `Name: text`: times before a label, bracketed
//! caption labels (`[HOST] text`, `(JOHN SMITH): text`), the Congressional
//! Record's `Mr. SMITH.` and `The PRESIDING OFFICER.`, court transcripts'
//! `Q.`/`A.`, dash labels (`Name — text`, `NAME - text`), broadcast
//! transcripts' `NAME, ROLE:` (`WOLF BLITZER, CNN ANCHOR:`), and the
//! delivery notes labels carry (`(continuing)`, `[through interpreter]`).

use super::words::{
    DELIVERY_NOTES, DELIVERY_OPENINGS, FUNCTION_WORDS, RECORD_CHAIRS, RECORD_TITLES, RECORD_WORDS,
    SOUND_WORDS,
};
use super::{is_clock, label_colon, plausible_name};
use crate::transcript::formats::parse_loose_time;

/// A time written at the start of a line: `[00:01:02]`, `(1:02)`,
/// `00:01:02`, `[00:01:02 - 00:01:09]`, followed by an optional `-`, `–`,
/// `—` or `|`. Returns the time (the start of a range) and the rest.
pub fn leading_time(t: &str) -> Option<(u64, &str)> {
    if time_of_day(t).is_some() {
        return None;
    }
    let (time, rest) = bracketed_time(t).or_else(|| {
        let end = t.find(char::is_whitespace).unwrap_or(t.len());
        let first = &t[..end];
        (first.contains(':') && is_clock(first)).then(|| (first, &t[end..]))
    })?;
    let ms = parse_loose_time(time)?;
    let rest = rest.trim_start();
    let rest = ["-", "–", "—", "|"]
        .iter()
        .find_map(|s| {
            rest.strip_prefix(s)
                .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        })
        .unwrap_or(rest);
    Some((ms, rest.trim_start()))
}

/// A time of day opening a line, as minutes and briefings write it
/// (`10:30: the meeting began`, `1:04 P.M. EST`, `9:15 am`): not a place
/// in the recording. Returns the text after it.
pub fn time_of_day(t: &str) -> Option<&str> {
    let end = t
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(t.len());
    let hours = &t[..end];
    let rest = t[end..].strip_prefix(':')?;
    let minutes: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if hours.is_empty()
        || hours.len() > 2
        || !hours.bytes().all(|b| b.is_ascii_digit())
        || minutes.len() != 2
    {
        return None;
    }
    let after = &rest[2..];
    if let Some(text) = after
        .strip_prefix(':')
        .filter(|r| r.starts_with(char::is_whitespace))
    {
        return Some(text.trim_start());
    }
    let after = after.trim_start();
    let lower = after.to_lowercase();
    ["a.m.", "p.m.", "am", "pm"]
        .iter()
        .find(|m| lower.starts_with(*m) && !lower[m.len()..].starts_with(char::is_alphanumeric))
        .map(|m| after[m.len()..].trim_start())
}

/// A bracketed time opening `t` (`(00:03) Thanks.`): the time and the rest.
pub(super) fn bracketed_time_first(t: &str) -> Option<(u64, &str)> {
    let (time, rest) = bracketed_time(t)?;
    Some((parse_loose_time(time)?, rest.trim_start()))
}

/// `[00:01:02]` or `(00:01:02 - 00:01:09)`: the first time and the rest.
fn bracketed_time(t: &str) -> Option<(&str, &str)> {
    for (open, close) in [('[', ']'), ('(', ')')] {
        let Some(inner_rest) = t.strip_prefix(open) else {
            continue;
        };
        let end = inner_rest.find(close)?;
        let inner = inner_rest[..end].trim();
        let first = inner
            .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
            .next()
            .unwrap_or("");
        if is_clock(first) {
            return Some((first, &inner_rest[end + 1..]));
        }
    }
    None
}

/// A note on delivery rather than a name part: `continuing`, `V.O.`,
/// `through interpreter`, `in Spanish`.
fn is_delivery_note(inner: &str) -> bool {
    let lower = inner.trim().to_lowercase();
    DELIVERY_NOTES.contains(&lower.as_str())
        || DELIVERY_OPENINGS.iter().any(|o| lower.starts_with(o))
}

/// The label without a trailing delivery note: `SMITH (continuing)` →
/// `SMITH`, `Rep. Cole [via interpreter]` → `Rep. Cole`.
pub fn strip_delivery_note(label: &str) -> &str {
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = label.strip_suffix(close) {
            if let Some(p) = inner.rfind(open) {
                if p > 0 && is_delivery_note(&inner[p + 1..]) {
                    return label[..p].trim_end();
                }
            }
        }
    }
    label
}

/// Whether the words of a bracket name a sound or stage cue, not a speaker.
pub fn is_sound_cue(inner: &str) -> bool {
    inner
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '.'))
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.trim_matches('.').to_lowercase();
            SOUND_WORDS.contains(&w.as_str()) || is_clock(&w)
        })
}

/// A caption label in brackets: `[HOST] text`, `[JOHN SMITH]: text`,
/// `(HOST) text`. Not a sound cue (`[APPLAUSE] Thank you.`), not a time.
pub fn bracketed(t: &str) -> Option<(&str, &str)> {
    let close = match t.chars().next()? {
        '[' => ']',
        '(' => ')',
        _ => return None,
    };
    let end = t.find(close)?;
    let inner = t[1..end].trim();
    let after = &t[end + close.len_utf8()..];
    let rest = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix('：'))
        .unwrap_or(after);
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) || rest.trim().is_empty() {
        return None;
    }
    let label = strip_delivery_note(inner);
    (plausible_name(label) && !is_sound_cue(inner) && !is_delivery_note(inner))
        .then(|| (label, rest.trim_start()))
}

/// A bracketed label alone on its line (`[HOST]`, `(JOHN SMITH):`).
pub fn bracketed_alone(t: &str) -> Option<&str> {
    let t = t.strip_suffix(':').unwrap_or(t);
    let close = match t.chars().next()? {
        '[' => ']',
        '(' => ')',
        _ => return None,
    };
    let inner = t.strip_suffix(close)?[1..].trim();
    if inner.contains([close, '(', '[']) {
        return None;
    }
    let label = strip_delivery_note(inner);
    (plausible_name(label) && !is_sound_cue(inner) && !is_delivery_note(inner)).then_some(label)
}

/// A word written in capitals, as the Congressional Record prints surnames:
/// `SMITH`, `O'ROURKE`, `VAN`, and the mixed `McCONNELL`, `DeSAULNIER`.
pub fn is_caps_word(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    let body = match w.char_indices().nth(1) {
        Some((i, c)) if c.is_lowercase() && w.starts_with(char::is_uppercase) => {
            let lower_end = w[i..]
                .char_indices()
                .find(|(_, c)| !c.is_lowercase())
                .map_or(w.len(), |(j, _)| i + j);
            if lower_end - i > 2 {
                return false;
            }
            &w[lower_end..]
        }
        _ => w,
    };
    body.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && body.chars().all(|c| {
            c.is_uppercase() || "-'’.".contains(c) || (c.is_alphabetic() && !c.is_lowercase())
        })
}

/// The Congressional Record's `Mr. SMITH. text`, `The PRESIDING OFFICER.`,
/// `Mr. JOHNSON of Texas.`, `The SPEAKER pro tempore.`: a title, a name in
/// capitals, a period.
pub fn record_label(t: &str) -> Option<(&str, &str)> {
    let (title, _) = t.split_once(' ')?;
    if !RECORD_TITLES.contains(&title) {
        return None;
    }
    let mut pos = title.len() + 1;
    let mut caps = 0;
    let mut after_of = false;
    for (n, word) in t[pos..].split(' ').enumerate() {
        if n >= 8 || word.is_empty() {
            return None;
        }
        let (core, ends) = match word.strip_suffix('.') {
            Some(c) => (c, true),
            None => (word, false),
        };
        let ok = if is_caps_word(core) && (title != "The" || RECORD_CHAIRS.contains(&core)) {
            caps += 1;
            true
        } else if caps > 0 && RECORD_WORDS.contains(&core) {
            after_of |= core == "of";
            true
        } else {
            after_of && core.starts_with(char::is_uppercase)
        };
        if !ok {
            return None;
        }
        pos += word.len();
        if ends {
            let rest = &t[pos..];
            let text = rest.trim_start();
            return (caps > 0 && rest.starts_with(char::is_whitespace) && !text.is_empty())
                .then(|| (&t[..pos - 1], text));
        }
        pos += 1;
    }
    None
}

/// Court and deposition transcripts' `Q. text` and `A. text` (also `Q`
/// followed by a tab or two spaces), and a press briefing's `Q Thank you`
/// as copied from a web page, whose spaces collapsed to one (only `Q`: a
/// capital `A` and one space opens sentences, `A Democrat said`): the
/// label `Q` or `A` and the text.
pub fn court_label(t: &str) -> Option<(&str, &str)> {
    let first = t.chars().next()?;
    if first != 'Q' && first != 'A' {
        return None;
    }
    let after = &t[1..];
    let rest = match after.strip_prefix('.') {
        Some(r) if r.starts_with(char::is_whitespace) => r,
        Some(_) => return None,
        None if after.starts_with('\t') || after.starts_with("  ") => after,
        None if first == 'Q'
            && after
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(char::is_uppercase)) =>
        {
            after
        }
        None => return None,
    };
    let rest = rest.trim_start();
    (!rest.is_empty()).then(|| (&t[..1], rest))
}

/// A dash label: `Name — text`, `NAME - text`, `Name – text`, `Name -- text`.
/// Returns the label, the text, and whether the label is strong (written in
/// capitals, or several capitalised words): a lone capitalised word before a
/// dash (`Maria - we disagree`) may be a name or speech (`Honestly - no`).
pub fn dash_label(t: &str) -> Option<(&str, &str, bool)> {
    let (at, sep) = [" — ", " – ", " -- ", " - "]
        .iter()
        .filter_map(|s| t.find(s).map(|i| (i, s.len())))
        .min()?;
    let head = t[..at].trim();
    let rest = t[at + sep..].trim_start();
    if rest.is_empty() || rest.starts_with(char::is_lowercase) || !plausible_name(head) {
        return None;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if words.len() > 5
        || super::words::not_a_speaker(&lower.join(" "))
        // `A — text` answers a `Q — text` question: an asker's or
        // answerer's label is one, though `a` is a function word.
        || (!(super::is_asker_label(head) || super::is_answerer_label(head))
            && lower.iter().any(|w| FUNCTION_WORDS.contains(&w.as_str())))
        || head.chars().any(|c| c.is_ascii_digit()) && !super::is_placeholder(head)
    {
        return None;
    }
    let caps = words.iter().any(|w| is_caps_word(w)) && !head.chars().any(char::is_lowercase);
    let strong = caps || words.len() >= 2;
    Some((head, rest, strong))
}

/// A broadcast transcript's first label for a person, all in capitals: the
/// name, a comma, what they are (`WOLF BLITZER, CNN ANCHOR: text`,
/// `SEN. BERNIE SANDERS (I-VT), PRESIDENTIAL CANDIDATE: text`). Returns the
/// name without the description, and the text. Mixed-case lines of this
/// shape (`Tom Reilly, Bank of Ireland: …`) stay look-alikes: in prose a
/// comma before a colon is far more often a sentence than a label.
pub fn broadcast_label(t: &str) -> Option<(&str, &str)> {
    let (colon, len) = label_colon(t)?;
    let (head, after) = (t[..colon].trim(), &t[colon + len..]);
    if !(after.is_empty() || after.starts_with(char::is_whitespace))
        || head.chars().any(char::is_lowercase)
    {
        return None;
    }
    let (name, what) = head.split_once(',')?;
    let (name, what) = (name.trim(), what.trim());
    let described = what.split([' ', ',']).filter(|w| !w.is_empty()).count();
    // The name outside its `(AFFILIATION)`: a first name and a surname at
    // least, none of them a word a name never holds (`IN FACT, …`).
    let words: Vec<String> = super::outside_brackets(name)
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let named = words.len() >= 2
        && !words
            .iter()
            .any(|w| FUNCTION_WORDS.contains(&w.as_str()) || super::words::not_a_speaker(w));
    (named
        && (1..=10).contains(&described)
        && plausible_name(name)
        && what.chars().any(char::is_alphabetic))
    .then(|| (name, after.trim_start()))
}

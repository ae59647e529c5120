//! Speaker labels at the start of a line: `Name: text` with the conventions
//! transcripts really use (titles with periods, affiliations in parentheses,
//! all-caps surnames, broadcast `NAME, ROLE:` labels, `[00:01:02]`
//! timestamps, broadcast `>>` turn marks, subtitle position tags, BOM and
//! non-breaking spaces), labels alone on their line above the turn (Rev's `Name (00:01:23):`, Otter's `Name  0:03`,
//! Markdown's `**Name:**`), placeholders that name nobody (`Speaker 2`,
//! `Unknown Speaker`), lines that look like labels but are not read as one,
//! and stage directions (`(APPLAUSE)`). The one owner of "is this line a label".

mod forms;
mod words;

use crate::transcript::formats::parse_loose_time;

pub use forms::{dash_label, leading_time, time_of_day};
use words::{
    is_particle, ANSWERER_LABELS, ASKER_LABELS, EDITORS_NOTES, PARTICLES, RECORD_WORDS, ROLE_WORDS,
    SHARED_ROLES, SHARED_ROLE_LINKS,
};

/// What the start of a line says about who speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head<'a> {
    /// The label as written (trimmed, without markup, time or delivery
    /// note); `None` for a bare `>>`: the speaker changes, name unknown.
    pub label: Option<&'a str>,
    /// The rest of the line: the turn's text.
    pub rest: &'a str,
    /// A time written before or inside the label, in milliseconds.
    pub at_ms: Option<u64>,
}

/// Strips what precedes the text on a caption or prose line: a BOM, subtitle
/// position tags like `{\an8}`, and surrounding whitespace (NBSP included).
pub fn clean_line(line: &str) -> &str {
    let mut t = line.trim_start_matches('\u{feff}').trim();
    while let Some(rest) = t.strip_prefix("{\\") {
        match rest.find('}') {
            Some(end) => t = rest[end + 1..].trim(),
            None => break,
        }
    }
    t
}

/// Reads a speaker label at the start of `line`, if there is one: `Name:`
/// in all its forms, `[NAME]`, `Mr. SMITH.`, `Q.`, after an optional `>>`
/// and time.
pub fn split_label(line: &str) -> Option<Head<'_>> {
    let mut t = clean_line(line);
    let mut broadcast = false;
    if let Some(rest) = t.strip_prefix(">>") {
        t = rest.trim_start_matches('>').trim();
        broadcast = true;
    }
    let mut at_ms = None;
    if let Some((ms, rest)) = leading_time(t) {
        at_ms = Some(ms);
        t = rest;
    }
    let found = forms::court_label(t)
        .map(|(l, r)| (l, r, None))
        .or_else(|| forms::record_label(t).map(|(l, r)| (l, r, None)))
        .or_else(|| named(t))
        .or_else(|| forms::broadcast_label(t).map(|(l, r)| (l, r, None)))
        .or_else(|| forms::bracketed(t).map(|(l, r)| (l, r, None)));
    match found {
        Some((label, rest, time)) => Some(Head {
            label: Some(label),
            rest,
            at_ms: at_ms.or(time),
        }),
        None if broadcast => Some(Head {
            label: None,
            rest: t,
            at_ms,
        }),
        None => None,
    }
}

/// The first colon (ASCII or full-width) outside parentheses and brackets,
/// and its length in bytes.
fn label_colon(line: &str) -> Option<(usize, usize)> {
    let mut depth = 0i32;
    for (i, c) in line.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ':' | '：' if depth <= 0 => return Some((i, c.len_utf8())),
            _ => {}
        }
    }
    None
}

/// `Name: text`: the label, the text, and a time written inside the label.
fn named(line: &str) -> Option<(&str, &str, Option<u64>)> {
    let (colon, len) = label_colon(line)?;
    let after = line[colon + len..].trim_start_matches(['*', '_']);
    let label = line[..colon].trim().trim_matches(['*', '_']).trim();
    // Scripts without spaces (`主持人：大家好`) need none after the colon.
    let tight =
        len > 1 || (label.chars().last().is_some_and(caseless) && after.starts_with(caseless));
    if !after.is_empty() && !after.starts_with(char::is_whitespace) && !tight {
        return None;
    }
    let (label, time) = strip_trailing_time(label);
    // Emphasis closed before the time or note (`**Jane Doe** (00:04):`).
    let label = without_emphasis(forms::strip_delivery_note(without_emphasis(label)));
    let rest = after
        .trim_start()
        .trim_start_matches(['*', '_'])
        .trim_start();
    if rest.starts_with("//") || !plausible_name(label) {
        return None;
    }
    // The time after the colon (`Dana Whitfield: (00:03)`, a Rev export).
    if let (None, Some((ms, text))) = (time, forms::bracketed_time_first(rest)) {
        return Some((label, text, Some(ms)));
    }
    Some((label, rest, time))
}

/// A label without the Markdown emphasis around it.
fn without_emphasis(label: &str) -> &str {
    label.trim().trim_matches(['*', '_']).trim()
}

/// A letter of a script without case (CJK, Arabic, Hebrew…).
fn caseless(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

/// Whether `s` is a clock time such as `0:03`, `12:30` or `01:02:03.5`.
fn is_clock(s: &str) -> bool {
    let mut parts = s.split(':');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.len() <= 2
        && first.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|p| {
            let digits = p.split(['.', ',']).next().unwrap_or("");
            digits.len() == 2
                && p.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        })
}

/// Rev's `Name (00:01:23)` and `Name [00:01:23]`: the label without the
/// time, and the time.
fn strip_trailing_time(label: &str) -> (&str, Option<u64>) {
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = label.strip_suffix(close) {
            if let Some(p) = inner.rfind(open) {
                if let Some(time) = clock_or_range(inner[p + 1..].trim()) {
                    return (label[..p].trim_end(), parse_loose_time(time));
                }
            }
        }
    }
    (label, None)
}

/// A clock time (`00:01:23`), or a range of two (`00:01 - 00:05`,
/// `00:01–00:05`, `00:00:01 --> 00:00:05`), as meeting exports write
/// them after a name: the time, or the range's start.
fn clock_or_range(time: &str) -> Option<&str> {
    if is_clock(time) {
        return Some(time);
    }
    let start = time.split(['-', '–', '—']).next()?.trim();
    let end = time[start.len()..]
        .trim_start()
        .trim_start_matches(['-', '–', '—', '>'])
        .trim();
    (is_clock(start) && is_clock(end)).then_some(start)
}

/// A label alone on its line, the turn's text on the lines below: `Name:`,
/// `**Name:**`, `**Name**`, `[HOST]`, Rev's `Name (00:01:23):`, Otter's
/// `Name  0:03`, `Jane Doe [00:00:05]`. Returns the label and the time written with it.
pub fn header_label(line: &str) -> Option<(&str, Option<u64>)> {
    let mut t = clean_line(line);
    let mut at = None;
    if let Some((ms, rest)) = leading_time(t) {
        (at, t) = (Some(ms), rest);
    }
    if let Some((label, rest, time)) = named(t) {
        return rest.is_empty().then_some((label, at.or(time)));
    }
    if let Some(label) = forms::bracketed_alone(t) {
        return Some((label, at));
    }
    // A name and a bracketed time alone on the line (podcast and meeting
    // exports): `Jane Doe [00:00:05]`, `**Jane Doe** (00:00:05)`.
    if let (bare, Some(time)) = strip_trailing_time(t) {
        let name = bare.trim().trim_matches(['*', '_']).trim();
        if plausible_name(name) {
            return Some((name, at.or(Some(time))));
        }
    }
    // `**Name**` alone on its line (Markdown).
    if let Some(inner) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
        return plausible_name(inner.trim()).then(|| (inner.trim(), at));
    }
    // Otter: `Name  0:03` (a name, spaces, a clock time, nothing else).
    let (name, time) = t.rsplit_once(char::is_whitespace)?;
    let name = name.trim_end();
    (is_clock(time) && !name.is_empty() && plausible_name(name))
        .then(|| (name, parse_loose_time(time)))
}

/// A name in capitals alone on its line, with no colon (`JANE DOE`,
/// `SEN. SMITH`): how screenplay-style transcripts head each turn, the
/// text on the lines below. Whether such lines are labels depends on the
/// file (a heading looks the same), so the caller decides from all of them.
pub fn caps_name_alone(line: &str) -> Option<&str> {
    let t = clean_line(line).trim();
    let words = t.split_whitespace().count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let ok = (1..=4).contains(&words)
        && letters >= 2
        && !t.chars().any(char::is_lowercase)
        && t.chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '.' | '\'' | '’' | '-'))
        && plausible_name(t);
    ok.then_some(t)
}

/// A time, then a name alone on its line (`00:00:05 Jane Doe`,
/// `[00:00:05] Jane Doe`), as some exports head each turn: the name and
/// the time. Whether such lines are labels depends on the file (a caption
/// line can start with a time and a capitalised word), so the caller
/// decides from all of them.
pub fn timed_name_alone(line: &str) -> Option<(&str, u64)> {
    let (ms, rest) = leading_time(clean_line(line))?;
    let name = rest.trim().trim_start_matches(['-', '–', '—']).trim();
    (!name.is_empty() && plausible_name(name)).then_some((name, ms))
}

/// Whether a label names whoever asks the questions (`Q`, `Interviewer`).
pub fn is_asker_label(label: &str) -> bool {
    ASKER_LABELS.contains(&display_name(label).to_lowercase().as_str())
}

/// Whether a label names whoever answers (`A`, `Interviewee`).
pub fn is_answerer_label(label: &str) -> bool {
    ANSWERER_LABELS.contains(&display_name(label).to_lowercase().as_str())
}

/// A placeholder a transcription service writes for a voice it could not
/// name (`Speaker 1`, `Unknown Speaker`, `Unidentified Male`, `Caller 2`):
/// the turn is nobody's until the speaker map names it.
pub fn is_placeholder(label: &str) -> bool {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return true;
    };
    if matches!(
        *first,
        "unknown"
            | "unidentified"
            | "unnamed"
            | "multiple"
            | "several"
            | "various"
            | "other"
            | "another"
    ) {
        return true;
    }
    // `P1`, `R2`, `Spk3`, `Speaker1`: letters then digits, naming a voice by number.
    // Diarization tools write `SPEAKER_00`, `Speaker-1`, `SPK_2`.
    let letters = first
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches(['_', '-', '#']);
    if words.len() == 1
        && letters.len() < first.len()
        && (letters.len() <= 3 || letters == "speaker")
    {
        return true;
    }
    if words.len() == 1 {
        return matches!(
            *first,
            "speaker" | "voice" | "voices" | "speakers" | "crosstalk" | "all" | "?"
        );
    }
    let generic = |w: &&str| {
        matches!(
            *w,
            "male"
                | "female"
                | "man"
                | "woman"
                | "speaker"
                | "speakers"
                | "voice"
                | "voices"
                | "new"
        )
    };
    last.bytes().all(|b| b.is_ascii_digit())
        || (*first == "speaker" && last.len() == 1)
        || words.iter().all(generic)
}

/// A label naming a role several people speak under in one transcript,
/// without a number to tell them apart: the callers of a phone-in
/// (`CALLER:`), a town hall's audience (`AUDIENCE MEMBER:`, `MAN IN
/// AUDIENCE:`, `Member of the public:`), the participants of a meeting, the
/// reporters at a briefing (`REPORTER:`). Its turns are never one person:
/// the label names nobody until the speaker map names it, and each run of
/// its turns is a voice of its own. A numbered one (`Caller 2`) is one
/// voice, a placeholder; a role one person holds (`MODERATOR`, `THE
/// COURT`, `THE PRESIDENT`, `HOST`) names that person. The one owner of
/// "is this label a role of many".
pub fn is_shared_role(label: &str) -> bool {
    let lower = outside_brackets(label).to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| SHARED_ROLES.contains(w))
        && words
            .iter()
            .all(|w| SHARED_ROLES.contains(w) || SHARED_ROLE_LINKS.contains(w))
}

/// A line that looks like a speaker label (`Tom Reilly, Bank of Ireland:`,
/// `Rep. Cole [via interpreter]:`) but is not read as one.
pub fn looks_like_label(line: &str) -> bool {
    let t = clean_line(line);
    if split_label(t).is_some() {
        return false;
    }
    let Some(colon) = t.find(':') else {
        return false;
    };
    let head = t[..colon].trim().trim_matches(['*', '_']);
    let head = match (head.strip_prefix('['), head.strip_prefix('(')) {
        (Some(h), _) => h.strip_suffix(']').unwrap_or(h),
        (_, Some(h)) => h.strip_suffix(')').unwrap_or(h),
        _ => head,
    };
    let after = &t[colon + 1..];
    if head.is_empty()
        || head.len() > 100
        || !(after.is_empty() || after.starts_with(char::is_whitespace))
        || !head.starts_with(char::is_uppercase)
        || words::not_a_speaker(&head.to_lowercase())
    {
        return false;
    }
    // What sits in brackets (`[via interpreter]`, `(D-Mass.)`) may be anything.
    let mut outside = String::new();
    let mut depth = 0i32;
    for c in head.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth <= 0 => outside.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = outside
        .split(|c: char| c.is_whitespace() || ",;/".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    // French typography puts a space before the label's colon: a short
    // head written so, the turn starting with a capital, is a label's
    // place whatever its words (`Le porte-parole du gouvernement : Non.`).
    let spaced = t[..colon].ends_with(char::is_whitespace)
        && after.trim_start().starts_with(char::is_uppercase);
    if spaced && words.len() <= 4 {
        return true;
    }
    (2..=12).contains(&words.len())
        && words.iter().filter(|w| !is_particle(w)).count() <= 8
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || is_particle(w) || ROLE_WORDS.contains(w))
}

/// A line that opens an editor's note (`Note: the audit found…`,
/// `CORRECTION: An earlier version…`, `**Update:** …`): the newsroom's
/// words, never the speech of the turn before.
pub fn is_editors_note(line: &str) -> bool {
    let t = clean_line(line).trim_start_matches(['*', '_', '[', '(']);
    let Some((head, _)) = t.split_once(':') else {
        return false;
    };
    let head = head.trim().trim_end_matches(['*', '_']).to_lowercase();
    EDITORS_NOTES.contains(&head.as_str())
}

/// A paragraph opened by an editor's note or by the time of day (minutes'
/// `11:15: the meeting adjourned.`, a briefing's `1:42 P.M. EST`): nobody's
/// speech, and the end of the turn before it.
pub fn is_nobodys_entry(line: &str) -> bool {
    is_editors_note(line) || time_of_day(line).is_some()
}

/// A line that is not speech: a stage direction, or an export's footer
/// (`Transcribed by https://otter.ai`).
pub fn is_not_speech(line: &str) -> bool {
    let t = line.trim();
    is_stage_direction(t) || t.starts_with("Transcribed by https://otter.ai")
}

/// A line that is a stage direction, not speech: `(APPLAUSE)`, `[LAUGHTER]`,
/// `[Music]`, `(inaudible)`.
pub fn is_stage_direction(text: &str) -> bool {
    let t = text.trim();
    let wrapped = |open: char, close: char| {
        t.starts_with(open) && t.ends_with(close) && !t[1..t.len() - 1].contains([open, close])
    };
    t.len() >= 3
        && t.len() <= 60
        && (wrapped('(', ')') || wrapped('[', ']'))
        && forms::bracketed_alone(t).is_none()
        && leading_time(t).is_none()
}

/// A court transcript's heading (`DIRECT EXAMINATION`, `CROSS-EXAMINATION`):
/// not speech.
pub fn is_examination_heading(line: &str) -> bool {
    // Upper-casing never maps a character to `)` or `]`, and the last
    // characters of the upper-cased line come from the last characters of
    // the line: unless those read `EXAMINATION` upper-cased, no heading
    // (most lines), without upper-casing the whole line.
    let trimmed = line.trim().trim_end_matches(['.', ':']);
    let end = trimmed.trim_end_matches([')', ']']);
    let tail = end
        .char_indices()
        .rev()
        .nth("EXAMINATION".len() - 1)
        .map_or(end, |(i, _)| &end[i..]);
    if !tail.to_uppercase().ends_with("EXAMINATION") {
        return false;
    }
    let t = trimmed.to_uppercase();
    let t = t
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']']);
    t.ends_with("EXAMINATION")
        && t.split([' ', '-']).all(|w| {
            matches!(
                w,
                "DIRECT" | "CROSS" | "REDIRECT" | "RECROSS" | "RE" | "FURTHER" | "EXAMINATION" | ""
            )
        })
}

/// The examiner an examination line names: `BY MR. SMITH:` and
/// `CROSS-EXAMINATION BY MS. JONES:` → `MR. SMITH`, `MS. JONES`.
pub fn examiner(label: &str) -> Option<&str> {
    let lower = label.to_lowercase();
    let at = if lower.starts_with("by ") {
        3
    } else if lower.contains("examination by ") {
        lower.find("examination by ")? + "examination by ".len()
    } else {
        return None;
    };
    let name = label[at..].trim();
    (!name.is_empty()).then_some(name)
}

/// A speaker name: up to six capitalised words (or titles ending in a
/// period) and name particles between them, ten words at most, up to two
/// `(Affiliation)`s at the end.
fn plausible_name(label: &str) -> bool {
    if label.is_empty() || label.len() > 80 || !label.chars().next().is_some_and(starts_name) {
        return false;
    }
    let base = without_affiliations(label);
    if base.is_empty() || base.contains(['?', '!', ',', ';', '"', '“', '[', '<', '(', ')', ':']) {
        return false;
    }
    // `Question:` opens prose; a briefing's `QUESTION:` in capitals (the
    // State Department's transcripts) is the reporters' label, as `Q` is.
    let shouted_qa =
        !base.chars().any(char::is_lowercase) && (is_asker_label(base) || is_answerer_label(base));
    if words::not_a_speaker(&base.to_lowercase()) && !shouted_qa {
        return false;
    }
    let words: Vec<&str> = base.split_whitespace().collect();
    // Six words, not counting particles: Hansard's offices run long
    // (`The Secretary of State for Health and Social Care (Wes Streeting)`).
    if words.len() > 10 || words.iter().filter(|w| !is_particle(w)).count() > 6 {
        return false;
    }
    let last = words.len() - 1;
    words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        let dots_ok = !w.contains('.') || is_abbrev(w);
        let number = i == last && i > 0 && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit());
        number
            || dots_ok
                && (starts_name(first)
                    || (i > 0 && is_particle(w))
                    || (i > 0 && ROLE_WORDS.contains(w)))
    })
}

/// A label without its `(Affiliation)` at the end, or the two of
/// Hansard's `Sarah Jones (Croydon Central) (Lab)`; a bracket left inside
/// is for the caller to refuse.
fn without_affiliations(label: &str) -> &str {
    let mut base = label;
    for _ in 0..2 {
        let Some(inner) = base.strip_suffix(')') else {
            break;
        };
        match inner.rfind('(') {
            Some(p) if !inner[p + 1..].contains(['(', ')']) => base = inner[..p].trim_end(),
            _ => break,
        }
    }
    base
}

/// A letter a name word may start with: a capital, or a letter of a script
/// without case (Arabic, Hebrew, CJK…), whose names have no capitals.
fn starts_name(c: char) -> bool {
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

/// A label's name before its first bracket: `Sarah Jones` of `Sarah Jones
/// (Croydon Central) (Lab)`, `The Prime Minister` of `The Prime Minister
/// (Keir Starmer)`, `HOST` of `HOST [00:01]`. The one reading of "the name
/// outside its brackets" (unlike [`without_affiliations`], which strips only
/// trailing groups, and leaves a label whose brackets sit inside it alone).
pub fn outside_brackets(label: &str) -> &str {
    label.split(['(', '[']).next().unwrap_or(label)
}

/// What a label's first brackets hold (`Moderator (Lester Holt)` →
/// `Lester Holt`), if it has any.
pub fn first_bracketed(label: &str) -> Option<&str> {
    let (_, rest) = label.split_once(['(', '['])?;
    rest.split([')', ']']).next()
}

/// `Dr.`, `SEN.`, `J.`, `U.S.`: a short word or initials ending in a period.
pub fn is_abbrev(w: &str) -> bool {
    w.ends_with('.')
        && w.split('.')
            .all(|p| p.chars().count() <= 4 && p.chars().all(char::is_alphabetic))
}

/// The display form of a label: spaces collapsed; an ALL-CAPS name in title
/// case (`SEN. BENEDETTI` → `Sen. Benedetti`), a `(WHO)` affiliation kept.
pub fn display_name(label: &str) -> String {
    let base = outside_brackets(label);
    // The words that say whether the name is shouted: not the titles
    // (`Mr.`, `SEN.`), not a leading `The`, none after a lower-case particle
    // (`Mr. JOHNSON of Texas`, `The SPEAKER pro tempore`).
    let core: Vec<&str> = base
        .split_whitespace()
        .take_while(|w| !(RECORD_WORDS.contains(w) || PARTICLES.contains(w)))
        .filter(|w| !is_abbrev(w) && *w != "The")
        .collect();
    let shouting = core
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
        .sum::<usize>()
        > 1
        && core
            .iter()
            .all(|w| !w.chars().any(char::is_lowercase) || forms::is_caps_word(w));
    let mut depth = 0i32;
    label
        .split_whitespace()
        .map(|w| {
            let inside = depth > 0 || w.starts_with(['(', '[']);
            depth += w.matches(['(', '[']).count() as i32 - w.matches([')', ']']).count() as i32;
            let caps = !w.chars().any(char::is_lowercase) || forms::is_caps_word(w);
            if shouting && !inside && caps && !initials(label) {
                title_case(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A label that is someone's initials, as print interviews write them
/// (`KJ:`, `JFK:`): two capitals, or three without a vowel. Kept in
/// capitals (`Kj` names nobody).
fn initials(label: &str) -> bool {
    let letters: Vec<char> = label.trim().chars().collect();
    letters.iter().all(|c| c.is_ascii_uppercase())
        && (letters.len() == 2
            || letters.len() == 3 && !letters.iter().any(|c| "AEIOUY".contains(*c)))
}

/// `SMITH` → `Smith`, `O'ROURKE` → `O'Rourke`, `McCONNELL` → `McConnell`.
fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    let mut prefix = w.chars().nth(1).is_some_and(char::is_lowercase);
    for c in w.chars() {
        if prefix && c.is_uppercase() && !out.is_empty() {
            prefix = false;
            start = true;
        }
        if start {
            out.extend(c.to_uppercase());
        } else if prefix {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests;

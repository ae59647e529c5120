//! Speaker labels at the start of a line: `Name: text` with the conventions
//! transcripts really use (titles with periods, affiliations in parentheses,
//! all-caps surnames, `[00:01:02]` timestamps, broadcast `>>` turn marks,
//! subtitle position tags, BOM and non-breaking spaces), labels alone on
//! their line above the turn (Rev's `Name (00:01:23):`, Otter's `Name  0:03`,
//! Markdown's `**Name:**`), placeholders that name nobody (`Speaker 2`,
//! `Unknown Speaker`), lines that look like labels but are not read as one,
//! and stage directions (`(APPLAUSE)`). The one owner of "is this line a label".

/// What the start of a line says about who speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label<'a> {
    /// `Name: text`: the label (as written, trimmed) and the rest of the line.
    Named(&'a str, &'a str),
    /// A bare `>>`: the speaker changes, name unknown.
    Unknown(&'a str),
}

/// Words that end in a colon at the start of prose but never name a speaker.
const NOT_SPEAKERS: &[&str] = &[
    "note",
    "notes",
    "update",
    "warning",
    "correction",
    "editor's note",
    "source",
    "sources",
    "summary",
    "transcript",
    "date",
    "time",
    "location",
    "subject",
    "re",
    "ps",
    "p.s",
    "example",
    "caution",
    "important",
    "disclaimer",
    "result",
    "results",
    "translation",
    "background",
    "context",
    "edit",
    "fact",
    "facts",
    "claim",
    "verdict",
    "rating",
    "link",
    "photo",
    "video",
    "audio",
    "title",
    "by",
    "from",
    "to",
    "cc",
    "tags",
    "topic",
    "agenda",
    "first",
    "second",
    "third",
    "finally",
    "also",
    "yes",
    "no",
    "well",
    "so",
    "look",
    "listen",
    "here",
    "there",
    "today",
    "tonight",
    "now",
    "but",
    "and",
    "or",
    "why",
    "what",
    "how",
    "when",
    "where",
    "who",
    "the",
    "this",
    "that",
    "one",
    "two",
    "three",
    "bottom line",
    "breaking",
    "watch",
    "read",
    "recap",
    "previously",
    "ok",
    "okay",
    "question",
    "answer",
    "chapter",
    "part",
    "section",
    "participants",
    "speakers",
    "panel",
    "panelists",
    "present",
    "attendees",
    "contents",
    "minutes",
    "keywords",
    "duration",
    "recorded",
];

/// Lower-case words a role label may hold ("Audience member", "Unidentified speaker").
const ROLE_WORDS: &[&str] = &[
    "member",
    "speaker",
    "male",
    "female",
    "man",
    "woman",
    "voice",
    "participant",
    "reporter",
    "caller",
    "official",
    "spokesperson",
    "journalist",
    "host",
    "guest",
    "resident",
    "questioner",
    "audience",
    "person",
];

/// Name particles that may be lower case inside a label ("Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "der", "den", "di", "do", "dos", "du", "la", "le", "van", "von",
    "bin", "al", "el", "ibn", "y", "of", "and", "the", "for",
];

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

/// Reads a speaker label at the start of `line`, if there is one.
pub fn split_label(line: &str) -> Option<Label<'_>> {
    let mut t = clean_line(line);
    let mut broadcast = false;
    if let Some(rest) = t.strip_prefix(">>") {
        t = rest.trim_start_matches('>').trim();
        broadcast = true;
    }
    t = strip_timestamp(t);
    match named(t) {
        Some((l, r)) => Some(Label::Named(l, r)),
        None if broadcast => Some(Label::Unknown(t)),
        None => None,
    }
}

/// `[00:01:02]`, `(01:02)` or `00:01:02` before a name.
fn strip_timestamp(t: &str) -> &str {
    let inner = |s: &str| {
        !s.is_empty()
            && s.contains(':')
            && s.chars().all(|c| c.is_ascii_digit() || ":.,".contains(c))
    };
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                if inner(&rest[..end]) {
                    return rest[end + 1..].trim_start();
                }
            }
        }
    }
    if let Some((first, rest)) = t.split_once(char::is_whitespace) {
        if inner(first)
            && first.matches(':').count() >= 1
            && first.starts_with(|c: char| c.is_ascii_digit())
        {
            return rest.trim_start();
        }
    }
    t
}

/// The first colon outside parentheses and brackets.
fn label_colon(line: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in line.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ':' if depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

fn named(line: &str) -> Option<(&str, &str)> {
    let colon = label_colon(line)?;
    let after = line[colon + 1..].trim_start_matches(['*', '_']);
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let label = line[..colon].trim().trim_matches(['*', '_']).trim();
    let label = strip_trailing_time(label);
    let rest = after
        .trim_start()
        .trim_start_matches(['*', '_'])
        .trim_start();
    if rest.starts_with("//") || !plausible_name(label) {
        return None;
    }
    Some((label, rest))
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

/// Rev's `Name (00:01:23)` and `Name [00:01:23]`: the label without the time.
fn strip_trailing_time(label: &str) -> &str {
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = label.strip_suffix(close) {
            if let Some(p) = inner.rfind(open) {
                if is_clock(inner[p + 1..].trim()) {
                    return label[..p].trim_end();
                }
            }
        }
    }
    label
}

/// A label alone on its line, the turn's text on the lines below: `Name:`,
/// `**Name:**`, `**Name**`, Rev's `Name (00:01:23):`, Otter's `Name  0:03`.
pub fn header_label(line: &str) -> Option<&str> {
    let t = clean_line(line);
    if let Some((label, rest)) = named(t) {
        return rest.is_empty().then_some(label);
    }
    // `**Name**` alone on its line (Markdown).
    if let Some(inner) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
        return plausible_name(inner.trim()).then(|| inner.trim());
    }
    // Otter: `Name  0:03` (a name, spaces, a clock time, nothing else).
    let (name, time) = t.rsplit_once(char::is_whitespace)?;
    let name = name.trim_end();
    (is_clock(time) && !name.is_empty() && plausible_name(name)).then_some(name)
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
    if matches!(*first, "unknown" | "unidentified" | "unnamed") {
        return true;
    }
    if words.len() == 1 {
        return matches!(*first, "speaker" | "voice" | "?");
    }
    last.bytes().all(|b| b.is_ascii_digit()) || (*first == "speaker" && last.len() == 1)
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
    let after = &t[colon + 1..];
    if head.is_empty()
        || head.len() > 60
        || !(after.is_empty() || after.starts_with(char::is_whitespace))
        || !head.starts_with(char::is_uppercase)
        || NOT_SPEAKERS.contains(&head.to_lowercase().as_str())
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
    (2..=8).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
                || ROLE_WORDS.contains(w)
        })
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
    t.len() >= 3 && t.len() <= 60 && (wrapped('(', ')') || wrapped('[', ']'))
}

/// A speaker name: up to six words, each capitalised (or a name particle,
/// or a title ending in a period), an optional `(Affiliation)` at the end.
fn plausible_name(label: &str) -> bool {
    if label.is_empty() || label.len() > 80 || !label.chars().next().is_some_and(starts_name) {
        return false;
    }
    let base = match label.find('(') {
        Some(p) if label.ends_with(')') && !label[p + 1..label.len() - 1].contains(['(', ')']) => {
            label[..p].trim()
        }
        Some(_) => return false,
        None => label,
    };
    if base.is_empty() || base.contains(['?', '!', ',', ';', '"', '“', '[', '<', ')', ':']) {
        return false;
    }
    if NOT_SPEAKERS.contains(&base.to_lowercase().as_str()) {
        return false;
    }
    let words: Vec<&str> = base.split_whitespace().collect();
    if words.len() > 6 {
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
                    || (i > 0 && PARTICLES.contains(&w.to_lowercase().as_str()))
                    || (i > 0 && ROLE_WORDS.contains(w)))
    })
}

/// A letter a name word may start with: a capital, or a letter of a script
/// without case (Arabic, Hebrew, CJK…), whose names have no capitals.
fn starts_name(c: char) -> bool {
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

/// `Dr.`, `SEN.`, `J.`, `U.S.`: a short word or initials ending in a period.
fn is_abbrev(w: &str) -> bool {
    w.ends_with('.')
        && w.split('.')
            .all(|p| p.chars().count() <= 4 && p.chars().all(char::is_alphabetic))
}

/// The display form of a label: spaces collapsed; an ALL-CAPS name in title
/// case (`SEN. BENEDETTI` → `Sen. Benedetti`), a `(WHO)` affiliation kept.
pub fn display_name(label: &str) -> String {
    let base = label.split('(').next().unwrap_or(label);
    let shouting = base.chars().filter(|c| c.is_alphabetic()).count() > 1
        && !base.chars().any(char::is_lowercase);
    label
        .split_whitespace()
        .map(|w| {
            if shouting && !w.starts_with('(') {
                title_case(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(line: &str) -> Option<(String, &str)> {
        match split_label(line)? {
            Label::Named(l, r) => Some((display_name(l), r)),
            Label::Unknown(r) => Some((String::new(), r)),
        }
    }

    #[test]
    fn conventions() {
        let cases = [
            ("Dr. Patel: We saw it.", "Dr. Patel"),
            ("Mr. Smith: No.", "Mr. Smith"),
            ("Sen. Warren: I disagree.", "Sen. Warren"),
            ("SEN. BENEDETTI: Thank you.", "Sen. Benedetti"),
            ("GOV. KASICH: Well.", "Gov. Kasich"),
            ("Patel (WHO): The data.", "Patel (WHO)"),
            (">> HOST: Welcome back.", "Host"),
            ("{\\an8}HOST: Good evening.", "Host"),
            ("\u{feff}MODERATOR: Welcome.", "Moderator"),
            ("الوزير: سنفتح ثلاثة معابر.", "الوزير"),
            ("השר: התקציב יגדל.", "השר"),
            ("[00:01:02] Jane Doe: Hi.", "Jane Doe"),
            ("PRESIDENT TRUMP: Thank you.", "President Trump"),
            ("MS. O'ROURKE: Yes.", "Ms. O'Rourke"),
            ("UNIDENTIFIED MALE: Hey.", "Unidentified Male"),
            ("Ursula von der Leyen: Europe.", "Ursula von der Leyen"),
            ("Q: When?", "Q"),
            ("Le\u{a0}Point: What?", "Le Point"),
            ("**Antoine Bondaz:** Yes.", "Antoine Bondaz"),
            ("**Kwame Mensah**: Our bills.", "Kwame Mensah"),
            ("Jordan Blake (00:00:04): Thanks.", "Jordan Blake"),
            ("Audience member: Why?", "Audience member"),
            ("Speaker 2: Hello.", "Speaker 2"),
        ];
        for (line, want) in cases {
            assert_eq!(name(line).map(|n| n.0), Some(want.to_string()), "{line}");
        }
        assert_eq!(
            name(">> We are back."),
            Some((String::new(), "We are back."))
        );
    }

    #[test]
    fn not_labels() {
        for line in [
            "Note: the budget was cut.",
            "Here is the thing: it failed.",
            "The time was 12:30 then.",
            "see https://x.org",
            "Firstly, that is it: yes",
            "Update: we were wrong.",
            "It is simple. Look: no.",
            "In 2020: growth.",
            "Participants: Ana, Ben.",
        ] {
            assert_eq!(name(line), None, "{line}");
        }
    }

    #[test]
    fn labels_alone_on_their_line() {
        for (line, want) in [
            ("Jordan Blake (00:00:04):", Some("Jordan Blake")),
            ("Priya Nair  0:03", Some("Priya Nair")),
            ("Unknown Speaker  1:02:33", Some("Unknown Speaker")),
            (
                "**Councillor Ines Duarte:**",
                Some("Councillor Ines Duarte"),
            ),
            ("**Ines Duarte**", Some("Ines Duarte")),
            ("MODERATOR:", Some("MODERATOR")),
            ("The meeting starts at 9:30", None),
            ("Update 10:30", None),
            ("Thanks for having me.", None),
        ] {
            assert_eq!(header_label(line), want, "{line}");
        }
    }

    #[test]
    fn placeholders_name_nobody() {
        for l in [
            "Speaker 1",
            "SPEAKER 2",
            "Unknown Speaker",
            "Unidentified Male",
            "Caller 2",
            "Speaker B",
            "Speaker",
        ] {
            assert!(is_placeholder(l), "{l}");
        }
        for l in [
            "Priya Nair",
            "Host",
            "Audience member",
            "Q",
            "Sen. Benedetti",
        ] {
            assert!(!is_placeholder(l), "{l}");
        }
    }

    #[test]
    fn look_alikes_and_stage_directions() {
        assert!(looks_like_label("Tom Reilly, Bank of Ireland: The figure."));
        assert!(looks_like_label("Rep. Cole [via interpreter]: Yes."));
        for line in [
            "Here is the thing: it failed.",
            "Note: cut.",
            "Carla Mendes: Yes.",
            "In 2020: growth.",
        ] {
            assert!(!looks_like_label(line), "{line}");
        }
        for t in ["(APPLAUSE)", "[LAUGHTER]", "[Music]", "(inaudible)"] {
            assert!(is_not_speech(t), "{t}");
        }
        assert!(is_not_speech("Transcribed by https://otter.ai"));
        assert!(!is_not_speech("(Applause) Thank you."));
    }
}

//! Speaker labels at the start of a line: `Name: text` with the conventions
//! transcripts really use (titles with periods, affiliations in parentheses,
//! all-caps surnames, `[00:01:02]` timestamps, broadcast `>>` turn marks,
//! subtitle position tags, BOM and non-breaking spaces). The one owner of
//! "is this line a label".

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

fn named(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let after = line[colon + 1..].trim_start_matches(['*', '_']);
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let label = line[..colon].trim().trim_matches(['*', '_']).trim();
    let rest = after
        .trim_start()
        .trim_start_matches(['*', '_'])
        .trim_start();
    if rest.is_empty() || rest.starts_with("//") || !plausible_name(label) {
        return None;
    }
    Some((label, rest))
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
    words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        let dots_ok = !w.contains('.') || is_abbrev(w);
        dots_ok && (starts_name(first) || (i > 0 && PARTICLES.contains(&w.to_lowercase().as_str())))
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
        ] {
            assert_eq!(name(line), None, "{line}");
        }
    }
}

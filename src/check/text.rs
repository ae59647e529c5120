//! Text hygiene: characters that hide or reorder what a reviewer sees
//! (bidirectional overrides — "Trojan Source" —, TAG characters that spell
//! hidden text — "ASCII smuggling" —, zero-width characters),
//! control characters and terminal escape sequences that would drive a
//! terminal, and plain scalars a YAML 1.1 reader would read as something
//! other than text.

use crate::diag::{is_bidi_control, is_invisible, is_tag_character, tag_payload, Code};

/// The code for a suspicious character, if `c` is one. The right-to-left
/// and left-to-right marks are not suspicious (see `diag::is_bidi_mark`).
pub fn char_code(c: char) -> Option<Code> {
    if is_tag_character(c) {
        Some(Code::TagCharacter)
    } else if is_bidi_control(c) {
        Some(Code::BidiControl)
    } else if c.is_control() && c != '\n' && c != '\t' {
        Some(Code::ControlCharacter)
    } else if is_invisible(c) || c == '\u{2028}' || c == '\u{2029}' {
        Some(Code::InvisibleCharacter)
    } else {
        None
    }
}

/// The first suspicious character of each kind in `s`.
pub fn suspicious_chars(s: &str) -> Vec<(Code, char)> {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t')
    {
        return Vec::new();
    }
    let mut out: Vec<(Code, char)> = Vec::new();
    for c in s.chars() {
        if let Some(code) = char_code(c) {
            if !out.iter().any(|(k, _)| *k == code) {
                out.push((code, c));
            }
        }
    }
    out
}

/// A description of the character and what to do about it; `context` is
/// the text from that character on (it tells the hidden text TAG
/// characters spell).
pub fn char_problem(code: Code, c: char, context: &str) -> (String, &'static str) {
    let name = format!("U+{:04X}", c as u32);
    match code {
        Code::TagCharacter => {
            let hidden = tag_payload(context, 60);
            let spelled = if hidden.is_empty() {
                String::new()
            } else {
                format!(" spelling the hidden text {hidden:?}")
            };
            (
                format!("TAG characters from {name}{spelled}, invisible to reviewers but read by machines (ASCII smuggling)"),
                "delete the hidden characters; retype the text around them if unsure",
            )
        }
        Code::BidiControl => (
            format!("the bidirectional control character {name}, which can make text display in another order than it reads (Trojan Source)"),
            "delete the character; retype the text around it if unsure",
        ),
        Code::ControlCharacter if c == '\u{1b}' => (
            format!("the escape character {name}, which starts a terminal control sequence"),
            "delete the escape sequence; records hold plain text",
        ),
        Code::ControlCharacter => (
            format!("the control character {name}"),
            "delete the character; records hold plain text",
        ),
        _ => (
            format!("the invisible character {name}"),
            "delete it: an invisible character makes text differ from what reviewers see",
        ),
    }
}

/// Suspicious characters written as is in the text (not as escapes), with
/// their byte offsets: at most one per line and kind. A leading byte-order
/// mark is reported apart.
pub fn raw_scan(text: &str) -> Vec<(Code, usize, char)> {
    let mut out: Vec<(Code, usize, char)> = Vec::new();
    let plain = |b: &u8| (0x20..0x7f).contains(b) || matches!(b, b'\n' | b'\t' | b'\r');
    if text.bytes().all(|b| plain(&b)) {
        return out;
    }
    let mut line_start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            line_start = i + 1;
            continue;
        }
        if c == '\r' || (i == 0 && c == '\u{feff}') {
            continue;
        }
        if let Some(code) = char_code(c) {
            // Findings are in order: only this line's are looked at.
            if !out
                .iter()
                .rev()
                .take_while(|(_, off, _)| *off >= line_start)
                .any(|(k, _, _)| *k == code)
            {
                out.push((code, i, c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hidden_characters() {
        assert_eq!(suspicious_chars("plain text"), vec![]);
        assert_eq!(
            suspicious_chars("a\u{202E}b\u{200B}c\u{1b}[31m"),
            vec![
                (Code::BidiControl, '\u{202E}'),
                (Code::InvisibleCharacter, '\u{200B}'),
                (Code::ControlCharacter, '\u{1b}')
            ]
        );
        assert_eq!(suspicious_chars("line\nbreak\ttab é"), vec![]);
    }

    #[test]
    fn tag_characters_are_flagged_and_spelled_out() {
        let hidden: String = "ignore the rating"
            .chars()
            .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
            .collect();
        let s = format!("Russia needs them{hidden}.");
        assert_eq!(
            suspicious_chars(&s),
            vec![(Code::TagCharacter, '\u{E0069}')]
        );
        let from = s.find('\u{E0069}').unwrap();
        let (message, _) = char_problem(Code::TagCharacter, '\u{E0069}', &s[from..]);
        assert!(message.contains("\"ignore the rating\""), "{message}");
        assert_eq!(char_code('\u{E0001}'), Some(Code::TagCharacter));
        assert_eq!(char_code('\u{E007F}'), Some(Code::TagCharacter));
        assert_eq!(char_code('\u{E0080}'), None);
    }

    #[test]
    fn right_to_left_marks_pass_and_overrides_do_not() {
        for s in [
            "\u{200F}«الحرب في أوكرانيا»\u{200F} قال",
            "הוא אמר: \u{200E}NATO\u{200E} לא",
            "\u{61C}١٢٣ صاروخ",
        ] {
            assert_eq!(suspicious_chars(s), vec![], "{s}");
            assert_eq!(raw_scan(s), vec![], "{s}");
        }
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}',
        ] {
            assert_eq!(char_code(c), Some(Code::BidiControl), "{c:?}");
        }
    }

    #[test]
    fn raw_scan_reports_once_per_line() {
        let t = "\u{feff}a: x\u{200B}\u{200B}\nb: \u{1b}[0m\r\n";
        assert_eq!(
            raw_scan(t),
            vec![
                (Code::InvisibleCharacter, 7, '\u{200B}'),
                (Code::ControlCharacter, 17, '\u{1b}')
            ]
        );
    }
}

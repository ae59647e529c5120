//! Text hygiene: characters that hide or reorder what a reviewer sees
//! (bidirectional overrides — "Trojan Source" —, zero-width characters),
//! control characters and terminal escape sequences that would drive a
//! terminal, and plain scalars a YAML 1.1 reader would read as something
//! other than text.

use crate::diag::{is_bidi_control, is_invisible, Code};

/// The code for a suspicious character, if `c` is one.
pub fn char_code(c: char) -> Option<Code> {
    if is_bidi_control(c) {
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

/// A description of the character and what to do about it.
pub fn char_problem(code: Code, c: char) -> (String, &'static str) {
    let name = format!("U+{:04X}", c as u32);
    match code {
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
            if !out
                .iter()
                .any(|(k, off, _)| *k == code && *off >= line_start)
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

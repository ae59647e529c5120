//! The one escaping rule for text shown to people: desk content is untrusted,
//! so every control character (C0 except newline and tab, DEL, C1), every
//! explicit bidirectional embedding, override or isolate (U+202A–U+202E,
//! U+2066–U+2069) and every TAG character (U+E0000–U+E007F) is printed as a
//! visible `\u{…}` escape. The marks U+200E, U+200F and U+061C are kept: they
//! cannot reorder text beyond their own line and right-to-left quotes need
//! them. `Out::line` and `write_stderr` call this; machine formats (JSON) go
//! through `Out::data` and are left to their serializer.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as itself. The character classes
/// are the ones `check` flags, owned by `factdesk::model::hygiene`.
pub fn is_hidden_control(c: char) -> bool {
    use factdesk::model::hygiene::{is_bidi_control, is_tag_character};
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) || is_tag_character(c)
}

/// `s` with every hidden control shown as `\u{…}`; when `keep_sgr`, colour
/// sequences (`ESC [ digits ; m`) are kept so factdesk's own colours work.
pub fn for_terminal(s: &str, keep_sgr: bool) -> Cow<'_, str> {
    if !s.chars().any(is_hidden_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if keep_sgr && c == '\x1b' {
            if let Some(n) = sgr_len(rest) {
                out.push_str(&rest[..n]);
                rest = &rest[n..];
                continue;
            }
        }
        if is_hidden_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Length of a colour sequence at the start of `s`, if there is one.
fn sgr_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\x1b[")?;
    let digits = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(digits) == Some(&b'm')).then_some(2 + digits + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_tags_are_shown_not_obeyed() {
        let s = "a\x1b]0;pwned\x07b\u{202e}c\u{e0041}\r\u{9b}";
        assert_eq!(
            for_terminal(s, false),
            "a\\u{1b}]0;pwned\\u{7}b\\u{202e}c\\u{e0041}\\u{d}\\u{9b}"
        );
    }

    #[test]
    fn right_to_left_text_and_layout_survive() {
        let s = "قال \u{200f}«مرحبا»\u{61c} שלום\u{200e}\n\tnext";
        assert_eq!(for_terminal(s, false), s);
    }

    #[test]
    fn own_colours_kept_only_when_asked() {
        assert_eq!(
            for_terminal("\x1b[1;31mx\x1b[0m", true),
            "\x1b[1;31mx\x1b[0m"
        );
        assert_eq!(for_terminal("\x1b[1;31mx", false), "\\u{1b}[1;31mx");
        assert_eq!(for_terminal("\x1b[2Jx", true), "\\u{1b}[2Jx");
    }
}

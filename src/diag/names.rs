//! Names for the characters a reader cannot see: when two versions of a text
//! differ only by a zero-width space, a bidi override, a no-break space or a
//! carriage return, a diff that prints both sides as they are shows two
//! identical lines. [`named`] writes each such character as
//! `⟨U+200B ZERO WIDTH SPACE⟩`, so the difference is on the page.
//!
//! Which characters are hidden is not decided here: it is every character
//! the hygiene classification of [`crate::model::hygiene`] knows (invisible, bidi
//! controls and marks, TAG characters, control characters) and every
//! whitespace other than the plain space (a no-break space looks like one).
//! This file only gives them names.

use crate::model::hygiene::{is_bidi_mark, is_invisible, is_tag_character};

/// Whether a reader cannot see `c` or cannot tell it from a plain space.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_invisible(c) || is_bidi_mark(c) || (c.is_whitespace() && c != ' ')
}

/// The Unicode names of the hidden characters that have one worth showing.
const NAMES: &[(char, &str)] = &[
    ('\t', "TAB"),
    ('\n', "LINE FEED"),
    ('\r', "CARRIAGE RETURN"),
    ('\u{1B}', "ESCAPE"),
    ('\u{7F}', "DELETE"),
    ('\u{85}', "NEXT LINE"),
    ('\u{A0}', "NO-BREAK SPACE"),
    ('\u{AD}', "SOFT HYPHEN"),
    ('\u{61C}', "ARABIC LETTER MARK"),
    ('\u{1680}', "OGHAM SPACE MARK"),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{2000}', "EN QUAD"),
    ('\u{2001}', "EM QUAD"),
    ('\u{2002}', "EN SPACE"),
    ('\u{2003}', "EM SPACE"),
    ('\u{2004}', "THREE-PER-EM SPACE"),
    ('\u{2005}', "FOUR-PER-EM SPACE"),
    ('\u{2006}', "SIX-PER-EM SPACE"),
    ('\u{2007}', "FIGURE SPACE"),
    ('\u{2008}', "PUNCTUATION SPACE"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200A}', "HAIR SPACE"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{2028}', "LINE SEPARATOR"),
    ('\u{2029}', "PARAGRAPH SEPARATOR"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{202F}', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2061}', "FUNCTION APPLICATION"),
    ('\u{2062}', "INVISIBLE TIMES"),
    ('\u{2063}', "INVISIBLE SEPARATOR"),
    ('\u{2064}', "INVISIBLE PLUS"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE"),
];

/// How a hidden character is written out: `U+200B ZERO WIDTH SPACE`,
/// `U+E0061 TAG 'a'` (a TAG character shows the ASCII letter it hides),
/// `U+0007 CONTROL`; None for a character a reader sees.
pub fn hidden_name(c: char) -> Option<String> {
    if !is_hidden(c) {
        return None;
    }
    let code = format!("U+{:04X}", c as u32);
    if let Some((_, name)) = NAMES.iter().find(|(k, _)| *k == c) {
        return Some(format!("{code} {name}"));
    }
    if is_tag_character(c) {
        let hidden = char::from_u32(c as u32 - 0xE0000).filter(|x| x.is_ascii_graphic());
        return Some(match hidden {
            Some(x) => format!("{code} TAG '{x}'"),
            None => format!("{code} TAG"),
        });
    }
    Some(if c.is_control() {
        format!("{code} CONTROL")
    } else {
        code
    })
}

/// `s` with every hidden character written out by code point and name
/// between `⟨` and `⟩`.
pub fn named(s: &str) -> String {
    if !s.chars().any(is_hidden) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 32);
    for c in s.chars() {
        match hidden_name(c) {
            Some(name) => {
                out.push('⟨');
                out.push_str(&name);
                out.push('⟩');
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_written_out_and_text_is_kept() {
        assert_eq!(named("Kim\u{200B} met"), "Kim⟨U+200B ZERO WIDTH SPACE⟩ met");
        assert_eq!(named("a\u{A0}b"), "a⟨U+00A0 NO-BREAK SPACE⟩b");
        assert_eq!(named("\u{202E}evil"), "⟨U+202E RIGHT-TO-LEFT OVERRIDE⟩evil");
        assert_eq!(named("x\u{E0061}"), "x⟨U+E0061 TAG 'a'⟩");
        assert_eq!(named("bell\u{7}"), "bell⟨U+0007 CONTROL⟩");
        assert_eq!(named("line\r"), "line⟨U+000D CARRIAGE RETURN⟩");
        assert_eq!(named("Путин — «да» قال"), "Путин — «да» قال");
    }

    #[test]
    fn every_character_the_check_flags_is_hidden_here() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            if crate::model::hygiene::Hidden::of(c).is_some() {
                assert!(
                    is_hidden(c),
                    "U+{:04X} is flagged by check but not named",
                    c as u32
                );
            }
        }
    }
}

//! Names for the characters a reader cannot see: when two versions of a text
//! differ only by a zero-width space, a bidi override, a non-breaking space
//! or a control character, a diff that prints both sides as they are shows
//! two identical lines. [`named`] writes each such character as
//! `⟨U+200B ZERO WIDTH SPACE⟩`, so the difference is on the page.

/// The name shown for a character a reader cannot see or tell apart from an
/// ordinary one, if `c` is such a character.
pub fn hidden_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{2000}'..='\u{200A}' => "WIDTH SPACE",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{205F}' => "MEDIUM MATHEMATICAL SPACE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}'..='\u{2064}' => "INVISIBLE OPERATOR",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        '\t' => "TAB",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{1B}' => "ESCAPE",
        c if super::is_tag_character(c) => "TAG",
        c if c.is_control() => "CONTROL",
        _ => return None,
    })
}

/// `s` with every hidden character written out by code point and name
/// (`⟨U+200B ZERO WIDTH SPACE⟩`); a TAG character also shows the ASCII
/// letter it hides (`⟨U+E0061 TAG 'a'⟩`).
pub fn named(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match hidden_name(c) {
            Some("TAG") => {
                let shown = char::from_u32(c as u32 - 0xE0000).filter(|x| x.is_ascii_graphic());
                match shown {
                    Some(x) => out.push_str(&format!("⟨U+{:04X} TAG '{x}'⟩", c as u32)),
                    None => out.push_str(&format!("⟨U+{:04X} TAG⟩", c as u32)),
                }
            }
            Some(name) => out.push_str(&format!("⟨U+{:04X} {name}⟩", c as u32)),
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
        assert_eq!(named("Путин — «да»"), "Путин — «да»");
    }
}

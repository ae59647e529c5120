//! Keeping untrusted text inert in each output format: Markdown escaping,
//! JSON that is safe inside an HTML `<script>`, spreadsheet-safe CSV cells.

/// Escapes text for Markdown: every character CommonMark or GitHub could read
/// as markup gets a backslash, line breaks become spaces (so a value can never
/// start a heading, list, quote or table row), and a leading list or heading
/// marker is neutralised.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_start = true;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !at_start {
            // Past the first character only ASCII bytes are special, so the
            // rest is copied in runs between them.
            markdown_rest(&s[i..], &mut out);
            break;
        }
        match c {
            '\r' | '\n' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
            '-' | '+' | '=' => {
                out.push('\\');
                out.push(c);
            }
            d if d.is_ascii_digit() => {
                out.push(d);
                while let Some(&(_, n)) = chars.peek().filter(|(_, n)| n.is_ascii_digit()) {
                    out.push(n);
                    chars.next();
                }
                if let Some(&(_, p)) = chars.peek().filter(|(_, p)| matches!(p, '.' | ')')) {
                    out.push('\\');
                    out.push(p);
                    chars.next();
                }
            }
            _ => markdown_rest(&s[i..i + c.len_utf8()], &mut out),
        }
        at_start = false;
    }
    out
}

/// [`markdown`] of text that is not at the start of the value.
fn markdown_rest(s: &str, out: &mut String) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'#'
                | b'|'
                | b'!'
                | b'~'
                | b'&'
        );
        if !escaped && b != b'\r' && b != b'\n' {
            continue;
        }
        out.push_str(&s[from..i]);
        from = i + 1;
        if escaped {
            out.push('\\');
            out.push(b as char);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.push_str(&s[from..]);
}

/// JSON text made safe to embed in an HTML `<script>` element: `<`, `>`, `&`
/// and the JavaScript line separators become `\uXXXX` escapes, which every
/// JSON parser reads back as the same characters.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut from = 0;
    let bytes = json.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => "\\u2028",
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[from..i]);
        out.push_str(escape);
        from = i + if b == 0xE2 { 3 } else { 1 };
    }
    out.push_str(&json[from..]);
    out
}

/// One CSV cell per RFC 4180, with formula triggers neutralised: a cell a
/// spreadsheet would run (`=`, `+`, `-`, `@`, tab, carriage return first) is
/// prefixed with `'`.
pub fn csv_cell(s: &str) -> String {
    let neutral = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if neutral.contains([',', '"', '\n', '\r']) || neutral.starts_with('\'') {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_and_html_stay_text() {
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "\\[x\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert_eq!(markdown("<script>"), "\\<script\\>");
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("# title\n- item"), "\\# title - item");
        assert_eq!(markdown("1. first"), "1\\. first");
        assert_eq!(markdown("2023 was"), "2023 was");
        assert_eq!(markdown("a_b*c`d\\"), "a\\_b\\*c\\`d\\\\");
    }

    #[test]
    fn json_cannot_close_a_script() {
        let j = serde_json::to_string("</script><b>&").unwrap_or_default();
        let safe = json_for_script(&j);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: String = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, "</script><b>&");
    }

    /// The escapes as first written, one character at a time: the fast
    /// versions must give the same bytes.
    fn markdown_by_char(s: &str) -> String {
        let mut out = String::new();
        let mut at_start = true;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' | '\n' => {
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                    continue;
                }
                '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '|' | '!'
                | '~' | '&' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' | '+' | '=' if at_start => {
                    out.push('\\');
                    out.push(c);
                }
                d if at_start && d.is_ascii_digit() => {
                    out.push(d);
                    while let Some(&n) = chars.peek().filter(|n| n.is_ascii_digit()) {
                        out.push(n);
                        chars.next();
                    }
                    if let Some(&p) = chars.peek().filter(|p| matches!(p, '.' | ')')) {
                        out.push('\\');
                        out.push(p);
                        chars.next();
                    }
                }
                _ => out.push(c),
            }
            at_start = false;
        }
        out
    }

    fn json_for_script_by_char(json: &str) -> String {
        let mut out = String::new();
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                _ => out.push(c),
            }
        }
        out
    }

    /// Texts built from pieces that matter to the escapes: every special
    /// character, leading markers, digits, line breaks, RTL and other
    /// multi-byte text, the separators and their near neighbours (U+2027,
    /// U+202A, U+20AC share the first byte).
    fn samples() -> Vec<String> {
        let pieces = [
            "", "a", "1", "12", ".", ")", "-", "+", "=", " ", "\n", "\r\n", "\r", "\\", "`", "*",
            "_", "[", "]", "(", "<", ">", "#", "|", "!", "~", "&", "é", "ש", "ع", "€", "\u{2027}",
            "\u{2028}", "\u{2029}", "\u{202A}", "\u{200F}", "😀", "\"",
        ];
        let mut out = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in ["", "x", "3.", "\n-", "\u{2028}<"] {
                    out.push(format!("{a}{b}{c}"));
                    out.push(format!("{c}{a}{b}"));
                }
            }
        }
        out.push("1999. The year \n\n# was *big* [see](x) & <b>so</b> | ~ !".to_string());
        out.push("\n\n42) answer\r\n- item\u{2028}next".to_string());
        out
    }

    #[test]
    fn the_fast_escapes_give_the_bytes_of_the_char_by_char_ones() {
        for s in samples() {
            assert_eq!(markdown(&s), markdown_by_char(&s), "markdown of {s:?}");
            assert_eq!(
                json_for_script(&s),
                json_for_script_by_char(&s),
                "json_for_script of {s:?}"
            );
        }
    }

    #[test]
    fn csv_formulas_are_neutralised_and_quoted() {
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
        assert_eq!(csv_cell("-2"), "\"'-2\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}

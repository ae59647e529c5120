//! Keeping untrusted text inert in each output format: Markdown escaping,
//! JSON that is safe inside an HTML `<script>`, spreadsheet-safe CSV cells.

/// Escapes text for Markdown: every character CommonMark or GitHub could read
/// as markup gets a backslash, line breaks become spaces (so a value can never
/// start a heading, list, quote or table row), and a leading list or heading
/// marker is neutralised.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
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
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '|' | '!' | '~'
            | '&' => {
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

/// JSON text made safe to embed in an HTML `<script>` element: `<`, `>`, `&`
/// and the JavaScript line separators become `\uXXXX` escapes, which every
/// JSON parser reads back as the same characters.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
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

    #[test]
    fn csv_formulas_are_neutralised_and_quoted() {
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
        assert_eq!(csv_cell("-2"), "\"'-2\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}

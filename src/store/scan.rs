//! A lexical pass over a record's YAML text, before any parser sees it: finds
//! the constructs a record may not hold (anchors, aliases, tags, directives,
//! several documents, merge keys, tab indentation, deep flow nesting) and the
//! comments a rewrite would lose. Linear in the text; never recurses.

use crate::diag::Code;

/// Deepest flow nesting (`[[[…]]]`) a record may hold.
pub const MAX_FLOW_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construct {
    Anchor,
    Alias,
    Tag,
    Directive,
    SecondDocument,
    MergeKey,
    TabIndent,
    DeepNesting,
}

impl Construct {
    pub fn code(self) -> Code {
        match self {
            Construct::Anchor => Code::YamlAnchor,
            Construct::Alias => Code::YamlAlias,
            Construct::Tag => Code::YamlTag,
            Construct::Directive => Code::YamlDirective,
            Construct::SecondDocument => Code::YamlMultipleDocuments,
            Construct::MergeKey => Code::YamlMergeKey,
            Construct::TabIndent => Code::YamlTabIndent,
            Construct::DeepNesting => Code::YamlDeepNesting,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Construct::Anchor => "anchors (`&name`) are not allowed in a record",
            Construct::Alias => "aliases (`*name`) are not allowed in a record",
            Construct::Tag => "tags (`!tag`) are not allowed in a record",
            Construct::Directive => "YAML directives (`%YAML`, `%TAG`) are not allowed in a record",
            Construct::SecondDocument => "a record holds exactly one YAML document",
            Construct::MergeKey => "merge keys (`<<`) are not allowed in a record",
            Construct::TabIndent => "tabs cannot indent YAML",
            Construct::DeepNesting => "flow collections are nested too deeply",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            Construct::Anchor | Construct::Alias | Construct::MergeKey => {
                "write the value out in full where it is used"
            }
            Construct::Tag => "remove the tag: every field has a fixed type",
            Construct::Directive => "remove the directive line",
            Construct::SecondDocument => {
                "remove the `---` line and what follows, or move it into its own file"
            }
            Construct::TabIndent => "indent with spaces",
            Construct::DeepNesting => "records never nest flow collections; write block YAML",
        }
    }
}

#[derive(Debug, Default)]
pub struct Scan {
    /// Forbidden constructs and the byte offset where each starts.
    pub found: Vec<(Construct, usize)>,
    /// Byte offsets of comments after the first content line.
    pub body_comments: Vec<usize>,
    /// The comment lines that open the file (kept on rewrite), including newlines.
    pub header: String,
}

/// Scans `text`; stops collecting after 20 findings.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut seen_content = false;
    let mut block_indent: Option<usize> = None; // inside a block scalar more indented than this
    let mut offset = 0;
    let mut quote: Option<u8> = None; // inside a multi-line quoted scalar
    let mut depth = 0usize;
    for line in lines(text) {
        let start = offset;
        offset += line.len();
        let body = without_line_end(line);
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Some(bi) = block_indent {
            if body.trim().is_empty() || indent > bi {
                continue;
            }
            block_indent = None;
        }
        if quote.is_none() && depth == 0 {
            let trimmed = body.trim_start_matches(' ');
            if !seen_content && (trimmed.starts_with('#') || trimmed.is_empty()) {
                if trimmed.starts_with('#') {
                    out.header.push_str(line);
                }
                continue;
            }
            if trimmed.starts_with('\t') && !trimmed.trim().is_empty() {
                out.found.push((Construct::TabIndent, start + indent));
            }
            if body.starts_with('%') && !seen_content {
                out.found.push((Construct::Directive, start));
                continue;
            }
            if body == "---" || body.starts_with("--- ") || body == "..." {
                if seen_content && body != "..." {
                    out.found.push((Construct::SecondDocument, start));
                }
                if body == "---" || body == "..." {
                    continue;
                }
            }
        }
        if !body.trim().is_empty() {
            seen_content = true;
        }
        let r = scan_line(
            body.as_bytes(),
            start,
            indent,
            &mut quote,
            &mut depth,
            &mut out,
        );
        if let Some(bi) = r {
            block_indent = Some(bi);
        }
        if out.found.len() >= 20 {
            break;
        }
    }
    out
}

/// The lines of `text`, each with its `\n` (the last one without, when the
/// text does not end with one): `str::split_inclusive('\n')`, with the
/// memchr crate's search, markedly faster on a record's long lines.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        // `end` follows a `\n` or is the end: a char boundary.
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// `line` without the `\n` and `\r` characters that end it.
fn without_line_end(line: &str) -> &str {
    let b = line.as_bytes();
    let mut end = b.len();
    while end > 0 && matches!(b[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    // Only ASCII bytes were cut: a char boundary.
    &line[..end]
}

/// Scans one line; returns the indentation a block scalar started here must exceed.
fn scan_line(
    b: &[u8],
    start: usize,
    indent: usize,
    quote: &mut Option<u8>,
    depth: &mut usize,
    out: &mut Scan,
) -> Option<usize> {
    let mut i: usize;
    // Finish a quoted scalar carried over from earlier lines.
    if let Some(q) = *quote {
        match close_quote(b, 0, q) {
            Some(end) => {
                *quote = None;
                i = end;
            }
            None => return None,
        }
    } else {
        i = indent;
    }
    let mut node_start = true; // at a position where a node may begin
    let mut line_key_indent = indent;
    while i < b.len() {
        if !node_start && *depth == 0 {
            // Inside a plain value outside flow collections only a comment
            // (`#`) or a `: ` that starts the next node changes anything:
            // jump to the next of them (most of a record is such text).
            match memchr::memchr2(b':', b'#', &b[i..]) {
                Some(p) => i += p,
                None => return None,
            }
        }
        let c = b[i];
        match c {
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t' => {
                out.body_comments.push(start + i);
                return None;
            }
            _ => {}
        }
        if node_start {
            match c {
                b'-' if b.get(i + 1).is_none_or(|n| *n == b' ') && *depth == 0 => {
                    line_key_indent = i + 2;
                    i += 1;
                    continue;
                }
                b'&' => out.found.push((Construct::Anchor, start + i)),
                b'*' => out.found.push((Construct::Alias, start + i)),
                b'!' => out.found.push((Construct::Tag, start + i)),
                b'|' | b'>' if *depth == 0 => {
                    return Some(line_key_indent.saturating_sub(1).min(indent))
                }
                b'"' | b'\'' => {
                    match close_quote(b, i + 1, c) {
                        Some(end) => i = end,
                        None => {
                            *quote = Some(c);
                            return None;
                        }
                    }
                    node_start = false;
                    continue;
                }
                b'[' | b'{' => {
                    *depth += 1;
                    if *depth > MAX_FLOW_DEPTH {
                        out.found.push((Construct::DeepNesting, start + i));
                        *depth = 0;
                        return None;
                    }
                    i += 1;
                    continue;
                }
                b'<' if b[i..].starts_with(b"<<") && *depth == 0 => {
                    // A merge key is `<<` then `:` and a space or the line's end;
                    // a value like `<<:a` is plain text.
                    let rest = &b[i + 2..];
                    let colon = rest.iter().position(|c| *c != b' ');
                    let is_key = colon.is_some_and(|p| {
                        rest[p] == b':' && rest.get(p + 1).is_none_or(|n| *n == b' ' || *n == b'\t')
                    });
                    if is_key {
                        out.found.push((Construct::MergeKey, start + i));
                    }
                }
                _ => {}
            }
            node_start = false;
        }
        match c {
            b'[' | b'{' if *depth > 0 => {
                *depth += 1;
                if *depth > MAX_FLOW_DEPTH {
                    out.found.push((Construct::DeepNesting, start + i));
                    *depth = 0;
                    return None;
                }
                node_start = true;
            }
            b']' | b'}' if *depth > 0 => *depth -= 1,
            b',' if *depth > 0 => node_start = true,
            b':' if b.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t')
                || (*depth > 0 && b.get(i + 1).is_some_and(|n| b",]}".contains(n))) =>
            {
                node_start = true;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index just past the quote closing a scalar opened with `q`, from `i`.
fn close_quote(b: &[u8], mut i: usize, q: u8) -> Option<usize> {
    while i < b.len() {
        // Only the quote and, in a double-quoted scalar, a backslash matter.
        let next = if q == b'"' {
            memchr::memchr2(q, b'\\', &b[i..])
        } else {
            memchr::memchr(q, &b[i..])
        };
        i += next?;
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
            i += 2;
            continue;
        }
        return Some(i + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Construct> {
        scan(text).found.into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn lines_are_split_inclusive_and_ends_cut_as_before() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb\n\nc",
            "é\nü\r\r\n\r",
            "x\n\n\n",
        ] {
            let ours: Vec<&str> = lines(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
            for l in ours {
                assert_eq!(without_line_end(l), l.trim_end_matches(['\n', '\r']));
            }
        }
    }

    #[test]
    fn plain_records_are_clean() {
        let t = "id: a\nquote: \"it's & * ! fine # not a comment\"\ntags:\n  - a\n  - b\nnote: 'x '' y'\nurl: https://a.org/#frag\n";
        let s = scan(t);
        assert!(s.found.is_empty(), "{:?}", s.found);
        assert!(s.body_comments.is_empty());
    }

    #[test]
    fn finds_forbidden_constructs() {
        assert_eq!(
            kinds("a: &x 1\nb: *x\n"),
            vec![Construct::Anchor, Construct::Alias]
        );
        assert_eq!(kinds("a: !!str 1\n"), vec![Construct::Tag]);
        assert_eq!(kinds("a: 1\n---\nb: 2\n"), vec![Construct::SecondDocument]);
        assert_eq!(kinds("%YAML 1.1\n---\na: 1\n"), vec![Construct::Directive]);
        assert_eq!(kinds("a:\n  <<: {b: 1}\n"), vec![Construct::MergeKey]);
        assert!(kinds("by: <<:a\n").is_empty(), "a value, not a merge key");
        assert_eq!(kinds("a:\n\tb: 1\n"), vec![Construct::TabIndent]);
        assert_eq!(
            kinds(&format!("a: {}\n", "[".repeat(50))),
            vec![Construct::DeepNesting]
        );
        assert_eq!(
            kinds("a: [&x 1, *x]\n"),
            vec![Construct::Anchor, Construct::Alias]
        );
        assert_eq!(kinds("- &x a\n"), vec![Construct::Anchor]);
    }

    #[test]
    fn block_scalars_and_multiline_quotes_are_skipped() {
        assert!(kinds("a: |\n  &not an anchor\n  # not a comment\nb: 1\n").is_empty());
        assert!(kinds("a: \"multi\n  &line\"\nb: 1\n").is_empty());
    }

    #[test]
    fn long_values_are_skipped_to_what_matters() {
        // Text after a value's start: `:` without a space, `#` glued to a
        // word, escaped and doubled quotes all stay text; a later `: ` or
        // ` #` still counts.
        let t = "claim: a:b c#d e & f * g ! h [i] {j}, k\n\
                 quote: \"he said \\\"no\\\" & * ! # x\" # c1\n\
                 note: 'it''s & * # y' # c2\n\
                 url: https://a.org/x#y?z=1:2\n\
                 speaker: x: &anchor\n";
        let s = scan(t);
        assert_eq!(
            s.found.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            vec![Construct::Anchor]
        );
        assert_eq!(&t[s.found[0].1..s.found[0].1 + 7], "&anchor");
        let comments: Vec<&str> = s.body_comments.iter().map(|o| &t[*o..*o + 4]).collect();
        assert_eq!(comments, vec!["# c1", "# c2"]);
        // A quoted scalar left open runs on to the next line.
        assert_eq!(
            kinds("a: \"x \\\" & y\n  z *w\"\nb: &k 1\n"),
            vec![Construct::Anchor]
        );
    }

    #[test]
    fn separates_header_and_body_comments() {
        let s = scan("# header\n# more\nid: a # trailing\n# body\n");
        assert_eq!(s.header, "# header\n# more\n");
        assert_eq!(s.body_comments.len(), 2);
    }
}

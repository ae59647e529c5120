//! Finds where a field sits in a record's text, from its path
//! (`evidence[1].url`), so that semantic problems point at a line and column
//! like syntax errors do. A lexical walk over block YAML (with inline flow
//! collections on one line); when a path cannot be followed to the end it
//! stops at the deepest part it found.

use std::fmt;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into a record, such as `evidence[1].url`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    pub fn key(mut self, k: &str) -> FieldPath {
        self.0.push(Seg::Key(k.to_string()));
        self
    }

    pub fn index(mut self, i: usize) -> FieldPath {
        self.0.push(Seg::Index(i));
        self
    }

    /// Shorthand: `FieldPath::of("evidence", 1, "url")` style building from a top key.
    pub fn top(k: &str) -> FieldPath {
        FieldPath::default().key(k)
    }

    /// The last key of the path, if it ends with one.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Whether to point at a field's key or at its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Key,
    Value,
}

#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    /// Byte offset of `content` in the text.
    start: usize,
    indent: usize,
    content: &'t str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        let content = body.trim_start_matches([' ', '\u{feff}']);
        let indent = body.len() - content.len();
        if !content.is_empty() && !content.starts_with('#') && content != "---" {
            out.push(Line {
                start: offset + indent,
                indent,
                content,
            });
        }
        offset += raw.len();
    }
    out
}

/// Byte offset in `text` of the field at `path` (or of the deepest part of
/// the path that exists).
pub fn locate(text: &str, path: &FieldPath, target: Target) -> usize {
    let all = lines(text);
    let mut block: Vec<Line> = all;
    let mut best = block.first().map_or(0, |l| l.start);
    let mut inline: Option<usize> = None; // offset of an inline value
    let last = path.0.len().saturating_sub(1);
    for (i, seg) in path.0.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                if block.is_empty() {
                    if let Some(off) = inline.and_then(|o| find_flow_key(text, o, k)) {
                        best = off;
                    }
                    return best;
                }
                let Some((pos, line)) = find_key(&block, k) else {
                    return best;
                };
                best = line.start;
                let after = line.content[key_len(line.content, k)..].trim_start_matches(' ');
                let value_off = line.start + line.content.len() - after.len();
                if !after.is_empty() && !after.starts_with('#') {
                    inline = Some(value_off);
                    block = Vec::new();
                    if i < last || target == Target::Value {
                        best = value_off;
                    }
                } else {
                    inline = None;
                    block = children(&block[pos + 1..], line.indent);
                }
            }
            Seg::Index(n) => {
                if block.is_empty() {
                    if let Some(off) = inline.and_then(|o| flow_item(text, o, *n)) {
                        best = off;
                    }
                    return best;
                }
                let Some((item, sub, value)) = seq_item(&block, *n) else {
                    return best;
                };
                best = item;
                block = sub;
                inline = value;
                if let Some(v) = value {
                    best = v;
                }
            }
        }
    }
    best
}

fn key_len(content: &str, k: &str) -> usize {
    for quote in ["", "\"", "'"] {
        let head = format!("{quote}{k}{quote}");
        if let Some(rest) = content.strip_prefix(head.as_str()) {
            let rest_trim = rest.trim_start_matches(' ');
            if rest_trim.starts_with(':') {
                return content.len() - rest_trim.len() + 1;
            }
        }
    }
    0
}

fn find_key<'t>(block: &[Line<'t>], k: &str) -> Option<(usize, Line<'t>)> {
    let m = block.first()?.indent;
    block
        .iter()
        .enumerate()
        .find(|(_, l)| l.indent == m && key_len(l.content, k) > 0)
        .map(|(i, l)| (i, *l))
}

/// The lines of the value of a key at indent `m`: more indented lines, or a
/// sequence written at the key's own indent.
fn children<'t>(rest: &[Line<'t>], m: usize) -> Vec<Line<'t>> {
    let mut out = Vec::new();
    for l in rest {
        let dash = l.content == "-" || l.content.starts_with("- ");
        if l.indent > m || (l.indent == m && dash && out.iter().all(|o: &Line| o.indent == m)) {
            out.push(*l);
        } else {
            break;
        }
    }
    out
}

/// The `n`th item of a block sequence: its dash offset, the lines of its
/// content (the first one re-based after the dash) and, for a scalar item,
/// the value offset.
fn seq_item<'t>(block: &[Line<'t>], n: usize) -> Option<(usize, Vec<Line<'t>>, Option<usize>)> {
    let m = block.first()?.indent;
    let is_item = |l: &Line| l.indent == m && (l.content == "-" || l.content.starts_with("- "));
    let (pos, dash) = block
        .iter()
        .enumerate()
        .filter(|(_, l)| is_item(l))
        .nth(n)?;
    let mut sub = Vec::new();
    let rest = dash.content[1..].trim_start_matches(' ');
    let mut value = None;
    if !rest.is_empty() {
        let skip = dash.content.len() - rest.len();
        let first = Line {
            start: dash.start + skip,
            indent: m + skip,
            content: rest,
        };
        if key_like(rest) {
            sub.push(first);
        } else {
            value = Some(first.start);
        }
    }
    for l in &block[pos + 1..] {
        if l.indent <= m {
            break;
        }
        sub.push(*l);
    }
    Some((dash.start, sub, value))
}

fn key_like(content: &str) -> bool {
    if content.starts_with(['"', '\'', '[', '{']) {
        return content.starts_with(['"', '\'']) && content.contains("\":")
            || content.contains("':");
    }
    content.contains(": ") || content.ends_with(':')
}

/// Offset of `k:` inside a flow mapping that starts at `from`, on its line.
fn find_flow_key(text: &str, from: usize, k: &str) -> Option<usize> {
    let line = &text[from..text[from..].find('\n').map_or(text.len(), |e| from + e)];
    let mut search = 0;
    while let Some(p) = line[search..].find(k) {
        let at = search + p;
        let before = line[..at].trim_end_matches(' ');
        let after = line[at + k.len()..].trim_start_matches(' ');
        if (before.ends_with('{') || before.ends_with(',')) && after.starts_with(':') {
            let value = after[1..].trim_start_matches(' ');
            return Some(from + line.len() - value.len());
        }
        search = at + k.len();
    }
    None
}

/// Offset of the `n`th item of a flow sequence that starts at `from`.
fn flow_item(text: &str, from: usize, n: usize) -> Option<usize> {
    let line = &text[from..text[from..].find('\n').map_or(text.len(), |e| from + e)];
    let inner = line.strip_prefix('[')?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut item = 0;
    let mut item_start = Some(0);
    for (i, c) in inner.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if let Some(s) = item_start {
            if c != ' ' {
                if item == n {
                    return Some(from + 1 + i.max(s));
                }
                item_start = None;
            }
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '{' => depth += 1,
            ']' | '}' if depth == 0 => return None,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                item += 1;
                item_start = Some(i + 1);
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# header\nid: a\nlocation: {line: 8, start: x}\ntags: [a, 'b, c', d]\nevidence:\n  - url: https://a.org\n    title: A\n  - url: https://b.org\n    title: B\nhistory:\n- at: 2023\n  by: x\nreviews:\n  -\n    by: y\n";

    fn at(path: FieldPath, target: Target) -> (u32, u32) {
        let p = crate::diag::Place::at(TEXT, locate(TEXT, &path, target));
        (p.line, p.column)
    }

    #[test]
    fn finds_nested_fields() {
        let p = FieldPath::top("evidence").index(1).key("url");
        assert_eq!(p.to_string(), "evidence[1].url");
        assert_eq!(at(p.clone(), Target::Value), (8, 10));
        assert_eq!(at(p, Target::Key), (8, 5));
        assert_eq!(
            at(
                FieldPath::top("evidence").index(0).key("title"),
                Target::Value
            ),
            (7, 12)
        );
        assert_eq!(
            at(FieldPath::top("history").index(0).key("by"), Target::Value),
            (12, 7)
        );
        assert_eq!(
            at(FieldPath::top("reviews").index(0).key("by"), Target::Value),
            (15, 9)
        );
        assert_eq!(at(FieldPath::top("id"), Target::Value), (2, 5));
    }

    #[test]
    fn finds_flow_items() {
        assert_eq!(
            at(FieldPath::top("location").key("start"), Target::Value),
            (3, 28)
        );
        assert_eq!(at(FieldPath::top("tags").index(2), Target::Value), (4, 19));
    }

    #[test]
    fn stops_at_the_deepest_part_found() {
        assert_eq!(
            at(
                FieldPath::top("evidence").index(5).key("url"),
                Target::Value
            ),
            (5, 1)
        );
        assert_eq!(at(FieldPath::top("nope"), Target::Value), (2, 1));
    }
}

//! Finds where a field sits in a record's text, from its path
//! (`evidence[1].url`), so that semantic problems point at a line and column
//! like syntax errors do. A lexical walk over block YAML (with inline flow
//! collections on one line); when a path cannot be followed to the end it
//! stops at the deepest part it found.

use crate::diag::{LineIndex, Place};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
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
/// the path that exists). For several fields of one text, use a [`Locator`].
pub fn locate(text: &str, path: &FieldPath, target: Target) -> usize {
    Locator::new(text).offset(path, target)
}

/// Places many fields of one record's text, each in time independent of
/// the record's size: the lines, the line index and each mapping's keys,
/// sequence's items and flow collection's entries are found once, on the
/// first lookup that needs them (a record without problems costs nothing).
pub struct Locator<'t> {
    text: &'t str,
    built: OnceCell<Built<'t>>,
    /// The suspicious characters written as is in the text (see `text`).
    raw: OnceCell<HashSet<char>>,
    /// Lines and bytes read so far, beyond the one pass that lists the lines.
    work: Cell<usize>,
}

struct Built<'t> {
    lines: Vec<Line<'t>>,
    index: LineIndex,
    memo: RefCell<Memo>,
}

/// A run of lines: `head` (a sequence item's first line, after its dash)
/// then `lines[from..to]`.
#[derive(Debug, Clone, Copy)]
struct Block<'t> {
    head: Option<Line<'t>>,
    from: usize,
    to: usize,
}

type BlockKey = (Option<usize>, usize, usize);

impl<'t> Block<'t> {
    const EMPTY: Block<'static> = Block {
        head: None,
        from: 0,
        to: 0,
    };

    fn key(&self) -> BlockKey {
        (self.head.map(|h| h.start), self.from, self.to)
    }

    fn len(&self) -> usize {
        usize::from(self.head.is_some()) + self.to - self.from
    }

    fn get(&self, lines: &[Line<'t>], pos: usize) -> Line<'t> {
        match self.head {
            Some(h) if pos == 0 => h,
            Some(_) => lines[self.from + pos - 1],
            None => lines[self.from + pos],
        }
    }

    /// The index in `lines` of the line after position `pos`.
    fn after(&self, pos: usize) -> usize {
        self.from + pos + usize::from(self.head.is_none())
    }
}

#[derive(Default)]
struct Memo {
    /// Each block's keys at its indentation: the position of the first line of each.
    keys: HashMap<BlockKey, HashMap<String, usize>>,
    /// Each block's sequence items at its indentation: their positions.
    items: HashMap<BlockKey, Vec<usize>>,
    /// Where a run of lines that starts at a line, bounded and indented as
    /// given, ends: (start, bound, indent, items-only).
    ends: HashMap<(usize, usize, usize, bool), usize>,
    /// Each flow collection's item offsets, by its offset.
    flow_items: HashMap<usize, Vec<usize>>,
    /// Each flow mapping's value offsets by key, by its offset.
    flow_keys: HashMap<usize, HashMap<String, usize>>,
    /// Lines and bytes read (see [`Locator::work`]).
    work: usize,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            built: OnceCell::new(),
            raw: OnceCell::new(),
            work: Cell::new(0),
        }
    }

    /// Lines and bytes read by the lookups so far (places count their
    /// excerpt): a test holds it proportional to the number of lookups.
    pub fn work(&self) -> usize {
        self.work.get() + self.built.get().map_or(0, |b| b.memo.borrow().work)
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Whether the suspicious character `c` is written as is somewhere in
    /// the text (not only as an escape); the text is read once for all.
    pub fn holds_raw(&self, c: char) -> bool {
        self.raw
            .get_or_init(|| {
                self.text
                    .chars()
                    .filter(|c| crate::model::hygiene::Hidden::of(*c).is_some())
                    .collect()
            })
            .contains(&c)
    }

    fn built(&self) -> &Built<'t> {
        self.built.get_or_init(|| Built {
            lines: lines(self.text),
            index: LineIndex::new(self.text),
            memo: RefCell::new(Memo::default()),
        })
    }

    /// The place of the field at `path` (see [`Locator::offset`]).
    pub fn place(&self, path: &FieldPath, target: Target) -> Place {
        self.place_at(self.offset(path, target))
    }

    /// The place of byte `offset` of the text.
    pub fn place_at(&self, offset: usize) -> Place {
        let place = self.built().index.place(self.text, offset);
        self.work.set(self.work.get() + place.source_line.len());
        place
    }

    /// Byte offset of the field at `path` (or of the deepest part of the
    /// path that exists).
    pub fn offset(&self, path: &FieldPath, target: Target) -> usize {
        let built = self.built();
        let lines = &built.lines;
        let mut memo = built.memo.borrow_mut();
        let mut block = Block {
            head: None,
            from: 0,
            to: lines.len(),
        };
        let mut best = lines.first().map_or(0, |l| l.start);
        let mut inline: Option<usize> = None; // offset of an inline value
        let last = path.0.len().saturating_sub(1);
        for (i, seg) in path.0.iter().enumerate() {
            match seg {
                Seg::Key(k) => {
                    if block.len() == 0 {
                        if let Some(off) = inline.and_then(|o| memo.flow_key(self.text, o, k)) {
                            best = off;
                        }
                        return best;
                    }
                    let Some(pos) = memo.find_key(lines, block, k) else {
                        return best;
                    };
                    let line = block.get(lines, pos);
                    best = line.start;
                    let after = line.content[key_len(line.content, k)..].trim_start_matches(' ');
                    let value_off = line.start + line.content.len() - after.len();
                    if !after.is_empty() && !after.starts_with('#') {
                        inline = Some(value_off);
                        block = Block::EMPTY;
                        if i < last || target == Target::Value {
                            best = value_off;
                        }
                    } else {
                        inline = None;
                        block = memo.children(lines, block.after(pos), block.to, line.indent);
                    }
                }
                Seg::Index(n) => {
                    if block.len() == 0 {
                        if let Some(off) = inline.and_then(|o| memo.flow_item(self.text, o, *n)) {
                            best = off;
                        }
                        return best;
                    }
                    let Some((item, sub, value)) = memo.seq_item(lines, block, *n) else {
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
}

/// Length of `k:` (quoted or not, spaces before the colon) at the start of
/// `content`, or 0 when `content` does not start with that key.
fn key_len(content: &str, k: &str) -> usize {
    for quote in ["", "\"", "'"] {
        let rest = content
            .strip_prefix(quote)
            .and_then(|r| r.strip_prefix(k))
            .and_then(|r| r.strip_prefix(quote));
        if let Some(rest) = rest {
            let rest_trim = rest.trim_start_matches(' ');
            if rest_trim.starts_with(':') {
                return content.len() - rest_trim.len() + 1;
            }
        }
    }
    0
}

/// The keys a line may start with, as [`key_len`] reads them: a quoted key;
/// the text before the first colon; the text before the first colon that
/// ends a plain key (one followed by a space or the end of the line).
fn key_candidates(content: &str) -> impl Iterator<Item = &str> {
    let quoted = content
        .chars()
        .next()
        .filter(|q| *q == '"' || *q == '\'')
        .and_then(|q| {
            let end = content[1..].find(q)? + 1;
            content[end + 1..]
                .trim_start_matches(' ')
                .starts_with(':')
                .then(|| &content[1..end])
        });
    let first = content.find(':').map(|c| &content[..c]);
    let plain = content
        .match_indices(':')
        .map(|(c, _)| c)
        .find(|c| matches!(content.as_bytes().get(c + 1), None | Some(b' ' | b'\t')))
        .map(|c| &content[..c]);
    [quoted, first, plain]
        .into_iter()
        .flatten()
        .map(|k| k.trim_end_matches(' '))
        .filter(|k| !k.is_empty())
}

fn is_dash(l: &Line) -> bool {
    l.content == "-" || l.content.starts_with("- ")
}

impl Memo {
    fn find_key(&mut self, lines: &[Line], block: Block, k: &str) -> Option<usize> {
        let m = block.get(lines, 0).indent;
        let work = &mut self.work;
        let keys = self.keys.entry(block.key()).or_insert_with(|| {
            *work += block.len();
            let mut keys = HashMap::new();
            for pos in 0..block.len() {
                let l = block.get(lines, pos);
                if l.indent == m {
                    for c in key_candidates(l.content) {
                        keys.entry(c.to_string()).or_insert(pos);
                    }
                }
            }
            keys
        });
        keys.get(k)
            .copied()
            .filter(|pos| key_len(block.get(lines, *pos).content, k) > 0)
    }

    /// The lines of the value of a key at indent `m`, from line `start`:
    /// more indented lines, or a sequence written at the key's own indent.
    fn children<'t>(&mut self, lines: &[Line<'t>], start: usize, to: usize, m: usize) -> Block<'t> {
        let work = &mut self.work;
        let end = *self.ends.entry((start, to, m, false)).or_insert_with(|| {
            let mut end = start;
            let mut all_at_m = true;
            for l in &lines[start..to] {
                if l.indent > m || (l.indent == m && is_dash(l) && all_at_m) {
                    all_at_m &= l.indent == m;
                    end += 1;
                } else {
                    break;
                }
            }
            *work += end - start + 1;
            end
        });
        Block {
            head: None,
            from: start,
            to: end,
        }
    }

    /// The `n`th item of a block sequence: its dash offset, the lines of its
    /// content (the first one re-based after the dash) and, for a scalar
    /// item, the value offset.
    fn seq_item<'t>(
        &mut self,
        lines: &[Line<'t>],
        block: Block<'t>,
        n: usize,
    ) -> Option<(usize, Block<'t>, Option<usize>)> {
        let m = block.get(lines, 0).indent;
        let work = &mut self.work;
        let items = self.items.entry(block.key()).or_insert_with(|| {
            *work += block.len();
            (0..block.len())
                .filter(|pos| {
                    let l = block.get(lines, *pos);
                    l.indent == m && is_dash(&l)
                })
                .collect()
        });
        let pos = *items.get(n)?;
        let dash = block.get(lines, pos);
        let rest = dash.content[1..].trim_start_matches(' ');
        let mut head = None;
        let mut value = None;
        if !rest.is_empty() {
            let skip = dash.content.len() - rest.len();
            let first = Line {
                start: dash.start + skip,
                indent: m + skip,
                content: rest,
            };
            if key_like(rest) {
                head = Some(first);
            } else {
                value = Some(first.start);
            }
        }
        let start = block.after(pos);
        let work = &mut self.work;
        let end = *self
            .ends
            .entry((start, block.to, m, true))
            .or_insert_with(|| {
                let n = lines[start..block.to]
                    .iter()
                    .take_while(|l| l.indent > m)
                    .count();
                *work += n + 1;
                start + n
            });
        let sub = Block {
            head,
            from: start,
            to: end,
        };
        Some((dash.start, sub, value))
    }

    /// Offset of the value of `k:` inside a flow mapping that starts at
    /// `from`, on its line.
    fn flow_key(&mut self, text: &str, from: usize, k: &str) -> Option<usize> {
        let work = &mut self.work;
        let keys = self.flow_keys.entry(from).or_insert_with(|| {
            let line = flow_line(text, from);
            *work += line.len();
            let mut keys = HashMap::new();
            for (i, _) in line.match_indices(['{', ',']) {
                let s = line.len() - line[i + 1..].trim_start_matches(' ').len();
                let Some(end) = line[s..].find([':', ',', '{', '}', '[', ']']) else {
                    continue;
                };
                if line.as_bytes()[s + end] != b':' {
                    continue;
                }
                let key = line[s..s + end].trim_end_matches(' ');
                let value = line[s + end + 1..].trim_start_matches(' ');
                keys.entry(key.to_string())
                    .or_insert(from + line.len() - value.len());
            }
            keys
        });
        keys.get(k).copied()
    }

    /// Offset of the `n`th item of a flow sequence that starts at `from`.
    fn flow_item(&mut self, text: &str, from: usize, n: usize) -> Option<usize> {
        let work = &mut self.work;
        let items = self.flow_items.entry(from).or_insert_with(|| {
            let line = flow_line(text, from);
            *work += line.len();
            flow_items(line, from)
        });
        items.get(n).copied()
    }
}

/// The rest of the line from `from`.
fn flow_line(text: &str, from: usize) -> &str {
    &text[from..text[from..].find('\n').map_or(text.len(), |e| from + e)]
}

fn key_like(content: &str) -> bool {
    if content.starts_with(['"', '\'', '[', '{']) {
        return content.starts_with(['"', '\'']) && content.contains("\":")
            || content.contains("':");
    }
    content.contains(": ") || content.ends_with(':')
}

/// Offsets of the items of the flow sequence `line` (at `from` in the
/// text), up to its closing bracket.
fn flow_items(line: &str, from: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let Some(inner) = line.strip_prefix('[') else {
        return out;
    };
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut item_start = true;
    for (i, c) in inner.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if item_start && c != ' ' {
            out.push(from + 1 + i);
            item_start = false;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '{' => depth += 1,
            ']' | '}' if depth == 0 => return out,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! Where in a file a diagnostic points, and the bounded excerpt of the line
//! shown under it. [`LineIndex`] holds a file's line starts (and a count of
//! characters every few kilobytes), so a file with thousands of diagnostics
//! places each one in time independent of the file's size; [`Place::at`] is
//! the one-off form for a single diagnostic. A line longer than
//! [`LONG_LINE`] characters is cut around the column ([`EXCERPT_BEFORE`]
//! characters before it, [`EXCERPT_AFTER`] from it on, `…` where something
//! was cut), so a record written on one 200 KB line never prints 200 KB per
//! problem.

use serde::Serialize;

/// Lines up to this many characters are shown whole.
pub const LONG_LINE: usize = 160;
/// Characters of the line kept before the column in an excerpt.
pub const EXCERPT_BEFORE: usize = 60;
/// Characters of the line kept from the column on in an excerpt.
pub const EXCERPT_AFTER: usize = 60;
/// What stands for the part of a line an excerpt leaves out.
pub const CUT: &str = "…";

/// Where in a file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The text of that line around the column, for the snippet: the whole
    /// line when it is short, else cut, with [`CUT`] where text was left out.
    #[serde(skip)]
    pub source_line: String,
    /// The 0-based character of the line `source_line` starts with, after
    /// its [`CUT`] (0: the excerpt starts with the line, no [`CUT`] before).
    #[serde(skip)]
    pub excerpt_from: u32,
}

impl Place {
    /// The place of byte `offset` in `text` (scans the text: for many
    /// places in one file, use a [`LineIndex`]).
    pub fn at(text: &str, offset: usize) -> Place {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |p| offset + p);
        let line = text.as_bytes()[..line_start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u32
            + 1;
        let column = text[line_start..offset].chars().count() as u32 + 1;
        Place::cut(
            line,
            column,
            &text[line_start..line_end],
            offset - line_start,
        )
    }

    /// The place of a 1-based line and column in `text`.
    pub fn line_col(text: &str, line: u32, column: u32) -> Place {
        let source = text
            .split('\n')
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("");
        let byte = source
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(source.len(), |(b, _)| b);
        Place::cut(line, column, source, byte)
    }

    /// The place on `line` at `column`, whose text is `source` (without its
    /// newline), the column being at byte `byte` of it.
    fn cut(line: u32, column: u32, source: &str, byte: usize) -> Place {
        let source = source.trim_end_matches('\r');
        if source.len() <= LONG_LINE || source.chars().nth(LONG_LINE).is_none() {
            return Place {
                line,
                column,
                source_line: source.to_string(),
                excerpt_from: 0,
            };
        }
        let byte = floor_char_boundary(source, byte.min(source.len()));
        let before: Vec<usize> = source[..byte]
            .char_indices()
            .rev()
            .take(EXCERPT_BEFORE)
            .map(|(b, _)| b)
            .collect();
        let from = before.last().copied().unwrap_or(byte);
        let to = source[byte..]
            .char_indices()
            .nth(EXCERPT_AFTER)
            .map_or(source.len(), |(b, _)| byte + b);
        let mut shown = String::with_capacity(to - from + 2 * CUT.len());
        if from > 0 {
            shown.push_str(CUT);
        }
        shown.push_str(&source[from..to]);
        if to < source.len() {
            shown.push_str(CUT);
        }
        // The excerpt starts `before.len()` characters before the column.
        let excerpt_from = (column.saturating_sub(1) as usize).saturating_sub(before.len());
        Place {
            line,
            column,
            source_line: shown,
            excerpt_from: if from > 0 {
                excerpt_from.max(1) as u32
            } else {
                0
            },
        }
    }

    /// The 0-based character of [`Place::source_line`] the column is at.
    pub fn caret_index(&self) -> usize {
        let column = self.column.saturating_sub(1) as usize;
        match self.excerpt_from as usize {
            0 => column,
            from => CUT.chars().count() + column.saturating_sub(from),
        }
    }
}

/// A file's line starts, to place many diagnostics in one file without
/// scanning it for each: finding the line is a binary search, counting the
/// column's characters reads at most [`MARK_EVERY`] bytes.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of each line's first byte.
    starts: Vec<usize>,
    /// Characters before byte `k * MARK_EVERY`, for each `k`.
    marks: Vec<usize>,
}

/// Bytes between two character counts of a [`LineIndex`].
const MARK_EVERY: usize = 256;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut marks = Vec::with_capacity(bytes.len() / MARK_EVERY + 1);
        let mut chars = 0;
        for chunk in bytes.chunks(MARK_EVERY) {
            marks.push(chars);
            chars += count_chars(chunk);
        }
        marks.push(chars);
        LineIndex { starts, marks }
    }

    /// The place of byte `offset` of `text`, the text this index was built from.
    pub fn place(&self, text: &str, offset: usize) -> Place {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let end = self
            .starts
            .get(line)
            .map_or(text.len(), |next| next - 1)
            .max(start);
        let column = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        Place::cut(
            line as u32,
            column as u32,
            &text[start..end],
            offset - start,
        )
    }

    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = offset / MARK_EVERY;
        self.marks[k] + count_chars(&text.as_bytes()[k * MARK_EVERY..offset])
    }
}

/// Characters in a run of UTF-8 bytes (the bytes that do not continue one).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b as i8) >= -0x40).count()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_counts_lines_and_characters() {
        let text = "a: 1\nbé: x\n";
        let p = Place::at(text, text.find('x').unwrap());
        assert_eq!((p.line, p.column), (2, 5));
        assert_eq!(p.source_line, "bé: x");
    }

    #[test]
    fn the_index_places_as_the_scan_does() {
        let mut text = String::from("id: x\r\nlong: ");
        for i in 0..3000 {
            text.push_str(if i % 7 == 0 { "é, " } else { "ab, " });
        }
        text.push_str("\n\nlast: 1");
        let index = LineIndex::new(&text);
        for off in (0..=text.len()).step_by(37).chain([text.len()]) {
            assert_eq!(index.place(&text, off), Place::at(&text, off), "{off}");
        }
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("tags: [{}]", "word, ".repeat(5000));
        let short = format!("claim: {}", "w".repeat(LONG_LINE - 7));
        assert_eq!(Place::at(&short, 100).source_line, short);
        let off = line.len() / 2;
        let p = Place::at(&line, off);
        let shown: Vec<char> = p.source_line.chars().collect();
        assert_eq!(shown.len(), 1 + EXCERPT_BEFORE + EXCERPT_AFTER + 1);
        assert!(p.source_line.starts_with(CUT) && p.source_line.ends_with(CUT));
        let at: String = shown[p.caret_index()..].iter().take(10).collect();
        assert_eq!(at, line[off..off + 10]);
        let start = Place::at(&line, 3);
        assert_eq!(start.caret_index(), 3);
        assert!(!start.source_line.starts_with(CUT));
        assert_eq!(start.source_line.chars().count(), 3 + EXCERPT_AFTER + 1);
        let end = Place::line_col(&line, 1, line.len() as u32 + 1);
        assert_eq!(end.caret_index(), end.source_line.chars().count());
        let short = Place::line_col("a: b\nc: d\n", 2, 4);
        assert_eq!(
            (short.source_line.as_str(), short.caret_index()),
            ("c: d", 3)
        );
    }
}

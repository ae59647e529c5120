//! Finds where a field sits in a record's text, from its path
//! (`evidence[1].url`), so that semantic problems point at a line and column
//! like syntax errors do. The places are the YAML parser's own
//! (`store::marks`): no second reading of the YAML; when a path cannot be
//! followed to the end it stops at the deepest part it found.

use crate::diag::{LineIndex, Place};
use crate::store::marks::{Marks, Step};
use std::cell::{Cell, OnceCell};
use std::collections::HashSet;
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

/// Whether to point at a field's key or at its value (the node tree's own).
pub use crate::store::marks::Aim as Target;

/// Byte offset in `text` of the field at `path` (or of the deepest part of
/// the path that exists). For several fields of one text, use a [`Locator`].
pub fn locate(text: &str, path: &FieldPath, target: Target) -> usize {
    Locator::new(text).offset(path, target)
}

/// Places many fields of one record's text: the parser's node tree and the
/// line index are built once, on the first lookup that needs them (a record
/// without problems costs nothing); each lookup then follows its path
/// through the tree, in time independent of the record's size.
pub struct Locator<'t> {
    text: &'t str,
    built: OnceCell<Built>,
    /// The suspicious characters written as is in the text (see `text`).
    raw: OnceCell<HashSet<char>>,
    /// Bytes and path steps read so far (see [`Locator::work`]).
    work: Cell<usize>,
}

struct Built {
    marks: Marks,
    index: LineIndex,
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

    /// Bytes and path steps read by the lookups so far (the one parse of
    /// the text counts its length, places count their excerpt): a test
    /// holds it proportional to the number of lookups.
    pub fn work(&self) -> usize {
        self.work.get()
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

    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            self.work.set(self.work.get() + self.text.len());
            Built {
                marks: Marks::of(self.text),
                index: LineIndex::new(self.text),
            }
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
    /// path that exists): at its key or its value (a value on the lines
    /// below its key is placed at the key), a sequence item at its dash.
    pub fn offset(&self, path: &FieldPath, target: Target) -> usize {
        let steps: Vec<Step> = path
            .0
            .iter()
            .map(|seg| match seg {
                Seg::Key(k) => Step::Key(k),
                Seg::Index(n) => Step::Item(*n),
            })
            .collect();
        let marks = &self.built().marks;
        self.work.set(self.work.get() + steps.len());
        marks.offset(self.text, &steps, target)
    }
}

#[cfg(test)]
mod tests;

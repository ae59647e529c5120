//! The desk's order of claims, the one rule every listing follows: `list`,
//! `search`'s and `status`'s tables, the report's source pages and its CSV.
//! Claims are ordered by source, then by the transcript line their quote
//! starts on, then by the quote's start anchor (two quotes on one line come
//! in the order their anchors sort; a claim without an anchor comes first),
//! then by id, which makes the order total.

use super::{Brief, Claim};

/// A claim's place in the desk's order; compare two keys to order claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DeskKey<'a> {
    source: &'a str,
    line: u32,
    start: &'a str,
    id: &'a str,
}

impl<'a> DeskKey<'a> {
    /// The key of a claim given by its parts; a missing anchor sorts like an
    /// empty one.
    pub fn new(source: &'a str, line: u32, start: Option<&'a str>, id: &'a str) -> Self {
        DeskKey {
            source,
            line,
            start: start.unwrap_or(""),
            id,
        }
    }
}

impl Claim {
    /// This claim's place in the desk's order ([`DeskKey`]).
    pub fn desk_key(&self) -> DeskKey<'_> {
        DeskKey::new(
            &self.source,
            self.location.line,
            self.location.start.as_deref(),
            self.id.as_str(),
        )
    }
}

impl Brief {
    /// The brief's place in the desk's order, the same as its claim's.
    pub fn desk_key(&self) -> DeskKey<'_> {
        DeskKey::new(&self.source, self.line, self.start.as_deref(), &self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_then_line_then_anchor_then_id() {
        let k = |s, l, a, i| DeskKey::new(s, l, a, i);
        let mut keys = vec![
            k("b", 1, None, "a"),
            k("a", 9, Some("zz"), "a"),
            k("a", 9, Some("aa"), "z"),
            k("a", 9, None, "m"),
            k("a", 2, Some("q"), "z"),
        ];
        keys.sort();
        assert_eq!(
            keys,
            vec![
                k("a", 2, Some("q"), "z"),
                k("a", 9, None, "m"),
                k("a", 9, Some("aa"), "z"),
                k("a", 9, Some("zz"), "a"),
                k("b", 1, None, "a"),
            ]
        );
        // A missing anchor and an empty one are the same place.
        assert_eq!(k("a", 1, None, "x"), k("a", 1, Some(""), "x"));
    }
}

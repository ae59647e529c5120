//! What `search` and `similar` keep of each claim in the desk's one cache
//! (projections of `store::rows`): the words of the searchable texts
//! ([`SEARCH`], gathered into the desk's index, `search::index`), and the
//! content words similarity compares ([`SIMILAR`]), cut and stemmed once
//! when the record's bytes are first seen instead of on every run.

use super::query::{doc, FIELDS};
use super::words::tokens;
use super::{Stems, Words};
use crate::model::Claim;
use crate::store::rows::{Fields, Line, Projection};
use std::borrow::Cow;

/// Each claim's searchable texts as words: pairs of a field's index in
/// [`FIELDS`] and its words (lower case, in order, one space apart), as
/// search matches them (`search::words::tokens` of the folded text).
pub const SEARCH: Projection = Projection {
    table: "search",
    project: search_row,
    gather: Some(super::index::build),
};

fn search_row(c: &Claim) -> String {
    let mut line = Line::new();
    for (field, text) in doc(c) {
        let folded = crate::transcript::normalize(&text);
        let words: Vec<String> = tokens(&folded).into_iter().map(|t| t.lower).collect();
        line.text(&field.to_string()).text(&words.join(" "));
    }
    line.done()
}

/// A claim's searchable fields back from a [`SEARCH`] row: each field's
/// index in [`FIELDS`] and its words.
pub fn fields_of(row: &str) -> Option<Vec<(usize, Vec<Cow<'_, str>>)>> {
    let mut f = Fields::of(row);
    let mut out = Vec::new();
    while let Some(field) = f.raw() {
        let i: usize = field.parse().ok().filter(|i| *i < FIELDS.len())?;
        let words = match f.text()? {
            Cow::Borrowed(b) => b
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(Cow::Borrowed)
                .collect(),
            Cow::Owned(o) => o
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| Cow::Owned(w.to_string()))
                .collect(),
        };
        out.push((i, words));
    }
    Some(out)
}

/// Each claim's content words: those of its text, then those its quote adds.
pub const SIMILAR: Projection = Projection {
    table: "similar",
    project: similar_row,
    gather: None,
};

fn similar_row(c: &Claim) -> String {
    let w = Words::of(c, &Stems::default());
    Line::new()
        .text(&w.own.join(" "))
        .text(&w.more.join(" "))
        .done()
}

/// The words back from a [`SIMILAR`] row (stems hold no space, tab or
/// backslash: a row with any other shape is damaged).
pub fn words_of(row: &str) -> Option<Words<&str>> {
    let mut f = Fields::of(row);
    let mut list = || {
        f.raw()
            .filter(|s| !s.contains('\\'))
            .map(|s| s.split(' ').filter(|w| !w.is_empty()).collect())
    };
    let w = Words {
        own: list()?,
        more: list()?,
    };
    f.raw().is_none().then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::workflow::tests::claim;

    #[test]
    fn rows_give_back_what_search_and_similar_read_of_the_claim() {
        let mut c = claim();
        c.claim = "Police\tcuts\nhit 12 towns".into();
        c.quote = "We cut police in twelve towns".into();
        c.notes = Some("See \\ the budget".into());
        c.tags = vec!["police".into(), "budget".into()];
        let row = search_row(&c);
        let fields = fields_of(&row).unwrap();
        let words: Vec<(usize, Vec<&str>)> = fields
            .iter()
            .map(|(i, w)| (*i, w.iter().map(|w| w.as_ref()).collect()))
            .collect();
        assert_eq!(words[0], (0, vec!["police", "cuts", "hit", "12", "towns"]));
        assert_eq!(words[1].0, 1);
        assert!(words
            .iter()
            .any(|(i, w)| *i == 3 && *w == ["police", "budget"]));
        assert!(words
            .iter()
            .any(|(i, w)| *i == 4 && *w == ["see", "the", "budget"]));
        let stems = Stems::default();
        let w = Words::of(&c, &stems);
        let row = similar_row(&c);
        let back = words_of(&row).unwrap();
        assert_eq!(
            back.own,
            w.own.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(
            back.more,
            w.more.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(fields_of("9\tx"), None, "an unknown field is a damaged row");
        assert_eq!(words_of("a b\tc\td"), None);
        assert_eq!(words_of("a\\q\tc"), None);
    }
}

//! What `search` and `similar` keep of each claim in the desk's one cache
//! (projections of `store::rows`): the searchable texts ([`SEARCH`]), and
//! the content words similarity compares ([`SIMILAR`]), stemmed once when
//! the record's bytes are first seen instead of on every run.

use super::query::{doc, Doc, FIELDS};
use super::{Stems, Words};
use crate::model::Claim;
use crate::store::rows::{Fields, Line, Projection};

/// Each claim's searchable texts: pairs of a field's index in [`FIELDS`]
/// and its text.
pub const SEARCH: Projection = Projection {
    table: "search",
    project: search_row,
};

fn search_row(c: &Claim) -> String {
    let mut line = Line::new();
    for (field, text) in doc(c) {
        line.text(&field.to_string()).text(&text);
    }
    line.done()
}

/// The searchable texts back from a [`SEARCH`] row.
pub fn doc_of(row: &str) -> Option<Doc<'_>> {
    let mut f = Fields::of(row);
    let mut out = Doc::new();
    while let Some(field) = f.raw() {
        let i: usize = field.parse().ok().filter(|i| *i < FIELDS.len())?;
        out.push((i, f.text()?));
    }
    Some(out)
}

/// Each claim's content words: those of its text, then those its quote adds.
pub const SIMILAR: Projection = Projection {
    table: "similar",
    project: similar_row,
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
        assert_eq!(doc_of(&search_row(&c)), Some(doc(&c)));
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
        assert_eq!(doc_of("9\tx"), None, "an unknown field is a damaged row");
        assert_eq!(words_of("a b\tc\td"), None);
        assert_eq!(words_of("a\\q\tc"), None);
    }
}

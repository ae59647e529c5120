use super::*;
use crate::model::workflow::tests::claim;

fn hit(text: &str, quote: &str, notes: Option<&str>, q: &str) -> Option<Hit> {
    let mut c = claim();
    c.claim = text.into();
    c.quote = quote.into();
    c.notes = notes.map(str::to_string);
    let stems = Stems::default();
    find(&doc(&c), &Query::parse(q, &stems).unwrap(), &stems)
}

fn marked(e: &Excerpt) -> String {
    let mut out = e.text.clone();
    for m in e.marks.iter().rev() {
        out.insert(m[1], ']');
        out.insert(m[0], '[');
    }
    out
}

#[test]
fn all_words_any_order_any_field_any_inflection() {
    let h = hit(
        "The city cut the police budget",
        "We cut funding for policing by 12%",
        None,
        "police cuts",
    )
    .unwrap();
    assert_eq!(h.excerpts[0].field, "claim");
    assert_eq!(marked(&h.excerpts[0]), "The city [cut] the [police] budget");
    assert_eq!(
        marked(&h.excerpts[1]),
        "We [cut] funding for [policing] by 12%"
    );
    assert!(hit(
        "Police numbers rose",
        "Quote",
        Some("No budget cut"),
        "police cut"
    )
    .is_some());
    assert!(hit("Police numbers rose", "Quote", None, "police cut").is_none());
}

#[test]
fn quoted_phrases_match_word_for_word() {
    let q = "\"police budget\"";
    assert!(hit("The police budget rose", "q", None, q).is_some());
    assert!(hit("The budget of the police rose", "q", None, q).is_none());
    assert!(
        hit("Budgets for police rose", "q", None, q).is_none(),
        "no stemming inside quotes"
    );
    let h = hit("Sanctions by the U.S. bite", "q", None, "U.S. sanctions").unwrap();
    assert_eq!(marked(&h.excerpts[0]), "[Sanctions] by the [U.S]. bite");
}

#[test]
fn claims_rank_by_field_and_closeness() {
    let in_claim = hit("Police cuts hurt", "q", None, "police cuts").unwrap();
    let in_notes = hit("Budget", "q", Some("police cuts"), "police cuts").unwrap();
    let apart = hit("Police budget after the cuts", "q", None, "police cuts").unwrap();
    assert!(in_claim.score > apart.score && apart.score > in_notes.score);
}

#[test]
fn long_fields_are_cut_around_every_match_not_away_from_it() {
    let filler = "word ".repeat(60);
    let notes = format!("Start {filler} the shells arrived {filler} more shells {filler} end");
    let h = hit("Claim", "q", Some(&notes), "shells").unwrap();
    let e = &h.excerpts[0];
    assert_eq!(e.marks.len(), 2, "{e:?}");
    assert!(
        e.text.starts_with('…') && e.text.ends_with('…'),
        "{}",
        e.text
    );
    assert!(e.text.chars().count() < notes.chars().count() / 2);
    for m in &e.marks {
        assert_eq!(&e.text[m[0]..m[1]], "shells");
    }
}

#[test]
fn an_empty_query_is_refused() {
    let stems = Stems::default();
    assert!(Query::parse("  \"\" -- ", &stems).is_err());
    assert!(Query::parse("élan", &stems).is_ok());
}

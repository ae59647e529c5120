//! The lenient reading of a record whose schema walk found errors, so the
//! semantic rules still run and a record's every problem shows in one run
//! (twelve bad links and an unknown field: thirteen diagnostics, not one).
//!
//! The walk has already reported each schema problem; this only repairs
//! the untyped tree enough to type it, without inventing content: a key
//! the schema does not know is read as the field it is a likely misspelling
//! of (when the record lacks that field), or dropped; a number or boolean
//! where text belongs is read as its text; a triage score that is not a
//! number (`.nan`) as 0, which no rule reads. Anything else that does not fit
//! the type (a bad date, an unknown status word, a missing required field)
//! leaves the record untyped, and only the schema problems are reported:
//! rules on a guessed value would be findings about our guess.

use super::schema::{Field, Kind};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// `tree` (the record as parsed) typed as `T` after the repairs above, or
/// `None` when it still does not fit.
pub fn typed<T: DeserializeOwned>(tree: &Value, fields: &'static [Field]) -> Option<T> {
    // A misspelling read as the field it names may not fit that field
    // (`reviewer: maria` is no `reviews` list): then it is only dropped.
    [true, false].into_iter().find_map(|rename| {
        let mut v = tree.clone();
        repair(&mut v, &Kind::Object(fields), rename);
        serde_json::from_value(v).ok()
    })
}

fn repair(v: &mut Value, kind: &Kind, rename: bool) {
    match (kind, v) {
        (Kind::Object(fields), Value::Object(map)) => object(map, fields, rename),
        (Kind::TextOr(fields), Value::Object(map)) => object(map, fields, rename),
        (Kind::List(item), Value::Array(items)) => {
            items.iter_mut().for_each(|i| repair(i, item, rename))
        }
        (k, v @ (Value::Number(_) | Value::Bool(_))) if k.is_text() => {
            *v = Value::String(v.to_string())
        }
        // `.nan` and `.inf` (held as null, JSON has no form for them) read
        // as the typed fast path reads them; no rule judges a score.
        (Kind::Score, v @ Value::Null) => *v = Value::from(0.0),
        _ => {}
    }
}

fn object(map: &mut Map<String, Value>, fields: &'static [Field], rename: bool) {
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !names.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in unknown {
        let Some(v) = map.remove(&k) else { continue };
        let meant = rename
            .then(|| crate::store::yaml::did_you_mean(&k, &names))
            .flatten();
        if let Some(m) = meant.filter(|m| !map.contains_key(*m)) {
            map.insert(m.to_string(), v);
        }
    }
    for f in fields {
        if let Some(v) = map.get_mut(f.name) {
            repair(v, &f.kind, rename);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::schema::CLAIM;
    use crate::model::Claim;
    use serde_json::json;

    fn claim() -> Value {
        json!({
            "id": "a-claim", "claim": "Text", "quote": "Quote", "speaker": "Ana",
            "source": "a-source", "location": {"line": 3}, "status": "candidate",
            "history": [{"at": "2025-01-02T10:00:00Z", "by": "ana", "action": "created", "to": "candidate"}]
        })
    }

    #[test]
    fn an_unknown_field_is_dropped() {
        let mut v = claim();
        v["bogus"] = json!(1);
        let c: Claim = typed(&v, CLAIM).unwrap();
        assert_eq!(c.id.as_str(), "a-claim");
    }

    #[test]
    fn a_misspelled_field_is_read_as_the_field_it_names() {
        let mut v = claim();
        v["evidnce"] = json!([{"url": "ftp://x", "title": "T", "publisher": "P",
            "accessed": "2025-01-01", "stance": "context"}]);
        let c: Claim = typed(&v, CLAIM).unwrap();
        assert_eq!(c.evidence[0].url, "ftp://x");
    }

    #[test]
    fn a_misspelling_that_does_not_fit_its_field_is_dropped() {
        let mut v = claim();
        v["reviewer"] = json!("maria");
        let c: Claim = typed(&v, CLAIM).unwrap();
        assert!(c.reviews.is_empty());
    }

    #[test]
    fn a_misspelling_of_a_present_field_is_dropped() {
        let mut v = claim();
        v["quotes"] = json!("Another");
        let c: Claim = typed(&v, CLAIM).unwrap();
        assert_eq!(c.quote, "Quote");
    }

    #[test]
    fn a_number_where_text_belongs_is_its_text() {
        let mut v = claim();
        v["speaker"] = json!(1984);
        v["tags"] = json!([true, "x"]);
        let c: Claim = typed(&v, CLAIM).unwrap();
        assert_eq!((c.speaker.as_str(), c.tags[0].as_str()), ("1984", "true"));
    }

    #[test]
    fn what_cannot_be_read_without_guessing_stays_untyped() {
        for (field, value) in [
            ("status", json!("publishd")),
            ("said_on", json!("2025-02-30")),
            ("location", json!("line 3")),
        ] {
            let mut v = claim();
            v[field] = value;
            assert!(typed::<Claim>(&v, CLAIM).is_none(), "{field}");
        }
        let mut v = claim();
        v.as_object_mut().unwrap().remove("quote");
        assert!(typed::<Claim>(&v, CLAIM).is_none());
    }
}

//! The lists derived from `Field::change` against the record itself:
//! `Claim::changed_fields` sees a change of every field but the ledgers,
//! the approval digest binds exactly `Claim::APPROVAL_BINDS`, and every
//! field a published claim changes only by correction has the correction's
//! `previous_<field>` that records the old value.

use super::super::{Field, Kind, CLAIM};
use super::*;
use crate::model::Claim;
use serde_json::json;

fn full_claim() -> Claim {
    let text = include_str!("../../../../tests/corpus/valid/claims/full-published-claim.yaml");
    crate::store::yaml::parse_record::<Claim>(text, std::path::Path::new("x"))
        .unwrap()
        .0
}

/// The claim with only `field` changed: an optional field removed, a
/// required one given another value of its kind.
fn with_changed(c: &Claim, field: &Field) -> Claim {
    let mut v = serde_json::to_value(c).unwrap();
    let m = v.as_object_mut().unwrap();
    if !field.required {
        assert!(
            m.remove(field.name).is_some(),
            "the fixture lacks `{}`",
            field.name
        );
    } else {
        let old = m[field.name].clone();
        let new = match &field.kind {
            Kind::Text | Kind::Bounded(_) => json!(format!("{} x", old.as_str().unwrap())),
            Kind::Id => json!("another-id"),
            Kind::Choice(words) => json!(words.iter().find(|w| old != json!(w)).unwrap()),
            Kind::Object(_) if field.name == "location" => json!({"line": 99}),
            other => panic!(
                "add a change of a required {other:?} field `{}`",
                field.name
            ),
        };
        m.insert(field.name.to_string(), new);
    }
    serde_json::from_value(v).unwrap()
}

#[test]
fn changed_fields_sees_every_field_but_the_ledgers() {
    let c = full_claim();
    for f in CLAIM {
        let other = with_changed(&c, f);
        let expected: Vec<&str> = match f.change {
            Change::Ledger(_) => vec![],
            _ => vec![f.name],
        };
        assert_eq!(c.changed_fields(&other), expected, "{}", f.name);
    }
}

#[test]
fn the_approval_digest_binds_the_listed_fields_and_no_other() {
    let c = full_claim();
    for f in CLAIM {
        let other = with_changed(&c, f);
        let bound = Claim::APPROVAL_BINDS.contains(&f.name);
        assert_eq!(
            c.approval_digest() != other.approval_digest(),
            bound,
            "`{}`: Claim::APPROVAL_BINDS and approval_digest disagree",
            f.name
        );
    }
    for name in Claim::APPROVAL_BINDS {
        assert!(crate::model::fields::claim_field(name).is_some(), "{name}");
    }
}

#[test]
fn a_correctable_field_has_the_correction_field_that_records_it() {
    let Some(Kind::List(Kind::Object(correction))) =
        crate::model::fields::claim_field("corrections").map(|f| &f.kind)
    else {
        panic!("corrections is a list of objects");
    };
    for f in CLAIM
        .iter()
        .filter(|f| f.change.once_published() == OncePublished::Corrected)
    {
        let previous = format!("previous_{}", f.name);
        assert!(
            correction.iter().any(|k| k.name == previous),
            "`{}` changes by correction once published, but a correction has no `{previous}`",
            f.name
        );
    }
}

#[test]
fn hand_edits_are_refused_for_what_a_step_owns() {
    let by_hand = |name: &str, published: bool| {
        crate::model::fields::claim_field(name)
            .unwrap()
            .change
            .by_hand(published)
    };
    for name in ["notes", "tags", "evidence", "assignee", "said_on", "reply"] {
        assert_eq!(by_hand(name, true), Ok(()), "{name}");
    }
    for name in ["claim", "quote", "summary", "speaker"] {
        assert_eq!(by_hand(name, false), Ok(()), "{name}");
        assert!(by_hand(name, true).is_err(), "{name}");
    }
    assert_eq!(by_hand("speaker", true), Err(Owner::Step(Step::Correct)));
    assert_eq!(by_hand("quote", true), Err(Owner::Nobody));
    assert_eq!(by_hand("id", false), Err(Owner::Nobody));
    assert_eq!(by_hand("status", false), Err(Owner::Step(Step::Workflow)));
    assert_eq!(by_hand("rating", false), Err(Owner::Step(Step::Rate)));
    assert_eq!(by_hand("history", false), Err(Owner::Step(Step::Every)));
}

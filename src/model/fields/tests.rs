//! The field tables against docs/record-format.md: every field of every
//! record is documented, with its required flag, and every choice word.

use super::*;

const DOC: &str = include_str!("../../../docs/record-format.md");

/// The text of the section under the heading that starts with `heading`.
fn section(heading: &str) -> &'static str {
    let start = DOC
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("docs/record-format.md has no {heading:?}"));
    let body = &DOC[start + 1..];
    let end = body[3..].find("\n## ").map_or(body.len(), |e| e + 3);
    &body[..end]
}

/// The rows of the section's field table: names and whether required.
fn table(section: &str) -> Vec<(String, bool)> {
    let mut rows = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let required = cells[2].trim() == "yes";
        for name in cells[0].trim_start_matches("| ").split(", ") {
            rows.push((name.trim_matches('`').to_string(), required));
        }
    }
    rows
}

/// The paragraph of `section` that starts with `**label**`.
fn paragraph<'a>(section: &'a str, label: &str) -> &'a str {
    let start = section
        .find(&format!("**{label}**"))
        .unwrap_or_else(|| panic!("no **{label}** paragraph"));
    let p = &section[start..];
    &p[..p.find("\n\n").unwrap_or(p.len())]
}

trait NotStatus {
    fn filter_statuses(&self) -> &Kind;
}

impl NotStatus for Kind {
    fn filter_statuses(&self) -> &Kind {
        match self {
            Kind::Choice(w) if *w == super::Status::NAMES => &Kind::Text,
            k => k,
        }
    }
}

fn documented(text: &str, word: &str) -> bool {
    text.contains(&format!("`{word}`"))
}

fn inner(fields: &'static [Field], name: &str) -> &'static [Field] {
    let f = fields.iter().find(|f| f.name == name).unwrap();
    let mut k = &f.kind;
    while let Kind::List(item) = k {
        k = item;
    }
    match k {
        Kind::Object(inner) | Kind::TextOr(inner) => inner,
        _ => panic!("{name} holds no fields"),
    }
}

#[test]
fn the_claim_and_source_tables_document_every_field() {
    for (heading, fields) in [("## Claim", CLAIM), ("## Source", SOURCE)] {
        let rows = table(section(heading));
        let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
        let model: Vec<&str> = fields.iter().map(|f| f.name).collect();
        let mut sorted = (names.clone(), model.clone());
        sorted.0.sort();
        sorted.1.sort();
        assert_eq!(
            sorted.0, sorted.1,
            "{heading}: the docs' fields against the model's"
        );
        for f in fields {
            let doc = rows.iter().find(|(n, _)| n == f.name).unwrap().1;
            // `history` is required by check's rules (`history-empty`), not by the schema.
            let rule = f.name == "history";
            assert_eq!(
                doc,
                f.required || rule,
                "{heading}: is `{}` required?",
                f.name
            );
        }
    }
}

#[test]
fn the_claim_parts_and_their_choice_words_are_documented() {
    let claim = section("## Claim");
    for (label, field) in [
        ("Evidence item", "evidence"),
        ("Review", "reviews"),
        ("Correction", "corrections"),
        ("History entry", "history"),
    ] {
        let p = paragraph(claim, label);
        for f in inner(CLAIM, field) {
            assert!(
                documented(p, f.name),
                "**{label}** does not name `{}`",
                f.name
            );
            // Statuses are listed once, in the `status` row.
            if let Kind::Choice(words) = f.kind.filter_statuses() {
                for w in words.iter() {
                    assert!(
                        documented(p, w),
                        "**{label}** does not list `{}: {w}`",
                        f.name
                    );
                }
            }
        }
    }
    for f in CLAIM.iter().chain(SOURCE) {
        if let Kind::Choice(words) = f.kind {
            for w in words {
                let row = DOC
                    .lines()
                    .find(|l| l.starts_with(&format!("| `{}` |", f.name)))
                    .unwrap();
                assert!(
                    documented(row, w),
                    "the `{}` row does not list `{w}`",
                    f.name
                );
            }
        }
    }
}

#[test]
fn the_settings_example_shows_every_setting() {
    let desk = section("## Desk settings");
    let mut fields: Vec<&Field> = CONFIG.iter().collect();
    for f in CONFIG {
        if let Kind::Object(inner) | Kind::List(Kind::Object(inner)) = &f.kind {
            fields.extend(inner.iter());
        }
    }
    for f in fields {
        assert!(
            desk.contains(&format!("{}:", f.name)),
            "the desk settings section does not show `{}:`",
            f.name
        );
    }
}

/// Which entry explains a field's change is the field table's: a `tagged`
/// entry records `tags` (and nothing else), an `edited` entry the fields it
/// names, a workflow entry none.
#[test]
fn the_field_table_says_which_entries_record_a_change() {
    use crate::model::{Action, HistoryEntry};
    let at = chrono::Utc::now();
    let tagged = HistoryEntry::new(at, "ana", Action::Tagged);
    assert_eq!(tagged.changed_fields(), vec!["tags"]);
    let edited = HistoryEntry::edited(at, "ana", &["notes", "due"]);
    assert_eq!(edited.changed_fields(), vec!["notes", "due"]);
    for action in Action::ALL
        .iter()
        .filter(|a| **a != Action::Tagged && **a != Action::Edited)
    {
        assert!(
            HistoryEntry::new(at, "ana", *action)
                .changed_fields()
                .is_empty(),
            "{action}"
        );
    }
    let recorded: Vec<_> = CLAIM
        .iter()
        .filter(|f| f.recorded_by.is_some())
        .map(|f| f.name)
        .collect();
    assert_eq!(recorded, vec!["tags"]);
}

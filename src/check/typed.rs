//! The fast path for a claim that parses straight into its type (the common
//! case): the checks the schema walk would make on such a record — empty
//! required text, the `source` id, hidden characters written as escapes,
//! values another YAML reader would misread — made on the typed claim without
//! building an untyped tree. A test holds both paths to the same findings.

use super::locate::{FieldPath, Locator};
use super::schema::{text_problems, Problem};
use crate::diag::Code;
use crate::model::Claim;

/// Problems of a typed claim's text fields, as the schema walk finds them.
pub fn claim_problems(c: &Claim, raw: &Locator) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut visit = |path: &dyn Fn() -> FieldPath, s: &str, required: bool| {
        let ascii_plain = s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-' || b == b'.' || b == b',')
            && !s.trim().is_empty()
            && crate::store::yaml12::other_reading(s).is_none();
        if ascii_plain {
            return;
        }
        let p = path();
        text_problems(raw, s, &p, &mut out);
        if required && s.trim().is_empty() {
            out.push(Problem {
                code: Code::EmptyField,
                message: format!("`{p}` cannot be empty"),
                path: p,
                target: super::locate::Target::Value,
                hint: Some("fill it in".into()),
            });
        }
    };
    let top = |k: &'static str| move || FieldPath::top(k);
    visit(&top("id"), c.id.as_str(), true);
    visit(&top("claim"), &c.claim, true);
    visit(&top("quote"), &c.quote, true);
    visit(&top("speaker"), &c.speaker, true);
    visit(&top("source"), &c.source, true);
    let loc = |k: &'static str| move || FieldPath::top("location").key(k);
    for (k, v) in [("start", &c.location.start), ("end", &c.location.end)] {
        if let Some(v) = v {
            visit(&loc(k), v, false);
        }
    }
    for (i, t) in c.tags.iter().enumerate() {
        visit(&|| FieldPath::top("tags").index(i), t, false);
    }
    for (k, v) in [
        ("assignee", &c.assignee),
        ("rating", &c.rating),
        ("summary", &c.summary),
        ("notes", &c.notes),
    ] {
        if let Some(v) = v {
            visit(&top(k), v, false);
        }
    }
    if let Some(t) = &c.triage {
        visit(&|| FieldPath::top("triage").key("model"), &t.model, true);
    }
    for (i, e) in c.evidence.iter().enumerate() {
        let at = |k: &'static str| move || FieldPath::top("evidence").index(i).key(k);
        visit(&at("url"), &e.url, true);
        visit(&at("title"), &e.title, true);
        visit(&at("publisher"), &e.publisher, true);
        for (k, v) in [("archive", &e.archive), ("note", &e.note)] {
            if let Some(v) = v {
                visit(&at(k), v, false);
            }
        }
    }
    for (i, r) in c.reviews.iter().enumerate() {
        let at = |k: &'static str| move || FieldPath::top("reviews").index(i).key(k);
        visit(&at("by"), &r.by, true);
        if let Some(n) = &r.note {
            visit(&at("note"), n, false);
        }
    }
    for (i, k) in c.corrections.iter().enumerate() {
        let at = |f: &'static str| move || FieldPath::top("corrections").index(i).key(f);
        visit(&at("by"), &k.by, true);
        visit(&at("note"), &k.note, true);
        if let Some(r) = &k.previous_rating {
            visit(&at("previous_rating"), r, false);
        }
        if let Some(s) = &k.previous_summary {
            visit(&at("previous_summary"), s, false);
        }
        if let Some(s) = &k.previous_speaker {
            visit(&at("previous_speaker"), s, true);
        }
    }
    for (i, h) in c.history.iter().enumerate() {
        let at = |k: &'static str| move || FieldPath::top("history").index(i).key(k);
        visit(&at("by"), &h.by, true);
        for (k, v) in [("rating", &h.rating), ("note", &h.note)] {
            if let Some(v) = v {
                visit(&at(k), v, false);
            }
        }
    }
    if let Err(e) = crate::model::id::validate_id(&c.source)
        .err()
        .filter(|_| !c.source.trim().is_empty())
        .map_or(Ok(()), Err)
    {
        out.push(Problem {
            code: Code::InvalidId,
            path: FieldPath::top("source"),
            target: super::locate::Target::Value,
            message: format!("`source` is not a valid id: {e}"),
            hint: Some("ids are 1-64 characters of a-z, 0-9 and '-'".into()),
        });
    }
    if c.triage.as_ref().is_some_and(|t| !t.score.is_finite()) {
        out.push(Problem {
            code: Code::WrongType,
            path: FieldPath::top("triage").key("score"),
            target: super::locate::Target::Value,
            message: "`triage.score` must be a number, not empty (null)".into(),
            hint: Some("see docs/record-format.md for the field's type".into()),
        });
    }
    out
}

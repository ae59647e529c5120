//! Field-by-field comparison of two versions of a record, walked over the
//! record's field table ([`super::CLAIM`], [`super::SOURCE`],
//! [`super::CONFIG`]): every field whose value differs is one
//! [`FieldChange`], named by its path (`publish.rater_may_approve`,
//! `evidence[1].stance`, `location.line`, `rating_scale[2].value`). A field
//! added to a table is compared without anyone listing it again; `diff`
//! shows what this walk finds.
//!
//! Items of a list of records are matched by their first field (a rating's
//! `key`, an evidence item's `url`, an editor's `handle`, a speaker's
//! `label`) when it tells them apart, so a rating inserted at the top is one
//! added item, not a change to every rating below it; otherwise by position.
//! A path's index is the item's position at the newer side (the older side
//! for a removed item).

use super::{Field, Kind};
use serde::Serialize;
use serde_json::Value;

/// One changed field: its path and both values as text (None: absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl FieldChange {
    /// The top-level field the path starts with (`evidence` of `evidence[1].url`).
    pub fn top(&self) -> &str {
        let end = self.field.find(['.', '[']).unwrap_or(self.field.len());
        &self.field[..end]
    }

    /// Whether this is a whole list item added or removed (`evidence[2]`).
    pub fn is_item(&self) -> bool {
        self.field.ends_with(']')
    }
}

/// Every field of `table` whose value differs between `a` and `b`, in the
/// table's order, skipping the top-level fields in `skip` (which the caller
/// shows another way).
pub fn field_changes<T: Serialize>(
    table: &[Field],
    a: &T,
    b: &T,
    skip: &[&str],
) -> Vec<FieldChange> {
    let (a, b) = (to_value(a), to_value(b));
    let mut out = Vec::new();
    for f in table.iter().filter(|f| !skip.contains(&f.name)) {
        walk(&f.kind, get(&a, f.name), get(&b, f.name), f.name, &mut out);
    }
    out
}

fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn get<'a>(v: &'a Value, name: &str) -> &'a Value {
    v.get(name).unwrap_or(&Value::Null)
}

fn walk(kind: &Kind, a: &Value, b: &Value, path: &str, out: &mut Vec<FieldChange>) {
    if a == b {
        return;
    }
    match (kind, a, b) {
        (Kind::Object(fields) | Kind::TextOr(fields), Value::Object(_), Value::Object(_)) => {
            for f in fields.iter() {
                let sub = format!("{path}.{}", f.name);
                walk(&f.kind, get(a, f.name), get(b, f.name), &sub, out);
            }
        }
        (Kind::List(item), a, b) if is_record(item) && is_list(a) && is_list(b) => {
            items(item, list(a), list(b), path, out)
        }
        _ => out.push(FieldChange {
            field: path.to_string(),
            from: text(a),
            to: text(b),
        }),
    }
}

/// Whether `v` is a list or absent (an absent list is an empty one).
fn is_list(v: &Value) -> bool {
    v.is_array() || v.is_null()
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Whether list items are records compared field by field.
fn is_record(kind: &Kind) -> bool {
    matches!(kind, Kind::Object(_) | Kind::TextOr(_))
}

/// The value that tells an item apart: its first field (or itself, for a
/// plain text of a `TextOr` list).
fn identity<'a>(kind: &Kind, v: &'a Value) -> &'a Value {
    match (kind, v) {
        (Kind::Object(f) | Kind::TextOr(f), Value::Object(_)) => {
            f.first().map_or(v, |f| get(v, f.name))
        }
        _ => v,
    }
}

fn items(kind: &Kind, x: &[Value], y: &[Value], path: &str, out: &mut Vec<FieldChange>) {
    let ids = |list: &[Value]| -> Option<Vec<Value>> {
        let ids: Vec<Value> = list.iter().map(|v| identity(kind, v).clone()).collect();
        let unique = ids
            .iter()
            .enumerate()
            .all(|(i, v)| !v.is_null() && !ids[..i].contains(v));
        unique.then_some(ids)
    };
    let (Some(xi), Some(yi)) = (ids(x), ids(y)) else {
        for i in 0..x.len().max(y.len()) {
            let (a, b) = (
                x.get(i).unwrap_or(&Value::Null),
                y.get(i).unwrap_or(&Value::Null),
            );
            item_pair(kind, a, b, &format!("{path}[{i}]"), out);
        }
        return;
    };
    for (i, v) in y.iter().enumerate() {
        let old = xi.iter().position(|id| *id == yi[i]).map(|j| &x[j]);
        item_pair(
            kind,
            old.unwrap_or(&Value::Null),
            v,
            &format!("{path}[{i}]"),
            out,
        );
    }
    for (j, v) in x.iter().enumerate().filter(|(j, _)| !yi.contains(&xi[*j])) {
        item_pair(kind, v, &Value::Null, &format!("{path}[{j}]"), out);
    }
}

/// One item: compared field by field when present at both sides, else
/// added or removed whole.
fn item_pair(kind: &Kind, a: &Value, b: &Value, path: &str, out: &mut Vec<FieldChange>) {
    if a.is_null() || b.is_null() {
        if a != b {
            out.push(FieldChange {
                field: path.to_string(),
                from: text(a),
                to: text(b),
            });
        }
        return;
    }
    walk(kind, a, b, path, out);
}

/// A value as one line of text: a record as `key: value` pairs, a list
/// joined by commas; None when absent.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .map(|i| text(i).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Object(m) => Some(
            m.iter()
                .filter_map(|(k, v)| Some(format!("{k}: {}", text(v)?)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CLAIM, CONFIG, SOURCE};
    use super::*;
    use serde_json::json;

    fn shown(c: &[FieldChange]) -> Vec<(&str, Option<&str>, Option<&str>)> {
        c.iter()
            .map(|f| (f.field.as_str(), f.from.as_deref(), f.to.as_deref()))
            .collect()
    }

    #[test]
    fn every_differing_field_of_the_table_is_named_by_its_path() {
        let a = json!({"id": "c", "location": {"line": 3}, "tags": ["nk"], "history": [1],
            "evidence": [{"url": "u", "stance": "supports"}]});
        let b = json!({"id": "c", "location": {"line": 4, "start": "00:01:02.000"}, "tags": ["nk", "ru"],
            "history": [2], "said_on": "2023-09-14",
            "evidence": [{"url": "v", "stance": "context"}, {"url": "u", "stance": "refutes"}]});
        let c = field_changes(CLAIM, &a, &b, &["history"]);
        assert_eq!(
            shown(&c),
            [
                ("location.line", Some("3"), Some("4")),
                ("location.start", None, Some("00:01:02.000")),
                ("said_on", None, Some("2023-09-14")),
                ("tags", Some("nk"), Some("nk, ru")),
                ("evidence[0]", None, Some("url: v; stance: context")),
                ("evidence[1].stance", Some("supports"), Some("refutes")),
            ]
        );
        assert_eq!(c[4].top(), "evidence");
        assert!(c[4].is_item() && !c[5].is_item());
    }

    #[test]
    fn ratings_are_matched_by_key_and_speakers_by_label() {
        let r = |k: &str, v: i64| json!({"key": k, "label": k, "value": v, "description": "d"});
        let a = json!({"rating_scale": [r("true", 2), r("false", 0)], "publish": {"approvals": 2}});
        let b = json!({"rating_scale": [r("new", 3), r("true", 2), r("false", 1)], "publish": {"approvals": 1}});
        assert_eq!(
            shown(&field_changes(CONFIG, &a, &b, &[])),
            [
                (
                    "rating_scale[0]",
                    None,
                    Some("key: new; label: new; value: 3; description: d")
                ),
                ("rating_scale[2].value", Some("0"), Some("1")),
                ("publish.approvals", Some("2"), Some("1")),
            ]
        );
        let a = json!({"speakers": ["Kim", {"label": "A", "name": "Ana"}]});
        let b = json!({"speakers": [{"label": "A", "name": "Ana\u{a0}B"}]});
        assert_eq!(
            shown(&field_changes(SOURCE, &a, &b, &[])),
            [
                ("speakers[0].name", Some("Ana"), Some("Ana\u{a0}B")),
                ("speakers[0]", Some("Kim"), None),
            ]
        );
    }
}

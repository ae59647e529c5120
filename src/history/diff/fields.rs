//! Field-by-field comparison of two versions of any record (a claim, a
//! source's metadata, the desk settings): both are turned into JSON and
//! every leaf whose value differs is one [`FieldChange`], named by its path
//! (`publish.rater_may_approve`, `evidence[1].stance`, `location.line`). So
//! the diff a reviewer reads shows every changed field, including fields
//! added to the record types later, without a list to keep in step.

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
}

/// Every leaf that differs between `a` and `b`, skipping the top-level
/// fields in `skip` (shown another way by the caller).
pub fn field_changes<T: Serialize>(a: &T, b: &T, skip: &[&str]) -> Vec<FieldChange> {
    let (a, b) = (to_value(a), to_value(b));
    let mut out = Vec::new();
    walk(&a, &b, String::new(), skip, &mut out);
    out
}

fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn walk(a: &Value, b: &Value, path: String, skip: &[&str], out: &mut Vec<FieldChange>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().collect();
            keys.extend(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                if path.is_empty() && skip.contains(&k.as_str()) {
                    continue;
                }
                let sub = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                let null = Value::Null;
                walk(x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null), sub, skip, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if !is_plain_list(x) || !is_plain_list(y) => {
            for i in 0..x.len().max(y.len()) {
                let null = Value::Null;
                walk(
                    x.get(i).unwrap_or(&null),
                    y.get(i).unwrap_or(&null),
                    format!("{path}[{i}]"),
                    skip,
                    out,
                );
            }
        }
        _ => out.push(FieldChange {
            field: path,
            from: text(a),
            to: text(b),
        }),
    }
}

/// A list of plain values (tags, e-mails): shown whole, not item by item.
fn is_plain_list(items: &[Value]) -> bool {
    items.iter().all(|v| !v.is_object() && !v.is_array())
}

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
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_differing_leaf_is_named_by_its_path() {
        let a = json!({"publish": {"approvals": 2, "rater_may_approve": false}, "tags": ["a"], "history": [1],
            "evidence": [{"url": "u", "stance": "supports"}]});
        let b = json!({"publish": {"approvals": 1, "rater_may_approve": false}, "tags": ["a", "b"], "history": [2],
            "evidence": [{"url": "u", "stance": "refutes"}, {"url": "v", "stance": "context"}], "language": "fr"});
        let c = field_changes(&a, &b, &["history"]);
        let shown: Vec<(&str, Option<&str>, Option<&str>)> = c
            .iter()
            .map(|f| (f.field.as_str(), f.from.as_deref(), f.to.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("evidence[0].stance", Some("supports"), Some("refutes")),
                ("evidence[1].stance", None, Some("context")),
                ("evidence[1].url", None, Some("v")),
                ("publish.approvals", Some("2"), Some("1")),
                ("tags", Some("a"), Some("a, b")),
                ("language", None, Some("fr")),
            ]
        );
        assert_eq!(c[0].top(), "evidence");
    }
}

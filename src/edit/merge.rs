//! Carrying a kept `factdesk edit` draft over to a record that changed
//! since the draft was started: a three-way merge, field by field, of the
//! record the draft started from (base), the draft, and the record now.
//! A field only the draft changed takes the draft's value; a field only the
//! record changed takes the record's; a field both changed differently keeps
//! the draft's value (the person's text is never dropped) and is reported
//! as a conflict with the other value, for the person to settle.

use crate::model::Claim;
use serde_json::{Map, Value};

/// The merged record and the fields both sides changed.
#[derive(Debug)]
pub struct Merged {
    pub claim: Claim,
    pub conflicts: Vec<Conflict>,
}

/// A field the draft and the record both changed, differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: String,
    /// The record's value now, as text (a string as it is, anything else as JSON).
    pub theirs: String,
}

/// Merges `draft` (edited from `base`) with `current` (the record now).
pub fn merge(base: &Claim, draft: &Claim, current: &Claim) -> Result<Merged, serde_json::Error> {
    let (b, d, c) = (fields(base)?, fields(draft)?, fields(current)?);
    let mut keys: Vec<&String> = c.keys().chain(d.keys()).chain(b.keys()).collect();
    keys.dedup();
    let mut out = Map::new();
    let mut conflicts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for k in keys {
        if !seen.insert(k) {
            continue;
        }
        let (bv, dv, cv) = (get(&b, k), get(&d, k), get(&c, k));
        let value = if dv == bv {
            cv
        } else {
            if cv != bv && cv != dv {
                conflicts.push(Conflict {
                    field: k.clone(),
                    theirs: shown(&cv),
                });
            }
            dv
        };
        if !value.is_null() {
            out.insert(k.clone(), value);
        }
    }
    Ok(Merged {
        claim: serde_json::from_value(Value::Object(out))?,
        conflicts,
    })
}

/// The merged record as text (the draft's header comments, then the record
/// in canonical form), and the conflicts.
#[derive(Debug)]
pub struct MergedText {
    pub text: String,
    pub conflicts: Vec<Conflict>,
}

/// [`merge`] on the texts of the three records; `None` when one of them is
/// not a readable claim record (the draft was saved half-written, say).
pub fn merge_texts(base: &str, draft: &str, current: &str) -> Option<MergedText> {
    let file = std::path::Path::new("draft.yaml");
    let parse = |t: &str| crate::store::yaml::parse_record::<Claim>(t, file).ok();
    let (b, _) = parse(base)?;
    let (d, scan) = parse(draft)?;
    let (c, _) = parse(current)?;
    let m = merge(&b, &d, &c).ok()?;
    let body = crate::store::yaml::to_canonical(&m.claim).ok()?;
    Some(MergedText {
        text: format!("{}{body}", scan.header),
        conflicts: m.conflicts,
    })
}

fn fields(c: &Claim) -> Result<Map<String, Value>, serde_json::Error> {
    match serde_json::to_value(c)? {
        Value::Object(m) => Ok(m),
        _ => Ok(Map::new()),
    }
}

fn get(m: &Map<String, Value>, k: &str) -> Value {
    m.get(k).cloned().unwrap_or(Value::Null)
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "(none)".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(yaml: &str) -> Claim {
        crate::store::yaml::parse_record::<Claim>(yaml, std::path::Path::new("c.yaml"))
            .unwrap()
            .0
    }

    const BASE: &str = "id: c\nclaim: North Korea has little to offer\nquote: North Korea doesn’t have much to offer.\nspeaker: Antoine Bondaz\nsource: itv\nlocation:\n  line: 2\nstatus: candidate\nhistory:\n- at: 2023-09-14T09:00:00Z\n  by: ana\n  action: created\n";

    #[test]
    fn each_side_keeps_its_own_changes_and_both_changing_a_field_is_a_conflict() {
        let base = claim(BASE);
        let draft = claim(&BASE.replace("has little to offer", "has little to offer Russia"));
        let current = claim(&BASE.replace("status: candidate", "status: candidate\nassignee: max"));
        let m = merge(&base, &draft, &current).unwrap();
        assert_eq!(m.claim.claim, "North Korea has little to offer Russia");
        assert_eq!(m.claim.assignee.as_deref(), Some("max"));
        assert!(m.conflicts.is_empty());

        let theirs = claim(&BASE.replace("has little to offer", "has nothing to offer"));
        let m = merge(&base, &draft, &theirs).unwrap();
        assert_eq!(
            m.claim.claim, "North Korea has little to offer Russia",
            "the draft's text stays"
        );
        assert_eq!(
            m.conflicts,
            vec![Conflict {
                field: "claim".into(),
                theirs: "North Korea has nothing to offer".into()
            }]
        );
    }
}

//! The shape of each record type as data (field names, kinds, which are
//! required), and the walk that checks an untyped record against it while
//! collecting every problem: unknown fields with a did-you-mean hint, wrong
//! types, missing and empty fields, malformed dates, and the text hygiene of
//! every string (control characters, bidirectional overrides, invisible
//! characters, values a YAML 1.1 reader would misread).

use super::locate::{FieldPath, Locator, Seg, Target};
use crate::diag::Code;
use crate::model::hygiene;
use crate::store::yaml12::OtherReading;
use serde_json::Value;

/// The field tables are the model's: `model::fields` declares each field once.
pub use crate::model::fields::{Field, Kind, CLAIM, CONFIG, SOURCE};

/// One schema problem, placed by field path.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: Code,
    pub path: FieldPath,
    pub target: Target,
    pub message: String,
    pub hint: Option<String>,
}

/// Walks a tree against a schema, collecting problems.
pub struct Walker<'t, 'l, 'x> {
    /// The record's text, to tell plain scalars from quoted ones.
    pub loc: &'l Locator<'x>,
    pub problems: Vec<Problem>,
    path: Vec<(Option<&'t str>, usize)>,
}

impl<'t, 'l, 'x> Walker<'t, 'l, 'x> {
    pub fn new(loc: &'l Locator<'x>) -> Walker<'t, 'l, 'x> {
        Walker {
            loc,
            problems: Vec::new(),
            path: Vec::new(),
        }
    }

    /// Whether any problem found is an error (warnings do not block typing).
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.code.severity() == crate::diag::Severity::Error)
    }

    fn here(&self) -> FieldPath {
        FieldPath(
            self.path
                .iter()
                .map(|(k, i)| match k {
                    Some(k) => Seg::Key(k.to_string()),
                    None => Seg::Index(*i),
                })
                .collect(),
        )
    }

    fn push(&mut self, code: Code, target: Target, message: String, hint: Option<String>) {
        let path = self.here();
        self.problems.push(Problem {
            code,
            path,
            target,
            message,
            hint,
        });
    }

    /// Checks the object `v` against `fields`.
    pub fn object(&mut self, v: &'t Value, fields: &'static [Field]) {
        let Value::Object(map) = v else {
            let what = if self.path.is_empty() {
                "the record".to_string()
            } else {
                format!("`{}`", self.here())
            };
            self.push(
                Code::WrongType,
                Target::Value,
                format!("{what} must be a mapping of fields, not {}", describe(v)),
                Some("write `field: value` lines; see docs/record-format.md".into()),
            );
            return;
        };
        for (k, val) in map {
            match fields.iter().find(|f| f.name == k) {
                Some(f) => {
                    self.path.push((Some(f.name), 0));
                    self.field(val, f);
                    self.path.pop();
                }
                None => {
                    self.path.push((Some(k.as_str()), 0));
                    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
                    let hint = match crate::store::yaml::did_you_mean(k, &names) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("known fields: {}", names.join(", ")),
                    };
                    self.push(
                        Code::UnknownField,
                        Target::Key,
                        format!("unknown field `{}`", crate::diag::visible(k)),
                        Some(hint),
                    );
                    self.path.pop();
                }
            }
        }
        for f in fields
            .iter()
            .filter(|f| f.required && !map.contains_key(f.name))
        {
            self.push(
                Code::MissingField,
                Target::Key,
                format!("missing field `{}`", f.name),
                Some(format!("add `{}:`; see docs/record-format.md", f.name)),
            );
        }
    }

    fn field(&mut self, v: &'t Value, f: &'static Field) {
        if v.is_null() && !f.required && !matches!(f.kind, Kind::List(_)) {
            return;
        }
        self.value(v, &f.kind);
        if f.required
            && (f.kind.is_text() || matches!(f.kind, Kind::Id))
            && v.as_str().is_some_and(|s| s.trim().is_empty())
        {
            self.push(
                Code::EmptyField,
                Target::Value,
                format!("`{}` cannot be empty", self.here()),
                Some("fill it in".into()),
            );
        }
    }

    fn value(&mut self, v: &'t Value, kind: &'static Kind) {
        match (kind, v) {
            (k, Value::String(s)) if k.is_text() => self.text(s),
            (Kind::Id, Value::String(s)) => {
                self.text(s);
                if let Err(e) = crate::model::id::validate_id(s)
                    .err()
                    .filter(|_| !s.trim().is_empty())
                    .map_or(Ok(()), Err)
                {
                    self.push(
                        Code::InvalidId,
                        Target::Value,
                        format!("`{}` is not a valid id: {e}", self.here()),
                        Some("ids are 1-64 characters of a-z, 0-9 and '-'".into()),
                    );
                }
            }
            (Kind::Date, Value::String(s)) => {
                if s.parse::<chrono::NaiveDate>().is_err() {
                    self.push(
                        Code::InvalidDate,
                        Target::Value,
                        format!(
                            "`{}` is not a valid date: {:?}",
                            self.here(),
                            crate::diag::visible(s)
                        ),
                        Some("write a real calendar date as YYYY-MM-DD".into()),
                    );
                }
            }
            (Kind::Time, Value::String(s)) => {
                if s.parse::<chrono::DateTime<chrono::Utc>>().is_err() {
                    self.push(
                        Code::InvalidDate,
                        Target::Value,
                        format!(
                            "`{}` is not a valid timestamp: {:?}",
                            self.here(),
                            crate::diag::visible(s)
                        ),
                        Some("write an RFC 3339 time in UTC, such as 2023-09-14T09:12:00Z".into()),
                    );
                }
            }
            (Kind::Count | Kind::Line, Value::Number(n))
                if n.as_u64()
                    .zip(kind.largest())
                    .is_some_and(|(n, max)| n <= max) => {}
            (Kind::Count | Kind::Line, Value::Number(n)) if n.as_u64().is_some() => {
                let here = self.here().to_string();
                let largest = kind.largest().map(|max| max.to_string());
                self.push(
                    Code::WrongType,
                    Target::Value,
                    crate::store::yaml::out_of_range_message(
                        Some(&here),
                        &n.to_string(),
                        largest.as_deref(),
                    ),
                    Some("see docs/record-format.md for the field's type".into()),
                );
            }
            (Kind::Int, Value::Number(n)) if n.is_i64() || n.is_u64() && n.as_i64().is_some() => {}
            (Kind::Score, Value::Number(_)) | (Kind::Bool, Value::Bool(_)) => {}
            (Kind::Choice(options), Value::String(s)) if options.contains(&s.as_str()) => {}
            (Kind::Choice(options), Value::String(s)) => {
                let hint = match crate::store::yaml::did_you_mean(s, options) {
                    Some(best) => format!("did you mean `{best}`? one of: {}", options.join(", ")),
                    None => format!("use one of: {}", options.join(", ")),
                };
                self.push(
                    Code::WrongType,
                    Target::Value,
                    format!("`{}` cannot be {:?}", self.here(), crate::diag::visible(s)),
                    Some(hint),
                );
            }
            (Kind::Object(fields), _) => self.object(v, fields),
            (Kind::TextOr(_), Value::String(s)) => self.text(s),
            (Kind::TextOr(fields), Value::Object(_)) => self.object(v, fields),
            (Kind::List(item), Value::Array(items)) => {
                for (i, it) in items.iter().enumerate() {
                    self.path.push((None, i));
                    self.value(it, item);
                    self.path.pop();
                }
            }
            _ => {
                let hint = match (kind, v) {
                    (k, Value::Number(_) | Value::Bool(_))
                        if k.is_text() || matches!(k, Kind::Id) =>
                    {
                        format!("quote it: \"{v}\"")
                    }
                    _ => "see docs/record-format.md for the field's type".to_string(),
                };
                self.push(
                    Code::WrongType,
                    Target::Value,
                    format!(
                        "`{}` must be {}, not {}",
                        self.here(),
                        expected(kind),
                        describe(v)
                    ),
                    Some(hint),
                );
            }
        }
    }

    fn text(&mut self, s: &'t str) {
        let here = self.here();
        text_problems(self.loc, s, &here, &mut self.problems);
    }
}

/// The problems of one text value at `path`: hidden characters written as
/// escapes (those written as is are reported by the raw-text scan) and plain
/// scalars a YAML 1.1 reader would misread.
pub fn text_problems(raw: &Locator, s: &str, path: &FieldPath, out: &mut Vec<Problem>) {
    for h in hygiene::hidden_chars(s) {
        if raw.holds_raw(h.ch) {
            continue;
        }
        let code = h.kind.code();
        let from = s.find(h.ch).unwrap_or(0);
        let (message, hint) = h.describe(&s[from..]);
        out.push(Problem {
            code,
            path: path.clone(),
            target: Target::Value,
            message: format!("`{path}` holds {message}"),
            hint: Some(hint.into()),
        });
    }
    if let Some(reading) = crate::store::yaml12::other_reading(s) {
        let off = raw.offset(path, Target::Value);
        if raw.text().get(off..).is_some_and(|r| r.starts_with(s)) {
            let (code, readers) = misread_by(reading);
            out.push(Problem {
                code,
                path: path.clone(),
                target: Target::Value,
                message: format!(
                    "`{path}` is the text {s:?}, but {readers} would take it for {}",
                    reading.phrase()
                ),
                // `record::emit` adds the command that does it.
                hint: Some(format!("quote it: \"{s}\"")),
            });
        }
    }
}

/// The code and the readers named for a plain value another reader misreads.
fn misread_by(reading: OtherReading) -> (Code, &'static str) {
    match reading {
        OtherReading::Yaml12 {
            also_yaml11: true, ..
        } => (
            Code::Yaml12Ambiguous,
            "every other YAML reader (YAML 1.2 and 1.1 alike)",
        ),
        OtherReading::Yaml12 { .. } => (Code::Yaml12Ambiguous, "a YAML 1.2 reader"),
        OtherReading::Yaml11(_) => (Code::Yaml11Ambiguous, "a YAML 1.1 reader"),
    }
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::Id => "an id",
        Kind::Date => "a date (YYYY-MM-DD)",
        Kind::Time => "a UTC timestamp",
        Kind::Count | Kind::Line => "a whole number of 0 or more",
        Kind::Int => "a whole number",
        Kind::Score => "a number",
        Kind::Bool => "true or false",
        Kind::Choice(_) => "one of the listed words",
        Kind::Object(_) => "a mapping",
        Kind::TextOr(_) => "a name or a mapping",
        Kind::List(_) => "a list",
        _ => "text",
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "empty (null)".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "text".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

#[cfg(test)]
mod tests;

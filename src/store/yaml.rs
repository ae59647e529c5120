//! YAML text in and out of records: the guarded parse (size bound, lexical
//! scan, then serde) and the canonical emitter that gives every record one
//! form, so a change is a minimal diff.

use super::scan::{scan, Scan};
use crate::diag::{Code, Diagnostic, Place};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_yaml::Value;
use std::path::Path;

/// Largest record accepted, in bytes.
pub const MAX_RECORD_BYTES: usize = 256 * 1024;

/// Keys whose string values are dates or timestamps by schema, written
/// plain: every `Date` and `Time` field of the model's record tables.
fn is_date_key(key: &str) -> bool {
    use crate::model::fields::{names_of_kind, Kind, CLAIM, CONFIG, SOURCE};
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut out = Vec::new();
        for table in [CLAIM, SOURCE, CONFIG] {
            names_of_kind(table, |k| matches!(k, Kind::Date | Kind::Time), &mut out);
        }
        out
    })
    .contains(&key)
}

/// Checks the bytes of a record are text a YAML record may be: within the size
/// bound, UTF-8. Returns the text.
#[allow(clippy::result_large_err)] // one diagnostic, once per file
pub fn as_record_text<'a>(bytes: &'a [u8], file: &Path) -> Result<&'a str, Diagnostic> {
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(Diagnostic::new(
            Code::RecordTooLarge,
            file,
            format!(
                "the record holds more than {MAX_RECORD_BYTES} bytes, the most a record may hold"
            ),
        )
        .hint("move long text out of the record: link to it as evidence instead"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let text = std::str::from_utf8(valid).unwrap_or("");
        Diagnostic::new(Code::InvalidUtf8, file, "the file is not valid UTF-8")
            .at(Place::at(text, text.len()))
            .hint("save the file as UTF-8")
    })
}

/// Parses a record, refusing forbidden constructs first. On success returns
/// the value and the lexical scan (comments); on failure every problem found.
pub fn parse_record<T: DeserializeOwned>(
    text: &str,
    file: &Path,
) -> Result<(T, Scan), Vec<Diagnostic>> {
    let s = scan(text);
    if !s.found.is_empty() {
        return Err(s
            .found
            .iter()
            .map(|(k, off)| {
                Diagnostic::new(k.code(), file, k.message())
                    .at(Place::at(text, *off))
                    .hint(k.hint())
            })
            .collect());
    }
    if text.trim().is_empty() || s.header.len() == text.trim_end().len() + 1 {
        return Err(vec![Diagnostic::new(
            Code::EmptyRecord,
            file,
            "the record is empty",
        )
        .hint("fill it in, or delete the file")]);
    }
    // A byte-order mark before the first key is accepted (`check` warns,
    // `fmt` removes it); the YAML library would take it for a document.
    let (body, bom_columns) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 1),
        None => (text, 0),
    };
    match serde_yaml::from_str::<T>(body) {
        Ok(v) => Ok((v, s)),
        Err(e) => {
            let mut d = serde_error(&e, text, file);
            if let Some(p) = d.place.as_mut().filter(|p| p.line == 1) {
                p.column += bom_columns;
            }
            Err(vec![d])
        }
    }
}

/// Turns a serde_yaml error into a diagnostic with a code and a hint.
pub fn serde_error(e: &serde_yaml::Error, text: &str, file: &Path) -> Diagnostic {
    let msg = e.to_string();
    // serde_yaml appends " at line L column C"; the place is shown apart.
    let core = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let (code, hint) = classify(&core);
    let message = out_of_range(&core).unwrap_or_else(|| core.clone());
    let mut d = Diagnostic::new(code, file, message);
    if let Some(loc) = e.location() {
        d = d.at(Place::line_col(
            text,
            loc.line() as u32,
            loc.column() as u32,
        ));
    }
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

/// A whole number too large for its field, said in the desk's words: serde
/// names the Rust type it wanted (`integer `N` as u128, expected a YAML
/// value` for a number past what any YAML reader here holds, `invalid
/// value: integer `N`, expected u32` for one past its field's range), which
/// means nothing to an editor. `None` for every other message.
fn out_of_range(msg: &str) -> Option<String> {
    let (path, rest) = match msg.split_once(": invalid ") {
        Some((path, rest)) => (Some(path), rest),
        None => (None, msg.strip_prefix("invalid ")?),
    };
    let number = rest
        .strip_prefix("type: integer `")
        .or_else(|| rest.strip_prefix("value: integer `"))?;
    let (number, tail) = number.split_once('`')?;
    let limit = match tail {
        " as u128, expected a YAML value" | " as i128, expected a YAML value" => None,
        ", expected u8" => Some(u8::MAX.to_string()),
        ", expected u16" => Some(u16::MAX.to_string()),
        ", expected u32" => Some(u32::MAX.to_string()),
        ", expected u64" => Some(u64::MAX.to_string()),
        _ => return None,
    };
    Some(out_of_range_message(path, number, limit.as_deref()))
}

/// The one wording of a whole number past its field's range, for the
/// parser's errors ([`out_of_range`]) and the check's schema walk.
/// `limit` is the field's largest value; `None` when the number is past
/// every field's.
pub fn out_of_range_message(path: Option<&str>, number: &str, limit: Option<&str>) -> String {
    let what = path
        .map(|p| format!("`{p}` holds"))
        .unwrap_or_else(|| "the record holds".into());
    match limit {
        Some(limit) => format!(
            "{what} the number {number}, which is out of range: the largest it can hold is {limit}"
        ),
        None => format!(
            "{what} the number {number}, which is out of range: no field of a record holds a number that large"
        ),
    }
}

/// The code of a serde_yaml error, from its message. yaml_serde 0.10 keeps
/// its error kinds private (`ErrorImpl` is `pub(crate)`; only `location()`
/// and the text are public), and serde's own field errors (`unknown field`,
/// `missing field`, `invalid type`) exist only as `de::Error::custom` text,
/// so the text is read here, in this one function. `classify_pins_*` tests
/// produce each shape with the pinned version: an upgrade that rewords one
/// fails a test instead of misclassifying silently.
fn classify(msg: &str) -> (Code, Option<String>) {
    if let Some(rest) = msg.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|e| {
                e.split(['`', ',', ' '])
                    .filter(|w| !w.is_empty() && *w != "one" && *w != "of" && *w != "or")
                    .collect()
            })
            .unwrap_or_default();
        let hint = match did_you_mean(field, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("known fields: {}", expected.join(", ")),
        };
        return (Code::UnknownField, Some(hint));
    }
    if msg.contains("missing field") {
        return (
            Code::MissingField,
            Some("add the field; see docs/record-format.md".into()),
        );
    }
    if msg.contains("duplicate field") || msg.contains("duplicate entry") {
        return (
            Code::DuplicateKey,
            Some("keep one of the two entries".into()),
        );
    }
    if msg.contains("invalid type")
        || msg.contains("invalid value")
        || msg.contains("unknown variant")
    {
        return (
            Code::WrongType,
            Some("see docs/record-format.md for the field's type and values".into()),
        );
    }
    if msg.contains("recursion limit") {
        return (
            Code::YamlDeepNesting,
            Some("records never nest deeply; write block YAML".into()),
        );
    }
    (
        Code::YamlSyntax,
        Some("fix the YAML syntax at this place".into()),
    )
}

/// The known name closest to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let len = word.chars().count();
    known
        .iter()
        .filter_map(|k| {
            let most = 2.max(k.len() / 3);
            // Names whose lengths differ by more cannot be close enough.
            if len.abs_diff(k.chars().count()) > most {
                return None;
            }
            Some((edit_distance(word, k), *k)).filter(|(d, _)| *d <= most)
        })
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Writes `value` in canonical form: block style, fields in declaration
/// order, two-space indentation, strings plain only where every YAML reader
/// (1.1 or 1.2) reads them back as the same string.
pub fn to_canonical<T: Serialize>(value: &T) -> Result<String, serde_yaml::Error> {
    let v = serde_yaml::to_value(value)?;
    let mut out = String::new();
    match &v {
        Value::Mapping(m) => emit_map(m, 0, &mut out),
        other => {
            emit_scalar(other, None, &mut out);
            out.push('\n');
        }
    }
    Ok(out)
}

fn emit_map(m: &serde_yaml::Mapping, indent: usize, out: &mut String) {
    let mut first = true;
    for (k, v) in m {
        if !first {
            out.push_str(&" ".repeat(indent));
        }
        first = false;
        let key = k.as_str().unwrap_or("");
        out.push_str(key);
        out.push(':');
        emit_value(v, key, indent, out);
    }
}

fn emit_value(v: &Value, key: &str, indent: usize, out: &mut String) {
    match v {
        Value::Mapping(m) if m.is_empty() => out.push_str(" {}\n"),
        Value::Sequence(s) if s.is_empty() => out.push_str(" []\n"),
        Value::Mapping(m) => {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 2));
            emit_map(m, indent + 2, out);
        }
        Value::Sequence(s) => {
            out.push('\n');
            for item in s {
                out.push_str(&" ".repeat(indent + 2));
                out.push('-');
                match item {
                    Value::Mapping(m) if !m.is_empty() => {
                        out.push(' ');
                        emit_map(m, indent + 4, out);
                    }
                    other => emit_value(other, key, indent + 2, out),
                }
            }
        }
        Value::String(text) if block_safe(text) => emit_block(text, indent + 2, out),
        scalar => {
            out.push(' ');
            emit_scalar(scalar, Some(key), out);
            out.push('\n');
        }
    }
}

/// Whether a text of several lines reads back exactly from a literal block
/// scalar (`|`): its first line starts with a visible character, no line
/// ends in white space, it ends in at most one line break, and it holds no
/// character a block cannot show as itself (controls, tabs, other line
/// breaks, invisible characters). Everything else stays double-quoted.
pub fn block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.split('\n')
            .all(|line| !line.ends_with(' ') && !line.ends_with('\u{3000}'))
        && !s.chars().any(|c| {
            (c.is_control() && c != '\n')
                || c.is_whitespace() && !matches!(c, ' ' | '\n')
                || crate::model::hygiene::is_invisible(c)
                || c == '\u{feff}'
        })
}

/// A literal block scalar: `|` (or `|-` without a final line break), then
/// each line at `indent`; empty lines stay empty (no trailing spaces).
fn emit_block(s: &str, indent: usize, out: &mut String) {
    let (body, head) = match s.strip_suffix('\n') {
        Some(body) => (body, " |\n"),
        None => (s, " |-\n"),
    };
    out.push_str(head);
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str(&" ".repeat(indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn emit_scalar(v: &Value, key: Option<&str>, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => {
            let date_key = key.is_some_and(is_date_key) && looks_like_date(s);
            if date_key || is_plain_safe(s) {
                out.push_str(s);
            } else {
                quote(s, out);
            }
        }
        Value::Tagged(t) => emit_scalar(&t.value, key, out),
        Value::Sequence(_) | Value::Mapping(_) => out.push_str("null"),
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-:.+".contains(&c))
}

/// Whether `s` can be written without quotes and still be read back as this
/// exact string by YAML 1.1 and 1.2 readers alike.
pub fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    // `<<` is a merge key and `=` a value key to a YAML 1.1 reader.
    if s.starts_with("<<") || s == "=" {
        return false;
    }
    // What a YAML 1.2 or 1.1 reader takes for null, a boolean, a number or
    // a timestamp (a timestamp may hold a space: "2023-09-14 10:00:00").
    if super::yaml12::other_reading(s).is_some() {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains('\t') {
        return false;
    }
    if s.chars().any(|c| {
        c.is_control()
            || crate::model::hygiene::is_invisible(c)
            || c == '\u{85}'
            || c == '\u{2028}'
            || c == '\u{2029}'
    }) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if [
        "null", "~", "true", "false", ".inf", "-.inf", "+.inf", ".nan",
    ]
    .contains(&lower.as_str())
    {
        return false;
    }
    // Anything a YAML 1.2 reader may take for a number or a date (wider
    // than the core schema on purpose: quoting costs nothing).
    let numberish = first.is_ascii_digit() || ((first == '+' || first == '.') && s.len() > 1);
    if numberish
        && s.chars()
            .all(|c| c.is_ascii_hexdigit() || "_.:+-xXoOTtZz".contains(c))
    {
        return false;
    }
    if looks_like_date(s) {
        return false;
    }
    true
}

fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || crate::model::hygiene::is_invisible(c)
                || c == '\u{2028}'
                || c == '\u{2029}' =>
            {
                // `\u` takes exactly four hex digits; beyond U+FFFF, `\U` eight.
                if (c as u32) > 0xFFFF {
                    out.push_str(&format!("\\U{:08X}", c as u32));
                } else {
                    out.push_str(&format!("\\u{:04X}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests;

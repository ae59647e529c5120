//! The one owner of "what a YAML 1.1 reader resolves a plain scalar to".
//! factdesk reads YAML 1.2, where `no`, `1:20` or `2023-09-14` written
//! plainly are text; a YAML 1.1 reader (PyYAML, Ruby's Psych, go-yaml v2)
//! takes them for a boolean, a number or a date. The check warns about such
//! values (`yaml11-ambiguous`) and the writer quotes them; both ask this
//! module through [`super::yaml12::other_reading`], which puts the YAML 1.2
//! core schema first. The rules are PyYAML's implicit resolvers (the YAML 1.1 type
//! repository), plus the one-letter booleans `y`/`n` of the 1.1 spec, so
//! text that merely starts like a date (`2024-06-13-forum.tsv`) is text.

/// A type a YAML 1.1 reader gives a plain scalar instead of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yaml11Type {
    Null,
    Bool,
    Int,
    Float,
    Timestamp,
}

impl Yaml11Type {
    /// The phrase diagnostics use: "would take it for a date".
    pub fn phrase(self) -> &'static str {
        match self {
            Yaml11Type::Null => "null (no value)",
            Yaml11Type::Bool => "a boolean",
            Yaml11Type::Int | Yaml11Type::Float => "a number",
            Yaml11Type::Timestamp => "a date",
        }
    }
}

const BOOLS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
];

/// What a YAML 1.1 reader resolves the plain scalar `s` to, if not text.
pub fn resolve(s: &str) -> Option<Yaml11Type> {
    if matches!(s, "~" | "null" | "Null" | "NULL") {
        return Some(Yaml11Type::Null);
    }
    if BOOLS.contains(&s) {
        return Some(Yaml11Type::Bool);
    }
    if is_int(s) {
        return Some(Yaml11Type::Int);
    }
    if is_float(s) {
        return Some(Yaml11Type::Float);
    }
    if is_timestamp(s.as_bytes()) {
        return Some(Yaml11Type::Timestamp);
    }
    None
}

fn unsigned(s: &str) -> &str {
    s.strip_prefix(['+', '-']).unwrap_or(s)
}

fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    s.bytes().all(f)
}

fn digit_or_underscore(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

/// `[-+]?(0b[01_]+ | 0[0-7_]+ | 0 | [1-9][0-9_]* | 0x[0-9a-fA-F_]+ |
/// [1-9][0-9_]*(:[0-5]?[0-9])+)`.
fn is_int(s: &str) -> bool {
    let u = unsigned(s);
    if let Some(b) = u.strip_prefix("0b") {
        return !b.is_empty() && all(b, |c| c == b'0' || c == b'1' || c == b'_');
    }
    if let Some(x) = u.strip_prefix("0x") {
        return !x.is_empty() && all(x, |c| c.is_ascii_hexdigit() || c == b'_');
    }
    if u == "0" {
        return true;
    }
    if let Some(o) = u.strip_prefix('0') {
        return !o.is_empty() && all(o, |c| (b'0'..=b'7').contains(&c) || c == b'_');
    }
    let mut parts = u.split(':');
    let head = parts.next().unwrap_or("");
    let head_ok = head
        .as_bytes()
        .first()
        .is_some_and(|c| (b'1'..=b'9').contains(c))
        && all(head, digit_or_underscore);
    head_ok && parts.all(sexagesimal_part)
}

/// `[0-5]?[0-9]`.
fn sexagesimal_part(p: &str) -> bool {
    let b = p.as_bytes();
    match b {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    }
}

/// `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)?
/// | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF)
/// | \.(nan|NaN|NAN)`.
fn is_float(s: &str) -> bool {
    if [".nan", ".NaN", ".NAN"].contains(&s) {
        return true;
    }
    let u = unsigned(s);
    if [".inf", ".Inf", ".INF"].contains(&u) {
        return true;
    }
    let (mantissa, exp) = match u.find(['e', 'E']) {
        Some(i) => (&u[..i], Some(&u[i + 1..])),
        None => (u, None),
    };
    let exp_ok = exp.is_none_or(|e| {
        e.len() > 1 && e.starts_with(['+', '-']) && all(&e[1..], |c| c.is_ascii_digit())
    });
    let Some((int, frac)) = mantissa.split_once('.') else {
        return false;
    };
    if !all(frac, digit_or_underscore) {
        return false;
    }
    if int.is_empty() {
        // `\.[0-9_]+`, unsigned only.
        return u.len() == s.len() && !frac.is_empty() && exp_ok;
    }
    let mut parts = int.split(':');
    let head = parts.next().unwrap_or("");
    let head_ok =
        head.as_bytes().first().is_some_and(u8::is_ascii_digit) && all(head, digit_or_underscore);
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        head_ok && exp_ok
    } else {
        head_ok && exp.is_none() && rest.into_iter().all(sexagesimal_part)
    }
}

/// `YYYY-MM-DD`, or `YYYY-M?M-D?D([Tt]|[ \t]+)H?H:MM:SS(\.F*)?` followed by
/// an optional zone `[ \t]*(Z|[-+]H?H(:MM)?)`.
fn is_timestamp(b: &[u8]) -> bool {
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if b.len() == 10 && digits(&b[..4]) && b[4] == b'-' && digits(&b[5..7]) && b[7] == b'-' {
        return digits(&b[8..10]);
    }
    let Some(split) = b
        .iter()
        .position(|&c| c == b'T' || c == b't' || c == b' ' || c == b'\t')
    else {
        return false;
    };
    let (date, rest) = b.split_at(split);
    let mut d = date.split(|&c| c == b'-');
    let (Some(y), Some(m), Some(day), None) = (d.next(), d.next(), d.next(), d.next()) else {
        return false;
    };
    let short = |s: &[u8]| digits(s) && s.len() <= 2;
    if !(y.len() == 4 && digits(y) && short(m) && short(day)) {
        return false;
    }
    let rest = if rest[0] == b'T' || rest[0] == b't' {
        &rest[1..]
    } else {
        trim_blank(rest)
    };
    is_time_and_zone(rest, short)
}

fn trim_blank(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    &b[n..]
}

fn is_time_and_zone(b: &[u8], short: impl Fn(&[u8]) -> bool) -> bool {
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let end = b
        .iter()
        .position(|&c| !(c.is_ascii_digit() || c == b':' || c == b'.'))
        .unwrap_or(b.len());
    let (time, zone) = b.split_at(end);
    let (hms, frac) = match time.iter().position(|&c| c == b'.') {
        Some(i) => (&time[..i], Some(&time[i + 1..])),
        None => (time, None),
    };
    let mut t = hms.split(|&c| c == b':');
    let (Some(h), Some(mi), Some(sec), None) = (t.next(), t.next(), t.next(), t.next()) else {
        return false;
    };
    if !(short(h) && mi.len() == 2 && digits(mi) && sec.len() == 2 && digits(sec)) {
        return false;
    }
    if frac.is_some_and(|f| !f.iter().all(u8::is_ascii_digit)) {
        return false;
    }
    let zone = trim_blank(zone);
    match zone {
        [] | [b'Z'] => true,
        [sign, rest @ ..] if *sign == b'+' || *sign == b'-' => {
            let (hh, mm) = match rest.iter().position(|&c| c == b':') {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            short(hh) && mm.is_none_or(|m| m.len() == 2 && digits(m))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Yaml11Type::*;

    /// Every short string over the characters the patterns look at resolves
    /// without a panic (`:1.5` once indexed an empty sexagesimal head).
    #[test]
    fn never_panics_on_short_strings_of_pattern_characters() {
        const CHARS: [char; 12] = ['0', '1', ':', '.', '-', '+', 'e', 'T', ' ', '_', 'x', 'Z'];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| CHARS.iter().map(move |c| format!("{w}{c}")))
                .collect();
            for w in &longer {
                let _ = resolve(w);
            }
            words = longer;
        }
        assert_eq!(resolve(":1.5"), None);
        assert_eq!(resolve("-:1.5"), None);
    }

    #[test]
    fn resolves_like_pyyaml() {
        for (s, t) in [
            ("~", Some(Null)),
            ("NULL", Some(Null)),
            ("nuLL", None),
            ("no", Some(Bool)),
            ("On", Some(Bool)),
            ("y", Some(Bool)),
            ("oN", None),
            ("2023-09-14", Some(Timestamp)),
            ("2023-9-4 10:00:00", Some(Timestamp)),
            ("2023-09-14T10:00:00Z", Some(Timestamp)),
            ("2023-09-14t10:00:00.5 +02:00", Some(Timestamp)),
            ("2023-09-14 10:00:00 -5", Some(Timestamp)),
            ("2025-03-05-brennan-press-conference", None),
            ("2024-06-13-forum.tsv", None),
            ("2024-06-13 forum", None),
            ("2024-06-13T", None),
            ("1:20", Some(Int)),
            ("190:20:30", Some(Int)),
            ("1:60", None),
            ("1_000", Some(Int)),
            ("0755", Some(Int)),
            ("0x1F", Some(Int)),
            ("0b101", Some(Int)),
            ("-12", Some(Int)),
            ("3.14", Some(Float)),
            ("1.", Some(Float)),
            (".5", Some(Float)),
            ("6.02e+23", Some(Float)),
            ("-.inf", Some(Float)),
            (".NaN", Some(Float)),
            ("190:20:30.15", Some(Float)),
            ("1e3", None),
            ("1.2.3", None),
            ("v1.2", None),
            ("08", None),
            ("-", None),
            ("no way", None),
            ("8,000 km", None),
            ("true story", None),
            ("", None),
        ] {
            assert_eq!(resolve(s), t, "{s:?}");
        }
    }
}

//! The one owner of "what a YAML 1.2 reader resolves a plain scalar to", and
//! of the question every caller asks: would another YAML reader see this
//! plain text as something else? factdesk reads every text field as text,
//! so an unquoted `~`, `null`, `true`, `.inf` or `0o17` reaches it as those
//! characters, while a reader using the YAML 1.2 core schema (js-yaml,
//! ruamel.yaml, go-yaml v3, yq) sees null, a boolean or a number, and a
//! YAML 1.1 reader (PyYAML, [`super::yaml11`]) its own set. The check warns
//! (`yaml12-ambiguous`, `yaml11-ambiguous`) and the writer quotes; both ask
//! [`other_reading`]. The rules are the core schema's tag resolution (YAML
//! 1.2.2, §10.3.2), written out by hand: four small grammars need no regex
//! engine.

use super::yaml11::{self, Yaml11Type};

/// A type a YAML 1.2 core-schema reader gives a plain scalar instead of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoreType {
    Null,
    Bool,
    Int,
    Float,
}

impl CoreType {
    /// The phrase diagnostics use: "would take it for null".
    pub fn phrase(self) -> &'static str {
        match self {
            CoreType::Null => "null (no value)",
            CoreType::Bool => "a boolean",
            CoreType::Int | CoreType::Float => "a number",
        }
    }
}

/// What a YAML 1.2 core-schema reader resolves the plain scalar `s` to, if
/// not text. (An empty plain scalar is null too; `check` reports empty text
/// on its own.)
pub fn resolve(s: &str) -> Option<CoreType> {
    match s {
        "~" | "null" | "Null" | "NULL" => return Some(CoreType::Null),
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return Some(CoreType::Bool),
        _ => {}
    }
    if is_int(s) {
        Some(CoreType::Int)
    } else if is_float(s) {
        Some(CoreType::Float)
    } else {
        None
    }
}

/// Who reads a plain scalar as something other than text, and as what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherReading {
    /// A YAML 1.2 core-schema reader (and, when `also_yaml11`, YAML 1.1 too).
    Yaml12 {
        as_type: CoreType,
        also_yaml11: bool,
    },
    /// Only a YAML 1.1 reader.
    Yaml11(Yaml11Type),
}

impl OtherReading {
    /// What the other reader takes it for: "null (no value)", "a date".
    pub fn phrase(self) -> &'static str {
        match self {
            OtherReading::Yaml12 { as_type, .. } => as_type.phrase(),
            OtherReading::Yaml11(t) => t.phrase(),
        }
    }
}

/// How another YAML reader (1.2 core schema first, then 1.1) would read the
/// plain scalar `s`, when not as the text factdesk reads.
pub fn other_reading(s: &str) -> Option<OtherReading> {
    if !may_read_otherwise(s) {
        return None;
    }
    let old = yaml11::resolve(s);
    match resolve(s) {
        Some(as_type) => Some(OtherReading::Yaml12 {
            as_type,
            also_yaml11: old.is_some(),
        }),
        None => old.map(OtherReading::Yaml11),
    }
}

/// A quick necessary condition of both resolvers (1.2 here, 1.1 in
/// `yaml11`), so most text is passed over without running them: every
/// number and timestamp starts with a digit, a sign or a dot, and every
/// null or boolean word is `~` or at most five letters starting with one of
/// `nNtTfFyYoO`. A test holds it to both resolvers.
fn may_read_otherwise(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => true,
        Some(b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'y' | b'Y' | b'o' | b'O') => {
            s.len() <= 5
        }
        _ => false,
    }
}

fn digits(s: &str, f: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(f)
}

/// `[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+`.
fn is_int(s: &str) -> bool {
    if let Some(o) = s.strip_prefix("0o") {
        return digits(o, |b| (b'0'..=b'7').contains(&b));
    }
    if let Some(x) = s.strip_prefix("0x") {
        return digits(x, |b| b.is_ascii_hexdigit());
    }
    digits(s.strip_prefix(['-', '+']).unwrap_or(s), |b| {
        b.is_ascii_digit()
    })
}

/// `[-+]?(\.[0-9]+ | [0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? |
/// [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`.
fn is_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let u = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(u, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exp) = match u.find(['e', 'E']) {
        Some(i) => (&u[..i], Some(&u[i + 1..])),
        None => (u, None),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        digits(e, |b| b.is_ascii_digit())
    });
    let number = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac, |b| b.is_ascii_digit()),
        Some((int, frac)) => {
            digits(int, |b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => digits(mantissa, |b| b.is_ascii_digit()),
    };
    number && exp_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use CoreType::*;

    /// Expected values from the core schema's regular expressions (YAML
    /// 1.2.2 §10.3.2), cross-checked with Python's `re` on those patterns.
    #[test]
    fn resolves_like_the_core_schema() {
        for (s, t) in [
            ("~", Some(Null)),
            ("null", Some(Null)),
            ("Null", Some(Null)),
            ("NULL", Some(Null)),
            ("nULL", None),
            ("true", Some(Bool)),
            ("False", Some(Bool)),
            ("TRUE", Some(Bool)),
            ("yes", None),
            ("on", None),
            ("0", Some(Int)),
            ("012", Some(Int)),
            ("08", Some(Int)),
            ("-19", Some(Int)),
            ("+7", Some(Int)),
            ("0o17", Some(Int)),
            ("0x1F", Some(Int)),
            ("0xg", None),
            ("-0x1F", None),
            ("1_000", None),
            ("0b101", None),
            ("1:20", None),
            ("1e3", Some(Float)),
            ("-1E+3", Some(Float)),
            ("6.02e23", Some(Float)),
            ("1.", Some(Float)),
            (".5", Some(Float)),
            ("-.5e-2", Some(Float)),
            (".inf", Some(Float)),
            ("-.Inf", Some(Float)),
            ("+.INF", Some(Float)),
            (".nan", Some(Float)),
            ("-.nan", None),
            (".", None),
            ("e3", None),
            ("1e", None),
            ("1.2.3", None),
            ("2023-09-14", None),
            ("8,000 km", None),
            ("", None),
        ] {
            assert_eq!(resolve(s), t, "{s:?}");
        }
    }

    /// Every string the quick condition passes over is text to both
    /// resolvers: all strings of up to three characters over an alphabet of
    /// what the grammars use, every word they name, and longer samples.
    #[test]
    fn the_quick_condition_never_hides_a_reading() {
        let alphabet: Vec<char> = "0179+-._:eExXoObB~nNtTfFyYsSaAlLuU ZzT\té"
            .chars()
            .collect();
        let mut samples: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = samples
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            samples.extend(longer);
        }
        samples.sort();
        samples.dedup();
        let words = [
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "yes",
            "Yes",
            "YES",
            "no",
            "No",
            "NO",
            "on",
            "On",
            "ON",
            "off",
            "Off",
            "OFF",
            "y",
            "Y",
            "n",
            "N",
            "2023-09-14",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5",
            "1_000",
            "190:20:30",
            "190:20:30.15",
            "0b1010_0111",
            "0x_0A_74_AE",
            "-.inf",
            ".NaN",
            "6.8523015e+5",
            "+12_345",
            "Antoine Bondaz",
            "nullable",
            "Truely",
            "yesterday",
            "offset",
            "~x",
        ];
        samples.extend(words.iter().map(|w| w.to_string()));
        for s in &samples {
            if !may_read_otherwise(s) {
                assert_eq!(resolve(s), None, "{s:?}");
                assert_eq!(yaml11::resolve(s), None, "{s:?}");
            }
        }
    }

    #[test]
    fn names_the_reader_that_differs() {
        assert_eq!(
            other_reading("null"),
            Some(OtherReading::Yaml12 {
                as_type: Null,
                also_yaml11: true
            })
        );
        assert_eq!(
            other_reading("1e3"),
            Some(OtherReading::Yaml12 {
                as_type: Float,
                also_yaml11: false
            })
        );
        assert_eq!(
            other_reading("no"),
            Some(OtherReading::Yaml11(Yaml11Type::Bool))
        );
        assert_eq!(other_reading("Antoine Bondaz"), None);
    }
}

//! JSON Schemas (draft-07) of the desk's files, for editors running
//! yaml-language-server: completion and inline errors while typing a record.
//! Generated from the model's field tables (`model::fields`), the ones the
//! check walks: a field added there appears here.

use crate::model::fields::{self, Field, Kind};
use crate::model::DeskConfig;
use serde_json::{json, Value};

const ID_PATTERN: &str = "^[a-z0-9](?:[a-z0-9]|-(?!-)){0,62}[a-z0-9]$|^[a-z0-9]$";
const DATE_PATTERN: &str = "^\\d{4}-\\d{2}-\\d{2}$";
const TIME_PATTERN: &str = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$";
const URL_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/@]+(?:[/?#]\\S*)?$";
const CUE_PATTERN: &str = "^\\d{2}:\\d{2}:\\d{2}\\.\\d{3}$";
const HEX64_PATTERN: &str = "^[0-9a-f]{64}$";

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    Claim,
    Source,
    Desk,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 3] = [SchemaKind::Claim, SchemaKind::Source, SchemaKind::Desk];

    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Claim => "claim",
            SchemaKind::Source => "source",
            SchemaKind::Desk => "desk",
        }
    }

    /// The files of a desk this schema applies to (globs, relative to the
    /// root). Claims include the draft `factdesk edit` opens, so the editor
    /// completes and checks it as it does the record.
    pub fn globs(self) -> Vec<String> {
        match self {
            SchemaKind::Claim => vec![
                format!("{}/*.yaml", crate::store::CLAIMS_DIR),
                format!("{}/*.yaml", crate::store::EDIT_DIR),
            ],
            SchemaKind::Source => vec![format!("{}/*.yaml", crate::store::SOURCES_DIR)],
            SchemaKind::Desk => vec![crate::store::CONFIG_FILE.to_string()],
        }
    }
}

/// The schema of `kind`; a desk's rating scale narrows `rating` to its keys.
pub fn schema(kind: SchemaKind, desk: Option<&DeskConfig>) -> Value {
    let (fields, about) = match kind {
        SchemaKind::Claim => (fields::CLAIM, "A claim record (claims/<id>.yaml)"),
        SchemaKind::Source => (
            fields::SOURCE,
            "A transcript's metadata (sources/<id>.yaml)",
        ),
        SchemaKind::Desk => (fields::CONFIG, "Desk settings (factdesk.yaml)"),
    };
    let scale = desk.map(|d| d.rating_scale.keys());
    let mut body = object(fields, about, scale.as_deref());
    if let Value::Object(b) = &mut body {
        b.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        b.insert(
            "title".into(),
            json!(format!("factdesk {} record", kind.name())),
        );
    }
    body
}

fn object(fields: &[Field], about: &str, scale: Option<&[&str]>) -> Value {
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let properties: serde_json::Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.to_string(), value(&f.kind, f.about, scale)))
        .collect();
    json!({
        "type": "object",
        "description": about,
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

fn pattern(p: &str, about: &str) -> Value {
    json!({ "type": "string", "pattern": p, "description": about })
}

/// The JSON Schema of one value of `kind`.
fn value(kind: &Kind, about: &str, scale: Option<&[&str]>) -> Value {
    match kind {
        Kind::Text => json!({ "type": "string", "minLength": 1, "description": about }),
        Kind::Bounded(max) => {
            json!({ "type": "string", "minLength": 1, "maxLength": max, "description": about })
        }
        Kind::Id | Kind::Key => pattern(ID_PATTERN, about),
        Kind::Rating => match scale {
            Some(keys) => json!({ "type": "string", "enum": keys, "description": about }),
            None => pattern(ID_PATTERN, about),
        },
        Kind::Url => pattern(URL_PATTERN, about),
        Kind::Date => pattern(DATE_PATTERN, about),
        Kind::Time => pattern(TIME_PATTERN, about),
        Kind::Cue => pattern(CUE_PATTERN, about),
        Kind::Hex64 => pattern(HEX64_PATTERN, about),
        Kind::Language => pattern(crate::model::desk::LANGUAGE_PATTERN, about),
        Kind::Count | Kind::Line => json!({
            "type": "integer",
            "minimum": kind.smallest(),
            "maximum": kind.largest(),
            "description": about,
        }),
        Kind::Int => json!({ "type": "integer", "description": about }),
        Kind::Score => {
            json!({ "type": "number", "minimum": 0, "maximum": 1, "description": about })
        }
        Kind::Bool => json!({ "type": "boolean", "description": about }),
        Kind::Choice(names) => json!({ "type": "string", "enum": names, "description": about }),
        Kind::Object(fields) => object(fields, about, scale),
        Kind::TextOr(fields) => json!({ "description": about, "oneOf": [
            value(&Kind::Text, about, scale),
            object(fields, about, scale),
        ] }),
        Kind::List(item) => json!({ "type": "array", "items": value(item, about, scale) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RatingScale;

    #[test]
    fn claim_schema_lists_the_desk_scale() {
        let d = DeskConfig::new("x", RatingScale::truth_o_meter());
        let s = schema(SchemaKind::Claim, Some(&d));
        assert_eq!(s["properties"]["rating"]["enum"][5], "pants-on-fire");
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["additionalProperties"], false);
    }

    /// Every property name the JSON Schema allows, at every depth, as paths.
    fn schema_paths(v: &Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
        if let Some(props) = v["properties"].as_object() {
            for (k, p) in props {
                let path = format!("{at}.{k}");
                out.insert(path.clone());
                schema_paths(p, &path, out);
            }
        }
        for inner in [&v["items"], &v["oneOf"][1]] {
            if !inner.is_null() {
                schema_paths(inner, at, out);
            }
        }
    }

    fn typed_paths(v: &Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{at}.{k}");
                    out.insert(p.clone());
                    typed_paths(x, &p, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| typed_paths(x, at, out)),
            _ => {}
        }
    }

    #[test]
    fn the_claim_schema_allows_exactly_the_fields_the_model_writes() {
        let text = include_str!("../tests/corpus/valid/claims/full-published-claim.yaml");
        let (claim, _) = crate::store::yaml::parse_record::<crate::model::Claim>(
            text,
            std::path::Path::new("x"),
        )
        .unwrap();
        let mut want = std::collections::BTreeSet::new();
        typed_paths(&serde_json::to_value(&claim).unwrap(), "", &mut want);
        let mut got = std::collections::BTreeSet::new();
        schema_paths(&schema(SchemaKind::Claim, None), "", &mut got);
        assert_eq!(got, want);
        let s = schema(SchemaKind::Claim, None);
        assert_eq!(
            s["properties"]["history"]["items"]["properties"]["action"]["enum"],
            json!(crate::model::Action::NAMES)
        );
        assert_eq!(
            s["properties"]["claim"]["maxLength"],
            json!(crate::model::fields::MAX_CLAIM_CHARS)
        );
    }

    /// Every choice field of the model's table, at any depth, has the
    /// model's words, in order, as its JSON Schema `enum`: statuses,
    /// actions, stances, decisions, priorities, correction kinds, layouts.
    fn choices_agree(fields: &[crate::model::fields::Field], v: &Value, at: &str) -> usize {
        use crate::model::fields::Kind;
        let mut seen = 0;
        for f in fields {
            let path = format!("{at}.{}", f.name);
            let mut p = &v["properties"][f.name];
            assert!(!p.is_null(), "the schema has no {path}");
            let mut k = &f.kind;
            while let Kind::List(item) = k {
                k = item;
                p = &p["items"];
            }
            match k {
                Kind::Choice(words) => {
                    assert_eq!(p["enum"], json!(words), "{path}");
                    seen += 1;
                }
                Kind::Object(inner) => seen += choices_agree(inner, p, &path),
                Kind::TextOr(inner) => seen += choices_agree(inner, &p["oneOf"][1], &path),
                _ => {}
            }
        }
        seen
    }

    #[test]
    fn every_choice_list_of_the_schema_is_the_models() {
        use crate::model::fields::{CLAIM, CONFIG, SOURCE};
        choices_agree(CONFIG, &schema(SchemaKind::Desk, None), "");
        let claim = choices_agree(CLAIM, &schema(SchemaKind::Claim, None), "");
        let source = choices_agree(SOURCE, &schema(SchemaKind::Source, None), "");
        // status, priority, stance, decision, kind, action, history from/to.
        assert!(claim >= 7, "{claim} choice fields in the claim table");
        assert!(source >= 1, "{source} choice fields in the source table");
    }

    #[test]
    fn the_language_pattern_agrees_with_the_models_tag_rule() {
        let re = regex::Regex::new(crate::model::desk::LANGUAGE_PATTERN).unwrap();
        let tags = [
            "en",
            "fr",
            "de",
            "pt-BR",
            "zh-Hant",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "ast",
            "yue-HK",
            "en-US-x-twain",
            "de-CH-1996",
            "EN",
            "Fr-ca",
            "e",
            "english",
            "en_US",
            "en-",
            "-en",
            "en--us",
            "fr-abcdefghi",
            "12",
            "en-US ",
            " en",
            "",
            "fr-ç",
            "ar-EG",
            "he",
            "ja-JP-u-ca-japanese",
            "i-klingon",
            "x-private",
        ];
        for tag in tags {
            assert_eq!(
                re.is_match(tag),
                crate::model::desk::valid_language_tag(tag),
                "{tag:?}"
            );
        }
    }
}

use super::*;
use crate::diag::Code;
use crate::model::{Claim, DeskConfig, Source};
use serde::Serialize;
use std::collections::BTreeSet;

/// Every field name the typed record writes, at every depth, as paths.
fn typed_paths<T: Serialize>(v: &T) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    walk(&serde_json::to_value(v).unwrap(), "", &mut out);
    out
}

fn walk(v: &Value, at: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}.{k}");
                out.insert(p.clone());
                walk(x, &p, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                walk(x, at, out);
            }
        }
        _ => {}
    }
}

fn schema_paths(fields: &'static [Field], at: &str, out: &mut BTreeSet<String>) {
    for f in fields {
        let p = format!("{at}.{}", f.name);
        out.insert(p.clone());
        let mut k = &f.kind;
        while let Kind::List(item) = k {
            k = item;
        }
        if let Kind::Object(inner) | Kind::TextOr(inner) = k {
            schema_paths(inner, &p, out);
        }
    }
}

fn full_claim() -> Claim {
    let text = include_str!("../../../tests/corpus/valid/claims/full-published-claim.yaml");
    let (c, _) =
        crate::store::yaml::parse_record::<Claim>(text, std::path::Path::new("x")).unwrap();
    c
}

#[test]
fn the_claim_schema_matches_the_model() {
    let mut expected = BTreeSet::new();
    schema_paths(CLAIM, "", &mut expected);
    let got = typed_paths(&full_claim());
    assert_eq!(
        got, expected,
        "a field of Claim is missing from check::schema::CLAIM or the fixture"
    );
}

#[test]
fn the_source_and_settings_schemas_match_the_model() {
    let s = Source {
        id: "a".into(),
        title: "t".into(),
        outlet: "o".into(),
        url: Some("https://a.org".into()),
        published: chrono::NaiveDate::from_ymd_opt(2023, 9, 14),
        format: crate::model::TranscriptFormat::Text,
        file: "a.txt".into(),
        sha256: "0".repeat(64),
        speakers: vec![
            "x".into(),
            crate::model::SpeakerEntry::Label(crate::model::SpeakerLabel {
                label: "X".into(),
                name: "x".into(),
                role: Some(crate::model::SpeakerRole::Moderator),
            }),
        ],
        interviewer: Some("i".into()),
        narrator: Some("n".into()),
        extracted_from: Some(crate::model::source::Original {
            file: "itv.docx".into(),
            sha256: "00".into(),
        }),
        language: Some("fr".into()),
    };
    let mut expected = BTreeSet::new();
    schema_paths(SOURCE, "", &mut expected);
    assert_eq!(typed_paths(&s), expected);
    let mut expected = BTreeSet::new();
    schema_paths(CONFIG, "", &mut expected);
    let mut c = DeskConfig::new("d", crate::model::RatingScale::default_scale());
    c.publish.right_of_reply = true;
    c.language = Some("fr".into());
    c.editors = vec!["ana=Ana Lima <ana@newsroom.fr>".parse().unwrap()];
    c.identity = crate::model::Identity::Git;
    assert_eq!(typed_paths(&c), expected);
}

fn problems(text: &str) -> Vec<(Code, String)> {
    let (super::super::tree::Tree(v), _) = crate::store::yaml::parse_record::<
        super::super::tree::Tree,
    >(text, std::path::Path::new("x"))
    .unwrap();
    let loc = crate::check::locate::Locator::new(text);
    let mut w = Walker::new(&loc);
    w.object(&v, CLAIM);
    w.problems
        .into_iter()
        .map(|p| (p.code, p.path.to_string()))
        .collect()
}

#[test]
fn reports_every_problem_at_once() {
    let text = "id: Bad_Id\nclaim: 12\nquote: ''\nspeaker: x\nsource: s\nlocation: {line: -1}\nstatus: publishd\nsaid_on: 2023-02-30\nevidnce: []\ntags: [no]\n";
    let got = problems(text);
    let codes: Vec<Code> = got.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        codes,
        vec![
            Code::InvalidId,
            Code::WrongType,
            Code::EmptyField,
            Code::WrongType,
            Code::WrongType,
            Code::InvalidDate,
            Code::UnknownField,
            Code::Yaml11Ambiguous
        ],
        "{got:?}"
    );
    assert_eq!(got[3].1, "location.line");
    assert_eq!(got[7].1, "tags[0]");
}

#[test]
fn quoted_ambiguous_values_are_fine() {
    let text = "id: a\nclaim: \"no\"\nquote: '2023-09-14'\nspeaker: x\nsource: s\nlocation: {line: 1}\nstatus: candidate\n";
    assert!(problems(text).is_empty(), "{:?}", problems(text));
}

/// `v` with every text value the table declares replaced by `with(old)`.
fn replace_text(v: &mut Value, kind: &'static Kind, with: &dyn Fn(&str) -> String, n: &mut usize) {
    match (kind, v) {
        (Kind::Object(fields), Value::Object(m)) => {
            for f in fields.iter() {
                if let Some(x) = m.get_mut(f.name) {
                    replace_text(x, &f.kind, with, n);
                }
            }
        }
        (Kind::List(item), Value::Array(a)) => {
            for x in a {
                replace_text(x, item, with, n);
            }
        }
        (k, Value::String(s)) if k.is_text() => {
            *s = with(s);
            *n += 1;
        }
        _ => {}
    }
}

/// Problems as (code, path).
type Found = BTreeSet<(&'static str, String)>;

/// The typed fast path and the schema walk on the same claim.
fn both_paths(v: &Value) -> (Found, Found) {
    let c: Claim = serde_json::from_value(v.clone()).unwrap();
    let empty = crate::check::locate::Locator::new("");
    let fast = super::super::typed::claim_problems(&c, &empty)
        .into_iter()
        .map(|p| (p.code.name(), p.path.to_string()))
        .collect();
    let mut w = Walker::new(&empty);
    w.object(v, CLAIM);
    let slow = w
        .problems
        .into_iter()
        .map(|p| (p.code.name(), p.path.to_string()))
        .collect();
    (fast, slow)
}

#[test]
fn the_typed_walk_judges_every_text_field_the_table_declares() {
    static TOP: Kind = Kind::Object(CLAIM);
    let base = serde_json::to_value(full_claim()).unwrap();
    for (with, code) in [
        (
            (&|s: &str| format!("{s}\u{200B}")) as &dyn Fn(&str) -> String,
            Code::InvisibleCharacter,
        ),
        (&|s: &str| format!("\u{202E}{s}"), Code::BidiControl),
        (&|s: &str| format!("{s}\u{1b}[2J"), Code::ControlCharacter),
    ] {
        let mut v = base.clone();
        let mut n = 0;
        replace_text(&mut v, &TOP, with, &mut n);
        let (fast, slow) = both_paths(&v);
        assert_eq!(fast, slow, "the typed walk and the schema walk disagree");
        assert_eq!(
            fast.iter().filter(|(c, _)| *c == code.name()).count(),
            n,
            "every text value is judged: {fast:?}"
        );
        assert!(n > 30, "{n}");
    }
    // Empty text: the required fields, at every depth, and no other.
    let mut v = base.clone();
    let mut n = 0;
    replace_text(&mut v, &TOP, &|_| String::new(), &mut n);
    let (fast, slow) = both_paths(&v);
    assert_eq!(fast, slow);
    let empty: Vec<&str> = fast
        .iter()
        .filter(|(c, _)| *c == Code::EmptyField.name())
        .map(|(_, p)| p.as_str())
        .collect();
    for p in [
        "claim",
        "quote",
        "speaker",
        "triage.model",
        "reply.contacted",
        "evidence[0].title",
        "corrections[1].note",
        "history[0].by",
    ] {
        assert!(empty.contains(&p), "{p} is required: {empty:?}");
    }
    for p in [
        "notes",
        "summary",
        "evidence[0].note",
        "corrections[0].previous_summary",
    ] {
        assert!(!empty.contains(&p), "{p} is optional: {empty:?}");
    }
}

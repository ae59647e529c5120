use super::*;
use crate::diag::Code;
use serde::Deserialize;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Rec {
    id: String,
    note: String,
    tags: Vec<String>,
}

fn round_trip(s: &str) {
    let r = Rec {
        id: "a".into(),
        note: s.into(),
        tags: vec![s.into()],
    };
    let text = to_canonical(&r).unwrap();
    let (back, _): (Rec, _) = parse_record(&text, Path::new("x.yaml")).unwrap();
    assert_eq!(back, r, "{text}");
}

#[test]
fn tricky_strings_round_trip() {
    for s in [
        "no",
        "on",
        "Yes",
        "~",
        "null",
        "2023-09-14",
        "12:30",
        "0x1F",
        "1e5",
        "- dash",
        "#hash",
        "a: b",
        "trailing:",
        " lead",
        "tab\there",
        "line\nbreak",
        "\"quoted\"",
        "it's",
        "",
        "8,000 km",
        "1_000",
        ".5",
        "+1",
        "é",
        "a #b",
        "\u{202E}bidi",
        "zero\u{200B}width",
        "tag\u{E0041}\u{E007F}s",
        "rtl \u{200F}«مرحبا»\u{200F}",
        "@at",
        "`tick",
        "%pc",
        "<<:a",
        "<<",
        "=",
        "2023-09-14 10:00:00",
        "!bang",
        "&amp",
        "*star",
        "[x]",
        "{x}",
        "|pipe",
        ">gt",
        "'single'",
        "back\\slash",
        "\u{1b}[31m",
    ] {
        round_trip(s);
    }
}

#[test]
fn canonical_form_is_block_style_in_field_order() {
    let r = Rec {
        id: "a".into(),
        note: "Importing arms: a breach".into(),
        tags: vec!["x".into(), "no".into()],
    };
    assert_eq!(
        to_canonical(&r).unwrap(),
        "id: a\nnote: \"Importing arms: a breach\"\ntags:\n  - x\n  - \"no\"\n"
    );
}

#[test]
fn errors_name_code_and_place() {
    let text = "id: a\nnote: b\ntagz: []\n";
    let errs = parse_record::<Rec>(text, Path::new("x.yaml")).unwrap_err();
    assert_eq!(errs[0].code, Code::UnknownField);
    assert_eq!(errs[0].hint.as_deref(), Some("did you mean `tags`?"));
    assert_eq!(errs[0].place.as_ref().unwrap().line, 3);

    let errs = parse_record::<Rec>("id: a\nid: b\n", Path::new("x.yaml")).unwrap_err();
    assert_eq!(errs[0].code, Code::DuplicateKey);

    let errs = parse_record::<Rec>("id: &a x\nnote: *a\n", Path::new("x.yaml")).unwrap_err();
    assert_eq!(
        errs.iter().map(|d| d.code).collect::<Vec<_>>(),
        [Code::YamlAnchor, Code::YamlAlias]
    );

    let errs = parse_record::<Rec>("", Path::new("x.yaml")).unwrap_err();
    assert_eq!(errs[0].code, Code::EmptyRecord);
}

#[test]
fn did_you_mean_finds_typos_only() {
    assert_eq!(
        did_you_mean("stauts", &["status", "source"]),
        Some("status")
    );
    assert_eq!(did_you_mean("zzzzzz", &["status", "source"]), None);
}

#[test]
fn multi_line_text_is_a_literal_block_that_reads_back_exactly() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct R {
        notes: String,
        list: Vec<std::collections::BTreeMap<String, String>>,
    }
    for text in [
        "First paragraph.\n\nSecond: with # and \"quotes\".",
        "One line\n",
        "- looks like a list\n  indented: after\n\n\n3 blank lines before",
        "ünïcode — “quoted”\n: colon start",
    ] {
        let mut item = std::collections::BTreeMap::new();
        item.insert("note".to_string(), text.to_string());
        let r = R {
            notes: text.into(),
            list: vec![item],
        };
        let out = to_canonical(&r).unwrap();
        assert!(out.starts_with("notes: |"), "{out}");
        assert!(!out.lines().any(|l| l.ends_with(' ')), "{out}");
        let back: R = serde_yaml::from_str(&out).unwrap();
        assert_eq!(back, r, "{out}");
        assert_eq!(to_canonical(&back).unwrap(), out);
    }
    for quoted in [
        " leading space\nx",
        "trailing space \nx",
        "two breaks at the end\n\n",
        "tab\tinside\nx",
        "carriage\r\nreturn",
        "\nstarts with a break",
        "one line",
    ] {
        let r = R {
            notes: quoted.into(),
            list: vec![],
        };
        let out = to_canonical(&r).unwrap();
        assert!(!out.starts_with("notes: |"), "{quoted:?}: {out}");
        let back: R = serde_yaml::from_str(&out).unwrap();
        assert_eq!(back, r);
    }
}

/// The core message of the pinned serde_yaml's error for `text` read as `T`.
fn serde_message<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    let e = serde_yaml::from_str::<T>(text).unwrap_err();
    let msg = e.to_string();
    msg.split(" at line ").next().unwrap().to_string()
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
enum Colour {
    #[serde(rename = "red")]
    Red,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Typed {
    id: String,
    n: u8,
    colour: Option<Colour>,
}

#[test]
fn classify_pins_each_message_shape_of_the_pinned_serde_yaml() {
    let cases: [(String, &str, Code); 7] = [
        (
            serde_message::<Typed>("id: a\nn: 1\nidd: b\n"),
            "unknown field `idd`, expected one of `id`, `n`, `colour`",
            Code::UnknownField,
        ),
        (
            serde_message::<Typed>("n: 1\n"),
            "missing field `id`",
            Code::MissingField,
        ),
        (
            serde_message::<Typed>("id: a\nid: b\nn: 1\n"),
            "duplicate field `id`",
            Code::DuplicateKey,
        ),
        (
            serde_message::<Typed>("id: [a]\nn: 1\n"),
            "id: invalid type: sequence, expected a string",
            Code::WrongType,
        ),
        (
            serde_message::<Typed>("id: a\nn: 300\n"),
            "n: invalid value: integer `300`, expected u8",
            Code::WrongType,
        ),
        (
            serde_message::<Typed>("id: a\nn: 1\ncolour: blue\n"),
            "colour: unknown variant `blue`, expected `red`",
            Code::WrongType,
        ),
        (
            serde_message::<serde_yaml::Value>(&format!("{}1{}", "[".repeat(200), "]".repeat(200))),
            "recursion limit exceeded",
            Code::YamlDeepNesting,
        ),
    ];
    for (message, shape, code) in cases {
        assert_eq!(
            message, shape,
            "yaml_serde reworded an error: update classify()"
        );
        assert_eq!(classify(&message).0, code, "{message}");
    }
    let syntax = serde_message::<Typed>("id: a\n  n: 1\n");
    assert_eq!(classify(&syntax).0, Code::YamlSyntax, "{syntax}");
}

#[test]
fn a_number_too_large_for_its_field_is_said_in_the_desks_words() {
    let huge = serde_message::<crate::check::tree::Tree>("line: 99999999999999999999999\n");
    assert!(huge.contains("as u128"), "{huge}");
    let said = out_of_range(&huge).expect("recognised");
    assert!(said.contains("99999999999999999999999"), "{said}");
    assert!(said.contains("no field of a record holds"), "{said}");
    assert!(
        !said.contains("u128") && !said.contains("YAML value"),
        "{said}"
    );
    let wide = serde_message::<Typed>("id: a\nn: 300\n");
    assert_eq!(
        out_of_range(&wide).as_deref(),
        Some("`n` holds the number 300, which is out of range: the largest it can hold is 255")
    );
    assert_eq!(
        out_of_range("id: invalid type: sequence, expected a string"),
        None
    );
}

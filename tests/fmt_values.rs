//! `fmt` never changes a value, however a record is written: each record
//! below is a claim written by hand in a hostile or unusual way (anchors
//! and aliases, tags, folded, literal and multi-line scalars, CRLF and a
//! byte-order mark, strings a YAML 1.1 reader takes for something else,
//! unicode, comments, very long lines). Run through the real binary, `fmt`
//! either rewrites it and the claim `show --json` reads is the same before
//! and after (and a second run changes nothing), or refuses it (exit 2,
//! naming the file) and leaves every byte as it was.

use crate::cli::Desk;

const QUOTE: &str = "If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions.";

/// What `fmt` must do with a record.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Formats,
    Refuses,
}

/// The claim's fields after `id`, `claim`, with `{ID}` and `{QUOTE}` to fill.
const REST: &str = "quote: {QUOTE}\nspeaker: Antoine Bondaz\nsource: itv\nlocation:\n  line: 2\nsaid_on: 2023-09-14\nstatus: candidate\nhistory:\n  - at: 2026-12-02T07:41:00Z\n    by: ana\n    action: created\n    to: candidate\n";

fn claim(id: &str, claim_field: &str, extra: &str) -> String {
    format!("id: {id}\nclaim: {claim_field}\n{extra}{REST}")
}

/// Records written by hand, each with what `fmt` must do with it.
fn hostile(id: &str) -> Vec<(&'static str, String, Expect)> {
    use Expect::*;
    let long = "Importing arms, shells and drones — again and again — breaches resolutions 1718 and 2270. ".repeat(220);
    vec![
        ("extra spaces", claim(id, "  Importing   arms", "tags:    [ sanctions ,  \"x, y\" ]\n"), Formats),
        ("folded scalar", claim(id, ">\n  Importing arms\n  breaches UN\n\n  resolutions\n", ""), Formats),
        ("folded strip", claim(id, ">-\n  Importing arms\n    indented more\n  back\n", ""), Formats),
        ("literal keep", claim(id, "Importing arms", "notes: |+\n  line one\n\n  line two   \n\n\n"), Formats),
        ("literal with indent indicator", claim(id, "Importing arms", "notes: |2-\n     five spaces first\n    four\n"), Formats),
        ("plain continued", claim(id, "Importing arms\n  breaches UN\n  resolutions", ""), Formats),
        ("single quoted folded", claim(id, "'It''s a\n  folded single ''quote'''", ""), Formats),
        ("double quoted escapes", claim(id, "\"tab\\there, nl\\n, \\u00e9, \\x41, \\\"q\\\", line\\\n  continued \\\\ end\"", ""), Formats),
        ("double quoted separators", claim(id, "\"a\\u2028b\\u2029c\\u0085d\"", ""), Formats),
        ("CRLF and BOM", format!("\u{feff}{}", claim(id, "Importing arms", "tags: [sanctions]\n").replace('\n', "\r\n")), Formats),
        ("YAML 1.1 lookalikes", claim(id, "no", "tags: [yes, on, off, 0o17, 017, 1_000, 0x1F, 0b101, 1:20, 1e3, .inf, .NaN, 2023-09-14, 2023-09-14 10:00:00, Null, y, n, '<<', '=']\n"), Formats),
        ("numbers for a line", claim(id, "on", "").replace("line: 2", "line: 0x2"), Formats),
        ("quoted date", claim(id, "\"2023-09-14\"", "").replace("said_on: 2023-09-14", "said_on: \"2023-09-14\""), Formats),
        ("unicode", claim(id, "Импорт оружия — نقض القرار ١٧١٨ — 輸入 🇰🇵 e\u{301}\u{200d} a\u{a0}b", "tags: [\"#hash\", \"- dash\", \"key: value\", \"trailing \", \"ä\"]\n"), Formats),
        ("flow mapping", claim(id, "Importing arms", "").replace("location:\n  line: 2", "location: {line: 2}"), Formats),
        ("fields out of order", format!("claim: Importing arms\n{REST}id: {id}\n"), Formats),
        ("header comments", format!("# Checked by Ana, 2 Dec.\n#   keep this\n\n{}", claim(id, "Importing arms", "")), Formats),
        ("very long line", claim(id, &long, ""), Formats),
        ("document markers", format!("---\n{}...\n", claim(id, "Importing arms", "")), Formats),
        ("body comment", claim(id, "Importing arms # not a claim", ""), Refuses),
        ("comment line in body", claim(id, "Importing arms", "# why the tag\ntags: [sanctions]\n"), Refuses),
        ("anchor and alias", claim(id, "&who Importing arms", "notes: *who\n"), Refuses),
        ("merge key", claim(id, "Importing arms", "extra: &base {a: 1}\nmore:\n  <<: *base\n"), Refuses),
        ("tag", claim(id, "!!str 0o17", ""), Refuses),
        ("null-looking text, read as the string \"~\" and quoted", claim(id, "~", ""), Formats),
        ("tab indentation", claim(id, "Importing arms", "").replace("  line: 2", "\tline: 2"), Refuses),
        ("unknown field", claim(id, "Importing arms", "colour: red\n"), Refuses),
        ("two documents", format!("{}---\nid: other\n", claim(id, "Importing arms", "")), Refuses),
    ]
}

fn show_json(d: &Desk, id: &str) -> Option<String> {
    let out = d.cmd(&["show", id, "--json"]).output().unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn fmt_formats_or_refuses_but_never_changes_a_value() {
    let d = Desk::new();
    let id = d.add_claim();
    let path = d.claim_file(&id);
    let rel = format!("claims/{id}.yaml");
    let mut formatted = 0;
    let mut wrong = Vec::new();
    for (name, text, expect) in hostile(&id) {
        let text = text.replace("{QUOTE}", QUOTE);
        std::fs::write(&path, &text).unwrap();
        let before = show_json(&d, &id);
        let out = d.cmd(&["fmt", &rel]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let now = std::fs::read_to_string(&path).unwrap();
        match out.status.code() {
            Some(0) if expect == Expect::Formats => {
                match before {
                    None => wrong.push(format!("{name}: fmt formatted what show refuses")),
                    Some(b) if show_json(&d, &id).as_deref() != Some(b.as_str()) => {
                        wrong.push(format!("{name}: a value changed:\n{now}"))
                    }
                    Some(_) => {}
                }
                d.cmd(&["fmt", "--check", &rel])
                    .assert()
                    .success()
                    .stdout("");
                formatted += usize::from(now != text);
            }
            Some(2) if expect == Expect::Refuses => {
                if now != text {
                    wrong.push(format!("{name}: refused, yet changed"));
                }
                if !err.contains(&rel) {
                    wrong.push(format!("{name}: the refusal names no file: {err}"));
                }
            }
            other => wrong.push(format!(
                "{name}: exit {other:?}, expected {expect:?}: {err}"
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(formatted >= 15, "{formatted} rewritten");
}

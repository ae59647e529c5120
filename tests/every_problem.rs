//! Every problem of a record in one run (issue 10): a bundled record with a
//! mix of mistakes — schema slips beside broken links, impossible dates and
//! a workflow done by hand — gets every finding at once, each on its line,
//! instead of the first until it is fixed.

use crate::unify::{bundled_desk, check_json};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const CLAIM: &str = "claims/kim-jong-un-met-putin-94e5a2cc.yaml";
const SOURCE: &str = "sources/lepoint-2023-09-14-bondaz.yaml";

/// Count of each code among the findings of `file`.
fn codes_in(diags: &[serde_json::Value], file: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for d in diags.iter().filter(|d| d["file"] == file) {
        *m.entry(d["code"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    m
}

fn edit(desk: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = desk.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, f(text)).unwrap();
}

/// Twelve links a researcher might paste, each broken its own way.
const BAD_LINKS: [&str; 12] = [
    "ftp://archive.kremlin.ru/events/72259",
    "javascript:alert(document.cookie)",
    "https://desk:hunter2@tass.com/politics/1674567",
    "kremlin.ru/events/president/news/72259",
    "https://",
    "https://www.reuters.com/world/asia pacific/kim-putin",
    "https://-kcna-.kp/en/article/q/1694574.kcmsd",
    "mailto:press@kremlin.ru",
    "https://apnews..com/article/kim-putin-summit",
    "file:///home/desk/Downloads/kremlin-transcript.pdf",
    "https://www.yna.co.kr:44x/view/AEN20230913",
    "data:text/html;base64,PGgxPktpbTwvaDE+",
];

fn evidence(links: &[&str]) -> String {
    let mut out = String::from("evidence:\n");
    for (i, url) in links.iter().enumerate() {
        // Half the broken links sit in `archive:` behind a good `url:`.
        let (url, archive) = if i % 2 == 0 {
            (url.to_string(), None)
        } else {
            (
                format!("https://en.kremlin.ru/events/{}", 72250 + i),
                Some(url),
            )
        };
        out.push_str(&format!(
            "  - url: \"{url}\"\n    title: Talks with Kim Jong-un, part {n}\n    publisher: Kremlin press office\n    accessed: 2023-09-{d:02}\n",
            n = i + 1,
            d = 14 + i % 10,
        ));
        if let Some(a) = archive {
            out.push_str(&format!("    archive: \"{a}\"\n"));
        }
        out.push_str("    stance: context\n");
    }
    out
}

#[test]
fn twelve_broken_links_and_a_stray_field_are_thirteen_findings() {
    let desk = bundled_desk();
    edit(desk.path(), CLAIM, |t| {
        let t = t.replacen(
            "history:\n",
            &format!("{}history:\n", evidence(&BAD_LINKS)),
            1,
        );
        // A field the schema does not know stopped the rules before.
        t.replacen(
            "status: researching\n",
            "status: researching\nreviewer: maria\n",
            1,
        )
    });
    let (code, diags) = check_json(desk.path());
    assert_eq!(code, 1);
    let found = codes_in(&diags, CLAIM);
    assert_eq!(
        found,
        BTreeMap::from([("bad-url".into(), 12), ("unknown-field".into(), 1)]),
        "{diags:#?}"
    );
    let mut lines: Vec<u64> = diags
        .iter()
        .filter(|d| d["code"] == "bad-url")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    lines.dedup();
    assert_eq!(lines.len(), 12, "each link on its own line: {lines:?}");
    let archives = diags
        .iter()
        .filter(|d| d["code"] == "bad-url" && d["message"].as_str().unwrap().contains(".archive`"))
        .count();
    assert_eq!(archives, 6);
}

#[test]
fn a_claim_published_by_hand_shows_every_workflow_problem_at_once() {
    let desk = bundled_desk();
    edit(desk.path(), CLAIM, |t| {
        let t = t.replacen(
            "status: researching\n",
            "status: published\nasignee: maria\nrating: accurate\n",
            1,
        );
        format!(
            "{t}  - at: 2026-11-28T09:30:00Z\n    by: maria\n    action: published\n    from: researching\n    to: published\n"
        )
    });
    let (code, diags) = check_json(desk.path());
    assert_eq!(code, 1);
    let found = codes_in(&diags, CLAIM);
    for expected in [
        "unknown-field",
        "history-illegal-step",
        "rating-unexplained",
        "missing-summary",
        "insufficient-evidence",
        "insufficient-approvals",
    ] {
        assert!(
            found.contains_key(expected),
            "{expected} missing: {found:?}"
        );
    }
    let errors = diags
        .iter()
        .filter(|d| d["file"] == CLAIM && d["severity"] == "error")
        .count();
    assert!(errors >= 6, "{found:?}");
}

#[test]
fn schema_slips_beside_rule_findings_in_one_claim() {
    let desk = bundled_desk();
    edit(desk.path(), CLAIM, |t| {
        let ev = "evidence:\n  - url: https://en.kremlin.ru/events/president/news/72259\n    title: \"\"\n    publisher: Kremlin press office\n    published: 2023-09-13\n    accessed: 2023-09-12\n    stance: supports\n  - url: https://www.reuters.com/world/kim-putin-summit-2023-09-13/\n    title: Kim and Putin meet at Russian space port\n    publisher: 2023\n    accessed: 2099-01-01\n    stance: supports\n";
        t.replacen("said_on: 2023-09-14\n", "said_on: 2031-09-14\n", 1)
            .replacen("speaker: Le Point (journalist)\n", "speaker: \"\"\n", 1)
            .replacen("history:\n", &format!("{ev}history:\n"), 1)
    });
    let (_, diags) = check_json(desk.path());
    let found = codes_in(&diags, CLAIM);
    assert_eq!(
        found,
        BTreeMap::from([
            ("accessed-before-published".into(), 1),
            ("date-in-future".into(), 2),
            ("empty-field".into(), 2),
            ("wrong-type".into(), 1),
        ]),
        "{diags:#?}"
    );
}

#[test]
fn a_source_and_the_settings_show_every_problem_too() {
    let desk = bundled_desk();
    edit(desk.path(), SOURCE, |t| {
        format!("{t}url: \"ftp://lepoint.fr/monde/kim-putin\"\nlanguage: english\nbroadcast: 2023-09-14\n")
            .replacen("published: 2023-09-14", "published: 2033-09-14", 1)
    });
    edit(desk.path(), "factdesk.yaml", |t| {
        t.replacen("  approvals: 1\n", "  approvals: 0\n  approval: 2\n", 1)
            .replacen(
                "url: https://example.org/factdesk/",
                "url: \"www.lepoint.fr/factcheck\"",
                1,
            )
    });
    let (_, diags) = check_json(desk.path());
    assert_eq!(
        codes_in(&diags, SOURCE),
        BTreeMap::from([
            ("bad-url".into(), 1),
            ("date-in-future".into(), 1),
            ("invalid-language".into(), 1),
            ("unknown-field".into(), 1),
        ]),
        "{diags:#?}"
    );
    let config = codes_in(&diags, "factdesk.yaml");
    for expected in ["unknown-field", "unsound-publish-rules", "bad-url"] {
        assert!(config.contains_key(expected), "{expected}: {config:?}");
    }
}

#[test]
fn what_cannot_be_typed_still_gets_every_schema_problem_and_no_guess() {
    // A status word that is not one and a broken date leave the record
    // untyped: the schema problems are all reported, and no rule runs on a
    // guessed reading.
    let desk = bundled_desk();
    edit(desk.path(), CLAIM, |t| {
        t.replacen("status: researching\n", "status: reserching\n", 1)
            .replacen("said_on: 2023-09-14\n", "said_on: 2023-09-31\n", 1)
            .replacen("  line: 1\n", "  line: first\n", 1)
    });
    let (_, diags) = check_json(desk.path());
    let found = codes_in(&diags, CLAIM);
    assert_eq!(
        found,
        BTreeMap::from([("invalid-date".into(), 1), ("wrong-type".into(), 2)]),
        "{diags:#?}"
    );
}

//! Hostile volume: records written to flood `check` (thousands of problems
//! in one file, one huge line, deep nesting, duplicate keys, control
//! characters) print a bounded report — at most 100 diagnostics a file, a
//! `more-problems` count of the rest, snippets cut around the column — in
//! every format, while the summary and the exit status count everything.
//! Inputs are generated here, at run time, from a real claim of the desk.

use super::hostile::{desk, run};
use std::path::Path;

/// A real claim of the desk, as `id`, without the top-level fields `drop`,
/// with `extra` appended.
fn record(root: &Path, id: &str, drop: &[&str], extra: &str) -> String {
    let base =
        std::fs::read_to_string(root.join("claims/antoine-bondaz-is-a-researcher-1c156548.yaml"))
            .unwrap();
    let mut out = String::new();
    let mut skipping = false;
    for line in base.lines() {
        let top = !line.starts_with([' ', '-', '#']);
        if top {
            skipping = drop.iter().any(|k| line.starts_with(&format!("{k}:")));
        }
        if skipping {
            continue;
        }
        if line.starts_with("id:") {
            out.push_str(&format!("id: {id}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out + extra
}

fn write(root: &Path, id: &str, text: &str) {
    std::fs::write(root.join(format!("claims/{id}.yaml")), text).unwrap();
}

/// Errors and warnings the summary line reports.
fn summary(out: &str) -> (usize, usize) {
    let line = out
        .lines()
        .rev()
        .find(|l| l.contains(" in ") && l.contains("error"))
        .unwrap_or_else(|| panic!("no summary in {out}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

/// The diagnostics shown for `file` (headlines with its location), and the
/// count of the `more-problems` line, if any.
fn shown(out: &str, file: &str) -> (usize, Option<usize>) {
    let lines: Vec<&str> = out.lines().collect();
    let mut n = 0;
    let mut more = None;
    for (i, l) in lines.iter().enumerate() {
        let at_file = lines
            .get(i + 1)
            .is_some_and(|next| next.trim_start().starts_with(&format!("--> {file}")));
        if !at_file {
            continue;
        }
        if l.contains("[more-problems]") {
            let count = l.split("]: ").nth(1).unwrap().split(' ').next().unwrap();
            more = Some(count.parse().unwrap());
        } else {
            n += 1;
        }
    }
    (n, more)
}

fn check(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["check", "--no-cache"];
    all.extend_from_slice(args);
    run(root, &all)
}

#[test]
fn ten_thousand_unknown_keys_show_a_hundred_and_count_the_rest() {
    let (_t, root, _) = desk();
    let keys: String = (0..10_000)
        .map(|i| format!("field_{i}: value {i}\n"))
        .collect();
    write(&root, "many-keys", &record(&root, "many-keys", &[], &keys));
    let (code, out) = check(&root, &[]);
    assert_eq!(code, Some(1), "{out}");
    let file = "claims/many-keys.yaml";
    assert_eq!(shown(&out, file), (100, Some(9_900)), "{}", &out[..2000]);
    assert!(out.contains("9900 more problems in this file not shown (9900 errors, 0 warnings)"));
    assert_eq!(summary(&out).0, 10_000);
    assert!(out.len() < 100_000, "{} bytes", out.len());
    // The first ones by position: field_0 to field_99.
    assert!(out.contains("unknown field `field_0`") && out.contains("unknown field `field_99`"));
    assert!(!out.contains("unknown field `field_100`"));
}

#[test]
fn nested_items_on_one_huge_line_print_short_excerpts() {
    let (_t, root, _) = desk();
    let items: Vec<String> = (0..15_000).map(|i| format!("{{url: ftp:{i}}}")).collect();
    let line = format!("evidence: [{}]\n", items.join(", "));
    assert!(line.len() > 200_000);
    write(
        &root,
        "one-line",
        &record(&root, "one-line", &["evidence"], &line),
    );
    let (code, out) = check(&root, &[]);
    assert_eq!(code, Some(1), "{}", &out[..2000.min(out.len())]);
    let (errors, _) = summary(&out);
    let (n, more) = shown(&out, "claims/one-line.yaml");
    assert_eq!(n, 100);
    assert_eq!(more, Some(errors - 100), "{}", &out[..2000]);
    assert!(errors >= 15_000, "{errors}");
    // Each snippet is an excerpt of the line, cut with a marker.
    let snippets: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(" | ") && l.contains("{url: ftp:"))
        .collect();
    assert!(snippets.len() >= 100, "{}", &out[..2000]);
    assert!(
        snippets.iter().all(|l| l.chars().count() < 140),
        "{}",
        snippets[0]
    );
    assert!(snippets.iter().any(|l| l.contains('…')));
    assert!(out.len() < 150_000, "{} bytes", out.len());
}

#[test]
fn every_format_caps_and_counts_alike() {
    let (_t, root, _) = desk();
    let mut evidence = String::from("evidence:\n");
    for i in 0..2_000 {
        evidence.push_str(&format!(
            "  - url: ftp://archive.example/{i}\n    title: Report {i}\n    publisher: Archive\n    accessed: 2024-03-0{}\n    stance: context\n",
            1 + i % 9
        ));
    }
    write(
        &root,
        "bad-links",
        &record(&root, "bad-links", &["evidence"], &evidence),
    );
    let (code, out) = check(&root, &["--format", "json"]);
    assert_eq!(code, Some(1));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ours: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "claims/bad-links.yaml")
        .collect();
    assert_eq!(ours.len(), 101);
    assert!(ours[..100].iter().all(|d| d["code"] == "bad-url"));
    let more = ours[100];
    assert_eq!(more["code"], "more-problems");
    assert_eq!(more["severity"], "error");
    assert_eq!(more["hidden"]["errors"], 1_900);
    assert_eq!(more["hidden"]["warnings"], 0);
    assert!(more.get("line").is_none());
    assert!(doc["errors"].as_u64().unwrap() >= 2_000);

    let (code, out) = check(&root, &["--format", "github"]);
    assert_eq!(code, Some(1));
    let annotations: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("::error file=claims/bad-links.yaml"))
        .collect();
    assert_eq!(annotations.len(), 101);
    assert!(annotations[100].contains("title=more-problems::1900 more problems"));
}

#[test]
fn hidden_warnings_stay_warnings() {
    let (_t, root, _) = desk();
    let mut notes = String::from("summary: |\n");
    for i in 0..300 {
        notes.push_str(&format!("  line {i} with a zero\u{200B}width space\n"));
    }
    write(
        &root,
        "zero-width",
        &record(&root, "zero-width", &["summary"], &notes),
    );
    let (code, out) = check(&root, &[]);
    assert_eq!(code, Some(0), "{}", &out[..2000]);
    assert!(out.contains("warning[more-problems]: 200 more problems in this file not shown (0 errors, 200 warnings)"), "{}", &out[out.len() - 2000..]);
    assert_eq!(summary(&out).1, 300);
    let (code, _) = check(&root, &["--deny-warnings"]);
    assert_eq!(code, Some(1));
}

#[test]
fn control_characters_deep_nesting_and_duplicates_stay_small() {
    let (_t, root, _) = desk();
    // A raw bell on each of 15,000 lines: the check stops before parsing.
    let bells: String = (0..15_000).map(|i| format!("  ring {i}\u{7}\n")).collect();
    let text = record(
        &root,
        "bells",
        &["summary"],
        &format!("summary: |\n{bells}"),
    );
    write(&root, "bells", &text);
    // 30,000 escaped control characters in one value: one finding.
    let escaped = format!("summary: \"{}\"\n", "\\x01".repeat(30_000));
    write(
        &root,
        "escapes",
        &record(&root, "escapes", &["summary"], &escaped),
    );
    // 200 levels of block nesting under one unknown key.
    let mut deep = String::new();
    for level in 0..200 {
        deep.push_str(&format!("{}level{level}:\n", "  ".repeat(level)));
    }
    deep.push_str(&format!("{}end: 1\n", "  ".repeat(200)));
    write(&root, "deep", &record(&root, "deep", &[], &deep));
    // The same key 10,000 times.
    let dup = "assignee: ana\n".repeat(10_000);
    write(&root, "dups", &record(&root, "dups", &[], &dup));
    let (code, out) = check(&root, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(shown(&out, "claims/bells.yaml"), (100, Some(14_900)));
    assert_eq!(shown(&out, "claims/escapes.yaml").1, None);
    assert!(out.contains("claims/escapes.yaml:"));
    assert!(shown(&out, "claims/deep.yaml").0 >= 1);
    assert_eq!(shown(&out, "claims/dups.yaml"), (1, None));
    assert!(out.contains("duplicate"));
    assert!(out.len() < 150_000, "{} bytes", out.len());
}

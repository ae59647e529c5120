//! End-to-end tests of finding things on a real desk: ranked word search
//! with matched words marked, `similar` on free text, and ambiguous id
//! prefixes named with their candidates.

use crate::cli::Desk;
use crate::daily::add;
use predicates::prelude::*;

const BUDGET: &str =
    "Meeting notes: the city council cuts funding for policing by 12% next year.\n\
Mayor Ortiz: We did not cut the police budget, we moved officers to schools.\n\
Mayor Ortiz: Crime fell 8% in the districts where officers patrol on foot.\n";

/// A desk with a city budget interview and three claims about it.
fn budget_desk() -> (Desk, [String; 3]) {
    let d = Desk::new();
    std::fs::write(d.path().join("budget.txt"), BUDGET).unwrap();
    d.run(&[
        "source",
        "add",
        "budget.txt",
        "--id",
        "council",
        "--title",
        "Budget hearing",
        "--outlet",
        "City Hall TV",
        "--speaker",
        "Mayor Ortiz",
    ])
    .success();
    let claim = |quote: &str, text: &str| {
        let out = d
            .run(&[
                "claim", "add", "--source", "council", "--quote", quote, "--claim", text,
            ])
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out)
            .unwrap()
            .split_whitespace()
            .nth(2)
            .unwrap()
            .to_string()
    };
    let denial = claim(
        "We did not cut the police budget, we moved officers to schools.",
        "The mayor denies cutting the police budget",
    );
    let crime = claim(
        "Crime fell 8% in the districts where officers patrol on foot.",
        "Crime fell 8% where officers patrol on foot",
    );
    let un = d.add_claim();
    d.run(&[
        "note",
        &crime,
        "Ask the police for the district figures; the budget tables are not out.",
    ])
    .success();
    (d, [denial, crime, un])
}

fn search_json(d: &Desk, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let out = d.run(&all).success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["claim"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn search_finds_every_word_in_any_order_and_inflection_best_first() {
    let (d, [denial, crime, _]) = budget_desk();
    // "police cut": both words, any order, any inflection (cutting).
    let v = search_json(&d, &["police", "cut"]);
    assert_eq!(ids(&v), std::slice::from_ref(&denial));
    assert_eq!(v[0]["field"], "claim");
    let marks = v[0]["excerpts"][0]["marks"].as_array().unwrap();
    let text = v[0]["excerpts"][0]["text"].as_str().unwrap();
    let words: Vec<&str> = marks
        .iter()
        .map(|m| &text[m[0].as_u64().unwrap() as usize..m[1].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(words, ["cutting", "police"]);
    // In the claim text it ranks above a claim holding the words only in notes.
    let v = search_json(&d, &["budget", "police"]);
    assert_eq!(ids(&v), [denial, crime.clone()]);
    assert!(v[0]["score"].as_f64().unwrap() > v[1]["score"].as_f64().unwrap());
    assert_eq!(v[1]["field"], "notes");
    // A quoted phrase must occur word for word.
    assert_eq!(
        ids(&search_json(&d, &["\"district figures\""])),
        std::slice::from_ref(&crime)
    );
    assert!(ids(&search_json(&d, &["\"figures district\""])).is_empty());
    // Filters still apply.
    assert!(ids(&search_json(&d, &["police", "--status", "published"])).is_empty());
}

#[test]
fn search_marks_the_words_in_plain_and_coloured_output() {
    let (d, [denial, ..]) = budget_desk();
    d.run(&["search", "police cut"]).success().stdout(
        predicate::str::contains(&denial)
            .and(predicate::str::contains(
                "claim: The mayor denies **cutting** the **police** budget",
            ))
            .and(predicate::str::contains("1 claim(s)")),
    );
    d.run(&["--color", "always", "search", "police", "cut"])
        .success()
        .stdout(predicate::str::contains("\x1b[1;4;33mpolice\x1b[0m"));
    d.run(&["search", "drones", "police"])
        .success()
        .stdout(predicate::str::diff("No claims match.\n"));
    d.run(&["search", "\"\"", "--"])
        .code(2)
        .stderr(predicate::str::contains("no word to look for"));
}

#[test]
fn similar_takes_free_text_before_a_claim_is_logged() {
    let (d, [denial, _, un]) = budget_desk();
    let out = d
        .run(&["similar", "--json", "Did the mayor cut the police budget?"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v[0]["claim"]["id"], denial.as_str());
    d.run(&["similar", "weapons", "imports", "from", "North", "Korea"])
        .success()
        .stdout(predicate::str::contains(&un));
    d.run(&["similar", "zebra crossings"])
        .success()
        .stdout(predicate::str::contains(
            "No claim like \"zebra crossings\" has been logged.",
        ));
    // One word that is no claim id is compared as text; --text forces text.
    d.run(&["similar", "--text", &denial]).success();
}

#[test]
fn an_ambiguous_id_prefix_lists_the_candidates_everywhere() {
    let (d, [denial, crime, _]) = budget_desk();
    let other = add(
        &d,
        "The first lesson is the staging of the meeting.",
        "The meeting's staging was the lesson",
    );
    // Two claims start with "the-": every command taking an id says so.
    assert!(
        denial.starts_with("the-") && other.starts_with("the-"),
        "{denial} {other}"
    );
    for args in [
        vec!["show", "the-"],
        vec!["note", "the-", "x"],
        vec!["assign", "the-", "--to", "jo"],
        vec!["similar", "the-"],
        vec!["reply", "the-", "--no-reply"],
    ] {
        d.run(&args).code(2).stderr(
            predicate::str::contains(
                "claim id prefix \"the-\" is ambiguous: 2 claims start with it",
            )
            .and(predicate::str::contains(&denial))
            .and(predicate::str::contains(&other)),
        );
    }
    d.cmd(&["--by", "ana", "edit", "the-"])
        .env("EDITOR", "true")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is ambiguous"));
    // A unique prefix still works, an unknown id still says so.
    d.run(&["show", &crime[..6]]).success();
    d.run(&["show", "zzz"])
        .code(2)
        .stderr(predicate::str::contains("no claim \"zzz\""));
}

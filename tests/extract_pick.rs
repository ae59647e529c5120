//! End-to-end tests of `extract --write` picking on a terminal: a checkbox
//! list of the ranked sentences through a pseudo-terminal (`script(1)`),
//! `--top N` writing the best N without asking, and a non-terminal never
//! waiting for an answer.

use crate::extract::fd;
use predicates::prelude::*;
use std::io::Write;
use std::process::Stdio;
use tempfile::TempDir;

const COUNCIL: &str = "\
Chair Okafor: The meeting is open. Welcome, everyone.
Councillor Brandt: Police overtime cost the city 14.2 million dollars in 2023, double the 2019 figure.
Chair Okafor: Thank you. Any questions?
Councillor Reyes: Since the new shelter opened in March, 412 people have slept indoors who would have slept outside.
Councillor Brandt: I think we can all agree this is a good evening.
Councillor Reyes: Bus ridership rose 18 percent after fares were cut to one dollar in 2022.
Chair Okafor: Let us move on.
Councillor Brandt: The water authority raised rates three times in five years, by 31 percent in total.
";

fn desk() -> TempDir {
    let d = TempDir::new().unwrap();
    fd(&d, &["init", "."]).success();
    std::fs::write(d.path().join("council.txt"), COUNCIL).unwrap();
    fd(
        &d,
        &[
            "source",
            "add",
            "council.txt",
            "--id",
            "council",
            "--title",
            "Council meeting",
            "--outlet",
            "City TV",
        ],
    )
    .success();
    d
}

/// The sentences, best first, as the ranking gives them.
fn ranked(d: &TempDir) -> Vec<String> {
    let out = fd(
        d,
        &["extract", "council", "--format", "json", "--model", "fast"],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sentence"].as_str().unwrap().to_string())
        .collect()
}

fn quotes(d: &TempDir) -> Vec<String> {
    let out = fd(d, &["list", "--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let mut q: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["quote"].as_str().unwrap().to_string())
        .collect();
    q.sort();
    q
}

/// Runs factdesk in a pseudo-terminal, typing `keys` once it has started.
fn on_a_terminal(d: &TempDir, args: &str, keys: &str) -> String {
    let bin = crate::support::bin();
    let mut child = crate::support::wrapper("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .current_dir(d.path())
        .env("TERM", "xterm")
        .env("FACTDESK_USER", "ana")
        .env("FACTDESK_MODEL_DIR", d.path().join("no-models"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script(1) from util-linux runs");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(keys.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn on_a_terminal_the_editor_ticks_the_sentences_to_log() {
    let d = desk();
    let best = ranked(&d);
    // Tick the first, move down twice, tick the third, log them.
    let screen = on_a_terminal(&d, "extract council --write --model fast", " jj \r");
    assert!(screen.contains("[ ]"), "a checkbox list is drawn: {screen}");
    assert!(
        screen.contains("Log which as candidate claims?"),
        "{screen}"
    );
    assert!(screen.contains("2 candidate claim(s) logged"), "{screen}");
    let mut want = vec![best[0].clone(), best[2].clone()];
    want.sort();
    assert_eq!(quotes(&d), want);
    fd(&d, &["check"]).success();
}

#[test]
fn leaving_the_picker_logs_nothing() {
    let d = desk();
    let screen = on_a_terminal(&d, "extract council --write --model fast", "  q");
    assert!(screen.contains("nothing picked"), "{screen}");
    assert!(quotes(&d).is_empty());
}

#[test]
fn top_n_writes_the_best_n_without_asking_even_on_a_terminal() {
    let d = desk();
    let best = ranked(&d);
    let screen = on_a_terminal(&d, "extract council --write --top 3 --model fast", "");
    assert!(!screen.contains("[ ]"), "no picker with --top: {screen}");
    assert!(screen.contains("3 candidate claim(s) logged"), "{screen}");
    let mut want = best[..3].to_vec();
    want.sort();
    assert_eq!(quotes(&d), want);
}

#[test]
fn off_a_terminal_write_never_waits_and_logs_the_best() {
    let d = desk();
    let best = ranked(&d);
    let start = std::time::Instant::now();
    crate::support::factdesk()
        .current_dir(d.path())
        .env("FACTDESK_USER", "ana")
        .env("FACTDESK_MODEL_DIR", d.path().join("no-models"))
        .args(["extract", "council", "--write", "--model", "fast"])
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "{} candidate claim(s) logged",
            best.len().min(10)
        )));
    assert!(start.elapsed().as_secs() < 60);
    fd(&d, &["extract", "council", "--top", "2", "--format", "tsv"])
        .success()
        .stdout(predicate::function(|s: &str| s.lines().count() == 2));
}

#[test]
fn a_bare_file_is_refused_before_anything_is_asked() {
    let d = desk();
    let screen = on_a_terminal(&d, "extract council.txt --write", "");
    assert!(
        screen.contains("--write needs a source of the desk"),
        "{screen}"
    );
    assert!(!screen.contains("[ ]"), "{screen}");
}

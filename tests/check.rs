//! End-to-end tests of `factdesk check` and `factdesk fmt`: the real binary
//! on real desks in temporary folders.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A copy of the valid desk in a temporary folder.
fn valid_desk() -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&Path::new(CORPUS).join("valid"), dir.path());
    dir
}

fn factdesk(desk: &Path) -> Command {
    let mut c = Command::cargo_bin("factdesk").unwrap();
    c.current_dir(desk)
        .env("FACTDESK_USER", "test")
        .env_remove("CI");
    c
}

fn json(desk: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let out = factdesk(desk)
        .args(["check", "--format", "json", "--no-cache"])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    (out.status.code().unwrap_or(-1), v, stderr)
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_valid_desk_is_clean() {
    let desk = valid_desk();
    let out = factdesk(desk.path()).arg("check").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "0 errors, 0 warnings in 4 files\n"
    );
}

/// Where a corpus file goes in the desk.
fn place(desk: &Path, name: &str) -> PathBuf {
    if name.starts_with("source-") {
        desk.join("sources").join(name)
    } else if name.starts_with("config-") {
        desk.join("factdesk.yaml")
    } else {
        desk.join("claims").join(name)
    }
}

#[test]
fn every_hostile_record_gets_its_diagnostic() {
    let expected = fs::read_to_string(Path::new(CORPUS).join("expected.tsv")).unwrap();
    let mut count = 0;
    let mut failures = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (file, code) = line.split_once('\t').unwrap();
        let desk = valid_desk();
        let bytes = fs::read(Path::new(CORPUS).join("invalid").join(file)).unwrap();
        fs::write(place(desk.path(), file), bytes).unwrap();
        let (status, v, stderr) = json(desk.path(), &["--deny-warnings"]);
        let found = codes(&v);
        if status != 1 || !found.iter().any(|c| c == code) || stderr.contains("panicked") {
            failures.push(format!(
                "{file}: expected {code} and exit 1, got exit {status} with {found:?} {stderr}"
            ));
        }
        count += 1;
    }
    assert!(count >= 30, "the corpus has {count} records");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_corpus_file_is_listed() {
    let expected = fs::read_to_string(Path::new(CORPUS).join("expected.tsv")).unwrap();
    for e in fs::read_dir(Path::new(CORPUS).join("invalid")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            expected.contains(&format!("{name}\t")),
            "{name} has no line in expected.tsv"
        );
    }
}

//! End-to-end tests of `factdesk check` and `factdesk fmt`: the real binary
//! on real desks in temporary folders.

use crate::support::copy_dir;
use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

/// A copy of the valid desk in a temporary folder.
fn valid_desk() -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&Path::new(CORPUS).join("valid"), dir.path());
    dir
}

fn factdesk(desk: &Path) -> Command {
    let mut c = crate::support::factdesk();
    c.current_dir(desk).env("FACTDESK_USER", "test");
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

#[test]
fn fmt_rewrites_into_canonical_form_and_a_second_run_changes_nothing() {
    let desk = valid_desk();
    let claims = desk.path().join("claims");
    for f in [
        "yaml11-norway.yaml",
        "crlf-line-endings.yaml",
        "byte-order-mark.yaml",
    ] {
        fs::copy(Path::new(CORPUS).join("invalid").join(f), claims.join(f)).unwrap();
    }
    let out = factdesk(desk.path())
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("--- a/claims/yaml11-norway.yaml\n+++ b/claims/yaml11-norway.yaml\n"),
        "{diff}"
    );
    assert!(
        diff.contains("-  - no\n") && diff.contains("+  - \"no\"\n"),
        "{diff}"
    );
    let before = fs::read(claims.join("yaml11-norway.yaml")).unwrap();
    assert_eq!(
        before,
        fs::read(Path::new(CORPUS).join("invalid/yaml11-norway.yaml")).unwrap(),
        "--check writes nothing"
    );

    factdesk(desk.path()).arg("fmt").assert().code(0);
    let after = fs::read_to_string(claims.join("crlf-line-endings.yaml")).unwrap();
    assert!(!after.contains('\r'));
    factdesk(desk.path())
        .args(["fmt", "--check"])
        .assert()
        .code(0)
        .stdout("");
    let (status, v, _) = json(desk.path(), &["--deny-warnings"]);
    assert_eq!(
        (status, codes(&v)),
        (0, vec![]),
        "formatted records check clean"
    );
}

#[test]
fn fmt_refuses_body_comments_and_keeps_leading_ones() {
    let desk = valid_desk();
    let path = desk.path().join("claims/candidate-claim.yaml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        format!(
            "# why we log it\n{}",
            text.replace("status: candidate", "status:   candidate")
        ),
    )
    .unwrap();
    factdesk(desk.path()).arg("fmt").assert().code(0);
    let done = fs::read_to_string(&path).unwrap();
    assert_eq!(done, format!("# why we log it\n{text}"));

    fs::write(
        &path,
        text.replace("status: candidate", "status: candidate # do not publish"),
    )
    .unwrap();
    let out = factdesk(desk.path())
        .args(["fmt", "claims/candidate-claim.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("claims/candidate-claim.yaml:8: the record holds a comment"),
        "{err}"
    );
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("# do not publish"),
        "the file is left alone"
    );
}

#[test]
fn check_reports_place_caret_and_summary_for_people() {
    let desk = valid_desk();
    fs::copy(
        Path::new(CORPUS).join("invalid/unknown-field.yaml"),
        desk.path().join("claims/unknown-field.yaml"),
    )
    .unwrap();
    let out = factdesk(desk.path())
        .args(["check", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "error[unknown-field]: unknown field `sumary`\n  --> claims/unknown-field.yaml:14:1\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("14 | sumary: typo of summary\n   | ^\n"),
        "{text}"
    );
    assert!(text.contains("= hint: did you mean `summary`?"), "{text}");
    assert!(text.ends_with("1 error, 0 warnings in 5 files\n"), "{text}");
}

#[test]
fn check_given_files_only_and_github_annotations() {
    let desk = valid_desk();
    fs::copy(
        Path::new(CORPUS).join("invalid/quote-moved.yaml"),
        desk.path().join("claims/quote-moved.yaml"),
    )
    .unwrap();
    fs::copy(
        Path::new(CORPUS).join("invalid/unknown-field.yaml"),
        desk.path().join("claims/unknown-field.yaml"),
    )
    .unwrap();
    let out = factdesk(desk.path())
        .args(["check", "--format", "github", "claims/quote-moved.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("::error file=claims/quote-moved.yaml,line=7,col=9,title=quote-moved::the quote is not at line 3"), "{text}");
    assert!(
        !text.contains("unknown-field"),
        "only the given file is checked: {text}"
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let desk = valid_desk();
    fs::copy(
        Path::new(CORPUS).join("invalid/yaml11-norway.yaml"),
        desk.path().join("claims/yaml11-norway.yaml"),
    )
    .unwrap();
    factdesk(desk.path())
        .args(["check", "--no-cache"])
        .assert()
        .code(0);
    factdesk(desk.path())
        .args(["check", "--no-cache", "--deny-warnings"])
        .assert()
        .code(1);
}

#[test]
fn check_cannot_run_outside_a_desk() {
    let dir = TempDir::new().unwrap();
    let out = factdesk(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a factdesk desk"));
}

#[test]
fn the_cache_never_hides_a_problem() {
    let desk = valid_desk();
    factdesk(desk.path()).arg("check").assert().code(0);
    assert!(desk.path().join(".factdesk/cache").is_dir());
    // A transcript edit is a cross-file fact: cached claims are checked against it again.
    let t = desk.path().join("sources/lepoint-2023-09-14-bondaz.txt");
    let text = fs::read_to_string(&t).unwrap();
    fs::write(
        &t,
        text.replace("so their leaders make a deal", "so leaders make deals"),
    )
    .unwrap();
    let out = factdesk(desk.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = codes(&v);
    assert!(
        found.contains(&"transcript-changed".to_string())
            && found.contains(&"quote-not-found".to_string()),
        "{found:?}"
    );
    fs::write(&t, text).unwrap();
    // An edited claim is checked again, even within the same second.
    let c = desk.path().join("claims/candidate-claim.yaml");
    let claim = fs::read_to_string(&c).unwrap();
    fs::write(
        &c,
        claim.replace("status: candidate", "status: researching"),
    )
    .unwrap();
    let (status, v, _) = json(desk.path(), &[]);
    assert_eq!(
        (status, codes(&v)),
        (1, vec!["status-mismatch".to_string()])
    );
    let out = factdesk(desk.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(codes(&v), vec!["status-mismatch".to_string()]);
}

/// Sets the modification time of `path` an hour back, so the cache's index
/// vouches for it by its size and times (a file changed in the last two
/// seconds never is).
fn age(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

/// A transcript the index vouches for is not read again, yet a claim
/// edited since the last check has its quote looked up in it, and a
/// transcript changed behind the index's back (same size, time set back) is
/// still hashed and found changed.
#[test]
fn a_vouched_transcript_still_checks_an_edited_quote() {
    let desk = valid_desk();
    let t = desk.path().join("sources/lepoint-2023-09-14-bondaz.txt");
    age(&t);
    let check = || {
        let out = factdesk(desk.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), codes(&v))
    };
    assert_eq!(check(), (Some(0), vec![]));
    assert_eq!(check(), (Some(0), vec![]), "warm");
    let c = desk.path().join("claims/candidate-claim.yaml");
    let claim = fs::read_to_string(&c).unwrap();
    let misquoted = claim.replace("make a deal.", "make a bargain.");
    assert_ne!(misquoted, claim);
    fs::write(&c, &misquoted).unwrap();
    assert_eq!(check(), (Some(1), vec!["quote-not-found".to_string()]));
    fs::write(&c, &claim).unwrap();
    assert_eq!(check(), (Some(0), vec![]));
    // The same number of bytes, the old time put back: the change time
    // still differs, so the index does not vouch for it.
    let text = fs::read_to_string(&t).unwrap();
    let edited = text.replace("make a deal", "make a dial");
    assert_eq!((edited.len(), edited != text), (text.len(), true));
    fs::write(&t, edited).unwrap();
    age(&t);
    let (code, found) = check();
    assert_eq!(code, Some(1));
    assert!(
        found.contains(&"transcript-changed".to_string())
            && found.contains(&"quote-not-found".to_string()),
        "{found:?}"
    );
}

#[test]
fn duplicate_ids_and_case_collisions_point_at_both_files() {
    let desk = valid_desk();
    let claims = desk.path().join("claims");
    let text = fs::read_to_string(claims.join("candidate-claim.yaml")).unwrap();
    fs::write(claims.join("copy-of-candidate.yaml"), &text).unwrap();
    fs::write(claims.join("Candidate-Claim.yaml"), &text).unwrap();
    let (status, v, _) = json(desk.path(), &[]);
    assert_eq!(status, 1);
    let diags = v["diagnostics"].as_array().unwrap();
    let dup: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "duplicate-id")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        dup,
        vec![
            "claims/Candidate-Claim.yaml",
            "claims/candidate-claim.yaml",
            "claims/copy-of-candidate.yaml"
        ],
        "{v:#}"
    );
    let case: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "case-collision")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        case,
        vec!["claims/Candidate-Claim.yaml", "claims/candidate-claim.yaml"]
    );
    // Checking only the copy still finds the id taken by the file it copies.
    let (status, v, _) = json(desk.path(), &["claims/copy-of-candidate.yaml"]);
    assert_eq!(status, 1);
    assert!(codes(&v).contains(&"duplicate-id".to_string()), "{v:#}");
}

#[test]
fn oversized_records_are_refused_unread() {
    let desk = valid_desk();
    let text = fs::read_to_string(desk.path().join("claims/candidate-claim.yaml")).unwrap();
    let big = format!("{text}notes: \"{}\"\n", "x".repeat(300 * 1024));
    fs::write(desk.path().join("claims/candidate-claim.yaml"), big).unwrap();
    let (status, v, _) = json(desk.path(), &[]);
    assert_eq!(
        (status, codes(&v)),
        (1, vec!["record-too-large".to_string()])
    );
}

#[test]
fn a_given_claim_reports_the_transcript_it_cannot_be_verified_against() {
    let desk = valid_desk();
    fs::remove_file(desk.path().join("sources/lepoint-2023-09-14-bondaz.txt")).unwrap();
    let (status, v, _) = json(desk.path(), &["claims/candidate-claim.yaml"]);
    assert_eq!(
        (status, codes(&v)),
        (1, vec!["transcript-missing".to_string()]),
        "{v:#}"
    );
    // A broken source record is named as such, not as an unknown source.
    fs::write(
        desk.path().join("sources/lepoint-2023-09-14-bondaz.yaml"),
        "id: [\n",
    )
    .unwrap();
    let (_, v, _) = json(desk.path(), &["claims/candidate-claim.yaml"]);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "unknown-source");
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("exists but is not a valid record"),
        "{d:#}"
    );
}

#[test]
fn what_people_see() {
    let desk = valid_desk();
    for f in [
        "duplicate-nested-key.yaml",
        "quote-not-found.yaml",
        "bidi-override.yaml",
        "yaml11-norway.yaml",
        "self-approval.yaml",
    ] {
        fs::copy(
            Path::new(CORPUS).join("invalid").join(f),
            desk.path().join("claims").join(f),
        )
        .unwrap();
    }
    let out = factdesk(desk.path())
        .args(["check", "--no-cache", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_among_the_claims_does_not_hang_the_check() {
    let desk = valid_desk();
    let fifo = desk.path().join("claims/pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let (status, v, _) = json(desk.path(), &[]);
    assert_eq!(
        (status, codes(&v)),
        (1, vec!["unreadable-file".to_string()])
    );
}

#[test]
fn a_changed_transcript_lists_the_quotes_it_breaks() {
    let desk = valid_desk();
    let t = desk.path().join("sources/lepoint-2023-09-14-bondaz.txt");
    let text = fs::read_to_string(&t).unwrap();
    fs::write(
        &t,
        text.replace("so their leaders make a deal", "so leaders deal"),
    )
    .unwrap();
    let (status, v, _) = json(desk.path(), &[]);
    assert_eq!(status, 1);
    let changed = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "transcript-changed")
        .unwrap();
    assert_eq!(changed["file"], "sources/lepoint-2023-09-14-bondaz.yaml");
    assert_eq!(changed["line"], 8, "points at sha256: {changed:#}");
    assert_eq!(
        changed["notes"][0],
        "the quote of claims/candidate-claim.yaml no longer occurs in it"
    );
    assert_eq!(
        changed["notes"].as_array().unwrap().len(),
        1,
        "the other claim's quote still occurs"
    );
    // Given only the source, or only the transcript (a pre-commit hook),
    // every claim quoting it is checked and the lost quote is named.
    for given in [
        "sources/lepoint-2023-09-14-bondaz.yaml",
        "sources/lepoint-2023-09-14-bondaz.txt",
    ] {
        let (status, v, _) = json(desk.path(), &[given]);
        assert_eq!(status, 1);
        let changed = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "transcript-changed")
            .unwrap();
        assert_eq!(
            changed["notes"][0], "the quote of claims/candidate-claim.yaml no longer occurs in it",
            "{given}: {v:#}"
        );
        assert!(
            v["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "quote-not-found"
                    && d["file"] == "claims/candidate-claim.yaml"),
            "{given}: {v:#}"
        );
    }
}

/// A diagnostic as the fast/thorough comparison sees it.
type Row = (String, Option<u32>, Option<u32>, &'static str, String);

fn sorted(ds: Vec<factdesk::diag::Diagnostic>) -> Vec<Row> {
    let mut v: Vec<Row> = ds
        .into_iter()
        .map(|d| {
            (
                d.file.display().to_string(),
                d.place.as_ref().map(|p| p.line),
                d.place.as_ref().map(|p| p.column),
                d.code.name(),
                d.message,
            )
        })
        .collect();
    v.sort();
    v
}

/// The check's typed fast path and its untyped schema walk report the same
/// diagnostics and facts on every claim of the corpus (moved here from
/// `src/check/record.rs`, which reads no file).
#[test]
fn the_fast_path_finds_what_the_thorough_path_finds() {
    use factdesk::check::record::{check_claim, check_claim_thorough, check_config};
    let corpus = Path::new(CORPUS);
    let cfg_bytes = fs::read(corpus.join("valid/factdesk.yaml")).unwrap();
    let (_, config) = check_config(&cfg_bytes, Path::new("factdesk.yaml"));
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut files: Vec<PathBuf> = fs::read_dir(corpus.join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(
        fs::read_dir(corpus.join("valid/claims"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    let mut compared = 0;
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("source-") || name.starts_with("config-") {
            continue;
        }
        let bytes = fs::read(&f).unwrap();
        let rel = Path::new("claims").join(&name);
        let fast = check_claim(&bytes, &rel, config.as_ref(), today);
        let slow = check_claim_thorough(&bytes, &rel, config.as_ref(), today);
        assert_eq!(sorted(fast.diagnostics), sorted(slow.diagnostics), "{name}");
        assert_eq!(fast.facts.anchor, slow.facts.anchor, "{name}");
        compared += 1;
    }
    assert!(compared > 50);
}

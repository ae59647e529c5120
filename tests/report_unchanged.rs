//! `factdesk report` on a desk whose public edition in `reports/` is what
//! it renders now: the record the last run left (`report::freshness`)
//! vouches for the folder, so nothing is loaded or rendered, and the run
//! says exactly what a full rendering that wrote nothing would say
//! (warnings included). Any changed input — a claim, a source, a template,
//! the settings — or a changed, missing or extra output means rendering
//! again, and the folder ends as a full rendering leaves it.

use crate::report_desk::{published_bulk, report_files as files, small, FixtureDesk};

/// The desk's stdout and stderr of `report`, which must succeed.
fn report(d: &FixtureDesk) -> (String, String) {
    let out = d.cmd(&["report"]).success().get_output().clone();
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// What a full rendering into a copy of the desk without any cache leaves
/// in `reports/` (the reference every shortcut must match).
fn rendered_from_scratch(d: &FixtureDesk) -> Vec<(String, Vec<u8>)> {
    let _ = std::fs::remove_dir_all(d.path(".factdesk"));
    let _ = std::fs::remove_dir_all(d.path("reports"));
    d.cmd(&["report"]).success();
    files(&d.path("reports"))
}

/// A desk with several check pages and one published check whose source
/// has no URL (the report warns that it carries no ClaimReview).
fn desk() -> FixtureDesk {
    let d = small();
    for n in 0..6 {
        published_bulk(&d, &format!("shells-{n:02}"), n);
    }
    let source = d.read("sources/regional-debate.yaml");
    let without_url: String = source
        .lines()
        .filter(|l| !l.starts_with("url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    d.write("sources/regional-debate.yaml", &without_url);
    d
}

#[test]
fn an_unchanged_desk_says_what_a_full_rendering_says_and_writes_nothing() {
    let d = desk();
    let (first, warned) = report(&d);
    assert!(first.contains("written"), "{first}");
    assert!(
        warned.contains("warning:"),
        "the desk has a warning: {warned}"
    );
    let before = files(&d.path("reports"));
    let (second, warned_again) = report(&d);
    assert!(second.contains(" 0 written, "), "{second}");
    assert_eq!(warned_again, warned, "the same warnings");
    assert!(
        second.contains("Left out of the public edition"),
        "{second}"
    );
    assert_eq!(files(&d.path("reports")), before);
    // A full rendering (no record, no cache) over the same folder says the same.
    std::fs::remove_dir_all(d.path(".factdesk")).expect("rm cache");
    assert_eq!(report(&d), (second, warned));
}

#[test]
fn a_changed_input_renders_again() {
    let d = desk();
    report(&d);
    // A claim.
    let claim = d.read("claims/shells-03.yaml");
    d.write(
        "claims/shells-03.yaml",
        &claim.replace("(check 3)", "(check three)"),
    );
    let (out, _) = report(&d);
    assert!(!out.contains(" 0 written"), "{out}");
    assert!(d
        .read("reports/checks/shells-03.html")
        .contains("check three"));
    let now = files(&d.path("reports"));
    assert_eq!(now, rendered_from_scratch(&d));
    // A template override.
    report(&d);
    let builtin = include_str!("../src/report/templates/check.html");
    d.write(
        "templates/check.html",
        &builtin.replace(
            "<body class=\"single\">",
            "<body class=\"single\"><!-- ours -->",
        ),
    );
    report(&d);
    assert!(d
        .read("reports/checks/shells-03.html")
        .contains("<!-- ours -->"));
    // The settings.
    let settings = d.read("factdesk.yaml");
    d.write(
        "factdesk.yaml",
        &settings.replace("name: Test Desk", "name: Other Desk"),
    );
    report(&d);
    assert!(d.read("reports/index.html").contains("Other Desk"));
    // A source record.
    let source = d.read("sources/lepoint-interview.yaml");
    d.write(
        "sources/lepoint-interview.yaml",
        &source.replace("Interview lepoint-interview", "Entretien au Point"),
    );
    report(&d);
    assert!(d.read("reports/index.html").contains("Entretien au Point"));
    let now = files(&d.path("reports"));
    assert_eq!(now, rendered_from_scratch(&d));
}

#[test]
fn a_deleted_edited_or_extra_output_is_repaired() {
    let d = desk();
    report(&d);
    let expected = files(&d.path("reports"));
    std::fs::remove_file(d.path("reports/checks/shells-02.html")).expect("rm");
    let (out, _) = report(&d);
    assert!(out.contains(" 1 written, "), "{out}");
    assert_eq!(files(&d.path("reports")), expected);
    // Edited by hand, same size.
    let index = d.read("reports/index.html");
    d.write("reports/index.html", &index.replacen("<html", "<HTML", 1));
    report(&d);
    assert_eq!(files(&d.path("reports")), expected);
    // An extra generated-looking page.
    d.write("reports/page-9.html", "old");
    let (out, _) = report(&d);
    assert!(out.contains("1 stale removed"), "{out}");
    assert_eq!(files(&d.path("reports")), expected);
    // A folder of our own in reports/ is not factdesk's.
    std::fs::create_dir_all(d.path("reports/extra")).expect("mkdir");
    d.write("reports/extra/notes.md", "mine");
    let (out, _) = report(&d);
    assert!(out.contains(" 0 written, "), "{out}");
    assert_eq!(d.read("reports/extra/notes.md"), "mine");
}

/// A generated file edited by hand and given its old size and
/// modification time back (`touch -r`, an editor keeping times) is not
/// vouched for by the record: its change time differs. `report --check`
/// and `status` both name it, and `report` repairs it.
#[test]
fn an_output_edited_with_its_time_put_back_is_stale() {
    let d = desk();
    report(&d);
    // Past the two seconds in which a file's times never vouch for it:
    // `report --check` reads every file once and records their stamps.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    d.cmd(&["report", "--check"]).success();
    let path = d.path("reports/index.html");
    let old = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let index = d.read("reports/index.html");
    d.write("reports/index.html", &index.replacen("<html", "<HTML", 1));
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(old))
        .expect("put the time back");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    d.cmd(&["report", "--check"])
        .code(1)
        .stdout(predicates::str::contains("stale    index.html"));
    d.cmd(&["status"])
        .success()
        .stdout(predicates::str::contains("reports/ is stale (1 file(s))"));
    let (out, _) = report(&d);
    assert!(out.contains(" 1 written, "), "{out}");
    d.cmd(&["report", "--check"]).success();
}

/// `report --check` that finds `reports/` up to date keeps the record, so
/// the next `report --check` is vouched for without rendering: it says the
/// same line, and an output changed since is still found.
#[test]
fn report_check_keeps_and_uses_the_record() {
    let d = desk();
    report(&d);
    let first = d.cmd(&["report", "--check"]).success().get_output().clone();
    let again = d.cmd(&["report", "--check"]).success().get_output().clone();
    assert_eq!(first.stdout, again.stdout);
    assert_eq!(first.stderr, again.stderr, "the same warnings");
    assert!(
        String::from_utf8_lossy(&again.stdout).starts_with("ok: reports in "),
        "{again:?}"
    );
    // A published check changed where the edition does not show it (its
    // assignee): the record no longer vouches for the edition; the
    // comparison that finds it up to date records it under the new inputs.
    let record = d.path(".factdesk/cache/reports");
    let before = std::fs::read(&record).expect("the record report left");
    let claim = d.read("claims/un-arms-embargo.yaml");
    d.write(
        "claims/un-arms-embargo.yaml",
        &claim.replace("assignee: ana", "assignee: max"),
    );
    d.cmd(&["report", "--check"]).success();
    assert_ne!(
        std::fs::read(&record).expect("the record"),
        before,
        "report --check kept the record"
    );
    std::fs::remove_file(d.path("reports/checks/shells-02.html")).expect("rm");
    d.cmd(&["report", "--check"])
        .code(1)
        .stdout(predicates::str::contains("missing  checks/shells-02.html"));
    // `--excel` renders another claims.csv than the desk's settings: it is
    // compared in full, never vouched for by the record of the edition as set.
    report(&d);
    d.cmd(&["report", "--check"]).success();
    d.cmd(&["report", "--check", "--excel"])
        .code(1)
        .stdout(predicates::str::contains("stale    claims.csv"));
    d.cmd(&["report", "--check"]).success();
}

/// The public edition is made from the published checks and the number
/// of claims it leaves out: an edit to open work that keeps that number
/// (an assignee, a reworded claim in research) is vouched for by the
/// record — `status`, `report --check` and `report` neither render nor
/// rewrite it — while one that changes the number is not.
#[test]
fn open_work_edited_is_vouched_for_without_rendering() {
    let d = desk();
    let (first, _) = report(&d);
    // Past the two seconds in which the outputs' times never vouch.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    d.cmd(&["report", "--check"]).success();
    let record = d.path(".factdesk/cache/reports");
    let kept = std::fs::read(&record).expect("the record report left");
    let claim = d.read("claims/wine-exports.yaml");
    d.write(
        "claims/wine-exports.yaml",
        &claim.replace("assignee: li", "assignee: max"),
    );
    let research = d.read("claims/shells-announced.yaml");
    d.write(
        "claims/shells-announced.yaml",
        &research.replace("a year earlier", "one year earlier"),
    );
    d.cmd(&["report", "--check"])
        .success()
        .stdout(predicates::str::starts_with("ok: reports in "));
    d.cmd(&["status"])
        .success()
        .stdout(predicates::str::contains("reports/ is up to date"));
    let (again, _) = report(&d);
    assert!(again.contains(" 0 written, "), "{again}");
    assert_eq!(
        std::fs::read(&record).expect("the record"),
        kept,
        "nothing rendered, nothing recorded again"
    );
    let left_out = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("Left out of the public edition"))
            .map(str::to_string)
    };
    assert_eq!(left_out(&again), left_out(&first));
    // One open claim fewer: the edition says so.
    std::fs::remove_file(d.path("claims/candidate-one.yaml")).expect("rm");
    let (fewer, _) = report(&d);
    assert_ne!(left_out(&fewer), left_out(&first), "{fewer}");
    assert_ne!(std::fs::read(&record).expect("the record"), kept);
    std::fs::remove_dir_all(d.path(".factdesk")).expect("rm cache");
    assert_eq!(left_out(&report(&d).0), left_out(&fewer));
}

#[test]
fn check_is_given_again_after_report_creates_or_replaces_reports() {
    let d = desk();
    let _ = std::fs::remove_dir_all(d.path("reports"));
    std::thread::sleep(std::time::Duration::from_millis(2100));
    // The first check makes the cache folder, which the stamp names.
    d.cmd(&["check"]).success();
    d.cmd(&["check"]).success();
    assert!(
        d.path(".factdesk/cache/result").is_file(),
        "kept for the stamp"
    );
    let kept = std::fs::read(d.path(".factdesk/cache/result")).expect("read");
    d.cmd(&["report"]).success();
    d.cmd(&["check"]).success();
    assert_eq!(
        std::fs::read(d.path(".factdesk/cache/result")).expect("read"),
        kept,
        "the same stamp: reports/ is not something check looks at"
    );
    // A reports/ that is a link is: check reports it.
    std::fs::remove_dir_all(d.path("reports")).expect("rm");
    let elsewhere = tempfile::tempdir().expect("tmp");
    std::os::unix::fs::symlink(elsewhere.path(), d.path("reports")).expect("link");
    d.cmd(&["check"]).code(1);
}

/// The rows of the cache's `claims` table: (digest of the record's bytes, JSON).
fn claims_rows(d: &FixtureDesk) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(d.path(".factdesk/cache/claims")).expect("claims table");
    text.lines()
        .skip(3)
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn report_after_check_reads_the_claims_check_parsed() {
    use sha2::{Digest as _, Sha256};
    let d = desk();
    let _ = std::fs::remove_dir_all(d.path(".factdesk"));
    let _ = std::fs::remove_dir_all(d.path("reports"));
    d.cmd(&["check"]).success();
    // One row per claim file, keyed by the SHA-256 of its exact bytes.
    let mut keys: Vec<String> = claims_rows(&d).into_iter().map(|(k, _)| k).collect();
    keys.sort();
    let mut wanted: Vec<String> = std::fs::read_dir(d.path("claims"))
        .expect("ls")
        .map(|e| {
            let bytes = std::fs::read(e.expect("entry").path()).expect("read");
            Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        })
        .collect();
    wanted.sort();
    assert_eq!(keys, wanted, "check kept every claim it parsed");
    d.cmd(&["report"]).success();
    let after_check = files(&d.path("reports"));
    assert_eq!(after_check, rendered_from_scratch(&d));

    // A new check: check appends its record's row; the report stays exact.
    d.cmd(&["check"]).success();
    let before = claims_rows(&d).len();
    published_bulk(&d, "shells-99", 99);
    d.cmd(&["check"]).success();
    assert_eq!(claims_rows(&d).len(), before + 1, "one row appended");
    let _ = std::fs::remove_dir_all(d.path("reports"));
    d.cmd(&["report"]).success();
    let edited = files(&d.path("reports"));
    assert!(edited
        .iter()
        .any(|(_, b)| String::from_utf8_lossy(b).contains("(check 99)")));
    assert_eq!(edited, rendered_from_scratch(&d));
}

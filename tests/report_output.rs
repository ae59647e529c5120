//! How `factdesk report` replaces its folder: an error or a crash while
//! rendering leaves the old reports exactly as they were; a crash while the
//! new files are renamed into place leaves a folder that says it is
//! incomplete (and `report --check` and `status` say so), which the next
//! run repairs; a progress line is shown on a terminal only.

use crate::cli::on_a_terminal;
use crate::report_desk::{published_bulk, small, FixtureDesk};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file below `dir` (hidden ones included), relative name → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls") {
            let e = e.expect("entry");
            let p = e.path();
            if e.file_type().expect("type").is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("below").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// A small desk with enough published checks that the report has many files.
fn desk_with_checks() -> FixtureDesk {
    let d = small();
    for n in 0..40 {
        published_bulk(&d, &format!("shells-{n:02}"), n);
    }
    d
}

/// Changes a published claim so several report files change.
fn edit_a_check(d: &FixtureDesk) {
    let claim = d.read("claims/un-arms-embargo.yaml");
    d.write(
        "claims/un-arms-embargo.yaml",
        &claim.replace("bar all states", "forbid every state"),
    );
}

/// Overrides the check page template so that it fails for one check only,
/// after other pages were rendered, and runs `report` into that failure.
fn fail_on_a_late_check_page(d: &FixtureDesk) {
    let builtin = include_str!("../src/report/templates/check.html");
    d.write(
        "templates/check.html",
        &format!(
            "{{% if c.id == \"shells-33\" %}}{{{{ no_such_function() }}}}{{% endif %}}{builtin}"
        ),
    );
    d.cmd(&["report"])
        .code(2)
        .stderr(predicate::str::contains("check.html"));
}

#[test]
fn an_error_while_rendering_leaves_the_old_reports_untouched() {
    let d = desk_with_checks();
    d.cmd(&["report"]).success();
    let before = snapshot(&d.path("reports"));
    edit_a_check(&d);
    // The check page template fails for one check only, after others were rendered.
    fail_on_a_late_check_page(&d);
    assert_eq!(
        snapshot(&d.path("reports")),
        before,
        "not one file replaced, no temporary file left"
    );
    d.cmd(&["report", "--check"])
        .code(2)
        .stderr(predicate::str::contains("check.html"));
    std::fs::remove_file(d.path("templates/check.html")).expect("rm");
    d.cmd(&["report"]).success();
    assert_ne!(snapshot(&d.path("reports")), before);
    d.cmd(&["report", "--check"]).success();
}

#[test]
fn a_failed_first_render_leaves_no_folder_behind() {
    let d = desk_with_checks();
    // Fails on a late check page, after the README, source pages and other
    // check pages were staged into folders this run had to create.
    fail_on_a_late_check_page(&d);
    // The fixture's reports/ is an empty folder: it stays one.
    let left: Vec<_> = std::fs::read_dir(d.path("reports"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(
        left.is_empty(),
        "no sources/ or checks/ folder left: {left:?}"
    );
    d.cmd(&["report", "--out", "site/public"]).code(2);
    assert!(!d.path("site").exists(), "no folder of --out left");
    // Into a reports/ that holds only a hand-made file: it stays, alone.
    d.write("reports/NOTES.txt", "the editors' notes\n");
    d.cmd(&["report"]).code(2);
    let left: Vec<String> = snapshot(&d.path("reports")).into_keys().collect();
    assert_eq!(left, ["NOTES.txt"]);
    assert!(!d.path("reports/sources").exists() && !d.path("reports/checks").exists());
    // A first render into a folder that did not exist leaves none.
    std::fs::remove_dir_all(d.path("reports")).expect("rm");
    d.cmd(&["report"]).code(2);
    assert!(!d.path("reports").exists());
}

#[test]
fn a_crash_while_renaming_leaves_a_folder_marked_incomplete_and_the_next_run_repairs_it() {
    let d = desk_with_checks();
    d.cmd(&["report"]).success();
    edit_a_check(&d);
    // Another README and a new check: at least three files change.
    published_bulk(&d, "shells-new", 99);
    d.cmd_env(&["report"], &[("FACTDESK_TEST_CRASH_AFTER_RENAMES", "1")])
        .code(70);
    let marker = d.read("reports/INCOMPLETE.txt");
    assert!(marker.contains("Run `factdesk report`"), "{marker}");
    d.cmd(&["report", "--check"])
        .code(1)
        .stdout(predicate::str::starts_with("partial  INCOMPLETE.txt\n"))
        .stdout(predicate::str::contains(
            "stopped while replacing the files",
        ));
    d.cmd(&["status", "--json"])
        .success()
        .stdout(predicate::str::contains("partial  INCOMPLETE.txt"));
    let hidden = |d: &FixtureDesk| -> Vec<String> {
        snapshot(&d.path("reports"))
            .into_keys()
            .filter(|k| k.split('/').any(|part| part.starts_with('.')))
            .collect()
    };
    assert!(!hidden(&d).is_empty(), "the crashed run's temporary files");
    d.cmd(&["report"])
        .success()
        .stdout(predicate::str::contains("0 stale removed"));
    assert!(!d.path("reports/INCOMPLETE.txt").exists());
    assert_eq!(hidden(&d), Vec::<String>::new(), "leftovers removed");
    d.cmd(&["report", "--check"]).success();
    // The repaired folder is byte for byte a fresh render.
    d.cmd(&["report", "--out", "fresh"]).success();
    assert_eq!(snapshot(&d.path("reports")), snapshot(&d.path("fresh")));
}

#[test]
fn a_long_report_shows_progress_on_a_terminal_only() {
    let d = desk_with_checks();
    let shown = on_a_terminal(d.root(), "report", &[]);
    assert!(shown.contains("rendering report ["), "{shown:?}");
    assert!(shown.contains("\r\x1b[K"), "the line is erased: {shown:?}");
    assert!(shown.contains("Rendered "), "{shown:?}");
    for quiet in [("CI", "true"), ("TERM", "dumb")] {
        std::fs::remove_dir_all(d.path("reports")).expect("rm");
        let shown = on_a_terminal(d.root(), "report", &[quiet]);
        assert!(
            !shown.contains("rendering report ["),
            "{quiet:?}: {shown:?}"
        );
        assert!(shown.contains("Rendered "), "{shown:?}");
    }
    // Piped: nothing on stderr but what the run has to say.
    let out = d
        .cmd_env(&["report"], &[("FACTDESK_TEST_PROGRESS_AFTER_MS", "0")])
        .get_output()
        .clone();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("rendering report"));
}

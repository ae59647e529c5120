//! Opens the rendered `index.html` in headless Chromium (Debian's `chromium`
//! package): the DOM must hold every published claim's anchor, the filter
//! script must have run, and the page must log no errors. Skips, with a
//! message, when no Chromium is installed. Set `FACTDESK_SCREENSHOT=PATH` to
//! keep the screenshot (`docs/report-screenshot.png` is made this way).

use crate::report_desk;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FACTDESK_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
    .find(|p| p.is_file())
}

/// Runs Chromium headless on `page` with `extra` flags; returns (stdout, stderr).
fn run(chrome: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().expect("profile dir");
    let out_dir = tempfile::tempdir().expect("out dir");
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (
        std::fs::read_to_string(out_path).unwrap_or_default(),
        std::fs::read_to_string(err_path).unwrap_or_default(),
    )
}

/// Console errors and uncaught exceptions in Chromium's log.
fn page_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("Uncaught") || (l.contains(":CONSOLE") && l.contains("rror")))
        .collect()
}

#[test]
fn the_html_report_opens_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        eprintln!("SKIPPED: no chromium binary found (apt-get install -y chromium, or set FACTDESK_CHROMIUM)");
        return;
    };
    let d = report_desk::small();
    d.cmd(&["report"]).success();
    let page = d.path("reports/index.html");
    let (dom, log) = run(&chrome, &page, &["--dump-dom".to_string()]);
    for id in ["un-arms-embargo", "unemployment-fell"] {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "the DOM lacks #{id}:\n{dom}"
        );
    }
    assert!(
        dom.contains("Showing 2 of 2 claims on this page."),
        "the filter script did not run:\n{dom}"
    );
    assert!(!dom.contains("<form id=\"filters\" class=\"filters\" hidden"));
    assert_eq!(
        page_errors(&log),
        Vec::<&str>::new(),
        "the page logged errors"
    );

    let shot = d.path("report-screenshot.png");
    run(
        &chrome,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_string(),
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    if let Some(keep) = std::env::var_os("FACTDESK_SCREENSHOT") {
        std::fs::copy(&shot, keep).expect("keep the screenshot");
    }
}

#[test]
fn a_script_error_would_be_caught() {
    let Some(chrome) = chromium() else {
        eprintln!("SKIPPED: no chromium binary found (apt-get install -y chromium, or set FACTDESK_CHROMIUM)");
        return;
    };
    let d = report_desk::small();
    d.write("templates/filter.js", "undefinedFunction();\n");
    d.cmd(&["report"]).success();
    let (_, log) = run(
        &chrome,
        &d.path("reports/index.html"),
        &["--dump-dom".to_string()],
    );
    assert!(
        !page_errors(&log).is_empty(),
        "a thrown error shows in the log:\n{log}"
    );
}

/// A published check's own page opens on its own: the check, its JSON-LD
/// as the browser parsed it, a working link back to where the index lists it.
#[test]
fn a_check_has_its_own_page_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        eprintln!("SKIPPED: no chromium binary found (apt-get install -y chromium, or set FACTDESK_CHROMIUM)");
        return;
    };
    let d = report_desk::small();
    d.cmd(&["report"]).success();
    let page = d.path("reports/checks/un-arms-embargo.html");
    let (dom, log) = run(&chrome, &page, &["--dump-dom".to_string()]);
    assert!(
        dom.contains("<article class=\"claim\" id=\"un-arms-embargo\""),
        "{dom}"
    );
    assert!(
        dom.contains("<h1><bdi>Importing North Korean arms"),
        "{dom}"
    );
    assert!(dom.contains("application/ld+json"), "{dom}");
    assert!(
        dom.contains("href=\"../index.html#un-arms-embargo\""),
        "{dom}"
    );
    assert!(!dom.contains("unemployment-fell"), "only this check");
    assert_eq!(
        page_errors(&log),
        Vec::<&str>::new(),
        "the page logged errors"
    );
    // The index links each published check to its page.
    let (dom, _) = run(
        &chrome,
        &d.path("reports/index.html"),
        &["--dump-dom".to_string()],
    );
    assert!(
        dom.contains("href=\"checks/un-arms-embargo.html\""),
        "{dom}"
    );
}

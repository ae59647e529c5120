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

/// A page beside the report that opens `target` in a frame, runs `probe`
/// (JavaScript given `w`, the frame's window, and `doc`; it returns lines)
/// once the frame has loaded, and shows the lines for `--dump-dom`.
fn probe_page(dir: &Path, target: &str, probe: &str) -> PathBuf {
    let page = dir.join("probe.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><body><pre id=\"out\">pending</pre>\n\
             <iframe id=\"f\" src=\"{target}\" style=\"width:1000px;height:900px\"></iframe>\n\
             <script>document.getElementById('f').addEventListener('load', function () {{\n\
             var out; try {{ var w = this.contentWindow, doc = w.document; out = (function () {{ {probe} }})(); }}\n\
             catch (e) {{ out = ['probe-error=' + e]; }}\n\
             document.getElementById('out').textContent = '\\n' + out.join('\\n') + '\\n';\n\
             }});</script></body></html>"
        ),
    )
    .unwrap();
    page
}

/// The `key=value` lines the probe wrote.
fn probed(dom: &str) -> std::collections::BTreeMap<String, String> {
    let start = dom.find("<pre id=\"out\">").expect("probe output") + 14;
    let end = start + dom[start..].find("</pre>").unwrap();
    dom[start..end]
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("&amp;", "&")))
        .collect()
}

const FRAME_FLAGS: [&str; 3] = [
    "--dump-dom",
    "--allow-file-access-from-files",
    "--virtual-time-budget=5000",
];

/// The filter state is read from and written to the URL fragment, so a
/// filtered view can be shared; a plain anchor still just scrolls.
#[test]
fn a_filtered_view_is_kept_in_the_fragment_and_can_be_shared() {
    let Some(chrome) = chromium() else {
        eprintln!("SKIPPED: no chromium binary found (apt-get install -y chromium, or set FACTDESK_CHROMIUM)");
        return;
    };
    let d = report_desk::small();
    d.cmd(&["report"]).success();
    let flags: Vec<String> = FRAME_FLAGS.iter().map(|s| s.to_string()).collect();
    let probe = "var shown = function () { return Array.prototype.filter.call(doc.querySelectorAll('article.claim'), function (e) { return !e.hidden; }).map(function (e) { return e.id; }).join(','); };\
        var lines = ['rating=' + doc.querySelector('select[name=rating]').value, 'shown=' + shown(), 'count=' + doc.getElementById('filter-count').textContent];\
        var s = doc.querySelector('select[name=speaker]'); s.value = 'Antoine Bondaz'; s.dispatchEvent(new w.Event('change', {bubbles: true}));\
        lines.push('after-change-hash=' + w.location.hash, 'after-change-shown=' + shown());\
        var r = doc.querySelector('select[name=rating]'); r.value = ''; r.dispatchEvent(new w.Event('change', {bubbles: true}));\
        s.value = ''; s.dispatchEvent(new w.Event('change', {bubbles: true}));\
        lines.push('cleared-hash=[' + w.location.hash + ']', 'cleared-shown=' + shown());\
        return lines;";
    // A shared link: only the mixed checks.
    let page = probe_page(&d.path("reports"), "index.html#rating=mixed", probe);
    let (dom, log) = run(&chrome, &page, &flags);
    let got = probed(&dom);
    assert_eq!(
        got.get("rating").map(String::as_str),
        Some("mixed"),
        "{dom}\n{log}"
    );
    assert_eq!(got["shown"], "unemployment-fell");
    assert_eq!(got["count"], "Showing 1 of 2 claims on this page.");
    // Changing a filter writes the fragment (both filters, encoded).
    assert_eq!(
        got["after-change-hash"],
        "#rating=mixed&speaker=Antoine%20Bondaz"
    );
    assert_eq!(got["after-change-shown"], "");
    assert_eq!(got["cleared-hash"], "[]");
    assert_eq!(got["cleared-shown"], "un-arms-embargo,unemployment-fell");
    // A fragment naming a value the page does not have, and a plain
    // anchor, filter nothing.
    for target in [
        "index.html#rating=pants-on-fire&speaker=%E2%80%AE",
        "index.html#un-arms-embargo",
    ] {
        let page = probe_page(&d.path("reports"), target, probe);
        let (dom, _) = run(&chrome, &page, &flags);
        let got = probed(&dom);
        assert_eq!(
            got["shown"], "un-arms-embargo,unemployment-fell",
            "{target}: {dom}"
        );
    }
}

/// axe-core's `landmark-unique`: no two landmarks of one role share a name,
/// even when two sources have the same title; and the print layout keeps
/// headings with what follows them.
#[test]
fn landmarks_are_unique_and_print_keeps_headings_with_their_text() {
    let Some(chrome) = chromium() else {
        eprintln!("SKIPPED: no chromium binary found (apt-get install -y chromium, or set FACTDESK_CHROMIUM)");
        return;
    };
    let d = report_desk::small();
    // Two transcripts with one title (two "Interview" sources are common).
    let debate = d.path("sources/regional-debate.yaml");
    let text = std::fs::read_to_string(&debate).unwrap();
    std::fs::write(
        &debate,
        text.replace("Interview regional-debate", "Interview lepoint-interview"),
    )
    .unwrap();
    d.cmd(&["report"]).success();
    let flags: Vec<String> = FRAME_FLAGS.iter().map(|s| s.to_string()).collect();
    let probe = "var roles = {HEADER: 'banner', FOOTER: 'contentinfo', NAV: 'navigation', MAIN: 'main', ASIDE: 'complementary', FORM: 'form', SECTION: 'region'};\
        var seen = {}, dups = [], count = 0;\
        doc.querySelectorAll('header, footer, nav, main, aside, form[aria-label], form[aria-labelledby], section[aria-label], section[aria-labelledby]').forEach(function (el) {\
          var role = roles[el.tagName];\
          if ((role === 'banner' || role === 'contentinfo') && el.parentElement.closest('article, aside, main, nav, section')) { return; }\
          var name = el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') || '').split(' ').map(function (id) { var t = doc.getElementById(id); return t ? t.textContent : ''; }).join(' ').replace(/\\s+/g, ' ').trim();\
          var key = role + ':' + name; count += 1;\
          if (seen[key]) { dups.push(key); } seen[key] = true; });\
        var brk = function (sel) { var e = doc.querySelector(sel); return e ? w.getComputedStyle(e).breakAfter : 'none'; };\
        var print = [];\
        Array.prototype.forEach.call(doc.styleSheets, function (sheet) { Array.prototype.forEach.call(sheet.cssRules, function (r) { if (r.media && r.media.mediaText === 'print') { Array.prototype.forEach.call(r.cssRules, function (x) { print.push(x.cssText); }); } }); });\
        return ['landmarks=' + count, 'duplicates=' + dups.join(' | '), 'h2-break-after=' + brk('h2'), 'h3-break-after=' + brk('h3'), 'print=' + print.join(' ')];";
    for target in ["index.html", "checks/un-arms-embargo.html"] {
        let page = probe_page(&d.path("reports"), target, probe);
        let (dom, log) = run(&chrome, &page, &flags);
        let got = probed(&dom);
        let n: usize = got
            .get("landmarks")
            .unwrap_or_else(|| panic!("{dom}\n{log}"))
            .parse()
            .unwrap();
        assert!(n >= 3, "{target}: {got:?}");
        assert_eq!(got["duplicates"], "", "{target}: landmarks with one name");
        if target == "index.html" {
            assert_eq!(got["h2-break-after"], "avoid", "{got:?}");
            assert_eq!(got["h3-break-after"], "avoid", "{got:?}");
            let print = &got["print"];
            assert!(print.contains("break-after: avoid-page"), "{print}");
            assert!(
                print.contains(".filters") && print.contains("display: none"),
                "{print}"
            );
        }
    }
    // A printed PDF of the index comes out (Chromium's print layout).
    let pdf = d.path("index.pdf");
    run(
        &chrome,
        &d.path("reports/index.html"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
}

//! Publication you can trust (issue #13): what `check` says about checks
//! readers and aggregators would get wrong, and what `report` publishes.
//! Every test drives the real binary on a desk built with the CLI.

use crate::cli::Desk;
use serde_json::Value;

/// `check --format json`, parsed, with its exit code.
fn check_json(d: &Desk) -> (i32, Vec<Value>) {
    let out = d
        .cmd(&["check", "--format", "json", "--no-cache"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
    });
    let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
    (out.status.code().unwrap_or(-1), diags)
}

fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// Replaces the `publisher.url` line of factdesk.yaml.
fn set_publisher_url(d: &Desk, url: &str) {
    let path = d.path().join("factdesk.yaml");
    let cfg = std::fs::read_to_string(&path).unwrap();
    let text: String = cfg
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("url:") {
                format!("  url: {url}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(path, text).unwrap();
}

/// Removes the lines starting with `field:` from the source record.
fn drop_source_field(d: &Desk, field: &str) {
    let meta = d.path().join("sources/itv.yaml");
    let src = std::fs::read_to_string(&meta).unwrap();
    let kept: String = src
        .lines()
        .filter(|l| !l.starts_with(&format!("{field}:")))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(kept, src, "the source had a {field}");
    std::fs::write(meta, kept).unwrap();
}

fn published(d: &Desk, extra: &[&str]) -> String {
    let id = d.in_review();
    d.run_as("jo", &["review", &id, "--approve"]).success();
    let mut args = vec!["publish", id.as_str()];
    args.extend_from_slice(extra);
    d.run_as("jo", &args).success();
    id
}

#[test]
fn check_warns_about_a_reserved_publisher_host_and_names_the_line() {
    let d = Desk::new();
    // Nothing published yet: `init`'s placeholder may stay.
    let id = d.in_review();
    set_publisher_url(&d, "https://example.org/");
    let (code, diags) = check_json(&d);
    assert_eq!(code, 0);
    assert!(
        with_code(&diags, "publisher-url-reserved").is_empty(),
        "{diags:?}"
    );
    set_publisher_url(&d, "https://checks.newsroom.fr/");
    d.run_as("jo", &["review", &id, "--approve"]).success();
    d.run_as("jo", &["publish", &id]).success();
    let (_, diags) = check_json(&d);
    assert!(
        with_code(&diags, "publisher-url-reserved").is_empty(),
        "{diags:?}"
    );
    for url in [
        "https://example.org/",
        "https://www.example.com/checks/",
        "http://example.net",
        "https://desk.example/",
        "https://staging.newsroom.test/checks/",
        "http://localhost:8080/",
        "http://10.1.2.3/",
        "http://192.168.0.12/fact-checks/",
        "http://[::1]/",
    ] {
        set_publisher_url(&d, url);
        let (code, diags) = check_json(&d);
        assert_eq!(code, 0, "a warning does not fail check ({url})");
        let found = with_code(&diags, "publisher-url-reserved");
        assert_eq!(found.len(), 1, "{url}: {diags:?}");
        assert_eq!(found[0]["severity"], "warning");
        assert_eq!(found[0]["file"], "factdesk.yaml");
        let line = found[0]["line"].as_u64().unwrap() as usize;
        let cfg = std::fs::read_to_string(d.path().join("factdesk.yaml")).unwrap();
        assert!(
            cfg.lines().nth(line - 1).unwrap().contains("url:"),
            "{url}: line {line} of\n{cfg}"
        );
        // The pre-commit hook checking only the published claim says it too.
        let out = d
            .cmd(&["check", "--no-cache", &format!("claims/{id}.yaml")])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("publisher-url-reserved"), "{url}: {text}");
    }
    // Real hosts that merely look alike stay quiet.
    for url in [
        "https://www.example-news.fr/",
        "https://testing.newsroom.de/",
        "https://checks.lemonde.fr/",
    ] {
        set_publisher_url(&d, url);
        let (_, diags) = check_json(&d);
        assert!(
            with_code(&diags, "publisher-url-reserved").is_empty(),
            "{url}: {diags:?}"
        );
    }
    // --deny-warnings turns it into a failure for CI.
    set_publisher_url(&d, "https://example.org/");
    d.cmd(&["check", "--deny-warnings"]).assert().code(1);
}

#[test]
fn check_warns_about_published_checks_no_claimreview_describes() {
    let d = Desk::new();
    let id = published(&d, &[]);
    let (_, diags) = check_json(&d);
    assert!(
        with_code(&diags, "published-without-claimreview").is_empty(),
        "{diags:?}"
    );
    // The source loses its URL after publication.
    drop_source_field(&d, "url");
    let (code, diags) = check_json(&d);
    assert_eq!(code, 0);
    let found = with_code(&diags, "published-without-claimreview");
    assert_eq!(found.len(), 1, "{diags:?}");
    assert_eq!(found[0]["file"], format!("claims/{id}.yaml"));
    assert!(found[0]["message"].as_str().unwrap().contains("url"));
    let line = found[0]["line"].as_u64().unwrap() as usize;
    assert!(d
        .read(&id)
        .lines()
        .nth(line - 1)
        .unwrap()
        .starts_with("status:"));
    // Checking only the claim file (a pre-commit hook) says the same.
    let out = d
        .cmd(&["check", "--no-cache", &format!("claims/{id}.yaml")])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("published-without-claimreview"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn an_undated_source_and_claim_get_the_warning_too() {
    let d = Desk::new();
    let id = published(&d, &[]);
    drop_source_field(&d, "published");
    let rec = d.read(&id);
    let undated: String = rec
        .lines()
        .filter(|l| !l.starts_with("said_on:"))
        .map(|l| format!("{l}\n"))
        .collect();
    // The claim's own said_on dates it.
    let with_date = if rec.contains("\nsaid_on:") {
        rec.clone()
    } else {
        let at = rec.find("\ntags:").or(rec.find("\nstatus:")).unwrap();
        format!("{}\nsaid_on: 2023-09-13{}", &rec[..at], &rec[at..])
    };
    assert_ne!(with_date, undated);
    std::fs::write(d.claim_file(&id), &with_date).unwrap();
    let (_, diags) = check_json(&d);
    assert!(
        with_code(&diags, "published-without-claimreview").is_empty(),
        "{diags:?}"
    );
    std::fs::write(d.claim_file(&id), &undated).unwrap();
    let (_, diags) = check_json(&d);
    let found = with_code(&diags, "published-without-claimreview");
    assert_eq!(found.len(), 1, "{diags:?}");
    assert!(found[0]["message"].as_str().unwrap().contains("date"));
}

#[test]
fn no_claimreview_is_stated_once_by_report_and_reminded_by_check() {
    let d = Desk::new();
    drop_source_field(&d, "url");
    let a = published(&d, &["--no-claimreview"]);
    let b = published(&d, &["--no-claimreview"]);
    let (_, diags) = check_json(&d);
    let found = with_code(&diags, "published-without-claimreview");
    assert_eq!(found.len(), 2, "{diags:?}");
    assert!(found
        .iter()
        .all(|f| f["message"].as_str().unwrap().contains("--no-claimreview")));
    let out = d.run(&["report"]).success().get_output().clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("warning:"), "no per-check warning: {err}");
    assert_eq!(err.matches("--no-claimreview").count(), 1, "{err}");
    assert!(err.contains(&a) && err.contains(&b), "{err}");
    let json = std::fs::read_to_string(d.path().join("reports/claimreview.json")).unwrap();
    assert_eq!(json.trim(), "[]", "no ClaimReview for waived checks");
}

/// Every file `report` writes into a folder, relative, with its text.
fn files_in(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A desk with one published check, one claim in review assigned to li,
/// one candidate and one discarded claim.
fn mixed_desk() -> (Desk, String, String) {
    let d = Desk::new();
    let published_id = published(&d, &[]);
    let review = d.in_review();
    d.run(&["assign", &review, "--to", "li.nguyen"]).success();
    let candidate = d.add_claim();
    let gone = d.add_claim();
    d.run(&["discard", &gone, "--reason", "Not a factual claim."])
        .success();
    let _ = candidate;
    (d, published_id, review)
}

#[test]
fn the_default_report_is_the_public_edition_and_says_what_it_left_out() {
    let (d, published_id, review) = mixed_desk();
    let out = d.run(&["report"]).success().get_output().clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Open reports/index.html"),
        "names the page to open: {stdout}"
    );
    assert!(
        stdout.contains("Left out of the public edition: 2 open claim(s)")
            && stdout.contains("1 discarded")
            && stdout.contains("--internal"),
        "{stdout}"
    );
    let files = files_in(&d.path().join("reports"));
    assert!(files.iter().any(|(f, _)| f == "index.html"));
    for (f, text) in &files {
        assert!(!text.contains(&review), "{f} shows the claim in review");
        assert!(!text.contains("li.nguyen"), "{f} shows an assignee");
        assert!(!text.contains("Open work"), "{f} shows the queue");
        assert!(!text.contains("candidate"), "{f} mentions candidates");
    }
    let index = d.path().join("reports/index.html");
    let html = std::fs::read_to_string(index).unwrap();
    assert!(html.contains(&format!("id=\"{published_id}\"")));
    assert!(!html.contains("noindex"));
    let csv = std::fs::read_to_string(d.path().join("reports/claims.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        2,
        "header and the published check: {csv}"
    );
    assert!(!d.path().join("reports-internal").exists());
    // From a subfolder the page is named from the desk's root.
    let sub = d.path().join("claims");
    let out = d
        .cmd(&["--by", "ana", "report"])
        .current_dir(&sub)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("index.html"));
}

#[test]
fn the_internal_overview_is_a_separate_clearly_named_output() {
    let (d, _, review) = mixed_desk();
    d.run(&["report"]).success();
    let public_before = files_in(&d.path().join("reports"));
    let out = d
        .run(&["report", "--internal"])
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("not for publication"), "{stdout}");
    assert!(stdout.contains("reports-internal/index.html"), "{stdout}");
    assert_eq!(
        files_in(&d.path().join("reports")),
        public_before,
        "the public edition is untouched"
    );
    let html = std::fs::read_to_string(d.path().join("reports-internal/index.html")).unwrap();
    assert!(html.contains("internal overview"), "clearly named");
    assert!(html.contains("noindex"), "kept out of search engines");
    assert!(html.contains(&format!("id=\"{review}\"")));
    assert!(html.contains("li.nguyen"), "assignees");
    assert!(html.contains(" d <span class=\"since\">"), "queue ages");
    let readme = std::fs::read_to_string(d.path().join("reports-internal/README.md")).unwrap();
    assert!(readme.contains("Open work") && readme.contains("Waiting"));
    // It is never written over the public edition.
    d.run(&["report", "--internal", "--out", "reports"])
        .code(2)
        .stderr(predicates::str::contains("public edition"));
    d.run(&["report", "--internal", "--public"]).code(2);
    assert_eq!(files_in(&d.path().join("reports")), public_before);
    // `report --check` checks the public edition.
    d.run(&["report", "--check"]).success();
}

#[test]
fn corrections_and_updates_keep_what_they_replaced_and_show_old_and_new() {
    let d = Desk::new();
    let id = published(&d, &[]);
    // An update keeps the verdict.
    d.run_as(
        "jo",
        &[
            "correct",
            &id,
            "--update",
            "--rating",
            "mixed",
            "--note",
            "New figures.",
        ],
    )
    .code(2);
    d.run_as(
        "jo",
        &[
            "correct",
            &id,
            "--update",
            "--note",
            "Resolution 2270 (2016) tightened the ban.",
            "--summary",
            "Resolutions 1718, 1874 and 2270 bar it.",
        ],
    )
    .success();
    d.run_as(
        "jo",
        &[
            "correct",
            &id,
            "--note",
            "Russia vetoed the panel's renewal; the ban stands but is not monitored.",
            "--rating",
            "mostly-accurate",
            "--summary",
            "The ban stands, but no UN panel monitors it since 2024.",
        ],
    )
    .success();
    let rec = d.read(&id);
    assert!(rec.contains("kind: update"), "{rec}");
    assert_eq!(
        rec.matches("kind:").count(),
        1,
        "a correction is the default: {rec}"
    );
    assert!(
        rec.contains("previous_summary: Resolution 1718 bars it."),
        "{rec}"
    );
    assert!(rec.contains("previous_rating: accurate"), "{rec}");
    let (code, diags) = check_json(&d);
    assert_eq!(code, 0, "{diags:?}");
    d.run(&["report"]).success();
    let page = std::fs::read_to_string(d.path().join(format!("reports/checks/{id}.html"))).unwrap();
    let text = crate::html::decode(&page);
    for needle in [
        "<strong>Update</strong>",
        "<strong>Correction</strong>",
        "<del><bdi>Resolution 1718 bars it.</bdi></del>",
        "<ins><bdi>Resolutions 1718, 1874 and 2270 bar it.</bdi></ins>",
        "<del><bdi>Resolutions 1718, 1874 and 2270 bar it.</bdi></del>",
        "<ins><bdi>The ban stands, but no UN panel monitors it since 2024.</bdi></ins>",
        "<del><bdi>Accurate</bdi></del>",
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
    let reviews: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("reports/claimreview.json")).unwrap(),
    )
    .unwrap();
    let corr = reviews[0]["correction"].as_array().expect("correction[]");
    assert_eq!(corr.len(), 1, "the update is no correction: {corr:?}");
    assert_eq!(corr[0]["@type"], "CorrectionComment");
    let t = corr[0]["text"].as_str().unwrap();
    assert!(t.contains("Rating before: Accurate; after: Mostly"), "{t}");
    assert!(
        t.contains("Summary before: “Resolutions 1718, 1874 and 2270 bar it.”"),
        "{t}"
    );
    assert!(reviews[0]["dateModified"].is_string());
    let csv = std::fs::read_to_string(d.path().join("reports/claims.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"updated_on") && header.contains(&"corrected_on"));
    // A hand-made "update" that changed the verdict is caught.
    let lines: Vec<&str> = rec.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("previous_rating: accurate"))
        .unwrap();
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let indent: String = edited[at].chars().take_while(|c| *c == ' ').collect();
    edited.insert(at, format!("{indent}kind: update"));
    std::fs::write(d.claim_file(&id), edited.join("\n") + "\n").unwrap();
    let (code, diags) = check_json(&d);
    assert_eq!(code, 1);
    assert_eq!(
        with_code(&diags, "update-changed-rating").len(),
        1,
        "{diags:?}"
    );
}

#[test]
fn the_desk_language_and_a_source_language_reach_lang_claimreview_and_csv() {
    let d = Desk::new();
    let id = published(&d, &[]);
    let cfg = d.path().join("factdesk.yaml");
    let base = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{base}language: fr\n")).unwrap();
    let meta = d.path().join("sources/itv.yaml");
    let src = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, format!("{src}language: de\n")).unwrap();
    let (code, diags) = check_json(&d);
    assert_eq!(code, 0, "{diags:?}");
    d.run(&["report"]).success();
    let index = std::fs::read_to_string(d.path().join("reports/index.html")).unwrap();
    assert!(
        index.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
        "{}",
        &index[..80]
    );
    assert!(index.contains("<figure class=\"quote\" lang=\"de\">"));
    let page = std::fs::read_to_string(d.path().join(format!("reports/checks/{id}.html"))).unwrap();
    assert!(page.contains("<html lang=\"fr\">"));
    let reviews: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("reports/claimreview.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(reviews[0]["inLanguage"], "fr");
    assert_eq!(reviews[0]["itemReviewed"]["inLanguage"], "de");
    let csv = std::fs::read_to_string(d.path().join("reports/claims.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "language")
        .expect("a language column");
    let row = lines.next().unwrap();
    assert_eq!(row.rsplit(',').next(), Some("de"), "{row}");
    assert_eq!(col, header.len() - 1);
    // Without the source's own language, the desk's is the claim's.
    std::fs::write(&meta, &src).unwrap();
    d.run(&["report"]).success();
    let index = std::fs::read_to_string(d.path().join("reports/index.html")).unwrap();
    assert!(!index.contains("<figure class=\"quote\" lang="));
    let csv = std::fs::read_to_string(d.path().join("reports/claims.csv")).unwrap();
    assert!(csv.lines().nth(1).unwrap().ends_with(",fr"));
    // A language that is not a tag is an error on its line.
    for bad in ["French", "f", "en_US", "fr-"] {
        std::fs::write(&cfg, format!("{base}language: {bad}\n")).unwrap();
        let (code, diags) = check_json(&d);
        assert_eq!(code, 1, "{bad}");
        let found = with_code(&diags, "invalid-language");
        assert_eq!(found.len(), 1, "{bad}: {diags:?}");
        assert_eq!(found[0]["file"], "factdesk.yaml");
    }
}

#[test]
fn excel_gets_a_utf8_byte_order_mark_in_the_csv_only() {
    let d = Desk::new();
    published(&d, &[]);
    d.run(&["report"]).success();
    let plain = std::fs::read(d.path().join("reports/claims.csv")).unwrap();
    assert!(plain.starts_with(b"id,"), "no BOM by default");
    d.run(&["report", "--excel"]).success();
    let excel = std::fs::read(d.path().join("reports/claims.csv")).unwrap();
    assert!(excel.starts_with(b"\xef\xbb\xbfid,"), "{:?}", &excel[..8]);
    assert_eq!(&excel[3..], &plain[..]);
    let html = std::fs::read(d.path().join("reports/index.html")).unwrap();
    assert!(html.starts_with(b"<!DOCTYPE"), "only the CSV");
    d.run(&["report", "--check", "--excel"]).success();
    d.run(&["report", "--check"]).code(1);
}

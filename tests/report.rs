//! `factdesk report` end to end: snapshots of every format for a small
//! fixed desk, the ClaimReview JSON-LD read back, hostile text rendered inert,
//! determinism, `--public`, template overrides and `--check` exit codes.

use crate::report_desk::{empty, small, FixtureDesk};
use predicates::prelude::*;

const FILES: [&str; 7] = [
    "README.md",
    "checks/un-arms-embargo.html",
    "sources/lepoint-interview.md",
    "sources/regional-debate.md",
    "index.html",
    "claimreview.json",
    "claims.csv",
];

fn rendered(d: &FixtureDesk) {
    d.cmd(&["report"]).success();
}

#[test]
fn snapshots_of_every_format() {
    let d = small();
    rendered(&d);
    for f in FILES {
        let name = f.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, d.read(&format!("reports/{f}")));
    }
}

#[test]
fn claimreview_holds_every_required_field() {
    let d = small();
    rendered(&d);
    let v: serde_json::Value =
        serde_json::from_str(&d.read("reports/claimreview.json")).expect("valid JSON");
    let reviews = v.as_array().expect("an array");
    assert_eq!(reviews.len(), 2, "one ClaimReview per published claim");
    for r in reviews {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        let claim = r["claimReviewed"].as_str().expect("claimReviewed");
        assert!(!claim.is_empty() && claim.chars().count() <= 75);
        let url = r["url"].as_str().expect("url");
        let id = r["url"]
            .as_str()
            .and_then(|u| u.strip_prefix("https://checks.newsroom.fr/checks/"))
            .and_then(|u| u.strip_suffix(".html"))
            .unwrap_or_else(|| panic!("{url}: the check's own page"));
        assert!(d.path(&format!("reports/checks/{id}.html")).is_file());
        assert_eq!(r["author"]["@type"], "Organization");
        assert_eq!(r["author"]["name"], "Test Checks");
        assert_eq!(r["author"]["url"], "https://checks.newsroom.fr/");
        assert!(r["datePublished"].is_string());
        let rating = &r["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        assert!(rating["alternateName"].is_string());
        assert!(rating["ratingValue"].is_i64());
        assert_eq!(rating["bestRating"], 3);
        assert_eq!(rating["worstRating"], 1);
        assert!(rating["ratingExplanation"].is_string());
        let item = &r["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        assert_eq!(item["author"]["@type"], "Person");
        assert!(item["datePublished"].is_string());
        assert!(item["appearance"][0]["url"].is_string());
        assert!(item["firstAppearance"]["url"].is_string());
    }
    let first = &reviews[0];
    assert_eq!(
        first["url"],
        "https://checks.newsroom.fr/checks/un-arms-embargo.html"
    );
    assert_eq!(first["datePublished"], "2023-09-15");
    assert_eq!(first["dateModified"], "2023-09-20");
    assert_eq!(first["reviewRating"]["alternateName"], "Accurate");
    assert_eq!(first["itemReviewed"]["author"]["name"], "Antoine Bondaz");
}

#[test]
fn a_published_claim_without_source_url_is_reported_not_emitted() {
    let d = small();
    let meta = d.read("sources/regional-debate.yaml");
    d.write(
        "sources/regional-debate.yaml",
        &meta.replace("url: \"https://tv.example.org/debate\"\n", ""),
    );
    d.cmd(&["report"]).success().stderr(predicate::str::contains(
        "warning: unemployment-fell: no ClaimReview emitted: source \"regional-debate\" has no http(s) url",
    ));
    let json = d.read("reports/claimreview.json");
    assert!(!json.contains("unemployment-fell"));
    assert!(json.contains("un-arms-embargo"));
    // The check itself still appears for readers.
    assert!(d
        .read("reports/index.html")
        .contains("id=\"unemployment-fell\""));
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let d = small();
    d.cmd(&["report", "--out", "a"]).success();
    d.cmd(&["report", "--out", "b"]).success();
    for f in FILES {
        let a = std::fs::read(d.path(&format!("a/{f}"))).expect("a");
        let b = std::fs::read(d.path(&format!("b/{f}"))).expect("b");
        assert!(a == b, "{f} differs between two renders");
    }
}

#[test]
fn public_edition_leaves_unpublished_work_out_everywhere() {
    let d = small();
    d.cmd(&["report", "--public"]).success();
    for f in [
        "README.md",
        "sources/lepoint-interview.md",
        "sources/regional-debate.md",
        "index.html",
        "claimreview.json",
        "claims.csv",
    ] {
        let text = d.read(&format!("reports/{f}"));
        for hidden in [
            "shells-announced",
            "wine-exports",
            "candidate-one",
            "needs-list",
            "Two regions export more",
        ] {
            assert!(!text.contains(hidden), "{f} shows unpublished {hidden}");
        }
    }
    assert_eq!(d.read("reports/claims.csv").lines().count(), 3);
    d.cmd(&["report", "--public", "--context"])
        .success()
        .stdout(predicate::str::contains("\"public\": true"))
        .stdout(predicate::str::contains("wine-exports").not());
}

#[test]
fn check_exit_codes_follow_the_files_on_disk() {
    let d = small();
    d.cmd(&["report", "--check"])
        .code(1)
        .stdout(predicate::str::contains("missing  README.md"));
    rendered(&d);
    d.cmd(&["report", "--check"])
        .success()
        .stdout(predicate::str::contains("up to date"));
    // Open work is not in the public edition: its changes leave it fresh.
    let claim = d.read("claims/wine-exports.yaml");
    d.write(
        "claims/wine-exports.yaml",
        &claim.replace("assignee: li", "assignee: max"),
    );
    d.cmd(&["report", "--check"]).success();
    let claim = d.read("claims/un-arms-embargo.yaml");
    d.write(
        "claims/un-arms-embargo.yaml",
        &claim.replace("bar all states", "forbid every state"),
    );
    d.write("reports/sources/old-source.md", "left over\n");
    d.cmd(&["report", "--check"])
        .code(1)
        .stdout(predicate::str::contains("stale    README.md"))
        .stdout(predicate::str::contains("extra    sources/old-source.md"))
        .stdout(predicate::str::contains("stale    index.html"));
    d.write("reports/notes.txt", "mine\n");
    d.cmd(&["report"])
        .success()
        .stdout(predicate::str::contains("1 stale removed"));
    assert!(!d.path("reports/sources/old-source.md").exists());
    assert!(
        d.path("reports/notes.txt").exists(),
        "files it does not own stay"
    );
    d.cmd(&["report", "--check"]).success();
}

/// `claims.csv` and `claimreview.json` are streamed into their files and
/// compared with the copy on disk as they are written: one byte changed,
/// added or dropped anywhere is stale, and only that file is rewritten.
#[test]
fn a_one_byte_change_in_a_streamed_table_is_stale_and_repaired() {
    let d = small();
    rendered(&d);
    let first = d.cmd(&["report", "--out", "copy"]).success();
    let said = String::from_utf8_lossy(&first.get_output().stdout).into_owned();
    let total: usize = said
        .strip_prefix("Rendered ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    for table in ["claimreview.json", "claims.csv"] {
        let rel = format!("reports/{table}");
        let good = std::fs::read(d.path(&rel)).expect("read");
        assert!(good.len() > 200, "{table} is not trivial");
        let middle = good.len() / 2;
        let mut flipped = good.clone();
        flipped[middle] ^= 0x01;
        let mut longer = good.clone();
        longer.push(b'\n');
        let shorter = good[..good.len() - 1].to_vec();
        for (what, bytes) in [
            ("flipped", flipped),
            ("longer", longer),
            ("shorter", shorter),
        ] {
            std::fs::write(d.path(&rel), &bytes).expect("write");
            d.cmd(&["report", "--check"])
                .code(1)
                .stdout(predicate::eq(format!(
                    "stale    {table}\nstale: 1 report file(s) out of date in {}; run `factdesk report` and commit the result\n",
                    d.path("reports").display()
                )));
            d.cmd(&["report"])
                .success()
                .stdout(predicate::str::contains("1 written"));
            assert_eq!(
                std::fs::read(d.path(&rel)).expect("read"),
                good,
                "{table} {what}: rewritten byte for byte"
            );
            d.cmd(&["report", "--check"]).success();
        }
    }
    // Into a folder that is not recorded, the tables are compared while
    // streamed: an unchanged one is not replaced.
    let before = std::fs::metadata(d.path("copy/claimreview.json"))
        .and_then(|m| m.modified())
        .expect("mtime");
    d.cmd(&["report", "--out", "copy"])
        .success()
        .stdout(predicate::str::contains(format!(
            "0 written, {total} unchanged"
        )));
    let after = std::fs::metadata(d.path("copy/claimreview.json"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "the unchanged table was not replaced");
    let left: Vec<_> = std::fs::read_dir(d.path("copy"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "no temporary file left: {left:?}");
}

#[test]
fn context_is_the_documented_json() {
    let d = small();
    let out = d.cmd(&["report", "--context"]).success();
    let v: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("JSON context");
    assert_eq!(v["desk"], "Test Desk");
    assert_eq!(v["public"], true, "the default is the public edition");
    assert_eq!(v["counts"]["published"], 2);
    assert_eq!(v["counts"]["open"], 0);
    assert_eq!(v["withheld"]["open"], 3);
    assert_eq!(v["withheld"]["discarded"], 1);
    assert_eq!(
        v["sources"][0]["published_claims"][0]["assignee"],
        serde_json::Value::Null
    );
    let out = d.cmd(&["report", "--internal", "--context"]).success();
    let v: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("JSON context");
    assert_eq!(v["public"], false);
    assert_eq!(v["counts"]["open"], 3);
    assert_eq!(v["withheld"]["open"], 0);
    assert_eq!(v["sources"][0]["published_claims"][0]["assignee"], "ana");
    let debate = &v["sources"][1];
    assert_eq!(debate["subtitles"], true);
    assert_eq!(
        debate["published_claims"][0]["location"]["start"],
        "00:00:01.000"
    );
    assert_eq!(
        v["sources"][0]["published_claims"][0]["published_on"],
        "2023-09-15"
    );
    assert!(
        !d.path("reports/README.md").exists(),
        "--context writes nothing"
    );
}

#[test]
fn a_desk_template_overrides_one_file() {
    let d = small();
    d.write(
        "templates/claim.md",
        "CUSTOM {{ c.id }} {{ c.rating.label }}\n",
    );
    rendered(&d);
    let readme = d.read("reports/README.md");
    assert!(readme.contains("CUSTOM un-arms-embargo Accurate"));
    assert!(
        readme.contains("## At a glance"),
        "other templates stay built in"
    );
    d.write("templates/claim.md", "{% if %}\n");
    // `check` rejects the template, so `report` refuses the desk, naming it.
    d.cmd(&["report"])
        .code(2)
        .stderr(predicate::str::contains(
            "templates/claim.md:1:1: error[template-syntax]",
        ))
        .stderr(predicate::str::contains("nothing was rendered"));
}

#[test]
fn an_empty_desk_renders() {
    let d = empty();
    rendered(&d);
    assert!(d
        .read("reports/README.md")
        .contains("No published checks yet."));
    assert_eq!(d.read("reports/claimreview.json"), "[]\n");
}

/// A desk whose records carry hostile text in every field a reader sees,
/// all of it text `check` accepts (markup, Markdown, spreadsheet formulas):
/// the desk passes `check`, so `report` renders it and must keep it inert.
fn hostile() -> FixtureDesk {
    let d = small();
    d.source(
        "evil-source",
        "txt",
        "text",
        None,
        "Mallory: <script>alert(1)</script> is what I said.\n",
    );
    d.source(
        "evil-page",
        "txt",
        "text",
        Some("https://www.lepoint.fr/monde/evil?q=%3Cscript%3E"),
        "Antoine Bondaz: [x](javascript:alert(1)) <img src=x onerror=alert(2)> # not a heading | cell\n",
    );
    let history = "history:\n  - {at: 2023-09-14T09:00:00Z, by: ana, action: created, to: candidate}\n  - {at: 2023-09-14T10:00:00Z, by: ana, action: research-started, from: candidate, to: researching}\n  - {at: 2023-09-15T10:00:00Z, by: ana, action: rated, rating: accurate}\n  - {at: 2023-09-15T11:00:00Z, by: ana, action: submitted, from: researching, to: in-review}\n  - {at: 2023-09-15T13:00:00Z, by: jo, action: reviewed, note: approved}\n  - {at: 2023-09-15T14:00:00Z, by: jo, action: published, from: in-review, to: published}\n";
    let reviews = "reviews:\n  - {by: jo, at: 2023-09-15T13:00:00Z, decision: approved}\n";
    d.claim("evil-script", &format!(
        "claim: \"<script>alert(1)</script>\"\nquote: \"[x](javascript:alert(1)) <img src=x onerror=alert(2)> # not a heading | cell\"\nspeaker: \"=cmd|' /C calc'!A0\"\nsource: evil-page\nlocation: {{line: 1}}\nsaid_on: 2023-09-14\nstatus: published\nrating: accurate\nsummary: \"</script><script>alert(3)</script> & more\"\nevidence:\n  - {{url: \"https://evil.example.net/a?q=%3Cscript%3E\", title: \"[click](javascript:alert(5))\", publisher: \"@SUM(1+1)\", accessed: 2023-09-15, stance: supports}}\n{reviews}{history}"
    ));
    d.claim("evil-source-claim", &format!(
        "claim: \"-2+3\"\nquote: \"<script>alert(1)</script> is what I said.\"\nspeaker: Mallory\nsource: evil-source\nlocation: {{line: 1}}\nstatus: published\nrating: accurate\nsummary: \"+1 tab\\there\"\nevidence:\n  - {{url: \"https://stats.example.org/<b>\", title: \"=HYPERLINK(1)\", publisher: \"+Office\", accessed: 2023-09-15, stance: supports}}\n{reviews}{history}"
    ));
    d
}

#[test]
fn hostile_text_renders_inert_in_every_format() {
    let d = hostile();
    d.cmd(&["report"])
        .success()
        .stderr(predicate::str::contains(
            "evil-source-claim: no ClaimReview emitted",
        ));
    let page = d.read("reports/checks/evil-script.html");
    assert!(
        !page.contains("<script>alert"),
        "no live script tag on its page"
    );
    assert!(!page.contains("<img"), "no live img tag on its page");
    assert!(!page.to_lowercase().contains("href=\"javascript"));
    assert_eq!(page.matches("<script").count(), 1, "only the JSON-LD");
    let html = d.read("reports/index.html");
    assert!(!html.contains("<script>alert"), "no live script tag");
    assert!(!html.contains("<img"), "no live img tag");
    assert!(
        !html.to_lowercase().contains("href=\"javascript"),
        "no javascript: link"
    );
    assert!(!html.contains("href=\"data:"), "no data: link");
    assert_eq!(
        html.matches("<script").count(),
        2,
        "only the JSON-LD and the filter script"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    // The embedded JSON-LD cannot close its script element, and reads back intact.
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").expect("end");
    let embedded: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON");
    let file: serde_json::Value =
        serde_json::from_str(&d.read("reports/claimreview.json")).expect("JSON");
    assert_eq!(embedded, file);
    let evil = file
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["url"] == "https://checks.newsroom.fr/checks/evil-script.html")
        .expect("evil-script reviewed");
    assert_eq!(
        evil["reviewRating"]["ratingExplanation"],
        "</script><script>alert(3)</script> & more"
    );
    assert!(
        !file.to_string().contains("evil-source-claim"),
        "a source without an http(s) url gets no ClaimReview"
    );

    for f in [
        "README.md",
        "sources/lepoint-interview.md",
        "sources/evil-source.md",
    ] {
        let md = d.read(&format!("reports/{f}"));
        assert!(
            !md.contains("](javascript"),
            "{f}: no Markdown javascript: link"
        );
        assert!(!unescaped(&md, "<script"), "{f}: no raw HTML");
        assert!(!unescaped(&md, "<img"), "{f}: no raw HTML");
        assert!(
            !md.contains("(javascript:alert(document"),
            "{f}: no source link"
        );
    }
    let readme = d.read("reports/README.md");
    assert!(readme.contains("\\[x\\]\\(javascript:alert\\(1\\)\\)"));
    assert!(readme.contains("\\# not a heading \\| cell"));

    let csv = d.read("reports/claims.csv");
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t']),
                "live formula cell {cell:?} in {line:?}"
            );
        }
    }
    assert!(csv.contains("\"'=cmd|' /C calc'!A0\""));
    assert!(csv.contains("\"'-2+3\""));
}

/// Whether `needle` occurs in `md` without a backslash before it.
fn unescaped(md: &str, needle: &str) -> bool {
    md.match_indices(needle)
        .any(|(i, _)| !md[..i].ends_with('\\'))
}

#[test]
fn a_big_desk_splits_the_html_into_linked_pages() {
    let d = small();
    for i in 0..4100 {
        d.claim(
            &format!("bulk-{i:05}"),
            &format!(
                "claim: Bulk claim {i}\nquote: Our region exports more wine than any other.\nspeaker: Jane Roe\nsource: regional-debate\nlocation: {{line: 7}}\nstatus: candidate\nhistory:\n  - {{at: 2023-09-14T09:00:00Z, by: ana, action: created, to: candidate}}\n"
            ),
        );
    }
    // Open work is in the internal overview only.
    d.cmd(&["report", "--internal"]).success();
    let pages: Vec<String> = ["index.html", "page-2.html", "page-3.html"]
        .iter()
        .map(|f| d.read(&format!("reports-internal/{f}")))
        .collect();
    assert!(!d.path("reports-internal/page-4.html").exists());
    let all = pages.concat();
    for i in [0, 1999, 2000, 4099] {
        assert_eq!(
            all.matches(&format!("id=\"bulk-{i:05}\"")).count(),
            1,
            "bulk-{i:05} once"
        );
    }
    assert!(pages[0].contains("<a href=\"page-2.html\" rel=\"next\">Next</a>"));
    assert!(pages[1].contains("<a href=\"index.html\" rel=\"prev\">Previous</a>"));
    assert!(pages[1].contains("<strong aria-current=\"page\">2</strong>"));
    assert!(pages[1].contains("(continued)"));
    // Fewer claims later: the extra page goes away.
    for i in 0..2000 {
        std::fs::remove_file(d.path(&format!("claims/bulk-{i:05}.yaml"))).expect("rm");
    }
    d.cmd(&["report", "--internal"])
        .success()
        .stdout(predicate::str::contains("1 stale removed"));
    assert!(!d.path("reports-internal/page-3.html").exists());
}

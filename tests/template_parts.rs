//! `parts.html`: the page head and the publisher's name that `index.html`
//! and `check.html` share, and what a desk's `templates/` folder gets when
//! it overrides the parts, a page, or a page written before the parts.

use crate::report_desk::{small, FixtureDesk};

/// The built-in `index.html` and `check.html` as they were before they
/// imported `parts.html` (self-contained; a desk may hold such a copy).
const OLD_INDEX: &str = include_str!("fixtures/templates/index-self-contained.html");
const OLD_CHECK: &str = include_str!("fixtures/templates/check-self-contained.html");
const PARTS: &str = include_str!("../src/report/templates/parts.html");

const PAGES: [&str; 3] = [
    "reports/index.html",
    "reports/checks/un-arms-embargo.html",
    "reports/checks/unemployment-fell.html",
];

fn render(d: &FixtureDesk) -> Vec<String> {
    d.cmd(&["report"]).success();
    PAGES.iter().map(|p| d.read(p)).collect()
}

fn head(page: &str) -> &str {
    &page[page.find("<head>").unwrap()..page.find("</head>").unwrap()]
}

#[test]
fn pages_written_before_the_parts_render_byte_for_byte_as_the_built_in_ones() {
    let d = small();
    let built_in = render(&d);
    // The parts change nothing a reader gets: one head, one style, the JSON-LD.
    for page in &built_in {
        assert!(
            page.starts_with(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            ),
            "{}",
            &page[..120]
        );
        assert!(page.contains("\n</style>\n<script type=\"application/ld+json\">"));
        assert!(
            page.contains("</script>\n</head>\n<body"),
            "no doubled line end"
        );
        assert_eq!(page.matches("<style>").count(), 1);
    }
    assert!(head(&built_in[1]).contains(
        "<link rel=\"canonical\" href=\"https:&#x2f;&#x2f;checks.newsroom.fr&#x2f;checks&#x2f;un-arms-embargo.html\">"
    ));
    assert!(!head(&built_in[0]).contains("canonical"));
    // A desk holding self-contained copies of both pages gets the same bytes.
    d.write("templates/index.html", OLD_INDEX);
    d.write("templates/check.html", OLD_CHECK);
    assert_eq!(render(&d), built_in);
    // So does the internal overview (robots tag, no JSON-LD on open work).
    d.cmd(&["report", "--internal"]).success();
    let old_internal = d.read("reports-internal/index.html");
    std::fs::remove_dir_all(d.path("templates")).unwrap();
    d.cmd(&["report", "--internal"]).success();
    let internal = d.read("reports-internal/index.html");
    assert_eq!(internal, old_internal);
    assert!(head(&internal).contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
}

#[test]
fn a_desk_parts_override_changes_the_head_of_every_page_and_keeps_escaping() {
    let d = small();
    // A desk name with markup characters: escaped once in every title.
    let config = d.read("factdesk.yaml");
    d.write(
        "factdesk.yaml",
        &config.replace("name: Test Desk", "name: \"Faits & Chiffres <Lyon>\""),
    );
    let parts = PARTS
        .replace(
            "<meta name=\"generator\" content=\"factdesk report\">",
            "<meta name=\"generator\" content=\"factdesk report\">\n<meta name=\"author\" content=\"{{ publisher.name }}\">",
        )
        .replace("<bdi>{{ publisher.name }}</bdi></a>", "<bdi>{{ publisher.name }}</bdi></a> (newsroom)");
    assert_ne!(parts, PARTS);
    d.write("templates/parts.html", &parts);
    let pages = render(&d);
    for (name, page) in PAGES.iter().zip(&pages) {
        assert!(
            head(page).contains("<meta name=\"author\" content=\"Test Checks\">"),
            "{name}: {}",
            head(page)
        );
        assert!(page.contains("Published by <a href=\"https:&#x2f;&#x2f;checks.newsroom.fr&#x2f;\"><bdi>Test Checks</bdi></a> (newsroom)"), "{name}");
        assert!(
            head(page).contains("Faits &amp; Chiffres &lt;Lyon&gt;"),
            "{name}: {}",
            head(page)
        );
        assert!(
            !page.contains("&amp;amp;") && !page.contains("<Lyon>"),
            "{name}"
        );
    }
    assert!(head(&pages[0])
        .contains("<title>Faits &amp; Chiffres &lt;Lyon&gt;: verification summaries</title>"));
    assert!(head(&pages[1]).contains("<title>Importing North Korean arms breaches UN Security Council resolutions: Accurate (Faits &amp; Chiffres &lt;Lyon&gt;)</title>"));
    d.cmd(&["report", "--check"]).success();
    // Removing the override brings the built-in parts back (and --check sees it).
    std::fs::remove_file(d.path("templates/parts.html")).unwrap();
    d.cmd(&["report", "--check"]).code(1);
    let pages = render(&d);
    assert!(!pages[0].contains("name=\"author\""));
}

#[test]
fn an_index_override_that_imports_the_parts_gets_the_built_in_ones() {
    let d = small();
    d.write(
        "templates/index.html",
        "{% from \"parts.html\" import head, publisher_name %}\n<!DOCTYPE html>\n<html lang=\"{{ language }}\">\n<head>\n{{ head(\"Fact checks: \" ~ desk, page.claimreview_json) -}}\n</head>\n<body>\n<p>By {{ publisher_name() }}</p>\n{% for section in page.sections %}{% for c in section.published_claims %}<p id=\"{{ c.id }}\">{{ c.claim }}</p>\n{% endfor %}{% endfor %}</body>\n</html>\n",
    );
    let pages = render(&d);
    let index = &pages[0];
    assert!(
        index.contains("<title>Fact checks: Test Desk</title>"),
        "{index}"
    );
    assert!(
        index.contains("@media print"),
        "the built-in style comes with the head"
    );
    assert!(
        index.contains("<script type=\"application/ld+json\">[{"),
        "the page's JSON-LD"
    );
    assert!(index
        .contains("<p>By <a href=\"https:&#x2f;&#x2f;checks.newsroom.fr&#x2f;\"><bdi>Test Checks</bdi></a></p>"));
    assert!(index.contains("<p id=\"un-arms-embargo\">"));
    // check.html is still the built-in one, with the built-in parts.
    assert!(pages[1].contains("<body class=\"single\">"));
    assert!(head(&pages[1]).contains("rel=\"canonical\""));
}

#[test]
fn a_broken_parts_override_is_named_by_check_and_report() {
    let d = small();
    d.write("templates/parts.html", "{% macro head(title %}\n");
    let out = d.cmd(&["check", "--no-cache"]).code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("templates/parts.html:1:") && text.contains("template-syntax"),
        "{text}"
    );
    d.cmd(&["report"]).code(2).stderr(predicates::str::contains(
        "templates/parts.html:1:1: error[template-syntax]",
    ));
    // Parses, but no longer defines what the pages import: the page and
    // the missing macro are named, and nothing is written.
    d.write("templates/parts.html", "{% macro head(title, claimreview_json, canonical=none) %}<title>{{ title }}</title>\n{% endmacro %}\n");
    let out = d.cmd(&["report"]).code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("publisher_name") && err.contains(".html"),
        "{err}"
    );
    assert_eq!(
        files_in(&d.path("reports")),
        Vec::<String>::new(),
        "nothing is written"
    );
}

/// Every file under `dir`, folders left out.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_in(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out
}

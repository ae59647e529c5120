//! ClaimReview validation: every object `factdesk report` emits, in
//! `claimreview.json` and in every page's JSON-LD, against the fields
//! Google's Fact Check (ClaimReview) documentation requires and recommends,
//! and every `url` against the rendered HTML (parsed): it must name a page
//! the report wrote, holding the check. Run on a desk whose index is split
//! into pages, with a corrected check among ordinary ones.

use crate::html;
use crate::report_desk::{published_bulk, small, FixtureDesk};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const PUBLISHER: &str = "https://checks.newsroom.fr/";

fn is_date(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
}

fn text(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.trim().is_empty())
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

/// Google's required and recommended ClaimReview fields; the problems found.
fn google_problems(r: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            p.push(what.to_string());
        }
    };
    need(r["@context"] == "https://schema.org", "@context");
    need(r["@type"] == "ClaimReview", "@type ClaimReview");
    // Required.
    need(text(&r["claimReviewed"]), "claimReviewed");
    need(
        r["claimReviewed"]
            .as_str()
            .is_some_and(|c| c.chars().count() <= 75),
        "claimReviewed at most 75 characters",
    );
    let url = r["url"].as_str().unwrap_or("");
    need(
        url.starts_with("https://") || url.starts_with("http://"),
        "url",
    );
    let rating = &r["reviewRating"];
    need(rating["@type"] == "Rating", "reviewRating @type Rating");
    need(text(&rating["alternateName"]), "reviewRating.alternateName");
    // Recommended.
    let author = &r["author"];
    need(
        author["@type"] == "Organization" || author["@type"] == "Person",
        "author @type",
    );
    need(text(&author["name"]), "author.name");
    need(text(&author["url"]), "author.url");
    need(
        host(url) == host(author["url"].as_str().unwrap_or("")),
        "url on the publisher's domain",
    );
    need(is_date(&r["datePublished"]), "datePublished");
    let (value, best, worst) = (
        rating["ratingValue"].as_i64(),
        rating["bestRating"].as_i64(),
        rating["worstRating"].as_i64(),
    );
    need(
        matches!((value, best, worst), (Some(v), Some(b), Some(w)) if w <= v && v <= b && w < b),
        "ratingValue between worstRating and bestRating",
    );
    let item = &r["itemReviewed"];
    need(item["@type"] == "Claim", "itemReviewed @type Claim");
    need(text(&item["author"]["name"]), "itemReviewed.author.name");
    need(
        item["author"]["@type"] == "Person" || item["author"]["@type"] == "Organization",
        "itemReviewed.author @type",
    );
    need(
        is_date(&item["datePublished"]),
        "itemReviewed.datePublished",
    );
    let appearance = item["appearance"].as_array();
    need(
        appearance.is_some_and(|a| !a.is_empty() && a.iter().all(|w| text(&w["url"]))),
        "itemReviewed.appearance[].url",
    );
    need(
        text(&item["firstAppearance"]["url"]),
        "itemReviewed.firstAppearance.url",
    );
    if !r["dateModified"].is_null() {
        need(is_date(&r["dateModified"]), "dateModified");
        need(
            r["dateModified"].as_str() >= r["datePublished"].as_str(),
            "dateModified not before datePublished",
        );
    }
    p
}

/// A page's element ids, JSON-LD blocks and start tags.
type Parsed = (BTreeSet<String>, Vec<Value>, Vec<html::Element>);

/// Every HTML file of the reports, relative name → text.
fn pages(d: &FixtureDesk) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for sub in ["", "checks/"] {
        let dir = d.path(&format!("reports/{sub}"));
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".html") {
                out.insert(
                    format!("{sub}{name}"),
                    d.read(&format!("reports/{sub}{name}")),
                );
            }
        }
    }
    out
}

#[test]
fn every_claimreview_meets_googles_fields_and_its_url_reaches_the_check() {
    let d = small();
    let bulk = 2100;
    for i in 0..bulk {
        published_bulk(&d, &format!("bulk-{i:05}"), i);
    }
    d.cmd(&["report"]).success();
    let pages = pages(&d);
    assert!(pages.contains_key("page-2.html"), "the index is split");
    let file: Vec<Value> = serde_json::from_str(&d.read("reports/claimreview.json")).unwrap();
    assert_eq!(file.len(), bulk + 2, "one per published check");
    let parsed: BTreeMap<&str, Parsed> = pages
        .iter()
        .map(|(f, t)| {
            let els = html::elements(t);
            let ids = els
                .iter()
                .filter_map(|e| e.attr("id").map(str::to_string))
                .collect();
            (f.as_str(), (ids, html::json_ld(t), els))
        })
        .collect();
    // Every object, wherever it is emitted.
    let mut all: Vec<(String, Value)> = file
        .iter()
        .map(|r| ("claimreview.json".into(), r.clone()))
        .collect();
    for (f, (_, ld, _)) in &parsed {
        for block in ld {
            for r in block.as_array().expect("a JSON-LD array") {
                all.push((f.to_string(), r.clone()));
            }
        }
    }
    assert!(
        all.len() >= 3 * file.len(),
        "the file, the index pages and each check page"
    );
    let mut listed_on: BTreeMap<String, String> = BTreeMap::new();
    for (f, (_, _, els)) in &parsed {
        for e in els.iter().filter(|e| e.name == "a") {
            if let Some(href) = e.attr("href").filter(|h| h.starts_with("checks/")) {
                listed_on.insert(href.to_string(), f.to_string());
            }
        }
    }
    for (from, r) in &all {
        let problems = google_problems(r);
        assert!(problems.is_empty(), "{from}: {problems:?} in {r:#}");
        let url = r["url"].as_str().unwrap();
        let rel = url
            .strip_prefix(PUBLISHER)
            .expect("under the publisher's folder");
        let (page, anchor) = rel
            .split_once('#')
            .map_or((rel, None), |(p, a)| (p, Some(a)));
        let page = if page.is_empty() { "index.html" } else { page };
        let (ids, ld, els) = parsed.get(page).unwrap_or_else(|| {
            panic!("{from}: {url} names {page}, which the report did not write")
        });
        let id = page
            .strip_prefix("checks/")
            .and_then(|p| p.strip_suffix(".html"))
            .expect("the check's own page by default");
        assert!(anchor.is_none_or(|a| a == id));
        assert!(ids.contains(id), "{url}: no element #{id} on {page}");
        // The page is the check's: it embeds this very ClaimReview and
        // names itself canonical; the index links to it.
        assert_eq!(ld.len(), 1, "{page}: one JSON-LD block");
        assert_eq!(
            ld[0].as_array().map(Vec::len),
            Some(1),
            "{page}: one ClaimReview"
        );
        assert_eq!(&ld[0][0], r, "{page} embeds the same ClaimReview as {from}");
        assert!(
            els.iter().any(|e| e.name == "link"
                && e.attr("rel") == Some("canonical")
                && e.attr("href") == Some(url)),
            "{page}: canonical link"
        );
        let index = listed_on
            .get(page)
            .unwrap_or_else(|| panic!("no index page links {page}"));
        assert!(parsed[index.as_str()].0.contains(id), "{index} lists #{id}");
    }
    // Checks listed on a later index page still link to their own page.
    assert!(
        listed_on.values().any(|f| f == "page-2.html"),
        "{listed_on:?}"
    );
    let corrected = file
        .iter()
        .find(|r| r["url"] == format!("{PUBLISHER}checks/un-arms-embargo.html"))
        .expect("the corrected check");
    assert_eq!(corrected["dateModified"], "2023-09-20");
}

//! Unit tests of the report context and of which files the report owns.

use super::context::{build, claim_url};
use super::is_generated_name;
use crate::model::{Claim, DeskConfig, RatingScale, Source};
use crate::store::yaml::parse_record;
use std::path::Path;

fn claim(yaml: &str) -> Claim {
    match parse_record::<Claim>(yaml, Path::new("claims/x.yaml")) {
        Ok((c, _)) => c,
        Err(d) => panic!("{d:?}"),
    }
}

fn source(id: &str, url: Option<&str>) -> Source {
    let url = url.map(|u| format!("url: {u}\n")).unwrap_or_default();
    let yaml = format!(
        "id: {id}\ntitle: T\noutlet: O\n{url}format: vtt\nfile: {id}.vtt\nsha256: \"00\"\n"
    );
    match parse_record::<Source>(&yaml, Path::new("sources/x.yaml")) {
        Ok((s, _)) => s,
        Err(d) => panic!("{d:?}"),
    }
}

const PUBLISHED: &str = "id: a-claim\nclaim: A claim\nquote: Q.\nspeaker: S\nsource: debate\nlocation: {line: 3, start: \"00:00:01.000\", end: \"00:00:02.000\"}\nstatus: published\nrating: mixed\nsummary: Why.\nhistory:\n  - {at: 2023-09-14T09:00:00Z, by: a, action: created, to: candidate}\n  - {at: 2023-09-15T14:00:00Z, by: b, action: published, from: in-review, to: published}\n  - {at: 2023-09-18T14:00:00Z, by: b, action: published, from: in-review, to: published}\n";

fn config() -> DeskConfig {
    let mut c = DeskConfig::new("D", RatingScale::default_scale());
    c.publisher.url = "https://checks.newsroom.fr/list#top".into();
    c
}

#[test]
fn publication_date_is_the_first_published_entry_and_times_are_kept() {
    let ctx = build(
        &config(),
        &[source("debate", Some("https://tv.example.org/d"))],
        &[claim(PUBLISHED)],
        false,
    );
    let c = &ctx.sources[0].published_claims[0];
    assert_eq!(
        c.published_on.map(|d| d.to_string()).as_deref(),
        Some("2023-09-15")
    );
    assert_eq!(c.location.start.as_deref(), Some("00:00:01.000"));
    assert!(ctx.sources[0].subtitles);
    let r = c.rating.as_ref().expect("rating");
    assert_eq!(
        (r.label.as_str(), r.value, r.tier.as_str()),
        ("Mixed", Some(3), "middle")
    );
    assert_eq!(
        c.url.as_deref(),
        Some("https://checks.newsroom.fr/checks/a-claim.html")
    );
    assert_eq!(
        c.index_url.as_deref(),
        Some("https://checks.newsroom.fr/list#a-claim")
    );
}

#[test]
fn problems_name_the_claim_and_what_is_missing() {
    let orphan = PUBLISHED
        .replace("id: a-claim", "id: b-claim")
        .replace("source: debate", "source: gone");
    let ctx = build(
        &config(),
        &[source("debate", None)],
        &[claim(PUBLISHED), claim(&orphan)],
        false,
    );
    let messages: Vec<String> = ctx
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.subject, p.message))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("b-claim: cites source \"gone\"")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m
            .starts_with("a-claim: no ClaimReview emitted: source \"debate\" has no http(s) url")),
        "{messages:?}"
    );
    assert_eq!(
        ctx.sources.len(),
        2,
        "the unknown source still shows its claims"
    );
}

#[test]
fn claim_urls_replace_the_fragment() {
    assert_eq!(claim_url("https://x.org/", "a"), "https://x.org/#a");
    assert_eq!(claim_url("https://x.org/p#old", "a"), "https://x.org/p#a");
}

#[test]
fn the_report_owns_only_its_own_files() {
    for owned in [
        "README.md",
        "index.html",
        "page-2.html",
        "page-10.html",
        "claimreview.json",
        "claims.csv",
        "sources/a.md",
    ] {
        assert!(is_generated_name(owned), "{owned}");
    }
    for other in [
        "notes.md",
        "page-.html",
        "page-x.html",
        "custom.html",
        "sources/a.txt",
        "sources/x/a.md",
        "CNAME",
    ] {
        assert!(!is_generated_name(other), "{other}");
    }
}

#[test]
fn only_known_extensions_are_templates() {
    use super::templates::is_template_name;
    for t in ["claim.md", "index.html", "x.htm", "style.css", "filter.js"] {
        assert!(is_template_name(t), "{t}");
    }
    for other in ["notes.txt", "claim.inc", ".md", "README", "x.md.bak"] {
        assert!(!is_template_name(other), "{other}");
    }
}

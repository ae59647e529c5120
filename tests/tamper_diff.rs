//! What a reviewer sees in `factdesk diff` (text and the Markdown of a pull
//! request) when a commit tampers with the desk: every changed field of a
//! claim, a source's metadata and factdesk.yaml; hidden characters named;
//! the changed span of a long quote; published-rule breaks, status jumps and
//! claims arriving published flagged; mentions that never ping. Each family
//! has a legitimate control that shows without a flag.

use crate::git::{claim_file, Repo};
use serde_json::Value;

fn markdown(r: &Repo) -> String {
    r.out(&["diff", "base", "HEAD", "--format", "markdown"])
}

/// The Markdown with its code spans left out: GitHub links mentions and
/// issue numbers only there.
fn outside_code_spans(md: &str) -> String {
    md.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

fn json(r: &Repo) -> Value {
    serde_json::from_str(&r.out(&["diff", "base", "HEAD", "--format", "json"])).unwrap()
}

/// A repository with one published claim, tagged `base`.
fn desk() -> (Repo, String) {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("logged");
    r.publish(&id);
    r.commit("published");
    r.git(&["tag", "base"]);
    (r, id)
}

#[test]
fn every_changed_field_of_a_published_claim_shows_and_rule_breaks_are_flagged() {
    let (r, id) = desk();
    let f = claim_file(&id);
    r.edit(&f, "said_on: 2023-09-14", "said_on: 2023-09-13");
    r.edit(&f, "stance: supports", "stance: refutes");
    r.edit(
        &f,
        "speaker: Antoine Bondaz",
        "speaker: Antoine Bondaz\u{200B}",
    );
    r.edit(&f, "rating: accurate", "rating: misleading");
    r.commit("quiet changes");
    let md = markdown(&r);
    for words in [
        "said_on: `2023-09-14` → `2023-09-13`",
        "evidence[0].stance: `supports` → `refutes`",
        "⟨U+200B ZERO WIDTH SPACE⟩",
        "RATING CHANGED AGAINST ITS RULE",
        "SAID_ON CHANGED AGAINST ITS RULE",
    ] {
        assert!(md.contains(words), "{words:?} not in:\n{md}");
    }
    assert!(!md.contains("no claim"), "{md}");
    let doc = json(&r);
    let changes = doc["claims"][0]["changes"].as_array().unwrap();
    assert!(changes
        .iter()
        .any(|c| c["type"] == "field" && c["field"] == "speaker"));
    assert!(changes
        .iter()
        .any(|c| c["type"] == "rule-broken" && c["field"] == "rating"));
    assert_eq!(doc["claims"][0]["flagged"], true);
    // Control: a correction through the tool shows, unflagged.
    r.git(&["reset", "-q", "--hard", "base"]);
    r.fd(&[
        "correct",
        &id,
        "--note",
        "New ministry figures.",
        "--rating",
        "mostly-accurate",
    ])
    .success();
    r.commit("corrected");
    let doc = json(&r);
    assert_eq!(doc["claims"][0]["flagged"], false, "{doc:#}");
    assert!(!markdown(&r).contains("⚠️"));
}

#[test]
fn the_changed_span_of_a_long_summary_is_shown_not_cut_away() {
    let r = Repo::new();
    let id = r.add_claim("North Korea has old stocks to sell.");
    r.fd(&["research", &id]).success();
    r.evidence(
        &id,
        "https://www.reuters.com/world/asia-pacific/north-korea-shells/",
    );
    let long = "South Korean intelligence estimates that North Korea has shipped more than a million artillery shells to Russia since August, in about ten";
    r.fd(&[
        "rate",
        &id,
        "mostly-accurate",
        "--summary",
        &format!("{long} shipments."),
    ])
    .success();
    r.commit("rated");
    r.git(&["tag", "base"]);
    r.edit(
        &claim_file(&id),
        "about ten shipments.",
        "about two shipments.",
    );
    r.commit("summary edited");
    let md = markdown(&r);
    assert!(
        md.contains("ten shipments.") && md.contains("two shipments."),
        "{md}"
    );
    assert!(md.contains("…"), "{md}");
}

#[test]
fn status_jumps_and_claims_arriving_published_are_flagged() {
    let (r, published) = desk();
    let open = r.add_claim("North Korea has old stocks to sell.");
    r.fd(&["discard", &open, "--reason", "Not checkable"])
        .success();
    r.commit("discarded");
    r.git(&["tag", "-f", "base"]);
    r.edit(
        &claim_file(&open),
        "status: discarded",
        "status: researching",
    );
    // A claim file that arrives already published (copied from another one).
    let copy = "claims/copied-claim-0a1b2c3d.yaml";
    let text = std::fs::read_to_string(r.path(&claim_file(&published))).unwrap();
    std::fs::write(
        r.path(copy),
        text.replace(&published, "copied-claim-0a1b2c3d"),
    )
    .unwrap();
    r.commit("reopened, and a copy");
    let md = markdown(&r);
    assert!(md.contains("CHECK FINDS status-mismatch"), "{md}");
    assert!(md.contains("ADDED ALREADY PUBLISHED"), "{md}");
    // Control: a claim logged and researched through the tool is not flagged.
    r.git(&["reset", "-q", "--hard", "base"]);
    let fresh = r.add_claim("China watches closely.");
    r.fd(&["research", &fresh]).success();
    r.commit("a new claim");
    assert!(!markdown(&r).contains("⚠️"), "{}", markdown(&r));
}

#[test]
fn source_metadata_and_settings_changes_show_and_a_loosened_rule_is_flagged() {
    let (r, _) = desk();
    r.edit("sources/lp.yaml", "outlet: Le Point", "outlet: Le Figaro");
    r.edit(
        "factdesk.yaml",
        "rater_may_approve: false",
        "rater_may_approve: true",
    );
    r.commit("settings and source");
    let md = markdown(&r);
    assert!(md.contains("outlet: `Le Point` → `Le Figaro`"), "{md}");
    assert!(
        md.contains("publish.rater_may_approve: `false` → `true` — PUBLISH RULE LOOSENED"),
        "{md}"
    );
    assert!(md.contains("⚠️"), "{md}");
    let text = r.out(&["diff", "base", "HEAD"]);
    assert!(
        text.contains("factdesk.yaml") && text.contains("! publish.rater_may_approve"),
        "{text}"
    );
    // Control: a stricter rule and a new name show without a flag.
    r.git(&["reset", "-q", "--hard", "base"]);
    r.edit("factdesk.yaml", "approvals: 1", "approvals: 2");
    r.commit("stricter");
    let md = markdown(&r);
    assert!(md.contains("publish.approvals: `1` → `2`"), "{md}");
    assert!(!md.contains("⚠️"), "{md}");
}

#[test]
fn mentions_in_desk_text_never_ping_in_markdown() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("logged");
    r.git(&["tag", "base"]);
    r.fd(&["--by", "jo", "assign", &id, "--to", "ana"])
        .success();
    r.fd(&[
        "note",
        &id,
        "Ask @octocat and @github/security about the figures.",
    ])
    .success();
    r.edit(
        &claim_file(&id),
        "claim: Russia needs shells badly.",
        "claim: Russia needs shells badly, says @dprk-watch.",
    );
    r.commit("notes with mentions");
    let md = markdown(&r);
    let prose = outside_code_spans(&md);
    for name in ["@octocat", "@dprk-watch", "@github"] {
        assert!(!prose.contains(name), "{name} would ping:\n{md}");
    }
    assert!(prose.contains("@\u{200B}dprk-watch"), "{md}");
    assert!(
        md.contains("`(none)` → `Ask @octocat and @github/security about the figures.`"),
        "{md}"
    );
}

#[test]
fn a_merge_commit_is_named_as_the_merge() {
    let (r, id) = desk();
    r.git(&["checkout", "-q", "-b", "jo"]);
    r.fd(&[
        "--by",
        "jo",
        "correct",
        &id,
        "--note",
        "New ministry figures.",
        "--rating",
        "mostly-accurate",
    ])
    .success();
    r.commit("jo corrects");
    r.git(&["checkout", "-q", "main"]);
    r.git(&["merge", "-q", "--no-ff", "-m", "merge jo", "jo"]);
    let text = r.out(&["diff", "HEAD~1", "HEAD"]);
    assert!(!text.contains("uncommitted"), "{text}");
    assert!(
        text.contains("HEAD (") && text.contains("rating Accurate → Mostly accurate"),
        "{text}"
    );
}

//! What a reviewer sees in `factdesk diff` (the Markdown of a pull request,
//! text and JSON) when a commit tampers with the desk, family by family:
//! state written by hand, a laundered correction, a published check's
//! metadata, source metadata, an edit after approval, a transcript, the
//! settings, one editor under two spellings, hidden characters, long texts,
//! mentions. Each scenario is a hand edit committed to a real git
//! repository and has a legitimate control made with the tool, which shows
//! without a flag.

use crate::git::{claim_file, Repo};
use serde_json::Value;

fn markdown(r: &Repo) -> String {
    r.out(&["diff", "base", "HEAD", "--format", "markdown"])
}

fn json(r: &Repo) -> Value {
    serde_json::from_str(&r.out(&["diff", "base", "HEAD", "--format", "json"])).unwrap()
}

/// The Markdown with its code spans left out: GitHub links mentions and
/// issue numbers only there.
fn outside_code_spans(md: &str) -> String {
    md.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// Asserts every piece of `words` is in the Markdown and it flags something.
fn flags(r: &Repo, words: &[&str]) -> String {
    let md = markdown(r);
    assert!(md.contains("⚠️"), "nothing flagged:\n{md}");
    for w in words {
        assert!(md.contains(w), "{w:?} not in:\n{md}");
    }
    md
}

/// Asserts the Markdown shows `words` and flags nothing.
fn shows_quietly(r: &Repo, words: &[&str]) {
    let md = markdown(r);
    assert!(!md.contains("⚠️"), "a legitimate change was flagged:\n{md}");
    for w in words {
        assert!(md.contains(w), "{w:?} not in:\n{md}");
    }
}

/// Back to `base` for the control.
fn reset(r: &Repo) {
    r.git(&["reset", "-q", "--hard", "base"]);
    r.git(&["clean", "-q", "-fd"]);
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

/// A claim researched, with evidence, rated by ana with `summary`.
fn rated(r: &Repo, summary: &str) -> String {
    let id = r.add_claim("North Korea has old stocks to sell.");
    r.fd(&["research", &id]).success();
    r.evidence(
        &id,
        "https://www.reuters.com/world/asia-pacific/north-korea-shells/",
    );
    r.fd(&["rate", &id, "mostly-accurate", "--summary", summary])
        .success();
    id
}

/// A repository with a claim in review (rated by ana), tagged `base`.
fn in_review() -> (Repo, String) {
    let r = Repo::new();
    let id = rated(&r, "Stocks exist but their state is unknown.");
    r.fd(&["submit", &id]).success();
    r.commit("in review");
    r.git(&["tag", "base"]);
    (r, id)
}

/// The time of the claim's last history entry (hand entries keep the order).
fn last_at(r: &Repo, id: &str) -> String {
    let text = std::fs::read_to_string(r.path(&claim_file(id))).unwrap();
    let last = text.rsplit("  - at: ").next().unwrap();
    last.lines().next().unwrap().trim().to_string()
}

/// Appends history entries (YAML list items) to a claim file.
fn append(r: &Repo, id: &str, entries: &str) {
    let p = r.path(&claim_file(id));
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("{text}{entries}")).unwrap();
}

// Family: the record's state written by hand.

#[test]
fn state_written_by_hand_is_flagged_in_the_checks_words() {
    // A review nobody gave through the tool.
    let (r, id) = in_review();
    let at = last_at(&r, &id);
    r.edit(
        &claim_file(&id),
        "history:\n",
        &format!("reviews:\n  - by: jo\n    at: {at}\n    decision: approved\nhistory:\n"),
    );
    r.commit("approve");
    flags(
        &r,
        &["CHECK FINDS list-unexplained", "review by jo: approved"],
    );
    reset(&r);
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    r.commit("jo approves");
    shows_quietly(&r, &["review by jo: approved"]);

    // A rating no `rated` entry set.
    r.edit(
        &claim_file(&id),
        "rating: mostly-accurate",
        "rating: accurate",
    );
    r.commit("better rating");
    r.git(&["tag", "-f", "base", "HEAD~1"]);
    let md = flags(
        &r,
        &[
            "CHECK FINDS rating-unexplained",
            "rating Mostly accurate → Accurate",
        ],
    );
    assert!(md.contains("\"accurate\""), "{md}");
}

#[test]
fn status_jumps_and_a_published_claim_withdrawn_by_hand_are_flagged() {
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
    // Withdrawn with a forged entry: the status left `published`.
    r.edit(
        &claim_file(&published),
        "status: published",
        "status: discarded",
    );
    append(&r, &published, "  - at: 2023-09-20T10:00:00Z\n    by: ana\n    action: discarded\n    from: published\n    to: discarded\n    note: embarrassing\n");
    r.commit("quietly withdraw and reopen");
    flags(
        &r,
        &[
            "CHECK FINDS status-mismatch",
            "status is researching but the history's last transition leads to discarded",
            "status published → discarded",
            "STATUS CHANGED AGAINST ITS RULE",
            "CHECK FINDS history-illegal-step",
        ],
    );
    // Control: discarding and reopening are not tool steps either, but a
    // claim taken on through the tool is quiet.
    reset(&r);
    let fresh = r.add_claim("China watches closely.");
    r.fd(&["research", &fresh]).success();
    r.commit("a new claim");
    shows_quietly(&r, &["added (researching)"]);
}

#[test]
fn a_claim_file_arriving_published_is_flagged() {
    let (r, published) = desk();
    let copy = "claims/copied-claim-0a1b2c3d.yaml";
    let text = std::fs::read_to_string(r.path(&claim_file(&published))).unwrap();
    std::fs::write(
        r.path(copy),
        text.replace(&published, "copied-claim-0a1b2c3d"),
    )
    .unwrap();
    r.commit("a copy");
    flags(
        &r,
        &[
            "`copied-claim-0a1b2c3d`",
            "ADDED ALREADY PUBLISHED (rated Accurate)",
        ],
    );
    let doc = json(&r);
    assert_eq!(doc["claims"][0]["flagged"], true, "{doc:#}");
}

// Family: a correction that does not explain what changed.

#[test]
fn an_unrelated_correction_does_not_launder_a_rating_or_quote() {
    let (r, id) = desk();
    crate::tamper::launder(&r, &id);
    let md = flags(
        &r,
        &[
            "RATING CHANGED AGAINST ITS RULE",
            "an unrelated correction does not",
            "PUBLISHED CLAIM'S QUOTE EDITED (a correction came with it, but not one that explains it)",
            "`Russia needs shells badly.` → `Russia needs shells.`",
            "correction by ana",
        ],
    );
    assert!(md.contains("frozen at publication"), "{md}");
    // Control: the rating and the summary corrected through the tool.
    reset(&r);
    r.fd(&[
        "correct",
        &id,
        "--note",
        "New ministry figures.",
        "--rating",
        "mostly-accurate",
        "--summary",
        "Russia is short of shells, less than reported.",
    ])
    .success();
    r.commit("corrected");
    shows_quietly(
        &r,
        &[
            "rating Accurate → Mostly accurate",
            "published summary corrected",
            "less than reported.",
        ],
    );
    let doc = json(&r);
    let changes = doc["claims"][0]["changes"].as_array().unwrap();
    let edit = changes
        .iter()
        .find(|c| c["type"] == "published-edited")
        .unwrap();
    assert_eq!(edit["rule"], Value::Null, "{edit:#}");
    assert_eq!(edit["with_correction"], true);
}

// Family: what a published check shows beyond its verdict.

#[test]
fn every_changed_field_of_a_published_check_shows_and_rule_breaks_are_flagged() {
    let (r, id) = desk();
    let f = claim_file(&id);
    r.edit(&f, "said_on: 2023-09-14", "said_on: 2023-09-13");
    r.edit(&f, "stance: supports", "stance: refutes");
    r.edit(&f, "publisher: UN", "publisher: UN Security Council");
    r.edit(
        &f,
        "speaker: Antoine Bondaz",
        "speaker: Antoine Bondaz\u{200B}",
    );
    r.commit("quiet changes");
    let md = flags(
        &r,
        &[
            "said_on: `2023-09-14` → `2023-09-13`",
            "evidence[0].stance: `supports` → `refutes`",
            "evidence[0].publisher: `UN` → `UN Security Council`",
            "speaker: `Antoine Bondaz` → `Antoine Bondaz⟨U+200B ZERO WIDTH SPACE⟩`",
            "SAID_ON CHANGED AGAINST ITS RULE",
            "EVIDENCE CHANGED AGAINST ITS RULE",
            "SPEAKER CHANGED AGAINST ITS RULE",
        ],
    );
    assert!(!md.contains("no claim"), "{md}");
    let doc = json(&r);
    let changes = doc["claims"][0]["changes"].as_array().unwrap();
    for field in ["said_on", "speaker", "evidence[0].stance"] {
        assert!(
            changes
                .iter()
                .any(|c| c["type"] == "field" && c["field"] == field),
            "{field}: {doc:#}"
        );
    }
    assert!(changes
        .iter()
        .any(|c| c["type"] == "rule-broken" && c["field"] == "said_on"));
    // Control: the speaker corrected in the open.
    reset(&r);
    r.fd(&[
        "correct",
        &id,
        "--speaker",
        "Valérie Niquet",
        "--note",
        "The quote was Valérie Niquet's, not Antoine Bondaz's.",
    ])
    .success();
    r.commit("correct the speaker");
    shows_quietly(&r, &["speaker: `Antoine Bondaz` → `Valérie Niquet`"]);
}

#[test]
fn a_published_edit_shows_who_its_entry_says_made_it() {
    // An `edited` entry excuses the change for the audit; the reviewer sees
    // whose name it carries (identity: git is what proves it).
    let (r, id) = desk();
    let at = last_at(&r, &id);
    r.edit(
        &claim_file(&id),
        "said_on: 2023-09-14",
        "said_on: 2023-09-13",
    );
    append(
        &r,
        &id,
        &format!("  - at: {at}\n    by: jo\n    action: edited\n    note: edited said_on\n"),
    );
    r.commit("redate");
    shows_quietly(
        &r,
        &[
            "history entry by jo: edited (`edited said_on`)",
            "said_on: `2023-09-14` → `2023-09-13`",
        ],
    );
    let doc = json(&r);
    let changes = doc["claims"][0]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["type"] == "entry-added" && c["by"] == "jo" && c["action"] == "edited"),
        "{doc:#}"
    );
}

#[test]
fn source_metadata_shows_and_is_flagged_while_published_checks_cite_it() {
    let (r, _) = desk();
    r.edit("sources/lp.yaml", "outlet: Le Point", "outlet: Le Figaro");
    r.edit(
        "sources/lp.yaml",
        "published: 2023-09-14",
        "published: 2023-09-13",
    );
    r.commit("source edited");
    flags(
        &r,
        &[
            "source metadata sources/lp.yaml changed — PUBLISHED CHECKS CITE IT",
            "outlet: `Le Point` → `Le Figaro`",
            "published: `2023-09-14` → `2023-09-13`",
        ],
    );
    let text = r.out(&["diff", "base", "HEAD"]);
    assert!(text.contains("! source metadata sources/lp.yaml"), "{text}");
    // Control: nothing published cites it.
    let r = Repo::new();
    r.add_claim("China watches closely.");
    r.commit("a candidate");
    r.git(&["tag", "base"]);
    r.edit(
        "sources/lp.yaml",
        "title: Interview",
        "title: Interview with Antoine Bondaz",
    );
    r.commit("retitle");
    shows_quietly(
        &r,
        &["title: `Interview` → `Interview with Antoine Bondaz`"],
    );
}

// Family: an approval does not bind what was approved.

#[test]
fn a_summary_edited_after_approval_shows_the_stale_approval() {
    let (r, id) = in_review();
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    r.commit("jo approves");
    r.git(&["tag", "-f", "base"]);
    r.edit(
        &claim_file(&id),
        "summary: Stocks exist but their state is unknown.",
        "summary: Stocks exist and most are unusable.",
    );
    r.commit("summary after approval");
    let md = markdown(&r);
    assert!(md.contains("summary edited: `Stocks exist but their state is unknown.` → `Stocks exist and most are unusable.`"), "{md}");
    assert!(md.contains("check warns approval-stale"), "{md}");
    // Then published by hand: the approval does not count.
    let f = claim_file(&id);
    r.edit(&f, "status: in-review", "status: published");
    append(&r, &id, "  - at: 2023-09-20T10:00:00Z\n    by: jo\n    action: published\n    from: in-review\n    to: published\n");
    r.commit("publish anyway");
    flags(
        &r,
        &[
            "CHECK FINDS insufficient-approvals",
            "status in-review → published",
        ],
    );
}

// Family: what published checks stand on.

#[test]
fn a_transcript_published_quotes_stand_on_is_flagged_even_with_its_sha256() {
    let (r, id) = desk();
    r.edit_transcript_with_sha(
        "North Korea has old stocks to sell.",
        "North Korea has nothing to sell.",
    );
    r.commit("fix transcript");
    flags(
        &r,
        &[
            "PUBLISHED CHECKS QUOTE IT (claims/",
            "sha256: `",
            "a new version is a new source",
        ],
    );
    let doc = json(&r);
    assert_eq!(
        doc["transcripts"][0]["published"][0],
        format!("claims/{id}.yaml")
    );
    // Control: a transcript no published check quotes, fixed with its sha256.
    let r = Repo::new();
    r.add_claim("China watches closely.");
    r.commit("a candidate");
    r.git(&["tag", "base"]);
    r.edit_transcript_with_sha("North Korea has old", "North Korea has older");
    r.commit("typo in the transcript");
    shows_quietly(&r, &["**transcript** `sources/lp.txt`"]);
}

#[test]
fn loosened_rules_and_redefined_ratings_are_flagged_stricter_ones_are_not() {
    let (r, _) = desk();
    r.edit(
        "factdesk.yaml",
        "rater_may_approve: false",
        "rater_may_approve: true",
    );
    r.edit("factdesk.yaml", "label: Accurate", "label: Correct");
    r.commit("looser");
    flags(
        &r,
        &[
            "publish.rater_may_approve: `false` → `true` — PUBLISH RULE LOOSENED",
            "rating_scale[0].label (accurate): `Accurate` → `Correct` — RATING REDEFINED WHILE PUBLISHED CHECKS CARRY IT",
        ],
    );
    let text = r.out(&["diff", "base", "HEAD"]);
    assert!(text.contains("! publish.rater_may_approve"), "{text}");
    let doc = json(&r);
    assert_eq!(doc["settings"]["loosened"][0], "publish.rater_may_approve");
    assert_eq!(doc["settings"]["redefined"][0], "accurate");
    // Control: a stricter rule, a new rating, a relabelled rating nobody uses.
    reset(&r);
    r.edit("factdesk.yaml", "approvals: 1", "approvals: 2");
    r.edit(
        "factdesk.yaml",
        "label: Misleading",
        "label: Misleading in context",
    );
    r.edit(
        "factdesk.yaml",
        "rating_scale:\n",
        "rating_scale:\n  - key: unproven\n    label: Unproven\n    value: 0\n    description: The evidence neither supports nor refutes the statement.\n",
    );
    r.commit("stricter");
    shows_quietly(
        &r,
        &[
            "publish.approvals: `1` → `2`",
            "rating_scale[0] (unproven): `(none)` → `key: unproven; label: Unproven; value: 0;",
            "(misleading): `Misleading` → `Misleading in context`",
        ],
    );
}

#[test]
fn a_settings_file_that_no_longer_parses_is_flagged() {
    let (r, _) = desk();
    r.edit(
        "factdesk.yaml",
        "rater_may_approve: false",
        "rater_may_approve: [true",
    );
    r.commit("broken settings");
    // (The desk on disk must load for any command to run: the reviewer's
    // checkout has it fixed, the commit under review does not.)
    r.git(&["checkout", "base", "--", "factdesk.yaml"]);
    flags(&r, &["factdesk.yaml DOES NOT PARSE at the newer side"]);
}

// Family: one editor under two spellings.

#[test]
fn the_rater_approving_under_another_spelling_is_flagged() {
    let (r, id) = in_review();
    let at = last_at(&r, &id);
    let f = claim_file(&id);
    r.edit(
        &f,
        "history:\n",
        &format!("reviews:\n  - by: Ana\n    at: {at}\n    decision: approved\nhistory:\n"),
    );
    r.edit(&f, "status: in-review", "status: published");
    append(&r, &id, &format!("  - at: {at}\n    by: Ana\n    action: reviewed\n    note: approved\n  - at: {at}\n    by: ana\n    action: published\n    from: in-review\n    to: published\n"));
    r.commit("Ana approves");
    flags(
        &r,
        &["CHECK FINDS self-approval", "Ana (the same editor as ana"],
    );
    // Control: another editor approves and publishes.
    reset(&r);
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    r.fd(&["publish", &id]).success();
    r.commit("published");
    shows_quietly(
        &r,
        &["status in-review → published", "review by jo: approved"],
    );
}

// Hidden characters and long texts.

#[test]
fn invisible_changes_are_named_on_both_sides() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.fd(&["note", &id, "Figures from the ministry, 14 September."])
        .success();
    r.commit("logged");
    r.git(&["tag", "base"]);
    let f = claim_file(&id);
    // A no-break space for a space, a carriage return, a TAG run and a bidi override.
    r.edit(
        &f,
        "Figures from the ministry",
        "Figures\u{A0}from the ministry",
    );
    r.edit(&f, "14 September.", "14 September.\u{E0061}\u{E0062}");
    r.edit(
        &f,
        "claim: Russia needs shells badly.",
        "claim: Russia needs \u{202E}shells badly.",
    );
    r.commit("invisible");
    let md = markdown(&r);
    for words in [
        "Figures⟨U+00A0 NO-BREAK SPACE⟩from",
        "⟨U+E0061 TAG 'a'⟩⟨U+E0062 TAG 'b'⟩",
        "⟨U+202E RIGHT-TO-LEFT OVERRIDE⟩shells",
        "CHECK FINDS",
    ] {
        assert!(md.contains(words), "{words:?} not in:\n{md}");
    }
    assert!(
        !md.contains('\u{A0}') && !md.contains('\u{202E}') && !md.contains('\u{E0061}'),
        "{md}"
    );
    let text = r.out(&["diff", "base", "HEAD"]);
    assert!(
        text.contains("Figures⟨U+00A0 NO-BREAK SPACE⟩from"),
        "{text}"
    );
    // JSON keeps the raw text.
    let doc = json(&r);
    assert!(doc.to_string().contains("Figures\u{A0}from"), "{doc}");
}

#[test]
fn the_changed_span_of_a_long_text_is_shown_not_cut_away() {
    let r = Repo::new();
    let long = "South Korean intelligence estimates that North Korea has shipped more than a million artillery shells to Russia since August, in about ten";
    let id = rated(&r, &format!("{long} shipments."));
    r.commit("rated");
    r.git(&["tag", "base"]);
    r.edit(
        &claim_file(&id),
        "about ten shipments.",
        "about two shipments.",
    );
    r.commit("summary edited");
    let md = markdown(&r);
    assert!(md.contains("…"), "{md}");
    assert!(
        md.contains("in about ten shipments.`") && md.contains("in about two shipments.`"),
        "{md}"
    );
    assert!(
        !md.contains("South Korean intelligence estimates"),
        "the whole text shown:\n{md}"
    );
}

#[test]
fn mentions_and_issue_numbers_in_desk_text_never_ping_in_markdown() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("logged");
    r.git(&["tag", "base"]);
    r.fd(&["--by", "jo", "assign", &id, "--to", "ana"])
        .success();
    r.fd(&["note", &id, "Ask @octocat and @github/security about #12."])
        .success();
    r.edit(
        &claim_file(&id),
        "claim: Russia needs shells badly.",
        "claim: Russia needs shells, says @dprk-watch #7.",
    );
    r.commit("notes with mentions");
    let md = markdown(&r);
    let prose = outside_code_spans(&md);
    for name in ["@octocat", "@dprk-watch", "@github", "#7", "#12"] {
        assert!(!prose.contains(name), "{name} would ping or link:\n{md}");
    }
    assert!(prose.contains("@\u{200B}dprk-watch"), "{md}");
    assert!(
        md.contains("`(none)` → `Ask @octocat and @github/security about #12.`"),
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
    assert!(
        !text.contains("working tree") && !text.contains("uncommitted"),
        "{text}"
    );
    assert!(
        text.starts_with("HEAD~1 (") && text.contains("→ HEAD ("),
        "{text}"
    );
    assert!(text.contains("rating Accurate → Mostly accurate"), "{text}");
    // Against the working tree, it says so.
    let text = r.out(&["diff", "HEAD~1"]);
    assert!(text.contains("→ working tree"), "{text}");
}

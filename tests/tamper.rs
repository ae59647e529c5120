//! Tampering scenarios, family by family: each is a hand edit (what a
//! dishonest or careless editor would do to the YAML instead of using the
//! tool) committed to a real git repository, and must be caught by
//! `factdesk check --since REV` with a diagnostic naming the commit, the
//! claim, the field and the rule. Each family also has legitimate controls
//! (every tool step, fmt, edit, merges, conflict resolution as
//! docs/git-workflow.md says, re-rendered reports) that must pass.

use crate::git::{claim_file, Repo};
use serde_json::Value;

/// `check --since base --format json`: the exit code and the diagnostics.
fn audit(r: &Repo, rev: &str) -> (i32, Vec<Value>) {
    r.check_json(&["--since", rev])
}

/// Asserts `check --since base` reports `code` for the commit `subject`,
/// with `words` in its message.
pub(crate) fn caught(r: &Repo, code: &str, subject: &str, words: &[&str]) -> Value {
    let (exit, found) = audit(r, "base");
    assert_eq!(exit, 1, "{found:#?}");
    let hit = found.iter().find(|d| {
        d["code"] == code
            && d["notes"]
                .to_string()
                .contains(&format!("\\\"{subject}\\\""))
            && words
                .iter()
                .all(|w| d["message"].as_str().unwrap_or("").contains(w))
    });
    hit.cloned().unwrap_or_else(|| {
        panic!("no {code} for commit {subject:?} with {words:?} in:\n{found:#?}")
    })
}

/// Asserts `check --since base` finds nothing.
pub(crate) fn clean(r: &Repo) {
    let (exit, found) = audit(r, "base");
    assert_eq!(exit, 0, "a legitimate change raised:\n{found:#?}");
    let a = r.fd(&["audit", "--since", "base"]).success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(out.contains("no problem found"), "{out}");
}

/// A repository with one published claim and one claim in review, tagged `base`.
pub(crate) fn desk() -> (Repo, String, String) {
    let r = Repo::new();
    let (published, open) = desk_in(&r);
    (r, published, open)
}

/// jo, reviewing claim `id`, asks for changes (a `reviewed` entry and a
/// review that later edits must not erase).
pub(crate) fn request_changes(r: &Repo, id: &str) {
    r.fd(&[
        "--by",
        "jo",
        "review",
        "--request-changes",
        id,
        "--note",
        "Which stocks? Cite the estimate.",
    ])
    .success();
}

/// In `r`: a published claim and a claim in review, committed and tagged
/// `base` (shared with the range tests).
pub(crate) fn desk_in(r: &Repo) -> (String, String) {
    let published = r.add_claim("Russia needs shells badly.");
    r.publish(&published);
    let open = r.add_claim("North Korea has old stocks to sell.");
    r.fd(&["research", &open]).success();
    r.evidence(
        &open,
        "https://www.reuters.com/world/asia-pacific/north-korea-shells/",
    );
    r.fd(&[
        "rate",
        &open,
        "mostly-accurate",
        "--summary",
        "Stocks exist but their state is unknown.",
    ])
    .success();
    r.fd(&["submit", &open]).success();
    r.commit("one published, one in review");
    r.git(&["tag", "base"]);
    (published, open)
}

/// Inserts `text` before the line that starts with `before` (top level).
fn insert_before(r: &Repo, id: &str, before: &str, text: &str) {
    r.edit(&claim_file(id), before, &format!("{text}{before}"));
}

// Family: the record's state is trusted instead of derived.

#[test]
fn a_hand_written_approval_is_caught_and_a_real_review_passes() {
    let (r, _, open) = desk();
    insert_before(
        &r,
        &open,
        "history:\n",
        "reviews:\n  - by: jo\n    at: 2023-09-16T09:00:00Z\n    decision: approved\n",
    );
    r.commit("approve");
    let (exit, found) = audit(&r, "base");
    assert_eq!(exit, 1);
    assert!(
        found.iter().any(|d| d["code"] == "list-unexplained"),
        "{found:#?}"
    );
    r.git(&["reset", "-q", "--hard", "base"]);
    r.fd(&["--by", "jo", "review", "--approve", &open])
        .success();
    r.commit("jo approves");
    clean(&r);
}

#[test]
fn published_to_discarded_and_back_to_research_are_caught() {
    let (r, published, _) = desk();
    let f = claim_file(&published);
    r.edit(&f, "status: published", "status: discarded");
    let text = std::fs::read_to_string(r.path(&f)).unwrap();
    std::fs::write(
        r.path(&f),
        format!("{text}  - at: 2023-09-20T10:00:00Z\n    by: ana\n    action: discarded\n    from: published\n    to: discarded\n    note: embarrassing\n"),
    )
    .unwrap();
    r.commit("quietly withdraw");
    caught(
        &r,
        "published-claim-edited",
        "quietly withdraw",
        &["`status`"],
    );
    let (_, found) = audit(&r, "base");
    assert!(
        found.iter().any(|d| d["code"] == "history-illegal-step"),
        "{found:#?}"
    );

    // A discarded claim brought back to research by an `edited` entry.
    let r = Repo::new();
    let id = r.add_claim("China watches closely.");
    r.fd(&["discard", &id, "--reason", "Not checkable: an opinion."])
        .success();
    r.commit("discarded");
    r.git(&["tag", "base"]);
    let f = claim_file(&id);
    r.edit(&f, "status: discarded", "status: researching");
    let text = std::fs::read_to_string(r.path(&f)).unwrap();
    std::fs::write(
        r.path(&f),
        format!("{text}  - at: 2023-09-21T10:00:00Z\n    by: ana\n    action: edited\n    from: discarded\n    to: researching\n"),
    )
    .unwrap();
    r.commit("reopen");
    let (exit, found) = audit(&r, "base");
    assert_eq!(exit, 1);
    assert!(
        found.iter().any(|d| d["code"] == "history-illegal-step"
            && d["message"].as_str().unwrap().contains("never does")),
        "{found:#?}"
    );
}

#[test]
fn a_rating_no_entry_set_is_caught_and_rate_passes() {
    let (r, _, open) = desk();
    r.edit(
        &claim_file(&open),
        "rating: mostly-accurate",
        "rating: accurate",
    );
    r.commit("better rating");
    let (exit, found) = audit(&r, "base");
    assert_eq!(exit, 1);
    assert!(
        found.iter().any(|d| d["code"] == "rating-unexplained"),
        "{found:#?}"
    );
}

#[test]
fn a_claim_file_arriving_published_is_caught_and_one_published_later_passes() {
    let (r, published, _) = desk();
    let text = std::fs::read_to_string(r.path(&claim_file(&published))).unwrap();
    let forged = text
        .replace(&published, "beijing-not-pleased-0badc0de")
        .replace(
            "Russia needs shells badly.",
            "Beijing will not be pleased by this meeting.",
        );
    std::fs::write(r.path("claims/beijing-not-pleased-0badc0de.yaml"), forged).unwrap();
    r.commit("import a finished check");
    let d = caught(
        &r,
        "claim-arrived-published",
        "import a finished check",
        &["beijing-not-pleased-0badc0de"],
    );
    assert!(d["hint"].as_str().unwrap().contains("later commit"), "{d}");

    let (r, _, _) = desk();
    let id = r.add_claim("Beijing will not be pleased by this meeting.");
    r.commit("log");
    r.publish(&id);
    r.commit("publish");
    clean(&r);
}

// Family: any new correction excused every watched field.

/// A correction through the tool that is about something else, with the
/// published rating and quote changed by hand beside it, committed as
/// "correction" (the diff's tests show the same scenario).
pub(crate) fn launder(r: &Repo, published: &str) {
    r.fd(&[
        "correct",
        published,
        "--note",
        "Fixed a typo in the summary's source name.",
    ])
    .success();
    let f = claim_file(published);
    r.edit(&f, "rating: accurate", "rating: misleading");
    r.edit(
        &f,
        "quote: Russia needs shells badly.",
        "quote: Russia needs shells.",
    );
    r.commit("correction");
}

#[test]
fn an_unrelated_correction_does_not_launder_a_changed_quote_or_rating() {
    let (r, published, _) = desk();
    launder(&r, &published);
    caught(
        &r,
        "published-claim-edited",
        "correction",
        &["`rating`", "unrelated correction does not"],
    );
    caught(
        &r,
        "published-claim-edited",
        "correction",
        &["`quote`", "frozen"],
    );
}

#[test]
fn a_summary_edited_a_commit_after_a_correction_is_caught() {
    let (r, published, _) = desk();
    r.fd(&[
        "correct",
        &published,
        "--note",
        "The shortage was overstated.",
        "--rating",
        "misleading",
    ])
    .success();
    r.commit("correct the rating");
    r.edit(
        &claim_file(&published),
        "summary: Russia is short of artillery shells.",
        "summary: Russia has plenty of shells.",
    );
    r.commit("tweak wording");
    caught(
        &r,
        "published-claim-edited",
        "tweak wording",
        &["`summary`"],
    );
}

#[test]
fn corrections_through_the_tool_pass_across_commits_and_a_merge() {
    let (r, published, open) = desk();
    r.fd(&[
        "correct",
        &published,
        "--note",
        "The shortage was overstated.",
        "--rating",
        "misleading",
    ])
    .success();
    r.commit("correct the rating");
    r.git(&["switch", "-q", "-c", "summary"]);
    r.fd(&[
        "correct",
        &published,
        "--note",
        "The summary now cites the ministry's own figures.",
        "--summary",
        "Russia's shell output falls short of what it fires.",
    ])
    .success();
    r.commit("correct the summary");
    r.git(&["switch", "-q", "main"]);
    r.fd(&["--by", "jo", "review", "--approve", &open])
        .success();
    r.commit("approve the other claim");
    r.git(&["merge", "-q", "--no-edit", "summary"]);
    clean(&r);
}

#[test]
fn a_rating_changed_on_a_branch_is_caught_through_the_merge() {
    let (r, published, _) = desk();
    r.git(&["switch", "-q", "-c", "sneaky"]);
    r.edit(
        &claim_file(&published),
        "rating: accurate",
        "rating: mostly-accurate",
    );
    r.commit("soften");
    r.git(&["switch", "-q", "main"]);
    r.fd(&[
        "correct",
        &published,
        "--note",
        "Added the ministry's figures.",
    ])
    .success();
    r.commit("unrelated correction");
    r.git(&["merge", "-q", "--no-edit", "sneaky"]);
    caught(&r, "published-claim-edited", "soften", &["`rating`"]);
}

// Family: append-only was only compared between REV and HEAD.

#[test]
fn an_entry_added_and_removed_inside_the_range_is_caught() {
    let (r, _, open) = desk();
    request_changes(&r, &open);
    r.commit("jo asks for changes");
    r.git(&["checkout", "base", "--", &claim_file(&open)]);
    r.commit("never mind");
    caught(
        &r,
        "history-rewritten",
        "never mind",
        &["reviewed", "removed"],
    );
}

// Family: only a few fields of a published check were watched.

#[test]
fn every_field_of_a_published_check_is_watched() {
    let edits: [(&str, &str, &str); 5] = [
        ("stance: supports", "stance: refutes", "`evidence`"),
        (
            "url: https://www.un.org/securitycouncil/s/res/1718-%282006%29",
            "url: https://www.un.org/securitycouncil/s/res/1874-%282009%29",
            "`evidence`",
        ),
        (
            "speaker: Antoine Bondaz",
            "speaker: Antoine Bondaz (FRS)",
            "`speaker`",
        ),
        ("accessed: 2023-09-15", "accessed: 2023-09-14", "`evidence`"),
        ("said_on: 2023-09-14", "said_on: 2023-09-13", "`said_on`"),
    ];
    let (r, published, _) = desk();
    for (from, to, field) in edits {
        r.git(&["reset", "-q", "--hard", "base"]);
        r.edit(&claim_file(&published), from, to);
        r.commit("small fix");
        caught(&r, "published-claim-edited", "small fix", &[field]);
    }
}

#[test]
fn deleting_or_renaming_a_published_claim_is_caught() {
    let (r, published, _) = desk();
    r.git(&[
        "mv",
        &claim_file(&published),
        "claims/renamed-claim-0a1b2c3d.yaml",
    ]);
    r.commit("rename");
    caught(&r, "published-claim-deleted", "rename", &[&published]);
}

// Legitimate work raises nothing.

#[test]
fn fmt_reports_and_work_on_open_claims_pass() {
    let (r, published, open) = desk();
    r.fd(&[
        "--by",
        "jo",
        "review",
        "--request-changes",
        &open,
        "--note",
        "Cite the estimate.",
    ])
    .success();
    r.commit("changes requested");
    r.evidence(
        &open,
        "https://www.iiss.org/online-analysis/military-balance/2023/north-korea/",
    );
    r.fd(&["submit", &open]).success();
    r.fd(&["--by", "lea", "review", "--approve", &open])
        .success();
    r.commit("resubmitted and approved");
    r.fd(&["publish", &open]).success();
    r.fd(&[
        "correct",
        &published,
        "--note",
        "Clarified the source.",
        "--summary",
        "Russia produces fewer shells than it fires.",
    ])
    .success();
    r.fd(&["fmt"]).success();
    r.fd(&["report"]).success();
    r.commit("publish, correct, format, render");
    clean(&r);
}

#[test]
fn a_conflict_resolved_as_the_docs_say_passes() {
    let (r, _, open) = desk();
    r.git(&["switch", "-q", "-c", "notes"]);
    r.fd(&["note", &open, "The IISS estimate dates from 2023."])
        .success();
    r.commit("note");
    r.git(&["switch", "-q", "main"]);
    r.fd(&["assign", &open, "--to", "lea"]).success();
    r.commit("assign");
    let out = crate::support::git_command()
        .current_dir(&r.dir)
        .args([
            "-c",
            "user.name=Ana",
            "-c",
            "user.email=ana@example.org",
            "merge",
            "-q",
            "notes",
        ])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "both sides appended to the same history"
    );
    // Keep both sides, as a person would: theirs (the note, made first),
    // then our assignee and our newer entry at the end.
    let f = claim_file(&open);
    let ours = r.git(&["show", &format!(":2:{f}")]);
    let theirs = r.git(&["show", &format!(":3:{f}")]);
    let last_entry = &ours[ours.rfind("\n  - at: ").unwrap() + 1..];
    let resolved = theirs.replacen(
        "status: in-review\n",
        "status: in-review\nassignee: lea\n",
        1,
    ) + last_entry;
    std::fs::write(r.path(&f), resolved).unwrap();
    r.fd(&["fmt"]).success();
    r.commit("merge notes");
    clean(&r);
}

// Family: an approval did not bind what was approved.

/// Runs `factdesk edit ID` with an editor that applies the sed script `sed`.
fn edit_with(r: &Repo, id: &str, sed: &str) -> assert_cmd::assert::Assert {
    let mut cmd = crate::support::factdesk();
    crate::git::isolate(&mut cmd)
        .current_dir(&r.dir)
        .env("EDITOR", format!("sed -i {sed}"))
        .args(["edit", id])
        .assert()
}

#[test]
fn an_edit_after_approval_opens_a_new_round() {
    let (r, _, open) = desk();
    r.fd(&["--by", "jo", "review", "--approve", &open])
        .success();
    r.commit("jo approves");
    edit_with(&r, &open, "s/their.state.is.unknown/most.are.unusable/").success();
    let a = r.fd(&["publish", &open]);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert_ne!(
        a.get_output().status.code(),
        Some(0),
        "published a stale approval"
    );
    assert!(err.contains("approval"), "{err}");
    let (_, found) = audit(&r, "base");
    assert!(
        found.iter().any(|d| d["code"] == "approval-stale" && d["message"].as_str().unwrap().contains("jo")),
        "{found:#?}"
    );
    // Forcing it by hand: the published claim's approvals do not match it.
    let f = claim_file(&open);
    r.edit(&f, "status: in-review", "status: published");
    let text = std::fs::read_to_string(r.path(&f)).unwrap();
    std::fs::write(
        r.path(&f),
        format!("{text}  - at: 2023-09-20T10:00:00Z\n    by: jo\n    action: published\n    from: in-review\n    to: published\n"),
    )
    .unwrap();
    r.commit("publish anyway");
    let (_, found) = audit(&r, "base");
    assert!(
        found.iter().any(|d| d["code"] == "insufficient-approvals"),
        "{found:#?}"
    );

    // Control: approved again after the edit, it publishes cleanly.
    r.git(&["reset", "-q", "--hard", "base"]);
    r.fd(&["--by", "jo", "review", "--approve", &open])
        .success();
    edit_with(&r, &open, "s/their.state.is.unknown/most.are.unusable/").success();
    r.fd(&["--by", "lea", "review", "--approve", &open])
        .success();
    r.fd(&["publish", &open]).success();
    r.commit("edited, approved again, published");
    clean(&r);
}

// Family: what published checks stand on could move.

/// Replaces `from` with `to` in a desk file and commits it as `subject`.
fn change(r: &Repo, rel: &str, from: &str, to: &str, subject: &str) {
    r.edit(rel, from, to);
    r.commit(subject);
}

#[test]
fn a_transcript_a_published_quote_stands_on_is_frozen() {
    let (r, _, _) = desk();
    // The sentence next to the quote changes, and the sha256 follows it.
    r.edit_transcript_with_sha(
        "North Korea has old stocks to sell.",
        "North Korea has nothing to sell.",
    );
    r.commit("fix transcript");
    caught(
        &r,
        "transcript-frozen",
        "fix transcript",
        &["source lp", "sha256 does not excuse"],
    );

    // The speaker label of the turn.
    let (r, _, _) = desk();
    change(
        &r,
        "sources/lp.txt",
        "Antoine Bondaz: Russia",
        "Le Point: Russia",
        "relabel",
    );
    caught(&r, "transcript-frozen", "relabel", &["source lp"]);
}

#[test]
fn source_metadata_a_published_check_shows_is_frozen() {
    let (r, _, _) = desk();
    change(
        &r,
        "sources/lp.yaml",
        "title: Interview",
        "title: Interview (corrected)",
        "retitle",
    );
    caught(
        &r,
        "source-changed-after-publication",
        "retitle",
        &["`title`"],
    );
    let (r, _, _) = desk();
    change(
        &r,
        "sources/lp.yaml",
        "published: 2023-09-14",
        "published: 2023-09-13",
        "redate",
    );
    caught(
        &r,
        "source-changed-after-publication",
        "redate",
        &["`published`"],
    );
    // Control: nothing published cites a source: its metadata may change.
    let r = Repo::new();
    r.add_claim("China watches closely.");
    r.commit("a candidate");
    r.git(&["tag", "base"]);
    change(
        &r,
        "sources/lp.yaml",
        "title: Interview",
        "title: Interview with Antoine Bondaz",
        "retitle",
    );
    clean(&r);
}

#[test]
fn loosened_publish_rules_and_redefined_ratings_are_caught_stricter_ones_pass() {
    let (r, _, _) = desk();
    let cfg = std::fs::read_to_string(r.path("factdesk.yaml")).unwrap();
    let loose = if cfg.contains("rater_may_approve: false") {
        cfg.replace("rater_may_approve: false", "rater_may_approve: true")
    } else {
        cfg.replace("publish:\n", "publish:\n  rater_may_approve: true\n")
    };
    std::fs::write(r.path("factdesk.yaml"), loose).unwrap();
    r.commit("let raters approve");
    caught(
        &r,
        "settings-loosened",
        "let raters approve",
        &["rater_may_approve"],
    );

    let (r, _, _) = desk();
    change(
        &r,
        "factdesk.yaml",
        "label: Accurate",
        "label: Correct",
        "relabel accurate",
    );
    caught(
        &r,
        "rating-redefined",
        "relabel accurate",
        &["`accurate`", "label"],
    );

    // Control: a stricter rule and a new rating are fine.
    let (r, _, _) = desk();
    change(
        &r,
        "factdesk.yaml",
        "approvals: 1",
        "approvals: 2",
        "two approvals",
    );
    let cfg = std::fs::read_to_string(r.path("factdesk.yaml")).unwrap();
    let with_new = cfg.replacen(
        "rating_scale:\n",
        "rating_scale:\n  - key: unproven\n    label: Unproven\n    value: 0\n    description: The evidence neither supports nor refutes the statement.\n",
        1,
    );
    std::fs::write(r.path("factdesk.yaml"), with_new).unwrap();
    r.commit("add unproven");
    // (`check` itself judges published claims by today's rules, so only the
    // audit is asked here.)
    let a = r.fd(&["audit", "--since", "base"]).success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        out.contains("2 settings changes") && out.contains("no problem found"),
        "{out}"
    );
}

// `audit` says exactly what it verified.

#[test]
fn audit_makes_no_claim_for_a_range_with_nothing_to_check() {
    let (r, _, _) = desk();
    let a = r.fd(&["audit", "--since", "base"]).success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        out.contains("nothing to audit: 0 commits in base..HEAD"),
        "{out}"
    );
    assert!(out.contains("no append-only claim is made"), "{out}");
    // A commit that touches only the rendered reports: still nothing to audit.
    r.fd(&["report"]).success();
    r.commit("render reports");
    let a = r.fd(&["audit", "--since", "base"]).success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        out.starts_with("nothing to audit: 1 commit in base..HEAD"),
        "{out}"
    );
    // One real step: the statement counts what was compared.
    let id = r.add_claim("Beijing will not be pleased by this meeting.");
    r.commit("log a claim");
    let a = r.fd(&["audit", "--since", "base"]).success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        out.contains("audited 2 commits in base..HEAD: 1 claim version compared with the version before it, 1 claim arriving; no problem found"),
        "{out} ({id})"
    );
}

#[test]
fn a_published_speaker_changes_only_through_the_correction_that_records_it() {
    let (r, published, _) = desk();
    // By hand, beside an unrelated correction: caught.
    r.fd(&[
        "correct",
        &published,
        "--note",
        "Added the date of the interview.",
    ])
    .success();
    r.edit(
        &claim_file(&published),
        "speaker: Antoine Bondaz",
        "speaker: Valérie Niquet",
    );
    r.commit("fix speaker");
    caught(
        &r,
        "published-claim-edited",
        "fix speaker",
        &["`speaker`", "no new correction records the speaker"],
    );
    // An `edited` entry is not enough for a published speaker either.
    r.git(&["reset", "-q", "--hard", "base"]);
    r.edit(
        &claim_file(&published),
        "speaker: Antoine Bondaz",
        "speaker: Valérie Niquet",
    );
    r.commit("silent speaker change");
    caught(
        &r,
        "published-claim-edited",
        "silent speaker change",
        &["`speaker`", "without a correction"],
    );
    the_rule_names_the_command(&r, &published);
    // Through the tool: passes, and the correction keeps the old speaker.
    r.git(&["reset", "-q", "--hard", "base"]);
    r.fd(&[
        "correct",
        &published,
        "--speaker",
        "Valérie Niquet",
        "--note",
        "The quote was Valérie Niquet's, not Antoine Bondaz's.",
    ])
    .success();
    let yaml = std::fs::read_to_string(r.path(&claim_file(&published))).unwrap();
    assert!(
        yaml.contains("previous_speaker: Antoine Bondaz\n"),
        "{yaml}"
    );
    r.commit("correct the speaker");
    clean(&r);
}

/// The rule a silent change of a published speaker broke names the
/// command that changes it, written the same by `check --since`, `audit`
/// (both formats) and `diff` (text and JSON).
fn the_rule_names_the_command(r: &Repo, published: &str) {
    let rule = "the speaker of a published claim changed without a correction (rule: who said a published quote changes only through `factdesk correct --speaker`)";
    let hit = caught(
        r,
        "published-claim-edited",
        "silent speaker change",
        &[rule],
    );
    assert!(
        hit["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("claim {published}: field `speaker` in commit ")),
        "{hit:#}"
    );
    let human = r.fd(&["audit", "--since", "base"]).failure().code(1);
    let out = String::from_utf8_lossy(&human.get_output().stdout).into_owned();
    assert!(
        out.contains(&format!(
            "error[published-claim-edited]: claim {published}: field `speaker` in commit "
        )),
        "{out}"
    );
    assert!(out.contains(rule), "{out}");
    let json = r
        .fd(&["audit", "--since", "base", "--format", "json"])
        .failure()
        .code(1);
    let found: Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let messages: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(messages.iter().any(|m| m.ends_with(rule)), "{found:#}");
    let diff = r.fd(&["diff", "base", "--format", "json"]).success();
    let doc: Value = serde_json::from_slice(&diff.get_output().stdout).unwrap();
    let broken: Vec<&Value> = doc["claims"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "rule-broken")
        .collect();
    assert_eq!(broken.len(), 1, "{doc:#}");
    assert_eq!(broken[0]["rule"], rule, "{doc:#}");
    let text = r.fd(&["diff", "base"]).success();
    let out = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(
        out.contains(&format!("SPEAKER CHANGED AGAINST ITS RULE: \"{rule}\"")),
        "{out}"
    );
}

//! The tamper audit over the day-to-day entries (`reply-requested`,
//! `replied`, `no-reply`, `assigned`, `tagged`): the steps made with the
//! tool pass `check --since`, and the same changes made by hand, or entries
//! rewritten after they were committed, are caught with the rule named.

use crate::git::{claim_file, Repo};
use serde_json::Value;

fn audit(r: &Repo, rev: &str) -> (i32, Vec<Value>) {
    r.check_json(&["--since", rev])
}

use crate::support::has;

/// One claim in review with a reply requested, assigned and tagged, then
/// answered and published; every step committed on its own; tagged `base`
/// before the first step.
fn worked() -> (Repo, String) {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("log");
    r.git(&["tag", "base"]);
    r.fd(&[
        "assign",
        &id,
        "--to",
        "lea",
        "--due",
        "2024-05-06",
        "--priority",
        "high",
    ])
    .success();
    r.commit("assign");
    r.fd(&["tag", "add", &id, "artillery,russia"]).success();
    r.commit("tag");
    r.fd(&[
        "reply",
        &id,
        "--contacted",
        "Antoine Bondaz",
        "--via",
        "email",
        "--deadline",
        "2999-01-01",
    ])
    .success();
    r.commit("ask for a reply");
    r.fd(&[
        "reply",
        &id,
        "--answer",
        "The estimates come from Ukrainian intelligence.",
    ])
    .success();
    r.commit("reply received");
    r.publish(&id);
    r.commit("publish");
    r.fd(&["tag", "remove", &id, "russia"]).success();
    r.commit("retag the published check");
    (r, id)
}

#[test]
fn reply_assign_and_tag_steps_made_with_the_tool_pass_the_audit() {
    let (r, _) = worked();
    let (exit, found) = audit(&r, "base");
    assert_eq!(exit, 0, "{found:#?}");
}

#[test]
fn a_committed_reply_entry_removed_by_hand_is_caught() {
    let (r, id) = worked();
    let path = claim_file(&id);
    let text = std::fs::read_to_string(r.path(&path)).unwrap();
    let start = text.find("    action: reply-requested").unwrap();
    let entry_start = text[..start].rfind("  - at:").unwrap();
    let entry_end = entry_start + text[entry_start + 1..].find("  - at:").unwrap() + 1;
    let cut = format!("{}{}", &text[..entry_start], &text[entry_end..]);
    std::fs::write(r.path(&path), cut).unwrap();
    r.commit("tidy history");
    let (exit, found) = audit(&r, "base");
    assert_eq!(exit, 1, "{found:#?}");
    assert!(
        has(
            &found,
            "history-rewritten",
            &["history entry", "reply-requested"]
        ),
        "{found:#?}"
    );
}

#[test]
fn a_published_checks_reply_answer_or_tags_changed_by_hand_are_caught() {
    let edits = [
        (
            "answer: The estimates come from Ukrainian intelligence.",
            "answer: The estimates are sound.",
            "`reply`",
        ),
        (
            "  - artillery\n",
            "  - artillery\n  - ammunition\n",
            "`tags`",
        ),
    ];
    let (r, id) = worked();
    r.git(&["tag", "done"]);
    for (from, to, field) in edits {
        r.git(&["reset", "-q", "--hard", "done"]);
        r.edit(&claim_file(&id), from, to);
        r.commit("small fix");
        let (exit, found) = audit(&r, "base");
        assert_eq!(exit, 1, "{field}: {found:#?}");
        assert!(
            has(&found, "published-claim-edited", &[field]),
            "{field}: {found:#?}"
        );
    }
}

#[test]
fn an_assignment_rewritten_after_it_was_committed_is_caught() {
    let (r, id) = worked();
    r.edit(
        &claim_file(&id),
        "note: assigned to lea",
        "note: assigned to ana",
    );
    r.commit("who did it");
    let (exit, found) = audit(&r, "base");
    assert_eq!(exit, 1, "{found:#?}");
    assert!(
        has(&found, "history-rewritten", &["assigned"]),
        "{found:#?}"
    );
}

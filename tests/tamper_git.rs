//! Tampering that uses git itself rather than the YAML alone: a commit that
//! leaves a record unreadable so the next one can rewrite it unseen, a claim
//! deleted and recreated with a shorter history, a shallow clone, replace
//! refs. Each is committed to a real repository and must be caught by
//! `factdesk check --since REV` (or refused with what to do); each has a
//! legitimate control that passes.

use crate::git::{claim_file, Repo};
use crate::tamper::{caught, clean, desk, request_changes};

/// Commits `text` as the file of claim `id`.
fn commit_file(r: &Repo, id: &str, text: &str, subject: &str) {
    std::fs::write(r.path(&claim_file(id)), text).unwrap();
    r.commit(subject);
}

fn read(r: &Repo, id: &str) -> String {
    std::fs::read_to_string(r.path(&claim_file(id))).unwrap()
}

// Family: a version that does not parse hides the step after it.

#[test]
fn a_record_broken_for_one_commit_hides_no_rewrite_from_the_audit() {
    let (r, published, _) = desk();
    let good = read(&r, &published);
    commit_file(&r, &published, &format!("{good}rating: [\n"), "wip");
    // The next commit mends the YAML and changes the published rating, its
    // `rated` entry with it: judged against the version before "wip".
    let rewritten = good
        .replace("rating: accurate", "rating: misleading")
        .replace("    rating: accurate", "    rating: misleading");
    commit_file(&r, &published, &rewritten, "mend");
    caught(&r, "history-rewritten", "mend", &[&published, "rated"]);
    caught(&r, "published-claim-edited", "mend", &["`rating`"]);
    let d = caught(
        &r,
        "version-unreadable",
        "wip",
        &[&published, "does not parse"],
    );
    assert_eq!(d["severity"], "warning", "{d}");

    // Control: broken, then mended as it was: only the warning, and
    // `check --since` passes (the audit alone reports it, as every finding).
    let (r, published, _) = desk();
    let good = read(&r, &published);
    commit_file(&r, &published, &format!("{good}rating: [\n"), "wip");
    commit_file(&r, &published, &good, "mend");
    let (exit, found) = r.check_json(&["--since", "base"]);
    let codes: Vec<&str> = found.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!((exit, codes), (0, vec!["version-unreadable"]), "{found:#?}");
    r.fd(&["audit", "--since", "base"]).code(1);
}

#[test]
fn a_file_arriving_unreadable_then_published_is_an_arrival() {
    let (r, published, _) = desk();
    let forged = read(&r, &published)
        .replace(&published, "beijing-not-pleased-0badc0de")
        .replace(
            "Russia needs shells badly.",
            "Beijing will not be pleased by this meeting.",
        );
    commit_file(&r, "beijing-not-pleased-0badc0de", "id: [\n", "placeholder");
    commit_file(&r, "beijing-not-pleased-0badc0de", &forged, "fill in");
    caught(
        &r,
        "claim-arrived-published",
        "fill in",
        &["beijing-not-pleased-0badc0de"],
    );
}

// Family: a claim deleted, then recreated with a shorter history.

#[test]
fn a_claim_deleted_and_recreated_keeps_its_ledgers() {
    let (r, _, open) = desk();
    let submitted = read(&r, &open);
    request_changes(&r, &open);
    r.fd(&["submit", &open]).success();
    r.commit("changes requested, resubmitted");
    r.git(&["rm", "-q", &claim_file(&open)]);
    r.commit("drop");
    // Back as it was before jo asked for changes: jo's objection is gone.
    commit_file(&r, &open, &submitted, "restore");
    caught(&r, "history-rewritten", "restore", &[&open, "jo reviewed"]);

    // Control: deleted and brought back whole.
    let (r, _, open) = desk();
    let whole = read(&r, &open);
    r.git(&["rm", "-q", &claim_file(&open)]);
    r.commit("drop");
    commit_file(&r, &open, &whole, "restore");
    clean(&r);
}

// Family: git shows another history than the one committed.

#[test]
fn a_replace_ref_does_not_hide_a_rewrite() {
    let (r, _, open) = desk();
    let submitted = read(&r, &open);
    request_changes(&r, &open);
    r.fd(&["submit", &open]).success();
    r.commit("changes requested, resubmitted");
    commit_file(&r, &open, &submitted, "tidy");
    // "tidy" shown as a root commit: every claim would arrive in it, and
    // the request for changes it dropped would be nowhere.
    r.git(&["replace", "--graft", "HEAD"]);
    caught(&r, "history-rewritten", "tidy", &[&open, "jo reviewed"]);
}

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

/// Runs factdesk in `dir` as the git tests do (`support::identity`).
fn fd_in(dir: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = crate::support::factdesk();
    crate::git::isolate(&mut cmd)
        .current_dir(dir)
        .args(args)
        .assert()
}

#[test]
fn a_shallow_clone_is_refused_by_the_audit_and_log_says_it_is_cut_short() {
    let (r, published, open) = desk();
    r.fd(&["note", &open, "Asked the ministry."]).success();
    r.commit("note");
    let clone = tempfile::TempDir::new().unwrap();
    let url = format!("file://{}", r.dir.display());
    let here = clone.path().join("desk");
    crate::support::git_in(clone.path(), &["clone", "-q", "--depth", "1", &url, "desk"]);
    crate::support::git_in(
        &here,
        &["fetch", "-q", "--depth", "1", "origin", "tag", "base"],
    );

    // The clone's oldest commit is no root: judged as one, every claim
    // would "arrive" in it already published.
    let a = fd_in(&here, &["check", "--since", "base"]).code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("cut short") && err.contains("git fetch --unshallow"),
        "{err}"
    );
    assert!(!err.contains("claim-arrived-published"), "{err}");
    let log = fd_in(&here, &["log", &published, "--json"]).success();
    let log = String::from_utf8_lossy(&log.get_output().stdout).into_owned();
    assert!(
        log.contains(r#""type": "history-cut-short""#) && !log.contains(r#""type": "created""#),
        "{log}"
    );

    // Control: with the whole history, the same clone is audited and clean.
    crate::support::git_in(&here, &["fetch", "-q", "--unshallow"]);
    fd_in(&here, &["check", "--since", "base"]).success();
    let log = fd_in(&here, &["log", &published, "--json"]).success();
    let log = String::from_utf8_lossy(&log.get_output().stdout).into_owned();
    assert!(
        log.contains(r#""type": "created""#) && !log.contains("cut-short"),
        "{log}"
    );
}

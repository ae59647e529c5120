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

// Family: `--since REV` names a commit HEAD's history does not contain.

/// The short id git gives `rev`.
fn short_id(r: &Repo, rev: &str) -> String {
    r.git(&["rev-parse", "--short=7", rev]).trim().to_string()
}

/// The `since-not-ancestor` warning of `found`, which must name `rev` and
/// the merge-base `base`.
fn not_ancestor<'a>(
    found: &'a [serde_json::Value],
    rev: &str,
    base: &str,
) -> &'a serde_json::Value {
    let d = found
        .iter()
        .find(|d| d["code"] == "since-not-ancestor")
        .unwrap_or_else(|| panic!("no since-not-ancestor in:\n{found:#?}"));
    let message = d["message"].as_str().unwrap_or("");
    assert!(
        d["severity"] == "warning" && message.contains(rev) && message.contains(base),
        "{d}"
    );
    let hint = d["hint"].as_str().unwrap_or("");
    assert!(
        hint.contains(&format!("git rebase {rev}"))
            && hint.contains(&format!("factdesk check --since {base}")),
        "{d}"
    );
    d
}

#[test]
fn a_force_pushed_history_is_audited_from_the_merge_base_and_says_so() {
    let (r, published, open) = desk();
    r.fd(&["note", &open, "Asked the ministry."]).success();
    r.commit("note");
    r.git(&["tag", "pushed"]);
    // Force-pushed: "note" is gone, and the published rating is rewritten
    // by hand on top of the merge-base.
    r.git(&["reset", "-q", "--hard", "base"]);
    let rewritten = read(&r, &published)
        .replace("rating: accurate", "rating: misleading")
        .replace("    rating: accurate", "    rating: misleading");
    commit_file(&r, &published, &rewritten, "rewrite");
    let (exit, found) = r.check_json(&["--since", "pushed"]);
    assert_eq!(exit, 1, "{found:#?}");
    let base = short_id(&r, "base");
    not_ancestor(&found, "pushed", &base);
    let d = found
        .iter()
        .find(|d| d["code"] == "published-claim-edited")
        .unwrap_or_else(|| panic!("the rewrite is not caught:\n{found:#?}"));
    assert!(
        d["notes"].to_string().contains(&format!("{base}..HEAD")),
        "{d}"
    );

    // HEAD's history omits the publication REV made: nothing in the range
    // to judge, but the audit says it did not start at REV.
    let r = Repo::new();
    let published = r.add_claim("Russia needs shells badly.");
    r.commit("logged");
    r.git(&["tag", "logged"]);
    r.publish(&published);
    r.commit("published");
    r.git(&["tag", "published"]);
    r.git(&["reset", "-q", "--hard", "logged"]);
    let (exit, found) = r.check_json(&["--since", "published"]);
    assert_eq!(exit, 0, "{found:#?}");
    not_ancestor(&found, "published", &short_id(&r, "logged"));
    let out = String::from_utf8_lossy(
        &r.fd(&["audit", "--since", "published"])
            .code(1)
            .get_output()
            .stdout,
    )
    .into_owned();
    assert!(
        out.contains("(the merge-base of published and HEAD)"),
        "{out}"
    );
}

#[test]
fn a_branch_whose_base_moved_on_is_audited_for_what_it_changed() {
    let (r, _, open) = desk();
    r.git(&["checkout", "-q", "-b", "work"]);
    r.fd(&["note", &open, "Asked the ministry."]).success();
    r.commit("note on the branch");
    // main moves on after the branch was cut.
    r.git(&["checkout", "-q", "main"]);
    let other = r.add_claim("China watches closely.");
    r.commit(&format!("log {other}"));
    r.git(&["checkout", "-q", "work"]);
    let (exit, found) = r.check_json(&["--since", "main"]);
    assert_eq!(exit, 0, "{found:#?}");
    let codes: Vec<&str> = found.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, vec!["since-not-ancestor"], "{found:#?}");
    let base = short_id(&r, "base");
    not_ancestor(&found, "main", &base);
    // Passing the merge-base says so: no warning.
    let (exit, found) = r.check_json(&["--since", &base]);
    assert_eq!((exit, found.len()), (0, 0), "{found:#?}");
    // A revision on HEAD's history is no warning either.
    let (_, found) = r.check_json(&["--since", "base"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_revision_sharing_no_history_with_head_is_refused() {
    let (r, _, _) = desk();
    r.git(&["checkout", "-q", "--orphan", "afresh"]);
    r.commit("the desk started afresh");
    let a = r.fd(&["check", "--since", "main"]).code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("\"main\" and HEAD have no commit in common")
            && err.contains("name a revision HEAD's history contains"),
        "{err}"
    );
    r.fd(&["audit", "--since", "main"]).code(2);
}

// Family: dates anyone can set do not order the story.

#[test]
fn a_back_dated_commit_or_entry_does_not_move_itself_earlier_in_the_log() {
    let (r, published, open) = desk();
    r.fd(&["tag", "add", &published, "sanctions"]).success();
    r.git(&["add", "-A", "."]);
    r.git(&[
        "commit",
        "-q",
        "--date",
        "2001-01-01T00:00:00Z",
        "-m",
        "back-dated",
    ]);
    let log = r.out(&["log", &published, "--json"]);
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    let story: Vec<String> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| match e["kind"].as_str() {
            Some("commit") => format!("commit {}", e["message"].as_str().unwrap()),
            _ => e["action"].as_str().unwrap().to_string(),
        })
        .collect();
    let n = story.len();
    assert_eq!(
        story[n - 4..],
        [
            "published",
            "commit one published, one in review",
            "tagged",
            "commit back-dated"
        ],
        "{story:#?}"
    );
    // The date is shown as recorded.
    let text = r.out(&["log", &published]);
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("  2001-01-01 00:00:00Z  commit "),
        "{text}"
    );

    // An entry written by hand with an old time stays after the entries of
    // its claim recorded before it in `log --by`.
    let file = r.path(&claim_file(&open));
    let mut text = std::fs::read_to_string(&file).unwrap();
    assert!(text.trim_end().ends_with("to: in-review"), "{text}");
    text.push_str(
        "  - at: 2001-01-01T00:00:00Z\n    by: ana\n    action: noted\n    note: back-dated\n",
    );
    std::fs::write(&file, text).unwrap();
    let steps = r.out(&["--by", "ana", "log", "--json"]);
    let steps: Vec<serde_json::Value> = serde_json::from_str(&steps).unwrap();
    let mine: Vec<&str> = steps
        .iter()
        .filter(|s| s["claim"] == open.as_str())
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(mine.last(), Some(&"noted"), "{steps:#?}");
    assert_eq!(mine.first(), Some(&"created"), "{steps:#?}");
}

// Family: a finding names the line of its field in the version judged.

/// The 1-based line of the first line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> u64 {
    let i = text.lines().position(|l| l.starts_with(start));
    i.unwrap_or_else(|| panic!("no line {start:?} in:\n{text}")) as u64 + 1
}

/// Asserts `d` sits on `line` of its file, and says that line is of the
/// version of the commit `sha` made.
fn on_line(d: &serde_json::Value, line: u64, sha: &str) {
    assert_eq!(d["line"].as_u64(), Some(line), "{d:#}");
    let note = format!("line {line} is that of");
    let notes = d["notes"].to_string();
    assert!(
        notes.contains(&note) && notes.contains(&format!("the version of commit {sha}")),
        "{d:#}"
    );
}

#[test]
fn audit_findings_name_the_line_of_their_field_in_the_version_judged() {
    let (r, published, _) = desk();
    // A comment line on top moves every field down in this version.
    let rewritten = format!("# edited\n{}", read(&r, &published)).replacen(
        "\nrating: accurate",
        "\nrating: misleading",
        1,
    );
    commit_file(&r, &published, &rewritten, "hand edit");
    let sha = short_id(&r, "HEAD");
    // The file on disk moves on: the line is still that of the commit's version.
    r.edit(
        &claim_file(&published),
        "# edited\n",
        "# edited\n# again\n# and again\n",
    );
    let d = caught(&r, "published-claim-edited", "hand edit", &["`rating`"]);
    on_line(&d, line_of(&rewritten, "rating: misleading"), &sha);

    // A ledger entry changed: the line of that entry.
    let (r, published, _) = desk();
    let text = read(&r, &published);
    let forged = text.replacen("    by: jo\n", "    by: ana\n", 2);
    commit_file(&r, &published, &forged, "rewrite jo");
    let sha = short_id(&r, "HEAD");
    let d = caught(&r, "history-rewritten", "rewrite jo", &[&published]);
    let line = d["line"].as_u64().unwrap();
    assert!(line > 1, "{d:#}");
    let at = forged.lines().nth(line as usize - 1).unwrap();
    assert!(at.starts_with("  - "), "{at:?} in:\n{forged}");
    on_line(&d, line, &sha);

    // A file that does not parse: where the parser stopped.
    let (r, published, _) = desk();
    let good = read(&r, &published);
    let broken = good.replacen("\nsummary: ", "\nsummary: [", 1);
    commit_file(&r, &published, &broken, "wip");
    let sha = short_id(&r, "HEAD");
    let d = caught(&r, "version-unreadable", "wip", &[&published]);
    let line = d["line"].as_u64().unwrap();
    assert!(line >= line_of(&broken, "summary: ["), "{d:#}");
    assert!(
        d["notes"].to_string().contains(&format!("commit {sha}")),
        "{d:#}"
    );

    // A loosened publish rule in factdesk.yaml: the rule's line.
    let (r, _, _) = desk();
    let cfg = std::fs::read_to_string(r.path("factdesk.yaml")).unwrap();
    let loose = cfg.replace("approvals: 1", "approvals: 0");
    std::fs::write(r.path("factdesk.yaml"), &loose).unwrap();
    r.commit("fewer approvals");
    let sha = short_id(&r, "HEAD");
    let d = caught(&r, "settings-loosened", "fewer approvals", &["approvals"]);
    let line = line_of(&loose, "  approvals: 0");
    assert_eq!(d["line"].as_u64(), Some(line), "{d:#}");
    assert!(
        d["notes"].to_string().contains(&format!("commit {sha}")),
        "{d:#}"
    );
}

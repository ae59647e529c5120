//! The audit over long ranges and unusual repositories: a range of dozens
//! of commits (read by several `git diff-tree` processes side by side) with a
//! merge in the middle must still pin each finding on the commit that made
//! it; paths that merely look like the desk's (`claims-2019/`,
//! `factdesk.yaml.orig`, a `claims/` folder of another project beside a desk
//! in a subfolder) are never judged as the desk's.

use crate::git::{claim_file, Repo};
use serde_json::Value;
use std::path::Path;

/// `check --since base --format json`: the exit code and the diagnostics.
fn check_since(r: &Repo) -> (i32, Vec<Value>) {
    let a = r.fd(&["check", "--since", "base", "--format", "json"]);
    let out = a.get_output();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (
        out.status.code().unwrap_or(-1),
        doc["diagnostics"].as_array().cloned().unwrap_or_default(),
    )
}

/// The findings of the audit itself (they carry the commit range note);
/// the rest are `check`'s findings about the desk as it stands.
fn audited(found: &[Value]) -> Vec<&Value> {
    found
        .iter()
        .filter(|d| d["notes"].to_string().contains("commit range: base..HEAD"))
        .collect()
}

/// The last line `audit --since base` prints.
fn statement(r: &Repo) -> String {
    let a = r.fd(&["audit", "--since", "base"]);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    out.lines().last().unwrap_or_default().to_string()
}

fn write(top: &Path, rel: &str, text: &str) {
    let p = top.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// 36 commits of newsroom notes after `base`, with a branch merged in the
/// middle, a reviewer's request for changes at commit 30 and files that
/// only look like the desk's; with `tamper`, the branch softens the
/// published rating by hand and commit 33 drops the review entry again.
fn long_range(tamper: bool) -> Repo {
    let r = Repo::new();
    let (published, open) = crate::tamper::desk_in(&r);
    for i in 0..36 {
        let mut log = std::fs::read_to_string(r.path("notes.md")).unwrap_or_default();
        log.push_str(&format!("- {i:02}: checked the wires, nothing new\n"));
        write(&r.dir, "notes.md", &log);
        match i {
            5 => write(&r.dir, "claims-2019/old.yaml", "not: [a claim"),
            7 => write(&r.dir, "factdesk.yaml.orig", "publish: {approvals: 0}\n"),
            12 => {
                r.commit(&format!("note {i}"));
                r.git(&["switch", "-q", "-c", "side"]);
                if tamper {
                    r.edit(
                        &claim_file(&published),
                        "rating: accurate",
                        "rating: mostly-accurate",
                    );
                } else {
                    write(&r.dir, "side.md", "background reading\n");
                }
                r.commit("soften on a branch");
                r.git(&["switch", "-q", "main"]);
                continue;
            }
            20 => {
                r.commit(&format!("note {i}"));
                r.git(&["merge", "-q", "--no-edit", "side"]);
                continue;
            }
            30 => {
                crate::tamper::request_changes(&r, &open);
            }
            33 if tamper => {
                r.git(&["checkout", "base", "--", &claim_file(&open)]);
            }
            _ => {}
        }
        r.commit(&format!("note {i}"));
    }
    r
}

#[test]
fn findings_in_a_long_range_with_a_merge_name_the_commit_that_made_them() {
    let r = long_range(true);
    let (exit, found) = check_since(&r);
    assert_eq!(exit, 1, "{found:#?}");
    let by = |subject: &str, code: &str| {
        found.iter().any(|d| {
            d["code"] == code
                && d["notes"]
                    .to_string()
                    .contains(&format!("\\\"{subject}\\\""))
        })
    };
    assert!(
        by("soften on a branch", "published-claim-edited"),
        "{found:#?}"
    );
    assert!(by("note 33", "history-rewritten"), "{found:#?}");
    assert!(audited(&found).len() >= 2, "{found:#?}");
    for d in audited(&found) {
        let notes = d["notes"].to_string();
        assert!(
            ["soften on a branch", "note 33", "Merge branch"]
                .iter()
                .any(|s| notes.contains(s)),
            "a finding pinned on a commit that did nothing wrong: {d:#}"
        );
        assert!(
            d["file"].as_str().unwrap_or("").starts_with("claims/"),
            "{d:#}"
        );
    }
}

#[test]
fn the_same_long_range_without_the_hand_edits_is_clean() {
    let r = long_range(false);
    let (exit, found) = check_since(&r);
    assert_eq!(exit, 0, "a legitimate range raised:\n{found:#?}");
    let said = statement(&r);
    assert!(
        said.starts_with("audited 38 commits in base..HEAD (1 merge, each against every parent): 1 claim version compared"),
        "{said}"
    );
    assert!(said.contains("no problem found"), "{said}");
    // claims-2019/ and factdesk.yaml.orig are not the desk's files.
    assert!(!said.contains("source file"), "{said}");
    assert!(!said.contains("settings change"), "{said}");
}

#[test]
fn a_desk_in_a_subfolder_is_audited_and_its_neighbours_are_not() {
    let r = Repo::in_subfolder("desk");
    let top = r.dir.parent().unwrap().to_path_buf();
    // Another project of the repository has its own claims/ and settings.
    write(
        &top,
        "claims/budget.yaml",
        "id: budget\nstatus: published\n",
    );
    write(&top, "factdesk.yaml", "not: [a desk\n");
    let (published, _) = crate::tamper::desk_in(&r);
    write(&top, "claims/budget.yaml", "id: budget\nstatus: draft\n");
    write(&top, "factdesk.yaml", "still: [not a desk\n");
    r.commit("the other project moves on");
    let said = statement(&r);
    assert!(
        said.starts_with("nothing to audit: 1 commit in base..HEAD"),
        "{said}"
    );
    r.edit(
        &claim_file(&published),
        "rating: accurate",
        "rating: mostly-accurate",
    );
    r.commit("soften");
    let (exit, found) = check_since(&r);
    assert_eq!(exit, 1, "{found:#?}");
    let found = audited(&found);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "published-claim-edited", "{found:#?}");
    assert_eq!(found[0]["file"], claim_file(&published).as_str());
    assert!(found[0]["notes"].to_string().contains("\\\"soften\\\""));
    assert!(found[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("`rating`"));
}

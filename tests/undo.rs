//! End-to-end tests of `factdesk undo`: the last step on a claim is taken
//! back while git has not seen it, one step at a time, and refused once it
//! is committed, after a hand edit, or outside a git repository; on real
//! temporary repositories through the real binary.

use crate::git::{claim_file, git_in, isolate, Repo};
use predicates::prelude::*;

fn bytes(r: &Repo, id: &str) -> Vec<u8> {
    std::fs::read(r.path(&claim_file(id))).unwrap()
}

fn committed(r: &Repo, id: &str) -> Vec<u8> {
    let out = crate::support::git_command()
        .current_dir(&r.dir)
        .args(["show", &format!("HEAD:{}", claim_file(id))])
        .output()
        .unwrap();
    out.stdout
}

#[test]
fn uncommitted_steps_are_undone_one_at_a_time_down_to_the_commit() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("log the claim");
    r.fd(&[
        "assign",
        &id,
        "--to",
        "jo",
        "--due",
        "2024-05-06",
        "--priority",
        "high",
    ])
    .success();
    r.fd(&["research", &id]).success();
    r.fd(&["note", &id, "Checked the Ukrainian estimates first."])
        .success();
    // A staged step is still not committed.
    r.git(&["add", "-A", "."]);
    r.fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains("undid `noted` by ana"))
        .stdout(predicate::str::contains("restored: notes"));
    r.fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains("undid `research-started`"))
        .stdout(predicate::str::contains("status: candidate"));
    let text = String::from_utf8(bytes(&r, &id)).unwrap();
    assert!(
        text.contains("assignee: jo") && !text.contains("research-started"),
        "{text}"
    );
    r.fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains(
            "restored: assignee, priority, due",
        ));
    assert_eq!(
        bytes(&r, &id),
        committed(&r, &id),
        "back to the committed bytes"
    );
    // The step before is in git: refused, and nothing changes.
    r.fd(&["undo", &id])
        .code(2)
        .stderr(predicate::str::contains("cannot undo `created`"))
        .stderr(predicate::str::contains("is in commit"))
        .stderr(predicate::str::contains(format!("factdesk discard {id}")));
    assert_eq!(bytes(&r, &id), committed(&r, &id));
    r.fd(&["check"]).success();
    r.fd(&["audit", "--since", "HEAD"]).success();
}

#[test]
fn a_committed_step_is_never_undone() {
    let r = Repo::new();
    let id = r.add_claim("China watches closely.");
    r.fd(&["assign", &id, "--to", "jo"]).success();
    r.commit("assign");
    let before = bytes(&r, &id);
    r.fd(&["undo", &id])
        .code(2)
        .stderr(predicate::str::contains("cannot undo `assigned`"))
        .stderr(predicate::str::contains("append-only"));
    assert_eq!(bytes(&r, &id), before);
    // A step after the commit can be undone; the committed one after it cannot.
    r.fd(&["assign", &id, "--to", "ana"]).success();
    r.fd(&["undo", &id]).success();
    assert_eq!(bytes(&r, &id), before);
    r.fd(&["undo", &id]).code(2);
}

#[test]
fn a_claim_logged_and_never_committed_is_removed() {
    let r = Repo::new();
    let id = r.add_claim("Beijing will not be pleased by this meeting.");
    r.fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains("never committed"))
        .stdout(predicate::str::contains(format!(
            "claims/{id}.yaml is removed"
        )));
    assert!(!r.path(&claim_file(&id)).exists());
    assert_eq!(r.git(&["status", "--porcelain", "--", "claims"]), "");
    r.fd(&["list"]).success();
    r.fd(&["undo", &id])
        .code(2)
        .stderr(predicate::str::contains("no claim"));
}

#[test]
fn a_record_changed_by_hand_since_the_step_is_left_alone() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("log");
    r.fd(&["assign", &id, "--to", "jo"]).success();
    r.edit(&claim_file(&id), "assignee: jo", "assignee: joanna");
    let edited = bytes(&r, &id);
    r.fd(&["undo", &id])
        .code(2)
        .stderr(predicate::str::contains(
            "changed since factdesk wrote its last step",
        ))
        .stderr(predicate::str::contains("git diff --"));
    assert_eq!(bytes(&r, &id), edited, "the hand edit is kept");
    // Reverting the hand edit makes the step undoable again.
    r.edit(&claim_file(&id), "assignee: joanna", "assignee: jo");
    r.fd(&["undo", &id]).success();
    assert_eq!(bytes(&r, &id), committed(&r, &id));
}

#[test]
fn without_a_record_of_the_step_undo_refuses() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("log");
    r.fd(&["note", &id, "Ask the ministry."]).success();
    std::fs::remove_dir_all(r.path(".factdesk/undo")).unwrap();
    let before = bytes(&r, &id);
    r.fd(&["undo", &id])
        .code(2)
        .stderr(predicate::str::contains("kept no record"))
        .stderr(predicate::str::contains("git checkout --"));
    assert_eq!(bytes(&r, &id), before);
}

#[test]
fn outside_git_undo_refuses_and_without_a_commit_it_works() {
    let tmp = tempfile::TempDir::new().unwrap();
    let fd = |args: &[&str]| {
        let mut c = crate::support::factdesk();
        isolate(&mut c)
            .current_dir(tmp.path())
            .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap())
            .args(args)
            .assert()
    };
    fd(&["init", ".", "--url", "https://checks.newsroom.fr/"]).success();
    std::fs::write(tmp.path().join("t.txt"), crate::git::TRANSCRIPT).unwrap();
    fd(&[
        "source",
        "add",
        "t.txt",
        "--id",
        "lp",
        "--title",
        "T",
        "--outlet",
        "Le Point",
        "--speaker",
        "Antoine Bondaz",
        "--interviewer",
        "Le Point",
    ])
    .success();
    let out = fd(&[
        "claim",
        "add",
        "--source",
        "lp",
        "--quote",
        "China watches closely.",
    ])
    .success();
    let id = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let id = id.split_whitespace().nth(2).unwrap().to_string();
    fd(&["undo", &id])
        .code(2)
        .stderr(predicate::str::contains("not inside a git repository"))
        .stderr(predicate::str::contains("git init"));
    assert!(tmp.path().join(claim_file(&id)).is_file());
    // A repository with no commit yet: nothing is committed.
    git_in(tmp.path(), &["init", "-q", "-b", "main"]);
    fd(&["assign", &id, "--to", "jo"]).success();
    fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains("`assigned`"));
    fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains("removed"));
}

#[test]
fn an_uncommitted_publication_is_undone_and_a_committed_one_corrected() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("log");
    r.publish(&id);
    r.fd(&["report"]).success();
    r.fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains("undid `published`"))
        .stdout(predicate::str::contains("status: in-review"))
        .stdout(predicate::str::contains("run `factdesk report` again"));
    r.fd(&["report", "--check"]).code(1);
    r.fd(&["--by", "jo", "publish", &id]).success();
    r.commit("publish");
    r.fd(&["undo", &id])
        .code(2)
        .stderr(predicate::str::contains("cannot undo `published`"))
        .stderr(predicate::str::contains(format!("factdesk correct {id}")));
}

#[test]
fn bulk_steps_are_undone_claim_by_claim() {
    let r = Repo::new();
    let a = r.add_claim("Russia needs shells badly.");
    let b = r.add_claim("China watches closely.");
    r.commit("log two");
    r.fd(&["assign", "--status", "candidate", "--to", "jo", "--yes"])
        .success();
    r.fd(&["undo", &a]).success();
    assert_eq!(bytes(&r, &a), committed(&r, &a));
    assert!(String::from_utf8(bytes(&r, &b))
        .unwrap()
        .contains("assignee: jo"));
}

#[test]
fn undo_waits_for_a_step_in_progress_on_the_same_claim() {
    let r = Repo::new();
    let id = r.add_claim("China watches closely.");
    r.commit("log");
    let mut slow = crate::support::factdesk_std();
    crate::support::identity(&mut slow);
    let mut slow = slow
        .current_dir(&r.dir)
        .env("FACTDESK_TEST_HOLD_LOCK", "2")
        .args(["assign", &id, "--to", "jo"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lock = r.path(&format!(".factdesk/locks/{id}.lock"));
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&lock).map_or(true, |t| t.is_empty()) {
        assert!(
            start.elapsed().as_secs() < 20,
            "the slow assign never took the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Undo waits for the assign to finish, then takes it back.
    r.fd(&["undo", &id])
        .success()
        .stdout(predicate::str::contains("`assigned`"));
    assert!(slow.wait().unwrap().success());
    assert_eq!(bytes(&r, &id), committed(&r, &id));
}

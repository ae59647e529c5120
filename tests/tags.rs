//! End-to-end tests of `factdesk tag add|remove`: on one claim and on every
//! claim filters pick (preview, `--dry-run`, `--yes`), each claim with its
//! own `tagged` history entry; tags of a published check change in the
//! open, and the audit tells a recorded change from a hand edit.

use crate::cli::Desk;
use crate::git::{claim_file, Repo};
use predicates::prelude::*;

fn tagged_entries(text: &str) -> usize {
    text.matches("action: tagged").count()
}

#[test]
fn tags_are_added_and_removed_on_one_claim_each_step_an_entry() {
    let d = Desk::new();
    let id = d.add_claim();
    let prefix = &id[..12];
    d.run(&["tag", "add", prefix, "russia", "north-korea,arms"])
        .success()
        .stdout(predicate::str::contains("tagged by ana"));
    let text = d.read(&id);
    assert!(
        text.contains("tags:\n  - sanctions\n  - russia\n  - north-korea\n  - arms\n"),
        "{text}"
    );
    assert!(
        text.contains("note: added russia, north-korea, arms"),
        "{text}"
    );
    d.run(&["tag", "remove", &id, "sanctions"]).success();
    let text = d.read(&id);
    assert!(!text.contains("- sanctions"), "{text}");
    assert!(text.contains("note: removed sanctions"), "{text}");
    assert_eq!(tagged_entries(&text), 2);
    d.run(&["list", "--tag", "north-korea"])
        .success()
        .stdout(predicate::str::contains(&id));
    d.run(&["check"]).success();
}

#[test]
fn a_tag_step_that_changes_nothing_or_is_malformed_writes_nothing() {
    let d = Desk::new();
    let id = d.add_claim();
    let before = d.read(&id);
    d.run(&["tag", "add", &id, "sanctions"])
        .code(2)
        .stderr(predicate::str::contains("change nothing"));
    d.run(&["tag", "remove", &id, "budget"])
        .code(2)
        .stderr(predicate::str::contains("change nothing"));
    d.run(&["tag", "add", &id, "Foreign Policy"])
        .code(2)
        .stderr(predicate::str::contains("\"Foreign Policy\" is not valid"));
    d.run(&["tag", "add", &id, "ok", "bad_tag"]).code(2);
    d.run(&["tag", "add", &id])
        .code(2)
        .stderr(predicate::str::contains("name the tags to add"));
    d.run(&["tag", "add", "no-such-claim", "budget"])
        .code(2)
        .stderr(predicate::str::contains("no claim"));
    assert_eq!(d.read(&id), before);
}

#[test]
fn tags_by_filter_preview_then_apply_with_an_entry_per_claim() {
    let r = Repo::new();
    let a = r.add_claim("Russia needs shells badly.");
    let b = r.add_claim("North Korea has old stocks to sell.");
    let c = r.add_claim("China watches closely.");
    r.fd(&["tag", "add", &c, "china"]).success();
    r.fd(&["research", &c]).success();
    r.commit("three claims");
    let preview = r.out(&[
        "tag",
        "add",
        "--status",
        "candidate",
        "ammunition",
        "--dry-run",
    ]);
    assert!(
        preview.contains(&format!("{a}  tags +ammunition")),
        "{preview}"
    );
    assert!(
        preview.contains(&format!("{b}  tags +ammunition")),
        "{preview}"
    );
    assert!(!preview.contains(&c), "{preview}");
    assert!(preview.contains("Would tag 2 claim(s)"), "{preview}");
    assert_eq!(r.git(&["status", "--porcelain", "--", "claims"]), "");
    // A script without --yes changes nothing.
    r.fd(&["tag", "add", "--status", "candidate", "ammunition"])
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(r.git(&["status", "--porcelain", "--", "claims"]), "");
    r.fd(&["tag", "add", "--source", "lp", "ammunition", "--yes"])
        .success()
        .stdout(predicate::str::contains("Done: 3 of 3 claim(s)."))
        .stdout(predicate::str::contains(format!("{a}: tagged by ana")));
    for id in [&a, &b, &c] {
        let text = std::fs::read_to_string(r.path(&claim_file(id))).unwrap();
        assert!(text.contains("- ammunition"), "{text}");
    }
    // Removing by tag: only the claims that carry it, the others skipped.
    let out = r.out(&[
        "tag",
        "remove",
        "--tag",
        "china",
        "ammunition,china",
        "--yes",
    ]);
    assert!(out.contains("Done: 1 of 1 claim(s)."), "{out}");
    let text = std::fs::read_to_string(r.path(&claim_file(&c))).unwrap();
    assert!(text.contains("note: removed ammunition, china"), "{text}");
    assert!(!text.contains("tags:"), "{text}");
    r.fd(&["check"]).success();
    r.fd(&["audit", "--since", "HEAD"]).success();
    // Each step can be undone on its own claim.
    r.fd(&["undo", &c]).success();
    assert!(std::fs::read_to_string(r.path(&claim_file(&c)))
        .unwrap()
        .contains("- china"));
}

#[test]
fn a_published_checks_tags_change_in_the_open_and_a_hand_edit_is_caught() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("log");
    r.publish(&id);
    r.commit("publish");
    r.git(&["tag", "published"]);
    r.fd(&["tag", "add", &id, "artillery"]).success();
    r.commit("tag the published check");
    r.fd(&["audit", "--since", "published"]).success();
    // The same change by hand, with no entry, is a finding.
    r.edit(
        &claim_file(&id),
        "  - artillery",
        "  - artillery\n  - shells",
    );
    r.fd(&["check"]).success();
    r.commit("hand edit");
    r.fd(&["audit", "--since", "published"])
        .code(1)
        .stdout(predicate::str::contains("published-claim-edited"))
        .stdout(predicate::str::contains("`tags`"));
}

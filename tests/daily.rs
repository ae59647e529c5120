//! End-to-end tests of the desk's day-to-day work: the right of reply,
//! deadlines and priorities, and the editor's status screen, on real
//! temporary desks through the real binary.

use crate::cli::Desk;
use predicates::prelude::*;

/// Turns the desk's right-of-reply publish rule on.
fn require_reply(d: &Desk) {
    let path = d.path().join("factdesk.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("rater_may_approve: false"), "{text}");
    let text = text.replace(
        "rater_may_approve: false",
        "rater_may_approve: false\n  right_of_reply: true",
    );
    std::fs::write(&path, text).unwrap();
}

fn approved(d: &Desk) -> String {
    let id = d.in_review();
    d.run_as("jo", &["review", &id, "--approve"]).success();
    id
}

#[test]
fn publication_waits_for_the_right_of_reply() {
    let d = Desk::new();
    require_reply(&d);
    let id = approved(&d);
    d.run_as("jo", &["publish", &id])
        .code(2)
        .stderr(predicate::str::contains("right of reply"));
    d.run(&[
        "reply",
        &id,
        "--contacted",
        "Antoine Bondaz",
        "--via",
        "email",
        "--deadline",
        "2999-01-01",
    ])
    .success()
    .stdout(predicate::str::contains("reply-requested by ana"));
    d.run_as("jo", &["publish", &id])
        .code(2)
        .stderr(predicate::str::contains(
            "waiting for Antoine Bondaz's reply",
        ));
    d.run(&["reply", &id, "--no-reply"])
        .code(2)
        .stderr(predicate::str::contains("2999-01-02"));
    d.run(&[
        "reply",
        &id,
        "--answer",
        "The resolutions are clear on this.",
    ])
    .success();
    d.run_as("jo", &["publish", &id]).success();
    let record = d.read(&id);
    assert!(record.contains("contacted: Antoine Bondaz"), "{record}");
    assert!(record.contains("action: replied"), "{record}");
    d.run(&["check"]).success();
    d.run(&["report"]).success();
    let md = std::fs::read_to_string(d.path().join("reports/sources/itv.md")).unwrap();
    assert!(
        md.contains("Antoine Bondaz was contacted by email on")
            && md.contains("and replied on")
            && md.contains("The resolutions are clear on this."),
        "{md}"
    );
    // The public page sets the reply apart, with its own style.
    let page = std::fs::read_to_string(d.path().join("reports/index.html")).unwrap();
    assert!(
        page.contains("<p class=\"reply\"><span class=\"reply-label\">Right of reply:</span> <bdi>Antoine Bondaz was contacted by email"),
        "{page}"
    );
    assert!(
        page.contains(".reply { margin") && page.contains(".reply-label {"),
        "{page}"
    );
}

#[test]
fn no_reply_after_a_passed_deadline_settles_it() {
    let d = Desk::new();
    require_reply(&d);
    let id = approved(&d);
    d.run(&[
        "reply",
        &id,
        "--contacted",
        "Office of Antoine Bondaz",
        "--via",
        "phone",
        "--deadline",
        "2020-03-01",
    ])
    .success();
    d.run(&["reply", &id, "--no-reply"])
        .success()
        .stdout(predicate::str::contains("no-reply by ana"));
    d.run_as("jo", &["publish", &id]).success();
    d.run(&["report"]).success();
    let html = std::fs::read_to_string(d.path().join("reports/index.html")).unwrap();
    assert!(
        html.contains("Office of Antoine Bondaz was contacted by phone on")
            && html.contains("did not reply by 2020-03-01"),
        "{html}"
    );
}

#[test]
fn check_flags_a_published_claim_without_reply() {
    let d = Desk::new();
    let id = approved(&d);
    d.run_as("jo", &["publish", &id]).success();
    d.run(&["check"]).success();
    require_reply(&d);
    d.run(&["check", "--format", "json"])
        .code(1)
        .stdout(predicate::str::contains("published-without-reply"));
}

#[test]
fn reply_refuses_incomplete_or_out_of_order_input() {
    let d = Desk::new();
    let id = d.add_claim();
    d.run(&["reply", &id, "--answer", "No comment."])
        .code(2)
        .stderr(predicate::str::contains("nobody has been contacted"));
    d.run(&["reply", &id, "--contacted", "Antoine Bondaz"])
        .code(2)
        .stderr(predicate::str::contains("--via"));
    d.run(&["reply", &id]).code(2);
    d.run(&[
        "reply",
        &id,
        "--contacted",
        "  ",
        "--via",
        "email",
        "--deadline",
        "2024-05-07",
    ])
    .code(2)
    .stderr(predicate::str::contains("cannot be empty"));
    assert!(!d.read(&id).contains("reply"), "refusals write nothing");
}

#[test]
fn assign_records_due_date_and_priority() {
    let d = Desk::new();
    let id = d.add_claim();
    d.run(&[
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
    let record = d.read(&id);
    assert!(record.contains("priority: high"), "{record}");
    assert!(record.contains("due: 2024-05-06"), "{record}");
    assert!(
        record.contains("assigned to jo, due 2024-05-06, priority high"),
        "{record}"
    );
    d.run(&["assign", &id, "--priority", "urgent"]).code(2);
    d.run(&["check"]).success();
}

#[test]
fn every_new_command_has_help() {
    let d = Desk::new();
    for args in [["reply", "--help"], ["assign", "--help"]] {
        d.run(&args)
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
    d.run(&["reply", "--help"])
        .success()
        .stdout(predicate::str::contains("--no-reply").and(predicate::str::contains("--deadline")));
    d.run(&["undo", "--help"]).success().stdout(
        predicate::str::contains("not committed in git").and(predicate::str::contains("no redo")),
    );
    d.run(&["tag", "add", "--help"])
        .success()
        .stdout(
            predicate::str::contains("--dry-run").and(predicate::str::contains(
                "factdesk tag add 3f9c budget police",
            )),
        );
    d.run(&["extract", "--help"])
        .success()
        .stdout(predicate::str::contains("checkbox list"));
    let top = d.run(&["--help"]).success();
    let help = String::from_utf8_lossy(&top.get_output().stdout).into_owned();
    assert!(help.contains("  undo") && help.contains("  tag"), "{help}");
}

/// `status` asks the model who may approve, so a desk that lets the rater
/// approve shows the rater their own claim as awaiting review, and a desk
/// that does not (the default) never does.
#[test]
fn status_follows_the_desks_rater_may_approve() {
    let d = Desk::new();
    let id = d.in_review();
    let awaiting = |who: &str| -> Vec<String> {
        let out = d
            .run_as(who, &["status", "--json"])
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        v["awaiting_my_review"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        awaiting("ana").is_empty(),
        "the rater may not approve by default"
    );
    assert_eq!(awaiting("jo"), std::slice::from_ref(&id));
    let path = d.path().join("factdesk.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("rater_may_approve: false"), "{text}");
    std::fs::write(
        &path,
        text.replace("rater_may_approve: false", "rater_may_approve: true"),
    )
    .unwrap();
    assert_eq!(awaiting("ana"), [id]);
}

/// Logs a claim from the interview and returns its id.
pub(crate) fn add(d: &Desk, quote: &str, text: &str) -> String {
    let out = d
        .run(&[
            "claim", "add", "--source", "itv", "--quote", quote, "--claim", text,
        ])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    text.split_whitespace().nth(2).unwrap().to_string()
}

/// A desk with a week of work: two researchers with due dates and
/// priorities, one claim nobody holds, one in review.
fn busy_desk() -> (Desk, [String; 4]) {
    let d = Desk::new();
    let staging = add(
        &d,
        "The first lesson is the staging of the meeting.",
        "The staging was the first lesson",
    );
    let deals = add(
        &d,
        "Washington claims that this meeting could give rise to possible agreements…",
        "Washington expects agreements from the meeting",
    );
    let view = add(
        &d,
        "There is a caricatured view that North Korea has weapons.",
        "A caricatured view says North Korea has weapons",
    );
    d.run(&["assign", &staging, "--to", "jo", "--due", "2030-01-08"])
        .success();
    d.run(&[
        "assign",
        &deals,
        "--to",
        "jo",
        "--due",
        "2030-01-08",
        "--priority",
        "high",
    ])
    .success();
    d.run(&[
        "assign",
        &view,
        "--to",
        "léa",
        "--due",
        "2030-01-03",
        "--priority",
        "low",
    ])
    .success();
    let review = d.in_review();
    (d, [staging, deals, view, review])
}

fn status_json(d: &Desk, who: &str) -> serde_json::Value {
    let out = d
        .run_as(who, &["status", "--json", "--today", "2030-01-10"])
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn status_puts_overdue_work_first_most_late_then_by_priority() {
    let (d, [staging, deals, view, review]) = busy_desk();
    let v = status_json(&d, "jo");
    assert_eq!(
        ids(&v["overdue"]),
        [view.clone(), deals.clone(), staging.clone()]
    );
    assert_eq!(v["overdue"][0]["days_overdue"], 7);
    assert_eq!(v["overdue"][1]["priority"], "high");
    assert_eq!(v["overdue"][2]["priority"], "normal");
    assert_eq!(ids(&v["assigned_to_me"]), [deals.clone(), staging.clone()]);
    assert_eq!(ids(&v["review_queue"]), std::slice::from_ref(&review));
    assert_eq!(v["review_queue"][0]["submitted_by"], "ana");
    assert_eq!(v["review_queue"][0]["approvals"], 0);
    assert_eq!(ids(&v["awaiting_my_review"]), [review]);
    let holders: Vec<(String, u64, u64)> = v["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap().to_string(),
                h["open"].as_u64().unwrap(),
                h["overdue"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(holders, [("jo".into(), 2, 2), ("léa".into(), 1, 1)]);
    assert_eq!(v["unassigned"], 1, "the claim in review has no assignee");
    assert_eq!(v["counts"]["candidate"], 3);
    // Every documented key, in the documented order.
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "desk",
            "user",
            "today",
            "counts",
            "overdue",
            "review_queue",
            "holders",
            "unassigned",
            "assigned_to_me",
            "awaiting_my_review",
            "stale_reports",
            "check"
        ]
    );
    // Before any due date nothing is overdue.
    let out = d
        .run_as("jo", &["status", "--json", "--today", "2030-01-01"])
        .success()
        .get_output()
        .stdout
        .clone();
    let early: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(early["overdue"], serde_json::json!([]));
}

#[test]
fn status_screen_reads_like_an_editors_morning() {
    let (d, [staging, deals, view, review]) = busy_desk();
    let out = d
        .run_as("jo", &["status", "--today", "2030-01-10"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s:?} missing in:\n{text}"))
    };
    assert!(at("Overdue (3):") < at("Waiting for review"), "{text}");
    assert!(
        at(&view) < at(&deals) && at(&deals) < at(&staging),
        "{text}"
    );
    assert!(text.contains("7 days late"), "{text}");
    assert!(text.contains("high priority"), "{text}");
    assert!(text.contains("submitted by ana on"), "{text}");
    assert!(text.contains("0 of 1 approval(s)"), "{text}");
    assert!(text.contains(&review), "{text}");
    assert!(
        text.contains("jo          2 open, 2 overdue, 1 high priority"),
        "{text}"
    );
    assert!(text.contains("1 open claim(s) nobody holds"), "{text}");
    assert!(text.contains("Assigned to jo (2):"), "{text}");
    assert!(text.contains("Awaiting review by jo (1):"), "{text}");
    d.run(&["status", "--today", "tomorrow"]).code(2);
}

/// Whether `new` only adds lines to `old` (old's lines appear in order).
fn only_adds(old: &str, new: &str) -> bool {
    let mut rest = new.lines();
    old.lines().all(|l| rest.any(|n| n == l))
}

#[test]
fn notes_are_readable_paragraphs_and_each_note_is_a_small_diff() {
    let d = Desk::new();
    let id = d.add_claim();
    d.run(&[
        "note",
        &id,
        "Asked the UN press office for the 1718 committee reports.",
    ])
    .success();
    let one = d.read(&id);
    d.run(&[
        "note",
        &id,
        "Checked resolution 1874, paragraph 9:   \nit extends the ban to all arms.\n# not a comment: &anchor *alias !tag",
    ])
    .success();
    let two = d.read(&id);
    assert!(
        two.contains(
            "notes: |-\n  Asked the UN press office for the 1718 committee reports.\n\n  Checked resolution 1874, paragraph 9:\n  it extends the ban to all arms.\n  # not a comment: &anchor *alias !tag\n"
        ),
        "{two}"
    );
    d.run(&[
        "note",
        &id,
        "Still to check: the 2016 panel of experts report.",
    ])
    .success();
    let three = d.read(&id);
    assert!(
        only_adds(&two, &three),
        "a note only adds lines:\n{two}\n---\n{three}"
    );
    assert!(three.lines().count() - two.lines().count() <= 6, "{three}");
    assert!(!one.contains("\\n") && !three.contains("\\n"), "{three}");
    d.run(&["check"]).success();
    d.run(&["fmt", "--check"]).success();
    d.run(&["show", &id])
        .success()
        .stdout(predicate::str::contains(
            "# not a comment: &anchor *alias !tag",
        ));
}

#[test]
fn notes_written_as_one_quoted_line_still_read_and_fmt_turns_them_into_a_block() {
    let d = Desk::new();
    let id = d.add_claim();
    let path = d.claim_file(&id);
    let text = d.read(&id).replace(
        "status: candidate\n",
        "status: candidate\nnotes: \"First finding.\\n\\nSecond finding.\"\n",
    );
    std::fs::write(&path, &text).unwrap();
    d.run(&["check"]).success();
    d.run(&["fmt", "--check"]).code(1);
    d.run(&["fmt"]).success();
    assert!(
        d.read(&id)
            .contains("notes: |-\n  First finding.\n\n  Second finding.\n"),
        "{}",
        d.read(&id)
    );
    d.run(&["note", &id, "Third."]).success();
    assert!(d.read(&id).contains("  Second finding.\n\n  Third.\n"));
}

/// A desk with three candidates from the interview (two tagged budget) and
/// one in review.
fn bulk_desk() -> (Desk, [String; 4]) {
    let d = Desk::new();
    let tagged = |quote: &str, text: &str, tag: &str| {
        let out = d
            .run(&[
                "claim", "add", "--source", "itv", "--quote", quote, "--claim", text, "--tag", tag,
            ])
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out)
            .unwrap()
            .split_whitespace()
            .nth(2)
            .unwrap()
            .to_string()
    };
    let a = tagged(
        "The first lesson is the staging of the meeting.",
        "The staging was the first lesson",
        "budget",
    );
    let b = tagged(
        "Washington claims that this meeting could give rise to possible agreements…",
        "Washington expects agreements from the meeting",
        "budget",
    );
    let c = tagged(
        "There is a caricatured view that North Korea has weapons.",
        "A caricatured view says North Korea has weapons",
        "weapons",
    );
    let r = d.in_review();
    (d, [a, b, c, r])
}

#[test]
fn bulk_assign_by_tag_previews_then_gives_each_claim_its_own_entry() {
    let (d, [a, b, c, _]) = bulk_desk();
    let before = d.read(&a);
    d.run(&[
        "assign",
        "--tag",
        "budget",
        "--to",
        "jo",
        "--due",
        "2030-01-08",
        "--dry-run",
    ])
    .success()
    .stdout(
        predicate::str::contains(format!(
            "assign   {a}  assignee nobody → jo, due 2030-01-08"
        ))
        .and(predicate::str::contains(&b))
        .and(predicate::str::contains(&c).not())
        .and(predicate::str::contains(
            "Would assign 2 claim(s) (dry run: nothing changed).",
        )),
    );
    assert_eq!(d.read(&a), before, "a dry run changes nothing");
    // Without a terminal and without --yes nothing changes either.
    d.run(&["assign", "--tag", "budget", "--to", "jo"])
        .code(2)
        .stderr(predicate::str::contains(
            "confirm with --yes to assign 2 claim(s)",
        ));
    assert_eq!(d.read(&a), before);
    d.run(&["assign", "--tag", "budget", "--to", "jo", "--yes"])
        .success()
        .stdout(predicate::str::contains("Done: 2 of 2 claim(s)."));
    for id in [&a, &b] {
        let record = d.read(id);
        assert!(record.contains("assignee: jo"), "{record}");
        assert_eq!(record.matches("action: assigned").count(), 1, "{record}");
    }
    assert!(!d.read(&c).contains("assignee"));
    d.run(&["check"]).success();
}

#[test]
fn bulk_discard_skips_claims_the_workflow_refuses_and_needs_a_selection() {
    let (d, [a, b, c, r]) = bulk_desk();
    d.run(&["research", &c]).success();
    // Candidates only: the one in research and the one in review are not picked.
    d.run(&[
        "discard",
        "--status",
        "candidate",
        "--source",
        "itv",
        "--reason",
        "Not checkable: opinion",
        "--yes",
    ])
    .success()
    .stdout(predicate::str::contains("Done: 2 of 2 claim(s)."));
    for id in [&a, &b] {
        assert!(d.read(id).contains("status: discarded"));
    }
    assert!(d.read(&c).contains("status: researching"));
    // A step the workflow refuses is shown as skipped, not half-applied.
    d.run(&[
        "discard",
        "--source",
        "itv",
        "--reason",
        "Duplicate",
        "--dry-run",
    ])
    .success()
    .stdout(
        predicate::str::contains(format!("skip     {a}"))
            .and(predicate::str::contains(format!(
                "discard  {c}  researching → discarded"
            )))
            .and(predicate::str::contains(format!(
                "discard  {r}  in-review → discarded"
            ))),
    );
    d.run(&["discard", "--reason", "x"])
        .code(2)
        .stderr(predicate::str::contains("pick claims with filters"));
    d.run(&["discard", &c, "--tag", "budget", "--reason", "x"])
        .code(2)
        .stderr(predicate::str::contains("not both"));
    d.run(&[
        "discard",
        "--tag",
        "nothing-has-it",
        "--reason",
        "x",
        "--yes",
    ])
    .success()
    .stdout(predicate::str::contains("No claims match."));
    d.run(&["discard", "--help"])
        .success()
        .stdout(predicate::str::contains("--dry-run").and(predicate::str::contains("--yes")));
}

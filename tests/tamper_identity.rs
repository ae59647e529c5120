//! Tampering with who did what, and with what the history says happened,
//! caught without `--since` or by it: names that differ only in case
//! dodging the four-eyes rule, names off the desk's roster, entries in
//! someone else's name under `identity: git`, and ledgers (corrections,
//! approvals, ratings) whose items the history does not explain. Each
//! family has a legitimate control that must pass.

use crate::git::{claim_file, Repo};
use serde_json::Value;

/// `check` (plain, or with `extra` such as `--since base`) as JSON: exit
/// code and diagnostics.
fn check(r: &Repo, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["--no-cache"];
    args.extend(extra);
    r.check_json(&args)
}

/// Asserts a diagnostic `code` whose message holds every one of `words`.
fn has(found: &[Value], code: &str, words: &[&str]) {
    assert!(
        crate::support::has(found, code, words),
        "no {code} with {words:?} in:\n{found:#?}"
    );
}

fn clean(r: &Repo, extra: &[&str]) {
    let (exit, found) = check(r, extra);
    assert_eq!(exit, 0, "a legitimate change raised:\n{found:#?}");
}

/// Commits everything with `email` as the author.
fn commit_as(r: &Repo, email: &str, msg: &str) {
    r.git(&["add", "-A", "."]);
    crate::support::git_command()
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_EMAIL", email)
        .current_dir(&r.dir)
        .args(["commit", "-q", "--allow-empty", "-m", msg])
        .assert()
        .success();
}

const ROSTER: &str = "editors:
  - handle: ana
    name: Ana Martin
    emails:
      - ana@example.org
  - handle: jo
    name: Jo Okafor
    emails:
      - jo@newsroom.example
      - jokafor@gmail.example
";

/// A repository whose factdesk.yaml lists ana and jo (and `extra` settings).
fn roster_desk(extra: &str) -> Repo {
    let r = Repo::new();
    let cfg = r.path("factdesk.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{text}{ROSTER}{extra}")).unwrap();
    r.commit("the desk's roster");
    r
}

/// Takes `id` to in-review, rated by ana.
fn to_review(r: &Repo, id: &str) {
    r.fd(&["research", id]).success();
    r.evidence(
        id,
        "https://www.un.org/securitycouncil/s/res/1718-%282006%29",
    );
    r.fd(&[
        "rate",
        id,
        "misleading",
        "--summary",
        "Shells are short, not absent.",
    ])
    .success();
    r.fd(&["submit", id]).success();
}

// Family: one editor under two spellings.

/// Each of `aliases` of `rater` (who rated `id`, now in review) is refused
/// as its approver by `review`; an approval forged by hand under each of
/// `by_hand` (as written in YAML) is `self-approval` for `check`; then
/// another editor, jo, approves and publishes.
fn look_alikes_cannot_approve(r: &Repo, id: &str, rater: &str, aliases: &[&str], by_hand: &[&str]) {
    for alias in aliases {
        r.fd(&["--by", alias, "review", "--approve", id])
            .failure()
            .stderr(predicates::str::contains("four-eyes"));
    }
    // By hand: the approval (and its entry) written under each alias, then published.
    let f = claim_file(id);
    let original = std::fs::read_to_string(r.path(&f)).unwrap();
    // The time of the last entry: a hand-written entry keeps the order.
    let last = original.rsplit("  - at: ").next().unwrap();
    let at = last.lines().next().unwrap().trim().to_string();
    for alias in by_hand {
        let text = original
            .replace(
                "history:\n",
                &format!(
                    "reviews:\n  - by: {alias}\n    at: {at}\n    decision: approved\nhistory:\n"
                ),
            )
            .replace("status: in-review", "status: published");
        std::fs::write(
            r.path(&f),
            format!("{text}  - at: {at}\n    by: {alias}\n    action: reviewed\n    note: approved\n  - at: {at}\n    by: {rater}\n    action: published\n    from: in-review\n    to: published\n"),
        )
        .unwrap();
        let (exit, found) = check(r, &[]);
        assert_eq!(exit, 1, "{alias}: {found:#?}");
        has(
            &found,
            "self-approval",
            &[&format!("the same editor as {rater}")],
        );
    }
    // Control: another editor approves.
    r.git(&["checkout", "-q", "--", "."]);
    r.fd(&["--by", "jo", "review", "--approve", id]).success();
    r.fd(&["publish", id]).success();
    clean(r, &[]);
}

#[test]
fn the_rater_cannot_approve_under_another_spelling_of_their_name() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    to_review(&r, &id);
    r.commit("in review");
    // Case, width (full-width letters), a hidden character, a dash or
    // blank of another kind, an e-mail address: one reader sees one name.
    let aliases = [
        "Ana",
        "ANA",
        " ana ",
        "\u{FF41}\u{FF4E}\u{FF41}",
        "an\u{200B}a",
        "ana@newsroom.fr",
    ];
    let by_hand = [
        "Ana",
        "\u{FF41}\u{FF4E}\u{FF41}",
        "ana@newsroom.fr",
        "\"\u{00A0}An\u{200D}a\"",
    ];
    look_alikes_cannot_approve(&r, &id, "ana", &aliases, &by_hand);
}

#[test]
fn a_look_alike_of_the_raters_name_cannot_approve() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    let by = |args: &[&str]| {
        let mut all = vec!["--by", "ai-researcher"];
        all.extend(args);
        r.fd(&all).success();
    };
    by(&["research", &id]);
    by(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://www.un.org/securitycouncil/s/res/1718-%282006%29",
        "--title",
        "A report",
        "--publisher",
        "UN",
        "--stance",
        "supports",
        "--accessed",
        "2023-09-15",
    ]);
    by(&[
        "rate",
        &id,
        "misleading",
        "--summary",
        "Shells are short, not absent.",
    ]);
    by(&["submit", &id]);
    r.commit("in review");
    // Dotless ı, Cyrillic а and е, `_` or `.` for `-`.
    let aliases = [
        "a\u{131}-researcher",
        "\u{430}i-researcher",
        "ai-r\u{435}searcher",
        "ai_researcher",
        "ai.researcher",
    ];
    look_alikes_cannot_approve(&r, &id, "ai-researcher", &aliases, &aliases);
}

// Family: names off the roster.

#[test]
fn with_a_roster_by_must_name_an_editor_and_is_recorded_canonically() {
    let r = roster_desk("");
    let id = r.add_claim("Russia needs shells badly.");
    for who in ["mallory", "jon", "Ana Lima"] {
        r.fd(&["--by", who, "note", &id, "checked the UN page"])
            .code(2)
            .stderr(predicates::str::contains("not on the desk's roster"));
    }
    r.fd(&["--by", "jon", "research", &id])
        .code(2)
        .stderr(predicates::str::contains("did you mean `jo`"));
    r.fd(&["--by", "JO", "assign", &id, "--to", "Ana Martin"])
        .success();
    let text = std::fs::read_to_string(r.path(&claim_file(&id))).unwrap();
    assert!(text.contains("assignee: ana\n"), "{text}");
    assert!(text.contains("    by: jo\n    action: assigned"), "{text}");
    r.fd(&["--by", "jo", "assign", &id, "--to", "max"]).code(2);
    to_review(&r, &id);
    r.commit("in review");
    r.fd(&["--by", "Jo Okafor", "review", "--approve", &id])
        .success();
    r.fd(&["publish", &id]).success();
    r.commit("published");
    clean(&r, &[]);
    clean(&r, &["--since", "HEAD~1"]);
}

#[test]
fn hand_written_names_off_the_roster_are_caught() {
    let r = roster_desk("");
    let id = r.add_claim("Russia needs shells badly.");
    to_review(&r, &id);
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    r.commit("in review, approved by jo");
    let f = claim_file(&id);
    for (from, to, words) in [
        (
            "  - by: jo\n",
            "  - by: Jo\n",
            vec!["reviews[0].by", "\"jo\""],
        ),
        (
            "    by: jo\n    action: reviewed",
            "    by: mallory\n    action: reviewed",
            vec!["mallory", "not on the desk's roster"],
        ),
        ("assignee: ana", "assignee: Ana Martin", vec!["assignee"]),
    ] {
        if !std::fs::read_to_string(r.path(&f)).unwrap().contains(from) {
            continue;
        }
        r.edit(&f, from, to);
        let (exit, found) = check(&r, &[]);
        assert_eq!(exit, 1, "{to}");
        has(&found, "unknown-editor", &words);
        r.git(&["checkout", "-q", "--", "."]);
    }
    clean(&r, &[]);
    // A roster that cannot tell two editors apart is itself an error.
    r.edit("factdesk.yaml", "  - handle: jo\n", "  - handle: Ana\n");
    let (exit, found) = check(&r, &[]);
    assert_eq!(exit, 1);
    has(&found, "roster-invalid", &["cannot be told apart"]);
}

// Family: entries in someone else's name (identity: git).

#[test]
fn under_identity_git_an_entry_committed_by_someone_else_is_caught() {
    let r = roster_desk("identity: git\n");
    let id = r.add_claim("Russia needs shells badly.");
    to_review(&r, &id);
    r.commit("ana's research");
    r.git(&["tag", "base"]);
    // ana records jo's approval herself and commits it.
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    r.commit("approved");
    let (exit, found) = check(&r, &["--since", "base"]);
    assert_eq!(exit, 1);
    has(
        &found,
        "editor-not-author",
        &["reviewed by jo", "ana@example.org"],
    );
    let d = found
        .iter()
        .find(|d| d["code"] == "editor-not-author")
        .unwrap();
    assert!(d["notes"].to_string().contains("\\\"approved\\\""), "{d:#}");
    // Control: jo commits his own approval (either of his addresses) on a
    // branch, ana publishes after merging it.
    r.git(&["reset", "-q", "--hard", "base"]);
    r.git(&["checkout", "-q", "-b", "jo"]);
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    commit_as(&r, "JOkafor@gmail.example", "jo approves");
    r.git(&["checkout", "-q", "main"]);
    r.git(&["merge", "-q", "--no-ff", "-m", "merge jo's review", "jo"]);
    r.fd(&["publish", &id]).success();
    r.commit("publish");
    let fresh = r.add_claim("China watches closely.");
    r.fd(&["research", &fresh]).success();
    r.commit("a new claim, by ana");
    clean(&r, &["--since", "base"]);
    // A claim arriving with an entry in jo's name, committed by ana.
    let other = r.add_claim("North Korea has old stocks to sell.");
    r.fd(&["--by", "jo", "research", &other]).success();
    r.commit("arrives with jo's step");
    let (exit, found) = check(&r, &["--since", "base"]);
    assert_eq!(exit, 1);
    has(&found, "editor-not-author", &["research-started by jo"]);
}

#[test]
fn identity_git_without_a_roster_is_refused_and_without_it_nothing_is_proven() {
    let r = Repo::new();
    let cfg = r.path("factdesk.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{text}identity: git\n")).unwrap();
    let (exit, found) = check(&r, &[]);
    assert_eq!(exit, 1);
    has(&found, "roster-invalid", &["identity: git"]);
    // Declared identity (the default): an entry in jo's name committed by
    // ana passes, as docs/git-workflow.md says.
    let r = roster_desk("");
    let id = r.add_claim("Russia needs shells badly.");
    to_review(&r, &id);
    r.commit("research");
    r.git(&["tag", "base"]);
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    r.commit("approved");
    clean(&r, &["--since", "base"]);
}

// Family: ledger items the history does not explain (plain `check`).

#[test]
fn ledgers_must_say_what_their_history_entries_did() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.publish(&id);
    r.fd(&[
        "correct",
        &id,
        "--note",
        "The ministry's later figures.",
        "--rating",
        "mostly-accurate",
    ])
    .success();
    r.commit("published and corrected");
    clean(&r, &[]);
    let f = claim_file(&id);
    let text = std::fs::read_to_string(r.path(&f)).unwrap();
    let cases: Vec<(String, &str, Vec<&str>)> = vec![
        (
            text.replace("previous_rating: accurate", "previous_rating: misleading"),
            "list-unexplained",
            vec!["previous_rating \"misleading\"", "\"accurate\""],
        ),
        (
            text.replacen("    previous_rating: accurate\n", "", 1),
            "list-unexplained",
            vec!["no previous_rating"],
        ),
        (
            text.replacen(
                "note: The ministry's later figures.",
                "note: A typo fixed.",
                1,
            ),
            "list-unexplained",
            vec!["\"A typo fixed.\""],
        ),
        (
            text.replacen("    action: rated\n", "    action: noted\n", 1),
            "history-illegal-step",
            vec!["(noted) sets a rating"],
        ),
    ];
    for (tampered, code, words) in cases {
        assert_ne!(tampered, text);
        std::fs::write(r.path(&f), &tampered).unwrap();
        let (exit, found) = check(&r, &[]);
        assert_eq!(exit, 1, "{tampered}");
        has(&found, code, &words);
    }
    std::fs::write(r.path(&f), &text).unwrap();
    clean(&r, &[]);
}

#[test]
fn a_second_approval_by_one_editor_in_a_round_is_caught() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    to_review(&r, &id);
    r.fd(&["--by", "jo", "review", "--approve", &id]).success();
    r.fd(&["--by", "JO", "review", "--approve", &id])
        .failure()
        .stderr(predicates::str::contains("already approved"));
    let f = claim_file(&id);
    let text = std::fs::read_to_string(r.path(&f)).unwrap();
    let review = text
        .split("reviews:\n")
        .nth(1)
        .and_then(|t| t.split("history:\n").next())
        .unwrap()
        .replace("by: jo", "by: Jo");
    let entry = text
        .rsplit("  - at: ")
        .next()
        .unwrap()
        .replace("by: jo", "by: Jo");
    let doubled = text.replace("history:\n", &format!("{review}history:\n"));
    std::fs::write(r.path(&f), format!("{doubled}  - at: {entry}")).unwrap();
    let (exit, found) = check(&r, &[]);
    assert_eq!(exit, 1);
    has(&found, "history-illegal-step", &["second approval by Jo"]);
    // Control: a new round (changes requested, resubmitted) may be approved again.
    std::fs::write(r.path(&f), &text).unwrap();
    r.fd(&[
        "--by",
        "max",
        "review",
        "--request-changes",
        &id,
        "--note",
        "Cite the ministry.",
    ])
    .success();
    r.fd(&["submit", &id]).success();
    r.fd(&["--by", "lea", "review", "--approve", &id]).success();
    clean(&r, &[]);
}

//! End-to-end tests of the desk core: the real binary on real files in
//! temporary desks, through the whole workflow and every refusal.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const INTERVIEW: &str = "After a 20-hour journey by armored train, Kim Jong-un met Vladimir Putin yesterday at the Vostochny cosmodrome.\n\
Le Point: What first lessons can we draw from this meeting?\n\
Antoine Bondaz: The first lesson is the staging of the meeting. Basically, there are no real announcements yet.\n\
Washington claims that this meeting could give rise to possible agreements…\n\
There is a caricatured view that North Korea has weapons. If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions.\n";

const QUOTE: &str = "If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions.";

/// A temporary desk with one interview source, driven through the binary.
pub(crate) struct Desk {
    dir: TempDir,
}

impl Desk {
    pub(crate) fn new() -> Desk {
        let dir = TempDir::new().unwrap();
        let d = Desk { dir };
        d.run(&["init", ".", "--url", "https://checks.newsroom.fr/"])
            .success();
        std::fs::write(d.path().join("interview.txt"), INTERVIEW).unwrap();
        d.run(&[
            "source",
            "add",
            "interview.txt",
            "--id",
            "itv",
            "--title",
            "Interview",
            "--outlet",
            "Le Point",
            "--published",
            "2023-09-14",
            "--url",
            "https://media.example.org/interview",
            "--speaker",
            "Antoine Bondaz",
            "--interviewer",
            "Le Point",
            "--narrator",
            "Le Point (journalist)",
        ])
        .success();
        d
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn cmd(&self, args: &[&str]) -> Command {
        let mut c = crate::support::factdesk();
        c.current_dir(self.path()).env("NO_COLOR", "1").args(args);
        c
    }

    pub(crate) fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd(&["--by", "ana"]).args(args).assert()
    }

    pub(crate) fn run_as(&self, who: &str, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd(&["--by", who]).args(args).assert()
    }

    /// Adds the UN claim and returns its id.
    pub(crate) fn add_claim(&self) -> String {
        let out = self
            .run(&[
                "claim",
                "add",
                "--source",
                "itv",
                "--quote",
                QUOTE,
                "--claim",
                "Importing North Korean arms breaches UN resolutions",
                "--tag",
                "sanctions",
            ])
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        text.split_whitespace().nth(2).unwrap().to_string()
    }

    pub(crate) fn claim_file(&self, id: &str) -> PathBuf {
        self.path().join("claims").join(format!("{id}.yaml"))
    }

    pub(crate) fn read(&self, id: &str) -> String {
        std::fs::read_to_string(self.claim_file(id)).unwrap()
    }

    pub(crate) fn evidence(&self, id: &str, url: &str) -> assert_cmd::assert::Assert {
        self.run(&[
            "evidence",
            "add",
            id,
            "--url",
            url,
            "--title",
            "Resolution 1718 (2006)",
            "--publisher",
            "UN Security Council",
            "--stance",
            "supports",
            "--published",
            "2006-10-14",
            "--accessed",
            "2023-09-15",
        ])
    }

    /// A claim rated by ana and submitted for review.
    pub(crate) fn in_review(&self) -> String {
        let id = self.add_claim();
        self.run(&["research", &id]).success();
        self.evidence(&id, "https://undocs.org/S/RES/1718(2006)")
            .success();
        self.run(&[
            "rate",
            &id,
            "accurate",
            "--summary",
            "Resolution 1718 bars it.",
        ])
        .success();
        self.run(&["submit", &id]).success();
        id
    }
}

#[test]
fn a_claim_goes_from_transcript_to_publication_and_correction() {
    let d = Desk::new();
    let id = d.in_review();
    d.run_as(
        "jo",
        &[
            "review",
            &id,
            "--approve",
            "--note",
            "Checked paragraph 8 (b).",
        ],
    )
    .success();
    d.run_as("jo", &["publish", &id])
        .success()
        .stdout(predicate::str::contains(
            "published by jo (in-review → published)",
        ));
    d.run_as(
        "jo",
        &[
            "correct",
            &id,
            "--note",
            "Resolution 1874 also applies.",
            "--rating",
            "mostly-accurate",
        ],
    )
    .success();
    let rec = d.read(&id);
    for needle in [
        "status: published",
        "rating: mostly-accurate",
        "previous_rating: accurate",
        "speaker: Antoine Bondaz",
        "  line: 5",
        "said_on: 2023-09-14",
        "decision: approved",
        "action: corrected",
    ] {
        assert!(rec.contains(needle), "missing {needle:?} in\n{rec}");
    }
    // Canonical order: id first, history last.
    assert!(rec.starts_with(&format!("id: {id}\nclaim: ")));
    assert!(rec.find("evidence:").unwrap() < rec.find("history:").unwrap());
    d.run(&["list", "--status", "published"])
        .success()
        .stdout(predicate::str::contains(&id));
    d.run(&["list", "--status", "candidate"])
        .success()
        .stdout(predicate::str::contains("No claims match."));
    let json = d
        .run(&["list", "--json", "--tag", "sanctions"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v[0]["status"], "published");
    d.cmd(&["show", &id])
        .env("COLUMNS", "400")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("»{QUOTE}«")))
        .stdout(predicate::str::contains("Resolution 1874 also applies."));
}

#[test]
fn every_step_is_one_small_diff() {
    let d = Desk::new();
    let id = d.add_claim();
    let before = d.read(&id);
    d.run(&["assign", &id, "--to", "max"]).success();
    let after = d.read(&id);
    let removed = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .count();
    assert_eq!(
        removed, 0,
        "a step only adds lines:\n{before}\n---\n{after}"
    );
    assert_eq!(after.lines().count() - before.lines().count(), 5, "{after}");
}

#[test]
fn a_quote_not_in_the_transcript_is_refused_with_the_closest_passage() {
    let d = Desk::new();
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "If Russia starts importing North Korean weapons, it violates UN resolutions.",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "the quote does not occur in source itv",
    ))
    .stderr(predicate::str::contains("closest passage, line 5"))
    .stderr(predicate::str::contains(QUOTE));
    assert_eq!(
        std::fs::read_dir(d.path().join("claims")).unwrap().count(),
        0
    );
}

#[test]
fn quotes_tolerate_whitespace_quote_marks_and_dashes_only() {
    let d = Desk::new();
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "If  Russia begins openly\nimporting North Korean weapons",
    ])
    .success();
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "if Russia begins openly importing",
    ])
    .code(2);
}

#[test]
fn speakers_come_from_turns_and_unlabelled_questions_go_to_the_interviewer() {
    let d = Desk::new();
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "Washington claims that this meeting could give rise to possible agreements…",
    ])
    .success()
    .stdout(predicate::str::contains("Le Point said it on line 4"));
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "Kim Jong-un met Vladimir Putin yesterday",
    ])
    .success()
    .stdout(predicate::str::contains(
        "Le Point (journalist) said it on line 1",
    ));
}

#[test]
fn a_repeated_quote_needs_a_line() {
    let d = Desk::new();
    d.run(&["claim", "add", "--source", "itv", "--quote", "this meeting"])
        .code(2)
        .stderr(predicate::str::contains(
            "occurs 2 times in source itv, on lines 2, 4",
        ))
        .stderr(predicate::str::contains("--line N"));
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "this meeting",
        "--line",
        "3",
    ])
    .code(2)
    .stderr(predicate::str::contains("does not start on line 3"));
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "this meeting",
        "--line",
        "4",
    ])
    .success()
    .stdout(predicate::str::contains("Le Point said it on line 4"));
}

#[test]
fn steps_out_of_order_are_refused_with_the_allowed_next_steps() {
    let d = Desk::new();
    let id = d.add_claim();
    let before = d.read(&id);
    d.run(&["publish", &id])
        .code(2)
        .stderr(predicate::str::contains(
        "cannot publish a claim that is candidate; allowed next: assign, note, reply, research, discard",
    ));
    d.run(&["rate", &id, "accurate", "--summary", "x"]).code(2);
    assert_eq!(before, d.read(&id), "a refused step changes nothing");
    d.run(&["research", &id]).success();
    d.run(&["submit", &id])
        .code(2)
        .stderr(predicate::str::contains("no rating"))
        .stderr(predicate::str::contains("0 evidence item(s)"));
    d.run(&["rate", &id, "pants-on-fire", "--summary", "x"])
        .code(2)
        .stderr(predicate::str::contains(
            "use one of: accurate, mostly-accurate",
        ));
}

#[test]
fn the_rater_cannot_approve_their_own_rating() {
    let d = Desk::new();
    let id = d.in_review();
    d.run(&["review", &id, "--approve"])
        .code(2)
        .stderr(predicate::str::contains(
            "ana set the rating and cannot approve it",
        ));
    d.run_as("jo", &["publish", &id])
        .code(2)
        .stderr(predicate::str::contains("0 approval(s)"));
    d.run_as("jo", &["review", &id, "--request-changes"])
        .code(2)
        .stderr(predicate::str::contains("cannot be empty"));
    d.run_as(
        "jo",
        &[
            "review",
            &id,
            "--request-changes",
            "--note",
            "Cite 1874 too.",
        ],
    )
    .success()
    .stdout(predicate::str::contains("in-review → researching"));
}

#[test]
fn evidence_links_must_be_http_or_https() {
    let d = Desk::new();
    let id = d.add_claim();
    d.run(&["research", &id]).success();
    for bad in [
        "javascript:alert(1)",
        "ftp://un.org/x",
        "https://user:pw@un.org/",
        "not a url",
    ] {
        // Refused by check's own rule, with its code, before anything is written.
        d.evidence(&id, bad)
            .code(2)
            .stderr(predicate::str::contains(
                "error[bad-url]: `evidence[0].url`",
            ));
    }
    assert!(!d.read(&id).contains("evidence:"));
}

#[test]
fn outside_a_desk_every_command_says_how_to_start_one() {
    let dir = TempDir::new().unwrap();
    for args in [
        vec!["list"],
        vec!["show", "x"],
        vec!["source", "list"],
        vec!["research", "x"],
    ] {
        crate::support::factdesk()
            .current_dir(dir.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not inside a factdesk desk"))
            .stderr(predicate::str::contains("factdesk init"));
    }
}

#[test]
fn the_desk_is_found_from_a_subfolder_or_with_desk() {
    let d = Desk::new();
    d.add_claim();
    let sub = d.path().join("claims");
    crate::support::factdesk()
        .current_dir(&sub)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("1 claim(s)"));
    let elsewhere = TempDir::new().unwrap();
    crate::support::factdesk()
        .current_dir(elsewhere.path())
        .args(["--desk", d.path().to_str().unwrap(), "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 claim(s)"));
}

#[test]
fn init_never_overwrites() {
    let d = Desk::new();
    let before = std::fs::read_to_string(d.path().join("factdesk.yaml")).unwrap();
    d.run(&["init", "."])
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        before,
        std::fs::read_to_string(d.path().join("factdesk.yaml")).unwrap()
    );
    let t = TempDir::new().unwrap();
    crate::support::factdesk()
        .current_dir(t.path())
        .args(["init", "new", "--scale", "truth-o-meter"])
        .assert()
        .success();
    let cfg = std::fs::read_to_string(t.path().join("new/factdesk.yaml")).unwrap();
    assert!(
        cfg.contains("key: pants-on-fire") && cfg.contains("key: \"true\""),
        "{cfg}"
    );
}

#[test]
fn bad_ids_are_refused() {
    let d = Desk::new();
    d.run(&["show", "../../etc/passwd"])
        .code(2)
        .stderr(predicate::str::contains("no claim"));
    std::fs::write(d.path().join("t.txt"), "Someone: Hello there.\n").unwrap();
    d.run(&[
        "source", "add", "t.txt", "--id", "Bad_Id", "--title", "t", "--outlet", "o",
    ])
    .code(2)
    .stderr(predicate::str::contains("may hold only a-z, 0-9 and '-'"));
    d.run(&[
        "source", "add", "t.txt", "--id", "itv", "--title", "t", "--outlet", "o",
    ])
    .code(2)
    .stderr(predicate::str::contains("already exists"));
}

#[test]
fn who_acts_must_be_known() {
    let d = Desk::new();
    let id = d.add_claim();
    d.cmd(&["research", &id])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", d.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not know who you are"))
        .stderr(predicate::str::contains("FACTDESK_USER"));
    d.cmd(&["research", &id])
        .env("FACTDESK_USER", "lea")
        .assert()
        .success();
    assert!(d.read(&id).contains("by: lea"));
}

/// Waits for every spawned factdesk and fails with the stderr of any that
/// did not succeed.
pub fn wait_all_succeed(children: Vec<std::process::Child>) {
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn concurrent_edits_of_one_claim_lose_nothing() {
    let d = Desk::new();
    let id = d.add_claim();
    d.run(&["research", &id]).success();
    let children: Vec<_> = (0..12)
        .map(|i| {
            crate::support::factdesk_std()
                .current_dir(d.path())
                .args([
                    "--by",
                    "ana",
                    "evidence",
                    "add",
                    &id,
                    "--url",
                    &format!("https://example.org/{i}"),
                    "--title",
                    "T",
                    "--publisher",
                    "P",
                    "--stance",
                    "context",
                ])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    wait_all_succeed(children);
    let rec = d.read(&id);
    for i in 0..12 {
        assert!(
            rec.contains(&format!("url: https://example.org/{i}\n")),
            "evidence {i} lost:\n{rec}"
        );
    }
    assert_eq!(rec.matches("action: evidence-added").count(), 12);
}

#[test]
fn an_interrupted_write_leaves_the_old_record_whole() {
    let d = Desk::new();
    let id = d.add_claim();
    let before = d.read(&id);
    d.cmd(&["--by", "ana", "research", &id])
        .env("FACTDESK_TEST_CRASH_BEFORE_RENAME", "1")
        .assert()
        .code(70);
    assert_eq!(before, d.read(&id), "the record is the old one, whole");
    // The stray temporary file is ignored, and the next command works.
    d.run(&["list"])
        .success()
        .stdout(predicate::str::contains("1 claim(s)"));
    d.run(&["research", &id]).success();
}

#[test]
fn comments_are_kept_at_the_top_and_never_silently_dropped() {
    let d = Desk::new();
    let id = d.add_claim();
    let path = d.claim_file(&id);
    let rec = d.read(&id);
    std::fs::write(
        &path,
        format!("# Checked with the UN sanctions desk.\n{rec}"),
    )
    .unwrap();
    d.run(&["research", &id]).success();
    assert!(d
        .read(&id)
        .starts_with("# Checked with the UN sanctions desk.\nid: "));
    let rec = d
        .read(&id)
        .replace("status: researching", "status: researching # why");
    std::fs::write(&path, &rec).unwrap();
    d.run(&["assign", &id, "--to", "max"])
        .code(2)
        .stderr(predicate::str::contains(
            "holds a comment that rewriting it would drop",
        ));
    assert_eq!(rec, d.read(&id));
}

#[test]
fn forbidden_yaml_is_refused_with_file_and_line() {
    let d = Desk::new();
    let id = d.add_claim();
    let rec = d
        .read(&id)
        .replace("speaker: Antoine Bondaz", "speaker: &who Antoine Bondaz");
    std::fs::write(d.claim_file(&id), rec).unwrap();
    d.run(&["show", &id])
        .code(2)
        .stderr(predicate::str::contains("yaml-anchor"))
        .stderr(predicate::str::contains(format!("claims/{id}.yaml:4:10")));
}

#[test]
fn subtitles_record_time_ranges_and_voices() {
    let d = Desk::new();
    let vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Antoine Bondaz>North Korea has weapons.\n\n2\n00:00:04.500 --> 00:00:07.250\nRussia needs them,\n\n3\n00:00:07.250 --> 00:00:09.000\nso their leaders make a deal.\n";
    std::fs::write(d.path().join("talk.vtt"), vtt).unwrap();
    d.run(&[
        "source", "add", "talk.vtt", "--id", "talk", "--title", "Talk", "--outlet", "TV",
    ])
    .success();
    let out = d
        .run(&[
            "claim",
            "add",
            "--source",
            "talk",
            "--quote",
            "Russia needs them, so their leaders make a deal.",
        ])
        .success()
        .get_output()
        .stdout
        .clone();
    let id = String::from_utf8(out)
        .unwrap()
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_string();
    let rec = d.read(&id);
    assert!(
        rec.contains("location:\n  line: 9\n  start: \"00:00:04.500\"\n  end: \"00:00:09.000\"\n"),
        "{rec}"
    );
    assert!(rec.contains("speaker: Antoine Bondaz"));
    d.run(&["source", "show", "talk"])
        .success()
        .stdout(predicate::str::contains("[00:00:04.500–00:00:07.250]"));

    let srt = "1\n00:00:01,000 --> 00:00:02,000\nJo: Prices rose 8% last year.\n";
    std::fs::write(d.path().join("clip.srt"), srt).unwrap();
    d.run(&[
        "source", "add", "clip.srt", "--id", "clip", "--title", "Clip", "--outlet", "TV",
    ])
    .success();
    d.run(&[
        "claim",
        "add",
        "--source",
        "clip",
        "--quote",
        "Prices rose 8% last year.",
    ])
    .success()
    .stdout(predicate::str::contains("Jo said it on line 3"));

    std::fs::write(
        d.path().join("debate.tsv"),
        "1\tALICE\tWe cut taxes twice.\n2\tBOB\tNo, you did not.\n",
    )
    .unwrap();
    d.run(&[
        "source",
        "add",
        "debate.tsv",
        "--id",
        "debate",
        "--title",
        "Debate",
        "--outlet",
        "TV",
    ])
    .success();
    d.run(&[
        "claim",
        "add",
        "--source",
        "debate",
        "--quote",
        "We cut taxes twice.",
    ])
    .success()
    .stdout(predicate::str::contains("Alice said it on line 1"));

    std::fs::write(d.path().join("bad.srt"), "1\n00:00:01 --> soon\nHi\n").unwrap();
    d.run(&[
        "source", "add", "bad.srt", "--title", "Bad", "--outlet", "TV",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "line 2: cannot read the cue times",
    ));
}

#[test]
fn markdown_transcripts_use_bold_labels_and_paragraphs() {
    let d = Desk::new();
    let md = "# Interview\n\n**Q:** Was the budget cut?\n\n**Mayor Lee:** Yes. We cut it by 12 percent\nin 2022.\n";
    std::fs::write(d.path().join("lee.md"), md).unwrap();
    d.run(&[
        "source", "add", "lee.md", "--id", "lee", "--title", "Lee", "--outlet", "Paper",
    ])
    .success();
    d.run(&[
        "claim",
        "add",
        "--source",
        "lee",
        "--quote",
        "We cut it by 12 percent in 2022.",
    ])
    .success()
    .stdout(predicate::str::contains("Mayor Lee said it on line 5"));
}

#[test]
fn a_changed_transcript_is_detected() {
    let d = Desk::new();
    let t = d.path().join("sources/itv.txt");
    std::fs::write(&t, INTERVIEW.replace("openly", "secretly")).unwrap();
    d.run(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "The first lesson",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "the transcript changed since it was added",
    ));
}

#[test]
fn discarding_needs_a_reason_and_is_final() {
    let d = Desk::new();
    let id = d.add_claim();
    d.run(&["discard", &id, "--reason", " "]).code(2);
    d.run(&["discard", &id, "--reason", "An opinion."])
        .success();
    d.run(&["research", &id])
        .code(2)
        .stderr(predicate::str::contains("a discarded claim is final"));
}

#[test]
fn ids_never_collide_for_the_same_quote_added_twice() {
    let d = Desk::new();
    let a = d.add_claim();
    let b = d.add_claim();
    assert_ne!(a, b);
    assert!(
        a.len() <= 64
            && a.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    );
}

#[test]
fn the_parsed_claims_cache_never_hides_a_change() {
    let d = Desk::new();
    let id = d.add_claim();
    let list = |d: &Desk| {
        let out = d
            .cmd(&["list", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()
    };
    assert_eq!(
        list(&d)[0]["claim"],
        "Importing North Korean arms breaches UN resolutions"
    );
    let cache = d.path().join(".factdesk/cache/claims");
    assert!(cache.is_file(), "the first load leaves a cache");
    // Change the record by hand: the next load sees the new bytes.
    let rec = d.read(&id).replace("claim: Importing", "claim: Buying");
    std::fs::write(d.claim_file(&id), rec).unwrap();
    assert_eq!(
        list(&d)[0]["claim"],
        "Buying North Korean arms breaches UN resolutions"
    );
    // A damaged cache is ignored and rewritten.
    std::fs::write(&cache, "garbage\n\u{0}\n").unwrap();
    assert_eq!(
        list(&d)[0]["claim"],
        "Buying North Korean arms breaches UN resolutions"
    );
    // An invalid record is reported even when an older version was cached.
    std::fs::write(
        d.claim_file(&id),
        d.read(&id).replace("status: candidate", "status: maybe"),
    )
    .unwrap();
    d.cmd(&["list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("maybe"));
}

/// Publication refuses what a reader or an aggregator would get wrong:
/// a placeholder summary, a placeholder publisher URL, a source no
/// ClaimReview can name; `--no-claimreview` publishes and says so.
#[test]
fn publish_refuses_placeholders_and_checks_without_claimreview() {
    let d = Desk::new();
    let id = d.add_claim();
    d.run(&["research", &id]).success();
    d.evidence(&id, "https://undocs.org/S/RES/1718(2006)")
        .success();
    for text in ["…", "...", "TODO", "tbd", "XXX", " ?! "] {
        d.run(&["rate", &id, "accurate", "--summary", text])
            .failure()
            .stderr(predicate::str::contains("placeholder").or(predicate::str::contains("empty")));
    }
    d.run(&[
        "rate",
        &id,
        "accurate",
        "--summary",
        "Resolution 1718 bars it.",
    ])
    .success();
    d.run(&["submit", &id]).success();
    d.run_as("jo", &["review", &id, "--approve"]).success();
    // `init` without --url leaves the reserved example.org placeholder.
    let yaml = d.path().join("factdesk.yaml");
    let cfg = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        cfg.replace("https://checks.newsroom.fr/", "https://example.org/"),
    )
    .unwrap();
    d.run_as("jo", &["publish", &id])
        .code(2)
        .stderr(predicate::str::contains("example.org"));
    std::fs::write(&yaml, &cfg).unwrap();
    // A source without URL cannot be named by a ClaimReview.
    let meta = d.path().join("sources/itv.yaml");
    let src = std::fs::read_to_string(&meta).unwrap();
    let bare: String = src
        .lines()
        .filter(|l| !l.starts_with("url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(bare, src, "the source had a url");
    std::fs::write(&meta, bare).unwrap();
    d.run_as("jo", &["publish", &id])
        .code(2)
        .stderr(predicate::str::contains("--no-claimreview"));
    d.run_as("jo", &["publish", &id, "--no-claimreview"])
        .success();
    let rec = std::fs::read_to_string(d.path().join(format!("claims/{id}.yaml"))).unwrap();
    assert!(rec.contains("published without ClaimReview"), "{rec}");
    d.run_as("jo", &["correct", &id, "--note", "…"])
        .code(2)
        .stderr(predicate::str::contains("placeholder"));
}

/// A published check on a placeholder publisher URL is not rendered.
#[test]
fn report_refuses_a_placeholder_publisher_once_something_is_published() {
    let d = Desk::new();
    d.run(&["report"]).success();
    let id = d.in_review();
    d.run_as("jo", &["review", &id, "--approve"]).success();
    d.run_as("jo", &["publish", &id]).success();
    let yaml = d.path().join("factdesk.yaml");
    for host in [
        "https://desk.example/",
        "http://localhost:8000/",
        "http://192.168.1.20/",
        "https://www.example.com/checks/",
    ] {
        let cfg = std::fs::read_to_string(&yaml).unwrap();
        let url = cfg
            .lines()
            .find(|l| l.trim_start().starts_with("url:"))
            .unwrap()
            .trim()
            .trim_start_matches("url:")
            .trim()
            .to_string();
        std::fs::write(&yaml, cfg.replace(&url, host)).unwrap();
        d.run(&["report"])
            .code(2)
            .stderr(predicate::str::contains("reserved"));
    }
}

/// Makes a record non-canonical without changing a value.
fn uncanonical(d: &Desk, id: &str) -> String {
    let rec = d.read(id).replace("\nstatus: ", "\nstatus:    ");
    std::fs::write(d.claim_file(id), &rec).unwrap();
    rec
}

#[test]
fn fmt_of_many_records_is_all_or_nothing_per_file_and_reports_in_order() {
    let d = Desk::new();
    let ids: Vec<String> = (0..24).map(|_| d.add_claim()).collect();
    let mangled: Vec<String> = ids.iter().map(|id| uncanonical(&d, id)).collect();
    let canonical_of = |rec: &str| rec.replace("\nstatus:    ", "\nstatus: ");

    // A crash while installing the batch leaves each record old or new, whole.
    d.cmd(&["fmt"])
        .env("FACTDESK_TEST_CRASH_BEFORE_RENAME", "1")
        .assert()
        .code(70);
    for (id, before) in ids.iter().zip(&mangled) {
        let now = d.read(id);
        assert!(
            now == *before || now == canonical_of(before),
            "{id} is torn:\n{now}"
        );
    }

    let out = d.run(&["fmt"]).success().get_output().clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut sorted = ids.clone();
    sorted.sort();
    let expected: String = sorted
        .iter()
        .map(|id| format!("formatted claims/{id}.yaml\n"))
        .collect();
    assert_eq!(stdout, expected, "one line per record, in file order");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("24 of "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (id, before) in ids.iter().zip(&mangled) {
        assert_eq!(d.read(id), canonical_of(before));
    }
    d.run(&["fmt", "--check"]).success().stdout("");
    d.run(&["check"]).success();
}

/// Runs `factdesk ARGS` in the desk with stdout and stderr on a
/// pseudo-terminal (util-linux `script`), returning what the terminal showed.
pub fn on_a_terminal(dir: &std::path::Path, args: &str, env: &[(&str, &str)]) -> String {
    let bin = crate::support::bin();
    let mut cmd = crate::support::wrapper("script");
    cmd.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .env("FACTDESK_TEST_PROGRESS_AFTER_MS", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("script(1) from util-linux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn long_runs_show_progress_on_a_terminal_only() {
    let d = Desk::new();
    let ids: Vec<String> = (0..6).map(|_| d.add_claim()).collect();
    for id in &ids {
        uncanonical(&d, id);
    }
    let shown = on_a_terminal(d.path(), "fmt", &[]);
    assert!(shown.contains("formatting records ["), "{shown:?}");
    assert!(shown.contains("\r\x1b[K"), "the line is erased: {shown:?}");
    for quiet in [("CI", "true"), ("TERM", "dumb")] {
        for id in &ids {
            uncanonical(&d, id);
        }
        let shown = on_a_terminal(d.path(), "fmt", &[quiet]);
        assert!(!shown.contains(" records ["), "{quiet:?}: {shown:?}");
        assert!(shown.contains("formatted claims/"), "{shown:?}");
    }
    // Piped, nothing but the result.
    let out = d.run(&["fmt", "--check"]).get_output().clone();
    assert!(!String::from_utf8_lossy(&out.stderr).contains('['));
}

#[test]
fn status_and_search_show_progress_on_a_terminal_only() {
    let d = Desk::new();
    for _ in 0..3 {
        d.add_claim();
    }
    let shown = on_a_terminal(d.path(), "--by ana status", &[]);
    assert!(shown.contains("loading claims ["), "{shown:?}");
    assert!(shown.contains("checking claims ["), "{shown:?}");
    assert!(shown.contains("Desk "), "{shown:?}");
    let shown = on_a_terminal(d.path(), "search arms", &[]);
    assert!(shown.contains("loading claims ["), "{shown:?}");
    assert!(shown.contains("3 claim(s)"), "{shown:?}");
    let quiet = on_a_terminal(d.path(), "search arms", &[("CI", "true")]);
    assert!(!quiet.contains(" claims ["), "{quiet:?}");
    let piped = d.cmd(&["search", "arms"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('['));
}

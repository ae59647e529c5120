//! The transcript corpus: every file in `tests/fixtures/transcripts/` is added
//! to a fresh desk through the real binary, and `source show --json` must
//! give every sentence to the speaker its `.expect` file names (`?` for
//! unattributed), or `source add` must refuse with the expected message.
//!
//! An `.expect` file holds, one a line: `# comment`, `arg: ARG` (one argument
//! of `source add`), `say: TEXT` (the output of `source add` contains it),
//! `refuse: TEXT` (`source add` fails and says it), and `SPEAKER | SENTENCE`
//! or `SPEAKER | SENTENCE | HH:MM:SS.mmm` (the sentence's time must be that).

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts")
}

#[derive(Default)]
struct Expect {
    args: Vec<String>,
    says: Vec<String>,
    refuses: Vec<String>,
    sentences: Vec<(Option<String>, String)>,
    /// Expected times by sentence index.
    times: Vec<(usize, String)>,
}

fn read_expect(path: &Path) -> Expect {
    let mut e = Expect::default();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(a) = line.strip_prefix("arg: ") {
            e.args.push(a.to_string());
        } else if let Some(s) = line.strip_prefix("say: ") {
            e.says.push(s.to_string());
        } else if let Some(r) = line.strip_prefix("refuse: ") {
            e.refuses.push(r.to_string());
        } else {
            let (who, text) = line.split_once(" | ").expect("SPEAKER | SENTENCE");
            let who = (who != "?").then(|| who.to_string());
            let text = match text.rsplit_once(" | ") {
                Some((t, time)) => {
                    e.times.push((e.sentences.len(), time.to_string()));
                    t
                }
                None => text,
            };
            e.sentences.push((who, text.to_string()));
        }
    }
    e
}

/// The transcript beside `stem.expect`: the one other file with that stem.
fn transcript_of(expect: &Path) -> PathBuf {
    let stem = expect.file_stem().unwrap().to_str().unwrap();
    std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_stem().and_then(|s| s.to_str()) == Some(stem)
                && p.extension().is_some_and(|x| x != "expect")
        })
        .unwrap_or_else(|| panic!("no transcript for {}", expect.display()))
}

fn factdesk(dir: &Path) -> Command {
    let mut c = crate::support::factdesk();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--by", "ana"]);
    c
}

/// Runs one fixture; returns what went wrong, if anything.
fn run_one(expect_path: &Path) -> Result<(), String> {
    let expect = read_expect(expect_path);
    let file = transcript_of(expect_path);
    let dir = TempDir::new().unwrap();
    let init = factdesk(dir.path())
        .args(["init", ".", "--url", "https://checks.example.org/"])
        .output()
        .unwrap();
    assert!(init.status.success());
    let name = file.file_name().unwrap().to_str().unwrap().to_string();
    std::fs::copy(&file, dir.path().join(&name)).unwrap();
    let add = factdesk(dir.path())
        .args([
            "source", "add", &name, "--id", "t", "--title", "T", "--outlet", "O",
        ])
        .args(&expect.args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&add.stdout).to_string();
    let stderr = String::from_utf8_lossy(&add.stderr).to_string();
    if !expect.refuses.is_empty() {
        if add.status.code() != Some(2) {
            return Err(format!(
                "expected a refusal, got {:?}\n{stdout}",
                add.status
            ));
        }
        let missing: Vec<_> = expect
            .refuses
            .iter()
            .filter(|r| !stderr.contains(*r))
            .collect();
        return match missing.is_empty() {
            true => Ok(()),
            false => Err(format!("refusal lacks {missing:?}:\n{stderr}")),
        };
    }
    if !add.status.success() {
        return Err(format!("source add failed:\n{stderr}"));
    }
    let all = format!("{stdout}{stderr}");
    let missing: Vec<_> = expect.says.iter().filter(|s| !all.contains(*s)).collect();
    if !missing.is_empty() {
        return Err(format!("source add output lacks {missing:?}:\n{all}"));
    }
    let show = factdesk(dir.path())
        .args(["source", "show", "t", "--json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let got: Vec<(Option<String>, String)> = doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["speaker"].as_str().map(str::to_string),
                s["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let wrong_times: Vec<String> = expect
        .times
        .iter()
        .filter(|(i, want)| doc["sentences"][*i]["start"].as_str() != Some(want.as_str()))
        .map(|(i, want)| {
            format!(
                "sentence {i}: want {want}, got {}",
                doc["sentences"][*i]["start"]
            )
        })
        .collect();
    if got == expect.sentences && wrong_times.is_empty() {
        return Ok(());
    }
    if got == expect.sentences {
        return Err(wrong_times.join("\n"));
    }
    let show = |v: &[(Option<String>, String)]| {
        v.iter()
            .map(|(w, t)| format!("{} | {t}", w.as_deref().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    Err(format!(
        "want:\n{}\ngot:\n{}",
        show(&expect.sentences),
        show(&got)
    ))
}

#[test]
fn every_sentence_of_the_corpus_goes_to_its_speaker_or_add_refuses() {
    let mut expects: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "expect"))
        .collect();
    expects.sort();
    assert!(expects.len() >= 20, "the corpus lost files");
    let failures: Vec<String> = expects
        .iter()
        .filter_map(|e| {
            run_one(e)
                .err()
                .map(|why| format!("== {}\n{why}", e.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} transcripts wrong:\n{}",
        failures.len(),
        expects.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_corpus_transcript_has_its_expect_file() {
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x != "expect") {
            assert!(
                p.with_extension("expect").is_file(),
                "{} has no .expect",
                p.display()
            );
        }
    }
}

/// The README's `source add` example, run as written, on its example file.
#[test]
fn the_readme_example_attributes_every_turn() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let run = |args: &[&str]| factdesk(d).args(args).output().unwrap();
    assert!(run(&[
        "init",
        ".",
        "--url",
        "https://www.dailyplanet-metro.com/checks/"
    ])
    .status
    .success());
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/mayor-interview.txt");
    std::fs::copy(example, d.join("mayor-interview.txt")).unwrap();
    let add = run(&[
        "source",
        "add",
        "mayor-interview.txt",
        "--id",
        "planet-2024-05-02-mayor",
        "--title",
        "Interview with the mayor",
        "--outlet",
        "Daily Planet",
        "--published",
        "2024-05-02",
        "--url",
        "https://planet.example/2024/05/02/mayor-interview",
        "--speaker",
        "Mayor Lee",
        "--interviewer",
        "Daily Planet",
    ]);
    let out = String::from_utf8_lossy(&add.stdout);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for line in out.lines() {
        assert!(
            readme.contains(line.trim()),
            "README does not show {line:?}"
        );
    }
    assert!(out.contains("speakers: Interviewer: Daily Planet (3 turns), Mayor Lee (3 turns), unlabelled: 1 turn at line 1"), "{out}");
    let claim = run(&[
        "claim",
        "add",
        "--source",
        "planet-2024-05-02-mayor",
        "--quote",
        "We cut the police budget by 12 percent in 2022.",
        "--claim",
        "The city cut the police budget by 12% in 2022",
        "--tag",
        "budget",
    ]);
    let said = String::from_utf8_lossy(&claim.stdout);
    assert!(said.contains("Mayor Lee said it on line 9"), "{said}");
    assert!(readme.contains("Mayor Lee said it on line 9"));
    // The narration has no speaker: claim add asks instead of guessing.
    let narration = run(&[
        "claim", "add", "--source", "planet-2024-05-02-mayor",
        "--quote", "Mayor Grace Lee spoke to the Daily Planet in her office on 2 May, three weeks before the council votes on the budget.",
    ]);
    assert_eq!(narration.status.code(), Some(2));
    let err = String::from_utf8_lossy(&narration.stderr);
    assert!(err.contains("--speaker"), "{err}");
}

/// A fresh desk in a temporary folder, with the corpus file `name` copied in.
fn desk_with(name: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let init = factdesk(dir.path())
        .args(["init", ".", "--url", "https://checks.example.org/"])
        .output()
        .unwrap();
    assert!(init.status.success());
    std::fs::copy(corpus().join(name), dir.path().join(name)).unwrap();
    dir
}

fn add(dir: &Path, args: &[&str]) -> std::process::Output {
    factdesk(dir)
        .args(["source", "add", "--title", "T", "--outlet", "O"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_transcript_added_twice_is_warned_about() {
    let dir = desk_with("radio-interview.docx");
    assert!(add(dir.path(), &["radio-interview.docx", "--id", "one"])
        .status
        .success());
    let again = add(dir.path(), &["radio-interview.docx", "--id", "two"]);
    assert!(again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("same transcript as source one"), "{err}");
    let yaml = std::fs::read_to_string(dir.path().join("sources/one.yaml")).unwrap();
    assert!(
        yaml.contains("extracted_from:\n  file: radio-interview.docx\n"),
        "{yaml}"
    );
}

#[test]
fn a_layout_doubt_is_refused_until_the_layout_is_given() {
    let dir = desk_with("captions-saved-as.txt");
    let refused = add(dir.path(), &["captions-saved-as.txt", "--id", "c"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        !dir.path().join("sources/c.yaml").exists(),
        "nothing written"
    );
    let ok = add(
        dir.path(),
        &["captions-saved-as.txt", "--id", "c", "--layout", "srt"],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        out.contains("speakers: Mayor Lee (1 turn)")
            && out.contains("role labels, each turn a voice of its own (several people speak under them): Reporter (1 turn at line 7)"),
        "{out}"
    );
}

#[test]
fn a_speaker_map_label_the_transcript_lacks_is_refused() {
    let dir = desk_with("debate-caps.txt");
    let refused = add(
        dir.path(),
        &[
            "debate-caps.txt",
            "--id",
            "d",
            "--speaker-map",
            "RADDATZ=Martha Raddatz",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("\"RADDATZ\"") && err.contains("LINDEN"),
        "{err}"
    );
    let bad = add(
        dir.path(),
        &["debate-caps.txt", "--id", "d", "--speaker-map", "LINDEN"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("LABEL=NAME"));
}

#[test]
fn a_speaker_map_re_attributes_claims_but_not_published_ones() {
    let dir = desk_with("debate-caps.txt");
    let d = dir.path();
    assert!(add(d, &["debate-caps.txt", "--id", "d"]).status.success());
    let run = |args: &[&str]| factdesk(d).args(args).output().unwrap();
    let logged = |quote: &str| {
        let out = run(&["claim", "add", "--source", "d", "--quote", quote]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        text.split_whitespace().nth(2).unwrap().to_string()
    };
    let thanks = logged("Thank you both.");
    let rebuttal = logged("Governor, your rebuttal.");
    let claim = |id: &str| std::fs::read_to_string(d.join(format!("claims/{id}.yaml"))).unwrap();
    assert!(claim(&thanks).contains("speaker: Linden\n"));
    // A published claim would change: refused, nothing written.
    let published = claim(&rebuttal).replace("status: candidate", "status: published");
    std::fs::write(d.join(format!("claims/{rebuttal}.yaml")), &published).unwrap();
    let source_before = std::fs::read_to_string(d.join("sources/d.yaml")).unwrap();
    let refused = run(&[
        "source",
        "speakers",
        "d",
        "--map",
        "LINDEN=moderator:Rosa Linden",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains(&rebuttal) && err.contains("correction"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("sources/d.yaml")).unwrap(),
        source_before
    );
    assert!(claim(&thanks).contains("speaker: Linden\n"));
    // Leaving published claims as they are: the others follow the map.
    let mapped = run(&[
        "source",
        "speakers",
        "d",
        "--map",
        "LINDEN=moderator:Rosa Linden",
        "--leave-published",
    ]);
    assert!(
        mapped.status.success(),
        "{}",
        String::from_utf8_lossy(&mapped.stderr)
    );
    let out = String::from_utf8_lossy(&mapped.stdout);
    assert!(
        out.contains(&format!("re-attributed {thanks}: Linden → Rosa Linden")),
        "{out}"
    );
    assert!(out.contains("Moderator: Rosa Linden (3 turns)"), "{out}");
    assert!(String::from_utf8_lossy(&mapped.stderr)
        .contains(&format!("warning: {rebuttal} is published")));
    let thanks_yaml = claim(&thanks);
    assert!(
        thanks_yaml.contains("speaker: Rosa Linden\n"),
        "{thanks_yaml}"
    );
    assert!(
        thanks_yaml.contains("action: edited") && thanks_yaml.contains("note: edited speaker"),
        "{thanks_yaml}"
    );
    assert!(claim(&rebuttal).contains("speaker: Linden\n"));
    let source = std::fs::read_to_string(d.join("sources/d.yaml")).unwrap();
    assert!(
        source.contains("label: LINDEN\n    name: Rosa Linden\n    role: moderator"),
        "{source}"
    );
    let show = run(&["source", "speakers", "d"]);
    assert!(String::from_utf8_lossy(&show.stdout).contains("map: LINDEN = Rosa Linden (moderator)"));
    let json = run(&["source", "show", "d", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let first = &doc["speakers"][0];
    assert_eq!(first["name"], "Rosa Linden");
    assert_eq!(first["role"], "moderator");
    assert_eq!(first["turns"], 3);
    assert_eq!(first["lines"], serde_json::json!([1, 15, 21]));
    assert_eq!(doc["sentences"][0]["label"], "LINDEN");
}

/// A claim quoted from a timed prose turn (Rev's `Name (00:01:15):`) records
/// the time: in the claim file, in `show`, and in the report.
#[test]
fn a_claim_from_a_timed_turn_records_its_time() {
    let dir = desk_with("rev-export.txt");
    let d = dir.path();
    assert!(add(d, &["rev-export.txt", "--id", "rev"]).status.success());
    let run = |args: &[&str]| factdesk(d).args(args).output().unwrap();
    let out = run(&[
        "claim",
        "add",
        "--source",
        "rev",
        "--quote",
        "That number has not moved in three years.",
        "--claim",
        "The uninsured share has not changed since 2021",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    let id = said.split_whitespace().nth(2).unwrap().to_string();
    let yaml = std::fs::read_to_string(d.join(format!("claims/{id}.yaml"))).unwrap();
    assert!(
        yaml.contains("location:\n  line: 13\n  start: \"00:01:15.000\"\n"),
        "{yaml}"
    );
    let show = String::from_utf8_lossy(&run(&["show", &id]).stdout).to_string();
    assert!(
        show.contains("Jordan Blake in rev (line 13, 00:01:15.000):"),
        "{show}"
    );
    assert!(
        run(&["check"]).status.success(),
        "the recorded time agrees with the transcript"
    );
}

/// Runs the workflow to publication (without ClaimReview) for claim `id`,
/// approved by jo.
fn publish(d: &Path, id: &str) {
    let steps: [&[&str]; 6] = [
        &["research", id],
        &[
            "evidence",
            "add",
            id,
            "--url",
            "https://www.bls.gov/lau/",
            "--title",
            "State rates",
            "--publisher",
            "BLS",
            "--stance",
            "supports",
            "--accessed",
            "2024-10-02",
        ],
        &[
            "rate",
            id,
            "accurate",
            "--summary",
            "The rate fell as stated.",
        ],
        &["submit", id],
        &["review", "--approve", id],
        &["publish", id, "--no-claimreview"],
    ];
    for s in steps {
        let by = if s[0] == "review" { "jo" } else { "ana" };
        let out = crate::support::factdesk()
            .current_dir(d)
            .env("NO_COLOR", "1")
            .args(["--by", by])
            .args(s)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{s:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `speakers:` edited by hand: `check` names every claim whose speaker the
/// map now contradicts, `source speakers --reattribute` fixes the open ones,
/// and the published one changes only through `correct --speaker`.
#[test]
fn a_speaker_map_edited_by_hand_is_reported_and_fixed() {
    let dir = desk_with("debate-caps.txt");
    let d = dir.path();
    std::fs::write(
        d.join("factdesk.yaml"),
        std::fs::read_to_string(d.join("factdesk.yaml"))
            .unwrap()
            .replace(
                "https://checks.example.org/",
                "https://checks.riverside-ledger.org/",
            ),
    )
    .unwrap();
    assert!(add(d, &["debate-caps.txt", "--id", "d"]).status.success());
    let run = |args: &[&str]| factdesk(d).args(args).output().unwrap();
    let logged = |quote: &str| {
        let out = run(&["claim", "add", "--source", "d", "--quote", quote]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .nth(2)
            .unwrap()
            .to_string()
    };
    let thanks = logged("Thank you both.");
    let rebuttal = logged("Governor, your rebuttal.");
    let rate = logged("Our unemployment rate is 3.1 percent.");
    publish(d, &rebuttal);
    let clean = run(&["check", "--deny-warnings", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!codes.contains(&"speaker-mismatch"), "{codes:?}");
    // The editor maps LINDEN by hand.
    let meta = d.join("sources/d.yaml");
    let mut yaml = std::fs::read_to_string(&meta).unwrap();
    yaml.push_str("speakers:\n  - label: LINDEN\n    name: Rosa Linden\n    role: moderator\n");
    std::fs::write(&meta, yaml).unwrap();
    let check = run(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "a warning: check passes");
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let mismatches: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "speaker-mismatch")
        .collect();
    let files: Vec<String> = mismatches
        .iter()
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(mismatches.len(), 2, "{mismatches:#?}");
    assert!(
        files.iter().any(|f| f.contains(&thanks)) && files.iter().any(|f| f.contains(&rebuttal)),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| f.contains(&rate)),
        "Gov. Hale's claim is right"
    );
    let text = serde_json::to_string(&mismatches).unwrap();
    assert!(
        text.contains("Rosa Linden") && text.contains("source speakers d --reattribute"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "factdesk correct {rebuttal} --speaker 'Rosa Linden'"
        )),
        "{text}"
    );
    assert_eq!(run(&["check", "--deny-warnings"]).status.code(), Some(1));
    // --reattribute refuses while a published claim would change, writes nothing.
    let refused = run(&["source", "speakers", "d", "--reattribute"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--speaker NAME"));
    assert!(
        std::fs::read_to_string(d.join(format!("claims/{thanks}.yaml")))
            .unwrap()
            .contains("speaker: Linden\n")
    );
    let fixed = run(&[
        "source",
        "speakers",
        "d",
        "--reattribute",
        "--leave-published",
    ]);
    assert!(
        fixed.status.success(),
        "{}",
        String::from_utf8_lossy(&fixed.stderr)
    );
    assert!(String::from_utf8_lossy(&fixed.stdout)
        .contains(&format!("re-attributed {thanks}: Linden → Rosa Linden")));
    // The published claim: corrected in the open.
    let corrected = run(&[
        "correct",
        &rebuttal,
        "--speaker",
        "Rosa Linden",
        "--note",
        "The question was the moderator's, Rosa Linden; we first gave it to 'Linden'.",
    ]);
    assert!(
        corrected.status.success(),
        "{}",
        String::from_utf8_lossy(&corrected.stderr)
    );
    let yaml = std::fs::read_to_string(d.join(format!("claims/{rebuttal}.yaml"))).unwrap();
    assert!(
        yaml.contains("speaker: Rosa Linden\n") && yaml.contains("previous_speaker: Linden\n"),
        "{yaml}"
    );
    let update = run(&[
        "correct",
        &rebuttal,
        "--update",
        "--speaker",
        "Gov. Hale",
        "--note",
        "x",
    ]);
    assert_eq!(
        update.status.code(),
        Some(2),
        "an update cannot change the speaker"
    );
    let show = String::from_utf8_lossy(&run(&["show", &rebuttal]).stdout).to_string();
    assert!(show.contains("(speaker was Linden)"), "{show}");
    let after = run(&["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert!(
        !doc["diagnostics"].to_string().contains("speaker-mismatch"),
        "{doc:#}"
    );
    let report = run(&["report", "--out", "site"]);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let page =
        std::fs::read_to_string(d.join(format!("site/checks/{rebuttal}.html"))).unwrap_or_default();
    assert!(
        page.contains("Speaker before: <del><bdi>Linden</bdi></del>"),
        "{page}"
    );
}

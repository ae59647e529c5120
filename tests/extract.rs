//! End-to-end tests of `factdesk extract` on real transcript files.

use predicates::prelude::*;
use tempfile::TempDir;

const SPEECH: &str = "Mayor Lee: Good evening, everyone. Thank you for coming!\n\
Mayor Lee: Unemployment fell from 9.1 percent in 2019 to 4.2 percent last year, the lowest rate since 1970.\n\
Mayor Lee: Isn't that wonderful?\n\
Mayor Lee: I believe in this city.\n";

fn desk() -> TempDir {
    let d = TempDir::new().unwrap();
    let run = |args: &[&str]| {
        crate::support::factdesk()
            .current_dir(d.path())
            .env("FACTDESK_USER", "ana")
            .args(args)
            .assert()
            .success()
    };
    run(&["init", "."]);
    std::fs::write(d.path().join("speech.txt"), SPEECH).unwrap();
    run(&[
        "source",
        "add",
        "speech.txt",
        "--id",
        "speech",
        "--title",
        "Speech",
        "--outlet",
        "City TV",
    ]);
    d
}

/// `factdesk` in the desk, always with the fast model: in a build with the
/// neural ranker, its weights are looked for where there are none.
pub(crate) fn fd(d: &TempDir, args: &[&str]) -> assert_cmd::assert::Assert {
    crate::support::factdesk()
        .current_dir(d.path())
        .env("FACTDESK_USER", "ana")
        .env("FACTDESK_MODEL_DIR", d.path().join("no-models"))
        .args(args)
        .assert()
}

#[test]
fn figures_rank_above_greetings_questions_and_opinion() {
    let d = desk();
    let out = fd(&d, &["extract", "speech", "--format", "json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["model"], factdesk::extract::MODEL_VERSION);
    let first = v["candidates"][0]["sentence"].as_str().unwrap();
    assert!(first.starts_with("Unemployment fell"), "{v:#}");
    assert_eq!(v["candidates"][0]["speaker"], "Mayor Lee");
    assert_eq!(v["candidates"][0]["line"], "2");
}

fn debate_tsv() -> TempDir {
    let d = desk();
    std::fs::write(
        d.path().join("debate.tsv"),
        "101\tALICE\tWe cut taxes twice in 2021. Good night.\n102\tSYSTEM\t(APPLAUSE)\n\
         103\tBOB\tUnemployment rose by 4 percent in Ohio last year.\n",
    )
    .unwrap();
    d
}

fn tsv_rows(d: &TempDir, extra: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["extract", "debate.tsv", "--format", "tsv"];
    args.extend_from_slice(extra);
    let out = fd(d, &args).success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    text.lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn tsv_prints_every_sentence_with_the_first_column_of_a_tsv_transcript() {
    let d = debate_tsv();
    let rows = tsv_rows(&d, &[]);
    assert_eq!(rows.len(), 4, "one row per sentence: {rows:?}");
    assert!(rows.iter().all(|r| r.len() == 4));
    assert!(rows
        .iter()
        .any(|r| r[0] == "101" && r[3] == "We cut taxes twice in 2021."));
    assert!(rows.iter().any(|r| r[0] == "102" && r[2] == "System"));
    let scores: Vec<f64> = rows.iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {rows:?}"
    );
}

#[test]
fn tsv_honours_top_and_all() {
    let d = debate_tsv();
    let every = tsv_rows(&d, &[]);
    let two = tsv_rows(&d, &["--top", "2"]);
    assert_eq!(two.len(), 2, "--top 2 keeps two rows: {two:?}");
    assert_eq!(two[..], every[..2], "the best two, in the same order");
    assert_eq!(tsv_rows(&d, &["--top", "0"]).len(), 0);
    assert_eq!(tsv_rows(&d, &["--all"]), every);
}

#[test]
fn write_logs_candidates_once_with_their_triage_score() {
    let d = desk();
    fd(&d, &["extract", "speech", "--top", "2", "--write"])
        .success()
        .stderr(predicate::str::contains(
            "2 candidate claim(s) logged, 0 already",
        ));
    fd(&d, &["extract", "speech", "--top", "2", "--write"])
        .success()
        .stderr(predicate::str::contains(
            "0 candidate claim(s) logged, 2 already",
        ));
    let files: Vec<_> = std::fs::read_dir(d.path().join("claims"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 2);
    let json = fd(&d, &["list", "--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let with_figures = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["quote"].as_str().unwrap().starts_with("Unemployment"))
        .unwrap();
    assert_eq!(with_figures["status"], "candidate");
    assert_eq!(
        with_figures["triage"]["model"],
        factdesk::extract::MODEL_VERSION
    );
    assert!(with_figures["triage"]["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn write_needs_a_desk_source_and_options_are_checked() {
    let d = desk();
    fd(&d, &["extract", "speech.txt", "--write"])
        .code(2)
        .stderr(predicate::str::contains(
            "add it first with `factdesk source add",
        ));
    fd(&d, &["extract", "nope"])
        .code(2)
        .stderr(predicate::str::contains("no source \"nope\""));
    let all = fd(&d, &["extract", "speech", "--all"])
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(all).unwrap().contains("5 of 5 sentences"));
    let high = fd(&d, &["extract", "speech", "--min-score", "0.99"])
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(high)
        .unwrap()
        .contains("0 of 5 sentences"));
}

#[test]
fn a_word_document_given_directly_is_ranked_from_its_text() {
    let d = desk();
    let docx = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/transcripts/radio-interview.docx");
    std::fs::copy(&docx, d.path().join("radio-interview.docx")).unwrap();
    let out = fd(&d, &["extract", "radio-interview.docx", "--format", "json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let candidates = v["candidates"].as_array().unwrap();
    assert!(!candidates.is_empty(), "{v}");
    // The document's sentences, with its speakers.
    assert_eq!(
        candidates[0]["sentence"],
        "Container traffic rose 7 percent last year."
    );
    assert_eq!(candidates[0]["speaker"], "Lena Fischer");
    // An extension that names no layout is refused with what to do.
    std::fs::write(d.path().join("notes.pdf"), "A: Hello.\n").unwrap();
    fd(&d, &["extract", "notes.pdf"])
        .code(2)
        .stderr(predicate::str::contains(
            "cannot tell the layout of notes.pdf",
        ))
        .stderr(predicate::str::contains(".tsv or .docx"));
}

#[test]
fn a_bare_file_says_how_its_labels_were_read() {
    let d = TempDir::new().unwrap();
    let debate = "MODERATOR (LESTER HOLT): Good evening.\n\
        DONALD TRUMP: We lost 70,000 factories since 2001.\n\
        HOLT: Mr. Trump, your answer on trade?\n\
        UNIDENTIFIED MALE: The deficit was 600 billion dollars.\n\
        Q. Did the plant close in 2019?\n";
    std::fs::write(d.path().join("debate.txt"), debate).unwrap();
    let out = fd(&d, &["extract", "debate.txt", "--format", "json"])
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("note: debate.txt: labels read as: Holt = Moderator (LESTER HOLT)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "labels naming nobody, ranked without a speaker: Unidentified Male (1 turn at line 4), Q (1 turn at line 5)"
        ),
        "{stderr}"
    );
    // The notes go to stderr: the JSON on stdout stays whole, and the
    // moderator's later turn is the moderator's.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let trade = (v["candidates"].as_array().unwrap().iter())
        .find(|c| c["sentence"].as_str().unwrap().contains("trade"))
        .unwrap();
    assert_eq!(trade["speaker"], "Moderator (LESTER HOLT)", "{v:#}");
    // A file whose every label names someone, as written, says nothing
    // (the fast model asked for: a build with the neural ranker and no
    // weights notes that `auto` fell back).
    std::fs::write(d.path().join("plain.txt"), SPEECH).unwrap();
    fd(&d, &["extract", "plain.txt", "--model", "fast"])
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn a_folder_given_as_the_transcript_is_named_as_one() {
    let d = desk();
    std::fs::create_dir(d.path().join("interviews")).unwrap();
    fd(&d, &["extract", "interviews", "--model", "fast"])
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read interviews: is a folder; only a regular file can be read",
        ))
        .stderr(predicate::str::contains("no source").not());
    // A source id is still a source id.
    fd(&d, &["extract", "speech", "--model", "fast"]).success();
}

/// Who `extract FILE --all --format tsv` gives each sentence to, in the
/// file's order: `(speaker, sentence)`, the speaker empty when nobody.
fn speakers_of(d: &TempDir, file: &str) -> Vec<(String, String)> {
    let out = fd(d, &["extract", file, "--all", "--format", "tsv"])
        .success()
        .get_output()
        .stdout
        .clone();
    let mut rows: Vec<(u32, String, String)> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].parse().unwrap(), f[2].to_string(), f[3].to_string())
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cmp(&b.2)));
    rows.into_iter().map(|(_, who, s)| (who, s)).collect()
}

#[test]
fn an_editors_note_is_not_the_speech_of_the_turn_before() {
    let d = TempDir::new().unwrap();
    let story = "Mayor Lee: We balanced the budget for the third year in a row.\n\n\
        Note: the city's own audit found a 12 million dollar shortfall in 2023.\n\n\
        Mayor Lee: The shortfall was covered by reserves.\n\n\
        Correction: An earlier version of this story misstated the reserves.\n";
    std::fs::write(d.path().join("story.txt"), story).unwrap();
    let got = speakers_of(&d, "story.txt");
    let of = |s: &str| got.iter().find(|(_, t)| t.contains(s)).unwrap().0.as_str();
    assert_eq!(of("third year"), "Mayor Lee", "{got:?}");
    assert_eq!(of("audit found"), "", "{got:?}");
    assert_eq!(of("covered by reserves"), "Mayor Lee", "{got:?}");
    assert_eq!(of("misstated"), "", "{got:?}");
}

#[test]
fn the_time_of_day_in_minutes_is_not_the_speech_of_the_turn_before() {
    let d = TempDir::new().unwrap();
    let minutes = "10:30: the meeting began with a quorum of seven members.\n\n\
        Councillor Abebe: The plan will raise 2 million dollars a year.\n\n\
        Councillor Stein: It will cost businesses 30 percent of their foot traffic.\n\n\
        11:15: the meeting adjourned after 45 minutes.\n";
    std::fs::write(d.path().join("minutes.txt"), minutes).unwrap();
    let got = speakers_of(&d, "minutes.txt");
    let of = |s: &str| got.iter().find(|(_, t)| t.contains(s)).unwrap().0.as_str();
    assert_eq!(of("foot traffic"), "Councillor Stein", "{got:?}");
    assert_eq!(of("adjourned"), "", "{got:?}");
}

#[test]
fn a_numbered_list_read_out_keeps_each_marker_with_its_item() {
    let d = TempDir::new().unwrap();
    let speech = "GOV. ALVAREZ: My plan is simple. 1. We cut taxes by 4 percent. 2. We built 300 miles of roads.\n\n\
        SEN. PARK: Look at section 4. i. The fund grew 12 percent. ii. The fund shrank in 2022.\n\n\
        GOV. ALVAREZ: The court finds: a. The lease was void. (b) Rent of $1.2 million is owed.\n";
    std::fs::write(d.path().join("speech.txt"), speech).unwrap();
    let got = speakers_of(&d, "speech.txt");
    let sentences: Vec<&str> = got.iter().map(|(_, s)| s.as_str()).collect();
    for s in [
        "1. We cut taxes by 4 percent.",
        "2. We built 300 miles of roads.",
        "Look at section 4.",
        "i. The fund grew 12 percent.",
        "ii. The fund shrank in 2022.",
        "The court finds: a. The lease was void.",
        "(b) Rent of $1.2 million is owed.",
    ] {
        assert!(sentences.contains(&s), "{s:?} in {sentences:?}");
    }
    assert_eq!(
        sentences.len(),
        8,
        "no sentence is only a marker: {sentences:?}"
    );
}

#[test]
fn callers_and_audience_members_are_never_one_speaker() {
    let d = TempDir::new().unwrap();
    // A phone-in, then a town hall's floor: each CALLER and each AUDIENCE
    // MEMBER may be someone else; the moderator and the court are one.
    let show = "HOST: You're on the air.\n\n\
        CALLER: My property taxes went up 30 percent last year.\n\n\
        HOST: Thanks. Next line.\n\n\
        CALLER: The hospital cut 200 beds in 2023.\n\n\
        MODERATOR: Questions from the floor.\n\n\
        AUDIENCE MEMBER: Crime is up 40 percent downtown.\n\n\
        REPORTER: Were 300 troops sent in May?\n\n\
        THE COURT: Sustained.\n";
    std::fs::write(d.path().join("show.txt"), show).unwrap();
    let got = speakers_of(&d, "show.txt");
    let of = |s: &str| got.iter().find(|(_, t)| t.contains(s)).unwrap().0.as_str();
    assert_eq!(of("30 percent"), "", "{got:?}");
    assert_eq!(of("200 beds"), "", "{got:?}");
    assert_eq!(of("40 percent"), "", "{got:?}");
    assert_eq!(of("300 troops"), "", "{got:?}");
    assert_eq!(of("Next line"), "Host", "{got:?}");
    assert_eq!(of("floor"), "Moderator", "{got:?}");
    assert_eq!(of("Sustained"), "The Court", "{got:?}");
    fd(&d, &["extract", "show.txt", "--model", "fast"])
        .success()
        .stderr(predicate::str::contains(
            "role labels, each turn a voice of its own (several people speak under them): Caller (2 turns at lines 3, 7), Audience Member (1 turn at line 11), Reporter (1 turn at line 13)",
        ));
}

#[test]
fn a_claim_from_a_callers_turn_needs_its_speaker_and_a_map_of_callers_warns() {
    let d = desk();
    std::fs::write(
        d.path().join("callin.txt"),
        "HOST: You're on the air.\n\nCALLER: The bridge has been closed for 14 months.\n\n\
         HOST: Next.\n\nCALLER: Rents doubled since 2019.\n",
    )
    .unwrap();
    fd(
        &d,
        &[
            "source",
            "add",
            "callin.txt",
            "--id",
            "callin",
            "--title",
            "Phone-in",
            "--outlet",
            "WXYZ",
        ],
    )
    .success();
    fd(
        &d,
        &[
            "claim",
            "add",
            "--source",
            "callin",
            "--quote",
            "Rents doubled since 2019.",
        ],
    )
    .code(2)
    .stderr(predicate::str::contains(
        "at line 7: the turn is under \"CALLER\", a role several people speak under",
    ));
    fd(&d, &["source", "speakers", "callin", "--map", "CALLER=Jane Roe"])
        .success()
        .stderr(predicate::str::contains(
            "the map gives every turn under CALLER to Jane Roe, but several people speak under a role label",
        ));
}

#[test]
fn a_reporters_words_between_quotations_are_never_the_speakers() {
    let d = TempDir::new().unwrap();
    // A Q&A print interview with the reporter's paragraphs between the
    // turns, then a wire story's paragraphs.
    let story = "Mayor Lee: We will not back down.\n\n\
        Council member Ray Ortiz said the plan would cost 300 jobs.\n\n\
        Mayor Lee: Nobody will lose a job.\n\n\
        She added that the budget was balanced. \"Reserves grew 4 percent in 2023,\" she said.\n\n\
        “That is simply false,” said Rep. Tom Hale, a Republican from Ohio. “The CBO found a $40 million gap.”\n\n\
        Ortiz disagreed. He added: \"We are 12 percent short.\"\n";
    std::fs::write(d.path().join("story.txt"), story).unwrap();
    let got = speakers_of(&d, "story.txt");
    let of = |s: &str| got.iter().find(|(_, t)| t.contains(s)).unwrap().0.as_str();
    assert_eq!(of("not back down"), "Mayor Lee", "{got:?}");
    assert_eq!(of("300 jobs"), "", "the reporter's: {got:?}");
    assert_eq!(of("budget was balanced"), "", "indirect speech: {got:?}");
    assert_eq!(of("she said"), "", "{got:?}");
    assert_eq!(of("simply false"), "Rep. Tom Hale", "{got:?}");
    assert_eq!(of("$40 million gap"), "Rep. Tom Hale", "{got:?}");
    assert_eq!(of("12 percent short"), "", "he: Ortiz or Hale? {got:?}");
    // The quotation stands alone as its sentence, without the attribution.
    assert!(
        got.contains(&(
            "Rep. Tom Hale".to_string(),
            "“That is simply false,”".to_string()
        )),
        "{got:?}"
    );
}

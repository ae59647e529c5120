//! Issue 10 regressions: the check asks the model's lists and the one YAML
//! 1.1 resolver, so bundled records with a single mistake get exactly the
//! diagnostics of that mistake.

use std::fs;
use std::path::Path;
use tempfile::TempDir;

pub fn bundled_desk() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(root.join("factdesk.yaml"), dir.path().join("factdesk.yaml")).unwrap();
    for sub in ["claims", "sources"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        for e in fs::read_dir(root.join(sub)).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                fs::copy(e.path(), dir.path().join(sub).join(e.file_name())).unwrap();
            }
        }
    }
    dir
}

pub fn check_json(desk: &Path) -> (i32, Vec<serde_json::Value>) {
    let out = crate::support::factdesk()
        .current_dir(desk)
        .env("FACTDESK_USER", "test")
        .args(["check", "--format", "json", "--no-cache"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap().clone();
    (out.status.code().unwrap(), diags)
}

#[test]
fn a_record_with_an_unknown_field_gets_no_false_noted_action() {
    let desk = bundled_desk();
    let file = desk
        .path()
        .join("claims/antoine-bondaz-is-a-researcher-1c156548.yaml");
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("action: noted"), "test needs a noted entry");
    fs::write(&file, format!("{text}bogus: 1\n")).unwrap();
    let (code, diags) = check_json(desk.path());
    assert_eq!(code, 1);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown-field"], "{diags:?}");
}

#[test]
fn date_prefixed_ids_and_file_names_are_not_yaml11_dates() {
    let desk = bundled_desk();
    let file = desk
        .path()
        .join("claims/bondaz-teaches-at-sciences-po-753ba0a0.yaml");
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("\ntags:\n"));
    let text = text.replacen(
        "\ntags:\n",
        "\ntags:\n  - 2025-03-05-brennan-press-conference\n  - 2024-06-13-forum.tsv\n  - 2024-06-13\n",
        1,
    );
    fs::write(&file, text).unwrap();
    let (_, diags) = check_json(desk.path());
    let flagged: Vec<String> = diags
        .iter()
        .filter(|d| d["code"] == "yaml11-ambiguous")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(flagged[0].contains("\"2024-06-13\""), "{flagged:?}");
}

#[test]
fn a_duplicate_id_points_also_at_the_other_record() {
    let desk = bundled_desk();
    let claims = desk.path().join("claims");
    let original = claims.join("bondaz-teaches-at-sciences-po-753ba0a0.yaml");
    fs::copy(&original, claims.join("bondaz-sciences-po-copy.yaml")).unwrap();
    let (code, diags) = check_json(desk.path());
    assert_eq!(code, 1);
    let dup: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "duplicate-id")
        .collect();
    assert_eq!(dup.len(), 2, "{diags:?}");
    let copy = dup
        .iter()
        .find(|d| d["file"] == "claims/bondaz-sciences-po-copy.yaml")
        .unwrap();
    let also = &copy["secondary"];
    assert_eq!(
        also["file"], "claims/bondaz-teaches-at-sciences-po-753ba0a0.yaml",
        "{copy}"
    );
    assert_eq!(
        (also["line"].as_u64(), also["column"].as_u64()),
        (Some(1), Some(5))
    );
    let human = crate::support::factdesk()
        .current_dir(desk.path())
        .args(["check", "--no-cache", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains(
            "  ::: claims/bondaz-teaches-at-sciences-po-753ba0a0.yaml:1:5: the same id\n"
        ),
        "{text}"
    );
}

/// Runs factdesk in `desk` as the editor `who`.
fn run(desk: &Path, who: &str, args: &[&str]) -> (i32, String, String) {
    let out = crate::support::factdesk()
        .current_dir(desk)
        .env("FACTDESK_USER", who)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn exit_codes_say_clean_findings_or_failure() {
    let desk = bundled_desk();
    let d = desk.path();
    let researching = "north-korea-s-defence-industry-2caaeb33";
    let in_review = "importing-north-korean-arms-breaches-fe8796d4";
    // 0: a clean check; a read-only command.
    assert_eq!(run(d, "ana", &["check", "--no-cache"]).0, 0);
    assert_eq!(run(d, "ana", &["show", researching]).0, 0);
    // 2: a claim that does not exist, named with the command that lists them.
    let (code, _, err) = run(d, "ana", &["show", "north-korean-defence-industry"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("factdesk list"), "{err}");
    // 2: a step the status does not allow.
    let (code, _, err) = run(d, "ana", &["publish", researching]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot publish a claim that is researching"),
        "{err}"
    );
    // 2: submit refused; each blocker on its own line with the command that
    // removes it; approvals never block submitting.
    let (code, _, err) = run(d, "ana", &["submit", researching]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("error: {researching}: cannot submit yet:\n")),
        "{err}"
    );
    assert!(
        err.contains("  - no rating (run `factdesk rate`)\n"),
        "{err}"
    );
    assert!(
        err.contains("  - no summary (give one with `factdesk rate --summary`)\n"),
        "{err}"
    );
    assert!(!err.contains("approval"), "{err}");
    // 2: publish refused for want of a second editor's approval.
    let (code, _, err) = run(d, "ana", &["publish", in_review]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("approval(s) by someone other than the rater"),
        "{err}"
    );
    assert!(err.contains("`factdesk review ID --approve`"), "{err}");
    // 1: problems found.
    let file = d.join(format!("claims/{researching}.yaml"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{text}sumary: typo\n")).unwrap();
    let (code, out, _) = run(d, "ana", &["check", "--no-cache"]);
    assert_eq!(code, 1, "{out}");
    fs::write(&file, &text).unwrap();
    // 1: fmt --check finds a record out of canonical form; 0 once formatted.
    fs::write(
        &file,
        text.replacen("status: researching", "status:   researching", 1),
    )
    .unwrap();
    assert_eq!(run(d, "ana", &["fmt", "--check"]).0, 1);
    assert_eq!(run(d, "ana", &["fmt"]).0, 0);
    assert_eq!(run(d, "ana", &["fmt", "--check"]).0, 0);
    // 2: not a desk; git questions outside a repository.
    let elsewhere = TempDir::new().unwrap();
    let (code, _, err) = run(elsewhere.path(), "ana", &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("factdesk init"), "{err}");
    let (code, _, err) = run(d, "ana", &["audit", "--since", "HEAD~1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("git init"), "{err}");
}

#[test]
fn writing_commands_refuse_what_check_refuses_with_checks_codes() {
    let desk = bundled_desk();
    let d = desk.path();
    let researching = "north-korea-s-defence-industry-2caaeb33";
    let file = d.join(format!("claims/{researching}.yaml"));
    let before = fs::read(&file).unwrap();
    let refusals: &[(&[&str], &str)] = &[
        (
            &["note", researching, "called the ministry \u{1b}[2J back"],
            "control-character",
        ),
        (
            &["note", researching, "source: \u{202E}txt.exe"],
            "bidi-control",
        ),
        (
            &["assign", researching, "--to", "Jo\u{7}"],
            "control-character",
        ),
        (
            &[
                "reply",
                researching,
                "--contacted",
                "Ministry \u{2066}press\u{2069} office",
                "--via",
                "email",
                "--deadline",
                "2023-09-20",
            ],
            "bidi-control",
        ),
        (
            &[
                "evidence",
                "add",
                researching,
                "--url",
                "https://www.sipri.org/yearbook",
                "--title",
                "SIPRI Yearbook",
                "--publisher",
                "SIPRI",
                "--stance",
                "supports",
                "--accessed",
                "2999-01-01",
            ],
            "date-in-future",
        ),
        (
            &[
                "evidence",
                "add",
                researching,
                "--url",
                "javascript:alert(document.cookie)",
                "--title",
                "x",
                "--publisher",
                "y",
                "--stance",
                "context",
            ],
            "bad-url",
        ),
        (
            &[
                "evidence",
                "add",
                researching,
                "--url",
                "https://www.38north.org/",
                "--title",
                "38 North",
                "--publisher",
                "Stimson",
                "--stance",
                "supports",
                "--published",
                "2023-09-20",
                "--accessed",
                "2023-09-18",
            ],
            "accessed-before-published",
        ),
    ];
    for (args, code) in refusals {
        let (status, _, err) = run(d, "ana", args);
        assert_eq!(status, 2, "{args:?}: {err}");
        assert!(err.contains(&format!("error[{code}]")), "{args:?}: {err}");
        assert!(
            err.contains("would not pass `factdesk check`; nothing was written"),
            "{err}"
        );
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202E}'),
            "{err:?}"
        );
        assert_eq!(
            before,
            fs::read(&file).unwrap(),
            "{args:?} wrote the record"
        );
    }
    // A claim whose text holds a control character is never created.
    let (status, _, err) = run(
        d,
        "ana",
        &[
            "claim",
            "add",
            "--source",
            "lepoint-2023-09-14-bondaz",
            "--quote",
            "There was none.",
            "--claim",
            "China sent no\u{8} weapons",
        ],
    );
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("error[control-character]"), "{err}");
    let (code, diags) = check_json(d);
    assert_eq!(code, 0, "{diags:?}");
}

/// A scripted $EDITOR in `dir`: on the first pass it runs `change` on the
/// draft; on a reopened draft (problems listed on top) it keeps a copy in
/// `shown.txt` and gives up.
fn editor(dir: &Path, change: &str) -> String {
    let p = dir.join("ed.sh");
    let script = format!(
        "#!/bin/sh\nif grep -q '^# factdesk:' \"$1\"; then cp \"$1\" shown.txt; else {change}; fi\n"
    );
    fs::write(&p, script).unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&p)
        .status()
        .unwrap();
    p.display().to_string()
}

#[test]
fn edit_refuses_what_the_model_says_only_a_step_may_change_of_a_published_claim() {
    let d = crate::cli::Desk::new();
    let id = d.in_review();
    d.run_as("jo", &["review", &id, "--approve"]).success();
    d.run_as("jo", &["publish", &id]).success();
    let before = d.read(&id);
    // Who said a published quote changes only by correction (`correct
    // --speaker`), as the audit requires; the quote never changes.
    for (change, field, hint) in [
        (
            "sed -i 's/^speaker: .*/speaker: Le Point/' \"$1\"",
            "speaker",
            "`factdesk correct --speaker`",
        ),
        (
            "sed -i 's/^summary: .*/summary: Resolutions 1718 and 1874 bar it./' \"$1\"",
            "summary",
            "`factdesk correct --summary`",
        ),
        (
            "sed -i 's/^quote: .*/quote: There is a caricatured view that North Korea has weapons./' \"$1\"",
            "quote",
            "a different statement is a new claim",
        ),
        (
            "sed -i 's/^rating: .*/rating: inaccurate/' \"$1\"",
            "rating",
            "`factdesk correct --rating`",
        ),
    ] {
        let _ = fs::remove_file(d.path().join("shown.txt"));
        d.cmd(&["--by", "ana", "edit", &id])
            .env("EDITOR", editor(d.path(), change))
            .assert()
            .code(2);
        let shown = fs::read_to_string(d.path().join("shown.txt")).unwrap();
        assert!(
            shown.contains(&format!(
                "error[edit-forbidden-field]: `{field}` cannot be changed by editing"
            )),
            "{field}:\n{shown}"
        );
        assert!(shown.contains(hint), "{field}: {hint}\n{shown}");
        assert_eq!(d.read(&id), before, "{field}: nothing is written");
    }
    // What a published claim may change by hand is saved, with the entry
    // naming it, and the audit's rule and the edit's agree.
    d.cmd(&["--by", "ana", "edit", &id])
        .env(
            "EDITOR",
            editor(
                d.path(),
                "echo 'notes: Checked with the UN sanctions committee.' >> \"$1\"",
            ),
        )
        .assert()
        .success();
    let after = d.read(&id);
    assert!(
        after.contains("notes: Checked with the UN sanctions committee.\n"),
        "{after}"
    );
    assert!(after.contains("note: edited notes\n"), "{after}");
}

#[test]
fn hidden_characters_written_as_escapes_in_a_reply_are_reported() {
    let d = crate::cli::Desk::new();
    let id = d.add_claim();
    d.run(&["research", &id]).success();
    d.run(&[
        "reply",
        &id,
        "--contacted",
        "Ministry press office",
        "--via",
        "email",
        "--deadline",
        "2023-09-20",
    ])
    .success();
    let (code, diags) = check_json(d.path());
    assert_eq!(code, 0, "{diags:?}");
    // The record stays valid for its type, so check's fast path judges it.
    let file = d.claim_file(&id);
    let text = fs::read_to_string(&file).unwrap();
    let text = text
        .replacen(
            "contacted: Ministry press office",
            "contacted: \"Ministry \\u2066press\\u2069 office\"",
            1,
        )
        .replacen("via: email", "via: \"e\\u200Bmail\"", 1);
    fs::write(&file, &text).unwrap();
    let (code, diags) = check_json(d.path());
    assert_eq!(code, 1, "{diags:?}");
    let line = |field: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(field))
            .unwrap()
            + 1
    };
    for (c, field) in [
        ("bidi-control", "contacted:"),
        ("invisible-character", "via:"),
    ] {
        assert!(
            diags
                .iter()
                .any(|x| x["code"] == c && x["line"] == line(field)),
            "{c} at `{field}`: {diags:?}"
        );
    }
}

/// Text that still names a command outside `src/cli/`, each for a stated
/// reason: only data written into a desk file. Messages and hints that
/// name a command are the CLI's (a `Remedy`, `Diagnostic::said`, a `Said`,
/// or the CLI's own wording of a typed error). A new entry needs a reason.
const COMMAND_TEXT_OUTSIDE_THE_CLI: &[(&str, &str)] = &[
    // Data, not a message: the text of the marker file an interrupted
    // report leaves in reports/, read by whoever opens the folder (no
    // command prints it; `report --check` reports the file as `partial`).
    ("src/report/mod.rs", "A `factdesk report` run stopped"),
    // Data, not a message: a comment in the .gitignore that `init` writes
    // into the desk, read in the file by whoever opens it.
    ("src/store/mod.rs", "(`factdesk report --internal`)"),
];

/// Hints that name commands are the CLI's (`src/cli/remedy.rs`): no
/// library module writes a command line into a hint; they say which step
/// fixes a problem, as data (`diag::Remedy`).
#[test]
fn the_library_writes_no_command_line_into_its_hints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("src")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.ends_with("src/cli") {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 100, "{}", files.len());
    for f in files {
        let rel = f.strip_prefix(root).unwrap().display().to_string();
        let text = fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let allowed = COMMAND_TEXT_OUTSIDE_THE_CLI
                .iter()
                .any(|(file, words)| rel == *file && code.contains(words));
            assert!(
                allowed || !code.contains("`factdesk "),
                "{rel}:{}: a hint names a command; give it a Remedy instead: {line}",
                n + 1
            );
        }
    }
}

/// What reads a file, lists a folder or asks the file system about an entry.
const FILE_IO: &[&str] = &[
    "std::fs",
    "fs::",
    "File::open",
    "OpenOptions",
    "read_dir",
    "read_capped",
    "read_regular",
    "read_input_file",
    "read_fresh",
    "read_to_string",
    "read_to_end",
    "symlink_metadata",
    ".metadata(",
    "files.read(",
    "Templates::load",
];

/// `check` is pure rules over the desk the store loads (`store::desk_files`
/// and the one cache): no file under src/check/ reads a file, lists a
/// folder or calls a store reader itself.
#[test]
fn check_does_no_file_io_of_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("src/check")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 15, "{}", files.len());
    for f in files {
        let rel = f.strip_prefix(root).unwrap().display().to_string();
        let text = fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let found = FILE_IO.iter().find(|w| code.contains(*w));
            assert!(
                found.is_none(),
                "{rel}:{}: check reads a file itself ({}); ask the store's loader: {line}",
                n + 1,
                found.unwrap()
            );
        }
    }
}

/// The audit's hints that name commands read as they did when the audit
/// wrote them itself.
#[test]
fn the_audits_hints_read_as_before() {
    let r = crate::git::Repo::new();
    let (published, _) = crate::tamper::desk_in(&r);
    let file = r.path(&crate::git::claim_file(&published));
    let text = fs::read_to_string(&file).unwrap();
    let text = text.replacen(
        "speaker: Antoine Bondaz\n",
        "speaker: Antoine Bondaz (researcher)\n",
        1,
    ) + "notes: Checked by phone.\n";
    assert!(text.contains("(researcher)"), "{text}");
    fs::write(&file, text).unwrap();
    r.commit("speaker and notes by hand");
    let a = r.fd(&["audit", "--since", "base", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let hints: Vec<(String, String)> = doc
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"))
        .iter()
        .map(|d| {
            (
                d["message"].as_str().unwrap_or("").to_string(),
                d["hint"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let hint = |field: &str| {
        hints
            .iter()
            .find(|(m, _)| m.contains(&format!("field `{field}`")))
            .map(|(_, h)| h.clone())
            .unwrap_or_else(|| panic!("no finding on {field}: {hints:#?}"))
    };
    assert_eq!(
        hint("speaker"),
        "undo the edit, then correct in the open: `factdesk correct ID --speaker NAME --note \"…\"`"
    );
    assert_eq!(
        hint("notes"),
        "undo the edit and make it with `factdesk edit ID`, which records an `edited` entry naming the field"
    );
}

#[test]
fn hints_that_name_commands_read_as_before() {
    let desk = bundled_desk();
    let file = desk
        .path()
        .join("claims/bondaz-teaches-at-sciences-po-753ba0a0.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let text = text.replacen("\ntags:\n", "\ntags:\n  - 2024-06-13\n", 1);
    fs::write(&file, text.replace('\n', "\r\n")).unwrap();
    let (_, diags) = check_json(desk.path());
    let hint = |code: &str| {
        diags
            .iter()
            .find(|d| d["code"] == code)
            .and_then(|d| d["hint"].as_str())
            .unwrap_or_else(|| panic!("no {code}: {diags:?}"))
            .to_string()
    };
    assert_eq!(
        hint("crlf-line-endings"),
        "run `factdesk fmt`, or set `* text eol=lf` in .gitattributes"
    );
    assert_eq!(
        hint("yaml11-ambiguous"),
        "quote it: \"2024-06-13\" (`factdesk fmt` does it)"
    );
}

/// The desk's order has one owner (`model::DeskKey`): claims quoting the same
/// line of a transcript are listed by their start anchor, then by id, as the
/// report orders them, instead of by id alone.
#[test]
fn claims_on_one_line_are_listed_by_their_anchor_then_id() {
    let d = crate::report_desk::empty();
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.500\n<v Jane Roe>Unemployment fell to 7.1 percent last year.\n";
    d.source("deb", "vtt", "vtt", None, vtt);
    for (id, start) in [
        ("aa-late", Some("00:00:03.000")),
        ("zz-early", Some("00:00:01.000")),
        ("mm-none", None),
    ] {
        let loc = match start {
            Some(s) => format!("{{line: 4, start: \"{s}\"}}"),
            None => "{line: 4}".to_string(),
        };
        d.claim(
            id,
            &format!(
                "claim: Unemployment fell to 7.1 percent\nquote: Unemployment fell to 7.1 percent last year.\nspeaker: Jane Roe\nsource: deb\nlocation: {loc}\nstatus: candidate\n{}",
                crate::report_desk::history("")
            ),
        );
    }
    let out = d.cmd(&["list"]).success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    let order: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.contains('-'))
        .collect();
    assert_eq!(order, ["mm-none", "zz-early", "aa-late"], "{text}");
    let json = d
        .cmd(&["list", "--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mm-none", "zz-early", "aa-late"]);
}

/// A line number past its field's range is said in the desk's words, not in
/// serde's (`as u128, expected a YAML value`), whether it is past `u32` or
/// past every integer the YAML reader holds.
#[test]
fn a_line_number_out_of_range_is_said_in_the_desks_words() {
    let d = crate::report_desk::small();
    for (number, words) in [
        ("99999999999", "the largest it can hold is 4294967295"),
        (
            "99999999999999999999999",
            "no field of a record holds a number that large",
        ),
    ] {
        let text = d.read("claims/candidate-one.yaml");
        let start = text.find("location: {line: ").unwrap() + "location: {line: ".len();
        let end = start + text[start..].find(',').unwrap();
        let edited = format!("{}{number}{}", &text[..start], &text[end..]);
        d.write("claims/candidate-one.yaml", &edited);
        let out = d
            .cmd(&["check", "--no-cache"])
            .code(1)
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(&format!("error[wrong-type]: `location.line` holds the number {number}, which is out of range: {words}")),
            "{out}"
        );
        assert!(
            !out.contains("u128") && !out.contains("YAML value"),
            "{out}"
        );
        d.write("claims/candidate-one.yaml", &text);
    }
}

/// The JSON Schema editors validate against and `check` accept the same
/// range of line numbers: both come from the model's `Kind` bounds.
#[test]
fn the_json_schema_and_check_agree_on_a_lines_range() {
    let d = crate::report_desk::small();
    let schema = d
        .cmd(&["schema", "claim"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let schema: serde_json::Value = serde_json::from_slice(&schema).unwrap();
    let line = &schema["properties"]["location"]["properties"]["line"];
    let (min, max) = (
        line["minimum"].as_u64().unwrap(),
        line["maximum"].as_u64().unwrap(),
    );
    let text = d.read("claims/candidate-one.yaml");
    let start = text.find("location: {line: ").unwrap() + "location: {line: ".len();
    let end = start + text[start..].find(',').unwrap();
    let check_line = |n: u64| {
        d.write(
            "claims/candidate-one.yaml",
            &format!("{}{n}{}", &text[..start], &text[end..]),
        );
        let out = d.cmd(&["check", "--no-cache"]).get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    for (n, refused) in [(min - 1, true), (min, false), (max, false), (max + 1, true)] {
        let out = check_line(n);
        let said = out.contains("error[wrong-type]: `location.line`")
            || out.contains("error[invalid-location]: `location.line`");
        assert_eq!(said, refused, "line {n}:\n{out}");
    }
    d.write("claims/candidate-one.yaml", &text);
}

/// Diagnostics point where the YAML parser read the field, in any layout
/// YAML allows: a flow mapping over several lines, a quoted key written with
/// an escape, a key written as `? key`. (A lexical reading of block YAML
/// pointed at the mapping's `{` or at the record's first line.)
#[test]
fn problems_are_placed_where_the_parser_read_them_in_any_layout() {
    let d = crate::report_desk::small();
    let text = d.read("claims/candidate-one.yaml");
    let location = "location: {line: 7, start: \"00:00:05.000\", end: \"00:00:09.250\"}\n";
    assert!(text.contains(location), "{text}");
    for (layout, edited, place) in [
        (
            "a flow mapping over several lines",
            text.replace(
                location,
                "location: {\n  line: 7, start: \"00:00:05.000\",\n  end: \"00:00:09.250\",\n  bogus: 1 }\n",
            ),
            ":9:3",
        ),
        (
            "a quoted key with an escape",
            text.replace("status: candidate", "\"st\\x61tus\": candidat"),
            ":7:14",
        ),
        (
            "an explicit key",
            text.replace("status: candidate", "? status\n: candidat"),
            ":8:3",
        ),
    ] {
        d.write("claims/candidate-one.yaml", &edited);
        let out = d.cmd(&["check", "--no-cache"]).code(1).get_output().stdout.clone();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(&format!("claims/candidate-one.yaml{place}")),
            "{layout}: expected {place}\n{edited}\n{out}"
        );
    }
    d.write("claims/candidate-one.yaml", &text);
}

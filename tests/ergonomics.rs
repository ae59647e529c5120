//! End-to-end tests of everyday ergonomics: editing by hand, schemas for
//! editors, shell integration, scripting conventions, finding things, status.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use tempfile::TempDir;

const INTERVIEW: &str = "Le Point: What can North Korea hope to seek from Russia?\n\
Antoine Bondaz: North Korea doesn’t have much to offer. North Korea’s defense industry is not export-oriented.\n\
Le Point: And China?\n\
Antoine Bondaz: In February, everyone explained that China was going to deliver weapons to Russia. There was none.\n";

pub(crate) struct Desk {
    dir: TempDir,
}

impl Desk {
    pub(crate) fn new() -> Desk {
        let d = Desk {
            dir: TempDir::new().unwrap(),
        };
        d.ok(&["init", "."]);
        std::fs::write(d.path().join("itv.txt"), INTERVIEW).unwrap();
        d.ok(&[
            "source",
            "add",
            "itv.txt",
            "--id",
            "itv",
            "--title",
            "T",
            "--outlet",
            "O",
            "--published",
            "2023-09-14",
        ]);
        d
    }
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
    pub(crate) fn cmd(&self, args: &[&str]) -> Command {
        let mut c = crate::support::factdesk();
        c.current_dir(self.path())
            .env("FACTDESK_USER", "ana")
            .args(args);
        c
    }
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        String::from_utf8(
            self.cmd(args)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone(),
        )
        .unwrap()
    }
    pub(crate) fn add(&self, quote: &str, claim: &str) -> String {
        self.ok(&[
            "claim", "add", "--source", "itv", "--quote", quote, "--claim", claim,
        ])
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_string()
    }
    pub(crate) fn read(&self, id: &str) -> String {
        std::fs::read_to_string(self.path().join(format!("claims/{id}.yaml"))).unwrap()
    }
    /// A scripted $EDITOR: a shell script run on the file.
    pub(crate) fn editor(&self, name: &str, script: &str) -> String {
        let p = self.path().join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::process::Command::new("chmod")
            .arg("+x")
            .arg(&p)
            .status()
            .unwrap();
        p.display().to_string()
    }
}

#[test]
fn edit_saves_a_valid_change_with_a_history_entry() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    let ed = d.editor(
        "ed.sh",
        "sed -i 's/^claim: .*/claim: North Korea has little to offer Russia/' \"$1\"",
    );
    d.cmd(&["edit", &id])
        .env("EDITOR", &ed)
        .assert()
        .success()
        .stdout(predicate::str::contains("edited claim by ana"));
    let rec = d.read(&id);
    assert!(
        rec.contains("claim: North Korea has little to offer Russia\n"),
        "{rec}"
    );
    assert!(
        rec.contains("action: edited\n    note: edited claim\n"),
        "{rec}"
    );
}

#[test]
fn an_invalid_edit_is_reopened_with_the_problems_and_nothing_is_written_until_fixed() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    let before = d.read(&id);
    // First pass breaks the quote; the second sees the problems on top, keeps
    // a copy, and fixes the quote.
    let ed = d.editor(
        "ed.sh",
        "if grep -q '^# factdesk:' \"$1\"; then cp \"$1\" shown.txt; sed -i '/^# factdesk:/d; s/^quote: .*/quote: \"North Korea’s defense industry is not export-oriented.\"/' \"$1\"; else sed -i 's/^quote: .*/quote: North Korea has much to offer./' \"$1\"; fi",
    );
    d.cmd(&["edit", &id]).env("VISUAL", &ed).assert().success();
    let shown = std::fs::read_to_string(d.path().join("shown.txt")).unwrap();
    assert!(
        shown.contains(
            "# factdesk: - error[quote-not-found]: the quote does not occur in the transcript"
        ),
        "{shown}"
    );
    assert!(shown.contains("closest passage, line 2"), "{shown}");
    let rec = d.read(&id);
    assert_ne!(before, rec);
    assert!(
        rec.contains("quote: North Korea’s defense industry is not export-oriented.\n"),
        "{rec}"
    );
    assert!(!rec.contains("# factdesk"), "{rec}");
}

#[test]
fn edit_refuses_workflow_fields_and_gives_up_when_saved_unchanged() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    let before = d.read(&id);
    let ed = d.editor("ed.sh", "sed -i 's/^status: .*/status: published/' \"$1\"");
    d.cmd(&["edit", &id])
        .env("EDITOR", &ed)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "abandoned; the record is unchanged",
        ));
    assert_eq!(before, d.read(&id));
    d.cmd(&["edit", &id])
        .env_remove("EDITOR")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("set VISUAL or EDITOR"));
}

#[test]
fn edit_reports_its_problems_with_the_codes_check_uses() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    d.ok(&["research", &id]);
    d.ok(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://www.sipri.org/databases/armstransfers",
        "--title",
        "SIPRI Arms Transfers Database",
        "--publisher",
        "SIPRI",
        "--stance",
        "supports",
        "--accessed",
        "2023-09-20",
    ]);
    let before = d.read(&id);
    // First pass: an over-long claim, a javascript: link and a comment in the
    // body; second pass: keep what was shown and save unchanged (abandon).
    let ed = d.editor(
        "ed.sh",
        "if grep -q '^# factdesk:' \"$1\"; then cp \"$1\" shown.txt; else sed -i 's|^claim: .*|claim: North Korea has little to offer Russia beyond artillery shells and old rockets, say analysts|; s|url: https://www.sipri.org/databases/armstransfers|url: javascript:alert(1)|; s|^status: |# checked with SIPRI\\nstatus: |' \"$1\"; fi",
    );
    d.cmd(&["edit", &id]).env("EDITOR", &ed).assert().code(2);
    let shown = std::fs::read_to_string(d.path().join("shown.txt")).unwrap();
    for code in ["claim-too-long", "bad-url", "comment-in-body"] {
        assert!(shown.contains(&format!("error[{code}]")), "{code}: {shown}");
    }
    for gone in ["claim-text-length", "evidence-url"] {
        assert!(!shown.contains(gone), "{gone}: {shown}");
    }
    assert_eq!(before, d.read(&id));
}

#[test]
fn edit_never_overwrites_a_change_made_meanwhile() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    // The editor session races with another command changing the record.
    let ed = d.editor(
        "ed.sh",
        &format!("FACTDESK_USER=jo {} assign {id} --to max >/dev/null; sed -i 's/^claim: .*/claim: Changed/' \"$1\"", crate::support::bin().display()),
    );
    d.cmd(&["edit", &id])
        .env("EDITOR", &ed)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("changed by someone else"));
    let rec = d.read(&id);
    assert!(
        rec.contains("assignee: max") && !rec.contains("claim: Changed"),
        "{rec}"
    );
}

#[test]
fn schemas_describe_records_and_init_wires_editors() {
    let d = Desk::new();
    let s: serde_json::Value = serde_json::from_str(&d.ok(&["schema", "claim"])).unwrap();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(s["properties"]["rating"]["enum"][0], "accurate");
    assert!(s["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "quote"));
    // The records and the draft `factdesk edit` opens are both mapped.
    let settings: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join(".vscode/settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        settings["yaml.schemas"]["./schemas/claim.schema.json"],
        serde_json::json!(["claims/*.yaml", ".factdesk/edit/*.yaml"]),
        "{settings}"
    );
    assert!(d.path().join("schemas/source.schema.json").is_file());
    assert!(
        std::fs::read_to_string(d.path().join(".helix/languages.toml"))
            .unwrap()
            .contains(
                r#""schemas/claim.schema.json" = ["claims/*.yaml", ".factdesk/edit/*.yaml"]"#
            )
    );
}

#[test]
fn completions_and_man_pages_come_from_the_clap_definitions() {
    let d = Desk::new();
    for (shell, needle) in [
        ("bash", "_factdesk()"),
        ("zsh", "#compdef factdesk"),
        ("fish", "complete -c factdesk"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        assert!(d.ok(&["completions", shell]).contains(needle), "{shell}");
    }
    assert!(d.ok(&["man"]).contains(".TH factdesk 1"));
    let out = d.path().join("man");
    d.ok(&["man", "--out", out.to_str().unwrap()]);
    assert!(out.join("factdesk-evidence-add.1").is_file());
    man_pages_are_complete_and_name_only_written_pages(&out);
    // Dynamic completion of claim ids.
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    let got = d
        .cmd(&["--", "factdesk", "show", "north"])
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(got).unwrap().contains(&id));
}

#[test]
fn search_similar_and_status_answer_in_text_and_json() {
    let d = Desk::new();
    let a = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer Russia",
    );
    let b = d.add(
        "In February, everyone explained that China was going to deliver weapons to Russia.",
        "China was said to be about to deliver weapons to Russia",
    );
    d.ok(&["note", &b, "Check the SIPRI arms transfer database."]);
    assert!(d.ok(&["search", "sipri"]).contains(&b));
    let hits: serde_json::Value =
        serde_json::from_str(&d.ok(&["search", "RUSSIA", "--json"])).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 2);
    assert_eq!(d.ok(&["search", "drones"]).trim(), "No claims match.");
    // A near-duplicate gets a hint when it is logged, and `similar` finds it.
    let out = d.ok(&[
        "claim",
        "add",
        "--source",
        "itv",
        "--quote",
        "North Korea doesn’t have much to offer.",
        "--claim",
        "North Korea has little to offer to Russia",
    ]);
    assert!(out.contains(&format!("alike {a}")), "{out}");
    let sim: serde_json::Value = serde_json::from_str(&d.ok(&["similar", &a, "--json"])).unwrap();
    assert!(sim[0]["score"].as_f64().unwrap() > 0.5);
    let st: serde_json::Value = serde_json::from_str(&d.ok(&["status", "--json"])).unwrap();
    assert_eq!(st["counts"]["candidate"], 3);
    assert_eq!(st["check"]["errors"], 0);
    assert!(st["stale_reports"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f.as_str().unwrap().contains("index.html")));
    d.ok(&["assign", &a]);
    assert!(d
        .ok(&["status"])
        .contains(&format!("Assigned to ana (1):\n  candidate    {a}  ana")));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    let always = d.ok(&["--color", "always", "show", &id]);
    assert!(always.contains("\x1b["));
    assert!(
        !d.ok(&["show", &id]).contains("\x1b["),
        "piped output has no colour"
    );
    let with_env = d
        .cmd(&["--color", "auto", "show", &id])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(with_env).unwrap().contains("\x1b["));
}

#[test]
fn data_goes_to_stdout_errors_to_stderr_and_a_closed_pipe_is_quiet() {
    let d = Desk::new();
    for i in 0..30 {
        d.add(
            "North Korea doesn’t have much to offer.",
            &format!("Claim number {i}"),
        );
    }
    d.cmd(&["show", "nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no claim \"nope\""));
    let mut child = crate::support::factdesk_std()
        .current_dir(d.path())
        .args(["list", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head` closing early
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_groups_commands_by_workflow_step() {
    let d = Desk::new();
    let help = d.ok(&["--help"]);
    let order: Vec<usize> = [
        "Start a desk:",
        "Log claims:",
        "Research:",
        "Verdict and review:",
        "Find and read:",
        "Editors and shells:",
    ]
    .iter()
    .map(|h| {
        help.find(h)
            .unwrap_or_else(|| panic!("{h} missing:\n{help}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{help}");
}

/// stdout and stderr of `factdesk ARGS` with the environment `env` set.
fn streams(d: &Desk, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut c = d.cmd(args);
    c.env("TERM", "xterm-256color");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn colour_follows_clicolor_force_term_dumb_and_no_color_on_both_streams() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    // CLICOLOR_FORCE colours a pipe, on stdout and on stderr, and the
    // colours on stderr are real escapes, not escaped text.
    let (out, _) = streams(&d, &["show", &id], &[("CLICOLOR_FORCE", "1")]);
    assert!(out.contains("\x1b["), "{out}");
    let (_, err) = streams(&d, &["show", "nope"], &[("CLICOLOR_FORCE", "1")]);
    assert!(
        err.starts_with("\x1b[1;31merror:\x1b[0m no claim"),
        "{err:?}"
    );
    assert!(!err.contains("\\u{1b}"), "{err:?}");
    // NO_COLOR wins over CLICOLOR_FORCE; CLICOLOR_FORCE=0 forces nothing.
    for env in [
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")][..],
        &[("CLICOLOR_FORCE", "0")][..],
    ] {
        let (out, err) = streams(&d, &["show", &id], env);
        assert!(
            !out.contains('\x1b') && !err.contains('\x1b'),
            "{env:?}: {out}"
        );
    }
    // --color always still colours under NO_COLOR (an explicit request).
    let (out, _) = streams(
        &d,
        &["--color", "always", "show", &id],
        &[("NO_COLOR", "1")],
    );
    assert!(out.contains("\x1b["));

    // On a real terminal (util-linux `script` gives one): colour, except
    // with TERM=dumb or NO_COLOR.
    let have_script = crate::support::wrapper("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_script {
        eprintln!("skipped the terminal half: no `script` program");
        return;
    }
    let bin = crate::support::bin();
    let at_terminal = |env: &[(&str, &str)]| {
        let mut c = crate::support::wrapper("script");
        c.current_dir(d.path())
            .env("FACTDESK_USER", "ana")
            .env("TERM", "xterm-256color");
        for (k, v) in env {
            c.env(k, v);
        }
        let cmdline = format!("{} show {id}; {} show nope", bin.display(), bin.display());
        let out = c.args(["-qec", &cmdline, "/dev/null"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let tty = at_terminal(&[]);
    assert!(tty.contains("\x1b[1;31merror:"), "{tty:?}");
    for env in [&[("TERM", "dumb")][..], &[("NO_COLOR", "1")][..]] {
        let tty = at_terminal(env);
        assert!(
            tty.contains("no claim") && !tty.contains('\x1b'),
            "{env:?}: {tty:?}"
        );
    }
}

/// Every page has the EXIT STATUS, ENVIRONMENT and EXAMPLES sections, and
/// every `page(1)` it names is a page that was written.
fn man_pages_are_complete_and_name_only_written_pages(dir: &Path) {
    let pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(pages.len() > 30, "{pages:?}");
    assert!(!dir.join("factdesk-help.1").exists());
    for p in &pages {
        let text = std::fs::read_to_string(p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        for section in [
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(text.contains(section), "{name} has no {section}");
        }
        assert!(
            text.contains("FACTDESK_USER") && text.contains("NO_COLOR"),
            "{name}"
        );
        let mut rest = text.as_str();
        while let Some(at) = rest.find("(1)") {
            let before = &rest[..at];
            let start = before
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\\'))
                .map_or(0, |i| i + 1);
            let named = before[start..].replace("\\-", "-");
            assert!(
                dir.join(format!("{named}.1")).is_file(),
                "{name} names {named}(1), which was not written"
            );
            rest = &rest[at + 3..];
        }
    }
    let check = std::fs::read_to_string(dir.join("factdesk-check.1")).unwrap();
    assert!(
        check.contains("factdesk check \\-\\-format github")
            || check.contains("factdesk check --format github"),
        "{check}"
    );
}

#[test]
fn an_invalid_edit_lists_every_problem_of_the_record_at_once() {
    let d = Desk::new();
    let id = d.add(
        "North Korea doesn’t have much to offer.",
        "North Korea has little to offer",
    );
    let before = d.read(&id);
    // The first pass adds two broken links and a misspelt field; the second
    // keeps what it was shown and gives up (an empty file).
    let ed = d.editor(
        "ed.sh",
        r#"if grep -q '^# factdesk:' "$1"; then cp "$1" shown.txt; : > "$1"; else
sed -i 's/^status: candidate$/status: candidate\nsumary: North Korea sells old shells/' "$1"
cat >> "$1" <<'YAML'
evidence:
  - url: "ftp://kcna.kp/en/article/2023"
    title: KCNA on the visit
    publisher: KCNA
    accessed: 2023-09-15
    stance: context
  - url: "https://analyst:pw@38north.org/2023/09/kim-putin/"
    title: What Kim brings to Putin
    publisher: 38 North
    accessed: 2023-09-16
    stance: supports
YAML
fi"#,
    );
    d.cmd(&["edit", &id])
        .env("EDITOR", &ed)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("abandoned"));
    let shown = std::fs::read_to_string(d.path().join("shown.txt")).unwrap();
    let listed = |code: &str| {
        shown
            .matches(&format!("# factdesk: - error[{code}]"))
            .count()
    };
    assert_eq!(listed("unknown-field"), 1, "{shown}");
    assert_eq!(listed("bad-url"), 2, "{shown}");
    assert_eq!(before, d.read(&id));
}

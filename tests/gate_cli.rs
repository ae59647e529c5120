//! The no-bad-write property end to end: random command lines (note,
//! research, evidence add, assign, rate, submit, review either way, publish,
//! correct, discard, reply, tag, edit through $EDITOR) by random editors
//! with random hostile text, run by the real binary on a desk in a git
//! repository, each step committed. After every command `check` finds no
//! error, and a refused command left the desk's records as they were.
//! Fewer cases than the library version (`tests/gate.rs`): each step is a
//! process.

use crate::gate::{cases, hostile};
use crate::git::Repo;
use chrono::{Duration, Utc};
use proptest::prelude::*;
use std::path::Path;

const QUOTE: &str = "Russia needs shells badly.";

/// Hostile text that can be an argument (no NUL) and is not read as a flag.
fn arg() -> impl Strategy<Value = String> {
    hostile().prop_map(|t| t.replace('\0', "\u{1}"))
}

fn day() -> impl Strategy<Value = String> {
    (-300i64..40).prop_map(|d| (Utc::now().date_naive() + Duration::days(d)).to_string())
}

fn who() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["ana", "jo"]).prop_map(str::to_string),
        1 => arg(),
    ]
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://www.sipri.org/databases/armstransfers".to_string()),
        Just("javascript:alert(1)".to_string()),
        arg().prop_map(|t| format!("https://www.reuters.com/{t}")),
    ]
}

/// One command line, `ID` standing for the claim's id.
fn command() -> impl Strategy<Value = Vec<String>> {
    let rating = prop_oneof![
        3 => prop::sample::select(vec!["accurate", "false"]).prop_map(str::to_string),
        1 => arg(),
    ];
    let v = |parts: &[&str]| parts.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    prop_oneof![
        arg().prop_map(move |t| vec!["note".into(), "ID".into(), "--".into(), t]),
        Just(v(&["research", "ID"])),
        (url(), arg(), arg(), day()).prop_map(|(u, t, p, d)| vec![
            "evidence".into(),
            "add".into(),
            "ID".into(),
            format!("--url={u}"),
            format!("--title={t}"),
            format!("--publisher={p}"),
            "--stance=refutes".into(),
            format!("--accessed={d}"),
        ]),
        (arg(), day()).prop_map(|(to, due)| vec![
            "assign".into(),
            "ID".into(),
            format!("--to={to}"),
            format!("--due={due}")
        ]),
        (rating.clone(), arg()).prop_map(|(r, s)| vec![
            "rate".into(),
            "ID".into(),
            r,
            format!("--summary={s}")
        ]),
        Just(v(&["submit", "ID"])),
        prop::option::of(arg()).prop_map(|n| {
            let mut c = vec!["review".to_string(), "--approve".into(), "ID".into()];
            c.extend(n.map(|n| format!("--note={n}")));
            c
        }),
        arg().prop_map(|n| vec![
            "review".into(),
            "--request-changes".into(),
            "ID".into(),
            format!("--note={n}")
        ]),
        Just(v(&["publish", "ID"])),
        (arg(), prop::option::weighted(0.3, rating), any::<bool>()).prop_map(|(n, r, update)| {
            let mut c = vec!["correct".to_string(), "ID".into(), format!("--note={n}")];
            c.extend(r.map(|r| format!("--rating={r}")));
            if update {
                c.push("--update".into());
            }
            c
        }),
        arg().prop_map(|r| vec!["discard".into(), "ID".into(), format!("--reason={r}")]),
        (arg(), arg(), day()).prop_map(|(c, via, d)| vec![
            "reply".into(),
            "ID".into(),
            format!("--contacted={c}"),
            format!("--via={via}"),
            format!("--deadline={d}")
        ]),
        arg().prop_map(|a| vec!["reply".into(), "ID".into(), format!("--answer={a}")]),
        arg().prop_map(|t| vec!["tag".into(), "add".into(), "ID".into(), t]),
        (
            prop::sample::select(vec![
                "claim", "notes", "summary", "speaker", "said_on", "tags"
            ]),
            arg()
        )
            .prop_map(|(k, raw)| vec!["edit".into(), "ID".into(), format!("{k}: {raw}")]),
    ]
}

/// The claims' and sources' bytes.
fn records(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["claims", "sources"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

/// Check's errors on the desk.
fn check_errors(root: &Path) -> Vec<serde_json::Value> {
    let out = crate::support::factdesk()
        .current_dir(root)
        .env("NO_COLOR", "1")
        .args(["check", "--format", "json", "--no-cache"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect()
}

/// Runs one command line by `who`; `edit KEY: RAW` sets that line of the
/// record through an $EDITOR that saves once.
fn run(repo: &Repo, id: &str, who: &str, line: &[String]) -> bool {
    let mut args: Vec<String> = vec![format!("--by={who}")];
    let mut cmd = crate::support::factdesk();
    crate::git::isolate(&mut cmd).current_dir(&repo.dir);
    if line[0] == "edit" {
        let file = repo.path(&format!("claims/{id}.yaml"));
        let text = std::fs::read_to_string(&file).unwrap();
        let (key, _) = line[2].split_once(':').unwrap();
        let edited = set_line(&text, key, &line[2]);
        // Inside .git: outside the desk and its commits.
        let dir = repo.dir.join(".git/factdesk-test-editor");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("new.yaml"), edited).unwrap();
        let _ = std::fs::remove_file(dir.join("done"));
        let script = dir.join("save-once.sh");
        std::fs::write(
            &script,
            format!(
                "[ -e '{0}/done' ] && exit 0\ncp '{0}/new.yaml' \"$1\" && touch '{0}/done'\n",
                dir.display()
            ),
        )
        .unwrap();
        cmd.env("EDITOR", format!("sh {}", script.display()));
        args.extend(["edit".to_string(), id.to_string()]);
    } else {
        args.extend(
            line.iter()
                .map(|a| if a == "ID" { id.to_string() } else { a.clone() }),
        );
    }
    cmd.args(&args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
        .status
        .success()
}

/// `text` with its top-level line `key: …` replaced by `line` (or added).
fn set_line(text: &str, key: &str, line: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    for l in text.split_inclusive('\n') {
        if !done && l.starts_with(&format!("{key}:")) {
            out.push_str(line);
            out.push('\n');
            done = true;
        } else {
            out.push_str(l);
        }
    }
    if !done {
        out.push_str(line);
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(cases(6))]

    #[test]
    fn no_command_writes_a_record_check_rejects(
        published in any::<bool>(),
        steps in prop::collection::vec((who(), command()), 1..9),
    ) {
        let repo = Repo::new();
        let id = repo.add_claim(QUOTE);
        if published {
            repo.publish(&id);
        }
        repo.commit("claim");
        for (who, line) in steps {
            let before = records(&repo.dir);
            let ok = run(&repo, &id, &who, &line);
            if !ok {
                prop_assert!(before == records(&repo.dir), "refused {line:?} by {who:?} changed the desk");
            }
            repo.commit(&line[0]);
            let errors = check_errors(&repo.dir);
            prop_assert!(
                errors.is_empty(),
                "after {line:?} by {who:?} (exit ok: {ok}):\n{}\n{errors:#?}",
                std::fs::read_to_string(repo.path(&format!("claims/{id}.yaml"))).unwrap()
            );
        }
    }
}

/// Regression (found by the library property): `edit` recorded who edited
/// without putting the name through check's rules, so an editor name with
/// a terminal escape in it was written into the `edited` entry.
#[test]
fn an_edit_by_a_name_check_rejects_writes_nothing() {
    let repo = Repo::new();
    let id = repo.add_claim(QUOTE);
    let file = repo.path(&format!("claims/{id}.yaml"));
    let before = std::fs::read(&file).unwrap();
    let line = vec![
        "edit".to_string(),
        "ID".into(),
        "claim: Russia is short of artillery shells".into(),
    ];
    assert!(!run(&repo, &id, "\u{1b}[31mana", &line));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert!(run(&repo, &id, "ana", &line));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("claim: Russia is short of artillery shells\n"),
        "{text}"
    );
    assert!(text.contains("action: edited"), "{text}");
    assert!(check_errors(&repo.dir).is_empty());
}

/// Regression (found by the library property): `source add` wrote a title
/// holding a terminal escape, which `check` then rejected on every run.
#[test]
fn a_source_check_would_reject_is_not_added() {
    let repo = Repo::new();
    let t = repo.dir.join("second.txt");
    std::fs::write(&t, "Antoine Bondaz: Pyongyang sells shells to Moscow.\n").unwrap();
    let before = records(&repo.dir);
    let out = repo
        .fd(&[
            "source",
            "add",
            "second.txt",
            "--id",
            "lp-2",
            "--title",
            "Interview \u{1b}[2J part two",
            "--outlet",
            "Le Point",
        ])
        .failure()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("sources/lp-2.yaml"), "{err}");
    assert!(err.contains("control-character"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(records(&repo.dir), before);
    assert!(check_errors(&repo.dir).is_empty());
}

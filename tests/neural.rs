//! End-to-end tests of `factdesk extract --model`: the fast model stays the
//! default without the neural ranker, `--model neural` fails clearly when it
//! is not built or its weights are missing or damaged, `auto` says which
//! ranker ran, and (with `--features neural` and the weights installed by
//! `scripts/install-model.sh`) the neural ranker ranks a debate's claims
//! above its moderator, deterministically. Tests that need the weights print
//! that they are skipped, and why, when the weights are absent.

use predicates::prelude::*;
use tempfile::TempDir;

/// A short debate in the CLEF layout, with a moderator who addresses the
/// candidates by title, introduces segments and reads out a statement.
const DEBATE: &str = "1\tHOLT\tGood evening from Hofstra University in Hempstead, New York.\n\
2\tHOLT\tSecretary Clinton, you said in 2015 that the trade deal was the gold standard.\n\
3\tCLINTON\tWell, thank you, Lester, and thanks to Hofstra for hosting us.\n\
4\tCLINTON\tWe have added 15 million private-sector jobs since the Great Recession.\n\
5\tCLINTON\tI think we can do better, and I know we will.\n\
6\tTRUMP\tFord is leaving, thousands of jobs, leaving Michigan, leaving Ohio.\n\
7\tTRUMP\tOur trade deficit with China was almost $500 billion last year.\n\
8\tHOLT\tLet's turn to our next segment, achieving prosperity.\n\
9\tHOLT\tMr. Trump, your response?\n\
10\tTRUMP\tBelieve me, it's a disaster.\n";

fn folder() -> TempDir {
    let d = TempDir::new().unwrap();
    std::fs::write(d.path().join("debate.tsv"), DEBATE).unwrap();
    d
}

/// `factdesk extract` in `d`, with the weights looked up in `models`.
fn extract(d: &TempDir, models: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    crate::support::factdesk()
        .current_dir(d.path())
        .env("FACTDESK_MODEL_DIR", models)
        .arg("extract")
        .arg("debate.tsv")
        .args(args)
        .assert()
}

fn json(a: assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&a.success().get_output().stdout).unwrap()
}

#[test]
fn neural_missing_weights_fall_back_to_fast_or_fail_clearly() {
    let d = folder();
    let empty = d.path().join("no-models");
    let fast = json(extract(
        &d,
        &empty,
        &["--model", "fast", "--format", "json"],
    ));
    assert_eq!(fast["ranker"], "fast");
    assert_eq!(fast["model"], factdesk::extract::MODEL_VERSION);
    let auto = extract(&d, &empty, &["--format", "json"]).success();
    let out = auto.get_output();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v, fast,
        "auto without weights must be exactly the fast model"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let trained = factdesk::extract::neural::committed_head().is_ok();
    if cfg!(feature = "neural") {
        assert!(stderr.contains("ranked with the fast model"), "{stderr}");
        if trained {
            assert!(stderr.contains("install-model.sh"), "{stderr}");
        }
    } else {
        assert!(
            stderr.is_empty(),
            "a default build says nothing more: {stderr}"
        );
    }
    let why = if !cfg!(feature = "neural") {
        "built without the neural ranker"
    } else if trained {
        "weights are not installed"
    } else {
        "no trained neural head"
    };
    extract(&d, &empty, &["--model", "neural"])
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(why));
    extract(&d, &empty, &["--model", "fast"])
        .success()
        .stdout(predicate::str::contains("fast ranker, model cw-"));
}

#[test]
fn neural_damaged_weights_are_refused() {
    if !cfg!(feature = "neural") {
        skip(
            "neural_damaged_weights_are_refused",
            "built without the `neural` feature",
        );
        return;
    }
    let d = folder();
    let models = d.path().join("models");
    std::fs::create_dir(&models).unwrap();
    for f in ["model.safetensors", "tokenizer.json", "config.json"] {
        std::fs::write(models.join(f), "{}").unwrap();
    }
    extract(&d, &models, &["--model", "neural"])
        .code(2)
        .stderr(predicate::str::contains("SHA-256"))
        .stderr(predicate::str::contains("model.safetensors"))
        .stderr(predicate::str::contains("install-model.sh"));
}

/// The installed weights' directory, or `None` after saying why the test
/// is skipped.
fn installed(test: &str) -> Option<std::path::PathBuf> {
    if let Err(e) = factdesk::extract::neural::committed_head() {
        skip(test, &e.to_string());
        return None;
    }
    match factdesk::extract::neural::installed() {
        Ok(dir) => Some(dir),
        Err(e) => {
            skip(
                test,
                &format!("{e}; install them with scripts/install-model.sh"),
            );
            None
        }
    }
}

#[test]
fn neural_ranker_puts_claims_above_the_moderator_deterministically() {
    let Some(models) = installed("neural_ranker_puts_claims_above_the_moderator_deterministically")
    else {
        return;
    };
    let d = folder();
    let a = json(extract(
        &d,
        &models,
        &["--model", "neural", "--format", "json", "--all"],
    ));
    let b = json(extract(&d, &models, &["--format", "json", "--all"]));
    assert_eq!(
        a, b,
        "auto with the weights is the neural ranker, and runs repeat exactly"
    );
    assert_eq!(a["ranker"], "neural");
    let head = factdesk::extract::neural::committed_head().unwrap();
    let int16 = format!("{}+int16", head.version);
    assert_eq!(
        a["model"],
        int16.as_str(),
        "the default arithmetic is integer"
    );
    let reference = json(extract(
        &d,
        &models,
        &["--model", "neural-f32", "--format", "json", "--all"],
    ));
    assert_eq!(reference["ranker"], "neural");
    assert_eq!(reference["model"], head.version.as_str());
    let lines: Vec<&str> = a["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["line"].as_str().unwrap())
        .collect();
    let at = |l: &str| lines.iter().position(|x| *x == l).unwrap();
    for claim in ["4", "7"] {
        for host in ["1", "8", "9"] {
            assert!(
                at(claim) < at(host),
                "claim {claim} below moderator {host}: {lines:?}"
            );
        }
    }
    let reference_lines: Vec<&str> = reference["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["line"].as_str().unwrap())
        .collect();
    assert_eq!(
        reference_lines[..3],
        lines[..3],
        "f32 and int16 agree on the top 3"
    );
    extract(&d, &models, &["--model", "neural"])
        .success()
        .stdout(predicate::str::contains(format!(
            "neural ranker, model {int16}"
        )));
}

#[test]
fn neural_write_records_the_neural_model_version() {
    let Some(models) = installed("neural_write_records_the_neural_model_version") else {
        return;
    };
    let d = folder();
    let fd = |args: &[&str]| {
        crate::support::factdesk()
            .current_dir(d.path())
            .env("FACTDESK_USER", "ana")
            .env("FACTDESK_MODEL_DIR", &models)
            .args(args)
            .assert()
    };
    fd(&["init", "."]).success();
    fd(&[
        "source",
        "add",
        "debate.tsv",
        "--id",
        "debate",
        "--title",
        "First debate",
        "--outlet",
        "NBC",
    ])
    .success();
    fd(&[
        "extract", "debate", "--model", "neural", "--top", "2", "--write",
    ])
    .success()
    .stderr(predicate::str::contains("2 candidate claim(s) logged"));
    let head = factdesk::extract::neural::committed_head().unwrap();
    let claims: Vec<_> = std::fs::read_dir(d.path().join("claims"))
        .unwrap()
        .collect();
    assert_eq!(claims.len(), 2);
    for c in claims {
        let text = std::fs::read_to_string(c.unwrap().path()).unwrap();
        assert!(text.contains(&format!("{}+int16", head.version)), "{text}");
    }
}

/// Says on the real stderr (not captured by the test harness, so it shows
/// in every run) that a test is skipped, and why. With
/// `FACTDESK_NEURAL_REQUIRED` set (CI sets it once the weights installed),
/// a skip is a failure instead.
#[allow(dead_code)]
fn skip(test: &str, why: &str) {
    use std::io::Write;
    if std::env::var_os("FACTDESK_NEURAL_REQUIRED").is_some_and(|v| !v.is_empty()) {
        panic!("{test} cannot run although FACTDESK_NEURAL_REQUIRED is set: {why}");
    }
    let _ = writeln!(std::io::stderr(), "skipped {test}: {why}");
}
